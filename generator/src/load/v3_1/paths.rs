//! The parts of a 3.1 document beyond schemas that 3.0 does not have:
//! path items shared under `components/pathItems`, and webhooks' bodies.

use serde_json::{json, Value};

use super::super::origins::Origins;
use super::super::Note;

/// Each webhook's inline request body moves under
/// `components/requestBodies` (named `<webhook>_<method>`), so the
/// generator reaches it as it reaches any shared body.
pub(super) fn webhook_bodies(document: &mut Value, origins: &mut Origins) {
    let mut taken: Vec<String> = match document.pointer("/components/requestBodies") {
        Some(Value::Object(bodies)) => bodies.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let Some(Value::Object(webhooks)) = document.get_mut("webhooks") else {
        return;
    };
    let mut moved = Vec::new();
    for (name, item) in webhooks.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, operation) in item.iter_mut() {
            let Some(body) = operation.get_mut("requestBody").filter(|b| b.get("$ref").is_none()) else {
                continue;
            };
            let base: String = format!("{name}_{method}")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let mut key = base.clone();
            for n in 2.. {
                if !taken.contains(&key) {
                    break;
                }
                key = format!("{base}{n}");
            }
            taken.push(key.clone());
            let token = crate::error::pointer_token(&key);
            let now = format!("/components/requestBodies/{token}");
            let was = format!("/webhooks/{}/{method}/requestBody", crate::error::pointer_token(name));
            origins.record(&now, &was);
            let reference = json!({ "$ref": format!("#/components/requestBodies/{token}") });
            moved.push((key, std::mem::replace(body, reference)));
        }
    }
    if moved.is_empty() {
        return;
    }
    let Some(root) = document.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| json!({}));
    if let Some(components) = components.as_object_mut() {
        let bodies = components.entry("requestBodies").or_insert_with(|| json!({}));
        if let Some(bodies) = bodies.as_object_mut() {
            bodies.extend(moved);
        }
    }
}

/// `paths` entries that are a `$ref` to `components/pathItems` become the
/// path item they name (3.0 has no such components).
pub(super) fn inline_path_items(document: &mut Value, origins: &mut Origins, notes: &mut Vec<Note>) {
    let items = document.pointer("/components/pathItems").cloned();
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let at = format!("/paths/{}", crate::error::pointer_token(path));
        let Some(name) = reference.strip_prefix("#/components/pathItems/") else {
            let message = format!("path item `$ref` `{reference}` does not name a `#/components/pathItems` entry");
            let hint = Some("3.1 path items can refer only to `#/components/pathItems/<name>`");
            notes.push(Note::error(format!("{at}/$ref"), message, hint));
            continue;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        match items.as_ref().and_then(|items| items.get(&name)) {
            Some(target) => {
                origins.record(
                    &at,
                    &format!("/components/pathItems/{}", crate::error::pointer_token(&name)),
                );
                *item = target.clone();
            }
            None => {
                let message = format!("`$ref` `{reference}`: no such path item in `components/pathItems`");
                let hint = Some("define it under components/pathItems");
                notes.push(Note::error(format!("{at}/$ref"), message, hint));
            }
        }
    }
    if let Some(Value::Object(components)) = document.get_mut("components") {
        // Their schemas are reached through `paths`; kept, they would be
        // read a second time by the walk.
        components.remove("pathItems");
    }
}
