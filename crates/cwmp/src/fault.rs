//! CWMP faults: the fault code tables of TR-069 A.5.1 (CPE) and A.5.2 (ACS) as data, and the
//! SOAP Fault envelope body that carries a `cwmp:Fault` (3.5).

use crate::de::{FromXml, field, trimmed};
use crate::dom::{Element, Ns};
use crate::error::DecodeError;
use crate::ser::{ToXml, XmlWriter};

/// The "Type" column of Tables 87 and 88: which side of the request the fault blames. It is
/// written as the SOAP `faultcode` (3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultSource {
    /// The originator of the request.
    Client,
    /// The responder.
    Server,
}

impl FaultSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "Client",
            Self::Server => "Server",
        }
    }
}

/// One row of a fault code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultInfo {
    pub code: u32,
    pub description: &'static str,
    pub source: FaultSource,
}

macro_rules! fault_table {
    ($(#[$meta:meta])* $enum:ident, $table:ident, $vendor:expr; $($variant:ident = $code:literal, $source:ident, $description:literal;)*) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum $enum {
            $($variant = $code,)*
        }

        /// The table, row by row, as the specification prints it.
        pub const $table: &[FaultInfo] = &[
            $(FaultInfo { code: $code, description: $description, source: FaultSource::$source },)*
        ];

        impl $enum {
            pub fn code(self) -> u32 {
                self as u32
            }

            pub fn from_code(code: u32) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)*
                    _ => None,
                }
            }

            pub fn info(self) -> &'static FaultInfo {
                match self {
                    $(Self::$variant => &FaultInfo { code: $code, description: $description, source: FaultSource::$source },)*
                }
            }

            /// The vendor-defined range of this table.
            pub const VENDOR_RANGE: std::ops::RangeInclusive<u32> = $vendor;
        }
    };
}

fault_table! {
    /// Fault codes a CPE returns (A.5.1, Table 87).
    CpeFaultCode, CPE_FAULTS, 9800..=9899;
    MethodNotSupported = 9000, Server, "Method not supported";
    RequestDenied = 9001, Server, "Request denied (no reason specified)";
    InternalError = 9002, Server, "Internal error";
    InvalidArguments = 9003, Client, "Invalid arguments";
    ResourcesExceeded = 9004, Server, "Resources exceeded (when used in association with SetParameterValues, this MUST NOT be used to indicate Parameters in error)";
    InvalidParameterName = 9005, Client, "Invalid Parameter name (associated with Set/GetParameterValues, GetParameterNames, Set/GetParameterAttributes, AddObject, and DeleteObject)";
    InvalidParameterType = 9006, Client, "Invalid Parameter type (associated with SetParameterValues)";
    InvalidParameterValue = 9007, Client, "Invalid Parameter value (associated with SetParameterValues)";
    NonWritableParameter = 9008, Client, "Attempt to set a non-writable Parameter (associated with SetParameterValues)";
    NotificationRejected = 9009, Server, "Notification request rejected (associated with SetParameterAttributes method).";
    FileTransferFailure = 9010, Server, "File transfer failure (associated with Download, ScheduleDownload, TransferComplete or AutonomousTransferComplete methods).";
    UploadFailure = 9011, Server, "Upload failure (associated with Upload, TransferComplete or AutonomousTransferComplete methods).";
    FileTransferServerAuthenticationFailure = 9012, Server, "File transfer server authentication failure (associated with Upload, Download, TransferComplete, AutonomousTransferComplete, DUStateChangeComplete, or AutonomousDUStateChangeComplete methods).";
    UnsupportedProtocol = 9013, Server, "Unsupported protocol for file transfer (associated with Upload, Download, ScheduleDownload, DUStateChangeComplete, or AutonomousDUStateChangeComplete methods).";
    MulticastJoinFailure = 9014, Server, "File transfer failure: unable to join multicast group (associated with Download, TransferComplete or AutonomousTransferComplete methods).";
    FileServerUnreachable = 9015, Server, "File transfer failure: unable to contact file server (associated with Download, TransferComplete, AutonomousTransferComplete, DUStateChangeComplete, or AutonomousDUStateChangeComplete methods).";
    FileAccessFailure = 9016, Server, "File transfer failure: unable to access file (associated with Download, TransferComplete, AutonomousTransferComplete, DUStateChangeComplete, or AutonomousDUStateChangeComplete methods).";
    DownloadIncomplete = 9017, Server, "File transfer failure: unable to complete download (associated with Download, TransferComplete, AutonomousTransferComplete, DUStateChangeComplete, or AutonomousDUStateChangeComplete methods).";
    FileCorrupted = 9018, Server, "File transfer failure: file corrupted or otherwise unusable (associated with Download, TransferComplete, AutonomousTransferComplete, DUStateChangeComplete, or AutonomousDUStateChangeComplete methods).";
    FileAuthenticationFailure = 9019, Server, "File transfer failure: file authentication failure (associated with Download, TransferComplete or AutonomousTransferComplete methods).";
    TimeWindowMissed = 9020, Client, "File transfer failure: unable to complete download within specified time windows (associated with TransferComplete method).";
    CancelNotPermitted = 9021, Client, "Cancelation of file transfer not permitted in current transfer state (associated with CancelTransfer method).";
    InvalidUuidFormat = 9022, Server, "Invalid UUID Format (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Install, Update, and Uninstall)";
    UnknownExecutionEnvironment = 9023, Server, "Unknown Execution Environment (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Install only)";
    DisabledExecutionEnvironment = 9024, Server, "Disabled Execution Environment (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Install, Update, and Uninstall)";
    DeploymentUnitMismatch = 9025, Server, "Deployment Unit to Execution Environment Mismatch (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Install and Update)";
    DuplicateDeploymentUnit = 9026, Server, "Duplicate Deployment Unit (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Install only)";
    SystemResourcesExceeded = 9027, Server, "System Resources Exceeded (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Install and Update)";
    UnknownDeploymentUnit = 9028, Server, "Unknown Deployment Unit (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Update and Uninstall)";
    InvalidDeploymentUnitState = 9029, Server, "Invalid Deployment Unit State (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Install, Update and Uninstall)";
    DowngradeNotPermitted = 9030, Server, "Invalid Deployment Unit Update – Downgrade not permitted (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Update only)";
    VersionNotSpecified = 9031, Server, "Invalid Deployment Unit Update – Version not specified (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Update only)";
    VersionAlreadyExists = 9032, Server, "Invalid Deployment Unit Update – Version already exists (associated with DUStateChangeComplete or AutonomousDUStateChangeComplete methods: Update only)";
}

fault_table! {
    /// Fault codes an ACS returns (A.5.2, Table 88).
    AcsFaultCode, ACS_FAULTS, 8800..=8899;
    MethodNotSupported = 8000, Server, "Method not supported";
    RequestDenied = 8001, Server, "Request denied (no reason specified)";
    InternalError = 8002, Server, "Internal error";
    InvalidArguments = 8003, Client, "Invalid arguments";
    ResourcesExceeded = 8004, Server, "Resources exceeded";
    RetryRequest = 8005, Server, "Retry request";
    VersionIncompatible = 8006, Server, "ACS version incompatible with CPE";
}

/// Looks a code up in both tables.
pub fn lookup(code: u32) -> Option<&'static FaultInfo> {
    CPE_FAULTS.iter().chain(ACS_FAULTS).find(|f| f.code == code)
}

/// The SOAP `faultcode` for a fault code: the table's Type, and `Server` for vendor and
/// unknown codes (their tables give no Type).
pub fn source_of(code: u32) -> FaultSource {
    lookup(code).map_or(FaultSource::Server, |f| f.source)
}

/// One entry of `SetParameterValuesFault` (3.5): the parameter in error and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetParameterValuesFault {
    pub parameter_name: String,
    pub fault_code: u32,
    pub fault_string: String,
}

/// A SOAP Fault carrying a `cwmp:Fault` (3.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapFault {
    /// The SOAP `faultcode`, without any prefix.
    pub source: FaultSource,
    pub code: u32,
    pub message: String,
    /// Only in answer to SetParameterValues.
    pub set_parameter_values_faults: Vec<SetParameterValuesFault>,
}

impl SoapFault {
    /// A fault with the table's source and the given message.
    pub fn new(code: u32, message: impl Into<String>) -> Self {
        SoapFault {
            source: source_of(code),
            code,
            message: message.into(),
            set_parameter_values_faults: Vec::new(),
        }
    }

    /// A fault with the table's own description as its message.
    pub fn acs(code: AcsFaultCode) -> Self {
        Self::new(code.code(), code.info().description)
    }

    /// A fault with the table's own description as its message.
    pub fn cpe(code: CpeFaultCode) -> Self {
        Self::new(code.code(), code.info().description)
    }

    pub(crate) fn decode(el: &Element<'_>) -> Result<Self, DecodeError> {
        let detail = el
            .child("detail")
            .ok_or_else(|| DecodeError::invalid("SOAP Fault without <detail>"))?;
        let fault = detail
            .children
            .iter()
            .find(|c| c.name == "Fault" && matches!(c.ns, Ns::Cwmp(_) | Ns::Other))
            .ok_or_else(|| DecodeError::invalid("SOAP Fault without cwmp:Fault"))?;
        let code: u32 = field(fault, "FaultCode")?;
        let message: Option<String> = field(fault, "FaultString")?;
        let set_parameter_values_faults = fault
            .children_named("SetParameterValuesFault")
            .map(SetParameterValuesFault::from_xml)
            .collect::<Result<Vec<_>, _>>()?;
        // "Client"/"Server", unqualified or with the envelope prefix (3.5); anything else,
        // or none, is read from the code's table row.
        let source = match el.child("faultcode").map(|c| {
            let t = trimmed(c);
            t.rsplit(':').next().unwrap_or(t)
        }) {
            Some("Client") => FaultSource::Client,
            Some("Server") => FaultSource::Server,
            _ => source_of(code),
        };
        Ok(SoapFault {
            source,
            code,
            message: message.unwrap_or_default(),
            set_parameter_values_faults,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter) {
        w.open("soap-env:Fault");
        w.leaf("faultcode", self.source.as_str());
        w.leaf("faultstring", "CWMP fault");
        w.open("detail");
        w.open("cwmp:Fault");
        self.code.write_xml("FaultCode", w);
        w.leaf("FaultString", &self.message);
        for entry in &self.set_parameter_values_faults {
            w.open("SetParameterValuesFault");
            w.leaf("ParameterName", &entry.parameter_name);
            entry.fault_code.write_xml("FaultCode", w);
            w.leaf("FaultString", &entry.fault_string);
            w.close("SetParameterValuesFault");
        }
        w.close("cwmp:Fault");
        w.close("detail");
        w.close("soap-env:Fault");
    }
}

impl FromXml for SetParameterValuesFault {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(SetParameterValuesFault {
            parameter_name: field(el, "ParameterName")?,
            fault_code: field(el, "FaultCode")?,
            fault_string: field::<Option<String>>(el, "FaultString")?.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of Tables 87 and 88, checked against the specification's text: code,
    /// description and Type exactly as printed, nothing missing, nothing extra.
    #[test]
    fn tables_match_the_spec_row_by_row() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/spec/TR-069-Amendment-5-CWMP-1.4.txt"
        );
        let spec = std::fs::read_to_string(path)
            .expect("the spec texts beside the repository (../shared)");
        let start = spec
            .rfind("\nA.5.1 CPE Fault Codes")
            .expect("A.5.1 in the spec");
        let end = spec
            .rfind("\nA.6 RPC Method XML Schema")
            .expect("A.6 in the spec");
        let spec_rows: Vec<&str> = spec[start..end]
            .lines()
            .filter(|l| {
                l.len() > 5
                    && l.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                    && l.as_bytes()[4] == b'\t'
            })
            .collect();
        let ours: Vec<String> = CPE_FAULTS
            .iter()
            .chain(ACS_FAULTS)
            .map(|f| format!("{}\t{}\t{}", f.code, f.description, f.source.as_str()))
            .collect();
        assert_eq!(ours, spec_rows);
        assert!(spec[start..end].contains("9800 – 9899\tVendor defined fault codes"));
        assert!(spec[start..end].contains("8800 – 8899\tVendor defined fault codes"));
        assert_eq!(CpeFaultCode::VENDOR_RANGE, 9800..=9899);
        assert_eq!(AcsFaultCode::VENDOR_RANGE, 8800..=8899);
    }

    #[test]
    fn codes_round_trip_through_the_enums() {
        for row in CPE_FAULTS {
            let code = CpeFaultCode::from_code(row.code).unwrap();
            assert_eq!((code.code(), code.info()), (row.code, row));
        }
        for row in ACS_FAULTS {
            let code = AcsFaultCode::from_code(row.code).unwrap();
            assert_eq!((code.code(), code.info()), (row.code, row));
        }
        assert_eq!(source_of(9003), FaultSource::Client);
        assert_eq!(source_of(9850), FaultSource::Server);
        assert_eq!(CpeFaultCode::from_code(9033), None);
    }
}
