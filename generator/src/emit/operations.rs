//! `src/<domain>/operations.rs`: the domain handle and one request builder
//! per operation. Builders only record parameters into the runtime's `Call`;
//! all request logic lives in the runtime.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::types::{ident, rust_type};
use super::{doc_attrs, inner_doc_attrs};
use crate::ir::{Crate, Domain, Location, Operation, Param, Response, TypeRef};

pub(crate) fn operations_rs(domain: &Domain, krate: &Crate) -> TokenStream {
    let module_docs = inner_doc_attrs(&format!("Request builders of the `{}` API.", domain.module));
    let handle_doc = format!(
        " The `{module}` operations; get them with [`Client::{module}`](crate::Client::{module}).",
        module = domain.module
    );
    // A spec whose paths define no operation still gets its (empty) handle.
    let unused = domain.operations.is_empty().then(|| quote!(#[allow(dead_code)]));
    let constructors = domain.operations.iter().map(|op| constructor(op, krate));
    let builders = domain.operations.iter().map(|op| builder(op, krate));
    quote! {
        #module_docs
        // Paths below are absolute: a model may be called `Call` or `Error`.
        #[allow(unused_imports)]
        use super::*;

        #[doc = #handle_doc]
        #[derive(Clone, Copy, Debug)]
        pub struct Operations<'a> {
            #unused
            client: &'a crate::Client,
        }

        impl<'a> Operations<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }
            #(#constructors)*
        }

        #(#builders)*
    }
}

/// How a setter takes `var` and how its value is passed to the `Call`.
fn argument(ty: &TypeRef, var: &Ident, krate: &Crate) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(&#var.into())),
        TypeRef::Model(_) | TypeRef::Map(_) => (quote!(serde_json::Value), quote!(&#var)),
        TypeRef::Array(item) => {
            let (item_ty, collect) = match &**item {
                TypeRef::String => (
                    quote!(impl Into<String>),
                    quote!(.map(Into::into).collect::<Vec<String>>()),
                ),
                TypeRef::Model(_) | TypeRef::Map(_) => (quote!(serde_json::Value), quote!(.collect::<Vec<_>>())),
                other => (rust_type(other, krate), quote!(.collect::<Vec<_>>())),
            };
            (
                quote!(impl IntoIterator<Item = #item_ty>),
                quote!(&#var.into_iter() #collect),
            )
        }
        other => (rust_type(other, krate), quote!(&#var)),
    }
}

/// The statements that record one parameter held in `var` into `call`.
fn record(param: &Param, var: &Ident, call: TokenStream, krate: &Crate) -> TokenStream {
    let wire = &param.name.wire;
    let (_, value) = argument(&param.ty, var, krate);
    let list = matches!(param.ty, TypeRef::Array(_));
    let method = match (param.location, list) {
        (Location::Path, _) => quote!(path_param),
        (Location::Query, false) => quote!(query),
        (Location::Query, true) => quote!(query_list),
        (Location::Form, false) => quote!(form),
        (Location::Form, true) => quote!(form_list),
        (Location::Header, _) => quote!(header),
    };
    let check = (param.minimum.is_some() || param.maximum.is_some()).then(|| {
        let bound = |b: Option<i64>| b.map_or(quote!(None), |b| quote!(Some(#b)));
        let (min, max) = (bound(param.minimum), bound(param.maximum));
        let number = match param.ty {
            TypeRef::I64 => quote!(#var),
            _ => quote!(i64::from(#var)),
        };
        quote!(#call.check_range(#wire, #number, #min, #max);)
    });
    quote! {
        #check
        #call.#method(#wire, #value);
    }
}

fn constructor(op: &Operation, krate: &Crate) -> TokenStream {
    let docs = doc_attrs(&op.docs);
    let name = ident(&op.name.rust);
    let builder = ident(&op.builder);
    let method = ident(&op.method);
    let (server, path) = (&op.server, &op.path);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let arg = ident(&p.name.rust);
            let (ty, _) = argument(&p.ty, &arg, krate);
            quote!(#arg: #ty)
        })
        .collect();
    let records = required
        .iter()
        .map(|p| record(p, &ident(&p.name.rust), quote!(call), krate));
    let needs_mut =
        !required.is_empty() || op.redirect_status.is_some() || op.json_body.as_ref().is_some_and(|b| b.required);
    let mutable = needs_mut.then(|| quote!(mut));
    let accept = op.redirect_status.map(|status| quote!(call.accept_status(#status);));
    let body_record = match &op.json_body {
        Some(body) if body.required => {
            let ty = rust_type(&body.ty, krate);
            let content_type = &body.content_type;
            args.push(quote!(body: #ty));
            quote!(call.json(#content_type, &body);)
        }
        _ => quote!(),
    };
    // Required parameters are required: a long list is the API, not a smell.
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #allow
        pub fn #name(&self, #(#args),*) -> #builder {
            let #mutable call = crate::runtime::Call::new(self.client, reqwest::Method::#method, #server, #path);
            #(#records)*
            #body_record
            #accept
            #builder { call }
        }
    }
}

fn builder(op: &Operation, krate: &Crate) -> TokenStream {
    let docs = doc_attrs(&format!(
        "Request builder of `{}` ([`Operations::{}`]): set optional parameters, then `send`.",
        op.name.wire, op.name.rust
    ));
    let builder = ident(&op.builder);
    let setters = op.params.iter().filter(|p| !p.required).map(|p| setter(p, krate));
    let body_setter = op.json_body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = rust_type(&body.ty, krate);
        let content_type = &body.content_type;
        quote! {
            /// The request body.
            pub fn body(mut self, body: #ty) -> Self {
                self.call.json(#content_type, &body);
                self
            }
        }
    });
    let (output, send, paginate) = match &op.response {
        Response::Empty => (quote!(()), quote!(self.call.send_empty().await), None),
        Response::Json(ty) => (rust_type(ty, krate), quote!(self.call.send().await), None),
        Response::Page(model) => {
            let page = ident(model);
            let paginate = quote! {
                /// Streams every item across pages, following next-page links.
                pub fn paginate(self) -> crate::Paginator<#page> {
                    self.call.paginate()
                }
            };
            (quote!(#page), quote!(self.call.send().await), Some(paginate))
        }
    };
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            call: crate::runtime::Call,
        }

        impl #builder {
            #(#setters)*
            #body_setter
            /// Sends the request.
            pub async fn send(self) -> Result<#output, crate::Error> {
                #send
            }
            #paginate
        }
    }
}

fn setter(param: &Param, krate: &Crate) -> TokenStream {
    let wire = format!("Sent as `{}`.", param.name.wire);
    let docs = if param.docs.is_empty() {
        wire
    } else {
        format!("{} {wire}", param.docs)
    };
    let docs = doc_attrs(&docs);
    let name = ident(&param.name.rust);
    let value = ident("value");
    let (ty, _) = argument(&param.ty, &value, krate);
    let record = record(param, &value, quote!(self.call), krate);
    quote! {
        #docs
        pub fn #name(mut self, value: #ty) -> Self {
            #record
            self
        }
    }
}
