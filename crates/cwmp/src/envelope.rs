//! The SOAP envelope: CWMP headers (3.5, Table 4), one body message, and the namespace it
//! was (or is to be) written in.

use crate::de::{parse_bool, trimmed};
use crate::dom::{self, Element, Limits, Ns, SOAP_ENC, SOAP_ENV, XSD, XSI};
use crate::error::DecodeError;
use crate::fault::SoapFault;
use crate::message::Message;
use crate::namespace::{CwmpVersion, Namespace};
use crate::ser::XmlWriter;

/// The CWMP SOAP headers of Table 4.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// `ID`: pairs a request with its response (mustUnderstand="1").
    pub id: Option<String>,
    /// `HoldRequests` (ACS → CPE, deprecated).
    pub hold_requests: Option<bool>,
    /// `NoMoreRequests` (CPE → ACS, CWMP 1.0 only, since removed); still sent by old CPEs.
    pub no_more_requests: Option<bool>,
    /// `SessionTimeout` in seconds (CPE → ACS with the Inform, 1.3+).
    pub session_timeout: Option<u32>,
    /// `SupportedCWMPVersions` as sent ("1.0,1.1,1.2,1.3,1.4"); see [`CwmpVersion::parse_list`].
    pub supported_cwmp_versions: Option<String>,
    /// `UseCWMPVersion` (ACS → CPE with the InformResponse, 1.4).
    pub use_cwmp_version: Option<CwmpVersion>,
}

/// One CWMP SOAP envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The CWMP namespace of the envelope.
    pub namespace: Namespace,
    pub header: Header,
    pub body: Message,
}

impl Envelope {
    /// An envelope in the default (`cwmp-1-2`) namespace with just an `ID` header.
    pub fn request(id: impl Into<String>, body: impl Into<Message>) -> Self {
        Envelope {
            namespace: Namespace::default(),
            header: Header {
                id: Some(id.into()),
                ..Header::default()
            },
            body: body.into(),
        }
    }

    /// Decodes an envelope with the default [`Limits`].
    pub fn parse(input: &[u8]) -> Result<Self, DecodeError> {
        Self::parse_with(input, &Limits::default())
    }

    /// Decodes an envelope. Accepts what real CPEs send (3.5 and practice): any prefixes or
    /// default namespaces, any `cwmp-1-x` namespace, a UTF-8 byte order mark, no XML
    /// declaration, CRLF line ends, CDATA, comments and processing instructions.
    pub fn parse_with(input: &[u8], limits: &Limits) -> Result<Self, DecodeError> {
        if input.len() > limits.max_body_bytes {
            return Err(DecodeError::LimitExceeded(format!(
                "envelope of {} bytes is larger than {}",
                input.len(),
                limits.max_body_bytes
            )));
        }
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        if declares_latin1(input) {
            // Every byte is the code point of the same value in ISO-8859-1.
            let text: String = input.iter().map(|&b| char::from(b)).collect();
            return Self::from_root(&dom::parse(&text, limits)?);
        }
        let text = std::str::from_utf8(input)
            .map_err(|e| DecodeError::Malformed(format!("not UTF-8: {e}")))?;
        Self::from_root(&dom::parse(text, limits)?)
    }

    fn from_root(root: &Element<'_>) -> Result<Self, DecodeError> {
        if root.ns != Ns::SoapEnv || root.name != "Envelope" {
            return Err(DecodeError::Malformed(format!(
                "root element <{}> is not a SOAP 1.1 Envelope",
                root.name
            )));
        }
        let mut header_el = None;
        let mut body_el = None;
        for child in &root.children {
            match (child.ns, child.name) {
                (Ns::SoapEnv, "Header") if header_el.is_none() => header_el = Some(child),
                (Ns::SoapEnv, "Body") if body_el.is_none() => body_el = Some(child),
                (Ns::SoapEnv, "Header" | "Body") => {
                    return Err(DecodeError::Malformed(format!(
                        "more than one {}",
                        child.name
                    )));
                }
                _ => {}
            }
        }
        let body_el = body_el.ok_or_else(|| DecodeError::Malformed("no SOAP Body".into()))?;
        let message_el = match body_el.children.as_slice() {
            [one] => one,
            [] => return Err(DecodeError::Malformed("empty SOAP Body".into())),
            _ => {
                return Err(DecodeError::Malformed(
                    "SOAP Body holds more than one element".into(),
                ));
            }
        };

        let (body, body_namespace) = if message_el.ns == Ns::SoapEnv && message_el.name == "Fault" {
            let namespace = message_el
                .child("detail")
                .and_then(|d| d.child("Fault"))
                .and_then(cwmp_namespace);
            let fault = SoapFault::decode(message_el).map_err(|e| e.in_method("Fault"))?;
            (Message::Fault(fault), namespace)
        } else {
            (Message::decode_rpc(message_el)?, cwmp_namespace(message_el))
        };

        let header = match header_el {
            Some(el) => read_header(el)?,
            None => Header::default(),
        };
        // The body element names the namespace; a CPE that leaves the body unqualified is
        // taken at the word of its header elements, and failing those is assumed to speak
        // the namespace of CWMP 1.2 through 1.4.
        let namespace = body_namespace
            .or_else(|| header_el.and_then(|h| h.children.iter().find_map(cwmp_namespace)))
            .unwrap_or_default();
        Ok(Envelope {
            namespace,
            header,
            body,
        })
    }

    /// Encodes the envelope.
    pub fn to_xml(&self) -> String {
        let mut w = XmlWriter::with_capacity(1024);
        self.write(&mut w);
        w.buf
    }

    /// Encodes the envelope at the end of `buf`, so a session can reuse one buffer.
    pub fn write_into(&self, buf: &mut String) {
        let mut w = XmlWriter {
            buf: std::mem::take(buf),
        };
        self.write(&mut w);
        *buf = w.buf;
    }

    fn write(&self, w: &mut XmlWriter) {
        w.buf
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.buf.push_str("<soap-env:Envelope xmlns:soap-env=\"");
        w.buf.push_str(SOAP_ENV);
        w.buf.push_str("\" xmlns:soap-enc=\"");
        w.buf.push_str(SOAP_ENC);
        w.buf.push_str("\" xmlns:xsd=\"");
        w.buf.push_str(XSD);
        w.buf.push_str("\" xmlns:xsi=\"");
        w.buf.push_str(XSI);
        w.buf.push_str("\" xmlns:cwmp=\"");
        w.buf.push_str(self.namespace.uri());
        w.buf.push_str("\">\n");
        write_header(&self.header, w);
        w.open("soap-env:Body");
        self.body.encode(w);
        w.close("soap-env:Body");
        w.close("soap-env:Envelope");
    }
}

/// True when the XML declaration names ISO-8859-1 (some CPEs' firmware writes it that way);
/// everything else is read as UTF-8, the default encoding of XML.
fn declares_latin1(input: &[u8]) -> bool {
    let Some(rest) = input.strip_prefix(b"<?xml") else {
        return false;
    };
    let declaration = &rest[..rest.iter().position(|&b| b == b'>').unwrap_or(rest.len())];
    let declaration = String::from_utf8_lossy(declaration).to_ascii_lowercase();
    ["iso-8859-1", "iso8859-1", "latin1", "latin-1"]
        .iter()
        .any(|name| declaration.contains(name))
}

fn cwmp_namespace(el: &Element<'_>) -> Option<Namespace> {
    match el.ns {
        Ns::Cwmp(ns) => Some(ns),
        _ => None,
    }
}

fn read_header(el: &Element<'_>) -> Result<Header, DecodeError> {
    let mut header = Header::default();
    let invalid = |name: &str, text: &str| DecodeError::InvalidArguments {
        method: "Header".into(),
        detail: format!("{name}: {text:?} is not valid"),
    };
    for child in &el.children {
        let text = trimmed(child);
        match child.name {
            // Echoed in the response exactly as sent (Table 4), so not trimmed.
            "ID" => header.id = Some(child.text.clone().into_owned()),
            "HoldRequests" => {
                header.hold_requests =
                    Some(parse_bool(text).ok_or_else(|| invalid(child.name, text))?);
            }
            "NoMoreRequests" => {
                header.no_more_requests =
                    Some(parse_bool(text).ok_or_else(|| invalid(child.name, text))?);
            }
            "SessionTimeout" => {
                header.session_timeout = Some(text.parse().map_err(|_| invalid(child.name, text))?);
            }
            "SupportedCWMPVersions" => header.supported_cwmp_versions = Some(text.to_owned()),
            "UseCWMPVersion" => {
                header.use_cwmp_version =
                    Some(text.parse().map_err(|_| invalid(child.name, text))?);
            }
            // Other headers are ignored (3.5 lets a recipient ignore unknown elements).
            _ => {}
        }
    }
    Ok(header)
}

/// Writes the headers with the `mustUnderstand` values Table 4 fixes for each.
fn write_header(header: &Header, w: &mut XmlWriter) {
    let Header {
        id,
        hold_requests,
        no_more_requests,
        session_timeout,
        supported_cwmp_versions,
        use_cwmp_version,
    } = header;
    if id.is_none()
        && hold_requests.is_none()
        && no_more_requests.is_none()
        && session_timeout.is_none()
        && supported_cwmp_versions.is_none()
        && use_cwmp_version.is_none()
    {
        return;
    }
    let bool_text = |b: bool| if b { "1" } else { "0" };
    w.open("soap-env:Header");
    if let Some(id) = id {
        header_leaf(w, "ID", "1", id);
    }
    if let Some(hold) = hold_requests {
        header_leaf(w, "HoldRequests", "1", bool_text(*hold));
    }
    if let Some(no_more) = no_more_requests {
        header_leaf(w, "NoMoreRequests", "0", bool_text(*no_more));
    }
    if let Some(timeout) = session_timeout {
        header_leaf(w, "SessionTimeout", "0", &timeout.to_string());
    }
    if let Some(versions) = supported_cwmp_versions {
        header_leaf(w, "SupportedCWMPVersions", "0", versions);
    }
    if let Some(version) = use_cwmp_version {
        header_leaf(w, "UseCWMPVersion", "1", version.as_str());
    }
    w.close("soap-env:Header");
}

fn header_leaf(w: &mut XmlWriter, name: &str, must_understand: &str, text: &str) {
    w.buf.push_str("<cwmp:");
    w.buf.push_str(name);
    w.buf.push_str(" soap-env:mustUnderstand=\"");
    w.buf.push_str(must_understand);
    w.buf.push_str("\">");
    w.text(text);
    w.buf.push_str("</cwmp:");
    w.buf.push_str(name);
    w.buf.push_str(">\n");
}
