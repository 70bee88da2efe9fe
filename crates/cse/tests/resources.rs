//! End-to-end CRUD of every resource type the CSE hosts, the Result Content of every
//! operation, addressing and the HTTP binding, and persistence across a restart — over real
//! HTTP on loopback. Expected behaviour comes from TS-0004 (V3.32.0), TS-0001, TS-0009 and
//! ONEM2M-DM-REFERENCE.md; the clause is named where a test decides something.
#![allow(clippy::unwrap_used)]
mod common;

use common::*;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------- helpers

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_string()
}

fn ri_of(reply: &Reply) -> String {
    s(&reply.attrs()["ri"])
}

/// Registers an AE with `api` Nexample and returns its reply (asserting 2001).
async fn register(c: &Client, origin: &str, rn: &str) -> Reply {
    let r = c.register(origin, rn, &[]).await;
    assert_rsc(&r, 2001);
    r
}

/// Creates a resource and asserts 2001.
async fn created(c: &Client, path: &str, origin: &str, ty: u32, body: Value) -> Reply {
    let r = c.create(path, origin, ty, body).await;
    assert_rsc(&r, 2001);
    r
}

async fn node(c: &Client, rn: &str, ni: &str) -> Reply {
    created(
        c,
        "/cse-in",
        ADMIN,
        14,
        json!({"m2m:nod": {"rn": rn, "ni": ni}}),
    )
    .await
}

async fn get_ok(c: &Client, path: &str, origin: &str) -> Reply {
    let r = c.get(path, origin).await;
    assert_rsc(&r, 2000);
    r
}

/// `{nm, typ, val}` references, sorted by `val` (the order of `ch`/`rrf` is not specified).
fn sorted_refs(list: &Value) -> Vec<Value> {
    let mut refs = list.as_array().unwrap().clone();
    refs.sort_by_key(|r| s(&r["val"]));
    refs
}

fn reference(nm: &str, typ: u32, val: &str) -> Value {
    json!({"nm": nm, "typ": typ, "val": val})
}

fn without(attrs: &Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    attrs
        .iter()
        .filter(|(k, _)| !keys.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

// ---------------------------------------------------------------- AE

/// TS-0004 7.4.5.2.1, TS-0001 7.2: `C` and `S` ask the CSE to assign an AE-ID-Stem of that
/// kind; `Cxyz`/`Sxyz` ask for that one; the AE's resourceID is its AE-ID-Stem.
#[tokio::test]
async fn ae_registration_by_originator_kind() {
    let cse = TestCse::start().await;
    let c = cse.client();

    let r = c.register("C", "appc", &["http://127.0.0.1:9/n"]).await;
    assert_rsc(&r, 2001);
    assert_eq!(r.root(), "m2m:ae");
    let a = r.attrs();
    let aei = s(&a["aei"]);
    assert!(aei.starts_with('C') && aei.len() > 1, "assigned {aei}");
    assert_eq!(a["ri"], aei.as_str());
    assert_eq!(a["rn"], "appc");
    assert_eq!(a["ty"], 2);
    assert_eq!(a["pi"], "id-in");
    assert_eq!(a["api"], "Nexample");
    assert_eq!(a["rr"], true);
    assert_eq!(a["srv"], json!(["3"]));
    assert_eq!(a["poa"], json!(["http://127.0.0.1:9/n"]));
    assert_eq!(
        a["ct"], a["lt"],
        "lastModifiedTime equals creationTime on create"
    );
    assert!(a["et"].is_string());
    assert_eq!(r.header("content-location"), Some("/cse-in/appc"));
    // The registered AE reads back exactly what the Create answered.
    let back = get_ok(&c, "/cse-in/appc", &aei).await;
    assert_eq!(back.body, r.body);

    // A second `C` registration gets another AE-ID.
    let r2 = register(&c, "C", "appc2").await;
    assert_ne!(r2.attrs()["aei"], aei.as_str());

    let s1 = register(&c, "S", "apps").await;
    let saei = s(&s1.attrs()["aei"]);
    assert!(saei.starts_with('S') && saei.len() > 1, "assigned {saei}");
    assert_eq!(s1.attrs()["ri"], saei.as_str());

    let cx = register(&c, "Cxyz", "appcxyz").await;
    assert_eq!(cx.attrs()["aei"], "Cxyz");
    assert_eq!(cx.attrs()["ri"], "Cxyz");
    let sx = register(&c, "Sxyz", "appsxyz").await;
    assert_eq!(sx.attrs()["aei"], "Sxyz");
    // Unstructured address of an AE is its AE-ID.
    let by_id = get_ok(&c, "/Sxyz", "Sxyz").await;
    assert_eq!(by_id.attrs()["rn"], "appsxyz");

    // TS-0004 7.4.5.2.1 Recv-6.4: the same AE-ID again → ORIGINATOR_HAS_ALREADY_REGISTERED.
    let again = c.register("Cxyz", "another", &[]).await;
    assert_error(&again, 4117);
    assert_eq!(again.status, 403);
    let again = c.register("Sxyz", "another", &[]).await;
    assert_error(&again, 4117);
}

#[tokio::test]
async fn ae_update_and_deregistration() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let reg = register(&c, "Cupd", "upd").await;
    let up = c
        .update(
            "/cse-in/upd",
            "Cupd",
            json!({"m2m:ae": {"rr": false, "poa": ["http://10.0.0.1:80/n"], "lbl": ["blue"], "apn": "updater"}}),
        )
        .await;
    assert_rsc(&up, 2004);
    let a = up.attrs();
    assert_eq!(a["rr"], false);
    assert_eq!(a["poa"], json!(["http://10.0.0.1:80/n"]));
    assert_eq!(a["lbl"], json!(["blue"]));
    assert_eq!(a["apn"], "updater");
    assert_eq!(a["ct"], reg.attrs()["ct"]);
    assert!(s(&a["lt"]) >= s(&reg.attrs()["ct"]));
    assert_eq!(get_ok(&c, "/cse-in/upd", "Cupd").await.body, up.body);
    // App-ID and AE-ID are NP on update (TS-0004 Table 7.4.5.1-3).
    for body in [
        json!({"m2m:ae": {"api": "Nother"}}),
        json!({"m2m:ae": {"aei": "Cother"}}),
    ] {
        assert_error(&c.update("/cse-in/upd", "Cupd", body).await, 4000);
    }
    // Deregistration: Delete of the <AE>, default rcn 0 → no content.
    let del = c.delete("/cse-in/upd", "Cupd").await;
    assert_rsc(&del, 2002);
    assert_eq!(del.body, Value::Null);
    assert_error(&c.get("/cse-in/upd", ADMIN).await, 4004);
    assert_error(&c.get("/Cupd", ADMIN).await, 4004);
    // Once deregistered, the AE-ID may register again.
    let back = register(&c, "Cupd", "upd").await;
    assert_eq!(back.attrs()["aei"], "Cupd");
}

/// TS-0004 7.4.5.2.1: an App-ID starting with anything other than 'r', 'R' or 'N' is a
/// BAD_REQUEST; TS-0001 Table 7.1.7-1 forbids 'r' from Release 4 on.
#[tokio::test]
async fn ae_app_id_first_letter() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let body =
        |rn: &str, api: &str| json!({"m2m:ae": {"rn": rn, "api": api, "rr": false, "srv": ["3"]}});
    let ok = c
        .send(
            Req::new("POST", "/cse-in")
                .origin("Cr3")
                .json(&body("r3", "Rcom.example.app"))
                .ty(2),
        )
        .await;
    assert_rsc(&ok, 2001);
    let lower = c
        .send(
            Req::new("POST", "/cse-in")
                .origin("Clower")
                .json(&body("lower", "rcom.example.app"))
                .ty(2),
        )
        .await;
    assert_rsc(&lower, 2001);
    let lower4 = c
        .send(
            Req::new("POST", "/cse-in")
                .origin("Clower4")
                .header("X-M2M-RVI", "4")
                .json(&body("lower4", "rcom.example.app"))
                .ty(2),
        )
        .await;
    assert_error(&lower4, 4000);
    // Without X-M2M-RVI the request counts as Release 1 (TS-0004 7.3.2.1).
    let lower1 = c
        .send(
            Req::new("POST", "/cse-in")
                .origin("Clower1")
                .without("X-M2M-RVI")
                .json(&body("lower1", "rcom.example.app"))
                .ty(2),
        )
        .await;
    assert_rsc(&lower1, 2001);
    for api in ["Xapp", "napp", ""] {
        let r = c
            .send(
                Req::new("POST", "/cse-in")
                    .origin("Cbad")
                    .json(&body("bad", api))
                    .ty(2),
            )
            .await;
        assert_error(&r, 4000);
    }
    let bad = c
        .send(
            Req::new("POST", "/cse-in")
                .origin("Cbad")
                .json(&body("bad", "Xapp"))
                .ty(2),
        )
        .await;
    assert_error(&bad, 4000);
    assert_error(&c.get("/cse-in/bad", ADMIN).await, 4004);
}

// ---------------------------------------------------------------- accessControlPolicy

#[tokio::test]
async fn access_control_policy_crud() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let pv = json!({"acr": [{"acor": ["Cx"], "acop": 2}]});
    let pvs = json!({"acr": [{"acor": [ADMIN], "acop": 63}]});
    let r = created(
        &c,
        "/cse-in",
        ADMIN,
        1,
        json!({"m2m:acp": {"rn": "acp1", "pv": pv, "pvs": pvs, "lbl": ["p"]}}),
    )
    .await;
    assert_eq!(r.root(), "m2m:acp");
    let a = r.attrs();
    assert_eq!(a["ty"], 1);
    assert_eq!(a["pv"], pv);
    assert_eq!(a["pvs"], pvs);
    assert_eq!(a["pi"], "id-in");
    assert!(!a.contains_key("acpi"), "an ACP has no acpi of its own");
    assert_eq!(get_ok(&c, "/cse-in/acp1", ADMIN).await.body, r.body);

    let pv2 = json!({"acr": [{"acor": ["Cx", "Cy"], "acop": 3}]});
    let up = c
        .update("/cse-in/acp1", ADMIN, json!({"m2m:acp": {"pv": pv2}}))
        .await;
    assert_rsc(&up, 2004);
    assert_eq!(up.attrs()["pv"], pv2);
    assert_eq!(up.attrs()["pvs"], pvs);

    // acop is a bitmask of 1..=63 (TS-0004 6.3.4.2.36); pv and pvs are mandatory.
    let bad = c
        .update(
            "/cse-in/acp1",
            ADMIN,
            json!({"m2m:acp": {"pv": {"acr": [{"acor": ["Cx"], "acop": 64}]}}}),
        )
        .await;
    assert_error(&bad, 4000);
    let no_pvs = c
        .create(
            "/cse-in",
            ADMIN,
            1,
            json!({"m2m:acp": {"rn": "acp2", "pv": pv}}),
        )
        .await;
    assert_error(&no_pvs, 4000);

    assert_rsc(&c.delete("/cse-in/acp1", ADMIN).await, 2002);
    assert_error(&c.get("/cse-in/acp1", ADMIN).await, 4004);
}

// ---------------------------------------------------------------- container / contentInstance

#[tokio::test]
async fn container_crud() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let ae = register(&c, "Ccnt", "cntapp").await;
    let r = created(
        &c,
        "/cse-in/cntapp",
        "Ccnt",
        3,
        json!({"m2m:cnt": {"rn": "data", "mni": 10, "mbs": 1000, "mia": 3600, "lbl": ["t"]}}),
    )
    .await;
    assert_eq!(r.root(), "m2m:cnt");
    assert_eq!(r.header("content-location"), Some("/cse-in/cntapp/data"));
    let a = r.attrs();
    assert_eq!(a["ty"], 3);
    assert_eq!(a["pi"], ae.attrs()["ri"]);
    assert_eq!(
        (&a["mni"], &a["mbs"], &a["mia"]),
        (&json!(10), &json!(1000), &json!(3600))
    );
    // TS-0004 Table 7.4.6.1-3 / TS-0001 9.6.1.3.2: counters start at 0, stateTag at 0.
    assert_eq!(
        (&a["cni"], &a["cbs"], &a["st"]),
        (&json!(0), &json!(0), &json!(0))
    );
    // 7.3.3.5: no creator unless asked for with null.
    assert!(!a.contains_key("cr"));
    assert_eq!(get_ok(&c, "/cse-in/cntapp/data", "Ccnt").await.body, r.body);

    let up = c
        .update(
            "/cse-in/cntapp/data",
            "Ccnt",
            json!({"m2m:cnt": {"mni": 5, "lbl": ["u"]}}),
        )
        .await;
    assert_rsc(&up, 2004);
    assert_eq!(up.attrs()["mni"], 5);
    assert_eq!(up.attrs()["lbl"], json!(["u"]));
    assert_eq!(up.attrs()["st"], 1, "stateTag counts modifications");
    // null removes an optional attribute (TS-0004 7.2.2.2).
    let up = c
        .update(
            "/cse-in/cntapp/data",
            "Ccnt",
            json!({"m2m:cnt": {"mia": null}}),
        )
        .await;
    assert_rsc(&up, 2004);
    assert!(!up.attrs().contains_key("mia"));
    assert_eq!(up.attrs()["st"], 2);

    let del = c.delete("/cse-in/cntapp/data", "Ccnt").await;
    assert_rsc(&del, 2002);
    assert_error(&c.get("/cse-in/cntapp/data", "Ccnt").await, 4004);
}

#[tokio::test]
async fn content_instances_counters_latest_oldest() {
    let cse = TestCse::start().await;
    let c = cse.client();
    register(&c, "Ccin", "cinapp").await;
    created(
        &c,
        "/cse-in/cinapp",
        "Ccin",
        3,
        json!({"m2m:cnt": {"rn": "c"}}),
    )
    .await;
    let i1 = created(
        &c,
        "/cse-in/cinapp/c",
        "Ccin",
        4,
        json!({"m2m:cin": {"rn": "i1", "cnf": "text/plain:0", "con": "hello"}}),
    )
    .await;
    assert_eq!(i1.root(), "m2m:cin");
    let a = i1.attrs();
    assert_eq!(a["ty"], 4);
    assert_eq!(a["con"], "hello");
    assert_eq!(a["cnf"], "text/plain:0");
    // 7.4.7.2.1: cs is the size of con; the container's stateTag is incremented and copied.
    assert_eq!(a["cs"], 5);
    assert_eq!(a["st"], 1);
    let cnt = get_ok(&c, "/cse-in/cinapp/c", "Ccin").await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"], &cnt.attrs()["st"]),
        (&json!(1), &json!(5), &json!(1))
    );
    let i2 = created(
        &c,
        "/cse-in/cinapp/c",
        "Ccin",
        4,
        json!({"m2m:cin": {"con": "hi"}}),
    )
    .await;
    assert_eq!(i2.attrs()["cs"], 2);
    assert_eq!(i2.attrs()["st"], 2);
    let cnt = get_ok(&c, "/cse-in/cinapp/c", "Ccin").await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"], &cnt.attrs()["st"]),
        (&json!(2), &json!(7), &json!(2))
    );

    // <latest> / <oldest> (7.4.27, 7.4.28): Retrieve and Delete only.
    assert_eq!(
        get_ok(&c, "/cse-in/cinapp/c/la", "Ccin").await.body,
        i2.body
    );
    assert_eq!(
        get_ok(&c, "/cse-in/cinapp/c/ol", "Ccin").await.body,
        i1.body
    );
    assert_error(
        &c.update(
            "/cse-in/cinapp/c/la",
            "Ccin",
            json!({"m2m:cin": {"lbl": ["x"]}}),
        )
        .await,
        4005,
    );
    assert_error(
        &c.create(
            "/cse-in/cinapp/c/la",
            "Ccin",
            4,
            json!({"m2m:cin": {"con": "x"}}),
        )
        .await,
        4005,
    );
    // 7.4.7.2.3: a contentInstance shall not be updated → OPERATION_NOT_ALLOWED.
    assert_error(
        &c.update(
            "/cse-in/cinapp/c/i1",
            "Ccin",
            json!({"m2m:cin": {"lbl": ["x"]}}),
        )
        .await,
        4005,
    );
    assert_error(
        &c.update(
            "/cse-in/cinapp/c/i1",
            "Ccin",
            json!({"m2m:cin": {"con": "new"}}),
        )
        .await,
        4005,
    );

    // 7.4.7.2.4: deleting an instance updates cni and cbs.
    assert_rsc(&c.delete("/cse-in/cinapp/c/ol", "Ccin").await, 2002);
    assert_error(&c.get("/cse-in/cinapp/c/i1", "Ccin").await, 4004);
    let cnt = get_ok(&c, "/cse-in/cinapp/c", "Ccin").await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"]),
        (&json!(1), &json!(2))
    );
    assert_eq!(
        get_ok(&c, "/cse-in/cinapp/c/ol", "Ccin").await.body,
        i2.body
    );
    let del = c
        .send(Req::new("DELETE", "/cse-in/cinapp/c/la?rcn=1").origin("Ccin"))
        .await;
    assert_rsc(&del, 2002);
    assert_eq!(del.body, i2.body);
    let cnt = get_ok(&c, "/cse-in/cinapp/c", "Ccin").await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"]),
        (&json!(0), &json!(0))
    );
    // Recv-6.2 of 7.4.27.2.2: no instance → NOT_FOUND.
    assert_error(&c.get("/cse-in/cinapp/c/la", "Ccin").await, 4004);
    assert_error(&c.get("/cse-in/cinapp/c/ol", "Ccin").await, 4004);
    assert_error(&c.delete("/cse-in/cinapp/c/la", "Ccin").await, 4004);
}

/// 7.4.7.2.1 step 2a: more than maxNrOfInstances → the oldest are removed.
#[tokio::test]
async fn content_instances_pruned_by_max_number() {
    let cse = TestCse::start().await;
    let c = cse.client();
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "c", "mni": 2}}),
    )
    .await;
    let mut ids = Vec::new();
    for con in ["a", "b", "c"] {
        let r = created(&c, "/cse-in/c", ADMIN, 4, json!({"m2m:cin": {"con": con}})).await;
        ids.push(ri_of(&r));
    }
    let cnt = get_ok(&c, "/cse-in/c", ADMIN).await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"]),
        (&json!(2), &json!(2))
    );
    assert_error(&c.get(&format!("/{}", ids[0]), ADMIN).await, 4004);
    assert_eq!(get_ok(&c, "/cse-in/c/ol", ADMIN).await.attrs()["con"], "b");
    assert_eq!(get_ok(&c, "/cse-in/c/la", ADMIN).await.attrs()["con"], "c");
    // Lowering mni on the container prunes as well.
    let up = c
        .update("/cse-in/c", ADMIN, json!({"m2m:cnt": {"mni": 1}}))
        .await;
    assert_rsc(&up, 2004);
    assert_eq!(up.attrs()["cni"], 1);
    assert_eq!(get_ok(&c, "/cse-in/c/ol", ADMIN).await.attrs()["con"], "c");
}

/// 7.4.7.2.1: content larger than maxByteSize → NOT_ACCEPTABLE; otherwise the oldest are
/// removed until currentByteSize fits.
#[tokio::test]
async fn content_instances_pruned_by_max_byte_size() {
    let cse = TestCse::start().await;
    let c = cse.client();
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "c", "mbs": 10}}),
    )
    .await;
    for con in ["12345", "abcde"] {
        created(&c, "/cse-in/c", ADMIN, 4, json!({"m2m:cin": {"con": con}})).await;
    }
    let cnt = get_ok(&c, "/cse-in/c", ADMIN).await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"]),
        (&json!(2), &json!(10))
    );
    created(
        &c,
        "/cse-in/c",
        ADMIN,
        4,
        json!({"m2m:cin": {"con": "xyz"}}),
    )
    .await;
    let cnt = get_ok(&c, "/cse-in/c", ADMIN).await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"]),
        (&json!(2), &json!(8))
    );
    assert_eq!(
        get_ok(&c, "/cse-in/c/ol", ADMIN).await.attrs()["con"],
        "abcde"
    );
    let too_big = c
        .create(
            "/cse-in/c",
            ADMIN,
            4,
            json!({"m2m:cin": {"con": "0123456789A"}}),
        )
        .await;
    assert_error(&too_big, 5207);
    assert_eq!(too_big.status, 406);
    let cnt = get_ok(&c, "/cse-in/c", ADMIN).await;
    assert_eq!(
        (&cnt.attrs()["cni"], &cnt.attrs()["cbs"]),
        (&json!(2), &json!(8))
    );
}

/// 7.4.7.2.1 step 2e: maxInstanceAge bounds the instance's expirationTime.
#[tokio::test]
async fn content_instance_expiration_bounded_by_max_instance_age() {
    let cse = TestCse::start().await;
    let c = cse.client();
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "c", "mia": 60}}),
    )
    .await;
    let r = created(&c, "/cse-in/c", ADMIN, 4, json!({"m2m:cin": {"con": "v"}})).await;
    let ct = cse::time::parse(&s(&r.attrs()["ct"])).unwrap();
    let et = cse::time::parse(&s(&r.attrs()["et"])).unwrap();
    assert!(
        et - ct <= 60_000,
        "et {} ct {}",
        r.attrs()["et"],
        r.attrs()["ct"]
    );
    assert!(
        et - ct >= 59_000,
        "et {} ct {}",
        r.attrs()["et"],
        r.attrs()["ct"]
    );
    // An et requested beyond the bound is brought down to it; one within it is kept.
    let far = cse::time::format(cse::time::now_ms() + 3_600_000);
    let r = created(
        &c,
        "/cse-in/c",
        ADMIN,
        4,
        json!({"m2m:cin": {"con": "v", "et": far}}),
    )
    .await;
    let ct = cse::time::parse(&s(&r.attrs()["ct"])).unwrap();
    let et = cse::time::parse(&s(&r.attrs()["et"])).unwrap();
    assert!(et - ct <= 60_000);
    let near = cse::time::format(cse::time::now_ms() + 30_000);
    let r = created(
        &c,
        "/cse-in/c",
        ADMIN,
        4,
        json!({"m2m:cin": {"con": "v", "et": near}}),
    )
    .await;
    assert_eq!(r.attrs()["et"], near.as_str());
}

/// 7.4.7.2.2, 7.4.7.2.4, 7.4.27.2.2: with disableRetrieval true on the parent container, a
/// contentInstance (also through `la`/`ol`) can be neither retrieved nor deleted.
#[tokio::test]
async fn disable_retrieval_blocks_instance_retrieve_and_delete() {
    let cse = TestCse::start().await;
    let c = cse.client();
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "c", "disr": true}}),
    )
    .await;
    let i = created(
        &c,
        "/cse-in/c",
        ADMIN,
        4,
        json!({"m2m:cin": {"rn": "i", "con": "v"}}),
    )
    .await;
    for path in ["/cse-in/c/i", "/cse-in/c/la", "/cse-in/c/ol"] {
        assert_error(&c.get(path, ADMIN).await, 4005);
        assert_error(&c.delete(path, ADMIN).await, 4005);
    }
    assert_rsc(
        &c.update("/cse-in/c", ADMIN, json!({"m2m:cnt": {"disr": false}}))
            .await,
        2004,
    );
    assert_eq!(get_ok(&c, "/cse-in/c/i", ADMIN).await.body, i.body);
    assert_rsc(&c.delete("/cse-in/c/i", ADMIN).await, 2002);
}

// ---------------------------------------------------------------- node / mgmtObj

#[tokio::test]
async fn node_crud() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let r = created(
        &c,
        "/cse-in",
        ADMIN,
        14,
        json!({"m2m:nod": {"rn": "gw", "ni": "00D09E-IGD-1", "mgca": "http://10.0.0.2:7547/", "lbl": ["cpe"]}}),
    )
    .await;
    assert_eq!(r.root(), "m2m:nod");
    let a = r.attrs();
    assert_eq!(a["ty"], 14);
    assert_eq!(a["ni"], "00D09E-IGD-1");
    assert_eq!(a["mgca"], "http://10.0.0.2:7547/");
    assert_eq!(a["pi"], "id-in");
    assert_eq!(get_ok(&c, "/cse-in/gw", ADMIN).await.body, r.body);
    let up = c
        .update(
            "/cse-in/gw",
            ADMIN,
            json!({"m2m:nod": {"ni": "00D09E-IGD-2", "hael": ["Cabc"]}}),
        )
        .await;
    assert_rsc(&up, 2004);
    assert_eq!(up.attrs()["ni"], "00D09E-IGD-2");
    assert_eq!(up.attrs()["hael"], json!(["Cabc"]));
    // nodeID is mandatory; roamingStatus and networkID are NP (Table 7.4.18.1-3).
    assert_error(
        &c.create("/cse-in", ADMIN, 14, json!({"m2m:nod": {"rn": "x"}}))
            .await,
        4000,
    );
    assert_error(
        &c.update("/cse-in/gw", ADMIN, json!({"m2m:nod": {"rms": true}}))
            .await,
        4000,
    );
    // Delete takes the subtree.
    let dvi = created(
        &c,
        "/cse-in/gw",
        ADMIN,
        13,
        json!({"m2m:dvi": {"mgd": 1007, "dlb": "l", "man": "Acme", "mod": "M", "dty": "gw"}}),
    )
    .await;
    assert_rsc(&c.delete("/cse-in/gw", ADMIN).await, 2002);
    assert_error(&c.get("/cse-in/gw", ADMIN).await, 4004);
    assert_error(&c.get(&format!("/{}", ri_of(&dvi)), ADMIN).await, 4004);
}

/// Every mgmtObj specialization (TS-0004 Annex D, TS-0022 via the reference §2.4): create a
/// valid one under a node, retrieve it, update a writable attribute, delete it.
#[tokio::test]
async fn every_mgmt_obj_specialization_crud() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let n = node(&c, "dev", "urn:dev:1").await;
    let node_ri = ri_of(&n);
    let table: Vec<(u32, &str, Value, Value)> = vec![
        (
            1001,
            "m2m:fwr",
            json!({"vr": "1.0", "fwn": "fw", "url": "http://fw.example/fw.bin", "ud": false}),
            json!({"vr": "1.1", "url": "http://fw.example/fw2.bin"}),
        ),
        (
            1002,
            "m2m:swr",
            json!({"vr": "2.0", "swn": "sw", "url": "http://sw.example/sw.pkg"}),
            json!({"vr": "2.1"}),
        ),
        (
            1003,
            "m2m:mem",
            json!({"mma": 1024, "mmt": 4096}),
            json!({"mma": 2048}),
        ),
        (
            1004,
            "m2m:ani",
            json!({"ant": "802.15.4", "ldv": ["dev1", "dev2"]}),
            json!({"ant": "ZigBee"}),
        ),
        (
            1005,
            "m2m:andi",
            json!({"dvd": "d1", "dvt": "sensor", "awi": "ani1", "sli": 60, "lnh": ["d2"]}),
            json!({"ss": "awake"}),
        ),
        (
            1006,
            "m2m:bat",
            json!({"btl": 80, "bts": 1}),
            json!({"btl": 75, "bts": 2}),
        ),
        (
            1007,
            "m2m:dvi",
            json!({"dlb": "lab", "man": "Acme", "mod": "M1", "dty": "gateway", "fwv": "1.0", "cnty": "DE"}),
            json!({"fwv": "1.1", "loc": "rack 3"}),
        ),
        (
            1008,
            "m2m:dvc",
            json!({"can": "usb", "att": true, "cas": {"acn": "enable", "sus": 1}, "cus": true}),
            json!({"cus": false}),
        ),
        (
            1009,
            "m2m:rbo",
            json!({"rbo": false, "far": false}),
            json!({"dc": "reboot"}),
        ),
        (
            1010,
            "m2m:evl",
            json!({"lgt": 1, "lgd": "", "lgst": 3}),
            json!({"lgd": "boot ok", "lgst": 1}),
        ),
        (
            1021,
            "dcfg:datc",
            json!({"cntp": "/cse-in/data", "meil": 60}),
            json!({"meil": 120}),
        ),
        (
            1023,
            "dcfg:nycfc",
            json!({"suids": [40], "mcff": "application/x-pem-file", "mcfc": "-----BEGIN CERTIFICATE-----"}),
            json!({"suids": [41, 42]}),
        ),
        (
            1028,
            "dcfg:wific",
            json!({"ssid": "home", "scan": false, "maca": "00:11:22:33:44:55"}),
            json!({"ssid": "office", "chanl": "6"}),
        ),
        (
            1029,
            "dcfg:crds",
            json!({"pur": "mqtt", "crid": "user"}),
            json!({"crse": "secret"}),
        ),
        (
            1030,
            "dcfg:sim",
            json!({"icid": "8944501234567890123", "sist": 1, "imsi": "262011234567890"}),
            json!({"sist": 0}),
        ),
        (
            1031,
            "dcfg:mnwk",
            json!({"cnb": 5, "rss": -70, "ipad": ["10.1.2.3"]}),
            json!({"rss": -80, "liqu": 3}),
        ),
    ];
    assert_eq!(table.len(), onem2m::schema::MGMT_DEFINITIONS.len());
    for (mgd, root, create_attrs, update_attrs) in table {
        let rn = format!("mo{mgd}");
        let mut body = create_attrs.as_object().unwrap().clone();
        body.insert("mgd".into(), json!(mgd));
        body.insert("rn".into(), json!(rn));
        let r = c
            .create("/cse-in/dev", ADMIN, 13, json!({ root: body }))
            .await;
        assert_rsc(&r, 2001);
        assert_eq!(r.root(), root, "{mgd}");
        let a = r.attrs();
        assert_eq!(a["ty"], 13, "{mgd}");
        assert_eq!(a["pi"], node_ri.as_str(), "{mgd}");
        for (k, v) in &body {
            assert_eq!(&a[k], v, "{mgd} {k}");
        }
        assert_eq!(
            r.header("content-location"),
            Some(format!("/cse-in/dev/{rn}").as_str())
        );
        let path = format!("/cse-in/dev/{rn}");
        assert_eq!(get_ok(&c, &path, ADMIN).await.body, r.body, "{mgd}");
        let up = c.update(&path, ADMIN, json!({ root: update_attrs })).await;
        assert_rsc(&up, 2004);
        for (k, v) in update_attrs.as_object().unwrap() {
            assert_eq!(&up.attrs()[k], v, "{mgd} {k}");
        }
        assert_eq!(up.attrs()["mgd"], mgd);
        assert_eq!(get_ok(&c, &path, ADMIN).await.body, up.body, "{mgd}");
        assert_rsc(&c.delete(&path, ADMIN).await, 2002);
        assert_error(&c.get(&path, ADMIN).await, 4004);
    }
}

/// TS-0004 D.3.2.2: install and uninstall (or activate and deactivate) together → 4000.
#[tokio::test]
async fn software_contradicting_triggers_refused() {
    let cse = TestCse::start().await;
    let c = cse.client();
    node(&c, "dev", "urn:dev:sw").await;
    created(
        &c,
        "/cse-in/dev",
        ADMIN,
        13,
        json!({"m2m:swr": {"rn": "sw", "mgd": 1002, "vr": "1", "swn": "app", "url": "http://x/app"}}),
    )
    .await;
    for body in [
        json!({"m2m:swr": {"in": true, "un": true}}),
        json!({"m2m:swr": {"act": true, "dea": true}}),
    ] {
        assert_error(&c.update("/cse-in/dev/sw", ADMIN, body).await, 4000);
    }
    assert_rsc(
        &c.update("/cse-in/dev/sw", ADMIN, json!({"m2m:swr": {"in": true}}))
            .await,
        2004,
    );
}

// ---------------------------------------------------------------- mgmtCmd / execInstance

fn download_args() -> Value {
    json!({"dld": [{
        "ftyp": "1 Firmware Upgrade Image", "url": "http://fw.example/img.bin",
        "unm": "", "pwd": "", "fsi": 1048576, "tgf": "", "dss": 0, "surl": "",
        "stt": "20240101T000000", "cpt": "20240101T000000"
    }]})
}

/// The execInstances under a mgmtCmd, via Retrieve with rcn=8 (child resources).
async fn exec_instances(c: &Client, path: &str) -> Vec<Value> {
    let r = get_ok(c, &format!("{path}?rcn=8"), ADMIN).await;
    assert_eq!(r.root(), "m2m:mgc");
    r.attrs()
        .get("m2m:exin")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn mgmt_cmd_create_checks_and_execute() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let n1 = ri_of(&node(&c, "n1", "urn:n1").await);
    let n2 = ri_of(&node(&c, "n2", "urn:n2").await);

    let r = created(
        &c,
        "/cse-in",
        ADMIN,
        12,
        json!({"m2m:mgc": {"rn": "fw", "dc": "fw 2.1", "cmt": 4, "ext": n1, "exra": download_args()}}),
    )
    .await;
    assert_eq!(r.root(), "m2m:mgc");
    let a = r.attrs();
    assert_eq!(a["ty"], 12);
    assert_eq!(a["cmt"], 4);
    assert_eq!(a["ext"], n1.as_str());
    assert_eq!(a["exra"], download_args());
    // Table 7.4.16.1-3 defaults: execMode IMMEDIATEONCE, execNumber 1.
    assert_eq!(a["exm"], 1);
    assert_eq!(a["exn"], 1);

    // 7.4.16.2.1: invalid cmdType → 6022; arguments for another cmdType → 6023; missing
    // mandatory arguments → 6024.
    let bad_type = c
        .create(
            "/cse-in",
            ADMIN,
            12,
            json!({"m2m:mgc": {"cmt": 99, "ext": n1}}),
        )
        .await;
    assert_error(&bad_type, 6022);
    assert_eq!(bad_type.status, 400);
    let wrong_args = c
        .create(
            "/cse-in",
            ADMIN,
            12,
            json!({"m2m:mgc": {"cmt": 2, "ext": n1, "exra": download_args()}}),
        )
        .await;
    assert_error(&wrong_args, 6023);
    let missing = c
        .create(
            "/cse-in",
            ADMIN,
            12,
            json!({"m2m:mgc": {"cmt": 4, "ext": n1, "exra": {"dld": [{"url": "http://x/y"}]}}}),
        )
        .await;
    assert_error(&missing, 6024);
    let none = c
        .create(
            "/cse-in",
            ADMIN,
            12,
            json!({"m2m:mgc": {"cmt": 4, "ext": n1}}),
        )
        .await;
    assert_error(&none, 6024);
    // A reboot needs no arguments.
    created(
        &c,
        "/cse-in",
        ADMIN,
        12,
        json!({"m2m:mgc": {"rn": "reboot", "cmt": 2, "ext": n1}}),
    )
    .await;

    // Normal update before any execution: execTarget and execMode may change.
    let up = c
        .update(
            "/cse-in/fw",
            ADMIN,
            json!({"m2m:mgc": {"ext": n2, "exm": 1}}),
        )
        .await;
    assert_rsc(&up, 2004);
    assert_eq!(up.attrs()["ext"], n2.as_str());
    assert!(exec_instances(&c, "/cse-in/fw").await.is_empty());

    // Execute (7.4.16.2.3.2): one execInstance for the target node, INITIATED, with the
    // command's mode and arguments copied and execTarget set to the node.
    let exe = c
        .update("/cse-in/fw", ADMIN, json!({"m2m:mgc": {"exe": true}}))
        .await;
    assert_rsc(&exe, 2004);
    let instances = exec_instances(&c, "/cse-in/fw").await;
    assert_eq!(instances.len(), 1);
    let x = &instances[0];
    assert_eq!(x["ty"], 8);
    assert_eq!(x["pi"], r.attrs()["ri"]);
    assert_eq!(x["exs"], 1);
    assert_eq!(x["ext"], n2.as_str());
    assert_eq!(x["exm"], 1);
    assert_eq!(x["exn"], 1);
    assert_eq!(x["exra"], download_args());

    // Table 7.4.16.1-3 / 7.4.16.2.3.1: execTarget and execMode are fixed once an
    // execInstance exists.
    for body in [
        json!({"m2m:mgc": {"ext": n1}}),
        json!({"m2m:mgc": {"exm": 2}}),
    ] {
        assert_error(&c.update("/cse-in/fw", ADMIN, body).await, 4005);
    }
    let dc = c
        .update("/cse-in/fw", ADMIN, json!({"m2m:mgc": {"dc": "again"}}))
        .await;
    assert_rsc(&dc, 2004);
    assert_eq!(dc.attrs()["dc"], "again");
    assert_eq!(dc.attrs()["ext"], n2.as_str());
    // cmdType is NP on update.
    assert_error(
        &c.update("/cse-in/fw", ADMIN, json!({"m2m:mgc": {"cmt": 2}}))
            .await,
        4000,
    );
    // A second execution adds a second execInstance.
    assert_rsc(
        &c.update("/cse-in/fw", ADMIN, json!({"m2m:mgc": {"exe": true}}))
            .await,
        2004,
    );
    assert_eq!(exec_instances(&c, "/cse-in/fw").await.len(), 2);

    // execTarget naming a group of nodes: one execInstance per member.
    let g = created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "nodes", "mt": 14, "mnm": 10, "mid": [n1, n2]}}),
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        12,
        json!({"m2m:mgc": {"rn": "boot", "cmt": 2, "ext": ri_of(&g), "exra": {"rbo": []}}}),
    )
    .await;
    assert_rsc(
        &c.update("/cse-in/boot", ADMIN, json!({"m2m:mgc": {"exe": true}}))
            .await,
        2004,
    );
    let instances = exec_instances(&c, "/cse-in/boot").await;
    let mut targets: Vec<String> = instances.iter().map(|x| s(&x["ext"])).collect();
    targets.sort();
    let mut expected = vec![n1.clone(), n2.clone()];
    expected.sort();
    assert_eq!(targets, expected);
    assert!(instances.iter().all(|x| x["exs"] == 1));

    // Deleting the command takes its execInstances.
    let exin = s(&instances[0]["ri"]);
    assert_rsc(&c.delete("/cse-in/boot", ADMIN).await, 2002);
    assert_error(&c.get(&format!("/{exin}"), ADMIN).await, 4004);
}

#[tokio::test]
async fn exec_instance_cannot_be_created_and_cancels_once() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let n1 = ri_of(&node(&c, "n1", "urn:n1").await);
    created(
        &c,
        "/cse-in",
        ADMIN,
        12,
        json!({"m2m:mgc": {"rn": "fw", "cmt": 4, "ext": n1, "exra": download_args()}}),
    )
    .await;
    // 7.4.17.2.0: an execInstance shall not be created via API.
    let made = c
        .create(
            "/cse-in/fw",
            ADMIN,
            8,
            json!({"m2m:exin": {"exs": 1, "ext": n1}}),
        )
        .await;
    assert_error(&made, 4005);
    assert_eq!(made.status, 405);

    assert_rsc(
        &c.update("/cse-in/fw", ADMIN, json!({"m2m:mgc": {"exe": true}}))
            .await,
        2004,
    );
    let instances = exec_instances(&c, "/cse-in/fw").await;
    let path = format!("/cse-in/fw/{}", s(&instances[0]["rn"]));
    let x = get_ok(&c, &path, ADMIN).await;
    assert_eq!(x.root(), "m2m:exin");
    assert_eq!(x.attrs()["exs"], 1);
    // execStatus and execTarget are NP on update.
    for body in [
        json!({"m2m:exin": {"exs": 3}}),
        json!({"m2m:exin": {"ext": "n2"}}),
    ] {
        assert_error(&c.update(&path, ADMIN, body).await, 4000);
    }
    // Cancel (7.4.17.2.1): a command not yet finished is cancelled → CANCELLED (5).
    let cancel = c
        .update(&path, ADMIN, json!({"m2m:exin": {"exd": true}}))
        .await;
    assert_rsc(&cancel, 2004);
    assert_eq!(cancel.attrs()["exs"], 5);
    assert_eq!(get_ok(&c, &path, ADMIN).await.attrs()["exs"], 5);
    // Nothing pending any more → ALREADY_COMPLETE (HTTP 409).
    let again = c
        .update(&path, ADMIN, json!({"m2m:exin": {"exd": true}}))
        .await;
    assert_error(&again, 6028);
    assert_eq!(again.status, 409);
    // A finished execInstance is simply deleted (7.4.17.2.3).
    assert_rsc(&c.delete(&path, ADMIN).await, 2002);
    assert_error(&c.get(&path, ADMIN).await, 4004);
}

// ---------------------------------------------------------------- group

#[tokio::test]
async fn group_members_types_and_limits() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let c1 = ri_of(&created(&c, "/cse-in", ADMIN, 3, json!({"m2m:cnt": {"rn": "c1"}})).await);
    let c2 = ri_of(&created(&c, "/cse-in", ADMIN, 3, json!({"m2m:cnt": {"rn": "c2"}})).await);
    let n1 = ri_of(&node(&c, "n1", "urn:n1").await);

    // 7.4.13.2.1: duplicates removed, cnm derived, mtv true.
    let g = created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "g1", "mt": 3, "mnm": 3, "mid": [c1, c2, c2], "gn": "containers"}}),
    )
    .await;
    assert_eq!(g.root(), "m2m:grp");
    let a = g.attrs();
    assert_eq!(a["ty"], 9);
    assert_eq!(a["mt"], 3);
    assert_eq!(a["mid"], json!([c1, c2]));
    assert_eq!(a["cnm"], 2);
    assert_eq!(a["mtv"], true);
    assert_eq!(a["gn"], "containers");
    assert_eq!(get_ok(&c, "/cse-in/g1", ADMIN).await.body, g.body);

    // memberType defaults to MIXED, which is 0 (Table 6.3.4.2.11-1).
    let mixed = created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "g2", "mnm": 5, "mid": [c1, n1]}}),
    )
    .await;
    assert_eq!(mixed.attrs()["mt"], 0);
    assert_eq!(mixed.attrs()["mid"], json!([c1, n1]));
    // consistencyStrategy ABANDON_MEMBER (default): the node is dropped.
    let member = created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "g3", "mt": 3, "mnm": 5, "mid": [c1, n1]}}),
    )
    .await;
    assert_eq!(member.attrs()["mid"], json!([c1]));
    assert_eq!(member.attrs()["cnm"], 1);
    assert_eq!(member.attrs()["mtv"], true);
    // ABANDON_GROUP: GROUP_MEMBER_TYPE_INCONSISTENT, nothing created.
    let abandon = c
        .create(
            "/cse-in",
            ADMIN,
            9,
            json!({"m2m:grp": {"rn": "g4", "mt": 3, "mnm": 5, "csy": 2, "mid": [c1, n1]}}),
        )
        .await;
    assert_error(&abandon, 4110);
    assert_eq!(abandon.status, 400);
    assert_error(&c.get("/cse-in/g4", ADMIN).await, 4004);
    // SET_MIXED: memberType becomes mixed (0) and every member stays.
    let set_mixed = created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "g5", "mt": 3, "mnm": 5, "csy": 3, "mid": [c1, n1]}}),
    )
    .await;
    assert_eq!(set_mixed.attrs()["mt"], 0);
    assert_eq!(set_mixed.attrs()["mid"], json!([c1, n1]));
    assert_eq!(set_mixed.attrs()["csy"], 3);
    // More members than maxNrOfMembers → MAX_NUMBER_OF_MEMBER_EXCEEDED.
    let too_many = c
        .create(
            "/cse-in",
            ADMIN,
            9,
            json!({"m2m:grp": {"rn": "g6", "mnm": 1, "mid": [c1, c2]}}),
        )
        .await;
    assert_error(&too_many, 6010);
    assert_eq!(too_many.status, 400);

    // 7.4.13.2.3 Update: the same checks, and mnm below cnm is refused.
    assert_error(
        &c.update(
            "/cse-in/g1",
            ADMIN,
            json!({"m2m:grp": {"mid": [c1, c2, n1], "mnm": 2}}),
        )
        .await,
        6010,
    );
    assert_error(
        &c.update("/cse-in/g1", ADMIN, json!({"m2m:grp": {"mnm": 1}}))
            .await,
        6010,
    );
    let up = c
        .update("/cse-in/g1", ADMIN, json!({"m2m:grp": {"mid": [c2]}}))
        .await;
    assert_rsc(&up, 2004);
    assert_eq!(up.attrs()["mid"], json!([c2]));
    assert_eq!(up.attrs()["cnm"], 1);
    // memberType and consistencyStrategy are NP on update.
    assert_error(
        &c.update("/cse-in/g1", ADMIN, json!({"m2m:grp": {"mt": 14}}))
            .await,
        4000,
    );
    assert_error(
        &c.update("/cse-in/g1", ADMIN, json!({"m2m:grp": {"csy": 2}}))
            .await,
        4000,
    );
    assert_rsc(&c.delete("/cse-in/g1", ADMIN).await, 2002);
    assert_error(&c.get("/cse-in/g1", ADMIN).await, 4004);
    // The members are untouched.
    get_ok(&c, "/cse-in/c1", ADMIN).await;

    // Member IDs may be structured or SP-relative addresses (memberIDs is a list of
    // xs:anyURI; 7.4.13.2.1 checks "the resource which is indicated by the member ID").
    let sp_relative = format!("/id-in/{c2}");
    let addressed = created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "g7", "mt": 3, "mnm": 2, "csy": 2, "mid": ["cse-in/c1", sp_relative]}}),
    )
    .await;
    assert_eq!(addressed.attrs()["mid"], json!(["cse-in/c1", sp_relative]));
    assert_eq!(addressed.attrs()["cnm"], 2);
    // ABANDON_GROUP also refuses a member of the wrong type named by its address.
    let r = c
        .create(
            "/cse-in",
            ADMIN,
            9,
            json!({"m2m:grp": {"rn": "g8", "mt": 3, "mnm": 2, "csy": 2, "mid": ["cse-in/c1", "cse-in/n1"]}}),
        )
        .await;
    assert_error(&r, 4110);
    // A group of nodes named by address is a valid execTarget: one execInstance each.
    let by_address = created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "g9", "mt": 14, "mnm": 2, "mid": ["cse-in/n1"]}}),
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        12,
        json!({"m2m:mgc": {"rn": "boot", "cmt": 2, "ext": ri_of(&by_address)}}),
    )
    .await;
    assert_rsc(
        &c.update("/cse-in/boot", ADMIN, json!({"m2m:mgc": {"exe": true}}))
            .await,
        2004,
    );
    let instances = exec_instances(&c, "/cse-in/boot").await;
    assert_eq!(instances.len(), 1);
    assert_eq!(instances[0]["ext"], n1.as_str());
}

// ---------------------------------------------------------------- Result Content

/// An AE `rcnapp` with containers c1 (holding instance i1) and c2 (holding container c21).
async fn rcn_tree(c: &Client) {
    register(c, "Crcn", "rcnapp").await;
    created(
        c,
        "/cse-in/rcnapp",
        "Crcn",
        3,
        json!({"m2m:cnt": {"rn": "c1"}}),
    )
    .await;
    created(
        c,
        "/cse-in/rcnapp/c1",
        "Crcn",
        4,
        json!({"m2m:cin": {"rn": "i1", "con": "x"}}),
    )
    .await;
    created(
        c,
        "/cse-in/rcnapp",
        "Crcn",
        3,
        json!({"m2m:cnt": {"rn": "c2"}}),
    )
    .await;
    created(
        c,
        "/cse-in/rcnapp/c2",
        "Crcn",
        3,
        json!({"m2m:cnt": {"rn": "c21"}}),
    )
    .await;
}

/// TS-0001 Table 8.1.2-1, TS-0004 Table 7.5.2-2: Create allows 0, 1, 2, 3, 9.
#[tokio::test]
async fn create_result_content() {
    let cse = TestCse::start().await;
    let c = cse.client();
    register(&c, "Crcn", "rcnapp").await;
    let create = |rn: &str, rcn: Option<u32>| {
        let path = match rcn {
            Some(n) => format!("/cse-in/rcnapp?rcn={n}"),
            None => "/cse-in/rcnapp".to_string(),
        };
        Req::new("POST", &path)
            .origin("Crcn")
            .json(&json!({"m2m:cnt": {"rn": rn, "mni": 3}}))
            .ty(3)
    };
    let r0 = c.send(create("x0", Some(0))).await;
    assert_rsc(&r0, 2001);
    assert_eq!(r0.body, Value::Null);
    assert_eq!(r0.header("content-location"), Some("/cse-in/rcnapp/x0"));
    // TS-0009 6.4.3, 6.4.5: no body, so no Content-Type, and a zero Content-Length.
    assert_eq!(r0.header("content-type"), None);
    assert_eq!(r0.header("content-length"), Some("0"));

    let r1 = c.send(create("x1", Some(1))).await;
    assert_rsc(&r1, 2001);
    assert_eq!(r1.root(), "m2m:cnt");
    assert_eq!(r1.body, get_ok(&c, "/cse-in/rcnapp/x1", "Crcn").await.body);
    let default = c.send(create("xd", None)).await;
    assert_eq!(default.root(), "m2m:cnt", "default rcn is 1");

    let r2 = c.send(create("x2", Some(2))).await;
    assert_rsc(&r2, 2001);
    assert_eq!(r2.body, json!({"m2m:uri": "cse-in/rcnapp/x2"}));

    let r3 = c.send(create("x3", Some(3))).await;
    assert_rsc(&r3, 2001);
    let stored = get_ok(&c, "/cse-in/rcnapp/x3", "Crcn").await;
    assert_eq!(
        r3.body,
        json!({"m2m:rce": {"m2m:cnt": stored.attrs(), "uri": "cse-in/rcnapp/x3"}})
    );

    // rcn 9: only what the CSE set or changed beyond the request (7.2.2.2).
    let r9 = c.send(create("x9", Some(9))).await;
    assert_rsc(&r9, 2001);
    assert_eq!(r9.root(), "m2m:cnt");
    let m = r9.attrs();
    for k in ["ri", "pi", "ty", "ct", "lt", "et", "cni", "cbs", "st"] {
        assert!(m.contains_key(k), "{k} in {}", r9.body);
    }
    assert!(
        !m.contains_key("rn") && !m.contains_key("mni"),
        "{}",
        r9.body
    );
    let stored = get_ok(&c, "/cse-in/rcnapp/x9", "Crcn").await;
    assert_eq!(m["ri"], stored.attrs()["ri"]);

    // The rest is not valid for Create → BAD_REQUEST, and nothing is created.
    for rcn in [4, 5, 6, 7, 8] {
        let rn = format!("bad{rcn}");
        assert_error(&c.send(create(&rn, Some(rcn))).await, 4000);
        assert_error(&c.get(&format!("/cse-in/rcnapp/{rn}"), "Crcn").await, 4004);
    }
}

/// Retrieve allows 1, 4, 5, 6, 8 (and 7 for announced resources) with the JSON of
/// TS-0004 8.4 examples 2 and 3 and Table 7.5.2-2.
#[tokio::test]
async fn retrieve_result_content() {
    let cse = TestCse::start().await;
    let c = cse.client();
    rcn_tree(&c).await;
    let ae = get_ok(&c, "/cse-in/rcnapp?rcn=1", "Crcn").await;
    assert_eq!(ae.root(), "m2m:ae");
    assert!(!ae.attrs().contains_key("m2m:cnt") && !ae.attrs().contains_key("ch"));
    assert_eq!(ae.body, get_ok(&c, "/cse-in/rcnapp", "Crcn").await.body);
    let c1 = get_ok(&c, "/cse-in/rcnapp/c1", "Crcn").await;
    let i1 = get_ok(&c, "/cse-in/rcnapp/c1/i1", "Crcn").await;
    let c2 = get_ok(&c, "/cse-in/rcnapp/c2", "Crcn").await;
    let c21 = get_ok(&c, "/cse-in/rcnapp/c2/c21", "Crcn").await;

    // 4: attributes and the children inlined, nested, as arrays under their own names.
    let mut c1_inline = c1.attrs().clone();
    c1_inline.insert("m2m:cin".into(), json!([i1.attrs()]));
    let mut c2_inline = c2.attrs().clone();
    c2_inline.insert("m2m:cnt".into(), json!([c21.attrs()]));
    let mut expected = ae.attrs().clone();
    expected.insert("m2m:cnt".into(), json!([c1_inline, c2_inline]));
    let r4 = get_ok(&c, "/cse-in/rcnapp?rcn=4", "Crcn").await;
    assert_eq!(r4.body, json!({"m2m:ae": expected}));

    // 8: the children only, no attribute of the target.
    let r8 = get_ok(&c, "/cse-in/rcnapp?rcn=8", "Crcn").await;
    assert_eq!(
        r8.body,
        json!({"m2m:ae": {"m2m:cnt": [c1_inline, c2_inline]}})
    );

    // 5: attributes and `ch` references {nm, typ, val} of children and descendants.
    let refs = vec![
        reference("c1", 3, "cse-in/rcnapp/c1"),
        reference("i1", 4, "cse-in/rcnapp/c1/i1"),
        reference("c2", 3, "cse-in/rcnapp/c2"),
        reference("c21", 3, "cse-in/rcnapp/c2/c21"),
    ];
    let mut sorted = refs.clone();
    sorted.sort_by_key(|r| s(&r["val"]));
    let r5 = get_ok(&c, "/cse-in/rcnapp?rcn=5", "Crcn").await;
    assert_eq!(r5.root(), "m2m:ae");
    assert_eq!(without(r5.attrs(), &["ch"]), *ae.attrs());
    assert_eq!(sorted_refs(&r5.attrs()["ch"]), sorted);
    // lvl=1: direct children only.
    let r5l = get_ok(&c, "/cse-in/rcnapp?rcn=5&lvl=1", "Crcn").await;
    assert_eq!(
        sorted_refs(&r5l.attrs()["ch"]),
        vec![
            reference("c1", 3, "cse-in/rcnapp/c1"),
            reference("c2", 3, "cse-in/rcnapp/c2")
        ]
    );

    // 6: m2m:rrl with rrf references, nothing of the target.
    let r6 = get_ok(&c, "/cse-in/rcnapp?rcn=6", "Crcn").await;
    let rrl = r6.body.as_object().unwrap();
    assert_eq!(rrl.keys().collect::<Vec<_>>(), vec!["m2m:rrl"]);
    assert_eq!(
        r6.body["m2m:rrl"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        vec!["rrf"]
    );
    assert_eq!(sorted_refs(&r6.body["m2m:rrl"]["rrf"]), sorted);
    // drt=2: unstructured references.
    let r6u = get_ok(&c, "/cse-in/rcnapp/c2?rcn=6&drt=2", "Crcn").await;
    assert_eq!(
        r6u.body,
        json!({"m2m:rrl": {"rrf": [reference("c21", 3, &s(&c21.attrs()["ri"]))]}})
    );

    // 0 (nothing), 2, 3 and 9 are not valid for Retrieve.
    for rcn in [0, 2, 3, 9] {
        assert_error(
            &c.get(&format!("/cse-in/rcnapp?rcn={rcn}"), "Crcn").await,
            4000,
        );
    }
}

#[tokio::test]
async fn update_result_content() {
    let cse = TestCse::start().await;
    let c = cse.client();
    created(&c, "/cse-in", ADMIN, 3, json!({"m2m:cnt": {"rn": "c"}})).await;
    let update = |rcn: Option<u32>, lbl: &str| {
        let path = match rcn {
            Some(n) => format!("/cse-in/c?rcn={n}"),
            None => "/cse-in/c".into(),
        };
        Req::new("PUT", &path)
            .origin(ADMIN)
            .json(&json!({"m2m:cnt": {"lbl": [lbl]}}))
    };
    let d = c.send(update(None, "a")).await;
    assert_rsc(&d, 2004);
    assert_eq!(d.body, get_ok(&c, "/cse-in/c", ADMIN).await.body);
    let r1 = c.send(update(Some(1), "b")).await;
    assert_rsc(&r1, 2004);
    assert_eq!(r1.attrs()["lbl"], json!(["b"]));
    let r0 = c.send(update(Some(0), "c")).await;
    assert_rsc(&r0, 2004);
    assert_eq!(r0.body, Value::Null);
    assert_eq!(
        get_ok(&c, "/cse-in/c", ADMIN).await.attrs()["lbl"],
        json!(["c"])
    );
    // 9: only what changed beyond the request (st always, lt when the second changed).
    let r9 = c.send(update(Some(9), "d")).await;
    assert_rsc(&r9, 2004);
    assert_eq!(r9.root(), "m2m:cnt");
    let m = r9.attrs();
    assert_eq!(m["st"], 4);
    assert!(!m.contains_key("lbl"), "{}", r9.body);
    assert!(m.keys().all(|k| k == "st" || k == "lt"), "{}", r9.body);
    for rcn in [2, 3, 4, 5, 6, 7, 8] {
        assert_error(&c.send(update(Some(rcn), "z")).await, 4000);
    }
    assert_eq!(
        get_ok(&c, "/cse-in/c", ADMIN).await.attrs()["lbl"],
        json!(["d"])
    );
}

/// Delete allows 0 (default), 1, 4, 5, 6, 8 (TS-0001 Table 8.1.2-1); the content describes
/// what was deleted.
#[tokio::test]
async fn delete_result_content() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let build = |name: &'static str| async move {
        created(&c, "/cse-in", ADMIN, 3, json!({"m2m:cnt": {"rn": name}})).await;
        let cin = created(
            &c,
            &format!("/cse-in/{name}"),
            ADMIN,
            4,
            json!({"m2m:cin": {"rn": "i", "con": "v"}}),
        )
        .await;
        let cnt = get_ok(&c, &format!("/cse-in/{name}"), ADMIN).await;
        (cnt, cin)
    };
    let del = |path: String| c.send(Req::new("DELETE", &path).origin(ADMIN));

    build("d0").await;
    let r = del("/cse-in/d0".into()).await;
    assert_rsc(&r, 2002);
    assert_eq!(r.body, Value::Null);
    assert_error(&c.get("/cse-in/d0/i", ADMIN).await, 4004);
    build("d00").await;
    let r = del("/cse-in/d00?rcn=0".into()).await;
    assert_rsc(&r, 2002);
    assert_eq!(r.body, Value::Null);

    let (cnt, _) = build("d1").await;
    let r = del("/cse-in/d1?rcn=1".into()).await;
    assert_rsc(&r, 2002);
    assert_eq!(r.body, cnt.body);

    let (cnt, cin) = build("d4").await;
    let r = del("/cse-in/d4?rcn=4".into()).await;
    assert_rsc(&r, 2002);
    let mut expected = cnt.attrs().clone();
    expected.insert("m2m:cin".into(), json!([cin.attrs()]));
    assert_eq!(r.body, json!({"m2m:cnt": expected}));

    let (cnt, _) = build("d5").await;
    let r = del("/cse-in/d5?rcn=5".into()).await;
    assert_rsc(&r, 2002);
    let mut expected = cnt.attrs().clone();
    expected.insert("ch".into(), json!([reference("i", 4, "cse-in/d5/i")]));
    assert_eq!(r.body, json!({"m2m:cnt": expected}));

    build("d6").await;
    let r = del("/cse-in/d6?rcn=6".into()).await;
    assert_rsc(&r, 2002);
    assert_eq!(
        r.body,
        json!({"m2m:rrl": {"rrf": [reference("i", 4, "cse-in/d6/i")]}})
    );

    let (_, cin) = build("d8").await;
    let r = del("/cse-in/d8?rcn=8".into()).await;
    assert_rsc(&r, 2002);
    assert_eq!(r.body, json!({"m2m:cnt": {"m2m:cin": [cin.attrs()]}}));

    // 2, 3, 7 and 9 are not valid for Delete; nothing is deleted.
    build("dx").await;
    for rcn in [2, 3, 7, 9] {
        assert_error(&del(format!("/cse-in/dx?rcn={rcn}")).await, 4000);
    }
    get_ok(&c, "/cse-in/dx/i", ADMIN).await;
}

// ---------------------------------------------------------------- addressing and binding

/// TS-0004 6.2.3 / TS-0009 6.2.3: every form of the To parameter reaches the same resource.
#[tokio::test]
async fn addressing_forms() {
    let cse = TestCse::start().await;
    let c = cse.client();
    register(&c, "Caddr", "addr").await;
    let cnt = created(
        &c,
        "/cse-in/addr",
        "Caddr",
        3,
        json!({"m2m:cnt": {"rn": "box"}}),
    )
    .await;
    let ri = ri_of(&cnt);
    for path in [
        "/cse-in/addr/box".to_string(),
        "/-/addr/box".to_string(),
        format!("/{ri}"),
        "/~/id-in/cse-in/addr/box".to_string(),
        "/~/id-in/-/addr/box".to_string(),
        format!("/~/id-in/{ri}"),
        "/_/dmgate.local/id-in/cse-in/addr/box".to_string(),
        format!("/_/dmgate.local/id-in/{ri}"),
    ] {
        let r = c.get(&path, "Caddr").await;
        assert_rsc(&r, 2000);
        assert_eq!(r.body, cnt.body, "{path}");
    }
    let base = get_ok(&c, "/cse-in", ADMIN).await;
    assert_eq!(base.root(), "m2m:cb");
    let b = base.attrs();
    assert_eq!(
        (&b["ri"], &b["rn"], &b["csi"], &b["ty"]),
        (
            &json!("id-in"),
            &json!("cse-in"),
            &json!("/id-in"),
            &json!(5)
        )
    );
    let srt: Vec<u64> = b["srt"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    for ty in [1, 2, 3, 4, 9, 12, 13, 14, 23] {
        assert!(srt.contains(&ty), "srt {srt:?} lacks {ty}");
    }
    for path in [
        "/-",
        "/id-in",
        "/~/id-in",
        "/~/id-in/cse-in",
        "/_/dmgate.local/id-in",
    ] {
        let r = c.get(path, ADMIN).await;
        assert_rsc(&r, 2000);
        assert_eq!(r.attrs()["ri"], "id-in", "{path}");
    }

    // Creating through any form: Content-Location is the structured address.
    for (i, parent) in [
        format!(
            "/~/id-in/{}",
            s(&get_ok(&c, "/cse-in/addr", "Caddr").await.attrs()["ri"])
        ),
        "/_/dmgate.local/id-in/cse-in/addr".to_string(),
        "/-/addr".to_string(),
    ]
    .iter()
    .enumerate()
    {
        let r = c
            .create(
                parent,
                "Caddr",
                3,
                json!({"m2m:cnt": {"rn": format!("n{i}")}}),
            )
            .await;
        assert_rsc(&r, 2001);
        assert_eq!(
            r.header("content-location"),
            Some(format!("/cse-in/addr/n{i}").as_str())
        );
        assert_eq!(r.attrs()["pi"], "Caddr");
    }

    // Another CSE or service provider is not reachable from here → TARGET_NOT_REACHABLE.
    for path in [
        "/~/id-other/cse-in",
        "/_/other.example/id-in/cse-in",
        "/_/dmgate.local/id-other/cse-in",
    ] {
        let r = c.get(path, ADMIN).await;
        assert_error(&r, 5103);
        assert_eq!(r.status, 404);
    }
    // Unknown names and ids → NOT_FOUND.
    for path in [
        "/cse-in/addr/nothing",
        "/nothing",
        "/~/id-in/nothing",
        "/cse-in/addr/box/x/y",
    ] {
        assert_error(&c.get(path, ADMIN).await, 4004);
    }
}

/// TS-0009 6.4.8, 6.4.22: X-M2M-RI is echoed; releases 2a, 3, 4, 5 are served and echoed;
/// anything else → RELEASE_VERSION_NOT_SUPPORTED (TS-0004 7.3.2.1).
#[tokio::test]
async fn request_id_and_release_version() {
    let cse = TestCse::start().await;
    let c = cse.client();
    for rvi in ["2a", "3", "4", "5"] {
        let r = c
            .send(
                Req::new("GET", "/cse-in")
                    .origin(ADMIN)
                    .header("X-M2M-RI", &format!("req-{rvi}"))
                    .header("X-M2M-RVI", rvi),
            )
            .await;
        assert_rsc(&r, 2000);
        assert_eq!(r.header("X-M2M-RI"), Some(format!("req-{rvi}").as_str()));
        assert_eq!(r.header("X-M2M-RVI"), Some(rvi));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    for rvi in ["1", "2", "6", "x"] {
        let r = c
            .send(
                Req::new("GET", "/cse-in")
                    .origin(ADMIN)
                    .header("X-M2M-RI", "rel")
                    .header("X-M2M-RVI", rvi),
            )
            .await;
        assert_error(&r, 4001);
        assert_eq!(r.status, 501);
        assert_eq!(r.header("X-M2M-RI"), Some("rel"));
    }
    // The request id comes back on errors too, and a Create answers with Content-Location.
    let r = c
        .send(
            Req::new("GET", "/cse-in/none")
                .origin(ADMIN)
                .header("X-M2M-RI", "abc-123"),
        )
        .await;
    assert_error(&r, 4004);
    assert_eq!(r.header("X-M2M-RI"), Some("abc-123"));
    // The oneM2M media type is answered in kind.
    let r = c
        .send(
            Req::new("POST", "/cse-in")
                .origin(ADMIN)
                .header("Content-Type", "application/vnd.onem2m-res+json; ty=3")
                .raw_body(r#"{"m2m:cnt": {"rn": "media"}}"#),
        )
        .await;
    assert_rsc(&r, 2001);
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.onem2m-res+json")
    );
    assert_eq!(r.header("content-location"), Some("/cse-in/media"));
}

/// TS-0009 Table 6.3.2-1, transcribed: the HTTP status of every RSC this suite sees.
#[test]
fn http_status_table() {
    let rows: &[(u16, u16)] = &[
        (1001, 202),
        (2000, 200),
        (2001, 201),
        (2002, 200),
        (2004, 200),
        (4000, 400),
        (4001, 501),
        (4004, 404),
        (4005, 405),
        (4015, 415),
        (4103, 403),
        (4105, 409),
        (4108, 403),
        (4110, 400),
        (4117, 403),
        (5001, 501),
        (5103, 404),
        (5203, 403),
        (5207, 406),
        (6010, 400),
        (6022, 400),
        (6023, 400),
        (6024, 400),
        (6028, 409),
    ];
    for (rsc, http) in rows {
        assert_eq!(http_status_of(*rsc), *http, "{rsc}");
    }
}

// ---------------------------------------------------------------- restart

/// Everything created survives a restart with identical attributes, and access decisions
/// that depend on who created what still hold.
#[tokio::test]
async fn restart_keeps_the_tree() {
    let mut cse = TestCse::start().await;
    let c = cse.client();
    register(&c, "Crst", "rst").await;
    register(&c, "Cother", "other").await;
    let acp = created(
        &c,
        "/cse-in/rst",
        "Crst",
        1,
        json!({"m2m:acp": {"rn": "acp", "pv": {"acr": [{"acor": ["Crst"], "acop": 63}, {"acor": ["Cother"], "acop": 2}]}, "pvs": {"acr": [{"acor": ["Crst"], "acop": 63}]}}}),
    )
    .await;
    created(
        &c,
        "/cse-in/rst",
        "Crst",
        3,
        json!({"m2m:cnt": {"rn": "data", "mni": 5, "acpi": [ri_of(&acp)]}}),
    )
    .await;
    created(
        &c,
        "/cse-in/rst",
        "Crst",
        3,
        json!({"m2m:cnt": {"rn": "private"}}),
    )
    .await;
    for con in ["one", "two"] {
        created(
            &c,
            "/cse-in/rst/data",
            "Crst",
            4,
            json!({"m2m:cin": {"con": con}}),
        )
        .await;
    }
    let n = node(&c, "gw", "urn:gw").await;
    created(
        &c,
        "/cse-in/gw",
        ADMIN,
        13,
        json!({"m2m:dvi": {"rn": "info", "mgd": 1007, "dlb": "l", "man": "Acme", "mod": "M", "dty": "gw"}}),
    )
    .await;
    created(
        &c,
        "/cse-in/gw",
        ADMIN,
        13,
        json!({"m2m:bat": {"rn": "bat", "mgd": 1006, "btl": 50, "bts": 1}}),
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        12,
        json!({"m2m:mgc": {"rn": "boot", "cmt": 2, "ext": ri_of(&n)}}),
    )
    .await;
    assert_rsc(
        &c.update("/cse-in/boot", ADMIN, json!({"m2m:mgc": {"exe": true}}))
            .await,
        2004,
    );
    created(
        &c,
        "/cse-in",
        ADMIN,
        9,
        json!({"m2m:grp": {"rn": "grp", "mt": 14, "mnm": 2, "mid": [ri_of(&n)]}}),
    )
    .await;

    let paths = [
        "/cse-in/rst",
        "/cse-in/other",
        "/cse-in/rst/acp",
        "/cse-in/rst/data",
        "/cse-in/rst/private",
        "/cse-in/rst/data/la",
        "/cse-in/rst/data/ol",
        "/cse-in/gw",
        "/cse-in/gw/info",
        "/cse-in/gw/bat",
        "/cse-in/boot",
        "/cse-in/grp",
    ];
    let mut before = Vec::new();
    for path in paths {
        before.push(get_ok(&c, &format!("{path}?rcn=4"), ADMIN).await.body);
    }
    let found_before = get_ok(&c, "/cse-in?fu=1", ADMIN).await.body;

    cse.restart().await;
    let c = cse.client();
    for (path, body) in paths.iter().zip(&before) {
        let r = get_ok(&c, &format!("{path}?rcn=4"), ADMIN).await;
        assert_eq!(&r.body, body, "{path}");
    }
    let mut a = get_ok(&c, "/cse-in?fu=1", ADMIN).await.body["m2m:uril"]
        .as_array()
        .unwrap()
        .clone();
    let mut b = found_before["m2m:uril"].as_array().unwrap().clone();
    a.sort_by_key(s);
    b.sort_by_key(s);
    assert_eq!(a, b);

    // Registration, the policy and the default (creator) policy still decide.
    assert_error(&c.register("Crst", "again", &[]).await, 4117);
    assert_rsc(&c.get("/cse-in/rst/data", "Cother").await, 2000);
    assert_error(
        &c.update(
            "/cse-in/rst/data",
            "Cother",
            json!({"m2m:cnt": {"lbl": ["x"]}}),
        )
        .await,
        4103,
    );
    assert_rsc(&c.get("/cse-in/rst/private", "Crst").await, 2000);
    assert_error(&c.get("/cse-in/rst/private", "Cother").await, 4103);
    // The containers keep counting where they left off.
    let r = created(
        &c,
        "/cse-in/rst/data",
        "Crst",
        4,
        json!({"m2m:cin": {"con": "three"}}),
    )
    .await;
    assert_eq!(r.attrs()["st"], 3);
    assert_eq!(
        get_ok(&c, "/cse-in/rst/data", "Crst").await.attrs()["cni"],
        3
    );
}
