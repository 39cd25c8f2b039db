//! One snapshot of the generated code per fixture spec. Drift fails (`INSTA_UPDATE=no`
//! in CI); `cargo insta review` accepts intended changes. Orphaned snapshots fail too.

use client_tests::{fixtures_dir, generate_files, render_for_snapshot};

#[test]
fn generated_code_per_fixture() {
    insta::glob!("fixtures/*.yaml", |path| {
        let files = generate_files(&[path.to_path_buf()], "fixture-client")
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        insta::assert_snapshot!(render_for_snapshot(&files));
    });
}

#[test]
fn no_two_types_of_a_fixture_have_one_shape() {
    let mut specs: Vec<_> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    specs.sort();
    let loaded = openapi_client_generator::load::load_all(&specs).expect("fixtures load");
    let krate = openapi_client_generator::lower::lower(&loaded, "fixture-client").expect("fixtures lower");
    assert_eq!(client_tests::duplicate_shapes(&krate.types), Vec::<String>::new());
}

#[test]
fn every_snapshot_belongs_to_a_fixture() {
    let snapshots = client_tests::workspace_root().join("tests/snapshots");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&snapshots).expect("tests/snapshots exists") {
        let name = entry
            .expect("readable entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(fixture) = name
            .strip_prefix("snapshots__generated_code_per_fixture@")
            .and_then(|rest| rest.strip_suffix(".snap"))
        else {
            orphans.push(name);
            continue;
        };
        if !fixtures_dir().join(fixture).is_file() {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture (delete them): {orphans:?}"
    );
}
