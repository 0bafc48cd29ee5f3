//! Join-Path: a parent path and child paths joined with the provider's separator, as
//! NavigationCmdletProvider.MakePath joins them (`/` read as `\`, one separator between
//! parts), each resolved first with -Resolve.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::runtime::Edition;
use crate::engine::value::Value;
use crate::world::computer::OnComputer;

pub struct JoinPath;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]")
        .at(0)
        .mandatory()
        .pipeline()
        .alias(&["PSPath"]),
    ParamSpec::new("ChildPath", "System.String")
        .at(1)
        .mandatory(),
    ParamSpec::new("AdditionalChildPath", "System.String[]")
        .at(2)
        .remaining()
        .only_in(Edition::Core7),
    ParamSpec::switch("Resolve"),
];

/// One parent and one child, as MakePath joins them.
pub fn make_path(parent: &str, child: &str) -> String {
    let parent = parent.replace('/', "\\");
    let child = child.replace('/', "\\");
    match (parent.is_empty(), child.is_empty() || child == "\\") {
        (true, _) => child,
        (false, true) if parent.ends_with('\\') => parent,
        (false, true) => format!("{parent}\\"),
        (false, false) => {
            let child = child.strip_prefix('\\').unwrap_or(&child);
            if parent.ends_with('\\') {
                format!("{parent}{child}")
            } else {
                format!("{parent}\\{child}")
            }
        }
    }
}

struct JoinPathProc(BoundArgs);

impl SyncProcessor for JoinPathProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        let parents = match input {
            Some(v) => vec![to_str(&v)],
            None => a.strings("Path").unwrap_or_default(),
        };
        let children: Vec<String> = std::iter::once(a.str("ChildPath").unwrap_or_default())
            .chain(a.strings("AdditionalChildPath").unwrap_or_default())
            .collect();
        for parent in parents {
            let joined = children
                .iter()
                .fold(parent, |path, child| make_path(&path, child));
            if !a.switch("Resolve") {
                out.push(Value::str(&joined));
                continue;
            }
            // Resolved as typed: a path without wildcards keeps its letters' case.
            let full = cx.resolve_path(&joined);
            let found = cx.filesystem().borrow().item(&full).is_some();
            if found {
                out.push(Value::str(&full));
            } else {
                cx.write_error(crate::world::fs::not_found(&full))?;
            }
        }
        Ok(())
    }
}

impl Cmdlet for JoinPath {
    fn name(&self) -> &'static str {
        "Join-Path"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Joins a path and child paths into one path."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(JoinPathProc(a.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::make_path;

    #[test]
    fn parts_are_joined_with_one_backslash_as_make_path_joins_them() {
        assert_eq!(make_path("C:\\a", "b"), "C:\\a\\b");
        assert_eq!(make_path("C:\\a\\", "\\b"), "C:\\a\\b");
        assert_eq!(make_path("C:", "b/c"), "C:\\b\\c");
        assert_eq!(make_path("C:\\a", ""), "C:\\a\\");
        assert_eq!(make_path("", "b"), "b");
        assert_eq!(
            make_path("HKCU:\\Software", "Demo"),
            "HKCU:\\Software\\Demo"
        );
    }
}
