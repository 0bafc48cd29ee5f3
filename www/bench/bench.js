// The browser benchmark (make bench-web drives it; a person can open it too).
import init, { Session } from '../pkg/psjobs.js';
const wasm = await init();
const ready = new Session();
// Navigation to a ready Session: performance.now() counts from navigation start.
const readyMs = performance.now();
ready.dispose();

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

/** How the main thread fares for `seconds`: frame gaps, long tasks, and the longest wait
 * of a probe task. */
async function watch(seconds) {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  // A probe task that posts itself: how long each message waited is how long the thread
  // was held by something else, so its worst is an upper bound on the longest task.
  const channel = new MessageChannel();
  let probeMax = 0;
  let probeSent = 0;
  let probing = true;
  channel.port1.onmessage = () => {
    const now = performance.now();
    probeMax = Math.max(probeMax, now - probeSent);
    if (probing) setTimeout(() => { probeSent = performance.now(); channel.port2.postMessage(0); }, 1);
  };
  probeSent = performance.now();
  channel.port2.postMessage(0);
  const gaps = [];
  const end = performance.now() + seconds * 1000;
  await new Promise((ok) => {
    let last = performance.now();
    const frame = (t) => {
      gaps.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(frame); else ok();
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(frame); });
  });
  probing = false;
  observer.disconnect();
  return {
    seconds,
    frames: gaps.length,
    p99FrameGapMs: percentile(gaps, 0.99),
    maxFrameGapMs: Math.max(...gaps),
    longTasks: longTasks.length,
    longestLongTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    probeMaxWaitMs: probeMax,
  };
}

/** 100 spinning jobs and 10 walking C:, for `seconds`: main-thread tasks and frame gaps. */
async function load(seconds = 10) {
  const s = new Session();
  await s.run('1..100 | ForEach-Object { Start-Job { while ($true) { $i++ } } } | Out-Null');
  await s.run('1..10 | ForEach-Object { Start-Job { Get-ChildItem C:\\ -Recurse -Force -ErrorAction SilentlyContinue } } | Out-Null');
  const watched = await watch(seconds);
  const jobs = s.jobs();
  const walked = jobs.slice(100).reduce((n, j) => n + j.produced, 0);
  const running = jobs.filter((j) => j.state === 'Running').length;
  s.dispose();
  return { ...watched, itemsWalked: walked, jobsRunning: running };
}

/** 10,000 finished jobs and 1,000 spinning ones in one tab: how long they take to start,
 * whether the page still answers, and whether removing them gives their memory back to
 * the allocator (wasm memory never shrinks: a second round must not grow it). */
async function manyJobs(seconds = 5) {
  const memory = () => wasm.memory.buffer.byteLength;
  const s = new Session({ speed: 0 });
  const before = memory();
  const finished = () => s.run('1..10000 | ForEach-Object { Start-Job { } } | Out-Null; Get-Job | Wait-Job | Out-Null');
  let t = performance.now();
  await finished();
  const idleMs = performance.now() - t;
  t = performance.now();
  await s.run('1..1000 | ForEach-Object { Start-Job { while ($true) { $i++ } } } | Out-Null');
  const started = { idleMs, runningMs: performance.now() - t };
  const withJobs = memory();
  const watched = await watch(seconds);
  t = performance.now();
  const answer = (await s.run('Get-Job -State Running | Measure-Object | ForEach-Object Count')).text.trim();
  const answerMs = performance.now() - t;
  t = performance.now();
  await s.run('Get-Job | Remove-Job -Force');
  const removeMs = performance.now() - t;
  const afterRemove = memory();
  // Again the 10,000 finished ones: made in the memory the first ones gave back.
  await finished();
  await s.run('Get-Job | Remove-Job');
  const afterSecondRound = memory();
  const left = s.jobs().length;
  s.dispose();
  return {
    ...started, ...watched, running: Number(answer), answerMs, removeMs, jobsLeft: left,
    memoryMB: { before: before / 2 ** 20, withJobs: withJobs / 2 ** 20, afterRemove: afterRemove / 2 ** 20, afterSecondRound: afterSecondRound / 2 ** 20 },
  };
}

/** Wall time of one command on a fresh session (median of `runs`). */
async function time(command, options, runs = 5) {
  const times = [];
  let text = '';
  for (let i = 0; i < runs; i++) {
    const s = new Session(options);
    const t0 = performance.now();
    text = (await s.run(command)).text;
    times.push(performance.now() - t0);
    s.dispose();
    await sleep(50);
  }
  return { medianMs: median(times), times, text };
}

const PIPELINE = '1..1000000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum | Out-Null';
const WALK = '(Get-ChildItem C:\\ -Recurse -Force -ErrorAction SilentlyContinue | Measure-Object).Count';
window.bench = {
  readyMs,
  load,
  manyJobs,
  pipeline: (runs = 5) => time(PIPELINE, { clock: 'virtual' }, runs),
  walk: () => time(WALK, { clock: 'virtual', speed: 0 }),
  PIPELINE,
  WALK,
};
const out = document.getElementById('out');
const show = (r) => { out.textContent += JSON.stringify(r, null, 2) + '\n'; };
document.getElementById('load').onclick = async () => show(await load());
document.getElementById('pipeline').onclick = async () => show(await bench.pipeline());
document.getElementById('walk').onclick = async () => show(await bench.walk());
show({ readyMs });
