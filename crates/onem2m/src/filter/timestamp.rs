//! m2m:timestamp (TS-0004 6.3.3, Table 6.3.3-1 and the text after it): ISO 8601 basic format
//! `YYYYMMDDThhmmss`, UTC, no time zone, optionally `,` and 1 to 6 fraction digits.

/// The timestamp in a form whose byte order is chronological order:
/// `YYYYMMDDThhmmss,ffffff` (fraction padded to six digits). `None` if `ts` is not an
/// m2m:timestamp. A `.` before the fraction is accepted as well (ISO 8601 allows either
/// separator; oneM2M writes `,`).
pub(super) fn normalise(ts: &str) -> Option<String> {
    let (whole, fraction) = match ts.find([',', '.']) {
        Some(at) => (&ts[..at], Some(&ts[at + 1..])),
        None => (ts, None),
    };
    let b = whole.as_bytes();
    if b.len() != 15 || b[8] != b'T' {
        return None;
    }
    if !b[..8].iter().chain(&b[9..]).all(u8::is_ascii_digit) {
        return None;
    }
    let two = |at: usize| u32::from(b[at] - b'0') * 10 + u32::from(b[at + 1] - b'0');
    let (month, day, hour, minute, second) = (two(4), two(6), two(9), two(11), two(13));
    // Second 60: a leap second.
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut out = String::with_capacity(22);
    out.push_str(whole);
    out.push(',');
    match fraction {
        Some(f) if (1..=6).contains(&f.len()) && f.bytes().all(|d| d.is_ascii_digit()) => {
            out.push_str(f);
            out.extend(std::iter::repeat_n('0', 6 - f.len()));
        }
        Some(_) => return None,
        None => out.push_str("000000"),
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalises_to_a_fixed_width_form() {
        assert_eq!(
            normalise("20141003T112032").as_deref(),
            Some("20141003T112032,000000")
        );
        assert_eq!(
            normalise("20141003T112032,5").as_deref(),
            Some("20141003T112032,500000")
        );
        assert_eq!(
            normalise("20141003T112032.123456").as_deref(),
            Some("20141003T112032,123456")
        );
        // A fraction orders after the whole second it belongs to.
        assert!(normalise("20141003T112032,000001") > normalise("20141003T112032"));
        assert!(normalise("20141003T112032,9") < normalise("20141003T112033"));
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for bad in [
            "",
            "20141003",
            "20141003T1120",
            "20141003 112032",
            "20141003T112032Z",
            "20141003T112032+0100",
            "20141003T112032,",
            "20141003T112032,1234567",
            "20141003T112032,12a",
            "20141303T112032",
            "20141000T112032",
            "20141003T242032",
            "2014-10-03T11:20:32",
            "２0141003T112032",
        ] {
            assert_eq!(normalise(bad), None, "{bad:?}");
        }
    }
}
