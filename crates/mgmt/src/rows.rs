//! Create and Delete of a `<mgmtObj>` whose device object the ACS may add and remove
//! (TS-0006 8.1.2 Create → AddObject, 8.1.3 Delete → DeleteObject): the tables the
//! mapping marks `creatable` (a `[wifiClient]`: a profile of a Wi-Fi EndPoint).
//!
//! A Create adds the instance, then writes the request's writable attributes and the
//! table's `created_with` parameters in one SetParameterValues; if the device refuses that
//! write, the instance is deleted again, so a failed Create leaves nothing behind. Instance
//! numbers are the device's (TR-069 3.6.1): the CSE keeps the mapping in `obps`.

use std::time::Instant;

use acs::{Awaited, TaskRequest};
use cse::{Carried, CseError, CseResult, Resource};
use cwmp::rpc::{AddObject, DeleteObject, GetParameterValues, SetParameterValues};
use cwmp::{Message, ParameterValue, ValueType};
use onem2m::Rsc;
use serde_json::{Map, Value};

use crate::device;
use crate::manager::Manager;
use crate::objects::{
    Placement, parameter_key, placement, run, run_to_answer, set_values, status_rsc,
};
use crate::paths;
use crate::tables::params::{ConstValue, ObjectMap};
use crate::tables::status::ObjectOp;

/// The creatable map of the specialization a Create under a device's `<node>` asks for.
fn creatable_map(parent: &Resource, request: &Map<String, Value>) -> Option<&'static ObjectMap> {
    let model = device::model_of_node(parent)?;
    let mgd = request.get("mgd").and_then(Value::as_u64)?;
    model
        .objects
        .iter()
        .find(|m| u64::from(m.mgd) == mgd && m.creatable.is_some())
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
    let Some(map) = creatable_map(parent, request) else {
        return Ok(Carried::NotMine);
    };
    let (Some(table_template), Some(instance_template)) = (map.creatable, map.instances) else {
        return Ok(Carried::NotMine);
    };
    // The writes, checked before the device is touched: a value the device's table cannot
    // hold fails the Create with nothing added. Instance 0 is never a real one (TR-069
    // 3.6.1 numbers from 1); it stands in until the device names the instance.
    let writes = |path: &str| -> CseResult<Vec<ParameterValue>> {
        let place = Placement {
            device_id: device_id.clone(),
            map,
            path: Some(path.to_string()),
        };
        if paths::numbers(instance_template, path).is_none() {
            return Err(CseError::internal(format!(
                "{path} is no instance of {instance_template}"
            )));
        }
        let mut sets: Vec<ParameterValue> = Vec::new();
        for (name, value) in request {
            if let Some(param) = map.attribute(name).filter(|p| p.writable) {
                sets.extend(set_values(&place, param, None, value)?);
            }
        }
        for (template, value) in map.created_with {
            let (value, value_type) = match *value {
                ConstValue::Bool(b) => (b.to_string(), ValueType::Boolean),
                ConstValue::Int(n) => (n.to_string(), ValueType::Int),
                ConstValue::Str(text) => (text.to_string(), ValueType::String),
            };
            if let Some(name) = place.parameter(template, None) {
                sets.push(ParameterValue {
                    name,
                    value,
                    value_type,
                });
            }
        }
        Ok(sets)
    };
    let provisional = table_template.replace("{i}", "0");
    writes(&format!("{provisional}0."))?;
    let table = parent_table(manager, &device_id, table_template, deadline).await?;
    let add = Message::AddObject(AddObject {
        object_name: table.clone(),
        parameter_key: parameter_key(),
    });
    let added = run(
        manager,
        &device_id,
        vec![add],
        ObjectOp::Create,
        Awaited::Finished,
        deadline,
    )
    .await?;
    let number = match device::response(&added, 0) {
        Some(Message::AddObjectResponse(r)) if r.instance_number > 0 => r.instance_number,
        _ => {
            return Err(CseError::new(
                Rsc::MgmtConversionError,
                "the device's AddObjectResponse names no instance",
            ));
        }
    };
    let path = format!("{table}{number}.");
    let sets = writes(&path)?;
    if !sets.is_empty() {
        let spv = Message::SetParameterValues(SetParameterValues {
            parameter_list: sets,
            parameter_key: parameter_key(),
        });
        let written = run(
            manager,
            &device_id,
            vec![spv],
            ObjectOp::Update,
            Awaited::Finished,
            deadline,
        )
        .await;
        if let Err(refused) = written {
            // All or nothing: the instance goes again, whenever the device next connects
            // (within the task lifetime; until then discovery may show it).
            let undo = Message::DeleteObject(DeleteObject {
                object_name: path.clone(),
                parameter_key: parameter_key(),
            });
            let undo = TaskRequest {
                lifetime: Some(manager.shared.config.task_lifetime),
                ..TaskRequest::new(undo)
            };
            let _ = manager.acs().queue(&device_id, undo).await;
            return Err(refused);
        }
    }
    let mut stored = request.clone();
    stored.insert(
        "obis".into(),
        Value::Array(vec![Value::String(map.object_id.into())]),
    );
    stored.insert("obps".into(), Value::Array(vec![Value::String(path)]));
    Ok(Carried::Done((stored, Map::new())))
}

/// The concrete table to add to: `table_template` with each parent table's `{i}` resolved
/// to the device's first instance of it (read from the device now). A device without one
/// does not implement the table: 5001, as AddObject's 9005 maps (TS-0006 8.1.2).
async fn parent_table(
    manager: &Manager,
    device_id: &str,
    table_template: &str,
    deadline: Instant,
) -> CseResult<String> {
    let Some((head, _)) = table_template.split_once("{i}") else {
        return Ok(table_template.to_string());
    };
    let parent_template = &table_template[..table_template.rfind("{i}.").unwrap_or(0) + 4];
    let read = Message::GetParameterValues(GetParameterValues {
        parameter_names: vec![head.to_string()],
    });
    let task = run(
        manager,
        device_id,
        vec![read],
        ObjectOp::Retrieve,
        Awaited::Finished,
        deadline,
    )
    .await?;
    let values = device::values(&task);
    paths::instances(parent_template, values.keys())
        .first()
        .and_then(|numbers| paths::fill(table_template, numbers))
        .ok_or_else(|| {
            CseError::new(
                Rsc::NotImplemented,
                format!("the device has no {parent_template} to add to"),
            )
        })
}

/// Delete of a `<mgmtObj>` bound to an instance of a creatable table → DeleteObject.
/// Any other `<mgmtObj>`: nothing to do, the CSE deletes it as stored. A device that refuses
/// keeps the resource (the fault's status); one that no longer has the instance (9005)
/// lets it go, as what the Delete asks for already holds.
pub(crate) async fn delete(
    manager: &Manager,
    target: &Resource,
    deadline: Instant,
) -> CseResult<()> {
    let Some(place) = placement(manager, target) else {
        return Ok(());
    };
    let Some(path) = place.path.clone() else {
        return Ok(());
    };
    if place.map.creatable.is_none() || place.instance().is_none() {
        return Ok(());
    }
    let delete = Message::DeleteObject(DeleteObject {
        object_name: path,
        parameter_key: parameter_key(),
    });
    let done = run_to_answer(
        manager,
        &place.device_id,
        vec![delete],
        Awaited::Finished,
        deadline,
    )
    .await?;
    match done.fault {
        None => Ok(()),
        // 9005: no such instance (any more).
        Some(fault) if fault.code == 9005 => Ok(()),
        Some(fault) => Err(CseError::new(
            status_rsc(ObjectOp::Delete, fault.code),
            format!("the device refused: fault {} {}", fault.code, fault.message),
        )),
    }
}
