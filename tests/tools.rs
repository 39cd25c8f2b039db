//! Every operation as an agent tool: the schemas are valid JSON Schema and
//! describe what the typed builders accept, and `call_tool` sends exactly
//! what the typed builder sends, or a precise error and nothing at all.

use serde_json::{json, Value};
use twilio_client::{tools, tools_by_domain, tools_list_json, AccountSid, Client, Credentials, ToolError};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

fn client(server: &MockServer) -> Client {
    Client::builder(Credentials::account(ACCOUNT, "token"))
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

fn valid_args() -> Value {
    json!({
        "AccountSid": ACCOUNT,
        "DateCreated<": "2024-01-31",
        "DateCreated>": "2024-01-01",
        "FriendlyName": "Room & co",
        "Status": "in-progress",
        "PageSize": 20
    })
}

fn page(next: Option<&str>, names: &[&str]) -> Value {
    let conferences: Vec<Value> = names
        .iter()
        .map(|n| json!({"friendly_name": n, "status": "completed"}))
        .collect();
    json!({"conferences": conferences, "next_page_uri": next, "page": 0, "page_size": 20})
}

async fn server_with_pages() -> MockServer {
    let server = MockServer::start().await;
    let path = format!("/2010-04-01/Accounts/{ACCOUNT}/Conferences.json");
    let next = format!("{path}?Page=1&PageToken=PT1");
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param_is_missing("PageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(Some(&next), &["a", "b"])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param("PageToken", "PT1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(None, &["c"])))
        .mount(&server)
        .await;
    server
}

#[test]
fn every_operation_is_a_tool_with_a_valid_schema() {
    let all = tools();
    let names: Vec<_> = all.iter().map(|t| t.name).collect();
    assert_eq!(names, ["listConference"]);
    assert_eq!(tools_by_domain()[0].0, "api_v2010");
    for tool in &all {
        let schema = tool.input_schema();
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{}: not a valid JSON Schema",
            tool.name
        );
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(tool.description.contains("Retrieve a list of conferences"));
    }
    let listed = tools_list_json();
    assert_eq!(listed["tools"][0]["name"], "listConference");
    assert!(listed["tools"][0]["inputSchema"]["properties"]["DateCreated<"].is_object());
}

#[test]
fn the_schema_accepts_valid_arguments_and_rejects_bad_sids_and_enums() {
    let schema = tools()[0].input_schema();
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    assert!(validator.is_valid(&valid_args()));
    assert_eq!(
        schema["properties"]["Status"]["enum"],
        json!(["init", "in-progress", "completed"])
    );
    assert_eq!(schema["properties"]["PageSize"]["maximum"], json!(1000));
    // `AccountSid` defaults to the account of the credentials.
    assert_eq!(schema["required"], json!([]));
    for bad in [
        json!({"AccountSid": "AC123"}),
        json!({"AccountSid": ACCOUNT, "Status": "paused"}),
        json!({"AccountSid": ACCOUNT, "PageSize": 5000}),
        json!({"AccountSid": ACCOUNT, "Bogus": 1}),
    ] {
        assert!(!validator.is_valid(&bad), "accepted {bad}");
    }
}

fn query_of(request: &Request) -> String {
    request.url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn call_tool_sends_exactly_what_the_typed_builder_sends() {
    let server = server_with_pages().await;
    let client = client(&server);
    let account: AccountSid = ACCOUNT.parse().expect("valid");
    let date = |d: &str| time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).expect("date");
    client
        .api_v2010()
        .list_conference()
        .account_sid(&account)
        .date_created_before(date("2024-01-31"))
        .date_created_after(date("2024-01-01"))
        .friendly_name("Room & co")
        .status(twilio_client::api_v2010::ConferenceStatus::InProgress)
        .page_size(20)
        .send()
        .await
        .expect("typed call");
    let mut args = valid_args();
    args["limit"] = json!(2);
    client.call_tool("listConference", args).await.expect("tool call");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(query_of(&requests[0]), query_of(&requests[1]));
    assert_eq!(requests[0].url.path(), requests[1].url.path());
    assert_eq!(
        query_of(&requests[1]),
        "DateCreated%3C=2024-01-31&DateCreated%3E=2024-01-01&FriendlyName=Room+%26+co&Status=in-progress&PageSize=20"
    );
}

#[tokio::test]
async fn list_tools_return_items_across_pages_up_to_the_limit() {
    let server = server_with_pages().await;
    let client = client(&server);
    let all = client
        .call_tool("listConference", json!({"AccountSid": ACCOUNT}))
        .await
        .expect("ok");
    let names: Vec<_> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["friendly_name"].clone())
        .collect();
    assert_eq!(names, [json!("a"), json!("b"), json!("c")]);
    assert!(all.get("pages").is_none());
    let limited = client
        .call_tool(
            "ListConference",
            json!({"AccountSid": ACCOUNT, "limit": 1, "pageMetadata": true}),
        )
        .await
        .expect("ok");
    assert_eq!(limited["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(limited["pages"][0]["page_size"], json!(20));
    assert!(limited["pages"][0].get("conferences").is_none());
}

async fn refused(args: Value) -> ToolError {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let error = client(&server).call_tool("listConference", args).await.unwrap_err();
    assert!(
        server.received_requests().await.expect("recorded").is_empty(),
        "sent despite {error}"
    );
    error
}

#[tokio::test]
async fn every_kind_of_bad_call_is_refused_before_sending() {
    match refused(json!("AccountSid")).await {
        ToolError::NotAnObject { tool: "listConference" } => {}
        other => panic!("{other}"),
    }
    match refused(json!({"AccountSid": ACCOUNT, "Bogus": 1})).await {
        ToolError::UnknownArgument { argument, .. } => assert_eq!(argument, "Bogus"),
        other => panic!("{other}"),
    }
    match refused(json!({"AccountSid": ACCOUNT, "PageSize": "many"})).await {
        ToolError::InvalidArgument { argument, reason, .. } => {
            assert_eq!(argument, "PageSize");
            assert!(reason.contains("integer"), "{reason}");
        }
        other => panic!("{other}"),
    }
    match refused(json!({"AccountSid": "AC123"})).await {
        ToolError::InvalidArgument { argument, reason, .. } => {
            assert_eq!(argument, "AccountSid");
            assert!(reason.contains("^AC[0-9a-fA-F]{32}$"), "{reason}");
        }
        other => panic!("{other}"),
    }
    match refused(json!({"AccountSid": ACCOUNT, "Status": "paused"})).await {
        ToolError::InvalidArgument { argument, reason, .. } => {
            assert_eq!(argument, "Status");
            assert!(reason.contains("in-progress"), "{reason}");
        }
        other => panic!("{other}"),
    }
    match refused(json!({"AccountSid": ACCOUNT, "PageSize": 5000})).await {
        ToolError::InvalidArgument { argument, .. } => assert_eq!(argument, "PageSize"),
        other => panic!("{other}"),
    }
    assert!(matches!(refused(json!([1, 2])).await, ToolError::NotAnObject { .. }));
}

#[tokio::test]
async fn an_unknown_tool_suggests_close_names() {
    let server = MockServer::start().await;
    let error = client(&server)
        .call_tool("listConferences", json!({}))
        .await
        .unwrap_err();
    match &error {
        ToolError::UnknownTool { suggestions, .. } => assert_eq!(suggestions, &["listConference"]),
        other => panic!("{other}"),
    }
    assert!(error.to_string().contains("did you mean `listConference`"), "{error}");
}

#[tokio::test]
async fn the_api_error_keeps_twilio_code_and_message() {
    let server = MockServer::start().await;
    let body = json!({"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(body))
        .mount(&server)
        .await;
    match client(&server)
        .call_tool("listConference", json!({"AccountSid": ACCOUNT}))
        .await
        .unwrap_err()
    {
        ToolError::Api { status: 401, error, .. } => {
            assert_eq!(error.code().as_deref(), Some("20003"));
            assert_eq!(error.message(), "Authenticate");
        }
        other => panic!("{other}"),
    }
}

/// A list result longer than the runtime's cap is cut between items and
/// says which `skipItems` continues it; continuing yields exactly the rest.
#[tokio::test]
async fn a_result_too_large_for_an_agent_is_cut_with_where_to_continue() {
    let server = MockServer::start().await;
    let long = "x".repeat(30_000);
    let names: Vec<String> = (0..5).map(|n| format!("{n}{long}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(None, &names)))
        .mount(&server)
        .await;
    let client = client(&server);
    let first = client
        .call_tool("listConference", json!({"AccountSid": ACCOUNT, "limit": 5}))
        .await
        .expect("a list");
    let first_items = first["items"].as_array().expect("items").len();
    assert_eq!(
        first_items,
        3,
        "three 30 KB items fit in {} bytes",
        twilio_client::runtime::tools::MAX_RESULT_BYTES
    );
    assert_eq!(
        first["truncated"]["continue_with"],
        json!({"skipItems": 3, "limit": 2}),
        "{}",
        first["truncated"]
    );
    let rest = client
        .call_tool(
            "listConference",
            json!({"AccountSid": ACCOUNT, "limit": 2, "skipItems": 3}),
        )
        .await
        .expect("the rest");
    let names_of = |value: &Value| -> Vec<String> {
        value["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["friendly_name"].as_str().unwrap_or_default()[..1].to_owned())
            .collect()
    };
    assert_eq!(names_of(&first), ["0", "1", "2"]);
    assert_eq!(names_of(&rest), ["3", "4"]);
    assert!(rest.get("truncated").is_none());
}
