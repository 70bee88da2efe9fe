//! `<mgmtObj>` operations on a device (TS-0006 7.x, 8.1): Retrieve → GetParameterValues,
//! Update of writable attributes → SetParameterValues, executable attributes → their RPC
//! (Reboot, FactoryReset, Download, ChangeDUState) or a SetParameterValues, and what the
//! device later reports (TransferComplete, DUStateChangeComplete) written back.

use std::collections::HashMap;
use std::time::Instant;

use acs::Awaited;
use cse::{Carried, CseError, CseResult, Resource};
use cwmp::Message;
use cwmp::rpc::{
    ChangeDuState, Download, DuOperation, FactoryReset, GetParameterValues, InstallOp, Reboot,
    SetParameterValues, UninstallOp,
};
use cwmp::{ParameterValue, ValueType};
use onem2m::Rsc;
use serde_json::{Map, Value};
use store::{Task, TaskState};

use crate::device;
use crate::manager::{Manager, Tracked};
use crate::paths;
use crate::signals::Waited;
use crate::tables::params::{AttributeParam, Conversion, ObjectMap, TriggerAction};
use crate::tables::status::{ObjectOp, response_status};

/// m2m:status (TS-0004 6.3.4.2.x) inside m2m:actionStatus (6.3.5.14).
pub(crate) const STATUS_UNINITIALIZED: u64 = 0;
pub(crate) const STATUS_SUCCESSFUL: u64 = 1;
pub(crate) const STATUS_FAILURE: u64 = 2;
pub(crate) const STATUS_IN_PROCESS: u64 = 3;

pub(crate) fn action_status(action: &str, status: u64) -> Value {
    serde_json::json!({ "acn": action, "sus": status })
}

/// The response status for a CPE fault answering `op` (one table, `tables::status`).
pub(crate) fn status_rsc(op: ObjectOp, fault: u32) -> Rsc {
    u16::try_from(response_status(op, fault))
        .ok()
        .and_then(Rsc::from_code)
        .unwrap_or(Rsc::BadRequest)
}

/// A mgmtObj's place on its device: the model, the object map, the instance path.
#[derive(Debug)]
pub(crate) struct Placement {
    pub(crate) device_id: String,
    pub(crate) map: &'static ObjectMap,
    /// The object path (`Device.DeviceInfo.FirmwareImage.2.`), when bound to an instance.
    pub(crate) path: Option<String>,
}

impl Placement {
    /// The instance numbers of the bound object, one per table level.
    pub(crate) fn instance(&self) -> Option<Vec<u32>> {
        paths::numbers(self.map.instances?, self.path.as_deref()?)
    }

    /// A parameter name with its instance (and execution unit) filled in.
    pub(crate) fn parameter(&self, template: &str, eu: Option<&str>) -> Option<String> {
        let mut name = template.to_string();
        if name.contains("{i}") {
            name = paths::fill(&name, &self.instance()?)?;
        }
        if name.contains("{eu}") {
            name = name.replace("{eu}", eu?);
        }
        Some(name)
    }
}

/// Where a mgmtObj lives, if a device backs it.
pub(crate) fn placement(manager: &Manager, object: &Resource) -> Option<Placement> {
    let node = manager.cse().resource(object.pi())?;
    let device_id = device::device_of_node(&node)?;
    let model = device::model_of_node(&node)?;
    let mgd = object.mgd()?;
    let path = object
        .attrs
        .get("obps")
        .and_then(Value::as_array)
        .and_then(|p| p.first())
        .and_then(Value::as_str)
        .map(str::to_string);
    let map = model.objects.iter().find(|o| {
        o.mgd == mgd
            && match (&path, o.instances) {
                (Some(p), Some(t)) => paths::numbers(t, p).is_some(),
                _ => true,
            }
    })?;
    Some(Placement {
        device_id,
        map,
        path,
    })
}

/// A device value as the oneM2M attribute (reference §6.2 for units and formats).
pub(crate) fn convert(conversion: Conversion, raw: &str) -> Option<Value> {
    Some(match conversion {
        Conversion::Text => Value::String(raw.to_string()),
        Conversion::UnsignedInt => Value::from(raw.trim().parse::<u64>().ok()?),
        Conversion::KibToBytes => Value::from(raw.trim().parse::<u64>().ok()?.saturating_mul(1024)),
        Conversion::Boolean => Value::Bool(matches!(raw.trim(), "true" | "1")),
        Conversion::DateTime => Value::String(utc_timestamp(raw)?),
        Conversion::List => Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        Conversion::LogStatus => Value::from(match raw.trim() {
            // m2m:logStatus: 1 Started, 2 Stopped, 3 Unknown, 4 NotPresent, 5 Error.
            "Enabled" => 1,
            "Disabled" => 2,
            "Error" => 5,
            _ => 3,
        }),
        Conversion::ActiveStatus => match raw.trim() {
            "Active" => action_status("act", STATUS_SUCCESSFUL),
            "Starting" => action_status("act", STATUS_IN_PROCESS),
            "Idle" => action_status("dea", STATUS_SUCCESSFUL),
            "Stopping" => action_status("dea", STATUS_IN_PROCESS),
            // A state TR-181 does not define: nothing known (the table's contract).
            _ => serde_json::json!({ "sus": STATUS_UNINITIALIZED }),
        },
        Conversion::WifiProfileStatus => Value::from(match raw.trim() {
            // dcfg:wifiConnectionStatus: 0 Disconnected, 1 Connected, 2 Idle, 5 Failed.
            "Active" => 1,
            "Available" => 2,
            "Disabled" => 0,
            "Error" => 5,
            _ => return None,
        }),
        // Secured parameters read back empty (TR-181): never read.
        Conversion::WifiCredentials => return None,
    })
}

/// An xsd:dateTime (`YYYY-MM-DDThh:mm:ss`, optional fraction, then `Z`, `±hh:mm` or no
/// zone) → the oneM2M basic format `YYYYMMDDThhmmss` in UTC (TS-0004 6.3.3): an offset is
/// taken off; without one the time is the device's as it writes it. The unknown time of
/// TR-069 (year 0001) and anything unreadable give `None`.
fn utc_timestamp(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (date, time) = raw.split_once('T')?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: i64 = date_parts.next()?.parse().ok()?;
    let day: i64 = date_parts.next()?.parse().ok()?;
    if year <= 1 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // The zone: `Z`, `+hh:mm` / `-hh:mm` (or `+hhmm`), or none.
    let (clock, offset_minutes) = if let Some(clock) = time.strip_suffix('Z') {
        (clock, 0)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let (clock, zone) = time.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            return None;
        }
        let hours: i64 = digits[..2].parse().ok()?;
        let minutes: i64 = digits[2..].parse().ok()?;
        (clock, sign * (hours * 60 + minutes))
    } else {
        (time, 0)
    };
    let clock = clock.split('.').next()?; // fractions of a second are dropped
    let mut clock_parts = clock.splitn(3, ':');
    let hour: i64 = clock_parts.next()?.parse().ok()?;
    let minute: i64 = clock_parts.next()?.parse().ok()?;
    let second: i64 = clock_parts.next()?.parse().ok()?;
    if hour > 24 || minute > 59 || second > 60 {
        return None;
    }
    let seconds =
        cse::time::days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset_minutes * 60;
    Some(cse::time::format(seconds * 1000))
}

/// An attribute value as the device parameter (for SetParameterValues).
fn to_device(conversion: Conversion, value: &Value) -> Option<(String, ValueType)> {
    Some(match (conversion, value) {
        (Conversion::Boolean, Value::Bool(b)) => (b.to_string(), ValueType::Boolean),
        (Conversion::UnsignedInt, Value::Number(n)) => (n.to_string(), ValueType::UnsignedInt),
        (Conversion::KibToBytes, Value::Number(n)) => {
            ((n.as_u64()? / 1024).to_string(), ValueType::UnsignedInt)
        }
        (Conversion::Text, Value::String(s)) => (s.clone(), ValueType::String),
        (Conversion::List, Value::Array(items)) => (
            items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            ValueType::String,
        ),
        _ => return None,
    })
}

/// Values of a `{i}` list parameter across every instance, in instance order.
fn collect_list(template: &str, values: &HashMap<String, String>) -> Vec<Value> {
    let Some((head, tail)) = template.split_once("{i}") else {
        return Vec::new();
    };
    let mut found: Vec<(u64, String)> = values
        .iter()
        .filter_map(|(name, value)| {
            let rest = name.strip_prefix(head)?;
            let (n, after) = rest.split_once('.')?;
            (format!(".{after}") == tail || after == tail.trim_start_matches('.'))
                .then(|| Some((n.parse().ok()?, value.clone())))?
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(_, v)| Value::String(v))
        .collect()
}

/// Whether the schema makes a list attribute a list of integers (`suids`, m2m:suid
/// values): its items are then numbers, not strings (see [`Conversion::List`]).
fn integer_items(mgd: u32, attribute: &str) -> bool {
    use onem2m::schema::ValueKind as K;
    onem2m::schema::schema(device::cse_kinds::MGMT_OBJ, Some(mgd))
        .and_then(|s| s.attribute(attribute))
        .is_some_and(|rule| {
            matches!(
                rule.kind,
                K::List(
                    K::Integer
                        | K::NonNegativeInteger
                        | K::PositiveInteger
                        | K::UnsignedInt
                        | K::UnsignedLong
                        | K::Range(..)
                        | K::Enum(_)
                )
            )
        })
}

/// A list's string items as numbers; an item that is no number is left out (the device's
/// value cannot be an m2m:suid, say).
fn as_integers(list: Value) -> Value {
    match list {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .filter_map(|item| match item {
                    Value::String(s) => s.trim().parse::<i64>().ok().map(Value::from),
                    Value::Number(n) => Some(Value::Number(n)),
                    _ => None,
                })
                .collect(),
        ),
        other => other,
    }
}

/// The attributes an object's parameters give, from a set of device values.
pub(crate) fn attributes_from(
    placement: &Placement,
    eu: Option<&str>,
    values: &HashMap<String, String>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for param in placement.map.attributes {
        let typed = |value: Value| {
            if param.conversion == Conversion::List
                && integer_items(placement.map.mgd, param.attribute)
            {
                as_integers(value)
            } else {
                value
            }
        };
        if param.conversion == Conversion::List
            && param.parameter.contains("{i}")
            && placement.map.instances.is_none()
        {
            let list = collect_list(param.parameter, values);
            if values
                .keys()
                .any(|k| k.starts_with(param.parameter.split("{i}").next().unwrap_or_default()))
            {
                out.insert(param.attribute.to_string(), typed(Value::Array(list)));
            }
            continue;
        }
        let Some(name) = placement.parameter(param.parameter, eu) else {
            continue;
        };
        if let Some(value) = values
            .get(&name)
            .and_then(|raw| convert(param.conversion, raw))
        {
            out.insert(param.attribute.to_string(), typed(value));
        }
    }
    out
}

/// The GetParameterValues names that read an object.
pub(crate) fn names_to_read(placement: &Placement, eu: Option<&str>) -> Vec<String> {
    let mut names = Vec::new();
    for param in placement.map.attributes {
        if param.conversion == Conversion::WifiCredentials {
            continue; // written only
        }
        let name = if param.conversion == Conversion::List
            && param.parameter.contains("{i}")
            && placement.map.instances.is_none()
        {
            // The whole table: its partial path.
            param.parameter.split("{i}").next().map(str::to_string)
        } else {
            placement.parameter(param.parameter, eu)
        };
        if let Some(name) = name
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

fn execution_unit(object: &Resource) -> Option<String> {
    object
        .private
        .get("eu")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Retrieve (TS-0006 8.1): fresh values when the device answers within the wait, else the
/// stored ones (the caller serves whatever the tree then holds).
pub(crate) async fn refresh(
    manager: &Manager,
    object: &Resource,
    deadline: Instant,
) -> CseResult<()> {
    let Some(place) = placement(manager, object) else {
        return Ok(());
    };
    if place.map.instances.is_some() && place.path.is_none() {
        return Ok(()); // not bound to a device instance (software not installed yet)
    }
    let eu = execution_unit(object);
    let names = names_to_read(&place, eu.as_deref());
    if names.is_empty() {
        return Ok(());
    }
    let deadline = deadline.min(Instant::now() + manager.shared.config.refresh_wait);
    let acs = manager.acs();
    let read = Message::GetParameterValues(GetParameterValues {
        parameter_names: names,
    });
    let task = acs
        .queue(&place.device_id, device::for_request(vec![read], deadline))
        .await
        .map_err(|e| CseError::internal(e.to_string()))?;
    match manager
        .shared
        .signals
        .wait(acs, &task, Awaited::Finished, deadline, true)
        .await
    {
        Waited::Reached(done) if done.state == TaskState::Done => {
            let values = device::values(&done);
            let fresh = attributes_from(&place, eu.as_deref(), &values);
            manager
                .cse()
                .system_update(object.ri(), fresh, None)
                .await?;
            Ok(())
        }
        Waited::Reached(other) => Err(CseError::new(
            status_rsc(
                ObjectOp::Retrieve,
                other.fault.as_ref().map_or(0, |f| f.code),
            ),
            "the device could not be read",
        )),
        Waited::Unreachable | Waited::TimedOut => {
            let _ = acs.cancel(task.id).await;
            Err(CseError::new(
                Rsc::ExternalObjectNotReachable,
                "the device did not answer in time",
            ))
        }
    }
}

/// Runs one task to the point the CPE answered; a CPE fault becomes the response status of
/// `op`'s table. A device that does not answer is reported in one of two ways, the task
/// withdrawn either way (an Update of a mgmtObj is all or nothing):
///
/// * its Connection Request failed (nothing listens at its ConnectionRequestURL, it refused
///   or timed out, it has none): **6003 EXTERNAL_OBJECT_NOT_REACHABLE at once**, without
///   waiting for the deadline — also when the failure was reported before the wait began;
/// * it was reached (or could not be told) but did not answer by the deadline (X-M2M-RET,
///   else the CSE's device wait): **4008 REQUEST_TIMEOUT** when the deadline passes, unless
///   the answer came meanwhile after all. Nothing is stored then, but an RPC already sent
///   cannot be called back: the device may still carry it out, and the next Retrieve (which
///   reads the device) shows what it holds.
pub(crate) async fn run(
    manager: &Manager,
    device_id: &str,
    rpcs: Vec<Message>,
    op: ObjectOp,
    awaited: Awaited,
    deadline: Instant,
) -> CseResult<Task> {
    let task = run_to_answer(manager, device_id, rpcs, awaited, deadline).await?;
    match (task.state, &task.fault) {
        (TaskState::Faulted, fault) => {
            let fault = fault.clone().unwrap_or_default();
            Err(CseError::new(
                status_rsc(op, fault.code),
                format!("the device refused: fault {} {}", fault.code, fault.message),
            ))
        }
        _ => Ok(task),
    }
}

/// [`run`] up to the CPE's answer, a fault included: the task, answered (done or faulted),
/// or the error of a device that did not answer.
pub(crate) async fn run_to_answer(
    manager: &Manager,
    device_id: &str,
    rpcs: Vec<Message>,
    awaited: Awaited,
    deadline: Instant,
) -> CseResult<Task> {
    let acs = manager.acs();
    let task = acs
        .queue(device_id, device::for_request(rpcs, deadline))
        .await
        .map_err(|e| CseError::new(Rsc::MgmtSessionCannotBeEstablished, e.to_string()))?;
    let waited = manager
        .shared
        .signals
        .wait(acs, &task, awaited, deadline, true)
        .await;
    match waited {
        Waited::Reached(t) if matches!(t.state, TaskState::Cancelled | TaskState::Expired) => {
            Err(CseError::new(
                Rsc::RequestTimeout,
                "the device did not take the request in time",
            ))
        }
        Waited::Reached(t) => Ok(t),
        Waited::Unreachable => {
            let _ = acs.cancel(task.id).await;
            Err(CseError::new(
                Rsc::ExternalObjectNotReachable,
                "the device cannot be reached (its Connection Request failed); nothing was changed",
            ))
        }
        Waited::TimedOut => {
            let cancelled = acs.cancel(task.id).await.ok().flatten();
            if let Some(t) = cancelled.filter(|t| t.state != TaskState::Cancelled) {
                // Answered in the meantime after all.
                return Ok(t);
            }
            Err(CseError::new(
                Rsc::RequestTimeout,
                "the device did not answer in time; the request was withdrawn",
            ))
        }
    }
}

pub(crate) fn parameter_key() -> String {
    format!("dmgate-{}", hex::encode(rand::random::<[u8; 6]>()))
}

/// Update (TS-0006 7.9–7.11, 8.1): writable attributes → one SetParameterValues, then the
/// executable attribute set true → its RPC. Answers once the CPE accepted; an unreachable
/// device fails it fast with 6003, a silent one with 4008 at the deadline (see [`run`]).
pub(crate) async fn update(
    manager: &Manager,
    target: &Resource,
    request: &Map<String, Value>,
    deadline: Instant,
) -> CseResult<Carried<Map<String, Value>>> {
    if target.ty == device::cse_kinds::NODE {
        return Ok(Carried::NotMine);
    }
    let Some(place) = placement(manager, target) else {
        return Ok(Carried::NotMine);
    };
    let eu = execution_unit(target);
    let mut stored = request.clone();
    let mut sets: Vec<ParameterValue> = Vec::new();
    for (name, value) in request {
        let Some(param) = place.map.attribute(name) else {
            continue;
        };
        if !param.writable {
            continue; // kept in the resource only (labels, descriptions, urls)
        }
        sets.extend(set_values(&place, param, eu.as_deref(), value)?);
    }
    if !sets.is_empty() {
        let spv = Message::SetParameterValues(SetParameterValues {
            parameter_list: sets,
            parameter_key: parameter_key(),
        });
        run(
            manager,
            &place.device_id,
            vec![spv],
            ObjectOp::Update,
            Awaited::Finished,
            deadline,
        )
        .await?;
    }
    let fired: Vec<&str> = place
        .map
        .triggers
        .iter()
        .filter(|t| request.get(t.attribute).and_then(Value::as_bool) == Some(true))
        .map(|t| t.attribute)
        .collect();
    for attribute in fired {
        let Some(trigger) = place.map.trigger(attribute) else {
            continue;
        };
        stored.insert(attribute.to_string(), Value::Bool(false));
        let merged = |name: &str| {
            request
                .get(name)
                .or_else(|| target.attrs.get(name))
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_default()
        };
        match trigger.action {
            TriggerAction::Reboot | TriggerAction::FactoryReset => {
                let rpc = if trigger.action == TriggerAction::Reboot {
                    Message::Reboot(Reboot::default())
                } else {
                    Message::FactoryReset(FactoryReset {})
                };
                run(
                    manager,
                    &place.device_id,
                    vec![rpc],
                    ObjectOp::Trigger,
                    Awaited::Answered,
                    deadline,
                )
                .await?;
            }
            TriggerAction::FirmwareDownload => {
                // TS-0006 7.9: FileType 1, the firmware's url, CommandKey generated, the
                // rest empty or zero.
                let url = merged("url");
                if url.is_empty() {
                    return Err(CseError::bad_request(
                        "`url` must name the image before `ud`",
                    ));
                }
                let rpc = Message::Download(Download {
                    file_type: "1 Firmware Upgrade Image".into(),
                    url,
                    ..Download::default()
                });
                let task = run(
                    manager,
                    &place.device_id,
                    vec![rpc],
                    ObjectOp::Trigger,
                    Awaited::Answered,
                    deadline,
                )
                .await?;
                stored.insert("uds".into(), action_status("ud", progress(&task)));
                remember(manager, target, &task);
            }
            TriggerAction::SoftwareInstall => {
                let url = merged("url");
                if url.is_empty() {
                    return Err(CseError::bad_request(
                        "`url` must name the package before `in`",
                    ));
                }
                let rpc = Message::ChangeDuState(ChangeDuState {
                    operations: vec![DuOperation::Install(InstallOp {
                        url,
                        ..InstallOp::default()
                    })],
                    command_key: None,
                });
                let task = run(
                    manager,
                    &place.device_id,
                    vec![rpc],
                    ObjectOp::Trigger,
                    Awaited::Answered,
                    deadline,
                )
                .await?;
                stored.insert("ins".into(), action_status("in", progress(&task)));
                remember(manager, target, &task);
            }
            TriggerAction::SoftwareUninstall => {
                let uuid = target
                    .private
                    .get("uuid")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let Some(uuid) = uuid else {
                    return Err(CseError::new(
                        Rsc::OperationNotAllowed,
                        "this software is not installed on the device",
                    ));
                };
                let rpc = Message::ChangeDuState(ChangeDuState {
                    operations: vec![DuOperation::Uninstall(UninstallOp {
                        uuid,
                        ..UninstallOp::default()
                    })],
                    command_key: None,
                });
                let task = run(
                    manager,
                    &place.device_id,
                    vec![rpc],
                    ObjectOp::Trigger,
                    Awaited::Answered,
                    deadline,
                )
                .await?;
                stored.insert("ins".into(), action_status("un", progress(&task)));
                remember(manager, target, &task);
            }
            TriggerAction::SetParameter { parameter, value } => {
                let Some(name) = place.parameter(parameter, eu.as_deref()) else {
                    return Err(CseError::new(
                        Rsc::OperationNotAllowed,
                        format!("`{attribute}` has no device object to act on"),
                    ));
                };
                let value_type = if matches!(value, "true" | "false") {
                    ValueType::Boolean
                } else {
                    ValueType::String
                };
                let spv = Message::SetParameterValues(SetParameterValues {
                    parameter_list: vec![ParameterValue {
                        name,
                        value: value.to_string(),
                        value_type,
                    }],
                    parameter_key: parameter_key(),
                });
                run(
                    manager,
                    &place.device_id,
                    vec![spv],
                    ObjectOp::Update,
                    Awaited::Finished,
                    deadline,
                )
                .await?;
            }
        }
    }
    Ok(Carried::Done(stored))
}

/// The SetParameterValues entries that write a writable attribute: one parameter, or the
/// several a Wi-Fi credentials object stands for.
pub(crate) fn set_values(
    place: &Placement,
    param: &AttributeParam,
    eu: Option<&str>,
    value: &Value,
) -> CseResult<Vec<ParameterValue>> {
    let name = place.parameter(param.parameter, eu).ok_or_else(|| {
        CseError::new(
            Rsc::OperationNotAllowed,
            format!("`{}` has no device parameter here", param.attribute),
        )
    })?;
    let unwritable = || {
        CseError::bad_request(format!(
            "`{}` cannot be written as {value}",
            param.attribute
        ))
    };
    if param.conversion == Conversion::WifiCredentials {
        return wifi_security(&name, value).ok_or_else(unwritable);
    }
    let (text, value_type) = to_device(param.conversion, value).ok_or_else(unwritable)?;
    Ok(vec![ParameterValue {
        name,
        value: text,
        value_type,
    }])
}

/// A dcfg:wifiCredentials as the parameters of a TR-181 profile's `Security.` object
/// `security` (see [`Conversion::WifiCredentials`]); `None` for a key TR-181 cannot hold.
fn wifi_security(security: &str, value: &Value) -> Option<Vec<ParameterValue>> {
    let credentials = value.as_object()?;
    let text = |name: &str| credentials.get(name).and_then(Value::as_str);
    if credentials.contains_key("unm") || credentials.contains_key("pwd") {
        return None; // 802.1X: a TR-181 profile holds no user name or password
    }
    let param = |leaf: &str, value: &str| ParameterValue {
        name: format!("{security}{leaf}"),
        value: value.to_string(),
        // TR-181: the keys are hexBinary, the passphrase and the mode strings.
        value_type: if matches!(leaf, "WEPKey" | "PreSharedKey") {
            ValueType::HexBinary
        } else {
            ValueType::String
        },
    };
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    let mut out = Vec::new();
    let mode = match (text("wpap"), text("wepk")) {
        (Some(psk), _) if psk.len() == 64 && hex(psk) => {
            out.push(param("PreSharedKey", psk));
            "WPA2-Personal"
        }
        (Some(passphrase), _) if (8..=63).contains(&passphrase.chars().count()) => {
            out.push(param("KeyPassphrase", passphrase));
            "WPA2-Personal"
        }
        (Some(_), _) => return None,
        (None, Some(key)) if hex(key) && matches!(key.len(), 10 | 26) => {
            out.push(param("WEPKey", key));
            if key.len() == 10 { "WEP-64" } else { "WEP-128" }
        }
        (None, Some(_)) => return None,
        // Only an empty object opens the network: `enct` alone may name any mode.
        (None, None) if credentials.is_empty() => "None",
        (None, None) => return None,
    };
    out.insert(0, param("ModeEnabled", mode));
    Some(out)
}

/// m2m:status of an accepted transfer or DU change from its task.
fn progress(task: &Task) -> u64 {
    match task.state {
        TaskState::Done => STATUS_SUCCESSFUL,
        TaskState::Faulted | TaskState::Expired | TaskState::Cancelled => STATUS_FAILURE,
        _ => STATUS_IN_PROCESS,
    }
}

/// Tracks a task whose outcome arrives later (TransferComplete, DUStateChangeComplete),
/// noting it privately on the resource so that a restart resumes it. Either order with the
/// CSE's own write of the Update is fine: each write starts from the stored resource.
fn remember(manager: &Manager, target: &Resource, task: &Task) {
    if task.state.is_final() {
        return;
    }
    manager.track(
        task.id,
        Tracked::Object {
            object: target.ri().to_string(),
        },
    );
    let manager = manager.clone();
    let ri = target.ri().to_string();
    let id = task.id;
    tokio::spawn(async move {
        let Some(r) = manager.cse().resource(&ri) else {
            return;
        };
        let mut private = r.private.clone();
        private.insert("task".into(), Value::from(id));
        if manager
            .cse()
            .system_update(&ri, Map::new(), Some(private))
            .await
            .is_ok()
            && let Ok(Some(t)) = manager.acs().store().task(id).await
            && t.state.is_final()
        {
            // It finished before the note was written.
            apply(&manager, &ri, &t).await;
        }
    });
}

/// A tracked mgmtObj task changed: firmware `uds`, software `ins` and the instance the
/// software now maps to (TS-0006 7.9, 7.10).
pub(crate) async fn apply(manager: &Manager, object: &str, task: &Task) {
    if !task.state.is_final() {
        return;
    }
    let cse = manager.cse();
    let Some(resource) = cse.resource(object) else {
        return;
    };
    let status = progress(task);
    let mut changes = Map::new();
    let mut private = resource.private.clone();
    private.remove("task");
    match resource.mgd() {
        Some(1001) => {
            changes.insert("uds".into(), action_status("ud", status));
        }
        Some(1002) => {
            let action = resource
                .attrs
                .get("ins")
                .and_then(|v| v.get("acn"))
                .and_then(Value::as_str)
                .unwrap_or("in")
                .to_string();
            changes.insert("ins".into(), action_status(&action, status));
            if status == STATUS_SUCCESSFUL
                && let Some(Message::DuStateChangeComplete(done)) =
                    device::response(task, task.responses.len().saturating_sub(1))
                && let Some(result) = done.results.first()
            {
                if action == "un" {
                    changes.insert("obps".into(), Value::Null);
                    private.remove("uuid");
                    private.remove("eu");
                } else {
                    let du = format!("{}.", result.deployment_unit_ref.trim_end_matches('.'));
                    changes.insert("obps".into(), Value::Array(vec![Value::String(du)]));
                    private.insert("uuid".into(), Value::String(result.uuid.clone()));
                    if let Some(eu) = first_eu_instance(&result.execution_unit_ref_list) {
                        private.insert("eu".into(), Value::String(eu));
                    }
                    if !result.version.is_empty() {
                        changes.insert("vr".into(), Value::String(result.version.clone()));
                    }
                }
            }
        }
        _ => {}
    }
    if let Err(e) = cse.system_update(object, changes, Some(private)).await {
        tracing::warn!(object, error = %e.dbg, "mgmtObj state not written");
    }
}

/// The instance number of the first ExecutionUnit in a reference list.
pub(crate) fn first_eu_instance(list: &str) -> Option<String> {
    let first = list.split(',').next()?.trim().trim_end_matches('.');
    let n = first.rsplit('.').next()?;
    (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then(|| n.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn conversions_follow_the_reference() {
        assert_eq!(
            convert(Conversion::KibToBytes, "2"),
            Some(Value::from(2048))
        );
        assert_eq!(
            convert(Conversion::DateTime, "2025-06-01T08:00:00Z"),
            Some(Value::String("20250601T080000".into()))
        );
        assert_eq!(convert(Conversion::DateTime, "0001-01-01T00:00:00Z"), None);
        // An offset is taken off: the attribute is UTC (TS-0004 6.3.3).
        for (raw, utc) in [
            ("2025-06-01T08:00:00+02:00", "20250601T060000"),
            ("2025-06-01T08:00:00.123456Z", "20250601T080000"),
            ("2026-03-01T01:15:00+02:00", "20260228T231500"),
            ("2024-12-31T23:30:00-01:00", "20250101T003000"),
            ("2024-02-29T12:00:00+0530", "20240229T063000"),
            ("2025-06-01T08:00:00", "20250601T080000"),
        ] {
            assert_eq!(
                convert(Conversion::DateTime, raw),
                Some(Value::String(utc.into())),
                "{raw}"
            );
        }
        assert_eq!(convert(Conversion::DateTime, "yesterday"), None);
        assert_eq!(convert(Conversion::Boolean, "1"), Some(Value::Bool(true)));
        assert_eq!(convert(Conversion::UnsignedInt, "x"), None);
        assert_eq!(
            first_eu_instance("Device.SoftwareModules.ExecutionUnit.3"),
            Some("3".into())
        );
        assert_eq!(first_eu_instance(""), None);
    }

    #[test]
    fn activity_of_an_execution_unit() {
        assert_eq!(
            convert(Conversion::ActiveStatus, "Active"),
            Some(action_status("act", STATUS_SUCCESSFUL))
        );
        assert_eq!(
            convert(Conversion::ActiveStatus, "Stopping"),
            Some(action_status("dea", STATUS_IN_PROCESS))
        );
        // Not a TR-181 state: Uninitialized, as the table documents.
        assert_eq!(
            convert(Conversion::ActiveStatus, "Restarting"),
            Some(serde_json::json!({"sus": 0}))
        );
    }

    #[test]
    fn wifi_credentials_become_the_profile_security_parameters() {
        use crate::tables::params::{WIFI_SECURITY_MODES, WIFI_SECURITY_PARAMETERS};
        let security = "Device.WiFi.EndPoint.1.Profile.2.Security.";
        let written = |credentials: Value| {
            wifi_security(security, &credentials).map(|list| {
                list.into_iter()
                    .map(|p| {
                        let leaf = p.name.strip_prefix(security).unwrap_or_default();
                        assert!(WIFI_SECURITY_PARAMETERS.contains(&leaf), "{leaf}");
                        (leaf.to_string(), p.value)
                    })
                    .collect::<Vec<_>>()
            })
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        let psk = "0123456789abcdef".repeat(4);
        for (credentials, want) in [
            (
                json!({"enct": 1, "wpap": "correct horse"}),
                Some(vec![
                    pair("ModeEnabled", "WPA2-Personal"),
                    pair("KeyPassphrase", "correct horse"),
                ]),
            ),
            (
                json!({"wpap": psk}),
                Some(vec![
                    pair("ModeEnabled", "WPA2-Personal"),
                    pair("PreSharedKey", &psk),
                ]),
            ),
            (
                json!({"wepk": "0102030405"}),
                Some(vec![
                    pair("ModeEnabled", "WEP-64"),
                    pair("WEPKey", "0102030405"),
                ]),
            ),
            (
                json!({"wepk": "0102030405060708090a0b0c0d"}),
                Some(vec![
                    pair("ModeEnabled", "WEP-128"),
                    pair("WEPKey", "0102030405060708090a0b0c0d"),
                ]),
            ),
            // An open network is an empty object; `enct` alone, whose values no text we
            // have defines, could mean any mode, so it is refused rather than guessed.
            (json!({}), Some(vec![pair("ModeEnabled", "None")])),
            (json!({"enct": 0}), None),
            // 802.1X credentials, which a profile cannot hold: refused, not dropped.
            (json!({"unm": "alice", "pwd": "secret"}), None),
            (json!({"enct": 1, "wpap": "a-passphrase", "pwd": "x"}), None),
            // Keys TR-181 cannot hold: a passphrase under 8 or over 63 characters, a WEP
            // key of another length or not hexadecimal; and no object at all.
            (json!({"wpap": "short"}), None),
            (json!({"wpap": "x".repeat(64)}), None),
            (json!({"wepk": "01020304"}), None),
            (json!({"wepk": "zz02030405"}), None),
            (json!("wpa2"), None),
        ] {
            let got = written(credentials.clone());
            if let Some(list) = &got {
                assert!(WIFI_SECURITY_MODES.contains(&list[0].1.as_str()));
            }
            assert_eq!(got, want, "{credentials}");
        }
    }

    #[test]
    fn suids_read_back_as_numbers() {
        let map = crate::tables::params::TR181
            .objects
            .iter()
            .find(|o| o.mgd == 1023)
            .unwrap();
        let place = Placement {
            device_id: "d".into(),
            map,
            path: Some("Device.Security.Certificate.3.".into()),
        };
        let values: HashMap<String, String> = [(
            "Device.Security.Certificate.3.X_oneM2M_org_SUIDs".to_string(),
            "41, 42,x".to_string(),
        )]
        .into_iter()
        .collect();
        assert_eq!(
            attributes_from(&place, None, &values)["suids"],
            serde_json::json!([41, 42])
        );
        // Other lists stay strings.
        assert!(!integer_items(1004, "ldv"));
        assert!(integer_items(1023, "suids"));
    }

    #[test]
    fn list_values_are_collected_across_instances() {
        let values: HashMap<String, String> = [
            ("Device.Hosts.Host.2.PhysAddress", "bb"),
            ("Device.Hosts.Host.1.PhysAddress", "aa"),
            ("Device.Hosts.Host.1.HostName", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            collect_list("Device.Hosts.Host.{i}.PhysAddress", &values),
            vec![Value::String("aa".into()), Value::String("bb".into())]
        );
    }
}
