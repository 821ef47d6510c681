// End-to-end tests of the mapping editors (issue 28, item 4): completion of keys and values
// by protocol, side and subtype through `<input list>` and `<datalist>` (filled from the
// reader module when an editor first gets the focus), a key's errors on the key's input,
// and long keys that stay readable; axe on a form with mapping rows; screenshots at 390 and
// 1440 px (docs/screenshots/mapping-*.png).
//
//   scripts/build && node --test tests/e2e/mapping.test.mjs
//
// Headless Chromium draws no datalist popup (the suggestions are a browser widget it does
// not show), so "picking" a completion is done as the browser does it on Enter: the input's
// value becomes the option's, with one `input` event of type insertReplacementText. The
// rest (the focus, the typing, the options offered) is the keyboard's and the page's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeViolations, paste, serveAndLaunch, openPage } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
let base, browser, stop;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'dist/ is missing: run scripts/build first');
  ({ base, browser, stop } = await serveAndLaunch(dist));
});

after(() => stop?.());

/** A fresh page (`openPage`, helpers.mjs). */
const open = (options) => openPage(browser, base, options);

const field = (page, name) => page.getByLabel(name, { exact: true });
const target = (page, label) => page.getByRole('radio', { name: label });
const protocol = (page, name) => page.getByRole('radio', { name, exact: true });
const output = (page) => page.locator('#out-resource').innerText();

/** The options of the datalist an input is linked to, once the reader has filled it. */
async function options(input) {
  await input.page().waitForFunction((el) => el.list && el.list.options.length > 0, await input.elementHandle());
  return input.evaluate((el) => [...el.list.options].map((o) => o.value));
}

/** Adds an entry to a map editor from the keyboard (its Add button, then Enter): the new
 * key's input takes the focus. */
async function addEntry(page, button) {
  await page.getByRole('button', { name: button }).focus();
  await page.keyboard.press('Enter');
}

/** What the browser does when the user picks `value` from an input's suggestions. */
const pick = (input, value) =>
  input.evaluate((el, v) => {
    el.value = v;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: v }));
  }, value);

/** The text of the elements an element's aria-describedby names. */
const describedBy = (input) =>
  input.evaluate((el) => {
    const root = el.getRootNode();
    return (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => root.getElementById(id)?.textContent ?? `(no #${id})`).join(' | ');
  });

test('HTTP request keys and values complete from the keyboard, and the output takes them', async () => {
  const { page, ctx, problems } = await open();
  await target(page, 'HTTP URL').check();
  await addEntry(page, 'Add request_parameters entry');
  const key = field(page, 'request_parameters key 1');
  assert.equal(await key.evaluate((el) => el === el.getRootNode().activeElement), true, 'the new key has the focus');
  await page.keyboard.type('ov');
  // The focus started loading the reader module; the datalist is filled when it answers.
  const keys = await options(key);
  assert.deepEqual(keys, ['append:header.', 'overwrite:header.', 'remove:header.', 'append:querystring.', 'overwrite:querystring.', 'remove:querystring.', 'overwrite:path']);
  const typed = await key.inputValue();
  const offered = keys.filter((k) => k.startsWith(typed));
  assert.deepEqual(offered, ['overwrite:header.', 'overwrite:querystring.', 'overwrite:path']);
  await pick(key, offered[0]);
  await page.keyboard.type('x-request-id');
  assert.equal(await key.inputValue(), 'overwrite:header.x-request-id');
  // Tab to the value (the key's own controls come first), then its completions.
  await page.keyboard.press('Tab');
  const value = field(page, 'request_parameters value 1');
  assert.equal(await value.evaluate((el) => el === el.getRootNode().activeElement), true, 'Tab goes from the key to the value');
  await page.keyboard.type('$context.req');
  const values = await options(value);
  for (const v of ['$request.header.', '$request.querystring.', '$request.body', '$request.body.', '$request.path', '$request.path.', '$context.requestId', '$context.authorizer.claims.', '$context.identity.sourceIp', '$stageVariables.']) {
    assert.ok(values.includes(v), v);
  }
  assert.ok(!values.some((v) => v.startsWith('$response.') || v.startsWith('route.')), 'only request sources');
  assert.deepEqual(values.filter((v) => v.startsWith('$context.req')), ['$context.requestId', '$context.requestTime', '$context.requestTimeEpoch']);
  await pick(value, '$context.requestId');
  assert.match(await output(page), /"overwrite:header\.x-request-id" = "\$context\.requestId"/);
  // A response block's mappings offer the response grammar.
  await page.getByRole('button', { name: 'Add response_parameters block' }).click();
  await addEntry(page, 'Add response_parameters 1 mappings entry');
  const rkey = field(page, 'response_parameters 1 mappings key 1');
  assert.deepEqual(await options(rkey), ['append:header.', 'overwrite:header.', 'remove:header.', 'overwrite:statuscode']);
  // A value's input is linked to its list when it gets the focus.
  await page.keyboard.press('Tab');
  const rvalue = field(page, 'response_parameters 1 mappings value 1');
  await rvalue.focus();
  const rvalues = await options(rvalue);
  assert.ok(rvalues.includes('$response.header.') && rvalues.includes('$context.requestId'));
  assert.ok(!rvalues.some((v) => v.startsWith('$request.')), 'no request sources in a response');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('WebSocket and subtype editors offer their own grammars', async () => {
  const { page, ctx, problems } = await open();
  await protocol(page, 'WEBSOCKET').check();
  await target(page, 'HTTP URL').check();
  await addEntry(page, 'Add request_parameters entry');
  await page.keyboard.type('integration.request.h');
  const key = field(page, 'request_parameters key 1');
  assert.deepEqual(await options(key), ['integration.request.header.', 'integration.request.querystring.', 'integration.request.path.']);
  await field(page, 'request_parameters value 1').focus();
  const values = await options(field(page, 'request_parameters value 1'));
  for (const v of ['route.request.header.', 'route.request.querystring.', 'route.request.body.', 'context.connectionId', 'context.routeKey', 'stageVariables.']) {
    assert.ok(values.includes(v), v);
  }
  assert.ok(!values.some((v) => v.startsWith('$')), 'WebSocket sources have no $');
  // The protocol changes under the same editor: its lists follow.
  await page.getByRole('button', { name: 'Clear' }).click();
  await target(page, 'AWS service action').check();
  await field(page, 'integration_subtype').selectOption('SQS-SendMessage');
  await addEntry(page, 'Add request_parameters entry');
  await page.keyboard.type('Reg');
  const skeys = await options(field(page, 'request_parameters key 1'));
  assert.deepEqual(skeys, ['QueueUrl', 'MessageBody', 'DelaySeconds', 'MessageAttributes', 'MessageDeduplicationId', 'MessageGroupId', 'MessageSystemAttributes', 'Region']);
  await field(page, 'request_parameters value 1').focus();
  const svalues = await options(field(page, 'request_parameters value 1'));
  assert.ok(svalues.includes('$request.body.') && svalues.includes('$context.requestId'));
  // A parameter's name picked as a key moves the entry to the parameter's own field, and
  // the focus goes with it.
  const skey = field(page, 'request_parameters key 1');
  await skey.focus();
  await pick(skey, 'Region');
  const region = field(page, 'request_parameters Region');
  await page.waitForFunction((el) => el === el.getRootNode().activeElement, await region.elementHandle());
  await page.keyboard.type('eu-west-1');
  assert.match(await output(page), /"Region" += "eu-west-1"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('an error about a key is on the key input; an error about a value stays on the value input', async () => {
  const { page, ctx, problems } = await open();
  await target(page, 'HTTP URL').check();
  await addEntry(page, 'Add request_parameters entry');
  await page.keyboard.type('header.x');
  await page.keyboard.press('Tab');
  const key = field(page, 'request_parameters key 1');
  const value = field(page, 'request_parameters value 1');
  const until = async (input, state) => page.waitForFunction(([el, s]) => el.getAttribute('aria-invalid') === s, [await input.elementHandle(), state]);
  // A bad key (R-MAP-1) and an empty value (R-LEN-1): each on its own input.
  await until(key, 'true');
  await until(value, 'true');
  assert.match(await describedBy(key), /R-MAP-1.*not a valid mapping key/);
  assert.doesNotMatch(await describedBy(key), /R-LEN-1/);
  assert.match(await describedBy(value), /R-LEN-1/);
  assert.doesNotMatch(await describedBy(value), /R-MAP-1/);
  // The key's message is drawn under the key, not under the value.
  const keyBox = await key.boundingBox();
  const keyMsg = await page.locator('.key-cell .msgs .msg').first().boundingBox();
  assert.ok(keyMsg.y >= keyBox.y + keyBox.height - 1 && Math.abs(keyMsg.x - keyBox.x) < 8, JSON.stringify({ keyBox, keyMsg }));
  // The key fixed and a bad source (R-MAP-2): the key is valid, the value is not.
  await key.fill('append:header.x');
  await value.fill('$request.nope');
  await until(key, 'false');
  await until(value, 'true');
  assert.match(await describedBy(value), /R-MAP-2/);
  assert.doesNotMatch(await describedBy(key), /R-MAP/);
  // A reserved header (R-MAP-7) is about the key too.
  await key.fill('append:header.Authorization');
  await until(key, 'true');
  assert.match(await describedBy(key), /R-MAP-7/);
  assert.doesNotMatch(await describedBy(value), /R-MAP-7/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

/** 50 entries whose keys differ only at their end. */
const manyKeys = Array.from({ length: 50 }, (_, n) => `append:header.x-tenant-routing-attribute-for-service-${String(n + 1).padStart(2, '0')}`);
const manyHcl =
  'resource "aws_apigatewayv2_integration" "many" {\n  api_id             = "a1b2c3"\n  integration_type   = "HTTP_PROXY"\n  integration_uri    = "https://example.com"\n  integration_method = "ANY"\n  request_parameters = {\n' +
  manyKeys.map((k) => `    "${k}" = "$request.header.x"\n`).join('') +
  '  }\n}\n';

test('50 long, similar keys stay readable and distinguishable at 390 and 1440 px (screenshots)', async () => {
  const dir = join(root, 'docs', 'screenshots');
  await mkdir(dir, { recursive: true });
  for (const [name, width, height] of [['mapping-390', 390, 844], ['mapping-1440', 1440, 900]]) {
    const { page, ctx, problems } = await open({ viewport: { width, height } });
    await paste(page, manyHcl);
    const keys = page.locator('input.key');
    assert.equal(await keys.count(), 50, name);
    // Each key is whole on screen: in its input (not cut), or in the line under it.
    const shown = await keys.evaluateAll((els) =>
      els.map((el) => {
        if (el.scrollWidth <= el.clientWidth) return el.value;
        const full = el.parentElement.querySelector(':scope > span');
        return full && full.scrollWidth <= full.clientWidth + 1 && full.getBoundingClientRect().height > 0 ? full.textContent : null;
      }),
    );
    assert.deepEqual(shown, manyKeys, `${name}: every key readable in full`);
    assert.equal(new Set(shown).size, 50, name);
    // The full key is also the input's title (a pointer's hover).
    assert.equal(await keys.nth(49).getAttribute('title'), manyKeys[49]);
    await page.locator('[data-field="request_parameters"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(dir, `${name}.png`) });
    assert.deepEqual(problems, [], name);
    await ctx.close();
  }
});

test('axe (every rule) finds nothing on a form with mapping rows, their completions and a key error', async () => {
  const axe = await readFile(join(root, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    const { page, ctx, problems } = await open({ colorScheme });
    await target(page, 'HTTP URL').check();
    await addEntry(page, 'Add request_parameters entry');
    await page.keyboard.type('header.x');
    await options(field(page, 'request_parameters key 1'));
    await field(page, 'request_parameters value 1').fill('$request.header.x');
    await addEntry(page, 'Add request_parameters entry');
    await page.keyboard.type(manyKeys[0]);
    await page.getByRole('button', { name: 'Add response_parameters block' }).click();
    await addEntry(page, 'Add response_parameters 1 mappings entry');
    await page.keyboard.type('overwrite:statuscode');
    await page.keyboard.press('Tab');
    assert.deepEqual(problems, [], colorScheme);
    assert.deepEqual(await axeViolations(page, axe), [], colorScheme);
    await ctx.close();
  }
});
