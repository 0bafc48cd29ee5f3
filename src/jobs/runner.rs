//! Starting a job: the job objects, the task that runs the script in a fresh runspace (a new
//! "process" for Start-Job), and the sink its output goes to.

use super::sessions::PSSession;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::globals::init_globals;
use crate::engine::interp::{BoxFut, Emit, Interp};
use crate::engine::job::{Job, JobKind, JobRecord, JobState, JobStore};
use crate::engine::runtime::{Edition, Profile, Runspace, Runtime};
use crate::engine::scheduler::Sleep;
use crate::engine::scope::Scope;
use crate::engine::value::{PSObject, Property, Value};
use crate::lang::ast::ScriptBlockAst;
use crate::world::computer::Computer;
use crate::world::fs::HOME;
use std::rc::Rc;

/// What a new powershell.exe costs before the job's script runs (simulated milliseconds).
pub const PROCESS_START_MS: f64 = 350.0;

/// Everything a job's script needs from the command that started it.
#[derive(Clone)]
pub struct JobLaunch {
    pub script: Rc<ScriptBlockAst>,
    pub name: Option<String>,
    pub args: Vec<Value>,
    pub input: Vec<Value>,
    pub init: Option<Rc<ScriptBlockAst>>,
    /// `$using:` values, copied from the caller when the job starts.
    pub using: Scope,
    /// Where the job starts (Start-Job -WorkingDirectory, the `&` operator's current
    /// directory); None for the edition's default.
    pub working_directory: Option<String>,
    /// `$_` in the script (ForEach-Object -Parallel's input object).
    pub dollar_under: Option<Value>,
    /// PowerShell 7's `Start-Job -PSVersion 5.1`: the job runs in Windows PowerShell
    /// (powershell.exe, its $PSVersionTable and commands), started in Documents, as 7
    /// passes no working directory to powershell.exe (PowerShellProcessInstance).
    pub windows_powershell: bool,
}

/// A version-4 GUID made from the session's seeded generator, so transcripts stay the same.
pub fn new_guid(rt: &Runtime) -> u128 {
    let bits = (u128::from(rt.next_random()) << 64) | u128::from(rt.next_random());
    // The version nibble (4) and the variant bits (10).
    (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62)
}

/// Start-Job: a BackgroundJob parent (Running from the start) with one child that runs the
/// script once its process has started.
pub fn start_background_job(cx: &Interp, launch: JobLaunch) -> Rc<Job> {
    let rt = cx.rt.clone();
    let command: Rc<str> = Rc::from(launch.script.text());
    let location: Rc<str> = Rc::from("localhost");
    let parent = Rc::new(Job::new(
        cx.jobs.next_id(),
        new_guid(&rt),
        JobKind::Background,
        location.clone(),
        command.clone(),
    ));
    if let Some(name) = launch.name.as_deref().filter(|n| !n.is_empty()) {
        *parent.name.borrow_mut() = name.to_string();
    }
    let child = Rc::new(Job::new(
        cx.jobs.next_id(),
        new_guid(&rt),
        JobKind::Child,
        location,
        command,
    ));
    Job::add_child(&parent, child.clone());
    let now = rt.now_date();
    parent.set_state(JobState::Running, now);
    cx.jobs.add(parent.clone());
    let pid = crate::engine::runtime::job_pid(child.id);
    let profile = if launch.windows_powershell {
        child.windows_powershell.set(true);
        Profile::for_edition(Edition::Desktop51)
    } else {
        rt.profile
    };
    // 5.1 starts a job in Documents; 7 where the caller is (StartJobCommand.BeginProcessing).
    let directory = match (&launch.working_directory, profile.edition) {
        (Some(dir), Edition::Core7) => dir.clone(),
        (_, Edition::Desktop51) => format!("{HOME}\\Documents"),
        (None, Edition::Core7) => cx.location(),
    };
    let task = run_child(rt.clone(), child.clone(), launch, directory, pid, profile);
    child.task.set(Some(rt.sched.spawn(task)));
    parent
}

async fn run_child(
    rt: Rc<Runtime>,
    child: Rc<Job>,
    launch: JobLaunch,
    location: String,
    pid: i32,
    profile: Profile,
) {
    Sleep {
        sched: rt.sched.clone(),
        deadline_ms: rt.sched.clock.now_ms() + rt.latency_ms(PROCESS_START_MS),
        stop: child.stop.clone(),
        registered: false,
    }
    .await;
    let place = Place::fresh(&rt, &location, pid, profile);
    run_script(&rt, &child, launch, place, Some(false), true).await;
}

/// Where a job's script runs: a runspace made for it now, or a PSSession's, which keeps
/// what the script leaves (variables, functions, jobs) for the next command.
struct Place {
    runspace: Rc<Runspace>,
    /// The jobs a Start-Job there joins: a remote runspace's own; None for this session's.
    jobs: Option<Rc<JobStore>>,
    /// RunspaceId on what comes back: a PSSession's InstanceId, else a new one.
    runspace_id: Option<u128>,
}

impl Place {
    fn fresh(rt: &Rc<Runtime>, location: &str, pid: i32, profile: Profile) -> Place {
        let runspace = Runspace::new(location, profile);
        rt.live.add_runspace(&runspace);
        init_globals(&runspace, pid);
        Place {
            runspace,
            jobs: None,
            runspace_id: None,
        }
    }
}

/// Runs a job's script in a runspace of its own (at `location`, with `$PID` = `pid`) and
/// leaves the job in the state the script ended in. A job stopped before it got here ends
/// Stopped without running. `show_computer` is set for a job in another process (or on
/// another computer): its objects come back marked with where they came from, with
/// PSShowComputerName as given. `as_command`: a block that is one command pipeline runs as
/// one (Start-Job's conversion; thread jobs run script text).
async fn run_script(
    rt: &Rc<Runtime>,
    job: &Rc<Job>,
    mut launch: JobLaunch,
    place: Place,
    show_computer: Option<bool>,
    as_command: bool,
) {
    if job.stop.get() {
        job.set_state(JobState::Stopped, rt.now_date());
        rt.sched.notify();
        return;
    }
    job.set_state(JobState::Running, rt.now_date());
    rt.sched.notify();
    let mut cx = Interp::new(rt.clone(), place.runspace, job.stop.clone());
    if job.kind == JobKind::Child && !crate::world::network::is_local(&job.location) {
        let computer = crate::world::computer::computer_named(rt, &job.location);
        cx.set_env("COMPUTERNAME", &computer.machine_name());
        cx.computer = computer;
    }
    if let Some(jobs) = place.jobs {
        cx.jobs = jobs;
    }
    cx.job = Some(job.clone());
    cx.using = Some(Rc::new(launch.using));
    cx.set_var("input", Value::array(launch.input));
    if let Some(v) = launch.dollar_under {
        cx.set_var("_", v);
    }
    let mut sink = JobOutput {
        job: job.clone(),
        origin: show_computer.map(|show| {
            let id = place.runspace_id.unwrap_or_else(|| new_guid(rt));
            Origin(Rc::new(crate::engine::value::Origin {
                computer: job.location.clone(),
                runspace_id: Rc::from(crate::engine::job::format_guid(id).as_str()),
                show_computer: show,
            }))
        }),
    };
    let mut result = Ok(());
    if launch.windows_powershell {
        // The script crosses to powershell.exe as text, and 5.1 parses it there.
        match reparse(&launch.script, &cx.rs.profile) {
            Ok(script) => launch.script = script,
            Err(rec) => result = Err(Flow::error(rec)),
        }
    }
    if let (Ok(()), Some(init)) = (&result, &launch.init) {
        result = run_block(&mut cx, init, Vec::new(), &mut sink).await;
    }
    if result.is_ok() {
        let single =
            command_pipeline(&launch.script).filter(|_| as_command && launch.args.is_empty());
        result = match single {
            Some(stmt) => {
                cx.source_stack.push(launch.script.source.clone());
                let r = cx.exec_statement_alone(stmt, &mut sink).await;
                cx.source_stack.pop();
                r
            }
            None => run_block(&mut cx, &launch.script, launch.args, &mut sink).await,
        };
    }
    // A failed job keeps its reason; replayed, it says which computer it came from.
    let fail = |rec: &ErrorRecord| {
        let mut rec = rec.clone();
        if show_computer.is_some() {
            rec.origin = Some(job.location.clone());
        }
        *job.reason.borrow_mut() = Some(Rc::new(rec));
        JobState::Failed
    };
    let state = match result {
        // The results buffer filled up (Job::record stopped the job and wrote the reason),
        // even when the script ended before it saw the stop: what it produced past the
        // limit is gone, so the job failed.
        Ok(()) | Err(Flow::Stopped | Flow::StopUpstream) if job.limit_reached.get() => {
            let reason = job.reason.borrow().clone();
            reason.map_or(JobState::Failed, |rec| fail(&rec))
        }
        Ok(()) => JobState::Completed,
        Err(Flow::Error(rec, _)) => fail(&rec),
        Err(Flow::Stopped | Flow::StopUpstream) => JobState::Stopped,
        Err(Flow::Exit(_) | Flow::Return | Flow::Break(_) | Flow::Continue(_)) => {
            JobState::Completed
        }
    };
    job.set_state(state, rt.now_date());
    rt.sched.notify();
}

/// Where Invoke-Command runs its script: a computer, in a temporary session that closes
/// when the script ends (-ComputerName), or an open PSSession (-Session).
#[derive(Clone)]
pub enum RemoteTarget {
    Computer(String),
    Session(Rc<PSSession>),
}

impl RemoteTarget {
    fn computer_name(&self) -> &str {
        match self {
            RemoteTarget::Computer(c) => c,
            RemoteTarget::Session(s) => &s.computer_name,
        }
    }
}

/// Invoke-Command's job: a RemoteJob parent whose Location lists the computers (`a,b`, no
/// space) and one child per target, in the order given. A computer that does not answer
/// fails its child with WinRM's connection error; the others run the script there.
/// `listed`: Invoke-Command -AsJob puts it in the session's job list; a plain Invoke-Command
/// uses the same machinery and only receives from it (its Ids are used all the same).
pub fn start_remote_job(
    cx: &Interp,
    launch: JobLaunch,
    targets: &[RemoteTarget],
    show_computer: bool,
    listed: bool,
    throttle: usize,
) -> Rc<Job> {
    let rt = cx.rt.clone();
    let command: Rc<str> = Rc::from(launch.script.text());
    let computers: Vec<&str> = targets.iter().map(RemoteTarget::computer_name).collect();
    let parent = Rc::new(Job::new(
        cx.jobs.next_id(),
        new_guid(&rt),
        JobKind::Remote,
        Rc::from(computers.join(",").as_str()),
        command.clone(),
    ));
    if let Some(name) = launch.name.as_deref().filter(|n| !n.is_empty()) {
        *parent.name.borrow_mut() = name.to_string();
    }
    let mut children = Vec::new();
    for target in targets {
        let child = Rc::new(Job::new(
            cx.jobs.next_id(),
            new_guid(&rt),
            JobKind::Child,
            Rc::from(target.computer_name()),
            command.clone(),
        ));
        Job::add_child(&parent, child.clone());
        children.push((child, target.clone()));
    }
    parent.set_state(JobState::Running, rt.now_date());
    if listed {
        cx.jobs.add(parent.clone());
    }
    // -ThrottleLimit: at most this many computers are worked on at once, in the order given.
    let active = Rc::new(std::cell::Cell::new(0usize));
    for (child, target) in children {
        let launch = launch.clone();
        let task = {
            let (rt, child, active) = (rt.clone(), child.clone(), active.clone());
            async move {
                while active.get() >= throttle.max(1) && !child.stop.get() {
                    crate::engine::scheduler::Changed {
                        sched: rt.sched.clone(),
                        stop: child.stop.clone(),
                        deadline_ms: None,
                        registered: false,
                    }
                    .await;
                }
                active.set(active.get() + 1);
                match target {
                    RemoteTarget::Computer(_) => {
                        connect_and_run(&rt, &child, launch, show_computer).await;
                    }
                    RemoteTarget::Session(s) => {
                        run_in_session(&rt, &child, launch, &s, show_computer).await;
                    }
                }
                active.set(active.get().saturating_sub(1));
                rt.sched.notify();
            }
        };
        child.task.set(Some(rt.sched.spawn(task)));
    }
    parent
}

/// One computer of a remote job: connect (or fail to), then run the script there in a
/// temporary session. When the script ends the session closes, and the jobs it started
/// there end with it.
async fn connect_and_run(
    rt: &Rc<Runtime>,
    child: &Rc<Job>,
    launch: JobLaunch,
    show_computer: bool,
) {
    let reachable = crate::world::network::is_reachable(&child.location);
    let delay = if reachable {
        crate::world::network::CONNECT_MS
    } else {
        crate::world::network::NOT_FOUND_MS
    };
    Sleep {
        sched: rt.sched.clone(),
        deadline_ms: rt.sched.clock.now_ms() + rt.latency_ms(delay),
        stop: child.stop.clone(),
        registered: false,
    }
    .await;
    if reachable || child.stop.get() {
        let home = format!("{HOME}\\Documents");
        let pid = crate::engine::runtime::job_pid(child.id);
        let mut place = Place::fresh(rt, &home, pid, rt.profile);
        let jobs = Rc::new(rt.jobs.for_another_runspace());
        rt.live.add_job_store(&jobs);
        place.jobs = Some(jobs.clone());
        run_script(rt, child, launch, place, Some(show_computer), false).await;
        for job in jobs.all() {
            crate::engine::job::stop_job(rt, &job);
        }
        return;
    }
    let rec = ErrorRecord::new(
        "System.Management.Automation.Remoting.PSRemotingTransportException",
        crate::world::network::not_found_message(&child.location),
        "NetworkPathNotFound,PSSessionStateBroken",
        crate::engine::error::Category::OpenError,
    )
    .with_target(Value::str(&child.location));
    *child.reason.borrow_mut() = Some(Rc::new(rec));
    child.set_state(JobState::Failed, rt.now_date());
    rt.sched.notify();
}

/// One session of a remote job: the script runs in the session's runspace, which is Busy
/// meanwhile and keeps what the script leaves.
async fn run_in_session(
    rt: &Rc<Runtime>,
    child: &Rc<Job>,
    launch: JobLaunch,
    session: &Rc<PSSession>,
    show_computer: bool,
) {
    // A command started with -InDisconnectedSession runs on in its disconnected session.
    let left_running = session
        .running
        .borrow()
        .as_ref()
        .is_some_and(|j| Rc::ptr_eq(j, child));
    if !session.is_open() && !left_running {
        *child.reason.borrow_mut() = Some(Rc::new(closed_session_error(session)));
        child.set_state(JobState::Failed, rt.now_date());
        rt.sched.notify();
        return;
    }
    session.busy.set(true);
    let place = Place {
        runspace: session.runspace.clone(),
        jobs: Some(session.jobs.clone()),
        runspace_id: Some(session.instance_id),
    };
    run_script(rt, child, launch, place, Some(show_computer), false).await;
    session.busy.set(false);
}

/// Why a session that is not Opened cannot run a command (`ICMInvalidSessionState`).
pub fn closed_session_error(s: &PSSession) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.Runspaces.InvalidRunspaceStateException",
        format!(
            "Because the session state for session {}, {}, {} is not equal to Open, you cannot run a command  in the session.  The session state is {}.",
            s.name,
            crate::engine::job::format_guid(s.instance_id),
            s.computer_name,
            s.state.get().name()
        ),
        "InvokeCommandCommandInvalidSessionState",
        crate::engine::error::Category::InvalidOperation,
    )
}

/// Start-ThreadJob: one job object, NotStarted until a place in the throttle queue frees
/// up; then it runs at once (no process to start) in the caller's process and location.
pub fn start_thread_job(cx: &Interp, launch: JobLaunch, throttle: Option<usize>) -> Rc<Job> {
    let rt = cx.rt.clone();
    if let Some(limit) = throttle {
        rt.thread_job_limit.set(limit.max(1));
    }
    let job = Rc::new(Job::new(
        cx.jobs.next_id(),
        new_guid(&rt),
        JobKind::Thread,
        Rc::from("PowerShell"),
        Rc::from(launch.script.text()),
    ));
    if let Some(name) = launch.name.as_deref().filter(|n| !n.is_empty()) {
        *job.name.borrow_mut() = name.to_string();
    }
    cx.jobs.add(job.clone());
    let location = cx.location();
    let pid = rt.pid;
    let task = {
        let (rt, job) = (rt.clone(), job.clone());
        async move {
            wait_for_thread_slot(&rt, &job).await;
            let place = Place::fresh(&rt, &location, pid, rt.profile);
            run_script(&rt, &job, launch, place, None, false).await;
        }
    };
    job.task.set(Some(rt.sched.spawn(task)));
    job
}

/// One script of ForEach-Object -Parallel: it runs at once in a runspace of its own in this
/// process, at `location`, as a thread job does, but in no job list (its command reads its
/// results as they come). A task is no job of the session: it has no Id (0), and it is
/// drained as a thread job is.
pub fn start_task(cx: &Interp, launch: JobLaunch, location: &str) -> Rc<Job> {
    let rt = cx.rt.clone();
    let job = Rc::new(Job::new(
        0,
        new_guid(&rt),
        JobKind::Thread,
        Rc::from("PowerShell"),
        Rc::from(launch.script.text()),
    ));
    run_task(&rt, &job, launch, location);
    job
}

/// Runs a task's script now, for a job object made earlier (a PSTaskJob's child, started
/// when its parent's throttle lets it).
pub fn run_task(rt: &Rc<Runtime>, job: &Rc<Job>, launch: JobLaunch, location: &str) {
    let location = location.to_string();
    let pid = rt.pid;
    let task = {
        let (rt, job) = (rt.clone(), job.clone());
        async move {
            let place = Place::fresh(&rt, &location, pid, rt.profile);
            run_script(&rt, &job, launch, place, None, false).await;
        }
    };
    job.task.set(Some(rt.sched.spawn(task)));
}

/// Waits until this thread job is the oldest one queued and fewer than the throttle limit
/// run (`ThreadJobQueue`), or until it is stopped.
async fn wait_for_thread_slot(rt: &Rc<Runtime>, job: &Rc<Job>) {
    loop {
        if job.stop.get() || job.start_requested.get() {
            return;
        }
        let threads: Vec<Rc<Job>> = rt
            .jobs
            .top_level()
            .into_iter()
            .filter(|j| j.kind == JobKind::Thread)
            .collect();
        let running = threads
            .iter()
            .filter(|j| matches!(j.state(), JobState::Running | JobState::Blocked))
            .count();
        let first_queued = threads
            .iter()
            .find(|j| j.state() == JobState::NotStarted && !j.stop.get());
        if running < rt.thread_job_limit.get() && first_queued.is_some_and(|j| Rc::ptr_eq(j, job)) {
            return;
        }
        crate::engine::scheduler::Changed {
            sched: rt.sched.clone(),
            stop: job.stop.clone(),
            deadline_ms: None,
            registered: false,
        }
        .await;
    }
}

/// The one statement of a script block that is a single pipeline of commands (no
/// expressions, redirections, parameters or other statements). Start-Job sends such a
/// block as a command pipeline rather than as script text
/// (`PSRemotingCmdlet.ConvertToPowerShell`), so an error that would end only the statement,
/// such as an unknown command or a parameter that does not bind, fails the job.
fn command_pipeline(sb: &ScriptBlockAst) -> Option<&crate::lang::ast::Stmt> {
    use crate::lang::ast::{PipeElem, StmtKind};
    if !sb.params.is_empty() || sb.begin.is_some() || sb.process.is_some() {
        return None;
    }
    let end = sb.end.as_ref()?;
    let [stmt] = end.stmts.as_slice() else {
        return None;
    };
    let StmtKind::Pipeline(p) = &stmt.kind else {
        return None;
    };
    let all_commands = p
        .elements
        .iter()
        .all(|e| matches!(e, PipeElem::Command(c) if c.redirects.is_empty()));
    all_commands.then_some(stmt)
}

/// A script's text parsed again by another edition's language.
fn reparse(script: &ScriptBlockAst, profile: &Profile) -> Result<Rc<ScriptBlockAst>, ErrorRecord> {
    let source = crate::lang::Source::new("", &script.text());
    crate::lang::parse_script_with(&source, profile.syntax())
        .map_err(|e| ErrorRecord::parse(&e, &source))
}

async fn run_block(
    cx: &mut Interp,
    sb: &Rc<ScriptBlockAst>,
    args: Vec<Value>,
    out: &mut dyn Emit,
) -> EvalResult<()> {
    cx.source_stack.push(sb.source.clone());
    let r = cx.invoke_block(sb, None, args, false, out).await;
    cx.source_stack.pop();
    r
}

/// Where a job's output goes: its Output collection and its results buffer, each object
/// marked with where it came from, as objects crossing from a job process are.
struct JobOutput {
    job: Rc<Job>,
    /// Set for a job in another process; a thread job's objects are the live ones.
    origin: Option<Origin>,
}

/// What objects from another process carry: one origin for the runspace, shared by every
/// value it sends back.
struct Origin(Rc<crate::engine::value::Origin>);

impl Emit for JobOutput {
    fn emit<'a>(&'a mut self, _cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        let v = match &self.origin {
            Some(o) => mark_origin(v, o),
            None => v,
        };
        self.job.record(JobRecord::Output(v));
        Box::pin(std::future::ready(Ok(())))
    }
}

/// What crosses from a job's process: an object becomes a property bag whose type names
/// start with `Deserialized.`, marked with PSComputerName, RunspaceId and PSShowComputerName
/// (`PSRemotingChildJob.HandleOutputReady`). Strings, numbers and dates cross as
/// themselves, wrapped with the same notes.
fn mark_origin(v: Value, origin: &Origin) -> Value {
    // A job crosses as a snapshot of its properties (a job started in a remote session
    // stays there; what comes back only describes it).
    let v = match v {
        Value::Job(ref job) => Value::Object(Rc::new(PSObject {
            type_names: crate::engine::job_props::type_names(job)
                .iter()
                .map(|t| crate::engine::value::shared_name(t))
                .collect(),
            props: std::cell::RefCell::new(
                crate::engine::job_props::JOB_PROPERTIES
                    .iter()
                    .map(|name| Property {
                        name: crate::engine::value::shared_name(name),
                        value: crate::engine::job_props::job_property(job, name)
                            .unwrap_or_default(),
                    })
                    .collect(),
            ),
        })),
        // Strings, numbers and dates cross as themselves wrapped with the notes.
        Value::Str(_)
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Long(_)
        | Value::Double(_)
        | Value::Decimal(_)
        | Value::Char(_)
        | Value::DateTime(_)
        | Value::TimeSpan(_)
        | Value::Enum(_) => {
            return Value::Noted(Rc::new(crate::engine::value::Noted {
                base: v,
                origin: origin.0.clone(),
            }));
        }
        // One that crossed before gets this hop's notes.
        Value::Noted(ref n) => {
            return Value::Noted(Rc::new(crate::engine::value::Noted {
                base: n.base.clone(),
                origin: origin.0.clone(),
            }));
        }
        other => other,
    };
    let Value::Object(o) = &v else { return v };
    // System.Version is one of the serializer's known types: it arrives live.
    if o.type_names
        .first()
        .is_some_and(|t| t.as_ref() == "System.Version")
    {
        return v;
    }
    let mut props: Vec<Property> = o.props.borrow().clone();
    // What came from further away (a job's output received in a remote session) is
    // re-marked with this hop's computer and runspace (`HandleOutputReady`).
    props.retain(|p| {
        !p.name.eq_ignore_ascii_case("PSComputerName") && !p.name.eq_ignore_ascii_case("RunspaceId")
    });
    for (name, value) in origin.0.notes() {
        if !props.iter().any(|p| p.name.eq_ignore_ascii_case(name)) {
            props.push(Property {
                name: crate::engine::value::shared_name(name),
                value,
            });
        }
    }
    let type_names = o
        .type_names
        .iter()
        .map(|t| {
            crate::engine::value::shared_name(&format!(
                "Deserialized.{}",
                t.trim_start_matches("Deserialized.")
            ))
        })
        .collect();
    Value::Object(Rc::new(PSObject {
        type_names,
        props: std::cell::RefCell::new(props),
    }))
}

/// Read-Host inside a job: there is no console, so the job turns Blocked (and its parent
/// with it) until Receive-Job runs the prompt on the receiver's console and hands back the
/// answer; then it runs on.
pub async fn block_on_prompt(
    cx: &mut Interp,
    job: &Rc<Job>,
    prompt: Option<&str>,
) -> EvalResult<String> {
    *job.answer.borrow_mut() = None;
    *job.prompt.borrow_mut() = Some(Box::new(prompt.map(str::to_string)));
    job.set_state(JobState::Blocked, cx.rt.now_date());
    cx.rt.sched.notify();
    loop {
        if let Some(answer) = job.answer.borrow_mut().take() {
            job.set_state(JobState::Running, cx.rt.now_date());
            cx.rt.sched.notify();
            return Ok(answer.into_string());
        }
        cx.wait_for_change().await?;
    }
}

/// Stop-Process on a process of a computer. If it was a running Start-Job's powershell.exe
/// on this desktop, that child job ends Failed: its process closed under it.
pub fn end_process(rt: &Rc<Runtime>, computer: &Computer, pid: i32) {
    let owner = rt.jobs.all().into_iter().find(|j| {
        computer.is_local()
            && j.kind == JobKind::Child
            && crate::engine::runtime::job_pid(j.id) == pid
            && !j.state().is_finished()
            && j.location.as_ref() == "localhost"
    });
    match owner {
        Some(child) => {
            let rec = ErrorRecord::new(
                "System.Management.Automation.Remoting.PSRemotingTransportException",
                "The background process closed or ended abnormally.",
                "JobFailure",
                crate::engine::error::Category::OpenError,
            );
            let mut rec = rec.with_target(Value::str(&child.location));
            rec.origin = Some(child.location.clone());
            *child.reason.borrow_mut() = Some(Rc::new(rec));
            child.stop.set(true);
            child.set_state(JobState::Failed, rt.now_date());
            if let Some(id) = child.task.get() {
                rt.sched.wake(id);
            }
            rt.sched.notify();
        }
        None => computer.stopped_processes.borrow_mut().push(pid),
    }
}
