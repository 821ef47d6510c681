//! From what already runs in AWS to Terraform, offline: the JSON of `aws apigatewayv2
//! get-integrations` (`{"Items": [...]}`) or `get-integration` (one object), and
//! CloudFormation templates (JSON) with `AWS::ApiGatewayV2::Integration` resources, become
//! models with their import targets. Every field of the API's Integration shape maps to its
//! argument; values equal to the defaults Terraform does not drift on are left out;
//! CloudFormation's `Ref`, `Fn::GetAtt` and `Fn::Sub` become Terraform references, and
//! what cannot be translated is said (R-AWS-3), never written as a wrong literal.
//!
//! Pure: text in, models and diagnostics out; it never panics on any input.

use crate::diag::Diagnostic;
use crate::model::{ImportTarget, Integration, Map, Protocol, ResponseParameters, TlsConfig, Value};
use serde_json::Value as Json;

/// What is known about the API the integrations belong to (from `--api-id`, from `aws
/// apigatewayv2 get-api` JSON, or typed in the page).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiInfo {
    /// The API's id (`ApiId`), for `api_id` and the import id.
    pub api_id: Option<String>,
    /// The API's protocol (`ProtocolType`).
    pub protocol: Option<Protocol>,
}

/// Why `get-api` JSON could not be read ([`api_info`]).
#[derive(Debug)]
pub enum ApiInfoError {
    /// The text is not JSON.
    NotJson(serde_json::Error),
    /// JSON without `ApiId` or `ProtocolType`: not `get-api`'s output.
    NotGetApi,
}

impl std::fmt::Display for ApiInfoError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            ApiInfoError::NotJson(e) => write!(f, "the API JSON is not valid JSON ({e})"),
            ApiInfoError::NotGetApi => f.write_str(
                "the API JSON has neither `ApiId` nor `ProtocolType`; pass the output of `aws apigatewayv2 get-api --api-id ID`",
            ),
        }
    }
}

/// Reads `aws apigatewayv2 get-api` JSON (`ApiId`, `ProtocolType`).
pub fn api_info(text: &str) -> Result<ApiInfo, ApiInfoError> {
    let v: Json = serde_json::from_str(text).map_err(ApiInfoError::NotJson)?;
    let id = v.get("ApiId").and_then(Json::as_str).map(str::to_string);
    let protocol = v.get("ProtocolType").and_then(Json::as_str).and_then(Protocol::parse);
    if id.is_none() && protocol.is_none() {
        return Err(ApiInfoError::NotGetApi);
    }
    Ok(ApiInfo { api_id: id, protocol })
}

/// One converted integration: the model (with its import target when the ids are known),
/// where it came from in the input (`Items[2]`, `Resources.OrdersIntegration`), and what
/// the conversion has to say about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    /// The model.
    pub model: Integration,
    /// Where it came from in the input.
    pub source: String,
    /// The conversion's diagnostics (paths are the model's fields).
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of a conversion: the integrations, and problems with the input as a whole.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    /// The integrations, in input order, with unique resource names.
    pub integrations: Vec<Converted>,
    /// Problems with the input as a whole (path empty).
    pub diagnostics: Vec<Diagnostic>,
    /// What kind of input it was read as.
    pub kind: &'static str,
}

/// Whether text looks like JSON meant for [`from_aws`] (rather than HCL): an object with
/// `Items`, `IntegrationType`/`IntegrationId`, or `Resources`.
pub fn looks_like_aws_json(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('{')
        && serde_json::from_str::<Json>(t).is_ok_and(|v| {
            v.get("Items").is_some()
                || v.get("IntegrationType").is_some()
                || v.get("IntegrationId").is_some()
                || v.get("Resources").is_some()
        })
}

/// Converts AWS CLI or CloudFormation JSON.
pub fn from_aws(text: &str, api: &ApiInfo) -> Imported {
    let v: Json = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Imported {
                diagnostics: vec![Diagnostic::new(
                    "R-AWS-1",
                    "",
                    format!(
                        "The input is not valid JSON ({e}). Paste the output of `aws apigatewayv2 get-integrations --api-id ID` or a CloudFormation template in JSON."
                    ),
                )],
                ..Imported::default()
            };
        }
    };
    let mut out = if let Some(resources) = v.get("Resources").and_then(Json::as_object) {
        let mut out = Imported { kind: "CloudFormation template", ..Imported::default() };
        let cfn = Cfn { resources, params: v.get("Parameters").and_then(Json::as_object) };
        let mut found = 0;
        for (logical, r) in resources {
            if r.get("Type").and_then(Json::as_str) != Some("AWS::ApiGatewayV2::Integration") {
                continue;
            }
            found += 1;
            let source = format!("Resources.{logical}");
            // A resource without a `Properties` object has nothing to convert: it is
            // reported on its own, and the template's other integrations still are.
            match r.get("Properties") {
                Some(Json::Object(props)) => out.integrations.push(convert(props, &source, Some(logical), api, Some(&cfn))),
                other => out.diagnostics.push(not_an_object(&source, "its `Properties`", other)),
            }
        }
        if found == 0 {
            out.diagnostics.push(Diagnostic::new(
                "R-AWS-1",
                "",
                "The CloudFormation template has no `AWS::ApiGatewayV2::Integration` resource.",
            ));
        }
        out
    } else if let Some(items) = v.get("Items") {
        let mut out = Imported { kind: "aws apigatewayv2 get-integrations", ..Imported::default() };
        match items.as_array() {
            Some(items) => {
                for (n, item) in items.iter().enumerate() {
                    let source = format!("Items[{n}]");
                    match item {
                        Json::Object(item) => out.integrations.push(convert(item, &source, None, api, None)),
                        other => out.diagnostics.push(not_an_object(&source, "it", Some(other))),
                    }
                }
            }
            None => out.diagnostics.push(Diagnostic::new("R-AWS-1", "", "`Items` is not a list of integrations.")),
        }
        out
    } else if let Some(one) = v.as_object().filter(|o| o.contains_key("IntegrationType") || o.contains_key("IntegrationId")) {
        Imported {
            kind: "aws apigatewayv2 get-integration",
            integrations: vec![convert(one, "the integration", None, api, None)],
            ..Imported::default()
        }
    } else {
        Imported {
            diagnostics: vec![Diagnostic::new(
                "R-AWS-1",
                "",
                "The JSON is neither `aws apigatewayv2 get-integrations` output (`Items`), one integration (`IntegrationType`), nor a CloudFormation template (`Resources`).",
            )],
            ..Imported::default()
        }
    };
    unique_names(&mut out.integrations);
    out
}

/// The CloudFormation template, for resolving intrinsics.
struct Cfn<'a> {
    resources: &'a serde_json::Map<String, Json>,
    params: Option<&'a serde_json::Map<String, Json>>,
}

/// Fields of the Integration shape that are read-only or identify it: not arguments.
const READ_ONLY: &[&str] = &["IntegrationId", "IntegrationResponseSelectionExpression", "ApiGatewayManaged", "ApiId"];

/// Why an entry that should be an integration's object (an item of `Items`, a resource's
/// `Properties`) was not converted: what it is instead, said of `source`.
fn not_an_object(source: &str, what: &str, found: Option<&Json>) -> Diagnostic {
    let found = match found {
        None => "is missing",
        Some(Json::Null) => "is null",
        Some(Json::Bool(_)) => "is a boolean",
        Some(Json::Number(_)) => "is a number",
        Some(Json::String(_)) => "is a string",
        Some(Json::Array(_)) => "is a list",
        Some(Json::Object(_)) => "is an object",
    };
    Diagnostic::new(
        "R-AWS-1",
        "",
        format!(
            "{} was not converted: {what} {found}, not an object of the integration's fields. Give it its fields, or remove it; the other integrations were converted.",
            crate::diag::visible(source)
        ),
    )
}

fn convert(obj: &serde_json::Map<String, Json>, source: &str, logical: Option<&str>, api: &ApiInfo, cfn: Option<&Cfn>) -> Converted {
    let mut m = Integration::named(String::new());
    let mut diags = Vec::new();
    m.protocol = api.protocol;
    let mut ctx = Ctx { cfn, diags: &mut diags };
    for (key, v) in obj {
        let arg = match key.as_str() {
            "ConnectionId" => "connection_id",
            "ConnectionType" => "connection_type",
            "ContentHandlingStrategy" => "content_handling_strategy",
            "CredentialsArn" => "credentials_arn",
            "Description" => "description",
            "IntegrationMethod" => "integration_method",
            // CloudFormation templates in the wild also spell it `IntegrationSubType`.
            "IntegrationSubtype" | "IntegrationSubType" => "integration_subtype",
            "IntegrationType" => "integration_type",
            "IntegrationUri" => "integration_uri",
            "PassthroughBehavior" => "passthrough_behavior",
            "PayloadFormatVersion" => "payload_format_version",
            "TemplateSelectionExpression" => "template_selection_expression",
            "TimeoutInMillis" => "timeout_milliseconds",
            "RequestParameters" | "RequestTemplates" => {
                let name = if key == "RequestParameters" { "request_parameters" } else { "request_templates" };
                if let Some(map) = ctx.map(v, name)
                    && let Some(slot) = m.map_mut(name)
                {
                    *slot = Some(map);
                }
                continue;
            }
            "ResponseParameters" => {
                m.response_parameters = ctx.responses(v);
                continue;
            }
            "TlsConfig" => {
                let server = v.get("ServerNameToVerify").and_then(|s| ctx.value(s, "tls_config.server_name_to_verify"));
                if server.is_some() {
                    m.tls_config = Some(TlsConfig { server_name_to_verify: server });
                }
                continue;
            }
            "ApiGatewayManaged" => {
                if v.as_bool() == Some(true) {
                    ctx.diags.push(Diagnostic::new(
                        "R-AWS-2",
                        "",
                        "API Gateway manages this integration (it was made by quick create, with the API's `target`): updating or deleting it directly fails, so Terraform cannot manage it. Manage the API's `target` instead, or recreate the integration with Terraform.",
                    ));
                }
                continue;
            }
            k if READ_ONLY.contains(&k) => continue,
            other => {
                ctx.diags.push(Diagnostic::new(
                    "R-AWS-4",
                    "",
                    format!("`{}` is not an argument of aws_apigatewayv2_integration; it was ignored.", crate::diag::visible(other)),
                ));
                continue;
            }
        };
        if arg == "credentials_arn" && v.as_str().is_some_and(|c| c.starts_with("arn:") && c.ends_with(":iam::*:user/*")) {
            ctx.untranslatable(
                "credentials_arn",
                "it is the caller-credentials value (`arn:aws:iam::*:user/*`), which cannot be expressed in Terraform: the provider's ARN check refuses the `*` account. Give API Gateway a role to assume (`aws_iam_role.NAME.arn`), or leave credentials_arn out for resource-based permissions",
            );
            continue;
        }
        let value = if arg == "timeout_milliseconds" { ctx.number(v, arg) } else { ctx.value(v, arg) };
        if let (Some(value), Some(slot)) = (value, m.scalar_mut(arg)) {
            *slot = Some(value);
        }
    }
    // api_id: the template's property, else the known API id.
    let integration_id = obj.get("IntegrationId").and_then(Json::as_str).map(str::to_string);
    m.api_id = match obj.get("ApiId") {
        Some(v) => ctx.value(v, "api_id"),
        None => api.api_id.clone().map(Value::Str),
    };
    drop_defaults(&mut m);
    let api_id = api.api_id.clone().or_else(|| m.api_id.as_ref().and_then(|v| v.literal()).map(str::to_string));
    match (api_id, integration_id) {
        (Some(api_id), Some(integration_id)) => m.import = Some(ImportTarget { api_id, integration_id, ..ImportTarget::default() }),
        (None, Some(_)) => diags.push(Diagnostic::new(
            "R-AWS-5",
            "api_id",
            "The API's id is not known, so `api_id` and the import block are left out. Pass --api-id ID (or the output of `aws apigatewayv2 get-api`), or type it in.",
        )),
        _ => {}
    }
    m.name = base_name(&m, logical);
    Converted { model: m, source: source.into(), diagnostics: diags }
}

/// Leaves out values equal to the defaults Terraform does not drift on: the provider sends
/// `connection_type = "INTERNET"`, `passthrough_behavior = "WHEN_NO_MATCH"` and
/// `payload_format_version = "1.0"` when they are absent, and `timeout_milliseconds` is
/// Optional+Computed, so AWS's default (30000 for HTTP APIs, 29000 for WebSocket APIs) is
/// no diff either.
fn drop_defaults(m: &mut Integration) {
    let is = |v: &Option<Value>, s: &str| v.as_ref().and_then(Value::literal) == Some(s);
    if is(&m.connection_type, "INTERNET") {
        m.connection_type = None;
    }
    if is(&m.passthrough_behavior, "WHEN_NO_MATCH") {
        m.passthrough_behavior = None;
    }
    if is(&m.payload_format_version, "1.0") {
        m.payload_format_version = None;
    }
    let default_timeout = match m.protocol {
        Some(Protocol::Http) => Some("30000"),
        Some(Protocol::WebSocket) => Some("29000"),
        None => None,
    };
    if default_timeout.is_some_and(|d| is(&m.timeout_milliseconds, d)) {
        m.timeout_milliseconds = None;
    }
}

struct Ctx<'a, 'b> {
    cfn: Option<&'a Cfn<'a>>,
    diags: &'b mut Vec<Diagnostic>,
}

impl Ctx<'_, '_> {
    fn untranslatable(&mut self, path: &str, why: &str) {
        self.diags.push(Diagnostic::new(
            "R-AWS-3",
            path,
            format!("{path} is left out: {why}. Write it by hand; the builder does not guess a literal."),
        ));
    }

    /// A scalar value: a string or number literal, or a translated intrinsic.
    fn value(&mut self, v: &Json, path: &str) -> Option<Value> {
        match v {
            Json::String(s) => Some(Value::Str(s.clone())),
            Json::Number(n) => Some(Value::Num(n.to_string())),
            Json::Bool(b) => Some(Value::Str(b.to_string())),
            Json::Object(o) if self.cfn.is_some() && o.len() == 1 => match self.intrinsic(o) {
                Ok(e) => Some(Value::Expr(e)),
                Err(why) => {
                    self.untranslatable(path, &why);
                    None
                }
            },
            Json::Null => None,
            _ => {
                self.untranslatable(path, "its value is not a string or a number");
                None
            }
        }
    }

    fn number(&mut self, v: &Json, path: &str) -> Option<Value> {
        match v {
            Json::String(s) if s.parse::<u64>().is_ok() => Some(Value::Num(s.clone())),
            _ => self.value(v, path),
        }
    }

    fn map(&mut self, v: &Json, name: &str) -> Option<Map> {
        let Some(o) = v.as_object() else {
            self.untranslatable(name, "it is not an object of keys and values");
            return None;
        };
        let mut entries = Vec::new();
        for (k, val) in o {
            if let Some(val) = self.value(val, &crate::diag::map_path(name, k)) {
                entries.push((k.clone(), val));
            }
        }
        (!entries.is_empty()).then_some(Map(entries))
    }

    /// `ResponseParameters`: the CLI's `{"200": {"overwrite:statuscode": "204"}}`, or
    /// CloudFormation's `{"200": {"ResponseParameters": [{"Destination", "Source"}]}}`.
    fn responses(&mut self, v: &Json) -> Vec<ResponseParameters> {
        let Some(o) = v.as_object() else {
            self.untranslatable("response_parameters", "it is not an object keyed by status code");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (n, (status, mappings)) in o.iter().enumerate() {
            let path = format!("response_parameters[{n}].mappings");
            let map = match mappings.get("ResponseParameters").and_then(Json::as_array) {
                Some(list) => {
                    let mut entries = Vec::new();
                    for p in list {
                        match (p.get("Destination").and_then(Json::as_str), p.get("Source")) {
                            (Some(d), Some(s)) => {
                                if let Some(val) = self.value(s, &crate::diag::map_path(&path, d)) {
                                    entries.push((d.to_string(), val));
                                }
                            }
                            _ => self.untranslatable(&path, "a response parameter has no `Destination` or `Source`"),
                        }
                    }
                    (!entries.is_empty()).then_some(Map(entries))
                }
                None => self.map(mappings, &path),
            };
            let status_code = match status.parse::<u16>() {
                Ok(_) => Value::Num(status.clone()),
                Err(_) => Value::Str(status.clone()),
            };
            out.push(ResponseParameters { status_code: Some(status_code), mappings: map });
        }
        out
    }

    /// A CloudFormation intrinsic as a Terraform expression.
    fn intrinsic(&mut self, o: &serde_json::Map<String, Json>) -> Result<String, String> {
        let Some((f, arg)) = o.iter().next() else { return Err("it is an empty object".into()) };
        match f.as_str() {
            "Ref" => arg.as_str().ok_or_else(|| "`Ref` does not name a resource".to_string()).and_then(|name| self.reference(name, None)),
            "Fn::GetAtt" => {
                let (name, attr) = match arg {
                    Json::Array(a) if a.len() == 2 => (a[0].as_str(), a[1].as_str()),
                    Json::String(s) => match s.split_once('.') {
                        Some((n, a)) => (Some(n), Some(a)),
                        None => (None, None),
                    },
                    _ => (None, None),
                };
                match (name, attr) {
                    (Some(n), Some(a)) => self.reference(n, Some(a)),
                    _ => Err("`Fn::GetAtt` is not [resource, attribute]".into()),
                }
            }
            "Fn::Sub" => {
                let (template, vars) = match arg {
                    Json::String(s) => (s.as_str(), None),
                    Json::Array(a) if a.len() == 2 && a[0].is_string() => (a[0].as_str().unwrap_or(""), a[1].as_object()),
                    _ => return Err("`Fn::Sub` is not a string or [string, variables]".into()),
                };
                self.sub(template, vars)
            }
            other => Err(format!("CloudFormation's `{}` has no Terraform translation here", crate::diag::visible(other))),
        }
    }

    /// `Ref` (attr `None`) or `Fn::GetAtt` of a logical id, a parameter or a pseudo parameter.
    fn reference(&mut self, name: &str, attr: Option<&str>) -> Result<String, String> {
        let pseudo = match name {
            "AWS::Region" => Some("data.aws_region.current.name"),
            "AWS::AccountId" => Some("data.aws_caller_identity.current.account_id"),
            "AWS::Partition" => Some("data.aws_partition.current.partition"),
            "AWS::URLSuffix" => Some("data.aws_partition.current.dns_suffix"),
            _ => None,
        };
        if let Some(p) = pseudo {
            return Ok(p.to_string());
        }
        let cfn = self.cfn.ok_or_else(|| "it is not in a CloudFormation template".to_string())?;
        if attr.is_none() && cfn.params.is_some_and(|p| p.contains_key(name)) {
            return Ok(format!("var.{}", snake(name)));
        }
        let ty = cfn.resources.get(name).and_then(|r| r.get("Type")).and_then(Json::as_str);
        let Some(ty) = ty else {
            return Err(format!("`{}` is neither a resource nor a parameter of the template", crate::diag::visible(name)));
        };
        let Some((tf, ref_attr)) = TYPES.iter().find(|(c, _, _)| *c == ty).map(|(_, tf, r)| (*tf, *r)) else {
            return Err(format!("the builder does not know the Terraform resource for `{}`", crate::diag::visible(ty)));
        };
        let attr = match attr {
            None => ref_attr.to_string(),
            // The id attributes CloudFormation names after the type (`ApiId`, `IntegrationId`,
            // `VpcLinkId`), and plain `Id`, are the Terraform resource's `id`.
            Some(a) if a == "Id" || ty.strip_prefix("AWS::ApiGatewayV2::").is_some_and(|t| a.strip_suffix("Id") == Some(t)) => {
                "id".to_string()
            }
            Some(a) => ATTRS.iter().find(|(c, _)| *c == a).map_or_else(|| snake(a), |(_, t)| (*t).to_string()),
        };
        Ok(format!("{tf}.{}.{attr}", snake(name)))
    }

    /// `Fn::Sub` as an HCL template string: literal text escaped, `${X}` and `${X.Attr}`
    /// translated, `${!X}` kept literally.
    fn sub(&mut self, template: &str, vars: Option<&serde_json::Map<String, Json>>) -> Result<String, String> {
        let mut out = String::from("\"");
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            push_literal(&mut out, &rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}').ok_or_else(|| "`Fn::Sub` has an unclosed `${`".to_string())?;
            let inner = &after[..end];
            if let Some(lit) = inner.strip_prefix('!') {
                push_literal(&mut out, &format!("${{{lit}}}"));
            } else {
                let expr = match vars.and_then(|v| v.get(inner)) {
                    Some(Json::String(s)) => {
                        push_literal(&mut out, s);
                        rest = &after[end + 1..];
                        continue;
                    }
                    Some(Json::Object(o)) if o.len() == 1 => self.intrinsic(o)?,
                    Some(_) => {
                        return Err(format!("the `Fn::Sub` variable `{}` is not a string or an intrinsic", crate::diag::visible(inner)));
                    }
                    None => match inner.split_once('.') {
                        Some((n, a)) if !n.starts_with("AWS::") => self.reference(n, Some(a))?,
                        _ => self.reference(inner, None)?,
                    },
                };
                out.push_str("${");
                out.push_str(&expr);
                out.push('}');
            }
            rest = &after[end + 1..];
        }
        push_literal(&mut out, rest);
        out.push('"');
        Ok(out)
    }
}

/// Appends literal text inside an HCL quoted template, escaped.
fn push_literal(out: &mut String, s: &str) {
    let quoted = crate::hcl::quote(s);
    out.push_str(quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or(""));
}

/// CloudFormation types the builder translates: (CloudFormation, Terraform, what `Ref` returns).
const TYPES: &[(&str, &str, &str)] = &[
    ("AWS::ApiGatewayV2::Api", "aws_apigatewayv2_api", "id"),
    ("AWS::ApiGatewayV2::VpcLink", "aws_apigatewayv2_vpc_link", "id"),
    ("AWS::ApiGatewayV2::Integration", "aws_apigatewayv2_integration", "id"),
    ("AWS::Lambda::Function", "aws_lambda_function", "function_name"),
    ("AWS::Lambda::Alias", "aws_lambda_alias", "arn"),
    ("AWS::IAM::Role", "aws_iam_role", "name"),
    ("AWS::SQS::Queue", "aws_sqs_queue", "url"),
    ("AWS::SNS::Topic", "aws_sns_topic", "arn"),
    ("AWS::Kinesis::Stream", "aws_kinesis_stream", "name"),
    ("AWS::StepFunctions::StateMachine", "aws_sfn_state_machine", "arn"),
    ("AWS::Events::EventBus", "aws_cloudwatch_event_bus", "name"),
    ("AWS::ElasticLoadBalancingV2::Listener", "aws_lb_listener", "arn"),
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", "aws_lb", "arn"),
    ("AWS::ServiceDiscovery::Service", "aws_service_discovery_service", "id"),
    ("AWS::AppConfig::Application", "aws_appconfig_application", "id"),
];

/// CloudFormation attribute names whose Terraform name is not their snake case.
const ATTRS: &[(&str, &str)] =
    &[("Arn", "arn"), ("QueueUrl", "url"), ("QueueName", "name"), ("ApiEndpoint", "api_endpoint"), ("RoleId", "unique_id")];

/// `OrdersQueue` → `orders_queue`, `SQS-SendMessage` → `sqs_send_message`.
pub fn snake(s: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let prev = k.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(k + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && prev.is_some_and(|p| {
                    p.is_ascii_lowercase() || p.is_ascii_digit() || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                });
            if boundary && !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    match out.chars().next() {
        None => "integration".into(),
        Some(c) if c.is_ascii_digit() => format!("i_{out}"),
        _ => out,
    }
}

/// A readable resource name: the template's logical id, else what the integration targets.
fn base_name(m: &Integration, logical: Option<&str>) -> String {
    if let Some(l) = logical {
        return snake(l);
    }
    let lit = |v: &Option<Value>| v.as_ref().and_then(Value::literal).map(str::to_string);
    if let Some(sub) = lit(&m.integration_subtype) {
        return snake(&sub);
    }
    let uri = lit(&m.integration_uri).unwrap_or_default();
    if let Some(f) = uri.split(":function:").nth(1) {
        let f = f.split(['/', ':']).next().unwrap_or("");
        return format!("lambda_{}", snake(f));
    }
    if let Some(host) = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://")) {
        let host = host.split(['/', ':', '?']).next().unwrap_or("");
        return format!("http_{}", snake(host));
    }
    if uri.contains(":listener/") {
        let lb = uri.split(":listener/").nth(1).and_then(|r| r.split('/').nth(1)).unwrap_or("listener");
        return format!("private_{}", snake(lb));
    }
    if uri.starts_with("arn:") && uri.contains(":apigateway:") {
        let action = uri.rsplit(['/', ':']).next().unwrap_or("service");
        return format!("aws_{}", snake(action));
    }
    lit(&m.integration_type).map_or_else(|| "integration".to_string(), |t| snake(&t))
}

/// Makes every name unique, in input order: `orders`, `orders_2`, `orders_3`: each takes
/// the first of its base name, then `base_2`, `base_3`, … that no earlier one took.
///
/// In n log n: names are only ever added to `taken`, so every candidate a base's search
/// passed over stays taken, and the next search for that base resumes after the one it
/// chose. (Trying from the start each time, in a list, was cubic: 8,000 items with one
/// target took 217 s.)
fn unique_names(all: &mut [Converted]) {
    use std::collections::{BTreeMap, BTreeSet};
    let mut taken: BTreeSet<String> = BTreeSet::new();
    // Per base name, the candidate to try next: 1 is the base itself, k ≥ 2 is `base_k`.
    let mut resume: BTreeMap<String, usize> = BTreeMap::new();
    let candidate = |base: &str, k: usize| if k < 2 { base.to_string() } else { format!("{base}_{k}") };
    for c in all.iter_mut() {
        let base = std::mem::take(&mut c.model.name);
        let mut k = resume.get(&base).copied().unwrap_or(1);
        let mut name = candidate(&base, k);
        while taken.contains(&name) {
            k += 1;
            name = candidate(&base, k);
        }
        resume.insert(base, k + 1);
        taken.insert(name.clone());
        c.model.name = name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `get-api` JSON that is not JSON, and JSON that is not `get-api`'s, are told apart;
    /// the messages are the ones the CLI has always printed.
    #[test]
    fn api_info_errors_are_typed() {
        assert!(matches!(api_info("nope"), Err(ApiInfoError::NotJson(_))));
        assert!(matches!(api_info("{}"), Err(ApiInfoError::NotGetApi)));
        assert!(api_info("nope").is_err_and(|e| e.to_string().starts_with("the API JSON is not valid JSON (expected ident at line 1")));
        assert_eq!(
            ApiInfoError::NotGetApi.to_string(),
            "the API JSON has neither `ApiId` nor `ProtocolType`; pass the output of `aws apigatewayv2 get-api --api-id ID`"
        );
        assert_eq!(api_info(r#"{"ApiId":"a1","ProtocolType":"HTTP"}"#).ok().map(|a| a.protocol), Some(Some(Protocol::Http)));
    }

    #[test]
    fn names_are_readable_identifiers() {
        assert_eq!(snake("OrdersQueueIntegration"), "orders_queue_integration");
        assert_eq!(snake("SQS-SendMessage"), "sqs_send_message");
        assert_eq!(snake("HTTPProxy"), "http_proxy");
        assert_eq!(snake("my-func.v2"), "my_func_v2");
        assert_eq!(snake("9lives"), "i_9lives");
        assert_eq!(snake("--"), "integration");
        assert!(crate::reference::is_identifier(&snake("\u{1b}[2J\"}\n")));
    }

    /// The first implementation (cubic), the reference for the names.
    fn unique_names_reference(all: &mut [Converted]) {
        let mut seen: Vec<String> = Vec::new();
        for c in all.iter_mut() {
            let base = c.model.name.clone();
            let mut name = base.clone();
            let mut k = 2;
            while seen.contains(&name) {
                name = format!("{base}_{k}");
                k += 1;
            }
            seen.push(name.clone());
            c.model.name = name;
        }
    }

    fn named(names: &[&str]) -> Vec<Converted> {
        names.iter().map(|n| Converted { model: Integration::named(*n), source: String::new(), diagnostics: Vec::new() }).collect()
    }

    fn names(all: &[Converted]) -> Vec<&str> {
        all.iter().map(|c| c.model.name.as_str()).collect()
    }

    /// Names are unique, in input order, exactly as the first implementation gave them,
    /// also when a base name looks like another's suffixed name.
    #[test]
    fn colliding_names_get_the_same_suffixes_as_before() {
        let mut all = named(&["x", "x", "x_2", "x", "x_2", "x_3", "y", "x", "x_2_2", "x_2"]);
        unique_names(&mut all);
        assert_eq!(names(&all), ["x", "x_2", "x_2_2", "x_3", "x_2_3", "x_3_2", "y", "x_4", "x_2_2_2", "x_2_4"]);
        let mut seed = 0x9e37_79b9_u64;
        let bases = ["x", "x_2", "x_3", "x_2_2", "x_10", "y", "x_1", "x_0", "x_02", ""];
        for round in 0..500 {
            let mut pick = Vec::new();
            for _ in 0..(round % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                pick.push(bases[(seed % bases.len() as u64) as usize]);
            }
            let (mut ours, mut theirs) = (named(&pick), named(&pick));
            unique_names(&mut ours);
            unique_names_reference(&mut theirs);
            assert_eq!(names(&ours), names(&theirs), "{pick:?}");
        }
    }

    #[test]
    fn fn_sub_becomes_an_escaped_template() {
        let template: Json = serde_json::from_str(
            r#"{"Resources":{"Fn":{"Type":"AWS::Lambda::Function"},"I":{"Type":"AWS::ApiGatewayV2::Integration","Properties":{
            "IntegrationUri":{"Fn::Sub":"arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations \"${!Literal}\" %{x}"}}}}}"#,
        )
        .expect("json");
        let out = from_aws(&template.to_string(), &ApiInfo::default());
        let uri = out.integrations[0].model.integration_uri.clone();
        assert_eq!(
            uri,
            Some(Value::Expr(
                "\"arn:aws:apigateway:${data.aws_region.current.name}:lambda:path/2015-03-31/functions/${aws_lambda_function.fn.arn}/invocations \\\"$${Literal}\\\" %%{x}\"".into()
            ))
        );
        assert_eq!(crate::hcl::verbatim::expression_problem(uri.as_ref().map(Value::text).unwrap_or("")), None);
    }
}
