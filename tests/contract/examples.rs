//! Valid example values for parameters, as Rust tokens (typed builders) and
//! as JSON (tool arguments): the spec's example where given, else one built
//! from the type, its format, pattern and bounds.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Value};

use openapi_client_generator::ir::{Param, Ty, TypeKind};

use super::pattern_example::matching_example;
use super::{ident, Cx};

/// One example value.
pub(crate) enum Example {
    Text(String),
    Validated {
        type_name: String,
        text: String,
    },
    /// A spec example that breaks its own pattern: built unchecked (the
    /// typed call sends it; the tool call rightly refuses it).
    Unchecked {
        type_name: String,
        text: String,
    },
    Enum {
        type_name: String,
        variant: String,
        wire: String,
    },
    Integer(i64),
    Float,
    Bool,
    Date,
    DateTime,
    Object,
    /// Two values: a single repeated key is indistinguishable from a scalar.
    Pair(Box<Example>),
}

impl Example {
    pub(crate) fn of(param: &Param, cx: &Cx) -> Example {
        let raw = |pointer: &str, key: &str| cx.raw.pointer(pointer).and_then(|v| v.get(key));
        let example = raw(&param.pointer, "example")
            .or_else(|| {
                raw(&param.pointer, "examples")?
                    .as_object()?
                    .values()
                    .find_map(|e| e.get("value"))
            })
            .or_else(|| raw(&param.schema_pointer, "example"))
            .map(wire_text);
        let format = raw(&param.schema_pointer, "format").and_then(Value::as_str);
        Self::typed(&param.ty, param, example.as_deref(), format, cx)
    }

    fn typed(ty: &Ty, param: &Param, example: Option<&str>, format: Option<&str>, cx: &Cx) -> Example {
        let types = &cx.krate.types;
        match ty {
            Ty::Named(id) => match &types.definition(*id).kind {
                TypeKind::Validated(validated) => {
                    let generated = matching_example(&validated.pattern);
                    let text = example.map(str::to_owned).or(generated).unwrap_or_default();
                    let valid = regex::Regex::new(&validated.pattern).is_ok_and(|re| re.is_match(&text));
                    let type_name = types.get(*id).name.clone();
                    if valid {
                        Example::Validated { type_name, text }
                    } else {
                        Example::Unchecked { type_name, text }
                    }
                }
                TypeKind::Enum(values) => {
                    let (variant, wire) = values
                        .variants
                        .first()
                        .map_or((String::new(), String::new()), |v| (v.rust.clone(), v.wire.clone()));
                    let type_name = types.get(*id).name.clone();
                    Example::Enum {
                        type_name,
                        variant,
                        wire,
                    }
                }
                _ => Example::Object,
            },
            Ty::String => Example::Text(example.map_or_else(|| string_for(format).to_owned(), str::to_owned)),
            Ty::Bool => Example::Bool,
            Ty::I32 | Ty::I64 => {
                let number = example.and_then(|e| e.parse::<i64>().ok()).unwrap_or(1);
                let bounds = param.bounds.unwrap_or(openapi_client_generator::ir::Bounds {
                    minimum: None,
                    maximum: None,
                });
                Example::Integer(
                    number
                        .max(bounds.minimum.unwrap_or(i64::MIN))
                        .min(bounds.maximum.unwrap_or(i64::MAX)),
                )
            }
            Ty::F64 => Example::Float,
            Ty::Date => Example::Date,
            Ty::DateTime(_) => Example::DateTime,
            Ty::Json | Ty::Map(_) => Example::Object,
            Ty::Vec(item) => Example::Pair(Box::new(Self::typed(item, param, example, format, cx))),
        }
    }

    /// The value as a Rust expression for a typed setter.
    pub(crate) fn tokens(&self) -> TokenStream {
        match self {
            Example::Text(text) => quote!(#text),
            Example::Validated { type_name, text } => {
                let type_name = ident(type_name);
                quote!(example::<#type_name>(#text))
            }
            Example::Unchecked { type_name, text } => {
                let type_name = ident(type_name);
                quote!(#type_name::new_unchecked(#text))
            }
            Example::Enum { type_name, variant, .. } => {
                let type_name = ident(type_name);
                if variant.is_empty() {
                    quote!(#type_name::UnknownValue(String::new()))
                } else {
                    let variant = ident(variant);
                    quote!(#type_name::#variant)
                }
            }
            Example::Integer(number) => {
                let literal = proc_macro2::Literal::i64_unsuffixed(*number);
                quote!(#literal)
            }
            Example::Float => quote!(1.0),
            Example::Bool => quote!(true),
            // Without `time`'s macros: generated crates do not turn them on.
            Example::Date => quote!(time::Date::from_calendar_date(2024, time::Month::January, 2).expect("a date")),
            Example::DateTime => {
                quote!(time::OffsetDateTime::from_unix_timestamp(1_704_164_645).expect("2024-01-02T03:04:05Z"))
            }
            Example::Object => quote!(serde_json::json!({})),
            Example::Pair(item) => {
                let item = item.tokens();
                quote!([#item, #item])
            }
        }
    }

    /// The same value as a JSON tool argument.
    pub(crate) fn json(&self) -> Value {
        match self {
            Example::Text(text) | Example::Validated { text, .. } | Example::Unchecked { text, .. } => json!(text),
            Example::Enum { wire, .. } => json!(wire),
            Example::Integer(number) => json!(number),
            Example::Float => json!(1.0),
            Example::Bool => json!(true),
            Example::Date => json!("2024-01-02"),
            Example::DateTime => json!("2024-01-02T03:04:05Z"),
            Example::Object => json!({}),
            Example::Pair(item) => json!([item.json(), item.json()]),
        }
    }
}

/// A string Prism's format checks accept.
fn string_for(format: Option<&str>) -> &'static str {
    match format {
        Some("uri" | "url") => "https://example.com/callback",
        Some("phone-number") => "+15017122661",
        Some("email") => "user@example.com",
        Some("iso-country-code") => "US",
        Some("currency") => "USD",
        Some("uuid") => "123e4567-e89b-12d3-a456-426614174000",
        _ => "example",
    }
}

/// An example value as it would be sent: strings as they are, the rest as JSON.
fn wire_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
