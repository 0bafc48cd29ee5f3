//! The engine never reads the wall clock: it asks a [`Clock`]. The virtual clock only moves
//! when every task waits on a timer, straight to the earliest deadline, so a script prints the
//! same output on every run.

use crate::engine::time::DateTime;
use std::cell::Cell;

pub trait Clock {
    /// Milliseconds since the session started.
    fn now_ms(&self) -> f64;
    /// The local date and time when the session started.
    fn start_date(&self) -> DateTime;
    /// True for the virtual clock, which the scheduler may move forward.
    fn is_virtual(&self) -> bool;
    /// Moves a virtual clock forward; a real clock ignores it.
    fn advance_to(&self, _ms: f64) {}
}

/// The deterministic clock of tests and `psjobs -Command`.
pub struct VirtualClock {
    now: Cell<f64>,
    start: DateTime,
}

impl VirtualClock {
    /// Every virtual session starts at the same moment.
    pub fn new() -> VirtualClock {
        VirtualClock {
            now: Cell::new(0.0),
            start: DateTime::from_parts(2026, 11, 5, 10, 0, 0),
        }
    }
}

impl Default for VirtualClock {
    fn default() -> Self {
        VirtualClock::new()
    }
}

impl Clock for VirtualClock {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    fn start_date(&self) -> DateTime {
        self.start
    }
    fn is_virtual(&self) -> bool {
        true
    }
    fn advance_to(&self, ms: f64) {
        if ms > self.now.get() {
            self.now.set(ms);
        }
    }
}

/// A clock backed by the host's time source (the terminal's monotonic clock, the browser's
/// `performance.now()`).
pub struct RealClock {
    now: Box<dyn Fn() -> f64>,
    origin: f64,
    start: DateTime,
}

impl RealClock {
    pub fn new(now: Box<dyn Fn() -> f64>, start: DateTime) -> RealClock {
        let origin = now();
        RealClock { now, origin, start }
    }
}

impl Clock for RealClock {
    fn now_ms(&self) -> f64 {
        (self.now)() - self.origin
    }
    fn start_date(&self) -> DateTime {
        self.start
    }
    fn is_virtual(&self) -> bool {
        false
    }
}
