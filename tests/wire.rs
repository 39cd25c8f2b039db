//! Drives the generated client against a loopback server and checks exactly
//! what goes on the wire, and how responses and errors come back.

use futures::TryStreamExt;
use serde_json::{json, Value};
use twilio_client::api_v2010::{AccountConference, ConferenceReasonConferenceEnded, ConferenceStatus};
use twilio_client::{AccountSid, Client, Credentials, Error, TwilioError};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "secret-auth-token";
const PATH: &str = "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Conferences.json";

fn client(server: &MockServer) -> Client {
    Client::builder(Credentials::account(ACCOUNT, TOKEN))
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client builds")
}

fn account() -> AccountSid {
    ACCOUNT.parse().expect("valid SID")
}

fn conference(n: usize) -> Value {
    json!({
        "account_sid": ACCOUNT,
        "api_version": "2010-04-01",
        "call_sid_ending_conference": "CA0123456789abcdef0123456789abcdef",
        "date_created": "Wed, 02 Jan 2019 18:44:58 +0000",
        "date_updated": "Wed, 02 Jan 2019 18:45:12 +0000",
        "friendly_name": format!("room-{n}"),
        "region": "us1",
        "sid": format!("CF{n:032x}"),
        "status": "completed",
        "reason_conference_ended": "last-participant-left",
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF{n:032x}.json"),
        "subresource_uris": {
            "participants": format!("/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF{n:032x}/Participants.json"),
            "recordings": format!("/2010-04-01/Accounts/{ACCOUNT}/Conferences/CF{n:032x}/Recordings.json")
        },
        "a_field_twilio_added_later": true
    })
}

fn page(items: std::ops::Range<usize>, page: usize, next: Option<String>) -> Value {
    json!({
        "conferences": items.map(conference).collect::<Vec<_>>(),
        "end": 1, "start": 0, "page": page, "page_size": 2,
        "first_page_uri": format!("{PATH}?PageSize=2&Page=0"),
        "next_page_uri": next,
        "previous_page_uri": null,
        "uri": format!("{PATH}?PageSize=2&Page={page}")
    })
}

#[tokio::test]
async fn sends_every_parameter_with_its_exact_wire_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 0, None)))
        .expect(1)
        .mount(&server)
        .await;
    let date = |d| time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).expect("date");
    client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .date_created(date("2009-07-06"))
        .date_created_before(date("2009-07-10"))
        .date_created_after(date("2009-07-01"))
        .date_updated(date("2010-01-02"))
        .date_updated_before(date("2010-01-03"))
        .date_updated_after(date("2010-01-01"))
        .friendly_name("My Room & co")
        .status(ConferenceStatus::InProgress)
        .page_size(20)
        .page(0)
        .page_token("PT123")
        .send()
        .await
        .expect("request succeeds");

    let requests = server.received_requests().await.expect("recorded");
    let request: &Request = &requests[0];
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), PATH);
    assert_eq!(
        request.url.query(),
        Some(
            "DateCreated=2009-07-06&DateCreated%3C=2009-07-10&DateCreated%3E=2009-07-01\
             &DateUpdated=2010-01-02&DateUpdated%3C=2010-01-03&DateUpdated%3E=2010-01-01\
             &FriendlyName=My+Room+%26+co&Status=in-progress&PageSize=20&Page=0&PageToken=PT123"
        )
    );
    // base64("AC0123456789abcdef0123456789abcdef:secret-auth-token")
    let auth = request.headers.get("authorization").expect("Authorization sent");
    assert_eq!(
        auth,
        "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjpzZWNyZXQtYXV0aC10b2tlbg=="
    );
    let agent = request.headers.get("user-agent").expect("User-Agent sent");
    assert!(
        agent.to_str().unwrap_or_default().starts_with("twilio-client/"),
        "{agent:?}"
    );
}

#[tokio::test]
async fn unset_parameters_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 0, None)))
        .mount(&server)
        .await;
    client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .expect("ok");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn decodes_a_full_page_into_typed_values() {
    let server = MockServer::start().await;
    let mut body = page(0..2, 0, None);
    body["conferences"][1]["status"] = json!("paused-by-a-future-twilio");
    body["conferences"][1]["date_updated"] = Value::Null;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let page = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .expect("decodes");
    let conferences: Vec<AccountConference> = page.conferences.expect("items");
    assert_eq!(conferences.len(), 2);
    let first = &conferences[0];
    assert_eq!(first.account_sid.as_ref().map(AccountSid::as_str), Some(ACCOUNT));
    assert_eq!(
        first.sid.as_ref().map(|s| s.as_str().to_owned()),
        Some(format!("CF{:032x}", 0))
    );
    assert_eq!(first.status, Some(ConferenceStatus::Completed));
    assert_eq!(
        first.reason_conference_ended,
        Some(ConferenceReasonConferenceEnded::LastParticipantLeft)
    );
    assert_eq!(
        first.date_created,
        Some(time::macros::datetime!(2019-01-02 18:44:58 UTC))
    );
    let uris = first.subresource_uris.as_ref().expect("uri map");
    assert!(uris["participants"].ends_with("/Participants.json"));
    assert_eq!(
        conferences[1].status,
        Some(ConferenceStatus::UnknownValue("paused-by-a-future-twilio".into()))
    );
    assert_eq!(conferences[1].date_updated, None);
    assert_eq!(page.page_size, Some(2));
    assert_eq!(page.next_page_uri, None);
}

/// Serves pages 0..3 of two items each, linked by relative `next_page_uri`.
async fn three_pages(server: &MockServer) {
    for n in 0..3 {
        let next = (n < 2).then(|| format!("{PATH}?PageSize=2&Page={}&PageToken=PT{}", n + 1, n + 1));
        let mut mock = Mock::given(method("GET")).and(path(PATH));
        mock = if n == 0 {
            mock.and(query_param("PageSize", "2"))
                .and(query_param_is_missing("PageToken"))
        } else {
            mock.and(query_param("PageToken", format!("PT{n}")))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(page(2 * n..2 * n + 2, n, next)))
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn paginates_across_three_pages() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let all: Vec<AccountConference> = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .page_size(2)
        .paginate()
        .collect()
        .await
        .expect("ok");
    let names: Vec<_> = all.iter().filter_map(|c| c.friendly_name.clone()).collect();
    assert_eq!(names, ["room-0", "room-1", "room-2", "room-3", "room-4", "room-5"]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn limit_stops_fetching_pages() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let some: Vec<AccountConference> = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .page_size(2)
        .paginate()
        .limit(3)
        .collect()
        .await
        .expect("ok");
    assert_eq!(some.len(), 3);
    assert_eq!(
        server.received_requests().await.expect("recorded").len(),
        2,
        "the third page is never fetched"
    );
}

#[tokio::test]
async fn pages_can_be_read_one_by_one() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let pages: Vec<_> = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .page_size(2)
        .paginate()
        .pages()
        .try_collect()
        .await
        .expect("ok");
    let numbers: Vec<_> = pages.iter().map(|p| p.page).collect();
    assert_eq!(numbers, [Some(0), Some(1), Some(2)]);
}

#[tokio::test]
async fn twilio_error_body_becomes_a_typed_error() {
    let server = MockServer::start().await;
    let body = json!({"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404, "details": {"hint": "check the SID"}});
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(body)
                .insert_header("Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Api {
            operation,
            attempts,
            status: 404,
            error,
            request_id,
            body,
        } => {
            assert_eq!((*operation, *attempts), ("ListConference", 1));
            assert!(body.starts_with(b"{"), "the body is kept as received");
            assert_eq!(error.code().as_deref(), Some("20404"));
            assert_eq!(request_id.as_deref(), Some("RQ0123456789abcdef0123456789abcdef"));
            assert_eq!(error.more_info(), Some("https://www.twilio.com/docs/errors/20404"));
            // All of Twilio's body, as its own type.
            let twilio = error.downcast_ref::<TwilioError>().expect("Twilio's error body");
            assert_eq!(twilio.code, Some(20404));
            assert_eq!(twilio.details, Some(json!({"hint": "check the SID"})));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(!format!("{error:?} {error}").contains(TOKEN));
    assert!(
        error
            .to_string()
            .contains("(request RQ0123456789abcdef0123456789abcdef)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_response_comes_with_its_status_headers_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(0..2, 0, None))
                .insert_header("Twilio-Request-Id", "RQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id(), Some("RQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    assert_eq!(response.body.conferences.map(|c| c.len()), Some(2));
}

#[tokio::test]
async fn undecodable_body_is_a_decode_error_with_an_excerpt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>gateway hiccup</html>"))
        .mount(&server)
        .await;
    let error = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { excerpt, .. } if excerpt.contains("gateway hiccup")),
        "{error}"
    );
}

#[tokio::test]
async fn what_twilio_sends_is_data_a_malformed_sid_decodes() {
    let server = MockServer::start().await;
    let mut body = page(0..1, 0, None);
    body["conferences"][0]["sid"] = Value::from("CF12445353");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let page = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap();
    let sid = page.conferences.unwrap()[0].sid.clone().unwrap();
    assert_eq!((sid.as_str(), sid.is_valid()), ("CF12445353", false));
}

#[tokio::test]
async fn a_field_that_cannot_decode_names_the_operation_and_its_path() {
    let server = MockServer::start().await;
    let mut body = page(0..2, 0, None);
    body["conferences"][1]["date_created"] = Value::from("yesterday");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let error = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Decode { operation, path, .. } => {
            assert_eq!(
                (*operation, path.as_str()),
                ("ListConference", "conferences[1].date_created")
            );
        }
        other => panic!("{other}"),
    }
    assert!(
        error
            .to_string()
            .contains("`ListConference` at `conferences[1].date_created`"),
        "{error}"
    );
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    let bad_sid = "AC123".parse::<AccountSid>().unwrap_err();
    assert_eq!(
        bad_sid.to_string(),
        "`AC123` is not a valid AccountSid: must match ^AC[0-9a-fA-F]{32}$"
    );
    assert!("CA0123456789abcdef0123456789abcdef".parse::<AccountSid>().is_err());

    let too_big = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .page_size(5000)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            too_big,
            Error::InvalidParameter {
                parameter: "PageSize",
                ..
            }
        ),
        "{too_big}"
    );

    let unknown = ConferenceStatus::UnknownValue("paused".into());
    let error = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .status(unknown)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidParameter {
                parameter: "Status",
                ..
            }
        ),
        "{error}"
    );

    let error = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .page_size(0)
        .paginate()
        .collect()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidParameter {
                parameter: "PageSize",
                ..
            }
        ),
        "{error}"
    );
    assert!(server.received_requests().await.expect("recorded").is_empty());
}

#[tokio::test]
async fn a_next_page_on_another_host_is_refused() {
    let server = MockServer::start().await;
    let next = Some("https://evil.example.com/steal?Page=1".to_owned());
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..2, 0, next)))
        .mount(&server)
        .await;
    let mut items = Vec::new();
    let stream = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .paginate()
        .items();
    futures::pin_mut!(stream);
    let error = loop {
        match stream.try_next().await {
            Ok(Some(item)) => items.push(item),
            Ok(None) => panic!("the stream should end with an error"),
            Err(error) => break error,
        }
    };
    assert_eq!(items.len(), 2, "the first page is delivered");
    assert!(matches!(error, Error::UnsafePageLink { .. }), "{error}");
}

#[tokio::test]
async fn a_page_loop_ends_with_an_error() {
    let server = MockServer::start().await;
    let next = Some(format!("{PATH}?Page=0"));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 0, next)))
        .mount(&server)
        .await;
    let error = client(&server)
        .api_v2010()
        .list_conference()
        .account_sid(account())
        .paginate()
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::PageLoop { .. }), "{error}");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[test]
fn the_twilio_crate_validates_webhook_signatures() {
    use twilio_client::webhook::{RequestValidator, Webhook, WebhookError};
    // Twilio's documented example: Auth Token 12345, this URL and these parameters.
    let body = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    let request = Webhook {
        url: "https://mycompany.com/myapp.php?foo=1&bar=2",
        signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        signature_settings: None,
        content_type: Some("application/x-www-form-urlencoded"),
        body: body.as_bytes(),
    };
    assert_eq!(RequestValidator::new("12345").validate(&request), Ok(()));
    assert_eq!(
        RequestValidator::new("not-the-token").validate(&request),
        Err(WebhookError::BadSignature)
    );
}

#[tokio::test]
async fn the_account_sid_defaults_to_the_credentials_account() {
    let server = MockServer::start().await;
    let path_of_account = format!("/2010-04-01/Accounts/{ACCOUNT}/Conferences.json");
    Mock::given(method("GET"))
        .and(path(path_of_account.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 0, None)))
        .expect(2)
        .mount(&server)
        .await;
    let page = client(&server).api_v2010().list_conference().send().await.unwrap();
    assert_eq!(page.conferences.map(|c| c.len()), Some(1));

    let key = Credentials::api_key("SK0123456789abcdef0123456789abcdef", "secret");
    let keyed = |credentials: Credentials| {
        Client::builder(credentials)
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .unwrap()
    };
    let error = keyed(key.clone())
        .api_v2010()
        .list_conference()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Config(message) if message.contains("for_account")),
        "{error}"
    );
    let subaccount: AccountSid = ACCOUNT.parse().unwrap();
    let other = keyed(key.for_account("AC00000000000000000000000000000000"));
    other
        .api_v2010()
        .list_conference()
        .account_sid(&subaccount)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_sid_setter_takes_text_and_refuses_a_bad_one_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 0, None)))
        .expect(2)
        .mount(&server)
        .await;
    let api = client(&server);
    // A `&str` and a `String`, as a user has them: no `parse::<AccountSid>()`.
    api.api_v2010()
        .list_conference()
        .account_sid(ACCOUNT)
        .send()
        .await
        .expect("a &str");
    api.api_v2010()
        .list_conference()
        .account_sid(ACCOUNT.to_owned())
        .send()
        .await
        .expect("a String");
    // A bad one is refused with the same error `parse` gives, and nothing is sent.
    let parsed = "AC123".parse::<AccountSid>().expect_err("not a SID");
    match api.api_v2010().list_conference().account_sid("AC123").send().await {
        Err(Error::InvalidParameter { parameter, source }) => {
            assert_eq!(parameter, "AccountSid");
            assert_eq!(source, parsed);
        }
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
    // `.expect(2)`: the refused call sent nothing (checked when the server drops).
}
