//! Invoke-Command (`icm`): runs a script block here, or on other computers. With -AsJob (or
//! -JobName) it returns a RemoteJob at once; without, it waits and writes what each computer
//! sends back as it arrives, every object marked with its PSComputerName.

use super::receive_job::{replay, write_failure};
use super::start_job::{capture_using, script_block};
use crate::commands::{Cmdlet, ParamSpec, invalid_argument};
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::value::Value;
use crate::jobs::runner::{JobLaunch, RemoteTarget, closed_session_error, start_remote_job};
use crate::lang::ast::ScriptBlockAst;
use std::rc::Rc;

pub struct InvokeCommand;

const PARAMS: &[ParamSpec] = &[
    // Position 0 is -ComputerName in the remote parameter sets and -ScriptBlock in the local
    // one; `start` sorts out which was meant.
    ParamSpec::new("ComputerName", "System.Object")
        .at(0)
        .alias(&["Cn"]),
    ParamSpec::new("ScriptBlock", "System.Object")
        .at(1)
        .alias(&["Command"]),
    ParamSpec::switch("AsJob"),
    ParamSpec::new("JobName", "System.String"),
    ParamSpec::new("ThrottleLimit", "System.Int32"),
    ParamSpec::new("ArgumentList", "System.Object[]").alias(&["Args"]),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
    ParamSpec::switch("HideComputerName").alias(&["HCN"]),
    ParamSpec::new("Session", "System.Object"),
    ParamSpec::switch("InDisconnectedSession").alias(&["Disconnected"]),
    ParamSpec::new("SessionName", "System.String[]"),
];

struct InvokeProc {
    script: Rc<ScriptBlockAst>,
    /// Computers or sessions; none: here.
    targets: Vec<RemoteTarget>,
    as_job: bool,
    job_name: Option<String>,
    hide_computer: bool,
    /// -ThrottleLimit: computers worked on at once (0 or unset: 32).
    throttle: usize,
    args: Vec<Value>,
    input: Vec<Value>,
    /// -InDisconnectedSession: start the command, then disconnect its sessions.
    in_disconnected: bool,
    /// -SessionName: the names of the sessions it opens.
    session_names: Vec<String>,
}

impl CommandProcessor for InvokeProc {
    fn process<'a>(
        &'a mut self,
        _cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        if let Some(v) = input {
            self.input.push(v);
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if !self.as_job {
                self.drop_closed_sessions(cx)?;
            }
            let opened_here = self.in_disconnected && self.open_sessions(cx).await?;
            if self.targets.is_empty() {
                // Here, in a child scope, like `&`.
                cx.set_var("input", Value::array(std::mem::take(&mut self.input)));
                let args = std::mem::take(&mut self.args);
                return cx.invoke_block(&self.script, None, args, true, out).await;
            }
            let using = capture_using(cx, &self.script).map_err(Flow::error)?;
            let launch = JobLaunch {
                script: self.script.clone(),
                name: self.job_name.take(),
                args: std::mem::take(&mut self.args),
                input: std::mem::take(&mut self.input),
                init: None,
                using,
                dollar_under: None,
                working_directory: None,
                windows_powershell: false,
            };
            let job = start_remote_job(
                cx,
                launch,
                &self.targets,
                !self.hide_computer,
                self.as_job,
                self.throttle,
            );
            if self.as_job {
                return out.emit(cx, Value::Job(job)).await;
            }
            if self.in_disconnected {
                // The command runs on there; the sessions are disconnected from it at once,
                // and those opened for it are what the command returns.
                for (child, target) in job.descendants().iter().zip(&self.targets) {
                    if let RemoteTarget::Session(s) = target {
                        *s.running.borrow_mut() = Some(child.clone());
                        s.disconnect(cx.rt.now_date());
                        if opened_here {
                            out.emit(cx, Value::Live(s.clone())).await?;
                        }
                    }
                }
                return Ok(());
            }
            receive_all(cx, &job, out).await
        })
    }
}

/// Writes what a remote command's children send back as it arrives, until it ends, then
/// the errors of those that failed (Invoke-Command, Receive-PSSession).
pub(crate) async fn receive_all(
    cx: &mut Interp,
    job: &Rc<crate::engine::job::Job>,
    out: &mut dyn Emit,
) -> EvalResult<()> {
    let children = match job.descendants() {
        c if c.is_empty() => vec![job.clone()],
        c => c,
    };
    loop {
        for c in &children {
            replay(cx, c, false, out).await?;
        }
        if children.iter().all(|c| c.state().is_finished()) {
            break;
        }
        cx.wait_for_change().await?;
    }
    for c in &children {
        write_failure(cx, c)?;
    }
    Ok(())
}

impl InvokeProc {
    /// -InDisconnectedSession with -ComputerName: a session is opened on each computer (as
    /// New-PSSession would, with its errors) for the command to run in. True when it opened
    /// them (they are what the command returns).
    async fn open_sessions(&mut self, cx: &mut Interp) -> EvalResult<bool> {
        use crate::world::network::{CONNECT_MS, is_reachable};
        let computers: Vec<String> = self
            .targets
            .iter()
            .filter_map(|t| match t {
                RemoteTarget::Computer(c) => Some(c.clone()),
                RemoteTarget::Session(_) => None,
            })
            .collect();
        if computers.is_empty() {
            return Ok(false);
        }
        cx.sleep_ms(cx.rt.latency_ms(CONNECT_MS)).await?;
        let mut targets = Vec::new();
        for (i, computer) in computers.iter().enumerate() {
            if !is_reachable(computer) {
                cx.write_error(crate::commands::remoting::new_pssession::open_failed(
                    computer,
                ))?;
                continue;
            }
            let name = self.session_names.get(i).map(String::as_str);
            let session = crate::jobs::sessions::open(&cx.rt, computer, name);
            targets.push(RemoteTarget::Session(session));
        }
        self.targets = targets;
        Ok(true)
    }

    /// Sessions that are not Opened are passed over with an error each; if none is left,
    /// the command fails (`ICMNoValidRunspaces`). -AsJob takes them all: their child jobs fail.
    fn drop_closed_sessions(&mut self, cx: &mut Interp) -> EvalResult<()> {
        let closed: Vec<_> = self
            .targets
            .iter()
            .filter_map(|t| match t {
                RemoteTarget::Session(s) if !s.is_open() => Some(s.clone()),
                _ => None,
            })
            .collect();
        if closed.is_empty() {
            return Ok(());
        }
        for s in &closed {
            cx.write_error(closed_session_error(s).with_target(Value::Live(s.clone())))?;
        }
        self.targets
            .retain(|t| !matches!(t, RemoteTarget::Session(s) if !s.is_open()));
        if self.targets.is_empty() {
            return Err(Flow::error(ErrorRecord::new(
                "System.Management.Automation.PSInvalidOperationException",
                "No valid sessions were specified.  Ensure you provide valid sessions that are in the Opened state and are available to run commands.",
                "InvalidOperation",
                crate::engine::error::Category::InvalidOperation,
            )));
        }
        Ok(())
    }
}

impl Cmdlet for InvokeCommand {
    fn name(&self) -> &'static str {
        "Invoke-Command"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block here or on remote computers; -AsJob makes it a job with a child per computer."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let (computers, script) = match (a.get("ComputerName"), a.get("ScriptBlock")) {
            (Some(Value::ScriptBlock(sb)), None) => (Vec::new(), Some(sb.clone())),
            (c, s) => (
                c.map(|v| v.enumerate().iter().map(to_str).collect())
                    .unwrap_or_default(),
                script_block(s),
            ),
        };
        let Some(script) = script else {
            return Err(invalid_argument(
                "Cannot process command because of one or more missing mandatory parameters: ScriptBlock.",
                "MissingMandatoryParameter",
                Value::Null,
            ));
        };
        let mut targets: Vec<RemoteTarget> =
            computers.into_iter().map(RemoteTarget::Computer).collect();
        if let Some(session) = a.get("Session") {
            let items = session.enumerate();
            let sessions = crate::commands::remoting::sessions_in(session);
            if sessions.is_empty() || sessions.len() != items.len() {
                return Err(session_refused(session));
            }
            targets = sessions.into_iter().map(RemoteTarget::Session).collect();
        }
        let job_name = a.str("JobName").filter(|n| !n.is_empty());
        let as_job = a.switch("AsJob") || job_name.is_some();
        let in_disconnected = a.switch("InDisconnectedSession");
        let thrown = |message: &str| {
            ErrorRecord::new(
                "System.InvalidOperationException",
                message,
                "System.InvalidOperationException",
                crate::engine::error::Category::NotSpecified,
            )
        };
        if in_disconnected && as_job {
            return Err(thrown(
                "You cannot use the Invoke-Command cmdlet with both the AsJob and Disconnected parameters in the same command.",
            ));
        }
        if in_disconnected && targets.is_empty() {
            return Err(thrown(
                "No computer names or connection Uris were specified.  You must provide a computer name or connection Uri when invoking a command with the -Disconnected switch.",
            ));
        }
        if as_job && targets.is_empty() {
            return Err(invalid_argument(
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
                "AmbiguousParameterSet",
                Value::Null,
            ));
        }
        Ok(Box::new(InvokeProc {
            script,
            targets,
            as_job,
            job_name,
            hide_computer: a.switch("HideComputerName"),
            throttle: match a.int("ThrottleLimit") {
                Some(n) if n > 0 => n as usize,
                _ => 32,
            },
            args: a
                .get("ArgumentList")
                .map(Value::enumerate)
                .unwrap_or_default(),
            input: Vec::new(),
            in_disconnected,
            session_names: a.strings("SessionName").unwrap_or_default(),
        }))
    }
}

/// What `-Session` gets when it holds no PSSession: the parameter's own validation, as
/// PowerShell answers a `$null` or a value that is not a PSSession, rather than running the
/// block here as if no session were given.
fn session_refused(session: &Value) -> ErrorRecord {
    let items = session.enumerate();
    match items.iter().find(|v| !v.is_null()) {
        None => ErrorRecord::new(
            "System.Management.Automation.ParameterBindingValidationException",
            "Cannot validate argument on parameter 'Session'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.",
            "ParameterArgumentValidationError",
            crate::engine::error::Category::InvalidData,
        ),
        Some(v) => invalid_argument(
            format!(
                "Cannot bind parameter 'Session'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Management.Automation.Runspaces.PSSession\".",
                to_str(v),
                crate::engine::types::type_names_of(v)
                    .first()
                    .map_or("System.Object", |t| t.as_str())
            ),
            "CannotConvertArgumentNoMessage",
            Value::Null,
        ),
    }
}
