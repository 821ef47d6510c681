// The form's wasm in two (scripts/split-wasm.mjs, tools/split-wasm): a first visit starts from the first
// module alone; the rest loads in the background once the form is drawn, beside the first module when the
// start reads a configuration, and at once (synchronously) when a function of it is called
// before it has loaded. Each path must give the same form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveAndLaunch } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const REST = /apigw-integration-web_rest\.wasm$/;
let base, browser, stop;

before(async () => {
  assert.ok(existsSync(join(dist, 'apigw-integration-web_rest.wasm')), 'dist/ has no rest module: build it with scripts/build');
  ({ base, browser, stop } = await serveAndLaunch(dist));
});

after(() => stop?.());

/**
 * A fresh page whose requests for the rest go through `answer(route, n)` (n counts from
 * 0), with each request's kind (`fetch`: loadRest; `xhr`: a placeholder's synchronous
 * load), and page errors and console errors recorded. The page notes, for each fetch of the
 * rest, whether the form was usable (`data-ready`) when it was made: `restAsked(page)`.
 */
async function open(url, answer = (route) => route.continue()) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await ctx.addInitScript(() => {
    const fetch = window.fetch;
    window.restAsked = [];
    window.fetch = function (input, init) {
      if (String(input).endsWith('_rest.wasm')) window.restAsked.push(document.documentElement.dataset.ready === 'true' ? 'when usable' : 'before usable');
      return fetch.call(this, input, init);
    };
  });
  const page = await ctx.newPage();
  const problems = [];
  const rest = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.route(REST, (route) => {
    rest.push({ kind: route.request().resourceType() });
    return answer(route, rest.length - 1);
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#out-resource');
  return { page, ctx, problems, rest };
}
const restAsked = (page) => page.evaluate(() => window.restAsked);

const output = (page) => page.locator('#out-resource').innerText();
const field = (page, name) => page.getByLabel(name, { exact: true });
/** A share link (`#s=`) carrying `model`. */
const linkTo = (model) => `${base}#s=${Buffer.from(JSON.stringify({ v: 1, model }), 'utf8').toString('base64url')}`;

test('a first visit starts from the first module alone: the rest is not needed to draw the form, and loads once the form is drawn', async () => {
  // Every request for the rest fails: the start must not need it.
  const { page, ctx, problems, rest } = await open(base, (route) => route.abort());
  assert.match(await output(page), /^resource "aws_apigatewayv2_integration" "example" \{/);
  await page.waitForTimeout(300);
  assert.deepEqual(problems.filter((p) => !/rest\.wasm|Failed to load resource/.test(p)), [], 'the start ran nothing of the rest');
  assert.ok(rest.length >= 1, 'the drawn page asks for the rest');
  assert.equal(rest[0].kind, 'fetch', 'in the background, not synchronously');
  assert.equal((await restAsked(page))[0], 'when usable', 'and only once the form was usable');
  await ctx.close();
});

test('once the rest has loaded, edits run without loading anything more', async () => {
  const { page, ctx, problems, rest } = await open(base);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('_rest.wasm') && e.responseEnd > 0));
  await page.waitForTimeout(100);
  // timeout_milliseconds is in the full view (a blank form opens in the intent view).
  await page.getByRole('button', { name: 'All arguments' }).click();
  await field(page, 'api_id').fill('aws_apigatewayv2_api.main.id');
  await field(page, 'description').fill('after the rest');
  await field(page, 'timeout_milliseconds').fill('45000');
  await page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('#out-resource').textContent.includes('after the rest'));
  const text = await output(page);
  assert.match(text, /api_id\s+= aws_apigatewayv2_api\.main\.id\n/);
  assert.match(text, /timeout_milliseconds\s+= 45000\n/);
  assert.deepEqual(rest.map((r) => r.kind), ['fetch'], 'one background load, no synchronous one');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a function of the rest called before the rest has loaded loads it at once, synchronously, and the edit gives the same output', async () => {
  // The background load never arrives; the synchronous one goes through.
  const { page, ctx, problems, rest } = await open(base, (route, n) => (n === 0 ? new Promise(() => {}) : route.continue()));
  await page.waitForTimeout(200);
  assert.deepEqual(rest.map((r) => r.kind), ['fetch'], 'the background load is pending');
  await field(page, 'api_id').fill('aws_apigatewayv2_api.main.id');
  await field(page, 'description').fill('before the rest');
  await page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('#out-resource').textContent.includes('before the rest'));
  assert.match(await output(page), /api_id\s+= aws_apigatewayv2_api\.main\.id\n/);
  assert.deepEqual(rest.map((r) => r.kind), ['fetch', 'xhr'], 'one synchronous load, once');
  await field(page, 'description').fill('and after it');
  await page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('#out-resource').textContent.includes('and after it'));
  assert.equal(rest.length, 2, 'no load after that');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a start that reads a configuration (a share link, a saved state) loads the rest beside the first module, never synchronously', async () => {
  const model = { name: 'linked', protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.example.id' }, integration_type: 'HTTP_PROXY', integration_method: 'ANY', integration_uri: 'https://example.com/{proxy}' };
  const { page, ctx, problems, rest } = await open(linkTo(model));
  assert.match(await output(page), /resource "aws_apigatewayv2_integration" "linked"/);
  assert.deepEqual(await restAsked(page), ['before usable'], 'the rest was asked for with the first module');
  assert.deepEqual(rest.map((r) => r.kind), ['fetch']);
  assert.deepEqual(problems, []);
  // The same context again, after an edit: the page starts from what it saved (its storage
  // is not empty).
  await field(page, 'description').fill('saved');
  await page.waitForFunction(() => (localStorage.getItem('apigw-integration-builder/state') ?? '').includes('saved'));
  const again = await ctx.newPage();
  const kinds = [];
  await again.route(REST, (route) => { kinds.push(route.request().resourceType()); return route.continue(); });
  await again.goto(base);
  await again.waitForSelector('html[data-ready="true"]');
  assert.match(await again.locator('#out-resource').innerText(), /description\s+= "saved"/);
  assert.deepEqual(kinds, ['fetch']);
  await ctx.close();
});

test('a synchronous load that fails says what is wrong and how to fix it', async () => {
  // The background load never arrives; the synchronous one is refused.
  const { page, ctx, problems, rest } = await open(base, (route, n) => (n === 0 ? new Promise(() => {}) : route.abort()));
  await page.waitForTimeout(200);
  await field(page, 'api_id').fill('aws_apigatewayv2_api.main.id').catch(() => {});
  await page.waitForTimeout(300);
  assert.deepEqual(rest.map((r) => r.kind).slice(0, 2), ['fetch', 'xhr']);
  assert.ok(problems.some((p) => /could not load the rest of its code, .*_rest\.wasm .*serve it beside apigw-integration-web_bg\.wasm, allow sync-xhr, and reload the page/.test(p)), problems.join('\n'));
  await ctx.close();
});

test('the glue is wasm-bindgen\'s own: the page loads the rest, and the first piece exports the table the rest fills', async () => {
  const { readFileSync } = await import('node:fs');
  const glue = readFileSync(join(dist, 'apigw-integration-web.js'), 'utf8');
  assert.doesNotMatch(glue, /_rest\.wasm|%rest/, 'nothing of the split is written into the glue');
  const first = await WebAssembly.compile(readFileSync(join(dist, 'apigw-integration-web_bg.wasm')));
  assert.ok(WebAssembly.Module.exports(first).some((e) => e.name === '%rest' && e.kind === 'table'));
  assert.ok(!WebAssembly.Module.exports(first).some((e) => e.name === 'apigw_load_rest'), 'the loader is called by the stubs, not by the page');
  const rest = await WebAssembly.compile(readFileSync(join(dist, 'apigw-integration-web_rest.wasm')));
  assert.deepEqual([...new Set(WebAssembly.Module.imports(rest).map((i) => i.module))], ['a'], 'the rest takes everything from the first piece');
  assert.deepEqual(WebAssembly.Module.exports(rest), [], 'and gives everything through its table');
});

test('tools/split-wasm refuses a module it cannot split (here: a first piece, split already), leaving the files as they are', async () => {
  const { mkdtempSync, cpSync, readFileSync, rmSync, writeFileSync, existsSync: exists } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { spawnSync } = await import('node:child_process');
  const tool = process.env.SPLIT_WASM ?? join(root, 'target', 'tools', 'release', 'split-wasm');
  const dir = mkdtempSync(join(tmpdir(), 'split-again-'));
  try {
    cpSync(join(dist, 'apigw-integration-web_bg.wasm'), join(dir, 'in.wasm'));
    writeFileSync(join(dir, 'keep.txt'), '0\n');
    const before = readFileSync(join(dir, 'in.wasm'));
    const run = spawnSync(tool, ['split', join(dir, 'in.wasm'), join(dir, 'keep.txt'), join(dir, 'first.wasm'), join(dir, 'rest.wasm')], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /split-wasm: the module exports no function `apigw_load_rest`/);
    assert.deepEqual(readFileSync(join(dir, 'in.wasm')), before);
    assert.ok(!exists(join(dir, 'first.wasm')) && !exists(join(dir, 'rest.wasm')), 'nothing written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
