//! Errors as data: every problem names the file and the JSON pointer of the
//! offending part of the spec, with a hint. Stages collect them all.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input spec.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}#{pointer}: {message}{}", hint_suffix(.hint))]
pub struct SpecError {
    /// The spec file, as given.
    pub file: String,
    /// JSON pointer into that file (`/paths/~1a~1{b}/get`), empty for the whole file.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!(" (hint: {h})")).unwrap_or_default()
}

/// Everything that stops generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The specs have problems; all found in the failing stage are listed.
    #[error("{}", SpecErrors(.0))]
    Spec(Vec<SpecError>),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Emitted code did not parse; a bug in the generator, never the spec's fault.
    #[error("generated `{file}` is not valid Rust (generator bug): {message}")]
    Emit {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

struct SpecErrors<'a>(&'a [SpecError]);

impl fmt::Display for SpecErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        write!(f, "{count} problem{} in the specs:", if count == 1 { "" } else { "s" })?;
        for error in self.0 {
            write!(f, "\n  - {error}")?;
        }
        Ok(())
    }
}

/// Collects the problems of one stage.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errors: Vec<SpecError>,
}

impl Diagnostics {
    /// Records a problem at `pointer` in `file`.
    pub fn error(&mut self, file: &str, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        self.errors.push(SpecError {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
            hint: hint.map(str::to_owned),
        });
    }

    /// Ends a stage: `Err` with everything found, if anything was.
    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Spec(self.errors))
        }
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
