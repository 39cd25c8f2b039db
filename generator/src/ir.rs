//! The intermediate representation: plain data, ordered deterministically,
//! with every name already decided. Emitters read it; nothing else does.

use std::collections::BTreeMap;

pub use crate::names::Name;

/// The whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// Cargo package name.
    pub package: String,
    /// One per spec file, sorted by module name.
    pub domains: Vec<Domain>,
    /// Validated string types, keyed by their pattern, shared crate-wide.
    pub validated: BTreeMap<String, ValidatedType>,
}

/// A newtype holding only strings that match a pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedType {
    /// Rust type name, e.g. `AccountSid`.
    pub name: String,
    /// The spec's pattern.
    pub pattern: String,
    /// How values are checked.
    pub check: PatternCheck,
    /// How many places in the specs use it (for docs).
    pub uses: usize,
    /// A value that matches, for docs and contract tests.
    pub example: Option<String>,
}

/// How a pattern is checked at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternCheck {
    /// Twilio's SID shape `^XX[0-9a-fA-F]{N}$`, checked without a regex.
    Sid {
        /// The fixed letters, e.g. `AC`.
        prefix: String,
        /// Number of hex digits after the prefix.
        hex_len: usize,
    },
    /// Any other pattern, checked with the `regex` crate.
    Regex,
}

/// One spec file: a module and a cargo feature of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Module and feature name, e.g. `api_v2010`.
    pub module: String,
    /// The spec file it comes from.
    pub spec_file: String,
    /// The spec's title and description.
    pub docs: String,
    /// Operations, in path then method order.
    pub operations: Vec<Operation>,
    /// Object types, by Rust name.
    pub models: Vec<Model>,
    /// Open string enums, by Rust name.
    pub enums: Vec<Enum>,
}

/// One API operation: a request builder and its call.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Method name (`list_conference`) and `operationId` (`ListConference`).
    pub name: Name,
    /// Builder type name (`ListConference`).
    pub builder: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template with `{Name}` placeholders as in the spec.
    pub path: String,
    /// The canonical base URL (`https://api.twilio.com`).
    pub server: String,
    /// Cleaned documentation.
    pub docs: String,
    /// Agent tool name: `operationId` in lower camel case, qualified with
    /// the module when two APIs share it (`chat_v2_fetchService`).
    pub tool: String,
    /// Summary and description as the spec wrote them (for tool descriptions).
    pub description: String,
    /// Parameters: required ones are constructor arguments, in spec order.
    pub params: Vec<Param>,
    /// A JSON request body, if the operation takes one.
    pub json_body: Option<JsonBody>,
    /// What a success returns.
    pub response: Response,
    /// A documented non-2xx success status (Twilio's `307` with a JSON body).
    pub redirect_status: Option<u16>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Substituted into the path.
    Path,
    /// A query pair.
    Query,
    /// A request header.
    Header,
    /// A field of an `application/x-www-form-urlencoded` body.
    Form,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Setter name and wire name.
    pub name: Name,
    /// Where it goes.
    pub location: Location,
    /// Its type.
    pub ty: TypeRef,
    /// Required parameters are constructor arguments.
    pub required: bool,
    /// The spec's example value, as wire text (first of `examples`).
    pub example: Option<String>,
    /// The schema's `format`, for formats the type does not carry (`uri`, `phone-number`).
    pub format: Option<String>,
    /// Inclusive bounds for numbers, checked before sending.
    pub minimum: Option<i64>,
    /// Inclusive upper bound.
    pub maximum: Option<i64>,
    /// Cleaned documentation.
    pub docs: String,
    /// The description as the spec wrote it (for tool schemas).
    pub description: String,
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonBody {
    /// Media type sent as `Content-Type`.
    pub content_type: String,
    /// The body's type.
    pub ty: TypeRef,
    /// Whether the spec requires it.
    pub required: bool,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Nothing to decode (`204`, or no JSON content).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A page of a list: the model implements `Page`.
    Page(String),
}

/// A type reference: primitives map to Rust types, the rest name an item of
/// the IR.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `time::Date`, `YYYY-MM-DD`.
    Date,
    /// `time::OffsetDateTime`, ISO 8601 on the wire.
    DateTime,
    /// `time::OffsetDateTime`, RFC 2822 on the wire.
    DateTimeRfc2822,
    /// `serde_json::Value` for free-form content.
    Json,
    /// A validated string type, by pattern.
    Validated(String),
    /// An enum of the same domain, by Rust name.
    Enum(String),
    /// A model of the same domain, by Rust name.
    Model(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Cleaned documentation.
    pub docs: String,
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Set when this is a page of a list operation.
    pub page: Option<PageShape>,
}

/// A field of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Field name and JSON key.
    pub name: Name,
    /// Its type.
    pub ty: TypeRef,
    /// `Option<…>`: nullable, or not required.
    pub optional: bool,
    /// Behind a `Box` because the type contains itself.
    pub boxed: bool,
    /// Cleaned documentation.
    pub docs: String,
}

/// Where a page keeps its items and its next-page link.
#[derive(Debug, Clone, PartialEq)]
pub struct PageShape {
    /// The array field holding the items.
    pub items_field: String,
    /// Whether that field is an `Option`.
    pub items_optional: bool,
    /// The item type.
    pub item: TypeRef,
    /// How to reach the link.
    pub next: NextLink,
}

/// The two pagination styles of Twilio's APIs.
#[derive(Debug, Clone, PartialEq)]
pub enum NextLink {
    /// v2010: a top-level `next_page_uri`, relative to the API host.
    TopLevel {
        /// Rust name of the link field.
        field: String,
        /// Whether it is an `Option`.
        optional: bool,
    },
    /// v1+: `meta.next_page_url`, absolute.
    InMeta {
        /// Rust name of the `meta` field.
        meta_field: String,
        /// Whether `meta` is an `Option`.
        meta_optional: bool,
        /// Rust name of the link field inside `meta`.
        field: String,
        /// Whether the link is an `Option`.
        optional: bool,
    },
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Cleaned documentation.
    pub docs: String,
    /// Variants: Rust name and wire value.
    pub variants: Vec<Name>,
}
