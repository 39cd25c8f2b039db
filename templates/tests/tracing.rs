//! Tracing in its own test binary: `tracing` caches per call site whether
//! anyone listens, so a subscriber set by one test while others run on other
//! threads may see nothing.
#![cfg(feature = "tracing")]

use std::sync::{Arc, Mutex};

use openapi_client_runtime::{Call, Client, Credentials};
use reqwest::Method;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SID: &str = "AC0123456789abcdefABCDEF0123456789";
const PATH: &str = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::ErrorKind::Other)?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn one_span_per_request_without_the_values_sent() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .insert_header("X-Request-Id", "RQ0123456789abcdef0123456789abcdef"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(Credentials::basic(SID, "secret-auth-token").for_account(SID))
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let mut call = Call::new(&client, "ListMessage", Method::GET, "https://api.example.com", PATH);
    call.path_param("AccountSid", SID);
    call.query("To", "+15551234567");
    call.send::<serde_json::Value>().await.unwrap();
    let logged = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    for wanted in [
        "operation=\"ListMessage\"",
        "method=GET",
        "path=\"/2010-04-01/Accounts/{AccountSid}/Messages.json\"",
        "status=200",
        "attempt=0",
        "request_id=\"RQ0123456789abcdef0123456789abcdef\"",
    ] {
        assert!(logged.contains(wanted), "{wanted} missing from:\n{logged}");
    }
    for secret in ["15551234567", SID, "secret-auth-token"] {
        assert!(!logged.contains(secret), "{secret} logged:\n{logged}");
    }
}
