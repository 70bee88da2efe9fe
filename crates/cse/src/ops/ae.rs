//! `<AE>` registration (TS-0004 7.4.5.2.1, TS-0001 10.2.2.2 and 7.2) and the checks of an
//! `<accessControlPolicy>`'s rules (TS-0004 7.4.2, 6.3.5.x m2m:setOfAcrs).

use onem2m::Rsc;
use serde_json::{Map, Value};

use crate::address::local_id;
use crate::config::CseConfig;
use crate::error::{CseError, CseResult};
use crate::ids;
use crate::kinds::AE;
use crate::tree::Tree;

/// The AE-ID a registration gets. An originator of `C` (or none) or `S` asks the CSE to
/// assign one; `C…`/`S…` asks for that AE-ID-Stem. An AE-ID already registered is refused
/// with ORIGINATOR_HAS_ALREADY_REGISTERED.
pub(super) fn register(
    tree: &Tree,
    cfg: &CseConfig,
    originator: &str,
    attrs: &Map<String, Value>,
    release: Option<&str>,
) -> CseResult<String> {
    let originator = local_id(cfg, originator);
    let aei = match originator {
        "" | "C" => fresh(tree, 'C'),
        "S" => fresh(tree, 'S'),
        id if (id.starts_with('C') || id.starts_with('S')) && !id.contains('/') => id.to_string(),
        other => {
            return Err(CseError::bad_request(format!(
                "an AE registers with an originator of `C`, `S`, or an AE-ID-Stem starting with C or S, not `{other}`"
            )));
        }
    };
    if tree.get(&aei).is_some_and(|r| r.ty == AE) {
        return Err(CseError::new(
            Rsc::OriginatorHasAlreadyRegistered,
            format!("AE `{aei}` is already registered"),
        ));
    }
    if tree.get(&aei).is_some() {
        return Err(CseError::conflict(format!(
            "the id `{aei}` is in use by another resource"
        )));
    }
    if let Some(api) = attrs.get("api").and_then(Value::as_str) {
        // TS-0004 7.4.5.2.1: an App-ID starting with anything but 'r', 'R' or 'N' is a
        // BAD_REQUEST; TS-0001 Table 7.1.7-1 forbids the lower-case 'r' from Release 4 on,
        // so it is accepted only from a Release 2a or 3 originator, or one that sends no
        // X-M2M-RVI (TS-0004 7.3.2.1 takes that as Release 1).
        let lower_r_allowed = matches!(release, None | Some("2a" | "3"));
        if !(api.starts_with('R')
            || api.starts_with('N')
            || (lower_r_allowed && api.starts_with('r')))
        {
            return Err(CseError::bad_request(format!(
                "App-ID `{api}` must start with `R` or `N` (or `r` up to Release 3)"
            )));
        }
    }
    Ok(aei)
}

fn fresh(tree: &Tree, initial: char) -> String {
    loop {
        let id = ids::ae_id(initial);
        if tree.get(&id).is_none() {
            return id;
        }
    }
}

/// `pv` and `pvs` of an accessControlPolicy: `{"acr": [{"acor": [ids], "acop": 1..=63,
/// "acco": ...}]}`; `pvs` must hold at least one rule (TS-0004 Table 7.4.2.1-3).
pub(super) fn check_policy(attrs: &Map<String, Value>) -> CseResult<()> {
    for name in ["pv", "pvs"] {
        if let Some(set) = attrs.get(name) {
            check_rules(name, set)?;
        }
    }
    Ok(())
}

pub(super) fn check_rules(name: &str, set: &Value) -> CseResult<()> {
    let bad = |why: &str| CseError::bad_request(format!("`{name}`: {why}"));
    let rules = match set.get("acr") {
        Some(Value::Array(rules)) => rules,
        None if set.is_object() => &Vec::new(),
        _ => return Err(bad("expected {\"acr\": [{\"acor\": [...], \"acop\": n}]}")),
    };
    if name == "pvs" && rules.is_empty() {
        return Err(bad("selfPrivileges need at least one access control rule"));
    }
    for rule in rules {
        let Some(rule) = rule.as_object() else {
            return Err(bad("each access control rule must be an object"));
        };
        if let Some(unknown) = rule
            .keys()
            .find(|k| !matches!(k.as_str(), "acor" | "acop" | "acco" | "acaf" | "acod"))
        {
            return Err(bad(&format!(
                "unknown member `{unknown}` in an access control rule"
            )));
        }
        match rule.get("acor") {
            Some(Value::Array(ids)) if ids.iter().all(Value::is_string) => {}
            _ => return Err(bad("`acor` must be a list of originator ids")),
        }
        match rule.get("acop").and_then(Value::as_u64) {
            Some(1..=63) => {}
            _ => return Err(bad("`acop` must be an operation bitmask from 1 to 63")),
        }
    }
    Ok(())
}
