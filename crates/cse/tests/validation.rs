//! Requests the CSE must refuse, over real HTTP on loopback: exact Response Status Code,
//! the HTTP status TS-0009 Table 6.3.2-1 maps it to, and a non-empty `m2m:dbg`.
//! TS-0004 7.3.3.3 (Create), 7.3.3.4 (Update), 7.3.2.1 / 7.3.3.1 (request checks).
#![allow(clippy::unwrap_used)]
mod common;

use common::*;
use serde_json::{Value, json};

/// An AE `val` (Cval) with a container `c` holding an instance `i`; a node `n` with a
/// deviceInfo `dvi` and a battery `bat`.
async fn setup(c: &Client) {
    assert_rsc(&c.register("Cval", "val", &[]).await, 2001);
    for (path, origin, ty, body) in [
        ("/cse-in/val", "Cval", 3, json!({"m2m:cnt": {"rn": "c"}})),
        (
            "/cse-in/val/c",
            "Cval",
            4,
            json!({"m2m:cin": {"rn": "i", "con": "v"}}),
        ),
        (
            "/cse-in",
            ADMIN,
            14,
            json!({"m2m:nod": {"rn": "n", "ni": "urn:n"}}),
        ),
        (
            "/cse-in/n",
            ADMIN,
            13,
            json!({"m2m:dvi": {"rn": "dvi", "mgd": 1007, "dlb": "l", "man": "Acme", "mod": "M", "dty": "gw"}}),
        ),
        (
            "/cse-in/n",
            ADMIN,
            13,
            json!({"m2m:bat": {"rn": "bat", "mgd": 1006, "btl": 50, "bts": 1}}),
        ),
    ] {
        assert_rsc(&c.create(path, origin, ty, body).await, 2001);
    }
}

/// Each case: a Create that must fail with `rsc`, and must leave nothing behind.
async fn refused_create(c: &Client, path: &str, origin: &str, ty: u32, body: Value, rsc: u16) {
    let r = c.create(path, origin, ty, body.clone()).await;
    assert_error(&r, rsc);
    if let Some(rn) = body
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(|a| a.get("rn"))
        .and_then(Value::as_str)
    {
        let child = format!("{path}/{rn}");
        assert_error(&c.get(&child, ADMIN).await, 4004);
    }
}

#[tokio::test]
async fn unknown_attributes_are_bad_requests() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    refused_create(
        &c,
        "/cse-in/val",
        "Cval",
        3,
        json!({"m2m:cnt": {"rn": "x", "foo": 1}}),
        4000,
    )
    .await;
    refused_create(
        &c,
        "/cse-in/n",
        ADMIN,
        13,
        json!({"m2m:bat": {"rn": "x", "mgd": 1006, "btl": 5, "bts": 1, "man": "Acme"}}),
        4000,
    )
    .await;
    // A mgmtObj specialization's attribute is unknown on another specialization.
    let r = c
        .update("/cse-in/n/bat", ADMIN, json!({"m2m:bat": {"fwv": "1"}}))
        .await;
    assert_error(&r, 4000);
    let r = c
        .update("/cse-in/val/c", "Cval", json!({"m2m:cnt": {"foo": 1}}))
        .await;
    assert_error(&r, 4000);
    // An update carrying no attribute at all.
    let r = c
        .update("/cse-in/val/c", "Cval", json!({"m2m:cnt": {}}))
        .await;
    assert_error(&r, 4000);
}

#[tokio::test]
async fn values_of_the_wrong_type_or_range() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    // A string for a boolean.
    let r = c
        .send(
            Req::new("POST", "/cse-in")
                .origin("Cwrong")
                .json(&json!({"m2m:ae": {"rn": "wrong", "api": "Nx", "rr": "yes", "srv": ["3"]}}))
                .ty(2),
        )
        .await;
    assert_error(&r, 4000);
    assert_error(&c.get("/cse-in/wrong", ADMIN).await, 4004);
    for body in [
        json!({"m2m:cnt": {"rn": "x", "mni": -1}}),
        json!({"m2m:cnt": {"rn": "x", "mni": "5"}}),
        json!({"m2m:cnt": {"rn": "x", "lbl": "single"}}),
        json!({"m2m:cnt": {"rn": "x", "disr": 1}}),
        json!({"m2m:cnt": {"rn": "x", "et": "tomorrow"}}),
        json!({"m2m:cnt": {"rn": 7}}),
    ] {
        refused_create(&c, "/cse-in/val", "Cval", 3, body, 4000).await;
    }
    // batteryLevel is 0..=100 (D.7), batteryStatus 1..=7.
    for body in [
        json!({"m2m:bat": {"rn": "x", "mgd": 1006, "btl": 101, "bts": 1}}),
        json!({"m2m:bat": {"rn": "x", "mgd": 1006, "btl": -1, "bts": 1}}),
        json!({"m2m:bat": {"rn": "x", "mgd": 1006, "btl": 50, "bts": 8}}),
    ] {
        refused_create(&c, "/cse-in/n", ADMIN, 13, body, 4000).await;
    }
    for body in [
        json!({"m2m:bat": {"btl": 101}}),
        json!({"m2m:bat": {"btl": 99.5}}),
        json!({"m2m:bat": {"bts": "NORMAL"}}),
    ] {
        assert_error(&c.update("/cse-in/n/bat", ADMIN, body).await, 4000);
    }
    assert_eq!(
        c.get("/cse-in/n/bat", ADMIN).await.attrs()["btl"],
        50,
        "nothing was applied"
    );
    // m2m:timestamp
    assert_error(
        &c.update(
            "/cse-in/n/dvi",
            ADMIN,
            json!({"m2m:dvi": {"syst": "2024-01-01 00:00"}}),
        )
        .await,
        4000,
    );
}

/// NP attributes (TS-0004 7.3.3.3 / 7.3.3.4): present in the request → BAD_REQUEST.
#[tokio::test]
async fn read_only_attributes() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    for (name, value) in [
        ("ri", json!("mine")),
        ("ct", json!("20240101T000000")),
        ("lt", json!("20240101T000000")),
        ("pi", json!("id-in")),
        ("ty", json!(3)),
        ("st", json!(0)),
        ("cni", json!(0)),
        ("cbs", json!(0)),
    ] {
        let mut attrs = serde_json::Map::new();
        attrs.insert("rn".into(), json!("x"));
        attrs.insert(name.into(), value);
        refused_create(
            &c,
            "/cse-in/val",
            "Cval",
            3,
            json!({ "m2m:cnt": attrs }),
            4000,
        )
        .await;
    }
    // firmware updateStatus and software install are NP on create (D.2, D.3).
    refused_create(
        &c,
        "/cse-in/n",
        ADMIN,
        13,
        json!({"m2m:fwr": {"rn": "x", "mgd": 1001, "vr": "1", "fwn": "f", "url": "http://f/x", "ud": false, "uds": {"acn": "ud", "sus": 1}}}),
        4000,
    )
    .await;
    refused_create(
        &c,
        "/cse-in/n",
        ADMIN,
        13,
        json!({"m2m:swr": {"rn": "x", "mgd": 1002, "vr": "1", "swn": "s", "url": "http://s/x", "in": true}}),
        4000,
    )
    .await;
    for body in [
        json!({"m2m:cnt": {"ri": "other"}}),
        json!({"m2m:cnt": {"ct": "20240101T000000"}}),
        json!({"m2m:cnt": {"rn": "renamed"}}),
        json!({"m2m:cnt": {"cni": 3}}),
        json!({"m2m:cnt": {"cr": "Cval"}}),
    ] {
        assert_error(&c.update("/cse-in/val/c", "Cval", body).await, 4000);
    }
    // mgmtDefinition, and deviceInfo's manufacturer and model, are NP on update.
    for body in [
        json!({"m2m:dvi": {"mgd": 1006}}),
        json!({"m2m:dvi": {"man": "Other"}}),
        json!({"m2m:dvi": {"mod": "Other"}}),
        json!({"m2m:dvi": {"obis": ["urn:x"]}}),
        json!({"m2m:dvi": {"dlb": "ok", "man": "Other"}}),
    ] {
        assert_error(&c.update("/cse-in/n/dvi", ADMIN, body).await, 4000);
    }
    let dvi = c.get("/cse-in/n/dvi", ADMIN).await;
    assert_eq!(
        (
            &dvi.attrs()["man"],
            &dvi.attrs()["dlb"],
            &dvi.attrs()["mgd"]
        ),
        (&json!("Acme"), &json!("l"), &json!(1007))
    );
}

#[tokio::test]
async fn missing_mandatory_attributes() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    for body in [
        json!({"m2m:ae": {"rn": "m1", "rr": true, "srv": ["3"]}}),
        json!({"m2m:ae": {"rn": "m2", "api": "Nx", "srv": ["3"]}}),
        json!({"m2m:ae": {"rn": "m3", "api": "Nx", "rr": true}}),
    ] {
        let r = c
            .send(
                Req::new("POST", "/cse-in")
                    .origin("Cmissing")
                    .json(&body)
                    .ty(2),
            )
            .await;
        assert_error(&r, 4000);
    }
    assert_error(&c.get("/Cmissing", ADMIN).await, 4004);
    let cases = [
        (
            "/cse-in/val/c",
            "Cval",
            4,
            json!({"m2m:cin": {"rn": "x", "cnf": "text/plain:0"}}),
        ),
        (
            "/cse-in/n",
            ADMIN,
            13,
            json!({"m2m:dvi": {"rn": "x", "mgd": 1007, "dlb": "l", "mod": "M", "dty": "gw"}}),
        ),
        (
            "/cse-in/n",
            ADMIN,
            13,
            json!({"m2m:bat": {"rn": "x", "mgd": 1006, "btl": 5}}),
        ),
        (
            "/cse-in/n",
            ADMIN,
            13,
            json!({"m2m:bat": {"rn": "x", "btl": 5, "bts": 1}}),
        ),
        (
            "/cse-in",
            ADMIN,
            9,
            json!({"m2m:grp": {"rn": "x", "mnm": 2}}),
        ),
        (
            "/cse-in",
            ADMIN,
            12,
            json!({"m2m:mgc": {"rn": "x", "cmt": 2}}),
        ),
        (
            "/cse-in",
            ADMIN,
            1,
            json!({"m2m:acp": {"rn": "x", "pvs": {"acr": [{"acor": ["CAdmin"], "acop": 63}]}}}),
        ),
    ];
    for (path, origin, ty, body) in cases {
        refused_create(&c, path, origin, ty, body, 4000).await;
    }
    // A mandatory attribute cannot be removed with null.
    assert_error(
        &c.update("/cse-in/n/dvi", ADMIN, json!({"m2m:dvi": {"dlb": null}}))
            .await,
        4000,
    );
}

/// A mgmtObj whose `mgd` does not match its JSON root (Annex D: mgd is fixed per
/// specialization), and a root that names no specialization.
#[tokio::test]
async fn mgmt_definition_must_match_the_specialization() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    refused_create(
        &c,
        "/cse-in/n",
        ADMIN,
        13,
        json!({"m2m:bat": {"rn": "x", "mgd": 1007, "btl": 5, "bts": 1}}),
        4000,
    )
    .await;
    refused_create(
        &c,
        "/cse-in/n",
        ADMIN,
        13,
        json!({"m2m:xyz": {"rn": "x", "mgd": 1099}}),
        4000,
    )
    .await;
}

/// TS-0004 7.3.3.3 and 7.3.3.5: `cr` may only be requested with null; the CSE then sets it
/// to the originator. A value for it, or `cr` on a type without it, is a BAD_REQUEST.
#[tokio::test]
async fn creator_attribute() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    let r = c
        .create(
            "/cse-in/val",
            "Cval",
            3,
            json!({"m2m:cnt": {"rn": "withcr", "cr": null}}),
        )
        .await;
    assert_rsc(&r, 2001);
    assert_eq!(r.attrs()["cr"], "Cval");
    let r = c
        .create(
            "/cse-in/val/withcr",
            "Cval",
            4,
            json!({"m2m:cin": {"rn": "i", "con": "v", "cr": null}}),
        )
        .await;
    assert_rsc(&r, 2001);
    assert_eq!(r.attrs()["cr"], "Cval");
    refused_create(
        &c,
        "/cse-in/val",
        "Cval",
        3,
        json!({"m2m:cnt": {"rn": "forged", "cr": "Csomeoneelse"}}),
        4000,
    )
    .await;
    let r = c
        .send(
            Req::new("POST", "/cse-in")
                .origin("Ccr")
                .json(&json!({"m2m:ae": {"rn": "cr", "api": "Nx", "rr": true, "srv": ["3"], "cr": null}}))
                .ty(2),
        )
        .await;
    assert_error(&r, 4000);
}

/// TS-0004 7.3.3.3: a type not in the parent's child-resource table →
/// INVALID_CHILD_RESOURCE_TYPE; a subscription to what is not subscribable →
/// TARGET_NOT_SUBSCRIBABLE (7.4.8.2.1).
#[tokio::test]
async fn child_types_the_parent_does_not_take() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    let cases = [
        ("/cse-in/n", ADMIN, 3, json!({"m2m:cnt": {"rn": "x"}})),
        (
            "/cse-in/val",
            "Cval",
            14,
            json!({"m2m:nod": {"rn": "x", "ni": "urn:x"}}),
        ),
        (
            "/cse-in",
            ADMIN,
            13,
            json!({"m2m:bat": {"rn": "x", "mgd": 1006, "btl": 5, "bts": 1}}),
        ),
        (
            "/cse-in",
            ADMIN,
            4,
            json!({"m2m:cin": {"rn": "x", "con": "v"}}),
        ),
        (
            "/cse-in/val",
            "Cval",
            4,
            json!({"m2m:cin": {"rn": "x", "con": "v"}}),
        ),
        (
            "/cse-in/val",
            "Cval",
            2,
            json!({"m2m:ae": {"rn": "x", "api": "Nx", "rr": true, "srv": ["3"]}}),
        ),
        (
            "/cse-in/val/c/i",
            "Cval",
            3,
            json!({"m2m:cnt": {"rn": "x"}}),
        ),
        ("/cse-in/n/dvi", ADMIN, 3, json!({"m2m:cnt": {"rn": "x"}})),
    ];
    for (path, origin, ty, body) in cases {
        let r = c.create(path, origin, ty, body).await;
        assert_error(&r, 4108);
        assert_eq!(r.status, 403);
    }
    let r = c
        .create(
            "/cse-in/val/c/i",
            "Cval",
            23,
            json!({"m2m:sub": {"rn": "s", "nu": ["http://127.0.0.1:9/n"]}}),
        )
        .await;
    assert_error(&r, 5203);
    assert_eq!(r.status, 403);
    assert_error(&c.get("/cse-in/val/c/i/s", ADMIN).await, 4004);
}

#[tokio::test]
async fn name_conflicts() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    let r = c
        .create("/cse-in/val", "Cval", 3, json!({"m2m:cnt": {"rn": "c"}}))
        .await;
    assert_error(&r, 4105);
    assert_eq!(r.status, 409);
    // The existing container was not touched.
    assert_eq!(c.get("/cse-in/val/c", "Cval").await.attrs()["cni"], 1);
    // Another AE-ID, same name under the CSEBase.
    let r = c.register("Cother", "val", &[]).await;
    assert_error(&r, 4105);
    // A node and a container cannot share a name under the CSEBase either.
    let r = c
        .create("/cse-in", ADMIN, 3, json!({"m2m:cnt": {"rn": "n"}}))
        .await;
    assert_error(&r, 4105);
    // Same name under another parent is fine.
    assert_rsc(
        &c.create("/cse-in", ADMIN, 3, json!({"m2m:cnt": {"rn": "c"}}))
            .await,
        2001,
    );
}

#[tokio::test]
async fn malformed_content() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    for raw in [
        "{",
        "not json",
        "[]",
        r#"{"m2m:cnt": "x"}"#,
        r#"{"m2m:cnt": {"rn": "a"}, "m2m:cin": {"con": "b"}}"#,
        "{}",
    ] {
        let r = c
            .send(
                Req::new("POST", "/cse-in/val")
                    .origin("Cval")
                    .raw_body(raw)
                    .ty(3),
            )
            .await;
        assert_error(&r, 4000);
        let r = c
            .send(
                Req::new("PUT", "/cse-in/val/c")
                    .origin("Cval")
                    .raw_body(raw),
            )
            .await;
        assert_error(&r, 4000);
    }
    // A Create without content.
    let r = c
        .send(
            Req::new("POST", "/cse-in/val")
                .origin("Cval")
                .header("Content-Type", "application/json;ty=3"),
        )
        .await;
    assert_error(&r, 4000);
    // `ty` that is not a number, or not a resource type.
    for ct in ["application/json;ty=abc", "application/json;ty=999"] {
        let r = c
            .send(
                Req::new("POST", "/cse-in/val")
                    .origin("Cval")
                    .header("Content-Type", ct)
                    .raw_body(r#"{"m2m:cnt": {"rn": "t"}}"#),
            )
            .await;
        assert_error(&r, 4000);
    }
    assert_error(&c.get("/cse-in/val/t", ADMIN).await, 4004);
}

/// TS-0004 7.3.3.3: "If the resource representation in Content parameter is not compatible
/// with the Resource Type parameter … BAD_REQUEST"; likewise an Update whose root is not
/// the target's type.
#[tokio::test]
async fn content_root_must_match_the_type() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    refused_create(
        &c,
        "/cse-in/val",
        "Cval",
        3,
        json!({"m2m:ae": {"rn": "x", "api": "Nx", "rr": true, "srv": ["3"]}}),
        4000,
    )
    .await;
    refused_create(
        &c,
        "/cse-in",
        ADMIN,
        14,
        json!({"m2m:cnt": {"rn": "x"}}),
        4000,
    )
    .await;
    refused_create(
        &c,
        "/cse-in/n",
        ADMIN,
        13,
        json!({"m2m:nod": {"rn": "x", "ni": "urn:x"}}),
        4000,
    )
    .await;
    assert_error(
        &c.update("/cse-in/val/c", "Cval", json!({"m2m:ae": {"lbl": ["x"]}}))
            .await,
        4000,
    );
    assert_error(
        &c.update("/cse-in/n/dvi", ADMIN, json!({"m2m:bat": {"btl": 3}}))
            .await,
        4000,
    );
}

/// TS-0004 7.2.2.2 / TS-0009 6.4.7, 6.4.8: From and Request Identifier are mandatory; an
/// AE registration may come without From (TS-0001 10.2.2.2: the Registrar then assigns
/// the kind of AE-ID).
#[tokio::test]
async fn originator_and_request_identifier_required() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    for req in [
        Req::new("GET", "/cse-in/val/c"),
        Req::new("PUT", "/cse-in/val/c").json(&json!({"m2m:cnt": {"lbl": ["x"]}})),
        Req::new("DELETE", "/cse-in/val/c"),
        Req::new("POST", "/cse-in/val")
            .json(&json!({"m2m:cnt": {"rn": "x"}}))
            .ty(3),
    ] {
        assert_error(&c.send(req).await, 4000);
    }
    assert_error(&c.get("/cse-in/val/x", ADMIN).await, 4004);
    let c_still = c.get("/cse-in/val/c", "Cval").await;
    assert_rsc(&c_still, 2000);
    assert!(!c_still.attrs().contains_key("lbl"));

    for req in [
        Req::new("GET", "/cse-in/val/c").origin("Cval"),
        Req::new("POST", "/cse-in/val")
            .origin("Cval")
            .json(&json!({"m2m:cnt": {"rn": "y"}}))
            .ty(3),
    ] {
        let r = c.send(req.without("X-M2M-RI")).await;
        assert_error(&r, 4000);
        assert_eq!(r.header("X-M2M-RI"), None);
    }
    assert_error(&c.get("/cse-in/val/y", ADMIN).await, 4004);

    let anonymous = c
        .send(
            Req::new("POST", "/cse-in")
                .json(&json!({"m2m:ae": {"rn": "anon", "api": "Nx", "rr": false, "srv": ["3"]}}))
                .ty(2),
        )
        .await;
    assert_rsc(&anonymous, 2001);
    assert!(anonymous.attrs()["aei"].as_str().unwrap().starts_with('C'));
}

/// TS-0004 7.3.3.1, TS-0009 6.4.2/6.4.3: a body the CSE cannot read →
/// UNSUPPORTED_MEDIA_TYPE; a response it cannot give → NOT_ACCEPTABLE.
#[tokio::test]
async fn media_types() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    let r = c
        .send(
            Req::new("POST", "/cse-in/val")
                .origin("Cval")
                .header("Content-Type", "application/xml;ty=3")
                .raw_body(r#"<m2m:cnt rn="x"/>"#),
        )
        .await;
    assert_error(&r, 4015);
    assert_eq!(r.status, 415);
    assert_error(&c.get("/cse-in/val/x", ADMIN).await, 4004);
    let r = c
        .send(
            Req::new("PUT", "/cse-in/val/c")
                .origin("Cval")
                .header("Content-Type", "application/cbor")
                .raw_body("\u{a0}"),
        )
        .await;
    assert_error(&r, 4015);

    let r = c
        .send(
            Req::new("GET", "/cse-in/val/c")
                .origin("Cval")
                .header("Accept", "application/xml"),
        )
        .await;
    assert_error(&r, 5207);
    assert_eq!(r.status, 406);
    for accept in [
        "application/xml, application/json",
        "*/*",
        "application/vnd.onem2m-res+json",
    ] {
        let r = c
            .send(
                Req::new("GET", "/cse-in/val/c")
                    .origin("Cval")
                    .header("Accept", accept),
            )
            .await;
        assert_rsc(&r, 2000);
        assert_eq!(r.root(), "m2m:cnt");
    }
}

#[tokio::test]
async fn unknown_targets_and_the_cse_base() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    assert_error(&c.get("/cse-in/nothing", ADMIN).await, 4004);
    assert_error(&c.get("/cse-in/val/c/nothing", ADMIN).await, 4004);
    assert_error(
        &c.update("/cse-in/nothing", ADMIN, json!({"m2m:cnt": {"lbl": []}}))
            .await,
        4004,
    );
    assert_error(&c.delete("/cse-in/nothing", ADMIN).await, 4004);
    assert_error(
        &c.create("/cse-in/nothing", ADMIN, 3, json!({"m2m:cnt": {"rn": "x"}}))
            .await,
        4004,
    );
    // The CSEBase can be neither deleted nor updated through the API (7.4.3.2.3/4).
    let base = c.get("/cse-in", ADMIN).await;
    let r = c.delete("/cse-in", ADMIN).await;
    assert_error(&r, 4005);
    assert_eq!(r.status, 405);
    let r = c
        .update("/cse-in", ADMIN, json!({"m2m:cb": {"lbl": ["x"]}}))
        .await;
    assert_error(&r, 4005);
    assert_error(&c.delete("/~/id-in", ADMIN).await, 4005);
    assert_eq!(c.get("/cse-in", ADMIN).await.body, base.body);
    assert_rsc(&c.get("/cse-in/val", "Cval").await, 2000);
}

/// TS-0004 7.3.3.3: a valid Create of a type the CSE does not implement →
/// NOT_IMPLEMENTED (flexContainer, ty 28).
#[tokio::test]
async fn unsupported_resource_type() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    let r = c
        .create(
            "/cse-in/val",
            "Cval",
            28,
            json!({"cod:tempe": {"rn": "t", "cnd": "org.onem2m.common.moduleclass.temperature", "curT0": 21.5}}),
        )
        .await;
    assert_error(&r, 5001);
    assert_eq!(r.status, 501);
    assert_error(&c.get("/cse-in/val/t", ADMIN).await, 4004);
}

/// TS-0004 7.3.3.3 / 7.3.3.4: an expirationTime in the past → BAD_REQUEST.
#[tokio::test]
async fn expiration_time_in_the_past() {
    let cse = TestCse::start().await;
    let c = cse.client();
    setup(&c).await;
    let past = cse::time::format(cse::time::now_ms() - 60_000);
    refused_create(
        &c,
        "/cse-in/val",
        "Cval",
        3,
        json!({"m2m:cnt": {"rn": "old", "et": "20000101T000000"}}),
        4000,
    )
    .await;
    refused_create(
        &c,
        "/cse-in/val",
        "Cval",
        3,
        json!({"m2m:cnt": {"rn": "old", "et": past}}),
        4000,
    )
    .await;
    let before = c.get("/cse-in/val/c", "Cval").await;
    assert_error(
        &c.update("/cse-in/val/c", "Cval", json!({"m2m:cnt": {"et": past}}))
            .await,
        4000,
    );
    assert_eq!(c.get("/cse-in/val/c", "Cval").await.body, before.body);
    // A future one is taken as given.
    let future = cse::time::format(cse::time::now_ms() + 86_400_000);
    let r = c
        .update("/cse-in/val/c", "Cval", json!({"m2m:cnt": {"et": future}}))
        .await;
    assert_rsc(&r, 2004);
    assert_eq!(r.attrs()["et"], future.as_str());
}
