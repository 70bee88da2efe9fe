//! A fleet of simulated CPEs in one process: each device is a task that opens sessions when
//! something happens to it (boot, periodic timer, Connection Request, work finished after a
//! session), and one HTTP listener takes Connection Requests for all of them, each on its
//! own path, with Digest authentication (TR-069 3.2.2).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use httpauth::{Challenge, DigestAuthorization, NonceSigner, NonceStatus};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Mutex, broadcast, mpsc, watch};
use tokio::task::JoinSet;

use crate::behaviour::Behaviour;
use crate::device::{Deferred, DeviceState};
use crate::http::Credentials;
use crate::model::DataModel;
use crate::session::{AcsEndpoint, SessionOutcome, run_session};

const CR_REALM: &str = "cpe-sim";

#[derive(Debug, Clone)]
pub struct FleetConfig {
    pub endpoint: AcsEndpoint,
    pub devices: usize,
    /// Serial numbers are this prefix and a 7-digit number from `first_serial` on.
    pub serial_prefix: String,
    pub first_serial: usize,
    pub model: Arc<DataModel>,
    pub behaviour: Arc<Behaviour>,
    /// Periodic Informs (2 PERIODIC) at this interval; none when `None`.
    pub periodic_interval: Option<Duration>,
    /// Where the Connection Request listener binds; port 0 picks a free one.
    pub cr_listen: SocketAddr,
    /// Credentials the ACS must use for Connection Requests.
    pub cr_credentials: Credentials,
    pub reboot_delay: Duration,
    /// How long a download or upload takes.
    pub transfer_delay: Duration,
    /// First wait before a failed session is tried again; doubles up to 64 times it.
    pub retry_wait: Duration,
    /// Boots of the fleet are spread over this long.
    pub boot_spread: Duration,
}

/// Something that makes a device open a session.
#[derive(Debug, Clone)]
enum Wake {
    Boot,
    Periodic,
    ConnectionRequest,
    Deferred(Deferred),
    /// A test or operator asks for a session with this event.
    Event(String),
}

/// What the fleet reports as it runs.
#[derive(Debug, Clone)]
pub struct FleetEvent {
    pub device: usize,
    pub outcome: SessionOutcome,
}

#[derive(Debug)]
struct Member {
    state: Arc<Mutex<DeviceState>>,
    wake: mpsc::UnboundedSender<Wake>,
}

#[derive(Debug)]
pub struct Fleet {
    members: Arc<Vec<Member>>,
    cr_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    tasks: JoinSet<()>,
    events: broadcast::Sender<FleetEvent>,
}

fn serial(config: &FleetConfig, index: usize) -> String {
    format!("{}{:07}", config.serial_prefix, config.first_serial + index)
}

impl Fleet {
    pub async fn start(config: FleetConfig) -> Result<Fleet, String> {
        let listener = TcpListener::bind(config.cr_listen).await.map_err(|e| {
            format!(
                "cannot listen for Connection Requests on {}: {e}",
                config.cr_listen
            )
        })?;
        let cr_addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        let (events, _) = broadcast::channel(16_384);
        let mut members = Vec::with_capacity(config.devices);
        let mut receivers = Vec::with_capacity(config.devices);
        for index in 0..config.devices {
            let mut state = DeviceState::new(
                serial(&config, index),
                config.model.clone(),
                config.behaviour.clone(),
            );
            let cr_url = format!("http://{cr_addr}/cr/{index}");
            for (name, value) in [
                ("ManagementServer.ConnectionRequestURL", cr_url.as_str()),
                (
                    "ManagementServer.ConnectionRequestUsername",
                    config.cr_credentials.username.as_str(),
                ),
                (
                    "ManagementServer.ConnectionRequestPassword",
                    config.cr_credentials.password.as_str(),
                ),
            ] {
                let name = state.path(name);
                state.model.set_internal(&name, value);
            }
            // The values above are the device's own, not changes to report.
            let _ = state.model.take_changes();
            let (wake, receiver) = mpsc::unbounded_channel();
            members.push(Member {
                state: Arc::new(Mutex::new(state)),
                wake,
            });
            receivers.push(receiver);
        }
        let members = Arc::new(members);
        let mut tasks = JoinSet::new();
        let config = Arc::new(config);
        for (index, receiver) in receivers.into_iter().enumerate() {
            let delay = if config.devices > 1 {
                config
                    .boot_spread
                    .mul_f64(index as f64 / config.devices as f64)
            } else {
                Duration::ZERO
            };
            let _ = members[index].wake.send(Wake::Boot);
            tasks.spawn(device_loop(
                index,
                delay,
                members.clone(),
                receiver,
                config.clone(),
                events.clone(),
                shutdown_rx.clone(),
            ));
        }
        tasks.spawn(cr_listener(
            listener,
            members.clone(),
            config.cr_credentials.clone(),
            shutdown_rx,
        ));
        Ok(Fleet {
            members,
            cr_addr,
            shutdown,
            tasks,
            events,
        })
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn connection_request_addr(&self) -> SocketAddr {
        self.cr_addr
    }

    pub fn subscribe(&self) -> broadcast::Receiver<FleetEvent> {
        self.events.subscribe()
    }

    /// A copy of a device's state.
    pub async fn state(&self, index: usize) -> Option<DeviceState> {
        Some(self.members.get(index)?.state.lock().await.clone())
    }

    /// Changes a device's state, e.g. its behaviour or a parameter value.
    pub async fn with_state<R>(
        &self,
        index: usize,
        change: impl FnOnce(&mut DeviceState) -> R,
    ) -> Option<R> {
        let member = self.members.get(index)?;
        let mut state = member.state.lock().await;
        Some(change(&mut state))
    }

    /// Makes a device open a session with `event_code` ("2 PERIODIC", "4 VALUE CHANGE", …).
    pub fn inform(&self, index: usize, event_code: &str) {
        if let Some(member) = self.members.get(index) {
            let _ = member.wake.send(Wake::Event(event_code.to_owned()));
        }
    }

    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        while self.tasks.join_next().await.is_some() {}
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        self.tasks.abort_all();
    }
}

/// Applies what woke the device, adding the events of its next Inform. Returns the next
/// phase to schedule when there is one (a transfer that has just begun).
fn apply(state: &mut DeviceState, wake: Wake) -> Option<Deferred> {
    match wake {
        Wake::Boot => {
            state.boots += 1;
            state.add_event("1 BOOT", "");
        }
        Wake::Periodic => state.add_event("2 PERIODIC", ""),
        Wake::ConnectionRequest => state.add_event("6 CONNECTION REQUEST", ""),
        Wake::Event(code) => state.add_event(&code, ""),
        Wake::Deferred(Deferred::Reboot { command_key }) => state.reboot(Some(&command_key)),
        Wake::Deferred(Deferred::FactoryReset) => state.factory_reset(),
        Wake::Deferred(Deferred::Transfer(mut transfer)) => {
            if !transfer.started {
                // Begin: from now on CancelTransfer is refused; finish after the transfer time.
                transfer.started = true;
                if let Some(t) = state
                    .transfers
                    .iter_mut()
                    .find(|t| t.command_key == transfer.command_key)
                {
                    t.started = true;
                } else {
                    return None; // cancelled meanwhile
                }
                return Some(Deferred::Transfer(transfer));
            }
            state.complete_transfer(&transfer);
        }
        Wake::Deferred(Deferred::ScheduleInform { command_key, .. }) => {
            state.add_event("3 SCHEDULED", "");
            state.add_event("M ScheduleInform", &command_key);
        }
        Wake::Deferred(Deferred::ChangeDuState {
            command_key,
            operations,
        }) => {
            state.complete_du_change(&command_key, &operations);
        }
    }
    None
}

fn delay_of(deferred: &Deferred, config: &FleetConfig) -> Duration {
    match deferred {
        Deferred::Reboot { .. } | Deferred::FactoryReset => config.reboot_delay,
        Deferred::Transfer(t) if !t.started => t.delay,
        Deferred::Transfer(_) => config.transfer_delay,
        Deferred::ScheduleInform { delay, .. } => *delay,
        Deferred::ChangeDuState { .. } => config.transfer_delay,
    }
}

fn schedule(member_wake: mpsc::UnboundedSender<Wake>, deferred: Deferred, delay: Duration) {
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let _ = member_wake.send(Wake::Deferred(deferred));
    });
}

async fn device_loop(
    index: usize,
    boot_delay: Duration,
    members: Arc<Vec<Member>>,
    mut wakes: mpsc::UnboundedReceiver<Wake>,
    config: Arc<FleetConfig>,
    events: broadcast::Sender<FleetEvent>,
    mut shutdown: watch::Receiver<bool>,
) {
    let member = &members[index];
    tokio::select! {
        _ = tokio::time::sleep(boot_delay) => {}
        _ = shutdown.changed() => return,
    }
    let mut periodic = config.periodic_interval.map(|interval| {
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        timer
    });
    let mut retry_count: u32 = 0;
    let mut retry_at: Option<tokio::time::Instant> = None;
    loop {
        let first = tokio::select! {
            wake = wakes.recv() => match wake { Some(w) => Some(w), None => return },
            _ = async { match periodic.as_mut() { Some(t) => { t.tick().await; } None => std::future::pending().await } } => Some(Wake::Periodic),
            _ = async { match retry_at { Some(at) => tokio::time::sleep_until(at).await, None => std::future::pending().await } } => None,
            _ = shutdown.changed() => return,
        };
        let mut state = member.state.lock().await;
        let mut wakes_now: Vec<Wake> = first.into_iter().collect();
        while let Ok(more) = wakes.try_recv() {
            wakes_now.push(more);
        }
        for wake in wakes_now {
            if let Some(next) = apply(&mut state, wake) {
                schedule(member.wake.clone(), next.clone(), delay_of(&next, &config));
            }
        }
        if state.pending_events.is_empty() && state.bootstrapped {
            continue;
        }
        retry_at = None;
        let outcome = run_session(&config.endpoint, &mut state, retry_count).await;
        match &outcome {
            SessionOutcome::Completed { .. } => {
                retry_count = 0;
                for deferred in std::mem::take(&mut state.deferred) {
                    let delay = delay_of(&deferred, &config);
                    schedule(member.wake.clone(), deferred, delay);
                }
            }
            SessionOutcome::Dropped => {
                // Silent on purpose: no retry; what it agreed to in the session still runs.
                for deferred in std::mem::take(&mut state.deferred) {
                    let delay = delay_of(&deferred, &config);
                    schedule(member.wake.clone(), deferred, delay);
                }
            }
            SessionOutcome::Refused { .. } | SessionOutcome::Failed(_) => {
                // 3.2.1.1: wait, growing with each failure, then try again with the same
                // events.
                state.deferred.clear();
                retry_count = retry_count.saturating_add(1);
                let factor = 1u32 << retry_count.min(6);
                retry_at = Some(tokio::time::Instant::now() + config.retry_wait * factor);
            }
        }
        drop(state);
        let _ = events.send(FleetEvent {
            device: index,
            outcome,
        });
    }
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn response(status: StatusCode, challenges: Vec<String>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    for challenge in challenges {
        if let Ok(value) = challenge.parse() {
            response
                .headers_mut()
                .append(header::WWW_AUTHENTICATE, value);
        }
    }
    response
}

async fn cr_listener(
    listener: TcpListener,
    members: Arc<Vec<Member>>,
    credentials: Credentials,
    mut shutdown: watch::Receiver<bool>,
) {
    let nonces = Arc::new(NonceSigner::new(&rand::random::<[u8; 32]>()));
    let credentials = Arc::new(credentials);
    let mut connections = JoinSet::new();
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted { Ok(pair) => pair, Err(_) => continue },
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let (members, nonces, credentials) = (members.clone(), nonces.clone(), credentials.clone());
        connections.spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let answer = connection_request(&request, &members, &nonces, &credentials);
                async move { Ok::<_, std::convert::Infallible>(answer) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
    connections.abort_all();
}

/// 3.2.2: GET, Digest-authenticated; 200 with an empty body, then a session with
/// "6 CONNECTION REQUEST".
fn connection_request(
    request: &Request<Incoming>,
    members: &[Member],
    nonces: &NonceSigner,
    credentials: &Credentials,
) -> Response<Full<Bytes>> {
    let Some(member) = request
        .uri()
        .path()
        .strip_prefix("/cr/")
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| members.get(n))
    else {
        return response(StatusCode::NOT_FOUND, Vec::new());
    };
    let challenges = |stale: bool| Challenge::offer(CR_REALM, &nonces.issue(unix_secs()), stale);
    let Some(authorization) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return response(StatusCode::UNAUTHORIZED, challenges(false));
    };
    let Ok(answer) = DigestAuthorization::parse(authorization) else {
        return response(StatusCode::UNAUTHORIZED, challenges(false));
    };
    match nonces.check(&answer.nonce, unix_secs(), 300) {
        NonceStatus::Valid => {}
        NonceStatus::Stale => return response(StatusCode::UNAUTHORIZED, challenges(true)),
        NonceStatus::Invalid => return response(StatusCode::UNAUTHORIZED, challenges(false)),
    }
    if answer.username != credentials.username
        || !answer.verify(&credentials.password, request.method().as_str(), CR_REALM)
    {
        return response(StatusCode::UNAUTHORIZED, challenges(false));
    }
    let _ = member.wake.send(Wake::ConnectionRequest);
    response(StatusCode::OK, Vec::new())
}
