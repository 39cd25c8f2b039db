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
}

/// Contents of one output file, before formatting.
pub enum Contents {
    /// Rust tokens, formatted by the writer.
    Rust(TokenStream),
    /// Any other text, written as is.
    Text(String),
}

/// One file of the generated crate, relative to its root.
pub struct Emitted {
    /// Path relative to the crate root.
    pub path: PathBuf,
    /// What goes in it.
    pub contents: Contents,
}

/// Every file of the generated crate.
pub fn emit(krate: &Crate, sources: &Sources, packaging: &Packaging) -> Vec<Emitted> {
    let rust = |path: String, tokens: TokenStream| Emitted {
        path: path.into(),
        contents: Contents::Rust(tokens),
    };
    let mut files = vec![
        Emitted {
            path: "Cargo.toml".into(),
            contents: Contents::Text(manifest::cargo_toml(krate, packaging)),
        },
        rust("src/lib.rs".into(), lib_rs::lib_rs(krate, packaging.tools)),
    ];
    if krate.types.in_home(&crate::ir::Home::Root).next().is_some() {
        files.push(rust("src/validated.rs".into(), validated::validated_rs(krate)));
    }
    for domain in &krate.domains {
        let module = &domain.module;
        files.push(rust(
            format!("src/{module}/mod.rs"),
            models::domain_mod_rs(domain, krate, packaging.tools),
        ));
        files.push(rust(
            format!("src/{module}/operations.rs"),
            operations::operations_rs(domain, krate),
        ));
        if packaging.tools {
            files.push(rust(
                format!("src/{module}/tools.rs"),
                tools::tools_rs(domain, krate, sources),
            ));
        }
    }
    if packaging.runtime == RuntimeDependency::Inline {
        files.extend(runtime::inline_files());
    }
    if packaging.tools {
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
