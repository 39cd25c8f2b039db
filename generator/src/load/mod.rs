//! Stage 1: read every spec file (YAML or JSON) and bring it into the one
//! shape the rest of the generator reads, OpenAPI 3.0's. Each input version
//! has its front-end: 3.0 is read as written, 3.1 is rewritten by
//! [`v3_1`]; what moved is kept in [`Origins`], so problems are reported at
//! their place in the user's own document. Nothing after this stage knows
//! which version a document was.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Diagnostics, Error};
use crate::names::domain_module;

mod compose;
mod origins;
mod refs;
mod v2;
mod v3_1;
mod walk;

pub use origins::Origins;
pub use walk::METHODS;

/// One parsed spec file.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// File name as shown in errors (`twilio_api_v2010.yaml`).
    pub file: String,
    /// The domain module it becomes (`api_v2010`).
    pub module: String,
    /// The document as plain JSON, for what `openapiv3` does not keep
    /// (siblings of `$ref`).
    pub raw: Value,
    /// The typed document.
    pub api: OpenAPI,
    /// Where the front-end moved parts of the document from (empty for 3.0).
    pub origins: Origins,
    /// What the front-end read differently from how it was written, at the
    /// user's pointers.
    pub notes: Vec<Note>,
}

/// Something a front-end could not carry over as written: at `pointer` in
/// the user's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub pointer: String,
    pub message: String,
    pub hint: Option<&'static str>,
    /// An error stops generation; otherwise it is a warning.
    pub error: bool,
}

impl Note {
    fn warning(pointer: String, message: impl Into<String>) -> Self {
        Self {
            pointer,
            message: message.into(),
            hint: None,
            error: false,
        }
    }

    fn error(pointer: String, message: impl Into<String>, hint: Option<&'static str>) -> Self {
        Self {
            pointer,
            message: message.into(),
            hint,
            error: true,
        }
    }
}

/// A document brought into the one shape, with where its parts came from.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document as plain JSON, in the 3.0 shape.
    pub raw: Value,
    /// The typed document.
    pub api: OpenAPI,
    pub origins: Origins,
    pub notes: Vec<Note>,
}

/// The spec files of a folder: `*.json`, `*.yaml`, `*.yml` (in any case:
/// `API.YAML` too), sorted by name.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |source| Error::Io {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        let is_spec = matches!(extension.as_deref(), Some("json" | "yaml" | "yml"));
        if is_spec && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Loads every file, reporting all that fail.
pub fn load_all(files: &[PathBuf]) -> Result<Vec<LoadedSpec>, Error> {
    load_documents(&read_documents(files)?)
}

/// Every file's name and bytes, as [`load_documents`] takes them.
pub fn read_documents(files: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, Error> {
    files.iter().map(|path| read_document(path)).collect()
}

/// A spec file's name and bytes, as [`load_documents`] takes them.
pub fn read_document(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((file, bytes))
}

/// Loads documents held in memory, each under its file name (`petstore.yaml`:
/// the extension says JSON or YAML, the stem names the module), reporting
/// all that fail.
pub fn load_documents(documents: &[(String, Vec<u8>)]) -> Result<Vec<LoadedSpec>, Error> {
    load_documents_each(documents, |_| {})
}

/// [`load_documents`], handing each spec to `loaded` as soon as it and the
/// files before it are parsed, while the other cores parse the rest (the
/// generator lowers them meanwhile). Once a file has failed, the specs after
/// it are not handed over: the load fails anyway.
pub fn load_documents_each(
    documents: &[(String, Vec<u8>)],
    mut loaded: impl FnMut(&LoadedSpec),
) -> Result<Vec<LoadedSpec>, Error> {
    let mut diagnostics = Diagnostics::default();
    let mut specs = Vec::new();
    let mut failed = false;
    let parse_one = |(file, bytes): &(String, Vec<u8>)| parse(file, bytes);
    crate::parallel::in_order("parsing", documents, parse_one, |(file, _), parsed| {
        let stem = Path::new(file)
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match parsed {
            Ok(parsed) => {
                for note in parsed.notes.iter().filter(|note| note.error) {
                    failed = true;
                    diagnostics.error(file, &note.pointer, note.message.clone(), note.hint);
                }
                let spec = LoadedSpec {
                    module: domain_module(&stem),
                    file: file.clone(),
                    raw: parsed.raw,
                    api: parsed.api,
                    origins: parsed.origins,
                    notes: parsed.notes,
                };
                if !failed {
                    loaded(&spec);
                }
                specs.push(spec);
            }
            Err((pointer, message, hint)) => {
                failed = true;
                diagnostics.error(file, &pointer, message, hint);
            }
        }
    })?;
    diagnostics.finish()?;
    Ok(specs)
}

type ParseError = (String, String, Option<&'static str>);

/// Parses one document: text → JSON value → its version's front-end →
/// OpenAPI types.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Parsed, ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let message = format!("not UTF-8 text: {e}");
        (String::new(), message, Some("OpenAPI documents are UTF-8 JSON or YAML"))
    })?;
    let raw: Value = if file.to_ascii_lowercase().ends_with(".json") {
        serde_json::from_str(text).map_err(|e| syntax_error("JSON", e.to_string()))?
    } else {
        serde_norway::from_str(text).map_err(|e| syntax_error("YAML", e.to_string()))?
    };
    let version = check_version(&raw)?;
    let (mut raw, mut origins, mut notes) = (raw, Origins::default(), Vec::new());
    match version {
        Version::V2 => v2::normalise(&mut raw, &mut origins, &mut notes),
        Version::V3_0 => {}
        Version::V3_1 => v3_1::normalise(&mut raw, &mut origins, &mut notes),
    }
    refs::hoist(&mut raw, &mut origins);
    // After hoisting: a `$ref` into another schema's members names them
    // where the user wrote them, before any moved.
    compose::normalise(&mut raw, &mut origins);
    // `&Value` is itself a deserializer: no copy of the whole document.
    // Tracking the path costs on every value and only a failure needs it.
    if let Ok(api) = OpenAPI::deserialize(&raw) {
        return Ok(Parsed {
            raw,
            api,
            origins,
            notes,
        });
    }
    let api = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let pointer = origins.original(&path_to_pointer(e.path()));
        let message = format!("not a valid {} document: {}", version.name(), e.inner());
        (pointer, message, None)
    })?;
    Ok(Parsed {
        raw,
        api,
        origins,
        notes,
    })
}

/// The input versions, each read by its front-end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V2,
    V3_0,
    V3_1,
}

impl Version {
    fn name(self) -> &'static str {
        match self {
            Self::V2 => "Swagger 2.0",
            Self::V3_0 => "OpenAPI 3.0",
            Self::V3_1 => "OpenAPI 3.1",
        }
    }
}

/// Parsers refuse nesting deeper than 128 levels and YAML alias expansion
/// beyond a bound, so neither exhausts the stack or memory.
fn syntax_error(format: &str, message: String) -> ParseError {
    let hint = if message.contains("recursion limit") {
        "the document nests deeper than 128 levels, which is refused"
    } else if message.contains("repetition limit") {
        "YAML aliases expand beyond the allowed size (an alias bomb?)"
    } else if format == "JSON" {
        "check the file is a JSON document"
    } else {
        "check the file is a YAML document"
    };
    (String::new(), format!("not valid {format}: {message}"), Some(hint))
}

fn check_version(raw: &Value) -> Result<Version, ParseError> {
    match raw.get("swagger") {
        None => {}
        Some(Value::String(version)) if version == "2.0" => return Ok(Version::V2),
        Some(other) => {
            return Err((
                "/swagger".into(),
                format!("unsupported Swagger version {other}"),
                Some("this generator reads Swagger 2.0, OpenAPI 3.0 and 3.1"),
            ))
        }
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0") => Ok(Version::V3_0),
        Some(version) if version.starts_with("3.1") => Ok(Version::V3_1),
        Some(version) => Err((
            "/openapi".into(),
            format!("unsupported OpenAPI version `{version}`"),
            Some("this generator reads Swagger 2.0, OpenAPI 3.0 and 3.1"),
        )),
        None => Err((
            String::new(),
            "no `openapi` version field: not an OpenAPI document".into(),
            None,
        )),
    }
}

/// serde's path into the document → JSON pointer (`/paths/~1a~1{b}/get/parameters/0`).
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => crate::error::pointer_token(key),
            Segment::Enum { variant } => crate::error::pointer_token(variant),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&token);
    }
    pointer
}
