//! The .NET objects behind an error record's properties, listed as PowerShell lists them
//! (reflection order: a type's own properties before its base's): the record's own
//! (Exception, TargetObject, CategoryInfo, ...), its Exception's (with the ErrorRecord a
//! PowerShell exception carries, and its inner exception) and InvocationInfo's.
//! `$e.Exception | Format-List *` and Get-Error's view read them.
//!
//! Not modelled: where .NET threw an exception (TargetSite, StackTrace, Source stay null,
//! as they are for an exception that was created and written but never thrown), and
//! PipelineIterationInfo (empty).

use super::category_info;
use super::error::{Category, ErrorRecord};
use super::position_message::position_message;
use super::runtime::{Edition, Profile};
use super::types::exception_is;
use super::value::{EnumValue, Hashtable, PSObject, Value};
use std::rc::Rc;

const RUNTIME_EXCEPTION: &str = "System.Management.Automation.RuntimeException";
const SESSION_STATE_EXCEPTION: &str = "System.Management.Automation.SessionStateException";
const CONTAINER: &str = "System.Management.Automation.ParentContainsErrorRecordException";

/// An ErrorRecord's own properties, in reflection order.
const RECORD_PROPERTIES: [&str; 8] = [
    "Exception",
    "TargetObject",
    "CategoryInfo",
    "FullyQualifiedErrorId",
    "ErrorDetails",
    "InvocationInfo",
    "ScriptStackTrace",
    "PipelineIterationInfo",
];

/// One property of an ErrorRecord, by name (any case): only that one is built.
pub fn record_property(e: &ErrorRecord, name: &str) -> Option<Value> {
    let name = RECORD_PROPERTIES
        .iter()
        .find(|n| n.eq_ignore_ascii_case(name))?;
    Some(named_property(
        e,
        name,
        &Profile::for_edition(Edition::Desktop51),
    ))
}

/// An ErrorRecord's properties in order; CategoryInfo's text shortened as `profile`'s
/// edition shortens it.
pub fn record_properties(e: &ErrorRecord, profile: &Profile) -> Vec<(&'static str, Value)> {
    let mut props: Vec<_> = RECORD_PROPERTIES
        .iter()
        .map(|name| (*name, named_property(e, name, profile)))
        .collect();
    if let Some(index) = e.extended.as_ref().and_then(|x| x.index) {
        props.push(("PSErrorIndex", Value::Int(index as i32)));
    }
    props
}

/// The value of one of RECORD_PROPERTIES.
fn named_property(e: &ErrorRecord, name: &str, profile: &Profile) -> Value {
    match name {
        "Exception" => exception(e),
        "TargetObject" => e.target.clone(),
        "CategoryInfo" => category_info_object(e, profile),
        "FullyQualifiedErrorId" => Value::str(&e.fqid),
        "InvocationInfo" => invocation_info(e),
        "ScriptStackTrace" => Value::str(e.script_stack_trace.as_deref().unwrap_or("")),
        "PipelineIterationInfo" => Value::array(Vec::new()),
        // ErrorDetails: no record the engine makes has any.
        _ => Value::Null,
    }
}

fn category_info_object(e: &ErrorRecord, profile: &Profile) -> Value {
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.ErrorCategoryInfo",
            "System.Object",
        ],
        vec![
            ("Category", category_value(e.category)),
            ("Activity", Value::str(e.command.as_deref().unwrap_or(""))),
            ("Reason", Value::str(e.reason())),
            ("TargetName", Value::str(&category_info::target_name(e))),
            ("TargetType", Value::str(&category_info::target_type(e))),
            (
                "__ToString",
                Value::str(&category_info::category_info(e, profile)),
            ),
        ],
    ))
}

/// `$e.Exception`: the exception object with its type's properties.
pub fn exception(e: &ErrorRecord) -> Value {
    let t: &str = &e.exception_type;
    let mut props: Vec<(&str, Value)> = Vec::new();
    if carries_record(t) {
        props.push(("ErrorRecord", Value::Error(Rc::new(contained_record(e)))));
    }
    let argument = exception_is(t, "System.ArgumentException");
    if argument {
        props.push(("Message", Value::str(&e.message)));
        props.push(("ParamName", Value::Null));
    }
    if exception_is(t, SESSION_STATE_EXCEPTION) {
        props.push(("ItemName", Value::str(&category_info::target_name(e))));
        props.push(("SessionStateCategory", session_state_category(e)));
    }
    if exception_is(t, "System.Management.Automation.CommandNotFoundException") {
        props.push(("CommandName", Value::str(&category_info::target_name(e))));
    }
    if exception_is(t, RUNTIME_EXCEPTION) {
        props.push(("WasThrownFromThrowStatement", Value::Bool(e.thrown)));
    }
    let inner = match &e.inner_record {
        Some(record) => Some(unwound_exception(record)),
        None => e
            .inner_exception
            .as_deref()
            .map(|inner| plain_exception(inner, &e.message)),
    };
    props.extend(exception_base(t, &e.message, !argument, inner));
    exception_value(t, props)
}

/// The exception an error unwound as: a PowerShell exception carries the record itself;
/// a .NET exception a command's terminating error held unwinds inside the
/// CmdletInvocationException that carries its record.
pub fn unwound_exception(record: &Rc<ErrorRecord>) -> Value {
    let t = unwound_type(record);
    let mut props = vec![("ErrorRecord", Value::Error(record.clone()))];
    if exception_is(&t, RUNTIME_EXCEPTION) {
        props.push(("WasThrownFromThrowStatement", Value::Bool(record.thrown)));
    }
    props.extend(exception_base(&t, &record.message, true, None));
    exception_value(&t, props)
}

/// The type `unwound_exception` gives.
pub fn unwound_type(record: &ErrorRecord) -> String {
    if carries_record(&record.exception_type) {
        record.exception_type.to_string()
    } else {
        "System.Management.Automation.CmdletInvocationException".to_string()
    }
}

/// An exception with only System.Exception's properties (a .NET exception PowerShell
/// wrapped, or the container in a contained record).
fn plain_exception(t: &str, message: &str) -> Value {
    exception_value(t, exception_base(t, message, true, None))
}

/// System.Exception's own properties, in reflection order.
fn exception_base(
    t: &str,
    message: &str,
    with_message: bool,
    inner: Option<Value>,
) -> Vec<(&'static str, Value)> {
    let mut props = vec![("TargetSite", Value::Null), ("StackTrace", Value::Null)];
    if with_message {
        props.push(("Message", Value::str(message)));
    }
    props.extend([
        (
            "Data",
            Value::Hashtable(Rc::new(std::cell::RefCell::new(Hashtable::default()))),
        ),
        ("InnerException", inner.unwrap_or(Value::Null)),
        ("HelpLink", Value::Null),
        ("Source", Value::Null),
        ("HResult", Value::Int(hresult(t))),
    ]);
    props
}

fn exception_value(t: &str, props: Vec<(&str, Value)>) -> Value {
    let chain = super::types::exception_chain(t);
    let mut names: Vec<&str> = chain.iter().map(String::as_str).collect();
    names.push("System.Object");
    let mut props = props;
    props.push((
        "__ToString",
        Value::str(&format!("{t}: {}", message_of(&props))),
    ));
    Value::Object(PSObject::new(&names, props))
}

fn message_of(props: &[(&str, Value)]) -> String {
    props
        .iter()
        .find(|(n, _)| *n == "Message")
        .map(|(_, v)| super::convert::to_str(v))
        .unwrap_or_default()
}

/// Does the exception carry an ErrorRecord of its own (IContainsErrorRecord)? PowerShell's
/// RuntimeException family does, and its PS-prefixed .NET exceptions
/// (PSArgumentException, PSInvalidOperationException, ...).
fn carries_record(t: &str) -> bool {
    t != CONTAINER
        && (exception_is(t, RUNTIME_EXCEPTION)
            || t.starts_with("System.Management.Automation.PS")
            || t == "System.Management.Automation.ScriptCallDepthException")
}

/// The record a PowerShell exception carries, around a ParentContainsErrorRecordException
/// with the same message. A RuntimeException's has the error id, category and target it
/// was raised with, and the script position of an error the script raised itself (a
/// cmdlet's error has none); the PS-prefixed .NET exceptions make theirs from a fixed id
/// and category, with no target.
fn contained_record(e: &ErrorRecord) -> ErrorRecord {
    let t: &str = &e.exception_type;
    let fixed = [
        ("PSArgumentException", "Argument", Category::InvalidArgument),
        (
            "PSInvalidOperationException",
            "InvalidOperation",
            Category::InvalidOperation,
        ),
        (
            "PSNotSupportedException",
            "NotSupported",
            Category::NotImplemented,
        ),
    ]
    .into_iter()
    .find(|(name, _, _)| t.strip_prefix("System.Management.Automation.") == Some(*name));
    if let Some((_, id, category)) = fixed {
        let mut r = ErrorRecord::new(CONTAINER, e.message.clone(), id, category);
        r.history_id = e.history_id;
        return r;
    }
    let id = e.fqid.split(',').next().unwrap_or(&e.fqid);
    let mut r = ErrorRecord::new(CONTAINER, e.message.clone(), id, e.category);
    r.target = e.target.clone();
    r.target_name = e.target_name.clone();
    r.target_type = e.target_type.clone();
    r.history_id = e.history_id;
    if e.command.is_none() {
        r.position = e.position.clone();
    }
    r
}

/// SessionStateException.SessionStateCategory: what kind of session state was missing.
fn session_state_category(e: &ErrorRecord) -> Value {
    let (name, value) = if e.fqid.contains("Variable") {
        ("Variable", 0)
    } else if e.fqid.contains("Provider") {
        ("CmdletProvider", 5)
    } else {
        ("Drive", 4)
    };
    Value::Enum(EnumValue {
        type_name: "System.Management.Automation.SessionStateCategory",
        name,
        value,
    })
}

/// Exception.HResult as .NET sets it for each exception type.
fn hresult(t: &str) -> i32 {
    const BY_TYPE: &[(&str, i32)] = &[
        ("System.DivideByZeroException", -2147352558),
        ("System.ArithmeticException", -2147024362),
        ("System.ArgumentOutOfRangeException", -2146233086),
        ("System.ArgumentNullException", -2147467261),
        ("System.ArgumentException", -2147024809),
        ("System.InvalidCastException", -2147467262),
        ("System.InvalidOperationException", -2146233079),
        ("System.NotSupportedException", -2146233067),
        ("System.IndexOutOfRangeException", -2146233080),
        ("System.InsufficientMemoryException", -2146233027),
        ("System.IO.DirectoryNotFoundException", -2147024893),
        ("System.IO.IOException", -2146232800),
        ("System.UnauthorizedAccessException", -2147024891),
        ("System.Security.SecurityException", -2146233078),
        ("System.SystemException", -2146233087),
    ];
    BY_TYPE
        .iter()
        .find(|(base, _)| exception_is(t, base))
        .map_or(-2146233088, |(_, h)| *h)
}

/// `$e.InvocationInfo`: the command that wrote the error and where it was, or null for a
/// record that has neither.
pub fn invocation_info(e: &ErrorRecord) -> Value {
    if e.command.is_none() && e.position.is_none() {
        return Value::Null;
    }
    let (line, col) = e
        .position
        .as_ref()
        .map_or((0, 0), |p| p.source.line_col(p.span.start));
    let path = e.position.as_ref().map(|p| p.source.path.clone());
    let path = path.as_deref().filter(|p| !p.is_empty());
    let line_text = e
        .position
        .as_ref()
        .map(|p| p.source.line_text(line))
        .unwrap_or_default();
    let invocation_name = e.invocation_name.as_ref().or(e.command.as_ref());
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.InvocationInfo",
            "System.Object",
        ],
        vec![
            (
                "MyCommand",
                e.command.as_deref().map_or(Value::Null, Value::str),
            ),
            (
                "BoundParameters",
                Value::Hashtable(Rc::new(std::cell::RefCell::new(Hashtable::default()))),
            ),
            ("UnboundArguments", Value::array(Vec::new())),
            ("ScriptLineNumber", Value::Int(line as i32)),
            ("OffsetInLine", Value::Int(col as i32)),
            ("HistoryId", Value::Long(e.history_id)),
            ("ScriptName", Value::str(path.unwrap_or(""))),
            ("Line", Value::str(&line_text)),
            (
                "PositionMessage",
                Value::str(&position_message(e).unwrap_or_default()),
            ),
            (
                "PSScriptRoot",
                Value::str(
                    path.and_then(|p| p.rsplit_once(['\\', '/']).map(|(dir, _)| dir))
                        .unwrap_or(""),
                ),
            ),
            ("PSCommandPath", path.map_or(Value::Null, Value::str)),
            (
                "InvocationName",
                Value::str(invocation_name.map_or("", |n| n)),
            ),
            ("PipelineLength", Value::Int(0)),
            ("PipelinePosition", Value::Int(0)),
            ("ExpectingInput", Value::Bool(false)),
            (
                "CommandOrigin",
                Value::Enum(EnumValue {
                    type_name: "System.Management.Automation.CommandOrigin",
                    name: "Internal",
                    value: 1,
                }),
            ),
            ("DisplayScriptPosition", Value::Null),
        ],
    ))
}

/// The type name Get-Error puts first on an exception it returns.
pub const EXCEPTION_EXTENDED: &str = "System.Exception#PSExtendedError";

/// Is this value an exception object (for Get-Error's view, which expands them)?
pub fn is_exception(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.type_names.iter().any(|t| &**t == "System.Exception"))
}

/// The ErrorCategory of a record, as an enum value.
pub fn category_value(c: Category) -> Value {
    Value::Enum(EnumValue {
        type_name: "System.Management.Automation.ErrorCategory",
        name: c.as_str(),
        value: c as i64,
    })
}

/// `[T]::new(message, inner)` for an exception type: the object a script builds to throw or
/// to wrap in an ErrorRecord. With no message, .NET's default text for the type.
pub fn new_exception(t: &str, message: Option<&str>, inner: Option<Value>) -> Value {
    let message = message
        .map(str::to_string)
        .unwrap_or_else(|| format!("Exception of type '{t}' was thrown."));
    let inner = inner.filter(is_exception);
    exception_value(t, exception_base(t, &message, true, inner))
}

/// The type and message of an exception object (one `new_exception` made, or a record's
/// `Exception`).
pub fn exception_parts(v: &Value) -> Option<(String, String)> {
    let Value::Object(o) = v.base() else {
        return None;
    };
    if !is_exception(v.base()) {
        return None;
    }
    let message = o
        .get("Message")
        .map(|m| super::convert::to_str(&m))
        .unwrap_or_default();
    Some((o.type_name().to_string(), message))
}

/// `[ErrorRecord]::new($exception, $errorId, $category, $target)`: its message is the
/// exception's.
pub fn record_from_exception(
    exception: &Value,
    id: &str,
    category: Category,
    target: Value,
) -> Option<ErrorRecord> {
    let (t, message) = exception_parts(exception)?;
    Some(ErrorRecord::new(&t, message, id, category).with_target(target))
}

/// The MethodInvocationException a method call throws when what it ran failed
/// (ConvertToMethodInvocationException): its id is the inner exception's type name.
pub fn method_invocation(method: &str, args: usize, inner: Rc<ErrorRecord>) -> ErrorRecord {
    let t = unwound_type(&inner);
    let id = t.rsplit('.').next().unwrap_or(&t).to_string();
    let mut e = ErrorRecord::new(
        "System.Management.Automation.MethodInvocationException",
        format!(
            "Exception calling \"{method}\" with \"{args}\" argument(s): \"{}\"",
            inner.message
        ),
        &id,
        Category::NotSpecified,
    );
    e.target_name = Some(String::new());
    e.inner_record = Some(inner);
    e
}
