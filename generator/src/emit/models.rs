//! `src/<domain>/mod.rs`: the domain's types (structs, enums, aliases) and
//! page impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{codec_adapter, codec_path, ident, Scope};
use super::{doc_attrs, inner_doc_attrs};
use crate::ir::{Crate, Domain, Enum, Field, FieldPath, PageShape, Struct, Ty, TypeDef, TypeKind};

pub(crate) fn domain_mod_rs(domain: &Domain, krate: &Crate, tools: bool, layout: super::Layout) -> TokenStream {
    let docs = inner_doc_attrs(&format!("{}{}", domain.docs, webhooks_docs(domain, krate)));
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

/// The module docs' list of the webhooks the API sends, each with the type
/// its body decodes into (`serde_json::from_slice::<Payload>(body)`).
fn webhooks_docs(domain: &Domain, krate: &Crate) -> String {
    if domain.webhooks.is_empty() {
        return String::new();
    }
    let mut docs = String::from(
        "\n\n# Webhooks\n\nThe requests this API sends to its subscribers, and the type each body decodes into \
         (`serde_json::from_slice::<Type>(&body)`):\n",
    );
    for webhook in &domain.webhooks {
        let payload = match &webhook.payload {
            Ty::Named(id) => {
                let def = krate.types.get(*id);
                if def.home == domain.home() {
                    format!("[`{}`]", def.name)
                } else {
                    format!("`{}`", def.name)
                }
            }
            _ => "free-form JSON (`serde_json::Value`)".to_owned(),
        };
        let name = crate::docs::code_span(&webhook.name);
        docs.push_str(&format!("\n- {name} (`{}`): {payload}", webhook.method));
    }
    docs
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
        TypeKind::Union(union) => super::unions::union_tokens(def, union, scope),
        TypeKind::Validated(_) | TypeKind::MergedInto(_) => quote!(),
    }
}

fn struct_tokens(def: &TypeDef, model: &Struct, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let by_fields = model.decodes_by_fields();
    let fields = model.fields.iter().map(|field| field_tokens(field, scope, by_fields));
    let additional = model.additional.as_ref().filter(|_| by_fields).map(|additional| {
        let name = ident(&additional.field);
        let ty = scope.rust_type(&additional.ty);
        quote! {
            /// The keys the spec does not declare, as they came (and are written back).
            pub #name: std::collections::BTreeMap<String, #ty>,
        }
    });
    let (derives, serde_impls) = match (by_fields, model.default) {
        (true, true) => (quote!(, Default), Some(by_field_impls(def, model))),
        (true, false) => (quote!(), Some(by_field_impls(def, model))),
        (false, _) => (quote!(, serde::Serialize, serde::Deserialize), None),
    };
    // Fields the spec does not describe stay undocumented: their name is all
    // there is to say (a filler line per field would only add length).
    let undescribed = model
        .fields
        .iter()
        .any(|f| f.docs.is_empty())
        .then(|| quote!(#[allow(missing_docs)]));
    let page = model.page.as_ref().map(|shape| page_impl(def, shape, scope));
    let constructor = constructor(def, model, scope);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq #derives)]
        #undescribed
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructor
        #serde_impls
        #page
    }
}

/// `new(required fields…)` for a struct with required fields, the optional
/// ones `None` (a struct of optional fields has `Default` instead): a body
/// is built without writing out every `None`.
fn constructor(def: &TypeDef, model: &Struct, scope: Scope) -> Option<TokenStream> {
    if model.default {
        return None;
    }
    let takes_text = |field: &Field| matches!(field.ty, crate::ir::Ty::String) && !field.boxed;
    let params = model.fields.iter().filter(|field| !field.optional).map(|field| {
        let name = ident(&field.name.rust);
        let mut ty = scope.rust_type(&field.ty);
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        if takes_text(field) {
            quote!(#name: impl Into<String>)
        } else {
            quote!(#name: #ty)
        }
    });
    let inits = model.fields.iter().map(|field| {
        let name = ident(&field.name.rust);
        match (field.optional, takes_text(field)) {
            (true, _) => quote!(#name: None,),
            (false, true) => quote!(#name: #name.into(),),
            (false, false) => quote!(#name,),
        }
    });
    let additional = model.additional.as_ref().map(|additional| {
        let name = ident(&additional.field);
        quote!(#name: Default::default(),)
    });
    let docs = format!(
        " A `{}` of its required fields; the optional ones are `None` (set them on the value).",
        def.name
    );
    let name = ident(&def.name);
    Some(quote! {
        impl #name {
            #[doc = #docs]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #additional }
            }
        }
    })
}

/// `Serialize` and `Deserialize` through the runtime's `codec` field
/// helpers: one call per field to encode (`serialize_field` for a required
/// field, `encode_field` for an optional one, `With::<codec>` for either
/// through a codec), one `match` arm per field to decode (a codec field reads
/// through `With::<codec>::decode`), each by wire name.
fn by_field_impls(def: &TypeDef, model: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let required = model.fields.iter().filter(|field| !field.optional).count();
    let required_len = proc_macro2::Literal::usize_unsuffixed(required);
    let present = model.fields.iter().filter(|field| field.optional).map(|field| {
        let rust = ident(&field.name.rust);
        quote!(usize::from(self.#rust.is_some()))
    });
    let extra = model.additional.as_ref().map(|additional| ident(&additional.field));
    let extra_len = extra.iter().map(|extra| quote!(self.#extra.len()));
    let len = (required > 0)
        .then(|| quote!(#required_len))
        .into_iter()
        .chain(present)
        .chain(extra_len);
    let encode_extra = extra
        .iter()
        .map(|extra| quote!(codec::encode_additional(&mut fields, &self.#extra)?;));
    let encodes = model.fields.iter().map(|field| {
        let rust = ident(&field.name.rust);
        let wire = &field.name.wire;
        match (&field.codec, field.optional) {
            (Some(codec), true) => {
                let codec = codec_adapter(codec);
                quote!(codec::With::<#codec>::encode(&mut fields, #wire, &self.#rust)?;)
            }
            (Some(codec), false) => {
                let codec = codec_adapter(codec);
                quote!(codec::With::<#codec>::encode_value(&mut fields, #wire, &self.#rust)?;)
            }
            (None, true) => quote!(codec::encode_field(&mut fields, #wire, &self.#rust)?;),
            (None, false) => quote!(fields.serialize_entry(#wire, &self.#rust)?;),
        }
    });
    let decode = match model.default {
        true => decode_fields_impl(def, model),
        false => decode_struct_impl(def, model),
    };
    let decode_with = match model.default {
        true => quote!(codec::decode_fields),
        false => quote!(codec::decode_struct),
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let len = #(#len)+*;
                let mut fields = serializer.serialize_map(Some(len))?;
                #(#encodes)*
                #(#encode_extra)*
                fields.end()
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #decode_with(deserializer)
            }
        }
        #decode
    }
}

/// A field's value read from `map`: through its codec, or as itself.
fn field_value(field: &Field) -> TokenStream {
    match &field.codec {
        Some(codec) => {
            let codec = codec_adapter(codec);
            quote!(codec::With::<#codec>::decode(map)?)
        }
        None => quote!(map.next_value()?),
    }
}

/// Every field optional: decoding starts from `Default` and sets one field
/// per key.
fn decode_fields_impl(def: &TypeDef, model: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let arms = model.fields.iter().map(|field| {
        let rust = ident(&field.name.rust);
        let wire = &field.name.wire;
        let value = field_value(field);
        quote!(#wire => self.#rust = #value,)
    });
    let unknown = match &model.additional {
        Some(additional) => {
            let extra = ident(&additional.field);
            quote!(_ => {
                self.#extra.insert(key.to_owned(), codec::additional_value(map)?);
            })
        }
        None => quote!(_ => codec::skip_value(map)?,),
    };
    quote! {
        impl<'de> codec::DecodeFields<'de> for #name {
            const NAME: &'static str = #type_name;
            fn decode_field<A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
                match key {
                    #(#arms)*
                    #unknown
                }
                Ok(())
            }
        }
    }
}

/// Some field required: each field is read into a local `Option` (its type
/// inferred from the struct it builds), and a required one that never came
/// is serde's `missing_field` error. The locals are `field_<name>`: a field
/// may be called `map`, `key` or `missing`.
fn decode_struct_impl(def: &TypeDef, model: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let local = |field: &Field| ident(&format!("field_{}", field.name.rust));
    let locals = model.fields.iter().map(|field| {
        let local = local(field);
        quote!(let mut #local = None;)
    });
    let arms = model.fields.iter().map(|field| {
        let local = local(field);
        let wire = &field.name.wire;
        let value = field_value(field);
        match field.optional {
            true => quote!(#wire => #local = #value,),
            false => quote!(#wire => #local = Some(#value),),
        }
    });
    let built = model.fields.iter().map(|field| {
        let rust = ident(&field.name.rust);
        let local = local(field);
        let wire = &field.name.wire;
        match field.optional {
            true => quote!(#rust: #local,),
            false => quote!(#rust: #local.ok_or_else(|| missing(#wire))?,),
        }
    });
    // `additional`: a local of its own, the keys beyond the fields.
    let (extra_local, unknown, extra_built) = match &model.additional {
        Some(additional) => {
            let extra = ident(&additional.field);
            (
                Some(quote!(let mut additional = std::collections::BTreeMap::new();)),
                quote!(_ => {
                    additional.insert(key.as_str().to_owned(), codec::additional_value(map)?);
                }),
                Some(quote!(#extra: additional,)),
            )
        }
        None => (None, quote!(_ => codec::skip_value(map)?,), None),
    };
    quote! {
        impl<'de> codec::DecodeStruct<'de> for #name {
            const NAME: &'static str = #type_name;
            fn decode_map<A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
                let missing = <A::Error as serde::de::Error>::missing_field;
                #(#locals)*
                #extra_local
                while let Some(key) = codec::next_key(map)? {
                    match key.as_str() {
                        #(#arms)*
                        #unknown
                    }
                }
                Ok(Self { #(#built)* #extra_built })
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
    let (items_ref, into_items) = match (&shape.wrapper, shape.items_optional) {
        (None, true) => (
            quote!(self.#items.as_deref().unwrap_or_default()),
            quote!(self.#items.unwrap_or_default()),
        ),
        (None, false) => (quote!(&self.#items), quote!(self.#items)),
        // Spotify's `{albums: {items, next, …}}`: the page is one field in.
        (Some((wrapper, true)), optional) => {
            let wrapper = ident(wrapper);
            match optional {
                true => (
                    quote!(self.#wrapper.as_ref().and_then(|w| w.#items.as_deref()).unwrap_or_default()),
                    quote!(self.#wrapper.and_then(|w| w.#items).unwrap_or_default()),
                ),
                false => (
                    quote!(self.#wrapper.as_ref().map(|w| w.#items.as_slice()).unwrap_or_default()),
                    quote!(self.#wrapper.map(|w| w.#items).unwrap_or_default()),
                ),
            }
        }
        (Some((wrapper, false)), true) => {
            let wrapper = ident(wrapper);
            (
                quote!(self.#wrapper.#items.as_deref().unwrap_or_default()),
                quote!(self.#wrapper.#items.unwrap_or_default()),
            )
        }
        (Some((wrapper, false)), false) => {
            let wrapper = ident(wrapper);
            (quote!(&self.#wrapper.#items), quote!(self.#wrapper.#items))
        }
    };
    let link = shape.link.as_ref().map(|path| {
        let link = text_at(quote!(self), &path.0);
        quote!(fn next_page_link(&self) -> Option<&str> { #link })
    });
    let cursor = match (&shape.cursor, &shape.has_more) {
        (Some(path), _) => Some(text_at(quote!(self), &path.0)),
        (None, Some((FieldPath(has_more), FieldPath(id)))) => {
            let more = flag_at(quote!(self), has_more);
            let last = quote!(crate::runtime::Page::items(self).last());
            let id = match id.as_slice() {
                [(field, false)] => {
                    let field = ident(field);
                    quote!(#last.map(|item| item.#field.as_str()))
                }
                _ => {
                    let id = text_at(quote!(item), id);
                    quote!(#last.and_then(|item| #id))
                }
            };
            Some(quote!(if #more { #id } else { None }))
        }
        (None, None) => None,
    }
    .map(|cursor| quote!(fn cursor(&self) -> Option<&str> { #cursor }));
    quote! {
        impl crate::runtime::Page for #name {
            type Item = #item;
            fn items(&self) -> &[Self::Item] {
                #items_ref
            }
            fn into_items(self) -> Vec<Self::Item> {
                #into_items
            }
            #link
            #cursor
        }
    }
}

/// The string at the end of `path` from `owner`, as an `Option<&str>`;
/// each optional step on the way is followed with `map` or `and_then`.
fn text_at(owner: TokenStream, path: &[(String, bool)]) -> TokenStream {
    match text_from(owner, path) {
        Text::Always(text) => quote!(Some(#text)),
        Text::Maybe(text) => text,
    }
}

/// Whether the boolean at the end of `path` from `owner` is true (absent: false).
fn flag_at(owner: TokenStream, path: &[(String, bool)]) -> TokenStream {
    let Some(((field, optional), rest)) = path.split_first() else {
        return quote!(false);
    };
    let field = ident(field);
    match (rest.is_empty(), optional) {
        (true, true) => quote!(#owner.#field == Some(true)),
        (true, false) => quote!(#owner.#field),
        (false, true) => {
            let inner = flag_at(quote!(#field), rest);
            quote!(#owner.#field.as_ref().is_some_and(|#field| #inner))
        }
        (false, false) => flag_at(quote!(#owner.#field), rest),
    }
}

/// An expression for a string: a `&str` always there, or an `Option<&str>`.
enum Text {
    Always(TokenStream),
    Maybe(TokenStream),
}

fn text_from(owner: TokenStream, path: &[(String, bool)]) -> Text {
    let Some(((field, optional), rest)) = path.split_first() else {
        return Text::Maybe(quote!(None));
    };
    let field = ident(field);
    if rest.is_empty() {
        return match optional {
            true => Text::Maybe(quote!(#owner.#field.as_deref())),
            false => Text::Always(quote!(#owner.#field.as_str())),
        };
    }
    match (optional, text_from(quote!(#field), rest)) {
        (true, Text::Always(inner)) => Text::Maybe(quote!(#owner.#field.as_ref().map(|#field| #inner))),
        (true, Text::Maybe(inner)) => Text::Maybe(quote!(#owner.#field.as_ref().and_then(|#field| #inner))),
        (false, Text::Always(inner)) => Text::Always(quote!({ let #field = &#owner.#field; #inner })),
        (false, Text::Maybe(inner)) => Text::Maybe(quote!({ let #field = &#owner.#field; #inner })),
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
