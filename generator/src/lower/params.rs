//! Parameters of an operation: path, query and header.

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema, SchemaKind, Type};

use super::codec::input;
use super::context::{follow, DomainCx, Found};
use super::patterns::noun;
use super::schema::Usage;
use crate::docs;
use crate::error::pointer_token;
use crate::ir::{Bounds, Input, Location, Param, Style, Ty};
use crate::names::Namespace;

fn resolve_parameter<'a>(
    cx: &mut DomainCx<'a>,
    parameter: &'a ReferenceOr<Parameter>,
    pointer: &str,
) -> Option<(&'a Parameter, String)> {
    match parameter {
        ReferenceOr::Item(item) => Some((item, pointer.to_owned())),
        ReferenceOr::Reference { reference } => {
            let section = cx.spec.api.components.as_ref().map(|c| &c.parameters);
            let found = follow(section, "#/components/parameters/", reference);
            if found.is_none() {
                let message = format!("parameter $ref `{reference}` does not exist (or its chain of $refs loops)");
                cx.error(pointer, message, Some("point it at an entry of components/parameters"));
            }
            found
        }
    }
}

/// The parameters of an operation, path-level ones first, each with its pointer.
fn declared<'a>(op: &Found<'a>) -> Vec<(&'a ReferenceOr<Parameter>, String)> {
    let path_level = op
        .item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, format!("/paths/{}/parameters/{i}", pointer_token(op.path))));
    let op_level = op
        .operation
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, format!("{}/parameters/{i}", op.pointer)));
    path_level.chain(op_level).collect()
}

/// The path up to and including `{name}`: the segment a path parameter is bound to.
fn segment_key(path: &str, name: &str) -> Option<(String, String)> {
    let placeholder = format!("{{{name}}}");
    let end = path.find(&placeholder)? + placeholder.len();
    Some((path[..end].to_owned(), name.to_owned()))
}

/// Records, for every path segment, a schema with a `pattern` that some
/// operation declares for it.
pub(super) fn collect_path_patterns<'a>(cx: &mut DomainCx<'a>, found: &[Found<'a>]) {
    for op in found {
        for (parameter, pointer) in declared(op) {
            let Some((Parameter::Path { parameter_data, .. }, pointer)) = resolve_parameter(cx, parameter, &pointer)
            else {
                continue;
            };
            let ParameterSchemaOrContent::Schema(schema) = &parameter_data.format else {
                continue;
            };
            let schema_pointer = format!("{pointer}/schema");
            let has_pattern = matches!(cx.resolve(schema, &schema_pointer),
                Some((Schema { schema_kind: SchemaKind::Type(Type::String(s)), .. }, _)) if s.pattern.is_some());
            if let (true, Some(key)) = (has_pattern, segment_key(op.path, &parameter_data.name)) {
                cx.path_patterns.entry(key).or_insert((schema, schema_pointer));
            }
        }
    }
}

/// Path, query and header parameters; an operation's parameter replaces a
/// path-level one of the same name and place.
pub(super) fn parameters<'a>(
    cx: &mut DomainCx<'a>,
    op: &Found<'a>,
    builder: &str,
    names: &mut Namespace,
) -> Vec<Param> {
    let mut resolved = Vec::new();
    for (parameter, pointer) in declared(op) {
        if let Some(found) = resolve_parameter(cx, parameter, &pointer) {
            resolved.push(found);
        }
    }
    let key = |p: &Parameter| (p.parameter_data_ref().name.clone(), std::mem::discriminant(p));
    let mut params = Vec::new();
    for (index, (parameter, pointer)) in resolved.iter().enumerate() {
        if resolved[index + 1..]
            .iter()
            .any(|(later, _)| key(later) == key(parameter))
        {
            continue;
        }
        if let Some(param) = parameter_of(cx, op, builder, parameter, pointer, names) {
            params.push(param);
        }
    }
    params
}

fn parameter_of<'a>(
    cx: &mut DomainCx<'a>,
    op: &Found,
    builder: &str,
    parameter: &'a Parameter,
    pointer: &str,
    names: &mut Namespace,
) -> Option<Param> {
    let location = match parameter {
        Parameter::Query { .. } => Location::Query,
        Parameter::Path { .. } => Location::Path,
        Parameter::Header { .. } => Location::Header,
        Parameter::Cookie { .. } => {
            cx.error(&format!("{pointer}/in"), "cookie parameters are not supported", None);
            return None;
        }
    };
    let data = parameter.parameter_data_ref();
    let ParameterSchemaOrContent::Schema(declared_schema) = &data.format else {
        cx.error(
            &format!("{pointer}/content"),
            "parameters described by `content` are not supported",
            Some("use `schema`"),
        );
        return None;
    };
    let mut schema = (declared_schema, format!("{pointer}/schema"));
    if location == Location::Path && is_plain_string(cx, declared_schema, &schema.1) {
        let shared = segment_key(op.path, &data.name).and_then(|key| cx.path_patterns.get(&key).cloned());
        schema = shared.unwrap_or(schema);
    }
    let owner_noun = match location {
        Location::Path => noun(op.path.split(&format!("/{{{}}}", data.name)).next().unwrap_or_default()),
        _ => noun(op.path.split('/').rfind(|s| !s.starts_with('{')).unwrap_or_default()),
    };
    let usage = Usage {
        owner_type: builder,
        owner_noun: &owner_noun,
        member: &data.name,
    };
    let ty = cx.schema(schema.0, &schema.1, usage);
    let bounds = integer_bounds(cx, schema.0, &schema.1);
    let docs = data.description.as_deref().map(docs::clean).unwrap_or_default();
    let mut lowered = param(
        cx,
        names,
        &data.name,
        location,
        ty,
        data.required || location == Location::Path,
        bounds,
        docs,
        pointer,
        &schema.1,
    );
    lowered.style = style(cx, parameter, &lowered.input, pointer)?;
    Some(lowered)
}

/// How the parameter's lists and objects are spelled, per its `style` and
/// `explode` (OpenAPI 3.0 §4.7.12.2): a combination the generator cannot
/// spell is an error naming it.
fn style(cx: &mut DomainCx, parameter: &Parameter, input: &Input, pointer: &str) -> Option<Style> {
    let list = matches!(input, Input::List(_));
    let explode = parameter.parameter_data_ref().explode;
    match parameter {
        Parameter::Query { style, .. } => match query_style(style, explode, input) {
            Ok(style) => Some(style),
            Err(message) => {
                let hint = Some("OpenAPI defines deepObject for objects and the delimited styles for lists");
                cx.error(&format!("{pointer}/style"), message, hint);
                None
            }
        },
        // `simple`, the only style of paths and headers the spec allows here.
        Parameter::Path { .. } | Parameter::Header { .. } if list => Some(Style::Joined(',')),
        _ => Some(Style::Plain),
    }
}

/// How a query parameter (or a form field, by its `encoding`) is spelled for
/// its `style` and `explode`, or why it cannot be.
pub(super) fn query_style(style: &QueryStyle, explode: Option<bool>, input: &Input) -> Result<Style, String> {
    let list = matches!(input, Input::List(_));
    let object = matches!(input, Input::Json | Input::Typed(Ty::Json));
    Ok(match style {
        QueryStyle::Form if explode.unwrap_or(true) => match object {
            true => Style::Exploded,
            false => Style::Plain,
        },
        QueryStyle::Form if list => Style::Joined(','),
        QueryStyle::Form if object => Style::Flattened,
        QueryStyle::SpaceDelimited if list && !explode.unwrap_or(false) => Style::Joined(' '),
        QueryStyle::PipeDelimited if list && !explode.unwrap_or(false) => Style::Joined('|'),
        QueryStyle::DeepObject if object || list => Style::DeepObject,
        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited if list => Style::Plain,
        // A scalar reads the same in every style.
        _ if !list && !object => Style::Plain,
        other => {
            let style = match other {
                QueryStyle::Form => "form",
                QueryStyle::SpaceDelimited => "spaceDelimited",
                QueryStyle::PipeDelimited => "pipeDelimited",
                QueryStyle::DeepObject => "deepObject",
            };
            let what = if list { "a list" } else { "an object" };
            return Err(format!("query style `{style}` for {what} is not supported"));
        }
    })
}

/// A string schema without pattern, format or enum.
fn is_plain_string<'a>(cx: &mut DomainCx<'a>, schema: &'a ReferenceOr<Schema>, pointer: &str) -> bool {
    matches!(cx.resolve(schema, pointer),
        Some((Schema { schema_kind: SchemaKind::Type(Type::String(s)), .. }, _))
            if s.pattern.is_none() && s.enumeration.is_empty() && matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Empty))
}

#[allow(clippy::too_many_arguments)]
pub(super) fn param(
    cx: &DomainCx,
    names: &mut Namespace,
    wire: &str,
    location: Location,
    ty: Ty,
    required: bool,
    bounds: Option<Bounds>,
    described: String,
    pointer: &str,
    schema_pointer: &str,
) -> Param {
    let sent_as = format!("Sent as `{wire}`.");
    let docs = if described.is_empty() {
        sent_as
    } else {
        format!("{described} {sent_as}")
    };
    let input = input(&ty, cx.table.types());
    Param {
        name: names.snake(wire),
        location,
        style: Style::Plain,
        input,
        ty,
        required,
        default: None,
        bounds,
        docs,
        pointer: pointer.to_owned(),
        schema_pointer: schema_pointer.to_owned(),
    }
}

fn integer_bounds<'a>(cx: &mut DomainCx<'a>, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Option<Bounds> {
    match cx.resolve(schema, pointer) {
        Some((
            Schema {
                schema_kind: SchemaKind::Type(Type::Integer(integer)),
                ..
            },
            _,
        )) => bounds_of(integer),
        _ => None,
    }
}

/// The inclusive bounds an integer schema sets, if any: an exclusive
/// `minimum: 0` allows 1 and up.
pub(super) fn bounds_of(integer: &openapiv3::IntegerType) -> Option<Bounds> {
    let minimum = integer.minimum.map(|m| {
        if integer.exclusive_minimum {
            m.saturating_add(1)
        } else {
            m
        }
    });
    let maximum = integer.maximum.map(|m| {
        if integer.exclusive_maximum {
            m.saturating_sub(1)
        } else {
            m
        }
    });
    (minimum.is_some() || maximum.is_some()).then_some(Bounds { minimum, maximum })
}
