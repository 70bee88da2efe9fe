use std::fmt;
use std::str::FromStr;

use md5::Md5;
use sha2::{Digest, Sha256};

use crate::AuthError;

/// A Digest hash algorithm (RFC 7616 §3.3). `SHA-512-256` is not offered: no CPE we know
/// of speaks it, and challenges naming it are skipped like any other unknown algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    /// The `-sess` variants fold the client nonce into HA1 (RFC 7616 §3.4.2).
    pub fn is_session(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    /// Higher is preferred when a server offers several.
    pub(crate) fn preference(self) -> u8 {
        // Plain before `-sess` for the same hash: it is what servers test against most.
        match self {
            Algorithm::Md5Sess => 0,
            Algorithm::Md5 => 1,
            Algorithm::Sha256Sess => 2,
            Algorithm::Sha256 => 3,
        }
    }

    /// Length of `response` in hex digits.
    pub(crate) fn hex_len(self) -> usize {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => 32,
            Algorithm::Sha256 | Algorithm::Sha256Sess => 64,
        }
    }

    /// `H(part1:part2:...)`, hashed in pieces so secrets are never joined into a new buffer.
    pub(crate) fn hash(self, parts: &[&str]) -> Vec<u8> {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => hash_joined::<Md5>(parts),
            Algorithm::Sha256 | Algorithm::Sha256Sess => hash_joined::<Sha256>(parts),
        }
    }

    pub(crate) fn hash_hex(self, parts: &[&str]) -> String {
        hex::encode(self.hash(parts))
    }
}

fn hash_joined<D: Digest>(parts: &[&str]) -> Vec<u8> {
    let mut d = D::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            d.update(b":");
        }
        d.update(part.as_bytes());
    }
    d.finalize().to_vec()
}

impl FromStr for Algorithm {
    type Err = AuthError;

    /// Case-insensitive, as RFC 7616 §3.3 asks of the `algorithm` parameter.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Algorithm::Md5,
            Algorithm::Md5Sess,
            Algorithm::Sha256,
            Algorithm::Sha256Sess,
        ]
        .into_iter()
        .find(|a| a.as_str().eq_ignore_ascii_case(s))
        .ok_or_else(|| AuthError::UnsupportedAlgorithm(s.to_owned()))
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_case_insensitively() {
        assert_eq!("md5".parse::<Algorithm>().unwrap(), Algorithm::Md5);
        assert_eq!("sha-256".parse::<Algorithm>().unwrap(), Algorithm::Sha256);
        assert_eq!(
            "Sha-256-SESS".parse::<Algorithm>().unwrap(),
            Algorithm::Sha256Sess
        );
        assert_eq!("MD5-sess".parse::<Algorithm>().unwrap(), Algorithm::Md5Sess);
        assert_eq!(
            "SHA-512-256".parse::<Algorithm>(),
            Err(AuthError::UnsupportedAlgorithm("SHA-512-256".into()))
        );
        assert!("SHA256".parse::<Algorithm>().is_err());
        assert!("".parse::<Algorithm>().is_err());
    }

    #[test]
    fn hashing_joins_with_colons() {
        // md5("a:b") computed independently.
        assert_eq!(
            Algorithm::Md5.hash_hex(&["a", "b"]),
            "d8160c9b3dc20d4e931aeb4f45262155"
        );
        assert_eq!(
            Algorithm::Md5.hash_hex(&["a:b"]),
            Algorithm::Md5.hash_hex(&["a", "b"])
        );
        assert_eq!(Algorithm::Sha256.hash_hex(&["x"]).len(), 64);
    }
}
