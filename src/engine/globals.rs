//! The automatic variables every runspace starts with: `$PSVersionTable`, `$HOME`, `$PID`,
//! the preference variables, the environment.

use super::paths::HOME;

/// This desktop's name: `$env:COMPUTERNAME`, and the MachineName of what runs here.
pub const COMPUTER_NAME: &str = "DESKTOP-PSJOBS";
use super::runtime::{Edition, Runspace};
use super::value::{Hashtable, Value};
use std::cell::RefCell;
use std::rc::Rc;

fn hashtable(entries: Vec<(&str, Value)>) -> Value {
    let mut h = Hashtable::default();
    for (k, v) in entries {
        h.insert(Value::str(k), v);
    }
    Value::Hashtable(Rc::new(RefCell::new(h)))
}

/// A System.Version (`5.1.19041.4291`): its parts as properties, -1 for those not given.
pub fn version(text: &str) -> Value {
    let parts: Vec<i32> = text.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    let part = |i: usize| Value::Int(parts.get(i).copied().unwrap_or(-1));
    let revision = parts.get(3).copied().unwrap_or(-1);
    Value::Object(super::value::PSObject::new(
        &["System.Version", "System.Object"],
        vec![
            ("Major", part(0)),
            ("Minor", part(1)),
            ("Build", part(2)),
            ("Revision", part(3)),
            (
                "MajorRevision",
                Value::Int(if revision < 0 { -1 } else { revision >> 16 }),
            ),
            (
                "MinorRevision",
                Value::Int(if revision < 0 { -1 } else { revision & 0xffff }),
            ),
            ("__ToString", Value::str(text)),
        ],
    ))
}

/// The automatic variables of a new runspace (the session's, or a job's own process with
/// its own `$PID`), as its edition has them.
pub fn init_globals(rs: &Runspace, pid: i32) {
    let profile = &rs.profile;
    let g = &mut *rs.global.borrow_mut();
    let s = Value::str;
    let desktop = profile.edition == Edition::Desktop51;
    g.set(
        "PSVersionTable",
        if desktop {
            hashtable(vec![
                ("PSVersion", version(profile.version)),
                ("PSEdition", s("Desktop")),
                (
                    "PSCompatibleVersions",
                    Value::array(
                        ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1.19041.4291"]
                            .iter()
                            .map(|v| version(v))
                            .collect(),
                    ),
                ),
                ("BuildVersion", version("10.0.19041.4291")),
                ("CLRVersion", version("4.0.30319.42000")),
                ("WSManStackVersion", version("3.0")),
                ("PSRemotingProtocolVersion", version("2.3")),
                ("SerializationVersion", version("1.1.0.1")),
            ])
        } else {
            hashtable(vec![
                ("PSVersion", s(profile.version)),
                ("PSEdition", s("Core")),
                ("GitCommitId", s(profile.version)),
                ("OS", s("Microsoft Windows 10.0.19045")),
                ("Platform", s("Win32NT")),
                (
                    "PSCompatibleVersions",
                    Value::array(
                        ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"]
                            .iter()
                            .map(|v| s(v))
                            .collect(),
                    ),
                ),
                ("PSRemotingProtocolVersion", s("2.3")),
                ("SerializationVersion", s("1.1.0.1")),
                ("WSManStackVersion", s("3.0")),
            ])
        },
    );
    g.set("PSEdition", s(if desktop { "Desktop" } else { "Core" }));
    g.set("HOME", s(HOME));
    g.set("PID", Value::Int(pid));
    g.set(
        "PSHOME",
        s(if desktop {
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0"
        } else {
            "C:\\Program Files\\PowerShell\\7"
        }),
    );
    g.set("ShellId", s("Microsoft.PowerShell"));
    g.set(
        "ErrorView",
        s(if desktop { "NormalView" } else { "ConciseView" }),
    );
    g.set("PSCulture", s("en-US"));
    g.set("PSUICulture", s("en-US"));
    g.set("NestedPromptLevel", Value::Int(0));
    g.set("MaximumHistoryCount", Value::Int(4096));
    g.set("FormatEnumerationLimit", Value::Int(4));
    for (name, value) in [
        ("ErrorActionPreference", "Continue"),
        ("WarningPreference", "Continue"),
        ("VerbosePreference", "SilentlyContinue"),
        ("DebugPreference", "SilentlyContinue"),
        ("InformationPreference", "SilentlyContinue"),
        ("ProgressPreference", "Continue"),
    ] {
        if let Some(v) = crate::engine::convert::action_preference(&s(value)) {
            g.set(name, v);
        }
    }
    g.set("ConfirmPreference", s("High"));
    g.set(
        "\0env",
        hashtable(vec![
            ("ALLUSERSPROFILE", s("C:\\ProgramData")),
            ("APPDATA", s("C:\\Users\\User\\AppData\\Roaming")),
            ("COMPUTERNAME", s(COMPUTER_NAME)),
            ("HOMEDRIVE", s("C:")),
            ("HOMEPATH", s("\\Users\\User")),
            ("LOCALAPPDATA", s("C:\\Users\\User\\AppData\\Local")),
            ("NUMBER_OF_PROCESSORS", s("4")),
            ("OS", s("Windows_NT")),
            ("Path", s("C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\")),
            ("PROCESSOR_ARCHITECTURE", s("AMD64")),
            ("ProgramData", s("C:\\ProgramData")),
            ("ProgramFiles", s("C:\\Program Files")),
            ("PSModulePath", s("C:\\Users\\User\\Documents\\WindowsPowerShell\\Modules;C:\\Program Files\\WindowsPowerShell\\Modules;C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules")),
            ("PUBLIC", s("C:\\Users\\Public")),
            ("SystemDrive", s("C:")),
            ("SystemRoot", s("C:\\Windows")),
            ("TEMP", s("C:\\Users\\User\\AppData\\Local\\Temp")),
            ("TMP", s("C:\\Users\\User\\AppData\\Local\\Temp")),
            ("USERDOMAIN", s(COMPUTER_NAME)),
            ("USERNAME", s("User")),
            ("USERPROFILE", s(HOME)),
            ("windir", s("C:\\Windows")),
        ]),
    );
}
