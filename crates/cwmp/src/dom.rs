//! A small element tree built from quick-xml's event reader.
//!
//! Envelopes are small (an Inform is a few KB) and real CPEs order, prefix and space their
//! elements freely, so decoding works on a tree rather than on the event stream: each element
//! knows which namespace it is in (resolved from the `xmlns` declarations in scope, never by
//! prefix), its local name, the one attribute CWMP input gives meaning to (`xsi:type`), its
//! text (entity references, character references and CDATA sections joined, line ends
//! normalised) and its children. Names borrow from the input.
//!
//! Namespaces are resolved here rather than by quick-xml's `NsReader`: CWMP cares about three
//! namespaces on a handful of elements, and resolving only what the `xmlns` attributes
//! declare, into those three classes, made decoding an Inform a fifth faster.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::de::trim_xml;
use crate::error::DecodeError;
use crate::namespace::Namespace;

pub(crate) const SOAP_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub(crate) const SOAP_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
pub(crate) const XSD: &str = "http://www.w3.org/2001/XMLSchema";
pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Bounds on what the decoder accepts, so a hostile or broken peer cannot make it allocate
/// without limit. Exceeding one is [`DecodeError::LimitExceeded`] (fault 8004/9004).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest envelope in bytes. TR-069 3.5 requires at least 32 KiB; a
    /// GetParameterValuesResponse for a whole TR-181 tree runs to a few MiB.
    pub max_body_bytes: usize,
    /// Deepest element nesting. The deepest CWMP message (ChangeDUState in array style) needs 7.
    pub max_depth: usize,
    /// Most children of one element, i.e. the longest array.
    pub max_array_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 16 * 1024 * 1024,
            max_depth: 32,
            max_array_len: 200_000,
        }
    }
}

/// Which namespace an element is in, as far as CWMP cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    SoapEnv,
    Cwmp(Namespace),
    /// No namespace, an undeclared prefix, or one CWMP gives no meaning to.
    Other,
}

#[derive(Debug)]
pub(crate) struct Element<'a> {
    pub(crate) ns: Ns,
    pub(crate) name: &'a str,
    /// Local part of `xsi:type` ("string" for `xsd:string`).
    pub(crate) xsi_type: Option<Cow<'a, str>>,
    pub(crate) text: Cow<'a, str>,
    pub(crate) children: Vec<Element<'a>>,
}

impl<'a> Element<'a> {
    pub(crate) fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    pub(crate) fn children_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse<'a>(input: &'a str, limits: &Limits) -> Result<Element<'a>, DecodeError> {
    let mut reader = Reader::from_str(input);
    let mut scopes = Scopes::default();
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;

    let mut stack: Vec<Element<'a>> = Vec::new();
    let mut root: Option<Element<'a>> = None;
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(DecodeError::Malformed(
                    "content after the root element".into(),
                ));
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                if stack.len() >= limits.max_depth {
                    return Err(DecodeError::LimitExceeded(format!(
                        "elements nested deeper than {}",
                        limits.max_depth
                    )));
                }
                let element = open(input, &mut scopes, stack.len(), start)?;
                if matches!(event, Event::Start(_)) {
                    stack.push(element);
                } else {
                    scopes.leave(stack.len());
                    close(element, &mut stack, &mut root, limits)?;
                }
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| DecodeError::Malformed("unexpected end tag".into()))?;
                scopes.leave(stack.len());
                close(element, &mut stack, &mut root, limits)?;
            }
            Event::Text(text) => {
                let content = text.xml10_content();
                match stack.last_mut() {
                    // Indentation between child elements: CWMP has no mixed content, so the
                    // text of an element with children carries nothing and is not kept.
                    Some(top) if !top.children.is_empty() && is_xml_space(&content) => {}
                    Some(top) => append(&mut top.text, content),
                    None if is_xml_space(&content) => {}
                    None => {
                        return Err(DecodeError::Malformed(
                            "text outside the root element".into(),
                        ));
                    }
                }
            }
            Event::CData(data) => {
                let top = stack.last_mut().ok_or_else(|| {
                    DecodeError::Malformed("CDATA outside the root element".into())
                })?;
                let content = data.xml10_content();
                append(&mut top.text, content);
            }
            Event::GeneralRef(reference) => {
                let top = stack.last_mut().ok_or_else(|| {
                    DecodeError::Malformed("reference outside the root element".into())
                })?;
                let ch = match reference.resolve_char_ref().map_err(xml_error)? {
                    Some(ch) => ch,
                    None => predefined_entity(&reference.into_inner())?,
                };
                top.text.to_mut().push(ch);
            }
            Event::Eof => break,
            // Declarations, comments and processing instructions carry nothing (TR-069 3.5
            // lets the recipient ignore them). A DOCTYPE could declare entities; none is
            // expanded, so it is ignored the same way.
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(DecodeError::Malformed(
            "document ends inside an element".into(),
        ));
    }
    root.ok_or_else(|| DecodeError::Malformed("no root element".into()))
}

fn close<'a>(
    element: Element<'a>,
    stack: &mut [Element<'a>],
    root: &mut Option<Element<'a>>,
    limits: &Limits,
) -> Result<(), DecodeError> {
    match stack.last_mut() {
        Some(parent) => {
            if parent.children.is_empty() && is_xml_space(&parent.text) {
                parent.text = Cow::Borrowed("");
            }
            if parent.children.len() >= limits.max_array_len {
                return Err(DecodeError::LimitExceeded(format!(
                    "<{}> has more than {} children",
                    parent.name, limits.max_array_len
                )));
            }
            parent.children.push(element);
        }
        None => *root = Some(element),
    }
    Ok(())
}

fn open<'a>(
    input: &'a str,
    scopes: &mut Scopes<'a>,
    depth: usize,
    start: &BytesStart<'a>,
) -> Result<Element<'a>, DecodeError> {
    let mut xsi_type = None;
    // Most elements carry no attribute at all.
    if start.attributes_raw().contains('=') {
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| DecodeError::Malformed(e.to_string()))?;
            let key = attribute.key.as_ref();
            let value = || {
                attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map(|v| reborrow(input, v))
                    .map_err(xml_error)
            };
            if key == "xmlns" {
                scopes.declare(Cow::Borrowed(""), classify(&value()?), depth)?;
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                let prefix = reborrow(input, Cow::Borrowed(prefix));
                scopes.declare(prefix, classify(&value()?), depth)?;
            } else if attribute.key.local_name().as_ref() == "type" {
                // Matched on the local name alone: CPEs write `xsi:type` with the xsi prefix
                // left undeclared often enough that insisting on the namespace would refuse
                // real devices, and CWMP defines no other attribute of that name.
                xsi_type = Some(local_part(value()?));
            }
        }
    }
    let qname = start.name().0;
    let prefix = qname.split_once(':').map_or("", |(prefix, _)| prefix);
    Ok(Element {
        ns: scopes.resolve(prefix),
        name: borrowed_local_name(input, start)?,
        xsi_type,
        text: Cow::Borrowed(""),
        children: Vec::new(),
    })
}

/// The `xmlns` declarations in scope, innermost last, each classified once when declared.
#[derive(Default)]
struct Scopes<'a> {
    bindings: Vec<(Cow<'a, str>, Ns, usize)>,
}

impl<'a> Scopes<'a> {
    /// Real envelopes declare a handful of namespaces; the bound keeps a hostile document
    /// from making every lookup scan thousands of them.
    const MAX_IN_SCOPE: usize = 64;

    fn declare(&mut self, prefix: Cow<'a, str>, ns: Ns, depth: usize) -> Result<(), DecodeError> {
        if self.bindings.len() >= Self::MAX_IN_SCOPE {
            return Err(DecodeError::LimitExceeded(format!(
                "more than {} namespace declarations in scope",
                Self::MAX_IN_SCOPE
            )));
        }
        self.bindings.push((prefix, ns, depth));
        Ok(())
    }

    /// The namespace of `prefix` ("" for the default namespace). An unbound default or an
    /// undeclared prefix is no namespace CWMP knows.
    fn resolve(&self, prefix: &str) -> Ns {
        self.bindings
            .iter()
            .rev()
            .find(|(p, _, _)| p == prefix)
            .map_or(Ns::Other, |(_, ns, _)| *ns)
    }

    /// Drops the declarations made by the element at `depth`, which just closed.
    fn leave(&mut self, depth: usize) {
        while self.bindings.last().is_some_and(|(_, _, d)| *d >= depth) {
            self.bindings.pop();
        }
    }
}

/// The local name of a start tag as a slice of the input. The reader parses a `&str` in place,
/// so the tag's bytes lie inside `input`; their offset is found from the addresses, which
/// needs no unsafe code and is checked against the input's bounds.
fn borrowed_local_name<'a>(input: &'a str, start: &BytesStart<'_>) -> Result<&'a str, DecodeError> {
    let local = start.local_name();
    let bytes = local.as_ref();
    let offset = (bytes.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    input
        .get(offset..offset.wrapping_add(bytes.len()))
        .filter(|slice| slice.as_ptr() == bytes.as_ptr())
        .ok_or_else(|| DecodeError::Malformed("element name outside the input".into()))
}

/// Re-ties a string the reader handed out to the input's lifetime when it is a slice of the
/// input (the common case: no references in an attribute value); copies it otherwise.
fn reborrow<'a>(input: &'a str, value: Cow<'_, str>) -> Cow<'a, str> {
    if let Cow::Borrowed(s) = &value {
        let offset = (s.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
        if let Some(slice) = input.get(offset..offset.wrapping_add(s.len()))
            && slice.as_ptr() == s.as_ptr()
        {
            return Cow::Borrowed(slice);
        }
    }
    Cow::Owned(value.into_owned())
}

fn local_part(value: Cow<'_, str>) -> Cow<'_, str> {
    match value {
        Cow::Borrowed(s) => Cow::Borrowed(trim_xml(s.rsplit(':').next().unwrap_or(s))),
        Cow::Owned(s) => Cow::Owned(trim_xml(s.rsplit(':').next().unwrap_or(&s)).to_owned()),
    }
}

fn classify(uri: &str) -> Ns {
    if uri == SOAP_ENV {
        Ns::SoapEnv
    } else {
        Namespace::from_uri(uri).map_or(Ns::Other, Ns::Cwmp)
    }
}

fn is_xml_space(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn append<'a>(text: &mut Cow<'a, str>, more: Cow<'a, str>) {
    if text.is_empty() {
        *text = more;
    } else {
        text.to_mut().push_str(&more);
    }
}

fn predefined_entity(name: &str) -> Result<char, DecodeError> {
    Ok(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        other => {
            return Err(DecodeError::Malformed(format!("unknown entity &{other};")));
        }
    })
}

fn xml_error(e: impl std::fmt::Display) -> DecodeError {
    DecodeError::Malformed(e.to_string())
}
