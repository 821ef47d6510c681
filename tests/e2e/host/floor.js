// The floor of tests/e2e/embed-timing.mjs: a page shaped like the standalone one (a
// stylesheet, one module script, a shadow root) whose script draws at once the two
// elements the timing waits for. What a page takes here, the builder cannot go under.
const host = document.createElement('div');
host.className = 'apigw-integration-builder';
document.getElementById('app').append(host);
const root = host.attachShadow({ mode: 'open' });
const input = document.createElement('input');
input.setAttribute('aria-label', 'api_id');
const out = document.createElement('pre');
out.id = 'out-resource';
out.textContent = 'resource "aws_apigatewayv2_integration" "example" {}';
root.append(input, out);
