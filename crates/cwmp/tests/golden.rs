//! Golden tests: every reference envelope under `tests/golden/{messages,variety}` is parsed,
//! built again and compared byte for byte with its golden file under `tests/golden/expected`;
//! parse → build → parse must give equal values.
//!
//! After an intended change of the output, regenerate the golden files with
//! `CWMP_BLESS=1 cargo test -p cwmp --test golden` and review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use cwmp::rpc::DuOperation;
use cwmp::{Envelope, Message, Namespace, ValueType};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn inputs(kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(golden_dir().join(kind))
        .unwrap_or_else(|e| panic!("tests/golden/{kind}: {e}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// Parses, builds, compares with the golden file and parses the output again.
fn check(kind: &str, input: &Path) -> Envelope {
    let name = input.file_name().expect("file name");
    let bytes = fs::read(input).expect("reference envelope");
    let parsed = Envelope::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    let built = parsed.to_xml();
    let expected_path = golden_dir().join("expected").join(kind).join(name);
    if std::env::var_os("CWMP_BLESS").is_some() {
        fs::create_dir_all(expected_path.parent().expect("parent")).expect("create expected/");
        fs::write(&expected_path, &built).expect("write golden file");
    }
    let expected = fs::read_to_string(&expected_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with CWMP_BLESS=1 to create it)",
            expected_path.display()
        )
    });
    assert!(
        built == expected,
        "{} builds differently from {}:\n--- built\n{built}\n--- expected\n{expected}",
        input.display(),
        expected_path.display()
    );
    let reparsed = Envelope::parse(built.as_bytes())
        .unwrap_or_else(|e| panic!("{} rebuilt does not parse: {e}", input.display()));
    assert_eq!(
        reparsed,
        parsed,
        "{}: parse→build→parse changed the value",
        input.display()
    );
    parsed
}

#[test]
fn every_annex_a_message_has_a_golden_test() {
    let files = inputs("messages");
    let mut seen: Vec<String> = Vec::new();
    for file in &files {
        let envelope = check("messages", file);
        let stem = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let method = envelope.body.method_name();
        if method == "Fault" {
            assert!(stem.starts_with("Fault"), "{stem} holds a fault");
        } else {
            assert_eq!(method, stem, "file {stem}.xml holds {method}");
        }
        seen.push(method.to_owned());
    }
    for method in Message::METHOD_NAMES.iter().chain(&["Fault"]) {
        assert!(
            seen.iter().any(|m| m == method),
            "no golden file for {method}"
        );
    }
}

#[test]
fn real_world_variety_round_trips() {
    let files = inputs("variety");
    assert!(files.len() >= 18, "only {} variety files", files.len());
    for file in &files {
        check("variety", file);
    }
}

fn message_file(name: &str) -> Vec<u8> {
    fs::read(golden_dir().join("messages").join(format!("{name}.xml"))).expect("message file")
}

fn variety(name: &str) -> Envelope {
    let path = golden_dir().join("variety").join(format!("{name}.xml"));
    Envelope::parse(&fs::read(&path).expect("variety file"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn inform(envelope: &Envelope) -> &cwmp::rpc::Inform {
    match &envelope.body {
        Message::Inform(inform) => inform,
        other => panic!("expected an Inform, got {}", other.method_name()),
    }
}

fn value_of<'a>(inform: &'a cwmp::rpc::Inform, name: &str) -> &'a cwmp::ParameterValue {
    inform
        .parameter_list
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

#[test]
fn tr098_cpe_with_cwmp_1_0_and_soap_env_prefix() {
    let envelope = variety("inform-tr098-cwmp10-soap-env");
    assert_eq!(envelope.namespace, Namespace::Cwmp10);
    let inform = inform(&envelope);
    assert_eq!(inform.device_id.oui, "00259E");
    assert_eq!(inform.event[0].event_code, "2 PERIODIC");
    assert_eq!(inform.parameter_list.len(), 10);
    assert!(
        inform
            .parameter_list
            .iter()
            .all(|p| p.name.starts_with("InternetGatewayDevice."))
    );
    // Answered in the CPE's own namespace.
    assert!(
        envelope
            .to_xml()
            .contains("xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"")
    );
}

#[test]
fn tr181_cpe_with_soapenv_prefix_and_with_default_namespaces() {
    let envelope = variety("inform-tr181-cwmp12-soapenv");
    assert_eq!(envelope.namespace, Namespace::Cwmp12);
    assert!(
        inform(&envelope)
            .parameter_list
            .iter()
            .all(|p| p.name.starts_with("Device."))
    );

    let envelope = variety("inform-default-namespace");
    assert_eq!(envelope.namespace, Namespace::Cwmp12);
    assert_eq!(envelope.header.id.as_deref(), Some("20261123-0001"));
    assert_eq!(inform(&envelope).device_id.serial_number, "KDM-000917");
}

#[test]
fn arrays_without_array_type_crlf_bom_and_no_declaration() {
    let envelope = variety("inform-arrays-without-arraytype");
    assert!(!inform(&envelope).event.is_empty());
    assert!(!inform(&envelope).parameter_list.is_empty());

    let crlf = variety("inform-crlf");
    assert!(
        fs::read(golden_dir().join("variety/inform-crlf.xml"))
            .expect("file")
            .contains(&b'\r'),
        "the CRLF case must really hold carriage returns"
    );
    let crlf_inform = inform(&crlf);
    assert!(
        crlf_inform
            .parameter_list
            .iter()
            .all(|p| !p.name.contains(['\r', '\n']))
    );

    let bom = variety("inform-no-declaration-bom");
    assert_eq!(inform(&bom).device_id.serial_number, "LEB-0C1D2E-5501");
}

#[test]
fn untyped_values_are_strings_and_declared_types_are_kept() {
    let envelope = variety("inform-untyped-values");
    let inform = inform(&envelope);
    assert!(
        inform
            .parameter_list
            .iter()
            .all(|p| p.value_type == ValueType::String)
    );

    let bytes = message_file("GetParameterValuesResponse");
    let Message::GetParameterValuesResponse(response) =
        Envelope::parse(&bytes).expect("parses").body
    else {
        panic!("not a GetParameterValuesResponse");
    };
    for wanted in [
        ValueType::String,
        ValueType::Int,
        ValueType::UnsignedInt,
        ValueType::Long,
        ValueType::UnsignedLong,
        ValueType::Boolean,
        ValueType::DateTime,
        ValueType::Base64,
        ValueType::HexBinary,
    ] {
        let p = response
            .parameter_list
            .iter()
            .find(|p| p.value_type == wanted)
            .unwrap_or_else(|| panic!("no {wanted:?} value"));
        p.typed().unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn cdata_and_references_split_across_text_events() {
    let envelope = variety("inform-cdata-and-entities");
    assert_eq!(envelope.header.id.as_deref(), Some("cdata-1"));
    let inform = inform(&envelope);
    assert_eq!(inform.device_id.oui, "00A0F1");
    assert_eq!(inform.device_id.product_class, "CaféBox");
    assert_eq!(inform.device_id.serial_number, "SN<0099>");
    assert_eq!(
        value_of(inform, "Device.DeviceInfo.Description").value,
        "a<b&c"
    );
    assert_eq!(
        value_of(inform, "Device.WiFi.SSID.1.SSID").value,
        "Café & Bar \"A\" 'Gast'"
    );
}

#[test]
fn odd_whitespace_qualified_children_and_cwmp_1_4_namespace() {
    let envelope = variety("inform-odd-whitespace");
    let inform_ws = inform(&envelope);
    assert_eq!(inform_ws.device_id.serial_number, "AC7000-2611-000077");
    assert_eq!(inform_ws.max_envelopes, 1);
    assert!(
        inform_ws
            .parameter_list
            .iter()
            .all(|p| p.name == p.name.trim())
    );

    let envelope = variety("inform-qualified-children");
    assert_eq!(inform(&envelope).device_id.serial_number, "BWV00991");

    let envelope = variety("inform-cwmp14-namespace");
    assert_eq!(envelope.namespace, Namespace::Cwmp14);
    assert_eq!(inform(&envelope).device_id.serial_number, "QL5G24110077");
}

#[test]
fn latin1_declared_envelopes_are_transcoded() {
    let envelope = variety("inform-latin1-encoding");
    let inform = inform(&envelope);
    assert_eq!(
        value_of(
            inform,
            "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID"
        )
        .value,
        "Café Größe"
    );
}

#[test]
fn both_forms_of_change_du_state_and_du_state_change_complete() {
    let Message::ChangeDuState(array_style) = variety("changedustate-array-style").body else {
        panic!("not ChangeDUState");
    };
    assert_eq!(array_style.operations.len(), 2);
    assert!(matches!(array_style.operations[0], DuOperation::Install(_)));
    assert!(matches!(
        array_style.operations[1],
        DuOperation::Uninstall(_)
    ));

    let bytes = message_file("ChangeDUState");
    let Message::ChangeDuState(schema_style) = Envelope::parse(&bytes).expect("parses").body else {
        panic!("not ChangeDUState");
    };
    assert_eq!(schema_style.operations.len(), 3);

    let Message::DuStateChangeComplete(complete) =
        variety("dustatechangecomplete-array-style").body
    else {
        panic!("not DUStateChangeComplete");
    };
    assert_eq!(complete.results.len(), 2);
}

#[test]
fn faults_with_qualified_faultcode() {
    let Message::Fault(fault) = variety("fault-spv-soap-prefix-faultcode").body else {
        panic!("not a fault");
    };
    assert_eq!(fault.source, cwmp::FaultSource::Client);
    assert_eq!(fault.code, 9003);
    assert!(!fault.set_parameter_values_faults.is_empty());
}

#[test]
fn version_headers_are_read() {
    let bytes = message_file("Inform");
    let envelope = Envelope::parse(&bytes).expect("parses");
    assert_eq!(envelope.header.session_timeout, Some(60));
    let supported = envelope
        .header
        .supported_cwmp_versions
        .as_deref()
        .expect("header");
    let n = cwmp::negotiate(
        cwmp::CwmpVersion::LATEST,
        envelope.namespace,
        &envelope.header,
    )
    .expect("common version");
    assert_eq!(supported, "1.0,1.1,1.2,1.3,1.4");
    assert_eq!(n.use_cwmp_version, Some(cwmp::CwmpVersion::V1_4));

    let bytes = message_file("InformResponse");
    let envelope = Envelope::parse(&bytes).expect("parses");
    assert_eq!(
        envelope.header.use_cwmp_version,
        Some(cwmp::CwmpVersion::V1_4)
    );
}
