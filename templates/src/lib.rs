//! The runtime of generated API clients: one request path ([`Call`]), one
//! paginator, validated string types, open enums, field codecs, and (with the
//! `tools` feature) agent tools. It knows no vendor: a vendor's conventions
//! come as a [`Plugin`] in that vendor's module, behind its own feature.
//!
//! Generated crates depend on this crate (or carry a copy of it, with the
//! generator's `--inline-runtime`), so the code tested here is the code apps
//! run, and a fix here reaches every generated crate without regenerating it.

#![forbid(unsafe_code)]

mod adapt;
mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod body;
mod call;
mod client;
pub mod codec;
mod datetime;
mod env;
mod error;
mod fields;
mod inline_string;
#[cfg(feature = "mcp")]
pub mod mcp;
mod oauth;
mod page;
mod pairs;
mod params;
mod plugin;
mod response;
mod retry;
mod send;
#[cfg(feature = "tools")]
pub mod tools;
mod transport;
mod unions;
mod validated;
mod vendors;
mod wire_enum;

pub use auth::Credentials;
#[doc(hidden)]
pub use auth::{KeyLocation, Scheme, Security};
pub use body::{ByteStream, FilePart};
#[doc(hidden)]
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub use env::KeyVariable;
pub use error::{Error, ResumeLink, TransportError, ValidationError};
pub use inline_string::InlineString;
pub use page::{Page, Paginator, Paging};
pub use params::ToParam;
#[doc(hidden)]
pub use params::{Flattened, Joined};
pub use plugin::{ApiError, Plugin};
pub use response::ApiResponse;
pub use retry::Retry;
pub use send::{AfterResponse, BeforeRequest, RequestInfo};
#[cfg(feature = "tools")]
pub use tools::{FromToolArg, Tool, ToolArgs, ToolError};
pub use transport::{Transport, TransportFuture};
#[cfg(any(feature = "regex", feature = "fancy-regex"))]
#[doc(hidden)]
pub use validated::RegexCell;
#[doc(hidden)]
pub use validated::{is_any_sid, is_prefixed, is_sid, is_sid_shape, Checked, ValidatedString};
// Empty without a vendor's feature.
#[allow(unused_imports)]
pub use vendors::*;

/// Crates whose types appear in generated APIs, re-exported so that users
/// need no matching versions of their own (`time::Date` in a setter, the
/// `futures` stream traits for a paginator).
pub use {futures, serde_json, time};

/// Header types of [`ApiResponse`].
pub use reqwest::header;
/// The `http` crate, for a [`Transport`] that builds its own responses
/// (`reqwest::Response::from(http::Response)`).
pub use {http, reqwest};
#[doc(hidden)]
pub use {reqwest::Method, serde};

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
