//! Vendors' plug-ins, each behind its own cargo feature: what is one API
//! vendor's (hosts, error body, credentials and variables, extra features)
//! rather than OpenAPI's. The rest of the runtime names no vendor; a new
//! vendor adds a module here and a feature in the manifest.

#[cfg(feature = "twilio")]
pub mod twilio;
