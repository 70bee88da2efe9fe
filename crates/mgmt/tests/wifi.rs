//! `[wifiClient]` on a simulated CPE: the mgmtObj whose table the ACS may add to and delete
//! from. A Create is AddObject on `Device.WiFi.EndPoint.1.Profile.` and one
//! SetParameterValues of the new profile (TS-0006 8.1.2), a Delete is DeleteObject (8.1.3);
//! CPE faults answer per the one status table, and a failed Create leaves nothing behind.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{ADMIN, Env, Options, assert_error, assert_rsc, behaviour, eventually, node_name};
use serde_json::{Value, json};

const PROFILES: &str = "Device.WiFi.EndPoint.1.Profile.";

/// The device's profiles on its first EndPoint.
async fn profiles(env: &Env) -> Vec<String> {
    env.fleet()
        .with_state(0, |s| s.model.instances(PROFILES))
        .await
        .unwrap()
}

/// A value as the device holds it (secured ones too: the device's own view).
async fn value(env: &Env, name: &str) -> Option<String> {
    common::device_value(env, 0, name).await
}

async fn started(options: Options) -> (Env, String) {
    let env = Env::start(options).await;
    let node = node_name("MG", 0);
    let discovered = format!("/cse-in/{node}/wifiClient-1-1");
    eventually(
        "the Wi-Fi profile discovered",
        Duration::from_secs(20),
        || {
            let env = &env;
            let path = discovered.clone();
            async move { env.get(&path).await.rsc == 2000 }
        },
    )
    .await;
    (env, node)
}

fn network(name: &str, ssid: &str, credentials: Value) -> Value {
    json!({"dcfg:wific": {"rn": name, "mgd": 1028, "ssid": ssid, "scan": false,
        "wcrds": credentials}})
}

/// The (method, request) of every step of the device's tasks, oldest first.
async fn sent(env: &Env, node: &str) -> Vec<(String, String)> {
    env.store_tasks(node)
        .await
        .into_iter()
        .flat_map(|t| t.steps.into_iter().map(|s| (s.method, s.request)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_makes_a_wifi_client_of_each_profile() {
    let (env, node) = started(Options::default()).await;
    let profile = env.attrs(&format!("/cse-in/{node}/wifiClient-1-1")).await;
    assert_eq!(profile["mgd"], json!(1028));
    assert_eq!(profile["ssid"], json!("Upstream"));
    // Profile.1.Status "Active": the EndPoint uses it.
    assert_eq!(profile["cons"], json!(1));
    assert_eq!(profile["scan"], json!(false));
    assert_eq!(
        profile["obps"],
        json!(["Device.WiFi.EndPoint.1.Profile.1."])
    );
    // Keys are secured on the device: never read, never shown.
    assert!(!profile.contains_key("wcrds"), "{profile:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_created_wifi_client_is_a_new_profile_on_the_device_until_it_is_deleted() {
    let (env, node) = started(Options::default()).await;
    let before = profiles(&env).await;
    let reply = env
        .client
        .create(
            &format!("/cse-in/{node}"),
            ADMIN,
            13,
            network(
                "guest",
                "Guest",
                json!({"enct": 1, "wpap": "guest-passphrase"}),
            ),
        )
        .await;
    assert_rsc(&reply, 2001);
    let after = profiles(&env).await;
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    let path = format!("{PROFILES}2.");
    assert!(after.contains(&path), "{after:?}");
    assert_eq!(reply.attrs()["obps"], json!([path]));
    assert_eq!(
        reply.attrs()["obis"],
        json!(["urn:broadband-forum-org:tr-181-2-17-0"])
    );
    for (leaf, want) in [
        ("SSID", "Guest"),
        ("Enable", "true"),
        ("Security.ModeEnabled", "WPA2-Personal"),
        ("Security.KeyPassphrase", "guest-passphrase"),
    ] {
        assert_eq!(
            value(&env, &format!("{path}{leaf}")).await.as_deref(),
            Some(want),
            "{leaf}"
        );
    }
    // On the wire: AddObject on the EndPoint's profile table, then one SetParameterValues
    // of the new instance.
    let steps = sent(&env, &node).await;
    let add = steps.iter().position(|(m, _)| m == "AddObject").unwrap();
    assert!(
        steps[add]
            .1
            .contains(&format!("<ObjectName>{PROFILES}</ObjectName>")),
        "{}",
        steps[add].1
    );
    let (method, spv) = &steps[add + 1];
    assert_eq!(method, "SetParameterValues");
    for name in [
        "SSID",
        "Enable",
        "Security.ModeEnabled",
        "Security.KeyPassphrase",
    ] {
        assert!(spv.contains(&format!("<Name>{path}{name}</Name>")), "{spv}");
    }
    assert!(
        spv.contains("<Value xsi:type=\"xsd:boolean\">true</Value>"),
        "{spv}"
    );

    // Retrieve reads the device; Update writes it.
    let guest = format!("/cse-in/{node}/guest");
    env.fleet()
        .with_state(0, |s| {
            s.model.set_internal(&format!("{path}Status"), "Available")
        })
        .await
        .unwrap();
    let read = env.attrs(&guest).await;
    assert_eq!(read["ssid"], json!("Guest"));
    assert_eq!(read["cons"], json!(2));
    let reply = env
        .client
        .update(
            &guest,
            ADMIN,
            json!({"dcfg:wific": {"ssid": "Guests", "wcrds": {"enct": 1, "wepk": "0a0b0c0d0e"}}}),
        )
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(
        value(&env, &format!("{path}SSID")).await.as_deref(),
        Some("Guests")
    );
    assert_eq!(
        value(&env, &format!("{path}Security.ModeEnabled"))
            .await
            .as_deref(),
        Some("WEP-64")
    );
    assert_eq!(
        value(&env, &format!("{path}Security.WEPKey"))
            .await
            .as_deref(),
        Some("0a0b0c0d0e")
    );

    // Delete → DeleteObject of that instance, and the resource goes.
    assert_rsc(&env.client.delete(&guest, ADMIN).await, 2002);
    assert_eq!(profiles(&env).await, before);
    assert!(sent(&env, &node).await.iter().any(
        |(m, r)| m == "DeleteObject" && r.contains(&format!("<ObjectName>{path}</ObjectName>"))
    ));
    assert_rsc(&env.get(&guest).await, 4004);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_object_faults_answer_per_ts_0006_8_1_2_and_create_nothing() {
    // TS-0006 8.1.2: 9001–9004 → 4000 BAD_REQUEST, 9005 → 5001 NOT_IMPLEMENTED.
    for (fault, rsc) in [(9001, 4000), (9004, 4000), (9005, 5001)] {
        let rule = format!("AddObject={fault}");
        let (env, node) = started(Options {
            behaviour: behaviour(&[&rule]),
            ..Options::default()
        })
        .await;
        let before = profiles(&env).await;
        let reply = env
            .client
            .create(
                &format!("/cse-in/{node}"),
                ADMIN,
                13,
                network("guest", "Guest", json!({})),
            )
            .await;
        assert_error(&reply, rsc);
        assert_eq!(profiles(&env).await, before, "{fault}");
        assert_rsc(&env.get(&format!("/cse-in/{node}/guest")).await, 4004);
        env.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_write_takes_the_added_profile_away_again() {
    let (env, node) = started(Options {
        behaviour: behaviour(&["SetParameterValues=9007"]),
        ..Options::default()
    })
    .await;
    let before = profiles(&env).await;
    let reply = env
        .client
        .create(
            &format!("/cse-in/{node}"),
            ADMIN,
            13,
            network("guest", "Guest", json!({})),
        )
        .await;
    // SetParameterValues 9007 (invalid value) → 4000, as for an Update.
    assert_error(&reply, 4000);
    eventually(
        "the added profile deleted again",
        Duration::from_secs(10),
        || async { profiles(&env).await == before },
    )
    .await;
    let added = format!("<ObjectName>{PROFILES}2.</ObjectName>");
    let methods: Vec<String> = sent(&env, &node)
        .await
        .into_iter()
        .filter(|(m, r)| m != "GetParameterValues" && (m != "DeleteObject" || r.contains(&added)))
        .map(|(m, _)| m)
        .collect();
    assert!(
        methods.ends_with(&[
            "AddObject".to_string(),
            "SetParameterValues".to_string(),
            "DeleteObject".to_string()
        ]),
        "{methods:?}"
    );
    assert_rsc(&env.get(&format!("/cse-in/{node}/guest")).await, 4004);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_a_profile_cannot_hold_are_refused_before_the_device_is_asked() {
    let (env, node) = started(Options::default()).await;
    let tasks = env.store_tasks(&node).await.len();
    for credentials in [
        json!({"wpap": "short"}),
        json!({"wepk": "0102"}),
        json!({"enct": 1}),
        json!({"unm": "alice", "pwd": "secret"}),
    ] {
        let reply = env
            .client
            .create(
                &format!("/cse-in/{node}"),
                ADMIN,
                13,
                network("guest", "Guest", credentials),
            )
            .await;
        assert_error(&reply, 4000);
    }
    assert_eq!(env.store_tasks(&node).await.len(), tasks, "nothing sent");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_keeps_the_resource_when_the_device_refuses_and_not_when_the_profile_is_gone() {
    let (env, node) = started(Options {
        behaviour: behaviour(&["DeleteObject=9001"]),
        ..Options::default()
    })
    .await;
    let discovered = format!("/cse-in/{node}/wifiClient-1-1");
    // 9001 (request denied) → 4000; the profile and the resource stay.
    assert_error(&env.client.delete(&discovered, ADMIN).await, 4000);
    assert_eq!(profiles(&env).await, vec![format!("{PROFILES}1.")]);
    assert_rsc(&env.get(&discovered).await, 2000);
    env.stop().await;

    // The device removed the profile itself: its DeleteObject answers 9005, and what the
    // Delete asks for already holds.
    let (env, node) = started(Options::default()).await;
    env.fleet()
        .with_state(0, |s| {
            s.model.delete_object_internal(&format!("{PROFILES}1."))
        })
        .await
        .unwrap()
        .unwrap();
    let discovered = format!("/cse-in/{node}/wifiClient-1-1");
    assert_rsc(&env.client.delete(&discovered, ADMIN).await, 2002);
    assert_rsc(&env.get(&discovered).await, 4004);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_the_cse_refuses_never_reaches_the_device() {
    let (env, node) = started(Options::default()).await;
    let before = profiles(&env).await;
    let tasks = env.store_tasks(&node).await.len();
    // An expiration time in the past: the CSE refuses it, so the device must not have
    // added a profile first.
    let mut expired = network("guest", "Guest", json!({}));
    expired["dcfg:wific"]["et"] = json!("20000101T000000");
    let reply = env
        .client
        .create(&format!("/cse-in/{node}"), ADMIN, 13, expired)
        .await;
    assert!(reply.rsc >= 4000, "{}", reply.body);
    assert_eq!(profiles(&env).await, before);
    assert_eq!(env.store_tasks(&node).await.len(), tasks, "nothing sent");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_an_application_added_stays_one_resource_across_a_boot() {
    let (env, node) = started(Options::default()).await;
    let reply = env
        .client
        .create(
            &format!("/cse-in/{node}"),
            ADMIN,
            13,
            network("guest", "Guest", json!({"wpap": "guest-passphrase"})),
        )
        .await;
    assert_rsc(&reply, 2001);
    let path = format!("{PROFILES}2.");
    // Reboot: the BOOT Inform makes discovery read the whole device again.
    let tasks_before = env.store_tasks(&node).await.len();
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
        "the rediscovery after the boot done",
        Duration::from_secs(20),
        || async {
            env.store_tasks(&node)
                .await
                .iter()
                .skip(tasks_before)
                .any(|t| {
                    t.state == store::TaskState::Done
                        && t.steps.iter().any(|s| {
                            s.method == "GetParameterValues"
                                && s.request.contains("Device.WiFi.EndPoint.")
                        })
                })
        },
    )
    .await;
    // Let the resync write what it read.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let children = env
        .get(&format!("/cse-in/{node}?rcn=8&ty=13"))
        .await
        .body
        .to_string();
    assert_eq!(children.matches(&path).count(), 1, "{children}");
    assert!(
        children.contains("wifiClient-1-1") && children.contains("\"rn\":\"guest\""),
        "{children}"
    );
    let guest = env.attrs(&format!("/cse-in/{node}/guest")).await;
    assert_eq!(guest["obps"], json!([path]));
    env.stop().await;
}
