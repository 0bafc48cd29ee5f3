// What the browser tests share: a static server for www/ on localhost, and Debian's
// Chromium driven by playwright-core (no browser download: design.md section 7).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = join(ROOT, 'www');
const FIXTURES = join(ROOT, 'tests/web/fixtures');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** The policy the pages must work under (issue 9): no inline script or style. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** Serves www/ (and tests/web/fixtures/ under /__test__/) on 127.0.0.1, any free port. The
 * pages of www/ (or `root`) come with the CSP header as a strict host would send it. */
export async function serve(root = WWW) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [base, rel] = path.startsWith('/__test__/')
      ? [FIXTURES, path.slice('/__test__/'.length)]
      : [root, path.slice(1) || 'index.html'];
    const file = normalize(join(base, rel));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const target = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(target);
      const headers = { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' };
      if (base === root && extname(target) === '.html') headers['content-security-policy'] = CSP;
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  // Closing drops the browser's open connections too: close() alone waits for a page that
  // still holds one (seen: a test hung its whole file until the runner's timeout).
  const close = () => new Promise((ok) => {
    server.close(ok);
    server.closeAllConnections();
  });
  return { url: `http://127.0.0.1:${port}`, close };
}

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Chromium as this machine can run it: headless, no sandbox (root), no network chatter. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/** The server and browser a test file shares: started before its tests, closed after
 * them. Read `shared.server` and `shared.browser` inside the tests. */
export function sharedBrowser() {
  const shared = { server: null, browser: null };
  before(async () => {
    shared.server = await serve();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** A page on the blank fixture with the package loaded and initialised as `window.psjobs`. */
export async function apiPage(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${url}/__test__/blank.html`);
  await page.evaluate(async () => {
    const m = await import('/pkg/psjobs.js');
    await m.default();
    window.psjobs = m;
  });
  page.problems = problems;
  return page;
}
