//! The PowerShell object (`[powershell]::Create()`): commands added to it, the runspace
//! or pool they run in, its PSDataStreams and the state of its last invocation. Running
//! it is in `invoke.rs`.

use super::runspaces::{RunspaceObject, RunspacePool, state_info};
use crate::engine::data_collection::DataCollection;
use crate::engine::error::ErrorRecord;
use crate::engine::interp::HostedCommand;
use crate::engine::job::{Job, JobKind, Stream};
use crate::engine::live::LiveObject;
use crate::engine::value::{EnumValue, PSObject, Value};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// PSInvocationState.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvocationState {
    NotStarted,
    Running,
    Stopped,
    Completed,
    Failed,
}

impl InvocationState {
    pub fn value(self) -> Value {
        let (name, value) = match self {
            InvocationState::NotStarted => ("NotStarted", 0),
            InvocationState::Running => ("Running", 1),
            InvocationState::Stopped => ("Stopped", 3),
            InvocationState::Completed => ("Completed", 4),
            InvocationState::Failed => ("Failed", 5),
        };
        Value::Enum(EnumValue {
            type_name: "System.Management.Automation.PSInvocationState",
            name,
            value,
        })
    }
}

/// The commands of a PowerShell object: statements, each a pipeline of commands
/// (`AddStatement` starts the next). Shared with its `Commands` (PSCommand) object.
pub type Statements = Rc<RefCell<Vec<Vec<HostedCommand>>>>;

pub struct PowerShell {
    pub instance_id: u128,
    pub commands: Statements,
    /// The runspace it runs in: one of its own, made when first needed, or one given.
    pub runspace: RefCell<Option<Rc<RunspaceObject>>>,
    /// It made its runspace (and closes it when disposed).
    pub owns_runspace: Cell<bool>,
    pub pool: RefCell<Option<Rc<RunspacePool>>>,
    /// Holds its streams (Error, Warning, Verbose, ...): what a job holds for its script,
    /// so the scripts it runs write to them as a job's script does. Never listed.
    pub streams: Rc<Job>,
    pub state: Cell<InvocationState>,
    pub reason: RefCell<Option<Rc<ErrorRecord>>>,
    pub had_errors: Cell<bool>,
    pub disposed: Cell<bool>,
    /// The invocation BeginInvoke started, until EndInvoke takes it.
    pub pending: RefCell<Option<Rc<AsyncResult>>>,
}

impl PowerShell {
    pub fn new(instance_id: u128, streams_id: u128) -> PowerShell {
        PowerShell {
            instance_id,
            commands: Rc::default(),
            runspace: RefCell::new(None),
            owns_runspace: Cell::new(false),
            pool: RefCell::new(None),
            streams: Rc::new(Job::new(
                0,
                streams_id,
                JobKind::Thread,
                Rc::from("localhost"),
                Rc::from(""),
            )),
            state: Cell::new(InvocationState::NotStarted),
            reason: RefCell::new(None),
            had_errors: Cell::new(false),
            disposed: Cell::new(false),
            pending: RefCell::new(None),
        }
    }
}

const PROPERTIES: [(&str, &str); 9] = [
    (
        "Commands",
        "System.Management.Automation.PSCommand Commands {get;set;}",
    ),
    (
        "Streams",
        "System.Management.Automation.PSDataStreams Streams {get;}",
    ),
    ("InstanceId", "guid InstanceId {get;}"),
    (
        "InvocationStateInfo",
        "System.Management.Automation.PSInvocationStateInfo InvocationStateInfo {get;}",
    ),
    ("IsNested", "bool IsNested {get;}"),
    ("HadErrors", "bool HadErrors {get;}"),
    ("Runspace", "runspace Runspace {get;set;}"),
    (
        "RunspacePool",
        "System.Management.Automation.Runspaces.RunspacePool RunspacePool {get;set;}",
    ),
    ("IsRunspaceOwner", "bool IsRunspaceOwner {get;}"),
];

impl LiveObject for PowerShell {
    fn type_names(&self) -> &'static [&'static str] {
        &["System.Management.Automation.PowerShell", "System.Object"]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &PROPERTIES
    }
    fn property(&self, name: &str) -> Option<Value> {
        Some(match name.to_ascii_lowercase().as_str() {
            "commands" => Value::Live(Rc::new(PSCommand(self.commands.clone()))),
            "streams" => Value::Live(Rc::new(DataStreams(self.streams.clone()))),
            "instanceid" => {
                crate::engine::guid::value(&crate::engine::job::format_guid(self.instance_id))
            }
            "invocationstateinfo" => {
                let info = state_info(
                    "System.Management.Automation.PSInvocationStateInfo",
                    self.state.get().value(),
                );
                if let (Value::Object(o), Some(reason)) = (&info, self.reason.borrow().as_ref()) {
                    o.set(
                        "Reason",
                        crate::engine::error_object::unwound_exception(reason),
                    );
                }
                info
            }
            "isnested" => Value::Bool(false),
            "haderrors" => Value::Bool(self.had_errors.get()),
            // Read before a runspace is given, it is the one the object makes itself, as
            // PowerShell makes it on first reading (see `invoke.rs`).
            "runspace" => self
                .runspace
                .borrow()
                .as_ref()
                .map_or(Value::Null, |r| Value::Live(r.clone())),
            "runspacepool" => self
                .pool
                .borrow()
                .as_ref()
                .map_or(Value::Null, |p| Value::Live(p.clone())),
            "isrunspaceowner" => Value::Bool(self.owns_runspace.get()),
            _ => return None,
        })
    }
    fn set_property(&self, name: &str, value: &Value) -> Option<Result<(), ErrorRecord>> {
        match name.to_ascii_lowercase().as_str() {
            "runspacepool" => {
                let pool = crate::engine::live::downcast::<RunspacePool>(value);
                *self.pool.borrow_mut() = pool;
                *self.runspace.borrow_mut() = None;
                self.owns_runspace.set(false);
                Some(Ok(()))
            }
            "runspace" => {
                let runspace = crate::engine::live::downcast::<RunspaceObject>(value);
                *self.runspace.borrow_mut() = runspace;
                *self.pool.borrow_mut() = None;
                self.owns_runspace.set(false);
                Some(Ok(()))
            }
            _ => None,
        }
    }
    fn to_text(&self) -> String {
        "System.Management.Automation.PowerShell".to_string()
    }
    fn held_bytes(&self) -> usize {
        512
    }
    fn for_each_held(&self, f: &mut dyn FnMut(&Value)) {
        self.streams.for_each_held(f, &mut |_| {});
        if let Some(pending) = self.pending.borrow().as_ref() {
            pending.output.borrow().iter().for_each(&mut *f);
        }
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// PSDataStreams: the collections of a PowerShell object's streams.
pub struct DataStreams(pub Rc<Job>);

const STREAMS: [(&str, &str); 6] = [
    (
        "Error",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.ErrorRecord] Error {get;set;}",
    ),
    (
        "Progress",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.ProgressRecord] Progress {get;set;}",
    ),
    (
        "Verbose",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.VerboseRecord] Verbose {get;set;}",
    ),
    (
        "Debug",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.DebugRecord] Debug {get;set;}",
    ),
    (
        "Warning",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.WarningRecord] Warning {get;set;}",
    ),
    (
        "Information",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.InformationRecord] Information {get;set;}",
    ),
];

impl LiveObject for DataStreams {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Management.Automation.PSDataStreams",
            "System.Object",
        ]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &STREAMS
    }
    fn property(&self, name: &str) -> Option<Value> {
        let stream = match name.to_ascii_lowercase().as_str() {
            "error" => Stream::Error,
            "progress" => Stream::Progress,
            "verbose" => Stream::Verbose,
            "debug" => Stream::Debug,
            "warning" => Stream::Warning,
            "information" => Stream::Information,
            _ => return None,
        };
        Some(Value::Live(Rc::new(DataCollection {
            job: self.0.clone(),
            stream,
        })))
    }
    fn to_text(&self) -> String {
        "System.Management.Automation.PSDataStreams".to_string()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Option<Value>, ErrorRecord>> {
        (name.eq_ignore_ascii_case("clearstreams") && args.is_empty()).then(|| {
            self.0.clear_streams();
            Ok(None)
        })
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// PSCommand: the commands a PowerShell object holds, to read or clear.
pub struct PSCommand(pub Statements);

impl LiveObject for PSCommand {
    fn type_names(&self) -> &'static [&'static str] {
        &["System.Management.Automation.PSCommand", "System.Object"]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &[(
            "Commands",
            "System.Management.Automation.Runspaces.CommandCollection Commands {get;}",
        )]
    }
    fn property(&self, name: &str) -> Option<Value> {
        name.eq_ignore_ascii_case("commands").then(|| {
            let commands = self.0.borrow();
            Value::array(commands.iter().flatten().map(command_object).collect())
        })
    }
    fn to_text(&self) -> String {
        "System.Management.Automation.PSCommand".to_string()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Option<Value>, ErrorRecord>> {
        (name.eq_ignore_ascii_case("clear") && args.is_empty()).then(|| {
            self.0.borrow_mut().clear();
            Ok(None)
        })
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// A Command of a PSCommand, as its list shows it.
fn command_object(c: &HostedCommand) -> Value {
    use crate::engine::interp::{HostedArg, HostedCommandKind};
    let (is_script, local) = match &c.kind {
        HostedCommandKind::Script { local_scope, .. } => (true, *local_scope),
        HostedCommandKind::Command(_) => (false, false),
    };
    let parameters = c
        .args
        .iter()
        .map(|a| {
            let (name, value) = match a {
                HostedArg::Named(n, v) => (Value::str(n), v.clone().unwrap_or(Value::Bool(true))),
                HostedArg::Positional(v) => (Value::Null, v.clone()),
            };
            Value::Object(PSObject::new(
                &[
                    "System.Management.Automation.Runspaces.CommandParameter",
                    "System.Object",
                ],
                vec![("Name", name), ("Value", value)],
            ))
        })
        .collect();
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.Runspaces.Command",
            "System.Object",
        ],
        vec![
            ("Parameters", Value::array(parameters)),
            ("CommandText", Value::str(c.text())),
            ("IsScript", Value::Bool(is_script)),
            ("UseLocalScope", Value::Bool(local)),
            ("__ToString", Value::str(c.text())),
        ],
    ))
}

/// What BeginInvoke returns: the invocation in flight, and the output it collects.
pub struct AsyncResult {
    pub owner: u128,
    pub instance_id: u128,
    pub done: Cell<bool>,
    pub output: RefCell<Vec<Value>>,
    /// The error that ended it, for EndInvoke to throw.
    pub failure: RefCell<Option<Rc<ErrorRecord>>>,
    /// Itself, for the wait handle it gives out.
    pub me: RefCell<std::rc::Weak<AsyncResult>>,
}

const ASYNC_PROPERTIES: [(&str, &str); 5] = [
    ("IsCompleted", "bool IsCompleted {get;}"),
    (
        "AsyncWaitHandle",
        "System.Threading.WaitHandle AsyncWaitHandle {get;}",
    ),
    ("AsyncState", "System.Object AsyncState {get;}"),
    (
        "CompletedSynchronously",
        "bool CompletedSynchronously {get;}",
    ),
    ("InstanceId", "guid InstanceId {get;}"),
];

impl LiveObject for AsyncResult {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Management.Automation.PowerShellAsyncResult",
            "System.Management.Automation.Runspaces.AsyncResult",
            "System.Object",
        ]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &ASYNC_PROPERTIES
    }
    fn property(&self, name: &str) -> Option<Value> {
        Some(match name.to_ascii_lowercase().as_str() {
            "iscompleted" => Value::Bool(self.done.get()),
            "completedsynchronously" => Value::Bool(false),
            "asyncstate" => Value::Null,
            "asyncwaithandle" => match self.me.borrow().upgrade() {
                Some(me) => Value::Live(Rc::new(WaitHandle(me))),
                None => Value::Null,
            },
            "instanceid" => {
                crate::engine::guid::value(&crate::engine::job::format_guid(self.instance_id))
            }
            _ => return None,
        })
    }
    fn to_text(&self) -> String {
        "System.Management.Automation.PowerShellAsyncResult".to_string()
    }
    fn for_each_held(&self, f: &mut dyn FnMut(&Value)) {
        self.output.borrow().iter().for_each(f);
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// AsyncResult.AsyncWaitHandle: WaitOne() waits for the invocation (see `invoke.rs`).
pub struct WaitHandle(pub Rc<AsyncResult>);

impl LiveObject for WaitHandle {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Threading.ManualResetEvent",
            "System.Threading.EventWaitHandle",
            "System.Threading.WaitHandle",
            "System.Object",
        ]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    fn property(&self, _name: &str) -> Option<Value> {
        None
    }
    fn to_text(&self) -> String {
        "System.Threading.ManualResetEvent".to_string()
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}
