//! Tokens Twilio's client SDKs accept (feature `tokens`), as Twilio's
//! official libraries mint them: [`AccessToken`] with its grants for the
//! Voice, Video, Conversations/Chat, Sync, TaskRouter and Live SDKs, and
//! TaskRouter's capability tokens ([`WorkerCapabilityToken`],
//! [`TaskQueueCapabilityToken`], [`WorkspaceCapabilityToken`]).
//!
//! Both are HS256 JSON Web Tokens. They are put together here over
//! RustCrypto's HMAC rather than a JWT crate because an access token's
//! header carries Twilio's own `cty` and `twr` (region) fields, which the
//! maintained JWT crates' fixed header types cannot hold; the encoding
//! itself is two base64url segments and a MAC.

/// The setters of a token's validity (its `validity` field) and `to_jwt`,
/// the same on every token type.
macro_rules! validity_setters {
    () => {
        /// How long the token lives from its signing (one hour by default; Twilio caps it at 24 hours).
        pub fn ttl(mut self, ttl: std::time::Duration) -> Self {
            self.validity.ttl = ttl;
            self
        }

        /// When the token starts being valid (by default, when it is signed).
        pub fn not_before(mut self, at: std::time::SystemTime) -> Self {
            self.validity.not_before = super::NotBefore::At(at);
            self
        }

        /// Leaves `nbf` out: valid from any time until it expires.
        pub fn without_not_before(mut self) -> Self {
            self.validity.not_before = super::NotBefore::Omitted;
            self
        }

        /// When the token stops being valid, in place of the time to live.
        pub fn valid_until(mut self, until: std::time::SystemTime) -> Self {
            self.validity.valid_until = Some(until);
            self
        }

        /// The signed token, signed now.
        pub fn to_jwt(&self) -> Result<String, super::TokenError> {
            self.to_jwt_at(std::time::SystemTime::now())
        }
    };
}

mod access_token;
mod taskrouter;

pub use access_token::{
    AccessToken, ChatGrant, Grant, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant,
};
pub use taskrouter::{
    CapabilityToken, Channel, Policy, TaskQueue, TaskQueueCapabilityToken, Worker, WorkerCapabilityToken, Workspace,
    WorkspaceCapabilityToken,
};

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};

/// Why a token cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// A SID that does not have the shape its place needs (`AC…` for an
    /// account, `SK…` for an API key, `WS…` for a workspace, and so on).
    BadSid {
        /// What the SID is for (`account SID`).
        what: &'static str,
        /// The two letters it must start with.
        prefix: &'static str,
        /// The value given (a SID is an identifier, not a secret).
        value: String,
    },
    /// An empty signing secret would sign a token anyone can forge.
    EmptySecret,
    /// The clock reads before 1970, or the token's times overflow.
    Time,
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::BadSid { what, prefix, value } => {
                write!(
                    f,
                    "{what} must be {prefix} followed by 32 hexadecimal digits, not `{value}`"
                )
            }
            TokenError::EmptySecret => f.write_str("the signing secret is empty"),
            TokenError::Time => f.write_str("the token's times are out of range"),
        }
    }
}

impl std::error::Error for TokenError {}

/// A signing secret (an API key secret or an auth token): kept out of
/// `Debug` output and error messages.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// When a token starts and stops being valid, as Twilio's libraries choose:
/// `nbf` is the signing time unless set or left out, `exp` is the signing
/// time plus the time to live unless an end is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Validity {
    pub(crate) ttl: Duration,
    pub(crate) not_before: NotBefore,
    pub(crate) valid_until: Option<SystemTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotBefore {
    SigningTime,
    At(SystemTime),
    Omitted,
}

impl Default for Validity {
    fn default() -> Self {
        Validity {
            ttl: Duration::from_secs(3600),
            not_before: NotBefore::SigningTime,
            valid_until: None,
        }
    }
}

impl Validity {
    /// Adds `exp` and (unless omitted) `nbf` to `claims`, for a token signed at `now`.
    pub(crate) fn claims(&self, now: u64, claims: &mut Map<String, Value>) -> Result<(), TokenError> {
        let exp = match self.valid_until {
            Some(until) => seconds(until)?,
            None => now.checked_add(self.ttl.as_secs()).ok_or(TokenError::Time)?,
        };
        claims.insert("exp".into(), exp.into());
        match self.not_before {
            NotBefore::SigningTime => {
                claims.insert("nbf".into(), now.into());
            }
            NotBefore::At(at) => {
                claims.insert("nbf".into(), seconds(at)?.into());
            }
            NotBefore::Omitted => {}
        }
        Ok(())
    }
}

/// Whole seconds since the Unix epoch.
pub(crate) fn seconds(time: SystemTime) -> Result<u64, TokenError> {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| TokenError::Time)
}

/// Checks a SID's shape: its two-letter prefix and 32 hexadecimal digits.
pub(crate) fn check_sid(what: &'static str, prefix: &'static str, value: &str) -> Result<(), TokenError> {
    let digits = value.strip_prefix(prefix).unwrap_or("");
    if digits.len() == 32 && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(TokenError::BadSid {
            what,
            prefix,
            value: value.to_owned(),
        })
    }
}

/// An HS256 JWT of `header` (to which `typ` and `alg` are added) and `claims`.
pub(crate) fn sign(
    mut header: Map<String, Value>,
    claims: &Map<String, Value>,
    secret: &Secret,
) -> Result<String, TokenError> {
    if secret.0.is_empty() {
        return Err(TokenError::EmptySecret);
    }
    header.insert("typ".into(), "JWT".into());
    header.insert("alg".into(), "HS256".into());
    let segment = |value: &Map<String, Value>| URL_SAFE_NO_PAD.encode(Value::Object(value.clone()).to_string());
    let mut token = format!("{}.{}", segment(&header), segment(claims));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.0.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(token.as_bytes());
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()));
    Ok(token)
}

impl Secret {
    pub(crate) fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }
}
