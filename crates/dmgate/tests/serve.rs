//! `dmgate serve` as an operator runs it: the real binary on loopback with a temporary data
//! directory, reached by a simulated CPE, stopped with SIGTERM.

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_registers_a_device_keeps_it_across_restarts_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let onem2m_port = free_port();
    let start = || {
        Command::new(env!("CARGO_BIN_EXE_dmgate"))
            .args(["serve", "--data-dir"])
            .arg(dir.path())
            .args(["--cwmp-listen", &format!("127.0.0.1:{port}")])
            .args(["--onem2m-listen", &format!("127.0.0.1:{onem2m_port}")])
            .args([
                "--cwmp-username",
                "cpe",
                "--cwmp-password",
                "pw",
                "--log",
                "info",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dmgate")
    };
    let mut server = start();
    wait_until("the listener", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let outcome = runtime.block_on(async {
        let model = std::sync::Arc::new(
            cpe_sim::DataModel::parse(cpe_sim::HOME_GATEWAY_MODEL).expect("model"),
        );
        let mut device = cpe_sim::DeviceState::new("CLI0000001".into(), model, Default::default());
        let endpoint = cpe_sim::AcsEndpoint {
            target: cpe_sim::AcsTarget::parse(&format!("http://127.0.0.1:{port}/acs"))
                .expect("url"),
            credentials: Some(cpe_sim::Credentials {
                username: "cpe".into(),
                password: "pw".into(),
            }),
            timeout: Duration::from_secs(10),
            namespace: cwmp::Namespace::Cwmp12,
            session_timeout: None,
        };
        cpe_sim::run_session(&endpoint, &mut device, 0).await
    });
    // Inform, GetRPCMethods, then the management layer's discovery read
    // (GetParameterValues) when it was queued before the CPE's empty POST — otherwise it
    // comes in a session of its own — then 204.
    assert!(
        matches!(outcome, cpe_sim::SessionOutcome::Completed { rpcs: 1 | 2 }),
        "Inform, GetRPCMethods, [GetParameterValues], 204: {outcome:?}"
    );

    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = server.wait().expect("wait");
    assert!(exit.success(), "a clean stop on SIGTERM: {exit:?}");
    let mut log = String::new();
    std::io::Read::read_to_string(server.stderr.as_mut().expect("stderr"), &mut log).expect("log");
    assert!(
        log.contains("dmgate is running") && log.contains("stopped"),
        "{log}"
    );
    assert!(dir.path().join("dmgate.db").exists() && dir.path().join("secret").exists());

    // Started again on the same data: the device is known.
    let mut server = start();
    wait_until("the listener again", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill");
    let exit = server.wait().expect("wait");
    assert!(exit.success());
    let mut log = String::new();
    std::io::Read::read_to_string(server.stderr.as_mut().expect("stderr"), &mut log).expect("log");
    assert!(log.contains("devices=1"), "{log}");
}

#[test]
fn a_bad_setting_is_refused_with_a_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_dmgate"))
        .args(["serve", "--cwmp-auth", "kerberos"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("expected none, basic or digest"), "{text}");
}
