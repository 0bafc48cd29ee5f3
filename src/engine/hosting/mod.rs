//! PowerShell's hosting API as scripts use it: `[powershell]::Create()` with its commands,
//! streams and invocations (`powershell.rs`, `invoke.rs`), and the runspaces and pools
//! from `[runspacefactory]` it can run in (`runspaces.rs`).

pub mod invoke;
pub mod powershell;
pub mod runspaces;

pub use invoke::{call_method, static_call};
