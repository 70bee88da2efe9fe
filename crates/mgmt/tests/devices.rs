//! A simulated CPE over TCP, managed through oneM2M over HTTP: discovery, attributes written
//! to the device, reboot through `rbo` and through a mgmtCmd, a firmware download.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{
    ADMIN, Env, Options, assert_rsc, command, device_value, download_args, eventually, execute,
    finished, node_name,
};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_creates_the_node_and_its_mgmt_objects_with_the_devices_values() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let n = env.attrs(&format!("/cse-in/{node}")).await;
    assert_eq!(n["ni"], json!(format!("urn:dev:ops:{node}")));
    let cr_url = device_value(&env, 0, "Device.ManagementServer.ConnectionRequestURL")
        .await
        .unwrap();
    assert_eq!(n["mgca"], json!(cr_url));

    let dvi = env.attrs(&format!("/cse-in/{node}/deviceInfo")).await;
    assert_eq!(dvi["mgd"], json!(1007));
    assert_eq!(dvi["dlb"], json!("MG0000000"));
    assert_eq!(dvi["man"], json!("00D09E"));
    assert_eq!(dvi["dty"], json!("HGW-1"));
    assert_eq!(dvi["mod"], json!("HGW-1 Home Gateway"));
    assert_eq!(dvi["fwv"], json!("1.0.0"));
    assert_eq!(dvi["hwv"], json!("1.0"));
    assert_eq!(dvi["obps"], json!(["Device.DeviceInfo."]));
    assert!(
        dvi["obis"][0]
            .as_str()
            .unwrap()
            .starts_with("urn:broadband-forum-org:tr-181")
    );

    let mem = env.attrs(&format!("/cse-in/{node}/memory")).await;
    assert_eq!(mem["mmt"], json!(524_288u64 * 1024), "KiB become bytes");

    for fw in ["firmware-1", "firmware-2"] {
        let f = env.attrs(&format!("/cse-in/{node}/{fw}")).await;
        assert_eq!(f["mgd"], json!(1001));
        assert_eq!(f["ud"], json!(false));
    }
    let sw = env.attrs(&format!("/cse-in/{node}/software-1")).await;
    assert_eq!(sw["swn"], json!("speedtest-agent"));
    assert_eq!(sw["vr"], json!("2.3.1"));
    let rbo = env.attrs(&format!("/cse-in/{node}/reboot")).await;
    assert_eq!(
        (rbo["rbo"].clone(), rbo["far"].clone()),
        (json!(false), json!(false))
    );
    let cert = env.attrs(&format!("/cse-in/{node}/myCertFileCred-2")).await;
    assert_eq!(cert["mgd"], json!(1023));
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attribute_written_through_onem2m_lands_in_the_device_and_reads_come_from_it() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let path = format!("/cse-in/{node}/deviceInfo");
    let reply = env
        .client
        .update(&path, ADMIN, json!({"m2m:dvi": {"dvnm": "kitchen-gw"}}))
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(reply.attrs()["dvnm"], json!("kitchen-gw"));
    assert_eq!(
        device_value(&env, 0, "Device.DeviceInfo.HostName")
            .await
            .as_deref(),
        Some("kitchen-gw")
    );

    // The device changes on its own; a Retrieve reads it (GetParameterValues).
    env.fleet()
        .with_state(0, |s| {
            s.model
                .set_internal("Device.DeviceInfo.HostName", "changed-on-device")
        })
        .await;
    let read = env.attrs(&path).await;
    assert_eq!(read["dvnm"], json!("changed-on-device"));

    // The device's local time (with its offset) is a UTC timestamp (TS-0004 6.3.3).
    env.fleet()
        .with_state(0, |s| {
            s.model
                .set_internal("Device.Time.CurrentLocalTime", "2026-03-01T01:15:00+02:00")
        })
        .await;
    let read = env.attrs(&path).await;
    assert_eq!(read["syst"], json!("20260228T231500"));
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rbo_reboots_the_device_which_comes_back() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
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
    assert_eq!(
        reply.attrs()["rbo"],
        json!(false),
        "the trigger reads false again"
    );
    eventually("the device rebooted", Duration::from_secs(10), || async {
        env.fleet().with_state(0, |s| s.boots).await.unwrap() > boots
    })
    .await;
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mgmt_cmd_reboot_finishes_when_the_device_is_back() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let cmd = command(
        &env,
        "reboot-now",
        2,
        &format!("cse-in/{node}"),
        Value::Null,
    )
    .await;
    let (reply, exin) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    assert!(env.fleet().with_state(0, |s| s.boots).await.unwrap() >= 2);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mgmt_cmd_download_finishes_with_the_transfer() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let exra = download_args("http://files.example/fw-2.0.bin", 0);
    let cmd = command(&env, "fw", 4, &format!("cse-in/{node}"), exra).await;
    let (reply, exin) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    assert_eq!(
        device_value(&env, 0, "Device.DeviceInfo.SoftwareVersion")
            .await
            .as_deref(),
        Some("fw-2.0.bin")
    );
    env.stop().await;
}
