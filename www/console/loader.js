// Loads the psjobs WebAssembly package once per page, however many consoles it holds.
// A page's CSP or server can stop the module from compiling; the error says which, in words
// a documentation author can act on.

const pkgUrl = new URL("../pkg/", import.meta.url);
let loading = null;

/** The package module (with `Session`), ready to use. Rejects with an Error whose message
 * says what the page's host must change. */
export function loadEngine() {
  loading ??= load();
  return loading;
}

async function load() {
  const wasmUrl = new URL("psjobs_bg.wasm", pkgUrl);
  let pkg;
  try {
    pkg = await import(new URL("psjobs.js", pkgUrl).href);
  } catch (e) {
    throw new Error(`could not load ${new URL("psjobs.js", pkgUrl).pathname}: ${e.message}`);
  }
  let response;
  try {
    response = await fetch(wasmUrl);
  } catch (e) {
    throw new Error(`could not fetch ${wasmUrl.pathname}: ${e.message}`);
  }
  if (!response.ok) {
    throw new Error(`the server answered ${response.status} for ${wasmUrl.pathname}; host the whole package folder`);
  }
  const type = response.headers.get("Content-Type") ?? "";
  try {
    // A wrong MIME type only slows the glue down (it compiles from bytes instead of
    // streaming); a CSP without 'wasm-unsafe-eval' stops it.
    await pkg.default({ module_or_path: type.startsWith("application/wasm") ? response : await response.arrayBuffer() });
  } catch (e) {
    throw new Error(explain(e, type));
  }
  return pkg;
}

function explain(error, type) {
  const message = String(error?.message ?? error);
  if (/Content Security Policy|unsafe-eval|disallowed by embedder|Refused to compile/i.test(message)) {
    return "this page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its script-src";
  }
  if (/magic word|expected magic|BufferSource argument is empty/i.test(message)) {
    return `the server did not send WebAssembly for psjobs_bg.wasm (it sent ${type || "no Content-Type"}); serve the file as it is, as application/wasm`;
  }
  return `WebAssembly did not start: ${message}`;
}
