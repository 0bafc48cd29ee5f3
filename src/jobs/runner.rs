//! Starting a job: the job objects, the task that runs the script in a fresh runspace (a new
//! "process" for Start-Job), and the sink its output goes to.

use super::job::{Job, JobKind, JobRecord, JobState};
use crate::engine::error::{EvalResult, Flow};
use crate::engine::globals::init_globals;
use crate::engine::interp::{BoxFut, Emit, Interp};
use crate::engine::runtime::{Runspace, Runtime};
use crate::engine::scope::Scope;
use crate::engine::value::{PSObject, Property, Value};
use crate::jobs::scheduler::Sleep;
use crate::lang::ast::ScriptBlockAst;
use crate::world::fs::HOME;
use std::rc::Rc;

/// What a new powershell.exe costs before the job's script runs (simulated milliseconds).
pub const PROCESS_START_MS: f64 = 350.0;

/// Everything a job's script needs from the command that started it.
pub struct JobLaunch {
    pub script: Rc<ScriptBlockAst>,
    pub name: Option<String>,
    pub args: Vec<Value>,
    pub input: Vec<Value>,
    pub init: Option<Rc<ScriptBlockAst>>,
    /// `$using:` values, copied from the caller when the job starts.
    pub using: Scope,
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
        rt.jobs.next_id(),
        new_guid(&rt),
        JobKind::Background,
        location.clone(),
        command.clone(),
    ));
    if let Some(name) = launch.name.as_deref().filter(|n| !n.is_empty()) {
        *parent.name.borrow_mut() = name.to_string();
    }
    let child = Rc::new(Job::new(
        rt.jobs.next_id(),
        new_guid(&rt),
        JobKind::Child,
        location,
        command,
    ));
    Job::add_child(&parent, child.clone());
    let now = rt.now_date();
    parent.set_state(JobState::Running, now);
    rt.jobs.add(parent.clone());
    let pid = 5000 + child.id * 4;
    let documents = format!("{HOME}\\Documents");
    let task = run_child(rt.clone(), child.clone(), launch, documents, pid);
    child.task.set(Some(rt.sched.spawn(task)));
    parent
}

async fn run_child(rt: Rc<Runtime>, child: Rc<Job>, launch: JobLaunch, location: String, pid: i32) {
    Sleep {
        sched: rt.sched.clone(),
        deadline_ms: rt.sched.clock.now_ms() + PROCESS_START_MS,
        stop: child.stop.clone(),
        registered: false,
    }
    .await;
    if child.stop.get() {
        child.set_state(JobState::Stopped, rt.now_date());
        rt.sched.notify();
        return;
    }
    child.set_state(JobState::Running, rt.now_date());
    rt.sched.notify();
    let rs = Runspace::new(&location);
    init_globals(&rt, &mut rs.global.borrow_mut(), pid);
    let mut cx = Interp::new(rt.clone(), rs, child.stop.clone());
    cx.job = Some(child.clone());
    cx.using = Some(Rc::new(launch.using));
    cx.set_var("input", Value::array(launch.input));
    let mut sink = JobOutput {
        job: child.clone(),
        runspace_id: Value::str(&super::job::format_guid(new_guid(&rt))),
    };
    let mut result = Ok(());
    if let Some(init) = &launch.init {
        result = run_block(&mut cx, init, Vec::new(), &mut sink).await;
    }
    if result.is_ok() {
        result = run_block(&mut cx, &launch.script, launch.args, &mut sink).await;
    }
    let state = match result {
        Ok(()) => JobState::Completed,
        Err(Flow::Error(rec, _)) => {
            *child.reason.borrow_mut() = Some(rec);
            JobState::Failed
        }
        Err(Flow::Stopped | Flow::StopUpstream) => JobState::Stopped,
        Err(Flow::Exit(_) | Flow::Return | Flow::Break(_) | Flow::Continue(_)) => {
            JobState::Completed
        }
    };
    child.set_state(state, rt.now_date());
    rt.sched.notify();
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
    /// The job runspace's id, which every object it sends carries as RunspaceId.
    runspace_id: Value,
}

impl Emit for JobOutput {
    fn emit<'a>(&'a mut self, _cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        let marked = mark_origin(v, &self.job.location, &self.runspace_id);
        self.job.record(JobRecord::Output(marked));
        Box::pin(std::future::ready(Ok(())))
    }
}

/// Adds PSComputerName, RunspaceId and PSShowComputerName to an object received from a job
/// (`PSRemotingChildJob.HandleOutputReady`). Values without properties stay as they are.
fn mark_origin(v: Value, computer: &str, runspace: &Value) -> Value {
    let Value::Object(o) = &v else { return v };
    let mut props: Vec<Property> = o.props.borrow().clone();
    for (name, value) in [
        ("PSComputerName", Value::str(computer)),
        ("RunspaceId", runspace.clone()),
        ("PSShowComputerName", Value::Bool(false)),
    ] {
        if !props.iter().any(|p| p.name.eq_ignore_ascii_case(name)) {
            props.push(Property {
                name: Rc::from(name),
                value,
            });
        }
    }
    Value::Object(Rc::new(PSObject {
        type_names: o.type_names.clone(),
        props: std::cell::RefCell::new(props),
    }))
}

/// Stop-Job on one job: its script stops at its next step and the job is Stopped now
/// (Stop-Job returns only when the job has stopped).
pub fn stop_job(rt: &Runtime, job: &Rc<Job>) {
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
