//! Discovery (`fu=1`, TS-0004 7.3.3.14, 7.3.3.17; TS-0001 10.2.6), conditional retrieval
//! and filtered child result contents (TS-0001 Table 8.1.2-1), and groups with fan-out
//! (TS-0004 7.4.13, 7.4.14) — end to end over HTTP on loopback.
#![allow(clippy::unwrap_used)]
mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

const ACP: u32 = 1;
const CNT: u32 = 3;
const CIN: u32 = 4;
const GRP: u32 = 9;

/// The `m2m:uril` of a discovery answer, as a set (discovery order is not specified).
fn uril(r: &Reply) -> BTreeSet<String> {
    assert_eq!((r.status, r.rsc), (200, 2000), "{:?}", r.body);
    r.body["m2m:uril"]
        .as_array()
        .unwrap_or_else(|| panic!("no m2m:uril in {:?}", r.body))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The `m2m:uril` of a discovery answer, in the order given.
fn uril_list(r: &Reply) -> Vec<String> {
    assert_eq!(r.rsc, 2000, "{:?}", r.body);
    r.body["m2m:uril"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

async fn create(c: &Client, parent: &str, origin: &str, ty: u32, body: Value) -> Reply {
    let r = c.create(parent, origin, ty, body).await;
    assert_eq!((r.status, r.rsc), (201, 2001), "{parent}: {:?}", r.body);
    r
}

/// The tree the discovery tests search:
///
/// ```text
/// cse-in
/// ├─ disc (AE Cdisc, lbl app)
/// │  ├─ box1 (cnt, lbl a floor1)
/// │  │  ├─ i1 (cin, cnf text/plain:0)
/// │  │  └─ i2 (cin)
/// │  ├─ box2 (cnt, lbl b)
/// │  │  └─ inner (cnt, lbl a)
/// │  └─ far (cnt, et 2099)
/// ├─ gw1 (node, ni IGD-1) └─ info (deviceInfo)
/// └─ gw2 (node, ni IGD-2)
/// ```
async fn tree(c: &Client) {
    let r = c.register("Cdisc", "disc", &[]).await;
    assert_eq!(r.rsc, 2001, "{:?}", r.body);
    let u = c
        .update("/cse-in/disc", "Cdisc", json!({"m2m:ae": {"lbl": ["app"]}}))
        .await;
    assert_eq!(u.rsc, 2004);
    let d = "/cse-in/disc";
    create(
        c,
        d,
        "Cdisc",
        CNT,
        json!({"m2m:cnt": {"rn": "box1", "lbl": ["a", "floor1"]}}),
    )
    .await;
    create(
        c,
        "/cse-in/disc/box1",
        "Cdisc",
        CIN,
        json!({"m2m:cin": {"rn": "i1", "cnf": "text/plain:0", "con": "x"}}),
    )
    .await;
    create(
        c,
        "/cse-in/disc/box1",
        "Cdisc",
        CIN,
        json!({"m2m:cin": {"rn": "i2", "con": "yy"}}),
    )
    .await;
    create(
        c,
        d,
        "Cdisc",
        CNT,
        json!({"m2m:cnt": {"rn": "box2", "lbl": ["b"]}}),
    )
    .await;
    create(
        c,
        "/cse-in/disc/box2",
        "Cdisc",
        CNT,
        json!({"m2m:cnt": {"rn": "inner", "lbl": ["a"]}}),
    )
    .await;
    create(
        c,
        d,
        "Cdisc",
        CNT,
        json!({"m2m:cnt": {"rn": "far", "et": "20991231T000000"}}),
    )
    .await;
    create(
        c,
        "/cse-in",
        ADMIN,
        14,
        json!({"m2m:nod": {"rn": "gw1", "ni": "IGD-1"}}),
    )
    .await;
    create(
        c,
        "/cse-in/gw1",
        ADMIN,
        13,
        json!({"m2m:dvi": {"rn": "info", "mgd": 1007, "dlb": "1", "man": "Acme", "mod": "IGD", "dty": "gateway"}}),
    )
    .await;
    create(
        c,
        "/cse-in",
        ADMIN,
        14,
        json!({"m2m:nod": {"rn": "gw2", "ni": "IGD-2"}}),
    )
    .await;
}

const BOX1: &str = "cse-in/disc/box1";
const BOX2: &str = "cse-in/disc/box2";
const INNER: &str = "cse-in/disc/box2/inner";
const FAR: &str = "cse-in/disc/far";
const I1: &str = "cse-in/disc/box1/i1";
const I2: &str = "cse-in/disc/box1/i2";

#[tokio::test]
async fn discovery_by_resource_type() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    let r = c.get("/cse-in/disc?fu=1&ty=3", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, INNER, FAR]));
    // Several values of one condition are ORed (TS-0004 7.3.3.17.0).
    let r = c.get("/cse-in/disc?fu=1&ty=3+4", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, INNER, FAR, I1, I2]));
    let r = c.get("/cse-in?fu=1&ty=14", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/gw1", "cse-in/gw2"]));
    let r = c.get("/cse-in?fu=1&ty=2", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/disc"]));
    // Nothing matches: an empty list, still OK (TS-0001 10.2.6).
    let r = c.get("/cse-in/disc?fu=1&ty=9", "Cdisc").await;
    assert_eq!(r.body, json!({"m2m:uril": []}));
}

#[tokio::test]
async fn discovery_searches_below_the_target_only() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    // TS-0004 7.3.3.14: "among all the children/descendent resource of the addressed
    // resource"; TS-0001 10.2.6: the children under the root of the discovery.
    let r = c.get("/cse-in/disc/box2?fu=1", "Cdisc").await;
    assert_eq!(uril_list(&r), vec![INNER.to_string()]);
    let r = c.get("/cse-in/disc/box2?fu=1&ty=3", "Cdisc").await;
    assert_eq!(uril_list(&r), vec![INNER.to_string()]);
    let r = c.get("/cse-in/disc/box1?fu=1&ty=3", "Cdisc").await;
    assert_eq!(r.body, json!({"m2m:uril": []}));
    // Unstructured addressing of the root works the same.
    let ri = c.get("/cse-in/disc/box1", "Cdisc").await.attrs()["ri"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c.get(&format!("/{ri}?fu=1"), "Cdisc").await;
    assert_eq!(uril(&r), set(&[I1, I2]));
}

#[tokio::test]
async fn discovery_by_labels() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    let r = c.get("/cse-in/disc?fu=1&lbl=a", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1, INNER]));
    let r = c.get("/cse-in/disc?fu=1&lbl=a+b", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, INNER]));
    let r = c.get("/cse-in/disc?fu=1&lbl=floor1", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1]));
    let r = c.get("/cse-in?fu=1&lbl=app", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/disc"]));
    let r = c.get("/cse-in/disc?fu=1&lbl=none", "Cdisc").await;
    assert_eq!(r.body, json!({"m2m:uril": []}));
}

#[tokio::test]
async fn discovery_by_times_and_state_tag() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let r = c.register("Ctime", "time", &[]).await;
    assert_eq!(r.rsc, 2001);
    let t = "/cse-in/time";
    create(&c, t, "Ctime", CNT, json!({"m2m:cnt": {"rn": "static"}})).await;
    create(&c, t, "Ctime", CNT, json!({"m2m:cnt": {"rn": "old"}})).await;
    // Timestamps have whole seconds.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let new = create(&c, t, "Ctime", CNT, json!({"m2m:cnt": {"rn": "new"}})).await;
    let t_new = new.attrs()["ct"].as_str().unwrap().to_string();
    let u = c
        .update(
            "/cse-in/time/old",
            "Ctime",
            json!({"m2m:cnt": {"lbl": ["touched"]}}),
        )
        .await;
    assert_eq!(u.rsc, 2004);
    let (st, old, new) = ("cse-in/time/static", "cse-in/time/old", "cse-in/time/new");
    let q = |cond: &str| format!("/cse-in/time?fu=1&ty=3&{cond}");
    // createdAfter ≤ ct; ct < createdBefore (TS-0004 7.3.3.17.1).
    assert_eq!(
        uril(&c.get(&q(&format!("cra={t_new}")), "Ctime").await),
        set(&[new])
    );
    assert_eq!(
        uril(&c.get(&q(&format!("crb={t_new}")), "Ctime").await),
        set(&[st, old])
    );
    // modifiedSince ≤ lt; lt < unmodifiedSince (7.3.3.17.2).
    assert_eq!(
        uril(&c.get(&q(&format!("ms={t_new}")), "Ctime").await),
        set(&[old, new])
    );
    assert_eq!(
        uril(&c.get(&q(&format!("us={t_new}")), "Ctime").await),
        set(&[st])
    );
    // Both bounds: one interval.
    let both = format!("cra=20000101T000000&crb={t_new}");
    assert_eq!(uril(&c.get(&q(&both), "Ctime").await), set(&[st, old]));
    // stateTagBigger ≤ st; st < stateTagSmaller (7.3.3.17.3): `old` was updated once.
    assert_eq!(uril(&c.get(&q("stb=1"), "Ctime").await), set(&[old]));
    assert_eq!(uril(&c.get(&q("sts=1"), "Ctime").await), set(&[st, new]));
}

#[tokio::test]
async fn discovery_by_expiration_time() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    // expirationTime < expireBefore; expireAfter ≤ expirationTime (7.3.3.17.4).
    let r = c
        .get("/cse-in/disc?fu=1&ty=3&exb=21000101T000000", "Cdisc")
        .await;
    assert_eq!(uril(&r), set(&[FAR]));
    let r = c
        .get("/cse-in/disc?fu=1&ty=3&exa=21000101T000000", "Cdisc")
        .await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, INNER]));
    let r = c
        .get("/cse-in/disc?fu=1&ty=3&exa=20991231T000000", "Cdisc")
        .await;
    assert_eq!(
        uril(&r),
        set(&[BOX1, BOX2, INNER, FAR]),
        "the lower bound is inclusive"
    );
}

#[tokio::test]
async fn discovery_limit_offset_and_level() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    let all = uril_list(&c.get("/cse-in/disc?fu=1&ty=3+4", "Cdisc").await);
    assert_eq!(all.len(), 6);
    // limit (7.3.3.17.10): no more than that many.
    let two = uril_list(&c.get("/cse-in/disc?fu=1&ty=3+4&lim=2", "Cdisc").await);
    assert_eq!(two, all[..2].to_vec());
    let zero = c.get("/cse-in/disc?fu=1&ty=3+4&lim=0", "Cdisc").await;
    assert_eq!(zero.body, json!({"m2m:uril": []}));
    let many = uril_list(&c.get("/cse-in/disc?fu=1&ty=3+4&lim=100", "Cdisc").await);
    assert_eq!(many, all);
    // offset (7.3.3.17.15): "An offset of 1 shall indicate the first" — it starts at 1.
    let from_first = uril_list(&c.get("/cse-in/disc?fu=1&ty=3+4&ofst=1", "Cdisc").await);
    assert_eq!(from_first, all);
    let from_third = uril_list(&c.get("/cse-in/disc?fu=1&ty=3+4&ofst=3", "Cdisc").await);
    assert_eq!(from_third, all[2..].to_vec());
    let page = uril_list(
        &c.get("/cse-in/disc?fu=1&ty=3+4&ofst=3&lim=2", "Cdisc")
            .await,
    );
    assert_eq!(page, all[2..4].to_vec());
    let past = c.get("/cse-in/disc?fu=1&ty=3+4&ofst=7", "Cdisc").await;
    assert_eq!(past.body, json!({"m2m:uril": []}));
    // level (7.3.3.17.14): 1 is the direct children.
    let r = c.get("/cse-in/disc?fu=1&lvl=1", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, FAR]));
    let r = c.get("/cse-in/disc?fu=1&lvl=2", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, FAR, INNER, I1, I2]));
    let r = c.get("/cse-in?fu=1&ty=3&lvl=2", ADMIN).await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, FAR]));
}

#[tokio::test]
async fn discovery_by_attribute_values() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    let r = c.get("/cse-in?fu=1&mgd=1007", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/gw1/info"]));
    let r = c.get("/cse-in?fu=1&ty=13&man=Acme", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/gw1/info"]));
    let r = c.get("/cse-in?fu=1&ni=IGD-1", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/gw1"]));
    // The wildcard `*` matches 0 or more characters (7.3.3.17.9).
    let r = c.get("/cse-in?fu=1&ni=IGD-*", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/gw1", "cse-in/gw2"]));
    let r = c.get("/cse-in?fu=1&ni=*2", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/gw2"]));
    let r = c.get("/cse-in?fu=1&ni=IGD-9*", ADMIN).await;
    assert_eq!(r.body, json!({"m2m:uril": []}));
    // Values of one attribute are ORed.
    let r = c.get("/cse-in?fu=1&ni=IGD-1+IGD-2", ADMIN).await;
    assert_eq!(uril(&r), set(&["cse-in/gw1", "cse-in/gw2"]));
    // contentType against cnf (7.3.3.17.8), sizes against cs (7.3.3.17.7).
    let r = c.get("/cse-in/disc?fu=1&cty=text/plain", "Cdisc").await;
    assert_eq!(uril(&r), set(&[I1]));
    let r = c.get("/cse-in/disc?fu=1&ty=4&sza=2", "Cdisc").await;
    assert_eq!(uril(&r), set(&[I2]));
    let r = c.get("/cse-in/disc?fu=1&ty=4&szb=2", "Cdisc").await;
    assert_eq!(uril(&r), set(&[I1]));
}

#[tokio::test]
async fn discovery_filter_operation_or() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    // AND (default and fo=1): nothing is both a contentInstance and labelled `a`.
    let r = c.get("/cse-in/disc?fu=1&lbl=a&ty=4", "Cdisc").await;
    assert_eq!(r.body, json!({"m2m:uril": []}));
    let r = c.get("/cse-in/disc?fu=1&lbl=a&ty=4&fo=1", "Cdisc").await;
    assert_eq!(r.body, json!({"m2m:uril": []}));
    // OR (fo=2): either condition.
    let r = c.get("/cse-in/disc?fu=1&lbl=a&ty=4&fo=2", "Cdisc").await;
    assert_eq!(uril(&r), set(&[BOX1, INNER, I1, I2]));
}

#[tokio::test]
async fn discovery_result_type_structured_or_unstructured() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    let structured = c.get("/cse-in/disc?fu=1&lbl=a&drt=1", "Cdisc").await;
    assert_eq!(uril(&structured), set(&[BOX1, INNER]));
    let default = c.get("/cse-in/disc?fu=1&lbl=a", "Cdisc").await;
    assert_eq!(
        uril(&default),
        set(&[BOX1, INNER]),
        "drt defaults to structured"
    );
    let ri = |path: &str| {
        let path = format!("/{path}");
        async move {
            c.get(&path, "Cdisc").await.attrs()["ri"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let expected: BTreeSet<String> = [ri(BOX1).await, ri(INNER).await].into_iter().collect();
    let unstructured = c.get("/cse-in/disc?fu=1&lbl=a&drt=2", "Cdisc").await;
    assert_eq!(uril(&unstructured), expected);
    for id in &expected {
        assert!(!id.contains('/'), "{id}");
        assert_eq!(c.get(&format!("/{id}"), "Cdisc").await.rsc, 2000);
    }
}

#[tokio::test]
async fn discovery_result_content() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    // TS-0004 Table 7.5.2-2: rcn 6 answers m2m:resourceRefList.
    let r = c.get("/cse-in/disc?fu=1&lbl=a&rcn=6", "Cdisc").await;
    assert_eq!((r.status, r.rsc), (200, 2000), "{:?}", r.body);
    let mut refs = r.body["m2m:rrl"]["rrf"].as_array().unwrap().clone();
    refs.sort_by_key(|v| v["val"].as_str().unwrap().to_string());
    assert_eq!(
        refs,
        vec![
            json!({"nm": "box1", "typ": 3, "val": BOX1}),
            json!({"nm": "inner", "typ": 3, "val": INNER}),
        ]
    );
    // TS-0001 Table 8.1.2-1: no other Result Content applies to a discovery.
    for rcn in [1, 4, 5, 8] {
        let r = c
            .get(&format!("/cse-in/disc?fu=1&lbl=a&rcn={rcn}"), "Cdisc")
            .await;
        assert_eq!(r.rsc, 4000, "rcn={rcn}: {:?}", r.body);
    }
}

#[tokio::test]
async fn discovery_skips_what_the_originator_may_not_discover() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    let r = c.register("Cnosy", "nosy", &[]).await;
    assert_eq!(r.rsc, 2001);
    create(
        &c,
        "/cse-in/nosy",
        "Cnosy",
        CNT,
        json!({"m2m:cnt": {"rn": "mine"}}),
    )
    .await;
    let r = c.get("/cse-in?fu=1&ty=3", "Cnosy").await;
    assert_eq!(uril(&r), set(&["cse-in/nosy/mine"]));
    let r = c.get("/cse-in?fu=1&ty=3", ADMIN).await;
    assert_eq!(uril(&r), set(&[BOX1, BOX2, INNER, FAR, "cse-in/nosy/mine"]));
}

#[tokio::test]
async fn invalid_filter_values_are_bad_requests() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    for query in [
        "fu=1&ty=abc",
        "fu=1&lim=-1",
        "fu=1&fo=9",
        "fu=1&cra=yesterday",
        "fu=1&lvl=0",
        "fu=1&ofst=0",
        "fu=1&sts=x",
        "fu=7",
        "fu=1&ct=20200101T000000",
        "fu=1&lim=1&lim=2",
        "fu=1&drt=3",
    ] {
        let r = c.get(&format!("/cse-in/disc?{query}"), "Cdisc").await;
        assert_eq!((r.status, r.rsc), (400, 4000), "{query}: {:?}", r.body);
        assert!(!r.dbg().is_empty(), "{query}: a reason is given");
    }
}

// ---- filter criteria with Retrieve result contents and conditional retrieval ----

#[tokio::test]
async fn child_result_contents_follow_the_filter() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    // rcn=4: attributes + the matching children inlined.
    let r = c.get("/cse-in/disc/box1?rcn=4&ty=4", "Cdisc").await;
    assert_eq!(r.rsc, 2000, "{:?}", r.body);
    let cins: Vec<&Value> = r.attrs()["m2m:cin"].as_array().unwrap().iter().collect();
    assert_eq!(cins.len(), 2);
    assert_eq!(cins[0]["rn"], "i1");
    assert_eq!(cins[1]["rn"], "i2");
    assert_eq!(r.attrs()["rn"], "box1");
    let r = c
        .get("/cse-in/disc/box1?rcn=4&cty=text/plain", "Cdisc")
        .await;
    let cins = r.attrs()["m2m:cin"].as_array().unwrap();
    assert_eq!(cins.len(), 1);
    assert_eq!(cins[0]["rn"], "i1");
    let r = c.get("/cse-in/disc/box1?rcn=4&lbl=nothing", "Cdisc").await;
    assert_eq!(r.rsc, 2000);
    assert!(r.attrs().get("m2m:cin").is_none(), "{:?}", r.body);
    // rcn=5: attributes + references of the matching descendants.
    let r = c.get("/cse-in/disc?rcn=5&lbl=a", "Cdisc").await;
    assert_eq!(r.rsc, 2000, "{:?}", r.body);
    assert_eq!(r.root(), "m2m:ae");
    let refs: BTreeSet<String> = r.attrs()["ch"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["val"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(refs, set(&[BOX1, INNER]));
    let first = &r.attrs()["ch"][0];
    assert_eq!(first["typ"], 3);
    assert!(first["nm"] == "box1" || first["nm"] == "inner", "{first:?}");
    // rcn=6: only the references.
    let r = c.get("/cse-in/disc?rcn=6&ty=4", "Cdisc").await;
    assert_eq!(r.rsc, 2000, "{:?}", r.body);
    assert_eq!(r.root(), "m2m:rrl");
    let refs = r.body["m2m:rrl"]["rrf"].as_array().unwrap();
    assert_eq!(refs.len(), 2);
    assert_eq!(refs[0], json!({"nm": "i1", "typ": 4, "val": I1}));
    assert_eq!(refs[1], json!({"nm": "i2", "typ": 4, "val": I2}));
}

#[tokio::test]
async fn conditional_retrieval() {
    let cse = TestCse::start().await;
    let c = cse.client();
    tree(&c).await;
    // filterUsage 2 (and the default): the target is retrieved when it matches.
    let r = c.get("/cse-in/disc/box1?fu=2&lbl=a", "Cdisc").await;
    assert_eq!((r.status, r.rsc), (200, 2000), "{:?}", r.body);
    assert_eq!(r.attrs()["rn"], "box1");
    let r = c.get("/cse-in/disc/box1?lbl=floor1", "Cdisc").await;
    assert_eq!(r.rsc, 2000, "{:?}", r.body);
    // ...and not when it does not.
    let r = c.get("/cse-in/disc/box1?fu=2&lbl=b", "Cdisc").await;
    assert_eq!((r.status, r.rsc), (404, 4004), "{:?}", r.body);
    let r = c.get("/cse-in/disc/box1?fu=2&ty=4", "Cdisc").await;
    assert_eq!(r.rsc, 4004, "{:?}", r.body);
    // filterUsage 2 is the default of a Retrieve (TS-0004 Table 6.3.4.2.31-1).
    let r = c.get("/cse-in/disc/box1?lbl=b", "Cdisc").await;
    assert_eq!(r.rsc, 4004, "{:?}", r.body);
    // A filter with no matching condition (only handling conditions) retrieves.
    let r = c.get("/cse-in/disc/box1?lim=1", "Cdisc").await;
    assert_eq!(r.rsc, 2000, "{:?}", r.body);
}

// ---- groups and fan-out (TS-0004 7.4.13, 7.4.14) ----

/// AE Cgrp with containers m1 and m2 (each with a child container `sub`), and AE Cother
/// with container theirs. Returns the resource ids (m1, m2, theirs).
async fn members(c: &Client) -> (String, String, String) {
    assert_eq!(c.register("Cgrp", "grp", &[]).await.rsc, 2001);
    assert_eq!(c.register("Cother", "other", &[]).await.rsc, 2001);
    let mut ids = Vec::new();
    for (parent, origin, rn) in [
        ("/cse-in/grp", "Cgrp", "m1"),
        ("/cse-in/grp", "Cgrp", "m2"),
        ("/cse-in/other", "Cother", "theirs"),
    ] {
        let r = create(c, parent, origin, CNT, json!({"m2m:cnt": {"rn": rn}})).await;
        ids.push(r.attrs()["ri"].as_str().unwrap().to_string());
        let path = format!("{parent}/{rn}");
        create(c, &path, origin, CNT, json!({"m2m:cnt": {"rn": "sub"}})).await;
    }
    (ids[0].clone(), ids[1].clone(), ids[2].clone())
}

fn responses(r: &Reply) -> Vec<Value> {
    assert_eq!((r.status, r.rsc), (200, 2000), "{:?}", r.body);
    assert_eq!(r.root(), "m2m:agr", "{:?}", r.body);
    r.body["m2m:agr"]["m2m:rsp"].as_array().unwrap().clone()
}

/// The member response whose From is `member`.
fn from<'a>(rsps: &'a [Value], member: &str) -> &'a Value {
    rsps.iter()
        .find(|r| r["fr"] == member)
        .unwrap_or_else(|| panic!("no response from {member} in {rsps:?}"))
}

#[tokio::test]
async fn fan_out_retrieve_aggregates_member_responses() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let (m1, m2, _) = members(&c).await;
    let g = create(
        &c,
        "/cse-in/grp",
        "Cgrp",
        GRP,
        json!({"m2m:grp": {"rn": "g", "mt": 3, "mnm": 10, "mid": [m1, m2]}}),
    )
    .await;
    assert_eq!(g.attrs()["cnm"], 2);
    assert_eq!(g.attrs()["mid"], json!([m1, m2]));
    let r = c
        .send(
            Req::new("GET", "/cse-in/grp/g/fopt")
                .origin("Cgrp")
                .header("X-M2M-RI", "fan-1"),
        )
        .await;
    let rsps = responses(&r);
    assert_eq!(rsps.len(), 2, "{rsps:?}");
    for (member, rn) in [(&m1, "m1"), (&m2, "m2")] {
        let rsp = from(&rsps, member);
        assert_eq!(rsp["rsc"], 2000, "{rsp:?}");
        assert_eq!(rsp["rqi"], "fan-1");
        // TS-0004 7.4.14.2.5: From is the member's resource ID; To (TS-0001 8.1.3) the
        // Originator.
        assert_eq!(rsp["fr"], member.as_str());
        assert_eq!(rsp["to"], "Cgrp");
        assert_eq!(rsp["pc"]["m2m:cnt"]["rn"], rn);
        assert_eq!(rsp["pc"]["m2m:cnt"]["ri"], member.as_str());
    }
    // A relative path after fopt is appended to every member (7.4.14.1).
    let r = c.get("/cse-in/grp/g/fopt/sub", "Cgrp").await;
    let rsps = responses(&r);
    assert_eq!(rsps.len(), 2);
    for member in [&m1, &m2] {
        let rsp = from(&rsps, member);
        assert_eq!(rsp["rsc"], 2000);
        assert_eq!(rsp["pc"]["m2m:cnt"]["rn"], "sub");
    }
}

#[tokio::test]
async fn fan_out_update_and_create_reach_every_member() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let (m1, m2, _) = members(&c).await;
    create(
        &c,
        "/cse-in/grp",
        "Cgrp",
        GRP,
        json!({"m2m:grp": {"rn": "g", "mnm": 10, "mid": [m1, m2]}}),
    )
    .await;
    let r = c
        .update(
            "/cse-in/grp/g/fopt",
            "Cgrp",
            json!({"m2m:cnt": {"lbl": ["all"]}}),
        )
        .await;
    let rsps = responses(&r);
    assert_eq!(rsps.len(), 2);
    for (member, rn) in [(&m1, "m1"), (&m2, "m2")] {
        let rsp = from(&rsps, member);
        assert_eq!(rsp["rsc"], 2004, "{rsp:?}");
        assert_eq!(rsp["pc"]["m2m:cnt"]["lbl"], json!(["all"]));
        let now = c.get(&format!("/cse-in/grp/{rn}"), "Cgrp").await;
        assert_eq!(now.attrs()["lbl"], json!(["all"]));
    }
    // A Create sent to the fanOutPoint creates a child under every member (7.4.14.3.2)...
    let r = c
        .create(
            "/cse-in/grp/g/fopt",
            "Cgrp",
            CIN,
            json!({"m2m:cin": {"rn": "hello", "con": "hi"}}),
        )
        .await;
    let rsps = responses(&r);
    for (member, rn) in [(&m1, "m1"), (&m2, "m2")] {
        assert_eq!(from(&rsps, member)["rsc"], 2001);
        let made = c.get(&format!("/cse-in/grp/{rn}/hello"), "Cgrp").await;
        assert_eq!(made.rsc, 2000);
        assert_eq!(made.attrs()["con"], "hi");
    }
    // ...or, with a relative path, under that descendant of every member.
    let r = c
        .create(
            "/cse-in/grp/g/fopt/sub",
            "Cgrp",
            CIN,
            json!({"m2m:cin": {"rn": "deep", "con": "d"}}),
        )
        .await;
    let rsps = responses(&r);
    for (member, rn) in [(&m1, "m1"), (&m2, "m2")] {
        assert_eq!(from(&rsps, member)["rsc"], 2001);
        assert_eq!(
            c.get(&format!("/cse-in/grp/{rn}/sub/deep"), "Cgrp")
                .await
                .rsc,
            2000
        );
    }
    // A Delete through fopt deletes every member's target.
    let r = c.delete("/cse-in/grp/g/fopt/sub/deep", "Cgrp").await;
    let rsps = responses(&r);
    assert!(rsps.iter().all(|r| r["rsc"] == 2002), "{rsps:?}");
    assert_eq!(c.get("/cse-in/grp/m1/sub/deep", "Cgrp").await.rsc, 4004);
}

#[tokio::test]
async fn fan_out_member_without_access_answers_4103_inside_the_aggregate() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let (m1, _, theirs) = members(&c).await;
    create(
        &c,
        "/cse-in/grp",
        "Cgrp",
        GRP,
        json!({"m2m:grp": {"rn": "g", "mnm": 10, "mid": [m1, theirs]}}),
    )
    .await;
    let r = c.get("/cse-in/grp/g/fopt", "Cgrp").await;
    let rsps = responses(&r);
    assert_eq!(rsps.len(), 2);
    assert_eq!(from(&rsps, &m1)["rsc"], 2000);
    let refused = from(&rsps, &theirs);
    assert_eq!(refused["rsc"], 4103, "{refused:?}");
    assert!(refused["pc"].get("m2m:cnt").is_none(), "{refused:?}");
    let r = c
        .update(
            "/cse-in/grp/g/fopt",
            "Cgrp",
            json!({"m2m:cnt": {"lbl": ["x"]}}),
        )
        .await;
    let rsps = responses(&r);
    assert_eq!(from(&rsps, &m1)["rsc"], 2004);
    assert_eq!(from(&rsps, &theirs)["rsc"], 4103);
    let untouched = c.get("/cse-in/other/theirs", "Cother").await;
    assert!(
        untouched.attrs().get("lbl").is_none(),
        "{:?}",
        untouched.body
    );
}

#[tokio::test]
async fn fan_out_needs_privilege_on_the_group() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let (m1, m2, _) = members(&c).await;
    assert_eq!(c.register("Cstranger", "stranger", &[]).await.rsc, 2001);
    create(
        &c,
        "/cse-in/grp",
        "Cgrp",
        GRP,
        json!({"m2m:grp": {"rn": "g", "mnm": 10, "mid": [m1, m2]}}),
    )
    .await;
    // The group-hosting CSE checks the Originator against membersAccessControlPolicyIDs,
    // or the group's own policies without them (7.4.14.3.3 Recv-6.3).
    let r = c.get("/cse-in/grp/g/fopt", "Cstranger").await;
    assert_eq!((r.status, r.rsc), (403, 4103), "{:?}", r.body);
    let acp = create(
        &c,
        "/cse-in/grp",
        "Cgrp",
        ACP,
        json!({"m2m:acp": {"rn": "readers", "pv": {"acr": [
            {"acor": ["Cgrp"], "acop": 63},
            {"acor": ["Cstranger"], "acop": 2}
        ]}, "pvs": {"acr": [{"acor": ["Cgrp"], "acop": 63}]}}}),
    )
    .await;
    let acp_ri = acp.attrs()["ri"].as_str().unwrap().to_string();
    let u = c
        .update(
            "/cse-in/grp/g",
            "Cgrp",
            json!({"m2m:grp": {"macp": [acp_ri]}}),
        )
        .await;
    assert_eq!(u.rsc, 2004, "{:?}", u.body);
    // macp grants the fan-out; each member still decides for itself.
    let u = c
        .update(
            "/cse-in/grp/m1",
            "Cgrp",
            json!({"m2m:cnt": {"acpi": [acp_ri]}}),
        )
        .await;
    assert_eq!(u.rsc, 2004);
    let r = c.get("/cse-in/grp/g/fopt", "Cstranger").await;
    let rsps = responses(&r);
    assert_eq!(from(&rsps, &m1)["rsc"], 2000);
    assert_eq!(from(&rsps, &m2)["rsc"], 4103);
    // macp grants RETRIEVE only.
    let r = c
        .update(
            "/cse-in/grp/g/fopt",
            "Cstranger",
            json!({"m2m:cnt": {"lbl": ["x"]}}),
        )
        .await;
    assert_eq!(r.rsc, 4103, "{:?}", r.body);
    // The group itself is still governed by its own (default) policy.
    assert_eq!(c.get("/cse-in/grp/g", "Cstranger").await.rsc, 4103);
}

#[tokio::test]
async fn fan_out_delete_of_the_members_removes_them_from_the_group() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let (m1, m2, theirs) = members(&c).await;
    create(
        &c,
        "/cse-in/grp",
        "Cgrp",
        GRP,
        json!({"m2m:grp": {"rn": "g", "mnm": 10, "mid": [m1, m2, theirs]}}),
    )
    .await;
    let r = c.delete("/cse-in/grp/g/fopt", "Cgrp").await;
    let rsps = responses(&r);
    assert_eq!(from(&rsps, &m1)["rsc"], 2002);
    assert_eq!(from(&rsps, &m2)["rsc"], 2002);
    assert_eq!(from(&rsps, &theirs)["rsc"], 4103);
    assert_eq!(c.get("/cse-in/grp/m1", "Cgrp").await.rsc, 4004);
    // TS-0004 7.4.14.3.5: members that answered DELETED leave memberIDs.
    let g = c.get("/cse-in/grp/g", "Cgrp").await;
    assert_eq!(g.attrs()["mid"], json!([theirs]));
    assert_eq!(g.attrs()["cnm"], 1);
    assert_eq!(c.get("/cse-in/other/theirs", "Cother").await.rsc, 2000);
}

#[tokio::test]
async fn fan_out_to_a_group_without_members_is_4109() {
    let cse = TestCse::start().await;
    let c = cse.client();
    assert_eq!(c.register("Cempty", "empty", &[]).await.rsc, 2001);
    create(
        &c,
        "/cse-in/empty",
        "Cempty",
        GRP,
        json!({"m2m:grp": {"rn": "g", "mnm": 3, "mid": []}}),
    )
    .await;
    let r = c.get("/cse-in/empty/g/fopt", "Cempty").await;
    assert_eq!((r.status, r.rsc), (403, 4109), "{:?}", r.body);
}
