//! mgmtObj specializations checked row by row: TS-0004 Annex D tables (and the reference
//! §2.3 restatement of them), the TS-0022 tables of reference §2.4, mgd values and JSON
//! roots; the enumerations; and the consistency of kinds across data types.

use super::spec_table::{CU, CUD, Cols, Part, Source, check_rules, check_schema, part, table};
use super::{MGMT_DEFINITIONS, Optionality, ResourceSchema, ValueKind, all, enums};
use super::{mgmt_schema_by_root, schema};
use crate::TYPE_SHORT_NAMES;

use Source::{Reference, Ts0004};

const MGMT_UNIVERSAL: Part = part(
    Ts0004("7.4.15.1-1: Universal/Common Attributes of <mgmtObj>"),
    CU,
);

/// Reference §2.3 tables: long, short, data type, Create, Update.
const REF_D: Cols = Cols {
    short: Some(1),
    data_type: Some(2),
    create: Some(3),
    update: Some(4),
};
/// Reference §2.4 tables: long, short, type, cardinality, Create, Update.
const REF_TS_0022: Cols = Cols {
    short: Some(1),
    data_type: Some(2),
    create: Some(4),
    update: Some(5),
};

/// (mgd, Annex D table title, reference heading) for the TS-0004 specializations.
const ANNEX_D: &[(u32, &str, &str)] = &[
    (
        1001,
        "D.2.1-2: Resource specific attributes of [firmware]",
        "#### [firmware] ",
    ),
    (
        1002,
        "D.3.1-2: Resource specific attributes of [software]",
        "#### [software] ",
    ),
    (
        1003,
        "D.4.1-2: Resource specific attributes of [memory]",
        "#### [memory] ",
    ),
    (
        1004,
        "D.5.1-2: Resource specific attributes of [areaNwkInfo]",
        "#### [areaNwkInfo] ",
    ),
    (
        1005,
        "D.6.1-2: Resource specific attributes of [areaNwkDeviceInfo]",
        "#### [areaNwkDeviceInfo] ",
    ),
    (
        1006,
        "D.7.1-2: Resource specific attributes of [battery]",
        "#### [battery] ",
    ),
    (
        1007,
        "D.8.1-2: Resource specific attributes of [deviceInfo]",
        "#### [deviceInfo] ",
    ),
    (
        1008,
        "D.9.1-2: Resource specific attributes of [deviceCapability]",
        "#### [deviceCapability] ",
    ),
    (
        1009,
        "D.10.1-2: Resource specific attributes of [reboot]",
        "#### [reboot] ",
    ),
    (
        1010,
        "D.11.1-2: Resource specific attributes of [eventLog]",
        "#### [eventLog] ",
    ),
];

/// (mgd, reference heading) for the TS-0022 specializations.
const TS_0022: &[(u32, &str)] = &[
    (1021, "#### [dataCollection] "),
    (1023, "#### [myCertFileCred] "),
    (1028, "#### [wifiClient] "),
    (1029, "#### [credentials] "),
    (1030, "#### [SIM] "),
    (1031, "#### [mobileNetwork] "),
];

/// Universal/common (12) plus mgmtDefinition, objectIDs, objectPaths, description.
const HEAD: usize = 16;

fn mgmt(mgd: u32) -> &'static ResourceSchema {
    schema(13, Some(mgd)).unwrap_or_else(|| panic!("a schema for mgd {mgd}"))
}

#[test]
fn annex_d_specializations_are_the_annex_d_tables_row_by_row() {
    for (mgd, title, _) in ANNEX_D {
        let s = mgmt(*mgd);
        let counts = check_schema(s.root, s, &[MGMT_UNIVERSAL, part(Ts0004(title), CUD)]);
        println!("{}: rows checked {counts:?}", s.root);
        // Every Annex D table repeats the four mgmtObj rows first.
        let four: Vec<&str> = s.attributes[12..HEAD].iter().map(|a| a.long).collect();
        assert_eq!(
            four,
            ["mgmtDefinition", "objectIDs", "objectPaths", "description"]
        );
    }
}

#[test]
fn annex_d_specializations_match_reference_2_3_row_by_row() {
    for (mgd, _, heading) in ANNEX_D {
        let s = mgmt(*mgd);
        let counts = check_rules(
            s.root,
            &s.attributes[HEAD..],
            &[part(Reference(heading), REF_D)],
        );
        println!("{} (reference): rows checked {counts:?}", s.root);
    }
}

/// The rows of Table 7.4.15.1-2 a TS-0022 specialization does not carry.
const NOT_IN_SPECIALIZATIONS: &[(&str, &str)] = &[
    ("mgmtSchema", "only for mgmtDefinition 0 (self-defined)"),
    (
        "[objectAttribute]",
        "a placeholder for the specialization's own attributes",
    ),
    (
        "mgmtLink",
        "only where the specialization defines it; these do not",
    ),
];

#[test]
fn ts_0022_specializations_are_the_reference_tables_row_by_row() {
    for (mgd, heading) in TS_0022 {
        let s = mgmt(*mgd);
        let counts = check_schema(
            s.root,
            s,
            &[
                MGMT_UNIVERSAL,
                Part {
                    source: Ts0004("7.4.15.1-2: Resource Specific Attributes of <mgmtObj>"),
                    cols: CUD,
                    omit: NOT_IN_SPECIALIZATIONS,
                },
                part(Reference(heading), REF_TS_0022),
            ],
        );
        println!("{}: rows checked {counts:?}", s.root);
    }
}

#[test]
fn mgmt_obj_details_the_brief_calls_out() {
    use Optionality::{Mandatory as M, NotPresent as NP};
    for s in all().iter().filter(|s| s.ty == 13) {
        let mgd = s.attribute("mgd").expect("mgmtDefinition");
        assert_eq!((mgd.create, mgd.update), (M, NP), "{}", s.root);
    }
    let dvi = mgmt(1007);
    for short in ["man", "mod"] {
        assert_eq!(dvi.attribute(short).map(|a| a.update), Some(NP));
    }
    let bat = mgmt(1006).attribute("btl").expect("batteryLevel");
    assert_eq!(bat.kind, ValueKind::Range(0, 100));
}

/// The `####` heading of a specialization in reference §2.3/§2.4.
fn reference_heading(name: &str) -> &'static str {
    let start = format!("#### [{name}] ");
    let mut found = super::spec_table::reference()
        .lines()
        .filter(|l| l.starts_with(&start));
    let line = found
        .next()
        .unwrap_or_else(|| panic!("a heading for {name}"));
    assert!(found.next().is_none(), "one heading for {name}");
    line
}

#[test]
fn mgmt_definitions_are_the_reference_and_ts_0004() {
    // Reference §2.1: mgd | specialization | short name | defined in | namespace.
    let ref_rows = table(Reference("### 2.1 mgd enumeration"));
    let ts_rows = table(Ts0004("6.3.4.2.22-1: Interpretation of m2m:mgmtDefinition"));
    for (mgd, name, root) in MGMT_DEFINITIONS {
        let heading = reference_heading(name);
        assert!(
            heading.contains(&format!("mgd={mgd}, JSON root \"{root}\"")),
            "{heading}"
        );

        let row = ref_rows
            .iter()
            .find(|r| r[0] == mgd.to_string())
            .unwrap_or_else(|| panic!("{mgd} in reference §2.1"));
        let short = row[2].trim_end_matches(" [ACME]");
        assert_eq!(row[1], *name);
        assert_eq!(format!("{}:{short}", row[4]), *root);

        if let Some(r) = ts_rows.iter().find(|r| r[0] == mgd.to_string()) {
            assert_eq!(r[1].trim_start_matches('[').trim_end_matches(']'), *name);
        } else {
            assert!(*mgd > 1026, "{mgd} is not in Table 6.3.4.2.22-1");
        }
        if root.starts_with("m2m:") {
            let ts_short = TYPE_SHORT_NAMES
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, s)| *s);
            assert_eq!(ts_short.map(|s| format!("m2m:{s}")).as_deref(), Some(*root));
        }

        let s = mgmt(*mgd);
        assert_eq!((s.ty, s.mgd, s.root), (13, Some(*mgd), *root));
        assert!(std::ptr::eq(mgmt_schema_by_root(root).expect("by root"), s));
    }
    let specializations = all().iter().filter(|s| s.mgd.is_some()).count();
    assert_eq!(specializations, MGMT_DEFINITIONS.len());
    assert_eq!(ANNEX_D.len() + TS_0022.len(), MGMT_DEFINITIONS.len());
    assert!(mgmt_schema_by_root("m2m:ae").is_none());
}

/// The Value column of a TS-0004 enumeration table.
fn values(title: &'static str) -> Vec<i64> {
    table(Ts0004(title))
        .iter()
        .map(|r| {
            r[0].parse()
                .unwrap_or_else(|_| panic!("{title}: {:?}", r[0]))
        })
        .collect()
}

#[test]
fn enumerations_are_the_6_3_4_2_tables() {
    let tables: &[(&[i64], &str)] = &[
        (
            enums::CSE_TYPE_ID,
            "6.3.4.2.2-1: Interpretation of m2m:cseTypeID",
        ),
        (
            enums::OPERATION,
            "6.3.4.2.5-1: Interpretation of m2m:operation",
        ),
        (
            enums::REQUEST_STATUS,
            "6.3.4.2.10-1: Interpretation of m2m:requestStatus",
        ),
        (
            enums::CONSISTENCY_STRATEGY,
            "6.3.4.2.12-1: Interpretation of m2m:consistencyStrategy",
        ),
        (
            enums::CMD_TYPE,
            "6.3.4.2.13-1: Interpretation of m2m:cmdType",
        ),
        (
            enums::EXEC_MODE_TYPE,
            "6.3.4.2.14-1: Interpretation of m2m:execModeType",
        ),
        (
            enums::EXEC_STATUS_TYPE,
            "6.3.4.2.15-1: Interpretation of m2m:execStatusType",
        ),
        (
            enums::EXEC_RESULT_TYPE,
            "6.3.4.2.16-1: Interpretation of m2m:execResultType",
        ),
        (
            enums::PENDING_NOTIFICATION,
            "6.3.4.2.17-1: Interpretation of m2m:pendingNotification",
        ),
        (
            enums::NOTIFICATION_CONTENT_TYPE,
            "6.3.4.2.18-1: Interpretation of m2m:notificationContentType",
        ),
        (
            enums::BATTERY_STATUS,
            "6.3.4.2.21-1: Interpretation of m2m:batteryStatus",
        ),
        (
            enums::LOG_TYPE_ID,
            "6.3.4.2.23-1: Interpretation of m2m:logTypeId",
        ),
        (
            enums::LOG_STATUS,
            "6.3.4.2.24-1: Interpretation of m2m:logStatus",
        ),
        (enums::SUID, "6.3.4.2.39-1: Interpretation of m2m:suid"),
        (
            enums::AE_REGISTRATION_STATUS,
            "6.3.4.2.57-1: Interpretation of m2m:AERegistrationStatus",
        ),
    ];
    for (ours, title) in tables {
        assert_eq!(*ours, values(title).as_slice(), "{title}");
    }
}

#[test]
fn ts_0022_enumerations_are_the_reference_text() {
    // Reference §2.4: "`dcfg:simStatus` 0 inactive, 1 active; ...".
    let text = super::spec_table::reference();
    for (ours, name) in [
        (enums::WIFI_CONNECTION_STATUS, "dcfg:wifiConnectionStatus"),
        (enums::SIM_STATUS, "dcfg:simStatus"),
        (enums::SIM_TYPE, "dcfg:simType"),
        (enums::CELLULAR_NETWORK_BEARER, "dcfg:cellularNetworkBearer"),
    ] {
        let key = format!("`{name}` ");
        let at = text.find(&key).unwrap_or_else(|| panic!("{name}")) + key.len();
        let list = text[at..].split([';', '\n']).next().unwrap_or_default();
        let theirs: Vec<i64> = list
            .split(", ")
            .map(|item| {
                let n = item.split(' ').next().unwrap_or_default();
                n.parse().unwrap_or_else(|_| panic!("{name}: {item:?}"))
            })
            .collect();
        assert_eq!(ours, theirs.as_slice(), "{name}");
    }
}

/// Data types whose attributes deliberately differ in kind, with the reason.
const KIND_EXCEPTIONS: &[(&str, &str)] = &[("batteryLevel", "xs:unsignedInt with D.7 Range 0-100")];

#[test]
fn one_data_type_one_kind() {
    let rules: Vec<_> = all()
        .iter()
        .flat_map(|s| s.attributes.iter())
        .filter(|a| !KIND_EXCEPTIONS.iter().any(|(n, _)| *n == a.long))
        .collect();
    for a in &rules {
        for b in &rules {
            if a.data_type.is_empty() && b.data_type.is_empty() && a.long == b.long {
                assert_eq!(a.kind, b.kind, "universal attribute {}", a.long);
            }
            if !a.data_type.is_empty() && a.data_type == b.data_type {
                assert_eq!(a.kind, b.kind, "{} ({}) vs {}", a.long, a.data_type, b.long);
            }
        }
    }
}
