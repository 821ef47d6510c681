//! Suppressions, as Terraform linters do them: a comment
//! `# apigw-integration:ignore CODE[,CODE…] reason` (or `//`) on the line above an
//! argument or block silences those codes there; above the `resource` line, in the whole
//! resource. `--ignore CODE` silences a code everywhere. A suppression that silences
//! nothing is itself reported (`R-SUP-1`), so suppressions do not rot. As the CLI applies
//! them ([`apply_policy`]), each must give a reason, `# apigw-integration:ignore-file CODE
//! reason` covers a whole file, and a configuration may forbid suppressing given codes.

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
///
/// Linear in the source but for a logarithm: each token's line comes from one pass over
/// the text, each line's next line of code from one pass over the lines, and where each
/// covered item ends from one pass over the tokens ([`extent_ends`]). (Finding each of
/// these by scanning from the start of the file, per comment and per token, took 37 s for
/// 2,000 suppression comments.)
pub fn suppressions(src: &str) -> Vec<Suppression> {
    scan(src).0.into_iter().map(|(s, _, _)| s).collect()
}

/// [`suppressions`], each with its comment's text and whether the lines it covers hold a
/// reference or a function call (a value that may differ from run to run: `--var`, a plan);
/// and whether the whole source holds one.
fn scan(src: &str) -> (Vec<(Suppression, &str, bool)>, bool) {
    let lines: Vec<&str> = src.lines().collect();
    let tokens = lex(src);
    let token_line = token_lines(src, &tokens);
    // For each line index, the first line at or after it that is not blank and not a comment.
    let mut next_code: Vec<Option<usize>> = vec![None; lines.len() + 1];
    for (k, l) in lines.iter().enumerate().rev() {
        let l = l.trim();
        let code = !l.is_empty() && !l.starts_with('#') && !l.starts_with("//");
        next_code[k] = if code { Some(k) } else { next_code.get(k + 1).copied().flatten() };
    }
    let mut ends: Option<Vec<usize>> = None;
    // How many tokens before each one start a reference or a call (`var.x`, `f(`, `a[`).
    let mut refs_before: Vec<u32> = Vec::with_capacity(tokens.len() + 1);
    let mut n = 0u32;
    for (k, t) in tokens.iter().enumerate() {
        refs_before.push(n);
        let next = tokens.get(k + 1).map(|t| t.kind);
        if t.kind == Tok::Ident && matches!(next, Some(Tok::Dot | Tok::OParen | Tok::OBrack | Tok::DoubleColon)) {
            n += 1;
        }
    }
    refs_before.push(n);
    let holds_reference = |from_line: u32, to_line: u32| {
        let a = token_line.partition_point(|&l| l < from_line);
        let b = token_line.partition_point(|&l| l <= to_line);
        refs_before.get(b).zip(refs_before.get(a)).is_some_and(|(b, a)| b > a)
    };
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate().filter(|(_, t)| t.kind == Tok::Comment) {
        let text = src.get(t.start..t.end).unwrap_or("");
        let body = text.trim_start_matches('#').trim_start_matches("//").trim();
        let Some(rest) = body.strip_prefix(MARKER) else { continue };
        let codes = code_list(rest).0;
        let line = token_line.get(i).copied().unwrap_or(1);
        // The next line that is not blank and not a comment (`line` is 1-based, so as an
        // index it is the line after the comment's).
        let Some(target) = next_code.get(line as usize).copied().flatten() else {
            out.push((Suppression { codes, line, covers: line..=line }, text, false));
            continue;
        };
        let target_line = target as u32 + 1;
        // Its extent: from the first token on that line to where the brackets it opens close.
        let first = token_line.partition_point(|&l| l < target_line);
        let end_line = match token_line.get(first) {
            Some(&l) if l == target_line => {
                let ends = ends.get_or_insert_with(|| extent_ends(src, &tokens));
                ends.get(first).and_then(|&e| token_line.get(e)).copied().unwrap_or(target_line)
            }
            _ => target_line,
        };
        out.push((Suppression { codes, line, covers: target_line..=end_line }, text, holds_reference(target_line, end_line)));
    }
    (out, n > 0)
}

/// Each token's line (1-based), in one pass: tokens come in source order.
fn token_lines(src: &str, tokens: &[crate::hcl::lex::Token]) -> Vec<u32> {
    let mut line = 1u32;
    let mut at = 0usize;
    tokens
        .iter()
        .map(|t| {
            let upto = t.start.max(at);
            line += src.as_bytes().get(at..upto).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) as u32;
            at = upto;
            line
        })
        .collect()
}

/// For every token `s`, the token where an item starting at `s` ends: the first token `j`
/// from `s` on that ends a line with every bracket, string and heredoc opened since `s`
/// closed again (the depth of `s..=j` at most zero), or the last token if none does.
///
/// With `d(i)` the depth of the tokens before `i`, that is the first line-ending `j >= s`
/// with `d(j + 1) <= d(s)`. One pass from the end keeps the line-ending tokens that could
/// still be someone's answer: a farther one whose depth is not below a nearer one's never
/// is. Their depths then fall with distance, so each start's answer is a binary search.
fn extent_ends(src: &str, tokens: &[crate::hcl::lex::Token]) -> Vec<usize> {
    let mut depth_before: Vec<i64> = Vec::with_capacity(tokens.len() + 1);
    let mut d = 0i64;
    for tk in tokens {
        depth_before.push(d);
        d += i64::from(tk.kind.bracket_change());
        if matches!(tk.kind, Tok::OQuote | Tok::OHeredoc) {
            d += 1;
        }
        if matches!(tk.kind, Tok::CQuote | Tok::CHeredoc) {
            d -= 1;
        }
    }
    depth_before.push(d);
    let last = tokens.len().saturating_sub(1);
    let mut ends = vec![last; tokens.len()];
    // Candidates as (depth after the token, index), nearest last; depths rise toward the end.
    let mut candidates: Vec<(i64, usize)> = Vec::new();
    for (j, tk) in tokens.iter().enumerate().rev() {
        let after = depth_before.get(j + 1).copied().unwrap_or(d);
        if tk.ends_line(src) {
            while candidates.last().is_some_and(|&(c, _)| c >= after) {
                candidates.pop();
            }
            candidates.push((after, j));
        }
        let limit = depth_before.get(j).copied().unwrap_or(0);
        let reachable = candidates.partition_point(|&(c, _)| c <= limit);
        if let Some(&(_, end)) = reachable.checked_sub(1).and_then(|k| candidates.get(k)) {
            ends[j] = end;
        }
    }
    ends
}

/// Drops the findings that a suppression comment (in their source) or `ignore` silences,
/// and reports every suppression comment that silenced nothing (`R-SUP-1`).
///
/// A finding is silenced by the first suppression (in source order) that names its code
/// and covers its line, found for all findings of one source and code in one sweep over
/// the lines ([`first_covering`]) rather than by trying every suppression per finding.
pub fn apply(sources: &[&str], findings: Vec<Finding>, ignore: &[String]) -> Vec<Finding> {
    let sups: Vec<Vec<Suppression>> = sources.iter().map(|s| suppressions(s)).collect();
    apply_lists(sups, findings, ignore, Unused::All)
}

/// What a team allows of suppressions: the codes `--ignore` silences everywhere, and the
/// codes no suppression may silence (a platform team's list, from the CLI's configuration).
#[derive(Clone, Copy, Debug, Default)]
pub struct Policy<'a> {
    /// Codes silenced everywhere.
    pub ignore: &'a [String],
    /// Codes that no suppression comment silences.
    pub forbidden: &'a [String],
}

/// [`apply`] as a team runs it: every suppression comment must give a reason after its
/// codes (one without is reported, `R-SUP-2`, and silences nothing); a code the policy
/// forbids to suppress stays reported (`R-SUP-3` at the comment); and
/// `# apigw-integration:ignore-file CODE reason` silences the code in its whole file. A
/// suppression over a reference or a function call that silences nothing is not reported:
/// the value may differ in another run (`--var`, a saved plan), where it does silence.
pub fn apply_policy(sources: &[&str], findings: Vec<Finding>, policy: Policy) -> Vec<Finding> {
    let (sups, open, notes) = policy_lists(sources, policy);
    let mut out = apply_lists(sups, findings, policy.ignore, Unused::Except(&open));
    out.extend(notes.into_iter().map(|n| n.finding).filter(|f| !policy.ignore.contains(&f.diagnostic.code)));
    out
}

/// [`apply_policy`] for findings made from something else than these sources (a saved
/// plan's findings, placed in the files that wrote their blocks): the same policy, but a
/// suppression that silences nothing is not reported (it may be there for what the files
/// hold, not for this plan), and a comment is reported (`R-SUP-2`, `R-SUP-3`) only when it
/// names a finding's code and covers its line: where it failed to silence one. A finding
/// whose `source` is not one of `sources` is silenced by `ignore` only.
pub fn apply_policy_placed(sources: &[&str], findings: Vec<Finding>, policy: Policy) -> Vec<Finding> {
    use std::collections::BTreeMap;
    let (sups, _, notes) = policy_lists(sources, policy);
    // (source, code) → the lines of its findings, sorted.
    let mut lines: BTreeMap<(usize, &str), Vec<u32>> = BTreeMap::new();
    for f in &findings {
        if !policy.ignore.contains(&f.diagnostic.code) {
            lines.entry((f.source, f.diagnostic.code.as_str())).or_default().push(f.diagnostic.pos.map_or(0, |p| p.line));
        }
    }
    for l in lines.values_mut() {
        l.sort_unstable();
    }
    let failed: Vec<Finding> = notes
        .into_iter()
        .filter(|n| {
            n.codes.iter().any(|c| {
                lines.get(&(n.finding.source, c.as_str())).is_some_and(|l| {
                    let from = l.partition_point(|x| x < n.covers.start());
                    l.get(from).is_some_and(|x| x <= n.covers.end())
                })
            })
        })
        .map(|n| n.finding)
        .filter(|f| !policy.ignore.contains(&f.diagnostic.code))
        .collect();
    let mut out = apply_lists(sups, findings, policy.ignore, Unused::None);
    out.extend(failed);
    out
}

/// A note about a suppression comment itself (`R-SUP-2`, `R-SUP-3`), with the codes it
/// failed to silence and the lines it would have covered.
struct Note {
    finding: Finding,
    codes: Vec<String>,
    covers: std::ops::RangeInclusive<u32>,
}

/// The suppressions of each source that the policy lets silence something, whether each
/// covers a value that may differ from run to run, and the notes about those it does not.
fn policy_lists(sources: &[&str], policy: Policy) -> (Vec<Vec<Suppression>>, Vec<Vec<bool>>, Vec<Note>) {
    let mut notes = Vec::new();
    let mut sups = Vec::with_capacity(sources.len());
    let mut opens = Vec::with_capacity(sources.len());
    for (source, src) in sources.iter().enumerate() {
        let mut kept = Vec::new();
        let mut open = Vec::new();
        let (found, file_holds_reference) = scan(src);
        for (mut s, comment, holds_reference) in found {
            let at = Some(crate::diag::Pos { line: s.line, column: 1 });
            // Read from the comment itself: its line may hold the marker before it, in a string.
            let (file_level, codes, reason) = comment_parts(comment);
            if file_level {
                s.codes = codes;
                s.covers = 1..=u32::MAX;
            }
            if !reason {
                let named = if s.codes.is_empty() {
                    "no rule code and no reason".to_string()
                } else {
                    format!("no reason after {}", s.codes.join(", "))
                };
                notes.push(Note {
                    finding: Finding {
                        source,
                        resource: String::new(),
                        diagnostic: Diagnostic::new("R-SUP-2", "", format!("This suppression gives {named}, so it silences nothing: write why after the codes (`# {MARKER} R-XXX-1 why it is fine here`).")).at(at),
                    },
                    codes: s.codes,
                    covers: s.covers,
                });
                continue;
            }
            let (forbidden, allowed): (Vec<String>, Vec<String>) = s.codes.into_iter().partition(|c| policy.forbidden.contains(c));
            if !forbidden.is_empty() {
                notes.push(Note {
                    finding: Finding {
                        source,
                        resource: String::new(),
                        diagnostic: Diagnostic::new("R-SUP-3", "", format!("The configuration forbids suppressing {}: this comment does not silence it. Fix the finding, or ask the owners of the configuration.", forbidden.join(", "))).at(at),
                    },
                    codes: forbidden,
                    covers: s.covers.clone(),
                });
                if allowed.is_empty() {
                    continue;
                }
            }
            s.codes = allowed;
            open.push(if file_level { file_holds_reference } else { holds_reference });
            kept.push(s);
        }
        sups.push(kept);
        opens.push(open);
    }
    (sups, opens, notes)
}

/// A suppression comment read for [`apply_policy`]: whether it is the file-level form, its
/// codes, and whether a reason follows them.
fn comment_parts(comment: &str) -> (bool, Vec<String>, bool) {
    let Some(at) = comment.find(MARKER) else { return (false, Vec::new(), false) };
    let rest = comment.get(at + MARKER.len()..).unwrap_or("");
    let (file_level, rest) = match rest.strip_prefix("-file") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (codes, reason) = code_list(rest);
    (file_level, codes, reason)
}

/// The codes at the start of a suppression comment's text after its marker, and whether a
/// reason follows them. Codes are separated by commas, with or without a space after
/// them (`R-A-1,R-B-1` and `R-A-1, R-B-1` name both); the first word after a word that does
/// not end in a comma starts the reason.
fn code_list(rest: &str) -> (Vec<String>, bool) {
    let mut words = rest.split_whitespace().peekable();
    let mut codes = Vec::new();
    for w in words.by_ref() {
        codes.extend(w.split(',').filter(|c| !c.is_empty()).map(str::to_string));
        if !w.ends_with(',') {
            break;
        }
    }
    (codes, words.peek().is_some())
}

/// What [`apply_lists`] reports of the suppressions that silence nothing (`R-SUP-1`).
enum Unused<'a> {
    /// Every one.
    All,
    /// Those not marked `true` here (per source, per suppression).
    Except(&'a [Vec<bool>]),
    /// None.
    None,
}

/// [`apply`] on suppression lists already read.
fn apply_lists(sups: Vec<Vec<Suppression>>, findings: Vec<Finding>, ignore: &[String], unused: Unused) -> Vec<Finding> {
    let mut used: Vec<Vec<bool>> = sups.iter().map(|s| vec![false; s.len()]).collect();
    let hits = first_covering(&sups, &findings, ignore);
    let mut out = Vec::with_capacity(findings.len());
    for (f, hit) in findings.into_iter().zip(hits) {
        if ignore.contains(&f.diagnostic.code) {
            continue;
        }
        match hit.and_then(|k| used.get_mut(f.source).and_then(|u| u.get_mut(k))) {
            Some(slot) => *slot = true,
            None => out.push(f),
        }
    }
    for (source, list) in sups.iter().enumerate() {
        for (k, s) in list.iter().enumerate() {
            let quiet = match unused {
                Unused::All => false,
                Unused::Except(marks) => marks.get(source).and_then(|m| m.get(k)).copied().unwrap_or(false),
                Unused::None => true,
            };
            if !used[source][k] && !quiet {
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

/// For each finding (not ignored), the index in its source's list of the first
/// suppression that names its code and covers its line. Per source and code, the
/// suppressions' ranges and the findings' lines are swept in line order: ranges that have
/// started are kept by index, and one that has ended is dropped when it comes first.
fn first_covering(sups: &[Vec<Suppression>], findings: &[Finding], ignore: &[String]) -> Vec<Option<usize>> {
    use std::collections::{BTreeMap, BTreeSet};
    // (source, code) → the suppressions naming it as (start, end, index), and the
    // findings as (line, finding index).
    type Group = (Vec<(u32, u32, usize)>, Vec<(u32, usize)>);
    let mut groups: BTreeMap<(usize, &str), Group> = BTreeMap::new();
    for (n, f) in findings.iter().enumerate() {
        if ignore.contains(&f.diagnostic.code) || sups.get(f.source).is_none_or(Vec::is_empty) {
            continue;
        }
        let line = f.diagnostic.pos.map_or(0, |p| p.line);
        groups.entry((f.source, f.diagnostic.code.as_str())).or_default().1.push((line, n));
    }
    for ((source, code), (ranges, _)) in groups.iter_mut() {
        for (k, s) in sups.get(*source).map_or(&[][..], Vec::as_slice).iter().enumerate() {
            if s.codes.iter().any(|c| c == code) {
                ranges.push((*s.covers.start(), *s.covers.end(), k));
            }
        }
    }
    let mut hits = vec![None; findings.len()];
    for (mut ranges, mut lines) in groups.into_values() {
        ranges.sort_unstable();
        lines.sort_unstable();
        let mut open: BTreeSet<(usize, u32)> = BTreeSet::new();
        let mut next = 0;
        for (line, n) in lines {
            while let Some(&(start, end, k)) = ranges.get(next).filter(|r| r.0 <= line) {
                if start <= end {
                    open.insert((k, end));
                }
                next += 1;
            }
            while let Some(&(k, end)) = open.first() {
                if end >= line {
                    hits[n] = Some(k);
                    break;
                }
                open.remove(&(k, end));
            }
        }
    }
    hits
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

    /// The first implementation (quadratic and worse: every line number counted from the
    /// start of the file), kept as the reference the linear one must equal.
    mod reference {
        use super::super::{Diagnostic, Finding, MARKER, Suppression};
        use crate::hcl::lex::{Tok, lex};

        pub fn suppressions(src: &str) -> Vec<Suppression> {
            let lines: Vec<&str> = src.lines().collect();
            let tokens = lex(src);
            let line_of = |offset: usize| src.get(..offset).map_or(0, |s| s.matches('\n').count()) as u32 + 1;
            let mut out = Vec::new();
            for t in tokens.iter().filter(|t| t.kind == Tok::Comment) {
                let text = src.get(t.start..t.end).unwrap_or("");
                let body = text.trim_start_matches('#').trim_start_matches("//").trim();
                let Some(rest) = body.strip_prefix(MARKER) else { continue };
                let codes = super::super::code_list(rest).0;
                let line = line_of(t.start);
                let Some(target) = (line as usize..lines.len()).find(|&k| {
                    let l = lines[k].trim();
                    !l.is_empty() && !l.starts_with('#') && !l.starts_with("//")
                }) else {
                    out.push(Suppression { codes, line, covers: line..=line });
                    continue;
                };
                let target_line = target as u32 + 1;
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
                        let ends_line = tk.kind == Tok::Newline
                            || (tk.kind == Tok::Comment && src.get(tk.start..tk.end).is_some_and(|c| c.ends_with('\n')));
                        if depth <= 0 && ends_line {
                            break;
                        }
                    }
                }
                out.push(Suppression { codes, line, covers: target_line..=end_line });
            }
            out
        }

        pub fn apply(sources: &[&str], findings: Vec<Finding>, ignore: &[String]) -> Vec<Finding> {
            let sups: Vec<Vec<Suppression>> = sources.iter().map(|s| suppressions(s)).collect();
            let mut used: Vec<Vec<bool>> = sups.iter().map(|s| vec![false; s.len()]).collect();
            let mut out = Vec::with_capacity(findings.len());
            for f in findings {
                if ignore.contains(&f.diagnostic.code) {
                    continue;
                }
                let line = f.diagnostic.pos.map_or(0, |p| p.line);
                let hit = sups
                    .get(f.source)
                    .and_then(|list| list.iter().position(|s| s.codes.contains(&f.diagnostic.code) && s.covers.contains(&line)));
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
                            diagnostic: Diagnostic::new(
                                "R-SUP-1",
                                "",
                                format!("This suppression {what}; remove it, or fix the codes it names."),
                            )
                            .at(Some(crate::diag::Pos { line: s.line, column: 1 })),
                        });
                    }
                }
            }
            out
        }
    }

    /// A source of random lines rich in what decides a suppression's extent: brackets
    /// over several lines, strings with braces, heredocs, block comments, blank and comment
    /// lines, CRLF endings, unclosed brackets.
    fn random_source(seed: &mut u64, lines: usize) -> String {
        const LINES: &[&str] = &[
            "# apigw-integration:ignore R-A reason",
            "  # apigw-integration:ignore R-B,R-C",
            "// apigw-integration:ignore R-A,R-B why",
            "# apigw-integration:ignore",
            "#apigw-integration:ignore R-C",
            "",
            "   ",
            "# another comment",
            "// another",
            "resource \"aws_apigatewayv2_integration\" \"x\" {",
            "}",
            "  a = 1",
            "  b = [",
            "    1,",
            "  ]",
            "  m = {",
            "    k = { v = 1 }",
            "  }",
            "  h = <<EOT",
            "text { [ (",
            "EOT",
            "  s = \"x{ [\"",
            "  t = \"${a} %{if b}c%{endif}\"",
            "  /* block",
            "  comment */ z = 1",
            "  c = (1 +",
            "  2)",
            "  f = g(\"a\",",
            "  \"b\") # trailing",
            "  n {",
            "  }",
            "  q = \"unclosed",
            "  r = 2 // comment",
        ];
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let mut src = String::new();
        for _ in 0..lines {
            src.push_str(LINES[(next() % LINES.len() as u64) as usize]);
            src.push_str(if next() % 5 == 0 { "\r\n" } else { "\n" });
        }
        if next() % 3 == 0 {
            src.pop();
        }
        src
    }

    /// The linear suppression scan gives exactly what the first implementation gave, on
    /// thousands of generated sources and findings.
    #[test]
    fn the_linear_scan_equals_the_reference() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for round in 0..3_000 {
            let sources = [random_source(&mut seed, 1 + round % 40), random_source(&mut seed, round % 7)];
            let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
            for src in &refs {
                assert_eq!(suppressions(src), reference::suppressions(src), "{src:?}");
            }
            let mut findings = Vec::new();
            for k in 0..(round % 30) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let code = ["R-A", "R-B", "R-C", "R-D"][(seed % 4) as usize];
                let line = ((seed >> 8) % 45) as u32;
                let pos = (k % 9 != 0).then_some(crate::diag::Pos { line, column: 1 });
                let source = ((seed >> 20) % 3) as usize;
                let mut diagnostic = Diagnostic::new("R-SUP-1", "", "a finding").at(pos);
                diagnostic.code = code.to_string();
                findings.push(Finding { source, resource: String::new(), diagnostic });
            }
            let ignore: Vec<String> = if round % 4 == 0 { vec!["R-B".into()] } else { Vec::new() };
            assert_eq!(apply(&refs, findings.clone(), &ignore), reference::apply(&refs, findings, &ignore), "{refs:?}");
        }
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
