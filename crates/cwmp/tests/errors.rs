//! Bad input gets a typed error naming the fault to answer with.

use cwmp::{AcsFaultCode, CpeFaultCode, DecodeError, Envelope, Limits};

const HEAD: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Body>"#;
const TAIL: &str = "</soap:Body></soap:Envelope>";

fn body(inner: &str) -> Vec<u8> {
    format!("{HEAD}{inner}{TAIL}").into_bytes()
}

fn fault_of(input: &[u8]) -> (AcsFaultCode, CpeFaultCode) {
    let e = Envelope::parse(input).expect_err("must not decode");
    (e.acs_fault(), e.cpe_fault())
}

#[test]
fn malformed_xml_is_8002() {
    for input in [
        &b"<soap:Envelope"[..],
        b"",
        b"not xml at all",
        b"<a></b>",
        b"\xff\xfe<x/>",
        b"<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><cwmp:Inform>&nbsp;</cwmp:Inform></soap:Body></soap:Envelope>",
    ] {
        assert_eq!(fault_of(input), (AcsFaultCode::InternalError, CpeFaultCode::InternalError), "{input:?}");
    }
}

#[test]
fn not_a_soap_envelope_is_8002() {
    // SOAP 1.2 envelope namespace, no Body, an empty Body, two messages in one Body.
    let soap12 =
        br#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>"#;
    let no_body = br#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header/></e:Envelope>"#;
    for input in [
        &soap12[..],
        &no_body[..],
        &body(""),
        &body("<cwmp:GetRPCMethods/><cwmp:GetRPCMethods/>"),
    ] {
        let e = Envelope::parse(input).expect_err("must not decode");
        assert!(matches!(e, DecodeError::Malformed(_)), "{e}");
        assert_eq!(e.acs_fault().code(), 8002);
    }
}

#[test]
fn unknown_method_is_8000_and_9000() {
    let e = Envelope::parse(&body("<cwmp:X_ACME_Frobnicate/>")).expect_err("unknown");
    assert_eq!(e.method(), Some("X_ACME_Frobnicate"));
    assert_eq!((e.acs_fault().code(), e.cpe_fault().code()), (8000, 9000));
}

#[test]
fn missing_or_ill_typed_arguments_are_8003_and_9003() {
    let cases = [
        ("<cwmp:Reboot></cwmp:Reboot>", "Reboot", "CommandKey"),
        (
            "<cwmp:InformResponse><MaxEnvelopes>-1</MaxEnvelopes></cwmp:InformResponse>",
            "InformResponse",
            "MaxEnvelopes",
        ),
        (
            "<cwmp:GetParameterNames><ParameterPath>Device.</ParameterPath><NextLevel>maybe</NextLevel></cwmp:GetParameterNames>",
            "GetParameterNames",
            "NextLevel",
        ),
        (
            "<cwmp:ChangeDUState><CommandKey>k</CommandKey></cwmp:ChangeDUState>",
            "ChangeDUState",
            "Operations",
        ),
        (
            "<cwmp:SetParameterValues><ParameterList><ParameterValueStruct><Name>A</Name></ParameterValueStruct></ParameterList><ParameterKey/></cwmp:SetParameterValues>",
            "SetParameterValues",
            "Value",
        ),
    ];
    for (inner, method, mentioned) in cases {
        let e = Envelope::parse(&body(inner)).expect_err(inner);
        assert_eq!(e.method(), Some(method), "{e}");
        assert!(e.to_string().contains(mentioned), "{e}");
        assert_eq!(
            (e.acs_fault().code(), e.cpe_fault().code()),
            (8003, 9003),
            "{e}"
        );
    }
}

#[test]
fn limits_are_8004_and_9004() {
    let tight = Limits {
        max_body_bytes: 100,
        ..Limits::default()
    };
    let e = Envelope::parse_with(&body("<cwmp:GetRPCMethods/>"), &tight).expect_err("too large");
    assert_eq!((e.acs_fault().code(), e.cpe_fault().code()), (8004, 9004));

    let deep = body(&format!(
        "<cwmp:GetRPCMethods>{}{}</cwmp:GetRPCMethods>",
        "<a>".repeat(100),
        "</a>".repeat(100)
    ));
    let e = Envelope::parse(&deep).expect_err("too deep");
    assert!(matches!(e, DecodeError::LimitExceeded(_)), "{e}");

    let names = "<string>Device.</string>".repeat(20);
    let long = body(&format!(
        "<cwmp:GetParameterValues><ParameterNames>{names}</ParameterNames></cwmp:GetParameterValues>"
    ));
    let short = Limits {
        max_array_len: 10,
        ..Limits::default()
    };
    let e = Envelope::parse_with(&long, &short).expect_err("array too long");
    assert!(matches!(e, DecodeError::LimitExceeded(_)), "{e}");
    assert!(Envelope::parse(&long).is_ok());
}

#[test]
fn doctype_entities_are_not_expanded() {
    let input = format!(
        r#"<!DOCTYPE x [<!ENTITY boom "boom">]>{HEAD}<cwmp:Reboot><CommandKey>&boom;</CommandKey></cwmp:Reboot>{TAIL}"#
    );
    let e = Envelope::parse(input.as_bytes()).expect_err("no entity expansion");
    assert_eq!(e.acs_fault().code(), 8002);
}

#[test]
fn namespace_declarations_are_bounded() {
    let many: String = (0..100)
        .map(|i| format!(" xmlns:p{i}=\"urn:x:{i}\""))
        .collect();
    let input = format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"{many}><soap:Body/></soap:Envelope>"#
    );
    let e = Envelope::parse(input.as_bytes()).expect_err("too many declarations");
    assert!(matches!(e, DecodeError::LimitExceeded(_)), "{e}");
}
