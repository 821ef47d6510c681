//! Idiomatic modules of the shapes found in public repositories (written here): for_each
//! over a map of routes, dynamic response_parameters, variables with defaults, templates
//! and jsonencode values. The linter must raise no error and no warning on them, only
//! notes: a rule whose premise it cannot see stays silent.
#![cfg(not(target_arch = "wasm32"))]

use apigw_integration_core::Severity;
use apigw_integration_core::check::check_sources;
use apigw_integration_core::model::Protocol;

/// The findings above `info`, as `CODE path` strings.
fn loud(sources: &[&str], protocol: Option<Protocol>) -> Vec<String> {
    check_sources(sources, protocol)
        .findings
        .into_iter()
        .filter(|f| f.diagnostic.severity != Severity::Info)
        .map(|f| format!("{} {} {}", f.diagnostic.code, f.diagnostic.path, f.diagnostic.message))
        .collect()
}

const ROUTES_MODULE: &str = r#"variable "api_id" {
  type = string
}

variable "routes" {
  type = map(object({
    type    = string
    subtype = optional(string)
    uri     = optional(string)
    method  = optional(string)
    params  = optional(map(string), {})
  }))
}

variable "credentials_arn" {
  type    = string
  default = null
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id               = var.api_id
  integration_type     = each.value.type
  integration_subtype  = each.value.subtype
  integration_uri      = each.value.uri
  integration_method   = each.value.method
  credentials_arn      = var.credentials_arn
  request_parameters   = each.value.params
  description          = "Route ${each.key} of ${var.api_id}"
  timeout_milliseconds = 29000
}
"#;

#[test]
fn a_generic_module_with_for_each_and_optional_subtype_raises_nothing() {
    assert_eq!(loud(&[ROUTES_MODULE], None), Vec::<String>::new());
    // The unknown protocol is said once for the configuration, as a note.
    let notes = check_sources(&[ROUTES_MODULE], None).findings;
    assert_eq!(notes.iter().filter(|f| f.diagnostic.code == "R-PROTO-1").count(), 1);
    // With the protocol known, still nothing: the subtype may well be null.
    assert_eq!(loud(&[ROUTES_MODULE], Some(Protocol::Http)), Vec::<String>::new());
}

const LAMBDA_PROXY: &str = r#"resource "aws_apigatewayv2_api" "this" {
  name          = "orders"
  protocol_type = "HTTP"
}

variable "name" {
  type    = string
  default = "orders"
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.this.invoke_arn
  integration_method     = "POST"
  payload_format_version = "2.0"
  description            = "Lambda Proxy ${var.name} Integration"

  dynamic "response_parameters" {
    for_each = var.response_overrides
    content {
      status_code = response_parameters.key
      mappings    = response_parameters.value
    }
  }
}

resource "aws_apigatewayv2_integration" "sqs" {
  api_id              = aws_apigatewayv2_api.this.id
  credentials_arn     = aws_iam_role.apigw.arn
  integration_type    = "AWS_PROXY"
  integration_subtype = "SQS-SendMessage"

  request_parameters = {
    "QueueUrl"    = aws_sqs_queue.test[0].id
    "MessageBody" = "$request.body.message"
  }
}
"#;

#[test]
fn templates_dynamic_blocks_and_references_are_notes_not_warnings() {
    assert_eq!(loud(&[LAMBDA_PROXY], None), Vec::<String>::new());
    let codes: Vec<String> = check_sources(&[LAMBDA_PROXY], None).findings.into_iter().map(|f| f.diagnostic.code).collect();
    assert!(codes.iter().any(|c| c == "R-HCL-6"), "the dynamic block is noted: {codes:?}");
}

/// A real error is still an error in such a module.
#[test]
fn real_errors_still_fire() {
    let broken = LAMBDA_PROXY.replace("integration_method     = \"POST\"", "integration_method     = \"GET\"");
    let got = loud(&[&broken], None);
    assert!(got.iter().any(|l| l.starts_with("R-METH-")), "{got:?}");
}

/// The diagnostics of one code, as `message` strings.
fn messages(sources: &[&str], protocol: Option<Protocol>, code: &str) -> Vec<String> {
    check_sources(sources, protocol).findings.into_iter().filter(|f| f.diagnostic.code == code).map(|f| f.diagnostic.message).collect()
}

fn http_proxy(uri: &str) -> String {
    format!(
        "resource \"aws_apigatewayv2_integration\" \"x\" {{\n  api_id             = var.api_id\n  integration_type   = \"HTTP_PROXY\"\n  integration_method = \"ANY\"\n  integration_uri    = {uri}\n}}\n"
    )
}

/// `"https://${var.host}"` is an https URL; `"ftp://${var.host}"` is surely not one; a
/// template whose start is a hole cannot be judged.
#[test]
fn a_template_is_judged_by_its_literal_parts() {
    for ok in ["\"https://${var.host}/{proxy}\"", "\"http://${var.host}\"", "\"${var.scheme}://example.com\"", "\"htt${var.x}\""] {
        assert_eq!(messages(&[&http_proxy(ok)], Some(Protocol::Http), "R-URI-4"), Vec::<String>::new(), "{ok}");
    }
    for bad in ["\"ftp://${var.host}\"", "\"https:// ${var.host}\"", "\"example.com/${var.path}\""] {
        let got = messages(&[&http_proxy(bad)], Some(Protocol::Http), "R-URI-4");
        assert_eq!(got.len(), 1, "{bad}: {got:?}");
        assert!(got[0].contains(bad), "the message quotes the template as written: {got:?}");
    }
}

const WS_DYNAMODB: &str = r#"data "aws_region" "current" {}

resource "aws_apigatewayv2_integration" "put" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "AWS"
  integration_uri  = "arn:aws:apigateway:${data.aws_region.current.name}:dynamodb:action/PutItem"

  request_templates = {
    "application/json" = jsonencode({
      TableName = "connections"
      Item      = { id = { S = "$context.connectionId" } }
    })
  }
  template_selection_expression = "$default"
}
"#;

/// An AWS service URI with an unknown region is still an AWS service URI, so the rules
/// for service integrations apply; `jsonencode` of an object literal is a known string.
#[test]
fn a_websocket_service_uri_with_an_unknown_region_is_judged() {
    let got = loud(&[WS_DYNAMODB], Some(Protocol::WebSocket));
    assert!(got.iter().any(|l| l.starts_with("R-METH-1 ")), "a service integration needs its method: {got:?}");
    assert!(got.iter().any(|l| l.starts_with("R-CRED-2b ")), "and a role: {got:?}");
    assert!(!got.iter().any(|l| l.starts_with("R-URI-")), "the URI itself is fine: {got:?}");
    let fixed = WS_DYNAMODB.replace(
        "  integration_type = \"AWS\"\n",
        "  integration_type = \"AWS\"\n  integration_method = \"POST\"\n  credentials_arn = aws_iam_role.apigw.arn\n",
    );
    assert_eq!(loud(&[&fixed], Some(Protocol::WebSocket)), Vec::<String>::new());
    // The jsonencode value is judged, not noted as computed.
    let notes = messages(&[&fixed], Some(Protocol::WebSocket), "R-HCL-4");
    assert!(!notes.iter().any(|m| m.contains("jsonencode")), "{notes:?}");
    // A Lambda invoke URI template is a Lambda target: no service rules.
    let lambda = fixed.replace("dynamodb:action/PutItem", "lambda:path/2015-03-31/functions/${aws_lambda_function.f.arn}/invocations");
    assert_eq!(messages(&[&lambda], Some(Protocol::WebSocket), "R-CRED-2b"), Vec::<String>::new());
}

/// A template longer than AWS allows, known through jsonencode, is caught.
#[test]
fn jsonencode_of_a_literal_is_measured() {
    let long = "x".repeat(33_000);
    let src = WS_DYNAMODB.replace("\"connections\"", &format!("\"{long}\""));
    let got = messages(&[&src], Some(Protocol::WebSocket), "R-LEN-1");
    assert_eq!(got.len(), 1, "{got:?}");
}

const ROUTES_LOCAL: &str = r#"locals {
  routes = {
    get = { method = "GET", subtype = null }
    post = { method = "POST" }
    queue = {
      method  = "POST"
      subtype = "SQS-SendMessage"
    }
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.routes

  api_id              = aws_apigatewayv2_api.http.id
  integration_type    = "AWS_PROXY"
  integration_method  = each.value.method
  integration_subtype = try(each.value.subtype, null)
  integration_uri     = aws_lambda_function.handler.invoke_arn
  credentials_arn     = aws_iam_role.apigw.arn

  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "routes"
  protocol_type = "HTTP"
}
"#;

/// `for_each` over a literal map: each instance is checked, and a finding says which
/// keys it concerns.
#[test]
fn for_each_over_a_literal_map_checks_each_instance() {
    let got = loud(&[ROUTES_LOCAL], None);
    let meth: Vec<&String> = got.iter().filter(|l| l.starts_with("R-METH-2 ")).collect();
    assert_eq!(meth.len(), 1, "{got:?}");
    assert!(meth[0].contains("for_each key \"get\": "), "{meth:?}");
    let sub: Vec<&String> = got.iter().filter(|l| l.starts_with("R-SUB-0 ")).collect();
    assert_eq!(sub.len(), 1, "{got:?}");
    assert!(sub[0].contains("for_each key \"queue\": "), "{sub:?}");
    // The for_each itself is seen through: no "checked as one instance" note.
    assert_eq!(messages(&[ROUTES_LOCAL], None, "R-HCL-6"), Vec::<String>::new());
    // All correct: silent.
    let fixed = ROUTES_LOCAL.replace("method = \"GET\"", "method = \"POST\"").replace("      subtype = \"SQS-SendMessage\"\n", "");
    assert_eq!(loud(&[&fixed], None), Vec::<String>::new());
}

/// A `for_each` key is named in HCL's own quoting, the way it would be written in the
/// configuration: quotes and backslashes escaped, a template sequence doubled.
#[test]
fn for_each_keys_are_quoted_as_hcl() {
    let src = r#"locals {
  routes = {
    "say \"hi\" \\ $${x}" = { method = "GET" }
    b                      = { method = "POST" }
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.routes

  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "AWS_PROXY"
  integration_method = each.value.method
  integration_uri    = aws_lambda_function.handler.invoke_arn
}
"#;
    let got = messages(&[src], Some(Protocol::Http), "R-METH-2");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with(r#"for_each key "say \"hi\" \\ $${x}": "#), "{got:?}");
}

/// A literal map in `locals`, read with `lookup`: each instance is judged, and a finding
/// common to every instance is said once without keys.
#[test]
fn for_each_over_a_local_map() {
    let src = r#"locals {
  routes = {
    a = { method = "GET" }
    b = { method = "PUT" }
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.routes

  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "AWS_PROXY"
  integration_method = lookup(each.value, "method", "POST")
  integration_uri    = aws_lambda_function.handler.invoke_arn
  description        = "Route ${each.key}"
}
"#;
    let got = messages(&[src], Some(Protocol::Http), "R-METH-2");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("for_each key \"a\": ") && got[1].starts_with("for_each key \"b\": "), "{got:?}");
    let same = src.replace("\"GET\"", "\"PUT\"");
    let got = messages(&[&same], Some(Protocol::Http), "R-METH-2");
    assert_eq!(got.len(), 1, "common to every instance: said once: {got:?}");
    assert!(!got[0].starts_with("for_each"), "{got:?}");
}

/// The same map as a variable's default is not what Terraform will see: a caller may pass
/// other routes (or `null`), so nothing is judged from the default.
#[test]
fn a_variable_default_is_not_the_variable() {
    let src = r#"variable "routes" {
  type = map(object({ method = string }))
  default = {
    a = { method = "GET" }
  }
}

variable "method" {
  type    = string
  default = "GET"
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "AWS_PROXY"
  integration_method = lookup(each.value, "method", "POST")
  integration_uri    = aws_lambda_function.handler.invoke_arn
}

resource "aws_apigatewayv2_integration" "one" {
  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "AWS_PROXY"
  integration_method = var.method
  integration_uri    = aws_lambda_function.handler.invoke_arn
}
"#;
    assert_eq!(messages(&[src], Some(Protocol::Http), "R-METH-2"), Vec::<String>::new());
}

/// `jsonencode` of a literal is seen as the JSON string AWS gets: a static
/// MessageAttributes JSON is the shape AWS rejects (provider issue #17348); one that maps
/// request values into the JSON is not judged static.
#[test]
fn a_static_message_attributes_json_is_seen_through_jsonencode() {
    let sqs = |attrs: &str| {
        format!(
            "resource \"aws_apigatewayv2_integration\" \"q\" {{\n  api_id              = var.api_id\n  credentials_arn     = aws_iam_role.r.arn\n  integration_type    = \"AWS_PROXY\"\n  integration_subtype = \"SQS-SendMessage\"\n\n  request_parameters = {{\n    QueueUrl          = aws_sqs_queue.q.id\n    MessageBody       = \"$request.body\"\n    MessageAttributes = {attrs}\n  }}\n}}\n"
        )
    };
    let fixed = sqs("jsonencode({ somename = { DataType = \"String\", StringValue = \"somevalue\" } })");
    assert_eq!(messages(&[&fixed], Some(Protocol::Http), "R-PIT-7").len(), 1);
    let mapped = sqs("jsonencode({ Method = { DataType = \"String\", StringValue = \"$${context.httpMethod}\" } })");
    assert_eq!(messages(&[&mapped], Some(Protocol::Http), "R-PIT-7"), Vec::<String>::new());
}

/// A `count`ed API is referenced as `one(aws_apigatewayv2_api.NAME[*].id)`, often through a
/// local: the protocol is still the API's, so the protocol rules run (and catch `AWS` on
/// an HTTP API) and nothing says the protocol is unknown.
#[test]
fn the_protocol_follows_one_of_a_splat_and_locals() {
    let src = r#"resource "aws_apigatewayv2_api" "front_door" {
  count         = local.enabled ? 1 : 0
  name          = "front-door"
  protocol_type = "HTTP"
}

locals {
  enabled = true
  api_id  = one(aws_apigatewayv2_api.front_door[*].id)
  also    = local.api_id
}

resource "aws_apigatewayv2_integration" "direct" {
  count                  = local.enabled ? 1 : 0
  api_id                 = one(aws_apigatewayv2_api.front_door[*].id)
  integration_type       = "AWS"
  integration_uri        = aws_lambda_function.health.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_integration" "via_local" {
  api_id                 = local.also
  integration_type       = "AWS"
  integration_uri        = aws_lambda_function.health.invoke_arn
  payload_format_version = "2.0"
}
"#;
    let checked = check_sources(&[src], None);
    let codes: Vec<(String, String)> = checked.findings.iter().map(|f| (f.resource.clone(), f.diagnostic.code.clone())).collect();
    assert!(!codes.iter().any(|(_, c)| c == "R-PROTO-1"), "{codes:?}");
    for name in ["direct", "via_local"] {
        let r = format!("aws_apigatewayv2_integration.{name}");
        assert!(codes.contains(&(r, "R-TYPE-1".to_string())), "{codes:?}");
    }
    // A cycle of locals ends: the protocol is then unknown, said once.
    let cyclic = src.replace("also    = local.api_id", "also    = local.also");
    let codes: Vec<String> = check_sources(&[&cyclic], None).findings.into_iter().map(|f| f.diagnostic.code).collect();
    assert_eq!(codes.iter().filter(|c| *c == "R-PROTO-1").count(), 1, "{codes:?}");
}

/// A block written as an argument (`tls_config = try(each.value.tls_config, null)`, seen in
/// public modules) is an error Terraform raises; the message says how to write it.
#[test]
fn a_block_written_as_an_argument_says_how_to_write_it() {
    let src = r#"resource "aws_apigatewayv2_integration" "this" {
  for_each = var.integrations

  api_id              = var.api_id
  integration_type    = each.value.type
  response_parameters = try(each.value.response_parameters, null)
  tls_config          = try(each.value.tls_config, null)
}
"#;
    let got = messages(&[src], None, "R-HCL-3");
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|m| m.contains("is a block, not an argument") && m.contains("dynamic")), "{got:?}");
}

// ---- Module shapes under both protocols: unknown is silent, and --fix touches nothing ----

/// Checks `sources` (named files of one configuration) under no protocol, HTTP and
/// WebSocket: no error and no warning, and `--fix` has nothing to change.
#[track_caller]
fn silent_under_every_protocol(sources: &[(&str, &str)]) {
    use apigw_integration_core::check::{Source, check_configuration, fix_configuration};
    let named: Vec<Source> = sources.iter().map(|(name, text)| Source { name, text }).collect();
    for protocol in [None, Some(Protocol::Http), Some(Protocol::WebSocket)] {
        let loud: Vec<String> = check_configuration(&named, protocol, &[])
            .findings
            .into_iter()
            .filter(|f| f.diagnostic.severity != Severity::Info)
            .map(|f| format!("{} {} {}", f.diagnostic.code, f.diagnostic.path, f.diagnostic.message))
            .collect();
        assert_eq!(loud, Vec::<String>::new(), "under {protocol:?}");
        let fixed = fix_configuration(&named, protocol, &[], &|_, _, _| true);
        assert_eq!(fixed, vec![], "--fix changes nothing under {protocol:?}");
    }
}

/// `for_each = var.integrations`, every argument read with `lookup(each.value, k, null)`:
/// HTTP-only and WebSocket-only arguments alike may be null for any instance.
#[test]
fn for_each_over_a_variable_with_lookup_null() {
    silent_under_every_protocol(&[(
        "main.tf",
        r#"variable "integrations" {
  type = any
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = var.integrations

  api_id                        = var.api_id
  integration_type              = lookup(each.value, "integration_type", "AWS_PROXY")
  integration_subtype           = lookup(each.value, "integration_subtype", null)
  integration_uri               = lookup(each.value, "integration_uri", null)
  integration_method            = lookup(each.value, "integration_method", null)
  connection_type               = lookup(each.value, "connection_type", "INTERNET")
  connection_id                 = lookup(each.value, "connection_id", null)
  credentials_arn               = lookup(each.value, "credentials_arn", null)
  content_handling_strategy     = lookup(each.value, "content_handling_strategy", null)
  passthrough_behavior          = lookup(each.value, "passthrough_behavior", null)
  payload_format_version        = lookup(each.value, "payload_format_version", null)
  template_selection_expression = lookup(each.value, "template_selection_expression", null)
  timeout_milliseconds          = lookup(each.value, "timeout_milliseconds", null)
  request_parameters            = lookup(each.value, "request_parameters", null)
  request_templates             = lookup(each.value, "request_templates", null)

  dynamic "response_parameters" {
    for_each = flatten([try(each.value.response_parameters, [])])

    content {
      status_code = response_parameters.value.status_code
      mappings    = response_parameters.value.mappings
    }
  }

  dynamic "tls_config" {
    for_each = flatten([try(each.value.tls_config, [])])

    content {
      server_name_to_verify = tls_config.value.server_name_to_verify
    }
  }
}
"#,
    )]);
}

/// Variables defaulting to `null`, passed straight through: a caller may set any of them.
#[test]
fn variables_defaulting_to_null() {
    silent_under_every_protocol(&[(
        "main.tf",
        r#"variable "api_id" {
  type = string
}

variable "integration_type" {
  type    = string
  default = "AWS_PROXY"
}

variable "content_handling_strategy" {
  type    = string
  default = null
}

variable "passthrough_behavior" {
  type    = string
  default = null
}

variable "template_selection_expression" {
  type    = string
  default = null
}

variable "request_templates" {
  type    = map(string)
  default = null
}

variable "integration_subtype" {
  type    = string
  default = null
}

variable "payload_format_version" {
  type    = string
  default = null
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                        = var.api_id
  integration_type              = var.integration_type
  integration_subtype           = var.integration_subtype
  integration_uri               = var.integration_uri
  content_handling_strategy     = var.content_handling_strategy
  passthrough_behavior          = var.passthrough_behavior
  template_selection_expression = var.template_selection_expression
  request_templates             = var.request_templates
  payload_format_version        = var.payload_format_version
}
"#,
    )]);
}

/// `optional(…, default)` object attributes read as `each.value.x`, `try(x, null)` and a
/// conditional that may be null.
#[test]
fn optional_object_attributes_try_and_conditionals() {
    silent_under_every_protocol(&[(
        "main.tf",
        r#"variable "routes" {
  type = map(object({
    uri                  = string
    passthrough_behavior = optional(string)
    content_handling     = optional(string)
    templates            = optional(map(string))
    timeout              = optional(number, 29000)
  }))
}

variable "websocket" {
  type    = bool
  default = false
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id                        = var.api_id
  integration_type              = "AWS_PROXY"
  integration_uri               = each.value.uri
  passthrough_behavior          = each.value.passthrough_behavior
  content_handling_strategy     = try(each.value.content_handling, null)
  request_templates             = each.value.templates
  template_selection_expression = var.websocket ? "$request.body.action" : null
  timeout_milliseconds          = each.value.timeout
  payload_format_version        = var.payload_format_version
}
"#,
    )]);
}

/// A module called with the WebSocket API's id: the protocol is known in the module, and
/// HTTP-only arguments that a caller may leave null stay silent.
#[test]
fn a_module_call_passes_the_protocol_not_the_values() {
    use apigw_integration_core::check::{check_module, module_inputs};
    use apigw_integration_core::hcl::parse;
    let root = r#"resource "aws_apigatewayv2_api" "ws" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

module "routes" {
  source = "./routes"
  api_id = aws_apigatewayv2_api.ws.id
}
"#;
    let module = r#"variable "api_id" {
  type = string
}

variable "subtype" {
  type    = string
  default = null
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = var.api_id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.f.invoke_arn
  integration_subtype    = var.subtype
  payload_format_version = var.subtype == null ? "1.0" : null
}
"#;
    let inputs: Vec<(String, Protocol)> = module_inputs(&[parse(root)]).into_iter().map(|(_, var, p)| (var, p)).collect();
    assert_eq!(inputs, vec![("api_id".to_string(), Protocol::WebSocket)]);
    let checked = check_module(&[module], None, &inputs);
    assert_eq!(checked.files[0].integrations[0].model.protocol, Some(Protocol::WebSocket));
    let loud: Vec<String> =
        checked.findings.iter().filter(|f| f.diagnostic.severity != Severity::Info).map(|f| f.diagnostic.code.clone()).collect();
    assert_eq!(loud, Vec::<String>::new());
    // The same module with the subtype written as a literal: now R-TYPE-4 is known.
    let literal = module.replace("var.subtype\n", "\"SQS-SendMessage\"\n");
    let codes: Vec<String> = check_module(&[&literal], None, &inputs).findings.into_iter().map(|f| f.diagnostic.code).collect();
    assert!(codes.contains(&"R-TYPE-4".to_string()), "{codes:?}");
}

/// What the unknown-protocol note says it looks like comes from what is known: a module
/// that hard-codes payload_format_version 2.0 looks like an HTTP API even if it passes
/// WebSocket-only arguments through; known evidence for both says nothing.
#[test]
fn the_protocol_hint_reads_only_what_is_known() {
    let hint = |body: &str| -> String {
        let src = format!("resource \"aws_apigatewayv2_integration\" \"x\" {{\n  api_id = var.api_id\n{body}\n}}\n");
        let checked = check_sources(&[&src], None);
        let d = checked.findings.iter().find(|f| f.diagnostic.code == "R-PROTO-1").expect("R-PROTO-1");
        d.diagnostic.message.split_once("looks like").map_or(String::new(), |(_, h)| h.to_string())
    };
    let h = hint(
        "  integration_type = \"AWS_PROXY\"\n  payload_format_version = \"2.0\"\n  passthrough_behavior = var.pb\n  content_handling_strategy = var.chs",
    );
    assert!(h.contains("an HTTP API"), "{h}");
    assert_eq!(hint("  integration_type = \"MOCK\"\n  integration_subtype = \"SQS-SendMessage\""), "", "conflicting evidence: no hint");
    assert!(hint("  integration_type = \"AWS_PROXY\"\n  passthrough_behavior = \"NEVER\"").contains("a WEBSOCKET API"));
    assert_eq!(hint("  integration_type = \"AWS_PROXY\"\n  passthrough_behavior = var.pb"), "");
}

const OVERRIDE_BASE: &str = r#"resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_api" "ws" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "send" {
  api_id               = aws_apigatewayv2_api.http.id
  integration_type     = "AWS"
  integration_method   = "POST"
  integration_uri      = "arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue"
  credentials_arn      = "arn:aws:iam::123456789012:role/send"
  passthrough_behavior = "NEVER"
}
"#;

/// An override file that moves the integration to the WebSocket API: Terraform checks the
/// merged block, so the WebSocket-only arguments are right, and `--fix` strips nothing.
#[test]
fn override_files_are_merged_as_terraform_merges_them() {
    use apigw_integration_core::check::{Source, check_configuration, fix_configuration};
    let over = "resource \"aws_apigatewayv2_integration\" \"send\" {\n  api_id = aws_apigatewayv2_api.ws.id\n}\n";
    let files = [Source { name: "main.tf", text: OVERRIDE_BASE }, Source { name: "ws_override.tf", text: over }];
    let checked = check_configuration(&files, None, &[]);
    assert_eq!(checked.files[0].integrations[0].model.protocol, Some(Protocol::WebSocket));
    let loud: Vec<&str> =
        checked.findings.iter().filter(|f| f.diagnostic.severity != Severity::Info).map(|f| f.diagnostic.code.as_str()).collect();
    assert_eq!(loud, Vec::<&str>::new());
    assert_eq!(fix_configuration(&files, None, &[], &|_, _, _| true), vec![], "--fix strips nothing");
    // Without the override, the same file is an HTTP API's and AWS is refused there.
    let alone = check_sources(&[OVERRIDE_BASE], None);
    assert!(alone.findings.iter().any(|f| f.diagnostic.code == "R-TYPE-1"));
    // A finding about what the override wrote is placed in the override file.
    let over = "resource \"aws_apigatewayv2_integration\" \"send\" {\n  timeout_milliseconds = 40000\n}\n";
    let files = [Source { name: "main.tf", text: OVERRIDE_BASE }, Source { name: "x_override.tf", text: over }];
    let checked = check_configuration(&files, None, &[]);
    let tmo = checked.findings.iter().find(|f| f.diagnostic.code == "R-TMO-1").expect("R-TMO-1");
    assert_eq!((tmo.source, tmo.diagnostic.pos.map(|p| p.line)), (1, Some(2)));
    // An integration an override changes is not fixed: its arguments are in two files.
    let fixed = fix_configuration(&files, None, &[], &|_, _, _| true);
    assert!(fixed.iter().all(|f| f.applied.is_empty()), "{fixed:?}");
    // Not an override file: a second declaration, checked on its own.
    let plain = [Source { name: "main.tf", text: OVERRIDE_BASE }, Source { name: "overrides.tf", text: over }];
    assert!(check_configuration(&plain, None, &[]).findings.iter().any(|f| f.diagnostic.code == "R-NAME-2"));
}

/// An override file's block for an integration no other file declares: Terraform fails.
#[test]
fn an_override_without_a_base_is_an_error() {
    use apigw_integration_core::check::{Source, check_configuration};
    let over = "resource \"aws_apigatewayv2_integration\" \"missing\" {\n  timeout_milliseconds = 1000\n}\n";
    let files = [Source { name: "main.tf", text: OVERRIDE_BASE }, Source { name: "override.tf", text: over }];
    let checked = check_configuration(&files, None, &[]);
    let f = checked.findings.iter().find(|f| f.diagnostic.code == "R-OVR-1").expect("R-OVR-1");
    assert_eq!((f.source, f.diagnostic.pos.map(|p| p.line)), (1, Some(1)));
    // Silent when the base exists.
    let over = over.replace("missing", "send");
    let files = [Source { name: "main.tf", text: OVERRIDE_BASE }, Source { name: "override.tf", text: &over }];
    assert!(!check_configuration(&files, None, &[]).findings.iter().any(|f| f.diagnostic.code == "R-OVR-1"));
}
