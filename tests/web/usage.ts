// A documentation page's use of the package, type-checked against the generated
// psjobs.d.ts (types.test.mjs runs tsc on it): the API's types are what its users compile.
import init, { Session } from '../../www/pkg/psjobs.js';
import type { JobInfo, RunResult, SessionEvent, Completion } from '../../www/pkg/psjobs.js';

export async function tour(): Promise<string> {
  await init();
  const plain = new Session();
  plain.dispose();
  const s = new Session({ edition: '5.1', speed: 0.5, width: 100, seed: 7, clock: 'virtual' });
  const stop: () => void = s.subscribe((e: SessionEvent) => {
    switch (e.type) {
      case 'output':
        for (const r of e.records) if (r.stream === 'error' && r.newline) console.log(r.text, r.fg ?? '');
        break;
      case 'job-state':
        console.log(e.id, e.previous, '->', e.state, e.hasMoreData);
        break;
      case 'job-data':
        console.log(e.produced - e.received === e.buffered);
        break;
      default:
        break;
    }
  });
  const result: RunResult = await s.run('$j = Start-Job { 1..3 }');
  const jobs: JobInfo[] = s.jobs();
  const children: number = jobs.reduce((n, j) => n + j.childJobs.length, 0);
  const c: Completion = s.complete('Receive-J', 9);
  s.setSpeed(2);
  s.interrupt();
  if (s.needsMoreInput('if ($x) {')) s.provideInput('');
  stop();
  return `${result.ok} ${result.text} ${children} ${c.candidates.join()} ${s.prompt()} ${s.disposed}`;
}
