//! Subscriptions and notifications (TS-0004 7.4.8, 7.5.1; TS-0001 9.6.8), non-blocking
//! requests (TS-0004 7.3.2, 7.4.12, 7.5.1.2.5), resource lifecycle (`et`, `lt`, `st`,
//! restart) and X-M2M-RET — end to end over HTTP on loopback, with a real notification
//! receiver.
#![allow(clippy::unwrap_used)]
mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

const SUB: u32 = 23;
const CNT: u32 = 3;
const CIN: u32 = 4;

/// `{"m2m:sgn": {...}}` → the notification.
fn sgn(r: &Received) -> &Value {
    &r.body["m2m:sgn"]
}

/// Notifications that are not verification requests, in arrival order.
fn events(rx: &Receiver) -> Vec<Value> {
    rx.all()
        .iter()
        .map(|r| sgn(r).clone())
        .filter(|s| s.get("vrq").is_none())
        .collect()
}

/// Waits (bounded, 3 s) until `n` non-verification notifications arrived.
async fn wait_events(rx: &Receiver, n: usize) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    loop {
        let got = events(rx);
        if got.len() >= n || tokio::time::Instant::now() >= deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Lets every queued notification be attempted, then a little more for the receiver.
async fn settle(cse: &TestCse) {
    tokio::time::timeout(Duration::from_secs(5), cse.cse().flush_notifications())
        .await
        .unwrap();
}

/// Registers an AE `id` named `name`; returns its path.
async fn app(c: &Client, id: &str, name: &str, poa: &[&str]) -> String {
    let r = c.register(id, name, poa).await;
    assert_eq!((r.status, r.rsc), (201, 2001), "{:?}", r.body);
    format!("/cse-in/{name}")
}

/// Creates a container `rn` under `parent`; returns its path.
async fn container(c: &Client, parent: &str, origin: &str, rn: &str) -> String {
    let r = c
        .create(parent, origin, CNT, json!({"m2m:cnt": {"rn": rn}}))
        .await;
    assert_eq!((r.status, r.rsc), (201, 2001), "{:?}", r.body);
    format!("{parent}/{rn}")
}

async fn subscribe(c: &Client, parent: &str, origin: &str, sub: Value) -> Reply {
    c.create(parent, origin, SUB, json!({ "m2m:sub": sub }))
        .await
}

/// A URL where nothing listens.
async fn closed_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/gone")
}

fn labels(v: &[&str]) -> Value {
    json!({"m2m:cnt": {"lbl": v}})
}

// ---- verification on creation (TS-0004 7.4.8.2.1 Recv-6.4, 7.5.1.2.3) ----

#[tokio::test]
async fn verification_request_goes_to_a_url_target() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cverify", "verify", &[]).await;
    let cnt = container(&c, &ae, "Cverify", "box").await;
    let r = subscribe(&c, &cnt, "Cverify", json!({"rn": "s", "nu": [rx.url]})).await;
    assert_eq!((r.status, r.rsc), (201, 2001), "{:?}", r.body);
    let ri = r.attrs()["ri"].as_str().unwrap().to_string();
    // Recv-6.5: the notification target is not the originator → `cr` is the originator.
    assert_eq!(r.attrs()["cr"], "Cverify");
    // Recv-6.5 / TS-0001 Table 9.6.8-4: defaults net [1] (update) and nct 1 (all).
    assert_eq!(r.attrs()["enc"], json!({"net": [1]}));
    assert_eq!(r.attrs()["nct"], 1);
    let got = rx.all();
    assert_eq!(got.len(), 1, "exactly one verification request: {got:?}");
    let v = &got[0];
    assert_eq!(v.path, "/notify");
    assert_eq!(
        v.body,
        json!({"m2m:sgn": {"vrq": true, "sur": format!("/id-in/{ri}"), "cr": "Cverify"}})
    );
    // The Hosting CSE is the originator of the Notify (TS-0004 7.5.1.2.3; TS-0009 6.4.1).
    assert_eq!(v.headers["X-M2M-Origin"], "/id-in");
    assert!(v.headers.contains_key("X-M2M-RI"));
    let ct = v.headers["Content-Type"].to_str().unwrap();
    assert!(ct.starts_with("application/json"), "{ct}");
    assert!(!ct.contains("ty="), "a Notify carries no ty: {ct}");
}

#[tokio::test]
async fn verification_request_goes_to_the_poa_of_an_ae_target() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Csubber", "subber", &[]).await;
    app(&c, "Ctarget", "target", &[&rx.url]).await;
    let cnt = container(&c, &ae, "Csubber", "box").await;
    for (rn, nu) in [("s1", "Ctarget"), ("s2", "/id-in/Ctarget")] {
        let r = subscribe(&c, &cnt, "Csubber", json!({"rn": rn, "nu": [nu]})).await;
        assert_eq!(r.rsc, 2001, "{nu}: {:?}", r.body);
        let ri = r.attrs()["ri"].as_str().unwrap();
        let last = rx.all().last().cloned().unwrap();
        assert_eq!(
            last.body,
            json!({"m2m:sgn": {"vrq": true, "sur": format!("/id-in/{ri}"), "cr": "Csubber"}}),
            "{nu}"
        );
    }
    assert_eq!(rx.all().len(), 2);
}

#[tokio::test]
async fn no_verification_when_the_target_is_the_subscriber_itself() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cself", "self", &[&rx.url]).await;
    let cnt = container(&c, &ae, "Cself", "box").await;
    let r = subscribe(&c, &cnt, "Cself", json!({"rn": "s", "nu": ["Cself"]})).await;
    assert_eq!(r.rsc, 2001, "{:?}", r.body);
    // Recv-6.5: `cr` only when the notificationURI is not the originator.
    assert!(r.attrs().get("cr").is_none(), "{:?}", r.body);
    settle(&cse).await;
    assert!(rx.all().is_empty(), "no verification: {:?}", rx.all());
    // ...but notifications do go to the AE's point of access.
    let u = c.update(&cnt, "Cself", labels(&["x"])).await;
    assert_eq!(u.rsc, 2004);
    let got = wait_events(&rx, 1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["nev"]["net"], 1);
    assert!(got[0].get("cr").is_none(), "{got:?}");
}

#[tokio::test]
async fn refused_verification_fails_the_subscription_with_5204() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Crefused", "refused", &[]).await;
    let cnt = container(&c, &ae, "Crefused", "box").await;
    for (answer, rn) in [(4000u16, "s4000"), (4101, "s4101")] {
        rx.set_answer(answer);
        let r = subscribe(&c, &cnt, "Crefused", json!({"rn": rn, "nu": [rx.url]})).await;
        assert_eq!((r.status, r.rsc), (500, 5204), "{answer}: {:?}", r.body);
        let gone = c.get(&format!("{cnt}/{rn}"), "Crefused").await;
        assert_eq!(gone.rsc, 4004, "no subscription was created");
    }
    assert_eq!(rx.all().len(), 2, "one verification per attempt");
    let found = c.get(&format!("{cnt}?fu=1&ty=23"), "Crefused").await;
    assert_eq!(found.body, json!({"m2m:uril": []}));
}

#[tokio::test]
async fn unreachable_target_fails_the_subscription_with_5204() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let ae = app(&c, "Cunreach", "unreach", &[]).await;
    app(&c, "Cnopoa", "nopoa", &[]).await;
    let cnt = container(&c, &ae, "Cunreach", "box").await;
    let url = closed_url().await;
    let r = subscribe(&c, &cnt, "Cunreach", json!({"rn": "s", "nu": [url]})).await;
    assert_eq!((r.status, r.rsc), (500, 5204), "{:?}", r.body);
    // An AE target without any point of access cannot be verified either.
    let r = subscribe(&c, &cnt, "Cunreach", json!({"rn": "s", "nu": ["Cnopoa"]})).await;
    assert_eq!(r.rsc, 5204, "{:?}", r.body);
    let found = c.get(&format!("{cnt}?fu=1&ty=23"), "Cunreach").await;
    assert_eq!(found.body, json!({"m2m:uril": []}));
}

// ---- update notifications and notificationContentType (TS-0001 Table 9.6.8-4) ----

#[tokio::test]
async fn update_notification_with_all_attributes() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cnct1", "nct1", &[]).await;
    let cnt = container(&c, &ae, "Cnct1", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cnct1",
        json!({"rn": "s", "nu": [rx.url], "nct": 1}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    let sur = format!("/id-in/{}", s.attrs()["ri"].as_str().unwrap());
    let u = c.update(&cnt, "Cnct1", labels(&["one"])).await;
    assert_eq!(u.rsc, 2004);
    let got = wait_events(&rx, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    let now = c.get(&cnt, "Cnct1").await;
    assert_eq!(
        got[0],
        json!({"nev": {"net": 1, "rep": now.body}, "sur": sur, "cr": "Cnct1"})
    );
    assert_eq!(got[0]["nev"]["rep"]["m2m:cnt"]["lbl"], json!(["one"]));
    let last = rx.all().last().cloned().unwrap();
    assert_eq!(last.headers["X-M2M-Origin"], "/id-in");
}

#[tokio::test]
async fn update_notification_with_modified_attributes_only() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cnct2", "nct2", &[]).await;
    let cnt = container(&c, &ae, "Cnct2", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cnct2",
        json!({"rn": "s", "nu": [rx.url], "nct": 2}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    let u = c
        .update(
            &cnt,
            "Cnct2",
            json!({"m2m:cnt": {"lbl": ["two"], "mni": 5}}),
        )
        .await;
    assert_eq!(u.rsc, 2004);
    let got = wait_events(&rx, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    let rep = got[0]["nev"]["rep"]["m2m:cnt"].as_object().unwrap();
    assert_eq!(rep["lbl"], json!(["two"]));
    assert_eq!(rep["mni"], 5);
    // Only what changed: the update's attributes and what the CSE changed with them.
    for key in rep.keys() {
        assert!(
            ["lbl", "mni", "lt", "st"].contains(&key.as_str()),
            "unmodified `{key}` in {rep:?}"
        );
    }
    assert_eq!(got[0]["nev"]["net"], 1);
}

#[tokio::test]
async fn modified_attributes_are_refused_for_child_and_delete_events() {
    // TS-0001 Table 9.6.8-4: "modified attributes" is valid only for update events;
    // TS-0004 7.4.8.2.1 Recv-6.4: an invalid combination is BAD_REQUEST.
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cnctbad", "nctbad", &[]).await;
    let cnt = container(&c, &ae, "Cnctbad", "box").await;
    for net in [2, 3, 4] {
        let r = subscribe(
            &c,
            &cnt,
            "Cnctbad",
            json!({"nu": [rx.url], "nct": 2, "enc": {"net": [net]}}),
        )
        .await;
        assert_eq!((r.status, r.rsc), (400, 4000), "net {net}: {:?}", r.body);
    }
    // nct 3 (resource ID) and 1 (all attributes) are valid for them.
    for (net, nct) in [(3, 3), (4, 1)] {
        let r = subscribe(
            &c,
            &cnt,
            "Cnctbad",
            json!({"nu": [rx.url], "nct": nct, "enc": {"net": [net]}}),
        )
        .await;
        assert_eq!(r.rsc, 2001, "net {net} nct {nct}: {:?}", r.body);
    }
    // An update of a subscription cannot make it invalid either.
    let s = subscribe(
        &c,
        &cnt,
        "Cnctbad",
        json!({"rn": "upd", "nu": [rx.url], "nct": 2}),
    )
    .await;
    assert_eq!(s.rsc, 2001);
    let r = c
        .update(
            &format!("{cnt}/upd"),
            "Cnctbad",
            json!({"m2m:sub": {"enc": {"net": [3]}}}),
        )
        .await;
    assert_eq!(r.rsc, 4000, "{:?}", r.body);
}

#[tokio::test]
async fn update_notification_with_resource_id() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cnct3", "nct3", &[]).await;
    let cnt = container(&c, &ae, "Cnct3", "box").await;
    let cnt_ri = c.get(&cnt, "Cnct3").await.attrs()["ri"].clone();
    let s = subscribe(
        &c,
        &cnt,
        "Cnct3",
        json!({"rn": "s", "nu": [rx.url], "nct": 3, "enc": {"net": [1, 3]}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    assert_eq!(c.update(&cnt, "Cnct3", labels(&["x"])).await.rsc, 2004);
    let cin = c
        .create(&cnt, "Cnct3", CIN, json!({"m2m:cin": {"con": "v"}}))
        .await;
    assert_eq!(cin.rsc, 2001);
    let got = wait_events(&rx, 2).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0]["nev"], json!({"net": 1, "rep": cnt_ri}));
    // For a child event the ID is the child's (Table 9.6.8-4, "ID of the resource
    // indicated in the notificationEventType condition").
    assert_eq!(got[1]["nev"], json!({"net": 3, "rep": cin.attrs()["ri"]}));
}

#[tokio::test]
async fn attribute_criteria_select_which_updates_notify() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Catr", "atr", &[]).await;
    let cnt = container(&c, &ae, "Catr", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Catr",
        json!({"rn": "s", "nu": [rx.url], "enc": {"net": [1], "atr": ["lbl"]}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    assert_eq!(
        c.update(&cnt, "Catr", json!({"m2m:cnt": {"mni": 3}}))
            .await
            .rsc,
        2004
    );
    settle(&cse).await;
    assert!(
        events(&rx).is_empty(),
        "mni is not watched: {:?}",
        events(&rx)
    );
    assert_eq!(c.update(&cnt, "Catr", labels(&["w"])).await.rsc, 2004);
    let got = wait_events(&rx, 1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["nev"]["rep"]["m2m:cnt"]["lbl"], json!(["w"]));
    assert_eq!(got[0]["nev"]["rep"]["m2m:cnt"]["mni"], 3);
}

// ---- child create / delete (net 3, 4) and chty ----

#[tokio::test]
async fn child_created_and_deleted_notifications_honour_chty() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cchild", "child", &[]).await;
    let cnt = container(&c, &ae, "Cchild", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cchild",
        json!({"rn": "s", "nu": [rx.url], "enc": {"net": [3, 4], "chty": [4]}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    let cin = c
        .create(
            &cnt,
            "Cchild",
            CIN,
            json!({"m2m:cin": {"rn": "i1", "con": "hello"}}),
        )
        .await;
    assert_eq!(cin.rsc, 2001);
    // A child of a type not listed in chty raises nothing.
    container(&c, &cnt, "Cchild", "sub-box").await;
    assert_eq!(
        c.delete(&format!("{cnt}/sub-box"), "Cchild").await.rsc,
        2002
    );
    assert_eq!(c.delete(&format!("{cnt}/i1"), "Cchild").await.rsc, 2002);
    let got = wait_events(&rx, 2).await;
    settle(&cse).await;
    let got_all = events(&rx);
    assert_eq!(got_all.len(), 2, "{got_all:?}");
    assert_eq!(got[0]["nev"]["net"], 3);
    assert_eq!(got[0]["nev"]["rep"], cin.body);
    assert_eq!(got[1]["nev"]["net"], 4);
    assert_eq!(got[1]["nev"]["rep"]["m2m:cin"]["rn"], "i1");
    assert_eq!(got[1]["nev"]["rep"]["m2m:cin"]["con"], "hello");
    // Without chty every child type counts.
    let s2 = subscribe(
        &c,
        &cnt,
        "Cchild",
        json!({"rn": "all", "nu": [rx.url], "enc": {"net": [3]}}),
    )
    .await;
    assert_eq!(s2.rsc, 2001);
    container(&c, &cnt, "Cchild", "another").await;
    let got = wait_events(&rx, 3).await;
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[2]["nev"]["net"], 3);
    assert_eq!(got[2]["nev"]["rep"]["m2m:cnt"]["rn"], "another");
    // A chty that is no child type of the subscribed-to resource is BAD_REQUEST
    // (TS-0004 7.4.8.2.1 and 7.4.8.2.3, Recv-6.4): an <AE> is never a child of a container.
    let bad = subscribe(
        &c,
        &cnt,
        "Cchild",
        json!({"nu": [rx.url], "enc": {"net": [3], "chty": [2]}}),
    )
    .await;
    assert_eq!((bad.status, bad.rsc), (400, 4000), "{:?}", bad.body);
    let bad = c
        .update(
            &format!("{cnt}/s"),
            "Cchild",
            json!({"m2m:sub": {"enc": {"net": [3, 4], "chty": [4, 5]}}}),
        )
        .await;
    assert_eq!(bad.rsc, 4000, "{:?}", bad.body);
}

// ---- deletion (net 2) and the deletion notification to `su` (TS-0004 7.5.1.2.4) ----

#[tokio::test]
async fn deleting_the_subscribed_resource_notifies_and_ends_the_subscription() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let subscriber = Receiver::start().await;
    let ae = app(&c, "Cdel", "del", &[]).await;
    let cnt = container(&c, &ae, "Cdel", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cdel",
        json!({"rn": "s", "nu": [rx.url], "su": subscriber.url, "enc": {"net": [2]}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    let sur = format!("/id-in/{}", s.attrs()["ri"].as_str().unwrap());
    // Updates are not watched.
    assert_eq!(c.update(&cnt, "Cdel", labels(&["x"])).await.rsc, 2004);
    let before = c.get(&cnt, "Cdel").await;
    assert_eq!(c.delete(&cnt, "Cdel").await.rsc, 2002);
    let got = wait_events(&rx, 1).await;
    let ended = wait_events(&subscriber, 1).await;
    settle(&cse).await;
    assert_eq!(events(&rx).len(), 1, "{:?}", events(&rx));
    assert_eq!(got[0]["nev"], json!({"net": 2, "rep": before.body}));
    assert_eq!(got[0]["sur"], sur);
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(ended[0]["sud"], true);
    assert_eq!(ended[0]["sur"], sur);
    assert!(ended[0].get("nev").is_none());
    assert_eq!(c.get(&format!("{cnt}/s"), "Cdel").await.rsc, 4004);
}

#[tokio::test]
async fn deleting_a_subscription_tells_its_subscriber() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let subscriber = Receiver::start().await;
    let ae = app(&c, "Csud", "sud", &[]).await;
    let cnt = container(&c, &ae, "Csud", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Csud",
        json!({"rn": "s", "nu": [rx.url], "su": subscriber.url}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    assert_eq!(s.attrs()["su"], subscriber.url.as_str());
    let sur = format!("/id-in/{}", s.attrs()["ri"].as_str().unwrap());
    assert_eq!(c.delete(&format!("{cnt}/s"), "Csud").await.rsc, 2002);
    let ended = wait_events(&subscriber, 1).await;
    settle(&cse).await;
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0]["sud"], true);
    assert_eq!(ended[0]["sur"], sur);
    assert!(events(&rx).is_empty(), "nu is not told: {:?}", events(&rx));
    // The subscriber's id as `su`: the notice goes to its point of access.
    let by_id = Receiver::start().await;
    app(&c, "Csudae", "sudae", &[&by_id.url]).await;
    let s = subscribe(
        &c,
        &cnt,
        "Csud",
        json!({"rn": "s2", "nu": [rx.url], "su": "Csudae"}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    assert_eq!(c.delete(&format!("{cnt}/s2"), "Csud").await.rsc, 2002);
    let ended = wait_events(&by_id, 1).await;
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0]["sud"], true);
}

#[tokio::test]
async fn deleting_an_ancestor_removes_the_subscription_with_notices() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let subscriber = Receiver::start().await;
    let ae = app(&c, "Canc", "anc", &[]).await;
    let cnt = container(&c, &ae, "Canc", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Canc",
        json!({"rn": "s", "nu": [rx.url], "su": subscriber.url, "enc": {"net": [1, 2]}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    let sur = format!("/id-in/{}", s.attrs()["ri"].as_str().unwrap());
    // The AE goes, and with it (TS-0004 7.3.3.8, recursively) the container and its
    // subscription: the container's subscribers see it deleted (net 2), the subscriber
    // that its subscription ended.
    assert_eq!(c.delete(&ae, "Canc").await.rsc, 2002);
    let got = wait_events(&rx, 1).await;
    let ended = wait_events(&subscriber, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["nev"]["net"], 2);
    assert_eq!(got[0]["nev"]["rep"]["m2m:cnt"]["rn"], "box");
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(ended[0]["sud"], true);
    assert_eq!(ended[0]["sur"], sur);
    assert!(ended[0].get("nev").is_none());
}

// ---- expirationCounter (TS-0004 7.5.1.2.2 step 5.0/7.0) ----

#[tokio::test]
async fn expiration_counter_counts_down_and_ends_the_subscription() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cexc", "exc", &[]).await;
    let cnt = container(&c, &ae, "Cexc", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cexc",
        json!({"rn": "s", "nu": [rx.url], "su": rx.url, "exc": 3}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    assert_eq!(s.attrs()["exc"], 3);
    let sur = format!("/id-in/{}", s.attrs()["ri"].as_str().unwrap());
    let sub_path = format!("{cnt}/s");
    for (i, left) in [(1, Some(2)), (2, Some(1)), (3, None)] {
        let tag = format!("u{i}");
        assert_eq!(c.update(&cnt, "Cexc", labels(&[&tag])).await.rsc, 2004);
        let now = c.get(&sub_path, "Cexc").await;
        match left {
            Some(n) => {
                assert_eq!(now.rsc, 2000, "{:?}", now.body);
                assert_eq!(now.attrs()["exc"], n, "after {i} notifications");
            }
            None => assert_eq!(now.rsc, 4004, "the counter reached zero"),
        }
    }
    assert_eq!(c.update(&cnt, "Cexc", labels(&["after"])).await.rsc, 2004);
    let got = wait_events(&rx, 4).await;
    settle(&cse).await;
    let got_all = events(&rx);
    assert_eq!(
        got_all.len(),
        4,
        "3 notifications and the deletion notice: {got_all:?}"
    );
    for (i, n) in got.iter().take(3).enumerate() {
        assert_eq!(
            n["nev"]["rep"]["m2m:cnt"]["lbl"],
            json!([format!("u{}", i + 1)])
        );
    }
    // The deletion notice comes after the last notification.
    assert_eq!(got[3]["sud"], true);
    assert_eq!(got[3]["sur"], sur);
}

// ---- order, privilege, update of the subscription ----

#[tokio::test]
async fn notifications_to_one_target_follow_the_order_of_changes() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Corder", "order", &[]).await;
    let cnt = container(&c, &ae, "Corder", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Corder",
        json!({"rn": "s", "nu": [rx.url], "nct": 2}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    for i in 0..25 {
        let tag = format!("n{i}");
        assert_eq!(c.update(&cnt, "Corder", labels(&[&tag])).await.rsc, 2004);
    }
    let got = wait_events(&rx, 25).await;
    let seen: Vec<Value> = got
        .iter()
        .map(|n| n["nev"]["rep"]["m2m:cnt"]["lbl"][0].clone())
        .collect();
    let expected: Vec<Value> = (0..25).map(|i| json!(format!("n{i}"))).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn subscribing_needs_retrieve_privilege_on_the_target() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cowner", "owner", &[]).await;
    app(&c, "Cguest", "guest", &[]).await;
    let cnt = container(&c, &ae, "Cowner", "box").await;
    let r = subscribe(&c, &cnt, "Cguest", json!({"rn": "s", "nu": [rx.url]})).await;
    assert_eq!((r.status, r.rsc), (403, 4103), "{:?}", r.body);
    assert!(
        rx.all().is_empty(),
        "no verification for a refused subscription"
    );
    // RETRIEVE alone (acop 2) is enough (TS-0004 7.4.8.2.1 Recv-6.3; TS-0001 9.6.8).
    let acp = c
        .create(
            &ae,
            "Cowner",
            1,
            json!({"m2m:acp": {"rn": "acp", "pv": {"acr": [
                {"acor": ["Cowner"], "acop": 63},
                {"acor": ["Cguest"], "acop": 2}
            ]}, "pvs": {"acr": [{"acor": ["Cowner"], "acop": 63}]}}}),
        )
        .await;
    assert_eq!(acp.rsc, 2001, "{:?}", acp.body);
    let acp_ri = acp.attrs()["ri"].clone();
    let u = c
        .update(&cnt, "Cowner", json!({"m2m:cnt": {"acpi": [acp_ri]}}))
        .await;
    assert_eq!(u.rsc, 2004, "{:?}", u.body);
    let r = subscribe(&c, &cnt, "Cguest", json!({"rn": "s", "nu": [rx.url]})).await;
    assert_eq!(r.rsc, 2001, "{:?}", r.body);
    assert_eq!(r.attrs()["cr"], "Cguest");
    assert_eq!(rx.all().len(), 1, "verified once");
}

#[tokio::test]
async fn updating_nu_moves_the_notifications() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let first = Receiver::start().await;
    let second = Receiver::start().await;
    let ae = app(&c, "Cmove", "move", &[]).await;
    let cnt = container(&c, &ae, "Cmove", "box").await;
    let s = subscribe(&c, &cnt, "Cmove", json!({"rn": "s", "nu": [first.url]})).await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    assert_eq!(c.update(&cnt, "Cmove", labels(&["a"])).await.rsc, 2004);
    assert_eq!(wait_events(&first, 1).await.len(), 1);
    let u = c
        .update(
            &format!("{cnt}/s"),
            "Cmove",
            json!({"m2m:sub": {"nu": [second.url]}}),
        )
        .await;
    assert_eq!((u.status, u.rsc), (200, 2004), "{:?}", u.body);
    assert_eq!(u.attrs()["nu"], json!([second.url]));
    // The creator stays what it was (cr is NP on update, TS-0004 Table 7.4.8.1-2).
    assert_eq!(u.attrs()["cr"], "Cmove");
    assert_eq!(c.update(&cnt, "Cmove", labels(&["b"])).await.rsc, 2004);
    let got = wait_events(&second, 1).await;
    settle(&cse).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["nev"]["rep"]["m2m:cnt"]["lbl"], json!(["b"]));
    assert_eq!(events(&first).len(), 1, "the old target hears nothing more");
    // An empty nu is refused: notificationURI is mandatory (multiplicity 1 (L)).
    let bad = c
        .update(&format!("{cnt}/s"), "Cmove", json!({"m2m:sub": {"nu": []}}))
        .await;
    assert_eq!(bad.rsc, 4000, "{:?}", bad.body);
}

// ---- non-blocking requests (TS-0004 7.3.2.2–7.3.2.5, 7.4.12, 7.5.1.2.5) ----

/// Polls a `<request>` resource until it is no longer PENDING (bounded).
async fn finished_request(c: &Client, path: &str, origin: &str) -> Reply {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let r = c.get(path, origin).await;
        assert_eq!(r.rsc, 2000, "{path}: {:?}", r.body);
        if r.attrs()["rs"] != 3 || tokio::time::Instant::now() >= deadline {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn non_blocking_synch_exposes_the_result_in_a_request_resource() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let ae = app(&c, "Cnbs", "nbs", &[]).await;
    let r = c
        .send(
            Req::new("POST", &format!("{ae}?rt=1"))
                .origin("Cnbs")
                .header("X-M2M-RI", "nb-create-1")
                .json(&json!({"m2m:cnt": {"rn": "later"}}))
                .ty(CNT),
        )
        .await;
    assert_eq!((r.status, r.rsc), (202, 1001), "{:?}", r.body);
    assert_eq!(r.header("X-M2M-RI"), Some("nb-create-1"));
    let uri = r.body["m2m:uri"].as_str().unwrap().to_string();
    let req = finished_request(&c, &format!("/{uri}"), "Cnbs").await;
    assert_eq!(req.root(), "m2m:req");
    let a = req.attrs();
    assert_eq!(a["ty"], 17);
    assert_eq!(a["rs"], 1, "COMPLETED: {a:?}");
    assert_eq!(a["op"], 1);
    assert_eq!(a["tg"], "cse-in/nbs");
    assert_eq!(a["org"], "Cnbs");
    assert_eq!(a["rid"], "nb-create-1");
    assert_eq!(
        a["lbl"],
        json!(["Cnbs"]),
        "labels hold the Originator (Table 7.3.2.2-1)"
    );
    // The parent of a <request> is the CSEBase (Table 7.3.2.2-1).
    assert_eq!(a["pi"], "id-in");
    let ors = &a["ors"];
    assert_eq!(ors["rsc"], 2001, "{ors:?}");
    assert_eq!(ors["rqi"], "nb-create-1");
    assert_eq!(ors["pc"]["m2m:cnt"]["rn"], "later");
    let made = c.get(&format!("{ae}/later"), "Cnbs").await;
    assert_eq!(made.rsc, 2000);
    assert_eq!(ors["pc"]["m2m:cnt"]["ri"], made.attrs()["ri"]);
    // A retrieve of a <request> in non-blocking mode is refused (7.4.12.2.2).
    let nb = c.get(&format!("/{uri}?rt=1"), "Cnbs").await;
    assert_eq!(nb.rsc, 4000, "{:?}", nb.body);
}

#[tokio::test]
async fn non_blocking_asynch_sends_the_response_to_the_rtu() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cnba", "nba", &[&rx.url]).await;
    container(&c, &ae, "Cnba", "box").await;
    // A response type URI that is not the originator's own is refused: the CSE does not post
    // results to hosts nobody verified.
    let foreign = c
        .send(
            Req::new("GET", &format!("{ae}/box?rt=2"))
                .origin("Cnba")
                .header("X-M2M-RTU", "http://127.0.0.1:9/elsewhere"),
        )
        .await;
    assert_eq!(foreign.rsc, 4000, "{:?}", foreign.body);
    assert!(rx.all().is_empty());
    let r = c
        .send(
            Req::new("GET", &format!("{ae}/box?rt=2"))
                .origin("Cnba")
                .header("X-M2M-RI", "nb-get-1")
                .header("X-M2M-RTU", &rx.url),
        )
        .await;
    assert_eq!((r.status, r.rsc), (202, 1002), "{:?}", r.body);
    assert!(r.body["m2m:uri"].is_string(), "{:?}", r.body);
    let got = rx.wait_for(1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    let n = &got[0];
    assert_eq!(n.headers["X-M2M-Origin"], "/id-in");
    let rsp = &n.body["m2m:rsp"];
    assert_eq!(rsp["rsc"], 2000, "{:?}", n.body);
    assert_eq!(rsp["rqi"], "nb-get-1");
    assert_eq!(rsp["to"], "Cnba");
    assert_eq!(rsp["fr"], "/id-in");
    assert_eq!(rsp["pc"]["m2m:cnt"]["rn"], "box");
    // The <request> resource holds the same outcome.
    let uri = r.body["m2m:uri"].as_str().unwrap();
    let req = finished_request(&c, &format!("/{uri}"), "Cnba").await;
    assert_eq!(req.attrs()["rs"], 1);
    assert_eq!(req.attrs()["ors"], *rsp);
}

#[tokio::test]
async fn non_blocking_asynch_without_rtu_goes_to_the_originator() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cnbo", "nbo", &[&rx.url]).await;
    let r = c
        .send(
            Req::new("PUT", &format!("{ae}?rt=2"))
                .origin("Cnbo")
                .json(&json!({"m2m:ae": {"lbl": ["nb"]}})),
        )
        .await;
    assert_eq!(r.rsc, 1002, "{:?}", r.body);
    let got = rx.wait_for(1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].body["m2m:rsp"]["rsc"], 2004);
    assert_eq!(got[0].body["m2m:rsp"]["pc"]["m2m:ae"]["lbl"], json!(["nb"]));
}

#[tokio::test]
async fn failing_non_blocking_request_is_marked_failed() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cnbf", "nbf", &[&rx.url]).await;
    let r = c
        .send(
            Req::new("GET", &format!("{ae}/missing?rt=1"))
                .origin("Cnbf")
                .header("X-M2M-RI", "nb-fail"),
        )
        .await;
    assert_eq!((r.status, r.rsc), (202, 1001), "{:?}", r.body);
    let uri = r.body["m2m:uri"].as_str().unwrap();
    let req = finished_request(&c, &format!("/{uri}"), "Cnbf").await;
    assert_eq!(req.attrs()["rs"], 2, "FAILED: {:?}", req.body);
    assert_eq!(req.attrs()["ors"]["rsc"], 4004);
    assert_eq!(req.attrs()["ors"]["rqi"], "nb-fail");
    // Asynchronous: the error response is what the target receives.
    let r = c
        .send(
            Req::new("DELETE", &format!("{ae}/missing?rt=2"))
                .origin("Cnbf")
                .header("X-M2M-RTU", &rx.url),
        )
        .await;
    assert_eq!(r.rsc, 1002);
    let got = rx.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].body["m2m:rsp"]["rsc"], 4004);
}

// ---- lifecycle: et, lt/ct, st, restart ----

#[tokio::test]
async fn expired_resource_disappears_with_its_notifications() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let subscriber = Receiver::start().await;
    let ae = app(&c, "Cexp", "exp", &[]).await;
    let et = cse::time::format(cse::time::now_ms() + 2_000);
    let r = c
        .create(
            &ae,
            "Cexp",
            CNT,
            json!({"m2m:cnt": {"rn": "short", "et": et}}),
        )
        .await;
    assert_eq!(r.rsc, 2001, "{:?}", r.body);
    assert_eq!(r.attrs()["et"], et.as_str());
    let cnt = format!("{ae}/short");
    let s = subscribe(
        &c,
        &cnt,
        "Cexp",
        json!({"rn": "s", "nu": [rx.url], "su": subscriber.url, "enc": {"net": [2]}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    let sur = format!("/id-in/{}", s.attrs()["ri"].as_str().unwrap());
    assert_eq!(c.get(&cnt, "Cexp").await.rsc, 2000);
    // The CSE's housekeeping runs every second; wait (bounded) for it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
    loop {
        let now = c.get(&cnt, "Cexp").await;
        if now.rsc == 4004 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not expired in time"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = wait_events(&rx, 1).await;
    let ended = wait_events(&subscriber, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["nev"]["net"], 2);
    assert_eq!(got[0]["nev"]["rep"]["m2m:cnt"]["rn"], "short");
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(ended[0]["sud"], true);
    assert_eq!(ended[0]["sur"], sur);
    // The AE itself did not expire.
    assert_eq!(c.get(&ae, "Cexp").await.rsc, 2000);
}

#[tokio::test]
async fn an_expiring_subscription_sends_its_deletion_notice() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Csubexp", "subexp", &[]).await;
    let cnt = container(&c, &ae, "Csubexp", "box").await;
    let et = cse::time::format(cse::time::now_ms() + 2_000);
    let s = subscribe(
        &c,
        &cnt,
        "Csubexp",
        json!({"rn": "s", "nu": [rx.url], "su": rx.url, "et": et}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    cse.cse().expire_now().await;
    assert_eq!(c.get(&format!("{cnt}/s"), "Csubexp").await.rsc, 4004);
    let got = wait_events(&rx, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["sud"], true);
    assert_eq!(c.get(&cnt, "Csubexp").await.rsc, 2000);
}

#[tokio::test]
async fn updates_move_lt_keep_ct_and_count_st() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let ae = app(&c, "Clife", "life", &[]).await;
    let created = c
        .create(&ae, "Clife", CNT, json!({"m2m:cnt": {"rn": "box"}}))
        .await;
    let ct = created.attrs()["ct"].clone();
    assert_eq!(
        created.attrs()["lt"],
        ct,
        "lt equals ct at creation (7.3.3.5)"
    );
    assert_eq!(created.attrs()["st"], 0);
    // Timestamps have whole seconds: let one pass.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let u = c
        .update(&format!("{ae}/box"), "Clife", labels(&["x"]))
        .await;
    assert_eq!(u.rsc, 2004);
    let after = c.get(&format!("{ae}/box"), "Clife").await;
    let a = after.attrs();
    assert_eq!(a["ct"], ct);
    assert!(
        a["lt"].as_str().unwrap() > ct.as_str().unwrap(),
        "lt {} after ct {}",
        a["lt"],
        ct
    );
    assert_eq!(a["st"], 1);
    assert_eq!(
        c.update(&format!("{ae}/box"), "Clife", labels(&["y"]))
            .await
            .rsc,
        2004
    );
    assert_eq!(c.get(&format!("{ae}/box"), "Clife").await.attrs()["st"], 2);
    // An instance added is a change of the container too, and the instance carries the
    // container's new stateTag.
    let cin = c
        .create(
            &format!("{ae}/box"),
            "Clife",
            CIN,
            json!({"m2m:cin": {"con": "v"}}),
        )
        .await;
    assert_eq!(cin.rsc, 2001);
    assert_eq!(cin.attrs()["st"], 3);
    assert_eq!(c.get(&format!("{ae}/box"), "Clife").await.attrs()["st"], 3);
}

#[tokio::test]
async fn subscriptions_keep_firing_after_a_restart() {
    let mut cse = TestCse::start().await;
    let rx = Receiver::start().await;
    let cnt;
    let sub_ri;
    {
        let c = cse.client();
        let ae = app(&c, "Crestart", "restart", &[]).await;
        cnt = container(&c, &ae, "Crestart", "box").await;
        let s = subscribe(
            &c,
            &cnt,
            "Crestart",
            json!({"rn": "s", "nu": [rx.url], "exc": 5}),
        )
        .await;
        assert_eq!(s.rsc, 2001, "{:?}", s.body);
        sub_ri = s.attrs()["ri"].as_str().unwrap().to_string();
        assert_eq!(
            c.update(&cnt, "Crestart", labels(&["before"])).await.rsc,
            2004
        );
        assert_eq!(wait_events(&rx, 1).await.len(), 1);
    }
    cse.restart().await;
    let c = cse.client();
    let s = c.get(&format!("{cnt}/s"), "Crestart").await;
    assert_eq!(s.rsc, 2000);
    assert_eq!(s.attrs()["exc"], 4, "the counter is durable");
    assert_eq!(
        c.update(&cnt, "Crestart", labels(&["after"])).await.rsc,
        2004
    );
    let got = wait_events(&rx, 2).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[1]["nev"]["rep"]["m2m:cnt"]["lbl"], json!(["after"]));
    assert_eq!(got[1]["sur"], format!("/id-in/{sub_ri}"));
    assert_eq!(
        c.get(&format!("{cnt}/s"), "Crestart").await.attrs()["exc"],
        3
    );
}

// ---- X-M2M-RET (TS-0004 7.3.2.6: a timestamp in the past → REQUEST_TIMEOUT) ----

#[tokio::test]
async fn expired_request_expiration_timestamp_is_4008() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let ae = app(&c, "Cret", "ret", &[]).await;
    let r = c
        .send(
            Req::new("GET", &ae)
                .origin("Cret")
                .header("X-M2M-RET", "20000101T000000"),
        )
        .await;
    assert_eq!((r.status, r.rsc), (504, 4008), "{:?}", r.body);
    let r = c
        .send(
            Req::new("POST", &ae)
                .origin("Cret")
                .header("X-M2M-RET", "20000101T000000")
                .json(&json!({"m2m:cnt": {"rn": "never"}}))
                .ty(CNT),
        )
        .await;
    assert_eq!(r.rsc, 4008, "{:?}", r.body);
    assert_eq!(c.get(&format!("{ae}/never"), "Cret").await.rsc, 4004);
    // A future timestamp is served.
    let later = cse::time::format(cse::time::now_ms() + 60_000);
    let r = c
        .send(
            Req::new("GET", &ae)
                .origin("Cret")
                .header("X-M2M-RET", &later),
        )
        .await;
    assert_eq!(r.rsc, 2000, "{:?}", r.body);
}

// ---- batchNotify (TS-0001 9.6.8, 10.2.10.7; TS-0004 7.4.8.2.1 Recv-6.5) ----

/// Waits (bounded, 4 s) until `n` requests other than verification requests arrived;
/// returns their bodies.
async fn wait_bodies(rx: &Receiver, n: usize) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(4);
    loop {
        let got: Vec<Value> = rx
            .all()
            .into_iter()
            .map(|r| r.body)
            .filter(|b| b["m2m:sgn"].get("vrq").is_none())
            .collect();
        if got.len() >= n || tokio::time::Instant::now() >= deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The `lbl[0]` of each notification in an aggregated notification.
fn batch_labels(agn: &Value) -> Vec<String> {
    agn["m2m:agn"]["m2m:sgn"]
        .as_array()
        .unwrap_or_else(|| panic!("not an aggregated notification: {agn:?}"))
        .iter()
        .map(|n| {
            n["nev"]["rep"]["m2m:cnt"]["lbl"][0]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn batch_notify_sends_every_num_notifications_together() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cbatch", "batch", &[]).await;
    let cnt = container(&c, &ae, "Cbatch", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cbatch",
        json!({"rn": "s", "nu": [rx.url], "su": rx.url, "bn": {"num": 3, "dur": "PT30S"}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    assert_eq!(s.attrs()["bn"], json!({"num": 3, "dur": "PT30S"}));
    let sur = format!("/id-in/{}", s.attrs()["ri"].as_str().unwrap());
    for i in 1..=7 {
        let tag = format!("b{i}");
        assert_eq!(c.update(&cnt, "Cbatch", labels(&[&tag])).await.rsc, 2004);
    }
    let got = wait_bodies(&rx, 2).await;
    assert_eq!(got.len(), 2, "two full batches, the 7th is held: {got:?}");
    assert_eq!(batch_labels(&got[0]), ["b1", "b2", "b3"]);
    assert_eq!(batch_labels(&got[1]), ["b4", "b5", "b6"]);
    for n in got[0]["m2m:agn"]["m2m:sgn"].as_array().unwrap() {
        assert_eq!(n["sur"], sur);
        assert_eq!(n["nev"]["net"], 1);
    }
    // Deleting the subscription sends what is held, then the deletion notice.
    assert_eq!(c.delete(&format!("{cnt}/s"), "Cbatch").await.rsc, 2002);
    let got = wait_bodies(&rx, 4).await;
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(batch_labels(&got[2]), ["b7"]);
    assert_eq!(got[3]["m2m:sgn"]["sud"], true);
}

#[tokio::test]
async fn batch_notify_sends_when_the_duration_ends() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cbatchd", "batchd", &[]).await;
    let cnt = container(&c, &ae, "Cbatchd", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cbatchd",
        json!({"rn": "s", "nu": [rx.url], "bn": {"dur": "PT1S"}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    let start = tokio::time::Instant::now();
    for tag in ["d1", "d2"] {
        assert_eq!(c.update(&cnt, "Cbatchd", labels(&[tag])).await.rsc, 2004);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        wait_bodies(&rx, 0).await.is_empty(),
        "held until the duration ends"
    );
    let got = wait_bodies(&rx, 1).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(start.elapsed() >= Duration::from_millis(900));
    assert_eq!(batch_labels(&got[0]), ["d1", "d2"]);
    // The next notification starts a new batch.
    assert_eq!(c.update(&cnt, "Cbatchd", labels(&["d3"])).await.rsc, 2004);
    let got = wait_bodies(&rx, 2).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(batch_labels(&got[1]), ["d3"]);
}

#[tokio::test]
async fn batch_notify_gets_a_default_duration_and_is_validated() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let rx = Receiver::start().await;
    let ae = app(&c, "Cbatchv", "batchv", &[]).await;
    let cnt = container(&c, &ae, "Cbatchv", "box").await;
    let s = subscribe(
        &c,
        &cnt,
        "Cbatchv",
        json!({"rn": "s", "nu": [rx.url], "bn": {"num": 2}}),
    )
    .await;
    assert_eq!(s.rsc, 2001, "{:?}", s.body);
    // Recv-6.5: a batchNotify without duration gets the provider's default.
    let dur = s.attrs()["bn"]["dur"].as_str().unwrap().to_string();
    assert_eq!(s.attrs()["bn"]["num"], 2);
    assert!(
        cse::time::parse_duration(&dur).is_some_and(|ms| ms > 0),
        "{dur}"
    );
    for bad in [json!({"num": -1}), json!({"dur": "soon"}), json!("often")] {
        let r = subscribe(&c, &cnt, "Cbatchv", json!({"nu": [rx.url], "bn": bad})).await;
        assert_eq!(r.rsc, 4000, "{bad}: {:?}", r.body);
    }
}
