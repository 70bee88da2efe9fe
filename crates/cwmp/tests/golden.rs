//! Golden tests: every reference envelope under `tests/golden/{messages,variety}` is parsed,
//! built again and compared byte for byte with its golden file under `tests/golden/expected`;
//! parse → build → parse must give equal values.
//!
//! After an intended change of the output, regenerate the golden files with
//! `CWMP_BLESS=1 cargo test -p cwmp --test golden` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use cwmp::{Envelope, Message};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn inputs(kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(golden_dir().join(kind))
        .unwrap_or_else(|e| panic!("tests/golden/{kind}: {e}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// Parses, builds, compares with the golden file and parses the output again.
fn check(kind: &str, input: &Path) -> Envelope {
    let name = input.file_name().expect("file name");
    let bytes = fs::read(input).expect("reference envelope");
    let parsed = Envelope::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    let built = parsed.to_xml();
    let expected_path = golden_dir().join("expected").join(kind).join(name);
    if std::env::var_os("CWMP_BLESS").is_some() {
        fs::create_dir_all(expected_path.parent().expect("parent")).expect("create expected/");
        fs::write(&expected_path, &built).expect("write golden file");
    }
    let expected = fs::read_to_string(&expected_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with CWMP_BLESS=1 to create it)",
            expected_path.display()
        )
    });
    assert!(
        built == expected,
        "{} builds differently from {}:\n--- built\n{built}\n--- expected\n{expected}",
        input.display(),
        expected_path.display()
    );
    let reparsed = Envelope::parse(built.as_bytes())
        .unwrap_or_else(|e| panic!("{} rebuilt does not parse: {e}", input.display()));
    assert_eq!(
        reparsed,
        parsed,
        "{}: parse→build→parse changed the value",
        input.display()
    );
    parsed
}

#[test]
fn every_annex_a_message_has_a_golden_test() {
    let files = inputs("messages");
    let mut seen: Vec<String> = Vec::new();
    for file in &files {
        let envelope = check("messages", file);
        let stem = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let method = envelope.body.method_name();
        if method == "Fault" {
            assert!(stem.starts_with("Fault"), "{stem} holds a fault");
        } else {
            assert_eq!(method, stem, "file {stem}.xml holds {method}");
        }
        seen.push(method.to_owned());
    }
    for method in Message::METHOD_NAMES.iter().chain(&["Fault"]) {
        assert!(
            seen.iter().any(|m| m == method),
            "no golden file for {method}"
        );
    }
}

#[test]
fn real_world_variety_round_trips() {
    let files = inputs("variety");
    assert!(files.len() >= 18, "only {} variety files", files.len());
    for file in &files {
        check("variety", file);
    }
}
