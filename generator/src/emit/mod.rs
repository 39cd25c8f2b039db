//! Stage 4: the IR → one output file per emitter. Each emitter is a function
//! from IR to tokens (or text for non-Rust files).

mod error_sets;
mod lib_rs;
mod manifest;
mod mcp_bin;
mod models;
mod operations;
mod runtime;
mod split;
mod tool_cli;
mod tool_output;
mod tools;
mod types;
mod unions;
mod validated;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Crate;

pub use runtime::{runtime_crate_files, RuntimeDependency, BESIDE, RUNTIME_PACKAGE};
pub use tools::tool_name;

/// The raw document of each domain, by module: extensions (agent tools)
/// read prose and formats from it through the IR's pointers.
pub type Sources<'a> = std::collections::BTreeMap<String, &'a serde_json::Value>;

/// The sources of `specs`, for [`emit`].
pub fn sources(specs: &[crate::load::LoadedSpec]) -> Sources<'_> {
    specs.iter().map(|spec| (spec.module.clone(), &spec.raw)).collect()
}

/// How the generated crate is packaged.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Packaging {
    /// Cargo package name.
    pub package: String,
    /// Adds an empty `[workspace]` so the crate builds on its own, outside
    /// this repository's workspace.
    pub standalone: bool,
    /// How the crate gets the runtime crate.
    pub runtime: RuntimeDependency,
    /// Emits every operation as an agent tool too (`tools()`,
    /// `Client::call_tool`, `examples/tools.rs`), behind the `tools` feature.
    pub tools: bool,
    /// Leaves out an operation with problems (an unsupported construct)
    /// rather than failing; each is listed in the crate's docs.
    pub skip_unsupported: bool,
    /// Fails on a schema the generator cannot type (which otherwise
    /// becomes `serde_json::Value`, with a warning at its pointer).
    pub deny_untyped: bool,
    /// A crate of its own, or one file for a build script.
    pub layout: Layout,
    /// What a cargo feature compiles: an API, or one tag of an API.
    pub features_by: FeaturesBy,
    /// The command each generated file's header tells a reader to run to
    /// regenerate it.
    pub rerun: String,
}

/// What the generated crate's cargo features stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeaturesBy {
    /// One feature per API (spec file).
    #[default]
    Api,
    /// Also one per tag of each API (`<module>-<tag>`), so a user of a large
    /// spec compiles only the parts they call (see
    /// [`crate::lower::features`]). Has no effect on an include file, which
    /// has no features.
    Tag,
}

/// The shape of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A crate: `Cargo.toml`, one module file per API, each API and the
    /// tools behind a cargo feature.
    Crate,
    /// The APIs in crates under `apis/` (a large API alone, small ones
    /// together; `apis/common` for what they share), behind a facade crate
    /// with the same features and paths as [`Layout::Crate`]: cargo builds
    /// them in parallel and rebuilds only the crate whose spec changed.
    Split,
    /// One Rust file for `include!` at a crate root (see [`crate::build`]):
    /// modules inline, no inner attributes at the top, no feature gates (the
    /// including crate has none of ours: every API is in, tools as asked).
    IncludeFile,
}

/// `#[cfg(feature = "…")]` where the layout has cargo features, else nothing.
pub(crate) fn feature_gate(layout: Layout, feature: &str) -> TokenStream {
    features_gate(layout, &[feature.to_owned()])
}

/// `#[cfg(…)]` for what any of `features` compiles (`--features-by tag`):
/// nothing when there are none, or where the layout has no features.
pub(crate) fn features_gate(layout: Layout, features: &[String]) -> TokenStream {
    match (layout, features) {
        (Layout::IncludeFile, _) | (_, []) => TokenStream::new(),
        (_, [one]) => quote!(#[cfg(feature = #one)]),
        (_, many) => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `items` (a type and its impls, a builder and its methods), each behind
/// [`features_gate`]: one place puts the gate on every item an emitter made
/// for one part of the IR, however many there are.
pub(crate) fn gated(layout: Layout, features: &[String], items: TokenStream) -> TokenStream {
    let gate = features_gate(layout, features);
    if gate.is_empty() {
        return items;
    }
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items;
            quote!(#(#gate #items)*)
        }
        // Not items: the formatter reports the same syntax error with its file.
        Err(_) => items,
    }
}

/// What an API's module shows only to the crate root (`Operations::new`,
/// `tools::call`): `pub(crate)`, or hidden `pub` where the root is a facade
/// crate of its own.
pub(crate) fn facade_visibility(layout: Layout) -> TokenStream {
    match layout {
        Layout::Split => quote!(#[doc(hidden)] pub),
        Layout::Crate | Layout::IncludeFile => quote!(pub(crate)),
    }
}

/// Contents of one output file, before formatting.
pub enum Contents<'a> {
    /// Rust tokens, formatted by the writer.
    Rust(TokenStream),
    /// Rust tokens still to be emitted: the writer runs `emit` on one of its
    /// threads, so emitting is spread over the cores with formatting (token
    /// streams cannot cross threads, so they are made where they are printed).
    /// The heaviest (`weight`: operations behind the file) start first.
    Later {
        /// How much work the file is, relative to the others.
        weight: usize,
        /// Makes the file's tokens.
        emit: Box<dyn Fn() -> TokenStream + Sync + 'a>,
    },
    /// Any other text, written as is.
    Text(String),
}

/// One file of the generated crate, relative to its root.
pub struct Emitted<'a> {
    /// Path relative to the crate root.
    pub path: PathBuf,
    /// What goes in it.
    pub contents: Contents<'a>,
}

impl Contents<'_> {
    /// The tokens, emitting them now if they were deferred (text has none).
    pub fn tokens(&self) -> Option<TokenStream> {
        match self {
            Contents::Rust(tokens) => Some(tokens.clone()),
            Contents::Later { emit, .. } => Some(emit()),
            Contents::Text(_) => None,
        }
    }
}

/// Every file of the generated crate. Each API's files are deferred
/// ([`Contents::Later`]) for the writer's threads.
pub fn emit<'a>(krate: &'a Crate, sources: &'a Sources, packaging: &'a Packaging) -> Vec<Emitted<'a>> {
    let rust = |path: &str, tokens: TokenStream| Emitted {
        path: path.into(),
        contents: Contents::Rust(tokens),
    };
    let manifest = |text: String| Emitted {
        path: "Cargo.toml".into(),
        contents: Contents::Text(text),
    };
    let mut files = Vec::new();
    match packaging.layout {
        Layout::Crate | Layout::Split => files.push(manifest(manifest::cargo_toml(krate, packaging))),
        Layout::IncludeFile => {}
    }
    files.push(rust("src/lib.rs", lib_rs::lib_rs(krate, packaging)));
    if packaging.layout == Layout::Split {
        files.extend(split::api_crates(krate, sources, packaging));
    } else {
        if krate.types.in_home(&crate::ir::Home::Root).next().is_some() {
            files.push(rust("src/validated.rs", validated::validated_rs(krate)));
        }
        for domain in &krate.domains {
            files.extend(domain_files(domain, krate, sources, packaging, "src"));
        }
    }
    if packaging.layout == Layout::IncludeFile {
        return files;
    }
    if packaging.runtime == RuntimeDependency::Inline {
        files.extend(runtime::inline_files());
    }
    if packaging.tools {
        files.push(rust("examples/tools.rs", tool_cli::tool_cli_rs(krate)));
        files.push(rust("src/bin/mcp.rs", mcp_bin::mcp_bin_rs(krate)));
    }
    files
}

/// One API's modules under `src` (`src/api_v2010/{mod,operations,tools}.rs`).
fn domain_files<'a>(
    domain: &'a crate::ir::Domain,
    krate: &'a Crate,
    sources: &'a Sources,
    packaging: &Packaging,
    src: &str,
) -> Vec<Emitted<'a>> {
    let later = |path: String, emit: Box<dyn Fn() -> TokenStream + Sync + 'a>| Emitted {
        path: path.into(),
        contents: Contents::Later {
            weight: domain.operations.len(),
            emit,
        },
    };
    let module = &domain.module;
    let (tools, layout) = (packaging.tools, packaging.layout);
    let mut files = vec![
        later(
            format!("{src}/{module}/operations.rs"),
            Box::new(move || operations::operations_rs(domain, krate, layout)),
        ),
        later(
            format!("{src}/{module}/mod.rs"),
            Box::new(move || models::domain_mod_rs(domain, krate, tools, layout)),
        ),
    ];
    if tools {
        files.push(later(
            format!("{src}/{module}/tools.rs"),
            Box::new(move || tools::tools_rs(domain, krate, sources, layout)),
        ));
    }
    files
}

/// `#![doc = "…"]` lines: module docs.
pub(crate) fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = crate::docs::comment_lines(docs);
    quote! { #(#![doc = #lines])* }
}

/// `#[doc = "…"]` lines for a cleaned description (none when empty).
pub(crate) fn doc_attrs(docs: &str) -> TokenStream {
    let lines = crate::docs::comment_lines(docs);
    quote! { #(#[doc = #lines])* }
}
