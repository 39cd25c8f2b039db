//! What makes a schema an object, and how the objects of an `allOf` merge.
//!
//! A schema is an object when it says `type: object`, and also when it
//! declares `properties` (or `additionalProperties`) without any `type`: one
//! in twenty component schemas of the APIs.guru directory is written that
//! way (in 784 of its 2,593 documents). `openapiv3` reads those as "any"
//! schemas; this view reads both alike, so they become structs, maps and
//! form fields instead of free-form JSON.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use crate::error::pointer_token;

/// The object part of a schema, whichever way it was written.
#[derive(Debug, Clone, Copy)]
pub(super) struct ObjectView<'s> {
    pub properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'s [String],
    pub additional_properties: Option<&'s AdditionalProperties>,
}

/// The schema as an object: `type: object`, or no `type` (or `type: object`
/// that `openapiv3` could not read as one) with properties or
/// `additionalProperties` and no composition (`allOf`, `oneOf`, `anyOf`,
/// `not`), which decides otherwise.
pub(super) fn object_of(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(ObjectView {
            properties: &object.properties,
            required: &object.required,
            additional_properties: object.additional_properties.as_ref(),
        }),
        SchemaKind::Any(any) => {
            let untyped = matches!(any.typ.as_deref(), None | Some("object"));
            let composed =
                !any.all_of.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty() || any.not.is_some();
            let shaped = !any.properties.is_empty() || any.additional_properties.is_some();
            (untyped && !composed && shaped).then_some(ObjectView {
                properties: &any.properties,
                required: &any.required,
                additional_properties: any.additional_properties.as_ref(),
            })
        }
        _ => None,
    }
}

/// Whether the schema is an object with properties of its own (a struct).
pub(super) fn has_properties(schema: &Schema) -> bool {
    object_of(schema).is_some_and(|object| !object.properties.is_empty())
}

/// Whether the schema says anything about a value's shape: a type,
/// properties, items, values, an enum or a composition. A part of an
/// `allOf` that only adds a `description`, a `required` list or bounds
/// (AWS writes `allOf: [{$ref}, {description}]` for every documented
/// field) does not.
pub(super) fn declares_shape(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_some()
                || !any.properties.is_empty()
                || any.additional_properties.is_some()
                || any.items.is_some()
                || !any.enumeration.is_empty()
                || !any.all_of.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
                || any.not.is_some()
        }
        _ => true,
    }
}

/// Whether the schema only admits `null`, as a `oneOf`/`anyOf` variant:
/// Microsoft Graph's `{type: object, nullable: true}` beside a `$ref`
/// (3,512 times), `{nullable: true}` alone or `enum: [null]` (what the 3.1
/// front-end leaves of `type: 'null'` is `nullable` on the parent).
pub(super) fn is_null_placeholder(schema: &Schema) -> bool {
    let nullable = schema.schema_data.nullable;
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            nullable
                && object.properties.is_empty()
                && matches!(
                    object.additional_properties,
                    None | Some(AdditionalProperties::Any(true))
                )
        }
        SchemaKind::Any(any) => {
            let only_null = !any.enumeration.is_empty() && any.enumeration.iter().all(serde_json::Value::is_null);
            only_null || (nullable && !declares_shape(schema))
        }
        _ => false,
    }
}

/// Object parts of a model: each object schema with its pointer.
pub(super) type Parts<'s> = Vec<(ObjectView<'s>, String)>;

/// One property of merged object parts.
pub(super) struct MergedProperty<'s> {
    pub wire: &'s str,
    pub schema: &'s ReferenceOr<Box<Schema>>,
    /// Where the part that declares it declares it.
    pub pointer: String,
    /// Whether any part requires it.
    pub required: bool,
}

/// The properties of every part, in order. A property two `allOf` parts
/// both declare is one JSON key (or form field): it comes once, as the
/// first part declares it. Structs and form bodies both merge this way.
pub(super) fn merged_properties<'s>(parts: &[(ObjectView<'s>, String)]) -> Vec<MergedProperty<'s>> {
    let mut seen = BTreeSet::new();
    let mut merged = Vec::new();
    for (object, part_pointer) in parts {
        for (wire, schema) in object.properties {
            if seen.insert(wire.as_str()) {
                merged.push(MergedProperty {
                    wire,
                    schema,
                    pointer: format!("{part_pointer}/properties/{}", pointer_token(wire)),
                    required: parts.iter().any(|(other, _)| other.required.contains(wire)),
                });
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_norway::from_str(yaml).expect("a schema")
    }

    #[test]
    fn properties_without_a_type_make_an_object() {
        let untyped = schema("{properties: {name: {type: string}}, required: [name]}");
        let object = object_of(&untyped).expect("an object");
        assert_eq!(object.properties.len(), 1);
        assert_eq!(object.required, ["name"]);
        assert!(object_of(&schema("{additionalProperties: {type: integer}}")).is_some());
        assert!(has_properties(&schema("{type: object, properties: {a: {}}}")));
    }

    #[test]
    fn composition_or_another_type_is_no_object() {
        for yaml in [
            "{properties: {a: {}}, oneOf: [{type: string}]}",
            "{description: only words}",
            "{type: string}",
            "{items: {type: string}}",
        ] {
            assert!(object_of(&schema(yaml)).is_none(), "{yaml}");
        }
    }
}
