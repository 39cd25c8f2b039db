//! Optional retries of idempotent requests answered `429 Too Many Requests` or
//! `503 Service Unavailable`, with exponential backoff, full jitter and
//! `Retry-After`. Off by default, as in Twilio's own libraries.

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
    /// No single wait is longer, whatever `Retry-After` asks for.
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
    /// methods, only 429 and 503, only `max_retries` times.
    pub(crate) fn delay(&self, method: &Method, response: &Response, attempt: u32) -> Option<Duration> {
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        let status = response.status().as_u16();
        if !idempotent || !(status == 429 || status == 503) || attempt >= self.max_retries {
            return None;
        }
        let asked = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let wait = asked.unwrap_or_else(|| {
            let backoff = self.base_delay.saturating_mul(1 << attempt.min(16));
            // Full jitter: anywhere between zero and the backoff.
            backoff.mul_f64(random_fraction())
        });
        Some(wait.min(self.max_delay))
    }
}

/// A fraction in [0, 1) from the OS-seeded hasher: jitter needs no more.
fn random_fraction() -> f64 {
    let bits = std::collections::hash_map::RandomState::new().build_hasher().finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}
