//! The generator from a build script: specs in, one Rust file in `OUT_DIR`
//! out, for `include!` at the root of the crate that builds it.
//!
//! ```no_run
//! // build.rs's `main` (with `openapi-client-generator` in `[build-dependencies]`,
//! // `default-features = false` to leave the command's allocator out):
//! let written = openapi_client_generator::build::Builder::new()
//!     .spec("specs/petstore.yaml")
//!     .generate();
//! if let Err(error) = written {
//!     // It names the spec file and the JSON pointer of each problem.
//!     panic!("{error}");
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: the client's modules, `Client` and types at the crate root.
//! include!(concat!(env!("OUT_DIR"), "/openapi_client.rs"));
//! ```
//!
//! `generator/examples/build-script` in this repository is such a crate.
//!
//! The including crate depends on `openapi-client-runtime` (with its `tools`
//! feature when [`Builder::tools`] is on), `serde` (with `derive`),
//! `serde_json` and `time` (0.3; the generated types name its dates). The file has every API of the specs, with no cargo features
//! (the crate's own features are the crate's), and names its items from the
//! crate root (`crate::Client`), so it is included there.

use std::path::{Path, PathBuf};

use crate::emit::{self, Layout, Packaging};
use crate::error::{Error, Report};

/// What a build script generates; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct Builder {
    sources: Vec<Source>,
    tools: bool,
    skip_unsupported: bool,
    deny_untyped: bool,
    file_name: String,
}

#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    Dir(PathBuf),
    Document { file_name: String, text: Vec<u8> },
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// No specs yet, no agent tools, output `openapi_client.rs`.
    pub fn new() -> Self {
        Self {
            sources: Vec::new(),
            tools: false,
            skip_unsupported: false,
            deny_untyped: false,
            file_name: "openapi_client.rs".to_owned(),
        }
    }

    /// Adds a spec file (JSON or YAML, by its extension); its stem names the
    /// API's module (`petstore.yaml` → `petstore`).
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.sources.push(Source::File(path.into()));
        self
    }

    /// Adds every spec in a folder (`*.json`, `*.yaml`, `*.yml`).
    pub fn spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.sources.push(Source::Dir(dir.into()));
        self
    }

    /// Adds a spec held in memory, under a file name (`petstore.json`) that
    /// says JSON or YAML and names the module.
    pub fn document(mut self, file_name: impl Into<String>, text: impl Into<Vec<u8>>) -> Self {
        self.sources.push(Source::Document {
            file_name: file_name.into(),
            text: text.into(),
        });
        self
    }

    /// Also emits every operation as an agent tool (`tools()`,
    /// `Client::call_tool`); the crate then needs the runtime's `tools` feature.
    pub fn tools(mut self, on: bool) -> Self {
        self.tools = on;
        self
    }

    /// Leaves out operations the generator cannot express, rather than
    /// failing; each becomes a `cargo:warning` from [`Builder::generate`].
    pub fn skip_unsupported(mut self) -> Self {
        self.skip_unsupported = true;
        self
    }

    /// Fails on a schema the generator cannot type, instead of making it
    /// `serde_json::Value` with a warning (`cargo:warning`).
    pub fn deny_untyped(mut self) -> Self {
        self.deny_untyped = true;
        self
    }

    /// The output file's name in `OUT_DIR` (default `openapi_client.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// The paths the output depends on: every spec file and spec folder.
    pub fn inputs(&self) -> Vec<&Path> {
        self.sources
            .iter()
            .filter_map(|source| match source {
                Source::File(path) | Source::Dir(path) => Some(path.as_path()),
                Source::Document { .. } => None,
            })
            .collect()
    }

    /// The file's text and the generator's report, printing nothing.
    pub fn render(&self) -> Result<(String, Report), Error> {
        let mut documents = Vec::new();
        for source in &self.sources {
            match source {
                Source::File(path) => documents.push(crate::load::read_document(path)?),
                Source::Dir(dir) => {
                    for path in crate::load::spec_files(dir)? {
                        documents.push(crate::load::read_document(&path)?);
                    }
                }
                Source::Document { file_name, text } => documents.push((file_name.clone(), text.clone())),
            }
        }
        if documents.is_empty() {
            return Err(Error::Usage(
                "no spec given: call Builder::spec, spec_dir or document".into(),
            ));
        }
        let specs = crate::load::load_documents(&documents)?;
        let package = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "api-client".to_owned());
        let mut packaging = Packaging::new(package, false);
        packaging.layout = Layout::IncludeFile;
        packaging.tools = self.tools;
        packaging.skip_unsupported = self.skip_unsupported;
        packaging.deny_untyped = self.deny_untyped;
        let mut lowering = crate::lower::Lowering::for_packaging(&packaging);
        specs.iter().for_each(|spec| lowering.add(spec));
        let krate = lowering.finish(&packaging.package)?;
        let sources = emit::sources(&specs);
        let text = crate::single_file::assemble(emit::emit(&krate, &sources, &packaging))?;
        Ok((text, krate.report))
    }

    /// Writes the file into `dir` (left untouched when its text is the same,
    /// so cargo rebuilds nothing), and returns its path.
    pub fn generate_to(&self, dir: &Path) -> Result<(PathBuf, Report), Error> {
        let (text, report) = self.render()?;
        let path = dir.join(&self.file_name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok((path, report))
    }

    /// From a build script: writes the file into `OUT_DIR`, tells cargo to
    /// run the script again when a spec changes, and turns each generator
    /// warning and skipped operation into a `cargo:warning`.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        for input in self.inputs() {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            Error::Usage("OUT_DIR is not set: call generate() from a build script, or use generate_to".into())
        })?;
        let (path, report) = self.generate_to(Path::new(&out_dir))?;
        for warning in &report.warnings {
            println!(
                "cargo:warning={}#{}: {}",
                warning.file,
                warning.pointer,
                one_line(&warning.message)
            );
        }
        for skipped in &report.skipped {
            let reasons: Vec<String> = skipped.reasons.iter().map(|r| one_line(&r.message)).collect();
            println!(
                "cargo:warning=left out {} ({}): {}",
                skipped.operation,
                skipped.file,
                reasons.join("; ")
            );
        }
        Ok(path)
    }
}

/// A `cargo:` line ends at a line break.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://t.example.com"}],
        "paths": {"/things/{id}": {"get": {"operationId": "getThing",
            "parameters": [{"name": "id", "in": "path", "required": true,
                            "schema": {"type": "string", "pattern": "^TH[0-9]+$"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}}}}}"#;

    #[test]
    fn renders_one_file_without_features_or_root_attributes() {
        let (text, report) = Builder::new()
            .document("things.json", SPEC)
            .tools(true)
            .render()
            .expect("a file");
        assert!(report.warnings.is_empty() && report.skipped.is_empty());
        assert!(text.contains("pub mod things {"), "{text}");
        assert!(text.contains("pub mod tools {"), "tools inline: {text}");
        assert!(!text.contains("cfg(feature"), "no feature gates: {text}");
        assert!(!text.contains("#!["), "no inner attributes anywhere: {text}");
        assert!(!text.contains("mod operations;"), "every module inline: {text}");
    }

    #[test]
    fn a_broken_spec_is_named_with_its_pointer() {
        let broken = SPEC.replace(
            r#"{"type": "string", "pattern": "^TH[0-9]+$"}"#,
            r##"{"$ref": "#/components/schemas/Missing"}"##,
        );
        let error = Builder::new()
            .document("things.json", broken)
            .render()
            .expect_err("refused");
        let message = error.to_string();
        assert!(
            message.contains("things.json#/paths/~1things~1{id}/get/parameters/0"),
            "{message}"
        );
    }

    #[test]
    fn no_spec_or_no_out_dir_is_a_usage_error() {
        let error = Builder::new().render().expect_err("no spec");
        assert!(matches!(error, Error::Usage(_)), "{error}");
        if std::env::var_os("OUT_DIR").is_none() {
            let error = Builder::new()
                .document("things.json", SPEC)
                .generate()
                .expect_err("no OUT_DIR");
            assert!(error.to_string().contains("OUT_DIR"), "{error}");
        }
    }

    #[test]
    fn an_unchanged_file_is_not_rewritten() {
        let dir = std::env::temp_dir().join(format!("openapi-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let builder = Builder::new().document("things.json", SPEC).file_name("things.rs");
        let (path, _) = builder.generate_to(&dir).expect("written");
        let first = std::fs::metadata(&path).and_then(|m| m.modified()).expect("a time");
        std::thread::sleep(std::time::Duration::from_millis(20));
        builder.generate_to(&dir).expect("again");
        let second = std::fs::metadata(&path).and_then(|m| m.modified()).expect("a time");
        assert_eq!(first, second, "cargo would rebuild the including crate");
        std::fs::remove_dir_all(&dir).ok();
    }
}
