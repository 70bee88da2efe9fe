//! The internal API the rest of dmgate uses: queue work for a device, wait for its outcome,
//! cancel it, and follow what devices do.

use std::sync::Arc;
use std::time::Duration;

use cwmp::{Envelope, Message};
use store::{NewTask, Store, StoreError, Task, TaskState, TaskStep};
use thiserror::Error;
use tokio::sync::broadcast;

use crate::engine::Engine;
use crate::events::AcsEvent;
use crate::now_ms;
use crate::stats::StatsSnapshot;

#[derive(Debug, Error)]
pub enum AcsError {
    #[error("{0} is not an RPC the ACS sends to a CPE")]
    NotAnAcsRequest(&'static str),
    #[error("a task needs at least one RPC")]
    EmptyTask,
    #[error("no task {0}")]
    NoSuchTask(i64),
    #[error("task {} did not reach the awaited state in time; it is {}", .0.id, .0.state.as_str())]
    Timeout(Box<Task>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Startup(String),
}

/// Work for one device: one RPC, or several sent in order in one session.
#[derive(Debug, Clone)]
pub struct TaskRequest {
    pub rpcs: Vec<Message>,
    /// How long the task may wait for the device; the configured default when `None`.
    pub lifetime: Option<Duration>,
    /// How many sessions may break before the answer comes, before the task faults.
    pub max_attempts: u32,
}

impl TaskRequest {
    pub fn new(rpc: impl Into<Message>) -> Self {
        TaskRequest {
            rpcs: vec![rpc.into()],
            lifetime: None,
            max_attempts: 3,
        }
    }

    pub fn batch(rpcs: Vec<Message>) -> Self {
        TaskRequest {
            rpcs,
            lifetime: None,
            max_attempts: 3,
        }
    }
}

/// What [`Acs::wait`] waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaited {
    /// The CPE answered (a Download may still be running): awaiting, or finished.
    Answered,
    /// Done, faulted, cancelled or expired.
    Finished,
}

impl Awaited {
    fn reached(self, state: TaskState) -> bool {
        match self {
            Awaited::Answered => state == TaskState::Awaiting || state.is_final(),
            Awaited::Finished => state.is_final(),
        }
    }
}

/// The CommandKey slot of the RPCs that carry a key of their own. CancelTransfer names
/// another task's key, so it has none here.
fn command_key_slot(rpc: &mut Message) -> Option<&mut String> {
    match rpc {
        Message::Download(m) => Some(&mut m.command_key),
        Message::Upload(m) => Some(&mut m.command_key),
        Message::Reboot(m) => Some(&mut m.command_key),
        Message::ScheduleInform(m) => Some(&mut m.command_key),
        Message::ScheduleDownload(m) => Some(&mut m.command_key),
        Message::ChangeDuState(m) => Some(m.command_key.get_or_insert_with(String::new)),
        _ => None,
    }
}

fn is_acs_request(rpc: &Message) -> bool {
    rpc.is_request()
        && !matches!(
            rpc,
            Message::Inform(_)
                | Message::TransferComplete(_)
                | Message::AutonomousTransferComplete(_)
                | Message::DuStateChangeComplete(_)
                | Message::AutonomousDuStateChangeComplete(_)
                | Message::RequestDownload(_)
                | Message::Kicked(_)
        )
}

/// Files the ACS serves to CPEs at `GET /files/<token>` (a certificate to Download, for
/// one): the content type and the bytes, or `None` for an unknown token.
pub trait FileSource: Send + Sync + std::fmt::Debug + 'static {
    fn file(&self, token: &str) -> Option<(String, Vec<u8>)>;
}

/// A handle on the ACS. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Acs {
    pub(crate) engine: Arc<Engine>,
}

impl Acs {
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.engine.store
    }

    pub fn subscribe(&self) -> broadcast::Receiver<AcsEvent> {
        self.engine.events.subscribe()
    }

    pub fn stats(&self) -> StatsSnapshot {
        self.engine.stats.snapshot()
    }

    /// Serves files to CPEs from `source` (once; later calls are ignored and return false).
    pub fn serve_files(&self, source: Arc<dyn FileSource>) -> bool {
        self.engine.files.set(source).is_ok()
    }

    /// Devices with a session open on this node.
    pub fn in_session(&self, device_id: &str) -> bool {
        self.engine.sessions.has_device(device_id)
    }

    /// Queues work for a device. RPCs that carry a CommandKey get a generated one when left
    /// empty (`dmgate-` and 16 hex digits), the same for every RPC of the task, so a
    /// TransferComplete, DUStateChangeComplete or M-event finds the task again, in any later
    /// session and on any node. A device not in a session gets a Connection Request.
    pub async fn queue(&self, device_id: &str, request: TaskRequest) -> Result<Task, AcsError> {
        if request.rpcs.is_empty() {
            return Err(AcsError::EmptyTask);
        }
        let mut rpcs = request.rpcs;
        if let Some(bad) = rpcs.iter().find(|r| !is_acs_request(r)) {
            return Err(AcsError::NotAnAcsRequest(bad.method_name()));
        }
        let mut slots: Vec<&mut String> = rpcs.iter_mut().filter_map(command_key_slot).collect();
        let command_key = (!slots.is_empty()).then(|| {
            let key = slots
                .iter()
                .find(|k| !k.is_empty())
                .map(|k| k.to_string())
                .unwrap_or_else(|| format!("dmgate-{}", hex::encode(rand::random::<[u8; 8]>())));
            for slot in slots.iter_mut().filter(|k| k.is_empty()) {
                **slot = key.clone();
            }
            key
        });
        let steps = rpcs
            .into_iter()
            .map(|rpc| TaskStep {
                method: rpc.method_name().to_owned(),
                request: Envelope::request("0", rpc).to_xml(),
            })
            .collect();
        let now = now_ms();
        let lifetime = request
            .lifetime
            .unwrap_or(self.engine.config.default_task_lifetime);
        let task = self
            .engine
            .store
            .enqueue(
                NewTask {
                    device_id: device_id.to_owned(),
                    steps,
                    command_key,
                    expires_at_ms: Some(now.saturating_add(lifetime.as_millis() as i64)),
                    max_attempts: request.max_attempts.max(1),
                },
                now,
            )
            .await?;
        let _ = self
            .engine
            .events
            .send(AcsEvent::TaskChanged(Box::new(task.clone())));
        if !self.engine.sessions.poke_if_in_session(device_id) {
            self.engine.connreq.request(device_id.to_owned());
        }
        Ok(task)
    }

    /// Waits until the task reaches `awaited` or `timeout` passes (then
    /// [`AcsError::Timeout`] carries the task as it is). Works for tasks queued by any node:
    /// events of this node wake it at once, and it looks at the store every second besides.
    pub async fn wait(
        &self,
        task_id: i64,
        awaited: Awaited,
        timeout: Duration,
    ) -> Result<Task, AcsError> {
        let mut events = self.engine.events.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let task = self
                .engine
                .store
                .task(task_id)
                .await?
                .ok_or(AcsError::NoSuchTask(task_id))?;
            if awaited.reached(task.state) {
                return Ok(task);
            }
            let poll = tokio::time::Instant::now() + Duration::from_secs(1);
            let wake = poll.min(deadline);
            loop {
                match tokio::time::timeout_at(wake, events.recv()).await {
                    Ok(Ok(AcsEvent::TaskChanged(changed))) if changed.id == task_id => {
                        if awaited.reached(changed.state) {
                            return Ok(*changed);
                        }
                    }
                    Ok(Ok(_)) => continue,
                    Ok(Err(broadcast::error::RecvError::Lagged(_))) => break,
                    Ok(Err(broadcast::error::RecvError::Closed)) | Err(_) => break,
                }
            }
            if tokio::time::Instant::now() >= deadline {
                let task = self
                    .engine
                    .store
                    .task(task_id)
                    .await?
                    .ok_or(AcsError::NoSuchTask(task_id))?;
                if awaited.reached(task.state) {
                    return Ok(task);
                }
                return Err(AcsError::Timeout(Box::new(task)));
            }
        }
    }

    /// Queues and waits in one call.
    pub async fn run(
        &self,
        device_id: &str,
        request: TaskRequest,
        awaited: Awaited,
        timeout: Duration,
    ) -> Result<Task, AcsError> {
        let task = self.queue(device_id, request).await?;
        self.wait(task.id, awaited, timeout).await
    }

    pub async fn cancel(&self, task_id: i64) -> Result<Option<Task>, AcsError> {
        let task = self.engine.store.cancel(task_id, now_ms()).await?;
        if let Some(task) = &task {
            let _ = self
                .engine
                .events
                .send(AcsEvent::TaskChanged(Box::new(task.clone())));
        }
        Ok(task)
    }

    /// Sends a Connection Request now and reports how it went.
    pub async fn connection_request(&self, device_id: &str) -> crate::connreq::CrOutcome {
        self.engine.connreq.send(device_id).await
    }
}
