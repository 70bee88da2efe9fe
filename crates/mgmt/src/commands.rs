//! `<mgmtCmd>` and `<execInstance>` on TR-069 devices, as TS-0006 8.2 (the CR) has it:
//! Execute queues the RPC the cmdType names and answers once the CPE accepted it; the
//! synchronous faults, TransferComplete and DUStateChangeComplete set `exs`/`exr` through
//! the clause's tables; Cancel and Delete send CancelTransfer where a transfer can be
//! cancelled and refuse where nothing can.

use std::time::{Duration, Instant};

use acs::{Awaited, TaskRequest};
use cse::{CseError, CseResult, Resource};
use cwmp::Message;
use cwmp::rpc::{
    CancelTransfer, ChangeDuState, Download, DuOperation, FactoryReset, InstallOp, Reboot,
    UninstallOp, UpdateOp, Upload,
};
use onem2m::Rsc;
use serde_json::{Map, Value};
use store::{Task, TaskFault, TaskState};

use crate::device::{self, cse_kinds::EXEC_INSTANCE};
use crate::manager::{Manager, Tracked, attrs};
use crate::signals::Waited;
use crate::tables::exec::{
    CmdType, EXR_INTERNAL_ERROR, EXR_NOT_FINISHED, EXR_SUCCESS, EXS_CANCELLED, EXS_CANCELLING,
    EXS_FINISHED, EXS_INITIATED, EXS_NON_CANCELLABLE, EXS_PENDING, ExecRpc, exec_result,
};

/// Whether an execInstance's command is still running: sent and not finished (the CR's
/// "RUNNING", reference §4.3), or not yet sent.
pub(crate) fn running(exs: Option<u64>) -> bool {
    matches!(
        exs,
        Some(EXS_INITIATED | EXS_PENDING | EXS_CANCELLING | EXS_NON_CANCELLABLE)
    )
}

/// The cmdType behind an execInstance (kept privately: an execInstance has no `cmt`).
fn cmd_type(instance: &Resource) -> Option<CmdType> {
    instance
        .private
        .get("cmt")
        .and_then(Value::as_u64)
        .and_then(CmdType::from_code)
}

/// The first argument block of an execReqArgs (`{"dld": [ {...} ]}`); one RPC per
/// execution, so further blocks are not used.
fn first_block(exra: Option<&Value>) -> Map<String, Value> {
    let Some(Value::Object(choice)) = exra else {
        return Map::new();
    };
    match choice.values().next() {
        Some(Value::Array(blocks)) => blocks
            .first()
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        Some(Value::Object(block)) => block.clone(),
        _ => Map::new(),
    }
}

fn text(args: &Map<String, Value>, name: &str) -> String {
    match args.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn number(args: &Map<String, Value>, name: &str) -> u32 {
    match args.get(name) {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

fn optional(args: &Map<String, Value>, name: &str) -> Option<String> {
    Some(text(args, name)).filter(|s| !s.is_empty())
}

/// The RPC a cmdType and its execReqArgs make (Table 8.2.1.0-1; arguments per reference
/// §3.4). The CommandKey is left empty for the ACS to generate. An Err is a conversion
/// failure (6025 MGMT_CONVERSION_ERROR).
pub(crate) fn rpc_for(cmt: CmdType, exra: Option<&Value>) -> Result<Message, String> {
    let args = first_block(exra);
    let need = |name: &str, what: &str| {
        optional(&args, name).ok_or_else(|| format!("{what} (`{name}`) is needed"))
    };
    Ok(match cmt {
        CmdType::Reset => Message::FactoryReset(FactoryReset {}),
        CmdType::Reboot => Message::Reboot(Reboot::default()),
        CmdType::Download => Message::Download(Download {
            file_type: optional(&args, "ftyp").unwrap_or_else(|| "1 Firmware Upgrade Image".into()),
            url: need("url", "the file's URL")?,
            username: text(&args, "unm"),
            password: text(&args, "pwd"),
            file_size: number(&args, "fsi"),
            target_file_name: text(&args, "tgf"),
            delay_seconds: number(&args, "dss"),
            success_url: text(&args, "surl"),
            ..Download::default()
        }),
        CmdType::Upload => Message::Upload(Upload {
            file_type: need("ftyp", "the FileType")?,
            url: need("url", "the upload URL")?,
            username: text(&args, "unm"),
            password: text(&args, "pwd"),
            ..Upload::default()
        }),
        CmdType::SoftwareInstall => Message::ChangeDuState(ChangeDuState {
            operations: vec![DuOperation::Install(InstallOp {
                url: need("url", "the package URL")?,
                uuid: optional(&args, "uuid"),
                username: optional(&args, "unm"),
                password: optional(&args, "pwd"),
                execution_env_ref: optional(&args, "eer"),
            })],
            command_key: None,
        }),
        CmdType::SoftwareUninstall => Message::ChangeDuState(ChangeDuState {
            operations: vec![DuOperation::Uninstall(UninstallOp {
                uuid: need("uuid", "the deployment unit's UUID")?,
                version: optional(&args, "vr"),
                execution_env_ref: optional(&args, "eer"),
            })],
            command_key: None,
        }),
        CmdType::SoftwareUpdate => Message::ChangeDuState(ChangeDuState {
            operations: vec![DuOperation::Update(UpdateOp {
                uuid: optional(&args, "uuid"),
                version: optional(&args, "vr"),
                url: optional(&args, "url"),
                username: optional(&args, "unm"),
                password: optional(&args, "pwd"),
            })],
            command_key: None,
        }),
    })
}

/// An xs:duration such as `PT30S`, `PT1M30S`, `P1D` (days, hours, minutes, seconds), as
/// the CSE reads durations.
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let ms = cse::time::parse_duration(text)?;
    Some(Duration::from_millis(u64::try_from(ms).ok()?))
}

/// The state an execInstance takes from its task (reference §4.2 and §4.3). `None`: no
/// change. The flag says the device must come back (BOOT) before it is finished.
fn exec_state(cmt: CmdType, task: &Task) -> Option<(u64, Option<u64>, bool)> {
    Some(match task.state {
        TaskState::Queued => return None,
        TaskState::Sent => (EXS_PENDING, None, false),
        TaskState::Awaiting => (EXS_PENDING, Some(EXR_NOT_FINISHED), false),
        TaskState::Done => match cmt {
            // TS-0006 7.11: a Reboot is done when the device is back (M Reboot, BOOT).
            CmdType::Reboot | CmdType::Reset => (EXS_PENDING, Some(EXR_NOT_FINISHED), true),
            _ => (EXS_FINISHED, Some(EXR_SUCCESS), false),
        },
        TaskState::Faulted => (EXS_FINISHED, Some(fault_result(cmt, task)), false),
        TaskState::Cancelled => (EXS_CANCELLED, None, false),
        // The device never came for it within the task's lifetime: no table has a row for
        // that; STATUS_INTERNAL_ERROR (reference §4.2 [PROPOSED] for unmapped outcomes).
        TaskState::Expired => (EXS_FINISHED, Some(EXR_INTERNAL_ERROR), false),
    })
}

/// execResult of a faulted task: the synchronous RPC's table when the CPE faulted the RPC,
/// the completion's table when the RPC was accepted and TransferComplete or
/// DUStateChangeComplete carried the fault.
fn fault_result(cmt: CmdType, task: &Task) -> u64 {
    let code = task.fault.as_ref().map_or(0, |f| f.code);
    if code == TaskFault::RETRIES_EXHAUSTED || !(9000..=9899).contains(&code) {
        return EXR_INTERNAL_ERROR;
    }
    let table = match cmt.completion() {
        Some(completion) if !task.responses.is_empty() => completion,
        _ => cmt.rpc(),
    };
    exec_result(table, code)
}

/// Execute (TS-0006 8.2.1): runs every execInstance Execute created, in parallel, and
/// returns when each device accepted (or refused) its RPC.
pub(crate) async fn execute(
    manager: &Manager,
    command: &Resource,
    instances: &[String],
    deadline: Instant,
) -> CseResult<cse::Carried<()>> {
    let Some(cmt) = command.u64_attr("cmt").and_then(CmdType::from_code) else {
        return Ok(cse::Carried::NotMine);
    };
    let rpc = rpc_for(cmt, command.attrs.get("exra"))
        .map_err(|why| CseError::new(Rsc::MgmtConversionError, why))?;
    let mut runs = tokio::task::JoinSet::new();
    let mut backed = 0usize;
    for ri in instances {
        let Some(instance) = manager.cse().resource(ri) else {
            continue;
        };
        let node = instance
            .str_attr("ext")
            .and_then(|n| manager.cse().resource(n));
        let Some(device_id) = node.as_ref().and_then(device::device_of_node) else {
            continue; // a node no device backs: the instance stays INITIATED
        };
        backed += 1;
        let manager = manager.clone();
        let rpc = rpc.clone();
        let ri = ri.clone();
        runs.spawn(async move {
            start_instance(&manager, &ri, &device_id, cmt, rpc, &instance, deadline).await
        });
    }
    if backed == 0 {
        return Ok(cse::Carried::NotMine);
    }
    let mut waiting = 0usize;
    let mut errors = Vec::new();
    while let Some(outcome) = runs.join_next().await {
        match outcome {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => waiting += 1,
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(CseError::internal(format!("an execution stopped: {e}"))),
        }
    }
    if let Some(first) = errors.into_iter().next() {
        return Err(first);
    }
    if waiting > 0 {
        // Documented: the tasks stay queued and run when the devices connect; each
        // execInstance stays INITIATED until then and can be cancelled with exd. One whose
        // RPC was sent but not answered yet is PENDING and follows the device as any other.
        return Err(CseError::new(
            Rsc::RequestTimeout,
            format!(
                "{waiting} of {backed} devices did not accept the command in time; their execInstances follow the devices: INITIATED ones run when their devices connect, PENDING ones were sent (cancel them with exd)"
            ),
        ));
    }
    Ok(cse::Carried::Done(()))
}

/// Starts one execInstance: now, or after its delay and for its repetitions (execMode,
/// TS-0004 6.3.4.2.14). `Ok(true)` when the device answered (or the run was scheduled),
/// `Ok(false)` when the deadline passed first.
async fn start_instance(
    manager: &Manager,
    exin: &str,
    device_id: &str,
    cmt: CmdType,
    rpc: Message,
    instance: &Resource,
    deadline: Instant,
) -> CseResult<bool> {
    let mode = instance.u64_attr("exm").unwrap_or(1);
    let delay = instance
        .str_attr("exy")
        .and_then(parse_duration)
        .unwrap_or_default();
    let every = instance
        .str_attr("exf")
        .and_then(parse_duration)
        .unwrap_or_default();
    let times = instance.u64_attr("exn").unwrap_or(1).max(1);
    match mode {
        1 => run_once(manager, exin, device_id, cmt, rpc, deadline).await,
        _ => {
            // Scheduled runs answer at once: the Update cannot wait for the future.
            let (first, repeats) = match mode {
                2 => (Duration::ZERO, times),
                3 => (random_up_to(delay), 1),
                _ => (random_up_to(delay), times),
            };
            let manager = manager.clone();
            let exin = exin.to_string();
            let device_id = device_id.to_string();
            tokio::spawn(async move {
                tokio::time::sleep(first).await;
                for n in 0..repeats {
                    if n > 0 {
                        tokio::time::sleep(every).await;
                    }
                    let still = manager.cse().resource(&exin);
                    if !still.is_some_and(|r| running(r.u64_attr("exs"))) {
                        return; // cancelled or deleted meanwhile
                    }
                    let far = Instant::now() + Duration::from_secs(3600);
                    let _ = run_once(&manager, &exin, &device_id, cmt, rpc.clone(), far).await;
                    // Wait for this run to finish before the next.
                    while manager
                        .cse()
                        .resource(&exin)
                        .is_some_and(|r| r.u64_attr("exs") == Some(EXS_PENDING))
                    {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                    if n + 1 < repeats {
                        let _ = manager
                            .cse()
                            .system_update(
                                &exin,
                                attrs([("exs", Value::from(EXS_INITIATED))]),
                                None,
                            )
                            .await;
                    }
                }
            });
            Ok(true)
        }
    }
}

fn random_up_to(limit: Duration) -> Duration {
    if limit.is_zero() {
        return limit;
    }
    limit.mul_f64(rand::random::<f64>())
}

async fn run_once(
    manager: &Manager,
    exin: &str,
    device_id: &str,
    cmt: CmdType,
    rpc: Message,
    deadline: Instant,
) -> CseResult<bool> {
    let acs = manager.acs();
    let request = TaskRequest {
        lifetime: Some(manager.shared.config.task_lifetime),
        ..TaskRequest::new(rpc)
    };
    let task = acs
        .queue(device_id, request)
        .await
        .map_err(|e| CseError::new(Rsc::MgmtSessionCannotBeEstablished, e.to_string()))?;
    manager.track(
        task.id,
        Tracked::Exec {
            exin: exin.to_string(),
        },
    );
    let mut private = Map::new();
    private.insert("task".into(), Value::from(task.id));
    private.insert("device".into(), Value::String(device_id.to_string()));
    private.insert("cmt".into(), Value::from(cmt as u64));
    if let Some(key) = &task.command_key {
        private.insert("key".into(), Value::String(key.clone()));
    }
    manager
        .cse()
        .system_update(exin, Map::new(), Some(private))
        .await?;
    // Its news until the note above was written found no execInstance to apply to (the RPC
    // sent, PENDING): applied now.
    if let Ok(Some(now)) = acs.store().task(task.id).await
        && now.state != TaskState::Queued
    {
        apply(manager, exin, &now).await;
    }
    match manager
        .shared
        .signals
        .wait(acs, &task, Awaited::Answered, deadline, false)
        .await
    {
        Waited::Reached(task) => {
            apply(manager, exin, &task).await;
            Ok(true)
        }
        Waited::Unreachable | Waited::TimedOut => Ok(false),
    }
}

/// Sets an execInstance from its task, moving only forward: a finished or cancelled
/// instance stays so, and CANCELLING or STATUS_NON_CANCELLABLE are not undone by news that
/// the command is still pending.
pub(crate) async fn apply(manager: &Manager, exin: &str, task: &Task) {
    let _held = manager.exin_guard(exin).await;
    let cse = manager.cse();
    let Some(instance) = cse.resource(exin) else {
        manager.untrack(task.id);
        return;
    };
    if instance.private.get("task").and_then(Value::as_i64) != Some(task.id) {
        return; // a CancelTransfer's task, or an older run
    }
    let Some(cmt) = cmd_type(&instance) else {
        return;
    };
    let Some((exs, exr, boot)) = exec_state(cmt, task) else {
        return;
    };
    let current = instance.u64_attr("exs");
    if matches!(current, Some(EXS_FINISHED | EXS_CANCELLED)) {
        return;
    }
    let exs = if exs == EXS_PENDING && matches!(current, Some(EXS_CANCELLING | EXS_NON_CANCELLABLE))
    {
        current.unwrap_or(exs)
    } else {
        exs
    };
    let mut changes = attrs([("exs", Value::from(exs))]);
    if let Some(exr) = exr {
        changes.insert("exr".into(), Value::from(exr));
    }
    let mut private = instance.private.clone();
    if boot {
        private.insert("boot".into(), Value::String(task.device_id.clone()));
    }
    if exs == EXS_FINISHED || exs == EXS_CANCELLED {
        private.remove("task");
        private.remove("boot");
    }
    if let Err(e) = cse.system_update(exin, changes, Some(private)).await {
        tracing::warn!(exin, error = %e.dbg, "execInstance state not written");
    }
    if boot {
        // Registered only now that PENDING is written, so that the boot's FINISHED always
        // comes after it (both hold this execInstance's guard).
        let key = task.command_key.clone().unwrap_or_default();
        manager.wait_for_boot(&task.device_id, exin, &key);
        // The device may have come back before this was registered (the Inform's event and
        // the task's are handled concurrently, and under load this one can lag by seconds,
        // the device meanwhile in later sessions): then its event log, which the ACS writes
        // before it announces an Inform, already holds the boot.
        if booted_since(manager, &task.device_id, task.updated_ms, &key).await
            && manager.take_boot_wait(&task.device_id, exin)
        {
            finish_booted(manager, exin).await;
        }
    }
}

/// Whether the device has come back since its Reboot/FactoryReset was answered at
/// `since_ms`: an Inform with "M Reboot" and the RPC's CommandKey (proof, whenever it came),
/// or with BOOT/BOOTSTRAP strictly later — an Inform of the same millisecond may be the one
/// that opened the session the RPC went out in. Looks at the device's latest inform events;
/// a device informs a handful of times at most between the answer and the moment its
/// completion is handled.
async fn booted_since(manager: &Manager, device_id: &str, since_ms: i64, key: &str) -> bool {
    const LOOK_BACK: u32 = 32;
    let Ok(events) = manager
        .acs()
        .store()
        .device_events(device_id, LOOK_BACK)
        .await
    else {
        return false;
    };
    events
        .iter()
        .take_while(|e| e.at_ms >= since_ms)
        .filter(|e| e.kind == "inform")
        .filter_map(|e| Some((e.at_ms, serde_json::from_str::<Value>(&e.detail).ok()?)))
        .any(|(at_ms, detail)| {
            detail["events"].as_array().is_some_and(|list| {
                list.iter().any(|event| match event["code"].as_str() {
                    Some("M Reboot") => !key.is_empty() && event["command_key"] == key,
                    Some("1 BOOT" | "0 BOOTSTRAP") => at_ms > since_ms,
                    _ => false,
                })
            })
        })
}

/// A Reboot or FactoryReset execInstance whose device came back.
pub(crate) async fn finish_after_boot(manager: &Manager, exin: &str) {
    let _held = manager.exin_guard(exin).await;
    finish_booted(manager, exin).await;
}

/// [`finish_after_boot`] with the execInstance's guard held.
async fn finish_booted(manager: &Manager, exin: &str) {
    let cse = manager.cse();
    let Some(instance) = cse.resource(exin) else {
        return;
    };
    if !running(instance.u64_attr("exs")) {
        return;
    }
    let mut private = instance.private.clone();
    private.remove("task");
    private.remove("boot");
    let changes = attrs([
        ("exs", Value::from(EXS_FINISHED)),
        ("exr", Value::from(EXR_SUCCESS)),
    ]);
    if let Err(e) = cse.system_update(exin, changes, Some(private)).await {
        tracing::warn!(exin, error = %e.dbg, "execInstance state not written");
    }
}

/// What stopping a running execInstance came to.
enum Stopped {
    /// Nothing was running (6028 for a Cancel; a Delete simply goes on).
    NotRunning,
    /// Cancelled (locally before it was sent, or by CancelTransfer).
    Cancelled,
}

/// Stops a running execInstance (TS-0006 8.2.2–8.2.4): locally when its RPC was not sent,
/// CancelTransfer for a transfer in progress, refused (6029, STATUS_NON_CANCELLABLE)
/// otherwise. `table` is the clause's CancelTransfer table for this procedure.
async fn stop(
    manager: &Manager,
    instance: &Resource,
    table: ExecRpc,
    deadline: Instant,
) -> CseResult<Stopped> {
    let exin = instance.ri();
    if !running(instance.u64_attr("exs")) {
        return Ok(Stopped::NotRunning);
    }
    let task_id = instance.private.get("task").and_then(Value::as_i64);
    let acs = manager.acs();
    let task = match task_id {
        Some(id) => acs.store().task(id).await.ok().flatten(),
        None => None,
    };
    // Not sent yet: the queue gives it up, no RPC (reference §4.3 [PROPOSED]).
    let unsent = match &task {
        None => instance.u64_attr("exs") == Some(EXS_INITIATED),
        Some(t) => t.state == TaskState::Queued,
    };
    if unsent {
        if let Some(t) = &task {
            let cancelled = acs.cancel(t.id).await.ok().flatten();
            if cancelled.is_some_and(|c| c.state != TaskState::Cancelled) {
                return Err(CseError::new(
                    Rsc::MgmtCancellationFailed,
                    "the command was sent to the device while it was being cancelled",
                ));
            }
            manager.untrack(t.id);
        }
        let changes = attrs([("exs", Value::from(EXS_CANCELLED))]);
        return Ok(if write_cancelled(manager, exin, changes).await? {
            Stopped::Cancelled
        } else {
            Stopped::NotRunning
        });
    }
    let cmt = cmd_type(instance);
    if let (Some(t), Some(c)) = (&task, cmt)
        && t.state.is_final()
        && !matches!(c, CmdType::Reboot | CmdType::Reset)
    {
        // Finished on the device, its news not applied yet: nothing runs any more (a Reboot
        // or FactoryReset, whose task is done when accepted, runs until the device is back).
        apply(manager, exin, t).await;
        return Ok(Stopped::NotRunning);
    }
    if !cmt.is_some_and(CmdType::cancellable) || task.as_ref().is_some_and(|t| t.state.is_final()) {
        let changes = attrs([("exs", Value::from(EXS_NON_CANCELLABLE))]);
        if !write_if_running(manager, exin, changes, false).await? {
            return Ok(Stopped::NotRunning); // finished meanwhile (the device came back)
        }
        return Err(CseError::new(
            Rsc::MgmtCommandNotCancellable,
            format!(
                "{} cannot be cancelled once the device has it (TS-0006 8.2.3)",
                cmt.map_or("this command", CmdType::method)
            ),
        ));
    }
    let Some(task) = task else {
        return Err(CseError::new(
            Rsc::MgmtCancellationFailed,
            "the device task behind this execInstance is gone",
        ));
    };
    let key = task.command_key.clone().unwrap_or_default();
    let previous = instance.u64_attr("exs").unwrap_or(EXS_PENDING);
    if !write_if_running(
        manager,
        exin,
        attrs([("exs", Value::from(EXS_CANCELLING))]),
        false,
    )
    .await?
    {
        return Ok(Stopped::NotRunning);
    }
    let cancel = acs
        .queue(
            &task.device_id,
            TaskRequest::new(Message::CancelTransfer(CancelTransfer { command_key: key })),
        )
        .await
        .map_err(|e| CseError::new(Rsc::MgmtCancellationFailed, e.to_string()))?;
    let outcome = manager
        .shared
        .signals
        .wait(acs, &cancel, Awaited::Finished, deadline, false)
        .await;
    match outcome {
        Waited::Reached(done) if done.state == TaskState::Done => {
            manager.untrack(task.id);
            let _ = acs.cancel(task.id).await;
            let changes = attrs([
                ("exs", Value::from(EXS_CANCELLED)),
                ("exr", Value::from(EXR_SUCCESS)),
            ]);
            if write_cancelled(manager, exin, changes).await? {
                Ok(Stopped::Cancelled)
            } else {
                Ok(Stopped::NotRunning) // the transfer completed before the cancel
            }
        }
        Waited::Reached(faulted) => {
            let code = faulted.fault.as_ref().map_or(0, |f| f.code);
            let exr = if (9000..=9899).contains(&code) {
                exec_result(table, code)
            } else {
                EXR_INTERNAL_ERROR
            };
            // The transfer goes on: the instance is pending again, with the cancel's result
            // (unless the transfer's own end came meanwhile).
            let changes = attrs([("exs", Value::from(previous)), ("exr", Value::from(exr))]);
            write_if_running(manager, exin, changes, false).await?;
            Err(CseError::new(
                Rsc::MgmtCancellationFailed,
                format!("the device refused CancelTransfer with fault {code}"),
            ))
        }
        Waited::Unreachable | Waited::TimedOut => {
            let _ = acs.cancel(cancel.id).await;
            write_if_running(
                manager,
                exin,
                attrs([("exs", Value::from(previous))]),
                false,
            )
            .await?;
            Err(CseError::new(
                Rsc::MgmtCancellationFailed,
                "the device did not answer CancelTransfer in time; the transfer goes on",
            ))
        }
    }
}

/// Writes `changes` to execInstance `exin` if it still runs, under its guard and from its
/// state now, not from a snapshot taken before a wait for the device (whose news may have
/// finished it meanwhile). `settle`: it ends here, its task is not followed any more.
/// Whether it was written.
async fn write_if_running(
    manager: &Manager,
    exin: &str,
    changes: Map<String, Value>,
    settle: bool,
) -> CseResult<bool> {
    write_if(manager, exin, changes, settle, running).await
}

/// Writes the end of a cancel: over a running instance, or over one its task's own news
/// already set CANCELLED (the ACS gives a transfer's task up when its CancelTransfer
/// succeeds), whose result the cancel's then completes.
async fn write_cancelled(
    manager: &Manager,
    exin: &str,
    changes: Map<String, Value>,
) -> CseResult<bool> {
    write_if(manager, exin, changes, true, |exs| {
        running(exs) || exs == Some(EXS_CANCELLED)
    })
    .await
}

async fn write_if(
    manager: &Manager,
    exin: &str,
    changes: Map<String, Value>,
    settle: bool,
    writable: impl Fn(Option<u64>) -> bool,
) -> CseResult<bool> {
    let _held = manager.exin_guard(exin).await;
    let cse = manager.cse();
    let Some(now) = cse.resource(exin) else {
        return Ok(false);
    };
    if !writable(now.u64_attr("exs")) {
        return Ok(false);
    }
    let private = settle.then(|| {
        let mut private = now.private.clone();
        private.remove("task");
        private.remove("boot");
        private
    });
    cse.system_update(exin, changes, private).await?;
    Ok(true)
}

/// Cancel of an execInstance (TS-0006 8.2.3).
pub(crate) async fn cancel(
    manager: &Manager,
    instance: &Resource,
    deadline: Instant,
) -> CseResult<cse::Carried<()>> {
    if !instance.private.contains_key("device") {
        return Ok(cse::Carried::NotMine);
    }
    match stop(manager, instance, ExecRpc::CancelTransferOnCancel, deadline).await? {
        Stopped::NotRunning => Err(CseError::new(
            Rsc::AlreadyComplete,
            "Cancel execInstance - already complete",
        )),
        Stopped::Cancelled => Ok(cse::Carried::Done(())),
    }
}

/// Delete of an execInstance (TS-0006 8.2.4) or of a mgmtCmd with its instances (8.2.2):
/// running ones are stopped first; any that cannot be keeps the resource.
pub(crate) async fn delete(
    manager: &Manager,
    target: &Resource,
    deadline: Instant,
) -> CseResult<()> {
    if target.ty == EXEC_INSTANCE {
        if !target.private.contains_key("device") {
            return Ok(());
        }
        stop(
            manager,
            target,
            ExecRpc::CancelTransferOnDeleteInstance,
            deadline,
        )
        .await?;
        return Ok(());
    }
    let mut failure: Option<CseError> = None;
    for child in manager.cse().children(target.ri()) {
        if child.ty != EXEC_INSTANCE || !child.private.contains_key("device") {
            continue;
        }
        if let Err(e) = stop(
            manager,
            &child,
            ExecRpc::CancelTransferOnDeleteCommand,
            deadline,
        )
        .await
        {
            // 6029 wins over 6026 only when nothing failed outright (reference §5.2).
            let worse = match &failure {
                None => true,
                Some(f) => f.rsc == Rsc::MgmtCommandNotCancellable && e.rsc != f.rsc,
            };
            if worse {
                failure = Some(e);
            }
        }
    }
    match failure {
        Some(e) => Err(CseError::new(
            e.rsc,
            format!(
                "Delete mgmtCmd - execInstance cancellation error: {}",
                e.dbg
            ),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("PT30S"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("PT1M30S"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("P1DT1H"), Some(Duration::from_secs(90_000)));
        assert_eq!(parse_duration("PT0.5S"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("30"), None);
        assert_eq!(parse_duration("PT5X"), None);
    }

    #[test]
    fn download_arguments_become_the_rpc() {
        let exra = json!({"dld": [{"ftyp": "1 Firmware Upgrade Image", "url": "http://fw/x.bin",
            "unm": "u", "pwd": "p", "fsi": 42, "tgf": "x.bin", "dss": 7, "surl": ""}]});
        let Message::Download(d) = rpc_for(CmdType::Download, Some(&exra)).unwrap() else {
            panic!("not a Download");
        };
        assert_eq!(d.url, "http://fw/x.bin");
        assert_eq!((d.file_size, d.delay_seconds), (42, 7));
        assert_eq!((d.username.as_str(), d.password.as_str()), ("u", "p"));
        assert!(d.command_key.is_empty());
        assert!(rpc_for(CmdType::Download, Some(&json!({"dld": [{}]}))).is_err());
        assert!(rpc_for(CmdType::SoftwareUninstall, None).is_err());
        assert!(matches!(
            rpc_for(CmdType::Reboot, None).unwrap(),
            Message::Reboot(_)
        ));
    }
}
