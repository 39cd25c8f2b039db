//! `src/lib.rs`: the crate root, the runtime re-exports and one accessor per
//! domain, each behind its cargo feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use super::{doc_attrs, inner_doc_attrs};
use crate::ir::Crate;

pub(crate) fn lib_rs(krate: &Crate) -> TokenStream {
    let domains: Vec<&str> = krate.domains.iter().map(|d| d.module.as_str()).collect();
    let listing: String = domains.iter().map(|d| format!("\n- [`{d}`] (feature `{d}`)")).collect();
    let docs = inner_doc_attrs(&format!(
        "A typed, validated client for the APIs described by the specs it was generated from.\n\n\
         Every operation is a request builder: required parameters are arguments, optional ones are \
         setters, and nothing is sent until `send` (or `paginate` for lists).\n\nAPIs, one module and \
         cargo feature each:{listing}"
    ));
    let modules = krate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let feature = &domain.module;
        let docs = doc_attrs(domain.docs.lines().next().unwrap_or_default());
        quote! {
            #[cfg(feature = #feature)]
            #docs
            pub mod #module;
        }
    });
    let accessors = krate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let feature = &domain.module;
        let doc = format!(" The operations of [`{}`].", domain.module);
        quote! {
            #[cfg(feature = #feature)]
            #[doc = #doc]
            pub fn #module(&self) -> #module::Operations<'_> {
                #module::Operations::new(self)
            }
        }
    });
    quote! {
        #docs
        #![forbid(unsafe_code)]

        // Helpers this crate's operations do not need stay compiled (the
        // runtime is shared, verbatim, by every generated crate).
        #[allow(dead_code, unused_imports, unused_macros)]
        mod runtime;
        mod validated;

        pub use runtime::{
            Client, ClientBuilder, Credentials, Error, Page, Paginator, Retry, ToParam, TwilioError, ValidationError,
        };
        pub use validated::*;

        #(#modules)*

        impl Client {
            #(#accessors)*
        }
    }
}
