//! New-Item (`ni`): a new file (with -Value as its text) or folder (`-ItemType Directory`).

use super::{Cmdlet, ParamSpec, SyncProcessor, invalid_argument, sync};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::fs::{item_value, join};
use crate::world::registry;

pub struct NewItem;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]").at(0),
    ParamSpec::new("Name", "System.String"),
    ParamSpec::new("ItemType", "System.String").alias(&["Type"]),
    ParamSpec::new("Value", "System.Object").pipeline(),
    ParamSpec::switch("Force"),
];

struct NewItemProc(BoundArgs);

fn exists(path: &str, dir: bool) -> ErrorRecord {
    let (message, id) = if dir {
        (
            format!("An item with the specified name {path} already exists."),
            "DirectoryExist",
        )
    } else {
        (
            format!("The file '{path}' already exists."),
            "NewItemIOError",
        )
    };
    let kind = if dir {
        Category::ResourceExists
    } else {
        Category::WriteError
    };
    ErrorRecord::new("System.IO.IOException", message, id, kind).with_target(Value::str(path))
}

/// A registry key: refused under HKLM:, an error if it is there already (unless -Force)
/// or its parent is not.
fn new_key(cx: &mut Interp, native: &str, force: bool, out: &mut Vec<Value>) -> EvalResult<()> {
    let existing = cx.computer().registry.borrow().open(native);
    if let Ok((shown, key)) = existing {
        if force {
            out.push(registry::key_value(&shown, &key));
            return Ok(());
        }
        return cx.write_error(
            ErrorRecord::new(
                "System.IO.IOException",
                "A key at this path already exists.",
                "System.IO.IOException",
                Category::ResourceExists,
            )
            .with_target(Value::str(&shown)),
        );
    }
    if let Some(parent) = registry::parent(native) {
        let parent_there = cx.computer().registry.borrow().open(parent);
        if let Err(e) = parent_there {
            return cx.write_error(e);
        }
    }
    // The key's path, kept twice (as found and as shown).
    cx.rt
        .budget
        .make_room(2 * native.len() + 64)
        .map_err(Flow::error)?;
    let made = cx.computer().registry.borrow_mut().create_key(native);
    if let Err(e) = made {
        return cx.write_error(e);
    }
    let read = cx.computer().registry.borrow().open(native);
    match read {
        Ok((shown, key)) => out.push(registry::key_value(&shown, &key)),
        Err(e) => cx.write_error(e)?,
    }
    Ok(())
}

impl SyncProcessor for NewItemProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        let kind = a.str("ItemType").unwrap_or_else(|| "File".into());
        let dir = match kind.to_ascii_lowercase().as_str() {
            "directory" | "container" => true,
            "file" => false,
            other => {
                return cx.write_error(invalid_argument(
                    format!("The type is not a known type for the file system. Only \"file\",\"directory\" or \"symboliclink\" can be specified. ({other})"),
                    "Argument",
                    Value::Null,
                ));
            }
        };
        let value = input.or_else(|| a.get("Value").cloned());
        for p in a.strings("Path").unwrap_or_else(|| vec![".".into()]) {
            let base = cx.resolve_path(&p);
            let full = match a.str("Name") {
                Some(n) => join(&base, &n),
                None => base,
            };
            if let Some(native) = registry::native(&full) {
                new_key(cx, &native, a.switch("Force"), out)?;
                continue;
            }
            let force = a.switch("Force");
            let present = cx.filesystem().borrow().item(&full);
            if let Some(existing) = present {
                // -Force replaces a file, and gives back a folder that is there already.
                let refused = match (force, existing.dir, dir) {
                    (true, was, now) if was == now => None,
                    (false, _, now) => Some(exists(&existing.path, now)),
                    (true, true, false) => Some(
                        ErrorRecord::new(
                            "System.UnauthorizedAccessException",
                            format!("Access to the path '{}' is denied.", existing.path),
                            "NewItemUnauthorizedAccessError",
                            Category::PermissionDenied,
                        )
                        .with_target(Value::str(&existing.path)),
                    ),
                    (true, _, _) => Some(
                        ErrorRecord::new(
                            "System.IO.IOException",
                            format!("Cannot create '{}' because a file or directory with the same name already exists.", existing.path),
                            "CreateDirectoryIOError",
                            Category::WriteError,
                        )
                        .with_target(Value::str(&existing.path)),
                    ),
                };
                if let Some(e) = refused {
                    cx.write_error(e)?;
                    continue;
                }
            }
            let text = value.as_ref().map(to_str).unwrap_or_default();
            let made = if dir {
                // Directory.CreateDirectory makes the folders above it too.
                cx.filesystem().borrow_mut().create_dir_all(&full)
            } else {
                let folder = crate::world::fs::parent(&full);
                let fs = cx.filesystem();
                let mut fs = fs.borrow_mut();
                match folder {
                    Some(folder) if force => fs.create_dir_all(&folder),
                    _ => Ok(()),
                }
                .and_then(|()| fs.write_text(&full, &text))
                .map_err(|mut e| {
                    // New-Item reports its file stream's failure as its own.
                    if e.fqid == "GetContentWriterDirectoryNotFoundError" {
                        e.fqid = "NewItemIOError".into();
                        e.category = Category::WriteError;
                    }
                    e
                })
            };
            if let Err(e) = made {
                cx.write_error(e)?;
                continue;
            }
            let item = cx.filesystem().borrow().item(&full);
            out.extend(item.as_ref().map(item_value));
        }
        Ok(())
    }
}

impl Cmdlet for NewItem {
    fn name(&self) -> &'static str {
        "New-Item"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Creates a file or a folder."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(NewItemProc(a.clone()))
    }
}
