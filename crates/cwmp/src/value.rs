//! Parameter values with their declared type (`xsi:type`, A.2.1 and 3.5).

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;

use crate::de::{FromXml, field, parse_bool};
use crate::dom::Element;
use crate::error::DecodeError;
use crate::ser::{ArrayItem, ToXml, XmlWriter};

/// The declared type of a parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ValueType {
    #[default]
    String,
    Int,
    UnsignedInt,
    Long,
    UnsignedLong,
    Boolean,
    DateTime,
    Base64,
    HexBinary,
    /// Any other XML Schema type a CPE declares (e.g. `unsignedByte`), kept by its local name.
    Other(String),
}

impl ValueType {
    /// Reads the local part of an `xsi:type`. The prefix is not checked: CPEs use `xsd:`,
    /// `xs:`, `soap-enc:` or an undeclared one, all meaning the XML Schema type of that name.
    pub fn from_xsi(local: &str) -> Self {
        match local {
            "string" => Self::String,
            "int" => Self::Int,
            "unsignedInt" => Self::UnsignedInt,
            "long" => Self::Long,
            "unsignedLong" => Self::UnsignedLong,
            "boolean" => Self::Boolean,
            "dateTime" => Self::DateTime,
            "base64" | "base64Binary" => Self::Base64,
            "hexBinary" => Self::HexBinary,
            // Attribute-value normalisation makes tabs and line ends spaces (XML 1.0 3.3.3);
            // doing the same here keeps the name as it will read back.
            other => Self::Other(other.replace(['\t', '\n', '\r'], " ")),
        }
    }

    /// The `xsi:type` this type is written with.
    pub fn xsi_type(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            Self::String => "xsd:string",
            Self::Int => "xsd:int",
            Self::UnsignedInt => "xsd:unsignedInt",
            Self::Long => "xsd:long",
            Self::UnsignedLong => "xsd:unsignedLong",
            Self::Boolean => "xsd:boolean",
            Self::DateTime => "xsd:dateTime",
            Self::Base64 => "xsd:base64",
            Self::HexBinary => "xsd:hexBinary",
            Self::Other(name) => return Cow::Owned(format!("xsd:{name}")),
        })
    }
}

/// An xsd:dateTime as the peer wrote it (A.2.1). Kept as text: CPEs send UTC, relative
/// time since boot (`0001-01-03T03:04:05`) and the Unknown Time, and an ACS must store and
/// echo all of them unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime(String);

impl DateTime {
    /// "Unknown Time" of A.2.1.
    pub const UNKNOWN: &'static str = "0001-01-01T00:00:00Z";

    pub fn new(text: impl Into<String>) -> Self {
        DateTime(text.into())
    }

    pub fn unknown() -> Self {
        DateTime(Self::UNKNOWN.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_unknown(&self) -> bool {
        self.0 == Self::UNKNOWN
    }

    /// True for A.2.1's relative time since boot: a valid dateTime with no time zone and a year
    /// below 1000.
    pub fn is_relative(&self) -> bool {
        let has_zone = self.0.ends_with('Z')
            || self
                .0
                .get(19..)
                .is_some_and(|zone| zone.contains(['+', '-']));
        self.is_valid()
            && !has_zone
            && self
                .0
                .get(..4)
                .and_then(|y| y.parse::<u32>().ok())
                .is_some_and(|y| y < 1000)
    }

    /// Whether the text is lexically an xsd:dateTime (`YYYY-MM-DDThh:mm:ss[.s+][zone]`).
    pub fn is_valid(&self) -> bool {
        is_xsd_date_time(&self.0)
    }
}

impl Default for DateTime {
    fn default() -> Self {
        Self::unknown()
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_xsd_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 19
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let number = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(99);
    if !(1..=12).contains(&number(5..7))
        || !(1..=31).contains(&number(8..10))
        || number(11..13) > 24
        || number(14..16) > 59
        || number(17..19) > 60
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest.as_bytes() {
        [] | [b'Z'] => true,
        [sign, h1, h2, b':', m1, m2] => {
            matches!(sign, b'+' | b'-') && [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
        }
        _ => false,
    }
}

/// One entry of a ParameterList: a parameter's full path name and its value with the type it
/// was declared with. The value text is kept exactly as sent (whitespace included), so what a
/// CPE reports is what the ACS stores.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ParameterValue {
    pub name: String,
    pub value: String,
    pub value_type: ValueType,
}

/// A parameter value read according to its declared type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedValue<'a> {
    String(&'a str),
    Int(i32),
    UnsignedInt(u32),
    Long(i64),
    UnsignedLong(u64),
    Boolean(bool),
    DateTime(&'a str),
    Base64(Vec<u8>),
    HexBinary(Vec<u8>),
    Other(&'a str),
}

/// A value that does not match its declared type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("value {value:?} of {name} is not a valid {xsi_type}")]
pub struct ValueError {
    pub name: String,
    pub value: String,
    pub xsi_type: String,
}

impl ParameterValue {
    pub fn new(name: impl Into<String>, value: impl Into<String>, value_type: ValueType) -> Self {
        ParameterValue {
            name: name.into(),
            value: value.into(),
            value_type,
        }
    }

    pub fn string(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(name, value, ValueType::String)
    }

    pub fn int(name: impl Into<String>, value: i32) -> Self {
        Self::new(name, value.to_string(), ValueType::Int)
    }

    pub fn unsigned_int(name: impl Into<String>, value: u32) -> Self {
        Self::new(name, value.to_string(), ValueType::UnsignedInt)
    }

    pub fn long(name: impl Into<String>, value: i64) -> Self {
        Self::new(name, value.to_string(), ValueType::Long)
    }

    pub fn unsigned_long(name: impl Into<String>, value: u64) -> Self {
        Self::new(name, value.to_string(), ValueType::UnsignedLong)
    }

    pub fn boolean(name: impl Into<String>, value: bool) -> Self {
        Self::new(
            name,
            if value { "true" } else { "false" },
            ValueType::Boolean,
        )
    }

    pub fn date_time(name: impl Into<String>, value: &DateTime) -> Self {
        Self::new(name, value.as_str(), ValueType::DateTime)
    }

    pub fn base64(name: impl Into<String>, bytes: &[u8]) -> Self {
        let text = base64::engine::general_purpose::STANDARD.encode(bytes);
        Self::new(name, text, ValueType::Base64)
    }

    pub fn hex_binary(name: impl Into<String>, bytes: &[u8]) -> Self {
        let text: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
        Self::new(name, text, ValueType::HexBinary)
    }

    /// The value read as its declared type. Whitespace around numbers, booleans and dates is
    /// ignored (XML Schema collapses it for those types); strings are returned as sent.
    pub fn typed(&self) -> Result<TypedValue<'_>, ValueError> {
        let t = self.value.trim();
        let typed = match &self.value_type {
            ValueType::String => Some(TypedValue::String(&self.value)),
            ValueType::Int => t.parse().ok().map(TypedValue::Int),
            ValueType::UnsignedInt => t.parse().ok().map(TypedValue::UnsignedInt),
            ValueType::Long => t.parse().ok().map(TypedValue::Long),
            ValueType::UnsignedLong => t.parse().ok().map(TypedValue::UnsignedLong),
            ValueType::Boolean => parse_bool(t).map(TypedValue::Boolean),
            ValueType::DateTime => is_xsd_date_time(t).then_some(TypedValue::DateTime(t)),
            ValueType::Base64 => {
                let compact: String = t.chars().filter(|c| !c.is_ascii_whitespace()).collect();
                base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .ok()
                    .map(TypedValue::Base64)
            }
            ValueType::HexBinary => decode_hex(t).map(TypedValue::HexBinary),
            ValueType::Other(_) => Some(TypedValue::Other(&self.value)),
        };
        typed.ok_or_else(|| ValueError {
            name: self.name.clone(),
            value: self.value.clone(),
            xsi_type: self.value_type.xsi_type().into_owned(),
        })
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

impl FromXml for ParameterValue {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        let name: String = field(el, "Name")?;
        let value = el
            .child("Value")
            .ok_or_else(|| DecodeError::invalid(format!("<Value> of {name} is missing")))?;
        // 3.5 requires xsi:type on anySimpleType; a CPE that leaves it out means a string.
        let value_type = value
            .xsi_type
            .as_deref()
            .map_or(ValueType::String, ValueType::from_xsi);
        Ok(ParameterValue {
            name,
            value: value.text.clone().into_owned(),
            value_type,
        })
    }
}

impl ToXml for ParameterValue {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.open(tag);
        w.leaf("Name", &self.name);
        w.buf.push_str("<Value xsi:type=\"");
        w.attribute_value(&self.value_type.xsi_type());
        w.buf.push_str("\">");
        w.text(&self.value);
        w.leaf_end("Value");
        w.close(tag);
    }
}

impl ArrayItem for ParameterValue {
    const ITEM: &'static str = "ParameterValueStruct";
    const ARRAY_TYPE: &'static str = "cwmp:ParameterValueStruct";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_follow_their_declared_type() {
        assert_eq!(
            ParameterValue::int("a", -5).typed(),
            Ok(TypedValue::Int(-5))
        );
        assert_eq!(
            ParameterValue::unsigned_long("a", u64::MAX).typed(),
            Ok(TypedValue::UnsignedLong(u64::MAX))
        );
        assert_eq!(
            ParameterValue::new("a", " 1 ", ValueType::Boolean).typed(),
            Ok(TypedValue::Boolean(true))
        );
        assert_eq!(
            ParameterValue::base64("a", b"\x00\xffhi").typed(),
            Ok(TypedValue::Base64(b"\x00\xffhi".to_vec()))
        );
        assert_eq!(
            ParameterValue::hex_binary("a", &[0xde, 0xad]).typed(),
            Ok(TypedValue::HexBinary(vec![0xde, 0xad]))
        );
        let bad = ParameterValue::new("Device.X", "-1", ValueType::UnsignedInt);
        assert_eq!(bad.typed().unwrap_err().xsi_type, "xsd:unsignedInt");
        assert!(
            ParameterValue::new("a", "abc", ValueType::HexBinary)
                .typed()
                .is_err()
        );
    }

    #[test]
    fn date_times_of_a_2_1() {
        for ok in [
            "2026-11-23T10:15:30Z",
            "2026-11-23T10:15:30.123+01:00",
            "0001-01-03T03:04:05",
            DateTime::UNKNOWN,
        ] {
            assert!(DateTime::new(ok).is_valid(), "{ok}");
        }
        for bad in [
            "2026-13-01T00:00:00Z",
            "yesterday",
            "2026-11-23 10:15:30Z",
            "2026-11-23T10:15:30+1",
        ] {
            assert!(!DateTime::new(bad).is_valid(), "{bad}");
        }
        assert!(DateTime::new("0001-01-03T03:04:05").is_relative());
        assert!(!DateTime::unknown().is_relative());
        assert!(DateTime::unknown().is_unknown());
        // Multi-byte text where a zone would be must not be sliced mid-character.
        assert!(!DateTime::new("0001-01-01T00:00:0éé").is_relative());
    }
}
