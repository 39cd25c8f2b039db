//! Validating Twilio's webhook requests (`X-Twilio-Signature`), as Twilio's
//! official libraries do: HMAC-SHA1 (or HMAC-SHA256 when the
//! `X-Twilio-Webhooks-Signature-Settings` header says so) of the URL Twilio
//! requested, followed, for form webhooks, by every parameter name and value
//! in sorted order; JSON webhooks instead carry the SHA-256 of their body in
//! the URL's `bodySHA256` parameter. The crypto is RustCrypto's, the
//! comparison constant-time.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

/// Why a webhook request is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature does not match the request: not from Twilio, or altered.
    BadSignature,
    /// A JSON webhook whose body does not hash to its `bodySHA256` parameter.
    BodyMismatch,
    /// A JSON webhook URL without `bodySHA256`.
    MissingBodyHash,
    /// The signature settings name an algorithm this validator does not know.
    UnsupportedAlgorithm(String),
    /// The URL does not parse.
    BadUrl(String),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::BadSignature => f.write_str("the X-Twilio-Signature does not match the request"),
            WebhookError::BodyMismatch => f.write_str("the body does not match the bodySHA256 parameter of the URL"),
            WebhookError::MissingBodyHash => f.write_str("a JSON webhook URL must carry bodySHA256"),
            WebhookError::UnsupportedAlgorithm(name) => write!(f, "unsupported signature algorithm `{name}`"),
            WebhookError::BadUrl(why) => write!(f, "the request URL does not parse: {why}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// The hash functions Twilio signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA1, the default.
    Sha1,
    /// HMAC-SHA256.
    Sha256,
}

impl Algorithm {
    /// The algorithm an `X-Twilio-Webhooks-Signature-Settings` header
    /// selects (`key=…,algorithm=HMAC_SHA256`, its name in any case); without
    /// the header, or without a non-empty `algorithm`, SHA-1. As
    /// twilio-python reads it (compared on random headers in the tests).
    pub fn from_settings(settings: Option<&str>) -> Result<Self, WebhookError> {
        let algorithm = settings
            .unwrap_or_default()
            .split([';', ','])
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, value)| key.trim().eq_ignore_ascii_case("algorithm") && !value.trim().is_empty())
            .map(|(_, value)| value.trim());
        match algorithm {
            None => Ok(Self::Sha1),
            Some(name) if name.eq_ignore_ascii_case("HMAC_SHA1") => Ok(Self::Sha1),
            Some(name) if name.eq_ignore_ascii_case("HMAC_SHA256") => Ok(Self::Sha256),
            Some(other) => Err(WebhookError::UnsupportedAlgorithm(other.to_owned())),
        }
    }
}

/// One incoming webhook request, as the server received it.
#[derive(Debug, Clone, Copy)]
pub struct Webhook<'a> {
    /// The full URL Twilio requested (scheme, host, path and query), as
    /// configured in Twilio: behind a proxy, the public URL, not the local one.
    pub url: &'a str,
    /// The `X-Twilio-Signature` header.
    pub signature: &'a str,
    /// The `X-Twilio-Webhooks-Signature-Settings` header, if sent.
    pub signature_settings: Option<&'a str>,
    /// The `Content-Type` header (`application/json` webhooks are checked by body hash).
    pub content_type: Option<&'a str>,
    /// The raw body.
    pub body: &'a [u8],
}

/// Validates webhook requests with an account's Auth Token.
#[derive(Clone)]
pub struct RequestValidator {
    auth_token: String,
}

impl fmt::Debug for RequestValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestValidator")
            .field("auth_token", &"<redacted>")
            .finish()
    }
}

impl RequestValidator {
    /// A validator for the Auth Token of the account the webhooks are for.
    pub fn new(auth_token: impl Into<String>) -> Self {
        Self {
            auth_token: auth_token.into(),
        }
    }

    /// Accepts the request only if Twilio signed it: a form webhook by its
    /// URL and parameters, a JSON one by its URL and body hash.
    pub fn validate(&self, request: &Webhook<'_>) -> Result<(), WebhookError> {
        let algorithm = Algorithm::from_settings(request.signature_settings)?;
        let json = request.content_type.is_some_and(|c| {
            c.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
        let params: Vec<(String, String)> = if json {
            self.check_body_hash(request.url, request.body)?;
            Vec::new()
        } else {
            form_urlencoded::parse(request.body).into_owned().collect()
        };
        self.validate_params(request.url, &params, request.signature, algorithm)
    }

    /// Accepts a form webhook's `url` and `params` (repeated keys included)
    /// if `signature` signs them; the URL is tried with and without its
    /// default port, since Twilio signs either.
    pub fn validate_params(
        &self,
        url: &str,
        params: &[(String, String)],
        signature: &str,
        algorithm: Algorithm,
    ) -> Result<(), WebhookError> {
        let signature = signature.trim().as_bytes();
        for candidate in port_variants(url)? {
            let expected = self.compute_signature(&candidate, params, algorithm);
            if bool::from(expected.as_bytes().ct_eq(signature)) {
                return Ok(());
            }
        }
        Err(WebhookError::BadSignature)
    }

    /// The signature Twilio would send for `url` and `params`: base64 of the
    /// HMAC of the URL followed by each name and value, sorted by name then
    /// value, each distinct pair once.
    pub fn compute_signature(&self, url: &str, params: &[(String, String)], algorithm: Algorithm) -> String {
        let mut sorted: Vec<&(String, String)> = params.iter().collect();
        sorted.sort();
        sorted.dedup();
        let mut data = url.to_owned();
        for (name, value) in sorted {
            data.push_str(name);
            data.push_str(value);
        }
        let digest = mac(algorithm, self.auth_token.as_bytes(), data.as_bytes());
        base64::engine::general_purpose::STANDARD.encode(digest)
    }

    fn check_body_hash(&self, url: &str, body: &[u8]) -> Result<(), WebhookError> {
        // The query as written, as twilio-python reads it: no URL parser
        // stands between (one refused hosts that are no valid IDN).
        let query = url
            .split('#')
            .next()
            .unwrap_or_default()
            .split_once('?')
            .map_or("", |(_, q)| q);
        let claimed = form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "bodySHA256")
            .map(|(_, value)| value.into_owned())
            .ok_or(WebhookError::MissingBodyHash)?;
        let actual = body_hash(body);
        if bool::from(actual.as_bytes().ct_eq(claimed.to_ascii_lowercase().as_bytes())) {
            Ok(())
        } else {
            Err(WebhookError::BodyMismatch)
        }
    }
}

/// Hex SHA-256 of a JSON webhook's body, as in its `bodySHA256` parameter.
pub fn body_hash(body: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect()
}

fn mac(algorithm: Algorithm, key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail here, and
    // an empty digest would only fail the comparison.
    match algorithm {
        Algorithm::Sha1 => Hmac::<sha1::Sha1>::new_from_slice(key)
            .map(|mac| mac.chain_update(data).finalize().into_bytes().to_vec())
            .unwrap_or_default(),
        Algorithm::Sha256 => Hmac::<sha2::Sha256>::new_from_slice(key)
            .map(|mac| mac.chain_update(data).finalize().into_bytes().to_vec())
            .unwrap_or_default(),
    }
}

/// `url` without its port, and `url` with its scheme's default port when it
/// has none: Twilio may have signed either. Done on the text, as Twilio's own
/// libraries do, so nothing else of the URL is re-encoded.
fn port_variants(url: &str) -> Result<Vec<String>, WebhookError> {
    let bad = || WebhookError::BadUrl(format!("`{url}` has no scheme://host"));
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host = &authority[host_start..];
    let port_at = match host.rfind(':') {
        Some(colon) if !host[colon..].contains(']') && host[colon + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            Some(host_start + colon)
        }
        _ => None,
    };
    if host.is_empty() {
        return Err(bad());
    }
    let default = match scheme.to_ascii_lowercase().as_str() {
        "https" => "443",
        "http" => "80",
        _ => "",
    };
    Ok(match port_at {
        Some(colon) => vec![format!("{scheme}://{}{path}", &authority[..colon]), url.to_owned()],
        None if !default.is_empty() => vec![url.to_owned(), format!("{scheme}://{authority}:{default}{path}")],
        None => vec![url.to_owned()],
    })
}

#[cfg(test)]
mod tests {
    //! Twilio's own test vectors (twilio-python's `test_request_validator.py`):
    //! Auth Token `12345`, the URL and parameters below.
    use super::*;

    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

    fn params() -> Vec<(String, String)> {
        [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    }

    fn form(params: &[(String, String)]) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish()
    }

    #[test]
    fn twilios_documented_signature_validates() {
        let validator = RequestValidator::new("12345");
        assert_eq!(
            validator.compute_signature(URL, &params(), Algorithm::Sha1),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
        let body = form(&params());
        let request = Webhook {
            url: URL,
            signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            signature_settings: None,
            content_type: Some("application/x-www-form-urlencoded"),
            body: body.as_bytes(),
        };
        assert_eq!(validator.validate(&request), Ok(()));
        let tampered = body.replace("1234", "9999");
        let request = Webhook {
            body: tampered.as_bytes(),
            ..request
        };
        assert_eq!(validator.validate(&request), Err(WebhookError::BadSignature));
        let other = RequestValidator::new("54321");
        let request = Webhook {
            body: body.as_bytes(),
            ..request
        };
        assert_eq!(other.validate(&request), Err(WebhookError::BadSignature));
    }

    #[test]
    fn repeated_keys_are_signed_sorted() {
        let validator = RequestValidator::new("12345");
        let params: Vec<(String, String)> = [
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(
            validator.compute_signature(URL, &params, Algorithm::Sha1),
            "IK+Dwps556ElfBT0I3Rgjkr1wJU="
        );
    }

    #[test]
    fn the_url_is_accepted_with_and_without_its_port() {
        let validator = RequestValidator::new("12345");
        let check = |url: &str, signature: &str| validator.validate_params(url, &params(), signature, Algorithm::Sha1);
        // Signed without a port, received with one.
        assert_eq!(
            check(
                "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8="
            ),
            Ok(())
        );
        // Signed with the default port, received without.
        assert_eq!(check(URL, "kvajT1Ptam85bY51eRf/AJRuM3w="), Ok(()));
        assert_eq!(
            check(
                "http://mycompany.com/myapp.php?foo=1&bar=2",
                "0ZXoZLH/DfblKGATFgpif+LLRf4="
            ),
            Ok(())
        );
        // Signed with its own port.
        assert_eq!(
            check(
                "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
            ),
            Ok(())
        );
    }

    #[test]
    fn a_json_webhook_is_checked_by_its_body_hash() {
        let validator = RequestValidator::new("12345");
        let body = br#"{"property": "value", "boolean": true}"#;
        assert_eq!(
            body_hash(body),
            "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        );
        let url = format!("{URL}&bodySHA256={}", body_hash(body));
        let request = Webhook {
            url: &url,
            signature: "a9nBmqA0ju/hNViExpshrM61xv4=",
            signature_settings: None,
            content_type: Some("application/json"),
            body,
        };
        assert_eq!(validator.validate(&request), Ok(()));
        let altered = br#"{"property": "other", "boolean": true}"#;
        assert_eq!(
            validator.validate(&Webhook {
                body: altered,
                ..request
            }),
            Err(WebhookError::BodyMismatch)
        );
        let request = Webhook { url: URL, ..request };
        assert_eq!(validator.validate(&request), Err(WebhookError::MissingBodyHash));
    }

    #[test]
    fn the_settings_header_chooses_the_algorithm() {
        let validator = RequestValidator::new("12345");
        // HMAC-SHA256 of the same data, computed independently with Python's hmac module.
        let sha256 = "033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s=";
        assert_eq!(validator.compute_signature(URL, &params(), Algorithm::Sha256), sha256);
        let body = form(&params());
        let request = Webhook {
            url: URL,
            signature: sha256,
            signature_settings: Some("algorithm=HMAC_SHA256"),
            content_type: None,
            body: body.as_bytes(),
        };
        assert_eq!(validator.validate(&request), Ok(()));
        let sha1_header = Webhook {
            signature_settings: None,
            ..request
        };
        assert_eq!(validator.validate(&sha1_header), Err(WebhookError::BadSignature));
        let unknown = Webhook {
            signature_settings: Some("algorithm=HMAC_MD5"),
            ..request
        };
        assert_eq!(
            validator.validate(&unknown),
            Err(WebhookError::UnsupportedAlgorithm("HMAC_MD5".into()))
        );
        assert!(!format!("{validator:?}").contains("12345"));
    }

    /// Found by the JSON webhook property: the body hash is read from the
    /// query as written, so a host no URL parser accepts (an invalid IDN)
    /// does not turn a signed request away.
    #[test]
    fn the_body_hash_is_read_from_the_query_as_written() {
        let body = b"{}";
        let url = format!("https://xn--g1b/hook?bodySHA256={}#frag", body_hash(body));
        let validator = RequestValidator::new("token");
        let signature = validator.compute_signature(&url, &[], Algorithm::Sha1);
        let request = Webhook {
            url: &url,
            signature: &signature,
            signature_settings: None,
            content_type: Some("application/json"),
            body,
        };
        assert_eq!(validator.validate(&request), Ok(()));
        assert_eq!(
            validator.validate(&Webhook { body: b"[]", ..request }),
            Err(WebhookError::BodyMismatch)
        );
    }

    /// Found comparing with twilio-python on random headers: it reads the
    /// algorithm's name in any case and skips an empty one.
    #[test]
    fn settings_name_the_algorithm_in_any_case_and_an_empty_one_is_sha1() {
        let read = |header| Algorithm::from_settings(Some(header));
        assert_eq!(read("key=k,algorithm=hmac_sha256"), Ok(Algorithm::Sha256));
        assert_eq!(read("algorithm="), Ok(Algorithm::Sha1));
        assert_eq!(read("algorithm= ,algorithm=HMAC_SHA256"), Ok(Algorithm::Sha256));
        assert_eq!(read("key=only"), Ok(Algorithm::Sha1));
    }
}
