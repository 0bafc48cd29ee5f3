//! PSSessions: persistent runspaces on other computers (New-PSSession). Each is a runspace
//! of its own on its computer, with its own variables, functions and jobs, which stay there
//! between Invoke-Command calls until the session is removed. The session table is the
//! foreground's, as Get-PSSession lists it; Ids and `WinRM<n>` names count from 1 as 5.1's do.

use crate::engine::job::{Job, JobStore, format_guid};
use crate::engine::live::LiveObject;
use crate::engine::runtime::Runspace;
use crate::engine::time::DateTime;
use crate::engine::value::{EnumValue, Value};
use crate::world::computer::Computer;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    Opened,
    Disconnected,
    Closed,
    Broken,
}

impl SessionState {
    pub fn name(self) -> &'static str {
        match self {
            SessionState::Opened => "Opened",
            SessionState::Disconnected => "Disconnected",
            SessionState::Closed => "Closed",
            SessionState::Broken => "Broken",
        }
    }

    /// RunspaceState's values (the State property's type).
    fn value(self) -> i64 {
        match self {
            SessionState::Opened => 2,
            SessionState::Closed => 3,
            SessionState::Broken => 5,
            SessionState::Disconnected => 7,
        }
    }
}

pub struct PSSession {
    pub id: i32,
    pub name: String,
    pub instance_id: u128,
    /// The computer as the user named it (`Server01`): ComputerName and PSComputerName.
    pub computer_name: Rc<str>,
    pub computer: Rc<Computer>,
    pub state: Cell<SessionState>,
    /// A command runs in it now (Availability Busy).
    pub busy: Cell<bool>,
    /// Its runspace on the remote computer: what persists between commands.
    pub runspace: Rc<Runspace>,
    /// The jobs started in it (Start-Job there): the remote Get-Job's list.
    pub jobs: Rc<JobStore>,
    /// The process id its runspace lives in there (wsmprovhost.exe).
    pub pid: i32,
    /// When it was disconnected (DisconnectedOn), while it is.
    pub disconnected_on: Cell<Option<DateTime>>,
    /// The command left running in it when it was disconnected (Invoke-Command
    /// -InDisconnectedSession): what Receive-PSSession collects.
    pub running: RefCell<Option<Rc<Job>>>,
}

/// PSSession's properties as 5.1 lists them, with Get-Member's definitions.
const PROPERTIES: [(&str, &str); 15] = [
    (
        "State",
        "System.Management.Automation.Runspaces.RunspaceState State {get;}",
    ),
    ("IdleTimeout", "int IdleTimeout {get;}"),
    (
        "OutputBufferingMode",
        "System.Management.Automation.Runspaces.OutputBufferingMode OutputBufferingMode {get;}",
    ),
    (
        "DisconnectedOn",
        "System.Nullable[datetime] DisconnectedOn {get;}",
    ),
    ("ExpiresOn", "System.Nullable[datetime] ExpiresOn {get;}"),
    (
        "ComputerType",
        "System.Management.Automation.Runspaces.TargetMachineType ComputerType {get;}",
    ),
    ("ComputerName", "string ComputerName {get;}"),
    ("ContainerId", "string ContainerId {get;}"),
    ("VMName", "string VMName {get;}"),
    ("VMId", "System.Nullable[guid] VMId {get;}"),
    ("ConfigurationName", "string ConfigurationName {get;}"),
    ("InstanceId", "guid InstanceId {get;}"),
    ("Id", "int Id {get;}"),
    ("Name", "string Name {get;set;}"),
    (
        "Availability",
        "System.Management.Automation.Runspaces.RunspaceAvailability Availability {get;}",
    ),
];

impl PSSession {
    pub fn availability(&self) -> &'static str {
        match self.state.get() {
            SessionState::Opened if self.busy.get() => "Busy",
            SessionState::Opened => "Available",
            _ => "None",
        }
    }

    pub fn is_open(&self) -> bool {
        self.state.get() == SessionState::Opened
    }

    /// Disconnect-PSSession: what runs in it goes on there, unseen until it is connected.
    pub fn disconnect(&self, now: DateTime) {
        if self.is_open() {
            self.state.set(SessionState::Disconnected);
            self.disconnected_on.set(Some(now));
        }
    }

    /// Connect-PSSession, Receive-PSSession: a disconnected session is Opened again.
    pub fn connect(&self) {
        if self.state.get() == SessionState::Disconnected {
            self.state.set(SessionState::Opened);
            self.disconnected_on.set(None);
        }
    }

    /// Closes the session: its runspace ends there, and the jobs running in it with it.
    pub fn close(&self) {
        self.state.set(SessionState::Closed);
        let running = self.running.borrow_mut().take();
        for job in self.jobs.all().into_iter().chain(running) {
            job.stop.set(true);
        }
    }
}

impl LiveObject for PSSession {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Management.Automation.Runspaces.PSSession",
            "System.Object",
        ]
    }

    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &PROPERTIES
    }

    fn property(&self, name: &str) -> Option<Value> {
        let enum_value = |type_name, name, value| {
            Value::Enum(EnumValue {
                type_name,
                name,
                value,
            })
        };
        Some(match name.to_ascii_lowercase().as_str() {
            "state" => enum_value(
                "System.Management.Automation.Runspaces.RunspaceState",
                self.state.get().name(),
                self.state.get().value(),
            ),
            "idletimeout" => Value::Int(7_200_000),
            "outputbufferingmode" => enum_value(
                "System.Management.Automation.Runspaces.OutputBufferingMode",
                "None",
                0,
            ),
            "disconnectedon" => self
                .disconnected_on
                .get()
                .map_or(Value::Null, Value::DateTime),
            // An idle disconnected session lives for its IdleTimeout (two hours).
            "expireson" => self.disconnected_on.get().map_or(Value::Null, |d| {
                Value::DateTime(d.plus(crate::engine::time::TimeSpan::from_ms(7_200_000.0)))
            }),
            "containerid" | "vmname" | "vmid" => Value::Null,
            "computertype" => enum_value(
                "System.Management.Automation.Runspaces.TargetMachineType",
                "RemoteMachine",
                0,
            ),
            "computername" => Value::Str(self.computer_name.clone()),
            "configurationname" => Value::str("Microsoft.PowerShell"),
            "instanceid" => crate::engine::guid::value(&format_guid(self.instance_id)),
            "id" => Value::Int(self.id),
            "name" => Value::str(&self.name),
            "availability" => enum_value(
                "System.Management.Automation.Runspaces.RunspaceAvailability",
                self.availability(),
                match self.availability() {
                    "Available" => 1,
                    "Busy" => 3,
                    _ => 0,
                },
            ),
            _ => return None,
        })
    }

    fn to_text(&self) -> String {
        format!("[PSSession]{}", self.name)
    }

    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// The console's session table, kept with the session's runtime.
pub fn table(rt: &crate::engine::runtime::Runtime) -> Rc<SessionTable> {
    rt.extensions.get_or_insert_with(SessionTable::default)
}

/// The foreground's sessions (what Get-PSSession lists) and the Id counter.
#[derive(Default)]
pub struct SessionTable {
    list: RefCell<Vec<Rc<PSSession>>>,
    last_id: Cell<i32>,
    /// The session the console has entered (Enter-PSSession), and whether it was opened
    /// for that alone (`-ComputerName`), to be removed on leaving.
    entered: RefCell<Option<(Rc<PSSession>, bool)>>,
}

impl SessionTable {
    /// The session the console's commands run in now, if it has entered one.
    pub fn entered(&self) -> Option<Rc<PSSession>> {
        self.entered.borrow().as_ref().map(|(s, _)| s.clone())
    }

    /// Enter-PSSession: the next command lines run in `session`.
    pub fn enter(&self, session: Rc<PSSession>, temporary: bool) {
        *self.entered.borrow_mut() = Some((session, temporary));
    }

    /// Exit-PSSession (or `exit` there): back to this computer. A session opened only to be
    /// entered is closed and removed; one made with New-PSSession stays open.
    pub fn leave(&self) {
        if let Some((session, temporary)) = self.entered.borrow_mut().take() {
            if temporary {
                session.close();
                self.remove(&session);
            }
        }
    }

    pub fn next_id(&self) -> i32 {
        self.last_id.set(self.last_id.get() + 1);
        self.last_id.get()
    }

    pub fn add(&self, session: Rc<PSSession>) {
        self.list.borrow_mut().push(session);
    }

    /// By Id.
    pub fn all(&self) -> Vec<Rc<PSSession>> {
        self.list.borrow().clone()
    }

    /// Takes a session out of the table (Remove-PSSession).
    pub fn remove(&self, session: &Rc<PSSession>) {
        self.list.borrow_mut().retain(|s| !Rc::ptr_eq(s, session));
    }
}

/// Opens a session on a computer that answers: a runspace there, at its Documents folder,
/// with `$env:COMPUTERNAME` the computer's and jobs of its own. Named `WinRM<Id>` unless
/// given a name.
pub fn open(
    rt: &Rc<crate::engine::runtime::Runtime>,
    computer_name: &str,
    name: Option<&str>,
) -> Rc<PSSession> {
    let id = table(rt).next_id();
    let computer = crate::world::computer::computer_named(rt, computer_name);
    let pid = 6100 + id * 4;
    let runspace = Runspace::new(
        &format!("{}\\Documents", crate::world::fs::HOME),
        rt.profile,
    );
    rt.live.add_runspace(&runspace);
    crate::engine::globals::init_globals(&runspace, pid);
    let mut cx = crate::engine::interp::Interp::new(rt.clone(), runspace.clone(), Rc::default());
    cx.set_env("COMPUTERNAME", &computer.machine_name());
    let jobs = Rc::new(rt.jobs.for_another_runspace());
    rt.live.add_job_store(&jobs);
    let session = Rc::new(PSSession {
        id,
        name: name.map_or_else(|| format!("WinRM{id}"), str::to_string),
        instance_id: super::runner::new_guid(rt),
        computer_name: Rc::from(computer_name.trim()),
        computer,
        state: Cell::new(SessionState::Opened),
        busy: Cell::new(false),
        runspace,
        jobs,
        pid,
        disconnected_on: Cell::new(None),
        running: RefCell::new(None),
    });
    table(rt).add(session.clone());
    session
}
