//! The builder's own context: resource name, protocol, import target, and the
//! well-formedness of expression values.

use super::{Facts, IntegrationType, Premises, Sink};
use crate::diag::map_path;
use crate::model::{ImportTarget, Integration, Protocol, Value};
use crate::reference;

pub(super) fn check(p: &Premises, f: &Facts, sink: &mut Sink) {
    protocol(p, f, sink);
    if let Some(t) = p.import {
        import(t, sink);
    }
    expressions(p, sink);
}

/// The checks whose failure withholds the output: a name that is not an identifier, an
/// expression that is not exactly one expression.
pub(super) fn safety(i: &Integration, sink: &mut Sink) {
    name(i, sink);
    each_expr(i, &mut |e, path| {
        if e.trim().is_empty() {
            sink.push("R-EXPR-1", path, "The expression is empty. Type a reference such as `var.x`, or switch the field to a literal.");
            return;
        }
        let Some(why) = crate::hcl::verbatim::expression_problem(e) else { return };
        let cut = crate::diag::excerpt(e, 120);
        let shown = crate::hcl::verbatim::forbidden_char(&cut).map_or_else(|| cut.to_string(), |_| crate::diag::visible(&cut));
        let fix = if let Some(var) = live_aws_variable(e) {
            format!(" `${{{var}}}` is an API Gateway variable: enter the value as a literal and the builder escapes it.")
        } else if e.contains(' ') || e.starts_with('$') || e.contains("://") || e.contains(':') {
            " It looks like text: switch the field to a literal.".to_string()
        } else {
            " Check the spelling: a reference looks like `aws_lambda_function.example.invoke_arn`.".to_string()
        };
        sink.push(
            "R-EXPR-1",
            path,
            format!("`{shown}` is not a valid Terraform expression: {why}. The output is withheld until it is fixed.{fix}"),
        );
    });
}

/// Calls `f` with every expression value of the model and its diagnostic path. (Literals
/// are skipped here, before their paths are written: most values are literals, and this
/// runs on every keystroke.)
fn each_expr(i: &Integration, f: &mut dyn FnMut(&str, String)) {
    for name in crate::model::SCALAR_ARGS {
        if let Some(Value::Expr(e)) = i.scalar(name) {
            f(e, (*name).to_string());
        }
    }
    for name in crate::model::MAP_ARGS {
        for (k, v) in i.map(name).iter().flat_map(|m| m.iter()) {
            if let Value::Expr(e) = v {
                f(e, map_path(name, k));
            }
        }
    }
    for (n, rp) in i.response_parameters.iter().enumerate() {
        if let Some(Value::Expr(e)) = &rp.status_code {
            f(e, format!("response_parameters[{n}].status_code"));
        }
        for (k, v) in rp.mappings.iter().flat_map(|m| m.iter()) {
            if let Value::Expr(e) = v {
                f(e, map_path(&format!("response_parameters[{n}].mappings"), k));
            }
        }
    }
    if let Some(Some(Value::Expr(e))) = i.tls_config.as_ref().map(|t| &t.server_name_to_verify) {
        f(e, "tls_config.server_name_to_verify".to_string());
    }
}

fn name(i: &Integration, sink: &mut Sink) {
    if i.name.is_empty() {
        sink.push(
            "R-NAME-1",
            "name",
            "The resource name is empty. Give it a name such as `example` (letters, digits, `_` and `-`, starting with a letter or `_`).",
        );
    } else if !reference::is_resource_name(&i.name) {
        let fixed: String = i.name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
        let fixed = if fixed.starts_with(|c: char| c.is_ascii_digit() || c == '-') { format!("_{fixed}") } else { fixed };
        sink.push(
            "R-NAME-1",
            "name",
            format!("`{}` is not a valid resource name: use letters, digits, `_` and `-`, starting with a letter or `_` (for example `{fixed}`).", i.name),
        );
    }
}

fn protocol(p: &Premises, f: &Facts, sink: &mut Sink) {
    if p.protocol.is_some() {
        return;
    }
    let hint = suggest_protocol(p, f).map_or(String::new(), |(p, why)| {
        format!(" This configuration looks like {} API ({why}).", if p == Protocol::Http { "an HTTP" } else { "a WEBSOCKET" })
    });
    sink.push(
        "R-PROTO-1",
        "protocol",
        format!("The API's protocol is unknown, so the rules that differ between HTTP and WebSocket APIs were skipped. Choose HTTP or WEBSOCKET (CLI: --protocol, or reference an aws_apigatewayv2_api with protocol_type in the same files).{hint}"),
    );
}

/// The protocol a configuration implies, with the reason, when what is known of it
/// (arguments known to be set, known values) points at one protocol only; `None` when
/// nothing does, or when it has evidence for both.
pub(super) fn suggest_protocol(p: &Premises, f: &Facts) -> Option<(Protocol, &'static str)> {
    use IntegrationType::*;
    let http = if p.integration_subtype.is_set() {
        Some("integration_subtype is HTTP-only")
    } else if p.has_response_parameters() == Some(true) || p.has_tls_config() == Some(true) {
        Some("response_parameters and tls_config are HTTP-only")
    } else if p.payload_format_version.literal() == Some("2.0") {
        Some("payload_format_version 2.0 is HTTP-only")
    } else {
        None
    };
    let websocket = if matches!(f.ty, Some(Aws | Http | Mock)) {
        Some("AWS, HTTP and MOCK integrations are WebSocket-only")
    } else if p.request_templates.is_sent()
        || p.content_handling_strategy.is_sent()
        || p.template_selection_expression.is_sent()
        // Not the provider's default, which it sends for every API.
        || p.passthrough_behavior.literal().is_some_and(|v| v != "WHEN_NO_MATCH" && !v.is_empty())
    {
        Some("it sets WebSocket-only arguments")
    } else {
        None
    };
    match (http, websocket) {
        (Some(why), None) => Some((Protocol::Http, why)),
        (None, Some(why)) => Some((Protocol::WebSocket, why)),
        _ => None,
    }
}

fn import(t: &ImportTarget, sink: &mut Sink) {
    let id = format!("{}/{}", t.api_id, t.integration_id);
    let usage = "use `API_ID/INTEGRATION_ID`, e.g. `aabbccddee/1122334`";
    if t.api_id.is_empty() || t.integration_id.is_empty() {
        let missing = match (t.api_id.is_empty(), t.integration_id.is_empty()) {
            (true, true) => "the API id and the integration id are",
            (true, false) => "the API id is",
            _ => "the integration id is",
        };
        sink.push("R-IMP-1", "import.id", format!("Import id `{id}`: {missing} empty; {usage}."));
        return;
    }
    if t.api_id.contains('/') || t.integration_id.contains('/') {
        sink.push("R-IMP-1", "import.id", format!("Import id `{id}` has more than one `/`; {usage}."));
        return;
    }
    let shaped = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !shaped(&t.api_id, 10) {
        sink.push("R-IMP-1b", "import.id", format!("API id `{}` does not look like an API Gateway id (10 lowercase letters or digits, e.g. `aabbccddee`); check it with `aws apigatewayv2 get-apis`.", t.api_id));
    }
    if !shaped(&t.integration_id, 7) {
        sink.push("R-IMP-1b", "import.id", format!("Integration id `{}` does not look like an API Gateway integration id (7 lowercase letters or digits, e.g. `1122334`); check it with `aws apigatewayv2 get-integrations --api-id {}`.", t.integration_id, t.api_id));
    }
}

/// Well-formed expression values: not a live interpolation of an API Gateway variable,
/// and simple enough to judge (malformed ones are R-EXPR-1, in [`safety`]).
fn expressions(p: &Premises, sink: &mut Sink) {
    for (path, e) in p.expressions() {
        expression(e, &path, sink);
    }
    if let Some(r) = p.region.literal()
        && !super::schema::is_region(r)
    {
        sink.push(
            "R-SCH-20",
            "region",
            format!(
                "`{r}` is not an AWS region name; use one like `us-east-1` or `eu-central-1`, or leave region out to use the provider's."
            ),
        );
    }
}

const AWS_VARIABLE_ROOTS: &[&str] = &["request", "context", "stageVariables", "integration", "response", "route", "method"];

/// Whether `${root.…}` names an API Gateway variable: its root is one of theirs, and no
/// `for` of the expression names a variable so (`[for route in var.routes : "${route.path}"]`
/// interpolates the loop's variable).
fn is_aws_root(root: &str, bound: &[&str]) -> bool {
    AWS_VARIABLE_ROOTS.contains(&root) && !bound.contains(&root)
}

/// The variables the `for` expressions and `%{ for }` directives of an expression name:
/// `for NAME in` and `for KEY, NAME in`, read from its tokens (a `for` inside a string's
/// text is no keyword). Anywhere in the expression: a name bound in one place is taken
/// as bound everywhere, which can only keep a finding back.
fn for_variables(e: &str) -> Vec<&str> {
    use crate::hcl::lex::{Tok, lex};
    let tokens = lex(e);
    let mut out = Vec::new();
    for (n, t) in tokens.iter().enumerate() {
        if t.kind != Tok::Ident || t.text(e) != "for" {
            continue;
        }
        let names = match tokens.get(n + 1..n + 5) {
            Some([a, c, b, i, ..]) if c.kind == Tok::Comma && i.kind == Tok::Ident && i.text(e) == "in" => [Some(a), Some(b)],
            _ => match tokens.get(n + 1..n + 3) {
                Some([a, i]) if i.kind == Tok::Ident && i.text(e) == "in" => [Some(a), None],
                _ => continue,
            },
        };
        out.extend(names.into_iter().flatten().filter(|t| t.kind == Tok::Ident).map(|t| t.text(e)));
    }
    out
}

fn expression(e: &str, path: &str, sink: &mut Sink) {
    if e.trim().is_empty() || crate::hcl::verbatim::expression_problem(e).is_some() {
        return;
    }
    if let Some(var) = live_aws_variable(e) {
        sink.push(
            "R-HCL-1",
            path,
            format!("`${{{var}}}` is an API Gateway variable, but in HCL `${{` starts a Terraform interpolation. Write `$${{{var}}}` in HCL, or enter the value as a literal and the builder escapes it."),
        );
        return;
    }
    if reference::parse(e).is_none() && !is_simple_literal_expr(e) {
        sink.push(
            "R-HCL-4",
            path,
            format!(
                "`{}` is computed by Terraform, so the builder cannot check its value; the rules that need it were skipped.",
                crate::diag::excerpt(e, 120)
            ),
        );
    }
}

/// `true`, `false`, `null` and number literals are expressions the rules can live with.
fn is_simple_literal_expr(e: &str) -> bool {
    matches!(e.trim(), "true" | "false" | "null") || crate::hcl::number::is_literal(e.trim())
}

/// The expression with every live `${root.…}` of an API Gateway variable escaped as
/// `$${root.…}`, so that Terraform passes it to AWS as text (the fix for R-HCL-1).
pub fn escape_live_variables(e: &str) -> String {
    let bound = for_variables(e);
    let mut out = String::with_capacity(e.len() + 8);
    let mut rest = e;
    while let Some(at) = rest.find("${") {
        let escaped = at > 0 && rest.as_bytes()[at - 1] == b'$';
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let inner = &tail[..tail.find('}').unwrap_or(tail.len())];
        let root = inner.trim().split('.').next().unwrap_or("");
        if !escaped && is_aws_root(root, &bound) && inner.contains('.') {
            out.push('$');
        }
        out.push_str("${");
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The first `${root.…}` in an expression whose root is an API Gateway variable
/// namespace, i.e. a mapping value written without the `$${` escape.
pub(crate) fn live_aws_variable(e: &str) -> Option<String> {
    let bound = for_variables(e);
    let b = e.as_bytes();
    let mut n = 0;
    while let Some(off) = e[n..].find("${") {
        let at = n + off;
        let escaped = at > 0 && b[at - 1] == b'$';
        n = at + 2;
        if escaped {
            continue;
        }
        let rest = &e[at + 2..];
        let inner = &rest[..rest.find('}').unwrap_or(rest.len())];
        let root = inner.trim().split('.').next().unwrap_or("");
        if is_aws_root(root, &bound) && inner.contains('.') {
            return Some(inner.trim().to_string());
        }
    }
    None
}
