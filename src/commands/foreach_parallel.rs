//! `ForEach-Object -Parallel` (PowerShell 7): each input object's script runs in a runspace
//! of its own, at most -ThrottleLimit (5) at a time, with `$_` the object, the caller's
//! `$using:` values and its current directory; what they write streams back as it comes.
//! -TimeoutSeconds stops what still runs (ForEachObjectCommand's timer: the collection is
//! completed and the pool's tasks stopped). Built as InternalCommands.cs builds it.

use crate::commands::jobs::receive_job::replay;
use crate::commands::jobs::start_job::capture_parallel_using;
use crate::engine::budget::LIMIT_ERROR_ID;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::job::{Job, JobKind, JobState};
use crate::engine::runtime::Runtime;
use crate::engine::scheduler::Changed;
use crate::engine::scope::Scope;
use crate::engine::value::Value;
use crate::jobs::runner::{JobLaunch, new_guid, run_task, start_task};
use crate::lang::ast::ScriptBlockAst;
use std::collections::VecDeque;
use std::rc::Rc;

/// One object's script: `$_` the object, the caller's `$using:` values.
fn task_launch(script: &Rc<ScriptBlockAst>, using: &Option<Scope>, item: Value) -> JobLaunch {
    JobLaunch {
        script: script.clone(),
        name: None,
        args: Vec::new(),
        input: Vec::new(),
        init: None,
        using: using.clone().unwrap_or_default(),
        dollar_under: Some(item),
        working_directory: None,
        windows_powershell: false,
    }
}

pub struct ParallelProc {
    script: Rc<ScriptBlockAst>,
    throttle: usize,
    timeout_ms: Option<f64>,
    using: Option<Scope>,
    location: String,
    pending: VecDeque<Value>,
    running: Vec<Rc<Job>>,
    /// When the timeout ends the command (clock ms), set by the first object.
    deadline: Option<f64>,
}

impl ParallelProc {
    pub fn new(
        cx: &Interp,
        script: Rc<ScriptBlockAst>,
        throttle: usize,
        timeout_seconds: i64,
    ) -> ParallelProc {
        ParallelProc {
            script,
            throttle: throttle.max(1),
            timeout_ms: (timeout_seconds > 0).then_some(timeout_seconds as f64 * 1000.0),
            using: None,
            location: cx.location(),
            pending: VecDeque::new(),
            running: Vec::new(),
            deadline: None,
        }
    }

    /// Writes what the tasks have written, then starts queued objects while there is room.
    async fn pump(&mut self, cx: &mut Interp, out: &mut dyn Emit) -> EvalResult<()> {
        for task in self.running.clone() {
            replay(cx, &task, false, out).await?;
            if task.state().is_finished() {
                // A task that ran out of the session's memory ends the whole command, as
                // the limit ends a script: the other tasks would only fail the same way.
                let reason = task.reason.borrow().clone();
                if let Some(r) = reason.filter(|r| r.fqid == LIMIT_ERROR_ID) {
                    self.stop_all(cx);
                    return Err(Flow::script_error((*r).clone()));
                }
                write_task_failure(cx, &task)?;
            }
        }
        self.running.retain(|t| !t.state().is_finished());
        while self.running.len() < self.throttle {
            let Some(item) = self.pending.pop_front() else {
                break;
            };
            let launch = task_launch(&self.script, &self.using, item);
            self.running.push(start_task(cx, launch, &self.location));
        }
        Ok(())
    }

    fn timed_out(&self, cx: &Interp) -> bool {
        self.deadline
            .is_some_and(|d| cx.rt.sched.clock.now_ms() >= d)
    }

    /// -TimeoutSeconds ran out: what the running tasks wrote comes first, then each is
    /// stopped, with the PSTaskException (a PipelineStoppedException inside) its stopped
    /// pipeline raises; queued objects are dropped without a word.
    async fn time_out(&mut self, cx: &mut Interp, out: &mut dyn Emit) -> EvalResult<()> {
        self.pending.clear();
        for task in std::mem::take(&mut self.running) {
            replay(cx, &task, false, out).await?;
            let was_running = !task.state().is_finished();
            crate::engine::job::stop_job(&cx.rt, &task);
            if !was_running {
                write_task_failure(cx, &task)?;
                continue;
            }
            let mut e = ErrorRecord::new(
                "System.Management.Automation.PipelineStoppedException",
                "The pipeline has been stopped.",
                "PSTaskException",
                Category::InvalidOperation,
            );
            e.command = Some(Rc::from("ForEach-Object"));
            cx.write_error(e)?;
        }
        Ok(())
    }

    fn stop_all(&mut self, cx: &Interp) {
        self.pending.clear();
        for task in self.running.drain(..) {
            crate::engine::job::stop_job(&cx.rt, &task);
        }
    }
}

impl CommandProcessor for ParallelProc {
    fn begin<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            self.using = Some(parallel_using(cx, &self.script).map_err(Flow::error)?);
            Ok(())
        })
    }

    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let Some(item) = input else { return Ok(()) };
            if refused(cx, &item)? {
                return Ok(());
            }
            if self.deadline.is_none() {
                self.deadline = self.timeout_ms.map(|t| cx.rt.sched.clock.now_ms() + t);
            }
            if self.timed_out(cx) {
                return self.time_out(cx, out).await;
            }
            self.pending.push_back(item);
            self.pump(cx, out).await
        })
    }

    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            loop {
                self.pump(cx, out).await?;
                if self.running.is_empty() && self.pending.is_empty() {
                    return Ok(());
                }
                if self.timed_out(cx) {
                    return self.time_out(cx, out).await;
                }
                // Ctrl+C stops the tasks too (StopParallelProcessing).
                if let Err(e) = cx.wait_for_change_until(self.deadline).await {
                    self.stop_all(cx);
                    return Err(e);
                }
            }
        })
    }
}

/// A task's terminating error, written as a non-terminating one as PSTask's state handler
/// writes it: the exception that ended the task, with the id PSTaskException (no command
/// name added: it comes from the task, not from ForEach-Object's own code).
fn write_task_failure(cx: &mut Interp, task: &Job) -> EvalResult<()> {
    if task.state() != crate::engine::job::JobState::Failed {
        return Ok(());
    }
    let Some(reason) = task.reason.borrow().clone() else {
        return Ok(());
    };
    let mut e = ErrorRecord::new(
        &reason.exception_type,
        reason.message.clone(),
        "PSTaskException",
        Category::InvalidOperation,
    );
    e.command = Some(Rc::from("ForEach-Object"));
    cx.write_error(e)
}

/// The `$using:` values a -Parallel block takes, refusing a script block (it would run in a
/// runspace that is not its own: InitParallelParameterSet's ParallelUsingVariableCannotBeScriptBlock).
fn parallel_using(cx: &Interp, script: &ScriptBlockAst) -> Result<Scope, ErrorRecord> {
    let using = capture_parallel_using(cx, script)?;
    if using
        .vars
        .values()
        .any(|v| matches!(v.value.base(), Value::ScriptBlock(_)))
    {
        return Err(ErrorRecord::new(
            "System.Management.Automation.PSArgumentException",
            "A ForEach-Object -Parallel using variable cannot be a script block. Passed-in script block variables are not supported with ForEach-Object -Parallel, and can result in undefined behavior.",
            "ParallelUsingVariableCannotBeScriptBlock",
            Category::InvalidType,
        ));
    }
    Ok(using)
}

/// A piped script block gets no runspace, with or without -AsJob (ForEachObjectCommand's
/// ProcessParallelParameterSet checks it first): written as an error, and true.
fn refused(cx: &mut Interp, item: &Value) -> EvalResult<bool> {
    if !matches!(item.base(), Value::ScriptBlock(_)) {
        return Ok(false);
    }
    cx.write_error(ErrorRecord::new(
        "System.Management.Automation.PSArgumentException",
        "The piped input object cannot be a script block. Passing script blocks to foreach -parallel is not supported.",
        "ParallelPipedInputObjectCannotBeScriptBlock",
        Category::InvalidType,
    ))?;
    Ok(true)
}

/// `-Parallel ... -AsJob`: a PSTaskJob at once, with a child (PSTaskChildJob) per input
/// object; the parent starts its children as its -ThrottleLimit lets it
/// (PSTaskJob.Start with a PSTaskPool of its own).
pub struct TaskJobProc {
    script: Rc<ScriptBlockAst>,
    throttle: usize,
    /// -UseNewRunspace: a runspace per object, where the pool otherwise reuses its own.
    new_runspaces: bool,
    using: Option<Scope>,
    location: String,
    inputs: Vec<Value>,
}

impl TaskJobProc {
    pub fn new(
        cx: &Interp,
        script: Rc<ScriptBlockAst>,
        throttle: usize,
        new_runspaces: bool,
    ) -> TaskJobProc {
        TaskJobProc {
            script,
            throttle: throttle.max(1),
            new_runspaces,
            using: None,
            location: cx.location(),
            inputs: Vec::new(),
        }
    }
}

impl CommandProcessor for TaskJobProc {
    fn begin<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            self.using = Some(parallel_using(cx, &self.script).map_err(Flow::error)?);
            Ok(())
        })
    }

    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        let r = match input {
            Some(v) => refused(cx, &v).map(|refused| {
                if !refused {
                    self.inputs.push(v);
                }
            }),
            None => Ok(()),
        };
        Box::pin(std::future::ready(r))
    }

    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let rt = cx.rt.clone();
            let command: Rc<str> = Rc::from(self.script.text());
            let location: Rc<str> = Rc::from("PowerShell");
            let parent = Rc::new(Job::new(
                cx.jobs.next_id(),
                new_guid(&rt),
                JobKind::Task,
                location.clone(),
                command.clone(),
            ));
            let mut children = Vec::new();
            for item in std::mem::take(&mut self.inputs) {
                let child = Rc::new(Job::new(
                    cx.jobs.next_id(),
                    new_guid(&rt),
                    JobKind::TaskChild,
                    location.clone(),
                    command.clone(),
                ));
                Job::add_child(&parent, child.clone());
                children.push((child, task_launch(&self.script, &self.using, item)));
            }
            let now = rt.now_date();
            parent.set_state(JobState::Running, now);
            if children.is_empty() {
                parent.set_state(JobState::Completed, now);
            }
            cx.jobs.add(parent.clone());
            // The first children start before the job is written, as PSTaskJob.Start
            // fills its pool; the rest as those finish.
            let mut queue: VecDeque<(Rc<Job>, JobLaunch)> = children.into();
            let pool = Pool {
                throttle: self.throttle,
                new_runspaces: self.new_runspaces,
            };
            start_next(&rt, &parent, &mut queue, pool, &self.location);
            if !queue.is_empty() {
                let driver = drive_children(
                    rt.clone(),
                    parent.clone(),
                    queue,
                    pool,
                    self.location.clone(),
                );
                parent.task.set(Some(rt.sched.spawn(driver)));
            }
            out.emit(cx, Value::Job(parent)).await
        })
    }
}

/// A PSTaskJob's pool: how many tasks run at once, and whether each gets a new runspace.
#[derive(Clone, Copy)]
struct Pool {
    throttle: usize,
    new_runspaces: bool,
}

/// Starts queued children while fewer than the throttle run. The pool counts the
/// runspaces it makes (AllocatedRunspaceCount): one per task with -UseNewRunspace, else
/// only when every one it has is busy, as a finished task's runspace is used again.
fn start_next(
    rt: &Rc<Runtime>,
    parent: &Rc<Job>,
    queue: &mut VecDeque<(Rc<Job>, JobLaunch)>,
    pool: Pool,
    location: &str,
) {
    let throttle = pool.throttle;
    let mut running = parent
        .children
        .borrow()
        .iter()
        .filter(|c| matches!(c.state(), JobState::Running | JobState::Blocked))
        .count();
    while running < throttle {
        let Some((child, launch)) = queue.pop_front() else {
            return;
        };
        if parent.stop.get() {
            child.set_state(JobState::Stopped, rt.now_date());
            continue;
        }
        child.set_state(JobState::Running, rt.now_date());
        run_task(rt, &child, launch, location);
        running += 1;
        let allocated = parent.allocated_runspaces.get();
        parent.allocated_runspaces.set(if pool.new_runspaces {
            allocated + 1
        } else {
            allocated.max(running as u32)
        });
    }
}

/// Starts a PSTaskJob's remaining children in order, no more than `throttle` at once.
async fn drive_children(
    rt: Rc<Runtime>,
    parent: Rc<Job>,
    mut queue: VecDeque<(Rc<Job>, JobLaunch)>,
    pool: Pool,
    location: String,
) {
    loop {
        start_next(&rt, &parent, &mut queue, pool, &location);
        if queue.is_empty() {
            return;
        }
        Changed {
            sched: rt.sched.clone(),
            stop: Rc::new(std::cell::Cell::new(false)),
            deadline_ms: None,
            registered: false,
        }
        .await;
    }
}
