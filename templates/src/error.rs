//! Every way a call can fail, as data.

use std::borrow::Cow;
use std::fmt;

use super::{ApiError, InlineString};

/// A value that does not satisfy the rule of its type (a SID pattern, an enum
/// of known values); raised before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The Rust type that refused the value.
    pub type_name: &'static str,
    /// The value as given (SIDs and enum values are not secrets), inline
    /// up to 34 bytes: refusing a SID allocates nothing.
    pub value: InlineString,
    /// The rule it broke, e.g. the pattern.
    pub rule: Cow<'static, str>,
}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A parameter was refused before any request was sent.
    InvalidParameter {
        /// The parameter's name as the API spells it.
        parameter: &'static str,
        /// What was wrong with it.
        source: ValidationError,
    },
    /// The API answered with its error body, as its vendor's plug-in reads it.
    Api {
        /// The `operationId` of the call (empty until the client fills it in).
        operation: &'static str,
        /// How many requests were sent (retries included).
        attempts: u32,
        /// HTTP status of the response.
        status: u16,
        /// The decoded error body: its code, message and documentation link,
        /// and (`downcast_ref`) the vendor's own type.
        error: Box<dyn ApiError>,
        /// The id the API gave the request (its request-id header).
        request_id: Option<String>,
        /// The body as received.
        body: Vec<u8>,
    },
    /// A non-success status (without an error body the vendor's plug-in reads).
    Http {
        /// The `operationId` of the call.
        operation: &'static str,
        /// How many requests were sent (retries included).
        attempts: u32,
        /// HTTP status of the response.
        status: u16,
        /// The start of the body.
        excerpt: String,
        /// The body as received: decode the API's documented error type from
        /// it (generated `…Error::from_error` do).
        body: Vec<u8>,
    },
    /// The connection or the HTTP exchange failed: what happened (connection
    /// refused, DNS, TLS, timeout), in which operation, after how many tries
    /// and whether the request may have reached the server are in the
    /// message, and the chain of causes behind it in `source()`. Neither
    /// holds the URL (its query may hold phone numbers).
    Transport(TransportError),
    /// The response was not the JSON the spec describes.
    Decode {
        /// The `operationId` of the call.
        operation: &'static str,
        /// Where in the JSON the value that did not fit is (`conferences[0].sid`; `.` for the whole body).
        path: String,
        /// The JSON error: the expected type, with line and column.
        source: serde_json::Error,
        /// The start of the body.
        excerpt: String,
    },
    /// The response body was larger than the configured cap.
    BodyTooLarge {
        /// The operation whose response it was.
        operation: &'static str,
        /// The cap, see `ClientBuilder::max_body_bytes`.
        limit: usize,
    },
    /// A next-page link pointed somewhere the client will not send credentials.
    UnsafePageLink {
        /// The link as received, without its query.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A next-page link repeated one already followed.
    PageLoop {
        /// The repeated link, without its query.
        url: String,
    },
    /// Fetching a page after the first failed: `source` says why, and
    /// `resume_at` is the link of the page that failed. Resuming there
    /// (`paginate().starting_at(resume_at.as_str())`) yields exactly the items
    /// not yet yielded: nothing skipped, nothing repeated.
    PageFailed {
        /// How many pages were read before it.
        pages_read: usize,
        /// The link of the page that failed (shown without its query).
        resume_at: ResumeLink,
        /// Why it failed.
        source: Box<Error>,
    },
    /// The client was configured with something unusable.
    Config(String),
}

/// A next-page link to resume a listing from. Shown (`Display`, `Debug`)
/// without its query, which repeats the listing's filters (phone numbers);
/// [`as_str`](Self::as_str) gives it whole, for `starting_at`.
#[derive(Clone, PartialEq, Eq)]
pub struct ResumeLink(pub(crate) String);

impl ResumeLink {
    /// The whole link.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ResumeLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redacted_link(&self.0))
    }
}

impl fmt::Debug for ResumeLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResumeLink({:?})", redacted_link(&self.0))
    }
}

/// A failed HTTP exchange, with what the client knows about it.
#[derive(Debug)]
pub struct TransportError {
    operation: &'static str,
    attempts: u32,
    idempotent: bool,
    source: reqwest::Error,
}

impl TransportError {
    /// The `operationId` of the call (empty for a request outside one, such
    /// as fetching an OAuth token).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// How many requests were tried, retries included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the request may have reached the server: `false` only when
    /// no connection was made (refused, DNS, TLS). A POST that may have
    /// reached the server is never sent again by the client; whether it took
    /// effect is for the caller to find out (list, or fetch by a key it set).
    pub fn may_have_reached_server(&self) -> bool {
        !self.source.is_connect()
    }

    /// Whether a timeout (connect, or the whole request) ended it.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether connecting failed (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }

    /// The underlying error.
    pub fn reqwest(&self) -> &reqwest::Error {
        &self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error")?;
        if !self.operation.is_empty() {
            write!(f, " in `{}`", self.operation)?;
        }
        write!(f, ": {}", transport_failure(&self.source))?;
        write!(f, "{}", tries(self.attempts))?;
        if !self.idempotent && self.may_have_reached_server() {
            write!(f, "; the request may have reached the server, so it was not sent again")?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// ` (after N tries)` when there were retries.
fn tries(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} tries)")
    } else {
        String::new()
    }
}

// Display and source by hand rather than with thiserror: its proc-macro
// crate is a second of every user's cold build, for a few lines.
impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}: {}", self.value, self.type_name, self.rule)
    }
}

impl std::error::Error for ValidationError {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParameter { parameter, source } => write!(f, "invalid parameter `{parameter}`: {source}"),
            Error::Api {
                operation,
                attempts,
                status,
                error,
                request_id,
                ..
            } => {
                write!(f, "HTTP {status}{}{}: {error}", from(operation), tries(*attempts))?;
                match request_id {
                    Some(id) => write!(f, " (request {id})"),
                    None => Ok(()),
                }
            }
            Error::Http {
                operation,
                attempts,
                status,
                excerpt,
                ..
            } => write!(
                f,
                "HTTP {status}{}{}; body starts with: {excerpt}",
                from(operation),
                tries(*attempts)
            ),
            Error::Transport(error) => error.fmt(f),
            Error::Decode {
                operation,
                path,
                source,
                excerpt,
            } => write!(
                f,
                "could not decode the response of `{operation}` at `{path}`: {source}; body starts with: {excerpt}"
            ),
            Error::BodyTooLarge { operation, limit } => {
                write!(f, "the response of `{operation}` exceeds the cap of {limit} bytes")
            }
            Error::UnsafePageLink { url, reason } => write!(f, "refusing to follow next-page link `{url}`: {reason}"),
            Error::PageLoop { url } => write!(f, "pagination loop: `{url}` was already fetched"),
            Error::PageFailed {
                pages_read,
                resume_at,
                source,
            } => write!(
                f,
                "page {} failed after {pages_read} read (resume at `{resume_at}`): {source}",
                pages_read + 1
            ),
            Error::Config(what) => write!(f, "invalid client configuration: {what}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidParameter { source, .. } => Some(source),
            Error::Transport(error) => Some(&error.source),
            Error::Decode { source, .. } => Some(source),
            Error::PageFailed { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    /// The URL is dropped: its query may hold phone numbers (`ListMessage?To=…`).
    fn from(error: reqwest::Error) -> Self {
        Error::Transport(TransportError {
            operation: "",
            attempts: 1,
            idempotent: true,
            source: error.without_url(),
        })
    }
}

/// ` from `operation`` when there is one.
fn from(operation: &str) -> String {
    if operation.is_empty() {
        String::new()
    } else {
        format!(" from `{operation}`")
    }
}

impl Error {
    /// An error body the vendor's plug-in read; the client fills in the
    /// operation and the number of tries.
    pub fn api(status: u16, error: Box<dyn ApiError>, request_id: Option<String>, body: Vec<u8>) -> Self {
        Error::Api {
            operation: "",
            attempts: 1,
            status,
            error,
            request_id,
            body,
        }
    }

    /// The error with the call it ended: its operation, how many requests
    /// were sent, and whether its method may be sent again.
    pub(crate) fn in_call(mut self, call: &'static str, tried: u32, method: &reqwest::Method) -> Self {
        match &mut self {
            Error::Transport(error) => {
                error.operation = call;
                error.attempts = tried;
                error.idempotent = super::retry::idempotent(method);
            }
            Error::Api {
                operation, attempts, ..
            }
            | Error::Http {
                operation, attempts, ..
            } => {
                *operation = call;
                *attempts = tried;
            }
            _ => {}
        }
        self
    }
}

/// What went wrong under a transport error, in words: the kind of failure
/// read off its chain of causes (the innermost I/O error first, then the
/// text of hyper's and rustls' errors, then reqwest's own classes).
fn transport_failure(error: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut causes = Vec::new();
    let mut io_kind = None;
    let mut cause = error.source();
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            io_kind = io_kind.or(Some(io.kind()));
        }
        causes.push(current.to_string().to_ascii_lowercase());
        cause = current.source();
    }
    let said = |words: &[&str]| causes.iter().any(|c| words.iter().any(|w| c.contains(w)));
    let what = match io_kind {
        _ if error.is_timeout() || io_kind == Some(std::io::ErrorKind::TimedOut) => "timed out",
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused",
        Some(std::io::ErrorKind::ConnectionReset) => "connection reset by the server",
        Some(std::io::ErrorKind::ConnectionAborted) => "connection aborted",
        Some(std::io::ErrorKind::UnexpectedEof) => "the server closed the connection",
        _ if said(&["dns error", "failed to lookup address", "name or service not known"]) => "DNS lookup failed",
        _ if said(&["certificate", "tls", "handshake", "invalidcertificate"]) => "TLS failed",
        _ if said(&["connection closed", "incomplete message", "channel closed"]) => "the server closed the connection",
        _ if error.is_connect() => "could not connect",
        _ if error.is_body() || error.is_decode() => "reading the response body failed",
        _ if error.is_redirect() => "too many redirects",
        _ if error.is_builder() => "the request could not be built",
        _ => "the HTTP exchange failed",
    };
    what.to_owned()
}

/// `link` without its query and fragment, for errors: a next-page link
/// repeats the filters of the first request (`To=+1…`).
pub(crate) fn redacted_link(link: &str) -> String {
    match link.find(['?', '#']) {
        Some(end) => format!("{}?…", &link[..end]),
        None => link.to_owned(),
    }
}

/// At most this many characters of a body are kept in errors.
const EXCERPT_CHARS: usize = 200;

impl Error {
    /// The status and body of an error response from the API (`Api` or
    /// `Http`); `None` for any other failure.
    pub fn status_and_body(&self) -> Option<(u16, &[u8])> {
        match self {
            Self::Api { status, body, .. } | Self::Http { status, body, .. } => Some((*status, body)),
            Self::PageFailed { source, .. } => source.status_and_body(),
            _ => None,
        }
    }
}

pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}
