//! Comparing a resource attribute (JSON) with a condition value (text from a query string).

use serde_json::Value;

/// Whether the attribute value `actual` equals the condition value `wanted`
/// (TS-0004 7.3.3.17.9): numbers numerically, booleans as `true`/`false`, strings exactly,
/// and a list when any element does. Objects and null never match: a query string cannot
/// spell a complex value.
///
/// `*` in `wanted` matches 0 or more characters, also against a number's text. TS-0004
/// 7.3.3.17.9 allows the wildcard since Release 2 (CR ARC-2015-2117, against TS-0001 v2.3.0;
/// the Release 3 text used here keeps it) and words it "in case of discovery requests"; it
/// is applied for every filter usage, since a glob also matches a literal `*`.
pub(super) fn matches(actual: &Value, wanted: &str) -> bool {
    match actual {
        Value::String(s) => text_matches(s, wanted),
        Value::Number(n) => {
            if wanted.contains('*') {
                return glob(wanted, &n.to_string());
            }
            if let (Some(a), Ok(w)) = (n.as_i64(), wanted.parse::<i64>()) {
                return a == w;
            }
            if let (Some(a), Ok(w)) = (n.as_u64(), wanted.parse::<u64>()) {
                return a == w;
            }
            match (n.as_f64(), wanted.parse::<f64>()) {
                (Some(a), Ok(w)) => a == w,
                _ => false,
            }
        }
        Value::Bool(b) => wanted == if *b { "true" } else { "false" },
        Value::Array(items) => items
            .iter()
            .any(|item| !item.is_array() && matches(item, wanted)),
        Value::Object(_) | Value::Null => false,
    }
}

fn text_matches(text: &str, wanted: &str) -> bool {
    if wanted.contains('*') {
        glob(wanted, text)
    } else {
        text == wanted
    }
}

/// `*`-only glob over chars: `*` matches any run (also empty), everything else itself.
pub(super) fn glob(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was, and the text position it currently stands for the end of.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                // Let the last `*` swallow one more character and retry from there.
                Some((sp, st)) => {
                    star = Some((sp, st + 1));
                    p = sp + 1;
                    t = st + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn glob_matches_like_a_shell_star() {
        assert!(glob("CAE-ID*", "CAE-ID123"));
        assert!(glob("*ID123", "CAE-ID123"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXbYbZc"));
        assert!(glob("a**c", "ac"));
        assert!(glob("a*", "a"));
        assert!(!glob("a*c", "abcd"));
        assert!(!glob("abc", "ab"));
        assert!(!glob("", "a"));
        assert!(glob("ü*", "über"));
    }

    #[test]
    fn compares_by_json_type() {
        assert!(matches(&json!("Sam"), "Sam"));
        assert!(!matches(&json!("Sam"), "sam"));
        assert!(matches(&json!(1007), "1007"));
        assert!(matches(&json!(1007), "01007"));
        assert!(!matches(&json!(1007), "1008"));
        assert!(matches(&json!(-3), "-3"));
        assert!(matches(&json!(2.5), "2.50"));
        assert!(matches(&json!(u64::MAX), &u64::MAX.to_string()));
        assert!(matches(&json!(100), "1*"));
        assert!(matches(&json!(true), "true"));
        assert!(!matches(&json!(true), "1"));
        assert!(matches(&json!(false), "false"));
        assert!(matches(&json!(["a", 2, true]), "2"));
        assert!(!matches(&json!([["a"]]), "a"));
        assert!(!matches(&json!({"a": 1}), "1"));
        assert!(!matches(&json!(null), "null"));
    }
}
