//! Exit-PSSession (`exsn`): the console leaves the session it entered; its next command
//! line runs here again. Outside a session it does nothing.

use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct ExitPSSession;

struct ExitProc;

impl SyncProcessor for ExitProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        _input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        crate::jobs::sessions::table(&cx.rt).leave();
        Ok(())
    }
}

impl Cmdlet for ExitPSSession {
    fn name(&self) -> &'static str {
        "Exit-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        &[]
    }
    fn synopsis(&self) -> &'static str {
        "Leaves the session Enter-PSSession entered."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        _a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(ExitProc)
    }
}
