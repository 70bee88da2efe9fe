//! `<group>` (TS-0004 7.4.13): member validation against `mt`, `mnm` and `csy`, and the
//! derived `cnm`/`mtv`.

use onem2m::Rsc;
use serde_json::{Map, Value};

use crate::config::CseConfig;
use crate::error::{CseError, CseResult};
use crate::tree::Tree;

/// `mt` value meaning any type: m2m:memberType "mixed" is 0 (TS-0004 Table 6.3.4.2.11-1;
/// 24 is semanticDescriptor there).
const MIXED: u64 = 0;
/// consistencyStrategy: 1 ABANDON_MEMBER (default), 2 ABANDON_GROUP, 3 SET_MIXED.
const ABANDON_GROUP: u64 = 2;
const SET_MIXED: u64 = 3;

/// Checks and normalises `mid` (duplicates and unknown or mismatching members removed per
/// `csy`), then sets `cnm` and `mtv`.
pub(super) fn prepare(
    tree: &Tree,
    cfg: &CseConfig,
    attrs: &mut Map<String, Value>,
) -> CseResult<()> {
    let requested: Vec<String> = match attrs.get("mid") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let mnm = attrs.get("mnm").and_then(Value::as_u64);
    let mut mt = attrs.get("mt").and_then(Value::as_u64).unwrap_or(MIXED);
    let csy = attrs.get("csy").and_then(Value::as_u64).unwrap_or(1);
    let mut distinct: Vec<String> = Vec::with_capacity(requested.len());
    for id in requested {
        if !distinct.contains(&id) {
            distinct.push(id);
        }
    }
    // TS-0004 7.4.13.2.1 / 7.4.13.2.3: the member IDs of the request (duplicates removed)
    // are counted against maxNrOfMembers before members are validated.
    if let Some(max) = mnm
        && distinct.len() as u64 > max
    {
        return Err(CseError::new(
            Rsc::MaxNumberOfMemberExceeded,
            format!("{} members exceed maxNrOfMembers {max}", distinct.len()),
        ));
    }
    let mut members: Vec<String> = Vec::with_capacity(distinct.len());
    for id in distinct {
        // A member ID may be any form of address (memberIDs: list of xs:anyURI).
        let Some(member) = crate::address::resource_at(tree, cfg, &id) else {
            if csy == ABANDON_GROUP {
                return Err(CseError::not_found(format!(
                    "group member `{id}` does not exist"
                )));
            }
            continue;
        };
        if mt != MIXED && u64::from(member.ty) != mt {
            match csy {
                ABANDON_GROUP => {
                    return Err(CseError::new(
                        Rsc::GroupMemberTypeInconsistent,
                        format!(
                            "member `{id}` is of type {}, the group's memberType is {mt}",
                            member.ty
                        ),
                    ));
                }
                SET_MIXED => mt = MIXED,
                _ => continue,
            }
        }
        members.push(id);
    }
    attrs.insert("cnm".into(), Value::from(members.len()));
    attrs.insert(
        "mid".into(),
        Value::Array(members.into_iter().map(Value::String).collect()),
    );
    attrs.insert("mt".into(), Value::from(mt));
    attrs.insert("mtv".into(), Value::Bool(true));
    Ok(())
}
