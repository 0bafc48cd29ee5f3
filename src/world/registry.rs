//! The registry of the simulated computer: HKLM: and HKCU: with a plausible tree. Reading
//! works everywhere but SAM and SECURITY; writing under HKLM: is refused (the session is not
//! elevated) and HKCU: takes the session's own keys and values.

use crate::engine::error::{Category, ErrorRecord};
use crate::engine::value::Value;
use std::collections::BTreeMap;

/// A registry value's data, with its kind as Get-ItemProperty shows it.
#[derive(Clone, Debug)]
pub enum Data {
    String(String),
    DWord(i64),
}

impl Data {
    /// Its size in the memory budget's count.
    pub fn held_bytes(&self) -> usize {
        48 + match self {
            Data::String(s) => s.len(),
            Data::DWord(_) => 0,
        }
    }
    pub fn value(&self) -> Value {
        match self {
            Data::String(s) => Value::str(s),
            Data::DWord(n) => Value::Int(*n as i32),
        }
    }
    fn text(&self) -> String {
        match self {
            Data::String(s) => s.clone(),
            Data::DWord(n) => n.to_string(),
        }
    }
}

/// One key: its subkeys' names and its values, in order.
#[derive(Clone, Debug, Default)]
pub struct Key {
    pub subkeys: Vec<String>,
    pub values: Vec<(String, Data)>,
}

pub use crate::engine::paths::{drive_path, native};

pub fn is_machine(native: &str) -> bool {
    native
        .to_ascii_lowercase()
        .starts_with("hkey_local_machine")
}

/// The error for writing where a standard user may not.
pub fn access_denied(native: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Security.SecurityException",
        "Requested registry access is not allowed.",
        "System.Security.SecurityException",
        Category::PermissionDenied,
    )
    .with_target(Value::str(native))
}

fn s(v: &str) -> Data {
    Data::String(v.to_string())
}

/// The built-in keys: (native path, subkeys, values).
fn builtin(native: &str) -> Option<Key> {
    let k = native.to_ascii_lowercase();
    let key = |subkeys: &[&str], values: Vec<(&str, Data)>| Key {
        subkeys: subkeys.iter().map(|x| x.to_string()).collect(),
        values: values
            .into_iter()
            .map(|(n, d)| (n.to_string(), d))
            .collect(),
    };
    Some(match k.as_str() {
        "hkey_local_machine\\sam" => key(&["SAM"], vec![]),
        "hkey_local_machine" => key(
            &[
                "BCD00000000",
                "HARDWARE",
                "SAM",
                "SECURITY",
                "SOFTWARE",
                "SYSTEM",
            ],
            vec![],
        ),
        "hkey_local_machine\\hardware" => key(
            &["ACPI", "DESCRIPTION", "DEVICEMAP", "RESOURCEMAP", "UEFI"],
            vec![],
        ),
        "hkey_local_machine\\hardware\\description" => key(&["System"], vec![]),
        "hkey_local_machine\\hardware\\description\\system" => key(
            &["BIOS", "CentralProcessor"],
            vec![
                ("Identifier", s("AT/AT COMPATIBLE")),
                ("SystemBiosVersion", s("DELL   - 1072009")),
            ],
        ),
        "hkey_local_machine\\software" => key(
            &[
                "Classes",
                "Clients",
                "Intel",
                "Microsoft",
                "ODBC",
                "Policies",
                "RegisteredApplications",
                "WOW6432Node",
            ],
            vec![],
        ),
        "hkey_local_machine\\software\\microsoft" => key(
            &[
                ".NETFramework",
                "PowerShell",
                "Windows",
                "Windows Defender",
                "Windows NT",
            ],
            vec![],
        ),
        "hkey_local_machine\\software\\microsoft\\windows" => key(&["CurrentVersion"], vec![]),
        "hkey_local_machine\\software\\microsoft\\windows\\currentversion" => key(
            &["App Paths", "Explorer", "Policies", "Run", "Uninstall"],
            vec![
                ("ProgramFilesDir", s("C:\\Program Files")),
                ("CommonFilesDir", s("C:\\Program Files\\Common Files")),
                ("ProgramFilesDir (x86)", s("C:\\Program Files (x86)")),
                ("ProgramFilesPath", s("%ProgramFiles%")),
                ("DevicePath", s("%SystemRoot%\\inf")),
            ],
        ),
        "hkey_local_machine\\software\\microsoft\\windows\\currentversion\\run" => key(
            &[],
            vec![(
                "SecurityHealth",
                s("C:\\Windows\\system32\\SecurityHealthSystray.exe"),
            )],
        ),
        "hkey_local_machine\\software\\microsoft\\windows nt" => key(&["CurrentVersion"], vec![]),
        "hkey_local_machine\\software\\microsoft\\windows nt\\currentversion" => key(
            &["AppCompatFlags", "Fonts", "ProfileList", "Winlogon"],
            vec![
                ("SystemRoot", s("C:\\Windows")),
                ("BuildBranch", s("vb_release")),
                ("CurrentBuild", s("19045")),
                ("CurrentMajorVersionNumber", Data::DWord(10)),
                ("CurrentMinorVersionNumber", Data::DWord(0)),
                ("CurrentType", s("Multiprocessor Free")),
                ("CurrentVersion", s("6.3")),
                ("DisplayVersion", s("22H2")),
                ("EditionID", s("Professional")),
                ("InstallationType", s("Client")),
                ("ProductName", s("Windows 10 Pro")),
                ("ReleaseId", s("2009")),
                ("RegisteredOwner", s("User")),
                ("UBR", Data::DWord(4291)),
            ],
        ),
        "hkey_local_machine\\software\\microsoft\\powershell" => key(&["1", "3"], vec![]),
        "hkey_local_machine\\software\\microsoft\\powershell\\1" => key(
            &["PowerShellEngine", "ShellIds"],
            vec![("Install", Data::DWord(1))],
        ),
        "hkey_local_machine\\software\\microsoft\\powershell\\1\\powershellengine" => key(
            &[],
            vec![
                (
                    "ApplicationBase",
                    s("C:\\Windows\\System32\\WindowsPowerShell\\v1.0"),
                ),
                ("PSCompatibleVersion", s("1.0, 2.0")),
                ("RuntimeVersion", s("v4.0.30319")),
                ("PowerShellVersion", s("2.0")),
            ],
        ),
        "hkey_local_machine\\software\\microsoft\\powershell\\3" => {
            key(&["PowerShellEngine"], vec![("Install", Data::DWord(1))])
        }
        "hkey_local_machine\\software\\microsoft\\powershell\\3\\powershellengine" => key(
            &[],
            vec![
                (
                    "ApplicationBase",
                    s("C:\\Windows\\System32\\WindowsPowerShell\\v1.0"),
                ),
                ("PSCompatibleVersion", s("1.0, 2.0, 3.0, 4.0, 5.0, 5.1")),
                ("PowerShellVersion", s("5.1.19041.1")),
            ],
        ),
        "hkey_local_machine\\system" => key(
            &[
                "ControlSet001",
                "CurrentControlSet",
                "DriverDatabase",
                "MountedDevices",
                "Select",
                "Setup",
            ],
            vec![],
        ),
        "hkey_local_machine\\system\\currentcontrolset" => key(
            &[
                "Control",
                "Enum",
                "Hardware Profiles",
                "Policies",
                "Services",
            ],
            vec![],
        ),
        "hkey_local_machine\\system\\currentcontrolset\\services" => Key {
            subkeys: super::services::SERVICES
                .iter()
                .map(|sv| sv.0.to_string())
                .collect(),
            values: Vec::new(),
        },
        "hkey_current_user" => key(
            &[
                "AppEvents",
                "Console",
                "Control Panel",
                "Environment",
                "Keyboard Layout",
                "Network",
                "Printers",
                "Software",
                "System",
                "Volatile Environment",
            ],
            vec![],
        ),
        "hkey_current_user\\control panel" => key(
            &[
                "Accessibility",
                "Colors",
                "Desktop",
                "International",
                "Keyboard",
                "Mouse",
            ],
            vec![],
        ),
        "hkey_current_user\\control panel\\desktop" => key(
            &["WindowMetrics"],
            vec![
                (
                    "Wallpaper",
                    s("C:\\Windows\\web\\wallpaper\\Windows\\img0.jpg"),
                ),
                ("WallpaperStyle", s("10")),
                ("ScreenSaveActive", s("1")),
            ],
        ),
        "hkey_current_user\\environment" => key(
            &[],
            vec![
                (
                    "Path",
                    s("C:\\Users\\User\\AppData\\Local\\Microsoft\\WindowsApps;"),
                ),
                ("TEMP", s("C:\\Users\\User\\AppData\\Local\\Temp")),
                ("TMP", s("C:\\Users\\User\\AppData\\Local\\Temp")),
            ],
        ),
        "hkey_current_user\\software" => key(&["Classes", "Microsoft", "Policies"], vec![]),
        "hkey_current_user\\software\\microsoft" => key(&["Windows", "Windows NT"], vec![]),
        "hkey_current_user\\software\\microsoft\\windows" => key(&["CurrentVersion"], vec![]),
        "hkey_current_user\\software\\microsoft\\windows\\currentversion" => {
            key(&["Explorer", "Run", "Themes"], vec![])
        }
        "hkey_current_user\\software\\microsoft\\windows\\currentversion\\run" => key(
            &[],
            vec![(
                "OneDrive",
                s(
                    "\"C:\\Users\\User\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background",
                ),
            )],
        ),
        other => {
            // A service's key under CurrentControlSet\Services.
            let name =
                other.strip_prefix("hkey_local_machine\\system\\currentcontrolset\\services\\")?;
            let sv = super::services::SERVICES
                .iter()
                .find(|sv| sv.0.eq_ignore_ascii_case(name))?;
            let start = match sv.3 {
                "Automatic" => 2,
                "Manual" => 3,
                _ => 4,
            };
            key(
                &["Parameters"],
                vec![
                    ("DisplayName", s(sv.1)),
                    (
                        "ImagePath",
                        s("C:\\Windows\\system32\\svchost.exe -k netsvcs -p"),
                    ),
                    ("ObjectName", s("LocalSystem")),
                    ("Start", Data::DWord(start)),
                    ("Type", Data::DWord(32)),
                ],
            )
        }
    })
}

/// A key's leaf name, in the case its parent lists it.
pub fn leaf(native: &str) -> &str {
    native.rsplit('\\').next().unwrap_or(native)
}

pub fn parent(native: &str) -> Option<&str> {
    native.rsplit_once('\\').map(|(p, _)| p)
}

/// A key the session made or changed: its path as shown (a new key's name as typed, under
/// its parent's path as shown) and its values.
struct OwnKey {
    shown: String,
    values: Vec<(String, Data)>,
}

/// The registry as the session sees it: the built-in tree and HKCU keys of its own.
#[derive(Default)]
pub struct Registry {
    /// By lower-case native path.
    made: BTreeMap<String, OwnKey>,
    removed: Vec<String>,
}

impl Registry {
    /// What the session's own keys hold, for the memory budget's count.
    pub fn held_bytes(&self) -> usize {
        self.made
            .iter()
            .map(|(k, own)| {
                k.len()
                    + own.shown.len()
                    + 64
                    + own
                        .values
                        .iter()
                        .map(|(n, d)| n.len() + d.held_bytes())
                        .sum::<usize>()
            })
            .sum()
    }

    fn is_removed(&self, native: &str) -> bool {
        let k = native.to_ascii_lowercase();
        self.removed
            .iter()
            .any(|r| k == *r || k.starts_with(&format!("{r}\\")))
    }

    /// A key, if it exists. SAM and SECURITY exist but cannot be opened.
    pub fn key(&self, native: &str) -> Result<Option<Key>, ErrorRecord> {
        let lower = native.to_ascii_lowercase();
        // A standard user may open SAM (and see its one subkey) but nothing deeper, and
        // not SECURITY at all.
        if lower == "hkey_local_machine\\security" || lower.starts_with("hkey_local_machine\\sam\\")
        {
            return Err(access_denied(native));
        }
        if self.is_removed(native) {
            return Ok(None);
        }
        let built = builtin(native);
        let made = self.made.get(&lower);
        // A key with no entry of its own exists where its parent lists it.
        let listed = built.is_none()
            && made.is_none()
            && match parent(native) {
                Some(p) => self.key(p)?.is_some_and(|pk| {
                    pk.subkeys
                        .iter()
                        .any(|s| s.eq_ignore_ascii_case(leaf(native)))
                }),
                None => false,
            };
        if built.is_none() && made.is_none() && !listed {
            return Ok(None);
        }
        let mut key = Key {
            subkeys: built
                .as_ref()
                .map(|b| b.subkeys.clone())
                .unwrap_or_default(),
            values: match (made, built) {
                (Some(m), _) => m.values.clone(),
                (None, Some(b)) => b.values,
                (None, None) => Vec::new(),
            },
        };
        // Keys the session made under this one: its children only, jumping past each
        // one's own descendants (they sort between `child\` and `child]`).
        let built_names: std::collections::HashSet<String> =
            key.subkeys.iter().map(|s| s.to_ascii_lowercase()).collect();
        let prefix = format!("{lower}\\");
        let mut from = prefix.clone();
        loop {
            let next = self
                .made
                .range::<str, _>((
                    std::ops::Bound::Included(from.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .next();
            let Some((k, made)) = next.filter(|(k, _)| k.starts_with(&prefix)) else {
                break;
            };
            let rest = k.get(prefix.len()..).unwrap_or_default();
            let child = rest.split('\\').next().unwrap_or(rest);
            if !built_names.contains(child) {
                // A made key whose parent was not made keeps the name it was typed with.
                let name = if rest.contains('\\') {
                    child.to_string()
                } else {
                    leaf(&made.shown).to_string()
                };
                key.subkeys.push(name);
            }
            from = format!("{prefix}{child}]");
        }
        key.subkeys
            .retain(|s| !self.is_removed(&format!("{native}\\{s}")));
        Ok(Some(key))
    }

    /// The display-cased native path of an existing key: each part as the session typed
    /// the key it made, or as its built-in parent lists it. Walked part by part, so a
    /// path thousands of keys deep costs that many steps, not that many recursions.
    pub fn display(&self, native: &str) -> Option<String> {
        if let Some(made) = self.made.get(&native.to_ascii_lowercase()) {
            return Some(made.shown.clone());
        }
        let mut parts = native.split('\\');
        let mut shown = parts.next()?.to_ascii_uppercase();
        let mut at = shown.clone();
        for part in parts {
            let parent_path = at.clone();
            at.push('\\');
            at.push_str(part);
            let name = match self.made.get(&at.to_ascii_lowercase()) {
                Some(made) => leaf(&made.shown).to_string(),
                None => builtin(&parent_path)
                    .and_then(|b| {
                        b.subkeys
                            .iter()
                            .find(|s| s.eq_ignore_ascii_case(part))
                            .cloned()
                    })
                    .unwrap_or_else(|| part.to_string()),
            };
            shown.push('\\');
            shown.push_str(&name);
        }
        Some(shown)
    }

    /// An existing key with its display-cased path, or the error a provider gives: not
    /// found (naming the path as typed) or access denied.
    pub fn open(&self, native: &str) -> Result<(String, Key), ErrorRecord> {
        match self.key(native)? {
            Some(k) => Ok((
                self.display(native).unwrap_or_else(|| native.to_string()),
                k,
            )),
            None => Err(not_found(&drive_path(native))),
        }
    }

    pub fn create_key(&mut self, native: &str) -> Result<(), ErrorRecord> {
        if is_machine(native) {
            return Err(access_denied(native));
        }
        let lower = native.to_ascii_lowercase();
        if self.made.contains_key(&lower) {
            self.removed.retain(|r| *r != lower);
            return Ok(());
        }
        let shown = match parent(native) {
            Some(p) => format!(
                "{}\\{}",
                self.display(p).unwrap_or_else(|| p.to_string()),
                leaf(native)
            ),
            None => native.to_ascii_uppercase(),
        };
        self.removed.retain(|r| *r != lower);
        self.made.insert(
            lower,
            OwnKey {
                shown,
                values: Vec::new(),
            },
        );
        Ok(())
    }

    /// The session's own copy of a key's values (made from the built-in ones on the first
    /// write), refused under HKLM:.
    fn own_values(&mut self, native: &str) -> Result<&mut Vec<(String, Data)>, ErrorRecord> {
        if is_machine(native) {
            return Err(access_denied(native));
        }
        let existing = self.key(native)?.unwrap_or_default();
        let shown = self.display(native).unwrap_or_else(|| native.to_string());
        let entry = self
            .made
            .entry(native.to_ascii_lowercase())
            .or_insert_with(|| OwnKey {
                shown,
                values: existing.values,
            });
        Ok(&mut entry.values)
    }

    pub fn set_value(&mut self, native: &str, name: &str, data: Data) -> Result<(), ErrorRecord> {
        let values = self.own_values(native)?;
        match values
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(v) => v.1 = data,
            None => values.push((name.to_string(), data)),
        }
        Ok(())
    }

    /// Removes a value; false if the key has none of that name.
    pub fn remove_value(&mut self, native: &str, name: &str) -> Result<bool, ErrorRecord> {
        let values = self.own_values(native)?;
        let before = values.len();
        values.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        Ok(values.len() < before)
    }

    pub fn remove_key(&mut self, native: &str) -> Result<(), ErrorRecord> {
        if is_machine(native) {
            return Err(access_denied(native));
        }
        let lower = native.to_ascii_lowercase();
        self.made
            .retain(|k, _| *k != lower && !k.starts_with(&format!("{lower}\\")));
        self.removed.push(lower);
        Ok(())
    }
}

/// The "Property" column of the registry view: each value as `name : data`, one a line.
pub fn property_column(values: &[(String, Data)]) -> String {
    let w = values
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    values
        .iter()
        .map(|(n, d)| format!("{} : {}", crate::engine::numfmt::pad_right(n, w), d.text()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Microsoft.Win32.RegistryKey object as Get-Item and Get-ChildItem write it.
pub fn key_value(native: &str, key: &Key) -> Value {
    use crate::engine::value::PSObject;
    let provider = "Microsoft.PowerShell.Core\\Registry";
    let name = leaf(native);
    let parent_native = parent(native).unwrap_or("");
    let names: Vec<Value> = key.values.iter().map(|(n, _)| Value::str(n)).collect();
    Value::Object(PSObject::new(
        &[
            "Microsoft.Win32.RegistryKey",
            "System.MarshalByRefObject",
            "System.Object",
        ],
        vec![
            ("Property", Value::array(names)),
            ("PSPath", Value::str(&format!("{provider}::{native}"))),
            (
                "PSParentPath",
                Value::str(&format!("{provider}::{parent_native}")),
            ),
            ("PSChildName", Value::str(name)),
            (
                "PSDrive",
                Value::str(if is_machine(native) { "HKLM" } else { "HKCU" }),
            ),
            ("PSProvider", Value::str(provider)),
            ("PSIsContainer", Value::Bool(true)),
            ("SubKeyCount", Value::Int(key.subkeys.len() as i32)),
            ("View", Value::str("Default")),
            (
                "Handle",
                Value::str("Microsoft.Win32.SafeHandles.SafeRegistryHandle"),
            ),
            ("ValueCount", Value::Int(key.values.len() as i32)),
            ("Name", Value::str(native)),
            ("__Hive", Value::str(parent_native)),
            ("__Name", Value::str(name)),
            ("__Property", Value::str(&property_column(&key.values))),
            ("__ToString", Value::str(native)),
        ],
    ))
}

/// Get-ItemProperty's object: a key's values as properties, with the PS* ones after.
pub fn properties_value(native: &str, key: &Key, only: Option<&[String]>) -> Value {
    use crate::engine::value::{PSObject, Property};
    let provider = "Microsoft.PowerShell.Core\\Registry";
    // With -Name, the values come in the order the names were asked for.
    let chosen: Vec<&(String, Data)> = match only {
        None => key.values.iter().collect(),
        Some(wanted) => {
            let mut chosen: Vec<&(String, Data)> = Vec::new();
            for w in wanted {
                for v in &key.values {
                    let hit = crate::engine::ops::wildcard_match(w, &v.0, false);
                    if hit && !chosen.iter().any(|c| c.0 == v.0) {
                        chosen.push(v);
                    }
                }
            }
            chosen
        }
    };
    let mut props: Vec<Property> = chosen
        .into_iter()
        .map(|(n, d)| Property {
            name: std::rc::Rc::from(n.as_str()),
            value: d.value(),
        })
        .collect();
    for (n, v) in [
        ("PSPath", Value::str(&format!("{provider}::{native}"))),
        (
            "PSParentPath",
            Value::str(&format!("{provider}::{}", parent(native).unwrap_or(""))),
        ),
        ("PSChildName", Value::str(leaf(native))),
        (
            "PSDrive",
            Value::str(if is_machine(native) { "HKLM" } else { "HKCU" }),
        ),
        ("PSProvider", Value::str(provider)),
    ] {
        props.push(Property {
            name: std::rc::Rc::from(n),
            value: v,
        });
    }
    Value::Object(PSObject::custom(props))
}

/// `Cannot find path 'HKLM:\X' because it does not exist.`
pub fn not_found(path: &str) -> ErrorRecord {
    crate::world::fs::not_found(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drive_paths_become_native_ones() {
        assert_eq!(
            native("HKLM:\\SOFTWARE\\..\\SYSTEM").as_deref(),
            Some("HKEY_LOCAL_MACHINE\\SYSTEM")
        );
        assert_eq!(native("hkcu:").as_deref(), Some("HKEY_CURRENT_USER"));
        assert_eq!(
            native("Registry::HKEY_CURRENT_USER\\Software").as_deref(),
            Some("HKEY_CURRENT_USER\\Software")
        );
        assert_eq!(native("C:\\Windows"), None);
        assert_eq!(drive_path("HKEY_CURRENT_USER\\Software"), "HKCU:\\Software");
    }

    #[test]
    fn hkcu_takes_keys_and_hklm_refuses_them() {
        let mut reg = Registry::default();
        assert!(
            reg.create_key("HKEY_LOCAL_MACHINE\\SOFTWARE\\Demo")
                .is_err()
        );
        reg.create_key("HKEY_CURRENT_USER\\Software\\Demo").unwrap();
        reg.set_value("HKEY_CURRENT_USER\\Software\\Demo", "N", Data::DWord(3))
            .unwrap();
        let software = reg.key("HKEY_CURRENT_USER\\Software").unwrap().unwrap();
        assert!(software.subkeys.iter().any(|s| s == "Demo"));
        let demo = reg
            .key("hkey_current_user\\software\\demo")
            .unwrap()
            .unwrap();
        assert_eq!(demo.values.len(), 1);
        reg.remove_key("HKEY_CURRENT_USER\\Software\\Demo").unwrap();
        assert!(
            reg.key("HKEY_CURRENT_USER\\Software\\Demo")
                .unwrap()
                .is_none()
        );
        assert!(reg.key("HKEY_LOCAL_MACHINE\\SECURITY").is_err());
    }
}
