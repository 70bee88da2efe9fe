//! Building blocks for the attribute tables: a short constructor, the universal/common
//! attributes with their usual optionality, and const concatenation of rule slices.

use super::Optionality::{NotPresent as NP, Optional as O};
use super::{AttributeRule, Optionality, ValueKind};

/// An attribute rule: long name, short name, data type cell, kind, Create, Update.
pub(super) const fn a(
    long: &'static str,
    short: &'static str,
    data_type: &'static str,
    kind: ValueKind,
    create: Optionality,
    update: Optionality,
) -> AttributeRule {
    AttributeRule {
        long,
        short,
        data_type,
        kind,
        create,
        update,
    }
}

/// The rule with other Create/Update optionality (where a table departs from the usual).
pub(super) const fn with(
    rule: AttributeRule,
    create: Optionality,
    update: Optionality,
) -> AttributeRule {
    AttributeRule {
        create,
        update,
        ..rule
    }
}

/// xs:string and the like.
pub(super) const STR: ValueKind = ValueKind::String;
/// A list of strings (labels, IDs, m2m:listOfM2MID, ...).
pub(super) const STRINGS: ValueKind = ValueKind::List(&ValueKind::String);
/// A list of URIs (m2m:listOfURIs, list of xs:anyURI, m2m:poaList).
pub(super) const URIS: ValueKind = ValueKind::List(&ValueKind::AnyUri);

// Universal and common attributes (TS-0004 7.4.x "Universal/Common Attributes" tables;
// their value types from TS-0001 9.6.1.3), with the optionality most tables give them.
pub(super) const RN: AttributeRule = a("resourceName", "rn", "", ValueKind::String, O, NP);
pub(super) const TY: AttributeRule = a("resourceType", "ty", "", ValueKind::Integer, NP, NP);
pub(super) const RI: AttributeRule = a("resourceID", "ri", "", ValueKind::String, NP, NP);
pub(super) const PI: AttributeRule = a("parentID", "pi", "", ValueKind::String, NP, NP);
pub(super) const CT: AttributeRule = a("creationTime", "ct", "", ValueKind::Timestamp, NP, NP);
pub(super) const LT: AttributeRule = a("lastModifiedTime", "lt", "", ValueKind::Timestamp, NP, NP);
pub(super) const ET: AttributeRule = a("expirationTime", "et", "", ValueKind::Timestamp, O, O);
pub(super) const LBL: AttributeRule = a("labels", "lbl", "", STRINGS, O, O);
pub(super) const ACPI: AttributeRule = a("accessControlPolicyIDs", "acpi", "", STRINGS, O, O);
pub(super) const AT: AttributeRule = a("announceTo", "at", "", STRINGS, O, O);
pub(super) const AA: AttributeRule = a("announcedAttribute", "aa", "", STRINGS, O, O);
pub(super) const DACI: AttributeRule = a(
    "dynamicAuthorizationConsultationIDs",
    "daci",
    "",
    STRINGS,
    O,
    O,
);
pub(super) const ST: AttributeRule = a("stateTag", "st", "", ValueKind::NonNegativeInteger, NP, NP);
pub(super) const CR: AttributeRule = a("creator", "cr", "", ValueKind::String, O, NP);

/// `a` followed by `b`, as an array of exactly `N` rules (checked at compile time).
pub(super) const fn concat<const N: usize>(
    a: &[AttributeRule],
    b: &[AttributeRule],
) -> [AttributeRule; N] {
    assert!(a.len() + b.len() == N, "concat: wrong length");
    let mut out = [RN; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[a.len() + j] = b[j];
        j += 1;
    }
    out
}

/// `joined!(NAME = A, B)` declares `static NAME: [AttributeRule; _]` holding `A` then `B`.
macro_rules! joined {
    ($name:ident = $a:expr, $b:expr) => {
        static $name: [AttributeRule; ($a).len() + ($b).len()] =
            $crate::schema::rules::concat($a, $b);
    };
}
pub(super) use joined;
