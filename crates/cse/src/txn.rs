//! One write: the changes a procedure makes to the tree, applied in memory as it goes (so
//! later steps see earlier ones), then queued for the store as one atomic batch. If the
//! procedure fails, its memory changes are undone (a store failure reloads the tree, see
//! `persist`).

use std::sync::Arc;

use serde_json::{Map, Value};
use store::ResourceChange;

use crate::Inner;
use crate::notify::Delivery;
use crate::resource::Resource;
use crate::tree::Tree;

enum Undo {
    Restore(Arc<Resource>),
    Remove(String),
}

/// The tree being changed, and what the change will write and send.
pub(crate) struct Txn<'a> {
    pub(crate) tree: &'a mut Tree,
    pub(crate) cse: &'a Inner,
    pub(crate) now_ms: i64,
    changes: Vec<ResourceChange>,
    undo: Vec<Undo>,
    /// Notifications to send once the change is durable.
    pub(crate) deliveries: Vec<Delivery>,
}

pub(crate) struct Committed {
    pub(crate) changes: Vec<ResourceChange>,
    pub(crate) deliveries: Vec<Delivery>,
}

impl<'a> Txn<'a> {
    pub(crate) fn new(tree: &'a mut Tree, cse: &'a Inner, now_ms: i64) -> Self {
        Txn {
            tree,
            cse,
            now_ms,
            changes: Vec::new(),
            undo: Vec::new(),
            deliveries: Vec::new(),
        }
    }

    pub(crate) fn get(&self, ri: &str) -> Option<Arc<Resource>> {
        self.tree.get(ri).cloned()
    }

    /// Inserts or replaces a resource.
    pub(crate) fn put(&mut self, resource: Resource) {
        let ri = resource.ri().to_string();
        self.undo.push(match self.tree.get(&ri) {
            Some(old) => Undo::Restore(old.clone()),
            None => Undo::Remove(ri),
        });
        self.changes.push(ResourceChange::Put(resource.to_stored()));
        self.tree.put(resource);
    }

    /// Replaces attributes of an existing resource, setting `lt` (and `st` where the
    /// resource has one).
    pub(crate) fn modify(
        &mut self,
        ri: &str,
        edit: impl FnOnce(&mut Map<String, Value>),
    ) -> Option<Arc<Resource>> {
        let mut next = (**self.tree.get(ri)?).clone();
        edit(&mut next.attrs);
        next.attrs
            .insert("lt".into(), Value::String(crate::time::format(self.now_ms)));
        if let Some(st) = next.u64_attr("st") {
            next.attrs.insert("st".into(), Value::from(st + 1));
        }
        self.put(next);
        self.tree.get(ri).cloned()
    }

    /// Removes a resource with its subtree; returns the removed resources, deepest first.
    pub(crate) fn remove(&mut self, ri: &str) -> Vec<Arc<Resource>> {
        let removed = self.tree.remove(ri);
        for r in &removed {
            self.changes.push(ResourceChange::Delete {
                ri: r.ri().to_string(),
            });
            self.undo.push(Undo::Restore(r.clone()));
        }
        removed
    }

    pub(crate) fn finish(self) -> Committed {
        Committed {
            changes: self.changes,
            deliveries: self.deliveries,
        }
    }

    /// Undoes every change made so far (the procedure failed).
    pub(crate) fn abort(self) {
        rollback(self.tree, self.undo);
    }
}

fn rollback(tree: &mut Tree, undo: Vec<Undo>) {
    for step in undo.into_iter().rev() {
        match step {
            Undo::Restore(r) => tree.put((*r).clone()),
            Undo::Remove(ri) => {
                tree.remove(&ri);
            }
        }
    }
}
