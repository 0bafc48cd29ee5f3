//! A session as the pump drives it: the engine's `host::Session`, the run in progress (its
//! promise and what it printed so far), and the subscribers that hear every event.

use super::values::{Event, JobInfo, Record, RunResult, to_js};
use crate::engine::scheduler::Slice;
use crate::host::{JobChange, Outcome, Session};
use js_sys::Function;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

/// A `run()` that has not resolved yet.
pub struct PendingRun {
    pub resolve: Function,
    pub reject: Function,
    pub text: String,
    pub records: Vec<Record>,
}

pub struct Live {
    pub engine: RefCell<Session>,
    pub run: RefCell<Option<PendingRun>>,
    pub subscribers: RefCell<Vec<(u32, Function)>>,
    pub next_subscriber: Cell<u32>,
    /// Whether subscribers were told that the command waits for a line.
    pub asked_for_input: Cell<bool>,
    pub virtual_clock: bool,
    /// The session's memory budget: a run's text and records count against it.
    budget: std::rc::Rc<crate::engine::budget::MemoryBudget>,
}

/// What one step left the session as.
pub enum Step {
    /// More to do now.
    Busy,
    /// Nothing to do for this many milliseconds of real time, or (None) until something
    /// outside happens: a run, an answer, an interrupt.
    Idle(Option<f64>),
}

/// What a record of a run costs besides its text.
const RECORD_BYTES: usize = 96;

/// Operations one step runs before the pump looks at the time again.
const OPS_PER_STEP: u64 = 5_000;

impl Live {
    pub fn new(engine: Session, virtual_clock: bool) -> Live {
        engine.watch_jobs();
        let budget = engine.rt.budget.clone();
        Live {
            budget,
            engine: RefCell::new(engine),
            run: RefCell::new(None),
            subscribers: RefCell::new(Vec::new()),
            next_subscriber: Cell::new(1),
            asked_for_input: Cell::new(false),
            virtual_clock,
        }
    }

    /// Runs a little of the session's work, then tells the subscribers what happened (no
    /// engine borrow is held while they run: they may call back into the session).
    pub fn step(&self) -> Step {
        let (step, events, finished) = {
            let Ok(engine) = self.engine.try_borrow() else {
                return Step::Idle(None);
            };
            let slice = engine.run_slice(OPS_PER_STEP);
            let mut events = Vec::new();
            // Output and job events, back in the order they happened.
            let mut lines = engine.take_output().into_iter().map(Record::of);
            let mut printed = 0;
            for (mark, e) in engine.take_job_events() {
                let before: Vec<Record> =
                    lines.by_ref().take(mark.saturating_sub(printed)).collect();
                printed += before.len();
                self.output(before, &mut events);
                events.push(job_event(e));
            }
            self.output(lines.collect(), &mut events);
            let busy = engine.is_busy();
            if busy && engine.waiting_for_input() && !self.asked_for_input.replace(true) {
                events.push(Event::InputRequested {});
            }
            let finished = (!busy && self.run.borrow().is_some()).then(|| {
                let ok = match engine.outcome() {
                    Outcome::Done { ok } => ok,
                    Outcome::Exited(code) => code == 0,
                    Outcome::ParseError => false,
                    Outcome::Running => true,
                };
                (ok, engine.prompt())
            });
            if let Some((ok, prompt)) = &finished {
                events.push(Event::CommandDone { ok: *ok });
                events.push(Event::Prompt {
                    prompt: prompt.clone(),
                });
            }
            let step = match slice {
                Slice::Busy => Step::Busy,
                // On the virtual clock time moves only while a command runs.
                Slice::Idle(_) if self.virtual_clock && !busy => Step::Idle(None),
                Slice::Idle(None) => {
                    if busy && self.virtual_clock && !engine.waiting_for_input() {
                        // As `psjobs -Command` does: a command that waits for what can never
                        // come on this clock is stopped.
                        web_sys::console::warn_1(&JsValue::from_str(
                            "psjobs: the command waits for something that can never happen; stopping it",
                        ));
                        engine.interrupt();
                        Step::Busy
                    } else {
                        Step::Idle(None)
                    }
                }
                Slice::Idle(Some(deadline)) => {
                    let clock = &engine.rt.sched.clock;
                    let now = clock.real_ms().unwrap_or_else(|| clock.now_ms());
                    Step::Idle(Some((deadline - now).max(0.0)))
                }
            };
            (step, events, finished.map(|(ok, _)| ok))
        };
        if let Some(ok) = finished {
            self.settle(ok);
        }
        for e in &events {
            self.tell(e);
        }
        step
    }

    /// Output records: into the pending run's text and records, and an event.
    fn output(&self, records: Vec<Record>, events: &mut Vec<Event>) {
        if records.is_empty() {
            return;
        }
        if let Some(run) = self.run.borrow_mut().as_mut() {
            for r in &records {
                if r.printed {
                    run.text.push_str(&r.text);
                    if r.newline {
                        run.text.push('\n');
                    }
                }
            }
            run.records.extend(records.iter().cloned());
            // The text twice (once in `text`, once in the records) and each record's own.
            self.budget
                .set_external(run.text.len() * 2 + run.records.len() * RECORD_BYTES);
        }
        events.push(Event::Output { records });
    }

    /// Resolves the pending run with what it printed.
    fn settle(&self, ok: bool) {
        let Some(run) = self.run.borrow_mut().take() else {
            return;
        };
        self.budget.set_external(0);
        let result = to_js(&RunResult {
            text: run.text,
            records: run.records,
            ok,
        });
        let _ = run.resolve.call1(&JsValue::UNDEFINED, &result);
    }

    /// Rejects the pending run (the session was disposed, or the engine broke).
    pub fn fail(&self, message: &str) {
        let run = match self.run.try_borrow_mut() {
            Ok(mut r) => r.take(),
            Err(_) => None,
        };
        self.budget.set_external(0);
        if let Some(run) = run {
            let error = js_sys::Error::new(message);
            let _ = run.reject.call1(&JsValue::UNDEFINED, &error);
        }
    }

    pub fn tell(&self, event: &Event) {
        let value = to_js(event);
        // A copy of the list: a subscriber may unsubscribe (or subscribe) while it runs.
        let subscribers: Vec<Function> = match self.subscribers.try_borrow() {
            Ok(s) => s.iter().map(|(_, f)| f.clone()).collect(),
            Err(_) => return,
        };
        for f in subscribers {
            if let Err(e) = f.call1(&JsValue::UNDEFINED, &value) {
                // A subscriber's exception is its own: report it and go on with the others.
                web_sys::console::error_2(&JsValue::from_str("psjobs: a subscriber threw"), &e);
            }
        }
    }
}

/// A job change as subscribers see it.
fn job_event(change: JobChange) -> Event {
    match change {
        JobChange::Created { parent_id, job } => Event::JobCreated {
            id: job.id,
            parent_id,
            job: JobInfo::of(job),
        },
        JobChange::State {
            id,
            state,
            previous,
            has_more_data,
        } => Event::JobState {
            id,
            state: state.name(),
            previous: previous.name(),
            has_more_data,
        },
        JobChange::Data {
            id,
            counts,
            has_more_data,
        } => Event::JobData {
            id,
            produced: counts.produced,
            received: counts.received,
            buffered: counts.buffered,
            has_more_data,
        },
        JobChange::Removed { id } => Event::JobRemoved { id },
    }
}
