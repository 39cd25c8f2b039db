//! The enum of a `oneOf`/`anyOf`. Told apart by JSON kind alone, it is
//! serde's `untagged` enum; with several object variants it decodes through
//! `serde_json::Value`: the object's tag or keys choose the variant (the
//! runtime's `codec::union_*`), the other variants are tried in order, and
//! a value that fits none is kept whole in `Other`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::doc_attrs;
use super::types::{ident, Scope};
use crate::ir::{ObjectChoice, TypeDef, Union};

pub(crate) fn union_tokens(def: &TypeDef, union: &Union, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    let variants = union.variants.iter().enumerate().map(|(index, (variant, ty))| {
        let variant = ident(variant);
        let ty = scope.rust_type(ty);
        let ty = match union.boxed.contains(&index) {
            true => quote!(Box<#ty>),
            false => ty,
        };
        quote!(#[allow(missing_docs)] #variant(#ty),)
    });
    if !union.has_other() {
        return quote! {
            #docs
            #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }
        };
    }
    let decode = decode_tokens(union);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A value none of the variants above describes, kept whole.
            Other(serde_json::Value),
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #decode
            }
        }
    }
}

/// The body of `deserialize`: the object's variant, then the others in order.
fn decode_tokens(union: &Union) -> TokenStream {
    let chosen = match &union.objects {
        ObjectChoice::Tag { property, values } => {
            let values = values.iter().map(|(value, index)| {
                let index = Literal::usize_unsuffixed(*index);
                quote!((#value, #index))
            });
            quote!(codec::union_tag(&value, #property, &[#(#values),*]))
        }
        ObjectChoice::Keys(keys) => {
            let keys = keys.iter().map(|(index, required, declared)| {
                let index = Literal::usize_unsuffixed(*index);
                quote!((#index, &[#(#required),*], &[#(#declared),*]))
            });
            quote!(codec::union_keys(&value, &[#(#keys),*]))
        }
        ObjectChoice::ByKind => quote!(None),
    };
    let arms = union.boxed.iter().map(|index| {
        let variant = ident(&union.variants[*index].0);
        let at = Literal::usize_unsuffixed(*index);
        quote!(Some(#at) => codec::union_variant(value).map(|v| Self::#variant(Box::new(v))),)
    });
    let others = union
        .variants
        .iter()
        .enumerate()
        .filter(|(index, _)| !union.boxed.contains(index))
        .map(|(_, (variant, _))| {
            let variant = ident(variant);
            quote! {
                if let Some(v) = codec::union_try(&value) {
                    return Ok(Self::#variant(v));
                }
            }
        });
    quote! {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        match #chosen {
            #(#arms)*
            _ => {
                #(#others)*
                Ok(Self::Other(value))
            }
        }
    }
}
