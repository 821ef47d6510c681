//! AWS's rules per protocol and integration type (R-TYPE, R-METH, R-CONN, R-URI,
//! R-PFV, R-TMO, R-WSO, R-HTO, R-CRED). AWS enforces these only at apply time.

use super::premise::{Arg, SetValue};
use super::{Facts, IntegrationType as T, Premises, Sink, one_of};
use crate::eval::Part;
use crate::model::Protocol;
use crate::reference;

pub(super) fn check(i: &Premises, f: &Facts, sink: &mut Sink) {
    types(f, sink);
    method(i, f, sink);
    connection(i, f, sink);
    if f.ty.is_some() {
        // A blank form has no type, and `uri` says nothing without one: called through a
        // pointer, so that its code stays out of a first visit's start (see
        // `subtype::check` for why).
        let cold: fn(&Premises, &Facts, &mut Sink) = std::hint::black_box(uri);
        cold(i, f, sink);
    }
    payload_format(i, f, sink);
    timeout(i, f, sink);
    protocol_only(i, f, sink);
    credentials(i, f, sink);
}

fn types(f: &Facts, sink: &mut Sink) {
    if f.protocol == Some(Protocol::Http) && matches!(f.ty, Some(T::Aws | T::Http | T::Mock)) {
        let ty = f.ty.map_or("", T::as_str);
        let instead = match f.ty {
            Some(T::Aws) => "Use `AWS_PROXY` (Lambda proxy, or an AWS service with integration_subtype).",
            Some(T::Http) => "Use `HTTP_PROXY`.",
            _ => "HTTP APIs have no mock integration: use a Lambda or HTTP_PROXY backend, or a WebSocket API.",
        };
        sink.push("R-TYPE-1", "integration_type", format!("`{ty}` is supported only for WebSocket APIs; an HTTP API may only use proxy integrations (AWS_PROXY, HTTP_PROXY). {instead}"));
    }
    if f.protocol == Some(Protocol::Http) && f.vpc_link == Some(true) && f.is(T::AwsProxy) {
        sink.push(
            "R-TYPE-3",
            "integration_type",
            "An HTTP API private integration (connection_type = VPC_LINK) must use integration_type = `HTTP_PROXY`.",
        );
    }
    if f.has_subtype == Some(true) {
        // Apart, and called through a pointer, as `uri`.
        let cold: fn(&Facts, &mut Sink) = std::hint::black_box(subtype_type);
        cold(f, sink);
    }
}

/// R-TYPE-4: a subtype on the wrong protocol or type, or a name that is not a subtype.
#[inline(never)]
fn subtype_type(f: &Facts, sink: &mut Sink) {
    if f.protocol == Some(Protocol::WebSocket) {
        sink.push("R-TYPE-4", "integration_subtype", "integration_subtype is supported only for HTTP APIs. For an AWS service on a WebSocket API use integration_type = `AWS` with an integration_uri such as `arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue`.");
    } else if f.ty.is_some_and(|t| t != T::AwsProxy) {
        sink.push(
            "R-TYPE-4",
            "integration_subtype",
            format!("integration_subtype needs integration_type = `AWS_PROXY` (it is `{}`).", f.ty.map_or("", T::as_str)),
        );
    }
    if let Some(s) = f.subtype
        && super::subtype(s).is_none()
        && (1..=128).contains(&s.chars().count())
    {
        let names: Vec<&str> = super::SUBTYPES.iter().map(|s| s.name).collect();
        let hint = super::did_you_mean(s, &names).map_or(String::new(), |n| format!(" Did you mean `{n}`?"));
        sink.push(
            "R-TYPE-4",
            "integration_subtype",
            format!("`{s}` is not an AWS service integration subtype; use one of {}.{hint}", one_of(&names)),
        );
    }
}

fn method(i: &Premises, f: &Facts, sink: &mut Sink) {
    let m = i.integration_method.literal();
    if i.integration_method.is_absent() {
        if matches!(f.ty, Some(T::Http | T::HttpProxy)) {
            let ty = f.ty.map_or("", T::as_str);
            sink.push("R-METH-1", "integration_method", format!("A {ty} integration needs integration_method: the HTTP method to call the backend with (`ANY` forwards the client's method)."));
        } else if f.is(T::Aws) && f.lambda == Some(false) {
            sink.push("R-METH-1", "integration_method", "An AWS service integration needs integration_method, usually `POST`.");
        }
    }
    if f.lambda == Some(true)
        && let Some(m) = m
        && m != "POST"
    {
        sink.push("R-METH-2", "integration_method", format!("Lambda integrations must use `POST` (AWS: HttpMethod must be POST for AWS_PROXY IntegrationType); `{m}` fails at apply. Set `POST` or leave integration_method out."));
    }
}

fn connection(i: &Premises, f: &Facts, sink: &mut Sink) {
    match (f.vpc_link, i.connection_id) {
        (Some(true), Arg::Absent) => {
            let kind = match f.protocol {
                Some(Protocol::WebSocket) => "aws_api_gateway_vpc_link.example.id",
                _ => "aws_apigatewayv2_vpc_link.example.id",
            };
            sink.push(
                "R-CONN-1",
                "connection_id",
                format!("connection_type = VPC_LINK needs connection_id: the VPC link's id, e.g. `{kind}`."),
            );
        }
        (Some(false), Arg::Known(_) | Arg::Set(_)) => {
            sink.push("R-CONN-1b", "connection_id", "connection_id is set but connection_type is INTERNET (the default), so it has no effect. Set connection_type = `VPC_LINK` for a private integration, or remove connection_id.");
        }
        _ => {}
    }
    let Some(r) = i.connection_id.set_expression().and_then(reference::parse) else { return };
    match (f.protocol, r.resource_type()) {
        (Some(Protocol::Http), Some("aws_api_gateway_vpc_link")) => {
            sink.push("R-CONN-2", "connection_id", "HTTP APIs need a VPC link v2: reference an `aws_apigatewayv2_vpc_link`, not an `aws_api_gateway_vpc_link` (REST/WebSocket).");
        }
        (Some(Protocol::WebSocket), Some("aws_apigatewayv2_vpc_link")) => {
            sink.push("R-CONN-2", "connection_id", "WebSocket APIs need a VPC link v1: reference an `aws_api_gateway_vpc_link` (targeting an NLB); VPC link v2 (`aws_apigatewayv2_vpc_link`) is HTTP-only.");
        }
        _ => {}
    }
}

/// `arn:PARTITION:SERVICE:…` split into its six parts, if it is ARN-shaped.
fn arn_parts(s: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn" && parts[1].starts_with("aws")).then_some(parts)
}

fn is_lambda_function_arn(s: &str) -> bool {
    arn_parts(s).is_some_and(|p| p[2] == "lambda" && p[5].starts_with("function:") && p[5].len() > "function:".len())
}

fn is_lambda_invoke_arn(s: &str) -> bool {
    arn_parts(s).is_some_and(|p| {
        p[2] == "apigateway"
            && p[4] == "lambda"
            && p[5].starts_with("path/")
            && p[5].contains("/functions/")
            && p[5].ends_with("/invocations")
    })
}

fn is_http_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(char::is_whitespace)
    })
}

/// A URI as far as it can be seen: a literal, or a template's literal parts with its holes
/// marked (`"https://${var.host}"`). A failed shape check on a template is only certain when
/// its literal start already rules out every valid start ([`Seen::surely`]).
struct Seen<'a> {
    /// The text the shape checks read: holes are [`HOLE`].
    text: std::borrow::Cow<'a, str>,
    /// What messages quote: the literal, or the expression as written.
    shown: &'a str,
    /// For a template, its literal text before the first hole.
    prefix: Option<String>,
}

/// Stands for a template's hole in [`Seen::text`]: a character no URI contains.
const HOLE: char = '\u{1}';

impl<'a> Seen<'a> {
    fn of(v: SetValue<'a>) -> Option<Seen<'a>> {
        match v {
            SetValue::Expr(e) => {
                let parts = crate::eval::template(e, &crate::eval::Scope::default())?;
                if !parts.iter().any(|p| matches!(p, Part::Lit(l) if !l.is_empty())) {
                    return None;
                }
                let mut text = String::new();
                let mut prefix = None;
                for p in &parts {
                    match p {
                        Part::Lit(l) => text.push_str(l),
                        Part::Hole(_) => {
                            prefix.get_or_insert_with(|| text.clone());
                            text.push(HOLE);
                        }
                    }
                }
                Some(Seen { text: text.into(), shown: e, prefix })
            }
            SetValue::Literal(v) => Some(Seen { text: v.text().into(), shown: v.text(), prefix: None }).filter(|s| !s.text.is_empty()),
        }
    }

    /// Whether a failed shape check is certain: always for a literal; for a template, when
    /// no valid value can start with its literal start (`starts`: how valid values begin).
    fn surely(&self, starts: &[&str]) -> bool {
        self.prefix.as_deref().is_none_or(|p| !starts.iter().any(|s| s.starts_with(p)))
    }
}

/// The expression a template of a single interpolation stands for (`"${aws_lambda_function.f.invoke_arn}"`).
fn sole_interpolation(e: &str) -> Option<String> {
    let parts = crate::eval::template(e, &crate::eval::Scope::default())?;
    match parts.as_slice() {
        [Part::Hole(h)] if !h.is_empty() => Some(h.clone()),
        _ => None,
    }
}

const URL_STARTS: &[&str] = &["https://", "http://"];
const ARN_STARTS: &[&str] = &["arn:"];

#[inline(never)]
fn uri(i: &Premises, f: &Facts, sink: &mut Sink) {
    let Some(ty) = f.ty else { return };
    // What a rule may say about the URI: nothing when it may be null or anything.
    let uri = i.integration_uri;
    if matches!(uri, Arg::Unknown(_)) {
        return;
    }
    let seen = uri.set_value().and_then(Seen::of);
    let sole = uri.set_expression().and_then(sole_interpolation);
    let reference = uri.set_expression().map(|e| sole.as_deref().unwrap_or(e)).and_then(reference::parse);
    let ref_type = reference.as_ref().and_then(|r| r.resource_type());
    let ref_attr = reference.as_ref().and_then(|r| r.last_attr());
    let ws = f.protocol == Some(Protocol::WebSocket);
    if matches!(ty, T::Aws | T::AwsProxy)
        && let Some(e) = uri.set_expression()
        && let Some((target, qualifier)) = qualified_invoke_arn(e)
    {
        sink.push("R-URI-8", "integration_uri", format!("`{target}` already ends in `/invocations`, so appending `{}` makes a URI that names no function. For an alias use its own `aws_lambda_alias.NAME.invoke_arn`; for a published version, `aws_lambda_function.NAME.qualified_invoke_arn`.", super::quote(&qualifier)));
        return;
    }
    match ty {
        T::Mock => {
            if uri.is_sent() {
                sink.push(
                    "R-URI-7",
                    "integration_uri",
                    "MOCK integrations do not call a backend; remove integration_uri (AWS reads it back empty, so it only causes drift).",
                );
            }
        }
        // A subtype set, or one an expression may set: no Lambda URI to demand.
        T::AwsProxy if f.has_subtype != Some(false) => {}
        T::AwsProxy => {
            let code = if ws { "R-URI-2" } else { "R-URI-1" };
            if uri.is_unsent() {
                sink.push(code, "integration_uri", "A Lambda proxy integration needs integration_uri: the function's invoke ARN, e.g. `aws_lambda_function.example.invoke_arn`. (For an AWS service, set integration_subtype instead.)");
            } else if let Some(seen) = &seen {
                let (s, shown) = (&*seen.text, seen.shown);
                if ws && is_lambda_function_arn(s) {
                    let arn = if seen.prefix.is_some() { "FUNCTION_ARN" } else { s };
                    sink.push("R-URI-2", "integration_uri", format!("WebSocket APIs need the Lambda invocation URI, not the function ARN: `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/{arn}/invocations` (the function's invoke_arn)."));
                } else if !is_lambda_invoke_arn(s) && (ws || !is_lambda_function_arn(s)) && seen.surely(ARN_STARTS) {
                    sink.push(code, "integration_uri", format!("`{shown}` is not a Lambda function ARN or invoke ARN. Use `aws_lambda_function.example.invoke_arn`, or set integration_subtype for an AWS service integration."));
                }
            } else if let Some(t) = ref_type {
                lambda_reference(t, ref_attr, ws, code, sink);
            }
        }
        T::Aws => {
            if uri.is_unsent() {
                sink.push("R-URI-3", "integration_uri", "An AWS integration needs integration_uri: a Lambda invoke ARN, or an AWS service action such as `arn:aws:apigateway:us-east-1:dynamodb:action/PutItem`.");
            } else if let Some(seen) = &seen {
                let (s, shown) = (&*seen.text, seen.shown);
                if is_lambda_function_arn(s) {
                    let arn = if seen.prefix.is_some() { "FUNCTION_ARN" } else { s };
                    sink.push("R-URI-2", "integration_uri", format!("Use the Lambda invocation URI, not the function ARN: `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/{arn}/invocations` (the function's invoke_arn)."));
                } else if !is_lambda_invoke_arn(s) && !is_service_uri(s) && seen.surely(ARN_STARTS) {
                    sink.push("R-URI-3", "integration_uri", format!("`{shown}` is not an AWS integration URI; use `arn:aws:apigateway:REGION:SERVICE:action/ACTION` (e.g. `…:dynamodb:action/PutItem`), `…:SERVICE:path/PATH`, or a Lambda invoke ARN."));
                }
            } else if let (Some("aws_lambda_function" | "aws_lambda_alias"), Some(attr)) = (ref_type, ref_attr)
                && !matches!(attr, "invoke_arn" | "qualified_invoke_arn")
            {
                sink.push(
                    "R-URI-2",
                    "integration_uri",
                    format!(
                        "Reference the function's `invoke_arn`, not `{attr}`: AWS integrations call Lambda through the invocation URI."
                    ),
                );
            }
        }
        T::Http | T::HttpProxy => {
            if f.vpc_link == Some(true) {
                match f.protocol {
                    Some(Protocol::Http) => private_http_uri(!uri.is_unsent(), seen.as_ref(), ref_type, sink),
                    Some(Protocol::WebSocket) => {
                        if uri.is_unsent() {
                            sink.push("R-URI-6", "integration_uri", "A WebSocket private integration needs integration_uri: the URL to call through the VPC link, e.g. `http://internal.example.com/path`.");
                        } else if let Some(seen) = seen.as_ref().filter(|s| !is_http_url(&s.text) && s.surely(URL_STARTS)) {
                            sink.push("R-URI-6", "integration_uri", format!("`{}` is not an http(s):// URL; a WebSocket private integration calls a URL through the VPC link's NLB.", seen.shown));
                        }
                    }
                    None => {}
                }
            } else if f.vpc_link == Some(false) {
                if uri.is_unsent() {
                    sink.push(
                        "R-URI-4",
                        "integration_uri",
                        "An HTTP integration needs integration_uri: a fully-qualified URL such as `https://example.com/{proxy}`.",
                    );
                } else if let Some(seen) = seen.as_ref().filter(|s| !is_http_url(&s.text) && s.surely(URL_STARTS)) {
                    let hint = if seen.text.starts_with("arn:") {
                        " An ARN is for private integrations: set connection_type = `VPC_LINK` and connection_id."
                    } else {
                        " Start it with `https://` (or `http://`)."
                    };
                    sink.push("R-URI-4", "integration_uri", format!("`{}` is not a fully-qualified http(s) URL.{hint}", seen.shown));
                }
            }
        }
    }
}

/// A template that appends a qualifier to a Lambda invoke ARN
/// (`"${aws_lambda_function.f.invoke_arn}:live"`): the reference and what follows it.
fn qualified_invoke_arn(e: &str) -> Option<(String, String)> {
    let parts = crate::eval::template(e, &crate::eval::Scope::default())?;
    let (Some(Part::Hole(h)), Some(Part::Lit(l))) = (parts.first(), parts.get(1)) else { return None };
    if !l.starts_with(':') {
        return None;
    }
    let r = reference::parse(h)?;
    let invoke = matches!(r.resource_type()?, "aws_lambda_function" | "aws_lambda_alias")
        && matches!(r.last_attr()?, "invoke_arn" | "qualified_invoke_arn");
    invoke.then(|| (h.clone(), l.split(['/', '$']).next().unwrap_or(l).to_string()))
}

/// `arn:aws:apigateway:REGION:SERVICE:action/…` or `…:path/…`.
fn is_service_uri(s: &str) -> bool {
    arn_parts(s).is_some_and(|p| {
        p[2] == "apigateway" && !p[4].is_empty() && (p[5].starts_with("action/") || p[5].starts_with("path/")) && p[5].len() > 5
    })
}

fn lambda_reference(ty: &str, attr: Option<&str>, ws: bool, code: &str, sink: &mut Sink) {
    match (ty, attr) {
        // `qualified_invoke_arn` is a published version's invocation URI.
        ("aws_lambda_function" | "aws_lambda_alias", Some("invoke_arn" | "qualified_invoke_arn")) => {}
        ("aws_lambda_function" | "aws_lambda_alias", Some("arn" | "qualified_arn")) if !ws => {}
        // An alias's id is its ARN, and its `function_name` is the function's name or ARN
        // as written: a function ARN, for all that can be told, which an HTTP API takes.
        ("aws_lambda_alias", Some("id" | "function_name")) if !ws => {}
        ("aws_lambda_function" | "aws_lambda_alias", Some(a)) => {
            sink.push(
                code,
                "integration_uri",
                format!(
                    "Reference the function's `invoke_arn`, not `{a}`{}.",
                    if ws { ": WebSocket APIs need the invocation URI" } else { "" }
                ),
            );
        }
        (t, Some(a)) if super::names_itself(t, a) => {
            sink.push(code, "integration_uri", format!("An AWS_PROXY integration without integration_subtype invokes a Lambda function, but this references an `{t}`. Reference `aws_lambda_function.NAME.invoke_arn`, or set integration_subtype for an AWS service integration."));
        }
        _ => {}
    }
}

fn private_http_uri(present: bool, seen: Option<&Seen>, ref_type: Option<&str>, sink: &mut Sink) {
    if !present {
        sink.push("R-URI-5", "integration_uri", "An HTTP API private integration needs integration_uri: the ARN of an ALB/NLB listener (e.g. `aws_lb_listener.example.arn`) or of a Cloud Map service.");
        return;
    }
    if let Some(seen) = seen {
        let ok = arn_parts(&seen.text).is_some_and(|p| {
            (p[2] == "elasticloadbalancing" && (p[5].starts_with("listener/app/") || p[5].starts_with("listener/net/")))
                || (p[2] == "servicediscovery" && p[5].starts_with("service/"))
        });
        let load_balancer = arn_parts(&seen.text).is_some_and(|p| p[2] == "elasticloadbalancing" && p[5].starts_with("loadbalancer/"));
        if load_balancer {
            sink.push("R-URI-5", "integration_uri", format!("`{}` is a load balancer's ARN; AWS wants one of its listeners (\"integration uri should be a valid ELB listener ARN or a valid Cloud Map service ARN\"). Use `aws_lb_listener.NAME.arn`, or the listener's ARN (`…:listener/app/…` or `…:listener/net/…`).", super::quote_written(seen.shown)));
        } else if !ok && seen.surely(ARN_STARTS) {
            sink.push("R-URI-5", "integration_uri", format!("`{}` is not a load balancer listener ARN or a Cloud Map service ARN; over a VPC link v2, integration_uri is `aws_lb_listener.NAME.arn` or `aws_service_discovery_service.NAME.arn`.", super::quote_written(seen.shown)));
        }
        return;
    }
    match ref_type {
        Some("aws_lb" | "aws_alb") => sink.push(
            "R-URI-5",
            "integration_uri",
            "Reference the load balancer's listener (`aws_lb_listener.NAME.arn`), not the load balancer itself: AWS answers \"integration uri should be a valid ELB listener ARN or a valid Cloud Map service ARN\".",
        ),
        Some("aws_lb_target_group" | "aws_alb_target_group") => {
            sink.push("R-URI-5", "integration_uri", "Reference a listener (`aws_lb_listener.NAME.arn`), not a target group.")
        }
        _ => {}
    }
}

fn payload_format(i: &Premises, f: &Facts, sink: &mut Sink) {
    if i.payload_format_version.literal() == Some("2.0") {
        let why = if f.protocol == Some(Protocol::WebSocket) {
            Some("WebSocket APIs support only 1.0")
        } else if f.has_subtype == Some(true) {
            Some("AWS service (subtype) integrations support only 1.0")
        } else if f.ty.is_some_and(|t| t != T::AwsProxy) {
            Some("only Lambda proxy (AWS_PROXY) integrations support 2.0")
        } else {
            None
        };
        if let Some(why) = why {
            sink.push(
                "R-PFV-1",
                "payload_format_version",
                format!("payload_format_version 2.0 is not allowed here: {why}. Use `\"1.0\"` or leave it out."),
            );
        }
    }
    if f.protocol == Some(Protocol::Http) && f.is(T::AwsProxy) && f.has_subtype == Some(false) && i.payload_format_version.is_absent() {
        sink.push("R-PFV-2", "payload_format_version", "Set payload_format_version explicitly: Terraform defaults to `1.0` while the console defaults to `2.0`, and the Lambda event shape differs (`requestContext.http` exists only in 2.0).");
    }
}

fn timeout(i: &Premises, f: &Facts, sink: &mut Sink) {
    let Some(ms) = super::schema::timeout_value(i) else {
        // A whole number too large for 64 bits is out of range too.
        if let Some(text) = i.timeout_milliseconds.literal().map(str::trim).filter(|t| crate::hcl::number::is_whole(t)) {
            sink.push("R-TMO-1", "timeout_milliseconds", format!("timeout_milliseconds {text} is out of range: the limit is 50 to 29000 ms for WebSocket APIs and 50 to 30000 ms for HTTP APIs."));
        }
        return;
    };
    let (max, what) = match f.protocol {
        Some(Protocol::WebSocket) => (29_000, "WebSocket APIs allow 50 to 29000 ms"),
        Some(Protocol::Http) => (30_000, "HTTP APIs allow 50 to 30000 ms"),
        None => (30_000, "the limit is 50 to 29000 ms for WebSocket APIs and 50 to 30000 ms for HTTP APIs"),
    };
    if !(50..=max).contains(&ms) {
        let fix = if ms < 50 { "50".to_string() } else { max.to_string() };
        sink.push(
            "R-TMO-1",
            "timeout_milliseconds",
            format!("timeout_milliseconds {ms} is out of range: {what}. Use a value such as {fix}; AWS rejects this only at apply time."),
        );
    }
}

fn protocol_only(i: &Premises, f: &Facts, sink: &mut Sink) {
    match f.protocol {
        Some(Protocol::Http) => {
            if i.content_handling_strategy.is_set() {
                sink.push(
                    "R-WSO-1",
                    "content_handling_strategy",
                    "content_handling_strategy is supported only for WebSocket APIs; remove it from this HTTP API integration.",
                );
            }
            match i.passthrough_behavior.literal() {
                // The provider sends WHEN_NO_MATCH, its default, and suppresses exactly that
                // diff on HTTP APIs: written out, it has no consequence.
                Some("WHEN_NO_MATCH") => sink.push("R-WSO-2b", "passthrough_behavior", "passthrough_behavior = WHEN_NO_MATCH is the provider's default and has no effect on an HTTP API (it is not stored, and the provider suppresses the diff); you can leave it out."),
                // Only a known value: a computed one may be WHEN_NO_MATCH.
                Some(_) if i.passthrough_behavior.is_sent() => sink.push("R-WSO-2", "passthrough_behavior", "passthrough_behavior is supported only for WebSocket APIs: HTTP APIs do not store it, so Terraform shows a diff on every plan. Remove it."),
                _ => {}
            }
            if i.request_templates.is_sent() {
                sink.push("R-WSO-3", "request_templates", "request_templates is supported only for WebSocket APIs; remove it and use request_parameters to transform HTTP API requests.");
            }
            if i.template_selection_expression.is_sent() {
                sink.push(
                    "R-WSO-4",
                    "template_selection_expression",
                    "template_selection_expression is supported only for WebSocket APIs; remove it from this HTTP API integration.",
                );
            }
        }
        Some(Protocol::WebSocket) => {
            if i.has_response_parameters() == Some(true) {
                sink.push("R-HTO-1", "response_parameters[0]", "response_parameters is supported only for HTTP APIs; remove the blocks (WebSocket APIs map responses with integration responses).");
            }
            if i.has_tls_config() == Some(true) {
                sink.push("R-HTO-2", "tls_config", "tls_config is supported only for HTTP APIs; remove it.");
            }
            if i.template_selection_expression.is_sent() && matches!(f.ty, Some(T::AwsProxy | T::HttpProxy)) {
                sink.push("R-WSO-4b", "template_selection_expression", "Proxy integrations pass the request through unchanged, so template_selection_expression has no effect; remove it or use a non-proxy type (AWS, HTTP).");
            }
        }
        None => {}
    }
    if f.protocol != Some(Protocol::WebSocket) && i.has_tls_config() == Some(true) && f.vpc_link == Some(false) {
        sink.push("R-HTO-2b", "tls_config", "tls_config applies only to private integrations (connection_type = VPC_LINK); on an INTERNET integration AWS does not store it and every plan shows a diff. Remove it, or make the integration private.");
    }
    if f.protocol == Some(Protocol::Http)
        && f.vpc_link == Some(true)
        && f.is(T::HttpProxy)
        && i.request_parameters.has("overwrite:path") == Some(false)
    {
        sink.push("R-MAP-10", "request_parameters", "Private integrations forward the stage name in the path (`/stage/route`). To send only the route path, map `\"overwrite:path\" = \"$request.path\"`.");
    }
}

fn credentials(i: &Premises, f: &Facts, sink: &mut Sink) {
    if !i.credentials_arn.is_unsent() {
        return;
    }
    if f.has_subtype == Some(true) {
        sink.push("R-CRED-2", "credentials_arn", "AWS service integrations need credentials_arn: a role that API Gateway assumes and that may call the service, e.g. `aws_iam_role.example.arn`.");
    } else if f.is(T::Aws) && f.lambda == Some(false) {
        sink.push("R-CRED-2b", "credentials_arn", "AWS service integrations need a role in credentials_arn that allows the action; without it API Gateway cannot call the service.");
    } else if f.lambda == Some(true) {
        let api = i
            .api_id
            .set_expression()
            .and_then(reference::parse)
            .filter(|r| r.root == "aws_apigatewayv2_api")
            .and_then(|r| r.attrs.first().copied())
            .unwrap_or("example");
        sink.push("R-CRED-3", "credentials_arn", format!("No credentials_arn: API Gateway invokes the function under its resource policy. Make sure an `aws_lambda_permission` allows principal `apigateway.amazonaws.com` with source_arn `\"${{aws_apigatewayv2_api.{api}.execution_arn}}/*/*\"`, or calls fail with 500."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_shapes() {
        assert!(is_lambda_function_arn("arn:aws:lambda:us-east-1:123456789012:function:f"));
        assert!(!is_lambda_function_arn("arn:aws:lambda:us-east-1:123456789012:function:"));
        assert!(is_lambda_invoke_arn(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
        ));
        assert!(!is_lambda_invoke_arn("arn:aws:apigateway:us-east-1:sqs:path/1/q"));
        assert!(is_http_url("https://example.com/{proxy}"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("example.com"));
        assert!(!is_http_url("https://exa mple.com"));
    }
}
