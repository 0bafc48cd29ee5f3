//! The records a command writes to the streams other than output and error, as the values
//! PowerShell makes of them: what `-WarningVariable`, `3>&1` and a job's Warning, Verbose,
//! Debug, Information and Progress collections hold. Their properties, in the order .NET
//! lists them (the derived type's own first), are from System.Management.Automation's
//! InformationalRecord.cs, InformationRecord.cs and ProgressRecord.cs.

use super::time::DateTime;
use super::value::{PSObject, Value};

/// The three informational kinds, each a Message with the InvocationInfo of its command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Informational {
    Warning,
    Verbose,
    Debug,
}

impl Informational {
    fn type_name(self) -> &'static str {
        match self {
            Informational::Warning => "System.Management.Automation.WarningRecord",
            Informational::Verbose => "System.Management.Automation.VerboseRecord",
            Informational::Debug => "System.Management.Automation.DebugRecord",
        }
    }
    fn command(self) -> &'static str {
        match self {
            Informational::Warning => "Write-Warning",
            Informational::Verbose => "Write-Verbose",
            Informational::Debug => "Write-Debug",
        }
    }
}

/// A WarningRecord, VerboseRecord or DebugRecord. It shows as its Message (the WarningRecord
/// view, and InformationalRecord.ToString for the others).
pub fn informational(kind: Informational, message: &str) -> Value {
    let mut props = Vec::with_capacity(5);
    if kind == Informational::Warning {
        // `new WarningRecord(message)` leaves the id empty.
        props.push(("FullyQualifiedWarningId", Value::str("")));
    }
    props.extend([
        ("Message", Value::str(message)),
        ("InvocationInfo", invocation_info(kind.command())),
        ("PipelineIterationInfo", Value::array(Vec::new())),
        ("__ToString", Value::str(message)),
    ]);
    Value::Object(PSObject::new(
        &[
            kind.type_name(),
            "System.Management.Automation.InformationalRecord",
            "System.Object",
        ],
        props,
    ))
}

/// A warning, verbose or debug record on its way into the output (`3>&1`, `4>&1`, `5>&1`):
/// a copy that knows its stream (MshCommandRuntime sets the wrapper's WriteStream), so the
/// console shows it as that stream's line, `WARNING: ...`, where the record itself shows
/// its Message alone.
pub fn merged(record: Value) -> Value {
    let Value::Object(o) = &record else {
        return record;
    };
    let prefix = match o.type_names.first().map(|t| &**t) {
        Some("System.Management.Automation.WarningRecord") => "WARNING",
        Some("System.Management.Automation.VerboseRecord") => "VERBOSE",
        Some("System.Management.Automation.DebugRecord") => "DEBUG",
        _ => return record,
    };
    let mut props = o.props.borrow().clone();
    props.push(super::value::Property {
        name: std::rc::Rc::from("__WriteStream"),
        value: Value::str(prefix),
    });
    Value::Object(std::rc::Rc::new(PSObject {
        type_names: o.type_names.clone(),
        props: std::cell::RefCell::new(props),
    }))
}

/// The stream a record merged into the output came from (see [`merged`]).
pub fn merged_stream(v: &Value) -> Option<super::runtime::LineKind> {
    use super::runtime::LineKind;
    let Value::Object(o) = v else { return None };
    let stream = o.get("__WriteStream")?;
    Some(match &*super::convert::to_str(&stream) {
        "WARNING" => LineKind::Warning,
        "VERBOSE" => LineKind::Verbose,
        _ => LineKind::Debug,
    })
}

/// What Write-Information (or Write-Host, tagged PSHOST) records; it shows as its message.
pub struct Information<'a> {
    pub message_data: Value,
    pub source: &'a str,
    pub tags: Vec<Value>,
    pub time: DateTime,
    pub computer: &'a str,
    pub process_id: Value,
}

pub fn information(i: Information) -> Value {
    let text = super::convert::to_str(&i.message_data);
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.InformationRecord",
            "System.Object",
        ],
        vec![
            ("MessageData", i.message_data),
            ("Source", Value::str(i.source)),
            ("TimeGenerated", Value::DateTime(i.time)),
            ("Tags", Value::array(i.tags)),
            ("User", Value::str(&format!("{}\\User", i.computer))),
            ("Computer", Value::str(i.computer)),
            ("ProcessId", i.process_id),
            // The simulated process runs its pipeline on one thread.
            ("NativeThreadId", Value::Int(4712)),
            ("ManagedThreadId", Value::Int(12)),
            ("__ToString", Value::str(&text)),
        ],
    ))
}

/// True for a value that is an InformationRecord already (Receive-Job hands them on).
pub fn is_information_record(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.type_name() == "System.Management.Automation.InformationRecord")
}

/// What Write-Progress records: its parameters, with ProgressRecord's defaults for the ones
/// not given (Status "Processing", -1 for no percentage or time, ParentActivityId -1).
pub struct Progress {
    pub activity_id: i32,
    pub parent_activity_id: i32,
    pub activity: String,
    pub status: Option<String>,
    pub current_operation: Option<String>,
    pub percent_complete: i32,
    pub seconds_remaining: i32,
    pub completed: bool,
}

pub fn progress(p: Progress) -> Value {
    let text = format!(
        "parent = {} id = {} act = {} stat = {} cur = {} pct = {} sec = {} type = {}",
        p.parent_activity_id,
        p.activity_id,
        p.activity,
        p.status.as_deref().unwrap_or("Processing"),
        p.current_operation.as_deref().unwrap_or(""),
        p.percent_complete,
        p.seconds_remaining,
        if p.completed {
            "Completed"
        } else {
            "Processing"
        },
    );
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.ProgressRecord",
            "System.Object",
        ],
        vec![
            ("ActivityId", Value::Int(p.activity_id)),
            ("ParentActivityId", Value::Int(p.parent_activity_id)),
            ("Activity", Value::str(&p.activity)),
            (
                "StatusDescription",
                Value::str(p.status.as_deref().unwrap_or("Processing")),
            ),
            (
                "CurrentOperation",
                p.current_operation
                    .as_deref()
                    .map_or(Value::Null, Value::str),
            ),
            ("PercentComplete", Value::Int(p.percent_complete)),
            ("SecondsRemaining", Value::Int(p.seconds_remaining)),
            (
                "RecordType",
                Value::Enum(super::value::EnumValue {
                    type_name: "System.Management.Automation.ProgressRecordType",
                    name: if p.completed {
                        "Completed"
                    } else {
                        "Processing"
                    },
                    value: i64::from(p.completed),
                }),
            ),
            ("__ToString", Value::str(&text)),
        ],
    ))
}

/// The InvocationInfo of the command that wrote a record: its MyCommand and name.
fn invocation_info(command: &str) -> Value {
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.InvocationInfo",
            "System.Object",
        ],
        vec![
            ("MyCommand", Value::str(command)),
            ("InvocationName", Value::str(command)),
            (
                "__ToString",
                Value::str("System.Management.Automation.InvocationInfo"),
            ),
        ],
    ))
}
