//! CPE fault → oneM2M response status code, for the requests on a `<mgmtObj>` that the CSE
//! carries out with one TR-069 RPC: TS-0006 8.3 Tables 8.3.2.2-1 and 8.3.2.2-2 (creation
//! of a `[myCertFileCred]`, `TS-0006-8.3-myCertFileCred-TR-069-mapping.txt`), TS-0006 8.1.2
//! (Create → AddObject) as ONEM2M-DM-REFERENCE.md §4.5 restates it, and our proposals for
//! the rest (Retrieve, Update, Delete and the RPCs behind trigger attributes), each row
//! with its reason. Codes are the numeric ones of TS-0004 6.6.3 (reference §5.1).
//!
//! A fault a table does not list maps by one fallback rule (see [`response_status`]), so an
//! unexpected fault still gets a sensible answer. The failure of a `<mgmtCmd>` execution is
//! not here: it is an execResult (see [`super::exec`]).

/// Which request the CPE's fault answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectOp {
    /// Retrieve → GetParameterValues.
    Retrieve,
    /// Update of ordinary attributes → SetParameterValues; also the trigger attributes that
    /// are carried out by setting a parameter (software `act`/`dea`, eventLog `lga`/`lgo`,
    /// deviceCapability `ena`/`dis`).
    Update,
    /// Create → AddObject.
    Create,
    /// Delete → DeleteObject.
    Delete,
    /// An executable attribute's RPC: Reboot, FactoryReset, Download, ChangeDUState.
    Trigger,
    /// Create `[myCertFileCred]`: the Download response (Table 8.3.2.2-1).
    CertDownload,
    /// Create `[myCertFileCred]`: the TransferComplete after it (Table 8.3.2.2-2).
    CertTransferComplete,
}

/// One row: a CPE fault code and the response status code it maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusRow {
    /// The CPE fault code (TR-069 A.5.1).
    pub fault: u32,
    /// The oneM2M response status code (TS-0004 6.6.3).
    pub rsc: u32,
}

const OK: u32 = 2000;
const CREATED: u32 = 2001;
const DELETED: u32 = 2002;
const UPDATED: u32 = 2004;
const BAD_REQUEST: u32 = 4000;
const INTERNAL_SERVER_ERROR: u32 = 5000;
const NOT_IMPLEMENTED: u32 = 5001;

const fn r(fault: u32, rsc: u32) -> StatusRow {
    StatusRow { fault, rsc }
}

/// GetParameterValues, \[PROPOSED\] in reference §4.5 ("by analogy" with AddObject), reduced
/// to the faults TR-069 A.3.2.2 defines for the method (9001–9005; 9006–9008 belong to
/// SetParameterValues only).
const RETRIEVE: &[StatusRow] = &[
    r(9001, BAD_REQUEST),
    r(9002, BAD_REQUEST),
    r(9003, BAD_REQUEST),
    r(9004, BAD_REQUEST),
    // The device has no such parameter: it does not implement that part of the model.
    r(9005, NOT_IMPLEMENTED),
];

/// SetParameterValues, \[PROPOSED\] in reference §4.5; TR-069 A.3.2.1 defines 9001–9008.
const UPDATE: &[StatusRow] = &[
    r(9001, BAD_REQUEST),
    r(9002, BAD_REQUEST),
    r(9003, BAD_REQUEST),
    r(9004, BAD_REQUEST),
    r(9005, NOT_IMPLEMENTED),
    // Invalid type, invalid value, non-writable parameter: the value the originator gave
    // (or the attribute it chose to update) is what the device refused.
    r(9006, BAD_REQUEST),
    r(9007, BAD_REQUEST),
    r(9008, BAD_REQUEST),
];

/// AddObject: TS-0006 8.1.2 (reference §4.5), normative.
const CREATE: &[StatusRow] = &[
    r(9001, BAD_REQUEST),
    r(9002, BAD_REQUEST),
    r(9003, BAD_REQUEST),
    r(9004, BAD_REQUEST),
    r(9005, NOT_IMPLEMENTED),
];

/// DeleteObject, \[PROPOSED\]: TS-0006 8.1.3's fault table was not retrieved (reference
/// §4.5). DeleteObject is AddObject's mirror and its faults mean the same, so it maps the
/// same; TR-069 A.3.2.7 defines 9001, 9002, 9003 and 9005 for it (no 9004).
const DELETE: &[StatusRow] = &[
    r(9001, BAD_REQUEST),
    r(9002, BAD_REQUEST),
    r(9003, BAD_REQUEST),
    r(9005, NOT_IMPLEMENTED),
];

/// Reboot, FactoryReset, Download (firmware `ud`) and ChangeDUState (software `in`/`un`)
/// answering an Update that wrote a trigger attribute, \[PROPOSED\] (TS-0006 7.9–7.11 map
/// the attributes to the RPCs but give no fault table): the faults TR-069 defines for
/// those four methods.
const TRIGGER: &[StatusRow] = &[
    // Method not supported: the device does not implement the action at all (e.g. no
    // FactoryReset, no software modules).
    r(9000, NOT_IMPLEMENTED),
    // Request denied: as AddObject and 8.3 (both normative) map it. 4127
    // OPERATION_DENIED_BY_REMOTE_ENTITY was the other candidate; consistency with the
    // clauses TS-0006 does specify won.
    r(9001, BAD_REQUEST),
    // Internal error of the device: the request was fine, the device failed it.
    r(9002, INTERNAL_SERVER_ERROR),
    // Invalid arguments: built from the originator's attributes (url, …).
    r(9003, BAD_REQUEST),
    // Resources exceeded: AddObject (normative) maps it to BAD_REQUEST; so do we.
    r(9004, BAD_REQUEST),
    // File transfer failure, server authentication failure, unsupported protocol: the
    // download named by the originator's `url` cannot be fetched; 8.3 maps exactly these
    // Download faults to BAD_REQUEST.
    r(9010, BAD_REQUEST),
    r(9012, BAD_REQUEST),
    r(9013, BAD_REQUEST),
];

/// Table 8.3.2.2-1: Download for `[myCertFileCred]`, every fault BAD_REQUEST.
const CERT_DOWNLOAD: &[StatusRow] = &[
    r(9000, BAD_REQUEST),
    r(9001, BAD_REQUEST),
    r(9002, BAD_REQUEST),
    r(9003, BAD_REQUEST),
    r(9004, BAD_REQUEST),
    r(9010, BAD_REQUEST),
    r(9012, BAD_REQUEST),
    r(9013, BAD_REQUEST),
];

/// Table 8.3.2.2-2: TransferComplete for `[myCertFileCred]`, every fault BAD_REQUEST.
const CERT_TRANSFER_COMPLETE: &[StatusRow] = &[
    r(9001, BAD_REQUEST),
    r(9002, BAD_REQUEST),
    r(9010, BAD_REQUEST),
    r(9011, BAD_REQUEST),
    r(9012, BAD_REQUEST),
    r(9014, BAD_REQUEST),
    r(9015, BAD_REQUEST),
    r(9016, BAD_REQUEST),
    r(9017, BAD_REQUEST),
    r(9018, BAD_REQUEST),
    r(9019, BAD_REQUEST),
    r(9020, BAD_REQUEST),
];

/// The rows of the table for `op`.
pub fn rows(op: ObjectOp) -> &'static [StatusRow] {
    match op {
        ObjectOp::Retrieve => RETRIEVE,
        ObjectOp::Update => UPDATE,
        ObjectOp::Create => CREATE,
        ObjectOp::Delete => DELETE,
        ObjectOp::Trigger => TRIGGER,
        ObjectOp::CertDownload => CERT_DOWNLOAD,
        ObjectOp::CertTransferComplete => CERT_TRANSFER_COMPLETE,
    }
}

/// The oneM2M response status code (numeric, TS-0004 6.6.3) for a CPE fault answering
/// `op`: the row of its table. A fault the table does not list (\[PROPOSED\]): 9000 → 5001
/// NOT_IMPLEMENTED (the device lacks the method); 9002 and vendor faults 9800–9899 → 5000
/// INTERNAL_SERVER_ERROR (the device failed, the request was fine); anything else → 4000
/// BAD_REQUEST, like every other fault TS-0006 maps. Fault 0 (no fault) gives the success
/// code of the oneM2M operation: 2000 OK for Retrieve, 2004 UPDATED for Update and Trigger
/// (a trigger is written with an Update), 2001 CREATED for Create and both certificate
/// steps, 2002 DELETED for Delete.
pub fn response_status(op: ObjectOp, fault: u32) -> u32 {
    if fault == 0 {
        return match op {
            ObjectOp::Retrieve => OK,
            ObjectOp::Update | ObjectOp::Trigger => UPDATED,
            ObjectOp::Create | ObjectOp::CertDownload | ObjectOp::CertTransferComplete => CREATED,
            ObjectOp::Delete => DELETED,
        };
    }
    rows(op)
        .iter()
        .find(|row| row.fault == fault)
        .map_or_else(|| fallback(fault), |row| row.rsc)
}

/// A fault the table of `op` does not list. Vendor faults have no meaning we could know;
/// they are the device's failure, as they are STATUS_INTERNAL_ERROR for an
/// `<execInstance>` (see [`super::exec::exec_result`]).
fn fallback(fault: u32) -> u32 {
    match fault {
        9000 => NOT_IMPLEMENTED,
        9002 | 9800..=9899 => INTERNAL_SERVER_ERROR,
        _ => BAD_REQUEST,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/spec/");

    const ALL_OPS: [ObjectOp; 7] = [
        ObjectOp::Retrieve,
        ObjectOp::Update,
        ObjectOp::Create,
        ObjectOp::Delete,
        ObjectOp::Trigger,
        ObjectOp::CertDownload,
        ObjectOp::CertTransferComplete,
    ];

    fn read(file: &str) -> String {
        let path = format!("{SPEC_DIR}{file}");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The rows of a `|`-separated table of the 8.3 text under the line starting with
    /// `title`, as (fault, rsc) from "9000 | … | 4000 (BAD_REQUEST) |".
    fn table_8_3(text: &str, title: &str) -> Vec<StatusRow> {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(title));
        assert!(lines.next().is_some(), "{title} not found in the 8.3 text");
        let header = lines.next().unwrap();
        assert!(
            header.starts_with("Fault code | Description | Response Status Code"),
            "{title}: header {header:?}"
        );
        let rows: Vec<StatusRow> = lines
            .skip_while(|l| l.starts_with("---"))
            .take_while(|l| l.contains('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let rsc = cells[2].split_whitespace().next().unwrap();
                StatusRow {
                    fault: cells[0].parse().unwrap(),
                    rsc: rsc.parse().unwrap(),
                }
            })
            .collect();
        assert!(!rows.is_empty(), "{title}: no rows");
        rows
    }

    #[test]
    fn certificate_tables_match_8_3_row_by_row() {
        let text = read("TS-0006-8.3-myCertFileCred-TR-069-mapping.txt");
        for (title, op) in [
            ("Table 8.3.2.2-1:", ObjectOp::CertDownload),
            ("Table 8.3.2.2-2:", ObjectOp::CertTransferComplete),
        ] {
            let spec = table_8_3(&text, title);
            assert_eq!(spec, rows(op), "{title}");
            for row in spec {
                assert_eq!(response_status(op, row.fault), row.rsc);
            }
        }
    }

    /// Every "<faults> → <rsc>" of a bullet of reference §4.5: faults written one by one
    /// ("9001, 9002"), with slashes ("9006/9007") or as a range ("9001–9004"), maybe
    /// followed by a remark in parentheses; arrows not followed by a number (“Create
    /// `<mgmtObj>` → AddObject”) are prose.
    fn arrows(bullet: &str) -> BTreeMap<u32, u32> {
        let mut out = BTreeMap::new();
        let parts: Vec<&str> = bullet.split('→').collect();
        for i in 1..parts.len() {
            let Some(rsc) = leading_number(parts[i]) else {
                continue;
            };
            // What stands left of this arrow, after the previous arrow's code and after the
            // last ':' or ';' (which end the prose before a list).
            let mut left = parts[i - 1];
            if i > 1 && leading_number(left).is_some() {
                left = left
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit());
            }
            let left = left.rsplit([':', ';']).next().unwrap();
            let left: String = {
                // Remarks in parentheses are not faults.
                let mut depth = 0;
                left.chars()
                    .filter(|&c| {
                        match c {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                        depth == 0 && c != ')'
                    })
                    .collect()
            };
            let mut faults = Vec::new();
            for item in left.split([',', '/']) {
                let item = item.trim().trim_start_matches("faults").trim();
                if let Some((a, b)) = item.split_once('–') {
                    let (a, b): (u32, u32) = (a.trim().parse().unwrap(), b.trim().parse().unwrap());
                    faults.extend(a..=b);
                } else if !item.is_empty() {
                    faults.push(
                        item.parse()
                            .unwrap_or_else(|_| panic!("not a fault: {item:?} in {bullet}")),
                    );
                }
            }
            assert!(!faults.is_empty(), "no faults before → {rsc} in {bullet}");
            for fault in faults {
                assert!((9000..=9899).contains(&fault), "{fault} in {bullet}");
                out.insert(fault, rsc);
            }
        }
        out
    }

    fn leading_number(s: &str) -> Option<u32> {
        let digits: String = s
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    }

    fn reference() -> String {
        read("ONEM2M-DM-REFERENCE.md")
    }

    fn bullet<'a>(text: &'a str, start: &str) -> &'a str {
        let found: Vec<&str> = text.lines().filter(|l| l.starts_with(start)).collect();
        assert_eq!(
            found.len(),
            1,
            "one bullet starting {start:?} in the reference"
        );
        found[0]
    }

    fn as_map(rows: &[StatusRow]) -> BTreeMap<u32, u32> {
        rows.iter().map(|r| (r.fault, r.rsc)).collect()
    }

    #[test]
    fn object_tables_match_reference_4_5() {
        let text = reference();
        let add = arrows(bullet(&text, "* [TS-0006 web] 8.1.2 Create"));
        assert_eq!(
            add,
            BTreeMap::from([
                (9001, 4000),
                (9002, 4000),
                (9003, 4000),
                (9004, 4000),
                (9005, 5001)
            ]),
            "the bullet reads as expected"
        );
        assert_eq!(as_map(rows(ObjectOp::Create)), add, "AddObject");
        assert_eq!(rows(ObjectOp::Create).len(), add.len());

        let gpv_spv = arrows(bullet(&text, "* [TS-0006 web] 8.1.3"));
        assert_eq!(gpv_spv.len(), 8, "9001–9008 in the GPV/SPV bullet");
        assert_eq!(
            as_map(rows(ObjectOp::Update)),
            gpv_spv,
            "SetParameterValues"
        );
        // GetParameterValues and DeleteObject: the same mapping, on fewer faults.
        for op in [ObjectOp::Retrieve, ObjectOp::Delete] {
            for row in rows(op) {
                assert_eq!(gpv_spv.get(&row.fault), Some(&row.rsc), "{op:?} {row:?}");
            }
        }
        // DeleteObject is AddObject's mirror.
        for row in rows(ObjectOp::Delete) {
            assert_eq!(add.get(&row.fault), Some(&row.rsc), "Delete {row:?}");
        }
    }

    /// The faults TR-069 A.3/A.4 defines for `method`, under its clause heading.
    fn tr069_faults(text: &str, clause: &str, method: &str) -> BTreeSet<u32> {
        let heading = format!("{clause} {method}").to_ascii_lowercase();
        let mut lines = text
            .lines()
            .skip_while(|l| l.replace('*', "").trim().to_ascii_lowercase() != heading);
        assert!(lines.next().is_some(), "TR-069 {clause} {method} not found");
        let sentence = lines
            .find_map(|l| l.strip_prefix("The following fault codes are defined for this method:"))
            .unwrap_or_else(|| panic!("TR-069 {clause}: no fault list"));
        // The list ends with the sentence ("…, and 9004. These are …").
        let list = sentence.split('.').next().unwrap();
        let faults: BTreeSet<u32> = list
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| n.len() == 4)
            .map(|n| n.parse().unwrap())
            .collect();
        assert!(!faults.is_empty(), "TR-069 {clause}: empty fault list");
        faults
    }

    fn faults_of(op: ObjectOp) -> BTreeSet<u32> {
        rows(op).iter().map(|r| r.fault).collect()
    }

    #[test]
    fn every_table_lists_the_faults_tr069_defines_for_its_methods() {
        let text = read("TR-069-Amendment-5-CWMP-1.4.txt");
        let tr = |clause, method| tr069_faults(&text, clause, method);
        assert_eq!(
            faults_of(ObjectOp::Update),
            tr("A.3.2.1", "SetParameterValues")
        );
        assert_eq!(
            faults_of(ObjectOp::Retrieve),
            tr("A.3.2.2", "GetParameterValues")
        );
        assert_eq!(faults_of(ObjectOp::Create), tr("A.3.2.6", "AddObject"));
        assert_eq!(faults_of(ObjectOp::Delete), tr("A.3.2.7", "DeleteObject"));
        assert_eq!(faults_of(ObjectOp::CertDownload), tr("A.3.2.8", "Download"));
        let trigger: BTreeSet<u32> = [
            tr("A.3.2.8", "Download"),
            tr("A.3.2.9", "Reboot"),
            tr("A.4.1.6", "FactoryReset"),
            tr("A.4.1.10", "ChangeDUState"),
        ]
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(faults_of(ObjectOp::Trigger), trigger, "trigger RPCs");
    }

    /// The codes of the TS-0004 table of reference §5.1 (not the ACME extras below it).
    fn ts_0004_codes() -> BTreeSet<u32> {
        let text = reference();
        let codes: BTreeSet<u32> = text
            .lines()
            .skip_while(|l| !l.starts_with("### 5.1"))
            .skip(1)
            .take_while(|l| !l.starts_with("Extra codes") && !l.starts_with("###"))
            .filter_map(|l| {
                l.strip_prefix('|')
                    .and_then(|rest| rest.split('|').next())
                    .and_then(|cell| cell.trim().parse().ok())
            })
            .collect();
        assert!(codes.len() > 50, "reference §5.1 table not found");
        codes
    }

    #[test]
    fn every_code_exists_in_ts_0004() {
        let codes = ts_0004_codes();
        for op in ALL_OPS {
            for row in rows(op) {
                assert!(codes.contains(&row.rsc), "{op:?} {row:?}");
            }
            let mut faults: Vec<u32> = (9000..=9032).collect();
            faults.extend([0, 9800, 9899, 8001, 1]);
            for fault in faults {
                let rsc = response_status(op, fault);
                assert!(codes.contains(&rsc), "{op:?} fault {fault} → {rsc}");
            }
        }
    }

    #[test]
    fn faults_outside_a_table_and_success() {
        assert_eq!(response_status(ObjectOp::Retrieve, 0), 2000);
        assert_eq!(response_status(ObjectOp::Update, 0), 2004);
        assert_eq!(response_status(ObjectOp::Trigger, 0), 2004);
        assert_eq!(response_status(ObjectOp::Create, 0), 2001);
        assert_eq!(response_status(ObjectOp::CertTransferComplete, 0), 2001);
        assert_eq!(response_status(ObjectOp::Delete, 0), 2002);
        assert_eq!(response_status(ObjectOp::Retrieve, 9000), 5001);
        assert_eq!(response_status(ObjectOp::Delete, 9004), 4000);
        assert_eq!(response_status(ObjectOp::Update, 9850), 5000);
        assert_eq!(response_status(ObjectOp::Trigger, 9002), 5000);
        assert_eq!(response_status(ObjectOp::Trigger, 9021), 4000);
        // A table row wins over the fallback: TS-0006 8.3 says BAD_REQUEST for 9002.
        assert_eq!(response_status(ObjectOp::CertDownload, 9002), 4000);
        assert_eq!(response_status(ObjectOp::Create, 9002), 4000);
    }

    #[test]
    fn rows_are_unique_per_table() {
        for op in ALL_OPS {
            assert_eq!(faults_of(op).len(), rows(op).len(), "{op:?}");
        }
    }
}
