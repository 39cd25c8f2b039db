//! How each operation authenticates: its `security` (or the document's),
//! resolved through `components.securitySchemes` into what the runtime
//! puts on the request.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::context::{DomainCx, Found};
use crate::error::pointer_token;
use crate::ir::{AuthScheme, KeyLocation};

/// The operation's alternatives (each a set of schemes used together), or
/// `None` where the spec declares no security or none this client can send.
pub(super) fn security(cx: &mut DomainCx, op: &Found) -> Option<Vec<Vec<AuthScheme>>> {
    let (requirements, pointer) = match &op.operation.security {
        Some(requirements) => (requirements, format!("{}/security", op.pointer)),
        None => (cx.spec.api.security.as_ref()?, "/security".to_owned()),
    };
    if requirements.is_empty() {
        // `security: []`: open to all, one empty set of schemes.
        return Some(vec![Vec::new()]);
    }
    let mut alternatives = Vec::new();
    for (index, requirement) in requirements.iter().enumerate() {
        let mut set = Vec::new();
        for name in requirement.keys() {
            match scheme(cx, name, &format!("{pointer}/{index}/{}", pointer_token(name))) {
                Some(scheme) => set.push(scheme),
                None => break,
            }
        }
        if set.len() == requirement.len() {
            alternatives.push(set);
        }
    }
    // Nothing this client can send: credentials go as they would without
    // a declared security (each dropped scheme has a warning).
    (!alternatives.is_empty()).then_some(alternatives)
}

fn scheme(cx: &mut DomainCx, name: &str, pointer: &str) -> Option<AuthScheme> {
    let spec = cx.spec;
    let declared = spec.api.components.as_ref().and_then(|c| c.security_schemes.get(name));
    let scheme_pointer = format!("/components/securitySchemes/{}", pointer_token(name));
    let scheme = match declared {
        Some(ReferenceOr::Item(scheme)) => scheme,
        _ => {
            let message = format!("security scheme `{name}` is not declared in components/securitySchemes");
            warn(cx, pointer, message);
            return None;
        }
    };
    Some(match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => AuthScheme::Basic,
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => AuthScheme::Bearer,
        SecurityScheme::HTTP { scheme, .. } => {
            let message = format!(
                "HTTP authentication scheme `{scheme}` is not supported: its operations send the credentials as they \
                 are (Basic as Basic, a token as Bearer), or a `before_request` hook signs them"
            );
            warn(cx, &scheme_pointer, message);
            return None;
        }
        SecurityScheme::APIKey {
            location, name: key, ..
        } => AuthScheme::ApiKey {
            scheme: name.to_owned(),
            name: key.clone(),
            location: match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            },
        },
        // With a client-credentials flow the client fetches its own token;
        // other flows' tokens come from the caller, sent as Bearer.
        SecurityScheme::OAuth2 { flows, .. } => match &flows.client_credentials {
            Some(flow) => AuthScheme::ClientCredentials {
                token_url: flow.token_url.clone(),
            },
            None => AuthScheme::Bearer,
        },
        SecurityScheme::OpenIDConnect { .. } => AuthScheme::Bearer,
    })
}

fn warn(cx: &mut DomainCx, pointer: &str, message: String) {
    let file = cx.spec.file.clone();
    cx.diagnostics.warning(&file, pointer, message, None);
}
