//! The parser alone, on any text: it returns a script or a ParseError, never panics, and
//! says an unfinished script is unfinished the same way every time.
//! `make fuzz` runs it (README.md, "Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;
use psjobs::lang::{Source, parse_script};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let first = parse_script(&Source::new("", &text)).map(|_| ()).map_err(|e| e.incomplete);
    let again = parse_script(&Source::new("", &text)).map(|_| ()).map_err(|e| e.incomplete);
    assert_eq!(first, again);
});
