// make bench-web: figures, not pass/fail. Loads www/bench/ in headless Chromium and prints
// (1) the pump under load: longest main-thread task and p99 frame gap with 100 spinning
// jobs and 10 walking C: for 10 s; (2) the ForEach-Object pipeline in wasm against the
// native build, run here too; (3) the full C: walk at speed 0; (4) the package's size; (5)
// navigation to a ready Session.
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serve, launch, ROOT } from './harness.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function nativeMs(command, runs = 5) {
  const bin = join(ROOT, 'target/release/psjobs');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build --release --bin psjobs`);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(bin, ['-Command', command]);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { medianMs: median(times), times };
}

/** The wasm module's sections, biggest (gzipped) first. */
function sections(bytes) {
  const names = { 1: 'type', 2: 'import', 3: 'function', 7: 'export', 9: 'elem', 10: 'code', 11: 'data' };
  const out = [];
  let i = 8;
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[i++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const body = bytes.subarray(i, i + size);
    let name = names[id] ?? `section ${id}`;
    if (id === 0) { const n = body[0]; name = `custom "${Buffer.from(body.subarray(1, 1 + n)).toString()}"`; }
    out.push({ name, raw: size, gzip: gzipSync(body, { level: 9 }).length });
    i += size;
  }
  return out.sort((a, b) => b.gzip - a.gzip);
}

const server = await serve();
const browser = await launch();
try {
  const readies = [];
  let page;
  for (let i = 0; i < 5; i++) {
    page = await browser.newPage();
    await page.goto(`${server.url}/bench/`);
    await page.waitForFunction(() => window.bench);
    readies.push(await page.evaluate(() => window.bench.readyMs));
    if (i < 4) await page.close();
  }

  console.log('(1) the pump under load: 100 jobs in while ($true) {} and 10 walking C:, 10 s');
  const load = await page.evaluate(() => window.bench.load(10));
  console.log(`    frames drawn ${load.frames}; frame gap p99 ${load.p99FrameGapMs.toFixed(1)} ms (target < 20), worst ${load.maxFrameGapMs.toFixed(1)} ms`);
  console.log(`    long tasks (>= 50 ms): ${load.longTasks} (target 0), longest ${load.longestLongTaskMs.toFixed(1)} ms`);
  console.log(`    longest wait of a probe task (an upper bound on any task): ${load.probeMaxWaitMs.toFixed(1)} ms`);
  console.log(`    jobs still running ${load.jobsRunning}; items the walkers produced ${load.itemsWalked}`);

  console.log('(2) the pipeline: 1..1000000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum');
  // Native and wasm runs alternate, so a machine that slows down or speeds up during the
  // run (this one is shared) weighs on both alike; the ratio is the median of the pairs'.
  const command = await page.evaluate(() => window.bench.PIPELINE);
  const pairs = [];
  for (let i = 0; i < 7; i++) {
    const native = nativeMs(command, 1).medianMs;
    const wasm = (await page.evaluate(() => window.bench.pipeline(1))).medianMs;
    pairs.push({ native, wasm, ratio: native / wasm });
  }
  const nativeMedian = median(pairs.map((p) => p.native));
  const wasmMedian = median(pairs.map((p) => p.wasm));
  console.log(`    native (release, psjobs -Command, process start included): median ${nativeMedian.toFixed(0)} ms, ${(1e3 / nativeMedian).toFixed(2)} M objects/s`);
  console.log(`    wasm (this page, pump slices included): median ${wasmMedian.toFixed(0)} ms, ${(1e3 / wasmMedian).toFixed(2)} M objects/s`);
  console.log(`    wasm/native speed ratio, median of 7 alternating pairs: ${median(pairs.map((p) => p.ratio)).toFixed(2)} (target >= 0.7; pairs: ${pairs.map((p) => p.ratio.toFixed(2)).join(', ')})`);

  console.log('(3) the full C: walk at speed 0: Get-ChildItem C:\\ -Recurse -Force');
  const walk = await page.evaluate(() => window.bench.walk());
  console.log(`    ${walk.text.trim()} items, median ${walk.medianMs.toFixed(0)} ms (runs: ${walk.times.map((t) => t.toFixed(0)).join(', ')})`);

  console.log('(4) the package');
  const wasmBytes = readFileSync(join(ROOT, 'www/pkg/psjobs_bg.wasm'));
  const js = readFileSync(join(ROOT, 'www/pkg/psjobs.js'));
  const wz = gzipSync(wasmBytes, { level: 9 }).length;
  const jz = gzipSync(js, { level: 9 }).length;
  console.log(`    psjobs_bg.wasm ${kb(wasmBytes.length)} raw, ${kb(wz)} gzipped`);
  console.log(`    psjobs.js ${kb(js.length)} raw, ${kb(jz)} gzipped`);
  console.log(`    together ${kb(wz + jz)} gzipped (target < 350 KB)`);
  console.log('    biggest parts of the module:');
  for (const s of sections(wasmBytes).slice(0, 5)) {
    console.log(`      ${s.name.padEnd(10)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzipped`);
  }

  console.log('(6) many jobs in one tab: 10,000 finished and 1,000 in while ($true) {}, watched 5 s');
  // On a page of its own: the runs above have already grown this page's wasm memory.
  const fresh = await browser.newPage();
  await fresh.goto(`${server.url}/bench/`);
  await fresh.waitForFunction(() => window.bench);
  const many = await fresh.evaluate(() => window.bench.manyJobs(5));
  await fresh.close();
  const mb = (x) => `${x.toFixed(0)} MB`;
  console.log(`    started in ${(many.idleMs / 1000).toFixed(1)} s (finished ones) and ${(many.runningMs / 1000).toFixed(1)} s (spinning ones); ${many.running} running`);
  console.log(`    page: frame gap p99 ${many.p99FrameGapMs.toFixed(1)} ms, long tasks ${many.longTasks} (longest ${many.longestLongTaskMs.toFixed(0)} ms); a Get-Job pipeline over them answered in ${many.answerMs.toFixed(0)} ms`);
  console.log(`    Remove-Job -Force on all: ${(many.removeMs / 1000).toFixed(1)} s, ${many.jobsLeft} left`);
  // A second round the size of the first should fit in the memory the first left behind;
  // what it grew by is printed, not assumed (wasm memory never shrinks).
  const grew = many.memoryMB.afterSecondRound - many.memoryMB.afterRemove;
  const reuse = grew < 1 ? 'no growth: the memory was reused' : `grew ${grew.toFixed(1)} MB`;
  console.log(`    wasm memory: ${mb(many.memoryMB.before)} before, ${mb(many.memoryMB.withJobs)} with the jobs, ${mb(many.memoryMB.afterRemove)} after removing them, ${mb(many.memoryMB.afterSecondRound)} after 10,000 more made and removed (${reuse})`);

  console.log('(5) navigation to a ready Session');
  console.log(`    median ${median(readies).toFixed(0)} ms (loads: ${readies.map((t) => t.toFixed(0)).join(', ')})`);
} finally {
  await browser.close();
  await server.close();
}
