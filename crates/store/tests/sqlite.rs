//! The conformance suite against the embedded SQLite store, plus what only a file-backed
//! store can show: data survives closing and reopening.

use std::sync::Arc;

use store::{
    Devices, ResourceChange, Resources, SqliteStore, StoreError, StoredResource, TaskState, Tasks,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("dmgate.db")).unwrap();
    store::conformance::run_all(Arc::new(store.clone())).await;
    // The resource tree the suite left behind is all there after a reopen.
    let tree = store.load_resources().await.unwrap();
    assert!(tree.len() >= 2_000, "the suite leaves resources behind");
    store.close();
    let reopened = SqliteStore::open(&dir.path().join("dmgate.db")).unwrap();
    assert_eq!(reopened.load_resources().await.unwrap(), tree);
    assert_eq!(reopened.resource_count().await.unwrap(), tree.len() as u64);
    reopened.close();
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

fn resource(ri: &str, pi: &str, rn: &str, expires_at_ms: Option<i64>) -> StoredResource {
    StoredResource {
        ri: ri.into(),
        pi: pi.into(),
        ty: if pi.is_empty() { 5 } else { 3 },
        rn: rn.into(),
        expires_at_ms,
        document: format!(r#"{{"ri":"{ri}","rn":"{rn}","pi":"{pi}"}}"#),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_resource_tree_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dmgate.db");
    let store = SqliteStore::open(&path).unwrap();
    let mut tree = vec![resource("cb", "", "cse-in", None)];
    for ae in 0..5 {
        let ae_ri = format!("ae{ae}");
        tree.push(resource(&ae_ri, "cb", &format!("app{ae}"), None));
        for cnt in 0..4 {
            let cnt_ri = format!("{ae_ri}-cnt{cnt}");
            tree.push(resource(&cnt_ri, &ae_ri, &format!("cnt{cnt}"), None));
            for cin in 0..3 {
                tree.push(resource(
                    &format!("{cnt_ri}-cin{cin}"),
                    &cnt_ri,
                    &format!("cin{cin}"),
                    Some(1_000 + cin),
                ));
            }
        }
    }
    store
        .write_resources(tree.iter().cloned().map(ResourceChange::Put).collect())
        .await
        .unwrap();
    // A later change: one AE goes, with its subtree.
    let gone: Vec<String> = tree
        .iter()
        .filter(|r| r.ri.starts_with("ae4"))
        .map(|r| r.ri.clone())
        .collect();
    store
        .write_resources(
            gone.iter()
                .map(|ri| ResourceChange::Delete { ri: ri.clone() })
                .collect(),
        )
        .await
        .unwrap();
    tree.retain(|r| !r.ri.starts_with("ae4"));
    tree.sort_by(|a, b| a.ri.cmp(&b.ri));
    assert_eq!(store.load_resources().await.unwrap(), tree);
    store.close();
    assert!(matches!(
        store
            .write_resources(vec![ResourceChange::Delete { ri: "cb".into() }])
            .await,
        Err(StoreError::Closed)
    ));

    let reopened = SqliteStore::open(&path).unwrap();
    assert_eq!(reopened.load_resources().await.unwrap(), tree);
    assert_eq!(reopened.resource_count().await.unwrap(), tree.len() as u64);
    assert_eq!(
        reopened.expired_resources(1_000, 100).await.unwrap().len(),
        16,
        "four AEs with four containers, each with one instance expiring at 1000"
    );
    let e = reopened
        .write_resources(vec![ResourceChange::Put(resource(
            "ae9", "cb", "app0", None,
        ))])
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::ResourceNameTaken { ref holder, .. } if holder == "ae0"),
        "{e}"
    );
    reopened.close();
}

/// A measurement, not a check: `cargo test -p store --release --test sqlite -- --ignored
/// --nocapture resource_write_and_load_speed`.
#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
#[ignore]
async fn resource_write_and_load_speed() {
    const WRITES: usize = 10_000;
    const TASKS: usize = 64;
    const LOADED: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("dmgate.db")).unwrap();
    let document = |ri: &str| {
        format!(
            r#"{{"m2m:cin":{{"ri":"{ri}","rn":"{ri}","ty":4,"ct":"20250101T000000","lt":"20250101T000000","et":"20300101T000000","st":1,"cnf":"text/plain:0","cs":42,"con":"{}"}}}}"#,
            "x".repeat(200)
        )
    };
    store
        .write_resources(vec![ResourceChange::Put(resource(
            "cb", "", "cse-in", None,
        ))])
        .await
        .unwrap();

    let started = std::time::Instant::now();
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            let mut n = t;
            while n < WRITES {
                let ri = format!("w{n:06}");
                let mut r = resource(&ri, "cb", &ri, Some(1_900_000_000_000 + n as i64));
                r.document = document(&ri);
                store
                    .write_resources(vec![ResourceChange::Put(r)])
                    .await
                    .unwrap();
                n += TASKS;
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let writes = started.elapsed();
    assert_eq!(store.resource_count().await.unwrap(), WRITES as u64 + 1);

    let started = std::time::Instant::now();
    for chunk in 0..(LOADED - WRITES) / 10_000 {
        let batch = (0..10_000)
            .map(|k| {
                let ri = format!("b{chunk:02}-{k:05}");
                let mut r = resource(&ri, "cb", &ri, None);
                r.document = document(&ri);
                ResourceChange::Put(r)
            })
            .collect();
        store.write_resources(batch).await.unwrap();
    }
    let batches = started.elapsed();
    let started = std::time::Instant::now();
    let all = store.load_resources().await.unwrap();
    let load = started.elapsed();
    assert_eq!(all.len(), LOADED + 1);
    println!(
        "{WRITES} single-Put batches from {TASKS} tasks: {writes:?} ({:.0}/s); \
         {} Puts in batches of 10000: {batches:?}; load_resources of {}: {load:?}",
        WRITES as f64 / writes.as_secs_f64(),
        LOADED - WRITES,
        all.len()
    );
    store.close();
}
