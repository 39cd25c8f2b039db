//! Swagger 2.0's bodies, responses and shared definitions in the 3.0 shape.

use serde_json::{json, Map, Value};

use super::{Cx, SCHEMA_KEYS};
use crate::error::pointer_token;

impl Cx<'_> {
    /// The `requestBody` of an operation at `at` from its `in: body`
    /// parameter or its `in: formData` ones (each with where it was written).
    pub(super) fn request_body(
        &mut self,
        parameters: &[(Value, String)],
        consumes: &[String],
        at: &str,
    ) -> Option<Value> {
        let body_at = format!("{at}/requestBody");
        if let Some((body, was)) = parameters.iter().find(|(p, _)| p.get("in") == Some(&json!("body"))) {
            self.origins.record(&body_at, was);
            let mut content = Map::new();
            for media in consumes {
                let schema = body.get("schema").cloned().unwrap_or_else(|| json!({}));
                self.origins.record(
                    &format!("{body_at}/content/{}/schema", pointer_token(media)),
                    &format!("{was}/schema"),
                );
                content.insert(media.clone(), json!({ "schema": schema }));
            }
            let mut out = json!({ "content": content });
            copy(body, &mut out, &["description", "required"]);
            return Some(out);
        }
        let fields: Vec<&(Value, String)> = parameters
            .iter()
            .filter(|(p, _)| p.get("in") == Some(&json!("formData")))
            .collect();
        if fields.is_empty() {
            return None;
        }
        let has_file = fields.iter().any(|(p, _)| p.get("type") == Some(&json!("file")));
        let multipart = has_file
            || !consumes.iter().any(|m| m == "application/x-www-form-urlencoded")
                && consumes.iter().any(|m| m == "multipart/form-data");
        let media = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let schema_at = format!("{body_at}/content/{}/schema", pointer_token(media));
        let (mut properties, mut required, mut encoding) = (Map::new(), Vec::new(), Map::new());
        for (field, was) in fields {
            let Some(name) = field.get("name").and_then(Value::as_str) else {
                continue;
            };
            self.origins
                .record(&format!("{schema_at}/properties/{}", pointer_token(name)), was);
            let mut schema = schema_of(field);
            copy(field, &mut schema, &["description"]);
            properties.insert(name.to_owned(), schema);
            if field.get("required") == Some(&json!(true)) {
                required.push(json!(name));
            }
            let format = field.get("collectionFormat").and_then(Value::as_str);
            if field.get("type") == Some(&json!("array")) && format != Some("multi") && !multipart {
                // 2.0's default for a form list is csv: one comma-joined value.
                encoding.insert(name.to_owned(), json!({"style": "form", "explode": false}));
            }
        }
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = Value::Array(required);
        }
        let mut media_type = json!({ "schema": schema });
        if !encoding.is_empty() {
            media_type["encoding"] = Value::Object(encoding);
        }
        let any_required = schema["required"].is_array();
        Some(json!({ "required": any_required, "content": { media: media_type } }))
    }

    /// A response in the 3.0 shape: its `schema` under each media type the
    /// operation produces, its headers' types under `schema`.
    pub(super) fn response(&mut self, response: &Value, produces: &[String], now: &str, was: &str) -> Value {
        self.origins.record(now, was);
        let Some(written) = response.as_object() else {
            return response.clone();
        };
        if written.contains_key("$ref") {
            return response.clone();
        }
        let mut out = Map::new();
        out.insert(
            "description".into(),
            written.get("description").cloned().unwrap_or(json!("")),
        );
        for (key, value) in written {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        if let Some(schema) = written.get("schema") {
            let mut content = Map::new();
            for media in produces {
                let media_at = format!("{now}/content/{}", pointer_token(media));
                self.origins
                    .record(&format!("{media_at}/schema"), &format!("{was}/schema"));
                let mut media_type = json!({ "schema": schema });
                if let Some(example) = written.get("examples").and_then(|e| e.get(media)) {
                    media_type["example"] = example.clone();
                }
                content.insert(media.clone(), media_type);
            }
            out.insert("content".into(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = written.get("headers") {
            let mut converted = Map::new();
            for (name, header) in headers {
                let header_was = format!("{was}/headers/{}", pointer_token(name));
                let header_now = format!("{now}/headers/{}", pointer_token(name));
                self.origins.record(&format!("{header_now}/schema"), &header_was);
                let mut out = json!({ "schema": schema_of(header) });
                copy(header, &mut out, &["description"]);
                converted.insert(name.clone(), out);
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        Value::Object(out)
    }

    /// `components` from `definitions`, the shared query, header and path
    /// `parameters` (shared body and form ones are inlined where used),
    /// `responses` and `securityDefinitions`.
    pub(super) fn components(&mut self) -> Map<String, Value> {
        let mut components = Map::new();
        if let Some(definitions) = self.source.get("definitions") {
            self.origins.record("/components/schemas", "/definitions");
            components.insert("schemas".into(), definitions.clone());
        }
        let source = self.source;
        if let Some(Value::Object(parameters)) = source.get("parameters") {
            let mut converted = Map::new();
            for (name, parameter) in parameters {
                if matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData")) {
                    continue;
                }
                let was = format!("/parameters/{}", pointer_token(name));
                let now = format!("/components/parameters/{}", pointer_token(name));
                self.origins.record(&now, &was);
                self.origins.record(&format!("{now}/schema"), &was);
                converted.insert(name.clone(), self.parameter(parameter, &was));
            }
            components.insert("parameters".into(), Value::Object(converted));
        }
        if let Some(Value::Object(responses)) = source.get("responses") {
            let produces = self.media_types(&Map::new(), "produces");
            let mut converted = Map::new();
            for (name, response) in responses {
                let was = format!("/responses/{}", pointer_token(name));
                let now = format!("/components/responses/{}", pointer_token(name));
                converted.insert(name.clone(), self.response(response, &produces, &now, &was));
            }
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(Value::Object(definitions)) = source.get("securityDefinitions") {
            let mut schemes = Map::new();
            for (name, definition) in definitions {
                let was = format!("/securityDefinitions/{}", pointer_token(name));
                self.origins
                    .record(&format!("/components/securitySchemes/{}", pointer_token(name)), &was);
                schemes.insert(name.clone(), security_scheme(definition));
            }
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        components
    }
}

/// A 2.0 security definition as a 3.0 security scheme.
fn security_scheme(definition: &Value) -> Value {
    let kind = definition.get("type").and_then(Value::as_str).unwrap_or_default();
    let mut scheme = match kind {
        "basic" => json!({"type": "http", "scheme": "basic"}),
        "apiKey" => json!({"type": "apiKey"}),
        "oauth2" => {
            let flow = match definition.get("flow").and_then(Value::as_str).unwrap_or_default() {
                "implicit" => "implicit",
                "password" => "password",
                "application" => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut details = json!({"scopes": definition.get("scopes").cloned().unwrap_or(json!({}))});
            copy(definition, &mut details, &["authorizationUrl", "tokenUrl"]);
            json!({"type": "oauth2", "flows": { flow: details }})
        }
        // Refused by the 3.0 reader, at this place.
        other => json!({"type": other}),
    };
    copy(definition, &mut scheme, &["name", "in", "description"]);
    scheme
}

/// The schema of a 2.0 parameter, header or items object: its type keys.
pub(super) fn schema_of(written: &Value) -> Value {
    let mut schema = Map::new();
    if let Some(members) = written.as_object() {
        for key in SCHEMA_KEYS {
            if let Some(value) = members.get(key) {
                schema.insert(key.to_owned(), value.clone());
            }
        }
    }
    Value::Object(schema)
}

/// Copies the listed members of `from` that are there into `to`.
fn copy(from: &Value, to: &mut Value, keys: &[&str]) {
    for key in keys {
        if let (Some(value), Some(to)) = (from.get(*key), to.as_object_mut()) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}
