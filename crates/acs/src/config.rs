//! What an operator can set for the ACS. Defaults are what a production ACS should start
//! with; the binary fills these from its command line and environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How CPEs authenticate to the ACS (TR-069 3.4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// Anyone may open a session. Only for closed lab networks; the server warns at start.
    None,
    /// HTTP Basic (RFC 7617). Sends the password in clear text: use it only over TLS.
    Basic,
    /// HTTP Digest (RFC 7616) with qop=auth, offering SHA-256 and MD5.
    Digest,
}

impl AuthMode {
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "none" => Some(AuthMode::None),
            "basic" => Some(AuthMode::Basic),
            "digest" => Some(AuthMode::Digest),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TlsConfig {
    pub certificate_chain: PathBuf,
    pub private_key: PathBuf,
}

/// Limits on outbound Connection Requests (TR-069 3.2.2).
#[derive(Debug, Clone)]
pub struct ConnectionRequestConfig {
    /// Per attempt, connect and answer together.
    pub timeout: Duration,
    /// Attempts after the first one failed.
    pub retries: u32,
    pub retry_delay: Duration,
    /// A device gets at most one Connection Request per interval until it opens a session;
    /// work queued meanwhile is served by the session the first one opens. A device that
    /// informed since may be asked again at once.
    pub per_device_interval: Duration,
    /// At most this many Connection Requests per second over all devices.
    pub per_second: u32,
    /// Answer a Basic challenge too. Off by default: 3.2.2 has CPEs use Digest, and Basic
    /// would send the password in clear to wherever the device's URL points. For CPEs
    /// whose firmware only does Basic.
    pub allow_basic: bool,
    /// Credentials for devices that have none of their own in the registry.
    pub default_username: Option<String>,
    pub default_password: Option<String>,
}

impl Default for ConnectionRequestConfig {
    fn default() -> Self {
        ConnectionRequestConfig {
            timeout: Duration::from_secs(5),
            retries: 2,
            retry_delay: Duration::from_secs(1),
            per_device_interval: Duration::from_secs(10),
            per_second: 500,
            allow_basic: false,
            default_username: None,
            default_password: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AcsConfig {
    pub listen: SocketAddr,
    pub tls: Option<TlsConfig>,
    pub auth: AuthMode,
    pub realm: String,
    /// A credential every CPE may use, beside the per-device ones in the store.
    pub shared_username: Option<String>,
    pub shared_password: Option<String>,
    /// Signs session cookies and Digest nonces. Every node of a fleet needs the same key.
    pub secret: Vec<u8>,
    /// A session idle this long ends; a task sent in it goes back to the queue.
    pub session_timeout: Duration,
    /// How long a Digest nonce stays valid before the CPE is asked again (stale=true).
    pub nonce_lifetime: Duration,
    /// Largest request body within a session (a GetParameterValuesResponse can be large).
    pub max_body_bytes: usize,
    /// Largest body of a request that opens a session, read before the CPE has proved who
    /// it is.
    pub max_inform_bytes: usize,
    pub max_sessions: usize,
    /// Open TCP connections at most; more are closed at once.
    pub max_connections: usize,
    /// On shutdown, sessions in flight get this long to finish.
    pub shutdown_grace: Duration,
    pub connection_requests: ConnectionRequestConfig,
    /// Queued tasks expire after this long unless their caller says otherwise.
    pub default_task_lifetime: Duration,
    /// Finished tasks (with their requests and answers) are kept this long, then deleted.
    pub finished_task_retention: Duration,
    /// Names this node in leases and logs.
    pub node_id: String,
}

impl Default for AcsConfig {
    fn default() -> Self {
        AcsConfig {
            listen: SocketAddr::from(([0, 0, 0, 0], 7547)),
            tls: None,
            auth: AuthMode::Digest,
            realm: "dmgate".into(),
            shared_username: None,
            shared_password: None,
            secret: Vec::new(),
            session_timeout: Duration::from_secs(30),
            nonce_lifetime: Duration::from_secs(300),
            max_body_bytes: 16 * 1024 * 1024,
            max_inform_bytes: 1024 * 1024,
            max_sessions: 20_000,
            max_connections: 40_000,
            shutdown_grace: Duration::from_secs(10),
            connection_requests: ConnectionRequestConfig::default(),
            default_task_lifetime: Duration::from_secs(7 * 24 * 3600),
            finished_task_retention: Duration::from_secs(7 * 24 * 3600),
            node_id: "node-1".into(),
        }
    }
}
