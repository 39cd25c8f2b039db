//! Twilio webhooks in axum: a request is accepted only when Twilio signed it
//! (`X-Twilio-Signature`, checked with the Auth Token) and answered with
//! TwiML — `/voice` plays a menu, then says what the caller pressed; `/sms`
//! replies to a message.
//!
//! ```text
//! TWILIO_AUTH_TOKEN=… PUBLIC_URL=https://voice.example.com \
//!     cargo run -p client-tests --example twiml_webhook
//! ```
//!
//! `PUBLIC_URL` is the URL Twilio is configured to call, without the path:
//! Twilio signs the URL it requested, which behind a proxy or tunnel is not
//! the one the server sees. The test `tests/twiml_webhook.rs` serves this
//! router on loopback and calls it the way Twilio does.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use twilio_client::twiml::{self, Gather, GatherInput, Hangup, Message, MessagingResponse, Method, Say, VoiceResponse};
use twilio_client::webhook::{RequestValidator, Webhook, WebhookError};

#[derive(Clone)]
struct App {
    validator: RequestValidator,
    public_url: String,
}

/// The webhooks' routes: `POST /voice` and `POST /sms`.
pub fn router(auth_token: &str, public_url: &str) -> Router {
    let app = App {
        validator: RequestValidator::new(auth_token),
        public_url: public_url.trim_end_matches('/').to_owned(),
    };
    Router::new()
        .route("/voice", post(voice))
        .route("/sms", post(sms))
        .with_state(app)
}

impl App {
    /// Whether Twilio signed this request (`PUBLIC_URL` plus the path it requested).
    fn signed_by_twilio(&self, headers: &HeaderMap, uri: &Uri, body: &[u8]) -> Result<(), WebhookError> {
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        let path = uri.path_and_query().map_or("/", |p| p.as_str());
        let url = format!("{}{path}", self.public_url);
        let webhook = Webhook {
            url: &url,
            signature: header("x-twilio-signature").unwrap_or_default(),
            signature_settings: header("x-twilio-webhooks-signature-settings"),
            content_type: header("content-type"),
            body,
        };
        self.validator.validate(&webhook)
    }
}

fn param(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn twiml(document: String) -> Response {
    ([(header::CONTENT_TYPE, twiml::CONTENT_TYPE)], document).into_response()
}

async fn sms(State(app): State<App>, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
    if let Err(error) = app.signed_by_twilio(&headers, &uri, &body) {
        return (StatusCode::FORBIDDEN, error.to_string()).into_response();
    }
    let text = param(&body, "Body").unwrap_or_default();
    let reply = Message::new(format!("Got \"{text}\" — thanks!"));
    twiml(MessagingResponse::new().message(reply).to_xml())
}

async fn voice(State(app): State<App>, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
    if let Err(error) = app.signed_by_twilio(&headers, &uri, &body) {
        return (StatusCode::FORBIDDEN, error.to_string()).into_response();
    }
    let digits = param(&body, "Digits");
    let answer = match digits {
        Some(digits) => VoiceResponse::new()
            .say(Say::new(format!("You pressed {digits}. Goodbye!")))
            .hangup(Hangup::new()),
        None => VoiceResponse::new().gather(
            Gather::new()
                .input([GatherInput::Dtmf])
                .num_digits(1)
                .action("/voice")
                .method(Method::Post)
                .say(Say::new("Press a key, any key.")),
        ),
    };
    twiml(answer.to_xml())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let auth_token = std::env::var("TWILIO_AUTH_TOKEN").map_err(|_| "set TWILIO_AUTH_TOKEN")?;
    let public_url = std::env::var("PUBLIC_URL").map_err(|_| "set PUBLIC_URL (the URL Twilio calls, no path)")?;
    let address = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("answering {public_url}/voice on {address}");
    axum::serve(listener, router(&auth_token, &public_url)).await?;
    Ok(())
}
