//! Get-ItemProperty (`gp`): a registry key's values as one object (with -Name, just those),
//! or a file or folder's properties.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::ops::wildcard_match;
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::registry;

pub struct GetItemProperty;

const PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    ParamSpec::new("Name", "System.String[]").at(1),
    crate::commands::LITERAL_PATH,
];

/// `Property X does not exist at path HKEY_...\Key.`
pub fn no_such_property(name: &str, native: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.PSArgumentException",
        format!("Property {name} does not exist at path {native}."),
        "System.Management.Automation.PSArgumentException",
        Category::InvalidArgument,
    )
    .with_target(Value::str(name))
}

struct GetItemPropertyProc(BoundArgs);

impl SyncProcessor for GetItemPropertyProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let paths = super::item_paths(&self.0, input.as_ref());
        let names = self.0.strings("Name");
        for p in paths {
            let full = cx.resolve_path(&p);
            let Some(native) = registry::native(&full) else {
                // Files and folders: their own properties.
                let item = cx.filesystem().borrow().item(&full);
                match item {
                    Some(i) => out.push(crate::world::fs::item_value(&i)),
                    None => cx.write_error(crate::world::fs::not_found(&full))?,
                }
                continue;
            };
            let opened = cx.computer().registry.borrow().open(&native);
            let (shown, key) = match opened {
                Ok(found) => found,
                Err(e) => {
                    cx.write_error(e)?;
                    continue;
                }
            };
            if let Some(names) = &names {
                let missing: Vec<&String> = names
                    .iter()
                    .filter(|w| !key.values.iter().any(|(n, _)| wildcard_match(w, n, false)))
                    .collect();
                for name in &missing {
                    if !crate::engine::ops::is_wildcard(name) {
                        cx.write_error(no_such_property(name, &shown))?;
                    }
                }
                if missing.len() == names.len() {
                    continue;
                }
            }
            out.push(registry::properties_value(&shown, &key, names.as_deref()));
        }
        Ok(())
    }
}

impl Cmdlet for GetItemProperty {
    fn name(&self) -> &'static str {
        "Get-ItemProperty"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Gets a registry key's values (or a file's properties)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetItemPropertyProc(a.clone()))
    }
}
