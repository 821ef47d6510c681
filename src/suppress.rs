//! Suppressions, as Terraform linters do them: a comment
//! `# apigw-integration:ignore CODE[,CODE…] reason` (or `//`) on the line above an
//! argument or block silences those codes there; above the `resource` line, in the whole
//! resource. `--ignore CODE` silences a code everywhere. A suppression that silences
//! nothing is itself reported (`R-SUP-1`), so suppressions do not rot.

use crate::check::Finding;
use crate::diag::Diagnostic;
use crate::hcl::lex::{Tok, lex};

const MARKER: &str = "apigw-integration:ignore";

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The codes it names.
    pub codes: Vec<String>,
    /// The comment's line (1-based).
    pub line: u32,
    /// The lines it covers: the next argument or block, to its closing bracket.
    pub covers: std::ops::RangeInclusive<u32>,
}

/// The suppression comments of a source.
pub fn suppressions(src: &str) -> Vec<Suppression> {
    let lines: Vec<&str> = src.lines().collect();
    let tokens = lex(src);
    let line_of = |offset: usize| src.get(..offset).map_or(0, |s| s.matches('\n').count()) as u32 + 1;
    let mut out = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == Tok::Comment) {
        let text = src.get(t.start..t.end).unwrap_or("");
        let body = text.trim_start_matches('#').trim_start_matches("//").trim();
        let Some(rest) = body.strip_prefix(MARKER) else { continue };
        let codes: Vec<String> =
            rest.split_whitespace().next().unwrap_or("").split(',').filter(|c| !c.is_empty()).map(str::to_string).collect();
        let line = line_of(t.start);
        // The next line that is not blank and not a comment.
        let Some(target) = (line as usize..lines.len()).find(|&k| {
            let l = lines[k].trim();
            !l.is_empty() && !l.starts_with('#') && !l.starts_with("//")
        }) else {
            out.push(Suppression { codes, line, covers: line..=line });
            continue;
        };
        let target_line = target as u32 + 1;
        // Its extent: from the first token on that line to where the brackets it opens close.
        let start = tokens.iter().position(|tk| line_of(tk.start) == target_line);
        let mut end_line = target_line;
        if let Some(start) = start {
            let mut depth = 0i32;
            for tk in &tokens[start..] {
                depth += tk.kind.bracket_change();
                if matches!(tk.kind, Tok::OQuote | Tok::OHeredoc) {
                    depth += 1;
                }
                if matches!(tk.kind, Tok::CQuote | Tok::CHeredoc) {
                    depth -= 1;
                }
                end_line = line_of(tk.start);
                let ends_line =
                    tk.kind == Tok::Newline || (tk.kind == Tok::Comment && src.get(tk.start..tk.end).is_some_and(|c| c.ends_with('\n')));
                if depth <= 0 && ends_line {
                    break;
                }
            }
        }
        out.push(Suppression { codes, line, covers: target_line..=end_line });
    }
    out
}

/// Drops the findings that a suppression comment (in their source) or `ignore` silences,
/// and reports every suppression comment that silenced nothing (`R-SUP-1`).
pub fn apply(sources: &[&str], findings: Vec<Finding>, ignore: &[String]) -> Vec<Finding> {
    let sups: Vec<Vec<Suppression>> = sources.iter().map(|s| suppressions(s)).collect();
    let mut used: Vec<Vec<bool>> = sups.iter().map(|s| vec![false; s.len()]).collect();
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        if ignore.contains(&f.diagnostic.code) {
            continue;
        }
        let line = f.diagnostic.pos.map_or(0, |p| p.line);
        let hit =
            sups.get(f.source).and_then(|list| list.iter().position(|s| s.codes.contains(&f.diagnostic.code) && s.covers.contains(&line)));
        match hit {
            Some(k) => used[f.source][k] = true,
            None => out.push(f),
        }
    }
    for (source, list) in sups.iter().enumerate() {
        for (k, s) in list.iter().enumerate() {
            if !used[source][k] {
                let what = if s.codes.is_empty() {
                    "names no rule code".to_string()
                } else {
                    format!("silences nothing ({} not reported here)", s.codes.join(", "))
                };
                out.push(Finding {
                    source,
                    resource: String::new(),
                    diagnostic: Diagnostic::new("R-SUP-1", "", format!("This suppression {what}; remove it, or fix the codes it names."))
                        .at(Some(crate::diag::Pos { line: s.line, column: 1 })),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = a.b\n  # apigw-integration:ignore R-WSO-2 our HTTP API keeps it on purpose\n  passthrough_behavior = \"NEVER\"\n\n  // apigw-integration:ignore R-MAP-1,R-MAP-7 legacy\n  request_parameters = {\n    \"bad\" = \"x\"\n  }\n}\n";

    #[test]
    fn a_suppression_covers_the_next_argument_or_block() {
        let s = suppressions(SRC);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].codes.clone(), s[0].covers.clone()), (vec!["R-WSO-2".to_string()], 4..=4));
        assert_eq!((s[1].codes.clone(), s[1].covers.clone()), (vec!["R-MAP-1".to_string(), "R-MAP-7".to_string()], 7..=9));
        let above = "# apigw-integration:ignore R-SCH-1\nresource \"aws_apigatewayv2_integration\" \"x\" {\n  a = 1\n}\n";
        assert_eq!(suppressions(above)[0].covers, 2..=4);
    }

    #[test]
    fn used_suppressions_silence_and_unused_ones_are_reported() {
        let http = "resource \"aws_apigatewayv2_api\" \"h\" {\n  protocol_type = \"HTTP\"\n}\n\n";
        let src = format!("{http}{}", SRC.replace("a.b", "aws_apigatewayv2_api.h.id"));
        let raw = crate::check::check_sources(&[&src], None).findings;
        assert!(raw.iter().any(|f| f.diagnostic.code == "R-WSO-2"));
        let out = apply(&[&src], raw.clone(), &[]);
        assert!(!out.iter().any(|f| f.diagnostic.code == "R-WSO-2"), "silenced");
        let unused: Vec<_> = out.iter().filter(|f| f.diagnostic.code == "R-SUP-1").collect();
        // R-MAP-1 fires on `"bad"`, R-MAP-7 does not: the comment silenced something, so it is used.
        assert!(unused.is_empty(), "{unused:?}");
        let stale = src.replace("R-WSO-2 our", "R-TMO-1 our");
        let out = apply(&[&stale], crate::check::check_sources(&[&stale], None).findings, &[]);
        let sup: Vec<_> = out.iter().filter(|f| f.diagnostic.code == "R-SUP-1").collect();
        assert_eq!(sup.len(), 1);
        assert_eq!(sup[0].diagnostic.pos.map(|p| p.line), Some(7));
        assert!(out.iter().any(|f| f.diagnostic.code == "R-WSO-2"), "no longer silenced");
        let ignored = apply(&[&stale], crate::check::check_sources(&[&stale], None).findings, &["R-WSO-2".into()]);
        assert!(!ignored.iter().any(|f| f.diagnostic.code == "R-WSO-2"));
    }
}
