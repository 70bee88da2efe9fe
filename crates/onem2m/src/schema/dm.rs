//! The device-management resource types of TS-0004 clause 7.4 besides mgmtObj: mgmtCmd
//! (7.4.16), execInstance (7.4.17) and node (7.4.18).

use super::Optionality::{Mandatory as M, NotPresent as NP, Optional as O};
use super::ValueKind::{self, Boolean, Duration, NonNegativeInteger, Object};
use super::enums;
use super::rules::{
    AA, ACPI, AT, CT, DACI, ET, LBL, LT, PI, RI, RN, STR, STRINGS, TY, a, joined, with,
};
use super::{AttributeRule, ResourceSchema};

// ---- mgmtCmd (7.4.16)

const EXEC_MODE: ValueKind = ValueKind::Enum(enums::EXEC_MODE_TYPE);

const MGC_UNIVERSAL: &[AttributeRule] = &[RN, TY, RI, PI, ACPI, CT, ET, LT, LBL, DACI];
const MGC_SPECIFIC: &[AttributeRule] = &[
    a("description", "dc", "xs:string", STR, O, O),
    a(
        "cmdType",
        "cmt",
        "m2m:cmdType",
        ValueKind::Enum(enums::CMD_TYPE),
        M,
        NP,
    ),
    a(
        "execReqArgs",
        "exra",
        "m2m:execReqArgsListType",
        Object,
        O,
        O,
    ),
    a("execEnable", "exe", "xs:boolean", Boolean, O, O),
    a("execTarget", "ext", "m2m:nodeID", STR, M, O),
    a("execMode", "exm", "m2m:execModeType", EXEC_MODE, O, O),
    a("execFrequency", "exf", "xs:duration", Duration, O, O),
    a("execDelay", "exy", "xs:duration", Duration, O, O),
    a(
        "execNumber",
        "exn",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        O,
        O,
    ),
];
joined!(MGC_ATTRS = MGC_UNIVERSAL, MGC_SPECIFIC);

/// `<mgmtCmd>`, ty 12.
pub(super) static MGMT_CMD: ResourceSchema = ResourceSchema {
    ty: 12,
    mgd: None,
    root: "m2m:mgc",
    attributes: &MGC_ATTRS,
    children: &[23, 8, 51],
};

// ---- execInstance (7.4.17): the tables have only an Update column; an execInstance
// shall not be created via API (7.4.17.2.0), so Create is NP throughout.

const EXIN_UNIVERSAL: &[AttributeRule] = &[
    with(RN, NP, NP),
    TY,
    RI,
    PI,
    with(ACPI, NP, O),
    CT,
    with(ET, NP, O),
    LT,
    with(LBL, NP, O),
    with(DACI, NP, O),
];
const EXIN_SPECIFIC: &[AttributeRule] = &[
    a(
        "execStatus",
        "exs",
        "m2m:execStatusType",
        ValueKind::Enum(enums::EXEC_STATUS_TYPE),
        NP,
        NP,
    ),
    a(
        "execResult",
        "exr",
        "m2m:execResultType",
        ValueKind::Enum(enums::EXEC_RESULT_TYPE),
        NP,
        NP,
    ),
    a("execDisable", "exd", "xs:boolean", Boolean, NP, O),
    a("execTarget", "ext", "m2m:nodeID", STR, NP, NP),
    a("execMode", "exm", "m2m:execModeType", EXEC_MODE, NP, NP),
    a("execFrequency", "exf", "xs:duration", Duration, NP, NP),
    a("execDelay", "exy", "xs:duration", Duration, NP, NP),
    a(
        "execNumber",
        "exn",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        NP,
        NP,
    ),
    a(
        "execReqArgs",
        "exra",
        "m2m:execReqArgsListType",
        Object,
        NP,
        NP,
    ),
];
joined!(EXIN_ATTRS = EXIN_UNIVERSAL, EXIN_SPECIFIC);

/// `<execInstance>`, ty 8.
pub(super) static EXEC_INSTANCE: ResourceSchema = ResourceSchema {
    ty: 8,
    mgd: None,
    root: "m2m:exin",
    attributes: &EXIN_ATTRS,
    children: &[23, 51],
};

// ---- node (7.4.18)

const NOD_UNIVERSAL: &[AttributeRule] = &[RN, TY, RI, PI, ACPI, CT, ET, LT, LBL, AT, AA, DACI];
const NOD_SPECIFIC: &[AttributeRule] = &[
    a("nodeID", "ni", "m2m:nodeID", STR, M, O),
    a("hostedCSELink", "hcl", "m2m:ID", STR, O, O),
    a("hostedAELinks", "hael", "m2m:listOfM2MID", STRINGS, O, O),
    a(
        "hostedServiceLinks",
        "hsl",
        "m2m:listOfM2MID",
        STRINGS,
        O,
        O,
    ),
    a("mgmtClientAddress", "mgca", "xs:string", STR, O, O),
    a("roamingStatus", "rms", "xs:boolean", Boolean, NP, NP),
    a("networkID", "nid", "xs:string", STR, NP, NP),
];
joined!(NOD_ATTRS = NOD_UNIVERSAL, NOD_SPECIFIC);

/// `<node>`, ty 14.
pub(super) static NODE: ResourceSchema = ResourceSchema {
    ty: 14,
    mgd: None,
    root: "m2m:nod",
    attributes: &NOD_ATTRS,
    children: &[13, 23, 24, 51, 18],
};
