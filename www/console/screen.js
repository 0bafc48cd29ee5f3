// The console's screen: the output log, the progress block above it, and the line that holds
// the input. Engine output is only ever set as text (textContent), never parsed as HTML.

/** Lines of scrollback kept, as the Windows console's default screen buffer keeps. */
export const SCROLLBACK = 9001;

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
    /** The spans of the line not ended yet (Write-Host -NoNewline, a Read-Host prompt). */
    this.open = [];
  }

  /** Records from the engine, as `run()` returns them and `output` events carry them. */
  write(records) {
    const follow = this.atBottom();
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
    if (follow) this.scrollToEnd();
  }

  /** Text the console itself prints (the echo of a command line, ^C). */
  echo(text, className = "echo") {
    const follow = this.atBottom();
    this.append(text, true, [className]);
    this.trim();
    if (follow) this.scrollToEnd();
  }

  append(text, newline, classes) {
    const span = document.createElement("span");
    span.className = classes.join(" ");
    span.textContent = newline ? text + "\n" : text;
    this.log.append(span);
    if (newline) {
      this.lines += 1;
      this.open = [];
    } else {
      this.open.push(span);
    }
  }

  /** Takes the unfinished last line out of the log (to stand before the input as its
   * prompt, as Read-Host's does); `giveBack` returns it. */
  takeOpenLine() {
    const spans = this.open;
    for (const s of spans) s.remove();
    this.open = [];
    return spans;
  }

  giveBack(spans) {
    this.log.append(...spans);
    this.open.push(...spans);
  }

  showProgress(text) {
    this.progress.textContent = text;
    this.progress.hidden = text === "";
  }

  clear() {
    this.log.replaceChildren();
    this.lines = 0;
    this.open = [];
    this.showProgress("");
  }

  /** Drops the oldest lines past the scrollback. */
  trim() {
    while (this.lines > SCROLLBACK && this.log.firstChild) {
      const first = this.log.firstChild;
      if (first.textContent.endsWith("\n")) this.lines -= 1;
      first.remove();
    }
  }

  atBottom() {
    const v = this.viewport;
    return v.scrollTop + v.clientHeight >= v.scrollHeight - 24;
  }

  scrollToEnd() {
    this.viewport.scrollTop = this.viewport.scrollHeight;
  }

  /** The log's text, as a person would copy it. */
  text() {
    return this.log.textContent;
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
