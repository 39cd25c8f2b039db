//! A decoded response with what came with it: status, headers and the
//! request id Twilio support asks for.

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
}

impl<T> ApiResponse<T> {
    /// The `Twilio-Request-Id` header, if the response has one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get(super::twilio::REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
    }

    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }
}
