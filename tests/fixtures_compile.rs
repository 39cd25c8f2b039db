//! The fixture specs, generated together into one crate (one module and
//! feature per fixture), must compile without warnings and pass clippy; the
//! tests in `tests/fixture_crate/` then run inside that crate.

use std::path::Path;
use std::process::Command;

fn cargo(crate_dir: &Path, args: &[&str]) {
    // Its own target dir: the outer `cargo test` may hold the workspace's lock.
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(crate_dir)
        .env(
            "CARGO_TARGET_DIR",
            client_tests::workspace_root().join("target/fixture-client-target"),
        )
        .output()
        .expect("cargo runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(
        output.status.success(),
        "cargo {} failed in the fixture crate:\n{stdout}\n{stderr}",
        args.join(" ")
    );
}

#[test]
fn all_fixtures_compile_warning_free_and_their_tools_match_the_builders() {
    let root = client_tests::workspace_root();
    let mut specs: Vec<_> = std::fs::read_dir(client_tests::fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    specs.sort();
    let files = client_tests::generate_files(&specs, "fixture-client").expect("fixtures generate");
    let out = root.join("target/fixture-client");
    openapi_client_generator::write::write_all(&out, &files).expect("written");
    std::fs::create_dir_all(out.join("tests")).expect("tests dir");
    for entry in std::fs::read_dir(root.join("tests/fixture_crate")).expect("fixture_crate") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("file name");
        std::fs::copy(&path, out.join("tests").join(name)).expect("copied");
    }
    cargo(
        &out,
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&out, &["test", "--quiet", "--all-features"]);
}
