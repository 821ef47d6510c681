// Where the standalone page's start-up goes: loads it RUNS times (default 5), each in a
// fresh browser context (cold cache) with a Chromium trace, and prints, per phase, the
// median time from navigation (ms): each file's response, the wasm compiled, the
// builder module evaluated, the form in the DOM (the probe of scripts/embed-timing), and
// the main thread's busy time before that by kind (script, wasm compilation, style and
// layout, paint, parsing). Release build, served brotli-compressed on 127.0.0.1.
//
// It also lists, for each run, the main thread's tasks longer than LONG ms (default 3) and
// what ran in most of each; DUMP=1 prints every main-thread event after 85 ms.
//
//   scripts/build && [LONG=3] [DUMP=1] node tests/e2e/startup-trace.mjs [RUNS]
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 5);
// Tasks at least this long (ms) are listed with what ran in them.
const LONG = Number(process.env.LONG ?? 3);
const server = await serve(join(here, '..', '..', 'dist'), 0, { brotli: true });
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();

const probe = () => {
  const tick = () => {
    const root = document.querySelector('.apigw-integration-builder')?.shadowRoot;
    if (root?.querySelector('#out-resource')?.textContent && root.querySelector('input[aria-label="api_id"]')) {
      window.__usable = performance.now();
      performance.mark('apigw-usable');
    } else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

const CATEGORIES = ['blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink', 'loading', 'toplevel'].join(',');
// Main-thread trace events by kind (the top-most event of each kind counts, not its children).
const KINDS = {
  'script (JS and wasm running)': ['FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'RunMicrotasks', 'FireAnimationFrame', 'TimerFire', 'EventDispatch'],
  'wasm compilation (lazy, on first call)': ['wasm.CompileLazy', 'v8.wasm.compileLazy'],
  'style and layout': ['UpdateLayoutTree', 'Layout', 'RecalculateStyles'],
  paint: ['Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'Commit'],
  'HTML and CSS parsing': ['ParseHTML', 'ParseAuthorStyleSheet'],
};

const median = (xs) => { const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

// A fresh context's first load also has the server compress each file once: one untimed load.
{
  const ctx = await browser.newContext();
  await ctx.addInitScript(probe);
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__usable !== undefined);
  await ctx.close();
}

const rows = new Map();
const longTasks = [];
const threadNames = new Map();
function threadOf(events, pid, tid) {
  if (!threadNames.size) for (const e of events) if (e.name === 'thread_name') threadNames.set(`${e.pid}/${e.tid}`, e.args?.name);
  return threadNames.get(`${pid}/${tid}`);
}
const add = (k, v) => { if (!rows.has(k)) rows.set(k, []); rows.get(k).push(v); };
for (let r = 0; r < runs; r++) {
  const ctx = await browser.newContext();
  await ctx.addInitScript(probe);
  const page = await ctx.newPage();
  await browser.startTracing(page, { categories: CATEGORIES.split(',') });
  await page.goto(url);
  await page.waitForFunction(() => window.__usable !== undefined, null, { timeout: 30000 });
  const marks = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const files = performance.getEntriesByType('resource').flatMap((e) => [[`request start: ${e.name.split('/').pop()}`, e.startTime - nav.startTime], [`response end: ${e.name.split('/').pop()}`, e.responseEnd - nav.startTime]]);
    return { usable: window.__usable - nav.startTime, files, domContentLoaded: nav.domContentLoadedEventEnd - nav.startTime };
  });
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  await ctx.close();
  const events = trace.traceEvents ?? trace;
  // The renderer's main thread is the one that marked the form usable; its time 0 is the
  // navigation's start, that mark's time less its time from navigation.
  const mark = events.find((e) => e.name === 'apigw-usable');
  if (!mark) throw new Error('no apigw-usable mark in the trace');
  const until = mark.ts;
  const t0 = until - marks.usable * 1000;
  const main = events.filter((e) => e.pid === mark.pid && e.ph === 'X' && e.ts >= t0 && e.ts < until && threadOf(events, e.pid, e.tid) === 'CrRendererMain');
  for (const [kind, names] of Object.entries(KINDS)) {
    // Sum the outermost intervals only.
    const spans = main.filter((e) => names.includes(e.name)).map((e) => [e.ts, e.ts + (e.dur ?? 0)]).sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [s, e] of spans) {
      if (e <= end) continue;
      total += e - Math.max(s, end);
      end = e;
    }
    add(`main thread: ${kind}`, total / 1000);
  }
  const busy = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask').reduce((n, e) => n + (e.dur ?? 0), 0);
  add('main thread: busy (all tasks)', busy / 1000);
  for (const e of main.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur > LONG * 1000)) {
    // The long tasks, by what they ran.
    const inner = main.filter((x) => x.ts >= e.ts && x.ts + (x.dur ?? 0) <= e.ts + e.dur && x !== e && x.name !== 'RunTask' && (x.dur ?? 0) > 0.2 * e.dur);
    longTasks.push(`${((e.ts - t0) / 1000).toFixed(1).padStart(6)} ms +${(e.dur / 1000).toFixed(1).padStart(5)} ms  ${[...new Set(inner.map((x) => x.name))].slice(0, 8).join(' > ')}`);
  }
  longTasks.push('');
  if (process.env.DUMP) {
    const all = events.filter((e) => e.pid === mark.pid && threadOf(events, e.pid, e.tid) === 'CrRendererMain' && e.ts >= t0 + 85000 && (e.dur > 500 || e.ph !== 'X'));
    for (const e of all.slice(0, 400)) console.log(`${((e.ts - t0) / 1000).toFixed(1).padStart(7)} ${e.ph} ${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ${e.name} ${e.name === 'apigw-usable' ? '<<<' : ''}`);
  }
  for (const [name, t] of marks.files) add(name, t);
  threadNames.clear();
  const compiled = events.filter((e) => /wasm\.(StreamingFinished|FinishedStreaming|SyncCompile|AsyncCompile|ProcessModuleHeader|StartStreamingCompilation|CompilationFinished)/i.test(e.name) || e.name === 'v8.wasm.streamingFinished');
  for (const e of compiled) add(`wasm: ${e.name}`, (e.ts - t0) / 1000);
  add('DOMContentLoaded', marks.domContentLoaded);
  add('form usable (probe)', marks.usable);
}
await browser.close();
server.close();

console.log(`main-thread tasks over ${LONG} ms, each run (start, duration, what ran in most of it):`);
console.log(longTasks.join('\n'));
console.log(`standalone page start-up, median of ${runs} cold loads (ms from navigation; release build, headless Chromium, loopback, brotli)`);
for (const [k, v] of [...rows.entries()].sort((a, b) => (a[0].startsWith('main') - b[0].startsWith('main')) || median(a[1]) - median(b[1]))) {
  console.log(`${k.padEnd(62)} ${median(v).toFixed(1).padStart(7)}`);
}
