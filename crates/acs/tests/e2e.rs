//! End to end: the real ACS on loopback, a temporary data directory, simulated CPEs speaking
//! CWMP over TCP.

#![allow(clippy::unwrap_used)] // test helpers fail loudly by design

mod common;

use std::time::Duration;

use acs::{AcsEvent, Awaited, TaskRequest};
use common::*;
use cpe_sim::Behaviour;
use cwmp::Message;
use cwmp::rpc::*;
use store::{Devices, Events, TaskState};

const WAIT: Duration = Duration::from_secs(15);

fn any_port() -> std::net::SocketAddr {
    "127.0.0.1:0".parse().expect("addr")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_registers_the_device_and_learns_its_methods() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config(any_port())).await;
    let mut events = running.server.acs().subscribe();
    let fleet = fleet(running.server.local_addr(), 1, Behaviour::default()).await;

    let id = device_id(0);
    let store = running.store.clone();
    eventually("the device's RPC methods are known", WAIT, || {
        let store = store.clone();
        let id = id.clone();
        async move {
            store
                .device(&id)
                .await
                .unwrap()
                .is_some_and(|d| d.rpc_methods.is_some())
        }
    })
    .await;
    let device = store.device(&id).await.unwrap().unwrap();
    assert_eq!(device.oui, "00D09E");
    assert_eq!(device.product_class, "HGW-1");
    assert_eq!(device.serial_number, "E2E0000000");
    assert_eq!(device.manufacturer, "dmgate");
    assert_eq!(
        device.cwmp_version, "1.4",
        "UseCWMPVersion negotiated the newest common version"
    );
    assert!(
        device
            .last_inform_events
            .contains(&"0 BOOTSTRAP".to_string())
    );
    assert!(device.last_inform_events.contains(&"1 BOOT".to_string()));
    let cr_url = device
        .connection_request_url
        .clone()
        .expect("ConnectionRequestURL recorded");
    assert_eq!(
        cr_url,
        format!("http://{}/cr/0", fleet.connection_request_addr())
    );
    assert_eq!(
        device.parameter("Device.DeviceInfo.SoftwareVersion"),
        Some("1.0.0")
    );
    let methods = device.rpc_methods.unwrap();
    assert!(
        methods.contains(&"GetParameterValues".to_string())
            && methods.contains(&"ChangeDUState".to_string())
    );
    assert!(device.first_contact_ms > 0 && device.last_contact_ms >= device.first_contact_ms);

    // Published to the rest of the server.
    let mut saw_inform = false;
    while let Ok(Ok(event)) = tokio::time::timeout(Duration::from_millis(500), events.recv()).await
    {
        if let AcsEvent::Inform {
            device_id,
            new_device,
            events,
            ..
        } = event
        {
            assert_eq!(device_id, id);
            assert!(new_device);
            assert!(events.iter().any(|e| e.code == "0 BOOTSTRAP"));
            saw_inform = true;
        }
    }
    assert!(saw_inform, "the Inform was published");
    let logged = store.device_events(&id, 10).await.unwrap();
    assert!(
        logged
            .iter()
            .any(|e| e.kind == "inform" && e.detail.contains("0 BOOTSTRAP"))
    );

    fleet.shutdown().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_work_triggers_a_connection_request_and_returns_the_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config(any_port())).await;
    let acs = running.server.acs();
    let mut events = acs.subscribe();
    let fleet = fleet(running.server.local_addr(), 2, Behaviour::default()).await;
    let id = device_id(1);
    session_ended(&mut events, &id).await;
    // The GetRPCMethods of first contact may still be running in a second session.
    eventually("the device is idle", WAIT, || async {
        !acs.in_session(&id)
    })
    .await;

    let task = acs
        .run(
            &id,
            TaskRequest::new(GetParameterValues {
                parameter_names: vec![
                    "Device.DeviceInfo.SoftwareVersion".into(),
                    "Device.WiFi.SSID.1.".into(),
                ],
            }),
            Awaited::Finished,
            WAIT,
        )
        .await
        .expect("task outcome");
    assert_eq!(task.state, TaskState::Done, "{task:?}");
    let response = cwmp::Envelope::parse(task.responses[0].as_bytes()).unwrap();
    let Message::GetParameterValuesResponse(values) = response.body else {
        panic!("not a GPV response: {response:?}")
    };
    assert_eq!(
        values.parameter_list[0].name,
        "Device.DeviceInfo.SoftwareVersion"
    );
    assert_eq!(values.parameter_list[0].value, "1.0.0");
    assert!(
        values
            .parameter_list
            .iter()
            .any(|p| p.name == "Device.WiFi.SSID.1.SSID")
    );

    let device = running.store.device(&id).await.unwrap().unwrap();
    assert!(
        device
            .last_connection_request_outcome
            .as_deref()
            .unwrap_or("")
            .starts_with("delivered"),
        "{:?}",
        device.last_connection_request_outcome
    );
    assert!(
        device
            .last_inform_events
            .contains(&"6 CONNECTION REQUEST".to_string())
    );

    // A batch: set a value, read it back, add and delete an object, in one session.
    let task = acs
        .run(
            &id,
            TaskRequest::batch(vec![
                Message::SetParameterValues(SetParameterValues {
                    parameter_list: vec![cwmp::ParameterValue::string(
                        "Device.WiFi.SSID.1.SSID",
                        "e2e-net",
                    )],
                    parameter_key: "k1".into(),
                }),
                Message::GetParameterValues(GetParameterValues {
                    parameter_names: vec![
                        "Device.WiFi.SSID.1.SSID".into(),
                        "Device.ManagementServer.ParameterKey".into(),
                    ],
                }),
                Message::AddObject(AddObject {
                    object_name: "Device.WiFi.SSID.".into(),
                    parameter_key: "k2".into(),
                }),
                Message::GetParameterNames(GetParameterNames {
                    parameter_path: "Device.WiFi.SSID.".into(),
                    next_level: true,
                }),
            ]),
            Awaited::Finished,
            WAIT,
        )
        .await
        .unwrap();
    assert_eq!(task.state, TaskState::Done, "{task:?}");
    assert_eq!(task.responses.len(), 4);
    assert!(task.responses[1].contains("e2e-net") && task.responses[1].contains(">k1<"));
    assert!(
        task.responses[2].contains("<InstanceNumber>3</InstanceNumber>"),
        "{}",
        task.responses[2]
    );
    assert!(task.responses[3].contains("Device.WiFi.SSID.3."));
    assert_eq!(
        fleet
            .state(1)
            .await
            .unwrap()
            .model
            .value("Device.WiFi.SSID.1.SSID"),
        Some("e2e-net"),
        "the CPE really holds the value"
    );

    // A CPE fault: the task faults with the CPE's code and its per-parameter faults.
    let task = acs
        .run(
            &id,
            TaskRequest::new(SetParameterValues {
                parameter_list: vec![cwmp::ParameterValue::string(
                    "Device.DeviceInfo.Manufacturer",
                    "x",
                )],
                parameter_key: String::new(),
            }),
            Awaited::Finished,
            WAIT,
        )
        .await
        .unwrap();
    assert_eq!(task.state, TaskState::Faulted);
    let fault = task.fault.unwrap();
    assert_eq!(fault.code, 9003);
    assert!(
        fault
            .message
            .contains("Device.DeviceInfo.Manufacturer: 9008"),
        "{}",
        fault.message
    );

    fleet.shutdown().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn download_completes_in_a_later_session_across_a_server_restart() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config(any_port())).await;
    let addr = running.server.local_addr();
    let acs = running.server.acs();
    let mut events = acs.subscribe();
    let mut config = fleet_config(addr, 1, Behaviour::default());
    config.transfer_delay = Duration::from_millis(1500);
    let fleet = cpe_sim::Fleet::start(config).await.unwrap();
    let id = device_id(0);
    session_ended(&mut events, &id).await;
    eventually("the device is idle", WAIT, || async {
        !acs.in_session(&id)
    })
    .await;

    let task = acs
        .run(
            &id,
            TaskRequest::new(Download {
                file_type: "1 Firmware Upgrade Image".into(),
                url: "http://files.example/hgw-2.0.0.bin".into(),
                ..Default::default()
            }),
            Awaited::Answered,
            WAIT,
        )
        .await
        .unwrap();
    assert_eq!(
        task.state,
        TaskState::Awaiting,
        "DownloadResponse status 1: completion follows"
    );
    let key = task.command_key.clone().expect("a generated CommandKey");
    assert!(key.starts_with("dmgate-"), "{key}");

    // Restart before the CPE reports: the completion reaches the new server.
    running.stop().await;
    let running = start(dir.path(), acs_config(addr)).await;
    let acs = running.server.acs();
    let task = acs
        .wait(task.id, Awaited::Finished, WAIT)
        .await
        .expect("completed");
    assert_eq!(task.state, TaskState::Done, "{task:?}");
    let completion = task.responses.last().unwrap();
    assert!(
        completion.contains("TransferComplete") && completion.contains(&key),
        "{completion}"
    );

    let device = running.store.device(&id).await.unwrap().unwrap();
    assert_eq!(
        device.parameter("Device.DeviceInfo.SoftwareVersion"),
        Some("hgw-2.0.0.bin")
    );
    for event in ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"] {
        assert!(
            device.last_inform_events.contains(&event.to_string()),
            "{event} in {:?}",
            device.last_inform_events
        );
    }
    fleet.shutdown().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reboot_really_reboots_and_the_device_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config(any_port())).await;
    let acs = running.server.acs();
    let mut events = acs.subscribe();
    let fleet = fleet(running.server.local_addr(), 1, Behaviour::default()).await;
    let id = device_id(0);
    session_ended(&mut events, &id).await;
    let boots = fleet.state(0).await.unwrap().boots;
    let task = acs
        .run(
            &id,
            TaskRequest::new(Reboot::default()),
            Awaited::Finished,
            WAIT,
        )
        .await
        .unwrap();
    assert_eq!(task.state, TaskState::Done);
    let key = task.command_key.unwrap();
    let store = running.store.clone();
    eventually("the device informs with M Reboot", WAIT, || {
        let (store, id) = (store.clone(), id.clone());
        async move {
            store
                .device(&id)
                .await
                .unwrap()
                .unwrap()
                .last_inform_events
                .contains(&"M Reboot".to_string())
        }
    })
    .await;
    assert_eq!(fleet.state(0).await.unwrap().boots, boots + 1);
    let logged = store.device_events(&id, 5).await.unwrap();
    assert!(
        logged
            .iter()
            .any(|e| e.detail.contains("M Reboot") && e.detail.contains(&key))
    );
    fleet.shutdown().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_never_open_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config(any_port())).await;
    let acs = running.server.acs();
    let mut config = fleet_config(running.server.local_addr(), 1, Behaviour::default());
    config.endpoint = endpoint(running.server.local_addr(), "not-the-password");
    let fleet = cpe_sim::Fleet::start(config).await.unwrap();
    let mut outcomes = fleet.subscribe();
    let event = tokio::time::timeout(WAIT, outcomes.recv())
        .await
        .unwrap()
        .unwrap();
    match event.outcome {
        cpe_sim::SessionOutcome::Refused { status, .. } => assert_eq!(status, 401),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(acs.stats().auth_failures >= 1);
    assert_eq!(acs.stats().sessions_opened, 0);
    assert!(running.store.device(&device_id(0)).await.unwrap().is_none());
    fleet.shutdown().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cpe_that_falls_silent_times_out_and_its_task_goes_back_to_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = acs_config(any_port());
    config.session_timeout = Duration::from_secs(1);
    let running = start(dir.path(), config).await;
    let acs = running.server.acs();
    let mut events = acs.subscribe();
    let mut fleet_config = fleet_config(
        running.server.local_addr(),
        1,
        Behaviour::parse(&["GetParameterNames=drop".into()]).unwrap(),
    );
    // The session lasts max(ACS timeout, CPE's SessionTimeout) (3.7.2); keep both short.
    fleet_config.endpoint.session_timeout = Some(1);
    let fleet = cpe_sim::Fleet::start(fleet_config).await.unwrap();
    let id = device_id(0);
    session_ended(&mut events, &id).await;
    eventually("the device is idle", WAIT, || async {
        !acs.in_session(&id)
    })
    .await;

    let task = acs
        .queue(
            &id,
            TaskRequest::new(GetParameterNames {
                parameter_path: "Device.".into(),
                next_level: true,
            }),
        )
        .await
        .unwrap();
    // Sent, then silence, then back in the queue.
    let mut states = Vec::new();
    let wait = async {
        loop {
            if let Ok(AcsEvent::TaskChanged(t)) = events.recv().await
                && t.id == task.id
            {
                states.push(t.state);
                if t.state == TaskState::Sent && states.len() <= 2 {
                    // The device holds its state for the whole session, so this waits
                    // until it has dropped the connection; the next session then works.
                    fleet
                        .with_state(0, |d| {
                            d.behaviour = std::sync::Arc::new(Behaviour::default())
                        })
                        .await;
                }
                if states.ends_with(&[TaskState::Sent, TaskState::Queued]) {
                    return *t;
                }
            }
        }
    };
    let requeued = tokio::time::timeout(WAIT, wait)
        .await
        .expect("requeued after the timeout");
    assert_eq!(requeued.attempts, 1);
    assert_eq!(requeued.session_id, None);
    assert!(acs.stats().sessions_timed_out >= 1);

    // The ACS reaches the recovered CPE again and the same task runs.
    let done = acs.wait(task.id, Awaited::Finished, WAIT).await.unwrap();
    assert_eq!(done.state, TaskState::Done, "{done:?}");
    assert_eq!(done.attempts, 2);
    fleet.shutdown().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rpc_the_acs_sends_runs_on_the_simulated_cpe() {
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), acs_config(any_port())).await;
    let acs = running.server.acs();
    let mut events = acs.subscribe();
    let mut config = fleet_config(
        running.server.local_addr(),
        1,
        Behaviour::parse(&["GetOptions=9001".into()]).unwrap(),
    );
    config.transfer_delay = Duration::from_millis(200);
    let fleet = cpe_sim::Fleet::start(config).await.unwrap();
    let id = device_id(0);
    session_ended(&mut events, &id).await;
    let run = |rpc: Message, awaited: Awaited| {
        let acs = acs.clone();
        let id = id.clone();
        async move {
            acs.run(&id, TaskRequest::new(rpc), awaited, WAIT)
                .await
                .unwrap()
        }
    };

    // Attributes: active notification on the SSID, read back.
    let t = run(
        Message::SetParameterAttributes(SetParameterAttributes {
            parameter_list: vec![SetParameterAttributesStruct {
                name: "Device.WiFi.SSID.1.SSID".into(),
                notification_change: true,
                notification: 2,
                access_list_change: false,
                access_list: vec![],
            }],
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.state, TaskState::Done, "{t:?}");
    let t = run(
        Message::GetParameterAttributes(GetParameterAttributes {
            parameter_names: vec!["Device.WiFi.SSID.1.SSID".into()],
        }),
        Awaited::Finished,
    )
    .await;
    assert!(
        t.responses[0].contains("<Notification>2</Notification>"),
        "{}",
        t.responses[0]
    );

    // DeleteObject of an instance, then of one that is gone: 9005.
    let t = run(
        Message::DeleteObject(DeleteObject {
            object_name: "Device.WiFi.SSID.2.".into(),
            parameter_key: String::new(),
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.state, TaskState::Done);
    let t = run(
        Message::DeleteObject(DeleteObject {
            object_name: "Device.WiFi.SSID.2.".into(),
            parameter_key: String::new(),
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(
        (t.state, t.fault.map(|f| f.code)),
        (TaskState::Faulted, Some(9005))
    );

    // A fault configured for one RPC.
    let t = run(
        Message::GetOptions(GetOptions {
            option_name: String::new(),
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.fault.map(|f| f.code), Some(9001));

    // Upload and ScheduleInform complete later, with their M-events.
    let t = run(
        Message::Upload(Upload {
            file_type: "3 Vendor Configuration File".into(),
            url: "http://files.example/up".into(),
            ..Default::default()
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.state, TaskState::Done, "{t:?}");
    assert!(t.responses.last().unwrap().contains("TransferComplete"));
    let t = run(
        Message::ScheduleInform(ScheduleInform {
            delay_seconds: 1,
            command_key: String::new(),
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.state, TaskState::Done);
    let key = t.command_key.unwrap();
    let store = running.store.clone();
    eventually("the scheduled Inform", WAIT, || {
        let (store, id, key) = (store.clone(), id.clone(), key.clone());
        async move {
            store
                .device_events(&id, 20)
                .await
                .unwrap()
                .iter()
                .any(|e| e.detail.contains("3 SCHEDULED") && e.detail.contains(&key))
        }
    })
    .await;

    // CancelTransfer of a Download that waits an hour to start; then of one that is gone.
    let t = run(
        Message::Download(Download {
            command_key: "later".into(),
            file_type: "2 Web Content".into(),
            url: "http://files.example/page".into(),
            delay_seconds: 3600,
            ..Default::default()
        }),
        Awaited::Answered,
    )
    .await;
    assert_eq!(t.state, TaskState::Awaiting);
    let t = run(
        Message::CancelTransfer(CancelTransfer {
            command_key: "later".into(),
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.state, TaskState::Done, "{t:?}");
    assert_eq!(
        t.command_key, None,
        "CancelTransfer names another task's key, it has none of its own"
    );
    let cancelled = acs.store().task(t.id - 1).await.unwrap().unwrap();
    assert_eq!(
        (cancelled.command_key.as_deref(), cancelled.state),
        (Some("later"), TaskState::Cancelled)
    );
    let t = run(
        Message::CancelTransfer(CancelTransfer {
            command_key: "later".into(),
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.fault.map(|f| f.code), Some(9021));

    // ChangeDUState completes with DUStateChangeComplete in a later session.
    let t = run(
        Message::ChangeDuState(ChangeDuState {
            operations: vec![DuOperation::Install(InstallOp {
                url: "http://files.example/app.ipk".into(),
                uuid: Some("6ba7b810-9dad-51d1-80b4-00c04fd430c8".into()),
                username: None,
                password: None,
                execution_env_ref: None,
            })],
            command_key: None,
        }),
        Awaited::Finished,
    )
    .await;
    assert_eq!(t.state, TaskState::Done, "{t:?}");
    assert!(
        t.responses
            .last()
            .unwrap()
            .contains("DUStateChangeComplete")
    );

    // FactoryReset: the device bootstraps again with its shipped values.
    let t = run(Message::FactoryReset(FactoryReset {}), Awaited::Finished).await;
    assert_eq!(t.state, TaskState::Done);
    eventually("a new BOOTSTRAP", WAIT, || {
        let (store, id) = (store.clone(), id.clone());
        async move {
            store
                .device(&id)
                .await
                .unwrap()
                .unwrap()
                .last_inform_events
                .contains(&"0 BOOTSTRAP".to_string())
        }
    })
    .await;
    assert!(
        fleet
            .state(0)
            .await
            .unwrap()
            .model
            .value("Device.WiFi.SSID.2.SSID")
            .is_some(),
        "the deleted instance is back after the reset"
    );
    fleet.shutdown().await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_that_answered_is_asked_again_without_waiting_out_the_interval() {
    // An interval far longer than the test may take: a second Connection Request that had
    // to wait for it would fail the second task's deadline.
    let mut config = acs_config(any_port());
    config.connection_requests.per_device_interval = Duration::from_secs(60);
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), config).await;
    let acs = running.server.acs();
    let mut events = acs.subscribe();
    let fleet = fleet(running.server.local_addr(), 1, Behaviour::default()).await;
    let id = device_id(0);
    session_ended(&mut events, &id).await;
    let read = || {
        TaskRequest::new(GetParameterValues {
            parameter_names: vec!["Device.DeviceInfo.SoftwareVersion".into()],
        })
    };
    for round in 0..2 {
        eventually("the device is idle", WAIT, || async {
            !acs.in_session(&id)
        })
        .await;
        let task = acs
            .run(&id, read(), Awaited::Finished, Duration::from_secs(5))
            .await
            .unwrap();
        assert_eq!(task.state, TaskState::Done, "round {round}: {task:?}");
    }
    let asked = running
        .store
        .device_events(&id, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "connection-request")
        .count();
    assert_eq!(asked, 2, "one Connection Request per task");
    fleet.shutdown().await;
    running.stop().await;
}
