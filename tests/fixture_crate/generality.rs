//! Copied into the crate generated from all fixtures and run there: a spec
//! without servers needs a base URL; a look-around pattern is enforced.

use fixture_client::generality::Note;
use fixture_client::{Client, Credentials, Error};

#[tokio::test]
async fn an_api_without_a_server_asks_for_a_base_url() {
    let client = Client::new(Credentials::account("AC0123456789abcdef0123456789abcdef", "t")).expect("client");
    let note = Note { text: Some("hi".into()) };
    let error = client.generality().create_note(note).send().await.unwrap_err();
    assert!(matches!(&error, Error::Config(message) if message.contains("base_url")), "{error}");
}

#[test]
fn a_look_around_pattern_is_checked() {
    assert!("123".parse::<fixture_client::Code>().is_ok());
    let refused = "000".parse::<fixture_client::Code>().unwrap_err();
    assert!(refused.to_string().contains("(?!000)"), "{refused}");
}
