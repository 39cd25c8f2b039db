use serde_json::{json, Value};

use super::*;

/// A 3.1 document with `schema` as its one component, normalised.
fn normalised(schema: Value) -> (Value, Origins, Vec<Note>) {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "components": {"schemas": {"S": schema}}
    });
    let (mut origins, mut notes) = (Origins::default(), Vec::new());
    normalise(&mut document, &mut origins, &mut notes);
    (document, origins, notes)
}

fn component(document: &Value) -> &Value {
    &document["components"]["schemas"]["S"]
}

#[test]
fn the_document_is_relabelled_and_3_1_only_members_go() {
    let (document, _, notes) = normalised(json!({"type": "string"}));
    assert_eq!(document["openapi"], "3.0.3");
    assert_eq!(document["paths"], json!({}), "3.0 requires paths");
    assert!(document.get("jsonSchemaDialect").is_none());
    assert!(document["info"].get("summary").is_none());
    assert_eq!(document["info"]["license"], json!({"name": "MIT"}));
    assert!(notes.is_empty());
}

#[test]
fn pydantic_optional_fields_are_nullable_and_keep_their_place() {
    let (document, origins, _) = normalised(json!({
        "type": "object",
        "properties": {
            "age": {"anyOf": [{"type": "integer", "exclusiveMaximum": 100.0, "minimum": 0.0}, {"type": "null"}], "title": "Age"},
            "owner": {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]},
            "note": {"anyOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]}
        }
    }));
    let properties = &component(&document)["properties"];
    assert_eq!(
        properties["age"],
        json!({"type": "integer", "minimum": 0, "maximum": 100, "exclusiveMaximum": true, "nullable": true, "title": "Age"})
    );
    assert_eq!(
        properties["owner"],
        json!({"$ref": "#/components/schemas/Owner", "nullable": true})
    );
    assert_eq!(
        properties["note"],
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
    // Errors about the merged members are reported inside the branch.
    assert_eq!(
        origins.original("/components/schemas/S/properties/owner/$ref"),
        "/components/schemas/S/properties/owner/anyOf/0/$ref"
    );
    assert_eq!(
        origins.original("/components/schemas/S/properties/note/anyOf/1"),
        "/components/schemas/S/properties/note/anyOf/2"
    );
    assert_eq!(
        origins.original("/components/schemas/S/properties/age/title"),
        "/components/schemas/S/properties/age/title"
    );
}

#[test]
fn type_lists_const_examples_and_encodings_take_their_3_0_form() {
    let (document, _, _) = normalised(json!({
        "type": "object",
        "properties": {
            "a": {"type": ["string", "null"], "examples": ["x", "y"]},
            "b": {"type": ["string", "integer"]},
            "kind": {"const": "cash"},
            "photo": {"type": "string", "contentMediaType": "image/png"},
            "blob": {"type": "string", "contentEncoding": "base64"},
            "ratio": {"type": "number", "exclusiveMinimum": 0, "minimum": -1}
        }
    }));
    let properties = &component(&document)["properties"];
    assert_eq!(
        properties["a"],
        json!({"type": "string", "nullable": true, "example": "x"})
    );
    assert_eq!(
        properties["b"],
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
    );
    assert_eq!(properties["kind"], json!({"type": "string", "enum": ["cash"]}));
    assert_eq!(properties["photo"], json!({"type": "string", "format": "binary"}));
    assert_eq!(properties["blob"], json!({"type": "string", "format": "byte"}));
    assert_eq!(
        properties["ratio"],
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
        "the tighter bound wins"
    );
}

#[test]
fn what_cannot_be_typed_is_a_warning_at_the_users_pointer() {
    let (document, _, notes) = normalised(json!({
        "type": "object",
        "properties": {
            "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
            "labels": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
            "merged": {"anyOf": [{"type": "object", "prefixItems": [{"type": "string"}]}, {"type": "null"}]}
        },
        "if": {"properties": {"kind": {"const": "a"}}},
        "then": {"properties": {"extra": {"type": "string"}}},
        "dependentRequired": {"a": ["b"]}
    }));
    let schema = component(&document);
    assert_eq!(schema["properties"]["pair"]["items"], json!({}));
    assert_eq!(
        schema["properties"]["labels"]["additionalProperties"],
        json!({"type": "string"})
    );
    assert!(schema.get("if").is_none() && schema.get("then").is_none() && schema.get("dependentRequired").is_none());
    let pointers: Vec<&str> = notes.iter().map(|n| n.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/S/if",
            "/components/schemas/S/then",
            "/components/schemas/S/properties/pair/prefixItems",
            "/components/schemas/S/properties/merged/anyOf/0/prefixItems",
        ]
    );
    assert!(notes.iter().all(|n| !n.error));
    assert!(notes[2].message.contains("tuple of 2"), "{}", notes[2].message);
}

#[test]
fn path_items_in_components_are_inlined_and_located() {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"$ref": "#/components/pathItems/A"}, "/b": {"$ref": "#/components/pathItems/Missing"}},
        "components": {"pathItems": {"A": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["integer", "null"]}}}}}}}}}
    });
    let (mut origins, mut notes) = (Origins::default(), Vec::new());
    normalise(&mut document, &mut origins, &mut notes);
    assert_eq!(
        document.pointer("/paths/~1a/get/responses/200/content/application~1json/schema"),
        Some(&json!({"type": "integer", "nullable": true}))
    );
    assert!(document.pointer("/components/pathItems").is_none());
    assert_eq!(
        origins.original("/paths/~1a/get/responses/200"),
        "/components/pathItems/A/get/responses/200"
    );
    assert_eq!(notes.len(), 1);
    assert!(notes[0].error);
    assert_eq!(notes[0].pointer, "/paths/~1b/$ref");
}
