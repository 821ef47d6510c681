// Memory benchmark: the WebAssembly memory and the JS heap (after a garbage collection)
// of the standalone page, after loading a workspace of three integrations and after 1,000,
// 5,000 and 10,000 edits (typing in the description, and every 50th edit adding and then
// removing a request_parameters entry, every 500th selecting another integration).
//
//   trunk build --release && node tests/e2e/memory-bench.mjs [EDITS]
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const total = Number(process.argv[2] ?? 10000);
const server = await serve(join(here, '..', '..', 'dist'));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium(['--js-flags=--expose-gc']);
const page = await (await browser.newContext()).newPage();
page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
await page.goto(base);
await page.waitForSelector('html[data-ready="true"]');
await page.getByRole('button', { name: 'Clear' }).click();
const lambda = (n) => `resource "aws_apigatewayv2_integration" "${n}" {\n  api_id                 = aws_apigatewayv2_api.a.id\n  integration_type       = "AWS_PROXY"\n  integration_uri        = aws_lambda_function.f.invoke_arn\n  payload_format_version = "2.0"\n  description            = "x"\n}\n`;
await page.locator('#paste-hcl').fill(`resource "aws_apigatewayv2_api" "a" {\n  protocol_type = "HTTP"\n}\n${lambda('one')}${lambda('two')}${lambda('three')}`);
await page.getByRole('button', { name: 'Add to the workspace' }).click();
await page.locator('#out-resource', { hasText: 'description' }).waitFor();

const sample = () => page.evaluate(async () => {
  // Let pending effects and the debounced autosave run, then collect garbage.
  await new Promise((r) => setTimeout(r, 400));
  gc();
  return { wasm: window.wasmBindings.memoryBytes(), heap: performance.memory.usedJSHeapSize };
});

const edit = (from, to) => page.evaluate(async ([from, to]) => {
  const root = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot ?? document;
  const setter = (el, v) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set.call(el, v);
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const mode = window.__benchMode ?? 'all';
  for (let k = from; k < to; k++) {
    if (mode === 'text') {
      const input = root.querySelector('[aria-label="description"]');
      setter(input, `edit ${k} of the description`);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      continue;
    }
    if (mode === 'import') {
      [...root.querySelectorAll('label')].find((l) => /Import an existing integration/.test(l.textContent))?.querySelector('input')?.click();
      await frame();
      continue;
    }
    if (mode === 'rows' || mode === 'select') {
      if (mode === 'rows') {
        [...root.querySelectorAll('button')].find((b) => b.textContent === 'Add request_parameters entry')?.click();
        await frame();
        [...root.querySelectorAll('button')].find((b) => /^Remove request_parameters entry/.test(b.getAttribute('aria-label') ?? ''))?.click();
      } else {
        const entries = root.querySelectorAll('.ws-select');
        entries[k % entries.length]?.click();
      }
      await frame();
      continue;
    }
    if (k % 500 === 499) {
      const entries = root.querySelectorAll('.ws-select');
      entries[(k / 500) % entries.length | 0]?.click();
    } else if (k % 50 === 49) {
      [...root.querySelectorAll('button')].find((b) => b.textContent === 'Add request_parameters entry')?.click();
      await frame();
      [...root.querySelectorAll('button')].find((b) => /^Remove request_parameters entry/.test(b.getAttribute('aria-label') ?? ''))?.click();
    } else {
      const input = root.querySelector('[aria-label="description"]');
      setter(input, `edit ${k} of the description`);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await frame();
  }
}, [from, to]);

await page.evaluate((m) => { window.__benchMode = m; }, process.env.MODE ?? 'all');
const rows = [['after loading', await sample()]];
let done = 0;
for (const mark of [1000, 5000, 10000, 20000, total].filter((m, i, a) => m <= total && a.indexOf(m) === i)) {
  await edit(done, mark);
  done = mark;
  rows.push([`after ${mark.toLocaleString('en')} edits`, await sample()]);
}
console.log(`memory of the standalone page (release build, headless Chromium, after a garbage collection)`);
for (const [label, m] of rows) {
  console.log(`${label.padEnd(22)} wasm memory ${(m.wasm / 1048576).toFixed(2).padStart(6)} MiB   JS heap ${(m.heap / 1048576).toFixed(2).padStart(6)} MiB`);
}
await browser.close();
server.close();
