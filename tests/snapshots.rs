//! One snapshot per generated file per fixture spec
//! (`snapshots__<fixture>__<path>.snap`), so one wording change shows where
//! it lands and nothing else churns. Drift fails (`INSTA_UPDATE=no` in CI);
//! `INSTA_UPDATE=always cargo test -p client-tests snapshots` or
//! `cargo insta review` accepts intended changes. Orphaned snapshots fail too.

use std::collections::BTreeSet;
use std::path::PathBuf;

use client_tests::{fixtures_dir, generate_files, workspace_root};

fn fixtures() -> Vec<PathBuf> {
    let mut specs: Vec<_> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    specs.sort();
    specs
}

/// Snapshot name of each file generated from one fixture.
fn snapshots_of(fixture: &PathBuf) -> Vec<(String, String)> {
    let files = generate_files(std::slice::from_ref(fixture), "fixture-client")
        .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
    let stem = fixture.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    files
        .into_iter()
        .map(|file| {
            let path = file.path.to_string_lossy().replace(['/', '\\'], "__");
            (format!("{stem}__{path}"), file.text)
        })
        .collect()
}

#[test]
fn generated_code_per_fixture_and_file() {
    for fixture in fixtures() {
        for (name, text) in snapshots_of(&fixture) {
            insta::assert_snapshot!(name, text);
        }
    }
}

#[test]
fn no_two_types_of_a_fixture_have_one_shape() {
    let loaded = openapi_client_generator::load::load_all(&fixtures()).expect("fixtures load");
    let krate = openapi_client_generator::lower::lower(&loaded, "fixture-client", false).expect("fixtures lower");
    assert_eq!(client_tests::duplicate_shapes(&krate.types), Vec::<String>::new());
}

#[test]
fn every_snapshot_belongs_to_a_generated_file() {
    let wanted: BTreeSet<String> = fixtures()
        .iter()
        .flat_map(snapshots_of)
        .map(|(name, _)| format!("{}__{name}.snap", module_path!().replace("::", "__")))
        .collect();
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(workspace_root().join("tests/snapshots")).expect("tests/snapshots exists") {
        let name = entry
            .expect("readable entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !wanted.contains(&name) {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots of no generated file (delete them): {orphans:?}"
    );
}

/// The crate's own features (`default`, `tools`, `mcp`, `tracing`, …) are
/// names no spec file can take as its module, feature and folder: a spec
/// named so becomes `<name>_api` (`names::domain_module`). A feature added
/// to the manifest without being reserved there fails here.
#[test]
fn no_spec_file_becomes_a_module_named_like_a_feature_of_the_crate() {
    let fixture = fixtures_dir().join("enums.yaml");
    let files = generate_files(&[fixture], "fixture-client").expect("the fixture generates");
    let manifest = &files
        .iter()
        .find(|f| f.path.as_os_str() == "Cargo.toml")
        .expect("a manifest")
        .text;
    let features = manifest.split("[features]").nth(1).expect("a [features] table");
    let table = features.split("\n[").next().unwrap_or_default();
    let names: Vec<&str> = table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split(" = ").next())
        .filter(|name| !name.is_empty() && *name != "enums")
        .collect();
    assert!(names.contains(&"tools") && names.contains(&"default"), "{names:?}");
    for name in names {
        let module = openapi_client_generator::names::domain_module(name);
        assert_ne!(module, name, "a spec file `{name}.yaml` would clash: reserve `{name}`");
    }
}

/// Split, a group of small APIs is a crate in `apis/<first>_to_<last>`: an
/// API named exactly so, large enough for a crate of its own, keeps that
/// folder and the group takes `<first>_to_<last>_group`. Before, both crates
/// were written to one folder, under one package name.
#[test]
fn a_group_of_apis_never_takes_the_folder_of_an_api_named_like_it() {
    let spec = |name: &str, operations: usize| {
        let paths: serde_json::Map<String, serde_json::Value> = (0..operations)
            .map(|n| {
                let operation = serde_json::json!({
                    "operationId": format!("get_{name}_{n}"),
                    "responses": {"204": {"description": "No content"}}
                });
                (format!("/{name}/{n}"), serde_json::json!({ "get": operation }))
            })
            .collect();
        let document = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": name, "version": "1"},
            "servers": [{"url": "https://example.com"}],
            "paths": paths
        });
        (format!("{name}.json"), document.to_string().into_bytes())
    };
    let documents = [spec("a", 1), spec("a_to_c", 400), spec("b", 1), spec("c", 1)];
    let specs = openapi_client_generator::load::load_documents(&documents).expect("the specs load");
    let mut packaging = client_tests::packaging("split-client");
    packaging.layout = openapi_client_generator::Layout::Split;
    let files = openapi_client_generator::generate_from(&specs, &packaging).expect("the specs generate");
    let paths: Vec<String> = files.iter().map(|f| f.path.to_string_lossy().into_owned()).collect();
    let unique: BTreeSet<&String> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "two files share a path: {paths:#?}");
    for manifest in ["apis/a_to_c/Cargo.toml", "apis/a_to_c_group/Cargo.toml"] {
        assert!(unique.contains(&manifest.to_owned()), "no {manifest}: {paths:#?}");
    }
}

/// A crate generated from a spec that is not Twilio's names no Twilio: no
/// `TwilioError`, no `twilio` runtime feature, no `TWILIO_*` variable.
#[test]
fn a_crate_from_a_spec_that_is_not_twilios_names_no_twilio() {
    let mut checked = 0;
    for fixture in fixtures() {
        let spec = std::fs::read_to_string(&fixture).expect("fixture reads");
        if spec.to_lowercase().contains("twilio") {
            continue;
        }
        for (name, text) in snapshots_of(&fixture) {
            let line = text.lines().find(|line| line.to_lowercase().contains("twilio"));
            assert!(line.is_none(), "{name} names Twilio: {line:?}");
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} fixtures are not Twilio's");
}

/// All of Twilio is split; its facade, like a single crate, re-exports what
/// each Twilio feature adds (`webhook`, `jwt`, `twiml`) behind the feature,
/// and its manifest declares the features.
#[test]
fn a_split_twilio_facade_reexports_the_vendor_features_items() {
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Twilio - Api", "version": "1"},
        "servers": [{"url": "https://api.twilio.com"}],
        "paths": {"/v1/Things": {"get": {"operationId": "ListThing", "responses": {"200": {"description": "ok"}}}}}
    });
    let documents = [("twilio_api_v1.json".to_owned(), document.to_string().into_bytes())];
    let specs = openapi_client_generator::load::load_documents(&documents).expect("the spec loads");
    let mut packaging = client_tests::packaging("twilio-client");
    packaging.layout = openapi_client_generator::Layout::Split;
    let files = openapi_client_generator::generate_from(&specs, &packaging).expect("the spec generates");
    let text = |path: &str| {
        let file = files.iter().find(|f| f.path == std::path::Path::new(path));
        file.unwrap_or_else(|| panic!("no {path}")).text.clone()
    };
    let (lib, manifest) = (text("src/lib.rs"), text("Cargo.toml"));
    for (feature, item) in [("webhooks", "webhook"), ("tokens", "jwt"), ("twiml", "twiml")] {
        let reexport = format!("#[cfg(feature = \"{feature}\")]\npub use runtime::twilio::{item};");
        assert!(lib.contains(&reexport), "the facade lacks `{reexport}`:\n{lib}");
        let declared = format!("\n{feature} = [\"openapi-client-runtime/{feature}\"]");
        assert!(
            manifest.contains(&declared),
            "the facade's manifest lacks `{declared}`:\n{manifest}"
        );
    }
}
