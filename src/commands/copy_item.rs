//! Copy-Item (`copy`, `cp`, `cpi`): copies files, and folders with -Recurse. Move-Item and
//! Rename-Item copy then remove (`transfer`).

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::fs::{ItemInfo, item_value, join, not_found};

pub struct CopyItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]").at(0).pipeline(),
    ParamSpec::new("Destination", "System.String").at(1),
    ParamSpec::switch("Recurse"),
    ParamSpec::switch("Force"),
    ParamSpec::switch("PassThru"),
];

/// What one planned item takes besides its paths: its ItemInfo and the plan's slot.
const PLANNED_ITEM_BYTES: usize = 96;

/// Copies `from` to `to` (a folder's contents too when `recurse`). Returns the new item.
///
/// Everything under the folder is listed before anything is made, so a folder copied into
/// its own subtree copies what it held, once. (PowerShell lists as it goes and chases its
/// own copy until the path is too long; that tail is not modelled.) The walk is a loop, not
/// a recursion, whatever the depth.
pub fn copy_to(
    cx: &mut Interp,
    from: &ItemInfo,
    to: &str,
    recurse: bool,
) -> EvalResult<Option<ItemInfo>> {
    let drive = cx.filesystem();
    let mut plan: Vec<(ItemInfo, String)> = vec![(from.clone(), to.to_string())];
    // The plan is charged as it grows: copying a whole drive lists every item on it first,
    // and that list is what the budget must stop, not only the copies made from it.
    let mut held = crate::engine::budget::InFlight::default();
    let mut next = 0;
    while let Some((item, dest)) = plan.get(next).cloned() {
        next += 1;
        if !(recurse && item.dir) {
            continue;
        }
        let listed = drive.borrow().list(&item.path);
        match listed {
            Ok(children) => {
                for c in children {
                    let d = join(&dest, &c.name);
                    let bytes = c.path.len() + c.name.len() + d.len() + PLANNED_ITEM_BYTES;
                    held.add(&cx.rt.budget, bytes).map_err(Flow::error)?;
                    plan.push((c, d));
                }
            }
            Err(e) => cx.write_error(e)?,
        }
    }
    // A folder that could not be made takes its items with it. Its items are found by
    // their parent paths (asking every failed folder of every item was quadratic: a drive
    // copied onto a path that cannot be made failed thousands of folders).
    let mut failed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let under_failed = |dest: &str, failed: &std::collections::HashSet<String>| {
        dest.match_indices('\\')
            .any(|(i, _)| dest.get(..i).is_some_and(|p| failed.contains(p)))
    };
    for (item, dest) in &plan {
        if !failed.is_empty() && under_failed(dest, &failed) {
            continue;
        }
        let made = if item.dir {
            drive.borrow_mut().create_dir(dest)
        } else {
            drive.borrow_mut().copy_file(item, dest)
        };
        if let Err(e) = made {
            cx.write_error(e)?;
            failed.insert(dest.clone());
        }
    }
    if failed.contains(to) {
        return Ok(None);
    }
    Ok(drive.borrow().item(to))
}

/// Where an item goes: into the destination if it is a folder, else to that path.
pub fn target_path(cx: &Interp, from: &ItemInfo, destination: &str) -> String {
    let dest = cx.resolve_path(destination);
    if cx.filesystem().borrow().is_dir(&dest) {
        join(&dest, &from.name)
    } else {
        dest
    }
}

/// The items named by -Path (or piped in), with a not-found error for each that is missing.
pub fn sources(cx: &mut Interp, a: &BoundArgs, input: Option<Value>) -> EvalResult<Vec<ItemInfo>> {
    let paths = super::item_paths(a, input.as_ref());
    let mut out = Vec::new();
    for p in paths {
        let full = cx.resolve_path(&p);
        let item = cx.filesystem().borrow().item(&full);
        match item {
            Some(i) => out.push(i),
            None => cx.write_error(not_found(&full))?,
        }
    }
    Ok(out)
}

struct CopyProc(BoundArgs);

impl SyncProcessor for CopyProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let destination = self.0.str("Destination").unwrap_or_else(|| ".".into());
        for from in sources(cx, &self.0, input)? {
            let to = target_path(cx, &from, &destination);
            let copied = copy_to(cx, &from, &to, self.0.switch("Recurse"))?;
            if self.0.switch("PassThru") {
                out.extend(copied.as_ref().map(item_value));
            }
        }
        Ok(())
    }
}

impl Cmdlet for CopyItem {
    fn name(&self) -> &'static str {
        "Copy-Item"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Copies files, and folders with -Recurse."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(CopyProc(a.clone()))
    }
}
