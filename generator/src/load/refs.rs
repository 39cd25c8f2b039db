//! Local `$ref`s that point anywhere in the document (into a path's
//! response, deep inside a component) are moved to where the rest of the
//! generator looks for them: the target is copied into `components` under a
//! name made from its location, and every `$ref` to it is rewritten.
//! References to `#/components/<kind>/<name>` are left as they are.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Rewrites the document in place, recording where each copy came from;
/// returns how many targets were moved.
pub fn hoist(document: &mut Value, origins: &mut super::Origins) -> usize {
    let mut targets = BTreeMap::new();
    collect(document, &mut targets);
    let mut names: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut taken: Vec<String> = Vec::new();
    for pointer in targets.keys() {
        if document.pointer(pointer).is_none() {
            continue; // Reported as a missing target where it is used.
        }
        let kind = kind_of(pointer);
        let mut name = name_for(pointer);
        let existing = |name: &str| {
            document
                .pointer(&format!("/components/{kind}/{}", crate::error::pointer_token(name)))
                .is_some()
        };
        let base = name.clone();
        let mut n = 2;
        while existing(&name) || taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.push(name.clone());
        names.insert(pointer.clone(), (kind.to_owned(), name));
    }
    if names.is_empty() {
        return 0;
    }
    rewrite(document, &names);
    let copies: Vec<(&String, String, String, Value)> = names
        .iter()
        .filter_map(|(pointer, (kind, name))| {
            Some((pointer, kind.clone(), name.clone(), document.pointer(pointer)?.clone()))
        })
        .collect();
    let count = copies.len();
    let Some(root) = document.as_object_mut() else { return 0 };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    for (pointer, kind, name, value) in copies {
        let now = format!("/components/{kind}/{}", crate::error::pointer_token(&name));
        origins.record(&now, &origins.original(pointer));
        if let Some(components) = components.as_object_mut() {
            let section = components.entry(kind).or_insert_with(|| Value::Object(Map::new()));
            if let Some(section) = section.as_object_mut() {
                section.insert(name, value);
            }
        }
    }
    count
}

/// The JSON pointer a local `$ref` names, if it is not a plain component.
fn non_component_target(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_decode(fragment);
    let tokens: Vec<&str> = decoded.split('/').skip(1).collect();
    let plain = tokens.len() == 3 && tokens[0] == "components";
    (!plain && !tokens.is_empty()).then_some(decoded)
}

fn collect(value: &Value, targets: &mut BTreeMap<String, ()>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if let Some(pointer) = non_component_target(reference) {
                    targets.insert(pointer, ());
                }
            }
            map.values().for_each(|v| collect(v, targets));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, targets)),
        _ => {}
    }
}

fn rewrite(value: &mut Value, names: &BTreeMap<String, (String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some((kind, name)) = non_component_target(reference).and_then(|p| names.get(&p)) {
                    *reference = format!("#/components/{kind}/{}", crate::error::pointer_token(name));
                }
            }
            map.values_mut().for_each(|v| rewrite(v, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, names)),
        _ => {}
    }
}

/// Which `components` section a target belongs in, from where it sits.
fn kind_of(pointer: &str) -> &'static str {
    let tokens: Vec<&str> = pointer.split('/').collect();
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i]);
    match (parent, tokens.last().copied()) {
        (Some("parameters"), _) => "parameters",
        (Some("responses"), _) => "responses",
        (_, Some("requestBody")) => "requestBodies",
        (Some("headers"), _) => "headers",
        (Some("examples"), _) => "examples",
        _ => "schemas",
    }
}

/// A readable component name from the target's location:
/// `/paths/~1chargers~1{id}/get/responses/200` → `chargers_id_get_responses_200`.
fn name_for(pointer: &str) -> String {
    const NOISE: &[&str] = &["paths", "components", "schemas", "content", "schema", "properties"];
    let words: Vec<String> = pointer
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .filter(|t| !NOISE.contains(&t.as_str()) && !t.contains("json"))
        .flat_map(|t| {
            t.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    if words.is_empty() {
        "hoisted".to_owned()
    } else {
        words.join("_")
    }
}

/// `%7B` → `{`: a `$ref` is a URI, its fragment percent-encoded.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_ref_into_a_path_becomes_a_component() {
        let mut document = json!({
            "paths": {
                "/a/{id}": {"get": {"responses": {"200": {"description": "A", "content": {"application/json": {"schema": {"type": "object", "properties": {"item": {"$ref": "#/components/schemas/Thing/properties/inner"}}}}}}}}},
                "/b": {"get": {"responses": {"200": {"$ref": "#/paths/~1a~1%7Bid%7D/get/responses/200"}}}}
            },
            "components": {"schemas": {"Thing": {"type": "object", "properties": {"inner": {"type": "string"}}}}}
        });
        let mut origins = crate::load::Origins::default();
        assert_eq!(hoist(&mut document, &mut origins), 2);
        assert_eq!(
            origins.original("/components/schemas/Thing_inner/type"),
            "/components/schemas/Thing/properties/inner/type",
            "problems in a copy are reported where the user wrote it"
        );
        assert_eq!(
            document.pointer("/paths/~1b/get/responses/200/$ref"),
            Some(&json!("#/components/responses/a_id_get_responses_200"))
        );
        let response = document
            .pointer("/components/responses/a_id_get_responses_200")
            .expect("moved");
        assert_eq!(response["description"], "A");
        assert_eq!(
            response.pointer("/content/application~1json/schema/properties/item/$ref"),
            Some(&json!("#/components/schemas/Thing_inner")),
            "refs inside the copy are rewritten too"
        );
        assert_eq!(
            document.pointer("/components/schemas/Thing_inner"),
            Some(&json!({"type": "string"}))
        );
    }

    #[test]
    fn component_refs_and_missing_targets_are_left_alone() {
        let mut document = json!({"a": {"$ref": "#/components/schemas/X"}, "b": {"$ref": "#/nowhere/at/all"}});
        let before = document.clone();
        assert_eq!(hoist(&mut document, &mut crate::load::Origins::default()), 0);
        assert_eq!(document, before);
    }
}
