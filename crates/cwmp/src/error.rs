//! Why an envelope could not be decoded, and which CWMP fault answers it.

use crate::fault::{AcsFaultCode, CpeFaultCode};

/// A decoding failure. Each variant maps to the fault the receiving side should send back
/// ([`DecodeError::acs_fault`] for an ACS, [`DecodeError::cpe_fault`] for a CPE) — provided
/// the message was a request at all: TR-069 3.5 forbids answering a response or a fault with
/// a fault, which [`DecodeError::method`] lets the session layer decide.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not well-formed XML, not UTF-8, or not a SOAP envelope with exactly one Body.
    #[error("malformed envelope: {0}")]
    Malformed(String),
    /// A body, nesting depth or array beyond the decoder's [`crate::Limits`].
    #[error("limit exceeded: {0}")]
    LimitExceeded(String),
    /// A well-formed envelope whose body element is no CWMP method this codec knows.
    #[error("unknown method {0:?}")]
    UnknownMethod(String),
    /// A known method with a missing or ill-typed argument.
    #[error("invalid arguments to {method}: {detail}")]
    InvalidArguments { method: String, detail: String },
}

impl DecodeError {
    /// The fault an ACS answers a CPE's request with (A.5.2). Malformed XML is 8002
    /// ("Internal error"): A.5.2 has no code for unparsable input, and 8002 is what CPEs
    /// treat as a failed session rather than as a request to change their arguments.
    pub fn acs_fault(&self) -> AcsFaultCode {
        match self {
            Self::Malformed(_) => AcsFaultCode::InternalError,
            Self::LimitExceeded(_) => AcsFaultCode::ResourcesExceeded,
            Self::UnknownMethod(_) => AcsFaultCode::MethodNotSupported,
            Self::InvalidArguments { .. } => AcsFaultCode::InvalidArguments,
        }
    }

    /// The fault a CPE answers an ACS's request with (A.5.1).
    pub fn cpe_fault(&self) -> CpeFaultCode {
        match self {
            Self::Malformed(_) => CpeFaultCode::InternalError,
            Self::LimitExceeded(_) => CpeFaultCode::ResourcesExceeded,
            Self::UnknownMethod(_) => CpeFaultCode::MethodNotSupported,
            Self::InvalidArguments { .. } => CpeFaultCode::InvalidArguments,
        }
    }

    /// The method the failing envelope carried, when that much could be read.
    pub fn method(&self) -> Option<&str> {
        match self {
            Self::UnknownMethod(m) | Self::InvalidArguments { method: m, .. } => Some(m),
            Self::Malformed(_) | Self::LimitExceeded(_) => None,
        }
    }

    pub(crate) fn in_method(self, method: &str) -> Self {
        match self {
            Self::InvalidArguments { detail, .. } => Self::InvalidArguments {
                method: method.to_owned(),
                detail,
            },
            other => other,
        }
    }

    pub(crate) fn invalid(detail: impl Into<String>) -> Self {
        Self::InvalidArguments {
            method: String::new(),
            detail: detail.into(),
        }
    }
}
