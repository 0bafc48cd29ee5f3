//! Set-ItemProperty (`sp`) and New-ItemProperty: write a value into a registry key. Under
//! HKLM: the session is refused (it is not elevated); HKCU: keys take the change.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::registry::{self, Data};

pub struct SetItemProperty;
pub struct NewItemProperty;

const SET_PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    ParamSpec::new("Name", "System.String").at(1),
    ParamSpec::new("Value", "System.Object").at(2),
    crate::commands::LITERAL_PATH,
    ParamSpec::new("Type", "System.String"),
    ParamSpec::switch("PassThru"),
    ParamSpec::switch("Force"),
];

const NEW_PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    ParamSpec::new("Name", "System.String").at(1),
    ParamSpec::new("Value", "System.Object").at(2),
    crate::commands::LITERAL_PATH,
    ParamSpec::new("PropertyType", "System.String").alias(&["Type"]),
    ParamSpec::switch("Force"),
];

/// Which of the two cmdlets is running: New-ItemProperty refuses a value already there
/// and writes what it made; Set-ItemProperty overwrites and writes only with -PassThru.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Set,
    New,
}

struct WriteValueProc(BoundArgs, Mode);

/// A value's registry data: whole numbers are DWORDs (or as -Type/-PropertyType says).
fn data_of(v: &Value, kind: Option<&str>) -> Data {
    let as_number = crate::engine::convert::to_i64(v);
    match (kind.map(str::to_ascii_lowercase).as_deref(), as_number) {
        (Some("dword") | Some("qword"), Some(n)) => Data::DWord(n),
        (None, Some(n)) if matches!(v, Value::Int(_) | Value::Long(_)) => Data::DWord(n),
        _ => Data::String(crate::engine::convert::to_str(v)),
    }
}

impl SyncProcessor for WriteValueProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        let paths = super::item_paths(a, input.as_ref());
        let name = a.str("Name").unwrap_or_default();
        let kind = a.str("Type").or_else(|| a.str("PropertyType"));
        let data = data_of(a.get("Value").unwrap_or(&Value::Null), kind.as_deref());
        for p in paths {
            let full = cx.resolve_path(&p);
            let Some(native) = registry::native(&full) else {
                cx.write_error(ErrorRecord::new(
                    "System.Management.Automation.PSNotSupportedException",
                    "The playground's file system has no writable item properties.",
                    "NotSupported",
                    Category::NotImplemented,
                ))?;
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
            let present = key
                .values
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&name));
            if self.1 == Mode::New && present && !a.switch("Force") && !registry::is_machine(&shown)
            {
                cx.write_error(
                    ErrorRecord::new(
                        "System.IO.IOException",
                        "The property already exists.",
                        "System.IO.IOException",
                        Category::ResourceExists,
                    )
                    .with_target(Value::str(&shown)),
                )?;
                continue;
            }
            cx.rt
                .budget
                .make_room(name.len() + data.held_bytes())
                .map_err(Flow::error)?;
            let written =
                cx.computer()
                    .registry
                    .borrow_mut()
                    .set_value(&shown, &name, data.clone());
            if let Err(e) = written {
                cx.write_error(e)?;
                continue;
            }
            if self.1 == Mode::New || a.switch("PassThru") {
                let read = cx.computer().registry.borrow().open(&shown);
                if let Ok((shown, key)) = read {
                    let only = [name.clone()];
                    out.push(registry::properties_value(&shown, &key, Some(&only)));
                }
            }
        }
        Ok(())
    }
}

impl Cmdlet for SetItemProperty {
    fn name(&self) -> &'static str {
        "Set-ItemProperty"
    }
    fn params(&self) -> &'static [ParamSpec] {
        SET_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Sets a value in a registry key (HKCU: only; HKLM: refuses)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(WriteValueProc(a.clone(), Mode::Set))
    }
}

impl Cmdlet for NewItemProperty {
    fn name(&self) -> &'static str {
        "New-ItemProperty"
    }
    fn params(&self) -> &'static [ParamSpec] {
        NEW_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Adds a value to a registry key (HKCU: only; HKLM: refuses)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(WriteValueProc(a.clone(), Mode::New))
    }
}
