//! One HTTP exchange of the one request path: credentials and headers on,
//! the user's hooks, retries, the response read within its size cap, and,
//! with the `tracing` feature, one span per request.

use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, Url};

use super::client::{Body, RawResponse};
use super::{Client, Error};

/// What hooks (and traces) see of a request: never the filled-in path or
/// the query, which may hold SIDs and phone numbers.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RequestInfo<'a> {
    /// The spec's `operationId` (`ListMessage`).
    pub operation: &'static str,
    /// The path template (`/2010-04-01/Accounts/{AccountSid}/Messages.json`).
    pub path_template: &'static str,
    /// The HTTP method.
    pub method: &'a Method,
    /// 0 for the first try, then 1, 2, … for retries.
    pub attempt: u32,
}

/// Runs before each request is sent (retries included): may add headers or
/// change anything about it.
pub type BeforeRequest = Arc<dyn Fn(&RequestInfo<'_>, &mut reqwest::Request) + Send + Sync>;

/// Runs on each response before its body is read.
pub type AfterResponse = Arc<dyn Fn(&RequestInfo<'_>, &reqwest::Response) + Send + Sync>;

/// Which operation a request belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation {
    pub(crate) id: &'static str,
    pub(crate) path_template: &'static str,
    /// The spec's security for it; `None` where the spec declares none.
    pub(crate) security: Option<super::auth::Security>,
    /// The spec's server URL, which says whose API it is (see `Plugin::serves`).
    pub(crate) server: &'static str,
}

/// A response whose body is still unread, with what the error of its call
/// needs to say.
#[derive(Debug)]
pub(crate) struct Sent {
    pub(crate) response: reqwest::Response,
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// How many requests were sent for it, retries included.
    pub(crate) attempts: u32,
}

impl Client {
    pub(crate) async fn execute(
        &self,
        operation: Operation,
        method: Method,
        url: Url,
        headers: &[(&'static str, String)],
        body: Body,
    ) -> Result<RawResponse, Error> {
        // A read whose body broke off is sent again, within the retry
        // policy's budget (its tries count against the same budget).
        let mut tried = 0;
        loop {
            let sent = self
                .execute_streaming_from(tried, operation, method.clone(), url.clone(), headers, body.clone())
                .await?;
            tried = sent.attempts;
            match self.read(sent, operation.server).await {
                Err(Error::Transport(error)) => {
                    let retry = self.inner().retry.as_ref();
                    let wait = retry.and_then(|retry| retry.delay_after_error(&method, error.reqwest(), tried - 1));
                    match wait {
                        Some(wait) if super::retry::idempotent(&method) => tokio::time::sleep(wait).await,
                        _ => return Err(Error::Transport(error)),
                    }
                }
                read => return read,
            }
        }
    }

    /// Like [`Client::execute`], but the body is left unread (downloads).
    pub(crate) async fn execute_streaming(
        &self,
        operation: Operation,
        method: Method,
        url: Url,
        headers: &[(&'static str, String)],
        body: Body,
    ) -> Result<Sent, Error> {
        self.execute_streaming_from(0, operation, method, url, headers, body)
            .await
    }

    /// [`Client::execute_streaming`] after `tried` earlier tries.
    async fn execute_streaming_from(
        &self,
        tried: u32,
        operation: Operation,
        method: Method,
        url: Url,
        headers: &[(&'static str, String)],
        body: Body,
    ) -> Result<Sent, Error> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "api_request",
                operation = operation.id,
                method = %method,
                path = operation.path_template,
                status = tracing::field::Empty,
                attempt = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            self.exchange(tried, operation, method, url, headers, body)
                .instrument(span)
                .await
        }
        #[cfg(not(feature = "tracing"))]
        self.exchange(tried, operation, method, url, headers, body).await
    }

    async fn exchange(
        &self,
        tried: u32,
        operation: Operation,
        method: Method,
        url: Url,
        headers: &[(&'static str, String)],
        body: Body,
    ) -> Result<Sent, Error> {
        let inner = self.inner();
        let mut request = reqwest::Request::new(method.clone(), url);
        let request_headers = request.headers_mut();
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("accept")) {
            request_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            // Not the value: it may be a secret the spec puts in a header.
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::Config(format!("the value of header `{name}` is not valid in a header")))?;
            request_headers.append(name, value);
        }
        if let Body::Encoded { content_type, bytes } = body {
            let content_type = HeaderValue::from_str(&content_type)
                .map_err(|_| Error::Config(format!("`{content_type}` is not a valid Content-Type")))?;
            request.headers_mut().insert(CONTENT_TYPE, content_type);
            *request.body_mut() = Some(bytes.into());
        }
        super::auth::authorize(self, operation.id, operation.security, &mut request).await?;
        let mut attempt = tried;
        let response = loop {
            let mut this_try = request
                .try_clone()
                .ok_or_else(|| Error::Config("request body cannot be resent".into()))?;
            let info = RequestInfo {
                operation: operation.id,
                path_template: operation.path_template,
                method: &method,
                attempt,
            };
            if let Some(before) = &inner.before_request {
                before(&info, &mut this_try);
            }
            let response = match inner.transport.execute(this_try).await {
                Ok(response) => response,
                Err(Error::Transport(error)) => {
                    let failure = error.reqwest();
                    let retry = inner.retry.as_ref();
                    let wait = match retry.and_then(|retry| retry.delay_after_error(&method, failure, attempt)) {
                        Some(wait) => Some(wait),
                        None if super::retry::stale_connection_retry(&method, failure, attempt) => {
                            Some(std::time::Duration::ZERO)
                        }
                        None => None,
                    };
                    match wait {
                        Some(wait) => {
                            attempt += 1;
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        None => return Err(Error::Transport(error).in_call(operation.id, attempt + 1, &method)),
                    }
                }
                Err(other) => return Err(other.in_call(operation.id, attempt + 1, &method)),
            };
            if let Some(after) = &inner.after_response {
                after(&info, &response);
            }
            #[cfg(feature = "tracing")]
            trace_response(self, &response, attempt);
            match inner
                .retry
                .as_ref()
                .and_then(|retry| retry.delay(&method, &response, attempt))
            {
                Some(wait) => {
                    attempt += 1;
                    tokio::time::sleep(wait).await;
                }
                None => break response,
            }
        };
        Ok(Sent {
            response,
            operation: operation.id,
            method,
            attempts: attempt + 1,
        })
    }

    /// Reads a response's body in full, within the configured size cap.
    pub(crate) async fn read(&self, sent: Sent, server: &'static str) -> Result<RawResponse, Error> {
        let Sent {
            mut response,
            operation,
            method,
            attempts,
        } = sent;
        let inner = self.inner();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let limit = inner.max_body_bytes;
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(Error::BodyTooLarge { operation, limit });
        }
        let mut body = Vec::new();
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => return Err(Error::from(error).in_call(operation, attempts, &method)),
            };
            if body.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge { operation, limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            body,
            accepted_status: None,
            vendor: self.vendor_of(server),
            operation,
            attempts,
        })
    }
}

/// Records the status, attempt and request id on the request's span.
#[cfg(feature = "tracing")]
fn trace_response(client: &Client, response: &reqwest::Response, attempt: u32) {
    let span = tracing::Span::current();
    let status = response.status().as_u16();
    span.record("status", status);
    span.record("attempt", attempt);
    let request_id = super::plugin::request_id(client.plugin().and_then(|p| p.request_id_header()), response.headers());
    if let Some(request_id) = request_id {
        span.record("request_id", request_id);
    }
    tracing::info!(status, attempt, "response");
}
