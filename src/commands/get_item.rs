//! Get-Item (`gi`): the item at a path (wildcards allowed), as a file or folder object.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::ops::{is_wildcard, wildcard_match};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::drive::HIDDEN;
use crate::world::fs::{item_value, not_found};
use crate::world::registry;

pub struct GetItem;

const PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    crate::commands::LITERAL_PATH,
    ParamSpec::switch("Force"),
];

struct GetItemProc(BoundArgs);

impl GetItemProc {
    /// A registry key, or with a wildcard in its last part, the matching keys beside it.
    fn registry_item(
        &self,
        cx: &mut Interp,
        native: &str,
        literal: bool,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let last = registry::leaf(native);
        let opened = match registry::parent(native) {
            Some(parent) if !literal && is_wildcard(last) => {
                let listed = cx.computer().registry.borrow().open(parent);
                listed.map(|(shown, key)| {
                    key.subkeys
                        .iter()
                        .filter(|s| wildcard_match(last, s, false))
                        .map(|s| format!("{shown}\\{s}"))
                        .collect::<Vec<_>>()
                })
            }
            _ => Ok(vec![native.to_string()]),
        };
        let names = match opened {
            Ok(names) => names,
            Err(e) => return cx.write_error(e),
        };
        for name in names {
            let read = cx.computer().registry.borrow().open(&name);
            match read {
                Ok((shown, key)) => out.push(registry::key_value(&shown, &key)),
                Err(e) => cx.write_error(e)?,
            }
        }
        Ok(())
    }
}

impl SyncProcessor for GetItemProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let literal = self.0.has("LiteralPath");
        let paths = super::item_paths(&self.0, input.as_ref());
        for p in paths {
            let full = cx.resolve_path(&p);
            if let Some(native) = registry::native(&full) {
                self.registry_item(cx, &native, literal, out)?;
                continue;
            }
            let last = full.rsplit('\\').next().unwrap_or("");
            if !literal && is_wildcard(last) {
                let folder = full
                    .get(..full.len() - last.len())
                    .unwrap_or("C:\\")
                    .to_string();
                let listed = cx.filesystem().borrow().list(&folder);
                match listed {
                    Ok(items) => out.extend(
                        items
                            .iter()
                            .filter(|i| wildcard_match(last, &i.name, false))
                            .filter(|i| self.0.switch("Force") || i.attrs & HIDDEN == 0)
                            .map(item_value),
                    ),
                    Err(e) => cx.write_error(e)?,
                }
                continue;
            }
            let item = cx.filesystem().borrow().item(&full);
            match item {
                Some(i) => out.push(item_value(&i)),
                None => cx.write_error(not_found(&full))?,
            }
        }
        Ok(())
    }
}

impl Cmdlet for GetItem {
    fn name(&self) -> &'static str {
        "Get-Item"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Gets the file or folder at a path."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetItemProc(a.clone()))
    }
}
