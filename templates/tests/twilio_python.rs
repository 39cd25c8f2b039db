//! The Twilio plug-in's tokens (and TwiML) against what Twilio's official
//! Python library produces for the same inputs: `vectors/twilio_python.json`,
//! written by `vectors/twilio_python.py` with twilio 9.13.0 (the workspace's
//! tests rerun the script and fail if the file is stale).
#![cfg(feature = "tokens")]

use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use openapi_client_runtime::twilio::jwt::{
    AccessToken, ChatGrant, PlaybackGrant, SyncGrant, TaskQueueCapabilityToken, TaskRouterGrant, TokenError,
    VideoGrant, VoiceGrant, WorkerCapabilityToken, WorkspaceCapabilityToken,
};
use serde_json::{json, Value};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const KEY: &str = "SKfedcba9876543210fedcba9876543210";
const SECRET: &str = "the-api-key-secret";
const AUTH_TOKEN: &str = "the-auth-token";
const WORKSPACE: &str = "WS00112233445566778899aabbccddeeff";
const WORKER: &str = "WKffeeddccbbaa99887766554433221100";
const QUEUE: &str = "WQ0f1e2d3c4b5a69788796a5b4c3d2e1f0";

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/twilio_python.json")).expect("the vectors are JSON")
}

/// The clock the vectors were signed at (the script's, with its fraction of a second).
fn signing_time(vectors: &Value) -> SystemTime {
    let now = vectors["now"].as_u64().expect("`now` in the vectors");
    SystemTime::UNIX_EPOCH + Duration::from_millis(now * 1000 + 750)
}

fn sid(prefix: &str, digit: char) -> String {
    format!("{prefix}{}", digit.to_string().repeat(32))
}

/// A token's header and claims, after checking its HS256 signature with `secret`.
fn verified(token: &str, secret: &str) -> (Value, Value) {
    let (signed, signature) = token.rsplit_once('.').expect("three segments");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(signed.as_bytes());
    let signature = URL_SAFE_NO_PAD.decode(signature).expect("base64url signature");
    mac.verify_slice(&signature)
        .unwrap_or_else(|_| panic!("signature of {token} verifies"));
    let (header, claims) = signed.split_once('.').expect("header and claims");
    let decode = |segment: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).expect("base64url")).expect("JSON")
    };
    (decode(header), decode(claims))
}

fn compare(kind: &str, name: &str, ours: &str, secret: &str, vectors: &Value) {
    let theirs = vectors[kind][name]
        .as_str()
        .unwrap_or_else(|| panic!("vector {kind}.{name}"));
    assert_eq!(
        verified(ours, secret),
        verified(theirs, secret),
        "{kind}.{name}: ours {ours}, twilio-python {theirs}"
    );
}

#[test]
fn access_tokens_match_twilio_python() {
    let vectors = vectors();
    let at = signing_time(&vectors);
    let now = vectors["now"].as_u64().expect("now");
    let token = || AccessToken::new(ACCOUNT, KEY, SECRET);
    let cases: Vec<(&str, AccessToken)> = vec![
        (
            "voice",
            token().identity("alice").grant(
                VoiceGrant::new()
                    .incoming_allow(true)
                    .outgoing_application_sid(sid("AP", '1'))
                    .outgoing_application_param("agent", "bob")
                    .outgoing_application_param("tier", 2)
                    .push_credential_sid(sid("CR", '2'))
                    .endpoint_id("alice-laptop"),
            ),
        ),
        (
            "voice_outgoing_only",
            token()
                .identity("bob")
                .grant(VoiceGrant::new().outgoing_application_sid(sid("AP", '3'))),
        ),
        (
            "video_room",
            token().identity("carol").grant(VideoGrant::new().room("daily-standup")),
        ),
        ("video_any_room", token().identity("dave").grant(VideoGrant::new())),
        (
            "chat",
            token().identity("erin").grant(
                ChatGrant::new()
                    .service_sid(sid("IS", '4'))
                    .endpoint_id("erin:web")
                    .deployment_role_sid(sid("RL", '5'))
                    .push_credential_sid(sid("CR", '6')),
            ),
        ),
        (
            "sync",
            token()
                .identity("frank")
                .grant(SyncGrant::new().service_sid(sid("IS", '7')).endpoint_id("frank:ios")),
        ),
        (
            "taskrouter",
            token().identity("grace").grant(
                TaskRouterGrant::new()
                    .workspace_sid(WORKSPACE)
                    .worker_sid(WORKER)
                    .role("worker"),
            ),
        ),
        (
            "playback",
            token().grant(PlaybackGrant::new(json!({
                "requestCredentials": null,
                "playbackUrl": "https://example.com/p",
                "playerStreamerSid": sid("VJ", '8'),
            }))),
        ),
        (
            "all_grants_region_ttl",
            token()
                .identity("héloïse")
                .region("au1")
                .ttl(Duration::from_secs(600))
                .grant(VoiceGrant::new().incoming_allow(true))
                .grant(VideoGrant::new())
                .grant(ChatGrant::new().service_sid(sid("IS", '9')))
                .grant(SyncGrant::new()),
        ),
        (
            "explicit_nbf",
            token()
                .identity("ivan")
                .not_before(SystemTime::UNIX_EPOCH + Duration::from_secs(now - 30))
                .grant(VideoGrant::new()),
        ),
        (
            "no_nbf",
            token().identity("judy").without_not_before().grant(VideoGrant::new()),
        ),
        (
            "valid_until",
            token()
                .identity("ken")
                .valid_until(SystemTime::UNIX_EPOCH + Duration::from_secs(now + 120))
                .grant(VideoGrant::new()),
        ),
        ("no_identity_no_grants", token()),
    ];
    let expected = vectors["access_tokens"].as_object().expect("access_tokens").len();
    assert_eq!(cases.len(), expected, "every vector has a case");
    for (name, token) in cases {
        compare(
            "access_tokens",
            name,
            &token.to_jwt_at(at).expect("signs"),
            SECRET,
            &vectors,
        );
    }
}

#[test]
fn capability_tokens_match_twilio_python() {
    let vectors = vectors();
    let at = signing_time(&vectors);
    let cases = [
        (
            "worker",
            WorkerCapabilityToken::new(ACCOUNT, AUTH_TOKEN, WORKSPACE, WORKER).to_jwt_at(at),
        ),
        (
            "worker_everything",
            WorkerCapabilityToken::new(ACCOUNT, AUTH_TOKEN, WORKSPACE, WORKER)
                .ttl(Duration::from_secs(7200))
                .allow_update_activities()
                .allow_update_reservations()
                .allow_update_self()
                .allow_delete_subresources()
                .to_jwt_at(at),
        ),
        (
            "task_queue",
            TaskQueueCapabilityToken::new(ACCOUNT, AUTH_TOKEN, WORKSPACE, QUEUE)
                .allow_fetch_subresources()
                .to_jwt_at(at),
        ),
        (
            "workspace",
            WorkspaceCapabilityToken::new(ACCOUNT, AUTH_TOKEN, WORKSPACE)
                .allow_update_subresources()
                .allow_delete_self()
                .to_jwt_at(at),
        ),
    ];
    assert_eq!(
        cases.len(),
        vectors["capability_tokens"]
            .as_object()
            .expect("capability_tokens")
            .len()
    );
    for (name, token) in cases {
        compare("capability_tokens", name, &token.expect("signs"), AUTH_TOKEN, &vectors);
    }
}

#[test]
fn bad_input_is_refused_before_signing_and_secrets_stay_out_of_debug() {
    let bad_key = AccessToken::new(ACCOUNT, "AK123", SECRET).to_jwt();
    assert!(
        matches!(bad_key, Err(TokenError::BadSid { prefix: "SK", .. })),
        "{bad_key:?}"
    );
    let empty = AccessToken::new(ACCOUNT, KEY, "").to_jwt();
    assert_eq!(empty, Err(TokenError::EmptySecret));
    let wrong_channel = WorkerCapabilityToken::new(ACCOUNT, AUTH_TOKEN, WORKSPACE, QUEUE).to_jwt();
    assert!(
        matches!(wrong_channel, Err(TokenError::BadSid { prefix: "WK", .. })),
        "{wrong_channel:?}"
    );
    let debug = format!(
        "{:?} {:?}",
        AccessToken::new(ACCOUNT, KEY, SECRET),
        WorkerCapabilityToken::new(ACCOUNT, AUTH_TOKEN, WORKSPACE, WORKER)
    );
    assert!(!debug.contains(SECRET) && !debug.contains(AUTH_TOKEN), "{debug}");
    let message = AccessToken::new("ACnope", KEY, SECRET)
        .to_jwt()
        .unwrap_err()
        .to_string();
    assert!(!message.contains(SECRET), "{message}");
}

#[test]
fn a_token_signed_now_is_valid_now() {
    let token = AccessToken::new(ACCOUNT, KEY, SECRET)
        .identity("now")
        .grant(VideoGrant::new())
        .to_jwt()
        .expect("signs");
    let (_, claims) = verified(&token, SECRET);
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (nbf, exp) = (
        claims["nbf"].as_u64().expect("nbf"),
        claims["exp"].as_u64().expect("exp"),
    );
    assert!(nbf <= now && now < exp && exp - nbf == 3600, "{claims}");
}
