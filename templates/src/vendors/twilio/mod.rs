//! Twilio's plug-in (feature `twilio`): everything that is Twilio's rather
//! than OpenAPI's, in one place. [`Twilio`] tells the generic request path
//! Twilio's hosts, regions and edges, error body, request id and OAuth
//! endpoint; this module adds Twilio's credentials, its `TWILIO_*`
//! variables, (feature `webhooks`) its webhook signatures and (feature
//! `tokens`) the access and capability tokens of its client SDKs. Nothing
//! outside this module knows about Twilio.

#[cfg(feature = "tokens")]
pub mod jwt;
#[cfg(test)]
mod tests;
#[cfg(feature = "twiml")]
pub mod twiml;
#[cfg(feature = "webhooks")]
pub mod webhook;

use std::any::Any;
use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::Url;

use crate::{ApiError, ClientBuilder, Credentials, Error, Plugin};

/// Twilio's behaviour on the generic client: generated Twilio clients
/// install it; [`ClientBuilder::region`] and [`ClientBuilder::edge`] set it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Twilio {
    region: Option<String>,
    edge: Option<String>,
}

impl Plugin for Twilio {
    fn serves(&self, server: &str) -> bool {
        is_twilio_server(server)
    }

    fn server_url(&self, url: &mut Url) -> Result<(), Error> {
        if let Some(host) = url.host_str().filter(|h| is_twilio_host(h)) {
            let regional = regional_host(host, self.region.as_deref(), self.edge.as_deref());
            url.set_host(Some(&regional))
                .map_err(|e| Error::Config(format!("region/edge host `{regional}`: {e}")))?;
        }
        Ok(())
    }

    /// A link to another region or edge of the same product is followed as
    /// Twilio's official libraries follow it: the link's own host with the
    /// configured region and edge put over its own
    /// (`api.sydney.au1.twilio.com` stays itself unconfigured, and is
    /// `api.sydney.ie1.twilio.com` in region `ie1`).
    fn next_page(&self, target: &Url, server: &Url) -> Option<Url> {
        let (host, server_host) = (target.host_str()?, server.host_str()?);
        if !same_product(host, server_host) {
            return None;
        }
        let regional = regional_host(host, self.region.as_deref(), self.edge.as_deref());
        let mut url = target.clone();
        url.set_host(Some(&regional)).ok()?;
        Some(url)
    }

    fn error(&self, status: u16, headers: &HeaderMap, body: &[u8]) -> Option<Error> {
        let error = serde_json::from_slice::<TwilioError>(body).ok()?;
        let request_id = headers
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Some(Error::api(status, Box::new(error), request_id, body.to_vec()))
    }

    fn request_id_header(&self) -> Option<&'static str> {
        Some(REQUEST_ID_HEADER)
    }

    /// `oauth_v1`'s `CreateToken`.
    fn token_endpoint(&self) -> Option<(&'static str, &'static str)> {
        Some(("https://oauth.twilio.com", "/v1/token"))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

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

impl std::error::Error for TwilioError {}

impl ApiError for TwilioError {
    fn code(&self) -> Option<String> {
        self.code.map(|code| code.to_string())
    }

    fn message(&self) -> &str {
        &self.message
    }

    fn more_info(&self) -> Option<&str> {
        self.more_info.as_deref()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
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
    /// Account SID (`AC…`) and Auth Token, sent as HTTP Basic.
    pub fn account(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        let account_sid = account_sid.into();
        Self::basic(account_sid.clone(), auth_token).for_account(account_sid)
    }

    /// API Key SID (`SK…`) and its secret, sent as HTTP Basic; name the
    /// account it acts for with [`Credentials::for_account`] so calls
    /// default to it.
    pub fn api_key(api_key_sid: impl Into<String>, api_key_secret: impl Into<String>) -> Self {
        Self::basic(api_key_sid, api_key_secret)
    }

    /// OAuth 2.0 client credentials with Twilio's token endpoint
    /// (`oauth.twilio.com/v1/token`, through [`Twilio`]). Name the account
    /// with [`Credentials::for_account`].
    pub fn oauth(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self::client_credentials(client_id, client_secret)
    }

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

impl<C> ClientBuilder<C> {
    /// Sends each API's requests to its host in this region (`ie1`, `au1`):
    /// `api.twilio.com` becomes `api.ie1.twilio.com`, as Twilio's official
    /// libraries do. A region already in a URL is replaced; unset leaves URLs
    /// alone. Installs the [`Twilio`] plug-in if it is not.
    pub fn region(self, region: impl Into<String>) -> Self {
        let region = Some(region.into()).filter(|r| !r.is_empty());
        self.with_twilio(|twilio| twilio.region = region)
    }

    /// Sends requests through this edge location (`dublin`, `sydney`):
    /// `api.dublin.ie1.twilio.com`; an edge without a region implies `us1`.
    pub fn edge(self, edge: impl Into<String>) -> Self {
        let edge = Some(edge.into()).filter(|e| !e.is_empty());
        self.with_twilio(|twilio| twilio.edge = edge)
    }

    fn with_twilio(self, change: impl FnOnce(&mut Twilio)) -> Self {
        let mut twilio = self.plugin_as::<Twilio>().cloned().unwrap_or_default();
        change(&mut twilio);
        self.plugin(twilio)
    }

    /// Credentials from the environment ([`Credentials::from_env`]), and
    /// the [settings](Self::settings_from_env) set there.
    pub fn from_env() -> Result<Self, Error> {
        Ok(Self::new(Credentials::from_env()?)
            .plugin(Twilio::default())
            .settings_from_env())
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
fn is_twilio_host(host: &str) -> bool {
    host == "twilio.com" || host.ends_with(".twilio.com")
}

/// Whether a spec's server URL (`https://api.twilio.com`) is one of Twilio's.
fn is_twilio_server(server: &str) -> bool {
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

/// Whether two Twilio hosts are of the same product (`messaging` of
/// `messaging.dublin.ie1.twilio.com`).
fn same_product(a: &str, b: &str) -> bool {
    is_twilio_host(a) && is_twilio_host(b) && a.split('.').next() == b.split('.').next()
}

/// Twilio's credentials, settings and flags for a generated crate's MCP
/// server: `TWILIO_*` variables, `--region` and `--edge`.
#[cfg(feature = "mcp")]
pub static MCP_ENVIRONMENT: crate::mcp::VendorEnvironment = crate::mcp::VendorEnvironment {
    builder: |lookup| {
        let credentials = Credentials::from_vars(lookup)?;
        Ok(ClientBuilder::new(credentials)
            .plugin(Twilio::default())
            .region_and_edge_from_env())
    },
    instructions: "AccountSid defaults to the account of the server's credentials: leave it out unless the user \
                   names another account (a subaccount).",
    credentials_help:
        "KEY=VALUE lines (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, or TWILIO_API_KEY,\n                     \
                       TWILIO_API_SECRET); default: the same variables from the environment",
    flags: &[
        crate::mcp::VendorFlag {
            name: "region",
            help: "Twilio region (`ie1`) of every API host; default TWILIO_REGION",
            apply: |builder, region| builder.region(region),
        },
        crate::mcp::VendorFlag {
            name: "edge",
            help: "Twilio edge location (`dublin`); default TWILIO_EDGE",
            apply: |builder, edge| builder.edge(edge),
        },
    ],
};
