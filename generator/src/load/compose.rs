//! One shape for composed schemas, whatever the input version: a schema's
//! own object members beside a composition move into it, so that lowering
//! reads every `allOf`, `oneOf` and `anyOf` the same way.
//!
//! Why here: `openapiv3` reads `{type: object, properties, allOf}` as an
//! object and drops the `allOf` (388 of the directory's 2,593 OpenAPI 3.0
//! documents write 6,415 schemas that way), and reads properties beside a
//! `oneOf` as a schema of unknown type. Rewritten here, nothing after
//! loading sees those forms; moved members keep their pointers (`Origins`).

use serde_json::{json, Map, Value};

use super::origins::Origins;
use super::walk::{self, At, Moves, SchemaRewrite};

/// The members that make a schema an object.
const OBJECT_MEMBERS: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

/// Rewrites every schema of `document` in place.
pub fn normalise(document: &mut Value, origins: &mut Origins) {
    walk::schemas(document, &mut Compose, origins);
}

struct Compose;

impl SchemaRewrite for Compose {
    fn rewrite(&mut self, schema: &mut Map<String, Value>, _at: &At) -> Moves {
        let mut moves = Moves::default();
        own_object_into_all_of(schema, &mut moves);
        bare_object_type_beside_composition(schema);
        for key in ["oneOf", "anyOf"] {
            drop_required_only_variants(schema, key);
            own_object_into_variants(schema, key, &mut moves);
        }
        moves
    }
}

/// Whether the schema declares a shape of its own (not only `required`, a
/// description or bounds).
fn declares_shape(schema: &Value) -> bool {
    const SHAPING: [&str; 10] = [
        "$ref",
        "type",
        "properties",
        "additionalProperties",
        "items",
        "enum",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
    ];
    schema
        .as_object()
        .is_some_and(|members| SHAPING.iter().any(|key| members.contains_key(*key)))
}

/// Whether the schema has object members of its own, and no other type.
fn has_own_object(schema: &Map<String, Value>) -> bool {
    let shaped = schema.contains_key("properties") || schema.contains_key("additionalProperties");
    let object =
        matches!(schema.get("type"), None | Some(Value::String(_))) && schema.get("type").is_none_or(|t| t == "object");
    shaped && object
}

/// Takes the schema's object members out as a schema of their own.
fn take_own_object(schema: &mut Map<String, Value>) -> (Map<String, Value>, Vec<&'static str>) {
    let mut own = Map::new();
    own.insert("type".into(), json!("object"));
    let mut taken = Vec::new();
    for key in OBJECT_MEMBERS {
        if let Some(value) = schema.remove(key) {
            own.insert(key.into(), value);
            taken.push(key);
        }
    }
    schema.remove("type");
    (own, taken)
}

/// `{type: object, properties, allOf: [A]}` → `{allOf: [A, {type: object, properties}]}`.
fn own_object_into_all_of(schema: &mut Map<String, Value>, moves: &mut Moves) {
    if !matches!(schema.get("allOf"), Some(Value::Array(_))) || !has_own_object(schema) {
        return;
    }
    let (own, taken) = take_own_object(schema);
    let Some(Value::Array(parts)) = schema.get_mut("allOf") else {
        return;
    };
    let index = parts.len();
    parts.push(Value::Object(own));
    for key in taken {
        moves.moved(format!("/allOf/{index}/{key}"), format!("/{key}"));
    }
}

/// `{type: object, allOf: […]}` with nothing else of its own: the parts say
/// what the object is (`openapiv3` would read the `type` and drop them).
fn bare_object_type_beside_composition(schema: &mut Map<String, Value>) {
    let composed = ["allOf", "oneOf", "anyOf"].iter().any(|key| schema.contains_key(*key));
    if composed && schema.get("type").is_some_and(|t| t == "object") && !has_own_object(schema) {
        schema.remove("type");
    }
}

/// `oneOf: [{required: [a]}, {required: [b]}]` beside properties says
/// which keys must come together, not what the value is: a constraint the
/// object's own type already covers, so the variants go.
fn drop_required_only_variants(schema: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(variants)) = schema.get(key) else {
        return;
    };
    if has_own_object(schema) && !variants.is_empty() && !variants.iter().any(declares_shape) {
        schema.remove(key);
    }
}

/// `{properties: P, oneOf: [A, B]}` → `{oneOf: [{allOf: [{properties: P}, A]}, {allOf: [{properties: P}, B]}]}`:
/// every variant has the common properties too.
fn own_object_into_variants(schema: &mut Map<String, Value>, key: &str, moves: &mut Moves) {
    if schema.contains_key("allOf") || !matches!(schema.get(key), Some(Value::Array(_))) || !has_own_object(schema) {
        return;
    }
    let (own, taken) = take_own_object(schema);
    let Some(Value::Array(variants)) = schema.get_mut(key) else {
        return;
    };
    for (index, variant) in variants.iter_mut().enumerate() {
        let written = std::mem::take(variant);
        *variant = json!({ "allOf": [Value::Object(own.clone()), written] });
        moves.moved(format!("/{key}/{index}/allOf/1"), format!("/{key}/{index}"));
        for member in &taken {
            moves.moved(format!("/{key}/{index}/allOf/0/{member}"), format!("/{member}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(schema: Value) -> (Value, Origins) {
        let mut document = json!({"openapi": "3.0.3", "components": {"schemas": {"S": schema}}});
        let mut origins = Origins::default();
        normalise(&mut document, &mut origins);
        (document["components"]["schemas"]["S"].clone(), origins)
    }

    #[test]
    fn own_properties_beside_all_of_become_its_last_part() {
        let (schema, origins) = normalised(json!({
            "type": "object", "description": "kept",
            "properties": {"id": {"type": "string"}}, "required": ["id"],
            "allOf": [{"$ref": "#/components/schemas/Base"}]
        }));
        assert_eq!(
            schema,
            json!({"description": "kept", "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
            ]})
        );
        assert_eq!(
            origins.original("/components/schemas/S/allOf/1/properties/id"),
            "/components/schemas/S/properties/id"
        );
    }

    #[test]
    fn common_properties_go_into_each_variant() {
        let (schema, origins) = normalised(json!({
            "properties": {"kind": {"type": "string"}},
            "oneOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"b": {"type": "integer"}}}],
            "discriminator": {"propertyName": "kind"}
        }));
        let own = json!({"type": "object", "properties": {"kind": {"type": "string"}}});
        assert_eq!(
            schema["oneOf"][0],
            json!({"allOf": [own, {"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(schema["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(
            origins.original("/components/schemas/S/oneOf/1/allOf/1/properties/b"),
            "/components/schemas/S/oneOf/1/properties/b"
        );
        assert_eq!(
            origins.original("/components/schemas/S/oneOf/1/allOf/0/properties/kind"),
            "/components/schemas/S/properties/kind"
        );
    }

    #[test]
    fn variants_that_only_require_keys_are_a_constraint_not_a_type() {
        let (schema, _) = normalised(json!({
            "type": "object", "properties": {"a": {}, "b": {}},
            "anyOf": [{"required": ["a"]}, {"required": ["b"]}]
        }));
        assert_eq!(schema, json!({"type": "object", "properties": {"a": {}, "b": {}}}));
    }

    #[test]
    fn schemas_without_own_members_are_left_alone() {
        for schema in [
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d"}),
            json!({"type": "string", "oneOf": [{"enum": ["a"]}, {"enum": ["b"]}]}),
        ] {
            assert_eq!(normalised(schema.clone()).0, schema);
        }
    }
}
