//! The runtime crate (`templates/`): how the generated crate depends on it,
//! and, with [`RuntimeDependency::Inline`], a copy of it inside the output.

use super::{Contents, Emitted};

include!(concat!(env!("OUT_DIR"), "/runtime_files.rs"));

/// The runtime's manifest: the one place its dependency versions are written.
fn runtime_manifest() -> &'static str {
    RUNTIME_FILES
        .iter()
        .find(|(path, _)| *path == "Cargo.toml")
        .map_or("", |(_, text)| text)
}

/// Package name of the runtime crate.
pub const RUNTIME_PACKAGE: &str = "openapi-client-runtime";

/// How a generated crate gets its runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuntimeDependency {
    /// A path dependency on the runtime crate, as written in `Cargo.toml`
    /// (relative to the generated crate, or absolute).
    Path(String),
    /// A copy of the runtime crate in the output's `runtime/` folder: the
    /// output builds with nothing but crates.io.
    Inline,
    /// A copy of the runtime crate beside the output, in
    /// `../openapi-client-runtime/` ([`runtime_crate_files`], written by the
    /// caller): every crate generated into the same parent folder shares it,
    /// so several fit in one application and share a connection pool.
    Beside,
}

impl RuntimeDependency {
    /// A path dependency on this generator's own `templates/` folder.
    pub fn bundled() -> Self {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../templates");
        let path = std::path::Path::new(path);
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        Self::Path(path.to_string_lossy().into_owned())
    }

    /// The `[dependencies]` line of the runtime.
    /// The line, turning on the runtime's `features` (a vendor's plug-in).
    pub(crate) fn manifest_line(&self, features: &[&str]) -> String {
        self.manifest_line_with(0, features)
    }

    /// [`manifest_line`](Self::manifest_line) for a crate `depth` folders down.
    pub(crate) fn manifest_line_with(&self, depth: usize, features: &[&str]) -> String {
        let line = self.manifest_line_at(depth);
        if features.is_empty() {
            return line;
        }
        let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        let features = format!(", features = [{}] }}", features.join(", "));
        format!("{}{features}", line.trim_end_matches(" }"))
    }

    /// The line for a crate `depth` folders below the generated crate's root
    /// (a split output's `apis/<module>/`): a relative path climbs back up.
    pub(crate) fn manifest_line_at(&self, depth: usize) -> String {
        let path = match self {
            Self::Path(path) => path.as_str(),
            Self::Inline => "runtime",
            Self::Beside => BESIDE,
        };
        let path = if std::path::Path::new(path).is_absolute() {
            path.to_owned()
        } else {
            format!("{}{path}", "../".repeat(depth))
        };
        format!("{RUNTIME_PACKAGE} = {{ path = {path:?}, default-features = false }}")
    }
}

/// The line of `dependency` in the runtime manifest's `section`
/// (`[dependencies]`), so generated crates ask for the same versions.
pub(crate) fn dependency_line(section: &str, dependency: &str) -> Option<&'static str> {
    let manifest = runtime_manifest();
    let start = manifest.find(&format!("\n{section}\n"))? + section.len() + 2;
    let body = &manifest[start..];
    let body = &body[..body.find("\n[").unwrap_or(body.len())];
    body.lines()
        .find(|line| line.split('=').next().is_some_and(|key| key.trim() == dependency))
}

/// Where [`RuntimeDependency::Beside`] puts the runtime, from the crate.
pub const BESIDE: &str = "../openapi-client-runtime";

/// The runtime crate's files, each under the generated header, as a crate
/// of its own (for [`RuntimeDependency::Beside`]).
pub fn runtime_crate_files() -> Vec<crate::OutputFile> {
    RUNTIME_FILES
        .iter()
        .map(|(path, text)| {
            let header = if path.ends_with(".rs") { "//" } else { "#" };
            crate::OutputFile {
                path: (*path).into(),
                text: format!(
                    "{header} @generated: copied from openapi-client-generator's runtime crate. Do not edit.\n{text}"
                ),
            }
        })
        .collect()
}

/// The files of `runtime/` for [`RuntimeDependency::Inline`].
pub(crate) fn inline_files() -> Vec<Emitted<'static>> {
    runtime_crate_files()
        .into_iter()
        .map(|file| Emitted {
            path: std::path::Path::new("runtime").join(file.path),
            contents: Contents::Text(file.text),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_manifest_gives_the_versions_generated_crates_use() {
        for name in ["serde", "serde_json", "time"] {
            let line = dependency_line("[dependencies]", name).unwrap_or_default();
            assert!(line.starts_with(&format!("{name} = ")), "{name}: {line:?}");
        }
        assert!(dependency_line("[dev-dependencies]", "tokio").is_some_and(|l| l.contains("macros")));
        assert!(RUNTIME_FILES.iter().any(|(path, _)| *path == "src/lib.rs"));
    }
}
