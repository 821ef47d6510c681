import {
  to = aws_apigatewayv2_integration.example
  id = "aabbccddee/1122334"
}
