# An HTTP API with three integrations: a Lambda proxy, an SQS service integration and a
# private integration through a VPC link. `./scripts/run` lints this directory.

resource "aws_apigatewayv2_api" "orders" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id           = aws_apigatewayv2_api.orders.id
  integration_type = "AWS_PROXY"

  description            = "Orders Lambda"
  integration_method     = "POST"
  integration_uri        = aws_lambda_function.orders.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_integration" "enqueue" {
  api_id              = aws_apigatewayv2_api.orders.id
  credentials_arn     = aws_iam_role.apigw_sqs.arn
  description         = "Enqueue an order"
  integration_type    = "AWS_PROXY"
  integration_subtype = "SQS-SendMessage"

  request_parameters = {
    "QueueUrl"    = aws_sqs_queue.orders.url
    "MessageBody" = "$request.body"
  }
}

resource "aws_apigatewayv2_integration" "legacy" {
  api_id           = aws_apigatewayv2_api.orders.id
  integration_type = "HTTP_PROXY"
  integration_uri  = aws_lb_listener.legacy.arn

  integration_method = "ANY"
  connection_type    = "VPC_LINK"
  connection_id      = aws_apigatewayv2_vpc_link.legacy.id

  # A WebSocket-only argument and a reserved header: both reported.
  passthrough_behavior = "NEVER"

  request_parameters = {
    "overwrite:path"                   = "$request.path"
    "overwrite:header.x-forwarded-for" = "$context.identity.sourceIp"
  }
}
