//! parse_query: fields, decoding, errors.

use crate::filter::{FilterCriteria, QueryError, QueryParameters, parse_query};

fn filter(query: &str) -> FilterCriteria {
    parse_query(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .filter
        .unwrap_or_else(|| panic!("{query}: no filter"))
}

fn error(query: &str) -> QueryError {
    match parse_query(query) {
        Ok(p) => panic!("{query} parsed: {p:?}"),
        Err(e) => e,
    }
}

fn s(v: &str) -> String {
    v.to_owned()
}

#[test]
fn empty_query_is_no_parameters() {
    assert_eq!(parse_query(""), Ok(QueryParameters::default()));
    assert_eq!(parse_query("?"), Ok(QueryParameters::default()));
    assert_eq!(parse_query("&&"), Ok(QueryParameters::default()));
}

#[test]
fn ts_0009_examples() {
    // Example 1.
    let p = parse_query("rt=1&rp=P1Y2M3DT10H1M0S").unwrap();
    assert_eq!(p.rt, Some(1));
    assert_eq!(p.rp.as_deref(), Some("P1Y2M3DT10H1M0S"));
    assert_eq!(p.filter, None);
    // Example 2.
    let f = filter("ty=3&cr=Sam&fu=1");
    assert_eq!(f.ty, vec![3]);
    assert_eq!(f.attributes, vec![(s("cr"), s("Sam"))]);
    assert!(f.is_discovery());
    // Example 3: a percent-encoded SPARQL query.
    let f = filter(
        "smf=PREFIX%20rdf%3A%20%3Chttp%3A%2F%2Fwww.w3.org%2F1999%2F02%2F22-rdf-syntax-ns%23%3E%20SELECT%20%3Fcar%20WHERE%20%7B%20%3Fcar%20rdf%3Atype%20myOnt%3ACar%20%7D&fu=1",
    );
    assert_eq!(
        f.smf,
        vec![s(
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT ?car WHERE { ?car rdf:type myOnt:Car }"
        )]
    );
    // The attribute list of a partial retrieve.
    assert_eq!(
        parse_query("atrl=ri+lbl+rr").unwrap().atrl,
        vec![s("ri"), s("lbl"), s("rr")]
    );
}

#[test]
fn primitive_parameters() {
    let p = parse_query("rcn=12&rt=4&da=0&drt=2&rids=r1+r2&rids=r3&tids=t1&ltids=l1+l2&tqi=1&asi=false&auri=true&sqi=0")
        .unwrap();
    let expected = QueryParameters {
        rcn: Some(12),
        rt: Some(4),
        da: Some(false),
        drt: Some(2),
        rids: vec![s("r1"), s("r2"), s("r3")],
        tids: vec![s("t1")],
        ltids: vec![s("l1"), s("l2")],
        tqi: Some(true),
        asi: Some(false),
        auri: Some(true),
        sqi: Some(false),
        ..QueryParameters::default()
    };
    assert_eq!(p, expected);
}

#[test]
fn every_filter_field() {
    let f = filter(
        "crb=20200102T000000&cra=20200101T000000,5&ms=20200101T000000&us=20200102T000000\
         &sts=9&stb=0&exb=20300101T000000&exa=20250101T000000&lbl=a+b&lbl=c&clbl=k&palb=p\
         &lbq=color+EQ+red&ty=2+3&ty=4&chty=4&pty=2&sza=0&szb=10&cty=text%2Fplain\
         &lim=5&fu=2&fo=2&lvl=1&ofst=3&smf=q&cfs=1&cfq=%24.a&arp=..%2Fla",
    );
    let expected = FilterCriteria {
        crb: Some(s("20200102T000000")),
        cra: Some(s("20200101T000000,5")),
        ms: Some(s("20200101T000000")),
        us: Some(s("20200102T000000")),
        sts: Some(9),
        stb: Some(0),
        exb: Some(s("20300101T000000")),
        exa: Some(s("20250101T000000")),
        lbl: vec![s("a"), s("b"), s("c")],
        clbl: vec![s("k")],
        palb: vec![s("p")],
        lbq: Some(s("color EQ red")),
        ty: vec![2, 3, 4],
        chty: vec![4],
        pty: vec![2],
        sza: Some(0),
        szb: Some(10),
        cty: vec![s("text/plain")],
        lim: Some(5),
        fu: Some(2),
        fo: Some(2),
        lvl: Some(1),
        ofst: Some(3),
        smf: vec![s("q")],
        cfs: Some(1),
        cfq: Some(s("$.a")),
        arp: Some(s("../la")),
        ..FilterCriteria::default()
    };
    assert_eq!(f, expected);
}

#[test]
fn attribute_conditions() {
    let f = filter("cr=Sam+Bob&mgd=1007&c.rn=cin%2B1&p.rn=&cr=Eve");
    assert_eq!(
        f.attributes,
        vec![
            (s("cr"), s("Sam")),
            (s("cr"), s("Bob")),
            (s("mgd"), s("1007")),
            (s("cr"), s("Eve"))
        ]
    );
    assert_eq!(f.child_attributes, vec![(s("rn"), s("cin+1"))]);
    assert_eq!(f.parent_attributes, vec![(s("rn"), s(""))]);
    // A name without `=` is a condition on the empty value; eventCategory is both a
    // primitive parameter and an attribute, so it is an attribute condition.
    let f = filter("rr&ec=2");
    assert_eq!(f.attributes, vec![(s("rr"), s("")), (s("ec"), s("2"))]);
}

#[test]
fn plus_and_percent_encoding() {
    // `+` separates list items, `%2B` is a plus, `%20` a space inside an item.
    assert_eq!(filter("lbl=a%2Bb+c%20d").lbl, vec![s("a+b"), s("c d")]);
    assert_eq!(filter("ty=2++3").ty, vec![2, 3]);
    assert_eq!(filter("ty=").ty, Vec::<u32>::new());
    // In single values `+` is a space.
    assert_eq!(
        parse_query("rp=a+b%2Bc").unwrap().rp.as_deref(),
        Some("a b+c")
    );
    assert_eq!(filter("smf=SELECT+%3Fx").smf, vec![s("SELECT ?x")]);
    // Names are decoded too; UTF-8 survives.
    assert_eq!(filter("%74y=4").ty, vec![4]);
    assert_eq!(filter("lbl=%C3%BCber").lbl, vec![s("über")]);
    assert_eq!(filter("lbl=über").lbl, vec![s("über")]);
}

#[test]
fn filter_is_some_only_with_a_filter_field() {
    assert_eq!(parse_query("rcn=1&drt=1&atrl=ri").unwrap().filter, None);
    assert!(parse_query("fu=1").unwrap().filter.is_some());
    assert!(parse_query("lim=0").unwrap().filter.is_some());
    assert!(parse_query("lbl=").unwrap().filter.is_some());
}

#[test]
fn is_discovery_only_for_fu_1() {
    assert!(filter("fu=1").is_discovery());
    assert!(!filter("fu=2").is_discovery());
    assert!(!filter("fu=3").is_discovery());
    assert!(!filter("ty=1").is_discovery());
}

#[test]
fn repeated_single_fields_are_errors() {
    for q in [
        "rt=1&rt=1",
        "fu=1&fu=1",
        "crb=20200101T000000&crb=20200101T000000",
        "lim=1&lim=2",
        "da=1&da=0",
        "rp=a&rp=b",
    ] {
        let e = error(q);
        assert!(e.reason.contains("more than once"), "{q}: {e}");
    }
    // List fields accumulate.
    assert_eq!(filter("ty=1&ty=2+3&lbl=a&lbl=b").ty, vec![1, 2, 3]);
    assert_eq!(filter("smf=a&smf=b").smf, vec![s("a"), s("b")]);
}

#[test]
fn numbers_and_enums_are_checked() {
    let e = error("ty=abc");
    assert_eq!(e.to_string(), "query parameter `ty`: not a number");
    assert_eq!(
        e,
        QueryError {
            parameter: s("ty"),
            reason: s("not a number")
        }
    );
    for q in [
        "ty=2+x", "ty=-1", "lim=%2B5", "lim=", "lim=1.5", "sts=", "rcn=one", "ty=%201",
    ] {
        assert_eq!(error(q).reason, "not a number", "{q}");
    }
    for q in [
        "ty=4294967296",
        "lim=99999999999",
        "sza=18446744073709551616",
    ] {
        assert_eq!(error(q).reason, "number too large", "{q}");
    }
    for (q, name) in [
        ("fu=0", "fu"),
        ("fu=4", "fu"),
        ("fo=0", "fo"),
        ("fo=4", "fo"),
        ("drt=0", "drt"),
        ("drt=3", "drt"),
        ("rt=0", "rt"),
        ("rt=5", "rt"),
        ("rcn=13", "rcn"),
        ("cfs=2&cfq=x", "cfs"),
    ] {
        let e = error(q);
        assert_eq!(e.parameter, name, "{q}");
        assert!(e.reason.contains("is not a"), "{q}: {e}");
    }
    assert_eq!(
        error("fu=4").to_string(),
        "query parameter `fu`: 4 is not a filterUsage (1..=3)"
    );
    assert_eq!(parse_query("rcn=0").unwrap().rcn, Some(0));
    assert_eq!(filter("fo=3").fo, Some(3));
    // xs:positiveInteger fields refuse 0.
    for q in ["sts=0", "szb=0", "lvl=0", "ofst=0"] {
        assert_eq!(error(q).reason, "must be a positive integer", "{q}");
    }
}

#[test]
fn other_value_errors() {
    assert!(error("da=yes").reason.contains("not a boolean"));
    assert!(error("crb=2020-01-01").reason.contains("timestamp"));
    assert!(error("exa=20200101T000000Z").reason.contains("timestamp"));
    assert!(error("lbq=a+b").reason.contains("labelsQuery"));
    assert_eq!(error("lbl=%zz").reason, "malformed percent-encoding");
    assert_eq!(error("lbl=%4").reason, "malformed percent-encoding");
    assert_eq!(
        error("cr=%FF").reason,
        "percent-encoding does not decode to UTF-8"
    );
    assert_eq!(error("%G0=1").parameter, "%G0");
    assert_eq!(error("=1").reason, "empty parameter name");
    assert_eq!(error("c.=1").reason, "empty attribute name");
    let e = error("cfs=1");
    assert_eq!(e.parameter, "cfq");
}

#[test]
fn names_that_are_not_attribute_conditions() {
    assert!(error("atr=x").reason.contains("not used itself"));
    for name in ["ct", "lt", "st", "et", "cs", "cnf", "c.lbl", "p.ty", "c.ct"] {
        let e = error(&format!("{name}=1"));
        assert!(e.reason.contains("7.3.3.17.9"), "{name}: {e}");
    }
    for name in [
        "rqi", "fr", "to", "ot", "rqet", "rset", "oet", "gid", "fc", "rvi", "vsi", "rsc",
    ] {
        let e = error(&format!("{name}=1"));
        assert!(e.reason.contains("primitive parameter"), "{name}: {e}");
    }
    // Primitive parameters that are also resource attributes stay attribute conditions.
    assert_eq!(filter("op=1").attributes, vec![(s("op"), s("1"))]);
    assert_eq!(filter("pc=1").attributes, vec![(s("pc"), s("1"))]);
}
