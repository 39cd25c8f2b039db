//! The runtime of generated clients, compiled and tested on its own.
//!
//! Every file under `src/runtime/` is copied verbatim into each generated crate
//! as `src/runtime/`, so the code tested here is the code apps run.

// Request-path helpers are used by generated operations, which this crate has
// none of; a generated crate carries the same allowance for the helpers its
// specs do not need (form bodies when every operation is a GET, say).
#[allow(dead_code)]
pub mod runtime;

#[cfg(test)]
mod tests;
