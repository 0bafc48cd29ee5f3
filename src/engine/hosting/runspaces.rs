//! Runspaces and runspace pools a script makes itself (`[runspacefactory]::CreateRunspace()`,
//! `CreateRunspacePool(min, max)`): the pattern many Windows PowerShell scripts use in
//! place of jobs. A runspace is a session state of its own in this process; a pool lends
//! at most its maximum of them to the PowerShell objects that use it, each invocation
//! waiting on the scheduler for one to be free, and keeps them (and what scripts left in
//! them) for the next.

use crate::engine::error::{Category, ErrorRecord};
use crate::engine::live::LiveObject;
use crate::engine::runtime::{Runspace, Runtime};
use crate::engine::value::{EnumValue, PSObject, Value};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Where a new runspace starts: the process's directory, the user's home.
/// (The world's `fs::HOME`, which the engine does not reach up to.)
const START_DIRECTORY: &str = "C:\\Users\\User";

/// The session's runspace numbers: Runspace1 is the console's own.
#[derive(Default)]
struct RunspaceNumbers(Cell<i32>);

fn next_number(rt: &Runtime) -> i32 {
    let numbers = rt.extensions.get_or_insert_with(RunspaceNumbers::default);
    let n = numbers.0.get().max(1) + 1;
    numbers.0.set(n);
    n
}

/// RunspaceState, as far as these runspaces go through it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunspaceState {
    BeforeOpen,
    Opened,
    Closed,
}

impl RunspaceState {
    fn value(self, type_name: &'static str) -> Value {
        let (name, value) = match self {
            RunspaceState::BeforeOpen => ("BeforeOpen", 0),
            RunspaceState::Opened => ("Opened", 2),
            RunspaceState::Closed => ("Closed", 3),
        };
        Value::Enum(EnumValue {
            type_name,
            name,
            value,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            RunspaceState::BeforeOpen => "BeforeOpen",
            RunspaceState::Opened => "Opened",
            RunspaceState::Closed => "Closed",
        }
    }
}

const RUNSPACE_STATE: &str = "System.Management.Automation.Runspaces.RunspaceState";
const POOL_STATE: &str = "System.Management.Automation.Runspaces.RunspacePoolState";

/// The `{State; Reason}` object of RunspaceStateInfo and its kin.
pub fn state_info(type_name: &str, state: Value) -> Value {
    let text = crate::engine::convert::to_str(&state);
    Value::Object(PSObject::new(
        &[type_name, "System.Object"],
        vec![
            ("State", state),
            ("Reason", Value::Null),
            ("__ToString", Value::str(&text)),
        ],
    ))
}

fn guid_value(id: u128) -> Value {
    crate::engine::guid::value(&crate::engine::job::format_guid(id))
}

/// A new instance id from the session's seeded generator.
pub(super) fn new_id(rt: &Runtime) -> u128 {
    (u128::from(rt.next_random()) << 64) | u128::from(rt.next_random())
}

/// An error a runspace or pool method throws, as the method call shows it.
pub fn method_error(method: &str, args: usize, exception: &str, message: &str) -> ErrorRecord {
    let id = exception.rsplit('.').next().unwrap_or(exception);
    let mut e = ErrorRecord::new(
        "System.Management.Automation.MethodInvocationException",
        format!("Exception calling \"{method}\" with \"{args}\" argument(s): \"{message}\""),
        id,
        Category::NotSpecified,
    );
    e.inner_exception = Some(Rc::from(exception));
    e
}

/// A runspace: a session state of its own, numbered as PowerShell numbers them.
pub struct RunspaceObject {
    pub id: i32,
    pub instance_id: u128,
    pub runspace: Rc<Runspace>,
    pub state: Cell<RunspaceState>,
    /// Running a PowerShell object's commands now.
    pub busy: Cell<bool>,
}

impl RunspaceObject {
    /// A new runspace in this process (opened or not), its globals set.
    pub fn new(rt: &Runtime, state: RunspaceState) -> Rc<RunspaceObject> {
        let runspace = Runspace::new(START_DIRECTORY, rt.profile);
        rt.live.add_runspace(&runspace);
        crate::engine::globals::init_globals(&runspace, rt.pid);
        Rc::new(RunspaceObject {
            id: next_number(rt),
            instance_id: new_id(rt),
            runspace,
            state: Cell::new(state),
            busy: Cell::new(false),
        })
    }

    pub fn is_open(&self) -> bool {
        self.state.get() == RunspaceState::Opened
    }

    /// The error of running on a runspace that is not open.
    pub fn not_open_error(&self, method: &str, args: usize) -> ErrorRecord {
        method_error(
            method,
            args,
            "System.Management.Automation.Runspaces.InvalidRunspaceStateException",
            &format!(
                "Cannot perform operation because the runspace is not in the 'Opened' state. Current state of runspace is '{}'.",
                self.state.get().name()
            ),
        )
    }
}

const RUNSPACE_PROPERTIES: [(&str, &str); 8] = [
    ("Id", "int Id {get;}"),
    ("Name", "string Name {get;set;}"),
    ("ComputerName", "string ComputerName {get;}"),
    ("Type", "string Type {get;}"),
    (
        "State",
        "System.Management.Automation.Runspaces.RunspaceState State {get;}",
    ),
    (
        "Availability",
        "System.Management.Automation.Runspaces.RunspaceAvailability Availability {get;}",
    ),
    ("InstanceId", "guid InstanceId {get;}"),
    (
        "RunspaceStateInfo",
        "System.Management.Automation.Runspaces.RunspaceStateInfo RunspaceStateInfo {get;}",
    ),
];

impl LiveObject for RunspaceObject {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Management.Automation.Runspaces.LocalRunspace",
            "System.Management.Automation.Runspaces.RunspaceBase",
            "System.Management.Automation.Runspaces.Runspace",
            "System.Object",
        ]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &RUNSPACE_PROPERTIES
    }
    fn property(&self, name: &str) -> Option<Value> {
        let state = self.state.get().value(RUNSPACE_STATE);
        Some(match name.to_ascii_lowercase().as_str() {
            "id" => Value::Int(self.id),
            "name" => Value::str(&format!("Runspace{}", self.id)),
            "computername" => Value::str("localhost"),
            "type" => Value::str("Local"),
            "state" => state,
            "availability" => {
                let (name, value) = match (self.state.get(), self.busy.get()) {
                    (RunspaceState::Opened, true) => ("Busy", 3),
                    (RunspaceState::Opened, false) => ("Available", 1),
                    _ => ("None", 0),
                };
                Value::Enum(EnumValue {
                    type_name: "System.Management.Automation.Runspaces.RunspaceAvailability",
                    name,
                    value,
                })
            }
            "instanceid" => guid_value(self.instance_id),
            "runspacestateinfo" => state_info(
                "System.Management.Automation.Runspaces.RunspaceStateInfo",
                state,
            ),
            "sessionstateproxy" => Value::Live(Rc::new(SessionStateProxy(self.runspace.clone()))),
            _ => return None,
        })
    }
    fn to_text(&self) -> String {
        "System.Management.Automation.Runspaces.LocalRunspace".to_string()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Option<Value>, ErrorRecord>> {
        Some(match (name.to_ascii_lowercase().as_str(), args.len()) {
            ("open" | "openasync", 0) => {
                if self.state.get() != RunspaceState::BeforeOpen {
                    return Some(Err(method_error(
                        name,
                        0,
                        "System.Management.Automation.Runspaces.InvalidRunspaceStateException",
                        &format!(
                            "Cannot open the runspace because the runspace is not in the BeforeOpen state. Current state of runspace is '{}'.",
                            self.state.get().name()
                        ),
                    )));
                }
                self.state.set(RunspaceState::Opened);
                Ok(None)
            }
            ("close" | "closeasync" | "dispose", 0) => {
                self.state.set(RunspaceState::Closed);
                Ok(None)
            }
            _ => return None,
        })
    }
    fn held_bytes(&self) -> usize {
        128
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// Runspace.SessionStateProxy: the variables of a runspace, from outside it.
struct SessionStateProxy(Rc<Runspace>);

impl LiveObject for SessionStateProxy {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Management.Automation.Runspaces.SessionStateProxy",
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
        "System.Management.Automation.Runspaces.SessionStateProxy".to_string()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Option<Value>, ErrorRecord>> {
        let var = || crate::engine::convert::to_str(args.first().unwrap_or(&Value::Null));
        Some(match (name.to_ascii_lowercase().as_str(), args) {
            ("setvariable", [_, value]) => {
                self.0.global.borrow_mut().set(&var(), value.clone());
                Ok(None)
            }
            ("getvariable", [_]) => {
                let key = crate::engine::scope::key(&var()).into_owned();
                Ok(Some(
                    self.0
                        .global
                        .borrow()
                        .vars
                        .get(&key)
                        .map_or(Value::Null, |v| v.value.clone()),
                ))
            }
            _ => return None,
        })
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// A runspace pool: at most `max` runspaces, made as invocations need them and kept.
pub struct RunspacePool {
    pub instance_id: u128,
    pub min: Cell<usize>,
    pub max: Cell<usize>,
    pub state: Cell<RunspaceState>,
    /// The runspaces made so far; those not `busy` are free to lend.
    pub runspaces: RefCell<Vec<Rc<RunspaceObject>>>,
}

impl RunspacePool {
    pub fn new(rt: &Runtime, min: usize, max: usize) -> Rc<RunspacePool> {
        Rc::new(RunspacePool {
            instance_id: new_id(rt),
            min: Cell::new(min.max(1)),
            max: Cell::new(max.max(1)),
            state: Cell::new(RunspaceState::BeforeOpen),
            runspaces: RefCell::new(Vec::new()),
        })
    }

    fn busy(&self) -> usize {
        self.runspaces
            .borrow()
            .iter()
            .filter(|r| r.busy.get())
            .count()
    }

    /// A free runspace (made if the pool has room), marked busy; None while all are.
    pub fn lend(&self, rt: &Runtime) -> Option<Rc<RunspaceObject>> {
        let free = self
            .runspaces
            .borrow()
            .iter()
            .find(|r| !r.busy.get())
            .cloned();
        let lent = match free {
            Some(r) => r,
            None if self.runspaces.borrow().len() < self.max.get() => {
                let made = RunspaceObject::new(rt, RunspaceState::Opened);
                self.runspaces.borrow_mut().push(made.clone());
                made
            }
            None => return None,
        };
        lent.busy.set(true);
        Some(lent)
    }

    /// The error of running on a pool that is not open.
    pub fn not_open_error(&self, method: &str, args: usize) -> ErrorRecord {
        method_error(
            method,
            args,
            "System.Management.Automation.Runspaces.InvalidRunspacePoolStateException",
            &format!(
                "Cannot perform the operation because the runspace pool is not in the 'Opened' state. The current state is '{}'.",
                self.state.get().name()
            ),
        )
    }
}

const POOL_PROPERTIES: [(&str, &str); 4] = [
    ("InstanceId", "guid InstanceId {get;}"),
    ("IsDisposed", "bool IsDisposed {get;}"),
    (
        "RunspacePoolStateInfo",
        "System.Management.Automation.RunspacePoolStateInfo RunspacePoolStateInfo {get;}",
    ),
    (
        "ApartmentState",
        "System.Threading.ApartmentState ApartmentState {get;set;}",
    ),
];

impl LiveObject for RunspacePool {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Management.Automation.Runspaces.RunspacePool",
            "System.Object",
        ]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &POOL_PROPERTIES
    }
    fn property(&self, name: &str) -> Option<Value> {
        Some(match name.to_ascii_lowercase().as_str() {
            "instanceid" => guid_value(self.instance_id),
            "isdisposed" => Value::Bool(self.state.get() == RunspaceState::Closed),
            "runspacepoolstateinfo" => state_info(
                "System.Management.Automation.RunspacePoolStateInfo",
                self.state.get().value(POOL_STATE),
            ),
            "apartmentstate" => Value::Enum(EnumValue {
                type_name: "System.Threading.ApartmentState",
                name: "Unknown",
                value: 2,
            }),
            _ => return None,
        })
    }
    fn set_property(&self, name: &str, _value: &Value) -> Option<Result<(), ErrorRecord>> {
        // The apartment and thread options have no meaning on one thread.
        matches!(
            name.to_ascii_lowercase().as_str(),
            "apartmentstate" | "threadoptions" | "cleanupinterval"
        )
        .then_some(Ok(()))
    }
    fn to_text(&self) -> String {
        "System.Management.Automation.Runspaces.RunspacePool".to_string()
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Option<Value>, ErrorRecord>> {
        let count = |i: usize| {
            args.get(i)
                .and_then(crate::engine::convert::to_i64)
                .unwrap_or(0)
        };
        Some(match (name.to_ascii_lowercase().as_str(), args.len()) {
            ("open" | "beginopen", _) => {
                if self.state.get() == RunspaceState::BeforeOpen {
                    self.state.set(RunspaceState::Opened);
                }
                Ok(None)
            }
            ("endopen", 1) => Ok(None),
            ("close" | "dispose" | "beginclose", _) => {
                self.state.set(RunspaceState::Closed);
                for r in self.runspaces.borrow().iter() {
                    r.state.set(RunspaceState::Closed);
                }
                Ok(None)
            }
            ("getavailablerunspaces", 0) => Ok(Some(Value::Int(
                self.max.get().saturating_sub(self.busy()) as i32,
            ))),
            ("getmaxrunspaces", 0) => Ok(Some(Value::Int(self.max.get() as i32))),
            ("getminrunspaces", 0) => Ok(Some(Value::Int(self.min.get() as i32))),
            ("setmaxrunspaces", 1) => {
                let n = count(0);
                let ok = n >= self.min.get() as i64 && n > 0;
                if ok {
                    self.max.set(n as usize);
                }
                Ok(Some(Value::Bool(ok)))
            }
            ("setminrunspaces", 1) => {
                let n = count(0);
                let ok = n >= 1 && n <= self.max.get() as i64;
                if ok {
                    self.min.set(n as usize);
                }
                Ok(Some(Value::Bool(ok)))
            }
            _ => return None,
        })
    }
    fn held_bytes(&self) -> usize {
        128
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}
