//! The JavaScript API (wasm32 only). For now a `Playground`: one session that keeps its
//! variables and functions from one command line to the next, run on the virtual clock. The
//! evented API and the browser pump come with the console.

use crate::host::{Session, SessionOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Playground {
    session: Session,
}

#[wasm_bindgen]
impl Playground {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        Playground {
            session: Session::new(SessionOptions::default()),
        }
    }

    /// `PS C:\Users\User> `
    pub fn prompt(&self) -> String {
        self.session.prompt()
    }

    /// Runs a command line and returns what the console would show. While a command waits
    /// for a line (Read-Host), the text is that line instead.
    pub fn run(&mut self, text: &str) -> String {
        if self.session.waiting_for_input() {
            self.session.provide_input(text);
        } else {
            self.session.submit(text, "", Vec::new());
        }
        self.session.run_until_idle();
        self.session
            .take_output()
            .into_iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new()
    }
}
