//! `<container>` and `<contentInstance>` (TS-0004 7.4.6, 7.4.7): instance counts and sizes,
//! the `mni`/`mbs`/`mia` limits, and the virtual `la`/`ol` children.

use std::sync::Arc;

use onem2m::Rsc;
use serde_json::{Map, Value};

use crate::Inner;
use crate::address::instance_of;
use crate::error::{CseError, CseResult};
use crate::primitive::{Request, Response};
use crate::resource::Resource;
use crate::time;
use crate::txn::Txn;

/// TS-0004 7.4.7.2.2, 7.4.7.2.4, 7.4.27.2.2, 7.4.28.2.2: a contentInstance whose parent
/// container has `disableRetrieval` true can be neither retrieved nor deleted
/// (OPERATION_NOT_ALLOWED); checked after the originator's privileges (Recv-6.3).
pub(super) fn check_retrieval_enabled(
    tree: &crate::tree::Tree,
    target: &Resource,
) -> CseResult<()> {
    if target.ty != crate::kinds::CONTENT_INSTANCE {
        return Ok(());
    }
    let disabled = tree
        .get(target.pi())
        .and_then(|cnt| cnt.bool_attr("disr"))
        .unwrap_or(false);
    if disabled {
        return Err(CseError::not_allowed(
            "the parent container has disableRetrieval set: its contentInstances cannot be retrieved or deleted",
        ));
    }
    Ok(())
}

pub(super) fn prepare_container(attrs: &mut Map<String, Value>) {
    for counter in ["cni", "cbs", "st"] {
        attrs.insert(counter.into(), Value::from(0));
    }
}

/// The size of a contentInstance's content: its length in bytes as sent.
fn content_size(con: &Value) -> u64 {
    match con {
        Value::String(s) => s.len() as u64,
        other => other.to_string().len() as u64,
    }
}

pub(super) fn prepare_instance(
    container: &Resource,
    attrs: &mut Map<String, Value>,
    now_ms: i64,
) -> CseResult<()> {
    let cs = attrs.get("con").map_or(0, content_size);
    if let Some(mbs) = container.u64_attr("mbs")
        && cs > mbs
    {
        // TS-0004 7.4.7.2.1: content larger than the container's maxByteSize.
        return Err(CseError::new(
            Rsc::NotAcceptable,
            format!("the content is {cs} bytes; the container takes at most {mbs} (mbs)"),
        ));
    }
    attrs.insert("cs".into(), Value::from(cs));
    attrs.insert(
        "st".into(),
        Value::from(container.u64_attr("st").unwrap_or(0) + 1),
    );
    if let Some(mia) = container.u64_attr("mia") {
        let limit = now_ms.saturating_add(
            i64::try_from(mia)
                .unwrap_or(i64::MAX / 2000)
                .saturating_mul(1000),
        );
        let current = attrs
            .get("et")
            .and_then(Value::as_str)
            .and_then(time::parse)
            .unwrap_or(i64::MAX);
        if limit < current {
            attrs.insert("et".into(), Value::String(time::format(limit)));
        }
    }
    Ok(())
}

/// After an instance was added: the container's counters, then the oldest instances
/// removed until `mni` and `mbs` hold again.
pub(super) fn instance_added(
    txn: &mut Txn<'_>,
    container: &Resource,
    instance: &Resource,
) -> CseResult<()> {
    let cs = instance.u64_attr("cs").unwrap_or(0);
    txn.modify(container.ri(), |a| {
        let cni = a.get("cni").and_then(Value::as_u64).unwrap_or(0) + 1;
        let cbs = a.get("cbs").and_then(Value::as_u64).unwrap_or(0) + cs;
        a.insert("cni".into(), Value::from(cni));
        a.insert("cbs".into(), Value::from(cbs));
    });
    enforce_limits(txn, container.ri());
    Ok(())
}

pub(super) fn enforce_limits(txn: &mut Txn<'_>, container_ri: &str) {
    loop {
        let Some(cnt) = txn.get(container_ri) else {
            return;
        };
        let cni = cnt.u64_attr("cni").unwrap_or(0);
        let cbs = cnt.u64_attr("cbs").unwrap_or(0);
        let over = cnt.u64_attr("mni").is_some_and(|m| cni > m)
            || cnt.u64_attr("mbs").is_some_and(|m| cbs > m);
        if !over {
            return;
        }
        let Some(oldest) = instance_of(txn.tree, &cnt, false) else {
            return;
        };
        super::delete::remove_in(txn, &oldest);
    }
}

/// After an instance was removed: the container's counters.
pub(super) fn instance_removed(txn: &mut Txn<'_>, container_ri: &str, instance: &Resource) {
    let cs = instance.u64_attr("cs").unwrap_or(0);
    txn.modify(container_ri, |a| {
        let cni = a
            .get("cni")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            .saturating_sub(1);
        let cbs = a
            .get("cbs")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            .saturating_sub(cs);
        a.insert("cni".into(), Value::from(cni));
        a.insert("cbs".into(), Value::from(cbs));
    });
}

fn find_instance(cse: &Inner, cnt: &Resource, latest: bool) -> CseResult<Arc<Resource>> {
    let tree = cse.read();
    instance_of(&tree, cnt, latest).ok_or_else(|| {
        CseError::not_found(format!("container `{}` holds no contentInstance", cnt.rn()))
    })
}

pub(super) fn retrieve_instance(
    cse: &Inner,
    request: &Request,
    originator: &str,
    cnt: &Resource,
    latest: bool,
) -> CseResult<Response> {
    let instance = find_instance(cse, cnt, latest)?;
    super::retrieve::run(cse, request, originator, &instance)
}

pub(super) async fn delete_instance(
    cse: &Arc<Inner>,
    request: &Request,
    originator: &str,
    cnt: &Resource,
    latest: bool,
) -> CseResult<Response> {
    let instance = find_instance(cse, cnt, latest)?;
    super::delete::run(cse, request, originator, instance).await
}
