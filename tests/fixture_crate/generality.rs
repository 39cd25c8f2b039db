//! Copied into the crate generated from all fixtures and run there: a spec
//! without servers needs a base URL; a look-around pattern is enforced;
//! objects written without `type: object` are typed all the same; a body
//! that is a list of dates is read (and written as a tool's result) as dates.

mod loopback;

use fixture_client::generality::{Note, Session};
use fixture_client::time::{self, Month};
use fixture_client::{Client, Credentials, Error};
use loopback::{client, serve, Reply};

#[tokio::test]
async fn an_api_without_a_server_asks_for_a_base_url() {
    let client = Client::new(Credentials::basic("user", "t")).expect("client");
    let note = Note {
        text: Some("hi".into()),
        ..Default::default()
    };
    let error = client.generality().create_note(note).send().await.unwrap_err();
    assert!(matches!(&error, Error::Config(message) if message.contains("base_url")), "{error}");
}

#[test]
fn a_look_around_pattern_is_checked() {
    assert!("123".parse::<fixture_client::Code>().is_ok());
    let refused = "000".parse::<fixture_client::Code>().unwrap_err();
    assert!(refused.to_string().contains("(?!000)"), "{refused}");
}

#[tokio::test]
async fn objects_without_a_type_are_form_fields_and_structs() {
    let (url, seen) = serve(vec![Reply::new(200, "application/json", r#"{"id":"s1","limits":{"calls":3}}"#)]);
    // Both form fields are required: arguments of the operation.
    let session: Session = client(&url)
        .generality()
        .create_session("ann@example.com", "pw")
        .send()
        .await
        .expect("a session");
    assert_eq!(session.id, "s1");
    let limits = session.limits.expect("limits");
    assert_eq!(limits.get("calls"), Some(&3));
    let seen = seen.recv().expect("request");
    assert_eq!(seen.request_line, "POST /v1/Sessions HTTP/1.1");
    assert_eq!(seen.body, b"email=ann%40example.com&password=pw");
}

#[tokio::test]
async fn a_body_that_is_a_list_of_dates_is_read_as_dates() {
    let body = r#"["2022-11-28", "2026-03-10"]"#;
    let (url, _seen) = serve(vec![Reply::new(200, "application/json", body), Reply::new(200, "application/json", body)]);
    let client = client(&url);
    let dates: Vec<time::Date> = client.generality().list_holidays().send().await.expect("dates");
    let date = |y, m, d| time::Date::from_calendar_date(y, m, d).expect("a date");
    assert_eq!(dates, [date(2022, Month::November, 28), date(2026, Month::March, 10)]);
    let answer = client
        .call_tool("ListHolidays", serde_json::json!({}))
        .await
        .expect("the tool answers");
    assert_eq!(answer, serde_json::json!(["2022-11-28", "2026-03-10"]));
}

#[tokio::test]
async fn a_body_of_dates_is_sent_as_dates_from_the_builder_and_the_tool() {
    let (url, seen) = serve(vec![
        Reply::new(204, "application/json", ""),
        Reply::new(204, "application/json", ""),
        Reply::new(200, "application/json", r#""2026-12-05T10:00:00Z""#),
    ]);
    let client = client(&url);
    let date = time::Date::from_calendar_date(2022, Month::November, 28).expect("a date");
    client.generality().set_holidays(vec![date]).send().await.expect("sent");
    assert_eq!(seen.recv().expect("request").body, br#"["2022-11-28"]"#);
    client
        .call_tool("SetHolidays", serde_json::json!({"body": ["2026-03-10"]}))
        .await
        .expect("the tool sends");
    assert_eq!(seen.recv().expect("request").body, br#"["2026-03-10"]"#);
    let at = time::OffsetDateTime::from_unix_timestamp(1_764_928_800).expect("a time");
    let stamps = std::collections::BTreeMap::from([("a".to_owned(), at)]);
    let stored = client.generality().create_stamps().body(stamps).send().await.expect("stored");
    assert_eq!(stored.year(), 2026);
    assert_eq!(seen.recv().expect("request").body, br#"{"a":"2025-12-05T10:00:00Z"}"#);
}
