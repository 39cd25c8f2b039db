//! `src/<domain>/mod.rs`: the domain's types (structs, enums, aliases) and
//! page impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{codec_adapter, codec_path, ident, Scope};
use super::{doc_attrs, inner_doc_attrs};
use crate::ir::{Crate, Domain, Enum, Field, NextLink, PageShape, Struct, TypeDef, TypeKind};

pub(crate) fn domain_mod_rs(domain: &Domain, krate: &Crate, tools: bool, layout: super::Layout) -> TokenStream {
    let docs = inner_doc_attrs(&domain.docs);
    let home = domain.home();
    let scope = Scope {
        types: &krate.types,
        home: &home,
    };
    let types = krate
        .types
        .in_home(&home)
        .map(|(id, def)| super::gated(layout, domain.type_features(id), type_tokens(def, scope)));
    let tools = tools.then(|| {
        let gate = super::feature_gate(layout, "tools");
        quote!(
            #gate
            pub mod tools;
        )
    });
    quote! {
        #docs
        #[allow(unused_imports)]
        use crate::runtime::codec;
        mod operations;
        #tools
        pub use operations::*;
        #(#types)*
    }
}

/// One type of the table; validated types live in `validated.rs`.
pub(crate) fn type_tokens(def: &TypeDef, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(item) => struct_tokens(def, item, scope),
        TypeKind::Enum(item) => enum_tokens(def, item),
        TypeKind::Alias(target) => {
            let target = scope.named(*target);
            quote!(#docs pub type #name = #target;)
        }
        TypeKind::Union(union) => {
            let variants = union.variants.iter().enumerate().map(|(index, (variant, ty))| {
                let variant = ident(variant);
                let ty = scope.rust_type(ty);
                let ty = match union.boxed == Some(index) {
                    true => quote!(Box<#ty>),
                    false => ty,
                };
                quote!(#[allow(missing_docs)] #variant(#ty),)
            });
            quote! {
                #docs
                #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Validated(_) | TypeKind::MergedInto(_) => quote!(),
    }
}

fn struct_tokens(def: &TypeDef, model: &Struct, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let by_fields = model.decodes_by_fields();
    let fields = model.fields.iter().map(|field| field_tokens(field, scope, by_fields));
    let (derives, serde_impls) = match by_fields {
        true => (quote!(Default), Some(by_field_impls(def, model))),
        false => (quote!(serde::Serialize, serde::Deserialize), None),
    };
    // Fields the spec does not describe stay undocumented: their name is all
    // there is to say (a filler line per field would only add length).
    let undescribed = model
        .fields
        .iter()
        .any(|f| f.docs.is_empty())
        .then(|| quote!(#[allow(missing_docs)]));
    let page = model.page.as_ref().map(|shape| page_impl(def, shape, scope));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, #derives)]
        #undescribed
        pub struct #name {
            #(#fields)*
        }
        #serde_impls
        #page
    }
}

/// `Serialize` and `Deserialize` through the runtime's `codec` field
/// helpers: one call per field to encode (`encode_field`, or
/// `With::<codec>::encode`), one `match` arm per field to decode (a codec
/// field reads through `With::<codec>::decode`), each by wire name.
fn by_field_impls(def: &TypeDef, model: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let present = model.fields.iter().map(|field| {
        let rust = ident(&field.name.rust);
        quote!(usize::from(self.#rust.is_some()))
    });
    let encodes = model.fields.iter().map(|field| {
        let rust = ident(&field.name.rust);
        let wire = &field.name.wire;
        match &field.codec {
            Some(codec) => {
                let codec = codec_adapter(codec);
                quote!(codec::With::<#codec>::encode(&mut fields, #wire, &self.#rust)?;)
            }
            None => quote!(codec::encode_field(&mut fields, #wire, &self.#rust)?;),
        }
    });
    let arms = model.fields.iter().map(|field| {
        let rust = ident(&field.name.rust);
        let wire = &field.name.wire;
        let value = match &field.codec {
            Some(codec) => {
                let codec = codec_adapter(codec);
                quote!(codec::With::<#codec>::decode(map)?)
            }
            None => quote!(map.next_value()?),
        };
        quote!(#wire => self.#rust = #value,)
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let len = #(#present)+*;
                let mut fields = serializer.serialize_struct(#type_name, len)?;
                #(#encodes)*
                fields.end()
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                codec::decode_fields(deserializer)
            }
        }
        impl<'de> codec::DecodeFields<'de> for #name {
            const NAME: &'static str = #type_name;
            fn decode_field<A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                match key {
                    #(#arms)*
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// `by_fields`: the struct's serde impls are [`by_field_impls`], so the
/// field has no `#[serde(…)]`.
fn field_tokens(field: &Field, scope: Scope, by_fields: bool) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = ident(&field.name.rust);
    let mut ty = scope.rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let mut serde = Vec::new();
    if field.name.rust != field.name.wire {
        let wire = &field.name.wire;
        serde.push(quote!(rename = #wire));
    }
    if field.optional {
        ty = quote!(Option<#ty>);
        serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    if let Some(codec) = &field.codec {
        let with = codec_path(codec);
        serde.push(quote!(with = #with));
    }
    let serde = (!serde.is_empty() && !by_fields).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

fn page_impl(def: &TypeDef, shape: &PageShape, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    let item = scope.rust_type(&shape.item);
    let items = ident(&shape.items_field);
    let (items_ref, into_items) = if shape.items_optional {
        (
            quote!(self.#items.as_deref().unwrap_or_default()),
            quote!(self.#items.unwrap_or_default()),
        )
    } else {
        (quote!(&self.#items), quote!(self.#items))
    };
    let link = |owner: TokenStream, field: &str, optional: bool| {
        let field = ident(field);
        if optional {
            quote!(#owner.#field.as_deref())
        } else {
            quote!(Some(#owner.#field.as_str()))
        }
    };
    let next = match &shape.next {
        NextLink::TopLevel { field, optional } => link(quote!(self), field, *optional),
        NextLink::InMeta {
            meta_field,
            meta_optional,
            field,
            optional,
        } => {
            let inner = link(quote!(meta), field, *optional);
            let meta = ident(meta_field);
            if *meta_optional {
                quote!(self.#meta.as_ref().and_then(|meta| #inner))
            } else {
                quote!({ let meta = &self.#meta; #inner })
            }
        }
    };
    quote! {
        impl crate::runtime::Page for #name {
            type Item = #item;
            fn items(&self) -> &[Self::Item] {
                #items_ref
            }
            fn into_items(self) -> Vec<Self::Item> {
                #into_items
            }
            fn next_page_link(&self) -> Option<&str> {
                #next
            }
        }
    }
}

fn enum_tokens(def: &TypeDef, item: &Enum) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let variants = item.variants.iter().map(|variant| {
        let rust = ident(&variant.rust);
        let wire = &variant.wire;
        let doc = format!(" `{wire}`");
        quote!(#[doc = #doc] #rust = #wire,)
    });
    quote! {
        crate::runtime::wire_enum! {
            #docs
            #name {
                #(#variants)*
            }
        }
    }
}
