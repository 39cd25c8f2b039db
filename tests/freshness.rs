//! `generated/` must be what `cargo xtask generate` makes of `specs/`: the
//! same check as `cargo xtask generate --check`, run in process.

use openapi_client_generator::{generate, write, Packaging, RuntimeDependency};

#[test]
fn generated_crate_is_fresh() {
    let root = client_tests::workspace_root();
    let runtime = RuntimeDependency::Path("../templates".into());
    let packaging = Packaging::new("twilio-client", false).with_runtime(runtime);
    let files = generate(&root.join("specs"), &packaging).expect("specs generate");
    let stale = write::stale(&root.join("generated"), &files).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale ({stale:?}): run `cargo xtask generate`"
    );
}
