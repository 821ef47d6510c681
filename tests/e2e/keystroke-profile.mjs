// Where a keystroke's time goes, by function: Chrome's sampling profiler (25 µs) over
// 1,000 edits of the description field (after 200 untimed), for one Lambda integration and
// for one with 50 request_parameters (the cases of keystroke-bench.mjs); prints each
// function's self time per edit, the largest first (TOP, default 45).
//
// It needs a build whose wasm keeps its function names: the shipped one has none (wasm-opt
// drops them). After scripts/build, make one beside it from the same compiler output,
// without wasm-opt (so absolute times are higher than the shipped build's; compare the
// cases, not the builds):
//
//   rm -rf /tmp/prof && cp -r dist /tmp/prof && wasm-bindgen --target web --out-dir /tmp/prof \
//     --out-name apigw-integration-web --no-typescript target/wasm32-unknown-unknown/web/apigw-integration-web.wasm
//   DIST=/tmp/prof node tests/e2e/keystroke-profile.mjs
import { serve } from './serve.mjs';
import { launchChromium } from './helpers.mjs';
if (!process.env.DIST) throw new Error('DIST=<a build with function names>: see the comment at the top of this file');
const server = await serve(process.env.DIST, 0);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
const api = 'resource "aws_apigatewayv2_api" "a" {\n  protocol_type = "HTTP"\n}\n';
const lambda = (name, extra = '') => `resource "aws_apigatewayv2_integration" "${name}" {\n  api_id                 = aws_apigatewayv2_api.a.id\n  integration_type       = "AWS_PROXY"\n  integration_uri        = aws_lambda_function.f.invoke_arn\n  payload_format_version = "2.0"\n  description            = "x"\n${extra}}\n`;
const params = (n) => `\n  request_parameters = {\n${Array.from({ length: n }, (_, k) => `    "append:header.h${k}" = "$request.header.h${k}"\n`).join('')}  }\n`;
for (const [label, hcl] of [['small', api + lambda('small')], ['params', api + lambda('params', params(50))]]) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(base);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.locator('#paste-hcl').fill(hcl);
  await page.getByRole('button', { name: 'Add to the workspace' }).click();
  await page.locator('#out-resource', { hasText: 'description' }).waitFor();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 25 });
  const run = (n) => page.evaluate(async (n) => {
    const root = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot ?? document;
    const input = root.querySelector('[aria-label="description"]');
    const out = root.querySelector('#out-resource');
    const setter = (el, v) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set.call(el, v);
    let total = 0;
    for (let k = 0; k < n; k++) {
      const want = `"edit ${k} x"`;
      const t0 = performance.now();
      setter(input, `edit ${k} x`);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => { const c = () => out.textContent.includes(want) ? r() : setTimeout(c, 0); queueMicrotask(c); });
      total += performance.now() - t0;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    return total / n;
  }, n);
  await run(200);
  await cdp.send('Profiler.start');
  const avg = await run(1000);
  const { profile } = await cdp.send('Profiler.stop');
  // self time per function
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i + 1] ?? 0));
  });
  const tot = [...self.entries()].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).reduce((a, [, v]) => a + v, 0);
  console.log(`== ${label}: avg ${avg.toFixed(3)} ms per edit; profiled non-idle ${(tot / 1000 / 1000).toFixed(3)} ms per edit`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45))) console.log(`${(v / 1000 / 1000 * 1000).toFixed(1).padStart(8)} µs/edit  ${k.slice(0, 150)}`);
  await ctx.close();
}
await browser.close(); server.close();
