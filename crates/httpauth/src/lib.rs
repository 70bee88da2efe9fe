//! HTTP authentication schemes for dmgate: Basic (RFC 7617) and Digest (RFC 7616 with MD5
//! and SHA-256, `qop=auth`, plus the RFC 2069 no-qop form old CPEs still send), for both
//! sides — the server checking a client's `Authorization`, and the client answering a
//! server's `WWW-Authenticate` — and the stateless signed nonces a server hands out.
//!
//! Header values in, header values out. This crate must not know about HTTP transport,
//! CWMP, or where passwords live: the caller looks the password up, checks the nonce and the
//! request URI against its own state, and decides what policy to apply.
//!
//! ```
//! use httpauth::{Challenge, DigestAuthorization, NonceSigner, NonceStatus};
//!
//! // Server: challenge.
//! let signer = NonceSigner::new(b"a key shared by every ACS node");
//! let challenge = Challenge {
//!     realm: "dmgate".into(),
//!     nonce: signer.issue(1_750_000_000),
//!     opaque: None,
//!     algorithm: httpauth::Algorithm::Sha256,
//!     qop_auth: true,
//!     stale: false,
//! };
//! let www_authenticate = challenge.to_header_value();
//!
//! // Client: answer.
//! let offered = Challenge::best(Challenge::parse_all(&[&www_authenticate])).unwrap();
//! let header = DigestAuthorization::answer(&offered, "cpe", "secret", "POST", "/acs", 1)
//!     .to_header_value();
//!
//! // Server: verify.
//! let auth = DigestAuthorization::parse(&header).unwrap();
//! assert_eq!(signer.check(&auth.nonce, 1_750_000_010, 300), NonceStatus::Valid);
//! assert_eq!(auth.uri, "/acs");
//! assert!(auth.verify("secret", "POST", "dmgate"));
//! ```

mod algorithm;
mod basic;
mod challenge;
mod digest;
mod nonce;
mod params;

pub use algorithm::Algorithm;
pub use basic::{basic_authorization, basic_challenge, parse_basic};
pub use challenge::Challenge;
pub use digest::DigestAuthorization;
pub use nonce::{NonceSigner, NonceStatus};

/// Why an `Authorization` header (or an algorithm name) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("malformed header at byte {position}: expected {expected}")]
    Syntax {
        position: usize,
        expected: &'static str,
    },
    #[error("the header holds no credentials")]
    Empty,
    #[error("the header holds more than one set of credentials")]
    MultipleCredentials,
    #[error("expected the Digest scheme, got {0:?}")]
    WrongScheme(String),
    #[error("Digest credentials are parameters, not a token68")]
    UnexpectedToken68,
    #[error("parameter {0:?} appears more than once")]
    DuplicateParam(String),
    #[error("required parameter {0:?} is missing")]
    MissingParam(&'static str),
    #[error("unsupported Digest algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    #[error("unsupported qop {0:?}: only \"auth\" is supported")]
    UnsupportedQop(String),
    #[error("username* (RFC 7616 §3.4.4) is not supported")]
    ExtendedUsername,
    #[error("userhash=true (RFC 7616 §3.4.4) is not supported")]
    UserhashUnsupported,
    #[error("nc must be exactly 8 hex digits, got {0:?}")]
    InvalidNonceCount(String),
    #[error("response must be {expected} hex digits for {algorithm}")]
    InvalidResponse {
        algorithm: Algorithm,
        expected: usize,
    },
}

impl From<params::SyntaxError> for AuthError {
    fn from(e: params::SyntaxError) -> Self {
        AuthError::Syntax {
            position: e.position,
            expected: e.expected,
        }
    }
}
