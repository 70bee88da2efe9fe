//! The part of a data model that devices share: the node tree in model order, the name
//! index, parameter types, access and defaults, and the table templates.

use std::collections::HashMap;
use std::sync::Arc;

use super::policy::NotifyPolicy;
use super::types::ParamType;

/// Every object and parameter of one model, objects before their contents, each subtree
/// contiguous (`nodes[i..nodes[i].end]` is node `i` and everything below it).
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub(crate) nodes: Vec<Node>,
    /// Full path (objects with their trailing dot) to position in `nodes`.
    pub(crate) index: HashMap<Arc<str>, u32>,
    pub(crate) templates: Arc<Templates>,
    /// How many of `nodes` are parameters.
    pub(crate) params: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) path: Arc<str>,
    /// One past the last node of this node's subtree.
    pub(crate) end: u32,
    pub(crate) kind: Kind,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Object { writable: bool, role: Role },
    Param(Param),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Plain,
    /// A multi-instance object (`Device.WiFi.SSID.`): its children are its instances. `next`
    /// is the instance number AddObject hands out next; numbers are not reused (A.2.2.1).
    Table {
        template: u32,
        next: u32,
    },
    /// One instance of a table (`Device.WiFi.SSID.1.`).
    Instance {
        template: u32,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub(crate) ty: ParamType,
    pub(crate) writable: bool,
    pub(crate) notify: NotifyPolicy,
    /// Reads back empty over CWMP (passwords and keys).
    pub(crate) secured: bool,
    pub(crate) default: Arc<str>,
}

/// The table templates of a model (`Device.WiFi.SSID.{i}.` and what is below it), which
/// never change after parsing.
#[derive(Debug, Default)]
pub(crate) struct Templates {
    pub(crate) list: Vec<Template>,
}

#[derive(Debug)]
pub(crate) struct Template {
    /// AddObject and DeleteObject allowed.
    pub(crate) writable: bool,
    /// What a new instance consists of, in model order. The first entry is the instance
    /// object itself (empty relative path); nested tables are empty `Table` entries.
    pub(crate) blueprint: Vec<Blueprint>,
}

#[derive(Debug)]
pub(crate) struct Blueprint {
    /// Path relative to the instance (`Stats.BytesSent`, `IPv4Address.`, `` for itself).
    pub(crate) rel: String,
    pub(crate) kind: BlueprintKind,
}

#[derive(Debug)]
pub(crate) enum BlueprintKind {
    Object {
        writable: bool,
    },
    Table {
        template: u32,
    },
    Param {
        ty: ParamType,
        writable: bool,
        default: Arc<str>,
    },
}

impl Schema {
    pub(crate) fn find(&self, path: &str) -> Option<u32> {
        self.index.get(path).copied()
    }

    pub(crate) fn node(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }

    /// The nodes directly below node `i`, in model order.
    pub(crate) fn children(&self, i: u32) -> Children<'_> {
        Children {
            schema: self,
            next: i + 1,
            end: self.node(i).end,
        }
    }

    /// The top-level objects.
    pub(crate) fn roots(&self) -> Children<'_> {
        Children {
            schema: self,
            next: 0,
            end: self.nodes.len() as u32,
        }
    }

    /// Rebuilds the subtree ends, the name index and the parameter count after nodes were
    /// inserted or removed. Ancestry is read from the paths: node `j` is below node `i` when
    /// `i` is an object and its path is a prefix of `j`'s.
    pub(crate) fn rebuild(&mut self) {
        let n = self.nodes.len();
        let mut stack: Vec<usize> = Vec::new();
        for j in 0..n {
            while let Some(&top) = stack.last() {
                if self.nodes[j].path.starts_with(&*self.nodes[top].path) {
                    break;
                }
                self.nodes[top].end = j as u32;
                stack.pop();
            }
            if matches!(self.nodes[j].kind, Kind::Object { .. }) {
                stack.push(j);
            } else {
                self.nodes[j].end = j as u32 + 1;
            }
        }
        for top in stack {
            self.nodes[top].end = n as u32;
        }
        self.index = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (node.path.clone(), i as u32))
            .collect();
        self.params = self
            .nodes
            .iter()
            .filter(|node| matches!(node.kind, Kind::Param(_)))
            .count();
    }
}

#[derive(Debug)]
pub(crate) struct Children<'a> {
    schema: &'a Schema,
    next: u32,
    end: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        (self.next < self.end).then(|| {
            let i = self.next;
            self.next = self.schema.node(i).end;
            i
        })
    }
}

/// Whether a path segment is an instance number (`1`, `42`; no sign, no leading zero).
pub(crate) fn is_instance_number(segment: &str) -> bool {
    !segment.is_empty()
        && segment.bytes().all(|b| b.is_ascii_digit())
        && !segment.starts_with('0')
        && segment.parse::<u32>().is_ok()
}

/// The generic form of a path: every instance number replaced by `{i}`
/// (`Device.IP.Interface.1.IPv4Address.2.` → `Device.IP.Interface.{i}.IPv4Address.{i}.`).
pub(crate) fn generic(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for (n, segment) in path.split('.').enumerate() {
        if n > 0 {
            out.push('.');
        }
        out.push_str(if is_instance_number(segment) {
            "{i}"
        } else {
            segment
        });
    }
    out
}

/// The object a node belongs to (`Device.A.B` and `Device.A.B.` → `Device.A.`); `None` for
/// a top-level object.
pub(crate) fn parent(path: &str) -> Option<&str> {
    let trimmed = path.strip_suffix('.').unwrap_or(path);
    trimmed.rfind('.').map(|dot| &path[..=dot])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_helpers() {
        assert_eq!(
            generic("Device.IP.Interface.1.IPv4Address.12.IPAddress"),
            "Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress"
        );
        assert_eq!(generic("Device.X.01."), "Device.X.01.");
        assert_eq!(parent("Device.A.B"), Some("Device.A."));
        assert_eq!(parent("Device.A.B."), Some("Device.A."));
        assert_eq!(parent("Device."), None);
        assert!(is_instance_number("7"));
        assert!(!is_instance_number("0"));
        assert!(!is_instance_number("x1"));
        assert!(!is_instance_number("99999999999"));
    }
}
