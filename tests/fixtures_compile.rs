//! The fixture specs, generated together into one crate (one module and
//! feature per fixture), must compile without warnings and pass clippy.

use std::process::Command;

#[test]
fn all_fixtures_compile_warning_free() {
    let root = client_tests::workspace_root();
    let mut specs: Vec<_> = std::fs::read_dir(client_tests::fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    specs.sort();
    let files = client_tests::generate_files(&specs, "fixture-client").expect("fixtures generate");
    let out = root.join("target/fixture-client");
    openapi_client_generator::write::write_all(&out, &files).expect("written");
    // Its own target dir: the outer `cargo test` may hold the workspace's lock.
    let output = Command::new(env!("CARGO"))
        .args([
            "clippy",
            "--quiet",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-client-target"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "fixture crate does not compile cleanly:\n{stderr}"
    );
}
