//! The job model, as PowerShell's `Job.cs` has it: a Start-Job job is a parent that runs
//! nothing (an "executive") and one child that holds the data. Every job object, parent or
//! child, takes the next Id of one session-wide counter. A child keeps two things apart: its
//! collections (Output, Error, ...), which Receive-Job never empties, and the results buffer
//! Receive-Job drains (or copies with -Keep).

use crate::engine::budget::MemoryBudget;
use crate::engine::error::ErrorRecord;
use crate::engine::journal::{JobEvent, JobJournal};
use crate::engine::records::{Informational, informational};
use crate::engine::runtime::HostLine;
use crate::engine::time::DateTime;
use crate::engine::value::{EnumValue, Value};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

/// System.Management.Automation.JobState, in enum order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    NotStarted,
    Running,
    Completed,
    Failed,
    Stopped,
    Blocked,
    Suspended,
    Disconnected,
    Suspending,
    Stopping,
    AtBreakpoint,
}

pub const JOB_STATES: [JobState; 11] = [
    JobState::NotStarted,
    JobState::Running,
    JobState::Completed,
    JobState::Failed,
    JobState::Stopped,
    JobState::Blocked,
    JobState::Suspended,
    JobState::Disconnected,
    JobState::Suspending,
    JobState::Stopping,
    JobState::AtBreakpoint,
];

impl JobState {
    pub fn name(self) -> &'static str {
        match self {
            JobState::NotStarted => "NotStarted",
            JobState::Running => "Running",
            JobState::Completed => "Completed",
            JobState::Failed => "Failed",
            JobState::Stopped => "Stopped",
            JobState::Blocked => "Blocked",
            JobState::Suspended => "Suspended",
            JobState::Disconnected => "Disconnected",
            JobState::Suspending => "Suspending",
            JobState::Stopping => "Stopping",
            JobState::AtBreakpoint => "AtBreakpoint",
        }
    }
    pub fn parse(text: &str) -> Option<JobState> {
        JOB_STATES
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(text.trim()))
    }
    /// Completed, Failed or Stopped.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobState::Completed | JobState::Failed | JobState::Stopped
        )
    }
    /// Where Wait-Job and Receive-Job -Wait stop waiting (without -Force).
    pub fn is_persistent(self) -> bool {
        self.is_finished() || matches!(self, JobState::Suspended | JobState::Disconnected)
    }
    pub fn value(self) -> Value {
        Value::Enum(EnumValue {
            type_name: "System.Management.Automation.JobState",
            name: self.name(),
            value: JOB_STATES.iter().position(|s| *s == self).unwrap_or(0) as i64,
        })
    }
}

/// What kind of job object this is; PSJobTypeName and the .NET type follow from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Start-Job's parent.
    Background,
    /// Invoke-Command -AsJob's parent.
    Remote,
    /// The child of a Background or Remote job: it runs the script.
    Child,
    /// Start-ThreadJob: one object, no children.
    Thread,
    /// ForEach-Object -Parallel -AsJob's parent (7): one child per input object.
    Task,
    /// A PSTaskJob's child: one input object's script, run in this process.
    TaskChild,
}

impl JobKind {
    pub fn type_name(self) -> &'static str {
        match self {
            JobKind::Background | JobKind::Remote => "System.Management.Automation.PSRemotingJob",
            JobKind::Child => "System.Management.Automation.PSRemotingChildJob",
            JobKind::Thread => "ThreadJob.ThreadJob",
            JobKind::Task => "System.Management.Automation.PSTasks.PSTaskJob",
            JobKind::TaskChild => "System.Management.Automation.PSTasks.PSTaskChildJob",
        }
    }
    pub fn ps_job_type_name(self) -> &'static str {
        match self {
            JobKind::Background => "BackgroundJob",
            JobKind::Remote => "RemoteJob",
            JobKind::Child => "",
            JobKind::Thread => "ThreadJob",
            JobKind::Task => "PSTaskJob",
            JobKind::TaskChild => "PSTaskChildJob",
        }
    }
}

/// One item of a child's results buffer, in the order it happened.
#[derive(Clone, Debug)]
pub enum JobRecord {
    Output(Value),
    Error(Rc<ErrorRecord>),
    Warning(String),
    Verbose(String),
    Debug(String),
    Information(Value),
    /// Write-Progress: kept, and counted in HasMoreData, but the console shows no text.
    Progress(Value),
    /// Write-Host text and other host calls, replayed on the receiver's host, with the
    /// InformationRecord the job's Information collection keeps of it. Boxed: every job's
    /// buffer slot is the size of the largest record.
    Host(Box<HostRecord>),
}

#[derive(Clone, Debug)]
pub struct HostRecord {
    pub line: HostLine,
    pub record: Value,
}

impl JobRecord {
    pub fn host(line: HostLine, record: Value) -> JobRecord {
        JobRecord::Host(Box::new(HostRecord { line, record }))
    }
}

pub struct Job {
    pub id: i32,
    pub name: RefCell<String>,
    /// The InstanceId GUID, kept as its 128 bits (see [`Job::instance_id`]).
    pub guid: u128,
    pub kind: JobKind,
    /// Shared with the job's children and every object it sends back.
    pub location: Rc<str>,
    pub command: Rc<str>,
    state: Cell<JobState>,
    /// The state before the last change (a JobStateEventArgs' PreviousJobStateInfo).
    previous: Cell<JobState>,
    pub reason: RefCell<Option<Rc<ErrorRecord>>>,
    pub begin: Cell<Option<DateTime>>,
    pub end: Cell<Option<DateTime>>,
    pub children: RefCell<Vec<Rc<Job>>>,
    parent: RefCell<Weak<Job>>,
    /// Output, Error, ... : made when the job first records something (a Start-Job parent
    /// never does), so thousands of finished jobs stay small.
    collections: RefCell<Option<Box<Collections>>>,
    /// What Receive-Job drains (children and thread jobs).
    results: RefCell<VecDeque<JobRecord>>,
    /// The buffer stays open while the job runs: HasMoreData is True until it closes.
    results_open: Cell<bool>,
    /// A parent's HasMoreData, once it reads False after the job finished, stays False.
    more_data: Cell<bool>,
    /// Set by Stop-Job on this job (a parent that was stopped ends Stopped, not Completed).
    pub stop_requested: Cell<bool>,
    /// The running script's stop flag (children and thread jobs).
    pub stop: Rc<Cell<bool>>,
    /// Remove-Job took it out of the session: its data is gone.
    pub removed: Cell<bool>,
    /// StartJob()/StartJobAsync() on a queued thread job: it starts without waiting for a
    /// place under the throttle limit.
    pub start_requested: Cell<bool>,
    /// A PSTaskJob's AllocatedRunspaceCount: the runspaces its pool made.
    pub allocated_runspaces: Cell<u32>,
    /// Runs in Windows PowerShell's powershell.exe though the session is 7's
    /// (`Start-Job -PSVersion 5.1`).
    pub windows_powershell: Cell<bool>,
    /// The scheduler task running the script, to wake it when the job is stopped.
    pub task: Cell<Option<crate::engine::scheduler::TaskId>>,
    /// A Blocked job's question (Read-Host's prompt, if it had one), and the answer that
    /// Receive-Job brings back from the receiver's console.
    pub prompt: RefCell<Option<Box<Option<String>>>>,
    pub answer: RefCell<Option<Box<str>>>,
    /// Records that entered the results buffer, and those Receive-Job took away (not
    /// counting -Keep): what a live jobs panel shows.
    produced: Cell<u32>,
    received: Cell<u32>,
    /// The session's journal, once the job is in the session's list.
    journal: RefCell<Option<Rc<JobJournal>>>,
    /// What the results buffer may hold, what it holds in bytes (roughly), and whether the
    /// job failed for reaching it.
    limits: Cell<ResultLimits>,
    buffered_bytes: Cell<usize>,
    pub limit_reached: Cell<bool>,
    /// The session's memory budget, once the job is in the session's list.
    budget: RefCell<Option<Rc<MemoryBudget>>>,
}

/// How much a job's results buffer may hold before the job fails: a playground's endless
/// `while ($true) { 'x' }` in a job must not take the page's memory. What was buffered
/// before stays there for Receive-Job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResultLimits {
    /// Records waiting to be received.
    pub count: usize,
    /// Their size in bytes, as `Value::approx_bytes` counts it.
    pub bytes: usize,
}

impl Default for ResultLimits {
    fn default() -> Self {
        ResultLimits {
            count: 1_000_000,
            bytes: 64 << 20,
        }
    }
}

/// A job's results buffer in numbers: produced = received + buffered, until Remove-Job
/// drops what was still buffered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BufferCounts {
    pub produced: u32,
    pub received: u32,
    pub buffered: u32,
}

/// A job's data streams, as its Output, Error, ... properties show them.
#[derive(Default)]
pub struct Collections {
    pub output: Vec<Value>,
    pub error: Vec<Value>,
    pub warning: Vec<Value>,
    pub verbose: Vec<Value>,
    pub debug: Vec<Value>,
    pub progress: Vec<Value>,
    pub information: Vec<Value>,
}

/// Which of a job's collections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Output,
    Error,
    Warning,
    Verbose,
    Debug,
    Progress,
    Information,
}

impl Collections {
    fn get_mut(&mut self, s: Stream) -> &mut Vec<Value> {
        match s {
            Stream::Output => &mut self.output,
            Stream::Error => &mut self.error,
            Stream::Warning => &mut self.warning,
            Stream::Verbose => &mut self.verbose,
            Stream::Debug => &mut self.debug,
            Stream::Progress => &mut self.progress,
            Stream::Information => &mut self.information,
        }
    }
    fn get(&self, s: Stream) -> &Vec<Value> {
        match s {
            Stream::Output => &self.output,
            Stream::Error => &self.error,
            Stream::Warning => &self.warning,
            Stream::Verbose => &self.verbose,
            Stream::Debug => &self.debug,
            Stream::Progress => &self.progress,
            Stream::Information => &self.information,
        }
    }
}

impl Job {
    pub fn new(id: i32, guid: u128, kind: JobKind, location: Rc<str>, command: Rc<str>) -> Job {
        Job {
            id,
            name: RefCell::new(format!("Job{id}")),
            guid,
            kind,
            location,
            command,
            state: Cell::new(JobState::NotStarted),
            previous: Cell::new(JobState::NotStarted),
            reason: RefCell::new(None),
            begin: Cell::new(None),
            end: Cell::new(None),
            children: RefCell::new(Vec::new()),
            parent: RefCell::new(Weak::new()),
            collections: RefCell::new(None),
            results: RefCell::new(VecDeque::new()),
            results_open: Cell::new(true),
            more_data: Cell::new(true),
            stop_requested: Cell::new(false),
            stop: Rc::new(Cell::new(false)),
            removed: Cell::new(false),
            start_requested: Cell::new(false),
            allocated_runspaces: Cell::new(0),
            windows_powershell: Cell::new(false),
            task: Cell::new(None),
            prompt: RefCell::new(None),
            answer: RefCell::new(None),
            produced: Cell::new(0),
            received: Cell::new(0),
            journal: RefCell::new(None),
            limits: Cell::new(ResultLimits::default()),
            buffered_bytes: Cell::new(0),
            limit_reached: Cell::new(false),
            budget: RefCell::new(None),
        }
    }

    fn log(&self, event: JobEvent) {
        if let Some(j) = self.journal.borrow().as_ref() {
            j.log(event);
        }
    }

    /// Its data changed: for it and for the parent whose counts include it.
    fn log_data(&self) {
        self.log(JobEvent::Data(self.id));
        if let Some(p) = self.parent() {
            p.log(JobEvent::Data(p.id));
        }
    }

    /// The results buffer in numbers; a parent's are its children's added up.
    pub fn buffer_counts(&self) -> BufferCounts {
        if self.is_parent() {
            return self
                .children
                .borrow()
                .iter()
                .fold(BufferCounts::default(), |acc, c| {
                    let n = c.buffer_counts();
                    BufferCounts {
                        produced: acc.produced.saturating_add(n.produced),
                        received: acc.received.saturating_add(n.received),
                        buffered: acc.buffered.saturating_add(n.buffered),
                    }
                });
        }
        BufferCounts {
            produced: self.produced.get(),
            received: self.received.get(),
            buffered: u32::try_from(self.results.borrow().len()).unwrap_or(u32::MAX),
        }
    }

    pub fn instance_id(&self) -> String {
        format_guid(self.guid)
    }

    pub fn add_child(parent: &Rc<Job>, child: Rc<Job>) {
        *child.parent.borrow_mut() = Rc::downgrade(parent);
        parent.children.borrow_mut().push(child);
    }

    pub fn parent(&self) -> Option<Rc<Job>> {
        self.parent.borrow().upgrade()
    }

    pub fn state(&self) -> JobState {
        self.state.get()
    }

    pub fn previous_state(&self) -> JobState {
        self.previous.get()
    }

    /// Moves to a new state, stamping PSBeginTime on the first Running and PSEndTime on the
    /// first finished state; a child's change is reflected in its parent.
    pub fn set_state(&self, state: JobState, now: DateTime) {
        // A finished job stays as it finished (a stopped script still unwinding, say).
        if self.state.get() == state || self.state.get().is_finished() {
            return;
        }
        let previous = self.state.get();
        self.previous.set(previous);
        self.state.set(state);
        self.log(JobEvent::State {
            id: self.id,
            state,
            previous,
        });
        if state == JobState::Running && self.begin.get().is_none() {
            self.begin.set(Some(now));
        }
        if state.is_finished() {
            if self.end.get().is_none() {
                self.end.set(Some(now));
            }
            self.results_open.set(false);
        }
        if let Some(parent) = self.parent() {
            parent.refresh_from_children(now);
        }
    }

    /// A parent's state follows its children (`Job.cs HandleChildJobStateChanged`).
    fn refresh_from_children(&self, now: DateTime) {
        let children = self.children.borrow().clone();
        let state = if children.iter().any(|c| c.state() == JobState::Blocked) {
            JobState::Blocked
        } else if children.iter().all(|c| c.state().is_finished()) {
            if children.iter().any(|c| c.state() == JobState::Failed) {
                JobState::Failed
            } else if self.stop_requested.get() {
                JobState::Stopped
            } else {
                JobState::Completed
            }
        } else {
            JobState::Running
        };
        if state == JobState::Failed {
            let reason = children
                .iter()
                .find(|c| c.state() == JobState::Failed)
                .and_then(|c| c.reason.borrow().clone());
            *self.reason.borrow_mut() = reason;
        }
        self.set_state(state, now);
    }

    pub fn is_parent(&self) -> bool {
        matches!(
            self.kind,
            JobKind::Background | JobKind::Remote | JobKind::Task
        )
    }

    /// HasMoreData, by job kind (reference section 3.1).
    pub fn has_more_data(&self) -> bool {
        match self.kind {
            JobKind::Background | JobKind::Remote | JobKind::Task => {
                if !self.state().is_finished() {
                    return true;
                }
                if !self.more_data.get() {
                    return false;
                }
                let any = self.children.borrow().iter().any(|c| c.has_more_data());
                if !any {
                    self.more_data.set(false);
                }
                any
            }
            JobKind::Child | JobKind::TaskChild => {
                !self.removed.get()
                    && (self.results_open.get() || !self.results.borrow().is_empty())
            }
            // Information is not counted (ThreadJob.HasMoreData).
            JobKind::Thread => {
                !self.removed.get()
                    && [
                        Stream::Output,
                        Stream::Error,
                        Stream::Progress,
                        Stream::Verbose,
                        Stream::Debug,
                        Stream::Warning,
                    ]
                    .iter()
                    .any(|s| self.count(*s) > 0)
            }
        }
    }

    /// A copy of one of the job's collections.
    pub fn collection(&self, s: Stream) -> Vec<Value> {
        self.collections
            .borrow()
            .as_ref()
            .map(|c| c.get(s).clone())
            .unwrap_or_default()
    }

    /// Empties one of the job's collections, returning what it held (ReadAll()).
    pub fn drain_collection(&self, s: Stream) -> Vec<Value> {
        self.collections
            .borrow_mut()
            .as_mut()
            .map(|c| std::mem::take(c.get_mut(s)))
            .unwrap_or_default()
    }

    pub fn count(&self, s: Stream) -> usize {
        self.collections
            .borrow()
            .as_ref()
            .map_or(0, |c| c.get(s).len())
    }

    fn push(&self, s: Stream, v: Value) {
        self.collections
            .borrow_mut()
            .get_or_insert_with(Box::default)
            .get_mut(s)
            .push(v);
    }

    /// Records something the job's script produced: into its collection and its buffer.
    pub fn record(&self, record: JobRecord) {
        if self.removed.get() || self.limit_reached.get() {
            return;
        }
        // An error from another process (Start-Job's, a remote computer's) is kept as it
        // arrives here, in its Error collection too: without a position or the command
        // line, marked with the computer it came from. A thread job's stays live.
        let record = match record {
            JobRecord::Error(e) if self.kind == JobKind::Child && !e.replayed => {
                JobRecord::Error(Rc::new(e.as_received(Some(self.location.clone()))))
            }
            other => other,
        };
        let (stream, value) = match &record {
            JobRecord::Output(v) => (Stream::Output, v.clone()),
            JobRecord::Error(e) => (Stream::Error, Value::Error(e.clone())),
            JobRecord::Warning(m) => (Stream::Warning, informational(Informational::Warning, m)),
            JobRecord::Verbose(m) => (Stream::Verbose, informational(Informational::Verbose, m)),
            JobRecord::Debug(m) => (Stream::Debug, informational(Informational::Debug, m)),
            JobRecord::Information(v) => (Stream::Information, v.clone()),
            JobRecord::Progress(v) => (Stream::Progress, v.clone()),
            JobRecord::Host(h) => (Stream::Information, h.record.clone()),
        };
        // The buffer's limits, in records and (roughly) bytes.
        let size = value.approx_bytes();
        let limits = self.limits.get();
        let count = self.results.borrow().len();
        if count >= limits.count || self.buffered_bytes.get().saturating_add(size) > limits.bytes {
            self.reach_limit(count >= limits.count, limits);
            return;
        }
        let full = match self.budget.try_borrow().as_deref() {
            // Also in the job's Output: one more slot.
            Ok(Some(budget)) => budget
                .make_room_for_results(value.held_bytes() + crate::engine::value::SLOT_BYTES)
                .err(),
            _ => None,
        };
        if let Some(reason) = full {
            self.fail_for_limit(reason);
            return;
        }
        self.buffered_bytes
            .set(self.buffered_bytes.get().saturating_add(size));
        self.push(stream, value);
        self.results.borrow_mut().push_back(record);
        self.produced.set(self.produced.get().saturating_add(1));
        self.log_data();
    }

    /// What Receive-Job takes: everything buffered now, drained or (with -Keep) copied. A
    /// thread job's own collections are its buffer, so draining empties them too.
    pub fn take_results(&self, keep: bool) -> Vec<JobRecord> {
        if keep {
            return self.results.borrow().iter().cloned().collect();
        }
        let taken: Vec<JobRecord> = self.results.borrow_mut().drain(..).collect();
        self.buffered_bytes.set(0);
        if self.kind == JobKind::Thread {
            *self.collections.borrow_mut() = None;
        }
        if !taken.is_empty() {
            let n = u32::try_from(taken.len()).unwrap_or(u32::MAX);
            self.received.set(self.received.get().saturating_add(n));
            self.log_data();
        }
        taken
    }

    /// The buffer is full: the job stops here and fails, saying which limit it reached and
    /// how to raise it; what it buffered before stays for Receive-Job.
    fn reach_limit(&self, by_count: bool, limits: ResultLimits) {
        let message = if by_count {
            format!(
                "The job stopped because its results reached the limit of {} results that are kept for a job. Receive its results as they come with Receive-Job, or raise the limit (psjobs -JobResultLimit, or the jobResultLimit option in the browser).",
                limits.count
            )
        } else {
            format!(
                "The job stopped because its results reached the limit of {} MB that is kept for a job. Receive its results as they come with Receive-Job.",
                limits.bytes >> 20
            )
        };
        self.fail_for_limit(ErrorRecord::new(
            "System.Management.Automation.PSInvalidOperationException",
            message,
            "JobResultLimitExceeded",
            crate::engine::error::Category::LimitsExceeded,
        ));
    }

    /// A limit stops the job; the runner then marks it Failed with this reason.
    fn fail_for_limit(&self, reason: ErrorRecord) {
        self.limit_reached.set(true);
        *self.reason.borrow_mut() = Some(Rc::new(reason));
        self.stop.set(true);
    }

    /// Sets what the results buffer may hold (the session's limits, when it is listed).
    pub fn set_limits(&self, limits: ResultLimits) {
        self.limits.set(limits);
    }

    pub fn buffered(&self) -> usize {
        self.results.borrow().len()
    }

    /// What the job holds, for the session's count of its memory: the values in its
    /// results buffer and collections, the text of its other records, its child jobs.
    pub fn for_each_held(&self, value: &mut dyn FnMut(&Value), text: &mut dyn FnMut(usize)) {
        if let Ok(results) = self.results.try_borrow() {
            for r in results.iter() {
                match r {
                    JobRecord::Output(v) | JobRecord::Information(v) | JobRecord::Progress(v) => {
                        value(v)
                    }
                    JobRecord::Error(e) => value(&Value::Error(e.clone())),
                    JobRecord::Warning(m) | JobRecord::Verbose(m) | JobRecord::Debug(m) => {
                        text(m.len() + 64)
                    }
                    JobRecord::Host(h) => text(h.line.text.len() + 64),
                }
            }
        }
        if let Some(c) = self
            .collections
            .try_borrow()
            .ok()
            .as_deref()
            .and_then(|c| c.as_deref())
        {
            for list in [
                &c.output,
                &c.error,
                &c.warning,
                &c.verbose,
                &c.debug,
                &c.progress,
                &c.information,
            ] {
                list.iter().for_each(&mut *value);
            }
        }
        if let Ok(children) = self.children.try_borrow() {
            for child in children.iter() {
                value(&Value::Job(child.clone()));
            }
        }
    }

    /// Drops the results buffer but keeps the collections: for a job that only holds a
    /// PowerShell object's streams, which no one receives.
    pub fn forget_results(&self) {
        self.results.borrow_mut().clear();
        self.buffered_bytes.set(0);
    }

    /// Empties the buffer and every collection (PSDataStreams.ClearStreams).
    pub fn clear_streams(&self) {
        self.forget_results();
        *self.collections.borrow_mut() = None;
    }

    /// Remove-Job: the object may live on in a variable, but its data is gone.
    pub fn dispose(&self) {
        self.removed.set(true);
        self.results.borrow_mut().clear();
        // Disposing its PSDataCollections clears them too: the memory comes back.
        *self.collections.borrow_mut() = None;
        for c in self.children.borrow().iter() {
            c.dispose();
        }
    }

    /// The child jobs, depth first (the job itself not included).
    pub fn descendants(self: &Rc<Job>) -> Vec<Rc<Job>> {
        let mut out = Vec::new();
        for c in self.children.borrow().iter() {
            out.push(c.clone());
            out.extend(c.descendants());
        }
        out
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job{{Id={}, State={}}}", self.id, self.state().name())
    }
}

/// `8-4-4-4-12` hex, as a Guid prints.
pub fn format_guid(g: u128) -> String {
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        g >> 96,
        (g >> 80) & 0xffff,
        (g >> 64) & 0xffff,
        (g >> 48) & 0xffff,
        g & 0xffff_ffff_ffff
    )
}

/// The session's jobs: the top-level list Get-Job shows and the one Id counter.
#[derive(Default)]
pub struct JobStore {
    jobs: RefCell<Vec<Rc<Job>>>,
    /// What each job's results buffer may hold.
    pub limits: Cell<ResultLimits>,
    /// The session's memory budget: what jobs record is charged to it.
    pub budget: RefCell<Option<Rc<MemoryBudget>>>,
    last_id: Cell<i32>,
    /// What happened to the listed jobs, for a host that shows them live.
    pub journal: Rc<JobJournal>,
    /// Every listed job object, children included, by Id (for the journal's readers).
    by_id: RefCell<std::collections::HashMap<i32, Weak<Job>>>,
}

impl JobStore {
    /// The job list of another runspace of the session (a PSSession's, a temporary remote
    /// one's): its own Ids from 1, the same limits, charged to the same budget.
    pub fn for_another_runspace(&self) -> JobStore {
        let jobs = JobStore::default();
        jobs.limits.set(self.limits.get());
        *jobs.budget.borrow_mut() = self.budget.borrow().clone();
        jobs
    }

    pub fn next_id(&self) -> i32 {
        let id = self.last_id.get() + 1;
        self.last_id.set(id);
        id
    }
    pub fn add(&self, job: Rc<Job>) {
        for j in std::iter::once(job.clone()).chain(job.descendants()) {
            j.set_limits(self.limits.get());
            if let Some(b) = self.budget.borrow().as_ref() {
                b.charge(crate::engine::budget::JOB_BYTES);
                *j.budget.borrow_mut() = Some(b.clone());
            }
            *j.journal.borrow_mut() = Some(self.journal.clone());
            self.journal.log(JobEvent::Created(j.id));
            if self.journal.is_on() {
                self.by_id.borrow_mut().insert(j.id, Rc::downgrade(&j));
            }
        }
        self.jobs.borrow_mut().push(job);
    }
    /// Top-level jobs, by Id.
    pub fn top_level(&self) -> Vec<Rc<Job>> {
        let mut jobs = self.jobs.borrow().clone();
        crate::engine::sort::by_key(&mut jobs, |j| j.id);
        jobs
    }
    /// Every job object, children included, by Id.
    pub fn all(&self) -> Vec<Rc<Job>> {
        let mut out = Vec::new();
        for j in self.jobs.borrow().iter() {
            out.push(j.clone());
            out.extend(j.descendants());
        }
        crate::engine::sort::by_key(&mut out, |j| j.id);
        out
    }
    pub fn remove(&self, job: &Rc<Job>) -> bool {
        let mut jobs = self.jobs.borrow_mut();
        let before = jobs.len();
        jobs.retain(|j| !Rc::ptr_eq(j, job));
        let removed = before != jobs.len();
        if removed {
            for j in std::iter::once(job.clone()).chain(job.descendants()) {
                // Its journal's reader still looks it up (see `forget`).
                self.journal.log(JobEvent::Removed(j.id));
            }
        }
        removed
    }
    /// The journal's reader has told of a job's removal: it need not be found any more.
    pub fn forget(&self, id: i32) {
        self.by_id.borrow_mut().remove(&id);
    }

    /// A job object (a child too) by its Id, while the journal is on; a removed one until
    /// [`JobStore::forget`].
    pub fn by_id(&self, id: i32) -> Option<Rc<Job>> {
        self.by_id.borrow().get(&id).and_then(Weak::upgrade)
    }
    pub fn contains(&self, job: &Rc<Job>) -> bool {
        self.jobs.borrow().iter().any(|j| Rc::ptr_eq(j, job))
    }
    pub fn count(&self) -> usize {
        self.jobs.borrow().len()
    }
}

/// Stop-Job on one job: its script stops at its next step and the job is Stopped now
/// (Stop-Job returns only when the job has stopped).
/// Starts a queued thread job now (Job2's StartJob/StartJobAsync; ThreadJob starts it at
/// once, ahead of the throttle limit).
pub fn start_job_now(rt: &crate::engine::runtime::Runtime, job: &Rc<Job>) {
    if job.state() != JobState::NotStarted {
        return;
    }
    job.start_requested.set(true);
    if let Some(id) = job.task.get() {
        rt.sched.wake(id);
    }
    rt.sched.notify();
}

pub fn stop_job(rt: &crate::engine::runtime::Runtime, job: &Rc<Job>) {
    if job.state().is_finished() {
        return;
    }
    job.stop_requested.set(true);
    let now = rt.now_date();
    let targets: Vec<Rc<Job>> = if job.children.borrow().is_empty() {
        vec![job.clone()]
    } else {
        job.descendants()
    };
    for t in targets {
        if t.state().is_finished() {
            continue;
        }
        t.stop.set(true);
        t.set_state(JobState::Stopped, now);
        if let Some(id) = t.task.get() {
            rt.sched.wake(id);
        }
    }
    rt.sched.notify();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> DateTime {
        DateTime::from_parts(2026, 1, 1, 0, 0, 0)
    }

    fn background(store: &JobStore) -> (Rc<Job>, Rc<Job>) {
        let (location, command): (Rc<str>, Rc<str>) = ("localhost".into(), " 1 ".into());
        let parent = Rc::new(Job::new(
            store.next_id(),
            1,
            JobKind::Background,
            location.clone(),
            command.clone(),
        ));
        let child = Rc::new(Job::new(
            store.next_id(),
            2,
            JobKind::Child,
            location,
            command,
        ));
        Job::add_child(&parent, child.clone());
        parent.set_state(JobState::Running, t());
        (parent, child)
    }

    #[test]
    fn ids_come_from_one_counter_and_names_follow_them() {
        let store = JobStore::default();
        let (p1, c1) = background(&store);
        let (p2, _) = background(&store);
        assert_eq!((p1.id, c1.id, p2.id), (1, 2, 3));
        assert_eq!(*c1.name.borrow(), "Job2");
    }

    #[test]
    fn parent_state_and_has_more_data_follow_the_child() {
        let store = JobStore::default();
        let (parent, child) = background(&store);
        assert!(parent.has_more_data(), "a running parent has more data");
        child.set_state(JobState::Running, t());
        child.record(JobRecord::Output(Value::Int(2)));
        child.set_state(JobState::Completed, t());
        assert_eq!(parent.state(), JobState::Completed);
        assert!(parent.has_more_data());
        assert_eq!(child.take_results(true).len(), 1, "-Keep copies");
        assert!(parent.has_more_data());
        assert_eq!(child.take_results(false).len(), 1);
        assert!(!parent.has_more_data());
        assert_eq!(
            child.count(Stream::Output),
            1,
            "Output keeps what was received"
        );
    }

    #[test]
    fn a_failed_child_fails_the_parent_and_a_stop_on_the_parent_stops_it() {
        let store = JobStore::default();
        let (parent, child) = background(&store);
        child.set_state(JobState::Failed, t());
        assert_eq!(parent.state(), JobState::Failed);
        let (parent, child) = background(&store);
        parent.stop_requested.set(true);
        child.set_state(JobState::Stopped, t());
        assert_eq!(parent.state(), JobState::Stopped);
        assert!(!parent.has_more_data());
    }
}
