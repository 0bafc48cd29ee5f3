//! Property: however a job's output and the caller's Receive-Job calls interleave, the
//! receives without -Keep together return the job's whole output once, in order; a -Keep
//! receive returns what is waiting (the next part of the output) and takes nothing away.

// Test code: a failed expectation is the failure being reported.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use psjobs::engine::runtime::LineKind;
use psjobs::{Session, SessionOptions};

fn run(session: &mut Session, script: &str) -> Vec<String> {
    session.submit(script, "", Vec::new());
    assert!(session.run_until_idle(), "did not finish: {script}");
    session
        .take_output()
        .into_iter()
        .filter(|l| l.kind == LineKind::Output)
        .map(|l| l.text)
        .collect()
}

/// One step of the caller: wait a while, then receive with or without -Keep.
#[derive(Debug, Clone)]
struct Step {
    wait_ms: u32,
    keep: bool,
}

fn check(outputs: &[(u32, u32)], steps: &[Step]) {
    let mut session = Session::new(SessionOptions::default());
    // The job writes each value, then pauses; values are distinct so order is checkable.
    let body: Vec<String> = outputs
        .iter()
        .enumerate()
        .map(|(i, (v, pause))| format!("'{i}-{v}'; Start-Sleep -Milliseconds {pause}"))
        .collect();
    let expected: Vec<String> = outputs
        .iter()
        .enumerate()
        .map(|(i, (v, _))| format!("{i}-{v}"))
        .collect();
    run(
        &mut session,
        &format!("$j = Start-Job {{ {} }}", body.join("; ")),
    );
    let mut drained: Vec<String> = Vec::new();
    for step in steps {
        let got = run(
            &mut session,
            &format!(
                "Start-Sleep -Milliseconds {}; Receive-Job $j{}",
                step.wait_ms,
                if step.keep { " -Keep" } else { "" }
            ),
        );
        let rest = &expected[drained.len()..];
        assert!(
            got.len() <= rest.len() && got[..] == rest[..got.len()],
            "a receive returned {got:?}, not the next part of {rest:?}"
        );
        if !step.keep {
            drained.extend(got);
        }
    }
    drained.extend(run(&mut session, "Wait-Job $j | Receive-Job"));
    assert_eq!(drained, expected, "nothing lost, nothing repeated");
    assert_eq!(
        run(&mut session, "$j.HasMoreData"),
        vec!["False".to_string()]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn receives_return_each_output_once_in_order(
        outputs in prop::collection::vec((0u32..1000, 0u32..400), 0..12),
        steps in prop::collection::vec((0u32..700, any::<bool>()).prop_map(|(wait_ms, keep)| Step { wait_ms, keep }), 0..8),
    ) {
        std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn(move || check(&outputs, &steps))
            .expect("thread")
            .join()
            .expect("property holds");
    }
}
