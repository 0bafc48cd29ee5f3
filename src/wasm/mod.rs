//! The JavaScript API (wasm32 only). For now one call: run a command line on the virtual
//! clock and return its text; the evented API and the browser pump come with the console.

use crate::host::{Session, SessionOptions};
use wasm_bindgen::prelude::*;

/// Runs a command line in a fresh session and returns what the console would show.
#[wasm_bindgen(js_name = runCommand)]
pub fn run_command(text: &str) -> String {
    let mut session = Session::new(SessionOptions::default());
    session.submit(text, "", Vec::new());
    session.run_until_idle();
    session
        .take_output()
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n")
}
