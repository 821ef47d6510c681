//! Fixes applied to source text, as the smallest edits that make them: a removed argument
//! or block loses its own lines, a changed value its own bytes. Every other byte of the
//! file stays as it was: comments, heredoc bodies, kept items, line endings (a CRLF file
//! stays CRLF: the edits never add a line break), blank lines, `:` in objects.
//!
//! When the resource block was already formatted as `terraform fmt` prints it, it is
//! formatted again after the edits, which only moves blanks (an argument removed from an
//! aligned group changes how the others align); a block that was not formatted is left
//! as the author wrote it. The caller checks the result by parsing it again
//! ([`same_model`]).

use super::{Edit, Fix, split_entry};
use crate::hcl::emit;
use crate::hcl::lex::{Tok, lex};
use crate::hcl::syntax::{Attribute, Block, Body, Expr, ExprKind, Item, ObjectKey, parse_body};
use crate::model::{Integration, Map, Value};
use std::ops::Range;

/// Applies `fixes` (in order) to the resource block at `block` in `src`: the whole new
/// text, or why it cannot be done (the caller then leaves the file as it was).
pub fn apply(src: &str, block: Range<usize>, fixes: &[Fix]) -> Result<String, String> {
    let text = src.get(block.clone()).ok_or("its place in the file is unknown")?;
    let out = apply_block(text, fixes)?;
    let mut whole = String::with_capacity(src.len());
    whole.push_str(src.get(..block.start).unwrap_or(""));
    whole.push_str(&out);
    whole.push_str(src.get(block.end..).unwrap_or(""));
    Ok(whole)
}

/// Applies `fixes` (in order) to the text of one resource block: its new text, or why it
/// cannot be done. What a caller fixing many blocks of one file uses, to put the file
/// together once (copying the whole file per block made that quadratic).
pub fn apply_block(text: &str, fixes: &[Fix]) -> Result<String, String> {
    let body = parse_body(text).map_err(|e| format!("it does not parse on its own ({})", e.message))?;
    let Some(Item::Block(resource)) = body.items.first() else { return Err("it is not a block".into()) };
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for e in fixes.iter().flat_map(|f| &f.edits) {
        edits.push(match e {
            Edit::Remove(path) => remove(text, &resource.body, path)?,
            Edit::Set(path, v) => (value_span(&resource.body, path).ok_or_else(|| format!("`{path}` is not in it"))?, emit::value(v)),
        });
    }
    edits.sort_by_key(|(r, _)| r.start);
    if edits.windows(2).any(|w| w[0].0.end > w[1].0.start) {
        return Err("two of its fixes change the same text".into());
    }
    let mut out = text.to_string();
    for (r, new) in edits.into_iter().rev() {
        out.replace_range(r, &new);
    }
    // Formatted before, formatted after: only the alignment the edits disturbed moves.
    let formatted = |t: &str| crate::hcl::format::format(t).ok();
    if formatted(text).as_deref() == Some(text) {
        out = formatted(&out).ok_or("the edited block does not lex")?;
    }
    Ok(out)
}

/// The edit that removes the argument or block at `path` (`passthrough_behavior`,
/// `tls_config`): its lines, from the start of its first line through the line break
/// that ends its last one (a comment at the end of that line goes with it). A blank line
/// left doubled (or before the closing brace) by the removal goes too.
fn remove(text: &str, body: &Body, path: &str) -> Result<(Range<usize>, String), String> {
    let span = body
        .items
        .iter()
        .find(|item| match item {
            Item::Attr(a) => a.name == path,
            Item::Block(b) => b.kind == path,
        })
        .map(Item::span)
        .ok_or_else(|| format!("`{path}` is not in it"))?;
    let line_start = text.get(..span.start).and_then(|t| t.rfind('\n')).map_or(0, |n| n + 1);
    if !text.get(line_start..span.start).is_some_and(|t| t.trim_matches([' ', '\t']).is_empty()) {
        return Err(format!("`{path}` shares its line with other text"));
    }
    // After the item: blanks, perhaps a comment, then the line break.
    let rest = text.get(span.end..).unwrap_or("");
    let end = match lex(rest).first() {
        Some(t) if t.kind == Tok::Newline || (t.kind == Tok::Comment && t.text(rest).ends_with('\n')) => span.end + t.end,
        Some(_) => return Err(format!("`{path}` shares its line with other text")),
        None => span.end,
    };
    if end == span.end {
        return Err(format!("`{path}` is not followed by a line break"));
    }
    let mut start = line_start;
    // A blank line before it, and after it another blank line or the closing brace:
    // the blank line before goes too, as a person removing it would do.
    let blank_before = text.get(..line_start).and_then(|t| {
        let t = t.strip_suffix('\n')?;
        let t = t.strip_suffix('\r').unwrap_or(t);
        let prev_start = t.rfind('\n').map_or(0, |n| n + 1);
        t.get(prev_start..).filter(|l| l.trim_matches([' ', '\t']).is_empty()).map(|_| prev_start)
    });
    let next_line = text.get(end..).map(|t| t.split('\n').next().unwrap_or("").trim_matches([' ', '\t', '\r']));
    if let Some(prev_start) = blank_before
        && next_line.is_some_and(|l| l.is_empty() || l == "}")
    {
        start = prev_start;
    }
    Ok((start..end, String::new()))
}

/// The bytes of the value at a diagnostic path: an argument's value, a map entry's value
/// (the first entry with the key), a block argument's value.
fn value_span(body: &Body, path: &str) -> Option<Range<usize>> {
    let attr = |body: &Body, name: &str| body.attribute(name).map(|a: &Attribute| a.value.span.clone());
    if let Some(span) = attr(body, path) {
        return Some(span);
    }
    if let Some(name) = path.strip_prefix("tls_config.") {
        return attr(&block(body, "tls_config", 0)?.body, name);
    }
    if let Some(rest) = path.strip_prefix("response_parameters[")
        && let Some((n, rest)) = rest.split_once("].")
        && !rest.contains('[')
    {
        return attr(&block(body, "response_parameters", n.parse().ok()?)?.body, rest);
    }
    let (map, key) = split_entry(path)?;
    let object = match map.strip_prefix("response_parameters[").and_then(|r| r.strip_suffix("].mappings")) {
        Some(n) => block(body, "response_parameters", n.parse().ok()?)?.body.attribute("mappings")?,
        None => body.attribute(map)?,
    };
    entry(&object.value, &key)
}

/// The `n`-th nested block of a kind.
fn block<'a>(body: &'a Body, kind: &str, n: usize) -> Option<&'a Block> {
    body.blocks().filter(|b| b.kind == kind).nth(n)
}

/// The value span of the first entry of an object literal with this key.
fn entry(object: &Expr, key: &str) -> Option<Range<usize>> {
    let ExprKind::Object(items) = &object.kind else { return None };
    items
        .iter()
        .find(|item| match &item.key {
            ObjectKey::Ident(k, _) => k == key,
            ObjectKey::Expr(Expr { kind: ExprKind::Str(k), .. }) => k == key,
            ObjectKey::Expr(_) => false,
        })
        .map(|item| item.value.span.clone())
}

/// Whether two models hold the same configuration: the same arguments, map entries,
/// blocks and kept items, with expressions and kept text compared token by token (so a
/// re-alignment does not count), whatever their layout. What the caller checks an edited
/// block against: the model its fixes were meant to make.
pub fn same_model(a: &Integration, b: &Integration) -> bool {
    // As printed: a string literal written as an expression (`"$${a}"`) is that string.
    let value = |x: &Value, y: &Value| x == y || same_tokens(&emit::value(x), &emit::value(y));
    let opt = |x: &Option<Value>, y: &Option<Value>| match (x, y) {
        (Some(x), Some(y)) => value(x, y),
        (None, None) => true,
        _ => false,
    };
    let map = |x: &Option<Map>, y: &Option<Map>| match (x, y) {
        (Some(x), Some(y)) => x.0.len() == y.0.len() && x.0.iter().zip(&y.0).all(|((kx, vx), (ky, vy))| kx == ky && value(vx, vy)),
        (None, None) => true,
        _ => false,
    };
    a.name == b.name
        && crate::model::SCALAR_ARGS.iter().all(|n| opt(&a.scalar(n).cloned(), &b.scalar(n).cloned()))
        && crate::model::MAP_ARGS.iter().all(|n| map(&a.map(n).cloned(), &b.map(n).cloned()))
        && a.response_parameters.len() == b.response_parameters.len()
        && a.response_parameters
            .iter()
            .zip(&b.response_parameters)
            .all(|(x, y)| opt(&x.status_code, &y.status_code) && map(&x.mappings, &y.mappings))
        && match (&a.tls_config, &b.tls_config) {
            (Some(x), Some(y)) => opt(&x.server_name_to_verify, &y.server_name_to_verify),
            (None, None) => true,
            _ => false,
        }
        && a.verbatim.len() == b.verbatim.len()
        && a.verbatim.iter().zip(&b.verbatim).all(|(x, y)| x.name == y.name && same_tokens(&x.text, &y.text))
}

/// Whether two texts are the same tokens (blanks aside; line breaks count).
fn same_tokens(a: &str, b: &str) -> bool {
    let (ta, tb) = (lex(a), lex(b));
    ta.len() == tb.len() && ta.iter().zip(&tb).all(|(x, y)| x.kind == y.kind && x.text(a) == y.text(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix { code: String::new(), path: String::new(), title: String::new(), edits }
    }

    fn whole(src: &str, edits: Vec<Edit>) -> Result<String, String> {
        apply(src, 0..src.len(), &[fix(edits)])
    }

    #[test]
    fn a_removal_takes_its_lines_and_realigns_a_formatted_block() {
        let src = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id               = a.b\n  passthrough_behavior = \"NEVER\" # why\n  integration_type     = \"AWS_PROXY\"\n}";
        assert_eq!(
            whole(src, vec![Edit::Remove("passthrough_behavior".into())]).unwrap(),
            "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id           = a.b\n  integration_type = \"AWS_PROXY\"\n}"
        );
        // Not formatted before: left as written, but for the removed line.
        let loose = src.replace("api_id               =", "api_id =");
        assert_eq!(
            whole(&loose, vec![Edit::Remove("passthrough_behavior".into())]).unwrap(),
            "resource \"aws_apigatewayv2_integration\" \"x\" {\n  api_id = a.b\n  integration_type     = \"AWS_PROXY\"\n}"
        );
    }

    #[test]
    fn crlf_heredocs_and_blank_lines_are_kept() {
        let src = "resource \"aws_apigatewayv2_integration\" \"x\" {\r\n  for_each = {\r\n    a = <<-EOT\r\n        indented\r\n          more\r\n    EOT\r\n  }\r\n\r\n  integration_method = \"GET\"\r\n\r\n  tls_config {\r\n    server_name_to_verify = \"x\"\r\n  }\r\n\r\n  request_parameters = {\r\n    \"k\": \"v\"\r\n  }\r\n}\r\n";
        let got = whole(
            src,
            vec![
                Edit::Set("integration_method".into(), Value::str("POST")),
                Edit::Remove("tls_config".into()),
                Edit::Set("request_parameters[\"k\"]".into(), Value::str("w")),
            ],
        )
        .unwrap();
        assert_eq!(
            got,
            "resource \"aws_apigatewayv2_integration\" \"x\" {\r\n  for_each = {\r\n    a = <<-EOT\r\n        indented\r\n          more\r\n    EOT\r\n  }\r\n\r\n  integration_method = \"POST\"\r\n\r\n  request_parameters = {\r\n    \"k\": \"w\"\r\n  }\r\n}\r\n"
        );
    }

    #[test]
    fn what_cannot_be_edited_safely_is_refused() {
        let one_line = "resource \"aws_apigatewayv2_integration\" \"x\" { passthrough_behavior = \"NEVER\" }";
        assert!(whole(one_line, vec![Edit::Remove("passthrough_behavior".into())]).is_err());
        let src = "resource \"aws_apigatewayv2_integration\" \"x\" {\n  a = 1\n}\n";
        assert!(whole(src, vec![Edit::Remove("passthrough_behavior".into())]).is_err());
        assert!(whole(src, vec![Edit::Remove("a".into()), Edit::Set("a".into(), Value::str("x"))]).is_err(), "overlapping edits");
    }

    #[test]
    fn models_compare_by_tokens() {
        let a = Integration { integration_uri: Some(Value::expr("a.b[ 0 ].c")), ..Integration::named("x") };
        let b = Integration { integration_uri: Some(Value::expr("a.b[0].c")), ..Integration::named("x") };
        let c = Integration { integration_uri: Some(Value::expr("a.b[1].c")), ..Integration::named("x") };
        assert!(same_model(&a, &b) && !same_model(&a, &c));
    }
}
