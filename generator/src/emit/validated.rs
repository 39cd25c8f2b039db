//! `src/validated.rs`: one newtype per distinct pattern, shared crate-wide.

use proc_macro2::TokenStream;
use quote::quote;

use super::inner_doc_attrs;
use super::types::ident;
use crate::ir::{Crate, Home, PatternCheck, TypeKind};

pub(crate) fn validated_rs(krate: &Crate) -> TokenStream {
    let docs = inner_doc_attrs(
        "Validated string types: one per distinct `pattern` in the specs, checked on\n\
         construction (`FromStr`, `TryFrom`) and on deserialization.",
    );
    let types = krate.types.in_home(&Home::Root).filter_map(|(_, def)| {
        let TypeKind::Validated(ty) = &def.kind else {
            return None;
        };
        let name = ident(&def.name);
        let pattern = &ty.pattern;
        let doc = format!(" {}", def.docs);
        Some(match &ty.check {
            PatternCheck::Sid {
                prefixes,
                hex_len,
                lower_only,
                anchored,
            } => {
                let hex_len = proc_macro2::Literal::usize_unsuffixed(*hex_len);
                match (prefixes.as_slice(), *lower_only, *anchored) {
                    ([prefix], false, true) => {
                        quote!(crate::runtime::sid_type!(#[doc = #doc] #name, #prefix, #hex_len, #pattern);)
                    }
                    (many, false, true) => {
                        quote!(crate::runtime::sid_type!(#[doc = #doc] #name, [#(#many),*], #hex_len, #pattern);)
                    }
                    (many, lower_only, anchored) => quote!(crate::runtime::sid_shape_type!(
                        #[doc = #doc] #name, [#(#many),*], #hex_len, #lower_only, #anchored, #pattern
                    );),
                }
            }
            PatternCheck::AnySid {
                letters,
                upper_only,
                hex_len,
            } => {
                let (letters, hex_len) = (
                    proc_macro2::Literal::usize_unsuffixed(*letters),
                    proc_macro2::Literal::usize_unsuffixed(*hex_len),
                );
                quote!(crate::runtime::any_sid_type!(#[doc = #doc] #name, #letters, #upper_only, #hex_len, #pattern);)
            }
            PatternCheck::Prefixed { prefix } => {
                quote!(crate::runtime::prefixed_type!(#[doc = #doc] #name, #prefix, #pattern);)
            }
            PatternCheck::Regex => quote!(crate::runtime::pattern_type!(#[doc = #doc] #name, #pattern);),
            PatternCheck::Backtracking => {
                quote!(crate::runtime::backtracking_pattern_type!(#[doc = #doc] #name, #pattern);)
            }
        })
    });
    quote! {
        #docs
        #(#types)*
    }
}
