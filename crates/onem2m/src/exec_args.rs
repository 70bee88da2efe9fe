//! The argument blocks of `execReqArgs` per command type (TS-0004 6.3.5.16 – 6.3.5.23), as
//! data: which member of the `m2m:execReqArgsListType` choice belongs to which `cmdType`,
//! and each block's elements with their short names and multiplicity.

/// One element of an argument block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgElement {
    pub long: &'static str,
    pub short: &'static str,
    pub data_type: &'static str,
    /// `true` for multiplicity 1, `false` for 0..n.
    pub mandatory: bool,
}

/// One member of the execReqArgsListType choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgBlock {
    /// The `m2m:cmdType` it serves (TS-0004 6.3.4.2.13).
    pub cmd_type: u32,
    pub member_long: &'static str,
    pub member_short: &'static str,
    pub type_name: &'static str,
    pub elements: &'static [ArgElement],
}

const fn e(
    long: &'static str,
    short: &'static str,
    data_type: &'static str,
    mandatory: bool,
) -> ArgElement {
    ArgElement {
        long,
        short,
        data_type,
        mandatory,
    }
}

const ANY: ArgElement = e("anyArg", "any", "m2m:anyArgType", false);

/// Table 6.3.5.23-1 with the element tables 6.3.5.16-1 … 6.3.5.22-1.
pub const EXEC_ARG_BLOCKS: &[ArgBlock] = &[
    ArgBlock {
        cmd_type: 1,
        member_long: "reset",
        member_short: "rst",
        type_name: "m2m:resetArgsType",
        elements: &[ANY],
    },
    ArgBlock {
        cmd_type: 2,
        member_long: "reboot",
        member_short: "rbo",
        type_name: "m2m:rebootArgsType",
        elements: &[ANY],
    },
    ArgBlock {
        cmd_type: 3,
        member_long: "upload",
        member_short: "uld",
        type_name: "m2m:uploadArgsType",
        elements: &[
            e("fileType", "ftyp", "xs:string", true),
            e("URL", "url", "xs:anyURI", true),
            e("username", "unm", "xs:string", true),
            e("password", "pwd", "xs:string", true),
            ANY,
        ],
    },
    ArgBlock {
        cmd_type: 4,
        member_long: "download",
        member_short: "dld",
        type_name: "m2m:downloadArgsType",
        elements: &[
            e("fileType", "ftyp", "xs:string", true),
            e("URL", "url", "xs:anyURI", true),
            e("username", "unm", "xs:string", true),
            e("password", "pwd", "xs:string", true),
            e("filesize", "fsi", "xs:positiveInteger", true),
            e("targetFile", "tgf", "xs:string", true),
            e("delaySeconds", "dss", "xs:positiveInteger", true),
            e("successURL", "surl", "xs:anyURI", true),
            e("startTime", "stt", "m2m:timestamp", true),
            e("completeTime", "cpt", "m2m:timestamp", true),
            ANY,
        ],
    },
    ArgBlock {
        cmd_type: 5,
        member_long: "softwareInstall",
        member_short: "swin",
        type_name: "m2m:softwareInstallArgsType",
        elements: &[
            e("URL", "url", "xs:anyURI", true),
            e("UUID", "uuid", "xs:string", true),
            e("username", "unm", "xs:string", true),
            e("password", "pwd", "xs:string", true),
            e("executionEnvRef", "eer", "xs:string", true),
            ANY,
        ],
    },
    ArgBlock {
        cmd_type: 6,
        member_long: "softwareUninstall",
        member_short: "swun",
        type_name: "m2m:softwareUninstallArgsType",
        elements: &[
            e("UUID", "uuid", "xs:string", true),
            e("version", "vr", "xs:string", true),
            e("executionEnvRef", "eer", "xs:string", true),
            // The table names this element `anyType` (Table 6.3.5.22-1), the others `anyArg`.
            e("anyType", "any", "m2m:anyArgType", false),
        ],
    },
    ArgBlock {
        cmd_type: 7,
        member_long: "softwareUpdate",
        member_short: "swup",
        // Table 6.3.5.23-1 says `m2m:softwareUpdateType`; the type is defined as
        // m2m:softwareUpdateArgsType in Table 6.3.5.21-1.
        type_name: "m2m:softwareUpdateArgsType",
        elements: &[
            e("UUID", "uuid", "xs:string", true),
            e("version", "vr", "xs:string", true),
            e("URL", "url", "xs:anyURI", true),
            e("username", "unm", "xs:string", true),
            e("password", "pwd", "xs:string", true),
            e("executionEnvRef", "eer", "xs:string", true),
            ANY,
        ],
    },
];

/// The block of a cmdType.
pub fn block_for_cmd_type(cmd_type: u32) -> Option<&'static ArgBlock> {
    EXEC_ARG_BLOCKS.iter().find(|b| b.cmd_type == cmd_type)
}

/// The block a choice member names (`dld`, `rbo`, ...).
pub fn block_for_member(short: &str) -> Option<&'static ArgBlock> {
    EXEC_ARG_BLOCKS.iter().find(|b| b.member_short == short)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const TS_0004: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/spec/onem2m/TS-0004-v3.32.0-service-layer-core-protocol.md"
    );

    /// The data rows of the table whose title starts with `Table <number>` (the title may
    /// have a non-breaking space after "Table").
    fn table_rows(text: &str, number: &str) -> Vec<Vec<String>> {
        let lines: Vec<&str> = text.lines().collect();
        let title = format!("{number}: Type Definition");
        let start = lines
            .iter()
            .position(|l| l.starts_with("Table") && l.contains(&title) && !l.contains('\t'))
            .unwrap_or_else(|| panic!("table {number} not found"));
        lines[start + 1..]
            .iter()
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .skip(2)
            .map(|l| {
                l.trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_block_matches_its_spec_table() {
        let text = std::fs::read_to_string(TS_0004).unwrap();
        let tables = [
            "6.3.5.16-1",
            "6.3.5.17-1",
            "6.3.5.18-1",
            "6.3.5.19-1",
            "6.3.5.20-1",
            "6.3.5.22-1",
            "6.3.5.21-1",
        ];
        for (block, table) in EXEC_ARG_BLOCKS.iter().zip(tables) {
            let rows = table_rows(&text, table);
            assert_eq!(rows.len(), block.elements.len(), "{table}: row count");
            for (row, element) in rows.iter().zip(block.elements) {
                assert_eq!(row[0], element.long, "{table}");
                assert_eq!(row[1], element.data_type, "{table} {}", element.long);
                let multiplicity = if element.mandatory { "1" } else { "0..n" };
                assert_eq!(row[2], multiplicity, "{table} {}", element.long);
                if element.long != "anyType" && element.long != "anyArg" {
                    assert_eq!(
                        crate::short_names::COMPLEX_TYPE_MEMBERS
                            .iter()
                            .find(|(long, _, _)| *long == element.long)
                            .map(|(_, _, short)| short.trim_end_matches(" *")),
                        Some(element.short),
                        "{table} {} short name",
                        element.long
                    );
                }
            }
        }
        let choice = table_rows(&text, "6.3.5.23-1");
        assert_eq!(choice.len(), EXEC_ARG_BLOCKS.len());
        for row in &choice {
            let block = EXEC_ARG_BLOCKS
                .iter()
                .find(|b| b.member_long == row[0])
                .unwrap();
            assert_eq!(row[2], "0..n");
            let spec_type = if block.cmd_type == 7 {
                "m2m:softwareUpdateType"
            } else {
                block.type_name
            };
            assert_eq!(row[1], spec_type);
            let short = crate::short_names::COMPLEX_TYPE_MEMBERS
                .iter()
                .find(|(long, within, _)| {
                    *long == block.member_long && within.contains("execReqArgsListType")
                })
                .map(|(_, _, short)| short.trim_end_matches(" *"));
            assert_eq!(short, Some(block.member_short), "{}", block.member_long);
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(block_for_cmd_type(4).map(|b| b.member_short), Some("dld"));
        assert_eq!(block_for_member("swun").map(|b| b.cmd_type), Some(6));
        assert!(block_for_cmd_type(8).is_none());
    }
}
