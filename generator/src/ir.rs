//! The intermediate representation: plain data, ordered deterministically,
//! with every decision already taken — names, types, how each value is taken
//! by a setter and (de)serialized, the final doc text. Emitters project it;
//! they never search by name and never choose.
//!
//! Types live in one table keyed by [`TypeId`]; everything else refers to
//! them by id.

use std::collections::BTreeMap;

pub use crate::names::Name;

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

/// Index of a type in [`Types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// The type table. [`Types::get`] follows merges, so an id handed out before
/// two identical types were found to be one still works.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Types {
    defs: BTreeMap<TypeId, TypeDef>,
}

impl Types {
    /// The definition behind `id` (after following merges).
    ///
    /// # Panics
    /// Only on a generator bug: ids are only ever made by this table.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[&self.resolve(id)]
    }

    /// The id whose definition `id` stands for, following aliases too.
    pub fn target(&self, id: TypeId) -> TypeId {
        let mut id = self.resolve(id);
        // Aliases point at types defined before them, so this ends.
        while let TypeKind::Alias(target) = self.defs[&id].kind {
            id = self.resolve(target);
        }
        id
    }

    /// The definition behind `id`, following aliases too: what the type is.
    pub fn definition(&self, id: TypeId) -> &TypeDef {
        &self.defs[&self.target(id)]
    }

    /// The id `id` was merged into, or `id` itself.
    pub fn resolve(&self, mut id: TypeId) -> TypeId {
        while let Some(TypeDef {
            kind: TypeKind::MergedInto(target),
            ..
        }) = self.defs.get(&id)
        {
            id = *target;
        }
        id
    }

    /// Every type that is emitted (merged ids left out), in id order.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.defs
            .iter()
            .filter(|(_, def)| !matches!(def.kind, TypeKind::MergedInto(_)))
            .map(|(id, def)| (*id, def))
    }

    /// The types that live in `home`, in id order.
    pub fn in_home<'a>(&'a self, home: &'a Home) -> impl Iterator<Item = (TypeId, &'a TypeDef)> + 'a {
        self.iter().filter(move |(_, def)| &def.home == home)
    }

    pub(crate) fn insert(&mut self, id: TypeId, def: TypeDef) {
        self.defs.insert(id, def);
    }

    pub(crate) fn get_mut(&mut self, id: TypeId) -> Option<&mut TypeDef> {
        let id = self.resolve(id);
        self.defs.get_mut(&id)
    }

    pub(crate) fn next_id(&self) -> TypeId {
        TypeId(self.defs.keys().next_back().map_or(0, |id| id.0 + 1))
    }
}

/// Where a type is defined.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Home {
    /// The crate root (validated string types, shared by every API).
    Root,
    /// The module of one API (`api_v2010`).
    Domain(String),
}

/// One type of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name.
    pub name: String,
    /// Where it is defined.
    pub home: Home,
    /// Final doc text.
    pub docs: String,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields.
    Struct(Struct),
    /// An open string enum.
    Enum(Enum),
    /// A string newtype that only holds values matching a pattern.
    Validated(Validated),
    /// One of several types that their JSON alone tells apart (`oneOf`).
    Union(Union),
    /// A second name for an identical type (two components of one shape).
    Alias(TypeId),
    /// Found identical to another type after its id was handed out; never
    /// emitted, [`Types::get`] follows it.
    MergedInto(TypeId),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Derives `Default` (every field is optional).
    pub default: bool,
    /// Set when a list operation returns it: where its items and next link are.
    pub page: Option<PageShape>,
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Field name and JSON key.
    pub name: Name,
    /// Its type, without the `Option` or `Box`.
    pub ty: Ty,
    /// `Option<…>`: nullable, or not required.
    pub optional: bool,
    /// Behind a `Box` because the type contains itself.
    pub boxed: bool,
    /// How the value is (de)serialized, when serde's default does not fit.
    pub codec: Option<Codec>,
    /// Final doc text (empty: the spec says nothing).
    pub docs: String,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Variants: Rust name and wire value.
    pub variants: Vec<Name>,
}

/// A `oneOf`/`anyOf` whose variants have distinct JSON kinds (a string, a
/// number, an object, …), so the value alone says which one it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Variant names and types, in spec order.
    pub variants: Vec<(String, Ty)>,
}

/// A validated string type.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// The spec's pattern.
    pub pattern: String,
    /// How values are checked.
    pub check: PatternCheck,
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
    /// A pattern `regex` cannot run (look-around), checked with `fancy-regex`.
    Backtracking,
}

/// A value's type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
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
    /// `time::Date`.
    Date,
    /// `time::OffsetDateTime`, in the given wire format.
    DateTime(DateTimeWire),
    /// `serde_json::Value`: free-form content, nothing dropped.
    Json,
    /// A type of the table.
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
}

/// The wire formats of a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateTimeWire {
    /// ISO 8601 / RFC 3339 (`format: date-time`).
    Rfc3339,
    /// RFC 2822 (Twilio's `format: date-time-rfc-2822`).
    Rfc2822,
}

/// How a field is (de)serialized: composes through `Option`, `Vec` and maps,
/// so a date inside an array is as typed as a date field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Codec {
    /// serde's own behaviour for this part.
    Same,
    /// RFC 3339 date-time.
    Rfc3339,
    /// RFC 2822 date-time.
    Rfc2822,
    /// `YYYY-MM-DD`.
    IsoDate,
    /// A number that may arrive as a JSON string (`"-0.0025"`).
    LenientNumber,
    /// An integer that may arrive as a JSON string (`"1"`).
    LenientInt,
    /// A boolean that may arrive as `"True"`/`"false"`.
    LenientBool,
    /// `Option<T>` where `null` and `""` are `None` (Twilio's unset SIDs).
    EmptyAsNone(Box<Codec>),
    /// `Vec<T>` of the inner codec.
    Vec(Box<Codec>),
    /// `BTreeMap<String, T>` of the inner codec.
    Map(Box<Codec>),
}

/// One spec file: a module and a cargo feature of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Module and feature name, e.g. `api_v2010`.
    pub module: String,
    /// The spec file it comes from.
    pub spec_file: String,
    /// Final module doc text.
    pub docs: String,
    /// Operations, in path then method order.
    pub operations: Vec<Operation>,
}

impl Domain {
    /// Where this domain's types live.
    pub fn home(&self) -> Home {
        Home::Domain(self.module.clone())
    }
}

/// HTTP methods an OpenAPI 3.0 operation can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// Upper-case, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

/// One API operation: a request builder and its call.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Method name (`list_conference`) and `operationId` (`ListConference`).
    pub name: Name,
    /// Builder type name (`ListConference`).
    pub builder: String,
    /// JSON pointer of the operation in its spec.
    pub pointer: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// Path template with `{Name}` placeholders as in the spec.
    pub path: String,
    /// The canonical base URL (`https://api.twilio.com`).
    pub server: String,
    /// Final doc text of the constructor method.
    pub docs: String,
    /// Final doc text of the builder type.
    pub builder_docs: String,
    /// Path, query and header parameters, in spec order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success returns.
    pub response: Response,
    /// A documented non-2xx success status (Twilio's `307` with a JSON body).
    pub accepted_status: Option<u16>,
    /// For a list: the query parameter that sets the page size (`PageSize`)
    /// and its maximum, so a paginator's limit can ask for small pages.
    pub page_size: Option<(String, Option<i64>)>,
}

impl Operation {
    /// Every value a caller sets: parameters, then form fields.
    pub fn inputs(&self) -> impl Iterator<Item = &Param> {
        let fields = match &self.body {
            Some(Body::Form { fields }) => fields.as_slice(),
            _ => &[],
        };
        self.params.iter().chain(fields)
    }

    /// The JSON body, if the operation takes one.
    pub fn json_body(&self) -> Option<&JsonBody> {
        match &self.body {
            Some(Body::Json(body)) => Some(body),
            _ => None,
        }
    }
}

/// Where a value travels.
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

/// One value of a request: a parameter or a form field.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Setter name and wire name.
    pub name: Name,
    /// Where it goes.
    pub location: Location,
    /// Its type.
    pub ty: Ty,
    /// What the setter (or constructor argument) takes.
    pub input: Input,
    /// Required parameters are constructor arguments.
    pub required: bool,
    /// Where an unset value comes from, for a parameter the API requires but
    /// the client can fill in.
    pub default: Option<ParamDefault>,
    /// Inclusive bounds of an integer, checked before sending.
    pub bounds: Option<Bounds>,
    /// Final doc text of its setter.
    pub docs: String,
    /// JSON pointer of the parameter (or form property) in the spec.
    pub pointer: String,
    /// JSON pointer of its schema.
    pub schema_pointer: String,
}

/// Values the client fills in when the caller does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamDefault {
    /// The account SID of the client's credentials (Twilio's `{AccountSid}`).
    CredentialsAccount,
}

/// What a setter accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The value's own type.
    Typed(Ty),
    /// `impl Into<String>`.
    IntoString,
    /// `impl Into<T>` of a validated type: the value or a reference to it.
    IntoValidated(Ty),
    /// `serde_json::Value`: objects sent as their JSON text.
    Json,
    /// `impl IntoIterator<Item = …>`: sent as the key repeated per value.
    List(Box<Input>),
}

/// Inclusive integer bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Smallest allowed value.
    pub minimum: Option<i64>,
    /// Largest allowed value.
    pub maximum: Option<i64>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `application/x-www-form-urlencoded`: each property is a setter.
    Form {
        /// The fields, in spec order.
        fields: Vec<Param>,
    },
    /// A JSON document (`application/json`, `…+json`).
    Json(JsonBody),
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonBody {
    /// Media type sent as `Content-Type`.
    pub media: String,
    /// The body's type.
    pub ty: Ty,
    /// Required bodies are a constructor argument, optional ones a setter.
    pub required: bool,
    /// JSON pointer of its schema.
    pub schema_pointer: String,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Nothing to decode (`204`, or no JSON content).
    Empty,
    /// A JSON body of this type.
    Json(Ty),
    /// A page of a list: the struct has a [`PageShape`].
    Page(TypeId),
}

/// Where a page keeps its items and its next-page link.
#[derive(Debug, Clone, PartialEq)]
pub struct PageShape {
    /// The array field holding the items.
    pub items_field: String,
    /// Whether that field is an `Option`.
    pub items_optional: bool,
    /// The item type.
    pub item: Ty,
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

/// Counts of what a crate defines, for reports and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    /// Structs.
    pub structs: usize,
    /// Open enums.
    pub enums: usize,
    /// Validated string types.
    pub validated: usize,
    /// Aliases of identical component types.
    pub aliases: usize,
    /// Unions (`oneOf` told apart by JSON kind).
    pub unions: usize,
}

impl Types {
    /// How many types of each kind are emitted.
    pub fn counts(&self) -> TypeCounts {
        let mut counts = TypeCounts::default();
        for (_, def) in self.iter() {
            match def.kind {
                TypeKind::Struct(_) => counts.structs += 1,
                TypeKind::Enum(_) => counts.enums += 1,
                TypeKind::Validated(_) => counts.validated += 1,
                TypeKind::Alias(_) => counts.aliases += 1,
                TypeKind::Union(_) => counts.unions += 1,
                TypeKind::MergedInto(_) => {}
            }
        }
        counts
    }
}
