//! Evaluating filter criteria against one resource (TS-0004 7.3.3.17).
//!
//! Each condition tag present gives one outcome; the outcomes are combined with the
//! filterOperation (7.3.3.17.0). Several values of one tag are ORed (7.3.3.17.0: "multiple
//! matching conditions of the same type ... logical OR"). The directions are those of
//! Table 7.3.3.17.0-1 and 7.3.3.17.1 to 7.3.3.17.7: lower bounds inclusive, upper bounds
//! exclusive (`createdAfter <= creationTime < createdBefore`), which TS-0001 Table 8.1.2-2
//! words as "chronologically before/after". Table 6.3.5.8-1 itself has no descriptions.

use serde_json::{Map, Value};

use super::criteria::FilterCriteria;
use super::labels_query;
use super::timestamp::normalise;
use super::value;

type Attributes = Map<String, Value>;

impl FilterCriteria {
    /// Whether `resource` (its attributes by short name, incl. "ty", "ct", "lt", "et", "st",
    /// "lbl", "cs", "cnf", ...) matches, with `parent` the parent's attributes (for `p.`,
    /// `pty`, `palb`) and `children` the children's (for `c.`, `chty`, `clbl`).
    ///
    /// * Criteria without conditions match everything.
    /// * A condition on an attribute the resource (or the parent, or every child) does not
    ///   have, or has in an unusable form (a `ct` that is no timestamp), does not match.
    /// * The two bounds on one attribute (`cra`/`crb`, `ms`/`us`, `stb`/`sts`, `exa`/`exb`,
    ///   `sza`/`szb`) form one interval condition, both bounds required, whatever `fo` says:
    ///   7.3.3.17.1 to 7.3.3.17.7 define them as one "filter criterion" satisfied by
    ///   `(lower <= x) AND (x < upper)` when both are given.
    /// * Each attribute name (and each `c.`/`p.` name) is its own condition; values given for
    ///   the same name are ORed. A `c.` condition holds when some child satisfies it.
    /// * `fo=3` (XOR, added after Release 3; ACME carries it) holds when exactly one
    ///   condition holds. An `fo` outside 1..=3 matches nothing.
    /// * `lim`, `lvl`, `ofst`, `arp` are for the tree walker; `smf`, `cfs`, `cfq` are not
    ///   evaluated here, and a caller that cannot honour them must refuse the request.
    pub fn matches(
        &self,
        resource: &Attributes,
        parent: Option<&Attributes>,
        children: &[&Attributes],
    ) -> bool {
        let mut outcomes = Vec::new();
        let mut push = |outcome: Option<bool>| outcomes.extend(outcome);

        push(time_interval(
            resource,
            "ct",
            self.cra.as_deref(),
            self.crb.as_deref(),
        ));
        push(time_interval(
            resource,
            "lt",
            self.ms.as_deref(),
            self.us.as_deref(),
        ));
        push(number_interval(resource, "st", self.stb, self.sts));
        push(time_interval(
            resource,
            "et",
            self.exa.as_deref(),
            self.exb.as_deref(),
        ));
        push(number_interval(resource, "cs", self.sza, self.szb));

        push(any_of(&self.lbl, |l| has_any_label(resource, l)));
        push(any_of(&self.clbl, |l| {
            children.iter().any(|c| has_any_label(c, l))
        }));
        push(any_of(&self.palb, |l| {
            parent.is_some_and(|p| has_any_label(p, l))
        }));
        push(
            self.lbq
                .as_deref()
                .map(|expr| labels_query_matches(resource, expr)),
        );

        push(any_of(&self.ty, |t| type_in(resource, t)));
        push(any_of(&self.chty, |t| {
            children.iter().any(|c| type_in(c, t))
        }));
        push(any_of(&self.pty, |t| parent.is_some_and(|p| type_in(p, t))));

        push(any_of(&self.cty, |types| content_type_in(resource, types)));

        for (name, wanted) in grouped(&self.attributes) {
            push(Some(attribute_matches(resource, name, &wanted)));
        }
        for (name, wanted) in grouped(&self.child_attributes) {
            push(Some(
                children.iter().any(|c| attribute_matches(c, name, &wanted)),
            ));
        }
        for (name, wanted) in grouped(&self.parent_attributes) {
            push(Some(
                parent.is_some_and(|p| attribute_matches(p, name, &wanted)),
            ));
        }

        match self.fo {
            None | Some(1) => outcomes.iter().all(|&o| o),
            Some(2) => outcomes.is_empty() || outcomes.iter().any(|&o| o),
            Some(3) => outcomes.is_empty() || outcomes.iter().filter(|&&o| o).count() == 1,
            Some(_) => false,
        }
    }
}

/// `None` when `values` is empty (no condition), else the outcome of `test` on all of them.
fn any_of<T>(values: &[T], test: impl FnOnce(&[T]) -> bool) -> Option<bool> {
    (!values.is_empty()).then(|| test(values))
}

/// `lower <= attribute < upper` on m2m:timestamps (7.3.3.17.1, .2, .4).
fn time_interval(
    resource: &Attributes,
    attribute: &str,
    lower: Option<&str>,
    upper: Option<&str>,
) -> Option<bool> {
    if lower.is_none() && upper.is_none() {
        return None;
    }
    let Some(actual) = resource
        .get(attribute)
        .and_then(Value::as_str)
        .and_then(normalise)
    else {
        return Some(false);
    };
    let bound = |b: Option<&str>, holds: fn(&String, &String) -> bool| match b {
        None => true,
        Some(b) => normalise(b).is_some_and(|b| holds(&b, &actual)),
    };
    Some(bound(lower, |b, a| b <= a) && bound(upper, |b, a| a < b))
}

/// `lower <= attribute < upper` on non-negative integers (7.3.3.17.3, .7).
fn number_interval(
    resource: &Attributes,
    attribute: &str,
    lower: Option<u64>,
    upper: Option<u64>,
) -> Option<bool> {
    if lower.is_none() && upper.is_none() {
        return None;
    }
    let Some(actual) = resource.get(attribute).and_then(as_u64) else {
        return Some(false);
    };
    Some(lower.is_none_or(|l| l <= actual) && upper.is_none_or(|u| actual < u))
}

/// A non-negative integer attribute, also when serialized as a decimal string.
fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The labels attribute as strings (an m2m:labels list; a lone string counts as one label).
fn labels(resource: &Attributes) -> Vec<&str> {
    match resource.get("lbl") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

/// 7.3.3.17.5: any wanted label equals any of the resource's labels.
fn has_any_label(resource: &Attributes, wanted: &[String]) -> bool {
    let have = labels(resource);
    wanted.iter().any(|w| have.contains(&w.as_str()))
}

/// 7.3.3.17.16. An expression that does not parse matches nothing, and like every other
/// condition it needs the attribute: `NT key` does not match a resource without `lbl`.
fn labels_query_matches(resource: &Attributes, expr: &str) -> bool {
    resource.contains_key("lbl")
        && labels_query::parse(expr).is_some_and(|q| q.eval(&labels(resource)))
}

/// 7.3.3.17.6: the resource's `ty` is one of `types`.
fn type_in(resource: &Attributes, types: &[u32]) -> bool {
    resource
        .get("ty")
        .and_then(as_u64)
        .is_some_and(|ty| types.iter().any(|&t| u64::from(t) == ty))
}

/// 7.3.3.17.8: one of `types` is the typeOfContent part of m2m:contentInfo
/// (`type/subtype:encoding[:security]`, TS-0004 Table 6.3.3-1), compared ignoring ASCII
/// case as media types are (RFC 6838 4.2).
fn content_type_in(resource: &Attributes, types: &[String]) -> bool {
    let Some(cnf) = resource.get("cnf").and_then(Value::as_str) else {
        return false;
    };
    let type_of_content = cnf.split(':').next().unwrap_or(cnf).trim();
    types
        .iter()
        .any(|t| t.trim().eq_ignore_ascii_case(type_of_content))
}

/// 7.3.3.17.9: the resource has the attribute and it equals one of the wanted values.
fn attribute_matches(resource: &Attributes, name: &str, wanted: &[&str]) -> bool {
    resource
        .get(name)
        .is_some_and(|actual| wanted.iter().any(|w| value::matches(actual, w)))
}

/// Condition values grouped by attribute name, names in order of first appearance.
fn grouped(pairs: &[(String, String)]) -> Vec<(&str, Vec<&str>)> {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, value) in pairs {
        match groups.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => values.push(value),
            None => groups.push((name, vec![value])),
        }
    }
    groups
}
