// Keystroke benchmark: the time from an edit of one field (an `input` event on the
// description field) to the output text showing it, in the release build, headless
// Chromium, loopback. Three configurations: a small one (the Lambda example), one with 50
// request_parameters, and a workspace of 50 integrations. Prints p50/p95/p99 per case over
// EDITS edits that follow WARMUP edits (default 100), and the warm-up edits on a line of
// their own: the first edits of a page run code for the first time (V8 compiles each wasm
// function on its first call, then optimises the hot ones), which is start-up, not the
// steady cost of a keystroke; both are reported. By default the next edit follows as soon
// as the frame that shows the last one has run (one edit per frame, 60 a second: on a
// 2-core machine it then shares the CPU with that frame's raster work); GAP=MS waits MS
// milliseconds more between edits (GAP=40: 25 a second, still faster than anyone types).
//
//   scripts/build && [WARMUP=100] [GAP=MS] node tests/e2e/keystroke-bench.mjs [EDITS]
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const edits = Number(process.argv[2] ?? 1000);
const warmup = Number(process.env.WARMUP ?? 100);
const gap = Number(process.env.GAP ?? 0);
// Cross-origin isolated, so that performance.now() has 5 µs resolution, not 100 µs: the
// p99s compared here are about 1 ms apart by a few tenths.
const server = await serve(join(here, '..', '..', 'dist'), 0, { isolated: true });
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();

const api = 'resource "aws_apigatewayv2_api" "a" {\n  protocol_type = "HTTP"\n}\n';
const lambda = (name, extra = '') => `resource "aws_apigatewayv2_integration" "${name}" {\n  api_id                 = aws_apigatewayv2_api.a.id\n  integration_type       = "AWS_PROXY"\n  integration_uri        = aws_lambda_function.f.invoke_arn\n  payload_format_version = "2.0"\n  description            = "x"\n${extra}}\n`;
const params = (n) => `\n  request_parameters = {\n${Array.from({ length: n }, (_, k) => `    "append:header.h${k}" = "$request.header.h${k}"\n`).join('')}  }\n`;

const cases = [
  ['small (one integration, Lambda)', api + lambda('small')],
  ['50 request_parameters', api + lambda('params', params(50))],
  ['workspace of 50 integrations', api + Array.from({ length: 50 }, (_, k) => lambda(`i${k}`)).join('\n')],
];

async function measure(hcl) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.error(`console ${m.type()}: ${m.text().slice(0, 500)}`); });
  page.on('pageerror', (e) => console.error(`page error: ${e.message.slice(0, 500)}`));
  await page.goto(base);
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the page is not cross-origin isolated: performance.now() would have 100 µs resolution');
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.locator('#paste-hcl').fill(hcl);
  await page.getByRole('button', { name: 'Add to the workspace' }).click();
  await page.locator('#out-resource', { hasText: 'description' }).waitFor();
  const { result: times, frames, recreated } = await page.evaluate(async ([n, gap]) => {
    // mount() renders into a shadow root.
    const root = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot ?? document;
    let input = root.querySelector('[aria-label="description"]');
    const out = root.querySelector('#out-resource');
    const setter = (el, v) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set.call(el, v);
    const result = [];
    const frames = [];
    let recreated = 0;
    for (let k = 0; k < n; k++) {
      // A control the view re-created since the last edit is typed into anew (and counted).
      if (!input.isConnected) {
        input = root.querySelector('[aria-label="description"]');
        recreated += 1;
        if (!input) throw new Error(`edit ${k}: no description field; the page shows: ${root.textContent.slice(0, 600)}`);
      }
      const text = `edit ${k} of the description`;
      const want = `"${text}"`;
      const done = new Promise((resolve) => {
        const check = () => out.textContent.includes(want);
        const obs = new MutationObserver(() => { if (check()) { obs.disconnect(); resolve(performance.now()); } });
        obs.observe(out, { childList: true, subtree: true, characterData: true });
        setTimeout(() => resolve(NaN), 5000);
      });
      const t0 = performance.now();
      setter(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = await done;
      if (Number.isNaN(t1)) throw new Error(`edit ${k}: the output never showed ${want}: ${out.textContent.split("\n").find((l) => l.includes("description"))}; input is ${JSON.stringify(input.value)}; page says ${root.textContent.match(/[^.]*(another tab|conflict|changed)[^.]*\./i)?.[0]}`);
      result.push(t1 - t0);
      // Let the browser paint between edits, as between keystrokes, and time that frame's
      // rendering: from its animation-frame callback to a message posted there, which runs
      // once style, layout, paint and the commit to the compositor are done.
      frames.push(await new Promise((r) => requestAnimationFrame(() => {
        const f0 = performance.now();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => r(performance.now() - f0);
        ch.port2.postMessage(0);
      })));
      if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    }
    return { result, frames, recreated };
  }, [warmup + edits, gap]);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  await ctx.close();
  return { times, frames, heap, recreated };
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const stats = (xs) => `p50 ${pct(xs, 50).toFixed(2).padStart(6)} ms  p95 ${pct(xs, 95).toFixed(2).padStart(6)} ms  p99 ${pct(xs, 99).toFixed(2).padStart(6)} ms`;
console.log(`keystroke -> output in the DOM, ${edits} edits per case after ${warmup} warm-up edits, ${gap > 0 ? `${gap} ms between edits` : 'one edit per frame'} (release build, headless Chromium, loopback, cross-origin isolated: 5 µs timer)`);
const small = [];
for (const [label, hcl] of cases) {
  const { times: all, frames, heap, recreated } = await measure(hcl);
  const times = all.slice(warmup);
  if (!small.length) small.push(pct(times, 99));
  console.log(`${label.padEnd(34)} ${stats(times)}  (p99 ${(pct(times, 99) / small[0]).toFixed(2)}x small; JS heap ${(heap / 1e6).toFixed(1)} MB; the field was re-created ${recreated} times)`);
  console.log(`${'  the frame that shows it'.padEnd(34)} ${stats(frames.slice(warmup))}  (rendering: style, layout, paint)`);
  if (warmup > 0) console.log(`${'  its warm-up edits'.padEnd(34)} ${stats(all.slice(0, warmup))}  (max ${Math.max(...all.slice(0, warmup)).toFixed(1)} ms)`);
}
await browser.close();
server.close();
