//! Type references → Rust types, shared by the model and operation emitters.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Crate, TypeRef};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a value.
pub(crate) fn rust_type(ty: &TypeRef, krate: &Crate) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Date => quote!(time::Date),
        TypeRef::DateTime | TypeRef::DateTimeRfc2822 => quote!(time::OffsetDateTime),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Validated(pattern) => {
            let name = ident(krate.validated.get(pattern).map_or("String", |t| t.name.as_str()));
            quote!(crate::#name)
        }
        TypeRef::Enum(name) | TypeRef::Model(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Array(item) => {
            let item = rust_type(item, krate);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, krate);
            quote!(std::collections::BTreeMap<String, #value>)
        }
    }
}

/// The serde module that (de)serializes a field, if it needs one: dates
/// (lowering keeps them out of arrays and maps), numbers sent as strings,
/// empty strings for unset SIDs.
pub(crate) fn serde_with(ty: &TypeRef, optional: bool) -> Option<String> {
    let module = match ty {
        TypeRef::Date => "crate::runtime::iso_date",
        TypeRef::DateTime => "time::serde::rfc3339",
        TypeRef::DateTimeRfc2822 => "time::serde::rfc2822",
        TypeRef::F64 => "crate::runtime::lenient::number",
        TypeRef::Validated(_) if optional => return Some("crate::runtime::lenient::empty_as_none".to_owned()),
        _ => return None,
    };
    Some(if optional {
        format!("{module}::option")
    } else {
        module.to_owned()
    })
}
