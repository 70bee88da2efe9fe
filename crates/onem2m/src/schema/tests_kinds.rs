//! `ValueKind::check`: good and bad values for every kind.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::ValueKind::{self, *};

fn ok(kind: ValueKind, values: &[Value]) {
    for v in values {
        assert_eq!(kind.check(v), Ok(()), "{kind:?} should accept {v}");
    }
}

fn bad(kind: ValueKind, values: &[Value]) {
    for v in values {
        assert!(kind.check(v).is_err(), "{kind:?} should reject {v}");
    }
}

#[test]
fn strings_uris_booleans() {
    ok(String, &[json!(""), json!("abc"), json!("with space")]);
    bad(
        String,
        &[json!(1), json!(true), json!(null), json!(["a"]), json!({})],
    );
    ok(
        AnyUri,
        &[
            json!("http://example.com/a?b=c"),
            json!("/CSE1/node1"),
            json!("urn:gsma:imei:1"),
            json!(""),
        ],
    );
    bad(
        AnyUri,
        &[
            json!(1),
            json!("has space"),
            json!("tab\there"),
            json!(null),
        ],
    );
    ok(Boolean, &[json!(true), json!(false)]);
    bad(Boolean, &[json!("true"), json!(1), json!(null)]);
    assert_eq!(
        Boolean.check(&json!(1)),
        Err("expected a boolean".to_string())
    );
}

#[test]
fn integers_and_bounds() {
    ok(
        Integer,
        &[json!(0), json!(-5), json!(i64::MIN), json!(u64::MAX)],
    );
    bad(Integer, &[json!(1.5), json!(1.0), json!("1"), json!(null)]);
    ok(NonNegativeInteger, &[json!(0), json!(7), json!(u64::MAX)]);
    bad(NonNegativeInteger, &[json!(-1), json!(0.5), json!("3")]);
    ok(PositiveInteger, &[json!(1), json!(u64::MAX)]);
    bad(PositiveInteger, &[json!(0), json!(-1)]);
    assert_eq!(
        PositiveInteger.check(&json!(0)),
        Err("must be >= 1".to_string())
    );
    ok(UnsignedInt, &[json!(0), json!(4_294_967_295_u64)]);
    bad(UnsignedInt, &[json!(4_294_967_296_u64), json!(-1)]);
    ok(UnsignedLong, &[json!(0), json!(u64::MAX)]);
    bad(UnsignedLong, &[json!(-1), json!(1e3)]);
    ok(Range(0, 100), &[json!(0), json!(50), json!(100)]);
    bad(
        Range(0, 100),
        &[json!(-1), json!(101), json!(u64::MAX), json!("50")],
    );
    assert_eq!(
        Range(0, 100).check(&json!(101)),
        Err("must be between 0 and 100".to_string())
    );
    ok(Range(-10, -1), &[json!(-10), json!(-1)]);
    bad(Range(-10, -1), &[json!(0)]);
}

#[test]
fn enumerations() {
    let kind = Enum(&[1, 2, 3, 4, 5, 6, 7]);
    ok(kind, &[json!(1), json!(7)]);
    bad(kind, &[json!(0), json!(8), json!("1"), json!(1.0)]);
    assert_eq!(
        Enum(&[0, 2]).check(&json!(1)),
        Err("must be one of 0, 2".to_string())
    );
}

#[test]
fn timestamps() {
    ok(
        Timestamp,
        &[
            json!("20141003T112032"),
            json!("20141003T112032,1"),
            json!("20141003T112032,123456"),
            json!("20141003T112032Z"),
            json!("20141003T112032,5+0200"),
            json!("20141003T112032-05"),
            json!("20141003T112032+05:30"),
            json!("20000229T000000"),
            json!("19991231T235959"),
        ],
    );
    bad(
        Timestamp,
        &[
            json!(20_141_003),
            json!(""),
            json!("20141003"),
            json!("20141003T1120"),
            json!("2014-10-03T11:20:32"),
            json!("20141303T112032"),
            json!("20140003T112032"),
            json!("20141000T112032"),
            json!("20140431T112032"),
            json!("19000229T112032"),
            json!("20141003T242032"),
            json!("20141003T116032"),
            json!("20141003T112060"),
            json!("20141003T112032,"),
            json!("20141003T112032,1234567"),
            json!("20141003T112032.123"),
            json!("20141003T112032+2400"),
            json!("20141003T112032+0260"),
            json!("20141003T112032+1"),
            json!("20141003T112032ZZ"),
            json!("2014100xT112032"),
            json!("20141003t112032"),
        ],
    );
    let why = Timestamp.check(&json!("20141303T112032"));
    assert!(why.is_err_and(|e| e.contains("month")));
}

#[test]
fn durations() {
    ok(
        Duration,
        &[
            json!("PT5S"),
            json!("P1D"),
            json!("P1Y2M3DT4H5M6.7S"),
            json!("PT0S"),
            json!("-P1Y"),
            json!("PT36H"),
            json!("P0Y0M"),
        ],
    );
    bad(
        Duration,
        &[
            json!(5000),
            json!(""),
            json!("P"),
            json!("PT"),
            json!("P1YT"),
            json!("5S"),
            json!("PT5"),
            json!("P1S"),
            json!("PT1Y"),
            json!("P1M1Y"),
            json!("PT1.5M"),
            json!("PT.5S"),
            json!("PT1.S"),
            json!("PT1..5S"),
            json!("P-1D"),
            json!("pt5s"),
        ],
    );
}

#[test]
fn abs_rel_timestamps() {
    ok(
        AbsRelTimestamp,
        &[
            json!("20141003T112032"),
            json!(3_600_000),
            json!(-1000),
            json!("3600000"),
            json!("-5"),
        ],
    );
    bad(
        AbsRelTimestamp,
        &[
            json!("soon"),
            json!(1.5),
            json!(true),
            json!(u64::MAX),
            json!("99999999999999999999"),
            json!(null),
        ],
    );
}

#[test]
fn lists_objects_any() {
    static URI: ValueKind = AnyUri;
    ok(List(&String), &[json!([]), json!(["a", "b"])]);
    bad(List(&String), &[json!("a"), json!(["a", 1]), json!({})]);
    assert_eq!(
        List(&String).check(&json!(["a", 1])),
        Err("item 1: expected a string".to_string())
    );
    ok(List(&URI), &[json!(["http://a/b", "/cse/x"])]);
    bad(List(&URI), &[json!(["a b"])]);
    ok(List(&Enum(&[10, 11])), &[json!([10, 11, 10])]);
    bad(List(&Enum(&[10, 11])), &[json!([12])]);
    ok(Object, &[json!({}), json!({"acr": []})]);
    bad(Object, &[json!([]), json!("{}"), json!(null)]);
    ok(
        Any,
        &[
            json!(null),
            json!(1),
            json!("x"),
            json!([1]),
            json!({"a": 1}),
        ],
    );
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A well-formed m2m:timestamp: any date and time, optional fraction, optional zone.
fn timestamp() -> impl Strategy<Value = std::string::String> {
    (
        0u32..=9999,
        1u32..=12,
        0u32..31,
        0u32..24,
        0u32..60,
        0u32..60,
    )
        .prop_flat_map(|(y, mo, d, h, mi, s)| {
            let day = d % days_in(y, mo) + 1;
            let base = format!("{y:04}{mo:02}{day:02}T{h:02}{mi:02}{s:02}");
            let fraction = prop_oneof![
                Just(std::string::String::new()),
                "[0-9]{1,6}".prop_map(|f| format!(",{f}"))
            ];
            let zone = prop_oneof![
                Just(std::string::String::new()),
                Just("Z".to_string()),
                (
                    prop_oneof![Just('+'), Just('-')],
                    0u32..24,
                    0u32..60,
                    0u8..3
                )
                    .prop_map(|(sign, zh, zm, form)| match form {
                        0 => format!("{sign}{zh:02}"),
                        1 => format!("{sign}{zh:02}{zm:02}"),
                        _ => format!("{sign}{zh:02}:{zm:02}"),
                    }),
            ];
            (Just(base), fraction, zone).prop_map(|(b, f, z)| format!("{b}{f}{z}"))
        })
}

proptest! {
    #[test]
    fn timestamp_accepts_every_well_formed_timestamp(ts in timestamp()) {
        prop_assert_eq!(Timestamp.check(&json!(ts)), Ok(()));
        prop_assert_eq!(AbsRelTimestamp.check(&json!(ts)), Ok(()));
    }

    #[test]
    fn timestamp_rejects_a_thirteenth_month(y in 0u32..=9999, d in 1u32..=28) {
        let ts = format!("{y:04}13{d:02}T000000");
        prop_assert!(Timestamp.check(&json!(ts)).is_err());
    }
}
