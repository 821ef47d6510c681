//! An HCL native-syntax lexer with the token boundaries of HashiCorp's `hclsyntax`
//! scanner (its Ragel grammar, re-implemented): what `terraform fmt` (hclwrite) formats
//! and what the emitter's structural self-check walks. It never fails and never panics:
//! text it cannot read becomes [`Tok::Invalid`] tokens, which callers treat as errors.

/// A token type (the `hclsyntax.TokenType`s that matter for formatting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    OQuote,
    CQuote,
    /// `<<EOT` or `<<-EOT` and its newline.
    OHeredoc,
    /// The closing marker line of a heredoc, with its indentation, without the newline.
    CHeredoc,
    Star,
    Slash,
    Plus,
    Minus,
    Percent,
    Equal,
    EqualOp,
    NotEqual,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Bang,
    Dot,
    Comma,
    DoubleColon,
    Ellipsis,
    FatArrow,
    Question,
    Colon,
    /// `${` or `${~`.
    TemplateInterp,
    /// `%{` or `%{~`.
    TemplateControl,
    /// The `}` or `~}` that ends a template sequence.
    TemplateSeqEnd,
    /// Literal text inside a quoted string.
    QuotedLit,
    /// Literal text inside a heredoc (a line, with its newline, or the part before a sequence).
    StringLit,
    NumberLit,
    Ident,
    /// `# …` and `// …` (with their newline) or `/* … */`.
    Comment,
    Newline,
    /// A newline inside a quoted string: a syntax error.
    QuotedNewline,
    /// A character that starts no token (also `&`, `|`, `^`, `;`, `` ` ``, `'`, `~`, which
    /// hclsyntax lexes but no HCL construct accepts).
    Invalid,
    /// The end of the input: never produced by [`lex`]; the parser's sentinel.
    Eof,
}

impl Tok {
    /// +1 for an opening bracket or template sequence, -1 for a closing one
    /// (hclwrite's `tokenBracketChange`).
    pub fn bracket_change(self) -> i32 {
        match self {
            Tok::OBrace | Tok::OBrack | Tok::OParen | Tok::TemplateControl | Tok::TemplateInterp => 1,
            Tok::CBrace | Tok::CBrack | Tok::CParen | Tok::TemplateSeqEnd => -1,
            _ => 0,
        }
    }
}

/// One token: its type and byte range in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the token ends a line (a newline, or a `#`/`//` comment, which includes its newline).
    pub fn ends_line(&self, src: &str) -> bool {
        self.kind == Tok::Newline || (self.kind == Tok::Comment && self.text(src).ends_with('\n'))
    }
}

enum Mode {
    Main,
    Quoted,
    Heredoc { marker: String, start_of_line: bool },
}

/// `(ID_Start | '_')`.
fn ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// `(ID_Continue | '-')`.
fn ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Splits `src` into tokens. Spaces and tabs between tokens are skipped; everything else
/// belongs to exactly one token, so the tokens (plus the skipped blanks) cover the input.
pub fn lex(src: &str) -> Vec<Token> {
    let mut lx = Lexer { src, b: src.as_bytes(), p: 0, out: Vec::new(), modes: vec![Mode::Main], braces: 0, ret_braces: Vec::new() };
    lx.run();
    lx.out
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    p: usize,
    out: Vec<Token>,
    modes: Vec<Mode>,
    braces: i64,
    ret_braces: Vec<i64>,
}

impl Lexer<'_> {
    fn emit(&mut self, kind: Tok, start: usize, end: usize) {
        self.out.push(Token { kind, start, end });
        self.p = end;
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.src.get(i..).and_then(|s| s.chars().next())
    }

    fn run(&mut self) {
        // A byte order mark at the start is not part of the text (hclsyntax skips it too).
        if self.src.starts_with('\u{feff}') {
            self.p = 3;
        }
        while self.p < self.b.len() {
            match self.modes.last() {
                Some(Mode::Main) | None => self.main(),
                Some(Mode::Quoted) => self.quoted(),
                Some(Mode::Heredoc { .. }) => self.heredoc(),
            }
        }
    }

    /// `${`/`%{` (with an optional `~`) at `p`: opens a template sequence.
    fn sequence_start(&mut self, kind: Tok) {
        let len = if self.at(self.p + 2) == b'~' { 3 } else { 2 };
        self.braces += 1;
        self.ret_braces.push(self.braces);
        if let Some(Mode::Heredoc { start_of_line, .. }) = self.modes.last_mut() {
            *start_of_line = false;
        }
        self.emit(kind, self.p, self.p + len);
        self.modes.push(Mode::Main);
    }

    fn close_brace(&mut self, len: usize) {
        let p = self.p;
        if self.ret_braces.last() == Some(&self.braces) {
            self.ret_braces.pop();
            self.braces -= 1;
            self.emit(Tok::TemplateSeqEnd, p, p + len);
            self.modes.pop();
        } else {
            self.braces -= 1;
            self.emit(if len == 2 { Tok::TemplateSeqEnd } else { Tok::CBrace }, p, p + len);
        }
    }

    fn main(&mut self) {
        let p = self.p;
        let c = self.at(p);
        let next = self.at(p + 1);
        match c {
            b' ' | b'\t' => self.p += 1,
            b'\n' => self.emit(Tok::Newline, p, p + 1),
            b'\r' if next == b'\n' => self.emit(Tok::Newline, p, p + 2),
            b'0'..=b'9' => {
                let mut j = p + 1;
                loop {
                    let d = self.at(j);
                    if d.is_ascii_digit() || d == b'.' {
                        j += 1;
                    } else if matches!(d, b'e' | b'E') {
                        let sign = usize::from(matches!(self.at(j + 1), b'+' | b'-'));
                        if self.at(j + 1 + sign).is_ascii_digit() {
                            j += 2 + sign;
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                while j > p + 1 && self.at(j - 1) == b'.' {
                    j -= 1;
                }
                self.emit(Tok::NumberLit, p, j);
            }
            b'#' => self.line_comment(p),
            b'/' if next == b'/' => self.line_comment(p),
            b'/' if next == b'*' => match self.src.get(p + 2..).and_then(|s| s.find("*/")) {
                Some(end) => self.emit(Tok::Comment, p, p + 2 + end + 2),
                None => self.emit(Tok::Invalid, p, self.b.len()),
            },
            b'=' if next == b'=' => self.emit(Tok::EqualOp, p, p + 2),
            b'=' if next == b'>' => self.emit(Tok::FatArrow, p, p + 2),
            b'!' if next == b'=' => self.emit(Tok::NotEqual, p, p + 2),
            b'>' if next == b'=' => self.emit(Tok::Ge, p, p + 2),
            b'<' if next == b'=' => self.emit(Tok::Le, p, p + 2),
            b'<' if next == b'<' && self.heredoc_start(p) => {}
            b'&' if next == b'&' => self.emit(Tok::And, p, p + 2),
            b'|' if next == b'|' => self.emit(Tok::Or, p, p + 2),
            b':' if next == b':' => self.emit(Tok::DoubleColon, p, p + 2),
            b'.' if next == b'.' && self.at(p + 2) == b'.' => self.emit(Tok::Ellipsis, p, p + 3),
            b'~' if next == b'}' => self.close_brace(2),
            b'{' => {
                self.braces += 1;
                self.emit(Tok::OBrace, p, p + 1);
            }
            b'}' => self.close_brace(1),
            b'"' => {
                self.emit(Tok::OQuote, p, p + 1);
                self.modes.push(Mode::Quoted);
            }
            _ => {
                let single = match c {
                    b'[' => Some(Tok::OBrack),
                    b']' => Some(Tok::CBrack),
                    b'(' => Some(Tok::OParen),
                    b')' => Some(Tok::CParen),
                    b'.' => Some(Tok::Dot),
                    b',' => Some(Tok::Comma),
                    b'*' => Some(Tok::Star),
                    b'/' => Some(Tok::Slash),
                    b'%' => Some(Tok::Percent),
                    b'+' => Some(Tok::Plus),
                    b'-' => Some(Tok::Minus),
                    b'=' => Some(Tok::Equal),
                    b'<' => Some(Tok::Lt),
                    b'>' => Some(Tok::Gt),
                    b'!' => Some(Tok::Bang),
                    b'?' => Some(Tok::Question),
                    b':' => Some(Tok::Colon),
                    _ => None,
                };
                if let Some(kind) = single {
                    self.emit(kind, p, p + 1);
                    return;
                }
                let ch = self.char_at(p).unwrap_or('\u{fffd}');
                if ident_start(ch) {
                    let mut j = p + ch.len_utf8();
                    while let Some(d) = self.char_at(j).filter(|d| ident_continue(*d)) {
                        j += d.len_utf8();
                    }
                    self.emit(Tok::Ident, p, j);
                } else {
                    self.emit(Tok::Invalid, p, p + ch.len_utf8().max(1));
                }
            }
        }
    }

    fn line_comment(&mut self, p: usize) {
        let end = self.src.get(p..).and_then(|s| s.find('\n')).map_or(self.b.len(), |i| p + i + 1);
        self.emit(Tok::Comment, p, end);
    }

    /// `<<` `-`? Ident Newline: a heredoc opener. Returns false (and emits nothing) if
    /// the text at `p` is not one.
    fn heredoc_start(&mut self, p: usize) -> bool {
        let mut j = p + 2;
        if self.at(j) == b'-' {
            j += 1;
        }
        let name_start = j;
        match self.char_at(j) {
            Some(c) if ident_start(c) => j += c.len_utf8(),
            _ => return false,
        }
        while let Some(d) = self.char_at(j).filter(|d| ident_continue(*d)) {
            j += d.len_utf8();
        }
        let marker = self.src[name_start..j].to_string();
        let end = match (self.at(j), self.at(j + 1)) {
            (b'\n', _) => j + 1,
            (b'\r', b'\n') => j + 2,
            _ => return false,
        };
        self.emit(Tok::OHeredoc, p, end);
        self.modes.push(Mode::Heredoc { marker, start_of_line: true });
        true
    }

    fn quoted(&mut self) {
        let p = self.p;
        match (self.at(p), self.at(p + 1)) {
            (b'$', b'{') => return self.sequence_start(Tok::TemplateInterp),
            (b'%', b'{') => return self.sequence_start(Tok::TemplateControl),
            (b'"', _) => {
                self.emit(Tok::CQuote, p, p + 1);
                self.modes.pop();
                return;
            }
            (b'\n' | b'\r', _) => {
                let mut j = p;
                while matches!(self.at(j), b'\n' | b'\r') {
                    j += 1;
                }
                self.emit(Tok::QuotedNewline, p, j);
                return;
            }
            _ => {}
        }
        // A run of literal text: escapes, `$`/`%` not starting a sequence, `$${`, `%%{`.
        let mut j = p;
        while j < self.b.len() {
            match (self.at(j), self.at(j + 1)) {
                (b'"' | b'\n' | b'\r', _) => break,
                (b'$' | b'%', b'{') => break,
                (b'$', b'$') | (b'%', b'%') if self.at(j + 2) == b'{' => j += 3,
                (b'\\', n) if n != b'\n' && n != b'\r' && n != 0 => {
                    j += 1 + self.char_at(j + 1).map_or(1, char::len_utf8);
                }
                _ => j += self.char_at(j).map_or(1, char::len_utf8),
            }
        }
        self.emit(Tok::QuotedLit, p, j.max(p + 1).min(self.b.len()));
    }

    fn heredoc(&mut self) {
        let p = self.p;
        match (self.at(p), self.at(p + 1)) {
            (b'$', b'{') => return self.sequence_start(Tok::TemplateInterp),
            (b'%', b'{') => return self.sequence_start(Tok::TemplateControl),
            // A carriage return that does not end a line (`\r\n`) is not a character a
            // heredoc may hold: hclsyntax's heredoc literals are made of characters other
            // than `\r` and `\n`, plus line endings, so it reads "Invalid character" here.
            (b'\r', next) if next != b'\n' => {
                if let Some(Mode::Heredoc { start_of_line, .. }) = self.modes.last_mut() {
                    *start_of_line = false;
                }
                return self.emit(Tok::Invalid, p, p + 1);
            }
            _ => {}
        }
        let mut j = p;
        let mut ended_line = false;
        while j < self.b.len() {
            match (self.at(j), self.at(j + 1)) {
                (b'\n', _) => {
                    j += 1;
                    ended_line = true;
                    break;
                }
                (b'$' | b'%', b'{') => break,
                (b'\r', next) if next != b'\n' => break,
                (b'$', b'$') | (b'%', b'%') if self.at(j + 2) == b'{' => j += 3,
                _ => j += self.char_at(j).map_or(1, char::len_utf8),
            }
        }
        let Some(Mode::Heredoc { marker, start_of_line }) = self.modes.last_mut() else { return };
        if ended_line && *start_of_line && self.src[p..j].trim() == marker.as_str() {
            let nl = if self.src[..j].ends_with("\r\n") { j - 2 } else { j - 1 };
            self.modes.pop();
            self.emit(Tok::CHeredoc, p, nl);
            self.emit(Tok::Newline, nl, j);
            return;
        }
        *start_of_line = ended_line;
        if j == p {
            // Unreachable in practice (a sequence start is handled above); never loop.
            j = p + self.char_at(p).map_or(1, char::len_utf8);
        }
        self.emit(Tok::StringLit, p, j);
    }
}

/// Whether the token stream is free of lexical errors and every string, heredoc and
/// template sequence is closed.
pub fn is_clean(tokens: &[Token], src: &str) -> bool {
    let mut depth: i64 = 0;
    let mut quotes: i64 = 0;
    let mut heredocs: i64 = 0;
    for t in tokens {
        match t.kind {
            Tok::Invalid | Tok::QuotedNewline => return false,
            Tok::OQuote => quotes += 1,
            Tok::CQuote => quotes -= 1,
            Tok::OHeredoc => heredocs += 1,
            Tok::CHeredoc => heredocs -= 1,
            k => depth += i64::from(k.bracket_change()),
        }
        if depth < 0 || quotes < 0 || heredocs < 0 {
            return false;
        }
    }
    let _ = src;
    depth == 0 && quotes == 0 && heredocs == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, &str)> {
        lex(src).into_iter().map(|t| (t.kind, t.text(src))).collect()
    }

    #[test]
    fn tokens() {
        use Tok::*;
        assert_eq!(
            kinds("a = \"x${b}y\" # c\n"),
            [
                (Ident, "a"),
                (Equal, "="),
                (OQuote, "\""),
                (QuotedLit, "x"),
                (TemplateInterp, "${"),
                (Ident, "b"),
                (TemplateSeqEnd, "}"),
                (QuotedLit, "y"),
                (CQuote, "\""),
                (Comment, "# c\n")
            ]
        );
        assert_eq!(kinds("1.5e+3 1. x"), [(NumberLit, "1.5e+3"), (NumberLit, "1"), (Dot, "."), (Ident, "x")]);
        assert_eq!(kinds("\"$${x} %%{y} \\\"\""), [(OQuote, "\""), (QuotedLit, "$${x} %%{y} \\\""), (CQuote, "\"")]);
        assert_eq!(
            kinds("h = <<-EOT\n  a ${b}\n  EOT\n"),
            [
                (Ident, "h"),
                (Equal, "="),
                (OHeredoc, "<<-EOT\n"),
                (StringLit, "  a "),
                (TemplateInterp, "${"),
                (Ident, "b"),
                (TemplateSeqEnd, "}"),
                (StringLit, "\n"),
                (CHeredoc, "  EOT"),
                (Newline, "\n")
            ]
        );
        assert_eq!(kinds("{ a = { } }"), [(OBrace, "{"), (Ident, "a"), (Equal, "="), (OBrace, "{"), (CBrace, "}"), (CBrace, "}")]);
        // A carriage return ends a heredoc's line only before a newline; alone it is invalid.
        assert_eq!(
            kinds("<<EOT\r\nx\ry\r\nEOT\r\n"),
            [(OHeredoc, "<<EOT\r\n"), (StringLit, "x"), (Invalid, "\r"), (StringLit, "y\r\n"), (CHeredoc, "EOT"), (Newline, "\r\n")]
        );
        assert_eq!(kinds("<<EOT\n\rEOT\n")[1], (Invalid, "\r"), "not a closing marker after it");
        assert!(!is_clean(&lex("\"open"), "\"open"));
        assert!(!is_clean(&lex("a = \"x\ny\""), ""));
        assert!(is_clean(&lex("a = [1, 2]\n"), ""));
    }
}
