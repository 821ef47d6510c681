// The functions of the form's wasm that a page's start runs: what scripts/split-wasm.mjs
// keeps in the first load and tests/e2e/wasm-where.mjs measures. A build tool (scripts/build
// runs it), so it lives here, outside tests/, with what it needs (tools/package.json).
//
// V8 compiles a wasm function lazily, on its first call, and a trace says so
// (`wasm.CompileLazy`, with the function's index among all functions, imports first). The
// page is served from DIR (brotli, as scripts/size counts it) and loaded in headless
// Chromium, in a fresh context, with a trace, until the form shows its output and 500 ms
// more (what an idle moment after the start runs counts as the start).
//
// The profile is the standalone page's start, new (nothing saved, no link): what a first
// visit runs. With `every`, other starts are traced too, each alone, to see what each adds
// (what loads the rest of the wasm at once, or beside the first module: www/
// apigw-integration-builder.js):
//   - the standalone page from a share link of each documented example (`#s=`);
//   - a workspace of them all, from a whole-workspace share link (`#w=`) and from what a
//     page saved;
//   - the examples that embed the builder (a custom element started from a template, a
//     mount() with a preset, two elements with presets on one page).
//
//   node tools/start-profile.mjs DIST          every start: functions and code each runs,
//                                             and what it adds to the first visit's
import { deflateRawSync } from 'node:zlib';
import { serve } from './serve.mjs';
import { launchChromium } from './chromium.mjs';

const STATE_KEY = 'apigw-integration-builder/state';
const formShown = (selector) => [...document.querySelectorAll(selector)].some((e) => e.shadowRoot?.querySelector('#out-resource')?.textContent);

/** The indices of the functions the start of the page in `dir` ran (a Set; with `every`,
 * the starts'), with `byStart`: each start's URL and the indices it ran. */
export async function startProfile(dir, { every = false } = {}) {
  const server = await serve(dir, 0, { brotli: true });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  const indices = new Set();
  const byStart = new Map(); // url -> the indices its start ran
  // One start: `url` in `context`, traced until the form shows its output.
  async function start(context, url, selector = '.apigw-integration-builder', label = url) {
    const page = await context.newPage();
    await browser.startTracing(page, { categories: ['v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed'] });
    await page.goto(url);
    await page.waitForFunction(formShown, selector, { timeout: 30000 });
    await page.waitForTimeout(500);
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const ran = new Set();
    for (const e of trace.traceEvents ?? trace) {
      const index = e.args?.func_index ?? e.args?.data?.func_index;
      if (e.name === 'wasm.CompileLazy' && index !== undefined) ran.add(index);
    }
    if (ran.size === 0) throw new Error(`the trace of ${url} has no wasm.CompileLazy events: did the page start?`);
    for (const i of ran) indices.add(i);
    byStart.set(byStart.has(label) ? `${label} (again)` : label, ran);
    return page;
  }
  try {
    const fresh = await browser.newContext();
    const page = await start(fresh, `${base}/`);
    if (!every) return Object.assign(indices, { byStart });
    const presets = await page.evaluate(() => window.wasmBindings.presets());
    await fresh.close();
    for (const preset of presets) {
      const context = await browser.newContext();
      const json = JSON.stringify({ v: 1, model: preset.config });
      await start(context, `${base}/#s=${Buffer.from(json, 'utf8').toString('base64url')}`, undefined, `${base}/#s= (${preset.id})`);
      await context.close();
    }
    const items = presets.map((p, i) => ({ ...p.config, name: `i${i}` }));
    const workspace = JSON.stringify({ v: 2, workspace: { items, selected: items.length - 1 } });
    const context = await browser.newContext();
    await start(context, `${base}/#w=${deflateRawSync(Buffer.from(workspace, 'utf8')).toString('base64url')}`, undefined, `${base}/#w= (${items.length} integrations)`);
    const saved = await context.newPage();
    await saved.goto(`${base}/page.css`);
    await saved.evaluate(([key, value]) => localStorage.setItem(key, value), [STATE_KEY, workspace]);
    await saved.close();
    await start(context, `${base}/`, undefined, `${base}/ (from what it saved)`);
    await start(context, `${base}/examples/element.html`, '*');
    await start(context, `${base}/examples/mount.html`, '*');
    await start(context, `${base}/examples/two.html`, '*');
    await context.close();
    return Object.assign(indices, { byStart });
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const { codeBodies, parseImports, sections } = await import('../scripts/wasm-module.mjs');
  const dir = process.argv[2] ?? 'dist';
  const secs = sections(readFileSync(`${dir}/apigw-integration-web_bg.wasm`));
  const imported = parseImports(secs.find((s) => s.id === 2).body).filter((i) => i.kind === 0).length;
  const sizes = codeBodies(secs.find((s) => s.id === 10).body).map((b) => b.length);
  const bytes = (set) => [...set].reduce((sum, i) => sum + (sizes[i - imported] ?? 0), 0);
  const all = await startProfile(dir, { every: true });
  const first = [...all.byStart.values()][0];
  console.log(`${sizes.length} functions, ${bytes(new Set(sizes.map((_, i) => i + imported)))} B of code; every start together ran ${all.size} (${bytes(all)} B)`);
  console.log('start                                              functions  code (B)  beyond the first visit');
  for (const [url, ran] of all.byStart) {
    const more = new Set([...ran].filter((i) => !first.has(i)));
    const what = url.replace(/^http:\/\/[^/]+/, '');
    console.log(`${what.slice(0, 50).padEnd(50)} ${String(ran.size).padStart(9)} ${String(bytes(ran)).padStart(9)}  ${more.size} functions, ${bytes(more)} B`);
  }
}
