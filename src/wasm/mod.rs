//! The JavaScript API (wasm32 only): `Session`, one PowerShell console's engine, and the
//! pump that runs every live session on the browser's event loop.
//!
//! | file         | what it holds |
//! |--------------|---------------|
//! | `api.rs`     | the exported `Session` class: run, interrupt, input, completion, jobs, events |
//! | `live.rs`    | a session as the pump drives it: one step, its output and events |
//! | `pump.rs`    | time slices, the macrotask yield, sleeping until the next timer |
//! | `values.rs`  | what crosses to JS: options, records, job snapshots, events |
//! | `broken.rs`  | the panic hook: a failed engine says so instead of failing silently |
//! | `types.d.ts` | the TypeScript shapes of those values, added to `psjobs.d.ts` |

mod api;
mod broken;
mod live;
mod pump;
mod values;

pub use api::Session;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    broken::install_hook();
}
