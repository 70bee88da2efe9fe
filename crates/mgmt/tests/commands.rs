//! `<mgmtCmd>`s on simulated CPEs (TS-0006 8.2.1): every fault of the Download, Upload,
//! TransferComplete, Reboot and FactoryReset tables becomes the execInstance's execResult,
//! an upload finishes, and a subscriber of an execInstance hears it finish.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{
    ADMIN, Env, Options, Receiver, assert_rsc, command, device_value, download_args, eventually,
    execute, fault_table, finished, node_name,
};
use mgmt::tables::exec::ExecRpc;
use serde_json::{Value, json};

/// Table 8.2.1.3-2 of the CR (TS-0006-8.2-mgmtCmd-execInstance-TR-069-mapping-CR.txt),
/// TransferComplete fault → execResult, every row, numbers of Table 6.3.4.2.16-1 — written
/// out here from the spec, not read from `mgmt::tables`, so that a wrong table fails.
const TRANSFER_COMPLETE_TABLE: &[(u32, u64)] = &[
    (9001, 2),  // STATUS_REQUEST_DENIED
    (9002, 4),  // STATUS_INTERNAL_ERROR
    (9010, 7),  // STATUS_FILE_TRANSFER_FAILED
    (9011, 10), // STATUS_UPLOAD_FAILED
    (9012, 8),  // STATUS_FILE_TRANSFER_SERVER_AUTHENTICATION_FAILURE
    (9014, 11), // STATUS_FILE_TRANSFER_FAILED_MULTICAST_GROUP_UNABLE_JOIN
    (9015, 12), // STATUS_FILE_TRANSFER_FAILED_SERVER_CONTACT_FAILED
    (9016, 13), // STATUS_FILE_TRANSFER_FAILED_FILE_ACCESS_FAILED
    (9017, 14), // STATUS_FILE_TRANSFER_FAILED_DOWNLOAD_INCOMPLETE
    (9018, 15), // STATUS_FILE_TRANSFER_FAILED_FILE_CORRUPTED
    (9019, 16), // STATUS_FILE_TRANSFER_FILE_AUTHENTICATION_FAILURE
    (9020, 19), // STATUS_FILE_TRANSFER_WINDOW_EXCEEDED
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_transfer_complete_fault_of_table_8_2_1_3_2_becomes_its_exec_result() {
    let exra = download_args("http://files.example/fw-9.9.bin", 0);
    let env = fault_table(
        "TC",
        4,
        exra,
        |fault| format!("transfer={fault}"),
        TRANSFER_COMPLETE_TABLE,
    )
    .await;
    common::covers_the_table(ExecRpc::TransferComplete, TRANSFER_COMPLETE_TABLE);
    // A failed firmware transfer changes nothing on the device.
    for (i, (fault, _)) in TRANSFER_COMPLETE_TABLE.iter().enumerate() {
        assert_eq!(
            device_value(&env, i, "Device.DeviceInfo.SoftwareVersion")
                .await
                .as_deref(),
            Some("1.0.0"),
            "fault {fault}"
        );
    }
    env.stop().await;
}

/// Table 8.2.1.1-1: the Download's own faults (9013 is the synchronous one the
/// TransferComplete table lacks).
const DOWNLOAD_TABLE: &[(u32, u64)] = &[
    (9000, 1), // STATUS_REQUEST_UNSUPPORTED
    (9001, 2), // STATUS_REQUEST_DENIED
    (9002, 4), // STATUS_INTERNAL_ERROR
    (9003, 5), // STATUS_INVALID_ARGUMENTS
    (9004, 6), // STATUS_RESOURCES_EXCEEDED
    (9010, 7), // STATUS_FILE_TRANSFER_FAILED
    (9012, 8), // STATUS_FILE_TRANSFER_SERVER_AUTHENTICATION_FAILURE
    (9013, 9), // STATUS_UNSUPPORTED_PROTOCOL
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_download_fault_of_table_8_2_1_1_1_becomes_its_exec_result() {
    let exra = download_args("ftp://files.example/fw-2.0.bin", 0);
    let env = fault_table(
        "DL",
        4,
        exra,
        |fault| format!("Download={fault}"),
        DOWNLOAD_TABLE,
    )
    .await;
    common::covers_the_table(ExecRpc::Download, DOWNLOAD_TABLE);
    for (i, (fault, _)) in DOWNLOAD_TABLE.iter().enumerate() {
        let held = env
            .fleet()
            .with_state(i, |s| s.transfers.len())
            .await
            .unwrap();
        assert_eq!(held, 0, "fault {fault}: no transfer accepted");
        assert_eq!(
            device_value(&env, i, "Device.DeviceInfo.SoftwareVersion")
                .await
                .as_deref(),
            Some("1.0.0"),
            "fault {fault}"
        );
    }
    env.stop().await;
}

/// Table 8.2.1.2-1: the Upload's own faults.
const UPLOAD_TABLE: &[(u32, u64)] = &[
    (9000, 1),  // STATUS_REQUEST_UNSUPPORTED
    (9001, 2),  // STATUS_REQUEST_DENIED
    (9002, 4),  // STATUS_INTERNAL_ERROR
    (9003, 5),  // STATUS_INVALID_ARGUMENTS
    (9004, 6),  // STATUS_RESOURCES_EXCEEDED
    (9011, 10), // STATUS_UPLOAD_FAILED
    (9012, 8),  // STATUS_FILE_TRANSFER_SERVER_AUTHENTICATION_FAILURE
    (9013, 9),  // STATUS_UNSUPPORTED_PROTOCOL
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_upload_fault_of_table_8_2_1_2_1_becomes_its_exec_result() {
    let env = fault_table(
        "UL",
        3,
        upload_args(),
        |fault| format!("Upload={fault}"),
        UPLOAD_TABLE,
    )
    .await;
    common::covers_the_table(ExecRpc::Upload, UPLOAD_TABLE);
    env.stop().await;
}

/// Table 8.2.1.6-1 (Reboot) and Table 8.2.1.7-1 (FactoryReset).
const REBOOT_TABLE: &[(u32, u64)] = &[(9001, 2), (9002, 4), (9003, 5)];
const FACTORY_RESET_TABLE: &[(u32, u64)] = &[(9000, 1), (9001, 2), (9002, 4), (9003, 5)];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reboot_and_factory_reset_faults_become_their_exec_results() {
    let env = fault_table(
        "RB",
        2,
        Value::Null,
        |fault| format!("Reboot={fault}"),
        REBOOT_TABLE,
    )
    .await;
    common::covers_the_table(ExecRpc::Reboot, REBOOT_TABLE);
    for i in 0..REBOOT_TABLE.len() {
        assert_eq!(
            env.fleet().with_state(i, |s| s.boots).await,
            Some(1),
            "no reboot"
        );
    }
    env.stop().await;
    let env = fault_table(
        "FR",
        1,
        Value::Null,
        |fault| format!("FactoryReset={fault}"),
        FACTORY_RESET_TABLE,
    )
    .await;
    common::covers_the_table(ExecRpc::FactoryReset, FACTORY_RESET_TABLE);
    for i in 0..FACTORY_RESET_TABLE.len() {
        assert_eq!(
            env.fleet().with_state(i, |s| s.boots).await,
            Some(1),
            "no reset"
        );
    }
    env.stop().await;
}

fn upload_args() -> Value {
    json!({"uld": [{"ftyp": "4 Vendor Log File 1",
        "url": "http://127.0.0.1:9/uploads/log-1.txt", "unm": "", "pwd": ""}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mgmt_cmd_upload_finishes_with_the_transfer() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let cmd = command(
        &env,
        "upload-log",
        3,
        &format!("cse-in/{node}"),
        upload_args(),
    )
    .await;
    let (reply, exin) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    // The device has no transfer left.
    let queued = env
        .fleet()
        .with_state(0, |s| s.transfers.len())
        .await
        .unwrap();
    assert_eq!(queued, 0);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_of_an_exec_instance_is_notified_when_it_finishes() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    // The device starts the transfer 2 s after accepting it: time to subscribe.
    let exra = download_args("http://files.example/fw-3.0.bin", 2);
    let cmd = command(&env, "fw", 4, &format!("cse-in/{node}"), exra).await;
    let (reply, exin) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    let pending = env.attrs(&exin).await;
    assert_eq!(
        (pending["exs"].clone(), pending["exr"].clone()),
        (json!(2), json!(31)),
        "PENDING, STATUS_NOT_FINISHED while the transfer runs"
    );

    let receiver = Receiver::start().await;
    let sub = env
        .client
        .create(
            &exin,
            ADMIN,
            23,
            json!({"m2m:sub": {"rn": "watch", "nu": [receiver.url], "enc": {"net": [1]}}}),
        )
        .await;
    assert_rsc(&sub, 2001);
    // The verification request came first (TS-0004 7.5.1.2.2).
    let first = receiver.all();
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0].body["m2m:sgn"]["vrq"], json!(true));

    let finished_notification = |body: &Value| {
        let rep = &body["m2m:sgn"]["nev"]["rep"]["m2m:exin"];
        rep["exs"] == json!(3)
    };
    eventually(
        "a notification of the FINISHED execInstance",
        Duration::from_secs(15),
        || async {
            receiver
                .all()
                .iter()
                .any(|r| finished_notification(&r.body))
        },
    )
    .await;
    let all = receiver.all();
    let notification = all.iter().find(|r| finished_notification(&r.body)).unwrap();
    let sgn = &notification.body["m2m:sgn"];
    assert_eq!(sgn["nev"]["net"], json!(1));
    assert_eq!(sgn["nev"]["rep"]["m2m:exin"]["exr"], json!(0));
    let sub_ri = sub.attrs()["ri"].as_str().unwrap();
    assert!(
        sgn["sur"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/{sub_ri}")),
        "{sgn}"
    );
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_execute_the_device_answers_too_late_times_out_and_still_finishes() {
    // The originator waits 1 s; the CPE answers the Download after 2 s.
    let env = Env::start(Options {
        behaviour: common::behaviour(&["Download=delay:2s"]),
        device_wait: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let exra = download_args("http://files.example/fw-2.0.bin", 0);
    let cmd = command(&env, "fw", 4, &format!("cse-in/{node}"), exra).await;
    let (reply, exin) = execute(&env, &cmd).await;
    common::assert_error(&reply, 4008);
    // The RPC was on its way: the execInstance follows the device all the same.
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
