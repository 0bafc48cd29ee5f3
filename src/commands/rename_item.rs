//! Rename-Item (`ren`, `rni`): gives a file or folder a new name in the same folder.

use super::copy_item::{copy_to, sources};
use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::fs::{item_value, join};

pub struct RenameItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String").at(0).pipeline(),
    ParamSpec::new("NewName", "System.String").at(1).mandatory(),
    ParamSpec::switch("Force"),
    ParamSpec::switch("PassThru"),
];

struct RenameProc(BoundArgs);

impl SyncProcessor for RenameProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let new_name = self.0.str("NewName").unwrap_or_default();
        for from in sources(cx, &self.0, input)? {
            let folder = from
                .path
                .get(..from.path.len() - from.name.len())
                .unwrap_or("C:\\")
                .to_string();
            let to = join(folder.trim_end_matches('\\'), &new_name);
            if cx.filesystem().borrow().item(&to).is_some() {
                cx.write_error(
                    ErrorRecord::new(
                        "System.IO.IOException",
                        "Cannot create a file when that file already exists.",
                        "RenameItemIOError",
                        Category::WriteError,
                    )
                    .with_target(Value::str(&from.path)),
                )?;
                continue;
            }
            if let Some(renamed) = copy_to(cx, &from, &to, true)? {
                let removed = cx.filesystem().borrow_mut().remove(&from.path);
                if let Err(e) = removed {
                    cx.write_error(e)?;
                }
                if self.0.switch("PassThru") {
                    out.push(item_value(&renamed));
                }
            }
        }
        Ok(())
    }
}

impl Cmdlet for RenameItem {
    fn name(&self) -> &'static str {
        "Rename-Item"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Renames a file or folder."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(RenameProc(a.clone()))
    }
}
