//! Stop-Job (`spjb`): stops jobs and returns once they are Stopped. Finished jobs are passed
//! over without a word; -PassThru writes every job that was selected.

use super::{check_state, selected};
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::job::stop_job;
use crate::engine::value::Value;

pub struct StopJob;

const PARAMS: &[ParamSpec] = &[
    super::JOB,
    super::ID,
    super::NAME,
    super::INSTANCE_ID,
    super::STATE,
    super::FILTER,
    ParamSpec::switch("PassThru"),
];

struct StopProc(BoundArgs);

impl SyncProcessor for StopProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let jobs = selected(cx, &self.0, input)?;
        for j in &jobs {
            stop_job(&cx.rt, j);
        }
        if self.0.switch("PassThru") {
            out.extend(jobs.into_iter().map(Value::Job));
        }
        Ok(())
    }
}

impl Cmdlet for StopJob {
    fn name(&self) -> &'static str {
        "Stop-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(super::SESSION_ID_SET)
    }
    fn synopsis(&self) -> &'static str {
        "Stops running jobs; they are Stopped when it returns."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        check_state(a, "Stop-Job")?;
        sync(StopProc(a.clone()))
    }
}
