//! Remove-ItemProperty (`rp`): deletes values from a registry key (HKCU: only; HKLM:
//! refuses, as the session is not elevated).

use super::get_item_property::no_such_property;
use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::registry;

pub struct RemoveItemProperty;

const PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    ParamSpec::new("Name", "System.String[]")
        .at(1)
        .alias(&["PSProperty"]),
    crate::commands::LITERAL_PATH,
    ParamSpec::switch("Force"),
];

struct RemoveItemPropertyProc(BoundArgs);

impl SyncProcessor for RemoveItemPropertyProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let names = self.0.strings("Name").unwrap_or_default();
        for p in super::item_paths(&self.0, input.as_ref()) {
            let full = cx.resolve_path(&p);
            let Some(native) = registry::native(&full) else {
                cx.write_error(crate::world::fs::not_found(&full))?;
                continue;
            };
            let opened = cx.computer().registry.borrow().open(&native);
            let shown = match opened {
                Ok((shown, _)) => shown,
                Err(e) => {
                    cx.write_error(e)?;
                    continue;
                }
            };
            for name in &names {
                let removed = cx
                    .computer()
                    .registry
                    .borrow_mut()
                    .remove_value(&shown, name);
                match removed {
                    Ok(true) => {}
                    Ok(false) => cx.write_error(no_such_property(name, &shown))?,
                    Err(e) => cx.write_error(e)?,
                }
            }
        }
        Ok(())
    }
}

impl Cmdlet for RemoveItemProperty {
    fn name(&self) -> &'static str {
        "Remove-ItemProperty"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Deletes values from a registry key (HKCU: only; HKLM: refuses)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(RemoveItemPropertyProc(a.clone()))
    }
}
