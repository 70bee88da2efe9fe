//! `<mgmtObj>` (TS-0004 7.4.15) and its specializations: TS-0004 Annex D.2–D.11 and the
//! TS-0022 ones from ONEM2M-DM-REFERENCE.md §2.4. Every specialization carries the
//! universal/common attributes of Table 7.4.15.1-1 and the four mgmtObj attributes its Annex
//! D table repeats (mgmtDefinition, objectIDs, objectPaths, description), then its own.

use super::Optionality::{Mandatory as M, NotPresent as NP, Optional as O};
use super::ValueKind::{
    self, AnyUri, Boolean, Integer, NonNegativeInteger, Object, PositiveInteger, Range, Timestamp,
    UnsignedLong,
};
use super::enums;
use super::rules::{
    AA, ACPI, AT, CT, DACI, ET, LBL, LT, PI, RI, RN, STR, STRINGS, TY, URIS, a, concat, joined,
};
use super::{AttributeRule, ResourceSchema};

/// (mgmtDefinition, specialization name, JSON root) of every specialization with a schema:
/// TS-0004 Annex D.2–D.11 and TS-0022 (ONEM2M-DM-REFERENCE.md §2.1, §2.3, §2.4).
pub const MGMT_DEFINITIONS: &[(u32, &str, &str)] = &[
    (1001, "firmware", "m2m:fwr"),
    (1002, "software", "m2m:swr"),
    (1003, "memory", "m2m:mem"),
    (1004, "areaNwkInfo", "m2m:ani"),
    (1005, "areaNwkDeviceInfo", "m2m:andi"),
    (1006, "battery", "m2m:bat"),
    (1007, "deviceInfo", "m2m:dvi"),
    (1008, "deviceCapability", "m2m:dvc"),
    (1009, "reboot", "m2m:rbo"),
    (1010, "eventLog", "m2m:evl"),
    (1021, "dataCollection", "dcfg:datc"),
    (1023, "myCertFileCred", "dcfg:nycfc"),
    (1028, "wifiClient", "dcfg:wific"),
    (1029, "credentials", "dcfg:crds"),
    (1030, "SIM", "dcfg:sim"),
    (1031, "mobileNetwork", "dcfg:mnwk"),
];

/// Table 7.4.15.1-3: subscription, semanticDescriptor, transaction.
const MGMT_CHILDREN: &[u32] = &[23, 24, 51];

const MGMT_UNIVERSAL: &[AttributeRule] = &[RN, TY, RI, PI, ACPI, CT, ET, LT, LBL, AT, AA, DACI];
/// Table 7.4.15.1-2 rows that every Annex D table repeats ("See clause 7.4.15").
const MGMT_COMMON: &[AttributeRule] = &[
    a(
        "mgmtDefinition",
        "mgd",
        "m2m:mgmtDefinition",
        Integer,
        M,
        NP,
    ),
    a("objectIDs", "obis", "list of xs:anyURI", URIS, O, NP),
    a("objectPaths", "obps", "list of xs:anyURI", URIS, O, NP),
    a("description", "dc", "xs:string", STR, O, O),
];
const MGMT_HEAD: [AttributeRule; MGMT_UNIVERSAL.len() + MGMT_COMMON.len()] =
    concat(MGMT_UNIVERSAL, MGMT_COMMON);

/// Table 7.4.15.1-2 rows only the generic mgmtObj carries: mgmtSchema (mgd 0) and
/// mgmtLink (only where Annex D defines it: the CMDH specializations, not modelled here).
const MGMT_GENERIC: &[AttributeRule] = &[
    a("mgmtSchema", "mgs", "xs:anyURI", AnyUri, O, NP),
    a("mgmtLink", "cmlk", "m2m:mgmtLinkRef", Object, O, O),
];
joined!(MGMT_OBJ_ATTRS = &MGMT_HEAD, MGMT_GENERIC);

/// The generic `<mgmtObj>` (ty 13, no mgd): Tables 7.4.15.1-1 and 7.4.15.1-2.
pub(super) static MGMT_OBJ: ResourceSchema = ResourceSchema {
    ty: 13,
    mgd: None,
    root: "",
    attributes: &MGMT_OBJ_ATTRS,
    children: MGMT_CHILDREN,
};

macro_rules! specialization {
    ($name:ident, $attrs:ident, $mgd:literal, $root:literal, $specific:expr) => {
        joined!($attrs = &MGMT_HEAD, $specific);
        pub(super) static $name: ResourceSchema = ResourceSchema {
            ty: 13,
            mgd: Some($mgd),
            root: $root,
            attributes: &$attrs,
            children: MGMT_CHILDREN,
        };
    };
}

const ACTION_STATUS: &str = "m2m:actionStatus";
/// m2m:scheduleEntries values (dataCollection).
const OBJECTS: ValueKind = ValueKind::List(&ValueKind::Object);
/// m2m:suid values (myCertFileCred SUIDs).
const SUIDS: ValueKind = ValueKind::List(&ValueKind::Enum(enums::SUID));

// ---- TS-0004 Annex D

specialization!(
    FIRMWARE,
    FWR_ATTRS,
    1001,
    "m2m:fwr",
    &[
        a("version", "vr", "xs:string", STR, M, O),
        a("firmwareName", "fwn", "xs:string", STR, M, O),
        a("URL", "url", "xs:anyURI", AnyUri, M, O),
        a("update", "ud", "xs:boolean", Boolean, M, O),
        a("updateStatus", "uds", ACTION_STATUS, Object, NP, O),
    ]
);

specialization!(
    SOFTWARE,
    SWR_ATTRS,
    1002,
    "m2m:swr",
    &[
        a("version", "vr", "xs:string", STR, M, O),
        a("softwareName", "swn", "xs:string", STR, M, O),
        a("URL", "url", "xs:anyURI", AnyUri, M, O),
        a("install", "in", "xs:boolean", Boolean, NP, O),
        a("uninstall", "un", "xs:boolean", Boolean, NP, O),
        a("installStatus", "ins", ACTION_STATUS, Object, NP, O),
        a("activate", "act", "xs:boolean", Boolean, NP, O),
        a("deactivate", "dea", "xs:boolean", Boolean, NP, O),
        a("activeStatus", "acts", ACTION_STATUS, Object, NP, O),
    ]
);

specialization!(
    MEMORY,
    MEM_ATTRS,
    1003,
    "m2m:mem",
    &[
        a("memAvailable", "mma", "xs:unsignedLong", UnsignedLong, M, O),
        a("memTotal", "mmt", "xs:unsignedLong", UnsignedLong, M, O),
    ]
);

specialization!(
    AREA_NWK_INFO,
    ANI_ATTRS,
    1004,
    "m2m:ani",
    &[
        a("areaNwkType", "ant", "xs:string", STR, M, O),
        a("listOfDevices", "ldv", "m2m:listOfURIs", URIS, O, O),
    ]
);

specialization!(
    AREA_NWK_DEVICE_INFO,
    ANDI_ATTRS,
    1005,
    "m2m:andi",
    &[
        a("devID", "dvd", "xs:string", STR, M, O),
        a("devType", "dvt", "xs:string", STR, M, O),
        a("areaNwkId", "awi", "xs:anyURI", AnyUri, M, O),
        a(
            "sleepInterval",
            "sli",
            "xs:nonNegativeInteger",
            NonNegativeInteger,
            O,
            O
        ),
        a(
            "sleepDuration",
            "sld",
            "xs:nonNegativeInteger",
            NonNegativeInteger,
            O,
            O
        ),
        a("devStatus", "ss", "xs:string", STR, O, O),
        a("listOfNeighbors", "lnh", "m2m:listOfURIs", URIS, O, O),
    ]
);

specialization!(
    BATTERY,
    BAT_ATTRS,
    1006,
    "m2m:bat",
    &[
        // D.7: "Range: 0-100".
        a("batteryLevel", "btl", "xs:unsignedInt", Range(0, 100), M, O),
        a(
            "batteryStatus",
            "bts",
            "m2m:batteryStatus",
            ValueKind::Enum(enums::BATTERY_STATUS),
            M,
            O
        ),
    ]
);

specialization!(
    DEVICE_INFO,
    DVI_ATTRS,
    1007,
    "m2m:dvi",
    &[
        a("deviceLabel", "dlb", "xs:string", STR, M, O),
        a("manufacturer", "man", "xs:string", STR, M, NP),
        a("manufacturerDetailsLink", "mfdl", "xs:string", STR, O, O),
        a(
            "manufacturingDate",
            "mfd",
            "m2m:timestamp",
            Timestamp,
            O,
            NP
        ),
        a("model", "mod", "xs:string", STR, M, NP),
        a("subModel", "smod", "xs:string", STR, O, NP),
        a("deviceType", "dty", "xs:string", STR, M, O),
        a("deviceName", "dvnm", "xs:string", STR, O, O),
        a("fwVersion", "fwv", "xs:string", STR, O, O),
        a("swVersion", "swv", "xs:string", STR, O, O),
        a("hwVersion", "hwv", "xs:string", STR, O, NP),
        a("osVersion", "osv", "xs:string", STR, O, O),
        a("country", "cnty", "xs:string", STR, O, NP),
        a("location", "loc", "xs:string", STR, O, O),
        a("systemTime", "syst", "m2m:timestamp", Timestamp, O, O),
        a("supportURL", "spur", "xs:anyURI", AnyUri, O, O),
        a("presentationURL", "purl", "xs:anyURI", AnyUri, O, O),
        // 6.3.3: a list of MIME types.
        a("protocol", "ptl", "m2m:protocolList", STRINGS, O, O),
    ]
);

specialization!(
    DEVICE_CAPABILITY,
    DVC_ATTRS,
    1008,
    "m2m:dvc",
    &[
        a("capabilityName", "can", "xs:string", STR, M, O),
        a("attached", "att", "xs:boolean", Boolean, M, O),
        a("capabilityActionStatus", "cas", ACTION_STATUS, Object, M, O),
        a("currentState", "cus", "xs:boolean", Boolean, M, O),
        a("enable", "ena", "xs:boolean", Boolean, O, O),
        a("disable", "dis", "xs:boolean", Boolean, O, O),
    ]
);

specialization!(
    REBOOT,
    RBO_ATTRS,
    1009,
    "m2m:rbo",
    &[
        a("reboot", "rbo", "xs:boolean", Boolean, O, O),
        a("factoryReset", "far", "xs:boolean", Boolean, O, O),
    ]
);

specialization!(
    EVENT_LOG,
    EVL_ATTRS,
    1010,
    "m2m:evl",
    &[
        a(
            "logTypeId",
            "lgt",
            "m2m:logTypeId",
            ValueKind::Enum(enums::LOG_TYPE_ID),
            M,
            O
        ),
        a("logData", "lgd", "xs:string", STR, M, O),
        a(
            "logStatus",
            "lgst",
            "m2m:logStatus",
            ValueKind::Enum(enums::LOG_STATUS),
            M,
            O
        ),
        a("logStart", "lga", "xs:boolean", Boolean, O, O),
        a("logStop", "lgo", "xs:boolean", Boolean, O, O),
    ]
);

// ---- TS-0022 (reference §2.4; data types are the reference's "Type (ACME)" cells)

specialization!(
    DATA_COLLECTION,
    DATC_ATTRS,
    1021,
    "dcfg:datc",
    &[
        a("containerPath", "cntp", "string", STR, M, O),
        a(
            "reportingSchedule",
            "rpsc",
            "list of m2m:scheduleEntries",
            OBJECTS,
            O,
            O
        ),
        a(
            "measurementSchedule",
            "mesc",
            "list of m2m:scheduleEntries",
            OBJECTS,
            O,
            O
        ),
        a(
            "measurementInterval",
            "meil",
            "positiveInteger",
            PositiveInteger,
            O,
            O
        ),
    ]
);

specialization!(
    MY_CERT_FILE_CRED,
    NYCFC_ATTRS,
    1023,
    "dcfg:nycfc",
    &[
        a("SUIDs", "suids", "list of enum (m2m:suid)", SUIDS, M, O),
        a("myCertFileFormat", "mcff", "anyURI", AnyUri, M, NP),
        a("myCertFileContent", "mcfc", "string", STR, M, NP),
    ]
);

specialization!(
    WIFI_CLIENT,
    WIFIC_ATTRS,
    1028,
    "dcfg:wific",
    &[
        a("ssid", "ssid", "string", STR, M, O),
        a("credentials", "wcrds", "dcfg:wifiCredentials", Object, O, O),
        a("macAddress", "maca", "string", STR, O, O),
        a("channel", "chanl", "string", STR, O, O),
        a(
            "connectionStatus",
            "cons",
            "enum dcfg:wifiConnectionStatus",
            ValueKind::Enum(enums::WIFI_CONNECTION_STATUS),
            O,
            O,
        ),
        a("scan", "scan", "boolean", Boolean, M, O),
        a("scanResult", "scanr", "list of string", STRINGS, O, O),
        a("update", "ud", "boolean", Boolean, O, O),
        a("updateStatus", "uds", ACTION_STATUS, Object, NP, O),
        a("toggleRadioStatus", "trdst", "boolean", Boolean, O, O),
        a("radioStatus", "rdst", "boolean", Boolean, O, O),
    ]
);

specialization!(
    CREDENTIALS,
    CRDS_ATTRS,
    1029,
    "dcfg:crds",
    &[
        a("purpose", "pur", "string", STR, O, O),
        a("credentialID", "crid", "string", STR, O, O),
        a("credentialSecret", "crse", "string", STR, O, O),
        a("credentialToken", "crtk", "string", STR, O, O),
    ]
);

specialization!(
    SIM,
    SIM_ATTRS,
    1030,
    "dcfg:sim",
    &[
        a("imsi", "imsi", "imsi", STR, O, O),
        a("iccid", "icid", "iccid", STR, M, O),
        a(
            "simStatus",
            "sist",
            "enum dcfg:simStatus",
            ValueKind::Enum(enums::SIM_STATUS),
            O,
            O
        ),
        a(
            "simType",
            "sity",
            "enum dcfg:simType",
            ValueKind::Enum(enums::SIM_TYPE),
            O,
            O
        ),
        a("serviceProviderName", "spn", "string", STR, O, O),
    ]
);

specialization!(
    MOBILE_NETWORK,
    MNWK_ATTRS,
    1031,
    "dcfg:mnwk",
    &[
        a(
            "cellularNetworkBearer",
            "cnb",
            "enum dcfg:cellularNetworkBearer",
            ValueKind::Enum(enums::CELLULAR_NETWORK_BEARER),
            M,
            O,
        ),
        a("radioSignalStrength", "rss", "integer", Integer, O, O),
        a("linkQuality", "liqu", "integer", Integer, O, O),
        a(
            "ipAddresses",
            "ipad",
            "list of m2m:ipAddress",
            STRINGS,
            O,
            O
        ),
        a(
            "routerIPAddresses",
            "ripa",
            "list of m2m:ipAddress",
            STRINGS,
            O,
            O
        ),
        // The reference gives type "string" with cardinality "01L"; the type column wins here.
        a("apn", "apna", "string", STR, O, O),
        a("cellID", "ceid", "integer", Integer, O, O),
        a("smnc", "smnc", "integer", Integer, O, O),
        a("smcc", "smcc", "integer", Integer, O, O),
        a("lac", "lac", "integer", Integer, O, O),
        // The reference lists no values for dcfg:coverageEnhancementLevel: any integer.
        a(
            "coverageEnhancementLevel",
            "coel",
            "enum dcfg:coverageEnhancementLevel",
            Integer,
            O,
            O
        ),
    ]
);
