//! The CWMP session logic (TR-069 3.7), one HTTP request at a time: HTTP details stay in
//! `server`, durable state in the store, this module decides what each POST means.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use cwmp::rpc::{GetRpcMethodsResponse, InformResponse, KickedResponse};
use cwmp::{
    AcsFaultCode, CwmpVersion, DecodeError, Envelope, Header, Message, Namespace, SoapFault,
};
use store::{InformRecord, NewEvent, NewTask, Store, StoredParameter, Task, TaskFault, TaskStep};
use tokio::sync::broadcast;

use crate::auth::{Authenticated, Authenticator};
use crate::config::AcsConfig;
use crate::connreq::ConnectionRequester;
use crate::cookie::CookieSigner;
use crate::events::{AcsEvent, InformEvent, SessionEnd};
use crate::sessions::{Outstanding, Session, SessionHandle, SessionTable};
use crate::stats::Stats;
use crate::{device_id::device_id, now_ms};

/// What the ACS offers CPEs in answer to GetRPCMethods (A.4.1.1 lists the ACS methods).
pub(crate) const ACS_METHODS: &[&str] = &[
    "Inform",
    "GetRPCMethods",
    "TransferComplete",
    "AutonomousTransferComplete",
    "DUStateChangeComplete",
    "AutonomousDUStateChangeComplete",
    "RequestDownload",
    "Kicked",
];

/// Retry-request answers per session before the ACS gives up with 8002.
const MAX_RETRY_REQUESTS: u32 = 3;

/// One HTTP POST as the session logic needs it.
#[derive(Debug)]
pub(crate) struct Incoming<'a> {
    pub(crate) body: &'a [u8],
    /// The open session the request belongs to (by cookie or connection), if any.
    pub(crate) session: Option<SessionHandle>,
    pub(crate) authorization: Option<&'a str>,
    /// The request target as sent (path and query), for Digest's `uri`.
    pub(crate) request_uri: &'a str,
    pub(crate) conn_id: u64,
    pub(crate) remote_ip: IpAddr,
}

/// What to answer, as HTTP.
#[derive(Debug, Default)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    /// A SOAP envelope (200) or a plain-text explanation (4xx, 5xx).
    pub(crate) body: String,
    pub(crate) soap: bool,
    pub(crate) set_cookie: Option<String>,
    pub(crate) www_authenticate: Vec<String>,
    pub(crate) retry_after_secs: Option<u64>,
}

impl Reply {
    fn soap(envelope: &Envelope) -> Reply {
        Reply {
            status: 200,
            body: envelope.to_xml(),
            soap: true,
            ..Reply::default()
        }
    }

    fn empty() -> Reply {
        Reply {
            status: 204,
            ..Reply::default()
        }
    }

    fn text(status: u16, text: impl Into<String>) -> Reply {
        Reply {
            status,
            body: text.into(),
            ..Reply::default()
        }
    }
}

fn fault_reply(
    namespace: Namespace,
    id: Option<String>,
    code: AcsFaultCode,
    detail: &str,
) -> Reply {
    let mut fault = SoapFault::acs(code);
    if !detail.is_empty() {
        fault.message = format!("{}: {detail}", fault.message);
    }
    Reply::soap(&Envelope {
        namespace,
        header: Header {
            id,
            ..Header::default()
        },
        body: Message::Fault(fault),
    })
}

/// Whether the response to `method` means a TransferComplete or DUStateChangeComplete
/// follows in a later session (A.3.2.8, A.3.2.9, A.4.1.8, A.4.1.10).
fn awaits_completion(response: &Message) -> bool {
    match response {
        Message::DownloadResponse(r) => r.status == 1,
        Message::UploadResponse(r) => r.status == 1,
        Message::ScheduleDownloadResponse(_) | Message::ChangeDuStateResponse(_) => true,
        _ => false,
    }
}

fn task_fault(fault: &SoapFault) -> TaskFault {
    let mut message = fault.message.clone();
    for f in &fault.set_parameter_values_faults {
        message.push_str(&format!(
            "; {}: {} {}",
            f.parameter_name, f.fault_code, f.fault_string
        ));
    }
    // 3.7.2: an unrecognized code in 9000–9799 means the same as 9001.
    let code = if (9000..=9799).contains(&fault.code) && cwmp::fault::lookup(fault.code).is_none() {
        9001
    } else {
        fault.code
    };
    TaskFault { code, message }
}

pub(crate) struct Engine {
    pub(crate) config: AcsConfig,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) auth: Authenticator,
    cookies: CookieSigner,
    pub(crate) sessions: SessionTable,
    pub(crate) events: broadcast::Sender<AcsEvent>,
    pub(crate) stats: Arc<Stats>,
    pub(crate) connreq: Arc<ConnectionRequester>,
    pub(crate) shutting_down: AtomicBool,
    limits: cwmp::Limits,
    /// Files CPEs fetch from the ACS's port (`GET /files/<token>`).
    pub(crate) files: std::sync::OnceLock<Arc<dyn crate::api::FileSource>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("sessions", &self.sessions.len())
            .finish()
    }
}

enum Continued {
    Reply(Reply),
    /// The CPE began a new session (a new Inform) on the old one's cookie or connection.
    Restart,
}

impl Engine {
    pub(crate) fn new(
        config: AcsConfig,
        store: Arc<dyn Store>,
        events: broadcast::Sender<AcsEvent>,
        stats: Arc<Stats>,
        connreq: Arc<ConnectionRequester>,
    ) -> Engine {
        let limits = cwmp::Limits {
            max_body_bytes: config.max_body_bytes,
            ..cwmp::Limits::default()
        };
        Engine {
            auth: Authenticator::new(&config, store.clone()),
            cookies: CookieSigner::new(&config.secret),
            sessions: SessionTable::default(),
            shutting_down: AtomicBool::new(false),
            files: std::sync::OnceLock::new(),
            config,
            store,
            events,
            stats,
            connreq,
            limits,
        }
    }

    pub(crate) fn cookie_session<'a>(
        &self,
        headers: impl Iterator<Item = &'a str>,
    ) -> Option<String> {
        self.cookies.session_id(headers)
    }

    fn publish(&self, event: AcsEvent) {
        // No subscriber is fine: the store has the durable record.
        let _ = self.events.send(event);
    }

    fn publish_task(&self, task: &Task) {
        self.publish(AcsEvent::TaskChanged(Box::new(task.clone())));
    }

    pub(crate) async fn handle(&self, incoming: Incoming<'_>) -> Reply {
        if let Some(handle) = incoming.session.clone() {
            let mut session = handle.lock().await;
            if !session.ended {
                match self.continue_session(&mut session, &incoming).await {
                    Continued::Reply(reply) => return reply,
                    Continued::Restart => {
                        self.end_session(&mut session, SessionEnd::Replaced).await;
                    }
                }
            }
        }
        self.start_session(&incoming).await
    }

    fn parse(&self, body: &[u8]) -> Result<Envelope, DecodeError> {
        Envelope::parse_with(body, &self.limits)
    }

    /// 3.7.2: XML that is not well-formed or not a SOAP envelope gets HTTP 400 with no SOAP
    /// content, and the session is over.
    fn bad_request(&self, error: &DecodeError) -> Reply {
        self.stats.bad_requests.fetch_add(1, Ordering::Relaxed);
        Reply::text(400, format!("not a CWMP SOAP envelope: {error}\n"))
    }

    async fn start_session(&self, incoming: &Incoming<'_>) -> Reply {
        let authenticated = match self
            .auth
            .check("POST", incoming.request_uri, incoming.authorization)
            .await
        {
            Ok(who) => who,
            Err(refusal) => {
                if let Some(failure) = &refusal.failure {
                    self.stats.auth_failures.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(remote = %incoming.remote_ip, "CPE authentication failed: {failure}");
                }
                return Reply {
                    status: 401,
                    www_authenticate: refusal.challenges,
                    ..Reply::text(401, "authentication required\n")
                };
            }
        };
        if incoming.body.iter().all(u8::is_ascii_whitespace) {
            // An empty POST outside a session: there is nothing to do.
            return Reply::empty();
        }
        let envelope = match self.parse(incoming.body) {
            Ok(envelope) => envelope,
            Err(e @ DecodeError::Malformed(_)) | Err(e @ DecodeError::LimitExceeded(_)) => {
                return self.bad_request(&e);
            }
            Err(e) => {
                return fault_reply(Namespace::default(), None, e.acs_fault(), &e.to_string());
            }
        };
        let Message::Inform(inform) = envelope.body else {
            // No session: it ended (timed out, say) or never began. 3.7.2 lets the ACS end
            // such an exchange with 400; a fault would wrongly answer a response (3.5).
            self.stats.bad_requests.fetch_add(1, Ordering::Relaxed);
            return Reply::text(
                400,
                format!(
                    "{} outside a session: a session begins with an Inform (TR-069 3.7.1.1)\n",
                    envelope.body.method_name()
                ),
            );
        };
        if self.shutting_down.load(Ordering::Relaxed) {
            return Reply {
                retry_after_secs: Some(5),
                ..Reply::text(503, "the ACS is shutting down\n")
            };
        }
        if self.sessions.len() >= self.config.max_sessions {
            self.stats.sessions_refused.fetch_add(1, Ordering::Relaxed);
            return Reply {
                retry_after_secs: Some(10),
                ..Reply::text(503, "too many open sessions\n")
            };
        }
        let negotiation =
            match cwmp::negotiate(CwmpVersion::V1_4, envelope.namespace, &envelope.header) {
                Ok(n) => n,
                Err(code) => {
                    return fault_reply(envelope.namespace, envelope.header.id, code, "");
                }
            };
        let device_id = device_id(&inform.device_id);
        if let Authenticated {
            username: Some(username),
            device_restriction: Some(allowed),
        } = &authenticated
            && *allowed != device_id
        {
            self.stats.auth_failures.fetch_add(1, Ordering::Relaxed);
            let refusal = self.auth.refuse_device(username, &device_id);
            tracing::warn!(remote = %incoming.remote_ip, "CPE authentication failed: {}", refusal.failure.as_deref().unwrap_or(""));
            return Reply {
                www_authenticate: refusal.challenges,
                ..Reply::text(401, "authentication required\n")
            };
        }

        let now = now_ms();
        let session_id = new_session_id(&self.config.node_id);
        // 3.7.2: the timeout is the ACS's own, not less than what the CPE asked for.
        let timeout = self
            .config
            .session_timeout
            .max(std::time::Duration::from_secs(
                envelope.header.session_timeout.unwrap_or(0).into(),
            ));
        let lease_until = now + lease_length_ms(timeout);
        match self
            .store
            .acquire_lease(&device_id, &session_id, now, lease_until)
            .await
        {
            Ok(Ok(())) => {}
            Ok(Err(held_until)) => {
                // One session per device: the CPE retries later (3.2.1.1), by which time the
                // open session has ended or timed out.
                self.stats.sessions_refused.fetch_add(1, Ordering::Relaxed);
                let secs = ((held_until - now).max(1000) / 1000) as u64;
                return Reply {
                    retry_after_secs: Some(secs),
                    ..Reply::text(
                        503,
                        format!("device {device_id} already has a session open\n"),
                    )
                };
            }
            Err(e) => {
                tracing::error!(error = %e, "store: cannot take a session lease");
                return fault_reply(
                    negotiation.namespace,
                    envelope.header.id,
                    AcsFaultCode::InternalError,
                    "",
                );
            }
        }

        let events: Vec<InformEvent> = inform
            .event
            .iter()
            .map(|e| InformEvent {
                code: e.event_code.trim().to_owned(),
                command_key: e.command_key.clone(),
            })
            .collect();
        let connection_request_url = inform
            .parameter_list
            .iter()
            .find(|p| p.name.ends_with("ManagementServer.ConnectionRequestURL"))
            .map(|p| p.value.clone());
        let record = InformRecord {
            device_id: device_id.clone(),
            manufacturer: inform.device_id.manufacturer.clone(),
            oui: inform.device_id.oui.clone(),
            product_class: inform.device_id.product_class.clone(),
            serial_number: inform.device_id.serial_number.clone(),
            cwmp_version: negotiation.version.as_str().to_owned(),
            events: events.iter().map(|e| e.code.clone()).collect(),
            parameters: inform
                .parameter_list
                .iter()
                .map(|p| StoredParameter {
                    name: p.name.clone(),
                    value: p.value.clone(),
                    xsi_type: p.value_type.xsi_type().into_owned(),
                })
                .collect(),
            connection_request_url,
            remote_addr: Some(incoming.remote_ip.to_string()),
            at_ms: now,
        };
        let created = match self.store.record_inform(record).await {
            Ok((_, created)) => created,
            Err(e) => {
                tracing::error!(error = %e, device = %device_id, "store: cannot record an Inform");
                let _ = self.store.release_lease(&device_id, &session_id).await;
                // 8005: the CPE sends the Inform again in this connection (3.7.1.5).
                return fault_reply(
                    negotiation.namespace,
                    envelope.header.id,
                    AcsFaultCode::RetryRequest,
                    "",
                );
            }
        };
        self.stats.informs.fetch_add(1, Ordering::Relaxed);
        self.connreq.device_answered(&device_id);
        self.after_inform(&device_id, created, &events, now).await;
        self.publish(AcsEvent::Inform {
            device_id: device_id.clone(),
            new_device: created,
            events,
            parameters: inform.parameter_list,
        });

        let session = Session {
            id: session_id.clone(),
            device_id: device_id.clone(),
            namespace: negotiation.namespace,
            conn_id: incoming.conn_id,
            last_activity: Instant::now(),
            lease_until_ms: lease_until,
            outstanding: None,
            retries_asked: 0,
            claimed_any: false,
            timeout,
            ended: false,
        };
        self.sessions.insert(session);
        self.stats.sessions_opened.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(device = %device_id, session = %session_id, version = negotiation.version.as_str(), "session opened");

        let mut reply = Reply::soap(&Envelope {
            namespace: negotiation.namespace,
            header: Header {
                id: envelope.header.id,
                use_cwmp_version: negotiation.use_cwmp_version,
                ..Header::default()
            },
            body: Message::InformResponse(InformResponse { max_envelopes: 1 }),
        });
        reply.set_cookie = Some(self.cookies.set_cookie(&session_id));
        reply
    }

    /// Bookkeeping an Inform causes beyond the registry: the event log, completions that an
    /// M-event proves, and GetRPCMethods for a device seen for the first time.
    async fn after_inform(&self, device_id: &str, created: bool, events: &[InformEvent], now: i64) {
        let detail = serde_json::json!({
            "events": events.iter().map(|e| serde_json::json!({"code": e.code, "command_key": e.command_key})).collect::<Vec<_>>(),
        });
        if let Err(e) = self
            .store
            .append_event(NewEvent {
                device_id: device_id.to_owned(),
                at_ms: now,
                kind: "inform".into(),
                detail: detail.to_string(),
            })
            .await
        {
            tracing::warn!(error = %e, "store: cannot append an event");
        }
        for event in events {
            // "M Reboot" and "M ScheduleInform" carry the CommandKey of the RPC that caused
            // them (3.7.1.5 Table 7): proof that it ran, even if its session broke before the
            // response arrived, so the task is not sent again.
            if matches!(event.code.as_str(), "M Reboot" | "M ScheduleInform")
                && !event.command_key.is_empty()
            {
                match self
                    .store
                    .complete(device_id, &event.command_key, &event.code, None, now)
                    .await
                {
                    Ok(Some(task)) => self.publish_task(&task),
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "store: cannot complete a task"),
                }
            }
        }
        if created {
            let request =
                Envelope::request("0", Message::GetRpcMethods(cwmp::rpc::GetRpcMethods {}))
                    .to_xml();
            let task = NewTask {
                device_id: device_id.to_owned(),
                steps: vec![TaskStep {
                    method: "GetRPCMethods".into(),
                    request,
                }],
                command_key: None,
                expires_at_ms: Some(now + self.config.default_task_lifetime.as_millis() as i64),
                max_attempts: 3,
            };
            match self.store.enqueue(task, now).await {
                Ok(task) => self.publish_task(&task),
                Err(e) => tracing::warn!(error = %e, "store: cannot queue GetRPCMethods"),
            }
        }
    }

    async fn continue_session(&self, session: &mut Session, incoming: &Incoming<'_>) -> Continued {
        // Parsed once, before the session is touched: an Inform starts another session and
        // must not take this one's connection over.
        let empty = incoming.body.iter().all(u8::is_ascii_whitespace);
        let parsed = (!empty).then(|| self.parse(incoming.body));
        if let Some(Ok(Envelope {
            body: Message::Inform(_),
            ..
        })) = parsed
        {
            return Continued::Restart;
        }
        session.last_activity = Instant::now();
        if session.conn_id != incoming.conn_id {
            session.conn_id = incoming.conn_id;
            self.sessions.note_connection(&session.id, incoming.conn_id);
        }
        let now = now_ms();
        // The lease must outlast the idle timeout from every request on; it is renewed once
        // less than that is left, about every `timeout` seconds of a long session.
        let timeout_ms = session.timeout.as_millis() as i64;
        if session.lease_until_ms - now < timeout_ms + 2_000 {
            let until = now + lease_length_ms(session.timeout);
            match self
                .store
                .renew_lease(&session.device_id, &session.id, until)
                .await
            {
                Ok(true) => session.lease_until_ms = until,
                Ok(false) => {
                    tracing::warn!(device = %session.device_id, "session lease lost to another session");
                    self.end_session(session, SessionEnd::Replaced).await;
                    return Continued::Reply(Reply::text(400, "this session is no longer valid\n"));
                }
                Err(e) => tracing::warn!(error = %e, "store: cannot renew a lease"),
            }
        }
        let Some(parsed) = parsed else {
            return Continued::Reply(self.send_next(session).await);
        };
        let envelope = match parsed {
            Ok(envelope) => envelope,
            Err(e @ DecodeError::Malformed(_)) | Err(e @ DecodeError::LimitExceeded(_)) => {
                tracing::info!(device = %session.device_id, error = %e, "malformed envelope; session ends");
                self.end_session(session, SessionEnd::Completed).await;
                return Continued::Reply(self.bad_request(&e));
            }
            Err(e) => return Continued::Reply(self.undecodable(session, e).await),
        };
        let id = envelope.header.id.clone();
        match envelope.body {
            Message::Inform(_) => Continued::Restart,
            Message::Fault(fault) => Continued::Reply(self.on_cpe_fault(session, fault).await),
            body if body.is_response() => {
                Continued::Reply(self.on_response(session, id, body).await)
            }
            body => Continued::Reply(self.on_cpe_request(session, id, body).await),
        }
    }

    /// A well-formed envelope whose CWMP content is wrong.
    async fn undecodable(&self, session: &mut Session, error: DecodeError) -> Reply {
        let is_response = error.method().is_some_and(|m| m.ends_with("Response"));
        if is_response {
            // 3.5: a response is never answered with a fault. The answer to the outstanding
            // request was unusable; the task faults with what was wrong, the session goes on.
            if let Some(outstanding) = session.outstanding.take() {
                let fault = TaskFault {
                    code: error.acs_fault().code(),
                    message: format!("the CPE's answer could not be read: {error}"),
                };
                if !self.finish_with_fault(outstanding.task_id, fault).await {
                    return self.store_failed(session).await;
                }
            }
            return self.send_next(session).await;
        }
        fault_reply(
            session.namespace,
            None,
            error.acs_fault(),
            &error.to_string(),
        )
    }

    /// False when the store failed: the caller must not go on with the session (see
    /// `on_response`).
    async fn finish_with_fault(&self, task_id: i64, fault: TaskFault) -> bool {
        match self.store.record_fault(task_id, fault, now_ms()).await {
            Ok(task) => {
                self.publish_task(&task);
                true
            }
            Err(e) => {
                tracing::error!(error = %e, task = task_id, "store: cannot record a fault");
                false
            }
        }
    }

    /// The store could not record an answer, so the task is still `sent` in this session and
    /// going on would send the same step again at once. The session ends; the task goes back
    /// to the queue as one whose answer never arrived.
    async fn store_failed(&self, session: &mut Session) -> Reply {
        self.end_session(session, SessionEnd::Completed).await;
        Reply::text(
            400,
            "the ACS could not record the answer; try again later\n",
        )
    }

    async fn on_cpe_fault(&self, session: &mut Session, fault: SoapFault) -> Reply {
        match session.outstanding.take() {
            Some(outstanding) => {
                tracing::debug!(device = %session.device_id, code = fault.code, method = %outstanding.method, "CPE fault");
                if !self
                    .finish_with_fault(outstanding.task_id, task_fault(&fault))
                    .await
                {
                    return self.store_failed(session).await;
                }
            }
            None => {
                tracing::info!(device = %session.device_id, code = fault.code, "a fault that answers nothing")
            }
        }
        self.send_next(session).await
    }

    async fn on_response(&self, session: &mut Session, id: Option<String>, body: Message) -> Reply {
        let Some(outstanding) = session.outstanding.take() else {
            tracing::info!(device = %session.device_id, method = body.method_name(), "a response to nothing; ignored");
            return self.send_next(session).await;
        };
        if id.as_deref() != Some(outstanding.request_id.as_str()) {
            // Some CPEs do not echo the ID; the method still pairs them (one request is
            // outstanding at a time, MaxEnvelopes 1).
            tracing::debug!(device = %session.device_id, "response ID {id:?} differs from {}", outstanding.request_id);
        }
        let expected = format!("{}Response", outstanding.method);
        if body.method_name() != expected {
            let recorded = self
                .finish_with_fault(
                    outstanding.task_id,
                    TaskFault {
                        code: AcsFaultCode::InvalidArguments.code(),
                        message: format!(
                            "the CPE answered {} with {}",
                            outstanding.method,
                            body.method_name()
                        ),
                    },
                )
                .await;
            if !recorded {
                return self.store_failed(session).await;
            }
            return self.send_next(session).await;
        }
        if let Message::CancelTransferResponse(_) = &body {
            self.transfer_cancelled(&session.device_id, outstanding.task_id)
                .await;
        }
        if let Message::GetRpcMethodsResponse(methods) = &body
            && let Err(e) = self
                .store
                .set_rpc_methods(&session.device_id, methods.method_list.clone())
                .await
        {
            tracing::warn!(error = %e, "store: cannot record RPC methods");
        }
        let text = Envelope {
            namespace: session.namespace,
            header: Header::default(),
            body: body.clone(),
        }
        .to_xml();
        match self
            .store
            .record_response(
                outstanding.task_id,
                &text,
                awaits_completion(&body),
                now_ms(),
            )
            .await
        {
            Ok(task) => self.publish_task(&task),
            Err(e) => {
                // The task is still `sent` in this session; going on would send the same step
                // again at once. End the session: the task goes back to the queue as one
                // whose answer never arrived.
                tracing::error!(error = %e, task = outstanding.task_id, "store: cannot record a response");
                return self.store_failed(session).await;
            }
        }
        self.send_next(session).await
    }

    /// The CPE accepted a CancelTransfer: the transfer task it names will never complete.
    async fn transfer_cancelled(&self, device_id: &str, cancel_task_id: i64) {
        let Ok(Some(cancel)) = self.store.task(cancel_task_id).await else {
            return;
        };
        let key = cancel
            .current_step()
            .and_then(|step| Envelope::parse(step.request.as_bytes()).ok())
            .and_then(|envelope| match envelope.body {
                Message::CancelTransfer(c) => Some(c.command_key),
                _ => None,
            });
        let Some(key) = key else { return };
        let Ok(tasks) = self.store.device_tasks(device_id, true).await else {
            return;
        };
        for task in tasks
            .iter()
            .filter(|t| t.id != cancel_task_id && t.command_key.as_deref() == Some(key.as_str()))
        {
            match self.store.cancel(task.id, now_ms()).await {
                Ok(Some(task)) => self.publish_task(&task),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "store: cannot cancel a task"),
            }
        }
    }

    async fn on_cpe_request(
        &self,
        session: &mut Session,
        id: Option<String>,
        body: Message,
    ) -> Reply {
        let namespace = session.namespace;
        let answer = |message: Message| {
            Reply::soap(&Envelope {
                namespace,
                header: Header {
                    id: id.clone(),
                    ..Header::default()
                },
                body: message,
            })
        };
        let device_id = session.device_id.clone();
        match body {
            Message::GetRpcMethods(_) => {
                answer(Message::GetRpcMethodsResponse(GetRpcMethodsResponse {
                    method_list: ACS_METHODS.iter().map(|m| m.to_string()).collect(),
                }))
            }
            Message::TransferComplete(tc) => {
                let fault = (tc.fault_struct.fault_code != 0).then(|| TaskFault {
                    code: tc.fault_struct.fault_code,
                    message: tc.fault_struct.fault_string.clone(),
                });
                let key = tc.command_key.clone();
                let message = Message::TransferComplete(tc);
                match self.complete(session, &key, &message, fault).await {
                    Ok(()) => answer(Message::TransferCompleteResponse(Default::default())),
                    Err(code) => fault_reply(namespace, id.clone(), code, ""),
                }
            }
            Message::DuStateChangeComplete(dsc) => {
                let fault = dsc
                    .results
                    .iter()
                    .find(|r| r.fault.fault_code != 0)
                    .map(|r| TaskFault {
                        code: r.fault.fault_code,
                        message: r.fault.fault_string.clone(),
                    });
                let key = dsc.command_key.clone().unwrap_or_default();
                let message = Message::DuStateChangeComplete(dsc);
                match self.complete(session, &key, &message, fault).await {
                    Ok(()) => answer(Message::DuStateChangeCompleteResponse(Default::default())),
                    Err(code) => fault_reply(namespace, id.clone(), code, ""),
                }
            }
            Message::AutonomousTransferComplete(m) => {
                self.publish(AcsEvent::CpeRequest {
                    device_id,
                    message: Box::new(Message::AutonomousTransferComplete(m)),
                });
                answer(Message::AutonomousTransferCompleteResponse(
                    Default::default(),
                ))
            }
            Message::AutonomousDuStateChangeComplete(m) => {
                self.publish(AcsEvent::CpeRequest {
                    device_id,
                    message: Box::new(Message::AutonomousDuStateChangeComplete(m)),
                });
                answer(Message::AutonomousDuStateChangeCompleteResponse(
                    Default::default(),
                ))
            }
            Message::RequestDownload(m) => {
                self.publish(AcsEvent::CpeRequest {
                    device_id,
                    message: Box::new(Message::RequestDownload(m)),
                });
                answer(Message::RequestDownloadResponse(Default::default()))
            }
            Message::Kicked(m) => {
                // No web-portal flow of our own: send the browser on to where it was going.
                let next_url = m.next.clone();
                self.publish(AcsEvent::CpeRequest {
                    device_id,
                    message: Box::new(Message::Kicked(m)),
                });
                answer(Message::KickedResponse(KickedResponse { next_url }))
            }
            other => {
                tracing::info!(device = %device_id, method = other.method_name(), "CPE sent a method the ACS does not serve");
                fault_reply(
                    namespace,
                    id.clone(),
                    AcsFaultCode::MethodNotSupported,
                    other.method_name(),
                )
            }
        }
    }

    /// Records a TransferComplete or DUStateChangeComplete. On a store failure the CPE is
    /// asked to retry (8005) a few times, then told 8002; either way it keeps the completion
    /// and delivers it again (3.7.1.5), so nothing is lost.
    async fn complete(
        &self,
        session: &mut Session,
        command_key: &str,
        message: &Message,
        fault: Option<TaskFault>,
    ) -> Result<(), AcsFaultCode> {
        let text = Envelope {
            namespace: session.namespace,
            header: Header::default(),
            body: message.clone(),
        }
        .to_xml();
        match self
            .store
            .complete(&session.device_id, command_key, &text, fault, now_ms())
            .await
        {
            Ok(Some(task)) => {
                self.publish_task(&task);
                Ok(())
            }
            Ok(None) => {
                self.publish(AcsEvent::CpeRequest {
                    device_id: session.device_id.clone(),
                    message: Box::new(message.clone()),
                });
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "store: cannot record a completion");
                session.retries_asked += 1;
                if session.retries_asked <= MAX_RETRY_REQUESTS {
                    Err(AcsFaultCode::RetryRequest)
                } else {
                    Err(AcsFaultCode::InternalError)
                }
            }
        }
    }

    /// The ACS's turn: the next queued RPC, or 204 and the end of the session.
    async fn send_next(&self, session: &mut Session) -> Reply {
        let claimed = self
            .store
            .claim_next(&session.device_id, &session.id, now_ms())
            .await;
        let task = match claimed {
            Ok(Some(task)) => task,
            Ok(None) => {
                self.end_session(session, SessionEnd::Completed).await;
                return Reply::empty();
            }
            Err(e) => {
                // Nothing was sent; the queue is intact for the next session.
                tracing::error!(error = %e, "store: cannot read the task queue; ending the session");
                self.end_session(session, SessionEnd::Completed).await;
                return Reply::empty();
            }
        };
        session.claimed_any = true;
        self.publish_task(&task);
        let Some(step) = task.current_step() else {
            // A `sent` task with no step left cannot be: the store finishes a task with its
            // last answer. End cleanly rather than loop.
            self.end_session(session, SessionEnd::Completed).await;
            return Reply::empty();
        };
        let request_id = format!("{}.{}.{}", task.id, task.next_step, task.attempts);
        let mut envelope = match Envelope::parse(step.request.as_bytes()) {
            Ok(envelope) => envelope,
            Err(e) => {
                // Only the ACS writes requests; one it cannot read is a bug, not a reason to
                // stall the queue behind it.
                let recorded = self
                    .finish_with_fault(
                        task.id,
                        TaskFault {
                            code: AcsFaultCode::InternalError.code(),
                            message: format!("stored request unreadable: {e}"),
                        },
                    )
                    .await;
                if !recorded {
                    return self.store_failed(session).await;
                }
                return Box::pin(self.send_next(session)).await;
            }
        };
        envelope.namespace = session.namespace;
        envelope.header = Header {
            id: Some(request_id.clone()),
            ..Header::default()
        };
        session.outstanding = Some(Outstanding {
            task_id: task.id,
            request_id,
            method: step.method.clone(),
        });
        self.stats.rpcs_sent.fetch_add(1, Ordering::Relaxed);
        Reply::soap(&envelope)
    }

    /// Ends a session on this node: its unanswered task goes back to the queue, its lease is
    /// released, the rest of the server hears about it.
    pub(crate) async fn end_session(&self, session: &mut Session, how: SessionEnd) {
        if session.ended {
            return;
        }
        session.ended = true;
        if how == SessionEnd::TimedOut {
            self.stats
                .sessions_timed_out
                .fetch_add(1, Ordering::Relaxed);
        }
        let poked = self
            .sessions
            .remove(&session.id, &session.device_id, session.conn_id);
        let now = now_ms();
        // A batch between two steps has nothing outstanding but is still `sent`.
        if session.claimed_any || session.outstanding.is_some() {
            match self.store.requeue_unanswered(&session.id, now).await {
                Ok(tasks) => {
                    for task in &tasks {
                        self.publish_task(task);
                    }
                    if !tasks.is_empty() && how == SessionEnd::TimedOut {
                        // 3.7.2: after a timeout the ACS MAY reach the CPE again.
                        self.connreq.request(session.device_id.clone());
                    }
                }
                Err(e) => tracing::warn!(error = %e, "store: cannot requeue tasks"),
            }
        }
        session.outstanding = None;
        if let Err(e) = self
            .store
            .release_lease(&session.device_id, &session.id)
            .await
        {
            tracing::warn!(error = %e, "store: cannot release a lease");
        }
        if poked && how != SessionEnd::Shutdown {
            // Work queued while the session was ending: reach the device again.
            self.connreq.request(session.device_id.clone());
        }
        tracing::debug!(device = %session.device_id, session = %session.id, ?how, "session ended");
        self.publish(AcsEvent::SessionEnded {
            device_id: session.device_id.clone(),
            session_id: session.id.clone(),
            how,
        });
    }

    /// Ends sessions idle for longer than the session timeout.
    pub(crate) async fn reap_idle(&self) {
        for handle in self.sessions.all() {
            let mut session = handle.lock().await;
            if !session.ended && session.last_activity.elapsed() >= session.timeout {
                tracing::info!(device = %session.device_id, "session timed out");
                self.end_session(&mut session, SessionEnd::TimedOut).await;
            }
        }
    }

    /// Sessions of dead nodes (or of this node before a crash): their leases expired.
    pub(crate) async fn reap_expired_leases(&self) {
        match self.store.take_expired_leases(now_ms()).await {
            Ok(leases) => {
                for lease in leases {
                    if let Some(handle) = self.sessions.by_device(&lease.device_id) {
                        let mut session = handle.lock().await;
                        if session.id == lease.session_id {
                            self.end_session(&mut session, SessionEnd::TimedOut).await;
                            continue;
                        }
                    }
                    match self
                        .store
                        .requeue_unanswered(&lease.session_id, now_ms())
                        .await
                    {
                        Ok(tasks) if !tasks.is_empty() => {
                            for task in &tasks {
                                self.publish_task(task);
                            }
                            self.connreq.request(lease.device_id.clone());
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "store: cannot requeue tasks"),
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "store: cannot read expired leases"),
        }
    }

    pub(crate) async fn end_all(&self, how: SessionEnd) {
        for handle in self.sessions.all() {
            let mut session = handle.lock().await;
            self.end_session(&mut session, how).await;
        }
    }
}

/// Twice the session timeout and a margin: a node that dies holds its devices for at most
/// that long, and a live session renews well before it runs out.
fn lease_length_ms(timeout: std::time::Duration) -> i64 {
    2 * timeout.as_millis() as i64 + 5_000
}

fn new_session_id(node_id: &str) -> String {
    let bytes: [u8; 16] = rand::random();
    format!("{node_id}.{}", hex::encode(bytes))
}
