use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Issue time, random, truncated tag.
const TIME_LEN: usize = 8;
const RANDOM_LEN: usize = 8;
const TAG_LEN: usize = 16;
const RAW_LEN: usize = TIME_LEN + RANDOM_LEN + TAG_LEN;
/// base64 without padding of [`RAW_LEN`] bytes.
const ENCODED_LEN: usize = (RAW_LEN * 8).div_ceil(6);
/// Clock skew tolerated between the node that issued a nonce and the one checking it.
const MAX_FUTURE_SECS: u64 = 60;

/// Issues and checks stateless Digest nonces: the nonce carries its issue time and an HMAC
/// over it, so any server node holding the same key can check it without shared storage.
///
/// Stateless means a nonce can be answered more than once until it expires; callers that
/// need one-time use must track `nc` or nonces themselves.
#[derive(Clone)]
pub struct NonceSigner {
    mac: Hmac<Sha256>,
}

/// What [`NonceSigner::check`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NonceStatus {
    Valid,
    /// Ours, but older than allowed: answer 401 with `stale=true` so the client retries
    /// with a fresh nonce instead of treating the password as wrong.
    Stale,
    /// Not ours: forged, corrupted, malformed, or dated too far in the future.
    Invalid,
}

impl NonceSigner {
    /// `key` should be at least 32 random bytes, shared by every node that checks nonces.
    pub fn new(key: &[u8]) -> Self {
        let mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
        NonceSigner { mac }
    }

    /// A signer with a fresh random key, for a single node whose nonces need not survive
    /// a restart.
    pub fn random() -> Self {
        Self::new(&rand::random::<[u8; 32]>())
    }

    pub fn issue(&self, now_unix_secs: u64) -> String {
        let mut raw = [0u8; RAW_LEN];
        raw[..TIME_LEN].copy_from_slice(&now_unix_secs.to_be_bytes());
        raw[TIME_LEN..TIME_LEN + RANDOM_LEN].copy_from_slice(&rand::random::<[u8; RANDOM_LEN]>());
        let tag = self.tag(&raw[..TIME_LEN + RANDOM_LEN]);
        raw[TIME_LEN + RANDOM_LEN..].copy_from_slice(&tag.into_bytes()[..TAG_LEN]);
        URL_SAFE_NO_PAD.encode(raw)
    }

    pub fn check(&self, nonce: &str, now_unix_secs: u64, max_age_secs: u64) -> NonceStatus {
        // The length test first bounds the work an attacker can make us do.
        if nonce.len() != ENCODED_LEN {
            return NonceStatus::Invalid;
        }
        let Ok(raw) = URL_SAFE_NO_PAD.decode(nonce) else {
            return NonceStatus::Invalid;
        };
        let Ok(raw) = <[u8; RAW_LEN]>::try_from(raw) else {
            return NonceStatus::Invalid;
        };
        let (signed, tag) = raw.split_at(TIME_LEN + RANDOM_LEN);
        let mut mac = self.mac.clone();
        mac.update(signed);
        // Constant-time, so the tag cannot be found byte by byte.
        if mac.verify_truncated_left(tag).is_err() {
            return NonceStatus::Invalid;
        }
        let mut time = [0u8; TIME_LEN];
        time.copy_from_slice(&signed[..TIME_LEN]);
        let issued = u64::from_be_bytes(time);
        if issued > now_unix_secs.saturating_add(MAX_FUTURE_SECS) {
            return NonceStatus::Invalid;
        }
        if now_unix_secs.saturating_sub(issued) > max_age_secs {
            return NonceStatus::Stale;
        }
        NonceStatus::Valid
    }

    fn tag(&self, data: &[u8]) -> hmac::digest::CtOutput<Hmac<Sha256>> {
        let mut mac = self.mac.clone();
        mac.update(data);
        mac.finalize()
    }
}

impl fmt::Debug for NonceSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NonceSigner").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_750_000_000;
    const MAX_AGE: u64 = 300;

    fn signer() -> NonceSigner {
        NonceSigner::new(b"dmgate test key, 32 bytes long!!")
    }

    #[test]
    fn fresh_nonce_is_valid_until_max_age_then_stale() {
        let s = signer();
        let nonce = s.issue(NOW);
        assert_eq!(nonce.len(), ENCODED_LEN);
        assert_eq!(nonce.len(), 43);
        assert!(
            nonce
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(s.check(&nonce, NOW, MAX_AGE), NonceStatus::Valid);
        assert_eq!(s.check(&nonce, NOW + MAX_AGE, MAX_AGE), NonceStatus::Valid);
        assert_eq!(
            s.check(&nonce, NOW + MAX_AGE + 1, MAX_AGE),
            NonceStatus::Stale
        );
        assert_eq!(s.check(&nonce, u64::MAX, MAX_AGE), NonceStatus::Stale);
        assert_eq!(s.check(&nonce, NOW, 0), NonceStatus::Valid);
        assert_eq!(s.check(&nonce, NOW + 1, 0), NonceStatus::Stale);
    }

    #[test]
    fn layout_is_time_random_tag() {
        let nonce = signer().issue(NOW);
        let raw = URL_SAFE_NO_PAD.decode(&nonce).unwrap();
        assert_eq!(raw.len(), 32);
        assert_eq!(raw[..8], NOW.to_be_bytes());
        let mut mac = Hmac::<Sha256>::new_from_slice(b"dmgate test key, 32 bytes long!!").unwrap();
        mac.update(&raw[..16]);
        assert_eq!(raw[16..], mac.finalize().into_bytes()[..16]);
    }

    #[test]
    fn nonces_differ_within_the_same_second() {
        let s = signer();
        assert_ne!(s.issue(NOW), s.issue(NOW));
    }

    #[test]
    fn another_node_with_the_same_key_accepts() {
        let nonce = signer().issue(NOW);
        assert_eq!(signer().check(&nonce, NOW + 5, MAX_AGE), NonceStatus::Valid);
    }

    #[test]
    fn another_key_is_invalid() {
        let nonce = NonceSigner::new(b"some other key").issue(NOW);
        assert_eq!(signer().check(&nonce, NOW, MAX_AGE), NonceStatus::Invalid);
        assert_eq!(
            NonceSigner::random().check(&signer().issue(NOW), NOW, MAX_AGE),
            NonceStatus::Invalid
        );
    }

    #[test]
    fn every_flipped_bit_is_invalid() {
        let s = signer();
        let raw = URL_SAFE_NO_PAD.decode(s.issue(NOW)).unwrap();
        for byte in 0..raw.len() {
            for bit in 0..8 {
                let mut forged = raw.clone();
                forged[byte] ^= 1 << bit;
                let forged = URL_SAFE_NO_PAD.encode(forged);
                assert_eq!(
                    s.check(&forged, NOW, MAX_AGE),
                    NonceStatus::Invalid,
                    "{byte}/{bit}"
                );
            }
        }
    }

    #[test]
    fn every_changed_character_is_invalid() {
        let s = signer();
        let nonce = s.issue(NOW);
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.";
        for i in 0..nonce.len() {
            for replacement in alphabet.chars() {
                if nonce[i..].starts_with(replacement) {
                    continue;
                }
                let mut forged = nonce.clone();
                forged.replace_range(i..=i, &replacement.to_string());
                assert_eq!(
                    s.check(&forged, NOW, MAX_AGE),
                    NonceStatus::Invalid,
                    "{forged}"
                );
            }
        }
    }

    #[test]
    fn a_backdated_forgery_is_invalid() {
        // Re-dating a nonce to dodge expiry must break the signature, not make it fresh.
        let s = signer();
        let mut raw = URL_SAFE_NO_PAD.decode(s.issue(NOW)).unwrap();
        raw[..8].copy_from_slice(&(NOW + 1000).to_be_bytes());
        let forged = URL_SAFE_NO_PAD.encode(raw);
        assert_eq!(s.check(&forged, NOW + 1000, MAX_AGE), NonceStatus::Invalid);
    }

    #[test]
    fn garbage_and_empty_are_invalid() {
        let s = signer();
        let nonce = s.issue(NOW);
        for bad in [
            String::new(),
            "x".into(),
            "not a nonce at all, not a nonce at all, xyz".into(),
            "A".repeat(43),
            "=".repeat(43),
            format!("{nonce}A"),
            format!("{nonce}="),
            nonce[1..].to_owned(),
            format!(" {}", &nonce[1..]),
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v".into(),
            "é".repeat(21) + "A",
        ] {
            assert_eq!(s.check(&bad, NOW, MAX_AGE), NonceStatus::Invalid, "{bad:?}");
        }
    }

    #[test]
    fn the_future_beyond_skew_is_invalid() {
        let s = signer();
        let nonce = s.issue(NOW + 60);
        assert_eq!(s.check(&nonce, NOW, MAX_AGE), NonceStatus::Valid);
        let nonce = s.issue(NOW + 61);
        assert_eq!(s.check(&nonce, NOW, MAX_AGE), NonceStatus::Invalid);
        let nonce = s.issue(u64::MAX);
        assert_eq!(s.check(&nonce, NOW, MAX_AGE), NonceStatus::Invalid);
        assert_eq!(s.check(&nonce, u64::MAX, MAX_AGE), NonceStatus::Valid);
    }

    #[test]
    fn debug_does_not_show_the_key() {
        let text = format!("{:?}", NonceSigner::new(b"supersecret"));
        assert!(!text.contains("supersecret"));
        assert!(text.starts_with("NonceSigner"));
    }
}
