//! Safe, mechanical fixes: for a diagnostic whose remedy is certain and changes nothing
//! else (escape a live `${request.…}`, drop an argument AWS ignores or reads back empty,
//! `POST` for Lambda), the edit that makes it go away. Fixes are data, like diagnostics:
//! the CLI's `check --fix` and the web form's Fix buttons apply the same ones.
//!
//! A fix touches literals only. It is offered only where the rule judged the value as
//! written, and only to remove or change a literal (or a block of literals): a finding
//! that holds for some `for_each` instances only, or about a value an expression computes
//! or passes in (`var.x`, `each.value.x`, `local.x`), has none — changing the expression
//! would change every instance, or drop a caller's setting.
//!
//! [`text::apply`] applies fixes to source text as the smallest edits: the lines of a
//! removed argument, the bytes of a changed value; nothing else of the file changes.

pub mod text;

use crate::diag::Diagnostic;
use crate::model::{Integration, Value};
use serde::Serialize;

/// One edit of the model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Remove the argument or block at this path (`integration_uri`, `tls_config`).
    Remove(String),
    /// Set the value at this path (`integration_method`, `request_parameters["k"]`).
    Set(String, Value),
}

/// A fix for one diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The diagnostic's code.
    pub code: String,
    /// The diagnostic's path.
    pub path: String,
    /// What the fix does, as a button or a log line says it: "Remove integration_uri".
    pub title: String,
    /// The edits, applied in order.
    pub edits: Vec<Edit>,
}

/// The arguments some rules say to remove because AWS ignores them or does not store them.
const REMOVE: &[(&str, &str)] = &[
    ("R-URI-7", "integration_uri"),
    ("R-WSO-1", "content_handling_strategy"),
    ("R-WSO-2", "passthrough_behavior"),
    ("R-WSO-4", "template_selection_expression"),
    ("R-WSO-4b", "template_selection_expression"),
    ("R-HTO-2", "tls_config"),
    ("R-HTO-2b", "tls_config"),
];

/// The fix for a diagnostic of `i` (as [`crate::rules::validate`] gave it), if it has one.
pub fn for_diagnostic(i: &Integration, d: &Diagnostic) -> Option<Fix> {
    if d.message.starts_with("for_each key") {
        return None;
    }
    let fix = |title: String, edits: Vec<Edit>| Some(Fix { code: d.code.clone(), path: d.path.clone(), title, edits });
    let literal = |name: &str| i.scalar(name).is_some_and(|v| v.literal().is_some());
    match d.code.as_str() {
        "R-HCL-1" => {
            let e = value_at(i, &d.path)?.expression()?;
            let escaped = crate::rules::escape_live_variables(e);
            if escaped == e {
                return None;
            }
            fix(format!("Escape as `$${{…}}` in {}", d.path), vec![Edit::Set(d.path.clone(), Value::Expr(escaped))])
        }
        "R-METH-2" if literal("integration_method") => {
            fix("Set integration_method to POST".into(), vec![Edit::Set("integration_method".into(), Value::str("POST"))])
        }
        "R-SUB-0" => {
            let names: Vec<&str> = ["integration_uri", "integration_method"].into_iter().filter(|n| literal(n)).collect();
            if names.is_empty() || i.integration_subtype.as_ref().is_none_or(|v| v.literal().is_none()) {
                return None;
            }
            fix(format!("Remove {}", names.join(" and ")), names.iter().map(|n| Edit::Remove((*n).to_string())).collect())
        }
        code => {
            let (_, name) = REMOVE.iter().find(|(c, n)| *c == code && *n == d.path)?;
            // Only a literal (or a block that holds nothing but literals) is removed.
            let removable = if *name == "tls_config" {
                i.tls_config.as_ref().is_some_and(|t| t.server_name_to_verify.as_ref().is_none_or(|v| v.literal().is_some()))
            } else {
                literal(name)
            };
            if !removable {
                return None;
            }
            fix(format!("Remove {name}"), vec![Edit::Remove((*name).to_string())])
        }
    }
}

/// The fixes for every diagnostic of `i` that has one, in diagnostic order.
pub fn fixes(i: &Integration, diagnostics: &[Diagnostic]) -> Vec<Fix> {
    diagnostics.iter().filter_map(|d| for_diagnostic(i, d)).collect()
}

/// Applies a fix; `false` (and `i` unchanged) if an edit's path is not in the model.
pub fn apply(i: &mut Integration, fix: &Fix) -> bool {
    let mut out = i.clone();
    for e in &fix.edits {
        let ok = match e {
            Edit::Remove(path) if path == "tls_config" => out.tls_config.take().is_some(),
            Edit::Remove(path) => out.scalar_mut(path).and_then(Option::take).is_some(),
            Edit::Set(path, v) => set(&mut out, path, v.clone()),
        };
        if !ok {
            return false;
        }
    }
    *i = out;
    true
}

/// Applies every fix `rules` finds, again until none is left (a fix can reveal another):
/// the fixed model and the fixes applied, in order.
pub fn fix_all(i: &Integration, rules: impl Fn(&Integration) -> Vec<Diagnostic>) -> (Integration, Vec<Fix>) {
    let mut m = i.clone();
    let mut applied = Vec::new();
    for _ in 0..4 {
        let found = fixes(&m, &rules(&m));
        let before = applied.len();
        for f in found {
            if apply(&mut m, &f) {
                applied.push(f);
            }
        }
        if applied.len() == before {
            break;
        }
    }
    (m, applied)
}

/// The value at a diagnostic path: a scalar, a map entry, a status code, the TLS name.
fn value_at<'a>(i: &'a Integration, path: &str) -> Option<&'a Value> {
    if let Some(v) = i.scalar(path) {
        return Some(v);
    }
    if path == "tls_config.server_name_to_verify" {
        return i.tls_config.as_ref()?.server_name_to_verify.as_ref();
    }
    let (map, key) = split_entry(path)?;
    map_at(i, map)?.get(&key)
}

fn set(i: &mut Integration, path: &str, v: Value) -> bool {
    if let Some(slot) = i.scalar_mut(path)
        && slot.is_some()
    {
        *slot = Some(v);
        return true;
    }
    if path == "tls_config.server_name_to_verify"
        && let Some(t) = i.tls_config.as_mut()
        && t.server_name_to_verify.is_some()
    {
        t.server_name_to_verify = Some(v);
        return true;
    }
    let Some((map, key)) = split_entry(path) else { return false };
    let m = if let Some(n) = map.strip_prefix("response_parameters[").and_then(|r| r.strip_suffix("].mappings")) {
        n.parse::<usize>().ok().and_then(|n| i.response_parameters.get_mut(n)).and_then(|rp| rp.mappings.as_mut())
    } else {
        i.map_mut(map).and_then(Option::as_mut)
    };
    match m.and_then(|m| m.0.iter_mut().find(|(k, _)| *k == key)) {
        Some((_, slot)) => {
            *slot = v;
            true
        }
        None => false,
    }
}

fn map_at<'a>(i: &'a Integration, map: &str) -> Option<&'a crate::model::Map> {
    match map.strip_prefix("response_parameters[").and_then(|r| r.strip_suffix("].mappings")) {
        Some(n) => i.response_parameters.get(n.parse::<usize>().ok()?)?.mappings.as_ref(),
        None => i.map(map),
    }
}

/// `request_parameters["k"]` → (`request_parameters`, `k`), the key decoded as
/// [`crate::diag::map_path`] encoded it.
pub(crate) fn split_entry(path: &str) -> Option<(&str, String)> {
    let open = path.find("[\"")?;
    let inner = path[open + 2..].strip_suffix("\"]")?;
    let mut key = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, false) => key.push(c),
            (_, true) => match chars.next()? {
                'n' => key.push('\n'),
                'u' => {
                    let rest: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    key.push(char::from_u32(u32::from_str_radix(rest.strip_prefix('{')?, 16).ok()?)?);
                }
                other => key.push(other),
            },
        }
    }
    Some((&path[..open], key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_paths_round_trip() {
        for key in ["QueueUrl", "a\"b", "x]y", "é\n", "t\tab\\", "\u{1}"] {
            let path = crate::diag::map_path("request_parameters", key);
            assert_eq!(split_entry(&path), Some(("request_parameters", key.to_string())), "{path}");
        }
    }
}
