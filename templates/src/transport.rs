//! How bytes move, behind one trait. The request path builds a complete
//! request (URL, query, headers, credentials, body) as a value and reads a
//! response value (status, headers, body within its cap, errors, paging
//! links, retry decisions); a [`Transport`] only carries one to the server
//! and the other back. `reqwest::Client` is the default; a test double, a
//! recording proxy or a tower service adapted to it plug in with
//! `ClientBuilder::transport`.
//!
//! The values are `reqwest`'s (`reqwest::Request`, `reqwest::Response`),
//! plain data either way: a transport that is not reqwest builds its
//! response from an `http::Response` (`reqwest::Response::from(response)`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use super::Error;

/// The future a transport returns.
pub type TransportFuture = Pin<Box<dyn Future<Output = Result<reqwest::Response, Error>> + Send>>;

/// Carries a request to the server and its response back.
///
/// Called once per try: retries, hooks and credentials are the client's,
/// so a transport sees exactly the requests that go out. Fail with
/// [`Error::Transport`] (from a `reqwest::Error`) for the client to retry
/// what its retry policy allows, or with any other [`Error`] to end the call.
pub trait Transport: fmt::Debug + Send + Sync + 'static {
    /// Sends `request`; the response's body may be read later, as a stream.
    fn execute(&self, request: reqwest::Request) -> TransportFuture;
}

impl Transport for reqwest::Client {
    fn execute(&self, request: reqwest::Request) -> TransportFuture {
        let sent = reqwest::Client::execute(self, request);
        Box::pin(async move { Ok(sent.await?) })
    }
}
