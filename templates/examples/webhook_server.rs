//! A webhook endpoint that answers only requests Twilio signed:
//!
//! ```sh
//! TWILIO_AUTH_TOKEN=… PUBLIC_URL=https://your-host.example \
//!   cargo run -p openapi-client-runtime --features webhooks --example webhook_server
//! ```
//!
//! Point a phone number's messaging webhook at `PUBLIC_URL/sms`. Behind a
//! proxy or tunnel, `PUBLIC_URL` must be the URL Twilio calls: it is part of
//! what Twilio signs.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use openapi_client_runtime::twilio::webhook::{RequestValidator, Webhook};

struct State {
    validator: RequestValidator,
    public_url: String,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let Ok(token) = std::env::var("TWILIO_AUTH_TOKEN") else {
        eprintln!("set TWILIO_AUTH_TOKEN to the Auth Token of the account the webhooks are for");
        return std::process::ExitCode::FAILURE;
    };
    let address = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let public_url = std::env::var("PUBLIC_URL").unwrap_or_else(|_| format!("http://{address}"));
    let state = Arc::new(State {
        validator: RequestValidator::new(token),
        public_url: public_url.trim_end_matches('/').to_owned(),
    });
    let app = Router::new().route(
        "/sms",
        post(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = Arc::clone(&state);
            async move { sms(&state, &uri, &headers, &body) }
        }),
    );
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {address}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    eprintln!("listening on {address}; Twilio should call {public_url}/sms");
    match axum::serve(listener, app).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Answers with TwiML when the signature is Twilio's, 403 otherwise.
fn sms(state: &State, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> (StatusCode, String) {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let url = format!("{}{path}", state.public_url);
    let request = Webhook {
        url: &url,
        signature: header("x-twilio-signature").unwrap_or_default(),
        signature_settings: header("x-twilio-webhooks-signature-settings"),
        content_type: header("content-type"),
        body,
    };
    match state.validator.validate(&request) {
        Ok(()) => (
            StatusCode::OK,
            "<Response><Message>Received, and it was really from Twilio.</Message></Response>".to_owned(),
        ),
        Err(error) => {
            eprintln!("refused a webhook: {error}");
            (StatusCode::FORBIDDEN, String::new())
        }
    }
}
