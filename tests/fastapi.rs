//! OpenAPI 3.1 from a real producer: the FastAPI service of
//! `tests/fastapi/app.py` (path, query and header parameters, enums,
//! `Optional` fields, nested models with aliases, datetimes, UUIDs, dicts, a
//! discriminated union, JSON, form and multipart bodies, a binary download,
//! bearer security, 404, 422, 204, a webhook it sends) is started on a free
//! loopback port, the client is generated from its live `/openapi.json`,
//! must name Twilio nowhere and pass clippy with warnings denied, and
//! `tests/fastapi/calls.rs` calls every endpoint through it (bodies built
//! with their constructors) and checks each answer.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use client_tests::workspace_root;

/// The FastAPI app, stopped when dropped.
struct App {
    child: Child,
    address: String,
}

impl App {
    fn start(python: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(python)
            .arg(workspace_root().join("tests/fastapi/app.py"))
            .arg(port.to_string())
            .stdout(Stdio::null())
            .spawn()
            .expect("the FastAPI app starts");
        Self {
            child,
            address: format!("127.0.0.1:{port}"),
        }
    }

    /// `GET path` once the app answers (it takes a second to start).
    fn get(&mut self, path: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(body) = http_get(&self.address, path) {
                return body;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the FastAPI app exited ({status})");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the FastAPI app never answered"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of a 200 answer to a plain HTTP/1.0 GET, if one came.
fn http_get(address: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_owned())
}

use client_tests::cargo_ok as cargo;

#[test]
fn a_fastapi_service_is_called_through_the_client_generated_from_its_live_openapi_3_1() {
    let Some(python) = client_tests::installed_python("FastAPI", "the FastAPI test") else {
        return;
    };
    let mut app = App::start(&python);
    let spec = app.get("/openapi.json");
    let document: serde_json::Value = serde_json::from_str(&spec).expect("FastAPI serves JSON");
    assert_eq!(document["openapi"], "3.1.0", "FastAPI writes OpenAPI 3.1");

    let root = workspace_root();
    let out = root.join("target/fastapi-client");
    let spec_dir = root.join("target/fastapi-spec");
    std::fs::create_dir_all(&spec_dir).expect("folder");
    let spec_file = spec_dir.join("pet_clinic.json");
    std::fs::write(&spec_file, &spec).expect("spec written");
    let files = client_tests::generate_files(&[spec_file], "pet-clinic").expect("FastAPI's 3.1 spec generates");
    openapi_client_generator::write::write_all(&out, &files).expect("written");
    std::fs::create_dir_all(out.join("examples")).expect("folder");
    std::fs::copy(root.join("tests/fastapi/calls.rs"), out.join("examples/calls.rs")).expect("copied");

    // A crate from another API's spec names Twilio nowhere.
    let mentions: Vec<String> = files
        .iter()
        .filter(|file| file.text.to_ascii_lowercase().contains("twilio"))
        .map(|file| file.path.display().to_string())
        .collect();
    assert!(mentions.is_empty(), "Twilio is named in {mentions:?}");
    client_tests::clippy_clean(&out);
    let url = format!("http://{}", app.address);
    let said = cargo(&out, &["run", "--quiet", "--example", "calls", "--", &url]);
    let calls: Vec<&str> = said.lines().filter(|l| l.starts_with("ok ")).collect();
    // Every endpoint, and the refusals: a wrong token, a bound, 404, 422.
    assert_eq!(calls.len(), 12, "{said}");
    for endpoint in [
        "login",
        "create_pet",
        "new-pet webhook",
        "list_pets",
        "get_pet",
        "pay",
        "upload_photo",
        "download_photo",
        "delete_pet",
    ] {
        assert!(
            calls.iter().any(|c| c.starts_with(&format!("ok {endpoint}"))),
            "{endpoint} not called:\n{said}"
        );
    }
    mcp_sends_the_crates_own_bearer_token(&python, &out, &url);
}

/// The crate's MCP server, driven by the official MCP Python SDK: the
/// service's bearer token comes from `PET_CLINIC_TOKEN`, and the service
/// refuses a wrong one (401) and accepts the right one (a delete: 204).
fn mcp_sends_the_crates_own_bearer_token(python: &Path, out: &Path, url: &str) {
    cargo(
        out,
        &["build", "--quiet", "--features", "mcp", "--bin", "pet-clinic-mcp"],
    );
    let server = client_tests::generated_target_dir().join("debug/pet-clinic-mcp");
    let call = |token: &str| -> serde_json::Value {
        let output = Command::new(python)
            .arg(workspace_root().join("tests/fastapi/mcp_client.py"))
            .args([server.as_os_str(), url.as_ref(), token.as_ref()])
            .output()
            .expect("the MCP client script runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).expect("the script prints JSON")
    };
    let right = call("secret-token");
    assert!(right["is_error"] == false, "the right token: {right}");
    let wrong = call("stolen-token");
    let text = wrong["text"].as_str().unwrap_or_default();
    assert!(
        wrong["is_error"] == true && text.contains("401"),
        "a wrong token: {wrong}"
    );
}
