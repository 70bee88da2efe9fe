//! Test support: the markdown tables of the spec texts, read at run time, and a row-by-row
//! comparison of a schema's attributes with them.

use std::sync::OnceLock;

use super::{AttributeRule, Optionality, ResourceSchema};

const TS_0004_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/spec/onem2m/TS-0004-v3.32.0-service-layer-core-protocol.md"
);
const REFERENCE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/spec/ONEM2M-DM-REFERENCE.md"
);

/// TS-0004 V3.32.0 (markdown).
pub(super) fn ts_0004() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| std::fs::read_to_string(TS_0004_PATH).expect("TS-0004 text"))
}

/// ONEM2M-DM-REFERENCE.md.
pub(super) fn reference() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| std::fs::read_to_string(REFERENCE_PATH).expect("reference text"))
}

/// Which text a table is in, and how its title line reads.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    /// A TS-0004 table titled `Table <this>…`, given from its number on ("7.4.5.1-3: …"):
    /// the text may put a no-break space after "Table".
    Ts0004(&'static str),
    /// A reference table below the line starting with this (a heading), before the next
    /// heading.
    Reference(&'static str),
}

/// The data rows (as trimmed cells) of the one table under a title line matching `source`:
/// separator rows, the header row, a repeated header row and NOTE rows left out.
pub(super) fn table(source: Source) -> Vec<Vec<String>> {
    // A reference heading may have prose before its table; a TS-0004 title only blank lines.
    let prose_allowed = matches!(source, Source::Reference(_));
    let doc = match source {
        Source::Ts0004(_) => ts_0004(),
        Source::Reference(_) => reference(),
    };
    let is_title = |line: &str| match source {
        Source::Ts0004(title) => line
            .trim_start()
            .strip_prefix("Table")
            .is_some_and(|rest| rest.trim_start().starts_with(title)),
        Source::Reference(heading) => line.starts_with(heading),
    };
    let lines: Vec<&str> = doc.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !is_title(line) {
            continue;
        }
        let mut j = i + 1;
        while j < lines.len() {
            let l = lines[j].trim();
            let skip =
                l.is_empty() || (prose_allowed && !l.starts_with('|') && !l.starts_with('#'));
            if !skip {
                break;
            }
            j += 1;
        }
        let table: Vec<&str> = lines[j..]
            .iter()
            .take_while(|l| l.trim_start().starts_with('|'))
            .copied()
            .collect();
        if !table.is_empty() {
            found.push(table);
        }
    }
    assert_eq!(found.len(), 1, "{source:?}: expected exactly one table");
    let mut rows = found[0].iter().map(|l| cells(l)).filter(|c| {
        !c.iter()
            .all(|cell| cell.chars().all(|ch| ch == '-' || ch == ':'))
    });
    let header = rows.next().expect("a header row");
    rows.filter(|c| c[0] != header[0] && !c[0].starts_with("NOTE"))
        .collect()
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// An optionality cell.
pub(super) fn optionality(cell: &str) -> Optionality {
    match cell {
        "M" => Optionality::Mandatory,
        "O" => Optionality::Optional,
        "NP" => Optionality::NotPresent,
        other => panic!("not an optionality: {other:?}"),
    }
}

/// Where one table keeps its columns (0-based cells). The name is always cell 0. A column
/// the table lacks is `None`: then Create/Update must be NP and the data type `""`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cols {
    pub(super) short: Option<usize>,
    pub(super) data_type: Option<usize>,
    pub(super) create: Option<usize>,
    pub(super) update: Option<usize>,
}

/// Name, Create, Update.
pub(super) const CU: Cols = Cols {
    short: None,
    data_type: None,
    create: Some(1),
    update: Some(2),
};
/// Name, Create, Update, Data Type.
pub(super) const CUD: Cols = Cols {
    short: None,
    data_type: Some(3),
    create: Some(1),
    update: Some(2),
};

/// One table a schema's attributes come from, and the rows it deliberately leaves out.
#[derive(Debug, Clone, Copy)]
pub(super) struct Part {
    pub(super) source: Source,
    pub(super) cols: Cols,
    /// (attribute name, why it is not transcribed).
    pub(super) omit: &'static [(&'static str, &'static str)],
}

pub(super) const fn part(source: Source, cols: Cols) -> Part {
    Part {
        source,
        cols,
        omit: &[],
    }
}

/// The data type Table 7.4.15.1-2 gives a mgmtObj attribute (Annex D tables say "See
/// clause 7.4.15").
fn mgmt_obj_data_type(name: &str) -> String {
    table(Source::Ts0004(
        "7.4.15.1-2: Resource Specific Attributes of <mgmtObj> resource",
    ))
    .into_iter()
    .find(|r| r[0] == name)
    .map(|r| r[3].clone())
    .unwrap_or_else(|| panic!("{name} in Table 7.4.15.1-2"))
}

/// Checks `rules` against the tables of `parts`, in order, row by row and in both
/// directions. Returns the number of rows checked per table.
pub(super) fn check_rules(what: &str, rules: &[AttributeRule], parts: &[Part]) -> Vec<usize> {
    let mut expected = Vec::new();
    let mut counts = Vec::new();
    for p in parts {
        let rows = table(p.source);
        for (name, why) in p.omit {
            assert!(!why.is_empty());
            assert!(
                rows.iter().any(|r| r[0] == *name),
                "{what}: omitted row {name} is not in {:?}",
                p.source
            );
        }
        let kept: Vec<_> = rows
            .into_iter()
            .filter(|r| !p.omit.iter().any(|(n, _)| r[0] == *n))
            .collect();
        counts.push(kept.len());
        expected.extend(kept.into_iter().map(|r| (p, r)));
    }
    let ours: Vec<&str> = rules.iter().map(|r| r.long).collect();
    let theirs: Vec<&str> = expected
        .iter()
        .map(|(_, r)| r[0].trim_start_matches('@'))
        .collect();
    assert_eq!(ours, theirs, "{what}: attribute names and order");
    for (rule, (p, row)) in rules.iter().zip(&expected) {
        let at = |i: Option<usize>| i.map(|i| row[i].as_str());
        let ctx = format!("{what}: {} ({:?})", rule.long, p.source);
        let create = at(p.cols.create).map_or(Optionality::NotPresent, optionality);
        let update = at(p.cols.update).map_or(Optionality::NotPresent, optionality);
        assert_eq!(rule.create, create, "{ctx}: Create");
        assert_eq!(rule.update, update, "{ctx}: Update");
        let data_type = match at(p.cols.data_type) {
            None => String::new(),
            Some("See clause 7.4.15") => mgmt_obj_data_type(rule.long),
            Some(cell) => cell.to_string(),
        };
        assert_eq!(rule.data_type, data_type, "{ctx}: data type");
        if let Some(short) = at(p.cols.short) {
            assert_eq!(rule.short, short, "{ctx}: short name");
        }
    }
    counts
}

/// [`check_rules`] over a whole schema.
pub(super) fn check_schema(what: &str, schema: &ResourceSchema, parts: &[Part]) -> Vec<usize> {
    check_rules(what, schema.attributes, parts)
}
