//! Discovery (TS-0006 7.1) of devices whose data model is not the whole of what the
//! mapping reads: an optional object missing (GetParameterValues answers 9005 for the whole
//! request, TR-069 A.3.2.2), and a device whose discovery read fails after a boot.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{ADMIN, Env, Options, Req, assert_rsc, behaviour, eventually, misbehave, node_name};
use serde_json::json;
use store::TaskState;

/// The mgmtObjs under a node, by resource name.
async fn objects(env: &Env, node: &str) -> Vec<String> {
    let reply = env
        .client
        .send(Req::new("GET", &format!("/cse-in/{node}?rcn=6")).origin(ADMIN))
        .await;
    assert_rsc(&reply, 2000);
    let mut names: Vec<String> = reply.body["m2m:rrl"]["rrf"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["typ"] == 13)
        .map(|r| r["nm"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

/// Discovery's reads: the GetParameterValues tasks that name `Device.DeviceInfo.`.
async fn discovery_reads(env: &Env, node: &str) -> Vec<store::Task> {
    env.store_tasks(node)
        .await
        .into_iter()
        .filter(|t| {
            t.steps.iter().any(|s| {
                s.method == "GetParameterValues" && s.request.contains(">Device.DeviceInfo.<")
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_without_an_optional_object_is_discovered_all_the_same() {
    // The device has no Syslog: any read naming it is refused with 9005.
    let env = Env::start(Options {
        behaviour: behaviour(&["param:Device.Syslog.Enable=9005"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let names = objects(&env, &node).await;
    assert!(!names.iter().any(|n| n == "eventLog"), "{names:?}");
    for expected in [
        "deviceInfo",
        "memory",
        "firmware-1",
        "firmware-2",
        "software-1",
        "reboot",
        "myCertFileCred-2",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
    let dvi = env.attrs(&format!("/cse-in/{node}/deviceInfo")).await;
    assert_eq!(dvi["dlb"], json!("MG0000000"));
    assert_eq!(dvi["mod"], json!("HGW-1 Home Gateway"));
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_discovery_read_after_a_boot_removes_nothing() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let before = objects(&env, &node).await;
    assert!(before.iter().any(|n| n == "firmware-2"), "{before:?}");
    let reads = discovery_reads(&env, &node).await.len();

    // From now on every read fails (9002); a reboot makes discovery read again.
    misbehave(&env, 0, &["GetParameterValues=9002"]).await;
    let reply = env
        .client
        .update(
            &format!("/cse-in/{node}/reboot"),
            ADMIN,
            json!({"m2m:rbo": {"rbo": true}}),
        )
        .await;
    assert_rsc(&reply, 2004);
    eventually(
        "discovery read again after the boot, and failed",
        Duration::from_secs(10),
        || async {
            let all = discovery_reads(&env, &node).await;
            all.len() > reads && all[reads..].iter().all(|t| t.state == TaskState::Faulted)
        },
    )
    .await;
    // Give discovery the time to act on what it read (it would remove at once).
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        objects(&env, &node).await,
        before,
        "an unread instance is not a removed one"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_change_inform_refreshes_the_attribute_and_notifies() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let path = format!("/cse-in/{node}/deviceInfo");
    let receiver = common::Receiver::start().await;
    let sub = env
        .client
        .create(
            &path,
            ADMIN,
            23,
            json!({"m2m:sub": {"rn": "watch", "nu": [receiver.url], "enc": {"net": [1]}}}),
        )
        .await;
    assert_rsc(&sub, 2001);
    // SoftwareVersion is forced-inform: the device reports it in its next Inform.
    env.fleet()
        .with_state(0, |s| {
            s.model
                .set_internal("Device.DeviceInfo.SoftwareVersion", "1.0.1-hotfix")
        })
        .await;
    env.fleet().inform(0, "4 VALUE CHANGE");
    let stored = |env: &Env| {
        env.cse()
            .resource_at(&format!("cse-in/{node}/deviceInfo"))
            .and_then(|r| r.attrs.get("fwv").cloned())
    };
    eventually("fwv from the Inform", Duration::from_secs(10), || async {
        stored(&env) == Some(json!("1.0.1-hotfix"))
    })
    .await;
    eventually("the subscriber told", Duration::from_secs(10), || async {
        receiver
            .all()
            .iter()
            .any(|r| r.body["m2m:sgn"]["nev"]["rep"]["m2m:dvi"]["fwv"] == json!("1.0.1-hotfix"))
    })
    .await;
    env.stop().await;
}
