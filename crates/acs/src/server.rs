//! The CWMP listener: TCP (or TLS) accept loop, one hyper HTTP/1.1 connection per CPE
//! connection, graceful shutdown.
//!
//! hyper directly rather than a router: the CWMP endpoint is one POST on any path, and the
//! session fallback needs to know which TCP connection a request came on.

use std::io::BufReader;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as Body;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use store::Store;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

use crate::api::{Acs, AcsError};
use crate::config::{AcsConfig, AuthMode, TlsConfig};
use crate::connreq::ConnectionRequester;
use crate::engine::{Engine, Incoming, Reply};
use crate::events::{EVENT_BUFFER, SessionEnd};
use crate::stats::Stats;

/// A running ACS.
#[derive(Debug)]
pub struct AcsServer {
    acs: Acs,
    local_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    accept_loop: tokio::task::JoinHandle<()>,
    housekeeping: tokio::task::JoinHandle<()>,
}

fn load_tls(tls: &TlsConfig) -> Result<TlsAcceptor, AcsError> {
    let open = |path: &std::path::Path| {
        std::fs::File::open(path)
            .map(BufReader::new)
            .map_err(|e| AcsError::Startup(format!("cannot read {}: {e}", path.display())))
    };
    let certificates = rustls_pemfile::certs(&mut open(&tls.certificate_chain)?)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AcsError::Startup(format!("{}: {e}", tls.certificate_chain.display())))?;
    if certificates.is_empty() {
        return Err(AcsError::Startup(format!(
            "{} holds no PEM certificate",
            tls.certificate_chain.display()
        )));
    }
    let key = rustls_pemfile::private_key(&mut open(&tls.private_key)?)
        .map_err(|e| AcsError::Startup(format!("{}: {e}", tls.private_key.display())))?
        .ok_or_else(|| {
            AcsError::Startup(format!(
                "{} holds no PEM private key",
                tls.private_key.display()
            ))
        })?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| AcsError::Startup(format!("TLS: {e}")))?
    .with_no_client_auth()
    .with_single_cert(certificates, key)
    .map_err(|e| AcsError::Startup(format!("TLS certificate and key: {e}")))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

impl AcsServer {
    /// Binds the listener and starts serving.
    pub async fn start(config: AcsConfig, store: Arc<dyn Store>) -> Result<AcsServer, AcsError> {
        if config.secret.is_empty() {
            return Err(AcsError::Startup(
                "the ACS needs a secret to sign session cookies and nonces".into(),
            ));
        }
        if config.auth == AuthMode::None {
            tracing::warn!(
                "CPE authentication is off (auth = none): any device that reaches the ACS can open sessions"
            );
        }
        if config.auth == AuthMode::Basic && config.tls.is_none() {
            tracing::warn!("Basic authentication without TLS sends CPE passwords in clear text");
        }
        let tls = config.tls.as_ref().map(load_tls).transpose()?;
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|e| AcsError::Startup(format!("cannot listen on {}: {e}", config.listen)))?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| AcsError::Startup(e.to_string()))?;

        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let stats = Arc::new(Stats::default());
        let engine = Arc::new_cyclic(|weak: &std::sync::Weak<Engine>| {
            let weak = weak.clone();
            let in_session = Box::new(move |device: &str| {
                weak.upgrade()
                    .is_some_and(|e| e.sessions.has_device(device))
            });
            let connreq = Arc::new(ConnectionRequester::new(
                config.connection_requests.clone(),
                store.clone(),
                events.clone(),
                stats.clone(),
                in_session,
            ));
            Engine::new(
                config.clone(),
                store.clone(),
                events.clone(),
                stats.clone(),
                connreq,
            )
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let accept_loop = tokio::spawn(accept_loop(
            listener,
            tls,
            engine.clone(),
            shutdown_rx.clone(),
        ));
        let housekeeping = tokio::spawn(housekeeping(engine.clone(), shutdown_rx));
        tracing::info!(address = %local_addr, tls = config.tls.is_some(), "CWMP listener ready");

        // Work queued before a restart: reach the devices again.
        match store.devices_with_queued_tasks().await {
            Ok(devices) => {
                for device in devices {
                    engine.connreq.request(device);
                }
            }
            Err(e) => tracing::warn!(error = %e, "store: cannot list queued work"),
        }
        Ok(AcsServer {
            acs: Acs { engine },
            local_addr,
            shutdown,
            accept_loop,
            housekeeping,
        })
    }

    pub fn acs(&self) -> Acs {
        self.acs.clone()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting connections and new sessions, lets open sessions finish for up to
    /// the grace period, then ends the rest (their unanswered tasks go back to the queue)
    /// and closes connections. Everything queued is in the store already.
    pub async fn shutdown(self) {
        let engine = self.acs.engine.clone();
        engine.shutting_down.store(true, Ordering::Relaxed);
        let grace = engine.config.shutdown_grace;
        let deadline = tokio::time::Instant::now() + grace;
        while engine.sessions.len() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let remaining = engine.sessions.len();
        if remaining > 0 {
            tracing::info!(
                sessions = remaining,
                "ending sessions still open at shutdown"
            );
        }
        engine.end_all(SessionEnd::Shutdown).await;
        let _ = self.shutdown.send(true);
        let _ = self.accept_loop.await;
        let _ = self.housekeeping.await;
        tracing::info!("CWMP listener stopped");
    }
}

async fn housekeeping(engine: Arc<Engine>, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut n: u64 = 0;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        engine.reap_idle().await;
        n += 1;
        if n.is_multiple_of(5) {
            engine.reap_expired_leases().await;
        }
        if n.is_multiple_of(60) {
            let retention = engine.config.finished_task_retention.as_millis() as i64;
            match engine
                .store
                .prune_finished(crate::now_ms() - retention)
                .await
            {
                Ok(0) => {}
                Ok(pruned) => tracing::info!(pruned, "finished tasks past their retention deleted"),
                Err(e) => tracing::warn!(error = %e, "store: cannot prune finished tasks"),
            }
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    engine: Arc<Engine>,
    mut shutdown: watch::Receiver<bool>,
) {
    let next_conn = AtomicU64::new(1);
    let mut connections = JoinSet::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(
        engine.config.max_connections.max(1),
    ));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let (stream, remote) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of file descriptors and the like: wait instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Full: closing at once costs less than serving late.
            tracing::warn!(%remote, "connection limit reached; connection closed");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let conn_id = next_conn.fetch_add(1, Ordering::Relaxed);
        let engine = engine.clone();
        let shutdown = shutdown.clone();
        let tls = tls.clone();
        connections.spawn(async move {
            let _slot = slot;
            match tls {
                Some(acceptor) => {
                    match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream))
                        .await
                    {
                        Ok(Ok(stream)) => {
                            serve_connection(stream, remote, conn_id, engine, shutdown).await
                        }
                        Ok(Err(e)) => tracing::debug!(%remote, error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%remote, "TLS handshake timed out"),
                    }
                }
                None => serve_connection(stream, remote, conn_id, engine, shutdown).await,
            }
        });
    }
    // Open connections finish the request in hand and close.
    let deadline = tokio::time::sleep(Duration::from_secs(5));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            next = connections.join_next() => if next.is_none() { break },
            _ = &mut deadline => { connections.abort_all(); break }
        }
    }
}

async fn serve_connection<S>(
    stream: S,
    remote: SocketAddr,
    conn_id: u64,
    engine: Arc<Engine>,
    mut shutdown: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service_engine = engine.clone();
    let service = service_fn(move |request: Request<Body>| {
        let engine = service_engine.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(&engine, request, remote, conn_id).await) }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(engine.config.session_timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(%remote, error = %e, "connection ended with an error");
            }
        }
        _ = shutdown.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
    engine.sessions.connection_closed(conn_id);
}

async fn handle(
    engine: &Engine,
    request: Request<Body>,
    remote: SocketAddr,
    conn_id: u64,
) -> Response<Full<Bytes>> {
    if request.method() == Method::GET
        && let Some(token) = request.uri().path().strip_prefix("/files/")
        && let Some(source) = engine.files.get()
    {
        // Tokens are unguessable (128 random bits), which is the access control here: a
        // CPE fetching a Download URL presents no other credentials.
        return match source.file(token) {
            Some((content_type, content)) => {
                let mut response = Response::new(Full::new(Bytes::from(content)));
                if let Ok(value) = HeaderValue::from_str(&content_type) {
                    response.headers_mut().insert(header::CONTENT_TYPE, value);
                }
                response
            }
            None => plain(StatusCode::NOT_FOUND, "no such file\n"),
        };
    }
    if request.method() != Method::POST {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "the CWMP endpoint takes POST only\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let (parts, body) = request.into_parts();
    let cookie_session = engine.cookie_session(
        parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    let session = engine.sessions.locate(cookie_session.as_deref(), conn_id);
    let limit = if session.is_some() {
        engine.config.max_body_bytes
    } else {
        engine
            .config
            .max_inform_bytes
            .min(engine.config.max_body_bytes)
    };
    let collected = tokio::time::timeout(
        engine.config.session_timeout,
        Limited::new(body, limit).collect(),
    )
    .await;
    let body = match collected {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) => {
            let too_large = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            return if too_large {
                plain(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &format!("the body exceeds {limit} bytes\n"),
                )
            } else {
                plain(
                    StatusCode::BAD_REQUEST,
                    "the request body could not be read\n",
                )
            };
        }
        Err(_) => {
            return plain(
                StatusCode::REQUEST_TIMEOUT,
                "the request body did not arrive in time\n",
            );
        }
    };
    let authorization = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let reply = engine
        .handle(Incoming {
            body: &body,
            session,
            authorization,
            request_uri: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/"),
            conn_id,
            remote_ip: remote.ip(),
        })
        .await;
    into_response(reply)
}

fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::copy_from_slice(text.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn into_response(reply: Reply) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = if reply.soap {
        let mut r = Response::new(Full::new(Bytes::from(reply.body)));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml; charset=\"utf-8\""),
        );
        r
    } else if reply.body.is_empty() {
        Response::new(Full::new(Bytes::new()))
    } else {
        plain(status, &reply.body)
    };
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(cookie) = reply
        .set_cookie
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        headers.insert(header::SET_COOKIE, cookie);
    }
    for challenge in reply.www_authenticate {
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            headers.append(header::WWW_AUTHENTICATE, value);
        }
    }
    if let Some(secs) = reply.retry_after_secs {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}
