//! Running a PowerShell object. `Invoke()` runs its statements in its runspace while the
//! caller waits, returning their output; errors go to its Error stream, and an error that
//! ends the run comes back as the MethodInvocationException around it. `BeginInvoke()`
//! runs them as a task of their own on the scheduler, so several run at once and the
//! caller goes on; `EndInvoke($handle)` waits for one and returns its output. With a
//! runspace pool each invocation first waits for a runspace of the pool to be free.

use super::powershell::{AsyncResult, InvocationState, PowerShell, WaitHandle};
use super::runspaces::{RunspaceObject, RunspacePool, RunspaceState, method_error, new_id};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{
    BoxFut, Collect, Emit, HostedArg, HostedCommand, HostedCommandKind, Interp,
};
use crate::engine::job::Stream;
use crate::engine::live::downcast;
use crate::engine::runtime::Runtime;
use crate::engine::value::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// `[powershell]::Create()` and `[runspacefactory]::...`; None for other static methods.
pub fn static_call(
    cx: &Interp,
    type_name: &str,
    method: &str,
    args: &[Value],
) -> Option<Result<Value, ErrorRecord>> {
    let rt = &cx.rt;
    let method = method.to_ascii_lowercase();
    match (type_name, method.as_str()) {
        ("System.Management.Automation.PowerShell", "create") => {
            let ps = PowerShell::new(new_id(rt), new_id(rt));
            let mode = args.first().and_then(|a| {
                crate::engine::enums::convert(a, "System.Management.Automation.RunspaceMode")
                    .and_then(Result::ok)
            });
            match args.first() {
                // RunspaceMode.CurrentRunspace: the caller's own runspace.
                _ if matches!(&mode, Some(Value::Enum(e)) if e.name == "CurrentRunspace") => {
                    let current = Rc::new(RunspaceObject {
                        id: 1,
                        instance_id: new_id(rt),
                        runspace: cx.rs.clone(),
                        state: Cell::new(RunspaceState::Opened),
                        busy: Cell::new(false),
                    });
                    *ps.runspace.borrow_mut() = Some(current);
                }
                Some(other) => {
                    if let Some(r) = downcast::<RunspaceObject>(other) {
                        *ps.runspace.borrow_mut() = Some(r);
                    }
                }
                None => {}
            }
            Some(Ok(Value::Live(Rc::new(ps))))
        }
        ("System.Management.Automation.Runspaces.RunspaceFactory", "createrunspacepool") => {
            let n = |i: usize| {
                args.get(i)
                    .and_then(crate::engine::convert::to_i64)
                    .map(|v| v.clamp(0, 1024) as usize)
            };
            let (min, max) = match args.len() {
                0 => (1, 1),
                _ => (n(0).unwrap_or(1), n(1).unwrap_or(1)),
            };
            if min < 1 || max < min {
                return Some(Err(method_error(
                    "CreateRunspacePool",
                    args.len(),
                    "System.ArgumentException",
                    "The maximum pool size cannot be less than 1 or the minimum pool size.",
                )));
            }
            Some(Ok(Value::Live(RunspacePool::new(rt, min, max))))
        }
        ("System.Management.Automation.Runspaces.RunspaceFactory", "createrunspace") => Some(Ok(
            Value::Live(RunspaceObject::new(rt, RunspaceState::BeforeOpen)),
        )),
        _ => None,
    }
}

/// A method of a PowerShell object or of what it gives out that needs the evaluator;
/// None when `obj` is none of them or has no such method.
pub async fn call_method(
    cx: &mut Interp,
    obj: &Value,
    name: &str,
    args: &[Value],
) -> Option<EvalResult<Option<Value>>> {
    if let Some(handle) = downcast::<WaitHandle>(obj) {
        if !name.eq_ignore_ascii_case("waitone") {
            return None;
        }
        return Some(wait_one(cx, &handle.0, args).await);
    }
    // PSCommand's own Add* methods build the same commands.
    if let Some(command) = downcast::<super::powershell::PSCommand>(obj) {
        return add_command(&command.0, name, args).map(|r| r.map(|()| Some(obj.clone())));
    }
    let ps = downcast::<PowerShell>(obj)?;
    if let Some(added) = add_command(&ps.commands, name, args) {
        return Some(added.map(|()| Some(obj.clone())));
    }
    let lname = name.to_ascii_lowercase();
    Some(match lname.as_str() {
        "invoke" => invoke(cx, &ps, args).await,
        "begininvoke" => begin_invoke(cx, &ps, args).map(Some),
        "endinvoke" => end_invoke(cx, &ps, args).await,
        "stop" | "beginstop" => {
            ps.streams.stop.set(true);
            Ok(None)
        }
        "endstop" => Ok(None),
        "dispose" => {
            ps.disposed.set(true);
            ps.streams.stop.set(true);
            if ps.owns_runspace.get() {
                if let Some(r) = ps.runspace.borrow().as_ref() {
                    r.state.set(RunspaceState::Closed);
                }
            }
            Ok(None)
        }
        _ => return None,
    })
}

/// AddScript, AddCommand, AddParameter(s), AddArgument, AddStatement: what they add to a
/// PowerShell object's (or a PSCommand's) statements; None for other methods.
fn add_command(
    statements: &super::powershell::Statements,
    name: &str,
    args: &[Value],
) -> Option<EvalResult<()>> {
    let lname = name.to_ascii_lowercase();
    Some(match lname.as_str() {
        "addscript" | "addcommand" => {
            let Some(text) = args.first().map(to_str) else {
                return Some(Err(count_error(name, args.len())));
            };
            let local = args.get(1).is_some_and(crate::engine::convert::to_bool);
            let kind = if lname == "addscript" {
                HostedCommandKind::Script {
                    text: Rc::from(text.as_str()),
                    local_scope: local,
                }
            } else {
                HostedCommandKind::Command(Rc::from(text.as_str()))
            };
            let mut statements = statements.borrow_mut();
            if statements.is_empty() {
                statements.push(Vec::new());
            }
            if let Some(last) = statements.last_mut() {
                last.push(HostedCommand {
                    kind,
                    args: Vec::new(),
                });
            }
            Ok(())
        }
        "addparameter" | "addargument" | "addparameters" => {
            let added: Vec<HostedArg> = match (lname.as_str(), args) {
                ("addparameter", [n]) => vec![HostedArg::Named(Rc::from(to_str(n).as_str()), None)],
                ("addparameter", [n, v]) => vec![HostedArg::Named(
                    Rc::from(to_str(n).as_str()),
                    Some(v.clone()),
                )],
                ("addargument", [v]) => vec![HostedArg::Positional(v.clone())],
                ("addparameters", [Value::Hashtable(h)]) => h
                    .borrow()
                    .entries
                    .iter()
                    .map(|(k, v)| HostedArg::Named(Rc::from(to_str(k).as_str()), Some(v.clone())))
                    .collect(),
                ("addparameters", [list]) => list
                    .enumerate()
                    .into_iter()
                    .map(HostedArg::Positional)
                    .collect(),
                _ => return Some(Err(count_error(name, args.len()))),
            };
            let mut statements = statements.borrow_mut();
            match statements.last_mut().and_then(|s| s.last_mut()) {
                Some(command) => {
                    command.args.extend(added);
                    Ok(())
                }
                None => Err(Flow::error(method_error(
                    name,
                    args.len(),
                    "System.InvalidOperationException",
                    "A command is required to add a parameter. A command must be added to the PowerShell instance before adding a parameter.",
                ))),
            }
        }
        "addstatement" => {
            statements.borrow_mut().push(Vec::new());
            Ok(())
        }
        _ => return None,
    })
}

fn count_error(name: &str, n: usize) -> Flow {
    Flow::error(crate::engine::interp::method_count_error(name, n))
}

/// What must hold before an invocation starts, in PowerShell's order.
fn check_can_start(ps: &PowerShell, method: &str, args: usize) -> Result<(), Flow> {
    let fail = |exception: &str, message: &str| {
        Err(Flow::error(method_error(method, args, exception, message)))
    };
    if ps.disposed.get() {
        return fail(
            "System.ObjectDisposedException",
            "Cannot access a disposed object.\nObject name: 'PowerShell'.",
        );
    }
    if ps.state.get() == InvocationState::Running {
        return fail(
            "System.Management.Automation.InvalidPowerShellStateException",
            "The operation cannot be performed because a command has already been started. Wait for the command to complete, or stop it, and then try the operation again.",
        );
    }
    if ps.commands.borrow().iter().all(Vec::is_empty) {
        return fail(
            "System.InvalidOperationException",
            "No commands are specified.",
        );
    }
    if let Some(pool) = ps.pool.borrow().as_ref() {
        if pool.state.get() != RunspaceState::Opened {
            return Err(Flow::error(pool.not_open_error(method, args)));
        }
    } else if let Some(r) = ps.runspace.borrow().as_ref() {
        if !r.is_open() {
            return Err(Flow::error(r.not_open_error(method, args)));
        }
    }
    Ok(())
}

/// The runspace an invocation runs in: the object's own (made now if it has none), or
/// one its pool lends once one is free.
async fn take_runspace(
    rt: &Rc<Runtime>,
    stop: &Rc<Cell<bool>>,
    ps: &PowerShell,
) -> EvalResult<Rc<RunspaceObject>> {
    let pool = ps.pool.borrow().clone();
    if let Some(pool) = pool {
        loop {
            if let Some(r) = pool.lend(rt) {
                return Ok(r);
            }
            crate::engine::scheduler::Changed {
                sched: rt.sched.clone(),
                stop: stop.clone(),
                deadline_ms: None,
                registered: false,
            }
            .await;
            if stop.get() {
                return Err(Flow::Stopped);
            }
        }
    }
    let own = ps.runspace.borrow().clone();
    let r = match own {
        Some(r) => r,
        None => {
            let made = RunspaceObject::new(rt, RunspaceState::Opened);
            *ps.runspace.borrow_mut() = Some(made.clone());
            ps.owns_runspace.set(true);
            made
        }
    };
    r.busy.set(true);
    Ok(r)
}

/// Runs the object's statements in `runspace`, the output going to `out`: Ok, or the
/// error that ended the run.
async fn run_statements(
    rt: &Rc<Runtime>,
    ps: &PowerShell,
    runspace: &RunspaceObject,
    stop: Rc<Cell<bool>>,
    depth: usize,
    input: Option<Vec<Value>>,
    out: &mut dyn Emit,
) -> EvalResult<()> {
    let mut inner = Interp::new(rt.clone(), runspace.runspace.clone(), stop);
    inner.job = Some(ps.streams.clone());
    inner.depth = depth;
    let statements = ps.commands.borrow().clone();
    let mut input = input;
    for statement in statements.iter().filter(|s| !s.is_empty()) {
        inner.run_hosted(statement, input.take(), out).await?;
    }
    Ok(())
}

/// How an invocation ended: the state it leaves, and the error to throw if any.
fn settle(ps: &PowerShell, errors_before: usize, r: EvalResult<()>) -> Option<Rc<ErrorRecord>> {
    let failure = match r {
        Ok(()) | Err(Flow::Exit(_) | Flow::Return | Flow::Break(_) | Flow::Continue(_)) => {
            ps.state.set(InvocationState::Completed);
            None
        }
        Err(Flow::Stopped | Flow::StopUpstream) => {
            ps.state.set(InvocationState::Stopped);
            Some(Rc::new(ErrorRecord::new(
                "System.Management.Automation.PipelineStoppedException",
                "The pipeline has been stopped.",
                "PipelineStoppedException",
                Category::OperationStopped,
            )))
        }
        Err(Flow::Error(rec, _)) => {
            ps.state.set(InvocationState::Failed);
            Some(rec)
        }
    };
    *ps.reason.borrow_mut() = failure.clone();
    if failure.is_some() || ps.streams.count(Stream::Error) > errors_before {
        ps.had_errors.set(true);
    }
    // The streams keep what was written; the buffer a job keeps for Receive-Job is not
    // needed for them.
    ps.streams.forget_results();
    failure
}

/// The input an Invoke or BeginInvoke was given (its first argument), as items.
fn input_of(args: &[Value]) -> Option<Vec<Value>> {
    args.first().filter(|v| !v.is_null()).map(|v| v.enumerate())
}

async fn invoke(cx: &mut Interp, ps: &Rc<PowerShell>, args: &[Value]) -> EvalResult<Option<Value>> {
    check_can_start(ps, "Invoke", args.len())?;
    if cx.depth >= crate::engine::interp::MAX_CALL_DEPTH {
        return Err(crate::engine::interp::call_depth_overflow());
    }
    let runspace = take_runspace(&cx.rt, &cx.stop, ps).await?;
    ps.state.set(InvocationState::Running);
    ps.had_errors.set(false);
    ps.streams.stop.set(false);
    let errors_before = ps.streams.count(Stream::Error);
    let mut sink = Collect::default();
    let r = run_statements(
        &cx.rt,
        ps,
        &runspace,
        cx.stop.clone(),
        cx.depth + 1,
        input_of(args),
        &mut sink,
    )
    .await;
    runspace.busy.set(false);
    cx.rt.sched.notify();
    // The caller itself was stopped (Ctrl+C): it stops too.
    if cx.stop.get() {
        settle(ps, errors_before, r);
        return Err(Flow::Stopped);
    }
    match settle(ps, errors_before, r) {
        Some(failure) => Err(Flow::error(crate::engine::error_object::method_invocation(
            "Invoke",
            args.len(),
            failure,
        ))),
        None => Ok(Some(Value::array(sink.0.take()))),
    }
}

/// Where a BeginInvoke's output goes: the collection its handle holds.
struct AsyncOutput(Rc<AsyncResult>);

impl Emit for AsyncOutput {
    fn emit<'a>(&'a mut self, cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        let room = cx.rt.budget.make_room(v.new_bytes());
        if room.is_ok() {
            self.0.output.borrow_mut().push(v);
        }
        Box::pin(std::future::ready(room.map_err(Flow::error)))
    }
}

fn begin_invoke(cx: &mut Interp, ps: &Rc<PowerShell>, args: &[Value]) -> EvalResult<Value> {
    check_can_start(ps, "BeginInvoke", args.len())?;
    let rt = cx.rt.clone();
    let handle = Rc::new(AsyncResult {
        owner: ps.instance_id,
        instance_id: new_id(&rt),
        done: Cell::new(false),
        output: RefCell::new(Vec::new()),
        failure: RefCell::new(None),
        me: RefCell::new(std::rc::Weak::new()),
    });
    *handle.me.borrow_mut() = Rc::downgrade(&handle);
    *ps.pending.borrow_mut() = Some(handle.clone());
    ps.state.set(InvocationState::Running);
    ps.had_errors.set(false);
    ps.streams.stop.set(false);
    let input = input_of(args);
    // A pool lends a free runspace at once; with none free the task waits for one.
    let lent = ps.pool.borrow().as_ref().and_then(|pool| pool.lend(&rt));
    let task = {
        let (ps, handle, rt) = (ps.clone(), handle.clone(), rt.clone());
        async move {
            let errors_before = ps.streams.count(Stream::Error);
            let stop = ps.streams.stop.clone();
            let runspace = match lent {
                Some(r) => Ok(r),
                None => take_runspace(&rt, &stop, &ps).await,
            };
            let r = match runspace {
                Ok(runspace) => {
                    let mut out = AsyncOutput(handle.clone());
                    let r = run_statements(&rt, &ps, &runspace, stop, 1, input, &mut out).await;
                    runspace.busy.set(false);
                    r
                }
                Err(e) => Err(e),
            };
            *handle.failure.borrow_mut() = settle(&ps, errors_before, r);
            handle.done.set(true);
            rt.sched.notify();
        }
    };
    rt.sched.spawn(task);
    Ok(Value::Live(handle))
}

/// Waits for an invocation BeginInvoke started.
async fn wait_done(cx: &mut Interp, handle: &AsyncResult) -> EvalResult<()> {
    while !handle.done.get() {
        cx.wait_for_change().await?;
    }
    Ok(())
}

async fn end_invoke(
    cx: &mut Interp,
    ps: &Rc<PowerShell>,
    args: &[Value],
) -> EvalResult<Option<Value>> {
    let handle = match args {
        [h] => downcast::<AsyncResult>(h).filter(|h| h.owner == ps.instance_id),
        _ => return Err(count_error("EndInvoke", args.len())),
    };
    let Some(handle) = handle else {
        return Err(Flow::error(method_error(
            "EndInvoke",
            1,
            "System.ArgumentException",
            "The IAsyncResult object was not created by calling BeginInvoke on this PowerShell instance.",
        )));
    };
    wait_done(cx, &handle).await?;
    let is_pending = ps
        .pending
        .borrow()
        .as_ref()
        .is_some_and(|p| Rc::ptr_eq(p, &handle));
    if is_pending {
        *ps.pending.borrow_mut() = None;
    }
    if let Some(failure) = handle.failure.borrow().clone() {
        return Err(Flow::error(crate::engine::error_object::method_invocation(
            "EndInvoke",
            1,
            failure,
        )));
    }
    Ok(Some(Value::array(handle.output.borrow().clone())))
}

/// `$handle.AsyncWaitHandle.WaitOne([timeout ms])`: True once the invocation is done,
/// False if the timeout passed first.
async fn wait_one(
    cx: &mut Interp,
    handle: &AsyncResult,
    args: &[Value],
) -> EvalResult<Option<Value>> {
    let timeout = args
        .first()
        .and_then(crate::engine::convert::to_f64)
        .filter(|ms| *ms >= 0.0);
    let Some(ms) = timeout else {
        wait_done(cx, handle).await?;
        return Ok(Some(Value::Bool(true)));
    };
    let deadline = cx.rt.sched.clock.now_ms() + ms;
    while !handle.done.get() && cx.rt.sched.clock.now_ms() < deadline {
        cx.wait_for_change_until(Some(deadline)).await?;
    }
    Ok(Some(Value::Bool(handle.done.get())))
}
