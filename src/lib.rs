//! psjobs: a PowerShell background-jobs playground.
//!
//! | module     | what it holds |
//! |------------|---------------|
//! | `lang`     | source text, spans, the syntax tree, the parser |
//! | `engine`   | values and types, conversions, operators, scopes, the resumable evaluator |
//! | `commands` | the cmdlets, one file per family, listed once in `commands::registry` |
//! | `jobs`     | the clock and the cooperative scheduler |
//! | `world`    | the simulated computer (for now a small in-memory C: drive) |
//! | `format`   | default views, tables and lists, the error views |
//! | `host`     | `Session`: the one API both the terminal and the browser drive |
//! | `wasm`     | the JS API (wasm32 only) |

pub mod commands;
pub mod engine;
pub mod format;
pub mod host;
pub mod jobs;
pub mod lang;
pub mod world;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use host::{Outcome, Session, SessionOptions};
