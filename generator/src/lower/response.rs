//! What an operation returns: its success response (and whether it is a
//! page), and the error bodies it documents.

use openapiv3::{ReferenceOr, StatusCode};

use super::body::{is_json, is_text};
use super::context::{follow, DomainCx, Found};
use super::schema::Usage;
use crate::error::{pointer_token, Untyped};
use crate::ir::{ErrorStatus, ErrorVariant, Response, Ty};

/// What the operation returns on success: its first 2xx response, or a
/// documented 3xx one when it has no 2xx (with that status).
pub(super) fn response<'r>(cx: &mut DomainCx<'r>, op: &Found<'r>, builder: &str) -> (Response, Option<u16>) {
    let responses = &op.operation.responses.responses;
    let by_class = |class: char| responses.iter().find(|(code, _)| code.to_string().starts_with(class));
    let Some((code, response)) = by_class('2').or_else(|| by_class('3')) else {
        return (Response::Empty, None);
    };
    let redirect_status = code.to_string().parse::<u16>().ok().filter(|status| *status >= 300);
    (success_body(cx, op, builder, code, response), redirect_status)
}

/// The response a code's entry stands for, following `$ref`s, with its pointer.
fn resolve<'r>(
    cx: &mut DomainCx<'r>,
    op: &Found,
    label: &str,
    response: &'r ReferenceOr<openapiv3::Response>,
) -> Option<(&'r openapiv3::Response, String)> {
    let pointer = format!("{}/responses/{}", op.pointer, pointer_token(label));
    match response {
        ReferenceOr::Item(response) => Some((response, pointer)),
        ReferenceOr::Reference { reference } => {
            let section = cx.spec.api.components.as_ref().map(|c| &c.responses);
            let found = follow(section, "#/components/responses/", reference);
            if found.is_none() {
                let message = format!("response $ref `{reference}` does not exist (or its chain of $refs loops)");
                cx.error(&pointer, message, Some("point it at an entry of components/responses"));
            }
            found
        }
    }
}

/// The type of a response's JSON content (`serde_json::Value` without a
/// schema), or `None` when it has no JSON content.
fn json_type<'a>(cx: &mut DomainCx<'a>, response: &'a openapiv3::Response, pointer: &str, owner: &str) -> Option<Ty> {
    let (media, content) = response.content.iter().find(|(media, _)| is_json(media))?;
    let content_pointer = format!("{pointer}/content/{}", pointer_token(media));
    let Some(schema) = &content.schema else {
        return Some(cx.untyped(&content_pointer, Untyped::NoSchema));
    };
    let schema_pointer = format!("{content_pointer}/schema");
    let usage = Usage {
        owner_type: owner,
        owner_noun: "",
        member: "",
    };
    Some(cx.schema(schema, &schema_pointer, usage))
}

pub(super) fn success_body<'r>(
    cx: &mut DomainCx<'r>,
    op: &Found,
    builder: &str,
    code: &openapiv3::StatusCode,
    response: &'r ReferenceOr<openapiv3::Response>,
) -> Response {
    let Some((response, pointer)) = resolve(cx, op, &code.to_string(), response) else {
        return Response::Empty;
    };
    let Some(ty) = json_type(cx, response, &pointer, &format!("{builder}Response")) else {
        // Not JSON: text if every media type is text, bytes otherwise.
        if response.content.is_empty() {
            return Response::Empty;
        }
        let accept = response
            .content
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        return if response.content.keys().all(|media| is_text(media)) {
            Response::Text(accept)
        } else {
            Response::Bytes(accept)
        };
    };
    Response::Json(ty)
}

/// Whether the operation's success response declares a `Link` header
/// (GitHub's next-page links).
pub(super) fn declares_link_header(cx: &DomainCx, op: &Found) -> bool {
    let section = cx.spec.api.components.as_ref().map(|c| &c.responses);
    op.operation
        .responses
        .responses
        .iter()
        .filter(|(code, _)| code.to_string().starts_with('2'))
        .filter_map(|(_, response)| match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => {
                follow(section, "#/components/responses/", reference).map(|(r, _)| r)
            }
        })
        .any(|response| response.headers.keys().any(|name| name.eq_ignore_ascii_case("link")))
}

/// The JSON error bodies the operation documents, by status (4xx and 5xx
/// codes, `4XX`/`5XX` ranges, `default`), most specific first.
pub(super) fn error_bodies<'r>(cx: &mut DomainCx<'r>, op: &Found<'r>, builder: &str) -> Vec<ErrorVariant> {
    let responses = &op.operation.responses;
    let mut variants = Vec::new();
    let entries = responses
        .responses
        .iter()
        .filter_map(|(code, response)| {
            let status = match code {
                StatusCode::Code(code) if *code >= 400 => ErrorStatus::Code(*code),
                StatusCode::Range(class) if *class >= 4 => ErrorStatus::Range(*class),
                _ => return None,
            };
            Some((status, code.to_string(), response))
        })
        .chain(
            responses
                .default
                .iter()
                .map(|r| (ErrorStatus::Default, "default".to_owned(), r)),
        );
    for (status, label, response) in entries {
        let Some((response, pointer)) = resolve(cx, op, &label, response) else {
            continue;
        };
        let name = variant_name(status);
        if let Some(ty) = json_type(cx, response, &pointer, &format!("{builder}{name}")) {
            let docs = match response.description.trim() {
                "" => format!("`{label}`."),
                text => format!("`{label}`: {}", crate::docs::clean(text)),
            };
            variants.push(ErrorVariant { status, name, ty, docs });
        }
    }
    variants.sort_by_key(|v| match v.status {
        ErrorStatus::Code(_) => 0,
        ErrorStatus::Range(_) => 1,
        ErrorStatus::Default => 2,
    });
    variants
}

/// `404` → `NotFound`, `4XX` → `ClientError`, `default` → `Other`.
fn variant_name(status: ErrorStatus) -> String {
    let known = match status {
        ErrorStatus::Code(code) => match code {
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            other => return format!("Status{other}"),
        },
        ErrorStatus::Range(4) => "ClientError",
        ErrorStatus::Range(5) => "ServerError",
        ErrorStatus::Range(other) => return format!("Status{other}xx"),
        ErrorStatus::Default => "Other",
    };
    known.to_owned()
}
