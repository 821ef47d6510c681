//! Idiomatic modules of the shapes found in public repositories (written here): for_each
//! over a map of routes, dynamic response_parameters, variables with defaults, templates
//! and jsonencode values. The linter must raise no error and no warning on them, only
//! notes: a rule whose premise it cannot see stays silent.
#![cfg(not(target_arch = "wasm32"))]

use apigw_integration_builder::Severity;
use apigw_integration_builder::check::check_sources;
use apigw_integration_builder::model::Protocol;

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
