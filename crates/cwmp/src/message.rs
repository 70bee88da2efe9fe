//! The body of an envelope: one RPC request, one response, or a fault.

use crate::de::FromXml;
use crate::dom::Element;
use crate::error::DecodeError;
use crate::fault::SoapFault;
use crate::rpc::*;
use crate::ser::{ToXml, XmlWriter};

macro_rules! messages {
    ($($(#[$meta:meta])* $variant:ident = $name:literal,)*) => {
        /// Every message of TR-069 Annex A, named as on the wire by [`Message::method_name`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Message {
            $($(#[$meta])* $variant($variant),)*
            /// A SOAP Fault carrying a `cwmp:Fault`.
            Fault(SoapFault),
        }

        impl Message {
            /// The body element's name ("Inform", "GetParameterValuesResponse", …), or
            /// "Fault".
            pub fn method_name(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => $name,)*
                    Self::Fault(_) => "Fault",
                }
            }

            /// Every method name this codec reads and writes, faults aside.
            pub const METHOD_NAMES: &'static [&'static str] = &[$($name,)*];

            pub(crate) fn decode_rpc(el: &Element<'_>) -> Result<Self, DecodeError> {
                let message = match el.name {
                    $($name => $variant::from_xml(el).map(Self::$variant),)*
                    other => return Err(DecodeError::UnknownMethod(other.to_owned())),
                };
                message.map_err(|e| e.in_method(el.name))
            }

            pub(crate) fn encode(&self, w: &mut XmlWriter) {
                match self {
                    $(Self::$variant(m) => m.write_xml(concat!("cwmp:", $name), w),)*
                    Self::Fault(f) => f.encode(w),
                }
            }
        }

        #[cfg(test)]
        impl crate::arbitrary::Arb for Message {
            fn arb() -> proptest::strategy::BoxedStrategy<Self> {
                use proptest::strategy::Strategy;
                proptest::strategy::Union::new(vec![
                    $(<$variant as crate::arbitrary::Arb>::arb().prop_map(Self::$variant).boxed(),)*
                    <SoapFault as crate::arbitrary::Arb>::arb().prop_map(Self::Fault).boxed(),
                ])
                .boxed()
            }
        }

        $(impl From<$variant> for Message {
            fn from(m: $variant) -> Self {
                Self::$variant(m)
            }
        })*
    };
}

messages! {
    GetRpcMethods = "GetRPCMethods",
    GetRpcMethodsResponse = "GetRPCMethodsResponse",
    SetParameterValues = "SetParameterValues",
    SetParameterValuesResponse = "SetParameterValuesResponse",
    GetParameterValues = "GetParameterValues",
    GetParameterValuesResponse = "GetParameterValuesResponse",
    GetParameterNames = "GetParameterNames",
    GetParameterNamesResponse = "GetParameterNamesResponse",
    SetParameterAttributes = "SetParameterAttributes",
    SetParameterAttributesResponse = "SetParameterAttributesResponse",
    GetParameterAttributes = "GetParameterAttributes",
    GetParameterAttributesResponse = "GetParameterAttributesResponse",
    AddObject = "AddObject",
    AddObjectResponse = "AddObjectResponse",
    DeleteObject = "DeleteObject",
    DeleteObjectResponse = "DeleteObjectResponse",
    Download = "Download",
    DownloadResponse = "DownloadResponse",
    Reboot = "Reboot",
    RebootResponse = "RebootResponse",
    Upload = "Upload",
    UploadResponse = "UploadResponse",
    FactoryReset = "FactoryReset",
    FactoryResetResponse = "FactoryResetResponse",
    GetQueuedTransfers = "GetQueuedTransfers",
    GetQueuedTransfersResponse = "GetQueuedTransfersResponse",
    GetAllQueuedTransfers = "GetAllQueuedTransfers",
    GetAllQueuedTransfersResponse = "GetAllQueuedTransfersResponse",
    ScheduleInform = "ScheduleInform",
    ScheduleInformResponse = "ScheduleInformResponse",
    SetVouchers = "SetVouchers",
    SetVouchersResponse = "SetVouchersResponse",
    GetOptions = "GetOptions",
    GetOptionsResponse = "GetOptionsResponse",
    ScheduleDownload = "ScheduleDownload",
    ScheduleDownloadResponse = "ScheduleDownloadResponse",
    CancelTransfer = "CancelTransfer",
    CancelTransferResponse = "CancelTransferResponse",
    ChangeDuState = "ChangeDUState",
    ChangeDuStateResponse = "ChangeDUStateResponse",
    Inform = "Inform",
    InformResponse = "InformResponse",
    TransferComplete = "TransferComplete",
    TransferCompleteResponse = "TransferCompleteResponse",
    AutonomousTransferComplete = "AutonomousTransferComplete",
    AutonomousTransferCompleteResponse = "AutonomousTransferCompleteResponse",
    RequestDownload = "RequestDownload",
    RequestDownloadResponse = "RequestDownloadResponse",
    Kicked = "Kicked",
    KickedResponse = "KickedResponse",
    DuStateChangeComplete = "DUStateChangeComplete",
    DuStateChangeCompleteResponse = "DUStateChangeCompleteResponse",
    AutonomousDuStateChangeComplete = "AutonomousDUStateChangeComplete",
    AutonomousDuStateChangeCompleteResponse = "AutonomousDUStateChangeCompleteResponse",
}

impl Message {
    /// True for a response to a request (`…Response`); such messages and faults must never
    /// be answered with a fault (3.5).
    pub fn is_response(&self) -> bool {
        self.method_name().ends_with("Response")
    }

    pub fn is_fault(&self) -> bool {
        matches!(self, Self::Fault(_))
    }

    /// True for a request (neither a response nor a fault).
    pub fn is_request(&self) -> bool {
        !self.is_response() && !self.is_fault()
    }
}

impl From<SoapFault> for Message {
    fn from(f: SoapFault) -> Self {
        Self::Fault(f)
    }
}
