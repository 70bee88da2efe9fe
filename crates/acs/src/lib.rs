//! The TR-069 Auto-Configuration Server: CWMP sessions over HTTP(S) (TR-069 3.7), CPE
//! authentication, Connection Requests (3.2.2), and the durable per-device task queue that
//! carries work to devices across sessions, restarts and nodes.
//!
//! This crate owns the meaning of CWMP sessions and the task state machine's use. It knows
//! nothing of oneM2M: the management layer talks to it through [`Acs`] (queue a task, await
//! its outcome, follow [`AcsEvent`]s). The wire format comes from `cwmp`, persistence from
//! `store`.

mod api;
mod auth;
mod config;
mod connreq;
mod cookie;
mod device_id;
mod engine;
mod events;
mod http_client;
mod server;
mod sessions;
mod stats;

pub use api::{Acs, AcsError, Awaited, FileSource, TaskRequest};
pub use config::{AcsConfig, AuthMode, ConnectionRequestConfig, TlsConfig};
pub use connreq::CrOutcome;
pub use device_id::device_id;
pub use events::{AcsEvent, InformEvent, SessionEnd};
pub use server::AcsServer;
pub use stats::StatsSnapshot;

/// Now, in Unix milliseconds: the clock every stored time uses.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
