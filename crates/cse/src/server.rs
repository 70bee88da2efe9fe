//! The oneM2M HTTP listener: TCP (or TLS) accept loop, one hyper HTTP/1.1 connection per
//! client connection, expiry housekeeping, graceful shutdown.

use std::io::BufReader;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Request as HttpRequest;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use onem2m::Rsc;
use store::Store;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

use crate::binding;
use crate::config::{CseConfig, TlsConfig};
use crate::engine::Cse;
use crate::error::{CseError, CseResult};
use crate::primitive::Response;

/// A running CSE with its HTTP binding.
#[derive(Debug)]
pub struct CseServer {
    cse: Cse,
    local_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    accept_loop: tokio::task::JoinHandle<()>,
    housekeeping: tokio::task::JoinHandle<()>,
}

fn startup(why: String) -> CseError {
    CseError::internal(why)
}

fn load_tls(tls: &TlsConfig) -> CseResult<TlsAcceptor> {
    let open = |path: &std::path::Path| {
        std::fs::File::open(path)
            .map(BufReader::new)
            .map_err(|e| startup(format!("cannot read {}: {e}", path.display())))
    };
    let chain = rustls_pemfile::certs(&mut open(&tls.certificate_chain)?)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| startup(format!("{}: {e}", tls.certificate_chain.display())))?;
    if chain.is_empty() {
        return Err(startup(format!(
            "{} holds no PEM certificate",
            tls.certificate_chain.display()
        )));
    }
    let key = rustls_pemfile::private_key(&mut open(&tls.private_key)?)
        .map_err(|e| startup(format!("{}: {e}", tls.private_key.display())))?
        .ok_or_else(|| {
            startup(format!(
                "{} holds no PEM private key",
                tls.private_key.display()
            ))
        })?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| startup(format!("TLS: {e}")))?
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .map_err(|e| startup(format!("TLS certificate and key: {e}")))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

impl CseServer {
    /// Opens the CSE on the store and starts serving the HTTP binding.
    pub async fn start(config: CseConfig, store: Arc<dyn Store>) -> CseResult<CseServer> {
        let tls = config.tls.as_ref().map(load_tls).transpose()?;
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|e| startup(format!("cannot listen on {}: {e}", config.listen)))?;
        let local_addr = listener.local_addr().map_err(|e| startup(e.to_string()))?;
        let cse = Cse::open(config.clone(), store).await?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        let accept_loop =
            tokio::spawn(accept_loop(listener, tls, cse.clone(), shutdown_rx.clone()));
        let housekeeping = tokio::spawn(housekeeping(cse.clone(), shutdown_rx));
        tracing::info!(
            address = %local_addr,
            tls = config.tls.is_some(),
            cse_id = %config.cse_id,
            cse_base = %config.cse_name,
            resources = cse.resource_count(),
            "oneM2M HTTP binding ready"
        );
        Ok(CseServer {
            cse,
            local_addr,
            shutdown,
            accept_loop,
            housekeeping,
        })
    }

    pub fn cse(&self) -> &Cse {
        &self.cse
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, lets requests in hand finish (up to the grace period), and waits
    /// for queued notifications to be attempted.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.accept_loop.await;
        let _ = self.housekeeping.await;
        let grace = self.cse.config().shutdown_grace;
        let _ = tokio::time::timeout(grace, self.cse.flush_notifications()).await;
        tracing::info!("oneM2M HTTP binding stopped");
    }
}

async fn housekeeping(cse: Cse, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        let removed = cse.expire_now().await;
        if removed > 0 {
            tracing::debug!(removed, "expired resources deleted");
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    cse: Cse,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(
        cse.config().max_connections.max(1),
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
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%remote, "connection limit reached; connection closed");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let cse = cse.clone();
        let shutdown = shutdown.clone();
        let tls = tls.clone();
        connections.spawn(async move {
            let _slot = slot;
            match tls {
                Some(acceptor) => {
                    match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream))
                        .await
                    {
                        Ok(Ok(stream)) => serve_connection(stream, remote, cse, shutdown).await,
                        Ok(Err(e)) => tracing::debug!(%remote, error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%remote, "TLS handshake timed out"),
                    }
                }
                None => serve_connection(stream, remote, cse, shutdown).await,
            }
        });
    }
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
    cse: Cse,
    mut shutdown: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request: HttpRequest<Incoming>| {
        let cse = cse.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(&cse, request).await) }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
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
}

async fn handle(cse: &Cse, request: HttpRequest<Incoming>) -> http::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let limit = cse.config().max_body_bytes;
    let body = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let echo = binding::Echo {
                media_type: "application/json",
                ..Default::default()
            };
            let err = CseError::new(
                Rsc::BadRequest,
                format!("the body is larger than {limit} bytes or was cut off"),
            );
            return binding::response(&echo, &Response::error(&err));
        }
    };
    let path_and_query = (parts.uri.path(), parts.uri.query());
    let (echo, primitive) = binding::request(&parts.method, path_and_query, &parts.headers, &body);
    let response = match primitive {
        Ok(primitive) => cse.handle(primitive).await,
        Err(e) => Response::error(&e),
    };
    binding::response(&echo, &response)
}
