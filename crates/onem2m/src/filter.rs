//! Query strings and filter criteria: parsing an HTTP binding query string into the oneM2M
//! request parameters it carries (TS-0009 6.2.2.2, Table 6.2.2.2-1), and evaluating filter
//! criteria (TS-0004 6.3.5.8, 7.3.3.17) against one resource given as a JSON object of
//! short-named attributes, with its parent and children for the `p.` / `c.` conditions.
//!
//! Pure: no I/O and no tree walking. `lim`, `lvl`, `ofst` and `arp` are parsed here and
//! applied by whoever walks the resource tree; `smf`, `cfs`/`cfq` are parsed but not evaluated.

mod criteria;
mod decode;
mod fields;
mod labels_query;
mod matching;
mod query;
mod timestamp;
mod value;

#[cfg(test)]
mod tests;

pub use criteria::FilterCriteria;
pub use fields::{EXTRA_QUERY_FIELDS, QUERY_FIELDS};
pub use query::{QueryError, QueryParameters, parse_query};
