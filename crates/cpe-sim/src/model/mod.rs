//! A simulated device's TR-069 data model: loaded from a model file, answering the parameter
//! RPCs of TR-069 A.3.2 (Get/SetParameterValues, GetParameterNames, Get/SetParameterAttributes,
//! AddObject, DeleteObject) and keeping the record of value changes that notification needs.
//!
//! # The model file format
//!
//! UTF-8 text, one entry per line. A line whose first non-blank character is `#` is a
//! comment; blank lines are ignored. Every other line is
//!
//! ```text
//! <path> <type> <access> <value>
//! ```
//!
//! The first three fields are separated by spaces or tabs (one or more). The value is the
//! rest of the line after the access field and the single space or tab that separates it: it
//! may be empty and may contain spaces (`Device.DeviceInfo.Description string R Simulated home
//! gateway`). For types other than `string`, surrounding whitespace in the value is dropped.
//! A trailing `\r` (CRLF files) is not part of the value.
//!
//! * `<path>` — the full name. Objects end with `.` (`Device.DeviceInfo.`), parameters do
//!   not (`Device.DeviceInfo.UpTime`). Names are made of letters, digits, `_` and `-`.
//! * `<type>` — `object`, or the parameter's type: `string`, `int`, `unsignedInt`, `long`,
//!   `unsignedLong`, `boolean`, `dateTime`, `base64`, `hexBinary`. The value must be valid
//!   for the type (`boolean` is `0`, `1`, `true` or `false`; `dateTime` is an xsd:dateTime
//!   such as `0001-01-01T00:00:00Z`). Object lines carry no value.
//! * `<access>` — `R` (read-only) or `W` (writable with SetParameterValues).
//!
//! Every node comes after its parent object; the top-level object (`Device. object R`) has
//! none. Each path appears once.
//!
//! ## Tables
//!
//! An object line whose path ends in `{i}.` declares the *template* of a multi-instance
//! object (a table):
//!
//! ```text
//! Device.WiFi.SSID.{i}. object W
//! Device.WiFi.SSID.{i}.Enable boolean W false
//! Device.WiFi.SSID.{i}.SSID string W Default
//! Device.WiFi.SSID.{i}.Stats. object R
//! Device.WiFi.SSID.{i}.Stats.BytesSent unsignedLong R 0
//! ```
//!
//! The lines below a template give what every instance holds and the defaults AddObject
//! creates it with; templates nest (`Device.IP.Interface.{i}.IPv4Address.{i}.`). The access
//! of the template line says whether the ACS may AddObject to and DeleteObject from the
//! table. A template implies the table object itself (`Device.WiFi.SSID.`), which is not
//! written separately. Templates are not part of the visible model: GetParameterNames and
//! GetParameterValues show only concrete nodes.
//!
//! Existing instances are written out with their numbers, each with everything its template
//! declares (same types and access; the instance object line has the template's access):
//!
//! ```text
//! Device.WiFi.SSID.1. object W
//! Device.WiFi.SSID.1.Enable boolean W true
//! Device.WiFi.SSID.1.SSID string W HomeNet
//! Device.WiFi.SSID.1.Stats. object R
//! Device.WiFi.SSID.1.Stats.BytesSent unsignedLong R 0
//! ```
//!
//! Numbered instances need a template. A table's count parameter exists only if the file
//! declares it, as the parameter named after the table next to it
//! (`Device.WiFi.SSIDNumberOfEntries` for `Device.WiFi.SSID.`), an `unsignedInt` equal to
//! the number of instances in the file; AddObject and DeleteObject keep it up to date, and
//! so do the device's own additions and removals ([`DataModel::add_object_internal`]).
//!
//! Errors name the line and what is wrong with it: an unknown type, bad access, a value not
//! valid for its type, a node without its parent object, a duplicate path, an instance
//! without a template or not matching it, a wrong count.
//!
//! # Memory
//!
//! A simulator holds tens of thousands of devices of one model. Everything a model file fixes
//! — names, types, access, default values, templates — is one shared, immutable
//! [`Arc`]ed schema; a [`DataModel`] adds only what differs on its device: values that are
//! not the file's, non-default attributes and pending value changes, each stored sparsely by
//! node position. Cloning a freshly loaded model copies a pointer and three empty vectors.
//! AddObject and DeleteObject change the node tree, so the first of them on a device gives it
//! its own copy of the schema (copy on write; names and values inside stay shared). Names are
//! found through a hash index.
//!
//! # Notification
//!
//! Values the device changes itself go through [`DataModel::set_internal`], which remembers
//! the change when the parameter's Notification is 1 (passive) or 2 (active);
//! [`DataModel::take_changes`] hands the record to the next Inform. Values the ACS sets are
//! never recorded (TR-069 A.3.2.4 and 3.7.1.5: changes made by the ACS are not notified).
//! Which parameters refuse active notification, start with it on, or have it forced on is
//! decided from their names, as the notification policy below says.
//!
//! ## Notification policy
//!
//! * `<root>.DeviceInfo.SoftwareVersion` and `<root>.DeviceInfo.ProvisioningCode` require
//!   Forced Active Notification (TR-181 `activeNotify="forceEnabled"`): their Notification
//!   is always 2 and requests to set another value are ignored, as A.3.2.4 says.
//! * `<root>.ManagementServer.ConnectionRequestURL` has active notification on by default
//!   (`forceDefaultEnabled`); the ACS may turn it off.
//! * Active notification (2) is rejected with fault 9009 on fast-changing values, as A.3.2.4
//!   allows: everything in a `.Stats.` object and parameters named `UpTime`, `LastChange`,
//!   `ChannelLastChange`, `CurrentLocalTime`, `CPUUsage`, `MemoryStatus.Free` and
//!   `MemoryStatus.FreePersistent` (all `activeNotify="canDeny"` in TR-181). Passive
//!   notification is accepted on them. A partial path whose subtree holds any of them fails
//!   as a whole (A.3.2.4).
//! * Lightweight notification (3–6) is not supported: fault 9003.
//! * AccessList is stored and reported as given; it starts empty (the simulated device has
//!   no LAN-side management entity).
//!
//! ## Secured values
//!
//! Passwords, passphrases, keys and secrets (a last name segment ending in `Password`,
//! `Passphrase` or `Secret`, or `WEPKey` / `PreSharedKey`) read back empty through
//! [`DataModel::get_values`] and [`DataModel::take_changes`], as TR-181 requires of its
//! hidden parameters; [`DataModel::value`] gives the device the real value.

mod error;
mod parse;
mod policy;
mod schema;
mod sparse;
mod types;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use cwmp::fault::SetParameterValuesFault;
use cwmp::rpc::{ParameterAttribute, ParameterInfo, SetParameterAttributesStruct};
use cwmp::{CpeFaultCode, ParameterValue, SoapFault};

pub use error::{ModelError, ParseErrorKind};

use policy::NotifyPolicy;
use schema::{BlueprintKind, Kind, Node, Param, Role, Schema};
use sparse::Sparse;

/// One device's data model. See the [module documentation](self) for the file format.
#[derive(Debug, Clone)]
pub struct DataModel {
    schema: Arc<Schema>,
    /// Values that differ from the schema's.
    values: Sparse<Box<str>>,
    /// Attributes that differ from the defaults.
    attributes: Sparse<Attributes>,
    /// Parameters changed by the device since the last [`DataModel::take_changes`], and
    /// whether any of those changes happened under active notification.
    changes: Sparse<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Attributes {
    notification: u8,
    access_list: Vec<String>,
}

impl DataModel {
    /// Reads a model from its text (see the [module documentation](self)).
    pub fn parse(text: &str) -> Result<DataModel, ModelError> {
        Ok(DataModel {
            schema: Arc::new(parse::parse(text)?),
            values: Sparse::default(),
            attributes: Sparse::default(),
            changes: Sparse::default(),
        })
    }

    /// Reads a model file.
    pub fn load(path: &std::path::Path) -> Result<DataModel, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text)
    }

    /// The number of parameters (objects not counted).
    pub fn len(&self) -> usize {
        self.schema.params
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The current value of a parameter, secured ones included (this is the device's own
    /// view); `None` for an unknown name or an object.
    pub fn value(&self, name: &str) -> Option<&str> {
        let i = self.schema.find(name)?;
        let param = self.param(i)?;
        Some(self.current(i, param))
    }

    /// Internal update by the device itself (uptime, firmware version after a download...),
    /// no access check. The value must be valid for the parameter's type; `false` (and no
    /// change) for an unknown name, an object or an invalid value. A value that differs from
    /// the current one is remembered for notification when the parameter's Notification is 1
    /// or 2.
    pub fn set_internal(&mut self, name: &str, value: &str) -> bool {
        let Some(i) = self.schema.find(name) else {
            return false;
        };
        let Some(param) = self.param(i) else {
            return false;
        };
        let Some(value) = param.ty.normalize(value) else {
            return false;
        };
        if self.current(i, param) == value {
            return true;
        }
        let level = self.notification(i, param);
        let value = value.to_owned();
        self.store(i, &value);
        if level > 0 {
            let active = level == 2 || self.changes.get(i).copied().unwrap_or(false);
            self.changes.insert(i, active);
        }
        true
    }

    /// GetParameterValues (TR-069 A.3.2.2). Each name is a parameter name or a partial path
    /// ending in `.` (its whole subtree); `""` is the whole model. Parameters come in model
    /// order, name after name, each with its declared type; secured values (passwords, keys)
    /// read as empty strings. An unknown name is fault 9005.
    pub fn get_values(&self, names: &[String]) -> Result<Vec<ParameterValue>, SoapFault> {
        let mut out = Vec::new();
        for name in names {
            let range = self.resolve(name).ok_or_else(|| invalid_name(name))?;
            for i in range {
                if let Some(param) = self.param(i) {
                    out.push(self.parameter_value(i, param));
                }
            }
        }
        Ok(out)
    }

    /// SetParameterValues (TR-069 A.3.2.1), all or nothing. A name listed twice is fault
    /// 9003. Otherwise every parameter in error gets a SetParameterValuesFault inside a 9003
    /// fault: 9005 unknown name or not a parameter, 9008 read-only, 9006 declared type differs
    /// from the parameter's (an untyped, `xsd:string` or unknown declared type is accepted if
    /// the text is a valid value), 9007 value not valid for the type. On success returns the
    /// status 0 (applied). Changes made here are not recorded for notification.
    pub fn set_values(&mut self, list: &[ParameterValue]) -> Result<u32, SoapFault> {
        let mut seen = HashSet::with_capacity(list.len());
        if let Some(twice) = list.iter().find(|pv| !seen.insert(pv.name.as_str())) {
            return Err(SoapFault::new(
                CpeFaultCode::InvalidArguments.code(),
                format!("Invalid arguments: {} appears more than once", twice.name),
            ));
        }
        let mut faults = Vec::new();
        let mut updates = Vec::with_capacity(list.len());
        for pv in list {
            match self.check_set(pv) {
                Ok(update) => updates.push(update),
                Err((code, text)) => faults.push(SetParameterValuesFault {
                    parameter_name: pv.name.clone(),
                    fault_code: code.code(),
                    fault_string: text.to_owned(),
                }),
            }
        }
        if !faults.is_empty() {
            let mut fault = SoapFault::cpe(CpeFaultCode::InvalidArguments);
            fault.set_parameter_values_faults = faults;
            return Err(fault);
        }
        for (i, value) in updates {
            self.store(i, &value);
        }
        Ok(0)
    }

    /// GetParameterNames (TR-069 A.3.2.3). `path` is `""` (the root), a partial path ending
    /// in `.`, or a parameter name. With `next_level` false: the node itself and everything
    /// below it (`""`: everything); with `next_level` true: only the nodes directly below
    /// (`""`: the top-level object), objects named with their trailing dot. A parameter name
    /// with `next_level` true is fault 9003, an unknown path 9005. Writable is the access of
    /// a parameter; for a table object, whether AddObject is allowed; for an instance,
    /// whether DeleteObject is.
    pub fn get_names(&self, path: &str, next_level: bool) -> Result<Vec<ParameterInfo>, SoapFault> {
        let schema = &*self.schema;
        let indices: Vec<u32> = if path.is_empty() {
            if next_level {
                schema.roots().collect()
            } else {
                (0..schema.nodes.len() as u32).collect()
            }
        } else {
            let i = schema.find(path).ok_or_else(|| invalid_name(path))?;
            match (&schema.node(i).kind, next_level) {
                (Kind::Param(_), true) => {
                    return Err(SoapFault::new(
                        CpeFaultCode::InvalidArguments.code(),
                        format!("Invalid arguments: NextLevel is true but {path} is a parameter"),
                    ));
                }
                (Kind::Param(_), false) => vec![i],
                (Kind::Object { .. }, true) => schema.children(i).collect(),
                (Kind::Object { .. }, false) => (i..schema.node(i).end).collect(),
            }
        };
        Ok(indices
            .into_iter()
            .map(|i| {
                let node = schema.node(i);
                ParameterInfo {
                    name: node.path.to_string(),
                    writable: writable(node),
                }
            })
            .collect())
    }

    /// GetParameterAttributes (TR-069 A.3.2.5): names and partial paths as for
    /// [`DataModel::get_values`]; unknown is fault 9005.
    pub fn get_attributes(&self, names: &[String]) -> Result<Vec<ParameterAttribute>, SoapFault> {
        let mut out = Vec::new();
        for name in names {
            let range = self.resolve(name).ok_or_else(|| invalid_name(name))?;
            for i in range {
                if let Some(param) = self.param(i) {
                    out.push(ParameterAttribute {
                        name: self.schema.node(i).path.to_string(),
                        notification: i32::from(self.notification(i, param)),
                        access_list: self
                            .attributes
                            .get(i)
                            .map(|a| a.access_list.clone())
                            .unwrap_or_default(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// SetParameterAttributes (TR-069 A.3.2.4), all or nothing, entries applied in order.
    /// A partial path applies to every parameter below it. Notification is changed only when
    /// NotificationChange is true and must then be 0, 1 or 2 (anything else, lightweight
    /// notification included, is fault 9003); AccessList is replaced only when
    /// AccessListChange is true. Unknown name: 9005. Active notification on a parameter
    /// that refuses it (see the [notification policy](self#notification-policy)), also
    /// through a partial path: 9009. Setting a forced-active parameter to anything but 2 is
    /// ignored.
    pub fn set_attributes(
        &mut self,
        list: &[SetParameterAttributesStruct],
    ) -> Result<(), SoapFault> {
        let mut ranges = Vec::with_capacity(list.len());
        for entry in list {
            let range = self
                .resolve(&entry.name)
                .ok_or_else(|| invalid_name(&entry.name))?;
            if entry.notification_change {
                if !(0..=2).contains(&entry.notification) {
                    return Err(SoapFault::new(
                        CpeFaultCode::InvalidArguments.code(),
                        format!(
                            "Invalid arguments: Notification {} is not supported (0, 1 or 2)",
                            entry.notification
                        ),
                    ));
                }
                if entry.notification == 2
                    && let Some(denied) = range.clone().find(|&i| {
                        self.param(i)
                            .is_some_and(|p| p.notify == NotifyPolicy::DenyActive)
                    })
                {
                    return Err(SoapFault::new(
                        CpeFaultCode::NotificationRejected.code(),
                        format!(
                            "Notification request rejected: active notification is not supported on {}",
                            self.schema.node(denied).path
                        ),
                    ));
                }
            }
            ranges.push(range);
        }
        for (entry, range) in list.iter().zip(ranges) {
            for i in range {
                let Some(param) = self.param(i) else {
                    continue;
                };
                let default_level = param.notify.default_level();
                let mut attributes = self.attributes.get(i).cloned().unwrap_or(Attributes {
                    notification: default_level,
                    access_list: Vec::new(),
                });
                if entry.notification_change && param.notify != NotifyPolicy::ForcedActive {
                    attributes.notification = entry.notification as u8;
                }
                if entry.access_list_change {
                    attributes.access_list = entry.access_list.clone();
                }
                if attributes.notification == default_level && attributes.access_list.is_empty() {
                    self.attributes.remove(i);
                } else {
                    self.attributes.insert(i, attributes);
                }
            }
        }
        Ok(())
    }

    /// AddObject (TR-069 A.3.2.6): `path` names a writable table with its trailing dot
    /// (`Device.WiFi.SSID.`). Creates the instance numbered one above the highest this table
    /// has had (numbers of deleted instances are not reused, A.2.2.1) with the template's
    /// defaults and default attributes, updates the table's NumberOfEntries if declared, and
    /// returns the number. A path without the trailing dot is fault 9003; anything but a
    /// writable table 9005.
    pub fn add_object(&mut self, path: &str) -> Result<u32, SoapFault> {
        self.add_instance(path, false)
    }

    /// AddObject done by the device itself (a deployment unit it installed, a certificate it
    /// downloaded): as [`DataModel::add_object`] but on any table, read-only ones included
    /// (TR-181 makes many tables read-only to the ACS only). The new NumberOfEntries value
    /// is a change the device made, remembered for notification as
    /// [`DataModel::set_internal`] does.
    pub fn add_object_internal(&mut self, path: &str) -> Result<u32, SoapFault> {
        self.add_instance(path, true)
    }

    /// DeleteObject done by the device itself: as [`DataModel::delete_object`] but on any
    /// table's instance, read-only ones included; the new NumberOfEntries value is
    /// remembered for notification as [`DataModel::set_internal`] does.
    pub fn delete_object_internal(&mut self, path: &str) -> Result<(), SoapFault> {
        self.delete_instance(path, true)
    }

    /// The root object of the model (`Device.` for TR-181, `InternetGatewayDevice.` for
    /// TR-098): the first top-level object of the file, with its trailing dot; `""` for a
    /// model without objects.
    pub fn root(&self) -> &str {
        self.schema
            .roots()
            .next()
            .map_or("", |i| &*self.schema.node(i).path)
    }

    /// The instances of a table (`Device.WiFi.SSID.` → `Device.WiFi.SSID.1.`, ...), in
    /// model order; empty when `table` is not a multi-instance object.
    pub fn instances(&self, table: &str) -> Vec<String> {
        let Some(i) = self.schema.find(table) else {
            return Vec::new();
        };
        if !matches!(
            self.schema.node(i).kind,
            Kind::Object {
                role: Role::Table { .. },
                ..
            }
        ) {
            return Vec::new();
        }
        self.schema
            .children(i)
            .map(|c| self.schema.node(c).path.to_string())
            .collect()
    }

    fn add_instance(&mut self, path: &str, internal: bool) -> Result<u32, SoapFault> {
        if !path.ends_with('.') {
            return Err(SoapFault::new(
                CpeFaultCode::InvalidArguments.code(),
                format!("Invalid arguments: object name {path:?} does not end with '.'"),
            ));
        }
        let not_table = || {
            SoapFault::new(
                CpeFaultCode::InvalidParameterName.code(),
                format!("Invalid parameter name: {path} is not a writable multi-instance object"),
            )
        };
        let table = self.schema.find(path).ok_or_else(not_table)?;
        let Kind::Object {
            role: Role::Table { template, next },
            writable,
        } = self.schema.node(table).kind
        else {
            return Err(not_table());
        };
        if !writable && !internal {
            return Err(not_table());
        }
        let prefix = format!("{path}{next}.");
        if self.schema.find(&prefix).is_some() {
            return Err(SoapFault::cpe(CpeFaultCode::ResourcesExceeded));
        }
        let templates = self.schema.templates.clone();
        let new_nodes: Vec<Node> = templates.list[template as usize]
            .blueprint
            .iter()
            .enumerate()
            .map(|(n, entry)| {
                let node_path = format!("{prefix}{}", entry.rel);
                let kind = match &entry.kind {
                    BlueprintKind::Object { writable } => Kind::Object {
                        writable: *writable,
                        role: if n == 0 {
                            Role::Instance { template }
                        } else {
                            Role::Plain
                        },
                    },
                    BlueprintKind::Table { template } => Kind::Object {
                        writable: templates.list[*template as usize].writable,
                        role: Role::Table {
                            template: *template,
                            next: 1,
                        },
                    },
                    BlueprintKind::Param {
                        ty,
                        writable,
                        default,
                    } => Kind::Param(Param {
                        ty: *ty,
                        writable: *writable,
                        notify: NotifyPolicy::for_path(&node_path),
                        secured: policy::is_secured(&node_path),
                        default: default.clone(),
                    }),
                };
                Node {
                    path: node_path.into(),
                    end: 0,
                    kind,
                }
            })
            .collect();
        let at = self.schema.node(table).end;
        let count = new_nodes.len() as u32;
        let schema = Arc::make_mut(&mut self.schema);
        if let Kind::Object {
            role: Role::Table { next: n, .. },
            ..
        } = &mut schema.nodes[table as usize].kind
        {
            *n = next.saturating_add(1);
        }
        schema.nodes.splice(at as usize..at as usize, new_nodes);
        schema.rebuild();
        self.values.shift_up(at, count);
        self.attributes.shift_up(at, count);
        self.changes.shift_up(at, count);
        self.refresh_count(table, internal);
        for i in at..at + count {
            if matches!(
                self.schema.node(i).kind,
                Kind::Object {
                    role: Role::Table { .. },
                    ..
                }
            ) {
                self.refresh_count(i, internal);
            }
        }
        Ok(next)
    }

    /// DeleteObject (TR-069 A.3.2.7): `path` is an instance of a writable table with its
    /// trailing dot (`Device.WiFi.SSID.2.`). Removes it and everything below it, values,
    /// attributes and pending changes included (a deletion is not a value change), and
    /// updates the table's NumberOfEntries if declared. Anything else is fault 9005.
    pub fn delete_object(&mut self, path: &str) -> Result<(), SoapFault> {
        self.delete_instance(path, false)
    }

    fn delete_instance(&mut self, path: &str, internal: bool) -> Result<(), SoapFault> {
        let not_instance = || {
            SoapFault::new(
                CpeFaultCode::InvalidParameterName.code(),
                format!("Invalid parameter name: {path} is not a deletable object instance"),
            )
        };
        let i = self.schema.find(path).ok_or_else(not_instance)?;
        let Kind::Object {
            role: Role::Instance { .. },
            writable,
        } = self.schema.node(i).kind
        else {
            return Err(not_instance());
        };
        if !writable && !internal {
            return Err(not_instance());
        }
        let table_path = schema::parent(path).ok_or_else(not_instance)?;
        let table = self.schema.find(table_path).ok_or_else(not_instance)?;
        let end = self.schema.node(i).end;
        let schema = Arc::make_mut(&mut self.schema);
        schema.nodes.drain(i as usize..end as usize);
        schema.rebuild();
        self.values.remove_range(i, end);
        self.attributes.remove_range(i, end);
        self.changes.remove_range(i, end);
        // The table comes before the instance, so its position did not move.
        self.refresh_count(table, internal);
        Ok(())
    }

    /// The parameters changed by [`DataModel::set_internal`] since the last call whose
    /// Notification was 1 or 2 at the time, with their current values, in model order.
    /// Clears the record.
    pub fn take_changes(&mut self) -> Vec<ParameterValue> {
        self.changes
            .take()
            .into_iter()
            .filter_map(|(i, _)| {
                let param = self.param(i)?;
                Some(self.parameter_value(i, param))
            })
            .collect()
    }

    /// Whether a pending change happened under active notification (2): the device should
    /// then open a session with "4 VALUE CHANGE".
    pub fn has_active_change(&self) -> bool {
        self.changes.iter().any(|(_, &active)| active)
    }

    // ---- internals -------------------------------------------------------------------

    fn param(&self, i: u32) -> Option<&Param> {
        match &self.schema.node(i).kind {
            Kind::Param(param) => Some(param),
            Kind::Object { .. } => None,
        }
    }

    fn current<'a>(&'a self, i: u32, param: &'a Param) -> &'a str {
        self.values.get(i).map_or(&*param.default, |v| &**v)
    }

    /// A parameter as CWMP reads it: secured values are empty.
    fn parameter_value(&self, i: u32, param: &Param) -> ParameterValue {
        let value = if param.secured {
            ""
        } else {
            self.current(i, param)
        };
        ParameterValue {
            name: self.schema.node(i).path.to_string(),
            value: value.to_owned(),
            value_type: param.ty.value_type(),
        }
    }

    fn notification(&self, i: u32, param: &Param) -> u8 {
        if param.notify == NotifyPolicy::ForcedActive {
            return 2;
        }
        self.attributes
            .get(i)
            .map_or(param.notify.default_level(), |a| a.notification)
    }

    /// Sets a value without any check or notification record.
    fn store(&mut self, i: u32, value: &str) {
        let is_default = self.param(i).is_some_and(|p| *p.default == *value);
        if is_default {
            self.values.remove(i);
        } else {
            self.values.insert(i, value.into());
        }
    }

    /// The nodes a GetParameterValues / Attributes name stands for.
    fn resolve(&self, name: &str) -> Option<Range<u32>> {
        if name.is_empty() {
            return Some(0..self.schema.nodes.len() as u32);
        }
        let i = self.schema.find(name)?;
        Some(i..self.schema.node(i).end)
    }

    fn check_set(
        &self,
        pv: &ParameterValue,
    ) -> Result<(u32, String), (CpeFaultCode, &'static str)> {
        let unknown = (CpeFaultCode::InvalidParameterName, "Invalid parameter name");
        let i = self.schema.find(&pv.name).ok_or(unknown)?;
        let param = self.param(i).ok_or(unknown)?;
        if !param.writable {
            return Err((
                CpeFaultCode::NonWritableParameter,
                "Attempt to set a non-writable parameter",
            ));
        }
        if !param.ty.accepts_declared(&pv.value_type) {
            return Err((CpeFaultCode::InvalidParameterType, "Invalid parameter type"));
        }
        let value = param.ty.normalize(&pv.value).ok_or((
            CpeFaultCode::InvalidParameterValue,
            "Invalid parameter value",
        ))?;
        Ok((i, value.to_owned()))
    }

    /// Brings a table's NumberOfEntries parameter, if the model has one, to its instance
    /// count. After an ACS request not a value change for notification (the ACS caused it);
    /// after the device's own change (`internal`) recorded as [`DataModel::set_internal`]
    /// does.
    fn refresh_count(&mut self, table: u32, internal: bool) {
        let count = self.schema.children(table).count().to_string();
        let node = self.schema.node(table);
        let count_path = format!("{}NumberOfEntries", node.path.trim_end_matches('.'));
        if let Some(c) = self.schema.find(&count_path)
            && self.param(c).is_some()
        {
            if internal {
                self.set_internal(&count_path, &count);
            } else {
                self.store(c, &count);
            }
        }
    }
}

fn writable(node: &Node) -> bool {
    match &node.kind {
        Kind::Object { writable, .. } => *writable,
        Kind::Param(param) => param.writable,
    }
}

fn invalid_name(name: &str) -> SoapFault {
    SoapFault::new(
        CpeFaultCode::InvalidParameterName.code(),
        format!("Invalid parameter name: {name:?}"),
    )
}
