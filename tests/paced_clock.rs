//! The browser's paced clock: real time, one timer at a time. A page that could not run for
//! a while (a hidden tab, a stall) catches up with every timer in order, so a sleeping job
//! has produced what it would have, stamped with the times it would have had.

use psjobs::engine::clock::PacedClock;
use psjobs::engine::runtime::LineKind;
use psjobs::engine::time::DateTime;
use psjobs::{Session, SessionOptions};
use std::cell::Cell;
use std::rc::Rc;

fn session(real: Rc<Cell<f64>>) -> Session {
    let clock = PacedClock::new(
        Box::new(move || real.get()),
        DateTime::from_parts(2026, 1, 1, 0, 0, 0),
    );
    Session::new(SessionOptions {
        clock: Rc::new(clock),
        ..Default::default()
    })
}

fn output(s: &Session) -> Vec<String> {
    s.take_output()
        .into_iter()
        .filter(|l| l.kind == LineKind::Output)
        .map(|l| l.text)
        .collect()
}

#[test]
fn after_a_stall_every_timer_fires_at_its_own_time() {
    let real = Rc::new(Cell::new(0.0));
    let mut s = session(real.clone());
    s.submit(
        "$j = Start-Job { 1..5 | % { Start-Sleep -Milliseconds 100; [int]((Get-Date) - $start).TotalMilliseconds } } -InitializationScript { $global:start = Get-Date }",
        "",
        Vec::new(),
    );
    // Nothing may move before real time does: the job's process takes 350 ms to start.
    s.run_slice(u64::MAX);
    assert!(s.rt.jobs.top_level().len() == 1);
    // The page is away for ten seconds, then runs again.
    real.set(10_000.0);
    s.run_slice(u64::MAX);
    s.submit("Receive-Job $j", "", Vec::new());
    s.run_slice(u64::MAX);
    let times: Vec<i64> = output(&s)
        .iter()
        .filter_map(|t| t.trim().parse().ok())
        .collect();
    assert_eq!(
        times,
        vec![100, 200, 300, 400, 500],
        "each sleep ended 100 ms after the last"
    );
    assert_eq!(
        s.rt.sched.clock.now_ms(),
        10_000.0,
        "and the clock is back at real time"
    );
}

#[test]
fn busy_work_never_runs_the_clock_past_real_time() {
    let real = Rc::new(Cell::new(0.0));
    let mut s = session(real.clone());
    s.submit("Start-Sleep -Milliseconds 50; 'woke'", "", Vec::new());
    s.run_slice(u64::MAX);
    assert!(s.is_busy(), "the sleep waits for real time");
    assert_eq!(s.rt.sched.clock.now_ms(), 0.0);
    real.set(49.0);
    s.run_slice(u64::MAX);
    assert!(s.is_busy());
    real.set(50.0);
    s.run_slice(u64::MAX);
    assert!(!s.is_busy());
    assert_eq!(output(&s), ["woke"]);
}
