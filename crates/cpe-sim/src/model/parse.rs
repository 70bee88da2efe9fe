//! Model text → [`Schema`] plus the values the file gives.
//!
//! Lines are read in order and every node must come after its parent, so a single pass
//! builds two trees: the concrete one (what GetParameterNames shows) and the template one
//! (paths containing `{i}`). Table objects (`Device.WiFi.SSID.`) are implied by their
//! template and created when their first instance appears, or at the end for tables that
//! have none. A final pass checks instances against their templates and the
//! `...NumberOfEntries` counts, and lays the concrete tree out depth-first, children in the
//! order they first appeared.

use std::collections::HashMap;
use std::sync::Arc;

use super::error::{ModelError, ParseErrorKind as E};
use super::policy::{NotifyPolicy, is_secured};
use super::schema::{
    Blueprint, BlueprintKind, Kind, Node, Param, Role, Schema, Template, Templates, generic,
    is_instance_number, parent,
};
use super::types::ParamType;

/// One meaningful line.
struct Line<'a> {
    number: usize,
    path: &'a str,
    /// `None` for an object.
    ty: Option<ParamType>,
    writable: bool,
    value: &'a str,
}

#[derive(Debug)]
struct BuildNode {
    path: String,
    line: usize,
    kind: BuildKind,
    children: Vec<usize>,
}

#[derive(Debug)]
enum BuildKind {
    Object {
        writable: bool,
        role: Role,
    },
    Param {
        ty: ParamType,
        writable: bool,
        value: String,
    },
}

#[derive(Debug, Default)]
struct Builder {
    /// The concrete tree.
    nodes: Vec<BuildNode>,
    by_path: HashMap<String, usize>,
    roots: Vec<usize>,
    /// The template tree: every path containing `{i}`.
    tnodes: Vec<BuildNode>,
    tby_path: HashMap<String, usize>,
    /// Table templates in order of declaration: (generic path, index in `tnodes`).
    tables: Vec<(String, usize)>,
    table_by_path: HashMap<String, u32>,
}

pub(crate) fn parse(text: &str) -> Result<Schema, ModelError> {
    let mut b = Builder::default();
    for (n, raw) in text.lines().enumerate() {
        let number = n + 1;
        if let Some(line) = split_line(number, raw)? {
            b.add_line(&line)?;
        }
    }
    b.finish()
}

/// Splits a line into its fields; `None` for blank and comment lines.
fn split_line(number: usize, raw: &str) -> Result<Option<Line<'_>>, ModelError> {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let line = raw.trim_start_matches([' ', '\t']);
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut rest = line;
    let mut fields = [""; 3];
    for field in &mut fields {
        rest = rest.trim_start_matches([' ', '\t']);
        let end = rest.find([' ', '\t']).unwrap_or(rest.len());
        if end == 0 {
            return Err(ModelError::at(number, E::MissingFields));
        }
        *field = &rest[..end];
        rest = &rest[end..];
    }
    // The value is everything after the one character separating it from the access field.
    let value = rest.get(1..).unwrap_or("");
    let [path, ty, access] = fields;
    let ty = match ty {
        "object" => None,
        other => Some(
            ParamType::from_keyword(other)
                .ok_or_else(|| ModelError::at(number, E::UnknownType(other.to_owned())))?,
        ),
    };
    let writable = match access {
        "R" => false,
        "W" => true,
        other => return Err(ModelError::at(number, E::BadAccess(other.to_owned()))),
    };
    check_path(path, ty.is_none()).map_err(|reason| {
        ModelError::at(
            number,
            E::InvalidPath {
                path: path.to_owned(),
                reason,
            },
        )
    })?;
    if ty.is_none() && !value.trim().is_empty() {
        return Err(ModelError::at(number, E::ObjectWithValue(path.to_owned())));
    }
    Ok(Some(Line {
        number,
        path,
        ty,
        writable,
        value,
    }))
}

/// Names are dot-separated segments of letters, digits, `_` and `-`; objects end with a dot,
/// parameters do not. `{i}` and instance numbers stand only after a name, never first or
/// last in a parameter name, and a path is either all generic or all concrete.
fn check_path(path: &str, object: bool) -> Result<(), &'static str> {
    let body = if object {
        path.strip_suffix('.')
            .ok_or("an object path ends with '.'")?
    } else {
        if path.ends_with('.') {
            return Err("a parameter name does not end with '.'");
        }
        path
    };
    let segments: Vec<&str> = body.split('.').collect();
    let mut previous_is_name = false;
    let (mut generic_seen, mut number_seen) = (false, false);
    for (n, segment) in segments.iter().enumerate() {
        let is_template = *segment == "{i}";
        let is_number = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
        if segment.is_empty() {
            return Err("empty segment");
        }
        if is_template || is_number {
            if is_number && !is_instance_number(segment) {
                return Err("an instance number is a positive integer without leading zeros");
            }
            if n == 0 || !previous_is_name {
                return Err("an instance number or {i} follows an object name");
            }
            if !object && n == segments.len() - 1 {
                return Err("a parameter name does not end with an instance number or {i}");
            }
            generic_seen |= is_template;
            number_seen |= is_number;
            previous_is_name = false;
        } else if segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            if segment.as_bytes()[0].is_ascii_digit() {
                return Err("a name starts with a letter");
            }
            previous_is_name = true;
        } else {
            return Err("a name is made of letters, digits, '_' and '-'");
        }
    }
    if generic_seen && number_seen {
        return Err("a template path uses {i} for every instance number");
    }
    if segments.len() == 1 && !object {
        return Err("a parameter belongs to an object");
    }
    Ok(())
}

impl Builder {
    fn add_line(&mut self, line: &Line<'_>) -> Result<(), ModelError> {
        let number = line.number;
        let value = match line.ty {
            Some(ty) => ty
                .normalize(line.value)
                .ok_or_else(|| {
                    ModelError::at(
                        number,
                        E::InvalidValue {
                            path: line.path.to_owned(),
                            value: line.value.to_owned(),
                            ty: ty.keyword(),
                        },
                    )
                })?
                .to_owned(),
            None => String::new(),
        };
        let kind = match line.ty {
            Some(ty) => BuildKind::Param {
                ty,
                writable: line.writable,
                value,
            },
            None => BuildKind::Object {
                writable: line.writable,
                role: Role::Plain,
            },
        };
        if line.path.contains("{i}") {
            self.add_template_line(number, line.path, kind)
        } else {
            self.add_concrete_line(number, line.path, kind)
        }
    }

    fn add_template_line(
        &mut self,
        number: usize,
        path: &str,
        mut kind: BuildKind,
    ) -> Result<(), ModelError> {
        if self.tby_path.contains_key(path) {
            return Err(ModelError::at(number, E::Duplicate(path.to_owned())));
        }
        let table_path = path.strip_suffix("{i}.");
        let parent_path = match table_path {
            Some(table) => parent(table),
            None => parent(path),
        }
        .unwrap_or_default();
        let no_parent = || {
            ModelError::at(
                number,
                E::NoParent {
                    path: path.to_owned(),
                    parent: parent_path.to_owned(),
                },
            )
        };
        let parent_index = if parent_path.contains("{i}") {
            let &p = self.tby_path.get(parent_path).ok_or_else(no_parent)?;
            if !matches!(self.tnodes[p].kind, BuildKind::Object { .. }) {
                return Err(no_parent());
            }
            Some(p)
        } else {
            match self.by_path.get(parent_path) {
                Some(&p) if matches!(self.nodes[p].kind, BuildKind::Object { .. }) => None,
                _ => return Err(no_parent()),
            }
        };
        let index = self.tnodes.len();
        if let Some(table) = table_path {
            // The table object itself (`Device.WiFi.SSID.`) is implied: it may not be
            // declared as a plain object as well.
            if self.tby_path.contains_key(table) || self.by_path.contains_key(table) {
                return Err(ModelError::at(number, E::Duplicate(table.to_owned())));
            }
            let id = self.tables.len() as u32;
            self.tables.push((path.to_owned(), index));
            self.table_by_path.insert(path.to_owned(), id);
            if let BuildKind::Object { role, .. } = &mut kind {
                *role = Role::Table {
                    template: id,
                    next: 1,
                };
            }
        } else if let Some(generic_table) = path.strip_suffix('.').map(|p| format!("{p}.{{i}}."))
            && self.table_by_path.contains_key(&generic_table)
        {
            return Err(ModelError::at(number, E::Duplicate(path.to_owned())));
        }
        self.tnodes.push(BuildNode {
            path: path.to_owned(),
            line: number,
            kind,
            children: Vec::new(),
        });
        self.tby_path.insert(path.to_owned(), index);
        if let Some(p) = parent_index {
            self.tnodes[p].children.push(index);
        }
        Ok(())
    }

    fn add_concrete_line(
        &mut self,
        number: usize,
        path: &str,
        kind: BuildKind,
    ) -> Result<(), ModelError> {
        if self.by_path.contains_key(path) {
            return Err(ModelError::at(number, E::Duplicate(path.to_owned())));
        }
        let is_object = matches!(kind, BuildKind::Object { .. });
        let Some(parent_path) = parent(path) else {
            // A top-level object (check_path rejects top-level parameters).
            let index = self.push(path, number, kind);
            self.roots.push(index);
            return Ok(());
        };
        let generic_path = generic(path);
        let last = path
            .strip_suffix('.')
            .unwrap_or(path)
            .rsplit('.')
            .next()
            .unwrap_or_default();
        let mut kind = kind;
        let parent_index = if is_object && is_instance_number(last) {
            // An instance: its template must exist and agree on access; the table object
            // is created with the first instance.
            let template_path = generic_path.clone();
            let Some(&template) = self.table_by_path.get(&template_path) else {
                return Err(ModelError::at(
                    number,
                    E::NoTemplate {
                        path: path.to_owned(),
                        template: template_path,
                    },
                ));
            };
            let template_writable = self.template_writable(template);
            if let BuildKind::Object { writable, role } = &mut kind {
                if *writable != template_writable {
                    return Err(ModelError::at(
                        number,
                        E::TemplateMismatch {
                            path: path.to_owned(),
                            reason: format!(
                                "access {} differs from the table template's {}",
                                access(*writable),
                                access(template_writable)
                            ),
                        },
                    ));
                }
                *role = Role::Instance { template };
            }
            match self.by_path.get(parent_path) {
                Some(&table)
                    if matches!(
                        self.nodes[table].kind,
                        BuildKind::Object {
                            role: Role::Table { .. },
                            ..
                        }
                    ) =>
                {
                    table
                }
                Some(_) => {
                    return Err(ModelError::at(number, E::Duplicate(parent_path.to_owned())));
                }
                None => self.create_table(number, parent_path, template)?,
            }
        } else {
            let &p = self.by_path.get(parent_path).ok_or_else(|| {
                ModelError::at(
                    number,
                    E::NoParent {
                        path: path.to_owned(),
                        parent: parent_path.to_owned(),
                    },
                )
            })?;
            if let BuildKind::Object { role, .. } = self.nodes[p].kind
                && matches!(role, Role::Table { .. })
            {
                return Err(ModelError::at(
                    number,
                    E::InvalidPath {
                        path: path.to_owned(),
                        reason: "below a table object come only its numbered instances",
                    },
                ));
            }
            if !matches!(self.nodes[p].kind, BuildKind::Object { .. }) {
                return Err(ModelError::at(
                    number,
                    E::NoParent {
                        path: path.to_owned(),
                        parent: parent_path.to_owned(),
                    },
                ));
            }
            if is_object {
                let generic_table = format!("{generic_path}{{i}}.");
                if self.table_by_path.contains_key(&generic_table) {
                    // `Device.WiFi.SSID.` is implied by `Device.WiFi.SSID.{i}.`.
                    return Err(ModelError::at(number, E::Duplicate(path.to_owned())));
                }
            }
            if generic_path.contains("{i}") {
                self.check_against_template(number, path, &generic_path, &kind)?;
            }
            p
        };
        let index = self.push(path, number, kind);
        self.nodes[parent_index].children.push(index);
        Ok(())
    }

    fn template_writable(&self, template: u32) -> bool {
        let (_, t) = &self.tables[template as usize];
        matches!(
            self.tnodes[*t].kind,
            BuildKind::Object { writable: true, .. }
        )
    }

    /// A node inside an instance must be declared by the template with the same type and
    /// access.
    fn check_against_template(
        &self,
        number: usize,
        path: &str,
        generic_path: &str,
        kind: &BuildKind,
    ) -> Result<(), ModelError> {
        let mismatch = |reason: String| {
            ModelError::at(
                number,
                E::TemplateMismatch {
                    path: path.to_owned(),
                    reason,
                },
            )
        };
        let Some(&t) = self.tby_path.get(generic_path) else {
            return Err(mismatch(format!("the template declares no {generic_path}")));
        };
        match (kind, &self.tnodes[t].kind) {
            (
                BuildKind::Object { writable: a, .. },
                BuildKind::Object {
                    writable: b,
                    role: Role::Plain,
                },
            ) if a == b => Ok(()),
            (
                BuildKind::Param {
                    ty: ta,
                    writable: wa,
                    ..
                },
                BuildKind::Param {
                    ty: tb,
                    writable: wb,
                    ..
                },
            ) if ta == tb && wa == wb => Ok(()),
            (_, BuildKind::Object { writable, .. }) => Err(mismatch(format!(
                "the template declares an object with access {}",
                access(*writable)
            ))),
            (_, BuildKind::Param { ty, writable, .. }) => Err(mismatch(format!(
                "the template declares a {} parameter with access {}",
                ty.keyword(),
                access(*writable)
            ))),
        }
    }

    /// Creates the table object `path` (e.g. `Device.WiFi.SSID.`) below its parent.
    fn create_table(
        &mut self,
        number: usize,
        path: &str,
        template: u32,
    ) -> Result<usize, ModelError> {
        let parent_path = parent(path).unwrap_or_default();
        let parent_index = match self.by_path.get(parent_path) {
            Some(&p) if matches!(self.nodes[p].kind, BuildKind::Object { .. }) => p,
            _ => {
                return Err(ModelError::at(
                    number,
                    E::NoParent {
                        path: path.to_owned(),
                        parent: parent_path.to_owned(),
                    },
                ));
            }
        };
        let writable = self.template_writable(template);
        let index = self.push(
            path,
            number,
            BuildKind::Object {
                writable,
                role: Role::Table { template, next: 1 },
            },
        );
        self.nodes[parent_index].children.push(index);
        Ok(index)
    }

    fn push(&mut self, path: &str, line: usize, kind: BuildKind) -> usize {
        let index = self.nodes.len();
        self.nodes.push(BuildNode {
            path: path.to_owned(),
            line,
            kind,
            children: Vec::new(),
        });
        self.by_path.insert(path.to_owned(), index);
        index
    }

    fn finish(mut self) -> Result<Schema, ModelError> {
        let blueprints: Vec<Vec<Blueprint>> =
            (0..self.tables.len()).map(|t| self.blueprint(t)).collect();
        self.add_empty_tables();
        self.check_instances(&blueprints)?;
        self.number_instances();
        self.check_counts()?;

        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(self.nodes[i].children.iter().rev());
        }
        let nodes = order
            .into_iter()
            .map(|i| {
                let node = &self.nodes[i];
                let kind = match &node.kind {
                    BuildKind::Object { writable, role } => Kind::Object {
                        writable: *writable,
                        role: *role,
                    },
                    BuildKind::Param {
                        ty,
                        writable,
                        value,
                    } => Kind::Param(Param {
                        ty: *ty,
                        writable: *writable,
                        notify: NotifyPolicy::for_path(&node.path),
                        secured: is_secured(&node.path),
                        default: value.as_str().into(),
                    }),
                };
                Node {
                    path: node.path.as_str().into(),
                    end: 0,
                    kind,
                }
            })
            .collect();
        let templates = Templates {
            list: blueprints
                .into_iter()
                .enumerate()
                .map(|(id, blueprint)| Template {
                    writable: self.template_writable(id as u32),
                    blueprint,
                })
                .collect(),
        };
        let mut schema = Schema {
            nodes,
            index: HashMap::new(),
            templates: Arc::new(templates),
            params: 0,
        };
        schema.rebuild();
        Ok(schema)
    }

    /// What an instance of table template `t` consists of, depth first from the instance
    /// object; nested tables are leaves.
    fn blueprint(&self, t: usize) -> Vec<Blueprint> {
        let (template_path, root) = &self.tables[t];
        let mut out = vec![Blueprint {
            rel: String::new(),
            kind: BlueprintKind::Object {
                writable: self.template_writable(t as u32),
            },
        }];
        let mut stack: Vec<usize> = self.tnodes[*root].children.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            let node = &self.tnodes[i];
            let rel = |path: &str| path[template_path.len()..].to_owned();
            match &node.kind {
                BuildKind::Object {
                    role: Role::Table { template, .. },
                    ..
                } => out.push(Blueprint {
                    rel: rel(node.path.strip_suffix("{i}.").unwrap_or(&node.path)),
                    kind: BlueprintKind::Table {
                        template: *template,
                    },
                }),
                BuildKind::Object { writable, .. } => {
                    out.push(Blueprint {
                        rel: rel(&node.path),
                        kind: BlueprintKind::Object {
                            writable: *writable,
                        },
                    });
                    stack.extend(node.children.iter().rev());
                }
                BuildKind::Param {
                    ty,
                    writable,
                    value,
                } => out.push(Blueprint {
                    rel: rel(&node.path),
                    kind: BlueprintKind::Param {
                        ty: *ty,
                        writable: *writable,
                        default: value.as_str().into(),
                    },
                }),
            }
        }
        out
    }

    /// Tables with no instance in the file still exist (empty) wherever their parent does.
    fn add_empty_tables(&mut self) {
        let mut by_parent: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, (path, _)) in self.tables.iter().enumerate() {
            let table = path.strip_suffix("{i}.").unwrap_or(path);
            by_parent
                .entry(parent(table).unwrap_or_default().to_owned())
                .or_default()
                .push(id as u32);
        }
        for i in 0..self.nodes.len() {
            if !matches!(self.nodes[i].kind, BuildKind::Object { .. }) {
                continue;
            }
            let Some(tables) = by_parent.get(&generic(&self.nodes[i].path)) else {
                continue;
            };
            for &template in tables {
                let generic_table = &self.tables[template as usize].0;
                let name = generic_table
                    .strip_suffix(".{i}.")
                    .and_then(|t| t.rsplit('.').next())
                    .unwrap_or_default();
                let path = format!("{}{name}.", self.nodes[i].path);
                if !self.by_path.contains_key(&path) {
                    let line = self.nodes[i].line;
                    let writable = self.template_writable(template);
                    let index = self.push(
                        &path,
                        line,
                        BuildKind::Object {
                            writable,
                            role: Role::Table { template, next: 1 },
                        },
                    );
                    self.nodes[i].children.push(index);
                }
            }
        }
    }

    /// Every instance holds everything its template declares.
    fn check_instances(&self, blueprints: &[Vec<Blueprint>]) -> Result<(), ModelError> {
        for node in &self.nodes {
            let BuildKind::Object {
                role: Role::Instance { template },
                ..
            } = node.kind
            else {
                continue;
            };
            for entry in blueprints[template as usize].iter().skip(1) {
                let path = format!("{}{}", node.path, entry.rel);
                if !self.by_path.contains_key(&path) {
                    return Err(ModelError::at(
                        node.line,
                        E::IncompleteInstance {
                            instance: node.path.clone(),
                            missing: path,
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// Each table hands out instance numbers above the highest in the file.
    fn number_instances(&mut self) {
        for i in 0..self.nodes.len() {
            let highest = self.nodes[i]
                .children
                .iter()
                .filter_map(|&c| {
                    let path = &self.nodes[c].path;
                    path.strip_suffix('.')?
                        .rsplit('.')
                        .next()?
                        .parse::<u32>()
                        .ok()
                })
                .max()
                .unwrap_or(0);
            if let BuildKind::Object {
                role: Role::Table { next, .. },
                ..
            } = &mut self.nodes[i].kind
            {
                *next = highest.saturating_add(1);
            }
        }
    }

    /// A declared `<Table>NumberOfEntries` is an unsignedInt equal to the instance count.
    fn check_counts(&self) -> Result<(), ModelError> {
        for node in &self.nodes {
            let BuildKind::Object {
                role: Role::Table { .. },
                ..
            } = node.kind
            else {
                continue;
            };
            let count_path = format!("{}NumberOfEntries", node.path.trim_end_matches('.'));
            let Some(&c) = self.by_path.get(&count_path) else {
                continue;
            };
            let count = &self.nodes[c];
            let reason = match &count.kind {
                BuildKind::Param {
                    ty: ParamType::UnsignedInt,
                    value,
                    ..
                } => {
                    if *value == node.children.len().to_string() {
                        continue;
                    }
                    format!(
                        "is {value} but {} has {} instance(s)",
                        node.path,
                        node.children.len()
                    )
                }
                _ => "a table's NumberOfEntries is an unsignedInt parameter".to_owned(),
            };
            return Err(ModelError::at(
                count.line,
                E::NumberOfEntries {
                    path: count_path,
                    reason,
                },
            ));
        }
        Ok(())
    }
}

fn access(writable: bool) -> &'static str {
    if writable { "W" } else { "R" }
}
