//! Access tokens for Twilio's client SDKs: an HS256 JWT signed with an API
//! key's secret, header `cty: twilio-fpa;v=1` (and `twr` with a region),
//! claims `jti` (`<key SID>-<signing time>`), `iss` (the key), `sub` (the
//! account), `nbf`, `exp`, and `grants` keyed by product with the identity.

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::{check_sid, seconds, sign, Secret, TokenError, Validity};

/// A token a browser or mobile app presents to Twilio's Voice, Video,
/// Conversations, Sync, TaskRouter or Live SDK.
///
/// ```
/// # use openapi_client_runtime::twilio::jwt::{AccessToken, VoiceGrant};
/// let token = AccessToken::new(
///     "AC00000000000000000000000000000000",
///     "SK00000000000000000000000000000000",
///     "the API key's secret",
/// )
/// .identity("alice")
/// .grant(VoiceGrant::new().outgoing_application_sid("AP00000000000000000000000000000000").incoming_allow(true))
/// .to_jwt()?;
/// # assert_eq!(token.split('.').count(), 3);
/// # Ok::<_, openapi_client_runtime::twilio::jwt::TokenError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AccessToken {
    account_sid: String,
    api_key_sid: String,
    secret: Secret,
    identity: Option<String>,
    region: Option<String>,
    validity: Validity,
    /// One grant per product, as in the token (a second of a kind replaces the first).
    grants: BTreeMap<&'static str, Value>,
}

impl AccessToken {
    /// A token for `account_sid`, signed with an API key (`SK…`) and its
    /// secret. It lives an hour from signing unless told otherwise.
    pub fn new(
        account_sid: impl Into<String>,
        api_key_sid: impl Into<String>,
        api_key_secret: impl Into<String>,
    ) -> Self {
        AccessToken {
            account_sid: account_sid.into(),
            api_key_sid: api_key_sid.into(),
            secret: Secret::new(api_key_secret),
            identity: None,
            region: None,
            validity: Validity::default(),
            grants: BTreeMap::new(),
        }
    }

    /// Who the token's user is (required by the Voice, Conversations and Sync SDKs).
    pub fn identity(mut self, identity: impl Into<String>) -> Self {
        self.identity = Some(identity.into());
        self
    }

    /// The Twilio region the SDK connects to (`twr` in the header): `au1`, `ie1`, …
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    validity_setters!();

    /// Adds a grant; a second grant for the same product replaces the first.
    pub fn grant(mut self, grant: impl Into<Grant>) -> Self {
        let grant = grant.into();
        self.grants.insert(grant.key(), grant.payload());
        self
    }

    /// The signed token as if signed at `now` (a fixed clock, in tests).
    pub fn to_jwt_at(&self, now: SystemTime) -> Result<String, TokenError> {
        check_sid("the account SID", "AC", &self.account_sid)?;
        check_sid("the API key SID", "SK", &self.api_key_sid)?;
        let now = seconds(now)?;
        let mut header = Map::new();
        header.insert("cty".into(), "twilio-fpa;v=1".into());
        if let Some(region) = &self.region {
            header.insert("twr".into(), region.as_str().into());
        }
        let mut grants: Map<String, Value> = self.grants.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        if let Some(identity) = self.identity.as_deref().filter(|i| !i.is_empty()) {
            grants.insert("identity".into(), identity.into());
        }
        let mut claims = Map::new();
        claims.insert("jti".into(), format!("{}-{now}", self.api_key_sid).into());
        claims.insert("grants".into(), grants.into());
        claims.insert("iss".into(), self.api_key_sid.as_str().into());
        claims.insert("sub".into(), self.account_sid.as_str().into());
        self.validity.claims(now, &mut claims)?;
        sign(header, &claims, &self.secret)
    }
}

/// A grant of an [`AccessToken`]: what its holder may do in one product.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Grant {
    /// Programmable Voice (the Voice SDKs).
    Voice(VoiceGrant),
    /// Video rooms.
    Video(VideoGrant),
    /// Conversations and the older Programmable Chat.
    Chat(ChatGrant),
    /// Sync.
    Sync(SyncGrant),
    /// TaskRouter (the worker SDK).
    TaskRouter(TaskRouterGrant),
    /// Live's player (a grant fetched from the Live API).
    Playback(PlaybackGrant),
}

impl Grant {
    /// The grant's key in the token's `grants`.
    fn key(&self) -> &'static str {
        match self {
            Grant::Voice(_) => "voice",
            Grant::Video(_) => "video",
            Grant::Chat(_) => "chat",
            Grant::Sync(_) => "data_sync",
            Grant::TaskRouter(_) => "task_router",
            Grant::Playback(_) => "player",
        }
    }

    fn payload(&self) -> Value {
        match self {
            Grant::Voice(g) => g.payload(),
            Grant::Video(g) => fields([("room", &g.room)]),
            Grant::Chat(g) => fields([
                ("service_sid", &g.service_sid),
                ("endpoint_id", &g.endpoint_id),
                ("deployment_role_sid", &g.deployment_role_sid),
                ("push_credential_sid", &g.push_credential_sid),
            ]),
            Grant::Sync(g) => fields([("service_sid", &g.service_sid), ("endpoint_id", &g.endpoint_id)]),
            Grant::TaskRouter(g) => fields([
                ("workspace_sid", &g.workspace_sid),
                ("worker_sid", &g.worker_sid),
                ("role", &g.role),
            ]),
            Grant::Playback(g) => g.0.clone(),
        }
    }
}

/// An object of the fields that are set and not empty (as the official libraries leave empty ones out).
fn fields<const N: usize>(fields: [(&str, &Option<String>); N]) -> Value {
    let set = fields
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| (k, v)));
    Value::Object(set.map(|(k, v)| (k.to_owned(), Value::from(v))).collect())
}

/// Builder setters for a grant's optional string fields.
macro_rules! setters {
    ($grant:ident => $variant:ident { $($(#[$doc:meta])* $field:ident),* $(,)? }) => {
        impl $grant {
            /// An empty grant; the setters add to it.
            pub fn new() -> Self {
                Self::default()
            }
            $(
                $(#[$doc])*
                pub fn $field(mut self, value: impl Into<String>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }
        impl From<$grant> for Grant {
            fn from(grant: $grant) -> Grant {
                Grant::$variant(grant)
            }
        }
    };
}

/// Programmable Voice: incoming calls to the identity, outgoing calls through a TwiML app.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VoiceGrant {
    incoming_allow: bool,
    outgoing_application_sid: Option<String>,
    outgoing_application_params: Map<String, Value>,
    push_credential_sid: Option<String>,
    endpoint_id: Option<String>,
}

setters!(VoiceGrant => Voice {
    /// The TwiML application (`AP…`) outgoing calls run.
    outgoing_application_sid,
    /// The push credential (`CR…`) for incoming-call notifications.
    push_credential_sid,
    /// The endpoint (device) the token is for.
    endpoint_id,
});

impl VoiceGrant {
    /// Whether calls to the token's identity reach this client.
    pub fn incoming_allow(mut self, allow: bool) -> Self {
        self.incoming_allow = allow;
        self
    }

    /// A parameter passed to the outgoing application's TwiML request.
    pub fn outgoing_application_param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.outgoing_application_params.insert(name.into(), value.into());
        self
    }

    fn payload(&self) -> Value {
        let mut grant = Map::new();
        if self.incoming_allow {
            grant.insert("incoming".into(), serde_json::json!({ "allow": true }));
        }
        if let Some(sid) = self.outgoing_application_sid.as_deref().filter(|s| !s.is_empty()) {
            let mut outgoing = Map::new();
            outgoing.insert("application_sid".into(), sid.into());
            if !self.outgoing_application_params.is_empty() {
                outgoing.insert("params".into(), self.outgoing_application_params.clone().into());
            }
            grant.insert("outgoing".into(), outgoing.into());
        }
        for (key, value) in [
            ("push_credential_sid", &self.push_credential_sid),
            ("endpoint_id", &self.endpoint_id),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                grant.insert(key.into(), value.into());
            }
        }
        grant.into()
    }
}

/// Video: joining rooms (one named room, or any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VideoGrant {
    room: Option<String>,
}

setters!(VideoGrant => Video {
    /// The one room (name or `RM…` SID) the token may join.
    room,
});

/// Conversations and Programmable Chat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatGrant {
    service_sid: Option<String>,
    endpoint_id: Option<String>,
    deployment_role_sid: Option<String>,
    push_credential_sid: Option<String>,
}

setters!(ChatGrant => Chat {
    /// The Conversations or Chat service (`IS…`).
    service_sid,
    /// The endpoint (device) the token is for.
    endpoint_id,
    /// The role (`RL…`) the user takes in the service.
    deployment_role_sid,
    /// The push credential (`CR…`) for notifications.
    push_credential_sid,
});

/// Sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncGrant {
    service_sid: Option<String>,
    endpoint_id: Option<String>,
}

setters!(SyncGrant => Sync {
    /// The Sync service (`IS…`).
    service_sid,
    /// The endpoint (device) the token is for.
    endpoint_id,
});

/// TaskRouter, for the worker SDK.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskRouterGrant {
    workspace_sid: Option<String>,
    worker_sid: Option<String>,
    role: Option<String>,
}

setters!(TaskRouterGrant => TaskRouter {
    /// The workspace (`WS…`).
    workspace_sid,
    /// The worker (`WK…`).
    worker_sid,
    /// The worker's role (`worker`, `supervisor`, …).
    role,
});

/// Live's player: the grant object Twilio's Live API returns for a player
/// streamer, passed through as it came.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaybackGrant(Value);

impl PlaybackGrant {
    /// The `grant` object of a `PlaybackGrant` fetched from the Live API.
    pub fn new(grant: Value) -> Self {
        PlaybackGrant(grant)
    }
}

impl From<PlaybackGrant> for Grant {
    fn from(grant: PlaybackGrant) -> Grant {
        Grant::Playback(grant)
    }
}
