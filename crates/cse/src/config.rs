//! What an operator sets: identities of the CSE, the listener, limits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// TLS material for the HTTPS binding.
#[derive(Debug, Clone)]
pub struct TlsConfig {
    pub certificate_chain: PathBuf,
    pub private_key: PathBuf,
}

/// Configuration of the CSE and its HTTP binding.
#[derive(Debug, Clone)]
pub struct CseConfig {
    /// Where the HTTP binding listens.
    pub listen: SocketAddr,
    pub tls: Option<TlsConfig>,
    /// CSE-ID with its leading slash, e.g. `/id-in`.
    pub cse_id: String,
    /// resourceName of the CSEBase, e.g. `cse-in`.
    pub cse_name: String,
    /// M2M-SP-ID used in absolute addresses (`/_/<sp-id>/...`).
    pub sp_id: String,
    /// The originator that may do anything.
    pub admin: String,
    /// Point of access announced on the CSEBase (`poa`).
    pub point_of_access: Vec<String>,
    pub max_body_bytes: usize,
    pub max_connections: usize,
    /// How long a notification target may take to answer.
    pub notification_timeout: Duration,
    /// The longest a blocking request may wait for work behind it.
    pub max_request_wait: Duration,
    /// How long a finished `<request>` resource is kept when the originator set no
    /// result expiration.
    pub request_retention: Duration,
    pub shutdown_grace: Duration,
}

impl Default for CseConfig {
    fn default() -> Self {
        CseConfig {
            listen: SocketAddr::from(([0, 0, 0, 0], 8080)),
            tls: None,
            cse_id: "/id-in".into(),
            cse_name: "cse-in".into(),
            sp_id: "dmgate.local".into(),
            admin: "CAdmin".into(),
            point_of_access: Vec::new(),
            max_body_bytes: 1 << 20,
            max_connections: 10_000,
            notification_timeout: Duration::from_secs(5),
            max_request_wait: Duration::from_secs(60),
            request_retention: Duration::from_secs(3600),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

impl CseConfig {
    /// The CSE-ID without its leading slash: the CSEBase's resourceID.
    pub fn cse_ri(&self) -> &str {
        self.cse_id.trim_start_matches('/')
    }
}
