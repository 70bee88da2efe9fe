//! Writing envelopes: fixed prefixes, one element per line, exact `arrayType` attributes.

use crate::value::DateTime;

/// An output buffer with the few operations CWMP envelopes need.
#[derive(Debug, Default)]
pub(crate) struct XmlWriter {
    pub(crate) buf: String,
}

impl XmlWriter {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        XmlWriter {
            buf: String::with_capacity(capacity),
        }
    }

    pub(crate) fn open(&mut self, tag: &str) {
        self.buf.push('<');
        self.buf.push_str(tag);
        self.buf.push_str(">\n");
    }

    /// Opens `tag` with one attribute whose value needs no escaping (types, counts, flags).
    pub(crate) fn open_with(&mut self, tag: &str, attribute: &str, value: std::fmt::Arguments<'_>) {
        use std::fmt::Write;
        // Writing to a String cannot fail.
        let _ = writeln!(self.buf, "<{tag} {attribute}=\"{value}\">");
    }

    pub(crate) fn close(&mut self, tag: &str) {
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push_str(">\n");
    }

    /// `<tag>text</tag>`, never self-closing: some CPEs do not parse `<tag/>`.
    pub(crate) fn leaf(&mut self, tag: &str, text: &str) {
        self.buf.push('<');
        self.buf.push_str(tag);
        self.buf.push('>');
        self.text(text);
        self.leaf_end(tag);
    }

    pub(crate) fn leaf_end(&mut self, tag: &str) {
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push_str(">\n");
    }

    /// Escaped character data. Characters XML 1.0 cannot carry at all (most C0 controls,
    /// U+FFFE, U+FFFF) become U+FFFD, since no escape exists for them; a carriage return is
    /// written as `&#13;` so that the peer's line-end normalisation keeps it.
    pub(crate) fn text(&mut self, text: &str) {
        self.escaped(text, false);
    }

    /// An attribute value (inside double quotes): as [`Self::text`], and also quotes, and
    /// tabs and line feeds as references, which attribute-value normalisation would otherwise
    /// turn into spaces.
    pub(crate) fn attribute_value(&mut self, text: &str) {
        self.escaped(text, true);
    }

    fn escaped(&mut self, text: &str, in_attribute: bool) {
        let needs_work = text.bytes().any(|b| match b {
            b'&' | b'<' | b'>' | b'\r' | 0xEF => true,
            b'"' | b'\t' | b'\n' => in_attribute,
            _ => b < 0x20,
        });
        if !needs_work {
            self.buf.push_str(text);
            return;
        }
        for ch in text.chars() {
            match ch {
                '&' => self.buf.push_str("&amp;"),
                '<' => self.buf.push_str("&lt;"),
                '>' => self.buf.push_str("&gt;"),
                '\r' => self.buf.push_str("&#13;"),
                '"' if in_attribute => self.buf.push_str("&quot;"),
                '\t' if in_attribute => self.buf.push_str("&#9;"),
                '\n' if in_attribute => self.buf.push_str("&#10;"),
                '\t' | '\n' | '"' => self.buf.push(ch),
                '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => self.buf.push('\u{fffd}'),
                _ => self.buf.push(ch),
            }
        }
    }
}

/// A value that can be written as the element `tag`.
pub(crate) trait ToXml {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter);
}

impl ToXml for String {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.leaf(tag, self);
    }
}

impl ToXml for DateTime {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.leaf(tag, self.as_str());
    }
}

macro_rules! display_to_xml {
    ($($t:ty),*) => {$(
        impl ToXml for $t {
            fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
                use std::fmt::Write;
                w.buf.push('<');
                w.buf.push_str(tag);
                w.buf.push('>');
                let _ = write!(w.buf, "{self}");
                w.leaf_end(tag);
            }
        }
    )*};
}
display_to_xml!(u32, i32);

/// Booleans go out as "1"/"0", the form of every example in TR-069 (A.2.1 allows both).
impl ToXml for bool {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.leaf(tag, if *self { "1" } else { "0" });
    }
}

impl<T: ToXml> ToXml for Option<T> {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        if let Some(value) = self {
            value.write_xml(tag, w);
        }
    }
}

/// An element type that can be a member of a SOAP-encoded array (TR-069 3.5): members are
/// named after their type, unqualified, and the array carries `soap-enc:arrayType`.
pub(crate) trait ArrayItem {
    /// Member element name.
    const ITEM: &'static str;
    /// `arrayType` without the length, e.g. `cwmp:ParameterValueStruct`.
    const ARRAY_TYPE: &'static str;
}

impl ArrayItem for String {
    const ITEM: &'static str = "string";
    const ARRAY_TYPE: &'static str = "xsd:string";
}

impl<T: ToXml + ArrayItem> ToXml for Vec<T> {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.open_with(
            tag,
            "soap-enc:arrayType",
            format_args!("{}[{}]", T::ARRAY_TYPE, self.len()),
        );
        for item in self {
            item.write_xml(T::ITEM, w);
        }
        w.close(tag);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_replaces_what_xml_cannot_carry() {
        let mut w = XmlWriter::default();
        w.text("a<b>&c\r\n\t\u{1}\u{ffff}é");
        assert_eq!(w.buf, "a&lt;b&gt;&amp;c&#13;\n\t\u{fffd}\u{fffd}é");
    }

    #[test]
    fn attribute_values_escape_quotes_and_whitespace() {
        let mut w = XmlWriter::default();
        w.attribute_value("a\"b\tc\nd<&");
        assert_eq!(w.buf, "a&quot;b&#9;c&#10;d&lt;&amp;");
    }

    #[test]
    fn arrays_carry_exact_array_type() {
        let mut w = XmlWriter::default();
        vec!["A.".to_owned(), "B.".to_owned()].write_xml("ParameterNames", &mut w);
        assert_eq!(
            w.buf,
            "<ParameterNames soap-enc:arrayType=\"xsd:string[2]\">\n<string>A.</string>\n<string>B.</string>\n</ParameterNames>\n"
        );
    }
}
