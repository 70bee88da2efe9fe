//! A resource as the CSE holds it: its type, its attributes by short name (exactly what a
//! client sees), and what only the CSE needs (who created it, its place in creation order).

use serde_json::{Map, Value, json};
use store::StoredResource;

use crate::time;

/// One resource of the tree.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    pub ty: u32,
    /// Attributes by short name, including `ri`, `pi`, `rn`, `ty`, `ct`, `lt`.
    pub attrs: Map<String, Value>,
    /// The originator whose Create made this resource; the default owner for access
    /// control when no policy applies.
    pub owner: String,
    /// Creation order among all resources; children are listed in this order.
    pub seq: u64,
    /// State the management layer keeps with the resource (the device task behind an
    /// `<execInstance>`, for one). Stored with it, never rendered to a client.
    pub private: Map<String, Value>,
}

impl Resource {
    pub fn ri(&self) -> &str {
        self.str_attr("ri").unwrap_or_default()
    }
    pub fn pi(&self) -> &str {
        self.str_attr("pi").unwrap_or_default()
    }
    pub fn rn(&self) -> &str {
        self.str_attr("rn").unwrap_or_default()
    }
    pub fn str_attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).and_then(Value::as_str)
    }
    pub fn u64_attr(&self, name: &str) -> Option<u64> {
        self.attrs.get(name).and_then(Value::as_u64)
    }
    pub fn bool_attr(&self, name: &str) -> Option<bool> {
        self.attrs.get(name).and_then(Value::as_bool)
    }
    /// A list attribute of strings (`acpi`, `lbl`, `poa`, `mid`, `nu`); absent → empty.
    pub fn str_list(&self, name: &str) -> Vec<String> {
        match self.attrs.get(name) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }
    pub fn mgd(&self) -> Option<u32> {
        self.u64_attr("mgd").and_then(|v| u32::try_from(v).ok())
    }
    /// Expiration time in Unix milliseconds, if any.
    pub fn expires_at_ms(&self) -> Option<i64> {
        self.str_attr("et").and_then(time::parse)
    }

    /// The JSON member name this resource is serialized under (`m2m:ae`, `m2m:dvi`, ...).
    pub fn root_name(&self) -> &'static str {
        crate::kinds::root_name(self.ty, self.mgd())
    }

    /// `{"m2m:xyz": {attributes}}`.
    pub fn wrapped(&self) -> Value {
        let mut outer = Map::with_capacity(1);
        outer.insert(
            self.root_name().to_string(),
            Value::Object(self.attrs.clone()),
        );
        Value::Object(outer)
    }

    pub fn to_stored(&self) -> StoredResource {
        StoredResource {
            ri: self.ri().to_string(),
            pi: self.pi().to_string(),
            ty: self.ty,
            rn: self.rn().to_string(),
            expires_at_ms: self.expires_at_ms(),
            document: if self.private.is_empty() {
                json!({ "o": self.owner, "s": self.seq, "a": self.attrs })
            } else {
                json!({ "o": self.owner, "s": self.seq, "a": self.attrs, "p": self.private })
            }
            .to_string(),
        }
    }

    pub fn from_stored(stored: &StoredResource) -> Option<Resource> {
        let Value::Object(mut doc) = serde_json::from_str(&stored.document).ok()? else {
            return None;
        };
        let Some(Value::Object(attrs)) = doc.remove("a") else {
            return None;
        };
        Some(Resource {
            ty: stored.ty,
            attrs,
            owner: doc
                .get("o")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            seq: doc.get("s").and_then(Value::as_u64).unwrap_or_default(),
            private: match doc.remove("p") {
                Some(Value::Object(private)) => private,
                _ => Map::new(),
            },
        })
    }
}
