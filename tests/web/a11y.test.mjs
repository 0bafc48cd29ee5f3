// Accessibility: axe-core (through playwright) on the playground and the embed page, in light
// and dark colour schemes, after commands that print errors, warnings and jobs. No serious
// or critical violation may remain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedBrowser, ROOT } from './harness.mjs';
import { ready, enter, idle } from './console-helpers.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

const shared = sharedBrowser();

async function audit(page) {
  // Evaluated through the DevTools protocol: the page's CSP does not apply to it.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`the playground has no serious or critical axe violation (${colorScheme})`, async () => {
    const page = await shared.browser.newPage({ colorScheme, viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${shared.server.url}/`);
      await ready(page);
      await enter(page, '$j = Start-Job { 1..3 }; Start-Sleep -Milliseconds 300');
      await enter(page, 'Get-Item C:\\nope');
      await enter(page, 'Write-Warning careful; Write-Verbose -Verbose detail');
      await enter(page, 'Receive-Job $j -Keep');
      await page.waitForTimeout(300); // the jobs panel draws on the next frame
      assert.deepEqual(await audit(page), []);
    } finally {
      await page.close();
    }
  });

  test(`the embed page has no serious or critical axe violation (${colorScheme})`, async () => {
    const page = await shared.browser.newPage({ colorScheme, viewport: { width: 1000, height: 900 } });
    try {
      await page.goto(`${shared.server.url}/embed.html`);
      for (const id of ['#partial', '#keep', '#failed']) {
        await page.locator(id).scrollIntoViewIfNeeded();
        await ready(page, id);
        await idle(page, id);
      }
      await page.locator('#keep').getByRole('textbox', { name: 'PowerShell input' }).press('Enter');
      await idle(page, '#keep');
      await page.waitForTimeout(300);
      assert.deepEqual(await audit(page), []);
    } finally {
      await page.close();
    }
  });
}
