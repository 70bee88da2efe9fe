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
use serde_json::{Value, json};
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

    /// Every ACS task of a device (its id is its node's name), oldest first.
    pub async fn store_tasks(&self, device: &str) -> Vec<store::Task> {
        use store::Tasks;
        self.store.device_tasks(device, false).await.unwrap()
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

/// A value of simulated device `index`'s data model.
pub async fn device_value(env: &Env, index: usize, name: &str) -> Option<String> {
    env.fleet()
        .with_state(index, |s| s.model.value(name).map(str::to_string))
        .await
        .flatten()
}

/// Gives simulated device `index` its own misbehaviour (`transfer=9010`, `du=9022`,
/// `CancelTransfer=9021`, …): the fleet's behaviour is shared, a device's is its own.
pub async fn misbehave(env: &Env, index: usize, rules: &[&str]) {
    let rules: Vec<String> = rules.iter().map(|r| (*r).to_string()).collect();
    let behaviour = Arc::new(Behaviour::parse(&rules).unwrap());
    env.fleet()
        .with_state(index, |s| s.behaviour = behaviour)
        .await
        .unwrap();
}

/// Behaviour from `KEY=ACTION` rules.
pub fn behaviour(rules: &[&str]) -> Behaviour {
    let rules: Vec<String> = rules.iter().map(|r| (*r).to_string()).collect();
    Behaviour::parse(&rules).unwrap()
}

/// Download arguments with every member TS-0004 6.3.5.19 makes mandatory.
pub fn download_args(url: &str, delay: u32) -> Value {
    json!({"dld": [{"ftyp": "1 Firmware Upgrade Image", "url": url, "unm": "", "pwd": "",
        "fsi": 0, "tgf": "", "dss": delay, "surl": "", "stt": "20260101T000000",
        "cpt": "20260101T000000"}]})
}

/// Creates a `<mgmtCmd>` under the CSEBase and returns its path.
pub async fn command(env: &Env, name: &str, cmt: u32, ext: &str, exra: Value) -> String {
    let mut body = json!({"m2m:mgc": {"rn": name, "cmt": cmt, "ext": ext}});
    if !exra.is_null() {
        body["m2m:mgc"]["exra"] = exra;
    }
    let reply = env.client.create("/cse-in", ADMIN, 12, body).await;
    assert_rsc(&reply, 2001);
    format!("/cse-in/{name}")
}

/// The paths of a command's execInstances, oldest first.
pub async fn instances(env: &Env, command: &str) -> Vec<String> {
    let children = env
        .client
        .send(Req::new("GET", &format!("{command}?rcn=6")).origin(ADMIN))
        .await;
    assert_eq!(children.rsc, 2000, "{command}: {}", children.body);
    children.body["m2m:rrl"]["rrf"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter(|r| r["typ"] == 8)
                .map(|r| format!("/{}", r["val"].as_str().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

/// Executes a command and returns the reply and the path of its newest execInstance.
pub async fn execute(env: &Env, command: &str) -> (Reply, String) {
    let reply = env
        .client
        .update(command, ADMIN, json!({"m2m:mgc": {"exe": true}}))
        .await;
    let exin = instances(env, command).await.pop().unwrap();
    (reply, exin)
}

/// Waits (at most `timeout`) until an execInstance has execStatus `exs`; returns it then.
pub async fn wait_exs(
    env: &Env,
    exin: &str,
    exs: u64,
    timeout: Duration,
) -> serde_json::Map<String, Value> {
    eventually(&format!("{exin} exs={exs}"), timeout, || async {
        env.attrs(exin).await["exs"] == json!(exs)
    })
    .await;
    env.attrs(exin).await
}

/// Waits until an execInstance is FINISHED and returns it.
pub async fn finished(env: &Env, exin: &str) -> serde_json::Map<String, Value> {
    wait_exs(env, exin, 3, Duration::from_secs(15)).await
}

/// The resource ID of the resource at `path`.
pub async fn ri_of(env: &Env, path: &str) -> String {
    env.attrs(path).await["ri"].as_str().unwrap().to_string()
}

/// Runs one `<mgmtCmd>` on a group of simulated devices, device `i` misbehaving with
/// `rule(table[i].0)`, and checks that each execInstance FINISHED with `table[i].1`. Returns
/// the Env (for further checks on the devices, `i` being the device of row `i`).
pub async fn fault_table(
    prefix: &'static str,
    cmt: u32,
    exra: Value,
    rule: impl Fn(u32) -> String,
    table: &[(u32, u64)],
) -> Env {
    let env = Env::start(Options {
        devices: table.len(),
        serial_prefix: prefix,
        ..Options::default()
    })
    .await;
    let mut row_of_node = std::collections::HashMap::new();
    let mut members = Vec::new();
    for (i, &(fault, exr)) in table.iter().enumerate() {
        let node = node_name(prefix, i);
        env.discovered(&node, 8).await;
        misbehave(&env, i, &[&rule(fault)]).await;
        let ri = ri_of(&env, &format!("/cse-in/{node}")).await;
        members.push(Value::String(ri.clone()));
        row_of_node.insert(ri, (i, fault, exr));
    }
    let group = env
        .client
        .create(
            "/cse-in",
            ADMIN,
            9,
            json!({"m2m:grp": {"rn": "faulty", "mt": 14, "mnm": table.len(), "mid": members}}),
        )
        .await;
    assert_rsc(&group, 2001);
    let cmd = command(&env, "cmd", cmt, "cse-in/faulty", exra).await;
    let reply = env
        .client
        .update(&cmd, ADMIN, json!({"m2m:mgc": {"exe": true}}))
        .await;
    // Reference §4.2: the CPE's answer, fault or not, is the execInstance's; the Execute
    // was processed.
    assert_rsc(&reply, 2004);
    let exins = instances(&env, &cmd).await;
    assert_eq!(exins.len(), table.len());
    for exin in exins {
        let done = finished(&env, &exin).await;
        let (i, fault, exr) = row_of_node[done["ext"].as_str().unwrap()];
        assert_eq!(
            (done["exs"].clone(), done["exr"].clone()),
            (json!(3), json!(exr)),
            "cmdType {cmt}, `{}` (device {i})",
            rule(fault)
        );
    }
    env
}

/// A test's fault table (written out from the CR) against the layer's public one: every
/// row of `mgmt::tables::exec` for `rpc` is in the test's table (the test covers the whole
/// table), and every row of the test's table maps the same.
pub fn covers_the_table(rpc: mgmt::tables::exec::ExecRpc, table: &[(u32, u64)]) {
    use mgmt::tables::exec::{exec_result, rows};
    for row in rows(rpc) {
        assert!(
            table.contains(&(row.fault, row.exr)),
            "{rpc:?}: row {row:?} is not tested"
        );
    }
    for &(fault, exr) in table {
        assert_eq!(exec_result(rpc, fault), exr, "{rpc:?}: fault {fault}");
    }
}
