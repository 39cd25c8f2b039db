//! `cargo xtask fuzz --seconds N [--seed S]`: mutates the fixture specs, the
//! committed specs and (when fetched) Twilio's real ones, and runs the whole
//! generator on each mutant. Any panic, or an input taking over 20 s, fails
//! the run; the input is saved under `target/fuzz-findings/`. Errors are the
//! expected outcome for most mutants and are only counted.
//!
//! cargo-fuzz needs a nightly toolchain, which this project's machines do not
//! have: this is a structure-aware mutator on stable, seeded and repeatable.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use openapi_client_generator::{load, Packaging};
use serde_json::{json, Value};

use crate::workspace_root;

/// xorshift64*: small, seeded, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The seeds: every fixture and spec we have, Twilio's cut to a few paths each.
fn corpus(rng: &mut Rng) -> Result<Vec<(String, Value)>> {
    let root = workspace_root();
    let mut dirs = vec![root.join("tests/fixtures"), root.join("specs")];
    let twilio = root.join("twilio-specs");
    if twilio.is_dir() {
        dirs.push(twilio);
    }
    let mut corpus = Vec::new();
    for dir in dirs {
        for path in load::spec_files(&dir)? {
            let bytes = std::fs::read(&path)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Ok(parsed) = load::parse(&name, &bytes) else {
                continue;
            };
            corpus.push((name, shrink(parsed.raw, rng)));
        }
    }
    if corpus.is_empty() {
        bail!("no seed specs found");
    }
    Ok(corpus)
}

/// Keeps at most 8 paths so that each run stays fast on the big specs.
fn shrink(mut spec: Value, rng: &mut Rng) -> Value {
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        while paths.len() > 8 {
            let victim = paths.keys().nth(rng.below(paths.len())).cloned().unwrap_or_default();
            paths.remove(&victim);
        }
    }
    spec
}

fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

const ODD_VALUES: &[&str] = &[
    "", "<", ">", "$", "🎉", "a-b", "a_b", "type", "Self", "^(", "[", "{x}", "../..", "\u{0}",
];

const TYPES: &[&str] = &["string", "object", "array", "integer", "number", "boolean", "null"];
const FORMATS: &[&str] = &["date", "date-time", "date-time-rfc-2822", "uri-map", "int32", "x"];

/// One structural mutation at a random place.
fn mutate(spec: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    pointers(spec, String::new(), &mut all);
    // Mostly inside schemas and parameters, where the generator's own logic
    // lives; elsewhere mutants rarely parse as OpenAPI at all.
    let focused: Vec<&String> = all
        .iter()
        .filter(|p| p.contains("schema") || p.contains("/parameters/"))
        .collect();
    let target = match (rng.below(10) < 8, focused.is_empty()) {
        (true, false) => focused[rng.below(focused.len())].clone(),
        _ => all[rng.below(all.len())].clone(),
    };
    let donor = spec.pointer(&all[rng.below(all.len())]).cloned().unwrap_or(Value::Null);
    let odd = ODD_VALUES[rng.below(ODD_VALUES.len())];
    let components: Vec<String> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let some_component = components
        .get(rng.below(components.len()))
        .cloned()
        .unwrap_or_else(|| "nowhere".into());
    let Some(node) = spec.pointer_mut(&target) else { return };
    // Schema-shaped replacements most of the time, so mutants still parse.
    const SCHEMA_SHAPED: [usize; 6] = [5, 6, 7, 8, 9, 11];
    let choice = if rng.below(10) < 8 {
        SCHEMA_SHAPED[rng.below(6)]
    } else {
        rng.below(12)
    };
    let replacement = match choice {
        0 => Value::Null,
        1 => json!(odd),
        2 => json!(-1),
        3 => json!(u64::MAX),
        4 => json!(true),
        5 => donor,
        6 => json!({ "$ref": format!("#/components/schemas/{some_component}") }),
        7 => json!({ "type": TYPES[rng.below(TYPES.len())] }),
        8 => json!({ "type": "string", "pattern": odd, "format": FORMATS[rng.below(FORMATS.len())] }),
        9 => json!({ "type": "string", "enum": [odd, odd.to_uppercase(), "in-progress", "in_progress"] }),
        10 => json!([node.clone(), node.clone()]),
        _ => {
            if let Value::Object(map) = node {
                let key = map.keys().nth(rng.below(map.len())).cloned();
                if let Some(key) = key {
                    let value = map.remove(&key).unwrap_or(Value::Null);
                    map.insert(format!("{key}{odd}"), value);
                }
            }
            return;
        }
    };
    *node = replacement;
}

/// Runs the whole pipeline on one input, in memory: 0 = refused while
/// parsing, 1 = refused with spec errors, 2 = generated.
fn run_pipeline(bytes: &[u8]) -> usize {
    let Ok(parsed) = load::parse("fuzz.json", bytes) else {
        return 0;
    };
    let spec = load::LoadedSpec {
        file: "fuzz.json".into(),
        module: "fuzz".into(),
        raw: parsed.raw,
        api: parsed.api,
        origins: parsed.origins,
        notes: parsed.notes,
    };
    match openapi_client_generator::generate_from(&[spec], &Packaging::new("fuzz", true)) {
        Ok(_) => 2,
        Err(_) => 1,
    }
}

/// Runs the fuzzer for `seconds`; returns the seed it used.
pub fn fuzz(seconds: u64, seed: Option<u64>) -> Result<u64> {
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1
    });
    println!("fuzzing for {seconds} s with --seed {seed}");
    let mut rng = Rng(seed);
    let corpus = corpus(&mut rng)?;
    let findings = workspace_root().join("target/fuzz-findings");
    std::fs::create_dir_all(&findings)?;
    let in_flight = findings.join("in-flight.json");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    std::panic::set_hook(Box::new(|_| {}));
    let (mut inputs, mut outcomes) = (0usize, [0usize; 3]);
    while Instant::now() < deadline {
        let (name, seed_spec) = &corpus[rng.below(corpus.len())];
        let mut spec = seed_spec.clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut spec, &mut rng);
        }
        let mut bytes = serde_json::to_vec(&spec).context("serializing a mutant")?;
        if rng.below(10) == 0 && !bytes.is_empty() {
            // Now and then, damage the text itself.
            let at = rng.below(bytes.len());
            bytes[at] = (rng.next() & 0xff) as u8;
        }
        inputs += 1;
        // A stack overflow aborts the process before any report: the input
        // under test is always on disk.
        std::fs::write(&in_flight, &bytes)?;
        let (done_tx, done_rx) = mpsc::channel();
        let input = bytes.clone();
        std::thread::spawn(move || {
            let _ = done_tx.send(std::panic::catch_unwind(|| run_pipeline(&input)).ok());
        });
        match done_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Some(outcome)) => outcomes[outcome] += 1,
            Ok(None) => return finding(&findings, name, &bytes, "panicked", inputs),
            Err(_) => return finding(&findings, name, &bytes, "took over 20 s", inputs),
        }
    }
    let _ = std::panic::take_hook();
    let _ = std::fs::remove_file(&in_flight);
    let [unparsable, refused, generated] = outcomes;
    println!(
        "{inputs} inputs, no panic, no hang (seed {seed}): {generated} generated, {refused} refused with \
         located errors, {unparsable} not parsable as an OpenAPI document (any version)"
    );
    Ok(seed)
}

fn finding(dir: &Path, seed_name: &str, bytes: &[u8], what: &str, inputs: usize) -> Result<u64> {
    std::fs::create_dir_all(dir)?;
    let path: PathBuf = dir.join(format!("finding-{inputs}-from-{seed_name}"));
    std::fs::write(&path, bytes)?;
    bail!(
        "input {inputs} (a mutant of {seed_name}) {what}; saved to {}",
        path.display()
    )
}
