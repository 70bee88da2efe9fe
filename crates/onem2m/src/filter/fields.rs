//! Which names a query string may carry, and how often.

/// TS-0009 V3.9.1 Table 6.2.2.2-1, row by row: (request primitive parameter or filter
/// criteria element, query field name, multiplicity). A test checks it against the spec text.
///
/// `atr` is listed by the table but never used itself: each attribute condition is written
/// as `shortName=value` (and `c.shortName=value`, `p.shortName=value`), see TS-0009 6.2.2.2.
pub const QUERY_FIELDS: &[(&str, &str, &str)] = &[
    ("Response Type", "rt", "0..1"),
    ("Result Persistence", "rp", "0..1"),
    ("Result Content", "rcn", "0..1"),
    ("Delivery Aggregation", "da", "0..1"),
    ("createdBefore", "crb", "0..1"),
    ("createdAfter", "cra", "0..1"),
    ("modifiedSince", "ms", "0..1"),
    ("unmodifiedSince", "us", "0..1"),
    ("stateTagSmaller", "sts", "0..1"),
    ("stateTagBigger", "stb", "0..1"),
    ("expireBefore", "exb", "0..1"),
    ("expireAfter", "exa", "0..1"),
    ("labels", "lbl", "0..n"),
    ("resourceType", "ty", "0..n"),
    ("sizeAbove", "sza", "0..1"),
    ("sizeBelow", "szb", "0..1"),
    ("contentType", "cty", "0..n"),
    ("limit", "lim", "0..1"),
    ("attribute", "atr", "0..n"),
    ("filterUsage", "fu", "0..1"),
    ("semanticsFilter", "smf", "0..n"),
    ("filterOperation", "fo", "0..1"),
    ("contentFilterSyntax", "cfs", "0..1"),
    ("contentFilterQuery", "cfq", "0..1"),
    ("level", "lvl", "0..1"),
    ("offset", "ofst", "0..1"),
    ("Discovery Result Type", "drt", "0..1"),
    ("Role IDs", "rids", "0..n"),
    ("Token IDs", "tids", "0..n"),
    ("LocalTokenIDs", "ltids", "0..n"),
    ("Token Request Indicator", "tqi", "0..1"),
    ("Authorization Signature Indicator", "asi", "0..1"),
    ("Authorization Relationship Indicator", "auri", "0..1"),
    ("Semantic Query Indicator", "sqi", "0..1"),
];

/// Names accepted beyond Table 6.2.2.2-1: (long name, short name, multiplicity).
///
/// * `atrl`: the attribute list of a partial Retrieve, given in the TS-0009 6.2.2.2 text
///   (`atrl=ri+lbl+rr`) rather than in the table.
/// * the m2m:filterCriteria elements of TS-0004 V3.32.0 Table 6.3.5.8-1 that the older
///   TS-0009 V3.9.1 table lacks, under their TS-0004 Table 8.2.5-1 short names. The list-typed
///   ones are `0..n` in the query string as `lbl` and `ty` are (one list, `+`-separated,
///   repeatable).
pub const EXTRA_QUERY_FIELDS: &[(&str, &str, &str)] = &[
    ("attributeList", "atrl", "0..n"),
    ("childLabels", "clbl", "0..n"),
    ("parentLabels", "palb", "0..n"),
    ("labelsQuery", "lbq", "0..1"),
    ("childResourceType", "chty", "0..n"),
    ("parentResourceType", "pty", "0..n"),
    ("applyRelativePath", "arp", "0..1"),
];

/// The multiplicity of a query field name, if it is one.
pub(super) fn multiplicity(short: &str) -> Option<&'static str> {
    QUERY_FIELDS
        .iter()
        .chain(EXTRA_QUERY_FIELDS)
        .find(|(_, s, _)| *s == short)
        .map(|(_, _, m)| *m)
}

/// Attributes that TS-0004 7.3.3.17.9 bars from attribute conditions (plain, `c.` or `p.`),
/// because dedicated conditions cover them: creationTime, lastModifiedTime, stateTag,
/// expirationTime, labels, resourceType, contentSize, contentInfo.
pub(super) const NOT_ATTRIBUTE_CONDITIONS: &[&str] =
    &["ct", "lt", "st", "et", "lbl", "ty", "cs", "cnf"];

/// A request primitive parameter (TS-0004 Table 8.2.2-1) that has no query field and is
/// not also a resource attribute short name: TS-0009 carries it in a header or the body,
/// so in a query string it is a client error rather than an attribute condition.
pub(super) fn is_non_query_primitive(short: &str) -> bool {
    // From and To travel in X-M2M-Origin and the path (TS-0009 6.2.2.1, 6.4.1); that
    // Table 8.2.3-6 also lists `fr`/`to` as attributes of notification-related types does
    // not make them filters on a request's query string.
    if matches!(short, "fr" | "to") {
        return true;
    }
    multiplicity(short).is_none()
        && crate::short_names::PRIMITIVE_PARAMETERS
            .iter()
            .any(|(_, s)| *s == short)
        && !crate::short_names::RESOURCE_ATTRIBUTES
            .iter()
            .any(|(_, _, s)| *s == short)
}
