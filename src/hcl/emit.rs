//! Model → HCL text, byte-identical to what `terraform fmt` prints.
//!
//! A new configuration gets the canonical order: `api_id` and `integration_type`, a
//! blank line, the other arguments alphabetically, then maps and blocks, each after a
//! blank line. A configuration parsed from HCL keeps its layout (order, blank lines,
//! comment lines), so editing one value changes only that line; arguments added later
//! join the last group of plain arguments.

use super::align::align;
use super::escape::quote;
use crate::model::{Integration, LayoutItem, Map, ResponseParameters, SCALAR_ARGS, TlsConfig, Value, Verbatim};

/// The resource type this builder writes.
pub const RESOURCE_TYPE: &str = "aws_apigatewayv2_integration";

/// One item of the resource body.
enum Item<'a> {
    Blank,
    Comment(&'a str),
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
}

/// The text of a value.
pub fn value(v: &Value) -> String {
    match v {
        Value::Str(s) => quote(s),
        Value::Num(n) if is_number_literal(n) => n.clone(),
        Value::Num(n) => quote(n),
        Value::Expr(e) if e.trim().is_empty() => "null".to_string(),
        Value::Expr(e) => e.trim().to_string(),
    }
}

fn is_number_literal(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty() && b[0].is_ascii_digit() && n.parse::<f64>().is_ok_and(f64::is_finite)
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
    let mut rest: Vec<&'static str> = SCALAR_ARGS[2..].to_vec();
    rest.sort_unstable();
    for name in rest {
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
    for item in layout {
        match item {
            LayoutItem::Blank => items.push(Item::Blank),
            LayoutItem::Comment(c) => items.push(Item::Comment(c)),
            LayoutItem::Attr(name) => {
                let Some(name) = static_name(name) else { continue };
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
    }
    let missing: Vec<Item> =
        SCALAR_ARGS.iter().filter(|n| !seen.scalars.contains(n)).filter_map(|n| i.scalar(n).map(|v| Item::Scalar(n, v))).collect();
    if !missing.is_empty() {
        let at = items.iter().rposition(Item::is_plain_attr).map_or(0, |p| p + 1);
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

fn push_map(out: &mut String, indent: &str, name: &str, m: &Map) {
    if m.is_empty() {
        out.push_str(&format!("{indent}{name} = {{}}\n"));
        return;
    }
    out.push_str(&format!("{indent}{name} = {{\n"));
    for (k, v) in m.iter() {
        out.push_str(&format!("{indent}  {} = {}\n", quote(k), value(v)));
    }
    out.push_str(&format!("{indent}}}\n"));
}

/// Re-indents verbatim text (whose first line has no indentation) to `indent`.
fn push_verbatim(out: &mut String, indent: &str, v: &Verbatim) {
    for (n, line) in v.text.lines().enumerate() {
        if n > 0 && line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(indent);
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The `resource "aws_apigatewayv2_integration" "NAME" { … }` block, ending with a newline.
pub fn resource(i: &Integration) -> String {
    let items = match &i.layout {
        Some(layout) => from_layout(i, layout),
        None => canonical(i),
    };
    let mut out = format!("resource \"{RESOURCE_TYPE}\" {} {{\n", quote(&i.name));
    for item in tidy(items) {
        match item {
            Item::Blank => out.push('\n'),
            Item::Comment(c) => {
                for line in c.lines() {
                    out.push_str("  ");
                    out.push_str(line.trim());
                    out.push('\n');
                }
            }
            Item::Scalar(name, v) => out.push_str(&format!("  {name} = {}\n", value(v))),
            Item::Map(name, m) => push_map(&mut out, "  ", name, m),
            Item::Tls(t) => match &t.server_name_to_verify {
                Some(v) => out.push_str(&format!("  tls_config {{\n    server_name_to_verify = {}\n  }}\n", value(v))),
                None => out.push_str("  tls_config {}\n"),
            },
            Item::Response(rp) => {
                out.push_str("  response_parameters {\n");
                if let Some(v) = &rp.status_code {
                    out.push_str(&format!("    status_code = {}\n", value(v)));
                }
                if let Some(m) = &rp.mappings {
                    push_map(&mut out, "    ", "mappings", m);
                }
                out.push_str("  }\n");
            }
            Item::Verbatim(v) => push_verbatim(&mut out, "  ", v),
        }
    }
    out.push_str("}\n");
    align(&out)
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

/// The `import { … }` block (id or identity form), ending with a newline.
pub fn import_block(i: &Integration) -> Option<String> {
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
    Some(align(&out))
}

/// The `terraform import` command line (the id is shell-quoted when it needs to be).
pub fn import_command(i: &Integration) -> Option<String> {
    let id = import_id(i)?;
    let plain = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._/@:-+=,".contains(&b));
    let id = if plain { id } else { format!("'{}'", id.replace('\'', r"'\''")) };
    Some(format!("terraform import {} {id}", address(i)))
}

/// The resource and, if there is an import target, its import block after a blank line.
pub fn document(i: &Integration) -> String {
    let mut out = resource(i);
    if let Some(imp) = import_block(i) {
        out.push('\n');
        out.push_str(&imp);
    }
    out
}

/// Several integrations, separated by blank lines.
pub fn documents(all: &[Integration]) -> String {
    all.iter().map(document).collect::<Vec<_>>().join("\n")
}
