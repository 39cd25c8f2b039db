//! An MCP server over a generated crate's agent tools: `tools/list` from the
//! same schemas as `tools()`, `tools/call` through `Client::call_tool`, so
//! every argument is validated by the typed builders before a request leaves.
//! Served over stdio (what desktop agents launch) or Streamable HTTP.
//!
//! A generated crate's `<package>-mcp` binary is [`main`] with its tools.

mod catalog;
mod discover;
mod http;
mod listing;
mod options;
mod server;
mod setup;

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
/// or a `--credentials-file`), and the flags it adds for them.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Environment {
    /// Any API's, under the crate's prefix: `<PREFIX>_TOKEN`,
    /// `<PREFIX>_API_KEY`, `<PREFIX>_CLIENT_ID` and `<PREFIX>_CLIENT_SECRET`,
    /// or `<PREFIX>_USERNAME` and `<PREFIX>_PASSWORD`.
    Prefixed(&'static str),
    /// [`Environment::Prefixed`], and each API key scheme's own variable.
    PrefixedKeys(&'static str, &'static [crate::KeyVariable]),
    /// A vendor's own variables and flags (its plug-in module defines them).
    Vendor(&'static VendorEnvironment),
}

/// Makes the client builder from the variables read through `lookup`.
pub type VendorBuilder = fn(lookup: &dyn Fn(&str) -> Option<String>) -> Result<crate::ClientBuilder, crate::Error>;

/// A vendor's credentials, settings and flags for the server.
pub struct VendorEnvironment {
    /// The client builder from the vendor's variables, read through
    /// `lookup` (the environment, or the credentials file), with the
    /// vendor's plug-in installed.
    pub builder: VendorBuilder,
    /// What `--credentials-file` holds, for `--help` (`KEY=VALUE lines (…)`).
    pub credentials_help: &'static str,
    /// Flags the vendor adds, each taking a value.
    pub flags: &'static [VendorFlag],
    /// What the server's instructions add for the vendor's APIs (defaults
    /// an agent should not ask its user for).
    pub instructions: &'static str,
}

impl std::fmt::Debug for VendorEnvironment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let flags: Vec<&str> = self.flags.iter().map(|flag| flag.name).collect();
        f.debug_struct("VendorEnvironment")
            .field("flags", &flags)
            .finish_non_exhaustive()
    }
}

/// A flag a vendor adds to the server (`--region ie1`).
pub struct VendorFlag {
    /// The name, without `--`.
    pub name: &'static str,
    /// Its line in `--help`.
    pub help: &'static str,
    /// Applies the value to the client.
    pub apply: fn(crate::ClientBuilder, &str) -> crate::ClientBuilder,
}

impl Environment {
    /// The flags this environment adds.
    pub fn flags(self) -> &'static [VendorFlag] {
        match self {
            Environment::Prefixed(_) | Environment::PrefixedKeys(..) => &[],
            Environment::Vendor(vendor) => vendor.flags,
        }
    }

    /// The vendor's part of the server's instructions, if any.
    pub fn instructions(self) -> &'static str {
        match self {
            Environment::Prefixed(_) | Environment::PrefixedKeys(..) => "",
            Environment::Vendor(vendor) => vendor.instructions,
        }
    }
}

/// Runs the server with the process's arguments; what a `-mcp` binary's
/// `main` calls. Errors go to stderr with a non-zero exit.
pub fn main(api: Api) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match Options::parse_for(&args, api.environment) {
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
