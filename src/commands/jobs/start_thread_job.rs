//! Start-ThreadJob (as if the ThreadJob module were installed): a job on a thread of this
//! process. It is queued NotStarted behind the throttle limit (5, or what the last
//! -ThrottleLimit said), starts without a process's cost, and its objects come back live.

use super::start_job::{capture_using, script_block};
use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::value::Value;
use crate::jobs::runner::{JobLaunch, start_thread_job};
use crate::lang::ast::ScriptBlockAst;
use std::rc::Rc;

pub struct StartThreadJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("ScriptBlock", "System.Management.Automation.ScriptBlock").at(0),
    ParamSpec::new("Name", "System.String"),
    ParamSpec::new(
        "InitializationScript",
        "System.Management.Automation.ScriptBlock",
    ),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
    ParamSpec::new("ArgumentList", "System.Object[]"),
    ParamSpec::new("ThrottleLimit", "System.Int32"),
    ParamSpec::new("FilePath", "System.String"),
    ParamSpec::new("StreamingHost", "System.Object"),
];

struct ThreadJobProc {
    script: Rc<ScriptBlockAst>,
    init: Option<Rc<ScriptBlockAst>>,
    name: Option<String>,
    args: Vec<Value>,
    input: Vec<Value>,
    throttle: Option<usize>,
}

impl CommandProcessor for ThreadJobProc {
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
            let using = capture_using(cx, &self.script).map_err(Flow::error)?;
            let job = start_thread_job(
                cx,
                JobLaunch {
                    script: self.script.clone(),
                    name: self.name.take(),
                    args: std::mem::take(&mut self.args),
                    input: std::mem::take(&mut self.input),
                    init: self.init.clone(),
                    using,
                },
                self.throttle,
            );
            out.emit(cx, Value::Job(job)).await
        })
    }
}

impl Cmdlet for StartThreadJob {
    fn name(&self) -> &'static str {
        "Start-ThreadJob"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block as a job on a thread of this process, queued behind a throttle limit."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let Some(script) = script_block(a.get("ScriptBlock")) else {
            return Err(crate::commands::invalid_argument(
                "Cannot process command because of one or more missing mandatory parameters: ScriptBlock.",
                "MissingMandatoryParameter",
                Value::Null,
            ));
        };
        Ok(Box::new(ThreadJobProc {
            script,
            init: script_block(a.get("InitializationScript")),
            name: a.get("Name").map(to_str),
            args: a
                .get("ArgumentList")
                .map(Value::enumerate)
                .unwrap_or_default(),
            input: Vec::new(),
            throttle: a
                .int("ThrottleLimit")
                .map(|n| n.clamp(1, 1_000_000) as usize),
        }))
    }
}
