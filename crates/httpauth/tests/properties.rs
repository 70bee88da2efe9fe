//! Properties of the header parsers: no input makes them panic, and what one side writes the
//! other side reads back and accepts.

use httpauth::{Algorithm, Challenge, DigestAuthorization, NonceSigner, NonceStatus};
use proptest::prelude::*;

fn header_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // Text shaped like real headers, so the parser gets past its first token.
        proptest::string::string_regex(
            r#"(Digest|Basic|digest)( [a-z]{1,8}=("[^"\\]{0,12}"|[A-Za-z0-9+/=-]{0,12}),?){0,6}"#
        )
        .expect("regex"),
    ]
}

fn token() -> impl Strategy<Value = String> {
    "[ -~]{0,24}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn parsers_never_panic(text in header_text()) {
        let _ = DigestAuthorization::parse(&text);
        let _ = Challenge::parse_all(&[text.as_str()]);
        let _ = httpauth::parse_basic(&text);
        let signer = NonceSigner::new(b"k");
        let _ = signer.check(&text, 1_000, 300);
    }

    #[test]
    fn an_answer_to_any_challenge_round_trips_and_verifies(
        realm in token(),
        username in token(),
        password in token(),
        uri in "/[!-~]{0,30}",
        nc in 1u32..1000,
        sha in any::<bool>(),
    ) {
        let challenge = Challenge {
            realm: realm.clone(),
            nonce: NonceSigner::new(b"key").issue(1_000),
            opaque: None,
            algorithm: if sha { Algorithm::Sha256 } else { Algorithm::Md5 },
            qop_auth: true,
            stale: false,
        };
        // What the server sends, the client reads back.
        let parsed = Challenge::parse_all(&[challenge.to_header_value().as_str()]);
        prop_assert_eq!(parsed.len(), 1);
        let answer = DigestAuthorization::answer(&parsed[0], &username, &password, "POST", &uri, nc);
        let header = answer.to_header_value();
        let back = DigestAuthorization::parse(&header).expect("the answer parses");
        // Control characters are dropped on output, so compare what survives.
        if !realm.chars().any(char::is_control) && !username.chars().any(char::is_control) {
            prop_assert!(back.verify(&password, "POST", &realm));
            let wrong = password.clone() + "x";
            prop_assert!(!back.verify(&wrong, "POST", &realm));
            prop_assert!(!back.verify(&password, "GET", &realm));
        }
    }

    #[test]
    fn basic_credentials_round_trip(user in "[^:\u{0}-\u{1f}]{0,20}", password in any::<String>()) {
        let header = httpauth::basic_authorization(&user, &password);
        prop_assert_eq!(httpauth::parse_basic(&header), Some((user, password)));
    }

    #[test]
    fn a_nonce_is_valid_until_it_is_stale_and_forged_ones_never_are(
        issued in 1_000u64..1_000_000_000,
        age in 0u64..1_000,
        flip in 0usize..43,
    ) {
        let signer = NonceSigner::new(b"node key");
        let nonce = signer.issue(issued);
        let status = signer.check(&nonce, issued + age, 300);
        prop_assert_eq!(status, if age <= 300 { NonceStatus::Valid } else { NonceStatus::Stale });
        let mut bytes = nonce.clone().into_bytes();
        let i = flip % bytes.len();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(bytes).expect("ascii");
        if forged != nonce {
            prop_assert_eq!(signer.check(&forged, issued + age, 300), NonceStatus::Invalid);
        }
        prop_assert_eq!(NonceSigner::new(b"other").check(&nonce, issued, 300), NonceStatus::Invalid);
    }
}
