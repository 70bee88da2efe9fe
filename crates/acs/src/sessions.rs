//! The table of open sessions on this node. Other nodes learn about them only through the
//! lease rows in the store.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cwmp::Namespace;

/// The request the ACS sent and is waiting to hear back about.
#[derive(Debug, Clone)]
pub(crate) struct Outstanding {
    pub(crate) task_id: i64,
    pub(crate) request_id: String,
    pub(crate) method: String,
}

#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) device_id: String,
    pub(crate) namespace: Namespace,
    pub(crate) conn_id: u64,
    pub(crate) last_activity: Instant,
    pub(crate) lease_until_ms: i64,
    pub(crate) outstanding: Option<Outstanding>,
    /// Retry-request (8005) answers given in this session, bounded so a broken store cannot
    /// keep a CPE looping.
    pub(crate) retries_asked: u32,
    /// Whether a task was handed out in this session (its end then requeues what is
    /// unanswered).
    pub(crate) claimed_any: bool,
    /// The idle timeout of this session: the ACS's, or longer if the CPE asked (3.7.2).
    pub(crate) timeout: std::time::Duration,
    /// Set once the session is over; a request that still finds it starts afresh.
    pub(crate) ended: bool,
}

pub(crate) type SessionHandle = Arc<tokio::sync::Mutex<Session>>;

#[derive(Debug, Default)]
struct Tables {
    by_id: HashMap<String, SessionHandle>,
    by_device: HashMap<String, String>,
    by_conn: HashMap<u64, String>,
    /// Devices whose session was open when work was queued for them.
    poked: std::collections::HashSet<String>,
}

#[derive(Debug, Default)]
pub(crate) struct SessionTable {
    tables: Mutex<Tables>,
}

impl SessionTable {
    fn lock(&self) -> std::sync::MutexGuard<'_, Tables> {
        // A panic while holding this lock leaves plain maps behind; keep serving.
        self.tables.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn insert(&self, session: Session) -> SessionHandle {
        let mut t = self.lock();
        let id = session.id.clone();
        t.by_device.insert(session.device_id.clone(), id.clone());
        t.by_conn.insert(session.conn_id, id.clone());
        let handle = Arc::new(tokio::sync::Mutex::new(session));
        t.by_id.insert(id, handle.clone());
        handle
    }

    /// Removes a session; true when work was queued for its device meanwhile (the session
    /// may have looked at the queue before that work arrived).
    pub(crate) fn remove(&self, session_id: &str, device_id: &str, conn_id: u64) -> bool {
        let mut t = self.lock();
        let poked = t.poked.remove(device_id);
        t.by_id.remove(session_id);
        if t.by_device.get(device_id).is_some_and(|s| s == session_id) {
            t.by_device.remove(device_id);
        }
        if t.by_conn.get(&conn_id).is_some_and(|s| s == session_id) {
            t.by_conn.remove(&conn_id);
        }
        poked
    }

    /// Notes new work for a device if it is in a session, in one step with the check, so
    /// that either the session's end sees the note or the caller sees no session.
    pub(crate) fn poke_if_in_session(&self, device_id: &str) -> bool {
        let mut t = self.lock();
        if t.by_device.contains_key(device_id) {
            t.poked.insert(device_id.to_owned());
            true
        } else {
            false
        }
    }

    pub(crate) fn note_connection(&self, session_id: &str, conn_id: u64) {
        self.lock().by_conn.insert(conn_id, session_id.to_owned());
    }

    pub(crate) fn connection_closed(&self, conn_id: u64) {
        self.lock().by_conn.remove(&conn_id);
    }

    /// Finds the session of a request: by its signed cookie, or, for CPEs that drop
    /// cookies, by the TCP connection the session runs on (CPEs keep one connection per
    /// session, TR-069 3.4.1). Never by address alone: another client behind the same NAT
    /// would walk into the device's session without authenticating.
    pub(crate) fn locate(
        &self,
        cookie_session: Option<&str>,
        conn_id: u64,
    ) -> Option<SessionHandle> {
        let t = self.lock();
        if let Some(handle) = cookie_session.and_then(|id| t.by_id.get(id)) {
            return Some(handle.clone());
        }
        t.by_conn
            .get(&conn_id)
            .and_then(|id| t.by_id.get(id))
            .cloned()
    }

    pub(crate) fn by_device(&self, device_id: &str) -> Option<SessionHandle> {
        let t = self.lock();
        t.by_device
            .get(device_id)
            .and_then(|id| t.by_id.get(id).cloned())
    }

    pub(crate) fn has_device(&self, device_id: &str) -> bool {
        self.lock().by_device.contains_key(device_id)
    }

    pub(crate) fn all(&self) -> Vec<SessionHandle> {
        self.lock().by_id.values().cloned().collect()
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().by_id.len()
    }
}
