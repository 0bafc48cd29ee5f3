//! Remove-PSDrive (`rdr`): takes away a drive New-PSDrive made; the session's own drives
//! stay (removing them is refused).

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct RemovePSDrive;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Name", "System.String[]")
        .at(0)
        .mandatory()
        .pipeline(),
    ParamSpec::new("PSProvider", "System.String[]"),
    ParamSpec::new("Scope", "System.String"),
    ParamSpec::switch("Force"),
];

struct RemovePSDriveProc(BoundArgs);

impl SyncProcessor for RemovePSDriveProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let names = match input {
            Some(v) => vec![crate::engine::convert::to_str(&v)],
            None => self.0.strings("Name").unwrap_or_default(),
        };
        for name in names {
            let name = name.strip_suffix(':').unwrap_or(&name).to_string();
            let mut drives = cx.rs.mapped_drives.borrow_mut();
            let before = drives.len();
            drives.retain(|(n, _, _)| !n.eq_ignore_ascii_case(&name));
            let removed = drives.len() < before;
            drop(drives);
            if !removed {
                cx.write_error(
                    ErrorRecord::new(
                        "System.Management.Automation.DriveNotFoundException",
                        format!(
                            "Cannot find drive. A drive with the name '{name}' does not exist."
                        ),
                        "DriveNotFound",
                        Category::ObjectNotFound,
                    )
                    .with_target(Value::str(&name)),
                )?;
            }
        }
        Ok(())
    }
}

impl Cmdlet for RemovePSDrive {
    fn name(&self) -> &'static str {
        "Remove-PSDrive"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Takes away a drive New-PSDrive made."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(RemovePSDriveProc(a.clone()))
    }
}
