//! Everything that is Twilio's rather than OpenAPI's, in one place: the
//! error body Twilio sends, and the environment variables its tools read.
//! The generic request path calls into this module; nothing else in the
//! runtime knows about Twilio.

pub(crate) mod oauth;
#[cfg(feature = "webhooks")]
pub mod webhook;

use std::fmt;

use super::error::excerpt;
use super::{ClientBuilder, Credentials, Error};

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
    /// Further details Twilio gives for some errors, as sent.
    #[serde(default)]
    pub details: Option<serde_json::Value>,
}

/// The header Twilio identifies each request by; quote it to Twilio support.
pub const REQUEST_ID_HEADER: &str = "twilio-request-id";

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
    /// Reads `TWILIO_API_KEY`/`TWILIO_API_SECRET` if both are set (acting for
    /// `TWILIO_ACCOUNT_SID` if set), else `TWILIO_ACCOUNT_SID`/`TWILIO_AUTH_TOKEN`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The same as [`Credentials::from_env`], reading the variables from
    /// `lookup` (a credentials file, say).
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| lookup(name).filter(|v| !v.is_empty());
        if let (Some(key), Some(secret)) = (var("TWILIO_API_KEY"), var("TWILIO_API_SECRET")) {
            let credentials = Self::api_key(key, secret);
            return Ok(match var("TWILIO_ACCOUNT_SID") {
                Some(account) => credentials.for_account(account),
                None => credentials,
            });
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
pub(crate) fn error_from_body(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Error {
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    match serde_json::from_slice::<TwilioError>(body) {
        Ok(error) => Error::Api {
            status,
            error: Box::new(error),
            request_id,
            body: body.to_vec(),
        },
        Err(_) => Error::Http {
            status,
            excerpt: excerpt(body),
            body: body.to_vec(),
        },
    }
}

impl<C> ClientBuilder<C> {
    /// Credentials from the environment ([`Credentials::from_env`]), and
    /// the [settings](Self::settings_from_env) set there.
    pub fn from_env() -> Result<Self, Error> {
        Ok(Self::new(Credentials::from_env()?).settings_from_env())
    }

    /// Everything [`from_env`](Self::from_env) reads besides credentials:
    /// the region and edge ([`region_and_edge_from_env`](Self::region_and_edge_from_env)),
    /// and `TWILIO_BASE_URL`, where set, as the one base URL of every API (a
    /// mock server such as Prism, in tests; plain `http` only on loopback).
    pub fn settings_from_env(self) -> Self {
        self.region_and_edge_from_env().base_url_from_env("TWILIO_BASE_URL")
    }

    /// The region and edge from `TWILIO_REGION` and `TWILIO_EDGE`, where set.
    pub fn region_and_edge_from_env(mut self) -> Self {
        if let Ok(region) = std::env::var("TWILIO_REGION") {
            self = self.region(region);
        }
        if let Ok(edge) = std::env::var("TWILIO_EDGE") {
            self = self.edge(edge);
        }
        self
    }
}

/// Whether `host` is one of Twilio's (`twilio.com` or below it).
pub(crate) fn is_twilio_host(host: &str) -> bool {
    host == "twilio.com" || host.ends_with(".twilio.com")
}

/// Whether a spec's server URL (`https://api.twilio.com`) is one of Twilio's.
pub(crate) fn is_twilio_server(server: &str) -> bool {
    let host = server.split("://").nth(1).unwrap_or_default();
    is_twilio_host(host.split(['/', ':']).next().unwrap_or_default())
}

/// `host` (`{product}[.{edge}][.{region}].twilio.com`) with the configured
/// region and edge, the way Twilio's official libraries rewrite it: a
/// configured value replaces the one in the host, an edge without any region
/// implies `us1`, and with neither configured the host is left alone.
pub fn regional_host(host: &str, region: Option<&str>, edge: Option<&str>) -> String {
    if region.is_none() && edge.is_none() {
        return host.to_owned();
    }
    let pieces: Vec<&str> = host.split('.').collect();
    if pieces.len() < 3 {
        return host.to_owned();
    }
    let product = pieces[0];
    let domain = &pieces[pieces.len() - 2..].join(".");
    let (host_edge, host_region) = match pieces.len() {
        4 => (None, Some(pieces[1])),
        5 => (Some(pieces[1]), Some(pieces[2])),
        _ => (None, None),
    };
    let edge = edge.or(host_edge);
    let region = region.or(host_region).or(edge.map(|_| "us1"));
    [Some(product), edge, region, Some(domain.as_str())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(".")
}

/// The product of a Twilio host (`messaging` of `messaging.dublin.ie1.twilio.com`):
/// a next-page link to another region or edge of the same product stays with
/// Twilio, so it may be followed (onto the configured host).
pub(crate) fn same_product(a: &str, b: &str) -> bool {
    is_twilio_host(a) && is_twilio_host(b) && a.split('.').next() == b.split('.').next()
}
