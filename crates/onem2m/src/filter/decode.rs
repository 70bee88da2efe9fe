//! Percent-decoding (RFC 3986 2.1) and the `+` conventions of query values.
//!
//! `+` is looked at before decoding, so `%2B` is always a literal plus:
//! * in list-typed fields a raw `+` separates list items (TS-0009 6.2.2.2: `ty=2+3+4`);
//! * in single values a raw `+` is a space, the form-encoding convention (TS-0009 gives `+`
//!   a meaning only between list items; a SPARQL `smf` or a `lbq` expression has spaces).

/// Percent-decodes `raw`; the result must be UTF-8.
pub(super) fn percent_decode(raw: &str) -> Result<String, &'static str> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).and_then(|&h| hex_digit(h));
            let lo = bytes.get(i + 2).and_then(|&l| hex_digit(l));
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err("malformed percent-encoding");
            };
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "percent-encoding does not decode to UTF-8")
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A single value: raw `+` becomes a space, then percent-decoding.
pub(super) fn single(raw: &str) -> Result<String, &'static str> {
    percent_decode(&raw.replace('+', " "))
}

/// A list value: split at raw `+`, decode each item, drop empty items (`ty=2++3`, `ty=`).
pub(super) fn list(raw: &str) -> Result<Vec<String>, &'static str> {
    let mut items = Vec::new();
    for item in raw.split('+').filter(|item| !item.is_empty()) {
        items.push(percent_decode(item)?);
    }
    Ok(items)
}

/// Alternative values of one attribute condition: split at raw `+` like a list, but empty
/// items are kept, so `cr=` still asks for an empty creator rather than vanishing.
pub(super) fn alternatives(raw: &str) -> Result<Vec<String>, &'static str> {
    raw.split('+').map(percent_decode).collect()
}
