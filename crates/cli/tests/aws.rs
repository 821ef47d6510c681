//! From AWS to Terraform: AWS CLI and CloudFormation fixtures (written from the API
//! reference's field list, in the shapes the CLI and CloudFormation use) are converted,
//! have no errors, are what `terraform fmt` prints (HashiCorp's hclwrite, the oracle), and
//! round-trip: converting, rendering and parsing again gives the same models.
#![cfg(not(target_arch = "wasm32"))]

// The core's test helpers (model strategies, the HCL oracle).
#[path = "../../core/tests/common/mod.rs"]
mod common;

use apigw_integration_core::aws::{ApiInfo, Imported, api_info, from_aws};
use apigw_integration_core::model::{Protocol, Value};
use apigw_integration_core::rules::SUBTYPES;
use apigw_integration_core::{hcl, validate};
use common::{comparable, oracle, run_oracle};
use serde_json::{Value as Json, json};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../core/tests/fixtures/aws/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn convert(name: &str, api: Option<&str>) -> Imported {
    let api = api.map(|a| api_info(&fixture(a)).expect("get-api JSON")).unwrap_or_default();
    from_aws(&fixture(name), &api)
}

fn codes(d: &[apigw_integration_core::Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

/// No errors from the conversion or the rules; the documents are exactly one resource
/// and its import block each, fmt-clean (oracle); parse(render(m)) == m.
fn check_all(out: &Imported, allowed: &[&str]) {
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let mut docs = Vec::new();
    for c in &out.integrations {
        let conv: Vec<&str> = codes(&c.diagnostics).into_iter().filter(|c| !allowed.contains(c)).collect();
        assert!(conv.is_empty(), "{}: {conv:?} {:?}", c.source, c.diagnostics);
        let errors: Vec<String> = validate(&c.model).into_iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", c.source);
        let doc = apigw_integration_core::render(&c.model).expect("renders").document();
        let back = hcl::parse(&doc);
        assert!(back.diagnostics.iter().all(|d| !d.is_error()), "{doc}");
        assert_eq!(back.integrations.len(), 1);
        assert_eq!(comparable(&back.integrations[0].model), comparable(&c.model), "{}: round trip\n{doc}", c.source);
        docs.push(doc);
    }
    let (code, stdout, stderr) = run_oracle(&oracle(), "outline", &serde_json::to_string(&docs).expect("json"));
    assert_eq!(code, 0, "{stderr}");
    let shapes: Vec<Json> = serde_json::from_str(&stdout).expect("oracle JSON");
    for ((c, doc), shape) in out.integrations.iter().zip(&docs).zip(&shapes) {
        assert_eq!(shape["fmt"], json!(true), "not fmt-clean:\n{doc}");
        assert_eq!(shape["blocks"][0]["labels"], json!(["aws_apigatewayv2_integration", c.model.name]), "{doc}");
        if c.model.import.is_some() {
            assert_eq!(shape["blocks"][1]["to"], json!(format!("aws_apigatewayv2_integration.{}", c.model.name)), "{doc}");
        }
    }
}

#[test]
fn get_integrations_of_an_http_api_every_type_and_subtype() {
    let out = convert("get-integrations-http.json", Some("get-api-http.json"));
    assert_eq!(out.kind, "aws apigatewayv2 get-integrations");
    assert_eq!(out.integrations.len(), SUBTYPES.len() + 4);
    // Every subtype, and the names say what each one targets, unique.
    for st in SUBTYPES {
        assert!(out.integrations.iter().any(|c| c.model.integration_subtype == Some(Value::str(st.name))), "{}", st.name);
    }
    let names: Vec<&str> = out.integrations.iter().map(|c| c.model.name.as_str()).collect();
    assert_eq!(&names[..3], ["event_bridge_put_events", "sqs_send_message", "sqs_receive_message"]);
    assert!(
        names.contains(&"lambda_orders_api") && names.contains(&"http_backend_example_com") && names.contains(&"private_internal_lb"),
        "{names:?}"
    );
    assert!(names.contains(&"lambda_quick"));
    // The quick-create integration is flagged; nothing else has anything to say.
    let managed = out.integrations.iter().find(|c| c.model.name == "lambda_quick").expect("managed");
    assert_eq!(codes(&managed.diagnostics), ["R-AWS-2"]);
    check_all(&out, &["R-AWS-2"]);

    // Field by field, the private integration (the documentation's example, from AWS).
    let private = out.integrations.iter().find(|c| c.model.name == "private_internal_lb").expect("private");
    let doc = apigw_integration_core::render(&private.model).expect("renders").document();
    assert_eq!(
        doc,
        r#"resource "aws_apigatewayv2_integration" "private_internal_lb" {
  api_id           = "aabbccddee"
  integration_type = "HTTP_PROXY"

  connection_id      = "abc123"
  connection_type    = "VPC_LINK"
  description        = "Example with a load balancer"
  integration_method = "ANY"
  integration_uri    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/internal-lb/50dc6c495c0c9188/f2f7dc8efc522ab2"

  request_parameters = {
    "append:header.authforintegration" = "$context.authorizer.authorizerResponse"
    "overwrite:path"                   = "staticValueForIntegration"
  }

  tls_config {
    server_name_to_verify = "example.com"
  }

  response_parameters {
    status_code = 403
    mappings = {
      "append:header.auth" = "$context.authorizer.authorizerResponse"
    }
  }

  response_parameters {
    status_code = 200
    mappings = {
      "overwrite:statuscode" = "204"
    }
  }
}

import {
  to = aws_apigatewayv2_integration.private_internal_lb
  id = "aabbccddee/c3d4e5f"
}
"#
        .replace("c3d4e5f", &private.model.import.as_ref().expect("import").integration_id)
    );
    // Defaults Terraform does not drift on are left out; others are kept.
    let lambda = out.integrations.iter().find(|c| c.model.name == "lambda_orders_api").expect("lambda");
    assert_eq!(lambda.model.payload_format_version, Some(Value::str("2.0")));
    assert_eq!((lambda.model.timeout_milliseconds.as_ref(), lambda.model.connection_type.as_ref()), (None, None));
    let http = out.integrations.iter().find(|c| c.model.name == "http_backend_example_com").expect("http");
    assert_eq!(http.model.timeout_milliseconds, Some(Value::Num("12000".into())));
    assert_eq!(http.model.payload_format_version, None);
}

#[test]
fn get_integrations_of_a_websocket_api() {
    let out = convert("get-integrations-websocket.json", Some("get-api-websocket.json"));
    assert_eq!(out.integrations.len(), 5);
    assert!(out.integrations.iter().all(|c| c.model.protocol == Some(Protocol::WebSocket)));
    let names: Vec<&str> = out.integrations.iter().map(|c| c.model.name.as_str()).collect();
    assert_eq!(names, ["mock", "aws_put_item", "lambda_chat", "http_status_example_com", "http_events_example_com"]);
    let mock = &out.integrations[0].model;
    assert_eq!((mock.passthrough_behavior.as_ref(), mock.timeout_milliseconds.as_ref()), (None, None), "defaults left out");
    assert_eq!(out.integrations[1].model.passthrough_behavior, Some(Value::str("NEVER")));
    assert_eq!(out.integrations[1].model.timeout_milliseconds, Some(Value::Num("10000".into())));
    check_all(&out, &[]);
}

#[test]
fn one_integration_and_the_api_id_from_the_command_line() {
    let api = ApiInfo { api_id: Some("aabbccddee".into()), protocol: Some(Protocol::Http) };
    let out = from_aws(&fixture("get-integration.json"), &api);
    assert_eq!(out.kind, "aws apigatewayv2 get-integration");
    assert_eq!(out.integrations.len(), 1);
    check_all(&out, &[]);
    // Without the API's id: no api_id, no import block, and a warning that says so.
    let out = from_aws(&fixture("get-integration.json"), &ApiInfo::default());
    let c = &out.integrations[0];
    assert_eq!(codes(&c.diagnostics), ["R-AWS-5"]);
    assert_eq!((c.model.api_id.as_ref(), c.model.import.as_ref()), (None, None));
}

#[test]
fn cloudformation_intrinsics_become_references_never_wrong_literals() {
    let out = convert("cloudformation.json", None);
    assert_eq!(out.kind, "CloudFormation template");
    let names: Vec<&str> = out.integrations.iter().map(|c| c.model.name.as_str()).collect();
    assert_eq!(names, ["orders_integration", "queue_integration", "backend_integration", "conditional_integration"]);
    let m = |n: usize| &out.integrations[n].model;
    assert_eq!(m(0).api_id, Some(Value::expr("aws_apigatewayv2_api.shop_api.id")));
    assert_eq!(
        m(0).integration_uri,
        Some(Value::expr(
            "\"arn:${data.aws_partition.current.partition}:apigateway:${data.aws_region.current.name}:lambda:path/2015-03-31/functions/${aws_lambda_function.orders_function.arn}/invocations\""
        ))
    );
    assert_eq!(m(1).credentials_arn, Some(Value::expr("aws_iam_role.service_role.arn")));
    assert_eq!(
        m(1).request_parameters.as_ref().and_then(|p| p.get("QueueUrl")).cloned(),
        Some(Value::expr("aws_sqs_queue.orders_queue.url"))
    );
    assert_eq!(m(2).integration_uri, Some(Value::expr("var.backend_url")));
    assert_eq!(m(2).response_parameters[0].mappings.as_ref().and_then(|p| p.get("overwrite:statuscode")).cloned(), Some(Value::str("410")));
    // Fn::If cannot be translated: left out, and said, at its field.
    let cond = &out.integrations[3];
    assert_eq!(cond.model.description, None);
    assert_eq!(codes(&cond.diagnostics), ["R-AWS-3"]);
    assert_eq!(cond.diagnostics[0].path, "description");
    let mut clean = out.clone();
    clean.integrations[3].diagnostics.clear();
    check_all(&clean, &[]);
    // No import blocks: a template has no integration ids.
    assert!(out.integrations.iter().all(|c| c.model.import.is_none()));
}

/// CloudFormation as people write it: the API's shape of ResponseParameters in a template
/// (which CloudFormation itself refuses, aws/aws-cdk#20993) is read like the template's own
/// shape; `Fn::GetAtt` of `ApiId`, `IntegrationId` or `Id` is the resource's `id`; the
/// `IntegrationSubType` spelling is read; the caller-credentials ARN is left out and said.
#[test]
fn cloudformation_shapes_and_spellings_seen_in_the_wild() {
    let template = json!({
        "Resources": {
            "Api": { "Type": "AWS::ApiGatewayV2::Api", "Properties": { "ProtocolType": "HTTP" } },
            "Other": { "Type": "AWS::ApiGatewayV2::Integration", "Properties": {} },
            "Queue": {
                "Type": "AWS::ApiGatewayV2::Integration",
                "Properties": {
                    "ApiId": { "Fn::GetAtt": ["Api", "ApiId"] },
                    "IntegrationType": "AWS_PROXY",
                    "IntegrationSubType": "SQS-SendMessage",
                    "CredentialsArn": "arn:aws:iam::*:user/*",
                    "Description": { "Fn::GetAtt": ["Other", "IntegrationId"] },
                    "RequestParameters": { "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "$request.body" }
                }
            },
            "Proxy": {
                "Type": "AWS::ApiGatewayV2::Integration",
                "Properties": {
                    "ApiId": { "Fn::GetAtt": "Api.Id" },
                    "IntegrationType": "HTTP_PROXY",
                    "IntegrationMethod": "ANY",
                    "IntegrationUri": "https://example.com",
                    "ResponseParameters": {
                        "403": { "overwrite:statuscode": "401" },
                        "404": { "ResponseParameters": [{ "Destination": "overwrite:statuscode", "Source": "410" }] }
                    }
                }
            }
        }
    });
    let out = from_aws(&template.to_string(), &ApiInfo::default());
    let by = |name: &str| out.integrations.iter().find(|c| c.model.name == name).unwrap_or_else(|| panic!("{name}: {out:?}"));
    let queue = by("queue");
    assert_eq!(queue.model.api_id, Some(Value::expr("aws_apigatewayv2_api.api.id")));
    assert_eq!(queue.model.description, Some(Value::expr("aws_apigatewayv2_integration.other.id")));
    assert_eq!(queue.model.integration_subtype, Some(Value::str("SQS-SendMessage")));
    assert_eq!(queue.model.credentials_arn, None);
    assert_eq!(codes(&queue.diagnostics), ["R-AWS-3"], "{:?}", queue.diagnostics);
    assert_eq!(queue.diagnostics[0].path, "credentials_arn");
    assert!(queue.diagnostics[0].message.contains("cannot be expressed in Terraform"), "{}", queue.diagnostics[0].message);
    let proxy = by("proxy");
    assert_eq!(proxy.model.api_id, Some(Value::expr("aws_apigatewayv2_api.api.id")));
    let codes_of = |n: usize| proxy.model.response_parameters[n].mappings.as_ref().and_then(|m| m.get("overwrite:statuscode")).cloned();
    assert_eq!((codes_of(0), codes_of(1)), (Some(Value::str("401")), Some(Value::str("410"))));
    assert!(proxy.diagnostics.is_empty(), "{:?}", proxy.diagnostics);
    // A role is kept as it is.
    let role = template.to_string().replace("arn:aws:iam::*:user/*", "arn:aws:iam::123456789012:role/apigw");
    let out = from_aws(&role, &ApiInfo::default());
    let queue = out.integrations.iter().find(|c| c.model.name == "queue").expect("queue");
    assert_eq!(queue.model.credentials_arn, Some(Value::str("arn:aws:iam::123456789012:role/apigw")));
}

#[test]
fn bad_input_is_reported_never_a_panic() {
    for (text, says) in [
        ("not json", "not valid JSON"),
        ("42", "neither"),
        ("{\"Items\": 3}", "not a list"),
        ("{\"Resources\": {}}", "no `AWS::ApiGatewayV2::Integration`"),
    ] {
        let out = from_aws(text, &ApiInfo::default());
        assert!(out.integrations.is_empty());
        assert_eq!(codes(&out.diagnostics), ["R-AWS-1"], "{text}");
        assert!(out.diagnostics[0].message.contains(says), "{}", out.diagnostics[0].message);
    }
    // An item that is not an object is reported and left out; the others are converted.
    let out = from_aws(r#"{"Items": [7, {"IntegrationType": "MOCK", "Surprise": 1, "Description": [1]}]}"#, &ApiInfo::default());
    assert_eq!(codes(&out.diagnostics), ["R-AWS-1"]);
    assert!(
        out.diagnostics[0].message.starts_with("Items[0] was not converted: it is a number, not an object"),
        "{}",
        out.diagnostics[0].message
    );
    assert_eq!(out.integrations.len(), 1);
    let second = codes(&out.integrations[0].diagnostics);
    assert!(second.contains(&"R-AWS-4") && second.contains(&"R-AWS-3"), "{second:?}");
    // Hostile names and values come out as data: one resource, valid names, escaped text.
    let hostile = r#"{"Items": [{"IntegrationType": "MOCK", "IntegrationId": "x\"}\nresource \"a\" \"b\" {", "Description": "${file(\"/etc/passwd\")}\n}"}]}"#;
    let out = from_aws(hostile, &ApiInfo { api_id: Some("aabbccddee".into()), protocol: None });
    let doc = apigw_integration_core::render(&out.integrations[0].model).map(|r| r.document());
    let doc = doc.expect("renders");
    assert_eq!(hcl::parse(&doc).integrations.len(), 1, "{doc}");
    assert!(doc.contains("$${file"), "{doc}");
    assert!(!api_info("{}").is_err_and(|e| e.to_string().is_empty()));
}

/// A CloudFormation integration whose `Properties` are null or missing is reported by its
/// logical id, and the template's other integrations are still converted and printed (it
/// used to become a nameless model that withheld the whole file).
#[test]
fn a_resource_without_properties_is_reported_and_the_others_converted() {
    let template = json!({"Resources": {
        "Broken": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": null},
        "Orders": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": "aabbccddee", "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY",
            "IntegrationUri": "https://example.com/orders", "PayloadFormatVersion": "1.0"}},
        "Missing": {"Type": "AWS::ApiGatewayV2::Integration"},
        "Listed": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": [1]},
    }})
    .to_string();
    let out = from_aws(&template, &ApiInfo { api_id: None, protocol: Some(Protocol::Http) });
    assert_eq!(out.integrations.iter().map(|c| c.model.name.as_str()).collect::<Vec<_>>(), ["orders"]);
    let said: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(codes(&out.diagnostics), ["R-AWS-1"; 3], "{said:?}");
    for (logical, what) in [("Broken", "is null"), ("Missing", "is missing"), ("Listed", "is a list")] {
        let want = format!("Resources.{logical} was not converted: its `Properties` {what}, not an object");
        assert!(said.iter().any(|m| m.starts_with(&want)), "{want} in {said:?}");
    }
    check_all(&Imported { diagnostics: Vec::new(), ..out.clone() }, &[]);
    // The CLI prints the converted one and says what it left out (exit 1: an error).
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("aws_properties_null");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("template.json");
    std::fs::write(&file, &template).expect("write");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_apigw-integration")).arg("from-aws").arg(&file).output().expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("resource \"aws_apigatewayv2_integration\" \"orders\""), "{stdout}\n{stderr}");
    assert!(stderr.contains("Resources.Broken was not converted"), "{stderr}");
    // A template whose only integration has no properties is not said to have none.
    let only = from_aws(r#"{"Resources": {"I": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": null}}}"#, &ApiInfo::default());
    assert!(only.integrations.is_empty());
    assert_eq!(only.diagnostics.len(), 1);
    assert!(only.diagnostics[0].message.starts_with("Resources.I was not converted"), "{}", only.diagnostics[0].message);
}

/// Every conversion note has a case above that fires it, and is silent on clean input:
/// the rule-table test counts these codes as tested here.
#[test]
fn conversion_codes_fire_and_stay_silent() {
    let clean = convert("get-integrations-websocket.json", Some("get-api-websocket.json"));
    let all: Vec<&str> = clean.integrations.iter().flat_map(|c| codes(&c.diagnostics)).collect();
    assert!(all.is_empty(), "{all:?}");
    assert!(clean.diagnostics.is_empty());
}

/// The IAM role companion of each AWS service subtype: the role trusts API Gateway and is
/// allowed one action on one resource (named by a reference or a literal), as `terraform
/// fmt` prints it; where the resource is not known, no role (never one allowed on `*`).
#[test]
fn the_iam_role_companion_allows_one_action_on_one_resource() {
    use apigw_integration_core::companions::{Companions, render};
    use apigw_integration_core::model::{Integration, Map};
    let model = |subtype: &str, params: &[(&str, Value)], credentials: Option<Value>| {
        let mut m = Integration::named("svc");
        m.protocol = Some(Protocol::Http);
        m.api_id = Some(Value::expr("aws_apigatewayv2_api.a.id"));
        m.integration_type = Some(Value::str("AWS_PROXY"));
        m.integration_subtype = Some(Value::str(subtype));
        m.credentials_arn = credentials;
        m.request_parameters = Some(Map(params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()));
        m
    };
    let role = Some(Value::expr("aws_iam_role.gw.arn"));
    let want = Companions { iam_role: true, ..Companions::default() };
    let cases = [
        (
            model("SQS-SendMessage", &[("QueueUrl", Value::expr("aws_sqs_queue.q.url"))], role.clone()),
            "sqs:SendMessage",
            "aws_sqs_queue.q.arn",
            "gw",
        ),
        (
            model("SQS-DeleteMessage", &[("QueueUrl", Value::str("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo"))], None),
            "sqs:DeleteMessage",
            "\"arn:aws:sqs:eu-west-1:123456789012:jobs.fifo\"",
            "svc",
        ),
        (
            model("EventBridge-PutEvents", &[("EventBusName", Value::expr("aws_cloudwatch_event_bus.b.name"))], role.clone()),
            "events:PutEvents",
            "aws_cloudwatch_event_bus.b.arn",
            "gw",
        ),
        (
            model("StepFunctions-StartExecution", &[("StateMachineArn", Value::expr("aws_sfn_state_machine.m.arn"))], role.clone()),
            "states:StartExecution",
            "aws_sfn_state_machine.m.arn",
            "gw",
        ),
        (
            model("StepFunctions-StopExecution", &[("ExecutionArn", Value::expr("\"${aws_sfn_state_machine.m.arn}:x\""))], role.clone()),
            "states:StopExecution",
            "\"${replace(aws_sfn_state_machine.m.arn, \":stateMachine:\", \":execution:\")}:*\"",
            "gw",
        ),
        (
            model("Kinesis-PutRecord", &[("StreamName", Value::expr("aws_kinesis_stream.s.name"))], role.clone()),
            "kinesis:PutRecord",
            "aws_kinesis_stream.s.arn",
            "gw",
        ),
    ];
    let mut docs = Vec::new();
    for (m, action, resource, name) in &cases {
        let text = render(m, want).unwrap_or_else(|| panic!("{action}: no role"));
        assert!(
            text.contains(&format!("resource \"aws_iam_role\" \"{name}\"")) && text.contains("Service = \"apigateway.amazonaws.com\""),
            "{text}"
        );
        assert!(text.contains(&format!("Action   = \"{action}\"")) && text.contains(&format!("Resource = {resource}\n")), "{text}");
        assert_eq!(text.matches("Action").count(), 2, "one action besides sts:AssumeRole: {text}");
        assert!(!text.contains("\"*\""), "{text}");
        assert_eq!(text.contains("# Set credentials_arn"), m.credentials_arn.is_none(), "{text}");
        let (code, _, why) = run_oracle(&oracle(), "check", &text);
        assert_eq!(code, 0, "not fmt-clean: {why}\n{text}");
        docs.push(text);
    }
    // Off by default; and no role where the resource is not known, for a Lambda target, or
    // when credentials_arn is a role that exists already.
    assert_eq!(render(&cases[0].0, Companions::default()), None);
    for m in [
        model("SQS-SendMessage", &[("QueueUrl", Value::str("$request.header.queue"))], None),
        model("SQS-SendMessage", &[("QueueUrl", Value::expr("var.queue_url"))], None),
        model("EventBridge-PutEvents", &[("Detail", Value::str("$request.body"))], None),
        model("StepFunctions-StopExecution", &[("ExecutionArn", Value::str("$request.body.arn"))], None),
        model("AppConfig-GetConfiguration", &[("Application", Value::str("a"))], None),
        model(
            "SQS-SendMessage",
            &[("QueueUrl", Value::expr("aws_sqs_queue.q.url"))],
            Some(Value::str("arn:aws:iam::123456789012:role/gw")),
        ),
    ] {
        assert_eq!(render(&m, want), None, "{m:?}");
    }
}

/// The CLI: `from-aws` prints one file (resources, import blocks, companions) that
/// `terraform fmt` leaves unchanged, and exits 0; bad input exits non-zero, says why.
#[test]
fn the_cli_converts_with_companions_fmt_exact() {
    let bin = env!("CARGO_BIN_EXE_apigw-integration");
    let dir = format!("{}/../core/tests/fixtures/aws", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(bin)
        .args(["from-aws", "--api-json", &format!("{dir}/get-api-http.json"), "--lambda-permission", "--route"])
        .arg(format!("{dir}/get-integrations-http.json"))
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("R-AWS-2") && stderr.contains("14 integration(s) from aws apigatewayv2 get-integrations"), "{stderr}");
    let (code, _, why) = run_oracle(&oracle(), "check", &text);
    assert_eq!(code, 0, "not fmt-clean: {why}\n{text}");
    assert_eq!(hcl::parse(&text).integrations.len(), 14);
    assert_eq!(text.matches("resource \"aws_apigatewayv2_route\"").count(), 14);
    assert_eq!(text.matches("resource \"aws_lambda_permission\"").count(), 2, "the two Lambda targets");
    assert!(text.contains("source_arn    = \"arn:*:execute-api:*:*:aabbccddee/*/*\""), "{text}");
    let bad = std::process::Command::new(bin).args(["from-aws", "-"]).output().expect("runs");
    assert_ne!(bad.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("R-AWS-1"));
}
