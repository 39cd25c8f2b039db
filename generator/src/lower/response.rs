//! What an operation returns: its success response, and whether it is a page.

use openapiv3::ReferenceOr;

use super::body::{is_json, is_text};
use super::context::{follow, DomainCx, Found};
use super::paging::page_shape;
use super::schema::Usage;
use crate::error::pointer_token;
use crate::ir::{HttpMethod, Response, Ty, TypeKind};

/// What the operation returns on success: its first 2xx response, or a
/// documented 3xx one when it has no 2xx (with that status).
pub(super) fn response(cx: &mut DomainCx, op: &Found, builder: &str) -> (Response, Option<u16>) {
    let responses = &op.operation.responses.responses;
    let by_class = |class: char| responses.iter().find(|(code, _)| code.to_string().starts_with(class));
    let Some((code, response)) = by_class('2').or_else(|| by_class('3')) else {
        return (Response::Empty, None);
    };
    let redirect_status = code.to_string().parse::<u16>().ok().filter(|status| *status >= 300);
    (success_body(cx, op, builder, code, response), redirect_status)
}

pub(super) fn success_body(
    cx: &mut DomainCx,
    op: &Found,
    builder: &str,
    code: &openapiv3::StatusCode,
    response: &ReferenceOr<openapiv3::Response>,
) -> Response {
    let mut pointer = format!("{}/responses/{}", op.pointer, pointer_token(&code.to_string()));
    let response = match response {
        ReferenceOr::Item(response) => response,
        ReferenceOr::Reference { reference } => {
            let section = cx.spec.api.components.as_ref().map(|c| &c.responses);
            match follow(section, "#/components/responses/", reference) {
                Some((response, at)) => {
                    pointer = at;
                    response
                }
                None => {
                    let message = format!("response $ref `{reference}` does not exist (or its chain of $refs loops)");
                    cx.error(&pointer, message, Some("point it at an entry of components/responses"));
                    return Response::Empty;
                }
            }
        }
    };
    let json = response.content.iter().find(|(media, _)| is_json(media));
    let Some((media, content)) = json else {
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
    let Some(schema) = &content.schema else {
        return Response::Json(Ty::Json);
    };
    let schema_pointer = format!("{pointer}/content/{}/schema", pointer_token(media));
    let owner = format!("{builder}Response");
    let usage = Usage {
        owner_type: &owner,
        owner_noun: "",
        member: "",
    };
    let ty = cx.schema(schema, &schema_pointer, usage);
    if let (Ty::Named(id), HttpMethod::Get) = (&ty, op.method) {
        let id = cx.table.types().target(*id);
        if let Some(shape) = page_shape(cx.table.types(), id) {
            if let Some(TypeKind::Struct(page)) = cx.table.get_mut(id).map(|def| &mut def.kind) {
                page.page = Some(shape);
            }
            return Response::Page(id);
        }
    }
    Response::Json(ty)
}
