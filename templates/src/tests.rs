//! Unit tests of the runtime on its own; the generated crate's tests drive it
//! end to end against a server.

use crate::{is_sid, Client, Credentials, Error, ToParam};

crate::sid_type!(
    /// Test SID.
    AccountSid, "AC", 32, "^AC[0-9a-fA-F]{32}$"
);
#[cfg(feature = "regex")]
crate::pattern_type!(
    /// Test pattern.
    Digits, "^[0-9]{3}$"
);
crate::wire_enum!(
    /// Test enum.
    Status {
        InProgress = "in-progress",
        Completed = "completed",
    }
);

const SID: &str = "AC0123456789abcdefABCDEF0123456789";

#[test]
fn sid_shape_is_checked_without_regex() {
    assert!(is_sid(SID, "AC", 32));
    assert!(!is_sid("CA0123456789abcdefABCDEF0123456789", "AC", 32));
    assert!(!is_sid("AC0123456789abcdefABCDEF012345678", "AC", 32));
    assert!(!is_sid("AC0123456789abcdefABCDEF012345678g", "AC", 32));
}

#[test]
fn any_sid_and_prefixed_shapes_are_checked_without_regex() {
    use crate::{is_any_sid, is_prefixed};
    assert!(is_any_sid(SID, 2, true, 32));
    assert!(is_any_sid("XX0123456789abcdefABCDEF0123456789", 2, true, 32));
    assert!(!is_any_sid("xX0123456789abcdefABCDEF0123456789", 2, true, 32));
    assert!(is_any_sid("xX0123456789abcdefABCDEF0123456789", 2, false, 32));
    assert!(!is_any_sid("1X0123456789abcdefABCDEF0123456789", 2, false, 32));
    assert!(!is_any_sid("XX0123456789abcdefABCDEF012345678", 2, false, 32));
    assert!(!is_any_sid("XX0123456789abcdefABCDEF012345678z", 2, false, 32));
    assert!(!is_any_sid("é0123456789abcdefABCDEF0123456789", 2, false, 32));
    assert!(is_prefixed("aia_asst_1", "aia_asst_"));
    assert!(is_prefixed("aia_asst_é x", "aia_asst_"));
    assert!(!is_prefixed("aia_asst_", "aia_asst_"));
    assert!(!is_prefixed("aia_asst_a\nb", "aia_asst_"));
    assert!(!is_prefixed("xaia_asst_1", "aia_asst_"));
}

#[test]
fn unanchored_and_lower_case_sid_shapes_match_as_json_schema_reads_them() {
    use crate::is_sid_shape;
    let lower = "OR0123456789abcdef0123456789abcdef";
    assert!(is_sid_shape(lower, "OR", 32, true, true));
    assert!(!is_sid_shape(
        "OR0123456789ABCDEF0123456789abcdef",
        "OR",
        32,
        true,
        true
    ));
    assert!(!is_sid_shape(&format!("x{lower}"), "OR", 32, true, true));
    // Unanchored: anywhere in the value, after a false start too.
    assert!(is_sid_shape(&format!("x{lower}y"), "OR", 32, true, false));
    assert!(is_sid_shape(&format!("OR{lower}"), "OR", 32, true, false));
    assert!(is_sid_shape(&format!("é{lower}"), "OR", 32, true, false));
    assert!(!is_sid_shape(
        "OR0123456789abcdef0123456789abcde",
        "OR",
        32,
        true,
        false
    ));
    assert!(!is_sid_shape("", "OR", 32, true, false));
    // Found by the SID property: an empty shape is found in any value, as a regex finds it.
    assert!(is_sid_shape("", "", 0, true, false));
}

/// Every ASCII character, and a multi-byte one, at every digit position:
/// the vectorized check agrees with the plain definition.
#[test]
fn sid_check_agrees_with_the_pattern_at_every_position_and_byte() {
    let candidates = (0u8..128).map(char::from).chain(['é']);
    for replacement in candidates {
        for position in 2..SID.len() {
            let mut value = SID.to_owned();
            value.replace_range(position..=position, replacement.encode_utf8(&mut [0; 4]));
            let expected = value.len() == 34 && value[2..].bytes().all(|b| b.is_ascii_hexdigit());
            assert_eq!(is_sid(&value, "AC", 32), expected, "{value:?}");
        }
    }
}

#[test]
fn sid_type_validates_on_construction_and_deserialization() {
    assert_eq!(SID.parse::<AccountSid>().unwrap().as_str(), SID);
    let error = AccountSid::try_from("AC123").unwrap_err();
    assert_eq!(error.type_name, "AccountSid");
    assert_eq!(
        error.to_string(),
        "`AC123` is not a valid AccountSid: must match ^AC[0-9a-fA-F]{32}$"
    );
    // What a server sends is data: kept as received, and it says it is not valid.
    let decoded: AccountSid = serde_json::from_str("\"VT12445353\"").unwrap();
    assert_eq!(decoded.as_str(), "VT12445353");
    assert!(!decoded.is_valid());
    assert!(AccountSid::new_unchecked("VT12445353").to_param().is_ok());
    assert!(SID.parse::<AccountSid>().unwrap().is_valid());
}

#[test]
fn new_parse_and_try_from_agree_and_keep_every_byte() {
    let long = format!("{SID}{}", "0".repeat(40));
    for value in [SID, "AC123", "", long.as_str(), "AC0123456789abcdefABCDEF012345678é"] {
        let parsed = value.parse::<AccountSid>();
        assert_eq!(parsed, AccountSid::new(value.to_owned()), "{value}");
        assert_eq!(parsed, AccountSid::try_from(value), "{value}");
        match parsed {
            Ok(sid) => assert_eq!(String::from(sid), value),
            Err(error) => {
                assert_eq!(error.value, value);
                // A refused SID-sized value is kept without an allocation.
                assert_eq!(error.value.is_inline(), value.len() <= SID.len(), "{value}");
            }
        }
    }
    let unchecked = AccountSid::new_unchecked(long.clone());
    assert_eq!((unchecked.as_str(), unchecked.is_valid()), (long.as_str(), false));
}

#[cfg(feature = "regex")]
#[test]
fn pattern_type_uses_regex() {
    assert!(Digits::new("123").is_ok());
    assert!(Digits::new("12a").is_err());
    assert!(Digits::new("1234").is_err());
}

#[test]
fn wire_enum_keeps_unknown_values_but_refuses_to_send_them() {
    let known: Status = serde_json::from_str("\"in-progress\"").unwrap();
    assert_eq!(known, Status::InProgress);
    let unknown: Status = serde_json::from_str("\"paused\"").unwrap();
    assert_eq!(unknown, Status::UnknownValue("paused".into()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"paused\"");
    assert_eq!(Status::Completed.to_param().unwrap(), "completed");
    assert!(unknown.to_param().is_err());
    assert!("paused".parse::<Status>().is_err());
}

#[test]
fn dates_and_booleans_use_the_common_wire_formats() {
    let date = time::macros::date!(2009 - 07 - 06);
    assert_eq!(date.to_param().unwrap(), "2009-07-06");
    assert_eq!(true.to_param().unwrap(), "true");
    let moment = time::macros::datetime!(2020-01-02 03:04:05 UTC);
    assert_eq!(moment.to_param().unwrap(), "2020-01-02T03:04:05Z");
}

#[test]
fn credentials_are_redacted() {
    let credentials = Credentials::basic(SID, "super-secret-token").for_account(SID);
    let client = Client::new(credentials.clone()).unwrap();
    for shown in [format!("{credentials:?}"), format!("{client:?}")] {
        assert!(!shown.contains("super-secret-token"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}

#[test]
fn plain_http_base_url_needs_opt_in() {
    let credentials = || Credentials::basic(SID, "token").for_account(SID);
    let refused = Client::builder(credentials()).base_url("http://127.0.0.1:9").build();
    assert!(matches!(refused, Err(Error::Config(message)) if message.contains("allow_insecure_http")));
    let accepted = Client::builder(credentials())
        .base_url("http://127.0.0.1:9")
        .allow_insecure_http(true)
        .build();
    assert!(accepted.is_ok());
}

mod links {
    use super::*;
    use crate::page::resolve_link;
    use reqwest::Url;

    const SERVER: &str = "https://messaging.example.com";

    fn client(base: Option<&str>) -> Client {
        let mut builder = Client::builder(Credentials::basic(SID, "t").for_account(SID)).allow_insecure_http(true);
        if let Some(base) = base {
            builder = builder.base_url(base);
        }
        builder.build().unwrap()
    }

    #[test]
    fn relative_links_join_the_configured_base() {
        let client = client(Some("http://127.0.0.1:8080/proxy/"));
        let current = Url::parse("http://127.0.0.1:8080/proxy/v1/Services").unwrap();
        let url = resolve_link(&client, SERVER, &current, "/v1/Services?Page=1").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/proxy/v1/Services?Page=1");
    }

    #[test]
    fn canonical_host_links_are_rewritten_onto_the_base() {
        let client = client(Some("http://127.0.0.1:8080"));
        let current = Url::parse("http://127.0.0.1:8080/v1/Services").unwrap();
        let link = "https://messaging.example.com/v1/Services?PageSize=50&Page=1";
        let url = resolve_link(&client, SERVER, &current, link).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/v1/Services?PageSize=50&Page=1");
    }

    #[test]
    fn links_to_other_hosts_are_refused() {
        let client = client(None);
        let current = Url::parse("https://messaging.example.com/v1/Services").unwrap();
        for link in [
            "https://evil.example/v1/Services",
            "//evil.example/x",
            "http://messaging.example.com/v1",
        ] {
            let result = resolve_link(&client, SERVER, &current, link);
            assert!(
                matches!(result, Err(Error::UnsafePageLink { .. })),
                "{link}: {result:?}"
            );
        }
    }
}

mod request_path {
    use super::*;
    use crate::Call;
    use reqwest::Method;

    const PATH: &str = "/2010-04-01/Accounts/{AccountSid}/Things/{Name}.json";

    fn call() -> Call {
        let client = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .base_url("http://127.0.0.1:1/")
            .allow_insecure_http(true)
            .build()
            .unwrap();
        Call::new(&client, "TestOperation", Method::GET, "https://api.example.com", PATH)
    }

    #[test]
    fn inequality_keys_are_percent_encoded_and_values_replace_earlier_ones() {
        let mut call = call();
        call.path_param("AccountSid", &AccountSid::new(SID).unwrap());
        call.path_param("Name", "a b");
        call.query("DateCreated<", &time::macros::date!(2020 - 01 - 01));
        call.query("FriendlyName", "first");
        call.query("FriendlyName", "x&y=z");
        call.query_list("Event", &["initiated", "ringing"]);
        let url = call.url().unwrap();
        assert_eq!(
            url.as_str(),
            format!(
                "http://127.0.0.1:1/2010-04-01/Accounts/{SID}/Things/a%20b.json\
                 ?DateCreated%3C=2020-01-01&FriendlyName=x%26y%3Dz&Event=initiated&Event=ringing"
            )
        );
    }

    #[test]
    fn hostile_path_values_cannot_change_the_path() {
        for hostile in ["../../x", "a/b", "a?b=c", "a#frag", "%2e%2e"] {
            let mut call = call();
            call.path_param("AccountSid", SID);
            call.path_param("Name", hostile);
            let url = call.url().unwrap();
            assert!(
                url.path().starts_with(&format!("/2010-04-01/Accounts/{SID}/Things/")),
                "{url}"
            );
            assert_eq!(url.path_segments().unwrap().count(), 5, "{hostile} -> {url}");
            assert!(url.query().is_none() && url.fragment().is_none(), "{hostile} -> {url}");
        }
        for refused in ["", ".", ".."] {
            let mut call = call();
            call.path_param("Name", refused);
            assert!(call.first_request().is_err(), "{refused:?} accepted");
        }
    }

    #[tokio::test]
    async fn an_invalid_enum_is_refused_before_sending() {
        let mut call = call();
        call.path_param("AccountSid", SID);
        call.path_param("Name", "n");
        call.query("Status", &Status::UnknownValue("paused".into()));
        // The port is closed: reaching the network would give a transport error.
        let error = call.send::<serde_json::Value>().await.unwrap_err();
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
    }
}

mod lenient {
    use super::AccountSid;

    #[derive(serde::Deserialize, Debug)]
    struct Priced {
        #[serde(
            default,
            with = "crate::codec::As::<crate::codec::EmptyAsNone<crate::codec::LenientNumber>>"
        )]
        price: Option<f64>,
        #[serde(default, with = "crate::codec::As::<crate::codec::EmptyAsNone<crate::codec::Same>>")]
        account_sid: Option<AccountSid>,
    }

    #[test]
    fn numbers_may_arrive_as_strings() {
        let decoded: Priced = serde_json::from_str(r#"{"price": "-0.0025"}"#).unwrap();
        assert_eq!(decoded.price, Some(-0.0025));
        let decoded: Priced = serde_json::from_str(r#"{"price": 1.5}"#).unwrap();
        assert_eq!(decoded.price, Some(1.5));
        let decoded: Priced = serde_json::from_str(r#"{"price": null}"#).unwrap();
        assert_eq!(decoded.price, None);
        assert!(serde_json::from_str::<Priced>(r#"{"price": "cheap"}"#).is_err());
    }

    #[test]
    fn an_empty_sid_is_unset_and_a_malformed_one_is_kept() {
        let decoded: Priced = serde_json::from_str(r#"{"account_sid": ""}"#).unwrap();
        assert_eq!(decoded.account_sid, None);
        let decoded: Priced = serde_json::from_str(r#"{"account_sid": "CA0123"}"#).unwrap();
        assert_eq!(decoded.account_sid.map(|sid| sid.is_valid()), Some(false));
    }
}

mod retries {
    use super::*;
    use crate::{Call, Retry};
    use reqwest::Method;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn a_create_is_never_retried() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
            .mount(&server)
            .await;
        let retry = Retry {
            max_retries: 3,
            ..Retry::default()
        };
        let client = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .base_url(server.uri())
            .allow_insecure_http(true)
            .retry(retry)
            .build()
            .unwrap();
        let mut call = Call::new(
            &client,
            "TestOperation",
            Method::POST,
            "https://api.example.com",
            "/v1/Things",
        );
        call.form("Name", "x");
        assert!(call.send::<serde_json::Value>().await.is_err());
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "a POST must not be repeated"
        );
    }

    #[tokio::test]
    async fn form_bodies_repeat_array_keys_and_encode_spaces_as_plus() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_string("{}"))
            .mount(&server)
            .await;
        let client = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .unwrap();
        let mut call = Call::new(
            &client,
            "TestOperation",
            Method::POST,
            "https://api.example.com",
            "/v1/Calls",
        );
        call.form("To", "+1 555");
        call.form_list("StatusCallbackEvent", &["initiated", "ringing"]);
        call.form("Record", &true);
        call.send::<serde_json::Value>().await.unwrap();
        let request = &server.received_requests().await.unwrap()[0];
        assert_eq!(
            request.headers.get("content-type").unwrap(),
            "application/x-www-form-urlencoded"
        );
        assert_eq!(
            String::from_utf8_lossy(&request.body),
            "To=%2B1+555&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&Record=true"
        );
    }
}

mod documented_redirect {
    use super::*;
    use crate::Call;
    use reqwest::Method;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn a_documented_307_is_decoded_and_other_statuses_still_fail() {
        let server = MockServer::start().await;
        let body = serde_json::json!({"redirect_to": "https://storage.example.com/payload"});
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(307)
                    .insert_header("Location", "https://storage.example.com/payload")
                    .set_body_json(body),
            )
            .mount(&server)
            .await;
        let client = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .unwrap();
        let mut call = Call::new(
            &client,
            "TestOperation",
            Method::GET,
            "https://api.example.com",
            "/Data.json",
        );
        call.accept_status(307);
        let decoded: serde_json::Value = call.send().await.unwrap();
        assert_eq!(decoded["redirect_to"], "https://storage.example.com/payload");
        let plain = Call::new(
            &client,
            "TestOperation",
            Method::GET,
            "https://api.example.com",
            "/Data.json",
        );
        assert!(matches!(
            plain.send::<serde_json::Value>().await,
            Err(Error::Http { status: 307, .. })
        ));
    }
}

#[cfg(feature = "tools")]
mod tool_names {
    use crate::tools::{listed_names, resolve, Tool};
    use crate::ToolError;

    const fn tool(domain: &'static str, name: &'static str, operation_id: &'static str) -> Tool {
        Tool {
            name,
            operation_id,
            domain,
            description: "",
            input_schema: "{}",
            output_schema: None,
            method: "GET",
            path: "/",
        }
    }

    const TOOLS: &[Tool] = &[
        tool("api_v2010", "listConference", "ListConference"),
        tool("chat_v1", "fetchService", "FetchService"),
        tool("chat_v2", "fetchService", "FetchService"),
    ];

    #[test]
    fn a_name_depends_on_its_operation_and_qualified_names_pick_an_api() {
        for name in [
            "listConference",
            "ListConference",
            "api_v2010_listConference",
            "api_v2010.ListConference",
        ] {
            assert_eq!(resolve(name, TOOLS).map(|t| t.domain).ok(), Some("api_v2010"), "{name}");
        }
        assert_eq!(
            resolve("chat_v2_fetchService", TOOLS).map(|t| t.domain).ok(),
            Some("chat_v2")
        );
        match resolve("fetchService", TOOLS) {
            Err(ToolError::Ambiguous { candidates, .. }) => {
                assert_eq!(candidates, ["chat_v1_fetchService", "chat_v2_fetchService"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            resolve("listConferences", TOOLS),
            Err(ToolError::UnknownTool { .. })
        ));
    }

    #[test]
    fn listings_qualify_only_the_names_they_share() {
        assert_eq!(
            listed_names(TOOLS),
            ["listConference", "chat_v1_fetchService", "chat_v2_fetchService"]
        );
        assert_eq!(listed_names(&TOOLS[..2]), ["listConference", "fetchService"]);
    }
}

mod your_own_http_stack {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::Call;
    use reqwest::Method;
    use wiremock::matchers::{header, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const PATH: &str = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

    async fn server() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header("x-trace", "abc"))
            .and(header("user-agent", "my-stack/1.0"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string("{}")
                    .insert_header("X-Request-Id", "RQ0123456789abcdef0123456789abcdef"),
            )
            .expect(1)
            .mount(&server)
            .await;
        server
    }

    fn call(client: &Client) -> Call {
        let mut call = Call::new(client, "ListMessage", Method::GET, "https://api.example.com", PATH);
        call.path_param("AccountSid", SID);
        call.query("To", "+15551234567");
        call
    }

    #[tokio::test]
    async fn hooks_see_the_operation_and_run_on_the_users_own_client() {
        let server = server().await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (before, after) = (Arc::clone(&seen), Arc::clone(&seen));
        let http = reqwest::Client::builder().user_agent("my-stack/1.0").build().unwrap();
        let client = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .base_url(server.uri())
            .allow_insecure_http(true)
            .http_client(http)
            .before_request(move |info, request| {
                before
                    .lock()
                    .unwrap()
                    .push(format!("{} {} {}", info.operation, info.method, info.path_template));
                request.headers_mut().insert("x-trace", "abc".parse().unwrap());
            })
            .after_response(move |info, response| {
                after
                    .lock()
                    .unwrap()
                    .push(format!("{} -> {}", info.operation, response.status()));
            })
            .build()
            .unwrap();
        call(&client).send::<serde_json::Value>().await.unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            [format!("ListMessage GET {PATH}"), "ListMessage -> 200 OK".to_owned()]
        );
    }
}

mod paging {
    use super::*;
    use crate::{Call, Page};
    use reqwest::Method;
    use wiremock::matchers::{header, method, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[derive(serde::Deserialize)]
    struct Things {
        items: Vec<u32>,
        next: Option<String>,
    }

    impl Page for Things {
        type Item = u32;
        fn items(&self) -> &[u32] {
            &self.items
        }
        fn into_items(self) -> Vec<u32> {
            self.items
        }
        fn next_page_link(&self) -> Option<&str> {
            self.next.as_deref()
        }
    }

    #[tokio::test]
    async fn header_parameters_are_sent_with_every_page() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header("X-Webhook-Enabled", "true"))
            .and(query_param("Page", "1"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"items":[3],"next":null}"#))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("X-Webhook-Enabled", "true"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"items":[1,2],"next":"/v1/Things?Page=1"}"#))
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .unwrap();
        let mut call = Call::new(
            &client,
            "ListThing",
            Method::GET,
            "https://api.example.com",
            "/v1/Things",
        );
        call.header("X-Webhook-Enabled", &true);
        let items = call.paginate::<Things>().collect().await.unwrap();
        assert_eq!(items, [1, 2, 3]);
    }
}

mod relative_servers {
    use super::*;

    #[test]
    fn a_spec_without_servers_needs_a_base_url_and_keeps_its_path() {
        let plain = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .build()
            .unwrap();
        let error = plain.base_for("").unwrap_err();
        assert!(error.to_string().contains("base_url"), "{error}");
        let based = Client::builder(Credentials::basic(SID, "t").for_account(SID))
            .base_url("https://api.example.com/root/")
            .build()
            .unwrap();
        assert_eq!(based.base_for("").unwrap().as_str(), "https://api.example.com/root");
        assert_eq!(
            based.base_for("/v2").unwrap().as_str(),
            "https://api.example.com/root/v2"
        );
        assert_eq!(
            based.base_for("https://other.example.com").unwrap().as_str(),
            "https://api.example.com/root/"
        );
    }
}

mod transport {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::{Call, Transport, TransportFuture};
    use reqwest::Method;

    /// A transport double: records each request as text and answers from
    /// a list, without a network.
    #[derive(Debug, Clone, Default)]
    struct Recorder {
        seen: Arc<Mutex<Vec<String>>>,
        answers: Arc<Mutex<Vec<(u16, &'static str)>>>,
    }

    impl Transport for Recorder {
        fn execute(&self, request: reqwest::Request) -> TransportFuture {
            let mut headers: Vec<String> = request
                .headers()
                .iter()
                .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
                .collect();
            headers.sort();
            let body = request.body().and_then(|b| b.as_bytes()).unwrap_or_default();
            let text = format!(
                "{} {}\n{}\n\n{}",
                request.method(),
                request.url(),
                headers.join("\n"),
                String::from_utf8_lossy(body)
            );
            self.seen.lock().unwrap().push(text);
            let (status, body) = self.answers.lock().unwrap().remove(0);
            let response = http::Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(body)
                .unwrap();
            Box::pin(async move { Ok(reqwest::Response::from(response)) })
        }
    }

    fn client(recorder: &Recorder, retry: Option<crate::Retry>) -> Client {
        let mut builder = Client::builder(Credentials::basic("user", "pass")).transport(recorder.clone());
        if let Some(retry) = retry {
            builder = builder.retry(retry);
        }
        builder.build().unwrap()
    }

    #[tokio::test]
    async fn a_plugged_transport_sees_the_exact_requests() {
        let recorder = Recorder::default();
        recorder.answers.lock().unwrap().push((201, r#"{"id":"t1"}"#));
        let mut call = Call::new(
            &client(&recorder, None),
            "CreateThing",
            Method::POST,
            "https://api.example.com",
            "/v1/Things",
        );
        call.form("Name", "a b");
        call.header("X-Trace", &"t-1");
        let created: serde_json::Value = call.send().await.unwrap();
        assert_eq!(created["id"], "t1");
        let seen = recorder.seen.lock().unwrap();
        assert_eq!(
            seen.as_slice(),
            ["POST https://api.example.com/v1/Things\n\
              accept: application/json\n\
              authorization: Basic dXNlcjpwYXNz\n\
              content-type: application/x-www-form-urlencoded\n\
              x-trace: t-1\n\n\
              Name=a+b"]
        );
    }

    #[tokio::test]
    async fn retries_and_errors_are_the_clients_whatever_the_transport() {
        let recorder = Recorder::default();
        recorder.answers.lock().unwrap().extend([(503, "{}"), (200, "[1]")]);
        let retry = crate::Retry {
            max_retries: 2,
            base_delay: std::time::Duration::ZERO,
            ..crate::Retry::default()
        };
        let call = Call::new(
            &client(&recorder, Some(retry)),
            "ListThings",
            Method::GET,
            "https://api.example.com",
            "/v1/Things",
        );
        let listed: Vec<u32> = call.send().await.unwrap();
        assert_eq!(listed, [1]);
        assert_eq!(
            recorder.seen.lock().unwrap().len(),
            2,
            "one retry of the GET answered 503"
        );
    }
}

#[cfg(feature = "blocking")]
mod blocking {
    use super::*;
    use crate::blocking::Wait;
    use crate::Call;
    use reqwest::Method;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A server on its own runtime, so the test itself has none.
    fn server() -> (tokio::runtime::Runtime, MockServer) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"n":1}"#))
                .mount(&server)
                .await;
            server
        });
        (runtime, server)
    }

    fn call(server: &MockServer) -> Call {
        let client = Client::builder(Credentials::none())
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .unwrap();
        Call::new(&client, "GetThing", Method::GET, "https://api.example.com", "/v1/Thing")
    }

    #[test]
    fn wait_sends_without_a_runtime_of_the_callers() {
        let (_runtime, server) = server();
        for _ in 0..3 {
            let thing: serde_json::Value = call(&server).send().wait().unwrap();
            assert_eq!(thing["n"], 1);
        }
    }

    #[tokio::test]
    async fn wait_inside_an_async_runtime_is_refused_not_a_stall() {
        let error = call_without_server().send::<serde_json::Value>().wait().unwrap_err();
        assert!(
            matches!(&error, Error::Config(message) if message.contains("async runtime")),
            "{error}"
        );
    }

    fn call_without_server() -> Call {
        let client = Client::builder(Credentials::none()).build().unwrap();
        Call::new(&client, "GetThing", Method::GET, "https://api.example.com", "/v1/Thing")
    }
}
