//! A decoded response with what came with it: status, headers and the
//! request id the API's support asks for.

use reqwest::header::HeaderMap;

/// The typed body of a response, with its status and headers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
    /// The vendor's request-id header, if its plug-in names one.
    pub(crate) request_id_header: Option<&'static str>,
}

impl<T> ApiResponse<T> {
    /// The id the API gave the request: the header the vendor's
    /// plug-in names, else `X-Request-Id` or `Request-Id`.
    pub fn request_id(&self) -> Option<&str> {
        super::plugin::request_id(self.request_id_header, &self.headers)
    }

    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body turned into another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
            request_id_header: self.request_id_header,
        }
    }
}
