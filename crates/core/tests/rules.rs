//! Every rule fires on a bad configuration and stays silent on the corrected one.
//! Cases are data: HCL bodies (wrapped in a resource), whole HCL files (starting with
//! `!`), or the JSON model (starting with `{`).
#![cfg(not(target_arch = "wasm32"))]

use apigw_integration_core::Protocol;
use apigw_integration_core::check::check_sources;
use apigw_integration_core::model::Integration;
use apigw_integration_core::rules::{RULES, SUBTYPES, validate};

const H: Option<Protocol> = Some(Protocol::Http);
const W: Option<Protocol> = Some(Protocol::WebSocket);
const U: Option<Protocol> = None;

struct Case {
    code: &'static str,
    bad: (Option<Protocol>, String),
    good: (Option<Protocol>, String),
}

fn wrap(body: &str) -> String {
    if let Some(full) = body.strip_prefix('!') {
        return full.to_string();
    }
    if body.starts_with('{') {
        return body.to_string();
    }
    format!("resource \"aws_apigatewayv2_integration\" \"t\" {{\n{body}\n}}\n")
}

/// All codes reported for a case input.
fn codes(protocol: Option<Protocol>, input: &str) -> Vec<String> {
    if input.starts_with('{') {
        let mut m: Integration = serde_json::from_str(input).expect("case JSON");
        m.protocol = protocol;
        return validate(&m).into_iter().map(|d| d.code).collect();
    }
    check_sources(&[input], protocol).findings.into_iter().map(|f| f.diagnostic.code).collect()
}

macro_rules! case {
    ($code:literal, $p:expr, $bad:expr, $good:expr) => {
        Case { code: $code, bad: ($p, wrap(&$bad)), good: ($p, wrap(&$good)) }
    };
    ($code:literal, $pb:expr, $bad:expr, $pg:expr, $good:expr) => {
        Case { code: $code, bad: ($pb, wrap(&$bad)), good: ($pg, wrap(&$good)) }
    };
}

const API: &str = "api_id = aws_apigatewayv2_api.a.id";

fn mock() -> String {
    format!("{API}\nintegration_type = \"MOCK\"")
}
fn http_proxy() -> String {
    format!("{API}\nintegration_type = \"HTTP_PROXY\"\nintegration_method = \"ANY\"\nintegration_uri = \"https://example.com/{{proxy}}\"")
}
fn ws_http() -> String {
    format!("{API}\nintegration_type = \"HTTP\"\nintegration_method = \"GET\"\nintegration_uri = \"https://example.com\"")
}
fn lambda() -> String {
    format!("{API}\nintegration_type = \"AWS_PROXY\"\nintegration_uri = aws_lambda_function.f.invoke_arn\npayload_format_version = \"2.0\"")
}
fn ws_lambda() -> String {
    format!("{API}\nintegration_type = \"AWS_PROXY\"\nintegration_uri = aws_lambda_function.f.invoke_arn")
}
fn private() -> String {
    format!(
        "{API}\nintegration_type = \"HTTP_PROXY\"\nintegration_method = \"ANY\"\nconnection_type = \"VPC_LINK\"\nconnection_id = aws_apigatewayv2_vpc_link.l.id\nintegration_uri = aws_lb_listener.l.arn\nrequest_parameters = {{\n\"overwrite:path\" = \"$request.path\"\n}}"
    )
}
fn sqs(params: &str) -> String {
    format!(
        "{API}\nintegration_type = \"AWS_PROXY\"\nintegration_subtype = \"SQS-SendMessage\"\ncredentials_arn = aws_iam_role.r.arn\nrequest_parameters = {{\n{params}\n}}"
    )
}
/// An AWS service integration of `subtype` with these request parameters (HCL lines).
fn service(subtype: &str, params: &[&str]) -> String {
    format!(
        "{API}\nintegration_type = \"AWS_PROXY\"\nintegration_subtype = \"{subtype}\"\ncredentials_arn = aws_iam_role.r.arn\nrequest_parameters = {{\n{}\n}}",
        params.join("\n")
    )
}
const EB: &[&str] = &[
    "\"Detail\" = \"$request.body.detail\"",
    "\"DetailType\" = \"order.created\"",
    "\"Source\" = \"shop\"",
    "\"EventBusName\" = \"orders\"",
];
fn eb(replace: &str, with: &str) -> String {
    let params: Vec<String> = EB.iter().map(|p| if p.starts_with(replace) { with.to_string() } else { (*p).to_string() }).collect();
    let refs: Vec<&str> = params.iter().map(String::as_str).filter(|p| !p.is_empty()).collect();
    service("EventBridge-PutEvents", &refs)
}
const FIFO: &str = "\"QueueUrl\" = \"https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo\"\n\"MessageBody\" = \"$request.body\"";
/// A configuration of an HTTP API, a Lambda integration `t` of `uri`, and `rest`.
fn beside(uri: &str, rest: &str) -> String {
    format!(
        "!resource \"aws_apigatewayv2_api\" \"a\" {{\n  protocol_type = \"HTTP\"\n}}\nresource \"aws_apigatewayv2_integration\" \"t\" {{\n  api_id = aws_apigatewayv2_api.a.id\n  integration_type = \"AWS_PROXY\"\n  integration_uri = {uri}\n  payload_format_version = \"2.0\"\n}}\n{rest}"
    )
}
const ROUTE: &str = "resource \"aws_apigatewayv2_route\" \"r\" {\n  api_id = aws_apigatewayv2_api.a.id\n  route_key = \"$default\"\n  target = \"integrations/${aws_apigatewayv2_integration.t.id}\"\n}\n";
fn permission(function: &str, source_arn: &str, extra: &str) -> String {
    format!(
        "resource \"aws_lambda_permission\" \"p\" {{\n  action = \"lambda:InvokeFunction\"\n  function_name = {function}\n  principal = \"apigateway.amazonaws.com\"\n  source_arn = \"${{aws_apigatewayv2_api.a.execution_arn}}{source_arn}\"\n{extra}}}\n"
    )
}
/// A Step Functions integration of `subtype` with `param` from the machine `m` of `ty`.
fn machine(subtype: &str, param: &str, ty: &str) -> String {
    format!("!{}\nresource \"aws_sfn_state_machine\" \"m\" {{\n  name = \"m\"\n{ty}}}\n", wrap(&service(subtype, &[param])))
}
const STOP: &str = "\"ExecutionArn\" = \"arn:aws:states:us-east-1:123456789012:execution:${aws_sfn_state_machine.m.name}:run\"";
const SQS_OK: &str = "\"QueueUrl\" = aws_sqs_queue.q.url\n\"MessageBody\" = \"$request.body.message\"";
fn ws_service() -> String {
    format!(
        "{API}\nintegration_type = \"AWS\"\nintegration_method = \"POST\"\ncredentials_arn = aws_iam_role.r.arn\nintegration_uri = \"arn:aws:apigateway:us-east-1:dynamodb:action/PutItem\""
    )
}
fn http_req(key: &str, value: &str) -> String {
    format!("{}\nrequest_parameters = {{\n\"{key}\" = \"{value}\"\n}}", http_proxy())
}
fn http_resp(code: &str, key: &str, value: &str) -> String {
    format!("{}\nresponse_parameters {{\nstatus_code = {code}\nmappings = {{\n\"{key}\" = \"{value}\"\n}}\n}}", http_proxy())
}
fn ws_req(key: &str, value: &str) -> String {
    format!("{}\nrequest_parameters = {{\n\"{key}\" = \"{value}\"\n}}", ws_http())
}
fn import(id: &str, to: &str) -> String {
    format!(
        "!resource \"aws_apigatewayv2_integration\" \"t\" {{\n{}\n}}\n\nimport {{\n  to = aws_apigatewayv2_integration.{to}\n  id = \"{id}\"\n}}\n",
        mock()
    )
}

fn cases() -> Vec<Case> {
    let long = "x".repeat(1025);
    vec![
        // Context and HCL.
        case!(
            "R-NAME-1",
            W,
            format!("!resource \"aws_apigatewayv2_integration\" \"1x\" {{\n{}\n}}\n", mock()),
            format!("!resource \"aws_apigatewayv2_integration\" \"x1\" {{\n{}\n}}\n", mock())
        ),
        case!("R-PROTO-1", U, mock(), W, mock()),
        case!(
            "R-EXPR-1",
            W,
            r#"{"name":"t","api_id":{"expr":"my api"},"integration_type":"MOCK"}"#,
            r#"{"name":"t","api_id":{"expr":"aws_apigatewayv2_api.a.id"},"integration_type":"MOCK"}"#
        ),
        case!(
            "R-HCL-9",
            W,
            format!("{}\nprovisioner \"local-exec\" {{\ncommand = \"echo hi\"\n}}", mock()),
            format!("{}\nlifecycle {{\ncreate_before_destroy = true\n}}", mock())
        ),
        case!(
            "R-HCL-9b",
            W,
            format!("{}\nconnection {{\nhost = \"example.com\"\n}}", mock()),
            format!("{}\ndepends_on = [aws_iam_role.r]", mock())
        ),
        case!(
            "R-HCL-10",
            W,
            r#"{"name":"t","api_id":{"expr":"aws_apigatewayv2_api.a.id"},"integration_type":"MOCK","verbatim":[{"name":"lifecycle","text":"lifecycle {}\n}\n\nresource \"aws_iam_user_policy\" \"pwn\" {"}]}"#,
            r#"{"name":"t","api_id":{"expr":"aws_apigatewayv2_api.a.id"},"integration_type":"MOCK","verbatim":[{"name":"lifecycle","text":"lifecycle {\n  create_before_destroy = true\n}"}]}"#
        ),
        case!(
            "R-HCL-1",
            W,
            format!("{}\ndescription = \"${{request.path.id}}\"", mock()),
            format!("{}\ndescription = \"$${{request.path.id}}\"", mock())
        ),
        case!("R-HCL-3", W, format!("{}\nfoo = 1", mock()), mock()),
        // A block written as an argument (seen in public modules): rejected by Terraform.
        case!(
            "R-HCL-3",
            H,
            format!("{}\ntls_config = try(var.tls, null)", http_proxy()),
            format!(
                "{}\ndynamic \"tls_config\" {{\nfor_each = var.tls == null ? [] : [var.tls]\ncontent {{\nserver_name_to_verify = tls_config.value\n}}\n}}",
                http_proxy()
            )
        ),
        case!("R-HCL-4", W, format!("{}\ndescription = upper(\"x\")", mock()), format!("{}\ndescription = \"X\"", mock())),
        case!("R-HCL-5", W, format!("{}\ndescription = ", mock()), mock()),
        case!("R-HCL-6", W, format!("{}\ncount = 2", mock()), format!("{}\ndepends_on = [aws_iam_role.r]", mock())),
        case!(
            "R-HCL-8",
            W,
            format!("{}\nrequest_templates = {{ \"a\" = \"1\", /* two */ \"b\" = \"2\" }}", mock()),
            format!("{}\nrequest_templates = {{\n\"a\" = \"1\" /* one */\n\"b\" = \"2\"\n}}", mock())
        ),
        // Provider schema.
        case!("R-SCH-1", W, "integration_type = \"MOCK\"", mock()),
        case!("R-SCH-2", H, private().replace("aws_apigatewayv2_vpc_link.l.id", "\"\""), private()),
        case!(
            "R-SCH-3",
            H,
            format!("{}\nconnection_type = \"internet\"", http_proxy()),
            format!("{}\nconnection_type = \"INTERNET\"", http_proxy())
        ),
        case!(
            "R-SCH-4",
            W,
            format!("{}\ncontent_handling_strategy = \"CONVERT\"", mock()),
            format!("{}\ncontent_handling_strategy = \"CONVERT_TO_TEXT\"", mock())
        ),
        case!(
            "R-SCH-5",
            W,
            format!("{}\ncredentials_arn = \"arn:aws:iam::12:role/x\"", ws_service().replace("credentials_arn = aws_iam_role.r.arn\n", "")),
            ws_service().replace("aws_iam_role.r.arn", "\"arn:aws:iam::123456789012:role/x\"")
        ),
        case!("R-SCH-7", W, ws_http().replace("\"GET\"", "\"get\""), ws_http()),
        case!("R-SCH-8", W, format!("{}\nintegration_response_selection_expression = \"x\"", mock()), mock()),
        case!("R-SCH-9", H, sqs(SQS_OK).replace("\"SQS-SendMessage\"", "\"\""), sqs(SQS_OK)),
        case!("R-SCH-10", W, mock().replace("MOCK", "mock"), mock()),
        case!(
            "R-SCH-12",
            W,
            format!("{}\npassthrough_behavior = \"ALWAYS\"", mock()),
            format!("{}\npassthrough_behavior = \"NEVER\"", mock())
        ),
        case!("R-SCH-13", H, lambda().replace("\"2.0\"", "\"3.0\""), lambda()),
        case!(
            "R-SCH-16",
            H,
            format!("{}\nresponse_parameters {{\nstatus_code = 200\n}}", http_proxy()),
            http_resp("200", "overwrite:statuscode", "204")
        ),
        case!("R-SCH-18", W, format!("{}\ntimeout_milliseconds = \"soon\"", mock()), format!("{}\ntimeout_milliseconds = 1000", mock())),
        case!(
            "R-SCH-19",
            H,
            format!("{}\ntls_config {{\nserver_name_to_verify = \"a.example.com\"\n}}\ntls_config {{\n}}", private()),
            format!("{}\ntls_config {{\nserver_name_to_verify = \"a.example.com\"\n}}", private())
        ),
        case!("R-SCH-20", W, format!("{}\nregion = \"useast1\"", mock()), format!("{}\nregion = \"us-east-1\"", mock())),
        case!("R-LEN-1", W, format!("{}\ndescription = \"{long}\"", mock()), format!("{}\ndescription = \"{}\"", mock(), &long[1..])),
        case!(
            "R-PRV-5",
            H,
            format!(
                "{}\n{}",
                http_resp("200", "overwrite:statuscode", "204"),
                "response_parameters {\nstatus_code = 200\nmappings = {\n\"append:header.a\" = \"b\"\n}\n}"
            ),
            format!(
                "{}\n{}",
                http_resp("200", "overwrite:statuscode", "204"),
                "response_parameters {\nstatus_code = 404\nmappings = {\n\"append:header.a\" = \"b\"\n}\n}"
            )
        ),
        case!(
            "R-PRV-5b",
            H,
            format!("{}\nresponse_parameters {{\nstatus_code = 200\nmappings = {{}}\n}}", http_proxy()),
            http_resp("200", "overwrite:statuscode", "204")
        ),
        case!("R-IMP-1", W, import("aabbccddee", "t"), import("aabbccddee/1122334", "t")),
        case!("R-IMP-1b", W, import("API/INTEGRATION", "t"), import("aabbccddee/1122334", "t")),
        case!("R-IMP-1c", W, import("aabbccddee/1122334", "other"), import("aabbccddee/1122334", "t")),
        case!(
            "R-IMP-1d",
            W,
            format!(
                "{}import {{\n  to = aws_apigatewayv2_integration.t\n  id = \"aabbccddee/7654321\"\n}}\n",
                import("aabbccddee/1122334", "t")
            ),
            format!(
                "{}import {{\n  to = aws_apigatewayv2_integration.t[\"b\"]\n  id = \"aabbccddee/7654321\"\n}}\n",
                import("aabbccddee/1122334", "t")
            )
        ),
        case!("R-IMP-4b", W, import("aabbccddee/1122334", "t[\"a\"]"), import("aabbccddee/1122334", "t")),
        // Types, methods, connections.
        case!("R-TYPE-1", H, http_proxy().replace("HTTP_PROXY", "HTTP"), http_proxy()),
        case!("R-TYPE-3", H, private().replace("\"HTTP_PROXY\"", "\"AWS_PROXY\""), private()),
        case!("R-TYPE-4", H, sqs(SQS_OK).replace("SQS-SendMessage", "SQS-Send"), sqs(SQS_OK)),
        case!("R-METH-1", H, http_proxy().replace("integration_method = \"ANY\"\n", ""), http_proxy()),
        case!("R-METH-2", H, format!("{}\nintegration_method = \"GET\"", lambda()), format!("{}\nintegration_method = \"POST\"", lambda())),
        case!("R-CONN-1", H, private().replace("connection_id = aws_apigatewayv2_vpc_link.l.id\n", ""), private()),
        case!("R-CONN-1b", H, format!("{}\nconnection_id = \"abc123\"", http_proxy()), http_proxy()),
        case!("R-CONN-2", H, private().replace("aws_apigatewayv2_vpc_link", "aws_api_gateway_vpc_link"), private()),
        // URIs.
        case!("R-URI-1", H, lambda().replace("aws_lambda_function.f.invoke_arn", "\"https://example.com\""), lambda()),
        case!("R-URI-2", W, ws_lambda().replace("invoke_arn", "arn"), ws_lambda()),
        case!("R-URI-3", W, ws_service().replace("action/PutItem", "PutItem"), ws_service()),
        case!("R-URI-4", W, ws_http().replace("https://example.com", "example.com"), ws_http()),
        case!(
            "R-URI-5",
            H,
            private().replace("aws_lb_listener.l.arn", "\"https://internal.example.com\""),
            private().replace(
                "aws_lb_listener.l.arn",
                "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/50dc6c495c0c9188/f2f7dc8efc522ab2\""
            )
        ),
        case!(
            "R-URI-6",
            W,
            format!(
                "{}\nconnection_type = \"VPC_LINK\"\nconnection_id = aws_api_gateway_vpc_link.l.id",
                ws_http().replace("https://example.com", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/net/x/y/z")
            ),
            format!("{}\nconnection_type = \"VPC_LINK\"\nconnection_id = aws_api_gateway_vpc_link.l.id", ws_http())
        ),
        case!(
            "R-URI-8",
            H,
            lambda().replace("aws_lambda_function.f.invoke_arn", "\"${aws_lambda_function.f.invoke_arn}:live\""),
            lambda().replace("aws_lambda_function.f.invoke_arn", "aws_lambda_alias.live.invoke_arn")
        ),
        case!("R-URI-7", W, format!("{}\nintegration_uri = \"https://example.com\"", mock()), mock()),
        case!(
            "R-PFV-1",
            W,
            format!("{}\npayload_format_version = \"2.0\"", ws_lambda()),
            format!("{}\npayload_format_version = \"1.0\"", ws_lambda())
        ),
        case!("R-PFV-2", H, lambda().replace("payload_format_version = \"2.0\"", ""), lambda()),
        case!("R-TMO-1", W, format!("{}\ntimeout_milliseconds = 30000", mock()), format!("{}\ntimeout_milliseconds = 29000", mock())),
        // Protocol-only arguments.
        case!("R-WSO-1", H, format!("{}\ncontent_handling_strategy = \"CONVERT_TO_TEXT\"", http_proxy()), http_proxy()),
        case!("R-WSO-2", H, format!("{}\npassthrough_behavior = \"NEVER\"", http_proxy()), http_proxy()),
        case!("R-WSO-2b", H, format!("{}\npassthrough_behavior = \"WHEN_NO_MATCH\"", http_proxy()), http_proxy()),
        case!("R-WSO-3", H, format!("{}\nrequest_templates = {{\n\"application/json\" = \"{{}}\"\n}}", http_proxy()), http_proxy()),
        case!("R-WSO-4", H, format!("{}\ntemplate_selection_expression = \"$request.body.type\"", http_proxy()), http_proxy()),
        case!(
            "R-WSO-4b",
            W,
            format!("{}\ntemplate_selection_expression = \"$request.body.type\"", ws_http().replace("\"HTTP\"", "\"HTTP_PROXY\"")),
            format!("{}\ntemplate_selection_expression = \"$request.body.type\"", ws_http())
        ),
        case!(
            "R-HTO-1",
            W,
            format!("{}\nresponse_parameters {{\nstatus_code = 200\nmappings = {{\n\"overwrite:statuscode\" = \"204\"\n}}\n}}", mock()),
            mock()
        ),
        case!("R-HTO-2", W, format!("{}\ntls_config {{\nserver_name_to_verify = \"a.example.com\"\n}}", mock()), mock()),
        case!(
            "R-HTO-2b",
            H,
            format!("{}\ntls_config {{\nserver_name_to_verify = \"a.example.com\"\n}}", http_proxy()),
            format!("{}\ntls_config {{\nserver_name_to_verify = \"a.example.com\"\n}}", private())
        ),
        // Credentials.
        case!(
            "R-CRED-1",
            H,
            format!("{}\ncredentials_arn = \"arn:aws:iam::*:user/*\"", lambda()),
            format!("{}\ncredentials_arn = \"arn:aws:iam::123456789012:role/invoke\"", lambda())
        ),
        case!(
            "R-CRED-1b",
            H,
            format!("{}\ncredentials_arn = \"arn:aws:iam::123456789012:user/bob\"", lambda()),
            format!("{}\ncredentials_arn = \"arn:aws:iam::123456789012:role/invoke\"", lambda())
        ),
        case!("R-CRED-2", H, sqs(SQS_OK).replace("credentials_arn = aws_iam_role.r.arn\n", ""), sqs(SQS_OK)),
        case!("R-CRED-2b", W, ws_service().replace("credentials_arn = aws_iam_role.r.arn\n", ""), ws_service()),
        case!("R-CRED-3", H, lambda(), format!("{}\ncredentials_arn = aws_iam_role.r.arn", lambda())),
        // Subtypes.
        case!("R-SUB-0", H, format!("{}\nintegration_method = \"POST\"", sqs(SQS_OK)), sqs(SQS_OK)),
        case!("R-PIT-5", H, sqs(SQS_OK), lambda()),
        case!(
            "R-PIT-7",
            H,
            sqs(&format!("{SQS_OK}\n\"MessageAttributes\" = \"{{\\\"a\\\": 1}}\"")),
            sqs(&format!("{SQS_OK}\n\"MessageAttributes\" = \"$request.body.attributes\""))
        ),
        // Subtype values AWS checks only when a request runs.
        case!("R-SUBV-1", H, eb("\"Detail\"", "\"Detail\" = \"order 1\""), eb("\"Detail\"", "\"Detail\" = \"{\\\"id\\\": 1}\"")),
        case!(
            "R-SUBV-2",
            H,
            eb("\"DetailType\"", &format!("\"DetailType\" = \"{}\"", "t".repeat(129))),
            eb("\"DetailType\"", &format!("\"DetailType\" = \"{}\"", "t".repeat(128)))
        ),
        case!(
            "R-SUBV-3",
            H,
            eb("\"EventBusName\"", "\"EventBusName\" = \"orders bus\""),
            eb("\"EventBusName\"", "\"EventBusName\" = \"arn:aws:events:us-east-1:123456789012:event-bus/orders\"")
        ),
        case!("R-SUBV-4", H, eb("\"EventBusName\"", ""), eb("-", "")),
        case!(
            "R-SUBV-5",
            H,
            service("StepFunctions-StartExecution", &["\"StateMachineArn\" = aws_sfn_state_machine.m.arn", "\"Name\" = \"run 1\""]),
            service("StepFunctions-StartExecution", &["\"StateMachineArn\" = aws_sfn_state_machine.m.arn", "\"Name\" = \"run-1\""])
        ),
        case!(
            "R-SUBV-6",
            H,
            service("StepFunctions-StartSyncExecution", &["\"StateMachineArn\" = aws_sfn_state_machine.m.arn", "\"Input\" = \"{oops\""]),
            service("StepFunctions-StartSyncExecution", &["\"StateMachineArn\" = aws_sfn_state_machine.m.arn", "\"Input\" = \"{}\""])
        ),
        case!("R-SUBV-7", H, sqs(&format!("{SQS_OK}\n\"DelaySeconds\" = \"901\"")), sqs(&format!("{SQS_OK}\n\"DelaySeconds\" = \"900\""))),
        case!(
            "R-SUBV-8",
            H,
            sqs(&format!("{FIFO}\n\"MessageGroupId\" = \"g\"\n\"DelaySeconds\" = \"5\"")),
            sqs(&format!("{SQS_OK}\n\"DelaySeconds\" = \"5\""))
        ),
        case!("R-SUBV-9", H, sqs(FIFO), sqs(&format!("{FIFO}\n\"MessageGroupId\" = \"$request.header.group\""))),
        case!(
            "R-SUBV-10",
            H,
            service(
                "Kinesis-PutRecord",
                &["\"StreamName\" = \"s\"", "\"Data\" = \"$request.body\"", &format!("\"PartitionKey\" = \"{}\"", "k".repeat(257))]
            ),
            service(
                "Kinesis-PutRecord",
                &["\"StreamName\" = \"s\"", "\"Data\" = \"$request.body\"", "\"PartitionKey\" = \"$context.requestId\""]
            )
        ),
        case!(
            "R-SUBV-11",
            H,
            service(
                "AppConfig-GetConfiguration",
                &[
                    "\"Application\" = \"a\"",
                    "\"Environment\" = \"e\"",
                    "\"Configuration\" = \"c\"",
                    "\"ClientId\" = \"$context.requestId\""
                ]
            ),
            sqs(SQS_OK)
        ),
        case!(
            "R-SUBV-12",
            H,
            machine("StepFunctions-StartSyncExecution", "\"StateMachineArn\" = aws_sfn_state_machine.m.arn", ""),
            machine("StepFunctions-StartSyncExecution", "\"StateMachineArn\" = aws_sfn_state_machine.m.arn", "  type = \"EXPRESS\"\n")
        ),
        case!(
            "R-SUBV-13",
            H,
            machine("StepFunctions-StopExecution", STOP, "  type = \"EXPRESS\"\n"),
            machine("StepFunctions-StopExecution", STOP, "")
        ),
        // Beside the integration: routes and permissions.
        case!(
            "R-RTE-1",
            U,
            beside("aws_lambda_function.f.invoke_arn", ROUTE),
            beside("aws_lambda_function.f.invoke_arn", ROUTE).replace(
                "payload_format_version = \"2.0\"\n",
                "payload_format_version = \"2.0\"\n  lifecycle {\n    create_before_destroy = true\n  }\n"
            )
        ),
        case!(
            "R-PERM-1",
            U,
            beside("aws_lambda_function.f.invoke_arn", &permission("aws_lambda_function.f.function_name", "/*/*/", "")),
            beside("aws_lambda_function.f.invoke_arn", &permission("aws_lambda_function.f.function_name", "/*/*", ""))
        ),
        case!(
            "R-PERM-2",
            U,
            beside(
                "aws_lambda_function.f.invoke_arn",
                &format!("{ROUTE}{}", permission("aws_lambda_function.f.function_name", "/*/*/*", ""))
            ),
            beside(
                "aws_lambda_function.f.invoke_arn",
                &format!("{ROUTE}{}", permission("aws_lambda_function.f.function_name", "/*/*", ""))
            )
        ),
        case!(
            "R-PERM-3",
            U,
            beside("aws_lambda_alias.live.invoke_arn", &permission("aws_lambda_alias.live.function_name", "/*/*", "")),
            beside(
                "aws_lambda_alias.live.invoke_arn",
                &permission("aws_lambda_alias.live.function_name", "/*/*", "  qualifier = aws_lambda_alias.live.name\n")
            )
        ),
        // Parameter mapping.
        case!("R-MAP-1", H, http_req("append:body.x", "$context.requestId"), http_req("append:header.x", "$context.requestId")),
        case!("R-MAP-2", H, http_req("append:header.x", "$request.foo.x"), http_req("append:header.x", "$request.header.x")),
        case!("R-MAP-3", H, http_req("append:header.x", "$request.body..x"), http_req("append:header.x", "$request.body.x")),
        case!("R-MAP-4", H, http_resp("200", "overwrite:path", "x"), http_resp("200", "overwrite:statuscode", "204")),
        case!("R-MAP-5", H, http_resp("700", "overwrite:statuscode", "204"), http_resp("500", "overwrite:statuscode", "204")),
        case!(
            "R-MAP-6",
            H,
            http_resp("200", "append:header.x", "$request.header.x"),
            http_resp("200", "append:header.x", "$response.header.x")
        ),
        case!("R-MAP-7", H, http_req("append:header.Authorization", "x"), http_req("append:header.X-Auth", "x")),
        case!(
            "R-MAP-8",
            H,
            format!("{}\nrequest_parameters = {{\n\"append:header.X-A\" = \"1\"\n\"append:header.x-a\" = \"2\"\n}}", http_proxy()),
            format!("{}\nrequest_parameters = {{\n\"append:header.X-A\" = \"1\"\n\"append:header.x-b\" = \"2\"\n}}", http_proxy())
        ),
        case!("R-MAP-9", H, http_req("remove:header.x", ""), http_req("remove:header.x", "''")),
        case!("R-MAP-10", H, private().replace("\"overwrite:path\" = \"$request.path\"", "\"append:header.x\" = \"1\""), private()),
        case!(
            "R-CTX-1",
            H,
            http_req("append:header.x-tenant", "$context.authorizer.claims.custom:tenant"),
            http_req("append:header.x-tenant", "$context.authorizer.claims.custom_tenant")
        ),
        case!("R-WSM-1", W, ws_req("append:header.x", "'v'"), ws_req("integration.request.header.x", "'v'")),
        case!("R-WSM-2", W, ws_req("integration.request.header.x", "static"), ws_req("integration.request.header.x", "'static'")),
    ]
}

#[test]
fn each_rule_fires_and_stays_silent() {
    let mut failures = Vec::new();
    for c in cases() {
        let bad = codes(c.bad.0, &c.bad.1);
        if !bad.iter().any(|k| k == c.code) {
            failures.push(format!("{} did not fire on:\n{}\n(got {bad:?})", c.code, c.bad.1));
        }
        let good = codes(c.good.0, &c.good.1);
        if good.iter().any(|k| k == c.code) {
            failures.push(format!("{} fired on the good config:\n{}", c.code, c.good.1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Each subtype: a missing required parameter and an unknown one fire its code; the
/// complete set is silent.
#[test]
fn every_subtype_checks_its_parameters() {
    for st in SUBTYPES {
        let params = |keys: &[&str]| keys.iter().map(|k| format!("\"{k}\" = \"$request.body.{k}\"")).collect::<Vec<_>>().join("\n");
        let body = |p: String| {
            wrap(&format!(
                "{API}\nintegration_type = \"AWS_PROXY\"\nintegration_subtype = \"{}\"\ncredentials_arn = aws_iam_role.r.arn\nrequest_parameters = {{\n{p}\n}}",
                st.name
            ))
        };
        let all: Vec<&str> = st.required.iter().chain(st.optional).copied().collect();
        let good = codes(H, &body(params(&all)));
        assert!(!good.iter().any(|c| c == st.code || c.starts_with("R-MAP") || c == "R-TYPE-4"), "{}: {good:?}", st.name);
        let missing = codes(H, &body(params(&st.required[1..])));
        assert!(missing.iter().any(|c| c == st.code), "{} missing {}: {missing:?}", st.name, st.required[0]);
        let mut extra = st.required.to_vec();
        extra.push("Bogus");
        let unknown = codes(H, &body(params(&extra)));
        assert_eq!(unknown.iter().filter(|c| *c == st.code).count(), 1, "{}: {unknown:?}", st.name);
    }
}

/// The subtype value rules judge static values only: the same parameters from the request,
/// from variables, or possibly null, are silent.
#[test]
fn subtype_values_are_judged_only_when_static() {
    let cases = [
        service(
            "EventBridge-PutEvents",
            &["\"Detail\" = var.detail", "\"DetailType\" = var.t", "\"Source\" = \"s\"", "\"EventBusName\" = var.bus"],
        ),
        service(
            "EventBridge-PutEvents",
            &[
                "\"Detail\" = \"$request.body.d\"",
                "\"DetailType\" = \"${context.requestId} x\"",
                "\"Source\" = \"s\"",
                "\"EventBusName\" = lookup(var.m, \"bus\", null)",
            ],
        ),
        service(
            "StepFunctions-StartExecution",
            &["\"StateMachineArn\" = var.m", "\"Name\" = \"$context.requestId\"", "\"Input\" = \"$request.body\""],
        ),
        sqs(&format!("{FIFO}\n\"MessageGroupId\" = var.group\n\"DelaySeconds\" = var.delay").replace("\"DelaySeconds\" = var.delay", "")),
        sqs("\"QueueUrl\" = var.url\n\"MessageBody\" = \"$request.body\"\n\"DelaySeconds\" = var.delay"),
        service("Kinesis-PutRecord", &["\"StreamName\" = \"s\"", "\"Data\" = \"$request.body\"", "\"PartitionKey\" = var.key"]),
    ];
    for c in cases {
        let got = codes(H, &wrap(&c));
        assert!(!got.iter().any(|c| c.starts_with("R-SUBV")), "{c}\n{got:?}");
    }
    // A map written as an expression says nothing about what it holds.
    let unknown = wrap(&format!(
        "{API}\nintegration_type = \"AWS_PROXY\"\nintegration_subtype = \"EventBridge-PutEvents\"\ncredentials_arn = aws_iam_role.r.arn\nrequest_parameters = var.params"
    ));
    let got = codes(H, &unknown);
    assert!(!got.iter().any(|c| c.starts_with("R-SUBV")), "{got:?}");
}

/// A VPC link's integration_uri names a listener: a load balancer's ARN, written or
/// referenced, is named as such with AWS's words; a listener, a qualified function ARN on
/// an HTTP API and unknown values are silent.
#[test]
fn load_balancer_instead_of_listener_and_qualified_invoke_arns() {
    let messages = |p, src: &str| -> Vec<String> {
        check_sources(&[&wrap(src)], p).findings.into_iter().map(|f| format!("{} {}", f.diagnostic.code, f.diagnostic.message)).collect()
    };
    for uri in [
        "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188\"",
        "aws_lb.shop.arn",
        "aws_alb.shop.arn",
    ] {
        let got = messages(H, &private().replace("aws_lb_listener.l.arn", uri));
        assert!(got.iter().any(|m| m.starts_with("R-URI-5") && m.contains("valid ELB listener ARN")), "{uri}: {got:?}");
    }
    for uri in ["aws_lb_listener.l.arn", "var.listener", "aws_service_discovery_service.s.arn"] {
        let got = messages(H, &private().replace("aws_lb_listener.l.arn", uri));
        assert!(!got.iter().any(|m| m.starts_with("R-URI-5")), "{uri}: {got:?}");
    }
    for uri in ["\"${aws_lambda_function.f.arn}:live\"", "var.uri", "\"${var.invoke}:live\"", "aws_lambda_function.f.qualified_invoke_arn"]
    {
        let got = messages(H, &lambda().replace("aws_lambda_function.f.invoke_arn", uri));
        assert!(!got.iter().any(|m| m.starts_with("R-URI-8")), "{uri}: {got:?}");
    }
    let ws = messages(W, &ws_lambda().replace("aws_lambda_function.f.invoke_arn", "\"${aws_lambda_alias.a.invoke_arn}:2\""));
    assert!(ws.iter().any(|m| m.starts_with("R-URI-8") && m.contains("`:2`")), "{ws:?}");
}

/// The rules that read the resources beside an integration follow only references written
/// in the files: a link that is a variable, or a resource not in the files, is silent; and
/// the `/*/*/*` source ARN is fine when no `$default` route invokes that function.
#[test]
fn rules_beside_the_integration_stay_silent_without_their_chain() {
    let got = |src: &str| codes(U, &wrap(src));
    let none = |src: String, code: &str| {
        let c = got(&src);
        assert!(!c.iter().any(|c| c == code), "{code} on:\n{src}\n{c:?}");
    };
    none(
        beside("aws_lambda_function.f.invoke_arn", &ROUTE.replace("${aws_apigatewayv2_integration.t.id}", "${var.integration}")),
        "R-RTE-1",
    );
    none(
        beside(
            "aws_lambda_function.f.invoke_arn",
            &ROUTE.replace("aws_apigatewayv2_integration.t.id", "aws_apigatewayv2_integration.other.id"),
        ),
        "R-RTE-1",
    );
    none(
        beside(
            "aws_lambda_function.f.invoke_arn",
            &format!("{}{}", ROUTE.replace("$default", "GET /x"), permission("aws_lambda_function.f.function_name", "/*/*/*", "")),
        ),
        "R-PERM-2",
    );
    none(
        beside("aws_lambda_function.f.invoke_arn", &format!("{ROUTE}{}", permission("aws_lambda_function.g.function_name", "/*/*/*", ""))),
        "R-PERM-2",
    );
    none(beside("aws_lambda_function.f.invoke_arn", &permission("var.function", "/*/*", "")), "R-PERM-3");
    none(beside("aws_lambda_function.f.invoke_arn", &permission("aws_lambda_function.f.function_name", "/*/*", "")), "R-PERM-3");
    none(
        beside(
            "aws_lambda_alias.live.invoke_arn",
            &permission("aws_lambda_alias.live.function_name", "/*/*", "").replace("apigateway.amazonaws.com", "events.amazonaws.com"),
        ),
        "R-PERM-3",
    );
    none(
        machine("StepFunctions-StartSyncExecution", "\"StateMachineArn\" = aws_sfn_state_machine.m.arn", "  type = var.type\n"),
        "R-SUBV-12",
    );
    none(machine("StepFunctions-StartSyncExecution", "\"StateMachineArn\" = aws_sfn_state_machine.other.arn", ""), "R-SUBV-12");
    // A published version needs the function's version as its qualifier.
    let c = got(&beside("aws_lambda_function.f.qualified_invoke_arn", &permission("aws_lambda_function.f.function_name", "/*/*", "")));
    assert!(c.iter().any(|c| c == "R-PERM-3"), "{c:?}");
    // Each finding is placed: the permission's at its source_arn, the integration's at it.
    let checked = check_sources(
        &[&wrap(&beside(
            "aws_lambda_function.f.invoke_arn",
            &format!("{ROUTE}{}", permission("aws_lambda_function.f.function_name", "/*/*/", "")),
        ))],
        U,
    );
    let at = |code: &str| {
        checked.findings.iter().find(|f| f.diagnostic.code == code).map(|f| (f.resource.clone(), f.diagnostic.pos.map(|p| p.line)))
    };
    assert_eq!(at("R-PERM-1"), Some(("aws_lambda_permission.p".to_string(), Some(19))));
    assert_eq!(at("R-RTE-1"), Some(("aws_apigatewayv2_integration.t".to_string(), Some(4))));
}

/// The per-API quota needs many integrations at once.
#[test]
fn quota_per_api() {
    let file = |n: usize, proto: &str| {
        let mut s = format!("resource \"aws_apigatewayv2_api\" \"a\" {{\n  protocol_type = \"{proto}\"\n}}\n");
        for k in 0..n {
            s.push_str(&format!(
                "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n{}\n}}\n",
                if proto == "HTTP" { http_proxy() } else { mock() }
            ));
        }
        s
    };
    let count = |src: &str, code: &str| check_sources(&[src], None).findings.iter().filter(|f| f.diagnostic.code == code).count();
    assert_eq!(count(&file(301, "HTTP"), "R-QTA-1"), 1);
    assert_eq!(count(&file(300, "HTTP"), "R-QTA-1"), 0);
    assert_eq!(count(&file(302, "WEBSOCKET"), "R-QTA-1b"), 2);
    assert_eq!(count(&file(300, "WEBSOCKET"), "R-QTA-1b"), 0);
    assert_eq!(count(&file(300, "WEBSOCKET"), "R-NAME-2"), 0);
}

#[test]
fn names_are_unique_per_configuration() {
    let one = wrap(&mock());
    let checked = check_sources(&[&one, &one], W);
    let dups: Vec<_> = checked.findings.iter().filter(|f| f.diagnostic.code == "R-NAME-2").collect();
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].source, 1);
    assert!(!check_sources(&[&one], W).findings.iter().any(|f| f.diagnostic.code == "R-NAME-2"));
}

#[test]
fn every_rule_in_the_table_is_tested() {
    let mut tested: Vec<&str> = cases().iter().map(|c| c.code).collect();
    tested.extend(SUBTYPES.iter().map(|s| s.code));
    tested.extend(["R-QTA-1", "R-QTA-1b", "R-NAME-2"]);
    // The conversion notes of src/aws.rs fire (and stay silent on clean input) in tests/aws.rs.
    tested.extend(["R-AWS-1", "R-AWS-2", "R-AWS-3", "R-AWS-4", "R-AWS-5"]);
    // Suppressions: src/suppress.rs's unit tests and tests/cli.rs; a reason, and the
    // configuration's forbidden codes: tests/gate.rs.
    tested.extend(["R-SUP-1", "R-SUP-2", "R-SUP-3"]);
    // Override files: tests/modules.rs.
    tested.push("R-OVR-1");
    // The emitter's self-check: no model reaches it with a problem (that is what the other
    // withholding rules are for), so it fires only on crafted text in src/hcl/emit.rs's
    // unit tests, and is silent on every rendered output here and in tests/security.rs.
    tested.push("R-EMIT-1");
    let untested: Vec<&str> = RULES.iter().map(|r| r.code).filter(|c| !tested.contains(c)).collect();
    assert!(untested.is_empty(), "rules without a firing/silent test: {untested:?}");
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), RULES.len(), "duplicate codes in the rule table");
}

/// The four documented examples, each under its protocol, have no errors.
#[test]
fn documented_examples_are_valid() {
    for (file, p) in [
        ("basic", W),
        ("lambda", W),
        ("aws_service_sqs", H),
        ("private", H),
        ("basic", U),
        ("lambda", U),
        ("aws_service_sqs", U),
        ("private", U),
    ] {
        let src = std::fs::read_to_string(format!("tests/fixtures/docs/{file}.tf")).unwrap();
        let errors: Vec<String> =
            check_sources(&[&src], p).findings.into_iter().filter(|f| f.diagnostic.is_error()).map(|f| f.diagnostic.to_string()).collect();
        assert!(errors.is_empty(), "{file} ({p:?}): {errors:#?}");
    }
}

/// All problems are reported, not just the first.
#[test]
fn reports_everything_at_once() {
    let src = wrap(
        "integration_type = \"HTTP\"\ntimeout_milliseconds = 99999\npassthrough_behavior = \"x\"\nrequest_parameters = {\n\"bad\" = \"\"\n}",
    );
    let got = codes(H, &src);
    for want in ["R-SCH-1", "R-TYPE-1", "R-TMO-1", "R-SCH-12", "R-WSO-2", "R-METH-1", "R-URI-4", "R-MAP-1", "R-LEN-1"] {
        assert!(got.iter().any(|c| c == want), "{want} missing from {got:?}");
    }
}

/// Every diagnostic code is in the table, with the table's severity.
#[test]
fn diagnostics_use_table_codes() {
    for c in cases() {
        for (p, input) in [&c.bad, &c.good] {
            if input.starts_with('{') {
                continue;
            }
            for f in check_sources(&[input], *p).findings {
                let r = apigw_integration_core::rules::rule(&f.diagnostic.code);
                assert_eq!(r.map(|r| r.severity), Some(f.diagnostic.severity), "{}", f.diagnostic.code);
                assert!(f.diagnostic.pos.is_some());
            }
        }
    }
}

/// Every code the source makes a diagnostic with is in the rule table (a code outside it
/// would have no severity of its own, no text in the rules reference and no SARIF rule).
#[test]
fn every_code_in_the_source_is_in_the_table() {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                // Test modules sit at the ends of files, and may use made-up codes.
                let code_part = text.split("#[cfg(test)]").next().unwrap_or("");
                for piece in code_part.split("\"R-").skip(1) {
                    let code: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                    if piece[code.len()..].starts_with('"') {
                        out.push(format!("R-{code}"));
                    }
                }
            }
        }
    }
    let mut used = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut used);
    used.sort();
    used.dedup();
    let missing: Vec<&String> = used.iter().filter(|c| apigw_integration_core::rules::rule(c).is_none()).collect();
    assert!(used.len() > 90, "{used:?}");
    assert!(missing.is_empty(), "codes used but not in the rule table: {missing:?}");
}

/// The severity policy (README, "Severities"): `error` = Terraform or AWS rejects it;
/// `warning` = accepted, with a documented consequence, which its `why` names; `info` =
/// everything else (what the builder cannot judge, reminders).
#[test]
fn severity_policy_every_warning_names_its_consequence() {
    const CONSEQUENCES: &[&str] =
        &["diff", "drift", "fail", "reject", "no effect", "runtime", "500", "runs a command", "connection", "skipped", "error", "plan"];
    let vague: Vec<&str> = RULES
        .iter()
        .filter(|r| r.severity == apigw_integration_core::Severity::Warning)
        .filter(|r| {
            let why = r.why.to_lowercase();
            !CONSEQUENCES.iter().any(|c| why.contains(c))
        })
        .map(|r| r.code)
        .collect();
    assert!(vague.is_empty(), "warnings whose `why` names no consequence: {vague:?}");
    for code in ["R-HCL-4", "R-HCL-6", "R-HCL-8"] {
        assert_eq!(apigw_integration_core::rules::rule(code).map(|r| r.severity), Some(apigw_integration_core::Severity::Info), "{code}");
    }
}

/// `ALL` lists every severity, most severe first (a new severity does not compile in
/// this match until it is given its place).
#[test]
fn all_severities_most_severe_first() {
    use apigw_integration_core::Severity;
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let rank = match s {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        assert_eq!(Severity::ALL.get(rank), Some(&s));
    }
    assert_eq!(Severity::ALL.len(), 3);
    assert!(Severity::ALL.is_sorted(), "Ord is most severe first");
}

/// R-CTX-1 in each place an HTTP API mapping value is read, in both variable forms, and
/// silent where the name is unknown or the character is not in a `$context.` name.
#[test]
fn context_variable_names() {
    let h = Some(Protocol::Http);
    let fires = [
        http_req("append:header.x", "$context.authorizer.claims['custom:tenant']"),
        http_req("append:header.x", "tenant-$${context.authorizer.claims.custom:tenant}"),
        http_req("append:header.x", "$context.authorizer.x-user"),
        http_resp("200", "append:header.x", "$context.authorizer.claims.cognito:groups"),
        sqs(&format!("{SQS_OK}\n\"MessageGroupId\" = \"$context.authorizer.claims.custom:org\"")),
    ];
    for input in &fires {
        assert!(codes(h, &wrap(input)).iter().any(|c| c == "R-CTX-1"), "{input}");
    }
    let silent = [
        http_req("append:header.x", "$context.authorizer.claims.sub"),
        http_req("append:header.x", "$context.request_id"),
        http_req("append:header.x", "$${context.requestId}-$${context.stage}"),
        // Static text around a `$` without braces: where AWS ends the name is not known.
        http_req("append:header.x", "custom:tenant"),
        http_resp("200", "append:header.x", "$stageVariables.env"),
        sqs(SQS_OK),
        // A reference: the value is not known here.
        format!("{}\nrequest_parameters = {{\n\"append:header.x\" = var.claim\n}}", http_proxy()),
    ];
    for input in &silent {
        assert!(!codes(h, &wrap(input)).iter().any(|c| c == "R-CTX-1"), "{input}");
    }
    // WebSocket values have their own grammar (R-WSM-2); R-CTX-1 is the HTTP API's.
    assert!(
        !codes(Some(Protocol::WebSocket), &wrap(&ws_req("integration.request.header.x", "context.authorizer.x-y")))
            .iter()
            .any(|c| c == "R-CTX-1")
    );
}

/// A permission whose function_name is itself qualified (a version's or alias's ARN, or
/// `NAME:QUALIFIER`) covers that version or alias without a `qualifier` argument: R-PERM-3
/// judges only a function_name known to name the function unqualified.
#[test]
fn a_qualified_function_name_needs_no_qualifier() {
    for function in [
        "aws_lambda_function.f.qualified_arn",
        "\"${aws_lambda_function.f.function_name}:${aws_lambda_function.f.version}\"",
        "\"${aws_lambda_function.f.arn}:3\"",
    ] {
        let src = wrap(&beside("aws_lambda_function.f.qualified_invoke_arn", &permission(function, "/*/*", "")));
        let c = codes(U, &src);
        assert!(!c.iter().any(|c| c == "R-PERM-3"), "{function}: {c:?}");
    }
    let alias = wrap(&beside(
        "aws_lambda_alias.live.invoke_arn",
        &permission("\"${aws_lambda_alias.live.function_name}:${aws_lambda_alias.live.name}\"", "/*/*", ""),
    ));
    assert!(!codes(U, &alias).iter().any(|c| c == "R-PERM-3"));
    // A second permission that names the version or alias itself covers it: the first,
    // unqualified one is not the only way in.
    let second = |function: &str| {
        format!(
            "resource \"aws_lambda_permission\" \"q\" {{\n  action = \"lambda:InvokeFunction\"\n  function_name = {function}\n  principal = \"apigateway.amazonaws.com\"\n}}\n"
        )
    };
    for (uri, first, other) in [
        ("aws_lambda_alias.live.invoke_arn", "aws_lambda_alias.live.function_name", "aws_lambda_alias.live.arn"),
        ("aws_lambda_alias.live.invoke_arn", "aws_lambda_alias.live.function_name", "\"${aws_lambda_function.f.function_name}:live\""),
        ("aws_lambda_function.f.qualified_invoke_arn", "aws_lambda_function.f.function_name", "aws_lambda_function.f.qualified_arn"),
        ("aws_lambda_function.f.qualified_invoke_arn", "aws_lambda_function.f.function_name", "var.qualified"),
    ] {
        let src = wrap(&beside(uri, &format!("{}{}", permission(first, "/*/*", ""), second(other))));
        let c = codes(U, &src);
        assert!(!c.iter().any(|c| c == "R-PERM-3"), "{uri} + {other}: {c:?}");
    }
    // One for another function's version does not cover it.
    let src = wrap(&beside(
        "aws_lambda_function.f.qualified_invoke_arn",
        &format!("{}{}", permission("aws_lambda_function.f.function_name", "/*/*", ""), second("aws_lambda_function.g.qualified_arn")),
    ));
    assert!(codes(U, &src).iter().any(|c| c == "R-PERM-3"));
    // The function itself, by name, ARN or id, still needs it.
    for function in ["aws_lambda_function.f.function_name", "aws_lambda_function.f.arn", "\"${aws_lambda_function.f.id}\""] {
        let src = wrap(&beside("aws_lambda_function.f.qualified_invoke_arn", &permission(function, "/*/*", "")));
        assert!(codes(U, &src).iter().any(|c| c == "R-PERM-3"), "{function}");
    }
}

/// R-PERM-2 says the `$default` route's calls fail: not when another permission for the
/// function may allow them (one for `…/$default`, one without source_arn, or one whose
/// function or source_arn is not known here).
#[test]
fn another_permission_may_cover_the_default_route() {
    let second = |function: &str, source_arn: Option<&str>| {
        let arn = source_arn.map_or(String::new(), |a| format!("  source_arn = \"${{aws_apigatewayv2_api.a.execution_arn}}{a}\"\n"));
        format!(
            "resource \"aws_lambda_permission\" \"q\" {{\n  action = \"lambda:InvokeFunction\"\n  function_name = {function}\n  principal = \"apigateway.amazonaws.com\"\n{arn}}}\n"
        )
    };
    let with = |extra: &str| {
        wrap(&beside(
            "aws_lambda_function.f.invoke_arn",
            &format!("{ROUTE}{}{extra}", permission("aws_lambda_function.f.function_name", "/*/*/*", "")),
        ))
    };
    let f = "aws_lambda_function.f.function_name";
    for extra in [second(f, Some("/*/$default")), second(f, None), second("var.function", Some("/*/*")), second(f, Some("${var.tail}"))] {
        let c = codes(U, &with(&extra));
        assert!(!c.iter().any(|c| c == "R-PERM-2"), "{extra}\n{c:?}");
    }
    // One for another function, or one that does not match `$default` either: still said.
    for extra in [second("aws_lambda_function.g.function_name", Some("/*/*")), second(f, Some("/*/*/*"))] {
        let c = codes(U, &with(&extra));
        assert!(c.iter().any(|c| c == "R-PERM-2"), "{extra}\n{c:?}");
    }
}

/// An override file (`*_override.tf`) may change a route, a permission or a state machine:
/// the rules beside the integration do not judge a resource an override file also declares.
#[test]
fn neighbours_changed_by_an_override_file_are_not_judged() {
    use apigw_integration_core::check::{Source, check_configuration};
    let base = wrap(&machine("StepFunctions-StartSyncExecution", "\"StateMachineArn\" = aws_sfn_state_machine.m.arn", ""));
    let alone = check_configuration(&[Source { name: "main.tf", text: &base }], H, &[]);
    assert!(alone.findings.iter().any(|f| f.diagnostic.code == "R-SUBV-12"));
    let over = "resource \"aws_sfn_state_machine\" \"m\" {\n  type = \"EXPRESS\"\n}\n";
    let files = [Source { name: "main.tf", text: &base }, Source { name: "sfn_override.tf", text: over }];
    let checked = check_configuration(&files, H, &[]);
    assert!(!checked.findings.iter().any(|f| f.diagnostic.code == "R-SUBV-12"), "{:?}", checked.findings);
    let perm = wrap(&beside("aws_lambda_alias.live.invoke_arn", &permission("aws_lambda_alias.live.function_name", "/*/*/", "")));
    let over = "resource \"aws_lambda_permission\" \"p\" {\n  qualifier = aws_lambda_alias.live.name\n  source_arn = \"${aws_apigatewayv2_api.a.execution_arn}/*/*\"\n}\n";
    let files = [Source { name: "main.tf", text: &perm }, Source { name: "override.tf", text: over }];
    let checked = check_configuration(&files, U, &[]);
    assert!(!checked.findings.iter().any(|f| f.diagnostic.code.starts_with("R-PERM")), "{:?}", checked.findings);
}

/// A subtype on a WebSocket API is refused for the subtype (R-TYPE-4); its values are not an
/// HTTP API's mapping values, so R-CTX-1 and the HTTP value grammar (R-MAP-2/3) stay silent.
#[test]
fn subtype_values_on_a_websocket_api_are_not_http_mappings() {
    let src = wrap(&sqs(&format!(
        "{SQS_OK}\n\"MessageGroupId\" = \"$context.authorizer.claims.custom:org\"\n\"MessageDeduplicationId\" = \"$request.foo\""
    )));
    let ws = codes(W, &src);
    assert!(ws.iter().any(|c| c == "R-TYPE-4"), "{ws:?}");
    assert!(!ws.iter().any(|c| c == "R-CTX-1" || c == "R-MAP-2"), "{ws:?}");
    // On an HTTP API, or one whose protocol is unknown (a subtype is HTTP-only), both are said.
    for p in [H, U] {
        let got = codes(p, &src);
        assert!(got.iter().any(|c| c == "R-CTX-1") && got.iter().any(|c| c == "R-MAP-2"), "{p:?}: {got:?}");
    }
}

/// R-CTX-1's message quotes the variable with what cannot be seen shown as escapes, and,
/// for a variable written without braces, shows the braced form that ends the name before
/// the character (static text or a second variable after it).
#[test]
fn context_variable_messages() {
    let message = |value: &str| -> String {
        let found = check_sources(&[&wrap(&http_req("append:header.x", value))], H).findings;
        found.into_iter().find(|f| f.diagnostic.code == "R-CTX-1").map(|f| f.diagnostic.message).unwrap_or_default()
    };
    let m = message("$context.authorizer.claims.x\\u202e:y");
    assert!(m.contains("x\\u{202e}:y") && !m.contains('\u{202e}'), "{m}");
    let m = message("$${context.authorizer.claims.x\\u200b:y}");
    assert!(m.contains("x\\u{200b}:y") && !m.contains('\u{200b}'), "{m}");
    let m = message("$context.requestId-v1");
    assert!(m.contains("`${context.requestId}-v1`"), "{m}");
    assert!(!m.contains("claim"), "only an authorizer's names are claims: {m}");
    let m = message("$context.identity.sourceIp,$context.requestId");
    assert!(m.contains("write each in `${…}` form") && !m.contains("If the name ends"), "{m}");
    // The HTTP value grammar's other messages quote the same way.
    let found = check_sources(&[&wrap(&http_req("append:header.x", "$${request.nope\\u202e}"))], H).findings;
    let m = found.iter().find(|f| f.diagnostic.code == "R-MAP-2").map(|f| f.diagnostic.message.as_str()).unwrap_or_default();
    assert!(m.contains("nope\\u{202e}") && !m.contains('\u{202e}'), "{m}");
    // An authorizer's name is a claim or property: the claim advice, not the hint.
    let m = message("$context.authorizer.claims['custom:tenant']");
    assert!(m.contains("claim") && !m.contains("If the name ends"), "{m}");
    // The braced form already ends the name: no such hint; a claim is named as one.
    let m = message("$${context.authorizer.claims.custom:tenant}");
    assert!(m.contains("claim") && !m.contains("If the name ends"), "{m}");
}

/// A `${context.…}` variable written whole in a template's literal text has a known name,
/// whatever the template's holes hold; a name a hole ends, or any other part of the value,
/// is not judged.
#[test]
fn context_variable_names_in_templates() {
    let fires =
        ["\"$${context.authorizer.claims.custom:tenant}-${var.suffix}\"", "\"${var.prefix}/$${context.authorizer.claims['custom:org']}\""];
    for value in fires {
        let src = wrap(&format!("{}\nrequest_parameters = {{\n\"append:header.x\" = {value}\n}}", http_proxy()));
        assert!(codes(H, &src).iter().any(|c| c == "R-CTX-1"), "{value}");
    }
    let silent = [
        "\"$context.authorizer.claims.${var.claim}\"",
        "\"$${context.authorizer.claims.${var.claim}}\"",
        "\"$${context.authorizer.claims.custom${var.sep}tenant}\"",
        "\"$${context.requestId}-${var.suffix}\"",
        // May be null: the entry may not be sent.
        "try(\"$${context.authorizer.claims.custom:x}-${var.y}\", null)",
    ];
    for value in silent {
        let src = wrap(&format!("{}\nrequest_parameters = {{\n\"append:header.x\" = {value}\n}}", http_proxy()));
        let got = codes(H, &src);
        assert!(!got.iter().any(|c| c == "R-CTX-1"), "{value}: {got:?}");
    }
    // Not on a WebSocket API.
    let ws = wrap(&ws_req("integration.request.header.x", "$${context.a:b}-${var.x}"));
    assert!(!codes(W, &ws).iter().any(|c| c == "R-CTX-1"));
}

/// An empty subtype value is refused when the integration is created (R-LEN-1): no call
/// ever runs, so the R-SUBV rules, which say how calls fail at run time, stay silent on it.
#[test]
fn empty_subtype_values_are_r_len_1_only() {
    let cases = [
        service("StepFunctions-StartExecution", &["\"StateMachineArn\" = var.m", "\"Name\" = \"\"", "\"Input\" = \"\""]),
        service("EventBridge-PutEvents", &["\"Detail\" = \"\"", "\"DetailType\" = \"t\"", "\"Source\" = \"s\"", "\"EventBusName\" = \"\""]),
        sqs(&format!("{FIFO}\n\"MessageGroupId\" = \"g\"\n\"DelaySeconds\" = \"\"")),
    ];
    for c in cases {
        let got = codes(H, &wrap(&c));
        assert!(got.iter().any(|c| c == "R-LEN-1"), "{c}\n{got:?}");
        assert!(!got.iter().any(|c| c.starts_with("R-SUBV")), "{c}\n{got:?}");
    }
}

/// A source_arn ending in `/GET/` is the route `GET /` itself, a permission scoped to the
/// root route on purpose: R-PERM-1 is for a wildcard method before the `/` (`…/*/*/`).
#[test]
fn a_permission_for_the_root_route_is_not_a_trailing_slash_trap() {
    for tail in ["/*/GET/", "/prod/POST/", "/*/ANY/"] {
        let c = codes(U, &wrap(&beside("aws_lambda_function.f.invoke_arn", &permission("aws_lambda_function.f.function_name", tail, ""))));
        assert!(!c.iter().any(|c| c == "R-PERM-1"), "{tail}: {c:?}");
    }
    for tail in ["/*/*/", "/", "/*/"] {
        let c = codes(U, &wrap(&beside("aws_lambda_function.f.invoke_arn", &permission("aws_lambda_function.f.function_name", tail, ""))));
        assert!(c.iter().any(|c| c == "R-PERM-1"), "{tail}: {c:?}");
    }
}

/// A message quotes at most an excerpt of a long value (as R-EXPR-1 does): a 100 KB value
/// does not make a 100 KB message.
#[test]
fn long_values_are_quoted_as_excerpts() {
    let long = "x".repeat(100_000);
    let cases = [
        (service("StepFunctions-StartExecution", &["\"StateMachineArn\" = var.m", &format!("\"Input\" = \"{long}\"")]), "R-SUBV-6"),
        (service("StepFunctions-StartExecution", &["\"StateMachineArn\" = var.m", &format!("\"Name\" = \"{long}\"")]), "R-SUBV-5"),
        (http_req("append:header.x", &format!("$context.authorizer.claims.custom:{long}")), "R-CTX-1"),
        (http_req("append:header.x", &format!("$${{context.authorizer.claims.custom:{long}}}")), "R-CTX-1"),
        (http_req("append:header.x", &format!("$request.nope.{long}")), "R-MAP-2"),
    ];
    for (src, code) in cases {
        let found = check_sources(&[&wrap(&src)], H).findings;
        let m = found.iter().find(|f| f.diagnostic.code == code).map(|f| f.diagnostic.message.clone());
        let m = m.unwrap_or_else(|| panic!("{code} not found"));
        assert!(m.len() < 1_000 && m.contains("(100"), "{code}: {} bytes", m.len());
    }
}

/// R-URI-8 and R-URI-5 quote what was written with what cannot be seen shown as escapes.
#[test]
fn uri_messages_quote_what_cannot_be_seen() {
    let messages = |p, src: &str| -> Vec<String> {
        check_sources(&[&wrap(src)], p).findings.into_iter().map(|f| format!("{} {}", f.diagnostic.code, f.diagnostic.message)).collect()
    };
    let got = messages(H, &lambda().replace("aws_lambda_function.f.invoke_arn", "\"${aws_lambda_function.f.invoke_arn}:li\\u202eve\""));
    let m = got.iter().find(|m| m.starts_with("R-URI-8")).expect("R-URI-8");
    assert!(m.contains("li\\u{202e}ve") && !m.contains('\u{202e}'), "{m}");
    let lb = "\"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/sh\u{202e}op/50dc6c495c0c9188\"";
    let got = messages(H, &private().replace("aws_lb_listener.l.arn", lb));
    let m = got.iter().find(|m| m.starts_with("R-URI-5")).expect("R-URI-5");
    assert!(m.contains("sh\\u{202e}op") && !m.contains('\u{202e}'), "{m}");
    // An expression's own quotes stay as written.
    let got = messages(H, &private().replace("aws_lb_listener.l.arn", "\"https://${var.host}\""));
    let m = got.iter().find(|m| m.starts_with("R-URI-5")).expect("R-URI-5");
    assert!(m.contains("`\"https://${var.host}\"`"), "{m}");
}

/// A subtype on a WebSocket API is refused when the integration is created (R-TYPE-4): the
/// rules about what its calls would do at run time (R-SUBV, R-PIT-7) are not said there.
#[test]
fn subtype_run_time_rules_are_silent_on_a_websocket_api() {
    let src = wrap(&sqs(&format!("{FIFO}\n\"DelaySeconds\" = \"5\"\n\"MessageAttributes\" = \"{{}}\"")));
    let http = codes(H, &src);
    for code in ["R-SUBV-8", "R-SUBV-9", "R-PIT-7"] {
        assert!(http.iter().any(|c| c == code), "{code}: {http:?}");
    }
    let ws = codes(W, &src);
    assert!(ws.iter().any(|c| c == "R-TYPE-4"), "{ws:?}");
    assert!(!ws.iter().any(|c| c.starts_with("R-SUBV") || c == "R-PIT-7"), "{ws:?}");
    let sync = wrap(&machine("StepFunctions-StartSyncExecution", "\"StateMachineArn\" = aws_sfn_state_machine.m.arn", ""));
    assert!(codes(H, &sync).iter().any(|c| c == "R-SUBV-12"));
    let ws = codes(W, &sync);
    assert!(ws.iter().any(|c| c == "R-TYPE-4") && !ws.iter().any(|c| c == "R-SUBV-12"), "{ws:?}");
}

/// A route that may not exist (`count = 0`, `count = var.enabled ? 1 : 0`, `for_each` over a
/// variable) is not known to target the integration: R-RTE-1 and R-PERM-2 stay silent; a
/// literal count of 1 or a literal map is judged.
#[test]
fn a_route_that_may_not_exist_targets_nothing_known() {
    let route =
        |meta: &str| ROUTE.replace("  api_id = aws_apigatewayv2_api.a.id\n", &format!("{meta}  api_id = aws_apigatewayv2_api.a.id\n"));
    let perm = permission("aws_lambda_function.f.function_name", "/*/*/*", "");
    for meta in ["  count = 0\n", "  count = var.enabled ? 1 : 0\n", "  for_each = var.routes\n", "  for_each = {}\n"] {
        let c = codes(U, &wrap(&beside("aws_lambda_function.f.invoke_arn", &format!("{}{perm}", route(meta)))));
        assert!(!c.iter().any(|c| c == "R-RTE-1" || c == "R-PERM-2"), "{meta}: {c:?}");
    }
    for meta in ["", "  count = 1\n", "  for_each = { a = 1 }\n"] {
        let c = codes(U, &wrap(&beside("aws_lambda_function.f.invoke_arn", &format!("{}{perm}", route(meta)))));
        assert!(c.iter().any(|c| c == "R-RTE-1") && c.iter().any(|c| c == "R-PERM-2"), "{meta}: {c:?}");
    }
}

/// A subtype set by an expression that may be null (`var.subtype`) may or may not be set:
/// the keys' grammar (a subtype's parameter names, or `append:header.NAME`…) is not known,
/// so R-MAP-1 stays silent; the value grammar, the same for both, is still judged.
#[test]
fn an_unknown_subtype_leaves_the_keys_unjudged() {
    let src = wrap(&format!(
        "{API}\nintegration_type = \"AWS_PROXY\"\nintegration_subtype = var.subtype\ncredentials_arn = aws_iam_role.r.arn\nrequest_parameters = {{\n\"QueueUrl\" = \"https://sqs.us-east-1.amazonaws.com/123456789012/q\"\n\"MessageBody\" = \"$context.authorizer.claims.custom:x\"\n\"remove:header.y\" = \"''\"\n}}"
    ));
    let got = codes(H, &src);
    assert!(!got.iter().any(|c| c == "R-MAP-1"), "{got:?}");
    assert!(got.iter().any(|c| c == "R-CTX-1"), "{got:?}");
}

/// R-RTE-1 reads the lifecycle block as HCL: a commented-out `create_before_destroy = true`
/// sets nothing, and `= false` is not `true`.
#[test]
fn a_commented_out_create_before_destroy_sets_nothing() {
    let with =
        |lifecycle: &str| {
            wrap(&beside("aws_lambda_function.f.invoke_arn", ROUTE).replace(
                "payload_format_version = \"2.0\"\n",
                &format!("payload_format_version = \"2.0\"\n  lifecycle {{\n{lifecycle}  }}\n"),
            ))
        };
    for lifecycle in ["    # create_before_destroy = true\n    prevent_destroy = false\n", "    create_before_destroy = false\n"] {
        let c = codes(U, &with(lifecycle));
        assert!(c.iter().any(|c| c == "R-RTE-1"), "{lifecycle}: {c:?}");
    }
    for lifecycle in ["    create_before_destroy = true # keep\n", "    create_before_destroy=true\n"] {
        let c = codes(U, &with(lifecycle));
        assert!(!c.iter().any(|c| c == "R-RTE-1"), "{lifecycle}: {c:?}");
    }
}

/// A QueueUrl Terraform computes from a template whose text after the last hole ends in
/// `.fifo` is a FIFO queue's: R-SUBV-9 and R-SUBV-8 judge it; a hole at the end says nothing.
#[test]
fn a_templated_fifo_queue_url_is_a_fifo_queue() {
    let url = "\"QueueUrl\" = \"https://sqs.${var.region}.amazonaws.com/${var.account}/orders.fifo\"\n\"MessageBody\" = \"$request.body\"";
    let got = codes(H, &wrap(&sqs(url)));
    assert!(got.iter().any(|c| c == "R-SUBV-9"), "{got:?}");
    let got = codes(H, &wrap(&sqs(&format!("{url}\n\"MessageGroupId\" = \"g\"\n\"DelaySeconds\" = \"5\""))));
    assert!(got.iter().any(|c| c == "R-SUBV-8") && !got.iter().any(|c| c == "R-SUBV-9"), "{got:?}");
    for url in [
        "\"QueueUrl\" = \"https://sqs.us-east-1.amazonaws.com/123456789012/${var.queue}\"",
        "\"QueueUrl\" = \"https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo${var.suffix}\"",
        "\"QueueUrl\" = try(\"https://sqs.us-east-1.amazonaws.com/${var.a}/orders.fifo\", null)",
    ] {
        let got = codes(H, &wrap(&sqs(&format!("{url}\n\"MessageBody\" = \"$request.body\""))));
        assert!(!got.iter().any(|c| c == "R-SUBV-9"), "{url}: {got:?}");
    }
}

/// The rules beside the integration name resources by their labels, which HCL lets hold any
/// text (`"r\u202eevil\nline"`): a message shows it through `diag::visible`.
#[test]
fn neighbour_messages_quote_labels() {
    let route = ROUTE.replace("\"aws_apigatewayv2_route\" \"r\"", "\"aws_apigatewayv2_route\" \"r\\u202eevil\\nline\"");
    let found = check_sources(&[&wrap(&beside("aws_lambda_function.f.invoke_arn", &route))], U).findings;
    let m = found.iter().find(|f| f.diagnostic.code == "R-RTE-1").map(|f| f.diagnostic.message.clone()).expect("R-RTE-1");
    assert!(!m.contains('\u{202e}') && !m.contains('\n') && m.contains("r\\u{202e}evil\\nline"), "{m}");
}
