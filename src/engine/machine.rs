//! The computer a task runs on, as the engine needs it: its name, and the drive that
//! redirection (`> file`) writes to. The world's `Computer` is one; the commands reach the
//! rest of it (drive, registry, processes) through `world::computer::OnComputer`.

use super::error::ErrorRecord;
use std::any::Any;
use std::rc::Rc;

pub trait Machine {
    /// This desktop (localhost) rather than a remote computer.
    fn is_local(&self) -> bool;
    /// MachineName and `$env:COMPUTERNAME`.
    fn machine_name(&self) -> String;
    /// Creates or empties a file (`> file`).
    fn write_text(&self, path: &str, text: &str) -> Result<(), ErrorRecord>;
    /// Adds to a file (`>> file`, and what a redirected pipeline writes).
    fn append_text(&self, path: &str, text: &str) -> Result<(), ErrorRecord>;
    /// What the session wrote on its drive and in its registry, for the memory budget's
    /// count.
    fn written_bytes(&self) -> usize;
    /// Whether a process with this id runs there now (Process.HasExited reads it).
    fn runs_process(&self, rt: &super::runtime::Runtime, pid: i32) -> bool;
    /// For the world, which knows the machine behind it.
    fn into_any(self: Rc<Self>) -> Rc<dyn Any>;
}
