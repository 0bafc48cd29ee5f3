//! PowerShell's path syntax, as the engine resolves it before any drive is read: the
//! user's home, `.`, `..` and `~` on a file system path, and the registry drives' names
//! (`HKLM:\SOFTWARE` is `HKEY_LOCAL_MACHINE\SOFTWARE`).

/// The drives a session has (Get-PSDrive lists them): a path on any other fails on its drive.
pub const DRIVES: [&str; 9] = [
    "Alias", "C", "Cert", "Env", "Function", "HKCU", "HKLM", "Variable", "WSMan",
];

/// Whether a path names a drive the session does not have (`Z:\x`), and which.
pub fn missing_drive(path: &str) -> Option<&str> {
    let (drive, _) = path.split_once(':')?;
    let is_name = !drive.is_empty() && drive.chars().all(|c| c.is_ascii_alphanumeric());
    (is_name && !DRIVES.iter().any(|d| d.eq_ignore_ascii_case(drive))).then_some(drive)
}

/// `$HOME`: the user's profile folder.
pub const HOME: &str = "C:\\Users\\User";

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

pub const HKLM: &str = "HKEY_LOCAL_MACHINE";
pub const HKCU: &str = "HKEY_CURRENT_USER";

/// `HKLM:\SOFTWARE` → `HKEY_LOCAL_MACHINE\SOFTWARE`; None if not a registry path.
pub fn native(path: &str) -> Option<String> {
    let p = path.trim().replace('/', "\\");
    let lower = p.to_ascii_lowercase();
    let (hive, rest) = if let Some(r) = lower.strip_prefix("hklm:") {
        (HKLM, p.get(p.len() - r.len()..).unwrap_or(""))
    } else if let Some(r) = lower.strip_prefix("hkcu:") {
        (HKCU, p.get(p.len() - r.len()..).unwrap_or(""))
    } else if let Some(r) = lower.strip_prefix("registry::hkey_local_machine") {
        (HKLM, p.get(p.len() - r.len()..).unwrap_or(""))
    } else if let Some(r) = lower.strip_prefix("registry::hkey_current_user") {
        (HKCU, p.get(p.len() - r.len()..).unwrap_or(""))
    } else {
        return None;
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in rest.split('\\') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    Some(if parts.is_empty() {
        hive.to_string()
    } else {
        format!("{hive}\\{}", parts.join("\\"))
    })
}

/// `HKEY_LOCAL_MACHINE\SOFTWARE` → `HKLM:\SOFTWARE` (how the prompt and paths show it).
pub fn drive_path(native: &str) -> String {
    let (hive, rest) = native.split_once('\\').unwrap_or((native, ""));
    let drive = if hive.eq_ignore_ascii_case(HKLM) {
        "HKLM:"
    } else {
        "HKCU:"
    };
    format!("{drive}\\{rest}")
}
