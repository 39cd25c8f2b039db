//! Credentials, and how each operation sends them: the spec's security
//! schemes (HTTP Basic, Bearer, API keys in a header, query or cookie,
//! OAuth 2.0 client credentials) decide where a secret goes.

use std::fmt;

use reqwest::header::{HeaderValue, AUTHORIZATION, COOKIE};

use super::{Client, Error};

/// What a client authenticates with. Secrets never appear in `Debug` output.
#[derive(Clone)]
pub struct Credentials {
    secret: Secret,
    account_sid: Option<String>,
}

#[derive(Clone)]
enum Secret {
    None,
    Basic {
        username: String,
        password: String,
    },
    Bearer(String),
    /// API keys by security scheme name; `None` fits any API key scheme.
    Keys(Vec<(Option<String>, String)>),
    /// OAuth 2.0 client credentials; the token endpoint comes from the spec,
    /// else from the client's plug-in.
    ClientCredentials {
        client_id: String,
        client_secret: String,
    },
}

impl Credentials {
    /// No credentials: for APIs (or operations) that need none.
    pub fn none() -> Self {
        Self::with(Secret::None)
    }

    /// HTTP Basic: a user name and password.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::with(Secret::Basic {
            username: username.into(),
            password: password.into(),
        })
    }

    /// A token sent as `Authorization: Bearer …` (HTTP bearer schemes, and
    /// OAuth 2.0 or OpenID Connect access tokens obtained elsewhere).
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::with(Secret::Bearer(token.into()))
    }

    /// One API key, sent wherever the operation's API key scheme says (a
    /// header, a query parameter or a cookie).
    pub fn key(value: impl Into<String>) -> Self {
        Self::with(Secret::Keys(vec![(None, value.into())]))
    }

    /// Several API keys, each for the security scheme of that name (as in
    /// the spec's `components.securitySchemes`), for APIs that need two.
    pub fn keys<S: Into<String>, V: Into<String>>(keys: impl IntoIterator<Item = (S, V)>) -> Self {
        let keys = keys.into_iter().map(|(s, v)| (Some(s.into()), v.into())).collect();
        Self::with(Secret::Keys(keys))
    }

    /// OAuth 2.0 client credentials: the client fetches an access token from
    /// the token URL of the operation's scheme, caches it, replaces it
    /// shortly before it expires, and sends it as `Bearer`.
    pub fn client_credentials(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self::with(Secret::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        })
    }

    /// Keys by scheme name, `None` for any scheme without its own.
    pub(crate) fn with_keys(keys: Vec<(Option<String>, String)>) -> Self {
        Self::with(Secret::Keys(keys))
    }

    fn with(secret: Secret) -> Self {
        Self {
            secret,
            account_sid: None,
        }
    }

    /// The account these credentials act for: operations whose path names
    /// the account (a parameter the generator marks so) default to it.
    pub fn for_account(mut self, account_sid: impl Into<String>) -> Self {
        self.account_sid = Some(account_sid.into());
        self
    }

    /// The account these credentials act for, if known.
    pub fn account_sid(&self) -> Option<&str> {
        self.account_sid.as_deref()
    }

    /// The user name sent with Basic auth, or the OAuth client id (neither
    /// is a secret); empty for other credentials.
    pub fn username(&self) -> &str {
        match &self.secret {
            Secret::Basic { username, .. } => username,
            Secret::ClientCredentials { client_id, .. } => client_id,
            _ => "",
        }
    }

    /// OAuth client id and secret, for the token request.
    pub(crate) fn client_secret(&self) -> Option<(&str, &str)> {
        match &self.secret {
            Secret::ClientCredentials {
                client_id,
                client_secret,
                ..
            } => Some((client_id, client_secret)),
            _ => None,
        }
    }

    /// What kind of credentials these are, for error messages.
    fn kind(&self) -> &'static str {
        match &self.secret {
            Secret::None => "none",
            Secret::Basic { .. } => "HTTP Basic",
            Secret::Bearer(_) => "a bearer token",
            Secret::Keys(_) => "API keys",
            Secret::ClientCredentials { .. } => "OAuth client credentials",
        }
    }

    pub(crate) fn key_for(&self, scheme: &str) -> Option<&str> {
        let Secret::Keys(keys) = &self.secret else { return None };
        let named = keys.iter().find(|(name, _)| name.as_deref() == Some(scheme));
        let unnamed = || keys.iter().find(|(name, _)| name.is_none());
        named.or_else(unnamed).map(|(_, value)| value.as_str())
    }

    fn satisfies(&self, scheme: &Scheme) -> bool {
        match (scheme, &self.secret) {
            (Scheme::Basic, Secret::Basic { .. }) | (Scheme::Bearer, Secret::Bearer(_)) => true,
            (Scheme::ApiKey { scheme, .. }, _) => self.key_for(scheme).is_some(),
            // A token obtained elsewhere serves an OAuth scheme too.
            (Scheme::ClientCredentials { .. }, Secret::ClientCredentials { .. } | Secret::Bearer(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("kind", &self.kind())
            .field("username", &self.username())
            .field("account_sid", &self.account_sid)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A security scheme of the spec, as generated code declares it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `type: http, scheme: basic`.
    Basic,
    /// `type: http, scheme: bearer`, OpenID Connect, and OAuth 2.0 flows
    /// whose token the caller obtains.
    Bearer,
    /// `type: apiKey`: the scheme's name, and where the key goes.
    ApiKey {
        scheme: &'static str,
        name: &'static str,
        location: KeyLocation,
    },
    /// OAuth 2.0 `clientCredentials` flow.
    ClientCredentials { token_url: &'static str },
}

/// Where an API key goes.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// An operation's security: alternatives, each a set of schemes used
/// together; an empty set means no authentication.
pub type Security = &'static [&'static [Scheme]];

/// Puts the credentials on a request as `security` asks: the first
/// alternative the credentials can satisfy. Without declared security, Basic
/// credentials go as Basic and tokens as Bearer (specs that say nothing, and
/// those whose vendor accepts any of its credentials everywhere).
pub(crate) async fn authorize(
    client: &Client,
    operation: &'static str,
    security: Option<Security>,
    request: &mut reqwest::Request,
) -> Result<(), Error> {
    let credentials = client.credentials();
    let Some(alternatives) = security else {
        return match &credentials.secret {
            Secret::Basic { .. } => apply(client, &Scheme::Basic, request).await,
            Secret::Bearer(_) => apply(client, &Scheme::Bearer, request).await,
            Secret::ClientCredentials { .. } => {
                apply(client, &Scheme::ClientCredentials { token_url: "" }, request).await
            }
            Secret::None | Secret::Keys(_) => Ok(()),
        };
    };
    let chosen = alternatives
        .iter()
        .find(|set| set.iter().all(|scheme| credentials.satisfies(scheme)));
    match chosen {
        Some(set) => {
            for scheme in set.iter() {
                apply(client, scheme, request).await?;
            }
            Ok(())
        }
        // No credentials: the request goes as it is (a hook may sign it).
        None if matches!(credentials.secret, Secret::None) => Ok(()),
        None => Err(Error::Config(format!(
            "`{operation}` accepts {}, but the client's credentials are {}",
            describe(alternatives),
            credentials.kind()
        ))),
    }
}

async fn apply(client: &Client, scheme: &Scheme, request: &mut reqwest::Request) -> Result<(), Error> {
    let credentials = client.credentials();
    let value = |text: String| {
        HeaderValue::from_str(&text)
            .map_err(|_| Error::Config("credentials hold characters a header cannot carry".into()))
    };
    match (scheme, &credentials.secret) {
        (Scheme::Basic, Secret::Basic { username, password }) => {
            use base64::Engine;
            let pair = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
            let mut header = value(format!("Basic {pair}"))?;
            header.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, header);
        }
        (Scheme::Bearer | Scheme::ClientCredentials { .. }, Secret::Bearer(token)) => {
            let mut header = value(format!("Bearer {token}"))?;
            header.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, header);
        }
        (Scheme::ClientCredentials { token_url }, Secret::ClientCredentials { .. }) => {
            // No URL in the spec: the plug-in's endpoint, if it has one.
            let token_url = Some(*token_url).filter(|url| !url.is_empty());
            let token = super::oauth::access_token(client, token_url).await?;
            let mut header = value(format!("Bearer {token}"))?;
            header.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, header);
        }
        (Scheme::ApiKey { scheme, name, location }, _) => {
            let key = credentials.key_for(scheme).unwrap_or_default();
            match location {
                KeyLocation::Header => {
                    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| Error::Config(format!("`{name}` is not a header name")))?;
                    let mut header = value(key.to_owned())?;
                    header.set_sensitive(true);
                    request.headers_mut().insert(name, header);
                }
                KeyLocation::Query => {
                    request.url_mut().query_pairs_mut().append_pair(name, key);
                }
                KeyLocation::Cookie => {
                    let cookie = format!("{name}={key}");
                    let joined = match request.headers().get(COOKIE).and_then(|c| c.to_str().ok()) {
                        Some(existing) => format!("{existing}; {cookie}"),
                        None => cookie,
                    };
                    let mut header = value(joined)?;
                    header.set_sensitive(true);
                    request.headers_mut().insert(COOKIE, header);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// `HTTP Basic, or API key `X-Key` (header)`, for errors.
fn describe(alternatives: Security) -> String {
    let set = |schemes: &[Scheme]| -> String {
        if schemes.is_empty() {
            return "no credentials".into();
        }
        let names: Vec<String> = schemes
            .iter()
            .map(|scheme| match scheme {
                Scheme::Basic => "HTTP Basic".into(),
                Scheme::Bearer => "a bearer token".into(),
                Scheme::ApiKey { name, location, .. } => {
                    format!("API key `{name}` ({})", format!("{location:?}").to_lowercase())
                }
                Scheme::ClientCredentials { .. } => "OAuth client credentials".into(),
            })
            .collect();
        names.join(" with ")
    };
    alternatives.iter().map(|s| set(s)).collect::<Vec<_>>().join(", or ")
}
