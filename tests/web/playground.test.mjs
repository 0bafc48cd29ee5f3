// The playground page (www/index.html) used as a learner uses it: typing commands, keys,
// the jobs panel, the tour, a share link. Screenshots go to target/screenshots/.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedBrowser, ROOT } from './harness.mjs';
import { ready, enter, idle, logText, jobRows, classesOf, shadowText } from './console-helpers.mjs';

const shared = sharedBrowser();
let page;
afterEach(async () => {
  await page?.close();
  page = null;
});

async function open(path = '/', viewport = { width: 1280, height: 900 }) {
  page = await shared.browser.newPage({ viewport });
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP blocked ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${shared.server.url}${path}`);
  await ready(page);
  return page;
}

const input = () => page.getByRole('textbox', { name: 'PowerShell input' });

test('commands print their output in the console colours', async () => {
  await open();
  await enter(page, 'Get-Item C:\\nope');
  await enter(page, 'Write-Warning careful');
  await enter(page, 'Write-Host green -ForegroundColor Green -BackgroundColor Black');
  await enter(page, '1 + 1');
  const text = await logText(page);
  assert.match(text, /PS C:\\Users\\User> Get-Item C:\\nope\nGet-Item : Cannot find path 'C:\\nope' because it does not exist\.\n/);
  assert.match(text, /PS C:\\Users\\User> 1 \+ 1\n2\n$/);
  assert.deepEqual(await classesOf(page, /^Get-Item : Cannot find/), ['s-error']);
  assert.deepEqual(await classesOf(page, /^WARNING: careful/), ['s-warning']);
  assert.deepEqual(await classesOf(page, /^green/), ['s-host fg-Green bg-Black']);
  const colours = await page.locator('psjobs-console').evaluate((el) => {
    const span = el.shadowRoot.querySelector('.log .s-error');
    const s = getComputedStyle(span);
    return [s.color, s.backgroundColor, getComputedStyle(el.shadowRoot.querySelector('.viewport')).backgroundColor];
  });
  assert.deepEqual(colours, ['rgb(255, 107, 107)', 'rgb(12, 12, 12)', 'rgb(1, 36, 86)'], 'red on black errors, on PowerShell blue');
  assert.equal(await shadowText(page, '.prompt'), 'PS C:\\Users\\User> ');
  assert.deepEqual(page.problems, []);
});

test('an open block waits behind >>, and runs whole', async () => {
  await open();
  await input().fill('foreach ($i in 1..2) {');
  await input().press('Enter');
  assert.equal(await shadowText(page, '.prompt'), '>> ');
  await input().fill('"n$i" |');
  await input().press('Enter');
  assert.equal(await shadowText(page, '.prompt'), '>> ');
  await input().fill('Write-Output }');
  await input().press('Enter');
  await idle(page);
  assert.match(await logText(page), /PS C:\\Users\\User> foreach \(\$i in 1\.\.2\) \{\n>> "n\$i" \|\n>> Write-Output \}\nn1\nn2\n$/);
  // Shift+Enter adds a line instead of running.
  await input().press('x');
  await input().press('Shift+Enter');
  assert.equal(await input().inputValue(), 'x\n');
});

test('history: Up and Down walk the commands, kept across a reload', async () => {
  await open();
  await enter(page, "'first'");
  await enter(page, "'second'");
  await input().press('ArrowUp');
  assert.equal(await input().inputValue(), "'second'");
  await input().press('ArrowUp');
  assert.equal(await input().inputValue(), "'first'");
  await input().press('ArrowDown');
  assert.equal(await input().inputValue(), "'second'");
  await input().press('ArrowDown');
  assert.equal(await input().inputValue(), '');
  await page.reload();
  await ready(page);
  await input().press('ArrowUp');
  assert.equal(await input().inputValue(), "'second'", 'localStorage keeps the history');
});

test('Tab and Shift+Tab cycle completions; Esc clears; Esc then Tab leaves', async () => {
  await open();
  await input().fill('Get-Ch');
  await input().press('Tab');
  assert.equal(await input().inputValue(), 'Get-ChildItem');
  await input().fill('Start-Job -Scr');
  await input().press('Tab');
  assert.equal(await input().inputValue(), 'Start-Job -ScriptBlock');
  await input().fill('Get-C');
  await input().press('Tab');
  const first = await input().inputValue();
  await input().press('Tab');
  const second = await input().inputValue();
  await input().press('Shift+Tab');
  assert.equal(await input().inputValue(), first, 'Shift+Tab goes back');
  assert.notEqual(first, second);
  assert.match(first, /^Get-C/);
  await input().press('Escape');
  assert.equal(await input().inputValue(), '');
  await input().press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.tagName);
  assert.notEqual(focused, 'PSJOBS-CONSOLE', 'focus left the console');
});

test('Ctrl+C stops a long Wait-Job; the job runs on', async () => {
  await open();
  await enter(page, '$j = Start-Job { Start-Sleep -Seconds 60 }');
  await input().fill('Wait-Job $j');
  await input().press('Enter');
  await page.waitForTimeout(300);
  assert.ok(await page.locator('psjobs-console').evaluate((el) => el.hasAttribute('busy')));
  await input().press('Control+c');
  await idle(page);
  await enter(page, '$j.State');
  assert.match(await logText(page), /> \$j\.State\nRunning\n$/);
  // At an idle prompt Ctrl+C drops the line.
  await input().fill('Get-Process');
  await input().press('Control+c');
  assert.equal(await input().inputValue(), '');
  assert.match(await logText(page), /PS C:\\Users\\User> Get-Process\^C\n$/);
});

test('Read-Host prompts inline and takes the next line', async () => {
  await open();
  await input().fill('$n = Read-Host "Your name"; "Hello, $n"');
  await input().press('Enter');
  await page.waitForFunction(() => document.querySelector('psjobs-console').shadowRoot.querySelector('.prompt').textContent === 'Your name: ');
  await input().fill('Ada');
  await input().press('Enter');
  await idle(page);
  assert.match(await logText(page), /\nYour name: Ada\nHello, Ada\n$/);
  // Ctrl+C at the question: the question stays in the log, the prompt comes back.
  await input().fill('Read-Host "Age"');
  await input().press('Enter');
  await page.waitForFunction(() => document.querySelector('psjobs-console').shadowRoot.querySelector('.prompt').textContent === 'Age: ');
  await input().press('Control+c');
  await idle(page);
  assert.match(await logText(page), /PS C:\\Users\\User> Read-Host "Age"\nAge: \n$/);
  assert.equal(await shadowText(page, '.prompt'), 'PS C:\\Users\\User> ');
});

test('Write-Progress shows a block at the top while the command runs', async () => {
  await open();
  await input().fill('1..10 | % { Write-Progress -Activity Counting -Status "Item $_" -PercentComplete ($_*10); Start-Sleep -Milliseconds 150 }');
  await input().press('Enter');
  await page.waitForFunction(() => /Counting\n\s+Item \d/.test(document.querySelector('psjobs-console').shadowRoot.querySelector('.progress').textContent));
  assert.equal(await page.locator('psjobs-console').evaluate((el) => el.shadowRoot.querySelector('.progress').hidden), false);
  await idle(page);
  assert.equal(await page.locator('psjobs-console').evaluate((el) => el.shadowRoot.querySelector('.progress').hidden), true);
  assert.doesNotMatch(await logText(page), /\nCounting\n/, 'progress is not part of the log');
});

test('the jobs panel follows a directory walk, a Receive-Job and a -Keep', async () => {
  await open();
  await enter(page, 'Start-Job -Name Walk { Get-ChildItem C:\\ -Recurse }');
  await page.waitForTimeout(1500);
  let rows = await jobRows(page);
  assert.deepEqual(rows.map((r) => [r.id, r.name, r.type, r.state, r.hasMoreData, r.location]), [
    [1, 'Walk', 'BackgroundJob', 'Running', 'True', 'localhost'],
    [2, 'Job2', '', 'Running', 'True', 'localhost'],
  ]);
  const waitingBefore = Number(rows[0].results.match(/^(\d+) waiting, 0 received$/)[1]);
  assert.ok(waitingBefore > 0, rows[0].results);
  assert.equal(rows[0].taken, 0);
  await page.waitForTimeout(600);
  const grown = Number((await jobRows(page))[0].results.match(/^(\d+) waiting/)[1]);
  assert.ok(grown > waitingBefore, `the buffer grows while the walk runs: ${waitingBefore} then ${grown}`);

  await enter(page, '$kept = Receive-Job -Name Walk -Keep; $kept.Count');
  rows = await jobRows(page);
  assert.match(rows[0].results, / 0 received$/, '-Keep takes nothing');
  assert.ok(rows[0].waiting > 0);

  await enter(page, '$got = Receive-Job -Name Walk; $got.Count');
  rows = await jobRows(page);
  const [, waiting, received] = rows[0].results.match(/^(\d+) waiting, (\d+) received$/).map(Number);
  assert.ok(received >= waitingBefore, `Receive-Job took them: ${rows[0].results}`);
  assert.ok(rows[0].taken > 0, 'hollow items: taken');
  const printed = Number((await logText(page)).trim().split('\n').at(-1));
  assert.ok(printed === received, `the count printed (${printed}) is what the panel says was received (${received})`);
  assert.ok(waiting >= 0);

  // Clicking a job puts a command for it on the input line.
  await page.locator('psjobs-console').getByRole('button', { name: 'Walk' }).click();
  assert.equal(await input().inputValue(), 'Receive-Job -Id 1 -Keep');
});

test('pasting several lines runs them in turn; the unfinished last stays', async () => {
  await open();
  await input().focus();
  await page.locator('psjobs-console').evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', "6 * 7\r\nif ($true) {\n'inside'\n}\nGet-Jo");
    el.shadowRoot.querySelector('textarea').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await idle(page);
  await page.waitForFunction(() => /inside\n$/.test(document.querySelector('psjobs-console').shadowRoot.querySelector('.log').textContent));
  assert.equal(await logText(page), "PS C:\\Users\\User> 6 * 7\n42\nPS C:\\Users\\User> if ($true) {\n>> 'inside'\n>> }\ninside\n");
  assert.equal(await input().inputValue(), 'Get-Jo');
  // Ctrl+L clears the screen; the session stays.
  await input().press('Control+l');
  assert.equal(await logText(page), '');
  await enter(page, '6 * 7');
  assert.equal(await logText(page), 'PS C:\\Users\\User> 6 * 7\n42\n');
});

test('the screen follows new output unless the reader has scrolled up', async () => {
  await open();
  const viewport = (f) => page.locator('psjobs-console').evaluate((el, source) => {
    const v = el.shadowRoot.querySelector('.viewport');
    return new Function('v', source)(v);
  }, f);
  await input().fill('1..300 | % { $_; Start-Sleep -Milliseconds 10 }');
  await input().press('Enter');
  await page.waitForTimeout(1200);
  // (A frame behind at most: the view follows what the last frame drew.)
  assert.ok(await viewport('return v.scrollHeight - v.clientHeight - v.scrollTop <= 80'), 'following the end');
  await viewport('v.scrollTop = 0');
  await page.waitForTimeout(800);
  assert.equal(await viewport('return v.scrollTop'), 0, 'the reader stays where they scrolled');
  await idle(page);
  await input().fill('"next"');
  await input().press('Enter');
  await idle(page);
  await page.waitForTimeout(100);
  assert.ok(await viewport('return v.scrollHeight - v.clientHeight - v.scrollTop <= 2'), 'a new command brings the end back');
});

test('the screen keeps the last 9,001 lines; what a command returns is not cut', async () => {
  await open();
  await page.locator('#speed').selectOption('0');
  await enter(page, '$all = 1..9100; $all');
  await enter(page, '$all.Count');
  const lines = await page.locator('psjobs-console').evaluate((el) => {
    const all = [...el.shadowRoot.querySelectorAll('.log .line')].map((l) => l.textContent);
    return { count: all.length, first: all[0], last: all.slice(-3) };
  });
  assert.equal(lines.count, 9001);
  // 9,103 lines printed (two echoes, 9,100 numbers, the count): the first 102 went.
  assert.equal(lines.first, '102\n', 'the oldest lines went first');
  assert.deepEqual(lines.last, ['9100\n', 'PS C:\\Users\\User> $all.Count\n', '9100\n']);
});

test('a failed job says why in the jobs panel', async () => {
  await open();
  await enter(page, "$bad = Start-Job { 'one'; throw 'The disk is full' } | Wait-Job");
  const rows = await jobRows(page);
  assert.equal(rows[0].state, 'Failed');
  assert.match(rows[1].results, /^1 waiting, 0 received ?Reason: The disk is full$/);
  const colour = await page.locator('psjobs-console').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.state-Failed')).color);
  assert.equal(colour, 'rgb(179, 38, 30)', 'Failed in red');
});

test('HTML and script printed by a command are shown as text', async () => {
  await open();
  await enter(page, '"<img src=x onerror=alert(1)><b>bold</b><script>window.hacked=1</script>"');
  assert.match(await logText(page), /\n<img src=x onerror=alert\(1\)><b>bold<\/b><script>window\.hacked=1<\/script>\n$/);
  const elements = await page.locator('psjobs-console').evaluate((el) => el.shadowRoot.querySelectorAll('.log img, .log b, .log script').length);
  assert.equal(elements, 0);
  assert.equal(await page.evaluate(() => window.hacked), undefined);
});

test('a tour step types its command; Enter runs it', async () => {
  await open();
  const tour = page.getByRole('region', { name: 'A tour of jobs' });
  assert.ok((await tour.locator('li').count()) >= 10);
  assert.equal(await tour.getByRole('listitem').count(), 1, 'one step shows at a time');
  assert.equal(await tour.getByText(/^Step \d+ of \d+$/).textContent(), `Step 1 of ${await tour.locator('li').count()}`);
  await page.getByRole('button', { name: 'Try it: step 1, Start a job' }).click();
  assert.equal(await input().inputValue(), 'Start-Job -Name Walk -ScriptBlock { Get-ChildItem C:\\ -Recurse }');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'PSJOBS-CONSOLE', 'the caret is on the input line');
  await input().press('Enter');
  await idle(page);
  assert.equal((await jobRows(page))[0].name, 'Walk');
});

test('every tour step runs in the engine without an error it did not mean', async () => {
  await open('/'); // at real speed: the walk is still running when step 7 removes it
  const tour = page.getByRole('region', { name: 'A tour of jobs' });
  const n = await tour.locator('li').count();
  for (let i = 0; i < n; i++) {
    await tour.getByRole('button', { name: /^Try it: step/ }).click();
    await input().press('Enter');
    await idle(page);
    if (i < n - 1) await tour.getByRole('button', { name: 'Next' }).click();
  }
  assert.ok(await tour.getByRole('button', { name: 'Next' }).isDisabled(), 'the last step has no Next');
  const text = await logText(page);
  const errors = text.match(/^\S+ : .*$/gm) ?? [];
  // Step 7 removes a running job without -Force: the error it teaches, and only it.
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /^Remove-Job : The command cannot remove the job with the job ID 1 and the name Walk because the job is not finished/);
  assert.match(text, /\nThe disk is full\n/);
});

test('a share link carries the commands, and opening it runs them again', async () => {
  await open();
  await page.locator('#speed').selectOption('0');
  await ready(page);
  await enter(page, '$x = 6 * 7');
  await input().fill('$n = Read-Host "Name"');
  await input().press('Enter');
  await input().fill('Ada');
  await input().press('Enter');
  await idle(page);
  await enter(page, '"$x $n"');
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  assert.match(link, /#edition=5\.1&speed=0&commands=/);
  const again = await shared.browser.newPage();
  try {
    await again.goto(link);
    await ready(again);
    await again.waitForFunction(() => /"\$x \$n"\n42 Ada\n$/.test(document.querySelector('psjobs-console').shadowRoot.querySelector('.log').textContent));
    assert.equal(await again.locator('#speed').inputValue(), '0');
  } finally {
    await again.close();
  }
  // A link from anyone is only text: junk in it opens an empty console.
  const junk = await shared.browser.newPage();
  try {
    await junk.goto(`${shared.server.url}/#commands=%7Bnot-json&speed=1e9&edition=<b>`);
    await ready(junk);
    assert.equal(await junk.locator('#edition').inputValue(), '5.1');
    assert.equal(await logText(junk), '');
  } finally {
    await junk.close();
  }
});

test('the speed control changes the running session: jobs and screen stay', async () => {
  await open();
  await enter(page, '$j = Start-Job { Get-ChildItem C:\\ -Recurse }');
  await page.locator('#speed').selectOption('0');
  await enter(page, '$k = Start-Job { Get-ChildItem C:\\ -Recurse } | Wait-Job; $k.State; $j.Id');
  assert.match(await logText(page), /^PS C:\\Users\\User> \$j = Start-Job .*\nCompleted\n1\n$/s);
});

test('reset starts a new session; the edition switch too', async () => {
  await open();
  // A reset while a command waits: nothing of the old session reaches the new screen.
  await input().fill('Start-Sleep -Seconds 30');
  await input().press('Enter');
  await page.getByRole('button', { name: 'Reset' }).click();
  await ready(page);
  await idle(page);
  await page.waitForTimeout(200);
  assert.equal(await logText(page), '');
  assert.equal(await shadowText(page, '.prompt'), 'PS C:\\Users\\User> ');
  await enter(page, 'Start-Job { 1 } | Out-Null');
  assert.equal((await jobRows(page)).length, 2);
  await page.getByRole('button', { name: 'Reset' }).click();
  await ready(page);
  assert.equal(await logText(page), '');
  assert.equal((await jobRows(page)).length, 0);
  await page.locator('#edition').selectOption('7');
  await ready(page);
  await enter(page, '$PSVersionTable.PSEdition');
  assert.match(await logText(page), /\nCore\n$/);
  assert.equal(await shadowText(page, '.title'), 'PowerShell 7');
});

const SHOTS = join(ROOT, 'target/screenshots');
for (const [name, viewport] of [['wide', { width: 1920, height: 1080 }], ['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`the playground at ${name} width fits the screen (screenshot)`, async () => {
    await open('/', viewport);
    await enter(page, '$j = Start-Job { 1..5 | % { $_; Start-Sleep -Milliseconds 200 } }');
    await page.waitForTimeout(1300);
    await enter(page, 'Receive-Job $j -Keep');
    await enter(page, 'Get-Job');
    await enter(page, 'Get-Item C:\\nope');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `playground-${name}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    // The jobs panel stands beside the console where both fit (120 columns and the panel),
    // below it elsewhere.
    const beside = await page.locator('psjobs-console').evaluate((el) => {
      const log = el.shadowRoot.querySelector('.viewport').getBoundingClientRect();
      const jobs = el.shadowRoot.querySelector('.jobs-pane').getBoundingClientRect();
      return jobs.left >= log.right - 1 && jobs.top < log.bottom;
    });
    assert.equal(beside, name === 'wide');
    // Job names stay readable however narrow (a phone's panel scrolls sideways instead).
    const nameWidth = await page.locator('psjobs-console').evaluate((el) =>
      el.shadowRoot.querySelector('table.jobs tbody tr td:nth-child(2)').getBoundingClientRect().width);
    assert.ok(nameWidth >= 80, `the Name column is ${nameWidth} px wide`);
    // The screen follows the output: the prompt after the error is in view.
    const gap = await page.locator('psjobs-console').evaluate((el) => {
      const v = el.shadowRoot.querySelector('.viewport');
      return v.scrollHeight - v.clientHeight - v.scrollTop;
    });
    assert.ok(gap <= 2, `the console stopped ${gap} px above its end`);
    assert.deepEqual(page.problems, []);
  });
}
