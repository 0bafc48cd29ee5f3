// The JS API end to end in Chromium: the package as a page loads it, jobs running on the
// real clock while the test waits, the pump keeping the page answering, and bad input.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedBrowser, apiPage, ROOT } from './harness.mjs';

const shared = sharedBrowser();

// Each test's page is closed after it: pages of one site can share a renderer's main
// thread, and a job left spinning in one would slow the next test's pump.
const open = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

async function page() {
  const p = await apiPage(shared.browser, shared.server.url);
  open.push(p);
  return p;
}

test('run returns what the console printed, as text and as typed records', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    const a = await s.run('1..3 | ForEach-Object { $_ * 2 }; Write-Warning "careful"; Write-Host -ForegroundColor Green hi');
    const b = await s.run('Get-Item C:\\Nope');
    const c = await s.run('$x = ');
    return { a, b, c, prompt: s.prompt(), more: [s.needsMoreInput('if ($true) {'), s.needsMoreInput('Get-Job |'), s.needsMoreInput('1')] };
  });
  assert.equal(r.a.text, '2\n4\n6\nWARNING: careful\nhi\n');
  assert.equal(r.a.ok, true);
  assert.deepEqual(r.a.records.map((x) => x.stream), ['output', 'output', 'output', 'warning', 'host']);
  assert.equal(r.a.records[4].fg, 'Green');
  assert.equal(r.b.ok, false);
  assert.match(r.b.text, /^Get-Item : Cannot find path 'C:\\Nope' because it does not exist\./);
  assert.ok(r.b.records.every((x) => x.stream === 'error'));
  assert.equal(r.c.ok, false, 'a parse error');
  assert.equal(r.prompt, 'PS C:\\Users\\User> ');
  assert.deepEqual(r.more, [true, true, false]);
  assert.deepEqual(p.problems, []);
});

test('a job fills up while real time passes: received part-way, then the rest; -Keep keeps', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
    const s = new psjobs.Session();
    const counts = () => { const j = s.jobs()[0]; return { state: j.state, hasMoreData: j.hasMoreData, produced: j.produced, received: j.received, buffered: j.buffered }; };
    await s.run('$j = Start-Job { 1..5 | ForEach-Object { $_; Start-Sleep -Milliseconds 400 } }');
    const atStart = counts();
    // Nothing runs a command now: the job moves on its own, as its process would.
    await sleep(1300);
    const before = counts();
    const kept = await s.run('Receive-Job $j -Keep');
    const afterKeep = counts();
    const part = await s.run('Receive-Job $j');
    const afterPart = counts();
    while (s.jobs()[0].state === 'Running') await sleep(100);
    const done = counts();
    const rest = await s.run('Receive-Job $j');
    const end = counts();
    const table = await s.run('Get-Job | Format-Table Id, State, HasMoreData -AutoSize');
    return { atStart, before, kept, afterKeep, part, afterPart, done, rest, end, table: table.text };
  });
  assert.equal(r.atStart.state, 'Running');
  assert.equal(r.atStart.produced, 0);
  assert.ok(r.before.produced >= 1 && r.before.produced <= 4, `part-way: ${JSON.stringify(r.before)}`);
  assert.equal(r.before.buffered, r.before.produced);
  assert.equal(r.kept.text.trim().split('\n').length, r.before.produced, '-Keep returns what was buffered');
  assert.equal(r.afterKeep.buffered, r.before.buffered, '-Keep leaves the buffer as it was');
  assert.equal(r.afterKeep.received, 0);
  const first = r.part.text.trim().split('\n');
  assert.ok(first.length >= r.before.produced && first.length < 5, `part: ${r.part.text}`);
  assert.equal(r.afterPart.received, first.length);
  assert.equal(r.afterPart.buffered, r.afterPart.produced - first.length);
  assert.equal(r.done.state, 'Completed');
  assert.equal(r.done.hasMoreData, true);
  assert.equal(r.done.produced, 5);
  const rest = r.rest.text.trim().split('\n');
  assert.deepEqual([...first, ...rest], ['1', '2', '3', '4', '5']);
  assert.deepEqual(r.end, { state: 'Completed', hasMoreData: false, produced: 5, received: 5, buffered: 0 });
  assert.match(r.table, /1 Completed\s+False/);
});

test('events arrive in order: output while a command runs, job lifecycle, command-done, prompt', async () => {
  const p = await page();
  const events = await p.evaluate(async () => {
    const s = new psjobs.Session({ speed: 0.2 });
    const seen = [];
    const stop = s.subscribe((e) => seen.push(e));
    await s.run('$j = Start-Job { "a"; "b" }; Wait-Job $j | Out-Null; "waited"');
    await s.run('Receive-Job $j; Remove-Job $j');
    stop();
    await s.run('"after unsubscribe"');
    return seen;
  });
  const brief = events.map((e) => {
    switch (e.type) {
      case 'output': return `output:${e.records.map((r) => r.text).join('|')}`;
      case 'job-created': return `created:${e.id}${e.parentId ? `<${e.parentId}` : ''}`;
      case 'job-state': return `state:${e.id}:${e.previous}->${e.state}`;
      case 'job-data': return `data:${e.id}:${e.produced}/${e.received}/${e.buffered}`;
      case 'job-removed': return `removed:${e.id}`;
      case 'command-done': return `done:${e.ok}`;
      case 'prompt': return 'prompt';
      default: return e.type;
    }
  });
  const first = brief.indexOf('done:true');
  assert.deepEqual(brief.slice(0, 2), ['created:1', 'created:2<1']);
  const mid = brief.slice(2, first);
  assert.ok(mid.indexOf('state:2:NotStarted->Running') < mid.indexOf('state:2:Running->Completed'), brief.join(' '));
  assert.ok(mid.includes('state:1:Running->Completed'), brief.join(' '));
  assert.ok(mid.some((x) => x.startsWith('data:2:')), brief.join(' '));
  assert.equal(mid.at(-1), 'output:waited');
  assert.equal(brief[first + 1], 'prompt');
  const second = brief.slice(first + 2);
  assert.deepEqual(second, ['data:2:2/2/0', 'data:1:2/2/0', 'output:a|b', 'removed:1', 'removed:2', 'done:true', 'prompt']);
  assert.ok(!brief.some((x) => x.includes('after unsubscribe')));
});

test('a long command prints as it goes: a walk arrives folder by folder, not all at the end', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    const arrivals = [];
    s.subscribe((e) => { if (e.type === 'output') arrivals.push({ at: performance.now(), lines: e.records.length }); });
    const t0 = performance.now();
    const result = await s.run('Get-ChildItem C:\\Windows -Recurse -Force -ErrorAction SilentlyContinue | Select-Object -First 2000');
    return { took: performance.now() - t0, arrivals: arrivals.map((a) => ({ at: a.at - t0, lines: a.lines })), lines: result.text.split('\n').length };
  });
  assert.ok(r.took > 1500, `the walk takes simulated time at speed 1 (${r.took.toFixed(0)} ms)`);
  assert.ok(r.arrivals.length > 10, `output came in ${r.arrivals.length} events`);
  assert.ok(r.arrivals[0].at < r.took / 4, `the first lines came after ${r.arrivals[0].at.toFixed(0)} of ${r.took.toFixed(0)} ms`);
  assert.ok(r.lines > 2000);
});

test('the pump sleeps while jobs wait and sets no timer at all when every session is idle', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const { wait, during } = watchBrowserCalls();
    const s = new psjobs.Session();
    await s.run('$j = Start-Job { Start-Sleep -Milliseconds 1500; "woke" }');
    await wait(700);
    const whileAsleep = await during(600); // the job's child sleeps all the while
    while (s.jobs()[0].state === 'Running') await wait(50);
    await wait(100);
    const whileIdle = await during(1000);
    return { whileAsleep, whileIdle, text: (await s.run('Receive-Job $j')).text };
  });
  assert.ok(r.whileAsleep.timeouts <= 1 && r.whileAsleep.messages <= 1, `while a job sleeps: ${JSON.stringify(r.whileAsleep)}`);
  assert.deepEqual(r.whileIdle, { timeouts: 0, messages: 0 });
  assert.equal(r.text, 'woke\n');
});

test('after a stall the page catches up: a sleeping job produced what it would have, at its times', async () => {
  // What a hidden tab's throttled timers or a long stall do to the pump: it does not run
  // for seconds. Then each session's clock walks from timer to timer up to real time.
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    await s.run('$j = Start-Job { $t = Get-Date; 1..20 | % { Start-Sleep -Milliseconds 100; "$_ " + [int]((Get-Date) - $t).TotalMilliseconds } }');
    while (s.jobs()[0].childJobs[0].state !== 'Running') await new Promise((ok) => setTimeout(ok, 10));
    const end = performance.now() + 2500;
    while (performance.now() < end) { /* the page holds the thread: no timer, no pump */ }
    const atResume = s.jobs()[0].produced;
    // Caught up means in a few pump turns, not the 1.9 s the 19 other sleeps would take if
    // they were replayed in real time. (The bound leaves room for a loaded machine: with
    // 30 ms this failed now and then while another build ran.)
    const resumed = performance.now();
    while (s.jobs()[0].produced < 20 && performance.now() - resumed < 500) {
      await new Promise((ok) => setTimeout(ok, 5));
    }
    const catchUpMs = performance.now() - resumed;
    const produced = s.jobs()[0].produced;
    const text = (await s.run('Receive-Job $j -Keep')).text;
    return { atResume, produced, catchUpMs, lines: text.trim().split('\n') };
  });
  assert.ok(r.atResume <= 1, `nothing ran during the stall (${r.atResume} produced)`);
  assert.equal(r.produced, 20, `every sleep that ended during the stall has ended within 500 ms of it (${r.catchUpMs} ms)`);
  assert.deepEqual(r.lines.map((l) => l.split(' ')[0]), Array.from({ length: 20 }, (_, i) => String(i + 1)));
  // Each sleep ended 100 ms after the one before, as it would have without the stall. (The
  // first is measured from the job's start, which a busy page may delay by a few turns.)
  const times = r.lines.map((l) => Number(l.split(' ')[1]));
  times.forEach((t, i) => assert.ok(Math.abs(t - times[0] - 100 * i) <= 30, `item ${i + 1} at ${t} ms, the first at ${times[0]} ms`));
  assert.ok(times[0] >= 100 && times[0] <= 200, `the first sleep ended at ${times[0]} ms`);
});

test('in a hidden tab the pump takes one slice a second, and full speed again when shown', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const { wait, during } = watchBrowserCalls();
    const visibility = (state) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const s = new psjobs.Session();
    await s.run('$j = Start-Job { while ($true) { $n++ } }');
    await wait(500);
    const shown = await during(500);
    visibility('hidden');
    await wait(100);
    const hidden = await during(3000);
    visibility('visible');
    const back = await during(500);
    return { shown, hidden, back };
  });
  // Shown, a busy pump yields by a message every slice (about 100 in 500 ms); hidden, by a
  // timeout a second. The bounds leave room for a loaded machine.
  const seen = JSON.stringify(r);
  assert.ok(r.shown.messages > 20, `shown: the pump yields by messages, ${seen}`);
  assert.ok(r.hidden.messages <= 2 && r.hidden.timeouts >= 2 && r.hidden.timeouts <= 5, `hidden: ${seen}`);
  assert.ok(r.back.messages > 20, `shown again: ${seen}`);
});

test('a runaway loop leaves the page answering, and interrupt() stops it; jobs go on', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    await s.run('$j = Start-Job { while ($true) { $n++ } }');
    const running = s.run('$i = 0; while ($true) { $i++ }');
    // While it runs, timers fire and frames are drawn.
    const gaps = [];
    let last = performance.now();
    await new Promise((ok) => {
      const tick = () => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
        if (gaps.length < 60) requestAnimationFrame(tick); else ok();
      };
      requestAnimationFrame(tick);
    });
    const timer = performance.now();
    await new Promise((ok) => setTimeout(ok, 0));
    const timerDelay = performance.now() - timer;
    let second = null;
    try { await s.run('1'); } catch (e) { second = e.message; }
    s.interrupt();
    const stopped = await running;
    const i = await s.run('$i -gt 1000');
    const job = s.jobs()[0].state;
    return { gaps: gaps.slice(1), timerDelay, second, stopped, i: i.text, job };
  });
  const worst = Math.max(...r.gaps);
  assert.ok(worst < 100, `frames kept coming while the loop ran (worst gap ${worst.toFixed(1)} ms)`);
  assert.ok(r.timerDelay < 50, `a timer fired within ${r.timerDelay.toFixed(1)} ms`);
  assert.match(r.second, /a command is still running/);
  assert.equal(r.stopped.ok, false);
  assert.equal(r.i, 'True\n');
  assert.equal(r.job, 'Running', 'Ctrl+C stops the command, not the jobs');
});

test('Read-Host waits for provideInput; a second run meanwhile is refused', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    const asked = new Promise((ok) => s.subscribe((e) => { if (e.type === 'input-requested') ok(); }));
    let early = null;
    try { s.provideInput('too early'); } catch (e) { early = e.message; }
    const run = s.run('$name = Read-Host "Your name"; "Hello, $name"');
    await asked;
    s.provideInput('Ann');
    return { early, result: await run };
  });
  assert.match(r.early, /no command is waiting for input/);
  assert.equal(r.result.text, 'Your name: Ann\nHello, Ann\n');
});

test('two sessions on a page share nothing', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const a = new psjobs.Session();
    const b = new psjobs.Session({ edition: '7' });
    await a.run('$x = "from a"; cd HKCU:\\; Start-Job { 1 } | Out-Null');
    return {
      bx: (await b.run('"[$x]"')).text,
      bjobs: b.jobs().length,
      ajobs: a.jobs().length,
      prompts: [a.prompt(), b.prompt()],
      edition: (await b.run('$PSVersionTable.PSEdition')).text,
      // Each asks its own language whether a line goes on: 7's `&&` waits for its right side.
      chains: [a.needsMoreInput('Get-Job &&'), b.needsMoreInput('Get-Job &&')],
      chained: (await b.run("Write-Error 'Bad' 2>$null || 'fallback'")).text,
    };
  });
  assert.equal(r.bx, '[]\n');
  assert.deepEqual([r.ajobs, r.bjobs], [1, 0]);
  assert.deepEqual(r.prompts, ['PS HKCU:\\> ', 'PS C:\\Users\\User> ']);
  assert.equal(r.edition, 'Core\n');
  assert.deepEqual(r.chains, [false, true]);
  assert.equal(r.chained, 'fallback\n');
});

test("7 colours a table's header green; 5.1 does not", async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const headers = async (edition) => {
      const s = new psjobs.Session({ edition, clock: 'virtual' });
      const out = await s.run("[pscustomobject]@{ A = 1; B = 2 }");
      return out.records.filter((rec) => rec.fg === 'Green').map((rec) => rec.text);
    };
    return { seven: await headers('7'), five: await headers('5.1') };
  });
  assert.deepEqual(r.seven, ['A B', '- -']);
  assert.deepEqual(r.five, []);
});

test("the virtual clock gives the native CLI's text byte for byte", async () => {
  const bin = join(ROOT, 'target/debug/psjobs');
  assert.ok(existsSync(bin), `${bin} is built by cargo test (make test runs it first)`);
  const script = [
    '$j = Start-Job -Name Walk { Get-ChildItem C:\\Windows | Select-Object -First 3 Name; Start-Sleep 2; "done" }',
    'Start-Sleep -Milliseconds 1500',
    'Get-Job | Format-Table Id, Name, State, HasMoreData',
    'Receive-Job $j -Keep | Format-Table -AutoSize',
    'Wait-Job $j | Out-Null; Receive-Job $j',
    'Start-Job { throw "boom" } | Wait-Job | Select-Object State, @{n="Reason";e={$_.ChildJobs[0].JobStateInfo.Reason.Message}}',
    'Get-Process -Name powershell | Format-Table Id, ProcessName',
    'Get-Date -Format o',
  ].join('\n');
  const native = execFileSync(bin, ['-Command', script], { encoding: 'utf8' });
  const p = await page();
  const web = await p.evaluate(async (script) => {
    const s = new psjobs.Session({ clock: 'virtual' });
    return (await s.run(script)).text;
  }, script);
  assert.ok(native.includes('done') && native.includes('boom'), native);
  assert.equal(web, native);
});

test('setSpeed changes the latency of a running session; its jobs stay', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session({ speed: 0 });
    await s.run('$first = Start-Job { 1 }');
    s.setSpeed(100);
    await s.run('$slow = Start-Job { Get-ChildItem C:\\ -Recurse }; Start-Sleep -Milliseconds 300');
    const slow = s.jobs()[1].state;
    s.setSpeed(0);
    const t0 = performance.now();
    const quick = await s.run('$quick = Start-Job { Get-ChildItem C:\\ -Recurse } | Wait-Job; $quick.State; $first.Id');
    return { quickMs: performance.now() - t0, quick: quick.text, slow };
  });
  // At speed 100 the walk takes about 40 minutes; at 0 it is done at once.
  assert.equal(r.slow, 'Running');
  assert.equal(r.quick, 'Completed\n1\n');
  assert.ok(r.quickMs < 10000, `${r.quickMs} ms`);
});

test('jobResultLimit: a job that fills its results buffer fails, and keeps what it produced', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session({ jobResultLimit: 50, speed: 0 });
    const states = [];
    s.subscribe((e) => { if (e.type === 'job-state') states.push(`${e.id} ${e.state}`); });
    const text = (await s.run('$j = Start-Job { while ($true) { "x" } } | Wait-Job; $j.State; $j.JobStateInfo.Reason.Message')).text;
    const [job] = s.jobs();
    const received = (await s.run('(Receive-Job $j -ErrorAction SilentlyContinue).Count')).text;
    let bad;
    try { new psjobs.Session({ jobResultLimit: 0 }); } catch (e) { bad = e.message; }
    return { text, child: job.childJobs[0], received, states, bad };
  });
  assert.match(r.text, /^Failed\nThe job stopped because its results reached the limit of 50 results that are kept for a job\./);
  assert.equal(r.child.state, 'Failed');
  assert.equal(r.child.buffered, 50);
  assert.equal(r.received, '50\n');
  assert.ok(r.states.includes('2 Failed'), r.states.join());
  assert.match(r.bad, /jobResultLimit must be a whole number from 1 to 1000000000, not 0/);
});

test('memoryLimit: a runaway stops with an error record, a flooding job fails, and the session lives on', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session({ memoryLimit: 16 * 1024 * 1024, speed: 0 });
    const doubling = await s.run('$s = "x"; while ($true) { $s += $s }');
    const job = (await s.run('$j = Start-Job { while ($true) { Get-Service } } | Wait-Job; $j.State; $j.ChildJobs[0].JobStateInfo.Reason.Message; (Receive-Job $j -ErrorAction SilentlyContinue).Count -gt 100')).text;
    const [info] = s.jobs();
    const after = (await s.run('Remove-Job $j; $s = $null; ("y" * 1000000).Length')).text;
    let bad;
    try { new psjobs.Session({ memoryLimit: 1000 }); } catch (e) { bad = e.message; }
    return { doubling, job, child: info.childJobs[0], after, bad };
  });
  assert.equal(r.doubling.ok, false);
  assert.match(r.doubling.text, /^The command stopped because it would pass the session's memory limit of 16 MB/);
  assert.match(r.doubling.text, /FullyQualifiedErrorId : SessionMemoryLimitExceeded/);
  assert.match(r.job, /^Failed\nThe job stopped because its results would pass the session's memory limit of 16 MB\..*\nTrue\n$/s);
  assert.equal(r.child.state, 'Failed');
  assert.match(r.child.reason, /session's memory limit of 16 MB/);
  assert.equal(r.after, '1000000\n');
  assert.match(r.bad, /memoryLimit must be a number of bytes from 16777216 \(16 MB\) to 4294967296 \(4 GB\), not 1000/);
});

test('bad input from JS is refused with a clear Error and the session stays usable', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const errors = [];
    const attempt = async (f) => { try { await f(); errors.push(null); } catch (e) { errors.push(`${e.constructor.name}: ${e.message}`); } };
    await attempt(() => new psjobs.Session({ edition: 7 }));
    await attempt(() => new psjobs.Session({ edition: '6' }));
    await attempt(() => new psjobs.Session({ colour: 'blue' }));
    await attempt(() => new psjobs.Session({ speed: -1 }));
    await attempt(() => new psjobs.Session({ width: 'wide' }));
    await attempt(() => new psjobs.Session({ clock: 'fast' }));
    const s = new psjobs.Session();
    await attempt(() => s.run(42));
    await attempt(() => s.run());
    await attempt(() => s.complete('Get-J', -1));
    await attempt(() => s.complete(null, 0));
    await attempt(() => s.subscribe('not a function'));
    await attempt(() => s.provideInput({}));
    await attempt(() => s.setSpeed('fast'));
    await attempt(() => s.setSpeed(101));
    const still = (await s.run('"still here"')).text;
    const d = new psjobs.Session();
    const pending = d.run('Start-Sleep 100');
    d.dispose();
    await attempt(() => pending);
    await attempt(() => d.run('1'));
    await attempt(() => d.jobs());
    return { errors, still, disposed: d.disposed };
  });
  const [numEdition, badEdition, unknown, speed, width, clock, run42, runNone, cursor, line, sub, input, setSpeedText, setSpeedHigh, pending, afterRun, afterJobs] = r.errors;
  assert.match(numEdition, /^Error: new Session\(options\): invalid type: floating point `7(\.0)?`, expected a string/);
  assert.match(badEdition, /edition must be '5.1' or '7', not '6'/);
  assert.match(unknown, /unknown option `colour`; the options are edition, speed, width, seed, clock, jobResultLimit, memoryLimit/);
  assert.match(speed, /speed must be a number from 0 to 100/);
  assert.match(width, /invalid type: string "wide", expected f64/);
  assert.match(clock, /clock must be 'real' or 'virtual'/);
  assert.match(run42, /run\(line\): line must be a string/);
  assert.match(runNone, /run\(line\): line must be a string/);
  assert.match(cursor, /cursor must be a whole number/);
  assert.match(line, /complete\(line, cursor\): line must be a string/);
  assert.match(sub, /callback must be a function/);
  assert.match(input, /provideInput\(line\): line must be a string/);
  assert.match(setSpeedText, /setSpeed\(speed\): speed must be a number from 0 to 100/);
  assert.match(setSpeedHigh, /setSpeed\(speed\): speed must be a number from 0 to 100/);
  assert.match(pending, /the Session was disposed/);
  assert.match(afterRun, /this Session was disposed/);
  assert.match(afterJobs, /this Session was disposed/);
  assert.equal(r.still, 'still here\n');
  assert.equal(r.disposed, true);
});

test('deep recursion fits the wasm stack, and runaway recursion is PowerShell\'s error, not a trap', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    const deep = await s.run('function f($n) { if ($n -gt 0) { f ($n - 1) } else { "bottom" } }; f 95');
    const runaway = await s.run('function g { g }; g');
    const after = await s.run('"alive"');
    return { deep: deep.text, runaway: runaway.text, after: after.text };
  });
  assert.equal(r.deep, 'bottom\n');
  assert.match(r.runaway, /The script failed due to call depth overflow\./);
  assert.equal(r.after, 'alive\n');
});

test('completion comes from the engine: commands, parameters, variables, paths, jobs', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    await s.run('$myJob = Start-Job -Name Nightly { 1 }');
    return [
      s.complete('Receive-J', 9),
      s.complete('Receive-Job -K', 14),
      s.complete('$myJ', 4),
      s.complete('dir C:\\Win', 10),
      s.complete('Get-Job -Name Ni', 16),
      s.complete('"é" | Get-Chi', 13),
    ];
  });
  assert.deepEqual(r[0], { replaceStart: 0, replaceEnd: 9, candidates: ['Receive-Job'] });
  assert.deepEqual(r[1].candidates, ['-Keep']);
  assert.deepEqual(r[2].candidates, ['$myJob']);
  assert.deepEqual(r[3], { replaceStart: 4, replaceEnd: 10, candidates: ['C:\\Windows'] });
  assert.deepEqual(r[4].candidates, ['Nightly']);
  assert.deepEqual(r[5], { replaceStart: 6, replaceEnd: 13, candidates: ['Get-ChildItem'] });
});

test('an engine panic is reported: the run rejects, subscribers hear it, later calls throw', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session();
    const heard = [];
    s.subscribe((e) => heard.push(e.type));
    const pending = s.run('Start-Sleep 100');
    let thrown = null;
    try { psjobs.__panicForTests(); } catch (e) { thrown = String(e); }
    let rejected = null;
    try { await pending; } catch (e) { rejected = e.message; }
    let later = null;
    try { s.jobs(); } catch (e) { later = e.message; }
    return { thrown, rejected, later, heard };
  });
  assert.match(r.thrown, /unreachable/i);
  assert.match(r.rejected, /psjobs stopped after an internal error; reload the page/);
  assert.match(r.later, /reload the page/);
  assert.ok(r.heard.includes('broken'));
});

test('Enter-PSSession in the page: the prompt names the computer, lines run there, exit comes back', async () => {
  const p = await page();
  const r = await p.evaluate(async () => {
    const s = new psjobs.Session({ speed: 0 });
    const before = s.prompt();
    await s.run('Enter-PSSession -ComputerName Server01');
    const inside = s.prompt();
    const there = (await s.run('$env:COMPUTERNAME; Start-Job { 1 } | Out-Null; @(Get-Job).Count')).text;
    await s.run('exit');
    const after = s.prompt();
    const here = (await s.run('$env:COMPUTERNAME; @(Get-Job).Count')).text;
    return { before, inside, there, after, here, panel: s.jobs().length };
  });
  assert.equal(r.before, 'PS C:\\Users\\User> ');
  assert.equal(r.inside, '[Server01]: PS C:\\Users\\User\\Documents> ');
  assert.equal(r.there, 'SERVER01\n1\n');
  assert.equal(r.after, 'PS C:\\Users\\User> ');
  assert.equal(r.here, 'DESKTOP-PSJOBS\n0\n');
  // The jobs panel lists this console's jobs: the one started on Server01 is not among them.
  assert.equal(r.panel, 0);
});
