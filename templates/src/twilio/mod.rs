//! Everything that is Twilio's rather than OpenAPI's, in one place: the
//! error body Twilio sends, and the environment variables its tools read.
//! The generic request path calls into this module; nothing else in the
//! runtime knows about Twilio.

#[cfg(feature = "webhooks")]
pub mod webhook;

use std::fmt;

use super::error::excerpt;
use super::{Credentials, Error};

/// The error body Twilio sends with a 4xx/5xx status.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct TwilioError {
    /// Twilio's error code, documented at `more_info`.
    pub code: Option<i64>,
    /// Human-readable explanation.
    pub message: String,
    /// Link to the documentation of the code.
    pub more_info: Option<String>,
    /// HTTP status as reported in the body.
    pub status: Option<u16>,
}

impl fmt::Display for TwilioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "Twilio error {code}: {}", self.message)?,
            None => write!(f, "Twilio error: {}", self.message)?,
        }
        if let Some(more) = &self.more_info {
            write!(f, " (see {more})")?;
        }
        Ok(())
    }
}

impl Credentials {
    /// Reads `TWILIO_API_KEY`/`TWILIO_API_SECRET` if both are set, else
    /// `TWILIO_ACCOUNT_SID`/`TWILIO_AUTH_TOKEN`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The same as [`Credentials::from_env`], reading the variables from
    /// `lookup` (a credentials file, say).
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| lookup(name).filter(|v| !v.is_empty());
        if let (Some(key), Some(secret)) = (var("TWILIO_API_KEY"), var("TWILIO_API_SECRET")) {
            return Ok(Self::api_key(key, secret));
        }
        match (var("TWILIO_ACCOUNT_SID"), var("TWILIO_AUTH_TOKEN")) {
            (Some(sid), Some(token)) => Ok(Self::account(sid, token)),
            _ => Err(Error::Config(
                "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET)".into(),
            )),
        }
    }
}

/// The error of a non-success response: Twilio's error body when the body is
/// one, else the status and the start of the body.
pub(crate) fn error_from_body(status: u16, body: &[u8]) -> Error {
    match serde_json::from_slice::<TwilioError>(body) {
        Ok(error) => Error::Api { status, error },
        Err(_) => Error::Http {
            status,
            excerpt: excerpt(body),
        },
    }
}
