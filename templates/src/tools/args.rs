//! Tool arguments: JSON converted strictly into the builders' types, and
//! sent through the typed builders.

use std::fmt;

use serde_json::{Map, Value};

use super::ToolError;
use crate::{Error, Page, Paginator};

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
        crate::codec::parse_date(&text).ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)"))
    }
}

impl FromToolArg for time::OffsetDateTime {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        let text = String::from_tool_arg(value)?;
        crate::datetime::parse_rfc3339(&text).ok_or_else(|| format!("`{text}` is not an ISO 8601 date-time"))
    }
}

/// A file: its text, or `{"base64": …, "file_name": …, "content_type": …}`.
impl FromToolArg for crate::FilePart {
    fn from_tool_arg(value: Value) -> Result<Self, String> {
        use base64::Engine;
        let mut map = match value {
            Value::String(text) => return Ok(Self::new(text)),
            Value::Object(map) => map,
            _ => return Err("must be the file's text or an object with `base64`".into()),
        };
        let mut text = |key: &str| match map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(format!("`{key}` must be a string")),
        };
        let encoded = text("base64")?.ok_or("an object file needs `base64`")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|e| format!("`base64` is not Base64: {e}"))?;
        let mut file = Self::new(bytes);
        if let Some(name) = text("file_name")? {
            file = file.file_name(name);
        }
        if let Some(media) = text("content_type")? {
            file = file.content_type(media);
        }
        match map.keys().next() {
            Some(other) => Err(format!(
                "unknown member `{other}` (expected base64, file_name, content_type)"
            )),
            None => Ok(file),
        }
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

    /// [`json`](Self::json) for a body read through the codec `C` (a list
    /// or map of dates).
    pub fn json_as<C, T>(&mut self, argument: &'static str) -> Result<Option<T>, ToolError>
    where
        C: for<'de> crate::codec::DeserializeAs<'de, T>,
    {
        let decoded: Option<crate::codec::DecodedAs<T, C>> = self.json(argument)?;
        Ok(decoded.map(|decoded| decoded.0))
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
        self.send_as::<crate::codec::Same, T>(call).await
    }

    /// [`send`](Self::send) for a result written through the codec `C`
    /// (a date, or a list or map of dates).
    pub async fn send_as<C: crate::codec::SerializeAs<T>, T>(
        self,
        call: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<Value, ToolError> {
        let tool = self.tool;
        self.finish()?;
        let response = call.await.map_err(|error| ToolError::from_call(tool, error))?;
        serde_json::to_value(crate::codec::SerializeAsWrap::<T, C>::new(&response))
            .map_err(|e| ToolError::Request(Error::Config(e.to_string())))
    }

    /// Sends a call that returns bytes: their size and Base64 text.
    pub async fn send_bytes(
        self,
        call: impl std::future::Future<Output = Result<Vec<u8>, Error>>,
    ) -> Result<Value, ToolError> {
        use base64::Engine;
        let tool = self.tool;
        self.finish()?;
        let bytes = call.await.map_err(|error| ToolError::from_call(tool, error))?;
        let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Ok(serde_json::json!({ "size": bytes.len(), "base64": encoded }))
    }

    /// Sends a list call and gathers items across pages: `limit` (default
    /// 50) caps them, after passing over the first `skipItems`; `pageMetadata:
    /// true` adds each page without its items. A result that would exceed
    /// [`MAX_RESULT_BYTES`] of JSON is cut after the last item that fits,
    /// and says so with the `skipItems` that continues it.
    pub async fn list<P: Page + serde::Serialize>(self, paginator: Paginator<P>) -> Result<Value, ToolError>
    where
        P::Item: serde::Serialize,
    {
        self.list_capped_by(paginator, "limit").await
    }

    /// [`list`](Self::list) where the operation has a `limit` of its own
    /// (a page size): the cap is the argument `cap` (`maxItems`).
    pub async fn list_capped_by<P: Page + serde::Serialize>(
        mut self,
        paginator: Paginator<P>,
        cap: &'static str,
    ) -> Result<Value, ToolError>
    where
        P::Item: serde::Serialize,
    {
        use futures::TryStreamExt;
        let limit: i64 = self.optional(cap)?.unwrap_or(DEFAULT_LIMIT);
        let limit = usize::try_from(limit).ok().filter(|l| *l > 0);
        let limit = limit.ok_or_else(|| self.invalid(cap, "must be a positive integer".into()))?;
        let skip: i64 = self.optional("skipItems")?.unwrap_or(0);
        let skip = usize::try_from(skip).map_err(|_| self.invalid("skipItems", "must not be negative".into()))?;
        let with_meta: bool = self.optional("pageMetadata")?.unwrap_or(false);
        let tool = self.tool;
        self.finish()?;
        let pages: Vec<P> = paginator
            .limit(skip.saturating_add(limit))
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
        let items: Vec<P::Item> = items.into_iter().skip(skip).take(limit).collect();
        let asked = items.len();
        let (items, bytes) = fitting(items, MAX_RESULT_BYTES)?;
        let mut result = Map::new();
        let returned = items.len();
        result.insert("items".into(), Value::Array(items));
        if with_meta {
            result.insert("pages".into(), Value::Array(meta));
        }
        if returned < asked {
            result.insert(
                "truncated".into(),
                serde_json::json!({
                    "returned": returned,
                    "of": asked,
                    "reason": format!("the next item would take the result past {MAX_RESULT_BYTES} bytes ({bytes} so far)"),
                    "continue_with": { "skipItems": skip + returned, cap: asked - returned }
                }),
            );
        }
        Ok(Value::Object(result))
    }
}

/// Items a list tool returns when no `limit` is given.
pub const DEFAULT_LIMIT: i64 = 50;

/// The most JSON a list tool returns at once (about 25,000 tokens of an
/// agent's context); a longer result is cut between items, with the `skipItems`
/// that continues it.
pub const MAX_RESULT_BYTES: usize = 100_000;

/// The first `items` whose JSON fits in `budget` bytes (at least one, so a
/// single large item still comes back), and their size.
fn fitting<T: serde::Serialize>(items: Vec<T>, budget: usize) -> Result<(Vec<Value>, usize), ToolError> {
    let mut kept = Vec::with_capacity(items.len());
    let mut bytes = 2;
    for item in items {
        let value = serde_json::to_value(item).map_err(|e| ToolError::Request(Error::Config(e.to_string())))?;
        let size = serde_json::to_vec(&value).map_or(0, |text| text.len()) + 1;
        if !kept.is_empty() && bytes + size > budget {
            break;
        }
        bytes += size;
        kept.push(value);
    }
    Ok((kept, bytes))
}

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
