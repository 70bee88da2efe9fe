//! The To parameter → a resource (TS-0004 6.2.3; over HTTP, TS-0009 6.2.3): CSE-relative
//! structured (`cse-in/ae1/cnt1`, `-/ae1`) and unstructured (`cnt123`), SP-relative
//! (`~/id-in/...`), absolute (`_/<sp-id>/id-in/...`), and the virtual resources `la`/`ol` of a
//! container and `fopt` of a group.

use std::sync::Arc;

use onem2m::Rsc;

use crate::config::CseConfig;
use crate::error::{CseError, CseResult};
use crate::kinds::{CONTAINER, CONTENT_INSTANCE, GROUP};
use crate::resource::Resource;
use crate::tree::Tree;

/// What a request is addressed to.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Resource(Arc<Resource>),
    /// `<container>/la` or `/ol`: the latest or oldest contentInstance.
    Latest(Arc<Resource>),
    Oldest(Arc<Resource>),
    /// `<group>/fopt[/rest]`: fan out to every member, `rest` appended to each.
    FanOut {
        group: Arc<Resource>,
        rest: String,
    },
}

/// Strips the SP-relative or absolute prefix and returns the CSE-relative part.
fn cse_relative<'a>(cfg: &CseConfig, to: &'a str) -> CseResult<&'a str> {
    let to = to.trim_start_matches('/');
    let sp_relative = if let Some(rest) = to.strip_prefix("~/") {
        rest
    } else if let Some(rest) = to.strip_prefix("_/") {
        let (sp, rest) = rest.split_once('/').unwrap_or((rest, ""));
        if sp != cfg.sp_id {
            return Err(CseError::new(
                Rsc::TargetNotReachable,
                format!(
                    "SP `{sp}` is not this service provider (`{}`); no route to it",
                    cfg.sp_id
                ),
            ));
        }
        rest
    } else {
        return Ok(to);
    };
    let (cse, rest) = sp_relative.split_once('/').unwrap_or((sp_relative, ""));
    if cse != cfg.cse_ri() {
        return Err(CseError::new(
            Rsc::TargetNotReachable,
            format!(
                "CSE `/{cse}` is not this CSE (`{}`); no route to it",
                cfg.cse_id
            ),
        ));
    }
    Ok(if rest.is_empty() { "-" } else { rest })
}

/// Resolves a To parameter against the tree.
pub(crate) fn resolve(tree: &Tree, cfg: &CseConfig, to: &str) -> CseResult<Target> {
    let path = cse_relative(cfg, to)?;
    if path.is_empty() {
        return Err(CseError::not_found(
            "no target: address a resource, e.g. `/cse-in`",
        ));
    }
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let first = segments.next().unwrap_or_default();
    let mut current = if first == cfg.cse_name || first == "-" {
        tree.get(cfg.cse_ri())
    } else {
        tree.get(first)
    }
    .cloned()
    .ok_or_else(|| CseError::not_found(format!("no resource `{first}`")))?;
    let rest: Vec<&str> = segments.collect();
    for (i, name) in rest.iter().enumerate() {
        if let Some(child) = tree.child_named(current.ri(), name) {
            current = child.clone();
            continue;
        }
        match (current.ty, *name) {
            (CONTAINER, "la") | (CONTAINER, "ol") if i + 1 == rest.len() => {
                return Ok(if *name == "la" {
                    Target::Latest(current)
                } else {
                    Target::Oldest(current)
                });
            }
            (GROUP, "fopt") => {
                return Ok(Target::FanOut {
                    group: current,
                    rest: rest[i + 1..].join("/"),
                });
            }
            _ => {
                return Err(CseError::not_found(format!(
                    "`{}` has no child named `{name}`",
                    tree.structured(current.ri()).unwrap_or_default()
                )));
            }
        }
    }
    Ok(Target::Resource(current))
}

/// The resource an ID names, in any of the forms `resolve` takes (unstructured or
/// structured, CSE-relative, SP-relative or absolute); `None` for a virtual resource or an
/// ID that names nothing here.
pub(crate) fn resource_at(tree: &Tree, cfg: &CseConfig, id: &str) -> Option<Arc<Resource>> {
    let local = local_id(cfg, id);
    if let Some(r) = tree.get(local) {
        return Some(r.clone());
    }
    match resolve(tree, cfg, local) {
        Ok(Target::Resource(r)) => Some(r),
        _ => None,
    }
}

/// The latest (or oldest) contentInstance of a container.
pub(crate) fn instance_of(
    tree: &Tree,
    container: &Resource,
    latest: bool,
) -> Option<Arc<Resource>> {
    let mut instances = tree
        .children(container.ri())
        .filter(|c| c.ty == CONTENT_INSTANCE);
    if latest {
        instances.next_back()
    } else {
        instances.next()
    }
    .cloned()
}

/// An originator or resource id in CSE-relative form: `/id-in/Cabc` and `//sp/id-in/Cabc`
/// both become `Cabc` when they name this CSE.
pub(crate) fn local_id<'a>(cfg: &CseConfig, id: &'a str) -> &'a str {
    let sp_relative = id
        .strip_prefix("//")
        .and_then(|rest| rest.strip_prefix(cfg.sp_id.as_str()))
        .unwrap_or(id);
    match sp_relative.strip_prefix(cfg.cse_id.as_str()) {
        Some(rest) if rest.starts_with('/') => &rest[1..],
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_sp_relative_and_absolute_prefixes() {
        let cfg = CseConfig::default();
        assert_eq!(
            cse_relative(&cfg, "~/id-in/cse-in/ae").ok(),
            Some("cse-in/ae")
        );
        assert_eq!(cse_relative(&cfg, "~/id-in").ok(), Some("-"));
        assert_eq!(
            cse_relative(&cfg, "_/dmgate.local/id-in/cnt1").ok(),
            Some("cnt1")
        );
        assert_eq!(cse_relative(&cfg, "cse-in").ok(), Some("cse-in"));
        assert_eq!(
            cse_relative(&cfg, "~/id-other/x").err().map(|e| e.rsc),
            Some(Rsc::TargetNotReachable)
        );
        assert_eq!(
            cse_relative(&cfg, "_/other.sp/id-in/x")
                .err()
                .map(|e| e.rsc),
            Some(Rsc::TargetNotReachable)
        );
        assert_eq!(local_id(&cfg, "/id-in/Cabc"), "Cabc");
        assert_eq!(local_id(&cfg, "//dmgate.local/id-in/Cabc"), "Cabc");
        assert_eq!(local_id(&cfg, "Cabc"), "Cabc");
        assert_eq!(local_id(&cfg, "/id-other/Cabc"), "/id-other/Cabc");
    }
}
