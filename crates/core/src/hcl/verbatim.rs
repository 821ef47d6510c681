//! Text that reaches the output without going through the escaper (expressions,
//! items kept as written, comment lines) is untrusted: it may come from a share link, a
//! saved state, JSON or the JS API. Each is re-parsed here and accepted only if it is
//! exactly one expression, one argument or block, or one comment, that still parses once
//! formatted; the emitter then prints it from that parse, and the formatter recomputes
//! every blank around its tokens.

use super::lex::{Tok, lex};
use super::syntax::{Item, VALUE_DEPTH, parse_body_within, parse_expr_within};
use crate::model::Verbatim;

/// The diagnostic path of a kept item: its name when that is an identifier, else its index;
/// with a block's first label, so that two blocks of one type are told apart and placed at
/// their own lines (`dynamic.tls_config`, `provisioner["local-exec"]`).
pub fn path(n: usize, v: &Verbatim) -> String {
    if !crate::reference::is_identifier(&v.name) {
        return format!("verbatim[{n}]");
    }
    match first_label(v) {
        Some(l) if crate::reference::is_identifier(l) => format!("{}.{l}", v.name),
        Some(l) => format!("{}[{}]", v.name, super::escape::quote(l)),
        None => v.name.clone(),
    }
}

/// A kept block's first label, when it is a plain quoted string or an identifier
/// (`dynamic "tls_config" {`); `None` for an argument or an unlabelled block.
fn first_label(v: &Verbatim) -> Option<&str> {
    let rest = v.text.strip_prefix(v.name.as_str())?.trim_start_matches([' ', '\t']);
    if let Some(quoted) = rest.strip_prefix('"') {
        let label = &quoted[..quoted.find(['"', '\\', '$', '%', '\n'])?];
        return quoted[label.len()..].starts_with('"').then_some(label);
    }
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    (end > 0 && rest[end..].trim_start().starts_with(['{', '"'])).then_some(&rest[..end])
}

/// Characters that never appear in text the emitter prints unescaped: control
/// characters other than newline and tab (a carriage return only as the first half of a
/// CRLF line break, which HCL reads as a newline, and which a heredoc written in a CRLF
/// file holds), and the bidirectional overrides that make code read differently from how
/// it parses ("Trojan Source").
pub fn forbidden_char(s: &str) -> Option<char> {
    let crlf = |at: usize| s.as_bytes().get(at + 1) == Some(&b'\n');
    s.char_indices()
        .find(|&(at, c)| {
            (c.is_control() && c != '\n' && c != '\t' && !(c == '\r' && crlf(at)))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .map(|(_, c)| c)
}

fn describe(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Why `e` is not exactly one HCL expression (that fits on the right of `name =`), or
/// `None` if it is.
pub fn expression_problem(e: &str) -> Option<String> {
    let e = e.trim();
    if let Some(c) = forbidden_char(e) {
        return Some(format!("it contains the control character {}", describe(c)));
    }
    // As emitted: the value, then the newline that ends the argument (a heredoc needs it).
    let line = format!("{e}\n");
    let mut tokens = lex(&line);
    if !super::lex::is_clean(&tokens, &line) {
        return Some("it has an unclosed string, bracket or template, or a character HCL does not allow".into());
    }
    tokens.pop_if(|t| t.kind == Tok::Newline && t.end == line.len());
    let mut depth = 0i32;
    let mut heredoc = 0i32;
    for t in &tokens {
        match t.kind {
            Tok::OHeredoc => heredoc += 1,
            Tok::CHeredoc => heredoc -= 1,
            Tok::OQuote => depth += 1,
            Tok::CQuote => depth -= 1,
            k => depth += k.bracket_change(),
        }
        if depth == 0 && heredoc == 0 && (t.kind == Tok::Newline || t.kind == Tok::Comment) {
            return Some("it continues past the end of the line outside brackets, so it would end the argument early".into());
        }
    }
    if let Err(err) = parse_expr_within(&line, VALUE_DEPTH) {
        return Some(err.message);
    }
    // The output prints it as `terraform fmt` does, which can join tokens that whitespace
    // kept apart: `a.5. 3` parses (two legacy indexes), `a.5.3` does not (HashiCorp's
    // formatter and parser agree on both; a fuzzing finding). The value must parse as printed.
    // Formatting only adds or removes blanks between tokens, so an expression without any
    // (most references) prints with the same tokens: only the others are printed and parsed
    // again (it runs on every keystroke).
    if !e.bytes().any(|b| matches!(b, b' ' | b'\t' | b'\n')) {
        return None;
    }
    let printed = super::format::format(&format!("x = {line}")).ok()?;
    let value = printed.strip_prefix("x = ").unwrap_or(&printed);
    if value != line
        && let Err(err) = parse_expr_within(value, VALUE_DEPTH)
    {
        return Some(format!("as `terraform fmt` prints it (`{}`): {}", value.trim_end(), err.message));
    }
    None
}

/// One item kept as written, checked: its kind and its text (exactly the parsed
/// structure's source, nothing before or after it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// Whether it is a block (`lifecycle { … }`) rather than an argument.
    pub block: bool,
    /// The structure's text, first line unindented.
    pub text: String,
}

/// Re-parses a kept item: it must be exactly one argument or block, named `v.name`.
pub fn check(v: &Verbatim) -> Result<Checked, String> {
    // CRLF line breaks stay: inside a heredoc they are its value (the emitter prints the
    // line breaks between tokens in the output's own ending).
    let text = v.text.as_str();
    if let Some(c) = forbidden_char(text) {
        return Err(format!("its text contains the control character {}", describe(c)));
    }
    if !super::lex::is_clean(&lex(text), text) {
        return Err("its text has an unclosed string, bracket or template, or a character HCL does not allow".into());
    }
    let body = parse_body_within(text, VALUE_DEPTH).map_err(|e| format!("its text is not valid HCL ({})", e.message))?;
    // As printed (see `expression_problem`): formatting must not join what whitespace kept apart.
    if let Ok(printed) = super::format::format(text)
        && let Err(e) = parse_body_within(&printed, VALUE_DEPTH)
    {
        return Err(format!("as `terraform fmt` prints it, its text is not valid HCL ({})", e.message));
    }
    let (Some(s), None) = (body.items.first(), body.items.get(1)) else {
        return Err(format!("its text must be exactly one argument or block, but it has {}", body.items.len()));
    };
    let (name, block) = match s {
        Item::Attr(a) => (a.name.as_str(), false),
        Item::Block(b) => (b.kind.as_str(), true),
    };
    if name != v.name {
        return Err(format!("it is named `{}` but its text defines `{name}`", v.name));
    }
    let own = text.get(s.span()).unwrap_or("").trim_end();
    Ok(Checked { block, text: own.to_string() })
}

/// Why a layout comment is not exactly one comment, or `None` if it is.
pub fn comment_problem(c: &str) -> Option<String> {
    let c = c.trim();
    if let Some(ch) = forbidden_char(c) {
        return Some(format!("it contains the control character {}", describe(ch)));
    }
    let tokens = lex(c);
    match tokens.as_slice() {
        [t] if t.kind == Tok::Comment && t.end == c.len() && (c.starts_with("/*") || !c.contains('\n')) => None,
        _ => Some("it is not exactly one comment (`# …`, `// …` or `/* … */`)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        assert_eq!(expression_problem("aws_apigatewayv2_api.example.id"), None);
        assert_eq!(expression_problem("[\n  a,\n  b,\n]"), None);
        assert_eq!(expression_problem("<<EOT\nhello\nEOT"), None);
        assert!(expression_problem("aws_apigatewayv2_api.example.id\n}\nresource \"x\" \"y\" {").is_some());
        assert!(expression_problem("a\nb = 1").is_some());
        assert!(expression_problem("a # c").is_some());
        assert!(expression_problem("my api").is_some());
        assert!(expression_problem("a\u{1b}[2J").is_some());
        assert!(expression_problem("\"x\u{202e}y\"").is_some());
        // Valid as written, not as `terraform fmt` prints it (it joins `.5. 3` into `.5.3`).
        assert_eq!(expression_problem("a.5.b"), None);
        let joined = expression_problem("a.5. 3").expect("refused");
        assert!(joined.contains("prints it (`a.5.3`)") && joined.contains("legacy index"), "{joined}");
        let kept = check(&Verbatim { name: "depends_on".into(), text: "depends_on = [a.5. 3]".into() }).expect_err("refused");
        assert!(kept.contains("as `terraform fmt` prints it"), "{kept}");
    }

    /// Whatever nesting a value has, if it is accepted, the resource it is printed in
    /// parses again (a fuzzing finding: the check ran one level shallower than the print).
    #[test]
    fn an_accepted_value_always_parses_inside_its_resource() {
        for n in 30..90 {
            for e in [format!("{}1", "-".repeat(n)), format!("{}1{}", "[".repeat(n), "]".repeat(n)), format!("a-{}b", "-".repeat(n))] {
                if expression_problem(&e).is_some() {
                    continue;
                }
                let mut m = crate::model::Integration::named("x");
                m.api_id = Some(crate::model::Value::Expr("aws_apigatewayv2_api.a.id".into()));
                m.integration_type = Some(crate::model::Value::str("MOCK"));
                m.description = Some(crate::model::Value::Expr(e.clone()));
                m.response_parameters
                    .push(crate::model::ResponseParameters { status_code: Some(crate::model::Value::Expr(e.clone())), mappings: None });
                let out = crate::render(&m).expect("renders").document();
                assert_eq!(crate::hcl::parse(&out).integrations.len(), 1, "nesting {n}: {e}");
            }
        }
        assert!(expression_problem(&format!("{}1", "-".repeat(80))).is_some_and(|p| p.contains("Nested")));
    }

    #[test]
    fn kept_items() {
        let v = |name: &str, text: &str| Verbatim { name: name.into(), text: text.into() };
        assert_eq!(check(&v("lifecycle", "lifecycle {\n  x = 1\n}")).map(|c| c.block), Ok(true));
        assert!(check(&v("lifecycle", "lifecycle {}\n}\n\nresource \"aws_iam_user_policy\" \"pwn\" {")).is_err());
        assert!(check(&v("lifecycle", "lifecycle {}\nresource \"a\" \"b\" {}")).is_err());
        assert!(check(&v("depends_on", "provider = aws.x")).is_err());
        assert!(check(&v("depends_on", "depends_on = [a]\nx = 1")).is_err());
        assert_eq!(check(&v("depends_on", "depends_on = [a] # trailing\n")).map(|c| c.text), Ok("depends_on = [a]".into()));
    }

    #[test]
    fn comments() {
        assert_eq!(comment_problem("# fine"), None);
        assert_eq!(comment_problem("/* two\n lines */"), None);
        assert!(comment_problem("# x\n}\nresource \"a\" \"b\" {").is_some());
        assert!(comment_problem("/* x */ y = 1").is_some());
        assert!(comment_problem("not a comment").is_some());
    }
}
