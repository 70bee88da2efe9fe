//! The oneM2M CSE: the resource tree and every procedure on it — Create, Retrieve, Update,
//! Delete and Notify (TS-0004 7.2–7.4), addressing (TS-0004 6.2.3), access control
//! (TS-0001 9.6.2), subscriptions and notifications (TS-0004 7.4.8, 7.5.1), discovery
//! (TS-0004 7.3.3.17), groups with fan-out, non-blocking requests with `<request>`
//! resources, expiry — and the HTTP binding that carries them (TS-0009).
//!
//! It owns oneM2M semantics and knows nothing of devices: `<node>`, `<mgmtObj>`,
//! `<mgmtCmd>` and `<execInstance>` are resources here. What they do to a device is
//! decided by the management layer above it; a node with no device behind it is a plain
//! stored resource whose executable attributes are accepted and reset.

mod access;
mod address;
mod binding;
mod config;
mod content;
mod engine;
mod error;
mod ids;
mod kinds;
mod management;
mod notify;
mod ops;
mod persist;
mod primitive;
mod resource;
mod server;
pub mod time;
mod tree;
mod txn;
mod validate;

pub use config::{CseConfig, TlsConfig};
pub use engine::Cse;
pub use error::{CseError, CseResult};
pub use management::{Carried, Created, Management, MgmtFuture};
pub use primitive::{Operation, Request, Response, ResponseType};
pub use resource::Resource;
pub use server::CseServer;

pub(crate) use engine::Inner;
