//! Session cookies (TR-069 3.4.5): the session id and an HMAC over it, so a node only
//! trusts ids it (or a node with the same key) issued. No Expires or Max-Age: the cookie
//! lives for the session only, as 3.4.5 asks ("marked for Discard").

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub(crate) const COOKIE_NAME: &str = "dmgate-session";

#[derive(Clone)]
pub(crate) struct CookieSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for CookieSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CookieSigner")
    }
}

impl CookieSigner {
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut derived = b"dmgate cookie ".to_vec();
        derived.extend_from_slice(key);
        CookieSigner { key: derived }
    }

    fn mac(&self, session_id: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(session_id.as_bytes());
        mac
    }

    pub(crate) fn set_cookie(&self, session_id: &str) -> String {
        let tag = hex::encode(&self.mac(session_id).finalize().into_bytes()[..16]);
        format!("{COOKIE_NAME}={session_id}.{tag}; Path=/; HttpOnly")
    }

    /// The session id of a valid cookie among the `Cookie` header values.
    pub(crate) fn session_id<'a>(
        &self,
        cookie_headers: impl Iterator<Item = &'a str>,
    ) -> Option<String> {
        for header in cookie_headers {
            for pair in header.split(';') {
                let Some((name, value)) = pair.trim().split_once('=') else {
                    continue;
                };
                if name.trim() != COOKIE_NAME {
                    continue;
                }
                let value = value.trim().trim_matches('"');
                let Some((id, tag)) = value.rsplit_once('.') else {
                    continue;
                };
                let Ok(tag) = hex::decode(tag) else { continue };
                if tag.len() == 16 && self.mac(id).verify_truncated_left(&tag).is_ok() {
                    return Some(id.to_owned());
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_comes_back_and_a_forged_one_does_not() {
        let signer = CookieSigner::new(b"k");
        let set = signer.set_cookie("abc123");
        let value = set.split(';').next().unwrap();
        assert_eq!(
            signer.session_id([value].into_iter()).as_deref(),
            Some("abc123")
        );
        let with_others = format!("a=b; {value}; c=d");
        assert_eq!(
            signer
                .session_id([with_others.as_str()].into_iter())
                .as_deref(),
            Some("abc123")
        );
        let forged = value.replace("abc123", "abc124");
        assert_eq!(signer.session_id([forged.as_str()].into_iter()), None);
        assert_eq!(
            CookieSigner::new(b"other").session_id([value].into_iter()),
            None
        );
        assert_eq!(
            signer.session_id(["dmgate-session=garbage"].into_iter()),
            None
        );
        assert!(!set.contains("Expires") && !set.contains("Max-Age"));
    }
}
