// End-to-end tests of undo (issue 26): every action that replaces content (an example,
// Clear, a paste, a removal) can be undone and redone, with Ctrl+Z outside text fields and
// a visible Undo. Release build, Debian's Chromium, the strict CSP.
//
//   scripts/build && node --test tests/e2e/undo.test.mjs
//   DIST=/some/other/dist node --test tests/e2e/undo.test.mjs     (another build)
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
const description = (page) => page.getByLabel('description', { exact: true });

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

test('examples, Clear, pastes and removals can be undone and redone, with Ctrl+Z outside text fields and a visible Undo', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  await description(page).fill('my own description');
  const before = await output(page);
  await page.getByRole('button', { name: 'Lambda', exact: true }).click();
  assert.match(await output(page), /AWS_PROXY/);
  assert.match(await page.getByTestId('done').innerText(), /Loaded the example “Lambda”/);
  // Ctrl+Z with the focus on the example's button: the whole state comes back, not a mix.
  await page.keyboard.press('Control+z');
  assert.equal(await output(page), before);
  assert.equal(await description(page).inputValue(), 'my own description');
  await page.keyboard.press('Control+Shift+z');
  assert.match(await output(page), /AWS_PROXY/);
  await page.getByRole('button', { name: 'Clear' }).click();
  assert.doesNotMatch(await output(page), /AWS_PROXY/);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.match(await output(page), /AWS_PROXY/);
  // Inside a text field, Ctrl+Z is the field's own.
  await description(page).fill('typed');
  await description(page).press('Control+z');
  assert.match(await output(page), /AWS_PROXY/);
  // A paste and a removal.
  await paste(page, WS_WITHOUT_API);
  assert.equal((await entries(page)).length, 2);
  await page.getByRole('button', { name: 'Remove sqs' }).click();
  assert.equal((await entries(page)).length, 1);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal((await entries(page)).length, 2);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal((await entries(page)).length, 1, 'the paste undone');
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  assert.equal((await entries(page)).length, 2);
  assert.deepEqual(problems, []);
  await ctx.close();
});

const TWO = `resource "aws_apigatewayv2_integration" "one" {
  api_id           = "a1b2c3d4e5"
  integration_type = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri  = "https://one.example.com"
}

resource "aws_apigatewayv2_integration" "two" {
  api_id           = "a1b2c3d4e5"
  integration_type = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri  = "https://two.example.com"
}
`;

test('Undo of an action takes back only that action: edits made since, in another integration too, are a step of their own before it', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  await paste(page, TWO);
  const select = (n) => page.getByTestId('ws-entry').nth(n).locator('button.ws-select').click();
  await select(0);
  await page.getByRole('button', { name: 'Lambda', exact: true }).click();
  // An edit of the other integration after the example was loaded into the first.
  await select(1);
  await description(page).fill('an edit of two');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.match(await page.getByTestId('done').innerText(), /^Undone: Edited aws_apigatewayv2_integration\.two/);
  assert.equal(await description(page).inputValue(), '');
  assert.equal((await entries(page))[0].split('\n')[0], 'aws_apigatewayv2_integration.example', 'the example is still loaded');
  // The next Undo takes back the example; Redo twice brings both back.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.match(await page.getByTestId('done').innerText(), /^Undone: Loaded the example “Lambda”/);
  assert.equal((await entries(page))[0].split('\n')[0], 'aws_apigatewayv2_integration.one');
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  assert.equal((await entries(page))[0].split('\n')[0], 'aws_apigatewayv2_integration.example');
  await select(1);
  assert.equal(await description(page).inputValue(), 'an edit of two');
  assert.deepEqual(problems, []);
  await ctx.close();
});
