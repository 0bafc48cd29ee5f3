//! An in-memory file system with Windows path rules: case-insensitive, `\` separators,
//! drive-qualified.

use crate::engine::error::{Category, ErrorRecord};
use crate::engine::value::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub enum Node {
    Dir,
    File(String),
}

#[derive(Clone, Debug)]
pub struct Entry {
    /// The path as created (its case is kept for display).
    pub path: String,
    pub node: Node,
}

pub struct FileSystem {
    entries: BTreeMap<String, Entry>,
}

pub const HOME: &str = "C:\\Users\\User";

fn key(path: &str) -> String {
    path.to_lowercase()
}

/// Normalizes `path` against `base`: resolves `.`, `..`, `~`, and separators.
pub fn normalize(base: &str, path: &str) -> String {
    let path = path.trim().replace('/', "\\");
    let path = if path == "~" || path.starts_with("~\\") {
        format!("{HOME}{}", path.get(1..).unwrap_or(""))
    } else {
        path
    };
    let joined = if path.len() >= 2 && path.as_bytes().get(1) == Some(&b':') {
        path.clone()
    } else if path.starts_with('\\') {
        format!("{}{}", base.get(..2).unwrap_or("C:"), path)
    } else {
        format!("{}\\{}", base.trim_end_matches('\\'), path)
    };
    let (drive, rest) = joined.split_at(2.min(joined.len()));
    let mut parts: Vec<&str> = Vec::new();
    for p in rest.split('\\') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let drive = drive.to_uppercase();
    if parts.is_empty() {
        format!("{drive}\\")
    } else {
        format!("{drive}\\{}", parts.join("\\"))
    }
}

fn parent(path: &str) -> Option<String> {
    let trimmed = path.trim_end_matches('\\');
    let (p, _) = trimmed.rsplit_once('\\')?;
    Some(if p.len() == 2 {
        format!("{p}\\")
    } else {
        p.to_string()
    })
}

pub fn not_found(path: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.ItemNotFoundException",
        format!("Cannot find path '{path}' because it does not exist."),
        "PathNotFound",
        Category::ObjectNotFound,
    )
    .with_target(Value::str(path))
}

impl FileSystem {
    pub fn new() -> FileSystem {
        let mut fs = FileSystem {
            entries: BTreeMap::new(),
        };
        for d in [
            "C:\\",
            "C:\\Windows",
            "C:\\Windows\\System32",
            "C:\\Program Files",
            "C:\\Program Files (x86)",
            "C:\\ProgramData",
            "C:\\Temp",
            "C:\\Users",
            HOME,
            "C:\\Users\\User\\Desktop",
            "C:\\Users\\User\\Documents",
            "C:\\Users\\User\\Downloads",
        ] {
            fs.entries.insert(
                key(d),
                Entry {
                    path: d.to_string(),
                    node: Node::Dir,
                },
            );
        }
        fs
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(&key(path))
    }

    pub fn is_dir(&self, path: &str) -> bool {
        matches!(
            self.get(path),
            Some(Entry {
                node: Node::Dir,
                ..
            })
        )
    }

    pub fn read_text(&self, path: &str) -> Result<String, ErrorRecord> {
        match self.get(path) {
            Some(Entry {
                node: Node::File(text),
                ..
            }) => Ok(text.clone()),
            Some(Entry {
                node: Node::Dir, ..
            }) => Err(ErrorRecord::new(
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
            _ => Err(ErrorRecord::new(
                "System.IO.DirectoryNotFoundException",
                format!("Could not find a part of the path '{path}'."),
                "GetContentWriterDirectoryNotFoundError",
                Category::ObjectNotFound,
            )
            .with_target(Value::str(path))),
        }
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
        let display = self
            .get(path)
            .map(|e| e.path.clone())
            .unwrap_or_else(|| path.to_string());
        self.entries.insert(
            key(path),
            Entry {
                path: display,
                node: Node::File(text.to_string()),
            },
        );
        Ok(())
    }

    pub fn append_text(&mut self, path: &str, text: &str) -> Result<(), ErrorRecord> {
        let existing = match self.get(path) {
            Some(Entry {
                node: Node::File(t),
                ..
            }) => t.clone(),
            _ => String::new(),
        };
        self.write_text(path, &format!("{existing}{text}"))
    }

    pub fn create_dir(&mut self, path: &str) -> Result<(), ErrorRecord> {
        self.check_parent(path)?;
        self.entries.insert(
            key(path),
            Entry {
                path: path.to_string(),
                node: Node::Dir,
            },
        );
        Ok(())
    }

    /// The real-cased path of an existing entry.
    pub fn display_path(&self, path: &str) -> Option<String> {
        self.get(path).map(|e| e.path.clone())
    }
}

impl Default for FileSystem {
    fn default() -> Self {
        FileSystem::new()
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

    #[test]
    fn files_round_trip_case_insensitively() {
        let mut fs = FileSystem::new();
        fs.write_text("C:\\Temp\\A.txt", "one\n").unwrap();
        fs.append_text("c:\\temp\\a.TXT", "two\n").unwrap();
        assert_eq!(fs.read_text("C:\\TEMP\\a.txt").unwrap(), "one\ntwo\n");
        assert!(fs.write_text("C:\\nope\\b.txt", "x").is_err());
    }
}
