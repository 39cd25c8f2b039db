//! `Layout::Split`: the APIs in crates of their own under `apis/`, the shared
//! validated strings in `apis/common/`, and the facade crate at the root
//! (its `Cargo.toml` in `manifest`, its `src/lib.rs` in `lib_rs`), whose
//! features pull in the API crates. Paths and features stay those of one crate.
//!
//! A large API gets a crate of its own; small ones (in module order) share
//! one, each behind its feature. Every crate costs a rustc process, its
//! dependencies' metadata and codegen units of its own: with a crate per API
//! (52 for Twilio), building all of Twilio took 1.33x the CPU of one crate.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime::{dependency_line, RUNTIME_PACKAGE};
use super::types::ident;
use super::{domain_files, Contents, Emitted, Layout, Packaging, Sources};
use crate::ir::{Crate, Domain, Home};

/// How much an API crate should hold, in operations plus types: an API this
/// large is a crate of its own, smaller ones are grouped until they are.
/// All of Twilio, debug, 2 cores (`cargo xtask bench --builds`), against one
/// crate, one round each: at 150 (14 API crates) 0.59x the wall clock and
/// 1.02x the CPU; at 300 (8) 0.48x and 0.84x (medians of 3: 0.57x, 0.97x).
/// The rebuild after api_v2010 changed stays about 0.15x: api_v2010 (197
/// operations) is a crate of its own either way.
const CRATE_WEIGHT: usize = 300;

/// One crate under `apis/`: one API, or several small ones.
pub(crate) struct ApiCrate<'a> {
    /// Its folder under `apis/`: the module, or `<first>_to_<last>` (with
    /// `_group` after it while that is a module's own name).
    pub folder: String,
    /// The APIs it holds, in module order.
    pub domains: Vec<&'a Domain>,
}

impl ApiCrate<'_> {
    /// Its package (`twilio-client-api-v2010`).
    pub(crate) fn package(&self, packaging: &Packaging) -> String {
        format!("{}-{}", packaging.package, self.folder.replace('_', "-"))
    }
}

/// The crates the APIs go in: each large API alone, then the small ones in
/// module order, grouped until a group weighs enough (a light last group
/// joins the one before). The one place that decides.
pub(crate) fn api_crates_of(krate: &Crate) -> Vec<ApiCrate<'_>> {
    let weight = |domain: &Domain| domain.operations.len() + krate.types.in_home(&domain.home()).count();
    let weighed = krate.domains.iter().map(|domain| (domain, weight(domain)));
    let (large, small): (Vec<_>, Vec<_>) = weighed.partition(|(_, weight)| *weight >= CRATE_WEIGHT);
    let mut groups: Vec<(Vec<&Domain>, usize)> = Vec::new();
    for (domain, weight) in small {
        match groups.last_mut() {
            Some((domains, total)) if *total < CRATE_WEIGHT => {
                domains.push(domain);
                *total += weight;
            }
            _ => groups.push((vec![domain], weight)),
        }
    }
    if let [.., (before, _), (last, total)] = groups.as_mut_slice() {
        if *total < CRATE_WEIGHT / 2 {
            before.append(last);
            groups.pop();
        }
    }
    let modules: BTreeSet<&str> = krate.domains.iter().map(|d| d.module.as_str()).collect();
    let mut crates: Vec<ApiCrate> = large
        .into_iter()
        .map(|(domain, _)| vec![domain])
        .chain(groups.into_iter().map(|(domains, _)| domains))
        .map(|domains| api_crate(domains, &modules))
        .collect();
    crates.sort_by(|a, b| a.domains[0].module.cmp(&b.domains[0].module));
    crates
}

/// Each API, in the crate's order, with the package of the API crate that
/// holds it (`None` unless the layout is split): what the facade's manifest
/// and `lib.rs` declare.
pub(crate) fn package_of_each<'a>(krate: &'a Crate, packaging: &Packaging) -> Vec<(&'a Domain, Option<String>)> {
    let mut packages: BTreeMap<&str, String> = BTreeMap::new();
    if packaging.layout == Layout::Split {
        for api_crate in api_crates_of(krate) {
            let package = api_crate.package(packaging);
            for domain in api_crate.domains {
                packages.insert(&domain.module, package.clone());
            }
        }
    }
    let each = krate.domains.iter();
    each.map(|domain| (domain, packages.remove(domain.module.as_str())))
        .collect()
}

/// An API crate of one or more APIs (never none), its folder named after
/// them. A group's name is never one of the `modules`: an API named
/// `chat_v1_to_chat_v2` may be a crate of its own beside the group of
/// `chat_v1` to `chat_v2`, and the two would share a folder and a package.
fn api_crate<'a>(domains: Vec<&'a Domain>, modules: &BTreeSet<&str>) -> ApiCrate<'a> {
    let folder = match domains.as_slice() {
        [first, .., last] => {
            let mut folder = format!("{}_to_{}", first.module, last.module);
            while modules.contains(folder.as_str()) {
                folder.push_str("_group");
            }
            folder
        }
        [one] => one.module.clone(),
        [] => String::new(),
    };
    ApiCrate { folder, domains }
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

/// The common crate and the API crates, each with its manifest.
pub(crate) fn api_crates<'a>(krate: &'a Crate, sources: &'a Sources, packaging: &'a Packaging) -> Vec<Emitted<'a>> {
    let mut files = common_crate(krate, packaging);
    for api_crate in api_crates_of(krate) {
        let root = format!("apis/{}", api_crate.folder);
        files.push(text(format!("{root}/Cargo.toml"), api_toml(&api_crate, packaging)));
        files.push(rust(format!("{root}/src/lib.rs"), api_lib_rs(&api_crate, packaging)));
        for domain in api_crate.domains {
            files.extend(domain_files(domain, krate, sources, packaging, &format!("{root}/src")));
        }
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
            member_toml(
                &common_package(packaging),
                None,
                "",
                &super::manifest::runtime_features(krate),
                packaging,
            ),
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

fn api_toml(api_crate: &ApiCrate, packaging: &Packaging) -> String {
    let common = common_package(packaging);
    // A feature per API and per tag, which the facade's features of the same
    // names turn on: a small API compiles only when asked for, even when it
    // shares its crate.
    let features: String = api_crate
        .domains
        .iter()
        .map(|domain| super::manifest::api_crate_features(domain))
        .collect();
    member_toml(&api_crate.package(packaging), Some(&common), &features, &[], packaging)
}

/// An API crate's root: the shared names, the runtime client (which the
/// facade's `Client` derefs to), and the APIs' modules, each behind its
/// feature.
fn api_lib_rs(api_crate: &ApiCrate, packaging: &Packaging) -> TokenStream {
    let common = common_ident(packaging);
    let doc = match api_crate.domains.as_slice() {
        [one] => format!(
            " The `{module}` API of `{package}`, which re-exports it as `{package}::{module}`.",
            module = one.module,
            package = packaging.package
        ),
        many => {
            let names: Vec<String> = many.iter().map(|d| format!("`{}`", d.module)).collect();
            format!(
                " The APIs {} of `{}`, each behind the feature of its name; that crate re-exports them as modules \
                 of the same names.",
                names.join(", "),
                packaging.package
            )
        }
    };
    let modules = api_crate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let gate = super::feature_gate(packaging.layout, &domain.module);
        let docs = super::doc_attrs(domain.docs.lines().next().unwrap_or_default());
        quote! {
            #gate
            #docs
            pub mod #module;
        }
    });
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

        #(#modules)*
    }
}

/// The manifest of a crate under `apis/`: the runtime (two folders further
/// from a relative path, with `runtime_features`: the common crate's
/// pattern engines), the `common` crate for an API crate, and a `tools`
/// feature passed on to both, after `features` (lines of its own).
fn member_toml(
    package: &str,
    common: Option<&str>,
    features: &str,
    runtime_features: &[&str],
    packaging: &Packaging,
) -> String {
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
        runtime = packaging.runtime.manifest_line_with(2, runtime_features),
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
