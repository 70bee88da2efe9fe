//! Parameter types of the model file and the lexical checks behind them.

use cwmp::ValueType;

/// The type of a parameter, as written in the model file (the XML Schema types of TR-069
/// A.2.1 that CWMP carries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ParamType {
    String,
    Int,
    UnsignedInt,
    Long,
    UnsignedLong,
    Boolean,
    DateTime,
    Base64,
    HexBinary,
}

impl ParamType {
    /// The type keyword of a model line; `None` for anything else (including `object`).
    pub(crate) fn from_keyword(word: &str) -> Option<Self> {
        Some(match word {
            "string" => Self::String,
            "int" => Self::Int,
            "unsignedInt" => Self::UnsignedInt,
            "long" => Self::Long,
            "unsignedLong" => Self::UnsignedLong,
            "boolean" => Self::Boolean,
            "dateTime" => Self::DateTime,
            "base64" => Self::Base64,
            "hexBinary" => Self::HexBinary,
            _ => return None,
        })
    }

    pub(crate) fn keyword(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Int => "int",
            Self::UnsignedInt => "unsignedInt",
            Self::Long => "long",
            Self::UnsignedLong => "unsignedLong",
            Self::Boolean => "boolean",
            Self::DateTime => "dateTime",
            Self::Base64 => "base64",
            Self::HexBinary => "hexBinary",
        }
    }

    /// The type a value of this parameter is declared with on the wire.
    pub(crate) fn value_type(self) -> ValueType {
        match self {
            Self::String => ValueType::String,
            Self::Int => ValueType::Int,
            Self::UnsignedInt => ValueType::UnsignedInt,
            Self::Long => ValueType::Long,
            Self::UnsignedLong => ValueType::UnsignedLong,
            Self::Boolean => ValueType::Boolean,
            Self::DateTime => ValueType::DateTime,
            Self::Base64 => ValueType::Base64,
            Self::HexBinary => ValueType::HexBinary,
        }
    }

    /// Whether a value declared on the wire as `declared` may be given to a parameter of this
    /// type. The exact type always may; so may an untyped or `xsd:string` value and any type
    /// this model does not know (`ValueType::Other`), provided the text then converts (which
    /// [`ParamType::normalize`] checks separately). Any other known type is a mismatch.
    pub(crate) fn accepts_declared(self, declared: &ValueType) -> bool {
        matches!(declared, ValueType::String | ValueType::Other(_))
            || *declared == self.value_type()
    }

    /// The value as it is stored, if it is lexically valid for this type: strings are kept
    /// exactly as given, every other type has the surrounding whitespace XML Schema collapses
    /// removed. `None` when the text is not a value of the type.
    ///
    /// The lexical checks are the codec's ([`cwmp::ParameterValue::typed`]), with one
    /// difference: the codec reads `TRUE` and `False` leniently, as CPEs send them, while a
    /// device keeps to XML Schema's lowercase boolean for what it stores.
    pub(crate) fn normalize(self, text: &str) -> Option<&str> {
        if self == Self::String {
            return Some(text);
        }
        let t = text.trim_matches([' ', '\t', '\r', '\n']);
        if self == Self::Boolean && !matches!(t, "0" | "1" | "true" | "false") {
            return None;
        }
        cwmp::ParameterValue::new("", t, self.value_type())
            .typed()
            .is_ok()
            .then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_checks_follow_xml_schema() {
        use ParamType::*;
        assert_eq!(UnsignedInt.normalize(" 42 "), Some("42"));
        assert_eq!(UnsignedInt.normalize("-1"), None);
        assert_eq!(UnsignedInt.normalize("abc"), None);
        assert_eq!(UnsignedInt.normalize(""), None);
        assert_eq!(Int.normalize("-2147483648"), Some("-2147483648"));
        assert_eq!(Int.normalize("2147483648"), None);
        assert_eq!(Long.normalize("-9000000000"), Some("-9000000000"));
        assert_eq!(
            UnsignedLong.normalize("18446744073709551615"),
            Some("18446744073709551615")
        );
        for ok in ["0", "1", "true", "false"] {
            assert_eq!(Boolean.normalize(ok), Some(ok));
        }
        for bad in ["yes", "TRUE", "2", ""] {
            assert_eq!(Boolean.normalize(bad), None, "{bad}");
        }
        assert!(DateTime.normalize("2026-01-01T00:00:00Z").is_some());
        assert!(DateTime.normalize("0001-01-01T00:00:00Z").is_some());
        assert!(DateTime.normalize("today").is_none());
        assert!(Base64.normalize("").is_some());
        assert!(Base64.normalize("aGk=").is_some());
        assert!(Base64.normalize("aGk").is_none());
        assert!(Base64.normalize("a===").is_none());
        assert!(HexBinary.normalize("00D09e").is_some());
        assert!(HexBinary.normalize("0").is_none());
        assert!(HexBinary.normalize("zz").is_none());
        assert_eq!(String.normalize("  kept  "), Some("  kept  "));
    }

    #[test]
    fn declared_types() {
        assert!(ParamType::UnsignedInt.accepts_declared(&ValueType::UnsignedInt));
        assert!(ParamType::UnsignedInt.accepts_declared(&ValueType::String));
        assert!(ParamType::UnsignedInt.accepts_declared(&ValueType::Other("unsignedByte".into())));
        assert!(!ParamType::UnsignedInt.accepts_declared(&ValueType::Int));
        assert!(!ParamType::String.accepts_declared(&ValueType::Boolean));
        for ty in [
            "string",
            "int",
            "unsignedInt",
            "long",
            "unsignedLong",
            "boolean",
            "dateTime",
            "base64",
            "hexBinary",
        ] {
            assert_eq!(
                ParamType::from_keyword(ty).map(ParamType::keyword),
                Some(ty)
            );
        }
        assert_eq!(ParamType::from_keyword("object"), None);
        assert_eq!(ParamType::from_keyword("String"), None);
    }
}
