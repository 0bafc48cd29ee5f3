//! What the integration tests share.

use psjobs::Session;
use psjobs::engine::scheduler::Slice;

/// Runs one input for at most `budget` operations, interrupting it when it runs away; the
/// interrupted command must end.
pub fn run_bounded(session: &mut Session, text: &str, budget: u64) {
    session.submit(text, "", Vec::new());
    let mut spent = 0;
    while session.is_busy() && spent < budget {
        match session.run_slice(10_000) {
            Slice::Busy => spent += 10_000,
            Slice::Idle(_) => break,
        }
    }
    if session.is_busy() {
        session.interrupt();
        assert!(session.run_until_idle(), "an interrupted command ends");
    }
    session.take_output();
}
