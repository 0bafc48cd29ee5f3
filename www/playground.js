// The playground page: one console with its jobs panel, the tour beside it, and the controls
// (speed, edition, reset, share). A share link carries the commands run so far in its hash;
// opening it runs them again.
import "./psjobs-console.js";
import { renderTour } from "./tour.js";

const MAX_SHARED = 200;
const consoleEl = document.getElementById("console");
const speed = document.getElementById("speed");
const edition = document.getElementById("edition");
const shareOut = document.getElementById("share-link");

const shared = readShareLink(location.hash);
if (shared.edition) edition.value = shared.edition;
if (shared.speed !== null) speed.value = String(shared.speed);
consoleEl.setAttribute("edition", edition.value);
consoleEl.setAttribute("speed", speed.value);
if (shared.commands.length > 0) consoleEl.run(shared.commands);

speed.addEventListener("change", () => consoleEl.setAttribute("speed", speed.value));
edition.addEventListener("change", () => consoleEl.setAttribute("edition", edition.value));
document.getElementById("reset").addEventListener("click", () => {
  consoleEl.reset();
  shareOut.value = "";
});
document.getElementById("share").addEventListener("click", async () => {
  const params = new URLSearchParams({ edition: edition.value, speed: speed.value });
  params.set("commands", JSON.stringify(consoleEl.commands.slice(-MAX_SHARED)));
  const url = new URL(location.href);
  url.hash = params.toString();
  shareOut.value = url.href;
  shareOut.hidden = false;
  shareOut.select();
  try {
    await navigator.clipboard.writeText(url.href);
    document.getElementById("share-status").textContent = "Link copied.";
  } catch {
    document.getElementById("share-status").textContent = "Copy the link above.";
  }
});

renderTour(document.getElementById("tour-steps"), document.getElementById("tour-nav"),
  (command) => consoleEl.type(command));

/** What a share link carries, checked: it is text from anyone. */
function readShareLink(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const result = { edition: null, speed: null, commands: [] };
  const e = params.get("edition");
  if (e === "5.1" || e === "7") result.edition = e;
  const s = Number.parseFloat(params.get("speed") ?? "");
  // Only a speed the control offers.
  if ([...speed.options].some((o) => Number(o.value) === s)) result.speed = s;
  try {
    const list = JSON.parse(params.get("commands") ?? "[]");
    if (Array.isArray(list)) {
      result.commands = list.filter((c) => typeof c === "string" && c.length <= 10000).slice(0, MAX_SHARED);
    }
  } catch {
    // Not a share link of ours: the page opens empty.
  }
  return result;
}
