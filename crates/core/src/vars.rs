//! Values for a configuration's variables, as Terraform takes them on its command line:
//! `-var 'NAME=VALUE'` and `-var-file FILE` (HCL `.tfvars`, or `.tfvars.json`). With them a
//! module is judged with concrete inputs: `var.NAME` is the value given
//! ([`crate::eval::Scope::vars`]); a variable given no value stays unknown.
//!
//! As Terraform reads them: a `-var` value is the text itself for a variable declared with a
//! primitive type (`string`, `number`, `bool`) or with no type, and an HCL expression for
//! any other type (`map(string)`, `any`, …); a `.tfvars` file holds `NAME = VALUE`
//! assignments of literal values (no variables, no function calls); a `.tfvars.json` file
//! one JSON object. Several sources are applied in order, so a later one wins.

use crate::eval::{Known, Scope, eval};
use crate::hcl::syntax::{ExprKind, Item, parse_body, parse_expr};
use crate::json::Json;

/// The type constraints the variables of a configuration declare, by name (the type's
/// expression text): what decides how a `-var` value is read.
pub fn declared_types(sources: &[&str]) -> crate::eval::ByName<String> {
    let mut out = Vec::new();
    for text in sources {
        let Ok(body) = parse_body(text) else { continue };
        for b in body.blocks().filter(|b| b.kind == "variable") {
            let [(name, _)] = b.labels.as_slice() else { continue };
            if let Some(t) = b.body.attribute("type") {
                out.push((name.clone(), text.get(t.value.span.clone()).unwrap_or("").trim().to_string()));
            }
        }
    }
    crate::eval::ByName::new(out)
}

/// What a configuration declares of one variable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    /// Its type constraint's text, when it has one.
    pub ty: Option<String>,
    /// `nullable = false`: a null given is replaced by the default.
    pub non_nullable: bool,
}

/// Every variable a configuration declares, by name.
pub fn declarations(sources: &[&str]) -> crate::eval::ByName<Declared> {
    let mut out = Vec::new();
    for text in sources {
        let Ok(body) = parse_body(text) else { continue };
        for b in body.blocks().filter(|b| b.kind == "variable") {
            let [(name, _)] = b.labels.as_slice() else { continue };
            let ty = b.body.attribute("type").map(|t| text.get(t.value.span.clone()).unwrap_or("").trim().to_string());
            let non_nullable = b.body.attribute("nullable").is_some_and(|n| text.get(n.value.span.clone()).unwrap_or("").trim() == "false");
            out.push((name.clone(), Declared { ty, non_nullable }));
        }
    }
    crate::eval::ByName::new(out)
}

/// Whether a type constraint gives some attribute a default (`optional(TYPE, DEFAULT)`),
/// which Terraform puts in place of a null given for it. Judged on the text: a comma at the
/// top level of an `optional(…)`'s arguments (one inside a string counts too, which only
/// errs toward leaving a value unknown).
fn has_optional_default(ty: &str) -> bool {
    let mut rest = ty;
    while let Some(at) = rest.find("optional(") {
        let args = &rest[at + "optional(".len()..];
        let mut depth = 0usize;
        for c in args.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => return true,
                _ => {}
            }
        }
        rest = args;
    }
    false
}

/// Whether a value holds a `null` anywhere (iterative: a value nests as deep as its text).
fn holds_null(k: &Known) -> bool {
    let mut todo = vec![k];
    while let Some(k) = todo.pop() {
        match k {
            Known::Null => return true,
            Known::List(items) => todo.extend(items),
            Known::Object(entries) => todo.extend(entries.iter().map(|(_, v)| v)),
            Known::Bool(_) | Known::Num(_) | Known::Str(_) => {}
        }
    }
    false
}

/// The values given, as the rules may take them ([`values`]), but for a value whose nulls
/// Terraform would replace: a null given to a variable declared `nullable = false` (Terraform
/// takes the default), and a null anywhere in the value of a variable whose type gives an
/// attribute a default (Terraform puts the default in its place). Such a variable is left
/// unknown: a default is never taken for a value here.
pub fn values_declared(given: Vec<(String, Known)>, declared: &crate::eval::ByName<Declared>) -> crate::eval::ByName<Known> {
    let last = values(given);
    crate::eval::ByName::new(last.into_entries().filter(|(name, v)| {
        let Some(d) = declared.get(name) else { return true };
        let replaced = (d.non_nullable && *v == Known::Null) || (d.ty.as_deref().is_some_and(has_optional_default) && holds_null(v));
        !replaced
    }))
}

/// Whether a type constraint is a primitive type, whose `-var` values Terraform takes as
/// text (no type at all is read the same way).
fn primitive(ty: Option<&str>) -> bool {
    matches!(ty, None | Some("string" | "number" | "bool"))
}

/// Reads one `-var` assignment, `NAME=VALUE`, given the variables' declared types.
pub fn assignment(text: &str, types: &crate::eval::ByName<String>) -> Result<(String, Known), String> {
    let Some((name, value)) = text.split_once('=') else {
        return Err(format!(
            "--var `{}`: the value is written NAME=VALUE (for example --var 'timeout=3000')",
            crate::diag::visible(&crate::diag::excerpt(text, 80))
        ));
    };
    let name = name.trim();
    if !crate::reference::is_identifier(name) {
        return Err(format!(
            "--var `{}`: `{}` is not a variable name",
            crate::diag::visible(&crate::diag::excerpt(text, 80)),
            crate::diag::visible(name)
        ));
    }
    let ty = types.get(name).map(String::as_str);
    if primitive(ty) {
        let known = match ty {
            Some("number") if crate::hcl::number::is_literal(value.trim()) => Known::Num(value.trim().to_string()),
            Some("bool") if matches!(value.trim(), "true" | "false") => Known::Bool(value.trim() == "true"),
            _ => Known::Str(value.to_string()),
        };
        return Ok((name.to_string(), known));
    }
    let known = literal(value).map_err(|why| format!("--var {name}: {why}"))?;
    Ok((name.to_string(), known))
}

/// The value of an HCL expression made of literals only.
fn literal(text: &str) -> Result<Known, String> {
    let e = parse_expr(text).map_err(|e| format!("the value is not a valid expression: {}", e.message))?;
    if let ExprKind::Call { name, .. } = &e.kind {
        return Err(format!("the value calls `{name}`; Terraform reads variable values without functions: write the value itself"));
    }
    eval(text, &Scope::default()).map_err(|_| "the value is not made of literals (strings, numbers, bools, lists, objects); Terraform reads variable values without references or functions".to_string())
}

/// Reads a variables file: `.tfvars.json` as JSON, anything else as HCL `.tfvars`. `name`
/// is the file's name, for the format and the messages.
pub fn file(name: &str, text: &str) -> Result<Vec<(String, Known)>, String> {
    if name.ends_with(".json") {
        let j = crate::json::parse(text).map_err(|e| format!("{name}: {e}"))?;
        let Json::Obj(entries) = j else {
            return Err(format!("{name}: a .tfvars.json file is one JSON object of variable names and values"));
        };
        return Ok(entries.into_iter().map(|(k, v)| (k, from_json(v))).collect());
    }
    let body = parse_body(text).map_err(|e| format!("{name}:{}: {}", line_of(text, e.offset), e.message))?;
    let mut out = Vec::new();
    for item in &body.items {
        match item {
            Item::Attr(a) => {
                let value = text.get(a.value.span.clone()).unwrap_or("");
                let known = literal(value).map_err(|why| format!("{name}:{}: {}: {why}", line_of(text, a.span.start), a.name))?;
                out.push((a.name.clone(), known));
            }
            Item::Block(b) => {
                return Err(format!(
                    "{name}:{}: a variables file holds only NAME = VALUE assignments, not a `{}` block",
                    line_of(text, b.span.start),
                    crate::diag::visible(&b.kind)
                ));
            }
        }
    }
    Ok(out)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// A JSON value as a known value. The JSON
/// reader nests at most 127 levels, so this recursion is bounded.
fn from_json(j: Json) -> Known {
    match j {
        Json::Null => Known::Null,
        Json::Bool(b) => Known::Bool(b),
        Json::U64(n) => Known::Num(n.to_string()),
        Json::I64(n) => Known::Num(n.to_string()),
        Json::Num(n) => Known::Num(n),
        Json::Str(s) => Known::Str(s),
        Json::Arr(a) => Known::List(a.into_iter().map(from_json).collect()),
        Json::Obj(entries) => {
            // The last of a key written twice, as Terraform's JSON reader keeps it.
            let mut out: Vec<(String, Known)> = Vec::new();
            for (k, v) in entries {
                out.retain(|(seen, _)| *seen != k);
                out.push((k, from_json(v)));
            }
            Known::Object(out)
        }
    }
}

/// The values given, in order, as the scope reads them: a name given twice is the last.
pub fn values(given: Vec<(String, Known)>) -> crate::eval::ByName<Known> {
    // `ByName` keeps the first of a name: the list reversed keeps the last.
    crate::eval::ByName::new(given.into_iter().rev())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn var_values_follow_the_declared_type() {
        let types =
            declared_types(&["variable \"m\" {\n  type = map(string)\n}\nvariable \"n\" {\n  type = number\n}\nvariable \"s\" {}\n"]);
        assert_eq!(assignment("s={a=1}", &types), Ok(("s".into(), Known::Str("{a=1}".into()))));
        assert_eq!(assignment("n=3000", &types), Ok(("n".into(), Known::Num("3000".into()))));
        assert_eq!(assignment("m={ a = \"x\" }", &types), Ok(("m".into(), Known::Object(vec![("a".into(), Known::Str("x".into()))]))));
        assert!(assignment("m=var.x", &types).is_err_and(|e| e.contains("not made of literals")));
        assert!(assignment("m=tomap({})", &types).is_err_and(|e| e.contains("calls `tomap`")));
        assert!(assignment("novalue", &types).is_err_and(|e| e.contains("NAME=VALUE")));
        assert!(assignment("1x=2", &types).is_err_and(|e| e.contains("not a variable name")));
    }

    #[test]
    fn defaults_in_types() {
        assert!(has_optional_default("object({ a = optional(string, \"x\") })"));
        assert!(has_optional_default("map(object({ a = optional(list(string), []) }))"));
        assert!(!has_optional_default("object({ a = optional(string), b = number })"));
        assert!(!has_optional_default("object({ a = optional(map(string)) })"));
        assert!(!has_optional_default("string"));
        let declared = declarations(&[
            "variable \"n\" {\n  nullable = false\n}\nvariable \"o\" {\n  type = object({ a = optional(string, \"x\") })\n}\nvariable \"p\" {}\n",
        ]);
        let given = vec![
            ("n".to_string(), Known::Null),
            ("o".to_string(), Known::Object(vec![("a".into(), Known::Null)])),
            ("p".to_string(), Known::Null),
        ];
        let v = values_declared(given, &declared);
        assert_eq!((v.get("n"), v.get("o"), v.get("p")), (None, None, Some(&Known::Null)));
    }

    #[test]
    fn files_and_order() {
        let hcl = file("a.tfvars", "timeout = 40000\nroutes = { a = { type = \"AWS\" } }\n").unwrap();
        assert_eq!(hcl[0], ("timeout".into(), Known::Num("40000".into())));
        let json = file("b.tfvars.json", "{\"timeout\": 50, \"timeout\": 60, \"o\": {\"k\": [true, null]}}").unwrap();
        assert_eq!(json[1], ("timeout".into(), Known::Num("60".into())));
        assert_eq!(json[2].1, Known::Object(vec![("k".into(), Known::List(vec![Known::Bool(true), Known::Null]))]));
        let all = values(hcl.into_iter().chain(json).collect());
        assert_eq!(all.get("timeout"), Some(&Known::Num("60".into())));
        assert!(file("c.tfvars", "a = 1\nb = var.x\n").is_err_and(|e| e.starts_with("c.tfvars:2: b:")));
        assert!(file("d.tfvars", "locals {\n}\n").is_err_and(|e| e.contains("not a `locals` block")));
        assert!(file("e.tfvars", "a = \n").is_err_and(|e| e.starts_with("e.tfvars:")));
        assert!(file("f.tfvars.json", "[1]").is_err_and(|e| e.contains("one JSON object")));
    }
}
