//! Non-blocking requests (TS-0004 7.3.2.x, 7.4.12): the request is acknowledged at once
//! with 1001 (synchronous: poll the `<request>` resource) or 1002 (asynchronous: the result
//! is also sent to the Response Type notification URIs), and runs in the background.

use std::sync::Arc;

use onem2m::Rsc;
use serde_json::{Map, Value, json};

use crate::Inner;
use crate::error::CseResult;
use crate::ids;
use crate::kinds::REQUEST;
use crate::notify::Delivery;
use crate::primitive::{Request, Response, ResponseType};
use crate::resource::Resource;
use crate::time;

/// requestStatus (TS-0004 6.3.4.2.x m2m:requestStatus).
const COMPLETED: u64 = 1;
const FAILED: u64 = 2;
const PENDING: u64 = 3;

pub(super) async fn accept(
    cse: &Arc<Inner>,
    mut request: Request,
    mode: ResponseType,
) -> CseResult<Response> {
    let Some(originator) = request.from.clone().filter(|f| !f.is_empty()) else {
        return Err(crate::error::CseError::bad_request(
            "the originator (X-M2M-Origin) is missing",
        ));
    };
    let now_ms = time::now_ms();
    let retention = i64::try_from(cse.config.request_retention.as_millis()).unwrap_or(i64::MAX / 2);
    // The result is kept until the Result Expiration Timestamp, but never longer than the
    // CSE's retention: a client must not be able to keep stored requests forever.
    let longest = now_ms.saturating_add(retention);
    let keep_until = request
        .result_expiration
        .as_deref()
        .and_then(super::parse_time_or_offset)
        .map_or(longest, |at| at.clamp(now_ms, longest));
    // Results go only to the originator's own points of access or AE (X-M2M-RTU naming any
    // other URL would make the CSE post to hosts nobody verified); the admin may name any.
    if !crate::access::is_admin(&cse.config, &originator) {
        let own: Vec<String> = {
            let tree = cse.read();
            let local = crate::address::local_id(&cse.config, &originator);
            tree.get(local)
                .map(|ae| ae.str_list("poa"))
                .unwrap_or_default()
        };
        let me = crate::address::local_id(&cse.config, &originator).to_string();
        if let Some(foreign) = request
            .rtu
            .iter()
            .find(|u| !own.contains(u) && crate::address::local_id(&cse.config, u) != me)
        {
            return Err(crate::error::CseError::bad_request(format!(
                "X-M2M-RTU `{foreign}` is not a point of access of the originator"
            )));
        }
    }
    let ri = ids::resource_id("req");
    let now = time::format(now_ms);
    let mut meta = Map::new();
    if let Some(ty) = request.ty {
        meta.insert("ty".into(), Value::from(ty));
    }
    meta.insert("rt".into(), json!({ "rtv": request.query.rt }));
    if let Some(rcn) = request.query.rcn {
        meta.insert("rcn".into(), Value::from(rcn));
    }
    let mut attrs = Map::new();
    for (k, v) in [
        ("ty", Value::from(REQUEST)),
        ("ri", Value::String(ri.clone())),
        ("rn", Value::String(ri.clone())),
        ("pi", Value::String(cse.cse_ri().to_string())),
        ("ct", Value::String(now.clone())),
        ("lt", Value::String(now)),
        ("et", Value::String(time::format(keep_until))),
        ("op", Value::from(request.op.code())),
        ("tg", Value::String(request.to.clone())),
        // Short names per TS-0004 Table 8.2.3-x: originator `org`, operationResult `ors`.
        ("org", Value::String(originator.clone())),
        // Table 7.3.2.2-1: labels hold the Originator ID.
        ("lbl", json!([originator])),
        ("rid", Value::String(request.rqi.clone())),
        ("mi", Value::Object(meta)),
        ("rs", Value::from(PENDING)),
        // Table 7.3.2.2-2: operationResult starts as ACCEPTED with the request's id.
        (
            "ors",
            json!({ "rsc": Rsc::Accepted.code(), "rqi": request.rqi }),
        ),
    ] {
        attrs.insert(k.into(), v);
    }
    if let Some(pc) = &request.content {
        attrs.insert("pc".into(), pc.clone());
    }
    let resource = Resource {
        ty: REQUEST,
        attrs,
        owner: originator.clone(),
        seq: cse.next_seq(),
        private: Default::default(),
    };
    cse.write(|txn| {
        txn.put(resource);
        Ok(())
    })
    .await?;
    let address = cse.read().structured(&ri).unwrap_or_else(|| ri.clone());
    request.query.rt = None;
    let background = cse.clone();
    tokio::spawn(async move {
        let rqi = request.rqi.clone();
        let to = request.to.clone();
        let rtu = request.rtu.clone();
        let response = match super::execute(&background, request).await {
            Ok(r) => r,
            Err(e) => Response::error(&e),
        };
        let mut result = json!({
            "rsc": response.rsc.code(),
            "rqi": rqi,
            "to": originator,
            "fr": background.config.cse_id,
        });
        if let Some(pc) = &response.content {
            result["pc"] = pc.clone();
        }
        let status = if response.rsc.is_success() {
            COMPLETED
        } else {
            FAILED
        };
        let outcome = result.clone();
        let stored = background
            .write(move |txn| {
                if txn.get(&ri).is_none() {
                    return Ok(());
                }
                let mut modified = Map::new();
                modified.insert("rs".into(), Value::from(status));
                modified.insert("ors".into(), outcome.clone());
                let after = txn.modify(&ri, |a| {
                    a.insert("rs".into(), Value::from(status));
                    a.insert("ors".into(), outcome);
                });
                if let Some(after) = after {
                    super::subscription::updated(txn, &after, &modified);
                }
                if mode == ResponseType::NonBlockingAsynch {
                    let urls = if rtu.is_empty() {
                        super::subscription::targets(
                            txn.tree,
                            &txn.cse.config,
                            &[result["to"].as_str().unwrap_or_default().to_string()],
                        )
                    } else {
                        super::subscription::targets(txn.tree, &txn.cse.config, &rtu)
                    };
                    if !urls.is_empty() {
                        txn.deliveries.push(Delivery {
                            targets: urls,
                            body: json!({ "m2m:rsp": result }),
                            batch: None,
                        });
                    }
                }
                Ok(())
            })
            .await;
        if let Err(e) = stored {
            tracing::warn!(target = %to, error = %e, "the outcome of a non-blocking request was not stored");
        }
    });
    let rsc = if mode == ResponseType::NonBlockingSynch {
        Rsc::AcceptedForNonBlockingRequestSynch
    } else {
        Rsc::AcceptedForNonBlockingRequestAsynch
    };
    Ok(Response::new(rsc, Some(json!({ "m2m:uri": address }))))
}
