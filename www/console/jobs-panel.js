// The live jobs panel: every job as Get-Job shows it, child jobs under their parent, and the
// job's results buffer drawn as items: what Receive-Job took away and what still waits.
// A -Keep receive takes nothing, so the items stay.

const CELLS = 24;
const COLUMNS = ["Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location"];

export class JobsPanel {
  /**
   * @param {HTMLElement} host where the table goes
   * @param {(command: string) => void} onPick called with a command for a clicked job
   */
  constructor(host, onPick) {
    this.onPick = onPick;
    this.table = document.createElement("table");
    this.table.className = "jobs";
    this.table.setAttribute("aria-label", "Jobs");
    const head = this.table.createTHead().insertRow();
    for (const c of COLUMNS) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = c;
      head.append(th);
    }
    this.body = this.table.createTBody();
    this.empty = document.createElement("p");
    this.empty.className = "jobs-empty";
    this.empty.textContent = "No jobs yet. Start one: Start-Job { Get-Process }";
    host.append(this.table, this.empty);
    this.rows = new Map();
    this.show([]);
  }

  /** Draws the snapshot from `session.jobs()`. */
  show(jobs) {
    const seen = new Set();
    const order = [];
    const walk = (list, depth) => {
      for (const job of list) {
        seen.add(job.id);
        const row = this.row(job, depth);
        order.push(row.tr, row.results);
        walk(job.childJobs, depth + 1);
      }
    };
    walk(jobs, 0);
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.tr.remove();
        row.results.remove();
        this.rows.delete(id);
      }
    }
    // Rows keep their elements (and a focused button its focus) from one draw to the next.
    order.forEach((tr, i) => {
      if (this.body.rows[i] !== tr) this.body.insertBefore(tr, this.body.rows[i] ?? null);
    });
    this.empty.hidden = order.length > 0;
    this.table.hidden = order.length === 0;
  }

  row(job, depth) {
    let row = this.rows.get(job.id);
    if (!row) {
      row = this.makeRow(job.id);
      this.rows.set(job.id, row);
    }
    const { tr, cells, pick, results } = row;
    tr.dataset.depth = String(Math.min(depth, 3));
    results.dataset.depth = tr.dataset.depth;
    tr.dataset.state = job.state;
    cells.Id.textContent = String(job.id);
    pick.textContent = job.name;
    const command = suggest(job);
    pick.dataset.command = command;
    pick.title = `Put "${command}" on the input line`;
    cells.PSJobTypeName.textContent = job.psJobTypeName;
    cells.State.textContent = job.state;
    cells.State.className = `state state-${job.state}`;
    cells.HasMoreData.textContent = job.hasMoreData ? "True" : "False";
    cells.Location.textContent = job.location;
    cells.Location.title = job.location; // a narrow column cuts it short
    drawBuffer(results.firstElementChild, job);
    return row;
  }

  makeRow(id) {
    const tr = document.createElement("tr");
    tr.dataset.id = String(id);
    const cells = {};
    for (const c of COLUMNS) {
      const td = document.createElement(c === "Id" ? "th" : "td");
      if (c === "Id") td.scope = "row";
      cells[c] = td;
      tr.append(td);
    }
    const pick = document.createElement("button");
    pick.type = "button";
    pick.className = "pick";
    pick.addEventListener("click", () => this.onPick(pick.dataset.command));
    cells.Name.append(pick);
    // The results buffer gets a row of its own under the job's, across the columns.
    const results = document.createElement("tr");
    results.className = "results";
    const td = document.createElement("td");
    td.colSpan = COLUMNS.length;
    results.append(td);
    return { tr, cells, pick, results };
  }
}

/** A command worth typing next for this job. */
export function suggest(job) {
  const id = job.id;
  if (job.state === "Failed") return `(Get-Job -Id ${id}).JobStateInfo.Reason`;
  if (job.state === "Running" || job.state === "NotStarted") return `Receive-Job -Id ${id} -Keep`;
  if (job.hasMoreData) return `Receive-Job -Id ${id}`;
  return `Remove-Job -Id ${id}`;
}

/** The results buffer as a row of items: hollow ones were taken by Receive-Job, filled ones
 * wait. Past CELLS items each cell stands for a share of them. */
function drawBuffer(td, job) {
  if (!td.firstElementChild) {
    const box = document.createElement("div");
    box.className = "results-box";
    const bar = document.createElement("span");
    bar.className = "buffer";
    bar.setAttribute("aria-hidden", "true");
    const label = document.createElement("span");
    label.className = "buffer-label";
    box.append(bar, label);
    td.append(box);
  }
  const bar = td.firstElementChild.firstElementChild;
  const label = td.firstElementChild.lastElementChild;
  const { produced, received, buffered } = job;
  const key = `${produced}/${received}/${buffered}/${job.reason ?? ""}`;
  if (td.dataset.drawn === key) return; // a redraw per frame touches only what changed
  td.dataset.drawn = key;
  let taken = received;
  let waiting = buffered;
  if (produced > CELLS) {
    waiting = buffered === 0 ? 0 : Math.max(1, Math.round((CELLS * buffered) / produced));
    taken = CELLS - waiting;
  }
  // The cells are made once and only change class.
  while (bar.children.length < Math.min(produced, CELLS)) {
    const cell = document.createElement("span");
    bar.append(cell);
  }
  [...bar.children].forEach((cell, i) => {
    const kind = i < taken ? "item taken" : i < taken + waiting ? "item waiting" : "item gone";
    if (cell.className !== kind) cell.className = kind;
  });
  label.textContent = `${buffered} waiting, ${received} received`;
  // A failed job says why, as its JobStateInfo.Reason does.
  let why = td.querySelector(".reason");
  if (job.reason && !why) {
    why = document.createElement("span");
    why.className = "reason";
    td.firstElementChild.append(why);
  }
  if (why) {
    why.textContent = job.reason ? `Reason: ${job.reason}` : "";
    why.title = job.reason ?? "";
  }
}
