//! Operations → request builders: parameters, bodies, responses, paging.

use std::collections::BTreeMap;

use openapiv3::ReferenceOr;

use super::body::{body, pick};
use super::context::{DomainCx, Found};
use super::params::parameters;
use super::response::{error_bodies, response};
use crate::docs;
use crate::error::pointer_token;
use crate::ir::{Body, HttpMethod, Location, Operation, Param, ParamDefault};
use crate::names::{camel, Name, Namespace};

/// Methods every builder has; parameters never take these names.
const BUILDER_METHODS: &[&str] = &["send", "send_with_metadata", "paginate"];

/// Operations whose body is one value (JSON, bytes, text) also have a `body`
/// setter (a form field called `Body`, as in Twilio's createMessage, keeps
/// `body` otherwise).
const WHOLE_BODY_METHODS: &[&str] = &["send", "send_with_metadata", "paginate", "body"];

/// Lowers every operation of the domain, in spec order.
pub fn operations(cx: &mut DomainCx) -> Vec<Operation> {
    let found = find(cx);
    super::params::collect_path_patterns(cx, &found);
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
        .filter_map(|(op, (name, builder))| {
            let mark = cx.diagnostics.mark();
            let lowered = lower(cx, op, name, builder);
            let keep = cx.diagnostics.operation_done(mark, &cx.spec.file, &op.id, &op.pointer);
            lowered.filter(|_| keep)
        })
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
            let Some(method) = http_method(method) else { continue };
            let pointer = format!("{path_pointer}/{}", method.as_str().to_ascii_lowercase());
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

/// The methods `openapiv3::PathItem::iter` yields; it yields no other.
fn http_method(method: &str) -> Option<HttpMethod> {
    Some(match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => return None,
    })
}

/// `POST /v1/Services/{Sid}` → `PostV1ServicesSid`: stable, readable, unique per path and method.
fn synthesized_id(method: HttpMethod, path: &str) -> String {
    camel(&format!("{} {}", method.as_str(), path.replace(['{', '}'], " ")))
}

fn lower<'a>(cx: &mut DomainCx<'a>, op: &Found<'a>, name: Name, builder: String) -> Option<Operation> {
    let server = server(cx, op)?;
    let picked = pick(cx, op);
    let reserved = if picked.as_ref().is_some_and(|p| p.is_whole()) {
        WHOLE_BODY_METHODS
    } else {
        BUILDER_METHODS
    };
    let mut names = Namespace::with_reserved(reserved);
    let mut params = parameters(cx, op, &builder, &mut names);
    default_to_account(&server, &mut params);
    let body = picked.and_then(|picked| body(cx, op, &picked, &builder, &mut names));
    let (mut response, accepted_status) = response(cx, op, &builder);
    let paging = list_paging(cx, op, &mut response, &params);
    let error_bodies = error_bodies(cx, op, &builder);
    let (errors, own_errors) = cx.error_set(&name.wire, &builder, error_bodies).unzip();
    let page_size = paging
        .as_ref()
        .and_then(|_| super::paging::page_size_param(&params))
        .map(|p| (p.name.wire.clone(), p.bounds.and_then(|b| b.maximum)));
    let prose: Vec<String> = [op.operation.summary.as_deref(), op.operation.description.as_deref()]
        .into_iter()
        .flatten()
        .filter(|text| !text.trim().is_empty())
        .map(docs::clean)
        .collect();
    let signature = format!("`{} {}`", op.method.as_str(), op.path);
    let docs = prose.into_iter().chain([signature]).collect::<Vec<_>>().join("\n\n");
    let mut builder_docs = format!(
        "Request builder of `{}` ([`Operations::{}`]): set optional parameters, then `send`.",
        name.wire, name.rust
    );
    if let Some(errors) = &own_errors {
        builder_docs.push_str(&format!(" Its documented error bodies: [`{errors}::from_error`]."));
    }
    Some(Operation {
        name,
        builder,
        pointer: op.pointer.clone(),
        tag: op.operation.tags.first().cloned(),
        feature: None,
        method: op.method,
        path: op.path.to_owned(),
        server,
        docs,
        builder_docs,
        params,
        body: body.filter(|b| !matches!(b, Body::Form { fields } | Body::Multipart { fields } if fields.is_empty())),
        response,
        accepted_status,
        errors,
        security: super::security::security(cx, op),
        page_size,
        paging,
    })
}

/// The paging of a `GET` whose body is a list (its response becomes a
/// [`Response::Page`](crate::ir::Response::Page)); a broken `x-pagination`
/// is an error at its pointer.
fn list_paging<'a>(
    cx: &mut DomainCx<'a>,
    op: &Found<'a>,
    response: &mut crate::ir::Response,
    params: &[crate::ir::Param],
) -> Option<crate::ir::Paging> {
    let crate::ir::Response::Json(ty) = &*response else {
        return None;
    };
    if op.method != HttpMethod::Get {
        return None;
    }
    let signals = super::paging::ListSignals {
        ty,
        params,
        link_header: super::response::declares_link_header(cx, op),
        extension: op.operation.extensions.get("x-pagination"),
    };
    let detected = match super::paging::detect(cx.table.types(), &signals) {
        Ok(detected) => detected?,
        Err(message) => {
            let hint = Some("see \"Paging styles\" in the README for what x-pagination takes");
            cx.error(&format!("{}/x-pagination", op.pointer), message, hint);
            return None;
        }
    };
    if let Some((id, shape)) = detected.shape {
        if let Some(crate::ir::TypeKind::Struct(page)) = cx.table.get_mut(id).map(|def| &mut def.kind) {
            page.page = Some(shape);
        }
    }
    *response = crate::ir::Response::Page(ty.clone());
    Some(detected.paging)
}

/// The vendor's account parameter (Twilio's `{AccountSid}` path segment)
/// defaults to the account of the client's credentials, as in the vendor's
/// official libraries; a setter still sets it (a subaccount).
fn default_to_account(server: &str, params: &mut [Param]) {
    let vendor = crate::vendor::of(std::iter::once(server));
    let Some(account) = vendor.and_then(|vendor| vendor.account_parameter) else {
        return;
    };
    for param in params.iter_mut() {
        if param.location == Location::Path && param.name.wire == account {
            param.required = false;
            param.default = Some(ParamDefault::CredentialsAccount);
            param
                .docs
                .push_str(" Defaults to the account of the client's credentials.");
        }
    }
}

/// The operation's server URL with its variables at their defaults; none
/// declared means `/`, as OpenAPI says (the client then needs a base URL).
fn server(cx: &mut DomainCx, op: &Found) -> Option<String> {
    let servers = [&op.operation.servers, &op.item.servers, &cx.spec.api.servers];
    let Some(server) = servers.iter().find_map(|list| list.first()) else {
        return Some(String::new());
    };
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.contains('{') {
        let message = format!("server URL `{}` has a variable without a default", server.url);
        cx.error(
            &op.pointer,
            message,
            Some("declare it under the server's `variables` with a default"),
        );
        return None;
    }
    Some(url.trim_end_matches('/').to_owned())
}
