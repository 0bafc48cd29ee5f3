//! Type names: accelerators (`[int]`), full names, what `GetType()` says and `-is` checks.

use super::value::Value;

/// Accelerator or short name → full .NET name.
const ACCELERATORS: &[(&str, &str)] = &[
    ("int", "System.Int32"),
    ("int32", "System.Int32"),
    ("long", "System.Int64"),
    ("int64", "System.Int64"),
    ("double", "System.Double"),
    ("float", "System.Single"),
    ("single", "System.Single"),
    ("decimal", "System.Decimal"),
    ("string", "System.String"),
    ("char", "System.Char"),
    ("bool", "System.Boolean"),
    ("boolean", "System.Boolean"),
    ("byte", "System.Byte"),
    ("array", "System.Array"),
    ("object", "System.Object"),
    ("hashtable", "System.Collections.Hashtable"),
    (
        "ordered",
        "System.Collections.Specialized.OrderedDictionary",
    ),
    ("pscustomobject", "System.Management.Automation.PSObject"),
    ("psobject", "System.Management.Automation.PSObject"),
    ("datetime", "System.DateTime"),
    ("timespan", "System.TimeSpan"),
    ("version", "System.Version"),
    ("scriptblock", "System.Management.Automation.ScriptBlock"),
    ("regex", "System.Text.RegularExpressions.Regex"),
    ("guid", "System.Guid"),
    ("void", "System.Void"),
    ("switch", "System.Management.Automation.SwitchParameter"),
    ("math", "System.Math"),
    ("type", "System.Type"),
    ("errorrecord", "System.Management.Automation.ErrorRecord"),
    ("exception", "System.Exception"),
    ("environment", "System.Environment"),
    ("convert", "System.Convert"),
    ("console", "System.Console"),
    (
        "runtimeexception",
        "System.Management.Automation.RuntimeException",
    ),
    ("io.path", "System.IO.Path"),
    ("jobstate", "System.Management.Automation.JobState"),
    ("ref", "System.Management.Automation.PSReference"),
    ("powershell", "System.Management.Automation.PowerShell"),
    (
        "runspacefactory",
        "System.Management.Automation.Runspaces.RunspaceFactory",
    ),
    (
        "runspace",
        "System.Management.Automation.Runspaces.Runspace",
    ),
    (
        "actionpreference",
        "System.Management.Automation.ActionPreference",
    ),
];

/// Exception types and their base types, for `catch [Type]`.
const EXCEPTION_BASES: &[(&str, &str)] = &[
    (
        "System.Management.Automation.RuntimeException",
        "System.SystemException",
    ),
    (
        "System.Management.Automation.CommandNotFoundException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.ParameterBindingException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.ActionPreferenceStopException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.ItemNotFoundException",
        "System.Management.Automation.SessionStateException",
    ),
    (
        "System.Management.Automation.SessionStateException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.PSInvalidCastException",
        "System.InvalidCastException",
    ),
    (
        "System.Management.Automation.PSArgumentException",
        "System.ArgumentException",
    ),
    (
        "System.Management.Automation.PSInvalidOperationException",
        "System.InvalidOperationException",
    ),
    (
        "System.Management.Automation.MethodInvocationException",
        "System.Management.Automation.MethodException",
    ),
    (
        "System.Management.Automation.MethodException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.ParseException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.PipelineStoppedException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.ScriptCallDepthException",
        "System.SystemException",
    ),
    (
        "Microsoft.PowerShell.Commands.WriteErrorException",
        "System.SystemException",
    ),
    (
        "System.Management.Automation.CmdletInvocationException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.InvalidPowerShellStateException",
        "System.SystemException",
    ),
    (
        "System.Management.Automation.Runspaces.InvalidRunspacePoolStateException",
        "System.SystemException",
    ),
    (
        "System.ObjectDisposedException",
        "System.InvalidOperationException",
    ),
    ("System.DivideByZeroException", "System.ArithmeticException"),
    ("System.ArithmeticException", "System.SystemException"),
    ("System.InvalidCastException", "System.SystemException"),
    ("System.ArgumentException", "System.SystemException"),
    ("System.InvalidOperationException", "System.SystemException"),
    (
        "System.UnauthorizedAccessException",
        "System.SystemException",
    ),
    ("System.IO.IOException", "System.SystemException"),
    (
        "System.Management.Automation.Remoting.PSRemotingTransportException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.ParentContainsErrorRecordException",
        "System.SystemException",
    ),
    (
        "System.Management.Automation.DriveNotFoundException",
        "System.Management.Automation.SessionStateException",
    ),
    (
        "System.Management.Automation.SessionStateUnauthorizedAccessException",
        "System.Management.Automation.SessionStateException",
    ),
    (
        "System.Management.Automation.ParameterBindingValidationException",
        "System.Management.Automation.ParameterBindingException",
    ),
    (
        "System.Management.Automation.ParameterBindingArgumentTransformationException",
        "System.Management.Automation.ParameterBindingException",
    ),
    (
        "System.Management.Automation.ArgumentTransformationMetadataException",
        "System.Management.Automation.MetadataException",
    ),
    (
        "System.Management.Automation.MetadataException",
        "System.Management.Automation.RuntimeException",
    ),
    (
        "System.Management.Automation.PSNotSupportedException",
        "System.NotSupportedException",
    ),
    (
        "System.Management.Automation.HelpNotFoundException",
        "System.SystemException",
    ),
    (
        "System.Management.Automation.Runspaces.InvalidRunspaceStateException",
        "System.SystemException",
    ),
    (
        "Microsoft.PowerShell.Commands.ProcessCommandException",
        "System.SystemException",
    ),
    (
        "Microsoft.PowerShell.Commands.ServiceCommandException",
        "System.SystemException",
    ),
    ("System.NotSupportedException", "System.SystemException"),
    ("System.IndexOutOfRangeException", "System.SystemException"),
    (
        "System.ArgumentOutOfRangeException",
        "System.ArgumentException",
    ),
    (
        "System.IO.DirectoryNotFoundException",
        "System.IO.IOException",
    ),
    (
        "System.Security.SecurityException",
        "System.SystemException",
    ),
    (
        "System.InsufficientMemoryException",
        "System.OutOfMemoryException",
    ),
    ("System.OutOfMemoryException", "System.SystemException"),
    ("System.SystemException", "System.Exception"),
];

/// Resolves a type name as written in brackets to its full name, or None if unknown.
pub fn resolve(name: &str) -> Option<String> {
    let trimmed = name.trim();
    if let Some(elem) = trimmed.strip_suffix("[]") {
        return resolve(elem).map(|e| format!("{e}[]"));
    }
    let lower = trimmed.to_ascii_lowercase();
    let lower = lower
        .strip_prefix("system.")
        .map(|s| s.to_string())
        .unwrap_or(lower.clone());
    for (alias, full) in ACCELERATORS {
        if *alias == lower || full.eq_ignore_ascii_case(trimmed) {
            return Some((*full).to_string());
        }
    }
    if let Some((_, text)) = super::collections::Kind::parse(trimmed) {
        return Some(text);
    }
    if let Some(e) = super::enums::resolve(trimmed) {
        return Some(e.to_string());
    }
    for (t, _) in EXCEPTION_BASES {
        let short = t.rsplit('.').next().unwrap_or(t);
        if t.eq_ignore_ascii_case(trimmed) || short.eq_ignore_ascii_case(trimmed) {
            return Some((*t).to_string());
        }
    }
    const KNOWN: &[&str] = &[
        "System.Exception",
        "System.Collections.ArrayList",
        "System.Management.Automation.Job",
        "System.Management.Automation.PSRemotingJob",
        "System.Management.Automation.Runspaces.PSSession",
        "System.Diagnostics.Process",
        "System.IO.FileInfo",
        "System.IO.DirectoryInfo",
        "System.IO.FileSystemInfo",
        "System.ValueType",
        "System.Enum",
        "System.Text.StringBuilder",
        "System.Management.Automation.Runspaces.RunspacePool",
        "System.Management.Automation.PSDataCollection",
        "System.Management.Automation.Language.Parser",
    ];
    KNOWN
        .iter()
        .find(|k| {
            k.eq_ignore_ascii_case(trimmed)
                || k.rsplit('.')
                    .next()
                    .is_some_and(|s| s.eq_ignore_ascii_case(trimmed))
        })
        .map(|k| (*k).to_string())
}

/// The full type name of a value, as `.GetType().FullName` gives it.
pub fn type_name_of(v: &Value) -> String {
    let v = v.base();
    match v {
        Value::Null | Value::Nothing => "System.Object".into(),
        Value::Bool(_) => "System.Boolean".into(),
        Value::Int(_) => "System.Int32".into(),
        Value::Long(_) => "System.Int64".into(),
        Value::Double(_) => "System.Double".into(),
        Value::Decimal(_) => "System.Decimal".into(),
        Value::Char(_) => "System.Char".into(),
        Value::Str(_) => "System.String".into(),
        Value::Array(_) => "System.Object[]".into(),
        Value::Hashtable(h) => {
            if h.borrow().ordered {
                "System.Collections.Specialized.OrderedDictionary".into()
            } else {
                "System.Collections.Hashtable".into()
            }
        }
        Value::Object(o) => {
            if o.is_custom() {
                "System.Management.Automation.PSCustomObject".into()
            } else {
                o.type_name()
                    .trim_start_matches("Deserialized.")
                    .to_string()
            }
        }
        Value::ScriptBlock(_) => "System.Management.Automation.ScriptBlock".into(),
        Value::DateTime(_) => "System.DateTime".into(),
        Value::TimeSpan(_) => "System.TimeSpan".into(),
        Value::Type(_) => "System.RuntimeType".into(),
        Value::Error(_) => "System.Management.Automation.ErrorRecord".into(),
        Value::Enum(e) => e.type_name.to_string(),
        Value::Job(j) => j.kind.type_name().to_string(),
        Value::Live(l) if l.full_type_name().is_some() => l.full_type_name().unwrap_or_default(),
        Value::Live(l) => l
            .type_names()
            .first()
            .copied()
            .unwrap_or("System.Object")
            .into(),
        Value::Noted(n) => type_name_of(&n.base),
    }
}

/// The type names `-is` and `$x.PSObject.TypeNames` see: the type and its bases.
pub fn type_names_of(v: &Value) -> Vec<String> {
    let v = v.base();
    let first = type_name_of(v);
    let mut names = vec![first.clone()];
    match v {
        Value::Bool(_)
        | Value::Int(_)
        | Value::Long(_)
        | Value::Double(_)
        | Value::Decimal(_)
        | Value::Char(_)
        | Value::DateTime(_)
        | Value::TimeSpan(_) => names.push("System.ValueType".into()),
        Value::Enum(_) => {
            names.push("System.Enum".into());
            names.push("System.ValueType".into());
        }
        Value::Array(_) => names.push("System.Array".into()),
        Value::Object(o) => {
            names = o.type_names.iter().map(|t| t.to_string()).collect();
            if o.is_custom() {
                return names;
            }
        }
        Value::Job(j) => return crate::engine::job_props::type_names(j),
        Value::Live(l) => return l.type_names().iter().map(|t| t.to_string()).collect(),
        _ => {}
    }
    // A deserialized object's chain ends in Deserialized.System.Object.
    if !names.last().is_some_and(|s| s.ends_with("System.Object")) {
        names.push("System.Object".into());
    }
    names
}

/// `catch [T]`: does an exception of type `actual` derive from `wanted`?
pub fn exception_is(actual: &str, wanted: &str) -> bool {
    let wanted = resolve(wanted).unwrap_or_else(|| wanted.to_string());
    let mut t = actual.to_string();
    for _ in 0..16 {
        if t.eq_ignore_ascii_case(&wanted) {
            return true;
        }
        match EXCEPTION_BASES
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(&t))
        {
            Some((_, base)) => t = (*base).to_string(),
            None => return wanted.eq_ignore_ascii_case("System.Exception"),
        }
    }
    false
}

/// Is `t` (a full name) an exception type this engine knows?
pub fn is_exception_type(t: &str) -> bool {
    t.eq_ignore_ascii_case("System.Exception")
        || EXCEPTION_BASES
            .iter()
            .any(|(d, _)| d.eq_ignore_ascii_case(t))
}

/// An exception type and its bases, most derived first, ending with System.Exception.
pub fn exception_chain(t: &str) -> Vec<String> {
    let mut chain = vec![t.to_string()];
    while chain.len() < 16 {
        let Some(last) = chain.last() else { break };
        match EXCEPTION_BASES
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(last))
        {
            Some((_, base)) => chain.push((*base).to_string()),
            None => break,
        }
    }
    if chain.last().is_none_or(|l| l != "System.Exception") {
        chain.push("System.Exception".to_string());
    }
    chain
}

/// The name part after the last dot: `System.Int32` → `Int32`.
pub fn short_name(full: &str) -> &str {
    let base = full.strip_suffix("[]").unwrap_or(full);
    let short = base.rsplit('.').next().unwrap_or(base);
    if full.ends_with("[]") {
        // Only the element part is shortened; callers that need `Object[]` use short_name_full.
        return short;
    }
    short
}

pub fn short_name_full(full: &str) -> String {
    match full.strip_suffix("[]") {
        Some(elem) => format!("{}[]", short_name(elem)),
        None => short_name(full).to_string(),
    }
}
