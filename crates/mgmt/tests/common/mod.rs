//! The whole path on loopback: a real ACS and a real CSE on one temporary store, the
//! management layer joining them, a simulated fleet speaking CWMP over TCP, and a oneM2M
//! client over HTTP (the CSE tests' client and notification receiver).
#![allow(dead_code, unused_imports, unreachable_pub, clippy::unwrap_used)]

#[path = "../../../cse/tests/common/mod.rs"]
pub mod onem2m;

use std::sync::Arc;
use std::time::Duration;

use acs::{AcsConfig, AcsServer, AuthMode, ConnectionRequestConfig};
use cpe_sim::{AcsEndpoint, AcsTarget, Behaviour, Credentials, DataModel, Fleet, FleetConfig};
use cse::{CseConfig, CseServer};
use mgmt::{Manager, MgmtConfig};
use serde_json::Value;
use store::SqliteStore;

pub use onem2m::{ADMIN, Client, Receiver, Reply, Req, assert_error, assert_rsc};

const ACS_USER: &str = "acs-user";
const ACS_PASSWORD: &str = "acs-password";
const CR_USER: &str = "cpe";
const CR_PASSWORD: &str = "cpe-secret";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub acs: Option<AcsServer>,
    pub cse: Option<CseServer>,
    pub manager: Manager,
    pub fleet: Option<Fleet>,
    pub client: Client,
    pub store: SqliteStore,
}

pub struct Options {
    pub devices: usize,
    pub behaviour: Behaviour,
    pub model: &'static str,
    pub serial_prefix: &'static str,
    pub device_wait: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            devices: 1,
            behaviour: Behaviour::default(),
            model: cpe_sim::HOME_GATEWAY_MODEL,
            serial_prefix: "MG",
            device_wait: Duration::from_secs(20),
        }
    }
}

impl Env {
    pub async fn start(options: Options) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("dmgate.db")).unwrap();
        let acs = AcsServer::start(
            AcsConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                auth: AuthMode::Digest,
                shared_username: Some(ACS_USER.into()),
                shared_password: Some(ACS_PASSWORD.into()),
                secret: b"management end-to-end test secret".to_vec(),
                session_timeout: Duration::from_secs(5),
                shutdown_grace: Duration::from_secs(2),
                connection_requests: ConnectionRequestConfig {
                    timeout: Duration::from_secs(2),
                    retries: 1,
                    retry_delay: Duration::from_millis(100),
                    per_device_interval: Duration::from_millis(100),
                    per_second: 10_000,
                    allow_basic: false,
                    default_username: Some(CR_USER.into()),
                    default_password: Some(CR_PASSWORD.into()),
                },
                ..AcsConfig::default()
            },
            Arc::new(store.clone()),
        )
        .await
        .unwrap();
        let cse = CseServer::start(
            CseConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                notification_timeout: Duration::from_secs(2),
                device_wait: options.device_wait,
                ..CseConfig::default()
            },
            Arc::new(store.clone()),
        )
        .await
        .unwrap();
        let manager = Manager::start(
            cse.cse().clone(),
            acs.acs(),
            MgmtConfig {
                file_base_url: Some(format!("http://{}", acs.local_addr())),
                discovery_timeout: Duration::from_secs(20),
                ..MgmtConfig::default()
            },
        )
        .await;
        let client = Client {
            addr: cse.local_addr(),
        };
        let fleet = Fleet::start(FleetConfig {
            endpoint: AcsEndpoint {
                target: AcsTarget::parse(&format!("http://{}/cwmp", acs.local_addr())).unwrap(),
                credentials: Some(Credentials {
                    username: ACS_USER.into(),
                    password: ACS_PASSWORD.into(),
                }),
                timeout: Duration::from_secs(10),
                namespace: cwmp::Namespace::Cwmp14,
                session_timeout: None,
            },
            devices: options.devices,
            serial_prefix: options.serial_prefix.into(),
            first_serial: 0,
            model: Arc::new(DataModel::parse(options.model).unwrap()),
            behaviour: Arc::new(options.behaviour),
            periodic_interval: None,
            cr_listen: "127.0.0.1:0".parse().unwrap(),
            cr_credentials: Credentials {
                username: CR_USER.into(),
                password: CR_PASSWORD.into(),
            },
            reboot_delay: Duration::from_millis(200),
            transfer_delay: Duration::from_millis(300),
            retry_wait: Duration::from_millis(100),
            boot_spread: Duration::ZERO,
        })
        .await
        .unwrap();
        Env {
            dir,
            acs: Some(acs),
            cse: Some(cse),
            manager,
            fleet: Some(fleet),
            client,
            store,
        }
    }

    pub fn fleet(&self) -> &Fleet {
        self.fleet.as_ref().unwrap()
    }

    pub fn cse(&self) -> &cse::Cse {
        self.cse.as_ref().unwrap().cse()
    }

    pub async fn stop(mut self) {
        if let Some(fleet) = self.fleet.take() {
            fleet.shutdown().await;
        }
        if let Some(cse) = self.cse.take() {
            cse.shutdown().await;
        }
        if let Some(acs) = self.acs.take() {
            acs.shutdown().await;
        }
    }

    /// Waits until the device's node holds at least `objects` mgmtObjs.
    pub async fn discovered(&self, node: &str, objects: usize) {
        let path = format!("/cse-in/{node}");
        eventually(
            &format!("{node} discovered"),
            Duration::from_secs(20),
            || async {
                let reply = self
                    .client
                    .send(Req::new("GET", &format!("{path}?rcn=6")).origin(ADMIN))
                    .await;
                reply.rsc == 2000
                    && reply.body["m2m:rrl"]["rrf"]
                        .as_array()
                        .is_some_and(|c| c.iter().filter(|r| r["typ"] == 13).count() >= objects)
            },
        )
        .await;
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.client.get(path, ADMIN).await
    }

    pub async fn attrs(&self, path: &str) -> serde_json::Map<String, Value> {
        let reply = self.get(path).await;
        assert_eq!(reply.rsc, 2000, "{path}: {}", reply.body);
        reply.attrs().clone()
    }
}

/// Polls `check` until it holds or `timeout` passes.
pub async fn eventually<F, Fut>(what: &str, timeout: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The node name of simulated device `n` with serial prefix `prefix` (home gateway model).
pub fn node_name(prefix: &str, n: usize) -> String {
    format!("00D09E-HGW_2D1-{prefix}{n:07}")
}
