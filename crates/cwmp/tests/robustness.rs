//! No input may panic the decoder: arbitrary bytes, and — more telling — reference envelopes
//! mutated byte by byte (flips, cuts, insertions of markup), which reach far deeper into the
//! decoder than random noise. Whatever decodes must also survive build → parse.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use cwmp::{Envelope, Limits};
use proptest::prelude::*;

fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(load_corpus)
}

fn load_corpus() -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for kind in ["messages", "variety"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(kind);
        for entry in fs::read_dir(dir).expect("golden inputs") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "xml") {
                files.push(fs::read(path).expect("read"));
            }
        }
    }
    files.sort();
    files
}

/// Decoding never panics. What decodes builds into an envelope that decodes again and builds
/// into the same bytes. (Equality of values is not required here: a mutated input can hold
/// characters such as U+FFFE through character references, which XML cannot carry and the
/// builder replaces.)
fn decode_is_total(bytes: &[u8]) {
    let limits = Limits {
        max_body_bytes: 64 * 1024,
        max_depth: 16,
        max_array_len: 64,
    };
    match Envelope::parse_with(bytes, &limits) {
        Ok(envelope) => {
            let built = envelope.to_xml();
            let again = Envelope::parse(built.as_bytes()).expect("rebuilt envelope parses");
            assert_eq!(again.to_xml(), built);
        }
        Err(e) => {
            // The fault a session answers with is defined for every failure.
            assert!(matches!(e.acs_fault().code(), 8000..=8006));
            assert!(matches!(e.cpe_fault().code(), 9000..=9004));
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, &'static str),
    Delete(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let markup = prop::sample::select(vec![
        "<",
        ">",
        "</",
        "/>",
        "&",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&bogus;",
        "<![CDATA[",
        "]]>",
        "\"",
        "'",
        "xmlns=\"\"",
        "xmlns:cwmp=\"urn:x\"",
        "<a>",
        "</a>",
        "\u{0}",
        "\u{feff}",
        "<!DOCTYPE x [<!ENTITY e \"x\">]>",
        "&e;",
        "<?pi?>",
        "<!--",
        "-->",
        ":",
        "\u{fffd}",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), markup).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    bytes[i % len] ^= b;
                }
            }
            Mutation::Cut(i) => bytes.truncate(i % len),
            Mutation::Insert(i, s) => {
                let at = i % (bytes.len() + 1);
                bytes.splice(at..at, s.bytes());
            }
            Mutation::Delete(i, n) => {
                let at = i % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        decode_is_total(&bytes);
    }

    #[test]
    fn mutated_envelopes_never_panic(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let corpus = corpus();
        let input = apply(corpus[pick.index(corpus.len())].clone(), &mutations);
        decode_is_total(&input);
    }
}

/// Inputs the fuzzer once broke the decoder or the builder with, kept so they stay fixed.
#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    for entry in fs::read_dir(dir).expect("tests/fuzz-regressions") {
        let path = entry.expect("entry").path();
        let bytes = fs::read(&path).expect("read");
        if let Ok(envelope) = Envelope::parse(&bytes) {
            let built = envelope.to_xml();
            let again = Envelope::parse(built.as_bytes()).unwrap_or_else(|e| {
                panic!("{}: rebuilt envelope fails: {e}\n{built}", path.display())
            });
            assert_eq!(again.to_xml(), built, "{}", path.display());
        }
    }
}
