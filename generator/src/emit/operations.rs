//! `src/<domain>/operations.rs`: the domain handle and one request builder
//! per operation. Builders only record parameters into the runtime's `Call`;
//! all request logic lives in the runtime.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::types::{codec_adapter, ident, input_value, json_body_record, Scope};
use super::{doc_attrs, inner_doc_attrs};
use crate::ir::{
    AuthScheme, Crate, Domain, Input, KeyLocation, Location, Operation, Paging, Param, ParamDefault, RawBody, Response,
    Style, Ty,
};
use crate::lower::body_codec;

pub(crate) fn operations_rs(domain: &Domain, krate: &Crate, layout: super::Layout) -> TokenStream {
    let visibility = super::facade_visibility(layout);
    let module_docs = inner_doc_attrs(&format!("Request builders of the `{}` API.", domain.module));
    // Split, the accessor is on the facade crate's `Client`, which this
    // crate cannot link to.
    let handle_doc = match layout {
        super::Layout::Split => format!(
            " The `{module}` operations; get them with `Client::{module}` of the facade crate.",
            module = domain.module
        ),
        super::Layout::Crate | super::Layout::IncludeFile => format!(
            " The `{module}` operations; get them with [`Client::{module}`](crate::Client::{module}).",
            module = domain.module
        ),
    };
    let home = domain.home();
    let scope = Scope {
        types: &krate.types,
        home: &home,
    };
    // A spec whose paths define no operation still gets its (empty) handle,
    // and so does an API whose operations are all behind tag features.
    let unused = domain.every_operation_gated().then(|| quote!(#[allow(dead_code)]));
    let gated = |features: &[String], items: TokenStream| super::gated(layout, features, items);
    let constructors = domain.operations.iter().map(|op| {
        // One method: the gate goes on it as it is.
        let gate = super::features_gate(layout, op.feature.as_slice());
        let constructor = constructor(op, scope);
        quote!(#gate #constructor)
    });
    let builders = domain
        .operations
        .iter()
        .map(|op| gated(op.feature.as_slice(), builder(op, scope)));
    let error_sets = domain.error_sets.iter().map(|set| {
        let features = domain.error_set_features(&set.name);
        gated(features, super::error_sets::error_set(set, scope))
    });
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
            #visibility fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }
            #(#constructors)*
        }

        #(#builders)*

        #(#error_sets)*
    }
}

/// The statements that record one value held in `var` into `call`.
fn record(param: &Param, var: &Ident, call: TokenStream) -> TokenStream {
    let wire = &param.name.wire;
    let value = input_value(&param.input, var);
    let list = matches!(param.input, Input::List(_));
    let file = match &param.input {
        Input::List(item) => **item == Input::File,
        input => *input == Input::File,
    };
    let method = match (param.location, list) {
        (Location::Path, _) => quote!(path_param),
        (Location::Query, false) => quote!(query),
        (Location::Query, true) => quote!(query_list),
        (Location::Form, false) => quote!(form),
        (Location::Form, true) => quote!(form_list),
        (Location::Multipart, false) if file => quote!(file_part),
        (Location::Multipart, true) if file => quote!(file_parts),
        (Location::Multipart, false) => quote!(part),
        (Location::Multipart, true) => quote!(part_list),
        (Location::Header, _) => quote!(header),
    };
    // Files are moved into the call, not copied.
    let value = match (&param.input, list && file) {
        (_, true) => quote!(#var.into_iter().map(Into::into).collect()),
        (Input::File, _) => quote!(#var.into()),
        _ => value,
    };
    let (method, value) = match (param.style, param.location) {
        (Style::Joined(separator), location) => {
            let method = match location {
                Location::Path => quote!(path_param),
                Location::Header => quote!(header),
                _ => quote!(query),
            };
            (method, quote!(&crate::runtime::Joined(#value, #separator)))
        }
        (Style::DeepObject, Location::Form) if list => (quote!(form_indexed), value),
        (Style::DeepObject, Location::Form) => (quote!(form_deep), value),
        (Style::Exploded, Location::Form) => (quote!(form_exploded), value),
        (Style::DeepObject, _) if list => (quote!(query_indexed), value),
        (Style::DeepObject, _) => (quote!(query_deep), value),
        (Style::Exploded, _) => (quote!(query_exploded), value),
        (Style::Flattened, _) => (method, quote!(&crate::runtime::Flattened(#value))),
        (Style::Plain, _) => (method, value),
    };
    let check = param.bounds.map(|bounds| {
        let bound = |b: Option<i64>| b.map_or(quote!(None), |b| quote!(Some(#b)));
        let (min, max) = (bound(bounds.minimum), bound(bounds.maximum));
        let number = match param.ty {
            Ty::I64 => quote!(#var),
            _ => quote!(i64::from(#var)),
        };
        quote!(#call.check_range(#wire, #number, #min, #max);)
    });
    quote! {
        #check
        #call.#method(#wire, #value);
    }
}

fn constructor(op: &Operation, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&op.docs);
    let name = ident(&op.name.rust);
    let builder = ident(&op.builder);
    let id = &op.name.wire;
    let method = ident(op.method.as_str());
    let (server, path) = (&op.server, &op.path);
    let required: Vec<&Param> = op.inputs().filter(|p| p.required).collect();
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let arg = ident(&p.name.rust);
            let ty = scope.input_type(&p.input);
            quote!(#arg: #ty)
        })
        .collect();
    let records = required.iter().map(|p| record(p, &ident(&p.name.rust), quote!(call)));
    let defaults: Vec<TokenStream> = op
        .inputs()
        .filter_map(|p| match p.default? {
            ParamDefault::CredentialsAccount => {
                let wire = &p.name.wire;
                Some(quote!(call.default_to_account(#wire);))
            }
        })
        .collect();
    let json_body = op.json_body().filter(|b| b.required);
    let raw_body = op.raw_body().filter(|b| b.required);
    let accept = op.accepted_status.map(|status| quote!(call.accept_status(#status);));
    let security = op.security.as_ref().map(|alternatives| {
        let sets = alternatives.iter().map(|set| {
            let schemes = set.iter().map(scheme_tokens);
            quote!(&[#(#schemes),*])
        });
        quote!(call.security(&[#(#sets),*]);)
    });
    let accept_media = match &op.response {
        Response::Text(media) | Response::Bytes(media) => Some(quote!(call.accept(#media);)),
        _ => None,
    };
    let page_size = op.page_size.as_ref().map(|(wire, maximum)| {
        let maximum = maximum.map_or(quote!(None), |max| quote!(Some(#max)));
        quote!(call.page_size_param(#wire, #maximum);)
    });
    let needs_mut = !required.is_empty()
        || !defaults.is_empty()
        || accept.is_some()
        || accept_media.is_some()
        || security.is_some()
        || json_body.is_some()
        || raw_body.is_some()
        || page_size.is_some();
    let mutable = needs_mut.then(|| quote!(mut));
    let body_record = json_body.map(|body| {
        let ty = scope.rust_type(&body.ty);
        args.push(quote!(body: #ty));
        json_body_record(&body.ty, &body.media, quote!(call))
    });
    let raw_record = raw_body.map(|body| {
        let (ty, record) = raw_body_parts(body);
        args.push(quote!(body: #ty));
        record
    });
    // Required parameters are required: a long list is the API, not a smell.
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #allow
        pub fn #name(&self, #(#args),*) -> #builder {
            let #mutable call = crate::runtime::Call::new(self.client, #id, crate::runtime::Method::#method, #server, #path);
            #(#records)*
            #(#defaults)*
            #body_record
            #raw_record
            #accept
            #accept_media
            #security
            #page_size
            #builder { call }
        }
    }
}

/// `self.call.<plain>()` for a JSON response, or `<through_codec>` with the
/// codec when serde has none of its own (a date, or a list or map of dates).
fn send_json(ty: &Ty, plain: &str, through_codec: &str) -> TokenStream {
    match body_codec(ty) {
        Some(codec) => {
            let (codec, send) = (codec_adapter(&codec), ident(through_codec));
            quote!(use crate::runtime::codec; self.call.#send::<#codec, _>())
        }
        None => {
            let send = ident(plain);
            quote!(self.call.#send())
        }
    }
}

fn builder(op: &Operation, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&op.builder_docs);
    let builder = ident(&op.builder);
    let setters = op.inputs().filter(|p| !p.required).map(|p| setter(p, scope));
    let body_setter = op.json_body().filter(|b| !b.required).map(|body| {
        let ty = scope.rust_type(&body.ty);
        let record = json_body_record(&body.ty, &body.media, quote!(self.call));
        quote! {
            /// The request body.
            pub fn body(mut self, body: #ty) -> Self {
                #record
                self
            }
        }
    });
    let raw_setter = op.raw_body().filter(|b| !b.required).map(|body| {
        let (ty, record) = raw_body_parts(body);
        let record = quote!(self.#record);
        quote! {
            /// The request body.
            pub fn body(mut self, body: #ty) -> Self {
                #record
                self
            }
        }
    });
    let (output, send, paginate) = match &op.response {
        Response::Empty => (quote!(()), quote!(self.call.send_empty()), None),
        Response::Text(_) => (quote!(String), quote!(self.call.send_text()), None),
        Response::Bytes(_) => {
            let stream = quote! {
                /// Sends the request; the body is read chunk by chunk, for downloads too large to hold in memory.
                pub fn send_stream(self) -> impl std::future::Future<Output = Result<crate::ByteStream, crate::Error>> {
                    self.call.send_stream()
                }
            };
            (quote!(Vec<u8>), quote!(self.call.send_bytes()), Some(stream))
        }
        Response::Json(ty) => (scope.rust_type(ty), send_json(ty, "send", "send_as"), None),
        Response::Page(ty) => {
            let page = scope.rust_type(ty);
            let paginate = paginate_tokens(&page, op.paging.as_ref());
            (page, quote!(self.call.send()), Some(paginate))
        }
    };
    let send_with_metadata = match &op.response {
        Response::Empty => quote!(self.call.send_empty_with_metadata()),
        Response::Text(_) => quote!(self.call.send_text_with_metadata()),
        Response::Bytes(_) => quote!(self.call.send_bytes_with_metadata()),
        Response::Json(ty) => send_json(ty, "send_with_metadata", "send_as_with_metadata"),
        _ => quote!(self.call.send_with_metadata()),
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
            #raw_setter
            // Not `async fn`: the runtime's future is returned as it is, so
            // this crate has no coroutine per operation to type-check and
            // borrow-check (a clean build of api_v2010: 7.8 → 6.5 s). It is
            // `Send` all the same (auto traits leak through `impl Trait`);
            // spelling `+ Send` out costs that much again in proofs.
            /// Sends the request.
            pub fn send(self) -> impl std::future::Future<Output = Result<#output, crate::Error>> {
                #send
            }
            /// Sends the request; the result with its status and headers ([`ApiResponse`](crate::ApiResponse)).
            pub fn send_with_metadata(
                self,
            ) -> impl std::future::Future<Output = Result<crate::ApiResponse<#output>, crate::Error>> {
                #send_with_metadata
            }
            #paginate
        }
    }
}

/// A security scheme as the runtime's constant.
fn scheme_tokens(scheme: &AuthScheme) -> TokenStream {
    match scheme {
        AuthScheme::Basic => quote!(crate::runtime::Scheme::Basic),
        AuthScheme::Bearer => quote!(crate::runtime::Scheme::Bearer),
        AuthScheme::ApiKey { scheme, name, location } => {
            let location = match location {
                KeyLocation::Header => quote!(Header),
                KeyLocation::Query => quote!(Query),
                KeyLocation::Cookie => quote!(Cookie),
            };
            quote!(crate::runtime::Scheme::ApiKey {
                scheme: #scheme,
                name: #name,
                location: crate::runtime::KeyLocation::#location,
            })
        }
        AuthScheme::ClientCredentials { token_url } => {
            quote!(crate::runtime::Scheme::ClientCredentials { token_url: #token_url })
        }
    }
}

/// The argument type of a raw body and the statement that records `body`.
fn raw_body_parts(body: &RawBody) -> (TokenStream, TokenStream) {
    let media = &body.media;
    if body.text {
        (
            quote!(impl Into<String>),
            quote!(call.raw_body(#media, body.into().into_bytes());),
        )
    } else {
        (quote!(impl Into<Vec<u8>>), quote!(call.raw_body(#media, body.into());))
    }
}

fn setter(param: &Param, scope: Scope) -> TokenStream {
    let docs = doc_attrs(&param.docs);
    let name = ident(&param.name.rust);
    let value = ident("value");
    let ty = scope.input_type(&param.input);
    let record = record(param, &value, quote!(self.call));
    quote! {
        #docs
        pub fn #name(mut self, value: #ty) -> Self {
            #record
            self
        }
    }
}

/// `paginate()`: next-page links with the runtime's default, other styles
/// by naming theirs (`Paging::Cursor("cursor")`).
fn paginate_tokens(page: &TokenStream, paging: Option<&Paging>) -> TokenStream {
    let (doc, style) = match paging {
        None | Some(Paging::Link) => ("following next-page links", None),
        Some(Paging::LinkHeader) => (
            "following the `Link` header's `rel=\"next\"`",
            Some(quote!(crate::runtime::Paging::LinkHeader)),
        ),
        Some(Paging::Cursor(param)) => (
            "sending each page's cursor back as the query parameter",
            Some(quote!(crate::runtime::Paging::Cursor(#param))),
        ),
        Some(Paging::Offset(param)) => (
            "advancing the offset query parameter by each page's items",
            Some(quote!(crate::runtime::Paging::Offset(#param))),
        ),
        Some(Paging::PageNumber(param, first)) => (
            "advancing the page-number query parameter by one",
            Some({
                let first = proc_macro2::Literal::i64_unsuffixed(*first);
                quote!(crate::runtime::Paging::PageNumber(#param, #first))
            }),
        ),
    };
    let param = match paging {
        Some(Paging::Cursor(p) | Paging::Offset(p) | Paging::PageNumber(p, _)) => format!(" (`{p}`)"),
        _ => String::new(),
    };
    let doc = format!(" Streams every item across pages, {doc}{param}.");
    let call = match style {
        None => quote!(self.call.paginate()),
        Some(style) => quote!(self.call.paginate_by(#style)),
    };
    quote! {
        #[doc = #doc]
        pub fn paginate(self) -> crate::Paginator<#page> {
            #call
        }
    }
}
