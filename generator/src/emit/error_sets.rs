//! The enums of documented error bodies (`ListThingsError`), one per
//! distinct set of statuses and types, each decoded from an `Error` by its
//! status.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_attrs;
use super::types::{ident, Scope};
use crate::ir::{ErrorSet, ErrorStatus};

/// An enum of documented error bodies, and its decoding from an `Error`.
pub(crate) fn error_set(set: &ErrorSet, scope: Scope) -> TokenStream {
    let users: Vec<String> = set.operations.iter().map(|op| format!("`{op}`")).collect();
    let docs = doc_attrs(&format!(
        "The error bodies {} {}, by status: decode one from an [`Error`](crate::Error) with `from_error`.",
        users.join(", "),
        if users.len() == 1 { "documents" } else { "document" }
    ));
    let name = ident(&set.name);
    let variants = set.variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let (variant_name, ty) = (ident(&variant.name), scope.rust_type(&variant.ty));
        quote!(#docs #variant_name(Box<#ty>),)
    });
    let arms = set.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let pattern = match variant.status {
            ErrorStatus::Code(code) => quote!(#code),
            ErrorStatus::Range(class) => {
                let (low, high) = (class * 100, class * 100 + 99);
                quote!(#low..=#high)
            }
            ErrorStatus::Default => quote!(_),
        };
        quote!(#pattern => crate::runtime::serde_json::from_slice(body).ok().map(|b| Self::#variant_name(Box::new(b))),)
    });
    let fallback = (!set.variants.iter().any(|v| v.status == ErrorStatus::Default)).then(|| quote!(_ => None,));
    // Only `default`: every status decodes the same way.
    let decode = match set.variants.as_slice() {
        [only] if only.status == ErrorStatus::Default => {
            let variant_name = ident(&only.name);
            quote! {
                let (_, body) = error.status_and_body()?;
                crate::runtime::serde_json::from_slice(body).ok().map(|b| Self::#variant_name(Box::new(b)))
            }
        }
        _ => quote! {
            let (status, body) = error.status_and_body()?;
            match status {
                #(#arms)*
                #fallback
            }
        },
    };
    // The same enum under each sharing operation's own name.
    let aliases = set.operations.iter().skip(1).zip(&set.aliases).map(|(op, alias)| {
        let docs = doc_attrs(&format!(
            "The error bodies `{op}` documents: [`{}`], which it shares.",
            set.name
        ));
        let alias = ident(alias);
        quote!(#docs pub type #alias = #name;)
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The documented error body of `error`, chosen by its status; `None` for another kind
            /// of error, or a body that is not of the documented shape.
            pub fn from_error(error: &crate::Error) -> Option<Self> {
                #decode
            }
        }

        #(#aliases)*
    }
}
