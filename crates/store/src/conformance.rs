//! The behaviour every [`Store`](crate::Store) implementation must show. Each backend's test
//! file calls [`run_all`] with a fresh, empty store; a failure panics with what differed.

use std::sync::Arc;

use crate::{
    InformRecord, NewEvent, NewTask, ResourceChange, Store, StoreError, StoredParameter,
    StoredResource, TaskFault, TaskState, TaskStep,
};

/// Runs every check, each on its own devices so they can share one store.
pub async fn run_all(store: Arc<dyn Store>) {
    registry(&*store).await;
    paging(&*store).await;
    credentials(&*store).await;
    single_rpc_task(&*store).await;
    batch_task(&*store).await;
    completion_across_sessions(&*store).await;
    completion_after_requeue(&*store).await;
    faults_and_retry_budget(&*store).await;
    expiry_and_cancel(&*store).await;
    strict_order_and_orphans(&*store).await;
    leases(&*store).await;
    events(&*store).await;
    pruning(&*store).await;
    concurrent_writes(store.clone()).await;
    resources_put_get_overwrite(&*store).await;
    resources_atomicity(&*store).await;
    resources_delete(&*store).await;
    resources_order_within_batch(&*store).await;
    // The only check that gives resources an expiry at or before 1_000_000.
    resources_expiry(&*store).await;
    resources_load_many(&*store).await;
    resources_concurrent_writes(store.clone()).await;
}

fn inform(device_id: &str, at_ms: i64, events: &[&str], params: &[(&str, &str)]) -> InformRecord {
    InformRecord {
        device_id: device_id.into(),
        manufacturer: "Acme".into(),
        oui: "00D09E".into(),
        product_class: "HGW".into(),
        serial_number: device_id.rsplit('-').next().unwrap_or(device_id).into(),
        cwmp_version: "1.4".into(),
        events: events.iter().map(|e| e.to_string()).collect(),
        parameters: params
            .iter()
            .map(|(n, v)| StoredParameter {
                name: n.to_string(),
                value: v.to_string(),
                xsi_type: "xsd:string".into(),
            })
            .collect(),
        connection_request_url: Some(format!("http://127.0.0.1:1/{device_id}")),
        remote_addr: Some("127.0.0.1:5000".into()),
        at_ms,
    }
}

fn one_step(device_id: &str, method: &str, command_key: Option<&str>) -> NewTask {
    NewTask {
        device_id: device_id.into(),
        steps: vec![TaskStep {
            method: method.into(),
            request: format!("<{method}/>"),
        }],
        command_key: command_key.map(str::to_owned),
        expires_at_ms: None,
        max_attempts: 3,
    }
}

async fn registry(store: &dyn Store) {
    let id = "00D09E-HGW-REG1";
    let (device, created) = store
        .record_inform(inform(
            id,
            1_000,
            &["0 BOOTSTRAP", "1 BOOT"],
            &[("A", "1"), ("B", "2")],
        ))
        .await
        .expect("first inform");
    assert!(created, "the first Inform creates the device");
    assert_eq!(device.first_contact_ms, 1_000);
    let (device, created) = store
        .record_inform(inform(
            id,
            2_000,
            &["2 PERIODIC"],
            &[("B", "3"), ("C", "4")],
        ))
        .await
        .expect("second inform");
    assert!(!created, "a later Inform refreshes the device");
    let stored = store
        .device(id)
        .await
        .expect("read")
        .expect("device exists");
    assert_eq!(
        stored, device,
        "what record_inform returns is what is stored"
    );
    assert_eq!(stored.first_contact_ms, 1_000);
    assert_eq!(stored.last_contact_ms, 2_000);
    assert_eq!(stored.last_inform_events, vec!["2 PERIODIC".to_string()]);
    assert_eq!(
        stored.parameter("A"),
        Some("1"),
        "parameters not in the Inform stay"
    );
    assert_eq!(
        stored.parameter("B"),
        Some("3"),
        "reported parameters are refreshed"
    );
    assert_eq!(stored.parameter("C"), Some("4"));
    assert_eq!(stored.rpc_methods, None);
    store
        .set_rpc_methods(id, vec!["GetRPCMethods".into(), "Reboot".into()])
        .await
        .expect("methods");
    store
        .record_connection_request(id, 3_000, "ok: 200")
        .await
        .expect("cr outcome");
    store
        .set_connection_request_credentials(id, Some("cr-user"), Some("cr-pass"))
        .await
        .expect("cr credentials");
    let stored = store
        .device(id)
        .await
        .expect("read")
        .expect("device exists");
    assert_eq!(
        stored.rpc_methods,
        Some(vec!["GetRPCMethods".to_string(), "Reboot".to_string()])
    );
    assert_eq!(stored.last_connection_request_ms, Some(3_000));
    assert_eq!(
        stored.last_connection_request_outcome.as_deref(),
        Some("ok: 200")
    );
    assert_eq!(
        stored.connection_request_username.as_deref(),
        Some("cr-user")
    );
    assert_eq!(
        stored.connection_request_password.as_deref(),
        Some("cr-pass")
    );
    assert!(
        store
            .device("no-such-device")
            .await
            .expect("read")
            .is_none()
    );
}

async fn paging(store: &dyn Store) {
    let before = store.device_count().await.expect("count");
    for n in 0..25 {
        store
            .record_inform(inform(&format!("PAGE-{n:03}"), 1, &["1 BOOT"], &[]))
            .await
            .expect("inform");
    }
    assert_eq!(store.device_count().await.expect("count"), before + 25);
    let mut seen = Vec::new();
    let mut after: Option<String> = Some("PAGE-".into());
    loop {
        let page = store.devices(after.as_deref(), 10).await.expect("page");
        let page: Vec<_> = page
            .into_iter()
            .filter(|d| d.id.starts_with("PAGE-"))
            .collect();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|d| d.id.clone());
        seen.extend(page.into_iter().map(|d| d.id));
    }
    let expected: Vec<String> = (0..25).map(|n| format!("PAGE-{n:03}")).collect();
    assert_eq!(
        seen, expected,
        "keyset paging returns every device once, in id order"
    );
}

async fn credentials(store: &dyn Store) {
    assert!(store.cpe_credentials("cpe1").await.expect("read").is_none());
    store
        .set_cpe_credentials("cpe1", "secret", Some("DEV-1"))
        .await
        .expect("set");
    store
        .set_cpe_credentials("cpe1", "secret2", None)
        .await
        .expect("replace");
    let c = store
        .cpe_credentials("cpe1")
        .await
        .expect("read")
        .expect("present");
    assert_eq!((c.password.as_str(), c.device_id), ("secret2", None));
}

async fn single_rpc_task(store: &dyn Store) {
    let d = "TASK-SINGLE";
    let task = store
        .enqueue(one_step(d, "GetParameterValues", None), 10)
        .await
        .expect("enqueue");
    assert_eq!(
        (task.state, task.attempts, task.next_step),
        (TaskState::Queued, 0, 0)
    );
    assert!(
        store
            .devices_with_queued_tasks()
            .await
            .expect("q")
            .contains(&d.to_string())
    );
    let claimed = store
        .claim_next(d, "s1", 20)
        .await
        .expect("claim")
        .expect("a task");
    assert_eq!(claimed.id, task.id);
    assert_eq!((claimed.state, claimed.attempts), (TaskState::Sent, 1));
    assert_eq!(claimed.session_id.as_deref(), Some("s1"));
    assert_eq!(
        claimed.current_step().map(|s| s.method.as_str()),
        Some("GetParameterValues")
    );
    let done = store
        .record_response(task.id, "<ok/>", false, 30)
        .await
        .expect("response");
    assert_eq!(done.state, TaskState::Done);
    assert_eq!(done.responses, vec!["<ok/>".to_string()]);
    assert_eq!(done.updated_ms, 30);
    assert!(
        store
            .claim_next(d, "s1", 40)
            .await
            .expect("claim")
            .is_none()
    );
    let again = store.record_response(task.id, "<late/>", false, 50).await;
    assert!(again.is_err(), "a finished task takes no further answer");
    assert_eq!(
        store
            .task(task.id)
            .await
            .expect("read")
            .expect("task")
            .responses
            .len(),
        1
    );
    assert!(store.device_tasks(d, true).await.expect("list").is_empty());
    assert_eq!(store.device_tasks(d, false).await.expect("list").len(), 1);
}

async fn batch_task(store: &dyn Store) {
    let d = "TASK-BATCH";
    let mut new = one_step(d, "SetParameterValues", None);
    new.steps.push(TaskStep {
        method: "Download".into(),
        request: "<Download/>".into(),
    });
    new.steps.push(TaskStep {
        method: "Reboot".into(),
        request: "<Reboot/>".into(),
    });
    new.command_key = Some("ck-batch".into());
    let task = store.enqueue(new, 1).await.expect("enqueue");
    let t = store
        .claim_next(d, "s1", 2)
        .await
        .expect("claim")
        .expect("task");
    assert_eq!(t.next_step, 0);
    let t = store
        .record_response(task.id, "<spv/>", false, 3)
        .await
        .expect("r1");
    assert_eq!((t.state, t.next_step), (TaskState::Sent, 1));
    let t = store
        .claim_next(d, "s1", 4)
        .await
        .expect("claim")
        .expect("task");
    assert_eq!(
        (t.id, t.next_step, t.attempts),
        (task.id, 1, 1),
        "same batch, next step"
    );
    let t = store
        .record_response(task.id, "<dl status=1/>", true, 5)
        .await
        .expect("r2");
    assert_eq!(t.state, TaskState::Sent);
    store
        .claim_next(d, "s1", 6)
        .await
        .expect("claim")
        .expect("task");
    let t = store
        .record_response(task.id, "<reboot/>", false, 7)
        .await
        .expect("r3");
    assert_eq!(
        t.state,
        TaskState::Awaiting,
        "a step announced a later completion"
    );
    assert_eq!(t.responses.len(), 3);
    assert!(store.claim_next(d, "s1", 8).await.expect("claim").is_none());
    let t = store
        .complete(d, "ck-batch", "<TransferComplete/>", None, 9)
        .await
        .expect("complete")
        .expect("matched");
    assert_eq!(t.state, TaskState::Done);
    assert_eq!(t.responses.len(), 4);
}

async fn completion_across_sessions(store: &dyn Store) {
    let d = "TASK-DL";
    let task = store
        .enqueue(one_step(d, "Download", Some("ck-dl")), 1)
        .await
        .expect("enqueue");
    store
        .claim_next(d, "s1", 2)
        .await
        .expect("claim")
        .expect("task");
    store
        .record_response(task.id, "<r/>", true, 3)
        .await
        .expect("response");
    // Another device's key never matches.
    assert!(
        store
            .complete("OTHER", "ck-dl", "<tc/>", None, 4)
            .await
            .expect("c")
            .is_none()
    );
    assert!(
        store
            .complete(d, "unknown", "<tc/>", None, 4)
            .await
            .expect("c")
            .is_none()
    );
    let fault = TaskFault {
        code: 9010,
        message: "Download failure".into(),
    };
    let t = store
        .complete(d, "ck-dl", "<tc fault/>", Some(fault.clone()), 5)
        .await
        .expect("complete")
        .expect("matched");
    assert_eq!((t.state, t.fault), (TaskState::Faulted, Some(fault)));
    assert!(
        store
            .complete(d, "ck-dl", "<tc/>", None, 6)
            .await
            .expect("c")
            .is_none(),
        "a duplicate completion changes nothing"
    );
}

async fn completion_after_requeue(store: &dyn Store) {
    let d = "TASK-DL-BROKEN";
    let task = store
        .enqueue(one_step(d, "Download", Some("ck-x")), 1)
        .await
        .expect("enqueue");
    store
        .claim_next(d, "s1", 2)
        .await
        .expect("claim")
        .expect("task");
    let requeued = store.requeue_unanswered("s1", 3).await.expect("requeue");
    assert_eq!(requeued.len(), 1);
    assert_eq!(
        (requeued[0].state, requeued[0].session_id.clone()),
        (TaskState::Queued, None)
    );
    // The CPE had started the download before the session broke; its TransferComplete
    // finishes the task, which is then never sent again.
    let t = store
        .complete(d, "ck-x", "<tc/>", None, 4)
        .await
        .expect("complete")
        .expect("matched");
    assert_eq!((t.id, t.state), (task.id, TaskState::Done));
    assert!(store.claim_next(d, "s2", 5).await.expect("claim").is_none());
}

async fn faults_and_retry_budget(store: &dyn Store) {
    let d = "TASK-FAULT";
    let task = store
        .enqueue(one_step(d, "SetParameterValues", None), 1)
        .await
        .expect("enqueue");
    store.claim_next(d, "s1", 2).await.expect("claim");
    let fault = TaskFault {
        code: 9003,
        message: "Invalid arguments".into(),
    };
    let t = store
        .record_fault(task.id, fault.clone(), 3)
        .await
        .expect("fault");
    assert_eq!((t.state, t.fault), (TaskState::Faulted, Some(fault)));
    assert!(
        store
            .record_fault(
                task.id,
                TaskFault {
                    code: 1,
                    message: String::new()
                },
                4
            )
            .await
            .is_err()
    );

    let d = "TASK-RETRY";
    let mut new = one_step(d, "GetParameterValues", None);
    new.max_attempts = 2;
    let task = store.enqueue(new, 1).await.expect("enqueue");
    for (round, session) in ["a", "b"].into_iter().enumerate() {
        let t = store
            .claim_next(d, session, 10)
            .await
            .expect("claim")
            .expect("task");
        assert_eq!(t.attempts, round as u32 + 1);
        let back = store
            .requeue_unanswered(session, 11)
            .await
            .expect("requeue");
        assert_eq!(back.len(), 1);
    }
    let t = store.task(task.id).await.expect("read").expect("task");
    assert_eq!(t.state, TaskState::Faulted, "the retry budget is spent");
    assert_eq!(t.fault.map(|f| f.code), Some(TaskFault::RETRIES_EXHAUSTED));
    assert!(
        store
            .requeue_unanswered("a", 12)
            .await
            .expect("requeue")
            .is_empty()
    );
}

async fn expiry_and_cancel(store: &dyn Store) {
    let d = "TASK-EXPIRY";
    let mut new = one_step(d, "Reboot", None);
    new.expires_at_ms = Some(100);
    let expiring = store.enqueue(new, 1).await.expect("enqueue");
    let kept = store
        .enqueue(one_step(d, "FactoryReset", None), 1)
        .await
        .expect("enqueue");
    let t = store
        .claim_next(d, "s", 100)
        .await
        .expect("claim")
        .expect("task");
    assert_eq!(t.id, kept.id, "an expired task is skipped");
    let e = store.task(expiring.id).await.expect("read").expect("task");
    assert_eq!(e.state, TaskState::Expired);
    let c = store
        .cancel(kept.id, 101)
        .await
        .expect("cancel")
        .expect("task");
    assert_eq!(c.state, TaskState::Cancelled);
    let c = store
        .cancel(expiring.id, 102)
        .await
        .expect("cancel")
        .expect("task");
    assert_eq!(
        c.state,
        TaskState::Expired,
        "a finished task stays finished"
    );
    assert!(store.cancel(i64::MAX, 1).await.expect("cancel").is_none());

    let mut awaiting = one_step(d, "Download", Some("ck-exp"));
    awaiting.expires_at_ms = Some(500);
    let a = store.enqueue(awaiting, 1).await.expect("enqueue");
    store.claim_next(d, "s", 200).await.expect("claim");
    store
        .record_response(a.id, "<r/>", true, 201)
        .await
        .expect("response");
    assert!(
        store
            .claim_next(d, "s", 600)
            .await
            .expect("claim")
            .is_none()
    );
    let a = store.task(a.id).await.expect("read").expect("task");
    assert_eq!(
        a.state,
        TaskState::Expired,
        "a completion that never came expires"
    );
    let late = store
        .complete(d, "ck-exp", "<tc/>", None, 700)
        .await
        .expect("complete")
        .expect("an expired task that was sent still takes its completion");
    assert_eq!((late.id, late.state), (a.id, TaskState::Done));
}

async fn strict_order_and_orphans(store: &dyn Store) {
    let d = "TASK-ORDER";
    let first = store
        .enqueue(one_step(d, "GetParameterValues", None), 1)
        .await
        .expect("e");
    let second = store
        .enqueue(one_step(d, "GetParameterNames", None), 2)
        .await
        .expect("e");
    let t = store
        .claim_next(d, "old", 3)
        .await
        .expect("claim")
        .expect("task");
    assert_eq!(t.id, first.id);
    // The old session died without a word; a new session (which holds the lease now) gets
    // the same task again, first.
    let t = store
        .claim_next(d, "new", 4)
        .await
        .expect("claim")
        .expect("task");
    assert_eq!((t.id, t.attempts), (first.id, 2));
    assert_eq!(t.session_id.as_deref(), Some("new"));
    store
        .record_response(first.id, "<r/>", false, 5)
        .await
        .expect("response");
    let t = store
        .claim_next(d, "new", 6)
        .await
        .expect("claim")
        .expect("task");
    assert_eq!(t.id, second.id);
}

async fn leases(store: &dyn Store) {
    let d = "LEASE-DEV";
    assert_eq!(
        store.acquire_lease(d, "s1", 0, 100).await.expect("acquire"),
        Ok(())
    );
    assert_eq!(
        store.acquire_lease(d, "s1", 10, 110).await.expect("again"),
        Ok(())
    );
    assert_eq!(
        store.acquire_lease(d, "s2", 20, 120).await.expect("other"),
        Err(110)
    );
    assert!(store.renew_lease(d, "s1", 150).await.expect("renew"));
    assert!(!store.renew_lease(d, "s2", 150).await.expect("renew"));
    assert_eq!(
        store.acquire_lease(d, "s2", 149, 200).await.expect("other"),
        Err(150)
    );
    assert_eq!(
        store
            .acquire_lease(d, "s2", 150, 250)
            .await
            .expect("expired"),
        Ok(())
    );
    assert!(!store.renew_lease(d, "s1", 300).await.expect("lost"));
    store
        .release_lease(d, "s1")
        .await
        .expect("release by non-holder");
    assert_eq!(
        store.acquire_lease(d, "s3", 160, 260).await.expect("held"),
        Err(250)
    );
    store.release_lease(d, "s2").await.expect("release");
    assert_eq!(
        store
            .acquire_lease(d, "s3", 161, 1_000)
            .await
            .expect("free"),
        Ok(())
    );
    let e = "LEASE-EXP";
    store
        .acquire_lease(e, "x", 0, 500)
        .await
        .expect("acquire")
        .expect("free");
    let expired = store.take_expired_leases(700).await.expect("expired");
    let expired: Vec<_> = expired
        .into_iter()
        .filter(|l| l.device_id.starts_with("LEASE-"))
        .collect();
    assert_eq!(expired.len(), 1);
    assert_eq!(
        (
            expired[0].device_id.as_str(),
            expired[0].session_id.as_str()
        ),
        (e, "x")
    );
    assert!(
        store
            .take_expired_leases(700)
            .await
            .expect("again")
            .iter()
            .all(|l| l.device_id != e)
    );
}

async fn events(store: &dyn Store) {
    let d = "EVENT-DEV";
    for n in 0..250 {
        store
            .append_event(NewEvent {
                device_id: d.into(),
                at_ms: n,
                kind: "inform".into(),
                detail: format!("{{\"n\":{n}}}"),
            })
            .await
            .expect("append");
    }
    let newest = store.device_events(d, 5).await.expect("events");
    assert_eq!(
        newest.iter().map(|e| e.at_ms).collect::<Vec<_>>(),
        vec![249, 248, 247, 246, 245]
    );
    let all = store.device_events(d, 1_000).await.expect("events");
    assert!(
        all.len() <= 201 && all.len() >= 100,
        "old events are dropped: kept {}",
        all.len()
    );
    assert_eq!(all.last().map(|e| e.at_ms), Some(250 - all.len() as i64));
}

async fn pruning(store: &dyn Store) {
    let d = "TASK-PRUNE";
    let old_done = store
        .enqueue(one_step(d, "Reboot", None), 1)
        .await
        .expect("e");
    store.claim_next(d, "s", 2).await.expect("claim");
    store
        .record_response(old_done.id, "<r/>", false, 3)
        .await
        .expect("r");
    let old_queued = store
        .enqueue(one_step(d, "Reboot", None), 4)
        .await
        .expect("e");
    let recent = store
        .enqueue(one_step(d, "Reboot", None), 5)
        .await
        .expect("e");
    store.cancel(recent.id, 50_000).await.expect("cancel");
    let pruned = store.prune_finished(10_000).await.expect("prune");
    assert!(pruned >= 1);
    assert!(
        store.task(old_done.id).await.expect("read").is_none(),
        "old and finished: gone"
    );
    assert!(
        store.task(old_queued.id).await.expect("read").is_some(),
        "unfinished: kept"
    );
    assert!(
        store.task(recent.id).await.expect("read").is_some(),
        "finished recently: kept"
    );
}

async fn concurrent_writes(store: Arc<dyn Store>) {
    let mut handles = Vec::new();
    for n in 0..200 {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            let id = format!("CONC-{n:04}");
            store
                .record_inform(inform(&id, n, &["1 BOOT"], &[("X", "1")]))
                .await
                .expect("inform");
            let t = store
                .enqueue(one_step(&id, "Reboot", None), n)
                .await
                .expect("enqueue");
            let c = store
                .claim_next(&id, "s", n)
                .await
                .expect("claim")
                .expect("task");
            assert_eq!(c.id, t.id);
        }));
    }
    for h in handles {
        h.await.expect("writer task");
    }
    for n in 0..200 {
        let id = format!("CONC-{n:04}");
        let tasks = store.device_tasks(&id, true).await.expect("tasks");
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].state, TaskState::Sent);
    }
}

fn resource(ri: &str, pi: &str, rn: &str, expires_at_ms: Option<i64>) -> StoredResource {
    StoredResource {
        ri: ri.into(),
        pi: pi.into(),
        ty: 3,
        rn: rn.into(),
        expires_at_ms,
        document: format!("{{\"m2m:cnt\":{{\"ri\":\"{ri}\",\"rn\":\"{rn}\"}}}}"),
    }
}

fn put(r: &StoredResource) -> ResourceChange {
    ResourceChange::Put(r.clone())
}

fn delete(ri: &str) -> ResourceChange {
    ResourceChange::Delete { ri: ri.into() }
}

/// The stored resources whose ri starts with `prefix`, in the order `load_resources` gave.
async fn loaded_with_prefix(store: &dyn Store, prefix: &str) -> Vec<StoredResource> {
    let all = store.load_resources().await.expect("load");
    assert!(
        all.windows(2).all(|w| w[0].ri < w[1].ri),
        "load_resources returns each resource once, ordered by ri"
    );
    all.into_iter()
        .filter(|r| r.ri.starts_with(prefix))
        .collect()
}

async fn resources_put_get_overwrite(store: &dyn Store) {
    let before = store.resource_count().await.expect("count");
    store
        .write_resources(Vec::new())
        .await
        .expect("an empty batch is fine");
    let root = StoredResource {
        ri: "RES-BASIC-cse".into(),
        pi: String::new(),
        ty: 5,
        rn: "res-basic-cse".into(),
        expires_at_ms: None,
        document: r#"{"m2m:cb":{"csi":"/id-in"}}"#.into(),
    };
    let ae = StoredResource {
        ri: "RES-BASIC-ae".into(),
        pi: root.ri.clone(),
        ty: 2,
        rn: "lamp".into(),
        expires_at_ms: Some(5_000_000_000_000),
        document: "{\"m2m:ae\":{\"api\":\"Nlamp\",\"note\":\"quotes \\\" and ✓\"}}".into(),
    };
    store
        .write_resources(vec![put(&root), put(&ae)])
        .await
        .expect("put");
    assert_eq!(
        store.resource(&root.ri).await.expect("read"),
        Some(root.clone()),
        "what is put is what is read back"
    );
    assert_eq!(
        store.resource(&ae.ri).await.expect("read"),
        Some(ae.clone())
    );
    assert_eq!(store.resource_count().await.expect("count"), before + 2);
    assert!(
        store
            .resource("RES-BASIC-none")
            .await
            .expect("read")
            .is_none()
    );

    // A Put of a stored ri replaces every field, the name and parent included.
    let changed = StoredResource {
        ty: 4,
        rn: "lamp-renamed".into(),
        expires_at_ms: None,
        document: r#"{"m2m:ae":{"api":"Nlamp2"}}"#.into(),
        ..ae.clone()
    };
    store
        .write_resources(vec![put(&changed)])
        .await
        .expect("overwrite");
    assert_eq!(
        store.resource(&ae.ri).await.expect("read"),
        Some(changed.clone())
    );
    assert_eq!(
        store.resource_count().await.expect("count"),
        before + 2,
        "an overwrite adds nothing"
    );
    // Putting a resource again under its own name is no conflict.
    store
        .write_resources(vec![put(&changed)])
        .await
        .expect("same again");
    // The old name is free again.
    let other = resource("RES-BASIC-other", &root.ri, "lamp", None);
    store
        .write_resources(vec![put(&other)])
        .await
        .expect("the old name is free");
    // Names are unique per parent only.
    let nested = resource("RES-BASIC-nested", &other.ri, "lamp", None);
    store
        .write_resources(vec![put(&nested)])
        .await
        .expect("the same name under another parent");
    assert_eq!(
        loaded_with_prefix(store, "RES-BASIC-")
            .await
            .iter()
            .map(|r| r.ri.as_str())
            .collect::<Vec<_>>(),
        vec![
            "RES-BASIC-ae",
            "RES-BASIC-cse",
            "RES-BASIC-nested",
            "RES-BASIC-other"
        ]
    );
}

fn assert_name_taken(result: Result<(), StoreError>, ri: &str, holder: &str) {
    match result {
        Err(StoreError::ResourceNameTaken {
            ri: failed,
            holder: held_by,
            ..
        }) => assert_eq!(
            (failed.as_str(), held_by.as_str()),
            (ri, holder),
            "the error names the Put that failed and the resource holding the name"
        ),
        other => panic!("expected ResourceNameTaken for {ri} (held by {holder}), got {other:?}"),
    }
}

async fn resources_atomicity(store: &dyn Store) {
    let parent = "RES-ATOM-parent";
    let a = resource("RES-ATOM-a", parent, "x", None);
    let b = resource("RES-ATOM-b", parent, "b", None);
    store
        .write_resources(vec![put(&a), put(&b)])
        .await
        .expect("put");
    let before = store.resource_count().await.expect("count");

    // New resources, an overwrite and a delete before the conflict: none of them stays.
    let c = resource("RES-ATOM-c", parent, "c", None);
    let b2 = StoredResource {
        document: "{}".into(),
        ..b.clone()
    };
    let clash = resource("RES-ATOM-clash", parent, "x", None);
    let e = store
        .write_resources(vec![
            put(&c),
            put(&b2),
            delete(&b.ri),
            put(&b2),
            put(&clash),
        ])
        .await;
    let message = e
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(
        message.contains("RES-ATOM-clash") && message.contains("RES-ATOM-a"),
        "the message says which resource clashed with which: {message}"
    );
    assert_name_taken(e, &clash.ri, &a.ri);
    assert!(store.resource(&c.ri).await.expect("read").is_none());
    assert!(store.resource(&clash.ri).await.expect("read").is_none());
    assert_eq!(
        store.resource(&b.ri).await.expect("read"),
        Some(b.clone()),
        "the overwrite and the delete were undone"
    );
    assert_eq!(store.resource(&a.ri).await.expect("read"), Some(a.clone()));
    assert_eq!(store.resource_count().await.expect("count"), before);

    // Renaming a stored resource onto a sibling's name is a conflict too.
    let renamed = StoredResource {
        rn: "x".into(),
        ..b.clone()
    };
    assert_name_taken(
        store.write_resources(vec![put(&renamed)]).await,
        &b.ri,
        &a.ri,
    );
    assert_eq!(store.resource(&b.ri).await.expect("read"), Some(b.clone()));

    // Two new resources of one batch that take the same name.
    let d1 = resource("RES-ATOM-d1", parent, "d", None);
    let d2 = resource("RES-ATOM-d2", parent, "d", None);
    assert_name_taken(
        store.write_resources(vec![put(&d1), put(&d2)]).await,
        &d2.ri,
        &d1.ri,
    );
    assert!(store.resource(&d1.ri).await.expect("read").is_none());

    // Changes apply in order: a name freed earlier in the batch can be taken later in it.
    let a_moved = StoredResource {
        rn: "x-old".into(),
        ..a.clone()
    };
    store
        .write_resources(vec![put(&a_moved), put(&clash)])
        .await
        .expect("the name was freed first");
    let e2 = resource("RES-ATOM-e", parent, "x-old", None);
    store
        .write_resources(vec![delete(&a.ri), put(&e2)])
        .await
        .expect("the name was freed by a delete first");
    assert_eq!(
        loaded_with_prefix(store, "RES-ATOM-").await,
        vec![b, clash, e2],
        "the store is still usable after failed batches"
    );
}

async fn resources_delete(store: &dyn Store) {
    let a = resource("RES-DEL-a", "RES-DEL-p", "a", None);
    let b = resource("RES-DEL-b", "RES-DEL-p", "b", Some(1_500_000));
    store
        .write_resources(vec![put(&a), put(&b)])
        .await
        .expect("put");
    let before = store.resource_count().await.expect("count");
    store
        .write_resources(vec![delete(&a.ri)])
        .await
        .expect("delete");
    assert!(store.resource(&a.ri).await.expect("read").is_none());
    assert_eq!(store.resource(&b.ri).await.expect("read"), Some(b.clone()));
    assert_eq!(store.resource_count().await.expect("count"), before - 1);
    store
        .write_resources(vec![delete(&a.ri), delete("RES-DEL-never-stored")])
        .await
        .expect("deleting unknown resources is no error");
    assert_eq!(store.resource_count().await.expect("count"), before - 1);
    store
        .write_resources(vec![delete(&b.ri)])
        .await
        .expect("delete");
    assert!(loaded_with_prefix(store, "RES-DEL-").await.is_empty());
    // A deleted resource's name is free.
    let a2 = resource("RES-DEL-a2", "RES-DEL-p", "a", None);
    store
        .write_resources(vec![put(&a2)])
        .await
        .expect("name free");
}

async fn resources_order_within_batch(store: &dyn Store) {
    let p = "RES-ORDER-p";
    let x = resource("RES-ORDER-x", p, "x", None);
    store
        .write_resources(vec![put(&x), delete(&x.ri)])
        .await
        .expect("put then delete");
    assert!(
        store.resource(&x.ri).await.expect("read").is_none(),
        "put then delete: gone"
    );

    let y = resource("RES-ORDER-y", p, "y", None);
    store.write_resources(vec![put(&y)]).await.expect("put");
    let y2 = StoredResource {
        document: r#"{"second":true}"#.into(),
        ..y.clone()
    };
    store
        .write_resources(vec![delete(&y.ri), put(&y2)])
        .await
        .expect("delete then put");
    assert_eq!(
        store.resource(&y.ri).await.expect("read"),
        Some(y2.clone()),
        "delete then put: present"
    );

    let z1 = resource("RES-ORDER-z", p, "z", None);
    let z2 = StoredResource {
        ty: 4,
        document: "{\"v\":2}".into(),
        ..z1.clone()
    };
    store
        .write_resources(vec![put(&z1), put(&z2)])
        .await
        .expect("put twice");
    assert_eq!(
        store.resource(&z1.ri).await.expect("read"),
        Some(z2),
        "the last put wins"
    );

    store
        .write_resources(vec![put(&x), delete(&x.ri), put(&x), delete(&y.ri)])
        .await
        .expect("mixed");
    assert_eq!(store.resource(&x.ri).await.expect("read"), Some(x));
    assert!(store.resource(&y.ri).await.expect("read").is_none());
}

async fn resources_expiry(store: &dyn Store) {
    let p = "RES-EXP-p";
    let e1 = resource("RES-EXP-1", p, "1", Some(1_100));
    let e2a = resource("RES-EXP-2a", p, "2a", Some(1_200));
    let e2b = resource("RES-EXP-2b", p, "2b", Some(1_200));
    let e3 = resource("RES-EXP-3", p, "3", Some(1_300));
    let e5 = resource("RES-EXP-5", p, "5", Some(5_000));
    let never = resource("RES-EXP-never", p, "never", None);
    // Stored in another order than they expire.
    store
        .write_resources(vec![
            put(&e5),
            put(&never),
            put(&e3),
            put(&e2b),
            put(&e1),
            put(&e2a),
        ])
        .await
        .expect("put");
    let ris = |v: Vec<StoredResource>| v.into_iter().map(|r| r.ri).collect::<Vec<_>>();
    let expired = |now: i64, limit: u32| async move {
        ris(store.expired_resources(now, limit).await.expect("expired"))
    };
    assert!(expired(1_099, 10).await.is_empty());
    assert_eq!(
        expired(1_200, 10).await,
        vec!["RES-EXP-1", "RES-EXP-2a", "RES-EXP-2b"],
        "expiry at now is included; soonest first, ties by ri"
    );
    assert_eq!(
        expired(1_300, 2).await,
        vec!["RES-EXP-1", "RES-EXP-2a"],
        "at most limit"
    );
    assert!(expired(1_300, 0).await.is_empty());
    assert_eq!(
        expired(1_000_000, 100).await,
        vec![
            "RES-EXP-1",
            "RES-EXP-2a",
            "RES-EXP-2b",
            "RES-EXP-3",
            "RES-EXP-5"
        ],
        "resources without an expiry never expire"
    );
    let full = store
        .expired_resources(1_100, 1)
        .await
        .expect("expired")
        .pop()
        .expect("one");
    assert_eq!(full, e1, "expired resources come whole");
    // Reading expired resources deletes nothing; extending and deleting change the answer.
    assert_eq!(
        store.resource(&e1.ri).await.expect("read"),
        Some(e1.clone())
    );
    let e1_later = StoredResource {
        expires_at_ms: Some(9_000),
        ..e1.clone()
    };
    let e2a_forever = StoredResource {
        expires_at_ms: None,
        ..e2a.clone()
    };
    store
        .write_resources(vec![put(&e1_later), put(&e2a_forever), delete(&e3.ri)])
        .await
        .expect("update");
    assert_eq!(
        expired(1_000_000, 100).await,
        vec!["RES-EXP-2b", "RES-EXP-5", "RES-EXP-1"]
    );
}

async fn resources_load_many(store: &dyn Store) {
    const MANY: usize = 10_000;
    let before = store.resource_count().await.expect("count");
    let parent = resource("RES-LOAD-root", "", "res-load-root", None);
    // Upper and lower case ids: the order is byte-wise ("RES-LOAD-Z" before "RES-LOAD-a").
    let mut expected: Vec<StoredResource> = (0..MANY)
        .map(|n| {
            let ri = if n % 2 == 0 {
                format!("RES-LOAD-a{:05}", MANY - n)
            } else {
                format!("RES-LOAD-Z{n:05}")
            };
            let mut r = resource(&ri, &parent.ri, &format!("n{n}"), None);
            r.ty = 4;
            if n % 3 == 0 {
                r.expires_at_ms = Some(2_000_000_000_000 + n as i64);
            }
            r
        })
        .collect();
    // One batch of MANY changes, in no particular order.
    let mut batch = vec![put(&parent)];
    batch.extend(expected.iter().rev().map(put));
    store.write_resources(batch).await.expect("a large batch");
    // And more in small batches.
    for chunk in 0..10 {
        let extra: Vec<StoredResource> = (0..10)
            .map(|k| {
                resource(
                    &format!("RES-LOAD-m{chunk}-{k}"),
                    &parent.ri,
                    &format!("m{chunk}-{k}"),
                    None,
                )
            })
            .collect();
        store
            .write_resources(extra.iter().map(put).collect())
            .await
            .expect("small batch");
        expected.extend(extra);
    }
    expected.push(parent.clone());
    expected.sort_by(|a, b| a.ri.cmp(&b.ri));
    assert_eq!(
        store.resource_count().await.expect("count"),
        before + expected.len() as u64
    );
    let loaded = loaded_with_prefix(store, "RES-LOAD-").await;
    assert_eq!(loaded.len(), expected.len());
    assert!(
        loaded == expected,
        "load_resources returns every resource, whole, ordered by ri"
    );

    // A large batch that fails at its last change applies nothing.
    let mut batch: Vec<ResourceChange> = expected.iter().map(|r| delete(&r.ri)).collect();
    batch.push(put(&resource("RES-LOAD-late", "", "res-load-root", None)));
    batch.push(put(&resource("RES-LOAD-clash", "", "res-load-root", None)));
    assert_name_taken(
        store.write_resources(batch).await,
        "RES-LOAD-clash",
        "RES-LOAD-late",
    );
    assert_eq!(
        store.resource_count().await.expect("count"),
        before + expected.len() as u64
    );
    // Deleting all of them in one batch.
    store
        .write_resources(expected.iter().map(|r| delete(&r.ri)).collect())
        .await
        .expect("a large delete");
    assert_eq!(store.resource_count().await.expect("count"), before);
    assert!(loaded_with_prefix(store, "RES-LOAD-").await.is_empty());
}

async fn resources_concurrent_writes(store: Arc<dyn Store>) {
    const WRITERS: usize = 100;
    const EACH: usize = 20;
    let before = store.resource_count().await.expect("count");
    let mut handles = Vec::new();
    for n in 0..WRITERS {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            let parent = format!("RES-CONC-p{n:03}");
            for k in 0..EACH {
                let r = resource(
                    &format!("RES-CONC-{n:03}-{k:02}"),
                    &parent,
                    &format!("r{k}"),
                    None,
                );
                store.write_resources(vec![put(&r)]).await.expect("put");
            }
            // A failing batch among the others undoes only itself.
            let clash = resource(&format!("RES-CONC-{n:03}-clash"), &parent, "r0", None);
            assert_name_taken(
                store.write_resources(vec![put(&clash)]).await,
                &clash.ri,
                &format!("RES-CONC-{n:03}-00"),
            );
        }));
    }
    for h in handles {
        h.await.expect("writer task");
    }
    assert_eq!(
        store.resource_count().await.expect("count"),
        before + (WRITERS * EACH) as u64
    );
    let loaded = loaded_with_prefix(&*store, "RES-CONC-").await;
    let expected: Vec<String> = (0..WRITERS)
        .flat_map(|n| (0..EACH).map(move |k| format!("RES-CONC-{n:03}-{k:02}")))
        .collect();
    assert_eq!(
        loaded.iter().map(|r| r.ri.clone()).collect::<Vec<_>>(),
        expected,
        "every resource of every writer is stored"
    );
    for r in &loaded {
        assert_eq!(r.pi, format!("RES-CONC-p{}", &r.ri[9..12]));
    }
}
