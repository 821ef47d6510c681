// End-to-end tests of pastes (issue 26): a paste keeps every argument (the protocol from
// what the text holds when it has no API block), says what happened in order, recognises a
// second identical paste, and a paste of 4,000 integrations finishes. Release build, Debian's Chromium, the strict CSP.
//
//   scripts/build && node --test tests/e2e/paste.test.mjs
//   DIST=/some/other/dist node --test tests/e2e/paste.test.mjs     (another build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paste, serveAndLaunch } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = resolve(process.env.DIST ?? join(root, 'dist'));
let base, browser, stop;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), `${dist} is missing: run scripts/build first`);
  ({ base, browser, stop } = await serveAndLaunch(dist));
});

after(() => stop?.());

const newContext = () => browser.newContext({ viewport: { width: 1400, height: 1000 } });

/** A page of `context`, ready, with console errors and page errors recorded. */
async function open(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(base);
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('#out-resource').waitFor();
  return { page, problems };
}

const entries = (page) => page.getByTestId('ws-entry').allInnerTexts();

const WS_WITHOUT_API = `resource "aws_apigatewayv2_integration" "sqs" {
  api_id                        = aws_apigatewayv2_api.chat.id
  integration_type              = "AWS"
  integration_method            = "POST"
  integration_uri               = "arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue"
  credentials_arn               = aws_iam_role.api.arn
  passthrough_behavior          = "NEVER"
  template_selection_expression = "$request.body.action"
  request_templates = {
    "application/json" = "Action=SendMessage&MessageBody=$input.body"
  }
}
`;

const output = (page) => page.locator('#out-resource').innerText();
const summary = (page) => page.getByTestId('paste-summary').innerText();

test('a WebSocket paste without its API keeps every argument: the protocol comes from what it holds, and a second identical paste is recognised', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  await paste(page, WS_WITHOUT_API);
  const said = await summary(page);
  assert.match(said, /Took 1 integration and 0 import blocks\./);
  assert.match(said, /WebSocket for sqs/);
  assert.match(said, /integration_type = "AWS"/);
  assert.match(said, /no aws_apigatewayv2_api block/);
  assert.equal(await page.getByRole('radio', { name: 'WEBSOCKET', exact: true }).isChecked(), true);
  const out = await output(page);
  for (const arg of ['passthrough_behavior', 'template_selection_expression', 'request_templates']) assert.match(out, new RegExp(arg), arg);
  assert.doesNotMatch(`${said}\n${await page.locator('.summary').innerText()}`, /AWS_PROXY/, 'no advice meant for an HTTP API');
  assert.match(await page.getByRole('button', { name: 'Copy resource' }).getAttribute('aria-label'), /resource/);
  // The same text again adds nothing, and says so.
  await paste(page, WS_WITHOUT_API);
  assert.match(await summary(page), /already in the workspace.*not added again/);
  assert.equal((await entries(page)).length, 1);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('an argument that does not apply stays in the output, flagged with its rule, with a one-click removal that can be undone', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  await paste(page, `resource "aws_apigatewayv2_api" "http" {
  name          = "shop"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "orders" {
  api_id               = aws_apigatewayv2_api.http.id
  integration_type     = "HTTP_PROXY"
  integration_method   = "ANY"
  integration_uri      = "https://orders.example.com"
  passthrough_behavior = "NEVER"
}
`);
  assert.match(await output(page), /passthrough_behavior += "NEVER"/);
  assert.match(await page.locator('.summary').innerText(), /R-WSO-2/);
  const reason = page.locator('[data-field="passthrough_behavior"] .reason');
  assert.match(await reason.innerText(), /Supported only for WebSocket APIs/);
  await page.getByRole('button', { name: 'Remove passthrough_behavior', exact: true }).click();
  assert.doesNotMatch(await output(page), /passthrough_behavior/);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.match(await output(page), /passthrough_behavior += "NEVER"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a paste\'s messages say what happened in order: nothing added before the problems; content of both protocols asks', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  await paste(page, 'resource "aws_apigatewayv2_integration" "x" {\n  api_id = \n}\n');
  const said = await summary(page);
  assert.match(said, /^Nothing was added: the text has 1 problem/);
  assert.doesNotMatch(said, /Took 0/);
  assert.match(await page.locator('.paste .msgs').innerText(), /line 2, column 12: R-HCL-5/);
  await paste(page, `resource "aws_apigatewayv2_integration" "both" {
  api_id           = aws_apigatewayv2_api.a.id
  integration_type = "MOCK"
  response_parameters {
    status_code = 500
    mappings = {
      "overwrite:statuscode" = "403"
    }
  }
}
`);
  assert.match(await summary(page), /Protocol unknown for both: .*integration_type = "MOCK".*response_parameters.*choose/);
  assert.equal(await page.getByRole('radio', { name: 'unknown', exact: true }).isChecked(), true);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a paste of 4,000 AWS integrations with one target finishes (and gives each a name of its own)', { timeout: 120_000 }, async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  const items = Array.from({ length: 4000 }, (_, n) => ({ IntegrationId: `i${String(n).padStart(6, '0')}`, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://one.example.com', PayloadFormatVersion: '1.0', ConnectionType: 'INTERNET' }));
  await page.getByRole('radio', { name: 'HTTP', exact: true }).check();
  await paste(page, JSON.stringify({ Items: items }), 'aabbccddee');
  assert.match(await summary(page), /took 4000 integrations and 4000 import blocks/);
  assert.match(await page.locator('#ws-title').innerText(), /4000 integrations|4001 integrations/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a workspace of 8,000 integrations: the list draws a page of them and finds by name; an edit, a removal and its undo work', { timeout: 120_000 }, async () => {
  const ctx = await newContext();
  const item = (k) => ({ name: `i${k}`, protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.a.id' }, integration_type: 'HTTP_PROXY', integration_method: 'ANY', integration_uri: `https://i${k}.example.com` });
  const state = JSON.stringify({ v: 2, rev: 1, workspace: { items: Array.from({ length: 8000 }, (_, k) => item(k)), selected: 0 } });
  await ctx.addInitScript((state) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('apigw-integration-builder/state', state);
    }
  }, state);
  const { page, problems } = await open(ctx);
  assert.match(await page.locator('#ws-title').innerText(), /8000 integrations/);
  assert.equal((await entries(page)).length, 100);
  assert.match(await page.locator('.ws-more').innerText(), /Showing 100 of 8000\./);
  await page.getByRole('button', { name: 'Show 100 more' }).click();
  assert.equal((await entries(page)).length, 200);
  await page.getByLabel('Find an integration by name').fill('I799');
  // Any case; the selected one (i0) does not match, so it is not listed.
  const found = ['i799', ...Array.from({ length: 10 }, (_, k) => `i799${k}`)].map((n) => `aws_apigatewayv2_integration.${n}`);
  assert.deepEqual((await entries(page)).map((e) => e.split('\n')[0]), found);
  await page.getByRole('button', { name: 'aws_apigatewayv2_integration.i7995' }).click();
  await page.getByLabel('description', { exact: true }).fill('edited in a large workspace');
  await page.locator('#out-resource').filter({ hasText: '"i7995"' }).filter({ hasText: 'edited in a large workspace' }).waitFor();
  await page.getByRole('button', { name: 'Remove i7995' }).click();
  assert.match(await page.locator('#ws-title').innerText(), /7999 integrations/);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.match(await page.locator('#ws-title').innerText(), /8000 integrations/);
  assert.match(await page.locator('#out-resource').innerText(), /edited in a large workspace/);
  assert.deepEqual(problems, []);
  await ctx.close();
});
