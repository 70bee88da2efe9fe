//! The value kinds attribute rules check JSON values against, and the lexical checks for
//! m2m:timestamp (TS-0004 6.3.3) and xs:duration (XML Schema Part 2, 3.2.6).

use serde_json::Value;

/// The lexical/value type an attribute's JSON value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A JSON string.
    String,
    /// A JSON string holding a URI (no whitespace or control characters).
    AnyUri,
    /// A JSON boolean.
    Boolean,
    /// Any JSON integer (i64 or u64).
    Integer,
    /// A JSON integer >= 0.
    NonNegativeInteger,
    /// A JSON integer >= 1.
    PositiveInteger,
    /// A JSON integer within 0..=4294967295 (xs:unsignedInt).
    UnsignedInt,
    /// A JSON integer within 0..=18446744073709551615 (xs:unsignedLong).
    UnsignedLong,
    /// An integer within inclusive bounds (e.g. batteryLevel 0..=100).
    Range(i64, i64),
    /// An integer enumeration (TS-0004 6.3.4.2): the value must be one of these.
    Enum(&'static [i64]),
    /// m2m:timestamp: `YYYYMMDDThhmmss`, an optional `,` and 1 to 6 fraction digits, and
    /// (leniently; TS-0004 6.3.3 says UTC without zone) an optional `Z`, `±hh`, `±hhmm` or
    /// `±hh:mm`.
    Timestamp,
    /// xs:duration as a string (`PT5S`, `P1DT2H`, `-P1Y`).
    Duration,
    /// m2m:absRelTimestamp (union of m2m:timestamp and xs:long): a timestamp string, or an
    /// integer of milliseconds (relative), as a JSON number or a string of digits.
    AbsRelTimestamp,
    /// A JSON array whose items all have the kind.
    List(&'static ValueKind),
    /// A complex type given as a JSON object (members not checked here).
    Object,
    /// Any JSON value.
    Any,
}

impl ValueKind {
    /// Checks a JSON value; `Err` carries a short human-readable reason ("expected a
    /// boolean", "must be between 0 and 100", ...).
    pub fn check(&self, value: &Value) -> Result<(), String> {
        match *self {
            ValueKind::String => value
                .as_str()
                .map(|_| ())
                .ok_or_else(|| "expected a string".to_string()),
            ValueKind::AnyUri => {
                let s = value.as_str().ok_or("expected a URI string")?;
                if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    Err("a URI must not contain whitespace or control characters".to_string())
                } else {
                    Ok(())
                }
            }
            ValueKind::Boolean => value
                .as_bool()
                .map(|_| ())
                .ok_or_else(|| "expected a boolean".to_string()),
            ValueKind::Integer => {
                if value.is_i64() || value.is_u64() {
                    Ok(())
                } else {
                    Err("expected an integer".to_string())
                }
            }
            ValueKind::NonNegativeInteger => unsigned(value, 0, u64::MAX),
            ValueKind::PositiveInteger => unsigned(value, 1, u64::MAX),
            ValueKind::UnsignedInt => unsigned(value, 0, u64::from(u32::MAX)),
            ValueKind::UnsignedLong => unsigned(value, 0, u64::MAX),
            ValueKind::Range(lo, hi) => {
                let n = integer(value)?;
                if n < i128::from(lo) || n > i128::from(hi) {
                    Err(format!("must be between {lo} and {hi}"))
                } else {
                    Ok(())
                }
            }
            ValueKind::Enum(values) => {
                let n = integer(value)?;
                if values.iter().any(|v| i128::from(*v) == n) {
                    Ok(())
                } else {
                    let list: Vec<String> = values.iter().map(i64::to_string).collect();
                    Err(format!("must be one of {}", list.join(", ")))
                }
            }
            ValueKind::Timestamp => {
                let s = value.as_str().ok_or("expected a timestamp string")?;
                check_timestamp(s)
            }
            ValueKind::Duration => {
                let s = value.as_str().ok_or("expected a duration string")?;
                check_duration(s)
            }
            ValueKind::AbsRelTimestamp => match value {
                Value::Number(_) if value.is_i64() => Ok(()),
                Value::String(s) if is_long(s) => Ok(()),
                Value::String(s) => check_timestamp(s),
                _ => Err("expected a timestamp string or an integer of milliseconds".to_string()),
            },
            ValueKind::List(item) => {
                let items = value.as_array().ok_or("expected a list")?;
                for (i, v) in items.iter().enumerate() {
                    item.check(v).map_err(|e| format!("item {i}: {e}"))?;
                }
                Ok(())
            }
            ValueKind::Object => {
                if value.is_object() {
                    Ok(())
                } else {
                    Err("expected an object".to_string())
                }
            }
            ValueKind::Any => Ok(()),
        }
    }
}

/// The value as an integer wide enough for both i64 and u64 JSON numbers.
fn integer(value: &Value) -> Result<i128, String> {
    if let Some(n) = value.as_i64() {
        Ok(i128::from(n))
    } else if let Some(n) = value.as_u64() {
        Ok(i128::from(n))
    } else {
        Err("expected an integer".to_string())
    }
}

fn unsigned(value: &Value, min: u64, max: u64) -> Result<(), String> {
    let n = integer(value)?;
    if n < i128::from(min) {
        Err(format!("must be >= {min}"))
    } else if n > i128::from(max) {
        Err(format!("must be <= {max}"))
    } else {
        Ok(())
    }
}

/// xs:long lexical form: an optional sign and digits, within i64.
fn is_long(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && s.parse::<i64>().is_ok()
}

/// The number of `n` ASCII digits at the start of `s`, as a value.
fn digits(s: &[u8], n: usize) -> Option<u32> {
    let part = s.get(..n)?;
    part.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

/// m2m:timestamp (TS-0004 6.3.3): ISO 8601 basic format `YYYYMMDDThhmmss[,f{1,6}]`, plus
/// an optional zone designator accepted leniently.
fn check_timestamp(s: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("expected a timestamp YYYYMMDDThhmmss: {why}"));
    let b = s.as_bytes();
    if b.len() < 15 || b[8] != b'T' {
        return bad("wrong layout");
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(b, 4), digits(&b[4..], 2), digits(&b[6..], 2))
    else {
        return bad("the date must be 8 digits");
    };
    let (Some(hour), Some(minute), Some(second)) =
        (digits(&b[9..], 2), digits(&b[11..], 2), digits(&b[13..], 2))
    else {
        return bad("the time must be 6 digits");
    };
    if !(1..=12).contains(&month) {
        return bad("month out of range");
    }
    if day < 1 || day > days_in_month(year, month) {
        return bad("day out of range");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return bad("time of day out of range");
    }
    let mut rest = &b[15..];
    if let Some(frac) = rest.strip_prefix(b",") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=6).contains(&n) {
            return bad("the fraction must have 1 to 6 digits");
        }
        rest = &frac[n..];
    }
    match rest {
        [] | [b'Z'] => Ok(()),
        [b'+' | b'-', zone @ ..] => {
            let (hh, mm) = match zone {
                [_, _] => (digits(zone, 2), Some(0)),
                [_, _, _, _] => (digits(zone, 2), digits(&zone[2..], 2)),
                [_, _, b':', _, _] => (digits(zone, 2), digits(&zone[3..], 2)),
                _ => (None, None),
            };
            match (hh, mm) {
                (Some(h), Some(m)) if h <= 23 && m <= 59 => Ok(()),
                _ => bad("bad time zone offset"),
            }
        }
        _ => bad("unexpected characters after the time"),
    }
}

/// xs:duration: `-?P(nY)?(nM)?(nD)?(T(nH)?(nM)?(n(.n)?S)?)?`, at least one component,
/// and at least one after a `T`.
fn check_duration(s: &str) -> Result<(), String> {
    let bad = || Err(format!("expected an xs:duration such as PT5S, got {s:?}"));
    let body = s.strip_prefix('-').unwrap_or(s);
    let Some(body) = body.strip_prefix('P') else {
        return bad();
    };
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let Some(date_parts) = components(date, b"YMD", false) else {
        return bad();
    };
    let time_parts = match time {
        Some(t) => match components(t, b"HMS", true) {
            Some(0) | None => return bad(),
            Some(n) => n,
        },
        None => 0,
    };
    if date_parts + time_parts == 0 {
        return bad();
    }
    Ok(())
}

/// Parses `(digits designator)*` with designators in the order of `order`; only the last
/// (seconds) may carry a fraction when `fraction_last`. Returns how many were present.
fn components(mut s: &str, order: &[u8], fraction_last: bool) -> Option<usize> {
    let mut next = 0;
    let mut count = 0;
    while !s.is_empty() {
        let end = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (number, rest) = s.split_at(end);
        let designator = *rest.as_bytes().first()?;
        let at = next + order[next..].iter().position(|d| *d == designator)?;
        let is_last = at == order.len() - 1;
        let valid_number = match number.split_once('.') {
            None => !number.is_empty(),
            Some((int, frac)) => {
                fraction_last
                    && is_last
                    && !int.is_empty()
                    && !frac.is_empty()
                    && !frac.contains('.')
            }
        };
        if !valid_number {
            return None;
        }
        next = at + 1;
        count += 1;
        s = &rest[1..];
    }
    Some(count)
}
