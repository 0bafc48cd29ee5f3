//! Get-PSDrive (`gdr`): the session's drives, each with its provider, root and the current
//! location on it; C: also with the space used and free.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::ops::{is_wildcard, wildcard_match};
use crate::engine::value::{PSObject, Value};

pub struct GetPSDrive;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Name", "System.String[]").at(0).pipeline(),
    ParamSpec::new("PSProvider", "System.String[]"),
    ParamSpec::new("Scope", "System.String"),
];

/// The drives of a 5.1 session: (name, provider, root, description).
const DRIVES: &[(&str, &str, &str, &str)] = &[
    (
        "Alias",
        "Alias",
        "",
        "Drive containing a view of the aliases stored in session state.",
    ),
    ("C", "FileSystem", "C:\\", ""),
    ("Cert", "Certificate", "\\", "X509 Certificate Provider"),
    (
        "Env",
        "Environment",
        "",
        "Drive containing a view of the environment variables for the process.",
    ),
    (
        "Function",
        "Function",
        "",
        "Drive containing a view of the functions stored in session state.",
    ),
    (
        "HKCU",
        "Registry",
        "HKEY_CURRENT_USER",
        "The software settings for the current user",
    ),
    (
        "HKLM",
        "Registry",
        "HKEY_LOCAL_MACHINE",
        "The configuration settings for the local computer",
    ),
    (
        "Variable",
        "Variable",
        "",
        "Drive containing a view of the variables stored in session state.",
    ),
    ("WSMan", "WSMan", "", "Root of WinRM configuration."),
];

/// The simulated disk: a 256 GB drive a little over a third full.
const C_USED_BYTES: i64 = 95_873_470_464;
const C_FREE_BYTES: i64 = 158_512_349_184;

fn gigabytes(bytes: i64) -> String {
    format!("{:.2}", bytes as f64 / 1_073_741_824.0)
}

fn drive_value(cx: &Interp, d: &(&str, &str, &str, &str)) -> Value {
    let (name, provider, root, description) = *d;
    drive_info(cx, name, provider, root, description)
}

/// A PSDriveInfo, as Get-PSDrive and New-PSDrive write it.
pub fn drive_info(cx: &Interp, name: &str, provider: &str, root: &str, description: &str) -> Value {
    // The last location on this drive, without the drive's own prefix.
    let current = match cx.rs.location_on(name) {
        Some(path) => path
            .split_once(":\\")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default(),
        None => String::new(),
    };
    let (used, free) = if name == "C" {
        (Value::Long(C_USED_BYTES), Value::Long(C_FREE_BYTES))
    } else {
        (Value::Null, Value::Null)
    };
    let space = |bytes: i64| {
        if name == "C" {
            gigabytes(bytes)
        } else {
            String::new()
        }
    };
    Value::Object(PSObject::new(
        &["System.Management.Automation.PSDriveInfo", "System.Object"],
        vec![
            ("Used", used),
            ("Free", free),
            ("CurrentLocation", Value::str(&current)),
            ("Name", Value::str(name)),
            (
                "Provider",
                Value::str(&format!("Microsoft.PowerShell.Core\\{provider}")),
            ),
            ("Root", Value::str(root)),
            ("Description", Value::str(description)),
            ("MaximumSize", Value::Null),
            (
                "Credential",
                Value::str("System.Management.Automation.PSCredential"),
            ),
            ("DisplayRoot", Value::Null),
            ("__Used", Value::str(&space(C_USED_BYTES))),
            ("__Free", Value::str(&space(C_FREE_BYTES))),
            ("__Provider", Value::str(provider)),
            ("__ToString", Value::str(name)),
        ],
    ))
}

fn no_such_drive(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.DriveNotFoundException",
        format!("Cannot find drive. A drive with the name '{name}' does not exist."),
        "GetDriveNoMatchingDrive",
        Category::ObjectNotFound,
    )
    .with_target(Value::str(name))
}

struct GetPSDriveProc(BoundArgs);

impl SyncProcessor for GetPSDriveProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let names = match input {
            Some(v) => vec![crate::engine::convert::to_str(&v)],
            None => self.0.strings("Name").unwrap_or_else(|| vec!["*".into()]),
        };
        let providers = self.0.strings("PSProvider");
        // The session's drives and those New-PSDrive made, by name.
        let mapped = cx.rs.mapped_drives.borrow().clone();
        let mut all: Vec<(&str, &str, &str, &str)> = DRIVES.to_vec();
        all.extend(
            mapped
                .iter()
                .map(|(n, p, r)| (n.as_str(), p.as_str(), r.as_str(), "")),
        );
        crate::engine::sort::by_key(&mut all, |d| d.0.to_ascii_lowercase());
        let mut shown: Vec<&(&str, &str, &str, &str)> = Vec::new();
        for n in &names {
            // `Get-PSDrive C:` names the drive with its colon.
            let n = n.strip_suffix(':').unwrap_or(n);
            let hits: Vec<_> = all
                .iter()
                .filter(|d| wildcard_match(n, d.0, false))
                .filter(|d| {
                    providers
                        .as_ref()
                        .is_none_or(|ps| ps.iter().any(|p| wildcard_match(p, d.1, false)))
                })
                .collect();
            if hits.is_empty() && !is_wildcard(n) {
                cx.write_error(no_such_drive(n))?;
            }
            for h in hits {
                if !shown.iter().any(|s| s.0 == h.0) {
                    shown.push(h);
                }
            }
        }
        out.extend(shown.into_iter().map(|d| drive_value(cx, d)));
        Ok(())
    }
}

impl Cmdlet for GetPSDrive {
    fn name(&self) -> &'static str {
        "Get-PSDrive"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Lists the session's drives (C:, the registry's HKLM: and HKCU:, Env:, ...)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetPSDriveProc(a.clone()))
    }
}

#[cfg(test)]
mod tests {
    /// The drives Get-PSDrive lists are the ones a path may name (`engine::paths::DRIVES`).
    #[test]
    fn listed_drives_are_the_drives_paths_may_name() {
        let listed: Vec<&str> = super::DRIVES.iter().map(|d| d.0).collect();
        assert_eq!(listed, crate::engine::paths::DRIVES.to_vec());
    }
}
