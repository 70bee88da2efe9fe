//! The m2m:filterCriteria parameter (TS-0004 6.3.5.8, Table 6.3.5.8-1), by short name.

/// Filter criteria as a query string carries them. Timestamps are kept as given (checked to
/// be m2m:timestamps by [`parse_query`](super::parse_query)) and compared after
/// normalisation; list-typed conditions hold their values in order of appearance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilterCriteria {
    /// createdBefore: matches when `ct < crb`.
    pub crb: Option<String>,
    /// createdAfter: matches when `cra <= ct`.
    pub cra: Option<String>,
    /// modifiedSince: matches when `ms <= lt`.
    pub ms: Option<String>,
    /// unmodifiedSince: matches when `lt < us`.
    pub us: Option<String>,
    /// stateTagSmaller (positive): matches when `st < sts`.
    pub sts: Option<u64>,
    /// stateTagBigger: matches when `stb <= st`.
    pub stb: Option<u64>,
    /// expireBefore: matches when `et < exb`.
    pub exb: Option<String>,
    /// expireAfter: matches when `exa <= et`.
    pub exa: Option<String>,
    /// labels: any of them among the resource's `lbl`.
    pub lbl: Vec<String>,
    /// childLabels (TS-0004 only): any of them on some child.
    pub clbl: Vec<String>,
    /// parentLabels (TS-0004 only): any of them on the parent.
    pub palb: Vec<String>,
    /// labelsQuery (TS-0004 only): one 7.3.3.17.16 expression on the resource's labels.
    pub lbq: Option<String>,
    /// resourceType: the resource's `ty` is one of them.
    pub ty: Vec<u32>,
    /// childResourceType (TS-0004 only): some child's `ty` is one of them.
    pub chty: Vec<u32>,
    /// parentResourceType (TS-0004 only): the parent's `ty` is one of them.
    pub pty: Vec<u32>,
    /// sizeAbove: matches when `sza <= cs`.
    pub sza: Option<u64>,
    /// sizeBelow (positive): matches when `cs < szb`.
    pub szb: Option<u64>,
    /// contentType: any of them is the typeOfContent part of the resource's `cnf`.
    pub cty: Vec<String>,
    /// limit: not a matching condition (7.3.3.17.10); the tree walker applies it.
    pub lim: Option<u32>,
    /// filterUsage: 1 discovery, 2 conditional retrieval (default), 3 IPE on-demand discovery.
    pub fu: Option<u32>,
    /// filterOperation: 1 AND (default), 2 OR, 3 XOR (later releases, see `matches`).
    pub fo: Option<u32>,
    /// level (positive): not a matching condition (7.3.3.17.14); the tree walker applies it.
    pub lvl: Option<u32>,
    /// offset (positive): not a matching condition (7.3.3.17.15); the tree walker applies it.
    pub ofst: Option<u32>,
    /// semanticsFilter, `0..n` in TS-0009: parsed, not evaluated by `matches`.
    pub smf: Vec<String>,
    /// contentFilterSyntax (1 = JSON path): parsed, not evaluated by `matches`.
    pub cfs: Option<u32>,
    /// contentFilterQuery: parsed, not evaluated by `matches`.
    pub cfq: Option<String>,
    /// applyRelativePath (TS-0004 only): applied after matching (7.3.3.17.17), not here.
    pub arp: Option<String>,
    /// Attribute conditions `short=value`; one entry per value, in order.
    pub attributes: Vec<(String, String)>,
    /// Child attribute conditions `c.short=value`.
    pub child_attributes: Vec<(String, String)>,
    /// Parent attribute conditions `p.short=value`.
    pub parent_attributes: Vec<(String, String)>,
}

impl FilterCriteria {
    /// Whether the filter usage is discovery (`fu=1`, TS-0004 Table 6.3.4.2.31-1).
    pub fn is_discovery(&self) -> bool {
        self.fu == Some(1)
    }
}
