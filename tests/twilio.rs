//! All of Twilio, unedited: the 50 specs generate into one crate that passes
//! clippy with every feature, and every operation of `api_v2010` and
//! `messaging_v1` is sent to Prism (a validating mock of the same spec),
//! which must accept the request, and the client must decode the answer.
//!
//! Needs `cargo xtask fetch-specs` and `cargo xtask install-prism`, which
//! `cargo xtask test` runs first.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use client_tests::workspace_root;
use openapi_client_generator::write;

/// Failures caused by Twilio's own example data violating its own schema
/// that the client is right to refuse. Each must still occur (if Twilio
/// fixes one, delete its line). Empty since responses decode leniently:
/// ListDependentPhoneNumber (`APaaa…` in `trunk_sid`, pattern `^TK…`) and the
/// BrandVetting operations (`VT12445353`, pattern `^VT` + 32 hex) used to be
/// here and now decode, keeping the malformed SIDs as received.
const SPEC_EXAMPLE_DEFECTS: &[(&str, &str, &str)] = &[];

/// `ListX (tool): error…` → `ListX`: the typed call, its paginated and its
/// tool variant share one entry.
fn operation_of(line: &str) -> &str {
    let label = line.split(": ").next().unwrap_or_default();
    label.split(" (").next().unwrap_or_default()
}

const CONTRACT_DOMAINS: &[(&str, &str)] = &[
    ("api_v2010", "twilio_api_v2010.json"),
    ("messaging_v1", "twilio_messaging_v1.json"),
];

fn prism_bin() -> PathBuf {
    std::env::var_os("PRISM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| client_tests::tools_dir().join("prism/node_modules/.bin/prism"))
}

/// Twilio's specs, if fetched and Prism is installed. `cargo xtask test`
/// fetches both and sets `REQUIRE_TWILIO_CONTRACT`, which turns their
/// absence into a failure; a plain `cargo test` skips, saying why.
fn specs_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("twilio-specs");
    let count = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    let missing = if count < 50 {
        Some(format!(
            "{} lacks Twilio's specs (`cargo xtask fetch-specs`)",
            dir.display()
        ))
    } else if !prism_bin().exists() {
        Some("Prism is not installed (`cargo xtask install-prism`)".to_owned())
    } else {
        None
    };
    match missing {
        None => Some(dir),
        Some(why) if std::env::var_os("REQUIRE_TWILIO_CONTRACT").is_some() => panic!("{why}"),
        Some(why) => {
            eprintln!(
                "skipped: the all-Twilio contract needs what is missing here: {why}; `cargo xtask test` sets it up"
            );
            None
        }
    }
}

pub(crate) fn cargo(crate_dir: &Path, args: &[&str]) {
    let started = Instant::now();
    let output = client_tests::cargo_on_generated(crate_dir)
        .args(args)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo {} failed:\n{stderr}", args.join(" "));
    eprintln!("cargo {} took {:.1?}", args.join(" "), started.elapsed());
}

/// A Prism mock server on a free loopback port, stopped on drop.
pub(crate) struct Prism {
    child: Child,
    pub(crate) url: String,
}

impl Prism {
    pub(crate) fn start(spec: &Path) -> Prism {
        let bin = prism_bin();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let mut child = Command::new(bin)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("prism starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("Prism is listening") {
                    let _ = ready_tx.send(());
                }
            }
        });
        let prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        ready_rx
            .recv_timeout(Duration::from_secs(120))
            .expect("Prism listens within 2 minutes");
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The contract program's `tool-args` answer for `domain`: the listed
/// tools (with their input and output schemas) and each call's arguments.
fn tool_listing(contract: &Path, domain: &str) -> serde_json::Value {
    let output = Command::new(contract)
        .args(["tool-args", domain])
        .output()
        .expect("contract runs");
    serde_json::from_slice(&output.stdout).expect("tool-args prints JSON")
}

/// Every tool result of the contract run (`RESULT tool json`) that has an
/// output schema is valid against it (MCP's `outputSchema` matching the
/// `structuredContent` the server sends).
fn check_tool_outputs(listing: &serde_json::Value, domain: &str, stdout: &str) -> Vec<String> {
    use serde_json::Value;
    let tools = listing["tools"].as_array().expect("tools");
    let mut problems = Vec::new();
    let (mut validated, mut without) = (0, 0);
    for line in stdout.lines().filter_map(|line| line.strip_prefix("RESULT ")) {
        let (name, json) = line.split_once(' ').expect("RESULT tool json");
        let listed = tools.iter().find(|tool| {
            let listed = tool["name"].as_str().unwrap_or_default();
            listed == name || name.strip_prefix(domain).and_then(|n| n.strip_prefix('_')) == Some(listed)
        });
        let Some(schema) = listed.and_then(|tool| tool.get("outputSchema")) else {
            without += 1;
            continue;
        };
        let result: Value = serde_json::from_str(json).expect("results are JSON");
        let validator = match jsonschema::validator_for(schema) {
            Ok(validator) => validator,
            Err(error) => {
                problems.push(format!("{domain}: `{name}`'s output schema does not compile: {error}"));
                continue;
            }
        };
        if let Err(error) = validator.validate(&result) {
            problems.push(format!(
                "{domain}: `{name}`'s result does not fit its output schema: {error}"
            ));
        }
        validated += 1;
    }
    eprintln!("{domain}: {validated} tool results valid against their output schema ({without} without one)");
    assert!(
        validated > without,
        "{domain}: only {validated} tool results checked, {without} without an output schema"
    );
    problems
}

/// Every tool schema is valid JSON Schema, accepts the arguments the
/// contract calls use, and rejects a bad SID and a bad enum value.
fn check_tool_schemas(listing: &serde_json::Value, domain: &str) -> Vec<String> {
    use serde_json::Value;
    let arguments = listing["arguments"].as_object().expect("arguments");
    let tools = listing["tools"].as_array().expect("tools");
    let mut problems = Vec::new();
    let (mut checked, mut bad_patterns, mut bad_enums) = (0, 0, 0);
    for (name, args) in arguments {
        let Some(tool) = tools.iter().find(|t| t["name"] == *name.as_str()) else {
            problems.push(format!("{domain}: no tool `{name}` is listed"));
            continue;
        };
        let schema = &tool["inputSchema"];
        if !jsonschema::meta::is_valid(schema) {
            problems.push(format!("{domain}: `{name}` has an invalid JSON Schema"));
            continue;
        }
        let validator = jsonschema::validator_for(schema).expect("valid schemas compile");
        if let Err(error) = validator.validate(args) {
            problems.push(format!(
                "{domain}: `{name}` refuses its contract arguments {args}: {error}"
            ));
        }
        let properties = schema["properties"].as_object().expect("properties");
        for (key, bad, count) in [
            ("pattern", "XX-not-valid", &mut bad_patterns),
            ("enum", "not-listed", &mut bad_enums),
        ] {
            if let Some((argument, _)) = properties.iter().find(|(_, p)| p.get(key).is_some()) {
                let mut broken = args.clone();
                broken[argument.as_str()] = Value::from(bad);
                if validator.is_valid(&broken) {
                    problems.push(format!("{domain}: `{name}` accepts `{bad}` for `{argument}` ({key})"));
                } else {
                    *count += 1;
                }
            }
        }
        checked += 1;
    }
    eprintln!(
        "{domain}: {checked} tool schemas valid; {bad_patterns} refuse a bad pattern value, {bad_enums} a bad enum"
    );
    assert!(checked > 50, "{domain}: only {checked} tools checked");
    problems
}

#[test]
fn all_twilio_specs_compile_and_pass_the_prism_contract() {
    let root = workspace_root();
    let Some(specs) = specs_dir() else { return };
    let crate_dir = root.join("target/twilio-client");
    let loaded = openapi_client_generator::load::load_all(
        &openapi_client_generator::load::spec_files(&specs).expect("spec files"),
    )
    .expect("specs load");
    let krate = openapi_client_generator::lower::lower(&loaded, "twilio-client", false).expect("specs lower");
    let duplicates = client_tests::duplicate_shapes(&krate.types);
    assert!(duplicates.is_empty(), "types with one shape: {duplicates:#?}");
    // All of Twilio is split: its API crates compile in parallel (see
    // `cargo xtask bench --builds`), and the facade keeps one crate's paths.
    let mut packaging = client_tests::packaging("twilio-client");
    packaging.layout = openapi_client_generator::Layout::Split;
    let started = Instant::now();
    let files = client_tests::contract::generate_with_contract(&specs, &packaging).expect("all 50 specs generate");
    eprintln!(
        "generated {} files from 50 specs in {:.1?}",
        files.len(),
        started.elapsed()
    );
    write::write_all(&crate_dir, &files).expect("written");

    cargo(
        &crate_dir,
        &[
            "clippy",
            "--quiet",
            "--workspace",
            "--all-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(
        &crate_dir,
        &["doc", "--quiet", "--no-deps", "--workspace", "--all-features"],
    );
    let features = CONTRACT_DOMAINS
        .iter()
        .map(|(d, _)| *d)
        .chain(["tools", "blocking"])
        .collect::<Vec<_>>()
        .join(",");
    cargo(
        &crate_dir,
        &[
            "build",
            "--quiet",
            "--no-default-features",
            "--features",
            &features,
            "--example",
            "contract",
        ],
    );
    let contract = client_tests::generated_target_dir().join("debug/examples/contract");

    let mut unexpected = Vec::new();
    let listings: std::collections::BTreeMap<&str, serde_json::Value> = CONTRACT_DOMAINS
        .iter()
        .map(|(domain, _)| (*domain, tool_listing(&contract, domain)))
        .collect();
    for (domain, listing) in &listings {
        unexpected.extend(check_tool_schemas(listing, domain));
    }
    // Every API's contract through the async client; the core API's again
    // through the blocking one (`--blocking`), which must agree call for call.
    let runs = CONTRACT_DOMAINS
        .iter()
        .map(|(domain, spec)| (*domain, *spec, None))
        .chain([("api_v2010", "twilio_api_v2010.json", Some("--blocking"))]);
    for (domain, spec, mode) in runs {
        let prism = Prism::start(&specs.join(spec));
        let output = Command::new(&contract)
            .args([domain, prism.url.as_str()])
            .args(mode)
            .output()
            .expect("contract runs");
        drop(prism);
        let label = format!("{domain}{}", mode.map(|m| format!(" {m}")).unwrap_or_default());
        let stdout = String::from_utf8_lossy(&output.stdout);
        eprintln!("{label}: {}", stdout.lines().last().unwrap_or_default());
        let failed: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("FAIL ")).collect();
        for line in &failed {
            let known = SPEC_EXAMPLE_DEFECTS
                .iter()
                .any(|(d, op, _)| *d == domain && operation_of(line) == *op);
            if !known {
                unexpected.push(format!("{label}: {line}"));
            }
        }
        for (_, op, why) in SPEC_EXAMPLE_DEFECTS.iter().filter(|(d, ..)| *d == domain) {
            if !failed.iter().any(|line| operation_of(line) == *op) {
                unexpected.push(format!(
                    "{label}: {op} no longer fails ({why}): remove it from SPEC_EXAMPLE_DEFECTS"
                ));
            }
        }
        let ok = stdout.lines().filter(|l| l.starts_with("ok ")).count();
        assert!(ok > 50, "{label}: only {ok} operations succeeded:\n{stdout}");
        if mode.is_none() {
            unexpected.extend(check_tool_outputs(&listings[domain], domain, &stdout));
        }
        if !output.status.success() && failed.is_empty() {
            unexpected.push(format!(
                "{label}: contract program failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(unexpected.is_empty(), "contract failures:\n{}", unexpected.join("\n"));

    let core = krate
        .domains
        .iter()
        .find(|d| d.module == "api_v2010")
        .map_or(0, |d| d.operations.len());
    let all = krate.domains.iter().map(|d| d.operations.len()).sum();
    super::mcp::check(&crate_dir, &specs, &contract, (core, all));
}
