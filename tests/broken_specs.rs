//! Bad input gets a clear error naming the JSON pointer of the problem, never
//! a panic; and nothing is written. One spec per file in `tests/broken/`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use openapi_client_generator::{Error, SpecError};

/// (file, JSON pointer of the problem, a fragment of the message).
const CASES: &[(&str, &str, &str)] = &[
    ("truncated_json.json", "", "not valid JSON"),
    ("not_yaml.yaml", "", "not valid YAML"),
    ("not_utf8.yaml", "", "not UTF-8"),
    // Swagger 2.0: located where the user wrote it, its `$ref` as written.
    (
        "swagger_2.json",
        "/paths/~1pets/post/parameters/0/schema",
        "`#/definitions/Missing` does not exist",
    ),
    // 3.1: problems are located in the document as written, even where the
    // front-end moved the part (`Optional[X]` reads as `X`, nullable).
    ("openapi_3_1.yaml", "/paths/~1things/$ref", "no such path item"),
    (
        "openapi_3_1_optional_ref.yaml",
        "/paths/~1things/get/responses/200/content/application~1json/schema/anyOf/0",
        "does not exist",
    ),
    (
        "missing_ref_target.yaml",
        "/paths/~1v1~1Things/get/responses/200/content/application~1json/schema",
        "does not exist",
    ),
    (
        "duplicate_operation_id.yaml",
        "/paths/~1v1~1B/get/operationId",
        "also used at /paths/~1v1~1A/get",
    ),
    (
        "partly_broken.yaml",
        "/paths/~1v1~1Things/post/requestBody",
        "does not exist",
    ),
    (
        "cookie_parameter.yaml",
        "/paths/~1v1~1Things/get/parameters/0/in",
        "cookie parameters are not supported",
    ),
    (
        "unsupported_style.yaml",
        "/paths/~1v1~1Things/get/parameters/0/style",
        "style `pipeDelimited` for an object is not supported",
    ),
    ("alias_bomb.yaml", "", "repetition limit"),
    ("deep_nesting.json", "", "recursion limit"),
    ("circular_ref.yaml", "/components/schemas/b", "refers back to itself"),
    (
        "form_body_not_an_object.yaml",
        "/paths/~1v1~1Things/post/requestBody/content/application~1x-www-form-urlencoded/schema",
        "must be an object schema, or an allOf of object schemas",
    ),
];

fn broken(file: &str) -> PathBuf {
    client_tests::workspace_root().join("tests/broken").join(file)
}

fn problems(file: &str) -> Vec<SpecError> {
    let started = Instant::now();
    let result = client_tests::generate_files(&[broken(file)], "broken");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{file}: took {:?}",
        started.elapsed()
    );
    match result {
        Err(Error::Spec(problems)) => problems,
        Err(other) => panic!("{file}: expected spec problems, got {other}"),
        Ok(_) => panic!("{file}: generated without an error"),
    }
}

#[test]
fn every_broken_spec_is_refused_with_its_location() {
    for (file, pointer, fragment) in CASES {
        let problems = problems(file);
        let found = problems
            .iter()
            .any(|p| p.file == *file && p.pointer == *pointer && p.message.contains(fragment));
        assert!(found, "{file}: expected `{fragment}` at `{pointer}`, got {problems:#?}");
    }
}

#[test]
fn errors_carry_a_hint_where_there_is_something_to_do() {
    for file in [
        "swagger_2.json",
        "openapi_3_1_optional_ref.yaml",
        "missing_ref_target.yaml",
        "duplicate_operation_id.yaml",
    ] {
        assert!(problems(file).iter().all(|p| p.hint.is_some()), "{file}: no hint");
    }
}

#[test]
fn one_run_reports_every_problem() {
    let problems = problems("several_problems.yaml");
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems.iter().any(|p| p.pointer.ends_with("/parameters/0/in")));
    assert!(problems.iter().any(|p| p.pointer == "/paths/~1v1~1B/get/operationId"));
}

#[test]
fn a_pattern_no_engine_compiles_is_left_unchecked_with_a_warning() {
    let specs = openapi_client_generator::load::load_all(&[broken("invalid_pattern.yaml")]).expect("loads");
    let packaging = client_tests::packaging("warned");
    let (files, report) =
        openapi_client_generator::generate_from_reported(&specs, &packaging).expect("a bad pattern is no refusal");
    let [warning] = report.warnings.as_slice() else {
        panic!("one warning expected: {report:#?}")
    };
    assert_eq!(warning.pointer, "/paths/~1v1~1Things/get/parameters/0/schema/pattern");
    assert!(
        warning.message.contains("`^(unclosed[0-9$` is left unchecked"),
        "{warning}"
    );
    let lib = &files
        .iter()
        .find(|f| f.path.ends_with("src/lib.rs"))
        .expect("lib.rs")
        .text;
    assert!(lib.contains("# Generator warnings"), "{lib}");
    assert!(
        lib.contains("\\`^(unclosed\\[0-9$\\`"),
        "the pattern is escaped in the docs: {lib}"
    );
}

#[test]
fn skip_unsupported_generates_the_rest_and_lists_what_it_left_out() {
    let specs = openapi_client_generator::load::load_all(&[broken("partly_broken.yaml")]).expect("loads");
    let strict = client_tests::packaging("partly");
    assert!(
        openapi_client_generator::generate_from(&specs, &strict).is_err(),
        "strict by default"
    );
    let skipping = strict.skipping_unsupported();
    let (files, report) = openapi_client_generator::generate_from_reported(&specs, &skipping).expect("generates");
    let [skipped] = report.skipped.as_slice() else {
        panic!("one skipped operation expected: {report:#?}")
    };
    assert_eq!(
        (skipped.operation.as_str(), skipped.pointer.as_str()),
        ("CreateThing", "/paths/~1v1~1Things/post")
    );
    assert!(skipped.reasons[0].message.contains("does not exist"), "{skipped:?}");
    let operations = &files
        .iter()
        .find(|f| f.path.ends_with("operations.rs"))
        .expect("operations")
        .text;
    assert!(operations.contains("pub fn list_thing"), "{operations}");
    assert!(!operations.contains("create_thing"), "{operations}");
    let lib = &files
        .iter()
        .find(|f| f.path.ends_with("src/lib.rs"))
        .expect("lib.rs")
        .text;
    assert!(
        lib.contains("# Operations left out") && lib.contains("CreateThing"),
        "{lib}"
    );
}

#[test]
fn all_files_of_a_folder_are_checked_before_failing() {
    let files = [broken("truncated_json.json"), broken("cookie_parameter.yaml")];
    // Loading fails on the first; lowering would fail on the second: the
    // loading stage reports its problem without a partial result.
    match client_tests::generate_files(&files, "broken") {
        Err(Error::Spec(problems)) => assert_eq!(problems[0].file, "truncated_json.json"),
        other => panic!("expected spec problems, got {:?}", other.map(|f| f.len())),
    }
}

#[test]
fn the_output_folder_is_untouched_when_generation_fails() {
    let root = client_tests::workspace_root();
    let out = root.join("target/broken-out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("src")).expect("out dir");
    // An earlier output with a stale generated file: a successful run would remove it.
    std::fs::write(out.join("Cargo.toml"), "# @generated before\n").expect("sentinel");
    std::fs::write(out.join("src/stale.rs"), "// @generated before\n").expect("sentinel");
    let packaging = openapi_client_generator::Packaging::new("broken", true);
    let failed = openapi_client_generator::generate_into(&root.join("tests/broken"), &out, &packaging);
    assert!(failed.is_err());
    let listing: Vec<_> = std::fs::read_dir(out.join("src"))
        .expect("src")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(listing, ["stale.rs"], "a failed run wrote or removed files");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("kept");
    assert_eq!(manifest, "# @generated before\n", "a failed run rewrote the manifest");

    let (_, written, _) =
        openapi_client_generator::generate_into(&root.join("specs"), &out, &packaging).expect("generates");
    assert!(written.removed.iter().any(|p| p.ends_with("stale.rs")), "{written:?}");
    assert!(std::fs::read_to_string(out.join("Cargo.toml"))
        .expect("manifest")
        .contains("[package]"));
}
