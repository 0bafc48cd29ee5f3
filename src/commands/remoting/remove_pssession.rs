//! Remove-PSSession (`rsn`): closes sessions and takes them out of the table. What ran in
//! one ends with it, its jobs too; a variable that still holds it shows it Closed.

use super::selected;
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct RemovePSSession;

const PARAMS: &[ParamSpec] = &[
    super::SESSION,
    super::SESSION_ID,
    super::SESSION_NAME,
    super::SESSION_INSTANCE_ID,
    super::SESSION_COMPUTER_NAME,
];

struct RemoveProc(BoundArgs);

impl SyncProcessor for RemoveProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let (sessions, errors) = selected(cx, &self.0, input.as_ref());
        for s in sessions {
            s.close();
            crate::jobs::sessions::table(&cx.rt).remove(&s);
        }
        cx.rt.sched.notify();
        for e in errors {
            cx.write_error(e)?;
        }
        Ok(())
    }
}

impl Cmdlet for RemovePSSession {
    fn name(&self) -> &'static str {
        "Remove-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Id")
    }
    fn synopsis(&self) -> &'static str {
        "Closes sessions; what runs in them, their jobs too, ends with them."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(RemoveProc(a.clone()))
    }
}
