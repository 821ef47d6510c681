// End-to-end tests of what the page keeps (issue 26): a link never writes over saved work,
// a state the page cannot read is kept aside before anything is saved, a newer builder's
// fields survive, two real tabs, deep expressions in links and setConfig, a failure in the
// wasm, pastes that lose nothing, one undo history, and large workspaces.
// Release build, Debian's Chromium, the strict CSP.
//
//   scripts/build && node --test tests/e2e/page.test.mjs
//   DIST=/some/other/dist node --test tests/e2e/page.test.mjs     (another build)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { axeViolations, paste, serveAndLaunch } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = resolve(process.env.DIST ?? join(root, 'dist'));
const KEY = 'apigw-integration-builder/state';
let base, browser, stop;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), `${dist} is missing: run scripts/build first`);
  ({ base, browser, stop } = await serveAndLaunch(dist));
});

after(() => stop?.());

const newContext = () => browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });

/** A page of `context` at `url`, ready, with console errors and page errors recorded. */
async function open(context, url = base) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  await page.locator('#out-resource').waitFor();
  return { page, problems };
}

/** Stores `entries` in the context's localStorage before its first page loads (once). */
async function seed(context, entries) {
  await context.addInitScript((entries) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
    }
  }, entries);
}

const integration = (name, extra = {}) => ({ name, protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.a.id' }, integration_type: 'HTTP_PROXY', integration_method: 'ANY', integration_uri: `https://${name}.example.com`, ...extra });
const state = (items, rev = 1) => JSON.stringify({ v: 2, rev, workspace: { items, selected: 0 } });
const plainLink = (json) => `${base}#s=${Buffer.from(json).toString('base64url')}`;
const deflatedLink = (json) => `${base}#w=${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
const entries = (page) => page.getByTestId('ws-entry').allInnerTexts();
const stored = (page, key = KEY) => page.evaluate((key) => localStorage.getItem(key), key);
const keys = (page) => page.evaluate(() => Object.keys(localStorage).sort());
const description = (page) => page.getByLabel('description', { exact: true });
/** Waits until the saved state under `key` starts with `start` and holds every one of
 * `parts` (autosave waits for the typing to stop). */
const savedWhen = (page, parts, { start = '', key = KEY } = {}) =>
  page.waitForFunction(([key, start, parts]) => {
    const t = localStorage.getItem(key) ?? '';
    return t.startsWith(start) && parts.every((p) => t.includes(p));
  }, [key, start, [parts].flat()]);

test('a link opened over saved work opens beside it: the saved workspace is kept, the link\'s edits survive a reload, and it can be added', async () => {
  const ctx = await newContext();
  const mine = state([integration('mine_a'), integration('mine_b')], 7);
  await seed(ctx, { [KEY]: mine });
  const { page, problems } = await open(ctx, plainLink(state([integration('linked')], 0)));
  assert.equal(await page.locator('#f-name').inputValue(), 'linked');
  const banner = page.getByTestId('draft');
  assert.match(await banner.innerText(), /Opened from a link — your saved workspace \(2 integrations\) is kept as it was/);
  // The link leaves the address bar, and its workspace is saved at once, as a draft.
  assert.equal(new URL(page.url()).hash, '');
  await description(page).fill('Edited from the link');
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes('/draft/link-') && localStorage.getItem(k).includes('Edited from the link')));
  assert.equal(await stored(page), mine, 'the saved workspace is untouched');
  assert.equal(await page.getByTestId('conflict').count(), 0, 'no other tab wrote: no conflict');
  // A reload comes back to the link's workspace, edits included.
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await description(page).inputValue(), 'Edited from the link');
  assert.match(await page.getByTestId('draft').innerText(), /Opened from a link/);
  // Back to the saved workspace: the draft stays, listed.
  await page.getByRole('button', { name: 'Back to my saved workspace (this draft is kept)' }).click();
  assert.deepEqual((await entries(page)).map((e) => e.split('\n')[0]), ['aws_apigatewayv2_integration.mine_a', 'aws_apigatewayv2_integration.mine_b']);
  await page.getByText('Kept in this browser (1)').click();
  await page.getByRole('button', { name: /^Open: A link's workspace/ }).click();
  assert.equal(await description(page).inputValue(), 'Edited from the link');
  // Added to the saved workspace: three integrations there, the draft gone.
  await page.getByRole('button', { name: "Add this draft's 1 integration to my saved workspace" }).click();
  assert.equal((await entries(page)).length, 3);
  await savedWhen(page, ['"mine_a"', '"linked"', 'Edited from the link']);
  assert.deepEqual((await keys(page)).filter((k) => k.includes('/draft/')), []);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a link opened with nothing saved becomes the saved workspace at once: a reload shows it', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx, deflatedLink(state([integration('shared_one'), integration('shared_two')], 0)));
  assert.equal((await entries(page)).length, 2);
  assert.equal(await page.getByTestId('draft').count(), 0);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal((await entries(page)).length, 2, 'saved without an edit');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a link opened while the page runs (the address\'s fragment changed): beside saved work as a draft; over a blank form it replaces it, and Undo takes it back', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  // Over the blank form: it replaces it, saved, and can be undone.
  await page.evaluate((hash) => { location.hash = hash; }, new URL(deflatedLink(state([integration('first_link')], 0))).hash);
  await page.locator('#out-resource').filter({ hasText: '"first_link"' }).waitFor();
  assert.equal(await page.getByTestId('draft').count(), 0);
  assert.match(await page.getByTestId('done').innerText(), /Opened a link/);
  await savedWhen(page, '"first_link"');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal(await page.locator('#f-name').inputValue(), 'example');
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  assert.equal(await page.locator('#f-name').inputValue(), 'first_link');
  await savedWhen(page, '"first_link"');
  // Over saved work: beside it.
  await page.evaluate((hash) => { location.hash = hash; }, new URL(plainLink(state([integration('second_link')], 0))).hash);
  await page.getByTestId('draft').waitFor();
  assert.equal(await page.locator('#f-name').inputValue(), 'second_link');
  assert.match(await stored(page), /"first_link"/);
  assert.doesNotMatch(await stored(page), /"second_link"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

for (const [what, text, why] of [
  ['truncated JSON', '{"v":2,"rev":3,"workspace":{"items":[{"name":"cut_o', /not valid JSON|ends too early/],
  ['a newer format', JSON.stringify({ v: 3, rev: 9, workspace: { tabs: [{ items: [integration('future')] }] } }), /newer version of the builder \(format 3/],
]) {
  test(`a saved state the page cannot read (${what}) is kept under a backup key and offered for download before anything is saved`, async () => {
    const ctx = await newContext();
    await seed(ctx, { [KEY]: text });
    const { page, problems } = await open(ctx);
    const notice = await page.locator('.notice[role="alert"]').innerText();
    assert.match(notice, /Your saved workspace could not be read/);
    assert.match(notice, why);
    assert.match(notice, /kept as it was, under “apigw-integration-builder\/state\/backup\/\d+-\d+”/);
    const backups = (await keys(page)).filter((k) => k.startsWith(`${KEY}/backup/`));
    assert.equal(backups.length, 1);
    assert.equal(await stored(page, backups[0]), text, 'the backup is the state as it was');
    // The first edit saves this session's work; the backup stays.
    await description(page).fill('new work');
    await savedWhen(page, 'new work', { start: '{"v":2,' });
    assert.equal(await stored(page, backups[0]), text);
    // A reload does not copy it again.
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    assert.equal((await keys(page)).filter((k) => k.startsWith(`${KEY}/backup/`)).length, 1);
    await page.getByText('Kept in this browser (1)').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download: A saved state this version could not read/ }).click()]);
    assert.equal(await readFile(await download.path(), 'utf8'), text);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
}

test('a newer builder\'s unknown fields survive a round trip through this one', async () => {
  const ctx = await newContext();
  // Written as text: a JavaScript number would lose the digits of 1.50.
  const newer = JSON.stringify({ v: 2, rev: 2, layout: 'wide', workspace: { items: [{ ...integration('future'), labels: 'LABELS' }], selected: 0, view: { sort: 'name' } } }).replace('"LABELS"', '["a",1.50]');
  await seed(ctx, { [KEY]: newer });
  const { page, problems } = await open(ctx);
  assert.equal(await page.locator('#f-name').inputValue(), 'future');
  await description(page).fill('edited by an older builder');
  await savedWhen(page, 'edited by an older builder');
  const saved = JSON.parse(await stored(page));
  assert.equal(saved.layout, 'wide');
  assert.deepEqual(saved.workspace.view, { sort: 'name' });
  assert.match(await stored(page), /"labels":\["a",1\.50\]/);
  assert.equal(saved.workspace.items[0].description, 'edited by an older builder');
  assert.equal(saved.rev, 3);
  assert.deepEqual((await keys(page)).filter((k) => k !== KEY), [], 'nothing to back up: it was read');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a state of the first format opens, migrated, and is not backed up', async () => {
  const ctx = await newContext();
  await seed(ctx, { [KEY]: JSON.stringify({ v: 1, model: integration('from_v1') }) });
  const { page, problems } = await open(ctx);
  assert.match(await page.locator('#out-resource').innerText(), /"from_v1"/);
  await description(page).fill('migrated');
  await savedWhen(page, 'migrated', { start: '{"v":2,' });
  assert.deepEqual(await keys(page), [KEY]);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('two real tabs: an idle tab follows the other; a tab with unsaved edits keeps them as a draft, warns before closing, and nothing is lost either way', async () => {
  const ctx = await newContext();
  // Timers stand still unless a test moves them: autosave's delay runs only when told.
  await ctx.clock.install();
  const a = await open(ctx);
  const b = await open(ctx);
  const flush = (p) => p.evaluate(() => dispatchEvent(new Event('pagehide')));
  await description(a.page).fill('From tab A');
  await flush(a.page);
  assert.match(await stored(a.page), /From tab A/);
  // Tab B had nothing unsaved: it follows (no conflict, no question).
  await b.page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('[aria-label="description"]').value === 'From tab A');
  assert.equal(await b.page.getByTestId('conflict').count(), 0);
  // B edits (not saved yet) while A saves again: B's version goes to a draft at once.
  await description(b.page).fill('From tab B');
  await description(a.page).fill('From tab A, again');
  await flush(a.page);
  const conflict = b.page.getByTestId('conflict');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Another tab saved the workspace while this tab had unsaved edits\. This tab's version is kept as a draft/);
  assert.match(await stored(b.page), /From tab A, again/, 'the saved workspace is A\'s');
  const drafts = async () => b.page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('/draft/conflict-')).map((k) => localStorage.getItem(k)));
  assert.ok((await drafts()).some((t) => t.includes('From tab B')), 'B\'s version is kept');
  // Closing B asks first.
  const asked = new Promise((resolve) => b.page.once('dialog', async (d) => { resolve(d.type()); await d.dismiss(); }));
  await b.page.close({ runBeforeUnload: true });
  assert.equal(await asked, 'beforeunload');
  assert.equal(b.page.isClosed(), false);
  // B keeps its version: it becomes the saved workspace, A's is kept as a draft, and A
  // (nothing unsaved) follows.
  await b.page.getByRole('button', { name: "Save this tab's version as the workspace (the other tab's is kept as a draft)" }).click();
  assert.match(await stored(b.page), /From tab B/);
  assert.ok((await drafts()).some((t) => t.includes('From tab A, again')), 'A\'s version is kept');
  await a.page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('[aria-label="description"]').value === 'From tab B');
  assert.deepEqual([...a.problems, ...b.problems], []);
  await ctx.close();
});

test('two real tabs in conflict: opening the other tab\'s version keeps this tab\'s as a draft that opens again from the kept list', async () => {
  const ctx = await newContext();
  await ctx.clock.install();
  const a = await open(ctx);
  const b = await open(ctx);
  const flush = (p) => p.evaluate(() => dispatchEvent(new Event('pagehide')));
  await description(a.page).fill('A first');
  await flush(a.page);
  await b.page.waitForFunction(() => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('[aria-label="description"]').value === 'A first');
  await description(b.page).fill('B unsaved');
  await description(a.page).fill('A second');
  await flush(a.page);
  await b.page.getByTestId('conflict').waitFor();
  await b.page.getByRole('button', { name: "Open the other tab's version (this tab's is kept as a draft)" }).click();
  assert.equal(await description(b.page).inputValue(), 'A second');
  assert.equal(await b.page.getByTestId('conflict').count(), 0);
  assert.match(await b.page.getByTestId('done').innerText(), /this tab's version is kept as a draft/);
  await b.page.getByText('Kept in this browser (1)').click();
  await b.page.getByRole('button', { name: /^Open: One tab's version/ }).click();
  assert.equal(await description(b.page).inputValue(), 'B unsaved');
  assert.match(await b.page.getByTestId('draft').innerText(), /draft kept in this browser/);
  // Deleting it is said to be final, and it goes.
  await b.page.getByRole('button', { name: 'Back to my saved workspace (this draft is kept)' }).click();
  assert.equal(await description(b.page).inputValue(), 'A second');
  const summary = b.page.getByText('Kept in this browser (1)');
  if ((await summary.locator('xpath=..').getAttribute('open')) === null) await summary.click();
  await b.page.getByRole('button', { name: /^Delete for good: One tab's version/ }).click();
  assert.equal(await b.page.getByTestId('kept-store').count(), 0);
  assert.deepEqual([...a.problems, ...b.problems], []);
  await ctx.close();
});

/** `1 + 1 + …`, `n` terms. */
const chain = (n) => Array(n).fill('1').join(' + ');

test('links whose expressions are deep (#w= of 100,000 terms, #s= of 10,000) open, and the page goes on working and saving', async () => {
  for (const [link, terms] of [[deflatedLink(state([{ ...integration('deep'), description: { expr: chain(100000) } }], 0)), 100000], [plainLink(state([{ ...integration('deep'), description: { expr: chain(10000) } }], 0)), 10000]]) {
    const ctx = await newContext();
    const { page, problems } = await open(ctx, link);
    assert.equal(await page.locator('#f-name').inputValue(), 'deep', `${terms} terms`);
    await page.locator('#f-name').fill('deep_renamed');
    await page.locator('#out-resource').filter({ hasText: '"deep_renamed"' }).waitFor();
    await savedWhen(page, 'deep_renamed');
    assert.deepEqual(problems, [], `${terms} terms`);
    await ctx.close();
  }
});

test('setConfig is whole or nothing, and a deep configuration leaves the instance working', async () => {
  const ctx = await newContext();
  const { page, problems } = await open(ctx);
  const result = await page.evaluate(([deep]) => {
    const el = document.createElement('div');
    document.body.append(el);
    const h = window.wasmBindings.mount(el, { storageKey: 'set-config-test' });
    h.setConfig({ name: 'first', integration_type: 'MOCK' });
    const out = {};
    try { h.setConfig({ name: 'second', integration_typo: 'MOCK' }); out.bad = 'applied'; } catch (e) { out.bad = e.message; }
    out.afterBad = h.getConfig().name;
    try { h.setConfig({ name: 'deep', integration_type: 'MOCK', description: { expr: deep } }); out.deep = 'applied'; } catch (e) { out.deep = `threw: ${e.message}`; }
    out.afterDeep = h.getConfig().name;
    window.deepHandle = h;
    return out;
  }, [chain(30000)]);
  assert.match(result.bad, /unknown field `integration_typo`/);
  assert.equal(result.afterBad, 'first', 'a refused config changes nothing');
  assert.equal(result.deep, 'applied');
  assert.equal(result.afterDeep, 'deep');
  // The instance goes on: its output follows an edit, and autosave writes it.
  const second = page.locator('.apigw-integration-builder').nth(1);
  await second.locator('#f-name').fill('deep_edited');
  await page.waitForFunction(() => window.deepHandle.resource?.includes('"deep_edited"'));
  await savedWhen(page, 'deep_edited', { key: 'set-config-test' });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a failure inside the wasm stops saving and says so in every instance', async () => {
  const ctx = await newContext();
  const { page } = await open(ctx);
  await description(page).fill('saved before the failure');
  await savedWhen(page, 'saved before the failure');
  // Calls made nearer and nearer the bottom of the JavaScript stack: at some depth the
  // call gets into the wasm and overflows the stack there, part-way through.
  const thrown = await page.evaluate(() => {
    const el = document.createElement('div');
    document.body.append(el);
    const h = window.wasmBindings.mount(el, {});
    const errors = [];
    let done = false;
    const down = (n) => {
      try {
        down(n + 1);
      } catch {
        // The bottom.
      }
      if (done) return;
      try {
        h.setConfig({ name: 'x', integration_type: 'MOCK' });
        done = true;
      } catch (e) {
        try {
          errors.push(`${e.constructor.name}: ${e.message}`);
        } catch {
          // No room to note it.
        }
      }
    };
    down(0);
    return errors;
  });
  assert.ok(thrown.some((e) => /RangeError|RuntimeError/.test(e)), thrown.slice(-3).join('\n'));
  // From then on the instance refuses, saying why.
  assert.match(thrown.at(-1), /stopped after an internal error/);
  // Said in every instance, at once or when the first one next tries to save.
  await page.locator('.apigw-integration-builder').first().getByLabel('description', { exact: true }).fill('typed after the failure');
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  for (const n of [0, 1]) {
    const alert = page.locator('.apigw-integration-builder').nth(n).locator('p.failed[role="alert"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /stopped after an internal error[\s\S]*saves nothing more/);
  }
  await page.waitForTimeout(500);
  assert.match(await stored(page), /saved before the failure/);
  assert.doesNotMatch(await stored(page), /typed after the failure/);
  await ctx.close();
});

test('the new parts pass axe (every rule): a link beside saved work, the kept list, a conflict', async () => {
  const axe = await readFile(join(root, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const ctx = await newContext();
  await seed(ctx, { [KEY]: state([integration('mine')], 1), [`${KEY}/backup/1733600000000`]: '{"v":9}' });
  const { page, problems } = await open(ctx, plainLink(state([integration('linked')], 0)));
  await page.getByTestId('draft').waitFor();
  await page.getByText('Kept in this browser (1)').click();
  await page.getByRole('button', { name: 'Clear' }).click();
  assert.deepEqual(problems, []);
  assert.deepEqual(await axeViolations(page, axe), []);
  await ctx.close();
});


// The hostile review of issue 26: storage that refuses a write, two tabs on one draft,
// drafts made in the same millisecond, a saved state another version wrote meanwhile.

/** The description field's value in the page's first builder (read in the page, so a
 * background tab's value can be awaited). */
const descriptionIs = (page, value) =>
  page.waitForFunction((value) => document.querySelector('.apigw-integration-builder').shadowRoot.querySelector('[aria-label="description"]').value === value, value);
/** Every kept draft's text, by key. */
const drafts = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('/draft/')).map((k) => localStorage.getItem(k)));
/** Makes localStorage refuse writes, as a full one does (QuotaExceededError), while the
 * tab's sessionStorage names them: '' every key, or one key. */
const refusable = (context) =>
  context.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      const full = sessionStorage.getItem('storage-full');
      if (this === localStorage && full !== null && (full === '' || full === k)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, k, v);
    };
  });
const storageFull = (page, key = '') => page.evaluate((key) => sessionStorage.setItem('storage-full', key), key);
const storageFreed = (page) => page.evaluate(() => sessionStorage.removeItem('storage-full'));

test('storage that refuses a write loses nothing: going back from a draft, opening a link, or keeping this tab\'s version does nothing and says why', async () => {
  const ctx = await newContext();
  await refusable(ctx);
  await ctx.clock.install();
  await seed(ctx, { [KEY]: state([integration('mine')], 3) });
  const { page, problems } = await open(ctx, plainLink(state([integration('linked')], 0)));
  const flush = () => page.evaluate(() => dispatchEvent(new Event('pagehide')));
  await description(page).fill('first edit of the link');
  await flush();
  assert.ok((await drafts(page)).some((t) => t.includes('first edit of the link')));
  // The storage is full: the next edit is not saved, and going back to the saved
  // workspace would drop it, so nothing changes.
  await storageFull(page);
  await description(page).fill('second edit of the link');
  await page.getByRole('button', { name: 'Back to my saved workspace (this draft is kept)' }).click();
  assert.equal(await description(page).inputValue(), 'second edit of the link', 'the tab still shows the unsaved edit');
  assert.match(await page.locator('.notice[role="alert"]').innerText(), /Nothing was changed: this tab's workspace could not be saved first/);
  await page.getByRole('button', { name: "Add this draft's 1 integration to my saved workspace" }).click();
  assert.equal(await description(page).inputValue(), 'second edit of the link');
  assert.doesNotMatch(await stored(page), /linked/, 'nothing was added to the saved workspace');
  // A link arriving meanwhile does not open over it either, and stays in the address.
  const hash = new URL(plainLink(state([integration('arrived')], 0))).hash;
  await page.evaluate((hash) => { location.hash = hash; }, hash);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#f-name').inputValue(), 'linked');
  assert.equal(new URL(page.url()).hash, hash);
  // With room again, going back saves the draft first: both edits are kept.
  await storageFreed(page);
  await page.getByRole('button', { name: 'Back to my saved workspace (this draft is kept)' }).click();
  assert.equal(await page.locator('#f-name').inputValue(), 'mine');
  assert.ok((await drafts(page)).some((t) => t.includes('second edit of the link')), 'the draft holds the last edit');
  assert.doesNotMatch(await page.getByTestId('done').innerText(), /\.\./);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('in a conflict, keeping this tab\'s version when the storage refuses it leaves both versions where they were', async () => {
  const ctx = await newContext();
  await refusable(ctx);
  await ctx.clock.install();
  const a = await open(ctx);
  const b = await open(ctx);
  const flush = (p) => p.evaluate(() => dispatchEvent(new Event('pagehide')));
  await description(a.page).fill('A first');
  await flush(a.page);
  await descriptionIs(b.page, 'A first');
  await description(b.page).fill('B unsaved');
  await description(a.page).fill('A second');
  await flush(a.page);
  await b.page.getByTestId('conflict').waitFor();
  // The saved workspace's key refuses B's write.
  await storageFull(b.page, KEY);
  await b.page.getByRole('button', { name: "Save this tab's version as the workspace (the other tab's is kept as a draft)" }).click();
  assert.match(await b.page.locator('.notice[role="alert"]').innerText(), /Nothing was changed/);
  assert.equal(await b.page.getByTestId('conflict').count(), 1, 'still in conflict: it still warns before closing');
  assert.match(await stored(b.page), /A second/);
  const kept = await drafts(b.page);
  assert.equal(kept.length, 1, 'no stray copy of A\'s version');
  assert.match(kept[0], /B unsaved/, 'B\'s draft is kept');
  // With room again it works.
  await storageFreed(b.page);
  await b.page.getByRole('button', { name: "Save this tab's version as the workspace (the other tab's is kept as a draft)" }).click();
  assert.match(await stored(b.page), /B unsaved/);
  assert.ok((await drafts(b.page)).some((t) => t.includes('A second')));
  assert.deepEqual([...a.problems, ...b.problems], []);
  await ctx.close();
});

test('two tabs showing one draft: an idle tab follows the other\'s edits; a tab with unsaved edits keeps its version as a draft of its own', async () => {
  const ctx = await newContext();
  await ctx.clock.install();
  await seed(ctx, { [KEY]: state([integration('mine')], 3) });
  const a = await open(ctx, plainLink(state([integration('linked')], 0)));
  const b = await open(ctx);
  const flush = (p) => p.evaluate(() => dispatchEvent(new Event('pagehide')));
  await b.page.getByText('Kept in this browser (1)').click();
  await b.page.getByRole('button', { name: /^Open: A link's workspace/ }).click();
  assert.equal(await b.page.locator('#f-name').inputValue(), 'linked');
  // A edits the draft: B, with nothing unsaved, follows.
  await description(a.page).fill('typed in A');
  await flush(a.page);
  await descriptionIs(b.page, 'typed in A');
  // Both edit it: the second to save does not write over the first.
  await description(a.page).fill('A again');
  await description(b.page).fill('typed in B');
  await flush(b.page);
  await flush(a.page);
  await a.page.locator('.notice[role="alert"]').filter({ hasText: 'Another tab changed the draft this tab showed' }).waitFor();
  const kept = await drafts(a.page);
  assert.ok(kept.some((t) => t.includes('typed in B')), 'B\'s version is kept');
  assert.ok(kept.some((t) => t.includes('A again')), 'A\'s version is kept');
  assert.equal(await description(a.page).inputValue(), 'A again');
  // A reload of A comes back to its own version.
  await a.page.reload();
  await a.page.waitForSelector('html[data-ready="true"]');
  assert.equal(await description(a.page).inputValue(), 'A again');
  assert.deepEqual([...a.problems, ...b.problems], []);
  await ctx.close();
});

test('two tabs in conflict at the same moment each keep their version (drafts never share a key)', async () => {
  const ctx = await newContext();
  await ctx.clock.install();
  const [a, b, c] = [await open(ctx), await open(ctx), await open(ctx)];
  // The clock stands still from now on: both tabs make their draft in the same millisecond.
  await ctx.clock.pauseAt(Date.now() + 60_000);
  const flush = (p) => p.evaluate(() => dispatchEvent(new Event('pagehide')));
  await description(a.page).fill('A first');
  await flush(a.page);
  await descriptionIs(b.page, 'A first');
  await descriptionIs(c.page, 'A first');
  await description(b.page).fill('B unsaved');
  await description(c.page).fill('C unsaved');
  await description(a.page).fill('A second');
  await flush(a.page);
  await b.page.getByTestId('conflict').waitFor();
  await c.page.getByTestId('conflict').waitFor();
  await a.page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.includes('/draft/conflict-')).length >= 2).catch(() => {});
  const kept = await drafts(a.page);
  assert.ok(kept.some((t) => t.includes('B unsaved')), 'B\'s version is kept');
  assert.ok(kept.some((t) => t.includes('C unsaved')), 'C\'s version is kept');
  assert.deepEqual([...a.problems, ...b.problems, ...c.problems], []);
  await ctx.close();
});

test('a saved state that another version wrote while this tab showed a draft is copied aside before going back writes over it', async () => {
  const ctx = await newContext();
  await seed(ctx, { [KEY]: state([integration('mine')], 3) });
  const { page, problems } = await open(ctx, plainLink(state([integration('linked')], 0)));
  await page.getByTestId('draft').waitFor();
  const newer = JSON.stringify({ v: 3, rev: 1, workspace: { tabs: [] } });
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, newer]);
  await page.getByRole('button', { name: 'Back to my saved workspace (this draft is kept)' }).click();
  await description(page).fill('new work');
  await savedWhen(page, 'new work');
  const backups = (await keys(page)).filter((k) => k.startsWith(`${KEY}/backup/`));
  assert.equal(backups.length, 1, 'the state it could not read is kept');
  assert.equal(await stored(page, backups[0]), newer);
  assert.match(await page.locator('.notice[role="alert"]').innerText(), /could not be read[\s\S]*kept as it was, under “apigw-integration-builder\/state\/backup\/\d+-\d+”/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a tab whose last save the browser refused asks before it closes (its work is stored nowhere)', async () => {
  const ctx = await newContext();
  await refusable(ctx);
  const { page, problems } = await open(ctx);
  await storageFull(page);
  await description(page).fill('stored nowhere');
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  assert.match(await page.locator('.notice[role="alert"]').innerText(), /Autosave failed/);
  const asked = new Promise((resolve) => page.once('dialog', async (d) => { resolve(d.type()); await d.dismiss(); }));
  await page.close({ runBeforeUnload: true });
  assert.equal(await Promise.race([asked, new Promise((resolve) => setTimeout(() => resolve('no question'), 3000))]), 'beforeunload');
  assert.equal(page.isClosed(), false);
  // Once a save goes through, it closes without asking.
  await storageFreed(page);
  await description(page).fill('stored after all');
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  await savedWhen(page, 'stored after all');
  await page.close({ runBeforeUnload: true });
  await page.waitForEvent('close', { timeout: 3000 }).catch(() => {});
  assert.equal(page.isClosed(), true);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a tab in a conflict that opens a link shows the link as a draft: no button offers to save it as "this tab\'s version"', async () => {
  const ctx = await newContext();
  await ctx.clock.install();
  const a = await open(ctx);
  const b = await open(ctx);
  const flush = (p) => p.evaluate(() => dispatchEvent(new Event('pagehide')));
  await description(a.page).fill('A first');
  await flush(a.page);
  await descriptionIs(b.page, 'A first');
  await description(b.page).fill('B unsaved');
  await description(a.page).fill('A second');
  await flush(a.page);
  await b.page.getByTestId('conflict').waitFor();
  await b.page.evaluate((hash) => { location.hash = hash; }, new URL(plainLink(state([integration('arrived')], 0))).hash);
  await b.page.locator('#out-resource').filter({ hasText: '"arrived"' }).waitFor();
  assert.equal(await b.page.getByTestId('conflict').count(), 0);
  assert.match(await b.page.getByTestId('draft').innerText(), /Opened from a link/);
  assert.equal(await b.page.getByRole('button', { name: /this tab's version/ }).count(), 0);
  assert.ok((await drafts(b.page)).some((t) => t.includes('B unsaved')), 'B\'s version is kept');
  assert.deepEqual([...a.problems, ...b.problems], []);
  await ctx.close();
});

test('in a conflict, opening the other tab\'s version when what is saved can no longer be read changes nothing and says why', async () => {
  const ctx = await newContext();
  await ctx.clock.install();
  const a = await open(ctx);
  const b = await open(ctx);
  const flush = (p) => p.evaluate(() => dispatchEvent(new Event('pagehide')));
  await description(a.page).fill('A first');
  await flush(a.page);
  await descriptionIs(b.page, 'A first');
  await description(b.page).fill('B unsaved');
  await description(a.page).fill('A second');
  await flush(a.page);
  await b.page.getByTestId('conflict').waitFor();
  // Another version of the builder writes meanwhile (in this tab's own window, so no
  // storage event tells it).
  const newer = JSON.stringify({ v: 3, rev: 1, workspace: { tabs: [] } });
  await b.page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, newer]);
  await b.page.getByRole('button', { name: "Open the other tab's version (this tab's is kept as a draft)" }).click();
  assert.match(await b.page.locator('.notice[role="alert"]').innerText(), /The saved workspace cannot be read here \(.*format 3.*\): nothing was changed/);
  assert.equal(await description(b.page).inputValue(), 'B unsaved');
  assert.equal(await b.page.getByRole('button', { name: "Open the other tab's version (this tab's is kept as a draft)" }).count(), 0);
  // Keeping this tab's version copies the unreadable state aside first.
  await b.page.getByRole('button', { name: "Save this tab's version as the workspace (the other tab's is kept as a draft)" }).click();
  assert.match(await stored(b.page), /B unsaved/);
  const backups = (await keys(b.page)).filter((k) => k.startsWith(`${KEY}/backup/`));
  assert.equal(backups.length, 1);
  assert.equal(await stored(b.page, backups[0]), newer);
  assert.deepEqual([...a.problems, ...b.problems], []);
  await ctx.close();
});

test('a link whose map holds 5,000 entries opens with the first 200 drawn, the rest a click away, and every entry in the output', { timeout: 120_000 }, async () => {
  const ctx = await newContext();
  const params = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`overwrite:header.h${i}`, `v${i}`]));
  const link = deflatedLink(state([{ name: 'many', protocol: 'HTTP', api_id: { expr: 'aws_apigatewayv2_api.a.id' }, integration_type: 'HTTP_PROXY', integration_method: 'ANY', integration_uri: 'https://many.example.com', request_parameters: params }], 0));
  const { page, problems } = await open(ctx, link);
  const rows = page.locator('input.key');
  assert.equal(await rows.count(), 200);
  assert.match(await page.locator('p.map-more').innerText(), /Showing 200 of 5000 entries\./);
  await page.getByRole('button', { name: 'Show 200 more' }).click();
  assert.equal(await rows.count(), 400);
  const out = await page.locator('#out-resource').innerText();
  assert.match(out, /"overwrite:header\.h4999" = "v4999"/);
  // An entry added at the end is drawn (and focused), however many there are.
  await page.getByRole('button', { name: 'Add request_parameters entry' }).click();
  assert.equal(await rows.count(), 401);
  assert.match(await page.locator('p.map-more').innerText(), /Showing 401 of 5001 entries\./);
  await page.keyboard.type('overwrite:header.added');
  await page.locator('#out-resource').filter({ hasText: 'overwrite:header.added' }).waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
});
