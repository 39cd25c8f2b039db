//! Parameters of an operation: path, query and header parameters, and the
//! fields of a form body (which Twilio's builders treat alike).

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody, SchemaKind, Type};

use super::operation::Found;
use super::patterns::noun;
use super::schema::{DomainCx, Usage};
use crate::docs;
use crate::error::pointer_token;
use crate::ir::{JsonBody, Location, Param};
use crate::names::Namespace;

pub(super) fn resolve_parameter<'a>(
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

pub(super) fn key<'a>(cx: &DomainCx<'a>, parameter: &'a ReferenceOr<Parameter>) -> Option<(String, &'static str)> {
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

pub(super) fn parameter_of<'a>(
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

pub(super) fn integer_bounds<'a>(
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

pub(super) fn body<'a>(
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

pub(super) fn form_params<'a>(
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
pub(super) fn wire_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
