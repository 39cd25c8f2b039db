//! The intermediate representation: plain data, ordered deterministically,
//! with every decision already taken — names, types, how each value is taken
//! by a setter and (de)serialized, the final doc text. Emitters project it;
//! they never search by name and never choose.
//!
//! Types live in one table keyed by [`TypeId`]; everything else refers to
//! them by id.

mod domain;
mod operation;
mod types;

pub use crate::names::Name;
pub use domain::*;
pub use operation::*;
pub use types::*;

/// The whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// Cargo package name.
    pub package: String,
    /// One per spec file, sorted by module name.
    pub domains: Vec<Domain>,
    /// Every type of the crate, in the order lowering created them.
    pub types: Types,
    /// Whose API this is, where that changes the output.
    pub flavour: Flavour,
    /// The modules a newcomer meets first: the usage example's calls and an
    /// MCP server's tools when the operator names none. Every API, unless
    /// the vendor has a core one (Twilio's `api_v2010`).
    pub core_apis: Vec<String>,
    /// Warnings and skipped operations, listed in the crate's docs.
    pub report: crate::error::Report,
}

/// Whose API a spec set describes. The generic path is the default; a
/// flavour only adds what that vendor's users expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Any OpenAPI spec.
    Generic,
    /// Twilio's (servers under `twilio.com`): adds webhook signature validation.
    Twilio,
}

impl Flavour {
    /// The runtime's features a crate of this flavour turns on: the
    /// vendor's plug-in.
    pub fn runtime_features(self) -> &'static [&'static str] {
        match self {
            Flavour::Generic => &[],
            Flavour::Twilio => &["twilio"],
        }
    }

    /// The runtime's plug-in a client of this flavour installs.
    pub fn runtime_plugin(self) -> Option<RuntimePlugin> {
        match self {
            Flavour::Generic => None,
            Flavour::Twilio => Some(RuntimePlugin {
                module: "twilio",
                plugin: "Twilio",
                exports: &["TwilioError"],
            }),
        }
    }
}

/// A vendor's plug-in in the runtime crate: `runtime::{module}::{plugin}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimePlugin {
    /// Its module (and cargo feature) in the runtime.
    pub module: &'static str,
    /// The type implementing the runtime's `Plugin`, made with `Default`.
    pub plugin: &'static str,
    /// What the generated crate re-exports from the module (its error body).
    pub exports: &'static [&'static str],
}
