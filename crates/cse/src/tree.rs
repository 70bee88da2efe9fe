//! The resource tree in memory: resources by id, children in creation order, names per
//! parent. The store holds the same tree durably; the CSE changes both under one writer.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::resource::Resource;

#[derive(Debug)]
struct Entry {
    resource: Arc<Resource>,
    children: BTreeMap<u64, String>,
}

/// Resources by resourceID, with the parent/child links and the names under each parent.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    entries: HashMap<String, Entry>,
    names: HashMap<(String, String), String>,
    /// Subscriptions by the resource they watch (their parent), in creation order: every
    /// change looks its subscribers up, and a parent may have a great many other children.
    subscriptions: HashMap<String, BTreeMap<u64, String>>,
}

/// The resource type code of `<subscription>`.
const SUBSCRIPTION: u32 = 23;

impl Tree {
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn get(&self, ri: &str) -> Option<&Arc<Resource>> {
        self.entries.get(ri).map(|e| &e.resource)
    }

    pub(crate) fn child_named(&self, pi: &str, rn: &str) -> Option<&Arc<Resource>> {
        // Allocation-free lookups would need a borrowed key type; names are short.
        let ri = self.names.get(&(pi.to_string(), rn.to_string()))?;
        self.get(ri)
    }

    /// Direct children in creation order.
    pub(crate) fn children(&self, ri: &str) -> impl DoubleEndedIterator<Item = &Arc<Resource>> {
        self.entries
            .get(ri)
            .into_iter()
            .flat_map(|e| e.children.values())
            .filter_map(|c| self.get(c))
    }

    /// The subscriptions of a resource, in creation order.
    pub(crate) fn subscriptions(&self, ri: &str) -> impl Iterator<Item = &Arc<Resource>> {
        self.subscriptions
            .get(ri)
            .into_iter()
            .flat_map(|s| s.values())
            .filter_map(|c| self.get(c))
    }

    fn link(&mut self, pi: String, rn: String, seq: u64, ri: String, ty: u32) {
        if pi.is_empty() {
            return;
        }
        if let Some(parent) = self.entries.get_mut(&pi) {
            parent.children.insert(seq, ri.clone());
        }
        if ty == SUBSCRIPTION {
            self.subscriptions
                .entry(pi.clone())
                .or_default()
                .insert(seq, ri.clone());
        }
        self.names.insert((pi, rn), ri);
    }

    /// Inserts a new resource or replaces one with the same `ri` (keeping its children).
    pub(crate) fn put(&mut self, resource: Resource) {
        let ri = resource.ri().to_string();
        let pi = resource.pi().to_string();
        let rn = resource.rn().to_string();
        let seq = resource.seq;
        let ty = resource.ty;
        let resource = Arc::new(resource);
        if let Some(entry) = self.entries.get_mut(&ri) {
            entry.resource = resource;
            return;
        }
        self.entries.insert(
            ri.clone(),
            Entry {
                resource,
                children: BTreeMap::new(),
            },
        );
        self.link(pi, rn, seq, ri, ty);
    }

    /// Removes a resource and its whole subtree; returns what was removed, deepest first.
    pub(crate) fn remove(&mut self, ri: &str) -> Vec<Arc<Resource>> {
        let mut order = Vec::new();
        let mut stack = vec![ri.to_string()];
        while let Some(next) = stack.pop() {
            if let Some(entry) = self.entries.get(&next) {
                stack.extend(entry.children.values().cloned());
                order.push(next);
            }
        }
        let mut removed = Vec::with_capacity(order.len());
        for ri in order.iter().rev() {
            if let Some(entry) = self.entries.remove(ri) {
                let r = entry.resource;
                self.names.remove(&(r.pi().to_string(), r.rn().to_string()));
                if let Some(parent) = self.entries.get_mut(r.pi()) {
                    parent.children.remove(&r.seq);
                }
                self.subscriptions.remove(r.ri());
                if r.ty == SUBSCRIPTION
                    && let Some(watched) = self.subscriptions.get_mut(r.pi())
                {
                    watched.remove(&r.seq);
                }
                removed.push(r);
            }
        }
        removed
    }

    /// The structured (hierarchical) address of a resource: `cse-in/ae1/cnt1`.
    pub(crate) fn structured(&self, ri: &str) -> Option<String> {
        let mut names = Vec::new();
        let mut cursor = self.get(ri)?;
        loop {
            names.push(cursor.rn());
            match self.get(cursor.pi()) {
                Some(parent) if !cursor.pi().is_empty() => cursor = parent,
                _ => break,
            }
        }
        names.reverse();
        Some(names.join("/"))
    }

    /// Every resource, in no particular order (expiry scans, start-up).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Arc<Resource>> {
        self.entries.values().map(|e| &e.resource)
    }

    /// Loads resources in any order: children whose parent comes later are linked once it
    /// arrives.
    pub(crate) fn load(resources: Vec<Resource>) -> Tree {
        let mut tree = Tree::default();
        let mut pending = Vec::with_capacity(resources.len());
        for r in resources {
            pending.push((
                r.pi().to_string(),
                r.rn().to_string(),
                r.seq,
                r.ri().to_string(),
                r.ty,
            ));
            tree.entries.insert(
                r.ri().to_string(),
                Entry {
                    resource: Arc::new(r),
                    children: BTreeMap::new(),
                },
            );
        }
        for (pi, rn, seq, ri, ty) in pending {
            tree.link(pi, rn, seq, ri, ty);
        }
        tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn res(ri: &str, pi: &str, rn: &str, seq: u64) -> Resource {
        let serde_json::Value::Object(attrs) = json!({"ri": ri, "pi": pi, "rn": rn}) else {
            unreachable!()
        };
        Resource {
            ty: 3,
            attrs,
            owner: String::new(),
            seq,
            private: Default::default(),
        }
    }

    #[test]
    fn links_names_and_removes_subtrees() {
        let mut t = Tree::default();
        t.put(res("root", "", "cse-in", 0));
        t.put(res("a", "root", "ae", 1));
        t.put(res("b", "a", "cnt", 2));
        t.put(res("c", "a", "cnt2", 3));
        assert_eq!(t.structured("b").as_deref(), Some("cse-in/ae/cnt"));
        assert_eq!(
            t.child_named("a", "cnt2")
                .map(|r| r.ri().to_string())
                .as_deref(),
            Some("c")
        );
        let gone: Vec<_> = t.remove("a").iter().map(|r| r.ri().to_string()).collect();
        assert_eq!(gone.len(), 3);
        assert_eq!(gone.last().map(String::as_str), Some("a"));
        assert!(t.child_named("root", "ae").is_none());
        assert_eq!(t.len(), 1);
        let mut sub = res("s", "root", "sub", 5);
        sub.ty = SUBSCRIPTION;
        t.put(sub);
        assert_eq!(t.subscriptions("root").count(), 1);
        t.remove("s");
        assert_eq!(t.subscriptions("root").count(), 0);
        assert_eq!(t.children("root").count(), 0);
    }

    #[test]
    fn loads_children_before_parents() {
        let t = Tree::load(vec![
            res("b", "a", "cnt", 2),
            res("a", "root", "ae", 1),
            res("root", "", "cse-in", 0),
        ]);
        assert_eq!(t.structured("b").as_deref(), Some("cse-in/ae/cnt"));
        assert_eq!(t.children("a").count(), 1);
    }
}
