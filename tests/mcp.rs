//! The MCP server of the all-Twilio crate, driven by the official MCP Python
//! SDK (`tests/mcp/client.py`) over stdio and Streamable HTTP against Prism
//! serving the real api_v2010 spec. Called by the all-Twilio test, which has
//! generated and built the crate.

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use client_tests::workspace_root;
use serde_json::Value;

/// Runs the client script and checks what it saw; prints the figures.
pub fn check(crate_dir: &Path, specs: &Path, contract: &Path, operations: (usize, usize)) {
    let Some(python) = client_tests::installed_python("the MCP Python SDK", "the MCP server test") else {
        return;
    };
    super::twilio::cargo(
        crate_dir,
        &["build", "--quiet", "--all-features", "--bin", "twilio-client-mcp"],
    );
    let server = client_tests::generated_target_dir().join("debug/twilio-client-mcp");
    let prism = super::twilio::Prism::start(&specs.join("twilio_api_v2010.json"));
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    // Twilio's own server, installed beside Prism (`cargo xtask install-prism`).
    let twilio = workspace_root().join("target/prism/node_modules/.bin/twilio-mcp-server");
    assert!(
        twilio.exists() || std::env::var_os("REQUIRE_TWILIO_CONTRACT").is_none(),
        "Twilio's MCP server is not installed (`cargo xtask install-prism`)"
    );
    let output = Command::new(&python)
        .arg(workspace_root().join("tests/mcp/client.py"))
        .arg(&server)
        .arg(&prism.url)
        .arg(port.to_string())
        .arg(if twilio.exists() {
            twilio.as_os_str()
        } else {
            "".as_ref()
        })
        .output()
        .expect("the MCP client script runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "MCP client script failed:\n{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    let inspector = inspector(&server, &prism.url, operations.0);
    let direct = Command::new(contract)
        .args(["bench-tool", prism.url.as_str(), "listConference"])
        .arg(r#"{"AccountSid": "AC00000000000000000000000000000000", "limit": 1}"#)
        .output()
        .expect("contract runs");
    drop(prism);
    let direct_ms: f64 = String::from_utf8_lossy(&direct.stdout)
        .trim()
        .parse()
        .unwrap_or(f64::NAN);
    let (core_operations, all_operations) = operations;
    let text = |key: &str| report[key].as_str().unwrap_or_default().to_owned();
    let checks = [
        (report["has_listConference"] == true, "tools/list finds listConference"),
        (
            report["default_tools"] == core_operations + 1 && report["has_describe"] == true,
            "the default exposes api_v2010's operations, and describe_operation",
        ),
        (
            text("described_date_prose").starts_with("Only include conferences that were created on this date."),
            "describe_operation gives the prose the listing leaves out",
        ),
        (
            report["default_list_bytes"]
                .as_u64()
                .is_some_and(|bytes| bytes <= 160_000),
            "api_v2010's listing is at most 160 KB",
        ),
        (
            report["twilio_list_bytes"] == 0
                || report["default_list_bytes"].as_u64() <= report["twilio_list_bytes"].as_u64().map(|b| b / 2),
            "api_v2010's listing is at most half of Twilio's server's",
        ),
        (
            report["discover_tools"]
                == serde_json::json!([
                    "call_operation",
                    "describe_operation",
                    "register_api",
                    "search_operations"
                ])
                && report["discover_list_bytes"]
                    .as_u64()
                    .is_some_and(|bytes| bytes <= 8192),
            "--api all starts in discovery mode: four meta-tools in at most 8 KB",
        ),
        (
            report["indexed_operations"] == all_operations,
            "the search index holds every operation",
        ),
        (
            report["search_rank"] == 1 && report["described_has_account"] == true,
            "searching `conferences list` finds listConference first; describe gives its schema",
        ),
        (
            report["discover_seed_is_error"] == false && report["discover_seed_items_is_list"] == true,
            "call_operation runs the seed call",
        ),
        (
            report["register_is_error"] == false
                && report["list_changed_sent"] == true
                && report["registered_tools"] == core_operations + 4
                && report["registered_seed_is_error"] == false,
            "register_api lists api_v2010's operations, says the list changed, and they are callable",
        ),
        (report["seed_is_error"] == false, "listConference {AccountSid} succeeds"),
        (
            report["seed_items_is_list"] == true,
            "listConference returns the conferences (Prism: the spec's example page)",
        ),
        (report["seed_text_is_json"] == true, "results are JSON text"),
        (report["create_is_error"] == false, "createQueue (a form body) succeeds"),
        (report["bad_sid_is_error"] == true, "a bad SID is a tool error"),
        (
            text("instructions").contains("AccountSid defaults to the account of the server's credentials")
                && text("account_sid_description") == "Leave it out: defaults to the credentials' account.",
            "the agent is told AccountSid defaults to the credentials' account",
        ),
        (
            // [readOnly, destructive, idempotent, openWorld], from the HTTP method.
            // Only where they differ from MCP's defaults (not read-only,
            // destructive, not idempotent, open world).
            report["annotations"]
                == serde_json::json!({
                    "listConference": [true, null, null, null],
                    "createQueue": [null, false, null, null],
                    "updateQueue": [null, false, null, null],
                    "deleteQueue": [null, null, true, null],
                }),
            "tools are annotated from their HTTP method",
        ),
        (
            text("unknown_tool_text").contains("did you mean `listConference`"),
            "an unknown tool name gets the closest names",
        ),
        (
            text("bad_sid_text").contains("AccountSid") && text("bad_sid_text").contains("^AC[0-9a-fA-F]{32}$"),
            "it names the argument and the rule",
        ),
        (
            report["http_seed_is_error"] == false,
            "listConference over Streamable HTTP",
        ),
        (report["http_has_create"] == false, "--read-only leaves creates out"),
        (report["http_read_only"] == true, "tools are annotated read-only"),
        (
            report["prism_refusal_is_error"] == true,
            "a call Prism refuses is a tool error",
        ),
        (text("prism_refusal_text").contains("HTTP 404"), "with the status"),
        (
            report["output_schema_tools"].as_u64().is_some_and(|n| n > 150)
                && report["output_checked_calls_ok"] == true,
            "--output-schemas lists output schemas, and the SDK accepts the results against them",
        ),
        (
            report["open_without_token_exit"] != 0 && text("open_without_token_says").contains("MCP_HTTP_TOKEN"),
            "listening off loopback without a token is refused at start",
        ),
        (
            report["token_server_started"] == true
                && report["no_token_status"] == 401
                && report["wrong_token_status"] == 401
                && report["token_status"] == 200
                && report["token_seed_is_error"] == false,
            "with a token, requests without it are refused and with it served",
        ),
        (
            report["foreign_origin_status"] == 403 && report["own_origin_status"] == 200,
            "a request from a foreign Origin is refused",
        ),
        (
            report["all_tools"] == all_operations + 1,
            "--api all --no-discover lists every operation",
        ),
    ];
    let failed: Vec<&str> = checks
        .iter()
        .chain(&inspector)
        .filter(|(ok, _)| !ok)
        .map(|(_, what)| *what)
        .collect();
    assert!(
        failed.is_empty(),
        "MCP server: {failed:?}\nreport: {report:#}\nserver log:\n{stderr}"
    );
    eprintln!(
        "MCP: tools/list api_v2010 {} tools, {} bytes, {} ms (Twilio's server: {} tools, {} bytes, {} ms); \
         with --output-schemas {} bytes ({} tools have one); --api all --no-discover {} tools, {} bytes, {} ms; discovery {} bytes, {} ms, index of {} operations \
         built in {} ms, search {} ms; the agent found, described and called listConference reading {} bytes; \
         listConference median {} ms through MCP (stdio) vs {direct_ms:.2} ms call_tool directly",
        report["default_tools"],
        report["default_list_bytes"],
        report["default_list_ms"],
        report["twilio_tools"],
        report["twilio_list_bytes"],
        report["twilio_list_ms"],
        report["output_schema_list_bytes"],
        report["output_schema_tools"],
        report["all_tools"],
        report["all_list_bytes"],
        report["all_list_ms"],
        report["discover_list_bytes"],
        report["discover_list_ms"],
        report["indexed_operations"],
        report["index_ms"],
        report["search_ms"],
        report["agent_read_bytes"],
        report["call_median_ms"],
    );
}

/// The MCP Inspector's CLI mode (npm `@modelcontextprotocol/inspector`), a
/// second client written by others: lists the tools, calls the seed, and in
/// discovery mode searches. Each check is (passed, what).
fn inspector(server: &Path, prism: &str, core_operations: usize) -> Vec<(bool, &'static str)> {
    let bin = workspace_root().join("target/prism/node_modules/.bin/mcp-inspector");
    if !bin.exists() {
        assert!(
            std::env::var_os("REQUIRE_TWILIO_CONTRACT").is_none(),
            "the MCP Inspector is not installed (`cargo xtask install-prism`)"
        );
        return Vec::new();
    }
    let catalog = std::env::temp_dir().join(format!("mcp-inspector-{}.json", std::process::id()));
    let run = |method: &[&str], server_args: &[&str]| -> Value {
        let output = Command::new(&bin)
            .arg("--cli")
            .args(["-e", "TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000"])
            .args(["-e", "TWILIO_AUTH_TOKEN=inspector-token"])
            .args(method)
            .arg("--")
            .arg(server)
            .args(["--base-url", prism])
            .args(server_args)
            .env("MCP_CATALOG_PATH", &catalog)
            .output()
            .expect("the MCP Inspector runs");
        serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
            panic!(
                "the MCP Inspector printed no JSON:\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        })
    };
    let listed = run(&["--method", "tools/list"], &[]);
    let names: Vec<&str> = listed["tools"]
        .as_array()
        .map(|tools| tools.iter().filter_map(|tool| tool["name"].as_str()).collect())
        .unwrap_or_default();
    let called = run(
        &[
            "--method",
            "tools/call",
            "--tool-name",
            "listConference",
            "--tool-arg",
            "limit=1",
        ],
        &[],
    );
    let found = run(
        &[
            "--method",
            "tools/call",
            "--tool-name",
            "search_operations",
            "--tool-arg",
            "query=conferences list",
        ],
        &["--api", "all"],
    );
    let _ = std::fs::remove_file(&catalog);
    vec![
        (
            names.len() == core_operations + 1 && names.contains(&"listConference"),
            "the MCP Inspector lists api_v2010's tools",
        ),
        (
            called["isError"] == false && called["structuredContent"]["items"].is_array(),
            "the MCP Inspector calls listConference",
        ),
        (
            found["structuredContent"]["operations"][0]["name"]
                .as_str()
                .is_some_and(|name| name.ends_with("listConference")),
            "the MCP Inspector searches in discovery mode",
        ),
    ]
}
