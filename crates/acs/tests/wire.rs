//! The ACS's answers on the wire to hand-made CWMP: refusals, faults and concurrency that a
//! well-behaved simulator never produces.

#![allow(clippy::unwrap_used)] // test helpers fail loudly by design

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::*;
use cpe_sim::http::{AcsTarget, Credentials, SessionConnection};
use cwmp::rpc::*;
use cwmp::{Envelope, Header, Message, Namespace};
use store::Devices;

fn inform(serial: &str) -> Bytes {
    let body = Message::Inform(Inform {
        device_id: DeviceId {
            manufacturer: "Acme".into(),
            oui: "00D09E".into(),
            product_class: "Wire".into(),
            serial_number: serial.into(),
        },
        event: vec![EventStruct {
            event_code: "0 BOOTSTRAP".into(),
            command_key: String::new(),
        }],
        max_envelopes: 1,
        current_time: cwmp::DateTime::unknown(),
        retry_count: 0,
        parameter_list: vec![],
    });
    Bytes::from(
        Envelope {
            namespace: Namespace::Cwmp12,
            header: Header {
                id: Some("i1".into()),
                ..Header::default()
            },
            body,
        }
        .to_xml(),
    )
}

async fn connect(addr: std::net::SocketAddr, password: &str) -> SessionConnection {
    SessionConnection::open(
        &AcsTarget::parse(&format!("http://{addr}/")).unwrap(),
        Some(Credentials {
            username: ACS_USER.into(),
            password: password.into(),
        }),
        Duration::from_secs(10),
    )
    .await
    .unwrap()
}

fn body_of(answer: &cpe_sim::http::HttpAnswer) -> Message {
    Envelope::parse(&answer.body)
        .unwrap_or_else(|e| panic!("{e}: {:?}", answer.body))
        .body
}

/// One request on a connection of its own, below the simulator's client: for what a CPE
/// would not send (no credentials, GET) and for TLS.
async fn send_raw<S>(
    io: S,
    method: http::Method,
    body: Bytes,
) -> http::Response<hyper::body::Incoming>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(io))
            .await
            .unwrap();
    tokio::spawn(conn);
    let request = http::Request::builder()
        .method(method)
        .uri("/")
        .header("host", "localhost")
        .body(http_body_util::Full::new(body))
        .unwrap();
    sender.send_request(request).await.unwrap()
}

async fn tcp(addr: std::net::SocketAddr) -> tokio::net::TcpStream {
    tokio::net::TcpStream::connect(addr).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credentials_the_acs_challenges_with_sha256_and_md5_digest() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config("127.0.0.1:0".parse().unwrap())).await;
    let addr = running.server.local_addr();
    let response = send_raw(tcp(addr).await, http::Method::POST, inform("S1")).await;
    assert_eq!(response.status(), 401);
    let challenges: Vec<String> = response
        .headers()
        .get_all("www-authenticate")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(challenges.len(), 2, "{challenges:?}");
    assert!(challenges[0].starts_with("Digest ") && challenges[0].contains("algorithm=SHA-256"));
    assert!(challenges[1].contains("algorithm=MD5") && challenges[1].contains("qop=\"auth\""));
    assert!(challenges[0].contains("realm=\"dmgate\""));
    assert_eq!(
        running.server.acs().stats().auth_failures,
        0,
        "no header is not a failure"
    );

    // A wrong password is counted and gets a fresh challenge.
    let mut http = connect(addr, "wrong").await;
    assert_eq!(http.post(inform("S1")).await.unwrap().status, 401);
    assert_eq!(running.server.acs().stats().auth_failures, 1);
    assert!(
        running
            .store
            .device("00D09E-Wire-S1")
            .await
            .unwrap()
            .is_none()
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_concurrent_session_of_one_device_is_refused_until_the_first_ends() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config("127.0.0.1:0".parse().unwrap())).await;
    let addr = running.server.local_addr();

    let mut first = connect(addr, ACS_PASSWORD).await;
    let answer = first.post(inform("S2")).await.unwrap();
    assert_eq!(answer.status, 200);
    assert!(matches!(
        body_of(&answer),
        Message::InformResponse(InformResponse { max_envelopes: 1 })
    ));

    let mut second = connect(addr, ACS_PASSWORD).await;
    let refused = second.post(inform("S2")).await.unwrap();
    assert_eq!(
        refused.status,
        503,
        "{:?}",
        String::from_utf8_lossy(&refused.body)
    );
    assert!(refused.retry_after.is_some_and(|s| s >= 1));
    assert!(String::from_utf8_lossy(&refused.body).contains("already has a session"));

    // The first session goes on: GetRPCMethods (first contact), then 204.
    let request = first.post(Bytes::new()).await.unwrap();
    let Message::GetRpcMethods(_) = body_of(&request) else {
        panic!("expected GetRPCMethods")
    };
    let id = Envelope::parse(&request.body).unwrap().header.id;
    let response = Envelope {
        namespace: Namespace::Cwmp12,
        header: Header {
            id,
            ..Header::default()
        },
        body: Message::GetRpcMethodsResponse(GetRpcMethodsResponse {
            method_list: vec!["GetParameterValues".into()],
        }),
    };
    assert_eq!(
        first
            .post(Bytes::from(response.to_xml()))
            .await
            .unwrap()
            .status,
        204
    );

    let mut third = connect(addr, ACS_PASSWORD).await;
    assert_eq!(
        third.post(inform("S2")).await.unwrap().status,
        200,
        "free again"
    );
    let device = running
        .store
        .device("00D09E-Wire-S2")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        device.rpc_methods,
        Some(vec!["GetParameterValues".to_string()])
    );
    assert_eq!(
        device.cwmp_version, "1.2",
        "no SupportedCWMPVersions: the CPE's namespace"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_invalid_messages_get_precise_answers() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config("127.0.0.1:0".parse().unwrap())).await;
    let addr = running.server.local_addr();

    let mut http = connect(addr, ACS_PASSWORD).await;
    assert_eq!(http.post(inform("S3")).await.unwrap().status, 200);
    // A CPE request the ACS does not serve: SOAP fault 8000, the session goes on.
    let unsupported = Envelope {
        namespace: Namespace::Cwmp12,
        header: Header {
            id: Some("x1".into()),
            ..Header::default()
        },
        body: Message::GetQueuedTransfers(GetQueuedTransfers {}),
    };
    let answer = http.post(Bytes::from(unsupported.to_xml())).await.unwrap();
    assert_eq!(answer.status, 200, "3.4.1: SOAP faults travel with 200");
    let Message::Fault(fault) = body_of(&answer) else {
        panic!("expected a fault")
    };
    assert_eq!(fault.code, 8000);
    // A TransferComplete with a missing CommandKey: 8003 Invalid arguments.
    let invalid = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Header><cwmp:ID soap:mustUnderstand="1">x2</cwmp:ID></soap:Header><soap:Body><cwmp:TransferComplete><FaultStruct><FaultCode>zero</FaultCode><FaultString/></FaultStruct></cwmp:TransferComplete></soap:Body></soap:Envelope>"#;
    let answer = http
        .post(Bytes::from_static(invalid.as_bytes()))
        .await
        .unwrap();
    let Message::Fault(fault) = body_of(&answer) else {
        panic!("expected a fault")
    };
    assert_eq!(fault.code, 8003, "{fault:?}");
    assert_eq!(Envelope::parse(&answer.body).unwrap().header.id, None);

    // Not well-formed XML: 3.7.2 says HTTP 400 without SOAP content, and the session is over.
    let answer = http
        .post(Bytes::from_static(b"<soap:Envelope><soap:Body><cwmp:Inf"))
        .await
        .unwrap();
    assert_eq!(answer.status, 400);
    assert!(!String::from_utf8_lossy(&answer.body).contains("Envelope"));
    // Outside a session, anything but an Inform ends the exchange with 400 (3.7.2).
    let mut stray = connect(addr, ACS_PASSWORD).await;
    let answer = stray.post(Bytes::from(unsupported.to_xml())).await.unwrap();
    assert_eq!(answer.status, 400);
    let text = String::from_utf8_lossy(&answer.body);
    assert!(
        text.contains("outside a session") && text.contains("begins with an Inform"),
        "{text}"
    );
    // Over: the device may start a new session at once (its lease was released).
    let mut again = connect(addr, ACS_PASSWORD).await;
    assert_eq!(again.post(inform("S3")).await.unwrap().status, 200);
    assert_eq!(running.server.acs().stats().bad_requests, 2);

    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_broken_by_malformed_xml_puts_its_task_back_and_get_is_not_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config("127.0.0.1:0".parse().unwrap())).await;
    let addr = running.server.local_addr();
    let acs = running.server.acs();

    let mut http = connect(addr, ACS_PASSWORD).await;
    assert_eq!(http.post(inform("S4")).await.unwrap().status, 200);
    let request = http.post(Bytes::new()).await.unwrap();
    assert!(matches!(body_of(&request), Message::GetRpcMethods(_)));
    let task_id = acs
        .store()
        .device_tasks("00D09E-Wire-S4", false)
        .await
        .unwrap()[0]
        .id;
    assert_eq!(
        http.post(Bytes::from_static(b"garbage"))
            .await
            .unwrap()
            .status,
        400
    );
    let task = acs.store().task(task_id).await.unwrap().unwrap();
    assert_eq!(
        task.state,
        store::TaskState::Queued,
        "unanswered: back in the queue"
    );

    let empty = send_raw(tcp(addr).await, http::Method::POST, Bytes::new()).await;
    assert_eq!(
        empty.status(),
        401,
        "an empty POST outside a session must authenticate first"
    );
    let response = send_raw(tcp(addr).await, http::Method::GET, Bytes::new()).await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_certificate_and_key_the_listener_speaks_https() {
    use tokio_rustls::rustls;
    let dir = tempfile::tempdir().unwrap();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, certified.cert.pem()).unwrap();
    std::fs::write(&key_path, certified.signing_key.serialize_pem()).unwrap();
    let mut config = acs_config("127.0.0.1:0".parse().unwrap());
    config.tls = Some(acs::TlsConfig {
        certificate_chain: cert_path,
        private_key: key_path,
    });
    let running = start(dir.path(), config).await;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(client));
    let tcp = tokio::net::TcpStream::connect(running.server.local_addr())
        .await
        .unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let tls = connector.connect(name, tcp).await.expect("TLS handshake");
    let response = send_raw(tls, http::Method::POST, inform("T1")).await;
    assert_eq!(response.status(), 401, "a CWMP answer over TLS");

    // Plain HTTP to the TLS port gets no CWMP answer.
    let plain = SessionConnection::open(
        &AcsTarget::parse(&format!("http://{}/", running.server.local_addr())).unwrap(),
        None,
        Duration::from_secs(3),
    )
    .await;
    if let Ok(mut plain) = plain {
        assert!(plain.post(inform("T1")).await.is_err());
    }
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_certificate_stops_the_start_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = acs_config("127.0.0.1:0".parse().unwrap());
    config.tls = Some(acs::TlsConfig {
        certificate_chain: dir.path().join("absent.pem"),
        private_key: dir.path().join("absent.key"),
    });
    let store = store::SqliteStore::open(&dir.path().join("dmgate.db")).unwrap();
    let error = acs::AcsServer::start(config, std::sync::Arc::new(store))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("absent.pem"), "{error}");
}

fn respond(id: Option<String>, body: Message) -> Bytes {
    Bytes::from(
        Envelope {
            namespace: Namespace::Cwmp12,
            header: Header {
                id,
                ..Header::default()
            },
            body,
        }
        .to_xml(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_broken_between_steps_resumes_at_the_unanswered_step() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config("127.0.0.1:0".parse().unwrap())).await;
    let addr = running.server.local_addr();
    let acs = running.server.acs();
    let device = "00D09E-Wire-S5";
    let gpv = |name: &str| {
        Message::GetParameterValues(GetParameterValues {
            parameter_names: vec![name.to_owned()],
        })
    };
    let task = acs
        .queue(
            device,
            acs::TaskRequest::batch(vec![gpv("Device.A"), gpv("Device.B")]),
        )
        .await
        .unwrap();

    let mut http = connect(addr, ACS_PASSWORD).await;
    assert_eq!(http.post(inform("S5")).await.unwrap().status, 200);
    let answer_to = |request: &cpe_sim::http::HttpAnswer, value: &str| {
        let envelope = Envelope::parse(&request.body).unwrap();
        respond(
            envelope.header.id,
            Message::GetParameterValuesResponse(GetParameterValuesResponse {
                parameter_list: vec![cwmp::ParameterValue::string("Device.A", value)],
            }),
        )
    };
    let first = http.post(Bytes::new()).await.unwrap();
    assert!(String::from_utf8_lossy(&first.body).contains("Device.A"));
    let second = http.post(answer_to(&first, "a")).await.unwrap();
    assert!(String::from_utf8_lossy(&second.body).contains("Device.B"));
    assert_eq!(
        http.post(Bytes::from_static(b"<oops"))
            .await
            .unwrap()
            .status,
        400
    );

    let t = acs.store().task(task.id).await.unwrap().unwrap();
    assert_eq!(
        (t.state, t.next_step, t.responses.len()),
        (store::TaskState::Queued, 1, 1)
    );

    // The next session sends step two only, then the GetRPCMethods of first contact.
    let mut http = connect(addr, ACS_PASSWORD).await;
    assert_eq!(http.post(inform("S5")).await.unwrap().status, 200);
    let again = http.post(Bytes::new()).await.unwrap();
    assert!(String::from_utf8_lossy(&again.body).contains("Device.B"));
    let next = http.post(answer_to(&again, "b")).await.unwrap();
    assert!(matches!(body_of(&next), Message::GetRpcMethods(_)));
    let t = acs.store().task(task.id).await.unwrap().unwrap();
    assert_eq!((t.state, t.attempts), (store::TaskState::Done, 2));
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_request_to_a_busy_cpe_is_retried() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config("127.0.0.1:0".parse().unwrap())).await;
    let addr = running.server.local_addr();

    // A CPE's Connection Request listener that is busy the first time (3.2.2: 503 while in a
    // session), then accepts.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let cr_addr = listener.local_addr().unwrap();
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |_request| {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    async move {
                        let mut response =
                            http::Response::new(http_body_util::Empty::<Bytes>::new());
                        *response.status_mut() = if n == 0 {
                            http::StatusCode::SERVICE_UNAVAILABLE
                        } else {
                            http::StatusCode::OK
                        };
                        Ok::<_, std::convert::Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });

    // Register the device with that URL, through a real session.
    let body = Message::Inform(Inform {
        device_id: DeviceId {
            manufacturer: "Acme".into(),
            oui: "00D09E".into(),
            product_class: "Wire".into(),
            serial_number: "S6".into(),
        },
        event: vec![EventStruct {
            event_code: "1 BOOT".into(),
            command_key: String::new(),
        }],
        max_envelopes: 1,
        current_time: cwmp::DateTime::unknown(),
        retry_count: 0,
        parameter_list: vec![cwmp::ParameterValue::string(
            "Device.ManagementServer.ConnectionRequestURL",
            format!("http://{cr_addr}/cr"),
        )],
    });
    let mut http = connect(addr, ACS_PASSWORD).await;
    assert_eq!(
        http.post(respond(Some("i".into()), body))
            .await
            .unwrap()
            .status,
        200
    );
    let request = http.post(Bytes::new()).await.unwrap();
    let id = Envelope::parse(&request.body).unwrap().header.id;
    let done = http
        .post(respond(
            id,
            Message::GetRpcMethodsResponse(GetRpcMethodsResponse {
                method_list: vec![],
            }),
        ))
        .await
        .unwrap();
    assert_eq!(done.status, 204);

    let outcome = running
        .server
        .acs()
        .connection_request("00D09E-Wire-S6")
        .await;
    assert_eq!(outcome, acs::CrOutcome::Delivered(200));
    assert_eq!(hits.load(Ordering::SeqCst), 2, "503 first, then the retry");
    let device = running
        .store
        .device("00D09E-Wire-S6")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        device.last_connection_request_outcome.as_deref(),
        Some("delivered: HTTP 200")
    );
    running.stop().await;
}
