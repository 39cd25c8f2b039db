//! `cargo xtask bench`: whole-stage timings of the generator on Twilio's 50
//! specs, each reported as a ratio against parsing alone (the floor), measured
//! in the same run. Release build; medians of several runs.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use openapi_client_generator::{emit, load, lower, write, Packaging};

const RUNS: usize = 7;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut samples = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        last = Some(f()?);
        samples.push(started.elapsed());
    }
    Ok((median(samples), last.context("at least one run")?))
}

/// Runs the benchmark (call from a release build).
pub fn bench(spec_dir: &Path) -> Result<()> {
    let files = load::spec_files(spec_dir)?;
    let bytes: u64 = files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum();
    let packaging = Packaging::new("twilio-client", true);
    // The floor: every document parsed on one thread, as a machine-speed
    // yardstick that the generator's own threads do not move.
    let documents = load::read_documents(&files)?;
    let (parse, _) = time(|| {
        let parsed = documents.iter().map(|(file, bytes)| load::parse(file, bytes).is_ok());
        Ok(parsed.filter(|ok| *ok).count())
    })?;
    let (loading, specs) = time(|| Ok(load::load_all(&files)?))?;
    let (lowering, krate) = time(|| Ok(lower::lower(&specs, "twilio-client", false)?))?;
    let sources = emit::sources(&specs);
    // Emitting alone, on one thread: every file's tokens made and dropped.
    let (emitting, _) = time(|| {
        let files = emit::emit(&krate, &sources, &packaging);
        Ok(files.iter().filter_map(|file| file.contents.tokens()).count())
    })?;
    // The writer emits the deferred files on its threads as it formats them.
    let (formatting, output) = time(|| Ok(write::format_all(emit::emit(&krate, &sources, &packaging))?))?;
    let (total, _) = time(|| Ok(openapi_client_generator::generate(spec_dir, &packaging)?))?;
    let operations: usize = krate.domains.iter().map(|d| d.operations.len()).sum();
    let lines = |prefix: &str| -> usize {
        output
            .iter()
            .filter(|f| f.path.starts_with(prefix))
            .map(|f| f.text.lines().count())
            .sum()
    };
    println!(
        "{} specs, {:.1} MB, {operations} operations, median of {RUNS} runs:",
        files.len(),
        bytes as f64 / 1e6
    );
    let ratio = |d: Duration| d.as_secs_f64() / parse.as_secs_f64();
    for (stage, duration) in [
        ("parse, one thread (baseline)", parse),
        ("load (threads)", loading),
        ("lower", lowering),
        ("emit, one thread", emitting),
        ("emit + format (threads)", formatting),
        ("generate, end to end", total),
    ] {
        println!("  {stage:<28} {:>9.1?}  {:>5.2}x parse", duration, ratio(duration));
    }
    println!(
        "  lines: all {} | api_v2010 {} (typed client {}, agent tools {})",
        lines(""),
        lines("src/api_v2010"),
        lines("src/api_v2010/mod.rs") + lines("src/api_v2010/operations.rs"),
        lines("src/api_v2010/tools.rs")
    );
    let counts = krate.types.counts();
    println!(
        "  types: {} structs, {} enums, {} validated strings, {} aliases of identical components",
        counts.structs, counts.enums, counts.validated, counts.aliases
    );
    if let Some(v2010) = specs.iter().position(|s| s.module == "api_v2010") {
        let alone = lower::lower(&specs[v2010..=v2010], "twilio-client", false)?
            .types
            .counts();
        println!(
            "  types of api_v2010 alone: {} structs, {} enums, {} validated strings, {} aliases",
            alone.structs, alone.enums, alone.validated, alone.aliases
        );
    }
    println!("  operations per spec:");
    for domain in &krate.domains {
        println!("    {:<22} {:>4}", domain.module, domain.operations.len());
    }
    Ok(())
}
