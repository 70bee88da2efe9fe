//! The Content of a response as the Result Content parameter asks (TS-0004 6.3.4.2.7,
//! Table 7.5.2-2; JSON per 8.4.2), and the walk over descendants shared by discovery and
//! the child-resource result contents.

use std::sync::Arc;

use onem2m::filter::FilterCriteria;
use serde_json::{Map, Value, json};

use crate::access;
use crate::config::CseConfig;
use crate::primitive::Operation;
use crate::resource::Resource;
use crate::tree::Tree;

/// A walk never returns more than this many resources, whatever `lim` says.
pub(crate) const MAX_WALK: usize = 100_000;

/// Children are inlined (rcn 4 and 8) at most this many levels down.
pub(crate) const MAX_INLINE_DEPTH: u32 = 32;

/// Who is asking and how addresses are written.
pub(crate) struct View<'a> {
    pub(crate) tree: &'a Tree,
    pub(crate) cfg: &'a CseConfig,
    pub(crate) originator: &'a str,
    pub(crate) filter: Option<&'a FilterCriteria>,
    /// Desired Identifier Result Type: 1 structured (default), 2 unstructured.
    pub(crate) drt: u32,
    /// Attribute list (`atrl`): only these attributes of the target.
    pub(crate) atrl: &'a [String],
}

impl View<'_> {
    pub(crate) fn address(&self, r: &Resource) -> String {
        if self.drt == 2 {
            r.ri().to_string()
        } else {
            self.tree
                .structured(r.ri())
                .unwrap_or_else(|| r.ri().to_string())
        }
    }

    fn level_limit(&self) -> Option<u32> {
        self.filter.and_then(|f| f.lvl)
    }

    pub(crate) fn matches(&self, r: &Resource) -> bool {
        let Some(filter) = self.filter else {
            return true;
        };
        let parent = self.tree.get(r.pi()).map(|p| &p.attrs);
        if filter.child_attributes.is_empty() {
            filter.matches(&r.attrs, parent, &[])
        } else {
            let children: Vec<&Map<String, Value>> =
                self.tree.children(r.ri()).map(|c| &c.attrs).collect();
            filter.matches(&r.attrs, parent, &children)
        }
    }

    /// Descendants of `root` (not `root` itself), depth first in creation order, that the
    /// originator may `op` and that match the filter, with `lvl`, `ofst` and `lim` applied.
    pub(crate) fn descendants(&self, root: &Resource, op: Operation) -> Vec<Arc<Resource>> {
        let max_level = self.level_limit().unwrap_or(u32::MAX);
        // TS-0004 7.3.3.17.15: "An offset of 1 shall indicate the first" resource (TS-0001
        // 8.1.2: "The offset shall start at 1"), so `ofst=n` skips n - 1 of them.
        let offset = self
            .filter
            .and_then(|f| f.ofst)
            .map_or(0, |o| o.saturating_sub(1) as usize);
        let limit = self
            .filter
            .and_then(|f| f.lim)
            .map_or(MAX_WALK, |l| (l as usize).min(MAX_WALK));
        let mut out = Vec::new();
        let mut skipped = 0usize;
        let mut stack: Vec<(Arc<Resource>, u32)> = self
            .tree
            .children(root.ri())
            .rev()
            .map(|c| (c.clone(), 1))
            .collect();
        while let Some((r, level)) = stack.pop() {
            if out.len() >= limit {
                break;
            }
            if level < max_level {
                stack.extend(
                    self.tree
                        .children(r.ri())
                        .rev()
                        .map(|c| (c.clone(), level + 1)),
                );
            }
            if !self.matches(&r) || !access::allowed(self.tree, self.cfg, self.originator, &r, op) {
                continue;
            }
            if skipped < offset {
                skipped += 1;
                continue;
            }
            out.push(r);
        }
        out
    }

    fn child_ref(&self, r: &Resource) -> Value {
        json!({ "nm": r.rn(), "typ": r.ty, "val": self.address(r) })
    }

    fn selected(&self, r: &Resource) -> Map<String, Value> {
        if self.atrl.is_empty() {
            return r.attrs.clone();
        }
        r.attrs
            .iter()
            .filter(|(k, _)| self.atrl.iter().any(|a| a == *k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The attributes of `r` with its permitted, matching children inlined under their own
    /// `m2m:` members, recursively down to `lvl` (TS-0004 8.4.3 example 3).
    fn inlined(&self, r: &Resource, attrs: Map<String, Value>, level: u32) -> Map<String, Value> {
        let budget = std::cell::Cell::new(MAX_WALK);
        self.inlined_within(r, attrs, level, &budget)
    }

    /// Inlining stops at `lvl`, at most [`MAX_INLINE_DEPTH`] levels down (the answer is built
    /// and serialized recursively) and after [`MAX_WALK`] resources in all.
    fn inlined_within(
        &self,
        r: &Resource,
        attrs: Map<String, Value>,
        level: u32,
        budget: &std::cell::Cell<usize>,
    ) -> Map<String, Value> {
        let mut out = attrs;
        if level
            >= self
                .level_limit()
                .unwrap_or(MAX_INLINE_DEPTH)
                .min(MAX_INLINE_DEPTH)
        {
            return out;
        }
        for child in self.tree.children(r.ri()) {
            if budget.get() == 0 {
                break;
            }
            if !self.matches(child)
                || !access::allowed(
                    self.tree,
                    self.cfg,
                    self.originator,
                    child,
                    Operation::Retrieve,
                )
            {
                continue;
            }
            budget.set(budget.get() - 1);
            let nested = self.inlined_within(child, child.attrs.clone(), level + 1, budget);
            let slot = out
                .entry(child.root_name().to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = slot {
                list.push(Value::Object(nested));
            }
        }
        out
    }

    /// The Content for `rcn` about `r`. `modified` is what a Create/Update changed beyond
    /// what the request said (rcn 9).
    pub(crate) fn render(
        &self,
        r: &Resource,
        rcn: u32,
        modified: Option<&Map<String, Value>>,
    ) -> Option<Value> {
        let wrap = |attrs: Map<String, Value>| {
            let mut outer = Map::with_capacity(1);
            outer.insert(r.root_name().to_string(), Value::Object(attrs));
            Value::Object(outer)
        };
        match rcn {
            0 => None,
            1 | 7 => Some(wrap(self.selected(r))),
            2 => Some(json!({ "m2m:uri": self.address(r) })),
            3 => {
                let mut rce = Map::new();
                rce.insert(r.root_name().to_string(), Value::Object(r.attrs.clone()));
                rce.insert("uri".into(), Value::String(self.address(r)));
                Some(json!({ "m2m:rce": rce }))
            }
            4 => Some(wrap(self.inlined(r, self.selected(r), 0))),
            5 => {
                let mut attrs = self.selected(r);
                let refs: Vec<Value> = self
                    .descendants(r, Operation::Retrieve)
                    .iter()
                    .map(|c| self.child_ref(c))
                    .collect();
                attrs.insert("ch".into(), Value::Array(refs));
                Some(wrap(attrs))
            }
            6 => {
                let refs: Vec<Value> = self
                    .descendants(r, Operation::Retrieve)
                    .iter()
                    .map(|c| self.child_ref(c))
                    .collect();
                Some(json!({ "m2m:rrl": { "rrf": refs } }))
            }
            8 => Some(wrap(self.inlined(r, Map::new(), 0))),
            9 => modified.filter(|m| !m.is_empty()).map(|m| wrap(m.clone())),
            _ => None,
        }
    }
}

/// Result Content values each operation permits (TS-0004 Table 7.5.2-2; TS-0001 Table
/// 8.1.2-1) and its default (TS-0004 7.2.2.2: 0 for Delete, 1 otherwise).
pub(crate) fn permitted_rcn(op: Operation, rcn: Option<u32>) -> Result<u32, String> {
    let (allowed, default): (&[u32], u32) = match op {
        Operation::Create => (&[0, 1, 2, 3, 9], 1),
        Operation::Retrieve => (&[1, 4, 5, 6, 7, 8], 1),
        Operation::Update => (&[0, 1, 9], 1),
        Operation::Delete => (&[0, 1, 4, 5, 6, 8], 0),
        Operation::Notify | Operation::Discover => (&[0, 1], 0),
    };
    match rcn {
        None => Ok(default),
        Some(v) if allowed.contains(&v) => Ok(v),
        Some(v) => Err(format!(
            "result content rcn={v} is not permitted for this operation; use one of {}",
            allowed
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
