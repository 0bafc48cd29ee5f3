//! The simulated computer: what opening a session costs in time (its heap is counted by the
//! jobs benchmark, which instruments the allocator), and a recursive walk of the whole C:
//! drive at speed 0 (no simulated latency), the median of five runs. Checks the walk's count
//! so a broken drive cannot look fast. Run with `make bench` (a release build).

use psjobs::engine::runtime::LineKind;
use psjobs::{Session, SessionOptions};

const WALK: &str =
    "(Get-ChildItem C:\\ -Recurse -Force -ErrorAction SilentlyContinue | Measure-Object).Count";

#[allow(clippy::disallowed_types)] // A benchmark measures wall time; the engine never does.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = std::time::Instant::now();
    let r = f();
    (start.elapsed().as_secs_f64(), r)
}

fn main() {
    // Opening a session: the median of 101.
    let mut opens: Vec<f64> = (0..101)
        .map(|_| timed(|| Session::new(SessionOptions::default())).0)
        .collect();
    opens.sort_by(f64::total_cmp);
    let open_secs = opens.get(50).copied().unwrap_or(f64::NAN);

    // Walking the drive.
    let mut times = Vec::new();
    let mut count = String::new();
    for _ in 0..5 {
        let mut session = Session::new(SessionOptions {
            speed: 0.0,
            ..Default::default()
        });
        let (secs, out) = timed(|| {
            session.submit(WALK, "", Vec::new());
            assert!(session.run_until_idle(), "the walk did not finish");
            session.take_output()
        });
        count = out
            .into_iter()
            .filter(|l| l.kind == LineKind::Output)
            .map(|l| l.text)
            .collect();
        times.push(secs);
    }
    let n: usize = count.trim().parse().unwrap_or(0);
    assert!(n > 20_000, "the walk found only {count:?} items");
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
    println!(
        "session open: median {:.3} ms (target: a few ms)",
        open_secs * 1e3
    );
    println!("walk: {WALK}");
    println!(
        "walk: {n} items, median of 5 runs {:.1} ms ({:.0} items/ms; target: under 50 ms)",
        median * 1e3,
        n as f64 / (median * 1e3)
    );
}
