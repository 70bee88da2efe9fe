//! `<group>/fopt`: a request fanned out to every member (TS-0004 7.4.14), the answers
//! gathered in `m2m:agr` (aggregatedResponse).

use std::sync::Arc;

use onem2m::Rsc;
use serde_json::{Map, Value, json};
use tokio::task::JoinSet;

use crate::Inner;
use crate::error::CseResult;
use crate::primitive::{Operation, Request, Response};
use crate::resource::Resource;

pub(super) async fn run(
    cse: &Arc<Inner>,
    request: Request,
    originator: &str,
    group: Arc<Resource>,
    rest: String,
) -> CseResult<Response> {
    // A fan-out inside a fan-out would multiply the requests by the member count at every
    // level (a group may list itself), so it is refused.
    if rest.split('/').any(|segment| segment == "fopt") {
        return Err(crate::error::CseError::bad_request(
            "a fan-out cannot address another fanOutPoint",
        ));
    }
    {
        let tree = cse.read();
        crate::access::check_fan_out(&tree, &cse.config, originator, &group, request.op)?;
    }
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
        let base = crate::address::local_id(&cse.config, &member).trim_start_matches('/');
        sub.to = if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}/{rest}")
        };
        let cse = cse.clone();
        tasks.spawn(async move {
            let rqi = sub.rqi.clone();
            let response = match super::execute(&cse, sub).await {
                Ok(r) => r,
                Err(e) => Response::error(&e),
            };
            (index, member, rqi, response)
        });
    }
    let mut answers = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(answer) = joined {
            answers.push(answer);
        }
    }
    answers.sort_by_key(|(index, ..)| *index);
    if request.op == Operation::Delete && rest.is_empty() {
        // TS-0004 7.4.14.3.5: members that answered DELETED leave the group's memberIDs.
        let gone: Vec<String> = answers
            .iter()
            .filter(|(.., response)| response.rsc == Rsc::Deleted)
            .map(|(_, member, ..)| member.clone())
            .collect();
        if !gone.is_empty() {
            forget_members(cse, group.ri(), &gone).await?;
        }
    }
    let responses: Vec<Value> = answers
        .into_iter()
        .map(|(_, member, rqi, response)| {
            // TS-0004 7.4.14.2.5: each member response carries that member's resource ID
            // as From; To is the Originator (TS-0001 8.1.3).
            let mut rsp =
                json!({ "rsc": response.rsc.code(), "rqi": rqi, "to": originator, "fr": member });
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

async fn forget_members(cse: &Arc<Inner>, group_ri: &str, gone: &[String]) -> CseResult<()> {
    cse.write(|txn| {
        let Some(group) = txn.get(group_ri) else {
            return Ok(());
        };
        let mid: Vec<Value> = group
            .str_list("mid")
            .into_iter()
            .filter(|m| !gone.contains(m))
            .map(Value::String)
            .collect();
        let mut modified = Map::new();
        modified.insert("cnm".into(), Value::from(mid.len()));
        modified.insert("mid".into(), Value::Array(mid));
        let changes = modified.clone();
        if let Some(after) = txn.modify(group_ri, |a| a.extend(changes)) {
            super::subscription::updated(txn, &after, &modified);
        }
        Ok(())
    })
    .await
}
