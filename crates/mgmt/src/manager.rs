//! The management layer's running state: the CSE and the ACS it joins, the one loop that
//! follows what devices do, and the work it tracks until devices report an outcome.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs::{Acs, AcsEvent};
use cse::Cse;
use serde_json::{Map, Value};
use store::Task;
use tokio::sync::broadcast::error::RecvError;

use crate::device::cse_kinds::{EXEC_INSTANCE, MGMT_OBJ};
use crate::signals::Signals;

/// What an operator may tune.
#[derive(Debug, Clone)]
pub struct MgmtConfig {
    /// How long discovery waits for a new device's GetParameterValues.
    pub discovery_timeout: Duration,
    /// The longest a Retrieve waits for fresh values before serving the stored ones.
    pub refresh_wait: Duration,
    /// How long a task for a device may wait in its queue (an unreachable device's
    /// command runs when it next connects, within this time).
    pub task_lifetime: Duration,
    /// Where CPEs fetch files the CSE hands them (certificates of `[myCertFileCred]`):
    /// the ACS's public base URL, e.g. `http://acs.example.net:7547`.
    pub file_base_url: Option<String>,
}

impl Default for MgmtConfig {
    fn default() -> Self {
        MgmtConfig {
            discovery_timeout: Duration::from_secs(60),
            refresh_wait: Duration::from_secs(5),
            task_lifetime: Duration::from_secs(24 * 3600),
            file_base_url: None,
        }
    }
}

/// Device work whose outcome arrives later, by task id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tracked {
    /// An `<execInstance>` of a mgmtCmd.
    Exec { exin: String },
    /// An executable attribute of a `<mgmtObj>` (firmware `ud`, software `in`/`un`).
    Object { object: String },
}

/// The management layer. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Manager {
    pub(crate) shared: Arc<Shared>,
}

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) cse: Cse,
    pub(crate) acs: Acs,
    pub(crate) config: MgmtConfig,
    pub(crate) signals: Signals,
    pub(crate) tracked: Mutex<HashMap<i64, Tracked>>,
    /// Reboot and FactoryReset execInstances waiting for their device to come back, by
    /// device: (execInstance, CommandKey).
    pub(crate) after_boot: Mutex<HashMap<String, Vec<(String, String)>>>,
    /// One discovery at a time per device.
    pub(crate) device_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Files CPEs download from the CSE, by token.
    pub(crate) files: crate::files::Files,
    /// Serialises the read-decide-write of one execInstance's state (a task's news and its
    /// device's boot are handled concurrently); striped by name, so it needs no cleanup.
    pub(crate) exin_stripes: Vec<tokio::sync::Mutex<()>>,
}

/// How many locks the execInstances share (a power of two is not needed: names hash).
const EXIN_STRIPES: usize = 256;

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Manager {
    /// Joins a CSE and an ACS: installs itself as the CSE's management layer, picks up
    /// work a previous run left unfinished, and follows the ACS's events.
    pub async fn start(cse: Cse, acs: Acs, config: MgmtConfig) -> Manager {
        let events = acs.subscribe();
        let manager = Manager {
            shared: Arc::new(Shared {
                cse: cse.clone(),
                acs,
                config,
                signals: Signals::default(),
                tracked: Mutex::new(HashMap::new()),
                after_boot: Mutex::new(HashMap::new()),
                device_locks: Mutex::new(HashMap::new()),
                files: crate::files::Files::default(),
                exin_stripes: (0..EXIN_STRIPES)
                    .map(|_| tokio::sync::Mutex::new(()))
                    .collect(),
            }),
        };
        if !cse.set_management(Arc::new(crate::layer::Layer(manager.clone()))) {
            tracing::warn!("the CSE already had a management layer; this one is not used");
        }
        manager
            .shared
            .acs
            .serve_files(Arc::new(crate::files::Served(manager.clone())));
        manager.resume();
        let running = manager.clone();
        tokio::spawn(async move { running.follow(events).await });
        manager
    }

    pub fn cse(&self) -> &Cse {
        &self.shared.cse
    }

    pub fn acs(&self) -> &Acs {
        &self.shared.acs
    }

    /// Holds the state of execInstance `exin` for one read-decide-write.
    pub(crate) async fn exin_guard(&self, exin: &str) -> tokio::sync::MutexGuard<'_, ()> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        exin.hash(&mut hasher);
        let stripes = &self.shared.exin_stripes;
        stripes[(hasher.finish() % stripes.len() as u64) as usize]
            .lock()
            .await
    }

    /// The file a CPE asks for by token (served by the binary on the ACS's port).
    pub fn file(&self, token: &str) -> Option<(String, Vec<u8>)> {
        self.shared.files.get(token)
    }

    /// Picks up what a previous run tracked: execInstances and mgmtObjs whose device work
    /// had not finished.
    fn resume(&self) {
        let cse = &self.shared.cse;
        for ty in [EXEC_INSTANCE, MGMT_OBJ] {
            for r in cse.resources_of_type(ty) {
                let Some(task) = r.private.get("task").and_then(Value::as_i64) else {
                    continue;
                };
                let tracked = if ty == EXEC_INSTANCE {
                    Tracked::Exec {
                        exin: r.ri().to_string(),
                    }
                } else {
                    Tracked::Object {
                        object: r.ri().to_string(),
                    }
                };
                if ty == EXEC_INSTANCE
                    && let (Some(device), Some(key)) = (
                        r.private.get("boot").and_then(Value::as_str),
                        r.private.get("key").and_then(Value::as_str),
                    )
                {
                    lock(&self.shared.after_boot)
                        .entry(device.to_string())
                        .or_default()
                        .push((r.ri().to_string(), key.to_string()));
                }
                lock(&self.shared.tracked).insert(task, tracked);
            }
        }
        // Tasks that finished while nobody listened.
        let manager = self.clone();
        tokio::spawn(async move { manager.resync().await });
    }

    /// Looks every tracked task up in the store (after missed events).
    async fn resync(&self) {
        let ids: Vec<i64> = lock(&self.shared.tracked).keys().copied().collect();
        for id in ids {
            if let Ok(Some(task)) = self.shared.acs.store().task(id).await {
                self.task_changed(task).await;
            }
        }
    }

    async fn follow(&self, mut events: tokio::sync::broadcast::Receiver<AcsEvent>) {
        loop {
            match events.recv().await {
                Ok(AcsEvent::Inform {
                    device_id,
                    new_device,
                    events,
                    parameters,
                }) => {
                    let booted = self.take_booted(&device_id, &events);
                    let manager = self.clone();
                    tokio::spawn(async move {
                        for exin in booted {
                            crate::commands::finish_after_boot(&manager, &exin).await;
                        }
                        crate::discovery::on_inform(
                            &manager,
                            &device_id,
                            new_device,
                            &events,
                            &parameters,
                        )
                        .await;
                    });
                }
                Ok(AcsEvent::TaskChanged(task)) => {
                    self.shared.signals.task_changed(&task);
                    if lock(&self.shared.tracked).contains_key(&task.id) {
                        let manager = self.clone();
                        tokio::spawn(async move { manager.task_changed(*task).await });
                    }
                }
                Ok(AcsEvent::ConnectionRequest {
                    device_id,
                    delivered: false,
                    outcome,
                }) if outcome.starts_with("failed")
                    || outcome.contains("no ConnectionRequestURL")
                    || outcome.contains("has not contacted") =>
                {
                    self.shared.signals.device_unreachable(&device_id);
                }
                Ok(_) => {}
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "management fell behind the ACS's events; resyncing");
                    let manager = self.clone();
                    tokio::spawn(async move { manager.resync().await });
                }
                Err(RecvError::Closed) => break,
            }
        }
    }

    /// The execInstances an Inform's events finish: M Reboot with their CommandKey, or
    /// the device's BOOT/BOOTSTRAP after a Reboot or FactoryReset it accepted.
    fn take_booted(&self, device_id: &str, events: &[acs::InformEvent]) -> Vec<String> {
        let booted = events
            .iter()
            .any(|e| e.code == "1 BOOT" || e.code == "0 BOOTSTRAP");
        let mut waiting = lock(&self.shared.after_boot);
        let Some(list) = waiting.get_mut(device_id) else {
            return Vec::new();
        };
        let mut done = Vec::new();
        list.retain(|(exin, key)| {
            let by_key = events
                .iter()
                .any(|e| e.code == "M Reboot" && &e.command_key == key);
            if by_key || booted {
                done.push(exin.clone());
                false
            } else {
                true
            }
        });
        if list.is_empty() {
            waiting.remove(device_id);
        }
        done
    }

    pub(crate) fn track(&self, task_id: i64, tracked: Tracked) {
        lock(&self.shared.tracked).insert(task_id, tracked);
    }

    pub(crate) fn untrack(&self, task_id: i64) {
        lock(&self.shared.tracked).remove(&task_id);
    }

    pub(crate) fn wait_for_boot(&self, device_id: &str, exin: &str, key: &str) {
        let mut waiting = lock(&self.shared.after_boot);
        let list = waiting.entry(device_id.to_string()).or_default();
        if !list.iter().any(|(e, _)| e == exin) {
            list.push((exin.to_string(), key.to_string()));
        }
    }

    /// Removes one execInstance from its device's boot waiters; false if it was not there
    /// (the Inform's handler took it first).
    pub(crate) fn take_boot_wait(&self, device_id: &str, exin: &str) -> bool {
        let mut waiting = lock(&self.shared.after_boot);
        let Some(list) = waiting.get_mut(device_id) else {
            return false;
        };
        let before = list.len();
        list.retain(|(e, _)| e != exin);
        let taken = list.len() < before;
        if list.is_empty() {
            waiting.remove(device_id);
        }
        taken
    }

    async fn task_changed(&self, task: Task) {
        let tracked = lock(&self.shared.tracked).get(&task.id).cloned();
        match tracked {
            Some(Tracked::Exec { exin }) => crate::commands::apply(self, &exin, &task).await,
            Some(Tracked::Object { object }) => {
                crate::objects::apply(self, &object, &task).await;
            }
            None => {}
        }
        if task.state.is_final() {
            // Reboots stay tracked by device until it comes back, not by task.
            self.untrack(task.id);
        }
    }

    /// One discovery or device-wide change at a time per device.
    pub(crate) fn device_lock(&self, device_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        lock(&self.shared.device_locks)
            .entry(device_id.to_string())
            .or_default()
            .clone()
    }
}

/// `{"k": v, ...}` from pairs.
pub(crate) fn attrs<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}
