//! Every test of the generator and the generated client, in one test binary:
//! linking one binary instead of eight is most of the build time on 2 cores.

mod broken_specs;
mod fastapi;
mod fixtures_compile;
mod freshness;
mod hostile;
mod mcp;
mod snapshots;
mod tools;
mod twilio;
mod twilio_python;
mod twilio_python_webhooks;
mod twiml_webhook;
// The axum example, served by `twiml_webhook`; its `main` is the command line's.
#[path = "examples/twiml_webhook.rs"]
#[allow(dead_code)]
mod twiml_webhook_example;
mod wire;
