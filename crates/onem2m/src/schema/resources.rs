//! The general resource types of TS-0004 clause 7.4: accessControlPolicy (7.4.2), CSEBase
//! (7.4.3), AE (7.4.5), container (7.4.6), contentInstance (7.4.7), subscription (7.4.8),
//! request (7.4.12) and group (7.4.13).

use super::Optionality::{Mandatory as M, NotPresent as NP, Optional as O};
use super::ValueKind::{
    self, Any, AnyUri, Boolean, Integer, NonNegativeInteger, Object, PositiveInteger, Range,
    UnsignedInt,
};
use super::enums;
use super::rules::{
    AA, ACPI, AT, CR, CT, DACI, ET, LBL, LT, PI, RI, RN, ST, STR, STRINGS, TY, URIS, a, joined,
    with,
};
use super::{AttributeRule, ResourceSchema};

const INTEGERS: ValueKind = ValueKind::List(&ValueKind::Integer);

// ---- accessControlPolicy (7.4.2): no accessControlPolicyIDs of its own.

const ACP_UNIVERSAL: &[AttributeRule] = &[RN, TY, RI, PI, ET, LBL, CT, LT, AT, AA];
const ACP_SPECIFIC: &[AttributeRule] = &[
    a("privileges", "pv", "m2m:setOfAcrs", Object, M, O),
    a("selfPrivileges", "pvs", "m2m:setOfAcrs", Object, M, O),
    a(
        "authorizationDecisionResourceIDs",
        "adri",
        "m2m:listOfURIs",
        URIS,
        O,
        O,
    ),
    a(
        "authorizationPolicyResourceIDs",
        "apri",
        "m2m:listOfURIs",
        URIS,
        O,
        O,
    ),
    a(
        "authorizationInformationResourceIDs",
        "airi",
        "m2m:listOfURIs",
        URIS,
        O,
        O,
    ),
];
joined!(ACP_ATTRS = ACP_UNIVERSAL, ACP_SPECIFIC);

/// `<accessControlPolicy>`, ty 1.
pub(super) static ACCESS_CONTROL_POLICY: ResourceSchema = ResourceSchema {
    ty: 1,
    mgd: None,
    root: "m2m:acp",
    attributes: &ACP_ATTRS,
    children: &[23, 51],
};

// ---- CSEBase (7.4.3): the tables have no optionality columns; the resource can neither
// be created nor updated via API (7.4.3.2.1, 7.4.3.2.3), so every attribute is NP/NP.

const CB_UNIVERSAL: &[AttributeRule] = &[with(RN, NP, NP), TY, RI, PI, CT, LT, with(LBL, NP, NP)];
const CB_SPECIFIC: &[AttributeRule] = &[
    a(
        "accessControlPolicyIDs",
        "acpi",
        "m2m:acpType",
        STRINGS,
        NP,
        NP,
    ),
    a(
        "cseType",
        "cst",
        "m2m:cseTypeID",
        ValueKind::Enum(enums::CSE_TYPE_ID),
        NP,
        NP,
    ),
    a("CSE-ID", "csi", "m2m:ID", STR, NP, NP),
    a(
        "supportedResourceType",
        "srt",
        "list of m2m:resourceType",
        INTEGERS,
        NP,
        NP,
    ),
    a("pointOfAccess", "poa", "m2m:poaList", URIS, NP, NP),
    a("nodeLink", "nl", "xs:anyURI", AnyUri, NP, NP),
    a(
        "dynamicAuthorizationConsultationIDs",
        "daci",
        "list of xs:anyURI",
        URIS,
        NP,
        NP,
    ),
    a(
        "contentSerialization",
        "csz",
        "m2m:serializations",
        STRINGS,
        NP,
        NP,
    ),
    a("e2eSecInfo", "esi", "m2m:e2eSecInfo", Object, NP, NP),
    a(
        "supportedReleaseVersions",
        "srv",
        "m2m:supportedReleaseVersions",
        STRINGS,
        NP,
        NP,
    ),
];
joined!(CB_ATTRS = CB_UNIVERSAL, CB_SPECIFIC);

/// `<CSEBase>`, ty 5.
pub(super) static CSE_BASE: ResourceSchema = ResourceSchema {
    ty: 5,
    mgd: None,
    root: "m2m:cb",
    attributes: &CB_ATTRS,
    children: &[
        10005, 16, 10016, 14, 2, 3, 9, 1, 23, 12, 10, 22, 21, 17, 6, 18, 11, 19, 26, 34, 28, 29,
        31, 32, 35, 36, 37, 38, 40, 41, 43, 45, 48, 49, 50, 51,
    ],
};

// ---- AE (7.4.5)

const AE_UNIVERSAL: &[AttributeRule] = &[RN, TY, RI, PI, ACPI, CT, ET, LT, LBL, AT, AA, DACI];
const AE_SPECIFIC: &[AttributeRule] = &[
    a("appName", "apn", "xs:string", STR, O, O),
    a("App-ID", "api", "xs:string", STR, M, NP),
    a("AE-ID", "aei", "m2m:ID", STR, NP, NP),
    a("pointOfAccess", "poa", "m2m:poaList", URIS, O, O),
    a("ontologyRef", "or", "xs:anyURI", AnyUri, O, O),
    a("nodeLink", "nl", "xs:anyURI", AnyUri, O, O),
    a("requestReachability", "rr", "xs:boolean", Boolean, M, O),
    a(
        "contentSerialization",
        "csz",
        "m2m:serializations",
        STRINGS,
        O,
        O,
    ),
    a("e2eSecInfo", "esi", "m2m:e2eSecInfo", Object, O, O),
    a("M2M-Ext-ID", "mei", "m2m:externalID", STR, O, O),
    a(
        "supportedReleaseVersions",
        "srv",
        "m2m:supportedReleaseVersions",
        STRINGS,
        M,
        O,
    ),
    a(
        "registrationStatus",
        "regs",
        "m2m:AERegistrationStatus",
        ValueKind::Enum(enums::AE_REGISTRATION_STATUS),
        O,
        O,
    ),
    a(
        "trackRegistrationPoints",
        "trps",
        "xs:boolean",
        Boolean,
        O,
        O,
    ),
    // 6.3.3: media type/protocol pairs, an xs:list like m2m:labels.
    a(
        "sessionCapabilities",
        "scp",
        "m2m:sessionCapabilities",
        STRINGS,
        O,
        O,
    ),
    a("triggerEnable", "tren", "xs:boolean", Boolean, O, O),
    a(
        "activityPatternElements",
        "ape",
        "m2m:activityPatternElements",
        Object,
        O,
        O,
    ),
    // 6.3.3: a port number in the range 0 to 65535.
    a(
        "Trigger-Recipient-ID",
        "tri",
        "m2m:triggerRecipientID",
        Range(0, 65_535),
        O,
        O,
    ),
    a(
        "triggerReferenceNumber",
        "trn",
        "xs:unsignedInt",
        UnsignedInt,
        O,
        O,
    ),
];
joined!(AE_ATTRS = AE_UNIVERSAL, AE_SPECIFIC);

/// `<AE>`, ty 2.
pub(super) static AE: ResourceSchema = ResourceSchema {
    ty: 2,
    mgd: None,
    root: "m2m:ae",
    attributes: &AE_ATTRS,
    children: &[23, 3, 9, 1, 15, 24, 34, 28, 29, 41, 46, 47, 48, 50, 51],
};

// ---- container (7.4.6)

const CNT_UNIVERSAL: &[AttributeRule] =
    &[RN, TY, RI, PI, ACPI, CT, ET, LT, ST, LBL, AT, AA, DACI, CR];
const CNT_SPECIFIC: &[AttributeRule] = &[
    a(
        "maxNrOfInstances",
        "mni",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        O,
        O,
    ),
    a(
        "maxByteSize",
        "mbs",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        O,
        O,
    ),
    a(
        "maxInstanceAge",
        "mia",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        O,
        O,
    ),
    a(
        "currentNrOfInstances",
        "cni",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        NP,
        NP,
    ),
    a(
        "currentByteSize",
        "cbs",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        NP,
        NP,
    ),
    a("locationID", "li", "xs:anyURI", AnyUri, NP, NP),
    a("ontologyRef", "or", "xs:anyURI", AnyUri, O, O),
    a("disableRetrieval", "disr", "xs:boolean", Boolean, O, O),
];
joined!(CNT_ATTRS = CNT_UNIVERSAL, CNT_SPECIFIC);

/// `<container>`, ty 3.
pub(super) static CONTAINER: ResourceSchema = ResourceSchema {
    ty: 3,
    mgd: None,
    root: "m2m:cnt",
    attributes: &CNT_ATTRS,
    children: &[4, 23, 3, 24, 28, 29, 51],
};

// ---- contentInstance (7.4.7): the tables have only a Create column; a contentInstance
// shall not be updated via API (7.4.7.2.3), so Update is NP throughout.

const CIN_UNIVERSAL: &[AttributeRule] = &[
    with(RN, O, NP),
    TY,
    RI,
    PI,
    with(ET, O, NP),
    CT,
    LT,
    ST,
    with(LBL, O, NP),
    with(AT, O, NP),
    with(AA, O, NP),
    CR,
];
const CIN_SPECIFIC: &[AttributeRule] = &[
    a("contentInfo", "cnf", "m2m:contentInfo", STR, O, NP),
    a(
        "contentSize",
        "cs",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        NP,
        NP,
    ),
    a("contentRef", "conr", "m2m:contentRef", Object, O, NP),
    a("ontologyRef", "or", "xs:anyURI", AnyUri, O, NP),
    a("content", "con", "xs:anyType", Any, M, NP),
];
joined!(CIN_ATTRS = CIN_UNIVERSAL, CIN_SPECIFIC);

/// `<contentInstance>`, ty 4.
pub(super) static CONTENT_INSTANCE: ResourceSchema = ResourceSchema {
    ty: 4,
    mgd: None,
    root: "m2m:cin",
    attributes: &CIN_ATTRS,
    children: &[24, 51],
};

// ---- subscription (7.4.8)

const SUB_UNIVERSAL: &[AttributeRule] = &[RN, TY, RI, PI, ACPI, CT, ET, LT, LBL, DACI, CR];
const SUB_SPECIFIC: &[AttributeRule] = &[
    a(
        "eventNotificationCriteria",
        "enc",
        "m2m:eventNotificationCriteria",
        Object,
        O,
        O,
    ),
    a(
        "expirationCounter",
        "exc",
        "xs:positiveInteger",
        PositiveInteger,
        O,
        O,
    ),
    a("notificationURI", "nu", "list of xs:anyURI", URIS, M, O),
    a("groupID", "gpi", "xs:anyURI", AnyUri, O, O),
    a(
        "notificationForwardingURI",
        "nfu",
        "xs:anyURI",
        AnyUri,
        O,
        O,
    ),
    a("batchNotify", "bn", "m2m:batchNotify", Object, O, O),
    a("rateLimit", "rl", "m2m:rateLimit", Object, O, O),
    a(
        "preSubscriptionNotify",
        "psn",
        "xs:positiveInteger",
        PositiveInteger,
        O,
        NP,
    ),
    a(
        "pendingNotification",
        "pn",
        "m2m:pendingNotification",
        ValueKind::Enum(enums::PENDING_NOTIFICATION),
        O,
        O,
    ),
    a(
        "notificationStoragePriority",
        "nsp",
        "xs:positiveInteger",
        PositiveInteger,
        O,
        O,
    ),
    a("latestNotify", "ln", "xs:boolean", Boolean, O, O),
    a(
        "notificationContentType",
        "nct",
        "m2m:notificationContentType",
        ValueKind::Enum(enums::NOTIFICATION_CONTENT_TYPE),
        O,
        O,
    ),
    // 6.3.3: a m2m:stdEventCats value or a user-defined 100-999, so any integer here.
    a("notificationEventCat", "nec", "m2m:eventCat", Integer, O, O),
    a("subscriberURI", "su", "xs:anyURI", AnyUri, O, NP),
    a(
        "associatedCrossResourceSub",
        "acrs",
        "m2m:listOfURIs",
        URIS,
        O,
        O,
    ),
];
joined!(SUB_ATTRS = SUB_UNIVERSAL, SUB_SPECIFIC);

/// `<subscription>`, ty 23.
pub(super) static SUBSCRIPTION: ResourceSchema = ResourceSchema {
    ty: 23,
    mgd: None,
    root: "m2m:sub",
    attributes: &SUB_ATTRS,
    children: &[18, 25, 51],
};

// ---- request (7.4.12): the universal table has only an Update column; a request shall
// not be created via API (7.4.12.2.1), so Create is NP throughout.

const REQ_UNIVERSAL: &[AttributeRule] = &[
    with(RN, NP, NP),
    TY,
    RI,
    with(ET, NP, NP),
    PI,
    CT,
    LT,
    with(ACPI, NP, O),
    with(LBL, NP, NP),
    with(DACI, NP, O),
];
const REQ_SPECIFIC: &[AttributeRule] = &[
    a(
        "operation",
        "op",
        "m2m:operation",
        ValueKind::Enum(enums::OPERATION),
        NP,
        NP,
    ),
    a("target", "tg", "xs:anyURI", AnyUri, NP, NP),
    a("originator", "org", "m2m:ID", STR, NP, NP),
    a("requestID", "rid", "m2m:requestID", STR, NP, NP),
    a(
        "metaInformation",
        "mi",
        "m2m:metaInformation",
        Object,
        NP,
        NP,
    ),
    a(
        "primitiveContent",
        "pc",
        "m2m:primitiveContent",
        Any,
        NP,
        NP,
    ),
    a(
        "requestStatus",
        "rs",
        "m2m:requestStatus",
        ValueKind::Enum(enums::REQUEST_STATUS),
        NP,
        NP,
    ),
    a(
        "operationResult",
        "ors",
        "m2m:operationResult",
        Object,
        NP,
        NP,
    ),
];
joined!(REQ_ATTRS = REQ_UNIVERSAL, REQ_SPECIFIC);

/// `<request>`, ty 17.
pub(super) static REQUEST: ResourceSchema = ResourceSchema {
    ty: 17,
    mgd: None,
    root: "m2m:req",
    attributes: &REQ_ATTRS,
    children: &[23],
};

// ---- group (7.4.13)

const GRP_UNIVERSAL: &[AttributeRule] = &[RN, TY, RI, PI, ACPI, CT, ET, LT, LBL, AT, AA, DACI, CR];
const GRP_SPECIFIC: &[AttributeRule] = &[
    // 6.3.4.2.11: the resource type values plus 0 (mixed), as an integer.
    a("memberType", "mt", "m2m:memberType", Integer, O, NP),
    a(
        "specializationType",
        "spty",
        "m2m:specializationType",
        Object,
        O,
        NP,
    ),
    a(
        "currentNrOfMembers",
        "cnm",
        "xs:nonNegativeInteger",
        NonNegativeInteger,
        NP,
        NP,
    ),
    a(
        "maxNrOfMembers",
        "mnm",
        "xs:positiveInteger",
        PositiveInteger,
        M,
        O,
    ),
    a("memberIDs", "mid", "list of xs:anyURI", URIS, M, O),
    a(
        "membersAccessControlPolicyIDs",
        "macp",
        "m2m:listOfURIs",
        URIS,
        O,
        O,
    ),
    a("memberTypeValidated", "mtv", "xs:boolean", Boolean, NP, NP),
    a(
        "consistencyStrategy",
        "csy",
        "m2m:consistencyStrategy",
        ValueKind::Enum(enums::CONSISTENCY_STRATEGY),
        O,
        NP,
    ),
    a("groupName", "gn", "xs:string", STR, O, O),
    a(
        "semanticSupportIndicator",
        "ssi",
        "xs:boolean",
        Boolean,
        NP,
        NP,
    ),
    a("notifyAggregation", "nar", "m2m:batchNotify", Object, O, O),
];
joined!(GRP_ATTRS = GRP_UNIVERSAL, GRP_SPECIFIC);

/// `<group>`, ty 9.
pub(super) static GROUP: ResourceSchema = ResourceSchema {
    ty: 9,
    mgd: None,
    root: "m2m:grp",
    attributes: &GRP_ATTRS,
    children: &[23, 24, 51],
};
