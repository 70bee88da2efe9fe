//! One `<mgmtCmd>` on a `<group>` of nodes (TS-0004 7.4.16.2.3): one execInstance per
//! member, each carried out on its own device.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::{ADMIN, Env, Options, assert_rsc, command, eventually, instances, node_name};
use serde_json::{Value, json};

const DEVICES: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reboot_of_a_group_of_100_nodes_reboots_every_device() {
    let started = Instant::now();
    let env = Env::start(Options {
        devices: DEVICES,
        serial_prefix: "GR",
        ..Options::default()
    })
    .await;
    // Every device discovered: its node and its mgmtObjs.
    eventually(
        "100 devices discovered",
        Duration::from_secs(30),
        || async {
            // Discovery (TS-0004 7.3.3.2): every reboot mgmtObj of the CSE.
            let reply = env
                .client
                .send(common::Req::new("GET", "/cse-in?fu=1&ty=13&lim=100000").origin(ADMIN))
                .await;
            let ready = reply.body["m2m:uril"].as_array().map_or(0, |l| {
                l.iter()
                    .filter(|u| u.as_str().is_some_and(|u| u.ends_with("/reboot")))
                    .count()
            });
            ready == DEVICES
        },
    )
    .await;
    let mut members = Vec::with_capacity(DEVICES);
    for n in 0..DEVICES {
        members.push(Value::String(format!("cse-in/{}", node_name("GR", n))));
    }
    let group = env
        .client
        .create(
            "/cse-in",
            ADMIN,
            9,
            json!({"m2m:grp": {"rn": "all-gateways", "mt": 14, "mnm": DEVICES, "mid": members}}),
        )
        .await;
    assert_rsc(&group, 2001);
    assert_eq!(group.attrs()["cnm"], json!(DEVICES));

    let mut boots = Vec::with_capacity(DEVICES);
    for n in 0..DEVICES {
        boots.push(env.fleet().with_state(n, |s| s.boots).await.unwrap());
    }
    let cmd = command(&env, "reboot-all", 2, "cse-in/all-gateways", Value::Null).await;
    let reply = env
        .client
        .update(&cmd, ADMIN, json!({"m2m:mgc": {"exe": true}}))
        .await;
    assert_rsc(&reply, 2004);
    let exins = instances(&env, &cmd).await;
    assert_eq!(exins.len(), DEVICES, "one execInstance per member");

    // Each instance targets a different node of the group.
    let mut targets = HashSet::new();
    eventually(
        "every execInstance FINISHED",
        Duration::from_secs(20),
        || async {
            let mut done = 0;
            for exin in &exins {
                if env.attrs(exin).await["exs"] == json!(3) {
                    done += 1;
                }
            }
            done == DEVICES
        },
    )
    .await;
    for exin in &exins {
        let a = env.attrs(exin).await;
        assert_eq!(
            (a["exs"].clone(), a["exr"].clone()),
            (json!(3), json!(0)),
            "{exin}"
        );
        targets.insert(a["ext"].as_str().unwrap().to_string());
    }
    assert_eq!(
        targets.len(),
        DEVICES,
        "every member has its own execInstance"
    );
    for (n, before) in boots.iter().enumerate() {
        let now = env.fleet().with_state(n, |s| s.boots).await.unwrap();
        assert!(now > *before, "device {n} rebooted ({before} → {now})");
    }
    env.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}
