//! Every operation as an agent tool: a name, a description and a JSON Schema
//! for its arguments (`tools()`), and `call_tool(name, json)`, which goes
//! through the same typed, validated request builders as the Rust API.

use std::fmt;

use serde_json::{Map, Value};

use super::{Error, Page, Paginator, TwilioError};

/// One operation, described for an agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tool {
    /// Tool name: the `operationId` in lower camel case (`listConference`).
    pub name: &'static str,
    /// The spec's `operationId` (`ListConference`); also accepted by `call_tool`.
    pub operation_id: &'static str,
    /// The API module it belongs to (`api_v2010`).
    pub domain: &'static str,
    /// The operation's summary and description.
    pub description: &'static str,
    /// JSON Schema (draft 2020-12) of the arguments, as JSON text.
    pub input_schema: &'static str,
}

impl Tool {
    /// The argument schema as a JSON value.
    pub fn input_schema(&self) -> Value {
        serde_json::from_str(self.input_schema).unwrap_or(Value::Null)
    }

    /// The tool as one entry of MCP's `tools/list`: `name`, `description`, `inputSchema`.
    pub fn mcp_entry(&self) -> Value {
        serde_json::json!({ "name": self.name, "description": self.description, "inputSchema": self.input_schema() })
    }
}

/// The tools as MCP's `tools/list` result: `{"tools": [...]}`.
pub fn tools_list(tools: &[Tool]) -> Value {
    serde_json::json!({ "tools": tools.iter().map(Tool::mcp_entry).collect::<Vec<_>>() })
}

/// Why a tool call failed. Nothing is sent unless every argument validated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ToolError {
    /// No tool has this name.
    #[error("unknown tool `{name}`{}", suggest(.suggestions))]
    UnknownTool {
        /// The name asked for.
        name: String,
        /// Tools with close names.
        suggestions: Vec<&'static str>,
    },
    /// The arguments are not a JSON object.
    #[error("`{tool}` takes a JSON object of arguments")]
    NotAnObject {
        /// The tool.
        tool: &'static str,
    },
    /// A required argument is absent (or null).
    #[error("`{tool}` needs the argument `{argument}`")]
    MissingArgument {
        /// The tool.
        tool: &'static str,
        /// The argument's spec name.
        argument: &'static str,
    },
    /// An argument the tool does not take.
    #[error("`{tool}` has no argument `{argument}`")]
    UnknownArgument {
        /// The tool.
        tool: &'static str,
        /// The argument as given.
        argument: String,
    },
    /// An argument of the wrong type, or failing its pattern, enum or bounds.
    #[error("argument `{argument}` of `{tool}`: {reason}")]
    InvalidArgument {
        /// The tool.
        tool: &'static str,
        /// The argument's spec name.
        argument: String,
        /// The rule it broke.
        reason: String,
    },
    /// The API answered with its error body.
    #[error("API error (HTTP {status}): {error}")]
    Api {
        /// HTTP status.
        status: u16,
        /// Twilio's code and message.
        error: TwilioError,
    },
    /// The request failed otherwise (transport, decoding, …).
    #[error(transparent)]
    Request(Error),
}

fn suggest(suggestions: &[&str]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(
            "; did you mean {}?",
            suggestions
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl ToolError {
    /// An unknown-tool error with up to five close names.
    pub fn unknown(name: &str, tools: &[Tool]) -> Self {
        let wanted = name.to_ascii_lowercase();
        let mut scored: Vec<(usize, &'static str)> = tools
            .iter()
            .map(|tool| (edit_distance(&wanted, &tool.name.to_ascii_lowercase()), tool.name))
            .filter(|(distance, tool)| *distance <= 3 || tool.to_ascii_lowercase().contains(&wanted))
            .collect();
        scored.sort();
        let suggestions = scored.into_iter().take(5).map(|(_, tool)| tool).collect();
        ToolError::UnknownTool {
            name: name.to_owned(),
            suggestions,
        }
    }

    fn from_call(tool: &'static str, error: Error) -> Self {
        match error {
            Error::InvalidParameter { parameter, source } => ToolError::InvalidArgument {
                tool,
                argument: parameter.to_owned(),
                reason: source.to_string(),
            },
            Error::Api { status, error } => ToolError::Api { status, error },
            other => ToolError::Request(other),
        }
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// A value an argument can take, converted strictly from JSON.
pub trait FromToolArg: Sized {
    /// The value, or why the JSON does not fit.
    fn from_tool_arg(value: Value) -> Result<Self, String>;
}

fn expected(what: &str, value: &Value) -> String {
    format!("expected {what}, got {value}")
}

impl FromToolArg for String {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        match value {
            Value::String(text) => Ok(text),
            other => Err(expected("a string", &other)),
        }
    }
}

impl FromToolArg for bool {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        match value {
            Value::Bool(flag) => Ok(flag),
            Value::String(text) if text == "true" || text == "false" => Ok(text == "true"),
            other => Err(expected("a boolean", &other)),
        }
    }
}

macro_rules! integer_arg {
    ($($ty:ty),*) => {$(
        impl FromToolArg for $ty {
            fn from_tool_arg(value: Value) -> Result<Self, String> {
                let number = match &value {
                    Value::Number(number) => number.as_i64(),
                    Value::String(text) => text.trim().parse::<i64>().ok(),
                    _ => None,
                };
                number.and_then(|n| <$ty>::try_from(n).ok()).ok_or_else(|| expected("an integer", &value))
            }
        }
    )*};
}

integer_arg!(i32, i64);

impl FromToolArg for f64 {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        let number = match &value {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        number.ok_or_else(|| expected("a number", &value))
    }
}

impl FromToolArg for time::Date {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        let text = String::from_tool_arg(value)?;
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(&text, format).map_err(|_| format!("`{text}` is not a date (YYYY-MM-DD)"))
    }
}

impl FromToolArg for time::OffsetDateTime {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        let text = String::from_tool_arg(value)?;
        time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
            .map_err(|_| format!("`{text}` is not an ISO 8601 date-time"))
    }
}

impl FromToolArg for Value {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

impl<T: FromToolArg> FromToolArg for Vec<T> {
    /// An array; a single value stands for an array of one.
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items.into_iter().map(T::from_tool_arg).collect(),
            single => Ok(vec![T::from_tool_arg(single)?]),
        }
    }
}

/// The arguments of one call, taken one by one; whatever is left over is an
/// unknown argument.
pub struct ToolArgs {
    tool: &'static str,
    args: Map<String, Value>,
}

impl fmt::Debug for ToolArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ToolArgs")
            .field("tool", &self.tool)
            .field("args", &self.args.keys())
            .finish()
    }
}

impl ToolArgs {
    /// Arguments for `tool`; they must be a JSON object (or null for none).
    pub fn new(tool: &'static str, args: &Value) -> Result<Self, ToolError> {
        match args {
            Value::Object(map) => Ok(Self {
                tool,
                args: map.clone(),
            }),
            Value::Null => Ok(Self { tool, args: Map::new() }),
            _ => Err(ToolError::NotAnObject { tool }),
        }
    }

    fn invalid(&self, argument: &str, reason: String) -> ToolError {
        ToolError::InvalidArgument {
            tool: self.tool,
            argument: argument.to_owned(),
            reason,
        }
    }

    /// A required argument.
    pub fn required<T: FromToolArg>(&mut self, argument: &'static str) -> Result<T, ToolError> {
        self.optional(argument)?.ok_or(ToolError::MissingArgument {
            tool: self.tool,
            argument,
        })
    }

    /// An optional argument; `null` counts as absent.
    pub fn optional<T: FromToolArg>(&mut self, argument: &'static str) -> Result<Option<T>, ToolError> {
        match self.args.remove(argument) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::from_tool_arg(value)
                .map(Some)
                .map_err(|reason| self.invalid(argument, reason)),
        }
    }

    /// A JSON body argument, decoded into its model.
    pub fn json<T: serde::de::DeserializeOwned>(&mut self, argument: &'static str) -> Result<Option<T>, ToolError> {
        match self.args.remove(argument) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => serde_json::from_value(value)
                .map(Some)
                .map_err(|e| self.invalid(argument, e.to_string())),
        }
    }

    /// Fails on any argument not taken.
    pub fn finish(self) -> Result<(), ToolError> {
        match self.args.into_iter().next() {
            Some((argument, _)) => Err(ToolError::UnknownArgument {
                tool: self.tool,
                argument,
            }),
            None => Ok(()),
        }
    }

    /// Sends a call that returns one JSON document.
    pub async fn send<T: serde::Serialize>(
        self,
        call: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<Value, ToolError> {
        let tool = self.tool;
        self.finish()?;
        let response = call.await.map_err(|error| ToolError::from_call(tool, error))?;
        serde_json::to_value(response).map_err(|e| ToolError::Request(Error::Config(e.to_string())))
    }

    /// Sends a list call and gathers items across pages: `limit` (default
    /// 50) caps them; `pageMetadata: true` adds each page without its items.
    pub async fn list<P: Page + serde::Serialize>(mut self, paginator: Paginator<P>) -> Result<Value, ToolError>
    where
        P::Item: serde::Serialize,
    {
        use futures::TryStreamExt;
        let limit: i64 = self.optional("limit")?.unwrap_or(DEFAULT_LIMIT);
        let limit = usize::try_from(limit).ok().filter(|l| *l > 0);
        let limit = limit.ok_or_else(|| self.invalid("limit", "must be a positive integer".into()))?;
        let with_meta: bool = self.optional("pageMetadata")?.unwrap_or(false);
        let tool = self.tool;
        self.finish()?;
        let pages: Vec<P> = paginator
            .limit(limit)
            .pages()
            .try_collect()
            .await
            .map_err(|error| ToolError::from_call(tool, error))?;
        let mut items = Vec::new();
        let mut meta = Vec::new();
        for page in pages {
            if with_meta {
                meta.push(page_metadata(&page));
            }
            items.extend(page.into_items());
        }
        items.truncate(limit);
        let items = serde_json::to_value(items).map_err(|e| ToolError::Request(Error::Config(e.to_string())))?;
        let mut result = Map::new();
        result.insert("items".into(), items);
        if with_meta {
            result.insert("pages".into(), Value::Array(meta));
        }
        Ok(Value::Object(result))
    }
}

/// Items a list tool returns when no `limit` is given.
pub const DEFAULT_LIMIT: i64 = 50;

/// A page as JSON without its item array (the one array-valued member).
fn page_metadata<P: serde::Serialize>(page: &P) -> Value {
    match serde_json::to_value(page) {
        Ok(Value::Object(mut map)) => {
            map.retain(|_, value| !value.is_array());
            Value::Object(map)
        }
        _ => Value::Null,
    }
}

#[macro_export]
#[doc(hidden)]
/// Sets each optional argument present on the builder:
/// `tool_setters!(args, builder, [setter: Type = "Wire", …])`.
macro_rules! tool_setters {
    ($args:ident, $builder:ident, [$($setter:ident : $ty:ty = $wire:literal),* $(,)?]) => {
        $(
            let $builder = match $args.optional::<$ty>($wire)? {
                Some(value) => $builder.$setter(value),
                None => $builder,
            };
        )*
    };
}

/// Tool arguments for validated strings and open enums: parsed strictly
/// (`FromStr`), so a value outside the pattern or the enum is refused.
#[macro_export]
#[doc(hidden)]
macro_rules! tool_arg_from_str {
    ($($ty:ty),* $(,)?) => {
        $(impl $crate::FromToolArg for $ty {
            fn from_tool_arg(value: $crate::serde_json::Value) -> Result<Self, String> {
                let text = <String as $crate::FromToolArg>::from_tool_arg(value)?;
                text.parse::<Self>().map_err(|error| error.to_string())
            }
        })*
    };
}
