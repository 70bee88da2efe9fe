//! Access control over real HTTP on loopback (TS-0001 9.6.2 and Table 9.6.1.3.2-1,
//! TS-0004 7.3.2.x Recv-6.3): the default policy of a resource without `acpi`, `pv` per
//! operation and originator (exact IDs, `C*`, `all`), `pvs` for the policy itself and for
//! changing `acpi`, discovery under DISCOVER privilege, and the admin originator.
#![allow(clippy::unwrap_used)]
mod common;

use common::*;
use serde_json::{Value, json};

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_string()
}

async fn created(c: &Client, path: &str, origin: &str, ty: u32, body: Value) -> Reply {
    let r = c.create(path, origin, ty, body).await;
    assert_rsc(&r, 2001);
    r
}

/// An accessControlPolicy; returns its resourceID.
async fn policy(c: &Client, parent: &str, origin: &str, rn: &str, pv: Value, pvs: Value) -> String {
    let r = created(
        c,
        parent,
        origin,
        1,
        json!({"m2m:acp": {"rn": rn, "pv": {"acr": pv}, "pvs": {"acr": pvs}}}),
    )
    .await;
    s(&r.attrs()["ri"])
}

/// `m2m:uril` of a discovery, sorted.
async fn discover(c: &Client, path: &str, origin: &str) -> Vec<String> {
    let r = c.get(path, origin).await;
    assert_rsc(&r, 2000);
    let mut list: Vec<String> = r.body["m2m:uril"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", r.body))
        .iter()
        .map(s)
        .collect();
    list.sort();
    list
}

fn strings(items: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// TS-0001 Table 9.6.1.3.2-1: without `acpi` only the creator has access; an AE's subtree
/// is its own, so another AE is refused every operation with ORIGINATOR_HAS_NO_PRIVILEGE.
#[tokio::test]
async fn an_ae_without_policies_reaches_only_its_own_subtree() {
    let cse = TestCse::start().await;
    let c = cse.client();
    assert_rsc(&c.register("Cone", "one", &[]).await, 2001);
    assert_rsc(&c.register("Ctwo", "two", &[]).await, 2001);
    created(
        &c,
        "/cse-in/one",
        "Cone",
        3,
        json!({"m2m:cnt": {"rn": "c"}}),
    )
    .await;
    created(
        &c,
        "/cse-in/one/c",
        "Cone",
        4,
        json!({"m2m:cin": {"rn": "i", "con": "v"}}),
    )
    .await;

    // The owner, also in SP-relative form (TS-0001 7.2).
    for origin in ["Cone", "/id-in/Cone"] {
        for path in [
            "/cse-in/one",
            "/cse-in/one/c",
            "/cse-in/one/c/i",
            "/cse-in/one/c/la",
        ] {
            assert_rsc(&c.get(path, origin).await, 2000);
        }
    }
    assert_rsc(
        &c.update(
            "/cse-in/one/c",
            "Cone",
            json!({"m2m:cnt": {"lbl": ["mine"]}}),
        )
        .await,
        2004,
    );

    // Another AE: every operation refused, nothing changed.
    for path in [
        "/cse-in/one",
        "/cse-in/one/c",
        "/cse-in/one/c/i",
        "/cse-in/one/c/la",
    ] {
        let r = c.get(path, "Ctwo").await;
        assert_error(&r, 4103);
        assert_eq!(r.status, 403);
    }
    for (path, body) in [
        ("/cse-in/one", json!({"m2m:ae": {"lbl": ["x"]}})),
        ("/cse-in/one/c", json!({"m2m:cnt": {"lbl": ["x"]}})),
    ] {
        assert_error(&c.update(path, "Ctwo", body).await, 4103);
    }
    for path in ["/cse-in/one/c/i", "/cse-in/one/c", "/cse-in/one"] {
        assert_error(&c.delete(path, "Ctwo").await, 4103);
    }
    assert_error(
        &c.create(
            "/cse-in/one",
            "Ctwo",
            3,
            json!({"m2m:cnt": {"rn": "intruder"}}),
        )
        .await,
        4103,
    );
    assert_error(
        &c.create("/cse-in/one/c", "Ctwo", 4, json!({"m2m:cin": {"con": "x"}}))
            .await,
        4103,
    );
    let cnt = c.get("/cse-in/one/c", "Cone").await;
    assert_eq!(cnt.attrs()["lbl"], json!(["mine"]));
    assert_eq!(cnt.attrs()["cni"], 1);
    assert_eq!(c.get("/cse-in/one/intruder", ADMIN).await.rsc, 4004);
    // And the other way round.
    assert_error(&c.get("/cse-in/two", "Cone").await, 4103);
}

/// An ACP granting RETRIEVE (acop 2) to X: X retrieves the resource and the instances it
/// governs, and is refused UPDATE, DELETE and CREATE (4103).
#[tokio::test]
async fn a_retrieve_only_policy() {
    let cse = TestCse::start().await;
    let c = cse.client();
    assert_rsc(&c.register("Cowner", "own", &[]).await, 2001);
    assert_rsc(&c.register("Creader", "reader", &[]).await, 2001);
    let acp = policy(
        &c,
        "/cse-in/own",
        "Cowner",
        "acp",
        json!([{"acor": ["Cowner"], "acop": 63}, {"acor": ["Creader"], "acop": 2}]),
        json!([{"acor": ["Cowner"], "acop": 63}]),
    )
    .await;
    created(
        &c,
        "/cse-in/own",
        "Cowner",
        3,
        json!({"m2m:cnt": {"rn": "c", "acpi": [acp]}}),
    )
    .await;
    created(
        &c,
        "/cse-in/own/c",
        "Cowner",
        4,
        json!({"m2m:cin": {"rn": "i", "con": "v"}}),
    )
    .await;

    for path in [
        "/cse-in/own/c",
        "/cse-in/own/c/i",
        "/cse-in/own/c/la",
        "/cse-in/own/c/ol",
    ] {
        assert_rsc(&c.get(path, "Creader").await, 2000);
    }
    let r = c
        .update(
            "/cse-in/own/c",
            "Creader",
            json!({"m2m:cnt": {"lbl": ["x"]}}),
        )
        .await;
    assert_error(&r, 4103);
    assert_eq!(r.status, 403);
    assert_error(&c.delete("/cse-in/own/c", "Creader").await, 4103);
    assert_error(&c.delete("/cse-in/own/c/i", "Creader").await, 4103);
    assert_error(&c.delete("/cse-in/own/c/la", "Creader").await, 4103);
    assert_error(
        &c.create(
            "/cse-in/own/c",
            "Creader",
            4,
            json!({"m2m:cin": {"con": "x"}}),
        )
        .await,
        4103,
    );
    // The AE itself is still under the default policy, and the policy under its own pvs.
    assert_error(&c.get("/cse-in/own", "Creader").await, 4103);
    assert_error(&c.get("/cse-in/own/acp", "Creader").await, 4103);
    // Anyone not named gets nothing.
    assert_error(&c.get("/cse-in/own/c", "Cstranger").await, 4103);
    // The owner is named with all operations, so it keeps every right.
    assert_rsc(
        &c.update(
            "/cse-in/own/c",
            "Cowner",
            json!({"m2m:cnt": {"lbl": ["y"]}}),
        )
        .await,
        2004,
    );
    let cnt = c.get("/cse-in/own/c", "Creader").await;
    assert_eq!(cnt.attrs()["lbl"], json!(["y"]));
    assert_eq!(cnt.attrs()["cni"], 1);

    // Discovery needs DISCOVER (acop 32): the reader has RETRIEVE only.
    assert_eq!(
        discover(&c, "/cse-in/own?fu=1", "Creader").await,
        Vec::<String>::new()
    );
    assert_eq!(
        discover(&c, "/cse-in/own?fu=1", "Cowner").await,
        strings(&["cse-in/own/acp", "cse-in/own/c", "cse-in/own/c/i"])
    );
}

/// `acor` entries: a `*` pattern (Release 4 wildcard) and `all`.
#[tokio::test]
async fn wildcard_and_all_originators() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let admin_only = json!([{"acor": [ADMIN], "acop": 63}]);
    let wild = policy(
        &c,
        "/cse-in",
        ADMIN,
        "wild",
        json!([{"acor": ["C*"], "acop": 2}]),
        admin_only.clone(),
    )
    .await;
    let open = policy(
        &c,
        "/cse-in",
        ADMIN,
        "open",
        json!([{"acor": ["all"], "acop": 3}]),
        admin_only,
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "w", "acpi": [wild]}}),
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "o", "acpi": [open]}}),
    )
    .await;

    for origin in ["Canything", "C", "Cx-1"] {
        assert_rsc(&c.get("/cse-in/w", origin).await, 2000);
    }
    for origin in ["Sanything", "xC"] {
        assert_error(&c.get("/cse-in/w", origin).await, 4103);
    }
    assert_error(
        &c.update("/cse-in/w", "Canything", json!({"m2m:cnt": {"lbl": ["x"]}}))
            .await,
        4103,
    );

    for origin in ["Sanyone", "Canyone", "/id-in/Cthird"] {
        assert_rsc(&c.get("/cse-in/o", origin).await, 2000);
        assert_rsc(
            &c.create("/cse-in/o", origin, 4, json!({"m2m:cin": {"con": origin}}))
                .await,
            2001,
        );
        assert_error(
            &c.update("/cse-in/o", origin, json!({"m2m:cnt": {"lbl": ["x"]}}))
                .await,
            4103,
        );
        assert_error(&c.delete("/cse-in/o", origin).await, 4103);
    }
    assert_eq!(c.get("/cse-in/o", ADMIN).await.attrs()["cni"], 3);
}

/// Discovery returns only what the originator may DISCOVER.
#[tokio::test]
async fn discovery_omits_what_may_not_be_discovered() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let admin_only = json!([{"acor": [ADMIN], "acop": 63}]);
    let disc = policy(
        &c,
        "/cse-in",
        ADMIN,
        "disc",
        json!([{"acor": ["Cfinder"], "acop": 2 | 32}]),
        admin_only.clone(),
    )
    .await;
    let nodisc = policy(
        &c,
        "/cse-in",
        ADMIN,
        "nodisc",
        json!([{"acor": ["Cfinder"], "acop": 2}]),
        admin_only,
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "a", "acpi": [disc]}}),
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "b", "acpi": [nodisc]}}),
    )
    .await;
    created(
        &c,
        "/cse-in/a",
        ADMIN,
        4,
        json!({"m2m:cin": {"rn": "ai", "con": "v"}}),
    )
    .await;
    created(
        &c,
        "/cse-in/b",
        ADMIN,
        4,
        json!({"m2m:cin": {"rn": "bi", "con": "v"}}),
    )
    .await;

    assert_eq!(
        discover(&c, "/cse-in?fu=1", "Cfinder").await,
        strings(&["cse-in/a", "cse-in/a/ai"])
    );
    assert_eq!(
        discover(&c, "/cse-in?fu=1&ty=4", "Cfinder").await,
        strings(&["cse-in/a/ai"])
    );
    // Retrieve of b is allowed; only discovery hides it.
    assert_rsc(&c.get("/cse-in/b/bi", "Cfinder").await, 2000);
    assert_eq!(
        discover(&c, "/cse-in?fu=1&ty=3+4", ADMIN).await,
        strings(&["cse-in/a", "cse-in/a/ai", "cse-in/b", "cse-in/b/bi"])
    );
    assert_eq!(
        discover(&c, "/cse-in?fu=1", "Cnobody").await,
        Vec::<String>::new()
    );
}

/// TS-0001 9.6.2.1: an <accessControlPolicy> is governed by its own selfPrivileges, not by
/// privileges.
#[tokio::test]
async fn a_policy_is_governed_by_its_self_privileges() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let p = policy(
        &c,
        "/cse-in",
        ADMIN,
        "p",
        json!([{"acor": ["Cx"], "acop": 63}]),
        json!([{"acor": ["Cy"], "acop": 2}, {"acor": ["Cz"], "acop": 63}]),
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "c", "acpi": [p]}}),
    )
    .await;

    // pv grants Cx everything on the container, nothing on the policy.
    assert_rsc(&c.get("/cse-in/c", "Cx").await, 2000);
    assert_error(&c.get("/cse-in/p", "Cx").await, 4103);
    assert_error(
        &c.update(
            "/cse-in/p",
            "Cx",
            json!({"m2m:acp": {"pv": {"acr": [{"acor": ["Cx", "Cw"], "acop": 63}]}}}),
        )
        .await,
        4103,
    );
    assert_error(&c.delete("/cse-in/p", "Cx").await, 4103);
    // pvs grants Cy RETRIEVE on the policy, nothing on the container.
    let before = c.get("/cse-in/p", "Cy").await;
    assert_rsc(&before, 2000);
    assert_eq!(before.root(), "m2m:acp");
    assert_error(&c.get("/cse-in/c", "Cy").await, 4103);
    assert_error(
        &c.update(
            "/cse-in/p",
            "Cy",
            json!({"m2m:acp": {"pvs": {"acr": [{"acor": ["Cy"], "acop": 63}]}}}),
        )
        .await,
        4103,
    );
    assert_error(&c.delete("/cse-in/p", "Cy").await, 4103);
    assert_eq!(c.get("/cse-in/p", "Cy").await.body, before.body);
    // Cz may change it: after granting Cy RETRIEVE through pv, Cy reads the container.
    let up = c
        .update(
            "/cse-in/p",
            "Cz",
            json!({"m2m:acp": {"pv": {"acr": [{"acor": ["Cx"], "acop": 63}, {"acor": ["Cy"], "acop": 2}]}}}),
        )
        .await;
    assert_rsc(&up, 2004);
    assert_rsc(&c.get("/cse-in/c", "Cy").await, 2000);
    assert_rsc(&c.delete("/cse-in/p", "Cz").await, 2002);
    // With its only policy gone, the container is reachable by no one but the admin.
    assert_error(&c.get("/cse-in/c", "Cx").await, 4103);
    assert_rsc(&c.get("/cse-in/c", ADMIN).await, 2000);
}

/// TS-0001 Table 9.6.1.3.2-1 (accessControlPolicyIDs): changing `acpi` needs UPDATE in the
/// selfPrivileges of the policies it references now (the default policy's creator where
/// there are none), and must be the only attribute of the Update.
#[tokio::test]
async fn changing_acpi_needs_self_privileges() {
    let cse = TestCse::start().await;
    let c = cse.client();
    let p = policy(
        &c,
        "/cse-in",
        ADMIN,
        "p",
        json!([{"acor": ["Cx"], "acop": 2 | 4}]),
        json!([{"acor": ["Cy"], "acop": 4}]),
    )
    .await;
    let q = policy(
        &c,
        "/cse-in",
        ADMIN,
        "q",
        json!([{"acor": ["Cx"], "acop": 63}]),
        json!([{"acor": [ADMIN], "acop": 63}]),
    )
    .await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "c", "acpi": [p]}}),
    )
    .await;

    // Cx may update the container's attributes (pv), not its policies (pvs).
    assert_rsc(
        &c.update("/cse-in/c", "Cx", json!({"m2m:cnt": {"lbl": ["x"]}}))
            .await,
        2004,
    );
    assert_error(
        &c.update("/cse-in/c", "Cx", json!({"m2m:cnt": {"acpi": [q]}}))
            .await,
        4103,
    );
    assert_error(
        &c.update("/cse-in/c", "Cx", json!({"m2m:cnt": {"acpi": null}}))
            .await,
        4103,
    );
    // Cy the other way round.
    assert_error(
        &c.update("/cse-in/c", "Cy", json!({"m2m:cnt": {"lbl": ["y"]}}))
            .await,
        4103,
    );
    // acpi together with another attribute is refused.
    assert_error(
        &c.update(
            "/cse-in/c",
            "Cy",
            json!({"m2m:cnt": {"acpi": [q], "lbl": ["y"]}}),
        )
        .await,
        4000,
    );
    assert_eq!(c.get("/cse-in/c", ADMIN).await.attrs()["acpi"], json!([p]));
    let moved = c
        .update("/cse-in/c", "Cy", json!({"m2m:cnt": {"acpi": [q]}}))
        .await;
    assert_rsc(&moved, 2004);
    assert_eq!(moved.attrs()["acpi"], json!([q]));
    // Now q decides: Cx may delete.
    assert_rsc(&c.delete("/cse-in/c", "Cx").await, 2002);

    // Without acpi the creator (default policy) may set one — and then q decides.
    assert_rsc(&c.register("Cowner", "own", &[]).await, 2001);
    created(
        &c,
        "/cse-in/own",
        "Cowner",
        3,
        json!({"m2m:cnt": {"rn": "d"}}),
    )
    .await;
    assert_error(
        &c.update("/cse-in/own/d", "Cx", json!({"m2m:cnt": {"acpi": [q]}}))
            .await,
        4103,
    );
    assert_rsc(
        &c.update("/cse-in/own/d", "Cowner", json!({"m2m:cnt": {"acpi": [q]}}))
            .await,
        2004,
    );
    assert_error(&c.get("/cse-in/own/d", "Cowner").await, 4103);
    assert_rsc(&c.get("/cse-in/own/d", "Cx").await, 2000);
}

/// The admin originator may do anything, whatever the policies say.
#[tokio::test]
async fn the_admin_may_do_anything() {
    let cse = TestCse::start().await;
    let c = cse.client();
    assert_rsc(&c.register("Cone", "one", &[]).await, 2001);
    created(
        &c,
        "/cse-in/one",
        "Cone",
        3,
        json!({"m2m:cnt": {"rn": "c"}}),
    )
    .await;
    let nobody = json!([{"acor": ["Cnobody"], "acop": 63}]);
    let deny = policy(&c, "/cse-in", ADMIN, "deny", nobody.clone(), nobody).await;
    created(
        &c,
        "/cse-in",
        ADMIN,
        3,
        json!({"m2m:cnt": {"rn": "locked", "acpi": [deny]}}),
    )
    .await;

    for origin in [ADMIN, "/id-in/CAdmin"] {
        for path in [
            "/cse-in/one",
            "/cse-in/one/c",
            "/cse-in/locked",
            "/cse-in/deny",
        ] {
            assert_rsc(&c.get(path, origin).await, 2000);
        }
    }
    assert_rsc(
        &c.update(
            "/cse-in/one/c",
            ADMIN,
            json!({"m2m:cnt": {"lbl": ["admin"]}}),
        )
        .await,
        2004,
    );
    assert_rsc(
        &c.create("/cse-in/one/c", ADMIN, 4, json!({"m2m:cin": {"con": "v"}}))
            .await,
        2001,
    );
    assert_rsc(
        &c.update(
            "/cse-in/locked",
            ADMIN,
            json!({"m2m:cnt": {"lbl": ["admin"]}}),
        )
        .await,
        2004,
    );
    assert_rsc(
        &c.update(
            "/cse-in/deny",
            ADMIN,
            json!({"m2m:acp": {"pv": {"acr": [{"acor": ["Cnobody"], "acop": 1}]}}}),
        )
        .await,
        2004,
    );
    assert_error(&c.get("/cse-in/locked", "Cone").await, 4103);
    let found = discover(&c, "/cse-in?fu=1&ty=3", ADMIN).await;
    assert_eq!(found, strings(&["cse-in/locked", "cse-in/one/c"]));
    assert_rsc(&c.delete("/cse-in/locked", ADMIN).await, 2002);
    assert_rsc(&c.delete("/cse-in/one", ADMIN).await, 2002);
    assert_error(&c.get("/cse-in/one/c", ADMIN).await, 4004);
}
