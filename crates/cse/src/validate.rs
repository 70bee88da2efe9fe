//! Checks of a request's Content against the attribute rules of its resource type
//! (TS-0004 7.4.x tables, kept as data in `onem2m::schema`). Every refusal is 4000
//! BAD_REQUEST (TS-0004 7.2.2.2, Recv-1.0 "check the syntax") with a message naming the
//! attribute and what is wrong with it.

use onem2m::schema::{Optionality, ResourceSchema};
use serde_json::{Map, Value};

use crate::error::{CseError, CseResult};

/// The single `{"<root>": {...}}` member of a Content parameter.
pub(crate) fn single_root(content: Option<&Value>) -> CseResult<(&str, &Map<String, Value>)> {
    let Some(content) = content else {
        return Err(CseError::bad_request(
            "the request has no content; send {\"m2m:<type>\": {...}}",
        ));
    };
    let Some(object) = content.as_object() else {
        return Err(CseError::bad_request(
            "the content must be a JSON object {\"m2m:<type>\": {...}}",
        ));
    };
    let mut members = object.iter();
    match (members.next(), members.next()) {
        (Some((root, Value::Object(attrs))), None) => Ok((root.as_str(), attrs)),
        (Some((root, _)), None) => Err(CseError::bad_request(format!(
            "`{root}` must hold a JSON object of attributes"
        ))),
        _ => Err(CseError::bad_request(
            "the content must have exactly one member, {\"m2m:<type>\": {...}}",
        )),
    }
}

fn type_name(schema: &ResourceSchema) -> &'static str {
    schema.root
}

/// A Create: no unknown or not-permitted attribute, every value of its type, every
/// mandatory attribute present.
pub(crate) fn create(schema: &ResourceSchema, attrs: &Map<String, Value>) -> CseResult<()> {
    for (name, value) in attrs {
        let Some(rule) = schema.attribute(name) else {
            return Err(unknown(schema, name));
        };
        if rule.create == Optionality::NotPresent {
            return Err(CseError::bad_request(format!(
                "attribute `{name}` ({}) cannot be set on create for {}",
                rule.long,
                type_name(schema)
            )));
        }
        if name == "cr" {
            // TS-0004 7.3.3.3: "If the originator provides a value for the creator
            // attribute within the request, the Hosting CSE shall reject the request with
            // … BAD_REQUEST"; only null (asking the CSE to fill it in) is accepted.
            if value.is_null() {
                continue;
            }
            return Err(CseError::bad_request(
                "attribute `cr` (creator) may only be given as null; the CSE sets it to the originator",
            ));
        }
        rule.kind.check(value).map_err(|why| {
            CseError::bad_request(format!("attribute `{name}` ({}): {why}", rule.long))
        })?;
    }
    if let Some(missing) = schema
        .attributes
        .iter()
        .find(|r| r.create == Optionality::Mandatory && !attrs.contains_key(r.short))
    {
        return Err(CseError::bad_request(format!(
            "mandatory attribute `{}` ({}) is missing for {}",
            missing.short,
            missing.long,
            type_name(schema)
        )));
    }
    Ok(())
}

/// An Update: no unknown or not-permitted attribute; values of their type, or null to
/// remove an optional attribute (TS-0004 7.2.2.2).
pub(crate) fn update(schema: &ResourceSchema, attrs: &Map<String, Value>) -> CseResult<()> {
    if attrs.is_empty() {
        return Err(CseError::bad_request("the update carries no attribute"));
    }
    for (name, value) in attrs {
        let Some(rule) = schema.attribute(name) else {
            return Err(unknown(schema, name));
        };
        if rule.update == Optionality::NotPresent {
            return Err(CseError::bad_request(format!(
                "attribute `{name}` ({}) cannot be updated for {}",
                rule.long,
                type_name(schema)
            )));
        }
        if value.is_null() {
            if rule.create == Optionality::Mandatory {
                return Err(CseError::bad_request(format!(
                    "attribute `{name}` ({}) is mandatory and cannot be removed",
                    rule.long
                )));
            }
            continue;
        }
        rule.kind.check(value).map_err(|why| {
            CseError::bad_request(format!("attribute `{name}` ({}): {why}", rule.long))
        })?;
    }
    Ok(())
}

fn unknown(schema: &ResourceSchema, name: &str) -> CseError {
    CseError::bad_request(format!(
        "unknown attribute `{name}` for {}",
        type_name(schema)
    ))
}
