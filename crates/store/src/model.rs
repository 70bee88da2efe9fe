//! The values the store keeps. Plain data; the rules live in the trait implementations.

use serde::{Deserialize, Serialize};

/// One parameter as a CPE reported it: name, value and its declared xsi type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredParameter {
    pub name: String,
    pub value: String,
    pub xsi_type: String,
}

/// What an Inform tells about a device (TR-069 A.3.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformRecord {
    pub device_id: String,
    pub manufacturer: String,
    pub oui: String,
    pub product_class: String,
    pub serial_number: String,
    pub cwmp_version: String,
    pub events: Vec<String>,
    pub parameters: Vec<StoredParameter>,
    /// `ManagementServer.ConnectionRequestURL` when the Inform carried it.
    pub connection_request_url: Option<String>,
    pub remote_addr: Option<String>,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub manufacturer: String,
    pub oui: String,
    pub product_class: String,
    pub serial_number: String,
    pub cwmp_version: String,
    pub connection_request_url: Option<String>,
    /// Credentials the ACS uses for Connection Requests to this device.
    pub connection_request_username: Option<String>,
    pub connection_request_password: Option<String>,
    pub rpc_methods: Option<Vec<String>>,
    pub last_inform_events: Vec<String>,
    /// Parameters of the last Inform, merged over the ones of earlier Informs.
    pub parameters: Vec<StoredParameter>,
    pub remote_addr: Option<String>,
    pub first_contact_ms: i64,
    pub last_contact_ms: i64,
    pub last_connection_request_ms: Option<i64>,
    pub last_connection_request_outcome: Option<String>,
}

impl Device {
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CpeCredentials {
    pub username: String,
    pub password: String,
    /// When set, only this device may use the credentials.
    pub device_id: Option<String>,
}

/// A task's state machine:
///
/// ```text
/// queued ──► sent ──► done
///   │  ▲       │ └──► awaiting ──► done | faulted | expired
///   │  └───────┤ (session broke before the answer)
///   │          └──► faulted
///   └──► expired | cancelled            (cancelled also from sent and awaiting)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskState {
    Queued,
    Sent,
    Awaiting,
    Done,
    Faulted,
    Cancelled,
    Expired,
}

impl TaskState {
    pub const ALL: [TaskState; 7] = [
        TaskState::Queued,
        TaskState::Sent,
        TaskState::Awaiting,
        TaskState::Done,
        TaskState::Faulted,
        TaskState::Cancelled,
        TaskState::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Queued => "queued",
            TaskState::Sent => "sent",
            TaskState::Awaiting => "awaiting",
            TaskState::Done => "done",
            TaskState::Faulted => "faulted",
            TaskState::Cancelled => "cancelled",
            TaskState::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Finished tasks never change again.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TaskState::Done | TaskState::Faulted | TaskState::Cancelled | TaskState::Expired
        )
    }
}

/// One RPC of a task: its method name and its request body as the ACS will send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskStep {
    pub method: String,
    pub request: String,
}

/// Why a task ended faulted: a CPE fault code, or a code of dmgate's own
/// (see [`TaskFault::RETRIES_EXHAUSTED`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskFault {
    pub code: u32,
    pub message: String,
}

impl TaskFault {
    /// Not a CWMP fault code: the task's sessions broke too often before an answer came.
    pub const RETRIES_EXHAUSTED: u32 = 1;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub device_id: String,
    pub steps: Vec<TaskStep>,
    /// The CommandKey the request carries, for correlating completions and M-events.
    pub command_key: Option<String>,
    pub expires_at_ms: Option<i64>,
    /// How many times the task may be sent in all (at least 1).
    pub max_attempts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub device_id: String,
    pub steps: Vec<TaskStep>,
    /// Index of the step being sent or to send next.
    pub next_step: usize,
    /// The CPE's answers, one per finished step, then the completion if one came.
    pub responses: Vec<String>,
    pub state: TaskState,
    pub command_key: Option<String>,
    pub session_id: Option<String>,
    pub attempts: u32,
    pub max_attempts: u32,
    pub fault: Option<TaskFault>,
    pub expires_at_ms: Option<i64>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Task {
    pub fn current_step(&self) -> Option<&TaskStep> {
        self.steps.get(self.next_step)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub device_id: String,
    pub session_id: String,
    pub until_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub device_id: String,
    pub at_ms: i64,
    /// What happened: `inform`, `session-end`, `connection-request`, …
    pub kind: String,
    /// Details as JSON text.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub device_id: String,
    pub at_ms: i64,
    pub kind: String,
    pub detail: String,
}

/// One stored oneM2M resource: the attributes the tree needs, and the whole resource as
/// JSON text, which the store keeps without looking into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResource {
    /// The resource id (`ri`), unique in the store.
    pub ri: String,
    /// The parent's resource id (`pi`), `""` for the root (the CSEBase).
    pub pi: String,
    /// The resource type (`ty`).
    pub ty: u32,
    /// The resource name (`rn`), unique among the children of `pi`.
    pub rn: String,
    /// When the resource expires (its `et`), in Unix milliseconds; `None` if never.
    pub expires_at_ms: Option<i64>,
    /// The resource as JSON text.
    pub document: String,
}

/// One change of the resource tree, as [`crate::Resources::write_resources`] applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceChange {
    /// Stores the resource, replacing the one with the same `ri` if there is one.
    Put(StoredResource),
    /// Removes the resource `ri` if it is stored. Its children are not touched: the caller
    /// deletes a subtree by naming every resource in it.
    Delete { ri: String },
}

impl ResourceChange {
    /// The id of the resource the change is about.
    pub fn ri(&self) -> &str {
        match self {
            ResourceChange::Put(resource) => &resource.ri,
            ResourceChange::Delete { ri } => ri,
        }
    }
}
