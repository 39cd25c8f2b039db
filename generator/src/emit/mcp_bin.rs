//! `src/bin/mcp.rs`: the `<package>-mcp` binary, an MCP server over the
//! agent tools (the runtime's `mcp` module does the work).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::Crate;

pub(crate) fn mcp_bin_rs(krate: &Crate) -> TokenStream {
    let package = ident(&krate.package.replace('-', "_"));
    let defaults = &krate.core_apis;
    let environment = match krate.vendor {
        Some(vendor) => {
            let (module, environment) = (ident(vendor.runtime.module), ident(vendor.runtime.mcp_environment));
            quote!(runtime::mcp::Environment::Vendor(&runtime::#module::#environment))
        }
        None => {
            let prefix = super::lib_rs::env_prefix(&krate.package);
            let keys = super::lib_rs::key_variables(krate, &prefix);
            if keys.is_empty() {
                quote!(runtime::mcp::Environment::Prefixed(#prefix))
            } else {
                let pairs = keys.iter().map(|(scheme, variable)| quote!((#scheme, #variable)));
                quote!(runtime::mcp::Environment::PrefixedKeys(#prefix, &[#(#pairs),*]))
            }
        }
    };
    let docs = super::inner_doc_attrs(&format!(
        "`{}-mcp`: every operation as a typed, validated MCP tool, over stdio or Streamable HTTP\n\
         (`--help` lists the options; by default it exposes {}).",
        krate.package,
        defaults.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
    ));
    quote! {
        #docs
        use std::sync::Arc;

        use #package::{runtime, tools, Client};

        fn main() -> std::process::ExitCode {
            runtime::mcp::main(runtime::mcp::Api {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
                tools: tools(),
                default_apis: &[#(#defaults),*],
                call: Arc::new(|client: &runtime::Client, name: String, args: serde_json::Value| {
                    let client = Client::from(client.clone());
                    Box::pin(async move { client.call_tool(&name, args).await })
                }),
                environment: #environment,
            })
        }
    }
}
