// The browser benchmark (make bench-web drives it; a person can open it too).
import init, { Session } from '../pkg/psjobs.js';
await init();
const ready = new Session();
// Navigation to a ready Session: performance.now() counts from navigation start.
const readyMs = performance.now();
ready.dispose();

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

/** 100 spinning jobs and 10 walking C:, for `seconds`: main-thread tasks and frame gaps. */
async function load(seconds = 10) {
  const s = new Session();
  await s.run('1..100 | ForEach-Object { Start-Job { while ($true) { $i++ } } } | Out-Null');
  await s.run('1..10 | ForEach-Object { Start-Job { Get-ChildItem C:\\ -Recurse -Force -ErrorAction SilentlyContinue } } | Out-Null');
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
  const jobs = s.jobs();
  const walked = jobs.slice(100).reduce((n, j) => n + j.produced, 0);
  const running = jobs.filter((j) => j.state === 'Running').length;
  s.dispose();
  return {
    seconds,
    frames: gaps.length,
    p99FrameGapMs: percentile(gaps, 0.99),
    maxFrameGapMs: Math.max(...gaps),
    longTasks: longTasks.length,
    longestLongTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    probeMaxWaitMs: probeMax,
    itemsWalked: walked,
    jobsRunning: running,
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
