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
            }),
        }
    }

    /// Queues deliveries; returns at once.
    pub(crate) fn send(&self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            for target in delivery.targets {
                self.enqueue(target, delivery.body.clone());
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

    /// Waits until every queued notification was attempted.
    pub(crate) async fn flush(&self) {
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
