// The input line: keys as the PowerShell console has them. Enter runs, Shift+Enter adds a
// line, Up/Down walk the history, Tab/Shift+Tab cycle completions, Ctrl+C interrupts (or
// copies a selection), Ctrl+L clears, Esc clears the line. Tab stays in the console, so
// Esc then Tab leaves it: a keyboard is never trapped.

const MAX_ROWS = 12;

export class LineEditor {
  /**
   * @param {HTMLTextAreaElement} input
   * @param {HTMLElement} prompt the text before the input
   * @param {object} hooks
   * @param {import("./history.js").History} hooks.history
   * @param {(line: string, cursor: number) => {replaceStart:number, replaceEnd:number, candidates:string[]}} hooks.complete
   * @param {(text: string) => void} hooks.submit Enter
   * @param {(lines: string[]) => void} hooks.paste whole lines pasted, to run in turn
   * @param {() => boolean} hooks.interrupt Ctrl+C with nothing selected; false if nothing ran
   * @param {(line: string) => void} hooks.cancelLine Ctrl+C at an idle prompt
   * @param {() => void} hooks.clearScreen Ctrl+L
   * @param {() => boolean} hooks.hasSelection text selected in the output
   */
  constructor(input, prompt, hooks) {
    this.input = input;
    this.prompt = prompt;
    this.hooks = hooks;
    this.cycle = null;
    this.leaving = false;
    input.addEventListener("keydown", (e) => this.onKey(e));
    input.addEventListener("input", () => this.fit());
    input.addEventListener("paste", (e) => this.onPaste(e));
  }

  get value() {
    return this.input.value;
  }

  set value(text) {
    this.input.value = text;
    this.input.setSelectionRange(text.length, text.length);
    this.cycle = null;
    this.fit();
  }

  /** The prompt before the input: text, or the nodes of an unfinished output line. */
  setPrompt(content) {
    if (typeof content === "string") this.prompt.textContent = content;
    else this.prompt.replaceChildren(...content);
  }

  focus() {
    this.input.focus({ preventScroll: true });
  }

  fit() {
    const lines = this.input.value.split("\n").length;
    this.input.rows = Math.min(Math.max(lines, 1), MAX_ROWS);
  }

  onKey(e) {
    const key = e.key;
    const ctrl = e.ctrlKey || e.metaKey;
    const leaving = this.leaving;
    this.leaving = false;
    if (key !== "Tab" && key !== "Shift") this.cycle = null;

    if (key === "Enter" && !e.shiftKey && !ctrl && !e.altKey && !e.isComposing) {
      e.preventDefault();
      const text = this.input.value;
      this.value = "";
      this.hooks.history.rewind();
      this.hooks.submit(text);
    } else if (key === "Tab" && !ctrl && !e.altKey) {
      if (leaving) return; // Esc, then Tab: focus moves on
      e.preventDefault();
      this.complete(e.shiftKey ? -1 : 1);
    } else if (key === "Escape") {
      e.preventDefault();
      this.value = "";
      this.hooks.history.rewind();
      this.leaving = true;
    } else if (key === "ArrowUp" && !this.input.value.slice(0, this.input.selectionStart).includes("\n")) {
      const entry = this.hooks.history.previous(this.input.value);
      if (entry !== null) {
        e.preventDefault();
        this.value = entry;
      }
    } else if (key === "ArrowDown" && !this.input.value.slice(this.input.selectionEnd).includes("\n")) {
      const entry = this.hooks.history.next();
      if (entry !== null) {
        e.preventDefault();
        this.value = entry;
      }
    } else if (ctrl && !e.altKey && (key === "c" || key === "C")) {
      const selected = this.input.selectionStart !== this.input.selectionEnd || this.hooks.hasSelection();
      if (selected) return; // copy, as the browser does
      e.preventDefault();
      if (!this.hooks.interrupt()) {
        this.hooks.cancelLine(this.input.value);
        this.value = "";
      }
    } else if (ctrl && !e.altKey && (key === "l" || key === "L")) {
      e.preventDefault();
      this.hooks.clearScreen();
    }
  }

  /** Tab: the next candidate; Shift+Tab: the one before. The line as typed stays the base
   * of the cycle, as PowerShell's TabExpansion cycles. */
  complete(step) {
    const input = this.input;
    let cycle = this.cycle;
    if (!cycle || input.value !== cycle.shown) {
      const line = input.value;
      let found;
      try {
        found = this.hooks.complete(line, input.selectionStart);
      } catch {
        return;
      }
      if (!found || found.candidates.length === 0) return;
      cycle = { line, found, index: step > 0 ? -1 : 0, shown: "" };
    }
    const { line, found } = cycle;
    const n = found.candidates.length;
    cycle.index = (cycle.index + step + n) % n;
    const candidate = found.candidates[cycle.index];
    const text = line.slice(0, found.replaceStart) + candidate + line.slice(found.replaceEnd);
    input.value = text;
    const caret = found.replaceStart + candidate.length;
    input.setSelectionRange(caret, caret);
    cycle.shown = text;
    this.cycle = cycle;
    this.fit();
  }

  /** Several lines pasted run one after another, as typed; the last, unfinished one stays
   * on the input line. */
  onPaste(e) {
    const text = e.clipboardData?.getData("text/plain") ?? "";
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const input = this.input;
    const whole = input.value.slice(0, input.selectionStart) + text + input.value.slice(input.selectionEnd);
    const lines = whole.split(/\r\n|\r|\n/);
    const rest = lines.pop();
    this.value = rest;
    this.hooks.paste(lines);
  }
}
