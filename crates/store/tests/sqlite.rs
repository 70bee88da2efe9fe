//! The conformance suite against the embedded SQLite store, plus what only a file-backed
//! store can show: data survives closing and reopening.

use std::sync::Arc;

use store::{Devices, SqliteStore, TaskState, Tasks};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("dmgate.db")).unwrap();
    store::conformance::run_all(Arc::new(store.clone())).await;
    store.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_survives_a_reopen_and_writes_after_close_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dmgate.db");
    let store = SqliteStore::open(&path).unwrap();
    let task = store
        .enqueue(
            store::NewTask {
                device_id: "D".into(),
                steps: vec![store::TaskStep {
                    method: "Download".into(),
                    request: "<x/>".into(),
                }],
                command_key: Some("ck".into()),
                expires_at_ms: None,
                max_attempts: 1,
            },
            1,
        )
        .await
        .unwrap();
    store.claim_next("D", "s", 2).await.unwrap().unwrap();
    store
        .record_response(task.id, "<r/>", true, 3)
        .await
        .unwrap();
    store.close();
    assert!(store.set_rpc_methods("D", vec![]).await.is_err());

    let reopened = SqliteStore::open(&path).unwrap();
    let t = reopened.task(task.id).await.unwrap().unwrap();
    assert_eq!(t.state, TaskState::Awaiting);
    let t = reopened
        .complete("D", "ck", "<tc/>", None, 4)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.state, TaskState::Done);
    reopened.close();
}

#[test]
fn a_database_that_is_not_sqlite_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dmgate.db");
    std::fs::write(
        &path,
        b"this is not a database, it is plain text of some length....",
    )
    .unwrap();
    let e = SqliteStore::open(&path).unwrap_err();
    assert!(e.to_string().contains("database"), "{e}");
}
