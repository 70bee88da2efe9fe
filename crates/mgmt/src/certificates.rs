//! `[myCertFileCred]` on a TR-069 device (TS-0006 8.3): the Create downloads the
//! certificate to the CPE (Download + TransferComplete), then sets the SUIDs of the new
//! `Device.Security.Certificate.{i}` with SetParameterValues; every CPE fault of Tables
//! 8.3.2.2-1 and 8.3.2.2-2 answers 4000.
//!
//! The certificate reaches the CPE by URL: the ACS serves the resource's content at
//! `/files/<token>` for as long as the Download runs.

use std::collections::HashSet;
use std::time::Instant;

use acs::{Awaited, TaskRequest};
use cse::{Carried, CseError, CseResult, Resource};
use cwmp::rpc::{Download, GetParameterValues, SetParameterValues};
use cwmp::{Message, ParameterValue, ValueType};
use onem2m::Rsc;
use serde_json::{Map, Value};
use store::TaskState;

use crate::device;
use crate::manager::Manager;
use crate::signals::Waited;
use crate::tables::status::ObjectOp;

const MY_CERT_FILE_CRED: u32 = 1023;

/// The SUIDs parameter: a vendor extension in the oneM2M namespace, as TR-181 has none
/// (reference §6.2).
pub(crate) const SUIDS_PARAMETER: &str = "X_oneM2M_org_SUIDs";

fn refused(op: ObjectOp, code: u32, message: &str) -> CseError {
    CseError::new(
        crate::objects::status_rsc(op, code),
        format!("the device refused the certificate: fault {code} {message}"),
    )
}

pub(crate) async fn create(
    manager: &Manager,
    parent: &Resource,
    request: &Map<String, Value>,
    deadline: Instant,
) -> CseResult<Carried<cse::Created>> {
    let Some(device_id) = device::device_of_node(parent) else {
        return Ok(Carried::NotMine);
    };
    if request.get("mgd").and_then(Value::as_u64) != Some(u64::from(MY_CERT_FILE_CRED)) {
        // Other objects go to AddObject where their table is writable (`rows`), or are
        // kept by the CSE (a software package to install later, say).
        return Ok(Carried::NotMine);
    }
    let model = device::model_of_node(parent).ok_or_else(|| {
        CseError::new(
            Rsc::MgmtConversionError,
            "the device's data model is not known",
        )
    })?;
    let table = format!("{}Security.Certificate.", model.root);
    let base = manager
        .shared
        .config
        .file_base_url
        .as_deref()
        .ok_or_else(|| {
            CseError::new(
                Rsc::MgmtConversionError,
                "no file URL is configured for CPEs to fetch the certificate from",
            )
        })?;
    let content = request
        .get("mcfc")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let format = request
        .get("mcff")
        .and_then(Value::as_str)
        .filter(|f| f.contains('/'))
        .unwrap_or("application/x-pem-file");
    let before = certificate_instances(manager, &device_id, &table, deadline).await?;
    let token = manager.shared.files.publish(format, content.as_bytes());
    let oui = device_id.split('-').next().unwrap_or_default();
    let download = Message::Download(Download {
        // A vendor file type (TR-069 A.3.2.8 "X <OUI> <name>") in the device's vendor
        // space: TR-069 defines no file type for certificates.
        file_type: format!("X {oui} Certificate"),
        url: format!("{}/files/{token}", base.trim_end_matches('/')),
        ..Download::default()
    });
    let outcome = finish(manager, &device_id, download, deadline).await;
    manager.shared.files.withdraw(&token);
    outcome?;
    let after = certificate_instances(manager, &device_id, &table, deadline).await?;
    let new = after.difference(&before).max().copied().ok_or_else(|| {
        CseError::bad_request("the device reported the download but holds no new certificate")
    })?;
    let path = format!("{table}{new}.");
    let suids = match request.get("suids") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.to_string().trim_matches('"').to_string())
            .collect::<Vec<_>>()
            .join(","),
        _ => String::new(),
    };
    let spv = Message::SetParameterValues(SetParameterValues {
        parameter_list: vec![ParameterValue {
            name: format!("{path}{SUIDS_PARAMETER}"),
            value: suids,
            value_type: ValueType::String,
        }],
        parameter_key: format!("dmgate-{}", hex::encode(rand::random::<[u8; 6]>())),
    });
    let task = manager
        .acs()
        .queue(&device_id, TaskRequest::new(spv))
        .await
        .map_err(|e| CseError::internal(e.to_string()))?;
    match manager
        .shared
        .signals
        .wait(manager.acs(), &task, Awaited::Finished, deadline, false)
        .await
    {
        Waited::Reached(t) if t.state == TaskState::Done => {}
        Waited::Reached(t) => {
            let fault = t.fault.unwrap_or_default();
            return Err(refused(ObjectOp::Update, fault.code, &fault.message));
        }
        _ => {
            let _ = manager.acs().cancel(task.id).await;
            return Err(CseError::new(
                Rsc::RequestTimeout,
                "the certificate is on the device but its SUIDs could not be set in time",
            ));
        }
    }
    let mut stored = request.clone();
    let object_id = model
        .objects
        .iter()
        .find(|o| o.mgd == MY_CERT_FILE_CRED)
        .map(|o| o.object_id)
        .unwrap_or_default();
    stored.insert(
        "obis".into(),
        Value::Array(vec![Value::String(object_id.into())]),
    );
    stored.insert("obps".into(), Value::Array(vec![Value::String(path)]));
    Ok(Carried::Done((stored, Map::new())))
}

/// Downloads to the end: the Download accepted and its TransferComplete without fault.
async fn finish(
    manager: &Manager,
    device_id: &str,
    download: Message,
    deadline: Instant,
) -> CseResult<()> {
    let acs = manager.acs();
    let task = acs
        .queue(device_id, device::for_request(vec![download], deadline))
        .await
        .map_err(|e| CseError::internal(e.to_string()))?;
    match manager
        .shared
        .signals
        .wait(acs, &task, Awaited::Finished, deadline, true)
        .await
    {
        Waited::Reached(t) if t.state == TaskState::Done => Ok(()),
        Waited::Reached(t) => {
            let fault = t.fault.clone().unwrap_or_default();
            // Which table: the Download's own answer, or the TransferComplete after it.
            let op = if t.responses.is_empty() {
                ObjectOp::CertDownload
            } else {
                ObjectOp::CertTransferComplete
            };
            Err(refused(op, fault.code, &fault.message))
        }
        Waited::Unreachable | Waited::TimedOut => {
            let _ = acs.cancel(task.id).await;
            Err(CseError::new(
                Rsc::RequestTimeout,
                "the device did not complete the certificate download in time",
            ))
        }
    }
}

/// The instance numbers of the device's certificate table.
async fn certificate_instances(
    manager: &Manager,
    device_id: &str,
    table: &str,
    deadline: Instant,
) -> CseResult<HashSet<u64>> {
    let acs = manager.acs();
    let task = acs
        .queue(
            device_id,
            TaskRequest::new(Message::GetParameterValues(GetParameterValues {
                parameter_names: vec![table.to_string()],
            })),
        )
        .await
        .map_err(|e| CseError::internal(e.to_string()))?;
    match manager
        .shared
        .signals
        .wait(acs, &task, Awaited::Finished, deadline, true)
        .await
    {
        Waited::Reached(t) if t.state == TaskState::Done => Ok(device::values(&t)
            .keys()
            .filter_map(|k| k.strip_prefix(table)?.split('.').next()?.parse().ok())
            .collect()),
        Waited::Reached(t) => {
            let fault = t.fault.unwrap_or_default();
            Err(refused(ObjectOp::Retrieve, fault.code, &fault.message))
        }
        _ => {
            let _ = acs.cancel(task.id).await;
            Err(CseError::new(
                Rsc::ExternalObjectNotReachable,
                "the device cannot be reached now",
            ))
        }
    }
}
