//! Discovery (TS-0006 7.1): a CPE's first Inform — and every BOOT or BOOTSTRAP after it —
//! makes or refreshes its `<node>` and one `<mgmtObj>` per mapped object or instance, filled
//! from the Inform and one GetParameterValues of the model's discovery paths. Other Informs
//! (periodic, VALUE CHANGE) refresh the attributes their parameters map to; every change
//! notifies the resources' subscribers.

use std::collections::HashMap;
use std::time::Instant;

use acs::{Awaited, InformEvent, TaskRequest};
use cse::Resource;
use cwmp::Message;
use cwmp::rpc::GetParameterValues;
use serde_json::{Map, Value};
use store::TaskState;

use crate::device::{
    self,
    cse_kinds::{MGMT_OBJ, NODE},
};
use crate::manager::{Manager, attrs};
use crate::objects::{
    Placement, STATUS_SUCCESSFUL, STATUS_UNINITIALIZED, action_status, attributes_from,
    first_eu_instance,
};
use crate::paths;
use crate::signals::Waited;
use crate::tables::params::{CALLER_FILLED, ConstValue, ModelMap, ObjectMap, model_for_root};

pub(crate) async fn on_inform(
    manager: &Manager,
    device_id: &str,
    new_device: bool,
    events: &[InformEvent],
    parameters: &[cwmp::ParameterValue],
) {
    let lock = manager.device_lock(device_id);
    let _one_at_a_time = lock.lock().await;
    let root = parameters
        .iter()
        .find_map(|p| p.name.split_once('.').map(|(r, _)| format!("{r}.")))
        .unwrap_or_else(|| "Device.".to_string());
    let Some(model) = model_for_root(&root) else {
        tracing::debug!(device_id, root, "no mapping for this data model; no <node>");
        return;
    };
    let mut values: HashMap<String, String> = parameters
        .iter()
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect();
    let cse = manager.cse();
    let node_path = format!("{}/{}", cse.config().cse_name, device::node_name(device_id));
    let existing = cse.resource_at(&node_path);
    let booted = events
        .iter()
        .any(|e| e.code == "0 BOOTSTRAP" || e.code == "1 BOOT");
    let full = new_device || booted || existing.is_none();
    let node = match node(manager, device_id, model, existing, &values).await {
        Some(node) => node,
        None => return,
    };
    if full {
        // Without a complete read, an instance missing from the values may only be unread:
        // the objects bound to instances are then kept.
        let complete = match read_device(manager, device_id, model).await {
            Some(read) => {
                values.extend(read.values);
                read.complete
            }
            None => {
                tracing::info!(
                    device_id,
                    "discovery read failed; objects from the Inform only"
                );
                false
            }
        };
        sync_objects(manager, &node, model, &values, complete).await;
    } else {
        refresh_from(manager, &node, &values).await;
    }
}

/// The device's `<node>`, made on first contact, its `mgca` kept current.
async fn node(
    manager: &Manager,
    device_id: &str,
    model: &'static ModelMap,
    existing: Option<Resource>,
    values: &HashMap<String, String>,
) -> Option<Resource> {
    let cse = manager.cse();
    let cr_url = values.get(model.connection_request_url).cloned();
    if let Some(node) = existing {
        if let Some(url) = cr_url
            && node.str_attr("mgca") != Some(url.as_str())
        {
            let _ = cse
                .system_update(node.ri(), attrs([("mgca", Value::String(url))]), None)
                .await;
        }
        return cse.resource(node.ri());
    }
    let mut node_attrs = attrs([
        ("rn", Value::String(device::node_name(device_id))),
        ("ni", Value::String(device::node_id(device_id))),
    ]);
    if let Some(url) = cr_url {
        node_attrs.insert("mgca".into(), Value::String(url));
    }
    let private = attrs([("root", Value::String(model.root.to_string()))]);
    match cse
        .system_create(cse.base_ri(), NODE, node_attrs, private)
        .await
    {
        Ok(node) => Some(node),
        Err(e) => {
            tracing::warn!(device_id, error = %e.dbg, "<node> not created");
            None
        }
    }
}

/// What discovery read from the device.
struct Read {
    values: HashMap<String, String>,
    /// Every discovery path was answered (read, or absent from the device): a table
    /// instance missing from `values` is gone from the device.
    complete: bool,
}

/// One GetParameterValues of the model's discovery paths, in the device's session. TR-069
/// A.3.2.2 faults the whole request (9005) when one name is not in the device's data model,
/// and real devices leave optional objects out (SoftwareModules, Syslog, Wi-Fi, the
/// certificate table…): then each path is read on its own, and those the device lacks are
/// left out.
async fn read_device(manager: &Manager, device_id: &str, model: &ModelMap) -> Option<Read> {
    let deadline = Instant::now() + manager.shared.config.discovery_timeout;
    let paths: Vec<String> = model
        .discovery_paths
        .iter()
        .map(|p| p.to_string())
        .collect();
    let task = queue_read(manager, device_id, paths.clone()).await?;
    match wait_read(manager, &task, deadline).await {
        Ok(values) => {
            return Some(Read {
                values,
                complete: true,
            });
        }
        Err(Some(INVALID_PARAMETER_NAME)) if paths.len() > 1 => {}
        Err(_) => return None,
    }
    let mut tasks = Vec::with_capacity(paths.len());
    for path in paths {
        tasks.push(queue_read(manager, device_id, vec![path]).await);
    }
    let mut values = HashMap::new();
    let mut complete = true;
    let mut any = false;
    for task in tasks {
        let Some(task) = task else {
            complete = false;
            continue;
        };
        match wait_read(manager, &task, deadline).await {
            Ok(read) => {
                any = true;
                values.extend(read);
            }
            Err(Some(INVALID_PARAMETER_NAME)) => {} // not in this device's data model
            Err(_) => complete = false,
        }
    }
    any.then_some(Read { values, complete })
}

/// CPE fault 9005 Invalid parameter name (TR-069 A.5.1).
const INVALID_PARAMETER_NAME: u32 = 9005;

async fn queue_read(
    manager: &Manager,
    device_id: &str,
    parameter_names: Vec<String>,
) -> Option<store::Task> {
    manager
        .acs()
        .queue(
            device_id,
            TaskRequest {
                lifetime: Some(manager.shared.config.discovery_timeout),
                ..TaskRequest::new(Message::GetParameterValues(GetParameterValues {
                    parameter_names,
                }))
            },
        )
        .await
        .ok()
}

/// The values a read task brought, or the CPE fault code (`None`: no answer in time).
async fn wait_read(
    manager: &Manager,
    task: &store::Task,
    deadline: Instant,
) -> Result<HashMap<String, String>, Option<u32>> {
    let acs = manager.acs();
    match manager
        .shared
        .signals
        .wait(acs, task, Awaited::Finished, deadline, false)
        .await
    {
        Waited::Reached(done) if done.state == TaskState::Done => Ok(device::values(&done)),
        Waited::Reached(failed) => Err(failed.fault.as_ref().map(|f| f.code)),
        _ => {
            let _ = acs.cancel(task.id).await;
            Err(None)
        }
    }
}

fn present(presence: &str, values: &HashMap<String, String>) -> bool {
    if presence.ends_with('.') {
        values.keys().any(|k| k.starts_with(presence))
    } else {
        values.contains_key(presence)
    }
}

/// The object path a single-instance object is bound to.
fn single_path(map: &ObjectMap) -> String {
    if map.presence.ends_with('.') {
        map.presence.to_string()
    } else {
        match map.presence.rsplit_once('.') {
            Some((parent, _)) => format!("{parent}."),
            None => map.presence.to_string(),
        }
    }
}

fn const_value(value: ConstValue) -> Value {
    match value {
        ConstValue::Int(n) => Value::from(n),
        ConstValue::Str(s) => Value::String(s.to_string()),
        ConstValue::Bool(b) => Value::Bool(b),
    }
}

/// Attributes a discovered object starts with beyond its parameters: its definition, the
/// data model it maps to (TS-0006 7.1: objectIDs carry the model's URN), executable
/// attributes false, and what the device cannot tell.
fn initial(map: &ObjectMap, path: &str) -> Map<String, Value> {
    let mut out = attrs([
        ("mgd", Value::from(map.mgd)),
        (
            "obis",
            Value::Array(vec![Value::String(map.object_id.to_string())]),
        ),
        ("obps", Value::Array(vec![Value::String(path.to_string())])),
    ]);
    for (name, value) in map.constants {
        out.insert((*name).to_string(), const_value(*value));
    }
    for trigger in map.triggers {
        out.insert(trigger.attribute.to_string(), Value::Bool(false));
    }
    let filled = CALLER_FILLED
        .iter()
        .find(|(mgd, _)| *mgd == map.mgd)
        .map_or(&[][..], |(_, names)| *names);
    for name in filled {
        let value = match *name {
            "uds" => action_status("ud", STATUS_UNINITIALIZED),
            // A discovered deployment unit is installed.
            "ins" => action_status("in", STATUS_SUCCESSFUL),
            "acts" => action_status("act", STATUS_UNINITIALIZED),
            "ud" | "in" | "un" | "act" | "dea" | "lga" | "lgo" | "rbo" | "far" | "ena" | "dis"
            | "scan" => Value::Bool(false),
            _ => Value::String(String::new()),
        };
        out.entry(name.to_string()).or_insert(value);
    }
    out
}

/// Brings the node's mgmtObjs in line with the device: one per mapped object or instance,
/// created, refreshed, or removed when its instance is gone.
async fn sync_objects(
    manager: &Manager,
    node: &Resource,
    model: &'static ModelMap,
    values: &HashMap<String, String>,
    complete: bool,
) {
    let cse = manager.cse();
    let children: Vec<Resource> = cse
        .children(node.ri())
        .into_iter()
        .filter(|c| c.ty == MGMT_OBJ)
        .collect();
    let discovered = |c: &Resource| c.private.get("discovered") == Some(&Value::Bool(true));
    // An object an application made (a Wi-Fi profile it added) wins over one discovery made
    // for the same instance: discovery can meet the instance before the application's
    // resource is stored, and the duplicate goes below.
    let bound = |mgd: u32, path: &str| {
        let mut matching = children.iter().filter(|c| {
            c.mgd() == Some(mgd)
                && c.attrs
                    .get("obps")
                    .and_then(Value::as_array)
                    .and_then(|p| p.first())
                    .and_then(Value::as_str)
                    == Some(path)
        });
        let first = matching.next();
        match first {
            Some(c) if discovered(c) => matching.find(|c| !discovered(c)).or(first),
            _ => first,
        }
    };
    let device_id = device::device_of_node(node).unwrap_or_default();
    let mut kept: Vec<String> = Vec::new();
    for map in model.objects {
        let wanted: Vec<(String, Option<String>)> = match map.instances {
            None => {
                if !present(map.presence, values) {
                    continue;
                }
                vec![(map.resource_name.to_string(), Some(single_path(map)))]
            }
            // One resource per instance that has the presence parameter, named by its
            // numbers: firmware-2, wifiClient-1-3.
            Some(template) => paths::instances(template, values.keys())
                .into_iter()
                .filter_map(|numbers| {
                    if !present(&paths::fill(map.presence, &numbers)?, values) {
                        return None;
                    }
                    let path = paths::fill(template, &numbers)?;
                    let suffix: Vec<String> = numbers.iter().map(u32::to_string).collect();
                    Some((
                        format!("{}-{}", map.resource_name, suffix.join("-")),
                        Some(path),
                    ))
                })
                .collect(),
        };
        for (name, path) in wanted {
            let path = path.unwrap_or_default();
            let place = Placement {
                device_id: device_id.clone(),
                map,
                path: Some(path.clone()),
            };
            let mut private = Map::new();
            if map.mgd == 1002 {
                if let Some(eu) = values
                    .get(&format!("{path}ExecutionUnitList"))
                    .and_then(|l| first_eu_instance(l))
                {
                    private.insert("eu".into(), Value::String(eu));
                }
                if let Some(uuid) = values.get(&format!("{path}UUID")) {
                    private.insert("uuid".into(), Value::String(uuid.clone()));
                }
            }
            let eu = private
                .get("eu")
                .and_then(Value::as_str)
                .map(str::to_string);
            let fresh = attributes_from(&place, eu.as_deref(), values);
            let existing = bound(map.mgd, &path)
                .cloned()
                .or_else(|| children.iter().find(|c| c.rn() == name).cloned());
            match existing {
                Some(object) => {
                    kept.push(object.ri().to_string());
                    let mut next = object.private.clone();
                    next.extend(private);
                    let mut changes = fresh;
                    changes.insert(
                        "obps".into(),
                        Value::Array(vec![Value::String(path.clone())]),
                    );
                    if let Err(e) = cse.system_update(object.ri(), changes, Some(next)).await {
                        tracing::warn!(error = %e.dbg, "mgmtObj not refreshed");
                    }
                }
                None => {
                    let mut all = initial(map, &path);
                    all.extend(fresh);
                    all.insert("rn".into(), Value::String(name.clone()));
                    private.insert("discovered".into(), Value::Bool(true));
                    match cse.system_create(node.ri(), MGMT_OBJ, all, private).await {
                        Ok(created) => kept.push(created.ri().to_string()),
                        Err(e) => tracing::warn!(name, error = %e.dbg, "mgmtObj not created"),
                    }
                }
            }
        }
    }
    // Instances the device no longer has: what discovery made goes; what an application
    // made stays, unbound. Only known after a complete read.
    if !complete {
        return;
    }
    for child in children {
        if kept.iter().any(|k| k == child.ri()) || !child.attrs.contains_key("obps") {
            continue;
        }
        let instance_backed = model
            .objects
            .iter()
            .any(|m| m.mgd == child.mgd().unwrap_or_default() && m.instances.is_some());
        if !instance_backed {
            continue;
        }
        if discovered(&child) {
            let _ = cse.system_delete(child.ri()).await;
        } else {
            let _ = cse
                .system_update(child.ri(), attrs([("obps", Value::Null)]), None)
                .await;
        }
    }
}

/// A periodic or VALUE CHANGE Inform: the attributes its parameters map to.
async fn refresh_from(manager: &Manager, node: &Resource, values: &HashMap<String, String>) {
    let cse = manager.cse();
    for child in cse.children(node.ri()) {
        if child.ty != MGMT_OBJ {
            continue;
        }
        let Some(place) = crate::objects::placement(manager, &child) else {
            continue;
        };
        let eu = child.private.get("eu").and_then(Value::as_str);
        let fresh = attributes_from(&place, eu, values);
        if !fresh.is_empty()
            && let Err(e) = cse.system_update(child.ri(), fresh, None).await
        {
            tracing::warn!(error = %e.dbg, "mgmtObj not refreshed");
        }
    }
}
