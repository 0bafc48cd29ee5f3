// Command history, kept per page in localStorage (as PSReadLine keeps it per user), capped.

const CAP = 200;

export class History {
  /** @param {string} key the localStorage key; several consoles of one page share it. */
  constructor(key) {
    this.key = key;
    this.entries = read(key);
    this.cursor = this.entries.length;
    this.draft = "";
  }

  add(command) {
    if (!command.trim()) return;
    // A repeat of the last entry is not stored twice.
    if (this.entries.at(-1) !== command) this.entries.push(command);
    if (this.entries.length > CAP) this.entries.splice(0, this.entries.length - CAP);
    this.cursor = this.entries.length;
    write(this.key, this.entries);
  }

  /** The entry before the one shown; `current` is what the line holds now, kept as a draft. */
  previous(current) {
    if (this.cursor === this.entries.length) this.draft = current;
    if (this.cursor === 0) return null;
    this.cursor -= 1;
    return this.entries[this.cursor];
  }

  next() {
    if (this.cursor >= this.entries.length) return null;
    this.cursor += 1;
    return this.cursor === this.entries.length ? this.draft : this.entries[this.cursor];
  }

  rewind() {
    this.cursor = this.entries.length;
  }
}

function read(key) {
  try {
    const list = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(list) ? list.filter((x) => typeof x === "string").slice(-CAP) : [];
  } catch {
    return []; // storage blocked (private mode, sandboxed frame) or a bad value
  }
}

function write(key, entries) {
  try {
    localStorage.setItem(key, JSON.stringify(entries));
  } catch {
    // Storage full or blocked: history lives for this page only.
  }
}
