//! Every schema of an OpenAPI 3.x-shaped document, visited top-down with
//! where it is now and where it was in the user's file: the version
//! front-ends rewrite schemas in place through this one walk.

use serde_json::{json, Map, Value};

use super::origins::Origins;
use crate::error::pointer_token;

/// A place in the document: where it is now, and where it was written.
#[derive(Debug, Clone)]
pub struct At {
    pub now: String,
    pub was: String,
}

impl At {
    pub fn root() -> Self {
        Self {
            now: String::new(),
            was: String::new(),
        }
    }

    /// The member `key` (one token, unescaped) of this place.
    pub fn child(&self, key: &str) -> Self {
        let token = pointer_token(key);
        Self {
            now: format!("{}/{token}", self.now),
            was: format!("{}/{token}", self.was),
        }
    }
}

/// Where a schema's members came from when a rewrite moved them: pairs of
/// (pointer relative to the schema now, relative pointer it was written
/// at), both starting with `/`.
#[derive(Debug, Default)]
pub struct Moves(Vec<(String, String)>);

impl Moves {
    /// Records that the member now at `now` came from `was` (relative).
    pub fn moved(&mut self, now: impl Into<String>, was: impl Into<String>) {
        let (now, was) = (now.into(), self.was_of(&was.into()));
        self.0.retain(|(other, _)| *other != now);
        self.0.push((now, was));
    }

    /// Where `relative` (now) was written, through earlier moves.
    pub fn was_of(&self, relative: &str) -> String {
        let found = self
            .0
            .iter()
            .filter(|(now, _)| relative == now || relative.starts_with(&format!("{now}/")))
            .max_by_key(|(now, _)| now.len());
        match found {
            Some((now, was)) => format!("{was}{}", &relative[now.len()..]),
            None => relative.to_owned(),
        }
    }
}

/// What a front-end does to each schema: rewrites it in place (its members
/// not yet visited) and says which members it moved.
pub trait SchemaRewrite {
    fn rewrite(&mut self, schema: &mut Map<String, Value>, at: &At) -> Moves;
}

/// Visits every schema of `document` (paths, webhooks, components), each
/// before its members, recording moved parts in `origins`.
pub fn schemas(document: &mut Value, rewrite: &mut dyn SchemaRewrite, origins: &mut Origins) {
    let mut walk = Walk { rewrite, origins };
    let root = At::root();
    for section in ["paths", "webhooks"] {
        walk.each_member(document, &root, section, Walk::path_item);
    }
    let components = root.child("components");
    let Some(components_value) = document.get_mut("components") else {
        return;
    };
    walk.each_member(components_value, &components, "schemas", Walk::schema);
    walk.each_member(components_value, &components, "parameters", Walk::parameter);
    walk.each_member(components_value, &components, "headers", Walk::parameter);
    walk.each_member(components_value, &components, "requestBodies", Walk::with_content);
    walk.each_member(components_value, &components, "responses", Walk::response);
    walk.each_member(components_value, &components, "pathItems", Walk::path_item);
    walk.each_member(components_value, &components, "callbacks", Walk::callback);
}

/// The operations a path item may hold, by key (Swagger 2.0 has no `trace`;
/// a 2.0 document with one is read as 3.0 would read it).
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Members of a schema that are themselves schemas, one each.
const ONE_SCHEMA: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "additionalItems",
];
/// Members of a schema that are lists of schemas.
const SCHEMA_LISTS: [&str; 5] = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/// Members of a schema that are maps of schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

struct Walk<'w> {
    rewrite: &'w mut dyn SchemaRewrite,
    origins: &'w mut Origins,
}

type Visit<'w> = fn(&mut Walk<'w>, &mut Value, &At);

impl<'w> Walk<'w> {
    /// Visits each value of the object at `parent[key]`.
    fn each_member(&mut self, parent: &mut Value, at: &At, key: &str, visit: Visit<'w>) {
        let at = at.child(key);
        if let Some(Value::Object(members)) = parent.get_mut(key) {
            for (name, value) in members.iter_mut() {
                visit(self, value, &at.child(name));
            }
        }
    }

    /// Visits each item of the list at `parent[key]`.
    fn each_item(&mut self, parent: &mut Value, at: &At, key: &str, visit: Visit<'w>) {
        let at = at.child(key);
        if let Some(Value::Array(items)) = parent.get_mut(key) {
            for (index, item) in items.iter_mut().enumerate() {
                visit(self, item, &at.child(&index.to_string()));
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &At) {
        self.each_item(item, at, "parameters", Self::parameter);
        for method in METHODS {
            if let Some(operation) = item.get_mut(method) {
                self.operation(operation, &at.child(method));
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &At) {
        self.each_item(operation, at, "parameters", Self::parameter);
        if let Some(body) = operation.get_mut("requestBody") {
            self.with_content(body, &at.child("requestBody"));
        }
        self.each_member(operation, at, "responses", Self::response);
        self.each_member(operation, at, "callbacks", Self::callback);
    }

    fn callback(&mut self, callback: &mut Value, at: &At) {
        self.each_member_of(callback, at, Self::path_item);
    }

    /// Visits each value of the object `parent` itself.
    fn each_member_of(&mut self, parent: &mut Value, at: &At, visit: Visit<'w>) {
        if let Value::Object(members) = parent {
            for (name, value) in members.iter_mut() {
                visit(self, value, &at.child(name));
            }
        }
    }

    /// A parameter or header: a schema, or content.
    fn parameter(&mut self, parameter: &mut Value, at: &At) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &at.child("schema"));
        }
        self.with_content(parameter, at);
    }

    fn response(&mut self, response: &mut Value, at: &At) {
        self.with_content(response, at);
        self.each_member(response, at, "headers", Self::parameter);
    }

    /// The schema of each media type under `holder.content`.
    fn with_content(&mut self, holder: &mut Value, at: &At) {
        self.each_member(holder, at, "content", |walk, media, at| {
            if let Some(schema) = media.get_mut("schema") {
                walk.schema(schema, &at.child("schema"));
            }
        });
    }

    fn schema(&mut self, schema: &mut Value, at: &At) {
        // JSON Schema's boolean schemas: `true` allows anything, `false`
        // nothing. 3.0 readers take objects only.
        if let Value::Bool(allows) = schema {
            *schema = if *allows { json!({}) } else { json!({"not": {}}) };
            return;
        }
        let Value::Object(members) = schema else { return };
        if members.get("items") == Some(&Value::Bool(false)) {
            // No items beyond `prefixItems`: a tuple's length, not a type.
            members.remove("items");
        }
        let moves = self.rewrite.rewrite(members, at);
        for (now, was) in &moves.0 {
            self.origins
                .record(&format!("{}{now}", at.now), &format!("{}{was}", at.was));
        }
        // Each member's place, through the moves (a merged branch's members
        // were written inside the branch).
        let place = |tokens: &[&str]| {
            let relative: String = tokens.iter().map(|t| format!("/{}", pointer_token(t))).collect();
            At {
                now: format!("{}{relative}", at.now),
                was: format!("{}{}", at.was, moves.was_of(&relative)),
            }
        };
        for key in ONE_SCHEMA {
            // `additionalProperties: false` is 3.0 too, and means "no others".
            let boolean_kept = matches!(key, "additionalProperties" | "unevaluatedProperties");
            if let Some(value @ (Value::Object(_) | Value::Bool(_))) = members.get_mut(key) {
                if boolean_kept && value.is_boolean() {
                    continue;
                }
                self.schema(value, &place(&[key]));
            }
        }
        for key in SCHEMA_LISTS {
            if let Some(Value::Array(items)) = members.get_mut(key) {
                for (index, item) in items.iter_mut().enumerate() {
                    self.schema(item, &place(&[key, &index.to_string()]));
                }
            }
        }
        for key in SCHEMA_MAPS {
            if let Some(Value::Object(map)) = members.get_mut(key) {
                for (name, value) in map.iter_mut() {
                    self.schema(value, &place(&[key, name]));
                }
            }
        }
    }
}
