//! Property tests: the parser never panics, and `ty` lists round-trip.

use proptest::prelude::*;

use crate::filter::parse_query;

proptest! {
    #[test]
    fn never_panics_on_any_string(query in any::<String>()) {
        let _ = parse_query(&query);
    }

    #[test]
    fn never_panics_on_query_like_strings(query in "[a-z.%0-9A-F+=&,T:*?]{0,60}") {
        let _ = parse_query(&query);
    }

    #[test]
    fn ty_lists_round_trip(
        chunks in prop::collection::vec(prop::collection::vec(any::<u32>(), 1..6), 1..4),
        fu in prop::option::of(1u32..=3),
    ) {
        let mut query: Vec<String> = chunks
            .iter()
            .map(|chunk| {
                let items: Vec<String> = chunk.iter().map(u32::to_string).collect();
                format!("ty={}", items.join("+"))
            })
            .collect();
        if let Some(fu) = fu {
            query.insert(0, format!("fu={fu}"));
        }
        let parsed = parse_query(&query.join("&")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let filter = parsed.filter.ok_or_else(|| TestCaseError::fail("no filter"))?;
        let expected: Vec<u32> = chunks.concat();
        prop_assert_eq!(filter.ty, expected);
        prop_assert_eq!(filter.fu, fu);
    }
}
