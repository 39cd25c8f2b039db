//! Helpers shared by the test targets of this crate.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod contract;

use openapi_client_generator::{load, OutputFile, Packaging};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The target folder of every crate the tests generate and build (the
/// fixtures', all of Twilio's): one folder, so that their dependencies
/// (tokio, reqwest, rustls, rmcp, …) are compiled once, not once per crate.
/// Not the workspace's `target/`: the outer `cargo test` holds its lock.
pub fn generated_target_dir() -> PathBuf {
    workspace_root().join("target/generated-target")
}

/// `cargo` for a crate the tests generated, run in `crate_dir`: built in
/// [`generated_target_dir`], without incremental state (one-off builds: it
/// would only fill the disk) and without debuginfo, which nobody steps
/// through here and which took a third of the build (the all-Twilio MCP
/// server from clean: 137 s without, 200 s with).
pub fn cargo_on_generated(crate_dir: &Path) -> Command {
    seed_lockfile(crate_dir);
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", generated_target_dir())
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0");
    cargo
}

/// Gives a generated crate the workspace's `Cargo.lock` when it has none:
/// it then builds with the versions the workspace builds with (so the shared
/// target folder holds one copy of each dependency) and needs nothing from
/// the registry's index that the workspace did not already resolve. A fresh
/// resolution per crate picked the newest versions instead, and failed when a
/// later cargo run read an index that did not list them yet (CI, stop 35:
/// `http` locked to 1.6.0, the index offering up to 1.5.0). The tests that
/// stand for a user's own application (`.ci/quickstart`, the app of three)
/// still resolve fresh, as a user does.
pub fn seed_lockfile(crate_dir: &Path) {
    let lockfile = crate_dir.join("Cargo.lock");
    if crate_dir.join("Cargo.toml").exists() && !lockfile.exists() {
        std::fs::copy(workspace_root().join("Cargo.lock"), &lockfile).expect("the workspace's Cargo.lock is copied");
    }
}

/// Where `cargo xtask` installs the tools the tests use: cargo's target
/// folder (`CARGO_TARGET_DIR` when set).
pub fn tools_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

/// Runs `cargo ARGS` on a generated crate ([`cargo_on_generated`]); fails
/// the test, with cargo's output, unless it succeeds. Returns its stdout.
pub fn cargo_ok(crate_dir: &Path, args: &[&str]) -> String {
    let output = cargo_on_generated(crate_dir).args(args).output().expect("cargo runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(
        output.status.success(),
        "cargo {} failed in {}:\n{stdout}\n{stderr}",
        args.join(" "),
        crate_dir.display()
    );
    stdout
}

/// `cargo clippy` on a generated crate, every target and feature, warnings
/// denied ([`cargo_ok`]).
pub fn clippy_clean(crate_dir: &Path) {
    let args = [
        "clippy",
        "--quiet",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ];
    cargo_ok(crate_dir, &args);
}

/// The Python of the tests' virtual environment (`cargo xtask
/// install-python`): the MCP SDK, FastAPI.
pub fn python() -> PathBuf {
    tools_dir().join("py-venv/bin/python")
}

/// The Python environment's interpreter for a test that needs `package`
/// from it; `None` (the test skips, saying so) when it is not installed,
/// except under `cargo xtask test`, which installs it and sets
/// `REQUIRE_TWILIO_CONTRACT`: there a missing one fails the test.
pub fn installed_python(package: &str, test: &str) -> Option<PathBuf> {
    let python = python();
    if python.exists() {
        return Some(python);
    }
    let why = format!("{package} is not installed (`cargo xtask install-python`)");
    assert!(std::env::var_os("REQUIRE_TWILIO_CONTRACT").is_none(), "{why}");
    eprintln!("skipped {test}: {why}");
    None
}

/// The fixture specs, one feature each.
pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

/// Generates a crate from the given spec files, in memory.
pub fn generate_files(files: &[PathBuf], package: &str) -> Result<Vec<OutputFile>, openapi_client_generator::Error> {
    let specs = load::load_all(files)?;
    openapi_client_generator::generate_from(&specs, &packaging(package))
}

/// How test crates are packaged: standalone, written under `target/<name>/`,
/// depending on the runtime crate in `templates/`.
pub fn packaging(package: &str) -> Packaging {
    let runtime = openapi_client_generator::RuntimeDependency::Path("../../templates".into());
    Packaging::new(package, true).with_runtime(runtime)
}

/// The generated files of one spec, runtime copies left out, as one text.
pub fn render_for_snapshot(files: &[OutputFile]) -> String {
    files
        .iter()
        .filter(|f| !f.path.starts_with("src/runtime"))
        .map(|f| format!("=== {} ===\n{}", f.path.display(), f.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Types of one module that have the same shape (kind, wire names, field
/// types): there must be none, identical shapes are one type.
pub fn duplicate_shapes(types: &openapi_client_generator::ir::Types) -> Vec<String> {
    use openapi_client_generator::ir::TypeKind;
    let mut seen = std::collections::BTreeMap::new();
    let mut duplicates = Vec::new();
    for (_, def) in types.iter() {
        let shape = match &def.kind {
            TypeKind::Enum(e) => format!("enum {:?}", e.variants.iter().map(|v| &v.wire).collect::<Vec<_>>()),
            TypeKind::Struct(s) => format!(
                "struct {:?}",
                s.fields
                    .iter()
                    .map(|f| (&f.name.wire, resolved(types, &f.ty), f.optional))
                    .collect::<Vec<_>>()
            ),
            _ => continue,
        };
        if let Some(first) = seen.insert((def.home.clone(), shape), def.name.clone()) {
            duplicates.push(format!("{first} and {} in {:?}", def.name, def.home));
        }
    }
    duplicates
}

fn resolved(types: &openapi_client_generator::ir::Types, ty: &openapi_client_generator::ir::Ty) -> String {
    use openapi_client_generator::ir::Ty;
    match ty {
        Ty::Named(id) => format!("{:?}", types.resolve(*id)),
        Ty::Vec(item) => format!("Vec<{}>", resolved(types, item)),
        Ty::Map(value) => format!("Map<{}>", resolved(types, value)),
        other => format!("{other:?}"),
    }
}
