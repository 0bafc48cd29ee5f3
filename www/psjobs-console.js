// <psjobs-console>: a PowerShell console with its own jobs, for any page.
//
//   <script type="module" src="psjobs-console.js"></script>
//   <psjobs-console jobs-panel autorun clock="virtual">
//     $j = Start-Job { 1..3 }
//     Receive-Job $j -Wait
//   </psjobs-console>
//
// Attributes: script (or the element's text: commands typed in advance), autorun (run them
// at once; otherwise each waits on the input line for Enter), edition ("5.1" or "7"), speed,
// clock ("real" or "virtual"), rows, theme ("auto", "dark", "light"), jobs-panel.
// The WebAssembly engine loads once per page, when the first console scrolls into view.

import { loadEngine } from "./console/loader.js";
import { Screen } from "./console/screen.js";
import { LineEditor } from "./console/line-editor.js";
import { History } from "./console/history.js";
import { JobsPanel } from "./console/jobs-panel.js";
import { Terminal } from "./console/terminal.js";

const styles = new URL("./console/console.css", import.meta.url).href;
// theme="auto" follows the reader's colour scheme, as it changes.
const lightScheme = matchMedia("(prefers-color-scheme: light)");

// Changing these starts a new session; speed changes the running one.
const SESSION_ATTRIBUTES = ["edition", "clock"];

const template = document.createElement("template");
template.innerHTML = `
<link rel="stylesheet" href="${styles}">
<div class="frame">
  <div class="bar">
    <span class="title">Windows PowerShell</span>
    <button type="button" class="stop" disabled>Stop (Ctrl+C)</button>
  </div>
  <div class="panes">
    <div class="viewport">
      <div class="progress" hidden></div>
      <div class="log" role="log" aria-label="Console output"></div>
      <div class="input-row">
        <span class="prompt"></span><textarea class="input" rows="1" aria-label="PowerShell input"
          aria-describedby="keys" spellcheck="false" autocomplete="off" autocapitalize="off"></textarea>
      </div>
      <p class="status" role="status">PowerShell is loading…</p>
    </div>
    <section class="jobs-pane" aria-labelledby="jobs-title" hidden>
      <h2 id="jobs-title">Jobs</h2>
    </section>
  </div>
  <p id="keys" class="keys">Enter runs · Shift+Enter adds a line · Tab completes · Ctrl+C stops · Esc then Tab leaves the console</p>
</div>`;

export class PsJobsConsole extends HTMLElement {
  static observedAttributes = ["edition", "speed", "clock", "rows", "theme", "jobs-panel"];

  #root;
  #parts;
  #terminal = null;
  #editor;
  #screen;
  #panel;
  #commands = [];
  #starting = null;
  #observer = null;
  #redraw = 0;
  #drawnAt = 0;
  #history;
  #script = null; // lines typed in advance, until the session starts
  #steps = []; // without autorun, the lines still to be put on the input line
  #queued = []; // lines entered before the session started

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.append(template.content.cloneNode(true));
    const $ = (s) => this.#root.querySelector(s);
    this.#parts = {
      frame: $(".frame"), title: $(".title"), stop: $(".stop"), viewport: $(".viewport"),
      log: $(".log"), progress: $(".progress"), input: $(".input"), prompt: $(".prompt"),
      status: $(".status"), jobs: $(".jobs-pane"), inputRow: $(".input-row"),
    };
    const p = this.#parts;
    this.#screen = new Screen(p.viewport, p.log, p.progress);
    const history = new History(`psjobs-history:${location.pathname}`);
    this.#history = history;
    this.#editor = new LineEditor(p.input, p.prompt, {
      history,
      complete: (line, cursor) => this.#terminal?.session.complete(line, cursor),
      submit: (text) => this.#enter([text]),
      paste: (lines) => this.#enter(lines),
      interrupt: () => this.#terminal?.interrupt() ?? false,
      cancelLine: (line) => this.#terminal?.cancelLine(line),
      clearScreen: () => this.#screen.clear(),
      hasSelection: () => selectionIn(this.#root, p.log),
    });
    this.#panel = new JobsPanel(p.jobs, (command) => this.type(command));
    p.stop.addEventListener("click", () => {
      this.#terminal?.interrupt();
      this.#editor.focus();
    });
    // A click in the console (that selects nothing) puts the caret on the input line.
    p.viewport.addEventListener("click", () => {
      if (!selectionIn(this.#root, p.log) && this.#terminal) this.#editor.focus();
    });
    p.inputRow.hidden = true;
  }

  /** Lines as typed, each with Enter; kept until the session starts. */
  #enter(lines) {
    if (this.#terminal) this.#terminal.enqueue(lines);
    else this.#queued.push(...lines);
  }

  #onScheme = () => this.#applyLook();

  connectedCallback() {
    this.#script ??= scriptOf(this);
    lightScheme.addEventListener("change", this.#onScheme);
    this.#applyLook();
    if (this.#terminal || this.#starting) return;
    // The engine loads when the console is about to be seen.
    this.#observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        this.#observer.disconnect();
        this.#observer = null;
        this.#start();
      }
    }, { rootMargin: "200px" });
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    lightScheme.removeEventListener("change", this.#onScheme);
    this.#observer?.disconnect();
    this.#observer = null;
    // Moving the element in the page reconnects it at once; removing it ends its jobs.
    queueMicrotask(() => {
      if (!this.isConnected) this.#stop();
    });
  }

  attributeChangedCallback(name, previous, value) {
    if (previous === value) return;
    if (SESSION_ATTRIBUTES.includes(name)) {
      if (this.#terminal) this.reset();
    } else if (name === "speed") {
      const speed = speedOf(value);
      if (this.#terminal && speed !== null) this.#terminal.session.setSpeed(speed);
    } else {
      this.#applyLook();
    }
  }

  /** Resolves when the console has a session (it loads the engine if it has not). */
  get ready() {
    return this.#terminal ? Promise.resolve(this) : this.#start().then(() => this);
  }

  /** The Session behind the console (null before it loads). */
  get session() {
    return this.#terminal?.session ?? null;
  }

  /** Every command run so far, in order (what a share link carries). */
  get commands() {
    return [...this.#commands];
  }

  /** Puts a command on the input line, for the learner to run with Enter. */
  type(command) {
    this.#editor.value = command;
    this.#editor.focus();
  }

  /** Runs lines as if typed, each followed by Enter. */
  run(lines) {
    this.#enter(Array.isArray(lines) ? lines : String(lines).split(/\r\n|\r|\n/));
  }

  /** A new session: jobs, variables and the screen start over. */
  async reset() {
    this.#stop();
    this.#screen.clear();
    this.#commands = [];
    this.#steps = [];
    this.#script = scriptOf(this); // an embedded console starts its lesson again
    await this.#start();
  }

  #start() {
    this.#starting ??= this.#open().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #open() {
    const p = this.#parts;
    p.status.hidden = false;
    p.status.textContent = "PowerShell is loading…";
    let pkg;
    try {
      pkg = await loadEngine();
    } catch (e) {
      p.status.textContent = `This console cannot start: ${e.message}.`;
      p.status.classList.add("failed");
      this.dispatchEvent(new CustomEvent("psjobs-error", { detail: { message: e.message } }));
      return;
    }
    const options = {};
    const edition = this.getAttribute("edition");
    if (edition === "7" || edition === "5.1") options.edition = edition;
    const speed = speedOf(this.getAttribute("speed"));
    if (speed !== null) options.speed = speed;
    const clock = this.getAttribute("clock");
    if (clock === "virtual" || clock === "real") options.clock = clock;
    const session = new pkg.Session(options);
    this.#terminal = new Terminal(session, this.#screen, this.#editor, {
      jobsChanged: () => this.#jobsChanged(),
      ran: (command) => {
        this.#history.add(command);
        this.#commands.push(command);
        this.dispatchEvent(new CustomEvent("psjobs-command", { detail: { command } }));
      },
      // Read-Host's answers go into a share link too (not into the history, as PSReadLine
      // keeps only commands), so the replay answers the same.
      answered: (line) => this.#commands.push(line),
      busy: (busy) => {
        p.stop.disabled = !busy;
        this.toggleAttribute("busy", busy);
        if (!busy) {
          this.#drawJobs();
          this.#nextStep();
        }
      },
    });
    p.title.textContent = options.edition === "7" ? "PowerShell 7" : "Windows PowerShell";
    p.status.hidden = true;
    p.inputRow.hidden = false;
    this.#panel.show(session.jobs());
    const script = this.#script ?? [];
    this.#script = null;
    if (this.hasAttribute("autorun")) {
      this.#terminal.enqueue(script);
    } else {
      this.#steps = script;
      this.#nextStep();
    }
    if (this.#queued.length > 0) this.#terminal.enqueue(this.#queued.splice(0));
    this.dispatchEvent(new CustomEvent("psjobs-ready"));
  }

  /** Without autorun, the script's next line waits on the input line for Enter. */
  #nextStep() {
    if (this.#steps.length > 0 && this.#editor.value === "") this.#editor.value = this.#steps.shift();
  }

  /** Job events come by the thousand during a walk: the panel is drawn at most ten times a
   * second, on an animation frame; and at once when a command ends, so it shows what the
   * command just did. */
  #jobsChanged() {
    if (this.#redraw || !this.#terminal) return;
    const wait = Math.max(0, this.#drawnAt + 100 - performance.now());
    this.#redraw = setTimeout(() => requestAnimationFrame(() => this.#drawJobs()), wait);
  }

  #drawJobs() {
    clearTimeout(this.#redraw);
    this.#redraw = 0;
    this.#drawnAt = performance.now();
    if (this.#terminal) this.#panel.show(this.#terminal.session.jobs());
  }

  #stop() {
    this.#terminal?.dispose();
    this.#terminal = null;
    this.removeAttribute("busy");
    this.#parts.stop.disabled = true;
    this.#panel.show([]);
    this.#parts.inputRow.hidden = true;
  }

  #applyLook() {
    const p = this.#parts;
    const theme = this.getAttribute("theme");
    const light = theme === "light" || (theme !== "dark" && lightScheme.matches);
    p.frame.dataset.theme = light ? "light" : "dark";
    const rows = Number.parseInt(this.getAttribute("rows") ?? "", 10);
    // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
    if (rows > 0) p.frame.style.setProperty("--rows", String(Math.min(rows, 200)));
    else p.frame.style.removeProperty("--rows");
    p.jobs.hidden = !this.hasAttribute("jobs-panel");
    p.frame.classList.toggle("with-jobs", this.hasAttribute("jobs-panel"));
  }
}

/** The commands typed in advance: the script attribute, or the element's text, one per line
 * with the indentation the page's markup gave them taken off. */
function scriptOf(element) {
  const text = element.getAttribute("script") ?? element.textContent ?? "";
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== "");
  const indent = Math.min(...lines.map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent));
}

/** The speed attribute as the session takes it (0 to 100), or null. */
function speedOf(value) {
  const speed = Number.parseFloat(value ?? "");
  return Number.isFinite(speed) ? Math.min(Math.max(speed, 0), 100) : null;
}

function selectionIn(root, node) {
  const selection = root.getSelection ? root.getSelection() : document.getSelection();
  return !!selection && !selection.isCollapsed && node.contains(selection.anchorNode);
}

if (!customElements.get("psjobs-console")) customElements.define("psjobs-console", PsJobsConsole);
