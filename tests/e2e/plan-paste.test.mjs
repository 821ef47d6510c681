// End-to-end test of a saved plan's JSON pasted into the page (issue 29): its planned
// integrations are added with their protocols, named by their addresses, and the values
// known only after apply say so. Release build, Debian's Chromium, the strict CSP.
//
//   scripts/build && node --test tests/e2e/plan-paste.test.mjs
//   DIST=/some/other/dist node --test tests/e2e/plan-paste.test.mjs     (another build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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

test('a pasted plan adds its integrations with their protocols, and says which values are known only after apply', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(base);
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('#out-resource').waitFor();
  await paste(page, readFileSync(join(root, 'crates/core/tests/fixtures/plans/valid.json'), 'utf8'));
  const said = await page.getByTestId('paste-summary').innerText();
  assert.match(said, /^From a Terraform plan: took 3 integrations\./);
  assert.match(said, /known only after apply, shown as `known_after_apply\.…` and not checked: aws_apigatewayv2_integration\.fn\.api_id/);
  const entries = await page.getByTestId('ws-entry').allInnerTexts();
  for (const name of ['fn', 'edge_svc_a_this_0', 'edge_svc_b_this_0']) {
    assert.ok(entries.some((e) => e.includes(name)), `${name} in ${entries.join(' | ')}`);
  }
  // The selected one is the last added: an HTTP API's integration, its api_id unknown.
  assert.equal(await page.getByRole('radio', { name: 'HTTP', exact: true }).isChecked(), true);
  assert.match(await page.locator('#out-resource').innerText(), /api_id += known_after_apply\.api_id/);
  assert.deepEqual(problems, []);
  await ctx.close();
});
