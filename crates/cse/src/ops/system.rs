//! Changes the Hosting CSE makes on its own behalf (TS-0001 10.2.8: the management layer
//! creating a device's `<node>` and `<mgmtObj>`s, setting what a device reported). No
//! originator, no access control, no request validation; the tree's structure and the
//! notifications are exactly those of a client's request.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::Inner;
use crate::error::{CseError, CseResult};
use crate::ids;
use crate::kinds::id_prefix;
use crate::resource::Resource;
use crate::time;

/// Creates a resource under `parent_ri`. `attrs` may name it (`rn`); ids, times and `et`
/// are filled in.
pub(crate) async fn create(
    cse: &Arc<Inner>,
    parent_ri: &str,
    ty: u32,
    mut attrs: Map<String, Value>,
    private: Map<String, Value>,
) -> CseResult<Resource> {
    let parent_ri = parent_ri.to_string();
    cse.write(move |txn| {
        let Some(parent) = txn.get(&parent_ri) else {
            return Err(CseError::not_found(format!("no parent `{parent_ri}`")));
        };
        let ri = loop {
            let candidate = ids::resource_id(id_prefix(ty));
            if txn.get(&candidate).is_none() {
                break candidate;
            }
        };
        let rn = attrs
            .get("rn")
            .and_then(Value::as_str)
            .map_or_else(|| ri.clone(), str::to_string);
        if txn.tree.child_named(&parent_ri, &rn).is_some() {
            return Err(CseError::conflict(format!(
                "`{}` already has a child named `{rn}`",
                parent.rn()
            )));
        }
        let now = time::format(txn.now_ms);
        for (k, v) in [
            ("ty", Value::from(ty)),
            ("ri", Value::String(ri)),
            ("rn", Value::String(rn)),
            ("pi", Value::String(parent_ri.clone())),
            ("ct", Value::String(now.clone())),
            ("lt", Value::String(now)),
        ] {
            attrs.insert(k.into(), v);
        }
        attrs
            .entry("et")
            .or_insert_with(|| Value::String(super::create::NEVER.into()));
        let resource = Resource {
            ty,
            attrs,
            owner: txn.cse.config.admin.clone(),
            seq: txn.cse.next_seq(),
            private,
        };
        txn.put(resource.clone());
        super::subscription::child_created(txn, &parent, &resource);
        Ok(resource)
    })
    .await
}

/// Merges `attrs` into a resource (null removes one) and replaces its private state when
/// given. Nothing is written, and nobody notified, when nothing changes. `None` when the
/// resource is gone.
pub(crate) async fn update(
    cse: &Arc<Inner>,
    ri: &str,
    attrs: Map<String, Value>,
    private: Option<Map<String, Value>>,
) -> CseResult<Option<Resource>> {
    let ri = ri.to_string();
    cse.write(move |txn| {
        let Some(current) = txn.get(&ri) else {
            return Ok(None);
        };
        let mut modified = Map::new();
        for (k, v) in &attrs {
            let differs = match v {
                Value::Null => current.attrs.contains_key(k),
                v => current.attrs.get(k) != Some(v),
            };
            if differs {
                modified.insert(k.clone(), v.clone());
            }
        }
        let private_changes = private.as_ref().is_some_and(|p| *p != current.private);
        if modified.is_empty() && !private_changes {
            return Ok(Some((*current).clone()));
        }
        if modified.is_empty() {
            // Private state only: no client-visible change, so no lt and no notification.
            let mut next = (*current).clone();
            next.private = private.unwrap_or_default();
            txn.put(next.clone());
            return Ok(Some(next));
        }
        let changes = modified.clone();
        let Some(mut after) = txn.modify(&ri, |a| {
            for (k, v) in changes {
                if v.is_null() {
                    a.remove(&k);
                } else {
                    a.insert(k, v);
                }
            }
        }) else {
            return Ok(None);
        };
        if let Some(private) = private {
            let mut next = (*after).clone();
            next.private = private;
            txn.put(next);
            after = txn.get(&ri).unwrap_or(after);
        }
        super::subscription::updated(txn, &after, &modified);
        Ok(Some((*after).clone()))
    })
    .await
}
