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
    let python = client_tests::python();
    if !python.exists() {
        let why = "the MCP Python SDK is not installed (`cargo xtask install-python`)";
        assert!(std::env::var_os("REQUIRE_TWILIO_CONTRACT").is_none(), "{why}");
        eprintln!("skipped the MCP server test: {why}");
        return;
    }
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
    let output = Command::new(&python)
        .arg(workspace_root().join("tests/mcp/client.py"))
        .arg(&server)
        .arg(&prism.url)
        .arg(port.to_string())
        .output()
        .expect("the MCP client script runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "MCP client script failed:\n{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the script prints JSON");
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
            report["default_tools"] == core_operations,
            "the default exposes api_v2010's operations",
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
                && text("account_sid_description").ends_with("defaults to the account of the server's credentials."),
            "the agent is told AccountSid defaults to the credentials' account",
        ),
        (
            // [readOnly, destructive, idempotent, openWorld], from the HTTP method.
            report["annotations"]
                == serde_json::json!({
                    "listConference": [true, false, true, true],
                    "createQueue": [false, false, false, true],
                    "updateQueue": [false, false, false, true],
                    "deleteQueue": [false, true, true, true],
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
        (report["all_tools"] == all_operations, "--api all lists every operation"),
    ];
    let failed: Vec<&str> = checks.iter().filter(|(ok, _)| !ok).map(|(_, what)| *what).collect();
    assert!(
        failed.is_empty(),
        "MCP server: {failed:?}\nreport: {report:#}\nserver log:\n{stderr}"
    );
    eprintln!(
        "MCP: tools/list default {} tools, {} bytes, {} ms; all {} tools, {} bytes, {} ms; \
         listConference median {} ms through MCP (stdio) vs {direct_ms:.2} ms call_tool directly",
        report["default_tools"],
        report["default_list_bytes"],
        report["default_list_ms"],
        report["all_tools"],
        report["all_list_bytes"],
        report["all_list_ms"],
        report["call_median_ms"],
    );
}
