//! `cargo xtask corpus --doc-lint`: every distinct description and summary
//! of the directory that holds Markdown syntax, rendered as the generator
//! renders prose (`docs::clean`, `docs::comment_lines`), put on the fields
//! of a crate that clippy and rustdoc then check with warnings denied. A
//! lint that fires is counted against the description it fired on, so the
//! figure is "descriptions whose docs fail a lint", by lint.
//!
//! Prose without any Markdown syntax (no newline, bracket, angle bracket,
//! backtick, emphasis, heading, table, escape, tab, entity or URL) cannot
//! fire a doc lint and is left out: it is three quarters of the directory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use openapi_client_generator::docs;

use crate::workspace_root;

/// How many descriptions share one struct (one rustdoc page).
const FIELDS_PER_STRUCT: usize = 500;

/// Collects, renders and checks; `every` takes one description in that
/// many (1: all), always the same ones.
pub fn doc_lint(files: &[PathBuf], every: usize) -> Result<()> {
    let started = Instant::now();
    let mut prose = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        // A document that is not JSON is the generator's business, not this sweep's.
        if let Ok(document) = serde_json::from_str::<serde_json::Value>(&text) {
            collect(&document, &mut prose);
        }
    }
    let found = prose.len();
    let sample: Vec<String> = prose
        .into_iter()
        .filter(|t| has_markdown(t))
        .step_by(every.max(1))
        .collect();
    let dir = workspace_root().join("target/corpus/doc-lint");
    let lines = write_crate(&dir, &sample)?;
    println!(
        "doc lint: {} distinct descriptions, {} with Markdown syntax{}; checking with clippy and rustdoc",
        found,
        sample.len(),
        if every > 1 {
            format!(" (one in {every})")
        } else {
            String::new()
        }
    );
    let mut failing: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (tool, args, env) in [
        (
            "clippy",
            &["clippy", "--message-format=json", "--", "-D", "warnings"][..],
            None,
        ),
        (
            "rustdoc",
            &["doc", "--no-deps", "--message-format=json"][..],
            Some(("RUSTDOCFLAGS", "-D warnings")),
        ),
    ] {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = std::process::Command::new(&cargo);
        command
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", workspace_root().join("target/corpus/target"));
        if let Some((key, value)) = env {
            command.env(key, value);
        }
        let output = command.output().with_context(|| format!("could not run {cargo}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut fired = 0;
        for (line, lint) in diagnostics(&stdout) {
            // The description whose lines hold the diagnostic.
            let index = lines.partition_point(|start| *start <= line).saturating_sub(1);
            failing.entry(index).or_default().insert(lint);
            fired += 1;
        }
        if !output.status.success() && fired == 0 {
            bail!(
                "{tool} failed on the doc-lint crate without a lint:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    let mut by_lint: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (index, lints) in &failing {
        for lint in lints {
            let entry = by_lint.entry(lint).or_insert((0, *index));
            entry.0 += 1;
        }
    }
    for (lint, (count, first)) in &by_lint {
        let example: String = sample[*first].chars().take(160).collect();
        println!("    {count:6}  {lint}  (e.g. {example:?})");
    }
    let mut report = String::new();
    for (index, lints) in &failing {
        let rendered: Vec<String> = docs::comment_lines(&docs::clean(&sample[*index])).collect();
        report.push_str(&format!(
            "== {lints:?}\n-- spec:\n{}\n-- docs:\n{}\n\n",
            sample[*index],
            rendered.join("\n")
        ));
    }
    std::fs::write(dir.join("failing.txt"), report)?;
    println!(
        "doc lint: {} of {} descriptions fail a clippy or rustdoc lint ({:.1?})",
        failing.len(),
        sample.len(),
        started.elapsed()
    );
    if !failing.is_empty() {
        bail!(
            "{} descriptions render to docs that fail a lint (all of them: {})",
            failing.len(),
            dir.join("failing.txt").display()
        );
    }
    Ok(())
}

/// Every `description` and `summary` string in a document.
fn collect(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, member) in map {
                match member {
                    serde_json::Value::String(text) if key == "description" || key == "summary" => {
                        out.insert(text.clone());
                    }
                    _ => collect(member, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
        _ => {}
    }
}

/// Whether Markdown would read anything in `text` as syntax.
fn has_markdown(text: &str) -> bool {
    text.contains([
        '\n', '\r', '[', ']', '<', '>', '`', '*', '_', '#', '|', '\\', '\t', '&', '~',
    ]) || text.contains("http")
        || text
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
}

/// Writes the crate; returns the first line of each description's docs.
fn write_crate(dir: &Path, sample: &[String]) -> Result<Vec<usize>> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "# Written by `cargo xtask corpus --doc-lint`.\n[package]\nname = \"doc-lint\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n",
    )?;
    let mut source = String::from("//! Directory prose as the generator renders it.\n#![allow(dead_code)]\n\n");
    let mut starts = Vec::with_capacity(sample.len());
    let mut line = 4;
    for (index, text) in sample.iter().enumerate() {
        if index % FIELDS_PER_STRUCT == 0 {
            if index > 0 {
                source.push_str("}\n\n");
                line += 2;
            }
            source.push_str(&format!("/// Descriptions from {index}.\npub struct Prose{index} {{\n"));
            line += 2;
        }
        starts.push(line);
        for doc in docs::comment_lines(&docs::clean(text)) {
            source.push_str(&format!("    #[doc = {doc:?}]\n"));
            line += 1;
        }
        source.push_str(&format!("    pub field{index}: (),\n"));
        line += 1;
    }
    if !sample.is_empty() {
        source.push_str("}\n");
    }
    std::fs::write(dir.join("src/lib.rs"), source)?;
    Ok(starts)
}

/// (line, lint name) of each lint diagnostic in cargo's JSON messages.
fn diagnostics(stdout: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let diagnostic = &message["message"];
        let Some(lint) = diagnostic["code"]["code"].as_str() else {
            continue;
        };
        let spans = diagnostic["spans"].as_array().into_iter().flatten();
        if let Some(line) = spans
            .filter(|span| span["is_primary"] == true)
            .find_map(|span| span["line_start"].as_u64())
        {
            out.push((line as usize, lint.to_owned()));
        }
    }
    out
}
