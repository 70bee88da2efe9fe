//! `<group>/fopt`: a request fanned out to every member (TS-0004 7.4.14), the answers
//! gathered in `m2m:agr` (aggregatedResponse).

use std::sync::Arc;

use onem2m::Rsc;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::Inner;
use crate::error::CseResult;
use crate::primitive::{Request, Response};
use crate::resource::Resource;

pub(super) async fn run(
    cse: &Arc<Inner>,
    request: Request,
    _originator: &str,
    group: Arc<Resource>,
    rest: String,
) -> CseResult<Response> {
    let members = group.str_list("mid");
    if members.is_empty() {
        return Err(crate::error::CseError::new(
            Rsc::NoMembers,
            format!("group `{}` has no members", group.rn()),
        ));
    }
    let mut tasks = JoinSet::new();
    for (index, member) in members.into_iter().enumerate() {
        let mut sub = request.clone();
        let base = member.trim_start_matches('/');
        sub.to = if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}/{rest}")
        };
        let cse = cse.clone();
        tasks.spawn(async move {
            let to = sub.to.clone();
            let rqi = sub.rqi.clone();
            let response = match super::execute(&cse, sub).await {
                Ok(r) => r,
                Err(e) => Response::error(&e),
            };
            (index, to, rqi, response)
        });
    }
    let mut answers = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(answer) = joined {
            answers.push(answer);
        }
    }
    answers.sort_by_key(|(index, ..)| *index);
    let from = cse.config.cse_id.clone();
    let responses: Vec<Value> = answers
        .into_iter()
        .map(|(_, to, rqi, response)| {
            let mut rsp = json!({ "rsc": response.rsc.code(), "rqi": rqi, "to": to, "fr": from });
            if let Some(pc) = response.content {
                rsp["pc"] = pc;
            }
            rsp
        })
        .collect();
    Ok(Response::new(
        Rsc::Ok,
        Some(json!({ "m2m:agr": { "m2m:rsp": responses } })),
    ))
}
