use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};

use crate::params::quote;

/// `Basic realm="..."` for `WWW-Authenticate` (RFC 7617 §2).
pub fn basic_challenge(realm: &str) -> String {
    format!("Basic realm={}", quote(realm))
}

/// `Basic <base64(user:password)>` for `Authorization`. RFC 7617 forbids `:` in the user-id
/// (the server splits at the first one); passwords may contain it.
pub fn basic_authorization(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// Parses `Basic <token68>` into user-id and password, splitting at the first `:`.
///
/// The credentials are read as UTF-8 and, failing that, as ISO-8859-1: RFC 7617 leaves the
/// charset to the client and older CPE firmware sends Latin-1, whose bytes map one-to-one
/// onto the same Unicode code points a UTF-8 password would hold.
pub fn parse_basic(authorization: &str) -> Option<(String, String)> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let (scheme, rest) = authorization.trim_matches(is_ws).split_once(is_ws)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let token = rest.trim_start_matches(is_ws);
    if token.is_empty() || token.contains(is_ws) {
        return None;
    }
    // Some clients drop the `=` padding; the content is unambiguous either way.
    let bytes = STANDARD_PAD_INDIFFERENT.decode(token).ok()?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().into_iter().map(char::from).collect(),
    };
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7617_example() {
        assert_eq!(
            basic_authorization("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(
            parse_basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
            Some(("Aladdin".into(), "open sesame".into()))
        );
    }

    #[test]
    fn challenge_quotes_the_realm() {
        assert_eq!(basic_challenge("dmgate"), r#"Basic realm="dmgate""#);
        assert_eq!(basic_challenge(r#"a"b"#), r#"Basic realm="a\"b""#);
    }

    #[test]
    fn passwords_keep_their_colons_and_unicode() {
        for (user, password) in [
            ("cpe", "a:b:c"),
            ("cpe", ":"),
            ("cpe", ""),
            ("", "pw"),
            ("Jäsøn", "pässwörd ✓"),
        ] {
            assert_eq!(
                parse_basic(&basic_authorization(user, password)),
                Some((user.to_owned(), password.to_owned()))
            );
        }
    }

    #[test]
    fn layout_is_forgiving() {
        let expected = Some(("Aladdin".into(), "open sesame".into()));
        assert_eq!(
            parse_basic("  bAsIc \t QWxhZGRpbjpvcGVuIHNlc2FtZQ==  "),
            expected
        );
        assert_eq!(parse_basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ"), expected);
    }

    #[test]
    fn latin1_credentials_are_understood() {
        // "user:p\xe4ss" in ISO-8859-1.
        let header = format!("Basic {}", STANDARD.encode(b"user:p\xe4ss"));
        assert_eq!(parse_basic(&header), Some(("user".into(), "päss".into())));
    }

    #[test]
    fn garbage_is_rejected() {
        for bad in [
            "",
            "Basic",
            "Basic ",
            "Basic QWxh ZGRp",
            "Basic !!!!",
            "Basic QWxhZGRpbg==",                 // "Aladdin": no colon
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZR==", // non-canonical trailing bits
            "Digest QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
            "BasicQWxhZGRpbjpvcGVuIHNlc2FtZQ==",
            r#"Basic realm="x""#,
        ] {
            assert_eq!(parse_basic(bad), None, "accepted {bad:?}");
        }
    }
}
