//! Shared pieces of the end-to-end tests: a real ACS on loopback with a temporary data
//! directory, and a real simulated fleet reaching it over TCP.

#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use acs::{AcsConfig, AcsEvent, AcsServer, AuthMode, ConnectionRequestConfig};
use cpe_sim::{AcsEndpoint, AcsTarget, Behaviour, Credentials, DataModel, Fleet, FleetConfig};
use store::SqliteStore;

pub const ACS_USER: &str = "acs-user";
pub const ACS_PASSWORD: &str = "acs-password";
pub const CR_USER: &str = "cpe";
pub const CR_PASSWORD: &str = "cpe-secret";

pub fn acs_config(listen: SocketAddr) -> AcsConfig {
    AcsConfig {
        listen,
        auth: AuthMode::Digest,
        shared_username: Some(ACS_USER.into()),
        shared_password: Some(ACS_PASSWORD.into()),
        secret: b"end-to-end test secret, 32 bytes+".to_vec(),
        session_timeout: Duration::from_secs(5),
        shutdown_grace: Duration::from_secs(2),
        connection_requests: ConnectionRequestConfig {
            timeout: Duration::from_secs(2),
            retries: 1,
            retry_delay: Duration::from_millis(100),
            per_device_interval: Duration::from_millis(200),
            per_second: 1000,
            allow_basic: false,
            default_username: Some(CR_USER.into()),
            default_password: Some(CR_PASSWORD.into()),
        },
        ..AcsConfig::default()
    }
}

#[derive(Debug)]
pub struct Running {
    pub server: AcsServer,
    pub store: SqliteStore,
}

pub async fn start(dir: &Path, config: AcsConfig) -> Running {
    let store = SqliteStore::open(&dir.join("dmgate.db")).expect("store");
    let server = AcsServer::start(config, Arc::new(store.clone()))
        .await
        .expect("server");
    Running { server, store }
}

impl Running {
    pub async fn stop(self) {
        self.server.shutdown().await;
        self.store.close();
    }
}

pub fn model() -> Arc<DataModel> {
    Arc::new(DataModel::parse(cpe_sim::HOME_GATEWAY_MODEL).expect("shipped model"))
}

pub fn endpoint(acs: SocketAddr, password: &str) -> AcsEndpoint {
    AcsEndpoint {
        target: AcsTarget::parse(&format!("http://{acs}/cwmp")).expect("url"),
        credentials: Some(Credentials {
            username: ACS_USER.into(),
            password: password.into(),
        }),
        timeout: Duration::from_secs(10),
        namespace: cwmp::Namespace::Cwmp14,
        session_timeout: None,
    }
}

pub fn fleet_config(acs: SocketAddr, devices: usize, behaviour: Behaviour) -> FleetConfig {
    FleetConfig {
        endpoint: endpoint(acs, ACS_PASSWORD),
        devices,
        serial_prefix: "E2E".into(),
        first_serial: 0,
        model: model(),
        behaviour: Arc::new(behaviour),
        periodic_interval: None,
        cr_listen: "127.0.0.1:0".parse().expect("addr"),
        cr_credentials: Credentials {
            username: CR_USER.into(),
            password: CR_PASSWORD.into(),
        },
        reboot_delay: Duration::from_millis(200),
        transfer_delay: Duration::from_millis(300),
        retry_wait: Duration::from_millis(100),
        boot_spread: Duration::ZERO,
    }
}

/// The device id dmgate gives simulated device `n` of [`fleet_config`].
pub fn device_id(n: usize) -> String {
    format!("00D09E-HGW_2D1-E2E{n:07}")
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
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Waits for the device's session to end (the first one after boot, say).
pub async fn session_ended(events: &mut tokio::sync::broadcast::Receiver<AcsEvent>, device: &str) {
    let wait = async {
        loop {
            match events.recv().await {
                Ok(AcsEvent::SessionEnded { device_id, .. }) if device_id == device => return,
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("event channel: {e}"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .expect("session end in time");
}

pub async fn fleet(acs: SocketAddr, devices: usize, behaviour: Behaviour) -> Fleet {
    Fleet::start(fleet_config(acs, devices, behaviour))
        .await
        .expect("fleet")
}
