//! `<mgmtObj>` attribute ↔ CWMP data-model parameter tables, for TR-181 (`Device:2`,
//! checked against `tr-181-2-17-0-cwmp-full.xml`) and TR-098 (`InternetGatewayDevice:1`):
//! which parameter each attribute of a specialization reads (and, where both sides allow,
//! writes), which attributes are constants, which trigger attributes become which RPC or
//! SetParameterValues, and what a device must answer for an object to exist.
//!
//! Sources: TS-0006 7.1.1, 7.9, 7.10, 7.11 and 8.3 as ONEM2M-DM-REFERENCE.md §6.1 restates
//! them (rows marked TS, normative), and reference §6.2 for everything TS-0006 clauses
//! 7.2–7.8 would say but could not be read (rows marked P, \[PROPOSED\]). Attribute short
//! names and their Create/Update rules come from `onem2m::schema` (TS-0004 Annex D); the
//! tests hold every row against both the XML and that schema.

/// How a parameter value (the string of a GetParameterValues answer) becomes the
/// attribute's JSON value, and back for a writable attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// The string as is.
    Text,
    /// A TR-069 unsignedInt/unsignedLong (decimal string) → JSON number.
    UnsignedInt,
    /// A number of KiB (TR-181 MemoryStatus `<units value="KiB"/>`) → JSON number of bytes
    /// (×1024), the unit of oneM2M `[memory]` (reference §6.2).
    KibToBytes,
    /// A TR-069 boolean: "true"/"1" → true, "false"/"0" → false; written back as
    /// "true"/"false".
    Boolean,
    /// An xsd:dateTime (any offset, or none: the device's local time as it writes it) → a
    /// oneM2M timestamp in basic format `YYYYMMDDThhmmss`, in UTC. TR-069's "unknown time"
    /// values (year 0001) leave the attribute out.
    DateTime,
    /// A JSON list, from either of two shapes:
    ///
    /// * the parameter holds a comma-separated list (TR-106 list syntax) → one item per
    ///   element, blanks around commas trimmed, an empty string → `[]`;
    /// * the parameter path has `{i}` while its [`ObjectMap`] is a single object
    ///   (`instances: None`): **collect over all instances** — `{i}` ranges over every
    ///   instance of that table present in the answer, one item per instance, in instance
    ///   number order (areaNwkInfo `ldv` ← `Device.Hosts.Host.{i}.PhysAddress`).
    ///
    /// Items are JSON strings, unless the attribute's schema kind is a list of integers
    /// (`suids`: m2m:suid values), when each item is parsed as a number. Writing joins the
    /// items with ",".
    List,
    /// `Device.Syslog.Status` → m2m:logStatus (TS-0004 Table 6.3.4.2.24-1): "Enabled" → 1
    /// Started, "Disabled" → 2 Stopped, "Error" → 5 Error, anything else → 3 Unknown. (4
    /// NotPresent is never produced: without the Syslog object there is no `[eventLog]`.)
    LogStatus,
    /// `Device.SoftwareModules.ExecutionUnit.{eu}.Status` → `acts`, an m2m:actionStatus
    /// (TS-0004 6.3.5.14: `{"acn": action attribute, "sus": m2m:status}`): "Active" →
    /// `{"acn":"act","sus":1}` (Successful), "Starting" → `{"acn":"act","sus":3}`
    /// (In_Process), "Idle" → `{"acn":"dea","sus":1}`, "Stopping" →
    /// `{"acn":"dea","sus":3}`; anything else → `{"sus":0}` (Uninitialized).
    ActiveStatus,
    /// `Device.WiFi.EndPoint.{i}.Profile.{i}.Status` → `cons`, a dcfg:wifiConnectionStatus
    /// (reference §2.4): "Active" (the EndPoint uses this profile) → 1 Connected,
    /// "Available" (enabled, not in use) → 2 Idle, "Disabled" → 0 Disconnected, "Error" →
    /// 5 Failed; anything else leaves the attribute out.
    WifiProfileStatus,
    /// `wcrds` (dcfg:wifiCredentials: enct, unm, pwd, wepk, wpap) → the parameters of the
    /// object path `…Profile.{i}.Security.` (TR-181 2.17), written only — TR-181 marks
    /// every key `secured`, a read returns an empty string, so nothing is read back:
    ///
    /// * `wpap` of 64 hexadecimal digits → `PreSharedKey` (hexBinary, 32 bytes), any other
    ///   `wpap` → `KeyPassphrase` (8–63 characters), and `ModeEnabled` "WPA2-Personal";
    /// * `wepk` → `WEPKey` (hexBinary of 5 or 13 bytes), and `ModeEnabled` "WEP-64" or
    ///   "WEP-128" by its length;
    /// * an empty object → `ModeEnabled` "None" (an open network).
    ///
    /// `enct` names the mode too, but its enumeration (dcfg:wifiEncryptionType) is in no
    /// text we have, so the mode follows from the key given, and `enct` without a key is
    /// refused rather than guessed. `unm`/`pwd` are 802.1X credentials, which a TR-181
    /// profile does not hold: refused (4000), not silently dropped.
    WifiCredentials,
}

/// The parameters under a profile's `Security.` object that
/// [`Conversion::WifiCredentials`] writes, and the `ModeEnabled` values it writes.
pub const WIFI_SECURITY_PARAMETERS: [&str; 4] =
    ["ModeEnabled", "KeyPassphrase", "PreSharedKey", "WEPKey"];
pub const WIFI_SECURITY_MODES: [&str; 4] = ["None", "WEP-64", "WEP-128", "WPA2-Personal"];

/// One attribute read from one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeParam {
    /// The oneM2M short name.
    pub attribute: &'static str,
    /// The absolute parameter path. `{i}` stands for the instance of a multi-instance
    /// object (see [`Conversion::List`] for `{i}` in a single object); `{eu}` for the
    /// ExecutionUnit of a software DeploymentUnit, which the caller resolves through
    /// `<root>SoftwareModules.DeploymentUnit.{i}.ExecutionUnitList` (TS-0006 7.10: one EU
    /// per DU is exposed).
    pub parameter: &'static str,
    /// How the value converts.
    pub conversion: Conversion,
    /// An Update of the attribute → SetParameterValues. True only where the parameter is
    /// readWrite AND the oneM2M attribute is updatable; otherwise an Update of it stays
    /// local to the CSE.
    pub writable: bool,
}

/// A value fixed for every instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstValue {
    /// A JSON number.
    Int(i64),
    /// A JSON string.
    Str(&'static str),
    /// A JSON boolean.
    Bool(bool),
}

/// What writing `true` to a trigger attribute does on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerAction {
    /// Reboot RPC.
    Reboot,
    /// FactoryReset RPC.
    FactoryReset,
    /// Download RPC, FileType "1 Firmware Upgrade Image", URL = the `url` attribute.
    FirmwareDownload,
    /// ChangeDUState with an InstallOpStruct (URL = `url`).
    SoftwareInstall,
    /// ChangeDUState with an UninstallOpStruct (the DU's UUID).
    SoftwareUninstall,
    /// SetParameterValues of `parameter` to `value` (placeholders as in
    /// [`AttributeParam::parameter`]).
    SetParameter {
        /// The parameter path.
        parameter: &'static str,
        /// Its new value, as TR-069 writes it.
        value: &'static str,
    },
}

/// A trigger attribute and its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    /// The oneM2M short name.
    pub attribute: &'static str,
    /// What writing `true` to it does.
    pub action: TriggerAction,
}

/// One mgmtObj specialization on one data model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectMap {
    /// mgmtDefinition.
    pub mgd: u32,
    /// Base of the oneM2M resource name: "deviceInfo", "memory", "firmware", …;
    /// multi-instance ones get `-<i>` appended by the caller.
    pub resource_name: &'static str,
    /// For multi-instance objects the table path, e.g. "Device.DeviceInfo.FirmwareImage.{i}.";
    /// `None` for single objects.
    pub instances: Option<&'static str>,
    /// A parameter (or object path ending in '.') whose presence in a GetParameterValues
    /// answer means the device supports this object; with `{i}` for multi-instance objects.
    pub presence: &'static str,
    /// Attributes read from parameters.
    pub attributes: &'static [AttributeParam],
    /// Attributes with fixed values.
    pub constants: &'static [(&'static str, ConstValue)],
    /// Executable attributes of this object.
    pub triggers: &'static [Trigger],
    /// The table an application's Create adds an instance to, with AddObject (TS-0006
    /// 8.1.2; its Delete then removes the instance with DeleteObject, 8.1.3). A parent
    /// table's `{i}` in it stands for the device's first instance of that parent.
    /// `None` where the Create does not reach the device as AddObject: TR-181 makes the
    /// table read-only to the ACS (firmware images, deployment units, radios: the
    /// `<mgmtObj>` is then kept by the CSE until an action binds it, TS-0006 7.9/7.10), or
    /// the Create means another RPC (myCertFileCred: a Download, 8.3).
    pub creatable: Option<&'static str>,
    /// Parameters set on an instance the Create added, after the request's writable
    /// attributes (same SetParameterValues).
    pub created_with: &'static [(&'static str, ConstValue)],
    /// The `obis` value: the data-model URN of TS-0006 7.1.
    pub object_id: &'static str,
}

impl ObjectMap {
    /// The mapping of attribute `short`, if it is read from a parameter.
    pub fn attribute(&self, short: &str) -> Option<&AttributeParam> {
        self.attributes.iter().find(|a| a.attribute == short)
    }

    /// The trigger attribute `short`, if this object has it.
    pub fn trigger(&self, short: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.attribute == short)
    }
}

/// One data model: its objects and the few parameters the CSE needs about the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelMap {
    /// "Device." or "InternetGatewayDevice.".
    pub root: &'static str,
    /// The specializations this model carries.
    pub objects: &'static [ObjectMap],
    /// The partial paths one GetParameterValues asks for at discovery so that every mapped
    /// parameter and every presence parameter comes back (never the whole root). TR-069
    /// A.3.2.2 faults the whole request (9005) if one path is unknown to the device, so on
    /// 9005 the caller asks again path by path and drops the ones the device lacks.
    pub discovery_paths: &'static [&'static str],
    /// The device's ConnectionRequestURL (node `mgca`); it also comes in every Inform.
    pub connection_request_url: &'static str,
    /// The ParameterKey, which a SetParameterValues/AddObject/DeleteObject sets.
    pub parameter_key: &'static str,
}

/// Attributes of a specialization that are neither parameters, constants nor triggers:
/// the caller fills them from the request or from RPC outcomes. Every attribute the schema
/// makes mandatory on Create is in a mapping, a constant, a trigger or here.
pub const CALLER_FILLED: &[(u32, &[&str])] = &[
    // firmware: url is the Download URL the originator gives (TS-0006 7.9); uds follows the
    // Download/TransferComplete outcome (reference §6.2).
    (1001, &["url", "uds"]),
    // software: ins follows ChangeDUState/DUStateChangeComplete (TS-0006 7.10).
    (1002, &["ins"]),
    // deviceCapability: cas is the outcome of the last ena/dis SetParameterValues.
    (1008, &["cas"]),
    // eventLog: lgd comes from an Upload of a vendor log file, not a parameter (§6.2).
    (1010, &["lgd"]),
    // myCertFileCred: format and content go to the device in the Download (8.3); TR-181
    // does not expose a certificate's file, only its fields.
    (1023, &["mcff", "mcfc"]),
    // wifiClient: a scan for networks is the radio's NeighboringWiFiDiagnostic in TR-181,
    // not a profile's; not carried out (P), a discovered profile starts with scan false.
    (1028, &["scan"]),
];

const TR181_URN: &str = "urn:broadband-forum-org:tr-181-2-17-0";
// TR-098 Issue 1 Amendment 8, in the URN form TS-0006 7.1 uses for TR-181
// (tr-<number>-<issue>-<amendment>-<corrigendum>).
const TR098_URN: &str = "urn:broadband-forum-org:tr-098-1-8-0";

const fn ro(
    attribute: &'static str,
    parameter: &'static str,
    conversion: Conversion,
) -> AttributeParam {
    AttributeParam {
        attribute,
        parameter,
        conversion,
        writable: false,
    }
}

const fn rw(
    attribute: &'static str,
    parameter: &'static str,
    conversion: Conversion,
) -> AttributeParam {
    AttributeParam {
        attribute,
        parameter,
        conversion,
        writable: true,
    }
}

const fn set(attribute: &'static str, parameter: &'static str, value: &'static str) -> Trigger {
    Trigger {
        attribute,
        action: TriggerAction::SetParameter { parameter, value },
    }
}

const fn run(attribute: &'static str, action: TriggerAction) -> Trigger {
    Trigger { attribute, action }
}

use Conversion::{
    ActiveStatus, Boolean, DateTime, KibToBytes, List, LogStatus, Text, WifiCredentials,
    WifiProfileStatus,
};

// ---- TR-181 Device:2

const DEVICE_INFO_181: ObjectMap = ObjectMap {
    mgd: 1007,
    resource_name: "deviceInfo",
    instances: None,
    presence: "Device.DeviceInfo.SerialNumber",
    attributes: &[
        // TS 7.1.1: the CWMP identifier OUI-[ProductClass-]SerialNumber goes, by position,
        // to manufacturer, deviceType, deviceLabel. ManufacturerOUI, not Manufacturer (the
        // display name), keeps the identifier semantics 7.1.1 asks for.
        ro("dlb", "Device.DeviceInfo.SerialNumber", Text),
        ro("man", "Device.DeviceInfo.ManufacturerOUI", Text),
        ro("dty", "Device.DeviceInfo.ProductClass", Text),
        // P: the obvious TR-181 counterparts.
        ro("mod", "Device.DeviceInfo.ModelName", Text),
        ro("smod", "Device.DeviceInfo.ModelNumber", Text),
        // P: HostName is the one name TR-181 lets the ACS set (readWrite, Device:2.17).
        rw("dvnm", "Device.DeviceInfo.HostName", Text),
        // P: TR-181 SoftwareVersion is "the version of the overall CPE firmware".
        ro("fwv", "Device.DeviceInfo.SoftwareVersion", Text),
        // P: a comma-separated list in TR-181; swVersion is one string, so kept as is.
        ro("swv", "Device.DeviceInfo.AdditionalSoftwareVersion", Text),
        ro("hwv", "Device.DeviceInfo.HardwareVersion", Text),
        // P: the device's clock; readOnly in TR-181 (NTP sets it), so syst is not written.
        ro("syst", "Device.Time.CurrentLocalTime", DateTime),
        // Not mapped: loc (Device.DeviceInfo.Location.{i}.DataObject is a table of
        // source-specific encoded objects, not one string), osv, mfd, cnty, mfdl, spur,
        // purl (no TR-181 parameter, reference §6.2), ptl (a list of MIME types; CWMP has
        // no registered one and a constant here cannot be a list).
    ],
    constants: &[],
    triggers: &[],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const MEMORY_181: ObjectMap = ObjectMap {
    mgd: 1003,
    resource_name: "memory",
    instances: None,
    presence: "Device.DeviceInfo.MemoryStatus.Total",
    attributes: &[
        // P: volatile RAM; TR-181 counts KiB, oneM2M bytes.
        ro("mmt", "Device.DeviceInfo.MemoryStatus.Total", KibToBytes),
        ro("mma", "Device.DeviceInfo.MemoryStatus.Free", KibToBytes),
    ],
    constants: &[],
    triggers: &[],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const FIRMWARE_181: ObjectMap = ObjectMap {
    mgd: 1001,
    resource_name: "firmware",
    instances: Some("Device.DeviceInfo.FirmwareImage.{i}."),
    presence: "Device.DeviceInfo.FirmwareImage.{i}.Version",
    attributes: &[
        // P: one [firmware] per image bank.
        ro("vr", "Device.DeviceInfo.FirmwareImage.{i}.Version", Text),
        ro("fwn", "Device.DeviceInfo.FirmwareImage.{i}.Name", Text),
    ],
    constants: &[],
    // TS 7.9: update=true → Download, FileType "1 Firmware Upgrade Image".
    triggers: &[run("ud", TriggerAction::FirmwareDownload)],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const SOFTWARE_181: ObjectMap = ObjectMap {
    mgd: 1002,
    resource_name: "software",
    instances: Some("Device.SoftwareModules.DeploymentUnit.{i}."),
    // Every DU has a UUID (the caller needs it for an uninstall anyway).
    presence: "Device.SoftwareModules.DeploymentUnit.{i}.UUID",
    attributes: &[
        // TS 7.10.
        ro(
            "vr",
            "Device.SoftwareModules.DeploymentUnit.{i}.Version",
            Text,
        ),
        ro(
            "swn",
            "Device.SoftwareModules.DeploymentUnit.{i}.Name",
            Text,
        ),
        ro("url", "Device.SoftwareModules.DeploymentUnit.{i}.URL", Text),
        // P: the state of the DU's execution unit.
        ro(
            "acts",
            "Device.SoftwareModules.ExecutionUnit.{eu}.Status",
            ActiveStatus,
        ),
    ],
    constants: &[],
    triggers: &[
        // TS 7.10: install/uninstall → ChangeDUState; activate/deactivate →
        // SetParameterValues of the EU's RequestedState.
        run("in", TriggerAction::SoftwareInstall),
        run("un", TriggerAction::SoftwareUninstall),
        set(
            "act",
            "Device.SoftwareModules.ExecutionUnit.{eu}.RequestedState",
            "Active",
        ),
        set(
            "dea",
            "Device.SoftwareModules.ExecutionUnit.{eu}.RequestedState",
            "Idle",
        ),
    ],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const REBOOT_181: ObjectMap = ObjectMap {
    mgd: 1009,
    resource_name: "reboot",
    instances: None,
    // Every CWMP device can reboot (Reboot is a required RPC): DeviceInfo is enough.
    presence: "Device.DeviceInfo.",
    attributes: &[],
    constants: &[],
    // TS 7.11.
    triggers: &[
        run("rbo", TriggerAction::Reboot),
        run("far", TriggerAction::FactoryReset),
    ],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const EVENT_LOG_181: ObjectMap = ObjectMap {
    mgd: 1010,
    resource_name: "eventLog",
    instances: None,
    presence: "Device.Syslog.Enable",
    attributes: &[
        // P: Device.Syslog (Device:2.17) is the device's system log service.
        ro("lgst", "Device.Syslog.Status", LogStatus),
    ],
    // P: the syslog is the system log: m2m:logTypeId 1 System.
    constants: &[("lgt", ConstValue::Int(1))],
    // P: logStart/logStop switch the syslog service.
    triggers: &[
        set("lga", "Device.Syslog.Enable", "true"),
        set("lgo", "Device.Syslog.Enable", "false"),
    ],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const DEVICE_CAPABILITY_181: ObjectMap = ObjectMap {
    mgd: 1008,
    resource_name: "deviceCapability",
    instances: Some("Device.WiFi.Radio.{i}."),
    presence: "Device.WiFi.Radio.{i}.Enable",
    attributes: &[
        // P: TR-181 has no generic capability object; a Wi-Fi radio, which the ACS can
        // switch on and off, is one. Its name names the capability.
        ro("can", "Device.WiFi.Radio.{i}.Name", Text),
        // P: currentState is the radio's Enable. Not written directly although both sides
        // would allow it: TS-0001 makes currentState read-only, the change goes through
        // ena/dis, which also report capabilityActionStatus.
        ro("cus", "Device.WiFi.Radio.{i}.Enable", Boolean),
    ],
    // P: a radio the data model lists is built in: attached. (Status "NotPresent" would
    // say otherwise, but that is no plain conversion of one parameter.)
    constants: &[("att", ConstValue::Bool(true))],
    triggers: &[
        set("ena", "Device.WiFi.Radio.{i}.Enable", "true"),
        set("dis", "Device.WiFi.Radio.{i}.Enable", "false"),
    ],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const AREA_NWK_INFO_181: ObjectMap = ObjectMap {
    mgd: 1004,
    resource_name: "areaNwkInfo",
    instances: None,
    presence: "Device.Hosts.HostNumberOfEntries",
    attributes: &[
        // P: the devices of the gateway's LAN are its Hosts table; one entry per host, by
        // MAC address (collected over all instances, see Conversion::List).
        ro("ldv", "Device.Hosts.Host.{i}.PhysAddress", List),
    ],
    // P: the Hosts table spans every LAN technology (Ethernet, Wi-Fi, MoCA, HomePlug…),
    // so the area network is named by what it is, not by one technology.
    constants: &[("ant", ConstValue::Str("LAN"))],
    triggers: &[],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const MY_CERT_FILE_CRED_181: ObjectMap = ObjectMap {
    mgd: 1023,
    resource_name: "myCertFileCred",
    instances: Some("Device.Security.Certificate.{i}."),
    // Only certificates provisioned for oneM2M carry SUIDs; the device's other
    // certificates (TLS trust anchors, …) are not [myCertFileCred]s.
    presence: "Device.Security.Certificate.{i}.X_oneM2M_org_SUIDs",
    attributes: &[
        // TS 8.3 (procedure) / P (name): 8.3 sets "the Device.Security.Certificate.{i}
        // instance's SUIDs parameter", which standard TR-181 lacks, so it is a vendor
        // extension; its name takes the prefix TS-0006 7.15 already uses for the oneM2M
        // extensions of TR-181 (Device.X_oneM2M_org_CSE.{i}). 8.3 writes it with
        // SetParameterValues, so it is writable, as a comma-separated list of m2m:suid.
        rw(
            "suids",
            "Device.Security.Certificate.{i}.X_oneM2M_org_SUIDs",
            List,
        ),
    ],
    constants: &[],
    triggers: &[],
    creatable: None,
    created_with: &[],
    object_id: TR181_URN,
};

const WIFI_CLIENT_181: ObjectMap = ObjectMap {
    mgd: 1028,
    resource_name: "wifiClient",
    // P (reference §6.2): a [wifiClient] is a network the device joins as a Wi-Fi client:
    // one profile of a Wi-Fi EndPoint (TR-181 "a Wi-Fi client, station or end device"),
    // which holds the SSID and the keys. Both tables are readWrite: an application adds
    // a network with a Create and removes it with a Delete.
    instances: Some("Device.WiFi.EndPoint.{i}.Profile.{i}."),
    presence: "Device.WiFi.EndPoint.{i}.Profile.{i}.SSID",
    attributes: &[
        rw("ssid", "Device.WiFi.EndPoint.{i}.Profile.{i}.SSID", Text),
        ro(
            "cons",
            "Device.WiFi.EndPoint.{i}.Profile.{i}.Status",
            WifiProfileStatus,
        ),
        rw(
            "wcrds",
            "Device.WiFi.EndPoint.{i}.Profile.{i}.Security.",
            WifiCredentials,
        ),
    ],
    constants: &[],
    triggers: &[],
    // P: a device with several Wi-Fi EndPoints (one per client radio) gets new networks on
    // its first, by instance number; the created resource's `obps` says where it went.
    creatable: Some("Device.WiFi.EndPoint.{i}.Profile."),
    // P: a network an application adds is meant to be used (TR-181 creates a profile
    // disabled).
    created_with: &[(
        "Device.WiFi.EndPoint.{i}.Profile.{i}.Enable",
        ConstValue::Bool(true),
    )],
    object_id: TR181_URN,
};

/// TR-181 Device:2 (checked against Device:2.17).
pub static TR181: ModelMap = ModelMap {
    root: "Device.",
    objects: &[
        DEVICE_INFO_181,
        MEMORY_181,
        FIRMWARE_181,
        SOFTWARE_181,
        REBOOT_181,
        EVENT_LOG_181,
        DEVICE_CAPABILITY_181,
        AREA_NWK_INFO_181,
        MY_CERT_FILE_CRED_181,
        WIFI_CLIENT_181,
    ],
    discovery_paths: &[
        // DeviceInfo, MemoryStatus and FirmwareImage in one subtree.
        "Device.DeviceInfo.",
        "Device.Time.CurrentLocalTime",
        "Device.SoftwareModules.DeploymentUnit.",
        "Device.SoftwareModules.ExecutionUnit.",
        "Device.Syslog.Enable",
        "Device.Syslog.Status",
        "Device.WiFi.Radio.",
        "Device.Hosts.",
        "Device.Security.Certificate.",
        "Device.WiFi.EndPoint.",
    ],
    connection_request_url: "Device.ManagementServer.ConnectionRequestURL",
    parameter_key: "Device.ManagementServer.ParameterKey",
};

// ---- TR-098 InternetGatewayDevice:1
//
// No TR-098 XML is at hand: only names we are sure of, all from the TR-106/TR-157
// components IGD:1 shares with Device:2 (DeviceInfo, MemoryStatus, Time, SoftwareModules,
// ManagementServer), so each is the TR-181 name under the other root. Left out: eventLog
// (no Syslog object in IGD:1), deviceCapability and areaNwkInfo (Wi-Fi and hosts live two
// tables deep, under LANDevice.{i}.), myCertFileCred (no Security.Certificate table we
// are sure of), deviceInfo subModel and deviceName (ModelNumber and HostName are
// Device:2 additions).

const DEVICE_INFO_098: ObjectMap = ObjectMap {
    mgd: 1007,
    resource_name: "deviceInfo",
    instances: None,
    presence: "InternetGatewayDevice.DeviceInfo.SerialNumber",
    attributes: &[
        // TS 7.1.1, as for TR-181.
        ro("dlb", "InternetGatewayDevice.DeviceInfo.SerialNumber", Text),
        ro(
            "man",
            "InternetGatewayDevice.DeviceInfo.ManufacturerOUI",
            Text,
        ),
        ro("dty", "InternetGatewayDevice.DeviceInfo.ProductClass", Text),
        // P, as for TR-181.
        ro("mod", "InternetGatewayDevice.DeviceInfo.ModelName", Text),
        ro(
            "fwv",
            "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
            Text,
        ),
        ro(
            "swv",
            "InternetGatewayDevice.DeviceInfo.AdditionalSoftwareVersion",
            Text,
        ),
        ro(
            "hwv",
            "InternetGatewayDevice.DeviceInfo.HardwareVersion",
            Text,
        ),
        ro(
            "syst",
            "InternetGatewayDevice.Time.CurrentLocalTime",
            DateTime,
        ),
    ],
    constants: &[],
    triggers: &[],
    creatable: None,
    created_with: &[],
    object_id: TR098_URN,
};

const MEMORY_098: ObjectMap = ObjectMap {
    mgd: 1003,
    resource_name: "memory",
    instances: None,
    presence: "InternetGatewayDevice.DeviceInfo.MemoryStatus.Total",
    attributes: &[
        // P: the TR-157 MemoryStatus component, in KiB as in TR-181.
        ro(
            "mmt",
            "InternetGatewayDevice.DeviceInfo.MemoryStatus.Total",
            KibToBytes,
        ),
        ro(
            "mma",
            "InternetGatewayDevice.DeviceInfo.MemoryStatus.Free",
            KibToBytes,
        ),
    ],
    constants: &[],
    triggers: &[],
    creatable: None,
    created_with: &[],
    object_id: TR098_URN,
};

const FIRMWARE_098: ObjectMap = ObjectMap {
    mgd: 1001,
    resource_name: "firmware",
    // IGD:1 has no FirmwareImage table: one [firmware] stands for the running image.
    instances: None,
    presence: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
    attributes: &[
        // P: SoftwareVersion is the firmware version in TR-098 as in TR-181.
        ro(
            "vr",
            "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
            Text,
        ),
    ],
    // P: firmwareName is mandatory and IGD:1 names no image; this one is the active one.
    constants: &[("fwn", ConstValue::Str("active"))],
    // TS 7.9.
    triggers: &[run("ud", TriggerAction::FirmwareDownload)],
    creatable: None,
    created_with: &[],
    object_id: TR098_URN,
};

const SOFTWARE_098: ObjectMap = ObjectMap {
    mgd: 1002,
    resource_name: "software",
    instances: Some("InternetGatewayDevice.SoftwareModules.DeploymentUnit.{i}."),
    presence: "InternetGatewayDevice.SoftwareModules.DeploymentUnit.{i}.UUID",
    attributes: &[
        // TS 7.10, on the TR-157 SoftwareModules component inside IGD:1.
        ro(
            "vr",
            "InternetGatewayDevice.SoftwareModules.DeploymentUnit.{i}.Version",
            Text,
        ),
        ro(
            "swn",
            "InternetGatewayDevice.SoftwareModules.DeploymentUnit.{i}.Name",
            Text,
        ),
        ro(
            "url",
            "InternetGatewayDevice.SoftwareModules.DeploymentUnit.{i}.URL",
            Text,
        ),
        // P, as for TR-181.
        ro(
            "acts",
            "InternetGatewayDevice.SoftwareModules.ExecutionUnit.{eu}.Status",
            ActiveStatus,
        ),
    ],
    constants: &[],
    triggers: &[
        run("in", TriggerAction::SoftwareInstall),
        run("un", TriggerAction::SoftwareUninstall),
        set(
            "act",
            "InternetGatewayDevice.SoftwareModules.ExecutionUnit.{eu}.RequestedState",
            "Active",
        ),
        set(
            "dea",
            "InternetGatewayDevice.SoftwareModules.ExecutionUnit.{eu}.RequestedState",
            "Idle",
        ),
    ],
    creatable: None,
    created_with: &[],
    object_id: TR098_URN,
};

const REBOOT_098: ObjectMap = ObjectMap {
    mgd: 1009,
    resource_name: "reboot",
    instances: None,
    presence: "InternetGatewayDevice.DeviceInfo.",
    attributes: &[],
    constants: &[],
    triggers: &[
        run("rbo", TriggerAction::Reboot),
        run("far", TriggerAction::FactoryReset),
    ],
    creatable: None,
    created_with: &[],
    object_id: TR098_URN,
};

/// TR-098 InternetGatewayDevice:1.
pub static TR098: ModelMap = ModelMap {
    root: "InternetGatewayDevice.",
    objects: &[
        DEVICE_INFO_098,
        MEMORY_098,
        FIRMWARE_098,
        SOFTWARE_098,
        REBOOT_098,
    ],
    discovery_paths: &[
        "InternetGatewayDevice.DeviceInfo.",
        "InternetGatewayDevice.Time.CurrentLocalTime",
        "InternetGatewayDevice.SoftwareModules.DeploymentUnit.",
        "InternetGatewayDevice.SoftwareModules.ExecutionUnit.",
    ],
    connection_request_url: "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
    parameter_key: "InternetGatewayDevice.ManagementServer.ParameterKey",
};

/// The model a parameter name belongs to, by its root object: "Device.DeviceInfo.…" →
/// [`TR181`], "InternetGatewayDevice.…" → [`TR098`]; also takes a bare root ("Device.",
/// "Device").
pub fn model_for_root(root: &str) -> Option<&'static ModelMap> {
    let first = root.split('.').next().unwrap_or_default();
    [&TR181, &TR098]
        .into_iter()
        .find(|m| m.root.strip_suffix('.') == Some(first))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use onem2m::schema::{self, Optionality, ValueKind};
    use serde_json::{Value, json};
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::OnceLock;

    const TR181_XML: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data-models/tr-181-2-17-0-cwmp-full.xml"
    );

    /// Parameters that are not in TR-181 on purpose (oneM2M vendor extensions), with the
    /// access we give them.
    const EXTENSIONS: &[(&str, &str)] = &[(
        "Device.Security.Certificate.{i}.X_oneM2M_org_SUIDs",
        "readWrite",
    )];

    const MODELS: [&ModelMap; 2] = [&TR181, &TR098];

    /// One parameter of the XML: its access and its definition's text (syntax included).
    struct Param {
        access: String,
        body: String,
    }

    /// The TR-181 model, parsed simply: `<object name="…">` starts an object, each
    /// `<parameter name="…" access="…">` up to its `</parameter>` belongs to the last one.
    struct Xml {
        objects: BTreeSet<String>,
        object_access: BTreeMap<String, String>,
        params: BTreeMap<String, Param>,
        spec: String,
    }

    fn attr(tag: &str, name: &str) -> Option<String> {
        let key = format!("{name}=\"");
        let start = tag.find(&key)? + key.len();
        Some(tag[start..start + tag[start..].find('"')?].to_string())
    }

    fn xml() -> &'static Xml {
        static XML: OnceLock<Xml> = OnceLock::new();
        XML.get_or_init(|| {
            let text =
                std::fs::read_to_string(TR181_XML).unwrap_or_else(|e| panic!("{TR181_XML}: {e}"));
            let spec_tag = &text[text.find("<dm:document").expect("dm:document")..];
            let spec = attr(&spec_tag[..spec_tag.find('>').unwrap()], "spec").unwrap();
            let mut objects = BTreeSet::new();
            let mut object_access = BTreeMap::new();
            let mut params = BTreeMap::new();
            let mut object: Option<String> = None;
            let mut rest = text.as_str();
            while let Some(lt) = rest.find('<') {
                rest = &rest[lt..];
                let tag = &rest[..rest.find('>').unwrap() + 1];
                if tag.starts_with("<object ") {
                    // `<object ref=…>` (profiles) ends the object part.
                    object = attr(tag, "name");
                    if let Some(o) = &object {
                        objects.insert(o.clone());
                        object_access.insert(o.clone(), attr(tag, "access").unwrap_or_default());
                    }
                } else if let (true, Some(o), Some(name)) =
                    (tag.starts_with("<parameter "), &object, attr(tag, "name"))
                {
                    let end = rest.find("</parameter>").unwrap();
                    params.insert(
                        format!("{o}{name}"),
                        Param {
                            // One parameter of 2.17 (Device.DNS.Zone.{i}.Host.{i}.
                            // LastUpdate) has no access: it cannot be readWrite then.
                            access: attr(tag, "access").unwrap_or_default(),
                            body: rest[..end].to_string(),
                        },
                    );
                }
                rest = &rest[tag.len()..];
            }
            assert!(params.len() > 5000, "TR-181 XML: too few parameters parsed");
            Xml {
                objects,
                object_access,
                params,
                spec,
            }
        })
    }

    /// A path with every placeholder written as the XML writes instances.
    fn generic(path: &str) -> String {
        path.replace("{eu}", "{i}")
    }

    /// Every parameter path a model uses, with what uses it.
    fn parameters(model: &ModelMap) -> Vec<(String, &'static str, Option<bool>)> {
        let mut out = Vec::new();
        for o in model.objects {
            for a in o.attributes {
                let what = format!("{} {}", o.resource_name, a.attribute);
                if a.conversion == Conversion::WifiCredentials {
                    // An object: the parameters in it that are written.
                    for leaf in WIFI_SECURITY_PARAMETERS {
                        let path: &'static str =
                            Box::leak(format!("{}{leaf}", a.parameter).into_boxed_str());
                        out.push((what.clone(), path, Some(a.writable)));
                    }
                    continue;
                }
                out.push((what, a.parameter, Some(a.writable)));
            }
            for (parameter, _) in o.created_with {
                out.push((
                    format!("{} created_with", o.resource_name),
                    parameter,
                    Some(true),
                ));
            }
            for t in o.triggers {
                if let TriggerAction::SetParameter { parameter, .. } = t.action {
                    // SetParameterValues needs a writable parameter.
                    out.push((
                        format!("{} {}", o.resource_name, t.attribute),
                        parameter,
                        Some(true),
                    ));
                }
            }
            if !o.presence.ends_with('.') {
                out.push((format!("{} presence", o.resource_name), o.presence, None));
            }
        }
        out.push((
            "connection request URL".into(),
            model.connection_request_url,
            None,
        ));
        out.push(("parameter key".into(), model.parameter_key, None));
        out
    }

    fn access_of(path: &str) -> Option<String> {
        let path = generic(path);
        xml()
            .params
            .get(&path)
            .map(|p| p.access.clone())
            .or_else(|| {
                EXTENSIONS
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map(|(_, a)| a.to_string())
            })
    }

    #[test]
    fn tr181_parameters_exist_with_their_access() {
        let xml = xml();
        for (what, path, writable) in parameters(&TR181) {
            let generic = generic(path);
            let in_xml = xml.params.get(&generic);
            if in_xml.is_none() {
                let extension = EXTENSIONS.iter().find(|(p, _)| *p == generic);
                assert!(extension.is_some(), "{what}: {path} is not in TR-181");
                assert!(generic.contains(".X_oneM2M_org_"), "{what}: {path}");
                let object = &generic[..=generic.rfind('.').unwrap()];
                assert!(xml.objects.contains(object), "{what}: object of {path}");
            }
            let access = access_of(path).unwrap();
            if let Some(writable) = writable {
                assert_eq!(
                    writable && access == "readWrite",
                    writable,
                    "{what}: {path} is {access}"
                );
            }
        }
        for o in TR181.objects {
            if let Some(table) = o.instances {
                assert!(xml.objects.contains(table), "{}: {table}", o.resource_name);
            }
            if o.presence.ends_with('.') {
                assert!(xml.objects.contains(o.presence), "{}", o.resource_name);
            }
        }
        // The ExecutionUnit `{eu}` is found through this parameter.
        assert!(
            xml.params
                .contains_key("Device.SoftwareModules.DeploymentUnit.{i}.ExecutionUnitList")
        );
        for path in TR181.discovery_paths {
            let known = if path.ends_with('.') {
                xml.objects.iter().any(|o| o.starts_with(path))
            } else {
                xml.params.contains_key(*path)
            };
            assert!(known, "discovery path {path} is not in TR-181");
        }
    }

    #[test]
    fn every_extension_is_used() {
        let used: BTreeSet<String> = parameters(&TR181)
            .into_iter()
            .map(|(_, p, _)| generic(p))
            .collect();
        for (path, _) in EXTENSIONS {
            assert!(used.contains(*path), "{path}");
            assert!(!xml().params.contains_key(*path), "{path} is in TR-181 now");
        }
    }

    /// TS-0006 8.1.2/8.1.3 send AddObject and DeleteObject only where the table lets the
    /// ACS add and delete rows: every level of a creatable object's table is readWrite in
    /// TR-181, and every object map whose table is not says so by being not creatable.
    #[test]
    fn creatable_tables_are_read_write_in_tr181() {
        let xml = xml();
        let access = |object: &str| xml.object_access.get(object).cloned().unwrap_or_default();
        let mut creatable = 0;
        for o in TR181.objects {
            let Some(template) = o.instances else {
                assert_eq!(o.creatable, None, "{}", o.resource_name);
                continue;
            };
            let writable_rows = template
                .match_indices("{i}.")
                .all(|(at, _)| access(&template[..at + 4]) == "readWrite");
            match o.creatable {
                Some(table) => {
                    creatable += 1;
                    assert_eq!(format!("{table}{{i}}."), template, "{}", o.resource_name);
                    assert!(writable_rows, "{}: {template}", o.resource_name);
                }
                None => assert!(
                    !writable_rows,
                    "{}: {template} is writable, so a Create should add to it",
                    o.resource_name
                ),
            }
        }
        assert!(creatable > 0);
        for o in TR181.objects {
            for (parameter, value) in o.created_with {
                let body = &xml.params[&generic(parameter)].body;
                let fits = match value {
                    ConstValue::Bool(_) => body.contains("<boolean/>"),
                    ConstValue::Int(_) => body.contains("<int") || body.contains("<unsigned"),
                    ConstValue::Str(_) => body.contains("<string"),
                };
                assert!(fits, "{}: {parameter} = {value:?}", o.resource_name);
            }
        }
        for o in TR098.objects {
            assert_eq!(
                o.creatable, None,
                "{}: no TR-098 XML to check",
                o.resource_name
            );
        }
        // The security modes written are ones a Wi-Fi EndPoint may support.
        let supported = &xml.params["Device.WiFi.EndPoint.{i}.Security.ModesSupported"].body;
        for mode in WIFI_SECURITY_MODES {
            assert!(
                supported.contains(&format!("<enumeration value=\"{mode}\"")),
                "{mode}"
            );
        }
    }

    #[test]
    fn conversions_fit_the_tr181_syntax() {
        let xml = xml();
        for o in TR181.objects {
            for a in o.attributes {
                let Some(p) = xml.params.get(&generic(a.parameter)) else {
                    continue; // an extension
                };
                let body = &p.body;
                let fits = match a.conversion {
                    Conversion::WifiProfileStatus => ["Active", "Available", "Disabled", "Error"]
                        .iter()
                        .all(|v| body.contains(&format!("<enumeration value=\"{v}\""))),
                    Conversion::WifiCredentials => unreachable!("an object, not in params"),
                    // A string, or a named string type (URL, MACAddress…).
                    Conversion::Text => body.contains("<string") || body.contains("<dataType ref="),
                    Conversion::UnsignedInt => {
                        body.contains("<unsignedInt") || body.contains("<unsignedLong")
                    }
                    Conversion::KibToBytes => body.contains("<units value=\"KiB\"/>"),
                    Conversion::Boolean => body.contains("<boolean/>"),
                    Conversion::DateTime => body.contains("<dateTime/>"),
                    Conversion::List => body.contains("<list") || a.parameter.contains("{i}"),
                    Conversion::LogStatus => ["Enabled", "Disabled", "Error"]
                        .iter()
                        .all(|v| body.contains(&format!("<enumeration value=\"{v}\""))),
                    Conversion::ActiveStatus => ["Idle", "Starting", "Active", "Stopping"]
                        .iter()
                        .all(|v| body.contains(&format!("<enumeration value=\"{v}\""))),
                };
                assert!(
                    fits,
                    "{} {}: {:?} on {}",
                    o.resource_name, a.attribute, a.conversion, a.parameter
                );
            }
            for t in o.triggers {
                if let TriggerAction::SetParameter { parameter, value } = t.action {
                    let body = &xml.params[&generic(parameter)].body;
                    let valid = if body.contains("<boolean/>") {
                        value == "true" || value == "false"
                    } else {
                        body.contains(&format!("<enumeration value=\"{value}\""))
                    };
                    assert!(
                        valid,
                        "{} {}: {value} for {parameter}",
                        o.resource_name, t.attribute
                    );
                }
            }
        }
    }

    #[test]
    fn object_ids_name_the_models() {
        // "urn:broadband-forum-org:tr-181-2-17-0-cwmp" is the XML's own spec URN.
        assert_eq!(xml().spec, format!("{TR181_URN}-cwmp"));
        for model in MODELS {
            let urn = model.objects[0].object_id;
            assert!(model.objects.iter().all(|o| o.object_id == urn));
        }
        assert_eq!(
            TR098.objects[0].object_id,
            "urn:broadband-forum-org:tr-098-1-8-0"
        );
    }

    fn json_of(value: ConstValue) -> Value {
        match value {
            ConstValue::Int(i) => json!(i),
            ConstValue::Str(s) => json!(s),
            ConstValue::Bool(b) => json!(b),
        }
    }

    fn fits_kind(conversion: Conversion, kind: ValueKind) -> bool {
        use ValueKind as K;
        match conversion {
            Conversion::Text => matches!(kind, K::String | K::AnyUri),
            Conversion::UnsignedInt | Conversion::KibToBytes => matches!(
                kind,
                K::UnsignedInt | K::UnsignedLong | K::NonNegativeInteger | K::Integer
            ),
            Conversion::Boolean => kind == K::Boolean,
            Conversion::DateTime => kind == K::Timestamp,
            Conversion::List => matches!(kind, K::List(_)),
            // The values LogStatus produces, each a member of the enumeration.
            Conversion::LogStatus => [1, 2, 3, 5].iter().all(|&v| kind.check(&json!(v)).is_ok()),
            Conversion::ActiveStatus | Conversion::WifiCredentials => kind == K::Object,
            // The values WifiProfileStatus produces, each a member of the enumeration.
            Conversion::WifiProfileStatus => {
                [0, 1, 2, 5].iter().all(|&v| kind.check(&json!(v)).is_ok())
            }
        }
    }

    #[test]
    fn attributes_constants_and_triggers_exist_in_the_schema() {
        for model in MODELS {
            for o in model.objects {
                let s = schema::schema(13, Some(o.mgd))
                    .unwrap_or_else(|| panic!("no schema for mgd {}", o.mgd));
                let name = o.resource_name;
                let spec_name = schema::MGMT_DEFINITIONS
                    .iter()
                    .find(|(mgd, ..)| *mgd == o.mgd)
                    .unwrap()
                    .1;
                assert_eq!(name, spec_name, "resource name of mgd {}", o.mgd);
                for a in o.attributes {
                    let rule = s
                        .attribute(a.attribute)
                        .unwrap_or_else(|| panic!("{name}: no attribute {}", a.attribute));
                    assert!(
                        fits_kind(a.conversion, rule.kind),
                        "{name} {}: {:?} gives no {:?}",
                        a.attribute,
                        a.conversion,
                        rule.kind
                    );
                    if a.writable {
                        assert_ne!(
                            rule.update,
                            Optionality::NotPresent,
                            "{name} {}",
                            a.attribute
                        );
                    }
                }
                for (short, value) in o.constants {
                    let rule = s
                        .attribute(short)
                        .unwrap_or_else(|| panic!("{name}: no attribute {short}"));
                    rule.kind
                        .check(&json_of(*value))
                        .unwrap_or_else(|e| panic!("{name} {short}: {e}"));
                }
                for t in o.triggers {
                    let rule = s
                        .attribute(t.attribute)
                        .unwrap_or_else(|| panic!("{name}: no attribute {}", t.attribute));
                    assert_eq!(rule.kind, ValueKind::Boolean, "{name} {}", t.attribute);
                    assert_ne!(
                        rule.update,
                        Optionality::NotPresent,
                        "{name} {}",
                        t.attribute
                    );
                }
            }
        }
    }

    fn caller_filled(mgd: u32) -> &'static [&'static str] {
        CALLER_FILLED
            .iter()
            .find(|(m, _)| *m == mgd)
            .map_or(&[], |(_, list)| list)
    }

    #[test]
    fn every_mandatory_attribute_is_covered_once() {
        for model in MODELS {
            for o in model.objects {
                let s = schema::schema(13, Some(o.mgd)).unwrap();
                let mut covered: Vec<&str> = o.attributes.iter().map(|a| a.attribute).collect();
                covered.extend(o.constants.iter().map(|(c, _)| *c));
                covered.extend(o.triggers.iter().map(|t| t.attribute));
                covered.extend(caller_filled(o.mgd));
                let unique: BTreeSet<&str> = covered.iter().copied().collect();
                assert_eq!(
                    unique.len(),
                    covered.len(),
                    "{}: an attribute twice",
                    o.resource_name
                );
                for rule in s.attributes {
                    // mgd is the ObjectMap's own; the rest must be filled somehow.
                    if rule.create == Optionality::Mandatory && rule.short != "mgd" {
                        assert!(
                            unique.contains(rule.short),
                            "{} {}: mandatory on create, not covered",
                            o.resource_name,
                            rule.short
                        );
                    }
                }
            }
        }
        for (mgd, list) in CALLER_FILLED {
            let s = schema::schema(13, Some(*mgd)).unwrap();
            for short in *list {
                assert!(s.attribute(short).is_some(), "{mgd} {short}");
            }
        }
    }

    #[test]
    fn models_are_consistent() {
        for model in MODELS {
            let mut mgds = BTreeSet::new();
            for o in model.objects {
                assert!(mgds.insert(o.mgd), "mgd {} twice", o.mgd);
                let table = o.instances;
                if let Some(table) = table {
                    assert!(table.ends_with(".{i}."), "{table}");
                    assert!(o.presence.starts_with(table), "{}", o.resource_name);
                } else {
                    assert!(!o.presence.contains("{i}"), "{}", o.resource_name);
                }
                for (what, path, _) in parameters(model) {
                    assert!(path.starts_with(model.root), "{what}: {path}");
                }
                for a in o.attributes {
                    // `{i}` in a single object only means "collect over all instances".
                    if table.is_none() && a.parameter.contains("{i}") {
                        assert_eq!(a.conversion, Conversion::List, "{}", a.attribute);
                    }
                    if a.parameter.contains("{eu}") {
                        assert_eq!(o.mgd, 1002, "{{eu}} is the software DU's execution unit");
                    }
                }
                assert_eq!(o.attribute("nope"), None);
                for a in o.attributes {
                    assert_eq!(o.attribute(a.attribute), Some(a));
                }
                for t in o.triggers {
                    assert_eq!(o.trigger(t.attribute), Some(t));
                }
            }
            // One GetParameterValues of the discovery paths brings back every parameter the
            // objects read (session parameters come with every Inform).
            for o in model.objects {
                let mut paths: Vec<&str> = o.attributes.iter().map(|a| a.parameter).collect();
                paths.push(o.presence);
                for p in paths {
                    assert!(
                        model.discovery_paths.iter().any(|d| if d.ends_with('.') {
                            p.starts_with(d)
                        } else {
                            p == *d
                        }),
                        "{p} is not discovered"
                    );
                }
            }
            assert!(!model.discovery_paths.contains(&model.root));
        }
    }

    #[test]
    fn tr098_names_are_the_shared_component_names() {
        // IGD:1 takes DeviceInfo, MemoryStatus, Time, SoftwareModules and ManagementServer
        // from the same TR-106/TR-157 components as Device:2, so each name must exist in
        // TR-181 under the Device root, with an access that allows what we do with it.
        for (what, path, writable) in parameters(&TR098) {
            let twin = path.replacen("InternetGatewayDevice.", "Device.", 1);
            let access = access_of(&twin).unwrap_or_else(|| panic!("{what}: {twin}"));
            if writable == Some(true) {
                assert_eq!(access, "readWrite", "{what}: {path}");
            }
        }
        for o in TR098.objects {
            let twin = TR181.objects.iter().find(|t| t.mgd == o.mgd).unwrap();
            assert_eq!(o.resource_name, twin.resource_name);
            for t in o.triggers {
                let theirs = twin.trigger(t.attribute).unwrap();
                match (t.action, theirs.action) {
                    (
                        TriggerAction::SetParameter {
                            parameter: a,
                            value: x,
                        },
                        TriggerAction::SetParameter {
                            parameter: b,
                            value: y,
                        },
                    ) => {
                        assert_eq!(a.replacen("InternetGatewayDevice.", "Device.", 1), b);
                        assert_eq!(x, y);
                    }
                    (mine, theirs) => assert_eq!(mine, theirs),
                }
            }
        }
    }

    #[test]
    fn model_for_root_by_parameter_name() {
        assert_eq!(
            model_for_root("Device.DeviceInfo.SerialNumber"),
            Some(&TR181)
        );
        assert_eq!(model_for_root("Device."), Some(&TR181));
        assert_eq!(model_for_root("Device"), Some(&TR181));
        assert_eq!(
            model_for_root("InternetGatewayDevice.DeviceInfo.SoftwareVersion"),
            Some(&TR098)
        );
        assert_eq!(model_for_root("DeviceX.Foo"), None);
        assert_eq!(model_for_root(""), None);
        assert_eq!(model_for_root("Devic"), None);
    }
}
