//! Attribute rules, as data, for the resource types a CSE serves: for each type its
//! universal/common and resource-specific attributes (TS-0004 7.4.x, Annex D; TS-0022
//! specializations from ONEM2M-DM-REFERENCE.md §2.4) with short name, data type, value kind
//! and Create/Update request optionality, and the child resource types it may hold. A CSE
//! validates Create and Update requests generically against these. Tests check every
//! transcribed table row by row against the spec text.

mod dm;
mod enums;
mod kinds;
mod mgmt;
mod resources;
mod rules;

#[cfg(test)]
mod spec_table;
#[cfg(test)]
mod tests_core;
#[cfg(test)]
mod tests_kinds;
#[cfg(test)]
mod tests_mgmt;

pub use kinds::ValueKind;
pub use mgmt::MGMT_DEFINITIONS;

/// Request optionality of an attribute in a Create or Update (TS-0004 7.4.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Optionality {
    /// M: the request shall carry the attribute.
    Mandatory,
    /// O: the request may carry the attribute.
    Optional,
    /// NP: the request shall not carry the attribute.
    NotPresent,
}

/// One attribute of a resource type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeRule {
    /// Long name as in the spec table, e.g. `"expirationTime"`.
    pub long: &'static str,
    /// Short name, e.g. `"et"`.
    pub short: &'static str,
    /// The Data Type cell as in the spec (`"m2m:setOfAcrs"`, `"xs:boolean"`); `""` for
    /// universal/common attributes, whose tables have no data type column.
    pub data_type: &'static str,
    /// What the JSON value must look like.
    pub kind: ValueKind,
    /// Optionality in a Create request.
    pub create: Optionality,
    /// Optionality in an Update request.
    pub update: Optionality,
}

/// The attribute rules and allowed children of one resource type (or mgmtObj
/// specialization).
#[derive(Debug)]
pub struct ResourceSchema {
    /// Resource type code (13 for every mgmtObj).
    pub ty: u32,
    /// mgmtDefinition of a mgmtObj specialization; `None` otherwise (and for the generic
    /// mgmtObj).
    pub mgd: Option<u32>,
    /// JSON root name: `"m2m:ae"`, `"m2m:cnt"`, `"m2m:fwr"`, `"dcfg:nycfc"`, ...; `""` for
    /// the generic mgmtObj, which is never serialized as such.
    pub root: &'static str,
    /// Universal/common and resource-specific attributes, in spec order.
    pub attributes: &'static [AttributeRule],
    /// Resource type codes allowed as children (from the child-resources table).
    pub children: &'static [u32],
}

impl ResourceSchema {
    /// The attribute whose short name is `short`.
    pub fn attribute(&self, short: &str) -> Option<&'static AttributeRule> {
        self.attributes.iter().find(|a| a.short == short)
    }
}

/// Every schema: the resource types in TS-0004 clause order, the generic mgmtObj, then the
/// mgmtObj specializations in [`MGMT_DEFINITIONS`] order.
static ALL: [&ResourceSchema; 28] = [
    &resources::ACCESS_CONTROL_POLICY,
    &resources::CSE_BASE,
    &resources::AE,
    &resources::CONTAINER,
    &resources::CONTENT_INSTANCE,
    &resources::SUBSCRIPTION,
    &resources::REQUEST,
    &resources::GROUP,
    &mgmt::MGMT_OBJ,
    &dm::MGMT_CMD,
    &dm::EXEC_INSTANCE,
    &dm::NODE,
    &mgmt::FIRMWARE,
    &mgmt::SOFTWARE,
    &mgmt::MEMORY,
    &mgmt::AREA_NWK_INFO,
    &mgmt::AREA_NWK_DEVICE_INFO,
    &mgmt::BATTERY,
    &mgmt::DEVICE_INFO,
    &mgmt::DEVICE_CAPABILITY,
    &mgmt::REBOOT,
    &mgmt::EVENT_LOG,
    &mgmt::DATA_COLLECTION,
    &mgmt::MY_CERT_FILE_CRED,
    &mgmt::WIFI_CLIENT,
    &mgmt::CREDENTIALS,
    &mgmt::SIM,
    &mgmt::MOBILE_NETWORK,
];

/// The schema of a resource type. For ty 13 (mgmtObj) `mgd` selects the specialization;
/// `None` gives the generic mgmtObj (TS-0004 7.4.15) and an unknown mgd gives `None`.
/// For other types `mgd` is ignored.
pub fn schema(ty: u32, mgd: Option<u32>) -> Option<&'static ResourceSchema> {
    ALL.iter()
        .copied()
        .find(|s| s.ty == ty && (ty != 13 || s.mgd == mgd))
}

/// The mgmtObj specialization whose JSON root is `root` (e.g. `"m2m:dvi"`).
pub fn mgmt_schema_by_root(root: &str) -> Option<&'static ResourceSchema> {
    ALL.iter()
        .copied()
        .find(|s| s.mgd.is_some() && s.root == root)
}

/// Every schema (for tests and for looking a root up: `"m2m:ae"` → AE).
pub fn all() -> &'static [&'static ResourceSchema] {
    &ALL
}

/// The schema whose JSON root is `root` (`"m2m:ae"` → AE, `"m2m:fwr"` → firmware).
pub fn schema_by_root(root: &str) -> Option<&'static ResourceSchema> {
    if root.is_empty() {
        return None;
    }
    ALL.iter().copied().find(|s| s.root == root)
}
