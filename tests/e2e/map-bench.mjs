// Prints how long the page takes to open a share link whose integration has a map of N
// request_parameters entries (to the form being ready), and an edit of the description
// in it (to the output showing it): the map editor draws 200 entries at first
// (controls::MAP_PAGE), whatever N.
//
//   scripts/build && node tests/e2e/map-bench.mjs [N ...]          (default 2000 8000)
//   DIST=<another build's dist> node tests/e2e/map-bench.mjs 2000 8000
import { deflateRawSync } from 'node:zlib';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveAndLaunch } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = resolve(process.env.DIST ?? join(root, 'dist'));
const sizes = process.argv.slice(2).map(Number);
const { base, browser, stop } = await serveAndLaunch(dist);
for (const n of sizes.length ? sizes : [2000, 8000]) {
  const params = Object.fromEntries(Array.from({ length: n }, (_, i) => [`overwrite:header.h${i}`, 'x']));
  const json = JSON.stringify({ v: 2, workspace: { items: [{ name: 'a', integration_type: 'MOCK', request_parameters: params }], selected: 0 } });
  const link = `${base}#w=${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(link);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 600_000 });
  await page.locator('#out-resource').waitFor({ timeout: 600_000 });
  const opened = performance.now() - t0;
  const t1 = performance.now();
  await page.getByLabel('description', { exact: true }).fill('edited');
  await page.locator('#out-resource').filter({ hasText: 'edited' }).waitFor({ timeout: 600_000 });
  const edited = performance.now() - t1;
  console.log(`${n} entries: opened in ${opened.toFixed(0)} ms, an edit shown in ${edited.toFixed(0)} ms`);
  await context.close();
}
await stop();
