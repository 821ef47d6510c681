//! `terraform fmt`, re-implemented: hclwrite's `format` (indentation by bracket
//! nesting, spacing between tokens, and alignment of `=` and trailing comments) over the
//! tokens of [`super::lex`]. It changes only the blanks between tokens, never a token, so
//! the formatted text means exactly what the input meant. Checked against HashiCorp's own
//! hclwrite (the oracle in `tests/oracle/`) on the documented examples and on generated
//! text.

use super::lex::{Tok, Token, is_clean, lex};

/// Why text could not be formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    /// Byte offset of the first problem.
    pub offset: usize,
}

/// One line's tokens split into hclwrite's three cells: `lead`, `assign` (from the `=` of
/// a one-line attribute) and a trailing `comment`. Indices into the token list.
struct Line {
    lead: std::ops::Range<usize>,
    assign: Option<std::ops::Range<usize>>,
    comment: Option<usize>,
}

/// Formats HCL text as `terraform fmt` does. Fails (without panicking) when the text has
/// a lexical error or an unclosed string, heredoc, bracket or template sequence.
pub fn format(src: &str) -> Result<String, LexError> {
    let tokens = lex(src);
    if !is_clean(&tokens, src) {
        let offset = tokens.iter().find(|t| matches!(t.kind, Tok::Invalid | Tok::QuotedNewline)).map_or(src.len(), |t| t.start);
        return Err(LexError { offset });
    }
    Ok(format_tokens(src, &tokens))
}

/// Formats an already-lexed, clean token stream.
pub fn format_tokens(src: &str, tokens: &[Token]) -> String {
    let mut spaces = vec![0usize; tokens.len()];
    let lines = lines(src, tokens);
    indent(tokens, &lines, &mut spaces);
    space(src, tokens, &lines, &mut spaces);
    cells(src, tokens, &lines, &mut spaces);
    let mut out = String::with_capacity(src.len() + src.len() / 8);
    for (t, n) in tokens.iter().zip(&spaces) {
        out.extend(std::iter::repeat_n(' ', *n));
        out.push_str(t.text(src));
    }
    out
}

fn lines(src: &str, tokens: &[Token]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.ends_line(src) {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out.into_iter()
        .map(|mut lead| {
            let mut comment = None;
            if lead.len() > 1 && tokens[lead.end - 1].kind == Tok::Comment {
                comment = Some(lead.end - 1);
                lead.end -= 1;
            }
            let mut assign = None;
            if let Some(eq) = (lead.start + 1..lead.end).find(|&i| tokens[i].kind == Tok::Equal) {
                let net: i32 = tokens[eq..lead.end].iter().map(|t| t.kind.bracket_change()).sum();
                if net == 0 {
                    assign = Some(eq..lead.end);
                    lead.end = eq;
                }
            }
            Line { lead, assign, comment }
        })
        .collect()
}

fn indent(tokens: &[Token], lines: &[Line], spaces: &mut [usize]) {
    let mut stack: Vec<i32> = Vec::new();
    for line in lines {
        if line.lead.is_empty() {
            continue;
        }
        let first = line.lead.start;
        if tokens[first].kind == Tok::Newline {
            spaces[first] = 0;
            continue;
        }
        let mut net = 0;
        for t in &tokens[line.lead.clone()] {
            net += t.kind.bracket_change();
            if t.kind == Tok::OHeredoc {
                break;
            }
        }
        if let Some(a) = &line.assign {
            net += tokens[a.clone()].iter().map(|t| t.kind.bracket_change()).sum::<i32>();
        }
        if net > 0 {
            spaces[first] = 2 * stack.len();
            stack.push(net);
        } else {
            let mut closed = -net;
            while closed > 0 {
                let Some(top) = stack.last_mut() else { break };
                if closed > *top {
                    closed -= *top;
                    stack.pop();
                } else if closed < *top {
                    *top -= closed;
                    closed = 0;
                } else {
                    stack.pop();
                    closed = 0;
                }
            }
            spaces[first] = 2 * stack.len();
        }
    }
}

fn space(src: &str, tokens: &[Token], lines: &[Line], spaces: &mut [usize]) {
    for line in lines {
        for cell in [Some(line.lead.clone()), line.assign.clone()].into_iter().flatten() {
            if line.assign.as_ref().is_some_and(|a| a.start == cell.start) {
                spaces[cell.start] = 1;
            }
            for i in cell.start..cell.end.saturating_sub(1) {
                let before = if i > cell.start { Some(&tokens[i - 1]) } else { None };
                spaces[i + 1] = usize::from(space_after(src, &tokens[i], before, &tokens[i + 1]));
            }
        }
    }
}

/// hclwrite's `spaceAfterToken`.
fn space_after(src: &str, subject: &Token, before: Option<&Token>, after: &Token) -> bool {
    use Tok::*;
    let (s, a) = (subject.kind, after.kind);
    let before = before.map(|t| t.kind);
    if a == Newline {
        return false;
    }
    if s == Ident && a == OParen {
        return false;
    }
    if s == Dot || a == Dot {
        return false;
    }
    if a == Comma || a == Ellipsis {
        return false;
    }
    if s == Comma {
        return true;
    }
    if matches!(s, QuotedLit | StringLit | OQuote | OHeredoc) || matches!(a, QuotedLit | StringLit | CQuote | CHeredoc) {
        return false;
    }
    if s == Ident && subject.text(src) == "in" && before == Some(Ident) {
        return true;
    }
    if a == OBrack && (s == Ident || s == NumberLit || s.bracket_change() < 0) {
        return false;
    }
    if s == Bang {
        return false;
    }
    if s == Minus {
        return !matches!(
            before,
            None | Some(
                OParen
                    | OBrace
                    | OBrack
                    | Equal
                    | Colon
                    | Comma
                    | Question
                    | Plus
                    | Star
                    | Slash
                    | Percent
                    | Minus
                    | EqualOp
                    | NotEqual
                    | Gt
                    | Ge
                    | Lt
                    | Le
                    | And
                    | Or
                    | Bang
            )
        );
    }
    if s == OBrace || a == CBrace {
        return !(s == OBrace && a == CBrace);
    }
    if matches!(s, TemplateInterp | TemplateControl) && a == OBrace {
        return true;
    }
    if s == CBrace && a == TemplateSeqEnd {
        return true;
    }
    if s == TemplateSeqEnd && matches!(a, TemplateInterp | TemplateControl) {
        return false;
    }
    if s.bracket_change() > 0 {
        return false;
    }
    if a.bracket_change() < 0 {
        return false;
    }
    true
}

/// Width of a run of tokens as hclwrite counts it: spaces plus grapheme clusters.
fn columns(src: &str, tokens: &[Token], spaces: &[usize], range: std::ops::Range<usize>) -> usize {
    range.map(|i| spaces[i] + width(tokens[i].text(src))).sum()
}

/// The number of grapheme clusters in `text`. ASCII text without CR (nearly every token)
/// is one cluster per byte (CR LF would be one): counted without the segmenter,
/// which was the largest single cost of formatting 50 `request_parameters` on a keystroke.
fn width(text: &str) -> usize {
    if text.bytes().all(|b| b.is_ascii() && b != b'\r') { text.len() } else { graphemes(text) }
}

/// Extended grapheme clusters (UAX #29), natively by the `unicode-segmentation` crate.
#[cfg(not(target_arch = "wasm32"))]
fn graphemes(text: &str) -> usize {
    unicode_segmentation::UnicodeSegmentation::graphemes(text, true).count()
}

/// Extended grapheme clusters (UAX #29), in the web build by the counter the JS layer
/// installs ([`set_grapheme_counter`]: the browser's `Intl.Segmenter`, the same rules
/// without 6.0 KB of tables in the bundle). Without one (a browser without
/// `Intl.Segmenter`), code points: exact for every text without combining sequences.
#[cfg(target_arch = "wasm32")]
fn graphemes(text: &str) -> usize {
    GRAPHEMES.get().map_or_else(|| text.chars().count(), |count| count(text))
}

#[cfg(target_arch = "wasm32")]
static GRAPHEMES: std::sync::OnceLock<fn(&str) -> usize> = std::sync::OnceLock::new();

/// Installs the web build's grapheme counter (once; later calls change nothing). The core
/// stays free of browser bindings: the JS layer passes the function in.
#[cfg(target_arch = "wasm32")]
pub fn set_grapheme_counter(count: fn(&str) -> usize) {
    let _ = GRAPHEMES.set(count);
}

fn cells(src: &str, tokens: &[Token], lines: &[Line], spaces: &mut [usize]) {
    // Assignments: each maximal run of lines with an `assign` cell is one chain.
    let mut k = 0;
    while k < lines.len() {
        if lines[k].assign.is_none() {
            k += 1;
            continue;
        }
        let start = k;
        while k < lines.len() && lines[k].assign.is_some() {
            k += 1;
        }
        let width = lines[start..k].iter().map(|l| columns(src, tokens, spaces, l.lead.clone())).max().unwrap_or(0);
        for l in &lines[start..k] {
            let w = columns(src, tokens, spaces, l.lead.clone());
            if let Some(a) = &l.assign {
                spaces[a.start] = width - w + 1;
            }
        }
    }
    // Trailing comments, the same way, after the lead and assign cells.
    let mut k = 0;
    while k < lines.len() {
        if lines[k].comment.is_none() {
            k += 1;
            continue;
        }
        let start = k;
        while k < lines.len() && lines[k].comment.is_some() {
            k += 1;
        }
        let width_of = |l: &Line, spaces: &[usize]| {
            columns(src, tokens, spaces, l.lead.clone()) + l.assign.clone().map_or(0, |a| columns(src, tokens, spaces, a))
        };
        let width = lines[start..k].iter().map(|l| width_of(l, spaces)).max().unwrap_or(0);
        for l in &lines[start..k] {
            let w = width_of(l, spaces);
            if let Some(c) = l.comment {
                spaces[c] = width - w + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{format, width};
    use unicode_segmentation::UnicodeSegmentation;

    #[track_caller]
    fn check(input: &str, want: &str) {
        assert_eq!(format(input).as_deref(), Ok(want));
        assert_eq!(format(want).as_deref(), Ok(want), "a fixed point");
    }

    #[test]
    fn width_counts_grapheme_clusters() {
        // The same samples check the web build's counter (tests/web.rs).
        let samples: Vec<String> = serde_json::from_str(include_str!("../../tests/fixtures/graphemes.json")).expect("a JSON list");
        for text in &samples {
            assert_eq!(width(text), text.graphemes(true).count(), "{text:?}");
        }
        assert_eq!(width("a\r\nb"), 3);
        assert_eq!(width("e\u{301}"), 1);
    }

    /// hclwrite's output (tests/oracle): a key's width is its grapheme clusters.
    #[test]
    fn non_ascii_keys_align_by_grapheme_clusters() {
        check("x = {\n  \"e\u{301}\" = 1\n  \"ab\" = 2\n  \"🇩🇪\" = 3\n}\n", "x = {\n  \"e\u{301}\"  = 1\n  \"ab\" = 2\n  \"🇩🇪\"  = 3\n}\n");
    }

    #[test]
    fn formats_like_terraform_fmt() {
        check("a = 1\nbbb = 2\n", "a   = 1\nbbb = 2\n");
        check("a = 1\n\nbbb = 2\n", "a = 1\n\nbbb = 2\n");
        check(
            "r \"t\" \"n\" {\nm = {\n\"k\" = 1\n\"kkk\" = 2\n}\n}\n",
            "r \"t\" \"n\" {\n  m = {\n    \"k\"   = 1\n    \"kkk\" = 2\n  }\n}\n",
        );
        check("x = { a = 1 }\nyy = 2\n", "x  = { a = 1 }\nyy = 2\n");
        check("s = \"${ x }\"\nlong = \"a=b\"\n", "s    = \"${x}\"\nlong = \"a=b\"\n");
        check("\"ü\" = 1\nab = 2\n", "\"ü\" = 1\nab  = 2\n");
        check("h = <<EOT\nx = 1\nEOT\nlonger = 2\n", "h      = <<EOT\nx = 1\nEOT\nlonger = 2\n");
        check("d = [a,\n        b]\n", "d = [a,\nb]\n");
        check("b {\n  d = [\n      a,\n  b,\n  ]\n}\n", "b {\n  d = [\n    a,\n    b,\n  ]\n}\n");
        check("a = -1 + - 2\nb = !c\nf = x[0] . y\n", "a = -1 + -2\nb = !c\nf = x[0].y\n");
        check("a = 1 # one\nbb = 22 # two\n", "a  = 1  # one\nbb = 22 # two\n");
        check("l { }\nv = [for x in [1]: x]\n", "l {}\nv = [for x in [1] : x]\n");
        check("a = 1   \n  \n", "a = 1\n\n");
    }

    #[test]
    fn refuses_broken_text() {
        assert!(format("a = \"open").is_err());
        assert!(format("a = (1").is_err());
        assert!(format("a = @").is_err());
    }
}
