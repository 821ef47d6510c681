// End-to-end tests of what issue 28 asks of the page's reading (item 5): the output coloured
// by the project's own lexer and wrapped instead of cut, messages with their quoted code
// shown as code, rule codes on one line, a searchable rules reference, and a loading state
// before the wasm is there (and a message when it cannot start).
//
//   scripts/build && node --test tests/e2e/read.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeViolations, serveAndLaunch, openPage } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
let base, browser, stop;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'dist/ is missing: run scripts/build first');
  ({ base, browser, stop } = await serveAndLaunch(dist));
});

after(() => stop?.());

/** A fresh page (`openPage`, helpers.mjs). */
const open = (options) => openPage(browser, base, options);

const example = (page, name) => page.getByRole('button', { name, exact: true });

test('the output is coloured as Terraform reads it, and its text is unchanged', async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('radio', { name: 'Lambda function' }).check();
  await page.getByLabel('api_id', { exact: true }).fill('aws_apigatewayv2_api.example.id');
  await page.getByLabel('description', { exact: true }).fill('orders # not a comment');
  const out = page.locator('#out-resource');
  const painted = await out.locator('span[class]').evaluateAll((els) => els.map((e) => [e.className, e.textContent]));
  for (const piece of [
    ['hk', 'resource'],
    ['hs', '"aws_apigatewayv2_integration"'],
    ['ha', 'api_id'],
    ['ha', 'integration_type'],
    ['hs', '"AWS_PROXY"'],
  ]) {
    assert.ok(painted.some(([c, t]) => c === piece[0] && t === piece[1]), `${piece} in ${JSON.stringify(painted)}`);
  }
  // A reference is not a string, and a `#` inside a string is not a comment.
  assert.ok(!painted.some(([c, t]) => c === 'hs' && t.includes('aws_apigatewayv2_api.example.id')));
  assert.ok(painted.some(([c, t]) => c === 'hs' && t === '"orders # not a comment"'), JSON.stringify(painted));
  assert.ok(!painted.some(([c]) => c === 'hc'));
  // The colours change nothing of the text, which is what Copy copies.
  assert.match(await out.innerText(), /description += "orders # not a comment"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a long line wraps inside the output instead of being cut, and the problems list does not scroll on its own', async () => {
  const { page, ctx, problems } = await open({ viewport: { width: 390, height: 800 } });
  await page.getByRole('radio', { name: 'Lambda function' }).check();
  await page.getByLabel('description', { exact: true }).fill('x'.repeat(300));
  const out = page.locator('#out-resource');
  const [scrollWidth, clientWidth] = await out.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  assert.ok(scrollWidth <= clientWidth + 1, `the output scrolls sideways: ${scrollWidth} > ${clientWidth}`);
  assert.match((await out.innerText()).replace(/\n/g, ''), new RegExp(`"${'x'.repeat(300)}"`));
  const list = page.locator('.summary-list').first();
  if (await list.count()) {
    assert.notEqual(await list.evaluate((el) => getComputedStyle(el).overflowY), 'auto');
  }
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("a message's quoted code is shown as code, and a rule code never breaks", async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('radio', { name: 'Lambda function' }).check();
  await page.getByLabel('integration_uri', { exact: true }).fill('not-an-arn');
  const msg = page.locator('.field[data-field="integration_uri"] .msg').first();
  await msg.waitFor();
  assert.ok((await msg.locator('code').count()) > 0, await msg.innerText());
  assert.doesNotMatch(await msg.innerText(), /`/);
  const code = page.locator('a.code').first();
  assert.equal(await code.evaluate((el) => getComputedStyle(el).whiteSpace), 'nowrap');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the rules reference can be searched, by keyboard, and a followed rule link shows its rule', async () => {
  const { page, ctx, problems } = await open();
  const summary = page.locator('details.rules > summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const search = page.getByLabel('Search the rules');
  await search.waitFor();
  const rows = page.locator('details.rules tbody tr[data-rule]');
  const all = await rows.count();
  assert.ok(all > 90, `${all} rules`);
  await search.focus();
  await page.keyboard.type('context claim');
  await page.waitForFunction((n) => {
    const host = document.querySelector('.apigw-integration-builder');
    return host.shadowRoot.querySelectorAll('details.rules tbody tr[data-rule]').length < n;
  }, all);
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.rule)), ['R-CTX-1']);
  assert.equal(await page.locator('.rule-search [role="status"]').innerText(), `1 of ${all} rules`);
  // An argument's name finds every rule on that argument (the box says it takes one),
  // not only those whose texts happen to name it.
  await search.fill('request_parameters');
  const onArgument = await rows.evaluateAll((els) => els.map((e) => e.dataset.rule));
  assert.ok(onArgument.includes('R-SUBV-1') && onArgument.length > 20, onArgument.join(' '));
  // Nothing matches: no rows, said so.
  await search.fill('no rule says this');
  assert.equal(await rows.count(), 0);
  assert.equal(await page.locator('.rule-search [role="status"]').innerText(), `0 of ${all} rules`);
  // A rule link followed while the search hides its rule: the search is cleared.
  await page.getByRole('radio', { name: 'Lambda function' }).check();
  await page.getByLabel('integration_uri', { exact: true }).fill('not-an-arn');
  const link = page.locator('.field[data-field="integration_uri"] a.code').first();
  const code = await link.innerText();
  await link.click();
  assert.equal(await search.inputValue(), '');
  await page.locator(`details.rules tr[data-rule="${code}"]`).waitFor();
  assert.equal(await rows.count(), all);
  assert.deepEqual(problems, []);
  const axe = await readFile(join(root, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  assert.deepEqual(await axeViolations(page, axe), []);
  await ctx.close();
});

test('a slow link shows that the builder is loading; one that fails says so', async () => {
  const ctx = await browser.newContext();
  let release;
  const held = new Promise((r) => (release = r));
  await ctx.route(/apigw-integration-web_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  const page = await ctx.newPage();
  await page.goto(base, { waitUntil: 'domcontentloaded' });
  const loading = page.getByRole('status').filter({ hasText: 'Loading the builder…' });
  assert.ok(await loading.isVisible());
  release();
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#out-resource');
  assert.equal(await loading.isVisible(), false);
  await ctx.close();

  const failing = await browser.newContext();
  await failing.route(/apigw-integration-web_bg\.wasm$/, (route) => route.abort());
  const broken = await failing.newPage();
  await broken.goto(base);
  const alert = broken.getByRole('alert').filter({ hasText: 'The builder could not start' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /reload the page/);
  await failing.close();
});
