//! Copied into the crate generated from `tests/fixtures/tagged.yaml` with
//! `--features-by tag` (`target/tagged-client/tests/`) by
//! `tests/fixtures_compile.rs`, and run there with one tag's feature on:
//! that tag's operations and the untagged one are compiled, the other tag's
//! are not.
#![cfg(all(feature = "tools", feature = "tagged-pets", not(feature = "tagged-store_admin")))]

use tagged_client::tagged::{Owner, Pet, PetKind};

#[test]
fn a_tag_alone_compiles_its_operations_and_the_untagged_ones() {
    let mut names: Vec<&str> = tagged_client::tools().iter().map(|tool| tool.name).collect();
    names.sort_unstable();
    assert_eq!(names, ["health", "listPets"]);
}

#[test]
fn its_types_and_the_ones_both_tags_use_are_there() {
    let mut pet = Pet::new("Rex");
    pet.kind = Some(PetKind::Dog);
    pet.owner = Some(Owner {
        name: Some("Ada".into()),
        ..Default::default()
    });
    let json = serde_json::to_value(&pet).expect("serializes");
    assert_eq!(json, serde_json::json!({"name": "Rex", "kind": "dog", "owner": {"name": "Ada"}}));
}

#[tokio::test]
async fn the_other_tags_tools_are_unknown_before_any_request() {
    let credentials = tagged_client::Credentials::bearer("token");
    // Nothing listens here: a refused call never reaches the network.
    let client = tagged_client::Client::builder(credentials)
        .base_url("http://127.0.0.1:9")
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let error = client
        .call_tool("createOrder", serde_json::json!({"body": {}}))
        .await
        .expect_err("not compiled in");
    assert!(
        matches!(error, tagged_client::ToolError::UnknownTool { ref name, .. } if name == "createOrder"),
        "{error:?}"
    );
}
