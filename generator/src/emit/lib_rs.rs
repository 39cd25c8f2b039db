//! `src/lib.rs`: the crate root, the runtime re-exports and one accessor per
//! domain, each behind its cargo feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;
use super::{doc_attrs, feature_gate, inner_doc_attrs, Layout, Packaging};
use crate::docs::literal;
use crate::ir::{AuthScheme, Crate, HttpMethod, Input};

/// The generator's warnings and skipped operations, for the crate's docs:
/// what the crate does not do is said where its users look.
fn report_docs(report: &crate::error::Report) -> String {
    let mut text = String::new();
    if !report.skipped.is_empty() {
        text.push_str("\n\n# Operations left out\n\nThe generator could not express these (`--skip-unsupported`):");
        for skipped in &report.skipped {
            let reasons: Vec<String> = skipped.reasons.iter().map(|r| literal(&r.message)).collect();
            let (operation, file) = (literal(&skipped.operation), literal(&skipped.file));
            text.push_str(&format!("\n- {operation} ({file}): {}", reasons.join("; ")));
        }
    }
    if !report.warnings.is_empty() {
        text.push_str("\n\n# Generator warnings\n");
        for warning in &report.warnings {
            let place = literal(&format!("{}#{}", warning.file, warning.pointer));
            text.push_str(&format!("\n- {place}: {}", literal(&warning.message)));
        }
    }
    text
}

/// The crate docs' first example, compiled by `cargo test --doc`: the client
/// from the API's own environment variables, a call that needs no argument
/// (a `GET` first) and a call that creates (a `POST` first) whose required
/// arguments are text, with placeholders for them.
fn usage_docs(krate: &Crate, packaging: &Packaging) -> String {
    let package = krate.package.replace('-', "_");
    let variables = match krate.vendor {
        Some(vendor) => vendor.variables.to_owned(),
        None => {
            let prefix = env_prefix(&packaging.package);
            let mut variables = format!(
                "{prefix}_TOKEN, {prefix}_API_KEY, {prefix}_CLIENT_ID and {prefix}_CLIENT_SECRET, or {prefix}_USERNAME \
                 and {prefix}_PASSWORD, as the API needs"
            );
            for (scheme, variable) in key_variables(krate, &prefix) {
                variables.push_str(&format!("; {variable} for the `{scheme}` key"));
            }
            variables
        }
    };
    let operations = || {
        krate
            .domains
            .iter()
            .filter(|domain| krate.core_apis.contains(&domain.module))
            .flat_map(|domain| domain.operations.iter().map(move |op| (domain, op)))
    };
    let read = operations()
        .filter(|(_, op)| takes_no_argument(op))
        .min_by_key(|(_, op)| op.method != HttpMethod::Get)
        .map(|(domain, op)| example_call(domain, op, "response", &[]));
    let create = operations()
        .filter(|(_, op)| op.method != HttpMethod::Get)
        .filter_map(|(domain, op)| Some((domain, op, text_arguments(op)?)))
        .min_by_key(|(_, op, arguments)| {
            // A `create…` with an argument shows both what makes and how arguments are passed.
            let creates = op.name.rust.starts_with("create");
            (
                op.method != HttpMethod::Post,
                !creates,
                arguments.is_empty(),
                arguments.len(),
            )
        })
        .map(|(domain, op, arguments)| example_call(domain, op, "created", &arguments));
    let calls: String = read.into_iter().chain(create).collect();
    format!(
        "\n\n# Usage\n\n```no_run\n# async fn example() -> Result<(), {package}::Error> {{\n\
         // Credentials from the environment: {variables}.\n\
         let client = {package}::Client::from_env()?;\n{calls}# let _ = client;\n# Ok(())\n# }}\n```"
    )
}

fn takes_no_argument(op: &crate::ir::Operation) -> bool {
    op.inputs().all(|p| !p.required)
        && op.json_body().is_none_or(|body| !body.required)
        && op.raw_body().is_none_or(|body| !body.required)
}

/// Placeholders for the required arguments of `op`, when each is text (a
/// string or a validated string) and nothing else is required.
fn text_arguments(op: &crate::ir::Operation) -> Option<Vec<String>> {
    if op.json_body().is_some_and(|body| body.required) || op.raw_body().is_some_and(|body| body.required) {
        return None;
    }
    op.inputs()
        .filter(|p| p.required)
        .map(|p| match p.input {
            Input::IntoString | Input::IntoValidated(_) => Some(format!("{:?}", format!("<{}>", p.name.wire))),
            _ => None,
        })
        .collect()
}

/// One awaited call of `op` in the usage example; it compiles only where
/// the operation's feature is on.
fn example_call(domain: &crate::ir::Domain, op: &crate::ir::Operation, binding: &str, arguments: &[String]) -> String {
    let feature = op.feature.as_deref().unwrap_or(&domain.module);
    format!(
        "# #[cfg(feature = \"{feature}\")]\n# {{\nlet {binding} = client.{}().{}({}).send().await?;\n# let _ = {binding};\n# }}\n",
        domain.module,
        op.name.rust,
        arguments.join(", ")
    )
}

/// Each API key scheme the crate's operations use, with its own variable
/// (`{prefix}_{SCHEME}`: `PET_CLINIC_APP_KEY` for `app_key`), in order of
/// first use; the runtime's `Credentials::from_env_with_keys` reads them.
pub(crate) fn key_variables(krate: &Crate, prefix: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let schemes = krate
        .domains
        .iter()
        .flat_map(|domain| &domain.operations)
        .flat_map(|op| op.security.iter().flatten().flatten());
    for scheme in schemes {
        if let AuthScheme::ApiKey { scheme, .. } = scheme {
            if !found.iter().any(|(known, _)| known == scheme) {
                let variable = format!("{prefix}_{}", crate::names::snake_words(scheme).to_ascii_uppercase());
                found.push((scheme.clone(), variable));
            }
        }
    }
    found
}

/// `Credentials::from_env_prefixed(prefix)`, or `from_env_with_keys` with
/// the crate's API key variables, and the words for its docs.
pub(crate) fn env_credentials(krate: &Crate, prefix: &str) -> (TokenStream, String) {
    let keys = key_variables(krate, prefix);
    let mut words = format!(
        "`{prefix}_TOKEN` (a bearer token), `{prefix}_API_KEY` (an API key), `{prefix}_CLIENT_ID` and \
         `{prefix}_CLIENT_SECRET` (OAuth 2.0 client credentials), or `{prefix}_USERNAME` and `{prefix}_PASSWORD`, \
         the first set (none: no credentials)"
    );
    if keys.is_empty() {
        return (quote!(Credentials::from_env_prefixed(#prefix)), words);
    }
    let own: Vec<String> = keys
        .iter()
        .map(|(scheme, variable)| format!("`{variable}` (`{scheme}`)"))
        .collect();
    words.push_str(&format!(
        "; each API key scheme's own variable wins over `{prefix}_API_KEY`: {}",
        own.join(", ")
    ));
    let pairs = keys.iter().map(|(scheme, variable)| quote!((#scheme, #variable)));
    (quote!(Credentials::from_env_with_keys(#prefix, &[#(#pairs),*])), words)
}

/// The prefix of a generic client's environment variables: its package
/// name in upper case (`pet-clinic` → `PET_CLINIC`).
pub(crate) fn env_prefix(package: &str) -> String {
    package
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

pub(crate) fn lib_rs(krate: &Crate, packaging: &Packaging) -> TokenStream {
    let layout = packaging.layout;
    let domains: Vec<&str> = krate.domains.iter().map(|d| d.module.as_str()).collect();
    let listing: String = domains.iter().map(|d| format!("\n- [`{d}`] (feature `{d}`)")).collect();
    // Inner attributes cannot open an `include!`d file: the including crate
    // has its own docs and lints.
    let crate_attrs = (layout != Layout::IncludeFile).then(|| {
        let docs = inner_doc_attrs(&format!(
            "A typed, validated client for the APIs described by the specs it was generated from.\n\n\
         Every operation is a request builder: required parameters are arguments, optional ones are \
         setters, and nothing is sent until `send` (or `paginate` for lists).{}\n\nAPIs, one module and \
         cargo feature each:{listing}{}",
            usage_docs(krate, packaging),
            report_docs(&krate.report)
        ));
        quote! {
            #docs
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]
        }
    });
    let modules = super::split::package_of_each(krate, packaging)
        .into_iter()
        .map(|(domain, package)| {
            let module = ident(&domain.module);
            let gate = feature_gate(layout, &domain.module);
            let docs = doc_attrs(domain.docs.lines().next().unwrap_or_default());
            // Split, the module is the API crate's.
            let declaration = match package {
                Some(package) => {
                    let krate = super::split::crate_ident(&package);
                    quote!(pub use #krate::#module;)
                }
                None => quote!(pub mod #module;),
            };
            quote! {
                #gate
                #docs
                #declaration
            }
        });
    let accessors = krate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let gate = feature_gate(layout, &domain.module);
        let doc = format!(" The operations of [`{}`].", domain.module);
        quote! {
            #gate
            #[doc = #doc]
            pub fn #module(&self) -> #module::Operations<'_> {
                #module::Operations::new(self)
            }
        }
    });
    let tools = packaging.tools.then(|| tools_items(krate, layout));
    // A spec set without any `pattern` has no validated types (and no module for them).
    let has_validated = krate.types.in_home(&crate::ir::Home::Root).next().is_some() && layout != Layout::Split;
    let validated_mod = has_validated.then(|| {
        quote!(
            mod validated;
        )
    });
    let validated_use = has_validated.then(|| {
        quote!(
            pub use validated::*;
        )
    });
    let from_env = match krate.vendor {
        // The vendor's module reads its own variables (see `crate::vendor`).
        Some(vendor) => {
            let docs = vendor.from_env_docs;
            quote! {
                #[doc = #docs]
                pub fn from_env() -> Result<Self, Error> {
                    Self::builder(Credentials::from_env()?).settings_from_env().build()
                }
            }
        }
        None => {
            let prefix = env_prefix(&packaging.package);
            let base_url = format!("{prefix}_BASE_URL");
            let (credentials, words) = env_credentials(krate, &prefix);
            let docs = format!(
                " A client configured from the environment: {words}; and `{base_url}` (a mock server, in tests) \
                 where set."
            );
            quote! {
                #[doc = #docs]
                pub fn from_env() -> Result<Self, Error> {
                    Self::builder(#credentials).base_url_from_env(#base_url).build()
                }
            }
        }
    };
    // A crate and a split layout's facade have the features; an including
    // crate has none of its own: it names the runtime's items
    // (`openapi_client_runtime::twilio::webhook`) itself.
    let extras = krate.vendor.filter(|_| layout != Layout::IncludeFile).map(|vendor| {
        let module = ident(vendor.runtime.module);
        let items = vendor.extra_features.iter().map(|extra| {
            let (name, item, docs) = (extra.name, ident(extra.item), extra.docs);
            quote! {
                #[doc = #docs]
                #[cfg(feature = #name)]
                pub use runtime::#module::#item;
            }
        });
        quote!(#(#items)*)
    });
    let exports = crate::names::RUNTIME_ROOT_EXPORTS.iter().map(|name| ident(name));
    // The vendor's plug-in: installed by `builder`, its error body re-exported.
    let (install_plugin, vendor_exports) = match krate.vendor.map(|vendor| vendor.runtime) {
        Some(runtime) => {
            let (module, plugin) = (ident(runtime.module), ident(runtime.plugin));
            let exports = runtime.exports.iter().map(|name| ident(name));
            (
                quote!(.plugin(runtime::#module::#plugin::default())),
                quote! {
                    /// The error body of the vendor's API.
                    pub use runtime::#module::{#(#exports),*};
                },
            )
        }
        None => (quote!(), quote!()),
    };
    // Split, the API crates share these through their common crate.
    let shared = match layout {
        Layout::Split => {
            let common = super::split::common_ident(packaging);
            quote! {
                /// The runtime, its re-exports and the validated strings, shared by the API crates.
                pub use #common::*;
                /// The runtime crate this client is built on (shared by every generated crate).
                #[doc(no_inline)]
                pub use #common::runtime;
            }
        }
        Layout::Crate | Layout::IncludeFile => quote! {
            /// The runtime crate this client is built on (shared by every generated crate).
            pub use openapi_client_runtime as runtime;
            #validated_mod

            pub use runtime::{#(#exports),*};
            /// Re-exported: the `time` types the API takes and returns, and the `futures` stream traits
            /// for paginators, at the versions this crate uses.
            pub use runtime::{futures, time};
            #validated_use
        },
    };
    quote! {
        #crate_attrs

        #shared
        #vendor_exports
        #extras

        #(#modules)*

        /// The API client: one accessor per API. Cheap to clone; clones share connections.
        ///
        /// It wraps the runtime's [`runtime::Client`] (see `Deref`), so clients of several
        /// generated crates can share one: `other_crate::Client::from(client.runtime().clone())`.
        #[derive(Clone, Debug)]
        pub struct Client {
            runtime: runtime::Client,
        }

        /// Settings for a [`Client`]; start with [`Client::builder`].
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        impl From<runtime::Client> for Client {
            fn from(runtime: runtime::Client) -> Self {
                Self { runtime }
            }
        }

        impl std::ops::Deref for Client {
            type Target = runtime::Client;
            fn deref(&self) -> &runtime::Client {
                &self.runtime
            }
        }

        impl Client {
            /// A client for `credentials` with default settings.
            pub fn new(credentials: Credentials) -> Result<Self, Error> {
                Self::builder(credentials).build()
            }

            /// Starts configuring a client (`User-Agent`: this crate's name and version).
            pub fn builder(credentials: Credentials) -> ClientBuilder {
                ClientBuilder::new(credentials)
                    .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                    #install_plugin
            }

            #from_env

            /// The runtime client this one wraps, to share with other generated crates.
            pub fn runtime(&self) -> &runtime::Client {
                &self.runtime
            }

            #(#accessors)*
        }

        #tools
    }
}

/// `Client::call_tool`, `tools()` and friends, behind the `tools` feature.
fn tools_items(krate: &Crate, layout: Layout) -> TokenStream {
    let tools_gate = feature_gate(layout, "tools");
    let dispatch = krate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let (feature, gate) = (&domain.module, feature_gate(layout, &domain.module));
        quote!(#gate #feature => #module::tools::call(self, tool, &args).await,)
    });
    let by_domain = krate.domains.iter().map(|domain| {
        let module = ident(&domain.module);
        let (feature, gate) = (&domain.module, feature_gate(layout, &domain.module));
        quote!(#gate (#feature, #module::tools::TOOLS),)
    });
    // Split, the common crate that defines them implements this.
    let from_str_args = (layout != Layout::Split).then(|| {
        let types = krate
            .types
            .in_home(&crate::ir::Home::Root)
            .map(|(_, def)| ident(&def.name));
        quote! {
            // Validated strings as tool arguments: parsed strictly.
            #tools_gate
            runtime::tool_arg_from_str!(#(#types),*);
        }
    });
    quote! {
        #tools_gate
        pub use runtime::{Tool, ToolError};

        #from_str_args

        impl Client {
            /// Calls the tool `name` (see [`tools()`]) with JSON arguments under their spec names
            /// (`{"AccountSid": "AC…", "DateCreated<": "2024-01-01"}`). The arguments go through the
            /// same typed builders as the Rust API: nothing is sent unless all of them validate.
            /// List tools return `{"items": [...]}` across pages, capped by `limit` (default 50).
            ///
            /// `name` is the tool's name (`listConference`), its `operationId`, or, where enabled
            /// APIs share a name, its qualified name (`chat_v2_fetchService`).
            #tools_gate
            pub async fn call_tool(&self, name: &str, args: serde_json::Value) -> Result<serde_json::Value, ToolError> {
                let tools = tools();
                let tool = runtime::tools::resolve(name, &tools)?;
                match tool.domain {
                    #(#dispatch)*
                    _ => Err(ToolError::unknown(name, &tools)),
                }
            }
        }

        /// Every operation of the enabled APIs as an agent tool.
        #tools_gate
        pub fn tools() -> Vec<Tool> {
            let mut all = Vec::new();
            for (_, tools) in tools_by_domain() {
                all.extend_from_slice(tools);
            }
            all
        }

        /// The tools of each enabled API, by module name.
        #tools_gate
        pub fn tools_by_domain() -> Vec<(&'static str, &'static [Tool])> {
            vec![#(#by_domain)*]
        }

        /// All tools as MCP's `tools/list` result: `{"tools": [{"name", "description", "inputSchema"}, …]}`.
        #tools_gate
        pub fn tools_list_json() -> serde_json::Value {
            runtime::tools::tools_list(&tools())
        }
    }
}
