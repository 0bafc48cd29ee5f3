//! Stop-Job (`spjb`): stops jobs and returns once they are Stopped. Finished jobs are passed
//! over without a word; -PassThru writes every job that was selected.

use super::{Lookup, check_state, jobs_in, select};
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::jobs::runner::stop_job;

pub struct StopJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Job", "System.Object").at(0).pipeline(),
    ParamSpec::new("Id", "System.Int32[]"),
    ParamSpec::new("Name", "System.String[]"),
    ParamSpec::new("InstanceId", "System.String[]"),
    ParamSpec::new("State", "System.String"),
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
        let jobs = match input.or_else(|| self.0.get("Job").cloned()) {
            Some(v) => jobs_in(&v),
            None => {
                let (found, errors) = select(
                    cx,
                    &self.0,
                    Lookup {
                        name_searches_children: true,
                    },
                )
                .unwrap_or_default();
                for e in errors {
                    cx.write_error(e)?;
                }
                found
            }
        };
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
