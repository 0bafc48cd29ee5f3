//! Wait-Job (`wjb`): waits until the jobs reach a persistent state (finished, or Suspended or
//! Disconnected without -Force), then writes them. Only the foreground waits: jobs run on.
//! On -Timeout it writes nothing at all; `-Timeout 0` never writes anything.

use super::{check_state, selected};
use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::job::{Job, JobState};
use crate::engine::value::Value;
use std::rc::Rc;

pub struct WaitJob;

const PARAMS: &[ParamSpec] = &[
    super::JOB,
    super::ID,
    super::NAME,
    super::INSTANCE_ID,
    super::STATE,
    super::FILTER,
    ParamSpec::switch("Any"),
    ParamSpec::new("Timeout", "System.Int32")
        .alias(&["TimeoutSec"])
        .range(-1, i32::MAX as i64),
    ParamSpec::switch("Force"),
];

struct WaitProc {
    args: BoundArgs,
    jobs: Vec<Rc<Job>>,
}

impl CommandProcessor for WaitProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let found = selected(cx, &self.args, input)?;
            for j in found {
                if !self.jobs.iter().any(|k| Rc::ptr_eq(k, &j)) {
                    self.jobs.push(j);
                }
            }
            Ok(())
        })
    }

    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let timeout = self.args.int("Timeout").unwrap_or(-1);
            if timeout == 0 || self.jobs.is_empty() {
                return Ok(());
            }
            let deadline =
                (timeout > 0).then(|| cx.rt.sched.clock.now_ms() + timeout as f64 * 1000.0);
            let force = self.args.switch("Force");
            let any = self.args.switch("Any");
            let is_done = |j: &Rc<Job>| {
                let s = j.state();
                if force {
                    s.is_finished()
                } else {
                    s.is_persistent()
                }
            };
            loop {
                let done: Vec<Rc<Job>> = self.jobs.iter().filter(|j| is_done(j)).cloned().collect();
                let finished = if any {
                    !done.is_empty()
                } else {
                    done.len() == self.jobs.len()
                };
                if finished {
                    for j in done {
                        out.emit(cx, Value::Job(j)).await?;
                    }
                    return Ok(());
                }
                // A job waiting for input would never finish: Wait-Job says so (with -Any,
                // only when every job waits).
                let blocked = |j: &Rc<Job>| j.state() == JobState::Blocked;
                let deadlock = if any {
                    self.jobs.iter().all(blocked)
                } else {
                    self.jobs.iter().any(blocked)
                };
                if deadlock {
                    return Err(Flow::error(ErrorRecord::new(
                        "System.Management.Automation.PSInvalidOperationException",
                        "The Wait-Job cmdlet cannot finish working, because one or more jobs are blocked waiting for user interaction.  Process interactive job output by using the Receive-Job cmdlet, and then try again.",
                        "BlockedJobsDeadlockWithWaitJob",
                        Category::DeadlockDetected,
                    )));
                }
                if deadline.is_some_and(|d| cx.rt.sched.clock.now_ms() >= d) {
                    return Ok(());
                }
                cx.wait_for_change_until(deadline).await?;
            }
        })
    }
}

impl Cmdlet for WaitJob {
    fn name(&self) -> &'static str {
        "Wait-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(super::SESSION_ID_SET)
    }
    fn synopsis(&self) -> &'static str {
        "Waits until jobs finish (or one of them, with -Any) and writes them; silent on -Timeout."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        check_state(a, "Wait-Job")?;
        Ok(Box::new(WaitProc {
            args: a.clone(),
            jobs: Vec::new(),
        }))
    }
}
