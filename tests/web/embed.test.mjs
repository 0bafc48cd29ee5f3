// Embedding: <psjobs-console> in a documentation page (www/embed.html) and in pages that
// serve it badly. The wasm loads once, when a console is about to be seen; each console has
// its own session; a page that blocks wasm gets a message that says what to change.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedBrowser, serve, ROOT } from './harness.mjs';
import { ready, enter, idle, logText, jobRows } from './console-helpers.mjs';

const shared = sharedBrowser();
let page;
afterEach(async () => {
  await page?.close();
  page = null;
});

async function open(path, viewport = { width: 1000, height: 900 }) {
  page = await shared.browser.newPage({ viewport });
  page.problems = [];
  page.wasmRequests = 0;
  page.on('pageerror', (e) => page.problems.push(String(e)));
  page.on('request', (r) => { if (r.url().endsWith('/psjobs_bg.wasm')) page.wasmRequests++; });
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${shared.server.url}${path}`);
  return page;
}

test('three consoles on one page: one wasm download, each its own session', async () => {
  await open('/embed.html');
  for (const id of ['#partial', '#keep', '#failed']) {
    await page.locator(id).scrollIntoViewIfNeeded();
    await ready(page, id);
  }
  await idle(page, '#partial');
  await idle(page, '#failed');
  assert.equal(page.wasmRequests, 1, 'the module is fetched once for the page');

  // The virtual clock: the same text on every load.
  assert.equal(await logText(page, '#partial'), [
    'PS C:\\Users\\User> $job = Start-Job { 1..6 | ForEach-Object { "item $_"; Start-Sleep -Seconds 1 } }',
    'PS C:\\Users\\User> Start-Sleep -Seconds 3',
    'PS C:\\Users\\User> Receive-Job $job',
    'item 1', 'item 2', 'item 3',
    'PS C:\\Users\\User> Start-Sleep -Seconds 4',
    'PS C:\\Users\\User> Receive-Job $job',
    'item 4', 'item 5', 'item 6', '',
  ].join('\n'));
  assert.match(await logText(page, '#failed'), /> \$job\.State\nFailed\nPS C:\\Users\\User> \$job\.JobStateInfo\.Reason\.Message\nAccess is denied\n/);

  // Without autorun, each line waits on the input line for Enter.
  const keepInput = page.locator('#keep').getByRole('textbox', { name: 'PowerShell input' });
  assert.equal(await keepInput.inputValue(), "$job = Start-Job { 'first'; 'second'; 'third' }");
  assert.equal(await logText(page, '#keep'), '');
  await keepInput.press('Enter');
  await idle(page, '#keep');
  assert.equal(await keepInput.inputValue(), 'Wait-Job $job | Out-Null');
  await keepInput.press('Enter');
  await idle(page, '#keep');
  await keepInput.press('Enter'); // Receive-Job $job -Keep
  await idle(page, '#keep');
  let rows = await jobRows(page, '#keep');
  assert.equal(rows[0].results, '3 waiting, 0 received', '-Keep left them');
  await keepInput.press('Enter'); // Receive-Job $job
  await idle(page, '#keep');
  rows = await jobRows(page, '#keep');
  assert.equal(rows[0].results, '0 waiting, 3 received');
  assert.equal(rows[0].hasMoreData, 'False');
  assert.match(await logText(page, '#keep'), /-Keep\nfirst\nsecond\nthird\nPS C:\\Users\\User> Receive-Job \$job\nfirst\nsecond\nthird\n$/);

  // Isolated: each console sees only its own jobs, numbered from 1.
  await enter(page, 'Get-Job | ForEach-Object { "$($_.Id) $($_.Command)" }', '#keep');
  assert.match(await logText(page, '#keep'), /\n1  'first'; 'second'; 'third' \n$/);
  await enter(page, 'Get-Job | ForEach-Object { "$($_.Id) $($_.State)" }', '#failed');
  assert.match(await logText(page, '#failed'), /\n1 Failed\n$/);

  mkdirSync(join(ROOT, 'target/screenshots'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'target/screenshots/embed.png'), fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.violations), [], 'nothing the CSP blocked');
  assert.deepEqual(page.problems, []);
});

test('the wasm loads only when a console scrolls into view', async () => {
  await open('/__test__/far-below.html');
  await page.waitForTimeout(800);
  assert.equal(page.wasmRequests, 0, 'nothing loaded for a console nobody has seen');
  await page.locator('#late').scrollIntoViewIfNeeded();
  await ready(page, '#late');
  await idle(page, '#late');
  assert.equal(await logText(page, '#late'), "PS C:\\Users\\User> 'late'\nlate\n");
  assert.equal(page.wasmRequests, 1);
});

test('a CSP without wasm-unsafe-eval gets a message that says so', async () => {
  await open('/__test__/no-wasm-csp.html');
  const status = page.locator('psjobs-console').getByRole('status');
  await status.filter({ hasText: 'cannot start' }).waitFor();
  assert.equal(await status.textContent(),
    "This console cannot start: this page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its script-src.");
});

test('a server that does not serve the wasm gets a message that says so', async () => {
  page = await shared.browser.newPage();
  await page.route('**/psjobs_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(`${shared.server.url}/embed.html`);
  const status = page.locator('#partial').getByRole('status');
  await status.filter({ hasText: 'cannot start' }).waitFor();
  assert.match(await status.textContent(), /^This console cannot start: the server answered 404 for \/pkg\/psjobs_bg\.wasm; host the whole package folder\.$/);
});

test('a wrong MIME type for the wasm only slows the start', async () => {
  page = await shared.browser.newPage();
  await page.route('**/psjobs_bg.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto(`${shared.server.url}/embed.html`);
  await ready(page, '#partial');
  await idle(page, '#partial');
  assert.match(await logText(page, '#partial'), /item 6\n$/);
});

test('dist/ (make dist) hosts as it is, under the strict CSP', async () => {
  const dist = join(ROOT, 'dist');
  const { existsSync } = await import('node:fs');
  assert.ok(existsSync(join(dist, 'HOSTING.md')), 'make test runs scripts/dist.sh before these tests');
  const site = await serve(dist);
  try {
    page = await shared.browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${site.url}/__test__/dist-page.html`);
    await ready(page);
    await idle(page);
    assert.equal(await logText(page), "PS C:\\Users\\User> $j = Start-Job { 'from dist' }\nPS C:\\Users\\User> Receive-Job $j -Wait\nfrom dist\n");
    assert.deepEqual(problems, []);
  } finally {
    await page?.close();
    page = null;
    await site.close();
  }
});

test('page styles do not reach into the console, nor its styles out; attributes apply', async () => {
  await open('/__test__/styled.html');
  await ready(page, '#light');
  await ready(page, '#dark');
  await idle(page, '#light');
  assert.equal(await logText(page, '#light'), "PS C:\\Users\\User> 'from the attribute'\nfrom the attribute\n");
  const look = (id) => page.locator(id).evaluate((el) => {
    const r = el.shadowRoot;
    const style = (s) => getComputedStyle(r.querySelector(s));
    return {
      viewport: style('.viewport').backgroundColor,
      text: style('.log span').color,
      display: style('.log span').display,
      font: style('.viewport').fontFamily,
      rows: Math.round(r.querySelector('.viewport').getBoundingClientRect().height),
      jobs: !r.querySelector('.jobs-pane').hidden,
    };
  });
  const light = await look('#light');
  assert.equal(light.viewport, 'rgb(255, 255, 255)', 'theme="light"');
  assert.equal(light.text, 'rgb(31, 31, 31)');
  assert.equal(light.display, 'inline', 'the page hid every span; not these');
  assert.match(light.font, /Consolas/);
  assert.equal(light.jobs, false);
  await enter(page, "'x'", '#dark');
  const dark = await look('#dark');
  assert.equal(dark.viewport, 'rgb(1, 36, 86)', 'theme="dark": PowerShell blue');
  assert.equal(dark.jobs, true, 'jobs-panel');
  assert.ok(dark.rows > light.rows * 3, `rows="5" is shorter than the default 20: ${light.rows} px vs ${dark.rows} px`);
  // theme="auto" (the default) follows the reader's colour scheme, as it changes.
  const auto = () => page.locator('#auto').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.viewport')).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await auto(), 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await auto(), 'rgb(1, 36, 86)');
  const pageText = await page.locator('p.log').evaluate((p) => getComputedStyle(p).color);
  assert.equal(pageText, 'rgb(0, 255, 0)', "the console's class names do not style the page");
});
