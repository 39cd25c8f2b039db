//! The blocking client (feature `blocking`): every call of a generated
//! crate, from code that has no async runtime — a CLI, a script, a
//! synchronous server. `.wait()` on any request future (`send()`,
//! `send_with_metadata()`, `call_tool(…)`) returns its result, and a
//! paginator's [`iter`](crate::Paginator::iter) is an `Iterator`.
//!
//! The async runtime it needs stays inside: one tokio runtime for the whole
//! process, started at the first blocking call, whose one worker thread
//! keeps the connection pool alive between calls (the shape of
//! `reqwest::blocking`). The request path is the async one, so both kinds
//! of call send the same bytes. Called from inside an async runtime, where
//! blocking would stall it, a call fails with [`Error::Config`] instead.

use std::future::Future;
use std::sync::OnceLock;

use futures::stream::{BoxStream, StreamExt};

use super::{Error, Page, Paginator};

/// Waits for a request future's result on the calling thread.
pub trait Wait: Future + Sized {
    /// The result of the request, sent and received without an async
    /// runtime of the caller's.
    fn wait(self) -> Self::Output;
}

impl<F, T, E> Wait for F
where
    F: Future<Output = Result<T, E>>,
    E: From<Error>,
{
    fn wait(self) -> Self::Output {
        runtime()?.block_on(self)
    }
}

/// The process's runtime for blocking calls, or why there is none here.
fn runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Config(
            "a blocking call inside an async runtime would stall it: await the request instead of `wait()`".into(),
        ));
    }
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("openapi-client-blocking")
            .enable_all()
            .build()
            .map_err(|error| error.to_string())
    });
    runtime
        .as_ref()
        .map_err(|error| Error::Config(format!("could not start the blocking client's runtime: {error}")))
}

/// A paginator's items or pages, one at a time, blocking for each page.
pub struct Iter<T> {
    stream: Option<BoxStream<'static, Result<T, Error>>>,
}

impl<T> std::fmt::Debug for Iter<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Iter").field("done", &self.stream.is_none()).finish()
    }
}

impl<T> Iterator for Iter<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let stream = self.stream.as_mut()?;
        let next = match runtime() {
            Ok(runtime) => runtime.block_on(stream.next()),
            Err(error) => Some(Err(error)),
        };
        // An error ends the listing, as it ends the stream.
        if !matches!(next, Some(Ok(_))) {
            self.stream = None;
        }
        next
    }
}

impl<P: Page> Paginator<P> {
    /// Every item across pages, as a blocking iterator (feature
    /// `blocking`): a page is fetched when the items before it are used up.
    pub fn iter(self) -> Iter<P::Item> {
        Iter {
            stream: Some(self.items()),
        }
    }

    /// Every page, as a blocking iterator (feature `blocking`).
    pub fn pages_iter(self) -> Iter<P> {
        Iter {
            stream: Some(self.pages()),
        }
    }
}
