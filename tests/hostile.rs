//! The generated client against a server playing the hostile or faulty part:
//! it must not leak credentials, loop, hang or buffer without bound.

use std::time::{Duration, Instant};

use serde_json::json;
use twilio_client::{AccountSid, Client, ClientBuilder, Credentials, Error, Retry};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "hostile-test-token";
const PATH: &str = "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Conferences.json";

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(Credentials::account(ACCOUNT, TOKEN))
        .base_url(server.uri())
        .allow_insecure_http(true)
}

fn account() -> AccountSid {
    ACCOUNT.parse().expect("valid")
}

fn empty_page() -> serde_json::Value {
    json!({"conferences": [], "next_page_uri": null, "page": 0, "page_size": 50})
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let (server, elsewhere) = (MockServer::start().await, MockServer::start().await);
    let location = format!("{}/collect", elsewhere.uri().replace("127.0.0.1", "localhost"));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", location.as_str()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let client = builder(&server).build().expect("client");
    let error = client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Http { status: 302, .. }), "{error}");
    assert!(
        elsewhere.received_requests().await.expect("recorded").is_empty(),
        "credentials left the host"
    );
}

#[tokio::test]
async fn a_redirect_within_the_host_is_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/moved", server.uri()).as_str()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_page()))
        .mount(&server)
        .await;
    let client = builder(&server).build().expect("client");
    client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .expect("followed");
}

#[tokio::test]
async fn an_oversized_body_is_an_error_not_unbounded_memory() {
    let server = MockServer::start().await;
    let huge = format!("{{\"conferences\": [], \"padding\": \"{}\"}}", "x".repeat(64 * 1024));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(huge))
        .mount(&server)
        .await;
    let client = builder(&server).max_body_bytes(16 * 1024).build().expect("client");
    let error = client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit: 16384, .. }), "{error}");
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(empty_page())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_timeout()), "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn too_many_requests_is_retried_after_the_time_the_server_asks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_page()))
        .mount(&server)
        .await;
    let retry = Retry {
        max_retries: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(5),
    };
    let client = builder(&server).retry(retry).build().expect("client");
    let started = Instant::now();
    client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .expect("succeeds on the retry");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 was not honoured"
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn retries_are_bounded_and_off_by_default() {
    let server = MockServer::start().await;
    let body = json!({"code": 20429, "message": "Too Many Requests", "status": 429});
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "0")
                .set_body_json(body),
        )
        .mount(&server)
        .await;
    let default = builder(&server).build().expect("client");
    assert!(default
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .is_err());
    assert_eq!(
        server.received_requests().await.expect("recorded").len(),
        1,
        "retried without being asked to"
    );

    let retry = Retry {
        max_retries: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    let client = builder(&server).retry(retry).build().expect("client");
    let error = client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api { status: 503, .. }), "{error}");
    let requests = server.received_requests().await.expect("recorded").len();
    assert_eq!(
        requests,
        1 + (1 + 2),
        "the default client's one, then one attempt and two retries"
    );
}

#[tokio::test]
async fn credentials_never_appear_in_debug_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&server)
        .await;
    let builder_text = format!("{:?}", builder(&server));
    let client = builder(&server).build().expect("client");
    let error = client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    for shown in [
        builder_text,
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!shown.contains(TOKEN), "token leaked: {shown}");
    }
}

#[tokio::test]
async fn a_server_asking_for_a_longer_wait_than_allowed_is_not_retried_early() {
    let server = MockServer::start().await;
    let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", later.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = builder(&server)
        .retry(Retry::default())
        .build()
        .expect("client")
        .api_v2010()
        .list_conference()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Http { status: 503, .. }), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5), "gave up at once");
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_a_read() {
    use std::io::{Read, Write};
    // The first connection is closed without an answer; the second gets a page.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for (index, stream) in listener.incoming().take(2).enumerate() {
            let mut stream = stream.expect("connection");
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            if index == 0 {
                continue; // dropped: the client sees the connection close
            }
            let body = empty_page().to_string();
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    let retry = Retry {
        base_delay: Duration::from_millis(10),
        ..Retry::default()
    };
    let client = Client::builder(Credentials::account(ACCOUNT, TOKEN))
        .base_url(url)
        .allow_insecure_http(true)
        .retry(retry)
        .build()
        .expect("client");
    let page = client.api_v2010().list_conference().send().await.expect("retried");
    assert_eq!(page.conferences.map(|c| c.len()), Some(0));
}

#[tokio::test]
async fn a_limit_asks_for_small_pages_and_a_saved_link_resumes() {
    use futures::TryStreamExt;
    use wiremock::matchers::query_param;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("PageSize", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_page()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("PageToken", "PT42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_page()))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).build().expect("client");
    let first: Vec<_> = client
        .api_v2010()
        .list_conference()
        .paginate()
        .limit(3)
        .collect()
        .await
        .expect("small page");
    assert!(first.is_empty());
    let saved = format!("{PATH}?PageSize=50&Page=2&PageToken=PT42");
    let resumed: Vec<_> = client
        .api_v2010()
        .list_conference()
        .paginate()
        .starting_at(saved)
        .pages()
        .try_collect()
        .await
        .expect("resumed");
    assert_eq!(resumed.len(), 1);
}

/// The error of a `ListConference` filtered by a phone number, sent to a
/// loopback port nothing listens on: the connection is refused.
async fn refused_connection_error() -> Error {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let client = Client::builder(Credentials::account(ACCOUNT, TOKEN))
        .base_url(url)
        .allow_insecure_http(true)
        .build()
        .expect("client");
    client
        .api_v2010()
        .list_conference()
        .friendly_name("+15551234567")
        .send()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn query_values_never_reach_error_messages() {
    let error = refused_connection_error().await;
    assert!(matches!(error, Error::Transport(_)), "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("15551234567") && !shown.contains(TOKEN), "{shown}");

    let server = MockServer::start().await;
    let loop_link = format!("{PATH}?FriendlyName=%2B15551234567&Page=1");
    let page = json!({"conferences": [], "next_page_uri": loop_link, "page": 0, "page_size": 50});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let error = builder(&server)
        .build()
        .expect("client")
        .api_v2010()
        .list_conference()
        .friendly_name("+15551234567")
        .paginate()
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::PageLoop { .. }), "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("15551234567"), "{shown}");
}

#[tokio::test]
async fn a_transport_error_says_what_happened_and_keeps_its_causes() {
    use std::error::Error as _;
    let error = refused_connection_error().await;
    assert_eq!(
        error.to_string(),
        "transport error in `ListConference`: connection refused"
    );
    let mut chain = Vec::new();
    let mut cause = error.source();
    while let Some(current) = cause {
        chain.push(current.to_string());
        cause = current.source();
    }
    assert!(!chain.is_empty(), "the cause is kept");
    assert!(
        chain
            .iter()
            .any(|c| c.to_ascii_lowercase().contains("connection refused")),
        "the OS's words are in the chain: {chain:?}"
    );
    assert!(chain.iter().all(|c| !c.contains("15551234567")), "{chain:?}");

    // A host that does not resolve (`.invalid` never does, RFC 6761).
    let client = Client::builder(Credentials::account(ACCOUNT, TOKEN))
        .base_url("https://no-such-host.invalid")
        .build()
        .expect("client");
    let error = client.api_v2010().list_conference().send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "transport error in `ListConference`: DNS lookup failed",
        "{error:?}"
    );
}

#[tokio::test]
async fn paging_streams_are_unpin_and_read_with_while_let() {
    use futures::StreamExt as _;
    let server = MockServer::start().await;
    let page = json!({
        "conferences": [{"sid": "CF00000000000000000000000000000001"}, {"sid": "CF00000000000000000000000000000002"}],
        "next_page_uri": null, "page": 0, "page_size": 50
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let client = builder(&server).build().expect("client");
    // As a user writes it: no `pin!`, no `Box::pin`.
    let mut items = client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .paginate()
        .items();
    let mut seen = 0;
    while let Some(conference) = items.next().await {
        conference.expect("decoded");
        seen += 1;
    }
    assert_eq!(seen, 2);
    let mut pages = client
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .paginate()
        .pages();
    assert!(pages.next().await.is_some());
}
