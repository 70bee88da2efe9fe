//! The oneM2M vocabulary dmgate speaks to applications: response status codes and their
//! HTTP mapping (TS-0004 6.6, TS-0009 6.3.2), and, as the CSE lands, resource types, short
//! names and primitives.
//!
//! Pure data and conversions: no I/O, no HTTP server, nothing about devices. Every table
//! copied from a specification is checked row by row against the spec text by a test.

pub mod exec_args;
pub mod filter;
mod resource_type;
mod rsc;
pub mod schema;
pub mod short_names;

pub use resource_type::{ResourceType, TYPE_SHORT_NAMES, type_name_of_short};
pub use rsc::Rsc;
