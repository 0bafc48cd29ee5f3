//! The .NET enumerations a learner meets in job examples, with their numeric values: a
//! JobState, a service's ServiceControllerStatus (Stopped is 1 and Running 4, which is why
//! Stopped sorts first), a day of the week. `[JobState]::Failed`, `[JobState]'failed'`,
//! `[JobState]3` and `[int]` of any of them work from this one table.

use super::error::{Category, ErrorRecord};
use super::value::{EnumValue, Value};

type Members = &'static [(&'static str, i64)];

const ENUMS: &[(&str, Members)] = &[
    (
        "System.Management.Automation.JobState",
        &[
            ("NotStarted", 0),
            ("Running", 1),
            ("Completed", 2),
            ("Failed", 3),
            ("Stopped", 4),
            ("Blocked", 5),
            ("Suspended", 6),
            ("Disconnected", 7),
            ("Suspending", 8),
            ("Stopping", 9),
            ("AtBreakpoint", 10),
        ],
    ),
    (
        "System.ServiceProcess.ServiceControllerStatus",
        &[
            ("Stopped", 1),
            ("StartPending", 2),
            ("StopPending", 3),
            ("Running", 4),
            ("ContinuePending", 5),
            ("PausePending", 6),
            ("Paused", 7),
        ],
    ),
    (
        "System.DayOfWeek",
        &[
            ("Sunday", 0),
            ("Monday", 1),
            ("Tuesday", 2),
            ("Wednesday", 3),
            ("Thursday", 4),
            ("Friday", 5),
            ("Saturday", 6),
        ],
    ),
    (
        "System.Management.Automation.Runspaces.RunspaceState",
        &[
            ("BeforeOpen", 0),
            ("Opening", 1),
            ("Opened", 2),
            ("Closed", 3),
            ("Closing", 4),
            ("Broken", 5),
            ("Disconnecting", 6),
            ("Disconnected", 7),
            ("Connecting", 8),
        ],
    ),
    (
        "System.Management.Automation.Runspaces.RunspacePoolState",
        &[
            ("BeforeOpen", 0),
            ("Opening", 1),
            ("Opened", 2),
            ("Closed", 3),
            ("Closing", 4),
            ("Broken", 5),
            ("Disconnecting", 6),
            ("Disconnected", 7),
            ("Connecting", 8),
        ],
    ),
    (
        "System.Management.Automation.Runspaces.RunspaceAvailability",
        &[
            ("None", 0),
            ("Available", 1),
            ("AvailableForNestedCommand", 2),
            ("Busy", 3),
            ("RemoteDebug", 4),
        ],
    ),
    (
        "System.Management.Automation.RunspaceMode",
        &[("CurrentRunspace", 0), ("NewRunspace", 1)],
    ),
    (
        "System.Management.Automation.ProgressRecordType",
        &[("Processing", 0), ("Completed", 1)],
    ),
    (
        "System.ConsoleColor",
        &[
            ("Black", 0),
            ("DarkBlue", 1),
            ("DarkGreen", 2),
            ("DarkCyan", 3),
            ("DarkRed", 4),
            ("DarkMagenta", 5),
            ("DarkYellow", 6),
            ("Gray", 7),
            ("DarkGray", 8),
            ("Blue", 9),
            ("Green", 10),
            ("Cyan", 11),
            ("Red", 12),
            ("Magenta", 13),
            ("Yellow", 14),
            ("White", 15),
        ],
    ),
    (
        // The order of `error::Category`, whose values these are.
        "System.Management.Automation.ErrorCategory",
        &[
            ("NotSpecified", 0),
            ("OpenError", 1),
            ("CloseError", 2),
            ("DeviceError", 3),
            ("DeadlockDetected", 4),
            ("InvalidArgument", 5),
            ("InvalidData", 6),
            ("InvalidOperation", 7),
            ("InvalidResult", 8),
            ("InvalidType", 9),
            ("MetadataError", 10),
            ("NotImplemented", 11),
            ("NotInstalled", 12),
            ("ObjectNotFound", 13),
            ("OperationStopped", 14),
            ("OperationTimeout", 15),
            ("SyntaxError", 16),
            ("ParserError", 17),
            ("PermissionDenied", 18),
            ("ResourceBusy", 19),
            ("ResourceExists", 20),
            ("ResourceUnavailable", 21),
            ("ReadError", 22),
            ("WriteError", 23),
            ("FromStdErr", 24),
            ("SecurityError", 25),
            ("ProtocolError", 26),
            ("ConnectionError", 27),
            ("AuthenticationError", 28),
            ("LimitsExceeded", 29),
            ("QuotaExceeded", 30),
            ("NotEnabled", 31),
        ],
    ),
    (
        "System.Management.Automation.PSInvocationState",
        &[
            ("NotStarted", 0),
            ("Running", 1),
            ("Stopping", 2),
            ("Stopped", 3),
            ("Completed", 4),
            ("Failed", 5),
            ("Disconnected", 6),
        ],
    ),
];

/// The enumeration a type name (full, or the last part) stands for: its full name.
pub fn resolve(name: &str) -> Option<&'static str> {
    let name = name.trim();
    ENUMS.iter().map(|(t, _)| *t).find(|t| {
        t.eq_ignore_ascii_case(name)
            || t.rsplit('.')
                .next()
                .is_some_and(|short| short.eq_ignore_ascii_case(name))
    })
}

fn members(type_name: &str) -> Option<Members> {
    ENUMS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(type_name))
        .map(|(_, m)| *m)
}

fn value_of(type_name: &'static str, (name, value): (&'static str, i64)) -> Value {
    Value::Enum(EnumValue {
        type_name,
        name,
        value,
    })
}

/// `[T]::Name`.
pub fn member(type_name: &str, name: &str) -> Option<Value> {
    let t = resolve(type_name)?;
    let m = members(t)?
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))?;
    Some(value_of(t, *m))
}

/// `[T]$v`: an enum of the same type stays, a number picks the member with that value, text
/// the member of that name (in any case); anything else is refused as .NET refuses it.
pub fn convert(v: &Value, type_name: &str) -> Option<Result<Value, ErrorRecord>> {
    let t = resolve(type_name)?;
    let all = members(t)?;
    let v = v.base();
    if let Value::Enum(e) = v {
        if e.type_name == t {
            return Some(Ok(v.clone()));
        }
    }
    let by_number = super::convert::to_i64(v).filter(|_| !matches!(v, Value::Str(_)));
    let found = match by_number {
        Some(n) => all.iter().find(|(_, value)| *value == n),
        None => {
            let text = super::convert::to_str(v);
            all.iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
        }
    };
    Some(match found {
        Some(m) => Ok(value_of(t, *m)),
        None => {
            let text = super::convert::to_str(v);
            let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
            Err(ErrorRecord::new(
                "System.Management.Automation.PSInvalidCastException",
                format!(
                    "Cannot convert value \"{text}\" to type \"{t}\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{}\"",
                    names.join(", ")
                ),
                "InvalidCastParseTargetInvocation",
                Category::InvalidArgument,
            ))
        }
    })
}
