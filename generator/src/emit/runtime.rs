//! `src/runtime/`: the hand-written runtime from `templates/`, copied verbatim.

use super::{Contents, Emitted};

/// The runtime files, embedded when the generator is compiled.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../../templates/src/runtime/mod.rs")),
    ("call.rs", include_str!("../../../templates/src/runtime/call.rs")),
    ("client.rs", include_str!("../../../templates/src/runtime/client.rs")),
    ("error.rs", include_str!("../../../templates/src/runtime/error.rs")),
    ("codec.rs", include_str!("../../../templates/src/runtime/codec.rs")),
    ("page.rs", include_str!("../../../templates/src/runtime/page.rs")),
    ("retry.rs", include_str!("../../../templates/src/runtime/retry.rs")),
    ("tools.rs", include_str!("../../../templates/src/runtime/tools.rs")),
    ("params.rs", include_str!("../../../templates/src/runtime/params.rs")),
    (
        "validated.rs",
        include_str!("../../../templates/src/runtime/validated.rs"),
    ),
    (
        "wire_enum.rs",
        include_str!("../../../templates/src/runtime/wire_enum.rs"),
    ),
];

pub(crate) fn runtime_files() -> Vec<Emitted> {
    RUNTIME
        .iter()
        .map(|(name, text)| Emitted {
            path: format!("src/runtime/{name}").into(),
            contents: Contents::Text(format!(
                "// @generated: copied from templates/src/runtime/{name} by openapi-client-generator. Do not edit.\n\n{text}"
            )),
        })
        .collect()
}
