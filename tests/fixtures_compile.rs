//! The fixture specs, generated together into one crate (one module and
//! feature per fixture), must compile without warnings and pass clippy; the
//! tests in `tests/fixture_crate/` then run inside that crate, and again in
//! the split layout (a crate per fixture behind a facade).

use std::path::Path;
use std::process::Command;

fn cargo(crate_dir: &Path, args: &[&str]) {
    client_tests::cargo_ok(crate_dir, args);
}

/// Copies the files of `from` into `to`, folders included (test helpers
/// live in a folder so cargo does not take them for test targets).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("readable") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, target).expect("copied");
        }
    }
}

#[test]
fn all_fixtures_compile_warning_free_and_their_tools_match_the_builders() {
    fixture_crate_passes(openapi_client_generator::Layout::Crate, "fixture-client");
}

/// `--split`: the same fixtures in API crates behind a facade pass the same
/// tests through the same paths (`fixture_client::media::…`). The fixtures
/// are small: they share API crates, each API behind its feature.
#[test]
fn the_split_fixtures_pass_the_same_tests_through_the_facade() {
    fixture_crate_passes(openapi_client_generator::Layout::Split, "split-client");
}

/// What the copied tests need beyond the generated crate's own
/// dev-dependencies: `socket2`, for the fault server's connection resets
/// (`SO_LINGER` 0), which std does not offer.
fn test_dependencies(crate_dir: &Path) {
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let text = text.replacen("[dev-dependencies]\n", "[dev-dependencies]\nsocket2 = \"0.6\"\n", 1);
    assert!(
        text.contains("socket2"),
        "no [dev-dependencies] in {}",
        manifest.display()
    );
    std::fs::write(manifest, text).expect("manifest written");
}

/// Generates every fixture into `target/<folder>` in `layout`, adds the
/// tests of `tests/fixture_crate/`, and runs clippy and the tests there.
fn fixture_crate_passes(layout: openapi_client_generator::Layout, folder: &str) {
    let root = client_tests::workspace_root();
    let mut specs: Vec<_> = std::fs::read_dir(client_tests::fixtures_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    specs.sort();
    let loaded = openapi_client_generator::load::load_all(&specs).expect("fixtures load");
    let mut packaging = client_tests::packaging("fixture-client");
    packaging.layout = layout;
    let files = openapi_client_generator::generate_from(&loaded, &packaging).expect("fixtures generate");
    if layout == openapi_client_generator::Layout::Split {
        let api_crates: Vec<&str> = files
            .iter()
            .filter(|f| f.path.starts_with("apis") && f.path.ends_with("Cargo.toml"))
            .filter(|f| !f.path.starts_with("apis/common"))
            .map(|f| f.text.as_str())
            .collect();
        assert!(!api_crates.is_empty(), "no API crate");
        for manifest in &api_crates {
            assert!(manifest.contains("path = \"../../../../templates\""), "{manifest}");
        }
        let media = api_crates.iter().find(|m| m.contains("\nmedia = []\n"));
        let grouped = media.expect("the crate that holds `media`, with its feature");
        assert!(
            grouped.lines().filter(|line| line.ends_with(" = []")).count() > 1,
            "{grouped}"
        );
    }
    let out = root.join("target").join(folder);
    openapi_client_generator::write::write_all(&out, &files).expect("written");
    test_dependencies(&out);
    std::fs::create_dir_all(out.join("tests")).expect("tests dir");
    copy_tree(&root.join("tests/fixture_crate"), &out.join("tests"));
    client_tests::clippy_clean(&out);
    cargo(&out, &["test", "--quiet", "--all-features"]);
}

/// `--features-by tag`, one crate and split: clippy-clean with every
/// feature, with each tag's alone, and with the API's alone; with one tag's
/// feature, only its operations (and the untagged one) are compiled
/// (`tests/tag_features/`).
#[test]
fn each_tag_feature_compiles_alone_and_leaves_the_other_tags_out() {
    use openapi_client_generator::{FeaturesBy, Layout};
    let root = client_tests::workspace_root();
    let loaded = openapi_client_generator::load::load_all(&[client_tests::fixtures_dir().join("tagged.yaml")])
        .expect("fixture loads");
    for (layout, folder) in [(Layout::Crate, "tagged-client"), (Layout::Split, "tagged-split-client")] {
        let mut packaging = client_tests::packaging("tagged-client");
        (packaging.layout, packaging.features_by) = (layout, FeaturesBy::Tag);
        let files = openapi_client_generator::generate_from(&loaded, &packaging).expect("fixture generates");
        let out = root.join("target").join(folder);
        openapi_client_generator::write::write_all(&out, &files).expect("written");
        std::fs::create_dir_all(out.join("tests")).expect("tests dir");
        copy_tree(&root.join("tests/tag_features"), &out.join("tests"));
        let one_tag = "tagged-pets,tools,rustls-webpki-roots";
        let alone = [
            one_tag,
            "tagged-store_admin,tools,rustls-webpki-roots",
            "tagged,tools,rustls-webpki-roots",
            "tagged,rustls-webpki-roots",
        ];
        let clippy = |features: &[&str]| {
            let lint = ["clippy", "--quiet", "--all-targets"];
            cargo(&out, &[&lint[..], features, &["--", "-D", "warnings"]].concat());
        };
        clippy(&[]);
        for features in alone {
            clippy(&["--no-default-features", "--features", features]);
        }
        cargo(
            &out,
            &["test", "--quiet", "--no-default-features", "--features", one_tag],
        );
    }
}

#[test]
fn the_inline_runtime_output_builds_on_its_own() {
    let root = client_tests::workspace_root();
    let packaging = openapi_client_generator::Packaging::new("inline-client", true)
        .with_runtime(openapi_client_generator::RuntimeDependency::Inline);
    let files = openapi_client_generator::generate(&root.join("specs"), &packaging).expect("specs generate");
    let manifest = &files
        .iter()
        .find(|f| f.path.as_os_str() == "Cargo.toml")
        .expect("manifest")
        .text;
    assert!(
        manifest.contains(
            "openapi-client-runtime = { path = \"runtime\", default-features = false, features = [\"twilio\"] }"
        ),
        "{manifest}"
    );
    assert!(files.iter().any(|f| f.path.as_os_str() == "runtime/src/lib.rs"));
    let out = root.join("target/inline-client");
    openapi_client_generator::write::write_all(&out, &files).expect("written");
    cargo(&out, &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"]);
}

#[test]
fn without_the_tools_feature_nothing_tool_related_is_compiled() {
    let features = |args: &[&str]| {
        let output = Command::new(env!("CARGO"))
            .args([
                "tree",
                "--offline",
                "-p",
                "twilio-client",
                "-e",
                "features",
                "-i",
                "openapi-client-runtime",
            ])
            .args(args)
            .current_dir(client_tests::workspace_root())
            .output()
            .expect("cargo tree runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let tools = "openapi-client-runtime feature \"tools\"";
    assert!(features(&[]).contains(tools), "the default build has the tools");
    let core = features(&["--no-default-features", "--features", "api_v2010"]);
    assert!(!core.contains(tools), "{core}");
}
