// The page `make serve` shows, used as a learner would, at a desktop and a phone width: start
// a job, receive part of it with -Keep, list jobs, make an error. Screenshots are saved to
// target/screenshots/ to be looked at; the test checks what it can of what they show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, ROOT } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const SHOTS = join(ROOT, 'target/screenshots');

for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the playground page at ${name} width: a job, -Keep, Get-Job, an error`, async () => {
    const page = await browser.newPage({ viewport });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/`);
    const input = page.getByRole('textbox', { name: 'PowerShell input' });
    await input.press('Enter'); // the Start-Job the page offers
    await page.waitForTimeout(1400);
    for (const line of ['Receive-Job $j -Keep', 'Get-Job', 'Get-Item C:\\nope']) {
      await input.fill(line);
      await input.press('Enter');
      await page.waitForTimeout(300);
    }
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `index-${name}.png`), fullPage: true });

    const log = page.getByRole('log', { name: 'Console output' });
    const text = await log.textContent();
    assert.match(text, /Receive-Job \$j -Keep\n1\n2\n/);
    assert.match(text, /Get-Item : Cannot find path 'C:\\nope' because it does not exist\./);
    const rows = await page.getByRole('table', { name: 'Jobs' }).locator('tbody tr').allTextContents();
    assert.equal(rows.length, 2, 'the job and its child');
    assert.match(rows[0], /^1\s*Job1\s*Running\s*True/, 'HasMoreData as PowerShell prints it');
    // The page fits the screen; the console and the jobs table scroll inside it.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
