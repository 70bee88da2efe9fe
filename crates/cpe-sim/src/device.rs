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
/// [`inform_parameter_names`] gives the list for any model.
pub const INFORM_PARAMETERS: &[&str] = &[
    "Device.RootDataModelVersion",
    "Device.DeviceInfo.HardwareVersion",
    "Device.DeviceInfo.SoftwareVersion",
    "Device.DeviceInfo.ProvisioningCode",
    "Device.ManagementServer.ParameterKey",
    "Device.ManagementServer.ConnectionRequestURL",
];

/// The forced inform parameters of the root data models, relative to the root object:
/// TR-181 Device:2 has `RootDataModelVersion`; TR-098 InternetGatewayDevice:1 (and TR-106
/// Device:1) have `DeviceSummary` and `DeviceInfo.SpecVersion`; all have the rest. A model
/// has the ones of its own root data model.
const INFORM_RELATIVE: &[&str] = &[
    "RootDataModelVersion",
    "DeviceSummary",
    "DeviceInfo.SpecVersion",
    "DeviceInfo.HardwareVersion",
    "DeviceInfo.SoftwareVersion",
    "DeviceInfo.ProvisioningCode",
    "ManagementServer.ParameterKey",
    "ManagementServer.ConnectionRequestURL",
];

/// The parameters a device of this model puts in every Inform, under the model's root
/// object ([`DataModel::root`]): for TR-181 (`Device.`) exactly [`INFORM_PARAMETERS`]; for
/// TR-098 (`InternetGatewayDevice.`) `DeviceSummary`, `DeviceInfo.SpecVersion`,
/// `DeviceInfo.HardwareVersion`, `DeviceInfo.SoftwareVersion`,
/// `DeviceInfo.ProvisioningCode`, `ManagementServer.ParameterKey`,
/// `ManagementServer.ConnectionRequestURL` and the `ExternalIPAddress` of the default WAN
/// connection (the one `Layer3Forwarding.DefaultConnectionService` names, else the first
/// WANIPConnection or WANPPPConnection of the model). Names the model lacks are left out.
pub fn inform_parameter_names(model: &DataModel) -> Vec<String> {
    let root = model.root();
    let mut names: Vec<String> = INFORM_RELATIVE
        .iter()
        .map(|rel| format!("{root}{rel}"))
        .filter(|name| model.value(name).is_some())
        .collect();
    if let Some(wan) = wan_address_parameter(model) {
        names.push(wan);
    }
    names
}

/// The `ExternalIPAddress` of a TR-098 model's default WAN connection.
fn wan_address_parameter(model: &DataModel) -> Option<String> {
    let root = model.root();
    let wan_devices = format!("{root}WANDevice.");
    let is_connection_address = |name: &str| {
        name.starts_with(&wan_devices)
            && (name.contains(".WANIPConnection.") || name.contains(".WANPPPConnection."))
            && name.ends_with(".ExternalIPAddress")
    };
    model
        .value(&format!("{root}Layer3Forwarding.DefaultConnectionService"))
        .map(|service| format!("{}.ExternalIPAddress", service.trim_end_matches('.')))
        .filter(|name| is_connection_address(name) && model.value(name).is_some())
        .or_else(|| {
            model
                .get_names(&wan_devices, false)
                .ok()?
                .into_iter()
                .map(|info| info.name)
                .find(|name| is_connection_address(name))
        })
}

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
        let serial_number = format!("{}DeviceInfo.SerialNumber", model.root());
        model.set_internal(&serial_number, &serial);
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

    /// The name of a node below the model's root object (`DeviceInfo.UpTime` →
    /// `Device.DeviceInfo.UpTime` or `InternetGatewayDevice.DeviceInfo.UpTime`).
    pub fn path(&self, relative: &str) -> String {
        format!("{}{relative}", self.model.root())
    }

    pub fn device_id(&self) -> DeviceId {
        let value = |name: &str| self.model.value(&self.path(name)).unwrap_or("").to_owned();
        DeviceId {
            manufacturer: value("DeviceInfo.Manufacturer"),
            oui: value("DeviceInfo.ManufacturerOUI"),
            product_class: value("DeviceInfo.ProductClass"),
            serial_number: self.serial.clone(),
        }
    }

    /// The Inform for the next session (events already gathered in `pending_events`).
    pub fn inform(&mut self, retry_count: u32) -> Inform {
        if !self.bootstrapped {
            self.add_event("0 BOOTSTRAP", "");
        }
        let names = inform_parameter_names(&self.model);
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
        let name = self.path("ManagementServer.ParameterKey");
        self.model.set_internal(&name, key);
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
                let mut faults = faults;
                faults.extend(self.requested_state_faults(&m.parameter_list));
                if !faults.is_empty() {
                    let mut fault = SoapFault::cpe(CpeFaultCode::InvalidArguments);
                    fault.set_parameter_values_faults = faults;
                    return Err(fault);
                }
                let status = self.model.set_values(&m.parameter_list)?;
                for pv in &m.parameter_list {
                    if let Some(eu) = self.requested_state_target(&pv.name) {
                        self.apply_requested_state(&eu, &pv.value);
                    }
                }
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
        let uptime = self.path("DeviceInfo.UpTime");
        self.model.set_internal(&uptime, "0");
        self.add_event("1 BOOT", "");
        if let Some(key) = command_key {
            self.add_event("M Reboot", key);
        }
    }

    /// Carries out a factory reset: the shipped model, a new bootstrap.
    pub fn factory_reset(&mut self) {
        let kept: Vec<(String, Option<String>)> = [
            "ManagementServer.URL",
            "ManagementServer.ConnectionRequestURL",
        ]
        .into_iter()
        .map(|rel| {
            let name = self.path(rel);
            let value = self.model.value(&name).map(str::to_owned);
            (name, value)
        })
        .collect();
        self.model = (*self.factory).clone();
        let serial_number = self.path("DeviceInfo.SerialNumber");
        self.model
            .set_internal(&serial_number, &self.serial.clone());
        for (name, value) in kept {
            if let Some(value) = value {
                self.model.set_internal(&name, &value);
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
    /// when it succeeded (no `transfer=` fault):
    ///
    /// * for a firmware image (FileType `1 Firmware Upgrade Image`) the new version — the
    ///   file name of the URL — in `DeviceInfo.SoftwareVersion` and, on TR-181 models, in the
    ///   `Version` of the active `DeviceInfo.FirmwareImage`, then a reboot into it;
    /// * for a certificate (see [`is_certificate_file_type`]) a `Security.Certificate`
    ///   instance, when the model has that table (see [`DeviceState::install_certificate`]).
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
            let version = match url_file_name(&transfer.url) {
                "" => "new-image",
                name => name,
            }
            .to_owned();
            let software_version = self.path("DeviceInfo.SoftwareVersion");
            self.model.set_internal(&software_version, &version);
            if let Some(image) = self.active_firmware_image() {
                self.model
                    .set_internal(&format!("{image}.Version"), &version);
            }
            self.reboot(None);
        }
        let certificate = transfer.is_download && is_certificate_file_type(&transfer.file_type);
        if certificate && fault.fault_code == 0 {
            self.install_certificate(&transfer.url);
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

    /// Carries out a ChangeDUState (TR-069 A.4.1.10) and queues its DUStateChangeComplete,
    /// one OpResult per operation, applied in order on the model's
    /// `SoftwareModules` tables (TR-181):
    ///
    /// * Install adds a `DeploymentUnit` instance and an `ExecutionUnit` instance for it
    ///   (see [`DeviceState::install_du`]); a UUID already installed is fault 9026, a UUID
    ///   that is not one 9022, an unknown ExecutionEnvRef 9023, a disabled one 9024.
    /// * Update changes the URL and Version of the DU with that UUID (or, without a UUID,
    ///   the DU with that URL); none is fault 9028.
    /// * Uninstall removes the DU with that UUID (and Version and ExecutionEnvRef when
    ///   given) and its execution units; none is fault 9028.
    ///
    /// A failed operation reports CurrentState `Failed` and changes nothing. With a `du=`
    /// rule every operation fails with that code. A model without a
    /// `SoftwareModules.DeploymentUnit` table reports success and changes nothing.
    pub fn complete_du_change(&mut self, command_key: &str, operations: &[DuOperation]) {
        let mut results = Vec::with_capacity(operations.len());
        for op in operations {
            let start_time = now();
            let outcome = match self.behaviour.du_fault {
                Some(code) => Err(DuFailure {
                    uuid: match op {
                        DuOperation::Install(o) => o
                            .uuid
                            .clone()
                            .filter(|u| !u.is_empty())
                            .unwrap_or_else(new_uuid),
                        DuOperation::Update(o) => o.uuid.clone().unwrap_or_default(),
                        DuOperation::Uninstall(o) => o.uuid.clone(),
                    },
                    code,
                    detail: "configured in the simulator".into(),
                }),
                None => self.du_operation(op),
            };
            results.push(match outcome {
                Ok(done) => OpResult {
                    uuid: done.uuid,
                    deployment_unit_ref: done.du_ref,
                    version: done.version,
                    current_state: done.state.into(),
                    resolved: true,
                    execution_unit_ref_list: done.eu_refs,
                    start_time,
                    complete_time: now(),
                    fault: FaultStruct::default(),
                },
                Err(failure) => OpResult {
                    uuid: failure.uuid,
                    deployment_unit_ref: String::new(),
                    version: String::new(),
                    current_state: "Failed".into(),
                    resolved: false,
                    execution_unit_ref_list: String::new(),
                    start_time,
                    complete_time: now(),
                    fault: FaultStruct {
                        fault_code: failure.code,
                        fault_string: cpe_fault(failure.code, failure.detail).message,
                    },
                },
            });
        }
        self.add_event("11 DU STATE CHANGE COMPLETE", "");
        self.add_event("M ChangeDUState", command_key);
        self.pending_requests
            .push_back(Message::DuStateChangeComplete(DuStateChangeComplete {
                results,
                command_key: Some(command_key.to_owned()),
            }));
    }

    fn du_operation(&mut self, op: &DuOperation) -> Result<DuDone, DuFailure> {
        let table = self.path("SoftwareModules.DeploymentUnit.");
        if self.model.get_names(&table, true).is_err() {
            // No software modules in this model: nothing to change.
            return Ok(match op {
                DuOperation::Install(o) => DuDone::bare(
                    o.uuid
                        .clone()
                        .filter(|u| !u.is_empty())
                        .unwrap_or_else(new_uuid),
                    "Installed",
                ),
                DuOperation::Update(o) => {
                    DuDone::bare(o.uuid.clone().unwrap_or_default(), "Installed")
                }
                DuOperation::Uninstall(o) => DuDone::bare(o.uuid.clone(), "Uninstalled"),
            });
        }
        match op {
            DuOperation::Install(o) => self.install_du(o),
            DuOperation::Update(o) => self.update_du(o),
            DuOperation::Uninstall(o) => self.uninstall_du(o),
        }
    }

    /// Installs a deployment unit: a `SoftwareModules.DeploymentUnit.{i}` instance with
    ///
    /// * `UUID` — the operation's, or a new random (version 4) UUID;
    /// * `DUID` `du-<i>` (four digits at least), `Alias` `cpe-du<i>`;
    /// * `Name` — the last path segment of the URL without its extension and without a
    ///   trailing `_<version>` (`http://h/p/speedtest-agent_2.3.1.ipk` → `speedtest-agent`);
    /// * `Version` — that `<version>` (`2.3.1`; a version starts with a digit), else `1.0`;
    /// * `Status` `Installed`, `Resolved` true, `URL`;
    /// * `ExecutionEnvRef` — the operation's (without a trailing dot) or the first
    ///   `SoftwareModules.ExecEnv` instance;
    /// * `ExecutionUnitList` — a new `SoftwareModules.ExecutionUnit.{j}` instance with `EUID`
    ///   `eu-<j>`, `Alias` `cpe-eu<j>`, `Name` and `ExecEnvLabel` the DU's name, `Status` and
    ///   `RequestedState` `Idle`, the DU's `Version` and `ExecutionEnvRef`.
    fn install_du(&mut self, op: &InstallOp) -> Result<DuDone, DuFailure> {
        let uuid = op
            .uuid
            .clone()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(new_uuid);
        let fail = |code: u32, detail: String| DuFailure {
            uuid: uuid.clone(),
            code,
            detail,
        };
        if !is_uuid(&uuid) {
            return Err(fail(9022, format!("{uuid:?} is not a UUID")));
        }
        if !self.find_dus(Some(&uuid), None, None, None).is_empty() {
            return Err(fail(9026, format!("{uuid} is already installed")));
        }
        let environments: Vec<String> = self
            .model
            .instances(&self.path("SoftwareModules.ExecEnv."))
            .into_iter()
            .map(|e| e.trim_end_matches('.').to_owned())
            .collect();
        let requested = op
            .execution_env_ref
            .as_deref()
            .map(|e| e.trim_end_matches('.'))
            .filter(|e| !e.is_empty());
        let env = match requested {
            Some(env) if environments.iter().any(|e| e == env) => env.to_owned(),
            Some(env) => return Err(fail(9023, format!("no execution environment {env}"))),
            None => environments.first().cloned().unwrap_or_default(),
        };
        if !env.is_empty()
            && matches!(
                self.model.value(&format!("{env}.Enable")),
                Some("false" | "0")
            )
        {
            return Err(fail(9024, format!("{env} is disabled")));
        }
        let (name, version) = du_name_and_version(&op.url);
        let version = version.unwrap_or("1.0").to_owned();
        let name = if name.is_empty() {
            "deployment-unit".to_owned()
        } else {
            name.to_owned()
        };
        let du_table = self.path("SoftwareModules.DeploymentUnit.");
        let n = self
            .model
            .add_object_internal(&du_table)
            .map_err(|f| fail(9027, f.message))?;
        let du = format!("{du_table}{n}");
        let eu_table = self.path("SoftwareModules.ExecutionUnit.");
        let eu = match self.model.get_names(&eu_table, true) {
            Ok(_) => {
                let j = self
                    .model
                    .add_object_internal(&eu_table)
                    .map_err(|f| fail(9027, f.message))?;
                let eu = format!("{eu_table}{j}");
                self.set_fields(
                    &eu,
                    &[
                        ("EUID", &format!("eu-{j:04}")),
                        ("Alias", &format!("cpe-eu{j}")),
                        ("Name", &name),
                        ("ExecEnvLabel", &name),
                        ("Status", "Idle"),
                        ("RequestedState", "Idle"),
                        ("Version", &version),
                        ("ExecutionEnvRef", &env),
                    ],
                );
                eu
            }
            Err(_) => String::new(),
        };
        self.set_fields(
            &du,
            &[
                ("UUID", &uuid),
                ("DUID", &format!("du-{n:04}")),
                ("Alias", &format!("cpe-du{n}")),
                ("Name", &name),
                ("Status", "Installed"),
                ("Resolved", "true"),
                ("URL", &op.url),
                ("Version", &version),
                ("ExecutionUnitList", &eu),
                ("ExecutionEnvRef", &env),
            ],
        );
        Ok(DuDone {
            uuid,
            du_ref: du,
            version,
            eu_refs: eu,
            state: "Installed",
        })
    }

    /// Updates a deployment unit: the one with the operation's UUID (and Version, when
    /// given), or without a UUID the one with the operation's URL. Its URL becomes the
    /// operation's (when given) and its Version, and that of its execution units, the
    /// version in the new URL's file name (unchanged when it has none).
    fn update_du(&mut self, op: &UpdateOp) -> Result<DuDone, DuFailure> {
        let uuid = op.uuid.clone().unwrap_or_default();
        let url = op.url.clone().unwrap_or_default();
        let version = op.version.as_deref().filter(|v| !v.is_empty());
        let found = if !uuid.is_empty() {
            self.find_dus(Some(&uuid), None, version, None)
        } else if !url.is_empty() {
            self.find_dus(None, Some(&url), version, None)
        } else {
            Vec::new()
        };
        let Some(du) = found.into_iter().next() else {
            return Err(DuFailure {
                detail: format!("no deployment unit with UUID {uuid:?} and URL {url:?}"),
                uuid,
                code: 9028,
            });
        };
        let field = |model: &DataModel, name: &str| {
            model
                .value(&format!("{du}.{name}"))
                .unwrap_or_default()
                .to_owned()
        };
        let new_url = if url.is_empty() {
            field(&self.model, "URL")
        } else {
            url
        };
        let new_version = du_name_and_version(&new_url)
            .1
            .map(str::to_owned)
            .unwrap_or_else(|| field(&self.model, "Version"));
        self.set_fields(&du, &[("URL", &new_url), ("Version", &new_version)]);
        let eu_refs = field(&self.model, "ExecutionUnitList");
        for eu in split_list(&eu_refs) {
            self.set_fields(&eu, &[("Version", &new_version)]);
        }
        Ok(DuDone {
            uuid: field(&self.model, "UUID"),
            du_ref: du,
            version: new_version,
            eu_refs,
            state: "Installed",
        })
    }

    /// Uninstalls the deployment units with the operation's UUID (and Version and
    /// ExecutionEnvRef, when given) and their execution units.
    fn uninstall_du(&mut self, op: &UninstallOp) -> Result<DuDone, DuFailure> {
        let version = op.version.as_deref().filter(|v| !v.is_empty());
        let env = op
            .execution_env_ref
            .as_deref()
            .map(|e| e.trim_end_matches('.'))
            .filter(|e| !e.is_empty());
        let found = self.find_dus(Some(&op.uuid), None, version, env);
        let Some(first) = found.first().cloned() else {
            return Err(DuFailure {
                uuid: op.uuid.clone(),
                code: 9028,
                detail: format!("no deployment unit with UUID {}", op.uuid),
            });
        };
        let removed_version = self
            .model
            .value(&format!("{first}.Version"))
            .unwrap_or_default()
            .to_owned();
        let eu_table = self.path("SoftwareModules.ExecutionUnit.");
        for du in found {
            let eus = self
                .model
                .value(&format!("{du}.ExecutionUnitList"))
                .unwrap_or_default()
                .to_owned();
            for eu in split_list(&eus) {
                if !eu.starts_with(&eu_table) {
                    continue;
                }
                self.apply_requested_state(&eu, "Idle");
                let _ = self.model.delete_object_internal(&format!("{eu}."));
            }
            let _ = self.model.delete_object_internal(&format!("{du}."));
        }
        Ok(DuDone {
            uuid: op.uuid.clone(),
            du_ref: first,
            version: removed_version,
            eu_refs: String::new(),
            state: "Uninstalled",
        })
    }

    /// The deployment units (paths without the trailing dot) matching every criterion given.
    fn find_dus(
        &self,
        uuid: Option<&str>,
        url: Option<&str>,
        version: Option<&str>,
        env: Option<&str>,
    ) -> Vec<String> {
        self.model
            .instances(&self.path("SoftwareModules.DeploymentUnit."))
            .into_iter()
            .map(|du| du.trim_end_matches('.').to_owned())
            .filter(|du| {
                let field = |name: &str| self.model.value(&format!("{du}.{name}")).unwrap_or("");
                uuid.is_none_or(|u| field("UUID") == u)
                    && url.is_none_or(|u| field("URL") == u)
                    && version.is_none_or(|v| field("Version") == v)
                    && env.is_none_or(|e| field("ExecutionEnvRef").trim_end_matches('.') == e)
            })
            .collect()
    }

    /// Sets parameters of one object (`object` without its trailing dot) as the device.
    fn set_fields(&mut self, object: &str, fields: &[(&str, &str)]) {
        for (name, value) in fields {
            self.model.set_internal(&format!("{object}.{name}"), value);
        }
    }

    /// The execution unit (without the trailing dot) whose RequestedState `name` is.
    fn requested_state_target(&self, name: &str) -> Option<String> {
        let eu_table = self.path("SoftwareModules.ExecutionUnit.");
        let number = name
            .strip_prefix(&eu_table)?
            .strip_suffix(".RequestedState")?;
        (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{eu_table}{number}"))
    }

    /// TR-181 allows only `Idle` and `Active` as an execution unit's RequestedState: 9007
    /// for anything else.
    fn requested_state_faults(
        &self,
        list: &[cwmp::ParameterValue],
    ) -> Vec<cwmp::fault::SetParameterValuesFault> {
        list.iter()
            .filter(|pv| {
                self.requested_state_target(&pv.name).is_some()
                    && self.model.value(&pv.name).is_some()
                    && !matches!(pv.value.as_str(), "Idle" | "Active")
            })
            .map(|pv| cwmp::fault::SetParameterValuesFault {
                parameter_name: pv.name.clone(),
                fault_code: CpeFaultCode::InvalidParameterValue.code(),
                fault_string: format!(
                    "Invalid parameter value: RequestedState is Idle or Active, not {:?}",
                    pv.value
                ),
            })
            .collect()
    }

    /// Moves an execution unit (path without the trailing dot) to `Idle` or `Active` at
    /// once: its Status, and its place in its execution environment's ActiveExecutionUnits.
    fn apply_requested_state(&mut self, eu: &str, state: &str) {
        self.model.set_internal(&format!("{eu}.Status"), state);
        let env = self
            .model
            .value(&format!("{eu}.ExecutionEnvRef"))
            .unwrap_or_default()
            .trim_end_matches('.')
            .to_owned();
        if env.is_empty() {
            return;
        }
        let list_name = format!("{env}.ActiveExecutionUnits");
        let Some(current) = self.model.value(&list_name) else {
            return;
        };
        let mut active: Vec<String> = split_list(current)
            .into_iter()
            .filter(|e| e != eu)
            .collect();
        if state == "Active" {
            active.push(eu.to_owned());
        }
        self.model.set_internal(&list_name, &active.join(","));
    }

    /// The active firmware image (path without the trailing dot) of a TR-181 model: the one
    /// `DeviceInfo.ActiveFirmwareImage` names, else the one whose Status is `Active`.
    fn active_firmware_image(&self) -> Option<String> {
        let named = self
            .model
            .value(&self.path("DeviceInfo.ActiveFirmwareImage"))
            .map(|image| image.trim_end_matches('.').to_owned())
            .filter(|image| self.model.value(&format!("{image}.Version")).is_some());
        named.or_else(|| {
            self.model
                .instances(&self.path("DeviceInfo.FirmwareImage."))
                .into_iter()
                .map(|image| image.trim_end_matches('.').to_owned())
                .find(|image| self.model.value(&format!("{image}.Status")) == Some("Active"))
        })
    }

    /// Installs a downloaded certificate as a `Security.Certificate.{i}` instance, when the
    /// model has that table: `Enable` true, `LastModif` and `NotBefore` now, `NotAfter` a
    /// year later, `SerialNumber` eight colon-separated hex bytes derived from the URL,
    /// `Subject` `CN=<file name without extension>`, `Issuer` `CN=<host of the URL>` (both
    /// `CN=downloaded` when the URL has none), `SignatureAlgorithm`
    /// `sha256WithRSAEncryption`; `X_oneM2M_org_SUIDs` keeps its default (empty). The same
    /// URL downloaded again refreshes the instance it made instead of adding one.
    pub fn install_certificate(&mut self, url: &str) {
        let table = self.path("Security.Certificate.");
        let serial = certificate_serial(url);
        let existing = self
            .model
            .instances(&table)
            .into_iter()
            .map(|c| c.trim_end_matches('.').to_owned())
            .find(|c| self.model.value(&format!("{c}.SerialNumber")) == Some(serial.as_str()));
        let certificate = match existing {
            Some(certificate) => certificate,
            None => match self.model.add_object_internal(&table) {
                Ok(n) => format!("{table}{n}"),
                Err(_) => return,
            },
        };
        let cn = |text: &str| {
            if text.is_empty() {
                "CN=downloaded".to_owned()
            } else {
                format!("CN={text}")
            }
        };
        let subject = cn(du_stem(url_file_name(url)));
        let issuer = cn(&url
            .parse::<http::Uri>()
            .ok()
            .and_then(|u| u.host().map(str::to_owned))
            .unwrap_or_default());
        let now = std::time::SystemTime::now();
        let (not_before, not_after) = (
            format_utc(now),
            format_utc(now + Duration::from_secs(365 * 86_400)),
        );
        self.set_fields(
            &certificate,
            &[
                ("Enable", "true"),
                ("LastModif", &not_before),
                ("SerialNumber", &serial),
                ("Issuer", &issuer),
                ("NotBefore", &not_before),
                ("NotAfter", &not_after),
                ("Subject", &subject),
                ("SignatureAlgorithm", "sha256WithRSAEncryption"),
            ],
        );
    }
}

/// What a successful deployment-unit operation reports in its OpResultStruct.
#[derive(Debug)]
struct DuDone {
    uuid: String,
    du_ref: String,
    version: String,
    eu_refs: String,
    state: &'static str,
}

impl DuDone {
    fn bare(uuid: String, state: &'static str) -> Self {
        DuDone {
            uuid,
            du_ref: String::new(),
            version: String::new(),
            eu_refs: String::new(),
            state,
        }
    }
}

/// A failed deployment-unit operation: its UUID and the fault of its OpResultStruct.
#[derive(Debug)]
struct DuFailure {
    uuid: String,
    code: u32,
    detail: String,
}

/// Whether a Download's FileType is a certificate: vendor-specific (`X <OUI> ...`, TR-069
/// A.3.2.8) with a name ending in ` Certificate`, such as `X 00D09E Certificate`.
pub fn is_certificate_file_type(file_type: &str) -> bool {
    file_type.starts_with("X ") && file_type.ends_with(" Certificate")
}

/// The last path segment of a URL, query and fragment left out (`""` when it ends in `/`).
fn url_file_name(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..end];
    let path = path.split_once("://").map_or(path, |(_, rest)| {
        rest.find('/').map_or("", |slash| &rest[slash..])
    });
    path.rsplit('/').next().unwrap_or("")
}

/// A file name without its extension (`.tar.gz` counts as one).
fn du_stem(file_name: &str) -> &str {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    stem.strip_suffix(".tar").unwrap_or(stem)
}

/// A deployment unit's name and version from its URL: the file name without extension,
/// split at its last `_` when what follows is a version (a digit, then digits, letters and
/// `.-+~`).
fn du_name_and_version(url: &str) -> (&str, Option<&str>) {
    let stem = du_stem(url_file_name(url));
    match stem.rsplit_once('_') {
        Some((name, version))
            if !name.is_empty()
                && version.starts_with(|c: char| c.is_ascii_digit())
                && version
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '~')) =>
        {
            (name, Some(version))
        }
        _ => (stem, None),
    }
}

/// A comma-separated list of paths, blanks and trailing dots removed.
fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(|item| item.trim().trim_end_matches('.'))
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A new random UUID (RFC 4122 version 4).
fn new_uuid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The 8-4-4-4-12 hex form of a UUID.
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Eight colon-separated hex bytes from the URL (64-bit FNV-1a).
fn certificate_serial(url: &str) -> String {
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash.to_be_bytes()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cwmp::ParameterValue;

    const SM: &str = "Device.SoftwareModules.";

    fn device_of(text: &str, rules: &[&str]) -> DeviceState {
        let model = Arc::new(DataModel::parse(text).expect("the model parses"));
        let rules: Vec<String> = rules.iter().map(|r| (*r).to_owned()).collect();
        let behaviour = Arc::new(Behaviour::parse(&rules).expect("rules"));
        DeviceState::new("SIM0000042".into(), model, behaviour)
    }

    fn home(rules: &[&str]) -> DeviceState {
        device_of(crate::HOME_GATEWAY_MODEL, rules)
    }

    /// Carries out what the last session deferred, as the fleet does after the session.
    fn run_deferred(device: &mut DeviceState) {
        for deferred in std::mem::take(&mut device.deferred) {
            match deferred {
                Deferred::ChangeDuState {
                    command_key,
                    operations,
                } => device.complete_du_change(&command_key, &operations),
                Deferred::Transfer(transfer) => device.complete_transfer(&transfer),
                Deferred::Reboot { command_key } => device.reboot(Some(&command_key)),
                Deferred::FactoryReset => device.factory_reset(),
                Deferred::ScheduleInform { .. } => {}
            }
        }
    }

    fn change_du(device: &mut DeviceState, operations: Vec<DuOperation>) -> Vec<OpResult> {
        let answer = device.answer(Message::ChangeDuState(ChangeDuState {
            operations,
            command_key: Some("du-key".into()),
        }));
        assert!(matches!(answer, Ok(Message::ChangeDuStateResponse(_))));
        run_deferred(device);
        match device.pending_requests.pop_back() {
            Some(Message::DuStateChangeComplete(complete)) => {
                assert_eq!(complete.command_key.as_deref(), Some("du-key"));
                complete.results
            }
            other => panic!("expected a DUStateChangeComplete, got {other:?}"),
        }
    }

    fn install(url: &str, uuid: Option<&str>) -> DuOperation {
        DuOperation::Install(InstallOp {
            url: url.into(),
            uuid: uuid.map(str::to_owned),
            ..InstallOp::default()
        })
    }

    fn uninstall(uuid: &str) -> DuOperation {
        DuOperation::Uninstall(UninstallOp {
            uuid: uuid.into(),
            ..UninstallOp::default()
        })
    }

    fn value<'a>(device: &'a DeviceState, name: &str) -> &'a str {
        device
            .model
            .value(name)
            .unwrap_or_else(|| panic!("{name} is not in the model"))
    }

    fn set(device: &mut DeviceState, name: &str, value: &str) -> Result<Message, SoapFault> {
        device.answer(Message::SetParameterValues(SetParameterValues {
            parameter_list: vec![ParameterValue::string(name, value)],
            parameter_key: "spv".into(),
        }))
    }

    fn download(device: &mut DeviceState, file_type: &str, url: &str) -> TransferComplete {
        let answer = device.answer(Message::Download(Download {
            command_key: "dl".into(),
            file_type: file_type.into(),
            url: url.into(),
            ..Download::default()
        }));
        assert!(matches!(answer, Ok(Message::DownloadResponse(_))));
        run_deferred(device);
        match device.pending_requests.pop_back() {
            Some(Message::TransferComplete(complete)) => complete,
            other => panic!("expected a TransferComplete, got {other:?}"),
        }
    }

    const UUID_A: &str = "6ba7b810-9dad-51d1-80b4-00c04fd430c8";

    #[test]
    fn install_adds_a_deployment_unit_and_its_execution_unit() {
        let mut d = home(&[]);
        let results = change_du(
            &mut d,
            vec![install(
                "http://files.example/pkg/m2m-agent_1.4.2.ipk?token=1",
                Some(UUID_A),
            )],
        );
        assert_eq!(results.len(), 1);
        let r = &results[0];
        assert_eq!(r.fault, FaultStruct::default());
        assert_eq!(r.uuid, UUID_A);
        assert_eq!(r.current_state, "Installed");
        assert!(r.resolved);
        assert_eq!(r.deployment_unit_ref, format!("{SM}DeploymentUnit.2"));
        assert_eq!(r.execution_unit_ref_list, format!("{SM}ExecutionUnit.2"));
        assert_eq!(r.version, "1.4.2");

        let du = format!("{SM}DeploymentUnit.2.");
        for (name, expected) in [
            ("UUID", UUID_A),
            ("DUID", "du-0002"),
            ("Alias", "cpe-du2"),
            ("Name", "m2m-agent"),
            ("Status", "Installed"),
            ("Resolved", "true"),
            (
                "URL",
                "http://files.example/pkg/m2m-agent_1.4.2.ipk?token=1",
            ),
            ("Version", "1.4.2"),
            (
                "ExecutionUnitList",
                "Device.SoftwareModules.ExecutionUnit.2",
            ),
            ("ExecutionEnvRef", "Device.SoftwareModules.ExecEnv.1"),
        ] {
            assert_eq!(value(&d, &format!("{du}{name}")), expected, "{name}");
        }
        let eu = format!("{SM}ExecutionUnit.2.");
        for (name, expected) in [
            ("EUID", "eu-0002"),
            ("Name", "m2m-agent"),
            ("ExecEnvLabel", "m2m-agent"),
            ("Status", "Idle"),
            ("RequestedState", "Idle"),
            ("Version", "1.4.2"),
            ("ExecutionEnvRef", "Device.SoftwareModules.ExecEnv.1"),
        ] {
            assert_eq!(value(&d, &format!("{eu}{name}")), expected, "{name}");
        }
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnitNumberOfEntries")),
            "2"
        );
        assert_eq!(value(&d, &format!("{SM}ExecutionUnitNumberOfEntries")), "2");
        // The ACS still cannot add deployment units itself (TR-181: read-only table).
        assert!(
            d.answer(Message::AddObject(AddObject {
                object_name: format!("{SM}DeploymentUnit."),
                parameter_key: String::new(),
            }))
            .is_err()
        );
        assert!(
            d.pending_events
                .iter()
                .any(|e| e.event_code == "M ChangeDUState" && e.command_key == "du-key")
        );
    }

    #[test]
    fn install_without_uuid_or_version_generates_them() {
        let mut d = home(&[]);
        let results = change_du(
            &mut d,
            vec![
                install("http://files.example/app.ipk", None),
                install("http://files.example/app.ipk", None),
            ],
        );
        assert_eq!(results.len(), 2);
        assert!(results.iter().all(|r| r.fault.fault_code == 0));
        assert!(is_uuid(&results[0].uuid), "{}", results[0].uuid);
        assert_eq!(&results[0].uuid[14..15], "4", "a version 4 UUID");
        assert_ne!(results[0].uuid, results[1].uuid);
        assert_eq!(results[0].version, "1.0");
        assert_eq!(value(&d, &format!("{SM}DeploymentUnit.2.Name")), "app");
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnit.3.UUID")),
            results[1].uuid
        );
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnitNumberOfEntries")),
            "3"
        );
        assert_eq!(value(&d, &format!("{SM}ExecutionUnitNumberOfEntries")), "3");
    }

    #[test]
    fn per_operation_faults_leave_the_model_alone() {
        let mut d = home(&[]);
        let shipped = "6f1d2c3b-5a4e-5f60-8b71-9c0d1e2f3a4b";
        let results = change_du(
            &mut d,
            vec![
                install("http://files.example/dup_2.0.ipk", Some(shipped)),
                uninstall(UUID_A),
                DuOperation::Update(UpdateOp {
                    uuid: Some(UUID_A.into()),
                    url: Some("http://files.example/x_2.0.ipk".into()),
                    ..UpdateOp::default()
                }),
                install("http://files.example/bad.ipk", Some("not-a-uuid")),
                DuOperation::Install(InstallOp {
                    url: "http://files.example/e.ipk".into(),
                    execution_env_ref: Some("Device.SoftwareModules.ExecEnv.9".into()),
                    ..InstallOp::default()
                }),
            ],
        );
        let codes: Vec<u32> = results.iter().map(|r| r.fault.fault_code).collect();
        assert_eq!(codes, [9026, 9028, 9028, 9022, 9023]);
        for r in &results {
            assert_eq!(r.current_state, "Failed");
            assert!(!r.resolved);
            assert!(r.deployment_unit_ref.is_empty());
            assert!(!r.fault.fault_string.is_empty());
        }
        assert_eq!(results[0].uuid, shipped);
        assert_eq!(results[1].uuid, UUID_A);
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnitNumberOfEntries")),
            "1"
        );
        assert_eq!(value(&d, &format!("{SM}ExecutionUnitNumberOfEntries")), "1");
        assert_eq!(value(&d, &format!("{SM}DeploymentUnit.1.Version")), "2.3.1");
    }

    #[test]
    fn update_and_uninstall_change_the_deployment_unit() {
        let mut d = home(&[]);
        change_du(
            &mut d,
            vec![install("http://files.example/app_1.0.0.ipk", Some(UUID_A))],
        );
        let results = change_du(
            &mut d,
            vec![DuOperation::Update(UpdateOp {
                uuid: Some(UUID_A.into()),
                url: Some("http://files.example/app_1.1.0.ipk".into()),
                ..UpdateOp::default()
            })],
        );
        let r = &results[0];
        assert_eq!(
            (
                r.fault.fault_code,
                r.current_state.as_str(),
                r.version.as_str()
            ),
            (0, "Installed", "1.1.0")
        );
        assert_eq!(r.deployment_unit_ref, format!("{SM}DeploymentUnit.2"));
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnit.2.URL")),
            "http://files.example/app_1.1.0.ipk"
        );
        assert_eq!(value(&d, &format!("{SM}DeploymentUnit.2.Version")), "1.1.0");
        assert_eq!(value(&d, &format!("{SM}ExecutionUnit.2.Version")), "1.1.0");

        // The EU runs, then the DU goes: the EU goes with it and leaves the EE's list.
        set(
            &mut d,
            &format!("{SM}ExecutionUnit.2.RequestedState"),
            "Active",
        )
        .unwrap();
        assert_eq!(
            value(&d, &format!("{SM}ExecEnv.1.ActiveExecutionUnits")),
            "Device.SoftwareModules.ExecutionUnit.1,Device.SoftwareModules.ExecutionUnit.2"
        );
        let results = change_du(&mut d, vec![uninstall(UUID_A)]);
        let r = &results[0];
        assert_eq!(
            (
                r.fault.fault_code,
                r.current_state.as_str(),
                r.uuid.as_str()
            ),
            (0, "Uninstalled", UUID_A)
        );
        assert_eq!(r.deployment_unit_ref, format!("{SM}DeploymentUnit.2"));
        assert_eq!(r.version, "1.1.0");
        assert!(
            d.model
                .value(&format!("{SM}DeploymentUnit.2.UUID"))
                .is_none()
        );
        assert!(
            d.model
                .value(&format!("{SM}ExecutionUnit.2.EUID"))
                .is_none()
        );
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnitNumberOfEntries")),
            "1"
        );
        assert_eq!(value(&d, &format!("{SM}ExecutionUnitNumberOfEntries")), "1");
        assert_eq!(
            value(&d, &format!("{SM}ExecEnv.1.ActiveExecutionUnits")),
            "Device.SoftwareModules.ExecutionUnit.1"
        );
        // Uninstalling again: unknown. Installing again: a new instance number.
        assert_eq!(
            change_du(&mut d, vec![uninstall(UUID_A)])[0]
                .fault
                .fault_code,
            9028
        );
        let results = change_du(
            &mut d,
            vec![install("http://files.example/app_1.1.0.ipk", Some(UUID_A))],
        );
        assert_eq!(
            results[0].deployment_unit_ref,
            format!("{SM}DeploymentUnit.3")
        );
        assert_eq!(
            results[0].execution_unit_ref_list,
            format!("{SM}ExecutionUnit.3")
        );
    }

    #[test]
    fn install_then_uninstall_in_one_request_and_the_shipped_unit() {
        let mut d = home(&[]);
        let shipped = "6f1d2c3b-5a4e-5f60-8b71-9c0d1e2f3a4b";
        let results = change_du(
            &mut d,
            vec![
                install("http://files.example/tmp_0.1.ipk", Some(UUID_A)),
                uninstall(UUID_A),
                uninstall(shipped),
            ],
        );
        let states: Vec<&str> = results.iter().map(|r| r.current_state.as_str()).collect();
        assert_eq!(states, ["Installed", "Uninstalled", "Uninstalled"]);
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnitNumberOfEntries")),
            "0"
        );
        assert_eq!(value(&d, &format!("{SM}ExecutionUnitNumberOfEntries")), "0");
        assert_eq!(
            value(&d, &format!("{SM}ExecEnv.1.ActiveExecutionUnits")),
            ""
        );
    }

    #[test]
    fn du_rule_fails_every_operation_and_changes_nothing() {
        let mut d = home(&["du=9018"]);
        let results = change_du(
            &mut d,
            vec![
                install("http://files.example/app_1.0.ipk", Some(UUID_A)),
                uninstall("6f1d2c3b-5a4e-5f60-8b71-9c0d1e2f3a4b"),
            ],
        );
        assert!(
            results
                .iter()
                .all(|r| r.fault.fault_code == 9018 && r.current_state == "Failed" && !r.resolved)
        );
        assert_eq!(results[0].uuid, UUID_A);
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnitNumberOfEntries")),
            "1"
        );
        assert_eq!(
            value(&d, &format!("{SM}DeploymentUnit.1.Status")),
            "Installed"
        );
    }

    #[test]
    fn requested_state_moves_the_execution_unit_status() {
        let mut d = home(&[]);
        let eu = format!("{SM}ExecutionUnit.1.");
        assert_eq!(value(&d, &format!("{eu}Status")), "Active");
        let answer = set(&mut d, &format!("{eu}RequestedState"), "Idle");
        assert!(matches!(answer, Ok(Message::SetParameterValuesResponse(_))));
        assert_eq!(value(&d, &format!("{eu}RequestedState")), "Idle");
        assert_eq!(value(&d, &format!("{eu}Status")), "Idle");
        assert_eq!(
            value(&d, &format!("{SM}ExecEnv.1.ActiveExecutionUnits")),
            ""
        );
        assert_eq!(value(&d, "Device.ManagementServer.ParameterKey"), "spv");
        set(&mut d, &format!("{eu}RequestedState"), "Active").unwrap();
        assert_eq!(value(&d, &format!("{eu}Status")), "Active");
        assert_eq!(
            value(&d, &format!("{SM}ExecEnv.1.ActiveExecutionUnits")),
            "Device.SoftwareModules.ExecutionUnit.1"
        );
        // Only Idle and Active: 9003 with a 9007 for the parameter, nothing applied.
        let fault = set(&mut d, &format!("{eu}RequestedState"), "Running").unwrap_err();
        assert_eq!(fault.code, 9003);
        assert_eq!(fault.set_parameter_values_faults[0].fault_code, 9007);
        assert_eq!(value(&d, &format!("{eu}Status")), "Active");
        assert_eq!(value(&d, &format!("{eu}RequestedState")), "Active");
    }

    #[test]
    fn certificate_download_adds_a_certificate() {
        assert!(is_certificate_file_type("X 00D09E Certificate"));
        assert!(is_certificate_file_type(
            "X oneM2M.org Trust Anchor Certificate"
        ));
        assert!(!is_certificate_file_type("1 Firmware Upgrade Image"));
        assert!(!is_certificate_file_type("X 00D09E Certificates"));
        assert!(!is_certificate_file_type("Certificate"));

        let mut d = home(&[]);
        let cert = "Device.Security.Certificate.";
        let url = "https://pki.example.net/m2m/device-cert.pem";
        let complete = download(&mut d, "X 00D09E Certificate", url);
        assert_eq!(complete.fault_struct, FaultStruct::default());
        assert_eq!(complete.command_key, "dl");
        assert_eq!(value(&d, "Device.Security.CertificateNumberOfEntries"), "3");
        assert_eq!(value(&d, &format!("{cert}3.Enable")), "true");
        assert_eq!(value(&d, &format!("{cert}3.Subject")), "CN=device-cert");
        assert_eq!(value(&d, &format!("{cert}3.Issuer")), "CN=pki.example.net");
        assert_eq!(
            value(&d, &format!("{cert}3.SignatureAlgorithm")),
            "sha256WithRSAEncryption"
        );
        let serial = value(&d, &format!("{cert}3.SerialNumber")).to_owned();
        assert_eq!(serial, certificate_serial(url));
        assert_eq!(serial.split(':').count(), 8);
        let modified = value(&d, &format!("{cert}3.LastModif"));
        assert!(
            modified.starts_with("20") && modified.ends_with('Z'),
            "{modified}"
        );
        assert_eq!(value(&d, &format!("{cert}3.X_oneM2M_org_SUIDs")), "");
        assert!(
            d.pending_events
                .iter()
                .any(|e| e.event_code == "M Download" && e.command_key == "dl")
        );
        assert_eq!(d.boots, 0, "no reboot for a certificate");

        // The same certificate again refreshes its instance.
        download(&mut d, "X 00D09E Certificate", url);
        assert_eq!(value(&d, "Device.Security.CertificateNumberOfEntries"), "3");

        // The oneM2M SUIDs are writable on shipped and downloaded certificates.
        for n in [1, 3] {
            let name = format!("{cert}{n}.X_oneM2M_org_SUIDs");
            set(&mut d, &name, "12,22").unwrap();
            assert_eq!(value(&d, &name), "12,22");
        }

        // A failed transfer installs nothing; another file type neither.
        let mut failing = home(&["transfer=9010"]);
        let complete = download(&mut failing, "X 00D09E Certificate", url);
        assert_eq!(complete.fault_struct.fault_code, 9010);
        assert_eq!(
            value(&failing, "Device.Security.CertificateNumberOfEntries"),
            "2"
        );
        download(&mut d, "3 Vendor Configuration File", "http://x/other.pem");
        assert_eq!(value(&d, "Device.Security.CertificateNumberOfEntries"), "3");
    }

    #[test]
    fn firmware_download_updates_the_active_image() {
        let mut d = home(&[]);
        let complete = download(
            &mut d,
            "1 Firmware Upgrade Image",
            "http://files.example/fw/hgw-2.0.0.bin",
        );
        assert_eq!(complete.fault_struct.fault_code, 0);
        assert_eq!(
            value(&d, "Device.DeviceInfo.SoftwareVersion"),
            "hgw-2.0.0.bin"
        );
        assert_eq!(
            value(&d, "Device.DeviceInfo.FirmwareImage.1.Version"),
            "hgw-2.0.0.bin"
        );
        assert_eq!(
            value(&d, "Device.DeviceInfo.FirmwareImage.2.Version"),
            "0.9.8"
        );
        assert_eq!(d.boots, 1);
        assert!(d.pending_events.iter().any(|e| e.event_code == "1 BOOT"));

        // The active image is the one ActiveFirmwareImage names.
        let mut d = home(&[]);
        d.model.set_internal(
            "Device.DeviceInfo.ActiveFirmwareImage",
            "Device.DeviceInfo.FirmwareImage.2",
        );
        download(&mut d, "1 Firmware Upgrade Image", "http://f/hgw-2.1.bin");
        assert_eq!(
            value(&d, "Device.DeviceInfo.FirmwareImage.2.Version"),
            "hgw-2.1.bin"
        );
        assert_eq!(
            value(&d, "Device.DeviceInfo.FirmwareImage.1.Version"),
            "1.0.0"
        );

        let mut failing = home(&["transfer=9010"]);
        download(
            &mut failing,
            "1 Firmware Upgrade Image",
            "http://f/hgw-3.bin",
        );
        assert_eq!(
            value(&failing, "Device.DeviceInfo.FirmwareImage.1.Version"),
            "1.0.0"
        );
    }

    #[test]
    fn tr181_inform_is_unchanged() {
        let mut d = home(&[]);
        let inform = d.inform(0);
        let names: Vec<&str> = inform
            .parameter_list
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, INFORM_PARAMETERS);
        assert_eq!(inform.device_id.manufacturer, "dmgate");
        assert_eq!(inform.device_id.oui, "00D09E");
        assert_eq!(inform.device_id.product_class, "HGW-1");
        assert_eq!(inform.device_id.serial_number, "SIM0000042");
        assert_eq!(value(&d, "Device.DeviceInfo.SerialNumber"), "SIM0000042");
    }

    #[test]
    fn tr098_inform_uses_the_internet_gateway_device_names() {
        let mut d = device_of(crate::TR098_GATEWAY_MODEL, &[]);
        assert_eq!(d.model.root(), "InternetGatewayDevice.");
        d.model.set_internal(
            "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
            "http://192.0.2.7:7547/cr/0",
        );
        let inform = d.inform(0);
        assert_eq!(inform.device_id.manufacturer, "dmgate");
        assert_eq!(inform.device_id.oui, "00D09E");
        assert_eq!(inform.device_id.product_class, "IGD-1");
        assert_eq!(inform.device_id.serial_number, "SIM0000042");
        let list: Vec<(&str, &str)> = inform
            .parameter_list
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            list,
            [
                (
                    "InternetGatewayDevice.DeviceSummary",
                    "InternetGatewayDevice:1.4[](Baseline:2, EthernetLAN:1, EthernetWAN:1, Time:2)"
                ),
                ("InternetGatewayDevice.DeviceInfo.SpecVersion", "1.0"),
                ("InternetGatewayDevice.DeviceInfo.HardwareVersion", "1.0"),
                ("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "3.2.1"),
                ("InternetGatewayDevice.DeviceInfo.ProvisioningCode", ""),
                ("InternetGatewayDevice.ManagementServer.ParameterKey", ""),
                (
                    "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
                    "http://192.0.2.7:7547/cr/0"
                ),
                (
                    "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress",
                    "203.0.113.17"
                ),
            ]
        );
        assert!(inform.event.iter().any(|e| e.event_code == "0 BOOTSTRAP"));
        assert_eq!(
            value(&d, "InternetGatewayDevice.DeviceInfo.SerialNumber"),
            "SIM0000042"
        );
    }

    #[test]
    fn tr098_device_keeps_its_root_everywhere() {
        let root = "InternetGatewayDevice.";
        let mut d = device_of(crate::TR098_GATEWAY_MODEL, &[]);
        // ParameterKey after SetParameterValues.
        set(
            &mut d,
            &format!("{root}ManagementServer.PeriodicInformInterval"),
            "600",
        )
        .unwrap();
        assert_eq!(
            value(&d, &format!("{root}ManagementServer.ParameterKey")),
            "spv"
        );
        // Firmware: SoftwareVersion changes (no FirmwareImage in TR-098), then a reboot.
        d.model
            .set_internal(&format!("{root}DeviceInfo.UpTime"), "500");
        download(&mut d, "1 Firmware Upgrade Image", "http://f/igd-3.3.0.img");
        assert_eq!(
            value(&d, &format!("{root}DeviceInfo.SoftwareVersion")),
            "igd-3.3.0.img"
        );
        assert_eq!(value(&d, &format!("{root}DeviceInfo.UpTime")), "0");
        // The SoftwareVersion change is forced-active: the next Inform reports it.
        assert!(d.model.has_active_change());
        // A certificate download on a model without certificates still completes.
        let complete = download(&mut d, "X 00D09E Certificate", "http://f/c.pem");
        assert_eq!(complete.fault_struct.fault_code, 0);
        // Without SoftwareModules, ChangeDUState completes without model changes.
        let results = change_du(&mut d, vec![install("http://f/a_1.0.ipk", Some(UUID_A))]);
        assert_eq!(
            (
                results[0].fault.fault_code,
                results[0].current_state.as_str()
            ),
            (0, "Installed")
        );
        // Factory reset: shipped values, serial and ACS URLs kept.
        d.model.set_internal(
            &format!("{root}ManagementServer.URL"),
            "http://acs.example/",
        );
        d.model.set_internal(
            &format!("{root}ManagementServer.ConnectionRequestURL"),
            "http://192.0.2.7/cr/0",
        );
        d.factory_reset();
        assert_eq!(
            value(&d, &format!("{root}DeviceInfo.SoftwareVersion")),
            "3.2.1"
        );
        assert_eq!(
            value(&d, &format!("{root}DeviceInfo.SerialNumber")),
            "SIM0000042"
        );
        assert_eq!(
            value(&d, &format!("{root}ManagementServer.URL")),
            "http://acs.example/"
        );
        assert_eq!(
            value(&d, &format!("{root}ManagementServer.ConnectionRequestURL")),
            "http://192.0.2.7/cr/0"
        );
        assert_eq!(
            value(&d, &format!("{root}ManagementServer.ParameterKey")),
            ""
        );
    }

    #[test]
    fn names_and_versions_from_urls() {
        assert_eq!(
            du_name_and_version("http://h/p/speedtest-agent_2.3.1.ipk"),
            ("speedtest-agent", Some("2.3.1"))
        );
        assert_eq!(du_name_and_version("http://h/app.ipk"), ("app", None));
        assert_eq!(du_name_and_version("http://h/my_app.ipk"), ("my_app", None));
        assert_eq!(
            du_name_and_version("http://h/tool_1.0-r2.tar.gz"),
            ("tool", Some("1.0-r2"))
        );
        assert_eq!(du_name_and_version("http://h/bundle"), ("bundle", None));
        assert_eq!(du_name_and_version("http://h/"), ("", None));
        assert_eq!(du_name_and_version("http://h"), ("", None));
        assert_eq!(url_file_name("http://h/a/b.bin?x=/y#z"), "b.bin");
        assert!(is_uuid(UUID_A));
        assert!(!is_uuid("6ba7b810-9dad-51d1-80b4_00c04fd430c8"));
        assert!(!is_uuid(""));
    }

    #[test]
    fn utc_formatting_matches_known_instants() {
        let at = |secs: u64| format_utc(std::time::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
