//! OAuth 2.0 client credentials: one access token per client, fetched from
//! the scheme's token URL (or the plug-in's, when the spec names none) when
//! first needed and again shortly before it expires.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};

use crate::client::RawResponse;
use crate::{Client, Error};

/// A token this close to its expiry is replaced before use.
const MARGIN: Duration = Duration::from_secs(60);

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// The access token to send, fetching a new one from `token_url` (the
/// plug-in's endpoint if `None`) when there is none or it is about to
/// expire. Concurrent requests wait for one fetch.
pub(crate) async fn access_token(client: &Client, token_url: Option<&str>) -> Result<String, Error> {
    let inner = client.inner();
    let mut cached = inner.token.lock().await;
    if let Some((token, renew_at)) = cached.as_ref() {
        if Instant::now() < *renew_at {
            return Ok(token.clone());
        }
    }
    let (client_id, client_secret) = inner
        .credentials
        .client_secret()
        .ok_or_else(|| Error::Config("OAuth needs client credentials".into()))?;
    let url = match token_url {
        None => {
            let no_endpoint =
                || Error::Config("the spec declares no OAuth token URL for this operation: use a bearer token".into());
            let (server, path) = client
                .plugin()
                .and_then(|p| p.token_endpoint())
                .ok_or_else(no_endpoint)?;
            let base = client.base_for(server)?;
            format!("{}{path}", base.as_str().trim_end_matches('/'))
        }
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => url.to_owned(),
        Some(relative) => {
            let base = client.base_for("")?;
            format!(
                "{}/{}",
                base.as_str().trim_end_matches('/'),
                relative.trim_start_matches('/')
            )
        }
    };
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_id", client_id)
        .append_pair("client_secret", client_secret)
        .finish();
    let url = reqwest::Url::parse(&url).map_err(|e| Error::Config(format!("OAuth token URL `{url}`: {e}")))?;
    let mut request = reqwest::Request::new(reqwest::Method::POST, url);
    let headers = request.headers_mut();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    *request.body_mut() = Some(form.into());
    let response = inner.transport.execute(request).await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await?.to_vec();
    let response = RawResponse {
        status,
        headers,
        body,
        accepted_status: None,
        vendor: token_url.is_none().then(|| client.plugin_arc()).flatten(),
        operation: "CreateToken",
        attempts: 1,
    };
    response.check_status()?;
    let token: TokenResponse = serde_json::from_slice(&response.body).map_err(|source| Error::Decode {
        operation: "CreateToken",
        path: ".".to_owned(),
        source,
        excerpt: String::new(),
    })?;
    let lifetime = Duration::from_secs(token.expires_in.unwrap_or(3600));
    let renew_at = Instant::now() + lifetime.saturating_sub(MARGIN);
    *cached = Some((token.access_token.clone(), renew_at));
    Ok(token.access_token)
}
