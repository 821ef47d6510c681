// Measures the time from the embeddable module's <script> tag to a usable widget: from
// the start of the fetch of apigw-integration-builder.js (Resource Timing) to the first
// frame in which the widget's form and output are in its shadow root (the output of its
// template, on examples/element.html). Also: the standalone
// page from navigation to a usable form, and the floor of this harness, a page of the same
// shape whose module script draws the probed elements at once (tests/e2e/host/floor.html). Release build,
// served on 127.0.0.1 under /tools/apigw/, headless Chromium; each run in a fresh
// browser context (cold cache) and then once reloaded (warm cache); and mount() alone, the
// module loaded. Files go out brotli-compressed, as a production server sends them. With
// LATENCY=MS, every request also waits MS milliseconds and downloads run at 20 Mbit/s
// (Chromium's network emulation): what a page on a real network sees. Prints figures.
//
//   trunk build --release && [LATENCY=40] node tests/e2e/embed-timing.mjs [RUNS]
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 20);
const server = await serve({ '/tools/apigw/': process.env.DIST ?? join(here, '..', '..', 'dist'), '/docs/': join(here, 'host') }, 0, { brotli: true });
const latency = Number(process.env.LATENCY ?? 0);
const url = `http://127.0.0.1:${server.address().port}/tools/apigw/examples/element.html`;
const browser = await launchChromium();

const origin = `http://127.0.0.1:${server.address().port}`;
// An element that starts from a template is usable once it shows the template's resource
// (the template is read by the reader module, which loads for it).
const probe = () => {
  const tick = () => {
    const host = document.querySelector('apigw-integration-builder') ?? document.querySelector('.apigw-integration-builder');
    const root = host?.shadowRoot;
    const name = host?.querySelector(':scope > template')?.content.textContent.match(/resource\s+"aws_apigatewayv2_integration"\s+"([^"]+)"/)?.[1];
    const out = root?.querySelector('#out-resource')?.textContent;
    const usable = out && (!name || out.includes(`"${name}"`)) && root.querySelector('input[aria-label="api_id"]');
    if (usable) window.__usable = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function once(page) {
  await page.waitForFunction(() => window.__usable !== undefined, null, { timeout: 30000 });
  return page.evaluate(() => {
    const mod = performance.getEntriesByType('resource').find((e) => /\/(apigw-integration-builder|floor)\.js$/.test(e.name));
    const nav = performance.getEntriesByType('navigation')[0];
    return { fromScript: window.__usable - mod.startTime, fromNavigation: window.__usable - nav.startTime, transfer: performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0) };
  });
}

// One untimed load first: the server compresses each file on its first request.
{
  const ctx = await browser.newContext();
  await ctx.addInitScript(probe);
  const page = await ctx.newPage();
  await page.goto(url);
  await once(page);
  await ctx.close();
}
/** A fresh browser context (cold cache) with the probe, on the emulated link if any. */
async function freshPage() {
  const ctx = await browser.newContext();
  await ctx.addInitScript(probe);
  const page = await ctx.newPage();
  if (latency > 0) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: 20e6 / 8, uploadThroughput: 5e6 / 8 });
  }
  return { ctx, page };
}
/** When the rest of a split wasm (scripts/split-wasm.mjs) had arrived, in ms after the page
 * was usable (negative: before); NaN for a build that is not split. */
async function restAfterUsable(page) {
  return page.evaluate(async () => {
    for (let k = 0; k < 500; k++) {
      const rest = performance.getEntriesByType('resource').find((e) => e.name.endsWith('_rest.wasm') && e.responseEnd > 0);
      if (rest) return rest.responseEnd - window.__usable;
      if (k > 100 && !performance.getEntriesByType('resource').some((e) => e.name.endsWith('_rest.wasm'))) return NaN;
      await new Promise((r) => setTimeout(r, 10));
    }
    return NaN;
  });
}
/** Loads `address` in a fresh browser context (cold cache), then reloads it (warm). */
async function load(address) {
  const { ctx, page } = await freshPage();
  await page.goto(address);
  const cold = await once(page);
  cold.rest = await restAfterUsable(page);
  await page.reload();
  const warm = await once(page);
  await ctx.close();
  return { cold, warm };
}
const cold = [];
const warm = [];
const standalone = [];
const floor = [];
// The three pages in turn, so that a slow spell of the machine falls on all of them.
for (let k = 0; k < runs; k++) {
  const element = await load(url);
  cold.push(element.cold);
  warm.push(element.warm);
  standalone.push((await load(`${origin}/tools/apigw/index.html`)).cold);
  floor.push((await load(`${origin}/docs/floor.html`)).cold);
}
// The first paste on the standalone page, which loads the reader module (the HCL file
// parser, not part of the first load): from the click on "Add to the workspace" to the
// read done (the panel's `data-reads`), then a second paste with the module loaded.
const pastes = [];
const repastes = [];
for (let k = 0; k < runs; k++) {
  const { ctx, page } = await freshPage();
  await page.goto(`${origin}/tools/apigw/index.html`);
  await once(page);
  const times = await page.evaluate(async () => {
    const root = document.querySelector('.apigw-integration-builder').shadowRoot;
    const box = root.querySelector('#paste-hcl');
    const panel = root.querySelector('fieldset.paste');
    const button = [...panel.querySelectorAll('button')].find((b) => b.textContent === 'Add to the workspace');
    const text = 'resource "aws_apigatewayv2_integration" "pasted" {\n  api_id           = aws_apigatewayv2_api.example.id\n  integration_type = "MOCK"\n}\n';
    if (panel.dataset.reads === undefined) return [NaN, NaN]; // a build without the reader module
    const once = async () => {
      box.value = text;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      const before = panel.dataset.reads;
      const t0 = performance.now();
      button.click();
      await new Promise((done) => {
        const seen = new MutationObserver(() => { if (panel.dataset.reads !== before) { seen.disconnect(); done(); } });
        seen.observe(panel, { attributes: true });
      });
      return performance.now() - t0;
    };
    return [await once(), await once()];
  });
  pastes.push(times[0]);
  repastes.push(times[1]);
  await ctx.close();
}
// The mount alone, the module loaded: mount() on a new element to the end of the first
// frame that shows it (40 mounts in one page, the first 5 left out as warm-up).
const mountPage = await (await browser.newContext()).newPage();
await mountPage.goto(url);
await mountPage.waitForFunction(() => customElements.get('apigw-integration-builder') !== undefined);
const mounts = await mountPage.evaluate(async () => {
  const { mount } = await import('/tools/apigw/apigw-integration-builder.js');
  const out = [];
  for (let k = 0; k < 40; k++) {
    const el = document.createElement('div');
    document.body.append(el);
    const t0 = performance.now();
    const handle = mount(el, { preset: 'lambda' });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    out.push(performance.now() - t0);
    handle.unmount();
    el.remove();
  }
  return out.slice(5);
});
await browser.close();
server.close();

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const row = (label, xs) => console.log(`${label.padEnd(44)} p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms   p95 ${pct(xs, 95).toFixed(1).padStart(7)} ms`);
const link = latency > 0 ? `${latency} ms latency, 20 Mbit/s` : 'loopback';
console.log(`embed timing over ${runs} runs (examples/element.html, served from /tools/apigw/ with brotli, headless Chromium, ${link})`);
row('script tag -> usable widget, cold cache', cold.map((r) => r.fromScript));
row('script tag -> usable widget, warm cache', warm.map((r) => r.fromScript));
row('navigation -> usable widget, cold cache', cold.map((r) => r.fromNavigation));
row('standalone page: navigation -> usable form', standalone.map((r) => r.fromNavigation));
row('floor: navigation -> a page drawn by script', floor.map((r) => r.fromNavigation));
// Each page minus the floor loaded right after it: a slow spell of the machine falls on
// both, so these move less between runs than the times themselves.
row('standalone page minus floor (paired)', standalone.map((r, k) => r.fromNavigation - floor[k].fromNavigation));
row('custom element minus floor (paired)', cold.map((r, k) => r.fromNavigation - floor[k].fromNavigation));
if (!standalone.some((r) => Number.isNaN(r.rest))) {
  // A first visit loads the rest of the wasm once the page is idle; the element, started
  // from a template, beside the first piece (negative: before it was usable).
  row('standalone page: usable -> the rest arrived', standalone.map((r) => r.rest));
  row('custom element: usable -> the rest arrived', cold.map((r) => r.rest));
}
row('mount() -> first frame, module loaded', mounts);
if (!pastes.some(Number.isNaN)) {
  row('first paste -> read, loads the reader', pastes);
  row('second paste -> read, reader loaded', repastes);
}
console.log(`bytes transferred on a cold load: ${cold[0].transfer}`);
