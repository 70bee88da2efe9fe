//! The labelsQuery condition (`lbq`, TS-0004 7.3.3.17.16): one expression on the key-only
//! (`color`) and key-value (`color:red`) tokens of the labels attribute.

/// A parsed labelsQuery expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum LabelsQuery {
    /// `key`: some label has the key, key-only or key-value.
    Has(String),
    /// `NT key`: no label has the key.
    Not(String),
    /// `key EQ value` or `key:value`: the label `key:value` is there.
    Eq(String, String),
    /// `key NE value`: some `key:v` label, none with `v == value`.
    Ne(String, String),
    /// `key IN (v1, v2)`: some `key:v` label with `v` listed.
    In(String, Vec<String>),
    /// `key NI (v1, v2)`: some `key:v` label, none with `v` listed.
    Ni(String, Vec<String>),
}

/// Parses one expression; `None` if it is not one of the forms of 7.3.3.17.16.
pub(super) fn parse(expr: &str) -> Option<LabelsQuery> {
    let tokens: Vec<&str> = expr.split_whitespace().collect();
    let owned = |s: &str| s.to_owned();
    match tokens.as_slice() {
        [single] => match single.split_once(':') {
            Some((key, value)) if !key.is_empty() && !value.is_empty() => {
                Some(LabelsQuery::Eq(owned(key), owned(value)))
            }
            Some(_) => None,
            None => Some(LabelsQuery::Has(owned(single))),
        },
        ["NT", key] => Some(LabelsQuery::Not(owned(key))),
        [key, "EQ", value] => Some(LabelsQuery::Eq(owned(key), owned(value))),
        [key, "NE", value] => Some(LabelsQuery::Ne(owned(key), owned(value))),
        [key, op @ ("IN" | "NI"), rest @ ..] if !rest.is_empty() => {
            let list = rest.join(" ");
            let inner = list.strip_prefix('(')?.strip_suffix(')')?;
            let values: Vec<String> = inner
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(owned)
                .collect();
            if values.is_empty() {
                return None;
            }
            Some(if *op == "IN" {
                LabelsQuery::In(owned(key), values)
            } else {
                LabelsQuery::Ni(owned(key), values)
            })
        }
        _ => None,
    }
}

impl LabelsQuery {
    /// Whether a resource with these labels satisfies the expression.
    pub(super) fn eval(&self, labels: &[&str]) -> bool {
        let split = |label: &&str| match label.split_once(':') {
            Some((key, value)) => (key.to_owned(), Some(value.to_owned())),
            None => ((*label).to_owned(), None),
        };
        let pairs: Vec<(String, Option<String>)> = labels.iter().map(split).collect();
        let values_of = |key: &str| -> Vec<&str> {
            pairs
                .iter()
                .filter(|(k, _)| k == key)
                .filter_map(|(_, v)| v.as_deref())
                .collect()
        };
        match self {
            Self::Has(key) => pairs.iter().any(|(k, _)| k == key),
            Self::Not(key) => !pairs.iter().any(|(k, _)| k == key),
            Self::Eq(key, value) => values_of(key).contains(&value.as_str()),
            Self::Ne(key, value) => {
                let values = values_of(key);
                !values.is_empty() && !values.contains(&value.as_str())
            }
            Self::In(key, listed) => values_of(key).iter().any(|v| listed.iter().any(|l| l == v)),
            Self::Ni(key, listed) => {
                let values = values_of(key);
                !values.is_empty() && !values.iter().any(|v| listed.iter().any(|l| l == v))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: &[&str] = &["printers", "color:red", "color:green", "domain:home"];

    fn eval(expr: &str, labels: &[&str]) -> bool {
        parse(expr)
            .unwrap_or_else(|| panic!("{expr:?} parses"))
            .eval(labels)
    }

    #[test]
    fn parses_every_form() {
        use LabelsQuery::*;
        let s = |v: &str| v.to_owned();
        assert_eq!(parse("color"), Some(Has(s("color"))));
        assert_eq!(parse(" NT  color "), Some(Not(s("color"))));
        assert_eq!(parse("color EQ red"), Some(Eq(s("color"), s("red"))));
        assert_eq!(parse("color:red"), Some(Eq(s("color"), s("red"))));
        assert_eq!(parse("color NE red"), Some(Ne(s("color"), s("red"))));
        assert_eq!(
            parse("color IN (red, green)"),
            Some(In(s("color"), vec![s("red"), s("green")]))
        );
        assert_eq!(
            parse("color NI (red,green)"),
            Some(Ni(s("color"), vec![s("red"), s("green")]))
        );
        // A keyword alone is a key.
        assert_eq!(parse("NT"), Some(Has(s("NT"))));
        for bad in [
            "",
            "a b",
            "color EQ",
            "color IN red",
            "color IN ()",
            ":red",
            "color:",
            "a b c d",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn evaluates_as_7_3_3_17_16_describes() {
        assert!(eval("color", LABELS));
        assert!(eval("printers", LABELS));
        assert!(!eval("size", LABELS));
        assert!(eval("NT size", LABELS));
        assert!(!eval("NT color", LABELS));
        assert!(eval("color EQ red", LABELS));
        assert!(eval("color:green", LABELS));
        assert!(!eval("color:blue", LABELS));
        assert!(eval("color NE blue", LABELS));
        assert!(!eval("color NE red", LABELS));
        assert!(!eval("size NE red", LABELS), "NE needs the key to be there");
        assert!(eval("color IN (blue, red)", LABELS));
        assert!(!eval("color IN (blue, yellow)", LABELS));
        assert!(eval("color NI (blue, yellow)", LABELS));
        assert!(!eval("color NI (red, yellow)", LABELS));
        assert!(
            !eval("size NI (red)", LABELS),
            "NI needs the key to be there"
        );
        assert!(!eval("printers EQ x", LABELS));
    }
}
