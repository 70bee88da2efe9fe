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
    /// cseType (TS-0004 6.3.4.2.x m2m:cseTypeID): 1 IN-CSE, 2 MN-CSE, 3 ASN-CSE.
    pub cse_type: u32,
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
    /// The longest a request waits for a device (a Connection Request, the CPE's answer)
    /// when its X-M2M-RET allows more or says nothing.
    pub device_wait: Duration,
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
            cse_type: 1,
            sp_id: "dmgate.local".into(),
            admin: "CAdmin".into(),
            point_of_access: Vec::new(),
            max_body_bytes: 1 << 20,
            max_connections: 10_000,
            notification_timeout: Duration::from_secs(5),
            max_request_wait: Duration::from_secs(60),
            device_wait: Duration::from_secs(30),
            request_retention: Duration::from_secs(3600),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

impl CseConfig {
    /// Checks the identities: a CSE-ID is `/` and one path segment, a resource name has no
    /// `/`, the admin originator is not empty.
    pub fn validate(&self) -> Result<(), String> {
        let id = self.cse_id.strip_prefix('/').unwrap_or_default();
        if id.is_empty() || id.contains('/') || id.chars().any(char::is_whitespace) {
            return Err(format!(
                "CSE-ID `{}` must be `/` followed by one name, e.g. `/id-in`",
                self.cse_id
            ));
        }
        if self.cse_name.is_empty()
            || self.cse_name.contains('/')
            || self.cse_name == "-"
            || self.cse_name.chars().any(char::is_whitespace)
        {
            return Err(format!(
                "CSEBase name `{}` must be one name without `/`, e.g. `cse-in`",
                self.cse_name
            ));
        }
        if self.sp_id.is_empty() || self.sp_id.contains('/') {
            return Err(format!(
                "SP-ID `{}` must be a domain name, e.g. `dmgate.local`",
                self.sp_id
            ));
        }
        if self.admin.trim().is_empty() {
            return Err("the admin originator must not be empty".into());
        }
        if !(1..=3).contains(&self.cse_type) {
            return Err(format!(
                "cseType {} is not 1 (IN), 2 (MN) or 3 (ASN)",
                self.cse_type
            ));
        }
        Ok(())
    }

    /// The CSE-ID without its leading slash: the CSEBase's resourceID.
    pub fn cse_ri(&self) -> &str {
        self.cse_id.trim_start_matches('/')
    }
}
