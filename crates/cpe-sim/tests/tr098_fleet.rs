//! A fleet built from the shipped TR-098 model against a minimal ACS on loopback: what
//! reaches the ACS over TCP is a TR-098 Inform, with the per-device Connection Request URL
//! the fleet gives each device under `InternetGatewayDevice.`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use cpe_sim::{AcsEndpoint, AcsTarget, Behaviour, Credentials, DataModel, Fleet, FleetConfig};
use cwmp::rpc::{Inform, InformResponse};
use cwmp::{Envelope, Header, Message, Namespace};
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Answers every Inform with an InformResponse (and hands it to the test) and every empty
/// POST with 204: sessions with nothing for the CPE to do.
async fn acs(listener: TcpListener, informs: mpsc::UnboundedSender<Inform>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let informs = informs.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let informs = informs.clone();
                async move {
                    let body = request.into_body().collect().await?.to_bytes();
                    let mut response = Response::new(Full::new(Bytes::new()));
                    if body.iter().all(u8::is_ascii_whitespace) {
                        *response.status_mut() = StatusCode::NO_CONTENT;
                        return Ok::<_, hyper::Error>(response);
                    }
                    let envelope = Envelope::parse(&body).expect("the CPE sends CWMP");
                    let Message::Inform(inform) = envelope.body else {
                        *response.status_mut() = StatusCode::NO_CONTENT;
                        return Ok(response);
                    };
                    let _ = informs.send(inform);
                    let answer = Envelope {
                        namespace: envelope.namespace,
                        header: Header {
                            id: envelope.header.id,
                            ..Header::default()
                        },
                        body: Message::InformResponse(InformResponse { max_envelopes: 1 }),
                    };
                    *response.body_mut() = Full::new(Bytes::from(answer.to_xml()));
                    response.headers_mut().insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static("text/xml; charset=utf-8"),
                    );
                    Ok(response)
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn config(acs: SocketAddr) -> FleetConfig {
    FleetConfig {
        endpoint: AcsEndpoint {
            target: AcsTarget::parse(&format!("http://{acs}/cwmp")).expect("url"),
            credentials: None,
            timeout: Duration::from_secs(5),
            namespace: Namespace::Cwmp12,
            session_timeout: None,
        },
        devices: 2,
        serial_prefix: "IGD".into(),
        first_serial: 0,
        model: Arc::new(DataModel::parse(cpe_sim::TR098_GATEWAY_MODEL).expect("shipped model")),
        behaviour: Arc::new(Behaviour::default()),
        periodic_interval: None,
        cr_listen: "127.0.0.1:0".parse().expect("addr"),
        cr_credentials: Credentials {
            username: "cpe".into(),
            password: "cpe-secret".into(),
        },
        reboot_delay: Duration::from_millis(100),
        transfer_delay: Duration::from_millis(100),
        retry_wait: Duration::from_millis(100),
        boot_spread: Duration::ZERO,
    }
}

#[tokio::test]
async fn tr098_fleet_sends_tr098_informs() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, mut rx) = mpsc::unbounded_channel();
    let server = tokio::spawn(acs(listener, tx));
    let fleet = Fleet::start(config(addr)).await.expect("fleet");
    let cr = fleet.connection_request_addr();

    let mut informs = Vec::new();
    while informs.len() < 2 {
        let inform = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("two Informs in time")
            .expect("the ACS runs");
        informs.push(inform);
    }
    informs.sort_by(|a, b| a.device_id.serial_number.cmp(&b.device_id.serial_number));
    for (index, inform) in informs.iter().enumerate() {
        let id = &inform.device_id;
        assert_eq!(
            (
                id.manufacturer.as_str(),
                id.oui.as_str(),
                id.product_class.as_str()
            ),
            ("dmgate", "00D09E", "IGD-1")
        );
        assert_eq!(id.serial_number, format!("IGD{index:07}"));
        let events: Vec<&str> = inform.event.iter().map(|e| e.event_code.as_str()).collect();
        assert!(
            events.contains(&"0 BOOTSTRAP") && events.contains(&"1 BOOT"),
            "{events:?}"
        );
        let value = |name: &str| {
            inform
                .parameter_list
                .iter()
                .find(|p| p.name == name)
                .map(|p| p.value.as_str())
        };
        assert!(
            inform
                .parameter_list
                .iter()
                .all(|p| p.name.starts_with("InternetGatewayDevice.")),
            "{:?}",
            inform.parameter_list
        );
        assert!(value("InternetGatewayDevice.DeviceSummary").is_some());
        assert_eq!(
            value("InternetGatewayDevice.DeviceInfo.SoftwareVersion"),
            Some("3.2.1")
        );
        assert_eq!(
            value("InternetGatewayDevice.ManagementServer.ConnectionRequestURL"),
            Some(format!("http://{cr}/cr/{index}").as_str())
        );
        assert_eq!(
            value(
                "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress"
            ),
            Some("203.0.113.17")
        );
    }
    let state = fleet.state(1).await.expect("device 1");
    assert_eq!(
        state
            .model
            .value("InternetGatewayDevice.ManagementServer.ConnectionRequestUsername"),
        Some("cpe")
    );
    assert_eq!(
        state
            .model
            .value("InternetGatewayDevice.DeviceInfo.SerialNumber"),
        Some("IGD0000001")
    );
    fleet.shutdown().await;
    server.abort();
}
