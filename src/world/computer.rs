//! The simulated machines, one `Computer` each: this desktop and the servers Invoke-Command
//! and New-PSSession reach. A computer owns what a command run there reads and changes:
//! its C: drive, its registry, the processes Stop-Process ended. Each is made the first time
//! the session names it, from the session's seed and its name, so a script sees the same
//! machine every run.

use super::fs::FileSystem;
use super::registry::Registry;
use crate::engine::budget::MemoryBudget;
use crate::engine::clock::Clock;
use crate::engine::error::ErrorRecord;
use crate::engine::globals::COMPUTER_NAME;
use crate::engine::interp::Interp;
use crate::engine::machine::Machine;
use crate::engine::runtime::Runtime;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

pub struct Computer {
    /// As the session first named it (`Server01`); `localhost` for this desktop.
    pub name: Rc<str>,
    local: bool,
    pub fs: Rc<RefCell<FileSystem>>,
    pub registry: RefCell<Registry>,
    /// Ids of its processes that Stop-Process ended.
    pub stopped_processes: RefCell<Vec<i32>>,
}

impl Computer {
    fn new(name: &str, local: bool, fs: FileSystem) -> Computer {
        Computer {
            name: Rc::from(name),
            local,
            fs: Rc::new(RefCell::new(fs)),
            registry: RefCell::default(),
            stopped_processes: RefCell::default(),
        }
    }

    /// This desktop (localhost, `.`, 127.0.0.1).
    pub fn is_local(&self) -> bool {
        self.local
    }

    /// The machine's own name: MachineName and `$env:COMPUTERNAME`.
    pub fn machine_name(&self) -> String {
        if self.local {
            COMPUTER_NAME.into()
        } else {
            self.name.to_uppercase()
        }
    }
}

/// Every computer the session has reached, this desktop first.
pub struct Computers {
    local: Rc<Computer>,
    remote: RefCell<Vec<Rc<Computer>>>,
    seed: u64,
    clock: Rc<dyn Clock>,
    budget: Rc<MemoryBudget>,
}

impl Computers {
    pub fn new(seed: u64, clock: Rc<dyn Clock>, budget: Rc<MemoryBudget>) -> Computers {
        let mut fs = FileSystem::new(seed, clock.clone());
        fs.set_budget(budget.clone());
        Computers {
            local: Rc::new(Computer::new("localhost", true, fs)),
            remote: RefCell::default(),
            seed,
            clock,
            budget,
        }
    }

    pub fn local(&self) -> &Rc<Computer> {
        &self.local
    }

    /// The computer a name means: this desktop for localhost and its aliases, otherwise the
    /// remote one of that name (case-insensitive), made now if it is new (and then `true`).
    pub fn get(&self, name: &str) -> (Rc<Computer>, bool) {
        if super::network::is_local(name) {
            return (self.local.clone(), false);
        }
        let key = name.trim();
        if let Some(c) = self
            .remote
            .borrow()
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(key))
        {
            return (c.clone(), false);
        }
        let seed = key.to_ascii_lowercase().bytes().fold(self.seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let mut fs = FileSystem::new(seed, self.clock.clone());
        fs.set_budget(self.budget.clone());
        let computer = Rc::new(Computer::new(key, false, fs));
        self.remote.borrow_mut().push(computer.clone());
        (computer, true)
    }
}

impl Machine for Computer {
    fn is_local(&self) -> bool {
        Computer::is_local(self)
    }

    fn machine_name(&self) -> String {
        Computer::machine_name(self)
    }

    fn write_text(&self, path: &str, text: &str) -> Result<(), ErrorRecord> {
        self.fs.borrow_mut().write_text(path, text)
    }

    fn append_text(&self, path: &str, text: &str) -> Result<(), ErrorRecord> {
        self.fs.borrow_mut().append_text(path, text)
    }

    fn runs_process(&self, rt: &crate::engine::runtime::Runtime, pid: i32) -> bool {
        super::processes::running_on(rt, self)
            .iter()
            .any(|p| p.id == pid)
    }

    fn written_bytes(&self) -> usize {
        self.fs.try_borrow().map_or(0, |fs| fs.written_bytes())
            + self.registry.try_borrow().map_or(0, |r| r.held_bytes())
    }

    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// The session's computers. The host puts them in when it opens the session; a runtime
/// without them (a test's) gets them made now, from its seed.
pub fn computers(rt: &Runtime) -> Rc<Computers> {
    rt.extensions
        .get_or_insert_with(|| Computers::new(rt.seed, rt.sched.clock.clone(), rt.budget.clone()))
}

/// The computer a name means (see `Computers::get`), counted by the memory budget from the
/// first time the session reaches it.
pub fn computer_named(rt: &Runtime, name: &str) -> Rc<Computer> {
    let (computer, new) = computers(rt).get(name);
    if new {
        rt.live.add_machine(computer.clone());
    }
    computer
}

/// What -ComputerName names, in order, for the world's cmdlets that take it (Get-Process,
/// Get-Service, Get-EventLog): each name as typed (it becomes MachineName) with its
/// computer, or with None for a name that does not answer. Without the parameter: the
/// computer the task runs on, unnamed.
pub fn computer_name_targets(
    cx: &Interp,
    names: Option<Vec<String>>,
) -> Vec<(Option<String>, Option<Rc<Computer>>)> {
    match names {
        None => vec![(None, Some(cx.computer()))],
        Some(names) => names
            .into_iter()
            .map(|name| {
                let computer =
                    super::network::is_reachable(&name).then(|| computer_named(&cx.rt, &name));
                (Some(name), computer)
            })
            .collect(),
    }
}

/// What the commands reach through the computer a task runs on.
pub trait OnComputer {
    /// The computer itself.
    fn computer(&self) -> Rc<Computer>;
    /// Its C: drive.
    fn filesystem(&self) -> Rc<RefCell<FileSystem>> {
        self.computer().fs.clone()
    }
    /// Its processes now.
    fn processes(&self) -> Vec<super::processes::ProcessInfo>;
}

impl OnComputer for Interp {
    fn computer(&self) -> Rc<Computer> {
        self.computer
            .clone()
            .into_any()
            .downcast::<Computer>()
            .unwrap_or_else(|_| computers(&self.rt).local().clone())
    }

    fn processes(&self) -> Vec<super::processes::ProcessInfo> {
        super::processes::running_on(&self.rt, &self.computer())
    }
}
