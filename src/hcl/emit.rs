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
    Blank,
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
        matches!(self, Item::Blank)
    }

    /// Whether the item spans several lines (maps and blocks get a blank line before them
    /// in the canonical order).
    fn is_plain_attr(&self) -> bool {
        matches!(self, Item::Scalar(..))
    }

    /// The argument or block name the item writes, for the structural self-check.
    fn name(&self) -> Option<&str> {
        match self {
            Item::Blank | Item::Comment(_) | Item::Trailing(_) => None,
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
    items.push(Item::Blank);
    for name in ["api_id", "integration_type"] {
        if let Some(v) = i.scalar(name) {
            items.push(Item::Scalar(static_name(name).unwrap_or("api_id"), v));
        }
    }
    items.push(Item::Blank);
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
            items.push(Item::Blank);
            items.push(Item::Map(name, m));
        }
    }
    if let Some(t) = &i.tls_config
        && !seen.tls
    {
        items.push(Item::Blank);
        items.push(Item::Tls(t));
    }
    for rp in i.response_parameters.iter().skip(seen.responses) {
        items.push(Item::Blank);
        items.push(Item::Response(rp));
    }
    // depends_on goes last, by convention.
    for last in [false, true] {
        for (n, v) in i.verbatim.iter().enumerate() {
            if seen.verbatim.contains(&n) || (v.name == "depends_on") != last {
                continue;
            }
            items.push(Item::Blank);
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

/// Drops leading, trailing and repeated blank lines.
fn tidy(items: Vec<Item<'_>>) -> Vec<Item<'_>> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        if item.is_blank() && out.last().is_none_or(Item::is_blank) {
            continue;
        }
        out.push(item);
    }
    while out.last().is_some_and(Item::is_blank) {
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
/// source ended with one).
struct MapStyle {
    bare: bool,
    bare_entries: Vec<String>,
    commas: bool,
    comma_entries: Vec<String>,
}

impl MapStyle {
    fn of(i: &Integration, path: &str) -> MapStyle {
        let entry = format!("{path}[\"");
        MapStyle {
            bare: i.bare_keys.iter().any(|p| p == path),
            bare_entries: i.bare_keys.iter().filter(|p| p.starts_with(&entry)).cloned().collect(),
            commas: i.commas.iter().any(|p| p == path),
            comma_entries: i.commas.iter().filter(|p| p.starts_with(&entry)).cloned().collect(),
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
    out.push_str(&format!("{indent}{name} = {{\n"));
    let entry = |out: &mut String, k: &str, v: &Value| {
        let at = crate::diag::map_path(path, k);
        let bare = style.bare || style.bare_entries.contains(&at);
        let comma = if style.commas || style.comma_entries.contains(&at) { "," } else { "" };
        out.push_str(&format!("{indent}  {} = {}{comma}\n", key(k, bare), value(v)));
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
/// recorded layout's order with its comments and blank lines, then any not in the layout.
fn push_block(out: &mut String, kind: &str, args: &[(&str, BlockArg)], layout: Option<&[LayoutItem]>) -> Result<(), String> {
    if args.is_empty() && layout.is_none() {
        out.push_str(&format!("  {kind} {{}}\n"));
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
            Item::Blank => out.push('\n'),
            Item::Comment(c) => comment_line(&mut out, "", c)?,
            Item::Trailing(c) => trailing(&mut out, c)?,
            Item::Scalar(name, v) => out.push_str(&format!("  {name} = {}\n", value(v))),
            Item::Map(name, m) => push_map(&mut out, "  ", (name, name), m, &MapStyle::of(i, name), map_layout(i, name))?,
            Item::Tls(t) => {
                let args: Vec<(&str, BlockArg)> =
                    t.server_name_to_verify.iter().map(|v| ("server_name_to_verify", BlockArg::Value(v))).collect();
                push_block(&mut out, "tls_config", &args, map_layout(i, "tls_config"))?;
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
                push_block(&mut out, "response_parameters", &args, layout)?;
            }
            Item::Verbatim(v) => {
                let checked = super::verbatim::check(v).map_err(|why| format!("`{}`: {why}", v.name))?;
                out.push_str(&checked.text);
                out.push('\n');
            }
        }
    }
    out.push_str("}\n");
    self_check(&out, &i.name, &expected)
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
fn import_id(i: &Integration) -> Option<String> {
    let id = i.import_id()?;
    Some(match i.region.as_ref().and_then(Value::literal) {
        Some(r) if !r.is_empty() => format!("{id}@{r}"),
        _ => id,
    })
}

/// The `import { … }` block (id or identity form), ending with a newline, formatted and
/// checked: it targets exactly this resource.
fn import_block(i: &Integration) -> Option<Result<String, String>> {
    let text = import_text(i)?;
    let to = ["to", "=", RESOURCE_TYPE, ".", i.name.as_str()];
    Some(match super::format::format(&text).ok().as_deref().map(|t| (outline(t), t)) {
        Some((Some(blocks), t)) if matches!(blocks.as_slice(), [(h, items)] if h == &["import", "{"] && items.first().is_some_and(|first| first == &to) && items.len() == 2) => {
            Ok(t.to_string())
        }
        _ => Err("the import block does not parse back as one import of this resource".into()),
    })
}

fn import_text(i: &Integration) -> Option<String> {
    let t = i.import.as_ref()?;
    let mut out = format!("import {{\n  to = {}\n", address(i));
    match t.form {
        crate::model::ImportForm::Id => out.push_str(&format!("  id = {}\n", quote(&import_id(i)?))),
        crate::model::ImportForm::Identity => {
            out.push_str("  identity = {\n");
            out.push_str(&format!("    api_id = {}\n", quote(&t.api_id)));
            out.push_str(&format!("    id = {}\n", quote(&t.integration_id)));
            if let Some(r) = i.region.as_ref().and_then(Value::literal).filter(|r| !r.is_empty()) {
                out.push_str(&format!("    region = {}\n", quote(r)));
            }
            out.push_str("  }\n");
        }
    }
    out.push_str("}\n");
    Some(out)
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
    /// The resource and, if there is one, its import block after a blank line: one file.
    pub fn document(&self) -> String {
        match &self.import_block {
            Some(imp) => format!("{}\n{imp}", self.resource),
            None => self.resource.clone(),
        }
    }
}

/// Renders one integration: the resource, its import block and the import command.
///
/// This is the only way out of the model. Whatever the model holds, and wherever it came
/// from, the text is exactly one `aws_apigatewayv2_integration` block with the model's
/// name and at most one `import` block targeting it, formatted as `terraform fmt` prints
/// it. When the model cannot be written that way (a name that is not an identifier, an
/// expression that is not exactly one expression, a kept item that is not exactly one
/// allowed argument or block), nothing is rendered and the errors say why, at their fields.
pub fn render(i: &Integration) -> Result<Rendered, Vec<Diagnostic>> {
    let blockers = crate::rules::blockers(i);
    if !blockers.is_empty() {
        return Err(blockers);
    }
    let withheld = |why: String| {
        vec![Diagnostic::new(
            "R-EMIT-1",
            "",
            format!("The output is withheld: {why}. This is a bug in the builder; please report it with the configuration's share link."),
        )]
    };
    let resource = resource(i).map_err(withheld)?;
    let import_block = import_block(i).transpose().map_err(withheld)?;
    Ok(Rendered { resource, import_block, import_command: import_command(i) })
}

/// Renders several integrations as one file, separated by blank lines; `Err` lists every
/// integration's reasons when any output is withheld, by index.
pub fn render_all(all: &[Integration]) -> Result<String, Vec<(usize, Diagnostic)>> {
    let mut docs = Vec::with_capacity(all.len());
    let mut problems = Vec::new();
    for (n, i) in all.iter().enumerate() {
        match render(i) {
            Ok(r) => docs.push(r.document()),
            Err(d) => problems.extend(d.into_iter().map(|d| (n, d))),
        }
    }
    if problems.is_empty() { Ok(docs.join("\n")) } else { Err(problems) }
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
