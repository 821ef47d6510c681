// End-to-end tests of the intent view (issue 28): the first question is what the route
// connects to, the choice sets what it implies and asks only for what the target needs,
// and the documentation's four examples are built from it, byte for byte. Also: the
// headline says the same as Problems, axe in each view and theme, and the screenshots.
//
//   scripts/build && node --test tests/e2e/intent.test.mjs
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

const fixture = (name) => readFile(join(root, 'crates', 'core', 'tests', 'fixtures', 'docs', `${name}.tf`), 'utf8');
const integrationText = (doc) => doc.slice(doc.indexOf('resource "aws_apigatewayv2_integration"'));
const output = (page) => page.locator('#out-resource').innerText();
const field = (page, name) => page.getByLabel(name, { exact: true });
const target = (page, label) => page.getByRole('radio', { name: label });
const protocol = (page, name) => page.getByRole('radio', { name, exact: true });

test('a blank page asks what the route connects to, and its headline is a to-do, not an error', async () => {
  const { page, ctx, problems } = await open();
  assert.equal(await page.getByRole('button', { name: 'By target' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await page.getByRole('group', { name: 'What does this route connect to?' }).isVisible());
  // Only the question, api_id and description (every target takes them): no argument of
  // any one target is on screen yet.
  assert.deepEqual(await page.locator('.form-pane [data-field]').evaluateAll((els) => els.map((e) => e.dataset.field)), ['api_id', 'description']);
  assert.equal(await field(page, 'integration_type').count(), 0);
  // The output's status and Problems say the same: two arguments to fill in, no error.
  const status = await page.getByTestId('output-status').innerText();
  assert.match(status, /^To fill in: 2 required arguments/);
  assert.doesNotMatch(status, /error/);
  assert.match(await page.getByTestId('counts').innerText(), /^0 errors, 0 warnings · 2 to fill in$/);
  assert.match(await page.getByTestId('pending').innerText(), /api_id/);
  // No argument is struck through, anywhere.
  await page.getByRole('button', { name: 'All arguments' }).click();
  const struck = await page.locator('.field .arg').evaluateAll((els) => els.filter((el) => getComputedStyle(el).textDecorationLine.includes('line-through')).length);
  assert.equal(struck, 0);
  assert.ok(await page.locator('.field.inapplicable .reason').first().isVisible(), 'an argument that does not apply says why');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a Lambda proxy integration in four actions after the page loads', async () => {
  const { page, ctx, problems } = await open();
  await target(page, 'Lambda function').check(); // 1
  await field(page, 'api_id').fill('aws_apigatewayv2_api.example.id'); // 2
  await field(page, 'integration_uri').fill('aws_lambda_function.example.invoke_arn'); // 3
  assert.equal(
    await output(page),
    'resource "aws_apigatewayv2_integration" "example" {\n  api_id           = aws_apigatewayv2_api.example.id\n  integration_type = "AWS_PROXY"\n\n' +
      '  connection_type        = "INTERNET"\n  integration_method     = "POST"\n  integration_uri        = aws_lambda_function.example.invoke_arn\n  payload_format_version = "2.0"\n}\n',
  );
  assert.match(await page.getByTestId('output-status').innerText(), /^Ready to apply: no errors/);
  assert.match(await page.getByTestId('counts').innerText(), /^0 errors, 0 warnings$/);
  assert.match(await page.getByTestId('implies').innerText(), /integration_type = "AWS_PROXY"/);
  // The question, the fields, Problems and the output fit one desktop screen: with the
  // form's view switch at the top of the window, the target's last field and the output's
  // last line are in view (above it: the page's title, the examples, the import box and
  // the workspace list).
  await page.locator('.view-switch').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  const uri = await page.locator('[data-field="integration_uri"]').boundingBox();
  const out = await page.locator('#out-resource').boundingBox();
  const problemsBox = await page.locator('.summary').boundingBox();
  const fits = { uri: uri.y + uri.height, out: out.y + out.height, problems: problemsBox.y, height: 900 };
  assert.ok(fits.uri <= fits.height && fits.out <= fits.height && fits.problems >= 0, JSON.stringify(fits));
  // The choice can be undone (it replaced what the form held).
  assert.match(await page.getByTestId('done').innerText(), /Chose the target “Lambda function”/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the documentation\'s four examples, built from the intent view, print as the documentation', async () => {
  const { page, ctx, problems } = await open();
  const api = () => field(page, 'api_id').fill('aws_apigatewayv2_api.example.id');

  await protocol(page, 'WEBSOCKET').check();
  await target(page, 'Mock (API Gateway answers)').check();
  await api();
  assert.equal(await output(page), integrationText(await fixture('basic')), 'basic');

  await page.getByRole('button', { name: 'Clear' }).click();
  await protocol(page, 'WEBSOCKET').check();
  await target(page, 'Lambda function').check();
  await api();
  await field(page, 'integration_uri').fill('aws_lambda_function.example.invoke_arn');
  await field(page, 'description').fill('Lambda example');
  await field(page, 'content_handling_strategy').selectOption('CONVERT_TO_TEXT');
  await field(page, 'passthrough_behavior').selectOption('WHEN_NO_MATCH');
  assert.equal(await output(page), integrationText(await fixture('lambda')), 'lambda');

  await page.getByRole('button', { name: 'Clear' }).click();
  await target(page, 'AWS service action').check();
  await api();
  await field(page, 'integration_subtype').selectOption('SQS-SendMessage');
  await field(page, 'credentials_arn').fill('aws_iam_role.example.arn');
  await field(page, 'description').fill('SQS example');
  await field(page, 'request_parameters QueueUrl').fill('$request.header.queueUrl');
  await field(page, 'request_parameters MessageBody').fill('$request.body.message');
  assert.equal(await output(page), integrationText(await fixture('aws_service_sqs')), 'sqs');
  assert.match(await page.getByTestId('output-status').innerText(), /no errors/);

  await page.getByRole('button', { name: 'Clear' }).click();
  await target(page, 'Private resource').check();
  await api();
  await field(page, 'credentials_arn').fill('aws_iam_role.example.arn');
  await field(page, 'description').fill('Example with a load balancer');
  await field(page, 'integration_uri').fill('aws_lb_listener.example.arn');
  await field(page, 'connection_id').fill('aws_apigatewayv2_vpc_link.example.id');
  await page.getByLabel('tls_config block').check();
  await field(page, 'tls_config server_name_to_verify').fill('example.com');
  await page.getByRole('button', { name: 'Add request_parameters entry' }).click();
  await field(page, 'request_parameters key 1').fill('append:header.authforintegration');
  await field(page, 'request_parameters value 1').fill('$context.authorizer.authorizerResponse');
  await page.getByRole('button', { name: 'Add request_parameters entry' }).click();
  await field(page, 'request_parameters key 2').fill('overwrite:path');
  await field(page, 'request_parameters value 2').fill('staticValueForIntegration');
  for (const [n, code, key, value] of [[1, '403', 'append:header.auth', '$context.authorizer.authorizerResponse'], [2, '200', 'overwrite:statuscode', '204']]) {
    await page.getByRole('button', { name: 'Add response_parameters block' }).click();
    await field(page, `response_parameters ${n} status_code`).fill(code);
    await page.getByRole('group', { name: `response_parameters block ${n}` }).getByRole('button', { name: `Add response_parameters ${n} mappings entry` }).click();
    await field(page, `response_parameters ${n} mappings key 1`).fill(key);
    await field(page, `response_parameters ${n} mappings value 1`).fill(value);
  }
  assert.equal(await output(page), integrationText(await fixture('private')), 'private');
  assert.match(await page.getByTestId('output-status').innerText(), /no errors/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the output\'s status and Problems say the same while errors and to-dos come and go', async () => {
  const { page, ctx, problems } = await open();
  const status = () => page.getByTestId('output-status').innerText();
  const counts = () => page.getByTestId('counts').innerText();
  // A target with a field still to fill in: a to-do in both places, not an error.
  await target(page, 'HTTP URL').check();
  assert.match(await status(), /^To fill in: 2 required arguments/);
  assert.match(await counts(), /^0 errors, 0 warnings · 2 to fill in$/);
  // A real error beside the to-dos: both count it, and both still list the to-dos apart.
  await field(page, 'timeout_milliseconds').fill('45000');
  await field(page, 'timeout_milliseconds').blur();
  assert.match(await status(), /^1 error: /);
  assert.match(await counts(), /^1 error, 0 warnings · 2 to fill in$/);
  // The error fixed, the to-dos filled: ready in both.
  await field(page, 'timeout_milliseconds').fill('29000');
  await field(page, 'api_id').fill('aws_apigatewayv2_api.example.id');
  await field(page, 'integration_uri').fill('https://example.com/{proxy}');
  assert.match(await status(), /^Ready to apply: no errors/);
  assert.match(await counts(), /^0 errors, 0 warnings$/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('changing the target keeps what was written, shown with its reason; Undo takes the change back', async () => {
  const { page, ctx, problems } = await open();
  await target(page, 'HTTP URL').check();
  await field(page, 'integration_uri').fill('https://example.com/{proxy}');
  await field(page, 'integration_method').selectOption('GET');
  await target(page, 'AWS service action').check();
  // The URL and the method stay, in the output and on screen, and say why they do not apply.
  assert.match(await output(page), /integration_uri += "https:\/\/example\.com\/\{proxy\}"/);
  assert.match(await output(page), /integration_method += "GET"/);
  assert.match(await page.locator('[data-field="integration_uri"] .reason').innerText(), /AWS service integrations/);
  assert.ok(await page.getByTestId('extras').isVisible());
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.equal(await target(page, 'HTTP URL').isChecked(), true);
  assert.match(await output(page), /integration_type = "HTTP_PROXY"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('pasted and example configurations open in the view that fits them, losing nothing', async () => {
  const { page, ctx, problems } = await open();
  // An example: the intent view of its target.
  await page.getByRole('button', { name: 'Private (VPC link)', exact: true }).click();
  assert.equal(await page.getByRole('button', { name: 'By target' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await target(page, 'Private resource').isChecked(), true);
  assert.equal(await output(page), integrationText(await fixture('private')));
  // A configuration with an argument no target asks for: the full view.
  await paste(page, 'resource "aws_apigatewayv2_integration" "odd" {\n  api_id           = "a"\n  integration_type = "HTTP_PROXY"\n  integration_uri  = "https://example.com"\n  integration_method = "ANY"\n  region           = "eu-west-1"\n}\n');
  assert.equal(await page.getByRole('button', { name: 'All arguments' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await field(page, 'region').inputValue(), 'eu-west-1');
  // The reader's own choice of view holds while the content stays.
  await page.getByRole('button', { name: 'By target' }).click();
  assert.equal(await field(page, 'region').inputValue(), 'eu-west-1', 'shown in the intent view too: it holds a value');
  assert.match(await output(page), /region += "eu-west-1"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('what the intent view says the target sets is what the output sets (a pasted Lambda without its implied arguments)', async () => {
  const { page, ctx, problems } = await open();
  await protocol(page, 'HTTP').check();
  await paste(page, 'resource "aws_apigatewayv2_integration" "l" {\n  api_id           = "a"\n  integration_type = "AWS_PROXY"\n  integration_uri  = "arn:aws:lambda:us-east-1:123456789012:function:f"\n}\n');
  assert.equal(await target(page, 'Lambda function').isChecked(), true);
  // Terraform's default payload_format_version is 1.0: the form must not say 2.0 is set.
  assert.equal(await page.getByTestId('implies').innerText(), 'Sets integration_type = "AWS_PROXY".');
  assert.doesNotMatch(await output(page), /payload_format_version|connection_type|integration_method/);
  // Choosing the target again (from another one) writes what it implies, and says so.
  await target(page, 'HTTP URL').check();
  await target(page, 'Lambda function').check();
  assert.match(await page.getByTestId('implies').innerText(), /payload_format_version = "2\.0"/);
  assert.match(await output(page), /payload_format_version = "2\.0"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a target the protocol does not take is named as such, and nothing of it is lost', async () => {
  const { page, ctx, problems } = await open();
  await target(page, 'AWS service action').check();
  await protocol(page, 'WEBSOCKET').check();
  assert.equal(
    await page.getByTestId('target-off').innerText(),
    'This configuration is an integration of the kind “AWS service action (SQS, EventBridge, Step Functions, Kinesis, AppConfig)” (integration_type AWS_PROXY), which a WebSocket API does not take: choose one of the targets above.',
  );
  assert.match(await output(page), /integration_subtype = "SQS-SendMessage"/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('axe (every rule) finds nothing in either view, in the light and the dark theme', async () => {
  const axe = await readFile(join(root, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    const { page, ctx, problems } = await open({ colorScheme });
    // axe's own inline styles are refused by the page's CSP: the page's problems are checked first.
    assert.deepEqual(problems, [], colorScheme);
    assert.deepEqual(await axeViolations(page, axe), [], `${colorScheme} blank`);
    await target(page, 'Lambda function').check();
    await field(page, 'integration_uri').fill('aws_lambda_function.example.invoke_arn');
    assert.deepEqual(await axeViolations(page, axe), [], `${colorScheme} intent`);
    await page.getByRole('button', { name: 'All arguments' }).click();
    assert.deepEqual(await axeViolations(page, axe), [], `${colorScheme} all arguments`);
    await ctx.close();
  }
});

test('axe (every rule) finds nothing after choosing each target of each protocol, filled in, in both views and both themes', async () => {
  const axe = await readFile(join(root, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    const { page, ctx, problems } = await open({ colorScheme });
    for (const proto of ['HTTP', 'WEBSOCKET']) {
      await page.getByRole('button', { name: 'By target' }).click();
      await protocol(page, proto).check();
      const ids = await page.locator('.targets input[type=radio]').evaluateAll((els) => els.map((e) => e.value));
      assert.ok(ids.length >= 4, `${proto}: ${ids}`);
      // One target after the other, as a reader trying them would: what the previous one
      // left (kept, with its reason) is on screen too, with its warnings and to-dos.
      for (const id of ids) {
        await page.getByRole('button', { name: 'By target' }).click();
        await page.locator(`.targets input[value="${id}"]`).check();
        await field(page, 'api_id').fill('aws_apigatewayv2_api.a.id');
        const uri = field(page, 'integration_uri');
        if (await uri.count()) await uri.fill(id === 'lambda' || id === 'aws' ? 'aws_lambda_function.f.invoke_arn' : id === 'private' ? 'aws_lb_listener.l.arn' : 'https://example.com/x');
        if (id === 'private') await field(page, 'connection_id').fill('aws_apigatewayv2_vpc_link.v.id');
        if (id === 'service') await field(page, 'credentials_arn').fill('aws_iam_role.r.arn');
        // axe's own inline styles are refused by the page's CSP: the page's problems are checked first.
        if (proto === 'HTTP' && id === ids[0]) assert.deepEqual(problems, [], colorScheme);
        assert.deepEqual(await axeViolations(page, axe), [], `${colorScheme} ${proto} ${id} by target`);
        await page.getByRole('button', { name: 'All arguments' }).click();
        assert.deepEqual(await axeViolations(page, axe), [], `${colorScheme} ${proto} ${id} all arguments`);
      }
    }
    await ctx.close();
  }
});

test('screenshots at 1440, 1280, 390 and in a 760 px embed (docs/screenshots/)', async () => {
  const dir = join(root, 'docs', 'screenshots');
  await mkdir(dir, { recursive: true });
  for (const [name, width, height] of [['desktop-1440', 1440, 900], ['laptop-1280', 1280, 800], ['mobile-390', 390, 844]]) {
    const { page, ctx, problems } = await open({ viewport: { width, height } });
    await target(page, 'Lambda function').check();
    await field(page, 'api_id').fill('aws_apigatewayv2_api.example.id');
    await field(page, 'integration_uri').fill('aws_lambda_function.example.invoke_arn');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(dir, `${name}.png`) });
    assert.deepEqual(problems, [], name);
    await ctx.close();
  }
  const ctx = await browser.newContext({ viewport: { width: 760, height: 900 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}examples/element.html`);
  await page.locator('#out-resource').first().waitFor();
  await page.screenshot({ path: join(dir, 'embed-760.png') });
  assert.deepEqual(problems, [], 'embed');
  await ctx.close();
});

test('the import box comes first, next to the examples: early by keyboard, and a dropped file is read into it', async () => {
  const { page, ctx, problems } = await open();
  // Tab from the top of the page: the box is reached before any argument.
  let reached = -1;
  for (let k = 0; k < 20; k++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.id ?? '';
    });
    if (id === 'paste-hcl') { reached = k; break; }
  }
  assert.ok(reached >= 0 && reached < 12, `tab stop ${reached}`);
  const text = await fixture('basic');
  const dt = await page.evaluateHandle((t) => { const d = new DataTransfer(); d.items.add(new File([t], 'basic.tf')); return d; }, text);
  await page.locator('#paste-hcl').dispatchEvent('drop', { dataTransfer: dt });
  await page.waitForFunction(() => {
    const host = document.getElementById('app')?.firstElementChild;
    return host?.shadowRoot?.querySelector('#paste-hcl')?.value.includes('MOCK');
  });
  assert.equal(await page.locator('#paste-hcl').inputValue(), text);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('always in reach: Problems and the output stay in view on a wide screen; a jump bar on a narrow one', async () => {
  const { page, ctx, problems } = await open();
  await page.getByRole('button', { name: 'All arguments' }).click();
  // Scrolled to the form's last section, the side pane is still on screen.
  await page.locator('[data-field="tls_config"]').scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => window.scrollY) > 400, 'the page scrolled');
  const inView = async (selector, height) => {
    const b = await page.locator(selector).first().boundingBox();
    return b !== null && b.y >= 0 && b.y < height;
  };
  assert.ok(await inView('.summary', 900), 'Problems in view');
  assert.ok(await inView('#out-resource', 900), 'output in view');
  assert.equal(await page.getByRole('navigation', { name: 'Jump to' }).isVisible(), false, 'no jump bar on a wide screen');
  await ctx.close();

  // A phone: the panes are stacked, and a bar at the bottom jumps between them.
  const narrow = await open({ viewport: { width: 390, height: 844 } });
  const bar = narrow.page.getByRole('navigation', { name: 'Jump to' });
  assert.ok(await bar.isVisible());
  await bar.getByRole('button', { name: 'Output' }).click();
  await narrow.page.waitForFunction(() => {
    const root = document.getElementById('app')?.firstElementChild?.shadowRoot;
    const r = root?.querySelector('#out-resource')?.getBoundingClientRect();
    return r && r.top >= -1 && r.top < innerHeight;
  });
  assert.ok(await bar.isVisible(), 'the bar stays');
  await bar.getByRole('button', { name: 'Problems' }).click();
  await narrow.page.waitForFunction(() => {
    const root = document.getElementById('app')?.firstElementChild?.shadowRoot;
    const r = root?.querySelector('.summary')?.getBoundingClientRect();
    return r && r.top >= -1 && r.top < innerHeight;
  });
  await bar.getByRole('button', { name: 'Form' }).click();
  await narrow.page.waitForFunction(() => {
    const root = document.getElementById('app')?.firstElementChild?.shadowRoot;
    const r = root?.querySelector('.form-pane')?.getBoundingClientRect();
    return r && r.top >= -1 && r.top < innerHeight;
  });
  assert.deepEqual(narrow.problems, []);
  assert.deepEqual(problems, []);
  await narrow.ctx.close();
});

test('Download .tf holds what the output shows: the resource and the companions switched on', async () => {
  const { page, ctx, problems } = await open();
  await target(page, 'Lambda function').check();
  await field(page, 'api_id').fill('aws_apigatewayv2_api.example.id');
  await field(page, 'integration_uri').fill('aws_lambda_function.example.invoke_arn');
  await page.getByLabel('Add the aws_lambda_permission a Lambda target needs').check();
  const companions = await page.locator('#out-companions').innerText();
  assert.match(companions, /resource "aws_lambda_permission"/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .tf' }).click()]);
  const saved = await readFile(await download.path(), 'utf8');
  assert.equal(saved, `${await output(page)}\n${companions}`);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("each field's help is its target's, from the reader module, and its links go to the argument's own entries", async () => {
  const { page, ctx, problems } = await open();
  // A blank form's two arguments carry their help before anything else loads.
  const help = (name) => page.locator(`[data-field="${name}"] p.help`);
  assert.match(await help('api_id').innerText(), /^API identifier\./);
  await target(page, 'Lambda function').check();
  // The target's fields: their help says what they mean for a Lambda function.
  await help('integration_uri').filter({ hasText: 'The function to invoke' }).waitFor();
  assert.match(await help('payload_format_version').innerText(), /2\.0 \(simpler, the console's default\)/);
  // The full view: the provider documentation's line, and the same links.
  await page.getByRole('button', { name: 'All arguments' }).click();
  await help('integration_uri').filter({ hasText: 'invoke ARN. HTTP: a fully-qualified URL' }).waitFor();
  const links = await page
    .locator('[data-field="timeout_milliseconds"] p.help a:visible')
    .evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(links, [
    ['Terraform docs', 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_integration#timeout_milliseconds'],
    ['AWS API reference', 'https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html#apis-apiid-integrations-prop-createintegrationinput-timeoutinmillis'],
  ]);
  // `region` is Terraform's own: no AWS entry, no link to one.
  assert.equal(await page.locator('[data-field="region"] p.help a:visible').count(), 1);
  // Twenty arguments, twenty different entries.
  const hrefs = await page.locator('.form-pane [data-field] p.help a:visible').evaluateAll((as) => as.map((a) => a.href));
  assert.equal(new Set(hrefs).size, hrefs.length);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('when the reader module cannot load, the fields keep their links and the form works', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await ctx.route(/apigw-integration-reader/, (route) => route.abort());
  const page = await ctx.newPage();
  await page.goto(base);
  await page.waitForSelector('html[data-ready="true"]');
  await target(page, 'Lambda function').check();
  await field(page, 'integration_uri').fill('aws_lambda_function.example.invoke_arn');
  assert.match(await output(page), /integration_uri += aws_lambda_function\.example\.invoke_arn/);
  assert.equal(await page.locator('[data-field="integration_uri"] p.help').innerText(), 'Terraform docs AWS API reference');
  await ctx.close();
});
