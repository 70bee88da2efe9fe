//! A real CSE on loopback with a temporary store, a small oneM2M HTTP client, and a
//! notification receiver that records what it gets.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use cse::{CseConfig, CseServer};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use store::SqliteStore;
use tokio::net::{TcpListener, TcpStream};

pub const ADMIN: &str = "CAdmin";

pub struct TestCse {
    pub server: Option<CseServer>,
    pub dir: tempfile::TempDir,
    pub addr: SocketAddr,
}

pub fn config() -> CseConfig {
    CseConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..CseConfig::default()
    }
}

async fn open(dir: &Path, mut config: CseConfig) -> CseServer {
    let store = SqliteStore::open(&dir.join("dmgate.db")).unwrap();
    config.notification_timeout = Duration::from_secs(2);
    CseServer::start(config, Arc::new(store)).await.unwrap()
}

impl TestCse {
    pub async fn start() -> TestCse {
        Self::start_with(config()).await
    }

    pub async fn start_with(config: CseConfig) -> TestCse {
        let dir = tempfile::tempdir().unwrap();
        let server = open(dir.path(), config).await;
        let addr = server.local_addr();
        TestCse {
            server: Some(server),
            dir,
            addr,
        }
    }

    /// Stops the server and starts a new one on the same store (and a new port).
    pub async fn restart(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
        let server = open(self.dir.path(), config()).await;
        self.addr = server.local_addr();
        self.server = Some(server);
    }

    pub fn cse(&self) -> &cse::Cse {
        self.server.as_ref().unwrap().cse()
    }

    pub fn client(&self) -> Client {
        Client { addr: self.addr }
    }
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub rsc: u16,
    pub headers: http::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The attributes under the single root member.
    pub fn attrs(&self) -> &serde_json::Map<String, Value> {
        self.body
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_object)
            .unwrap()
    }
    pub fn root(&self) -> &str {
        self.body
            .as_object()
            .and_then(|o| o.keys().next())
            .map(String::as_str)
            .unwrap_or("")
    }
    pub fn dbg(&self) -> &str {
        self.body
            .get("m2m:dbg")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Client {
    pub addr: SocketAddr,
}

pub struct Req {
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Req {
    pub fn new(method: &'static str, path: &str) -> Req {
        Req {
            method,
            path: path.to_string(),
            headers: vec![
                ("X-M2M-RI".into(), "rq-1".into()),
                ("X-M2M-RVI".into(), "3".into()),
            ],
            body: None,
        }
    }
    pub fn origin(self, origin: &str) -> Req {
        self.header("X-M2M-Origin", origin)
    }
    pub fn header(mut self, name: &str, value: &str) -> Req {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
    pub fn without(mut self, name: &str) -> Req {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }
    pub fn json(self, body: &Value) -> Req {
        self.raw_body(&body.to_string())
    }
    pub fn raw_body(mut self, body: &str) -> Req {
        self.body = Some(body.to_string());
        if !self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            self.headers
                .push(("Content-Type".into(), "application/json".into()));
        }
        self
    }
    pub fn ty(self, ty: u32) -> Req {
        self.header("Content-Type", &format!("application/json;ty={ty}"))
    }
}

impl Client {
    pub async fn send(&self, req: Req) -> Reply {
        let stream = TcpStream::connect(self.addr).await.unwrap();
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(conn);
        let mut builder = http::Request::builder()
            .method(req.method)
            .uri(&req.path)
            .header("Host", self.addr.to_string());
        for (n, v) in &req.headers {
            builder = builder.header(n, v);
        }
        let request = builder
            .body(Full::new(Bytes::from(req.body.unwrap_or_default())))
            .unwrap();
        let response = tokio::time::timeout(Duration::from_secs(10), sender.send_request(request))
            .await
            .unwrap()
            .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        let rsc = headers
            .get("X-M2M-RSC")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            rsc,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, origin: &str) -> Reply {
        self.send(Req::new("GET", path).origin(origin)).await
    }
    pub async fn create(&self, path: &str, origin: &str, ty: u32, body: Value) -> Reply {
        self.send(Req::new("POST", path).origin(origin).json(&body).ty(ty))
            .await
    }
    pub async fn update(&self, path: &str, origin: &str, body: Value) -> Reply {
        self.send(Req::new("PUT", path).origin(origin).json(&body))
            .await
    }
    pub async fn delete(&self, path: &str, origin: &str) -> Reply {
        self.send(Req::new("DELETE", path).origin(origin)).await
    }
    /// Registers an AE with the given originator and returns its reply.
    pub async fn register(&self, origin: &str, name: &str, poa: &[&str]) -> Reply {
        let body = serde_json::json!({"m2m:ae": {"rn": name, "api": "Nexample", "rr": true, "srv": ["3"], "poa": poa}});
        self.send(Req::new("POST", "/cse-in").origin(origin).json(&body).ty(2))
            .await
    }
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: http::HeaderMap,
    pub body: Value,
}

/// A notification target: records requests and answers with `rsc` (2000 unless changed).
pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    pub answer: Arc<Mutex<u16>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(Mutex::new(2000u16));
        let (r, a) = (received.clone(), answer.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (r, a) = (r.clone(), a.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                        let (r, a) = (r.clone(), a.clone());
                        async move {
                            let (parts, body) = req.into_parts();
                            let bytes = body
                                .collect()
                                .await
                                .map(|b| b.to_bytes())
                                .unwrap_or_default();
                            let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                            r.lock().unwrap().push(Received {
                                path: parts.uri.to_string(),
                                headers: parts.headers,
                                body,
                            });
                            let rsc = *a.lock().unwrap();
                            let status = if rsc < 3000 { 200 } else { 400 };
                            Ok::<_, std::convert::Infallible>(
                                http::Response::builder()
                                    .status(status)
                                    .header("X-M2M-RSC", rsc.to_string())
                                    .header("X-M2M-RI", "n")
                                    .body(Full::new(Bytes::new()))
                                    .unwrap(),
                            )
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Receiver {
            url: format!("http://{addr}/notify"),
            received,
            answer,
            task,
        }
    }

    pub fn set_answer(&self, rsc: u16) {
        *self.answer.lock().unwrap() = rsc;
    }

    pub fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (bounded) until at least `n` requests arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            if self.received.lock().unwrap().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.all()
    }
}

/// The HTTP status TS-0009 Table 6.3.2-1 gives a Response Status Code.
pub fn http_status_of(rsc: u16) -> u16 {
    onem2m::Rsc::from_code(rsc)
        .unwrap_or_else(|| panic!("{rsc} is not a oneM2M response status code"))
        .http_status()
}

/// Asserts the exact Response Status Code and the HTTP status TS-0009 maps it to.
#[track_caller]
pub fn assert_rsc(reply: &Reply, rsc: u16) {
    assert_eq!(
        (reply.rsc, reply.status),
        (rsc, http_status_of(rsc)),
        "body: {}",
        reply.body
    );
}

/// Asserts an error response: the exact RSC, its HTTP status, and a body that is exactly
/// `{"m2m:dbg": "<non-empty text>"}`.
#[track_caller]
pub fn assert_error(reply: &Reply, rsc: u16) {
    assert_rsc(reply, rsc);
    let object = reply.body.as_object().expect("an error body");
    assert_eq!(object.len(), 1, "only m2m:dbg: {}", reply.body);
    assert!(!reply.dbg().trim().is_empty(), "m2m:dbg: {}", reply.body);
}
