//! The parser alone, on any text, in both editions' languages (7 adds `&`, `&&`, `||`,
//! `? :`, `??`, `??=`): it returns a script or a ParseError, never panics, and says an
//! unfinished script is unfinished the same way every time.
//! `make fuzz` runs it (README.md, "Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;
use psjobs::lang::{Source, Syntax, parse_script_with};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let seven = Syntax {
        background_operator: true,
        seven_operators: true,
    };
    for syntax in [Syntax::default(), seven] {
        let parse = || {
            parse_script_with(&Source::new("", &text), syntax)
                .map(|_| ())
                .map_err(|e| e.incomplete)
        };
        assert_eq!(parse(), parse());
    }
});
