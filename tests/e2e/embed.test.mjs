// End-to-end tests of the embeddable module, as a portal uses it: the release build
// served under /tools/apigw/ (not the site root), loaded by host pages that are not the
// standalone page (tests/e2e/host/ under /docs/, and the examples in dist/examples/),
// with the strict CSP header, in Debian's Chromium.
//
//   trunk build --release && node --test tests/e2e/embed.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { axeViolations, launchChromium } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
let server, origin, browser;

before(async () => {
  server = await serve({ '/tools/apigw/': join(root, 'dist'), '/docs/': join(here, 'host') });
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(path, context) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1400, height: 1000 } }));
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${origin}${path}`);
  return { page, ctx, problems };
}

/** A locator inside one element's shadow root (Playwright's CSS pierces open shadow roots). */
const inside = (page, id) => page.locator(`#${id}`);
const resourceOf = (page, id) => inside(page, id).locator('#out-resource').innerText();

test('two custom elements on a portal page: their own presets, state, events and storage', async () => {
  const { page, ctx, problems } = await open('/docs/portal.html');
  await inside(page, 'one').locator('#out-resource').waitFor();
  await inside(page, 'two').locator('#out-resource').waitFor();
  assert.match(await resourceOf(page, 'one'), /integration_type += "AWS_PROXY"/);
  assert.match(await resourceOf(page, 'two'), /integration_subtype += "SQS-SendMessage"/);
  // The template's HCL, layout kept (read by the reader module, which loads for it).
  await inside(page, 'three').locator('#out-resource', { hasText: 'from_template' }).waitFor();
  assert.equal(
    await resourceOf(page, 'three'),
    'resource "aws_apigatewayv2_integration" "from_template" {\n  api_id           = aws_apigatewayv2_api.ws.id\n  integration_type = "MOCK"\n\n  # Kept as written.\n  passthrough_behavior = "WHEN_NO_MATCH"\n}\n',
  );
  // panels: the second has no form, the third only the output.
  assert.equal(await inside(page, 'two').locator('form').count(), 0);
  assert.equal(await inside(page, 'three').locator('.summary').count(), 0);

  // Typing in one changes only that one and fires only its change event.
  const before2 = await resourceOf(page, 'two');
  await inside(page, 'one').getByLabel('description', { exact: true }).fill('Portal edit');
  await page.waitForFunction(() => window.changes.one.some((d) => d.resource?.includes('Portal edit')));
  assert.equal(await resourceOf(page, 'two'), before2);
  const counts = await page.evaluate(() => ({ one: window.changes.one.length, two: window.changes.two.length }));
  assert.ok(counts.one > 0 && counts.two === 0, JSON.stringify(counts));
  const detail = await page.evaluate(() => window.changes.one.at(-1));
  assert.equal(detail.config.description, 'Portal edit');
  assert.ok(Array.isArray(detail.diagnostics) && 'importBlock' in detail && 'importCommand' in detail);
  // The change event bubbles to the host page.
  assert.equal(await page.evaluate(() => new Promise((ok) => {
    document.body.addEventListener('change', (e) => ok(e.target.id), { once: true });
    document.getElementById('two').config = { name: 'set_by_host', protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.h.id' }, integration_type: 'HTTP_PROXY', integration_method: 'ANY', integration_uri: 'https://example.com' };
  })), 'two');

  // Properties: config, resource, importBlock, diagnostics.
  const props = await page.evaluate(() => {
    const el = document.getElementById('two');
    return { name: el.config.name, resource: el.resource, importBlock: el.importBlock, diagnostics: el.diagnostics.length };
  });
  assert.equal(props.name, 'set_by_host');
  assert.match(props.resource, /^resource "aws_apigatewayv2_integration" "set_by_host"/);
  assert.equal(props.importBlock, null);
  // Bad input throws an Error that says what is wrong, and changes nothing.
  const thrown = await page.evaluate(() => {
    try {
      document.getElementById('two').config = { name: 'x', colour: 'red' };
      return 'no error';
    } catch (e) {
      return `${e instanceof Error} ${e.message}`;
    }
  });
  assert.match(thrown, /^true .*unknown field `colour`/);
  assert.match(await resourceOf(page, 'two'), /set_by_host/);

  // Reload: the instances with a storage-key come back as they were left; the saved
  // state wins over the preset.
  await page.reload();
  await inside(page, 'two').locator('#out-resource').waitFor();
  assert.match(await resourceOf(page, 'two'), /set_by_host/);
  assert.match(await resourceOf(page, 'one'), /Portal edit/);
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  assert.deepEqual(keys, ['portal/one', 'portal/two']);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the module loads from a server that compresses, and from one that sends the wasm with the wrong type', async () => {
  // Production servers send brotli; some send .wasm as application/octet-stream, where
  // streaming compilation is refused and the loader must fall back to the bytes.
  for (const options of [{ brotli: true }, { types: { '.wasm': 'application/octet-stream' } }]) {
    const other = await serve({ '/tools/apigw/': join(root, 'dist'), '/docs/': join(here, 'host') }, 0, options);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const encodings = [];
    page.on('response', (r) => r.url().endsWith('.wasm') && encodings.push([r.headers()['content-encoding'], r.headers()['content-type']]));
    await page.goto(`http://127.0.0.1:${other.address().port}/docs/portal.html`);
    await inside(page, 'one').locator('#out-resource').waitFor();
    assert.match(await resourceOf(page, 'one'), /integration_type += "AWS_PROXY"/, JSON.stringify(options));
    assert.deepEqual(errors, [], JSON.stringify(options));
    assert.deepEqual(encodings[0], options.brotli ? ['br', 'application/wasm'] : [undefined, 'application/octet-stream']);
    await ctx.close();
    other.close();
  }
});

test("the host page's CSS changes nothing inside, and the builder's changes nothing outside", async () => {
  const { page, ctx, problems } = await open('/docs/portal.html');
  const input = inside(page, 'one').getByLabel('description', { exact: true });
  await input.waitFor();
  const inner = await input.evaluate((el) => ({ display: getComputedStyle(el).display, color: getComputedStyle(el).color, spacing: getComputedStyle(el).letterSpacing }));
  assert.notEqual(inner.display, 'none');
  assert.notEqual(inner.color, 'rgb(170, 0, 0)');
  assert.equal(inner.spacing, 'normal');
  const text = await inside(page, 'one').locator('.field-head .arg').first().evaluate((el) => getComputedStyle(el).color);
  assert.notEqual(text, 'rgb(170, 0, 0)');
  const pre = await inside(page, 'one').locator('#out-resource').evaluate((el) => getComputedStyle(el).fontSize);
  assert.notEqual(pre, '40px');
  // A host button keeps the host's style; the builder's own buttons do not take it.
  const hostButton = await page.locator('#host-button').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(hostButton, 'rgb(255, 255, 0)');
  const innerButton = await inside(page, 'one').getByRole('button', { name: 'Copy resource' }).evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(innerButton, 'rgb(255, 255, 0)');
  // No stylesheet of the builder's is in the host document.
  assert.deepEqual(await page.evaluate(() => [...document.styleSheets].map((s) => s.href && new URL(s.href).pathname)), ['/docs/portal.css']);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('mount() and unmount() from a module leave no DOM behind; bad options throw', async () => {
  const { page, ctx, problems } = await open('/docs/portal.html');
  await inside(page, 'one').locator('#out-resource').waitFor();
  const result = await page.evaluate(async () => {
    const { mount } = await import('/tools/apigw/apigw-integration-builder.js');
    const target = document.getElementById('mount-here');
    const seen = [];
    const h = mount(target, { preset: 'private', storageKey: null, onChange: (d) => seen.push(d.config.name) });
    const mounted = target.children.length;
    const first = h.getConfig().integration_type;
    h.setConfig({ name: 'mounted', protocol: 'WEBSOCKET', api_id: { expr: 'a.b' }, integration_type: 'MOCK' });
    await new Promise((r) => setTimeout(r, 50));
    const resource = h.resource;
    h.unmount();
    const errors = [];
    for (const bad of [[target, { colour: 1 }], [target, { preset: 'nope' }], [target, { panels: 'sidebar' }], [target, 42], ['#mount-here', {}]]) {
      try {
        mount(...bad);
        errors.push('no error');
      } catch (e) {
        errors.push(e.message);
      }
    }
    return { mounted, first, seen, resource, after: target.innerHTML, errors, storage: Object.keys(localStorage).filter((k) => !k.startsWith('portal/')) };
  });
  assert.equal(result.mounted, 1);
  assert.equal(result.first, 'HTTP_PROXY');
  assert.deepEqual(result.seen, ['mounted']);
  assert.match(result.resource, /"mounted"/);
  assert.equal(result.after, '', 'unmount removes every node it added');
  assert.deepEqual(result.storage, [], 'storageKey: null saves nothing');
  assert.match(result.errors[0], /unknown option `colour`/);
  assert.match(result.errors[1], /`preset` is `nope`/);
  assert.match(result.errors[2], /`sidebar`/);
  assert.match(result.errors[3], /options must be an object/);
  assert.match(result.errors[4], /element must be a DOM element/);
  assert.equal(result.after, await page.locator('#mount-here').innerHTML());
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the JS API from the module: validate, render, parse, rules, presets, and bad input', async () => {
  const { page, ctx, problems } = await open('/docs/portal.html');
  const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /apigw-integration-reader/.test(e.name)).length);
  const r = await page.evaluate(async () => {
    const api = await import('/tools/apigw/apigw-integration-builder.js');
    const tryIt = (f) => { try { f(); return 'no error'; } catch (e) { return `${e instanceof Error}: ${e.message}`; } };
    const tryAsync = async (f) => { try { await f(); return 'no error'; } catch (e) { return `${e instanceof Error}: ${e.message}`; } };
    const pending = api.parse('resource "aws_apigatewayv2_integration" "p" {\n  api_id = a.b\n}\n');
    return {
      promise: pending instanceof Promise,
      validate: api.validate({ name: 'x', protocol: 'HTTP', integration_type: 'MOCK' }).map((d) => d.code),
      render: api.render({ name: 'x', api_id: { expr: 'a.b' }, integration_type: 'MOCK' }).resource,
      withheld: api.render({ name: 'x', api_id: { expr: 'a.b\n}\nresource "x" "y" {' }, integration_type: 'MOCK' }),
      parse: (await pending).integrations[0].name,
      // Numbers with a fraction: the digits JS wrote, never a float in between, both ways.
      fraction: api.render({ name: 'x', integration_type: 'MOCK', timeout_milliseconds: 1.5, request_templates: { a: { number: '2.50e3' } } }).resource,
      parsedFraction: (await api.parse('resource "aws_apigatewayv2_integration" "p" {\n  timeout_milliseconds = 1.50\n}\n')).integrations[0].timeout_milliseconds,
      rules: (await api.rules()).length,
      presets: api.presets().map((p) => p.id),
      bad: [tryIt(() => api.validate(42)), tryIt(() => api.render({ nope: 1 })), await tryAsync(() => api.parse(42)), tryIt(() => api.validate({ description: 'x'.repeat(5 << 20) })), await tryAsync(() => api.parse('#'.repeat(5 << 20)))],
    };
  });
  assert.equal(r.promise, true);
  // The page's template and every parse() share one load of the reader module.
  assert.equal(await loaded(), 2, 'the reader module and its wasm, once');
  assert.ok(r.validate.includes('R-SCH-1'));
  assert.equal(r.render, 'resource "aws_apigatewayv2_integration" "x" {\n  api_id           = a.b\n  integration_type = "MOCK"\n}\n');
  assert.equal(r.withheld.ok, false);
  assert.equal(r.withheld.resource, null);
  assert.ok(r.withheld.diagnostics.some((d) => d.code === 'R-EXPR-1'));
  assert.equal(r.parse, 'p');
  assert.match(r.fraction, /timeout_milliseconds = 1\.5\n/);
  assert.match(r.fraction, /"a" = 2\.50e3\n/);
  assert.deepEqual(r.parsedFraction, { number: '1.50' });
  assert.ok(r.rules > 80);
  assert.deepEqual(r.presets, ['basic', 'lambda', 'sqs', 'private']);
  assert.match(r.bad[0], /^true: not a configuration: .*got number/);
  assert.match(r.bad[1], /^true: .*unknown field `nope`/);
  assert.match(r.bad[2], /^true: parse\(hclText\) takes a string/);
  assert.match(r.bad[3], /^true: .*too large/);
  assert.match(r.bad[4], /^true: the HCL text is too large/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the example pages work from the build; axe (every rule) finds nothing on the host page', async () => {
  const axe = await readFile(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const path of ['/tools/apigw/examples/two.html', '/tools/apigw/examples/hostile.html', '/tools/apigw/examples/element.html', '/tools/apigw/examples/mount.html', '/docs/portal.html']) {
    const { page, ctx, problems } = await open(path);
    await page.locator('#out-resource').first().waitFor();
    assert.match(await page.locator('#out-resource').first().innerText(), /^resource "aws_apigatewayv2_integration"/, path);
    assert.deepEqual(problems, [], path);
    assert.deepEqual(await axeViolations(page, axe), [], path);
    await ctx.close();
  }
  // The iframe example shows the standalone page.
  const { page, ctx, problems } = await open('/tools/apigw/examples/iframe.html');
  await page.frameLocator('iframe').locator('#out-resource').waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a read-only widget shows the configuration without letting anyone change it', async () => {
  const { page, ctx, problems } = await open('/tools/apigw/examples/two.html');
  const two = inside(page, 'two');
  await two.locator('#out-resource').waitFor();
  assert.equal(await two.locator('form').count(), 0);
  await page.evaluate(() => document.getElementById('two').setAttribute('panels', 'form output'));
  await two.locator('form').waitFor();
  assert.equal(await two.getByLabel('description', { exact: true }).isDisabled(), true);
  assert.equal(await two.getByRole('button', { name: 'Clear' }).count(), 0);
  assert.equal(await two.locator('#paste-hcl').count(), 0);
  assert.equal(await two.locator('.apigw-root').getAttribute('data-theme'), 'dark');
  assert.deepEqual(problems, []);
  await ctx.close();
});
