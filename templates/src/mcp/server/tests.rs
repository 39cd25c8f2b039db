use super::*;
use crate::tools::listed_names;

const fn tool(domain: &'static str, name: &'static str, method: &'static str) -> Tool {
    Tool {
        name,
        operation_id: name,
        domain,
        description: "",
        input_schema: "{}",
        output_schema: None,
        method,
        path: "/",
    }
}

fn api() -> Api {
    Api {
        name: "test",
        version: "0",
        tools: vec![
            tool("api_v2010", "listConference", "GET"),
            tool("api_v2010", "createCall", "POST"),
            tool("chat_v1", "fetchService", "GET"),
            tool("chat_v2", "fetchService", "GET"),
        ],
        default_apis: &["api_v2010"],
        call: Arc::new(|_, _, _| Box::pin(async { Ok(Value::Null) })),
        environment: crate::mcp::Environment::Prefixed("TEST"),
    }
}

#[test]
fn a_server_takes_its_vendors_flags_and_no_other() {
    let usage = crate::mcp::options::usage("pets", crate::mcp::Environment::Prefixed("PETS"));
    assert!(usage.contains("PETS_TOKEN") && !usage.contains("--region"), "{usage}");
    let args = ["--region".to_owned(), "ie1".to_owned()];
    let refused = Options::parse_for(&args, crate::mcp::Environment::Prefixed("PETS")).unwrap_err();
    assert!(refused.contains("--region"), "{refused}");
    static VENDOR: crate::mcp::VendorEnvironment = crate::mcp::VendorEnvironment {
        builder: |_| Ok(crate::ClientBuilder::new(crate::Credentials::none())),
        credentials_help: "KEY=VALUE lines (VENDOR_KEY)",
        instructions: "VendorId defaults to the credentials' own.",
        flags: &[crate::mcp::VendorFlag {
            name: "region",
            help: "the vendor's region",
            apply: |builder, _| builder,
        }],
    };
    let vendor = crate::mcp::Environment::Vendor(&VENDOR);
    let options = Options::parse_for(&args, vendor).expect("the vendor's flag");
    assert_eq!(options.vendor, [("region", "ie1".to_owned())]);
    let usage = crate::mcp::options::usage("vendor", vendor);
    assert!(
        usage.contains("--region VALUE") && usage.contains("the vendor's region"),
        "{usage}"
    );
}

#[tokio::test]
async fn an_unknown_tool_gets_the_closest_listed_names() {
    let api = api();
    let args = ["--api", "all", "--no-discover"].map(str::to_owned);
    let options = Options::parse(&args).expect("options");
    let tools = select(&api, &options).expect("tools");
    let client = crate::ClientBuilder::new(crate::Credentials::none())
        .build()
        .expect("client");
    let server = ToolServer::new(&api, tools, client, &options);
    let refused = server.run("listConferences", None).await.expect_err("no such tool");
    assert!(
        refused.message.contains("did you mean `listConference`?"),
        "{}",
        refused.message
    );
    let refused = server.run("fetchservice", None).await.expect_err("no such tool");
    assert!(
        refused
            .message
            .contains("`chat_v1_fetchService`, `chat_v2_fetchService`"),
        "{}",
        refused.message
    );
    let refused = server.run("zzz", None).await.expect_err("no such tool");
    assert_eq!(refused.message, "no tool `zzz` is exposed");
    assert!(
        server.instructions.ends_with("following the API's pages."),
        "{}",
        server.instructions
    );
}

fn names(args: &[&str]) -> Result<Vec<String>, String> {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let options = Options::parse(&args)?;
    select(&api(), &options).map(|tools| listed_names(&tools))
}

#[test]
fn the_operator_chooses_what_is_exposed() {
    assert_eq!(names(&[]).unwrap(), ["listConference", "createCall"]);
    assert_eq!(names(&["--read-only"]).unwrap(), ["listConference"]);
    assert_eq!(
        names(&["--api", "all", "--tools", "fetch*"]).unwrap(),
        ["chat_v1_fetchService", "chat_v2_fetchService"]
    );
    assert_eq!(names(&["--api", "chat_v2"]).unwrap(), ["fetchService"]);
    assert_eq!(
        names(&["--tools", "chat_v1_*", "--api", "all"]).unwrap(),
        ["fetchService"]
    );
    assert!(names(&["--api", "voice_v1"])
        .unwrap_err()
        .contains("api_v2010, chat_v1, chat_v2"));
    assert_eq!(
        names(&["--tools", "nothing*"]).unwrap_err(),
        "these options expose no tool"
    );
}

#[tokio::test]
async fn discovery_lists_meta_tools_and_registering_an_api_lists_its_own() {
    let api = api();
    let options = Options::parse(&["--api".to_owned(), "all".to_owned()]).expect("options");
    assert!(options.discovers(), "the default with --api all");
    let tools = select(&api, &options).expect("tools");
    let client = crate::ClientBuilder::new(crate::Credentials::none())
        .build()
        .expect("client");
    let server = ToolServer::new(&api, tools, client, &options);
    let listed = |server: &ToolServer| -> Vec<String> { server.listing().iter().map(|t| t.name.to_string()).collect() };
    assert_eq!(
        listed(&server),
        [
            "search_operations",
            "describe_operation",
            "call_operation",
            "register_api"
        ]
    );
    let args = |json: serde_json::Value| json.as_object().cloned();
    let (found, changed) = server
        .run(
            "search_operations",
            args(serde_json::json!({ "query": "conferences list" })),
        )
        .await
        .expect("a search");
    assert!(!changed);
    let operations = &found.structured_content.expect("structured")["operations"];
    assert_eq!(operations[0]["name"], "listConference", "{operations}");
    let refused = server
        .run(
            "describe_operation",
            args(serde_json::json!({ "name": "listConferences" })),
        )
        .await
        .expect_err("no such operation");
    assert!(
        refused.message.contains("did you mean `listConference`?"),
        "{}",
        refused.message
    );
    let refused = server.run("listConference", None).await.expect_err("not listed yet");
    assert!(
        refused.message.contains("no tool `listConference` is exposed"),
        "{}",
        refused.message
    );
    let (called, _) = server
        .run(
            "call_operation",
            args(serde_json::json!({ "name": "chat_v2_fetchService", "arguments": {} })),
        )
        .await
        .expect("called through the meta-tool");
    assert_ne!(called.is_error, Some(true));

    let fresh = server.session();
    let (_, changed) = server
        .run("register_api", args(serde_json::json!({ "api": "chat_v1" })))
        .await
        .expect("registered");
    assert!(changed, "the listing changed");
    assert_eq!(listed(&server)[4..], ["chat_v1_fetchService"]);
    assert!(server.run("chat_v1_fetchService", None).await.is_ok());
    assert_eq!(listed(&fresh).len(), 4, "another session's listing is its own");
    let refused = server
        .run("register_api", args(serde_json::json!({ "api": "chat_v9" })))
        .await
        .expect_err("no such API");
    assert!(
        refused.message.contains("api_v2010, chat_v1, chat_v2"),
        "{}",
        refused.message
    );
}
