//! New-PSDrive (`ndr`, `mount`): a drive whose paths are the paths under a root on another
//! drive (a FileSystem folder, a Registry key), for this session. Its paths work wherever a
//! path is taken; the location on it shows as its root's path (the drive's own prefix is not
//! kept in the location).

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;

pub struct NewPSDrive;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Name", "System.String").at(0).mandatory(),
    ParamSpec::new("PSProvider", "System.String")
        .at(1)
        .mandatory(),
    ParamSpec::new("Root", "System.String").at(2).mandatory(),
    ParamSpec::new("Description", "System.String"),
    ParamSpec::new("Scope", "System.String"),
    ParamSpec::switch("Persist"),
    ParamSpec::new("Credential", "System.Object"),
];

fn refused(message: String, id: &str, category: Category, target: &str) -> Flow {
    Flow::error(
        ErrorRecord::new(
            "System.Management.Automation.SessionStateException",
            message,
            id,
            category,
        )
        .with_target(Value::str(target)),
    )
}

struct NewPSDriveProc(BoundArgs);

impl SyncProcessor for NewPSDriveProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        _input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let name = self.0.str("Name").unwrap_or_default();
        let provider = self.0.str("PSProvider").unwrap_or_default();
        let root = self.0.str("Root").unwrap_or_default();
        let provider = match provider.to_ascii_lowercase().as_str() {
            "filesystem" => "FileSystem",
            "registry" => "Registry",
            _ => {
                return Err(Flow::error(
                    ErrorRecord::new(
                        "System.Management.Automation.ProviderNotFoundException",
                        format!("Cannot find a provider with the name '{provider}'."),
                        "ProviderNotFound",
                        Category::ObjectNotFound,
                    )
                    .with_target(Value::str(&provider)),
                ));
            }
        };
        let taken = crate::engine::paths::DRIVES
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&name))
            || cx
                .rs
                .mapped_drives
                .borrow()
                .iter()
                .any(|(n, _, _)| n.eq_ignore_ascii_case(&name));
        if taken {
            return Err(refused(
                format!("A drive with the name '{name}' already exists."),
                "DriveAlreadyExists",
                Category::ResourceExists,
                &name,
            ));
        }
        let full = cx.resolve_path(&root);
        let exists = match crate::world::registry::native(&full) {
            Some(native) => matches!(cx.computer().registry.borrow().key(&native), Ok(Some(_))),
            None => cx.filesystem().borrow().item(&full).is_some_and(|i| i.dir),
        };
        if !exists || (provider == "Registry") != full.contains("HK") {
            return Err(refused(
                format!(
                    "The specified drive root \"{full}\" either does not exist, or it is not a folder."
                ),
                "DriveRootError",
                Category::ReadError,
                &name,
            ));
        }
        cx.rs
            .mapped_drives
            .borrow_mut()
            .push((name.clone(), provider.to_string(), full.clone()));
        let description = self.0.str("Description").unwrap_or_default();
        out.push(super::get_ps_drive::drive_info(
            cx,
            &name,
            provider,
            &full,
            &description,
        ));
        Ok(())
    }
}

impl Cmdlet for NewPSDrive {
    fn name(&self) -> &'static str {
        "New-PSDrive"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Makes a drive whose paths are those under a folder or registry key, for this session."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(NewPSDriveProc(a.clone()))
    }
}
