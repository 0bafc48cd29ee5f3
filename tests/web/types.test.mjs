// The TypeScript types in www/pkg/psjobs.d.ts compile, and a page's ordinary use of the API
// type-checks against them (tests/web/usage.ts), with --strict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

test('psjobs.d.ts compiles and a page using the API type-checks against it', () => {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022',
    '--moduleResolution', 'bundler', '--lib', 'es2022,dom,esnext.disposable', join(ROOT, 'tests/web/usage.ts')];
  try {
    execFileSync(tsc, args, { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc found errors:\n${e.stdout}${e.stderr}`);
  }
});
