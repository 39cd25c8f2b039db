//! The runtime's property tests (`templates/src/properties/`) with many
//! inputs each, run by `cargo xtask fuzz` after the generator's fuzzing:
//! what the runtime parses from servers and callers (lenient codecs, `Link`
//! headers, `Retry-After`, SIDs, webhook signatures, TwiML escaping). Prints
//! each property's input count and the total.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::workspace_root;

/// Runs every runtime property on `cases` inputs drawn from `seed`.
pub fn run(cases: u32, seed: u64) -> Result<()> {
    println!("runtime properties: {cases} inputs each, seed {seed}");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "test",
            "--quiet",
            "-p",
            "openapi-client-runtime",
            "--features",
            "webhooks,twiml",
            "--lib",
        ])
        .args(["properties::", "--", "--nocapture"])
        .env("PROPERTY_CASES", cases.to_string())
        .env("PROPERTY_SEED", seed.to_string())
        .current_dir(workspace_root())
        .output()
        .context("could not run cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "a runtime property failed (rerun with PROPERTY_CASES={cases} PROPERTY_SEED={seed}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let counts: Vec<(&str, u64)> = stdout
        .lines()
        .filter_map(|line| line.trim_start_matches('.').strip_prefix("property "))
        .filter_map(|line| {
            let (name, count) = line.split_once(": ")?;
            Some((name, count.strip_suffix(" inputs")?.parse().ok()?))
        })
        .collect();
    if counts.is_empty() {
        bail!("no runtime property reported a count:\n{stdout}");
    }
    for (name, count) in &counts {
        println!("  {name}: {count} inputs");
    }
    let total: u64 = counts.iter().map(|(_, count)| count).sum();
    println!("{} runtime properties, {total} inputs, all held", counts.len());
    Ok(())
}
