//! Optional retries of idempotent requests answered `429 Too Many Requests`,
//! `500`, `502`, `503` or `504`, or whose connection failed, with exponential
//! backoff, full jitter and `Retry-After` (seconds or an HTTP date); and of
//! any request whose connection could not be made (nothing was sent). Off by
//! default, as in the official libraries of most APIs.
//!
//! A request that may have reached the server is never sent again unless
//! its method is idempotent: a POST that timed out or whose connection
//! dropped may have created what it asked for (a duplicated message is a
//! second SMS, billed and delivered).
//!
//! Without a policy, one thing is still retried: an idempotent request whose
//! connection closed before any answer (a pooled connection the server had
//! already dropped), once, at once.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::{Method, Response};

/// When and how long to wait before retrying; see [`ClientBuilder::retry`](super::ClientBuilder::retry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Retries after the first attempt (so at most `max_retries + 1` requests).
    pub max_retries: u32,
    /// Backoff before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// No single wait is longer: a `Retry-After` asking for more ends the
    /// retries (the response is returned) rather than retrying too early.
    pub max_delay: Duration,
}

impl Default for Retry {
    /// Three retries, from 500 ms up to 10 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl Retry {
    /// The wait before retrying `response` to attempt number `attempt`
    /// (0-based), or `None` if it must not be retried: only idempotent
    /// methods, only 429 and the transient 5xx (500, 502, 503, 504), only
    /// `max_retries` times.
    pub(crate) fn delay(&self, method: &Method, response: &Response, attempt: u32) -> Option<Duration> {
        let status = response.status().as_u16();
        if !idempotent(method) || !matches!(status, 429 | 500 | 502 | 503 | 504) || attempt >= self.max_retries {
            return None;
        }
        let asked = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(retry_after);
        match asked {
            // The server knows when it can serve: never sooner.
            Some(wait) if wait > self.max_delay => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt)),
        }
    }

    /// The wait before retrying a request whose connection failed (refused,
    /// reset, timed out before a response), or `None`. Only a connection
    /// never made (nothing sent) is retried for a method that is not
    /// idempotent.
    pub(crate) fn delay_after_error(&self, method: &Method, error: &reqwest::Error, attempt: u32) -> Option<Duration> {
        // `is_body`, `is_decode`: the answer broke off while read (reqwest reports
        // it as either); only idempotent methods are retried for it.
        let transient =
            error.is_connect() || error.is_timeout() || error.is_request() || error.is_body() || error.is_decode();
        let safe = idempotent(method) || error.is_connect();
        (safe && transient && attempt < self.max_retries).then(|| self.backoff(attempt))
    }

    /// Exponential backoff with full jitter: anywhere between zero and the backoff.
    fn backoff(&self, attempt: u32) -> Duration {
        let backoff = self.base_delay.saturating_mul(1 << attempt.min(16));
        backoff.mul_f64(random_fraction()).min(self.max_delay)
    }
}

/// Whether an idempotent request whose connection dropped before any
/// answer is retried without a policy: once, on the first try. What drops
/// such a connection is nearly always a pooled one the server had closed.
pub(crate) fn stale_connection_retry(method: &Method, error: &reqwest::Error, attempt: u32) -> bool {
    attempt == 0 && idempotent(method) && !error.is_timeout() && !error.is_connect() && connection_dropped(error)
}

/// The connection closed or was reset before a response came.
fn connection_dropped(error: &reqwest::Error) -> bool {
    use std::error::Error as _;
    let mut cause = error.source();
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            ) {
                return true;
            }
        }
        // hyper's `IncompleteMessage`, which has no kind of its own.
        if current
            .to_string()
            .contains("connection closed before message completed")
        {
            return true;
        }
        cause = current.source();
    }
    false
}

pub(crate) fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// `Retry-After`: delay seconds (leniently, after a `+` too), or an HTTP
/// date (a date already past is no wait).
pub(crate) fn retry_after(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

/// A fraction in [0, 1) from the OS-seeded hasher: jitter needs no more.
fn random_fraction() -> f64 {
    let bits = std::collections::hash_map::RandomState::new().build_hasher().finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        let asked = retry_after(&httpdate::fmt_http_date(later)).unwrap();
        assert!(
            asked > Duration::from_secs(100) && asked <= Duration::from_secs(120),
            "{asked:?}"
        );
        assert_eq!(retry_after("soon"), None);
    }
}
