//! Remove-Item (`del`, `rm`, `ri`): deletes files and folders. A folder with items in it
//! needs -Recurse.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct RemoveItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]").at(0).pipeline(),
    ParamSpec::new("LiteralPath", "System.String[]").alias(&["PSPath", "LP"]),
    ParamSpec::switch("Recurse"),
    ParamSpec::switch("Force"),
];

struct RemoveItemProc(BoundArgs);

impl SyncProcessor for RemoveItemProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let paths = match input {
            Some(v) => vec![crate::engine::interp::property(&v, "FullName").map_or_else(
                || crate::engine::convert::to_str(&v),
                |p| crate::engine::convert::to_str(&p),
            )],
            None => self
                .0
                .strings("LiteralPath")
                .or_else(|| self.0.strings("Path"))
                .unwrap_or_default(),
        };
        for p in paths {
            let full = cx.resolve_path(&p);
            let item = cx.filesystem().borrow().item(&full);
            let Some(item) = item else {
                cx.write_error(crate::world::fs::not_found(&full))?;
                continue;
            };
            if item.dir && !self.0.switch("Recurse") {
                let has_children = cx
                    .rt
                    .fs
                    .borrow()
                    .list(&item.path)
                    .map(|l| !l.is_empty())
                    .unwrap_or(true);
                if has_children {
                    cx.write_error(
                        ErrorRecord::new(
                            "System.IO.IOException",
                            format!(
                                "Cannot remove item {}: The directory is not empty.",
                                item.path
                            ),
                            "RemoveFileSystemItemIOError",
                            Category::WriteError,
                        )
                        .with_target(Value::str(&item.path)),
                    )?;
                    continue;
                }
            }
            let removed = cx.filesystem().borrow_mut().remove(&item.path);
            if let Err(e) = removed {
                cx.write_error(e)?;
            }
        }
        Ok(())
    }
}

impl Cmdlet for RemoveItem {
    fn name(&self) -> &'static str {
        "Remove-Item"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Deletes files and folders (a folder with items in it needs -Recurse)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(RemoveItemProc(a.clone()))
    }
}
