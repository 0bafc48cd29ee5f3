//! Bad input never panics or hangs: every prefix of every transcript input (unterminated
//! strings, blocks, here-strings, half-typed commands) runs on a bounded budget, and a
//! runaway loop stops when interrupted, leaving the session usable.

// Test code: a failed expectation is the failure being reported.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::run_bounded;
use psjobs::engine::scheduler::Slice;
use psjobs::{Outcome, Session, SessionOptions};
use std::path::Path;

fn inputs(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            inputs(&p, out);
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            for line in text.lines() {
                if let Some(rest) = line.strip_prefix("PS ") {
                    if let Some(i) = rest.find("> ") {
                        out.push(rest[i + 2..].to_string());
                    }
                }
            }
        }
    }
}

/// Every command line typed in the golden transcripts.
fn transcript_inputs() -> Vec<String> {
    let mut all = Vec::new();
    inputs(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts"),
        &mut all,
    );
    all
}

fn engine_thread(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic");
}

#[test]
fn every_prefix_of_every_transcript_input_is_handled() {
    let all = transcript_inputs();
    assert!(all.len() > 300, "found only {} inputs", all.len());
    engine_thread(move || {
        // A small memory limit: the limit's own transcripts grow values up to it, and at
        // the default each of their prefixes would copy hundreds of megabytes.
        let mut session = Session::new(SessionOptions {
            memory_limit: 32 << 20,
            ..SessionOptions::default()
        });
        let mut runs = 0;
        for text in &all {
            let chars: Vec<char> = text.chars().collect();
            // Every prefix of short inputs; a sample of cut points in long ones.
            let step = (chars.len() / 40).max(1);
            for end in (1..=chars.len()).step_by(step) {
                let prefix: String = chars[..end].iter().collect();
                run_bounded(&mut session, &prefix, 200_000);
                runs += 1;
            }
        }
        run_bounded(&mut session, "'still alive'", 10_000);
        assert!(runs > 3000, "ran {runs} prefixes");
    });
}

/// PowerShell 7's language (the background `&`, -Parallel) and views: every prefix of the
/// inputs of the edition 7 transcripts, in a 7 session.
#[test]
fn every_prefix_of_every_edition_7_input_is_handled() {
    let mut all = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    for dir in ["seven", "paired"] {
        inputs(&root.join(dir), &mut all);
    }
    assert!(all.len() > 50, "found only {} inputs", all.len());
    engine_thread(move || {
        let mut session = Session::new(SessionOptions {
            edition: psjobs::engine::runtime::Edition::Core7,
            memory_limit: 32 << 20,
            ..SessionOptions::default()
        });
        for text in &all {
            let chars: Vec<char> = text.chars().collect();
            for end in 1..=chars.len() {
                let prefix: String = chars[..end].iter().collect();
                run_bounded(&mut session, &prefix, 200_000);
            }
        }
        run_bounded(&mut session, "'still alive'", 10_000);
    });
}

/// Found by the `run` fuzzer: on the virtual clock a loop that sleeps made the clock jump
/// again and again inside one run_slice call, whose operation budget started afresh at each
/// jump, so the call never returned (in the browser, a page that never got its thread back).
#[test]
fn a_loop_that_sleeps_on_the_virtual_clock_gives_the_thread_back() {
    engine_thread(|| {
        for (script, speed) in [
            ("while ($true) { Start-Sleep -Milliseconds 300 }", 0.0),
            (
                "$got = while ($k.State -ne 'Completed') { Receive-Job $k; Start-Sleep -Milliseconds 300 }",
                1.0,
            ),
        ] {
            let mut session = Session::new(SessionOptions {
                speed,
                ..SessionOptions::default()
            });
            session.submit(script, "", Vec::new());
            for _ in 0..20 {
                assert_eq!(session.run_slice(2_000), Slice::Busy, "{script}");
                session.take_output();
            }
            session.interrupt();
            assert!(session.run_until_idle(), "{script}");
        }
    });
}

#[test]
fn a_runaway_loop_is_interrupted_and_the_session_goes_on() {
    engine_thread(|| {
        let mut session = Session::new(SessionOptions::default());
        session.submit("$n = 0; while ($true) { $n++ }", "", Vec::new());
        for _ in 0..50 {
            assert_eq!(
                session.run_slice(10_000),
                Slice::Busy,
                "the loop keeps yielding"
            );
        }
        assert!(session.is_busy());
        session.interrupt();
        assert!(session.run_until_idle());
        assert_eq!(session.outcome(), Outcome::Done { ok: false });
        session.take_output();
        session.submit("$n -gt 1000", "", Vec::new());
        assert!(session.run_until_idle());
        let out: Vec<String> = session.take_output().into_iter().map(|l| l.text).collect();
        assert_eq!(out, vec!["True".to_string()]);
    });
}

#[test]
fn garbage_bytes_parse_to_errors_not_panics() {
    engine_thread(|| {
        let mut session = Session::new(SessionOptions::default());
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let alphabet: Vec<char> = "${}()[]@'\"`|&;,.-+*/%!<>=#:?0123456789abcxyz \n\t\\"
            .chars()
            .collect();
        for _ in 0..2000 {
            let len = (seed % 24) as usize + 1;
            let mut text = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            run_bounded(&mut session, &text, 100_000);
        }
    });
}

#[test]
fn ctrl_c_ends_a_wait_and_the_job_runs_on() {
    engine_thread(|| {
        let mut session = Session::new(SessionOptions::default());
        session.submit(
            "$j = Start-Job { while ($true) { } }; Wait-Job $j",
            "",
            Vec::new(),
        );
        for _ in 0..20 {
            assert_eq!(
                session.run_slice(10_000),
                Slice::Busy,
                "the job keeps the scheduler busy"
            );
        }
        assert!(session.is_busy(), "Wait-Job still waits");
        session.interrupt();
        for _ in 0..20 {
            if !session.is_busy() {
                break;
            }
            session.run_slice(10_000);
        }
        assert!(!session.is_busy(), "Ctrl+C ended the wait");
        session.take_output();
        session.submit("$j.State", "", Vec::new());
        for _ in 0..20 {
            if !session.is_busy() {
                break;
            }
            session.run_slice(10_000);
        }
        let out: Vec<String> = session.take_output().into_iter().map(|l| l.text).collect();
        assert_eq!(
            out,
            vec!["Running".to_string()],
            "only the wait stopped, not the job"
        );
    });
}

#[test]
fn completion_at_every_cursor_of_every_input_stays_in_bounds() {
    let mut all = transcript_inputs();
    // Text a completer meets half-typed: open quotes, stray separators, wide characters.
    all.extend(
        [
            "",
            "'",
            "\"C:\\Prog",
            "$",
            "-",
            "Get-Job -Name '",
            "dir C:\\Windows\\",
            "é | Gét-Chi",
            "cd HKLM:\\SOFTWARE\\Micro",
            "Receive-Job -Id ",
            "{ | ; ( } ) ,",
            "\u{1F600}$x -",
        ]
        .map(String::from),
    );
    engine_thread(move || {
        let session = Session::new(SessionOptions::default());
        for text in &all {
            // Every byte offset, char boundary or not, and one past the end.
            for cursor in 0..=text.len() + 1 {
                let c = session.complete(text, cursor);
                assert!(
                    c.replace_start <= c.replace_end && c.replace_end <= text.len(),
                    "{text:?} at {cursor}: {c:?}"
                );
                assert!(
                    text.is_char_boundary(c.replace_start) && text.is_char_boundary(c.replace_end)
                );
            }
        }
    });
}

/// Found by the fuzzer (fuzz/, `Start-Job { 3 }` then drop): tasks hold the runtime that
/// holds them, so a session closed with a job in flight was never freed. In the browser
/// that is every `dispose()` of a console whose jobs still run.
#[test]
fn a_session_closed_with_work_in_flight_is_freed() {
    engine_thread(|| {
        let mut session = Session::new(SessionOptions::default());
        session.submit(
            "$j = Start-Job { while ($true) { } }; Start-ThreadJob { Start-Sleep 100 }; Start-Sleep 5",
            "",
            Vec::new(),
        );
        for _ in 0..5 {
            session.run_slice(10_000);
        }
        assert!(session.is_busy());
        let runtime = std::rc::Rc::downgrade(&session.rt);
        let runspace = std::rc::Rc::downgrade(&session.rs);
        drop(session);
        assert!(runtime.upgrade().is_none(), "the runtime was freed");
        assert!(runspace.upgrade().is_none(), "the runspace was freed");
    });
}
