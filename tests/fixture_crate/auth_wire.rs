//! Copied into the crate generated from all fixtures and run there: each
//! operation sends the credentials where its security scheme says, and a
//! client whose credentials fit no scheme is refused before any request.

mod loopback;

use fixture_client::{Credentials, Error};
use loopback::{client_with as client, serve, Reply};

#[tokio::test]
async fn api_keys_go_in_the_header_query_or_cookie_the_scheme_names() {
    let (url, seen) = serve(vec![Reply::empty_json(204); 5]);
    let client = client(&url, Credentials::key("k-123"));
    let auth = client.auth();
    auth.list_things().send().await.expect("header");
    auth.get_query().send().await.expect("query");
    auth.get_cookie().send().await.expect("cookie");
    auth.get_public().send().await.expect("public");
    auth.get_both().send().await.expect("one key serves both schemes");

    let header = seen.recv().expect("request");
    assert_eq!(header.header("x-api-key"), Some("k-123"));
    assert_eq!(header.header("authorization"), None);
    let query = seen.recv().expect("request");
    assert_eq!(query.request_line, "GET /v1/Query?api_key=k-123 HTTP/1.1");
    assert_eq!(query.header("x-api-key"), None);
    assert_eq!(seen.recv().expect("request").header("cookie"), Some("session=k-123"));
    let public = seen.recv().expect("request");
    assert_eq!((public.header("x-api-key"), public.request_line.as_str()), (None, "GET /v1/Public HTTP/1.1"));
    let both = seen.recv().expect("request");
    assert_eq!(both.header("x-api-key"), Some("k-123"));
    assert_eq!(both.request_line, "GET /v1/Both?api_key=k-123 HTTP/1.1");
}

#[tokio::test]
async fn named_keys_go_to_their_own_schemes() {
    let (url, seen) = serve(vec![Reply::empty_json(204)]);
    let client = client(&url, Credentials::keys([("headerKey", "h-1"), ("queryKey", "q-2")]));
    client.auth().get_both().send().await.expect("both");
    let both = seen.recv().expect("request");
    assert_eq!(both.header("x-api-key"), Some("h-1"));
    assert_eq!(both.request_line, "GET /v1/Both?api_key=q-2 HTTP/1.1");
}

#[tokio::test]
async fn basic_or_bearer_whichever_the_credentials_are() {
    let (url, seen) = serve(vec![Reply::empty_json(204); 2]);
    client(&url, Credentials::basic("ann", "s3cret")).auth().get_either().send().await.expect("basic");
    client(&url, Credentials::bearer("tok")).auth().get_either().send().await.expect("bearer");
    assert_eq!(seen.recv().expect("basic").header("authorization"), Some("Basic YW5uOnMzY3JldA=="));
    assert_eq!(seen.recv().expect("bearer").header("authorization"), Some("Bearer tok"));
}

#[tokio::test]
async fn client_credentials_fetch_a_token_once_and_send_it_as_bearer() {
    let token = r#"{"access_token":"at-1","token_type":"bearer","expires_in":3600}"#;
    let (url, seen) = serve(vec![
        Reply::new(200, "application/json", token),
        Reply::empty_json(204),
        Reply::empty_json(204),
    ]);
    let client = client(&url, Credentials::client_credentials("id-1", "secret-1"));
    client.auth().get_machine().send().await.expect("first");
    client.auth().get_machine().send().await.expect("second, same token");
    let fetch = seen.recv().expect("token request");
    assert_eq!(fetch.request_line, "POST /oauth/token HTTP/1.1");
    assert_eq!(fetch.body, b"grant_type=client_credentials&client_id=id-1&client_secret=secret-1");
    assert_eq!(seen.recv().expect("call").header("authorization"), Some("Bearer at-1"));
    assert_eq!(seen.recv().expect("call").header("authorization"), Some("Bearer at-1"));
}

#[tokio::test]
async fn credentials_that_fit_no_scheme_are_refused_before_any_request() {
    // Nothing listens here: a request would be a transport error.
    let client = client("http://127.0.0.1:9", Credentials::basic("ann", "s3cret"));
    let error = client.auth().list_things().send().await.unwrap_err();
    let Error::Config(message) = &error else { panic!("{error}") };
    assert!(message.contains("`listThings` accepts API key `X-API-Key` (header)"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
}

#[tokio::test]
async fn an_unsupported_scheme_sends_the_credentials_as_they_are() {
    let (url, seen) = serve(vec![Reply::empty_json(204)]);
    client(&url, Credentials::basic("ann", "pw")).auth().get_digest().send().await.expect("sent");
    assert_eq!(seen.recv().expect("request").header("authorization"), Some("Basic YW5uOnB3"));
}
