//! What `tools/list` shows of a tool: its schema made compact without
//! changing what it accepts — the server validates every argument in full
//! whatever the listing says, and `describe_operation` answers with the full
//! schema and prose. Measured on Twilio's api_v2010 (197 tools): 552 KB as
//! generated, about 150 KB listed.
//!
//! - Prose: markdown links lose their URL; a required parameter keeps its
//!   first sentence unless a pattern says what it is (an ID), an optional
//!   one none (its name, type, pattern and values stay), except the note
//!   that it defaults to the credentials' account; `X<`/`X>` filters say
//!   how they differ from `X`.
//! - An enum of more than [`LISTED_VALUES`] values is summarized (Twilio's
//!   usage categories are 1,200 values, in eleven tools).
//! - Parameters numbered alike (`Parameter1.Name` … `Parameter99.Name`) are
//!   one `patternProperties` entry.

use serde_json::{Map, Value};

/// The most enum values listed as such.
pub const LISTED_VALUES: usize = 32;

/// The note the generator gives a parameter that defaults to the account of
/// the server's credentials; kept in the listing, since agents otherwise ask
/// their user for it.
pub const ACCOUNT_DEFAULT_NOTE: &str = "Leave it out: defaults to the credentials' account.";

/// A tool's input schema as listed.
pub fn compact(schema: &Value) -> Value {
    let Value::Object(schema) = schema else {
        return schema.clone();
    };
    let mut out = schema.clone();
    out.remove("$schema");
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if required.is_empty() {
        out.remove("required");
    }
    let Some(Value::Object(properties)) = schema.get("properties") else {
        return Value::Object(out);
    };
    let mut listed = Map::new();
    let mut numbered: Vec<(String, Value, usize)> = Vec::new();
    for (name, property) in properties {
        let property = compact_property(name, property, required.contains(&name.as_str()), properties);
        match numbered_pattern(name) {
            Some(pattern) if !required.contains(&name.as_str()) => {
                match numbered
                    .iter_mut()
                    .find(|(p, schema, _)| *p == pattern && *schema == property)
                {
                    Some((_, _, count)) => *count += 1,
                    None => numbered.push((pattern, property.clone(), 1)),
                }
                listed.insert(name.clone(), property);
            }
            _ => {
                listed.insert(name.clone(), property);
            }
        }
    }
    // A pattern stands for its parameters only when there are many alike.
    let mut patterns = Map::new();
    for (pattern, property, _) in numbered.into_iter().filter(|(_, _, count)| *count > 3) {
        let regex = format!("^{}$", pattern.replace('.', "\\.").replace('#', "[0-9]+"));
        listed.retain(|name, schema| !(numbered_pattern(name).as_deref() == Some(&pattern) && *schema == property));
        patterns.insert(regex, property);
    }
    out.insert("properties".into(), Value::Object(listed));
    if !patterns.is_empty() {
        out.insert("patternProperties".into(), Value::Object(patterns));
    }
    Value::Object(out)
}

fn compact_property(name: &str, property: &Value, required: bool, all: &Map<String, Value>) -> Value {
    let Value::Object(property) = property else {
        return property.clone();
    };
    let mut out = property.clone();
    let prose = property.get("description").and_then(Value::as_str).unwrap_or_default();
    let mut description = if let Some(base) = name.strip_suffix('<').filter(|base| all.contains_key(*base)) {
        format!("`{base}`, on or before.")
    } else if let Some(base) = name.strip_suffix('>').filter(|base| all.contains_key(*base)) {
        format!("`{base}`, on or after.")
    } else if prose.ends_with(ACCOUNT_DEFAULT_NOTE) {
        ACCOUNT_DEFAULT_NOTE.to_owned()
    } else if required && !property.contains_key("pattern") {
        first_sentence(&unlinked(prose))
    } else {
        String::new()
    };
    let enumerated = match out.get_mut("items") {
        Some(Value::Object(items)) if items.contains_key("enum") => items,
        _ => &mut out,
    };
    if let Some(Value::Array(values)) = enumerated.get("enum") {
        if values.len() > LISTED_VALUES {
            let examples: Vec<&str> = values.iter().filter_map(Value::as_str).take(3).collect();
            let summary = format!(
                "One of {} values, e.g. `{}`; describe_operation lists them all.",
                values.len(),
                examples.join("`, `")
            );
            enumerated.remove("enum");
            description = format!("{description} {summary}").trim().to_owned();
        }
    }
    if description.is_empty() {
        out.remove("description");
    } else {
        out.insert("description".into(), description.into());
    }
    Value::Object(out)
}

/// `Parameter12.Name` → `Parameter#.Name`; `None` without digits.
fn numbered_pattern(name: &str) -> Option<String> {
    let mut pattern = String::with_capacity(name.len());
    let mut digits = false;
    let mut previous_digit = false;
    for ch in name.chars() {
        if ch.is_ascii_digit() {
            if !previous_digit {
                pattern.push('#');
            }
            digits = true;
            previous_digit = true;
        } else {
            pattern.push(ch);
            previous_digit = false;
        }
    }
    digits.then_some(pattern)
}

/// `[Account](https://…)` → `Account`.
fn unlinked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            target.find(')').map(|end| (close, close + 2 + end + 1))
        });
        match link {
            Some((close, end)) if !after[..close].contains('[') => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Up to the first `. ` (or the whole text).
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text.to_owned(),
    }
}

/// A tool description as listed: links without their URL.
pub fn description(text: &str) -> String {
    unlinked(text)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn prose_is_cut_but_not_what_the_schema_accepts() {
        let full = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "AccountSid": { "type": "string", "pattern": "^AC[0-9a-fA-F]{32}$",
                    "description": format!("The SID of the [Account](https://x.example/a) to read. {ACCOUNT_DEFAULT_NOTE}") },
                "To": { "type": "string", "description": "The [phone number](https://x.example/p) to call. More prose." },
                "Timeout": { "type": "integer", "minimum": 1, "description": "How long to wait. Long prose." },
                "DateCreated": { "type": "string", "format": "date", "description": "Created on this date." },
                "DateCreated<": { "type": "string", "format": "date", "description": "Created on this date." },
                "Category": { "type": "string", "enum": (0..40).map(|n| format!("c{n}")).collect::<Vec<_>>() },
                "Method": { "type": "string", "enum": ["GET", "POST"], "description": "The method." }
            },
            "required": ["To"],
            "additionalProperties": false
        });
        let listed = compact(&full);
        assert_eq!(
            listed,
            json!({
                "type": "object",
                "properties": {
                    "AccountSid": { "type": "string", "pattern": "^AC[0-9a-fA-F]{32}$", "description": ACCOUNT_DEFAULT_NOTE },
                    "To": { "type": "string", "description": "The phone number to call." },
                    "Timeout": { "type": "integer", "minimum": 1 },
                    "DateCreated": { "type": "string", "format": "date" },
                    "DateCreated<": { "type": "string", "format": "date", "description": "`DateCreated`, on or before." },
                    "Category": { "type": "string",
                        "description": "One of 40 values, e.g. `c0`, `c1`, `c2`; describe_operation lists them all." },
                    "Method": { "type": "string", "enum": ["GET", "POST"] }
                },
                "required": ["To"],
                "additionalProperties": false
            })
        );
    }

    #[test]
    fn many_parameters_numbered_alike_are_one_pattern() {
        let mut properties = Map::new();
        for n in 1..=99 {
            properties.insert(
                format!("Parameter{n}.Name"),
                json!({ "type": "string", "description": "Name" }),
            );
        }
        properties.insert("Url".into(), json!({ "type": "string" }));
        properties.insert("Track1".into(), json!({ "type": "string" }));
        let listed = compact(&json!({ "type": "object", "properties": properties, "required": [] }));
        assert_eq!(
            listed,
            json!({
                "type": "object",
                "properties": { "Url": { "type": "string" }, "Track1": { "type": "string" } },
                "patternProperties": { "^Parameter[0-9]+\\.Name$": { "type": "string" } }
            })
        );
    }

    #[test]
    fn links_lose_their_target_and_nothing_else() {
        assert_eq!(
            unlinked("See [the docs](https://a.example/(x)) and [x] y."),
            "See the docs) and [x] y."
        );
        assert_eq!(unlinked("[a](b)[c](d) [e]"), "ac [e]");
        assert_eq!(unlinked("no links"), "no links");
    }
}
