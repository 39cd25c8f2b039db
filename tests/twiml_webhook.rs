//! The axum example (`examples/twiml_webhook.rs`) served on loopback and
//! called as Twilio calls it: a form POST signed with the Auth Token. The
//! signature is computed here from Twilio's documented scheme (HMAC-SHA1 of
//! the URL followed by the sorted parameters), not with the validator under
//! test.

use base64::Engine as _;
use hmac::{Hmac, Mac};

const AUTH_TOKEN: &str = "12345";

fn signature(url: &str, params: &[(&str, &str)]) -> String {
    let mut sorted = params.to_vec();
    sorted.sort();
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(AUTH_TOKEN.as_bytes()).expect("any key length");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn form(params: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

async fn serve() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    let app = crate::twiml_webhook_example::router(AUTH_TOKEN, &base);
    let server = tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
    (base, server)
}

async fn post(url: &str, body: String, signature: &str) -> (u16, String, String) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", signature)
        .body(body)
        .send()
        .await
        .expect("the example answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.expect("a body"))
}

#[tokio::test]
async fn signed_webhooks_get_twiml_and_forged_ones_are_refused() {
    let (base, server) = serve().await;
    let url = format!("{base}/voice");
    let call = [
        ("CallSid", "CA0123456789abcdef0123456789abcdef"),
        ("From", "+15558675310"),
    ];

    let (status, content_type, body) = post(&url, form(&call), &signature(&url, &call)).await;
    assert_eq!((status, content_type.as_str()), (200, "application/xml"), "{body}");
    assert_eq!(
        body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Gather action=\"/voice\" input=\"dtmf\" \
         method=\"POST\" numDigits=\"1\"><Say>Press a key, any key.</Say></Gather></Response>"
    );

    let pressed = [call[0], call[1], ("Digits", "7")];
    let (status, _, body) = post(&url, form(&pressed), &signature(&url, &pressed)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>You pressed 7. Goodbye!</Say><Hangup /></Response>"
    );

    // Signed for other parameters: altered in transit, or not from Twilio.
    let (status, _, body) = post(&url, form(&pressed), &signature(&url, &call)).await;
    assert_eq!(status, 403, "{body}");
    let (status, _, _) = post(&url, form(&call), "").await;
    assert_eq!(status, 403);

    let url = format!("{base}/sms");
    let message = [
        ("MessageSid", "SM0123456789abcdef0123456789abcdef"),
        ("Body", "Hi <3 & bye"),
    ];
    let (status, _, body) = post(&url, form(&message), &signature(&url, &message)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Got \"Hi &lt;3 &amp; bye\" — thanks!</Message></Response>"
    );
    // The voice signature does not open the messaging webhook: the URL is signed too.
    let (status, _, _) = post(&url, form(&call), &signature(&format!("{base}/voice"), &call)).await;
    assert_eq!(status, 403);
    server.abort();
}
