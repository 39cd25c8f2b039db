//! `Layout::Split`: one crate per API under `apis/<module>/`, the shared
//! validated strings in `apis/common/`, and the facade crate at the root
//! (its `Cargo.toml` in `manifest`, its `src/lib.rs` in `lib_rs`), whose
//! features pull in the API crates. Paths and features stay those of one crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime::{dependency_line, RUNTIME_PACKAGE};
use super::types::ident;
use super::{domain_files, Contents, Emitted, Packaging, Sources};
use crate::ir::{Crate, Domain, Home};

/// The package of one API's crate (`twilio-client-api-v2010`).
pub(crate) fn api_package(packaging: &Packaging, module: &str) -> String {
    format!("{}-{}", packaging.package, module.replace('_', "-"))
}

/// The package every API crate shares (`twilio-client-common`).
pub(crate) fn common_package(packaging: &Packaging) -> String {
    format!("{}-common", packaging.package)
}

/// How Rust code names a package's crate.
pub(crate) fn crate_ident(package: &str) -> proc_macro2::Ident {
    ident(&package.replace('-', "_"))
}

/// The common crate's name in code, for the facade's `pub use common::*`.
pub(crate) fn common_ident(packaging: &Packaging) -> proc_macro2::Ident {
    crate_ident(&common_package(packaging))
}

/// The common crate and one crate per API, each with its manifest.
pub(crate) fn api_crates<'a>(krate: &'a Crate, sources: &'a Sources, packaging: &'a Packaging) -> Vec<Emitted<'a>> {
    let mut files = common_crate(krate, packaging);
    for domain in &krate.domains {
        let root = format!("apis/{}", domain.module);
        files.push(text(format!("{root}/Cargo.toml"), api_toml(domain, packaging)));
        files.push(rust(format!("{root}/src/lib.rs"), api_lib_rs(domain, packaging)));
        files.extend(domain_files(domain, krate, sources, packaging, &format!("{root}/src")));
    }
    files
}

fn common_crate(krate: &Crate, packaging: &Packaging) -> Vec<Emitted<'static>> {
    let has_validated = krate.types.in_home(&Home::Root).next().is_some();
    let validated_mod = has_validated.then(|| {
        quote!(
            mod validated;
            pub use validated::*;
        )
    });
    let from_str_args = krate.types.in_home(&Home::Root).map(|(_, def)| ident(&def.name));
    let tools = packaging.tools.then(|| {
        quote! {
            #[cfg(feature = "tools")]
            pub use runtime::{Tool, ToolError};
            // Validated strings as tool arguments: parsed strictly.
            #[cfg(feature = "tools")]
            runtime::tool_arg_from_str!(#(#from_str_args),*);
        }
    });
    let exports = crate::names::RUNTIME_ROOT_EXPORTS.iter().map(|name| ident(name));
    let doc = format!(
        " What the API crates of `{}` share: the runtime and the validated strings.",
        packaging.package
    );
    let lib = quote! {
        #![doc = #doc]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        /// The runtime crate this client is built on.
        pub use openapi_client_runtime as runtime;
        pub use runtime::{#(#exports),*};
        /// Re-exported: the `time` types the API takes and returns, and the `futures` stream traits.
        pub use runtime::{futures, time};
        #validated_mod
        #tools
    };
    let mut files = vec![
        text(
            "apis/common/Cargo.toml".into(),
            member_toml(&common_package(packaging), None, "", packaging),
        ),
        rust("apis/common/src/lib.rs".into(), lib),
    ];
    if has_validated {
        files.push(rust(
            "apis/common/src/validated.rs".into(),
            super::validated::validated_rs(krate),
        ));
    }
    files
}

fn api_toml(domain: &Domain, packaging: &Packaging) -> String {
    let common = common_package(packaging);
    // Its tags' features, which the facade's features of the same names turn on.
    let features = super::manifest::api_crate_features(domain);
    member_toml(
        &api_package(packaging, &domain.module),
        Some(&common),
        &features,
        packaging,
    )
}

/// An API crate's root: the shared names, the runtime client (which the
/// facade's `Client` derefs to), and the API's module.
fn api_lib_rs(domain: &Domain, packaging: &Packaging) -> TokenStream {
    let common = common_ident(packaging);
    let module = ident(&domain.module);
    let doc = format!(
        " The `{}` API of `{}`, which re-exports it as `{}::{}`.",
        domain.module, packaging.package, packaging.package, domain.module
    );
    let module_doc = super::doc_attrs(domain.docs.lines().next().unwrap_or_default());
    quote! {
        #![doc = #doc]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        // Not inlined: the facade documents these once, not each API crate
        // (inlined, rustdoc copies the runtime's docs into every one of them).
        #[doc(no_inline)]
        pub use #common::*;
        /// The client requests go through; the facade's `Client` derefs to it.
        #[doc(no_inline)]
        pub use #common::runtime::Client;

        #module_doc
        pub mod #module;
    }
}

/// The manifest of a crate under `apis/`: the runtime (two folders further
/// from a relative path), the `common` crate for an API crate, and a
/// `tools` feature passed on to both, after `features` (lines of its own).
fn member_toml(package: &str, common: Option<&str>, features: &str, packaging: &Packaging) -> String {
    let dependency = |name: &str| dependency_line("[dependencies]", name).unwrap_or_default();
    let (tools_of, extra) = match common {
        Some(common) => (
            format!(", \"{common}/tools\""),
            format!("{common} = {{ path = \"../common\" }}\n"),
        ),
        None => (String::new(), String::new()),
    };
    let description = format!(
        "Part of `{}` (generated): depend on that crate, not on this one",
        packaging.package
    );
    format!(
        r#"{header}
[features]
{features}tools = ["{RUNTIME_PACKAGE}/tools"{tools_of}]

[dependencies]
{runtime}
{extra}{serde}
{serde_json}
{time}
"#,
        header = super::manifest::package_header(package, &description),
        runtime = packaging.runtime.manifest_line_at(2),
        serde = dependency("serde"),
        serde_json = dependency("serde_json"),
        time = dependency("time"),
    )
}

fn text(path: String, text: String) -> Emitted<'static> {
    Emitted {
        path: path.into(),
        contents: Contents::Text(text),
    }
}

fn rust(path: String, tokens: TokenStream) -> Emitted<'static> {
    Emitted {
        path: path.into(),
        contents: Contents::Rust(tokens),
    }
}
