//! Update (TS-0004 7.2.2.2 and the resource-specific clauses): attributes merged (null
//! removes one), `lt`/`st` advanced, subscribers told; Execute of a mgmtCmd and Cancel of an
//! execInstance are Updates too.

use std::sync::Arc;

use onem2m::Rsc;
use onem2m::schema;
use serde_json::{Map, Value};

use crate::Inner;
use crate::access;
use crate::content::{self, View};
use crate::error::{CseError, CseResult};
use crate::kinds::*;
use crate::management::Carried;
use crate::primitive::{Operation, Request, Response};
use crate::resource::Resource;
use crate::time;
use crate::validate;

pub(super) async fn run(
    cse: &Arc<Inner>,
    request: &Request,
    originator: &str,
    target: Arc<Resource>,
) -> CseResult<Response> {
    let rcn = content::permitted_rcn(Operation::Update, request.query.rcn)
        .map_err(CseError::bad_request)?;
    if target.ty == CSE_BASE {
        return Err(CseError::not_allowed(
            "the CSEBase is configured by the operator, not updated",
        ));
    }
    if target.ty == CONTENT_INSTANCE {
        // TS-0004 7.4.7.2.3: a contentInstance shall not be updated; Recv-1.0 answers
        // OPERATION_NOT_ALLOWED whatever the content.
        return Err(CseError::not_allowed(
            "a contentInstance cannot be updated; create a new one",
        ));
    }
    let (root, attrs) = validate::single_root(request.content.as_ref())?;
    if root != target.root_name() {
        return Err(CseError::bad_request(format!(
            "the target is a `{}`; the content holds `{root}`",
            target.root_name()
        )));
    }
    let rules = schema::schema(target.ty, target.mgd())
        .ok_or_else(|| CseError::internal(format!("no attribute rules for type {}", target.ty)))?;
    if target.ty == MGMT_CMD
        && let Some(exra) = attrs.get("exra")
    {
        let cmt = target
            .u64_attr("cmt")
            .and_then(|c| u32::try_from(c).ok())
            .unwrap_or(0);
        super::mgmt::check_arguments(cmt, Some(exra))?;
    }
    validate::update(rules, attrs)?;
    {
        let tree = cse.read();
        if target.ty != ACP && attrs.contains_key("acpi") {
            // TS-0001 Table 9.6.1.3.2-1 (accessControlPolicyIDs): acpi is changed by a
            // request carrying no other attribute, and needs UPDATE in the selfPrivileges
            // of the policies it references now (not in their privileges).
            if attrs.len() > 1 {
                return Err(CseError::bad_request(
                    "`acpi` must be the only attribute of an Update that changes it",
                ));
            }
            access::check_acpi_update(&tree, &cse.config, originator, &target)?;
        } else {
            access::check(&tree, &cse.config, originator, &target, Operation::Update)?;
        }
    }
    match target.ty {
        ACP => {
            for name in ["pv", "pvs"] {
                if let Some(set) = attrs.get(name).filter(|v| !v.is_null()) {
                    super::ae::check_rules(name, set)?;
                }
            }
        }
        MGMT_OBJ => super::mgmt::check_triggers(&target, attrs)?,
        _ => {}
    }
    if let Some(et) = attrs.get("et").and_then(Value::as_str)
        && time::parse(et).is_some_and(|at| at <= time::now_ms())
    {
        return Err(CseError::bad_request(format!(
            "expirationTime `{et}` is in the past"
        )));
    }
    if target.ty == SUBSCRIPTION
        && let Some(Value::Array(nu)) = attrs.get("nu")
    {
        // New notification targets are verified as on creation (TS-0004 7.4.8.2.3), or an
        // update could point notifications anywhere unasked.
        let old = target.str_list("nu");
        let added: Vec<Value> = nu
            .iter()
            .filter(|n| n.as_str().is_some_and(|n| !old.iter().any(|o| o == n)))
            .cloned()
            .collect();
        if !added.is_empty() {
            let mut probe = (*target).clone();
            probe.attrs.insert("nu".into(), Value::Array(added));
            super::subscription::verify(cse, &probe, originator).await?;
        }
    }
    let deadline = cse.device_deadline(request.request_expiration.as_deref());
    let mut request_attrs = attrs.clone();
    // What the device layer already did: the stored result of a cancel.
    let mut cancelled_by_device = false;
    if let Some(layer) = cse.management() {
        match target.ty {
            MGMT_OBJ | NODE => {
                if let Carried::Done(carried) = layer.update(&target, attrs, deadline).await? {
                    request_attrs = carried;
                }
            }
            EXEC_INSTANCE if attrs.get("exd").and_then(Value::as_bool) == Some(true) => {
                if let Carried::Done(()) = layer.cancel(&target, deadline).await? {
                    cancelled_by_device = true;
                    request_attrs.insert("exd".into(), Value::Bool(false));
                }
            }
            _ => {}
        }
    }
    let owner = originator.to_string();
    let updated = cse
        .write(|txn| {
            let Some(current) = txn.get(target.ri()) else {
                return Err(CseError::not_found("the resource was deleted meanwhile"));
            };
            if current.ty == MGMT_CMD
                && (request_attrs.contains_key("ext") || request_attrs.contains_key("exm"))
                && super::mgmt::has_instances(txn.tree, &current)
            {
                return Err(CseError::not_allowed(
                    "execTarget and execMode cannot change once the command has execInstances",
                ));
            }
            if current.ty == EXEC_INSTANCE
                && !cancelled_by_device
                && request_attrs.get("exd").and_then(Value::as_bool) == Some(true)
            {
                cancel(&current)?;
            }
            let mut next = current.attrs.clone();
            for (k, v) in &request_attrs {
                if v.is_null() {
                    next.remove(k);
                } else {
                    next.insert(k.clone(), v.clone());
                }
            }
            match current.ty {
                GROUP if request_attrs.contains_key("mid") || request_attrs.contains_key("mnm") => {
                    super::group::prepare(txn.tree, &txn.cse.config, &mut next)?;
                }
                SUBSCRIPTION => {
                    super::subscription::prepare(
                        txn.tree,
                        &txn.cse.config,
                        current.str_attr("cr").unwrap_or(&owner),
                        &mut next,
                    )?;
                    if current.attrs.get("cr") != next.get("cr") {
                        // The creator is fixed at creation.
                        match current.attrs.get("cr") {
                            Some(cr) => next.insert("cr".into(), cr.clone()),
                            None => next.remove("cr"),
                        };
                    }
                }
                EXEC_INSTANCE
                    if request_attrs.get("exd").and_then(Value::as_bool) == Some(true) =>
                {
                    next.insert("exs".into(), Value::from(super::mgmt::EXS_CANCELLED));
                    next.insert("exd".into(), Value::Bool(false));
                }
                _ => {}
            }
            let executes = current.ty == MGMT_CMD
                && request_attrs.get("exe").and_then(Value::as_bool) == Some(true);
            if executes {
                next.insert("exe".into(), Value::Bool(false));
            }
            if current.ty == MGMT_OBJ {
                super::mgmt::reset_triggers(&mut next);
            }
            let before = current.attrs.clone();
            let Some(after) = txn.modify(current.ri(), |a| *a = next) else {
                return Err(CseError::internal(
                    "the resource vanished during the update",
                ));
            };
            if current.ty == CONTAINER {
                super::container::enforce_limits(txn, current.ri());
            }
            let mut instances = Vec::new();
            if executes {
                let command = txn.get(current.ri()).unwrap_or(after.clone());
                instances = super::mgmt::execute(txn, &command, &owner)?;
            }
            let after = txn.get(current.ri()).unwrap_or(after);
            let modified = changed(&before, &after.attrs, &request_attrs);
            super::subscription::updated(txn, &after, &modified.0);
            Ok((after, modified.1, instances))
        })
        .await?;
    let (mut resource, beyond_request, instances) = updated;
    if !instances.is_empty()
        && let Some(layer) = cse.management()
    {
        // TS-0006 8.2.1.0: the Update answers once every device accepted its RPC.
        layer.execute(&resource, &instances, deadline).await?;
        resource = cse.read().get(resource.ri()).cloned().unwrap_or(resource);
    }
    let tree = cse.read();
    let view = View {
        tree: &tree,
        cfg: &cse.config,
        originator,
        filter: None,
        drt: request.query.drt.unwrap_or(1),
        atrl: &[],
    };
    Ok(Response::new(
        Rsc::Updated,
        view.render(&resource, rcn, Some(&beyond_request)),
    ))
}

/// Cancel of an execInstance with no device behind it (TS-0004 7.4.17.2.3): allowed while
/// it has not finished, refused with ALREADY_COMPLETE afterwards.
fn cancel(instance: &Resource) -> CseResult<()> {
    match instance.u64_attr("exs") {
        Some(super::mgmt::EXS_INITIATED) | Some(super::mgmt::EXS_PENDING) => Ok(()),
        _ => Err(CseError::new(
            Rsc::AlreadyComplete,
            "the execInstance is no longer running; nothing to cancel",
        )),
    }
}

/// (every attribute that changed, with null for removed ones; the subset that differs from
/// what the request said — rcn 9, TS-0004 7.2.2.2 "modified attributes").
fn changed(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    request: &Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut all = Map::new();
    for (k, v) in after {
        if before.get(k) != Some(v) {
            all.insert(k.clone(), v.clone());
        }
    }
    for k in before.keys() {
        if !after.contains_key(k) {
            all.insert(k.clone(), Value::Null);
        }
    }
    let beyond = all
        .iter()
        .filter(|(k, v)| request.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (all, beyond)
}
