//! `examples/contract.rs` (opt-in): a program that calls every operation of a
//! domain with valid example arguments against a server, e.g. a Prism mock of
//! the spec, and reports each result. Used by the contract tests.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use crate::ir::{Crate, Domain, Location, Operation, Param, Response, TypeRef};

pub(crate) fn contract_rs(krate: &Crate) -> TokenStream {
    let package = ident(&krate.package.replace('-', "_"));
    let arms = krate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let name = &domain.module;
        quote!(#[cfg(feature = #name)] #name => #module(&client, &mut report).await,)
    });
    let domains = krate.domains.iter().map(|domain| domain_fn(domain, krate));
    quote! {
        //! Calls every operation of one API with valid example arguments and
        //! reports each result: `contract <module> <base-url>`.
        #![allow(unused_imports, unused_variables, dead_code)]
        use #package::*;
        use futures::{StreamExt, TryStreamExt};

        #[derive(Default)]
        struct Report {
            ok: usize,
            failed: Vec<String>,
            skipped: Vec<String>,
            notes: usize,
        }

        impl Report {
            fn record<T>(&mut self, operation: &str, result: Result<T, Error>) {
                match result {
                    Ok(_) => {
                        self.ok += 1;
                        println!("ok   {operation}");
                    }
                    Err(error) => {
                        println!("FAIL {operation}: {error}");
                        self.failed.push(format!("{operation}: {error}"));
                    }
                }
            }

            /// The first page through the paginator, then the page its link
            /// leads to. A mock answers every page with the spec's example, so
            /// a third page would (rightly) end in `Error::PageLoop`; a link
            /// the mock refuses came from the spec's example data and is noted.
            async fn paginate<P: Page>(&mut self, operation: &str, paginator: Paginator<P>) {
                let pages = paginator.pages();
                futures::pin_mut!(pages);
                match pages.try_next().await {
                    Ok(_) => self.record(operation, Ok::<(), Error>(())),
                    Err(error) => return self.record(operation, Err::<(), Error>(error)),
                }
                match pages.try_next().await {
                    Ok(_) => {}
                    Err(Error::Http { status: 422, excerpt }) => {
                        println!("NOTE {operation}: the mock refused the spec example's next-page link: {excerpt}");
                        self.notes += 1;
                    }
                    Err(error) => self.record(&format!("{operation}, second page"), Err::<(), Error>(error)),
                }
            }

            fn skip(&mut self, operation: &str, why: &str) {
                println!("SKIP {operation}: {why}");
                self.skipped.push(format!("{operation}: {why}"));
            }
        }

        /// Parses an example value into its validated type.
        fn example<T: std::str::FromStr>(text: &str) -> T
        where
            T::Err: std::fmt::Display,
        {
            text.parse().unwrap_or_else(|error| panic!("example `{text}` is invalid: {error}"))
        }

        #[tokio::main]
        async fn main() -> std::process::ExitCode {
            let args: Vec<String> = std::env::args().collect();
            let (Some(domain), Some(base)) = (args.get(1), args.get(2)) else {
                eprintln!("usage: contract <module> <base-url>");
                return std::process::ExitCode::FAILURE;
            };
            let credentials = Credentials::account("AC00000000000000000000000000000000", "contract-token");
            let client = match Client::builder(credentials).base_url(base.as_str()).allow_insecure_http(true).build() {
                Ok(client) => client,
                Err(error) => {
                    eprintln!("{error}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let mut report = Report::default();
            match domain.as_str() {
                #(#arms)*
                other => {
                    eprintln!("unknown or disabled module `{other}`");
                    return std::process::ExitCode::FAILURE;
                }
            }
            let (ok, failed, skipped, notes) = (report.ok, report.failed.len(), report.skipped.len(), report.notes);
            println!("{ok} ok, {failed} failed, {skipped} skipped, {notes} notes");
            if report.failed.is_empty() && report.ok > 0 {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            }
        }

        #(#domains)*
    }
}

fn domain_fn(domain: &Domain, krate: &Crate) -> TokenStream {
    let module = ident(&domain.module);
    let name = &domain.module;
    let calls = domain.operations.iter().map(|op| call(op, domain, krate));
    quote! {
        #[cfg(feature = #name)]
        async fn #module(client: &Client, report: &mut Report) {
            use #module::*;
            let operations = client.#module();
            #(#calls)*
        }
    }
}

fn call(op: &Operation, domain: &Domain, krate: &Crate) -> TokenStream {
    let id = &op.name.wire;
    let method = ident(&op.name.rust);
    let mut args: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| value(p, domain, krate))
        .collect();
    if let Some(body) = op.json_body.as_ref().filter(|b| b.required) {
        let defaultable = match &body.ty {
            TypeRef::Model(model) => domain
                .models
                .iter()
                .any(|m| &m.name == model && m.fields.iter().all(|f| f.optional)),
            TypeRef::Json => true,
            _ => false,
        };
        if !defaultable {
            return quote!(report.skip(#id, "its JSON body has required fields: no example is generated for it"););
        }
        args.push(quote!(Default::default()));
    }
    // Prism reads repeated form keys as one value (stoplightio/prism#2473),
    // while Twilio requires them: array form fields are left out here (their
    // wire format is tested against a loopback server instead).
    let prism_form_array = |p: &&Param| p.location == Location::Form && matches!(p.ty, TypeRef::Array(_));
    if op.params.iter().filter(|p| p.required).any(|p| prism_form_array(&p)) {
        return quote!(report.skip(#id, "a required array form field: Prism cannot read repeated keys (stoplightio/prism#2473)"););
    }
    let setters = op
        .params
        .iter()
        .filter(|p| !p.required && !prism_form_array(p))
        .map(|p| {
            let setter = ident(&p.name.rust);
            let value = value(p, domain, krate);
            quote!(.#setter(#value))
        });
    let request = quote!(operations.#method(#(#args),*) #(#setters)*);
    let paginate = matches!(op.response, Response::Page(_)).then(|| {
        let label = format!("{id} (paginate)");
        quote!(report.paginate(#label, #request.paginate()).await;)
    });
    quote! {
        report.record(#id, #request.send().await);
        #paginate
    }
}

/// A valid example value for a parameter: the spec's example where given,
/// else one built from the type, its format and its bounds.
fn value(param: &Param, domain: &Domain, krate: &Crate) -> TokenStream {
    scalar(&param.ty, param, domain, krate)
}

fn scalar(ty: &TypeRef, param: &Param, domain: &Domain, krate: &Crate) -> TokenStream {
    let example = param.example.as_deref();
    match ty {
        TypeRef::Validated(pattern) => {
            let generated = krate.validated.get(pattern).and_then(|t| t.example.clone());
            let text = example.map(str::to_owned).or(generated).unwrap_or_default();
            quote!(example(#text))
        }
        TypeRef::Enum(name) => {
            let first = domain
                .enums
                .iter()
                .find(|e| &e.name == name)
                .and_then(|e| e.variants.first());
            let name = ident(name);
            match first {
                Some(variant) => {
                    let variant = ident(&variant.rust);
                    quote!(#name::#variant)
                }
                None => quote!(#name::UnknownValue(String::new())),
            }
        }
        TypeRef::String => {
            let text = example
                .map(str::to_owned)
                .unwrap_or_else(|| string_for(param.format.as_deref()).to_owned());
            quote!(#text)
        }
        TypeRef::Bool => quote!(true),
        TypeRef::I32 | TypeRef::I64 => {
            let number = example.and_then(|e| e.parse::<i64>().ok()).unwrap_or(1);
            let number = number
                .max(param.minimum.unwrap_or(i64::MIN))
                .min(param.maximum.unwrap_or(i64::MAX));
            let literal = proc_macro2::Literal::i64_unsuffixed(number);
            quote!(#literal)
        }
        TypeRef::F64 => quote!(1.0),
        TypeRef::Date => quote!(time::macros::date!(2024 - 01 - 02)),
        TypeRef::DateTime | TypeRef::DateTimeRfc2822 => quote!(time::macros::datetime!(2024-01-02 03:04:05 UTC)),
        TypeRef::Json | TypeRef::Model(_) | TypeRef::Map(_) => quote!(serde_json::json!({})),
        TypeRef::Array(item) => {
            // Two values: a single repeated key is indistinguishable from a scalar.
            let item = scalar(item, param, domain, krate);
            quote!([#item, #item])
        }
    }
}

/// A string Prism's format checks accept.
fn string_for(format: Option<&str>) -> &'static str {
    match format {
        Some("uri" | "url") => "https://example.com/callback",
        Some("phone-number") => "+15017122661",
        Some("email") => "user@example.com",
        Some("iso-country-code") => "US",
        Some("currency") => "USD",
        Some("uuid") => "123e4567-e89b-12d3-a456-426614174000",
        _ => "example",
    }
}
