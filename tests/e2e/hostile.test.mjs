// Hostile input end to end (release build, Debian's Chromium, the strict CSP): more than
// 200 strings (template sequences, quotes, backslashes, controls, zero-width and bidi
// characters, lone surrogates, 100 KB values, HTML and script payloads, keys with `=` and
// newlines; tests/e2e/hostile-corpus.mjs) typed into the form, pasted as HCL, carried by a
// share link and passed to the JS API. Nothing panics, no script runs, every value comes
// out exactly (decoded by HashiCorp's own parser, the oracle), and storage stays readable.
//
// What "exactly" means: the value as the page holds it. A text input drops line breaks,
// and a JavaScript lone surrogate becomes U+FFFD on its way to UTF-8 (String.toWellFormed);
// Terraform itself NFC-normalises strings, so both sides are compared normalised.
//
//   trunk build --release && node --test tests/e2e/hostile.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium, paste } from './helpers.mjs';
import { hostileStrings, hostileKeys } from './hostile-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const ORACLE = join(root, 'target', 'hcloracle');
const STRINGS = hostileStrings();
const KEYS = hostileKeys();
let server, base, browser;

before(async () => {
  execFileSync('bash', [join(root, 'tests', 'oracle', 'build.sh'), ORACLE], { stdio: 'ignore' });
  server = await serve(join(root, 'dist'));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** What a value comes out as: well-formed UTF-16 (so UTF-8), NFC-normalised. */
const expected = (s) => s.toWellFormed().normalize('NFC');

/** The oracle on `input` in `mode`, its stdout. */
const oracle = (mode, input) => execFileSync(ORACLE, [mode], { input, maxBuffer: 1 << 28 }).toString();

/** Every attribute value HashiCorp's parser reads in `hcl`, as [path, value]. */
function decoded(hcl) {
  return JSON.parse(oracle('values', hcl)).map((e) => {
    assert.equal(e.error, undefined, `HashiCorp's parser cannot evaluate ${e.path}: ${e.error} (a live template sequence?)`);
    return [e.path, e.value];
  });
}

async function open(url, context) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1400, height: 1000 } }));
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url ?? base);
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('#out-resource').waitFor();
  return { page, ctx, problems };
}

/** No payload ran, anywhere in the page. */
async function noScriptRan(page) {
  const pwned = await page.evaluate(() => window.__pwned ?? null);
  assert.equal(pwned, null, `a payload ran (window.__pwned = ${pwned})`);
}

/** The saved state is valid JSON in the current format, holding `n` integrations. */
async function storageIsSound(page, n) {
  const state = await page.evaluate(() => localStorage.getItem('apigw-integration-builder/state'));
  const parsed = JSON.parse(state);
  assert.equal(parsed.v, 2);
  assert.equal(parsed.workspace.items.length, n);
}

test(`corpus: at least 200 hostile strings (${STRINGS.length})`, () => {
  assert.ok(STRINGS.length >= 200, `${STRINGS.length}`);
  assert.ok(STRINGS.some((s) => s.length >= 100 * 1024));
  assert.ok(STRINGS.some((s) => /[\ud800-\udfff]/.test(s) && s.toWellFormed() !== s), 'lone surrogates');
});

test('typed into the form: every value comes out exactly, nothing runs, storage stays sound', async () => {
  const { page, problems, ctx } = await open();
  await page.getByRole('button', { name: 'Basic (MOCK)' }).click();
  // Literal mode, pinned: auto-detection would turn a string like `var.x` into a reference.
  const toggle = page.getByRole('button', { name: 'ref: description is a Terraform reference' });
  await page.getByLabel('description', { exact: true }).fill('x');
  await toggle.click();
  await toggle.click();
  const typed = await page.evaluate(async (strings) => {
    const root = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot ?? document;
    const input = root.querySelector('[aria-label="description"]');
    const out = root.querySelector('#out-resource');
    const setter = (el, v) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set.call(el, v);
    const changed = (before) => new Promise((resolve) => {
      if (out.textContent !== before) return resolve();
      const obs = new MutationObserver(() => { if (out.textContent !== before) { obs.disconnect(); resolve(); } });
      obs.observe(out, { childList: true, subtree: true, characterData: true });
      setTimeout(() => { obs.disconnect(); resolve(); }, 3000);
    });
    const results = [];
    for (const [k, s] of strings.entries()) {
      // A sentinel first, so that the output surely changes for each string.
      let before = out.textContent;
      setter(input, `sentinel ${k}`);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed(before);
      before = out.textContent;
      setter(input, s);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed(before);
      results.push({ field: input.value, output: out.textContent });
    }
    return results;
  }, STRINGS);
  // A string the field holds as empty (`\n\n\n`: a text input drops line breaks) unsets
  // the argument; every other one is in the output.
  const kept = typed.filter((t) => t.field !== '');
  assert.ok(kept.length >= 240, `${kept.length}`);
  const hcl = kept.map((t) => t.output).join('\n');
  const descriptions = decoded(hcl).filter(([p]) => p.endsWith('.description')).map(([, v]) => v);
  assert.equal(descriptions.length, kept.length, 'one description per string');
  for (const [k, t] of kept.entries()) {
    assert.equal(descriptions[k], expected(t.field), `string ${k} ${JSON.stringify(t.field).slice(0, 80)}`);
  }
  for (const t of typed.filter((t) => t.field === '')) assert.ok(!t.output.includes('description'), t.output);
  // Map keys: request_templates of this WebSocket MOCK integration.
  await page.getByRole('button', { name: 'Add request_templates entry' }).click();
  const keyed = await page.evaluate(async (keys) => {
    const root = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)?.shadowRoot ?? document;
    const key = root.querySelector('[aria-label="request_templates key 1"]');
    const out = root.querySelector('#out-resource');
    const setter = (el, v) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set.call(el, v);
    const results = [];
    for (const k of keys) {
      const before = out.textContent;
      setter(key, k);
      key.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => {
        const obs = new MutationObserver(() => { obs.disconnect(); resolve(); });
        obs.observe(out, { childList: true, subtree: true, characterData: true });
        setTimeout(() => { obs.disconnect(); resolve(); }, 3000);
      });
      results.push({ field: key.value, output: out.textContent, changed: out.textContent !== before });
    }
    return results;
  }, KEYS);
  for (const t of keyed) {
    const templates = decoded(t.output).find(([p]) => p.endsWith('.request_templates'));
    assert.ok(templates, `request_templates in ${t.output}`);
    assert.deepEqual(Object.keys(templates[1]), [expected(t.field)]);
  }
  await noScriptRan(page);
  // The autosave runs 300 ms after the typing stops: wait for it (nothing may be saved yet).
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('apigw-integration-builder/state') ?? 'null')?.workspace?.items?.[0]?.request_templates);
  await storageIsSound(page, 1);
  // A reload brings the last value back, with no notice of a broken state.
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.locator('.notice').count(), 0);
  assert.equal(await page.getByLabel('description', { exact: true }).inputValue(), typed.at(-1).field);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('pasted as HCL, then carried by a share link: every value comes out exactly', async () => {
  const quoted = JSON.parse(oracle('quote', JSON.stringify([...STRINGS, ...KEYS])));
  const lit = (k) => quoted[k];
  let hcl = 'resource "aws_apigatewayv2_api" "ws" {\n  protocol_type = "WEBSOCKET"\n}\n\n';
  for (let k = 0; k < STRINGS.length; k++) {
    hcl += `resource "aws_apigatewayv2_integration" "i${k}" {\n  api_id           = aws_apigatewayv2_api.ws.id\n  integration_type = "MOCK"\n  description      = ${lit(k)}\n}\n\n`;
  }
  const keyLines = KEYS.map((_, j) => `    ${lit(STRINGS.length + j)} = ${lit(j)}`).join('\n');
  hcl += `resource "aws_apigatewayv2_integration" "keys" {\n  api_id           = aws_apigatewayv2_api.ws.id\n  integration_type = "MOCK"\n\n  request_templates = {\n${keyLines}\n  }\n}\n`;
  const { page, problems, ctx } = await open();
  await page.getByRole('button', { name: 'Clear' }).click();
  await paste(page, hcl);
  await page.getByText('Show the whole file').click();
  await page.locator('#out-file').waitFor();
  const check = async (p) => {
    const file = await p.locator('#out-file').textContent();
    const values = decoded(file);
    const descriptions = values.filter(([path]) => path.endsWith('.description')).map(([, v]) => v);
    assert.deepEqual(descriptions, STRINGS.map(expected));
    // (HashiCorp's JSON of an object sorts its keys; the comparison does not depend on order.)
    const templates = values.find(([path]) => path.endsWith('.request_templates'))[1];
    assert.deepEqual(templates, Object.fromEntries(KEYS.map((key, j) => [expected(key), expected(STRINGS[j])])));
  };
  await check(page);
  await noScriptRan(page);
  await page.waitForFunction((n) => JSON.parse(localStorage.getItem('apigw-integration-builder/state') ?? 'null')?.workspace?.items?.length === n, STRINGS.length + 1);
  await storageIsSound(page, STRINGS.length + 1);
  // The share link carries all of it.
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  const other = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const fresh = await open(link, other);
  await fresh.page.getByText('Show the whole file').click();
  await fresh.page.locator('#out-file').waitFor();
  await check(fresh.page);
  await noScriptRan(fresh.page);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await other.close();
  await ctx.close();
});

test('passed to the JS API: every value comes out exactly, or a clear error', async () => {
  const { page, problems, ctx } = await open();
  const results = await page.evaluate(({ strings, keys }) => {
    const api = window.wasmBindings;
    return Promise.all(strings.map(async (s, k) => {
      const key = keys[k % keys.length];
      const config = {
        name: `t${k}`,
        protocol: 'WEBSOCKET',
        api_id: { expr: 'aws_apigatewayv2_api.a.id' },
        integration_type: 'MOCK',
        description: s,
        request_templates: { [key]: s },
      };
      try {
        api.validate(config);
        const r = api.render(config);
        const back = r.resource ? (await api.parse(r.resource)).integrations[0] : null;
        return { key, resource: r.resource, ok: r.ok, back: back && back.description };
      } catch (e) {
        return { key, error: `${e.constructor.name}: ${e.message}` };
      }
    }));
  }, { strings: STRINGS, keys: KEYS });
  for (const [k, r] of results.entries()) {
    assert.equal(r.error, undefined, `string ${k}: ${r.error}`);
    assert.ok(r.ok && r.resource, `string ${k} renders`);
    const values = decoded(r.resource);
    assert.equal(values.find(([p]) => p.endsWith('.description'))[1], expected(STRINGS[k]), `string ${k}`);
    assert.deepEqual(values.find(([p]) => p.endsWith('.request_templates'))[1], { [expected(r.key)]: expected(STRINGS[k]) });
    // What the API parses back is what it was given (as UTF-8 holds it).
    assert.equal(r.back, STRINGS[k].toWellFormed(), `string ${k} parsed back`);
  }
  await noScriptRan(page);
  assert.deepEqual(problems, []);
  await ctx.close();
});
