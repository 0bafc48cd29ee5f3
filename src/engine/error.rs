//! Error records as PowerShell has them, and the control flow that unwinds the evaluator.

use super::value::Value;
use crate::lang::source::{Source, Span};
use std::rc::Rc;

/// System.Management.Automation.ErrorCategory, in enum order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    NotSpecified,
    OpenError,
    CloseError,
    DeviceError,
    DeadlockDetected,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    InvalidResult,
    InvalidType,
    MetadataError,
    NotImplemented,
    NotInstalled,
    ObjectNotFound,
    OperationStopped,
    OperationTimeout,
    SyntaxError,
    ParserError,
    PermissionDenied,
    ResourceBusy,
    ResourceExists,
    ResourceUnavailable,
    ReadError,
    WriteError,
    FromStdErr,
    SecurityError,
    ProtocolError,
    ConnectionError,
    AuthenticationError,
    LimitsExceeded,
    QuotaExceeded,
    NotEnabled,
}

/// Every category with its name, in enum order.
const CATEGORIES: [(Category, &str); 32] = {
    use Category::*;
    [
        (NotSpecified, "NotSpecified"),
        (OpenError, "OpenError"),
        (CloseError, "CloseError"),
        (DeviceError, "DeviceError"),
        (DeadlockDetected, "DeadlockDetected"),
        (InvalidArgument, "InvalidArgument"),
        (InvalidData, "InvalidData"),
        (InvalidOperation, "InvalidOperation"),
        (InvalidResult, "InvalidResult"),
        (InvalidType, "InvalidType"),
        (MetadataError, "MetadataError"),
        (NotImplemented, "NotImplemented"),
        (NotInstalled, "NotInstalled"),
        (ObjectNotFound, "ObjectNotFound"),
        (OperationStopped, "OperationStopped"),
        (OperationTimeout, "OperationTimeout"),
        (SyntaxError, "SyntaxError"),
        (ParserError, "ParserError"),
        (PermissionDenied, "PermissionDenied"),
        (ResourceBusy, "ResourceBusy"),
        (ResourceExists, "ResourceExists"),
        (ResourceUnavailable, "ResourceUnavailable"),
        (ReadError, "ReadError"),
        (WriteError, "WriteError"),
        (FromStdErr, "FromStdErr"),
        (SecurityError, "SecurityError"),
        (ProtocolError, "ProtocolError"),
        (ConnectionError, "ConnectionError"),
        (AuthenticationError, "AuthenticationError"),
        (LimitsExceeded, "LimitsExceeded"),
        (QuotaExceeded, "QuotaExceeded"),
        (NotEnabled, "NotEnabled"),
    ]
};

impl Category {
    pub fn name(self) -> String {
        self.as_str().to_string()
    }
    pub fn as_str(self) -> &'static str {
        CATEGORIES
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("NotSpecified", |(_, n)| n)
    }
    pub fn parse(name: &str) -> Option<Category> {
        CATEGORIES
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(c, _)| *c)
    }
}

/// Where an error happened: what `At line:N char:M` and the underline come from.
#[derive(Clone, Debug)]
pub struct Position {
    pub source: Rc<Source>,
    pub span: Span,
}

/// An error record. The data is boxed so that `Result<Value, ErrorRecord>` stays small on
/// the hot paths; fields are reached through `Deref`.
#[derive(Clone, Debug)]
pub struct ErrorRecord(Box<ErrorData>);

impl std::ops::Deref for ErrorRecord {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for ErrorRecord {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

#[derive(Clone, Debug)]
pub struct ErrorData {
    /// The exception's full type name, e.g. `System.Management.Automation.RuntimeException`.
    pub exception_type: Rc<str>,
    pub message: String,
    pub fqid: String,
    pub category: Category,
    pub target: Value,
    /// CategoryInfo's TargetName and TargetType when they differ from the target's own.
    pub target_name: Option<String>,
    pub target_type: Option<String>,
    /// The command name shown as `Name : ` and as CategoryInfo's activity.
    pub command: Option<Rc<str>>,
    /// The name the user typed (an alias, say), for the `Name : ` prefix.
    pub invocation_name: Option<Rc<str>>,
    pub position: Option<Position>,
    /// Errors replayed from a job carry the computer they came from.
    pub origin: Option<Rc<str>>,
    /// Replayed by Receive-Job: no invocation info here, so it prints as the message alone.
    pub replayed: bool,
    /// Set for errors raised by `throw`.
    pub thrown: bool,
    pub parse_error: bool,
    /// The thrown object, when `throw` was given something other than a string.
    pub thrown_value: Option<Value>,
    /// The .NET exception a RuntimeException wraps (`1/0` wraps DivideByZeroException):
    /// `catch [System.DivideByZeroException]` matches it, and `$_.Exception.InnerException`.
    pub inner_exception: Option<Rc<str>>,
    /// The error a MethodInvocationException wraps (`$ps.Invoke()` whose script threw):
    /// `$_.Exception.InnerException.ErrorRecord` is it.
    pub inner_record: Option<Rc<ErrorRecord>>,
    /// ScriptStackTrace: the script frames when the error was raised, innermost first
    /// (`at f, <No file>: line 2`), fixed once as PowerShell locks it.
    pub script_stack_trace: Option<Rc<str>>,
    /// InvocationInfo.HistoryId: the console line the error came from (-1 outside one).
    pub history_id: i64,
    /// Set on the copy Get-Error returns: shown in its extended view.
    pub extended: Option<ExtendedView>,
}

/// Get-Error's mark on a record it returns (the `ErrorRecord#PSExtendedError` type name).
/// PowerShell's view puts the record's own type name back once it has shown it, so the
/// same object shows as a plain error the next time: `shown` records that.
#[derive(Clone, Debug, Default)]
pub struct ExtendedView {
    /// PSErrorIndex: its place among several records Get-Error returned at once.
    pub index: Option<usize>,
    pub shown: std::cell::Cell<bool>,
}

impl ErrorRecord {
    pub fn new(
        exception_type: &str,
        message: impl Into<String>,
        fqid: &str,
        category: Category,
    ) -> ErrorRecord {
        ErrorRecord(Box::new(ErrorData {
            exception_type: Rc::from(exception_type),
            message: message.into(),
            fqid: fqid.to_string(),
            category,
            target: Value::Null,
            target_name: None,
            target_type: None,
            command: None,
            invocation_name: None,
            position: None,
            origin: None,
            replayed: false,
            thrown: false,
            parse_error: false,
            thrown_value: None,
            inner_exception: None,
            inner_record: None,
            script_stack_trace: None,
            history_id: -1,
            extended: None,
        }))
    }

    /// The ParseException record of a script that did not parse, positioned in `source`.
    pub fn parse(e: &crate::lang::ParseError, source: &Rc<Source>) -> ErrorRecord {
        let mut rec = ErrorRecord::new(
            "System.Management.Automation.ParseException",
            e.message.clone(),
            e.id,
            Category::ParserError,
        );
        rec.parse_error = true;
        rec.at(source, e.span)
    }

    /// A RuntimeException from the language itself (no command).
    pub fn runtime(message: impl Into<String>, fqid: &str, category: Category) -> ErrorRecord {
        ErrorRecord::new(
            "System.Management.Automation.RuntimeException",
            message,
            fqid,
            category,
        )
    }

    /// The record as another runspace hands it over (a job's, a remote computer's): without
    /// the position and command line it had there, marked with the computer it came from
    /// when one is given.
    pub fn as_received(&self, origin: Option<Rc<str>>) -> ErrorRecord {
        let mut r = self.clone();
        r.position = None;
        r.invocation_name = None;
        r.replayed = true;
        if origin.is_some() {
            r.origin = origin;
        }
        r
    }

    pub fn with_target(mut self, target: Value) -> ErrorRecord {
        self.target = target;
        self
    }
    pub fn at(mut self, source: &Rc<Source>, span: Span) -> ErrorRecord {
        if self.position.is_none() {
            self.position = Some(Position {
                source: source.clone(),
                span,
            });
        }
        self
    }
    /// The short exception type name, CategoryInfo's Reason.
    pub fn reason(&self) -> &str {
        self.exception_type
            .rsplit('.')
            .next()
            .unwrap_or(&self.exception_type)
    }
}

/// How far an error unwinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Ends the statement; the script goes on (a cmdlet's terminating error, `1/0`).
    Statement,
    /// Ends the script (`throw`, `-ErrorAction Stop`).
    Script,
    /// Ends the pipeline that ran an advanced function (`$PSCmdlet.ThrowTerminatingError`):
    /// the function's own statements pass it on; leaving the function, it ends the
    /// caller's statement as a cmdlet's terminating error does.
    Pipeline,
}

/// Everything that unwinds the evaluator: loop control, return, errors, stopping.
#[derive(Clone, Debug)]
pub enum Flow {
    Break(Option<Rc<str>>),
    Continue(Option<Rc<str>>),
    Return,
    Exit(i32),
    Error(Rc<ErrorRecord>, Severity),
    /// The pipeline was stopped (Ctrl+C, Stop-Job).
    Stopped,
    /// A downstream command has all it wants (`Select-Object -First`): upstream ends quietly.
    StopUpstream,
}

impl Flow {
    pub fn error(rec: ErrorRecord) -> Flow {
        // Running out of memory ends the script, not only the statement: a loop that grows
        // a value would otherwise try again, and fail again, forever.
        let severity = if rec.fqid == super::budget::LIMIT_ERROR_ID {
            Severity::Script
        } else {
            Severity::Statement
        };
        Flow::Error(Rc::new(rec), severity)
    }
    pub fn script_error(rec: ErrorRecord) -> Flow {
        Flow::Error(Rc::new(rec), Severity::Script)
    }
}

pub type EvalResult<T> = Result<T, Flow>;
