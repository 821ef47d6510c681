// Large workspaces in the page (issue 26): prints figures, asserts nothing. Release build,
// headless Chromium, loopback, cross-origin isolated (5 µs timer).
//
// - a paste of N AWS integrations (get-integrations JSON, every one with the same target,
//   so each needs a name of its own): from the click on "Add to the workspace" to the
//   frame that shows the list of N;
// - a workspace of M integrations saved in the browser: the page's start (navigation to
//   the form drawn), then EDITS edits of the selected integration's description (from the
//   `input` event to the output showing it, and to the end of the frame after it), the
//   autosave that follows an edit (the longest gap between frames while it runs), and a removal and its
//   undo (click to the frame that shows the list again).
//
//   scripts/build && [DIST=dir] node tests/e2e/scale-bench.mjs [N=4000] [M=8000] [EDITS=20]
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [n = 4000, m = 8000, edits = 20] = process.argv.slice(2).map(Number);
const server = await serve(resolve(here, '..', '..', process.env.DIST ?? 'dist'), 0, { isolated: true });
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
const KEY = 'apigw-integration-builder/state';

const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

/** A page with `state` saved (if any), started; resolves to the page and its start time. */
async function open(state) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  if (state) await ctx.addInitScript(([k, v]) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem(k, v); } }, [KEY, state]);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message.slice(0, 300)}`));
  const t0 = Date.now();
  await page.goto(base);
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('#out-resource').waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return { ctx, page, start: Date.now() - t0 };
}

/** In the page: the time from a click on the button `label` names (its aria-label or its
 * text) until the workspace holds `count` integrations and the frame after it ran. */
const clickUntil = (page, label, count) => page.evaluate(async ([label, count]) => {
  const root = document.querySelector('.apigw-integration-builder').shadowRoot;
  const button = [...root.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === label || b.textContent === label);
  const t0 = performance.now();
  button.click();
  while (!root.querySelector('#ws-title').textContent.includes(`: ${count} integrations`)) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}, [label, count]);

// 1. The paste.
{
  const { ctx, page } = await open();
  const items = Array.from({ length: n }, (_, k) => ({ IntegrationId: `i${String(k).padStart(6, '0')}`, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://one.example.com', PayloadFormatVersion: '1.0', ConnectionType: 'INTERNET' }));
  await page.locator('#paste-hcl').fill(JSON.stringify({ Items: items }));
  await page.getByLabel('API id, for AWS CLI JSON (api_id and the import blocks)').fill('aabbccddee');
  // The reader module loads on first use: load it first, so the figure is the paste's.
  await page.locator('#paste-hcl').focus();
  await page.waitForFunction(() => [...performance.getEntriesByType('resource')].some((r) => r.name.includes('reader_bg.wasm') && r.responseEnd > 0));
  await page.waitForTimeout(500);
  const ms = await page.evaluate(async (n) => {
    const root = document.querySelector('.apigw-integration-builder').shadowRoot;
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Add to the workspace');
    const t0 = performance.now();
    button.click();
    while (!root.querySelector('#ws-title').textContent.includes(`${n} integrations`)) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, n);
  console.log(`paste of ${n} AWS integrations (one target): ${fmt(ms)} from the click to the frame that shows the list`);
  await ctx.close();
}

// 2. A workspace of m integrations.
{
  const item = (k) => ({ name: `i${k}`, protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.a.id' }, integration_type: 'HTTP_PROXY', integration_method: 'ANY', integration_uri: `https://i${k}.example.com`, description: `integration ${k}` });
  const state = JSON.stringify({ v: 2, rev: 1, workspace: { items: Array.from({ length: m }, (_, k) => item(k)), selected: 0 } });
  const { ctx, page, start } = await open(state);
  console.log(`workspace of ${m} integrations (${(state.length / 1e6).toFixed(1)} MB saved): start ${fmt(start)} (navigation to the form drawn)`);
  const times = [];
  const frames = [];
  for (let k = 0; k < edits; k++) {
    const r = await page.evaluate(async (k) => {
      const root = document.querySelector('.apigw-integration-builder').shadowRoot;
      const input = root.querySelector('[aria-label="description"]');
      const out = root.querySelector('#out-resource');
      const text = `edit ${k}`;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const t0 = performance.now();
      setter.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (!out.textContent.includes(`"${text}"`)) await new Promise((r) => setTimeout(r, 0));
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return [t1 - t0, performance.now() - t0];
    }, k);
    times.push(r[0]);
    frames.push(r[1]);
    // Let each edit's autosave run before the next edit (the worst case: one save an edit).
    await page.waitForTimeout(400);
  }
  console.log(`  an edit: p50 ${fmt(pct(times, 50))}, max ${fmt(Math.max(...times))} to the output; p50 ${fmt(pct(frames, 50))}, max ${fmt(Math.max(...frames))} to the end of the frame after it`);
  // The autosave after an edit: the longest gap between frames while it runs (it blocks
  // the page for as long as it takes to write the workspace's JSON and store it).
  const save = await page.evaluate(async () => {
    const root = document.querySelector('.apigw-integration-builder').shadowRoot;
    const input = root.querySelector('[aria-label="description"]');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    let last = performance.now();
    let longest = 0;
    let saved = false;
    const frame = (t) => {
      longest = Math.max(longest, t - last);
      last = t;
      if (!saved) requestAnimationFrame(frame);
    };
    await new Promise((r) => requestAnimationFrame((t) => { last = t; r(); }));
    requestAnimationFrame(frame);
    setter.call(input, 'the saved edit');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    while (!(localStorage.getItem('apigw-integration-builder/state') ?? '').includes('the saved edit')) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    saved = true;
    return longest;
  });
  console.log(`  the autosave after an edit: the longest gap between frames while it runs ${fmt(save)}`);
  const remove = await clickUntil(page, 'Remove i1', m - 1);
  const undo = await clickUntil(page, 'Undo', m);
  console.log(`  remove one: ${fmt(remove)}; undo it: ${fmt(undo)} (click to the frame that shows the list)`);
  await ctx.close();
}
await browser.close();
server.close();
