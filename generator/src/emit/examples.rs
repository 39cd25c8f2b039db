//! Valid example values for parameters, as Rust tokens (typed builders) and
//! as JSON (tool arguments): the spec's example where given, else one built
//! from the type, its format, pattern and bounds.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Value};

use super::types::ident;
use crate::ir::{Crate, Domain, Param, TypeRef};

/// One example value.
pub(crate) enum Example {
    Text(String),
    Validated(String),
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
    pub(crate) fn of(param: &Param, domain: &Domain, krate: &Crate) -> Example {
        Self::typed(&param.ty, param, domain, krate)
    }

    fn typed(ty: &TypeRef, param: &Param, domain: &Domain, krate: &Crate) -> Example {
        let example = param.example.as_deref();
        match ty {
            TypeRef::Validated(pattern) => {
                let generated = krate.validated.get(pattern).and_then(|t| t.example.clone());
                Example::Validated(example.map(str::to_owned).or(generated).unwrap_or_default())
            }
            TypeRef::Enum(name) => {
                let first = domain
                    .enums
                    .iter()
                    .find(|e| &e.name == name)
                    .and_then(|e| e.variants.first());
                let (variant, wire) =
                    first.map_or((String::new(), String::new()), |v| (v.rust.clone(), v.wire.clone()));
                Example::Enum {
                    type_name: name.clone(),
                    variant,
                    wire,
                }
            }
            TypeRef::String => {
                Example::Text(example.map_or_else(|| string_for(param.format.as_deref()).to_owned(), str::to_owned))
            }
            TypeRef::Bool => Example::Bool,
            TypeRef::I32 | TypeRef::I64 => {
                let number = example.and_then(|e| e.parse::<i64>().ok()).unwrap_or(1);
                Example::Integer(
                    number
                        .max(param.minimum.unwrap_or(i64::MIN))
                        .min(param.maximum.unwrap_or(i64::MAX)),
                )
            }
            TypeRef::F64 => Example::Float,
            TypeRef::Date => Example::Date,
            TypeRef::DateTime | TypeRef::DateTimeRfc2822 => Example::DateTime,
            TypeRef::Json | TypeRef::Model(_) | TypeRef::Map(_) => Example::Object,
            TypeRef::Array(item) => Example::Pair(Box::new(Self::typed(item, param, domain, krate))),
        }
    }

    /// The value as a Rust expression for a typed setter.
    pub(crate) fn tokens(&self) -> TokenStream {
        match self {
            Example::Text(text) => quote!(#text),
            Example::Validated(text) => quote!(example(#text)),
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
            Example::Date => quote!(time::macros::date!(2024 - 01 - 02)),
            Example::DateTime => quote!(time::macros::datetime!(2024-01-02 03:04:05 UTC)),
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
            Example::Text(text) | Example::Validated(text) => json!(text),
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
