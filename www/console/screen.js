// The console's screen: the output log, the progress block above it, and the line that holds
// the input. Engine output is only ever set as text (textContent), never parsed as HTML.
//
// A walk prints thousands of lines a second, so: each line is a block of its own (a long
// run of inline text is laid out whole on every change), lines sit in chunks of CHUNK that
// the browser skips while they are off screen (content-visibility), output is drawn once per
// animation frame however many batches came in it, and the view follows the end a frame
// later, reading the layout the browser has just made instead of forcing a new one.

/** Lines of scrollback kept, as the Windows console's default screen buffer keeps. */
export const SCROLLBACK = 9001;
const CHUNK = 32;

export class Screen {
  /**
   * @param {HTMLElement} viewport the scrolling box
   * @param {HTMLElement} log the role="log" element the lines go into
   * @param {HTMLElement} progress the progress block (hidden when there is none)
   */
  constructor(viewport, log, progress) {
    this.viewport = viewport;
    this.log = log;
    this.progress = progress;
    this.lines = 0;
    /** The line not ended yet (Write-Host -NoNewline, a Read-Host prompt), or null. */
    this.open = null;
    this.chunk = null;
    this.inChunk = 0;
    this.pending = [];
    this.frame = 0;
    /** Whether the view follows new output: it does until the reader scrolls up. */
    this.pinned = true;
    this.ownScrollTop = -1; // where the screen itself last scrolled to
    viewport.addEventListener("scroll", () => {
      // Our own scroll reports back a frame later, when more output may have come: only a
      // scroll by the reader decides whether to follow.
      if (viewport.scrollTop === this.ownScrollTop) return;
      this.pinned = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 24;
    }, { passive: true });
  }

  /** Records from the engine, as `output` events carry them; drawn on the next frame. */
  write(records) {
    this.pending.push(...records);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Draws what is pending now (before the console adds text of its own, and when a command
   * ends, so what a test or a person reads next is complete). */
  flush() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.pinned) this.scrollToEnd(); // what the last frame drew
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    for (const r of records) {
      if (r.stream === "progress") {
        this.showProgress(r.text);
      } else if (r.clear) {
        this.clear();
      } else {
        this.append(r.text, r.newline, classesOf(r));
      }
    }
    this.trim();
    // Next frame: follow what this one draws.
    if (this.pinned) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Text the console itself prints (the echo of a command line, ^C). */
  echo(text, className = "echo") {
    this.flush();
    this.append(text, true, [className]);
    this.trim();
  }

  append(text, newline, classes) {
    if (!this.open) this.startLine();
    const span = document.createElement("span");
    span.className = classes.join(" ");
    span.textContent = newline ? text + "\n" : text;
    this.open.append(span);
    if (newline) {
      this.lines += 1;
      this.open = null;
    }
  }

  /** Takes the unfinished last line out of the log (to stand before the input as its
   * prompt, as Read-Host's does); `giveBack` returns it. */
  takeOpenLine() {
    this.flush();
    const line = this.open;
    this.open = null;
    if (!line) return [];
    line.remove();
    return [...line.childNodes];
  }

  giveBack(spans) {
    if (spans.length === 0) return;
    this.startLine();
    this.open.append(...spans);
  }

  startLine() {
    if (!this.chunk || this.inChunk >= CHUNK) {
      this.chunk = document.createElement("div");
      this.chunk.className = "chunk";
      this.log.append(this.chunk);
      this.inChunk = 0;
    }
    this.open = document.createElement("div");
    this.open.className = "line";
    this.chunk.append(this.open);
    this.inChunk += 1;
  }

  showProgress(text) {
    this.progress.textContent = text;
    this.progress.hidden = text === "";
  }

  clear() {
    this.pending = [];
    this.log.replaceChildren();
    this.lines = 0;
    this.open = null;
    this.chunk = null;
    this.showProgress("");
  }

  /** Drops the oldest lines past the scrollback. */
  trim() {
    while (this.lines > SCROLLBACK) {
      const chunk = this.log.firstElementChild;
      const line = chunk?.firstElementChild;
      if (!line || line === this.open) return;
      line.remove();
      this.lines -= 1;
      if (!chunk.firstElementChild) {
        chunk.remove();
        if (chunk === this.chunk) this.chunk = null;
      }
    }
  }

  /** Shows the end of the log, and follows it from now on (a command was entered: the
   * person looks there). */
  scrollToEnd() {
    this.pinned = true;
    this.viewport.scrollTop = this.viewport.scrollHeight;
    this.ownScrollTop = this.viewport.scrollTop;
  }
}

// Streams keep the console's own colours (errors red on black, warnings yellow on black);
// Write-Host's -ForegroundColor/-BackgroundColor override them.
function classesOf(record) {
  const classes = [`s-${record.stream}`];
  if (record.fg) classes.push(`fg-${record.fg}`);
  if (record.bg) classes.push(`bg-${record.bg}`);
  return classes;
}
