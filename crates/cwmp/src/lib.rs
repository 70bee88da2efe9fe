//! The CWMP wire format (TR-069 Amendment 5, CWMP 1.0–1.4): SOAP envelopes, every RPC of
//! Annex A as a typed Rust value in both directions, SOAP faults with `cwmp:Fault`, the fault
//! code tables of A.5, and the version negotiation of 3.7.4.
//!
//! This crate owns bytes ⇄ values and nothing else. It performs no I/O and knows nothing of
//! HTTP, sessions, storage or oneM2M; the ACS feeds it request bodies and acts on what it
//! returns. Every decoding failure is a typed [`DecodeError`] that names the fault the session
//! layer should answer with, and no input may make it panic.
//!
//! ```
//! use cwmp::{Envelope, Message, rpc::GetRpcMethods};
//! let bytes = Envelope::request("1", Message::GetRpcMethods(GetRpcMethods {})).to_xml();
//! let back = Envelope::parse(bytes.as_bytes()).unwrap();
//! assert_eq!(back.header.id.as_deref(), Some("1"));
//! assert_eq!(back.body.method_name(), "GetRPCMethods");
//! ```

#[cfg(test)]
mod arbitrary;
mod de;
mod dom;
mod envelope;
mod error;
pub mod fault;
mod message;
mod namespace;
pub mod rpc;
mod ser;
mod value;

pub use dom::Limits;
pub use envelope::{Envelope, Header};
pub use error::DecodeError;
pub use fault::{AcsFaultCode, CpeFaultCode, FaultInfo, FaultSource, SoapFault};
pub use message::Message;
pub use namespace::{CwmpVersion, Namespace, Negotiation, negotiate};
pub use value::{DateTime, ParameterValue, TypedValue, ValueError, ValueType};
