//! Push-Location (`pushd`): remembers the current location on a stack, then moves to a new
//! one (Pop-Location comes back).

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;

pub struct PushLocation;

const PARAMS: &[ParamSpec] = &[ParamSpec::new("Path", "System.String").at(0).pipeline()];

struct PushProc(BoundArgs);

impl SyncProcessor for PushProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let here = cx.rs.location.borrow().clone();
        let target = input
            .map(|v| crate::engine::convert::to_str(&v))
            .or_else(|| self.0.str("Path"));
        if let Some(t) = target {
            let full = cx.resolve_path(&t);
            let display = cx
                .filesystem()
                .borrow()
                .item(&full)
                .filter(|i| i.dir)
                .map(|i| i.path);
            match display {
                Some(p) => cx.rs.set_location(p),
                None => return Err(Flow::error(crate::world::fs::not_found(&full))),
            }
        }
        cx.rs.location_stack.borrow_mut().push(here);
        Ok(())
    }
}

impl Cmdlet for PushLocation {
    fn name(&self) -> &'static str {
        "Push-Location"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Saves the current location on a stack and moves to another."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(PushProc(a.clone()))
    }
}
