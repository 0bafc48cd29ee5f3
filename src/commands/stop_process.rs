//! Stop-Process (`kill`, `spps`): ends processes of the simulated computer. Ending the
//! powershell.exe of a running Start-Job ends that job's child: it fails, as a job whose
//! process went away does.

use super::get_process::matching;
use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;

pub struct StopProcess;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Id", "System.Int32[]")
        .at(0)
        .mandatory()
        .by_property_name()
        .in_sets(&["Id"]),
    ParamSpec::new("Name", "System.String[]")
        .alias(&["ProcessName"])
        .mandatory()
        .by_property_name()
        .in_sets(&["Name"]),
    ParamSpec::new("InputObject", "System.Diagnostics.Process[]")
        .at(0)
        .mandatory()
        .pipeline()
        .in_sets(&["InputObject"]),
    ParamSpec::switch("PassThru"),
    ParamSpec::switch("Force"),
];

struct StopProcessProc(BoundArgs);

impl SyncProcessor for StopProcessProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let mut a = self.0.clone();
        if let Some(v) = input {
            if let Some(id) = crate::engine::interp::property(&v, "Id") {
                a.values.push(("Id".into(), id));
            }
        }
        let (found, errors) = matching(cx, &a);
        for e in errors {
            cx.write_error(e)?;
        }
        let start = cx.rt.sched.clock.start_date();
        let elapsed = cx.rt.sched.clock.now_ms() / 1000.0;
        for p in found {
            crate::jobs::runner::end_process(&cx.rt, &cx.computer(), p.id);
            if a.switch("PassThru") {
                out.push(crate::world::processes::to_value(&p, start, elapsed, None));
            }
        }
        Ok(())
    }
}

impl Cmdlet for StopProcess {
    fn name(&self) -> &'static str {
        "Stop-Process"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Id")
    }
    fn synopsis(&self) -> &'static str {
        "Ends processes of the simulated computer (a job's powershell.exe too: the job fails)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(StopProcessProc(a.clone()))
    }
}
