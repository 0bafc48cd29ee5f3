//! Move-Item (`move`, `mv`, `mi`): moves files and folders (a copy, then the original goes).

use super::copy_item::{copy_to, sources, target_path};
use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::runtime::Edition;
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
            if from.dir && is_within(&to, &from.path) {
                cx.write_error(into_itself(cx.rs.profile.edition, &from.path, &to))?;
                continue;
            }
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

/// Whether `path` is `dir` or inside it (paths compare without regard to case).
pub fn is_within(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('\\');
    path.eq_ignore_ascii_case(dir)
        || path
            .get(..dir.len() + 1)
            .is_some_and(|p| p.eq_ignore_ascii_case(&format!("{dir}\\")))
}

/// A folder moved into itself or its own child. PowerShell 7 refuses it before it starts
/// (FileSystemProvider's MoveItemArgumentError, since 7.2); in 5.1 Windows refuses the
/// rename, and .NET's IOException says the folder is in use.
fn into_itself(edition: Edition, from: &str, to: &str) -> ErrorRecord {
    let (message, id, category, target) = match edition {
        Edition::Core7 => (
            format!(
                "Destination path cannot be a subdirectory of the source or the source itself: {to}."
            ),
            "MoveItemArgumentError",
            Category::InvalidArgument,
            to,
        ),
        Edition::Desktop51 => (
            "The process cannot access the file because it is being used by another process."
                .to_string(),
            "MoveDirectoryItemIOError",
            Category::WriteError,
            from,
        ),
    };
    ErrorRecord::new(
        "System.IO.IOException",
        message,
        &format!("{id},Microsoft.PowerShell.Commands.MoveItemCommand"),
        category,
    )
    .with_target(Value::str(target))
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
