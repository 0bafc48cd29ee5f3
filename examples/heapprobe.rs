#![allow(clippy::unwrap_used, clippy::expect_used)]
use psjobs::{Session, SessionOptions};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;
fn main() {
    let script = std::env::args().nth(1).unwrap();
    let mut s = Session::new(SessionOptions::default());
    let r = Region::new(GLOBAL);
    s.submit(&script, "", Vec::new());
    s.run_until_idle();
    s.take_output();
    let c = r.change();
    println!(
        "{} net bytes, {} allocs",
        c.bytes_allocated as i64 - c.bytes_deallocated as i64,
        c.allocations
    );
}
