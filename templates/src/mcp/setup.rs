//! What a server is set up with: the tools the operator's options expose,
//! and the client they call with the credentials of the environment.

use super::{Api, Options};
use crate::{Client, Credentials, Retry, Tool};

/// The tools `options` expose, in the order of `api.tools`.
pub fn select(api: &Api, options: &Options) -> Result<Vec<Tool>, String> {
    let known: Vec<&str> = {
        let mut domains: Vec<&str> = api.tools.iter().map(|t| t.domain).collect();
        domains.dedup();
        domains
    };
    let apis: Vec<&str> = if options.apis.iter().any(|a| a == "all") {
        known.clone()
    } else if options.apis.is_empty() {
        api.default_apis.iter().copied().filter(|d| known.contains(d)).collect()
    } else {
        options.apis.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = apis.iter().find(|a| !known.contains(a)) {
        return Err(format!(
            "no API `{unknown}` in this build; it has: {}",
            known.join(", ")
        ));
    }
    let patterns = options
        .tools
        .iter()
        .map(|g| glob::Pattern::new(g).map_err(|e| format!("`--tools {g}`: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let selected: Vec<Tool> = api
        .tools
        .iter()
        .filter(|t| apis.contains(&t.domain))
        .filter(|t| !options.read_only || t.read_only())
        .filter(|t| {
            let names = [t.name.to_owned(), t.qualified_name(), t.operation_id.to_owned()];
            patterns.is_empty() || patterns.iter().any(|p| names.iter().any(|n| p.matches(n)))
        })
        .copied()
        .collect();
    if selected.is_empty() {
        return Err("these options expose no tool".to_owned());
    }
    Ok(selected)
}

/// The client the tools call, from the options and the environment (or a
/// credentials file); never from tool arguments.
pub fn client(options: &Options, environment: super::Environment) -> Result<Client, String> {
    let file: Option<Vec<(String, String)>> = match &options.credentials_file {
        Some(path) => Some(
            dotenvy::from_path_iter(path)
                .and_then(|iter| iter.collect())
                .map_err(|e| format!("credentials file {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let lookup = |name: &str| match &file {
        Some(vars) => vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
        None => std::env::var(name).ok(),
    };
    let mut builder = match environment {
        super::Environment::Vendor(vendor) => (vendor.builder)(&lookup).map_err(|e| e.to_string())?,
        super::Environment::Prefixed(prefix) => Client::builder(Credentials::from_vars_prefixed(prefix, lookup)),
        super::Environment::PrefixedKeys(prefix, keys) => {
            Client::builder(Credentials::from_vars_with_keys(prefix, keys, lookup))
        }
    };
    for (name, value) in &options.vendor {
        if let Some(flag) = environment.flags().iter().find(|flag| flag.name == *name) {
            builder = (flag.apply)(builder, value);
        }
    }
    if let Some(base) = &options.base_url {
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|prefix| base.starts_with(prefix));
        builder = builder.base_url(base).allow_insecure_http(loopback);
    }
    if let Some(timeout) = options.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(max_retries) = options.max_retries {
        builder = builder.retry(Retry {
            max_retries,
            ..Retry::default()
        });
    }
    builder.build().map_err(|e| e.to_string())
}
