//! `<subscription>` (TS-0004 7.4.8) and the notifications it causes (TS-0004 7.5.1):
//! verification on creation, update / delete / child create / child delete events
//! (`enc/net` 1–4, `enc/atr`, `enc/chty`), the content types of `nct`, the expiration
//! counter `exc`, and the deletion notification to `su`.

use std::sync::Arc;

use onem2m::Rsc;
use serde_json::{Map, Value, json};

use crate::Inner;
use crate::address::local_id;
use crate::config::CseConfig;
use crate::error::{CseError, CseResult};
use crate::kinds::{AE, SUBSCRIPTION};
use crate::notify::{Batch, Delivery};
use crate::resource::Resource;
use crate::tree::Tree;
use crate::txn::Txn;

/// notificationEventType values (TS-0004 6.3.4.2.x).
const UPDATE: u64 = 1;
const DELETE: u64 = 2;
const CREATE_CHILD: u64 = 3;
const DELETE_CHILD: u64 = 4;

pub(super) fn prepare(
    tree: &Tree,
    cfg: &CseConfig,
    originator: &str,
    attrs: &mut Map<String, Value>,
) -> CseResult<()> {
    let enc = attrs
        .entry("enc")
        .or_insert_with(|| json!({ "net": [UPDATE] }));
    let Some(enc) = enc.as_object_mut() else {
        return Err(CseError::bad_request(
            "`enc` (eventNotificationCriteria) must be an object",
        ));
    };
    if !enc.contains_key("net") {
        enc.insert("net".into(), json!([UPDATE]));
    }
    match enc.get("net") {
        Some(Value::Array(events)) if events.iter().all(|e| matches!(e.as_u64(), Some(1..=4))) => {}
        _ => {
            return Err(CseError::bad_request(
                "`enc/net` must be a list of notification event types this CSE raises: 1 update, 2 delete, 3 create of a child, 4 delete of a child",
            ));
        }
    }
    for list in ["atr", "chty"] {
        if let Some(v) = enc.get(list)
            && !v.is_array()
        {
            return Err(CseError::bad_request(format!(
                "`enc/{list}` must be a list"
            )));
        }
    }
    let parent = attrs
        .get("pi")
        .and_then(Value::as_str)
        .and_then(|pi| tree.get(pi));
    if let (Some(parent), Some(Value::Array(types))) =
        (parent, attrs.get("enc").and_then(|e| e.get("chty")))
    {
        // TS-0004 7.4.8.2.1/7.4.8.2.3 Recv-6.4: a childResourceType that is no valid child
        // of the subscribed-to resource is BAD_REQUEST.
        let children = onem2m::schema::schema(parent.ty, parent.mgd()).map(|s| s.children);
        for t in types {
            let valid = t
                .as_u64()
                .and_then(|t| u32::try_from(t).ok())
                .is_some_and(|t| children.is_some_and(|c| c.contains(&t)));
            if !valid {
                return Err(CseError::bad_request(format!(
                    "`enc/chty` {t} is not a child type of the subscribed-to `{}`",
                    parent.root_name()
                )));
            }
        }
    }
    let nct = attrs.entry("nct").or_insert(Value::from(1)).clone();
    if !matches!(nct.as_u64(), Some(1..=3)) {
        // TS-0001 Table 9.6.8-4: 1 all attributes, 2 modified attributes, 3 resource ID.
        return Err(CseError::bad_request(
            "`nct` must be 1 (all attributes), 2 (modified attributes) or 3 (resource ID)",
        ));
    }
    let only_updates = attrs
        .get("enc")
        .and_then(|e| e.get("net"))
        .and_then(Value::as_array)
        .is_some_and(|events| events.iter().all(|e| e.as_u64() == Some(UPDATE)));
    if nct.as_u64() == Some(2) && !only_updates {
        // TS-0001 Table 9.6.8-4: "modified attributes" is n/a for delete and child events;
        // TS-0004 7.4.8.2.1/7.4.8.2.3 Recv-6.4: an invalid combination is BAD_REQUEST.
        return Err(CseError::bad_request(
            "`nct` 2 (modified attributes) is only valid when `enc/net` holds only 1 (update)",
        ));
    }
    if let Some(bn) = attrs.get_mut("bn").filter(|bn| !bn.is_null()) {
        // m2m:batchNotify (TS-0004 Table 6.3.5.6-1): `num` a nonNegativeInteger and `dur` an
        // xs:duration, both optional; a missing duration gets the default (Recv-6.5).
        let Some(bn) = bn.as_object_mut() else {
            return Err(CseError::bad_request(
                "`bn` (batchNotify) must be an object {\"num\": n, \"dur\": \"PT..S\"}",
            ));
        };
        if bn.get("num").is_some_and(|n| n.as_u64().is_none()) {
            return Err(CseError::bad_request(
                "`bn/num` must be a non-negative integer",
            ));
        }
        match bn.get("dur") {
            None => {
                bn.insert("dur".into(), Value::from(DEFAULT_BATCH_DURATION));
            }
            Some(dur) => {
                if dur
                    .as_str()
                    .and_then(crate::time::parse_duration)
                    .is_none_or(|ms| ms <= 0)
                {
                    return Err(CseError::bad_request(
                        "`bn/dur` must be a positive xs:duration such as \"PT10S\"",
                    ));
                }
            }
        }
    }
    if attrs.get("exc").and_then(Value::as_u64) == Some(0) {
        return Err(CseError::bad_request(
            "`exc` (expirationCounter) must be at least 1",
        ));
    }
    let nu = string_list(attrs.get("nu"));
    if nu.is_empty() {
        return Err(CseError::bad_request(
            "`nu` (notificationURI) needs at least one target",
        ));
    }
    for entry in &nu {
        if !entry.contains("://") && resolve_id(tree, cfg, entry).is_none() {
            return Err(CseError::bad_request(format!(
                "notification target `{entry}` is neither a URL nor the id of a resource here"
            )));
        }
    }
    let me = local_id(cfg, originator);
    if !nu.iter().any(|n| local_id(cfg, n) == me) {
        // TS-0004 7.4.8.2.1 Recv-6.5.
        attrs.insert("cr".into(), Value::String(originator.to_string()));
    }
    Ok(())
}

/// The batchNotify duration of a subscription that gives none: the "default duration as
/// given by the M2M Service Provider" (TS-0004 7.4.8.2.1 Recv-6.5) of this CSE.
const DEFAULT_BATCH_DURATION: &str = "PT1S";

/// How a notification of `sub` is sent: at once, or held in its batch (`bn`).
fn batch_policy(sub: &Resource) -> Option<Batch> {
    let bn = sub.attrs.get("bn")?.as_object()?;
    let window = bn
        .get("dur")
        .and_then(Value::as_str)
        .or(Some(DEFAULT_BATCH_DURATION))
        .and_then(crate::time::parse_duration)
        .and_then(|ms| u64::try_from(ms).ok())
        .unwrap_or(1000);
    Some(Batch::Add {
        sub: sub.ri().to_string(),
        num: bn
            .get("num")
            .and_then(Value::as_u64)
            .filter(|n| *n > 0)
            .and_then(|n| usize::try_from(n).ok()),
        window: std::time::Duration::from_millis(window),
    })
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn resolve_id<'t>(tree: &'t Tree, cfg: &CseConfig, id: &str) -> Option<&'t Arc<Resource>> {
    let local = local_id(cfg, id);
    tree.get(local).or_else(|| {
        crate::address::resolve(tree, cfg, local)
            .ok()
            .and_then(|t| match t {
                crate::address::Target::Resource(r) => tree.get(r.ri()),
                _ => None,
            })
    })
}

/// The URLs a notificationURI list points at: URLs as they are, an AE's id → its `poa`.
pub(crate) fn targets(tree: &Tree, cfg: &CseConfig, nu: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for entry in nu {
        if entry.contains("://") {
            out.push(entry.clone());
        } else if let Some(r) = resolve_id(tree, cfg, entry)
            && r.ty == AE
        {
            out.extend(r.str_list("poa").into_iter().filter(|p| p.contains("://")));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The subscriptionReference carried in notifications: the subscription's id in SP-relative
/// form, which a client can address as `/~/<cse-id>/<ri>` or compare with the `ri` it got.
fn reference(cfg: &CseConfig, sub: &Resource) -> String {
    format!("{}/{}", cfg.cse_id, sub.ri())
}

/// Sends the verification request to every target that is not the subscriber itself
/// (TS-0004 7.5.1.2.3); any failure refuses the subscription with 5204.
pub(super) async fn verify(cse: &Arc<Inner>, sub: &Resource, originator: &str) -> CseResult<()> {
    let cfg = &cse.config;
    let me = local_id(cfg, originator).to_string();
    let urls = {
        let tree = cse.read();
        let others: Vec<String> = sub
            .str_list("nu")
            .into_iter()
            .filter(|n| local_id(cfg, n) != me)
            .collect();
        let mut urls = Vec::new();
        for entry in &others {
            let found = targets(&tree, cfg, std::slice::from_ref(entry));
            if found.is_empty() {
                return Err(CseError::new(
                    Rsc::SubscriptionVerificationInitiationFailed,
                    format!("notification target `{entry}` has no http point of access to verify"),
                ));
            }
            urls.extend(found);
        }
        urls
    };
    let body = json!({ "m2m:sgn": { "vrq": true, "sur": reference(cfg, sub), "cr": originator } });
    for url in urls {
        match cse.notifier.send_now(&url, &body).await {
            Ok(answer) if answer.is_ok() => {}
            Ok(answer) => {
                return Err(CseError::new(
                    Rsc::SubscriptionVerificationInitiationFailed,
                    format!(
                        "`{url}` refused the verification request (HTTP {}, rsc {})",
                        answer.http_status,
                        answer.rsc.map_or("none".into(), |r| r.to_string())
                    ),
                ));
            }
            Err(e) => {
                return Err(CseError::new(
                    Rsc::SubscriptionVerificationInitiationFailed,
                    format!("the verification request to `{url}` failed: {e}"),
                ));
            }
        }
    }
    Ok(())
}

fn subscriptions_of(tree: &Tree, ri: &str) -> Vec<Arc<Resource>> {
    tree.subscriptions(ri).cloned().collect()
}

fn events(sub: &Resource) -> Vec<u64> {
    sub.attrs
        .get("enc")
        .and_then(|e| e.get("net"))
        .and_then(Value::as_array)
        .map_or_else(
            || vec![UPDATE],
            |list| list.iter().filter_map(Value::as_u64).collect(),
        )
}

fn representation(
    sub: &Resource,
    subject: &Resource,
    modified: Option<&Map<String, Value>>,
) -> Value {
    match sub.u64_attr("nct") {
        Some(3) => Value::String(subject.ri().to_string()),
        Some(2) => {
            let mut outer = Map::new();
            outer.insert(
                subject.root_name().to_string(),
                Value::Object(modified.cloned().unwrap_or_else(|| subject.attrs.clone())),
            );
            Value::Object(outer)
        }
        _ => subject.wrapped(),
    }
}

/// Queues a notification of `net` about `subject` for `sub`, counting `exc` down.
fn notify(
    txn: &mut Txn<'_>,
    sub: &Resource,
    net: u64,
    subject: &Resource,
    modified: Option<&Map<String, Value>>,
) {
    let cfg = &txn.cse.config;
    let mut sgn = json!({
        "nev": { "rep": representation(sub, subject, modified), "net": net },
        "sur": reference(cfg, sub),
    });
    if let Some(cr) = sub.attrs.get("cr") {
        sgn["cr"] = cr.clone();
    }
    let urls = targets(txn.tree, cfg, &sub.str_list("nu"));
    if !urls.is_empty() {
        txn.deliveries.push(Delivery {
            targets: urls,
            body: json!({ "m2m:sgn": sgn }),
            batch: batch_policy(sub),
        });
    }
    if let Some(exc) = sub.u64_attr("exc") {
        if exc <= 1 {
            // TS-0004 7.5.1.2.2 step 7.0: the counter reached zero; the subscription ends.
            let removed = txn.remove(sub.ri());
            after_removal(txn, &removed);
        } else {
            txn.modify(sub.ri(), |a| {
                a.insert("exc".into(), Value::from(exc - 1));
            });
        }
    }
}

pub(super) fn updated(txn: &mut Txn<'_>, subject: &Resource, modified: &Map<String, Value>) {
    for sub in subscriptions_of(txn.tree, subject.ri()) {
        if !events(&sub).contains(&UPDATE) {
            continue;
        }
        let watched = sub
            .attrs
            .get("enc")
            .and_then(|e| e.get("atr"))
            .and_then(Value::as_array);
        if let Some(watched) = watched
            && !watched.is_empty()
            && !watched
                .iter()
                .filter_map(Value::as_str)
                .any(|a| modified.contains_key(a))
        {
            continue;
        }
        notify(txn, &sub, UPDATE, subject, Some(modified));
    }
}

fn child_type_watched(sub: &Resource, child: &Resource) -> bool {
    match sub
        .attrs
        .get("enc")
        .and_then(|e| e.get("chty"))
        .and_then(Value::as_array)
    {
        Some(types) if !types.is_empty() => types
            .iter()
            .any(|t| t.as_u64() == Some(u64::from(child.ty))),
        _ => true,
    }
}

pub(super) fn child_created(txn: &mut Txn<'_>, parent: &Resource, child: &Resource) {
    for sub in subscriptions_of(txn.tree, parent.ri()) {
        if sub.ri() != child.ri()
            && events(&sub).contains(&CREATE_CHILD)
            && child_type_watched(&sub, child)
        {
            notify(txn, &sub, CREATE_CHILD, child, None);
        }
    }
}

/// Before `subject` is removed: its own subscriptions that watch deletion.
pub(crate) fn subscriptions_fire_on_delete(txn: &mut Txn<'_>, subject: &Resource) {
    for sub in subscriptions_of(txn.tree, subject.ri()) {
        if events(&sub).contains(&DELETE) {
            notify(txn, &sub, DELETE, subject, None);
        }
    }
}

pub(super) fn child_deleted(txn: &mut Txn<'_>, parent_ri: &str, child: &Resource) {
    for sub in subscriptions_of(txn.tree, parent_ri) {
        if events(&sub).contains(&DELETE_CHILD) && child_type_watched(&sub, child) {
            notify(txn, &sub, DELETE_CHILD, child, None);
        }
    }
}

/// After resources were removed: every removed subscription tells its subscriber
/// (`su`) that it is gone (TS-0004 7.4.8.2.4).
pub(super) fn after_removal(txn: &mut Txn<'_>, removed: &[Arc<Resource>]) {
    let cfg = &txn.cse.config;
    for sub in removed.iter().filter(|r| r.ty == SUBSCRIPTION) {
        let Some(su) = sub.str_attr("su") else {
            continue;
        };
        let urls = targets(txn.tree, cfg, &[su.to_string()]);
        if urls.is_empty() {
            continue;
        }
        let mut sgn = json!({ "sud": true, "sur": reference(cfg, sub) });
        if let Some(cr) = sub.attrs.get("cr") {
            sgn["cr"] = cr.clone();
        }
        txn.deliveries.push(Delivery {
            targets: urls,
            body: json!({ "m2m:sgn": sgn }),
            // Whatever its batches still hold goes out before the deletion notice.
            batch: Some(Batch::FlushFirst {
                sub: sub.ri().to_string(),
            }),
        });
    }
}
