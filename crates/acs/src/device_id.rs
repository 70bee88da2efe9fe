//! Device ids: `OUI-ProductClass-SerialNumber` (the form TR-069 3.4.4 uses for default
//! usernames), each part escaped so that the id is unambiguous and safe in a URL path
//! without further encoding.
//!
//! Escape: ASCII letters, digits, `.` and `~` stand for themselves; every other byte of the
//! part's UTF-8 (including `-` and `_`) becomes `_` and two upper-case hex digits. So
//! `-` only ever separates the three parts, and the id needs no percent-encoding in a URL.

use std::fmt::Write;

use cwmp::rpc::DeviceId;

pub fn device_id(id: &DeviceId) -> String {
    let mut out =
        String::with_capacity(id.oui.len() + id.product_class.len() + id.serial_number.len() + 2);
    escape_part(&id.oui, &mut out);
    out.push('-');
    escape_part(&id.product_class, &mut out);
    out.push('-');
    escape_part(&id.serial_number, &mut out);
    out
}

fn escape_part(part: &str, out: &mut String) {
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'~' {
            out.push(byte as char);
        } else {
            let _ = write!(out, "_{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(oui: &str, class: &str, serial: &str) -> String {
        device_id(&DeviceId {
            manufacturer: "x".into(),
            oui: oui.into(),
            product_class: class.into(),
            serial_number: serial.into(),
        })
    }

    #[test]
    fn plain_parts_pass_and_everything_else_is_escaped() {
        assert_eq!(id("00D09E", "HGW", "SN123"), "00D09E-HGW-SN123");
        assert_eq!(id("00D09E", "HGW-1", "a_b c"), "00D09E-HGW_2D1-a_5Fb_20c");
        assert_eq!(id("00D09E", "", "é/?"), "00D09E--_C3_A9_2F_3F");
    }

    #[test]
    fn different_triples_never_share_an_id() {
        assert_ne!(id("A", "B-C", "D"), id("A", "B", "C-D"));
        assert_ne!(id("A", "B_2D", "D"), id("A", "B-", "D"));
    }
}
