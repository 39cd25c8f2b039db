//! Operations: parameters, bodies, responses, paging.

use super::{Name, Ty};

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
    /// Its first tag in the spec, if any.
    pub tag: Option<String>,
    /// The cargo feature that compiles it, beyond its API's
    /// (`--features-by tag`; see [`TagFeatures`]).
    pub feature: Option<String>,
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
    /// The enum of its documented error bodies (one of [`Domain::error_sets`]).
    pub errors: Option<String>,
    /// How it authenticates: alternatives, each a set of schemes used
    /// together (an empty set: no credentials); `None` where the spec says
    /// nothing (credentials then go as Basic or Bearer, as they are).
    pub security: Option<Vec<Vec<AuthScheme>>>,
    /// For a list: the query parameter that sets the page size (`PageSize`)
    /// and its maximum, so a paginator's limit can ask for small pages.
    pub page_size: Option<(String, Option<i64>)>,
    /// For a list ([`Response::Page`]): how the next page is found.
    pub paging: Option<Paging>,
}

impl Operation {
    /// Every value a caller sets: parameters, then form or multipart fields.
    pub fn inputs(&self) -> impl Iterator<Item = &Param> {
        let fields = match &self.body {
            Some(Body::Form { fields } | Body::Multipart { fields }) => fields.as_slice(),
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

    /// The raw (bytes or text) body, if the operation takes one.
    pub fn raw_body(&self) -> Option<&RawBody> {
        match &self.body {
            Some(Body::Raw(body)) => Some(body),
            _ => None,
        }
    }
}

/// A security scheme, as the client sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    /// HTTP Basic.
    Basic,
    /// `Authorization: Bearer` (HTTP bearer, OpenID Connect, OAuth 2.0
    /// flows whose token the caller brings).
    Bearer,
    /// An API key.
    ApiKey {
        /// The scheme's name in `components.securitySchemes`.
        scheme: String,
        /// The header, query parameter or cookie name.
        name: String,
        /// Where it goes.
        location: KeyLocation,
    },
    /// OAuth 2.0 client credentials: the client fetches its token here.
    ClientCredentials {
        /// The flow's `tokenUrl`.
        token_url: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
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
    /// A part of a `multipart/form-data` body.
    Multipart,
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
    /// How lists and objects are spelled (OpenAPI's `style` and `explode`).
    pub style: Style,
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

/// How a list or object value is spelled on the wire, decided from the
/// parameter's `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The value's text; a list repeats the key per value (`form`, exploded).
    Plain,
    /// A list joined into one value: `,` (`form` unexploded, `simple`),
    /// ` ` (`spaceDelimited`), `|` (`pipeDelimited`).
    Joined(char),
    /// An object as `name[key]=value` pairs (`deepObject`); a list as
    /// `name[0]=value` pairs, as Stripe reads it.
    DeepObject,
    /// An object as one `key=value` pair per property (`form`, exploded).
    Exploded,
    /// An object as one value, its keys and values joined by `,` (`form`,
    /// not exploded: `color=R,100,G,200`).
    Flattened,
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
    /// `impl Into<FilePart>`: a file of a multipart body (`format: binary`).
    File,
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
    /// `multipart/form-data`: each property is a setter; `format: binary`
    /// properties are files.
    Multipart {
        /// The fields, in spec order.
        fields: Vec<Param>,
    },
    /// A JSON document (`application/json`, `…+json`).
    Json(JsonBody),
    /// Bytes or text sent as they are (`application/octet-stream`, images,
    /// `text/plain`, XML).
    Raw(RawBody),
}

/// A body of bytes or text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBody {
    /// Media type sent as `Content-Type`.
    pub media: String,
    /// Text (`impl Into<String>`) or bytes (`impl Into<Vec<u8>>`).
    pub text: bool,
    /// Required bodies are a constructor argument, optional ones a setter.
    pub required: bool,
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
    /// A page of a list: a struct with a [`PageShape`], or a JSON array;
    /// [`Operation::paging`] says how the next page is found.
    Page(Ty),
    /// Text (`text/*`, XML), asked for with this `Accept`.
    Text(String),
    /// Bytes (files, images, `*/*`), asked for with this `Accept`; also
    /// readable as a stream.
    Bytes(String),
}

/// Where a page keeps its items and what it says of the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageShape {
    /// The object field the page is in, when the body wraps it (Spotify's
    /// `{albums: {items, next}}`): its Rust name and whether it is optional.
    /// The other fields' paths start inside it too.
    pub wrapper: Option<(String, bool)>,
    /// The array field holding the items.
    pub items_field: String,
    /// Whether that field is an `Option`.
    pub items_optional: bool,
    /// The item type.
    pub item: Ty,
    /// The next page's link (Twilio's `next_page_uri`, `meta.next_page_url`,
    /// Spotify's `next`, HAL's `_links.next.href`).
    pub link: Option<FieldPath>,
    /// The cursor to send back for the next page (Slack's
    /// `response_metadata.next_cursor`, Google's `nextPageToken`).
    pub cursor: Option<FieldPath>,
    /// Stripe's `has_more`: while it is true, the last item's id (this
    /// path within an item) is the cursor.
    pub has_more: Option<(FieldPath, FieldPath)>,
}

/// Fields to follow from a struct to a string: each step's Rust name and
/// whether it is an `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(pub Vec<(String, bool)>);

/// How a list operation's next page is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paging {
    /// The link the page's body gives ([`PageShape::link`]).
    Link,
    /// The `Link: <…>; rel="next"` response header (GitHub).
    LinkHeader,
    /// The page's cursor ([`PageShape::cursor`] or `has_more`) sent back as
    /// this query parameter.
    Cursor(String),
    /// This query parameter advanced by each page's number of items.
    Offset(String),
    /// This query parameter advanced by one per page, starting at the value.
    PageNumber(String, i64),
}

impl Paging {
    /// How the style is called in reports.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Link => "next link in the body",
            Self::LinkHeader => "Link header",
            Self::Cursor(_) => "cursor",
            Self::Offset(_) => "offset",
            Self::PageNumber(..) => "page number",
        }
    }
}
