//! Persistence for dmgate behind traits: the device registry, the durable per-device task
//! queue, session leases, the device event log and the oneM2M resource tree.
//!
//! This crate owns the schema and the rules that keep stored state consistent (a task's state
//! machine, lease exclusivity, unique resource names among siblings). It knows nothing of
//! CWMP, HTTP or oneM2M semantics: RPCs are stored as opaque text with their method name,
//! resources as opaque JSON documents with the few attributes that place them in the tree,
//! and every time is given by the caller in Unix milliseconds so that the rules are testable
//! and identical on every node.
//!
//! [`SqliteStore`] is the embedded implementation. [`conformance`] holds the test suite that
//! every implementation must pass; a PostgreSQL implementation plugs in behind the same
//! [`Store`] trait without changing a caller.

pub mod conformance;
mod error;
mod model;
mod sqlite;

pub use error::StoreError;
pub use model::*;
pub use sqlite::SqliteStore;

use async_trait::async_trait;

/// The device registry.
#[async_trait]
pub trait Devices: Send + Sync {
    /// Records an Inform: creates the device on first contact, else refreshes it. Returns the
    /// device as stored afterwards and whether it was created by this call.
    async fn record_inform(&self, inform: InformRecord) -> Result<(Device, bool), StoreError>;
    async fn device(&self, id: &str) -> Result<Option<Device>, StoreError>;
    /// Devices in id order, starting after `after` (keyset paging).
    async fn devices(&self, after: Option<&str>, limit: u32) -> Result<Vec<Device>, StoreError>;
    async fn device_count(&self) -> Result<u64, StoreError>;
    async fn set_rpc_methods(&self, id: &str, methods: Vec<String>) -> Result<(), StoreError>;
    async fn set_connection_request_credentials(
        &self,
        id: &str,
        username: Option<&str>,
        password: Option<&str>,
    ) -> Result<(), StoreError>;
    async fn record_connection_request(
        &self,
        id: &str,
        at_ms: i64,
        outcome: &str,
    ) -> Result<(), StoreError>;
    /// Per-device credentials a CPE authenticates with (the ACS side of 3.4.4).
    async fn set_cpe_credentials(
        &self,
        username: &str,
        password: &str,
        device_id: Option<&str>,
    ) -> Result<(), StoreError>;
    async fn cpe_credentials(&self, username: &str) -> Result<Option<CpeCredentials>, StoreError>;
}

/// The durable per-device task queue and its state machine (see [`TaskState`]).
#[async_trait]
pub trait Tasks: Send + Sync {
    async fn enqueue(&self, task: NewTask, now_ms: i64) -> Result<Task, StoreError>;
    async fn task(&self, id: i64) -> Result<Option<Task>, StoreError>;
    /// Tasks of a device, oldest first; `active_only` leaves out finished ones.
    async fn device_tasks(
        &self,
        device_id: &str,
        active_only: bool,
    ) -> Result<Vec<Task>, StoreError>;
    /// The next step to send to a device: the oldest task that is `Sent` with steps left
    /// (a batch in progress) or `Queued`. Queued tasks whose expiry has passed become
    /// `Expired` on the way. Marks the returned task `Sent` under `session_id`.
    async fn claim_next(
        &self,
        device_id: &str,
        session_id: &str,
        now_ms: i64,
    ) -> Result<Option<Task>, StoreError>;
    /// The CPE answered the current step of a `Sent` task. `awaits_completion` says the
    /// response announced a later TransferComplete or DUStateChangeComplete.
    async fn record_response(
        &self,
        id: i64,
        response: &str,
        awaits_completion: bool,
        now_ms: i64,
    ) -> Result<Task, StoreError>;
    /// The CPE answered the current step with a fault: the task is `Faulted`.
    async fn record_fault(
        &self,
        id: i64,
        fault: TaskFault,
        now_ms: i64,
    ) -> Result<Task, StoreError>;
    /// A completion (TransferComplete, DUStateChangeComplete, or an Inform's M-event)
    /// arrived for the task that carries `command_key` on `device_id`. `fault` is `None` on
    /// success. Returns the task if one was awaiting.
    async fn complete(
        &self,
        device_id: &str,
        command_key: &str,
        result: &str,
        fault: Option<TaskFault>,
        now_ms: i64,
    ) -> Result<Option<Task>, StoreError>;
    /// The session `session_id` broke while tasks were `Sent` without an answer: they go
    /// back to `Queued`, or to `Faulted` when their retry budget is spent.
    async fn requeue_unanswered(
        &self,
        session_id: &str,
        now_ms: i64,
    ) -> Result<Vec<Task>, StoreError>;
    async fn cancel(&self, id: i64, now_ms: i64) -> Result<Option<Task>, StoreError>;
    /// Devices that have queued work, for Connection Requests after a restart.
    async fn devices_with_queued_tasks(&self) -> Result<Vec<String>, StoreError>;
    /// Deletes finished tasks (done, faulted, cancelled, expired) last changed before
    /// `before_ms`; returns how many. Unfinished tasks are never touched.
    async fn prune_finished(&self, before_ms: i64) -> Result<u64, StoreError>;
}

/// Per-device session exclusivity across nodes, by lease rows (no advisory locks, so the
/// same SQL works on distributed PostgreSQL-compatible engines).
#[async_trait]
pub trait Leases: Send + Sync {
    /// Takes the device's lease for `session_id` until `until_ms`, if it is free or expired.
    /// On refusal returns the current holder's expiry.
    async fn acquire_lease(
        &self,
        device_id: &str,
        session_id: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<Result<(), i64>, StoreError>;
    /// Extends a lease this session holds; false if it lost it.
    async fn renew_lease(
        &self,
        device_id: &str,
        session_id: &str,
        until_ms: i64,
    ) -> Result<bool, StoreError>;
    async fn release_lease(&self, device_id: &str, session_id: &str) -> Result<(), StoreError>;
    /// Sessions whose leases expired before `now_ms`; their rows are removed.
    async fn take_expired_leases(&self, now_ms: i64) -> Result<Vec<Lease>, StoreError>;
}

/// The device event log (Inform events, session outcomes).
#[async_trait]
pub trait Events: Send + Sync {
    async fn append_event(&self, event: NewEvent) -> Result<i64, StoreError>;
    /// Events of a device, newest first.
    async fn device_events(
        &self,
        device_id: &str,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError>;
}

/// The oneM2M resource tree. The CSE keeps the tree in memory and writes every change
/// through; on start it loads everything back. The store checks one rule of the tree: no two
/// resources have the same name under the same parent. It does not check that a parent
/// exists, nor delete children with their parent.
#[async_trait]
pub trait Resources: Send + Sync {
    /// Applies the changes atomically and in order: all or none. A `Put` inserts or replaces
    /// by `ri`; deleting an unknown `ri` is not an error. Each change sees the ones before
    /// it, so a `Put` then a `Delete` of the same `ri` leaves nothing, and a `Delete` then a
    /// `Put` leaves the resource.
    ///
    /// A `Put` whose (`pi`, `rn`) is already used by another `ri` at that point of the batch
    /// fails with [`StoreError::ResourceNameTaken`], and nothing of the batch is applied.
    async fn write_resources(&self, changes: Vec<ResourceChange>) -> Result<(), StoreError>;
    /// Every stored resource, ordered by `ri` compared byte-wise (as `str` compares), which
    /// does not put parents before their children.
    async fn load_resources(&self) -> Result<Vec<StoredResource>, StoreError>;
    async fn resource(&self, ri: &str) -> Result<Option<StoredResource>, StoreError>;
    async fn resource_count(&self) -> Result<u64, StoreError>;
    /// At most `limit` resources whose `expires_at_ms <= now_ms`, soonest first (ties by
    /// `ri`). Resources without an expiry never appear. Nothing is deleted: the caller
    /// deletes what it has expired with [`write_resources`](Resources::write_resources).
    async fn expired_resources(
        &self,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<StoredResource>, StoreError>;
}

/// Everything dmgate persists. Callers hold an `Arc<dyn Store>`.
pub trait Store: Devices + Tasks + Leases + Events + Resources {}
impl<T: Devices + Tasks + Leases + Events + Resources> Store for T {}
