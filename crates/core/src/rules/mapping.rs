//! Parameter mapping grammars: HTTP API request and response mappings (R-MAP), WebSocket
//! request parameters (R-WSM), and the length limits on map values (R-LEN-1).

use super::premise::{Arg, MapArg};
use super::{Facts, Premises, Sink};
use crate::diag::{MapPath, map_path};
use crate::model::Protocol;

/// Whether a finding of rule `code` at a map entry's path is about the entry's key rather
/// than its value: the form shows it under the key's input, and every other finding there
/// under the value's. A subtype's rule (`R-SUB-1` …) at an entry is about its name: the one
/// at a missing required parameter's path has no entry (the form shows that parameter as a
/// named field, whose only input is its value).
pub fn about_key(code: &str) -> bool {
    matches!(code, "R-MAP-1" | "R-MAP-4" | "R-MAP-7" | "R-MAP-8" | "R-WSM-1") || super::SUBTYPES.iter().any(|s| s.code == code)
}

pub(super) fn check(i: &Premises, f: &Facts, sink: &mut Sink) {
    if i.request_parameters.is_set() {
        // Through a pointer the optimisers cannot follow, as `subtype::check` does (wasm-opt
        // inlines a one-caller function whatever its size): a form without request
        // parameters, as a first visit's, never calls it, so the split leaves it out of the
        // first load.
        let cold: fn(&Premises, &Facts, &mut Sink) = std::hint::black_box(request_parameters);
        cold(i, f, sink);
    }
    for (k, v) in i.request_templates.entries() {
        if let Some(n) = v.literal().map(|s| s.chars().count())
            && n > 32_768
        {
            sink.push(
                "R-LEN-1",
                map_path("request_templates", k),
                format!("The template is {n} characters long; AWS allows at most 32768."),
            );
        }
    }
    if f.protocol != Some(Protocol::WebSocket) {
        for (n, rp) in i.response_parameters.iter().enumerate() {
            http_map(&rp.mappings, &format!("response_parameters[{n}].mappings"), Side::Response, sink);
        }
    }
}

/// The rules of `request_parameters`, when it is set (see [`check`]).
#[inline(never)]
fn request_parameters(i: &Premises, f: &Facts, sink: &mut Sink) {
    let params = &i.request_parameters;
    for (k, v) in params.entries() {
        request_value_length(k, v, sink);
    }
    if f.has_subtype == Some(true) {
        // A subtype on a WebSocket API is refused for the subtype (R-TYPE-4): its values are
        // not an HTTP API's mapping values.
        if f.protocol == Some(Protocol::WebSocket) {
            return;
        }
        for (k, v) in params.entries() {
            http_value(v, MapPath { base: "request_parameters", key: k }, Side::Request, sink);
        }
    } else if f.has_subtype.is_none() && f.protocol == Some(Protocol::Http) {
        // A subtype an expression sets may be null: the keys are a subtype's parameter names
        // or HTTP mapping keys, which is not known; the values have one grammar either way
        // (a `remove:` key's value is not a mapping). (On a WebSocket API a subtype is
        // refused, so its grammar is the only one AWS accepts.)
        for (k, v) in params.entries().filter(|(k, v)| v.is_set() && !k.starts_with("remove:")) {
            http_value(v, MapPath { base: "request_parameters", key: k }, Side::Request, sink);
        }
    } else {
        match f.protocol {
            Some(Protocol::Http) => http_map(params, "request_parameters", Side::Request, sink),
            Some(Protocol::WebSocket) => websocket_params(params, sink),
            None => {}
        }
    }
}

fn request_value_length(key: &str, v: Arg, sink: &mut Sink) {
    let Some(s) = v.literal() else { return };
    let n = s.chars().count();
    if n == 0 && !key.starts_with("remove:") {
        sink.push("R-LEN-1", map_path("request_parameters", key), "The value is empty; AWS needs 1 to 512 characters (and the provider uses \"\" to delete a key). Use a source such as `$request.header.name` or static text.");
    } else if n > 512 {
        sink.push("R-LEN-1", map_path("request_parameters", key), format!("The value is {n} characters long; AWS allows at most 512."));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// Headers that HTTP API parameter mapping refuses to touch (lower case; `*` = prefix).
const RESERVED_HEADERS: &[&str] = &[
    "access-control-*",
    "apigw-*",
    "authorization",
    "connection",
    "content-encoding",
    "content-length",
    "content-location",
    "forwarded",
    "keep-alive",
    "origin",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "x-amz-*",
    "x-amzn-*",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "via",
];

fn is_reserved_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    RESERVED_HEADERS.iter().any(|r| match r.strip_suffix('*') {
        Some(prefix) => lower.starts_with(prefix),
        None => lower == *r,
    })
}

/// A parsed HTTP API mapping key.
struct Key<'a> {
    action: &'a str,
    location: &'a str,
    name: Option<&'a str>,
}

fn parse_http_key(key: &str) -> Option<Key<'_>> {
    let (action, rest) = key.split_once(':')?;
    if !matches!(action, "append" | "overwrite" | "remove") {
        return None;
    }
    let (location, name) = match rest.split_once('.') {
        Some((l, n)) => (l, Some(n)),
        None => (rest, None),
    };
    Some(Key { action, location, name })
}

fn http_map(map: &MapArg, base: &str, side: Side, sink: &mut Sink) {
    // (action, header name, key) of each header mapping so far.
    let mut headers_seen: Vec<(&str, &str, &str)> = Vec::new();
    // An entry whose value may be null may not be sent at all: its key is not judged.
    for (key, value) in map.entries().filter(|(_, v)| v.is_set()) {
        let path = MapPath { base, key };
        let valid = match side {
            Side::Request => {
                "`append:header.NAME`, `overwrite:header.NAME`, `remove:header.NAME`, `append:querystring.NAME`, `overwrite:querystring.NAME`, `remove:querystring.NAME` or `overwrite:path`"
            }
            Side::Response => "`append:header.NAME`, `overwrite:header.NAME`, `remove:header.NAME` or `overwrite:statuscode`",
        };
        let code = if side == Side::Request { "R-MAP-1" } else { "R-MAP-4" };
        let Some(k) = parse_http_key(key) else {
            sink.push(code, path.text(), format!("`{key}` is not a valid mapping key; use {valid}."));
            continue;
        };
        let key_ok = match (side, k.location, k.name) {
            (_, "header", Some(n)) => valid_name(n),
            (Side::Request, "querystring", Some(n)) => valid_name(n),
            (Side::Request, "path", None) => k.action == "overwrite",
            (Side::Response, "statuscode", None) => k.action == "overwrite",
            _ => false,
        };
        if !key_ok {
            let hint = match (k.location, k.name) {
                ("path", _) if side == Side::Request => " Only `overwrite:path` is allowed for the path.".to_string(),
                ("statuscode", _) if side == Side::Response => " Only `overwrite:statuscode` is allowed for the status code.".to_string(),
                ("header" | "querystring", Some("") | None) => " The name after the `.` is missing.".to_string(),
                _ => String::new(),
            };
            sink.push(code, path.text(), format!("`{key}` is not a valid mapping key; use {valid}.{hint}"));
            continue;
        }
        if k.location == "header"
            && let Some(name) = k.name
        {
            if is_reserved_header(name) {
                sink.push("R-MAP-7", path.text(), format!("`{name}` is a reserved header that API Gateway does not let you map; remove this mapping or use another header name."));
            }
            // Header names are case-insensitive (ASCII case, as HTTP compares them).
            if let Some((_, _, first)) =
                headers_seen.iter().find(|(action, seen, orig)| *action == k.action && seen.eq_ignore_ascii_case(name) && *orig != key)
            {
                sink.push(
                    "R-MAP-8",
                    path.text(),
                    format!("`{key}` and `{first}` name the same header (header names are case-insensitive); keep one of them."),
                );
            } else {
                headers_seen.push((k.action, name, key));
            }
        }
        if k.action == "remove" {
            if value.literal() == Some("") {
                sink.push(
                    "R-MAP-9",
                    path.text(),
                    "A remove: mapping still needs a non-empty value: use `\"''\"` (the provider treats \"\" as \"delete this key\").",
                );
            }
            continue;
        }
        http_value(value, path, side, sink);
    }
}

fn valid_name(n: &str) -> bool {
    !n.is_empty() && !n.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Checks an HTTP API mapping value: `$source`, `${source}` segments, or static text.
fn http_value(value: Arg, path: MapPath<'_>, side: Side, sink: &mut Sink) {
    let Some(text) = value.literal() else {
        if let Some(e) = value.set_expression() {
            template_context_names(e, path, side, sink);
        }
        return;
    };
    let sources = match side {
        Side::Request => {
            "`$request.header.NAME`, `$request.querystring.NAME`, `$request.body`, `$request.body.JSONPATH`, `$request.path`, `$request.path.NAME`, `$context.VARIABLE` or `$stageVariables.NAME`"
        }
        Side::Response => {
            "`$response.header.NAME`, `$response.body`, `$response.body.JSONPATH`, `$context.VARIABLE` or `$stageVariables.NAME`"
        }
    };
    let code = if side == Side::Request { "R-MAP-2" } else { "R-MAP-6" };
    let mut variables = Vec::new();
    if text.contains("${") {
        let mut rest = text;
        while let Some(open) = rest.find("${") {
            let after = &rest[open + 2..];
            let Some(close) = after.find('}') else {
                sink.push(code, path.text(), format!("`{}` has a `${{` without its closing `}}`.", super::quote(text)));
                return;
            };
            variables.push((&after[..close], true));
            rest = &after[close + 1..];
        }
    } else if let Some(var) = text.strip_prefix('$') {
        if var.split_whitespace().count() > 1 || var.contains(" $") {
            sink.push(
                code,
                path.text(),
                format!(
                    "`{}` uses more than one variable; write each in `${{…}}` form, e.g. `${{request.path.name}} ${{request.path.id}}`.",
                    super::quote(text)
                ),
            );
            return;
        }
        variables.push((var, false));
    }
    for (var, braced) in variables {
        match check_source(var, side) {
            Ok(()) => {}
            Err(SourceError::JsonPath) => {
                sink.push("R-MAP-3", path.text(), format!("`{}` uses recursive descent (`..`) or a filter (`?(…)`), which API Gateway's JSONPath does not support; use a plain path such as `$request.body.items[0].id`.", super::quote(var)));
            }
            Err(SourceError::Unknown) => {
                sink.push(
                    code,
                    path.text(),
                    format!("`${}` is not a mapping source here; use {sources}, or static text.", super::quote(var)),
                );
            }
            Err(SourceError::ContextName(c)) => sink.push("R-CTX-1", path.text(), context_name_message(var.trim(), c, braced)),
        }
    }
}

/// R-CTX-1 on a value Terraform computes from a template: a `${context.…}` variable written
/// whole in one of its literal parts (`"$${context.authorizer.claims.custom:tenant}-${var.x}"`)
/// has a known name whatever the holes hold. Nothing else of the value is judged.
fn template_context_names(e: &str, path: MapPath<'_>, side: Side, sink: &mut Sink) {
    let Some(parts) = crate::eval::template(e, &crate::eval::Scope::default()) else { return };
    for part in &parts {
        let crate::eval::Part::Lit(lit) = part else { continue };
        let mut rest = lit.as_str();
        while let Some(open) = rest.find("${") {
            let after = &rest[open + 2..];
            let Some(close) = after.find('}') else { break };
            let var = &after[..close];
            if let Err(SourceError::ContextName(c)) = check_source(var, side) {
                sink.push("R-CTX-1", path.text(), context_name_message(var.trim(), c, true));
            }
            rest = &after[close + 1..];
        }
    }
}

/// R-CTX-1's message for the variable `var` (without its `$`), whose name has `c` in it.
fn context_name_message(var: &str, c: char, braced: bool) -> String {
    use super::quote;
    let shown = quote(&c.to_string());
    let mut m = format!(
        "`${}` has `{shown}` in its name; AWS names `$context.` variables with letters, digits, `.` and `_` only, and rejects the integration (Invalid mapping expression specified).",
        quote(var)
    );
    // Without braces the name runs to the end of the value: the character may have been
    // meant to end it (an authorizer's name is a claim or property: the advice below).
    let authorizer = var.starts_with("context.authorizer.");
    if !braced
        && !authorizer
        && var.chars().count() <= 120
        && let Some(at) = var.find(c)
    {
        let (name, rest) = var.split_at(at);
        if rest.contains('$') {
            m.push_str(" To combine variables, write each in `${…}` form, e.g. `${context.requestId}-${context.stage}`.");
        } else {
            m.push_str(&format!(" If the name ends before `{shown}`, write `${{{}}}{}`.", quote(name), quote(rest)));
        }
    }
    if authorizer {
        m.push_str(" A claim such as `custom:tenant` cannot be mapped: have a Lambda authorizer return it under a plain name, or read it in the backend.");
    }
    m
}

enum SourceError {
    Unknown,
    JsonPath,
    /// A `$context.` name with a character AWS does not allow in it (the first one).
    ContextName(char),
}

fn check_source(var: &str, side: Side) -> Result<(), SourceError> {
    let var = var.trim();
    let (root, rest) = var.split_once('.').unwrap_or((var, ""));
    let named = |rest: &str| !rest.is_empty() && valid_name(rest);
    let ok = match (side, root) {
        (_, "context") if named(rest) => {
            return match rest.chars().find(|c| c.is_ascii_punctuation() && !matches!(c, '.' | '_')) {
                Some(c) => Err(SourceError::ContextName(c)),
                None => Ok(()),
            };
        }
        (_, "context" | "stageVariables") => named(rest),
        (Side::Request, "request") => {
            let (loc, name) = rest.split_once('.').unwrap_or((rest, ""));
            match loc {
                "header" | "querystring" => named(name),
                "path" => name.is_empty() || named(name),
                "body" => return json_path(name),
                _ => false,
            }
        }
        (Side::Response, "response") => {
            let (loc, name) = rest.split_once('.').unwrap_or((rest, ""));
            match loc {
                "header" => named(name),
                "body" => return json_path(name),
                _ => false,
            }
        }
        _ => false,
    };
    if ok { Ok(()) } else { Err(SourceError::Unknown) }
}

fn json_path(p: &str) -> Result<(), SourceError> {
    // `p` is what follows `body.`: a leading `.` means the path had `..`.
    if p.starts_with('.') || p.contains("..") || p.contains("?(") { Err(SourceError::JsonPath) } else { Ok(()) }
}

fn websocket_params(params: &MapArg, sink: &mut Sink) {
    for (key, value) in params.entries().filter(|(_, v)| v.is_set()) {
        let path = MapPath { base: "request_parameters", key };
        let key_ok = key
            .strip_prefix("integration.request.")
            .and_then(|r| r.split_once('.'))
            .is_some_and(|(loc, name)| matches!(loc, "header" | "querystring" | "path") && valid_name(name));
        if !key_ok {
            let hint = if key.contains(':') { " (append:/overwrite:/remove: keys are for HTTP APIs)" } else { "" };
            sink.push("R-WSM-1", path.text(), format!("`{key}` is not a WebSocket request parameter key; use `integration.request.header.NAME`, `integration.request.querystring.NAME` or `integration.request.path.NAME`{hint}."));
        }
        let Some(text) = value.literal() else { continue };
        if let Err(why) = websocket_value(text) {
            sink.push("R-WSM-2", path.text(), why);
        }
    }
}

fn websocket_value(text: &str) -> Result<(), String> {
    let t = text.trim();
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        return Ok(());
    }
    let sources = "`route.request.header.NAME`, `route.request.querystring.NAME`, `route.request.body.JSONPATH`, `stageVariables.NAME`, `context.NAME`, or static text in single quotes (`'value'`)";
    let param = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"._$-".contains(&b));
    if let Some(rest) = t.strip_prefix("route.request.") {
        let (loc, name) = rest.split_once('.').unwrap_or((rest, ""));
        return match loc {
            "header" | "querystring" | "multivalueheader" | "multivaluequerystring" if param(name) => Ok(()),
            "body" if !name.is_empty() => {
                if name.starts_with('.') || name.contains("..") || name.contains("?(") {
                    Err(format!("`{t}` uses recursive descent or a filter, which API Gateway's JSONPath does not support."))
                } else {
                    Ok(())
                }
            }
            _ => Err(format!("`{t}` is not a WebSocket mapping source; use {sources}.")),
        };
    }
    if let Some(name) = t.strip_prefix("stageVariables.").or_else(|| t.strip_prefix("context."))
        && param(name)
    {
        return Ok(());
    }
    if t.starts_with('$') {
        return Err(format!("`{t}` is HTTP API syntax; WebSocket APIs use {sources} (no `$`)."));
    }
    Err(format!("`{t}` is not a WebSocket mapping source; write static values in single quotes (`'{t}'`), or use {sources}."))
}

#[cfg(test)]
mod tests {
    use super::about_key;
    use crate::diag::map_path;
    use crate::model::{Integration, Map, Protocol, ResponseParameters, Value};

    fn with(protocol: Protocol, ty: &str, subtype: Option<&str>, entries: &[(&str, &str)], response: bool) -> Integration {
        let map = Some(Map(entries.iter().map(|(k, v)| (k.to_string(), Value::Str(v.to_string()))).collect()));
        let mut i = Integration {
            protocol: Some(protocol),
            integration_type: Some(Value::Str(ty.into())),
            integration_subtype: subtype.map(|s| Value::Str(s.into())),
            ..Integration::default()
        };
        if response {
            i.response_parameters = vec![ResponseParameters { status_code: Some(Value::Num("500".into())), mappings: map }];
        } else {
            i.request_parameters = map;
        }
        i
    }

    /// The codes of the findings at `key`'s entry.
    fn at(i: &Integration, key: &str) -> Vec<String> {
        let base = if i.response_parameters.is_empty() { "request_parameters" } else { "response_parameters[0].mappings" };
        crate::validate(i).into_iter().filter(|d| d.path == map_path(base, key)).map(|d| d.code).collect()
    }

    /// Tied to the rules, not to a copy of the list: every finding a bad key draws is
    /// classed with the key, every finding a bad value under a good key draws with the value.
    #[test]
    fn key_findings_go_to_the_key_and_value_findings_to_the_value() {
        let (http, ws) = (Protocol::Http, Protocol::WebSocket);
        let bad_keys = [
            (with(http, "HTTP_PROXY", None, &[("header.x", "$request.header.x")], false), "header.x", "R-MAP-1"),
            (with(http, "HTTP_PROXY", None, &[("append:path", "$request.path")], false), "append:path", "R-MAP-1"),
            (with(http, "HTTP_PROXY", None, &[("overwrite:path", "$request.path")], true), "overwrite:path", "R-MAP-4"),
            (with(http, "HTTP_PROXY", None, &[("append:header.Authorization", "x")], false), "append:header.Authorization", "R-MAP-7"),
            (
                with(http, "HTTP_PROXY", None, &[("append:header.x-a", "a"), ("append:header.X-A", "b")], false),
                "append:header.X-A",
                "R-MAP-8",
            ),
            (with(ws, "HTTP", None, &[("append:header.x", "'a'")], false), "append:header.x", "R-WSM-1"),
            (
                with(http, "AWS_PROXY", Some("SQS-SendMessage"), &[("QueueUrl", "q"), ("MessageBody", "b"), ("Queue", "x")], false),
                "Queue",
                "R-SUB-2",
            ),
        ];
        for (i, key, code) in &bad_keys {
            let codes = at(i, key);
            assert!(codes.iter().any(|c| c == code), "{key}: {codes:?}");
            assert!(codes.iter().all(|c| about_key(c)), "{key}: {codes:?}");
        }
        let bad_values = [
            (with(http, "HTTP_PROXY", None, &[("append:header.x", "$request.nope")], false), "append:header.x", "R-MAP-2"),
            (with(http, "HTTP_PROXY", None, &[("append:header.x", "$request.body..a")], false), "append:header.x", "R-MAP-3"),
            (with(http, "HTTP_PROXY", None, &[("append:header.x", "$request.header.x")], true), "append:header.x", "R-MAP-6"),
            (with(http, "HTTP_PROXY", None, &[("remove:header.x", "")], false), "remove:header.x", "R-MAP-9"),
            (with(http, "HTTP_PROXY", None, &[("append:header.x", "$context.custom:a")], false), "append:header.x", "R-CTX-1"),
            (with(http, "HTTP_PROXY", None, &[("append:header.x", "")], false), "append:header.x", "R-LEN-1"),
            (with(ws, "HTTP", None, &[("integration.request.header.x", "nope")], false), "integration.request.header.x", "R-WSM-2"),
            (
                with(http, "AWS_PROXY", Some("SQS-SendMessage"), &[("QueueUrl", "q"), ("MessageBody", "$request.nope")], false),
                "MessageBody",
                "R-MAP-2",
            ),
        ];
        for (i, key, code) in &bad_values {
            let codes = at(i, key);
            assert!(codes.iter().any(|c| c == code), "{key}: {codes:?}");
            assert!(!codes.iter().any(|c| about_key(c)), "{key}: {codes:?}");
        }
        for code in [
            "R-MAP-2", "R-MAP-3", "R-MAP-5", "R-MAP-6", "R-MAP-9", "R-MAP-10", "R-CTX-1", "R-WSM-2", "R-LEN-1", "R-SUBV-1", "R-PIT-7",
            "R-SUB-0",
        ] {
            assert!(!about_key(code), "{code}");
        }
        for st in super::super::SUBTYPES {
            assert!(about_key(st.code), "{}", st.code);
        }
    }
}
