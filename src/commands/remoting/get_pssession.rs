//! Get-PSSession (`gsn`): the sessions this session opened, by Id; -Id, -Name,
//! -ComputerName, -InstanceId and -State narrow the list. Removed sessions are gone from it.

use super::selected;
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct GetPSSession;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Id", "System.Int32[]").at(0),
    ParamSpec::new("Name", "System.String[]"),
    ParamSpec::new("ComputerName", "System.String[]").alias(&["Cn"]),
    ParamSpec::new("InstanceId", "System.Guid[]"),
    ParamSpec::new("State", "System.String"),
];

struct GetProc(BoundArgs);

impl SyncProcessor for GetProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        _input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let (sessions, errors) = selected(cx, &self.0, None);
        out.extend(sessions.into_iter().map(|s| Value::Live(s)));
        for e in errors {
            cx.write_error(e)?;
        }
        Ok(())
    }
}

impl Cmdlet for GetPSSession {
    fn name(&self) -> &'static str {
        "Get-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Gets the sessions New-PSSession opened here."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetProc(a.clone()))
    }
}
