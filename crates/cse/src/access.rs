//! Access decisions (TS-0001 9.6.2, TS-0004 7.3.2): the originator, the operation and the
//! `<accessControlPolicy>` resources that govern the target.
//!
//! - The admin originator may do anything.
//! - An `<accessControlPolicy>` is governed by its own `pvs` (selfPrivileges).
//! - Any other resource by the `pv` of the policies in its `acpi`; a resource type without
//!   an `acpi` attribute (e.g. contentInstance) is governed by its parent's (TS-0001
//!   9.6.1.3.2).
//! - A resource with no `acpi` at all gets the default policy: its creator, and the creator
//!   of any resource above it below the CSEBase (an AE owns what is under it), have every
//!   privilege; everyone else has none.
//!
//! A rule grants when one of its `acor` entries matches the originator (`all`, the exact ID
//! in CSE-relative or SP-relative form, or a pattern with `*`, as Release 4 allows) and its
//! `acop` bitmask holds the operation. A rule that carries `acco` contexts is not applied:
//! time windows, IP ranges and locations are not evaluated here, and a rule that cannot be
//! evaluated must not grant.

use serde_json::Value;

use crate::address::local_id;
use crate::config::CseConfig;
use crate::error::{CseError, CseResult};
use crate::kinds::{ACP, CSE_BASE, has_own_acpi};
use crate::primitive::Operation;
use crate::resource::Resource;
use crate::tree::Tree;

pub(crate) fn is_admin(cfg: &CseConfig, originator: &str) -> bool {
    local_id(cfg, originator) == local_id(cfg, &cfg.admin)
}

/// Ok when `originator` may perform `op` on `target`; 4103 otherwise.
pub(crate) fn check(
    tree: &Tree,
    cfg: &CseConfig,
    originator: &str,
    target: &Resource,
    op: Operation,
) -> CseResult<()> {
    if allowed(tree, cfg, originator, target, op) {
        Ok(())
    } else {
        Err(CseError::no_privilege(format!(
            "originator `{originator}` has no {} privilege on `{}`",
            op_name(op),
            tree.structured(target.ri())
                .unwrap_or_else(|| target.ri().to_string())
        )))
    }
}

/// Ok when `originator` may change the `acpi` of `target` (TS-0001 Table 9.6.1.3.2-1):
/// UPDATE in the selfPrivileges of a policy `target` references now; without `acpi`, the
/// default policy (its creator) decides. 4103 otherwise.
pub(crate) fn check_acpi_update(
    tree: &Tree,
    cfg: &CseConfig,
    originator: &str,
    target: &Resource,
) -> CseResult<()> {
    let acpi = target.str_list("acpi");
    let granted = is_admin(cfg, originator)
        || if acpi.is_empty() {
            owns(tree, cfg, originator, target)
        } else {
            acpi.iter().any(|id| {
                tree.get(local_id(cfg, id))
                    .filter(|p| p.ty == ACP)
                    .is_some_and(|policy| {
                        rules_grant(cfg, policy.attrs.get("pvs"), originator, Operation::Update)
                    })
            })
        };
    if granted {
        Ok(())
    } else {
        Err(CseError::no_privilege(format!(
            "originator `{originator}` has no UPDATE privilege in the selfPrivileges of the policies of `{}`, so it cannot change its accessControlPolicyIDs",
            tree.structured(target.ri())
                .unwrap_or_else(|| target.ri().to_string())
        )))
    }
}

fn op_name(op: Operation) -> &'static str {
    match op {
        Operation::Create => "CREATE",
        Operation::Retrieve => "RETRIEVE",
        Operation::Update => "UPDATE",
        Operation::Delete => "DELETE",
        Operation::Notify => "NOTIFY",
        Operation::Discover => "DISCOVER",
    }
}

pub(crate) fn allowed(
    tree: &Tree,
    cfg: &CseConfig,
    originator: &str,
    target: &Resource,
    op: Operation,
) -> bool {
    if is_admin(cfg, originator) {
        return true;
    }
    if target.ty == ACP {
        return rules_grant(cfg, target.attrs.get("pvs"), originator, op);
    }
    let mut governing = target;
    while !has_own_acpi(governing.ty, governing.mgd()) {
        match tree.get(governing.pi()) {
            Some(parent) => governing = parent,
            None => break,
        }
    }
    let acpi = governing.str_list("acpi");
    if acpi.is_empty() {
        return owns(tree, cfg, originator, governing);
    }
    acpi.iter().any(|id| {
        policy(tree, cfg, id)
            .filter(|p| p.ty == ACP)
            .is_some_and(|policy| rules_grant(cfg, policy.attrs.get("pv"), originator, op))
    })
}

/// An `acpi` entry: a resource id, or a structured or SP-relative address.
fn policy<'t>(tree: &'t Tree, cfg: &CseConfig, id: &str) -> Option<&'t Resource> {
    let local = local_id(cfg, id);
    if let Some(found) = tree.get(local) {
        return Some(found);
    }
    match crate::address::resolve(tree, cfg, local) {
        Ok(crate::address::Target::Resource(r)) => tree.get(r.ri()).map(|r| &**r),
        _ => None,
    }
}

/// The default policy: the originator created this resource or one above it (below the
/// CSEBase).
fn owns(tree: &Tree, cfg: &CseConfig, originator: &str, resource: &Resource) -> bool {
    let me = local_id(cfg, originator);
    let mut cursor = Some(resource);
    while let Some(r) = cursor {
        if r.ty == CSE_BASE {
            return false;
        }
        if local_id(cfg, &r.owner) == me {
            return true;
        }
        cursor = tree.get(r.pi()).map(|a| &**a);
    }
    false
}

/// Whether a `m2m:setOfAcrs` (`{"acr": [{"acor": [...], "acop": n, "acco": ...}]}`) grants.
fn rules_grant(cfg: &CseConfig, set: Option<&Value>, originator: &str, op: Operation) -> bool {
    let Some(rules) = set.and_then(|s| s.get("acr")).and_then(Value::as_array) else {
        return false;
    };
    rules.iter().any(|rule| {
        let has_context = rule
            .get("acco")
            .is_some_and(|c| !c.is_null() && c != &Value::Array(vec![]));
        let ops = rule.get("acop").and_then(Value::as_u64).unwrap_or(0);
        let originators = rule.get("acor").and_then(Value::as_array);
        !has_context
            && ops & op.acop_bit() != 0
            && originators.is_some_and(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .any(|pattern| originator_matches(cfg, pattern, originator))
            })
    })
}

fn originator_matches(cfg: &CseConfig, pattern: &str, originator: &str) -> bool {
    if pattern == "all" {
        return true;
    }
    let (pattern, originator) = (local_id(cfg, pattern), local_id(cfg, originator));
    if pattern.contains('*') {
        glob(pattern, originator)
    } else {
        pattern == originator
    }
}

/// `*` matches any run of characters, everything else itself.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pattern == text;
    }
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// Ok when `originator` may send `op` through the fanOutPoint of `group`: the group-hosting
/// CSE checks the `membersAccessControlPolicyIDs` of the group, or the group's own policies
/// when it has none (TS-0004 7.4.14.3.2–7.4.14.3.5, additions to Recv-6.3); 4103 otherwise.
pub(crate) fn check_fan_out(
    tree: &Tree,
    cfg: &CseConfig,
    originator: &str,
    group: &Resource,
    op: Operation,
) -> CseResult<()> {
    let macp = group.str_list("macp");
    if macp.is_empty() {
        return check(tree, cfg, originator, group, op);
    }
    let granted = is_admin(cfg, originator)
        || macp.iter().any(|id| {
            policy(tree, cfg, id)
                .filter(|p| p.ty == ACP)
                .is_some_and(|policy| rules_grant(cfg, policy.attrs.get("pv"), originator, op))
        });
    if granted {
        Ok(())
    } else {
        Err(CseError::no_privilege(format!(
            "originator `{originator}` has no {} privilege on the members of `{}` (macp)",
            op_name(op),
            tree.structured(group.ri())
                .unwrap_or_else(|| group.ri().to_string())
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn globs() {
        assert!(glob("C*", "Cabc"));
        assert!(glob("*", ""));
        assert!(glob("C*x*z", "Cxyz"));
        assert!(!glob("C*", "Sabc"));
        assert!(!glob("C*bc*bc", "Cbc"));
    }

    #[test]
    fn rules_need_originator_and_operation() {
        let cfg = CseConfig::default();
        let set = json!({"acr": [{"acor": ["Cone", "/id-in/Ctwo", "S*"], "acop": 2 | 32}]});
        assert!(rules_grant(&cfg, Some(&set), "Cone", Operation::Retrieve));
        assert!(rules_grant(&cfg, Some(&set), "Ctwo", Operation::Discover));
        assert!(rules_grant(
            &cfg,
            Some(&set),
            "/id-in/Sxyz",
            Operation::Retrieve
        ));
        assert!(!rules_grant(&cfg, Some(&set), "Cone", Operation::Update));
        assert!(!rules_grant(
            &cfg,
            Some(&set),
            "Cthree",
            Operation::Retrieve
        ));
        let all = json!({"acr": [{"acor": ["all"], "acop": 63}]});
        assert!(rules_grant(&cfg, Some(&all), "anyone", Operation::Delete));
        let with_context =
            json!({"acr": [{"acor": ["all"], "acop": 63, "acco": [{"actw": ["* * * * * *"]}]}]});
        assert!(!rules_grant(
            &cfg,
            Some(&with_context),
            "anyone",
            Operation::Retrieve
        ));
    }
}
