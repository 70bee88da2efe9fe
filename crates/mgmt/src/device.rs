//! How a device and its resources find each other, and what a finished task says.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use acs::TaskRequest;

use cse::Resource;
use cwmp::{Envelope, Message};
use store::Task;

use crate::tables::params::{ModelMap, model_for_root};

/// `ni` of a CPE's `<node>`: the CWMP identity OUI-ProductClass-SerialNumber (the ACS's
/// device id) as a URN of the `dev:ops` form (RFC 9039), which TS-0001 accepts for
/// M2M-Node-IDs.
pub(crate) const NODE_ID_PREFIX: &str = "urn:dev:ops:";

pub(crate) fn node_id(device_id: &str) -> String {
    format!("{NODE_ID_PREFIX}{device_id}")
}

/// The device a `<node>` stands for, if the management layer made it.
pub(crate) fn device_of_node(node: &Resource) -> Option<String> {
    if node.ty != cse_kinds::NODE {
        return None;
    }
    node.str_attr("ni")?
        .strip_prefix(NODE_ID_PREFIX)
        .map(str::to_string)
}

/// The data model (TR-181, TR-098) of the device behind a `<node>`, as discovery found it.
pub(crate) fn model_of_node(node: &Resource) -> Option<&'static ModelMap> {
    node.private
        .get("root")
        .and_then(serde_json::Value::as_str)
        .and_then(model_for_root)
}

/// The resource name of a device's `<node>`: its device id with anything that may not
/// appear in a resource name replaced by `_`.
pub(crate) fn node_name(device_id: &str) -> String {
    device_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Resource type numbers the layer deals in (TS-0004 Table 6.3.4.2.1-1).
pub(crate) mod cse_kinds {
    pub(crate) const EXEC_INSTANCE: u32 = 8;
    pub(crate) const MGMT_CMD: u32 = 12;
    pub(crate) const MGMT_OBJ: u32 = 13;
    pub(crate) const NODE: u32 = 14;
}

/// A task that lives only as long as a request waits for it (a second more, so that it does
/// not expire while the waiter looks at it): what the originator gave up on is not sent later.
pub(crate) fn for_request(rpcs: Vec<Message>, deadline: Instant) -> TaskRequest {
    TaskRequest {
        lifetime: Some(deadline.saturating_duration_since(Instant::now()) + Duration::from_secs(1)),
        ..TaskRequest::batch(rpcs)
    }
}

/// The CPE's answer to one step of a task, decoded.
pub(crate) fn response(task: &Task, step: usize) -> Option<Message> {
    let text = task.responses.get(step)?;
    Envelope::parse(text.as_bytes()).ok().map(|e| e.body)
}

/// Every parameter value a task's GetParameterValues answers carry.
pub(crate) fn values(task: &Task) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for step in 0..task.responses.len() {
        if let Some(Message::GetParameterValuesResponse(r)) = response(task, step) {
            for p in r.parameter_list {
                values.insert(p.name, p.value);
            }
        }
    }
    values
}
