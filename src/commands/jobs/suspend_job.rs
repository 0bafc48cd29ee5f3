//! Suspend-Job (`sujb`, Windows PowerShell 5.1 only): suspends workflow jobs. Start-Job,
//! thread and remote jobs cannot be suspended, and say so one by one.

use super::{JOB2_OPERATION_PARAMS, check_state, not_supported, selected};
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct SuspendJob;

struct SuspendProc(BoundArgs);

impl SyncProcessor for SuspendProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        for job in selected(cx, &self.0, input)? {
            cx.write_error(not_supported(
                &job,
                format!(
                    "Cannot suspend the job that has an ID of {}. Suspending jobs is not supported for some job types. For more information about support for suspending jobs, see the Help topic for the job type.",
                    job.id
                ),
            ))?;
        }
        Ok(())
    }
}

impl Cmdlet for SuspendJob {
    fn name(&self) -> &'static str {
        "Suspend-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        JOB2_OPERATION_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Suspends workflow jobs; other job types cannot be suspended."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        check_state(a, "Suspend-Job")?;
        sync(SuspendProc(a.clone()))
    }
}
