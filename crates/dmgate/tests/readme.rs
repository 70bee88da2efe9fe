//! The README's oneM2M quick start, run exactly as written (only the address of the CSE is
//! the test's) against the real binary.

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// The shell block between `<!-- readme-test: onem2m -->` and `<!-- /readme-test -->`.
fn quick_start() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README");
    let start = readme
        .find("<!-- readme-test: onem2m -->")
        .expect("start marker");
    let end = readme[start..]
        .find("<!-- /readme-test -->")
        .expect("end marker")
        + start;
    let block = &readme[start..end];
    let body = block.split("```sh\n").nth(1).expect("a sh block");
    body.split("```").next().expect("block end").to_string()
}

#[test]
fn the_readme_curl_commands_work_against_the_binary() {
    let script = quick_start();
    assert!(
        script.contains("CSE=http://127.0.0.1:8080"),
        "the block sets CSE first"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_dmgate"))
        .args(["serve", "--data-dir"])
        .arg(dir.path())
        .args(["--cwmp-listen", &format!("127.0.0.1:{}", free_port())])
        .args(["--onem2m-listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dmgate");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the oneM2M listener did not come up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let script = script.replace(
        "CSE=http://127.0.0.1:8080",
        &format!("CSE=http://127.0.0.1:{port}"),
    );
    let out = Command::new("sh")
        .args(["-e", "-c", &script])
        .output()
        .expect("sh with curl");
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the commands failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Each answer in turn: the AE, the policy, the node, the deviceInfo, the discovery.
    let mut rest = stdout.as_ref();
    for expected in [
        r#""aei":"Cmyapp""#,
        r#""m2m:acp""#,
        r#""ni":"urn:dev:ops:00D09E-IGD-0001""#,
        r#""man":"Acme""#,
        r#"{"m2m:uril":["cse-in/gateway-1"]}"#,
    ] {
        let at = rest
            .find(expected)
            .unwrap_or_else(|| panic!("`{expected}` missing from the answers: {stdout}"));
        rest = &rest[at + expected.len()..];
    }
}
