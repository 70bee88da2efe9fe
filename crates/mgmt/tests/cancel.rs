//! Cancel and Delete of running commands (TS-0006 8.2.2–8.2.4, reference §4.3): a file
//! transfer not started yet is cancelled with CancelTransfer; one the CPE will not cancel
//! (9021) stays pending; a finished one is already complete (6028); a reboot cannot be
//! cancelled (6029, STATUS_NON_CANCELLABLE); a mgmtCmd goes only when its running children
//! could be stopped.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{
    ADMIN, Env, Options, assert_error, assert_rsc, behaviour, command, download_args, eventually,
    execute, finished, instances, misbehave, node_name, wait_exs,
};
use mgmt::tables::exec::ExecRpc;
use serde_json::json;
use store::TaskState;

const CANCEL: &str = r#"{"m2m:exin": {"exd": true}}"#;

async fn cancel(env: &Env, exin: &str) -> common::Reply {
    env.client
        .update(exin, ADMIN, serde_json::from_str(CANCEL).unwrap())
        .await
}

/// How many transfers the simulated device holds.
async fn transfers(env: &Env) -> usize {
    env.fleet()
        .with_state(0, |s| s.transfers.len())
        .await
        .unwrap()
}

/// The CancelTransfer tasks the ACS ran for the device, with their final state.
async fn cancel_transfers(env: &Env, device: &str) -> Vec<TaskState> {
    let tasks = env.store_tasks(device).await;
    tasks
        .into_iter()
        .filter(|t| t.steps.iter().any(|s| s.method == "CancelTransfer"))
        .map(|t| t.state)
        .collect()
}

/// A download the device accepts and starts only after 30 s: running, and cancellable.
async fn delayed_download(env: &Env, node: &str, name: &str) -> (String, String) {
    let exra = download_args("http://files.example/fw-2.0.bin", 30);
    let cmd = command(env, name, 4, &format!("cse-in/{node}"), exra).await;
    let (reply, exin) = execute(env, &cmd).await;
    assert_rsc(&reply, 2004);
    let running = env.attrs(&exin).await;
    assert_eq!(
        (running["exs"].clone(), running["exr"].clone()),
        (json!(2), json!(31)),
        "PENDING / STATUS_NOT_FINISHED"
    );
    assert_eq!(transfers(env).await, 1);
    (cmd, exin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_of_a_download_not_started_sends_cancel_transfer() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let (_, exin) = delayed_download(&env, &node, "fw").await;
    let reply = cancel(&env, &exin).await;
    assert_rsc(&reply, 2004);
    assert_eq!(
        (reply.attrs()["exs"].clone(), reply.attrs()["exr"].clone()),
        (json!(5), json!(0)),
        "CANCELLED, STATUS_SUCCESS"
    );
    assert_eq!(reply.attrs()["exd"], json!(false));
    let stored = env.attrs(&exin).await;
    assert_eq!(
        (stored["exs"].clone(), stored["exr"].clone()),
        (json!(5), json!(0))
    );
    assert_eq!(transfers(&env).await, 0, "the device gave the transfer up");
    assert_eq!(cancel_transfers(&env, &node).await, [TaskState::Done]);
    // Cancelled is final: cancelling again is "already complete".
    assert_error(&cancel(&env, &exin).await, 6028);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_refused_with_9021_leaves_the_download_pending() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    misbehave(&env, 0, &["CancelTransfer=9021"]).await;
    let (_, exin) = delayed_download(&env, &node, "fw").await;
    let reply = cancel(&env, &exin).await;
    assert_error(&reply, 6026);
    let stored = env.attrs(&exin).await;
    // Table 8.2.3-1: 9021 → STATUS_CANCELLATION_DENIED (3); the transfer goes on.
    assert_eq!(
        (stored["exs"].clone(), stored["exr"].clone()),
        (json!(2), json!(3))
    );
    assert_eq!(stored["exd"], json!(false));
    assert_eq!(
        transfers(&env).await,
        1,
        "the device still holds the transfer"
    );
    assert_eq!(cancel_transfers(&env, &node).await, [TaskState::Faulted]);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_of_a_finished_download_is_already_complete() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let exra = download_args("http://files.example/fw-2.0.bin", 0);
    let cmd = command(&env, "fw", 4, &format!("cse-in/{node}"), exra).await;
    let (reply, exin) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    assert_error(&cancel(&env, &exin).await, 6028);
    let after = env.attrs(&exin).await;
    assert_eq!(
        (after["exs"].clone(), after["exr"].clone()),
        (json!(3), json!(0)),
        "unchanged"
    );
    assert!(cancel_transfers(&env, &node).await.is_empty(), "no RPC");
    // A finished execInstance is deleted without ado.
    assert_rsc(&env.client.delete(&exin, ADMIN).await, 2002);
    assert_rsc(&env.get(&exin).await, 4004);
    env.stop().await;
}

/// A reboot the device answers only after `Reboot=delay:3s`: the execInstance is PENDING
/// while the Execute waits. Returns the command, the instance and the Execute in flight.
async fn slow_reboot(
    env: &Env,
    node: &str,
) -> (String, String, tokio::task::JoinHandle<common::Reply>) {
    let cmd = command(
        env,
        "reboot",
        2,
        &format!("cse-in/{node}"),
        serde_json::Value::Null,
    )
    .await;
    let client = env.client;
    let path = cmd.clone();
    let executing = tokio::spawn(async move {
        client
            .update(&path, ADMIN, json!({"m2m:mgc": {"exe": true}}))
            .await
    });
    eventually(
        "the reboot's execInstance",
        Duration::from_secs(5),
        || async { !instances(env, &cmd).await.is_empty() },
    )
    .await;
    let exin = instances(env, &cmd).await.pop().unwrap();
    let pending = wait_exs(env, &exin, 2, Duration::from_secs(5)).await;
    assert_eq!(pending["exs"], json!(2));
    (cmd, exin, executing)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_of_a_running_reboot_is_refused_and_marks_it_non_cancellable() {
    let env = Env::start(Options {
        behaviour: behaviour(&["Reboot=delay:3s"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let boots = env.fleet().with_state(0, |s| s.boots).await.unwrap();
    let (_, exin, executing) = slow_reboot(&env, &node).await;
    let reply = cancel(&env, &exin).await;
    assert_error(&reply, 6029);
    assert_eq!(
        env.attrs(&exin).await["exs"],
        json!(6),
        "STATUS_NON_CANCELLABLE"
    );
    assert!(cancel_transfers(&env, &node).await.is_empty(), "no RPC");
    // The reboot goes on and finishes once the device is back.
    assert_rsc(&executing.await.unwrap(), 2004);
    let done = finished(&env, &exin).await;
    assert_eq!(done["exr"], json!(0));
    assert!(env.fleet().with_state(0, |s| s.boots).await.unwrap() > boots);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_of_a_mgmt_cmd_cancels_its_running_download_first() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let (cmd, exin) = delayed_download(&env, &node, "fw").await;
    let reply = env.client.delete(&cmd, ADMIN).await;
    assert_rsc(&reply, 2002);
    assert_rsc(&env.get(&cmd).await, 4004);
    assert_rsc(&env.get(&exin).await, 4004);
    assert_eq!(cancel_transfers(&env, &node).await, [TaskState::Done]);
    assert_eq!(
        transfers(&env).await,
        0,
        "CancelTransfer reached the device"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_of_a_mgmt_cmd_with_a_running_reboot_is_refused() {
    let env = Env::start(Options {
        behaviour: behaviour(&["Reboot=delay:3s"]),
        ..Options::default()
    })
    .await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let (cmd, exin, executing) = slow_reboot(&env, &node).await;
    let reply = env.client.delete(&cmd, ADMIN).await;
    assert_error(&reply, 6029);
    assert_rsc(&env.get(&cmd).await, 2000);
    assert_eq!(
        env.attrs(&exin).await["exs"],
        json!(6),
        "STATUS_NON_CANCELLABLE"
    );
    assert_rsc(&executing.await.unwrap(), 2004);
    finished(&env, &exin).await;
    // Once it finished, the command goes.
    assert_rsc(&env.client.delete(&cmd, ADMIN).await, 2002);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_of_a_running_exec_instance_cancels_its_download() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    let (cmd, exin) = delayed_download(&env, &node, "fw").await;
    assert_rsc(&env.client.delete(&exin, ADMIN).await, 2002);
    assert_rsc(&env.get(&exin).await, 4004);
    assert_rsc(&env.get(&cmd).await, 2000);
    assert_eq!(cancel_transfers(&env, &node).await, [TaskState::Done]);
    assert_eq!(transfers(&env).await, 0);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletes_refused_by_the_device_keep_the_resources() {
    let env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    misbehave(&env, 0, &["CancelTransfer=9021"]).await;
    let (cmd, exin) = delayed_download(&env, &node, "fw").await;
    // Delete of the execInstance: Table 8.2.4-1, 9021 → STATUS_CANCELLATION_DENIED (3).
    assert_error(&env.client.delete(&exin, ADMIN).await, 6026);
    let kept = env.attrs(&exin).await;
    assert_eq!(
        (kept["exs"].clone(), kept["exr"].clone()),
        (json!(2), json!(3))
    );
    // Delete of the mgmtCmd: Table 8.2.2-1, the same; both stay.
    assert_error(&env.client.delete(&cmd, ADMIN).await, 6026);
    assert_rsc(&env.get(&cmd).await, 2000);
    let kept = env.attrs(&exin).await;
    assert_eq!(
        (kept["exs"].clone(), kept["exr"].clone()),
        (json!(2), json!(3))
    );
    assert_eq!(
        cancel_transfers(&env, &node).await,
        [TaskState::Faulted, TaskState::Faulted]
    );
    assert_eq!(transfers(&env).await, 1, "the transfer goes on");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_not_yet_sent_to_an_unreachable_device_is_cancelled_locally() {
    let mut env = Env::start(Options::default()).await;
    let node = node_name("MG", 0);
    env.discovered(&node, 8).await;
    env.fleet.take().unwrap().shutdown().await;
    let cmd = command(
        &env,
        "reboot",
        2,
        &format!("cse-in/{node}"),
        serde_json::Value::Null,
    )
    .await;
    let reply = env
        .client
        .send(
            common::Req::new("PUT", &cmd)
                .origin(ADMIN)
                .header("X-M2M-RET", "1000")
                .json(&json!({"m2m:mgc": {"exe": true}})),
        )
        .await;
    // The device did not take it in time; the task waits for the device (objects.rs and
    // commands.rs document it), the execInstance stays INITIATED.
    assert_error(&reply, 4008);
    let exin = instances(&env, &cmd).await.pop().unwrap();
    assert_eq!(env.attrs(&exin).await["exs"], json!(1));
    let reply = cancel(&env, &exin).await;
    assert_rsc(&reply, 2004);
    assert_eq!(reply.attrs()["exs"], json!(5));
    let tasks = env.store_tasks(&node).await;
    let reboot = tasks
        .iter()
        .find(|t| t.steps.iter().any(|s| s.method == "Reboot"))
        .unwrap();
    assert_eq!(reboot.state, TaskState::Cancelled, "withdrawn, never sent");
    assert!(cancel_transfers(&env, &node).await.is_empty(), "no RPC");
    env.stop().await;
}

/// Table 8.2.3-1, CancelTransfer fault → execResult (9021's cell read as the CR's
/// introduction says, reference §4.4), and 9004, which TR-069 allows on CancelTransfer and
/// the CR's table dropped, by the one function of reference §4.1.
const CANCEL_TRANSFER_TABLE: &[(u32, u64)] = &[
    (9000, 1), // STATUS_REQUEST_UNSUPPORTED
    (9001, 2), // STATUS_REQUEST_DENIED
    (9021, 3), // STATUS_CANCELLATION_DENIED
    (9004, 6), // STATUS_RESOURCES_EXCEEDED [PROPOSED]
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cancel_transfer_fault_becomes_its_exec_result() {
    for rpc in [
        ExecRpc::CancelTransferOnCancel,
        ExecRpc::CancelTransferOnDeleteCommand,
        ExecRpc::CancelTransferOnDeleteInstance,
    ] {
        common::covers_the_table(rpc, CANCEL_TRANSFER_TABLE);
    }
    let env = Env::start(Options {
        devices: CANCEL_TRANSFER_TABLE.len(),
        serial_prefix: "CT",
        ..Options::default()
    })
    .await;
    let mut members = Vec::new();
    let mut row_of_node = std::collections::HashMap::new();
    for (i, &(fault, exr)) in CANCEL_TRANSFER_TABLE.iter().enumerate() {
        let node = node_name("CT", i);
        env.discovered(&node, 8).await;
        misbehave(&env, i, &[&format!("CancelTransfer={fault}")]).await;
        let ri = common::ri_of(&env, &format!("/cse-in/{node}")).await;
        members.push(serde_json::Value::String(ri.clone()));
        row_of_node.insert(ri, (fault, exr));
    }
    let group = env
        .client
        .create(
            "/cse-in",
            ADMIN,
            9,
            json!({"m2m:grp": {"rn": "all", "mt": 14, "mnm": members.len(), "mid": members}}),
        )
        .await;
    assert_rsc(&group, 2001);
    let exra = download_args("http://files.example/fw-2.0.bin", 30);
    let cmd = command(&env, "fw", 4, "cse-in/all", exra).await;
    let (reply, _) = execute(&env, &cmd).await;
    assert_rsc(&reply, 2004);
    for exin in instances(&env, &cmd).await {
        let node = env.attrs(&exin).await["ext"].as_str().unwrap().to_string();
        let (fault, exr) = row_of_node[&node];
        assert_error(&cancel(&env, &exin).await, 6026);
        let kept = env.attrs(&exin).await;
        assert_eq!(
            (kept["exs"].clone(), kept["exr"].clone()),
            (json!(2), json!(exr)),
            "CancelTransfer fault {fault}"
        );
    }
    env.stop().await;
}
