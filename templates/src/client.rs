//! The configured HTTP client: credentials, base URL, limits.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::error::excerpt;
use super::send::{AfterResponse, BeforeRequest, RequestInfo};
use super::{Credentials, Error, Plugin, Retry, Transport};

/// Settings for a [`Client`]; start with [`Client::builder`].
///
/// `C` is the client type `build` makes: this crate's [`Client`], or a
/// generated crate's client, which wraps one (`From<Client>`).
pub struct ClientBuilder<C = Client> {
    credentials: Credentials,
    base_url: Option<String>,
    allow_http: bool,
    connect_timeout: Duration,
    timeout: Duration,
    max_body_bytes: usize,
    user_agent: String,
    retry: Option<Retry>,
    plugin: Option<Arc<dyn Plugin>>,
    transport: Option<Arc<dyn Transport>>,
    before_request: Option<BeforeRequest>,
    after_response: Option<AfterResponse>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("plugin", &self.plugin)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl<C> ClientBuilder<C> {
    /// Default settings for `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            base_url: None,
            allow_http: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_body_bytes: 32 * 1024 * 1024,
            retry: None,
            plugin: None,
            transport: None,
            before_request: None,
            after_response: None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            client: PhantomData,
        }
    }

    /// Sends every request to this base URL instead of each API's own host
    /// (a proxy, a mock server). Must be `https://` unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Accepts a plain `http://` base URL, e.g. a test server on loopback.
    /// Credentials then travel unencrypted.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, body included (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Largest response body accepted (default 32 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// Retries idempotent requests answered 429 or 503 (off by default, as
    /// in the official libraries of most APIs): exponential backoff with jitter, honouring
    /// `Retry-After`, at most `retry.max_retries` times.
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The vendor's behaviour this client adds to the generic request path
    /// (its hosts, error body, request id; see [`Plugin`]). Generated
    /// clients of a vendor's API install theirs; one replaces another.
    pub fn plugin(mut self, plugin: impl Plugin) -> Self {
        self.plugin = Some(Arc::new(plugin));
        self
    }

    /// The installed plug-in, if it is a `P`: a vendor's own builder
    /// settings start from it.
    pub fn plugin_as<P: Plugin>(&self) -> Option<&P> {
        self.plugin.as_deref()?.as_any().downcast_ref()
    }

    /// Sends requests with this `reqwest` client (proxies, custom CA
    /// certificates, connection pools, TLS settings of your own). Its own
    /// settings then apply: `timeout`, `connect_timeout`, `user_agent` and the
    /// same-origin redirect policy here are not added to it (reqwest drops the
    /// `Authorization` header on redirects to another host by itself).
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.transport(http)
    }

    /// Sends requests through this [`Transport`] (a test double, a
    /// recording proxy, a tower service adapted to it) instead of a
    /// `reqwest` client of the client's own. As with
    /// [`http_client`](Self::http_client), the timeouts, `user_agent` and
    /// redirect policy here are the transport's business; credentials,
    /// hooks, retries and the body cap stay the client's.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// A hook run before each request is sent (each retry too), with the
    /// operation id: add headers, sign requests, count calls.
    pub fn before_request(
        mut self,
        hook: impl Fn(&RequestInfo<'_>, &mut reqwest::Request) + Send + Sync + 'static,
    ) -> Self {
        self.before_request = Some(Arc::new(hook));
        self
    }

    /// A hook run on each response (each retry too) before its body is read.
    pub fn after_response(
        mut self,
        hook: impl Fn(&RequestInfo<'_>, &reqwest::Response) + Send + Sync + 'static,
    ) -> Self {
        self.after_response = Some(Arc::new(hook));
        self
    }

    /// Replaces the default `User-Agent` (the crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base_url = match &self.base_url {
            Some(text) => Some(parse_base_url(text, self.allow_http)?),
            None => None,
        };
        let transport: Arc<dyn Transport> = match self.transport {
            Some(transport) => transport,
            None => Arc::new(
                reqwest::Client::builder()
                    .user_agent(self.user_agent)
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(same_origin_redirects())
                    .https_only(!self.allow_http)
                    .build()?,
            ),
        };
        let client = Client {
            inner: Arc::new(Inner {
                transport,
                credentials: self.credentials,
                base_url,
                max_body_bytes: self.max_body_bytes,
                retry: self.retry,
                plugin: self.plugin,
                before_request: self.before_request,
                after_response: self.after_response,
                token: tokio::sync::Mutex::new(None),
            }),
        };
        Ok(C::from(client))
    }
}

fn parse_base_url(text: &str, allow_http: bool) -> Result<Url, Error> {
    let url = Url::parse(text).map_err(|e| Error::Config(format!("base URL `{text}`: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(Error::Config(format!(
                "base URL `{text}` is plain http: call allow_insecure_http(true) to accept it"
            )))
        }
        other => return Err(Error::Config(format!("base URL scheme `{other}` is not http(s)"))),
    }
    if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
        return Err(Error::Config(format!(
            "base URL `{text}` must not have a query or fragment"
        )));
    }
    Ok(url)
}

/// Redirects are followed only within the same origin, so the
/// `Authorization` header never reaches another host.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 5 {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The API client. Cheap to clone; clones share connections.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) credentials: Credentials,
    base_url: Option<Url>,
    pub(crate) max_body_bytes: usize,
    pub(crate) retry: Option<Retry>,
    pub(crate) plugin: Option<Arc<dyn Plugin>>,
    pub(crate) before_request: Option<BeforeRequest>,
    pub(crate) after_response: Option<AfterResponse>,
    /// The OAuth access token and when to fetch a new one.
    pub(crate) token: tokio::sync::Mutex<Option<(String, std::time::Instant)>>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("plugin", &self.plugin)
            .field("retry", &self.retry)
            .field("hooks", &(self.before_request.is_some(), self.after_response.is_some()))
            .finish_non_exhaustive()
    }
}

/// A request body, already encoded.
#[derive(Clone)]
pub(crate) enum Body {
    Empty,
    Encoded {
        content_type: std::borrow::Cow<'static, str>,
        bytes: Vec<u8>,
    },
}

/// Status and body of a response that was read in full.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    /// A non-2xx status the operation documents as success (see `Call::accept_status`).
    pub(crate) accepted_status: Option<u16>,
    /// The plug-in that reads its error body, if the operation is its vendor's.
    pub(crate) vendor: Option<Arc<dyn Plugin>>,
    /// The `operationId` of the call, for its errors.
    pub(crate) operation: &'static str,
    /// How many requests were sent, retries included.
    pub(crate) attempts: u32,
}

impl Client {
    /// A client for `credentials` with default settings.
    pub fn new(credentials: Credentials) -> Result<Self, Error> {
        Self::builder(credentials).build()
    }

    /// Starts configuring a client.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(credentials)
    }

    /// The base URL requests go to: the override if set, else `server`.
    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The credentials requests are sent with.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The plug-in, if `server` is its vendor's.
    pub(crate) fn vendor_of(&self, server: &str) -> Option<Arc<dyn Plugin>> {
        self.inner.plugin.clone().filter(|plugin| plugin.serves(server))
    }

    /// The installed plug-in, if any.
    pub fn plugin(&self) -> Option<&dyn Plugin> {
        self.inner.plugin.as_deref()
    }

    pub(crate) fn plugin_arc(&self) -> Option<Arc<dyn Plugin>> {
        self.inner.plugin.clone()
    }

    /// Where a next-page link to another host goes, when the plug-in
    /// vouches for it.
    pub(crate) fn vendor_link(&self, target: &Url, server: &Url) -> Option<Url> {
        self.vendor_of(server.as_str())?.next_page(target, server)
    }

    /// Whether a base URL takes every request (a proxy, a mock server).
    pub(crate) fn has_base_url(&self) -> bool {
        self.inner.base_url.is_some()
    }

    /// The base URL requests to `server` go to: the override if set, else
    /// `server` as the plug-in places it (a regional host).
    pub(crate) fn base_for(&self, server: &'static str) -> Result<Url, Error> {
        if server.is_empty() || server.starts_with('/') {
            // No server in the spec (OpenAPI's default `/`), or a relative one:
            // it is a path under the base URL the user sets.
            let Some(base) = &self.inner.base_url else {
                return Err(Error::Config(
                    "the spec gives this API no absolute server URL: set one with ClientBuilder::base_url".into(),
                ));
            };
            let joined = format!("{}{server}", base.as_str().trim_end_matches('/'));
            return Url::parse(&joined).map_err(|e| Error::Config(format!("URL `{joined}`: {e}")));
        }
        if let Some(url) = &self.inner.base_url {
            return Ok(url.clone());
        }
        let mut url = Url::parse(server).map_err(|e| Error::Config(format!("server `{server}`: {e}")))?;
        if let Some(plugin) = self.vendor_of(server) {
            plugin.server_url(&mut url)?;
        }
        Ok(url)
    }
}

impl RawResponse {
    /// The response with its decoded body.
    pub(crate) fn with_body<T>(self, body: T) -> super::ApiResponse<T> {
        super::ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
            request_id_header: self.vendor.and_then(|vendor| vendor.request_id_header()),
        }
    }

    /// Decodes a success body, or turns an error status into [`Error`].
    /// The error names the operation and the JSON path of the value that did not fit.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(&self, operation: &'static str) -> Result<T, Error> {
        self.check_status()?;
        // The plain decoder first: tracking the path costs on every value, and
        // it is only needed to report a failure, so only a failure pays for it.
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| Error::Decode {
            operation,
            path: error.path().to_string(),
            source: error.into_inner(),
            excerpt: excerpt(&self.body),
        })
    }

    /// Fails on an error status; success bodies (often empty) are ignored.
    pub(crate) fn check_status(&self) -> Result<(), Error> {
        if (200..300).contains(&self.status) || self.accepted_status == Some(self.status) {
            return Ok(());
        }
        let error = self
            .vendor
            .as_ref()
            .and_then(|v| v.error(self.status, &self.headers, &self.body))
            .unwrap_or_else(|| Error::Http {
                operation: self.operation,
                attempts: self.attempts,
                status: self.status,
                excerpt: super::error::excerpt(&self.body),
                body: self.body.clone(),
            });
        // The method only matters to transport errors, which this is not.
        Err(error.in_call(self.operation, self.attempts, &reqwest::Method::GET))
    }
}
