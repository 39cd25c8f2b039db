//! Discovery mode: instead of every operation, the listing starts with four
//! meta-tools — search the operations by words, describe one, call one, and
//! register an API (its operations are listed from then on, and the client
//! is told with `notifications/tools/list_changed`): the seed's
//! `register_api('twilio')` then `call_tool('listConference', …)`. An agent
//! holding all of Twilio pays for a few kilobytes of listing, not two
//! megabytes.

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{json, Value};

use super::catalog::Catalog;
use crate::Tool;

/// A meta-tool call, its arguments read.
pub(crate) enum Meta {
    /// `search_operations`.
    Search {
        query: String,
        api: Option<String>,
        limit: usize,
    },
    /// `describe_operation`.
    Describe(usize),
    /// `call_operation`.
    Call(usize, Option<JsonObject>),
    /// `register_api`.
    Register(&'static str),
}

const SEARCH: &str = "search_operations";
const DESCRIBE: &str = "describe_operation";
const CALL: &str = "call_operation";
const REGISTER: &str = "register_api";

/// The meta-tools, as listed: all four when `discover`, else only
/// `describe_operation` (the full schema and prose the compact listing
/// leaves out).
pub(crate) fn meta_tools(catalog: &Catalog, discover: bool) -> Vec<rmcp::model::Tool> {
    let apis = catalog.apis();
    let entry = |name: &'static str, description: String, schema: Value, read_only: bool| {
        let schema = match schema {
            Value::Object(map) => map,
            _ => JsonObject::new(),
        };
        let mut tool = rmcp::model::Tool::new(name, description, Arc::new(schema));
        tool.title = Some(super::server::title(name));
        let mut annotations = rmcp::model::ToolAnnotations::new();
        if read_only {
            annotations.read_only_hint = Some(true);
            annotations.open_world_hint = Some(false);
        }
        tool.annotations = Some(annotations);
        tool
    };
    let name = json!({ "type": "string", "description": "The operation's name, as search_operations gives it." });
    let describe = entry(
        DESCRIBE,
        "An operation's description and the JSON Schema of its arguments, with every parameter's prose.".to_owned(),
        json!({ "type": "object", "properties": { "name": name }, "required": ["name"], "additionalProperties": false }),
        true,
    );
    if !discover {
        return vec![describe];
    }
    vec![
        entry(
            SEARCH,
            format!(
                "Finds operations of the API ({} in all) by words: names, summaries, paths and parameter names, \
                 best first. Then describe_operation for its arguments, call_operation to call it.",
                catalog.len()
            ),
            json!({
                "type": "object",
                "properties": {
                    "query": { "type": "string", "description": "Words, e.g. `conferences list`." },
                    "api": { "type": "string", "enum": apis },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 50, "default": 10 }
                },
                "required": ["query"],
                "additionalProperties": false
            }),
            true,
        ),
        describe,
        entry(
            CALL,
            "Calls an operation by name. Arguments are validated (ID patterns, enums, bounds) before any request \
             is sent."
                .to_owned(),
            json!({
                "type": "object",
                "properties": { "name": name, "arguments": { "type": "object" } },
                "required": ["name"],
                "additionalProperties": false
            }),
            false,
        ),
        entry(
            REGISTER,
            "Lists every operation of one API as its own tool from now on (the tool list changes).".to_owned(),
            json!({
                "type": "object",
                "properties": { "api": { "type": "string", "enum": apis } },
                "required": ["api"],
                "additionalProperties": false
            }),
            false,
        ),
    ]
}

/// The meta-tool call `name` with `arguments`: `None` when `name` is no
/// meta-tool, `Err` with what to fix when the arguments do not fit.
pub(crate) fn parse(name: &str, arguments: Option<&JsonObject>, catalog: &Catalog) -> Option<Result<Meta, String>> {
    let empty = JsonObject::new();
    let arguments = arguments.unwrap_or(&empty);
    let text = |key: &str| arguments.get(key).and_then(Value::as_str);
    let operation = |key: &str| -> Result<usize, String> {
        let wanted = text(key).ok_or_else(|| format!("`{name}` needs `{key}`: an operation's name"))?;
        catalog.find(wanted).ok_or_else(|| {
            let close = crate::tools::close_names(wanted, catalog.iter().map(|(listed, _)| listed));
            format!(
                "no operation `{wanted}`{}; search_operations finds them by words",
                crate::tools::suggest(&close)
            )
        })
    };
    let unknown = arguments.keys().find(|key| {
        let allowed: &[&str] = match name {
            SEARCH => &["query", "api", "limit"],
            DESCRIBE => &["name"],
            CALL => &["name", "arguments"],
            _ => &["api"],
        };
        !allowed.contains(&key.as_str())
    });
    let meta = match name {
        SEARCH | DESCRIBE | CALL | REGISTER if unknown.is_some() => Err(format!(
            "`{name}` has no argument `{}`",
            unknown.map_or("", |key| key.as_str())
        )),
        SEARCH => match (text("query"), arguments.get("limit")) {
            (None, _) => Err(format!("`{SEARCH}` needs `query`: words to look for")),
            (Some(query), limit) => {
                let limit = match limit {
                    None => Ok(10),
                    Some(value) => value
                        .as_u64()
                        .filter(|n| (1..=50).contains(n))
                        .map(|n| n as usize)
                        .ok_or_else(|| "`limit` must be an integer from 1 to 50".to_owned()),
                };
                let api = api(arguments.get("api"), catalog).transpose();
                match (limit, api) {
                    (Ok(limit), Ok(api)) => Ok(Meta::Search {
                        query: query.to_owned(),
                        api: api.map(str::to_owned),
                        limit,
                    }),
                    (Err(why), _) | (_, Err(why)) => Err(why),
                }
            }
        },
        DESCRIBE => operation("name").map(Meta::Describe),
        CALL => match arguments.get("arguments") {
            None | Some(Value::Object(_)) => operation("name").map(|index| {
                let inner = match arguments.get("arguments") {
                    Some(Value::Object(inner)) => Some(inner.clone()),
                    _ => None,
                };
                Meta::Call(index, inner)
            }),
            Some(_) => Err("`arguments` must be a JSON object".to_owned()),
        },
        REGISTER => match api(arguments.get("api"), catalog) {
            Some(Ok(api)) => Ok(Meta::Register(api)),
            Some(Err(why)) => Err(why),
            None => Err(format!(
                "`{REGISTER}` needs `api`, one of: {}",
                catalog.apis().join(", ")
            )),
        },
        _ => return None,
    };
    Some(meta)
}

/// The API an argument names, if it is given.
fn api(value: Option<&Value>, catalog: &Catalog) -> Option<Result<&'static str, String>> {
    let wanted = value?;
    let apis = catalog.apis();
    Some(
        wanted
            .as_str()
            .and_then(|wanted| apis.iter().copied().find(|api| *api == wanted))
            .ok_or_else(|| format!("no API {wanted}; there are: {}", apis.join(", "))),
    )
}

/// `search_operations`' answer.
pub(crate) fn search(catalog: &Catalog, query: &str, api: Option<&str>, limit: usize) -> Value {
    let found: Vec<Value> = catalog
        .search(query, api, limit)
        .into_iter()
        .map(|index| {
            let (name, tool) = catalog.get(index);
            json!({ "name": name, "api": tool.domain, "method": tool.method, "path": tool.path, "summary": summary(tool) })
        })
        .collect();
    json!({ "operations": found })
}

/// `describe_operation`'s answer.
pub(crate) fn describe(catalog: &Catalog, index: usize) -> Value {
    let (name, tool) = catalog.get(index);
    json!({
        "name": name,
        "api": tool.domain,
        "method": tool.method,
        "path": tool.path,
        "description": tool.description,
        "inputSchema": tool.input_schema(),
        "outputSchema": tool.output_schema(),
        "readOnly": tool.read_only(),
        "destructive": tool.destructive(),
    })
}

/// The first sentence of a tool's description, at most 160 characters.
fn summary(tool: &Tool) -> String {
    let first = tool.description.split("\n\n").next().unwrap_or_default().trim();
    let sentence = first.find(". ").map_or(first, |end| &first[..=end]);
    match sentence.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", &sentence[..cut]),
        None => sentence.to_owned(),
    }
}
