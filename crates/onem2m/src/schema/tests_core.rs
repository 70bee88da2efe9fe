//! The resource types of TS-0004 7.4 (and the generic mgmtObj) checked row by row against
//! their Universal/Common, Resource Specific and Child resources tables; roots, short names
//! and the lookup functions.

use super::spec_table::{CU, CUD, Cols, Part, Source, check_schema, part, table};
use super::{Optionality, ResourceSchema, all, schema, schema_by_root};
use crate::ResourceType;
use crate::short_names::attribute_short_name;

use Source::Ts0004;

/// Child resource types that are virtual (no resource type code) or otherwise not stored.
const VIRTUAL_CHILDREN: &[(&str, &str)] = &[
    (
        "latest",
        "virtual resource <latest> (7.4.27), no resource type code",
    ),
    (
        "oldest",
        "virtual resource <oldest> (7.4.28), no resource type code",
    ),
    (
        "fanOutPoint",
        "virtual resource <fanOutPoint> (7.4.14), no resource type code",
    ),
    (
        "semanticFanOutPoint",
        "virtual resource <semanticFanOutPoint> (7.4.35), no resource type code",
    ),
    (
        "notificationTargetSelfReference",
        "virtual resource <notificationTargetSelfReference> (7.4.33), no resource type code",
    ),
];

/// The resource type codes of a child resources table, in its order, virtual ones left out.
fn children(title: &'static str) -> Vec<u32> {
    let rows = table(Ts0004(title));
    assert!(!rows.is_empty(), "{title}");
    rows.iter()
        .map(|r| r[0].trim_start_matches('<').trim_end_matches('>'))
        .filter(|name| !VIRTUAL_CHILDREN.iter().any(|(v, _)| v == name))
        .map(|name| {
            ResourceType::ALL
                .iter()
                .find(|t| t.name() == name)
                .unwrap_or_else(|| panic!("{title}: unknown child type {name}"))
                .code()
        })
        .collect()
}

struct Core {
    ty: u32,
    name: &'static str,
    parts: &'static [Part],
    children: &'static str,
}

const AE_SPECIFIC: Cols = Cols {
    short: None,
    data_type: Some(6),
    create: Some(2),
    update: Some(4),
};
const MGC_SPECIFIC: Cols = Cols {
    short: None,
    data_type: Some(5),
    create: Some(1),
    update: Some(3),
};
const UPDATE_ONLY: Cols = Cols {
    short: None,
    data_type: None,
    create: None,
    update: Some(1),
};
const CORE: &[Core] = &[
    Core {
        ty: 1,
        name: "accessControlPolicy",
        parts: &[
            part(
                Ts0004("7.4.2.1-2: Universal/Common Attributes of <accessControlPolicy>"),
                CU,
            ),
            part(
                Ts0004("7.4.2.1-3: Resource Specific Attributes of <accessControlPolicy>"),
                CUD,
            ),
        ],
        children: "7.4.2.1-4: Child Resources of <accessControlPolicy> resource",
    },
    Core {
        ty: 5,
        name: "CSEBase",
        parts: &[
            part(
                Ts0004("7.4.3.1-2: Universal/Common Attributes of <CSEBase>"),
                Cols {
                    short: None,
                    data_type: None,
                    create: None,
                    update: None,
                },
            ),
            part(
                Ts0004("7.4.3.1-3: Resource Specific Attributes of <CSEBase>"),
                Cols {
                    short: None,
                    data_type: Some(1),
                    create: None,
                    update: None,
                },
            ),
        ],
        children: "7.4.3.1-4: Child resources of <CSEBase> resource",
    },
    Core {
        ty: 2,
        name: "AE",
        parts: &[
            part(Ts0004("7.4.5.1-2: Universal/Common Attributes of <AE>"), CU),
            part(
                Ts0004("7.4.5.1-3: Resource Specific Attributes of <AE>"),
                AE_SPECIFIC,
            ),
        ],
        children: "7.4.5.1-4: Child resources of <AE> resource",
    },
    Core {
        ty: 3,
        name: "container",
        parts: &[
            part(
                Ts0004("7.4.6.1-2: Universal/Common Attributes of <container>"),
                CU,
            ),
            part(
                Ts0004("7.4.6.1-3: Resource Specific Attributes of <container>"),
                CUD,
            ),
        ],
        children: "7.4.6.1-4: Child resources of <container> resource",
    },
    Core {
        ty: 4,
        name: "contentInstance",
        parts: &[
            part(
                Ts0004("7.4.7.1-2: Universal/Common Attributes of <contentInstance>"),
                Cols {
                    short: None,
                    data_type: None,
                    create: Some(1),
                    update: None,
                },
            ),
            part(
                Ts0004("7.4.7.1-3: Resource Specific Attributes of <contentInstance>"),
                Cols {
                    short: None,
                    data_type: Some(2),
                    create: Some(1),
                    update: None,
                },
            ),
        ],
        children: "7.4.7.1-4: Child resources of <contentInstance> resource",
    },
    Core {
        ty: 23,
        name: "subscription",
        parts: &[
            part(
                Ts0004("7.4.8.1-2: Universal/Common Attributes of <subscription>"),
                CU,
            ),
            part(
                Ts0004("7.4.8.1-3: Resource Specific Attributes of <subscription>"),
                CUD,
            ),
        ],
        children: "7.4.8.1-4: Child resources of <subscription> resource",
    },
    Core {
        ty: 17,
        name: "request",
        parts: &[
            part(
                Ts0004("7.4.12.1-2: Universal/Common Attributes of <request>"),
                UPDATE_ONLY,
            ),
            part(
                Ts0004("7.4.12.1-3: Resource Specific Attributes of <request>"),
                CUD,
            ),
        ],
        children: "7.4.12.1-4: Reference of child resources",
    },
    Core {
        ty: 9,
        name: "group",
        parts: &[
            part(
                Ts0004("7.4.13.1-2: Universal/Common Attributes of <group>"),
                CU,
            ),
            part(
                Ts0004("7.4.13.1-3: Resource Specific Attributes of <group>"),
                CUD,
            ),
        ],
        children: "7.4.13.1-4: Child resources of <group> resource",
    },
    Core {
        ty: 13,
        name: "mgmtObj",
        parts: &[
            part(
                Ts0004("7.4.15.1-1: Universal/Common Attributes of <mgmtObj>"),
                CU,
            ),
            Part {
                source: Ts0004("7.4.15.1-2: Resource Specific Attributes of <mgmtObj>"),
                cols: CUD,
                omit: &[(
                    "[objectAttribute]",
                    "a placeholder for the attributes Annex D or mgmtSchema define",
                )],
            },
        ],
        children: "7.4.15.1-3: Child resources of <mgmtObj> resource",
    },
    Core {
        ty: 12,
        name: "mgmtCmd",
        parts: &[
            part(
                Ts0004("7.4.16.1-2: Universal/Common Attributes of <mgmtCmd>"),
                CU,
            ),
            part(
                Ts0004("7.4.16.1-3: Resource Specific Attributes of <mgmtCmd>"),
                MGC_SPECIFIC,
            ),
        ],
        children: "7.4.16.1-4: Child resources of <mgmtCmd> resource",
    },
    Core {
        ty: 8,
        name: "execInstance",
        parts: &[
            part(
                Ts0004("7.4.17.1-2: Universal/Common Attributes of <execInstance>"),
                UPDATE_ONLY,
            ),
            part(
                Ts0004("7.4.17.1-3: Resource Specific Attributes of <execInstance>"),
                Cols {
                    short: None,
                    data_type: Some(2),
                    create: None,
                    update: Some(1),
                },
            ),
        ],
        children: "7.4.17.1-4: Child Resources of <execInstance> resource",
    },
    Core {
        ty: 14,
        name: "node",
        parts: &[
            part(
                Ts0004("7.4.18.1-2: Universal/Common Attributes of <node>"),
                CU,
            ),
            part(
                Ts0004("7.4.18.1-3: Resource Specific Attributes of <node>"),
                CUD,
            ),
        ],
        children: "7.4.18.1-4: Child resources of <node> resource",
    },
];

fn core_schema(c: &Core) -> &'static ResourceSchema {
    schema(c.ty, None).unwrap_or_else(|| panic!("a schema for {}", c.name))
}

#[test]
fn core_attributes_are_the_7_4_tables_row_by_row() {
    for c in CORE {
        let counts = check_schema(c.name, core_schema(c), c.parts);
        println!("{}: rows checked {counts:?}", c.name);
        assert!(counts.iter().all(|n| *n > 0), "{}: an empty table", c.name);
    }
}

#[test]
fn core_children_are_the_child_resources_tables_row_by_row() {
    for c in CORE {
        assert_eq!(
            core_schema(c).children,
            children(c.children).as_slice(),
            "{}",
            c.name
        );
    }
}

#[test]
fn specializations_take_the_mgmt_obj_children() {
    let generic = children("7.4.15.1-3: Child resources of <mgmtObj> resource");
    for s in all().iter().filter(|s| s.mgd.is_some()) {
        assert_eq!(s.children, generic.as_slice(), "{}", s.root);
    }
}

#[test]
fn core_roots_are_the_type_short_names() {
    for c in CORE.iter().filter(|c| c.ty != 13) {
        let ty = ResourceType::from_code(c.ty).expect("a resource type");
        assert_eq!(ty.name(), c.name);
        let root = format!("m2m:{}", ty.short_name().expect("a short name"));
        assert_eq!(core_schema(c).root, root);
        assert_eq!(schema_by_root(&root).map(|s| s.ty), Some(c.ty));
    }
    // The generic mgmtObj has no short name in Table 8.2.4-1 and no root.
    assert_eq!(schema(13, None).map(|s| s.root), Some(""));
    assert!(schema_by_root("").is_none());
}

/// Attributes whose short name does not come from `attribute_short_name` as is.
const SHORT_NAME_EXCEPTIONS: &[(&str, &str)] = &[
    ("devID", "D.6 spells it devID; Table 8.2.3 spells it devId"),
    (
        "associatedCrossResourceSub",
        "short_names.rs transcribes the doubled-column Table 8.2.3-6 as (name, name, occurs \
         in): checked against the spec row instead",
    ),
];

#[test]
fn short_names_are_table_8_2_3() {
    let mut checked = 0;
    for s in all() {
        // TS-0022 attributes are checked against the reference tables (tests_mgmt).
        let own = if s.root.starts_with("dcfg:") {
            &s.attributes[..16]
        } else {
            s.attributes
        };
        for a in own {
            match a.long {
                "devID" => assert_eq!(attribute_short_name("devId"), Some(a.short)),
                "associatedCrossResourceSub" => {
                    let rows = table(Ts0004("8.2.3-6: Resource attribute short names (6/6)"));
                    let row = rows.iter().find(|r| r[0] == a.long).expect("the row");
                    assert_eq!(row[4], a.short);
                }
                long => assert_eq!(attribute_short_name(long), Some(a.short), "{long}"),
            }
            checked += 1;
        }
    }
    assert!(SHORT_NAME_EXCEPTIONS.iter().all(|(_, why)| !why.is_empty()));
    assert!(checked > 300, "{checked}");
}

#[test]
fn short_names_are_unique_within_a_schema() {
    for s in all() {
        for (i, a) in s.attributes.iter().enumerate() {
            assert!(
                s.attributes[i + 1..].iter().all(|b| b.short != a.short),
                "{} twice in {}",
                a.short,
                s.root
            );
            assert_eq!(s.attribute(a.short), Some(a));
        }
        assert_eq!(s.attribute("noSuchAttribute"), None);
    }
}

#[test]
fn lookups() {
    assert_eq!(schema(2, None).map(|s| s.root), Some("m2m:ae"));
    assert_eq!(schema(2, Some(1001)).map(|s| s.root), Some("m2m:ae"));
    assert_eq!(schema(13, Some(1007)).map(|s| s.root), Some("m2m:dvi"));
    assert!(schema(13, Some(0)).is_none());
    assert!(schema(13, Some(1011)).is_none());
    assert!(schema(99, None).is_none());
    assert_eq!(schema_by_root("m2m:cnt").map(|s| s.ty), Some(3));
    assert_eq!(schema_by_root("m2m:fwr").and_then(|s| s.mgd), Some(1001));
    assert!(schema_by_root("m2m:nope").is_none());
    let ae = schema(2, None).expect("AE");
    let api = ae.attribute("api").expect("App-ID");
    assert_eq!(
        (api.long, api.create, api.update),
        ("App-ID", Optionality::Mandatory, Optionality::NotPresent)
    );
    assert_eq!(all().len(), 28);
}

#[test]
fn not_creatable_resources_say_so() {
    use Optionality::NotPresent as NP;
    let cb = schema(5, None).expect("CSEBase");
    assert!(
        cb.attributes
            .iter()
            .all(|a| a.create == NP && a.update == NP)
    );
    for ty in [8, 17] {
        let s = schema(ty, None).expect("a schema");
        assert!(s.attributes.iter().all(|a| a.create == NP), "{ty}");
    }
    let exin = schema(8, None).expect("execInstance");
    assert_eq!(
        exin.attribute("exd").map(|a| a.update),
        Some(Optionality::Optional)
    );
    let cin = schema(4, None).expect("contentInstance");
    assert!(cin.attributes.iter().all(|a| a.update == NP));
    assert_eq!(
        cin.attribute("con").map(|a| a.create),
        Some(Optionality::Mandatory)
    );
}
