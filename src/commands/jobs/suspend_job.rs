//! Suspend-Job (`sujb`, Windows PowerShell 5.1 only): suspends workflow jobs. Start-Job,
//! thread and remote jobs cannot be suspended, and say so one by one.

use super::{JOB2_OPERATION_PARAMS, Job2OperationProc, check_state};
use crate::commands::{Cmdlet, ParamSpec, sync};
use crate::engine::error::ErrorRecord;
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};

pub struct SuspendJob;

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
        sync(Job2OperationProc::new(a, "suspend", "Suspending"))
    }
}
