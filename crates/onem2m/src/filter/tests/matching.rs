//! FilterCriteria::matches, condition by condition.

use serde_json::{Map, Value, json};

use crate::filter::{FilterCriteria, parse_query};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// A <contentInstance>-like resource.
fn cin() -> Map<String, Value> {
    obj(json!({
        "ty": 4, "ri": "cin1", "rn": "cin_1", "pi": "cnt1",
        "ct": "20200101T120000", "lt": "20200102T120000,250", "et": "20300101T000000",
        "st": 5, "cs": 100, "cnf": "text/plain:0", "lbl": ["a", "color:red"],
        "cr": "CAE-ID123", "con": "21.5", "rr": true, "mni": 10, "acpi": ["acp1", "acp2"]
    }))
}

fn fc(query: &str) -> FilterCriteria {
    parse_query(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .filter
        .unwrap_or_default()
}

fn matches(query: &str, resource: &Map<String, Value>) -> bool {
    fc(query).matches(resource, None, &[])
}

/// `query` matches the cin, `other` (the same condition, other value) does not.
fn check(query: &str, other: &str) {
    let r = cin();
    assert!(matches(query, &r), "{query} should match");
    assert!(!matches(other, &r), "{other} should not match");
}

#[test]
fn no_conditions_match_everything() {
    assert!(FilterCriteria::default().matches(&Map::new(), None, &[]));
    // Handling conditions are not matching conditions.
    assert!(matches("fu=1&lim=1&lvl=1&ofst=1&arp=la", &Map::new()));
    assert!(matches("fo=2", &Map::new()));
    assert!(matches("fo=3", &Map::new()));
}

#[test]
fn created_before_and_after() {
    // Table 7.3.3.17.0-1: creationTime < createdBefore, createdAfter <= creationTime.
    check("crb=20200101T120001", "crb=20200101T120000");
    check("cra=20200101T120000", "cra=20200101T120000,000001");
    check(
        "cra=20200101T000000&crb=20200102T000000",
        "cra=20200101T000000&crb=20200101T115959,9",
    );
}

#[test]
fn modified_since_and_unmodified_since() {
    // modifiedSince <= lastModifiedTime, lastModifiedTime < unmodifiedSince.
    check("ms=20200102T120000,25", "ms=20200102T120000,2501");
    check("us=20200102T120000,2501", "us=20200102T120000,25");
}

#[test]
fn state_tag_smaller_and_bigger() {
    // stateTag < stateTagSmaller, stateTagBigger <= stateTag.
    check("sts=6", "sts=5");
    check("stb=5", "stb=6");
    check("stb=5&sts=6", "stb=6&sts=10");
}

#[test]
fn expire_before_and_after() {
    // expirationTime < expireBefore, expireAfter <= expirationTime.
    check("exb=20300101T000001", "exb=20300101T000000");
    check("exa=20300101T000000", "exa=20300101T000001");
}

#[test]
fn size_above_and_below() {
    // sizeAbove <= contentSize, contentSize < sizeBelow.
    check("sza=100", "sza=101");
    check("szb=101", "szb=100");
}

#[test]
fn labels() {
    check("lbl=b+a", "lbl=b+c");
    check("lbl=color:red", "lbl=color");
    check("lbl=x&lbl=a", "lbl=x&lbl=y");
}

#[test]
fn resource_type() {
    check("ty=4", "ty=3");
    check("ty=2+3+4", "ty=2+3");
}

#[test]
fn content_type() {
    check("cty=text%2Fplain", "cty=application%2Fjson");
    check("cty=application%2Fjson+TEXT%2FPlain", "cty=text");
}

#[test]
fn labels_query() {
    check("lbq=color", "lbq=size");
    check("lbq=color+IN+(red,+blue)", "lbq=color+NE+red");
    check("lbq=NT+size", "lbq=NT+color");
}

#[test]
fn attribute_strings_numbers_booleans_lists() {
    check("cr=CAE-ID123", "cr=cae-id123");
    check("rn=cin_1", "rn=cin_2");
    check("mni=10", "mni=11");
    check("con=21.5", "con=21.50");
    check("rr=true", "rr=false");
    check("acpi=acp2", "acpi=acp3");
}

#[test]
fn attribute_wildcards() {
    check("cr=CAE-ID*", "cr=C-ID*");
    check("cr=*ID123", "cr=*ID12");
    check("cr=*", "rn=x*");
    check("mni=1*", "mni=2*");
}

#[test]
fn several_values_of_one_attribute_are_ored() {
    check("cr=Sam+CAE-ID123", "cr=Sam+Bob");
    check("cr=Sam&cr=CAE-ID123", "cr=Sam&cr=Bob");
}

#[test]
fn different_attributes_are_different_conditions() {
    check("cr=CAE-ID123&rn=cin_1", "cr=CAE-ID123&rn=other");
    check("fo=2&cr=CAE-ID123&rn=other", "fo=2&cr=Sam&rn=other");
}

#[test]
fn missing_attributes_never_match() {
    let bare = obj(json!({"ty": 3, "rn": "cnt"}));
    for q in [
        "crb=20300101T000000",
        "cra=19000101T000000",
        "ms=19000101T000000",
        "us=20300101T000000",
        "sts=100",
        "stb=0",
        "exb=20990101T000000",
        "exa=19000101T000000",
        "sza=0",
        "szb=100",
        "lbl=a",
        "lbq=NT+a",
        "cty=text%2Fplain",
        "cr=*",
        "ty=4",
        "c.rn=x",
        "p.rn=x",
        "chty=4",
        "pty=2",
        "clbl=a",
        "palb=a",
    ] {
        assert!(!matches(q, &bare), "{q}");
    }
    // Also with OR as the only condition.
    assert!(!matches("fo=2&cr=*", &bare));
    // A timestamp attribute that is no timestamp does not match either.
    let odd = obj(json!({"ct": "yesterday", "st": "7"}));
    assert!(!matches("cra=19000101T000000", &odd));
    assert!(
        matches("stb=7", &odd),
        "a stateTag in a string is still read"
    );
}

#[test]
fn filter_operation_and_or_xor() {
    let r = cin();
    // 7.3.3.17.0 examples: labels="a", stateTagSmaller=3.
    assert!(!matches("lbl=a&sts=3", &r), "AND by default");
    assert!(!matches("lbl=a&sts=3&fo=1", &r));
    assert!(matches("lbl=a&sts=3&fo=2", &r));
    assert!(matches("lbl=a&sts=6", &r));
    assert!(!matches("lbl=x&sts=3&fo=2", &r));
    // XOR: exactly one condition holds.
    assert!(matches("lbl=a&sts=3&fo=3", &r));
    assert!(!matches("lbl=a&sts=6&fo=3", &r));
    assert!(!matches("lbl=x&sts=3&fo=3", &r));
    assert!(
        !matches("lbl=a&sts=6&ty=3&fo=3", &r),
        "two of three is not exactly one"
    );
    // An interval is one condition: under OR both bounds still apply.
    assert!(!matches("fo=2&cra=20200101T000000&crb=20200101T060000", &r));
    assert!(matches(
        "fo=2&cra=20200101T000000&crb=20200101T060000&ty=4",
        &r
    ));
    // An fo no parser accepts matches nothing.
    let f = FilterCriteria {
        fo: Some(9),
        ty: vec![4],
        ..FilterCriteria::default()
    };
    assert!(!f.matches(&r, None, &[]));
}

#[test]
fn child_and_parent_conditions() {
    let r = obj(json!({"ty": 3, "rn": "cnt", "lbl": ["x"]}));
    let parent = obj(json!({"ty": 2, "rn": "ae1", "lbl": ["home"], "api": "Nexample"}));
    let child1 = obj(json!({"ty": 4, "rn": "cin1", "cr": "Sam", "lbl": ["k1"]}));
    let child2 = obj(json!({"ty": 23, "rn": "sub1", "lbl": ["k2"]}));
    let children = [&child1, &child2];
    let m = |q: &str, parent: Option<&Map<String, Value>>, children: &[&Map<String, Value>]| {
        fc(q).matches(&r, parent, children)
    };

    assert!(m("c.cr=Sam", None, &children));
    assert!(!m("c.cr=Bob", None, &children));
    assert!(!m("c.cr=Sam", None, &[]));
    assert!(m("c.rn=sub*", None, &children));
    assert!(m("c.rn=cin1&c.rn=nope", None, &children));
    assert!(m("p.api=N*", Some(&parent), &[]));
    assert!(!m("p.api=C*", Some(&parent), &[]));
    assert!(!m("p.api=N*", None, &[]));
    assert!(m("chty=23", None, &children));
    assert!(!m("chty=3", None, &children));
    assert!(m("pty=2+5", Some(&parent), &[]));
    assert!(!m("pty=5", Some(&parent), &[]));
    assert!(!m("pty=2", None, &[]));
    assert!(m("clbl=k2+k3", None, &children));
    assert!(!m("clbl=x", None, &children));
    assert!(m("palb=home", Some(&parent), &[]));
    assert!(!m("palb=x", Some(&parent), &[]));
    // The resource's own conditions do not look at parent or children.
    assert!(!m("cr=Sam", Some(&parent), &children));
    assert!(m("lbl=x&c.cr=Sam&p.rn=ae1", Some(&parent), &children));
    assert!(!m("lbl=x&c.cr=Sam&p.rn=ae2", Some(&parent), &children));
    assert!(m("fo=2&lbl=y&c.cr=Bob&p.rn=ae1", Some(&parent), &children));
}

#[test]
fn semantic_and_content_filters_are_not_evaluated() {
    assert!(matches("smf=SELECT+%3Fx&cfs=1&cfq=%24.x", &cin()));
}
