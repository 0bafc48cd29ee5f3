//! Move-Item (`move`, `mv`, `mi`): moves files and folders (a copy, then the original goes).

use super::copy_item::{copy_to, sources, target_path};
use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::fs::item_value;

pub struct MoveItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]").at(0).pipeline(),
    ParamSpec::new("Destination", "System.String").at(1),
    ParamSpec::switch("Force"),
    ParamSpec::switch("PassThru"),
];

struct MoveProc(BoundArgs);

impl SyncProcessor for MoveProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let destination = self.0.str("Destination").unwrap_or_else(|| ".".into());
        for from in sources(cx, &self.0, input)? {
            let to = target_path(cx, &from, &destination);
            if let Some(moved) = copy_to(cx, &from, &to, true)? {
                let removed = cx.filesystem().borrow_mut().remove(&from.path);
                if let Err(e) = removed {
                    cx.write_error(e)?;
                }
                if self.0.switch("PassThru") {
                    out.push(item_value(&moved));
                }
            }
        }
        Ok(())
    }
}

impl Cmdlet for MoveItem {
    fn name(&self) -> &'static str {
        "Move-Item"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Moves files and folders."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(MoveProc(a.clone()))
    }
}
