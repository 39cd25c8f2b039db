//! `cargo xtask bench --builds`: all 50 Twilio APIs compiled as one crate
//! and split into API crates (`--split`), debug, default features (every API
//! and the tools), on this machine's cores, in one interleaved run.
//!
//! Dependencies are built first and not timed. Each round cleans only the
//! generated packages and times `cargo build` through GNU `time`: wall
//! clock, and CPU (user + system of cargo and every rustc). Then one API's
//! module is touched and rebuilt: what a spec change costs.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use openapi_client_generator::{Layout, Packaging};

use crate::timing::{cargo_program, median, run, timed, touch, Cost};

struct Variant {
    name: &'static str,
    dir: PathBuf,
    packages: Vec<String>,
    touched: PathBuf,
}

pub fn bench_builds(specs: &Path, rounds: usize) -> Result<()> {
    let root = crate::workspace_root().join("target/bench-builds");
    let loaded = openapi_client_generator::load::load_all(&openapi_client_generator::load::spec_files(specs)?)?;
    let mut variants = Vec::new();
    for (name, layout) in [("one crate", Layout::Crate), ("split", Layout::Split)] {
        let dir = root.join(if layout == Layout::Split { "split" } else { "single" });
        let mut packaging = Packaging::new("twilio-client", true);
        packaging.layout = layout;
        let files = openapi_client_generator::generate_from(&loaded, &packaging)?;
        openapi_client_generator::write::write_all(&dir, &files)?;
        let lines: usize = files.iter().map(|f| f.text.lines().count()).sum();
        // The generated packages, each named by its manifest; and api_v2010's module, wherever the layout put it.
        let packages: Vec<String> = files
            .iter()
            .filter(|f| f.path.ends_with("Cargo.toml"))
            .filter_map(|f| package_name(&f.text))
            .collect();
        let touched = files
            .iter()
            .find(|f| f.path.ends_with("src/api_v2010/mod.rs"))
            .map(|f| dir.join(&f.path))
            .context("api_v2010's module among the generated files")?;
        println!(
            "{name}: {} files, {lines} lines, {} packages",
            files.len(),
            packages.len()
        );
        variants.push(Variant {
            name,
            dir,
            packages,
            touched,
        });
    }
    for variant in &variants {
        println!("warming {} (dependencies and a first build, not timed)…", variant.name);
        build(&variant.dir)?;
    }
    let mut clean: Vec<Vec<Cost>> = vec![Vec::new(); variants.len()];
    let mut touched: Vec<Vec<Cost>> = vec![Vec::new(); variants.len()];
    for round in 0..rounds {
        for (index, variant) in variants.iter().enumerate() {
            let mut args = vec!["clean".to_owned()];
            for package in &variant.packages {
                args.extend(["-p".to_owned(), package.clone()]);
            }
            cargo(&variant.dir, &args)?;
            let cost = build(&variant.dir)?;
            println!(
                "  round {round}: {} from clean: {:.1} s wall, {:.1} s CPU",
                variant.name, cost.wall, cost.cpu
            );
            clean[index].push(cost);
            touch(&variant.touched)?;
            let cost = build(&variant.dir)?;
            println!(
                "  round {round}: {} after a touch of api_v2010: {:.1} s wall, {:.1} s CPU",
                variant.name, cost.wall, cost.cpu
            );
            touched[index].push(cost);
        }
    }
    report("build of the generated code (dependencies built)", &variants, &clean);
    report("rebuild after api_v2010's module changed", &variants, &touched);
    Ok(())
}

/// A manifest's `[package]` name.
fn package_name(manifest: &str) -> Option<String> {
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("name = \""))
        .map(|rest| rest.trim_end_matches('"').to_owned())
}

fn report(what: &str, variants: &[Variant], costs: &[Vec<Cost>]) {
    let medians: Vec<Cost> = costs.iter().map(|c| median(c)).collect();
    println!("all 50 Twilio APIs, {what}, median of {}:", costs[0].len());
    for (variant, cost) in variants.iter().zip(&medians) {
        println!(
            "  {:<16} {:>7.1} s wall {:>5.2}x   {:>7.1} s CPU {:>5.2}x",
            variant.name,
            cost.wall,
            cost.wall / medians[0].wall,
            cost.cpu,
            cost.cpu / medians[0].cpu
        );
    }
}

fn cargo(dir: &Path, args: &[String]) -> Result<()> {
    run(Command::new(cargo_program())
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target")))
}

/// `cargo build` under GNU `time`: its wall clock and its children's CPU.
fn build(dir: &Path) -> Result<Cost> {
    std::fs::create_dir_all(dir.join("target"))?;
    let mut command = Command::new(cargo_program());
    command
        .args(["build", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"));
    timed(&command, &dir.join("target/time.txt"))
}
