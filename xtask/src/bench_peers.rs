//! `cargo xtask bench --peers [ROUNDS]`: this generator beside Oxide's
//! progenitor and OpenAPITools' openapi-generator on Twilio's api_v2010, in
//! one interleaved run: generation (CPU, peak memory), lines of Rust out,
//! and `cargo check` and a debug build of the generated crate alone after a
//! touch (dependencies built first, not timed), then a cold debug build in a
//! fresh target folder, dependencies included: what a user's first build pays.
//! The cold builds compare like with like: each crate with the platform's
//! TLS (OpenSSL through `native-tls`, openapi-generator's default; progenitor's
//! manifest has no TLS at all and gets reqwest's `native-tls`). Ours is also
//! built cold with its default TLS (rustls with the Mozilla roots), beside.
//!
//! The peers are installed under `target/peers/`: `cargo-progenitor` with
//! `cargo install --root`, openapi-generator from PyPI's
//! `openapi-generator-cli` (which ships the jar) into a virtual environment;
//! it needs a Java runtime (Debian's `default-jre-headless`).
//!
//! Neither peer takes Twilio's spec as it is, so each gets the least that
//! makes it work, written out below: progenitor a copy of the spec with two
//! edits, and its output one patch; openapi-generator's output one patch.
//! Ours gets the spec as it is and runs without tools (neither peer has any).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::timing::{cargo_program, median, run, timed, touch, Cost};

const PROGENITOR_VERSION: &str = "0.15.1";
const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";

struct Peer {
    name: String,
    /// Its package name, for `cargo clean -p`.
    package: String,
    /// Generates into `out`.
    generate: Command,
    out: PathBuf,
    /// Makes the output compile (see each peer's patch).
    patch: fn(&Path) -> Result<()>,
    /// `cargo build` arguments that choose the platform's TLS.
    platform_tls: &'static [&'static str],
}

pub fn bench_peers(specs: &Path, rounds: usize) -> Result<()> {
    let root = crate::workspace_root().join("target/peers");
    let spec = specs.join("twilio_api_v2010.json");
    let peers = peers(&root, &spec)?;
    let mut generation: Vec<Vec<Cost>> = vec![Vec::new(); peers.len()];
    for round in 0..rounds {
        for (index, peer) in peers.iter().enumerate() {
            if peer.out.exists() {
                std::fs::remove_dir_all(&peer.out)?;
            }
            let cost = timed(&peer.generate, &root.join("time.txt"))?;
            println!(
                "  round {round}: {} generates in {:.2} s CPU, {:.0} MB",
                peer.name, cost.cpu, cost.rss_mb
            );
            generation[index].push(cost);
        }
    }
    let mut lines = Vec::new();
    for peer in &peers {
        (peer.patch)(&peer.out).with_context(|| format!("patching {}'s output", peer.name))?;
        let manifest = peer.out.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)?;
        if !text.contains("[workspace]") {
            // Built on its own, not as a member of this workspace.
            std::fs::write(&manifest, format!("{text}\n[workspace]\n"))?;
        }
        lines.push(rust_lines(&peer.out.join("src"))?);
        println!("warming {} (dependencies and a first build, not timed)…", peer.name);
        // `check` keeps metadata of its own, and clean builds have their
        // own folder: all three are warmed.
        cargo(&peer.out, "build", true)?;
        cargo(&peer.out, "check", true)?;
        cargo(&peer.out, "build", false)?;
    }
    // timings[step][peer]: one cost per round.
    let mut timings: Vec<Vec<Vec<Cost>>> = vec![vec![Vec::new(); peers.len()]; STEPS.len()];
    let mut ours_default_tls = Vec::new();
    for round in 0..rounds {
        for (index, peer) in peers.iter().enumerate() {
            let mut said = Vec::new();
            for (step, (kind, label)) in STEPS.iter().enumerate() {
                let cost = kind.run(peer)?;
                said.push(format!("{label} {:.1} s", cost.cpu));
                timings[step][index].push(cost);
            }
            if index == 0 {
                let cost = cold_build(peer, &[])?;
                said.push(format!("build, cold, default TLS {:.1} s", cost.cpu));
                ours_default_tls.push(cost);
            }
            println!("  round {round}: {} (CPU): {}", peer.name, said.join(", "));
        }
    }
    report(&peers, &generation, &lines, &timings);
    println!(
        "  ours, cold, with its default TLS (rustls, Mozilla roots) instead: {:.2} s CPU",
        median(&ours_default_tls).cpu
    );
    Ok(())
}

/// What is timed of each generated crate, alone, debug, every round.
#[derive(Clone, Copy)]
enum Step {
    /// `cargo check` after a touch of `src/lib.rs` (incremental, as cargo
    /// builds a workspace member).
    CheckTouched,
    /// `cargo build` after a touch.
    BuildTouched,
    /// `cargo build` after `cargo clean -p`, not incremental: the crate's
    /// whole cost, as a dependency or in CI.
    BuildClean,
    /// `cargo build` in a fresh target folder, not incremental: what a
    /// user's first build pays, dependencies (the runtime's too) included.
    BuildCold,
}

const STEPS: [(Step, &str); 4] = [
    (Step::CheckTouched, "check, touched"),
    (Step::BuildTouched, "build, touched"),
    (Step::BuildClean, "build, clean"),
    (Step::BuildCold, "cold, same TLS"),
];

impl Step {
    fn run(self, peer: &Peer) -> Result<Cost> {
        match self {
            Step::CheckTouched | Step::BuildTouched => {
                touch(&peer.out.join("src/lib.rs"))?;
                let task = if matches!(self, Step::CheckTouched) {
                    "check"
                } else {
                    "build"
                };
                cargo(&peer.out, task, true)
            }
            Step::BuildClean => {
                run(Command::new(cargo_program())
                    .args(["clean", "--quiet", "-p", &peer.package])
                    .current_dir(&peer.out)
                    .env("CARGO_TARGET_DIR", target_dir(&peer.out, false)))?;
                cargo(&peer.out, "build", false)
            }
            Step::BuildCold => cold_build(peer, peer.platform_tls),
        }
    }
}

/// `cargo build` in a fresh target folder, not incremental, with `args`.
fn cold_build(peer: &Peer, args: &[&str]) -> Result<Cost> {
    let cold = peer.out.with_extension("cold-target");
    if cold.exists() {
        std::fs::remove_dir_all(&cold)?;
    }
    let mut command = Command::new(cargo_program());
    command
        .args(["build", "--quiet"])
        .args(args)
        .current_dir(&peer.out)
        .env("CARGO_TARGET_DIR", &cold)
        .env("CARGO_INCREMENTAL", "0");
    timed(&command, &peer.out.with_extension("time.txt"))
}

fn report(peers: &[Peer], generation: &[Vec<Cost>], lines: &[usize], timings: &[Vec<Vec<Cost>>]) {
    let rounds = generation[0].len();
    let generation: Vec<Cost> = generation.iter().map(|c| median(c)).collect();
    let steps: Vec<Vec<Cost>> = timings
        .iter()
        .map(|step| step.iter().map(|c| median(c)).collect())
        .collect();
    println!("Twilio's api_v2010, medians of {rounds} rounds; CPU seconds (user + system), ratios to ours:");
    let mut header = format!("  {:<26}{:>18}{:>9}{:>16}", "", "generate", "peak MB", "lines of Rust");
    for (_, label) in STEPS {
        header.push_str(&format!("{label:>18}"));
    }
    println!("{header}");
    for (index, peer) in peers.iter().enumerate() {
        let cell = |all: &[Cost]| {
            let value = all[index].cpu;
            format!("{value:>9.2} s {:>5.1}x", value / all[0].cpu)
        };
        let mut row = format!(
            "  {:<26}{}{:>9.0}{:>9} {:>5.1}x",
            peer.name,
            cell(&generation),
            generation[index].rss_mb,
            lines[index],
            lines[index] as f64 / lines[0] as f64
        );
        for step in &steps {
            row.push_str(&cell(step));
        }
        println!("{row}");
    }
    // The crate alone (touched, clean) against the peers' crates alone; the
    // cold build, dependencies included, against progenitor's.
    for (step, (kind, label)) in STEPS.iter().enumerate().skip(1) {
        let targets: &[(usize, f64)] = match kind {
            Step::BuildCold => &[(1, 0.7)],
            _ => &[(1, 0.2), (2, 0.33)],
        };
        for &(index, target) in targets {
            let ratio = steps[step][0].cpu / steps[step][index].cpu;
            let verdict = if ratio <= target { "met" } else { "NOT met" };
            println!(
                "  our debug build ({label}) is {ratio:.2}x {}'s (target <= {target}x): {verdict}",
                peers[index].name
            );
        }
    }
}

fn peers(root: &Path, spec: &Path) -> Result<Vec<Peer>> {
    std::fs::create_dir_all(root)?;
    let progenitor = install_progenitor(root)?;
    let openapi_generator = install_openapi_generator(root)?;
    // Ours: the installable command, release, on the spec as it is.
    crate::run_command(
        &cargo_program(),
        &["build", "--quiet", "--release", "-p", "openapi-client-generator"],
        &[],
    )?;
    let ours_specs = root.join("specs-ours");
    std::fs::create_dir_all(&ours_specs)?;
    std::fs::copy(spec, ours_specs.join("twilio_api_v2010.json"))?;
    let templates = crate::workspace_root().join("templates");
    let mut ours = Command::new(crate::workspace_root().join("target/release/openapi-client-generator"));
    let out = root.join("out/ours");
    ours.args(["--no-tools", "--package", "ours-v2010", "--spec-dir"])
        .arg(&ours_specs)
        .arg("--out")
        .arg(&out)
        .arg("--runtime-path")
        .arg(&templates);
    let mut peers = vec![Peer {
        name: "ours".into(),
        package: "ours-v2010".into(),
        generate: ours,
        out,
        patch: |_| Ok(()),
        platform_tls: &["--no-default-features", "--features", "api_v2010,native-tls"],
    }];
    let edited = root.join("twilio_api_v2010.progenitor.json");
    std::fs::write(&edited, serde_json::to_vec(&progenitor_spec(spec)?)?)?;
    let out = root.join("out/progenitor");
    let mut command = Command::new(progenitor);
    command
        .arg("progenitor")
        .arg("-i")
        .arg(&edited)
        .arg("-o")
        .arg(&out)
        .args(["-n", "progenitor-v2010", "-v", "0.1.0"]);
    peers.push(Peer {
        name: format!("progenitor {PROGENITOR_VERSION}"),
        package: "progenitor-v2010".into(),
        generate: command,
        out,
        patch: patch_progenitor,
        platform_tls: &[],
    });
    let out = root.join("out/openapi-generator");
    let mut command = Command::new(openapi_generator);
    command
        .args([
            "generate",
            "-g",
            "rust",
            "--package-name",
            "openapi_generator_v2010",
            "-i",
        ])
        .arg(spec)
        .arg("-o")
        .arg(&out);
    peers.push(Peer {
        name: format!("openapi-generator {OPENAPI_GENERATOR_VERSION}"),
        package: "openapi_generator_v2010".into(),
        generate: command,
        out,
        patch: patch_openapi_generator,
        // Its default feature.
        platform_tls: &[],
    });
    Ok(peers)
}

fn install_progenitor(root: &Path) -> Result<PathBuf> {
    let binary = root.join("bin/cargo-progenitor");
    if !binary.exists() {
        let root = root.to_string_lossy();
        let args = [
            "install",
            "--locked",
            "--root",
            &root,
            "cargo-progenitor",
            "--version",
            PROGENITOR_VERSION,
        ];
        crate::run_command(&cargo_program(), &args, &[])?;
    }
    Ok(binary)
}

fn install_openapi_generator(root: &Path) -> Result<PathBuf> {
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|output| output.status.success()) {
        bail!("openapi-generator needs a Java runtime: apt-get install default-jre-headless");
    }
    let venv = root.join("venv");
    let binary = venv.join("bin/openapi-generator-cli");
    if !binary.exists() {
        crate::run_command("python3", &["-m", "venv", &venv.to_string_lossy()], &[])?;
        let pip = venv.join("bin/pip");
        let package = format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}");
        crate::run_command(&pip.to_string_lossy(), &["install", "--quiet", &package], &[])?;
    }
    Ok(binary)
}

/// Twilio's spec with the two edits progenitor needs:
/// - `format` dropped from object schemas (`"type": "object", "format":
///   "uri-map"`): typify 0.8 reaches a `todo!()` on them and panics;
/// - the range parameters `DateCreated<` and `DateCreated>` renamed
///   `DateCreatedBefore` and `DateCreatedAfter`: progenitor names all three
///   `date_created`, and its output binds one argument name several times.
fn progenitor_spec(spec: &Path) -> Result<Value> {
    let mut document: Value = serde_json::from_slice(&std::fs::read(spec)?)?;
    edit_for_progenitor(&mut document);
    Ok(document)
}

fn edit_for_progenitor(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("object") {
                map.remove("format");
            }
            // A parameter (it has `in`) named `X<` or `X>`.
            let name = map
                .get("name")
                .and_then(Value::as_str)
                .filter(|_| map.contains_key("in"));
            let renamed = name.and_then(|name| match name.strip_suffix('<') {
                Some(base) => Some(format!("{base}Before")),
                None => name.strip_suffix('>').map(|base| format!("{base}After")),
            });
            if let Some(renamed) = renamed {
                map.insert("name".into(), Value::String(renamed));
            }
            map.values_mut().for_each(edit_for_progenitor);
        }
        Value::Array(items) => items.iter_mut().for_each(edit_for_progenitor),
        _ => {}
    }
}

/// progenitor formats its output with rustfmt, which gives up on its
/// longest lines; five method signatures then land on the line of the doc
/// comment before them, commented out. They go back on a line of their own.
/// Its manifest asks reqwest for no TLS, so it could not reach
/// `https://api.twilio.com`: it gets the platform's, as openapi-generator's has.
fn patch_progenitor(out: &Path) -> Result<()> {
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    let without_tls = r#"features = ["json", "query", "stream"]"#;
    if !text.contains(without_tls) {
        bail!("progenitor's manifest no longer asks reqwest for {without_tls}: look again at its TLS");
    }
    std::fs::write(
        &manifest,
        text.replace(without_tls, r#"features = ["json", "query", "stream", "native-tls"]"#),
    )?;
    let path = out.join("src/lib.rs");
    let text = std::fs::read_to_string(&path)?;
    let mut patched = String::with_capacity(text.len());
    for line in text.lines() {
        let split = line
            .trim_start()
            .starts_with("///")
            .then(|| line.find("    pub async fn ").or_else(|| line.find("    pub fn ")))
            .flatten();
        match split {
            Some(at) => {
                patched.push_str(line[..at].trim_end());
                patched.push('\n');
                patched.push_str(&line[at..]);
            }
            None => patched.push_str(line),
        }
        patched.push('\n');
    }
    std::fs::write(&path, patched)?;
    Ok(())
}

/// openapi-generator names enum and free-form parameter types
/// `models::models::X` and `models::serde_json::Value` (37 errors); the
/// patch drops the extra `models::`.
fn patch_openapi_generator(out: &Path) -> Result<()> {
    for entry in std::fs::read_dir(out.join("src/apis"))? {
        let path = entry?.path();
        let text = std::fs::read_to_string(&path)?;
        let patched = text
            .replace("models::models::", "models::")
            .replace("models::serde_json::", "serde_json::");
        if patched != text {
            std::fs::write(&path, patched)?;
        }
    }
    Ok(())
}

/// Lines of the `.rs` files under `dir`.
fn rust_lines(dir: &Path) -> Result<usize> {
    let mut lines = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            lines += rust_lines(&path)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            lines += std::fs::read_to_string(&path)?.lines().count();
        }
    }
    Ok(lines)
}

/// Where the crate in `dir` is built: a folder of its own, and another for
/// non-incremental builds, so a clean build leaves the incremental cache of
/// the touched builds as it was.
fn target_dir(dir: &Path, incremental: bool) -> PathBuf {
    dir.with_extension(if incremental { "target" } else { "clean-target" })
}

/// `cargo <task>` of the crate in `dir` alone, timed.
fn cargo(dir: &Path, task: &str, incremental: bool) -> Result<Cost> {
    let mut command = Command::new(cargo_program());
    command
        .args([task, "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir(dir, incremental))
        .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" });
    timed(&command, &dir.with_extension("time.txt"))
}
