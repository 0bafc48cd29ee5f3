//! Pop-Location (`popd`): back to the location Push-Location saved last.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct PopLocation;

const PARAMS: &[ParamSpec] = &[ParamSpec::switch("PassThru")];

struct PopProc(BoundArgs);

impl SyncProcessor for PopProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        _input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        // An empty stack leaves the location as it is, without a word.
        let popped = cx.rs.location_stack.borrow_mut().pop();
        if let Some(p) = popped {
            cx.rs.set_location(p);
            if self.0.switch("PassThru") {
                out.push(cx.get_var("PWD").unwrap_or(Value::Null));
            }
        }
        Ok(())
    }
}

impl Cmdlet for PopLocation {
    fn name(&self) -> &'static str {
        "Pop-Location"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Returns to the location last saved by Push-Location."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(PopProc(a.clone()))
    }
}
