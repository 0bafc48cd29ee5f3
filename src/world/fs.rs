//! An in-memory file system with Windows path rules: case-insensitive, `\` separators,
//! drive-qualified.

use super::drive::{self, ARCHIVE, Item};
use crate::engine::clock::Clock;
use crate::engine::error::{Category, ErrorRecord};
use crate::engine::time::{DateTime, TimeSpan};
use crate::engine::value::Value;
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Clone, Debug)]
pub enum Node {
    Dir,
    File(String),
}

/// A file or folder of the session's own making (or changing).
#[derive(Clone, Debug)]
pub struct Entry {
    /// The path as created (its case is kept for display).
    pub path: String,
    pub node: Node,
    pub written: DateTime,
    /// A copy of a generated file keeps the original's size (its bytes are not kept).
    pub size: Option<u64>,
}

/// An item of the drive as Get-ChildItem and Get-Item see it.
#[derive(Clone, Debug)]
pub struct ItemInfo {
    /// The full path, in its display case.
    pub path: String,
    pub name: String,
    pub dir: bool,
    pub attrs: u8,
    pub length: u64,
    pub written: DateTime,
}

/// The C: drive: the generated Windows installation underneath (`drive`), and on top of it
/// what the session created, changed or removed.
pub struct FileSystem {
    entries: BTreeMap<String, Entry>,
    removed: std::collections::BTreeSet<String>,
    seed: u64,
    clock: Rc<dyn Clock>,
    /// The last few generated listings: a walk asks for a folder's siblings again and again.
    recent: std::cell::RefCell<Vec<(String, Rc<Vec<Item>>)>>,
    /// The session's memory budget, charged for the text written to files.
    budget: Option<Rc<crate::engine::budget::MemoryBudget>>,
}

/// How many generated listings [`FileSystem`] keeps at hand.
const RECENT_LISTINGS: usize = 8;

pub use crate::engine::paths::{HOME, normalize};

fn key(path: &str) -> String {
    path.to_lowercase()
}

pub fn parent(path: &str) -> Option<String> {
    let trimmed = path.trim_end_matches('\\');
    let (p, _) = trimmed.rsplit_once('\\')?;
    Some(if p.len() == 2 {
        format!("{p}\\")
    } else {
        p.to_string()
    })
}

pub fn not_found(path: &str) -> ErrorRecord {
    // A path on a drive this computer does not have fails on the drive, not the path.
    if let Some(drive) = crate::engine::paths::missing_drive(path) {
        return drive_not_found(drive);
    }
    ErrorRecord::new(
        "System.Management.Automation.ItemNotFoundException",
        format!("Cannot find path '{path}' because it does not exist."),
        "PathNotFound",
        Category::ObjectNotFound,
    )
    .with_target(Value::str(path))
}

/// PowerShell's error for a path on a drive that does not exist (`SessionState` raises it
/// while resolving the path, for every cmdlet).
pub fn drive_not_found(drive: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.DriveNotFoundException",
        format!("Cannot find drive. A drive with the name '{drive}' does not exist."),
        "DriveNotFound",
        Category::ObjectNotFound,
    )
    .with_target(Value::str(drive))
}

impl FileSystem {
    pub fn new(seed: u64, clock: Rc<dyn Clock>) -> FileSystem {
        FileSystem {
            entries: BTreeMap::new(),
            removed: Default::default(),
            seed,
            clock,
            recent: Default::default(),
            budget: None,
        }
    }

    fn now(&self) -> DateTime {
        self.clock
            .start_date()
            .plus(TimeSpan::from_ms(self.clock.now_ms()))
    }

    /// The newest time a generated item may carry: a little before the session started.
    fn newest(&self) -> DateTime {
        self.clock
            .start_date()
            .plus(TimeSpan::from_ms(-3.0 * 86_400_000.0))
    }

    /// What the generated drive has in a folder (nothing for a folder it does not make).
    fn generated(&self, dir_path: &str) -> Rc<Vec<Item>> {
        let k = key(dir_path);
        let mut recent = self.recent.borrow_mut();
        if let Some(i) = recent.iter().position(|(p, _)| *p == k) {
            let hit = recent.remove(i);
            let items = hit.1.clone();
            recent.insert(0, hit);
            return items;
        }
        let items =
            Rc::new(drive::children(self.seed, dir_path, self.newest()).unwrap_or_default());
        recent.insert(0, (k, items.clone()));
        recent.truncate(RECENT_LISTINGS);
        items
    }

    /// One item, from the session's changes or the generated drive.
    pub fn item(&self, path: &str) -> Option<ItemInfo> {
        let k = key(path);
        if self.removed.contains(&k) {
            return None;
        }
        if let Some(e) = self.entries.get(&k) {
            return Some(entry_info(e));
        }
        // In a folder the session made (or made again), what is not its own entry is
        // generated or nothing: no need to walk down to it (the next folder of a deep tree
        // being made is such a path).
        if let Some(folder) = parent(path) {
            let made_folder = self
                .entries
                .get(&key(&folder))
                .filter(|e| matches!(e.node, Node::Dir))
                .map(|e| e.path.clone());
            if let Some(folder) = made_folder {
                let name = path
                    .trim_end_matches('\\')
                    .rsplit('\\')
                    .next()
                    .unwrap_or(path);
                return self
                    .generated(&folder)
                    .iter()
                    .find(|i| i.name.eq_ignore_ascii_case(name))
                    .map(|i| generated_info(&folder, i.clone()));
            }
        }
        // Down from the root a folder at a time: a long path that does not exist costs only
        // as far as it does (asking each parent in turn cost its length squared).
        let (drive, rest) = path.split_once('\\').unwrap_or((path, ""));
        if !drive.eq_ignore_ascii_case("c:") {
            return None;
        }
        let mut current = ItemInfo {
            path: "C:\\".into(),
            name: "C:\\".into(),
            dir: true,
            attrs: drive::HIDDEN | drive::SYSTEM,
            length: 0,
            written: self.newest(),
        };
        for name in rest.split('\\').filter(|n| !n.is_empty()) {
            if !current.dir {
                return None;
            }
            let child = join(&current.path, name);
            let ck = key(&child);
            if self.removed.contains(&ck) {
                return None;
            }
            current = match self.entries.get(&ck) {
                Some(e) => entry_info(e),
                None => self
                    .generated(&current.path)
                    .iter()
                    .find(|i| i.name.eq_ignore_ascii_case(name))
                    .map(|i| generated_info(&current.path, i.clone()))?,
            };
        }
        Some(current)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.item(path).is_some_and(|i| i.dir)
    }

    /// The real-cased path of an existing item.
    pub fn display_path(&self, path: &str) -> Option<String> {
        self.item(path).map(|i| i.path)
    }

    /// A folder's items as Get-ChildItem lists them.
    /// Protected system folders refuse with the access-denied error.
    pub fn list(&self, dir_path: &str) -> Result<Vec<ItemInfo>, ErrorRecord> {
        let Some(folder) = self.item(dir_path).filter(|i| i.dir) else {
            return Err(not_found(dir_path));
        };
        if drive::is_protected(&folder.path) {
            return Err(ErrorRecord::new(
                "System.UnauthorizedAccessException",
                format!("Access to the path '{}' is denied.", folder.path),
                "DirUnauthorizedAccessError",
                Category::PermissionDenied,
            )
            .with_target(Value::str(&folder.path)));
        }
        let mut items: Vec<ItemInfo> = self
            .generated(&folder.path)
            .iter()
            .map(|i| generated_info(&folder.path, i.clone()))
            .collect();
        // The session's changes replace or remove generated items (usually there are none).
        if !self.removed.is_empty() || !self.entries.is_empty() {
            items.retain(|i| {
                let k = key(&i.path);
                !self.removed.contains(&k) && !self.entries.contains_key(&k)
            });
        }
        let prefix = key(&join(&folder.path, ""));
        for (k, e) in self.entries.range(prefix.clone()..) {
            if !k.starts_with(&prefix) {
                break;
            }
            if !k[prefix.len()..].contains('\\') && !k[prefix.len()..].is_empty() {
                items.push(entry_info(e));
            }
        }
        // Folders first, then files, each by name (how the provider enumerates them).
        let folded = |s: &str| {
            s.bytes()
                .map(|b| b.to_ascii_lowercase())
                .collect::<Vec<u8>>()
        };
        crate::engine::sort::by_cached_key(&mut items, |i| (!i.dir, folded(&i.name)));
        Ok(items)
    }

    /// Copy-Item of one file: its text if the session wrote it, its size if it is generated.
    pub fn copy_file(&mut self, from: &ItemInfo, to: &str) -> Result<(), ErrorRecord> {
        let text = self.read_text(&from.path)?;
        let generated = !self.entries.contains_key(&key(&from.path));
        self.write_text(to, &text)?;
        if let Some(e) = self.entries.get_mut(&key(to)) {
            e.written = from.written;
            if generated {
                e.size = Some(from.length);
            }
        }
        Ok(())
    }

    /// Remove-Item: the item (and, for a folder, what is in it) is gone.
    pub fn remove(&mut self, path: &str) -> Result<(), ErrorRecord> {
        let Some(item) = self.item(path) else {
            return Err(not_found(path));
        };
        let k = key(&item.path);
        let below = format!("{k}\\");
        self.entries
            .retain(|e, _| *e != k && !e.starts_with(&below));
        self.removed.insert(k);
        Ok(())
    }

    pub fn read_text(&self, path: &str) -> Result<String, ErrorRecord> {
        if let Some(Entry {
            node: Node::File(text),
            ..
        }) = self
            .entries
            .get(&key(path))
            .filter(|_| !self.removed.contains(&key(path)))
        {
            return Ok(text.clone());
        }
        match self.item(path) {
            // A generated file's bytes are not kept: it reads as empty.
            Some(i) if !i.dir => Ok(String::new()),
            Some(_) => Err(ErrorRecord::new(
                "System.UnauthorizedAccessException",
                format!("Access to the path '{path}' is denied."),
                "GetContentReaderUnauthorizedAccessError",
                Category::PermissionDenied,
            )
            .with_target(Value::str(path))),
            None => Err(not_found(path)),
        }
    }

    fn check_parent(&self, path: &str) -> Result<(), ErrorRecord> {
        match parent(path) {
            Some(p) if self.is_dir(&p) => Ok(()),
            _ if crate::engine::paths::missing_drive(path).is_some() => Err(not_found(path)),
            _ => Err(ErrorRecord::new(
                "System.IO.DirectoryNotFoundException",
                format!("Could not find a part of the path '{path}'."),
                "GetContentWriterDirectoryNotFoundError",
                Category::ObjectNotFound,
            )
            .with_target(Value::str(path))),
        }
    }

    pub fn set_budget(&mut self, budget: Rc<crate::engine::budget::MemoryBudget>) {
        self.budget = Some(budget);
    }

    /// What the session wrote into files, for its memory budget.
    pub fn written_bytes(&self) -> usize {
        self.entries
            .values()
            .map(|e| {
                e.path.len()
                    + 64
                    + match &e.node {
                        Node::File(text) => text.len(),
                        _ => 0,
                    }
            })
            .sum()
    }

    pub fn write_text(&mut self, path: &str, text: &str) -> Result<(), ErrorRecord> {
        if self.is_dir(path) {
            return Err(ErrorRecord::new(
                "System.UnauthorizedAccessException",
                format!("Access to the path '{path}' is denied."),
                "GetContentWriterUnauthorizedAccessError",
                Category::PermissionDenied,
            )
            .with_target(Value::str(path)));
        }
        self.check_parent(path)?;
        if let Some(b) = &self.budget {
            b.charge(text.len());
        }
        let display = self.display_path(path).unwrap_or_else(|| path.to_string());
        self.removed.remove(&key(path));
        let written = self.now();
        self.entries.insert(
            key(path),
            Entry {
                path: display,
                node: Node::File(text.to_string()),
                written,
                size: None,
            },
        );
        Ok(())
    }

    pub fn append_text(&mut self, path: &str, text: &str) -> Result<(), ErrorRecord> {
        // A file the session wrote grows where it is: copying it whole for each line made
        // a loop of Add-Content quadratic.
        let now = self.now();
        if let Some(Entry {
            node: Node::File(existing),
            written,
            size: None,
            ..
        }) = self.entries.get_mut(&key(path))
        {
            if let Some(b) = &self.budget {
                b.charge(text.len());
            }
            existing.push_str(text);
            *written = now;
            return Ok(());
        }
        let existing = if self.is_dir(path) {
            String::new()
        } else {
            self.read_text(path).unwrap_or_default()
        };
        self.write_text(path, &format!("{existing}{text}"))
    }

    /// A folder and every missing folder above it, as .NET's Directory.CreateDirectory
    /// makes them (New-Item -ItemType Directory, and -Force for a file's folder).
    pub fn create_dir_all(&mut self, path: &str) -> Result<(), ErrorRecord> {
        let mut missing = Vec::new();
        let mut at = Some(path.to_string());
        while let Some(p) = at {
            if self.is_dir(&p) {
                break;
            }
            at = parent(&p);
            missing.push(p);
        }
        while let Some(p) = missing.pop() {
            self.create_dir(&p)?;
        }
        Ok(())
    }

    pub fn create_dir(&mut self, path: &str) -> Result<(), ErrorRecord> {
        self.check_parent(path)?;
        self.removed.remove(&key(path));
        let written = self.now();
        self.entries.insert(
            key(path),
            Entry {
                path: path.to_string(),
                node: Node::Dir,
                written,
                size: None,
            },
        );
        Ok(())
    }
}

/// `dir` + `\` + `name`, without doubling the root's backslash.
pub fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('\\') {
        format!("{dir}{name}")
    } else {
        format!("{dir}\\{name}")
    }
}

fn entry_info(e: &Entry) -> ItemInfo {
    let name = e
        .path
        .trim_end_matches('\\')
        .rsplit('\\')
        .next()
        .unwrap_or(&e.path)
        .to_string();
    match &e.node {
        Node::Dir => ItemInfo {
            path: e.path.clone(),
            name,
            dir: true,
            attrs: 0,
            length: 0,
            written: e.written,
        },
        Node::File(text) => ItemInfo {
            path: e.path.clone(),
            name,
            dir: false,
            attrs: ARCHIVE,
            // What the text takes on disk: UTF-8 with Windows line ends.
            length: e
                .size
                .unwrap_or((text.len() + text.matches('\n').count()) as u64),
            written: e.written,
        },
    }
}

fn generated_info(dir: &str, i: Item) -> ItemInfo {
    ItemInfo {
        path: join(dir, &i.name),
        name: i.name,
        dir: i.dir,
        attrs: i.attrs,
        length: i.length,
        written: i.written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_like_windows() {
        assert_eq!(
            normalize("C:\\Users\\User", "..\\x.txt"),
            "C:\\Users\\x.txt"
        );
        assert_eq!(normalize("C:\\Users", "c:/temp/./a"), "C:\\temp\\a");
        assert_eq!(normalize("C:\\Temp", "\\Windows"), "C:\\Windows");
        assert_eq!(normalize("C:\\Temp", ".."), "C:\\");
    }

    fn fs() -> FileSystem {
        FileSystem::new(7, Rc::new(crate::engine::clock::VirtualClock::new()))
    }

    #[test]
    fn files_round_trip_case_insensitively() {
        let mut fs = fs();
        fs.write_text("C:\\Temp\\A.txt", "one\n").unwrap();
        fs.append_text("c:\\temp\\a.TXT", "two\n").unwrap();
        assert_eq!(fs.read_text("C:\\TEMP\\a.txt").unwrap(), "one\ntwo\n");
        assert!(fs.write_text("C:\\nope\\b.txt", "x").is_err());
    }
}

#[cfg(test)]
mod overlay_tests {
    use super::*;

    #[test]
    fn changes_sit_on_top_of_the_generated_drive() {
        let mut fs = FileSystem::new(7, Rc::new(crate::engine::clock::VirtualClock::new()));
        assert!(fs.is_dir("c:\\windows\\system32"));
        assert_eq!(
            fs.display_path("c:\\windows\\system32").unwrap(),
            "C:\\Windows\\System32"
        );
        let before = fs.list("C:\\Windows").unwrap().len();
        fs.write_text("C:\\Windows\\mine.txt", "hi\n").unwrap();
        assert_eq!(fs.list("C:\\Windows").unwrap().len(), before + 1);
        fs.remove("C:\\Windows\\Fonts").unwrap();
        assert_eq!(fs.list("C:\\Windows").unwrap().len(), before);
        assert!(fs.item("C:\\Windows\\Fonts\\x").is_none());
        assert!(fs.list("C:\\System Volume Information").is_err());
    }
}

/// `d-r---`: the 5.1 Mode string (directory, archive, read-only, hidden, system, link).
pub fn mode_string(i: &ItemInfo) -> String {
    let flag = |on: bool, c: char| if on { c } else { '-' };
    [
        flag(i.dir, 'd'),
        flag(i.attrs & drive::ARCHIVE != 0 && !i.dir, 'a'),
        flag(i.attrs & drive::READ_ONLY != 0, 'r'),
        flag(i.attrs & drive::HIDDEN != 0, 'h'),
        flag(i.attrs & drive::SYSTEM != 0, 's'),
        '-',
    ]
    .iter()
    .collect()
}

/// The Attributes property as .NET names the flags (`Hidden, System, Directory`).
fn attributes_text(i: &ItemInfo) -> String {
    let mut parts = Vec::new();
    if i.attrs & drive::READ_ONLY != 0 {
        parts.push("ReadOnly");
    }
    if i.attrs & drive::HIDDEN != 0 {
        parts.push("Hidden");
    }
    if i.attrs & drive::SYSTEM != 0 {
        parts.push("System");
    }
    if i.dir {
        parts.push("Directory");
    }
    if i.attrs & drive::ARCHIVE != 0 && !i.dir {
        parts.push("Archive");
    }
    if parts.is_empty() {
        parts.push("Normal");
    }
    parts.join(", ")
}

/// The property names of an item object, in their order; a folder has Parent and Root where
/// a file has Length, DirectoryName and IsReadOnly.
const DIR_PROPS: [&str; 24] = [
    "PSPath",
    "PSParentPath",
    "PSChildName",
    "PSDrive",
    "PSProvider",
    "PSIsContainer",
    "Mode",
    "BaseName",
    "Target",
    "LinkType",
    "Name",
    "Parent",
    "Root",
    "FullName",
    "Extension",
    "CreationTime",
    "LastAccessTime",
    "LastWriteTime",
    "Attributes",
    "Exists",
    "__Directory",
    "__LWT",
    "__Len",
    "__ToString",
];
const FILE_PROPS: [&str; 26] = [
    "PSPath",
    "PSParentPath",
    "PSChildName",
    "PSDrive",
    "PSProvider",
    "PSIsContainer",
    "Mode",
    "VersionInfo",
    "BaseName",
    "Target",
    "LinkType",
    "Name",
    "Length",
    "DirectoryName",
    "IsReadOnly",
    "FullName",
    "Extension",
    "CreationTime",
    "LastAccessTime",
    "LastWriteTime",
    "Attributes",
    "Exists",
    "__Directory",
    "__LWT",
    "__Len",
    "__ToString",
];
const DIR_TYPES: [&str; 4] = [
    "System.IO.DirectoryInfo",
    "System.IO.FileSystemInfo",
    "System.MarshalByRefObject",
    "System.Object",
];
const FILE_TYPES: [&str; 4] = [
    "System.IO.FileInfo",
    "System.IO.FileSystemInfo",
    "System.MarshalByRefObject",
    "System.Object",
];

/// Names shared by every item object (a walk makes tens of thousands): made once a thread.
struct SharedNames {
    /// FileVersionInfo's property names, and the empty string and `False` its values share.
    version_props: Vec<std::rc::Rc<str>>,
    version_types: Vec<std::rc::Rc<str>>,
    /// The folder of the last item made, with its path and PSPath values.
    last_parent: std::cell::RefCell<Option<(String, Value, Value)>>,
    empty: Value,
    no_links: Value,
    dir_props: Vec<std::rc::Rc<str>>,
    file_props: Vec<std::rc::Rc<str>>,
    dir_types: Vec<std::rc::Rc<str>>,
    file_types: Vec<std::rc::Rc<str>>,
    provider: Value,
    drive: Value,
    root: Value,
    /// Mode and Attributes values by attribute bits and folder-ness (32 combinations).
    modes: std::cell::RefCell<Vec<Option<(Value, Value)>>>,
}

fn shared<R>(f: impl FnOnce(&SharedNames) -> R) -> R {
    thread_local! {
        static SHARED: SharedNames = {
            let rc = |names: &[&str]| names.iter().map(|n| std::rc::Rc::from(*n)).collect();
            SharedNames {
                version_props: rc(&VERSION_PROPS),
                version_types: rc(&["System.Diagnostics.FileVersionInfo", "System.Object"]),
                empty: Value::str(""),
                last_parent: std::cell::RefCell::new(None),
                no_links: Value::array(Vec::new()),
                dir_props: rc(&DIR_PROPS),
                file_props: rc(&FILE_PROPS),
                dir_types: rc(&DIR_TYPES),
                file_types: rc(&FILE_TYPES),
                provider: Value::str("Microsoft.PowerShell.Core\\FileSystem"),
                drive: Value::str("C"),
                root: Value::str("C:\\"),
                modes: std::cell::RefCell::new(vec![None; 32]),
            }
        };
    }
    SHARED.with(f)
}

/// `M/d/yyyy  h:mm tt`, each part right-aligned as the 5.1 view writes LastWriteTime.
fn short_date_time(t: DateTime) -> String {
    let (y, mo, d) = t.date_parts();
    let h = t.hour();
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!(
        "{:>10}  {:>8}",
        format!("{mo}/{d}/{y}"),
        format!("{h12}:{:02} {ampm}", t.minute())
    )
}

const VERSION_PROPS: [&str; 13] = [
    "FileName",
    "InternalName",
    "OriginalFilename",
    "FileVersion",
    "FileDescription",
    "ProductName",
    "ProductVersion",
    "IsDebug",
    "IsPatched",
    "IsPreRelease",
    "IsPrivateBuild",
    "IsSpecialBuild",
    "Language",
];

/// An object of shared type and property names (interned once for every item of a kind)
/// with its own values.
fn object_of(
    types: &[std::rc::Rc<str>],
    names: &[std::rc::Rc<str>],
    values: impl IntoIterator<Item = Value>,
) -> Value {
    use crate::engine::value::{PSObject, Property};
    Value::Object(std::rc::Rc::new(PSObject {
        type_names: types.to_vec(),
        props: std::cell::RefCell::new(
            names
                .iter()
                .zip(values)
                .map(|(n, v)| Property {
                    name: n.clone(),
                    value: v,
                })
                .collect(),
        ),
    }))
}

/// A file's System.Diagnostics.FileVersionInfo. The simulated files carry no version
/// resources, so only the file name is set. Its text (see `engine::convert::version_info_text`) is made
/// when shown, not for every file a walk passes.
fn version_info(sh: &SharedNames, full: &Value) -> Value {
    let no = Value::Bool(false);
    let values = [
        full.clone(),
        sh.empty.clone(),
        sh.empty.clone(),
        sh.empty.clone(),
        sh.empty.clone(),
        sh.empty.clone(),
        sh.empty.clone(),
        no.clone(),
        no.clone(),
        no.clone(),
        no.clone(),
        no,
        sh.empty.clone(),
    ];
    object_of(&sh.version_types, &sh.version_props, values)
}

/// A System.IO.FileInfo or DirectoryInfo object for an item, with the provider's PS*
/// properties and the hidden columns of the FileSystem table view.
pub fn item_value(i: &ItemInfo) -> Value {
    let parent_dir = parent(&i.path).unwrap_or_default();
    let (base, ext) = match i.name.rfind('.') {
        Some(dot) if !i.dir && dot > 0 => (
            i.name.get(..dot).unwrap_or(""),
            i.name.get(dot..).unwrap_or(""),
        ),
        _ => (i.name.as_str(), ""),
    };
    let t = Value::DateTime(i.written);
    let name = Value::str(&i.name);
    let full = Value::str(&i.path);
    shared(|sh| {
        // Siblings share their folder's values: a listing makes them once.
        let (parent_value, parent_ps_path) = {
            let mut last = sh.last_parent.borrow_mut();
            match last.as_ref().filter(|(dir, _, _)| *dir == parent_dir) {
                Some((_, v, ps)) => (v.clone(), ps.clone()),
                None => {
                    let v = Value::str(&parent_dir);
                    let ps = Value::str(&format!(
                        "Microsoft.PowerShell.Core\\FileSystem::{parent_dir}"
                    ));
                    *last = Some((parent_dir.clone(), v.clone(), ps.clone()));
                    (v, ps)
                }
            }
        };
        let slot = usize::from(i.attrs & 0xF) | (usize::from(i.dir) << 4);
        let (mode, attributes) = {
            let mut modes = sh.modes.borrow_mut();
            match modes.get(slot).cloned().flatten() {
                Some(pair) => pair,
                None => {
                    let pair = (Value::str(&mode_string(i)), Value::str(&attributes_text(i)));
                    if let Some(m) = modes.get_mut(slot) {
                        *m = Some(pair.clone());
                    }
                    pair
                }
            }
        };
        let mut values: Vec<Value> = vec![
            Value::str(&format!(
                "Microsoft.PowerShell.Core\\FileSystem::{}",
                i.path
            )),
            parent_ps_path,
            name.clone(),
            sh.drive.clone(),
            sh.provider.clone(),
            Value::Bool(i.dir),
            mode,
        ];
        if !i.dir {
            values.push(version_info(sh, &full));
        }
        values.extend([
            Value::str(base),
            sh.no_links.clone(),
            Value::Null,
            name.clone(),
        ]);
        if i.dir {
            values.push(Value::str(parent_dir.rsplit('\\').next().unwrap_or("")));
            values.push(sh.root.clone());
        } else {
            values.push(Value::Long(i.length as i64));
            values.push(parent_value.clone());
            values.push(Value::Bool(i.attrs & drive::READ_ONLY != 0));
        }
        values.extend([
            full,
            Value::str(ext),
            t.clone(),
            t.clone(),
            t,
            attributes,
            Value::Bool(true),
            // The FileSystem view's group and columns.
            parent_value,
            Value::str(&short_date_time(i.written)),
            if i.dir {
                Value::str("")
            } else {
                Value::Long(i.length as i64)
            },
            name,
        ]);
        let (names, types) = if i.dir {
            (&sh.dir_props, &sh.dir_types)
        } else {
            (&sh.file_props, &sh.file_types)
        };
        object_of(types, names, values)
    })
}
