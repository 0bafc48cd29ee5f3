//! Pipeline throughput: `1..1000000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum`.
//! Prints objects per second (median of 5 runs) and checks the sum, so a broken engine cannot
//! report a fast time. Run with `make bench` (a release build).

use psjobs::engine::runtime::LineKind;
use psjobs::{Session, SessionOptions};

const SCRIPT: &str = "(1..1000000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum).Sum";
const OBJECTS: f64 = 1_000_000.0;

#[allow(clippy::disallowed_types)] // A benchmark measures wall time; the engine never does.
fn run_once() -> (f64, String) {
    let mut session = Session::new(SessionOptions::default());
    let start = std::time::Instant::now();
    session.submit(SCRIPT, "", Vec::new());
    let finished = session.run_until_idle();
    let secs = start.elapsed().as_secs_f64();
    let text: Vec<String> = session
        .take_output()
        .into_iter()
        .filter(|l| l.kind == LineKind::Output)
        .map(|l| l.text)
        .collect();
    assert!(finished, "the pipeline did not finish");
    (secs, text.join("\n"))
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: run once then.
    let runs = if std::env::args().any(|a| a == "--bench") {
        5
    } else {
        1
    };
    let mut times = Vec::new();
    for _ in 0..runs {
        let (secs, out) = run_once();
        assert_eq!(
            out, "1000001000000",
            "wrong sum: the benchmark measured a broken run"
        );
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
    println!("pipeline: {SCRIPT}");
    println!(
        "runs: {runs}, median {:.3} s, {:.0} objects/s (target: 2,000,000 objects/s)",
        median,
        OBJECTS / median
    );
}
