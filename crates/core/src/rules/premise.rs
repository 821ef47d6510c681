//! What the rules may assume about each argument: its premise.
//!
//! A rule reports a finding only when what it reads is known. Every argument of a
//! resolved model ([`crate::eval::resolve`]) is one of:
//!
//! - [`Arg::Absent`]: not written, or known to be `null` (Terraform treats it as unset);
//! - [`Arg::Known`]: a literal, or an expression whose value is known here;
//! - [`Arg::Set`]: an expression whose value is not known here but is surely not null
//!   (`"https://${var.host}"`, `aws_lambda_function.f.invoke_arn`, `jsonencode(…)`);
//! - [`Arg::Unknown`]: an expression that may be null or anything (`var.x`,
//!   `lookup(each.value, "k", null)`, `try(x, null)`, `c ? "X" : null`).
//!
//! The rules see a model only as [`Premises`]: the arguments are typed [`Arg`] and
//! [`MapArg`], so a rule cannot take "written" for "set". A rule about an argument's
//! presence fires on [`Arg::is_set`] (known present) or [`Arg::is_absent`] (known absent),
//! never on the mere text; a rule about its value reads [`Arg::literal`]; what may be null
//! or anything is silent. A rule about what AWS receives reads [`Arg::is_sent`] (or
//! [`Arg::is_unsent`]): the provider sends no empty string and no empty map.

use crate::eval::{Scope, may_be_null};
use crate::model::{ImportTarget, Integration, Map, Protocol, Value};

/// What is known about one argument (or one map entry, or a block's argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arg<'a> {
    /// Not written, or known to be `null`.
    Absent,
    /// A literal (string or number), or `true`/`false`: the value Terraform sends.
    Known(&'a Value),
    /// Set to a value that is not null, but not known here: the expression.
    Set(&'a str),
    /// May be null or anything: the expression.
    Unknown(&'a str),
}

impl<'a> Arg<'a> {
    /// The premise of a resolved value.
    fn of(v: Option<&'a Value>, scope: &Scope) -> Arg<'a> {
        match v {
            None => Arg::Absent,
            Some(v @ (Value::Str(_) | Value::Num(_))) => Arg::Known(v),
            Some(v @ Value::Expr(e)) if matches!(e.trim(), "true" | "false") => Arg::Known(v),
            Some(Value::Expr(e)) if may_be_null(e, scope) => Arg::Unknown(e),
            Some(Value::Expr(e)) => Arg::Set(e),
        }
    }

    /// Known to be absent (not written, or null).
    pub fn is_absent(self) -> bool {
        self == Arg::Absent
    }

    /// Known to be set (a value that is not null, known or not).
    pub fn is_set(self) -> bool {
        matches!(self, Arg::Known(_) | Arg::Set(_))
    }

    /// Known to reach AWS: set, and not a known empty string. The provider sends an
    /// argument only when it is not its type's zero value (`d.GetOk`), so `""` is never
    /// sent: AWS cannot reject it, and reads nothing back to differ from it.
    pub fn is_sent(self) -> bool {
        match self {
            Arg::Known(Value::Str(s)) => !s.is_empty(),
            a => a.is_set(),
        }
    }

    /// Known not to reach AWS: absent, or a known empty string ([`Arg::is_sent`]).
    pub fn is_unsent(self) -> bool {
        matches!(self, Arg::Absent) || matches!(self, Arg::Known(Value::Str(s)) if s.is_empty())
    }

    /// `Some(true)` when known to be set, `Some(false)` when known to be absent, `None`
    /// when it may be either.
    pub fn presence(self) -> Option<bool> {
        match self {
            Arg::Absent => Some(false),
            Arg::Known(_) | Arg::Set(_) => Some(true),
            Arg::Unknown(_) => None,
        }
    }

    /// The known value.
    pub fn known(self) -> Option<&'a Value> {
        match self {
            Arg::Known(v) => Some(v),
            _ => None,
        }
    }

    /// The known literal text (a string or number literal).
    pub fn literal(self) -> Option<&'a str> {
        self.known().and_then(Value::literal)
    }

    /// The expression of a value that is set but not known: what a rule may read to tell
    /// what it references (`aws_lb.example.arn`) or its literal parts (a template).
    pub fn set_expression(self) -> Option<&'a str> {
        match self {
            Arg::Set(e) => Some(e),
            _ => None,
        }
    }

    /// The expression of a value that is not known (set or maybe null).
    pub fn expression(self) -> Option<&'a str> {
        match self {
            Arg::Set(e) | Arg::Unknown(e) => Some(e),
            _ => None,
        }
    }

    /// The value as written, when it is set (known, or set to an expression): what a rule
    /// that judges a value's shape reads (a literal, or a template's literal parts).
    pub fn set_value(self) -> Option<SetValue<'a>> {
        match self {
            Arg::Known(v) => Some(SetValue::Literal(v)),
            Arg::Set(e) => Some(SetValue::Expr(e)),
            _ => None,
        }
    }
}

/// A value known to be set: a known value, or an expression that is not null.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SetValue<'a> {
    /// The known value.
    Literal(&'a Value),
    /// The expression.
    Expr(&'a str),
}

/// What is known about a map argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MapArg<'a> {
    /// Not written, or known to be `null`.
    Absent,
    /// A map whose keys are known; each entry's value has its own premise.
    Known(Vec<(&'a str, Arg<'a>)>),
    /// Written as an expression whose value is not known (`var.request_parameters`): it
    /// may be null, empty, or hold anything.
    Unknown,
}

impl<'a> MapArg<'a> {
    fn of(m: Option<&'a Map>, written_as_expression: bool, scope: &Scope) -> MapArg<'a> {
        match m {
            Some(m) => MapArg::Known(m.0.iter().map(|(k, v)| (k.as_str(), Arg::of(Some(v), scope))).collect()),
            None if written_as_expression => MapArg::Unknown,
            None => MapArg::Absent,
        }
    }

    /// Known to be set (a map, possibly empty).
    pub fn is_set(&self) -> bool {
        matches!(self, MapArg::Known(_))
    }

    /// Known to reach AWS: a map with an entry that is set. The provider sends no empty
    /// map (`d.GetOk`), and one whose entries may all be null may be empty.
    pub fn is_sent(&self) -> bool {
        self.entries().any(|(_, a)| a.is_set())
    }

    /// The entries whose keys are known. An entry whose value is known to be null is left
    /// out, as Terraform leaves it out of the map; one whose value may be null is kept
    /// (its rules read its premise).
    pub fn entries(&self) -> impl Iterator<Item = (&'a str, Arg<'a>)> + '_ {
        let entries: &[(&'a str, Arg<'a>)] = match self {
            MapArg::Known(e) => e,
            _ => &[],
        };
        entries.iter().copied()
    }

    /// Whether the map has the key: `Some(true)` when an entry with a value that is set
    /// has it, `Some(false)` when the map is known and no entry can have it, `None` when it
    /// cannot be told (the map, or the entry's value, may be null).
    pub fn has(&self, key: &str) -> Option<bool> {
        match self {
            MapArg::Absent => Some(false),
            MapArg::Unknown => None,
            MapArg::Known(entries) => match entries.iter().find(|(k, _)| *k == key) {
                None => Some(false),
                Some((_, a)) => a.presence(),
            },
        }
    }
}

/// One `response_parameters` block (a block written as such is set).
#[derive(Clone, Debug)]
pub(crate) struct Response<'a> {
    pub status_code: Arg<'a>,
    pub mappings: MapArg<'a>,
}

/// The `tls_config` block.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tls<'a> {
    pub server_name_to_verify: Arg<'a>,
}

/// A resolved model as the rules see it.
pub(crate) struct Premises<'a> {
    /// The API's protocol, when known.
    pub protocol: Option<Protocol>,
    pub api_id: Arg<'a>,
    pub integration_type: Arg<'a>,
    pub connection_id: Arg<'a>,
    pub connection_type: Arg<'a>,
    pub content_handling_strategy: Arg<'a>,
    pub credentials_arn: Arg<'a>,
    pub description: Arg<'a>,
    pub integration_method: Arg<'a>,
    pub integration_subtype: Arg<'a>,
    pub integration_uri: Arg<'a>,
    pub passthrough_behavior: Arg<'a>,
    pub payload_format_version: Arg<'a>,
    pub region: Arg<'a>,
    pub template_selection_expression: Arg<'a>,
    pub timeout_milliseconds: Arg<'a>,
    pub request_parameters: MapArg<'a>,
    pub request_templates: MapArg<'a>,
    /// The `response_parameters` blocks written as blocks. A `dynamic` block (kept as
    /// written) may add more: [`Premises::dynamic_blocks`].
    pub response_parameters: Vec<Response<'a>>,
    /// The `tls_config` block, when written as a block.
    pub tls_config: Option<Tls<'a>>,
    /// Blocks that `dynamic` blocks may make (`response_parameters`, `tls_config`).
    pub dynamic_blocks: Vec<&'a str>,
    /// Whether a `response_parameters` block is kept as written (its mappings computed).
    pub kept_response_parameters: bool,
    /// The import target.
    pub import: Option<&'a ImportTarget>,
}

impl<'a> Premises<'a> {
    /// The premises of a resolved model (see [`crate::eval::resolve`]): `scope` tells which
    /// variables and locals are known not to be null.
    pub fn new(r: &'a Integration, scope: &Scope) -> Premises<'a> {
        let arg = |v: &'a Option<Value>| Arg::of(v.as_ref(), scope);
        let kept = |name: &str| r.verbatim.iter().any(|v| v.name == name);
        let dynamic_blocks = r
            .verbatim
            .iter()
            .filter(|v| v.name == "dynamic")
            .filter_map(|v| {
                let label = v.text.strip_prefix("dynamic")?.trim_start().strip_prefix('"')?;
                ["response_parameters", "tls_config"].into_iter().find(|b| label.starts_with(&format!("{b}\"")))
            })
            .collect();
        Premises {
            protocol: r.protocol,
            api_id: arg(&r.api_id),
            integration_type: arg(&r.integration_type),
            connection_id: arg(&r.connection_id),
            connection_type: arg(&r.connection_type),
            content_handling_strategy: arg(&r.content_handling_strategy),
            credentials_arn: arg(&r.credentials_arn),
            description: arg(&r.description),
            integration_method: arg(&r.integration_method),
            integration_subtype: arg(&r.integration_subtype),
            integration_uri: arg(&r.integration_uri),
            passthrough_behavior: arg(&r.passthrough_behavior),
            payload_format_version: arg(&r.payload_format_version),
            region: arg(&r.region),
            template_selection_expression: arg(&r.template_selection_expression),
            timeout_milliseconds: arg(&r.timeout_milliseconds),
            request_parameters: MapArg::of(r.request_parameters.as_ref(), kept("request_parameters"), scope),
            request_templates: MapArg::of(r.request_templates.as_ref(), kept("request_templates"), scope),
            response_parameters: r
                .response_parameters
                .iter()
                .map(|rp| Response { status_code: arg(&rp.status_code), mappings: MapArg::of(rp.mappings.as_ref(), false, scope) })
                .collect(),
            tls_config: r.tls_config.as_ref().map(|t| Tls { server_name_to_verify: arg(&t.server_name_to_verify) }),
            dynamic_blocks,
            kept_response_parameters: kept("response_parameters"),
            import: r.import.as_ref(),
        }
    }

    /// A scalar argument by name ([`crate::model::SCALAR_ARGS`]); `Absent` for any other name.
    pub fn arg(&self, name: &str) -> Arg<'a> {
        match name {
            "api_id" => self.api_id,
            "integration_type" => self.integration_type,
            "connection_id" => self.connection_id,
            "connection_type" => self.connection_type,
            "content_handling_strategy" => self.content_handling_strategy,
            "credentials_arn" => self.credentials_arn,
            "description" => self.description,
            "integration_method" => self.integration_method,
            "integration_subtype" => self.integration_subtype,
            "integration_uri" => self.integration_uri,
            "passthrough_behavior" => self.passthrough_behavior,
            "payload_format_version" => self.payload_format_version,
            "region" => self.region,
            "template_selection_expression" => self.template_selection_expression,
            "timeout_milliseconds" => self.timeout_milliseconds,
            _ => Arg::Absent,
        }
    }

    /// Every value that is an expression (set or maybe null), with its diagnostic path.
    pub fn expressions(&self) -> Vec<(String, &'a str)> {
        use crate::diag::map_path;
        let mut out = Vec::new();
        for name in crate::model::SCALAR_ARGS {
            if let Some(e) = self.arg(name).expression() {
                out.push(((*name).to_string(), e));
            }
        }
        for (name, m) in [("request_parameters", &self.request_parameters), ("request_templates", &self.request_templates)] {
            out.extend(m.entries().filter_map(|(k, a)| Some((map_path(name, k), a.expression()?))));
        }
        for (n, rp) in self.response_parameters.iter().enumerate() {
            if let Some(e) = rp.status_code.expression() {
                out.push((format!("response_parameters[{n}].status_code"), e));
            }
            let base = format!("response_parameters[{n}].mappings");
            out.extend(rp.mappings.entries().filter_map(|(k, a)| Some((map_path(&base, k), a.expression()?))));
        }
        if let Some(e) = self.tls_config.and_then(|t| t.server_name_to_verify.expression()) {
            out.push(("tls_config.server_name_to_verify".to_string(), e));
        }
        out
    }

    /// Whether any `response_parameters` block is set: written, or possibly made by a
    /// `dynamic` block (`None`: cannot tell).
    pub fn has_response_parameters(&self) -> Option<bool> {
        if !self.response_parameters.is_empty() || self.kept_response_parameters {
            Some(true)
        } else if self.dynamic_blocks.contains(&"response_parameters") {
            None
        } else {
            Some(false)
        }
    }

    /// Whether the `tls_config` block is set (`None`: a `dynamic` block may make it).
    pub fn has_tls_config(&self) -> Option<bool> {
        if self.tls_config.is_some() {
            Some(true)
        } else if self.dynamic_blocks.contains(&"tls_config") {
            None
        } else {
            Some(false)
        }
    }
}
