//! Partial evaluation: the part of a Terraform expression's value that can be known
//! without running Terraform, so that the rules judge what they can instead of giving up.
//!
//! - [`eval`] computes a value made only of literals: `jsonencode({ action = "send" })`,
//!   `lookup(each.value, "subtype", null)`, `"${each.key}-route"` with `each` known.
//! - [`template`] gives a string whose value is only partly known as literal parts and
//!   holes: `"https://${var.host}"` is `https://` and a hole.
//! - [`instances`] reads a `for_each` that is a literal map or set (directly, or through a
//!   `local` or a variable's default), so each instance can be checked with `each` known.
//!
//! Anything else (a resource attribute, a function this does not know, a `for` expression)
//! is [`Why::Unknown`]: the value exists but cannot be seen here, so the rules stay silent.
//! Evaluation is bounded (depth and size), never panics, and reads only the expression.

use crate::hcl::syntax::{Expr, ExprKind, ObjectKey, Op, Part as Piece, parse_expr};
use crate::model::{Integration, MAP_ARGS, Map, SCALAR_ARGS, Value};

/// A value made of literals only.
#[derive(Clone, Debug, PartialEq)]
pub enum Known {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Num(String),
    /// A string, decoded.
    Str(String),
    /// A tuple or list (also a set, kept in the written order).
    List(Vec<Known>),
    /// An object or map, in the written order.
    Object(Vec<(String, Known)>),
}

/// Why an expression has no known value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// It depends on something this cannot see (a resource attribute, an unknown function).
    Unknown,
    /// Terraform would fail on it (a missing attribute of a known object): `try` moves on.
    Error,
}

/// The names an expression may refer to: `each`, and `local.NAME` / `var.NAME` as
/// expression texts (a variable's default stands in for the variable).
#[derive(Clone, Copy, Default)]
pub struct Scope<'a> {
    /// `each.key` and `each.value` of one `for_each` instance.
    pub each: Option<(&'a str, &'a Known)>,
    /// `locals` entries: (name, expression text).
    pub locals: &'a [(String, String)],
    /// Variables with a default: (name, default expression text).
    pub defaults: &'a [(String, String)],
}

/// Nesting and size limits: a hostile expression costs bounded work.
const MAX_DEPTH: usize = 32;
const MAX_ITEMS: usize = 10_000;

/// The value of an expression text, if it is made only of literals (given `scope`).
pub fn eval(text: &str, scope: &Scope) -> Result<Known, Why> {
    let e = parse_expr(text).map_err(|_| Why::Unknown)?;
    Ev { scope, depth: 0, items: 0 }.expr(&e)
}

/// One piece of a string template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text, decoded.
    Lit(String),
    /// A value not known here; holds the interpolated expression's text.
    Hole(String),
}

/// A string expression as literal parts and holes, if the expression is a string
/// template (a quoted string; heredocs are not read); adjacent literals are merged.
pub fn template(text: &str, scope: &Scope) -> Option<Vec<Part>> {
    let e = parse_expr(text).ok()?;
    let t = match &e.kind {
        ExprKind::Str(s) => return Some(vec![Part::Lit(s.clone())]),
        ExprKind::Template(t) => t,
        _ => return None,
    };
    let mut ev = Ev { scope, depth: 0, items: 0 };
    let mut parts: Vec<Part> = Vec::new();
    let mut push = |p: Part| match (parts.last_mut(), p) {
        (Some(Part::Lit(a)), Part::Lit(b)) => a.push_str(&b),
        (_, p) => parts.push(p),
    };
    for el in t {
        match el {
            Piece::Lit(s) => push(Part::Lit(s.clone())),
            Piece::Interp(e) => match ev.expr(e).ok().and_then(|k| k.as_string()) {
                Some(s) => push(Part::Lit(s)),
                None => push(Part::Hole(span_text(text, e))),
            },
            Piece::Directive(_) => push(Part::Hole(String::new())),
        }
    }
    Some(parts)
}

fn span_text(src: &str, e: &Expr) -> String {
    src.get(e.span.clone()).unwrap_or("").trim().to_string()
}

/// The instances a `for_each` expression makes, as (each.key, each.value), if it is a
/// literal map or object (`each.value` is the entry) or a literal set of strings
/// (`toset([...])`: `each.value` is the key).
pub fn instances(for_each: &str, scope: &Scope) -> Option<Vec<(String, Known)>> {
    let scope = Scope { each: None, ..*scope };
    match eval(for_each, &scope).ok()? {
        Known::Object(entries) => Some(entries),
        Known::List(items) => items.into_iter().map(|k| k.as_string().map(|s| (s.clone(), Known::Str(s)))).collect(),
        _ => None,
    }
}

/// The model with every expression whose value is known here replaced by that value:
/// a string or number literal, `true`/`false`, or nothing for `null` (Terraform treats a
/// null argument as unset); a template with known parts keeps only its holes; a map
/// argument kept as written becomes a map when its value is a known object. What the
/// rules then judge is what Terraform would see.
pub fn resolve(i: &Integration, scope: &Scope) -> Integration {
    let mut out = i.clone();
    for name in SCALAR_ARGS {
        if let Some(slot) = out.scalar_mut(name)
            && let Some(Value::Expr(e)) = slot.as_ref()
        {
            *slot = resolve_value(e, scope);
        }
    }
    for name in MAP_ARGS {
        if let Some(Some(m)) = out.map_mut(name) {
            resolve_map(m, scope);
        }
    }
    for rp in &mut out.response_parameters {
        if let Some(Value::Expr(e)) = rp.status_code.as_ref() {
            rp.status_code = resolve_value(e, scope);
        }
        if let Some(m) = &mut rp.mappings {
            resolve_map(m, scope);
        }
    }
    if let Some(t) = &mut out.tls_config
        && let Some(Value::Expr(e)) = t.server_name_to_verify.as_ref()
    {
        t.server_name_to_verify = resolve_value(e, scope);
    }
    // `request_parameters = each.value.params`: kept as written (the item stays, for the
    // output), and its known value fills the map the rules read.
    for v in &i.verbatim {
        if !MAP_ARGS.contains(&v.name.as_str()) || out.map(&v.name).is_some() {
            continue;
        }
        let Some((_, e)) = v.text.split_once('=') else { continue };
        if let Ok(Known::Object(entries)) = eval(e.trim(), scope)
            && let Some(slot) = out.map_mut(&v.name)
        {
            *slot = Some(Map(entries.into_iter().filter_map(|(k, v)| scalar_value(v).map(|v| (k, v))).collect()));
        }
    }
    out
}

fn resolve_map(m: &mut Map, scope: &Scope) {
    m.0.retain_mut(|(_, v)| match v {
        Value::Expr(e) => match resolve_value(e, scope) {
            Some(r) => {
                *v = r;
                true
            }
            None => false,
        },
        _ => true,
    });
}

/// An expression's value for the rules: `None` when it is `null`.
fn resolve_value(e: &str, scope: &Scope) -> Option<Value> {
    match eval(e, scope) {
        Ok(k) => known_value(k, e),
        Err(_) if scope.each.is_some() => {
            // A template whose `each` parts are known keeps only its other holes.
            let Some(parts) = template(e, scope) else { return Some(Value::Expr(e.to_string())) };
            let mut text = String::from("\"");
            for p in &parts {
                match p {
                    Part::Lit(l) => {
                        let q = crate::hcl::escape::quote(l);
                        text.push_str(&q[1..q.len() - 1]);
                    }
                    Part::Hole(h) if !h.is_empty() => text.push_str(&format!("${{{h}}}")),
                    Part::Hole(_) => return Some(Value::Expr(e.to_string())),
                }
            }
            text.push('"');
            Some(Value::Expr(text))
        }
        Err(_) => Some(Value::Expr(e.to_string())),
    }
}

/// A map entry's known value: strings, numbers and bools (`None` drops the entry).
fn scalar_value(k: Known) -> Option<Value> {
    match k {
        Known::Str(s) => Some(Value::Str(s)),
        Known::Num(n) => Some(Value::Num(n)),
        Known::Bool(b) => Some(Value::Str(b.to_string())),
        _ => None,
    }
}

/// A known value as the model holds it (`None` for `null`); a list or object stays the
/// expression `text` it came from.
fn known_value(k: Known, text: &str) -> Option<Value> {
    match k {
        Known::Null => None,
        Known::Str(s) => Some(Value::Str(s)),
        Known::Num(n) => Some(Value::Num(n)),
        Known::Bool(b) => Some(Value::Expr(b.to_string())),
        Known::List(_) | Known::Object(_) => Some(Value::Expr(text.to_string())),
    }
}

impl Known {
    /// The value as Terraform converts it to a string (strings, numbers, bools).
    pub fn as_string(&self) -> Option<String> {
        match self {
            Known::Str(s) => Some(s.clone()),
            Known::Num(n) => Some(number_text(n)),
            Known::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Result<&Known, Why> {
        match self {
            Known::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v).ok_or(Why::Error),
            Known::List(items) => key.parse::<usize>().ok().and_then(|n| items.get(n)).ok_or(Why::Error),
            _ => Err(Why::Error),
        }
    }

    /// `jsonencode`, as Terraform prints it: compact, object keys sorted, and `<`, `>`,
    /// `&`, U+2028 and U+2029 escaped as Go's encoder does.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Known::Null => out.push_str("null"),
            Known::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Known::Num(n) => out.push_str(&number_text(n)),
            Known::Str(s) => json_string(s, out),
            Known::List(items) => {
                out.push('[');
                for (n, v) in items.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
            Known::Object(entries) => {
                // Keys in byte order, as Go's encoder writes them. They are unique (an object
                // keeps the last of a key written twice, as Terraform does). Ordered by a
                // `BTreeMap<&str, Vec<usize>>`, the type the workspace rules group by
                // (`rules::validate_set`): the web bundle then has no sort of its own for
                // this (measured: a sort of the entries was 0.9 KB more brotli).
                let mut order: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
                for (n, (k, _)) in entries.iter().enumerate() {
                    order.entry(k.as_str()).or_default().push(n);
                }
                out.push('{');
                for (n, (k, at)) in order.into_iter().enumerate() {
                    let Some((_, v)) = at.last().and_then(|&i| entries.get(i)) else { continue };
                    if n > 0 {
                        out.push(',');
                    }
                    json_string(k, out);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// A number as cty prints it (`jsonencode`, templates): the literal's digits in plain
/// decimal notation ([`crate::hcl::number::canonical`]); as written when that is not
/// possible (an exponent in the thousands).
fn number_text(n: &str) -> String {
    crate::hcl::number::canonical(n).unwrap_or_else(|| n.to_string())
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Ev<'s, 'a> {
    scope: &'s Scope<'a>,
    depth: usize,
    items: usize,
}

impl Ev<'_, '_> {
    fn expr(&mut self, e: &Expr) -> Result<Known, Why> {
        self.depth += 1;
        self.items += 1;
        let r = if self.depth > MAX_DEPTH || self.items > MAX_ITEMS { Err(Why::Unknown) } else { self.expr_inner(e) };
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> Result<Known, Why> {
        match &e.kind {
            ExprKind::Null => Ok(Known::Null),
            ExprKind::Bool(b) => Ok(Known::Bool(*b)),
            ExprKind::Number(n) => Ok(Known::Num(n.clone())),
            ExprKind::Str(s) => Ok(Known::Str(s.clone())),
            ExprKind::Tuple(a) => a.iter().map(|v| self.expr(v)).collect::<Result<_, _>>().map(Known::List),
            ExprKind::Object(o) => {
                let mut entries: Vec<(String, Known)> = Vec::new();
                for item in o {
                    let key = match &item.key {
                        ObjectKey::Ident(i, _) => i.clone(),
                        ObjectKey::Expr(e) => self.expr(e)?.as_string().ok_or(Why::Unknown)?,
                    };
                    let value = self.expr(&item.value)?;
                    entries.retain(|(k, _)| *k != key);
                    entries.push((key, value));
                }
                Ok(Known::Object(entries))
            }
            ExprKind::Template(t) => self.template(t),
            ExprKind::Paren(p) => self.expr(p),
            ExprKind::Conditional(c, yes, no) => match self.expr(c)? {
                Known::Bool(true) => self.expr(yes),
                Known::Bool(false) => self.expr(no),
                _ => Err(Why::Error),
            },
            ExprKind::Var(_) => self.traversal(e, &[]),
            ExprKind::Traversal(base, ops) => self.traversal(base, ops),
            ExprKind::Call { name, args, expand } => self.call(name, args, *expand),
            _ => Err(Why::Unknown),
        }
    }

    fn template(&mut self, t: &[Piece]) -> Result<Known, Why> {
        let mut s = String::new();
        for el in t {
            match el {
                Piece::Lit(l) => s.push_str(l),
                Piece::Interp(e) => s.push_str(&self.expr(e)?.as_string().ok_or(Why::Unknown)?),
                Piece::Directive(_) => return Err(Why::Unknown),
            }
        }
        Ok(Known::Str(s))
    }

    fn traversal(&mut self, root: &Expr, ops: &[Op]) -> Result<Known, Why> {
        let attr = |n: usize| match ops.get(n) {
            Some(Op::Attr(i)) => Some(i.clone()),
            _ => None,
        };
        let (mut value, rest) = match &root.kind {
            ExprKind::Var(v) => match v.as_str() {
                "each" => {
                    let (key, value) = self.scope.each.ok_or(Why::Unknown)?;
                    match attr(0).as_deref() {
                        Some("key") => (Known::Str(key.to_string()), 1),
                        Some("value") => (value.clone(), 1),
                        _ => return Err(Why::Unknown),
                    }
                }
                "local" | "var" => {
                    let name = attr(0).ok_or(Why::Unknown)?;
                    let table = if v.as_str() == "local" { self.scope.locals } else { self.scope.defaults };
                    let text = table.iter().find(|(n, _)| *n == name).map(|(_, t)| t.as_str()).ok_or(Why::Unknown)?;
                    let e = parse_expr(text).map_err(|_| Why::Unknown)?;
                    // Locals may refer to each other; the depth limit ends a cycle.
                    self.depth += 4;
                    let r = self.expr(&e);
                    self.depth -= 4;
                    (r?, 1)
                }
                _ => return Err(Why::Unknown),
            },
            _ => (self.expr(root)?, 0),
        };
        for op in ops.get(rest..).unwrap_or(&[]) {
            let key = match op {
                Op::Attr(i) => i.clone(),
                Op::Index(e) => self.expr(e)?.as_string().ok_or(Why::Error)?,
                Op::LegacyIndex(n) => n.clone(),
                Op::AttrSplat | Op::FullSplat => return Err(Why::Unknown),
            };
            value = value.get(&key)?.clone();
        }
        Ok(value)
    }

    fn call(&mut self, name: &str, args: &[Expr], expand: bool) -> Result<Known, Why> {
        if name.contains("::") || expand {
            return Err(Why::Unknown);
        }
        let args: Vec<&Expr> = args.iter().collect();
        match (name, args.as_slice()) {
            ("try", [..]) if !args.is_empty() => {
                for a in &args {
                    match self.expr(a) {
                        Ok(v) => return Ok(v),
                        Err(Why::Unknown) => return Err(Why::Unknown),
                        Err(Why::Error) => {}
                    }
                }
                Err(Why::Error)
            }
            ("lookup", [m, k, rest @ ..]) if rest.len() <= 1 => {
                let m = self.expr(m)?;
                let k = self.expr(k)?.as_string().ok_or(Why::Error)?;
                match (&m, m.get(&k)) {
                    (Known::Object(_), Ok(v)) => Ok(v.clone()),
                    (Known::Object(_), Err(_)) => match rest.first() {
                        Some(d) => self.expr(d),
                        None => Err(Why::Error),
                    },
                    _ => Err(Why::Error),
                }
            }
            ("jsonencode", [v]) => Ok(Known::Str(self.expr(v)?.to_json())),
            ("tostring", [v]) => match self.expr(v)? {
                Known::Null => Ok(Known::Null),
                k => k.as_string().map(Known::Str).ok_or(Why::Error),
            },
            ("toset" | "tolist" | "tomap" | "tonumber" | "tobool", [v]) => self.expr(v),
            ("coalesce", [..]) if !args.is_empty() => {
                for a in &args {
                    match self.expr(a)? {
                        Known::Null => {}
                        Known::Str(s) if s.is_empty() => {}
                        v => return Ok(v),
                    }
                }
                Err(Why::Error)
            }
            _ => Err(Why::Unknown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Known {
        eval(text, &Scope::default()).unwrap()
    }

    #[test]
    fn literals_and_jsonencode() {
        assert_eq!(ok("\"a\""), Known::Str("a".into()));
        assert_eq!(
            ok("jsonencode({ b = 1, a = \"<x>\", c = [true, null] })"),
            Known::Str(r#"{"a":"\u003cx\u003e","b":1,"c":[true,null]}"#.into())
        );
        // Keys sorted; a key written twice is the last one, as Terraform has it.
        assert_eq!(ok("jsonencode({ b = 1, a = 2, b = 3, a = 4 })"), Known::Str(r#"{"a":4,"b":3}"#.into()));
        assert_eq!(ok("jsonencode({ action = \"$${request.body}\" })"), Known::Str(r#"{"action":"${request.body}"}"#.into()));
        assert_eq!(eval("jsonencode({ a = var.x })", &Scope::default()), Err(Why::Unknown));
        assert_eq!(eval("aws_lambda_function.f.invoke_arn", &Scope::default()), Err(Why::Unknown));
        // Numbers as cty prints them: plain decimals, every digit kept (an f64 would
        // print 12345678901234567000 and 0.30000000000000004-style tails).
        assert_eq!(
            ok("jsonencode([1.50, 1e3, 0012, 12345678901234567890, 2.5e-3])"),
            Known::Str("[1.5,1000,12,12345678901234567890,0.0025]".into())
        );
        assert_eq!(ok("\"${1.50} ${2e2}\""), Known::Str("1.5 200".into()));
    }

    #[test]
    fn each_lookup_try_locals_defaults() {
        let value = Known::Object(vec![("subtype".into(), Known::Null), ("uri".into(), Known::Str("https://x".into()))]);
        let locals = vec![("routes".to_string(), "{ a = { subtype = \"SQS-SendMessage\" } }".to_string())];
        let defaults = vec![("region".to_string(), "\"eu-west-1\"".to_string())];
        let scope = Scope { each: Some(("k", &value)), locals: &locals, defaults: &defaults };
        let ev = |t: &str| eval(t, &scope);
        assert_eq!(ev("each.key"), Ok(Known::Str("k".into())));
        assert_eq!(ev("each.value.subtype"), Ok(Known::Null));
        assert_eq!(ev("each.value[\"uri\"]"), Ok(Known::Str("https://x".into())));
        assert_eq!(ev("each.value.missing"), Err(Why::Error));
        assert_eq!(ev("try(each.value.missing, \"d\")"), Ok(Known::Str("d".into())));
        assert_eq!(ev("lookup(each.value, \"missing\", null)"), Ok(Known::Null));
        assert_eq!(ev("\"${each.key}-${var.region}\""), Ok(Known::Str("k-eu-west-1".into())));
        assert_eq!(ev("local.routes.a.subtype"), Ok(Known::Str("SQS-SendMessage".into())));
        assert_eq!(ev("try(aws_x.y.z, \"d\")"), Err(Why::Unknown));
    }

    #[test]
    fn templates_keep_their_literal_parts() {
        let s = Scope::default();
        assert_eq!(
            template("\"https://${var.host}/x\"", &s),
            Some(vec![Part::Lit("https://".into()), Part::Hole("var.host".into()), Part::Lit("/x".into())])
        );
        assert_eq!(template("\"a$${b}\"", &s), Some(vec![Part::Lit("a${b}".into())]));
        assert_eq!(template("var.x", &s), None);
    }

    #[test]
    fn for_each_instances() {
        let s = Scope::default();
        let inst = instances("{ get = { m = \"GET\" }, post = { m = \"POST\" } }", &s).unwrap();
        assert_eq!(inst.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["get", "post"]);
        assert_eq!(instances("toset([\"a\", \"b\"])", &s).unwrap()[1], ("b".to_string(), Known::Str("b".into())));
        assert_eq!(instances("var.routes", &s), None);
    }

    #[test]
    fn cycles_and_depth_are_bounded() {
        let locals = vec![("a".to_string(), "local.b".to_string()), ("b".to_string(), "local.a".to_string())];
        let scope = Scope { locals: &locals, ..Scope::default() };
        assert_eq!(eval("local.a", &scope), Err(Why::Unknown));
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(eval(&deep, &Scope::default()), Err(Why::Unknown));
    }
}
