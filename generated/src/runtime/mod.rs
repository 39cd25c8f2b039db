// @generated: copied from templates/src/runtime/mod.rs by openapi-client-generator. Do not edit.

//! Hand-written runtime shared by every generated operation: one request path,
//! one paginator, validated string types and open enums.

mod call;
mod client;
pub mod codec;
mod error;
pub(crate) mod page;
mod params;
mod retry;
pub mod tools;
mod validated;
mod wire_enum;

#[allow(unused_imports)]
pub(crate) use call::Call;
pub use client::{Client, ClientBuilder, Credentials};
pub use error::{Error, TwilioError, ValidationError};
pub use page::{Page, Paginator};
pub use params::ToParam;
pub use retry::Retry;
#[allow(unused_imports)]
pub(crate) use tools::tool_setters;
pub use tools::{FromToolArg, Tool, ToolArgs, ToolError};
#[doc(hidden)]
pub use validated::{is_sid, RegexCell};
#[allow(unused_imports)]
pub(crate) use validated::{pattern_type, sid_type, validated_string};
#[allow(unused_imports)]
pub(crate) use wire_enum::wire_enum;
