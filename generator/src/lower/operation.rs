//! Operations → request builders: parameters, bodies, responses, paging.

use std::collections::BTreeMap;

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody,
    SchemaKind, Type,
};

use super::paging::page_shape;
use super::patterns::noun;
use super::schema::{DomainCx, Usage};
use crate::docs;
use crate::error::pointer_token;
use crate::ir::{JsonBody, Location, Operation, Param, Response, TypeRef};
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
struct Found<'a> {
    path: &'a str,
    method: &'static str,
    item: &'a PathItem,
    operation: &'a SpecOperation,
    pointer: String,
    id: String,
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

fn resolve_parameter<'a>(
    cx: &mut DomainCx<'a>,
    parameter: &'a ReferenceOr<Parameter>,
    pointer: &str,
) -> Option<(&'a Parameter, String)> {
    match parameter {
        ReferenceOr::Item(item) => Some((item, pointer.to_owned())),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/");
            let target = name.and_then(|n| cx.spec.api.components.as_ref()?.parameters.get(n).map(|p| (n, p)));
            match target {
                Some((name, ReferenceOr::Item(item))) => {
                    Some((item, format!("/components/parameters/{}", pointer_token(name))))
                }
                _ => {
                    cx.error(
                        pointer,
                        format!("$ref target `{reference}` does not exist or is itself a $ref"),
                        None,
                    );
                    None
                }
            }
        }
    }
}

fn key<'a>(cx: &DomainCx<'a>, parameter: &'a ReferenceOr<Parameter>) -> Option<(String, &'static str)> {
    let item = match parameter {
        ReferenceOr::Item(item) => item,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            cx.spec.api.components.as_ref()?.parameters.get(name)?.as_item()?
        }
    };
    let place = match item {
        Parameter::Query { .. } => "query",
        Parameter::Path { .. } => "path",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    };
    Some((item.parameter_data_ref().name.clone(), place))
}

fn parameter_of<'a>(
    cx: &mut DomainCx<'a>,
    op: &Found,
    builder: &str,
    parameter: &'a ReferenceOr<Parameter>,
    pointer: &str,
    names: &mut Namespace,
) -> Option<Param> {
    let (parameter, pointer) = resolve_parameter(cx, parameter, pointer)?;
    let location = match parameter {
        Parameter::Query {
            style: QueryStyle::Form,
            ..
        } => Location::Query,
        Parameter::Path { .. } => Location::Path,
        Parameter::Header { .. } => Location::Header,
        Parameter::Query { style, .. } => {
            let message = format!("query parameter style `{style:?}` is not supported");
            cx.error(
                &format!("{pointer}/style"),
                message,
                Some("use the default `form` style"),
            );
            return None;
        }
        Parameter::Cookie { .. } => {
            cx.error(&format!("{pointer}/in"), "cookie parameters are not supported", None);
            return None;
        }
    };
    let data = parameter.parameter_data_ref();
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        cx.error(
            &format!("{pointer}/content"),
            "parameters described by `content` are not supported",
            Some("use `schema`"),
        );
        return None;
    };
    let owner_noun = match location {
        Location::Path => noun(op.path.split(&format!("/{{{}}}", data.name)).next().unwrap_or_default()),
        _ => noun(op.path.split('/').rfind(|s| !s.starts_with('{')).unwrap_or_default()),
    };
    let schema_pointer = format!("{pointer}/schema");
    let usage = Usage {
        owner_type: builder,
        owner_noun: &owner_noun,
        member: &data.name,
    };
    let ty = cx.schema(schema, &schema_pointer, usage);
    let (minimum, maximum) = integer_bounds(cx, schema, &schema_pointer);
    let example = data
        .example
        .as_ref()
        .or_else(|| data.examples.values().find_map(|e| e.as_item()?.value.as_ref()));
    let example = example.or_else(|| cx.spec.raw.pointer(&format!("{schema_pointer}/example")));
    Some(Param {
        name: names.snake(&data.name),
        location,
        ty,
        required: data.required || location == Location::Path,
        example: example.map(wire_text),
        format: cx.raw_str(&schema_pointer, "format").map(str::to_owned),
        minimum,
        maximum,
        docs: data.description.as_deref().map(docs::clean).unwrap_or_default(),
        description: data.description.clone().unwrap_or_default(),
    })
}

fn integer_bounds<'a>(
    cx: &mut DomainCx<'a>,
    schema: &'a ReferenceOr<openapiv3::Schema>,
    pointer: &str,
) -> (Option<i64>, Option<i64>) {
    match cx.resolve(schema, pointer) {
        Some((resolved, _)) => match &resolved.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => (integer.minimum, integer.maximum),
            _ => (None, None),
        },
        None => (None, None),
    }
}

fn body<'a>(
    cx: &mut DomainCx<'a>,
    op: &Found<'a>,
    builder: &str,
    names: &mut Namespace,
    params: &mut Vec<Param>,
) -> Option<JsonBody> {
    let pointer = format!("{}/requestBody", op.pointer);
    let body: &RequestBody = match op.operation.request_body.as_ref()? {
        ReferenceOr::Item(body) => body,
        ReferenceOr::Reference { reference } => {
            cx.error(
                &pointer,
                format!("requestBody $ref `{reference}` is not supported"),
                Some("inline the request body"),
            );
            return None;
        }
    };
    let owner_noun = noun(op.path.split('/').rfind(|s| !s.starts_with('{')).unwrap_or_default());
    for (media, content) in &body.content {
        let media_pointer = format!("{pointer}/content/{}", pointer_token(media));
        let Some(schema) = &content.schema else { continue };
        let schema_pointer = format!("{media_pointer}/schema");
        if media == "application/x-www-form-urlencoded" {
            form_params(cx, schema, &schema_pointer, builder, &owner_noun, names, params);
            return None;
        }
        if media == "application/json" || media.ends_with("+json") {
            let usage = Usage {
                owner_type: &format!("{builder}Body"),
                owner_noun: &owner_noun,
                member: "",
            };
            let ty = cx.schema(schema, &schema_pointer, usage);
            return Some(JsonBody {
                content_type: media.clone(),
                ty,
                required: body.required,
            });
        }
    }
    let media: Vec<_> = body.content.keys().cloned().collect();
    let message = format!("request body media types {media:?} are not supported");
    cx.error(
        &format!("{pointer}/content"),
        message,
        Some("use application/x-www-form-urlencoded or JSON"),
    );
    None
}

fn form_params<'a>(
    cx: &mut DomainCx<'a>,
    schema: &'a ReferenceOr<openapiv3::Schema>,
    pointer: &str,
    builder: &str,
    owner_noun: &str,
    names: &mut Namespace,
    params: &mut Vec<Param>,
) {
    let Some((resolved, pointer)) = cx.resolve(schema, pointer) else {
        return;
    };
    let SchemaKind::Type(Type::Object(object)) = &resolved.schema_kind else {
        cx.error(&pointer, "a form body must be an object schema", None);
        return;
    };
    for (wire, property) in &object.properties {
        let property_pointer = format!("{pointer}/properties/{}", pointer_token(wire));
        let usage = Usage {
            owner_type: builder,
            owner_noun,
            member: wire,
        };
        let ty = cx.boxed_schema(property, &property_pointer, usage);
        let (minimum, maximum) = match property {
            ReferenceOr::Item(item) => match &item.schema_kind {
                SchemaKind::Type(Type::Integer(integer)) => (integer.minimum, integer.maximum),
                _ => (None, None),
            },
            ReferenceOr::Reference { .. } => (None, None),
        };
        params.push(Param {
            name: names.snake(wire),
            location: Location::Form,
            ty,
            required: object.required.contains(wire),
            example: cx
                .spec
                .raw
                .pointer(&format!("{property_pointer}/example"))
                .map(wire_text),
            format: cx.raw_str(&property_pointer, "format").map(str::to_owned),
            minimum,
            maximum,
            docs: cx.docs_at(&property_pointer),
            description: cx
                .raw_str(&property_pointer, "description")
                .unwrap_or_default()
                .to_owned(),
        });
    }
}

/// An example value as it would be sent: strings as they are, the rest as JSON.
fn wire_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// What the operation returns on success: its first 2xx response, or a
/// documented 3xx one when it has no 2xx (with that status).
fn response(cx: &mut DomainCx, op: &Found, builder: &str) -> (Response, Option<u16>) {
    let responses = &op.operation.responses.responses;
    let by_class = |class: char| responses.iter().find(|(code, _)| code.to_string().starts_with(class));
    let Some((code, response)) = by_class('2').or_else(|| by_class('3')) else {
        return (Response::Empty, None);
    };
    let redirect_status = code.to_string().parse::<u16>().ok().filter(|status| *status >= 300);
    (success_body(cx, op, builder, code, response), redirect_status)
}

fn success_body(
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
            let name = reference.strip_prefix("#/components/responses/");
            let components = cx.spec.api.components.as_ref();
            match name.and_then(|n| components?.responses.get(n).map(|r| (n, r))) {
                Some((name, ReferenceOr::Item(response))) => {
                    pointer = format!("/components/responses/{}", pointer_token(name));
                    response
                }
                _ => {
                    let message = format!("response $ref `{reference}` does not exist or is itself a $ref");
                    cx.error(&pointer, message, Some("point it at an entry of components/responses"));
                    return Response::Empty;
                }
            }
        }
    };
    let json = response
        .content
        .iter()
        .find(|(media, _)| *media == "application/json" || media.ends_with("+json"));
    let Some((media, content)) = json else {
        return Response::Empty;
    };
    let Some(schema) = &content.schema else {
        return Response::Json(TypeRef::Json);
    };
    let schema_pointer = format!("{pointer}/content/{}/schema", pointer_token(media));
    let owner = format!("{builder}Response");
    let usage = Usage {
        owner_type: &owner,
        owner_noun: "",
        member: "",
    };
    let ty = cx.schema(schema, &schema_pointer, usage);
    if let (TypeRef::Model(model), "GET") = (&ty, op.method) {
        if let Some(shape) = page_shape(&cx.models, model) {
            if let Some(entry) = cx.models.get_mut(model) {
                entry.page = Some(shape);
            }
            return Response::Page(model.clone());
        }
    }
    Response::Json(ty)
}
