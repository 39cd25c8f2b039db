//! `src/validated.rs`: one newtype per distinct pattern, shared crate-wide.

use proc_macro2::TokenStream;
use quote::quote;

use super::inner_doc_attrs;
use super::types::ident;
use crate::ir::{Crate, PatternCheck};

pub(crate) fn validated_rs(krate: &Crate) -> TokenStream {
    let docs = inner_doc_attrs(
        "Validated string types: one per distinct `pattern` in the specs, checked on\n\
         construction (`FromStr`, `TryFrom`) and on deserialization.",
    );
    let types = krate.validated.values().map(|ty| {
        let name = ident(&ty.name);
        let pattern = &ty.pattern;
        let places = if ty.uses == 1 {
            "1 place".to_owned()
        } else {
            format!("{} places", ty.uses)
        };
        match &ty.check {
            PatternCheck::Sid { prefix, hex_len } => {
                let hex_len = proc_macro2::Literal::usize_unsuffixed(*hex_len);
                let doc = format!(" A SID: `{prefix}` then {hex_len} hex digits (`{pattern}`); used in {places}.");
                quote!(crate::runtime::sid_type!(#[doc = #doc] #name, #prefix, #hex_len, #pattern);)
            }
            PatternCheck::Regex => {
                let doc = format!(" A string matching `{pattern}`; used in {places}.");
                quote!(crate::runtime::pattern_type!(#[doc = #doc] #name, #pattern);)
            }
        }
    });
    quote! {
        #docs
        #(#types)*
    }
}
