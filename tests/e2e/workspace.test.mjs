// End-to-end tests of the workspace in the standalone page (release build, Debian's
// Chromium, the strict CSP): paste a three-integration file, edit the second, download
// all; paste get-integrations JSON; reload, share link and two tabs; an old saved state.
//
//   trunk build --release && node --test tests/e2e/workspace.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium, paste } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
let server, base, browser;

before(async () => {
  server = await serve(join(root, 'dist'));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(url, context) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true }));
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url ?? base);
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('#out-resource').waitFor();
  // The instance's stylesheet loads into its shadow root after the form is there; the
  // entries' text (innerText) depends on it, so wait until it applies.
  await page.waitForFunction(() => {
    const root = document.querySelector('.apigw-integration-builder')?.shadowRoot;
    const links = root ? [...root.querySelectorAll('link[rel="stylesheet"]')] : [];
    return links.length > 0 && links.every((l) => l.sheet !== null);
  });
  return { page, ctx, problems };
}

const THREE = `resource "aws_apigatewayv2_api" "ws" {
  name          = "chat"
  protocol_type = "WEBSOCKET"
}

resource "aws_apigatewayv2_integration" "connect" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "MOCK"
}

resource "aws_apigatewayv2_integration" "message" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "MOCK"
}

resource "aws_lambda_function" "chat" {
  function_name = "chat"
}

resource "aws_apigatewayv2_integration" "disconnect" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "MOCK"
}

import {
  to = aws_apigatewayv2_integration.message
  id = "aabbccddee/1122334"
}
`;

const entries = (page) => page.getByTestId('ws-entry').allInnerTexts();

test('a three-integration file: three entries, edit the second, download all as one file', async () => {
  const { page, ctx, problems } = await open();
  await paste(page, THREE);
  const list = await entries(page);
  assert.equal(list.length, 3, list.join('\n'));
  assert.match(list[0], /aws_apigatewayv2_integration\.connect/);
  assert.match(list[1], /aws_apigatewayv2_integration\.message\s+MOCK · 0 errors/);
  assert.match(await page.getByTestId('paste-summary').innerText(), /Took 3 integrations and 1 import block .*ignored: resource "aws_lambda_function" "chat"/);
  // The protocol came from the pasted aws_apigatewayv2_api.
  assert.match(await page.locator('.summary h2').innerText(), /WebSocket API/);

  // Select the second, edit it: only it changes.
  await page.getByRole('button', { name: /aws_apigatewayv2_integration\.message/ }).click();
  assert.equal(await page.locator('#f-name').inputValue(), 'message');
  await page.getByLabel('description', { exact: true }).fill('Edited second');
  assert.match(await page.locator('#out-resource').innerText(), /"message"[\s\S]*description += "Edited second"/);
  assert.match(await page.locator('#out-import').innerText(), /to = aws_apigatewayv2_integration\.message/);
  // The whole file is drawn while it is open (a click on its summary).
  assert.equal(await page.locator('#out-file').count(), 0);
  await page.getByText('Show the whole file').click();
  const file = await page.locator('#out-file').innerText();
  assert.equal((file.match(/resource "aws_apigatewayv2_integration"/g) ?? []).length, 3);
  assert.equal((file.match(/description/g) ?? []).length, 1);
  // From the keyboard too: Enter on the summary closes it and opens it again.
  await page.getByText('Show the whole file').press('Enter');
  await page.locator('#out-file').waitFor({ state: 'detached' });
  assert.equal(await page.locator('details.file').getAttribute('open'), null);
  await page.getByText('Show the whole file').press('Enter');
  await page.locator('#out-file').waitFor();
  // Selecting another integration shows its values in the fields, and back again.
  await page.getByRole('button', { name: /aws_apigatewayv2_integration\.connect/ }).click();
  assert.equal(await page.getByLabel('description', { exact: true }).inputValue(), '');
  await page.getByRole('button', { name: /aws_apigatewayv2_integration\.message/ }).click();
  assert.equal(await page.getByLabel('description', { exact: true }).inputValue(), 'Edited second');

  // Rename through the form; a duplicate name is caught across the workspace.
  await page.locator('#f-name').fill('connect');
  await page.getByTestId('ws-entry').nth(1).filter({ hasText: '1 error' }).waitFor();
  assert.match(await page.locator('.summary').innerText(), /R-NAME-2/);
  await page.locator('#f-name').fill('message');

  // Reorder, duplicate, remove with undo.
  await page.getByRole('button', { name: 'Move message up' }).click();
  assert.match((await entries(page))[0], /\.message/);
  await page.getByRole('button', { name: 'Duplicate connect' }).click();
  assert.match((await entries(page))[2], /\.connect_copy/);
  await page.getByRole('button', { name: 'Remove connect_copy' }).click();
  assert.equal((await entries(page)).length, 3);
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.equal((await entries(page)).length, 4);
  await page.getByRole('button', { name: 'Remove connect_copy' }).click();

  // Download all: one .tf with every resource and its import block.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download all .tf' }).click()]);
  assert.equal(download.suggestedFilename(), 'integrations.tf');
  const saved = await readFile(await download.path(), 'utf8');
  assert.equal(saved, await page.locator('#out-file').innerText());
  assert.match(saved, /^resource "aws_apigatewayv2_integration" "message"[\s\S]*import \{\n  to = aws_apigatewayv2_integration\.message\n  id = "aabbccddee\/1122334"\n\}\n\nresource "aws_apigatewayv2_integration" "connect"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('get-integrations JSON from AWS: resources and import blocks, companions on request', async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('radio', { name: 'HTTP', exact: true }).check();
  const json = await readFile(join(root, 'crates', 'core', 'tests', 'fixtures', 'aws', 'get-integrations-http.json'), 'utf8');
  await paste(page, json, 'aabbccddee');
  assert.equal((await entries(page)).length, 14);
  assert.match(await page.getByTestId('paste-summary').innerText(), /From aws apigatewayv2 get-integrations: took 14 integrations and 14 import blocks/);
  assert.match(await page.locator('.paste .msgs').innerText(), /R-AWS-2/, 'the quick-create integration is flagged');
  assert.match(await page.locator('#out-import').innerText(), /id = "aabbccddee\/a1b2c3d"/);
  await page.getByRole('button', { name: /aws_apigatewayv2_integration\.lambda_orders_api/ }).click();
  await page.getByLabel('Add the aws_lambda_permission a Lambda target needs').check();
  assert.match(await page.locator('#out-companions').innerText(), /resource "aws_lambda_permission" "lambda_orders_api"[\s\S]*principal += "apigateway.amazonaws.com"/);
  await page.getByText('Show the whole file').click();
  assert.match(await page.locator('#out-file').innerText(), /aws_lambda_permission/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('reload and a share link keep the workspace; a long link says so', async () => {
  const { page, ctx, problems } = await open();
  await paste(page, THREE);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal((await entries(page)).length, 3);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  assert.match(link, /#w=/);
  const other = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const fresh = await open(link, other);
  assert.deepEqual(await entries(fresh.page), await entries(page));
  await other.close();
  // Fifty integrations: the compressed link stays usable, or the page says it is long.
  const many = Array.from({ length: 50 }, (_, n) => `resource "aws_apigatewayv2_integration" "i${n}" {\n  api_id           = aws_apigatewayv2_api.ws.id\n  integration_type = "MOCK"\n  description      = "Integration number ${n} of a large workspace"\n}\n`).join('\n');
  await paste(page, many);
  assert.equal((await entries(page)).length, 53);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  // The browser compresses the new link asynchronously: wait until it replaces the first.
  let long = link;
  for (let tries = 0; long === link && tries < 100; tries++) {
    long = await page.getByLabel('Share link').inputValue();
    if (long === link) await page.waitForTimeout(20);
  }
  assert.notEqual(long, link);
  // Autosave waits for the edits to stop; then the saved JSON holds all 53.
  await page.waitForFunction(() => (localStorage.getItem('apigw-integration-builder/state') ?? '').includes('"i49"'));
  const json = await page.evaluate(() => localStorage.getItem('apigw-integration-builder/state').length);
  assert.ok(long.length * 4 < json, `the link is compressed: ${long.length} characters for ${json} of JSON`);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await ctx.close();
});

test('two tabs never silently overwrite each other: each follows what the other saves', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const a = await open(base, ctx);
  const b = await open(base, ctx);
  const shown = (p) => p.evaluate(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('[aria-label="description"]').value);
  await a.page.getByRole('button', { name: 'Lambda', exact: true }).click();
  await a.page.getByLabel('description', { exact: true }).fill('Tab A');
  await a.page.waitForFunction(() => (localStorage.getItem('apigw-integration-builder/state') ?? '').includes('Tab A'));
  // Tab B had nothing unsaved: it shows what A saved (tests/e2e/page.test.mjs has the
  // conflict of two tabs that both have unsaved edits).
  await b.page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('[aria-label="description"]').value === 'Tab A');
  await b.page.getByLabel('description', { exact: true }).fill('Tab B now');
  await a.page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('[aria-label="description"]').value === 'Tab B now');
  assert.equal(await shown(a.page), 'Tab B now');
  assert.match(await a.page.evaluate(() => localStorage.getItem('apigw-integration-builder/state')), /Tab B now/);
  assert.equal(await a.page.getByTestId('conflict').count(), 0);
  assert.deepEqual([...a.problems, ...b.problems], []);
  await ctx.close();
});

test('a state saved by the single-integration format opens, migrated', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await ctx.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('apigw-integration-builder/state', JSON.stringify({ v: 1, model: { name: 'from_v1', protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.a.id' }, integration_type: 'HTTP_PROXY', integration_method: 'ANY', integration_uri: 'https://example.com' } }));
    }
  });
  const { page, problems } = await open(base, ctx);
  assert.match(await page.locator('#out-resource').innerText(), /"from_v1"/);
  assert.equal((await entries(page)).length, 1);
  // Saved again in the current format.
  await page.getByLabel('description', { exact: true }).fill('migrated');
  // Autosave waits for the typing to stop.
  await page.waitForFunction(() => (localStorage.getItem('apigw-integration-builder/state') ?? '').startsWith('{"v":2,'));
  assert.deepEqual(problems, []);
  await ctx.close();
});
