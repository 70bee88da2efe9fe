//! Which resource types this CSE serves and how each is named on the wire.

use onem2m::schema;

/// Resource types the CSE hosts (announced in the CSEBase's `srt`).
pub(crate) const SUPPORTED_TYPES: &[u32] = &[1, 2, 3, 4, 5, 8, 9, 12, 13, 14, 17, 23];

pub(crate) const ACP: u32 = 1;
pub(crate) const AE: u32 = 2;
pub(crate) const CONTAINER: u32 = 3;
pub(crate) const CONTENT_INSTANCE: u32 = 4;
pub(crate) const CSE_BASE: u32 = 5;
pub(crate) const EXEC_INSTANCE: u32 = 8;
pub(crate) const GROUP: u32 = 9;
pub(crate) const MGMT_CMD: u32 = 12;
pub(crate) const MGMT_OBJ: u32 = 13;
pub(crate) const NODE: u32 = 14;
pub(crate) const REQUEST: u32 = 17;
pub(crate) const SUBSCRIPTION: u32 = 23;

/// The JSON member name a resource is serialized under (TS-0004 8.4.2 rule 3).
pub(crate) fn root_name(ty: u32, mgd: Option<u32>) -> &'static str {
    schema::schema(ty, mgd).map(|s| s.root).unwrap_or(match ty {
        MGMT_OBJ => "m2m:mgo",
        _ => "m2m:resource",
    })
}

/// The short type prefix used in generated resource ids and names.
pub(crate) fn id_prefix(ty: u32) -> &'static str {
    match ty {
        ACP => "acp",
        AE => "ae",
        CONTAINER => "cnt",
        CONTENT_INSTANCE => "cin",
        EXEC_INSTANCE => "exin",
        GROUP => "grp",
        MGMT_CMD => "mgc",
        MGMT_OBJ => "mgo",
        NODE => "nod",
        REQUEST => "req",
        SUBSCRIPTION => "sub",
        _ => "res",
    }
}

/// Whether a resource of this type carries its own `acpi` (otherwise its parent's apply,
/// TS-0001 9.6.1.3.2).
pub(crate) fn has_own_acpi(ty: u32, mgd: Option<u32>) -> bool {
    schema::schema(ty, mgd).is_some_and(|s| s.attribute("acpi").is_some())
}
