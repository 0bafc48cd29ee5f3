// One console's conversation with its Session: lines typed or pasted run in turn, an open
// block waits behind a `>>` prompt, Read-Host takes the next line, Ctrl+C stops the command.

export class Terminal {
  /**
   * @param {import("../pkg/psjobs.js").Session} session
   * @param {import("./screen.js").Screen} screen
   * @param {import("./line-editor.js").LineEditor} editor
   * @param {object} hooks
   * @param {() => void} hooks.jobsChanged a job event arrived
   * @param {(command: string) => void} hooks.ran a whole command was run
   * @param {(line: string) => void} hooks.answered a line was given to Read-Host
   * @param {(busy: boolean) => void} hooks.busy a command started or ended
   */
  constructor(session, screen, editor, hooks) {
    this.session = session;
    this.screen = screen;
    this.editor = editor;
    this.hooks = hooks;
    this.queue = [];
    this.pending = []; // lines of an unfinished block (the `>>` prompt)
    this.running = false;
    this.reading = null; // the spans of Read-Host's prompt while it waits for a line
    this.broken = false;
    this.disposed = false;
    this.unsubscribe = session.subscribe((e) => this.onEvent(e));
    this.showPrompt();
  }

  onEvent(e) {
    switch (e.type) {
      case "output":
        this.screen.write(e.records);
        break;
      case "input-requested":
        this.reading = this.screen.takeOpenLine();
        this.editor.setPrompt(this.reading);
        // Lines already typed or pasted answer it, as they would in a console.
        if (this.queue.length > 0) this.answer(this.queue.shift());
        break;
      case "broken":
        this.broken = true;
        this.screen.echo(`psjobs stopped: ${e.message}`, "s-error");
        break;
      default:
        if (e.type.startsWith("job-")) this.hooks.jobsChanged();
    }
  }

  /** Lines to run in turn, as if each was typed and Enter pressed (the input line, a
   * paste, a share link, an element's script). A Read-Host that waits takes the first. */
  enqueue(lines) {
    const rest = [...lines];
    if (this.reading && rest.length > 0) this.answer(rest.shift());
    this.queue.push(...rest);
    this.drain();
  }

  answer(text) {
    const spans = this.reading;
    this.reading = null;
    this.screen.giveBack(spans);
    this.editor.setPrompt("");
    this.hooks.answered(text);
    try {
      this.session.provideInput(text); // the engine echoes the answer
    } catch (e) {
      this.screen.echo(String(e.message ?? e), "s-error");
    }
  }

  async drain() {
    while (!this.running && !this.reading && this.queue.length > 0 && !this.broken && !this.disposed) {
      const item = this.queue.shift();
      this.echo(item);
      this.pending.push(item);
      const script = this.pending.join("\n");
      if (this.session.needsMoreInput(script)) {
        this.showPrompt();
        continue;
      }
      this.pending = [];
      if (script.trim() === "") {
        this.showPrompt();
        continue;
      }
      await this.run(script);
    }
  }

  echo(item) {
    let prompt = this.pending.length > 0 ? ">> " : this.session.prompt();
    for (const line of item.split("\n")) {
      this.screen.echo(prompt + line);
      prompt = ">> ";
    }
    this.screen.scrollToEnd();
  }

  async run(script) {
    this.running = true;
    this.editor.setPrompt("");
    this.hooks.busy(true);
    this.hooks.ran(script);
    try {
      await this.session.run(script);
    } catch (e) {
      if (!this.disposed) this.screen.echo(String(e.message ?? e), "s-error");
    } finally {
      this.running = false;
      // After a reset the screen belongs to the next session.
      if (!this.disposed) this.ended();
    }
  }

  ended() {
    // Ctrl+C at a Read-Host: its question goes back into the log, its line ended.
    if (this.reading) {
      this.screen.giveBack(this.reading);
      this.screen.echo("", "s-host");
    }
    this.reading = null;
    // The console takes its progress block away when the command ends.
    this.screen.flush();
    this.screen.showProgress("");
    this.hooks.busy(false);
    this.showPrompt();
  }

  /** Ctrl+C: stops the running command. False when none runs. */
  interrupt() {
    if (!this.running) return false;
    this.session.interrupt();
    return true;
  }

  /** Ctrl+C at the prompt: the line is dropped, and an open block with it. */
  cancelLine(text) {
    const prompt = this.pending.length > 0 ? ">> " : this.session.prompt();
    this.screen.echo(prompt + text + "^C");
    this.pending = [];
    this.showPrompt();
  }

  showPrompt() {
    if (this.running || this.broken) return;
    this.editor.setPrompt(this.pending.length > 0 ? ">> " : this.session.prompt());
  }

  dispose() {
    this.disposed = true;
    this.queue = [];
    this.unsubscribe?.();
    this.session.dispose();
  }
}
