//! Partial evaluation: the part of a Terraform expression's value that can be known
//! without running Terraform, so that the rules judge what they can instead of giving up.
//!
//! - [`eval`] computes a value made only of literals: `jsonencode({ action = "send" })`,
//!   `lookup(each.value, "subtype", null)`, `"${each.key}-route"` with `each` known.
//! - [`template`] gives a string whose value is only partly known as literal parts and
//!   holes: `"https://${var.host}"` is `https://` and a hole.
//! - [`instances`] reads a `for_each` that is a literal map or set (directly, or through a
//!   `local`; never through a variable, whose default a caller may replace), so each instance
//!   can be checked with `each` known.
//!
//! - [`may_be_null`] says whether an expression whose value is not known may still be
//!   `null` (`var.x`, `lookup(each.value, "k", null)`, `c ? "X" : null`), or is surely set
//!   (`"https://${var.host}"`, `aws_lambda_function.f.invoke_arn`, `jsonencode(…)`).
//!
//! Anything else (a resource attribute, a variable, a function this does not know, a
//! `for` expression) is [`Why::Unknown`]: the value exists but cannot be seen here, so the
//! rules stay silent. Evaluation is bounded (depth and size), never panics, and reads only
//! the expression.

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

/// The names an expression may refer to: `each`, `local.NAME` as expression texts, and
/// the variables given values (`--var`, `--var-file`).
///
/// A variable's value is otherwise never known here: a caller may pass any value, `null`
/// included, whatever its default says. What is known of those variables is only that the
/// ones declared `nullable = false` are never null.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// `each.key` and `each.value` of one `for_each` instance.
    pub each: Option<(&'a str, &'a Known)>,
    /// `locals` entries: name → expression text.
    pub locals: &'a ByName<String>,
    /// The variables declared `nullable = false`: never null, whatever a caller passes.
    pub not_null: &'a ByName<()>,
    /// The variables given a value for this evaluation (`crate::vars`): `var.NAME` is that
    /// value. Empty unless the user gave values.
    pub vars: &'a ByName<Known>,
}

/// Nothing in scope.
const NO_LOCALS: &ByName<String> = &ByName(Vec::new());
const NO_NAMES: &ByName<()> = &ByName(Vec::new());
const NO_VARS: &ByName<Known> = &ByName(Vec::new());

impl Default for Scope<'_> {
    fn default() -> Self {
        Scope { each: None, locals: NO_LOCALS, not_null: NO_NAMES, vars: NO_VARS }
    }
}

/// Values by name, looked up in logarithmic time (a configuration may have thousands of
/// locals, each read by thousands of expressions: a search of them all per reference was
/// quadratic). Of a name given twice, the first is kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ByName<T>(Vec<(String, T)>);

impl<T> ByName<T> {
    /// The entries, in any order; the first of a name is the one kept.
    pub fn new(entries: impl IntoIterator<Item = (String, T)>) -> ByName<T> {
        let mut all: Vec<(String, T)> = entries.into_iter().collect();
        // A stable sort keeps a name's entries in their order, and `dedup_by` keeps the first.
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all.dedup_by(|later, first| later.0 == first.0);
        ByName(all)
    }

    /// The value of a name.
    pub fn get(&self, name: &str) -> Option<&T> {
        let at = self.0.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok()?;
        self.0.get(at).map(|(_, v)| v)
    }

    /// Whether a name is there.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The entries, by name.
    pub fn into_entries(self) -> impl Iterator<Item = (String, T)> {
        self.0.into_iter()
    }
}

impl ByName<()> {
    /// A set of names.
    pub fn names(names: impl IntoIterator<Item = String>) -> ByName<()> {
        ByName::new(names.into_iter().map(|n| (n, ())))
    }
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

/// Whether an expression may be `null` as far as can be told here (`true` when it cannot be
/// read at all). `false` means Terraform, if it accepts the configuration, gives a value
/// that is not null: a literal, a template with literal text (a null interpolation is an
/// error there), an operator's result, a collection, a function that never returns null,
/// or an attribute of a managed resource or data source (`aws_lambda_function.f.invoke_arn`:
/// what an integration references is set once the resource exists). `true` for a
/// variable (a caller may pass `null`, unless it is declared `nullable = false`), a module
/// output, `each.value` of instances not known here, `lookup`/`try`/`one` that may fall
/// back to null, and a conditional with a branch that may be null.
// Not inlined: a blank form's start never asks it (it has no expressions), so the split
// of the form's wasm (scripts/split-wasm.mjs) leaves it and the analysis below it out of
// the first load.
#[inline(never)]
pub fn may_be_null(text: &str, scope: &Scope) -> bool {
    let Ok(e) = parse_expr(text) else { return true };
    Ev { scope, depth: 0, items: 0 }.nullable(&e)
}

/// Functions whose result is never null (they fail instead of returning null when their
/// arguments are null): the string, number, collection, encoding and file functions.
const NEVER_NULL: &[&str] = &[
    "abs",
    "base64decode",
    "base64encode",
    "base64gzip",
    "base64sha256",
    "base64sha512",
    "basename",
    "can",
    "ceil",
    "chomp",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "csvdecode",
    "dirname",
    "distinct",
    "endswith",
    "file",
    "filebase64",
    "filebase64sha256",
    "fileexists",
    "fileset",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "flatten",
    "floor",
    "format",
    "formatdate",
    "formatlist",
    "indent",
    "index",
    "join",
    "jsonencode",
    "keys",
    "length",
    "log",
    "lower",
    "max",
    "md5",
    "merge",
    "min",
    "parseint",
    "pathexpand",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "sha1",
    "sha256",
    "sha512",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "templatefile",
    "textdecodebase64",
    "textencodebase64",
    "timeadd",
    "timecmp",
    "timestamp",
    "title",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "upper",
    "urlencode",
    "uuid",
    "uuidv5",
    "values",
    "yamlencode",
    "zipmap",
];

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

/// `NAME.attr` or `NAME[key].attr`: one attribute of a resource instance (deeper
/// attributes may be parts of optional blocks, which can be null).
fn resource_attribute(ops: &[Op]) -> bool {
    matches!(ops, [Op::Attr(_), Op::Attr(_)] | [Op::Attr(_), Op::Index(_) | Op::LegacyIndex(_), Op::Attr(_)])
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

    /// See [`may_be_null`]. Bounded like evaluation: too deep is "may be null".
    fn nullable(&mut self, e: &Expr) -> bool {
        self.depth += 1;
        self.items += 1;
        let r = self.depth > MAX_DEPTH || self.items > MAX_ITEMS || self.nullable_inner(e);
        self.depth -= 1;
        r
    }

    fn nullable_inner(&mut self, e: &Expr) -> bool {
        // What evaluates here is known, null or not; an expression Terraform would fail on
        // has no value to judge.
        match self.expr(e) {
            Ok(k) => return k == Known::Null,
            Err(Why::Error) => return true,
            Err(Why::Unknown) => {}
        }
        match &e.kind {
            ExprKind::Null => true,
            ExprKind::Paren(p) => self.nullable(p),
            // `"${x}"` is `x` itself, null included (HCL unwraps a template of one
            // interpolation); any other template is a string, and a null interpolation in
            // it is an error.
            ExprKind::Template(parts) | ExprKind::Heredoc(parts) => match parts.as_slice() {
                [Piece::Interp(inner)] => self.nullable(inner),
                _ => false,
            },
            ExprKind::Conditional(c, yes, no) => match self.expr(c) {
                Ok(Known::Bool(true)) => self.nullable(yes),
                Ok(Known::Bool(false)) => self.nullable(no),
                _ => self.nullable(yes) || self.nullable(no),
            },
            ExprKind::Var(_) => self.traversal_nullable(e, &[]),
            ExprKind::Traversal(base, ops) => self.traversal_nullable(base, ops),
            ExprKind::Call { name, args, .. } => match name.as_str() {
                // Its result is one of its arguments, or null.
                "try" => args.iter().any(|a| self.nullable(a)),
                "tostring" | "tonumber" | "tobool" | "tolist" | "toset" | "tomap" | "sensitive" | "nonsensitive" => {
                    args.first().is_none_or(|a| self.nullable(a))
                }
                name => !NEVER_NULL.contains(&name),
            },
            // Literals, collections and operators' results are never null.
            _ => false,
        }
    }

    /// Whether a reference may be null (its value is not known here).
    fn traversal_nullable(&mut self, root: &Expr, ops: &[Op]) -> bool {
        let ExprKind::Var(v) = &root.kind else { return self.nullable(root) || !ops.is_empty() };
        let attr = |n: usize| match ops.get(n) {
            Some(Op::Attr(i)) => Some(i.as_str()),
            _ => None,
        };
        match v.as_str() {
            "var" => ops.len() != 1 || attr(0).is_none_or(|name| !self.scope.not_null.contains(name)),
            "local" => {
                let Some(text) = attr(0).and_then(|name| self.scope.locals.get(name)).cloned() else {
                    return true;
                };
                let Ok(e) = parse_expr(&text) else { return true };
                // Locals may refer to each other; the depth limit ends a cycle.
                self.depth += 4;
                let r = ops.len() != 1 || self.nullable(&e);
                self.depth -= 4;
                r
            }
            "each" => !(ops.len() == 1 && attr(0) == Some("key")),
            "count" | "path" | "terraform" => false,
            "module" | "self" => true,
            // `data.TYPE.NAME.attr` and `TYPE.NAME.attr` (`[n]` or `["k"]` after the name):
            // an attribute of the resource itself.
            "data" => !resource_attribute(ops.get(1..).unwrap_or(&[])),
            _ => !resource_attribute(ops),
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
                "var" => {
                    let name = attr(0).ok_or(Why::Unknown)?;
                    (self.scope.vars.get(&name).cloned().ok_or(Why::Unknown)?, 1)
                }
                "local" => {
                    let name = attr(0).ok_or(Why::Unknown)?;
                    let text = self.scope.locals.get(&name).map(String::as_str).ok_or(Why::Unknown)?;
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
    fn each_lookup_try_locals() {
        let value = Known::Object(vec![("subtype".into(), Known::Null), ("uri".into(), Known::Str("https://x".into()))]);
        let locals = ByName::new([
            ("routes".to_string(), "{ a = { subtype = \"SQS-SendMessage\" } }".to_string()),
            ("region".to_string(), "\"eu-west-1\"".to_string()),
        ]);
        let scope = Scope { each: Some(("k", &value)), locals: &locals, ..Scope::default() };
        let ev = |t: &str| eval(t, &scope);
        assert_eq!(ev("each.key"), Ok(Known::Str("k".into())));
        assert_eq!(ev("each.value.subtype"), Ok(Known::Null));
        assert_eq!(ev("each.value[\"uri\"]"), Ok(Known::Str("https://x".into())));
        assert_eq!(ev("each.value.missing"), Err(Why::Error));
        assert_eq!(ev("try(each.value.missing, \"d\")"), Ok(Known::Str("d".into())));
        assert_eq!(ev("lookup(each.value, \"missing\", null)"), Ok(Known::Null));
        assert_eq!(ev("\"${each.key}-${local.region}\""), Ok(Known::Str("k-eu-west-1".into())));
        // A variable's value is never known: a caller may pass anything, whatever its default.
        assert_eq!(ev("\"${each.key}-${var.region}\""), Err(Why::Unknown));
        assert_eq!(ev("local.routes.a.subtype"), Ok(Known::Str("SQS-SendMessage".into())));
        assert_eq!(ev("try(aws_x.y.z, \"d\")"), Err(Why::Unknown));
    }

    #[test]
    fn what_may_be_null() {
        let locals = ByName::new([("pb".to_string(), "var.pb".to_string()), ("uri".to_string(), "\"https://${var.host}\"".to_string())]);
        let not_null = ByName::names(["strict".to_string()]);
        let scope = Scope { each: None, locals: &locals, not_null: &not_null, ..Scope::default() };
        let null = |t: &str| may_be_null(t, &scope);
        for t in [
            "null",
            "var.x",
            "var.x.y",
            "each.value",
            "each.value.passthrough_behavior",
            "lookup(each.value, \"content_handling_strategy\", null)",
            "lookup(var.m, \"k\", \"d\")",
            "try(each.value.x, null)",
            "try(each.value.x, \"d\")",
            "var.on ? \"X\" : null",
            "\"${var.x}\"",
            "module.m.id",
            "one(aws_x.y[*].id)",
            "local.pb",
            "local.missing",
            "tostring(var.x)",
            "some_new_function(1)",
            "aws_lambda_function.f.environment[0].variables",
            "(",
        ] {
            assert!(null(t), "{t} may be null");
        }
        for t in [
            "\"X\"",
            "29000",
            "\"https://${var.host}\"",
            "\"${var.a}${var.b}\"",
            "\"${var.x} \"",
            "aws_lambda_function.f.invoke_arn",
            "aws_lb.x[0].arn",
            "data.aws_region.current.name",
            "each.key",
            "count.index",
            "var.strict",
            "jsonencode({ a = var.x })",
            "format(\"%s\", var.x)",
            "coalesce(var.x, \"d\")",
            "var.on ? \"X\" : \"Y\"",
            "true ? \"X\" : null",
            "var.a + 1",
            "[var.x]",
            "local.uri",
            "try(aws_x.y.z, \"d\")",
        ] {
            assert!(!null(t), "{t} is never null");
        }
        // With `each` known, a null attribute is null and a set one is not.
        let value = Known::Object(vec![("a".into(), Known::Null), ("b".into(), Known::Str("x".into()))]);
        let each = Scope { each: Some(("k", &value)), ..scope };
        assert!(may_be_null("each.value.a", &each));
        assert!(!may_be_null("each.value.b", &each));
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
    fn by_name_keeps_the_first_of_a_name() {
        let m = ByName::new([("b".to_string(), 1), ("a".to_string(), 2), ("b".to_string(), 3), ("c".to_string(), 4)]);
        assert_eq!((m.get("a"), m.get("b"), m.get("c"), m.get("d")), (Some(&2), Some(&1), Some(&4), None));
        // An override file's locals come first, and replace the ones they name.
        let locals = ByName::new([("x".to_string(), "\"over\"".to_string()), ("x".to_string(), "\"base\"".to_string())]);
        let scope = Scope { locals: &locals, ..Scope::default() };
        assert_eq!(eval("local.x", &scope), Ok(Known::Str("over".into())));
    }

    #[test]
    fn cycles_and_depth_are_bounded() {
        let locals = ByName::new([("a".to_string(), "local.b".to_string()), ("b".to_string(), "local.a".to_string())]);
        let scope = Scope { locals: &locals, ..Scope::default() };
        assert_eq!(eval("local.a", &scope), Err(Why::Unknown));
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(eval(&deep, &Scope::default()), Err(Why::Unknown));
    }
}
