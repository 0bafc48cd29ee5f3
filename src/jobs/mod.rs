//! Jobs: the job model and its journal, how a job runs (a new runspace for Start-Job, a
//! remote computer for Invoke-Command, a thread for Start-ThreadJob), and PSSessions.

pub mod runner;
pub mod sessions;
