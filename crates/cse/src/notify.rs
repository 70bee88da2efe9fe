//! Sending notifications (TS-0004 7.5.1; over HTTP, TS-0009 6.x: a POST without `ty`).
//!
//! Notifications leave only after the change that caused them is durable. Each target URL
//! has its own worker, so one target receives its notifications in the order the changes
//! happened and a slow target delays no other. A failed delivery is logged and dropped:
//! TS-0004 leaves retries to the `pendingNotification` policy, which this CSE does not
//! offer.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, header};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio::sync::{Notify, mpsc};

use crate::config::CseConfig;

/// One notification to one or more URLs.
#[derive(Debug, Clone)]
pub(crate) struct Delivery {
    pub(crate) targets: Vec<String>,
    pub(crate) body: Value,
    /// How the subscription's batchNotify policy applies to it, if at all.
    pub(crate) batch: Option<Batch>,
}

/// batchNotify (TS-0001 9.6.8, 10.2.10.7; TS-0004 7.5.1.2.2 step 2.4): notifications of a
/// subscription are held per target and sent together as `m2m:agn` once `num` of them are
/// held or `window` has passed since the first, whichever comes first, in FIFO order.
#[derive(Debug, Clone)]
pub(crate) enum Batch {
    /// `body` is `{"m2m:sgn": ...}`: hold it in the subscription's batch.
    Add {
        sub: String,
        num: Option<usize>,
        window: Duration,
    },
    /// Send what the subscription's batches hold before this delivery (its deletion
    /// notice comes after its last notifications).
    FlushFirst { sub: String },
}

/// Notifications held for one subscription and one target.
#[derive(Debug)]
struct Held {
    id: u64,
    items: Vec<Value>,
}

/// The outcome of one POST.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) http_status: u16,
    pub(crate) rsc: Option<u16>,
}

impl Answer {
    /// A Notify succeeded when the receiver said OK (X-M2M-RSC 2000, or HTTP 2xx from
    /// receivers that send no oneM2M status).
    pub(crate) fn is_ok(&self) -> bool {
        match self.rsc {
            Some(rsc) => (2000..3000).contains(&rsc),
            None => (200..300).contains(&self.http_status),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Notifier {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    originator: String,
    timeout: Duration,
    workers: Mutex<HashMap<String, mpsc::UnboundedSender<Value>>>,
    in_flight: AtomicUsize,
    idle: Notify,
    counter: AtomicU64,
    sent: AtomicU64,
    failed: AtomicU64,
    /// Batches being gathered, by (subscription, target).
    batches: Mutex<HashMap<(String, String), Held>>,
}

impl Notifier {
    pub(crate) fn new(cfg: &CseConfig) -> Self {
        Notifier {
            shared: Arc::new(Shared {
                originator: cfg.cse_id.clone(),
                timeout: cfg.notification_timeout,
                workers: Mutex::new(HashMap::new()),
                in_flight: AtomicUsize::new(0),
                idle: Notify::new(),
                counter: AtomicU64::new(0),
                sent: AtomicU64::new(0),
                failed: AtomicU64::new(0),
                batches: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Queues deliveries; returns at once.
    pub(crate) fn send(&self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            match delivery.batch {
                None => {}
                Some(Batch::FlushFirst { sub }) => self.flush_batches(|(s, _)| *s == sub),
                Some(Batch::Add { sub, num, window }) => {
                    let sgn = delivery.body.get("m2m:sgn").cloned().unwrap_or(Value::Null);
                    for target in delivery.targets {
                        self.hold(&sub, target, sgn.clone(), num, window);
                    }
                    continue;
                }
            }
            for target in delivery.targets {
                self.enqueue(target, delivery.body.clone());
            }
        }
    }

    /// Adds a notification to its batch; sends the batch when it is full, or starts the
    /// timer that sends it when it is the first.
    fn hold(&self, sub: &str, target: String, sgn: Value, num: Option<usize>, window: Duration) {
        let key = (sub.to_string(), target);
        let mut batches = self
            .shared
            .batches
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let held = batches.entry(key.clone()).or_insert_with(|| Held {
            id: self.shared.counter.fetch_add(1, Ordering::Relaxed),
            items: Vec::new(),
        });
        held.items.push(sgn);
        if num.is_some_and(|n| held.items.len() >= n) {
            if let Some(held) = batches.remove(&key) {
                self.enqueue(key.1, aggregated(held.items));
            }
        } else if held.items.len() == 1 {
            let id = held.id;
            let notifier = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(window).await;
                let mut batches = notifier
                    .shared
                    .batches
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                if batches.get(&key).is_some_and(|h| h.id == id)
                    && let Some(held) = batches.remove(&key)
                {
                    notifier.enqueue(key.1, aggregated(held.items));
                }
            });
        }
    }

    /// Sends the batches whose (subscription, target) `pick` selects, now.
    fn flush_batches(&self, pick: impl Fn(&(String, String)) -> bool) {
        let mut batches = self
            .shared
            .batches
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let keys: Vec<(String, String)> = batches.keys().filter(|k| pick(k)).cloned().collect();
        for key in keys {
            if let Some(held) = batches.remove(&key) {
                self.enqueue(key.1, aggregated(held.items));
            }
        }
    }

    fn enqueue(&self, target: String, body: Value) {
        let shared = &self.shared;
        shared.in_flight.fetch_add(1, Ordering::SeqCst);
        let mut workers = shared.workers.lock().unwrap_or_else(|p| p.into_inner());
        let body = match workers.get(&target) {
            Some(tx) => match tx.send(body) {
                Ok(()) => return,
                Err(mpsc::error::SendError(body)) => body,
            },
            None => body,
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let _ = tx.send(body);
        workers.insert(target.clone(), tx);
        tokio::spawn(worker(self.shared.clone(), target, rx));
    }

    /// Sends what batches hold, then waits until every queued notification was attempted.
    pub(crate) async fn flush(&self) {
        self.flush_batches(|_| true);
        loop {
            let idle = self.shared.idle.notified();
            if self.shared.in_flight.load(Ordering::SeqCst) == 0 {
                return;
            }
            idle.await;
        }
    }

    /// Sends one notification now and returns the receiver's answer (subscription
    /// verification, TS-0004 7.5.1.2.3).
    pub(crate) async fn send_now(&self, target: &str, body: &Value) -> Result<Answer, String> {
        post(&self.shared, target, body).await
    }
}

/// The aggregated notification (TS-0004 Table 7.5.1.1-2 `m2m:aggregatedNotification`, short
/// name `agn`, its `notification` elements `sgn`) of held notifications, oldest first.
fn aggregated(items: Vec<Value>) -> Value {
    serde_json::json!({ "m2m:agn": { "m2m:sgn": items } })
}

async fn worker(shared: Arc<Shared>, target: String, mut rx: mpsc::UnboundedReceiver<Value>) {
    loop {
        let body = match tokio::time::timeout(Duration::from_secs(30), rx.recv()).await {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(_) => {
                // Idle: leave, unless something arrived while we decided to.
                let mut workers = shared.workers.lock().unwrap_or_else(|p| p.into_inner());
                match rx.try_recv() {
                    Ok(body) => {
                        drop(workers);
                        body
                    }
                    Err(_) => {
                        workers.remove(&target);
                        return;
                    }
                }
            }
        };
        match post(&shared, &target, &body).await {
            Ok(answer) if answer.is_ok() => {
                shared.sent.fetch_add(1, Ordering::Relaxed);
            }
            Ok(answer) => {
                shared.failed.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(%target, status = answer.http_status, rsc = ?answer.rsc, "notification refused");
            }
            Err(e) => {
                shared.failed.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(%target, error = %e, "notification not delivered");
            }
        }
        if shared.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            shared.idle.notify_waiters();
        }
    }
}

/// `http://host[:port][/path]` → (host, port, path).
fn split_url(url: &str) -> Result<(String, u16, String), String> {
    let rest = if let Some(rest) = url.strip_prefix("http://") {
        rest
    } else if url.starts_with("https://") {
        return Err("https notification targets are not supported yet; use http".into());
    } else {
        return Err(format!("`{url}` is not an http URL"));
    };
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (
            h,
            p.parse::<u16>()
                .map_err(|_| format!("bad port in `{url}`"))?,
        ),
        _ => (authority, 80),
    };
    if host.is_empty() {
        return Err(format!("no host in `{url}`"));
    }
    Ok((
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
        port,
        path.to_string(),
    ))
}

async fn post(shared: &Shared, target: &str, body: &Value) -> Result<Answer, String> {
    let (host, port, path) = split_url(target)?;
    let rqi = format!("ntf-{}", shared.counter.fetch_add(1, Ordering::Relaxed));
    let payload = Bytes::from(body.to_string());
    let request = Request::post(path)
        .header(header::HOST, format!("{host}:{port}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header("X-M2M-Origin", &shared.originator)
        .header("X-M2M-RI", &rqi)
        .header("X-M2M-RVI", "3")
        .header("X-M2M-OT", crate::time::format(crate::time::now_ms()))
        .body(Full::new(payload))
        .map_err(|e| e.to_string())?;
    let exchange = async {
        let stream = TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let http_status = response.status().as_u16();
        let rsc = response
            .headers()
            .get("X-M2M-RSC")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        // Drain the body so the connection closes cleanly; its content is not used.
        let _ = response.into_body().collect().await;
        Ok::<_, String>(Answer { http_status, rsc })
    };
    tokio::time::timeout(shared.timeout, exchange)
        .await
        .map_err(|_| format!("no answer within {:?}", shared.timeout))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        assert_eq!(
            split_url("http://127.0.0.1:9000/n").ok(),
            Some(("127.0.0.1".into(), 9000, "/n".into()))
        );
        assert_eq!(
            split_url("http://example.net").ok(),
            Some(("example.net".into(), 80, "/".into()))
        );
        assert_eq!(
            split_url("http://[::1]:8080/x").ok(),
            Some(("::1".into(), 8080, "/x".into()))
        );
        assert!(split_url("https://a/b").is_err());
        assert!(split_url("mqtt://a/b").is_err());
        assert!(split_url("http://:80/").is_err());
    }
}
