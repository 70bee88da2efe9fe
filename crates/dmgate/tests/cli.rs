//! The binary answers `--version`, `--help` and `protocols`, and refuses what it does not know.

use std::process::Command;

fn dmgate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dmgate"))
        .args(args)
        .output()
        .expect("run dmgate")
}

#[test]
fn version_and_help() {
    let out = dmgate(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("dmgate {}", env!("CARGO_PKG_VERSION"))
    );
    let out = dmgate(&["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: dmgate"));
}

#[test]
fn protocols_lists_every_version_and_message() {
    let out = dmgate(&["protocols"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CWMP versions: 1.0, 1.1, 1.2, 1.3, 1.4"),
        "{text}"
    );
    for method in [
        "Inform",
        "ChangeDUState",
        "AutonomousDUStateChangeCompleteResponse",
    ] {
        assert!(text.contains(method), "{method} missing from {text}");
    }
}

#[test]
fn unknown_subcommand_is_a_clear_error() {
    let out = dmgate(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognized subcommand 'frobnicate'"));
}
