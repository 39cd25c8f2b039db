//! Stage 1: read every spec file (YAML or JSON) and parse it as OpenAPI 3.0.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Diagnostics, Error};
use crate::names::domain_module;

mod refs;

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
}

/// The spec files of a folder: `*.json`, `*.yaml`, `*.yml`, sorted by name.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |source| Error::Io {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let is_spec = matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml"));
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
            Ok((raw, api)) => {
                let spec = LoadedSpec {
                    module: domain_module(&stem),
                    file: file.clone(),
                    raw,
                    api,
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

/// Parses one document: text → JSON value → version check → OpenAPI types.
pub fn parse(file: &str, bytes: &[u8]) -> Result<(Value, OpenAPI), ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let message = format!("not UTF-8 text: {e}");
        (String::new(), message, Some("OpenAPI documents are UTF-8 JSON or YAML"))
    })?;
    let raw: Value = if file.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| syntax_error("JSON", e.to_string()))?
    } else {
        serde_norway::from_str(text).map_err(|e| syntax_error("YAML", e.to_string()))?
    };
    check_version(&raw)?;
    let mut raw = raw;
    refs::hoist(&mut raw);
    // `&Value` is itself a deserializer: no copy of the whole document.
    // Tracking the path costs on every value and only a failure needs it.
    if let Ok(api) = OpenAPI::deserialize(&raw) {
        return Ok((raw, api));
    }
    let api = serde_path_to_error::deserialize(&raw).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        (
            pointer,
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
            None,
        )
    })?;
    Ok((raw, api))
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

fn check_version(raw: &Value) -> Result<(), ParseError> {
    if raw.get("swagger").is_some() {
        let hint = Some("convert it to OpenAPI 3.0 first, e.g. with swagger2openapi");
        return Err((
            "/swagger".into(),
            "this is a Swagger 2.0 document; only OpenAPI 3.0 is supported".into(),
            hint,
        ));
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0") => Ok(()),
        Some(version) if version.starts_with("3.1") => Err((
            "/openapi".into(),
            format!("OpenAPI {version} is not supported: this generator reads OpenAPI 3.0 only"),
            Some("3.1 documents that use no 3.1 features can be relabelled `openapi: 3.0.3`"),
        )),
        Some(version) => Err((
            "/openapi".into(),
            format!("unsupported OpenAPI version `{version}`"),
            None,
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
