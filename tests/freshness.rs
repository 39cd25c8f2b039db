//! `generated/` must be what `cargo xtask generate` makes of `specs/`: the
//! same check as `cargo xtask generate --check`, run in process.

use openapi_client_generator::{generate, write, Packaging};

#[test]
fn generated_crate_is_fresh() {
    let root = client_tests::workspace_root();
    let files = generate(&root.join("specs"), &Packaging::new("twilio-client", false)).expect("specs generate");
    let stale = write::stale(&root.join("generated"), &files).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale ({stale:?}): run `cargo xtask generate`"
    );
}
