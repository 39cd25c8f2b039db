//! Every operation as an agent tool: a name, a description and a JSON Schema
//! for its arguments (`tools()`), and `call_tool(name, json)`, which goes
//! through the same typed, validated request builders as the Rust API.

mod args;
mod error;

use serde_json::Value;

pub use args::{FromToolArg, ToolArgs, DEFAULT_LIMIT, MAX_RESULT_BYTES};
pub use error::ToolError;
#[cfg(feature = "mcp")]
pub(crate) use error::{close_names, suggest};

/// One operation, described for an agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tool {
    /// Tool name: the `operationId` in lower camel case (`listConference`).
    /// It depends on the operation alone, never on which other APIs are
    /// compiled in; where two enabled APIs share it, [`Tool::qualified_name`]
    /// tells them apart.
    pub name: &'static str,
    /// The spec's `operationId` (`ListConference`); also accepted by `call_tool`.
    pub operation_id: &'static str,
    /// The API module it belongs to (`api_v2010`).
    pub domain: &'static str,
    /// The operation's summary and description.
    pub description: &'static str,
    /// JSON Schema (draft 2020-12) of the arguments, as JSON text.
    pub input_schema: &'static str,
    /// JSON Schema of the result when it is a JSON object (a list's
    /// `items`, a resource, a file's `size` and `base64`), as JSON text:
    /// what `call_tool` returns, as the client writes it back.
    pub output_schema: Option<&'static str>,
    /// The operation's HTTP method, upper case (`GET`): what it may change.
    pub method: &'static str,
    /// The operation's path template (`/2010-04-01/Accounts/{AccountSid}/Conferences.json`).
    pub path: &'static str,
}

impl Tool {
    /// Whether the operation only reads (`GET`, `HEAD`).
    pub fn read_only(&self) -> bool {
        matches!(self.method, "GET" | "HEAD")
    }

    /// Whether it may destroy something (`DELETE`).
    pub fn destructive(&self) -> bool {
        self.method == "DELETE"
    }

    /// Whether calling it twice does what calling it once does (`GET`,
    /// `HEAD`, `PUT`, `DELETE`, as HTTP defines them).
    pub fn idempotent(&self) -> bool {
        matches!(self.method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS")
    }

    /// The argument schema as a JSON value.
    pub fn input_schema(&self) -> Value {
        serde_json::from_str(self.input_schema).unwrap_or(Value::Null)
    }

    /// The result schema as a JSON value, when the result is an object.
    pub fn output_schema(&self) -> Option<Value> {
        self.output_schema.and_then(|text| serde_json::from_str(text).ok())
    }

    /// The name qualified with its API module: `api_v2010_listConference`.
    pub fn qualified_name(&self) -> String {
        format!("{}_{}", self.domain, self.name)
    }

    /// Whether `name` calls this tool: its name, its `operationId`, or its
    /// qualified name (`api_v2010_listConference` or `api_v2010.listConference`).
    pub fn answers_to(&self, name: &str) -> bool {
        name == self.name || name == self.operation_id || self.is_qualified(name)
    }

    fn is_qualified(&self, name: &str) -> bool {
        let rest = name.strip_prefix(self.domain).and_then(|r| r.strip_prefix(['_', '.']));
        rest.is_some_and(|rest| rest == self.name || rest == self.operation_id)
    }
}

/// The tool `name` calls among `tools`: a qualified name picks one API; a
/// bare name must fit exactly one tool.
pub fn resolve<'t>(name: &str, tools: &'t [Tool]) -> Result<&'t Tool, ToolError> {
    if let Some(tool) = tools.iter().find(|tool| tool.is_qualified(name)) {
        return Ok(tool);
    }
    let fitting: Vec<&Tool> = tools.iter().filter(|tool| tool.answers_to(name)).collect();
    match fitting.as_slice() {
        [tool] => Ok(tool),
        [] => Err(ToolError::unknown(name, tools)),
        several => Err(ToolError::Ambiguous {
            name: name.to_owned(),
            candidates: several.iter().map(|tool| tool.qualified_name()).collect(),
        }),
    }
}

/// The name each tool is listed under among `tools`: its own, or its
/// qualified name where another tool of the list has the same one.
pub fn listed_names(tools: &[Tool]) -> Vec<String> {
    let mut count = std::collections::HashMap::<&str, usize>::new();
    for tool in tools {
        *count.entry(tool.name).or_default() += 1;
    }
    tools
        .iter()
        .map(|tool| {
            if count[tool.name] > 1 {
                tool.qualified_name()
            } else {
                tool.name.to_owned()
            }
        })
        .collect()
}

/// The tools as MCP's `tools/list` result: `{"tools": [{"name", "description", "inputSchema",
/// "outputSchema"}, …]}` (the output schema where the result is an object), each under its
/// [listed name](listed_names).
pub fn tools_list(tools: &[Tool]) -> Value {
    let entries: Vec<Value> = tools
        .iter()
        .zip(listed_names(tools))
        .map(|(tool, name)| {
            let mut entry =
                serde_json::json!({ "name": name, "description": tool.description, "inputSchema": tool.input_schema() });
            if let Some(output) = tool.output_schema() {
                entry["outputSchema"] = output;
            }
            entry
        })
        .collect();
    serde_json::json!({ "tools": entries })
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
