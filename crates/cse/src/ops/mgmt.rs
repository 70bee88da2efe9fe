//! `<mgmtObj>`, `<mgmtCmd>` and `<execInstance>` as resources (TS-0004 7.4.15–7.4.17,
//! Annex D). What they do to a device belongs to the management layer; here a command is
//! checked on create (6022/6023/6024), Execute creates its `<execInstance>`s, and the
//! executable attributes of a mgmtObj are accepted and reset.

use onem2m::Rsc;
use onem2m::exec_args::{self, ArgBlock};
use onem2m::schema::ValueKind;
use serde_json::{Map, Value};

use crate::error::{CseError, CseResult};
use crate::ids;
use crate::kinds::{EXEC_INSTANCE, GROUP, MGMT_CMD, NODE};
use crate::resource::Resource;
use crate::time;
use crate::tree::Tree;
use crate::txn::Txn;

/// m2m:execStatusType (TS-0004 6.3.4.2.15).
pub(crate) const EXS_INITIATED: u64 = 1;
pub(crate) const EXS_PENDING: u64 = 2;
pub(crate) const EXS_CANCELLED: u64 = 5;

/// The executable ("trigger") attributes of each specialization (TS-0004 Annex D): writing
/// `true` asks for the action; the attribute reads `false` again once it was taken.
const TRIGGERS: &[(u32, &[&str])] = &[
    (1001, &["ud"]),
    (1002, &["in", "un", "act", "dea"]),
    (1008, &["ena", "dis"]),
    (1009, &["rbo", "far"]),
    (1010, &["lga", "lgo"]),
    (1028, &["scan", "ud", "trdst"]),
];

fn triggers_of(mgd: Option<u32>) -> &'static [&'static str] {
    TRIGGERS
        .iter()
        .find(|(m, _)| Some(*m) == mgd)
        .map_or(&[], |(_, t)| t)
}

/// Resets the executable attributes of a mgmtObj (on create, and after an update took
/// them), so that a later `true` is a new request.
pub(super) fn reset_triggers(attrs: &mut Map<String, Value>) {
    let mgd = attrs
        .get("mgd")
        .and_then(Value::as_u64)
        .and_then(|m| u32::try_from(m).ok());
    for name in triggers_of(mgd) {
        if attrs.contains_key(*name) {
            attrs.insert((*name).into(), Value::Bool(false));
        }
    }
}

/// An Update of a mgmtObj that sets contradicting triggers is refused (TS-0004 D.3.2.2:
/// install and uninstall, or activate and deactivate, together).
pub(super) fn check_triggers(target: &Resource, attrs: &Map<String, Value>) -> CseResult<()> {
    let set = |name: &str| attrs.get(name).and_then(Value::as_bool) == Some(true);
    if target.mgd() == Some(1002) && ((set("in") && set("un")) || (set("act") && set("dea"))) {
        return Err(CseError::bad_request(
            "`in` and `un`, or `act` and `dea`, cannot both be true in one update (TS-0004 D.3)",
        ));
    }
    Ok(())
}

/// Create-time checks of a mgmtCmd (TS-0004 7.4.16.2.1): cmdType (6022), execReqArgs that
/// do not fit it (6023), missing mandatory arguments (6024).
pub(super) fn check_command(attrs: &Map<String, Value>) -> CseResult<()> {
    let cmt = match attrs.get("cmt") {
        None => return Ok(()), // the generic check reports the missing mandatory attribute
        Some(v) => v
            .as_u64()
            .and_then(|c| u32::try_from(c).ok())
            .filter(|c| exec_args::block_for_cmd_type(*c).is_some()),
    };
    let Some(cmt) = cmt else {
        return Err(CseError::new(
            Rsc::InvalidCmdtype,
            format!(
                "cmdType {} is not one of 1 RESET … 7 SOFTWAREUPDATE",
                attrs["cmt"]
            ),
        ));
    };
    check_arguments(cmt, attrs.get("exra"))
}

pub(super) fn check_arguments(cmt: u32, exra: Option<&Value>) -> CseResult<()> {
    let Some(block) = exec_args::block_for_cmd_type(cmt) else {
        return Err(CseError::new(
            Rsc::InvalidCmdtype,
            format!("cmdType {cmt} is not known"),
        ));
    };
    let invalid = |why: String| CseError::new(Rsc::InvalidArguments, why);
    let needs_arguments = block.elements.iter().any(|e| e.mandatory);
    let Some(exra) = exra.filter(|v| !v.is_null()) else {
        return if needs_arguments {
            Err(CseError::new(
                Rsc::InsufficientArguments,
                format!(
                    "cmdType {cmt} needs execReqArgs with a `{}` block",
                    block.member_short
                ),
            ))
        } else {
            Ok(())
        };
    };
    let Some(choice) = exra.as_object() else {
        return Err(invalid(
            "execReqArgs must be an object holding one argument list".into(),
        ));
    };
    if choice.len() != 1 {
        return Err(invalid(
            "execReqArgs holds exactly one of rst, rbo, uld, dld, swin, swun, swup".into(),
        ));
    }
    let (member, blocks) = choice
        .iter()
        .next()
        .map(|(k, v)| (k.as_str(), v))
        .unwrap_or_default();
    match exec_args::block_for_member(member) {
        Some(b) if b.cmd_type == cmt => {}
        Some(b) => {
            return Err(invalid(format!(
                "execReqArgs `{member}` is for cmdType {}, but this command is cmdType {cmt} (`{}`)",
                b.cmd_type, block.member_short
            )));
        }
        None => return Err(invalid(format!("`{member}` is not an execReqArgs member"))),
    }
    let list: Vec<&Value> = match blocks {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![blocks],
        _ => {
            return Err(invalid(format!(
                "`{member}` must be a list of argument objects"
            )));
        }
    };
    if list.is_empty() && needs_arguments {
        return Err(CseError::new(
            Rsc::InsufficientArguments,
            format!("`{member}` holds no arguments"),
        ));
    }
    for args in list {
        check_block(block, args)?;
    }
    Ok(())
}

fn check_block(block: &ArgBlock, args: &Value) -> CseResult<()> {
    let invalid = |why: String| CseError::new(Rsc::InvalidArguments, why);
    let Some(args) = args.as_object() else {
        return Err(invalid(format!(
            "each `{}` entry must be an object",
            block.member_short
        )));
    };
    for (name, value) in args {
        let Some(element) = block.elements.iter().find(|e| e.short == name) else {
            return Err(invalid(format!(
                "`{name}` is not an argument of {}",
                block.type_name
            )));
        };
        let kind = match element.data_type {
            "xs:anyURI" => ValueKind::AnyUri,
            // TS-0004 types these positiveInteger, but TR-069 gives 0 a meaning (no size
            // hint, no delay), so 0 is accepted.
            "xs:positiveInteger" => ValueKind::NonNegativeInteger,
            "m2m:timestamp" => ValueKind::Timestamp,
            "m2m:anyArgType" => ValueKind::Any,
            _ => ValueKind::String,
        };
        kind.check(value)
            .map_err(|why| invalid(format!("argument `{name}` ({}): {why}", element.long)))?;
    }
    if let Some(missing) = block
        .elements
        .iter()
        .find(|e| e.mandatory && !args.contains_key(e.short))
    {
        return Err(CseError::new(
            Rsc::InsufficientArguments,
            format!(
                "argument `{}` ({}) is missing from `{}`",
                missing.short, missing.long, block.member_short
            ),
        ));
    }
    Ok(())
}

/// Defaults of a new mgmtCmd (TS-0004 Table 7.4.16.1-3).
pub(super) fn prepare_command(attrs: &mut Map<String, Value>) {
    attrs.entry("exe").or_insert(Value::Bool(false));
    attrs.entry("exm").or_insert(Value::from(1));
    attrs.entry("exn").or_insert(Value::from(1));
}

/// The `<node>`s an execTarget names: a node (by id, address or nodeID) or a group of them
/// (TS-0004 7.4.16.2.3; reference §8 item 8: accept both forms).
pub(super) fn nodes_of_target(
    tree: &Tree,
    cfg: &crate::config::CseConfig,
    ext: &str,
) -> CseResult<Vec<String>> {
    let resolved = crate::address::resolve(tree, cfg, crate::address::local_id(cfg, ext))
        .ok()
        .and_then(|t| match t {
            crate::address::Target::Resource(r) => Some(r),
            _ => None,
        });
    let resolved = resolved.or_else(|| {
        tree.iter()
            .find(|r| r.ty == NODE && r.str_attr("ni") == Some(ext))
            .cloned()
    });
    match resolved {
        Some(r) if r.ty == NODE => Ok(vec![r.ri().to_string()]),
        Some(r) if r.ty == GROUP => {
            let members: Vec<String> = r
                .str_list("mid")
                .iter()
                .filter_map(|m| crate::address::resource_at(tree, cfg, m))
                .filter(|m| m.ty == NODE)
                .map(|m| m.ri().to_string())
                .collect();
            if members.is_empty() {
                Err(CseError::new(
                    Rsc::NoMembers,
                    format!("group `{ext}` has no node members"),
                ))
            } else {
                Ok(members)
            }
        }
        Some(r) => Err(CseError::bad_request(format!(
            "execTarget `{ext}` is a {}, not a node or a group",
            r.root_name()
        ))),
        None => Err(CseError::not_found(format!(
            "execTarget `{ext}` names no node or group"
        ))),
    }
}

/// Execute (an Update addressing `exe`, TS-0004 7.4.16.2.3): one `<execInstance>` per target
/// node, with the command's mode and arguments copied, status INITIATED. Returns their ids.
pub(super) fn execute(
    txn: &mut Txn<'_>,
    command: &Resource,
    owner: &str,
) -> CseResult<Vec<String>> {
    let ext = command.str_attr("ext").unwrap_or_default().to_string();
    let nodes = nodes_of_target(txn.tree, &txn.cse.config, &ext)?;
    let now = time::format(txn.now_ms);
    let mut created = Vec::with_capacity(nodes.len());
    for node in nodes {
        let ri = loop {
            let candidate = ids::resource_id("exin");
            if txn.get(&candidate).is_none() {
                break candidate;
            }
        };
        let mut attrs = Map::new();
        for (k, v) in [
            ("ty", Value::from(EXEC_INSTANCE)),
            ("ri", Value::String(ri.clone())),
            ("rn", Value::String(ri.clone())),
            ("pi", Value::String(command.ri().to_string())),
            ("ct", Value::String(now.clone())),
            ("lt", Value::String(now.clone())),
            (
                "et",
                command
                    .attrs
                    .get("et")
                    .cloned()
                    .unwrap_or(Value::String(super::create::NEVER.into())),
            ),
            ("exs", Value::from(EXS_INITIATED)),
            ("exd", Value::Bool(false)),
            ("ext", Value::String(node)),
        ] {
            attrs.insert(k.into(), v);
        }
        for copied in ["exm", "exf", "exy", "exn", "exra", "acpi"] {
            if let Some(v) = command.attrs.get(copied) {
                attrs.insert(copied.into(), v.clone());
            }
        }
        let instance = Resource {
            ty: EXEC_INSTANCE,
            attrs,
            owner: owner.to_string(),
            seq: txn.cse.next_seq(),
            private: Default::default(),
        };
        txn.put(instance.clone());
        super::subscription::child_created(txn, command, &instance);
        created.push(ri);
    }
    Ok(created)
}

/// Whether a mgmtCmd already has execInstances (then `ext` and `exm` are fixed, TS-0004
/// Table 7.4.16.1-3).
pub(super) fn has_instances(tree: &Tree, command: &Resource) -> bool {
    command.ty == MGMT_CMD && tree.children(command.ri()).any(|c| c.ty == EXEC_INSTANCE)
}
