//! The comma-separated `challenge` / `credentials` grammar of RFC 7235 §2.1, shared by
//! `WWW-Authenticate` and `Authorization` so both sides agree on quoting and escapes.
//!
//! The grammar is ambiguous without look-ahead: in `Basic realm="a", Digest nonce="b"` the
//! comma separates parameters *and* challenges. A bare token not followed by `=` starts a new
//! challenge; a token followed by `=` is a parameter of the current one.

/// One challenge or credentials as written, before any scheme-specific meaning is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawAuth {
    pub(crate) scheme: String,
    pub(crate) token68: Option<String>,
    /// Names are lower-cased (they are case-insensitive); values are unescaped.
    pub(crate) params: Vec<(String, String)>,
}

impl RawAuth {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// RFC 7235 forbids repeating a parameter; a repeat makes "which one counts" ambiguous,
    /// and ambiguity in authentication data is exactly what an attacker wants.
    pub(crate) fn duplicate(&self) -> Option<&str> {
        self.params.iter().enumerate().find_map(|(i, (name, _))| {
            self.params[..i]
                .iter()
                .any(|(earlier, _)| earlier == name)
                .then_some(name.as_str())
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) position: usize,
    pub(crate) expected: &'static str,
}

/// Parses a whole header value into its challenges (or, for `Authorization`, credentials).
pub(crate) fn parse(input: &str) -> Result<Vec<RawAuth>, SyntaxError> {
    let mut c = Cursor { s: input, pos: 0 };
    let mut out: Vec<RawAuth> = Vec::new();
    loop {
        c.skip_ws_and_commas();
        if c.at_end() {
            return Ok(out);
        }
        let name_start = c.pos;
        let name = c.token();
        if name.is_empty() {
            return Err(c.error("a token"));
        }
        let after_name = c.pos;
        c.skip_ws();
        if c.peek() == Some(b'=') {
            let Some(current) = out.last_mut() else {
                return Err(SyntaxError {
                    position: name_start,
                    expected: "an auth-scheme before the first parameter",
                });
            };
            if current.token68.is_some() {
                return Err(SyntaxError {
                    position: name_start,
                    expected: "',' and a new auth-scheme after a token68",
                });
            }
            c.pos += 1;
            c.skip_ws();
            let value = c.value()?;
            current.params.push((name.to_ascii_lowercase(), value));
            c.skip_ws();
            if !matches!(c.peek(), None | Some(b',')) {
                return Err(c.error("',' or the end of the header after a parameter"));
            }
        } else {
            c.pos = after_name;
            let mut auth = RawAuth {
                scheme: name.to_owned(),
                token68: None,
                params: Vec::new(),
            };
            if c.skip_ws() {
                // A token68 looks like the start of `name=value` until we see what follows it.
                let start = c.pos;
                let candidate = c.token68();
                c.skip_ws();
                if !candidate.is_empty() && matches!(c.peek(), None | Some(b',')) {
                    auth.token68 = Some(candidate.to_owned());
                } else {
                    c.pos = start;
                }
            }
            out.push(auth);
        }
    }
}

/// Renders `value` as a quoted-string.
pub(crate) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            // A quoted-string cannot carry control characters at all; dropping them keeps a
            // hostile realm or username from splitting the header. The hash then simply fails.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders `value` bare when it is a token (as RFC 7616 writes `algorithm`, `qop`, `nc`), and
/// quoted otherwise so a caller-built value can never break out of the header.
pub(crate) fn token_or_quote(value: &str) -> String {
    if !value.is_empty() && value.bytes().all(is_tchar) {
        value.to_owned()
    } else {
        quote(value)
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

fn is_ws(b: u8) -> bool {
    // CR and LF too: header values copied from documents or unfolded obs-fold keep them.
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn error(&self, expected: &'static str) -> SyntaxError {
        SyntaxError {
            position: self.pos,
            expected,
        }
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(is_ws) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn skip_ws_and_commas(&mut self) {
        while self.peek().is_some_and(|b| is_ws(b) || b == b',') {
            self.pos += 1;
        }
    }

    fn take_while(&mut self, accept: impl Fn(u8) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&accept) {
            self.pos += 1;
        }
        // Only ASCII bytes are accepted, so both ends fall on char boundaries.
        &self.s[start..self.pos]
    }

    fn token(&mut self) -> &'a str {
        self.take_while(is_tchar)
    }

    fn token68(&mut self) -> &'a str {
        let start = self.pos;
        self.take_while(is_token68_char);
        if self.pos > start {
            self.take_while(|b| b == b'=');
        }
        &self.s[start..self.pos]
    }

    fn value(&mut self) -> Result<String, SyntaxError> {
        if self.peek() == Some(b'"') {
            return self.quoted();
        }
        // Real servers send unquoted values that are not tokens (`nonce=abc/def==`); accept
        // any visible ASCII that cannot be confused with the list structure.
        let v = self.take_while(|b| b.is_ascii_graphic() && !matches!(b, b',' | b'"' | b'\\'));
        if v.is_empty() {
            return Err(self.error("a token or quoted-string value"));
        }
        Ok(v.to_owned())
    }

    fn quoted(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        let body = &self.s[open + 1..];
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, ch)) = chars.next() {
            match ch {
                '"' => {
                    self.pos = open + 1 + i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, escaped)) if !escaped.is_control() || escaped == '\t' => {
                        out.push(escaped);
                    }
                    _ => {
                        return Err(SyntaxError {
                            position: open + 1 + i,
                            expected: "a visible character after '\\' in a quoted-string",
                        });
                    }
                },
                c if c.is_control() && c != '\t' => {
                    return Err(SyntaxError {
                        position: open + 1 + i,
                        expected: "no control characters inside a quoted-string",
                    });
                }
                c => out.push(c),
            }
        }
        Err(SyntaxError {
            position: open,
            expected: "a closing '\"' for this quoted-string",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(input: &str) -> RawAuth {
        let mut all = parse(input).unwrap();
        assert_eq!(all.len(), 1, "{all:?}");
        all.pop().unwrap()
    }

    #[test]
    fn quoted_string_escapes_are_undone() {
        let a = one(r#"Digest realm="a \"b\" \\ c""#);
        assert_eq!(a.get("realm"), Some(r#"a "b" \ c"#));
    }

    #[test]
    fn escaped_comma_and_equals_inside_quotes_do_not_split() {
        let a = one(r#"Digest realm="x, y=z", nonce=n"#);
        assert_eq!(a.get("realm"), Some("x, y=z"));
        assert_eq!(a.get("nonce"), Some("n"));
    }

    #[test]
    fn names_are_case_insensitive_and_whitespace_is_free() {
        let a = one("  digest\tREALM = \"r\" ,,  Nonce=abc/def== ,");
        assert_eq!(a.scheme, "digest");
        assert_eq!(a.get("realm"), Some("r"));
        assert_eq!(a.get("nonce"), Some("abc/def=="));
    }

    #[test]
    fn token68_is_told_apart_from_a_parameter() {
        let all = parse(r#"Basic dXNlcjpw==, Digest realm="r""#).unwrap();
        assert_eq!(all[0].token68.as_deref(), Some("dXNlcjpw=="));
        assert!(all[0].params.is_empty());
        assert_eq!(all[1].get("realm"), Some("r"));

        // The grammar makes a lone `name=` a token68, not an empty parameter.
        assert_eq!(one("Digest realm=").token68.as_deref(), Some("realm="));

        let all = parse("Basic realm=x").unwrap();
        assert_eq!(all[0].token68, None);
        assert_eq!(all[0].get("realm"), Some("x"));
    }

    #[test]
    fn bare_schemes_separate_challenges() {
        let all = parse(r#"Negotiate, Basic realm="b", Digest realm="d", nonce="n""#).unwrap();
        let schemes: Vec<_> = all.iter().map(|a| a.scheme.as_str()).collect();
        assert_eq!(schemes, ["Negotiate", "Basic", "Digest"]);
        assert_eq!(all[1].get("realm"), Some("b"));
        assert_eq!(all[2].get("nonce"), Some("n"));
    }

    #[test]
    fn malformed_input_is_rejected() {
        for bad in [
            r#"realm="no scheme""#,
            r#"Digest realm="unterminated"#,
            r#"Digest realm="a" nonce="b""#,
            "Digest nonce=n, realm=",
            "Digest nonce=n, realm=,",
            "Digest realm=\"a\r\nb\"",
            "Digest realm=\"a\\",
            "Basic abc=, realm=x",
            "Digest @",
        ] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn duplicates_are_reported() {
        assert_eq!(one("Digest a=1, b=2, A=3").duplicate(), Some("a"));
        assert_eq!(one("Digest a=1, b=2").duplicate(), None);
    }

    #[test]
    fn quote_round_trips_through_the_parser() {
        let nasty = "a\"b\\c, d=e";
        let a = one(&format!("Digest realm={}", quote(nasty)));
        assert_eq!(a.get("realm"), Some(nasty));
        assert_eq!(quote("x\r\ny"), "\"xy\"");
        assert_eq!(token_or_quote("auth"), "auth");
        assert_eq!(token_or_quote("auth\r\nX: y"), "\"authX: y\"");
    }
}
