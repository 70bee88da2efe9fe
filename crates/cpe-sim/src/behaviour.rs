//! How simulated CPEs misbehave on purpose: faults and delays per RPC and per parameter, so
//! that every fault path of the ACS can be exercised.
//!
//! Written as `KEY=ACTION` rules, one per `--fault` flag:
//!
//! - `GetParameterValues=9002`: answer that RPC with the CPE fault 9002;
//! - `param:Device.WiFi.SSID.1.SSID=9008`: any GetParameterValues or SetParameterValues that
//!   touches the parameter fails with that code (SPV: 9003 with the parameter's fault);
//! - `transfer=9010`: Download/Upload complete with this fault in TransferComplete (and a
//!   firmware image or certificate changes nothing);
//! - `du=9018`: ChangeDUState operations complete with this fault, state `Failed`, and
//!   leave the deployment units as they were;
//! - `Reboot=delay:2s`: answer after a delay (`ms` or `s`);
//! - `GetParameterValues=drop`: close the connection instead of answering (a CPE that falls
//!   silent mid-session).

use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Fault(u32),
    Delay(Duration),
    Drop,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Behaviour {
    pub methods: HashMap<String, Vec<Action>>,
    pub parameters: HashMap<String, u32>,
    pub transfer_fault: Option<u32>,
    pub du_fault: Option<u32>,
}

fn parse_duration(text: &str) -> Option<Duration> {
    if let Some(ms) = text.strip_suffix("ms") {
        return ms.parse().ok().map(Duration::from_millis);
    }
    text.strip_suffix('s')
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

fn parse_code(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|c| (9000..=9899).contains(c))
        .ok_or_else(|| format!("{text:?} is not a CPE fault code (9000-9899)"))
}

impl Behaviour {
    pub fn add_rule(&mut self, rule: &str) -> Result<(), String> {
        let (key, action) = rule
            .split_once('=')
            .ok_or_else(|| format!("{rule:?}: expected KEY=ACTION"))?;
        let (key, action) = (key.trim(), action.trim());
        if let Some(parameter) = key.strip_prefix("param:") {
            self.parameters
                .insert(parameter.to_owned(), parse_code(action)?);
            return Ok(());
        }
        match key {
            "transfer" => self.transfer_fault = Some(parse_code(action)?),
            "du" => self.du_fault = Some(parse_code(action)?),
            method => {
                let action =
                    if action == "drop" {
                        Action::Drop
                    } else if let Some(delay) = action.strip_prefix("delay:") {
                        Action::Delay(parse_duration(delay).ok_or_else(|| {
                            format!("{delay:?} is not a duration like 500ms or 2s")
                        })?)
                    } else {
                        Action::Fault(parse_code(action)?)
                    };
                if !cwmp::Message::METHOD_NAMES.contains(&method) {
                    return Err(format!("{method:?} is not a CWMP method"));
                }
                self.methods
                    .entry(method.to_owned())
                    .or_default()
                    .push(action);
            }
        }
        Ok(())
    }

    pub fn parse(rules: &[String]) -> Result<Self, String> {
        let mut behaviour = Behaviour::default();
        for rule in rules {
            behaviour.add_rule(rule)?;
        }
        Ok(behaviour)
    }

    pub fn method_fault(&self, method: &str) -> Option<u32> {
        self.methods.get(method)?.iter().find_map(|a| match a {
            Action::Fault(code) => Some(*code),
            _ => None,
        })
    }

    pub fn method_delay(&self, method: &str) -> Option<Duration> {
        self.methods.get(method)?.iter().find_map(|a| match a {
            Action::Delay(d) => Some(*d),
            _ => None,
        })
    }

    pub fn drops(&self, method: &str) -> bool {
        self.methods
            .get(method)
            .is_some_and(|actions| actions.contains(&Action::Drop))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_bad_ones_say_why() {
        let b = Behaviour::parse(&[
            "GetParameterValues=9002".into(),
            "Reboot=delay:1.5s".into(),
            "Download=delay:200ms".into(),
            "SetParameterValues=drop".into(),
            "param:Device.A=9005".into(),
            "transfer=9010".into(),
        ])
        .unwrap();
        assert_eq!(b.method_fault("GetParameterValues"), Some(9002));
        assert_eq!(b.method_delay("Reboot"), Some(Duration::from_millis(1500)));
        assert_eq!(b.method_delay("Download"), Some(Duration::from_millis(200)));
        assert!(b.drops("SetParameterValues"));
        assert_eq!(b.parameters.get("Device.A"), Some(&9005));
        assert_eq!(b.transfer_fault, Some(9010));
        assert!(
            Behaviour::parse(&["Nope=9002".into()])
                .unwrap_err()
                .contains("not a CWMP method")
        );
        assert!(
            Behaviour::parse(&["Reboot=8002".into()])
                .unwrap_err()
                .contains("not a CPE fault")
        );
        assert!(
            Behaviour::parse(&["Reboot".into()])
                .unwrap_err()
                .contains("KEY=ACTION")
        );
        assert!(
            Behaviour::parse(&["Reboot=delay:x".into()])
                .unwrap_err()
                .contains("duration")
        );
    }
}
