//! `examples/contract.rs` for a generated crate: a program that calls every
//! operation of a domain with valid example arguments against a server, e.g.
//! a Prism mock of the spec, and reports each result. A test fixture, built
//! from the generator's IR and the spec, outside the generator itself.

mod examples;
mod pattern_example;

use std::collections::BTreeMap;
use std::path::Path;

use openapi_client_generator::emit::{self, Contents, Emitted, Sources};
use openapi_client_generator::ir::{Crate, Domain, Location, Operation, Param, Response, Ty, TypeKind};
use openapi_client_generator::{load, lower, write, OutputFile, Packaging};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::{json, Map, Value};

use examples::Example;

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Generates the crate for every spec in `spec_dir`, with `examples/contract.rs`.
pub fn generate_with_contract(
    spec_dir: &Path,
    packaging: &Packaging,
) -> Result<Vec<OutputFile>, openapi_client_generator::Error> {
    let specs = load::load_all(&load::spec_files(spec_dir)?)?;
    let krate = lower::lower(&specs, &packaging.package, false)?;
    let sources = emit::sources(&specs);
    let mut files = emit::emit(&krate, &sources, packaging);
    files.push(Emitted {
        path: "examples/contract.rs".into(),
        contents: Contents::Rust(contract_rs(&krate, &sources)),
    });
    let mut files = write::format_all(files)?;
    if let Some(manifest) = files.iter_mut().find(|f| f.path == Path::new("Cargo.toml")) {
        manifest
            .text
            .push_str("\n[[example]]\nname = \"contract\"\nrequired-features = [\"tools\"]\n");
    }
    Ok(files)
}

/// What the example builder reads about one domain.
pub(crate) struct Cx<'a> {
    pub krate: &'a Crate,
    pub domain: &'a Domain,
    pub raw: &'a Value,
    pub tools: &'a BTreeMap<(&'a str, usize), String>,
}

fn cx<'a>(
    krate: &'a Crate,
    domain: &'a Domain,
    sources: &'a Sources,
    tools: &'a BTreeMap<(&'a str, usize), String>,
) -> Cx<'a> {
    Cx {
        krate,
        domain,
        raw: sources.get(&domain.module).copied().unwrap_or(&Value::Null),
        tools,
    }
}

fn contract_rs(krate: &Crate, sources: &Sources) -> TokenStream {
    // Qualified names: every tool called the way that always picks one API.
    let tools: BTreeMap<(&str, usize), String> = krate
        .domains
        .iter()
        .flat_map(|d| {
            d.operations
                .iter()
                .enumerate()
                .map(move |(i, op)| ((d.module.as_str(), i), format!("{}_{}", d.module, emit::tool_name(op))))
        })
        .collect();
    let tools = &tools;
    let cx_of = move |domain| cx(krate, domain, sources, tools);
    let package = ident(&krate.package.replace('-', "_"));
    let arms = krate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let blocking_fn = ident(&format!("{}_blocking", domain.module));
        let name = &domain.module;
        quote! {
            #[cfg(all(feature = #name, feature = "blocking"))]
            #name if blocking => #blocking_fn(&client, &mut report),
            #[cfg(feature = #name)]
            #name => async_runtime().block_on(#module(&client, &mut report)),
        }
    });
    let domains = krate.domains.iter().map(|domain| domain_fn(&cx_of(domain)));
    let argument_tables = krate.domains.iter().map(|domain| {
        let name = &domain.module;
        let cx = cx_of(domain);
        let entries = domain.operations.iter().enumerate().map(|(index, op)| {
            let tool = &tools[&(domain.module.as_str(), index)];
            let args = tool_arguments(op, &cx).to_string();
            quote!((#tool, #args),)
        });
        quote!(#[cfg(feature = #name)] (#name, &[#(#entries)*]),)
    });
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
            /// A tool call: recorded, and its result printed (`RESULT tool json`)
            /// for the test to check against the tool's output schema.
            fn record_tool<E: std::fmt::Display>(&mut self, operation: &str, tool: &str, result: Result<serde_json::Value, E>) {
                if let Ok(value) = &result {
                    println!("RESULT {tool} {value}");
                }
                self.record(operation, result);
            }

            fn record<T, E: std::fmt::Display>(&mut self, operation: &str, result: Result<T, E>) {
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
                    // A later page's error says where to resume; the cause is inside.
                    Err(Error::PageFailed { source, .. }) if matches!(*source, Error::Http { status: 422, .. }) => {
                        println!("NOTE {operation}: the mock refused the spec example's next-page link: {source}");
                        self.notes += 1;
                    }
                    Err(error) => self.record(&format!("{operation}, second page"), Err::<(), Error>(error)),
                }
            }

            /// [`Report::paginate`] through the blocking client's iterator.
            #[cfg(feature = "blocking")]
            fn paginate_blocking<P: Page>(&mut self, operation: &str, paginator: Paginator<P>) {
                let mut pages = paginator.pages_iter();
                match pages.next() {
                    Some(Ok(_)) | None => self.record(operation, Ok::<(), Error>(())),
                    Some(Err(error)) => return self.record(operation, Err::<(), Error>(error)),
                }
                match pages.next() {
                    Some(Ok(_)) | None => {}
                    Some(Err(Error::PageFailed { source, .. })) if matches!(*source, Error::Http { status: 422, .. }) => {
                        println!("NOTE {operation}: the mock refused the spec example's next-page link: {source}");
                        self.notes += 1;
                    }
                    Some(Err(error)) => self.record(&format!("{operation}, second page"), Err::<(), Error>(error)),
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

        /// The async calls' runtime; the blocking ones run outside it.
        fn async_runtime() -> tokio::runtime::Runtime {
            tokio::runtime::Runtime::new().expect("a tokio runtime")
        }

        fn main() -> std::process::ExitCode {
            let mut args: Vec<String> = std::env::args().collect();
            // `--blocking`: every call through the blocking client.
            let blocking = args.iter().any(|arg| arg == "--blocking");
            args.retain(|arg| arg != "--blocking");
            if args.get(1).map(String::as_str) == Some("bench-tool") {
                return async_runtime().block_on(bench_tool(&args));
            }
            main_with(&args, blocking)
        }

        async fn bench_tool(args: &[String]) -> std::process::ExitCode {
            if let (Some("bench-tool"), Some(base), Some(tool), Some(json)) =
                (args.get(1).map(String::as_str), args.get(2), args.get(3), args.get(4))
            {
                // Median time of 20 `call_tool` calls, for comparison with the MCP server.
                let credentials = Credentials::account("AC00000000000000000000000000000000", "contract-token");
                let Ok(client) = Client::builder(credentials).base_url(base.as_str()).allow_insecure_http(true).build() else {
                    return std::process::ExitCode::FAILURE;
                };
                let arguments: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
                let mut timings = Vec::new();
                for _ in 0..20 {
                    let started = std::time::Instant::now();
                    if let Err(error) = client.call_tool(tool, arguments.clone()).await {
                        eprintln!("{error}");
                        return std::process::ExitCode::FAILURE;
                    }
                    timings.push(started.elapsed().as_secs_f64() * 1000.0);
                }
                timings.sort_by(f64::total_cmp);
                println!("{:.2}", timings[timings.len() / 2]);
                return std::process::ExitCode::SUCCESS;
            }
            std::process::ExitCode::FAILURE
        }

        fn main_with(args: &[String], blocking: bool) -> std::process::ExitCode {
            if let (Some("tool-args"), Some(domain)) = (args.get(1).map(String::as_str), args.get(2)) {
                // The tools and the arguments each call uses, for schema checks,
                // under the names the listing uses.
                let tables: &[(&str, &[(&str, &str)])] = &[#(#argument_tables)*];
                let all = tools();
                let listed = runtime::tools::listed_names(&all);
                let listed_name = |qualified: &str| {
                    let tool = runtime::tools::resolve(qualified, &all).ok();
                    let index = tool.and_then(|tool| all.iter().position(|t| t == tool));
                    index.map_or_else(|| qualified.to_owned(), |i| listed[i].clone())
                };
                let arguments: serde_json::Map<String, serde_json::Value> = tables
                    .iter()
                    .filter(|(name, _)| name == domain)
                    .flat_map(|(_, entries)| entries.iter())
                    .map(|(tool, json)| (listed_name(tool), serde_json::from_str(json).unwrap_or_default()))
                    .collect();
                println!("{}", serde_json::json!({ "tools": tools_list_json()["tools"], "arguments": arguments }));
                return std::process::ExitCode::SUCCESS;
            }
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

fn domain_fn(cx: &Cx) -> TokenStream {
    let module = ident(&cx.domain.module);
    let blocking_fn = ident(&format!("{}_blocking", cx.domain.module));
    let name = &cx.domain.module;
    let operations = cx.domain.operations.iter().enumerate();
    let calls = operations.clone().map(|(index, op)| call(op, index, cx, false));
    let blocking_calls = operations.map(|(index, op)| call(op, index, cx, true));
    quote! {
        #[cfg(feature = #name)]
        async fn #module(client: &Client, report: &mut Report) {
            use #module::*;
            let operations = client.#module();
            #(#calls)*
        }

        /// The same calls through the blocking client, outside any async runtime.
        #[cfg(all(feature = #name, feature = "blocking"))]
        fn #blocking_fn(client: &Client, report: &mut Report) {
            use #module::*;
            use runtime::blocking::Wait;
            let operations = client.#module();
            #(#blocking_calls)*
        }
    }
}

/// One operation's calls: sent, paged (a list), and as a tool; awaited, or
/// with `blocking` through the blocking client's `wait()`.
fn call(op: &Operation, index: usize, cx: &Cx, blocking: bool) -> TokenStream {
    let id = &op.name.wire;
    let method = ident(&op.name.rust);
    let mut args: Vec<TokenStream> = op
        .inputs()
        .filter(|p| p.required)
        .map(|p| Example::of(p, cx).tokens())
        .collect();
    if let Some(body) = op.json_body().filter(|b| b.required) {
        let defaultable = match &body.ty {
            Ty::Named(id) => matches!(&cx.krate.types.definition(*id).kind, TypeKind::Struct(s) if s.default),
            Ty::Json => true,
            _ => false,
        };
        if !defaultable {
            return quote!(report.skip(#id, "its JSON body has required fields: no example is generated for it"););
        }
        args.push(quote!(Default::default()));
    }
    if op.inputs().filter(|p| p.required).any(prism_form_array) {
        return quote!(report.skip(#id, "a required array form field: Prism cannot read repeated keys (stoplightio/prism#2473)"););
    }
    let setters = op.inputs().filter(|p| !p.required && !prism_form_array(p)).map(|p| {
        let setter = ident(&p.name.rust);
        let value = Example::of(p, cx).tokens();
        quote!(.#setter(#value))
    });
    let request = quote!(operations.#method(#(#args),*) #(#setters)*);
    let tool = &cx.tools[&(cx.domain.module.as_str(), index)];
    let tool_label = format!("{id} (tool)");
    let tool_args = tool_arguments(op, cx).to_string();
    let paginate = matches!(op.response, Response::Page(_)).then(|| {
        let label = format!("{id} (paginate)");
        if blocking {
            quote!(report.paginate_blocking(#label, #request.paginate());)
        } else {
            quote!(report.paginate(#label, #request.paginate()).await;)
        }
    });
    if blocking {
        return quote! {
            report.record(#id, #request.send().wait());
            #paginate
            report.record(#tool_label, client.call_tool(#tool, serde_json::from_str(#tool_args).unwrap_or_default()).wait());
        };
    }
    quote! {
        report.record(#id, #request.send().await);
        #paginate
        report.record_tool(#tool_label, #tool, client.call_tool(#tool, serde_json::from_str(#tool_args).unwrap_or_default()).await);
    }
}

/// The tool's JSON arguments with the same values as the typed call (and
/// `limit: 1`, so that a mock's repeated example page is not followed).
fn tool_arguments(op: &Operation, cx: &Cx) -> Value {
    let mut args = Map::new();
    for param in op.inputs().filter(|p| p.required || !prism_form_array(p)) {
        args.insert(param.name.wire.clone(), Example::of(param, cx).json());
    }
    if op.json_body().is_some_and(|b| b.required) {
        args.insert("body".into(), json!({}));
    }
    if matches!(op.response, Response::Page(_)) {
        args.insert("limit".into(), json!(1));
    }
    Value::Object(args)
}

/// Prism reads repeated form keys as one value (stoplightio/prism#2473),
/// while Twilio requires them: array form fields are left out of contract
/// calls (their wire format is tested against a loopback server instead).
fn prism_form_array(param: &Param) -> bool {
    param.location == Location::Form && matches!(param.ty, Ty::Vec(_))
}
