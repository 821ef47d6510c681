//! Validation: every rule of the rule book that can be judged from the configuration.
//!
//! `validate` never stops at the first problem: each rule function appends to one list.
//! Rules that need the API's protocol are skipped when it is unknown, and one
//! `R-PROTO-1` diagnostic says so. Values given as references (`var.x`) are not judged
//! where a literal is needed; the rules that depend on them stay silent.

mod context;
mod mapping;
pub mod neighbours;
mod premise;
mod protocol;
mod schema;
mod subtype;
mod table;
mod values;
pub mod verbatim;

pub use context::escape_live_variables;
pub use mapping::about_key;
pub use subtype::{SUBTYPES, Subtype, subtype};
pub use table::{RULE_COUNT, RULES, Rule, WITHHOLDING, known_code, rule, withholds};

use crate::diag::Diagnostic;
pub use crate::eval::Scope;
use crate::model::{Integration, Protocol};
use premise::{Arg, Premises, SetValue};

/// The integration types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegrationType {
    /// `AWS` (WebSocket only).
    Aws,
    /// `AWS_PROXY`.
    AwsProxy,
    /// `HTTP` (WebSocket only).
    Http,
    /// `HTTP_PROXY`.
    HttpProxy,
    /// `MOCK` (WebSocket only).
    Mock,
}

impl IntegrationType {
    /// All types, in the documentation's order.
    pub const ALL: [IntegrationType; 5] =
        [IntegrationType::Aws, IntegrationType::AwsProxy, IntegrationType::Http, IntegrationType::HttpProxy, IntegrationType::Mock];

    /// The Terraform spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IntegrationType::Aws => "AWS",
            IntegrationType::AwsProxy => "AWS_PROXY",
            IntegrationType::Http => "HTTP",
            IntegrationType::HttpProxy => "HTTP_PROXY",
            IntegrationType::Mock => "MOCK",
        }
    }

    /// Parses the exact (case-sensitive) spelling.
    pub fn parse(s: &str) -> Option<IntegrationType> {
        IntegrationType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The types AWS accepts for a protocol (all of them when unknown).
    pub fn allowed(protocol: Option<Protocol>) -> &'static [IntegrationType] {
        match protocol {
            Some(Protocol::Http) => &[IntegrationType::AwsProxy, IntegrationType::HttpProxy],
            _ => &IntegrationType::ALL,
        }
    }
}

/// Enumerated argument values, as the provider validates them.
pub const CONNECTION_TYPES: &[&str] = &["INTERNET", "VPC_LINK"];
/// `content_handling_strategy` values.
pub const CONTENT_HANDLING: &[&str] = &["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"];
/// `integration_method` values.
pub const METHODS: &[&str] = &["ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/// `passthrough_behavior` values.
pub const PASSTHROUGH: &[&str] = &["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];
/// `payload_format_version` values.
pub const PAYLOAD_VERSIONS: &[&str] = &["1.0", "2.0"];

/// What the rules derive once from the configuration.
pub(crate) struct Facts<'a> {
    pub protocol: Option<Protocol>,
    /// The integration type, when it is a valid literal.
    pub ty: Option<IntegrationType>,
    /// The subtype literal, if set as a literal.
    pub subtype: Option<&'a str>,
    /// Whether `integration_subtype` is set: `Some(true)` as a literal, `Some(false)` not
    /// at all, `None` when an expression sets it (`each.value.subtype` is often `null`), so
    /// that the rules whose premise is its presence or absence stay silent.
    pub has_subtype: Option<bool>,
    /// `Some(true)` for VPC_LINK, `Some(false)` for INTERNET (or unset), `None` if unknown.
    pub vpc_link: Option<bool>,
    /// Whether the target is a Lambda function; `None` if it cannot be told.
    pub lambda: Option<bool>,
}

impl<'a> Facts<'a> {
    fn new(p: &Premises<'a>) -> Facts<'a> {
        let ty = p.integration_type.literal().and_then(IntegrationType::parse);
        let subtype = p.integration_subtype.literal();
        let has_subtype = p.integration_subtype.presence();
        let vpc_link = match p.connection_type {
            Arg::Absent => Some(false),
            Arg::Known(v) => match v.text() {
                "VPC_LINK" => Some(true),
                "INTERNET" => Some(false),
                _ => None,
            },
            Arg::Set(_) | Arg::Unknown(_) => None,
        };
        let lambda = match ty {
            Some(IntegrationType::AwsProxy) => has_subtype.map(|h| !h),
            Some(IntegrationType::Aws) => uri_is_lambda(p.integration_uri),
            Some(_) => Some(false),
            None => None,
        };
        Facts { protocol: p.protocol, ty, subtype, has_subtype, vpc_link, lambda }
    }

    pub fn is(&self, t: IntegrationType) -> bool {
        self.ty == Some(t)
    }
}

/// Whether an integration URI points at a Lambda function (`None`: cannot tell). A
/// template is judged by its literal parts (`"arn:aws:apigateway:${var.region}:dynamodb:action/PutItem"`
/// is an AWS service); a template of one interpolation, by what it references.
fn uri_is_lambda(uri: Arg) -> Option<bool> {
    let by_text = |t: &str| t.contains(":lambda:path/") || t.contains(":lambda:") && t.contains(":function:");
    match uri.set_value()? {
        SetValue::Expr(e) => {
            let parts = crate::eval::template(e, &crate::eval::Scope::default());
            let referenced = match parts.as_deref() {
                Some([crate::eval::Part::Hole(h)]) => h.as_str(),
                Some(parts) => {
                    let text: String = parts
                        .iter()
                        .map(|p| match p {
                            crate::eval::Part::Lit(l) => l.as_str(),
                            crate::eval::Part::Hole(_) => "\u{1}",
                        })
                        .collect();
                    // Only an ARN-shaped template says what it points at.
                    return (by_text(&text) || text.starts_with("arn:") && text.split(':').count() >= 6).then(|| by_text(&text));
                }
                None => e,
            };
            let r = crate::reference::parse(referenced)?;
            match r.resource_type()? {
                "aws_lambda_function" | "aws_lambda_alias" => Some(true),
                t if names_itself(t, r.last_attr()?) => Some(false),
                _ => None,
            }
        }
        SetValue::Literal(v) => Some(by_text(v.text())),
    }
}

/// Whether the attribute `attr` of a resource (or data source) of type `ty` is that
/// resource's own identity (its `arn` or `id`), so that its type says what it points at:
/// `aws_sqs_queue.q.arn` is a queue. Any other attribute may hold anything
/// (`data.aws_ssm_parameter.fn.value`, `aws_lambda_function_url.u.function_arn` can be a
/// Lambda ARN), and so may the `arn` of `data "aws_arn"` (it is the ARN it was given) and
/// the `id` of the Lambda types (some are a function's name or ARN).
pub(crate) fn names_itself(ty: &str, attr: &str) -> bool {
    match attr {
        "arn" => ty.starts_with("aws_") && ty != "aws_arn",
        "id" => ty.starts_with("aws_") && !ty.starts_with("aws_lambda_"),
        _ => false,
    }
}

/// Collects diagnostics.
/// Text a message quotes from the configuration: at most 120 characters (a 200 KB value does
/// not make a 200 KB message), with what cannot be seen shown as escapes.
pub(crate) fn quote(s: &str) -> String {
    crate::diag::visible(&crate::diag::excerpt(s, 120))
}

/// An expression as written, quoted as [`quote`] does, except that its quotes and
/// backslashes (its own syntax) stay as they are unless it holds what cannot be seen.
pub(crate) fn quote_written(s: &str) -> String {
    let cut = crate::diag::excerpt(s, 120);
    let hidden = cut.chars().any(|c| !matches!(c, '"' | '\\') && crate::diag::visible(c.encode_utf8(&mut [0; 4])).len() > c.len_utf8());
    if hidden { crate::diag::visible(&cut) } else { cut.into_owned() }
}

pub(crate) struct Sink {
    pub out: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        self.out.push(Diagnostic::new(code, path, message));
    }
}

/// Runs every rule on one integration and returns all findings, in rule order.
pub fn validate(i: &Integration) -> Vec<Diagnostic> {
    validate_in(i, &Scope::default())
}

/// [`validate`], with the `locals` of the integration's module (and the variables it
/// declares `nullable = false`) in `scope`. Values that can be known without Terraform are judged as Terraform will see
/// them ([`crate::eval::resolve`]): `jsonencode` of literals, `lookup`/`try` of known
/// maps, templates' literal parts. A `for_each` over a literal map or set is checked
/// instance by instance: what holds for every instance is said once, and what holds for
/// some names the keys (`for_each key "get": …`).
pub fn validate_in(i: &Integration, scope: &Scope) -> Vec<Diagnostic> {
    let mut sink = Sink { out: Vec::new() };
    context::safety(i, &mut sink);
    verbatim::structure(i, &mut sink);
    let mut effects = Sink { out: Vec::new() };
    verbatim::effects(i, &mut effects);
    if i.verbatim.iter().any(|v| v.name == "for_each") {
        // Called through a pointer, so that a form without `for_each` (the blank one a
        // first visit starts with) leaves its code out of the first load (see
        // `subtype::check` for why).
        let cold: fn(&Integration, &Scope, Sink, Sink) -> Vec<Diagnostic> = std::hint::black_box(validate_each);
        return cold(i, scope, sink, effects);
    }
    sink.out.extend(effects.out);
    sink.out.extend(judge(&crate::eval::resolve(i, scope), scope));
    sink.out
}

/// [`validate_in`] of an integration with a `for_each`: instance by instance when its
/// instances are known.
#[inline(never)]
fn validate_each(i: &Integration, scope: &Scope, mut sink: Sink, effects: Sink) -> Vec<Diagnostic> {
    let instances = i
        .verbatim
        .iter()
        .find(|v| v.name == "for_each")
        .and_then(|v| v.text.split_once('=').map(|(_, e)| e.trim()))
        .and_then(|e| crate::eval::instances(e, scope))
        .filter(|inst| !inst.is_empty() && inst.len() <= MAX_INSTANCES);
    let Some(instances) = instances else {
        sink.out.extend(effects.out);
        sink.out.extend(judge(&crate::eval::resolve(i, scope), scope));
        return sink.out;
    };
    // Each instance, with `each` known.
    let mut seen_through = vec!["for_each".to_string()];
    let mut found: Vec<(Diagnostic, Vec<&str>)> = Vec::new();
    // Where each diagnostic is in `found`, by its fields (a search of `found` per diagnostic
    // was quadratic: an instance's 20,000 findings took seconds).
    type Key = (String, crate::diag::Severity, String, String, Option<crate::diag::Pos>);
    let mut at: std::collections::BTreeMap<Key, usize> = std::collections::BTreeMap::new();
    for (n, (key, value)) in instances.iter().enumerate() {
        let each = Scope { each: Some((key, value)), ..*scope };
        let r = crate::eval::resolve(i, &each);
        for name in crate::model::MAP_ARGS {
            if i.map(name).is_none() && r.map(name).is_some() && n == 0 {
                seen_through.push((*name).to_string());
            } else if r.map(name).is_none() {
                seen_through.retain(|s| s != name);
            }
        }
        for d in judge(&r, &each) {
            let k: Key = (d.code.clone(), d.severity, d.path.clone(), d.message.clone(), d.pos);
            match at.get(&k).and_then(|&i| found.get_mut(i)) {
                Some((_, keys)) => keys.push(key),
                None => {
                    at.insert(k, found.len());
                    found.push((d, vec![key]));
                }
            }
        }
    }
    let through = |d: &Diagnostic| {
        d.code == "R-HCL-6"
            && i.verbatim.iter().enumerate().any(|(n, v)| crate::hcl::verbatim::path(n, v) == d.path && seen_through.contains(&v.name))
    };
    sink.out.extend(effects.out.into_iter().filter(|d| !through(d)));
    for (mut d, keys) in found {
        if keys.len() < instances.len() {
            // In HCL's quoting, as the key would be written in the configuration.
            let quoted: Vec<String> = keys.iter().map(|k| crate::hcl::escape::quote(k)).collect();
            let s = if keys.len() == 1 { "" } else { "s" };
            d.message = format!("for_each key{s} {}: {}", quoted.join(", "), d.message);
        }
        sink.out.push(d);
    }
    sink.out
}

/// At most this many `for_each` instances are checked one by one (more are checked as one).
const MAX_INSTANCES: usize = 256;

/// The rules that judge values, on a resolved model: they see it only as [`Premises`], so
/// each judges what is known and stays silent on what may be null or anything.
fn judge(r: &Integration, scope: &Scope) -> Vec<Diagnostic> {
    let p = Premises::new(r, scope);
    let facts = Facts::new(&p);
    let mut sink = Sink { out: Vec::new() };
    context::check(&p, &facts, &mut sink);
    schema::check(&p, &facts, &mut sink);
    protocol::check(&p, &facts, &mut sink);
    subtype::check(&p, &facts, &mut sink);
    mapping::check(&p, &facts, &mut sink);
    sink.out
}

/// The findings that withhold the output (see [`WITHHOLDING`]): exactly those of
/// [`validate`] whose code withholds, computed without the other rules.
pub fn blockers(i: &Integration) -> Vec<Diagnostic> {
    let mut sink = Sink { out: Vec::new() };
    context::safety(i, &mut sink);
    verbatim::structure(i, &mut sink);
    sink.out.retain(|d| withholds(&d.code));
    sink.out
}

/// Rules that need to see several integrations at once (unique names, the per-API quota):
/// `integrations` are all those of a configuration; returns findings per index.
pub fn validate_set(integrations: &[&Integration]) -> Vec<(usize, Diagnostic)> {
    let mut by_api: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (n, i) in integrations.iter().enumerate() {
        if let Some(api) = i.api_id.as_ref() {
            by_api.entry(api.text()).or_default().push(n);
        }
    }
    let mut out = Vec::new();
    // The first integration of each name (a map, so that a large workspace is n log n).
    let mut first_of: std::collections::BTreeMap<&str, usize> = Default::default();
    for (n, i) in integrations.iter().enumerate() {
        let first = *first_of.entry(i.name.as_str()).or_insert(n);
        if first != n {
            out.push((
                n,
                Diagnostic::new(
                    "R-NAME-2",
                    "name",
                    format!(
                        "aws_apigatewayv2_integration.{} is declared twice (integration {} and {}); rename one of them.",
                        i.name,
                        first + 1,
                        n + 1
                    ),
                ),
            ));
        }
    }
    for (api, members) in by_api {
        if members.len() <= 300 {
            continue;
        }
        let http = members.iter().all(|&n| integrations[n].protocol == Some(Protocol::Http));
        let code = if http { "R-QTA-1" } else { "R-QTA-1b" };
        for &n in &members[300..] {
            out.push((
                n,
                Diagnostic::new(
                    code,
                    "api_id",
                    format!(
                        "API {api} has {} integrations; the quota is 300 per API{}. Split the routes over more APIs{}.",
                        members.len(),
                        if http { " and cannot be increased for HTTP APIs" } else { "" },
                        if http { "" } else { " or request a quota increase" }
                    ),
                ),
            ));
        }
    }
    out
}

/// Closest allowed value to a typed one, for "did you mean" hints: the same letters
/// ignoring ASCII case, `-` and `_` (every allowed value is ASCII; full Unicode case
/// mapping would add 5 KB of brotli'd tables to the wasm for no hint it could give).
pub(crate) fn did_you_mean<'a>(typed: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| s.chars().filter(|c| *c != '_' && *c != '-').map(|c| c.to_ascii_lowercase()).collect::<String>();
    let t = norm(typed);
    allowed.iter().copied().find(|a| norm(a) == t)
}

/// `a, b or c`, each in backquotes.
pub(crate) fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// The rule table as Markdown (the README's rules reference is this text).
pub fn markdown_table() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from("| code | severity | field | what it checks | why | source |\n|---|---|---|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!(
            "| `{}` | {}{} | `{}` | {} | {} | [link]({}) |\n",
            r.code,
            r.severity,
            if withholds(r.code) { " (withholds the output)" } else { "" },
            cell(r.field),
            cell(r.check),
            cell(r.why),
            r.source
        ));
    }
    out
}
