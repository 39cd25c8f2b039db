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
mod wire;
