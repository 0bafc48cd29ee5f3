//! Time and tasks: the clock the engine reads and the cooperative scheduler that runs the
//! foreground command and every job as tasks on one thread.

pub mod clock;
pub mod job;
pub mod journal;
pub mod props;
pub mod runner;
pub mod scheduler;
pub mod sessions;
