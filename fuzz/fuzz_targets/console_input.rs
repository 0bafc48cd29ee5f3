//! What a console hands the engine for every keystroke and every Enter: completion at a
//! cursor, the `>>` check, and the line run on a bounded budget. None may panic. The first
//! byte is the cursor; its high bit picks PowerShell 7 over 5.1.
//! `cargo +nightly fuzz run console_input` (see README.md, "Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;
use psjobs::engine::runtime::Edition;
use psjobs::engine::scheduler::Slice;
use psjobs::{Session, SessionOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&cursor, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let edition = if cursor & 0x80 != 0 {
        Edition::Core7
    } else {
        Edition::Desktop51
    };
    let mut session = Session::new(SessionOptions {
        edition,
        ..SessionOptions::default()
    });
    let cursor = usize::from(cursor) % (text.len() + 2);
    let c = session.complete(&text, cursor);
    assert!(c.replace_start <= c.replace_end && c.replace_end <= text.len());
    let _ = Session::needs_more_input(&text, edition);
    session.submit(&text, "", Vec::new());
    // A small budget: an endless loop is legal PowerShell, and this is a search for panics
    // and hangs inside one operation, not for scripts that run long.
    for _ in 0..5 {
        if !matches!(session.run_slice(2_000), Slice::Busy) {
            break;
        }
    }
    session.interrupt();
    let _ = session.run_slice(50_000);
});
