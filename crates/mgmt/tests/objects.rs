//! `<mgmtObj>`s on simulated CPEs: the firmware `ud` and reboot `far` executable attributes
//! (TS-0006 7.9, 7.11), a TR-098 device's resources, and a device that cannot be reached.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{ADMIN, Env, Options, assert_error, assert_rsc, device_value, eventually, node_name};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firmware_update_downloads_the_image_and_reports_success() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let path = format!("/cse-in/{node}/firmware-1");
    let before = env.attrs(&path).await;
    assert_eq!(before["uds"], json!({"acn": "ud", "sus": 0}));
    let url = "http://files.example/fw/hgw-2.0.0.bin";
    let reply = env
        .client
        .update(&path, ADMIN, json!({"m2m:fwr": {"url": url, "ud": true}}))
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(
        reply.attrs()["ud"],
        json!(false),
        "the trigger reads false again"
    );
    assert_eq!(reply.attrs()["url"], json!(url));
    // Accepted by the CPE, the transfer still to come: in process (reference §6.2).
    assert_eq!(reply.attrs()["uds"], json!({"acn": "ud", "sus": 3}));
    eventually(
        "updateStatus successful after TransferComplete",
        Duration::from_secs(15),
        || async { env.attrs(&path).await["uds"] == json!({"acn": "ud", "sus": 1}) },
    )
    .await;
    // The Download (FileType 1, the url) reached the device: its active image is the new one.
    assert_eq!(
        device_value(&env, 0, "Device.DeviceInfo.FirmwareImage.1.Version")
            .await
            .as_deref(),
        Some("hgw-2.0.0.bin")
    );
    let download = env
        .store_tasks(&node)
        .await
        .into_iter()
        .find(|t| t.steps.iter().any(|s| s.method == "Download"))
        .unwrap();
    let request = &download.steps[0].request;
    assert!(request.contains("1 Firmware Upgrade Image"), "{request}");
    assert!(request.contains(url), "{request}");
    // After the reboot into the image, the firmware object reads the new version.
    eventually("vr refreshed", Duration::from_secs(15), || async {
        env.attrs(&path).await["vr"] == json!("hgw-2.0.0.bin")
    })
    .await;
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firmware_update_with_a_failing_transfer_reports_failure() {
    let env = Env::start(Options {
        behaviour: common::behaviour(&["transfer=9010"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let path = format!("/cse-in/{node}/firmware-1");
    let reply = env
        .client
        .update(
            &path,
            ADMIN,
            json!({"m2m:fwr": {"url": "http://files.example/fw/bad.bin", "ud": true}}),
        )
        .await;
    assert_rsc(&reply, 2004);
    eventually(
        "updateStatus failure after TransferComplete",
        Duration::from_secs(15),
        || async { env.attrs(&path).await["uds"] == json!({"acn": "ud", "sus": 2}) },
    )
    .await;
    assert_eq!(
        device_value(&env, 0, "Device.DeviceInfo.FirmwareImage.1.Version")
            .await
            .as_deref(),
        Some("1.0.0")
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn factory_reset_reaches_the_device_which_bootstraps_again() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    // Something the factory reset undoes.
    let reply = env
        .client
        .update(
            &format!("/cse-in/{node}/deviceInfo"),
            ADMIN,
            json!({"m2m:dvi": {"dvnm": "kitchen-gw"}}),
        )
        .await;
    assert_rsc(&reply, 2004);
    let shipped = cpe_sim::DataModel::parse(cpe_sim::HOME_GATEWAY_MODEL)
        .unwrap()
        .value("Device.DeviceInfo.HostName")
        .map(str::to_string);
    assert_ne!(shipped.as_deref(), Some("kitchen-gw"));
    let bootstraps_before = bootstraps(&env, &node).await;
    let boots = env.fleet().with_state(0, |s| s.boots).await.unwrap();

    let reply = env
        .client
        .update(
            &format!("/cse-in/{node}/reboot"),
            ADMIN,
            json!({"m2m:rbo": {"far": true}}),
        )
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(reply.attrs()["far"], json!(false));
    eventually(
        "the device bootstrapped again",
        Duration::from_secs(10),
        || async { bootstraps(&env, &node).await > bootstraps_before },
    )
    .await;
    assert!(env.fleet().with_state(0, |s| s.boots).await.unwrap() > boots);
    assert_eq!(
        device_value(&env, 0, "Device.DeviceInfo.HostName").await,
        shipped,
        "the shipped values are back"
    );
    // Rediscovered after the BOOTSTRAP: the node reads the shipped name again.
    eventually(
        "deviceInfo rediscovered",
        Duration::from_secs(10),
        || async {
            env.attrs(&format!("/cse-in/{node}/deviceInfo"))
                .await
                .get("dvnm")
                .cloned()
                == shipped.clone().map(serde_json::Value::String)
        },
    )
    .await;
    env.stop().await;
}

/// How many Informs of the device carried "0 BOOTSTRAP" (the ACS's event log).
async fn bootstraps(env: &Env, device: &str) -> usize {
    use store::Events;
    env.store
        .device_events(device, 1000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.kind == "inform" && e.detail.contains("0 BOOTSTRAP"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tr098_device_gets_its_node_and_objects_with_internet_gateway_device_values() {
    let env = Env::start(Options {
        model: cpe_sim::TR098_GATEWAY_MODEL,
        serial_prefix: "IG",
        ..Options::default()
    })
    .await;
    // OUI-ProductClass-SerialNumber, "-" of IGD-1 escaped.
    let node = "00D09E-IGD_2D1-IG0000000";
    env.discovered(node, 4).await;
    let n = env.attrs(&format!("/cse-in/{node}")).await;
    assert_eq!(n["ni"], json!(format!("urn:dev:ops:{node}")));
    let cr_url = device_value(
        &env,
        0,
        "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
    )
    .await
    .unwrap();
    assert_eq!(n["mgca"], json!(cr_url));

    // What the TR-098 mapping has and the device holds: no software (no SoftwareModules in
    // this model), no TR-181-only objects.
    let children = env
        .client
        .send(common::Req::new("GET", &format!("/cse-in/{node}?rcn=6")).origin(ADMIN))
        .await;
    let mut names: Vec<&str> = children.body["m2m:rrl"]["rrf"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["typ"] == 13)
        .map(|r| r["nm"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["deviceInfo", "firmware", "memory", "reboot"]);

    let tr098 = json!(["urn:broadband-forum-org:tr-098-1-8-0"]);
    let dvi = env.attrs(&format!("/cse-in/{node}/deviceInfo")).await;
    assert_eq!(dvi["mgd"], json!(1007));
    assert_eq!(dvi["obis"], tr098);
    assert_eq!(dvi["obps"], json!(["InternetGatewayDevice.DeviceInfo."]));
    assert_eq!(dvi["dlb"], json!("IG0000000"));
    assert_eq!(dvi["man"], json!("00D09E"));
    assert_eq!(dvi["dty"], json!("IGD-1"));
    assert_eq!(dvi["mod"], json!("IGD-1 Legacy Gateway"));
    assert_eq!(dvi["fwv"], json!("3.2.1"));
    assert_eq!(dvi["swv"], json!("Bootloader=2019.07"));
    assert_eq!(dvi["hwv"], json!("1.0"));

    let mem = env.attrs(&format!("/cse-in/{node}/memory")).await;
    assert_eq!(mem["mgd"], json!(1003));
    assert_eq!(mem["obis"], tr098);
    assert_eq!(mem["mmt"], json!(131_072u64 * 1024), "KiB become bytes");
    assert_eq!(mem["mma"], json!(70_656u64 * 1024));

    let fw = env.attrs(&format!("/cse-in/{node}/firmware")).await;
    assert_eq!(fw["mgd"], json!(1001));
    assert_eq!(fw["vr"], json!("3.2.1"));

    let rbo = env.attrs(&format!("/cse-in/{node}/reboot")).await;
    assert_eq!(rbo["mgd"], json!(1009));
    assert_eq!(rbo["obis"], tr098);
    assert_eq!(
        (rbo["rbo"].clone(), rbo["far"].clone()),
        (json!(false), json!(false))
    );
    // And the reboot works on the TR-098 device too.
    let boots = env.fleet().with_state(0, |s| s.boots).await.unwrap();
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
        "the TR-098 device rebooted",
        Duration::from_secs(10),
        || async { env.fleet().with_state(0, |s| s.boots).await.unwrap() > boots },
    )
    .await;
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_that_cannot_be_reached_fails_updates_fast_and_serves_stored_values() {
    let mut env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let path = format!("/cse-in/{node}/deviceInfo");
    let stored = env.attrs(&path).await;
    env.fleet.take().unwrap().shutdown().await;

    // A writable attribute: the Connection Request fails, nothing is changed (6003).
    let started = Instant::now();
    let reply = env
        .client
        .update(&path, ADMIN, json!({"m2m:dvi": {"dvnm": "unreachable"}}))
        .await;
    assert_error(&reply, 6003);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "fails fast, not at the deadline: {:?}",
        started.elapsed()
    );
    // A Retrieve serves what is stored.
    let started = Instant::now();
    let reply = env.get(&path).await;
    assert_rsc(&reply, 2000);
    assert!(
        started.elapsed() < Duration::from_secs(7),
        "{:?}",
        started.elapsed()
    );
    let now = reply.attrs();
    for name in ["dlb", "man", "dty", "mod", "fwv", "hwv", "dvnm"] {
        assert_eq!(now.get(name), stored.get(name), "{name}");
    }
    assert_ne!(now["dvnm"], json!("unreachable"));
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_that_answers_too_late_times_the_update_out() {
    let env = Env::start(Options {
        behaviour: common::behaviour(&["SetParameterValues=delay:3s"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let path = format!("/cse-in/{node}/deviceInfo");
    let stored = env.attrs(&path).await;
    // The originator waits 1 s (X-M2M-RET, relative); the device answers after 3 s.
    let started = Instant::now();
    let reply = env
        .client
        .send(
            common::Req::new("PUT", &path)
                .origin(ADMIN)
                .header("X-M2M-RET", "1000")
                .json(&json!({"m2m:dvi": {"dvnm": "too-late"}})),
        )
        .await;
    assert_error(&reply, 4008);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "at the deadline: {took:?}"
    );
    // Nothing was stored…
    let kept = env
        .cse()
        .resource_at(&format!("cse-in/{node}/deviceInfo"))
        .unwrap();
    assert_eq!(kept.attrs.get("dvnm"), stored.get("dvnm"));
    // …but the SetParameterValues was on its way: the device carries it out, and a
    // Retrieve, which reads the device, shows it (documented in objects.rs).
    eventually(
        "the device's value read back",
        Duration::from_secs(10),
        || async { env.attrs(&path).await["dvnm"] == json!("too-late") },
    )
    .await;
    env.stop().await;
}
