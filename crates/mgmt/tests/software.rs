//! Software on simulated CPEs: mgmtCmd SOFTWAREINSTALL / SOFTWAREUNINSTALL (TS-0006
//! 8.2.1.4, 8.2.1.5) with every DUStateChangeComplete fault of Table 8.2.1.5-1, and the
//! executable attributes of a `[software]` mgmtObj (TS-0006 7.10).
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;

use common::{ADMIN, Env, Options, assert_rsc, command, execute, fault_table, finished, node_name};
use cpe_sim::DeviceState;
use mgmt::tables::exec::ExecRpc;
use serde_json::{Value, json};

/// The DU the simulator ships with (home gateway model).
const SHIPPED_DU: &str = "6f1d2c3b-5a4e-5f60-8b71-9c0d1e2f3a4b";
const NEW_DU: &str = "0b5e2a71-8c3d-4f5e-9a6b-7c8d9e0f1a2b";
const SM: &str = "Device.SoftwareModules.";

/// Table 8.2.1.5-1 of the CR, DUStateChangeComplete fault → execResult, every row, numbers
/// of Table 6.3.4.2.16-1 — written out from the spec, not read from `mgmt::tables`.
const DU_STATE_CHANGE_COMPLETE_TABLE: &[(u32, u64)] = &[
    (9001, 2),  // STATUS_REQUEST_DENIED
    (9003, 5),  // STATUS_INVALID_ARGUMENTS
    (9012, 8),  // STATUS_FILE_TRANSFER_SERVER_AUTHENTICATION_FAILURE
    (9013, 9),  // STATUS_UNSUPPORTED_PROTOCOL
    (9015, 12), // STATUS_FILE_TRANSFER_FAILED_SERVER_CONTACT_FAILED
    (9016, 13), // STATUS_FILE_TRANSFER_FAILED_FILE_ACCESS_FAILED
    (9017, 14), // STATUS_FILE_TRANSFER_FAILED_DOWNLOAD_INCOMPLETE
    (9018, 15), // STATUS_FILE_TRANSFER_FAILED_FILE_CORRUPTED
    (9022, 20), // STATUS_INVALID_UUID_FORMAT
    (9023, 21), // STATUS_UNKNOWN_EXECUTION_ENVIRONMENT
    (9024, 22), // STATUS_DISABLED_EXECUTION_ENVIRONMENT
    (9025, 23), // STATUS_EXECUTION_ENVIRONMENT_MISMATCH
    (9026, 24), // STATUS_DUPLICATE_DEPLOYMENT_UNIT
    (9027, 25), // STATUS_SYSTEM_RESOURCES_EXCEEDED
    (9028, 26), // STATUS_UNKNOWN_DEPLOYMENT_UNIT
    (9029, 27), // STATUS_INVALID_DEPLOYMENT_UNIT_STATE
    (9030, 28), // STATUS_INVALID_DEPLOYMENT_UNIT_UPDATE_DOWNGRADE_DISALLOWED
    (9031, 29), // STATUS_INVALID_DEPLOYMENT_UNIT_UPDATE_UPGRADE_DISALLOWED
    (9032, 30), // STATUS_INVALID_DEPLOYMENT_UNIT_UPDATE_VERSION_EXISTS
];

/// The device's deployment units as (UUID, Name, Version, URL), by instance path.
fn deployment_units(s: &DeviceState) -> HashMap<String, (String, String, String, String)> {
    s.model
        .instances(&format!("{SM}DeploymentUnit."))
        .into_iter()
        .map(|du| {
            let field = |name: &str| {
                s.model
                    .value(&format!("{du}{name}"))
                    .unwrap_or_default()
                    .to_string()
            };
            let row = (field("UUID"), field("Name"), field("Version"), field("URL"));
            (du, row)
        })
        .collect()
}

async fn units(env: &Env, device: usize) -> HashMap<String, (String, String, String, String)> {
    env.fleet()
        .with_state(device, |s| deployment_units(s))
        .await
        .unwrap()
}

fn install_args(url: &str, uuid: &str) -> Value {
    json!({"swin": [{"url": url, "uuid": uuid, "unm": "", "pwd": "", "eer": ""}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn software_install_and_uninstall_commands_change_the_deployment_units() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let before = units(&env, 0).await;
    assert_eq!(before.len(), 1);
    assert!(before.values().any(|du| du.0 == SHIPPED_DU));

    let url = "http://files.example/pkg/weather-station_1.4.0.ipk";
    let cmd = command(
        &env,
        "install",
        5,
        &format!("cse-in/{node}"),
        install_args(url, NEW_DU),
    )
    .await;
    let (reply, exin) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    let after = units(&env, 0).await;
    assert_eq!(after.len(), 2, "{after:?}");
    let installed = after.values().find(|du| du.0 == NEW_DU).unwrap();
    assert_eq!(
        (
            installed.1.as_str(),
            installed.2.as_str(),
            installed.3.as_str()
        ),
        ("weather-station", "1.4.0", url)
    );

    let exra = json!({"swun": [{"uuid": SHIPPED_DU, "vr": "", "eer": ""}]});
    let cmd = command(&env, "uninstall", 6, &format!("cse-in/{node}"), exra).await;
    let (reply, exin) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    let left = units(&env, 0).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left.values().all(|du| du.0 == NEW_DU));
    assert_eq!(
        common::device_value(&env, 0, &format!("{SM}DeploymentUnitNumberOfEntries"))
            .await
            .as_deref(),
        Some("1")
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_du_state_change_complete_fault_of_table_8_2_1_5_1_becomes_its_exec_result() {
    let url = "http://files.example/pkg/weather-station_1.4.0.ipk";
    let env = fault_table(
        "DU",
        5,
        install_args(url, NEW_DU),
        |fault| format!("du={fault}"),
        DU_STATE_CHANGE_COMPLETE_TABLE,
    )
    .await;
    common::covers_the_table(
        ExecRpc::DuStateChangeComplete,
        DU_STATE_CHANGE_COMPLETE_TABLE,
    );
    // A failed operation leaves the deployment units as they were.
    for (i, (fault, _)) in DU_STATE_CHANGE_COMPLETE_TABLE.iter().enumerate() {
        let left = units(&env, i).await;
        assert_eq!(left.len(), 1, "fault {fault}: {left:?}");
        assert!(left.values().all(|du| du.0 == SHIPPED_DU), "fault {fault}");
    }
    env.stop().await;
}

/// Table 8.2.1.4-1: ChangeDUState's own faults.
const CHANGE_DU_STATE_TABLE: &[(u32, u64)] = &[
    (9000, 1), // STATUS_REQUEST_UNSUPPORTED
    (9001, 2), // STATUS_REQUEST_DENIED
    (9002, 4), // STATUS_INTERNAL_ERROR
    (9004, 6), // STATUS_RESOURCES_EXCEEDED
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_du_state_fault_of_table_8_2_1_4_1_becomes_its_exec_result() {
    let exra = json!({"swun": [{"uuid": SHIPPED_DU, "vr": "", "eer": ""}]});
    let env = fault_table(
        "CD",
        6,
        exra,
        |fault| format!("ChangeDUState={fault}"),
        CHANGE_DU_STATE_TABLE,
    )
    .await;
    common::covers_the_table(ExecRpc::ChangeDuState, CHANGE_DU_STATE_TABLE);
    for (i, (fault, _)) in CHANGE_DU_STATE_TABLE.iter().enumerate() {
        let left = units(&env, i).await;
        assert!(left.values().any(|du| du.0 == SHIPPED_DU), "fault {fault}");
    }
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_software_mgmt_obj_installs_activates_and_uninstalls_on_the_device() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let url = "http://files.example/pkg/weather-station_1.4.0.ipk";
    // TS-0004 D.3: vr, swn and url are mandatory on Create; in/un/act/dea are not
    // permitted there.
    let created = env
        .client
        .create(
            &format!("/cse-in/{node}"),
            ADMIN,
            13,
            json!({"m2m:swr": {"rn": "weather", "mgd": 1002, "swn": "weather-station",
                "vr": "1.4.0", "url": url}}),
        )
        .await;
    assert_rsc(&created, 2001);
    let path = format!("/cse-in/{node}/weather");
    assert_eq!(units(&env, 0).await.len(), 1, "nothing installed yet");

    // install → ChangeDUState (InstallOpStruct), in process until DUStateChangeComplete.
    let reply = env
        .client
        .update(&path, ADMIN, json!({"m2m:swr": {"in": true}}))
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(
        reply.attrs()["in"],
        json!(false),
        "the trigger reads false again"
    );
    // TS-0006 7.10: "In process" between ChangeDUState and DUStateChangeComplete (the
    // simulator completes 300 ms after the session).
    assert_eq!(reply.attrs()["ins"], json!({"acn": "in", "sus": 3}));
    common::eventually(
        "installStatus successful",
        std::time::Duration::from_secs(15),
        || async { env.attrs(&path).await["ins"] == json!({"acn": "in", "sus": 1}) },
    )
    .await;
    let after = units(&env, 0).await;
    assert_eq!(after.len(), 2, "{after:?}");
    let (du_path, du) = after.iter().find(|(_, du)| du.3 == url).unwrap();
    assert_eq!((du.1.as_str(), du.2.as_str()), ("weather-station", "1.4.0"));
    let sw = env.attrs(&path).await;
    assert_eq!(sw["obps"], json!([du_path]), "bound to the new DU");

    // activate → SetParameterValues of the EU's RequestedState = Active.
    let eu = common::device_value(&env, 0, &format!("{du_path}ExecutionUnitList"))
        .await
        .unwrap();
    assert!(!eu.is_empty());
    assert_eq!(
        common::device_value(&env, 0, &format!("{eu}.RequestedState"))
            .await
            .as_deref(),
        Some("Idle")
    );
    let reply = env
        .client
        .update(&path, ADMIN, json!({"m2m:swr": {"act": true}}))
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(reply.attrs()["act"], json!(false));
    for (name, value) in [("RequestedState", "Active"), ("Status", "Active")] {
        assert_eq!(
            common::device_value(&env, 0, &format!("{eu}.{name}"))
                .await
                .as_deref(),
            Some(value),
            "{eu}.{name}"
        );
    }

    // uninstall → ChangeDUState (UninstallOpStruct) with the DU's UUID.
    let reply = env
        .client
        .update(&path, ADMIN, json!({"m2m:swr": {"un": true}}))
        .await;
    assert_rsc(&reply, 2004);
    assert_eq!(reply.attrs()["un"], json!(false));
    common::eventually(
        "uninstall successful",
        std::time::Duration::from_secs(15),
        || async { env.attrs(&path).await["ins"] == json!({"acn": "un", "sus": 1}) },
    )
    .await;
    let left = units(&env, 0).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left.values().all(|du| du.0 == SHIPPED_DU));
    let sw = env.attrs(&path).await;
    assert!(sw.get("obps").is_none(), "no longer bound: {sw:?}");
    env.stop().await;
}
