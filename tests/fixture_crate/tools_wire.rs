//! Copied into the crate generated from all fixtures (`target/fixture-client/tests/`)
//! by `tests/fixtures_compile.rs`, and run there: `call_tool` must put on the
//! wire exactly the bytes the typed builder puts there, for a list, a create
//! with a form body and a delete.

mod loopback;

use loopback::{client, serve, Reply, Seen};
use serde_json::json;

/// A loopback server that records `count` requests and answers each with
/// `status` and an empty JSON object.
fn recording_server(count: usize, status: u16) -> (String, std::sync::mpsc::Receiver<Seen>) {
    serve(vec![Reply::empty_json(status); count])
}

#[tokio::test]
async fn a_create_with_a_form_body_is_byte_for_byte_the_same() {
    let (url, seen) = recording_server(2, 201);
    let client = client(&url);
    client
        .bodies()
        .create_message("+15551234567")
        .body("Hello & good day")
        .status_callback_event(["initiated", "ringing"])
        .send_as_mms(true)
        .validity_period(60)
        .send()
        .await
        .expect("typed create");
    let args = json!({
        "To": "+15551234567",
        "Body": "Hello & good day",
        "StatusCallbackEvent": ["initiated", "ringing"],
        "SendAsMms": true,
        "ValidityPeriod": 60
    });
    client.call_tool("createMessage", args).await.expect("tool create");
    let (typed, tool) = (seen.recv().expect("typed"), seen.recv().expect("tool"));
    assert_eq!(typed, tool);
    assert_eq!(typed.request_line, "POST /v1/Messages HTTP/1.1");
    assert_eq!(
        String::from_utf8_lossy(&typed.body),
        "To=%2B15551234567&Body=Hello+%26+good+day&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing\
         &SendAsMms=true&ValidityPeriod=60"
    );
}

#[tokio::test]
async fn a_delete_is_the_same() {
    let (url, seen) = recording_server(2, 204);
    let client = client(&url);
    client.bodies().delete_message("MM123").send().await.expect("typed delete");
    assert_eq!(client.call_tool("deleteMessage", json!({"Sid": "MM123"})).await.expect("tool delete"), json!(null));
    let (typed, tool) = (seen.recv().expect("typed"), seen.recv().expect("tool"));
    assert_eq!(typed, tool);
    assert_eq!(typed.request_line, "DELETE /v1/Messages/MM123 HTTP/1.1");
}

#[tokio::test]
async fn a_list_is_the_same() {
    let (url, seen) = recording_server(2, 200);
    let client = client(&url);
    client.pagination().list_thing().page_size(7).send().await.expect("typed list");
    client.call_tool("listThing", json!({"PageSize": 7, "limit": 1})).await.expect("tool list");
    let (typed, tool) = (seen.recv().expect("typed"), seen.recv().expect("tool"));
    assert_eq!(typed, tool);
    assert_eq!(typed.request_line, "GET /2010-04-01/Things.json?PageSize=7 HTTP/1.1");
}

#[tokio::test]
async fn a_missing_required_argument_is_refused_before_sending() {
    let (url, received) = recording_server(1, 201);
    let error = client(&url).call_tool("createMessage", json!({"Body": "hi"})).await.unwrap_err();
    assert!(
        matches!(error, fixture_client::ToolError::MissingArgument { argument: "To", .. }),
        "{error}"
    );
    assert!(received.try_recv().is_err(), "nothing is sent");
}
