//! `<execInstance>` status and result, and the TR-069 fault → execResult tables of
//! oneM2M TS-0006 clause 8.2 as the change request ("SEED-001",
//! `TS-0006-8.2-mgmtCmd-execInstance-TR-069-mapping-CR.txt`) has them: Table 8.2.1.0-1
//! (cmdType → RPC), Tables 8.2.1.1-1 … 8.2.1.7-1 (Execute), 8.2.2-1, 8.2.3-1 and 8.2.4-1
//! (CancelTransfer), and the execStatusType/execResultType enumerations it restates from
//! TS-0004 6.3.4.2.15/16. The CR wins over the older draft: the value a fault maps to is an
//! execResult stored in the `<execInstance>`, not a response status code.
//!
//! Names are spelled as the CR spells them once its typos are corrected
//! (ONEM2M-DM-REFERENCE.md §4.1 and §4.4): "STATUS_REQUEST DENIED" is
//! STATUS_REQUEST_DENIED, and the tracked-change residue
//! "STATUS_CANCELLATION_DENIEDREQUEST_UNSUPPORTED" of Table 8.2.3-1 is
//! STATUS_CANCELLATION_DENIED (what the CR introduction says the change is).

/// execStatus 1 INITIATED: created, the RPC not sent yet.
pub const EXS_INITIATED: u64 = 1;
/// execStatus 2 PENDING: the RPC was sent and its outcome is awaited (the CR's "RUNNING").
pub const EXS_PENDING: u64 = 2;
/// execStatus 3 FINISHED.
pub const EXS_FINISHED: u64 = 3;
/// execStatus 4 CANCELLING: a CancelTransfer is in flight (reference §4.3, \[PROPOSED\]).
pub const EXS_CANCELLING: u64 = 4;
/// execStatus 5 CANCELLED.
pub const EXS_CANCELLED: u64 = 5;
/// execStatus 6 STATUS_NON_CANCELLABLE.
pub const EXS_NON_CANCELLABLE: u64 = 6;

/// execResult 0 STATUS_SUCCESS.
pub const EXR_SUCCESS: u64 = 0;
/// execResult 4 STATUS_INTERNAL_ERROR, also what a fault without a mapping becomes.
pub const EXR_INTERNAL_ERROR: u64 = 4;
/// execResult 3 STATUS_CANCELLATION_DENIED.
pub const EXR_CANCELLATION_DENIED: u64 = 3;
/// execResult 31 STATUS_NOT_FINISHED, while the command runs (reference §4.1, \[PROPOSED\]).
pub const EXR_NOT_FINISHED: u64 = 31;

/// One table of the clause: which RPC (or completion), and its fault → execResult rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecRpc {
    /// Download response to an Execute of cmdType DOWNLOAD (Table 8.2.1.1-1).
    Download,
    /// Upload response to an Execute of cmdType UPLOAD (Table 8.2.1.2-1).
    Upload,
    /// TransferComplete after a Download or Upload (Table 8.2.1.3-2).
    TransferComplete,
    /// ChangeDUState response, cmdType SOFTWARE* (Table 8.2.1.4-1).
    ChangeDuState,
    /// DUStateChangeComplete (the CR's "ChangeDUStateComplete"), per-operation FaultStruct
    /// (Table 8.2.1.5-1).
    DuStateChangeComplete,
    /// Reboot response, cmdType REBOOT (Table 8.2.1.6-1).
    Reboot,
    /// FactoryReset response, cmdType RESET (Table 8.2.1.7-1).
    FactoryReset,
    /// CancelTransfer sent because the `<mgmtCmd>` is deleted (Table 8.2.2-1).
    CancelTransferOnDeleteCommand,
    /// CancelTransfer sent because the `<execInstance>` is cancelled (Table 8.2.3-1).
    CancelTransferOnCancel,
    /// CancelTransfer sent because the `<execInstance>` is deleted (Table 8.2.4-1).
    CancelTransferOnDeleteInstance,
}

/// One row of a fault table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecResultRow {
    /// The CPE fault code.
    pub fault: u32,
    /// The execResult value it maps to.
    pub exr: u64,
    /// The execResult name as the CR spells it (typos corrected).
    pub name: &'static str,
}

const fn row(fault: u32, exr: u64, name: &'static str) -> ExecResultRow {
    ExecResultRow { fault, exr, name }
}

const REQUEST_UNSUPPORTED: &str = "STATUS_REQUEST_UNSUPPORTED";
const REQUEST_DENIED: &str = "STATUS_REQUEST_DENIED";
const CANCELLATION_DENIED: &str = "STATUS_CANCELLATION_DENIED";
const INTERNAL_ERROR: &str = "STATUS_INTERNAL_ERROR";
const INVALID_ARGUMENTS: &str = "STATUS_INVALID_ARGUMENTS";
const RESOURCES_EXCEEDED: &str = "STATUS_RESOURCES_EXCEEDED";
const FILE_TRANSFER_FAILED: &str = "STATUS_FILE_TRANSFER_FAILED";
const SERVER_AUTHENTICATION_FAILURE: &str = "STATUS_FILE_TRANSFER_SERVER_AUTHENTICATION_FAILURE";
const UNSUPPORTED_PROTOCOL: &str = "STATUS_UNSUPPORTED_PROTOCOL";
const UPLOAD_FAILED: &str = "STATUS_UPLOAD_FAILED";
const MULTICAST_GROUP_UNABLE_JOIN: &str = "STATUS_FILE_TRANSFER_FAILED_MULTICAST_GROUP_UNABLE_JOIN";
const SERVER_CONTACT_FAILED: &str = "STATUS_FILE_TRANSFER_FAILED_SERVER_CONTACT_FAILED";
const FILE_ACCESS_FAILED: &str = "STATUS_FILE_TRANSFER_FAILED_FILE_ACCESS_FAILED";
const DOWNLOAD_INCOMPLETE: &str = "STATUS_FILE_TRANSFER_FAILED_DOWNLOAD_INCOMPLETE";
const FILE_CORRUPTED: &str = "STATUS_FILE_TRANSFER_FAILED_FILE_CORRUPTED";
const FILE_AUTHENTICATION_FAILURE: &str = "STATUS_FILE_TRANSFER_FILE_AUTHENTICATION_FAILURE";
const WINDOW_EXCEEDED: &str = "STATUS_FILE_TRANSFER_WINDOW_EXCEEDED";
const INVALID_UUID_FORMAT: &str = "STATUS_INVALID_UUID_FORMAT";
const UNKNOWN_EXECUTION_ENVIRONMENT: &str = "STATUS_UNKNOWN_EXECUTION_ENVIRONMENT";
const DISABLED_EXECUTION_ENVIRONMENT: &str = "STATUS_DISABLED_EXECUTION_ENVIRONMENT";
const EXECUTION_ENVIRONMENT_MISMATCH: &str = "STATUS_EXECUTION_ENVIRONMENT_MISMATCH";
const DUPLICATE_DEPLOYMENT_UNIT: &str = "STATUS_DUPLICATE_DEPLOYMENT_UNIT";
const SYSTEM_RESOURCES_EXCEEDED: &str = "STATUS_SYSTEM_RESOURCES_EXCEEDED";
const UNKNOWN_DEPLOYMENT_UNIT: &str = "STATUS_UNKNOWN_DEPLOYMENT_UNIT";
const INVALID_DEPLOYMENT_UNIT_STATE: &str = "STATUS_INVALID_DEPLOYMENT_UNIT_STATE";
const DOWNGRADE_DISALLOWED: &str = "STATUS_INVALID_DEPLOYMENT_UNIT_UPDATE_DOWNGRADE_DISALLOWED";
// The oneM2M name says "upgrade disallowed" where TR-069 9031 means "version not
// specified"; the CR maps 9031 to it all the same (reference §4.1).
const UPGRADE_DISALLOWED: &str = "STATUS_INVALID_DEPLOYMENT_UNIT_UPDATE_UPGRADE_DISALLOWED";
const VERSION_EXISTS: &str = "STATUS_INVALID_DEPLOYMENT_UNIT_UPDATE_VERSION_EXISTS";

/// m2m:execResultType (TS-0004 Table 6.3.4.2.16-1, restated in the CR): 17 and 18 are not
/// assigned.
const EXEC_RESULT_NAMES: &[(u64, &str)] = &[
    (0, "STATUS_SUCCESS"),
    (1, REQUEST_UNSUPPORTED),
    (2, REQUEST_DENIED),
    (3, CANCELLATION_DENIED),
    (4, INTERNAL_ERROR),
    (5, INVALID_ARGUMENTS),
    (6, RESOURCES_EXCEEDED),
    (7, FILE_TRANSFER_FAILED),
    (8, SERVER_AUTHENTICATION_FAILURE),
    (9, UNSUPPORTED_PROTOCOL),
    (10, UPLOAD_FAILED),
    (11, MULTICAST_GROUP_UNABLE_JOIN),
    (12, SERVER_CONTACT_FAILED),
    (13, FILE_ACCESS_FAILED),
    (14, DOWNLOAD_INCOMPLETE),
    (15, FILE_CORRUPTED),
    (16, FILE_AUTHENTICATION_FAILURE),
    (19, WINDOW_EXCEEDED),
    (20, INVALID_UUID_FORMAT),
    (21, UNKNOWN_EXECUTION_ENVIRONMENT),
    (22, DISABLED_EXECUTION_ENVIRONMENT),
    (23, EXECUTION_ENVIRONMENT_MISMATCH),
    (24, DUPLICATE_DEPLOYMENT_UNIT),
    (25, SYSTEM_RESOURCES_EXCEEDED),
    (26, UNKNOWN_DEPLOYMENT_UNIT),
    (27, INVALID_DEPLOYMENT_UNIT_STATE),
    (28, DOWNGRADE_DISALLOWED),
    (29, UPGRADE_DISALLOWED),
    (30, VERSION_EXISTS),
    (31, "STATUS_NOT_FINISHED"),
];

/// The one fault → execResult function of reference §4.1: the union of every table of the
/// clause, plus 9004 on CancelTransfer, which TR-069 A.4.1.9 allows but the CR dropped from
/// 8.2.2-1/8.2.3-1/8.2.4-1 (a fault means the same whichever RPC it answers). Faults absent
/// here (9005–9009 never answer these RPCs; vendor faults 9800–9899 carry no meaning we
/// could map) become STATUS_INTERNAL_ERROR.
const FAULT_TO_EXR: &[(u32, u64)] = &[
    (9000, 1),
    (9001, 2),
    (9002, 4),
    (9003, 5),
    (9004, 6),
    (9010, 7),
    (9011, 10),
    (9012, 8),
    (9013, 9),
    (9014, 11),
    (9015, 12),
    (9016, 13),
    (9017, 14),
    (9018, 15),
    (9019, 16),
    (9020, 19),
    (9021, 3),
    (9022, 20),
    (9023, 21),
    (9024, 22),
    (9025, 23),
    (9026, 24),
    (9027, 25),
    (9028, 26),
    (9029, 27),
    (9030, 28),
    (9031, 29),
    (9032, 30),
];

/// Table 8.2.1.1-1: Download.
const DOWNLOAD: &[ExecResultRow] = &[
    row(9000, 1, REQUEST_UNSUPPORTED),
    row(9001, 2, REQUEST_DENIED),
    row(9002, 4, INTERNAL_ERROR),
    row(9003, 5, INVALID_ARGUMENTS),
    row(9004, 6, RESOURCES_EXCEEDED),
    row(9010, 7, FILE_TRANSFER_FAILED),
    row(9012, 8, SERVER_AUTHENTICATION_FAILURE),
    row(9013, 9, UNSUPPORTED_PROTOCOL),
];

/// Table 8.2.1.2-1: Upload.
const UPLOAD: &[ExecResultRow] = &[
    row(9000, 1, REQUEST_UNSUPPORTED),
    row(9001, 2, REQUEST_DENIED),
    row(9002, 4, INTERNAL_ERROR),
    row(9003, 5, INVALID_ARGUMENTS),
    row(9004, 6, RESOURCES_EXCEEDED),
    row(9011, 10, UPLOAD_FAILED),
    row(9012, 8, SERVER_AUTHENTICATION_FAILURE),
    row(9013, 9, UNSUPPORTED_PROTOCOL),
];

/// Table 8.2.1.3-2: TransferComplete (there is no 8.2.1.3-1).
const TRANSFER_COMPLETE: &[ExecResultRow] = &[
    row(9001, 2, REQUEST_DENIED),
    row(9002, 4, INTERNAL_ERROR),
    row(9010, 7, FILE_TRANSFER_FAILED),
    row(9011, 10, UPLOAD_FAILED),
    row(9012, 8, SERVER_AUTHENTICATION_FAILURE),
    row(9014, 11, MULTICAST_GROUP_UNABLE_JOIN),
    row(9015, 12, SERVER_CONTACT_FAILED),
    row(9016, 13, FILE_ACCESS_FAILED),
    row(9017, 14, DOWNLOAD_INCOMPLETE),
    row(9018, 15, FILE_CORRUPTED),
    row(9019, 16, FILE_AUTHENTICATION_FAILURE),
    row(9020, 19, WINDOW_EXCEEDED),
];

/// Table 8.2.1.4-1: ChangeDUState.
const CHANGE_DU_STATE: &[ExecResultRow] = &[
    row(9000, 1, REQUEST_UNSUPPORTED),
    row(9001, 2, REQUEST_DENIED),
    row(9002, 4, INTERNAL_ERROR),
    row(9004, 6, RESOURCES_EXCEEDED),
];

/// Table 8.2.1.5-1: DUStateChangeComplete.
const DU_STATE_CHANGE_COMPLETE: &[ExecResultRow] = &[
    row(9001, 2, REQUEST_DENIED),
    row(9003, 5, INVALID_ARGUMENTS),
    row(9012, 8, SERVER_AUTHENTICATION_FAILURE),
    row(9013, 9, UNSUPPORTED_PROTOCOL),
    row(9015, 12, SERVER_CONTACT_FAILED),
    row(9016, 13, FILE_ACCESS_FAILED),
    row(9017, 14, DOWNLOAD_INCOMPLETE),
    row(9018, 15, FILE_CORRUPTED),
    row(9022, 20, INVALID_UUID_FORMAT),
    row(9023, 21, UNKNOWN_EXECUTION_ENVIRONMENT),
    row(9024, 22, DISABLED_EXECUTION_ENVIRONMENT),
    row(9025, 23, EXECUTION_ENVIRONMENT_MISMATCH),
    row(9026, 24, DUPLICATE_DEPLOYMENT_UNIT),
    row(9027, 25, SYSTEM_RESOURCES_EXCEEDED),
    row(9028, 26, UNKNOWN_DEPLOYMENT_UNIT),
    row(9029, 27, INVALID_DEPLOYMENT_UNIT_STATE),
    row(9030, 28, DOWNGRADE_DISALLOWED),
    row(9031, 29, UPGRADE_DISALLOWED),
    row(9032, 30, VERSION_EXISTS),
];

/// Table 8.2.1.6-1: Reboot.
const REBOOT: &[ExecResultRow] = &[
    row(9001, 2, REQUEST_DENIED),
    row(9002, 4, INTERNAL_ERROR),
    row(9003, 5, INVALID_ARGUMENTS),
];

/// Table 8.2.1.7-1: FactoryReset.
const FACTORY_RESET: &[ExecResultRow] = &[
    row(9000, 1, REQUEST_UNSUPPORTED),
    row(9001, 2, REQUEST_DENIED),
    row(9002, 4, INTERNAL_ERROR),
    row(9003, 5, INVALID_ARGUMENTS),
];

/// Tables 8.2.2-1, 8.2.3-1 and 8.2.4-1 have the same rows: CancelTransfer answers the same
/// whatever made us send it.
const CANCEL_TRANSFER: &[ExecResultRow] = &[
    row(9000, 1, REQUEST_UNSUPPORTED),
    row(9001, 2, REQUEST_DENIED),
    row(9021, 3, CANCELLATION_DENIED),
];

/// The rows of the table for `rpc`, in the CR's order.
pub fn rows(rpc: ExecRpc) -> &'static [ExecResultRow] {
    match rpc {
        ExecRpc::Download => DOWNLOAD,
        ExecRpc::Upload => UPLOAD,
        ExecRpc::TransferComplete => TRANSFER_COMPLETE,
        ExecRpc::ChangeDuState => CHANGE_DU_STATE,
        ExecRpc::DuStateChangeComplete => DU_STATE_CHANGE_COMPLETE,
        ExecRpc::Reboot => REBOOT,
        ExecRpc::FactoryReset => FACTORY_RESET,
        ExecRpc::CancelTransferOnDeleteCommand
        | ExecRpc::CancelTransferOnCancel
        | ExecRpc::CancelTransferOnDeleteInstance => CANCEL_TRANSFER,
    }
}

/// The number of the CR table for `rpc` ("8.2.1.1-1", …), for logs and error texts.
pub fn spec_table(rpc: ExecRpc) -> &'static str {
    match rpc {
        ExecRpc::Download => "8.2.1.1-1",
        ExecRpc::Upload => "8.2.1.2-1",
        ExecRpc::TransferComplete => "8.2.1.3-2",
        ExecRpc::ChangeDuState => "8.2.1.4-1",
        ExecRpc::DuStateChangeComplete => "8.2.1.5-1",
        ExecRpc::Reboot => "8.2.1.6-1",
        ExecRpc::FactoryReset => "8.2.1.7-1",
        ExecRpc::CancelTransferOnDeleteCommand => "8.2.2-1",
        ExecRpc::CancelTransferOnCancel => "8.2.3-1",
        ExecRpc::CancelTransferOnDeleteInstance => "8.2.4-1",
    }
}

/// execResult for a CPE fault code in the answer/completion of `rpc`: the row of its table;
/// a fault the table does not list maps by the one function of reference §4.1 (every fault
/// code always maps to the same exr across tables, e.g. 9004 on CancelTransfer → 6); vendor
/// faults 9800-9899 and anything unknown → 4 STATUS_INTERNAL_ERROR. fault 0 → 0.
pub fn exec_result(rpc: ExecRpc, fault: u32) -> u64 {
    if fault == 0 {
        return EXR_SUCCESS;
    }
    rows(rpc)
        .iter()
        .find(|r| r.fault == fault)
        .map(|r| r.exr)
        .or_else(|| {
            FAULT_TO_EXR
                .iter()
                .find(|(f, _)| *f == fault)
                .map(|&(_, exr)| exr)
        })
        .unwrap_or(EXR_INTERNAL_ERROR)
}

/// The m2m:execResultType enumeration (TS-0004 6.3.4.2.16 as in reference §4.1): value →
/// name, including 31 STATUS_NOT_FINISHED; 17 and 18 unassigned.
pub fn exec_result_name(exr: u64) -> Option<&'static str> {
    EXEC_RESULT_NAMES
        .iter()
        .find(|(v, _)| *v == exr)
        .map(|&(_, name)| name)
}

/// m2m:cmdType (TS-0004 6.3.4.2.13) of a `<mgmtCmd>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmdType {
    /// 1 RESET → FactoryReset.
    Reset = 1,
    /// 2 REBOOT → Reboot.
    Reboot = 2,
    /// 3 UPLOAD → Upload + TransferComplete.
    Upload = 3,
    /// 4 DOWNLOAD → Download + TransferComplete.
    Download = 4,
    /// 5 SOFTWAREINSTALL → ChangeDUState (InstallOpStruct) + DUStateChangeComplete.
    SoftwareInstall = 5,
    /// 6 SOFTWAREUNINSTALL → ChangeDUState (UninstallOpStruct) + DUStateChangeComplete.
    SoftwareUninstall = 6,
    /// 7 SOFTWAREUPDATE → ChangeDUState (UpdateOpStruct) + DUStateChangeComplete. Table
    /// 8.2.1.0-1 has no row for it; reference §3.2 \[PROPOSED\] maps it like the other
    /// software operations, since ChangeDUState is TR-069's only DU update mechanism.
    SoftwareUpdate = 7,
}

impl CmdType {
    /// The cmdType of a numeric `cmt`; `None` for a value TS-0004 does not define.
    pub fn from_code(c: u64) -> Option<Self> {
        match c {
            1 => Some(Self::Reset),
            2 => Some(Self::Reboot),
            3 => Some(Self::Upload),
            4 => Some(Self::Download),
            5 => Some(Self::SoftwareInstall),
            6 => Some(Self::SoftwareUninstall),
            7 => Some(Self::SoftwareUpdate),
            _ => None,
        }
    }

    /// The table of the synchronous RPC the command sends (Table 8.2.1.0-1).
    pub fn rpc(self) -> ExecRpc {
        match self {
            Self::Reset => ExecRpc::FactoryReset,
            Self::Reboot => ExecRpc::Reboot,
            Self::Upload => ExecRpc::Upload,
            Self::Download => ExecRpc::Download,
            Self::SoftwareInstall | Self::SoftwareUninstall | Self::SoftwareUpdate => {
                ExecRpc::ChangeDuState
            }
        }
    }

    /// The table of the completion the CPE sends later, if the command has one: file
    /// transfers end with TransferComplete, software operations with DUStateChangeComplete;
    /// Reboot and FactoryReset are done when the CPE accepts them.
    pub fn completion(self) -> Option<ExecRpc> {
        match self {
            Self::Upload | Self::Download => Some(ExecRpc::TransferComplete),
            Self::SoftwareInstall | Self::SoftwareUninstall | Self::SoftwareUpdate => {
                Some(ExecRpc::DuStateChangeComplete)
            }
            Self::Reset | Self::Reboot => None,
        }
    }

    /// Whether a running command can be cancelled: only file transfers, through
    /// CancelTransfer (8.2.3: "only the TR-069 File Upload and File Download RPCs are
    /// cancellable").
    pub fn cancellable(self) -> bool {
        matches!(self, Self::Upload | Self::Download)
    }

    /// The TR-069 method name of the synchronous RPC.
    pub fn method(self) -> &'static str {
        match self {
            Self::Reset => "FactoryReset",
            Self::Reboot => "Reboot",
            Self::Upload => "Upload",
            Self::Download => "Download",
            Self::SoftwareInstall | Self::SoftwareUninstall | Self::SoftwareUpdate => {
                "ChangeDUState"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::collections::BTreeMap;

    const CR_PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/spec/TS-0006-8.2-mgmtCmd-execInstance-TR-069-mapping-CR.txt"
    );
    const REFERENCE_PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/spec/ONEM2M-DM-REFERENCE.md"
    );

    const ALL_RPCS: [ExecRpc; 10] = [
        ExecRpc::Download,
        ExecRpc::Upload,
        ExecRpc::TransferComplete,
        ExecRpc::ChangeDuState,
        ExecRpc::DuStateChangeComplete,
        ExecRpc::Reboot,
        ExecRpc::FactoryReset,
        ExecRpc::CancelTransferOnDeleteCommand,
        ExecRpc::CancelTransferOnCancel,
        ExecRpc::CancelTransferOnDeleteInstance,
    ];

    const ALL_CMD_TYPES: [CmdType; 7] = [
        CmdType::Reset,
        CmdType::Reboot,
        CmdType::Upload,
        CmdType::Download,
        CmdType::SoftwareInstall,
        CmdType::SoftwareUninstall,
        CmdType::SoftwareUpdate,
    ];

    /// The corrections of reference §4.1/§4.4, as (spelling in the CR, meant name).
    const TYPOS: &[(&str, &str)] = &[
        ("STATUS_REQUEST DENIED", "STATUS_REQUEST_DENIED"),
        (
            "STATUS_CANCELLATION_DENIEDREQUEST_UNSUPPORTED",
            "STATUS_CANCELLATION_DENIED",
        ),
    ];

    fn cr() -> String {
        std::fs::read_to_string(CR_PATH).unwrap_or_else(|e| panic!("{CR_PATH}: {e}"))
    }

    fn corrected(name: &str) -> String {
        TYPOS
            .iter()
            .find(|(typo, _)| *typo == name)
            .map_or(name, |&(_, meant)| meant)
            .to_string()
    }

    /// The rows (cells trimmed) of the table titled "Table <id>" in the CR text, header row
    /// included. The text lays a table out as rows separated by one blank line, each cell
    /// on a line starting with a tab (a line without one continues the cell), and ends it
    /// with two blank lines or a line that does not start a row.
    fn cr_table(text: &str, id: &str) -> Vec<Vec<String>> {
        let lines: Vec<&str> = text.lines().collect();
        let titles: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                // Word's bookmarks precede some titles; some numbers use U+2011 hyphens.
                let line = lines[i].replace('\u{2011}', "-");
                let line = match line.rfind(']') {
                    Some(p) if line.starts_with("[bookmark") => line[p + 1..].to_string(),
                    _ => line,
                };
                line.strip_prefix("Table ")
                    .and_then(|rest| rest.strip_prefix(id))
                    .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(' '))
            })
            .collect();
        assert_eq!(
            titles.len(),
            1,
            "Table {id}: expected one title line in the CR"
        );
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut current: Vec<String> = Vec::new();
        let mut blanks = 0;
        for line in &lines[titles[0] + 1..] {
            if line.trim().is_empty() && !line.starts_with('\t') {
                blanks += 1;
                if !current.is_empty() {
                    rows.push(std::mem::take(&mut current));
                }
                if blanks >= 2 {
                    break;
                }
                continue;
            }
            if let Some(cell) = line.strip_prefix('\t') {
                current.push(cell.to_string());
            } else if blanks == 0 && !current.is_empty() {
                let last = current.last_mut().unwrap();
                last.push('\n');
                last.push_str(line);
            } else {
                break;
            }
            blanks = 0;
        }
        if !current.is_empty() {
            rows.push(current);
        }
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| r.iter().map(|c| c.trim().to_string()).collect())
            .collect();
        assert!(rows.len() > 1, "Table {id}: no rows found");
        rows
    }

    /// An enumeration table of the CR as value → corrected name, NOTE row left out.
    fn cr_enumeration(text: &str, id: &str) -> BTreeMap<u64, String> {
        let rows = cr_table(text, id);
        assert_eq!(
            rows[0][..2],
            ["Value", "Interpretation"],
            "Table {id} header"
        );
        rows[1..]
            .iter()
            .filter(|r| !r[0].starts_with("NOTE"))
            .map(|r| {
                let value = r[0].parse().unwrap_or_else(|_| panic!("{id}: value {r:?}"));
                (value, corrected(&r[1]))
            })
            .collect()
    }

    #[test]
    fn exec_result_enumeration_matches_the_cr() {
        let text = cr();
        let spec = cr_enumeration(&text, "6.3.4.2.16-1");
        assert_eq!(spec.len(), EXEC_RESULT_NAMES.len(), "number of values");
        for (&value, name) in &spec {
            assert_eq!(
                exec_result_name(value),
                Some(name.as_str()),
                "execResult {value}"
            );
        }
        for (value, _) in EXEC_RESULT_NAMES {
            assert!(spec.contains_key(value), "{value} is not in the CR");
        }
        assert_eq!(exec_result_name(17), None);
        assert_eq!(exec_result_name(18), None);
        assert_eq!(exec_result_name(32), None);
        for (value, name) in [
            (EXR_SUCCESS, "STATUS_SUCCESS"),
            (EXR_INTERNAL_ERROR, INTERNAL_ERROR),
            (EXR_CANCELLATION_DENIED, CANCELLATION_DENIED),
            (EXR_NOT_FINISHED, "STATUS_NOT_FINISHED"),
        ] {
            assert_eq!(exec_result_name(value), Some(name));
        }
    }

    #[test]
    fn exec_status_constants_match_the_cr() {
        let spec = cr_enumeration(&cr(), "6.3.4.2.15-1");
        let ours = [
            (EXS_INITIATED, "INITIATED"),
            (EXS_PENDING, "PENDING"),
            (EXS_FINISHED, "FINISHED"),
            (EXS_CANCELLING, "CANCELLING"),
            (EXS_CANCELLED, "CANCELLED"),
            (EXS_NON_CANCELLABLE, "STATUS_NON_CANCELLABLE"),
        ];
        assert_eq!(spec.len(), ours.len());
        for (value, name) in ours {
            assert_eq!(spec.get(&value).map(String::as_str), Some(name), "{value}");
        }
    }

    #[test]
    fn every_fault_table_matches_the_cr_row_by_row() {
        let text = cr();
        let values: BTreeMap<String, u64> = cr_enumeration(&text, "6.3.4.2.16-1")
            .into_iter()
            .map(|(v, name)| (name, v))
            .collect();
        let mut used_typos = Vec::new();
        for rpc in ALL_RPCS {
            let id = spec_table(rpc);
            let table = cr_table(&text, id);
            assert_eq!(table[0][0], "Fault code", "Table {id} header");
            assert!(
                table[0][2].ends_with("execResult Code"),
                "Table {id}: the CR's column is execResult: {:?}",
                table[0][2]
            );
            let spec_rows = &table[1..];
            let ours = rows(rpc);
            assert_eq!(spec_rows.len(), ours.len(), "Table {id}: number of rows");
            for (cells, row) in spec_rows.iter().zip(ours) {
                assert_eq!(cells.len(), 3, "Table {id}: {cells:?}");
                let fault: u32 = cells[0].parse().unwrap();
                assert_eq!(fault, row.fault, "Table {id}");
                let name = corrected(&cells[2]);
                if name != cells[2] {
                    used_typos.push(cells[2].clone());
                }
                assert_eq!(name, row.name, "Table {id}, fault {fault}");
                let value = *values
                    .get(&name)
                    .unwrap_or_else(|| panic!("Table {id}: {name} is not an execResult"));
                assert_eq!(value, row.exr, "Table {id}, fault {fault}");
                assert_eq!(exec_result(rpc, fault), value, "Table {id}, fault {fault}");
            }
        }
        // Each correction is needed; were the text fixed, the list should shrink with it.
        for (typo, _) in TYPOS {
            assert!(
                used_typos.iter().any(|u| u == typo),
                "{typo} no longer in the CR"
            );
        }
    }

    #[test]
    fn the_cancel_table_carries_the_tracked_change_residue() {
        // Reference §4.4: what the CR shows in 8.2.3-1 for 9021 is the residue of a tracked
        // change; the intended value is STATUS_CANCELLATION_DENIED like 8.2.2-1 and 8.2.4-1.
        let text = cr();
        let row_9021 = |id: &str| {
            cr_table(&text, id)
                .into_iter()
                .find(|r| r[0] == "9021")
                .unwrap()[2]
                .clone()
        };
        assert_eq!(
            row_9021("8.2.3-1"),
            "STATUS_CANCELLATION_DENIEDREQUEST_UNSUPPORTED"
        );
        assert_eq!(row_9021("8.2.2-1"), CANCELLATION_DENIED);
        assert_eq!(row_9021("8.2.4-1"), CANCELLATION_DENIED);
        assert_eq!(
            exec_result(ExecRpc::CancelTransferOnCancel, 9021),
            EXR_CANCELLATION_DENIED
        );
    }

    #[test]
    fn the_general_function_matches_reference_4_1() {
        let reference = std::fs::read_to_string(REFERENCE_PATH).unwrap();
        let start = reference
            .find("`m2m:execResultType` (exr):")
            .expect("reference §4.1 execResultType table");
        let mut spec: BTreeMap<u32, u64> = BTreeMap::new();
        for line in reference[start..]
            .lines()
            .skip(1)
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
        {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let (Ok(exr), Some(fault)) = (
                cells[0].parse::<u64>(),
                cells[2]
                    .split_whitespace()
                    .next()
                    .and_then(|f| f.parse::<u32>().ok()),
            ) else {
                continue;
            };
            // The name cell may go on with a remark in parentheses.
            let name = cells[1].split_whitespace().next();
            assert_eq!(exec_result_name(exr), name, "{line}");
            spec.insert(fault, exr);
        }
        assert_eq!(spec.len(), FAULT_TO_EXR.len(), "reference §4.1 rows");
        for &(fault, exr) in FAULT_TO_EXR {
            assert_eq!(spec.get(&fault), Some(&exr), "fault {fault}");
        }
    }

    #[test]
    fn every_table_row_agrees_with_the_general_function() {
        for rpc in ALL_RPCS {
            for row in rows(rpc) {
                let general = FAULT_TO_EXR.iter().find(|(f, _)| *f == row.fault);
                assert_eq!(general, Some(&(row.fault, row.exr)), "{rpc:?} {row:?}");
                assert_eq!(exec_result_name(row.exr), Some(row.name), "{rpc:?} {row:?}");
            }
        }
    }

    #[test]
    fn faults_outside_a_table() {
        assert_eq!(exec_result(ExecRpc::Download, 0), EXR_SUCCESS);
        assert_eq!(exec_result(ExecRpc::CancelTransferOnCancel, 0), EXR_SUCCESS);
        // 9004 is a CancelTransfer fault in TR-069 the CR's tables dropped.
        for rpc in [
            ExecRpc::CancelTransferOnDeleteCommand,
            ExecRpc::CancelTransferOnCancel,
            ExecRpc::CancelTransferOnDeleteInstance,
        ] {
            assert_eq!(exec_result(rpc, 9004), 6);
        }
        assert_eq!(exec_result(ExecRpc::Reboot, 9000), 1);
        for fault in [9005, 9009, 9800, 9850, 9899, 8002, 1, 9999] {
            assert_eq!(exec_result(ExecRpc::Download, fault), EXR_INTERNAL_ERROR);
        }
    }

    #[test]
    fn cmd_types_follow_table_8_2_1_0_1() {
        let table = cr_table(&cr(), "8.2.1.0-1");
        assert_eq!(table[0], ["cmdType value", "BBF TR-069 RPCs"]);
        let names = [
            ("RESET", CmdType::Reset),
            ("REBOOT", CmdType::Reboot),
            ("UPLOAD", CmdType::Upload),
            ("DOWNLOAD", CmdType::Download),
            ("SOFTWAREINSTALL", CmdType::SoftwareInstall),
            ("SOFTWAREUNINSTALL", CmdType::SoftwareUninstall),
        ];
        assert_eq!(table.len() - 1, names.len(), "one row per cmdType but 7");
        for cells in &table[1..] {
            let name = cells[0].trim_matches('"');
            let cmd = names
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("unknown cmdType {name}"))
                .1;
            // "… RPC (see clause 8.2.1.1) and TransferComplete RPC (clause 8.2.1.3)": the
            // clauses name our tables, the first the RPC, the second its completion.
            let clauses: Vec<&str> = cells[1]
                .split("clause ")
                .skip(1)
                .map(|s| s.split(')').next().unwrap())
                .collect();
            let table_of = |rpc: ExecRpc| spec_table(rpc).split('-').next().unwrap();
            assert_eq!(clauses[0], table_of(cmd.rpc()), "{name}");
            assert_eq!(
                clauses.get(1).copied(),
                cmd.completion().map(table_of),
                "{name}"
            );
            // The RPC's name as the table writes it ("Factory reset" for FactoryReset).
            let written = cells[1].split(" RPC").next().unwrap().replace(' ', "");
            assert!(written.eq_ignore_ascii_case(cmd.method()), "{name}");
        }
    }

    #[test]
    fn cmd_type_codes_and_cancellation() {
        for cmd in ALL_CMD_TYPES {
            assert_eq!(CmdType::from_code(cmd as u64), Some(cmd));
            assert_eq!(
                cmd.cancellable(),
                matches!(cmd.rpc(), ExecRpc::Download | ExecRpc::Upload)
            );
        }
        assert_eq!(CmdType::from_code(0), None);
        assert_eq!(CmdType::from_code(8), None);
        assert_eq!(CmdType::SoftwareUpdate.rpc(), ExecRpc::ChangeDuState);
        assert_eq!(
            CmdType::SoftwareUpdate.completion(),
            Some(ExecRpc::DuStateChangeComplete)
        );
        assert_eq!(CmdType::SoftwareUpdate.method(), "ChangeDUState");
    }
}
