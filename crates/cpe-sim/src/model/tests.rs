//! Tests of the data model engine against a small model written for them, and of the shipped
//! home gateway model.

use cwmp::rpc::SetParameterAttributesStruct;
use cwmp::{ParameterValue, SoapFault, ValueType};

use super::{DataModel, ModelError, ParseErrorKind};

const SMALL: &str = "\
# A small model exercising every feature.
Device. object R
Device.RootDataModelVersion string R 2.17
Device.DeviceInfo. object R
Device.DeviceInfo.Manufacturer string R dmgate
Device.DeviceInfo.Description string R Simulated  home gateway 
Device.DeviceInfo.SoftwareVersion string R 1.0.0
Device.DeviceInfo.ProvisioningCode string W
Device.DeviceInfo.UpTime unsignedInt R 0

Device.ManagementServer. object R
Device.ManagementServer.PeriodicInformEnable\tboolean\tW\ttrue
Device.ManagementServer.PeriodicInformInterval    unsignedInt   W 3600
Device.ManagementServer.PeriodicInformTime dateTime W 0001-01-01T00:00:00Z
Device.ManagementServer.ConnectionRequestURL string R
Device.ManagementServer.DelayReboot int W -1
Device.WiFi. object R
Device.WiFi.RadioNumberOfEntries unsignedInt R 1
Device.WiFi.SSIDNumberOfEntries unsignedInt R 2
Device.WiFi.Radio.{i}. object R
Device.WiFi.Radio.{i}.Channel unsignedInt W 1
Device.WiFi.Radio.1. object R
Device.WiFi.Radio.1.Channel unsignedInt W 6
Device.WiFi.SSID.{i}. object W
Device.WiFi.SSID.{i}.Enable boolean W false
Device.WiFi.SSID.{i}.SSID string W Default
Device.WiFi.SSID.{i}.Stats. object R
Device.WiFi.SSID.{i}.Stats.BytesSent unsignedLong R 0
Device.WiFi.SSID.1. object W
Device.WiFi.SSID.1.Enable boolean W true
Device.WiFi.SSID.1.SSID string W HomeNet
Device.WiFi.SSID.1.Stats. object R
Device.WiFi.SSID.1.Stats.BytesSent unsignedLong R 1234
Device.WiFi.SSID.2. object W
Device.WiFi.SSID.2.Enable boolean W false
Device.WiFi.SSID.2.SSID string W Guest
Device.WiFi.SSID.2.Stats. object R
Device.WiFi.SSID.2.Stats.BytesSent unsignedLong R 0
Device.IP. object R
Device.IP.InterfaceNumberOfEntries unsignedInt R 1
Device.IP.Interface.{i}. object W
Device.IP.Interface.{i}.Enable boolean W false
Device.IP.Interface.{i}.IPv4AddressNumberOfEntries unsignedInt R 0
Device.IP.Interface.{i}.IPv4Address.{i}. object W
Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress string W
Device.IP.Interface.1. object W
Device.IP.Interface.1.Enable boolean W true
Device.IP.Interface.1.IPv4AddressNumberOfEntries unsignedInt R 1
Device.IP.Interface.1.IPv4Address.1. object W
Device.IP.Interface.1.IPv4Address.1.IPAddress string W 192.168.1.1
Device.X_DMGATE_Test. object R
Device.X_DMGATE_Test.Blob base64 W aGk=
Device.X_DMGATE_Test.Hex hexBinary W 00FF
Device.X_DMGATE_Test.Big long W -5
Device.X_DMGATE_Test.Empty. object R
";

fn small() -> DataModel {
    DataModel::parse(SMALL).expect("the small model parses")
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn info_names(model: &DataModel, path: &str, next_level: bool) -> Vec<(String, bool)> {
    model
        .get_names(path, next_level)
        .unwrap()
        .into_iter()
        .map(|i| (i.name, i.writable))
        .collect()
}

fn attr(
    name: &str,
    notification: Option<i32>,
    access: Option<&[&str]>,
) -> SetParameterAttributesStruct {
    SetParameterAttributesStruct {
        name: name.to_owned(),
        notification_change: notification.is_some(),
        notification: notification.unwrap_or(0),
        access_list_change: access.is_some(),
        access_list: access.map(names).unwrap_or_default(),
    }
}

fn parse_error(text: &str) -> (usize, ParseErrorKind) {
    match DataModel::parse(text) {
        Err(ModelError::Parse { line, kind }) => (line, kind),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

fn code(result: Result<impl std::fmt::Debug, SoapFault>) -> u32 {
    result.expect_err("a fault").code
}

// ---- parsing ------------------------------------------------------------------------

#[test]
fn parses_values_types_and_counts() {
    let m = small();
    assert_eq!(m.len(), 27);
    assert!(!m.is_empty());
    assert_eq!(m.value("Device.DeviceInfo.Manufacturer"), Some("dmgate"));
    // The value is the rest of the line after one separator, inner and trailing spaces kept.
    assert_eq!(
        m.value("Device.DeviceInfo.Description"),
        Some("Simulated  home gateway ")
    );
    assert_eq!(m.value("Device.DeviceInfo.ProvisioningCode"), Some(""));
    assert_eq!(
        m.value("Device.ManagementServer.PeriodicInformEnable"),
        Some("true")
    );
    assert_eq!(
        m.value("Device.ManagementServer.PeriodicInformInterval"),
        Some("3600")
    );
    assert_eq!(m.value("Device.WiFi.SSID.2.SSID"), Some("Guest"));
    // Objects, templates and unknown names have no value.
    assert_eq!(m.value("Device.DeviceInfo."), None);
    assert_eq!(m.value("Device.WiFi.SSID.{i}.SSID"), None);
    assert_eq!(m.value("Device.Nope"), None);
}

#[test]
fn parse_errors_name_the_line() {
    let base = "Device. object R\nDevice.A. object R\n";
    type Check = fn(&ParseErrorKind) -> bool;
    let cases: Vec<(String, usize, Check)> = vec![
        (
            format!("{base}Device.A.B strin R x\n"),
            3,
            |k| matches!(k, ParseErrorKind::UnknownType(t) if t == "strin"),
        ),
        (
            format!("{base}Device.A.B string RW x\n"),
            3,
            |k| matches!(k, ParseErrorKind::BadAccess(a) if a == "RW"),
        ),
        (
            format!("{base}# comment\n\nDevice.A.B unsignedInt R abc\n"),
            5,
            |k| {
                matches!(
                    k,
                    ParseErrorKind::InvalidValue {
                        ty: "unsignedInt",
                        ..
                    }
                )
            },
        ),
        (format!("{base}Device.A.B boolean W yes\n"), 3, |k| {
            matches!(k, ParseErrorKind::InvalidValue { ty: "boolean", .. })
        }),
        (format!("{base}Device.A.B dateTime W\n"), 3, |k| {
            matches!(k, ParseErrorKind::InvalidValue { ty: "dateTime", .. })
        }),
        (
            format!("{base}Device.B.C string R x\n"),
            3,
            |k| matches!(k, ParseErrorKind::NoParent { parent, .. } if parent == "Device.B."),
        ),
        (
            format!("{base}Device.A.B string R x\nDevice.A.B string R y\n"),
            4,
            |k| matches!(k, ParseErrorKind::Duplicate(p) if p == "Device.A.B"),
        ),
        (format!("{base}Device.A. object R\n"), 3, |k| {
            matches!(k, ParseErrorKind::Duplicate(_))
        }),
        (format!("{base}Device.A.B string\n"), 3, |k| {
            matches!(k, ParseErrorKind::MissingFields)
        }),
        (format!("{base}Device.A.C. object R x\n"), 3, |k| {
            matches!(k, ParseErrorKind::ObjectWithValue(_))
        }),
        (format!("{base}Device.A.B. string R x\n"), 3, |k| {
            matches!(k, ParseErrorKind::InvalidPath { .. })
        }),
        (format!("{base}Device.A.1x string R x\n"), 3, |k| {
            matches!(k, ParseErrorKind::InvalidPath { .. })
        }),
        (format!("{base}Device.A.B.01. object R\n"), 3, |k| {
            matches!(k, ParseErrorKind::InvalidPath { .. })
        }),
        (
            format!("{base}Device.A.T.1. object W\n"),
            3,
            |k| matches!(k, ParseErrorKind::NoTemplate { template, .. } if template == "Device.A.T.{i}."),
        ),
        (format!("{base}Device.A.T.{{i}}.X string R x\n"), 3, |k| {
            matches!(k, ParseErrorKind::NoParent { .. })
        }),
        (
            format!("{base}Device.A.T.{{i}}. object W\nDevice.A.T.1. object R\n"),
            4,
            |k| matches!(k, ParseErrorKind::TemplateMismatch { .. }),
        ),
        (
            format!(
                "{base}Device.A.T.{{i}}. object W\nDevice.A.T.{{i}}.X string W\nDevice.A.T.1. object W\nDevice.A.T.1.X int W 1\n"
            ),
            6,
            |k| matches!(k, ParseErrorKind::TemplateMismatch { .. }),
        ),
        (
            format!(
                "{base}Device.A.T.{{i}}. object W\nDevice.A.T.1. object W\nDevice.A.T.1.Y string W\n"
            ),
            5,
            |k| matches!(k, ParseErrorKind::TemplateMismatch { .. }),
        ),
        (
            format!(
                "{base}Device.A.T.{{i}}. object W\nDevice.A.T.{{i}}.X string W\nDevice.A.T.1. object W\n"
            ),
            5,
            |k| matches!(k, ParseErrorKind::IncompleteInstance { missing, .. } if missing == "Device.A.T.1.X"),
        ),
        (
            format!(
                "{base}Device.A.TNumberOfEntries unsignedInt R 2\nDevice.A.T.{{i}}. object W\nDevice.A.T.1. object W\n"
            ),
            3,
            |k| matches!(k, ParseErrorKind::NumberOfEntries { .. }),
        ),
        (
            format!("{base}Device.A.T. object R\nDevice.A.T.{{i}}. object W\n"),
            4,
            |k| matches!(k, ParseErrorKind::Duplicate(p) if p == "Device.A.T."),
        ),
        (
            format!(
                "{base}Device.A.T.{{i}}. object W\nDevice.A.T.1. object W\nDevice.A.T.X string R\n"
            ),
            5,
            |k| matches!(k, ParseErrorKind::InvalidPath { .. }),
        ),
        (
            format!("{base}Device.A.T.{{i}}. object W\nDevice.A.T.X string R\n"),
            4,
            |k| matches!(k, ParseErrorKind::NoParent { .. }),
        ),
        ("# no root\nDevice.X string R x\n".to_owned(), 2, |k| {
            matches!(k, ParseErrorKind::NoParent { .. })
        }),
        ("X string R x\n".to_owned(), 1, |k| {
            matches!(k, ParseErrorKind::InvalidPath { .. })
        }),
    ];
    for (text, line, check) in cases {
        let (got_line, kind) = parse_error(&text);
        assert_eq!(got_line, line, "{text}\n{kind}");
        assert!(check(&kind), "{text}\n{kind:?}");
        // The message names the line.
        let message = DataModel::parse(&text).unwrap_err().to_string();
        assert!(
            message.starts_with(&format!("model line {line}: ")),
            "{message}"
        );
    }
}

#[test]
fn crlf_lines_and_blank_values() {
    let m = DataModel::parse("Device. object R \r\n\r\n  # indented comment\r\nDevice.A string W\r\nDevice.B string W  two  spaces\r\n")
        .unwrap();
    assert_eq!(m.value("Device.A"), Some(""));
    assert_eq!(m.value("Device.B"), Some(" two  spaces"));
    assert_eq!(m.len(), 2);
}

#[test]
fn load_reads_files_and_reports_io_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let m = DataModel::load(&dir.join("home-gateway.model")).unwrap();
    assert!(m.len() >= 300);
    let err = DataModel::load(&dir.join("no-such.model")).unwrap_err();
    assert!(matches!(err, ModelError::Io { .. }));
    assert_eq!(err.line(), None);
}

// ---- GetParameterValues ------------------------------------------------------------

#[test]
fn get_values_full_and_partial() {
    let m = small();
    let got = m
        .get_values(&names(&["Device.WiFi.SSID.1.", "Device.DeviceInfo.UpTime"]))
        .unwrap();
    assert_eq!(
        got,
        vec![
            ParameterValue::new("Device.WiFi.SSID.1.Enable", "true", ValueType::Boolean),
            ParameterValue::string("Device.WiFi.SSID.1.SSID", "HomeNet"),
            ParameterValue::new(
                "Device.WiFi.SSID.1.Stats.BytesSent",
                "1234",
                ValueType::UnsignedLong
            ),
            ParameterValue::new("Device.DeviceInfo.UpTime", "0", ValueType::UnsignedInt),
        ]
    );
    // The whole model, in model order.
    let all = m.get_values(&names(&[""])).unwrap();
    assert_eq!(all.len(), m.len());
    assert_eq!(all[0].name, "Device.RootDataModelVersion");
    assert_eq!(all.last().unwrap().name, "Device.X_DMGATE_Test.Big");
    assert_eq!(m.get_values(&names(&["Device."])).unwrap(), all);
    let types: Vec<_> = m
        .get_values(&names(&["Device.X_DMGATE_Test."]))
        .unwrap()
        .into_iter()
        .map(|pv| pv.value_type)
        .collect();
    assert_eq!(
        types,
        [ValueType::Base64, ValueType::HexBinary, ValueType::Long]
    );
    // A table and an object with no parameters.
    assert_eq!(
        m.get_values(&names(&["Device.WiFi.SSID."])).unwrap().len(),
        6
    );
    assert!(
        m.get_values(&names(&["Device.X_DMGATE_Test.Empty."]))
            .unwrap()
            .is_empty()
    );
    assert!(m.get_values(&[]).unwrap().is_empty());
}

#[test]
fn get_values_faults() {
    let m = small();
    for bad in [
        "Device.Nope",
        "Device.DeviceInfo",
        "Device.DeviceInfo.UpTime.",
        "Device.WiFi.SSID.3.",
        "Device.WiFi.SSID.{i}.",
        "DeviceInfo.",
        ".",
    ] {
        let fault = m
            .get_values(&names(&["Device.DeviceInfo.UpTime", bad]))
            .unwrap_err();
        assert_eq!(fault.code, 9005, "{bad}");
        assert!(fault.set_parameter_values_faults.is_empty());
    }
}

// ---- SetParameterValues ------------------------------------------------------------

#[test]
fn set_values_applies_all() {
    let mut m = small();
    let status = m
        .set_values(&[
            ParameterValue::string("Device.WiFi.SSID.1.SSID", "New Name"),
            ParameterValue::unsigned_int("Device.ManagementServer.PeriodicInformInterval", 60),
            // Untyped/string values are accepted when they convert; whitespace is collapsed.
            ParameterValue::string("Device.ManagementServer.PeriodicInformEnable", " 0 "),
            ParameterValue::new(
                "Device.ManagementServer.DelayReboot",
                "5",
                ValueType::Other("short".into()),
            ),
            ParameterValue::new(
                "Device.ManagementServer.PeriodicInformTime",
                "2026-01-01T00:00:00Z",
                ValueType::DateTime,
            ),
            ParameterValue::new("Device.X_DMGATE_Test.Blob", "aGVsbG8=", ValueType::Base64),
            ParameterValue::new("Device.X_DMGATE_Test.Big", "-9000000000", ValueType::Long),
        ])
        .unwrap();
    assert_eq!(status, 0);
    assert_eq!(m.value("Device.WiFi.SSID.1.SSID"), Some("New Name"));
    assert_eq!(
        m.value("Device.ManagementServer.PeriodicInformInterval"),
        Some("60")
    );
    assert_eq!(
        m.value("Device.ManagementServer.PeriodicInformEnable"),
        Some("0")
    );
    assert_eq!(m.value("Device.ManagementServer.DelayReboot"), Some("5"));
    assert_eq!(m.value("Device.X_DMGATE_Test.Big"), Some("-9000000000"));
    assert_eq!(m.set_values(&[]), Ok(0));
    // Setting back the file's value works too.
    m.set_values(&[ParameterValue::string("Device.WiFi.SSID.1.SSID", "HomeNet")])
        .unwrap();
    assert_eq!(m.value("Device.WiFi.SSID.1.SSID"), Some("HomeNet"));
}

#[test]
fn set_values_faults_are_collected_and_nothing_is_applied() {
    let mut m = small();
    let fault = m
        .set_values(&[
            ParameterValue::string("Device.WiFi.SSID.1.SSID", "Applied?"),
            ParameterValue::string("Device.Nope", "x"),
            ParameterValue::string("Device.WiFi.", "x"),
            ParameterValue::unsigned_int("Device.DeviceInfo.UpTime", 5),
            ParameterValue::int("Device.ManagementServer.PeriodicInformInterval", 5),
            ParameterValue::string("Device.WiFi.Radio.1.Channel", "abc"),
            ParameterValue::new(
                "Device.ManagementServer.PeriodicInformEnable",
                "yes",
                ValueType::Boolean,
            ),
            ParameterValue::new("Device.WiFi.SSID.1.Enable", "maybe", ValueType::String),
            ParameterValue::new("Device.X_DMGATE_Test.Hex", "0", ValueType::HexBinary),
            ParameterValue::boolean("Device.WiFi.SSID.2.SSID", true),
        ])
        .unwrap_err();
    assert_eq!(fault.code, 9003);
    let got: Vec<(&str, u32)> = fault
        .set_parameter_values_faults
        .iter()
        .map(|f| (f.parameter_name.as_str(), f.fault_code))
        .collect();
    assert_eq!(
        got,
        [
            ("Device.Nope", 9005),
            ("Device.WiFi.", 9005),
            ("Device.DeviceInfo.UpTime", 9008),
            ("Device.ManagementServer.PeriodicInformInterval", 9006),
            ("Device.WiFi.Radio.1.Channel", 9007),
            ("Device.ManagementServer.PeriodicInformEnable", 9007),
            ("Device.WiFi.SSID.1.Enable", 9007),
            ("Device.X_DMGATE_Test.Hex", 9007),
            ("Device.WiFi.SSID.2.SSID", 9006),
        ]
    );
    assert!(
        fault
            .set_parameter_values_faults
            .iter()
            .all(|f| !f.fault_string.is_empty())
    );
    assert_eq!(m.value("Device.WiFi.SSID.1.SSID"), Some("HomeNet"));
}

#[test]
fn set_values_rejects_a_name_given_twice() {
    let mut m = small();
    let fault = m
        .set_values(&[
            ParameterValue::string("Device.WiFi.SSID.1.SSID", "a"),
            ParameterValue::string("Device.WiFi.SSID.1.SSID", "b"),
        ])
        .unwrap_err();
    assert_eq!(fault.code, 9003);
    assert!(fault.set_parameter_values_faults.is_empty());
    assert_eq!(m.value("Device.WiFi.SSID.1.SSID"), Some("HomeNet"));
}

// ---- GetParameterNames -------------------------------------------------------------

#[test]
fn get_names_next_level() {
    let m = small();
    assert_eq!(info_names(&m, "", true), [("Device.".to_owned(), false)]);
    let wifi = info_names(&m, "Device.WiFi.", true);
    assert_eq!(
        wifi,
        [
            ("Device.WiFi.RadioNumberOfEntries".to_owned(), false),
            ("Device.WiFi.SSIDNumberOfEntries".to_owned(), false),
            ("Device.WiFi.Radio.".to_owned(), false),
            ("Device.WiFi.SSID.".to_owned(), true),
        ]
    );
    assert_eq!(
        info_names(&m, "Device.WiFi.SSID.", true),
        [
            ("Device.WiFi.SSID.1.".to_owned(), true),
            ("Device.WiFi.SSID.2.".to_owned(), true),
        ]
    );
    assert_eq!(
        info_names(&m, "Device.WiFi.Radio.", true),
        [("Device.WiFi.Radio.1.".to_owned(), false)]
    );
    assert_eq!(
        info_names(&m, "Device.WiFi.SSID.1.", true),
        [
            ("Device.WiFi.SSID.1.Enable".to_owned(), true),
            ("Device.WiFi.SSID.1.SSID".to_owned(), true),
            ("Device.WiFi.SSID.1.Stats.".to_owned(), false),
        ]
    );
    assert!(
        m.get_names("Device.X_DMGATE_Test.Empty.", true)
            .unwrap()
            .is_empty()
    );
    let top: Vec<String> = info_names(&m, "Device.", true)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        top,
        [
            "Device.RootDataModelVersion",
            "Device.DeviceInfo.",
            "Device.ManagementServer.",
            "Device.WiFi.",
            "Device.IP.",
            "Device.X_DMGATE_Test.",
        ]
    );
}

#[test]
fn get_names_subtree() {
    let m = small();
    let ssid: Vec<String> = info_names(&m, "Device.WiFi.SSID.2.", false)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        ssid,
        [
            "Device.WiFi.SSID.2.",
            "Device.WiFi.SSID.2.Enable",
            "Device.WiFi.SSID.2.SSID",
            "Device.WiFi.SSID.2.Stats.",
            "Device.WiFi.SSID.2.Stats.BytesSent",
        ]
    );
    let all = m.get_names("", false).unwrap();
    assert_eq!(all[0].name, "Device.");
    let params = all.iter().filter(|i| !i.name.ends_with('.')).count();
    assert_eq!(params, m.len());
    assert!(all.iter().all(|i| !i.name.contains("{i}")));
    assert_eq!(m.get_names("Device.", false).unwrap(), all);
    assert_eq!(
        info_names(&m, "Device.DeviceInfo.ProvisioningCode", false),
        [("Device.DeviceInfo.ProvisioningCode".to_owned(), true)]
    );
    // A nested table with no instance is listed.
    let ip: Vec<String> = info_names(&m, "Device.IP.", false)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(ip.contains(&"Device.IP.Interface.1.IPv4Address.".to_owned()));
}

#[test]
fn get_names_faults() {
    let m = small();
    assert_eq!(code(m.get_names("Device.DeviceInfo.UpTime", true)), 9003);
    for bad in [
        "Device.Nope.",
        "Device.DeviceInfo",
        "Device.DeviceInfo.UpTime.",
        "Device.WiFi.SSID.9.",
    ] {
        assert_eq!(code(m.get_names(bad, false)), 9005, "{bad}");
        assert_eq!(code(m.get_names(bad, true)), 9005, "{bad}");
    }
}

// ---- attributes ----------------------------------------------------------------------

#[test]
fn attributes_defaults_and_changes() {
    let mut m = small();
    let get = |m: &DataModel, name: &str| {
        let a = m.get_attributes(&names(&[name])).unwrap();
        assert_eq!(a.len(), 1);
        (a[0].notification, a[0].access_list.clone())
    };
    assert_eq!(get(&m, "Device.DeviceInfo.Manufacturer"), (0, vec![]));
    assert_eq!(get(&m, "Device.DeviceInfo.SoftwareVersion"), (2, vec![]));
    assert_eq!(
        get(&m, "Device.ManagementServer.ConnectionRequestURL"),
        (2, vec![])
    );

    m.set_attributes(&[
        attr("Device.WiFi.SSID.", Some(1), None),
        attr("Device.WiFi.SSID.1.SSID", Some(2), Some(&["Subscriber"])),
        // Forced active notification cannot be turned off; the request is ignored.
        attr("Device.DeviceInfo.SoftwareVersion", Some(0), None),
        attr(
            "Device.ManagementServer.ConnectionRequestURL",
            Some(0),
            None,
        ),
        // NotificationChange false leaves the notification alone, whatever the value.
        SetParameterAttributesStruct {
            name: "Device.WiFi.SSID.2.SSID".into(),
            notification_change: false,
            notification: 9,
            access_list_change: true,
            access_list: names(&["Subscriber", "X_VENDOR_Thing"]),
        },
    ])
    .unwrap();
    assert_eq!(get(&m, "Device.WiFi.SSID.1.Enable"), (1, vec![]));
    assert_eq!(get(&m, "Device.WiFi.SSID.1.Stats.BytesSent"), (1, vec![]));
    assert_eq!(
        get(&m, "Device.WiFi.SSID.1.SSID"),
        (2, names(&["Subscriber"]))
    );
    assert_eq!(
        get(&m, "Device.WiFi.SSID.2.SSID"),
        (1, names(&["Subscriber", "X_VENDOR_Thing"]))
    );
    assert_eq!(get(&m, "Device.DeviceInfo.SoftwareVersion"), (2, vec![]));
    assert_eq!(
        get(&m, "Device.ManagementServer.ConnectionRequestURL"),
        (0, vec![])
    );

    // Later entries overwrite earlier ones.
    m.set_attributes(&[
        attr("Device.WiFi.SSID.1.SSID", Some(0), Some(&[])),
        attr("Device.WiFi.SSID.1.SSID", Some(1), None),
    ])
    .unwrap();
    assert_eq!(get(&m, "Device.WiFi.SSID.1.SSID"), (1, vec![]));

    // Partial paths, in model order.
    let subtree = m.get_attributes(&names(&["Device.WiFi.SSID.2."])).unwrap();
    let listed: Vec<&str> = subtree.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        listed,
        [
            "Device.WiFi.SSID.2.Enable",
            "Device.WiFi.SSID.2.SSID",
            "Device.WiFi.SSID.2.Stats.BytesSent"
        ]
    );
    assert_eq!(m.get_attributes(&names(&[""])).unwrap().len(), m.len());
}

#[test]
fn attribute_faults_are_atomic() {
    let mut m = small();
    let before = m.get_attributes(&names(&[""])).unwrap();
    let cases: [(Vec<SetParameterAttributesStruct>, u32); 7] = [
        (
            vec![
                attr("Device.WiFi.SSID.1.SSID", Some(1), None),
                attr("Device.Nope", Some(1), None),
            ],
            9005,
        ),
        (vec![attr("Device.DeviceInfo", Some(1), None)], 9005),
        (vec![attr("Device.WiFi.SSID.1.SSID", Some(3), None)], 9003),
        (vec![attr("Device.WiFi.SSID.1.SSID", Some(-1), None)], 9003),
        (
            vec![
                attr("Device.WiFi.SSID.1.SSID", Some(1), None),
                attr("Device.DeviceInfo.UpTime", Some(2), None),
            ],
            9009,
        ),
        // Active notification through a partial path holding a Stats counter.
        (vec![attr("Device.WiFi.SSID.1.", Some(2), None)], 9009),
        (vec![attr("", Some(2), None)], 9009),
    ];
    for (list, expected) in cases {
        let fault = m.set_attributes(&list).unwrap_err();
        assert_eq!(fault.code, expected, "{list:?}");
        assert_eq!(m.get_attributes(&names(&[""])).unwrap(), before);
    }
    let fault = m
        .set_attributes(&[attr("Device.DeviceInfo.UpTime", Some(2), None)])
        .unwrap_err();
    assert!(fault.message.contains("Notification request rejected"));
    // Passive notification on the same parameters is accepted.
    m.set_attributes(&[
        attr("Device.DeviceInfo.UpTime", Some(1), None),
        attr("Device.WiFi.SSID.1.", Some(1), None),
    ])
    .unwrap();
    assert_eq!(
        m.get_attributes(&names(&["Device.DeviceInfo.UpTime"]))
            .unwrap()[0]
            .notification,
        1
    );
    assert_eq!(code(m.get_attributes(&names(&["Device.Nope."]))), 9005);
}

// ---- AddObject / DeleteObject ------------------------------------------------------

#[test]
fn add_and_delete_keep_number_of_entries() {
    let mut m = small();
    assert_eq!(m.add_object("Device.WiFi.SSID."), Ok(3));
    assert_eq!(m.value("Device.WiFi.SSIDNumberOfEntries"), Some("3"));
    assert_eq!(m.value("Device.WiFi.SSID.3.SSID"), Some("Default"));
    assert_eq!(m.value("Device.WiFi.SSID.3.Enable"), Some("false"));
    assert_eq!(m.value("Device.WiFi.SSID.3.Stats.BytesSent"), Some("0"));
    assert_eq!(m.len(), 30);
    assert_eq!(
        info_names(&m, "Device.WiFi.SSID.", true),
        [
            ("Device.WiFi.SSID.1.".to_owned(), true),
            ("Device.WiFi.SSID.2.".to_owned(), true),
            ("Device.WiFi.SSID.3.".to_owned(), true),
        ]
    );
    // The new instance is a normal part of the model.
    m.set_values(&[ParameterValue::string("Device.WiFi.SSID.3.SSID", "Third")])
        .unwrap();
    m.set_attributes(&[attr("Device.WiFi.SSID.3.SSID", Some(1), None)])
        .unwrap();
    assert_eq!(m.value("Device.WiFi.SSID.3.SSID"), Some("Third"));

    m.delete_object("Device.WiFi.SSID.2.").unwrap();
    assert_eq!(m.value("Device.WiFi.SSIDNumberOfEntries"), Some("2"));
    assert_eq!(m.value("Device.WiFi.SSID.2.SSID"), None);
    assert_eq!(code(m.get_values(&names(&["Device.WiFi.SSID.2."]))), 9005);
    assert_eq!(m.value("Device.WiFi.SSID.3.SSID"), Some("Third"));
    assert_eq!(
        m.get_attributes(&names(&["Device.WiFi.SSID.3.SSID"]))
            .unwrap()[0]
            .notification,
        1
    );
    assert_eq!(m.len(), 27);
    // Numbers are not reused.
    m.delete_object("Device.WiFi.SSID.3.").unwrap();
    assert_eq!(m.add_object("Device.WiFi.SSID."), Ok(4));
    assert_eq!(m.value("Device.WiFi.SSID.4.SSID"), Some("Default"));
    assert_eq!(
        m.get_attributes(&names(&["Device.WiFi.SSID.4.SSID"]))
            .unwrap()[0]
            .notification,
        0
    );
    assert_eq!(m.value("Device.WiFi.SSIDNumberOfEntries"), Some("2"));
    // Deleting every instance leaves an empty table.
    m.delete_object("Device.WiFi.SSID.1.").unwrap();
    m.delete_object("Device.WiFi.SSID.4.").unwrap();
    assert_eq!(m.value("Device.WiFi.SSIDNumberOfEntries"), Some("0"));
    assert!(m.get_names("Device.WiFi.SSID.", true).unwrap().is_empty());
    assert_eq!(m.add_object("Device.WiFi.SSID."), Ok(5));
}

#[test]
fn nested_tables() {
    let mut m = small();
    assert_eq!(m.add_object("Device.IP.Interface."), Ok(2));
    assert_eq!(m.value("Device.IP.InterfaceNumberOfEntries"), Some("2"));
    assert_eq!(
        m.value("Device.IP.Interface.2.IPv4AddressNumberOfEntries"),
        Some("0")
    );
    assert_eq!(
        info_names(&m, "Device.IP.Interface.2.", false),
        [
            ("Device.IP.Interface.2.".to_owned(), true),
            ("Device.IP.Interface.2.Enable".to_owned(), true),
            (
                "Device.IP.Interface.2.IPv4AddressNumberOfEntries".to_owned(),
                false
            ),
            ("Device.IP.Interface.2.IPv4Address.".to_owned(), true),
        ]
    );
    assert_eq!(m.add_object("Device.IP.Interface.2.IPv4Address."), Ok(1));
    assert_eq!(m.add_object("Device.IP.Interface.2.IPv4Address."), Ok(2));
    assert_eq!(
        m.value("Device.IP.Interface.2.IPv4AddressNumberOfEntries"),
        Some("2")
    );
    assert_eq!(m.add_object("Device.IP.Interface.1.IPv4Address."), Ok(2));
    assert_eq!(
        m.value("Device.IP.Interface.1.IPv4AddressNumberOfEntries"),
        Some("2")
    );
    m.set_values(&[ParameterValue::string(
        "Device.IP.Interface.2.IPv4Address.2.IPAddress",
        "10.0.0.2",
    )])
    .unwrap();
    m.delete_object("Device.IP.Interface.1.").unwrap();
    assert_eq!(m.value("Device.IP.InterfaceNumberOfEntries"), Some("1"));
    assert_eq!(
        m.value("Device.IP.Interface.1.IPv4Address.1.IPAddress"),
        None
    );
    assert_eq!(
        m.value("Device.IP.Interface.2.IPv4Address.2.IPAddress"),
        Some("10.0.0.2")
    );
    // Values after the changed region keep their place.
    m.set_values(&[ParameterValue::long("Device.X_DMGATE_Test.Big", 7)])
        .unwrap();
    m.add_object("Device.IP.Interface.").unwrap();
    m.delete_object("Device.IP.Interface.2.IPv4Address.1.")
        .unwrap();
    assert_eq!(m.value("Device.X_DMGATE_Test.Big"), Some("7"));
    assert_eq!(
        m.value("Device.IP.Interface.2.IPv4AddressNumberOfEntries"),
        Some("1")
    );
}

#[test]
fn add_and_delete_faults() {
    let mut m = small();
    assert_eq!(code(m.add_object("Device.WiFi.SSID")), 9003);
    for bad in [
        "Device.WiFi.SSID.1.",
        "Device.WiFi.Radio.",
        "Device.WiFi.",
        "Device.Nope.",
        "Device.WiFi.SSID.{i}.",
        "Device.WiFi.SSIDNumberOfEntries.",
    ] {
        assert_eq!(code(m.add_object(bad)), 9005, "{bad}");
    }
    for bad in [
        "Device.WiFi.SSID.",
        "Device.WiFi.SSID.1",
        "Device.WiFi.SSID.9.",
        "Device.WiFi.Radio.1.",
        "Device.WiFi.SSID.1.Stats.",
        "Device.WiFi.SSID.1.SSID",
        "",
    ] {
        assert_eq!(code(m.delete_object(bad)), 9005, "{bad}");
    }
    assert_eq!(m.value("Device.WiFi.SSIDNumberOfEntries"), Some("2"));
    assert_eq!(m.len(), 27);
}

#[test]
fn clones_are_independent() {
    let original = small();
    let mut a = original.clone();
    let mut b = original.clone();
    a.add_object("Device.WiFi.SSID.").unwrap();
    a.set_values(&[ParameterValue::string("Device.WiFi.SSID.1.SSID", "A")])
        .unwrap();
    b.delete_object("Device.WiFi.SSID.1.").unwrap();
    assert_eq!(original.value("Device.WiFi.SSID.1.SSID"), Some("HomeNet"));
    assert_eq!(original.value("Device.WiFi.SSIDNumberOfEntries"), Some("2"));
    assert_eq!(a.value("Device.WiFi.SSID.1.SSID"), Some("A"));
    assert_eq!(a.value("Device.WiFi.SSID.3.SSID"), Some("Default"));
    assert_eq!(b.value("Device.WiFi.SSID.1.SSID"), None);
    assert_eq!(b.value("Device.WiFi.SSID.3.SSID"), None);
    assert_eq!(b.add_object("Device.WiFi.SSID."), Ok(3));
}

// ---- notification ----------------------------------------------------------------------

#[test]
fn value_changes_follow_notification() {
    let mut m = small();
    // Notification off: changed, not recorded.
    assert!(m.set_internal("Device.DeviceInfo.UpTime", "10"));
    assert_eq!(m.value("Device.DeviceInfo.UpTime"), Some("10"));
    assert!(m.take_changes().is_empty());
    assert!(!m.has_active_change());

    m.set_attributes(&[
        attr("Device.DeviceInfo.UpTime", Some(1), None),
        attr("Device.WiFi.SSID.1.SSID", Some(2), None),
    ])
    .unwrap();
    assert!(m.set_internal("Device.DeviceInfo.UpTime", "20"));
    assert!(!m.has_active_change());
    assert!(m.set_internal("Device.WiFi.SSID.1.SSID", "Changed"));
    assert!(m.has_active_change());
    assert!(m.set_internal("Device.DeviceInfo.UpTime", "30"));
    // An unchanged value is not a change; read-only and writable alike may be set.
    assert!(m.set_internal("Device.WiFi.SSID.2.SSID", "Guest"));
    assert_eq!(
        m.take_changes(),
        vec![
            ParameterValue::new("Device.DeviceInfo.UpTime", "30", ValueType::UnsignedInt),
            ParameterValue::string("Device.WiFi.SSID.1.SSID", "Changed"),
        ]
    );
    assert!(m.take_changes().is_empty());
    assert!(!m.has_active_change());

    // Rejected internal updates.
    assert!(!m.set_internal("Device.Nope", "1"));
    assert!(!m.set_internal("Device.DeviceInfo.", "1"));
    assert!(!m.set_internal("Device.DeviceInfo.UpTime", "-1"));
    assert_eq!(m.value("Device.DeviceInfo.UpTime"), Some("30"));

    // Changes by the ACS are never reported.
    m.set_values(&[ParameterValue::string("Device.WiFi.SSID.1.SSID", "By ACS")])
        .unwrap();
    assert!(m.take_changes().is_empty());
}

#[test]
fn forced_and_default_active_notification() {
    let mut m = small();
    assert!(m.set_internal("Device.DeviceInfo.SoftwareVersion", "1.1.0"));
    assert!(m.has_active_change());
    assert!(m.set_internal(
        "Device.ManagementServer.ConnectionRequestURL",
        "http://10.0.0.1:7547/cr"
    ));
    let changes: Vec<String> = m.take_changes().into_iter().map(|pv| pv.name).collect();
    assert_eq!(
        changes,
        [
            "Device.DeviceInfo.SoftwareVersion",
            "Device.ManagementServer.ConnectionRequestURL"
        ]
    );
    m.set_attributes(&[attr(
        "Device.ManagementServer.ConnectionRequestURL",
        Some(0),
        None,
    )])
    .unwrap();
    assert!(m.set_internal(
        "Device.ManagementServer.ConnectionRequestURL",
        "http://10.0.0.2:7547/cr"
    ));
    assert!(m.take_changes().is_empty());
}

#[test]
fn deleted_parameters_leave_the_change_record() {
    let mut m = small();
    m.set_attributes(&[
        attr("Device.WiFi.SSID.", Some(2), None),
        attr("Device.X_DMGATE_Test.", Some(1), None),
    ])
    .unwrap_err(); // Stats below SSID refuse active notification
    m.set_attributes(&[
        attr("Device.WiFi.SSID.1.SSID", Some(2), None),
        attr("Device.X_DMGATE_Test.", Some(1), None),
    ])
    .unwrap();
    m.set_internal("Device.WiFi.SSID.1.SSID", "x");
    m.set_internal("Device.X_DMGATE_Test.Hex", "ABCD");
    assert!(m.has_active_change());
    m.delete_object("Device.WiFi.SSID.1.").unwrap();
    assert!(!m.has_active_change());
    assert_eq!(
        m.take_changes(),
        vec![ParameterValue::new(
            "Device.X_DMGATE_Test.Hex",
            "ABCD",
            ValueType::HexBinary
        )]
    );
}

// ---- the shipped model -----------------------------------------------------------------

const HOME_GATEWAY: &str = include_str!("../../models/home-gateway.model");

#[test]
fn home_gateway_model() {
    let m = DataModel::parse(HOME_GATEWAY).unwrap();
    assert!(m.len() >= 330, "{} parameters", m.len());
    let expect = [
        ("Device.RootDataModelVersion", "2.17"),
        ("Device.DeviceInfo.Manufacturer", "dmgate"),
        ("Device.DeviceInfo.ManufacturerOUI", "00D09E"),
        ("Device.DeviceInfo.ProductClass", "HGW-1"),
        ("Device.DeviceInfo.SerialNumber", "SIM0000001"),
        ("Device.DeviceInfo.SoftwareVersion", "1.0.0"),
        ("Device.DeviceInfo.UpTime", "0"),
        ("Device.ManagementServer.URL", ""),
        ("Device.ManagementServer.Password", ""),
        ("Device.ManagementServer.ConnectionRequestURL", ""),
        ("Device.WiFi.SSIDNumberOfEntries", "2"),
        ("Device.Hosts.HostNumberOfEntries", "3"),
        ("Device.DeviceInfo.FirmwareImageNumberOfEntries", "2"),
        ("Device.Ethernet.InterfaceNumberOfEntries", "4"),
        ("Device.Security.CertificateNumberOfEntries", "2"),
    ];
    for (name, value) in expect {
        assert_eq!(m.value(name), Some(value), "{name}");
    }
    for name in [
        "Device.DeviceInfo.ModelName",
        "Device.DeviceInfo.Description",
        "Device.DeviceInfo.HardwareVersion",
        "Device.DeviceInfo.ProvisioningCode",
        "Device.DeviceInfo.FirstUseDate",
        "Device.DeviceInfo.MemoryStatus.Total",
        "Device.DeviceInfo.MemoryStatus.Free",
        "Device.DeviceInfo.ProcessStatus.CPUUsage",
        "Device.DeviceInfo.FirmwareImage.2.BootFailureLog",
        "Device.DeviceInfo.ActiveFirmwareImage",
        "Device.DeviceInfo.BootFirmwareImage",
        "Device.DeviceInfo.VendorConfigFile.1.Name",
        "Device.ManagementServer.Username",
        "Device.ManagementServer.PeriodicInformEnable",
        "Device.ManagementServer.PeriodicInformInterval",
        "Device.ManagementServer.PeriodicInformTime",
        "Device.ManagementServer.ParameterKey",
        "Device.ManagementServer.ConnectionRequestUsername",
        "Device.ManagementServer.ConnectionRequestPassword",
        "Device.ManagementServer.UpgradesManaged",
        "Device.ManagementServer.DefaultActiveNotificationThrottle",
        "Device.ManagementServer.CWMPRetryMinimumWaitInterval",
        "Device.ManagementServer.CWMPRetryIntervalMultiplier",
        "Device.ManagementServer.SupportedConnReqMethods",
        "Device.ManagementServer.InstanceMode",
        "Device.Time.CurrentLocalTime",
        "Device.Ethernet.Interface.4.Stats.BytesSent",
        "Device.WiFi.Radio.2.Channel",
        "Device.WiFi.SSID.2.SSID",
        "Device.WiFi.AccessPoint.2.Security.ModeEnabled",
        "Device.IP.Interface.1.IPv4Address.1.IPAddress",
        "Device.DHCPv4.Server.Pool.1.MinAddress",
        "Device.Hosts.Host.3.PhysAddress",
        "Device.SoftwareModules.ExecEnv.1.Name",
        "Device.SoftwareModules.DeploymentUnit.1.UUID",
        "Device.SoftwareModules.ExecutionUnit.1.EUID",
        "Device.Security.Certificate.2.NotAfter",
        "Device.Syslog.Enable",
    ] {
        assert!(m.value(name).is_some(), "{name}");
    }
    let writable = |name: &str| m.get_names(name, false).unwrap()[0].writable;
    assert!(writable("Device.WiFi.SSID."));
    assert!(writable("Device.ManagementServer.URL"));
    assert!(writable("Device.DeviceInfo.ProvisioningCode"));
    assert!(!writable("Device.SoftwareModules.DeploymentUnit."));
    assert!(!writable("Device.DeviceInfo.SoftwareVersion"));
    assert!(writable("Device.Security.Certificate.1.X_oneM2M_org_SUIDs"));
    assert!(writable("Device.Security.Certificate.2.X_oneM2M_org_SUIDs"));

    // Secured values read back empty over CWMP; the device sees them.
    let passphrase = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
    assert_eq!(m.value(passphrase), Some("correct-horse-battery"));
    assert_eq!(m.get_values(&names(&[passphrase])).unwrap()[0].value, "");
    let mut m = m;
    m.set_values(&[ParameterValue::string(
        "Device.ManagementServer.ConnectionRequestPassword",
        "s3cret",
    )])
    .unwrap();
    assert_eq!(
        m.value("Device.ManagementServer.ConnectionRequestPassword"),
        Some("s3cret")
    );
    let all = m.get_values(&names(&["Device.ManagementServer."])).unwrap();
    assert!(all.iter().all(|pv| pv.value != "s3cret"));

    // AddObject on the real model.
    assert_eq!(m.add_object("Device.WiFi.SSID."), Ok(3));
    assert_eq!(m.value("Device.WiFi.SSIDNumberOfEntries"), Some("3"));
    m.delete_object("Device.WiFi.SSID.3.").unwrap();
    assert_eq!(m.value("Device.WiFi.SSIDNumberOfEntries"), Some("2"));
    assert_eq!(code(m.add_object("Device.Hosts.Host.")), 9005);
}

#[test]
fn internal_add_and_delete_reach_read_only_tables() {
    let mut m = small();
    assert_eq!(m.root(), "Device.");
    assert_eq!(
        m.instances("Device.WiFi.Radio."),
        names(&["Device.WiFi.Radio.1."])
    );
    assert!(m.instances("Device.WiFi.").is_empty(), "not a table");
    assert!(m.instances("Device.Nope.").is_empty());

    // The ACS may not add radios; the device may.
    assert_eq!(code(m.add_object("Device.WiFi.Radio.")), 9005);
    m.set_attributes(&[attr("Device.WiFi.RadioNumberOfEntries", Some(1), None)])
        .unwrap();
    assert_eq!(m.add_object_internal("Device.WiFi.Radio."), Ok(2));
    assert_eq!(m.value("Device.WiFi.Radio.2.Channel"), Some("1"));
    assert_eq!(m.value("Device.WiFi.RadioNumberOfEntries"), Some("2"));
    assert_eq!(
        m.instances("Device.WiFi.Radio."),
        names(&["Device.WiFi.Radio.1.", "Device.WiFi.Radio.2."])
    );
    // The device changed the count: passive notification reports it.
    let changes = m.take_changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].name.as_str(), changes[0].value.as_str()),
        ("Device.WiFi.RadioNumberOfEntries", "2")
    );

    assert_eq!(code(m.delete_object("Device.WiFi.Radio.2.")), 9005);
    m.delete_object_internal("Device.WiFi.Radio.2.").unwrap();
    assert_eq!(m.value("Device.WiFi.RadioNumberOfEntries"), Some("1"));
    assert!(m.value("Device.WiFi.Radio.2.Channel").is_none());
    assert_eq!(
        m.add_object_internal("Device.WiFi.Radio."),
        Ok(3),
        "numbers not reused"
    );

    // Still only tables and instances.
    assert_eq!(code(m.add_object_internal("Device.WiFi.")), 9005);
    assert_eq!(code(m.add_object_internal("Device.WiFi.Radio")), 9003);
    assert_eq!(code(m.delete_object_internal("Device.WiFi.")), 9005);
    // ACS additions are still not notified.
    assert_eq!(m.take_changes().len(), 1, "the count changed again");
    m.add_object("Device.WiFi.SSID.").unwrap();
    assert!(m.take_changes().is_empty());
    assert_eq!(DataModel::parse("").unwrap().root(), "");
}

const TR098_GATEWAY: &str = include_str!("../../models/tr098-gateway.model");

#[test]
fn tr098_gateway_model() {
    let mut m = DataModel::parse(TR098_GATEWAY).unwrap();
    assert_eq!(m.root(), "InternetGatewayDevice.");
    let expect = [
        ("InternetGatewayDevice.DeviceInfo.Manufacturer", "dmgate"),
        ("InternetGatewayDevice.DeviceInfo.ManufacturerOUI", "00D09E"),
        ("InternetGatewayDevice.DeviceInfo.ProductClass", "IGD-1"),
        ("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "3.2.1"),
        (
            "InternetGatewayDevice.DeviceInfo.MemoryStatus.Total",
            "131072",
        ),
        (
            "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
            "3600",
        ),
        ("InternetGatewayDevice.LANDeviceNumberOfEntries", "1"),
        (
            "InternetGatewayDevice.LANDevice.1.Hosts.HostNumberOfEntries",
            "3",
        ),
        (
            "InternetGatewayDevice.LANDevice.1.Hosts.Host.2.MACAddress",
            "00:1B:A9:44:55:66",
        ),
        (
            "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress",
            "203.0.113.17",
        ),
        (
            "InternetGatewayDevice.Time.CurrentLocalTime",
            "0001-01-01T00:00:00Z",
        ),
    ];
    for (name, value) in expect {
        assert_eq!(m.value(name), Some(value), "{name}");
    }
    for name in [
        "InternetGatewayDevice.DeviceSummary",
        "InternetGatewayDevice.DeviceInfo.ModelName",
        "InternetGatewayDevice.DeviceInfo.Description",
        "InternetGatewayDevice.DeviceInfo.SerialNumber",
        "InternetGatewayDevice.DeviceInfo.HardwareVersion",
        "InternetGatewayDevice.DeviceInfo.AdditionalSoftwareVersion",
        "InternetGatewayDevice.DeviceInfo.ProvisioningCode",
        "InternetGatewayDevice.DeviceInfo.UpTime",
        "InternetGatewayDevice.DeviceInfo.MemoryStatus.Free",
        "InternetGatewayDevice.ManagementServer.URL",
        "InternetGatewayDevice.ManagementServer.Username",
        "InternetGatewayDevice.ManagementServer.Password",
        "InternetGatewayDevice.ManagementServer.PeriodicInformEnable",
        "InternetGatewayDevice.ManagementServer.ParameterKey",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestUsername",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestPassword",
    ] {
        assert!(m.value(name).is_some(), "{name}");
    }
    // The same policies as TR-181 under the other root.
    let notification =
        |m: &DataModel, name: &str| m.get_attributes(&names(&[name])).unwrap()[0].notification;
    assert_eq!(
        notification(&m, "InternetGatewayDevice.DeviceInfo.SoftwareVersion"),
        2
    );
    assert_eq!(
        notification(
            &m,
            "InternetGatewayDevice.ManagementServer.ConnectionRequestURL"
        ),
        2
    );
    assert_eq!(
        code(m.set_attributes(&[attr(
            "InternetGatewayDevice.DeviceInfo.UpTime",
            Some(2),
            None
        )])),
        9009
    );
    m.set_values(&[ParameterValue::string(
        "InternetGatewayDevice.ManagementServer.Password",
        "s3cret",
    )])
    .unwrap();
    assert_eq!(
        m.get_values(&names(&["InternetGatewayDevice.ManagementServer.Password"]))
            .unwrap()[0]
            .value,
        ""
    );
    // Writable tables keep their counts; the others refuse the ACS.
    let connections = "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.";
    assert_eq!(
        m.add_object(&format!("{connections}WANPPPConnection.")),
        Ok(1)
    );
    assert_eq!(
        m.value(&format!("{connections}WANPPPConnectionNumberOfEntries")),
        Some("1")
    );
    assert_eq!(
        code(m.add_object("InternetGatewayDevice.WANDevice.1.WANConnectionDevice.")),
        9005
    );
    assert_eq!(
        code(m.add_object("InternetGatewayDevice.LANDevice.1.Hosts.Host.")),
        9005
    );
}
