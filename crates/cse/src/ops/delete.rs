//! Delete (TS-0004 7.2.2.2, 7.3.3.x): the subtree goes with the resource, with its
//! notifications: delete (net 2) to the resource's own subscribers, deletion notices to the
//! subscribers of removed subscriptions, delete-of-child (net 4) to the parent's.

use std::sync::Arc;

use onem2m::Rsc;

use crate::Inner;
use crate::access;
use crate::content::{self, View};
use crate::error::{CseError, CseResult};
use crate::kinds::{CONTENT_INSTANCE, CSE_BASE, EXEC_INSTANCE, MGMT_CMD, MGMT_OBJ, SUBSCRIPTION};
use crate::primitive::{Operation, Request, Response};
use crate::resource::Resource;
use crate::txn::Txn;

pub(super) async fn run(
    cse: &Arc<Inner>,
    request: &Request,
    originator: &str,
    target: Arc<Resource>,
) -> CseResult<Response> {
    let rcn = content::permitted_rcn(Operation::Delete, request.query.rcn)
        .map_err(CseError::bad_request)?;
    if target.ty == CSE_BASE {
        return Err(CseError::not_allowed("the CSEBase cannot be deleted"));
    }
    let rendered = {
        let tree = cse.read();
        access::check(&tree, &cse.config, originator, &target, Operation::Delete)?;
        super::container::check_retrieval_enabled(&tree, &target)?;
        let view = View {
            tree: &tree,
            cfg: &cse.config,
            originator,
            filter: request.query.filter.as_ref(),
            drt: request.query.drt.unwrap_or(1),
            atrl: &[],
        };
        view.render(&target, rcn, None)
    };
    if matches!(target.ty, MGMT_OBJ | MGMT_CMD | EXEC_INSTANCE)
        && let Some(layer) = cse.management()
    {
        // TS-0006 8.1.3, 8.2.2, 8.2.4: the device first (DeleteObject, CancelTransfer).
        let deadline = cse.device_deadline(request.request_expiration.as_deref());
        layer.delete(&target, deadline).await?;
    }
    cse.write(|txn| {
        let Some(current) = txn.get(target.ri()) else {
            return Err(CseError::not_found("the resource was deleted meanwhile"));
        };
        remove_in(txn, &current);
        Ok(())
    })
    .await?;
    Ok(Response::new(Rsc::Deleted, rendered))
}

/// Removes a resource and its subtree within a write, with every notification and the
/// parent's bookkeeping. Returns how many resources were removed.
pub(crate) fn remove_in(txn: &mut Txn<'_>, resource: &Resource) -> usize {
    super::subscriptions_fire_on_delete(txn, resource);
    // TS-0004 7.3.3.8: the delete applies recursively to every descendant, so whoever
    // subscribed to a deleted descendant is told of its deletion (net 2) too.
    let mut below: Vec<Arc<Resource>> = txn.tree.children(resource.ri()).cloned().collect();
    while let Some(r) = below.pop() {
        if r.ty == SUBSCRIPTION {
            continue;
        }
        below.extend(txn.tree.children(r.ri()).cloned());
        super::subscriptions_fire_on_delete(txn, &r);
    }
    let removed = txn.remove(resource.ri());
    if removed.is_empty() {
        return 0;
    }
    super::subscription::after_removal(txn, &removed);
    if resource.ty == CONTENT_INSTANCE {
        super::container::instance_removed(txn, resource.pi(), resource);
    }
    super::subscription::child_deleted(txn, resource.pi(), resource);
    removed.len()
}

/// Deletion by the CSE itself (expiry).
pub(crate) async fn remove_by_cse(cse: &Arc<Inner>, ri: &str) -> CseResult<usize> {
    cse.write(|txn| {
        let Some(current) = txn.get(ri) else {
            return Ok(0);
        };
        Ok(remove_in(txn, &current))
    })
    .await
}
