//! The exported `Session` class. Every method checks what JS handed it (a number where a
//! string belongs, a disposed session, an engine that broke) and throws or rejects with a
//! clear Error instead of trapping.

use super::live::{Live, PendingRun};
use super::values::{JobInfo, Options, to_js};
use super::{broken, pump};
use crate::engine::clock::{Clock, PacedClock, VirtualClock};
use crate::engine::time::DateTime;
use crate::host::SessionOptions;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// One PowerShell console's engine: its variables, location, jobs and clock. Sessions on a
/// page share nothing but the module.
#[wasm_bindgen]
pub struct Session {
    live: RefCell<Option<Rc<Live>>>,
}

fn error(message: &str) -> JsError {
    JsError::new(message)
}

fn string_arg(value: &JsValue, what: &str) -> Result<String, JsError> {
    value
        .as_string()
        .ok_or_else(|| error(&format!("{what} must be a string")))
}

/// A JS string index (UTF-16 units) as a byte offset into `s`, and back.
fn byte_offset(s: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    s.len()
}

fn utf16_offset(s: &str, bytes: usize) -> usize {
    s.get(..bytes).map_or(0, |p| p.encode_utf16().count())
}

fn browser_clock(virtual_clock: bool) -> Rc<dyn Clock> {
    if virtual_clock {
        return Rc::new(VirtualClock::new());
    }
    let d = js_sys::Date::new_0();
    let start = DateTime::from_parts(
        i64::from(d.get_full_year()),
        i64::from(d.get_month()) + 1,
        i64::from(d.get_date()),
        i64::from(d.get_hours()),
        i64::from(d.get_minutes()),
        i64::from(d.get_seconds()),
    );
    Rc::new(PacedClock::new(Box::new(pump::now_ms), start))
}

#[wasm_bindgen]
impl Session {
    /// `new Session({ edition, speed, width, seed, clock, jobResultLimit, memoryLimit })`, every option
    /// optional.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SessionOptions")] options: Option<JsValue>,
    ) -> Result<Session, JsError> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        broken::check()?;
        if !pump::is_available() {
            return Err(error(
                "psjobs needs performance.now() and MessageChannel (a browser, a worker or Node 15+)",
            ));
        }
        let s =
            Options::from_js(options).map_err(|e| error(&format!("new Session(options): {e}")))?;
        let defaults = SessionOptions::default();
        let engine = crate::host::Session::new(SessionOptions {
            edition: s.edition,
            width: s.width,
            clock: browser_clock(s.virtual_clock),
            seed: s.seed.unwrap_or(defaults.seed),
            speed: s.speed,
            job_result_limit: s.job_result_limit.unwrap_or(defaults.job_result_limit),
            memory_limit: s.memory_limit.unwrap_or(defaults.memory_limit),
            // On the real clock someone is at the console to answer.
            ask_for_missing_parameters: !s.virtual_clock,
        });
        let live = Rc::new(Live::new(engine, s.virtual_clock));
        pump::add(live.clone());
        Ok(Session {
            live: RefCell::new(Some(live)),
        })
    }

    fn live(&self, method: &str) -> Result<Rc<Live>, JsError> {
        broken::check()?;
        self.live
            .borrow()
            .clone()
            .ok_or_else(|| error(&format!("{method}: this Session was disposed")))
    }

    /// Runs one console input (a line or a whole script) as the foreground command. Resolves
    /// when it is done with `{ text, records, ok }`; rejects if a command is still running.
    #[wasm_bindgen(unchecked_return_type = "Promise<RunResult>")]
    pub fn run(&self, #[wasm_bindgen(unchecked_param_type = "string")] line: JsValue) -> Promise {
        match self.start_run(&line) {
            Ok(p) => p,
            Err(e) => Promise::reject(&JsValue::from(e)),
        }
    }

    fn start_run(&self, line: &JsValue) -> Result<Promise, JsError> {
        let live = self.live("run")?;
        let text = string_arg(line, "run(line): line")?;
        if live.run.borrow().is_some() || live.engine.borrow().is_busy() {
            return Err(error(
                "run: a command is still running; wait for its promise, or call interrupt()",
            ));
        }
        let mut callbacks: Option<(Function, Function)> = None;
        let promise = Promise::new(&mut |resolve, reject| callbacks = Some((resolve, reject)));
        let Some((resolve, reject)) = callbacks else {
            return Err(error("run: the promise could not be made"));
        };
        *live.run.borrow_mut() = Some(PendingRun {
            resolve,
            reject,
            text: String::new(),
            records: Vec::new(),
        });
        live.asked_for_input.set(false);
        live.engine.borrow_mut().submit(&text, "", Vec::new());
        pump::wake();
        Ok(promise)
    }

    /// Ctrl+C: stops the running command (its `run` resolves with what it printed). Jobs
    /// keep running.
    pub fn interrupt(&self) -> Result<(), JsError> {
        let live = self.live("interrupt")?;
        live.engine.borrow().interrupt();
        pump::wake();
        Ok(())
    }

    /// Answers the line the running command waits for (Read-Host, or a blocked job's prompt
    /// that Receive-Job runs).
    #[wasm_bindgen(js_name = provideInput)]
    pub fn provide_input(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] line: JsValue,
    ) -> Result<(), JsError> {
        let live = self.live("provideInput")?;
        let text = string_arg(&line, "provideInput(line): line")?;
        let engine = live.engine.borrow();
        if !engine.waiting_for_input() {
            return Err(error("provideInput: no command is waiting for input"));
        }
        engine.provide_input(&text);
        live.asked_for_input.set(false);
        pump::wake();
        Ok(())
    }

    /// Tab completion at `cursor` (a string index) in `line`.
    #[wasm_bindgen(unchecked_return_type = "Completion")]
    pub fn complete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] line: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] cursor: JsValue,
    ) -> Result<JsValue, JsError> {
        let live = self.live("complete")?;
        let text = string_arg(&line, "complete(line, cursor): line")?;
        let cursor = match cursor.as_f64() {
            Some(c) if c >= 0.0 && c.fract() == 0.0 => c as usize,
            _ => {
                return Err(error(
                    "complete(line, cursor): cursor must be a whole number, 0 or more",
                ));
            }
        };
        let c = live
            .engine
            .borrow()
            .complete(&text, byte_offset(&text, cursor));
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Completion {
            replace_start: usize,
            replace_end: usize,
            candidates: Vec<String>,
        }
        Ok(to_js(&Completion {
            replace_start: utf16_offset(&text, c.replace_start),
            replace_end: utf16_offset(&text, c.replace_end),
            candidates: c.candidates,
        }))
    }

    /// Changes the latency of simulated work (the `speed` option) from now on; jobs keep
    /// running. A sleep already begun keeps its end.
    #[wasm_bindgen(js_name = setSpeed)]
    pub fn set_speed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] speed: JsValue,
    ) -> Result<(), JsError> {
        let live = self.live("setSpeed")?;
        match speed.as_f64() {
            Some(v) if (0.0..=100.0).contains(&v) => {
                live.engine.borrow().set_speed(v);
                Ok(())
            }
            _ => Err(error(
                "setSpeed(speed): speed must be a number from 0 to 100",
            )),
        }
    }

    /// `PS C:\Users\User> `
    pub fn prompt(&self) -> Result<String, JsError> {
        Ok(self.live("prompt")?.engine.borrow().prompt())
    }

    /// True when `text` is unfinished (an open block or string, a trailing pipe): the
    /// console asks for another line with `>> `.
    #[wasm_bindgen(js_name = needsMoreInput)]
    pub fn needs_more_input(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<bool, JsError> {
        let live = self.live("needsMoreInput")?;
        let text = string_arg(&text, "needsMoreInput(text): text")?;
        let edition = live.engine.borrow().rt.profile.edition;
        Ok(crate::host::Session::needs_more_input(&text, edition))
    }

    /// Every job, its children under it, with its results buffer in numbers.
    #[wasm_bindgen(unchecked_return_type = "JobInfo[]")]
    pub fn jobs(&self) -> Result<JsValue, JsError> {
        let live = self.live("jobs")?;
        let jobs: Vec<JobInfo> = live
            .engine
            .borrow()
            .jobs()
            .into_iter()
            .map(JobInfo::of)
            .collect();
        Ok(to_js(&jobs))
    }

    /// Calls `callback(event)` for every event from now on; returns the function that stops it.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn subscribe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: SessionEvent) => void")] callback: JsValue,
    ) -> Result<Function, JsError> {
        let live = self.live("subscribe")?;
        let Ok(callback) = callback.dyn_into::<Function>() else {
            return Err(error("subscribe(callback): callback must be a function"));
        };
        let id = live.next_subscriber.get();
        live.next_subscriber.set(id + 1);
        live.subscribers.borrow_mut().push((id, callback));
        let weak = Rc::downgrade(&live);
        let unsubscribe = Closure::once_into_js(move || {
            if let Some(live) = weak.upgrade() {
                live.subscribers.borrow_mut().retain(|(i, _)| *i != id);
            }
        });
        Ok(unsubscribe.unchecked_into())
    }

    /// Stops every job and frees the session; a pending run rejects. Later calls throw.
    pub fn dispose(&self) {
        let Some(live) = self.live.borrow_mut().take() else {
            return;
        };
        pump::remove(&live);
        live.fail("run: the Session was disposed");
        live.subscribers.borrow_mut().clear();
    }

    /// True once `dispose()` was called.
    #[wasm_bindgen(getter)]
    pub fn disposed(&self) -> bool {
        self.live.borrow().is_none()
    }
}

/// `free()` (or `using`) ends the session as `dispose()` does, jobs and all.
impl Drop for Session {
    fn drop(&mut self) {
        self.dispose();
    }
}

/// For the browser tests of the panic hook only: panics inside the engine's module.
#[wasm_bindgen(js_name = "__panicForTests")]
#[allow(clippy::panic)] // The one deliberate panic: it proves the hook works.
pub fn panic_for_tests() {
    panic!("a deliberate panic (__panicForTests)");
}
