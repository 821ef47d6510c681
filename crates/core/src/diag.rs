//! Diagnostics are data: a stable rule code, a severity, a field path, a message that
//! says what is wrong and how to fix it, and, when the input was HCL text, a position.

use serde::Serialize;
use std::fmt;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Terraform or AWS will reject the configuration.
    Error,
    /// Accepted, but a known trap (perpetual drift, a value that has no effect, …).
    Warning,
    /// A reminder that needs no change to the configuration.
    Info,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The stable rule code, e.g. `R-TMO-1` (see `rules::RULES`).
    pub code: String,
    /// The severity, as listed for the code in the rule table.
    pub severity: Severity,
    /// The field path: `timeout_milliseconds`, `response_parameters[1].status_code`,
    /// `request_parameters["QueueUrl"]`, `import.id`; empty for the whole resource.
    pub path: String,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Where, when the input was HCL text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pos: Option<Pos>,
}

// `Diagnostic::new` (a diagnostic for a rule code, with the rule table's severity) lives
// with the table in `rules/table.rs`: this module is plain data and imports nothing of ours.
impl Diagnostic {
    /// The same diagnostic at a position.
    pub fn at(mut self, pos: Option<Pos>) -> Diagnostic {
        self.pos = pos;
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity, self.code)?;
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Text quoted in a message, at most `max` characters: a longer text is cut at a character
/// boundary and marked with `…` and its length, so a 400 KB expression does not make a
/// 400 KB line.
pub fn excerpt(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => s.into(),
        Some((cut, _)) => format!("{}… ({} characters)", &s[..cut], s.chars().count()).into(),
    }
}

/// Text quoted in a message, with what cannot be seen made visible: `\\`, `"`, newline, tab
/// and carriage return as `\\`, `\"`, `\n`, `\t`, `\r`; other control characters and the
/// invisible format characters (zero-width spaces and joiners, direction marks, embeddings,
/// overrides and isolates, word joiners, the byte-order mark, the soft hyphen) as `\u{…}`.
/// Like Rust's `escape_debug` for the characters that matter in a message, without its
/// Unicode tables of printable characters and grapheme extenders (3.0 KB of the web bundle's
/// brotli); other characters are shown as they are.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
                ) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// The field path of a map entry: `request_parameters["QueueUrl"]`.
pub fn map_path(base: &str, key: &str) -> String {
    let mut out = String::with_capacity(base.len() + key.len() + 4);
    out.push_str(base);
    out.push_str("[\"");
    for c in key.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\"]");
    out
}

/// A map entry's diagnostic path, written out ([`map_path`]) only when a diagnostic takes
/// it: the rules visit every entry on every keystroke, and most entries have nothing to say.
#[derive(Clone, Copy)]
pub struct MapPath<'a> {
    pub base: &'a str,
    pub key: &'a str,
}

impl MapPath<'_> {
    /// The path, written out.
    pub fn text(self) -> String {
        map_path(self.base, self.key)
    }
}
