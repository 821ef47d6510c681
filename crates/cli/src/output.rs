//! Everything the CLI prints goes through this module, so that no line of it can be taken
//! for a GitHub Actions workflow command, whatever the input holds.
//!
//! How the runner reads a step's output (actions/runner: `src/Runner.Sdk/ProcessInvoker.cs`,
//! `src/Runner.Worker/Handlers/OutputManager.cs`, `src/Runner.Worker/ActionCommandManager.cs`,
//! `src/Runner.Common/ActionCommand.cs`):
//! - stdout and stderr are each read a line at a time with .NET's `StreamReader.ReadLine`,
//!   which ends a line at `\n`, at `\r` or at `\r\n`; the runner sets `GITHUB_ACTIONS=true`
//!   in the environment of every process it starts. Every line of either stream that
//!   contains `##[` or `::` goes to `ActionCommandManager.TryProcessCommand`, which tries
//!   `ActionCommand.TryParseV2`, then `ActionCommand.TryParse`.
//! - `TryParseV2` (the `::` form): the line, after `TrimStart()` (any Unicode white space),
//!   must start with `::`; the command's name and properties run to the next `::`, the name
//!   to the first space; the name must be registered (compared ignoring case: `error`,
//!   `warning`, `notice`, `debug`, `group`, `endgroup`, `echo`, `add-mask`, `add-matcher`,
//!   `remove-matcher`, `save-state`, `set-output`, `set-env`, `add-path`, `stop-commands`).
//!   Properties are `name=value` pairs split at `,`; the data after the second `::` is
//!   unescaped (`%25`, `%0D`, `%0A`).
//! - `TryParse` (the legacy form): `##[` anywhere in the line, the name and properties up
//!   to the next `]`, the name up to its first space, registered as above.
//! - `::stop-commands::TOKEN` makes the runner ignore every command, on both streams,
//!   until a line whose command is `TOKEN` (`::TOKEN::`), which it then registers.
//! - `StartsWith` and `IndexOf` with a string argument compare with the current culture
//!   (ICU on Linux and macOS), which skips characters it deems ignorable: `#\u{200b}#[` can
//!   match `##[`. So every check here treats a character outside ASCII as possibly invisible
//!   to the runner.
//!
//! What the CLI does with that:
//! - Messages (findings in text form, everything on stderr, usage errors, the rule table)
//!   are escaped: control and invisible characters become `\u{…}` escapes (so no `\r` can
//!   start a new line), the `[` of a `##[` becomes `\u{5b}`, and the first `:` of a line
//!   that would start with `::` becomes `\u{3a}`. Only a hostile input changes this way.
//! - JSON and SARIF write every `#` inside a string as `\u0023` (the same JSON), and a
//!   pretty-printed JSON line starts with a quote or a bracket, never with `::`.
//! - `--format github` writes the annotations it means, their parts escaped as above and by
//!   the workflow-command rules (`%`, `\r`, `\n`; `:` and `,` in properties).
//! - Output that must stay byte for byte what it is (the HCL of `render` and `from-aws`,
//!   the `--diff` patch) cannot be escaped without changing it. When one of its lines would
//!   be a command, the runner may be reading (`GITHUB_ACTIONS=true`) and stdout is not a
//!   regular file, it is wrapped between `::stop-commands::TOKEN` and `::TOKEN::` with a
//!   token drawn at random after the input was read, so no input can end the wrapping;
//!   stderr says so. A patch between those lines still applies (`git apply` and `patch`
//!   skip lines around a diff), and `> file` gets the output bare.

use std::io::Write;

/// Whether a character is shown as a `\u{…}` escape: control characters (an ESC that would
/// clear a terminal, a `\r` that would start a new line for the runner) and the invisible
/// ones (format characters, bidirectional controls, line and paragraph separators,
/// variation selectors, fillers, tags) that could hide text from a reader.
pub fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

fn escape(out: &mut String, c: char) {
    out.push_str(&format!("\\u{{{:x}}}", c as u32));
}

/// Text with its hidden characters escaped, nothing else changed, but for the characters
/// `keep(byte offset, char)` says to leave as they are.
pub fn visible_keeping(s: &str, keep: impl Fn(usize, char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        if hidden(c) && !keep(at, c) {
            escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// A part of a line (a message, a file name, an annotation's data): hidden characters
/// escaped, and the `[` of every `##[` written `\u{5b}`. Two `#`s count as adjacent when
/// only characters outside ASCII stand between them (the runner's culture-aware search may
/// skip those).
pub fn part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // `#`s seen in a row, ignoring characters outside ASCII.
    let mut hashes = 0usize;
    for c in s.chars() {
        if hidden(c) || (c == '[' && hashes >= 2) {
            escape(&mut out, c);
            hashes = 0;
        } else {
            if c == '#' {
                hashes += 1;
            } else if c.is_ascii() {
                hashes = 0;
            }
            out.push(c);
        }
    }
    out
}

/// One whole line: [`part`], and when the line would start with `::` (after white space
/// and characters outside ASCII), its first `:` written `\u{3a}`.
pub fn line(s: &str) -> String {
    let escaped = part(s);
    let mut colons = escaped.char_indices().filter(|(_, c)| c.is_ascii() && *c != ' ');
    match (colons.next(), colons.next()) {
        (Some((at, ':')), Some((_, ':'))) => {
            let mut out = String::with_capacity(escaped.len() + 6);
            out.push_str(&escaped[..at]);
            out.push_str("\\u{3a}");
            out.push_str(&escaped[at + 1..]);
            out
        }
        _ => escaped,
    }
}

/// Several lines (a usage text, a message with line breaks): each one a [`line`].
pub fn text(s: &str) -> String {
    s.split('\n').map(line).collect::<Vec<_>>().join("\n")
}

/// Writes a message to stderr, escaped ([`text`]), with a line break.
pub fn say(msg: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", text(msg));
}

/// Whether a runner could read some line of `text` as a workflow command, judged
/// conservatively: every character outside ASCII and every control character is taken as
/// invisible, and any command name as registered.
pub fn has_command(text: &str) -> bool {
    text.split(['\n', '\r']).any(|l| {
        let seen: String = l.chars().filter(|c| c.is_ascii() && !c.is_ascii_control()).collect();
        seen.trim_start().starts_with("::") || seen.contains("##[")
    })
}

/// A token no input can know: 128 bits from the standard library's per-process random
/// keys (SipHash keyed from the operating system's random source), drawn after the input
/// was read.
fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::from("apigw-integration-");
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    for n in 0..2u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(n);
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Whether stdout is a regular file (`> out.tf`), which no runner reads.
fn stdout_is_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .map(std::fs::File::from)
            .and_then(|f| f.metadata().ok())
            .is_some_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Prints output that must stay byte for byte what it is (`what` names it for the note on
/// stderr): bare, or wrapped in `::stop-commands::` when a runner could run a line of it
/// (see the module's comment).
pub fn data(text: &str, what: &str) {
    let in_actions = std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true");
    let mut out = std::io::stdout().lock();
    if in_actions && has_command(text) && !stdout_is_file() {
        let token = token();
        say(&format!(
            "apigw-integration: a line of the {what} would be read as a GitHub Actions workflow command, so it is printed between `stop-commands` lines that keep the runner from running it (redirect stdout to a file to get it bare)"
        ));
        let _ = writeln!(out, "::stop-commands::{token}");
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "::{token}::");
    } else {
        let _ = out.write_all(text.as_bytes());
    }
    let _ = out.flush();
}

/// serde_json's pretty printer, writing `#` inside strings as `\u0023` (the same JSON), so
/// that no `##[` can appear in the output.
struct CiFormatter(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for CiFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find('#') {
            w.write_all(&rest.as_bytes()[..at])?;
            w.write_all(b"\\u0023")?;
            rest = &rest[at + 1..];
        }
        w.write_all(rest.as_bytes())
    }
}

/// Pretty-printed JSON with `#` escaped in strings, and a line break.
pub fn json(value: &serde_json::Value) -> String {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, CiFormatter(serde_json::ser::PrettyFormatter::new()));
    let _ = serde::Serialize::serialize(value, &mut ser);
    buf.push(b'\n');
    String::from_utf8(buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_would_be_commands_are_escaped() {
        assert_eq!(line("::error::x"), "\\u{3a}:error::x");
        assert_eq!(line("  \u{3000}:\u{e9}:add-mask::x"), "  \u{3000}\\u{3a}\u{e9}:add-mask::x");
        // An escaped invisible character stands between the colons as visible text.
        assert_eq!(line(":\u{200b}:add-mask::x"), ":\\u{200b}:add-mask::x");
        assert_eq!(line("a ##[error]b"), "a ##\\u{5b}error]b");
        assert_eq!(line("a #\u{e9}#[error]b"), "a #\u{e9}#\\u{5b}error]b");
        assert_eq!(line("x\ry"), "x\\u{d}y");
        assert_eq!(line("file.tf:1:2: error[R-X-1] a::b"), "file.tf:1:2: error[R-X-1] a::b");
        assert_eq!(text("a\n::b::c"), "a\n\\u{3a}:b::c");
    }

    #[test]
    fn json_strings_carry_no_hash() {
        let v = serde_json::json!({"m": "##[error]x #"});
        let s = json(&v);
        assert!(!s.contains('#'), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).ok(), Some(v));
    }

    #[test]
    fn commands_are_found_conservatively() {
        assert!(has_command(" ::x"));
        assert!(has_command("a\r::x"));
        assert!(has_command("\u{200b}::x"));
        assert!(has_command("a #\u{e9}#[x"));
        assert!(!has_command("a :: b\n#[x]"));
    }
}
