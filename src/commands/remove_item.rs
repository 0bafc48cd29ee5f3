//! Remove-Item (`del`, `rm`, `ri`): deletes files and folders. A folder with items in it,
//! without -Recurse, makes the console ask first (in a job, the job waits Blocked).

use super::{Cmdlet, ParamSpec};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::runtime::LineKind;
use crate::engine::value::Value;
use crate::world::computer::OnComputer;

pub struct RemoveItem;

const PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    crate::commands::LITERAL_PATH,
    ParamSpec::switch("Recurse"),
    ParamSpec::switch("Force"),
];

struct RemoveItemProc(BoundArgs);

/// The console's confirmation before a folder with children goes; true to go ahead.
async fn confirm_children(cx: &mut Interp, path: &str) -> EvalResult<bool> {
    let question = format!(
        "The item at {path} has children and the Recurse parameter was not specified. If you continue, all children will be removed with the item. Are you sure you want to continue?"
    );
    let choices =
        "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is \"Y\")";
    let answer = match cx.job.clone() {
        Some(job) => {
            crate::jobs::runner::block_on_prompt(
                cx,
                &job,
                Some(&format!("Confirm\n{question}\n{choices}")),
            )
            .await?
        }
        None => {
            cx.show_line(LineKind::Host, "");
            cx.show_line(LineKind::Host, "Confirm");
            cx.show_line(LineKind::Host, &question);
            cx.read_line(Some(choices)).await?
        }
    };
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "" | "y" | "a"
    ))
}

impl RemoveItemProc {
    /// A registry key (and its subkeys): refused under HKLM:, asked about when it has
    /// subkeys and -Recurse is missing.
    async fn remove_key(&self, cx: &mut Interp, native: &str) -> EvalResult<()> {
        let opened = cx.computer().registry.borrow().open(native);
        let (shown, key) = match opened {
            Ok(found) => found,
            Err(e) => return cx.write_error(e),
        };
        if crate::world::registry::is_machine(&shown) {
            return cx.write_error(crate::world::registry::access_denied(&shown));
        }
        let path = crate::world::registry::drive_path(&shown);
        if !key.subkeys.is_empty()
            && !self.0.switch("Recurse")
            && !confirm_children(cx, &path).await?
        {
            return Ok(());
        }
        let removed = cx.computer().registry.borrow_mut().remove_key(&shown);
        match removed {
            Ok(()) => Ok(()),
            Err(e) => cx.write_error(e),
        }
    }
}

impl CommandProcessor for RemoveItemProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let paths = super::item_paths(&self.0, input.as_ref());
            for p in paths {
                let full = cx.resolve_path(&p);
                if let Some(native) = crate::world::registry::native(&full) {
                    self.remove_key(cx, &native).await?;
                    continue;
                }
                let item = cx.filesystem().borrow().item(&full);
                let Some(item) = item else {
                    cx.write_error(crate::world::fs::not_found(&full))?;
                    continue;
                };
                if item.dir && !self.0.switch("Recurse") {
                    let has_children = cx
                        .filesystem()
                        .borrow()
                        .list(&item.path)
                        .map(|l| !l.is_empty())
                        .unwrap_or(true);
                    if has_children && !confirm_children(cx, &item.path).await? {
                        continue;
                    }
                }
                let removed = cx.filesystem().borrow_mut().remove(&item.path);
                if let Err(e) = removed {
                    cx.write_error(e)?;
                }
            }
            Ok(())
        })
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
        Ok(Box::new(RemoveItemProc(a.clone())))
    }
}
