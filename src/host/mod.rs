//! `Session`: the one API the terminal console, `psjobs -Command` and the browser all drive.
//! Submit a command line, pump the scheduler, take the output lines.

use crate::commands::HostSink;
use crate::engine::clock::{Clock, VirtualClock};
use crate::engine::error::{ErrorRecord, Flow};
use crate::engine::globals::init_globals;
use crate::engine::interp::Interp;
use crate::engine::runtime::{Edition, HostLine, LineKind, Profile, Runspace, Runtime};
use crate::engine::scheduler::{Scheduler, Slice, TaskId};
use crate::engine::value::Value;
use crate::lang::{Source, parse_script_with};
use crate::world::computer::Computers;
use crate::world::fs::HOME;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

mod complete;
mod snapshot;

pub use complete::Completion;
pub use snapshot::{JobChange, JobSnapshot};

pub struct SessionOptions {
    pub edition: Edition,
    pub width: usize,
    pub clock: Rc<dyn Clock>,
    pub seed: u64,
    /// How slow simulated work is: 1 is the default pace (a job's process takes a few hundred
    /// milliseconds to start), 0 removes every simulated latency, 2 doubles it.
    pub speed: f64,
    /// Results a job may hold waiting for Receive-Job before it fails (see `ResultLimits`).
    pub job_result_limit: usize,
    /// Bytes the session may hold in variables, job results and its console buffer (see
    /// `engine::budget`).
    pub memory_limit: usize,
    /// Someone at a console answers when a cmdlet's mandatory parameter is missing (the
    /// interactive console, the browser's console on the real clock); elsewhere it is the
    /// MissingMandatoryParameter error.
    pub ask_for_missing_parameters: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            edition: Edition::Desktop51,
            width: 120,
            clock: Rc::new(VirtualClock::new()),
            seed: 0x5EED_0FB5,
            speed: 1.0,
            job_result_limit: crate::engine::job::ResultLimits::default().count,
            memory_limit: crate::engine::budget::DEFAULT_MEMORY_LIMIT,
            ask_for_missing_parameters: false,
        }
    }
}

/// How the last command line ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Running,
    /// Finished; `ok` is `$?` after its last statement.
    Done {
        ok: bool,
    },
    /// `exit N`.
    Exited(i32),
    ParseError,
}

pub struct Session {
    pub rt: Rc<Runtime>,
    pub rs: Rc<Runspace>,
    foreground: Option<(TaskId, Rc<Cell<bool>>)>,
    outcome: Rc<Cell<Outcome>>,
}

/// Closing a session ends its command and its jobs: their tasks hold the runtime, so they
/// must go for the session's memory to be freed.
impl Drop for Session {
    fn drop(&mut self) {
        self.rt.sched.clear();
    }
}

/// The session's process id, as `$PID` shows it.
const PID: i32 = 4812;

impl Session {
    pub fn new(opts: SessionOptions) -> Session {
        let budget = crate::engine::budget::MemoryBudget::new(opts.memory_limit);
        let computers = Computers::new(opts.seed, opts.clock.clone(), budget.clone());
        let rt = Rc::new(Runtime {
            render: crate::engine::runtime::Render {
                for_stream: crate::format::render_for_stream,
                out_string: crate::format::out_string,
            },
            sched: Rc::new(Scheduler::new(opts.clock)),
            host: RefCell::new(Vec::new()),
            width: Cell::new(opts.width.clamp(20, 1000)),
            profile: Profile::for_edition(opts.edition),
            normal_error_view: Cell::new(opts.edition == Edition::Desktop51),
            rng: Cell::new(opts.seed | 1),
            local: computers.local().clone(),
            extensions: Default::default(),
            registry: crate::commands::registry(),
            pid: PID,
            jobs: Default::default(),
            thread_job_limit: Cell::new(5),
            input: Default::default(),
            speed: Cell::new(opts.speed.clamp(0.0, 100.0)),
            seed: opts.seed,
            ask_for_missing_parameters: opts.ask_for_missing_parameters,
            budget,
            live: Default::default(),
        });
        *rt.jobs.budget.borrow_mut() = Some(rt.budget.clone());
        rt.live.add_machine(computers.local().clone());
        rt.extensions.insert(Rc::new(computers));
        let weak = Rc::downgrade(&rt);
        rt.budget.set_counter(Box::new(move || {
            let mut count = crate::engine::budget::HeldCount::default();
            if let Some(rt) = weak.upgrade() {
                rt.live.count(&rt, &mut count);
            }
            count.bytes
        }));
        rt.jobs.limits.set(crate::engine::job::ResultLimits {
            count: opts.job_result_limit.max(1),
            ..Default::default()
        });
        let rs = Runspace::new(HOME, rt.profile);
        rt.live.add_runspace(&rs);
        init_globals(&rs, rt.pid);
        Session {
            rt,
            rs,
            foreground: None,
            outcome: Rc::new(Cell::new(Outcome::Done { ok: true })),
        }
    }

    /// `PS C:\Users\User> `, or `[Server01]: PS C:\Users\User\Documents> ` in an
    /// entered session.
    pub fn prompt(&self) -> String {
        match crate::jobs::sessions::table(&self.rt).entered() {
            Some(s) => format!(
                "[{}]: PS {}> ",
                s.computer_name,
                s.runspace.location.borrow()
            ),
            None => format!("PS {}> ", self.rs.location.borrow()),
        }
    }

    pub fn is_busy(&self) -> bool {
        self.foreground
            .as_ref()
            .is_some_and(|(id, _)| self.rt.sched.is_alive(*id))
    }

    pub fn outcome(&self) -> Outcome {
        self.outcome.get()
    }

    /// True when a console line is unfinished (an open block, string or trailing pipe), so
    /// the console should read another line before submitting.
    pub fn needs_more_input(text: &str, edition: Edition) -> bool {
        // A line that ends in an unescaped backtick continues on the next (an odd count:
        // two backticks are one literal backtick).
        let backticks = text.chars().rev().take_while(|&c| c == '`').count();
        let syntax = Profile::for_edition(edition).syntax();
        backticks % 2 == 1
            || matches!(parse_script_with(&Source::new("", text), syntax), Err(e) if e.incomplete)
    }

    /// Starts a command line (or script) as the foreground task; a parse error is shown at
    /// once instead. `path` names a script file (empty for console input).
    pub fn submit(&mut self, text: &str, path: &str, args: Vec<Value>) {
        self.rt.budget.command_begins();
        let source = Source::new(path, text);
        let sb = match parse_script_with(&source, self.rt.profile.syntax()) {
            Ok(sb) => sb,
            Err(e) => {
                let rec = ErrorRecord::parse(&e, &source);
                self.show_error(&rec);
                self.outcome.set(Outcome::ParseError);
                return;
            }
        };
        if !text.trim().is_empty() {
            self.rs.history.borrow_mut().push(text.to_string());
        }
        let stop = Rc::new(Cell::new(false));
        // In an entered session the line runs there: its runspace, computer and jobs.
        let entered = crate::jobs::sessions::table(&self.rt).entered();
        let rs = entered
            .as_ref()
            .map_or_else(|| self.rs.clone(), |s| s.runspace.clone());
        let mut cx = Interp::new(self.rt.clone(), rs, stop.clone());
        if let Some(s) = &entered {
            cx.computer = s.computer.clone();
            cx.jobs = s.jobs.clone();
            cx.entered_from = Some(s.computer_name.clone());
            s.busy.set(true);
        }
        let outcome = self.outcome.clone();
        outcome.set(Outcome::Running);
        let task = async move {
            cx.source_stack.push(source.clone());
            let mut sink = HostSink::new();
            let mut result = Ok(());
            if sb.params.is_empty() {
                cx.set_var("args", Value::array(args));
                for block in [&sb.begin, &sb.process, &sb.end].into_iter().flatten() {
                    result = cx.exec_block(block, &mut sink).await;
                    if result.is_err() {
                        break;
                    }
                }
            } else {
                // A script with param(): its arguments bind to it as a command's do.
                result = cx.run_script_file(sb.clone(), args, &mut sink).await;
            }
            sink.finish(&cx);
            let end = match result {
                Ok(()) | Err(Flow::Return) | Err(Flow::Break(_)) | Err(Flow::Continue(_)) => {
                    Outcome::Done { ok: cx.last_ok }
                }
                // `exit` in an entered session leaves it, as Exit-PSSession does.
                Err(Flow::Exit(_)) if entered.is_some() => {
                    crate::jobs::sessions::table(&cx.rt).leave();
                    Outcome::Done { ok: true }
                }
                Err(Flow::Exit(code)) => Outcome::Exited(code),
                Err(Flow::Error(rec, _)) => {
                    cx.report_terminating(rec);
                    Outcome::Done { ok: false }
                }
                Err(Flow::Stopped) | Err(Flow::StopUpstream) => Outcome::Done { ok: false },
            };
            cx.rs
                .last_ok
                .set(!matches!(end, Outcome::Done { ok: false }));
            if let Some(s) = &entered {
                s.busy.set(false);
            }
            outcome.set(end);
        };
        let id = self.rt.sched.spawn(task);
        self.rt.sched.favour(Some(id));
        self.foreground = Some((id, stop));
    }

    fn show_error(&self, rec: &ErrorRecord) {
        let text = crate::format::render_for_stream(
            &self.rt,
            &Value::Error(Rc::new(rec.clone())),
            LineKind::Error,
        );
        for line in text.split('\n') {
            self.rt.host_line(LineKind::Error, line);
        }
        self.rs
            .errors
            .borrow_mut()
            .insert(0, Value::Error(Rc::new(rec.clone())));
    }

    /// Runs tasks for about `max_ops` operations. On the virtual clock, time jumps to the
    /// next timer only while a command is running and everything waits: between commands
    /// (the user "typing") jobs do not move, which keeps transcripts repeatable. A paced
    /// clock follows real time, one timer at a time (see `PacedClock`).
    pub fn run_slice(&self, max_ops: u64) -> Slice {
        let sched = &self.rt.sched;
        let clock = &sched.clock;
        // The budget is for the whole call: a loop that sleeps (`while ($true) { Start-Sleep
        // 1 }`) makes the clock jump again and again, and must still give the thread back.
        // A jump counts as an operation, so waits that wake and wait again without working
        // end the call too.
        let start_ops = sched.ops.get();
        let mut jumps = 0;
        loop {
            let spent = (sched.ops.get().saturating_sub(start_ops)).saturating_add(jumps);
            if spent >= max_ops {
                return Slice::Busy;
            }
            let real = clock.real_ms();
            if let Some(real) = real {
                clock.advance_to(sched.next_deadline().map_or(real, |d| d.min(real)));
            }
            match sched.run_slice(max_ops - spent) {
                Slice::Idle(Some(d)) if clock.is_virtual() && self.is_busy() => {
                    clock.advance_to(d);
                    jumps += 1;
                }
                // A paced clock that fell behind: on to the next timer.
                Slice::Idle(Some(d)) if real.is_some_and(|r| d <= r) => {}
                other => return other,
            }
        }
    }

    /// Runs the jobs while no command is running (the terminal console does this while it
    /// waits for a line): what is due now, for at most `max_ms` of the clock, so a job in
    /// an endless loop cannot hold the console. On the virtual clock time does not move.
    pub fn run_background(&self, max_ms: f64) {
        let clock = &self.rt.sched.clock;
        if clock.is_virtual() {
            return;
        }
        let until = clock.now_ms() + max_ms;
        loop {
            if !matches!(self.rt.sched.run_slice(10_000), Slice::Busy) || clock.now_ms() >= until {
                return;
            }
        }
    }

    /// Runs until the foreground command is done (on the virtual clock, time jumps as
    /// needed). False if it can never finish (it waits on something that cannot happen).
    pub fn run_until_idle(&self) -> bool {
        loop {
            // Bounded slices: a job that never waits must not keep this from seeing the end.
            match self.run_slice(100_000) {
                Slice::Busy if self.is_busy() => continue,
                Slice::Busy => return true,
                Slice::Idle(None) => return !self.is_busy(),
                Slice::Idle(Some(_)) => {
                    if !self.is_busy() {
                        return true;
                    }
                    if !self.rt.sched.clock.is_virtual() {
                        return false;
                    }
                }
            }
        }
    }

    /// True while the running command waits for a line from the user (Read-Host, or a
    /// blocked job's prompt that Receive-Job runs); answer with [`Session::provide_input`].
    pub fn waiting_for_input(&self) -> bool {
        self.is_busy() && self.rt.input.borrow().waiting
    }

    /// The user's answer to the prompt: echoed after it, as a console shows what was typed.
    pub fn provide_input(&self, line: &str) {
        {
            let mut input = self.rt.input.borrow_mut();
            input.waiting = false;
            input.answer = Some(line.to_string());
        }
        self.rt
            .host
            .borrow_mut()
            .push(crate::engine::runtime::HostLine {
                kind: LineKind::Host,
                text: line.to_string(),
                fg: None,
                bg: None,
                newline: true,
            });
        self.rt.sched.notify();
    }

    /// Changes the latency of simulated work from now on (a sleep already begun keeps its
    /// end): 1 normal, 0 none, up to 100.
    pub fn set_speed(&self, speed: f64) {
        if speed.is_finite() {
            self.rt.speed.set(speed.clamp(0.0, 100.0));
        }
    }

    /// Ctrl+C: stops the running command.
    pub fn interrupt(&self) {
        if let Some((id, stop)) = &self.foreground {
            stop.set(true);
            self.rt.sched.wake(*id);
        }
    }

    pub fn take_output(&self) -> Vec<HostLine> {
        std::mem::take(&mut *self.rt.host.borrow_mut())
    }

    /// Tab completion at `cursor` (a byte offset) in `line`.
    pub fn complete(&self, line: &str, cursor: usize) -> Completion {
        complete::complete(&self.rt, &self.rs, line, cursor)
    }

    /// Every listed job, its children under it, with its results buffer in numbers.
    pub fn jobs(&self) -> Vec<JobSnapshot> {
        self.rt
            .jobs
            .top_level()
            .iter()
            .map(JobSnapshot::of)
            .collect()
    }

    /// Keeps a journal of what happens to the jobs (for a host that shows them live);
    /// read it with [`Session::take_job_events`].
    pub fn watch_jobs(&self) {
        let rt = Rc::downgrade(&self.rt);
        self.rt.jobs.journal.turn_on(Box::new(move || {
            rt.upgrade()
                .and_then(|rt| rt.host.try_borrow().ok().map(|h| h.len()))
                .unwrap_or(0)
        }));
    }

    /// The job events since the last call, each with how many of the lines that
    /// [`Session::take_output`] returns next were printed before it.
    pub fn take_job_events(&self) -> Vec<(usize, JobChange)> {
        let jobs = &self.rt.jobs;
        let events = jobs.journal.take();
        let changes = events
            .iter()
            .filter_map(|(mark, e)| JobChange::read(jobs, *e).map(|c| (*mark, c)))
            .collect();
        for (_, e) in events {
            if let crate::engine::journal::JobEvent::Removed(id) = e {
                jobs.forget(id);
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::{Session, SessionOptions};
    use crate::engine::runtime::{Edition, LineKind};

    /// 7 styles a table's header and underline ($PSStyle.Formatting.TableHeader); 5.1 does
    /// not. The text is the same either way.
    #[test]
    fn only_7_marks_table_headers() {
        for (edition, marked) in [(Edition::Core7, true), (Edition::Desktop51, false)] {
            let mut s = Session::new(SessionOptions {
                edition,
                ..SessionOptions::default()
            });
            s.submit("[pscustomobject]@{ A = 1; B = 2 }", "", Vec::new());
            assert!(s.run_until_idle());
            let lines = s.take_output();
            let headers: Vec<&str> = lines
                .iter()
                .filter(|l| l.kind == LineKind::TableHeader)
                .map(|l| l.text.as_str())
                .collect();
            if marked {
                assert_eq!(headers, ["A B", "- -"]);
            } else {
                assert!(headers.is_empty(), "{headers:?}");
                assert!(lines.iter().any(|l| l.text.starts_with("A B")));
            }
        }
    }

    /// The console reads another line where PowerShell's does: after an unfinished block,
    /// string, pipe, operator or list, and after a line-continuation backtick.
    #[test]
    fn the_console_continues_what_powershell_continues() {
        for unfinished in [
            "1,",
            "Get-Job `",
            "Get-Job |",
            "if ($true) {",
            "'abc",
            "1 +",
        ] {
            assert!(
                Session::needs_more_input(unfinished, Edition::Desktop51),
                "{unfinished:?} should continue"
            );
        }
        for complete in ["1", "Get-Job -Name", "'a``'", "Get-Job ``"] {
            assert!(
                !Session::needs_more_input(complete, Edition::Desktop51),
                "{complete:?} is complete"
            );
        }
        // 7's chain and ternary operators wait for their right side; 5.1 refuses them.
        for unfinished in ["Get-Job &&", "Get-Job ||", "$true ? 1 :", "$null ??"] {
            assert!(Session::needs_more_input(unfinished, Edition::Core7));
            assert!(!Session::needs_more_input(unfinished, Edition::Desktop51));
        }
    }
}
