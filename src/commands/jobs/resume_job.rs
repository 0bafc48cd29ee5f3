//! Resume-Job (`rujb`, Windows PowerShell 5.1 only): resumes suspended workflow jobs. Start-Job,
//! thread and remote jobs cannot be resumed, and say so one by one.

use super::{JOB2_OPERATION_PARAMS, Job2OperationProc, check_state};
use crate::commands::{Cmdlet, ParamSpec, sync};
use crate::engine::error::ErrorRecord;
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};

pub struct ResumeJob;

impl Cmdlet for ResumeJob {
    fn name(&self) -> &'static str {
        "Resume-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        JOB2_OPERATION_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Resumes suspended workflow jobs; other job types cannot be resumed."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        check_state(a, "Resume-Job")?;
        sync(Job2OperationProc::new(a, "resume", "Resuming"))
    }
}
