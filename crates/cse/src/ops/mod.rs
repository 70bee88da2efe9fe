//! The procedures: dispatch of a request primitive to Create, Retrieve (and discovery),
//! Update, Delete, fan-out and non-blocking handling; expiry.

mod ae;
mod container;
mod create;
mod delete;
mod fanout;
mod group;
mod mgmt;
mod nonblocking;
mod retrieve;
mod subscription;
pub(crate) mod system;
mod update;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use onem2m::Rsc;

use crate::Inner;
use crate::address::{self, Target};
use crate::error::{CseError, CseResult};
use crate::kinds::AE;
use crate::primitive::{Operation, Request, Response, ResponseType};
use crate::time;

pub(crate) use delete::remove_by_cse;
pub(crate) use subscription::subscriptions_fire_on_delete;

pub(crate) type BoxedResponse<'a> = Pin<Box<dyn Future<Output = CseResult<Response>> + Send + 'a>>;

/// Serves a request: release check, then at once (blocking) or through a `<request>`
/// resource (non-blocking).
pub(crate) async fn dispatch(cse: &Arc<Inner>, request: Request) -> CseResult<Response> {
    crate::engine::release_supported(request.rvi.as_deref())?;
    if let Some(expiry) = request.request_expiration.as_deref() {
        let at = parse_time_or_offset(expiry).ok_or_else(|| {
            CseError::bad_request(format!(
                "X-M2M-RET `{expiry}` is neither a timestamp nor milliseconds"
            ))
        })?;
        if at <= time::now_ms() {
            return Err(CseError::new(
                Rsc::RequestTimeout,
                "the request expired (X-M2M-RET) before it could be served",
            ));
        }
    }
    match request.query.rt {
        None => {}
        Some(code) => match ResponseType::from_code(code) {
            Some(ResponseType::Blocking) | Some(ResponseType::FlexBlocking) => {}
            Some(_) if addresses_a_request_resource(cse, &request) => {
                // TS-0004 7.4.12.2.2–7.4.12.2.4: a <request> is not accessed non-blocking.
                return Err(CseError::bad_request(
                    "a <request> resource cannot be accessed with a non-blocking response type",
                ));
            }
            Some(mode) => return nonblocking::accept(cse, request, mode).await,
            None => {
                return Err(CseError::bad_request(format!(
                    "response type rt={code} is not one of 1, 2, 3, 4"
                )));
            }
        },
    }
    execute(cse, request).await
}

fn addresses_a_request_resource(cse: &Inner, request: &Request) -> bool {
    if request.op == Operation::Create || request.op == Operation::Notify {
        return false;
    }
    let tree = cse.read();
    matches!(
        address::resolve(&tree, &cse.config, &request.to),
        Ok(Target::Resource(r)) if r.ty == crate::kinds::REQUEST
    )
}

/// An absolute timestamp, or a relative time in milliseconds from now (m2m:absRelTimestamp).
pub(crate) fn parse_time_or_offset(text: &str) -> Option<i64> {
    match text.trim().parse::<i64>() {
        Ok(ms) => Some(time::now_ms().saturating_add(ms)),
        Err(_) => time::parse(text.trim()),
    }
}

/// Runs a request now.
pub(crate) fn execute(cse: &Arc<Inner>, request: Request) -> BoxedResponse<'_> {
    Box::pin(async move {
        let originator = match (&request.from, request.op, request.ty) {
            (Some(from), _, _) if !from.is_empty() => from.clone(),
            (_, Operation::Create, Some(AE)) => String::new(),
            _ => {
                return Err(CseError::bad_request(
                    "the originator (X-M2M-Origin) is missing",
                ));
            }
        };
        let target = {
            let tree = cse.read();
            address::resolve(&tree, &cse.config, &request.to)?
        };
        match (request.op, target) {
            (_, Target::FanOut { group, rest }) => {
                fanout::run(cse, request, &originator, group, rest).await
            }
            (Operation::Retrieve, Target::Latest(cnt)) => {
                container::retrieve_instance(cse, &request, &originator, &cnt, true)
            }
            (Operation::Retrieve, Target::Oldest(cnt)) => {
                container::retrieve_instance(cse, &request, &originator, &cnt, false)
            }
            (Operation::Delete, Target::Latest(cnt)) => {
                container::delete_instance(cse, &request, &originator, &cnt, true).await
            }
            (Operation::Delete, Target::Oldest(cnt)) => {
                container::delete_instance(cse, &request, &originator, &cnt, false).await
            }
            (_, Target::Latest(_)) | (_, Target::Oldest(_)) => Err(CseError::not_allowed(
                "`la` and `ol` may only be retrieved or deleted",
            )),
            (Operation::Create, Target::Resource(parent)) => {
                create::run(cse, &request, originator, parent).await
            }
            (Operation::Retrieve, Target::Resource(target)) => {
                let target = refreshed(cse, &request, &originator, target).await?;
                retrieve::run(cse, &request, &originator, &target)
            }
            (Operation::Update, Target::Resource(target)) => {
                update::run(cse, &request, &originator, target).await
            }
            (Operation::Delete, Target::Resource(target)) => {
                delete::run(cse, &request, &originator, target).await
            }
            (Operation::Notify, Target::Resource(_))
            | (Operation::Discover, Target::Resource(_)) => Err(CseError::not_allowed(
                "this CSE accepts no notifications; a Create needs `ty` in Content-Type",
            )),
        }
    })
}

/// A `<mgmtObj>` read from its device first, when a device backs it (TS-0006 8.1:
/// Retrieve → GetParameterValues). Only for a privileged plain Retrieve: a discovery or a
/// refused originator must not make a device work.
async fn refreshed(
    cse: &Arc<Inner>,
    request: &Request,
    originator: &str,
    target: Arc<crate::resource::Resource>,
) -> CseResult<Arc<crate::resource::Resource>> {
    let Some(layer) = cse.management() else {
        return Ok(target);
    };
    if target.ty != crate::kinds::MGMT_OBJ || request.is_discovery() {
        return Ok(target);
    }
    {
        let tree = cse.read();
        crate::access::check(&tree, &cse.config, originator, &target, Operation::Retrieve)?;
    }
    let deadline = cse.device_deadline(request.request_expiration.as_deref());
    if let Err(e) = layer.refresh(&target, deadline).await {
        tracing::debug!(ri = target.ri(), error = %e.dbg, "stored values served");
    }
    Ok(cse.read().get(target.ri()).cloned().unwrap_or(target))
}

/// Deletes every resource whose `et` has passed, as its Hosting CSE (TS-0004 7.3.3.x),
/// with the notifications a delete causes. Returns how many resources were removed.
pub(crate) async fn expire(cse: &Arc<Inner>, now_ms: i64) -> usize {
    let due: Vec<String> = match cse.store.expired_resources(now_ms, 10_000).await {
        Ok(due) => due
            .into_iter()
            .filter(|r| r.ty != crate::kinds::CSE_BASE)
            .map(|r| r.ri)
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, "expiry scan failed");
            return 0;
        }
    };
    let mut removed = 0;
    for ri in due {
        match delete::remove_by_cse(cse, &ri).await {
            Ok(n) => removed += n,
            Err(e) => tracing::warn!(%ri, error = %e, "expired resource not removed"),
        }
    }
    removed
}
