// Shared by the end-to-end tests.
import { serve } from './serve.mjs';
import { launchChromium } from '../../tools/chromium.mjs';

// Debian's Chromium, launched as the build's profile launches it.
export { CHROMIUM_ARGS, launchChromium } from '../../tools/chromium.mjs';

/** `dir` served on a free loopback port (`base` is its root URL) and a Chromium to load it
 * in; `stop` closes both. */
export async function serveAndLaunch(dir) {
  const server = await serve(dir);
  const browser = await launchChromium();
  return { server, browser, base: `http://127.0.0.1:${server.address().port}/`, stop: async () => { await browser.close(); server.close(); } };
}

/**
 * Every axe-core violation, of any impact, with its full rule set (all rules, not only
 * the wcag2a/wcag2aa tags; experimental ones too). axe is injected by the test (evaluate
 * bypasses the page's CSP; the page itself never runs it); the inline styles axe itself
 * tries to apply are refused by that CSP, so the caller checks console problems first.
 */
export async function axeViolations(page, axe) {
  await page.evaluate(axe);
  const results = await page.evaluate(() => {
    const rules = window.axe.getRules().map((r) => r.ruleId);
    return window.axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
  });
  return results.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/**
 * Pastes text into the builder's paste box and adds it to the workspace, waiting until
 * the read is done (the reader module loads on first use, so reading is asynchronous;
 * the panel counts the reads it finished in `data-reads`).
 */
export async function paste(page, text, apiId) {
  const panel = page.locator('fieldset.paste');
  const before = Number(await panel.getAttribute('data-reads'));
  const box = page.locator('#paste-hcl');
  if (text.length < 20_000) {
    await box.fill(text);
  } else {
    // A large text arrives as a paste does: one change of the box's value and one `input`
    // event. (Playwright's fill inserts a multi-line text a line at a time, an event and a
    // layout of the whole box each, which makes 400 KB take most of a minute.)
    await box.evaluate((el, t) => {
      el.focus();
      el.value = t;
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, text);
  }
  if (apiId) await page.getByLabel('API id, for AWS CLI JSON (api_id and the import blocks)').fill(apiId);
  await page.getByRole('button', { name: 'Add to the workspace' }).click();
  await page.locator(`fieldset.paste[data-reads="${before + 1}"]`).waitFor();
}

/**
 * A fresh page (fresh storage, its own context) on `base` (or `url`), started and showing
 * its output, with console errors, page errors and CSP violations recorded in `problems`.
 */
export async function openPage(browser, base, { viewport, colorScheme, url } = {}) {
  const ctx = await browser.newContext({ viewport: viewport ?? { width: 1440, height: 900 }, colorScheme: colorScheme ?? 'light' });
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url ?? base);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('#out-resource');
  return { page, ctx, problems };
}
