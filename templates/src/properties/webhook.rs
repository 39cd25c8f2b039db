//! Webhook signatures: whatever the URL, parameters, body and token, what
//! Twilio signs is accepted (parameters in any order, the URL with or without
//! its default port) and any change to it is refused; any request text at
//! all is answered without a panic. (The same signatures are compared with
//! twilio-python's in `tests/twilio_python.rs`.)

use proptest::prelude::*;

use super::{check, tricky_text};
use crate::vendors::twilio::webhook::{body_hash, Algorithm, RequestValidator, Webhook, WebhookError};

/// A URL as Twilio would call: scheme, host, maybe a port, a path and a
/// query that may hold anything percent-encoded.
fn url() -> impl Strategy<Value = String> {
    let scheme = proptest::sample::select(vec!["https", "http", "HTTPS"]);
    let port = proptest::sample::select(vec!["", ":443", ":80", ":8080"]);
    let query = proptest::option::of(proptest::collection::vec(("[a-zA-Z_]{1,6}", tricky_text(8)), 0..3));
    (
        scheme,
        "[a-z][a-z0-9-]{0,11}(\\.[a-z]{2,5}){0,2}",
        port,
        "(/[A-Za-z0-9._~%-]{0,8}){0,3}",
        query,
    )
        .prop_map(|(scheme, host, port, path, query)| {
            let mut url = format!("{scheme}://{host}{port}{path}");
            if let Some(pairs) = query.filter(|p| !p.is_empty()) {
                let encoded = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                url = format!("{url}?{encoded}");
            }
            url
        })
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((tricky_text(10), tricky_text(16)), 0..8)
}

fn algorithm() -> impl Strategy<Value = (Algorithm, Option<&'static str>)> {
    proptest::sample::select(vec![
        (Algorithm::Sha1, None),
        (Algorithm::Sha1, Some("algorithm=HMAC_SHA1")),
        (Algorithm::Sha256, Some("algorithm=HMAC_SHA256")),
    ])
}

/// The same URL with its default port written, or taken out.
fn other_port_form(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let default = if scheme.eq_ignore_ascii_case("https") {
        ":443"
    } else {
        ":80"
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(end);
    match host.strip_suffix(default) {
        Some(bare) => Some(format!("{scheme}://{bare}{tail}")),
        None if !host.contains(':') => Some(format!("{scheme}://{host}{default}{tail}")),
        None => None,
    }
}

/// Form webhooks: the signed request is accepted as sent, with its
/// parameters in any order and its URL in the other port form; an added
/// parameter, an altered signature or the wrong token is refused.
#[test]
fn form_webhooks_are_accepted_as_signed_and_refused_when_changed() {
    let inputs = (
        tricky_text(24),
        url(),
        params(),
        algorithm(),
        any::<prop::sample::Index>(),
    );
    check(
        "webhook_form",
        inputs,
        |(token, url, params, (algorithm, settings), at)| {
            let validator = RequestValidator::new(token.clone());
            let signature = validator.compute_signature(&url, &params, algorithm);
            let body = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&params)
                .finish();
            let request = Webhook {
                url: &url,
                signature: &signature,
                signature_settings: settings,
                content_type: Some("application/x-www-form-urlencoded; charset=utf-8"),
                body: body.as_bytes(),
            };
            prop_assert_eq!(validator.validate(&request), Ok(()));
            let mut reversed = params.clone();
            reversed.reverse();
            prop_assert_eq!(
                validator.validate_params(&url, &reversed, &signature, algorithm),
                Ok(())
            );
            if let Some(other) = other_port_form(&url) {
                let signed_other = validator.compute_signature(&other, &params, algorithm);
                prop_assert_eq!(
                    validator.validate_params(&url, &params, &signed_other, algorithm),
                    Ok(()),
                    "{}",
                    other
                );
            }

            let mut added = params.clone();
            added.push(("AddedByAnAttacker".to_owned(), String::new()));
            if !params
                .iter()
                .any(|(name, value)| name == "AddedByAnAttacker" && value.is_empty())
            {
                prop_assert_eq!(
                    validator.validate_params(&url, &added, &signature, algorithm),
                    Err(WebhookError::BadSignature)
                );
            }
            let mut forged: Vec<char> = signature.chars().collect();
            let index = at.index(forged.len());
            forged[index] = if forged[index] == 'A' { 'B' } else { 'A' };
            let forged: String = forged.into_iter().collect();
            prop_assert_eq!(
                validator.validate(&Webhook {
                    signature: &forged,
                    ..request
                }),
                Err(WebhookError::BadSignature)
            );
            let stranger = RequestValidator::new(format!("{token}x"));
            prop_assert_eq!(stranger.validate(&request), Err(WebhookError::BadSignature));
            Ok(())
        },
    );
}

/// JSON webhooks: the body must hash to the URL's `bodySHA256` (in either
/// case) and the URL must be signed; any change to the body is refused.
#[test]
fn json_webhooks_are_checked_by_body_hash() {
    let body = proptest::collection::vec(any::<u8>(), 0..64);
    check(
        "webhook_json",
        (tricky_text(24), url(), body, any::<bool>(), any::<u8>()),
        |(token, url, body, upper, flip)| {
            let hash = body_hash(&body);
            let hash = if upper { hash.to_ascii_uppercase() } else { hash };
            let separator = if url.contains('?') { '&' } else { '?' };
            let url = format!("{url}{separator}bodySHA256={hash}");
            let validator = RequestValidator::new(token);
            let signature = validator.compute_signature(&url, &[], Algorithm::Sha1);
            let request = Webhook {
                url: &url,
                signature: &signature,
                signature_settings: None,
                content_type: Some("application/json"),
                body: &body,
            };
            prop_assert_eq!(validator.validate(&request), Ok(()));
            let mut changed = body.clone();
            match changed.first_mut() {
                Some(first) => *first ^= flip.max(1),
                None => changed.push(flip),
            }
            prop_assert_eq!(
                validator.validate(&Webhook {
                    body: &changed,
                    ..request
                }),
                Err(WebhookError::BodyMismatch)
            );
            Ok(())
        },
    );
}

/// Any text in every field of a request, and any settings header: an
/// answer (almost always a refusal), never a panic.
#[test]
fn any_request_is_answered_without_panic() {
    let field = || prop_oneof![tricky_text(40), url()];
    let inputs = (
        field(),
        field(),
        proptest::option::of(tricky_text(30)),
        proptest::option::of(tricky_text(30)),
        field(),
    );
    check(
        "webhook_any_request",
        inputs,
        |(url, signature, settings, content_type, body)| {
            let request = Webhook {
                url: &url,
                signature: &signature,
                signature_settings: settings.as_deref(),
                content_type: content_type.as_deref(),
                body: body.as_bytes(),
            };
            prop_assert!(RequestValidator::new("token").validate(&request).is_err());
            let _ = Algorithm::from_settings(settings.as_deref());
            Ok(())
        },
    );
}
