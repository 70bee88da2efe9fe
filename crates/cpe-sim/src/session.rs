//! One CWMP session from the CPE's side (TR-069 3.7.1): Inform, the CPE's own requests,
//! then the empty POST and the ACS's requests until the ACS answers 204.

use std::time::Duration;

use bytes::Bytes;
use cwmp::{AcsFaultCode, Envelope, Header, Message, Namespace};

use crate::device::DeviceState;
use crate::http::{AcsTarget, Credentials, HttpAnswer, SessionConnection};

/// Where and how a CPE reaches its ACS.
#[derive(Debug, Clone)]
pub struct AcsEndpoint {
    pub target: AcsTarget,
    pub credentials: Option<Credentials>,
    /// Per HTTP exchange.
    pub timeout: Duration,
    /// The namespace the CPE writes its Inform in; it also sends SupportedCWMPVersions.
    pub namespace: Namespace,
    /// The SessionTimeout header of the Inform (seconds, CWMP 1.3+); none when `None`.
    pub session_timeout: Option<u32>,
}

/// How a session went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionOutcome {
    /// The ACS ended it with 204 after `rpcs` requests.
    Completed {
        rpcs: u32,
    },
    /// The simulator dropped the connection on purpose (a `drop` rule).
    Dropped,
    /// The ACS refused the session (HTTP status and its text).
    Refused {
        status: u16,
        retry_after: Option<u64>,
        text: String,
    },
    Failed(String),
}

/// A session longer than this many ACS requests is cut off: a loop, not real work.
const MAX_RPCS_PER_SESSION: u32 = 100_000;
const MAX_RETRY_REQUESTS: u32 = 3;

fn envelope_bytes(
    namespace: Namespace,
    id: Option<String>,
    header: Header,
    body: Message,
) -> Bytes {
    Bytes::from(
        Envelope {
            namespace,
            header: Header { id, ..header },
            body,
        }
        .to_xml(),
    )
}

fn refused(answer: &HttpAnswer) -> SessionOutcome {
    SessionOutcome::Refused {
        status: answer.status.as_u16(),
        retry_after: answer.retry_after,
        text: String::from_utf8_lossy(&answer.body).trim().to_owned(),
    }
}

fn parse_answer(answer: &HttpAnswer) -> Result<Envelope, String> {
    Envelope::parse(&answer.body).map_err(|e| format!("the ACS sent an unreadable envelope: {e}"))
}

/// Runs one session for `device`. The Inform carries `device.pending_events`; they are
/// cleared only when the ACS accepted the Inform, so a failed session reports them again.
pub async fn run_session(
    endpoint: &AcsEndpoint,
    device: &mut DeviceState,
    retry_count: u32,
) -> SessionOutcome {
    let outcome = session(endpoint, device, retry_count).await;
    match &outcome {
        SessionOutcome::Completed { .. } => {
            device.sessions_ok += 1;
            device.last_error = None;
        }
        other => {
            device.sessions_failed += 1;
            device.last_error = Some(format!("{other:?}"));
        }
    }
    outcome
}

async fn session(
    endpoint: &AcsEndpoint,
    device: &mut DeviceState,
    retry_count: u32,
) -> SessionOutcome {
    let mut http = match SessionConnection::open(
        &endpoint.target,
        endpoint.credentials.clone(),
        endpoint.timeout,
    )
    .await
    {
        Ok(http) => http,
        Err(e) => return SessionOutcome::Failed(e),
    };
    let mut next_id: u64 = 1;
    let mut new_id = || {
        next_id += 1;
        Some(format!("cpe-{next_id}"))
    };

    // 1. Inform.
    let inform = device.inform(retry_count);
    let header = Header {
        supported_cwmp_versions: Some("1.0,1.1,1.2,1.3,1.4".into()),
        session_timeout: endpoint.session_timeout,
        ..Header::default()
    };
    let inform_bytes = envelope_bytes(
        endpoint.namespace,
        new_id(),
        header,
        Message::Inform(inform),
    );
    let mut namespace = endpoint.namespace;
    let mut retries = 0;
    loop {
        let answer = match http.post(inform_bytes.clone()).await {
            Ok(answer) => answer,
            Err(e) => return SessionOutcome::Failed(e),
        };
        if answer.status != 200 {
            return refused(&answer);
        }
        let envelope = match parse_answer(&answer) {
            Ok(envelope) => envelope,
            Err(e) => return SessionOutcome::Failed(e),
        };
        match envelope.body {
            Message::InformResponse(_) => {
                if let Some(version) = envelope.header.use_cwmp_version {
                    namespace = version.namespace();
                }
                break;
            }
            Message::Fault(f)
                if f.code == AcsFaultCode::RetryRequest.code() && retries < MAX_RETRY_REQUESTS =>
            {
                retries += 1;
            }
            Message::Fault(f) => {
                return SessionOutcome::Failed(format!(
                    "the ACS refused the Inform: {} {}",
                    f.code, f.message
                ));
            }
            other => {
                return SessionOutcome::Failed(format!(
                    "the ACS answered the Inform with {}",
                    other.method_name()
                ));
            }
        }
    }
    device.bootstrapped = true;
    device.pending_events.clear();

    // 2. The CPE's own requests (TransferComplete, DUStateChangeComplete), each kept until
    //    the ACS acknowledged it.
    while let Some(request) = device.pending_requests.front().cloned() {
        let bytes = envelope_bytes(namespace, new_id(), Header::default(), request);
        let mut retries = 0;
        loop {
            let answer = match http.post(bytes.clone()).await {
                Ok(answer) => answer,
                Err(e) => return SessionOutcome::Failed(e),
            };
            if answer.status != 200 {
                return refused(&answer);
            }
            match parse_answer(&answer).map(|e| e.body) {
                Ok(Message::Fault(f))
                    if f.code == AcsFaultCode::RetryRequest.code()
                        && retries < MAX_RETRY_REQUESTS =>
                {
                    retries += 1;
                }
                Ok(Message::Fault(f)) => {
                    // 3.7.1.5: keep it for a later session; carry on with this one.
                    tracing::debug!(code = f.code, "the ACS refused a CPE request");
                    break;
                }
                Ok(_) => {
                    device.pending_requests.pop_front();
                    break;
                }
                Err(e) => return SessionOutcome::Failed(e),
            }
        }
        if device
            .pending_requests
            .front()
            .is_some_and(|_| retries >= MAX_RETRY_REQUESTS)
        {
            break;
        }
    }

    // 3. The ACS's turn.
    let mut body = Bytes::new();
    let mut rpcs = 0;
    loop {
        let answer = match http.post(body).await {
            Ok(answer) => answer,
            Err(e) => return SessionOutcome::Failed(e),
        };
        match answer.status.as_u16() {
            204 => return SessionOutcome::Completed { rpcs },
            200 => {}
            _ => return refused(&answer),
        }
        if answer.body.iter().all(u8::is_ascii_whitespace) {
            return SessionOutcome::Completed { rpcs };
        }
        let envelope = match parse_answer(&answer) {
            Ok(envelope) => envelope,
            Err(e) => return SessionOutcome::Failed(e),
        };
        rpcs += 1;
        if rpcs > MAX_RPCS_PER_SESSION {
            return SessionOutcome::Failed("the ACS keeps sending requests".into());
        }
        let method = envelope.body.method_name();
        if device.behaviour.drops(method) {
            return SessionOutcome::Dropped;
        }
        if let Some(delay) = device.behaviour.method_delay(method) {
            tokio::time::sleep(delay).await;
        }
        let reply = match envelope.body {
            Message::Fault(f) => {
                tracing::debug!(code = f.code, "the ACS sent a fault");
                body = Bytes::new();
                continue;
            }
            request => match device.answer(request) {
                Ok(response) => response,
                Err(fault) => Message::Fault(fault),
            },
        };
        body = envelope_bytes(namespace, envelope.header.id, Header::default(), reply);
    }
}
