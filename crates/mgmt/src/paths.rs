//! Instance templates of the parameter tables (`Device.WiFi.EndPoint.{i}.Profile.{i}.`,
//! one `{i}` per table level, TR-106 3.6.1 instance numbers) against the concrete names a
//! device answers with.

/// The instance numbers `name` has where `template` has `{i}`, if `name` is, or lies
/// below, an instance of `template`: `Device.WiFi.EndPoint.2.Profile.5.SSID` against
/// `Device.WiFi.EndPoint.{i}.Profile.{i}.` → `[2, 5]`. A template without `{i}` gives `[]`
/// for every name under it.
pub(crate) fn numbers(template: &str, name: &str) -> Option<Vec<u32>> {
    let mut literals = template.split("{i}");
    let mut rest = name.strip_prefix(literals.next()?)?;
    let mut found = Vec::new();
    for literal in literals {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        found.push(rest[..digits].parse().ok()?);
        rest = rest[digits..].strip_prefix(literal)?;
    }
    Some(found)
}

/// `template` with its `{i}` filled, in order, by `numbers`; `None` when the counts differ.
pub(crate) fn fill(template: &str, numbers: &[u32]) -> Option<String> {
    let mut literals = template.split("{i}");
    let mut out = literals.next()?.to_string();
    let mut numbers = numbers.iter();
    for literal in literals {
        out.push_str(&numbers.next()?.to_string());
        out.push_str(literal);
    }
    numbers.next().is_none().then_some(out)
}

/// The instances of `template` that `names` (a GetParameterValues answer) show, as their
/// numbers, in ascending order without repeats.
pub(crate) fn instances<'a>(
    template: &str,
    names: impl IntoIterator<Item = &'a String>,
) -> Vec<Vec<u32>> {
    let mut found: Vec<Vec<u32>> = names
        .into_iter()
        .filter_map(|name| numbers(template, name))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PROFILES: &str = "Device.WiFi.EndPoint.{i}.Profile.{i}.";

    #[test]
    fn names_at_and_below_an_instance_give_its_numbers() {
        for (name, want) in [
            ("Device.WiFi.EndPoint.2.Profile.5.", Some(vec![2, 5])),
            ("Device.WiFi.EndPoint.2.Profile.5.SSID", Some(vec![2, 5])),
            (
                "Device.WiFi.EndPoint.12.Profile.1.Security.WEPKey",
                Some(vec![12, 1]),
            ),
            // The table objects themselves, other tables, other prefixes: none.
            ("Device.WiFi.EndPoint.2.Profile.", None),
            ("Device.WiFi.EndPoint.2.ProfileNumberOfEntries", None),
            ("Device.WiFi.EndPoint.2.Stats.BytesSent", None),
            ("Device.WiFi.EndPoint.x.Profile.1.", None),
            ("Device.WiFi.SSID.1.SSID", None),
            ("Device.WiFi.EndPoint.2.Profile.51", None),
        ] {
            assert_eq!(numbers(PROFILES, name), want, "{name}");
        }
        assert_eq!(
            numbers("Device.DeviceInfo.", "Device.DeviceInfo.SerialNumber"),
            Some(vec![])
        );
    }

    #[test]
    fn instances_are_ordered_by_number_not_text() {
        let names: Vec<String> = [
            "Device.WiFi.EndPoint.1.Profile.10.SSID",
            "Device.WiFi.EndPoint.1.Profile.9.SSID",
            "Device.WiFi.EndPoint.1.Profile.9.Enable",
            "Device.WiFi.EndPoint.1.ProfileNumberOfEntries",
            "Device.WiFi.EndPoint.2.Profile.1.SSID",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            instances(PROFILES, &names),
            vec![vec![1, 9], vec![1, 10], vec![2, 1]]
        );
    }

    #[test]
    fn fill_needs_one_number_per_level() {
        assert_eq!(
            fill(PROFILES, &[3, 4]).as_deref(),
            Some("Device.WiFi.EndPoint.3.Profile.4.")
        );
        assert_eq!(fill(PROFILES, &[3]), None);
        assert_eq!(fill(PROFILES, &[3, 4, 5]), None);
        assert_eq!(fill("Device.Time.", &[]).as_deref(), Some("Device.Time."));
    }

    proptest! {
        /// What `fill` writes, `numbers` reads back, also with a parameter below it.
        #[test]
        fn fill_and_numbers_agree(a in 1u32..100_000, b in 1u32..100_000, leaf in "[A-Za-z]{0,12}") {
            let path = fill(PROFILES, &[a, b]).unwrap_or_default();
            prop_assert_eq!(numbers(PROFILES, &format!("{path}{leaf}")), Some(vec![a, b]));
        }
    }
}
