//! Reading typed values out of the element tree.
//!
//! Child elements are matched by local name in any namespace: the schema makes them
//! unqualified (TR-069 3.5), but some CPEs qualify them with the CWMP prefix, and both mean the
//! same. Unknown children are skipped, as 3.5 allows. Text of every field but a parameter's
//! `Value` is trimmed: names, keys, numbers and dates carry no meaningful outer whitespace,
//! and pretty-printing CPEs add it.

use crate::dom::Element;
use crate::error::DecodeError;
use crate::value::DateTime;

pub(crate) trait FromXml: Sized {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError>;

    /// The value when the element is missing: an error unless the type is optional.
    fn absent(tag: &str) -> Result<Self, DecodeError> {
        Err(DecodeError::invalid(format!("<{tag}> is missing")))
    }
}

/// Reads the child `tag` of `parent`.
pub(crate) fn field<T: FromXml>(parent: &Element<'_>, tag: &str) -> Result<T, DecodeError> {
    match parent.child(tag) {
        Some(el) => T::from_xml(el).map_err(|e| match e {
            DecodeError::InvalidArguments { method, detail } => DecodeError::InvalidArguments {
                method,
                detail: format!("{tag}: {detail}"),
            },
            other => other,
        }),
        None => T::absent(tag),
    }
}

pub(crate) fn trimmed<'e>(el: &'e Element<'_>) -> &'e str {
    trim_xml(&el.text)
}

/// Trims XML whitespace (space, tab, CR, LF) only; a no-break space is content.
pub(crate) fn trim_xml(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

impl FromXml for String {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(trimmed(el).to_owned())
    }
}

impl FromXml for DateTime {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(DateTime::new(trimmed(el)))
    }
}

macro_rules! parse_from_xml {
    ($($t:ty => $what:literal),*) => {$(
        impl FromXml for $t {
            fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
                let text = trimmed(el);
                text.parse().map_err(|_| {
                    DecodeError::invalid(format!("{text:?} is not {}", $what))
                })
            }
        }
    )*};
}
parse_from_xml!(u32 => "an unsignedInt", i32 => "an int");

impl FromXml for bool {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        parse_bool(trimmed(el))
            .ok_or_else(|| DecodeError::invalid(format!("{:?} is not a boolean", trimmed(el))))
    }
}

/// A.2.1: "0", "1", "true" and "false". Letter case is forgiven, as CPEs write "True".
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" => Some(true),
        "0" => Some(false),
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

impl<T: FromXml> FromXml for Option<T> {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        T::from_xml(el).map(Some)
    }
    fn absent(_: &str) -> Result<Self, DecodeError> {
        Ok(None)
    }
}

/// Arrays: every child element is a member, whatever its name, and `arrayType` is not
/// required — CPEs omit it or get its count wrong, and neither changes the meaning. A missing
/// array reads as empty.
impl<T: FromXml> FromXml for Vec<T> {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        el.children.iter().map(T::from_xml).collect()
    }
    fn absent(_: &str) -> Result<Self, DecodeError> {
        Ok(Vec::new())
    }
}
