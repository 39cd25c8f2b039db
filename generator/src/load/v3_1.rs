//! The OpenAPI 3.1 front-end: a 3.1 document (JSON Schema 2020-12) is
//! rewritten into the 3.0 shape the rest of the generator reads, keeping
//! what it means. Each rewrite says where the parts it moved were written
//! ([`Origins`]), and what cannot be kept is a warning at its place in the
//! user's document.
//!
//! | 3.1 | read as |
//! | --- | --- |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `anyOf`/`oneOf` with a `{type: "null"}` branch (pydantic's `Optional`) | the other branch(es), `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum` | `minimum`/`maximum` with the boolean form |
//! | `examples: [..]` | `example` (the first) |
//! | `contentEncoding: base64` / `contentMediaType` | `format: byte` / `format: binary` |
//! | `patternProperties` | `additionalProperties` (one pattern) |
//! | `prefixItems` | `items` (a warning: a tuple is read as a list) |
//! | `components/pathItems` referred to from `paths` | the path item itself |
//! | `if`/`then`/`else`, `dependentSchemas`, `unevaluatedProperties` | left out (a warning where they add properties) |

use serde_json::{json, Map, Value};

use super::origins::Origins;
use super::walk::{self, At, Moves, SchemaRewrite};
use super::Note;

/// Rewrites a 3.1 document in place into the 3.0 shape.
pub fn normalise(document: &mut Value, origins: &mut Origins, notes: &mut Vec<Note>) {
    let Some(root) = document.as_object_mut() else { return };
    root.insert("openapi".into(), json!("3.0.3"));
    root.remove("jsonSchemaDialect");
    // A 3.1 document may have only webhooks; 3.0 requires `paths`.
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    paths::inline_path_items(document, origins, notes);
    let mut rewrite = Rewrite { notes };
    walk::schemas(document, &mut rewrite, origins);
    paths::webhook_bodies(document, origins);
}

struct Rewrite<'n> {
    notes: &'n mut Vec<Note>,
}

impl SchemaRewrite for Rewrite<'_> {
    fn rewrite(&mut self, schema: &mut Map<String, Value>, at: &At) -> Moves {
        let mut moves = Moves::default();
        // A merged branch may itself say `type: [..]` or hold a null branch:
        // each step runs until nothing changes (bounded: each removes a key).
        for _ in 0..8 {
            let changed = type_list(schema) | null_branches(schema, &mut moves);
            if !changed {
                break;
            }
        }
        constant(schema);
        exclusive_bounds(schema);
        integral_bounds(schema);
        if let Some(Value::Array(examples)) = schema.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                schema.entry("example").or_insert(first);
            }
        }
        content_encoding(schema);
        self.pattern_properties(schema, at, &mut moves);
        self.prefix_items(schema, at, &mut moves);
        self.conditionals(schema, at, &mut moves);
        for gone in [
            "$schema",
            "$id",
            "$anchor",
            "$dynamicAnchor",
            "$comment",
            "dependentRequired",
        ] {
            schema.remove(gone);
        }
        moves
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; several non-null types
/// → an `anyOf` of one schema per type.
fn type_list(schema: &mut Map<String, Value>) -> bool {
    let Some(Value::Array(types)) = schema.get("type") else {
        return false;
    };
    let names: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    schema.remove("type");
    if names.iter().any(|t| t == "null") {
        schema.insert("nullable".into(), json!(true));
    }
    let others: Vec<&String> = names.iter().filter(|t| *t != "null").collect();
    match others.as_slice() {
        [] => {}
        [one] => {
            schema.insert("type".into(), json!(one));
        }
        several if !schema.contains_key("anyOf") => {
            let branches: Vec<Value> = several.iter().map(|t| json!({"type": t})).collect();
            schema.insert("anyOf".into(), Value::Array(branches));
        }
        // An `anyOf` already there decides; the types add nothing to type.
        _ => {}
    }
    true
}

/// Whether a schema only says "null" (a title or description aside).
fn is_null(schema: &Value) -> bool {
    let Some(members) = schema.as_object() else {
        return false;
    };
    let null_type = members.get("type") == Some(&json!("null"))
        || members.get("enum") == Some(&json!([null]))
        || members.get("const") == Some(&Value::Null);
    null_type
        && members
            .keys()
            .all(|k| matches!(k.as_str(), "type" | "enum" | "const" | "title" | "description"))
}

/// `anyOf: [X, {type: null}]` (what pydantic writes for `Optional[X]`) →
/// `X` with `nullable: true`: a `$ref` keeps `nullable` as a sibling; an
/// inline branch's members move up into the schema.
fn null_branches(schema: &mut Map<String, Value>, moves: &mut Moves) -> bool {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = schema.get(key) else {
            continue;
        };
        if !branches.iter().any(is_null) {
            continue;
        }
        let kept: Vec<(usize, Value)> = branches
            .iter()
            .enumerate()
            .filter(|(_, branch)| !is_null(branch))
            .map(|(index, branch)| (index, branch.clone()))
            .collect();
        schema.insert("nullable".into(), json!(true));
        schema.remove(key);
        let composed = ["anyOf", "oneOf", "allOf", "type", "$ref", "properties"]
            .iter()
            .any(|k| schema.contains_key(*k));
        match kept.as_slice() {
            [(index, Value::Object(branch))] if !composed => {
                for (member, value) in branch {
                    if !schema.contains_key(member) || member == "nullable" {
                        moves.moved(
                            format!("/{}", crate::error::pointer_token(member)),
                            format!("/{key}/{index}/{}", crate::error::pointer_token(member)),
                        );
                        schema.insert(member.clone(), value.clone());
                    }
                }
                if branch.contains_key("$ref") {
                    // The schema now is the reference: problems with it are
                    // about the branch the user wrote (recorded last: the
                    // moves above are relative to the schema as it was).
                    moves.moved("", format!("/{key}/{index}"));
                }
            }
            _ => {
                for (at, (index, _)) in kept.iter().enumerate() {
                    moves.moved(format!("/{key}/{at}"), format!("/{key}/{index}"));
                }
                let branches = kept.into_iter().map(|(_, branch)| branch).collect();
                schema.insert(key.into(), Value::Array(branches));
            }
        }
        return true;
    }
    false
}

/// `const: v` → a one-value `enum` (typed from the value when untyped).
fn constant(schema: &mut Map<String, Value>) {
    let Some(value) = schema.remove("const") else { return };
    if !schema.contains_key("type") {
        let kind = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(kind) = kind {
            schema.insert("type".into(), json!(kind));
        }
    }
    schema.entry("enum").or_insert_with(|| Value::Array(vec![value]));
}

/// A numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true`
/// (the tighter bound wins when `minimum` is there too); the same for
/// maximum.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, inclusive, tighter) in [
        ("exclusiveMinimum", "minimum", 1.0),
        ("exclusiveMaximum", "maximum", -1.0),
    ] {
        let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else {
            continue;
        };
        let as_f64 = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
        let inclusive_is_tighter = schema
            .get(inclusive)
            .is_some_and(|existing| (as_f64(existing) - bound.as_f64().unwrap_or(f64::NAN)) * tighter >= 0.0);
        if inclusive_is_tighter {
            schema.remove(exclusive);
        } else {
            schema.insert(inclusive.into(), Value::Number(bound));
            schema.insert(exclusive.into(), json!(true));
        }
    }
}

/// An integer's bounds written as floats (pydantic writes `ge=0` as
/// `minimum: 0.0`) are integers; 3.0 readers refuse a float there.
fn integral_bounds(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        let Some(Value::Number(number)) = schema.get(key) else {
            continue;
        };
        let Some(float) = number.as_f64().filter(|_| number.is_f64()) else {
            continue;
        };
        // Beyond ±2^53 the float is not exact anyway; within it, an
        // integral float is that integer.
        if float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0 {
            schema.insert(key.into(), json!(float as i64));
        }
    }
}

/// `contentEncoding: base64` → `format: byte`; another `contentMediaType`
/// on a string → `format: binary` (raw bytes).
fn content_encoding(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media = schema.remove("contentMediaType");
    if schema.contains_key("format") {
        return;
    }
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media.as_ref().and_then(Value::as_str),
    ) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(media)) if !media.starts_with("text/") && !media.contains("json") => "binary",
        _ => return,
    };
    schema.insert("format".into(), json!(format));
    schema.entry("type").or_insert_with(|| json!("string"));
}

impl Rewrite<'_> {
    /// One pattern's schema is the map's values; several patterns' values
    /// are any JSON (each could be another shape).
    fn pattern_properties(&mut self, schema: &mut Map<String, Value>, at: &At, moves: &mut Moves) {
        let Some(Value::Object(patterns)) = schema.remove("patternProperties") else {
            return;
        };
        if schema.contains_key("additionalProperties") || patterns.is_empty() {
            return;
        }
        if let [(pattern, values)] = Vec::from_iter(patterns.iter()).as_slice() {
            let token = crate::error::pointer_token(pattern);
            moves.moved("/additionalProperties", format!("/patternProperties/{token}"));
            schema.insert("additionalProperties".into(), (*values).clone());
        } else {
            let message = "several `patternProperties` are read as one map of any JSON values";
            self.notes
                .push(Note::warning(was(at, moves, "patternProperties"), message));
            schema.insert("additionalProperties".into(), json!(true));
        }
    }

    /// A tuple (`prefixItems`) is read as a list of its items' type when
    /// they share one, of any JSON otherwise; a warning says so.
    fn prefix_items(&mut self, schema: &mut Map<String, Value>, at: &At, moves: &mut Moves) {
        let Some(Value::Array(items)) = schema.remove("prefixItems") else {
            return;
        };
        if schema.get("items").is_some_and(Value::is_object) {
            return;
        }
        let written_at = was(at, moves, "prefixItems");
        let all_alike = items.windows(2).all(|pair| pair[0] == pair[1]);
        let read_as = match items.first() {
            Some(first) if all_alike => {
                moves.moved("/items", "/prefixItems/0");
                first.clone()
            }
            _ => json!({}),
        };
        let message = format!(
            "`prefixItems` (a tuple of {}) is read as a list{}",
            items.len(),
            if all_alike {
                " of its one item type"
            } else {
                " of any JSON values"
            }
        );
        self.notes.push(Note::warning(written_at, message));
        schema.insert("items".into(), read_as);
        schema.entry("type").or_insert_with(|| json!("array"));
    }

    /// `if`/`then`/`else` and friends only add validation the server does,
    /// unless they declare properties: those are not typed, and a warning
    /// says so.
    fn conditionals(&mut self, schema: &mut Map<String, Value>, at: &At, moves: &mut Moves) {
        for key in [
            "if",
            "then",
            "else",
            "dependentSchemas",
            "unevaluatedProperties",
            "unevaluatedItems",
        ] {
            let Some(value) = schema.remove(key) else { continue };
            let declares = value.get("properties").is_some()
                || value
                    .as_object()
                    .is_some_and(|m| m.values().any(|v| v.get("properties").is_some()));
            if key == "unevaluatedProperties" && !schema.contains_key("additionalProperties") && value.is_object() {
                moves.moved("/additionalProperties", "/unevaluatedProperties");
                schema.insert("additionalProperties".into(), value);
            } else if declares {
                let message = format!("the properties `{key}` declares are not typed (JSON Schema conditionals)");
                self.notes.push(Note::warning(was(at, moves, key), message));
            }
        }
    }
}

/// Where the schema's member `key` was written in the user's document (a
/// merged branch's members were written inside the branch).
fn was(at: &At, moves: &Moves, key: &str) -> String {
    format!(
        "{}{}",
        at.was,
        moves.was_of(&format!("/{}", crate::error::pointer_token(key)))
    )
}

mod paths;
#[cfg(test)]
mod tests;
