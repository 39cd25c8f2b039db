//! Stage 4: the IR → one output file per emitter. Each emitter is a function
//! from IR to tokens (or text for non-Rust files).

mod error_sets;
mod lib_rs;
mod manifest;
mod mcp_bin;
mod models;
mod operations;
mod runtime;
mod tool_cli;
mod tools;
mod types;
mod validated;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Crate;

pub use runtime::{RuntimeDependency, RUNTIME_PACKAGE};
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
    /// A crate of its own, or one file for a build script.
    pub layout: Layout,
}

/// The shape of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A crate: `Cargo.toml`, one module file per API, each API and the
    /// tools behind a cargo feature.
    Crate,
    /// One Rust file for `include!` at a crate root (see [`crate::build`]):
    /// modules inline, no inner attributes at the top, no feature gates (the
    /// including crate has none of ours: every API is in, tools as asked).
    IncludeFile,
}

/// `#[cfg(feature = "…")]` where the layout has cargo features, else nothing.
pub(crate) fn feature_gate(layout: Layout, feature: &str) -> TokenStream {
    match layout {
        Layout::Crate => quote!(#[cfg(feature = #feature)]),
        Layout::IncludeFile => TokenStream::new(),
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
    let rust = |path: String, tokens: TokenStream| Emitted {
        path: path.into(),
        contents: Contents::Rust(tokens),
    };
    let later = |path: String, weight: usize, emit: Box<dyn Fn() -> TokenStream + Sync + 'a>| Emitted {
        path: path.into(),
        contents: Contents::Later { weight, emit },
    };
    let as_crate = packaging.layout == Layout::Crate;
    let mut files = vec![rust("src/lib.rs".into(), lib_rs::lib_rs(krate, packaging))];
    if as_crate {
        files.insert(
            0,
            Emitted {
                path: "Cargo.toml".into(),
                contents: Contents::Text(manifest::cargo_toml(krate, packaging)),
            },
        );
    }
    if krate.types.in_home(&crate::ir::Home::Root).next().is_some() {
        files.push(rust("src/validated.rs".into(), validated::validated_rs(krate)));
    }
    for domain in &krate.domains {
        let module = &domain.module;
        let (tools, layout) = (packaging.tools, packaging.layout);
        let weight = domain.operations.len();
        files.push(later(
            format!("src/{module}/operations.rs"),
            weight,
            Box::new(move || operations::operations_rs(domain, krate)),
        ));
        files.push(later(
            format!("src/{module}/mod.rs"),
            weight,
            Box::new(move || models::domain_mod_rs(domain, krate, tools, layout)),
        ));
        if tools {
            files.push(later(
                format!("src/{module}/tools.rs"),
                weight,
                Box::new(move || tools::tools_rs(domain, krate, sources)),
            ));
        }
    }
    if as_crate && packaging.runtime == RuntimeDependency::Inline {
        files.extend(runtime::inline_files());
    }
    if as_crate && packaging.tools {
        files.push(rust("examples/tools.rs".into(), tool_cli::tool_cli_rs(krate)));
        files.push(rust("src/bin/mcp.rs".into(), mcp_bin::mcp_bin_rs(krate)));
    }
    files
}

/// `#![doc = "…"]` lines: module docs.
pub(crate) fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = doc_lines(docs);
    quote! { #(#![doc = #lines])* }
}

fn doc_lines(docs: &str) -> impl Iterator<Item = String> + '_ {
    // A lone carriage return (old Mac line ends) is a line break too: rustc
    // refuses a bare CR in a doc comment.
    // Tabs become spaces (clippy's `tabs_in_doc_comments`).
    docs.lines().flat_map(|line| line.split('\r')).map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.replace('\t', "    "))
        }
    })
}

/// `#[doc = "…"]` lines for a cleaned description (none when empty).
pub(crate) fn doc_attrs(docs: &str) -> TokenStream {
    let lines = doc_lines(docs);
    quote! { #(#[doc = #lines])* }
}
