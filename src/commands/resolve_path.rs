//! Resolve-Path (`rvpa`): the full paths a (wildcard) path stands for, as PathInfo objects.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::ops::{is_wildcard, wildcard_match};
use crate::engine::value::{PSObject, Value};
use crate::world::computer::OnComputer;

pub struct ResolvePath;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]").at(0).pipeline(),
    ParamSpec::switch("Relative"),
];

fn path_info(p: &str) -> Value {
    Value::Object(PSObject::new(
        &["System.Management.Automation.PathInfo", "System.Object"],
        vec![
            ("Path", Value::str(p)),
            ("Drive", Value::str("C")),
            ("ProviderPath", Value::str(p)),
            ("__ToString", Value::str(p)),
        ],
    ))
}

struct ResolveProc(BoundArgs);

impl SyncProcessor for ResolveProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let paths = match input {
            Some(v) => vec![crate::engine::convert::to_str(&v)],
            None => self.0.strings("Path").unwrap_or_default(),
        };
        for p in paths {
            let full = cx.resolve_path(&p);
            let last = full.rsplit('\\').next().unwrap_or("");
            let found: Vec<String> = if is_wildcard(last) {
                let folder = full
                    .get(..full.len() - last.len())
                    .unwrap_or("C:\\")
                    .to_string();
                let listed = cx.filesystem().borrow().list(&folder).unwrap_or_default();
                listed
                    .into_iter()
                    .filter(|i| wildcard_match(last, &i.name, false))
                    .map(|i| i.path)
                    .collect()
            } else {
                cx.filesystem()
                    .borrow()
                    .item(&full)
                    .map(|i| i.path)
                    .into_iter()
                    .collect()
            };
            if found.is_empty() {
                cx.write_error(crate::world::fs::not_found(&full))?;
            }
            let here = cx.rs.location.borrow().clone();
            for f in found {
                if self.0.switch("Relative") {
                    let rel = f.strip_prefix(&here).map(|r| format!(".{r}")).unwrap_or(f);
                    out.push(Value::str(&rel));
                } else {
                    out.push(path_info(&f));
                }
            }
        }
        Ok(())
    }
}

impl Cmdlet for ResolvePath {
    fn name(&self) -> &'static str {
        "Resolve-Path"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Resolves a path (wildcards included) to the full paths of existing items."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(ResolveProc(a.clone()))
    }
}
