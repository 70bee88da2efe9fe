//! Retrieve (TS-0004 7.2.2.2) and discovery (`fu=1`, TS-0004 7.3.3.17; result `m2m:uril`
//! with structured or unstructured ids per `drt`).

use onem2m::Rsc;
use serde_json::{Value, json};

use crate::Inner;
use crate::access;
use crate::content::{self, View};
use crate::error::{CseError, CseResult};
use crate::primitive::{Operation, Request, Response};
use crate::resource::Resource;

pub(super) fn run(
    cse: &Inner,
    request: &Request,
    originator: &str,
    target: &Resource,
) -> CseResult<Response> {
    let tree = cse.read();
    let filter = request.query.filter.as_ref();
    let view = View {
        tree: &tree,
        cfg: &cse.config,
        originator,
        filter,
        drt: request.query.drt.unwrap_or(1),
        atrl: &request.query.atrl,
    };
    if filter.is_some_and(|f| f.fu == Some(1)) {
        let mut found = Vec::new();
        // The target itself is part of the searched subtree (level 0).
        let include_target = view.matches(target)
            && access::allowed(&tree, &cse.config, originator, target, Operation::Discover)
            && filter.and_then(|f| f.ofst).unwrap_or(0) == 0;
        if include_target {
            found.push(Value::String(view.address(target)));
        }
        let limit = filter
            .and_then(|f| f.lim)
            .map_or(content::MAX_WALK, |l| l as usize);
        for r in view.descendants(target, Operation::Discover) {
            if found.len() >= limit {
                break;
            }
            found.push(Value::String(view.address(&r)));
        }
        return Ok(Response::new(Rsc::Ok, Some(json!({ "m2m:uril": found }))));
    }
    let rcn = content::permitted_rcn(Operation::Retrieve, request.query.rcn)
        .map_err(CseError::bad_request)?;
    access::check(&tree, &cse.config, originator, target, Operation::Retrieve)?;
    if filter.is_some_and(|f| f.fu == Some(2)) && matches!(rcn, 1 | 7) && !view.matches(target) {
        // Conditional retrieval (TS-0004 6.3.5.8, filterUsage 2): the target does not meet
        // the conditions.
        return Err(CseError::not_found(
            "the resource does not meet the filter criteria",
        ));
    }
    for name in &request.query.atrl {
        if !target.attrs.contains_key(name) {
            return Err(CseError::bad_request(format!(
                "the resource has no attribute `{name}` (atrl)"
            )));
        }
    }
    Ok(Response::new(Rsc::Ok, view.render(target, rcn, None)))
}
