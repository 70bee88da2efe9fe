//! The model-file parser and the RPC handlers on arbitrary input: answers or faults, never a
//! panic.

use cpe_sim::DataModel;
use proptest::prelude::*;

fn shipped() -> DataModel {
    DataModel::parse(cpe_sim::HOME_GATEWAY_MODEL).expect("the shipped model parses")
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,40}",
        "Device\\.(WiFi|DeviceInfo|IP|Hosts)\\.[A-Za-z0-9.{}]{0,30}",
        Just("Device.".to_string()),
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn any_model_text_parses_or_names_a_line(text in "[ -~\t\n]{0,400}") {
        if let Err(e) = DataModel::parse(&text) {
            prop_assert!(e.line().is_some(), "{e}");
        }
    }

    #[test]
    fn mutated_shipped_model_lines_never_panic(cut in 0usize..900, insert in "[ -~]{0,40}") {
        let mut lines: Vec<&str> = cpe_sim::HOME_GATEWAY_MODEL.lines().collect();
        let at = cut % lines.len();
        lines[at] = insert.as_str();
        let _ = DataModel::parse(&lines.join("\n"));
    }

    #[test]
    fn rpcs_on_arbitrary_paths_answer_or_fault(p in path(), next_level in any::<bool>(), value in "[ -~]{0,12}") {
        let mut model = shipped();
        let _ = model.get_values(std::slice::from_ref(&p));
        let _ = model.get_names(&p, next_level);
        let _ = model.get_attributes(std::slice::from_ref(&p));
        let _ = model.set_values(&[cwmp::ParameterValue::string(p.clone(), value)]);
        if let Ok(n) = model.add_object(&p) {
            let instance = format!("{p}{n}.");
            prop_assert!(model.delete_object(&instance).is_ok());
        }
        let _ = model.delete_object(&p);
    }
}
