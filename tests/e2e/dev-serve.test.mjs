// The developer loop: `trunk serve` (what a Leptos developer runs first) builds the app on
// the stable toolchain, serves it, and the form works: it loads without page errors, an
// edit updates the output, and a paste (the reader module, built by Trunk's post-build
// hook) is read. A debug build, unsplit: the release build's steps are not involved.
//
//   node --test tests/e2e/dev-serve.test.mjs        (needs trunk on PATH; scripts/setup)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, paste } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let trunk, browser, base, dist, log = '';

/** A free loopback port. */
const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

before(async () => {
  const port = await freePort();
  // Its own dist folder: the release build in dist/ stays as the other suites use it.
  dist = await mkdtemp(join(tmpdir(), 'apigw-dev-'));
  trunk = spawn('trunk', ['serve', '--port', String(port), '--dist', dist, '--no-autoreload'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  trunk.stdout.on('data', (d) => { log += d; });
  trunk.stderr.on('data', (d) => { log += d; });
  base = `http://127.0.0.1:${port}/`;
  // A first build on a fresh clone compiles the app for wasm32 in debug: minutes.
  const deadline = Date.now() + 15 * 60 * 1000;
  for (;;) {
    if (trunk.exitCode !== null) throw new Error(`trunk serve exited (${trunk.exitCode}):\n${log}`);
    try {
      const r = await fetch(base);
      if (r.ok && (await r.text()).includes('apigw-integration-builder')) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`trunk serve did not serve the page in 15 minutes:\n${log}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  trunk?.kill();
  if (dist) await rm(dist, { recursive: true, force: true });
});

test('trunk serve: the form loads, an edit updates the output, a paste is read', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await page.goto(base);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
  const output = page.locator('#out-resource');
  await output.waitFor();
  await page.getByLabel('description', { exact: true }).fill('from trunk serve');
  await page.locator('#out-resource', { hasText: 'from trunk serve' }).waitFor();
  await paste(page, 'resource "aws_apigatewayv2_integration" "pasted" {\n  api_id           = aws_apigatewayv2_api.a.id\n  integration_type = "MOCK"\n}\n');
  await page.locator('#out-resource', { hasText: '"pasted"' }).waitFor();
  assert.deepEqual(problems, []);
});
