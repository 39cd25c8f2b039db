//! The command line, shared by the installable binary
//! (`cargo install --path generator` → `openapi-client-generator`) and
//! `cargo xtask generate`: one parser, one run, so both take the same flags.

use std::path::PathBuf;
use std::time::Instant;

use crate::{write, Packaging, RuntimeDependency};

/// The flags, for usage texts.
pub const FLAGS: &str = "[--check] [--spec-dir DIR] [--out DIR] [--package NAME] [--no-tools]
      [--inline-runtime | --runtime-path PATH] [--skip-unsupported] [--split] [--features-by api|tag]
  --spec-dir DIR: every *.json, *.yaml, *.yml OpenAPI 3.0 file in DIR, one module and cargo feature each.
  --out DIR: where the crate is written (only changed files are rewritten; stale generated files removed).
  --check: write nothing; fail if DIR's crate differs from what the specs generate.
  --no-tools: leave the agent tools (`tools()`, `Client::call_tool`) out of the crate.
  --inline-runtime: copy the runtime crate into OUT/runtime/: the crate builds with crates.io alone.
  --runtime-path PATH: depend on the runtime crate at PATH (as written in Cargo.toml) instead.
  --skip-unsupported: leave out operations the generator cannot express, listing each with its reason
      (here and in the crate's docs), instead of failing.
  --split: the APIs in crates under OUT/apis/ (a large API alone, small ones together), built in parallel
      behind OUT's crate, with the same features and paths; in a workspace, add OUT/apis/* to its members.
  --features-by tag: also a cargo feature per tag of each API (`<module>-<tag>`, all on by default), so a user
      of a large spec compiles only the operations they call and the types those use.";

/// What to generate, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Write nothing; fail if the output is stale.
    pub check: bool,
    pub spec_dir: PathBuf,
    pub out: PathBuf,
    pub package: String,
    pub tools: bool,
    /// How the crate gets its runtime.
    pub runtime: RuntimeDependency,
    /// Whether the crate gets its own `[workspace]`.
    pub standalone: bool,
    pub skip_unsupported: bool,
    /// The APIs in crates of their own behind a facade ([`crate::Layout::Split`]).
    pub split: bool,
    /// What a cargo feature compiles.
    pub features_by: crate::FeaturesBy,
}

impl Options {
    /// Parses `args` over these defaults.
    pub fn parse(mut self, args: &[String]) -> Result<Self, String> {
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().cloned().ok_or_else(|| format!("`{arg}` needs a value"));
            match arg.as_str() {
                "--check" => self.check = true,
                "--spec-dir" => self.spec_dir = PathBuf::from(value()?),
                "--out" => self.out = PathBuf::from(value()?),
                "--package" => self.package = value()?,
                "--no-tools" => self.tools = false,
                "--inline-runtime" => self.runtime = RuntimeDependency::Inline,
                "--runtime-path" => self.runtime = RuntimeDependency::Path(value()?),
                "--skip-unsupported" => self.skip_unsupported = true,
                "--split" => self.split = true,
                "--features-by" => {
                    self.features_by = match value()?.as_str() {
                        "api" => crate::FeaturesBy::Api,
                        "tag" => crate::FeaturesBy::Tag,
                        other => return Err(format!("`--features-by` takes `api` or `tag`, not `{other}`")),
                    }
                }
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        Ok(self)
    }

    fn packaging(&self) -> Packaging {
        let mut packaging = Packaging::new(&self.package, self.standalone).with_runtime(self.runtime.clone());
        if !self.tools {
            packaging = packaging.without_tools();
        }
        if self.skip_unsupported {
            packaging = packaging.skipping_unsupported();
        }
        if self.split {
            packaging.layout = crate::Layout::Split;
        }
        packaging.features_by = self.features_by;
        packaging
    }

    /// Generates (or checks) and says what happened, line by line; `rerun`
    /// is the command a stale `--check` asks for.
    pub fn run(&self, rerun: &str) -> Result<Vec<String>, String> {
        let started = Instant::now();
        let packaging = self.packaging();
        let lines = |files: &[crate::OutputFile]| -> usize { files.iter().map(|f| f.text.lines().count()).sum() };
        let out = self.out.display();
        if self.check {
            let files = crate::generate(&self.spec_dir, &packaging).map_err(|e| e.to_string())?;
            let stale = write::stale(&self.out, &files).map_err(|e| e.to_string())?;
            if !stale.is_empty() {
                let list: Vec<String> = stale.iter().map(|p| format!("  {}", p.display())).collect();
                return Err(format!(
                    "{out} is stale; these files differ from what the specs generate:\n{}\nrun: {rerun}",
                    list.join("\n")
                ));
            }
            return Ok(vec![format!(
                "{out} is up to date ({} files, {} lines)",
                files.len(),
                lines(&files)
            )]);
        }
        let (files, written, report) =
            crate::generate_into(&self.spec_dir, &self.out, &packaging).map_err(|e| e.to_string())?;
        let mut said: Vec<String> = report.warnings.iter().map(|w| format!("warning: {w}")).collect();
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
