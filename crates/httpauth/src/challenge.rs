use crate::Algorithm;
use crate::params::{self, RawAuth, quote};

/// One Digest challenge, as sent in `WWW-Authenticate` (RFC 7616 §3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    /// `qop="auth"` offered. Without it the legacy RFC 2069 computation applies.
    pub qop_auth: bool,
    /// The previous answer was right but its nonce expired: retry silently, don't re-prompt.
    pub stale: bool,
}

impl Challenge {
    /// What a server offers: a SHA-256 and an MD5 challenge for one fresh `nonce`, SHA-256
    /// first since RFC 7616 3.7 has clients take the first they support. One header value
    /// each (`WWW-Authenticate` may repeat).
    pub fn offer(realm: &str, nonce: &str, stale: bool) -> Vec<String> {
        [Algorithm::Sha256, Algorithm::Md5]
            .into_iter()
            .map(|algorithm| {
                Challenge {
                    realm: realm.to_owned(),
                    nonce: nonce.to_owned(),
                    opaque: None,
                    algorithm,
                    qop_auth: true,
                    stale,
                }
                .to_header_value()
            })
            .collect()
    }

    pub fn to_header_value(&self) -> String {
        let mut out = format!("Digest realm={}", quote(&self.realm));
        if self.qop_auth {
            out.push_str(", qop=\"auth\"");
        }
        out.push_str(", algorithm=");
        out.push_str(self.algorithm.as_str());
        out.push_str(", nonce=");
        out.push_str(&quote(&self.nonce));
        if let Some(opaque) = &self.opaque {
            out.push_str(", opaque=");
            out.push_str(&quote(opaque));
        }
        if self.stale {
            out.push_str(", stale=true");
        }
        out
    }

    /// Parses every Digest challenge out of one or more `WWW-Authenticate` values. A header
    /// value with a syntax error contributes nothing (guessing where a broken challenge ends
    /// could hand us a weakened one); challenges we cannot answer correctly — unknown
    /// algorithm, only `auth-int`, missing realm or nonce, repeated parameters — are skipped.
    pub fn parse_all(header_values: &[&str]) -> Vec<Challenge> {
        header_values
            .iter()
            .filter_map(|value| params::parse(value).ok())
            .flatten()
            .filter_map(|raw| Challenge::from_raw(&raw))
            .collect()
    }

    /// The strongest of `challenges`; among equals, the first, since servers list their
    /// preference first (RFC 7616 §3.7).
    pub fn best(challenges: Vec<Challenge>) -> Option<Challenge> {
        let rank = |c: &Challenge| (c.algorithm.preference(), c.qop_auth);
        challenges
            .into_iter()
            .reduce(|best, c| if rank(&c) > rank(&best) { c } else { best })
    }

    fn from_raw(raw: &RawAuth) -> Option<Challenge> {
        if !raw.scheme.eq_ignore_ascii_case("digest")
            || raw.token68.is_some()
            || raw.duplicate().is_some()
        {
            return None;
        }
        let algorithm = match raw.get("algorithm") {
            None => Algorithm::Md5,
            Some(name) => name.parse().ok()?,
        };
        let qop_auth = match raw.get("qop") {
            None => false,
            Some(list) => {
                // Answering without qop when the server asked for one is a downgrade it will
                // refuse, and `auth-int` needs the body, which this crate never sees.
                if !list
                    .split(',')
                    .any(|q| q.trim().eq_ignore_ascii_case("auth"))
                {
                    return None;
                }
                true
            }
        };
        // RFC 2617 defines `-sess` only together with a client nonce, i.e. with qop.
        if algorithm.is_session() && !qop_auth {
            return None;
        }
        Some(Challenge {
            realm: raw.get("realm")?.to_owned(),
            nonce: raw.get("nonce")?.to_owned(),
            opaque: raw.get("opaque").map(str::to_owned),
            algorithm,
            qop_auth,
            stale: raw
                .get("stale")
                .is_some_and(|s| s.eq_ignore_ascii_case("true")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(algorithm: Algorithm) -> Challenge {
        Challenge {
            realm: "http-auth@example.org".into(),
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v".into(),
            opaque: Some("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS".into()),
            algorithm,
            qop_auth: true,
            stale: false,
        }
    }

    #[test]
    fn rfc7616_challenges_parse_and_sha256_wins() {
        // RFC 7616 §3.9.1, two WWW-Authenticate headers with their line folding.
        let sha = "Digest
       realm=\"http-auth@example.org\",
       qop=\"auth, auth-int\",
       algorithm=SHA-256,
       nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",
       opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        let md5 = sha.replace("SHA-256", "MD5");
        let all = Challenge::parse_all(&[&md5, sha]);
        assert_eq!(
            all,
            [challenge(Algorithm::Md5), challenge(Algorithm::Sha256)]
        );
        assert_eq!(Challenge::best(all), Some(challenge(Algorithm::Sha256)));
    }

    #[test]
    fn several_challenges_in_one_header_value() {
        let all = Challenge::parse_all(&[
            r#"Basic realm="cpe", Digest realm="a", nonce="1", qop="auth", Digest realm="b",nonce="2",algorithm="SHA-256",qop=auth"#,
        ]);
        assert_eq!(all.len(), 2);
        assert_eq!(
            (all[0].realm.as_str(), all[0].algorithm),
            ("a", Algorithm::Md5)
        );
        assert_eq!(
            (all[1].realm.as_str(), all[1].algorithm),
            ("b", Algorithm::Sha256)
        );
        assert_eq!(Challenge::best(all).unwrap().nonce, "2");
    }

    #[test]
    fn odd_but_real_headers() {
        // Unquoted everything, odd spacing, extra and unknown params, upper-case scheme.
        let all = Challenge::parse_all(&[
            "DIGEST   realm=HuaweiHomeGateway ,nonce=abc/def+g== , qop=auth,algorithm=md5 ,\
             domain=\"/ http://x/\", charset=UTF-8, userhash=false, foo=bar, stale=TRUE,",
        ]);
        assert_eq!(
            all,
            [Challenge {
                realm: "HuaweiHomeGateway".into(),
                nonce: "abc/def+g==".into(),
                opaque: None,
                algorithm: Algorithm::Md5,
                qop_auth: true,
                stale: true,
            }]
        );
    }

    #[test]
    fn rfc2069_challenge_without_qop() {
        let all = Challenge::parse_all(&[r#"Digest realm="old", nonce="n""#]);
        assert_eq!(all.len(), 1);
        assert!(!all[0].qop_auth);
        assert!(!all[0].stale);
        assert_eq!(all[0].algorithm, Algorithm::Md5);
    }

    #[test]
    fn unanswerable_challenges_are_skipped() {
        let all = Challenge::parse_all(&[
            r#"Digest realm="r", nonce="n", algorithm=SHA-512-256, qop="auth""#,
            r#"Digest realm="r", nonce="n", qop="auth-int""#,
            r#"Digest nonce="n""#,
            r#"Digest realm="r""#,
            r#"Digest realm="r", nonce="n", nonce="m""#,
            r#"Digest realm="r", nonce="n", algorithm=MD5-sess"#,
            r#"Basic realm="r""#,
            r#"Digest realm="unterminated, nonce="n""#,
            "",
        ]);
        assert_eq!(all, []);
        assert_eq!(Challenge::best(Vec::new()), None);
    }

    #[test]
    fn a_broken_header_value_does_not_spoil_the_others() {
        let all = Challenge::parse_all(&[
            r#"Digest realm="x" nonce="y""#,
            r#"Digest realm=r, nonce=n"#,
        ]);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].realm, "r");
    }

    #[test]
    fn best_prefers_sha256_then_qop_then_order() {
        let mut no_qop_sha = challenge(Algorithm::Sha256);
        no_qop_sha.qop_auth = false;
        let mut first_md5 = challenge(Algorithm::Md5);
        first_md5.nonce = "first".into();
        let candidates = vec![
            first_md5.clone(),
            challenge(Algorithm::Md5),
            no_qop_sha.clone(),
            challenge(Algorithm::Sha256Sess),
            challenge(Algorithm::Sha256),
            challenge(Algorithm::Md5Sess),
        ];
        assert_eq!(
            Challenge::best(candidates),
            Some(challenge(Algorithm::Sha256))
        );
        assert_eq!(
            Challenge::best(vec![first_md5.clone(), challenge(Algorithm::Md5)]),
            Some(first_md5)
        );
        assert_eq!(
            Challenge::best(vec![no_qop_sha, challenge(Algorithm::Md5)]).map(|c| c.algorithm),
            Some(Algorithm::Sha256)
        );
    }

    #[test]
    fn header_value_round_trips() {
        let mut c = challenge(Algorithm::Sha256);
        c.stale = true;
        c.realm = r#"we "quote" \ things"#.into();
        let text = c.to_header_value();
        assert!(text.starts_with("Digest realm="), "{text}");
        assert!(
            text.contains(", qop=\"auth\", algorithm=SHA-256, nonce=\""),
            "{text}"
        );
        assert!(text.ends_with(", stale=true"), "{text}");
        assert_eq!(Challenge::parse_all(&[&text]), [c.clone()]);

        c.opaque = None;
        c.stale = false;
        c.qop_auth = false;
        c.algorithm = Algorithm::Md5;
        let text = c.to_header_value();
        assert!(!text.contains("qop") && !text.contains("opaque") && !text.contains("stale"));
        assert_eq!(Challenge::parse_all(&[&text]), [c]);
    }
}
