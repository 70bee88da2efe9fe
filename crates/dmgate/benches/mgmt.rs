//! Management over TR-069, measured end to end: the real `dmgate serve` binary, a simulated
//! fleet speaking CWMP over TCP from this process, oneM2M requests over HTTP.
//!
//! 1. Time from `exe` to FINISHED for one reachable CPE (mgmtCmd REBOOT and DOWNLOAD), p50
//!    and p99 over `BENCH_RUNS` executions (the execInstance polled every 2 ms).
//! 2. One mgmtCmd REBOOT on a group of `BENCH_DEVICES` CPEs: time until the Execute is
//!    accepted, time until every execInstance is FINISHED, and the server's peak RSS.
//!
//! `cargo bench -p dmgate --bench mgmt` (env: BENCH_DEVICES, default 10000; BENCH_RUNS,
//! default 200). Everything runs on loopback and stops by itself.

#![allow(clippy::unwrap_used)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use cpe_sim::{AcsEndpoint, AcsTarget, Behaviour, Credentials, DataModel, Fleet, FleetConfig};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const ADMIN: &str = "CAdmin";

struct Server {
    child: Child,
    cwmp: String,
    onem2m: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Our own child, by its pid: SIGTERM, then wait.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(dir: &std::path::Path) -> Server {
    let (cwmp, onem2m) = (free_port(), free_port());
    let child = Command::new(env!("CARGO_BIN_EXE_dmgate"))
        .args(["serve", "--data-dir"])
        .arg(dir)
        .args(["--cwmp-listen", &format!("127.0.0.1:{cwmp}")])
        .args(["--onem2m-listen", &format!("127.0.0.1:{onem2m}")])
        .args(["--cwmp-username", "cpe", "--cwmp-password", "pw"])
        .args(["--cr-username", "cr", "--cr-password", "crpw"])
        .args(["--device-wait", "1800", "--log", "warn"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    Server {
        child,
        cwmp: format!("127.0.0.1:{cwmp}"),
        onem2m: format!("127.0.0.1:{onem2m}"),
    }
}

fn peak_rss_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn request(
    addr: &str,
    method: &str,
    path: &str,
    ty: Option<u32>,
    body: Option<Value>,
) -> (u16, Value) {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let content_type = match ty {
        Some(ty) => format!("application/json;ty={ty}"),
        None => "application/json".into(),
    };
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header("Host", addr)
        .header("X-M2M-Origin", ADMIN)
        .header("X-M2M-RI", "bench")
        .header("X-M2M-RVI", "3")
        .header("Content-Type", content_type)
        .header("Accept", "application/json")
        .body(Full::new(Bytes::from(
            body.map(|b| b.to_string()).unwrap_or_default(),
        )))
        .unwrap();
    let response = sender.send_request(request).await.unwrap();
    let rsc = response
        .headers()
        .get("X-M2M-RSC")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (rsc, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn fleet(server: &Server, devices: usize, prefix: &str, spread: Duration) -> Fleet {
    Fleet::start(FleetConfig {
        endpoint: AcsEndpoint {
            target: AcsTarget::parse(&format!("http://{}/cwmp", server.cwmp)).unwrap(),
            credentials: Some(Credentials {
                username: "cpe".into(),
                password: "pw".into(),
            }),
            timeout: Duration::from_secs(60),
            namespace: cwmp::Namespace::Cwmp14,
            session_timeout: None,
        },
        devices,
        serial_prefix: prefix.into(),
        first_serial: 0,
        model: Arc::new(DataModel::parse(cpe_sim::HOME_GATEWAY_MODEL).unwrap()),
        behaviour: Arc::new(Behaviour::default()),
        periodic_interval: None,
        cr_listen: "127.0.0.1:0".parse().unwrap(),
        cr_credentials: Credentials {
            username: "cr".into(),
            password: "crpw".into(),
        },
        reboot_delay: Duration::ZERO,
        transfer_delay: Duration::ZERO,
        retry_wait: Duration::from_secs(1),
        boot_spread: spread,
    })
    .await
    .unwrap()
}

fn node(prefix: &str, n: usize) -> String {
    format!("00D09E-HGW_2D1-{prefix}{n:07}")
}

/// How many resources of type `ty` below `path` match `filter` (a discovery).
async fn count(addr: &str, path: &str, ty: u32, filter: &str) -> usize {
    let (_, body) = request(
        addr,
        "GET",
        &format!("{path}?fu=1&ty={ty}&lim=1000000{filter}"),
        None,
        None,
    )
    .await;
    body["m2m:uril"].as_array().map_or(0, Vec::len)
}

async fn wait_for(what: &str, limit: Duration, mut check: impl AsyncFnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    started.elapsed()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One command per device, each device used once: the ACS spaces Connection Requests to
/// one device by its per-device interval (10 s by default), so back-to-back commands on one
/// device would measure that interval instead.
async fn exe_to_finished(server: &Server, runs: usize) {
    let lat = fleet(server, 2 * runs, "LAT", Duration::from_secs(2)).await;
    let addr = server.onem2m.as_str();
    wait_for(
        "the latency devices' discovery",
        Duration::from_secs(300),
        async || count(addr, "/cse-in", 13, "&mgd=1009").await >= 2 * runs,
    )
    .await;
    let download = json!({"dld": [{"ftyp": "1 Firmware Upgrade Image",
        "url": "http://files.invalid/fw.bin", "unm": "", "pwd": "", "fsi": 0, "tgf": "",
        "dss": 0, "surl": "", "stt": "20260101T000000", "cpt": "20260101T000000"}]});
    for (kind, cmt, exra, first) in [
        ("REBOOT", 2, Value::Null, 0),
        ("DOWNLOAD", 4, download, runs),
    ] {
        let mut times = Vec::with_capacity(runs);
        for n in first..first + runs {
            let name = format!("lat-{n}");
            let mut body = json!({"m2m:mgc": {"rn": name, "cmt": cmt,
                "ext": format!("cse-in/{}", node("LAT", n))}});
            if !exra.is_null() {
                body["m2m:mgc"]["exra"] = exra.clone();
            }
            let (rsc, created) = request(addr, "POST", "/cse-in", Some(12), Some(body)).await;
            assert_eq!(rsc, 2001, "{created}");
            let path = format!("/cse-in/{name}");
            let started = Instant::now();
            let (rsc, answer) = request(
                addr,
                "PUT",
                &path,
                None,
                Some(json!({"m2m:mgc": {"exe": true}})),
            )
            .await;
            assert_eq!(rsc, 2004, "{answer}");
            let (_, children) = request(addr, "GET", &format!("{path}?rcn=6"), None, None).await;
            let exin = children["m2m:rrl"]["rrf"]
                .as_array()
                .unwrap()
                .iter()
                .rfind(|r| r["typ"] == 8)
                .map(|r| format!("/{}", r["val"].as_str().unwrap()))
                .unwrap();
            loop {
                let (_, got) = request(addr, "GET", &exin, None, None).await;
                if got["m2m:exin"]["exs"] == json!(3) {
                    assert_eq!(got["m2m:exin"]["exr"], json!(0), "{got}");
                    break;
                }
                assert!(started.elapsed() < Duration::from_secs(60), "stuck: {got}");
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            times.push(started.elapsed());
        }
        times.sort();
        println!(
            "exe→FINISHED {kind:<9} runs {runs:>4}  p50 {:>7.1} ms  p99 {:>7.1} ms  max {:>7.1} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3,
        );
    }
    lat.shutdown().await;
}

async fn group_reboot(server: &Server, devices: usize, latency_devices: usize) {
    let addr = server.onem2m.as_str();
    let started = Instant::now();
    let big = fleet(
        server,
        devices,
        "BIG",
        Duration::from_secs((devices / 500) as u64),
    )
    .await;
    let discovery = wait_for(
        "every node discovered",
        Duration::from_secs(1800),
        async || count(addr, "/cse-in", 13, "&mgd=1009").await >= devices + 2 * latency_devices,
    )
    .await;
    let (rss_before, _) = peak_rss_mb(server.child.id());
    println!(
        "discovery of {devices} CPEs: {:.1} s (since the fleet started: {:.1} s); server RSS {rss_before:.0} MB",
        discovery.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    let members: Vec<Value> = (0..devices)
        .map(|n| Value::String(format!("cse-in/{}", node("BIG", n))))
        .collect();
    let (rsc, group) = request(
        addr,
        "POST",
        "/cse-in",
        Some(9),
        Some(json!({"m2m:grp": {"rn": "fleet", "mt": 14, "mnm": devices + 1, "mid": members}})),
    )
    .await;
    assert_eq!(rsc, 2001, "{group}");
    let (rsc, created) = request(
        addr,
        "POST",
        "/cse-in",
        Some(12),
        Some(json!({"m2m:mgc": {"rn": "fleet-reboot", "cmt": 2, "ext": "cse-in/fleet"}})),
    )
    .await;
    assert_eq!(rsc, 2001, "{created}");
    let exe = Instant::now();
    let (rsc, answer) = request(
        addr,
        "PUT",
        "/cse-in/fleet-reboot",
        None,
        Some(json!({"m2m:mgc": {"exe": true}})),
    )
    .await;
    let accepted = exe.elapsed();
    assert_eq!(rsc, 2004, "{answer}");
    wait_for(
        "every execInstance FINISHED",
        Duration::from_secs(1800),
        async || count(addr, "/cse-in/fleet-reboot", 8, "&exs=3").await >= devices,
    )
    .await;
    let finished = exe.elapsed();
    let (rss, peak) = peak_rss_mb(server.child.id());
    println!(
        "group REBOOT of {devices} CPEs: accepted by all in {:.1} s, all FINISHED in {:.1} s; server RSS {rss:.0} MB, peak {peak:.0} MB",
        accepted.as_secs_f64(),
        finished.as_secs_f64()
    );
    big.shutdown().await;
}

fn main() {
    let devices: usize = std::env::var("BENCH_DEVICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(dir.path());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let up = Instant::now();
        while tokio::net::TcpStream::connect(&server.onem2m)
            .await
            .is_err()
        {
            assert!(
                up.elapsed() < Duration::from_secs(30),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        exe_to_finished(&server, runs).await;
        if devices > 0 {
            group_reboot(&server, devices, runs).await;
        }
    });
}
