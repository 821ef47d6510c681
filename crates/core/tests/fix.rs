//! Every safe fix: applied to a configuration where its rule fires, the rule is silent
//! afterwards and nothing else changed; no fix is offered where the value is computed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use apigw_integration_core::fix::{Edit, fix_all, for_diagnostic};
use apigw_integration_core::model::{Integration, Protocol};
use apigw_integration_core::rules::validate;

fn model(body: &str, protocol: Protocol) -> Integration {
    let src = format!("resource \"aws_apigatewayv2_integration\" \"t\" {{\n{body}\n}}\n");
    let mut m = apigw_integration_core::hcl::parse(&src).integrations.remove(0).model;
    m.protocol = Some(protocol);
    m
}

const LAMBDA: &str = "api_id = aws_apigatewayv2_api.a.id\nintegration_type = \"AWS_PROXY\"\nintegration_uri = aws_lambda_function.f.invoke_arn\npayload_format_version = \"2.0\"";
const WS_LAMBDA: &str =
    "api_id = aws_apigatewayv2_api.a.id\nintegration_type = \"AWS_PROXY\"\nintegration_uri = aws_lambda_function.f.invoke_arn";
const SQS: &str = "api_id = aws_apigatewayv2_api.a.id\ncredentials_arn = aws_iam_role.r.arn\nintegration_type = \"AWS_PROXY\"\nintegration_subtype = \"SQS-SendMessage\"\nrequest_parameters = {\nQueueUrl = aws_sqs_queue.q.id\nMessageBody = \"$request.body\"\n}";
const MOCK: &str = "api_id = aws_apigatewayv2_api.a.id\nintegration_type = \"MOCK\"";

/// (code, protocol, configuration where it fires); the fix must silence it.
fn cases() -> Vec<(&'static str, Protocol, String)> {
    use Protocol::{Http as H, WebSocket as W};
    vec![
        ("R-HCL-1", H, format!("{LAMBDA}\nrequest_parameters = {{\n\"append:header.x\" = \"${{request.header.y}}\"\n}}")),
        ("R-HCL-1", W, format!("{MOCK}\ntemplate_selection_expression = \"${{request.body.kind}}\"")),
        ("R-METH-2", H, format!("{LAMBDA}\nintegration_method = \"GET\"")),
        ("R-SUB-0", H, format!("{SQS}\nintegration_uri = \"arn:aws:sqs:us-east-1:123456789012:q\"\nintegration_method = \"POST\"")),
        ("R-URI-7", W, format!("{MOCK}\nintegration_uri = \"https://example.com\"")),
        ("R-WSO-1", H, format!("{LAMBDA}\ncontent_handling_strategy = \"CONVERT_TO_TEXT\"")),
        ("R-WSO-2", H, format!("{LAMBDA}\npassthrough_behavior = \"NEVER\"")),
        ("R-WSO-4", H, format!("{LAMBDA}\ntemplate_selection_expression = \"$request.body.kind\"")),
        ("R-WSO-4b", W, format!("{WS_LAMBDA}\ntemplate_selection_expression = \"$default\"")),
        ("R-HTO-2", W, format!("{WS_LAMBDA}\ntls_config {{\nserver_name_to_verify = \"a.example.com\"\n}}")),
        ("R-HTO-2b", H, format!("{LAMBDA}\ntls_config {{\nserver_name_to_verify = \"a.example.com\"\n}}")),
    ]
}

#[test]
fn every_fix_silences_its_rule_and_changes_nothing_else() {
    for (code, protocol, body) in cases() {
        let m = model(&body, protocol);
        let before = validate(&m);
        let d = before.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("{code} does not fire on\n{body}\n{before:?}"));
        let fix = for_diagnostic(&m, d).unwrap_or_else(|| panic!("{code} has no fix"));
        let (fixed, applied) = fix_all(&m, validate);
        assert!(applied.iter().any(|f| f.code == code), "{code}: {applied:?}");
        let after = validate(&fixed);
        assert!(!after.iter().any(|d| d.code == code), "{code} still fires after the fix: {after:?}");
        // Only the fields the fixes name changed.
        let touched: Vec<&str> = applied
            .iter()
            .flat_map(|f| &f.edits)
            .map(|e| match e {
                Edit::Remove(p) | Edit::Set(p, _) => p.split(['[', '.']).next().unwrap_or(p),
            })
            .collect();
        for name in apigw_integration_core::model::SCALAR_ARGS {
            if !touched.contains(name) {
                assert_eq!(m.scalar(name), fixed.scalar(name), "{code} changed {name}");
            }
        }
        assert!(apigw_integration_core::render(&fixed).is_ok(), "{code}: the fixed model renders");
        let _ = fix;
    }
}

/// A value an expression computes, or a finding of some for_each instances only, gets no
/// fix: changing the expression would change what every instance gets.
#[test]
fn no_fix_where_the_value_is_computed() {
    let src = r#"locals {
  routes = {
    a = { method = "GET" }
    b = { method = "POST" }
  }
}

resource "aws_apigatewayv2_integration" "t" {
  for_each               = local.routes
  api_id                 = aws_apigatewayv2_api.a.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.f.invoke_arn
  integration_method     = each.value.method
  payload_format_version = "2.0"
}
"#;
    let fixed = apigw_integration_core::check::fix_module(&[src], Some(Protocol::Http), &[], &|_, _, _| true);
    assert_eq!(fixed, vec![], "R-METH-2 fires for key a, but has no fix");
    let checked = apigw_integration_core::check::check_sources(&[src], Some(Protocol::Http));
    assert!(checked.findings.iter().any(|f| f.diagnostic.code == "R-METH-2"));
}

/// Fixes touch literals only: an argument set by an expression is never removed or
/// rewritten, even where its rule fires (a resource's attribute is set, so R-SUB-0 and
/// R-URI-7 judge it), and a value known through a local is judged but not rewritten.
#[test]
fn fixes_touch_literals_only() {
    let src = r#"locals {
  method = "GET"
}

resource "aws_apigatewayv2_integration" "sqs" {
  api_id              = aws_apigatewayv2_api.a.id
  credentials_arn     = aws_iam_role.r.arn
  integration_type    = "AWS_PROXY"
  integration_subtype = "SQS-SendMessage"
  integration_uri     = aws_sqs_queue.q.arn

  request_parameters = {
    QueueUrl    = aws_sqs_queue.q.id
    MessageBody = "$request.body"
  }
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.a.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.f.invoke_arn
  integration_method     = local.method
  passthrough_behavior   = "${local.method}-x"
  payload_format_version = "2.0"
}
"#;
    let checked = apigw_integration_core::check::check_sources(&[src], Some(Protocol::Http));
    let codes: Vec<&str> = checked.findings.iter().map(|f| f.diagnostic.code.as_str()).collect();
    for code in ["R-SUB-0", "R-METH-2", "R-WSO-2"] {
        assert!(codes.contains(&code), "{code} fires: {codes:?}");
    }
    let fixed = apigw_integration_core::check::fix_module(&[src], Some(Protocol::Http), &[], &|_, _, _| true);
    assert_eq!(fixed, vec![], "nothing is fixed: every value is an expression");
}

/// `--fix` on a file `terraform fmt` would leave as it is leaves a file it would leave as it
/// is (HashiCorp's hclwrite decides), with only the fixed arguments' lines or values
/// changed; the same file in CRLF gets the same edits, in CRLF.
#[test]
fn a_fixed_formatted_file_is_formatted_and_keeps_its_line_endings() {
    let oracle = common::oracle();
    for (code, protocol, body) in cases() {
        let m = model(&body, protocol);
        // Around the block: a comment, another block and a heredoc the fix must not touch.
        let block = apigw_integration_core::render(&m).expect("renders").resource;
        let text = format!("# Kept.\nlocals {{\n  doc = <<-EOT\n      indented\n    EOT\n}}\n\n{block}\n# The end.\n");
        assert_eq!(common::run_oracle(&oracle, "check", &text).0, 0, "{code}: the input is fmt-clean:\n{text}");
        let fixed = apigw_integration_core::check::fix_module(&[&text], Some(protocol), &[], &|_, _, _| true);
        let [f] = fixed.as_slice() else { panic!("{code}: one file fixed: {fixed:?}") };
        assert!(f.withheld.is_empty() && f.applied.iter().any(|(_, fx)| fx.code == code), "{code}: {f:?}");
        let (status, _, err) = common::run_oracle(&oracle, "check", &f.text);
        assert_eq!(status, 0, "{code}: the fixed file is fmt-clean ({err}):\n{}", f.text);
        assert!(
            f.text.starts_with("# Kept.\nlocals {\n  doc = <<-EOT\n      indented\n    EOT\n}\n\n")
                && f.text.ends_with("}\n\n# The end.\n"),
            "{code}:\n{}",
            f.text
        );
        let crlf = text.replace('\n', "\r\n");
        let fixed = apigw_integration_core::check::fix_module(&[&crlf], Some(protocol), &[], &|_, _, _| true);
        assert_eq!(fixed.first().map(|f| f.text.clone()), Some(f.text.replace('\n', "\r\n")), "{code}: CRLF in, CRLF out");
    }
}
