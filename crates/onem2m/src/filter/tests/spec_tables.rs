//! The query field tables against the spec texts, row by row.

use crate::filter::{EXTRA_QUERY_FIELDS, QUERY_FIELDS, parse_query};

const TS_0009: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/spec/onem2m/TS-0009-v3.9.1-http-binding.md"
);
const TS_0004: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/spec/onem2m/TS-0004-v3.32.0-service-layer-core-protocol.md"
);

/// The data rows (cells trimmed) of the table whose title ends with `title_tail`, the number
/// and caption after "Table" and a space or a no-break space.
fn table_rows(path: &str, title_tail: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let start = text
        .match_indices(title_tail)
        .map(|(at, _)| at)
        .find(|&at| {
            let before = &text[..at];
            let after = &text[at + title_tail.len()..];
            // The title line itself, not a table of contents entry ("…\t80").
            (before.ends_with("Table ") || before.ends_with("Table\u{a0}"))
                && after
                    .lines()
                    .next()
                    .is_some_and(|rest| rest.trim().is_empty())
        })
        .unwrap_or_else(|| panic!("no table titled …{title_tail} in {path}"));
    text[start..]
        .lines()
        .skip(1)
        .map(str::trim)
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // the header and the | --- | line
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn query_fields_are_ts_0009_table_6_2_2_2_1_row_by_row() {
    let rows = table_rows(
        TS_0009,
        "6.2.2.2-1: oneM2M request parameters mapped as query-string field",
    );
    assert!(rows.len() > 30, "the table was found: {rows:?}");
    for (i, row) in rows.iter().enumerate() {
        let expected = QUERY_FIELDS.get(i).map(|(l, s, m)| vec![*l, *s, *m]);
        assert_eq!(
            Some(row[..3].iter().map(String::as_str).collect::<Vec<_>>()),
            expected,
            "row {} of Table 6.2.2.2-1",
            i + 1
        );
    }
    assert_eq!(
        QUERY_FIELDS.len(),
        rows.len(),
        "QUERY_FIELDS has rows the spec has not"
    );
}

#[test]
fn every_filter_criteria_element_of_ts_0004_has_a_query_name() {
    let rows = table_rows(TS_0004, "6.3.5.8-1: Type Definition of m2m:filterCriteria");
    assert!(rows.len() > 25, "the table was found: {rows:?}");
    for row in rows {
        let element = row[0].as_str();
        let mapped = QUERY_FIELDS.iter().chain(EXTRA_QUERY_FIELDS).any(|(l, _, _)| *l == element)
            // `c.name=value` and `p.name=value` (TS-0009 6.2.2.2).
            || matches!(element, "childAttribute" | "parentAttribute");
        assert!(
            mapped,
            "filterCriteria element {element} has no query field"
        );
    }
}

#[test]
fn extra_fields_use_the_ts_0004_short_names() {
    for (long, short, _) in EXTRA_QUERY_FIELDS {
        assert!(
            crate::short_names::COMPLEX_TYPE_MEMBERS
                .iter()
                .any(|(l, _, s)| l == long && s == short),
            "{long} = {short} is not in TS-0004 Table 8.2.5-1"
        );
        assert!(
            !QUERY_FIELDS.iter().any(|(_, s, _)| s == short),
            "{short} twice"
        );
    }
}

/// A value each field accepts.
fn sample(short: &str) -> &'static str {
    match short {
        "crb" | "cra" | "ms" | "us" | "exb" | "exa" => "20200101T000000",
        "da" | "tqi" | "asi" | "auri" | "sqi" => "true",
        "rp" | "lbl" | "clbl" | "palb" | "cty" | "smf" | "cfq" | "rids" | "tids" | "ltids"
        | "atrl" | "lbq" | "arp" => "x",
        _ => "1",
    }
}

#[test]
fn the_parser_knows_every_field_and_its_multiplicity() {
    for (_, short, multiplicity) in QUERY_FIELDS.iter().chain(EXTRA_QUERY_FIELDS) {
        if *short == "atr" {
            assert!(parse_query("atr=x").is_err());
            continue;
        }
        let pair = format!("{short}={}", sample(short));
        // contentFilterSyntax needs a contentFilterQuery.
        let once = if *short == "cfs" {
            format!("{pair}&cfq=x")
        } else {
            pair.clone()
        };
        let parsed = parse_query(&once).unwrap_or_else(|e| panic!("{once}: {e}"));
        if let Some(filter) = &parsed.filter {
            assert!(
                filter.attributes.is_empty(),
                "{short} was taken as an attribute"
            );
        }
        let twice = format!("{once}&{pair}");
        match *multiplicity {
            "0..1" => assert!(parse_query(&twice).is_err(), "{short} twice"),
            "0..n" => assert!(parse_query(&twice).is_ok(), "{short} twice"),
            other => panic!("multiplicity {other}"),
        }
    }
}
