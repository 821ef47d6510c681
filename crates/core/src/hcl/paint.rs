//! The colours of printed HCL, from the project's own lexer ([`super::lex`]): what the page's
//! output highlights is exactly what Terraform's parser reads as a string, a number, a
//! comment, an argument's name or a block's type.

use super::lex::{Tok, Token, lex};

/// What a piece of HCL is, for its colour. `Plain` is everything else: references,
/// operators, brackets, blanks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    Plain,
    /// A block's type (`resource`, `import`, `lifecycle`), first on its line.
    Block,
    /// An argument's name, first on its line before `=`.
    Name,
    /// A quoted string or a heredoc, with its quotes and markers.
    Text,
    /// A number, `true`, `false` or `null`.
    Literal,
    /// `${`, `%{` and the `}` that closes them.
    Template,
    /// A comment.
    Comment,
}

impl Paint {
    /// The CSS class of the web page's output (`""` for plain text).
    pub fn class(self) -> &'static str {
        match self {
            Paint::Plain => "",
            Paint::Block => "hk",
            Paint::Name => "ha",
            Paint::Text => "hs",
            Paint::Literal => "hn",
            Paint::Template => "hi",
            Paint::Comment => "hc",
        }
    }
}

fn paint_of(toks: &[Token], n: usize, src: &str, first_on_line: bool) -> Paint {
    let Some(t) = toks.get(n) else { return Paint::Plain };
    match t.kind {
        Tok::Comment => Paint::Comment,
        Tok::OQuote | Tok::CQuote | Tok::QuotedLit | Tok::OHeredoc | Tok::CHeredoc | Tok::StringLit => Paint::Text,
        Tok::NumberLit => Paint::Literal,
        Tok::TemplateInterp | Tok::TemplateControl | Tok::TemplateSeqEnd => Paint::Template,
        Tok::Ident if first_on_line => match toks.get(n + 1).map(|t| t.kind) {
            Some(Tok::Equal) => Paint::Name,
            Some(Tok::OQuote | Tok::OBrace | Tok::Ident) => Paint::Block,
            _ => Paint::Plain,
        },
        Tok::Ident if matches!(t.text(src), "true" | "false" | "null") => Paint::Literal,
        _ => Paint::Plain,
    }
}

/// The lines of `src` (split after each `\n`, as [`crate::lines::relabel`] splits them),
/// each as its pieces and their paint. The pieces of a line are its text, in order, and
/// nothing else; pieces of the same paint are joined.
pub fn paint(src: &str) -> Vec<Vec<(Paint, &str)>> {
    let toks = lex(src);
    // Every byte in one span: the tokens and the blanks between them.
    let mut spans: Vec<(usize, usize, Paint)> = Vec::with_capacity(toks.len() * 2);
    let mut at = 0;
    let mut first_on_line = true;
    for (n, t) in toks.iter().enumerate() {
        if t.start < at || t.end < t.start || t.end > src.len() {
            continue;
        }
        if t.start > at {
            spans.push((at, t.start, Paint::Plain));
        }
        spans.push((t.start, t.end, paint_of(&toks, n, src, first_on_line)));
        first_on_line = t.ends_line(src);
        at = t.end;
    }
    if at < src.len() {
        spans.push((at, src.len(), Paint::Plain));
    }
    let text = |(p, from, to): (Paint, usize, usize)| (p, src.get(from..to).unwrap_or_default());
    let mut lines: Vec<Vec<(Paint, &str)>> = Vec::new();
    let mut line: Vec<(Paint, usize, usize)> = Vec::new();
    for (mut start, end, p) in spans {
        // A token may hold newlines (a heredoc's line, a comment): it is cut after each.
        while start < end {
            let cut = src.get(start..end).and_then(|s| s.find('\n')).map_or(end, |i| start + i + 1);
            match line.last_mut() {
                Some((last, _, to)) if *last == p && *to == start => *to = cut,
                _ => line.push((p, start, cut)),
            }
            if src.as_bytes().get(cut.wrapping_sub(1)) == Some(&b'\n') {
                lines.push(std::mem::take(&mut line).into_iter().map(text).collect());
            }
            start = cut;
        }
    }
    if !line.is_empty() {
        lines.push(line.into_iter().map(text).collect());
    }
    lines
}

/// The key of a drawn line: its identity ([`crate::lines::Line::id`]), then each piece's
/// class and length, each after a separator, so that two different lines never share one
/// (without separators, line 1 with a piece of 12 and line 11 with a piece of 2 did).
pub fn line_key(id: u32, pieces: &[(&'static str, String)]) -> String {
    let mut key = id.to_string();
    for (class, text) in pieces {
        key.push(':');
        key.push_str(class);
        key.push(':');
        key.push_str(&text.len().to_string());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn painted(src: &str) -> Vec<Vec<(&'static str, String)>> {
        paint(src).into_iter().map(|l| l.into_iter().map(|(p, t)| (p.class(), t.to_string())).collect()).collect()
    }

    #[test]
    fn each_piece_is_painted_as_terraform_reads_it() {
        let src = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = aws_apigatewayv2_api.a.id # the API\n  timeout_milliseconds = 29000\n  description = \"${var.x}-y\"\n  enabled = true\n}\n";
        let lines = painted(src);
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0][0], ("hk", "resource".into()));
        assert_eq!(lines[0][2], ("hs", "\"aws_apigatewayv2_integration\"".into()));
        assert_eq!(lines[1][1], ("ha", "api_id".into()));
        assert!(lines[1].contains(&("", " = aws_apigatewayv2_api.a.id ".into())), "{:?}", lines[1]);
        assert_eq!(lines[1].last(), Some(&("hc", "# the API\n".into())));
        assert!(lines[2].contains(&("hn", "29000".into())));
        assert!(lines[3].contains(&("hi", "${".into())) && lines[3].contains(&("hs", "-y\"".into())), "{:?}", lines[3]);
        assert!(lines[4].contains(&("hn", "true".into())));
        // `var.x` inside the template is a reference, not text.
        assert!(lines[3].contains(&("", "var.x".into())), "{:?}", lines[3]);
    }

    #[test]
    fn two_different_lines_never_share_a_key() {
        let pieces = |p: &[(&'static str, usize)]| p.iter().map(|&(c, n)| (c, "x".repeat(n))).collect::<Vec<_>>();
        assert_ne!(line_key(1, &pieces(&[("", 12)])), line_key(11, &pieces(&[("", 2)])));
        assert_ne!(line_key(1, &pieces(&[("hs", 12)])), line_key(1, &pieces(&[("hs", 1), ("", 2)])));
        assert_eq!(line_key(7, &pieces(&[("ha", 6), ("", 3)])), "7:ha:6::3");
    }

    #[test]
    fn a_heredoc_is_text_on_every_line_and_the_name_after_it_is_a_name() {
        let src = "a = <<EOT\nx = 1\nEOT\nb = 2\n";
        let lines = painted(src);
        assert_eq!(lines[1], vec![("hs", "x = 1\n".to_string())]);
        assert_eq!(lines[3][0], ("ha", "b".into()));
    }

    #[test]
    fn the_pieces_are_the_text_whatever_it_is() {
        let inputs = ["", "\n\n", "a = \"unterminated\n", "}}}{{{ \u{7} é 🙂 ${ %{ /* x", "a = <<-EOT\n  x\n  EOT", "x = \"a\\\"b\" // c"];
        let fixtures = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs")).expect("fixtures");
        let mut all: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
        for f in fixtures.flatten() {
            all.push(std::fs::read_to_string(f.path()).unwrap_or_default());
        }
        for src in &all {
            let lines = paint(src);
            let joined: String = lines.iter().flatten().map(|(_, t)| *t).collect();
            assert_eq!(&joined, src);
            let split: Vec<&str> = src.split_inclusive('\n').collect();
            assert_eq!(lines.len(), split.len(), "{src:?}");
            for (l, s) in lines.iter().zip(split) {
                assert_eq!(l.iter().map(|(_, t)| *t).collect::<String>(), s);
            }
        }
    }
}
