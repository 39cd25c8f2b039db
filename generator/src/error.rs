//! Errors as data: every problem names the file and the JSON pointer of the
//! offending part of the spec, with a hint. Stages collect them all.

use std::fmt;
use std::path::PathBuf;

pub use crate::lower::coverage::{TypedCoverage, Untyped};

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
    /// The generator was called in a way it cannot work with (a build
    /// script's `generate` without `OUT_DIR`, no spec given).
    #[error("{0}")]
    Usage(String),
    /// Emitted code did not parse; a bug in the generator, never the spec's fault.
    #[error("generated `{file}` is not valid Rust (generator bug): {message}")]
    Emit {
        /// The output file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// A worker thread panicked; a bug in the generator.
    #[error("a thread {0} panicked (generator bug)")]
    Panicked(&'static str),
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

/// An operation left out of the crate (`--skip-unsupported`), with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The spec file.
    pub file: String,
    /// Its `operationId` (or the synthesized one).
    pub operation: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// The problems that kept it out.
    pub reasons: Vec<SpecError>,
}

/// Collects the problems of one stage: errors (which stop generation),
/// warnings (which do not, and are listed in the crate's docs) and, when
/// skipping is asked for, the operations skipped for their errors.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errors: Vec<SpecError>,
    warnings: Vec<SpecError>,
    skipped: Vec<Skipped>,
    /// Whether an operation with errors is skipped instead of failing all.
    skip_operations: bool,
    /// Whether a schema the generator could not type is an error.
    deny_untyped: bool,
    typed: TypedCoverage,
}

/// What generation reports besides its output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Problems that did not stop generation (a pattern left unchecked).
    pub warnings: Vec<SpecError>,
    /// Operations left out, with their reasons.
    pub skipped: Vec<Skipped>,
    /// How many schemas lowered to Rust types, and why the others did not.
    pub typed: TypedCoverage,
    /// How many list-like operations page, by style.
    pub paging: PagingCoverage,
}

/// List-like operations (a `GET` returning an array, or an object with
/// one) and how many of them got `paginate()`, by style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagingCoverage {
    /// `GET` operations whose success body is an array or holds one.
    pub list_like: usize,
    /// Operations with `paginate()`, by [`Paging::label`](crate::ir::Paging::label).
    pub by_style: std::collections::BTreeMap<&'static str, usize>,
}

impl PagingCoverage {
    /// Adds another crate's counts.
    pub fn add(&mut self, other: &Self) {
        self.list_like += other.list_like;
        for (style, count) in &other.by_style {
            *self.by_style.entry(style).or_default() += count;
        }
    }
}

impl Diagnostics {
    /// Diagnostics that skip an operation with errors rather than fail.
    pub fn skipping_operations() -> Self {
        Self {
            skip_operations: true,
            ..Self::default()
        }
    }

    /// Records a problem at `pointer` in `file`.
    pub fn error(&mut self, file: &str, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        self.errors.push(SpecError {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
            hint: hint.map(str::to_owned),
        });
    }

    /// Records something generation works around, at `pointer` in `file`.
    pub fn warning(&mut self, file: &str, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        self.warnings.push(SpecError {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
            hint: hint.map(str::to_owned),
        });
    }

    /// Makes a schema the generator could not type an error (`--deny-untyped`).
    pub fn deny_untyped(&mut self) {
        self.deny_untyped = true;
    }

    /// Counts one more schema lowered.
    pub fn schema_lowered(&mut self) {
        self.typed.schemas += 1;
    }

    /// Records a schema at `pointer` that lowered to free-form JSON; a
    /// fallback is also a warning (an error when untyped schemas are denied).
    pub fn untyped(&mut self, file: &str, pointer: &str, why: Untyped) {
        self.typed.record(why);
        if !why.is_fallback() {
            return;
        }
        let message = format!("becomes serde_json::Value: {}", why.reason());
        let hint = Some("the value is kept whole as JSON; `--deny-untyped` makes this an error");
        if self.deny_untyped {
            self.error(file, pointer, message, hint);
        } else {
            self.warning(file, pointer, message, hint);
        }
    }

    /// A mark to pass to [`Diagnostics::operation_done`].
    pub fn mark(&self) -> usize {
        self.errors.len()
    }

    /// Ends an operation begun at `mark`: whether to keep it. With errors
    /// since the mark and skipping on, they move to a [`Skipped`] entry.
    pub fn operation_done(&mut self, mark: usize, file: &str, operation: &str, pointer: &str) -> bool {
        if self.errors.len() == mark {
            return true;
        }
        if !self.skip_operations {
            return false;
        }
        let reasons = self.errors.split_off(mark);
        self.skipped.push(Skipped {
            file: file.to_owned(),
            operation: operation.to_owned(),
            pointer: pointer.to_owned(),
            reasons,
        });
        false
    }

    /// Moves every pointer recorded so far to `pointer(file, pointer)` and
    /// rewrites each message with `message(file, message)`: where the part
    /// is, and how its `$ref`s are spelled, in the user's own document,
    /// when a version front-end moved or respelled them.
    pub fn translate(&mut self, pointer: impl Fn(&str, &str) -> String, message: impl Fn(&str, &str) -> String) {
        let skipped_reasons = self.skipped.iter_mut().flat_map(|s| s.reasons.iter_mut());
        for error in self.errors.iter_mut().chain(&mut self.warnings).chain(skipped_reasons) {
            error.pointer = pointer(&error.file, &error.pointer);
            error.message = message(&error.file, &error.message);
        }
        for skipped in &mut self.skipped {
            skipped.pointer = pointer(&skipped.file, &skipped.pointer);
        }
    }

    /// Ends a stage: `Err` with every error found, if any was; otherwise
    /// the warnings and skipped operations.
    pub fn finish(self) -> Result<Report, Error> {
        if self.errors.is_empty() {
            Ok(Report {
                warnings: self.warnings,
                skipped: self.skipped,
                typed: self.typed,
                paging: PagingCoverage::default(),
            })
        } else {
            Err(Error::Spec(self.errors))
        }
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
