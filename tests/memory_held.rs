//! What the process really holds after a script, counted by the allocator: memory the
//! session's budget cannot see (values that hold themselves, once their variable is gone)
//! must still be given back, as .NET's garbage collector gives it back.

// Test code: a failed expectation is the failure being reported.
#![allow(clippy::expect_used)]

use psjobs::{Session, SessionOptions};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes still held after running `script` in a warmed-up session, beyond what the same
/// session held before it, and what the script wrote.
fn held_after(session: &mut Session, script: &str) -> (isize, String) {
    let region = Region::new(ALLOCATOR);
    session.submit(script, "", Vec::new());
    assert!(session.run_until_idle());
    let change = region.change();
    // A realloc's growth is already in bytes_allocated (its shrinking in bytes_deallocated).
    let held = change.bytes_allocated as isize - change.bytes_deallocated as isize;
    (held, format!("{:?}", session.take_output()))
}

fn values_that_hold_themselves_are_given_back_when_nothing_else_holds_them() {
    let mut session = Session::new(SessionOptions {
        memory_limit: 32 << 20,
        ..SessionOptions::default()
    });
    held_after(&mut session, "$warm = 1; $warm");
    let (plain, _) = held_after(
        &mut session,
        "foreach ($i in 1..20000) { $a = @(1..10) }; $a = $null",
    );
    let cases = [
        "foreach ($i in 1..20000) { $a = @(1..10); $a[0] = $a }; $a = $null",
        "foreach ($i in 1..20000) { $h = @{n = $i}; $h.me = $h }; $h = $null",
        "foreach ($i in 1..20000) { $o = [pscustomobject]@{x = 1}; $o.x = @($o) }; $o = $null",
        "foreach ($i in 1..20000) { $l = [System.Collections.Generic.List[object]]::new(); $l.Add(@{back = $l}) }; $l = $null",
    ];
    for script in cases {
        let (held, out) = held_after(&mut session, script);
        assert!(!out.contains("Exception"), "{script}\n{out}");
        eprintln!("{held:>9} bytes held after: {script}");
        // Leaked, each of these holds 20,000 values of 300 bytes or more: 6 MB and up.
        assert!(
            held < plain + (2 << 20),
            "{script}\nstill holds {held} bytes after it ended (the loop without cycles: {plain})"
        );
    }
}

/// One test: the allocator's count is the whole process's, so nothing may run beside it.
#[test]
fn memory_is_given_back() {
    values_that_hold_themselves_are_given_back_when_nothing_else_holds_them();
    large_values_that_hold_themselves_are_freed_when_the_budget_fills();
}

fn large_values_that_hold_themselves_are_freed_when_the_budget_fills() {
    let mut session = Session::new(SessionOptions {
        memory_limit: 32 << 20,
        ..SessionOptions::default()
    });
    // 300 arrays of 20,000 items, each holding itself: 150 MB if none were freed, and too
    // few stores for a round of their own; the budget's count finds them.
    let (held, out) = held_after(
        &mut session,
        "foreach ($i in 1..300) { $a = @(1..20000); $a[0] = $a }; $a = $null; 'loop ended'",
    );
    eprintln!("{held:>9} bytes held after 300 large ones");
    assert!(
        out.contains("loop ended") && !out.contains("Exception"),
        "{out}"
    );
    assert!(held < 40 << 20, "still holds {held} bytes");
}
