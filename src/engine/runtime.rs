//! What every task of a session shares: the scheduler and clock, the host's output, the
//! simulated computer, the command registry, settings. And the runspace: a PowerShell
//! session's global state (the foreground has one; every job will get its own).

use super::command::Registry;
use super::machine::Machine;
use super::scope::{Scope, ScopeRef};
use super::value::Value;
use crate::engine::scheduler::Scheduler;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    /// Windows PowerShell 5.1 (the default).
    Desktop51,
    /// PowerShell 7.
    Core7,
}

/// Every difference between the editions is read from here, never tested ad hoc.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    pub edition: Edition,
    pub ellipsis: &'static str,
    pub version: &'static str,
    /// Commands (and their aliases) this edition does not have: 7 dropped the workflow-job
    /// cmdlets.
    pub missing_commands: &'static [&'static str],
    /// The .NET under the edition, which decides how format strings read.
    pub dotnet: crate::engine::numfmt::DotNet,
}

impl Profile {
    /// The language this edition parses (7 has the background `&`, `&&`, `? :`, `??`).
    pub fn syntax(&self) -> crate::lang::Syntax {
        crate::lang::Syntax {
            background_operator: self.edition == Edition::Core7,
            seven_operators: self.edition == Edition::Core7,
        }
    }
    /// How .NET appends a parameter name to an ArgumentException's message: Framework puts
    /// it on a line of its own, .NET Core in parentheses.
    pub fn argument_suffix(&self, param: &str) -> String {
        match self.edition {
            Edition::Desktop51 => format!("\nParameter name: {param}"),
            Edition::Core7 => format!(" (Parameter '{param}')"),
        }
    }

    pub fn for_edition(edition: Edition) -> Profile {
        match edition {
            Edition::Desktop51 => Profile {
                edition,
                ellipsis: "...",
                version: "5.1.19041.4291",
                missing_commands: &["Get-Error"],
                dotnet: crate::engine::numfmt::DotNet::Framework,
            },
            Edition::Core7 => Profile {
                edition,
                ellipsis: "\u{2026}",
                // The long-term-support release (7.6, on .NET 10 LTS), latest patch as of 2026-11.
                version: "7.6.10",
                missing_commands: &["Suspend-Job", "Resume-Job", "sujb", "rujb", "Get-EventLog"],
                dotnet: crate::engine::numfmt::DotNet::Core,
            },
        }
    }
}

/// The kind of a line the host shows; the console colours each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Output,
    /// A table's header and its underline in PowerShell 7, which styles them with
    /// `$PSStyle.Formatting.TableHeader` (green): output, in colour where colour is shown.
    TableHeader,
    Error,
    Warning,
    Verbose,
    Debug,
    Information,
    /// Write-Host text, with optional colours (console colour names).
    Host,
    /// Write-Progress at the console: the text of the transient progress block (activity,
    /// status and bar), or empty when the activity completed. Never part of the printed
    /// text: a console's bar leaves no trace once it is gone.
    Progress,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HostLine {
    pub kind: LineKind,
    pub text: String,
    pub fg: Option<&'static str>,
    pub bg: Option<&'static str>,
    /// False for `Write-Host -NoNewline`: the next text continues this line.
    pub newline: bool,
}

impl HostLine {
    /// False for what a console shows without printing it: a progress block, the screen
    /// clearing of Clear-Host.
    pub fn is_printed(&self) -> bool {
        self.kind != LineKind::Progress && self.fg != Some("Clear")
    }
}

/// How values become console text: the views of the format room, handed to the engine by
/// whoever opens the session, so that the engine shows values without knowing the views.
#[derive(Clone, Copy)]
pub struct Render {
    /// One value as a console stream shows it (output, or an error, a warning...).
    pub for_stream: fn(&Runtime, &Value, LineKind) -> String,
    /// Values as Out-String makes them text (what `> file` writes).
    pub out_string: fn(&Runtime, &[Value]) -> String,
}

pub struct Runtime {
    pub sched: Rc<Scheduler>,
    pub render: Render,
    pub host: RefCell<Vec<HostLine>>,
    pub width: Cell<usize>,
    pub profile: Profile,
    /// `$ErrorView` is NormalView (5.1's only view; 7 starts in ConciseView). The variable
    /// is what scripts set; this follows it (`Interp::set_var_scoped`).
    pub normal_error_view: Cell<bool>,
    pub rng: Cell<u64>,
    /// This desktop: where a task runs unless it was sent elsewhere.
    pub local: Rc<dyn Machine>,
    /// What the rooms above keep for the session (the computers, the PSSession table).
    pub extensions: Extensions,
    pub registry: Registry,
    pub pid: i32,
    /// The session's jobs and their Id counter.
    pub jobs: Rc<crate::engine::job::JobStore>,
    /// How many thread jobs run at once (Start-ThreadJob -ThrottleLimit; 5 by default).
    pub thread_job_limit: Cell<usize>,
    /// A line the console is waiting for (Read-Host), and the user's answer once given.
    pub input: RefCell<HostInput>,
    /// The latency factor of every simulated cost (see `SessionOptions::speed`); the console
    /// may change it while jobs run.
    pub speed: Cell<f64>,
    /// The seed the session was opened with.
    pub seed: u64,
    /// A console user answers prompts for missing mandatory parameters (`SessionOptions`).
    pub ask_for_missing_parameters: bool,
    /// What the session may hold (see `engine::budget`).
    pub budget: Rc<super::budget::MemoryBudget>,
    /// The runspaces and scopes alive now: where the budget's count finds variables.
    pub live: LiveRoots,
}

/// What the rooms above the engine keep for a session: one value of each type, made when
/// first asked for (the http crates' extensions). The engine holds them without knowing them.
#[derive(Default)]
pub struct Extensions(RefCell<Vec<Rc<dyn Any>>>);

impl Extensions {
    /// The value of type `T`, made by `make` if there is none yet.
    pub fn get_or_insert_with<T: 'static>(&self, make: impl FnOnce() -> T) -> Rc<T> {
        let found = self
            .0
            .borrow()
            .iter()
            .find_map(|e| e.clone().downcast::<T>().ok());
        if let Some(found) = found {
            return found;
        }
        let made = Rc::new(make());
        self.0.borrow_mut().push(made.clone());
        made
    }

    /// Puts in a value made elsewhere (the session's computers, made with it).
    pub fn insert<T: 'static>(&self, value: Rc<T>) {
        self.0.borrow_mut().push(value);
    }
}

/// What a console line costs besides its text.
const HOST_LINE_BYTES: usize = 64;

/// The runspaces and function scopes of a session, held weakly: the memory budget counts
/// what their variables hold.
#[derive(Default)]
pub struct LiveRoots {
    runspaces: WeakList<Runspace>,
    scopes: WeakList<RefCell<Scope>>,
    /// The job lists of other runspaces (PSSessions', temporary remote ones').
    job_stores: WeakList<crate::engine::job::JobStore>,
    /// The computers the session reached: what it wrote on their drives.
    machines: RefCell<Vec<Rc<dyn Machine>>>,
}

/// A list of weak references, pruned of the dead ones whenever it doubles.
struct WeakList<T> {
    items: RefCell<Vec<Weak<T>>>,
    alive_at_pruning: Cell<usize>,
}

impl<T> Default for WeakList<T> {
    fn default() -> Self {
        WeakList {
            items: RefCell::new(Vec::new()),
            alive_at_pruning: Cell::new(0),
        }
    }
}

impl<T> WeakList<T> {
    fn add(&self, item: &Rc<T>) {
        let mut list = self.items.borrow_mut();
        if list.len() >= 2 * self.alive_at_pruning.get() + 64 {
            list.retain(|w| w.strong_count() > 0);
            self.alive_at_pruning.set(list.len());
        }
        list.push(Rc::downgrade(item));
    }

    fn alive(&self) -> Vec<Rc<T>> {
        self.items
            .try_borrow()
            .map(|l| l.iter().filter_map(Weak::upgrade).collect())
            .unwrap_or_default()
    }
}

impl LiveRoots {
    pub fn add_runspace(&self, rs: &Rc<Runspace>) {
        self.runspaces.add(rs);
    }

    pub fn add_scope(&self, scope: &ScopeRef) {
        self.scopes.add(scope);
    }

    pub fn add_job_store(&self, jobs: &Rc<crate::engine::job::JobStore>) {
        self.job_stores.add(jobs);
    }

    /// A computer the session reached, once.
    pub fn add_machine(&self, machine: Rc<dyn Machine>) {
        self.machines.borrow_mut().push(machine);
    }

    /// Adds what every live variable, `$Error` list and job of the session holds.
    pub fn count(&self, rt: &Runtime, count: &mut super::budget::HeldCount) {
        let runspaces = self.runspaces.alive();
        let scopes = self.scopes.alive();
        for rs in &runspaces {
            if let Ok(errors) = rs.errors.try_borrow() {
                errors.iter().for_each(|e| count.add_value(e));
            }
        }
        for scope in runspaces.iter().map(|rs| &rs.global).chain(scopes.iter()) {
            if !count.first_time(scope) {
                continue;
            }
            if let Ok(scope) = scope.try_borrow() {
                for (name, var) in &scope.vars {
                    count.add_bytes(name.len() + 64);
                    count.add_value(&var.value);
                }
            }
        }
        if let Ok(machines) = self.machines.try_borrow() {
            machines
                .iter()
                .for_each(|m| count.add_bytes(m.written_bytes()));
        }
        let other_jobs = self.job_stores.alive().into_iter().flat_map(|s| s.all());
        for job in rt.jobs.all().into_iter().chain(other_jobs) {
            count.add_value(&super::value::Value::Job(job));
        }
        if let Ok(host) = rt.host.try_borrow() {
            host.iter()
                .for_each(|l| count.add_bytes(l.text.len() + HOST_LINE_BYTES));
        }
    }
}

/// The console's line input: Read-Host asks, the front end answers.
#[derive(Default)]
pub struct HostInput {
    pub waiting: bool,
    pub answer: Option<String>,
}

impl Runtime {
    pub fn host_line(&self, kind: LineKind, text: impl Into<String>) {
        let text = text.into();
        self.budget.charge(text.len() + HOST_LINE_BYTES);
        self.host.borrow_mut().push(HostLine {
            kind,
            text,
            fg: None,
            bg: None,
            newline: true,
        });
    }

    /// What a simulated cost of `ms` takes at this session's speed.
    pub fn latency_ms(&self, ms: f64) -> f64 {
        ms * self.speed.get()
    }

    /// The session's seed, for what the simulated computer makes from it.
    pub fn rng_seed(&self) -> u64 {
        self.seed
    }

    /// A deterministic xorshift generator, seeded per session.
    pub fn next_random(&self) -> u64 {
        let mut x = self.rng.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng.set(x);
        x
    }

    pub fn now_date(&self) -> super::time::DateTime {
        let clock = &self.sched.clock;
        clock
            .start_date()
            .plus(super::time::TimeSpan::from_ms(clock.now_ms()))
    }
}

/// The process id of the powershell.exe a Start-Job child runs in (its `$PID`).
pub fn job_pid(child_id: i32) -> i32 {
    // Above every process the desktop already runs (its ids end at 7564), so a job's
    // process is never another's, however many jobs the session starts.
    JOB_PIDS_FROM + child_id.saturating_mul(4)
}

/// Where the ids of job processes start (`job_pid`).
pub const JOB_PIDS_FROM: i32 = 8000;

/// A PowerShell session's state: the global scope, the location, `$Error`.
pub struct Runspace {
    pub global: ScopeRef,
    pub location: RefCell<String>,
    pub location_stack: RefCell<Vec<String>>,
    /// The last location on each drive (`C`, `HKLM`): where `cd C:` returns to and what
    /// Get-PSDrive shows as the drive's CurrentLocation.
    drive_locations: RefCell<Vec<(String, String)>>,
    pub errors: Rc<RefCell<Vec<Value>>>,
    pub history: RefCell<Vec<String>>,
    /// `$?` after the last command line, for the next one to read.
    pub last_ok: Cell<bool>,
    /// Drives made with New-PSDrive: (name, provider, root as a path of another drive).
    /// A path on one is a path under its root (`Interp::resolve_path`).
    pub mapped_drives: RefCell<Vec<(String, String, String)>>,
    /// The edition this runspace runs: the session's, or Windows PowerShell 5.1 for a job
    /// PowerShell 7 started with `-PSVersion 5.1`.
    pub profile: Profile,
}

impl Runspace {
    /// Moves to a location (a full path with its drive), remembering it for its drive.
    pub fn set_location(&self, path: String) {
        if let Some((drive, _)) = path.split_once(':') {
            let mut known = self.drive_locations.borrow_mut();
            match known
                .iter_mut()
                .find(|(d, _)| d.eq_ignore_ascii_case(drive))
            {
                Some(entry) => entry.1 = path.clone(),
                None => known.push((drive.to_string(), path.clone())),
            }
        }
        *self.location.borrow_mut() = path;
    }

    /// The last location on a drive, if the session has been there.
    pub fn location_on(&self, drive: &str) -> Option<String> {
        if let Some((d, _)) = self.location.borrow().split_once(':') {
            if d.eq_ignore_ascii_case(drive) {
                return Some(self.location.borrow().clone());
            }
        }
        let known = self.drive_locations.borrow();
        known
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(drive))
            .map(|(_, p)| p.clone())
    }

    pub fn new(location: &str, profile: Profile) -> Rc<Runspace> {
        Rc::new(Runspace {
            global: Scope::new_ref(),
            location: RefCell::new(location.to_string()),
            location_stack: RefCell::new(Vec::new()),
            drive_locations: RefCell::new(
                location
                    .split_once(':')
                    .map(|(d, _)| vec![(d.to_string(), location.to_string())])
                    .unwrap_or_default(),
            ),
            errors: Rc::new(RefCell::new(Vec::new())),
            history: RefCell::new(Vec::new()),
            last_ok: Cell::new(true),
            mapped_drives: RefCell::new(Vec::new()),
            profile,
        })
    }
}
