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
        // TS-0001 Table 8.1.2-1, TS-0004 Table 7.5.2-2: a discovery answers m2m:URIList, or
        // with rcn 6 (child-resource-references) m2m:resourceRefList; any other Result
        // Content is not applicable (BAD_REQUEST, TS-0004 7.3.2.1).
        let references = match request.query.rcn {
            None => false,
            Some(6) => true,
            Some(other) => {
                return Err(CseError::bad_request(format!(
                    "result content rcn={other} is not permitted for a discovery; omit it or use 6"
                )));
            }
        };
        let mut found = Vec::new();
        // TS-0004 7.3.3.14: the matches are searched "among all the children/descendent
        // resource of the addressed resource" (TS-0001 10.2.6: "all the child resources
        // under the root"), so the addressed resource itself is not part of the result.
        let limit = filter
            .and_then(|f| f.lim)
            .map_or(content::MAX_WALK, |l| l as usize);
        for r in view.descendants(target, Operation::Discover) {
            if found.len() >= limit {
                break;
            }
            found.push(if references {
                json!({ "nm": r.rn(), "typ": r.ty, "val": view.address(&r) })
            } else {
                Value::String(view.address(&r))
            });
        }
        let content = if references {
            json!({ "m2m:rrl": { "rrf": found } })
        } else {
            json!({ "m2m:uril": found })
        };
        return Ok(Response::new(Rsc::Ok, Some(content)));
    }
    let rcn = content::permitted_rcn(Operation::Retrieve, request.query.rcn)
        .map_err(CseError::bad_request)?;
    access::check(&tree, &cse.config, originator, target, Operation::Retrieve)?;
    super::container::check_retrieval_enabled(&tree, target)?;
    if filter.is_some_and(|f| f.fu.unwrap_or(2) == 2)
        && matches!(rcn, 1 | 7)
        && !view.matches(target)
    {
        // Conditional retrieval (TS-0004 6.3.5.8, filterUsage 2, which TS-0004 Table
        // 6.3.4.2.31-1 makes the default of a Retrieve without filterUsage): the target does
        // not meet the conditions.
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
