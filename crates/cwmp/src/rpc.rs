//! Every RPC of TR-069 Annex A and the structures they carry, as typed values. Field order is
//! the schema's sequence order, which is also the order they are written in.

use crate::de::{FromXml, field};
use crate::dom::Element;
use crate::error::DecodeError;
use crate::ser::{ArrayItem, ToXml, XmlWriter};
pub use crate::value::{DateTime, ParameterValue};

/// Declares a CWMP structure: its fields with their element names, reading and writing.
macro_rules! cwmp_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty = $tag:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $name {
            #[allow(unused_variables)]
            pub(crate) fn read_fields(el: &Element<'_>) -> Result<Self, DecodeError> {
                Ok(Self { $($field: field(el, $tag)?,)* })
            }

            #[allow(unused_variables)]
            pub(crate) fn write_fields(&self, w: &mut XmlWriter) {
                $(ToXml::write_xml(&self.$field, $tag, w);)*
            }
        }

        impl FromXml for $name {
            fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
                Self::read_fields(el)
            }
        }

        impl ToXml for $name {
            fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
                w.open(tag);
                self.write_fields(w);
                w.close(tag);
            }
        }

        #[cfg(test)]
        impl crate::arbitrary::Arb for $name {
            fn arb() -> proptest::strategy::BoxedStrategy<Self> {
                use proptest::strategy::{Just, Strategy};
                (Just(()), $(<$ty as crate::arbitrary::Arb>::arb(),)*)
                    .prop_map(|((), $($field,)*)| Self { $($field,)* })
                    .boxed()
            }
        }
    };
}

/// Makes a structure a member type of SOAP arrays, named as in the schema.
macro_rules! array_item {
    ($ty:ty, $item:literal) => {
        impl ArrayItem for $ty {
            const ITEM: &'static str = $item;
            const ARRAY_TYPE: &'static str = concat!("cwmp:", $item);
        }
    };
}

// ---- Structures -------------------------------------------------------------------------

cwmp_struct! {
    /// DeviceIdStruct (A.3.3.1).
    DeviceId {
        manufacturer: String = "Manufacturer",
        oui: String = "OUI",
        product_class: String = "ProductClass",
        serial_number: String = "SerialNumber",
    }
}

cwmp_struct! {
    /// EventStruct (3.7.1.5, Table 8): an event code such as "1 BOOT" or "M Download".
    EventStruct {
        event_code: String = "EventCode",
        command_key: String = "CommandKey",
    }
}
array_item!(EventStruct, "EventStruct");

cwmp_struct! {
    /// ParameterInfoStruct (A.3.2.3).
    ParameterInfo {
        name: String = "Name",
        writable: bool = "Writable",
    }
}
array_item!(ParameterInfo, "ParameterInfoStruct");

cwmp_struct! {
    /// SetParameterAttributesStruct (A.3.2.4).
    SetParameterAttributesStruct {
        name: String = "Name",
        notification_change: bool = "NotificationChange",
        /// 0 off, 1 passive, 2 active, 3–6 lightweight variants.
        notification: i32 = "Notification",
        access_list_change: bool = "AccessListChange",
        access_list: Vec<String> = "AccessList",
    }
}
array_item!(SetParameterAttributesStruct, "SetParameterAttributesStruct");

cwmp_struct! {
    /// ParameterAttributeStruct (A.3.2.5).
    ParameterAttribute {
        name: String = "Name",
        notification: i32 = "Notification",
        access_list: Vec<String> = "AccessList",
    }
}
array_item!(ParameterAttribute, "ParameterAttributeStruct");

cwmp_struct! {
    /// QueuedTransferStruct (A.4.1.1).
    QueuedTransfer {
        command_key: String = "CommandKey",
        /// 1 not yet started, 2 in progress, 3 completed.
        state: i32 = "State",
    }
}
array_item!(QueuedTransfer, "QueuedTransferStruct");

cwmp_struct! {
    /// AllQueuedTransferStruct (A.4.1.7).
    AllQueuedTransfer {
        command_key: String = "CommandKey",
        state: i32 = "State",
        is_download: bool = "IsDownload",
        file_type: String = "FileType",
        file_size: u32 = "FileSize",
        target_file_name: String = "TargetFileName",
    }
}
array_item!(AllQueuedTransfer, "AllQueuedTransferStruct");

cwmp_struct! {
    /// OptionStruct (A.4.1.4).
    OptionStruct {
        option_name: String = "OptionName",
        voucher_sn: u32 = "VoucherSN",
        state: u32 = "State",
        mode: i32 = "Mode",
        start_date: DateTime = "StartDate",
        expiration_date: Option<DateTime> = "ExpirationDate",
        is_transferable: i32 = "IsTransferable",
    }
}
array_item!(OptionStruct, "OptionStruct");

cwmp_struct! {
    /// TimeWindowStruct (A.4.1.8).
    TimeWindow {
        window_start: u32 = "WindowStart",
        window_end: u32 = "WindowEnd",
        /// "1 At Any Time", "2 Immediately", "3 When Idle", "4 Confirmation Needed".
        window_mode: String = "WindowMode",
        user_message: String = "UserMessage",
        max_retries: i32 = "MaxRetries",
    }
}
array_item!(TimeWindow, "TimeWindowStruct");

cwmp_struct! {
    /// ArgStruct (A.4.2.2).
    Arg {
        name: String = "Name",
        value: String = "Value",
    }
}
array_item!(Arg, "ArgStruct");

/// A signed voucher (Annex C), base64 text, as a member of `VoucherList`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Voucher(pub String);

impl FromXml for Voucher {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        String::from_xml(el).map(Voucher)
    }
}

impl ToXml for Voucher {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.leaf(tag, &self.0);
    }
}

impl ArrayItem for Voucher {
    const ITEM: &'static str = "base64";
    const ARRAY_TYPE: &'static str = "soap-enc:base64";
}

/// TransferCompleteFaultStruct and DeploymentUnitFaultStruct: code 0 means success.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FaultStruct {
    pub fault_code: u32,
    /// Empty on success; DeploymentUnitFaultStruct lets a CPE leave it out.
    pub fault_string: String,
}

impl FromXml for FaultStruct {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(FaultStruct {
            fault_code: field(el, "FaultCode")?,
            fault_string: field::<Option<String>>(el, "FaultString")?.unwrap_or_default(),
        })
    }
}

impl ToXml for FaultStruct {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.open(tag);
        self.fault_code.write_xml("FaultCode", w);
        w.leaf("FaultString", &self.fault_string);
        w.close(tag);
    }
}

cwmp_struct! {
    /// OpResultStruct (A.4.2.3): the outcome of one deployment-unit operation.
    OpResult {
        uuid: String = "UUID",
        deployment_unit_ref: String = "DeploymentUnitRef",
        version: String = "Version",
        /// "Installed", "Uninstalled" or "Failed".
        current_state: String = "CurrentState",
        resolved: bool = "Resolved",
        execution_unit_ref_list: String = "ExecutionUnitRefList",
        start_time: DateTime = "StartTime",
        complete_time: DateTime = "CompleteTime",
        fault: FaultStruct = "Fault",
    }
}
array_item!(OpResult, "OpResultStruct");

/// AutonOpResultStruct (A.4.2.4): an OpResultStruct with the operation the CPE performed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AutonOpResult {
    pub result: OpResult,
    /// "Install", "Update", "Uninstall" or a vendor operation.
    pub operation_performed: String,
}

impl FromXml for AutonOpResult {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(AutonOpResult {
            result: OpResult::read_fields(el)?,
            operation_performed: field(el, "OperationPerformed")?,
        })
    }
}

impl ToXml for AutonOpResult {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.open(tag);
        self.result.write_fields(w);
        w.leaf("OperationPerformed", &self.operation_performed);
        w.close(tag);
    }
}

impl ArrayItem for AutonOpResult {
    const ITEM: &'static str = "AutonOpResultStruct";
    const ARRAY_TYPE: &'static str = "cwmp:AutonOpResultStruct";
}

cwmp_struct! {
    /// InstallOpStruct (A.4.1.10).
    InstallOp {
        url: String = "URL",
        uuid: Option<String> = "UUID",
        username: Option<String> = "Username",
        password: Option<String> = "Password",
        execution_env_ref: Option<String> = "ExecutionEnvRef",
    }
}

cwmp_struct! {
    /// UpdateOpStruct (A.4.1.10).
    UpdateOp {
        uuid: Option<String> = "UUID",
        version: Option<String> = "Version",
        url: Option<String> = "URL",
        username: Option<String> = "Username",
        password: Option<String> = "Password",
    }
}

cwmp_struct! {
    /// UninstallOpStruct (A.4.1.10).
    UninstallOp {
        uuid: String = "UUID",
        version: Option<String> = "Version",
        execution_env_ref: Option<String> = "ExecutionEnvRef",
    }
}

/// One operation of ChangeDUState.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuOperation {
    Install(InstallOp),
    Update(UpdateOp),
    Uninstall(UninstallOp),
}

impl DuOperation {
    fn type_name(&self) -> &'static str {
        match self {
            Self::Install(_) => "InstallOpStruct",
            Self::Update(_) => "UpdateOpStruct",
            Self::Uninstall(_) => "UninstallOpStruct",
        }
    }

    fn read(type_name: &str, el: &Element<'_>) -> Result<Option<Self>, DecodeError> {
        Ok(Some(match type_name {
            "InstallOpStruct" => Self::Install(InstallOp::read_fields(el)?),
            "UpdateOpStruct" => Self::Update(UpdateOp::read_fields(el)?),
            "UninstallOpStruct" => Self::Uninstall(UninstallOp::read_fields(el)?),
            _ => return Ok(None),
        }))
    }
}

// ---- ACS → CPE requests and their responses (A.3.1, A.3.2, A.4.1) -----------------------

cwmp_struct! {
    /// GetRPCMethods (A.3.1.1), sent by either side.
    GetRpcMethods {}
}

cwmp_struct! {
    GetRpcMethodsResponse {
        method_list: Vec<String> = "MethodList",
    }
}

cwmp_struct! {
    /// SetParameterValues (A.3.2.1).
    SetParameterValues {
        parameter_list: Vec<ParameterValue> = "ParameterList",
        parameter_key: String = "ParameterKey",
    }
}

cwmp_struct! {
    SetParameterValuesResponse {
        /// 0 applied, 1 committed but not yet applied.
        status: i32 = "Status",
    }
}

cwmp_struct! {
    /// GetParameterValues (A.3.2.2).
    GetParameterValues {
        parameter_names: Vec<String> = "ParameterNames",
    }
}

cwmp_struct! {
    GetParameterValuesResponse {
        parameter_list: Vec<ParameterValue> = "ParameterList",
    }
}

cwmp_struct! {
    /// GetParameterNames (A.3.2.3).
    GetParameterNames {
        parameter_path: String = "ParameterPath",
        next_level: bool = "NextLevel",
    }
}

cwmp_struct! {
    GetParameterNamesResponse {
        parameter_list: Vec<ParameterInfo> = "ParameterList",
    }
}

cwmp_struct! {
    /// SetParameterAttributes (A.3.2.4).
    SetParameterAttributes {
        parameter_list: Vec<SetParameterAttributesStruct> = "ParameterList",
    }
}

cwmp_struct! {
    SetParameterAttributesResponse {}
}

cwmp_struct! {
    /// GetParameterAttributes (A.3.2.5).
    GetParameterAttributes {
        parameter_names: Vec<String> = "ParameterNames",
    }
}

cwmp_struct! {
    GetParameterAttributesResponse {
        parameter_list: Vec<ParameterAttribute> = "ParameterList",
    }
}

cwmp_struct! {
    /// AddObject (A.3.2.6).
    AddObject {
        object_name: String = "ObjectName",
        parameter_key: String = "ParameterKey",
    }
}

cwmp_struct! {
    AddObjectResponse {
        instance_number: u32 = "InstanceNumber",
        status: i32 = "Status",
    }
}

cwmp_struct! {
    /// DeleteObject (A.3.2.7).
    DeleteObject {
        object_name: String = "ObjectName",
        parameter_key: String = "ParameterKey",
    }
}

cwmp_struct! {
    DeleteObjectResponse {
        status: i32 = "Status",
    }
}

cwmp_struct! {
    /// Download (A.3.2.8).
    Download {
        command_key: String = "CommandKey",
        /// "1 Firmware Upgrade Image", "2 Web Content", "3 Vendor Configuration File", …
        file_type: String = "FileType",
        url: String = "URL",
        username: String = "Username",
        password: String = "Password",
        file_size: u32 = "FileSize",
        target_file_name: String = "TargetFileName",
        delay_seconds: u32 = "DelaySeconds",
        success_url: String = "SuccessURL",
        failure_url: String = "FailureURL",
    }
}

cwmp_struct! {
    DownloadResponse {
        /// 0 completed, 1 not yet completed (a TransferComplete follows).
        status: i32 = "Status",
        start_time: DateTime = "StartTime",
        complete_time: DateTime = "CompleteTime",
    }
}

cwmp_struct! {
    /// Reboot (A.3.2.9).
    Reboot {
        command_key: String = "CommandKey",
    }
}

cwmp_struct! {
    RebootResponse {}
}

cwmp_struct! {
    /// Upload (A.4.1.5).
    Upload {
        command_key: String = "CommandKey",
        file_type: String = "FileType",
        url: String = "URL",
        username: String = "Username",
        password: String = "Password",
        delay_seconds: u32 = "DelaySeconds",
    }
}

cwmp_struct! {
    UploadResponse {
        status: i32 = "Status",
        start_time: DateTime = "StartTime",
        complete_time: DateTime = "CompleteTime",
    }
}

cwmp_struct! {
    /// FactoryReset (A.4.1.6).
    FactoryReset {}
}

cwmp_struct! {
    FactoryResetResponse {}
}

cwmp_struct! {
    /// GetQueuedTransfers (A.4.1.1, deprecated).
    GetQueuedTransfers {}
}

cwmp_struct! {
    GetQueuedTransfersResponse {
        transfer_list: Vec<QueuedTransfer> = "TransferList",
    }
}

cwmp_struct! {
    /// GetAllQueuedTransfers (A.4.1.7).
    GetAllQueuedTransfers {}
}

cwmp_struct! {
    GetAllQueuedTransfersResponse {
        transfer_list: Vec<AllQueuedTransfer> = "TransferList",
    }
}

cwmp_struct! {
    /// ScheduleInform (A.4.1.2).
    ScheduleInform {
        delay_seconds: u32 = "DelaySeconds",
        command_key: String = "CommandKey",
    }
}

cwmp_struct! {
    ScheduleInformResponse {}
}

cwmp_struct! {
    /// SetVouchers (A.4.1.3, deprecated).
    SetVouchers {
        voucher_list: Vec<Voucher> = "VoucherList",
    }
}

cwmp_struct! {
    SetVouchersResponse {}
}

cwmp_struct! {
    /// GetOptions (A.4.1.4, deprecated).
    GetOptions {
        option_name: String = "OptionName",
    }
}

cwmp_struct! {
    GetOptionsResponse {
        option_list: Vec<OptionStruct> = "OptionList",
    }
}

cwmp_struct! {
    /// ScheduleDownload (A.4.1.8).
    ScheduleDownload {
        command_key: String = "CommandKey",
        file_type: String = "FileType",
        url: String = "URL",
        username: String = "Username",
        password: String = "Password",
        file_size: u32 = "FileSize",
        target_file_name: String = "TargetFileName",
        time_window_list: Vec<TimeWindow> = "TimeWindowList",
    }
}

cwmp_struct! {
    ScheduleDownloadResponse {}
}

cwmp_struct! {
    /// CancelTransfer (A.4.1.9).
    CancelTransfer {
        command_key: String = "CommandKey",
    }
}

cwmp_struct! {
    CancelTransferResponse {}
}

/// ChangeDUState (A.4.1.10).
///
/// The schema makes `Operations` a repeated element whose `xsi:type` names the operation
/// (`<Operations xsi:type="cwmp:InstallOpStruct">`), and that is how it is written. Some
/// implementations send a SOAP array instead (`<Operations>` holding `<InstallOpStruct>`
/// members); both are read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeDuState {
    pub operations: Vec<DuOperation>,
    pub command_key: Option<String>,
}

impl FromXml for ChangeDuState {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        let mut operations = Vec::new();
        for ops in el.children_named("Operations") {
            match ops.xsi_type.as_deref() {
                Some(type_name) => {
                    operations.push(DuOperation::read(type_name, ops)?.ok_or_else(|| {
                        DecodeError::invalid(format!("unknown operation type {type_name:?}"))
                    })?)
                }
                None => {
                    let before = operations.len();
                    for member in &ops.children {
                        let type_name = member.xsi_type.as_deref().unwrap_or(member.name);
                        if let Some(op) = DuOperation::read(type_name, member)? {
                            operations.push(op);
                        }
                    }
                    if operations.len() == before {
                        return Err(DecodeError::invalid("Operations names no operation type"));
                    }
                }
            }
        }
        if operations.is_empty() {
            return Err(DecodeError::invalid("<Operations> is missing"));
        }
        Ok(ChangeDuState {
            operations,
            command_key: field(el, "CommandKey")?,
        })
    }
}

impl ToXml for ChangeDuState {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.open(tag);
        for op in &self.operations {
            w.open_with(
                "Operations",
                "xsi:type",
                format_args!("cwmp:{}", op.type_name()),
            );
            match op {
                DuOperation::Install(o) => o.write_fields(w),
                DuOperation::Update(o) => o.write_fields(w),
                DuOperation::Uninstall(o) => o.write_fields(w),
            }
            w.close("Operations");
        }
        self.command_key.write_xml("CommandKey", w);
        w.close(tag);
    }
}

cwmp_struct! {
    ChangeDuStateResponse {}
}

// ---- CPE → ACS requests and their responses (A.3.3, A.4.2) ------------------------------

cwmp_struct! {
    /// Inform (A.3.3.1).
    Inform {
        device_id: DeviceId = "DeviceId",
        event: Vec<EventStruct> = "Event",
        max_envelopes: u32 = "MaxEnvelopes",
        current_time: DateTime = "CurrentTime",
        retry_count: u32 = "RetryCount",
        parameter_list: Vec<ParameterValue> = "ParameterList",
    }
}

cwmp_struct! {
    InformResponse {
        max_envelopes: u32 = "MaxEnvelopes",
    }
}

cwmp_struct! {
    /// TransferComplete (A.3.3.2).
    TransferComplete {
        command_key: String = "CommandKey",
        fault_struct: FaultStruct = "FaultStruct",
        start_time: DateTime = "StartTime",
        complete_time: DateTime = "CompleteTime",
    }
}

cwmp_struct! {
    TransferCompleteResponse {}
}

cwmp_struct! {
    /// AutonomousTransferComplete (A.3.3.3).
    AutonomousTransferComplete {
        announce_url: String = "AnnounceURL",
        transfer_url: String = "TransferURL",
        is_download: bool = "IsDownload",
        file_type: String = "FileType",
        file_size: u32 = "FileSize",
        target_file_name: String = "TargetFileName",
        fault_struct: FaultStruct = "FaultStruct",
        start_time: DateTime = "StartTime",
        complete_time: DateTime = "CompleteTime",
    }
}

cwmp_struct! {
    AutonomousTransferCompleteResponse {}
}

cwmp_struct! {
    /// RequestDownload (A.4.2.2).
    RequestDownload {
        file_type: String = "FileType",
        file_type_arg: Vec<Arg> = "FileTypeArg",
    }
}

cwmp_struct! {
    RequestDownloadResponse {}
}

cwmp_struct! {
    /// Kicked (A.4.2.1).
    Kicked {
        command: String = "Command",
        referer: String = "Referer",
        arg: String = "Arg",
        next: String = "Next",
    }
}

cwmp_struct! {
    KickedResponse {
        next_url: String = "NextURL",
    }
}

/// Reads `Results` written either as the schema's repeated elements or as one SOAP array.
fn read_results<T: FromXml>(el: &Element<'_>) -> Result<Vec<T>, DecodeError> {
    let mut results = Vec::new();
    for entry in el.children_named("Results") {
        if entry.child("UUID").is_some() {
            results.push(T::from_xml(entry)?);
        } else {
            for member in &entry.children {
                results.push(T::from_xml(member)?);
            }
        }
    }
    if results.is_empty() {
        return Err(DecodeError::invalid("<Results> is missing"));
    }
    Ok(results)
}

/// DUStateChangeComplete (A.4.2.3). `Results` is a repeated element as in the schema; the
/// array form some CPEs send is read too.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DuStateChangeComplete {
    pub results: Vec<OpResult>,
    pub command_key: Option<String>,
}

impl FromXml for DuStateChangeComplete {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(DuStateChangeComplete {
            results: read_results(el)?,
            command_key: field(el, "CommandKey")?,
        })
    }
}

impl ToXml for DuStateChangeComplete {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.open(tag);
        for result in &self.results {
            result.write_xml("Results", w);
        }
        self.command_key.write_xml("CommandKey", w);
        w.close(tag);
    }
}

cwmp_struct! {
    DuStateChangeCompleteResponse {}
}

/// AutonomousDUStateChangeComplete (A.4.2.4).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AutonomousDuStateChangeComplete {
    pub results: Vec<AutonOpResult>,
}

impl FromXml for AutonomousDuStateChangeComplete {
    fn from_xml(el: &Element<'_>) -> Result<Self, DecodeError> {
        Ok(AutonomousDuStateChangeComplete {
            results: read_results(el)?,
        })
    }
}

impl ToXml for AutonomousDuStateChangeComplete {
    fn write_xml(&self, tag: &str, w: &mut XmlWriter) {
        w.open(tag);
        for result in &self.results {
            result.write_xml("Results", w);
        }
        w.close(tag);
    }
}

cwmp_struct! {
    AutonomousDuStateChangeCompleteResponse {}
}
