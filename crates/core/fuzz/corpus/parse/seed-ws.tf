resource "aws_apigatewayv2_api" "ws" {
  protocol_type = "WEBSOCKET"
}

resource "aws_apigatewayv2_integration" "put" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "AWS"
  integration_uri  = "arn:aws:apigateway:${data.aws_region.current.name}:dynamodb:action/PutItem"
  request_templates = {
    "$default" = jsonencode({ TableName = "t", Item = { id = { S = "$context.connectionId" } } })
  }
  response_parameters {
    status_code = 200

    mappings = {
      "overwrite:statuscode" = "204"
    }
  }
}

import {
  to = aws_apigatewayv2_integration.put
  id = "abc/def"
}
