//! The Swagger 2.0 front-end: a 2.0 document is rewritten into the OpenAPI
//! 3.0 shape the rest of the generator reads, and every part it moves is
//! recorded in [`Origins`], so problems are reported where the user wrote
//! them (`/definitions/Pet`, `/paths/~1pets/post/parameters/0`).
//!
//! | 2.0 | read as |
//! | --- | --- |
//! | `host`, `basePath`, `schemes` | `servers` |
//! | `definitions`, `parameters`, `responses`, `securityDefinitions` | `components/…` |
//! | `in: body` | a JSON (or `consumes`) `requestBody` |
//! | `in: formData`, `type: file` | a form, or multipart when a file or `consumes` says so |
//! | `consumes` / `produces` | the media types of bodies and responses |
//! | `collectionFormat` csv, ssv, pipes, multi | `style`/`explode` |
//! | `x-nullable` | `nullable` |
//! | a response's `schema`, `headers` | `content`, header schemas |

use serde_json::{json, Map, Value};

use super::origins::Origins;
use super::walk::{self, At, Moves, SchemaRewrite, METHODS};
use super::Note;
use crate::error::pointer_token;

/// What an operation's parameters and media types are read with.
struct Cx<'d> {
    /// The document as written.
    source: &'d Map<String, Value>,
    origins: &'d mut Origins,
    notes: &'d mut Vec<Note>,
}

/// Rewrites a 2.0 document into the 3.0 shape.
pub fn normalise(document: &mut Value, origins: &mut Origins, notes: &mut Vec<Note>) {
    let Some(source) = document.as_object().cloned() else {
        return;
    };
    let mut cx = Cx {
        source: &source,
        origins,
        notes,
    };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = source.get(key) {
            out.insert(key.into(), value.clone());
        }
    }
    for (key, value) in &source {
        if key.starts_with("x-") {
            out.insert(key.clone(), value.clone());
        }
    }
    out.insert("servers".into(), servers(&source));
    let mut paths = Map::new();
    if let Some(Value::Object(items)) = source.get("paths") {
        for (path, item) in items {
            let at = format!("/paths/{}", pointer_token(path));
            paths.insert(path.clone(), cx.path_item(item, &at));
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    out.insert("components".into(), Value::Object(cx.components()));
    *document = Value::Object(out);
    rewrite_refs(document);
    for (was, now) in REF_SPELLINGS {
        cx.origins.record_spelling(now, was);
    }
    let mut rewrite = Rewrite {
        source: &source,
        origins: cx.origins,
        notes: cx.notes,
    };
    // The walk runs on the rewritten document: where things were is in
    // `rewrite.origins` already.
    walk::schemas(document, &mut rewrite, &mut Origins::default());
}

/// `schemes://host/basePath`, one server per scheme; a relative `basePath`
/// alone when there is no host (the client's `base_url` then says where).
fn servers(source: &Map<String, Value>) -> Value {
    let base_path = source.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base_path = base_path.trim_end_matches('/');
    let Some(host) = source.get("host").and_then(Value::as_str) else {
        let url = if base_path.is_empty() { "/" } else { base_path };
        return json!([{"url": url}]);
    };
    let schemes: Vec<&str> = match source.get("schemes") {
        Some(Value::Array(schemes)) => schemes.iter().filter_map(Value::as_str).collect(),
        _ => vec!["https"],
    };
    // HTTPS first: a client should not pick plain HTTP when both are served.
    let mut schemes = schemes;
    schemes.sort_by_key(|scheme| *scheme != "https");
    let servers: Vec<Value> = schemes
        .iter()
        .filter(|scheme| matches!(**scheme, "http" | "https"))
        .map(|scheme| json!({"url": format!("{scheme}://{host}{base_path}")}))
        .collect();
    if servers.is_empty() {
        return json!([{"url": format!("https://{host}{base_path}")}]);
    }
    Value::Array(servers)
}

/// Where 2.0's `$ref`s point (as written, as rewritten).
const REF_SPELLINGS: [(&str, &str); 3] = [
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
];

/// `#/definitions/X` → `#/components/schemas/X`, and so on, everywhere.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(members) => {
            if let Some(Value::String(reference)) = members.get_mut("$ref") {
                for (from, to) in REF_SPELLINGS {
                    if let Some(rest) = reference.strip_prefix(from) {
                        *reference = format!("{to}{rest}");
                    }
                }
            }
            members.values_mut().for_each(rewrite_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// The keys of a 2.0 parameter, header or items object that are its schema.
const SCHEMA_KEYS: [&str; 18] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
    "example",
];

impl Cx<'_> {
    fn path_item(&mut self, item: &Value, at: &str) -> Value {
        let Some(item) = item.as_object() else {
            return item.clone();
        };
        let mut out = Map::new();
        let shared: Vec<(usize, Value)> = list(item.get("parameters"));
        let shared_plain: Vec<(usize, Value)> = shared
            .iter()
            .filter(|(_, p)| {
                !matches!(
                    self.resolved_parameter(p).0.get("in").and_then(Value::as_str),
                    Some("body" | "formData")
                )
            })
            .cloned()
            .collect();
        let (shared_plain, _) = self.split_parameters(&shared_plain, &format!("{at}/parameters"), &mut Vec::new());
        if !shared_plain.is_empty() {
            out.insert("parameters".into(), Value::Array(shared_plain));
        }
        for (key, value) in item {
            if key == "$ref" || key.starts_with("x-") || key == "summary" || key == "description" {
                out.insert(key.clone(), value.clone());
            }
        }
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get(method) {
                let operation_at = format!("{at}/{method}");
                out.insert(method.into(), self.operation(operation, &shared, at, &operation_at));
            }
        }
        Value::Object(out)
    }

    fn operation(
        &mut self,
        operation: &Map<String, Value>,
        shared: &[(usize, Value)],
        path_at: &str,
        at: &str,
    ) -> Value {
        let mut out = Map::new();
        for (key, value) in operation {
            let kept = [
                "operationId",
                "summary",
                "description",
                "tags",
                "deprecated",
                "security",
                "externalDocs",
            ];
            if kept.contains(&key.as_str()) || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        let consumes = self.media_types(operation, "consumes");
        let produces = self.media_types(operation, "produces");
        // Path-level parameters (those the operation does not redeclare),
        // then the operation's own; body and form parameters make the body.
        let own: Vec<(usize, Value)> = list(operation.get("parameters"));
        let mut body_parameters = Vec::new();
        let (mut plain, own_body) = self.split_parameters(&own, &format!("{at}/parameters"), &mut body_parameters);
        let redeclared = |p: &Value| {
            let key = |v: &Value| (v.get("name").cloned(), v.get("in").cloned());
            own.iter().any(|(_, o)| key(&self.resolved_parameter(o).0) == key(p))
        };
        let shared_body: Vec<(usize, Value)> = shared
            .iter()
            .filter(|(_, p)| {
                let (p, _) = self.resolved_parameter(p);
                matches!(p.get("in").and_then(Value::as_str), Some("body" | "formData")) && !redeclared(&p)
            })
            .cloned()
            .collect();
        let mut shared_body_parameters = Vec::new();
        let (_, shared_any) = self.split_parameters(
            &shared_body,
            &format!("{path_at}/parameters"),
            &mut shared_body_parameters,
        );
        body_parameters.extend(shared_body_parameters);
        if !plain.is_empty() {
            out.insert("parameters".into(), Value::Array(std::mem::take(&mut plain)));
        }
        if own_body || shared_any {
            if let Some(body) = self.request_body(&body_parameters, &consumes, at) {
                out.insert("requestBody".into(), body);
            }
        }
        let mut responses = Map::new();
        if let Some(Value::Object(written)) = operation.get("responses") {
            for (status, response) in written {
                let response_at = format!("{at}/responses/{}", pointer_token(status));
                responses.insert(
                    status.clone(),
                    self.response(response, &produces, &response_at, &response_at),
                );
            }
        }
        out.insert("responses".into(), Value::Object(responses));
        Value::Object(out)
    }

    /// The operation's media types for `key` (`consumes`, `produces`): its
    /// own, else the document's, else JSON.
    fn media_types(&self, operation: &Map<String, Value>, key: &str) -> Vec<String> {
        let listed = |value: Option<&Value>| -> Option<Vec<String>> {
            let types: Vec<String> = value?
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            (!types.is_empty()).then_some(types)
        };
        listed(operation.get(key))
            .or_else(|| listed(self.source.get(key)))
            .unwrap_or_else(|| vec!["application/json".to_owned()])
    }

    /// A parameter, with `#/parameters/…` followed (one step: 2.0 allows no
    /// chains there), and where it was written.
    fn resolved_parameter(&self, parameter: &Value) -> (Value, Option<String>) {
        let target = parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/parameters/"))
            .map(|name| name.replace("~1", "/").replace("~0", "~"));
        match target.and_then(|name| Some((self.source.get("parameters")?.get(&name)?.clone(), name))) {
            Some((found, name)) => (found, Some(format!("/parameters/{}", pointer_token(&name)))),
            None => (parameter.clone(), None),
        }
    }

    /// Splits the parameters listed at `at` (the same place in both
    /// shapes; only the indices shift) into the 3.0 ones, returned with
    /// their origins recorded, and the body and form ones, pushed onto
    /// `body` with where each was written; says whether there was any of
    /// the latter.
    fn split_parameters(
        &mut self,
        parameters: &[(usize, Value)],
        at: &str,
        body: &mut Vec<(Value, String)>,
    ) -> (Vec<Value>, bool) {
        let mut plain = Vec::new();
        let mut any_body = false;
        for (index, parameter) in parameters {
            let (resolved, target) = self.resolved_parameter(parameter);
            let was = format!("{at}/{index}");
            if matches!(resolved.get("in").and_then(Value::as_str), Some("body" | "formData")) {
                any_body = true;
                body.push((resolved, target.unwrap_or(was)));
                continue;
            }
            let now = format!("{at}/{}", plain.len());
            self.origins.record(&now, &was);
            if target.is_some() {
                // A `$ref` to a shared parameter, converted with the components.
                plain.push(parameter.clone());
            } else {
                self.origins.record(&format!("{now}/schema"), &was);
                plain.push(self.parameter(&resolved, &was));
            }
        }
        (plain, any_body)
    }

    /// A query, header or path parameter in the 3.0 shape: its type keys
    /// move into `schema`, `collectionFormat` becomes a style.
    fn parameter(&mut self, parameter: &Value, at: &str) -> Value {
        let Some(written) = parameter.as_object() else {
            return parameter.clone();
        };
        let mut out = Map::new();
        for (key, value) in written {
            if !SCHEMA_KEYS.contains(&key.as_str()) && key != "collectionFormat" {
                out.insert(key.clone(), value.clone());
            }
        }
        let schema = bodies::schema_of(parameter);
        if schema.get("type") == Some(&json!("array")) {
            let location = written.get("in").and_then(Value::as_str).unwrap_or("query");
            let format = written.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            // 3.0 allows these styles only in a query; a path or header
            // list is comma-separated (`simple`).
            let style = match (format, location) {
                ("multi", "query") => Some(("form", true)),
                ("csv", "query") => Some(("form", false)),
                ("ssv", "query") => Some(("spaceDelimited", false)),
                ("pipes", "query") => Some(("pipeDelimited", false)),
                ("csv", _) => Some(("simple", false)),
                _ => None,
            };
            match style {
                Some((style, explode)) => {
                    out.insert("style".into(), json!(style));
                    out.insert("explode".into(), json!(explode));
                }
                None => {
                    let message = format!(
                        "`collectionFormat: {format}` has no OpenAPI 3 style in a {location} parameter: the list is sent comma-separated"
                    );
                    self.notes
                        .push(Note::warning(format!("{at}/collectionFormat"), message));
                    let style = if location == "query" { "form" } else { "simple" };
                    out.insert("style".into(), json!(style));
                    out.insert("explode".into(), json!(false));
                }
            }
        }
        out.insert("schema".into(), schema);
        Value::Object(out)
    }
}

/// `parameters` as (index, parameter) pairs.
fn list(value: Option<&Value>) -> Vec<(usize, Value)> {
    match value {
        Some(Value::Array(items)) => items.iter().cloned().enumerate().collect(),
        _ => Vec::new(),
    }
}

mod bodies;

/// 2.0's schema keywords that 3.0 spells otherwise.
struct Rewrite<'d> {
    source: &'d Map<String, Value>,
    origins: &'d Origins,
    notes: &'d mut Vec<Note>,
}

impl SchemaRewrite for Rewrite<'_> {
    fn rewrite(&mut self, schema: &mut Map<String, Value>, at: &At) -> Moves {
        if let Some(nullable) = schema.remove("x-nullable") {
            schema.insert("nullable".into(), nullable);
        }
        if schema.get("type") == Some(&json!("file")) {
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
        }
        if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
            schema.insert("discriminator".into(), json!({ "propertyName": property }));
        }
        self.schema_of_reference(schema, at);
        Moves::default()
    }
}

impl Rewrite<'_> {
    /// A schema that is a `$ref` to a shared response or parameter (which
    /// go-swagger accepts) is read as that response's or parameter's
    /// schema, with a warning: only definitions are schemas.
    fn schema_of_reference(&mut self, schema: &mut Map<String, Value>, at: &At) {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let (section, name) = match reference.strip_prefix("#/components/responses/") {
            Some(name) => ("responses", name),
            None => match reference.strip_prefix("#/components/parameters/") {
                Some(name) => ("parameters", name),
                None => return,
            },
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let target = self.source.get(section).and_then(|s| s.get(&name));
        let mut read_as = match target {
            Some(target) if target.get("schema").is_some() => target["schema"].clone(),
            Some(target) if section == "parameters" => bodies::schema_of(target),
            _ => json!({}),
        };
        rewrite_refs(&mut read_as);
        let was = self.origins.original(&format!("{}/$ref", at.now));
        let message =
            format!("a schema `$ref` to `#/{section}/{name}` is read as its schema (only definitions are schemas)");
        self.notes.push(Note::warning(was, message));
        schema.remove("$ref");
        if let Value::Object(members) = read_as {
            for (key, value) in members {
                schema.entry(key).or_insert(value);
            }
        }
    }
}

#[cfg(test)]
mod tests;
