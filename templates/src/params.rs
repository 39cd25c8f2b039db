//! How parameter values become query, form and path strings on the wire.

use super::ValidationError;

/// A value that can be sent as a query, form or path parameter.
///
/// Booleans are `true`/`false`, dates `YYYY-MM-DD`, date-times ISO 8601
/// (RFC 3339), as official API libraries send them.
pub trait ToParam {
    /// The wire text, or why this value may not be sent.
    fn to_param(&self) -> Result<String, ValidationError>;
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Result<String, ValidationError> {
        (**self).to_param()
    }
}

impl ToParam for str {
    fn to_param(&self) -> Result<String, ValidationError> {
        Ok(self.to_owned())
    }
}

impl ToParam for String {
    fn to_param(&self) -> Result<String, ValidationError> {
        Ok(self.clone())
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {
        $(impl ToParam for $ty {
            fn to_param(&self) -> Result<String, ValidationError> {
                Ok(self.to_string())
            }
        })*
    };
}

display_param!(bool, i32, i64, u32, u64, f32, f64);

impl ToParam for serde_json::Value {
    /// Free-form values travel as their JSON text.
    fn to_param(&self) -> Result<String, ValidationError> {
        Ok(match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    }
}

impl ToParam for time::Date {
    fn to_param(&self) -> Result<String, ValidationError> {
        Ok(crate::codec::format_date(*self))
    }
}

impl ToParam for time::OffsetDateTime {
    fn to_param(&self) -> Result<String, ValidationError> {
        crate::datetime::format_rfc3339(*self).map_err(|why| ValidationError {
            type_name: "OffsetDateTime",
            value: self.to_string().into(),
            rule: why.into(),
        })
    }
}

/// A list sent as one value, its items joined by a separator (OpenAPI's
/// unexploded `form` and `simple` styles with `,`, `spaceDelimited` with a
/// space, `pipeDelimited` with `|`).
#[derive(Debug, Clone, Copy)]
pub struct Joined<'a, T>(pub &'a [T], pub char);

impl<T: ToParam> ToParam for Joined<'_, T> {
    fn to_param(&self) -> Result<String, ValidationError> {
        let items: Result<Vec<String>, ValidationError> = self.0.iter().map(ToParam::to_param).collect();
        Ok(items?.join(&self.1.to_string()))
    }
}

/// An object sent as one value, keys and values joined by `,` (OpenAPI's
/// unexploded `form`: `color=R,100,G,200`); any other value as itself.
#[derive(Debug, Clone, Copy)]
pub struct Flattened<'a>(pub &'a serde_json::Value);

impl ToParam for Flattened<'_> {
    fn to_param(&self) -> Result<String, ValidationError> {
        let serde_json::Value::Object(map) = self.0 else {
            return self.0.to_param();
        };
        let mut parts = Vec::new();
        for (key, value) in map {
            parts.push(key.clone());
            parts.push(value.to_param()?);
        }
        Ok(parts.join(","))
    }
}

/// The query pairs of an object sent as `deepObject` (`name[key]=value`;
/// deeper objects and arrays add a bracket per level, arrays by index) or,
/// not `deep`, exploded `form` (`key=value` per property, arrays as the key
/// repeated). A value that is not an object is sent as `name=value`.
pub(crate) fn object_pairs(name: &str, deep: bool, value: &serde_json::Value) -> Vec<(String, String)> {
    use serde_json::Value;
    fn walk(key: String, value: &Value, pairs: &mut Vec<(String, String)>) {
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (member, inner) in map {
                    walk(format!("{key}[{member}]"), inner, pairs);
                }
            }
            Value::Array(items) => {
                for (index, inner) in items.iter().enumerate() {
                    walk(format!("{key}[{index}]"), inner, pairs);
                }
            }
            Value::String(text) => pairs.push((key, text.clone())),
            other => pairs.push((key, other.to_string())),
        }
    }
    let mut pairs = Vec::new();
    match (deep, value) {
        (true, value) => walk(name.to_owned(), value, &mut pairs),
        (false, Value::Object(map)) => {
            for (member, inner) in map {
                match inner {
                    Value::Array(items) => {
                        for item in items {
                            if let Ok(text) = item.to_param() {
                                pairs.push((member.clone(), text));
                            }
                        }
                    }
                    Value::Null => {}
                    other => {
                        if let Ok(text) = other.to_param() {
                            pairs.push((member.clone(), text));
                        }
                    }
                }
            }
        }
        (false, other) => {
            if let Ok(text) = other.to_param() {
                pairs.push((name.to_owned(), text));
            }
        }
    }
    pairs
}
