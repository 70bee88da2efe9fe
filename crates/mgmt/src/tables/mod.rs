//! The spec tables of management enablement, as data, each checked row by row against the
//! spec text in its tests.

pub mod exec;
pub mod params;
pub mod status;
