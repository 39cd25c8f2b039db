//! An MCP server over a generated crate's agent tools: `tools/list` from the
//! same schemas as `tools()`, `tools/call` through `Client::call_tool`, so
//! every argument is validated by the typed builders before a request leaves.
//! Served over stdio (what desktop agents launch) or Streamable HTTP.
//!
//! A generated crate's `<package>-mcp` binary is [`main`] with its tools.

mod options;
mod server;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde_json::Value;

pub use options::Options;
pub use server::ToolServer;

use crate::{Client, Tool, ToolError};

/// What a tool call returns.
pub type CallFuture = Pin<Box<dyn Future<Output = Result<Value, ToolError>> + Send>>;

/// Calls a tool by its qualified name on a client.
pub type Caller = Arc<dyn Fn(&Client, String, Value) -> CallFuture + Send + Sync>;

/// What a generated crate hands the server.
pub struct Api {
    /// Server name (the crate's package name).
    pub name: &'static str,
    /// Server version.
    pub version: &'static str,
    /// Every tool of the enabled APIs.
    pub tools: Vec<Tool>,
    /// The APIs exposed when the operator names none (`--api`).
    pub default_apis: &'static [&'static str],
    /// `Client::call_tool` of the generated crate.
    pub call: Caller,
    /// Where the server reads credentials and settings.
    pub environment: Environment,
}

/// The variables a server reads its credentials from (in the environment,
/// or a `--credentials-file`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// Twilio's: `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` (or an API
    /// key), and `--region`/`--edge`.
    Twilio,
    /// Any other API's, under the crate's prefix: `<PREFIX>_TOKEN`,
    /// `<PREFIX>_API_KEY`, or `<PREFIX>_USERNAME` and `<PREFIX>_PASSWORD`.
    Prefixed(&'static str),
}

/// Runs the server with the process's arguments; what a `-mcp` binary's
/// `main` calls. Errors go to stderr with a non-zero exit.
pub fn main(api: Api) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match Options::parse(&args).and_then(|options| options.allowed_with(api.environment)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n\n{}", options::usage(api.name, api.environment));
            return std::process::ExitCode::from(2);
        }
    };
    if options.help {
        println!("{}", options::usage(api.name, api.environment));
        return std::process::ExitCode::SUCCESS;
    }
    // Tool futures of a large API are deep in debug builds: room to spare.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build();
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("could not start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::run(api, options)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
