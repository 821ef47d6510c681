//! Model → HCL text, byte-identical to what `terraform fmt` prints.
//!
//! A new configuration gets the canonical order: `api_id` and `integration_type`, a
//! blank line, the other arguments alphabetically, then maps and blocks, each after a
//! blank line. A configuration parsed from HCL keeps its layout (order, blank lines,
//! comment lines), so editing one value changes only that line; arguments added later
//! join the last group of plain arguments.

use super::escape::quote;
use super::lex::{Tok, lex};
use crate::diag::Diagnostic;
use crate::model::{Integration, LayoutItem, Map, ResponseParameters, SCALAR_ARGS, TlsConfig, Value, Verbatim};

/// The resource type this builder writes.
pub const RESOURCE_TYPE: &str = "aws_apigatewayv2_integration";

/// One item of the resource body.
enum Item<'a> {
    /// A blank line the author wrote: kept where it is, however many there are
    /// (`terraform fmt` keeps them all).
    Blank,
    /// A blank line the builder adds (between groups of a new configuration, before a block
    /// added to a parsed one): dropped next to another blank line, or at the body's start or end.
    Sep,
    /// The place of an item of the author's layout that the model no longer has: the blank
    /// lines around it collapse, so that removing an item leaves no gap of its own.
    Gone,
    Comment(&'a str),
    /// A comment at the end of the previous item's last line.
    Trailing(&'a str),
    Scalar(&'static str, &'a Value),
    Map(&'static str, &'a Map),
    Tls(&'a TlsConfig),
    Response(&'a ResponseParameters),
    Verbatim(&'a Verbatim),
}

impl Item<'_> {
    fn is_blank(&self) -> bool {
        matches!(self, Item::Blank | Item::Sep)
    }

    /// Whether the item spans several lines (maps and blocks get a blank line before them
    /// in the canonical order).
    fn is_plain_attr(&self) -> bool {
        matches!(self, Item::Scalar(..))
    }

    /// The argument or block name the item writes, for the structural self-check.
    fn name(&self) -> Option<&str> {
        match self {
            Item::Blank | Item::Sep | Item::Gone | Item::Comment(_) | Item::Trailing(_) => None,
            Item::Scalar(n, _) | Item::Map(n, _) => Some(n),
            Item::Tls(_) => Some("tls_config"),
            Item::Response(_) => Some("response_parameters"),
            Item::Verbatim(v) => Some(&v.name),
        }
    }
}

/// The text of a value.
pub fn value(v: &Value) -> String {
    match v {
        Value::Str(s) => quote(s),
        Value::Num(n) if super::number::is_literal(n) => n.clone(),
        Value::Num(n) => quote(n),
        Value::Expr(e) if e.trim().is_empty() => "null".to_string(),
        Value::Expr(e) => {
            let e = e.trim();
            // A quoted string without interpolation is a literal however it is written
            // (`"a\u0041"`, a raw tab): printed as literals are, so that the output reads back
            // as that literal and prints the same (a fuzzing finding: the `model` target).
            if let Some(s) = plain_string(e) {
                return quote(&s);
            }
            e.to_string()
        }
    }
}

/// The text of `e` if `e` is exactly one quoted string with no interpolation or directive.
fn plain_string(e: &str) -> Option<String> {
    if !e.starts_with('"') {
        return None;
    }
    match super::syntax::parse_expr(e) {
        Ok(x) if x.span == (0..e.len()) => match x.kind {
            super::syntax::ExprKind::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn static_name(name: &str) -> Option<&'static str> {
    SCALAR_ARGS.iter().chain(crate::model::MAP_ARGS).copied().find(|n| *n == name)
}

/// The canonical order of a new configuration.
fn canonical(i: &Integration) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut seen = Seen::default();
    for (n, v) in i.verbatim.iter().enumerate() {
        if matches!(v.name.as_str(), "count" | "for_each" | "provider") {
            seen.verbatim.push(n);
            items.push(Item::Verbatim(v));
        }
    }
    items.push(Item::Sep);
    for name in ["api_id", "integration_type"] {
        if let Some(v) = i.scalar(name) {
            items.push(Item::Scalar(static_name(name).unwrap_or("api_id"), v));
        }
    }
    items.push(Item::Sep);
    // The other arguments in alphabetical order: SCALAR_ARGS lists them so (a test says so),
    // which spares the wasm a sort of strings.
    for &name in &SCALAR_ARGS[2..] {
        if let Some(v) = i.scalar(name) {
            items.push(Item::Scalar(name, v));
        }
    }
    push_blocks(i, &mut items, &mut seen);
    items
}

/// What the layout walk has placed already.
#[derive(Default)]
struct Seen {
    scalars: Vec<&'static str>,
    maps: Vec<&'static str>,
    tls: bool,
    responses: usize,
    verbatim: Vec<usize>,
}

/// Maps, blocks and verbatim items not yet placed, each after a blank line.
fn push_blocks<'a>(i: &'a Integration, items: &mut Vec<Item<'a>>, seen: &mut Seen) {
    for name in crate::model::MAP_ARGS {
        if let Some(m) = i.map(name)
            && !seen.maps.contains(name)
        {
            items.push(Item::Sep);
            items.push(Item::Map(name, m));
        }
    }
    if let Some(t) = &i.tls_config
        && !seen.tls
    {
        items.push(Item::Sep);
        items.push(Item::Tls(t));
    }
    for rp in i.response_parameters.iter().skip(seen.responses) {
        items.push(Item::Sep);
        items.push(Item::Response(rp));
    }
    // depends_on goes last, by convention.
    for last in [false, true] {
        for (n, v) in i.verbatim.iter().enumerate() {
            if seen.verbatim.contains(&n) || (v.name == "depends_on") != last {
                continue;
            }
            items.push(Item::Sep);
            items.push(Item::Verbatim(v));
        }
    }
}

/// The author's layout, with arguments set since then added to the last group of plain
/// arguments and new blocks appended.
fn from_layout<'a>(i: &'a Integration, layout: &'a [LayoutItem]) -> Vec<Item<'a>> {
    let mut items = Vec::new();
    let mut seen = Seen::default();
    let mut verbatim_counts: Vec<(&str, usize)> = Vec::new();
    // Whether the last argument or block of the layout was written: a trailing comment
    // whose item is gone stays, on a line of its own.
    let mut written = true;
    for item in layout {
        let before = items.len();
        match item {
            LayoutItem::Blank => items.push(Item::Blank),
            LayoutItem::Comment(c) => items.push(Item::Comment(c)),
            LayoutItem::Trailing(c) if written => items.push(Item::Trailing(c)),
            LayoutItem::Trailing(c) => items.push(Item::Comment(c)),
            LayoutItem::Attr(name) => {
                let Some(name) = static_name(name) else {
                    written = false;
                    items.push(Item::Gone);
                    continue;
                };
                if let Some(v) = i.scalar(name).filter(|_| !seen.scalars.contains(&name)) {
                    seen.scalars.push(name);
                    items.push(Item::Scalar(name, v));
                } else if let Some(m) = i.map(name).filter(|_| !seen.maps.contains(&name)) {
                    seen.maps.push(name);
                    items.push(Item::Map(name, m));
                }
            }
            LayoutItem::Block(kind) if kind == "tls_config" => {
                if let Some(t) = i.tls_config.as_ref().filter(|_| !seen.tls) {
                    seen.tls = true;
                    items.push(Item::Tls(t));
                }
            }
            LayoutItem::Block(kind) if kind == "response_parameters" => {
                if let Some(rp) = i.response_parameters.get(seen.responses) {
                    seen.responses += 1;
                    items.push(Item::Response(rp));
                }
            }
            LayoutItem::Block(_) => {}
            LayoutItem::Verbatim(name) => {
                let k = match verbatim_counts.iter_mut().find(|(n, _)| n == name) {
                    Some((_, k)) => {
                        *k += 1;
                        *k - 1
                    }
                    None => {
                        verbatim_counts.push((name, 1));
                        0
                    }
                };
                if let Some((n, v)) = i.verbatim.iter().enumerate().filter(|(_, v)| &v.name == name).nth(k) {
                    seen.verbatim.push(n);
                    items.push(Item::Verbatim(v));
                }
            }
        }
        if matches!(item, LayoutItem::Attr(_) | LayoutItem::Block(_) | LayoutItem::Verbatim(_)) {
            written = items.len() > before;
            if !written {
                items.push(Item::Gone);
            }
        }
    }
    let missing: Vec<Item> =
        SCALAR_ARGS.iter().filter(|n| !seen.scalars.contains(n)).filter_map(|n| i.scalar(n).map(|v| Item::Scalar(n, v))).collect();
    if !missing.is_empty() {
        // After the last plain argument and its trailing comment.
        let at = items.iter().rposition(Item::is_plain_attr).map_or(0, |p| p + 1);
        let at = at + usize::from(matches!(items.get(at), Some(Item::Trailing(_))));
        items.splice(at..at, missing);
    }
    push_blocks(i, &mut items, &mut seen);
    items
}

/// Keeps the author's blank lines (leading, trailing and repeated ones too, as `terraform
/// fmt` does) and places the builder's own: a separator next to another blank line or at
/// either end of the body is dropped, and the blank lines around an item that is gone
/// collapse to those before it (none, at the body's start or end).
fn tidy(items: Vec<Item<'_>>) -> Vec<Item<'_>> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    // After a gone item that had a blank line (or the body's start) before it: the blank
    // lines that followed it would double that one.
    let mut skip_blanks = false;
    // Whether a gone item came after the last item written: blank lines before the body's
    // end then separated nothing.
    let mut gone_last = false;
    for item in items {
        match item {
            Item::Gone => {
                skip_blanks = out.last().is_none_or(Item::is_blank);
                gone_last = true;
            }
            Item::Blank | Item::Sep if skip_blanks => {}
            Item::Sep if out.last().is_none_or(Item::is_blank) => {}
            Item::Blank if matches!(out.last(), Some(Item::Sep)) => {
                out.pop();
                out.push(Item::Blank);
            }
            Item::Blank | Item::Sep => out.push(item),
            _ => {
                skip_blanks = false;
                gone_last = false;
                out.push(item);
            }
        }
    }
    while matches!(out.last(), Some(Item::Sep)) || (gone_last && out.last().is_some_and(Item::is_blank)) {
        out.pop();
    }
    out
}

/// A map key: bare where the source wrote the map's keys bare and the key is an
/// identifier that is not a keyword, else quoted and escaped.
fn key(k: &str, bare: bool) -> String {
    if bare && crate::reference::is_identifier(k) && !matches!(k, "true" | "false" | "null" | "for" | "in" | "if") {
        k.to_string()
    } else {
        quote(k)
    }
}

/// How a map is written: bare identifier keys (all of them, or those the source wrote
/// bare in a map that mixes both), commas after the entries (all of them, or those the
/// source ended with one), `:` between key and value (likewise).
struct MapStyle {
    bare: bool,
    bare_entries: Vec<String>,
    commas: bool,
    comma_entries: Vec<String>,
    colons: bool,
    colon_entries: Vec<String>,
    one_line: bool,
}

impl MapStyle {
    fn of(i: &Integration, path: &str) -> MapStyle {
        let entry = format!("{path}[\"");
        // One function for each question, not a closure per list: less code in the wasm.
        fn has(list: &[String], path: &str) -> bool {
            list.iter().any(|p| p == path)
        }
        fn entries(list: &[String], entry: &str) -> Vec<String> {
            list.iter().filter(|p| p.starts_with(entry)).cloned().collect()
        }
        MapStyle {
            bare: has(&i.bare_keys, path),
            bare_entries: entries(&i.bare_keys, &entry),
            commas: has(&i.commas, path),
            comma_entries: entries(&i.commas, &entry),
            colons: has(&i.colons, path),
            colon_entries: entries(&i.colons, &entry),
            one_line: has(&i.one_line, path),
        }
    }
}

fn push_map(
    out: &mut String,
    indent: &str,
    (name, path): (&str, &str),
    m: &Map,
    style: &MapStyle,
    layout: Option<&[LayoutItem]>,
) -> Result<(), String> {
    if m.is_empty() && layout.is_none() {
        out.push_str(&format!("{indent}{name} = {{}}\n"));
        return Ok(());
    }
    let text = |k: &str, v: &Value| {
        let at = crate::diag::map_path(path, k);
        let bare = style.bare || style.bare_entries.contains(&at);
        let comma = if style.commas || style.comma_entries.contains(&at) { "," } else { "" };
        let sep = if style.colons || style.colon_entries.contains(&at) { ":" } else { "=" };
        (format!("{} {sep} {}", key(k, bare), value(v)), comma)
    };
    // On one line as written, while every value still fits on one (a heredoc does not).
    if style.one_line
        && layout.is_none()
        && let Some(inner) = one_line_entries(m.iter().map(|(k, v)| text(k, v)).collect())
    {
        out.push_str(&format!("{indent}{name} = {{ {inner} }}\n"));
        return Ok(());
    }
    out.push_str(&format!("{indent}{name} = {{\n"));
    let entry = |out: &mut String, k: &str, v: &Value| {
        let (e, comma) = text(k, v);
        out.push_str(&format!("{indent}  {e}{comma}\n"));
    };
    // The entries written so far, by place: a key may be there twice (the rules say so), and
    // each layout item stands for the next entry of its key, so none is lost.
    let mut written: Vec<usize> = Vec::new();
    let mut last_written = true;
    for item in layout.unwrap_or_default() {
        match item {
            LayoutItem::Attr(k) => {
                last_written = false;
                if let Some(n) = (0..m.0.len()).find(|n| m.0[*n].0 == *k && !written.contains(n)) {
                    written.push(n);
                    entry(out, &m.0[n].0, &m.0[n].1);
                    last_written = true;
                }
            }
            LayoutItem::Blank => out.push('\n'),
            LayoutItem::Comment(c) => comment_line(out, &format!("{indent}  "), c)?,
            LayoutItem::Trailing(c) if last_written => trailing(out, c)?,
            LayoutItem::Trailing(c) => comment_line(out, &format!("{indent}  "), c)?,
            LayoutItem::Block(_) | LayoutItem::Verbatim(_) => {}
        }
    }
    for (_, (k, v)) in m.0.iter().enumerate().filter(|(n, _)| !written.contains(n)) {
        entry(out, k, v);
    }
    out.push_str(&format!("{indent}}}\n"));
    Ok(())
}

/// A map's entries on one line, separated by commas (the last one's only if it was written),
/// or `None` when one of them does not fit on a line.
fn one_line_entries(entries: Vec<(String, &str)>) -> Option<String> {
    if entries.iter().any(|(e, _)| e.contains('\n')) {
        return None;
    }
    let last = entries.len().saturating_sub(1);
    let inner: Vec<String> =
        entries.iter().enumerate().map(|(n, (e, comma))| format!("{e}{}", if n < last { "," } else { comma })).collect();
    Some(inner.join(" "))
}

/// A comment on a line of its own; `Err` if it is not exactly one comment.
fn comment_line(out: &mut String, indent: &str, c: &str) -> Result<(), String> {
    if let Some(why) = super::verbatim::comment_problem(c) {
        return Err(format!("a comment line: {why}"));
    }
    out.push_str(indent);
    out.push_str(c.trim());
    out.push('\n');
    Ok(())
}

/// A comment at the end of the line just written.
fn trailing(out: &mut String, c: &str) -> Result<(), String> {
    if let Some(why) = super::verbatim::comment_problem(c) {
        return Err(format!("a comment: {why}"));
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out.push(' ');
    out.push_str(c.trim());
    out.push('\n');
    Ok(())
}

/// One argument of a nested block, for [`push_block`].
enum BlockArg<'a> {
    Value(&'a Value),
    Map(&'a Map, MapStyle, &'a str, Option<&'a [LayoutItem]>),
    Blank,
}

/// A nested block (`tls_config`, `response_parameters`) at indent 2, its arguments in the
/// recorded layout's order with its comments and blank lines, then any not in the layout;
/// on one line where it was written so and still has one argument whose value fits.
fn push_block(
    out: &mut String,
    (kind, one_line): (&str, bool),
    args: &[(&str, BlockArg)],
    layout: Option<&[LayoutItem]>,
) -> Result<(), String> {
    if args.is_empty() && layout.is_none() {
        out.push_str(&format!("  {kind} {{}}\n"));
        return Ok(());
    }
    if one_line
        && layout.is_none()
        && let [(name, BlockArg::Value(v))] = args
        && !value(v).contains('\n')
    {
        out.push_str(&format!("  {kind} {{ {name} = {} }}\n", value(v)));
        return Ok(());
    }
    out.push_str(&format!("  {kind} {{\n"));
    let write = |out: &mut String, name: &str, arg: &BlockArg| -> Result<(), String> {
        match arg {
            BlockArg::Value(v) => out.push_str(&format!("    {name} = {}\n", value(v))),
            BlockArg::Map(m, style, path, l) => push_map(out, "    ", (name, path), m, style, *l)?,
            BlockArg::Blank => out.push('\n'),
        }
        Ok(())
    };
    let mut written: Vec<&str> = Vec::new();
    let mut last_written = true;
    for item in layout.unwrap_or_default() {
        match item {
            LayoutItem::Attr(name) => {
                last_written = false;
                if let Some((n, arg)) = args.iter().find(|(n, _)| n == name && !written.contains(n)) {
                    written.push(n);
                    write(out, n, arg)?;
                    last_written = true;
                }
            }
            LayoutItem::Blank => out.push('\n'),
            LayoutItem::Comment(c) => comment_line(out, "    ", c)?,
            LayoutItem::Trailing(c) if last_written => trailing(out, c)?,
            LayoutItem::Trailing(c) => comment_line(out, "    ", c)?,
            LayoutItem::Block(_) | LayoutItem::Verbatim(_) => last_written = false,
        }
    }
    for (n, arg) in args.iter().filter(|(n, _)| !written.contains(n)) {
        write(out, n, arg)?;
    }
    out.push_str("  }\n");
    Ok(())
}

/// The comments and blank lines of the map at `path`, if it came from HCL with any.
fn map_layout<'a>(i: &'a Integration, path: &str) -> Option<&'a [LayoutItem]> {
    i.map_layouts.iter().find(|l| l.path == path).map(|l| l.items.as_slice())
}

/// The `resource "aws_apigatewayv2_integration" "NAME" { … }` block, ending with a
/// newline, formatted and checked; `Err` says why it could not be written safely.
fn resource(i: &Integration) -> Result<String, String> {
    let items = tidy(match &i.layout {
        Some(layout) => from_layout(i, layout),
        None => canonical(i),
    });
    let mut out = format!("resource \"{RESOURCE_TYPE}\" {} {{\n", quote(&i.name));
    let expected: Vec<String> = items.iter().filter_map(Item::name).map(str::to_string).collect();
    for item in items {
        match item {
            Item::Blank | Item::Sep => out.push('\n'),
            Item::Gone => {}
            Item::Comment(c) => comment_line(&mut out, "", c)?,
            Item::Trailing(c) => trailing(&mut out, c)?,
            Item::Scalar(name, v) => out.push_str(&format!("  {name} = {}\n", value(v))),
            Item::Map(name, m) => push_map(&mut out, "  ", (name, name), m, &MapStyle::of(i, name), map_layout(i, name))?,
            Item::Tls(t) => {
                let args: Vec<(&str, BlockArg)> =
                    t.server_name_to_verify.iter().map(|v| ("server_name_to_verify", BlockArg::Value(v))).collect();
                let one_line = i.one_line.iter().any(|p| p == "tls_config");
                push_block(&mut out, ("tls_config", one_line), &args, map_layout(i, "tls_config"))?;
            }
            Item::Response(rp) => {
                let n = i.response_parameters.iter().position(|r| std::ptr::eq(r, rp)).unwrap_or(0);
                let base = format!("response_parameters[{n}]");
                let path = format!("{base}.mappings");
                let layout = map_layout(i, &base);
                let mut args: Vec<(&str, BlockArg)> = Vec::new();
                if let Some(v) = &rp.status_code {
                    args.push(("status_code", BlockArg::Value(v)));
                }
                if let Some(m) = &rp.mappings {
                    // Without a recorded layout, the blank line before mappings is kept this way.
                    if rp.status_code.is_some() && layout.is_none() && i.blank_before.contains(&path) {
                        args.push(("", BlockArg::Blank));
                    }
                    args.push(("mappings", BlockArg::Map(m, MapStyle::of(i, &path), &path, map_layout(i, &path))));
                }
                let one_line = i.one_line.contains(&base);
                push_block(&mut out, ("response_parameters", one_line), &args, layout)?;
            }
            Item::Verbatim(v) => {
                let checked = super::verbatim::check(v).map_err(|why| format!("`{}`: {why}", v.name))?;
                out.push_str(&checked.text);
                out.push('\n');
            }
        }
    }
    out.push_str("}\n");
    self_check(&out, &i.name, &expected).map(|t| in_ending(t, i.crlf))
}

/// `text` in the model's line ending.
fn in_ending(text: String, crlf: bool) -> String {
    if crlf || text.contains('\r') { line_endings(&text, crlf) } else { text }
}

/// `text` with each line break between tokens (and the one ending a `#` or `//` comment or a
/// heredoc's opening line) written as CRLF when `crlf`, else as LF. The line breaks of a
/// heredoc's body, which are its value, and of a `/* */` comment stay as written: the text
/// means exactly what it meant.
pub fn line_endings(text: &str, crlf: bool) -> String {
    if !crlf && !text.contains('\r') {
        return text.to_string();
    }
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + if crlf { text.len() / 16 } else { 0 });
    let mut at = 0;
    for t in lex(text) {
        out.push_str(text.get(at..t.start).unwrap_or(""));
        let own = t.text(text);
        let ends_line = matches!(t.kind, Tok::Newline | Tok::OHeredoc) || (t.kind == Tok::Comment && own.ends_with('\n'));
        match own.strip_suffix('\n').filter(|_| ends_line) {
            Some(head) => {
                out.push_str(head.strip_suffix('\r').unwrap_or(head));
                out.push_str(nl);
            }
            None => out.push_str(own),
        }
        at = t.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// The line ending of a rendered text: CRLF if its first line ends so.
fn ending_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(n) if text.get(..n).is_some_and(|line| line.ends_with('\r')) => "\r\n",
        _ => "\n",
    }
}

/// Formats the assembled resource text and checks its shape: exactly one resource block
/// of this type and name, whose body items are exactly the expected names, in order.
fn self_check(text: &str, name: &str, expected: &[String]) -> Result<String, String> {
    let out = super::format::format(text).map_err(|e| format!("the text does not lex as HCL at byte {}", e.offset))?;
    let header = ["resource", "\"", RESOURCE_TYPE, "\"", "\"", name, "\"", "{"];
    match outline(&out).as_deref() {
        Some([(h, body)]) if h == &header && body.iter().map(|item| item[0]).eq(expected.iter().map(String::as_str)) => Ok(out),
        _ => Err("the text does not parse back as exactly this resource".into()),
    }
}

/// Top-level blocks: header tokens, and the tokens of each body item.
type Outline<'a> = Vec<(Vec<&'a str>, Vec<Vec<&'a str>>)>;

/// The shape of formatted text: each top-level block's header tokens (through its `{`) and,
/// for each item of its body, the tokens at the body's own level. `None` if there is
/// anything at the top level that is not a block, or a body item that does not start with
/// a name.
fn outline(src: &str) -> Option<Outline<'_>> {
    let mut blocks: Outline = Vec::new();
    let mut depth = 0i32;
    let mut header: Vec<&str> = Vec::new();
    let mut in_body = false;
    let mut line_start = true;
    for t in lex(src) {
        let text = t.text(src);
        let change = match t.kind {
            Tok::OQuote | Tok::OHeredoc => 1,
            Tok::CQuote | Tok::CHeredoc => -1,
            k => k.bracket_change(),
        };
        if !in_body {
            if depth > 0 || !matches!(t.kind, Tok::Newline | Tok::Comment) {
                header.push(text);
            }
            if depth == 0 && t.kind == Tok::OBrace {
                blocks.push((std::mem::take(&mut header), Vec::new()));
                in_body = true;
                line_start = true;
            }
        } else {
            let level = if change < 0 { depth + change } else { depth };
            match level {
                0 if t.kind == Tok::CBrace => in_body = false,
                0 => return None,
                1 if t.ends_line(src) => line_start = true,
                1 if t.kind == Tok::Comment && line_start => {}
                1 => {
                    let (_, items) = blocks.last_mut()?;
                    if line_start {
                        if t.kind != Tok::Ident {
                            return None;
                        }
                        items.push(Vec::new());
                        line_start = false;
                    }
                    items.last_mut()?.push(text);
                }
                _ => {}
            }
        }
        depth += change;
        if depth < 0 {
            return None;
        }
    }
    (depth == 0 && !in_body && header.is_empty()).then_some(blocks)
}

/// The address `aws_apigatewayv2_integration.NAME`.
pub fn address(i: &Integration) -> String {
    format!("{RESOURCE_TYPE}.{}", i.name)
}

/// The import id with the `@region` suffix of a cross-region import, when the resource
/// sets a literal `region`.
pub(crate) fn import_id(i: &Integration) -> Option<String> {
    let id = i.import_id()?;
    Some(match i.region.as_ref().and_then(Value::literal) {
        Some(r) if !r.is_empty() => format!("{id}@{r}"),
        _ => id,
    })
}

/// The `import { … }` block (id or identity form), ending with a newline, formatted and
/// checked: it targets exactly this resource, and its arguments are the ones written.
fn import_block(i: &Integration) -> Option<Result<String, String>> {
    let (text, expected) = match import_text(i)? {
        Ok(t) => t,
        Err(why) => return Some(Err(why)),
    };
    let to = ["to", "=", RESOURCE_TYPE, ".", i.name.as_str()];
    Some(match super::format::format(&text).ok().as_deref().map(|t| (outline(t), t)) {
        Some((Some(blocks), t))
            if matches!(blocks.as_slice(), [(h, items)] if h == &["import", "{"]
                && items.iter().map(|item| item[0]).eq(expected.iter().copied())
                && items.iter().filter(|item| item[0] == "to").all(|item| item == &to)) =>
        {
            Ok(in_ending(t.to_string(), i.crlf))
        }
        _ => Err("the import block does not parse back as one import of this resource".into()),
    })
}

/// Whether `p` is a provider reference: `aws` or `aws.ALIAS`.
pub fn is_provider_reference(p: &str) -> bool {
    let mut parts = p.split('.');
    let name = parts.next().is_some_and(crate::reference::is_identifier);
    let alias = parts.next().is_none_or(crate::reference::is_identifier);
    name && alias && parts.next().is_none()
}

/// The import block's text (before formatting) and the names of its arguments in order: in
/// the order of the block it came from, with its comments and blank lines, then whatever
/// that did not have.
pub(crate) fn import_text(i: &Integration) -> Option<Result<(String, Vec<&'static str>), String>> {
    let t = i.import.as_ref()?;
    let id = match t.form {
        crate::model::ImportForm::Id => format!("  id = {}\n", quote(&import_id(i)?)),
        crate::model::ImportForm::Identity => {
            let mut s = "  identity = {\n".to_string();
            s.push_str(&format!("    api_id = {}\n", quote(&t.api_id)));
            s.push_str(&format!("    id = {}\n", quote(&t.integration_id)));
            if let Some(r) = i.region.as_ref().and_then(Value::literal).filter(|r| !r.is_empty()) {
                s.push_str(&format!("    region = {}\n", quote(r)));
            }
            s.push_str("  }\n");
            s
        }
    };
    let id_name = match t.form {
        crate::model::ImportForm::Id => "id",
        crate::model::ImportForm::Identity => "identity",
    };
    let provider = match &t.provider {
        Some(p) if is_provider_reference(p) => Some(format!("  provider = {p}\n")),
        Some(p) => {
            return Some(Err(format!(
                "the import's provider `{}` is not a provider reference such as `aws.west`",
                crate::diag::visible(p)
            )));
        }
        None => None,
    };
    let mut args: Vec<(&'static str, String)> = vec![("to", format!("  to = {}\n", address(i))), (id_name, id)];
    args.extend(provider.map(|p| ("provider", p)));
    let mut out = "import {\n".to_string();
    let mut names = Vec::new();
    let mut last_written = true;
    let write = |out: &mut String, names: &mut Vec<&'static str>, args: &mut Vec<(&'static str, String)>, name: &str| {
        // `id` in a layout stands for the identity form too.
        let slot = if name == "id" || name == "identity" { id_name } else { name };
        match args.iter().position(|(n, _)| *n == slot) {
            Some(k) => {
                let (n, text) = args.remove(k);
                out.push_str(&text);
                names.push(n);
                true
            }
            None => false,
        }
    };
    for item in t.layout.iter().flatten() {
        let done = match item {
            LayoutItem::Attr(name) => {
                last_written = write(&mut out, &mut names, &mut args, name);
                Ok(())
            }
            LayoutItem::Blank => {
                out.push('\n');
                Ok(())
            }
            LayoutItem::Comment(c) => comment_line(&mut out, "  ", c),
            LayoutItem::Trailing(c) if last_written => trailing(&mut out, c),
            LayoutItem::Trailing(c) => comment_line(&mut out, "  ", c),
            LayoutItem::Block(_) | LayoutItem::Verbatim(_) => {
                last_written = false;
                Ok(())
            }
        };
        if let Err(why) = done {
            return Some(Err(format!("the import block's {why}")));
        }
    }
    for (n, text) in args {
        out.push_str(&text);
        names.push(n);
    }
    out.push_str("}\n");
    Some(Ok((out, names)))
}

/// The `terraform import` command line, or `None` when it could not be pasted safely into
/// every shell people paste it into. Quoting differs between shells, and an id quoted for
/// one can run commands in another (`'x&calc&'` runs `calc` in cmd.exe), so the command is
/// given only when the address and the id need no quoting anywhere: every character means
/// nothing special to any of the three shells, wherever it stands.
/// - POSIX shells (sh, bash, zsh): `|&;<>()$` `` ` `` `\"'`, blanks, `*?[]` (globs), `#` and
///   `~` at a word's start, `{}` (brace expansion), `!` and `^` (history), `=` (zsh's
///   `=cmd`), `%` (job specifications).
/// - PowerShell: `` ` `` (its escape), `$`, `@` at a token's start (splatting), `#`, `;`,
///   `|`, `&`, `()`, `{}`, `,` (arrays), `<>`, quotes and their typographic forms (it reads
///   `‘’‚‛“”„` as quotes), `-` at a token's start (a parameter) and the dashes it reads as
///   one (`–—―`), blanks.
/// - cmd.exe: `&|<>^()`, `%` (variables), `!` (delayed expansion), `"`, and `,;=` and
///   blanks (argument separators).
///
/// What all three leave alone: ASCII letters and digits anywhere, and `.`, `_`, `/`, `-`
/// and `@` after a first letter or digit. That covers every API Gateway id
/// (`aabbccddee/1122334@eu-west-1`); anything else (a space, a `:`, a character outside
/// ASCII) gives no command. The import block is printed either way, and the rules flag an
/// id that does not look like API Gateway's.
fn import_command(i: &Integration) -> Option<String> {
    let id = import_id(i)?;
    let address = address(i);
    let safe = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-' | '@'))
    };
    (safe(&id) && safe(&address)).then(|| format!("terraform import {address} {id}"))
}

/// What the builder prints for one integration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The resource block.
    pub resource: String,
    /// The import block, if an import target is set.
    pub import_block: Option<String>,
    /// The `terraform import` command, if an import target is set.
    pub import_command: Option<String>,
}

impl Rendered {
    /// The resource and, if there is one, its import block after a blank line: one file, in
    /// the resource's line ending.
    pub fn document(&self) -> String {
        match &self.import_block {
            Some(imp) => format!("{}{}{imp}", self.resource, ending_of(&self.resource)),
            None => self.resource.clone(),
        }
    }
}

/// Prints one integration that has passed the rules' checks whose failure withholds the
/// output ([`crate::output::render`], the only caller: the one way out of the model). What
/// this printer's own self-check refuses is a bug in the builder (`R-EMIT-1`).
pub(crate) fn emit(i: &Integration) -> Result<Rendered, Vec<Diagnostic>> {
    let withheld = |why: String| {
        vec![Diagnostic::new(
            "R-EMIT-1",
            "",
            format!("The output is withheld: {why}. This is a bug in the builder; please report it with the configuration's share link."),
        )]
    };
    let resource = resource(i).map_err(withheld)?;
    let import_block = if i.import.is_some() { import_block(i).transpose().map_err(withheld)? } else { None };
    Ok(Rendered { resource, import_block, import_command: import_command(i) })
}

/// Documents as one file, each after a blank line in the line ending of the one before it.
pub fn join_documents<S: AsRef<str>>(docs: &[S]) -> String {
    let mut out = String::with_capacity(docs.iter().map(|d| d.as_ref().len() + 2).sum());
    let mut before = None;
    for doc in docs {
        let doc = doc.as_ref();
        if let Some(nl) = before {
            out.push_str(nl);
        }
        before = Some(ending_of(doc));
        out.push_str(doc);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key that is there twice prints twice, with a layout that names it once or twice (a
    /// fuzzing finding: the second entry was dropped when the layout named the key).
    #[test]
    fn a_duplicated_map_key_loses_no_entry() {
        let m = Map(vec![("a".into(), Value::str("1")), ("b".into(), Value::str("2")), ("a".into(), Value::str("3"))]);
        for layout in [vec![], vec![LayoutItem::Attr("a".into())], vec![LayoutItem::Attr("a".into()), LayoutItem::Attr("a".into())]] {
            let mut out = String::new();
            push_map(&mut out, "", ("m", "m"), &m, &MapStyle::of(&Integration::default(), "m"), Some(&layout)).expect("writes");
            assert_eq!(out.matches("\"a\" = ").count(), 2, "{layout:?}:\n{out}");
            assert!(out.contains("\"1\"") && out.contains("\"2\"") && out.contains("\"3\""), "{out}");
        }
    }

    /// An expression that is one plain quoted string prints as that literal does; anything
    /// more (interpolation, an operator, a comment after it, a heredoc) prints as written.
    #[test]
    fn a_plain_quoted_expression_prints_as_its_literal() {
        let expr = |e: &str| value(&Value::Expr(e.into()));
        assert_eq!(expr("\"a\\u0041\""), "\"aA\"");
        assert_eq!(expr(" \"a\tb\" "), "\"a\\tb\"");
        assert_eq!(expr("\"$${x}\""), "\"$${x}\"");
        for kept in ["\"${var.x}\"", "\"a\" # note", "\"a\" == \"b\"", "<<EOT\nx\nEOT", "var.x", "\"a"] {
            assert_eq!(expr(kept), kept.trim(), "{kept}");
        }
    }

    /// The import command is given only for an id no shell reads specially: hostile ids
    /// (each character POSIX shells, PowerShell or cmd.exe act on) give none, and the
    /// import block is still there.
    #[test]
    fn the_import_command_is_safe_in_every_shell() {
        let with = |api: &str, integration: &str, region: Option<&str>| {
            let i = Integration {
                name: "example".into(),
                integration_type: Some(Value::str("HTTP_PROXY")),
                region: region.map(Value::str),
                import: Some(crate::model::ImportTarget {
                    api_id: api.into(),
                    integration_id: integration.into(),
                    form: crate::model::ImportForm::Id,
                    ..Default::default()
                }),
                ..Integration::default()
            };
            (import_command(&i), import_block(&i).is_some())
        };
        assert_eq!(
            with("aabbccddee", "1122334", None).0.as_deref(),
            Some("terraform import aws_apigatewayv2_integration.example aabbccddee/1122334")
        );
        assert_eq!(
            with("aabbccddee", "1122334", Some("eu-west-1")).0.as_deref(),
            Some("terraform import aws_apigatewayv2_integration.example aabbccddee/1122334@eu-west-1")
        );
        for hostile in [
            "x&calc&",
            "a|b",
            "a^b",
            "%PATH%",
            "!x!",
            "a`b",
            "$x",
            "$(id)",
            "a;b",
            "it's",
            "a\"b",
            "a b",
            "a\tb",
            "a:b",
            "a,b",
            "a=b",
            "a(b)",
            "a<b",
            "a>b",
            "~x",
            "a*",
            "a?",
            "a[0]",
            "{a,b}",
            "x#y",
            "a\\b",
            "a\u{2019}b",
            "a\u{201c}b",
            "a\u{2013}b",
            "\u{e9}",
            "\u{ff41}",
            "a\nb",
        ] {
            for (api, integration) in [(hostile, "1122334"), ("aabbccddee", hostile)] {
                let (command, block) = with(api, integration, None);
                assert_eq!(command, None, "{api:?}/{integration:?}");
                assert!(block, "the import block is still printed for {hostile:?}");
            }
            assert_eq!(with("aabbccddee", "1122334", Some(hostile)).0, None, "region {hostile:?}");
        }
        // `@` and `-` are plain inside a word, not at its start (splatting, a parameter).
        for first in ["@x", "-x"] {
            assert_eq!(with(first, "1122334", None).0, None, "{first:?}");
        }
        assert!(with("aabbccddee", "@x-y", None).0.is_some());
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    /// The self-check behind R-EMIT-1 refuses text with anything but the one resource,
    /// even if a bug let such text through the rules.
    #[test]
    fn the_self_check_refuses_injected_text() {
        let ok = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = a.b\n}\n";
        assert!(self_check(ok, "x", &names(&["api_id"])).is_ok());
        assert!(self_check(ok, "y", &names(&["api_id"])).is_err(), "another name");
        assert!(self_check(ok, "x", &names(&["api_id", "lifecycle"])).is_err(), "a missing item");
        let second = format!("{ok}resource \"aws_iam_user_policy\" \"pwn\" {{\n}}\n");
        assert!(self_check(&second, "x", &names(&["api_id"])).is_err(), "a second resource");
        let smuggled = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = a.b\n  provisioner \"local-exec\" {}\n}\n";
        assert!(self_check(smuggled, "x", &names(&["api_id"])).is_err(), "an extra item");
        assert!(self_check("resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = \"open\n}\n", "x", &names(&["api_id"])).is_err());
        assert!(self_check("locals {}\n", "x", &[]).is_err());
    }

    #[test]
    fn numbers_are_written_bare_only_when_hcl_reads_them_as_numbers() {
        for (n, bare) in [
            ("403", true),
            ("1.5", true),
            ("1e5", true),
            ("2.5E-3", true),
            ("1.", false),
            ("1.e5", false),
            ("0x10", false),
            // HCL reads it (Terraform's numbers are big floats); the rules judge its range.
            ("1e999", true),
            ("", false),
            ("-1", false),
        ] {
            assert_eq!(super::super::number::is_literal(n), bare, "{n}");
        }
    }

    #[test]
    fn new_configurations_list_the_other_arguments_alphabetically() {
        assert_eq!(&SCALAR_ARGS[..2], ["api_id", "integration_type"]);
        assert!(SCALAR_ARGS[2..].is_sorted(), "canonical() relies on this order");
    }
}
