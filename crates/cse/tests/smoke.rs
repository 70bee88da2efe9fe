#![allow(clippy::unwrap_used)]
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn register_create_retrieve_discover_restart() {
    let mut cse = TestCse::start().await;
    let c = cse.client();
    let base = c.get("/cse-in", ADMIN).await;
    assert_eq!((base.status, base.rsc), (200, 2000), "{:?}", base.body);
    assert_eq!(base.root(), "m2m:cb");
    let ae = c.register("Cmyapp", "myapp", &[]).await;
    assert_eq!((ae.status, ae.rsc), (201, 2001), "{:?}", ae.body);
    assert_eq!(ae.attrs()["aei"], "Cmyapp");
    let node = c
        .create(
            "/cse-in",
            ADMIN,
            14,
            json!({"m2m:nod": {"rn": "gw1", "ni": "00D09E-IGD-1"}}),
        )
        .await;
    assert_eq!(node.rsc, 2001, "{:?}", node.body);
    let dvi = c
        .create(
            "/cse-in/gw1",
            ADMIN,
            13,
            json!({"m2m:dvi": {"mgd": 1007, "dlb": "1", "man": "Acme", "mod": "IGD", "dty": "gateway"}}),
        )
        .await;
    assert_eq!(dvi.rsc, 2001, "{:?}", dvi.body);
    let found = c.get("/cse-in?fu=1&ty=14", ADMIN).await;
    assert_eq!(found.body, json!({"m2m:uril": ["cse-in/gw1"]}));
    cse.restart().await;
    let c = cse.client();
    let again = c.get("/cse-in/gw1?rcn=4", ADMIN).await;
    assert_eq!(again.rsc, 2000, "{:?}", again.body);
    assert_eq!(again.attrs()["m2m:dvi"][0]["man"], "Acme");
}
