//! Management enablement (TS-0006): where oneM2M meets the device. A CPE's Informs become
//! its `<node>` and `<mgmtObj>`s; Retrieve, Update, Create and Delete of those, Execute and
//! Cancel of `<mgmtCmd>`/`<execInstance>`, and `[myCertFileCred]` become TR-069 RPCs queued
//! through the ACS; what the device reports back sets the resources, which notifies.
//!
//! It owns the mappings (all of them tables in [`tables`]) and the lifecycle of commands.
//! It knows nothing of HTTP: the CSE calls it through `cse::Management`, and it reaches
//! devices only through the ACS's task API.

pub mod tables;

mod certificates;
mod commands;
mod device;
mod discovery;
mod files;
mod layer;
mod manager;
mod objects;
mod paths;
mod rows;
mod signals;

pub use manager::{Manager, MgmtConfig};
