#![allow(dead_code)] // Each benchmark uses part of it.

//! Generated Terraform for the benchmarks: integrations of every common shape (Lambda
//! proxy, HTTP proxy, private, SQS and other service subtypes, MOCK, WebSocket AWS with
//! templates, for_each over a literal map), with the APIs, routes and Lambda functions
//! around them, and a problem in every fourth integration.

/// One integration of shape `k % 6`, named `i{k}`, on API `api`.
pub fn integration(k: usize, api: &str, websocket: bool) -> String {
    let bad = k.is_multiple_of(4);
    let timeout = if bad { 45_000 } else { 29_000 };
    if websocket {
        return match k % 3 {
            0 => format!(
                "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id                    = aws_apigatewayv2_api.{api}.id\n  integration_type          = \"AWS\"\n  integration_method        = \"POST\"\n  integration_uri           = aws_lambda_function.f{k}.invoke_arn\n  content_handling_strategy = \"CONVERT_TO_TEXT\"\n  passthrough_behavior      = \"WHEN_NO_MATCH\"\n  timeout_milliseconds      = {timeout}\n\n  request_templates = {{\n    \"application/json\" = jsonencode({{ action = \"$request.body.action\", id = \"$context.connectionId\" }})\n  }}\n  template_selection_expression = \"\\\\$default\"\n}}\n"
            ),
            1 => format!(
                "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id           = aws_apigatewayv2_api.{api}.id\n  integration_type = \"MOCK\"\n  description      = \"Mock {k} for ${{var.stage}}\"\n\n  request_templates = {{\n    \"application/json\" = \"{{\\\"statusCode\\\": 200}}\"\n  }}\n}}\n"
            ),
            _ => format!(
                "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id             = aws_apigatewayv2_api.{api}.id\n  integration_type   = \"HTTP_PROXY\"\n  integration_method = \"{}\"\n  integration_uri    = \"https://backend.example.com/ws/{k}\"\n}}\n",
                if bad { "FETCH" } else { "POST" }
            ),
        };
    }
    match k % 6 {
        0 => format!(
            "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id                 = aws_apigatewayv2_api.{api}.id\n  integration_type       = \"AWS_PROXY\"\n  integration_uri        = aws_lambda_function.f{k}.invoke_arn\n  integration_method     = \"{}\"\n  payload_format_version = \"2.0\"\n  timeout_milliseconds   = {timeout}\n}}\n\nresource \"aws_lambda_function\" \"f{k}\" {{\n  function_name = \"f{k}\"\n  role          = aws_iam_role.lambda.arn\n  handler       = \"index.handler\"\n  runtime       = \"nodejs20.x\"\n  filename      = \"f.zip\"\n}}\n",
            if bad { "GET" } else { "POST" }
        ),
        1 => format!(
            "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id             = aws_apigatewayv2_api.{api}.id\n  integration_type   = \"HTTP_PROXY\"\n  integration_method = \"ANY\"\n  integration_uri    = \"https://${{var.host}}/{k}/{{proxy}}\"\n\n  request_parameters = {{\n    \"append:header.x-request-id\" = \"$context.requestId\"\n    \"overwrite:path\"             = \"$request.path\"\n  }}\n\n  response_parameters {{\n    status_code = 500\n\n    mappings = {{\n      \"overwrite:statuscode\" = \"503\"\n    }}\n  }}\n}}\n"
        ),
        2 => format!(
            "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id           = aws_apigatewayv2_api.{api}.id\n  credentials_arn  = aws_iam_role.example.arn\n  description      = \"Private integration {k}\"\n  integration_type = \"HTTP_PROXY\"\n  integration_uri  = aws_lb_listener.example.arn\n\n  integration_method   = \"ANY\"\n  connection_type      = \"VPC_LINK\"\n  connection_id        = aws_apigatewayv2_vpc_link.example.id\n  timeout_milliseconds = {timeout}\n\n  tls_config {{\n    server_name_to_verify = \"example.com\"\n  }}\n}}\n"
        ),
        3 => format!(
            "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id              = aws_apigatewayv2_api.{api}.id\n  credentials_arn     = aws_iam_role.sqs.arn\n  integration_type    = \"AWS_PROXY\"\n  integration_subtype = \"SQS-SendMessage\"\n\n  request_parameters = {{\n    QueueUrl    = aws_sqs_queue.q{k}.url\n    MessageBody = \"$request.body\"{}\n  }}\n}}\n",
            if bad { "\n    Bogus       = \"x\"" } else { "" }
        ),
        4 => format!(
            "locals {{\n  routes{k} = {{\n    get  = {{ method = \"GET\", path = \"/items\" }}\n    post = {{ method = \"POST\", path = \"/items\" }}\n  }}\n}}\n\nresource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  for_each = local.routes{k}\n\n  api_id             = aws_apigatewayv2_api.{api}.id\n  integration_type   = \"HTTP_PROXY\"\n  integration_method = each.value.method\n  integration_uri    = \"https://backend.example.com${{each.value.path}}\"\n  description        = \"Route ${{each.key}}\"\n}}\n"
        ),
        _ => format!(
            "resource \"aws_apigatewayv2_integration\" \"i{k}\" {{\n  api_id              = aws_apigatewayv2_api.{api}.id\n  credentials_arn     = aws_iam_role.events.arn\n  integration_type    = \"AWS_PROXY\"\n  integration_subtype = \"EventBridge-PutEvents\"\n\n  request_parameters = {{\n    Detail       = \"$request.body\"\n    DetailType   = \"Order\"\n    Source       = \"shop.orders\"\n    EventBusName = aws_cloudwatch_event_bus.orders.name\n  }}\n}}\n\nresource \"aws_apigatewayv2_route\" \"r{k}\" {{\n  api_id    = aws_apigatewayv2_api.{api}.id\n  route_key = \"POST /orders/{k}\"\n  target    = \"integrations/${{aws_apigatewayv2_integration.i{k}.id}}\"\n}}\n"
        ),
    }
}

/// An API block.
pub fn api(name: &str, websocket: bool) -> String {
    if websocket {
        format!(
            "resource \"aws_apigatewayv2_api\" \"{name}\" {{\n  name                       = \"{name}\"\n  protocol_type              = \"WEBSOCKET\"\n  route_selection_expression = \"$request.body.action\"\n}}\n"
        )
    } else {
        format!("resource \"aws_apigatewayv2_api\" \"{name}\" {{\n  name          = \"{name}\"\n  protocol_type = \"HTTP\"\n}}\n")
    }
}

/// One file of 1 MB or a little more: 4 HTTP APIs and as many integrations as it takes.
pub fn one_megabyte() -> String {
    let mut s = String::new();
    for a in 0..4 {
        s.push_str(&api(&format!("a{a}"), false));
        s.push('\n');
    }
    let mut k = 0;
    while s.len() < 1_000_000 {
        s.push_str(&integration(k, &format!("a{}", k % 4), false));
        s.push('\n');
        k += 1;
    }
    s
}
