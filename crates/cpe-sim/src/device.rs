//! One simulated CPE: its data model and what it remembers between sessions, and how it
//! answers each RPC an ACS can send (TR-069 A.3.2, A.4.1).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use cwmp::rpc::*;
use cwmp::{CpeFaultCode, DateTime, Message, SoapFault};

use crate::behaviour::Behaviour;
use crate::model::DataModel;

/// Work a device does after the session that asked for it ends (TR-069 3.7.2: a CPE
/// reboots, transfers files and changes deployment units outside the session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deferred {
    Reboot {
        command_key: String,
    },
    FactoryReset,
    Transfer(Transfer),
    ScheduleInform {
        delay: Duration,
        command_key: String,
    },
    ChangeDuState {
        command_key: String,
        operations: Vec<DuOperation>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub command_key: String,
    pub is_download: bool,
    pub file_type: String,
    pub url: String,
    pub delay: Duration,
    /// Set once the transfer began; CancelTransfer is refused from then on.
    pub started: bool,
}

/// Parameters every TR-181 Inform carries (TR-181 Device:2 forced inform parameters).
pub const INFORM_PARAMETERS: &[&str] = &[
    "Device.RootDataModelVersion",
    "Device.DeviceInfo.HardwareVersion",
    "Device.DeviceInfo.SoftwareVersion",
    "Device.DeviceInfo.ProvisioningCode",
    "Device.ManagementServer.ParameterKey",
    "Device.ManagementServer.ConnectionRequestURL",
];

/// The RPCs this CPE supports, for GetRPCMethods.
pub const CPE_METHODS: &[&str] = &[
    "GetRPCMethods",
    "SetParameterValues",
    "GetParameterValues",
    "GetParameterNames",
    "SetParameterAttributes",
    "GetParameterAttributes",
    "AddObject",
    "DeleteObject",
    "Reboot",
    "Download",
    "Upload",
    "FactoryReset",
    "GetQueuedTransfers",
    "GetAllQueuedTransfers",
    "ScheduleInform",
    "ScheduleDownload",
    "CancelTransfer",
    "ChangeDUState",
];

#[derive(Debug, Clone)]
pub struct DeviceState {
    pub serial: String,
    pub model: DataModel,
    /// The model as shipped, for FactoryReset.
    pub factory: Arc<DataModel>,
    pub behaviour: Arc<Behaviour>,
    pub bootstrapped: bool,
    /// Events for the next Inform; kept until an Inform carrying them succeeds (3.7.1.5).
    pub pending_events: Vec<EventStruct>,
    /// TransferComplete / DUStateChangeComplete to deliver, kept until the ACS answers.
    pub pending_requests: VecDeque<Message>,
    /// Work to do once the current session ends.
    pub deferred: Vec<Deferred>,
    /// Transfers accepted and not finished (for CancelTransfer and GetQueuedTransfers).
    pub transfers: Vec<Transfer>,
    pub boots: u32,
    pub sessions_ok: u64,
    pub sessions_failed: u64,
    pub last_error: Option<String>,
}

fn cpe_fault(code: u32, detail: impl std::fmt::Display) -> SoapFault {
    let base = cwmp::fault::lookup(code)
        .map(|f| f.description)
        .unwrap_or("Vendor fault");
    SoapFault::new(code, format!("{base}: {detail}"))
}

fn now() -> DateTime {
    DateTime::new(format_utc(std::time::SystemTime::now()))
}

/// RFC 3339 UTC without a date library: days from the civil calendar algorithm.
fn format_utc(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

impl DeviceState {
    pub fn new(serial: String, factory: Arc<DataModel>, behaviour: Arc<Behaviour>) -> Self {
        let mut model = (*factory).clone();
        model.set_internal("Device.DeviceInfo.SerialNumber", &serial);
        DeviceState {
            serial,
            model,
            factory,
            behaviour,
            bootstrapped: false,
            pending_events: Vec::new(),
            pending_requests: VecDeque::new(),
            deferred: Vec::new(),
            transfers: Vec::new(),
            boots: 0,
            sessions_ok: 0,
            sessions_failed: 0,
            last_error: None,
        }
    }

    pub fn add_event(&mut self, code: &str, command_key: &str) {
        let exists = self
            .pending_events
            .iter()
            .any(|e| e.event_code == code && e.command_key == command_key);
        // Single events appear once per Inform; M-events once per CommandKey (3.7.1.5).
        if !exists {
            self.pending_events.push(EventStruct {
                event_code: code.to_owned(),
                command_key: command_key.to_owned(),
            });
        }
    }

    pub fn device_id(&self) -> DeviceId {
        let value = |name: &str| self.model.value(name).unwrap_or("").to_owned();
        DeviceId {
            manufacturer: value("Device.DeviceInfo.Manufacturer"),
            oui: value("Device.DeviceInfo.ManufacturerOUI"),
            product_class: value("Device.DeviceInfo.ProductClass"),
            serial_number: self.serial.clone(),
        }
    }

    /// The Inform for the next session (events already gathered in `pending_events`).
    pub fn inform(&mut self, retry_count: u32) -> Inform {
        if !self.bootstrapped {
            self.add_event("0 BOOTSTRAP", "");
        }
        let names: Vec<String> = INFORM_PARAMETERS
            .iter()
            .filter(|n| self.model.value(n).is_some())
            .map(|n| n.to_string())
            .collect();
        let mut parameter_list = self.model.get_values(&names).unwrap_or_default();
        for changed in self.model.take_changes() {
            if !parameter_list.iter().any(|p| p.name == changed.name) {
                parameter_list.push(changed);
            }
        }
        Inform {
            device_id: self.device_id(),
            event: self.pending_events.clone(),
            max_envelopes: 1,
            current_time: now(),
            retry_count,
            parameter_list,
        }
    }

    fn parameter_fault(&self, names: &[&str]) -> Option<(String, u32)> {
        names.iter().find_map(|name| {
            self.behaviour
                .parameters
                .iter()
                .find(|(p, _)| {
                    p.as_str() == *name
                        || (name.ends_with('.') && p.starts_with(name))
                        || name.is_empty()
                })
                .map(|(p, code)| (p.clone(), *code))
        })
    }

    fn set_parameter_key(&mut self, key: &str) {
        self.model
            .set_internal("Device.ManagementServer.ParameterKey", key);
    }

    /// Answers one ACS request: its response, or the CPE fault to send instead.
    pub fn answer(&mut self, request: Message) -> Result<Message, SoapFault> {
        if let Some(code) = self.behaviour.method_fault(request.method_name()) {
            return Err(cpe_fault(code, "configured in the simulator"));
        }
        Ok(match request {
            Message::GetRpcMethods(_) => Message::GetRpcMethodsResponse(GetRpcMethodsResponse {
                method_list: CPE_METHODS.iter().map(|m| m.to_string()).collect(),
            }),
            Message::GetParameterValues(m) => {
                let names: Vec<&str> = m.parameter_names.iter().map(String::as_str).collect();
                if let Some((name, code)) = self.parameter_fault(&names) {
                    return Err(cpe_fault(code, name));
                }
                Message::GetParameterValuesResponse(GetParameterValuesResponse {
                    parameter_list: self.model.get_values(&m.parameter_names)?,
                })
            }
            Message::SetParameterValues(m) => {
                let faults: Vec<cwmp::fault::SetParameterValuesFault> = m
                    .parameter_list
                    .iter()
                    .filter_map(|p| {
                        self.behaviour.parameters.get(&p.name).map(|code| {
                            cwmp::fault::SetParameterValuesFault {
                                parameter_name: p.name.clone(),
                                fault_code: *code,
                                fault_string: cpe_fault(*code, "configured in the simulator")
                                    .message,
                            }
                        })
                    })
                    .collect();
                if !faults.is_empty() {
                    let mut fault = SoapFault::cpe(CpeFaultCode::InvalidArguments);
                    fault.set_parameter_values_faults = faults;
                    return Err(fault);
                }
                let status = self.model.set_values(&m.parameter_list)?;
                self.set_parameter_key(&m.parameter_key);
                Message::SetParameterValuesResponse(SetParameterValuesResponse {
                    status: status as i32,
                })
            }
            Message::GetParameterNames(m) => {
                Message::GetParameterNamesResponse(GetParameterNamesResponse {
                    parameter_list: self.model.get_names(&m.parameter_path, m.next_level)?,
                })
            }
            Message::GetParameterAttributes(m) => {
                Message::GetParameterAttributesResponse(GetParameterAttributesResponse {
                    parameter_list: self.model.get_attributes(&m.parameter_names)?,
                })
            }
            Message::SetParameterAttributes(m) => {
                self.model.set_attributes(&m.parameter_list)?;
                Message::SetParameterAttributesResponse(SetParameterAttributesResponse {})
            }
            Message::AddObject(m) => {
                let instance_number = self.model.add_object(&m.object_name)?;
                self.set_parameter_key(&m.parameter_key);
                Message::AddObjectResponse(AddObjectResponse {
                    instance_number,
                    status: 0,
                })
            }
            Message::DeleteObject(m) => {
                self.model.delete_object(&m.object_name)?;
                self.set_parameter_key(&m.parameter_key);
                Message::DeleteObjectResponse(DeleteObjectResponse { status: 0 })
            }
            Message::Reboot(m) => {
                self.deferred.push(Deferred::Reboot {
                    command_key: m.command_key,
                });
                Message::RebootResponse(RebootResponse {})
            }
            Message::FactoryReset(_) => {
                self.deferred.push(Deferred::FactoryReset);
                Message::FactoryResetResponse(FactoryResetResponse {})
            }
            Message::Download(m) => {
                self.accept_transfer(&m.command_key, true, &m.file_type, &m.url, m.delay_seconds)?;
                Message::DownloadResponse(DownloadResponse {
                    status: 1,
                    start_time: DateTime::unknown(),
                    complete_time: DateTime::unknown(),
                })
            }
            Message::ScheduleDownload(m) => {
                let start = m
                    .time_window_list
                    .first()
                    .map(|w| w.window_start)
                    .unwrap_or(0);
                self.accept_transfer(&m.command_key, true, &m.file_type, &m.url, start)?;
                Message::ScheduleDownloadResponse(ScheduleDownloadResponse {})
            }
            Message::Upload(m) => {
                self.accept_transfer(&m.command_key, false, &m.file_type, &m.url, m.delay_seconds)?;
                Message::UploadResponse(UploadResponse {
                    status: 1,
                    start_time: DateTime::unknown(),
                    complete_time: DateTime::unknown(),
                })
            }
            Message::CancelTransfer(m) => {
                let position = self
                    .transfers
                    .iter()
                    .position(|t| t.command_key == m.command_key && !t.started);
                match position {
                    Some(index) => {
                        self.transfers.remove(index);
                        self.deferred.retain(|d| !matches!(d, Deferred::Transfer(t) if t.command_key == m.command_key));
                        Message::CancelTransferResponse(CancelTransferResponse {})
                    }
                    None => {
                        return Err(cpe_fault(
                            9021,
                            format!(
                                "no transfer with CommandKey {:?} can be cancelled",
                                m.command_key
                            ),
                        ));
                    }
                }
            }
            Message::ScheduleInform(m) => {
                if m.delay_seconds == 0 {
                    return Err(cpe_fault(9003, "DelaySeconds must be greater than zero"));
                }
                self.deferred.push(Deferred::ScheduleInform {
                    delay: Duration::from_secs(m.delay_seconds.into()),
                    command_key: m.command_key,
                });
                Message::ScheduleInformResponse(ScheduleInformResponse {})
            }
            Message::ChangeDuState(m) => {
                self.deferred.push(Deferred::ChangeDuState {
                    command_key: m.command_key.unwrap_or_default(),
                    operations: m.operations,
                });
                Message::ChangeDuStateResponse(ChangeDuStateResponse {})
            }
            Message::GetQueuedTransfers(_) => {
                Message::GetQueuedTransfersResponse(GetQueuedTransfersResponse {
                    transfer_list: self
                        .transfers
                        .iter()
                        .map(|t| QueuedTransfer {
                            command_key: t.command_key.clone(),
                            state: if t.started { 2 } else { 1 },
                        })
                        .collect(),
                })
            }
            Message::GetAllQueuedTransfers(_) => {
                Message::GetAllQueuedTransfersResponse(GetAllQueuedTransfersResponse {
                    transfer_list: self
                        .transfers
                        .iter()
                        .map(|t| AllQueuedTransfer {
                            command_key: t.command_key.clone(),
                            state: if t.started { 2 } else { 1 },
                            is_download: t.is_download,
                            file_type: t.file_type.clone(),
                            file_size: 0,
                            target_file_name: String::new(),
                        })
                        .collect(),
                })
            }
            Message::GetOptions(_) => Message::GetOptionsResponse(GetOptionsResponse {
                option_list: Vec::new(),
            }),
            Message::SetVouchers(_) => Message::SetVouchersResponse(SetVouchersResponse {}),
            other => {
                return Err(cpe_fault(9000, other.method_name()));
            }
        })
    }

    fn accept_transfer(
        &mut self,
        command_key: &str,
        is_download: bool,
        file_type: &str,
        url: &str,
        delay_seconds: u32,
    ) -> Result<(), SoapFault> {
        if url.is_empty() {
            return Err(cpe_fault(9003, "URL is empty"));
        }
        if !(file_type.starts_with(|c: char| c.is_ascii_digit()) || file_type.starts_with('X')) {
            return Err(cpe_fault(9003, format!("unknown FileType {file_type:?}")));
        }
        let transfer = Transfer {
            command_key: command_key.to_owned(),
            is_download,
            file_type: file_type.to_owned(),
            url: url.to_owned(),
            delay: Duration::from_secs(delay_seconds.into()),
            started: false,
        };
        self.transfers.push(transfer.clone());
        self.deferred.push(Deferred::Transfer(transfer));
        Ok(())
    }

    /// Carries out a reboot: the model keeps its values, uptime starts again, and the next
    /// Inform says BOOT and M Reboot.
    pub fn reboot(&mut self, command_key: Option<&str>) {
        self.boots += 1;
        self.model.set_internal("Device.DeviceInfo.UpTime", "0");
        self.add_event("1 BOOT", "");
        if let Some(key) = command_key {
            self.add_event("M Reboot", key);
        }
    }

    /// Carries out a factory reset: the shipped model, a new bootstrap.
    pub fn factory_reset(&mut self) {
        let url = self
            .model
            .value("Device.ManagementServer.URL")
            .map(str::to_owned);
        let cr_url = self
            .model
            .value("Device.ManagementServer.ConnectionRequestURL")
            .map(str::to_owned);
        self.model = (*self.factory).clone();
        self.model
            .set_internal("Device.DeviceInfo.SerialNumber", &self.serial.clone());
        for (name, value) in [
            ("Device.ManagementServer.URL", url),
            ("Device.ManagementServer.ConnectionRequestURL", cr_url),
        ] {
            if let Some(value) = value {
                self.model.set_internal(name, &value);
            }
        }
        self.bootstrapped = false;
        self.transfers.clear();
        self.pending_requests.clear();
        self.pending_events.clear();
        self.boots += 1;
        self.add_event("0 BOOTSTRAP", "");
        self.add_event("1 BOOT", "");
    }

    /// Finishes a transfer: a TransferComplete to deliver, the events that announce it, and
    /// for a firmware image the new version and a reboot into it.
    pub fn complete_transfer(&mut self, transfer: &Transfer) {
        let started = now();
        self.transfers
            .retain(|t| t.command_key != transfer.command_key);
        let fault = match self.behaviour.transfer_fault {
            Some(code) => FaultStruct {
                fault_code: code,
                fault_string: cpe_fault(code, &transfer.url).message,
            },
            None => FaultStruct::default(),
        };
        let firmware = transfer.is_download && transfer.file_type.starts_with("1 ");
        if firmware && fault.fault_code == 0 {
            let version = transfer
                .url
                .rsplit('/')
                .next()
                .filter(|name| !name.is_empty())
                .unwrap_or("new-image")
                .to_owned();
            self.model
                .set_internal("Device.DeviceInfo.SoftwareVersion", &version);
            self.reboot(None);
        }
        self.add_event("7 TRANSFER COMPLETE", "");
        let m_event = if transfer.is_download {
            "M Download"
        } else {
            "M Upload"
        };
        self.add_event(m_event, &transfer.command_key);
        self.pending_requests
            .push_back(Message::TransferComplete(TransferComplete {
                command_key: transfer.command_key.clone(),
                fault_struct: fault,
                start_time: started,
                complete_time: now(),
            }));
    }

    pub fn complete_du_change(&mut self, command_key: &str, operations: &[DuOperation]) {
        let fault = match self.behaviour.du_fault {
            Some(code) => FaultStruct {
                fault_code: code,
                fault_string: cpe_fault(code, "configured in the simulator").message,
            },
            None => FaultStruct::default(),
        };
        let results = operations
            .iter()
            .enumerate()
            .map(|(n, op)| {
                let (uuid, state) = match op {
                    DuOperation::Install(o) => (
                        o.uuid
                            .clone()
                            .unwrap_or_else(|| format!("00000000-0000-5000-8000-{n:012}")),
                        "Installed",
                    ),
                    DuOperation::Update(o) => (o.uuid.clone().unwrap_or_default(), "Installed"),
                    DuOperation::Uninstall(o) => (o.uuid.clone(), "Uninstalled"),
                };
                OpResult {
                    uuid,
                    deployment_unit_ref: String::new(),
                    version: String::new(),
                    current_state: if fault.fault_code == 0 {
                        state.into()
                    } else {
                        "Failed".into()
                    },
                    resolved: fault.fault_code == 0,
                    execution_unit_ref_list: String::new(),
                    start_time: now(),
                    complete_time: now(),
                    fault: fault.clone(),
                }
            })
            .collect();
        self.add_event("11 DU STATE CHANGE COMPLETE", "");
        self.add_event("M ChangeDUState", command_key);
        self.pending_requests
            .push_back(Message::DuStateChangeComplete(DuStateChangeComplete {
                results,
                command_key: Some(command_key.to_owned()),
            }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formatting_matches_known_instants() {
        let at = |secs: u64| format_utc(std::time::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
