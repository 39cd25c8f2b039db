//! `src/<domain>/mod.rs`: the domain's models, enums and page impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, rust_type, serde_with};
use super::{doc_attrs, inner_doc_attrs};
use crate::ir::{Crate, Domain, Enum, Field, Model, NextLink, PageShape};

pub(crate) fn domain_mod_rs(domain: &Domain, krate: &Crate) -> TokenStream {
    let docs = inner_doc_attrs(&format!("{}\n\nGenerated from `{}`.", domain.docs, domain.spec_file));
    let models = domain.models.iter().map(|model| model_tokens(model, krate));
    let enums = domain.enums.iter().map(enum_tokens);
    quote! {
        #docs
        mod operations;
        #[cfg(feature = "tools")]
        pub mod tools;
        pub use operations::*;
        #(#models)*
        #(#enums)*
    }
}

fn model_tokens(model: &Model, krate: &Crate) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = ident(&model.name);
    let fields = model.fields.iter().map(|field| field_tokens(field, krate));
    let default = model.fields.iter().all(|f| f.optional).then(|| quote!(Default,));
    // Fields the spec does not describe stay undocumented: their name is all
    // there is to say (a filler line per field would only add length).
    let undescribed = model
        .fields
        .iter()
        .any(|f| f.docs.is_empty())
        .then(|| quote!(#[allow(missing_docs)]));
    let page = model.page.as_ref().map(|shape| page_impl(model, shape, krate));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #undescribed
        pub struct #name {
            #(#fields)*
        }
        #page
    }
}

fn field_tokens(field: &Field, krate: &Crate) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = ident(&field.name.rust);
    let mut ty = rust_type(&field.ty, krate);
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
    if let Some(with) = serde_with(&field.ty, field.optional) {
        serde.push(quote!(with = #with));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

fn page_impl(model: &Model, shape: &PageShape, krate: &Crate) -> TokenStream {
    let name = ident(&model.name);
    let item = rust_type(&shape.item, krate);
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

fn enum_tokens(item: &Enum) -> TokenStream {
    let docs = doc_attrs(&item.docs);
    let name = ident(&item.name);
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
