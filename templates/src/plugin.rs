//! What a vendor adds to the generic request path, as one trait: the
//! client holds at most one [`Plugin`] and asks it at the few points where
//! an API's own conventions decide (its hosts, its next-page links, its
//! error body, its request id, its token endpoint). The rest of the runtime
//! knows no vendor; a vendor's module implements this trait and adds its
//! builder settings, and nothing else changes (the shape of smithy-rs'
//! runtime plug-ins).

use std::any::Any;
use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::Url;

use super::Error;

/// A vendor's behaviour, layered on the generic client; see the module docs.
/// Every method has a default that leaves the generic behaviour alone.
pub trait Plugin: fmt::Debug + Send + Sync + 'static {
    /// Whether an operation served at `server` (the spec's server URL) is
    /// this vendor's: only those get the vendor's error body and hosts, so
    /// a client shared with another API's crate leaves that API alone.
    fn serves(&self, server: &str) -> bool;

    /// Rewrites the URL of a request to one of the vendor's servers (a
    /// regional host, say). Not called when a base URL override is set.
    fn server_url(&self, url: &mut Url) -> Result<(), Error> {
        let _ = url;
        Ok(())
    }

    /// Where a next-page link to `target`, on another host than the page
    /// that sent it, is followed, when the vendor vouches for that host (its
    /// own product in another region); `None` leaves the generic rule
    /// (same origin, or the server's own, only).
    fn next_page(&self, target: &Url, server: &Url) -> Option<Url> {
        let _ = (target, server);
        None
    }

    /// The error of a non-success response from one of the vendor's
    /// servers, when its body is the vendor's error shape; `None` leaves
    /// the generic [`Error::Http`].
    fn error(&self, status: u16, headers: &HeaderMap, body: &[u8]) -> Option<Error> {
        let _ = (status, headers, body);
        None
    }

    /// The response header the vendor identifies each request by (what its
    /// support asks for).
    fn request_id_header(&self) -> Option<&'static str> {
        None
    }

    /// The OAuth 2.0 token endpoint for client credentials when the spec
    /// names none, as a server URL and a path (a base URL override then
    /// takes the server's place, as for every request).
    fn token_endpoint(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    /// The plug-in as `Any`, so its own builder settings can find it.
    fn as_any(&self) -> &dyn Any;
}

/// An error body an API sent, as its vendor's plug-in read it. Downcast to
/// the vendor's own type for all of it.
pub trait ApiError: std::error::Error + Send + Sync + 'static {
    /// The API's error code, if the body has one.
    fn code(&self) -> Option<String>;
    /// The explanation the API gave.
    fn message(&self) -> &str;
    /// A link to the documentation of the error, if the body has one.
    fn more_info(&self) -> Option<&str> {
        None
    }
    /// The error as `Any`, for [`downcast_ref`](trait.ApiError.html#method.downcast_ref).
    fn as_any(&self) -> &dyn Any;
}

impl dyn ApiError {
    /// The vendor's own error type, if this is one.
    pub fn downcast_ref<T: ApiError>(&self) -> Option<&T> {
        self.as_any().downcast_ref()
    }
}

/// The id a response names its request by: in the vendor's header (see
/// [`Plugin::request_id_header`]), else in the common `X-Request-Id` or
/// `Request-Id`.
pub(crate) fn request_id<'h>(vendor_header: Option<&'static str>, headers: &'h HeaderMap) -> Option<&'h str> {
    vendor_header
        .into_iter()
        .chain(["x-request-id", "request-id"])
        .find_map(|name| headers.get(name))
        .and_then(|value| value.to_str().ok())
}
