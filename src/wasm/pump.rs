//! One pump drives every live session on the page (design.md section 4): it runs slices of
//! about 5 ms of engine work, round-robin over the sessions, then yields a macrotask so the
//! page can paint and take input: a `MessageChannel` message, as React's scheduler does
//! (never `setTimeout(0)`, clamped to 4 ms, nor microtasks, which never let the page paint).
//! When nothing can run it sleeps on one timeout until the next timer is due; while every
//! session is idle no timer is set at all.
//!
//! Not `scheduler.yield()`: its continuation runs ahead of the page's other tasks, which is
//! right for one long task that yields now and then, and wrong for a pump that may be busy
//! for minutes (100 jobs in `while ($true) {}`): measured in Chromium 156, the page's own
//! setTimeout callbacks never ran again while the pump yielded that way, and the tab hung.
//! A message is an ordinary task: timers, input and the page's scripts take their turns.
//!
//! A hidden tab: the pump drops to one slice a second (browsers throttle its timers to that
//! anyway, and a background tab should not burn a core). Simulated time stays true to the
//! real clock: each session's `PacedClock` walks from timer to timer when the tab comes back,
//! so a sleeping job has produced what it would have by then; only busy work lost its CPU.

use super::live::{Live, Step};
use super::values::Event;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Engine work in one turn before the page gets the thread back (React's scheduler: 5 ms).
const SLICE_MS: f64 = 5.0;
/// A hidden tab's pace: one slice a second.
const HIDDEN_PERIOD_MS: u32 = 1_000;

struct Pump {
    sessions: RefCell<Vec<Rc<Live>>>,
    /// Where the next turn starts, so no session always goes first.
    next: Cell<usize>,
    /// A macrotask turn is on its way.
    queued: Cell<bool>,
    sleep: RefCell<Option<Timeout>>,
    hidden: Cell<bool>,
    yielder: Yielder,
    clock: web_sys::Performance,
}

/// How the pump gives the thread back for one macrotask: a message to itself.
struct Yielder {
    channel: web_sys::MessageChannel,
    /// The port's handler; kept so it lives as long as the pump.
    _on_turn: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static PUMP: Option<Pump> = Pump::new();
}

fn global_property(name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

impl Pump {
    fn new() -> Option<Pump> {
        let clock: web_sys::Performance = global_property("performance")?.unchecked_into();
        let on_turn = Closure::<dyn FnMut(JsValue)>::new(|_| with_pump(Pump::turn));
        let channel = web_sys::MessageChannel::new().ok()?;
        channel
            .port1()
            .set_onmessage(Some(on_turn.as_ref().unchecked_ref()));
        watch_visibility();
        Some(Pump {
            sessions: RefCell::new(Vec::new()),
            next: Cell::new(0),
            queued: Cell::new(false),
            sleep: RefCell::new(None),
            hidden: Cell::new(is_hidden()),
            yielder: Yielder {
                channel,
                _on_turn: on_turn,
            },
            clock,
        })
    }

    /// Something may be runnable now: make sure a turn comes soon.
    fn wake(&self) {
        if self.queued.get() {
            return;
        }
        if self.hidden.get() && self.sleep.borrow().is_some() {
            return;
        }
        self.sleep.borrow_mut().take();
        self.queued.set(true);
        let _ = self.yielder.channel.port2().post_message(&JsValue::NULL);
    }

    fn sleep_for(&self, ms: f64) {
        let ms = ms.clamp(0.0, f64::from(i32::MAX)).ceil() as u32;
        *self.sleep.borrow_mut() = Some(Timeout::new(ms, || with_pump(Pump::turn)));
    }

    /// One turn: steps the runnable sessions in turn until the slice is spent or none is
    /// runnable, then decides when the next turn comes.
    fn turn(&self) {
        self.queued.set(false);
        self.sleep.borrow_mut().take();
        if super::broken::check().is_err() {
            return;
        }
        let start = self.clock.now();
        let mut runnable: Vec<Rc<Live>> = self.sessions.borrow().clone();
        if !runnable.is_empty() {
            let k = self.next.get() % runnable.len();
            runnable.rotate_left(k);
            self.next.set(k + 1);
        }
        let mut earliest: Option<f64> = None;
        while !runnable.is_empty() {
            let mut still = Vec::with_capacity(runnable.len());
            let mut out_of_time = false;
            for live in runnable {
                if out_of_time {
                    still.push(live);
                    continue;
                }
                match live.step() {
                    Step::Busy => still.push(live),
                    Step::Idle(Some(ms)) => earliest = Some(earliest.map_or(ms, |e| e.min(ms))),
                    Step::Idle(None) => {}
                }
                out_of_time = self.clock.now() - start >= SLICE_MS;
            }
            runnable = still;
            if out_of_time {
                break;
            }
        }
        if self.queued.get() {
            return;
        }
        if !runnable.is_empty() {
            if self.hidden.get() {
                self.sleep_for(f64::from(HIDDEN_PERIOD_MS));
            } else {
                self.wake();
            }
        } else if let Some(ms) = earliest {
            let elapsed = self.clock.now() - start;
            self.sleep_for((ms - elapsed).max(0.0));
        }
    }
}

fn with_pump(f: impl FnOnce(&Pump)) {
    PUMP.with(|p| {
        if let Some(p) = p {
            f(p)
        }
    });
}

fn is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

fn watch_visibility() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_change = Closure::<dyn FnMut()>::new(|| {
        with_pump(|p| {
            p.hidden.set(is_hidden());
            // Back in view: catch up now, not at the next throttled tick.
            p.sleep.borrow_mut().take();
            p.wake();
        })
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    on_change.forget();
}

/// The real time the pump measures slices with (`performance.now()`).
pub fn now_ms() -> f64 {
    let mut now = 0.0;
    with_pump(|p| now = p.clock.now());
    now
}

pub fn is_available() -> bool {
    PUMP.with(Option::is_some)
}

pub fn add(live: Rc<Live>) {
    with_pump(|p| {
        p.sessions.borrow_mut().push(live);
        p.wake();
    });
}

pub fn remove(live: &Rc<Live>) {
    with_pump(|p| p.sessions.borrow_mut().retain(|l| !Rc::ptr_eq(l, live)));
}

pub fn wake() {
    with_pump(Pump::wake);
}

/// The engine broke (the panic hook): every session's run fails and its subscribers hear it.
pub fn report_broken(message: &str) {
    with_pump(|p| {
        let sessions = match p.sessions.try_borrow() {
            Ok(s) => s.clone(),
            Err(_) => return,
        };
        for live in sessions {
            live.fail(message);
            live.tell(&Event::Broken {
                message: message.to_string(),
            });
        }
    });
}
