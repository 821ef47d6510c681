locals {
  routes = {
    get  = { method = "GET", uri = "https://${var.host}/get" }
    post = { method = "POST" }
  }
}

resource "aws_apigatewayv2_integration" "r" {
  for_each = local.routes # one per route

  api_id             = aws_apigatewayv2_api.a[0].id
  integration_type   = "HTTP_PROXY"
  integration_method = lookup(each.value, "method", "ANY")
  integration_uri    = try(each.value.uri, "https://example.com")

  request_parameters = {
    # comment
    "append:header.x" = "$${request.header.y}", // trailing
  }
}
