//! The engine never reads the wall clock: it asks a [`Clock`]. The virtual clock moves by a
//! fixed amount for every operation run, and when every task waits on a timer, straight to
//! the earliest deadline, so a script prints the same output on every run.

use crate::engine::time::DateTime;
use std::cell::Cell;

pub trait Clock {
    /// Milliseconds since the session started.
    fn now_ms(&self) -> f64;
    /// The local date and time when the session started.
    fn start_date(&self) -> DateTime;
    /// True for the virtual clock, which the scheduler may move forward.
    fn is_virtual(&self) -> bool;
    /// Moves a virtual or paced clock forward; a real clock ignores it.
    fn advance_to(&self, _ms: f64) {}
    /// For a paced clock, the real time it follows (see [`PacedClock`]).
    fn real_ms(&self) -> Option<f64> {
        None
    }
    /// Charges the work of `ops` operations; only the virtual clock moves for it.
    fn spend_ops(&self, _ops: u32) {}
}

/// The virtual time one operation takes (a loop turn is one, an object crossing a pipeline
/// ten): a million `ForEach-Object` iterations, about twelve million operations, take some
/// four seconds, as in Windows PowerShell 5.1. Busy work must take time, or a script that
/// polls a job (`do { ... } while ($j.State -eq 'Running')`) would spin forever on a clock
/// that moves only while everyone waits. docs/design.md has the whole model.
pub const VIRTUAL_MS_PER_OP: f64 = 0.0003;

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
    fn spend_ops(&self, ops: u32) {
        self.now
            .set(self.now.get() + f64::from(ops) * VIRTUAL_MS_PER_OP);
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

/// The browser's clock: real time, except that it never passes a timer that has not fired.
/// The host moves it (`Session::run_slice` does); when the page could not run for a while
/// (a hidden tab's throttled timers, a stall), it walks forward from deadline to deadline,
/// so every sleeping job catches up with what it would have done, in the same order.
pub struct PacedClock {
    real: Box<dyn Fn() -> f64>,
    origin: f64,
    now: Cell<f64>,
    start: DateTime,
}

impl PacedClock {
    pub fn new(real: Box<dyn Fn() -> f64>, start: DateTime) -> PacedClock {
        let origin = real();
        PacedClock {
            real,
            origin,
            now: Cell::new(0.0),
            start,
        }
    }
}

impl Clock for PacedClock {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    fn start_date(&self) -> DateTime {
        self.start
    }
    fn is_virtual(&self) -> bool {
        false
    }
    /// Forward only, and never past real time.
    fn advance_to(&self, ms: f64) {
        let to = ms.min((self.real)() - self.origin);
        if to > self.now.get() {
            self.now.set(to);
        }
    }
    fn real_ms(&self) -> Option<f64> {
        Some((self.real)() - self.origin)
    }
}
