//! Counters an operator watches; the binary exports them as metrics.

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) informs: AtomicU64,
    pub(crate) sessions_opened: AtomicU64,
    pub(crate) sessions_refused: AtomicU64,
    pub(crate) sessions_timed_out: AtomicU64,
    pub(crate) auth_failures: AtomicU64,
    pub(crate) bad_requests: AtomicU64,
    pub(crate) rpcs_sent: AtomicU64,
    pub(crate) connection_requests_sent: AtomicU64,
    pub(crate) connection_requests_failed: AtomicU64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub informs: u64,
    pub sessions_opened: u64,
    pub sessions_refused: u64,
    pub sessions_timed_out: u64,
    pub auth_failures: u64,
    pub bad_requests: u64,
    pub rpcs_sent: u64,
    pub connection_requests_sent: u64,
    pub connection_requests_failed: u64,
}

impl Stats {
    pub(crate) fn snapshot(&self) -> StatsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        StatsSnapshot {
            informs: get(&self.informs),
            sessions_opened: get(&self.sessions_opened),
            sessions_refused: get(&self.sessions_refused),
            sessions_timed_out: get(&self.sessions_timed_out),
            auth_failures: get(&self.auth_failures),
            bad_requests: get(&self.bad_requests),
            rpcs_sent: get(&self.rpcs_sent),
            connection_requests_sent: get(&self.connection_requests_sent),
            connection_requests_failed: get(&self.connection_requests_failed),
        }
    }
}
