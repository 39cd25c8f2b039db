//! Why a tool call failed, and close names for an unknown tool.

use super::Tool;
use crate::{ApiError, Error};

/// Why a tool call failed. Nothing is sent unless every argument validated.
#[derive(Debug)]
#[non_exhaustive]
pub enum ToolError {
    /// No tool has this name.
    UnknownTool {
        /// The name asked for.
        name: String,
        /// Tools with close names.
        suggestions: Vec<&'static str>,
    },
    /// The name fits tools of several APIs: call one by its qualified name.
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The qualified names that fit (`chat_v2_fetchService`).
        candidates: Vec<String>,
    },
    /// The arguments are not a JSON object.
    NotAnObject {
        /// The tool.
        tool: &'static str,
    },
    /// A required argument is absent (or null).
    MissingArgument {
        /// The tool.
        tool: &'static str,
        /// The argument's spec name.
        argument: &'static str,
    },
    /// An argument the tool does not take.
    UnknownArgument {
        /// The tool.
        tool: &'static str,
        /// The argument as given.
        argument: String,
    },
    /// An argument of the wrong type, or failing its pattern, enum or bounds.
    InvalidArgument {
        /// The tool.
        tool: &'static str,
        /// The argument's spec name.
        argument: String,
        /// The rule it broke.
        reason: String,
    },
    /// The API answered with its error body.
    Api {
        /// HTTP status.
        status: u16,
        /// The API's code, message and documentation link.
        error: Box<dyn ApiError>,
        /// The id the API gave the request.
        request_id: Option<String>,
    },
    /// The request failed otherwise (transport, decoding, …).
    Request(Error),
}

impl std::fmt::Display for ToolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ToolError::UnknownTool { name, suggestions } => write!(f, "unknown tool `{name}`{}", suggest(suggestions)),
            ToolError::Ambiguous { name, candidates } => {
                write!(
                    f,
                    "`{name}` is a tool of several APIs; call one of {}",
                    candidates.join(", ")
                )
            }
            ToolError::NotAnObject { tool } => write!(f, "`{tool}` takes a JSON object of arguments"),
            ToolError::MissingArgument { tool, argument } => write!(f, "`{tool}` needs the argument `{argument}`"),
            ToolError::UnknownArgument { tool, argument } => write!(f, "`{tool}` has no argument `{argument}`"),
            ToolError::InvalidArgument { tool, argument, reason } => {
                write!(f, "argument `{argument}` of `{tool}`: {reason}")
            }
            ToolError::Api { status, error, .. } => write!(f, "API error (HTTP {status}): {error}"),
            ToolError::Request(error) => error.fmt(f),
        }
    }
}

/// A request failure is transparent: its message and causes are the tool error's.
impl std::error::Error for ToolError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ToolError::Request(error) => std::error::Error::source(error),
            _ => None,
        }
    }
}

/// A failure before or outside the call (a blocking call inside an async
/// runtime, say), as [`ToolError::Request`].
impl From<Error> for ToolError {
    fn from(error: Error) -> Self {
        ToolError::Request(error)
    }
}

/// Up to five of `names` close to `wanted` (by edit distance, ignoring
/// case, or containing it), closest first.
pub(crate) fn close_names<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .map(|name| (edit_distance(&wanted, &name.to_ascii_lowercase()), name))
        .filter(|(distance, name)| *distance <= 3 || name.to_ascii_lowercase().contains(&wanted))
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, name)| name).collect()
}

/// `; did you mean `a`, `b`?`, or nothing.
pub(crate) fn suggest(suggestions: &[&str]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(
            "; did you mean {}?",
            suggestions
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl ToolError {
    /// An unknown-tool error with up to five close names.
    pub fn unknown(name: &str, tools: &[Tool]) -> Self {
        ToolError::UnknownTool {
            name: name.to_owned(),
            suggestions: close_names(name, tools.iter().map(|tool| tool.name)),
        }
    }

    pub(crate) fn from_call(tool: &'static str, error: Error) -> Self {
        match error {
            Error::InvalidParameter { parameter, source } => ToolError::InvalidArgument {
                tool,
                argument: parameter.to_owned(),
                reason: source.to_string(),
            },
            Error::Api {
                status,
                error,
                request_id,
                ..
            } => ToolError::Api {
                status,
                error,
                request_id,
            },
            other => ToolError::Request(other),
        }
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}
