//! An operation's request body: which of its media types is sent, and how —
//! form or multipart fields (setters like parameters, files for
//! `format: binary`), a JSON document, or raw bytes or text.

use openapiv3::{ReferenceOr, RequestBody, Schema, SchemaKind, Type};

use super::context::{follow, DomainCx, Found};
use super::object::{merged_properties, object_of};
use super::params::param;
use super::patterns::noun;
use super::schema::Usage;
use crate::error::{pointer_token, Untyped};
use crate::ir::{Body, Input, JsonBody, Location, Param, RawBody, Ty};
use crate::names::Namespace;

/// The form media type.
const FORM: &str = "application/x-www-form-urlencoded";

/// How a media type's body is built, in the order of preference among the
/// ones an operation offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaKind {
    /// Form or JSON, whichever the spec lists first.
    FormOrJson,
    Multipart,
    Text,
    Binary,
}

/// The media type without parameters, lower case.
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or a `+json` suffix,
/// with or without parameters (`application/json; charset=utf-8`).
pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether a media type is text a caller writes or reads as a string.
pub(super) fn is_text(media: &str) -> bool {
    let essence = essence(media);
    essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml")
}

fn kind(media: &str) -> MediaKind {
    let essence = essence(media);
    if essence == FORM || is_json(media) {
        MediaKind::FormOrJson
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if is_text(media) {
        MediaKind::Text
    } else {
        MediaKind::Binary
    }
}

/// The `Content-Type` sent for a media range: a wildcard (`*/*`,
/// `image/*`) becomes a concrete type the caller can override with a header.
fn concrete(media: &str, kind: MediaKind) -> String {
    match (media.contains('*'), kind) {
        (false, _) => media.to_owned(),
        (true, MediaKind::Text) => "text/plain".to_owned(),
        (true, _) => "application/octet-stream".to_owned(),
    }
}

/// The request body an operation sends: which media type, from where.
pub(super) struct Picked<'a> {
    body: &'a RequestBody,
    /// Pointer of the body (`…/requestBody` or a `components/requestBodies` entry).
    pointer: String,
    media: &'a str,
    pub kind: MediaKind,
}

impl Picked<'_> {
    /// Whether the body is one value (`body` argument or setter), not fields.
    pub fn is_whole(&self) -> bool {
        !(self.kind == MediaKind::Multipart || essence(self.media) == FORM)
    }
}

/// Resolves the operation's request body and picks the media type to send.
pub(super) fn pick<'a>(cx: &mut DomainCx<'a>, op: &Found<'a>) -> Option<Picked<'a>> {
    let mut pointer = format!("{}/requestBody", op.pointer);
    let body: &RequestBody = match op.operation.request_body.as_ref()? {
        ReferenceOr::Item(body) => body,
        ReferenceOr::Reference { reference } => {
            let section = cx.spec.api.components.as_ref().map(|c| &c.request_bodies);
            match follow(section, "#/components/requestBodies/", reference) {
                Some((body, at)) => {
                    pointer = at;
                    body
                }
                None => {
                    let message =
                        format!("requestBody $ref `{reference}` does not exist (or its chain of $refs loops)");
                    cx.error(
                        &pointer,
                        message,
                        Some("point it at an entry of components/requestBodies"),
                    );
                    return None;
                }
            }
        }
    };
    let (media, _) = body
        .content
        .iter()
        .enumerate()
        .min_by_key(|(index, (media, _))| (kind(media), *index))
        .map(|(_, entry)| entry)?;
    Some(Picked {
        body,
        pointer,
        media,
        kind: kind(media),
    })
}

/// The request body's IR: form or multipart fields, JSON, or raw.
pub(super) fn body<'a>(
    cx: &mut DomainCx<'a>,
    op: &Found<'a>,
    picked: &Picked<'a>,
    builder: &str,
    names: &mut Namespace,
) -> Option<Body> {
    let media = picked.media;
    let media_pointer = format!("{}/content/{}", picked.pointer, pointer_token(media));
    let schema_pointer = format!("{media_pointer}/schema");
    let schema = picked
        .body
        .content
        .get(media)
        .and_then(|content| content.schema.as_ref());
    let owner_noun = noun(op.path.split('/').rfind(|s| !s.starts_with('{')).unwrap_or_default());
    let required = picked.body.required;
    match picked.kind {
        MediaKind::FormOrJson if is_json(media) => {
            let ty = match schema {
                Some(schema) => {
                    let usage = Usage {
                        owner_type: &format!("{builder}Body"),
                        owner_noun: &owner_noun,
                        member: "",
                    };
                    cx.schema(schema, &schema_pointer, usage)
                }
                None => cx.untyped(&media_pointer, Untyped::NoSchema),
            };
            Some(Body::Json(JsonBody {
                media: media.to_owned(),
                ty,
                required,
                schema_pointer,
            }))
        }
        MediaKind::FormOrJson | MediaKind::Multipart => {
            let location = if picked.kind == MediaKind::Multipart {
                Location::Multipart
            } else {
                Location::Form
            };
            let fields = match schema {
                Some(schema) => {
                    let owner = Owner {
                        builder,
                        noun: &owner_noun,
                        location,
                        encoding: picked.body.content.get(media).map(|content| &content.encoding),
                        schema_pointer: &schema_pointer,
                    };
                    fields(cx, schema, &schema_pointer, &owner, names)
                }
                None => Vec::new(),
            };
            Some(match location {
                Location::Multipart => Body::Multipart { fields },
                _ => Body::Form { fields },
            })
        }
        kind @ (MediaKind::Text | MediaKind::Binary) => Some(Body::Raw(RawBody {
            media: concrete(media, kind),
            text: kind == MediaKind::Text,
            required,
        })),
    }
}

/// Whose fields are being lowered.
struct Owner<'s> {
    builder: &'s str,
    noun: &'s str,
    location: Location,
    /// The media type's `encoding` (form fields' `style` and `explode`).
    encoding: Option<&'s indexmap::IndexMap<String, openapiv3::Encoding>>,
    /// Pointer of the media type's schema (as declared, before `$ref`s).
    schema_pointer: &'s str,
}

fn fields<'a>(
    cx: &mut DomainCx<'a>,
    schema: &'a ReferenceOr<Schema>,
    pointer: &str,
    owner: &Owner,
    names: &mut Namespace,
) -> Vec<Param> {
    let Some((resolved, pointer)) = cx.resolve(schema, pointer) else {
        return Vec::new();
    };
    let parts = match object_of(resolved) {
        Some(object) => vec![(object, pointer)],
        // No properties to speak of: nothing to set.
        None if matches!(&resolved.schema_kind, SchemaKind::Any(any) if any.properties.is_empty()) => {
            return Vec::new()
        }
        None => match cx.all_of_objects(resolved, &pointer) {
            Some(parts) => parts,
            None if owner.location == Location::Multipart && file_kind(cx, resolved, &pointer).is_some() => {
                return vec![whole_body_file(cx, resolved, &pointer, owner, names)];
            }
            None => {
                let message = "a form or multipart body must be an object schema, or an allOf of object \
                               schemas (their properties are the fields)";
                cx.error(&pointer, message, None);
                return Vec::new();
            }
        },
    };
    let mut fields = Vec::new();
    for merged in merged_properties(&parts) {
        let (wire, property, property_pointer) = (merged.wire, merged.schema, merged.pointer);
        let usage = Usage {
            owner_type: owner.builder,
            owner_noun: owner.noun,
            member: wire,
        };
        let ty = cx.boxed_schema(property, &property_pointer, usage);
        let bounds = match property {
            ReferenceOr::Item(item) => match &item.schema_kind {
                SchemaKind::Type(Type::Integer(integer)) => super::params::bounds_of(integer),
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        };
        let docs = cx.docs_at(&property_pointer);
        let required = merged.required;
        let mut field = param(
            cx,
            names,
            wire,
            owner.location,
            ty,
            required,
            bounds,
            docs,
            &property_pointer,
            &property_pointer,
        );
        let encoding = owner.encoding.and_then(|encoding| encoding.get(wire));
        if let (Location::Form, Some(encoding)) = (owner.location, encoding) {
            // Only an explicit encoding changes a form field: without one,
            // objects go as JSON text (as Twilio's libraries send them).
            let style = encoding.style.as_ref().unwrap_or(&openapiv3::QueryStyle::Form);
            let media_pointer = owner.schema_pointer.strip_suffix("/schema").unwrap_or_default();
            let at = format!("{media_pointer}/encoding/{}", pointer_token(wire));
            // `openapiv3` reads an absent `explode` as false; the spec's
            // default depends on the style, so ask the document itself.
            let explode = cx
                .spec
                .raw
                .pointer(&at)
                .and_then(|e| e.get("explode"))
                .and_then(|e| e.as_bool());
            match super::params::query_style(style, explode, &field.input) {
                Ok(style) => field.style = style,
                Err(message) => cx.error(&at, message, None),
            }
        }
        if owner.location == Location::Multipart {
            field.input = match binary(cx, property, &property_pointer) {
                Some(Binary::One) => Input::File,
                Some(Binary::Many) => Input::List(Box::new(Input::File)),
                None => field.input,
            };
        }
        fields.push(field);
    }
    fields
}

enum Binary {
    One,
    Many,
}

/// Whether a multipart property is a file (`format: binary`), or an array
/// of files.
fn binary<'a>(cx: &mut DomainCx<'a>, property: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> Option<Binary> {
    let resolved = schema_of(cx, property, pointer)?;
    file_kind(cx, resolved, pointer)
}

/// Whether a schema is a file (`format: binary`), or an array of files.
fn file_kind<'a>(cx: &mut DomainCx<'a>, resolved: &'a Schema, pointer: &str) -> Option<Binary> {
    let is_file = |schema: &Schema| {
        matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s))
            if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)))
    };
    if is_file(resolved) {
        return Some(Binary::One);
    }
    let SchemaKind::Type(Type::Array(array)) = &resolved.schema_kind else {
        return None;
    };
    let item = schema_of(cx, array.items.as_ref()?, &format!("{pointer}/items"))?;
    is_file(item).then_some(Binary::Many)
}

/// A multipart body that is a file (or a list of files) rather than an
/// object names no part: it is sent as one part named `file`, the name
/// such APIs read (Jira's attachments, Codat's), with a warning that says
/// so.
fn whole_body_file<'a>(
    cx: &mut DomainCx<'a>,
    resolved: &'a Schema,
    pointer: &str,
    owner: &Owner,
    names: &mut Namespace,
) -> Param {
    let file = cx.spec.file.clone();
    let message = "a multipart body that is a file, not an object, names no part: it is sent as one part named `file`";
    cx.diagnostics.warning(
        &file,
        pointer,
        message,
        Some("give the body an object schema to name its parts"),
    );
    let many = matches!(file_kind(cx, resolved, pointer), Some(Binary::Many));
    let ty = if many {
        Ty::Vec(Box::new(Ty::String))
    } else {
        Ty::String
    };
    let docs = cx.docs_at(pointer);
    let mut field = param(
        cx,
        names,
        "file",
        owner.location,
        ty,
        true,
        None,
        docs,
        pointer,
        pointer,
    );
    field.input = if many {
        Input::List(Box::new(Input::File))
    } else {
        Input::File
    };
    field
}

/// The schema behind a boxed schema or a `$ref` to a component (one level).
fn schema_of<'a>(cx: &mut DomainCx<'a>, schema: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = cx.component_name(reference, pointer)?;
            cx.spec.api.components.as_ref()?.schemas.get(name)?.as_item()
        }
    }
}
