//! Vendors' conventions, chosen in one place. Any spec gets the generic
//! client; a spec set whose servers are one vendor's gets that vendor's
//! [`Vendor`] profile as well: data that lowering and the emitters read
//! (which path parameter defaults to the credentials' account, which API
//! users meet first, which runtime plug-in the client installs, what its
//! docs, variables and extra features say). A new vendor adds a module
//! here with its profile and one entry in [`VENDORS`]; no lowering or
//! emitting code changes.

mod twilio;

pub use twilio::twiml;

/// One vendor's profile; see the module docs.
#[derive(Debug, PartialEq, Eq)]
pub struct Vendor {
    /// The vendor's name, for docs (`Twilio`).
    pub name: &'static str,
    /// Its API hosts: this domain and every host below it (`twilio.com`).
    pub domain: &'static str,
    /// A prefix of its spec file names, dropped from module names
    /// (`twilio_api_v2010.json` → `api_v2010`).
    pub file_prefix: Option<&'static str>,
    /// A path parameter that defaults to the account of the client's
    /// credentials when unset (`AccountSid`).
    pub account_parameter: Option<&'static str>,
    /// Whether the vendor's credentials work on every operation whatever
    /// its declared security says (the client then sends them as they are).
    pub credentials_everywhere: bool,
    /// The API users meet first: the usage example's, and an MCP server's
    /// when the operator names none.
    pub core_api: Option<&'static str>,
    /// The runtime's plug-in the client installs.
    pub runtime: RuntimePlugin,
    /// The credentials' variables, in words, for the crate docs.
    pub variables: &'static str,
    /// The doc of the generated `Client::from_env`.
    pub from_env_docs: &'static str,
    /// What the tool command line reads from the environment.
    pub tool_cli_environment: &'static str,
    /// Cargo features the vendor adds to its crates.
    pub extra_features: &'static [ExtraFeature],
}

/// A vendor's plug-in in the runtime crate: `runtime::{module}::{plugin}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimePlugin {
    /// Its module, and the runtime's cargo feature that compiles it.
    pub module: &'static str,
    /// The type implementing the runtime's `Plugin`, made with `Default`.
    pub plugin: &'static str,
    /// What the generated crate re-exports from the module (its error body).
    pub exports: &'static [&'static str],
    /// The module's static with the MCP server's environment and flags.
    pub mcp_environment: &'static str,
}

/// A cargo feature a vendor adds: it turns on the runtime's feature of the
/// same name and re-exports `runtime::{module}::{item}` at the crate root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtraFeature {
    /// The feature's name (`webhooks`).
    pub name: &'static str,
    /// Its comment in the manifest.
    pub comment: &'static str,
    /// The item of the plug-in's module re-exported (`webhook`).
    pub item: &'static str,
    /// The re-export's doc.
    pub docs: &'static str,
}

/// Every vendor with a profile.
pub const VENDORS: &[&Vendor] = &[&twilio::TWILIO];

impl Vendor {
    /// Whether `server` (a spec's server URL) is one of this vendor's hosts.
    pub fn serves(&self, server: &str) -> bool {
        let host = server.split("://").nth(1).unwrap_or_default();
        let host = host.split(['/', ':']).next().unwrap_or_default();
        host == self.domain || host.strip_suffix(self.domain).is_some_and(|rest| rest.ends_with('.'))
    }
}

/// The vendor whose hosts serve any of `servers`, if one does.
pub fn of<'a>(mut servers: impl Iterator<Item = &'a str>) -> Option<&'static Vendor> {
    servers.find_map(|server| VENDORS.iter().copied().find(|vendor| vendor.serves(server)))
}

/// A spec file's stem without a vendor's file prefix.
pub fn strip_file_prefix(file_stem: &str) -> &str {
    VENDORS
        .iter()
        .find_map(|vendor| file_stem.strip_prefix(vendor.file_prefix?))
        .unwrap_or(file_stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vendor_is_chosen_by_its_hosts_only() {
        assert_eq!(of(["https://api.twilio.com"].into_iter()), Some(&twilio::TWILIO));
        assert_eq!(
            of(["https://messaging.twilio.com/v1"].into_iter()),
            Some(&twilio::TWILIO)
        );
        assert_eq!(
            of(["https://nottwilio.com", "https://twilio.com.evil"].into_iter()),
            None
        );
        assert_eq!(strip_file_prefix("twilio_api_v2010"), "api_v2010");
        assert_eq!(strip_file_prefix("petstore"), "petstore");
    }
}
