//! What the ACS tells the rest of the server, published on a broadcast channel. A subscriber
//! that falls more than [`EVENT_BUFFER`] events behind loses the oldest ones and is told so
//! by the channel (`RecvError::Lagged`); the store keeps the durable record.

use store::Task;

pub(crate) const EVENT_BUFFER: usize = 8192;

/// One Inform event: its code ("0 BOOTSTRAP", "M Reboot", …) and CommandKey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformEvent {
    pub code: String,
    pub command_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The ACS answered the CPE's empty POST with 204.
    Completed,
    /// The CPE fell silent for longer than the session timeout.
    TimedOut,
    /// The CPE started a new session (a new Inform) while the old one was open.
    Replaced,
    /// The server shut down with the session still open.
    Shutdown,
}

#[derive(Debug, Clone)]
pub enum AcsEvent {
    Inform {
        device_id: String,
        new_device: bool,
        events: Vec<InformEvent>,
        parameters: Vec<cwmp::ParameterValue>,
    },
    SessionEnded {
        device_id: String,
        session_id: String,
        how: SessionEnd,
    },
    /// A task changed state (queued, sent, answered, completed, requeued, …).
    TaskChanged(Box<Task>),
    /// A CPE request with no task behind it: AutonomousTransferComplete,
    /// AutonomousDUStateChangeComplete, RequestDownload, Kicked, or a TransferComplete whose
    /// CommandKey matched no task.
    CpeRequest {
        device_id: String,
        message: Box<cwmp::Message>,
    },
    ConnectionRequest {
        device_id: String,
        delivered: bool,
        outcome: String,
    },
}
