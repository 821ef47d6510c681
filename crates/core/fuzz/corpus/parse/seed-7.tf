# Orders API.
resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.f.invoke_arn
  integration_method     = "POST" # wrong
  payload_format_version = "2.0"

  request_parameters = {
    "append:header.x-id" = "$${request.header.id}"
  }
}

resource "aws_apigatewayv2_integration" "sqs" {
  api_id              = aws_apigatewayv2_api.http.id
  credentials_arn     = aws_iam_role.r.arn
  integration_type    = "AWS_PROXY"
  integration_subtype = "SQS-SendMessage"

  request_parameters = {
    QueueUrl    = aws_sqs_queue.q.id
    MessageBody = "$request.body"
  }
}
