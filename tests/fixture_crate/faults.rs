//! Copied into the crate generated from all fixtures and run there: the
//! client against a server that fails on purpose (`fault_server`). What
//! must hold whatever the fault: a POST is never sent twice unless nothing
//! reached the server; reads are retried within the budget and then say how
//! many tries were made; a stale pooled connection costs a read nothing and
//! is reported for a POST; every fault ends in a typed error naming the
//! operation, with no query value or credential in it, and no hang; a
//! listing that fails on page N says where to resume, and resuming yields
//! exactly the rest; a dropped call leaves the client usable.

mod fault_server;
mod loopback;

use std::time::{Duration, Instant};

use fault_server::{Fault, FaultServer};
use fixture_client::{Client, Credentials, Error, Retry};
use loopback::{Reply, Seen};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "fault-test-secret-token";
const PHONE: &str = "+15551234567";
/// A body every operation of the fixture accepts.
const RECORD: &str = r#"{"id": "r1", "body": "hi", "records": []}"#;

fn ok() -> Reply {
    Reply::new(200, "application/json", RECORD)
}

fn status(code: u16) -> Reply {
    Reply::new(code, "application/json", r#"{"message": "try later"}"#)
}

fn client(url: &str, retry: Option<Retry>) -> Client {
    let mut builder = Client::builder(Credentials::basic(ACCOUNT, TOKEN).for_account(ACCOUNT))
        .base_url(url)
        .allow_insecure_http(true)
        .timeout(Duration::from_millis(800))
        .max_body_bytes(64 * 1024);
    if let Some(retry) = retry {
        builder = builder.retry(retry);
    }
    builder.build().expect("client")
}

/// Three retries, quickly.
fn quick_retries() -> Option<Retry> {
    Some(Retry {
        max_retries: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    Get,
    Post,
    Delete,
}

/// One call of the fixture by method: a filtered list (the phone number
/// must stay out of errors), a create, a delete.
async fn call(client: &Client, method: Method) -> Result<(), Error> {
    let api = client.faults();
    // A hang would fail here rather than stall the suite.
    let call = async {
        match method {
            Method::Get => api.list_records().phone(PHONE).send().await.map(drop),
            Method::Post => api.create_record("hello").send().await.map(drop),
            Method::Delete => api.delete_record("r1").send().await,
        }
    };
    tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the call ended within its timeouts")
}

fn operation(method: Method) -> &'static str {
    match method {
        Method::Get => "listRecords",
        Method::Post => "createRecord",
        Method::Delete => "deleteRecord",
    }
}

fn faults() -> Vec<(&'static str, Fault)> {
    let huge = Reply::new(200, "application/json", format!("[{}]", "1,".repeat(100_000) + "1"));
    vec![
        ("reset before the request is read", Fault::ResetBeforeRead),
        ("reset after the request is read", Fault::ResetAfterRead),
        ("reset mid-headers", Fault::ResetMidHeaders),
        ("reset mid-body", Fault::ResetMidBody),
        ("stale keep-alive connection", Fault::AnswerThenClose(ok())),
        ("byte by byte", Fault::Trickle(ok(), Duration::from_millis(1))),
        ("stall before answering", Fault::Stall),
        ("stall mid-body", Fault::StallMidBody),
        ("endless chunked body", Fault::EndlessBody),
        ("huge body", Fault::Answer(huge)),
        ("truncated JSON", Fault::Answer(Reply::new(200, "application/json", r#"{"id": "r"#))),
        ("invalid JSON", Fault::Answer(Reply::new(200, "application/json", "{id: r1}"))),
        ("wrong content type", Fault::Answer(Reply::new(200, "text/html", "<html>busy</html>"))),
        ("500", Fault::Answer(status(500))),
        ("502", Fault::Answer(status(502))),
        ("503", Fault::Answer(status(503))),
        ("504", Fault::Answer(status(504))),
        ("429", Fault::Answer(status(429))),
        ("429, Retry-After: 1", Fault::Answer(status(429).with_header("Retry-After", "1"))),
        (
            "503, Retry-After: a past HTTP date",
            Fault::Answer(status(503).with_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")),
        ),
        ("503, Retry-After: garbage", Fault::Answer(status(503).with_header("Retry-After", "soon-ish"))),
    ]
}

/// Faults that are a complete answer (a 200 too large or not JSON): not
/// retried for any method, the same request would get the same.
fn answered_in_full(fault: &str) -> bool {
    ["endless", "huge", "JSON", "content type"].iter().any(|kind| fault.contains(kind))
}

/// Every fault once, then a normal answer, for each method, with retries
/// on: the outcome, what reached the server, the error shown. POST reaches
/// the server at most once (the stale connection: its first request is the
/// one that left the connection open); no error leaks the phone number or
/// the token, every one names its operation. Prints the table.
#[tokio::test]
async fn every_fault_by_method_ends_typed_and_a_post_is_never_sent_twice() {
    let mut table = vec!["| fault | method | outcome | arrivals | error |".to_owned(), "|---|---|---|---|---|".to_owned()];
    for (name, fault) in faults() {
        for method in [Method::Get, Method::Post, Method::Delete] {
            let stale = matches!(fault, Fault::AnswerThenClose(_));
            let server = FaultServer::answering(vec![fault.clone()], ok());
            let client = client(&server.url, quick_retries());
            if stale {
                // The answer that leaves a dropped connection in the pool.
                call(&client, Method::Get).await.expect("first answer");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let started = Instant::now();
            let outcome = call(&client, method).await;
            let arrivals = server.arrivals() - usize::from(stale);
            let shown = match &outcome {
                Ok(()) => String::new(),
                Err(error) => {
                    let shown = format!("{error}");
                    let debug = format!("{error:?}");
                    for secret in [PHONE, "15551234567", TOKEN] {
                        assert!(!shown.contains(secret) && !debug.contains(secret), "{name}/{method:?}: {shown} {debug}");
                    }
                    assert!(shown.contains(&format!("`{}`", operation(method))), "{name}/{method:?}: {shown}");
                    shown
                }
            };
            if method == Method::Post {
                assert!(arrivals <= 1, "{name}: POST reached the server {arrivals} times");
            } else if !answered_in_full(name) {
                // Once only, then a normal answer: a read or delete gets through.
                assert!(outcome.is_ok(), "{name}/{method:?} was not retried: {shown}");
            }
            table.push(format!(
                "| {name} | {method:?} | {} | {arrivals} | {} |",
                if outcome.is_ok() { "ok" } else { "error" },
                shown.replace('|', "\\|")
            ));
            assert!(started.elapsed() < Duration::from_secs(15), "{name}/{method:?} took {:?}", started.elapsed());
        }
    }
    println!("{}", table.join("\n"));
}

/// What is safe to repeat is repeated: reads and deletes get through
/// transport faults and 5xx/429 answers within the budget.
#[tokio::test]
async fn reads_and_deletes_are_retried_through_faults_within_the_budget() {
    for method in [Method::Get, Method::Delete] {
        let script = vec![
            Fault::ResetAfterRead,
            Fault::Answer(status(502)),
            Fault::Answer(status(429).with_header("Retry-After", "0")),
        ];
        let server = FaultServer::answering(script, ok());
        call(&client(&server.url, quick_retries()), method)
            .await
            .unwrap_or_else(|e| panic!("{method:?}: {e}"));
        assert_eq!(server.arrivals(), 4, "{method:?}");
    }
}

/// Past the budget, the error says how many tries were made and why.
#[tokio::test]
async fn exhausted_retries_say_how_many_tries_were_made() {
    let server = FaultServer::answering(vec![], status(503));
    let error = call(&client(&server.url, quick_retries()), Method::Get).await.unwrap_err();
    assert!(matches!(error, Error::Http { status: 503, attempts: 4, .. }), "{error:?}");
    assert!(error.to_string().starts_with("HTTP 503 from `listRecords` (after 4 tries)"), "{error}");
    assert_eq!(server.arrivals(), 4);

    let server = FaultServer::start(vec![], |_| Fault::ResetAfterRead);
    let error = call(&client(&server.url, quick_retries()), Method::Delete).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("{error:?}") };
    assert_eq!((transport.operation(), transport.attempts()), ("deleteRecord", 4));
    assert!(error.to_string().contains("(after 4 tries)"), "{error}");
    assert_eq!(server.arrivals(), 4);
}

/// A POST whose connection could not be made is retried (nothing was
/// sent); one whose connection dropped after sending is not, and says so.
#[tokio::test]
async fn a_post_is_retried_only_when_nothing_reached_the_server() {
    // Nothing listens on the port for the first tries; then a server does.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address");
    let url = format!("http://{port}");
    let late = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        FaultServer::start_on(std::net::TcpListener::bind(port).expect("rebind"), vec![], |_| {
            Fault::Answer(Reply::new(201, "application/json", RECORD))
        })
    });
    let retry = Retry {
        max_retries: 8,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(200),
    };
    let client = client(&url, Some(retry));
    let outcome = call(&client, Method::Post).await;
    let server = late.join().expect("server");
    outcome.expect("created once the server listens");
    assert_eq!(server.arrivals(), 1);

    let server = FaultServer::start(vec![], |_| Fault::ResetAfterRead);
    let error = call(&client_at(&server), Method::Post).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("{error:?}") };
    assert!(transport.may_have_reached_server() && transport.attempts() == 1, "{error}");
    assert!(error.to_string().contains("may have reached the server, so it was not sent again"), "{error}");
    assert_eq!(server.arrivals(), 1);
}

fn client_at(server: &FaultServer) -> Client {
    client(&server.url, quick_retries())
}

/// A pooled connection the server dropped as the request went out: a read
/// is sent again at once, even with no retry policy; a POST is reported.
#[tokio::test]
async fn a_stale_pooled_connection_is_retried_for_a_read_and_reported_for_a_post() {
    let server = FaultServer::answering(vec![Fault::Answer(ok()), Fault::ResetAfterRead], ok());
    let client = client(&server.url, None);
    call(&client, Method::Get).await.expect("first");
    call(&client, Method::Get).await.expect("retried on a new connection");
    assert_eq!(server.arrivals(), 3);

    let server = FaultServer::answering(vec![Fault::Answer(ok()), Fault::ResetAfterRead], ok());
    let client = self::client(&server.url, None);
    call(&client, Method::Get).await.expect("first");
    let error = call(&client, Method::Post).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(t) if t.may_have_reached_server()), "{error:?}");
    assert_eq!(server.arrivals(), 2, "the POST was sent once");

    // Closed while idle: the pool notices, and nothing is lost.
    let server = FaultServer::answering(vec![Fault::AnswerThenClose(ok())], ok());
    let client = self::client(&server.url, None);
    call(&client, Method::Get).await.expect("first");
    tokio::time::sleep(Duration::from_millis(100)).await;
    call(&client, Method::Post).await.expect("on a new connection");
    assert_eq!(server.arrivals(), 2);
}

/// Pages of two records from an offset in `next_page_uri`; five in all.
fn page(seen: &Seen) -> Fault {
    let target = seen.request_line.split(' ').nth(1).expect("target");
    let start: usize = target
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("Start="))
        .map_or(0, |s| s.parse().expect("start"));
    let end = (start + 2).min(5);
    let records: Vec<String> = (start..end).map(|i| format!(r#"{{"id": "r{i}"}}"#)).collect();
    let next = if end < 5 {
        format!(r#""/v1/Records?Phone=%2B15551234567&Start={end}""#)
    } else {
        "null".to_owned()
    };
    let body = format!(r#"{{"records": [{}], "next_page_uri": {next}}}"#, records.join(","));
    Fault::Answer(Reply::new(200, "application/json", body))
}

/// A listing that fails on its second page says where to resume; resuming
/// there yields exactly the records not yet seen.
#[tokio::test]
async fn a_listing_failing_on_page_two_resumes_with_exactly_the_rest() {
    use fixture_client::futures::StreamExt;
    let server = FaultServer::start(vec![], page);
    let client = client(&server.url, None);
    // Page one from the route, then page two fails (scripted after the first request).
    let mut items = client.faults().list_records().phone(PHONE).paginate().items();
    let mut got = Vec::new();
    let mut failed = None;
    let mut scripted = false;
    while let Some(item) = items.next().await {
        match item {
            Ok(record) => {
                got.push(record.id.expect("id"));
                if !scripted {
                    server.script(Fault::Answer(status(500)));
                    scripted = true;
                }
            }
            Err(error) => {
                failed = Some(error);
                break;
            }
        }
    }
    let error = failed.expect("page two failed");
    let Error::PageFailed { pages_read, resume_at, source } = &error else { panic!("{error:?}") };
    assert_eq!(*pages_read, 1);
    assert!(matches!(**source, Error::Http { status: 500, .. }), "{source:?}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("15551234567"), "{shown}");
    assert_eq!(got, ["r0", "r1"]);
    let rest = client
        .faults()
        .list_records()
        .paginate()
        .starting_at(resume_at.as_str())
        .collect()
        .await
        .expect("resumed");
    got.extend(rest.into_iter().map(|r| r.id.expect("id")));
    assert_eq!(got, ["r0", "r1", "r2", "r3", "r4"]);
}

/// A call dropped at any point (before sending, waiting for the answer,
/// mid-body) leaves the client usable and no connection open behind it.
#[tokio::test]
async fn a_dropped_call_leaves_the_client_usable_and_no_connection_behind() {
    let server = FaultServer::start(vec![], |seen: &Seen| {
        if seen.request_line.contains("/stall") {
            Fault::Stall
        } else if seen.request_line.contains("/mid-body") {
            Fault::StallMidBody
        } else if seen.request_line.contains("/slow") {
            Fault::Trickle(ok(), Duration::from_millis(5))
        } else {
            Fault::Answer(ok())
        }
    });
    let client = client(&server.url, quick_retries());
    for id in ["stall", "mid-body", "slow"] {
        for after in [0, 1, 5, 20, 60] {
            let call = client.faults().fetch_record(id).send();
            let dropped = tokio::time::timeout(Duration::from_millis(after), call).await;
            assert!(dropped.is_err(), "{id} answered within {after} ms");
        }
    }
    let record = client.faults().fetch_record("r1").send().await.expect("usable");
    assert_eq!(record.id.as_deref(), Some("r1"));
    // The pool may keep the last, idle connection; nothing else stays open.
    let open = tokio::task::spawn_blocking(move || {
        let open = server.wait_for_open_at_most(1);
        (open, server)
    })
    .await
    .expect("waited");
    assert!(open.0 <= 1, "{} connections left open", open.0);
}
