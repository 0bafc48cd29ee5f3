//! Get-ChildItem (`dir`, `ls`, `gci`): the items in a folder, or in a whole tree with
//! -Recurse. Each folder read costs simulated time (a listing, then each entry), so a walk of
//! the drive takes tens of seconds and a job doing it has partial results to receive.
//! Folders that refuse access are reported and the walk goes on.

use super::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::ops::{is_wildcard, wildcard_match};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::drive::HIDDEN;
use crate::world::fs::{ItemInfo, item_value, join};
use crate::world::registry;

pub struct GetChildItem;

const PARAMS: &[ParamSpec] = &[
    crate::commands::PATH,
    crate::commands::LITERAL_PATH,
    ParamSpec::new("Filter", "System.String").at(1),
    ParamSpec::new("Include", "System.String[]"),
    ParamSpec::new("Exclude", "System.String[]"),
    ParamSpec::switch("Recurse").alias(&["s"]),
    ParamSpec::new("Depth", "System.Int32"),
    ParamSpec::switch("Force"),
    ParamSpec::switch("Name"),
    ParamSpec::switch("Directory").alias(&["ad", "d"]),
    ParamSpec::switch("File").alias(&["af"]),
    ParamSpec::switch("Hidden").alias(&["ah", "h"]),
];

/// What reading a folder costs: the listing, then each entry (ms, before the speed factor).
pub const FOLDER_MS: f64 = 4.0;
pub const ENTRY_MS: f64 = 0.5;

struct Options {
    filter: Option<String>,
    include: Vec<String>,
    exclude: Vec<String>,
    recurse: bool,
    depth: Option<u64>,
    force: bool,
    names_only: bool,
    dirs_only: bool,
    files_only: bool,
    hidden_only: bool,
}

impl Options {
    fn shows(&self, i: &ItemInfo) -> bool {
        let hidden = i.attrs & HIDDEN != 0;
        if self.hidden_only && !hidden || hidden && !self.force && !self.hidden_only {
            return false;
        }
        if self.dirs_only && !i.dir || self.files_only && i.dir {
            return false;
        }
        self.name_shows(&i.name)
    }
    /// -Filter, -Include and -Exclude, which every provider's items answer to by name.
    fn name_shows(&self, name: &str) -> bool {
        if let Some(f) = &self.filter {
            if !wildcard_match(f, name, false) {
                return false;
            }
        }
        if !self.include.is_empty() && !self.include.iter().any(|p| wildcard_match(p, name, false))
        {
            return false;
        }
        !self.exclude.iter().any(|p| wildcard_match(p, name, false))
    }
    /// Recursion enters hidden folders only with -Force (as Windows' enumeration does).
    fn descends(&self, i: &ItemInfo) -> bool {
        i.dir && (self.force || i.attrs & HIDDEN == 0)
    }
}

struct ChildItemProc {
    paths: Vec<String>,
    literal: bool,
    opts: Options,
}

impl ChildItemProc {
    /// Lists one folder (charging its time), writes what it shows, then walks into its
    /// subfolders when recursing.
    fn walk<'a>(
        &'a self,
        cx: &'a mut Interp,
        folder: String,
        root_len: usize,
        level: u64,
        pattern: Option<String>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            cx.sleep_ms(cx.rt.latency_ms(FOLDER_MS)).await?;
            let listed = cx.filesystem().borrow().list(&folder);
            let items = match listed {
                Ok(items) => items,
                Err(e) => return cx.write_error(e),
            };
            // What this level keeps while the walk is deeper down: a tree thousands of
            // folders deep holds a path per level, the square of its depth in all.
            let mut held = crate::engine::budget::InFlight::default();
            let level_bytes: usize = folder.len()
                + items
                    .iter()
                    .map(|i| i.path.len() + i.name.len() + 64)
                    .sum::<usize>();
            held.add(&cx.rt.budget, level_bytes).map_err(Flow::error)?;
            cx.sleep_ms(cx.rt.latency_ms(ENTRY_MS * items.len() as f64))
                .await?;
            for i in &items {
                let matches_pattern = pattern
                    .as_ref()
                    .is_none_or(|p| wildcard_match(p, &i.name, false));
                if matches_pattern && self.opts.shows(i) {
                    out.emit(cx, self.output(i, root_len)).await?;
                }
            }
            let deeper = self.opts.recurse && self.opts.depth.is_none_or(|d| level < d);
            if deeper {
                for i in items.iter().filter(|i| self.opts.descends(i)) {
                    cx.tick().await?;
                    // A wildcard leaf with -Recurse filters at every level
                    // (`Get-ChildItem C:\Windows\*.log -Recurse`), as -Include does.
                    self.walk(
                        cx,
                        i.path.clone(),
                        root_len,
                        level + 1,
                        pattern.clone(),
                        out,
                    )
                    .await?;
                }
            }
            Ok(())
        })
    }

    /// The registry's walk: a key's subkeys (those that refuse access are reported), then
    /// theirs when recursing. Keys are read at once; the walk yields between keys.
    fn walk_keys<'a>(
        &'a self,
        cx: &'a mut Interp,
        native: String,
        root_len: usize,
        level: u64,
        pattern: Option<String>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let opened = cx.computer().registry.borrow().open(&native);
            let (base, key) = match opened {
                Ok(found) => found,
                Err(e) => return cx.write_error(e),
            };
            drop(native);
            // What this level keeps while the walk is deeper down (see `walk`).
            let mut held = crate::engine::budget::InFlight::default();
            let level_bytes =
                2 * base.len() + key.subkeys.iter().map(|s| s.len() + 24).sum::<usize>();
            held.add(&cx.rt.budget, level_bytes).map_err(Flow::error)?;
            for name in &key.subkeys {
                cx.tick().await?;
                let child = format!("{base}\\{name}");
                let read = cx.computer().registry.borrow().key(&child);
                let sub = match read {
                    Ok(Some(sub)) => sub,
                    Ok(None) => continue,
                    Err(e) => {
                        cx.write_error(e)?;
                        continue;
                    }
                };
                let matches_pattern = pattern
                    .as_ref()
                    .is_none_or(|p| wildcard_match(p, name, false));
                if matches_pattern && self.opts.name_shows(name) && !self.opts.files_only {
                    let v = if self.opts.names_only {
                        Value::str(child.get(root_len..).unwrap_or(name))
                    } else {
                        registry::key_value(&child, &sub)
                    };
                    out.emit(cx, v).await?;
                }
                if self.opts.recurse && self.opts.depth.is_none_or(|d| level < d) {
                    self.walk_keys(cx, child, root_len, level + 1, None, out)
                        .await?;
                }
            }
            Ok(())
        })
    }

    fn output(&self, i: &ItemInfo, root_len: usize) -> Value {
        if self.opts.names_only {
            Value::str(i.path.get(root_len..).unwrap_or(&i.name))
        } else {
            item_value(i)
        }
    }
}

impl CommandProcessor for ChildItemProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let paths = match input {
                Some(v) => vec![
                    crate::engine::interp::property(&v, "FullName")
                        .map_or_else(|| to_str(&v), |p| to_str(&p)),
                ],
                None => self.paths.clone(),
            };
            for p in paths {
                // The Environment provider's drive: `env:`, `env:\`, `env:USERNAME`, `env:P*`.
                if let Some(rest) = p
                    .get(..4)
                    .filter(|d| d.eq_ignore_ascii_case("env:"))
                    .map(|_| p.get(4..).unwrap_or(""))
                {
                    let pattern = rest.trim_start_matches('\\');
                    let vars = cx.env_vars();
                    let hits: Vec<&(String, String)> = vars
                        .iter()
                        .filter(|(k, _)| pattern.is_empty() || wildcard_match(pattern, k, false))
                        .collect();
                    if hits.is_empty() && !pattern.is_empty() && !is_wildcard(pattern) {
                        // The provider names the path without its drive.
                        cx.write_error(crate::world::fs::not_found(pattern))?;
                    }
                    for (k, v) in hits {
                        let entry =
                            crate::engine::interp::dictionary_entry(&Value::str(k), &Value::str(v));
                        out.emit(
                            cx,
                            if self.opts.names_only {
                                Value::str(k)
                            } else {
                                entry
                            },
                        )
                        .await?;
                    }
                    continue;
                }
                let full = cx.resolve_path(&p);
                // `C:\Windows\*.exe`: the wildcard applies to the last part of the path.
                let (folder, pattern) = match full.rsplit_once('\\') {
                    Some((dir, last)) if !self.literal && is_wildcard(last) => {
                        let dir = if dir.len() == 2 || dir.ends_with(':') {
                            format!("{dir}\\")
                        } else {
                            dir.to_string()
                        };
                        (dir, Some(last.to_string()))
                    }
                    _ => (full.clone(), None),
                };
                if let Some(native) = registry::native(&folder) {
                    let shown = cx.computer().registry.borrow().display(&native);
                    let root_len = shown.unwrap_or_else(|| native.clone()).len() + 1;
                    self.walk_keys(cx, native, root_len, 0, pattern, out)
                        .await?;
                    continue;
                }
                let item = cx.filesystem().borrow().item(&folder);
                match item {
                    // -Include acts on a folder's contents only when the path says so with a
                    // wildcard, or with -Recurse: `Get-ChildItem C:\Windows -Include *.log`
                    // finds nothing, as the documentation warns.
                    Some(i)
                        if i.dir
                            && pattern.is_none()
                            && !self.opts.include.is_empty()
                            && !self.opts.recurse => {}
                    Some(i) if i.dir => {
                        let root_len = join(&i.path, "").len();
                        self.walk(cx, i.path.clone(), root_len, 0, pattern, out)
                            .await?;
                    }
                    // A file path lists the file itself.
                    Some(i) if pattern.is_none() => {
                        let root_len = i.path.len() - i.name.len();
                        out.emit(cx, self.output(&i, root_len)).await?;
                    }
                    _ => cx.write_error(crate::world::fs::not_found(&full))?,
                }
            }
            Ok(())
        })
    }
}

impl Cmdlet for GetChildItem {
    fn name(&self) -> &'static str {
        "Get-ChildItem"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Lists the items in a folder, or a whole tree with -Recurse (reading folders takes time)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let literal = a.has("LiteralPath");
        let paths = a
            .strings("LiteralPath")
            .or_else(|| a.strings("Path"))
            .unwrap_or_else(|| vec![".".into()]);
        let depth = a.int("Depth").map(|d| d.max(0) as u64);
        Ok(Box::new(ChildItemProc {
            paths,
            literal,
            opts: Options {
                filter: a.str("Filter"),
                include: a.strings("Include").unwrap_or_default(),
                exclude: a.strings("Exclude").unwrap_or_default(),
                // -Depth implies -Recurse.
                recurse: a.switch("Recurse") || depth.is_some(),
                depth,
                force: a.switch("Force"),
                names_only: a.switch("Name"),
                dirs_only: a.switch("Directory"),
                files_only: a.switch("File"),
                hidden_only: a.switch("Hidden"),
            },
        }))
    }
}
