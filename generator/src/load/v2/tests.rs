use serde_json::{json, Value};

use super::*;

fn normalised(mut document: Value) -> (Value, Origins, Vec<Note>) {
    let (mut origins, mut notes) = (Origins::default(), Vec::new());
    normalise(&mut document, &mut origins, &mut notes);
    (document, origins, notes)
}

fn petstore() -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "Petstore", "version": "1"},
        "host": "petstore.example.com",
        "basePath": "/v2/",
        "schemes": ["http", "https"],
        "consumes": ["application/json"],
        "produces": ["application/json", "application/xml"],
        "x-origin": "kept",
        "paths": {
            "/pet/{petId}": {
                "parameters": [{"name": "petId", "in": "path", "required": true, "type": "integer", "format": "int64"}],
                "post": {
                    "operationId": "updatePetWithForm",
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [
                        {"name": "name", "in": "formData", "type": "string", "required": true},
                        {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}},
                        {"$ref": "#/parameters/trace"}
                    ],
                    "responses": {"405": {"description": "Invalid input"}}
                },
                "get": {
                    "operationId": "getPetById",
                    "responses": {
                        "200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"},
                                "headers": {"X-Rate": {"type": "integer", "description": "left"}}},
                        "default": {"$ref": "#/responses/Problem"}
                    }
                }
            },
            "/pet/{petId}/uploadImage": {
                "post": {
                    "operationId": "uploadFile",
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        {"name": "petId", "in": "path", "required": true, "type": "integer"},
                        {"name": "file", "in": "formData", "type": "file"}
                    ],
                    "responses": {"200": {"description": "ok"}}
                }
            },
            "/pet": {
                "post": {
                    "operationId": "addPet",
                    "parameters": [{"in": "body", "name": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
                    "responses": {"405": {"description": "Invalid input"}}
                },
                "get": {
                    "operationId": "findPets",
                    "parameters": [
                        {"name": "status", "in": "query", "type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "collectionFormat": "multi"},
                        {"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"}},
                        {"name": "words", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"}
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}}}
                }
            }
        },
        "parameters": {"trace": {"name": "X-Trace", "in": "header", "type": "string"}},
        "responses": {"Problem": {"description": "problem", "schema": {"type": "object", "properties": {"message": {"type": "string"}}}}},
        "definitions": {
            "Pet": {"type": "object", "required": ["name"], "discriminator": "kind",
                    "properties": {"name": {"type": "string"}, "kind": {"type": "string"}, "nick": {"type": "string", "x-nullable": true}}}
        },
        "securityDefinitions": {
            "api_key": {"type": "apiKey", "name": "api_key", "in": "header"},
            "basic": {"type": "basic"},
            "petstore_auth": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://example.com/oauth", "scopes": {"write:pets": "write"}}
        }
    })
}

#[test]
fn the_document_takes_the_3_0_shape() {
    let (document, _, _) = normalised(petstore());
    assert_eq!(document["openapi"], "3.0.3");
    assert!(document.get("swagger").is_none());
    assert_eq!(document["x-origin"], "kept");
    assert_eq!(
        document["servers"],
        json!([{"url": "https://petstore.example.com/v2"}, {"url": "http://petstore.example.com/v2"}])
    );
    let pet = &document["components"]["schemas"]["Pet"];
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(pet["properties"]["nick"], json!({"type": "string", "nullable": true}));
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
    assert_eq!(
        schemes["api_key"],
        json!({"type": "apiKey", "name": "api_key", "in": "header"})
    );
    assert_eq!(
        schemes["petstore_auth"],
        json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://example.com/oauth", "scopes": {"write:pets": "write"}}}})
    );
    assert_eq!(
        document["components"]["parameters"]["trace"],
        json!({"name": "X-Trace", "in": "header", "schema": {"type": "string"}})
    );
}

#[test]
fn body_and_form_parameters_become_request_bodies() {
    let (document, origins, _) = normalised(petstore());
    let paths = &document["paths"];
    assert_eq!(
        paths["/pet"]["post"]["requestBody"],
        json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}})
    );
    assert!(paths["/pet"]["post"].get("parameters").is_none());
    let form = &paths["/pet/{petId}"]["post"];
    assert_eq!(
        form["requestBody"]["content"]["application/x-www-form-urlencoded"],
        json!({
            "schema": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}}
            }},
            "encoding": {"tags": {"style": "form", "explode": false}}
        })
    );
    assert_eq!(form["parameters"], json!([{"$ref": "#/components/parameters/trace"}]));
    assert_eq!(
        paths["/pet/{petId}"]["parameters"][0]["schema"],
        json!({"type": "integer", "format": "int64"})
    );
    let upload = &paths["/pet/{petId}/uploadImage"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"];
    assert_eq!(
        upload["properties"]["file"],
        json!({"type": "string", "format": "binary"})
    );
    // Where each part was written.
    assert_eq!(
        origins.original("/components/schemas/Pet/properties/name"),
        "/definitions/Pet/properties/name"
    );
    assert_eq!(
        origins.original("/paths/~1pet/post/requestBody/content/application~1json/schema"),
        "/paths/~1pet/post/parameters/0/schema"
    );
    assert_eq!(
        origins.original(
            "/paths/~1pet~1{petId}/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/tags"
        ),
        "/paths/~1pet~1{petId}/post/parameters/1"
    );
    assert_eq!(
        origins.original("/paths/~1pet~1{petId}/post/parameters/0"),
        "/paths/~1pet~1{petId}/post/parameters/2"
    );
}

#[test]
fn responses_and_query_lists_take_their_3_0_form() {
    let (document, origins, notes) = normalised(petstore());
    let get = &document["paths"]["/pet/{petId}"]["get"];
    let ok = &get["responses"]["200"];
    assert_eq!(
        ok["content"]["application/xml"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(
        ok["headers"]["X-Rate"],
        json!({"description": "left", "schema": {"type": "integer"}})
    );
    assert_eq!(
        get["responses"]["default"],
        json!({"$ref": "#/components/responses/Problem"})
    );
    assert_eq!(
        origins.original("/paths/~1pet~1{petId}/get/responses/200/content/application~1json/schema"),
        "/paths/~1pet~1{petId}/get/responses/200/schema"
    );
    let query = &document["paths"]["/pet"]["get"]["parameters"];
    assert_eq!(
        (&query[0]["style"], &query[0]["explode"]),
        (&json!("form"), &json!(true))
    );
    assert_eq!(
        (&query[1]["style"], &query[1]["explode"]),
        (&json!("form"), &json!(false))
    );
    assert_eq!(notes.len(), 1, "tsv has no 3.0 style: {notes:?}");
    assert_eq!(notes[0].pointer, "/paths/~1pet/get/parameters/2/collectionFormat");
    assert_eq!(
        origins.original("/paths/~1pet/get/parameters/1/schema/items"),
        "/paths/~1pet/get/parameters/1/items"
    );
}
