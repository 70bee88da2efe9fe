//! Errors of loading a model file.

use std::path::PathBuf;

/// A model file that could not be read or is not a valid model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read model file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line (1-based) of the model text and what is wrong with it.
    #[error("model line {line}: {kind}")]
    Parse { line: usize, kind: ParseErrorKind },
}

impl ModelError {
    pub(crate) fn at(line: usize, kind: ParseErrorKind) -> Self {
        ModelError::Parse { line, kind }
    }

    /// The line a parse error is on; `None` for I/O errors.
    pub fn line(&self) -> Option<usize> {
        match self {
            ModelError::Parse { line, .. } => Some(*line),
            ModelError::Io { .. } => None,
        }
    }
}

/// What is wrong with a model line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    /// Fewer than the three fields `<path> <type> <access>`.
    #[error("expected `<path> <type> <access> [<value>]`")]
    MissingFields,
    #[error("invalid path {path:?}: {reason}")]
    InvalidPath { path: String, reason: &'static str },
    #[error(
        "unknown type {0:?} (expected object, string, int, unsignedInt, long, unsignedLong, boolean, dateTime, base64 or hexBinary)"
    )]
    UnknownType(String),
    #[error("bad access {0:?} (expected R or W)")]
    BadAccess(String),
    #[error("value {value:?} of {path} is not a valid {ty}")]
    InvalidValue {
        path: String,
        value: String,
        ty: &'static str,
    },
    #[error("object line {0} has a value; objects have none")]
    ObjectWithValue(String),
    #[error("{path} has no parent object {parent} declared before it")]
    NoParent { path: String, parent: String },
    #[error("duplicate path {0}")]
    Duplicate(String),
    #[error("{path} is a numbered instance but there is no table template {template}")]
    NoTemplate { path: String, template: String },
    #[error("{path} does not match its table template: {reason}")]
    TemplateMismatch { path: String, reason: String },
    #[error("instance {instance} lacks {missing}, which its table template declares")]
    IncompleteInstance { instance: String, missing: String },
    #[error("{path}: {reason}")]
    NumberOfEntries { path: String, reason: String },
}
