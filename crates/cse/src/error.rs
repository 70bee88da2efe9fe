//! One error type for every procedure: a Response Status Code and a message a person can act
//! on, sent as `m2m:dbg`.

use onem2m::Rsc;

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} {}: {dbg}", rsc.code(), rsc.name())]
pub struct CseError {
    pub rsc: Rsc,
    pub dbg: String,
}

impl CseError {
    pub fn new(rsc: Rsc, dbg: impl Into<String>) -> Self {
        CseError {
            rsc,
            dbg: dbg.into(),
        }
    }
    pub fn bad_request(dbg: impl Into<String>) -> Self {
        Self::new(Rsc::BadRequest, dbg)
    }
    pub fn not_found(dbg: impl Into<String>) -> Self {
        Self::new(Rsc::NotFound, dbg)
    }
    pub fn no_privilege(dbg: impl Into<String>) -> Self {
        Self::new(Rsc::OriginatorHasNoPrivilege, dbg)
    }
    pub fn not_allowed(dbg: impl Into<String>) -> Self {
        Self::new(Rsc::OperationNotAllowed, dbg)
    }
    pub fn conflict(dbg: impl Into<String>) -> Self {
        Self::new(Rsc::Conflict, dbg)
    }
    pub fn internal(dbg: impl Into<String>) -> Self {
        Self::new(Rsc::InternalServerError, dbg)
    }
}

impl From<store::StoreError> for CseError {
    fn from(e: store::StoreError) -> Self {
        tracing::error!(error = %e, "store failure");
        CseError::internal("the resource store failed; the request was not applied")
    }
}

pub type CseResult<T> = Result<T, CseError>;
