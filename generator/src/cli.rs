//! The command line, shared by the installable binary
//! (`cargo install --path generator` → `openapi-client-generator`) and
//! `cargo xtask generate`: one parser (clap), one run, so both take the
//! same flags. The binary asks for every input; the xtask fills in the
//! repository's defaults.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::{write, FeaturesBy, Packaging, RuntimeDependency};

/// The flags of `openapi-client-generator` and `cargo xtask generate`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {
    /// A spec file: Swagger 2.0, OpenAPI 3.0 or 3.1, JSON or YAML; repeat
    /// for several (one module and cargo feature each).
    #[arg(long = "spec", value_name = "FILE")]
    pub specs: Vec<PathBuf>,
    /// Every spec file in DIR (`*.json`, `*.yaml`, `*.yml`, in any case).
    #[arg(long, value_name = "DIR")]
    pub spec_dir: Option<PathBuf>,
    /// Where the crate is written: a new or empty folder, or one the
    /// generator wrote before (only changed files are rewritten; generated
    /// files no longer produced are removed).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The crate's package name [default: the spec's title, e.g. `pet-clinic`;
    /// with several specs, OUT's folder name].
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,
    /// Write nothing; fail if OUT's crate differs from what the specs generate.
    #[arg(long)]
    pub check: bool,
    /// Write into OUT even if it holds files the generator did not write
    /// (they are overwritten where the crate has a file of the same name).
    #[arg(long)]
    pub force: bool,
    /// Leave the agent tools (`tools()`, `Client::call_tool`, the MCP
    /// server) out of the crate.
    #[arg(long)]
    pub no_tools: bool,
    /// Copy the runtime crate into OUT/runtime/ instead of beside OUT (the
    /// installed command's default: OUT/../openapi-client-runtime/, shared
    /// by every crate generated into the same folder, so several fit in one
    /// application).
    #[arg(long, conflicts_with = "runtime_path")]
    pub inline_runtime: bool,
    /// Depend on the runtime crate at PATH (as written in Cargo.toml).
    #[arg(long, value_name = "PATH")]
    pub runtime_path: Option<String>,
    /// Leave out operations the generator cannot express, listing each
    /// with its reason (here and in the crate's docs), instead of failing.
    #[arg(long)]
    pub skip_unsupported: bool,
    /// Fail on a schema the generator cannot type (a `oneOf` nothing tells
    /// apart, a `not`, …) instead of making it `serde_json::Value` with a
    /// warning at its JSON pointer.
    #[arg(long)]
    pub deny_untyped: bool,
    /// The APIs in crates under OUT/apis/ (a large API alone, small ones
    /// together), built in parallel behind OUT's crate, with the same
    /// features and paths; in a workspace, add OUT/apis/* to its members.
    #[arg(long)]
    pub split: bool,
    /// `tag`: also a cargo feature per tag of each API (`<module>-<tag>`,
    /// all on by default), so a user of a large spec compiles only the
    /// operations they call and the types those use.
    #[arg(long, value_enum, default_value = "api")]
    pub features_by: FeaturesByArg,
}

/// What a cargo feature compiles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FeaturesByArg {
    /// One feature per API.
    #[default]
    Api,
    /// One feature per API and per tag of each.
    Tag,
}

/// The installed command: every input asked for.
#[derive(Debug, clap::Parser)]
#[command(
    name = "openapi-client-generator",
    version,
    about = "Generates a typed, validated Rust client crate from Swagger 2.0, OpenAPI 3.0 and 3.1 specs.",
    arg_required_else_help = true,
    after_help = "Example:\n  openapi-client-generator --spec petstore.yaml --out petstore-client"
)]
pub struct Command {
    #[command(flatten)]
    pub args: Args,
}

/// What to generate, and how: the flags with every default filled in.
#[derive(Debug, Clone)]
pub struct Options {
    pub check: bool,
    pub force: bool,
    /// The spec files, in order.
    pub specs: Vec<PathBuf>,
    pub out: PathBuf,
    pub packaging: Packaging,
}

impl Args {
    /// The spec files the flags name: each `--spec`, then `--spec-dir`'s.
    pub fn spec_files(&self) -> Result<Vec<PathBuf>, String> {
        let mut files = Vec::new();
        for spec in &self.specs {
            if spec.is_dir() {
                return Err(format!(
                    "--spec {}: is a folder; use --spec-dir for a folder of specs",
                    spec.display()
                ));
            }
            if !spec.is_file() {
                return Err(format!("--spec {}: no such file", spec.display()));
            }
            files.push(spec.clone());
        }
        if let Some(dir) = &self.spec_dir {
            if dir.is_file() {
                return Err(format!(
                    "--spec-dir {}: is a file; use --spec FILE for one spec",
                    dir.display()
                ));
            }
            let found = crate::load::spec_files(dir).map_err(|e| e.to_string())?;
            if found.is_empty() {
                return Err(format!(
                    "--spec-dir {}: no spec files (*.json, *.yaml, *.yml) in it",
                    dir.display()
                ));
            }
            files.extend(found);
        }
        if files.is_empty() {
            return Err("no specs given: pass --spec FILE or --spec-dir DIR".to_owned());
        }
        Ok(files)
    }

    /// The options, where `default_runtime` is the runtime when no flag
    /// says, `standalone` whether the crate gets its own `[workspace]`, and
    /// `rerun` the command its files tell a reader to run.
    pub fn options(
        &self,
        out: PathBuf,
        default_runtime: RuntimeDependency,
        standalone: bool,
        rerun: &str,
    ) -> Result<Options, String> {
        let specs = self.spec_files()?;
        let package = match &self.package {
            Some(package) => package.clone(),
            None => default_package(&specs, &out),
        };
        let runtime = match (&self.runtime_path, self.inline_runtime) {
            (Some(path), _) => RuntimeDependency::Path(path.clone()),
            (None, true) => RuntimeDependency::Inline,
            (None, false) => default_runtime,
        };
        let mut packaging = Packaging::new(package, standalone).with_runtime(runtime);
        packaging.tools = !self.no_tools;
        packaging.skip_unsupported = self.skip_unsupported;
        packaging.deny_untyped = self.deny_untyped;
        if self.split {
            packaging.layout = crate::Layout::Split;
        }
        packaging.features_by = match self.features_by {
            FeaturesByArg::Api => FeaturesBy::Api,
            FeaturesByArg::Tag => FeaturesBy::Tag,
        };
        packaging.rerun = rerun.to_owned();
        Ok(Options {
            check: self.check,
            force: self.force,
            specs,
            out,
            packaging,
        })
    }
}

/// The command that regenerates what `args` generate: `program` and the
/// arguments as a shell takes them back, without `--check` and `--force`
/// (for the generated files' headers).
pub fn rerun_command(program: &str, args: impl IntoIterator<Item = String>) -> String {
    let words: Vec<String> = args
        .into_iter()
        .filter(|arg| arg != "--check" && arg != "--force")
        .map(|arg| {
            if arg.contains([' ', '`', '\'', '"']) {
                format!("'{}'", arg.replace('\'', "'\\''"))
            } else {
                arg
            }
        })
        .collect();
    [program.to_owned()]
        .into_iter()
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A package name from one spec's title (`Pet Clinic` → `pet-clinic`), or
/// from OUT's folder name for several; `api-client` when neither gives one.
pub fn default_package(specs: &[PathBuf], out: &Path) -> String {
    let title = match specs {
        [only] => spec_title(only),
        _ => out.file_name().map(|name| name.to_string_lossy().into_owned()),
    };
    title
        .map(|title| crate_name(&title))
        .filter(|name| !name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphabetic()))
        .unwrap_or_else(|| "api-client".to_owned())
}

/// `info.title` of a spec file, if it reads.
fn spec_title(file: &Path) -> Option<String> {
    let (name, bytes) = crate::load::read_document(file).ok()?;
    let value: serde_json::Value = if name.to_ascii_lowercase().ends_with(".json") {
        serde_json::from_slice(&bytes).ok()?
    } else {
        serde_norway::from_slice(&bytes).ok()?
    };
    Some(value.pointer("/info/title")?.as_str()?.to_owned())
}

/// Lower-case words joined by `-`: a valid cargo package name.
fn crate_name(text: &str) -> String {
    heck::ToKebabCase::to_kebab_case(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .trim_matches('-')
        .to_owned()
}

impl Options {
    /// Generates (or checks) and says what happened, line by line.
    pub fn run(&self) -> Result<Vec<String>, String> {
        let started = Instant::now();
        let lines = |files: &[crate::OutputFile]| -> usize { files.iter().map(|f| f.text.lines().count()).sum() };
        let out = self.out.display();
        let (files, report) =
            crate::generate_files_reported(&self.specs, &self.packaging).map_err(|e| e.to_string())?;
        if self.check {
            let stale = write::stale(&self.out, &files).map_err(|e| e.to_string())?;
            if !stale.is_empty() {
                let list: Vec<String> = stale.iter().map(|p| format!("  {}", p.display())).collect();
                return Err(format!(
                    "{out} is stale; these files differ from what the specs generate:\n{}\nrun: {}",
                    list.join("\n"),
                    self.packaging.rerun
                ));
            }
            if let Some(dir) = self.runtime_beside() {
                let stale = write::stale(&dir, &crate::emit::runtime_crate_files()).map_err(|e| e.to_string())?;
                if !stale.is_empty() {
                    return Err(format!(
                        "the runtime crate in {} is stale\nrun: {}",
                        dir.display(),
                        self.packaging.rerun
                    ));
                }
            }
            return Ok(vec![format!(
                "{out} is up to date ({} files, {} lines)",
                files.len(),
                lines(&files)
            )]);
        }
        // The shared runtime first: a refusal there leaves OUT untouched.
        let runtime_written = match self.runtime_beside() {
            Some(dir) => Some((self.write(&dir, &crate::emit::runtime_crate_files())?, dir)),
            None => None,
        };
        let written = self.write(&self.out, &files)?;
        let mut said: Vec<String> = report.warnings.iter().map(|w| format!("warning: {w}")).collect();
        if let Some((runtime, dir)) = runtime_written {
            said.push(format!(
                "the runtime crate, shared by every crate generated beside it, in {}: {} written, {} unchanged",
                dir.display(),
                runtime.written.len(),
                runtime.unchanged
            ));
        }
        for skipped in &report.skipped {
            said.push(format!(
                "skipped {} ({}#{}):",
                skipped.operation, skipped.file, skipped.pointer
            ));
            said.extend(skipped.reasons.iter().map(|reason| format!("  - {reason}")));
        }
        said.push(format!(
            "generated {} files ({} lines) into {out} in {:.1?}: {} written, {} unchanged, {} removed",
            files.len(),
            lines(&files),
            started.elapsed(),
            written.written.len(),
            written.unchanged,
            written.removed.len()
        ));
        Ok(said)
    }
}

impl Options {
    /// The folder of the runtime crate shared by the crates beside OUT, if
    /// the crate depends on one ([`RuntimeDependency::Beside`]).
    fn runtime_beside(&self) -> Option<PathBuf> {
        // Lexically, not `OUT/..`: the OS cannot resolve that before OUT exists.
        let out = std::path::absolute(&self.out).unwrap_or_else(|_| self.out.clone());
        let folder = crate::emit::BESIDE.trim_start_matches("../");
        (self.packaging.runtime == RuntimeDependency::Beside).then(|| out.parent().unwrap_or(&out).join(folder))
    }

    /// Writes `files` into `dir`, with or without the ownership check.
    fn write(&self, dir: &Path, files: &[crate::OutputFile]) -> Result<write::WriteReport, String> {
        let written = if self.force {
            write::write_all_forced(dir, files)
        } else {
            write::write_all(dir, files)
        };
        written.map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_come_from_the_title_or_the_folder() {
        assert_eq!(crate_name("Pet Clinic"), "pet-clinic");
        assert_eq!(crate_name("Twilio - Api"), "twilio-api");
        assert_eq!(crate_name("GitHub v3 REST API"), "git-hub-v3-rest-api");
        let none: [PathBuf; 0] = [];
        assert_eq!(default_package(&none, Path::new("out/my_clients")), "my-clients");
        assert_eq!(default_package(&none, Path::new("/")), "api-client");
        assert_eq!(
            default_package(&none, Path::new("out/2024")),
            "api-client",
            "must start with a letter"
        );
    }
}
