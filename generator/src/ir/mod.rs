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
    /// The vendor whose servers these are, if one has a profile: its
    /// conventions add to the generic output (see [`crate::vendor`]).
    pub vendor: Option<&'static crate::vendor::Vendor>,
    /// The modules a newcomer meets first: the usage example's calls and an
    /// MCP server's tools when the operator names none. Every API, unless
    /// the vendor has a core one (Twilio's `api_v2010`).
    pub core_apis: Vec<String>,
    /// Warnings and skipped operations, listed in the crate's docs.
    pub report: crate::error::Report,
}
