//! `cargo xtask corpus --exercise`: one operation each of GitHub, Stripe and
//! Zoom — each with a body kind beyond JSON — and of the Swagger 2.0
//! Petstore (a `formData` file), generated, compiled, and sent to Prism
//! serving that API's spec, which validates the request and answers from
//! the spec.
//!
//! The spec is cut down to the one operation and the components it reaches,
//! both unchanged: the whole of GitHub's takes minutes to compile, and Prism
//! takes over five minutes to load the whole of Stripe's on two cores.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use openapi_client_generator::{load, write, Packaging, RuntimeDependency};
use serde_json::{Map, Value};

use crate::workspace_root;

/// One operation to exercise.
struct Case {
    /// Module (and spec file stem) of the cut-down spec.
    module: &'static str,
    /// The directory's spec, relative to its `api/`; for a Swagger 2.0
    /// case, relative to the Swagger 2.0 corpus, used whole (not cut down).
    spec: &'static str,
    swagger2: bool,
    path: &'static str,
    method: &'static str,
    /// What it shows.
    about: &'static str,
    credentials: &'static str,
    /// The call, an expression on `client` that yields a `Result`.
    call: &'static str,
    /// Whether the responses are replaced by one free-form JSON object:
    /// Stripe's reach most of its 1,300 components, through cycles Prism
    /// does not get through (it never starts listening). The request side,
    /// the point of the exercise, stays as the spec has it.
    free_form_responses: bool,
}

const CASES: &[Case] = &[
    Case {
        module: "github",
        spec: "github.com/api.github.com.json",
        swagger2: false,
        path: "/markdown/raw",
        method: "post",
        about: "a text/plain body and a text/html response",
        credentials: "Credentials::none()",
        call: r#"client.github().markdown_render_raw().body("Hello **world**").send().await"#,
        free_form_responses: false,
    },
    Case {
        module: "stripe",
        spec: "stripe.com.json",
        swagger2: false,
        path: "/v1/customers",
        method: "post",
        about: "a form body with deepObject fields (metadata[order]=…, expand[0]=…) and bearer auth",
        credentials: r#"Credentials::bearer("sk_test_exercise")"#,
        call: r#"client
            .stripe()
            .post_customers()
            .email("ann@example.com")
            .metadata(serde_json::json!({"order": "o-1"}))
            .expand(["tax_ids"])
            .send_with_metadata()
            .await
            .map(|response| response.status)"#,
        free_form_responses: true,
    },
    Case {
        module: "zoom",
        spec: "zoom.us.json",
        swagger2: false,
        path: "/users/{userId}/picture",
        method: "post",
        about: "a multipart/form-data upload of a binary file",
        credentials: r#"Credentials::bearer("zoom-exercise")"#,
        call: r#"client
            .zoom()
            .user_picture("me", exercise_zoom::FilePart::new(vec![0x89, b'P', b'N', b'G']).file_name("me.png").content_type("image/png"))
            .send()
            .await"#,
        free_form_responses: false,
    },
    Case {
        module: "petstore",
        spec: "validate/fixtures/go-swagger/canary/petstore/swagger.json",
        swagger2: true,
        path: "/pet/{petId}/uploadImage",
        method: "post",
        about: "Swagger 2.0: `in: formData` fields with a `type: file`, sent as multipart",
        credentials: r#"Credentials::bearer("petstore-exercise")"#,
        call: r#"client
            .petstore()
            .upload_file(7)
            .additional_metadata("front view")
            .file(exercise_petstore::FilePart::new(vec![0x89, b'P', b'N', b'G']).file_name("rex.png").content_type("image/png"))
            .send()
            .await"#,
        free_form_responses: false,
    },
];

pub fn exercise(api: &Path, swagger2: &Path) -> Result<()> {
    let prism = crate::fetch::install_prism()?;
    let dir = workspace_root().join("target/corpus/exercise");
    let runtime = RuntimeDependency::Path(workspace_root().join("templates").to_string_lossy().into_owned());
    let mut members = Vec::new();
    let mut spec_files = Vec::new();
    for case in CASES {
        let source = if case.swagger2 { swagger2 } else { api };
        let full: Value = serde_json::from_slice(&std::fs::read(source.join(case.spec))?)
            .with_context(|| format!("reading {}", case.spec))?;
        let spec_dir = dir.join("specs").join(case.module);
        std::fs::create_dir_all(&spec_dir)?;
        let spec_file = spec_dir.join(format!("{}.json", case.module));
        let spec = if case.swagger2 { full } else { cut_down(&full, case)? };
        std::fs::write(&spec_file, serde_json::to_vec(&spec)?)?;
        let package = format!("exercise-{}", case.module);
        let packaging = Packaging::new(&package, false).with_runtime(runtime.clone());
        let specs = load::load_all(std::slice::from_ref(&spec_file))?;
        spec_files.push(spec_file);
        let mut files = openapi_client_generator::generate_from(&specs, &packaging)?;
        files.push(example(case, &package));
        write::write_all(&dir.join("crates").join(&package), &files)?;
        members.push(package);
    }
    let manifest = format!(
        "# Written by `cargo xtask corpus --exercise`.\n[workspace]\nresolver = \"2\"\nmembers = {members:?}\n\n\
         # Built to be run once: debuginfo would only slow the build.\n[profile.dev]\ndebug = 0\n"
    );
    std::fs::write(dir.join("crates/Cargo.toml"), manifest)?;
    crate::seed_lockfile(&dir.join("crates"))?;
    let target = build_examples(&dir.join("crates"))?;
    let mut failed = Vec::new();
    for ((case, package), spec) in CASES.iter().zip(&members).zip(&spec_files) {
        let server = Prism::start(&prism, spec)?;
        let output = Command::new(target.join("debug/examples").join(format!("exercise_{}", case.module)))
            .env("BASE_URL", &server.url)
            .output()?;
        drop(server);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            println!("  exercised  {package}: {} — {}", case.about, stdout.trim());
        } else {
            println!("  FAILED     {package}: {}\n{stdout}{stderr}", case.about);
            failed.push(package.clone());
        }
    }
    if let Err(error) = crate::exercise_paging::exercise(api) {
        println!("  FAILED     paging of real specs: {error:#}");
        failed.push("paging".to_owned());
    }
    if let Err(error) = crate::app_of_three::run(api, swagger2, &prism) {
        println!("  FAILED     three generated crates in one application: {error:#}");
        failed.push("app-of-three".to_owned());
    }
    if !failed.is_empty() {
        bail!("exercises failed: {}", failed.join(", "));
    }
    Ok(())
}

/// Builds every example of the workspace in `crates` (into the corpus's
/// shared target directory, which it returns).
pub(crate) fn build_examples(crates: &Path) -> Result<std::path::PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = workspace_root().join("target/corpus/target");
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "--workspace", "--examples"])
        .current_dir(crates)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .status()?;
    if !status.success() {
        bail!("the crates in {} do not build ({status})", crates.display());
    }
    Ok(target)
}

/// `examples/exercise_<module>.rs`: the call against `BASE_URL`.
fn example(case: &Case, package: &str) -> openapi_client_generator::OutputFile {
    let krate = package.replace('-', "_");
    let text = format!(
        "//! Written by `cargo xtask corpus --exercise`: {about}.\n\n\
         use {krate}::{{Client, Credentials}};\n\n\
         #[tokio::main]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    \
             let base = std::env::var(\"BASE_URL\")?;\n    \
             let client = Client::builder({credentials}).base_url(&base).allow_insecure_http(true).build()?;\n    \
             let result = {call}?;\n    \
             println!(\"{{result:?}}\");\n    \
             Ok(())\n\
         }}\n",
        about = case.about,
        credentials = case.credentials,
        call = case.call,
    );
    openapi_client_generator::OutputFile {
        path: format!("examples/exercise_{}.rs", case.module).into(),
        text,
    }
}

/// The spec with only the case's operation and the components it reaches.
fn cut_down(full: &Value, case: &Case) -> Result<Value> {
    cut_down_to(full, case.path, case.method, case.free_form_responses)
}

/// The spec with only the operation `method` `path` and the components it
/// reaches; `free_form_responses`: its responses one free-form JSON object.
pub(crate) fn cut_down_to(full: &Value, path: &str, method: &str, free_form_responses: bool) -> Result<Value> {
    let item = full
        .pointer(&format!("/paths/{}", path.replace('~', "~0").replace('/', "~1")))
        .and_then(Value::as_object)
        .with_context(|| format!("no path {path}"))?;
    let mut kept_item = Map::new();
    for key in [method, "parameters", "servers"] {
        if let Some(value) = item.get(key) {
            kept_item.insert(key.to_owned(), value.clone());
        }
    }
    if free_form_responses {
        let free_form = serde_json::json!({
            "200": {"description": "Any JSON object", "content": {"application/json": {"schema": {"type": "object"}}}}
        });
        if let Some(operation) = kept_item.get_mut(method).and_then(Value::as_object_mut) {
            operation.insert("responses".into(), free_form);
        }
    }
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(value) = full.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    let mut paths = Map::new();
    paths.insert(path.to_owned(), Value::Object(kept_item));
    out.insert("paths".into(), Value::Object(paths));
    // The components reachable from the operation, to a fixed point.
    let mut reached = BTreeSet::new();
    let mut pending = vec![Value::Object(out.clone())];
    while let Some(value) = pending.pop() {
        let mut refs = Vec::new();
        references(&value, &mut refs);
        for reference in refs {
            if reached.insert(reference.clone()) {
                if let Some(target) = full.pointer(&reference) {
                    pending.push(target.clone());
                }
            }
        }
    }
    let mut components = Map::new();
    if let Some(schemes) = full.pointer("/components/securitySchemes") {
        components.insert("securitySchemes".into(), schemes.clone());
    }
    for pointer in &reached {
        let mut tokens = pointer.trim_start_matches('/').splitn(3, '/');
        let (Some("components"), Some(kind), Some(name)) = (tokens.next(), tokens.next(), tokens.next()) else {
            continue;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        if let Some(target) = full.pointer(pointer) {
            let section = components.entry(kind).or_insert_with(|| Value::Object(Map::new()));
            if let Some(section) = section.as_object_mut() {
                section.insert(name, target.clone());
            }
        }
    }
    out.insert("components".into(), Value::Object(components));
    Ok(Value::Object(out))
}

/// Every local `$ref` in `value`, as a JSON pointer.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if let Some(pointer) = reference.strip_prefix('#') {
                    out.push(pointer.to_owned());
                }
            }
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// Prism serving one spec on a free loopback port, stopped when dropped.
pub(crate) struct Prism {
    child: Child,
    pub(crate) url: String,
}

impl Prism {
    pub(crate) fn start(bin: &Path, spec: &Path) -> Result<Prism> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut child = Command::new(bin)
            .args(["mock", "--errors", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting Prism")?;
        let stdout = child.stdout.take().context("Prism's stdout")?;
        let (ready, listening) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("Prism is listening") {
                    let _ = ready.send(());
                }
            }
        });
        let prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        listening
            .recv_timeout(Duration::from_secs(120))
            .context("Prism did not listen within 2 minutes")?;
        Ok(prism)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
