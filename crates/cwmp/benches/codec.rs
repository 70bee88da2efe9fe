//! Codec speed: parse and build a typical Inform (about 3 KB, 20 parameters) and a
//! GetParameterValuesResponse with 1,000 parameters. Run with `cargo bench -p cwmp`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cwmp::rpc::{DeviceId, EventStruct, GetParameterValuesResponse, Inform};
use cwmp::{DateTime, Envelope, Message, ParameterValue, ValueType};

fn typical_inform() -> Envelope {
    let p = |name: &str, value: &str, t: ValueType| ParameterValue::new(name, value, t);
    let s = ValueType::String;
    let parameter_list = vec![
        p("Device.RootDataModelVersion", "2.17", s.clone()),
        p(
            "Device.DeviceInfo.Manufacturer",
            "Example Networks",
            s.clone(),
        ),
        p("Device.DeviceInfo.ManufacturerOUI", "00D09E", s.clone()),
        p("Device.DeviceInfo.ProductClass", "HG-5000", s.clone()),
        p("Device.DeviceInfo.SerialNumber", "EXN1234567890", s.clone()),
        p("Device.DeviceInfo.HardwareVersion", "HW-2.1", s.clone()),
        p(
            "Device.DeviceInfo.SoftwareVersion",
            "5.4.3-build.2026.11.02",
            s.clone(),
        ),
        p(
            "Device.DeviceInfo.ProvisioningCode",
            "RES.FIBER.1G",
            s.clone(),
        ),
        p("Device.DeviceInfo.UpTime", "86400", ValueType::UnsignedInt),
        p(
            "Device.ManagementServer.ParameterKey",
            "pk-20261123-01",
            s.clone(),
        ),
        p(
            "Device.ManagementServer.ConnectionRequestURL",
            "http://198.51.100.23:7547/cr/9f8e7d6c",
            s.clone(),
        ),
        p(
            "Device.ManagementServer.PeriodicInformEnable",
            "true",
            ValueType::Boolean,
        ),
        p(
            "Device.ManagementServer.PeriodicInformInterval",
            "3600",
            ValueType::UnsignedInt,
        ),
        p(
            "Device.IP.Interface.1.IPv4Address.1.IPAddress",
            "198.51.100.23",
            s.clone(),
        ),
        p(
            "Device.IP.Interface.1.IPv6Address.1.IPAddress",
            "2001:db8:0:1::23",
            s.clone(),
        ),
        p(
            "Device.Time.CurrentLocalTime",
            "2026-11-23T10:15:30Z",
            ValueType::DateTime,
        ),
        p("Device.WiFi.SSID.1.SSID", "Home & Garden <5G>", s.clone()),
        p("Device.WiFi.Radio.1.Channel", "36", ValueType::UnsignedInt),
        p(
            "Device.Ethernet.Interface.1.Stats.BytesReceived",
            "123456789012",
            ValueType::UnsignedLong,
        ),
        p(
            "Device.DeviceInfo.MemoryStatus.Free",
            "73400",
            ValueType::UnsignedInt,
        ),
    ];
    let inform = Inform {
        device_id: DeviceId {
            manufacturer: "Example Networks".into(),
            oui: "00D09E".into(),
            product_class: "HG-5000".into(),
            serial_number: "EXN1234567890".into(),
        },
        event: vec![
            EventStruct {
                event_code: "2 PERIODIC".into(),
                command_key: String::new(),
            },
            EventStruct {
                event_code: "4 VALUE CHANGE".into(),
                command_key: String::new(),
            },
        ],
        max_envelopes: 1,
        current_time: DateTime::new("2026-11-23T10:15:30Z"),
        retry_count: 0,
        parameter_list,
    };
    let mut envelope = Envelope::request("1", Message::Inform(inform));
    envelope.header.session_timeout = Some(60);
    envelope.header.supported_cwmp_versions = Some("1.0,1.1,1.2,1.3,1.4".into());
    envelope
}

fn large_gpv_response() -> Envelope {
    let parameter_list = (0..1000)
        .map(|i| {
            ParameterValue::new(
                format!("Device.Hosts.Host.{}.PhysAddress", i + 1),
                format!(
                    "02:00:5e:{:02x}:{:02x}:{:02x}",
                    i >> 16 & 0xff,
                    i >> 8 & 0xff,
                    i & 0xff
                ),
                ValueType::String,
            )
        })
        .collect();
    Envelope::request(
        "42",
        Message::GetParameterValuesResponse(GetParameterValuesResponse { parameter_list }),
    )
}

fn bench(c: &mut Criterion) {
    for (name, envelope) in [
        ("inform_20_params", typical_inform()),
        ("gpv_response_1000_params", large_gpv_response()),
    ] {
        let xml = envelope.to_xml();
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(xml.len() as u64));
        // The floor to compare against: quick-xml tokenizing the same bytes, building nothing.
        group.bench_function("quick_xml_tokenize_only", |b| {
            b.iter(|| {
                let mut reader = quick_xml::Reader::from_str(black_box(&xml));
                let mut events = 0usize;
                while !matches!(
                    reader.read_event().expect("well-formed"),
                    quick_xml::events::Event::Eof
                ) {
                    events += 1;
                }
                events
            })
        });
        group.bench_function("parse", |b| {
            b.iter(|| Envelope::parse(black_box(xml.as_bytes())).expect("parses"))
        });
        let mut buf = String::with_capacity(xml.len());
        group.bench_function("build", |b| {
            b.iter(|| {
                buf.clear();
                black_box(&envelope).write_into(&mut buf);
                black_box(buf.len())
            })
        });
        group.finish();
        println!("{name}: {} bytes", xml.len());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
