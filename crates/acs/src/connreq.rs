//! Connection Requests (TR-069 3.2.2): an HTTP GET to the device's ConnectionRequestURL,
//! answering the CPE's Digest challenge (Basic only when configured, see
//! [`crate::ConnectionRequestConfig::allow_basic`]) with its ConnectionRequestUsername/Password;
//! bounded retries, at most one per device per interval, a global rate, outcome recorded.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use httpauth::{Challenge, DigestAuthorization};
use store::{NewEvent, Store};
use tokio::sync::broadcast;

use crate::config::ConnectionRequestConfig;
use crate::events::AcsEvent;
use crate::http_client::{self, Answer};
use crate::now_ms;
use crate::stats::Stats;

pub(crate) struct ConnectionRequester {
    config: ConnectionRequestConfig,
    store: Arc<dyn Store>,
    events: broadcast::Sender<AcsEvent>,
    stats: Arc<Stats>,
    last_by_device: Mutex<HashMap<String, Instant>>,
    /// Start times of the Connection Requests of the last second (global rate).
    recent: tokio::sync::Mutex<std::collections::VecDeque<Instant>>,
    /// Devices in a session on this node need no Connection Request.
    in_session: Box<dyn Fn(&str) -> bool + Send + Sync>,
}

impl std::fmt::Debug for ConnectionRequester {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionRequester").finish()
    }
}

/// What one Connection Request came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrOutcome {
    Delivered(u16),
    Skipped(String),
    Failed(String),
}

impl CrOutcome {
    fn describe(&self) -> String {
        match self {
            CrOutcome::Delivered(status) => format!("delivered: HTTP {status}"),
            CrOutcome::Skipped(why) => format!("skipped: {why}"),
            CrOutcome::Failed(why) => format!("failed: {why}"),
        }
    }
}

impl ConnectionRequester {
    pub(crate) fn new(
        config: ConnectionRequestConfig,
        store: Arc<dyn Store>,
        events: broadcast::Sender<AcsEvent>,
        stats: Arc<Stats>,
        in_session: Box<dyn Fn(&str) -> bool + Send + Sync>,
    ) -> Self {
        ConnectionRequester {
            config,
            store,
            events,
            stats,
            last_by_device: Mutex::new(HashMap::new()),
            recent: tokio::sync::Mutex::new(Default::default()),
            in_session,
        }
    }

    /// Sends a Connection Request in the background.
    pub(crate) fn request(self: &Arc<Self>, device_id: String) {
        let this = self.clone();
        tokio::spawn(async move {
            this.send(&device_id).await;
        });
    }

    /// Claims the device's slot: `Ok` to go now, `Err(wait)` when one went out less than an
    /// interval ago (or is already waiting for the slot, then `Err(ZERO)`).
    fn claim_device_slot(&self, device_id: &str) -> Result<(), Duration> {
        let mut last = self
            .last_by_device
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let interval = self.config.per_device_interval;
        if last.len() > 100_000 {
            last.retain(|_, at| *at > now || now.duration_since(*at) < interval);
        }
        match last.get(device_id) {
            Some(at) if *at > now => Err(Duration::ZERO),
            Some(at) if now.duration_since(*at) < interval => {
                let next = *at + interval;
                // Book the next slot, so that one delayed request stands for all that come.
                last.insert(device_id.to_owned(), next);
                Err(next - now)
            }
            _ => {
                last.insert(device_id.to_owned(), now);
                Ok(())
            }
        }
    }

    /// The device opened a session: the spacing between Connection Requests is there for
    /// devices that do not answer them, so one that did may be asked again at once — the
    /// work queued after its session ended would otherwise wait out the interval (a
    /// multi-step operation, say: read, then add, then write). A request already booked for
    /// a later slot stays booked: it will carry whatever comes meanwhile.
    pub(crate) fn device_answered(&self, device_id: &str) {
        let mut last = self
            .last_by_device
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if last.get(device_id).is_some_and(|at| *at <= Instant::now()) {
            last.remove(device_id);
        }
    }

    /// Waits for a place within the global rate.
    async fn await_rate(&self) {
        let per_second = self.config.per_second.max(1) as usize;
        loop {
            let wait = {
                let mut recent = self.recent.lock().await;
                let now = Instant::now();
                while recent
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
                {
                    recent.pop_front();
                }
                if recent.len() < per_second {
                    recent.push_back(now);
                    return;
                }
                recent
                    .front()
                    .map(|t| Duration::from_secs(1).saturating_sub(now.duration_since(*t)))
                    .unwrap_or_default()
            };
            tokio::time::sleep(wait).await;
        }
    }

    pub(crate) async fn send(&self, device_id: &str) -> CrOutcome {
        let outcome = self.attempt(device_id).await;
        let delivered = matches!(outcome, CrOutcome::Delivered(_));
        let described = outcome.describe();
        match &outcome {
            CrOutcome::Skipped(_) => {
                tracing::debug!(device = %device_id, "connection request {described}")
            }
            CrOutcome::Delivered(_) => {
                self.stats
                    .connection_requests_sent
                    .fetch_add(1, Ordering::Relaxed);
                tracing::debug!(device = %device_id, "connection request {described}");
            }
            CrOutcome::Failed(_) => {
                self.stats
                    .connection_requests_failed
                    .fetch_add(1, Ordering::Relaxed);
                tracing::warn!(device = %device_id, "connection request {described}");
            }
        }
        if !matches!(outcome, CrOutcome::Skipped(_)) {
            let now = now_ms();
            if let Err(e) = self
                .store
                .record_connection_request(device_id, now, &described)
                .await
            {
                tracing::warn!(error = %e, "store: cannot record a connection request");
            }
            let _ = self
                .store
                .append_event(NewEvent {
                    device_id: device_id.to_owned(),
                    at_ms: now,
                    kind: "connection-request".into(),
                    detail: serde_json::json!({ "outcome": described }).to_string(),
                })
                .await;
        }
        let _ = self.events.send(AcsEvent::ConnectionRequest {
            device_id: device_id.to_owned(),
            delivered,
            outcome: described,
        });
        outcome
    }

    async fn attempt(&self, device_id: &str) -> CrOutcome {
        if (self.in_session)(device_id) {
            return CrOutcome::Skipped("the device is in a session".into());
        }
        let device = match self.store.device(device_id).await {
            Ok(Some(device)) => device,
            Ok(None) => {
                return CrOutcome::Skipped("the device has not contacted the ACS yet".into());
            }
            Err(e) => return CrOutcome::Failed(format!("store: {e}")),
        };
        let Some(url) = device
            .connection_request_url
            .clone()
            .filter(|u| !u.is_empty())
        else {
            return CrOutcome::Skipped("no ConnectionRequestURL known".into());
        };
        match self.claim_device_slot(device_id) {
            Ok(()) => {}
            Err(Duration::ZERO) => {
                return CrOutcome::Skipped("another is waiting for this device's next slot".into());
            }
            Err(wait) => {
                // Rate limited, not dropped: work queued now must still reach the device.
                tokio::time::sleep(wait).await;
                if (self.in_session)(device_id) {
                    return CrOutcome::Skipped("the device is in a session".into());
                }
            }
        }
        let username = device
            .connection_request_username
            .clone()
            .or_else(|| self.config.default_username.clone());
        let password = device
            .connection_request_password
            .clone()
            .or_else(|| self.config.default_password.clone());
        let mut last_error = String::new();
        for attempt in 0..=self.config.retries {
            if attempt > 0 {
                tokio::time::sleep(self.config.retry_delay * attempt).await;
            }
            self.await_rate().await;
            match self
                .exchange(&url, username.as_deref(), password.as_deref())
                .await
            {
                Ok(outcome) => return outcome,
                Err(e) => last_error = e,
            }
        }
        CrOutcome::Failed(format!(
            "{last_error} (after {} attempts)",
            self.config.retries + 1
        ))
    }

    /// One Connection Request, with the authentication round trip if the CPE asks for it.
    /// `Err` means worth retrying (no answer); an answer, even a refusal, is final.
    async fn exchange(
        &self,
        url: &str,
        username: Option<&str>,
        password: Option<&str>,
    ) -> Result<CrOutcome, String> {
        let timeout = self.config.timeout;
        let first = http_client::get(url, None, timeout).await?;
        if first.status.is_success() {
            return Ok(CrOutcome::Delivered(first.status.as_u16()));
        }
        if first.status.as_u16() == 503 {
            // 3.2.2.2: a CPE already in a session (or just ending one) answers 503; ask again.
            return Err("the CPE is busy (HTTP 503)".into());
        }
        if first.status.as_u16() != 401 {
            return Ok(CrOutcome::Failed(format!(
                "the CPE answered HTTP {}",
                first.status.as_u16()
            )));
        }
        let (Some(username), Some(password)) = (username, password) else {
            return Ok(CrOutcome::Failed(
                "the CPE asks for credentials and none are known".into(),
            ));
        };
        let authorization =
            match authorization_for(&first, url, username, password, self.config.allow_basic) {
                Ok(authorization) => authorization,
                Err(e) => return Ok(CrOutcome::Failed(e)),
            };
        let second = http_client::get(url, Some(&authorization), timeout).await?;
        Ok(if second.status.is_success() {
            CrOutcome::Delivered(second.status.as_u16())
        } else {
            CrOutcome::Failed(format!(
                "the CPE refused the credentials: HTTP {}",
                second.status.as_u16()
            ))
        })
    }
}

fn authorization_for(
    answer: &Answer,
    url: &str,
    username: &str,
    password: &str,
    allow_basic: bool,
) -> Result<String, String> {
    let values: Vec<&str> = answer.challenges.iter().map(String::as_str).collect();
    if let Some(challenge) = Challenge::best(Challenge::parse_all(&values)) {
        let (_, _, uri) = http_client::target(url)?;
        return Ok(
            DigestAuthorization::answer(&challenge, username, password, "GET", &uri, 1)
                .to_header_value(),
        );
    }
    // 3.2.2: Connection Requests authenticate with Digest; Basic would send the device's
    // password in clear to whatever the URL points at, so only when the operator allows it.
    let basic = values
        .iter()
        .any(|v| v.trim_start().to_ascii_lowercase().starts_with("basic"));
    if basic && allow_basic {
        return Ok(httpauth::basic_authorization(username, password));
    }
    Err(format!("no challenge dmgate can answer: {values:?}"))
}
