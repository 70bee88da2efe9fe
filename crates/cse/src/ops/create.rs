//! Create (TS-0004 7.2.2.2 and the resource-specific clauses of 7.4).

use std::sync::Arc;

use onem2m::Rsc;
use onem2m::schema::{self, ResourceSchema};
use serde_json::{Map, Value};

use crate::Inner;
use crate::access;
use crate::content::{self, View};
use crate::error::{CseError, CseResult};
use crate::ids;
use crate::kinds::*;
use crate::primitive::{Operation, Request, Response};
use crate::resource::Resource;
use crate::time;
use crate::tree::Tree;
use crate::txn::Txn;
use crate::validate;

/// `expirationTime` of a resource that was given none: TS-0001 makes `et` mandatory on
/// every resource, and a CSE that manages devices has no reason to expire what nobody
/// asked to expire.
pub(crate) const NEVER: &str = "99991231T235959";

/// A resource ready to be written, with what the CSE set beyond the request (rcn 9).
pub(super) struct Prepared {
    pub(super) resource: Resource,
    pub(super) parent_ri: String,
    pub(super) modified: Map<String, Value>,
}

pub(super) async fn run(
    cse: &Arc<Inner>,
    request: &Request,
    originator: String,
    parent: Arc<Resource>,
) -> CseResult<Response> {
    let Some(ty) = request.ty else {
        return Err(CseError::bad_request(
            "a Create needs the resource type: Content-Type: application/json;ty=<n>",
        ));
    };
    let rcn = content::permitted_rcn(Operation::Create, request.query.rcn)
        .map_err(CseError::bad_request)?;
    let (root, attrs) = validate::single_root(request.content.as_ref())?;
    let schema = schema_for_create(ty, root)?;
    if ty == MGMT_CMD {
        super::mgmt::check_command(attrs)?;
    }
    validate::create(schema, attrs)?;
    if ty == MGMT_OBJ {
        let mgd = attrs.get("mgd").and_then(Value::as_u64);
        if mgd != schema.mgd.map(u64::from) {
            return Err(CseError::bad_request(format!(
                "`{root}` has mgmtDefinition {}, not {}",
                schema.mgd.unwrap_or_default(),
                mgd.map_or("none".to_string(), |m| m.to_string())
            )));
        }
    }
    let mut attrs = attrs.clone();
    let mut private = Map::new();
    let mut carried_by = None;
    if ty == MGMT_OBJ
        && parent.ty == NODE
        && let Some(layer) = cse.management()
    {
        {
            // Everything the CSE would refuse (access, names, times, attributes) is refused
            // before the device is touched: what the device creates must not be left
            // behind by a request that then fails here.
            let tree = cse.read();
            prepare(cse, &tree, request, &originator, &parent, ty, attrs.clone())?;
            if let Some(rn) = attrs.get("rn").and_then(Value::as_str)
                && tree.child_named(parent.ri(), rn).is_some()
            {
                return Err(CseError::conflict(format!(
                    "`{}` already has a child named `{rn}`",
                    parent.rn()
                )));
            }
        }
        // TS-0006 8.1.2, 8.3: the device creates the object first (AddObject, Download).
        let deadline = cse.device_deadline(request.request_expiration.as_deref());
        if let crate::management::Carried::Done((carried, state)) =
            layer.create(&parent, &attrs, deadline).await?
        {
            attrs = carried;
            private = state;
            carried_by = Some((layer, deadline));
        }
    }
    let mut prepared = {
        let tree = cse.read();
        prepare(cse, &tree, request, &originator, &parent, ty, attrs)?
    };
    prepared.resource.private = private;
    if ty == SUBSCRIPTION {
        super::subscription::verify(cse, &prepared.resource, &originator).await?;
    }
    let modified = prepared.modified.clone();
    let undo = carried_by.map(|carried| (carried, prepared.resource.clone()));
    let created = match cse.write(|txn| commit(txn, prepared)).await {
        Ok(created) => created,
        Err(e) => {
            // Lost a race for the name (or the store failed): the device's object goes
            // again, best effort, as the resource will not exist.
            if let Some(((layer, deadline), resource)) = undo {
                let _ = layer.delete(&resource, deadline).await;
            }
            return Err(e);
        }
    };
    let tree = cse.read();
    let view = View {
        tree: &tree,
        cfg: &cse.config,
        originator: &originator,
        filter: None,
        drt: request.query.drt.unwrap_or(1),
        atrl: &[],
    };
    let mut response = Response::new(Rsc::Created, view.render(&created, rcn, Some(&modified)));
    response.location = Some(format!(
        "/{}",
        tree.structured(created.ri())
            .unwrap_or_else(|| created.ri().to_string())
    ));
    Ok(response)
}

fn schema_for_create(ty: u32, root: &str) -> CseResult<&'static ResourceSchema> {
    if !SUPPORTED_TYPES.contains(&ty) {
        return Err(match onem2m::ResourceType::from_code(ty) {
            Some(t) => CseError::new(
                Rsc::NotImplemented,
                format!(
                    "resource type {ty} ({}) is not supported by this CSE",
                    t.name()
                ),
            ),
            None => CseError::bad_request(format!("`ty={ty}` is not a oneM2M resource type")),
        });
    }
    if matches!(ty, CSE_BASE | EXEC_INSTANCE | REQUEST) {
        return Err(CseError::not_allowed(format!(
            "resources of type {ty} are created by the CSE itself, not by a Create request"
        )));
    }
    let schema = if ty == MGMT_OBJ {
        schema::mgmt_schema_by_root(root).ok_or_else(|| {
            CseError::bad_request(format!(
                "`{root}` is not a mgmtObj specialization this CSE knows"
            ))
        })?
    } else {
        schema::schema(ty, None)
            .ok_or_else(|| CseError::internal(format!("no attribute rules for type {ty}")))?
    };
    if schema.root != root {
        return Err(CseError::bad_request(format!(
            "resource type {ty} is serialized as `{}`, but the content holds `{root}`",
            schema.root
        )));
    }
    Ok(schema)
}

/// A valid resource name: not empty, and nothing that would break an address.
fn check_name(rn: &str) -> CseResult<()> {
    let bad = rn.is_empty()
        || rn.len() > 255
        || rn == "."
        || rn == ".."
        || rn.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '/' | '?' | '#' | '%' | '&')
        });
    if bad {
        Err(CseError::bad_request(format!(
            "resourceName `{rn}` is not valid: use 1-255 characters without whitespace, `/`, `?`, `#`, `%` or `&`"
        )))
    } else {
        Ok(())
    }
}

fn prepare(
    cse: &Inner,
    tree: &Tree,
    request: &Request,
    originator: &str,
    parent: &Resource,
    ty: u32,
    mut attrs: Map<String, Value>,
) -> CseResult<Prepared> {
    let cfg = &cse.config;
    let parent_schema = schema::schema(parent.ty, parent.mgd());
    if !parent_schema.is_some_and(|s| s.children.contains(&ty)) {
        return Err(if ty == SUBSCRIPTION {
            CseError::new(
                Rsc::TargetNotSubscribable,
                format!("`{}` cannot be subscribed to", parent.root_name()),
            )
        } else {
            CseError::new(
                Rsc::InvalidChildResourceType,
                format!(
                    "a resource of type {ty} cannot be created under `{}` ({})",
                    parent.rn(),
                    parent.root_name()
                ),
            )
        });
    }
    let request_attrs = attrs.clone();
    let mut owner = originator.to_string();
    let ri = match ty {
        AE => {
            let aei = super::ae::register(tree, cfg, originator, &attrs, request.rvi.as_deref())?;
            owner = aei.clone();
            attrs.insert("aei".into(), Value::String(aei.clone()));
            aei
        }
        _ => {
            if ty == SUBSCRIPTION {
                access::check(tree, cfg, originator, parent, Operation::Retrieve)?;
            } else {
                access::check(tree, cfg, originator, parent, Operation::Create)?;
            }
            loop {
                let candidate = ids::resource_id(id_prefix(ty));
                if tree.get(&candidate).is_none() {
                    break candidate;
                }
            }
        }
    };
    let rn = match attrs.get("rn").and_then(Value::as_str) {
        Some(rn) => rn.to_string(),
        None => ri.clone(),
    };
    check_name(&rn)?;
    if (parent.ty == CONTAINER && (rn == "la" || rn == "ol"))
        || (parent.ty == GROUP && rn == "fopt")
    {
        return Err(CseError::bad_request(format!(
            "`{rn}` is reserved under a {}",
            parent.root_name()
        )));
    }
    if tree.child_named(parent.ri(), &rn).is_some() {
        return Err(CseError::conflict(format!(
            "`{}` already has a child named `{rn}`",
            tree.structured(parent.ri()).unwrap_or_default()
        )));
    }
    let now_ms = time::now_ms();
    let now = time::format(now_ms);
    match attrs.get("et").and_then(Value::as_str) {
        Some(et) => {
            let at = time::parse(et).unwrap_or(i64::MAX);
            if at <= now_ms {
                return Err(CseError::bad_request(format!(
                    "expirationTime `{et}` is in the past"
                )));
            }
        }
        None => {
            attrs.insert("et".into(), Value::String(NEVER.into()));
        }
    }
    if attrs.get("cr").is_some_and(Value::is_null) {
        attrs.insert("cr".into(), Value::String(originator.to_string()));
    }
    for (k, v) in [
        ("ty", Value::from(ty)),
        ("ri", Value::String(ri.clone())),
        ("rn", Value::String(rn)),
        ("pi", Value::String(parent.ri().to_string())),
        ("ct", Value::String(now.clone())),
        ("lt", Value::String(now)),
    ] {
        attrs.insert(k.into(), v);
    }
    match ty {
        ACP => super::ae::check_policy(&attrs)?,
        CONTAINER => super::container::prepare_container(&mut attrs),
        CONTENT_INSTANCE => super::container::prepare_instance(parent, &mut attrs, now_ms)?,
        SUBSCRIPTION => super::subscription::prepare(tree, cfg, originator, &mut attrs)?,
        GROUP => super::group::prepare(tree, cfg, &mut attrs)?,
        MGMT_OBJ => super::mgmt::reset_triggers(&mut attrs),
        MGMT_CMD => super::mgmt::prepare_command(&mut attrs),
        _ => {}
    }
    let modified: Map<String, Value> = attrs
        .iter()
        .filter(|(k, v)| request_attrs.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let resource = Resource {
        ty,
        attrs,
        owner,
        seq: cse.next_seq(),
        private: Default::default(),
    };
    Ok(Prepared {
        resource,
        parent_ri: parent.ri().to_string(),
        modified,
    })
}

/// Writes a prepared resource, checking again what may have changed since it was prepared.
pub(super) fn commit(txn: &mut Txn<'_>, prepared: Prepared) -> CseResult<Resource> {
    let Some(parent) = txn.get(&prepared.parent_ri) else {
        return Err(CseError::not_found(
            "the parent was deleted while the request was served",
        ));
    };
    let resource = prepared.resource;
    if txn.tree.child_named(parent.ri(), resource.rn()).is_some() {
        return Err(CseError::conflict(format!(
            "`{}` already has a child named `{}`",
            parent.rn(),
            resource.rn()
        )));
    }
    if txn.get(resource.ri()).is_some() {
        return Err(if resource.ty == AE {
            CseError::new(
                Rsc::OriginatorHasAlreadyRegistered,
                format!("AE `{}` is already registered", resource.ri()),
            )
        } else {
            CseError::conflict(format!("resource id `{}` is taken", resource.ri()))
        });
    }
    txn.put(resource.clone());
    if resource.ty == CONTENT_INSTANCE {
        super::container::instance_added(txn, &parent, &resource)?;
    }
    super::subscription::child_created(txn, &parent, &resource);
    Ok(txn
        .get(resource.ri())
        .map(|r| (*r).clone())
        .unwrap_or(resource))
}
