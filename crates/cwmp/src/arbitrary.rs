//! Strategies for arbitrary CWMP values, for the property tests: build→parse must give back
//! exactly what was built.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

use crate::de::trim_xml;
use crate::envelope::{Envelope, Header};
use crate::fault::{FaultSource, SetParameterValuesFault, SoapFault};
use crate::message::Message;
use crate::namespace::{CwmpVersion, Namespace};
use crate::rpc::*;
use crate::value::{DateTime, ParameterValue, ValueType};

pub(crate) trait Arb: Sized {
    fn arb() -> BoxedStrategy<Self>;
}

/// Text XML can carry: markup characters, quotes, non-ASCII (2-, 3- and 4-byte UTF-8), a
/// no-break space, tabs, newlines and carriage returns.
fn raw_text() -> impl Strategy<Value = String> {
    "[ -~\t\r\n\u{a0}éß€漢😀\u{10ffff}]{0,24}"
}

/// Text as a trimmed field reads back: without outer XML whitespace.
fn field_text() -> impl Strategy<Value = String> {
    raw_text().prop_map(|s| trim_xml(&s).to_owned())
}

impl Arb for String {
    fn arb() -> BoxedStrategy<Self> {
        field_text().boxed()
    }
}

impl Arb for DateTime {
    fn arb() -> BoxedStrategy<Self> {
        prop_oneof![
            Just(DateTime::unknown()),
            "[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](Z|\\.[0-9]{1,6}Z|[+-][01][0-9]:00)?"
                .prop_map(DateTime::new),
            field_text().prop_map(DateTime::new),
        ]
        .boxed()
    }
}

macro_rules! any_arb {
    ($($t:ty),*) => {$(
        impl Arb for $t {
            fn arb() -> BoxedStrategy<Self> {
                any::<$t>().boxed()
            }
        }
    )*};
}
any_arb!(u32, i32, bool);

impl<T: Arb + std::fmt::Debug + 'static> Arb for Option<T> {
    fn arb() -> BoxedStrategy<Self> {
        proptest::option::of(T::arb()).boxed()
    }
}

impl<T: Arb + std::fmt::Debug + 'static> Arb for Vec<T> {
    fn arb() -> BoxedStrategy<Self> {
        vec(T::arb(), 0..4).boxed()
    }
}

impl Arb for ValueType {
    fn arb() -> BoxedStrategy<Self> {
        prop_oneof![
            Just(ValueType::String),
            Just(ValueType::Int),
            Just(ValueType::UnsignedInt),
            Just(ValueType::Long),
            Just(ValueType::UnsignedLong),
            Just(ValueType::Boolean),
            Just(ValueType::DateTime),
            Just(ValueType::Base64),
            Just(ValueType::HexBinary),
            "[a-zA-Z]{1,12}".prop_map(|s| ValueType::from_xsi(&s)),
            // Whatever a CPE wrote there must survive too (markup, quotes, inner whitespace).
            field_text()
                .prop_filter("a local name", |s| !s.is_empty() && !s.contains(':'))
                .prop_map(|s| ValueType::from_xsi(&s)),
        ]
        .boxed()
    }
}

impl Arb for ParameterValue {
    fn arb() -> BoxedStrategy<Self> {
        // Values keep their whitespace, so they are drawn untrimmed.
        (field_text(), raw_text(), ValueType::arb())
            .prop_map(|(name, value, value_type)| ParameterValue {
                name,
                value,
                value_type,
            })
            .boxed()
    }
}

impl Arb for Voucher {
    fn arb() -> BoxedStrategy<Self> {
        "[A-Za-z0-9+/=]{0,40}".prop_map(Voucher).boxed()
    }
}

impl Arb for FaultStruct {
    fn arb() -> BoxedStrategy<Self> {
        (any::<u32>(), field_text())
            .prop_map(|(fault_code, fault_string)| FaultStruct {
                fault_code,
                fault_string,
            })
            .boxed()
    }
}

impl Arb for AutonOpResult {
    fn arb() -> BoxedStrategy<Self> {
        (OpResult::arb(), field_text())
            .prop_map(|(result, operation_performed)| AutonOpResult {
                result,
                operation_performed,
            })
            .boxed()
    }
}

impl Arb for DuOperation {
    fn arb() -> BoxedStrategy<Self> {
        prop_oneof![
            InstallOp::arb().prop_map(DuOperation::Install),
            UpdateOp::arb().prop_map(DuOperation::Update),
            UninstallOp::arb().prop_map(DuOperation::Uninstall),
        ]
        .boxed()
    }
}

impl Arb for ChangeDuState {
    fn arb() -> BoxedStrategy<Self> {
        (vec(DuOperation::arb(), 1..4), Option::<String>::arb())
            .prop_map(|(operations, command_key)| ChangeDuState {
                operations,
                command_key,
            })
            .boxed()
    }
}

impl Arb for DuStateChangeComplete {
    fn arb() -> BoxedStrategy<Self> {
        (vec(OpResult::arb(), 1..4), Option::<String>::arb())
            .prop_map(|(results, command_key)| DuStateChangeComplete {
                results,
                command_key,
            })
            .boxed()
    }
}

impl Arb for AutonomousDuStateChangeComplete {
    fn arb() -> BoxedStrategy<Self> {
        vec(AutonOpResult::arb(), 1..4)
            .prop_map(|results| AutonomousDuStateChangeComplete { results })
            .boxed()
    }
}

impl Arb for SoapFault {
    fn arb() -> BoxedStrategy<Self> {
        let entry = (field_text(), any::<u32>(), field_text()).prop_map(
            |(parameter_name, fault_code, fault_string)| SetParameterValuesFault {
                parameter_name,
                fault_code,
                fault_string,
            },
        );
        (
            prop_oneof![Just(FaultSource::Client), Just(FaultSource::Server)],
            any::<u32>(),
            field_text(),
            vec(entry, 0..3),
        )
            .prop_map(
                |(source, code, message, set_parameter_values_faults)| SoapFault {
                    source,
                    code,
                    message,
                    set_parameter_values_faults,
                },
            )
            .boxed()
    }
}

impl Arb for Header {
    fn arb() -> BoxedStrategy<Self> {
        (
            // The ID is kept exactly as sent, outer whitespace included.
            proptest::option::of(raw_text()),
            Option::<bool>::arb(),
            Option::<bool>::arb(),
            Option::<u32>::arb(),
            Option::<String>::arb(),
            proptest::option::of(proptest::sample::select(CwmpVersion::ALL.to_vec())),
        )
            .prop_map(
                |(id, hold_requests, no_more_requests, session_timeout, supported, use_version)| {
                    Header {
                        id,
                        hold_requests,
                        no_more_requests,
                        session_timeout,
                        supported_cwmp_versions: supported,
                        use_cwmp_version: use_version,
                    }
                },
            )
            .boxed()
    }
}

impl Arb for Envelope {
    fn arb() -> BoxedStrategy<Self> {
        let namespace = proptest::sample::select(vec![
            Namespace::Cwmp10,
            Namespace::Cwmp11,
            Namespace::Cwmp12,
            Namespace::Cwmp13,
            Namespace::Cwmp14,
        ]);
        (namespace, Header::arb(), Message::arb())
            .prop_map(|(namespace, header, body)| Envelope {
                namespace,
                header,
                body,
            })
            .boxed()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// build → parse is the identity for every message, header and namespace.
    #[test]
    fn build_then_parse_is_identity(envelope in Envelope::arb()) {
        let xml = envelope.to_xml();
        let parsed = Envelope::parse(xml.as_bytes());
        prop_assert_eq!(parsed.as_ref(), Ok(&envelope), "{}", xml);
        // And building again gives the same bytes.
        prop_assert_eq!(parsed.unwrap().to_xml(), xml);
    }
}
