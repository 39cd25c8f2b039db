//! Part of `cargo xtask corpus --exercise`: `paginate()` of three real
//! specs' list operations — Spotify's `next` links, Slack's cursor in
//! `response_metadata`, GitHub's `Link` header — each cut down to the one
//! operation, generated, compiled, and run as an application against a
//! loopback server that pages for real (five items, two per page, built from
//! the spec's own example item), then against one that repeats its next
//! page (the stream must end with `Error::PageLoop`, not loop).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use openapi_client_generator::{load, write, OutputFile, Packaging, RuntimeDependency};
use serde_json::{json, Value};

use crate::workspace_root;

struct PagingCase {
    module: &'static str,
    spec: &'static str,
    path: &'static str,
    /// The call up to `.paginate()`, on `client`.
    list: &'static str,
    /// The JSON pointer of an example item in the spec, if it has one.
    example: Option<&'static str>,
    /// How the loopback server pages (see `SERVER`).
    style: &'static str,
}

const CASES: &[PagingCase] = &[
    PagingCase {
        module: "spotify",
        spec: "spotify.com.json",
        path: "/me/playlists",
        list: "client.spotify().get_a_list_of_current_users_playlists()",
        example: None,
        style: "link",
    },
    PagingCase {
        module: "slack",
        spec: "slack.com.json",
        path: "/conversations.list",
        list: "client.slack().conversations_list().types(\"public_channel\")",
        example: Some(
            "/paths/~1conversations.list/get/responses/200/content/application~1json/examples/response/value/channels/0",
        ),
        style: "cursor",
    },
    PagingCase {
        module: "github",
        spec: "github.com/api.github.com.json",
        path: "/orgs/{org}/repos",
        list: "client.github().repos_list_for_org(\"octo-org\").per_page(2)",
        example: Some("/components/examples/minimal-repository-items/value/0"),
        style: "link-header",
    },
];

/// The loopback server every application embeds: `pages` answers a request
/// target (and the Host it was sent to) with a body and maybe a `Link`.
const SERVER: &str = r#"
fn serve(requests: usize, answer: impl Fn(&str, &str) -> (String, Option<String>) + Send + 'static) -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (sent, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.expect("connection");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let (mut line, mut host) = (String::new(), String::new());
            reader.read_line(&mut line).expect("request line");
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).expect("header");
                if header.trim().is_empty() { break; }
                if let Some(value) = header.to_ascii_lowercase().strip_prefix("host:") { host = value.trim().to_owned(); }
            }
            let target = line.split(' ').nth(1).unwrap_or_default().to_owned();
            let (body, link) = answer(&target, &host);
            let link = link.map(|l| format!("Link: {l}\r\n")).unwrap_or_default();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{link}Connection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
            let _ = sent.send(target);
        }
    });
    (url, seen)
}

/// The query parameter `name` of a request target.
fn param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    query.split('&').filter_map(|p| p.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_owned())
}

/// Item `i`: the spec's example item with its `id` changed.
fn item(i: usize) -> serde_json::Value {
    let mut item: serde_json::Value = serde_json::from_str(include_str!("item.json")).expect("item");
    item["id"] = match &item["id"] { serde_json::Value::Number(_) => i.into(), _ => format!("id{i}").into() };
    item
}

/// A page of items from `start`, and where the next one starts.
fn page(start: usize) -> (Vec<serde_json::Value>, Option<usize>) {
    let end = (start + 2).min(5);
    ((start..end).map(item).collect(), (end < 5).then_some(end))
}

/// The body (and `Link`) for `target`, paging by `style`; with `repeat`,
/// every page points at the second again.
fn answer(style: &str, target: &str, host: &str, repeat: bool) -> (String, Option<String>) {
    let number = |name: &str| param(target, name).and_then(|v| v.trim_start_matches("c").parse::<usize>().ok());
    let path = target.split('?').next().unwrap_or_default();
    match style {
        "link" => {
            let (items, next) = page(number("offset").unwrap_or(0));
            let next = if repeat { Some(2) } else { next };
            let next = next.map(|n| format!("http://{host}{path}?offset={n}&limit=2"));
            let body = serde_json::json!({"href": "", "limit": 2, "next": next, "offset": 0, "previous": null, "total": 5, "items": items});
            (body.to_string(), None)
        }
        "cursor" => {
            let (items, next) = page(number("cursor").unwrap_or(0));
            let next = if repeat { Some(2) } else { next };
            let cursor = next.map(|n| format!("c{n}")).unwrap_or_default();
            let body = serde_json::json!({"ok": true, "channels": items, "response_metadata": {"next_cursor": cursor}});
            (body.to_string(), None)
        }
        _ => {
            let page_number = number("page").unwrap_or(1);
            let (items, next) = page((page_number - 1) * 2);
            let next = if repeat { Some(2) } else { next };
            let link = next.map(|n| format!("<http://{host}{path}?per_page=2&page={}>; rel=\"next\"", n / 2 + 1));
            (serde_json::Value::from(items).to_string(), link)
        }
    }
}
"#;

pub fn exercise(api: &Path) -> Result<()> {
    let dir = workspace_root().join("target/corpus/exercise-paging");
    let runtime = RuntimeDependency::Path(workspace_root().join("templates").to_string_lossy().into_owned());
    let mut members = Vec::new();
    for case in CASES {
        let full: Value = serde_json::from_slice(&std::fs::read(api.join(case.spec))?)
            .with_context(|| format!("reading {}", case.spec))?;
        let spec = crate::exercise::cut_down_to(&full, case.path, "get", false)?;
        let spec_file = dir.join("specs").join(format!("{}.json", case.module));
        std::fs::create_dir_all(spec_file.parent().context("specs")?)?;
        std::fs::write(&spec_file, serde_json::to_vec(&spec)?)?;
        let package = format!("paging-{}", case.module);
        let packaging = Packaging::new(&package, false).with_runtime(runtime.clone());
        let specs = load::load_all(std::slice::from_ref(&spec_file))?;
        let mut files = openapi_client_generator::generate_from(&specs, &packaging)?;
        let item = match case.example {
            Some(pointer) => full
                .pointer(pointer)
                .cloned()
                .with_context(|| format!("no example at {pointer}"))?,
            None => json!({"id": "p", "name": "A playlist"}),
        };
        files.push(OutputFile {
            path: "examples/item.json".into(),
            text: serde_json::to_string_pretty(&item)?,
        });
        files.push(application(case, &package));
        write::write_all(&dir.join("crates").join(&package), &files)?;
        members.push(package);
    }
    let manifest = format!(
        "# Written by `cargo xtask corpus --exercise`.\n[workspace]\nresolver = \"2\"\nmembers = {members:?}\n\n\
         [profile.dev]\ndebug = 0\n"
    );
    std::fs::write(dir.join("crates/Cargo.toml"), manifest)?;
    let target = crate::exercise::build_examples(&dir.join("crates"))?;
    let mut failed = Vec::new();
    for (case, package) in CASES.iter().zip(&members) {
        let output = Command::new(target.join("debug/examples").join(format!("paging_{}", case.module))).output()?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if output.status.success() {
            println!("  paged      {package} ({}): {}", case.spec, stdout.trim());
        } else {
            println!(
                "  FAILED     {package}:\n{stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            failed.push(package.clone());
        }
    }
    if !failed.is_empty() {
        bail!("paging exercises failed: {}", failed.join(", "));
    }
    Ok(())
}

/// `examples/paging_<module>.rs`: every item across pages, then the loop check.
fn application(case: &PagingCase, package: &str) -> OutputFile {
    let krate = package.replace('-', "_");
    let text = format!(
        "//! Written by `cargo xtask corpus --exercise`: `paginate()` of {spec} against a loopback server.\n\n\
         use {krate}::{{Client, Credentials, Error}};\n\n\
         #[tokio::main]\n\
         async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    \
             let (url, seen) = serve(3, |target, host| answer({style:?}, target, host, false));\n    \
             let client = Client::builder(Credentials::bearer(\"exercise\")).base_url(&url).allow_insecure_http(true).build()?;\n    \
             let items = {list}.paginate().collect().await?;\n    \
             let targets: Vec<String> = std::iter::from_fn(|| seen.recv_timeout(std::time::Duration::from_secs(5)).ok()).collect();\n    \
             assert_eq!(items.len(), 5, \"every item across pages\");\n    \
             assert_eq!(targets.len(), 3, \"three pages: {{targets:?}}\");\n    \
             let (url, _) = serve(3, |target, host| answer({style:?}, target, host, true));\n    \
             let client = Client::builder(Credentials::bearer(\"exercise\")).base_url(&url).allow_insecure_http(true).build()?;\n    \
             let looped = {list}.paginate().collect().await;\n    \
             assert!(matches!(looped, Err(Error::PageLoop {{ .. }})), \"a repeated next page ends the stream: {{looped:?}}\");\n    \
             println!(\"5 items in 3 pages ({style}): {{}}; a repeated next page ends with PageLoop\", targets.join(\" \"));\n    \
             Ok(())\n\
         }}\n{SERVER}",
        spec = case.spec,
        style = case.style,
        list = case.list,
    );
    OutputFile {
        path: format!("examples/paging_{}.rs", case.module).into(),
        text,
    }
}
