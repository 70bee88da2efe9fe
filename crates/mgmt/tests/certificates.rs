//! `[myCertFileCred]` on a simulated CPE (TS-0006 8.3): the Create downloads the
//! certificate, then sets the SUIDs of the new `Device.Security.Certificate.{i}`; a CPE
//! fault answers 4000 (Tables 8.3.2.2-1 and 8.3.2.2-2) and creates nothing.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{ADMIN, Env, Options, assert_error, assert_rsc, behaviour, eventually, node_name};
use serde_json::{Value, json};

const TABLE: &str = "Device.Security.Certificate.";
const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUdmdhdGUtdGVzdA==\n-----END CERTIFICATE-----\n";

/// The device's certificates as (path, SUIDs).
async fn certificates(env: &Env) -> Vec<(String, String)> {
    env.fleet()
        .with_state(0, |s| {
            s.model
                .instances(TABLE)
                .into_iter()
                .map(|c| {
                    let suids = s
                        .model
                        .value(&format!("{c}X_oneM2M_org_SUIDs"))
                        .unwrap_or_default()
                        .to_string();
                    (c, suids)
                })
                .collect()
        })
        .await
        .unwrap()
}

fn credential(name: &str) -> Value {
    json!({"dcfg:nycfc": {"rn": name, "mgd": 1023, "suids": [41, 42],
        "mcff": "application/x-pem-file", "mcfc": PEM}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_my_cert_file_cred_installs_the_certificate_with_its_suids() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let before = certificates(&env).await;

    let reply = env
        .client
        .create(
            &format!("/cse-in/{node}"),
            ADMIN,
            13,
            credential("mef-cert"),
        )
        .await;
    assert_rsc(&reply, 2001);
    let after = certificates(&env).await;
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    let (path, suids) = after
        .iter()
        .find(|(c, _)| !before.iter().any(|(b, _)| b == c))
        .unwrap();
    assert_eq!(suids, "41,42");
    let created = reply.attrs();
    assert_eq!(created["mgd"], json!(1023));
    assert_eq!(created["suids"], json!([41, 42]));
    assert_eq!(created["obps"], json!([path]));
    assert_eq!(
        created["obis"],
        json!(["urn:broadband-forum-org:tr-181-2-17-0"])
    );
    // A Retrieve reads the device (GetParameterValues) and gives the same m2m:suid values.
    let read = env.get(&format!("/cse-in/{node}/mef-cert")).await;
    assert_rsc(&read, 2000);
    assert_eq!(read.attrs()["suids"], json!([41, 42]));
    // The SUIDs changed on the device are what the next Retrieve reads.
    let name = format!("{path}X_oneM2M_org_SUIDs");
    env.fleet()
        .with_state(0, |s| s.model.set_internal(&name, "43"))
        .await
        .unwrap();
    let read = env.get(&format!("/cse-in/{node}/mef-cert")).await;
    assert_eq!(read.attrs()["suids"], json!([43]));
    // An Update of the SUIDs is a SetParameterValues.
    let reply = env
        .client
        .update(
            &format!("/cse-in/{node}/mef-cert"),
            ADMIN,
            json!({"dcfg:nycfc": {"suids": [44, 45]}}),
        )
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(reply.attrs()["suids"], json!([44, 45]));
    assert_eq!(
        common::device_value(&env, 0, &name).await.as_deref(),
        Some("44,45")
    );
    env.stop().await;
}

/// The URL of the device's (first) Download task.
async fn download_url(env: &Env, device: &str) -> Option<String> {
    let task = env
        .store_tasks(device)
        .await
        .into_iter()
        .find(|t| t.steps.iter().any(|s| s.method == "Download"))?;
    let request = &task.steps[0].request;
    assert!(request.contains("X 00D09E Certificate"), "{request}");
    let start = request.find("<URL>")? + "<URL>".len();
    let end = request[start..].find("</URL>")? + start;
    Some(request[start..end].to_string())
}

/// GET of a URL on loopback: (status, content type, body).
async fn fetch(url: &str) -> (u16, String, String) {
    use http_body_util::{BodyExt, Empty};
    let uri: http::Uri = url.parse().unwrap();
    let authority = uri.authority().unwrap().to_string();
    let stream = tokio::net::TcpStream::connect(&authority).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(connection);
    let request = http::Request::get(uri.path())
        .header("Host", authority)
        .body(Empty::<bytes::Bytes>::new())
        .unwrap();
    let response = tokio::time::timeout(Duration::from_secs(5), sender.send_request(request))
        .await
        .unwrap()
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_acs_serves_the_certificate_while_the_download_runs_and_not_after() {
    // The CPE answers the Download after 1 s: the file is published meanwhile.
    let env = Env::start(Options {
        behaviour: behaviour(&["Download=delay:1s"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let client = env.client;
    let parent = format!("/cse-in/{node}");
    let creating =
        tokio::spawn(async move { client.create(&parent, ADMIN, 13, credential("cert")).await });
    eventually(
        "the certificate Download queued",
        Duration::from_secs(5),
        || async { download_url(&env, &node).await.is_some() },
    )
    .await;
    let url = download_url(&env, &node).await.unwrap();
    let (status, content_type, body) = fetch(&url).await;
    assert_eq!(
        (status, content_type.as_str(), body.as_str()),
        (200, "application/x-pem-file", PEM)
    );
    assert_rsc(&creating.await.unwrap(), 2001);
    assert_eq!(fetch(&url).await.0, 404, "withdrawn once the device has it");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_certificate_transfer_answers_bad_request_and_creates_nothing() {
    let env = Env::start(Options {
        behaviour: behaviour(&["transfer=9010"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let before = certificates(&env).await;
    let reply = env
        .client
        .create(
            &format!("/cse-in/{node}"),
            ADMIN,
            13,
            credential("mef-cert"),
        )
        .await;
    // Table 8.3.2.2-2: TransferComplete 9010 → 4000 BAD_REQUEST.
    assert_error(&reply, 4000);
    assert_eq!(certificates(&env).await, before);
    assert_rsc(&env.get(&format!("/cse-in/{node}/mef-cert")).await, 4004);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_certificate_download_answers_bad_request() {
    let env = Env::start(Options {
        behaviour: behaviour(&["Download=9003"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let before = certificates(&env).await;
    let reply = env
        .client
        .create(
            &format!("/cse-in/{node}"),
            ADMIN,
            13,
            credential("mef-cert"),
        )
        .await;
    // Table 8.3.2.2-1: Download 9003 → 4000 BAD_REQUEST.
    assert_error(&reply, 4000);
    assert_eq!(certificates(&env).await, before);
    assert_rsc(&env.get(&format!("/cse-in/{node}/mef-cert")).await, 4004);
    env.stop().await;
}
