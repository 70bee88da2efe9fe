//! Parsing a query string (TS-0009 6.2.2.2) into request parameters and filter criteria.

use std::fmt;
use std::ops::RangeInclusive;

use super::criteria::FilterCriteria;
use super::decode;
use super::fields::{NOT_ATTRIBUTE_CONDITIONS, is_non_query_primitive, multiplicity};
use super::labels_query;
use super::timestamp::normalise;

/// The request primitive parameters a query string carries (TS-0009 Table 6.2.2.2-1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryParameters {
    /// Result Content: 0..=10 per TS-0004 Table 6.3.4.2.7-1; 11 (discovery result
    /// references) and 12 (permissions) come from later releases.
    pub rcn: Option<u32>,
    /// Response Type (the responseType element of responseTypeInfo): 1 nonBlockingRequestSynch,
    /// 2 nonBlockingRequestAsynch, 3 blockingRequest, 4 flexBlocking. The 5 (noResponse) of
    /// Table 6.3.4.2.6-1 is for 3GPP interworking only and refused.
    pub rt: Option<u32>,
    /// Result Persistence (an xs:duration such as `P1Y2M3DT10H1M0S`), as given.
    pub rp: Option<String>,
    /// Delivery Aggregation (`true`, `false`, `1`, `0`).
    pub da: Option<bool>,
    /// Discovery Result Type: 1 structured, 2 unstructured.
    pub drt: Option<u32>,
    /// Role IDs.
    pub rids: Vec<String>,
    /// Token IDs.
    pub tids: Vec<String>,
    /// Local Token IDs.
    pub ltids: Vec<String>,
    /// Token Request Indicator.
    pub tqi: Option<bool>,
    /// Authorization Signature Indicator.
    pub asi: Option<bool>,
    /// Authorization Relationship Indicator.
    pub auri: Option<bool>,
    /// Semantic Query Indicator.
    pub sqi: Option<bool>,
    /// Attribute list of a partial Retrieve (`atrl=ri+lbl+rr`, TS-0009 6.2.2.2 text).
    pub atrl: Vec<String>,
    /// Filter criteria; `Some` when any filter criteria field or attribute condition is present.
    pub filter: Option<FilterCriteria>,
}

/// A query string that cannot be taken as oneM2M request parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The field name as it appeared (decoded where possible).
    pub parameter: String,
    /// What is wrong with it.
    pub reason: String,
}

impl QueryError {
    fn new(parameter: &str, reason: impl Into<String>) -> Self {
        Self {
            parameter: parameter.to_owned(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query parameter `{}`: {}", self.parameter, self.reason)
    }
}

impl std::error::Error for QueryError {}

/// Parses a query string (`&`-separated `name=value` pairs; a leading `?` is skipped).
///
/// Names of Table 6.2.2.2-1 (and [`EXTRA_QUERY_FIELDS`](super::EXTRA_QUERY_FIELDS)) fill
/// their fields; `c.name` and `p.name` are child and parent attribute conditions; any other
/// name is an attribute condition (TS-0009 6.2.2.2, TS-0004 allows any attribute).
///
/// Errors: a `0..1` field given twice, an unparsable or out-of-range number or enum, a value
/// that is no m2m:timestamp where one is needed, bad percent-encoding, `atr` itself, an
/// attribute condition on an attribute TS-0004 7.3.3.17.9 excludes (`ct`, `lt`, `st`, `et`,
/// `lbl`, `ty`, `cs`, `cnf`, also with `c.`/`p.`), a request primitive parameter that has no
/// query field (`rqi`, `fr`, ...: TS-0009 carries those in headers), an unparsable `lbq`,
/// and `cfs` without `cfq` (TS-0004 7.3.3.17.13.1).
pub fn parse_query(query: &str) -> Result<QueryParameters, QueryError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut params = QueryParameters::default();
    let mut fc = FilterCriteria::default();
    let mut any_filter = false;
    let mut seen: Vec<String> = Vec::new();

    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode::percent_decode(raw_name).map_err(|e| QueryError::new(raw_name, e))?;
        if name.is_empty() {
            return Err(QueryError::new("", "empty parameter name"));
        }
        if multiplicity(&name) == Some("0..1") {
            if seen.contains(&name) {
                return Err(QueryError::new(
                    &name,
                    "given more than once (multiplicity 0..1)",
                ));
            }
            seen.push(name.clone());
        }
        any_filter |= !PRIMITIVE_FIELDS.contains(&name.as_str());
        let v = Value { name: &name, raw };
        match name.as_str() {
            "rt" => params.rt = Some(v.enumerated(1..=4, "responseType")?),
            "rp" => params.rp = Some(v.single()?),
            "rcn" => params.rcn = Some(v.enumerated(0..=12, "resultContent")?),
            "da" => params.da = Some(v.boolean()?),
            "drt" => params.drt = Some(v.enumerated(1..=2, "discoveryResultType")?),
            "rids" => params.rids.extend(v.list()?),
            "tids" => params.tids.extend(v.list()?),
            "ltids" => params.ltids.extend(v.list()?),
            "tqi" => params.tqi = Some(v.boolean()?),
            "asi" => params.asi = Some(v.boolean()?),
            "auri" => params.auri = Some(v.boolean()?),
            "sqi" => params.sqi = Some(v.boolean()?),
            "atrl" => params.atrl.extend(v.list()?),
            "crb" => fc.crb = Some(v.timestamp()?),
            "cra" => fc.cra = Some(v.timestamp()?),
            "ms" => fc.ms = Some(v.timestamp()?),
            "us" => fc.us = Some(v.timestamp()?),
            "sts" => fc.sts = Some(v.positive()?),
            "stb" => fc.stb = Some(v.number()?),
            "exb" => fc.exb = Some(v.timestamp()?),
            "exa" => fc.exa = Some(v.timestamp()?),
            "lbl" => fc.lbl.extend(v.list()?),
            "clbl" => fc.clbl.extend(v.list()?),
            "palb" => fc.palb.extend(v.list()?),
            "lbq" => fc.lbq = Some(v.labels_query()?),
            "ty" => fc.ty.extend(v.number_list()?),
            "chty" => fc.chty.extend(v.number_list()?),
            "pty" => fc.pty.extend(v.number_list()?),
            "sza" => fc.sza = Some(v.number()?),
            "szb" => fc.szb = Some(v.positive()?),
            "cty" => fc.cty.extend(v.list()?),
            "lim" => fc.lim = Some(v.number()?),
            "fu" => fc.fu = Some(v.enumerated(1..=3, "filterUsage")?),
            "smf" => fc.smf.push(v.single()?),
            "fo" => fc.fo = Some(v.enumerated(1..=3, "filterOperation")?),
            "cfs" => fc.cfs = Some(v.enumerated(1..=1, "contentFilterSyntax")?),
            "cfq" => fc.cfq = Some(v.single()?),
            "lvl" => fc.lvl = Some(v.positive()?),
            "ofst" => fc.ofst = Some(v.positive()?),
            "arp" => fc.arp = Some(v.single()?),
            "atr" => {
                return Err(QueryError::new(
                    "atr",
                    "not used itself: write each attribute condition as name=value (TS-0009 6.2.2.2)",
                ));
            }
            _ => attribute_condition(&mut fc, &name, raw)?,
        }
    }

    if fc.cfs.is_some() && fc.cfq.is_none() {
        return Err(QueryError::new(
            "cfq",
            "required when cfs is present (TS-0004 7.3.3.17.13.1)",
        ));
    }
    params.filter = any_filter.then_some(fc);
    Ok(params)
}

/// The query fields that are request primitive parameters rather than filter criteria.
const PRIMITIVE_FIELDS: &[&str] = &[
    "rt", "rp", "rcn", "da", "drt", "rids", "tids", "ltids", "tqi", "asi", "auri", "sqi", "atrl",
];

/// `short=value`, `c.short=value` or `p.short=value`; `+` separates alternative values.
fn attribute_condition(fc: &mut FilterCriteria, name: &str, raw: &str) -> Result<(), QueryError> {
    let (conditions, attribute) = if let Some(a) = name.strip_prefix("c.") {
        (&mut fc.child_attributes, a)
    } else if let Some(a) = name.strip_prefix("p.") {
        (&mut fc.parent_attributes, a)
    } else {
        if is_non_query_primitive(name) {
            return Err(QueryError::new(
                name,
                "a request primitive parameter that TS-0009 does not carry in the query string",
            ));
        }
        (&mut fc.attributes, name)
    };
    if attribute.is_empty() {
        return Err(QueryError::new(name, "empty attribute name"));
    }
    if NOT_ATTRIBUTE_CONDITIONS.contains(&attribute) {
        return Err(QueryError::new(
            name,
            "TS-0004 7.3.3.17.9 excludes this attribute from attribute conditions; use its dedicated condition",
        ));
    }
    for value in decode::alternatives(raw).map_err(|e| QueryError::new(name, e))? {
        conditions.push((attribute.to_owned(), value));
    }
    Ok(())
}

/// One raw value and the field it belongs to, for the typed readers below.
struct Value<'a> {
    name: &'a str,
    raw: &'a str,
}

impl Value<'_> {
    fn error(&self, reason: impl Into<String>) -> QueryError {
        QueryError::new(self.name, reason)
    }

    fn single(&self) -> Result<String, QueryError> {
        decode::single(self.raw).map_err(|e| self.error(e))
    }

    fn list(&self) -> Result<Vec<String>, QueryError> {
        decode::list(self.raw).map_err(|e| self.error(e))
    }

    fn number<T: TryFrom<u64>>(&self) -> Result<T, QueryError> {
        unsigned(&self.single()?).map_err(|e| self.error(e))
    }

    /// xs:positiveInteger (TS-0004 Table 6.3.5.8-1: stateTagSmaller, sizeBelow, level, offset).
    fn positive<T: TryFrom<u64> + Default + PartialEq>(&self) -> Result<T, QueryError> {
        let n: T = self.number()?;
        if n == T::default() {
            return Err(self.error("must be a positive integer"));
        }
        Ok(n)
    }

    fn number_list(&self) -> Result<Vec<u32>, QueryError> {
        self.list()?
            .iter()
            .map(|item| unsigned(item).map_err(|e| self.error(e)))
            .collect()
    }

    fn enumerated(&self, allowed: RangeInclusive<u32>, what: &str) -> Result<u32, QueryError> {
        let n: u32 = self.number()?;
        if !allowed.contains(&n) {
            return Err(self.error(format!(
                "{n} is not a {what} ({}..={})",
                allowed.start(),
                allowed.end()
            )));
        }
        Ok(n)
    }

    /// TS-0009 Table 6.2.2.2-1 notes: `false`, `true`, `0` and `1`.
    fn boolean(&self) -> Result<bool, QueryError> {
        match self.single()?.as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(self.error("not a boolean (true, false, 1, 0)")),
        }
    }

    fn timestamp(&self) -> Result<String, QueryError> {
        let ts = self.single()?;
        match normalise(&ts) {
            Some(_) => Ok(ts),
            None => Err(self.error("not a oneM2M timestamp (YYYYMMDDThhmmss[,ffffff])")),
        }
    }

    fn labels_query(&self) -> Result<String, QueryError> {
        let expr = self.single()?;
        match labels_query::parse(&expr) {
            Some(_) => Ok(expr),
            None => Err(self.error("not a labelsQuery expression (TS-0004 7.3.3.17.16)")),
        }
    }
}

/// A decimal unsigned integer: ASCII digits only (no sign, no spaces).
fn unsigned<T: TryFrom<u64>>(text: &str) -> Result<T, &'static str> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a number");
    }
    text.parse::<u64>()
        .ok()
        .and_then(|n| T::try_from(n).ok())
        .ok_or("number too large")
}
