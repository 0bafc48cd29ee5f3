//! Test-Path: whether a path exists (as a folder with `-PathType Container`, a file with
//! `Leaf`).

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;

pub struct TestPath;

const PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    crate::commands::LITERAL_PATH,
    ParamSpec::new("PathType", "System.String").alias(&["Type"]),
];

struct TestPathProc(BoundArgs);

impl SyncProcessor for TestPathProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let paths = super::item_paths(&self.0, input.as_ref());
        let want = self
            .0
            .str("PathType")
            .unwrap_or_default()
            .to_ascii_lowercase();
        for p in paths {
            let full = cx.resolve_path(&p);
            // A registry key is a container; values are not items. A key that refuses to
            // open exists (RegistryProvider.ItemExists counts the refusal as a yes).
            if let Some(native) = crate::world::registry::native(&full) {
                let found = !matches!(cx.computer().registry.borrow().key(&native), Ok(None));
                out.push(Value::Bool(found && want != "leaf"));
                continue;
            }
            let item = cx.filesystem().borrow().item(&full);
            let ok = match (item, want.as_str()) {
                (Some(i), "container") => i.dir,
                (Some(i), "leaf") => !i.dir,
                (Some(_), _) => true,
                (None, _) => false,
            };
            out.push(Value::Bool(ok));
        }
        Ok(())
    }
}

impl Cmdlet for TestPath {
    fn name(&self) -> &'static str {
        "Test-Path"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Says whether a path exists (and is a folder or a file, with -PathType)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(TestPathProc(a.clone()))
    }
}
