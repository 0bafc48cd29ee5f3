//! Many jobs: start 10,000 `Start-Job { 1 }`, wait for all, receive all, remove all, in one
//! session on the virtual clock. Prints the CPU time of each phase (Linux: /proc/self/stat),
//! and the heap the finished, received jobs still hold (bytes allocated and not freed,
//! counted by the allocator, read before Remove-Job). Checks the received sum so a broken
//! engine cannot look fast. Run with `make bench` (a release build).

use psjobs::engine::runtime::LineKind;
use psjobs::{Session, SessionOptions};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const JOBS: usize = 10_000;

/// User + system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // The fields after the command name (which is in parentheses and may hold spaces).
    let Some(rest) = stat.rsplit(')').next() else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn run(session: &mut Session, script: &str) -> Vec<String> {
    session.submit(script, "", Vec::new());
    assert!(session.run_until_idle(), "did not finish: {script}");
    session
        .take_output()
        .into_iter()
        .filter(|l| l.kind == LineKind::Output || l.kind == LineKind::Error)
        .map(|l| l.text)
        .collect()
}

fn main() {
    // What opening a session holds, however big the simulated drive is.
    let open = Region::new(GLOBAL);
    let fresh = Session::new(SessionOptions::default());
    let opened = open.change();
    drop(fresh);
    println!(
        "session open: {:.0} KB of heap (target: a few MB at most)",
        (opened.bytes_allocated as f64 - opened.bytes_deallocated as f64) / 1024.0
    );
    let mut session = Session::new(SessionOptions::default());
    let heap = Region::new(GLOBAL);
    let t0 = cpu_seconds();
    run(
        &mut session,
        &format!("$jobs = 1..{JOBS} | ForEach-Object {{ Start-Job {{ 1 }} }}"),
    );
    let t1 = cpu_seconds();
    run(&mut session, "$null = Wait-Job -Job $jobs");
    let t2 = cpu_seconds();
    let sum = run(
        &mut session,
        "(Receive-Job -Job $jobs | Measure-Object -Sum).Sum",
    );
    let t3 = cpu_seconds();
    let held = heap.change();
    let held_bytes = held.bytes_allocated as f64 - held.bytes_deallocated as f64;
    let left = run(
        &mut session,
        "Remove-Job -Job $jobs; $jobs = $null; @(Get-Job).Count",
    );
    let t4 = cpu_seconds();
    assert_eq!(
        sum,
        vec![JOBS.to_string()],
        "every job's output received once"
    );
    assert_eq!(left, vec!["0".to_string()], "every job removed");
    println!("jobs: {JOBS} x Start-Job {{ 1 }}, then Wait-Job, Receive-Job, Remove-Job");
    println!(
        "cpu: start {:.3} s, wait {:.3} s, receive {:.3} s, remove {:.3} s, total {:.3} s (target: under 1 s)",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        t4 - t0
    );
    println!(
        "heap held by the finished, received jobs: {:.0} bytes per job ({:.1} MB in all; target: at most 2048 per job)",
        held_bytes / JOBS as f64,
        held_bytes / 1e6
    );
}
