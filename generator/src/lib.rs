//! Turns Swagger 2.0, OpenAPI 3.0 and 3.1 specs (Twilio's first) into a
//! typed, validated Rust client crate. The pipeline, one module per stage:
//!
//! load → lower (validates and builds the [`ir`]) → emit → write.
//!
//! Nothing is written unless every stage succeeded.

pub mod build;
#[cfg(feature = "cli")]
pub mod cli;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
mod parallel;
mod single_file;
pub mod vendor;
pub mod write;

use std::path::Path;

pub use emit::{FeaturesBy, Layout, Packaging, RuntimeDependency};
pub use error::{Error, PagingCoverage, Report, Skipped, SpecError};
pub use write::OutputFile;

/// Generates the client crate for every spec in `spec_dir`, in memory.
pub fn generate(spec_dir: &Path, packaging: &Packaging) -> Result<Vec<OutputFile>, Error> {
    generate_reported(spec_dir, packaging).map(|(files, _)| files)
}

/// [`generate`], with the warnings and skipped operations (also listed in
/// the crate's docs).
pub fn generate_reported(spec_dir: &Path, packaging: &Packaging) -> Result<(Vec<OutputFile>, Report), Error> {
    generate_files_reported(&load::spec_files(spec_dir)?, packaging)
}

/// [`generate_reported`] for the given spec files, in this order.
pub fn generate_files_reported(
    files: &[std::path::PathBuf],
    packaging: &Packaging,
) -> Result<(Vec<OutputFile>, Report), Error> {
    let documents = load::read_documents(files)?;
    // Each spec is lowered as soon as it is parsed, while the other cores
    // parse the next ones.
    let mut lowering = lower::Lowering::for_packaging(packaging);
    let specs = load::load_documents_each(&documents, |spec| lowering.add(spec))?;
    emit_lowered(lowering.finish(&packaging.package)?, &specs, packaging)
}

/// Generates and writes the crate into `out`: every file is produced in
/// memory first, so on an error in the specs `out` is left exactly as it
/// was (see [`write::write_all`] for what an I/O failure leaves).
pub fn generate_into(
    spec_dir: &Path,
    out: &Path,
    packaging: &Packaging,
) -> Result<(Vec<OutputFile>, write::WriteReport, Report), Error> {
    let (files, report) = generate_reported(spec_dir, packaging)?;
    let written = write::write_all(out, &files)?;
    Ok((files, written, report))
}

/// The stages after loading, for callers that already hold parsed specs.
pub fn generate_from(specs: &[load::LoadedSpec], packaging: &Packaging) -> Result<Vec<OutputFile>, Error> {
    generate_from_reported(specs, packaging).map(|(files, _)| files)
}

/// [`generate_from`], with the warnings and skipped operations.
pub fn generate_from_reported(
    specs: &[load::LoadedSpec],
    packaging: &Packaging,
) -> Result<(Vec<OutputFile>, Report), Error> {
    let mut lowering = lower::Lowering::for_packaging(packaging);
    specs.iter().for_each(|spec| lowering.add(spec));
    let krate = lowering.finish(&packaging.package)?;
    emit_lowered(krate, specs, packaging)
}

/// The stages after lowering: tag features, emit, format.
fn emit_lowered(
    mut krate: ir::Crate,
    specs: &[load::LoadedSpec],
    packaging: &Packaging,
) -> Result<(Vec<OutputFile>, Report), Error> {
    if packaging.features_by == FeaturesBy::Tag && packaging.layout != Layout::IncludeFile {
        lower::features::by_tag(&mut krate);
    }
    let sources = emit::sources(specs);
    let emitted = emit::emit(&krate, &sources, packaging);
    let mut files = write::format_all(emitted)?;
    write::set_rerun(&mut files, &packaging.rerun);
    Ok((files, krate.report))
}

impl Packaging {
    /// A crate named `package` with agent tools; `standalone` adds its own
    /// `[workspace]`.
    pub fn new(package: impl Into<String>, standalone: bool) -> Self {
        Self {
            package: package.into(),
            standalone,
            runtime: RuntimeDependency::bundled(),
            tools: true,
            skip_unsupported: false,
            deny_untyped: false,
            layout: Layout::Crate,
            features_by: FeaturesBy::Api,
            rerun: write::RERUN.to_owned(),
        }
    }

    /// Leaves out operations the generator cannot express (listed in the
    /// crate's docs and in [`lower::lower`]'s report) instead of failing.
    pub fn skipping_unsupported(mut self) -> Self {
        self.skip_unsupported = true;
        self
    }

    /// Sets how the crate gets the runtime crate.
    pub fn with_runtime(mut self, runtime: RuntimeDependency) -> Self {
        self.runtime = runtime;
        self
    }

    /// Leaves the agent tools out (see [`Packaging::tools`]).
    pub fn without_tools(mut self) -> Self {
        self.tools = false;
        self
    }
}
