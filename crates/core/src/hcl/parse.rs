//! HCL text → models, with diagnostics that carry line and column. Parsing never fails
//! and never panics: a syntax error is one `R-HCL-5` diagnostic, and anything the model
//! cannot hold is kept verbatim and reported.

use super::syntax::{Attribute, Block, Body, Expr, ExprKind, Item, ObjectKey};
use crate::diag::{Diagnostic, Pos, map_path};
use crate::model::{
    ImportForm, ImportTarget, Integration, LayoutItem, Map, MapLayout, Protocol, ResponseParameters, TlsConfig, Value, Verbatim,
};
use std::ops::Range;

/// One integration read from HCL.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The model.
    pub model: Integration,
    /// Where the resource block starts.
    pub pos: Pos,
    /// Where each field path was written, to place validation diagnostics.
    pub spans: Vec<(String, Pos)>,
    /// What parsing found (unsupported constructs, …), with positions.
    pub diagnostics: Vec<Diagnostic>,
    /// The resource block's bytes in the source, from `resource` to its closing `}`.
    pub span: Range<usize>,
}

impl Parsed {
    /// The position of a field path: the field itself, else its nearest written parent,
    /// else the resource block.
    pub fn locate(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some((_, pos)) = self.spans.iter().find(|(s, _)| s == p) {
                return *pos;
            }
            match p.rfind(['[', '.']) {
                Some(cut) if cut > 0 => p = &p[..cut],
                _ => return self.pos,
            }
        }
    }
}

/// An `aws_apigatewayv2_api` seen in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Api {
    /// Its resource name.
    pub name: String,
    /// Its `protocol_type`, when a literal.
    pub protocol: Option<Protocol>,
    /// Whether it writes `protocol_type` at all (an override file that does not leaves the
    /// protocol as it was).
    pub sets_protocol: bool,
}

/// Everything read from one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedFile {
    /// The integrations, in file order.
    pub integrations: Vec<Parsed>,
    /// The APIs, for protocol inference.
    pub apis: Vec<Api>,
    /// File-level diagnostics (syntax errors, orphan import blocks).
    pub diagnostics: Vec<Diagnostic>,
    /// The other top-level blocks, as `resource "aws_lambda_function" "f"`, so that a
    /// caller can say what it did not take.
    pub ignored: Vec<String>,
    /// The `module` calls, for following `api_id` into local modules.
    pub modules: Vec<ModuleCall>,
    /// The `locals` entries, as (name, expression text), for judging `local.NAME`.
    pub locals: Vec<(String, String)>,
    /// The variables that have a `default`, as (name, default expression text). (The
    /// rules never take a default for the variable's value: a caller may pass another.)
    pub defaults: Vec<(String, String)>,
    /// The variables declared `nullable = false`, which are never null.
    pub not_null: Vec<String>,
}

/// A `module "NAME" { source = "…", input = expression, … }` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleCall {
    /// Its name.
    pub name: String,
    /// Its `source`, when a string literal.
    pub source: Option<String>,
    /// Its other arguments: (name, expression text).
    pub inputs: Vec<(String, String)>,
}

/// Byte offset → line/column.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(src: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    fn pos(&self, src: &str, offset: usize) -> Pos {
        let offset = offset.min(src.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = src.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        Pos { line: line as u32, column: column as u32 }
    }
}

struct Cx<'a> {
    src: &'a str,
    lines: Lines,
    /// Whether most of the file's line breaks are CRLF (for a block that has none of its own).
    crlf: bool,
}

impl Cx<'_> {
    fn pos(&self, span: &Range<usize>) -> Pos {
        self.pos_at(span.start)
    }

    fn pos_at(&self, offset: usize) -> Pos {
        self.lines.pos(self.src, offset)
    }

    fn text(&self, span: &Range<usize>) -> &str {
        self.src.get(span.clone()).unwrap_or("")
    }
}

/// Parses HCL text.
pub fn parse(src: &str) -> ParsedFile {
    let cx = Cx { src, lines: Lines::new(src), crlf: mostly_crlf(src).unwrap_or(false) };
    let body = match super::syntax::parse_body(src) {
        Ok(b) => b,
        Err(e) => {
            let mut file = ParsedFile::default();
            file.diagnostics.push(
                Diagnostic::new(
                    "R-HCL-5",
                    "",
                    format!("Syntax error: {}. Nothing in this file was read; fix the syntax first.", e.message),
                )
                .at(Some(cx.pos_at(e.offset))),
            );
            return file;
        }
    };
    let mut file = ParsedFile::default();
    let mut imports = Vec::new();
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels.iter().map(|(l, _)| l.as_str()).collect();
        match (block.kind.as_str(), labels.as_slice()) {
            ("resource", ["aws_apigatewayv2_integration", name]) => file.integrations.push(integration(&cx, block, name)),
            ("resource", ["aws_apigatewayv2_api", name]) => {
                let protocol = block.body.attribute("protocol_type").and_then(|a| match &a.value.kind {
                    ExprKind::Str(s) => Protocol::parse(s),
                    _ => None,
                });
                let sets_protocol = block.body.attribute("protocol_type").is_some();
                file.apis.push(Api { name: name.to_string(), protocol, sets_protocol });
            }
            ("import", []) => imports.push(block),
            ("module", [name]) => {
                let mut call = ModuleCall { name: name.to_string(), source: None, inputs: Vec::new() };
                for a in block.body.attributes() {
                    match (a.name.as_str(), &a.value.kind) {
                        ("source", ExprKind::Str(s)) => call.source = Some(s.clone()),
                        (key, _) => call.inputs.push((key.to_string(), cx.text(&a.value.span).trim().to_string())),
                    }
                }
                file.modules.push(call);
                file.ignored.push(format!("module \"{}\"", crate::diag::visible(name)));
            }
            ("locals", []) => {
                for a in block.body.attributes() {
                    file.locals.push((a.name.clone(), cx.text(&a.value.span).trim().to_string()));
                }
                file.ignored.push("locals".to_string());
            }
            ("variable", [name]) => {
                if let Some(d) = block.body.attribute("default") {
                    file.defaults.push((name.to_string(), cx.text(&d.value.span).trim().to_string()));
                }
                if block.body.attribute("nullable").is_some_and(|a| a.value.kind == ExprKind::Bool(false)) {
                    file.not_null.push(name.to_string());
                }
                file.ignored.push(format!("variable \"{}\"", crate::diag::visible(name)));
            }
            (ident, labels) => {
                let labels: String = labels.iter().map(|l| format!(" \"{}\"", crate::diag::visible(l))).collect();
                file.ignored.push(format!("{}{labels}", crate::diag::visible(ident)));
            }
        }
    }
    attach_imports(&cx, &imports, &mut file);
    file
}

/// The source text of an item, with its first line's indentation removed from each line that
/// starts between tokens. A line that starts inside a token (a heredoc's body or closing
/// marker, a multi-line `/* */` comment) is the author's text, which `terraform fmt` never
/// re-indents either: a heredoc's indentation is its value (`<<-` strips only the common
/// part), so it stays exactly as written.
fn verbatim(cx: &Cx, s: &Item, name: &str) -> Verbatim {
    let span = s.span();
    let start = span.start;
    let line_start = cx.src.get(..start).and_then(|head| head.rfind('\n')).map_or(0, |i| i + 1);
    let indent = start.saturating_sub(line_start);
    let text = cx.text(&span);
    // The item's text starts at its name, outside any string, so it lexes as it does in place.
    let tokens = super::lex::lex(text);
    let inside_token = |at: usize| {
        let n = tokens.partition_point(|t| t.start <= at);
        n > 0 && tokens.get(n - 1).is_some_and(|t| t.end > at)
    };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 && !inside_token(at) {
            let blanks = line.len() - line.trim_start_matches(' ').len();
            out.push_str(line.get(blanks.min(indent)..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
        at += line.len() + 1;
        if at <= text.len() {
            out.push('\n');
        }
    }
    Verbatim { name: name.to_string(), text: out }
}

/// A scalar value: literal string, number, or the expression's source text.
fn scalar(cx: &Cx, e: &Expr) -> Value {
    match &e.kind {
        ExprKind::Str(s) => Value::Str(s.clone()),
        ExprKind::Number(_) => Value::Num(cx.text(&e.span).trim().to_string()),
        _ => Value::Expr(cx.text(&e.span).trim().to_string()),
    }
}

/// An object literal with literal keys, or `None`.
fn object(cx: &Cx, e: &Expr, base: &str, spans: &mut Vec<(String, Pos)>) -> Option<Map> {
    object_keys(cx, e, base, spans).map(|(m, _)| m)
}

/// How an object literal was written: which keys are bare, which entries end with a comma,
/// which separate key and value with `:` rather than `=`, and its comments and blank lines
/// (when it has any).
struct Style {
    bare: bool,
    /// In a map that mixes bare and quoted keys, the entries written bare.
    bare_entries: Vec<String>,
    commas: bool,
    /// In a map where only some entries end with a comma, those entries.
    comma_entries: Vec<String>,
    colons: bool,
    /// In a map where only some entries are written `key: value`, those entries.
    colon_entries: Vec<String>,
    /// Whether its entries are written on one line (`{ a = 1, b = 2 }`).
    one_line: bool,
    layout: Option<MapLayout>,
    /// Comments that moved to a line of their own (R-HCL-8).
    moved: Vec<Diagnostic>,
}

/// An object literal with literal keys, and how its entries were written.
fn object_keys(cx: &Cx, e: &Expr, base: &str, spans: &mut Vec<(String, Pos)>) -> Option<(Map, Style)> {
    let ExprKind::Object(obj) = &e.kind else { return None };
    let mut out = Vec::new();
    let mut bare = true;
    let mut commas = true;
    let mut colons = true;
    let mut colon_entries = Vec::new();
    let mut layout = Vec::new();
    let mut diags = Vec::new();
    let mut bare_entries = Vec::new();
    let mut comma_entries = Vec::new();
    let mut cursor = e.span.start + 1;
    for item in obj {
        let comma = item.comma;
        commas &= comma;
        let key = match &item.key {
            ObjectKey::Ident(id, _) => {
                bare_entries.push(map_path(base, id));
                id.clone()
            }
            ObjectKey::Expr(Expr { kind: ExprKind::Str(s), .. }) => {
                bare = false;
                s.clone()
            }
            ObjectKey::Expr(_) => return None,
        };
        let key_span = item.key.span();
        // `"key": value` is as valid as `"key" = value`, and `terraform fmt` keeps either.
        let colon = cx
            .src
            .get(key_span.end..item.value.span.start)
            .is_some_and(|between| super::lex::lex(between).iter().any(|t| t.kind == super::lex::Tok::Colon));
        colons &= colon;
        if colon {
            colon_entries.push(map_path(base, &key));
        }
        gap(cx, cursor, key_span.start, &mut layout, &mut diags);
        cursor = item.value.span.end;
        if comma {
            comma_entries.push(map_path(base, &key));
        }
        layout.push(LayoutItem::Attr(key.clone()));
        spans.push((map_path(base, &key), cx.pos(&key_span)));
        out.push((key, scalar(cx, &item.value)));
    }
    gap(cx, cursor, e.span.end.saturating_sub(1), &mut layout, &mut diags);
    let plain = layout.iter().all(|l| matches!(l, LayoutItem::Attr(_)));
    let multi_line = cx.text(&e.span).contains('\n');
    // An empty map written over several lines keeps its (empty) layout: printed `{\n}`.
    let layout = (!plain || (obj.is_empty() && multi_line)).then(|| MapLayout { path: base.to_string(), items: layout });
    let one_line = !multi_line && !obj.is_empty() && layout.is_none();
    let bare = bare && !obj.is_empty();
    let bare_entries = if bare { Vec::new() } else { bare_entries };
    let commas = commas && !obj.is_empty();
    let comma_entries = if commas { Vec::new() } else { comma_entries };
    let colons = colons && !obj.is_empty();
    let colon_entries = if colons { Vec::new() } else { colon_entries };
    Some((Map(out), Style { bare, bare_entries, commas, comma_entries, colons, colon_entries, one_line, layout, moved: diags }))
}

impl Acc {
    /// Records how a map was written, so the emitter writes it the same way.
    fn style(&mut self, path: &str, style: Style) {
        if style.bare {
            self.m.bare_keys.push(path.to_string());
        }
        self.m.bare_keys.extend(style.bare_entries);
        if style.commas {
            self.m.commas.push(path.to_string());
        }
        self.m.commas.extend(style.comma_entries);
        if style.colons {
            self.m.colons.push(path.to_string());
        }
        self.m.colons.extend(style.colon_entries);
        if style.one_line {
            self.m.one_line.push(path.to_string());
        }
        self.m.map_layouts.extend(style.layout);
        self.diags.extend(style.moved.into_iter().map(|d| Diagnostic { path: path.to_string(), ..d }));
    }
}

/// What reading one resource body accumulates.
struct Acc {
    m: Integration,
    layout: Vec<LayoutItem>,
    spans: Vec<(String, Pos)>,
    diags: Vec<Diagnostic>,
}

impl Acc {
    fn report(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>, at: Pos) {
        self.diags.push(Diagnostic::new(code, path, message).at(Some(at)));
    }

    /// Keeps an item as written, in its place; the rules report what it is.
    fn keep(&mut self, cx: &Cx, s: &Item, name: &str) {
        let v = verbatim(cx, s, name);
        self.spans.push((super::verbatim::path(self.m.verbatim.len(), &v), cx.pos(&s.span())));
        self.m.verbatim.push(v);
        self.layout.push(LayoutItem::Verbatim(name.to_string()));
    }
}

fn integration(cx: &Cx, block: &Block, name: &str) -> Parsed {
    let pos = cx.pos(&block.span);
    let mut acc = Acc {
        m: Integration::named(name),
        layout: Vec::new(),
        spans: vec![("name".to_string(), cx.pos(block.labels.get(1).map_or(&block.span, |(_, s)| s)))],
        diags: Vec::new(),
    };

    // The body runs from after the `{` to before the closing `}`.
    let mut cursor = block.open + 1;
    let body_end = block.span.end.saturating_sub(1).max(cursor);

    for s in &block.body.items {
        let span = s.span();
        gap(cx, cursor, span.start, &mut acc.layout, &mut acc.diags);
        cursor = span.end;
        let at = cx.pos(&span);
        match s {
            Item::Attr(a) => {
                // The parser already rejects a redefined argument as a syntax error.
                acc.spans.push((a.name.clone(), at));
                attribute(cx, &mut acc, a, s);
            }
            Item::Block(b) => nested_block(cx, &mut acc, b, s, at),
        }
    }
    gap(cx, cursor, body_end, &mut acc.layout, &mut acc.diags);
    let Acc { mut m, layout, spans, diags } = acc;
    m.layout = Some(layout);
    m.crlf = mostly_crlf(cx.text(&block.span)).unwrap_or(cx.crlf);
    Parsed { model: m, pos, spans, diagnostics: diags, span: block.span.clone() }
}

/// Whether most line breaks of `text` are CRLF; `None` if it has none. The output ends its
/// lines as the block it came from did (a file that mixes both gets the more common one,
/// LF on a tie).
fn mostly_crlf(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let all = bytes.iter().filter(|b| **b == b'\n').count();
    let crlf = bytes.windows(2).filter(|w| *w == b"\r\n").count();
    (all > 0).then_some(crlf * 2 > all)
}

/// Blank lines and comment lines between two items of a body or a map. A comment that
/// ends the previous item's line stays there (`Trailing`); a `/* … */` comment followed by
/// more on that line moves to a line of its own (R-HCL-8); a `/* … */` comment that spans
/// several lines stays one item.
fn gap(cx: &Cx, from: usize, to: usize, layout: &mut Vec<LayoutItem>, diags: &mut Vec<Diagnostic>) {
    use super::lex::Tok;
    let Some(text) = cx.src.get(from..to) else { return };
    // The gap starts on the line of the previous item (or of the opening brace).
    let mut line_has_content = true;
    let mut first_line = true;
    let tokens = super::lex::lex(text);
    for (n, t) in tokens.iter().enumerate() {
        match t.kind {
            Tok::Newline => {
                if !line_has_content {
                    layout.push(LayoutItem::Blank);
                }
                line_has_content = false;
                first_line = false;
            }
            Tok::Comment => {
                let c = t.text(text).trim_end();
                let ends_line = t.text(text).ends_with('\n') || tokens.get(n + 1).is_some_and(|next| next.kind == Tok::Newline);
                if first_line && ends_line {
                    layout.push(LayoutItem::Trailing(c.to_string()));
                } else {
                    if first_line {
                        diags.push(
                            Diagnostic::new(
                                "R-HCL-8",
                                "",
                                format!("The comment `{c}` is followed by more on its line, so it moves to a line of its own."),
                            )
                            .at(Some(cx.pos_at(from + t.start))),
                        );
                    }
                    layout.push(LayoutItem::Comment(c.to_string()));
                }
                line_has_content = !t.text(text).ends_with('\n');
                if !line_has_content {
                    first_line = false;
                }
            }
            _ => line_has_content = true,
        }
    }
}

fn attribute(cx: &Cx, acc: &mut Acc, a: &Attribute, s: &Item) {
    let key = a.name.as_str();
    if let Some(slot) = acc.m.scalar_mut(key) {
        *slot = Some(scalar(cx, &a.value));
        acc.layout.push(LayoutItem::Attr(key.to_string()));
        return;
    }
    if crate::model::MAP_ARGS.contains(&key) {
        match object_keys(cx, &a.value, key, &mut acc.spans) {
            Some((map, style)) => {
                acc.style(key, style);
                if let Some(slot) = acc.m.map_mut(key) {
                    *slot = Some(map);
                }
                acc.layout.push(LayoutItem::Attr(key.to_string()));
            }
            // Not a literal map: kept as written (R-HCL-6 says so).
            None => acc.keep(cx, s, key),
        }
        return;
    }
    // Meta-arguments, and arguments the resource does not have: kept as written; the
    // rules report them (R-HCL-6, R-HCL-3, R-SCH-8) whatever the model came from.
    acc.keep(cx, s, key);
}

fn nested_block(cx: &Cx, acc: &mut Acc, b: &Block, s: &Item, at: Pos) {
    let kind = b.kind.as_str();
    let labelled = !b.labels.is_empty();
    match kind {
        "tls_config" if !labelled && acc.m.tls_config.is_none() => {
            acc.spans.push(("tls_config".into(), at));
            let mut t = TlsConfig::default();
            for item in &b.body.items {
                let ipos = cx.pos(&item.span());
                match item {
                    Item::Attr(a) if a.name == "server_name_to_verify" => {
                        acc.spans.push(("tls_config.server_name_to_verify".into(), ipos));
                        t.server_name_to_verify = Some(scalar(cx, &a.value));
                    }
                    other => unknown_in_block(acc, other, "tls_config", ipos),
                }
            }
            block_layout(cx, acc, b, "tls_config");
            acc.m.tls_config = Some(t);
            acc.layout.push(LayoutItem::Block(kind.into()));
        }
        "tls_config" if !labelled => acc.keep(cx, s, kind),
        // A block whose mappings the model cannot hold (`var.mappings`, `merge(…)`, a key
        // with an interpolation) is kept as written: read without them, it would say they
        // are missing and print the block without them.
        "response_parameters" if !labelled && b.body.items.iter().any(|item| matches!(item, Item::Attr(a) if a.name == "mappings" && object_keys(cx, &a.value, "", &mut Vec::new()).is_none())) => {
            let n = acc.m.verbatim.len();
            acc.keep(cx, s, kind);
            let path = acc.m.verbatim.get(n).map_or_else(|| kind.to_string(), |v| super::verbatim::path(n, v));
            acc.report(
                "R-HCL-6",
                path,
                "This response_parameters block's mappings is not an object literal with literal keys, so the block is kept as written and not checked.",
                at,
            );
        }
        "response_parameters" if !labelled => {
            let base = format!("response_parameters[{}]", acc.m.response_parameters.len());
            acc.spans.push((base.clone(), at));
            let mut rp = ResponseParameters::default();
            for item in &b.body.items {
                let ipos = cx.pos(&item.span());
                match item {
                    Item::Attr(a) if a.name == "status_code" => {
                        acc.spans.push((format!("{base}.status_code"), ipos));
                        rp.status_code = Some(scalar(cx, &a.value));
                    }
                    Item::Attr(a) if a.name == "mappings" => {
                        let path = format!("{base}.mappings");
                        acc.spans.push((path.clone(), ipos));
                        if rp.status_code.is_some() && blank_line_before(cx.src, item.span().start) {
                            acc.m.blank_before.push(path.clone());
                        }
                        // Not an object literal: the block was kept as written (above).
                        if let Some((map, style)) = object_keys(cx, &a.value, &path, &mut acc.spans) {
                            acc.style(&path, style);
                            rp.mappings = Some(map)
                        }
                    }
                    other => unknown_in_block(acc, other, "response_parameters", ipos),
                }
            }
            block_layout(cx, acc, b, &base);
            acc.m.response_parameters.push(rp);
            acc.layout.push(LayoutItem::Block(kind.into()));
        }
        // lifecycle, dynamic, provisioner, connection, and blocks the resource does not
        // have: kept as written; the rules report them.
        _ => acc.keep(cx, s, kind),
    }
}

/// The comments and blank lines among a nested block's arguments, if it has any, and whether
/// it is written on one line (`tls_config { server_name_to_verify = "x" }`).
fn block_layout(cx: &Cx, acc: &mut Acc, b: &Block, path: &str) {
    if !cx.text(&b.span).contains('\n') && b.body.items.len() == 1 {
        acc.m.one_line.push(path.to_string());
    }
    let (items, diags) = body_layout(cx, b);
    acc.diags.extend(diags.into_iter().map(|d| Diagnostic { path: path.to_string(), ..d }));
    if items.iter().any(|l| !matches!(l, LayoutItem::Attr(_) | LayoutItem::Block(_))) {
        acc.m.map_layouts.push(MapLayout { path: path.to_string(), items });
    }
}

/// A block's arguments and blocks in order, with the comments and blank lines among them.
fn body_layout(cx: &Cx, b: &Block) -> (Vec<LayoutItem>, Vec<Diagnostic>) {
    let mut cursor = b.open + 1;
    let end = b.span.end.saturating_sub(1).max(cursor);
    let mut items = Vec::new();
    let mut diags = Vec::new();
    for item in &b.body.items {
        let r = item.span();
        gap(cx, cursor, r.start, &mut items, &mut diags);
        cursor = r.end.max(cursor);
        items.push(match item {
            Item::Attr(a) => LayoutItem::Attr(a.name.clone()),
            Item::Block(b) => LayoutItem::Block(b.kind.clone()),
        });
    }
    gap(cx, cursor, end, &mut items, &mut diags);
    (items, diags)
}

/// Whether the line before the one holding byte `start` is blank.
fn blank_line_before(src: &str, start: usize) -> bool {
    let Some(head) = src.get(..start) else { return false };
    let Some(line_start) = head.rfind('\n') else { return false };
    let before = &head[..line_start];
    let prev = before.rfind('\n').map_or(before, |k| &before[k + 1..]);
    prev.trim().is_empty()
}

fn unknown_in_block(acc: &mut Acc, s: &Item, block: &str, at: Pos) {
    let (what, name) = match s {
        Item::Attr(a) => ("argument", a.name.as_str()),
        Item::Block(b) => ("block", b.kind.as_str()),
    };
    acc.report(
        "R-HCL-3",
        format!("{block}.{name}"),
        format!("{block} has no {what} `{name}`; Terraform will reject it (it was not read)."),
        at,
    );
}

/// The resource an import block's `to` names, `aws_apigatewayv2_integration.NAME` or an
/// instance of it (`….NAME[each.key]`): its name, and whether an instance is named.
fn import_target(to: &Expr) -> Option<(&str, bool)> {
    use super::syntax::Op;
    let ExprKind::Traversal(root, ops) = &to.kind else { return None };
    if !matches!(&root.kind, ExprKind::Var(v) if v == super::emit::RESOURCE_TYPE) {
        return None;
    }
    match ops.as_slice() {
        [Op::Attr(name)] => Some((name, false)),
        [Op::Attr(name), Op::Index(_) | Op::LegacyIndex(_)] => Some((name, true)),
        _ => None,
    }
}

/// Attaches each `import` block to the integration it targets. The first block for a
/// resource's own address becomes the model's import target when the model holds it exactly
/// (it prints back as `terraform fmt` prints it); any other is reported, never dropped
/// silently: a second block for the same address is an error in Terraform (R-IMP-1d), and a
/// block the model cannot hold (`for_each`, an instance address, an id that is not a literal,
/// identity attributes other than `api_id` and `id`) is left out of the output (R-IMP-4b).
///
/// What Terraform allows in an import block: `to` (required), `id` or `identity` (one of
/// them), `for_each` and `provider`
/// (<https://developer.hashicorp.com/terraform/language/block/import>); it rejects two
/// imports into one address (hashicorp/terraform#33190) and takes one block per instance of
/// a resource with `count` or `for_each` (hashicorp/terraform#39073).
fn attach_imports(cx: &Cx, imports: &[&Block], file: &mut ParsedFile) {
    // The addresses already imported into, as written without blanks: (integration, address).
    let mut seen: Vec<(usize, String)> = Vec::new();
    for block in imports {
        let at = cx.pos(&block.span);
        let Some(to) = block.body.attribute("to") else { continue };
        let to_text = cx.text(&to.value.span).trim().to_string();
        let Some((name, instance)) = import_target(&to.value) else {
            // Another resource type, a module's resource, or not an address at all.
            continue;
        };
        let Some(n) = file.integrations.iter().position(|p| p.model.name == name) else {
            file.diagnostics.push(
                Diagnostic::new(
                    "R-IMP-1c",
                    "import.to",
                    format!(
                        "This import block targets `{}`, which is not in this configuration; add the resource block or fix the name.",
                        crate::diag::visible(&to_text)
                    ),
                )
                .at(Some(at)),
            );
            continue;
        };
        let address: String = to_text.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(target) = file.integrations.get_mut(n) else { continue };
        if seen.iter().any(|(k, a)| *k == n && *a == address) {
            target.diagnostics.push(
                Diagnostic::new(
                    "R-IMP-1d",
                    "import",
                    format!(
                        "A second import block for `{}`: Terraform rejects more than one import into the same address. Keep one of them.",
                        crate::diag::visible(&to_text)
                    ),
                )
                .at(Some(at)),
            );
            continue;
        }
        seen.push((n, address));
        let held = if instance { Err("it imports into an instance of the resource") } else { held_import(cx, block, &mut target.model) };
        match held {
            Ok(()) => {
                let id = block.body.attribute("id").or_else(|| block.body.attribute("identity"));
                target.spans.push(("import.id".into(), cx.pos(&id.map_or_else(|| block.span.clone(), |a| a.span.clone()))));
            }
            Err(why) => target.diagnostics.push(
                Diagnostic::new(
                    "R-IMP-4b",
                    "import",
                    format!(
                        "This import block is not read ({why}). The builder models one import block per resource, of the `id` or `identity` form, so `render` and the web form leave this one out of their output; your file keeps it."
                    ),
                )
                .at(Some(at)),
            ),
        }
    }
}

/// Sets the model's import target from an `import` block of the resource's own address, if
/// the model holds it exactly: printed from the model, the block reads as `terraform fmt`
/// prints it. `Err` says what the model cannot hold (and the model has no import target).
fn held_import(cx: &Cx, block: &Block, m: &mut Integration) -> Result<(), &'static str> {
    let body: &Body = &block.body;
    if body.blocks().next().is_some() {
        return Err("it has a nested block");
    }
    if let Some(a) = body.attributes().find(|a| !matches!(a.name.as_str(), "to" | "id" | "identity" | "provider")) {
        return Err(if a.name == "for_each" {
            "it has `for_each`"
        } else {
            "it has an argument Terraform does not define for import blocks"
        });
    }
    let mut t = ImportTarget::default();
    // The id literal's place in the block's text, and the literal.
    let mut id_literal = None;
    match (body.attribute("id"), body.attribute("identity")) {
        (Some(id), None) => {
            let ExprKind::Str(s) = &id.value.kind else { return Err("its id is not a string literal") };
            id_literal = Some((id.value.span.clone(), s.as_str()));
            let mut v = s.as_str();
            if let Some(r) = m.region.as_ref().and_then(Value::literal)
                && let Some(stripped) = v.strip_suffix(&format!("@{r}"))
            {
                v = stripped;
            }
            let (api, integ) = v.split_once('/').unwrap_or((v, ""));
            t.api_id = api.to_string();
            t.integration_id = integ.to_string();
        }
        (None, Some(identity)) => {
            t.form = ImportForm::Identity;
            let map = object(cx, &identity.value, "import.identity", &mut Vec::new()).ok_or("its identity is not an object literal")?;
            let literal = |k: &str| map.get(k).and_then(Value::literal).map(str::to_string);
            t.api_id = literal("api_id").ok_or("its identity's api_id is not a literal")?;
            t.integration_id = literal("id").ok_or("its identity's id is not a literal")?;
        }
        (Some(_), Some(_)) => return Err("it has both `id` and `identity`"),
        (None, None) => return Err("it has neither `id` nor `identity`"),
    }
    if let Some(p) = body.attribute("provider") {
        let text = cx.text(&p.value.span).trim();
        if !super::emit::is_provider_reference(text) {
            return Err("its provider is not a provider reference such as `aws.west`");
        }
        t.provider = Some(text.to_string());
    }
    let (layout, _) = body_layout(cx, block);
    let canonical = [LayoutItem::Attr("to".into()), LayoutItem::Attr(if t.form == ImportForm::Id { "id" } else { "identity" }.into())];
    let plain = layout.len() == canonical.len() + usize::from(t.provider.is_some())
        && layout.iter().zip(canonical.iter().chain([&LayoutItem::Attr("provider".into())])).all(|(a, b)| a == b);
    t.layout = (!plain).then_some(layout);
    let id_form = t.form == ImportForm::Id;
    m.import = Some(t);
    let held = prints_as_written(cx, block, m, id_literal.filter(|_| id_form));
    if held.is_err() {
        m.import = None;
    }
    held
}

/// Whether the model's import target (just set from `block`) prints as `block` is written,
/// as far as `terraform fmt` can tell: the same tokens, line breaks included. An id the
/// provider rejects is compared as the model prints it (R-IMP-1 reports it).
fn prints_as_written(cx: &Cx, block: &Block, m: &Integration, id_literal: Option<(Range<usize>, &str)>) -> Result<(), &'static str> {
    let mut source = cx.text(&block.span).to_string();
    if let Some((span, literal)) = id_literal {
        let printed = super::emit::import_id(m).unwrap_or_default();
        if printed != literal {
            // An id the provider accepts is printed as written or not read; one it rejects
            // (R-IMP-1 says why) is read as its two parts, which is what the form edits.
            let parts = literal.split_once('/').filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.contains('/'));
            if parts.is_some() {
                return Err("its id is not `API_ID/INTEGRATION_ID` with the `@region` of the resource's literal region");
            }
            let at = span.start.saturating_sub(block.span.start)..span.end.saturating_sub(block.span.start);
            if source.get(at.clone()).is_none() {
                return Err("its id could not be read");
            }
            source.replace_range(at, &super::quote(&printed));
        }
    }
    // Whatever else the block says (identity's `region` or `account_id`, a key written
    // another way, a comment the printer would move) shows as a difference here. The
    // formatter recomputes only the blanks between tokens, so the same tokens print the same.
    match super::emit::import_text(m) {
        Some(Ok((printed, _))) if same_tokens(&printed, &format!("{source}\n")) => Ok(()),
        _ => Err("it says more than the builder's model of an import holds"),
    }
}

/// Whether two texts are the same tokens, a line break the same whether LF or CRLF.
fn same_tokens(a: &str, b: &str) -> bool {
    use super::lex::{Tok, Token, lex};
    let text = |t: &Token, s: &'_ str| -> String {
        let own = t.text(s);
        match t.kind {
            Tok::Newline | Tok::Comment | Tok::OHeredoc => own.replace("\r\n", "\n"),
            _ => own.to_string(),
        }
    };
    let (ta, tb) = (lex(a), lex(b));
    ta.len() == tb.len() && ta.iter().zip(&tb).all(|(x, y)| x.kind == y.kind && text(x, a) == text(y, b))
}
