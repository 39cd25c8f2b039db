//! Helpers shared by the test targets of this crate.

use std::path::{Path, PathBuf};

use openapi_client_generator::{load, OutputFile, Packaging};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The fixture specs, one feature each.
pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

/// Generates a crate from the given spec files, in memory.
pub fn generate_files(files: &[PathBuf], package: &str) -> Result<Vec<OutputFile>, openapi_client_generator::Error> {
    let specs = load::load_all(files)?;
    openapi_client_generator::generate_from(&specs, &Packaging::new(package, true))
}

/// The generated files of one spec, runtime copies left out, as one text.
pub fn render_for_snapshot(files: &[OutputFile]) -> String {
    files
        .iter()
        .filter(|f| !f.path.starts_with("src/runtime"))
        .map(|f| format!("=== {} ===\n{}", f.path.display(), f.text))
        .collect::<Vec<_>>()
        .join("\n")
}
