//! Per-parameter behaviour the model file does not spell out, decided from the parameter's
//! name as TR-181 defines it: which notification settings it allows (TR-069 A.3.2.4) and
//! whether its value reads back empty.
//!
//! # Notification
//!
//! * **Forced active** — `<root>.DeviceInfo.SoftwareVersion` and
//!   `<root>.DeviceInfo.ProvisioningCode`, the parameters TR-181 marks
//!   `activeNotify="forceEnabled"`. Their Notification is always 2: an attempt to set
//!   another value is ignored, as A.3.2.4 requires, and every change the device makes to them
//!   is an active change.
//! * **Active by default** — `<root>.ManagementServer.ConnectionRequestURL`
//!   (`activeNotify="forceDefaultEnabled"`): Notification starts at 2, the ACS may change it.
//! * **Active notification denied** — fast-changing values: anything below a `.Stats.`
//!   object, and parameters named `UpTime`, `LastChange`, `ChannelLastChange`,
//!   `CurrentLocalTime`, `CPUUsage`, `MemoryStatus.Free` or `MemoryStatus.FreePersistent`
//!   (all marked `activeNotify="canDeny"` in TR-181). A.3.2.4 lets a CPE refuse active
//!   notification on such parameters with fault 9009; passive notification is accepted.
//! * Everything else starts at 0 and accepts 0, 1 and 2.
//!
//! # Secured values
//!
//! Passwords, passphrases, keys and secrets (last name segment ending in `Password`,
//! `Passphrase` or `Secret`, or named `WEPKey` or `PreSharedKey`; TR-181 marks them
//! `hidden`/`secured`) read back as an empty string over CWMP: "When read, this parameter
//! returns an empty string, regardless of the actual value". The device itself still sees the
//! real value.

/// Whether reading the parameter over CWMP returns an empty string.
pub(crate) fn is_secured(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or_default();
    last.ends_with("Password")
        || last.ends_with("Passphrase")
        || last.ends_with("Secret")
        || matches!(last, "WEPKey" | "PreSharedKey")
}

/// The notification policy of one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotifyPolicy {
    Normal,
    DefaultActive,
    ForcedActive,
    DenyActive,
}

impl NotifyPolicy {
    pub(crate) fn for_path(path: &str) -> Self {
        let segments: Vec<&str> = path.split('.').collect();
        match segments.as_slice() {
            [_, "DeviceInfo", "SoftwareVersion" | "ProvisioningCode"] => return Self::ForcedActive,
            [_, "ManagementServer", "ConnectionRequestURL"] => return Self::DefaultActive,
            _ => {}
        }
        let last = segments.last().copied().unwrap_or_default();
        let fast = matches!(
            last,
            "UpTime" | "LastChange" | "ChannelLastChange" | "CurrentLocalTime" | "CPUUsage"
        ) || path.ends_with(".MemoryStatus.Free")
            || path.ends_with(".MemoryStatus.FreePersistent")
            || path.contains(".Stats.");
        if fast { Self::DenyActive } else { Self::Normal }
    }

    /// Notification before the ACS changes it.
    pub(crate) fn default_level(self) -> u8 {
        match self {
            Self::DefaultActive | Self::ForcedActive => 2,
            Self::Normal | Self::DenyActive => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NotifyPolicy::{self, *};
    use super::is_secured;

    #[test]
    fn secured_by_name() {
        for secret in [
            "Device.ManagementServer.Password",
            "Device.ManagementServer.ConnectionRequestPassword",
            "Device.ManagementServer.STUNPassword",
            "Device.WiFi.AccessPoint.1.Security.KeyPassphrase",
            "Device.WiFi.AccessPoint.1.Security.PreSharedKey",
            "Device.WiFi.AccessPoint.1.Security.RadiusSecret",
        ] {
            assert!(is_secured(secret), "{secret}");
        }
        for plain in [
            "Device.ManagementServer.Username",
            "Device.WiFi.SSID.1.SSID",
            "Device.X.PasswordPolicy.",
        ] {
            assert!(!is_secured(plain), "{plain}");
        }
    }

    #[test]
    fn policies_by_name() {
        let cases = [
            ("Device.DeviceInfo.SoftwareVersion", ForcedActive),
            ("Device.DeviceInfo.ProvisioningCode", ForcedActive),
            (
                "Device.ManagementServer.ConnectionRequestURL",
                DefaultActive,
            ),
            ("Device.DeviceInfo.UpTime", DenyActive),
            ("Device.Ethernet.Interface.1.Stats.BytesSent", DenyActive),
            ("Device.WiFi.Radio.1.LastChange", DenyActive),
            ("Device.DeviceInfo.MemoryStatus.Free", DenyActive),
            ("Device.DeviceInfo.MemoryStatus.Total", Normal),
            ("Device.DeviceInfo.FirmwareImage.1.Version", Normal),
            ("Device.X_Vendor.SoftwareVersion", Normal),
        ];
        for (path, policy) in cases {
            assert_eq!(NotifyPolicy::for_path(path), policy, "{path}");
        }
        assert_eq!(ForcedActive.default_level(), 2);
        assert_eq!(DenyActive.default_level(), 0);
    }
}
