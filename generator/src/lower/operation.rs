//! Operations → request builders: parameters, bodies, responses, paging.

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, PathItem, ReferenceOr};

use super::params::{body, key, parameter_of};
use super::response::response;
use super::schema::DomainCx;
use crate::docs;
use crate::error::pointer_token;
use crate::ir::Operation;
use crate::names::{camel, Name, Namespace};

/// Methods every builder has; parameters never take these names.
const BUILDER_METHODS: &[&str] = &["send", "paginate"];

/// Operations with a JSON body also have a `body` setter (a form field
/// called `Body`, as in Twilio's createMessage, keeps `body` otherwise).
const JSON_BODY_METHODS: &[&str] = &["send", "paginate", "body"];

fn takes_json_body(op: &Found) -> bool {
    let Some(ReferenceOr::Item(body)) = &op.operation.request_body else {
        return false;
    };
    !body.content.contains_key("application/x-www-form-urlencoded")
        && body
            .content
            .keys()
            .any(|media| media == "application/json" || media.ends_with("+json"))
}

/// One operation found in the spec, before lowering.
pub(super) struct Found<'a> {
    pub(super) path: &'a str,
    pub(super) method: &'static str,
    pub(super) item: &'a PathItem,
    pub(super) operation: &'a SpecOperation,
    pub(super) pointer: String,
    pub(super) id: String,
}

/// Lowers every operation of the domain, in spec order.
pub fn operations(cx: &mut DomainCx) -> Vec<Operation> {
    let found = find(cx);
    let mut methods = Namespace::default();
    let named: Vec<(Name, String)> = found
        .iter()
        .map(|op| {
            let name = methods.snake(&op.id);
            (name, cx.types.claim(camel(&op.id)))
        })
        .collect();
    found
        .iter()
        .zip(named)
        .filter_map(|(op, (name, builder))| lower(cx, op, name, builder))
        .collect()
}

fn find<'a>(cx: &mut DomainCx<'a>) -> Vec<Found<'a>> {
    let spec = cx.spec;
    let mut found = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in &spec.api.paths.paths {
        let path_pointer = format!("/paths/{}", pointer_token(path));
        let ReferenceOr::Item(item) = item else {
            cx.error(
                &path_pointer,
                "path item $ref is not supported",
                Some("inline the path item"),
            );
            continue;
        };
        for (method, operation) in item.iter() {
            let method = upper(method);
            let pointer = format!("{path_pointer}/{}", method.to_ascii_lowercase());
            let id = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| synthesized_id(method, path));
            if let Some(first) = ids.insert(id.clone(), pointer.clone()) {
                let message = format!("operationId `{id}` is also used at {first}");
                cx.error(
                    &format!("{pointer}/operationId"),
                    message,
                    Some("operationIds must be unique"),
                );
                continue;
            }
            found.push(Found {
                path,
                method,
                item,
                operation,
                pointer,
                id,
            });
        }
    }
    found
}

fn upper(method: &str) -> &'static str {
    match method {
        "get" => "GET",
        "put" => "PUT",
        "post" => "POST",
        "delete" => "DELETE",
        "options" => "OPTIONS",
        "head" => "HEAD",
        "patch" => "PATCH",
        _ => "TRACE",
    }
}

/// `POST /v1/Services/{Sid}` → `PostV1ServicesSid`: stable, readable, unique per path and method.
fn synthesized_id(method: &str, path: &str) -> String {
    camel(&format!("{method} {}", path.replace(['{', '}'], " ")))
}

fn lower<'a>(cx: &mut DomainCx<'a>, op: &Found<'a>, name: Name, builder: String) -> Option<Operation> {
    let server = server(cx, op)?;
    let reserved = if takes_json_body(op) {
        JSON_BODY_METHODS
    } else {
        BUILDER_METHODS
    };
    let mut names = Namespace::with_reserved(reserved);
    let mut params = Vec::new();
    let path_level = op
        .item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, path_pointer(op, i)));
    let op_level = op
        .operation
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, format!("{}/parameters/{i}", op.pointer)));
    let mut all: Vec<_> = path_level.chain(op_level).collect();
    // An operation's parameter replaces a path-level one of the same name and place.
    let keys: Vec<_> = all.iter().map(|(p, _)| key(cx, p)).collect();
    let mut keep = vec![true; all.len()];
    for (i, key_i) in keys.iter().enumerate() {
        if keys[i + 1..].iter().any(|k| k.is_some() && k == key_i) {
            keep[i] = false;
        }
    }
    let mut index = 0;
    all.retain(|_| (keep[index], index += 1).0);
    for (parameter, pointer) in all {
        if let Some(param) = parameter_of(cx, op, &builder, parameter, &pointer, &mut names) {
            params.push(param);
        }
    }
    let json_body = body(cx, op, &builder, &mut names, &mut params);
    let (response, redirect_status) = response(cx, op, &builder);
    let prose: Vec<&str> = [op.operation.summary.as_deref(), op.operation.description.as_deref()]
        .into_iter()
        .flatten()
        .filter(|text| !text.trim().is_empty())
        .collect();
    let description = prose.join("\n\n");
    let mut docs = prose
        .iter()
        .map(|text| docs::clean(text))
        .collect::<Vec<_>>()
        .join("\n\n");
    docs.push_str(&format!("\n\n`{} {}`", op.method, op.path));
    Some(Operation {
        name,
        builder,
        method: op.method.to_owned(),
        path: op.path.to_owned(),
        server,
        docs,
        tool: heck::ToLowerCamelCase::to_lower_camel_case(op.id.as_str()),
        description,
        params,
        json_body,
        response,
        redirect_status,
    })
}

fn path_pointer(op: &Found, index: usize) -> String {
    format!("/paths/{}/parameters/{index}", pointer_token(op.path))
}

fn server(cx: &mut DomainCx, op: &Found) -> Option<String> {
    let servers = [&op.operation.servers, &op.item.servers, &cx.spec.api.servers];
    match servers.iter().find_map(|list| list.first()) {
        Some(server) => Some(server.url.trim_end_matches('/').to_owned()),
        None => {
            cx.error(
                &op.pointer,
                "no server URL for this operation",
                Some("add `servers` to the spec, path or operation"),
            );
            None
        }
    }
}
