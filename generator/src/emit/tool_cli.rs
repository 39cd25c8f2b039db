//! `examples/tools.rs`: a command line over the agent tools, for any spec set.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::Crate;

pub(crate) fn tool_cli_rs(krate: &Crate) -> TokenStream {
    let package = ident(&krate.package.replace('-', "_"));
    let environment = match krate.vendor {
        Some(vendor) => vendor.tool_cli_environment.to_owned(),
        None => {
            let prefix = super::lib_rs::env_prefix(&krate.package);
            format!(
                "credentials: {prefix}_TOKEN (a bearer token), {prefix}_API_KEY, or {prefix}_USERNAME and {prefix}_PASSWORD;\n\
                 {prefix}_BASE_URL sends requests elsewhere (http:// only to loopback)"
            )
        }
    };
    let usage = format!(
        "usage:\n  cargo run -p {0} --example tools -- list\n  cargo run -p {0} --example tools -- call <tool> '<json arguments>'\n{environment}",
        krate.package
    );
    quote! {
        //! Lists the agent tools (`list`, as MCP's `tools/list` JSON) or calls one
        //! (`call <tool> '<json>'`) and prints the JSON result.
        use #package::{tools_list_json, Client};

        const USAGE: &str = #usage;

        #[tokio::main]
        async fn main() -> std::process::ExitCode {
            let args: Vec<String> = std::env::args().skip(1).collect();
            match run(&args).await {
                Ok(output) => {
                    println!("{output}");
                    std::process::ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    std::process::ExitCode::FAILURE
                }
            }
        }

        async fn run(args: &[String]) -> Result<String, Box<dyn std::error::Error>> {
            match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                ["list"] => Ok(serde_json::to_string_pretty(&tools_list_json())?),
                ["call", tool, json] => {
                    let arguments: serde_json::Value = serde_json::from_str(json)?;
                    let client = Client::from_env()?;
                    let result = client.call_tool(tool, arguments).await?;
                    Ok(serde_json::to_string_pretty(&result)?)
                }
                _ => Err(USAGE.into()),
            }
        }
    }
}
