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
            PatternCheck::Sid { prefixes, hex_len } => {
                let hex_len = proc_macro2::Literal::usize_unsuffixed(*hex_len);
                let prefixes = match prefixes.as_slice() {
                    [prefix] => quote!(#prefix),
                    many => quote!([#(#many),*]),
                };
                quote!(crate::runtime::sid_type!(#[doc = #doc] #name, #prefixes, #hex_len, #pattern);)
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
