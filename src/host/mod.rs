//! `Session`: the one API the terminal console, `psjobs -Command` and the browser all drive.
//! Submit a command line, pump the scheduler, take the output lines.

use crate::commands::HostSink;
use crate::engine::error::{Category, ErrorRecord, Flow};
use crate::engine::interp::Interp;
use crate::engine::runtime::{Edition, HostLine, LineKind, Profile, Runspace, Runtime};
use crate::engine::scope::Scope;
use crate::engine::value::{Hashtable, Value};
use crate::jobs::clock::{Clock, VirtualClock};
use crate::jobs::scheduler::{Scheduler, Slice, TaskId};
use crate::lang::{Source, parse_script};
use crate::world::fs::{FileSystem, HOME};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub struct SessionOptions {
    pub edition: Edition,
    pub width: usize,
    pub clock: Rc<dyn Clock>,
    pub seed: u64,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            edition: Edition::Desktop51,
            width: 120,
            clock: Rc::new(VirtualClock::new()),
            seed: 0x5EED_0FB5,
        }
    }
}

/// How the last command line ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Running,
    /// Finished; `ok` is `$?` after its last statement.
    Done {
        ok: bool,
    },
    /// `exit N`.
    Exited(i32),
    ParseError,
}

pub struct Session {
    pub rt: Rc<Runtime>,
    pub rs: Rc<Runspace>,
    foreground: Option<(TaskId, Rc<Cell<bool>>)>,
    outcome: Rc<Cell<Outcome>>,
}

/// The session's process id, as `$PID` shows it.
const PID: i32 = 4812;

impl Session {
    pub fn new(opts: SessionOptions) -> Session {
        let rt = Rc::new(Runtime {
            sched: Rc::new(Scheduler::new(opts.clock)),
            host: RefCell::new(Vec::new()),
            width: Cell::new(opts.width.clamp(20, 1000)),
            profile: Profile::for_edition(opts.edition),
            rng: Cell::new(opts.seed | 1),
            fs: RefCell::new(FileSystem::new()),
            registry: crate::commands::registry(),
            pid: PID,
        });
        let rs = Runspace::new(HOME);
        init_globals(&rt, &mut rs.global.borrow_mut());
        Session {
            rt,
            rs,
            foreground: None,
            outcome: Rc::new(Cell::new(Outcome::Done { ok: true })),
        }
    }

    /// `PS C:\Users\User> `
    pub fn prompt(&self) -> String {
        format!("PS {}> ", self.rs.location.borrow())
    }

    pub fn is_busy(&self) -> bool {
        self.foreground
            .as_ref()
            .is_some_and(|(id, _)| self.rt.sched.is_alive(*id))
    }

    pub fn outcome(&self) -> Outcome {
        self.outcome.get()
    }

    /// True when a console line is unfinished (an open block, string or trailing pipe), so
    /// the console should read another line before submitting.
    pub fn needs_more_input(text: &str) -> bool {
        matches!(parse_script(&Source::new("", text)), Err(e) if e.incomplete)
    }

    /// Starts a command line (or script) as the foreground task; a parse error is shown at
    /// once instead. `path` names a script file (empty for console input).
    pub fn submit(&mut self, text: &str, path: &str, args: Vec<Value>) {
        let source = Source::new(path, text);
        let sb = match parse_script(&source) {
            Ok(sb) => sb,
            Err(e) => {
                let mut rec = ErrorRecord::new(
                    "System.Management.Automation.ParseException",
                    e.message.clone(),
                    e.id,
                    Category::ParserError,
                );
                rec.parse_error = true;
                let rec = rec.at(&source, e.span);
                self.show_error(&rec);
                self.outcome.set(Outcome::ParseError);
                return;
            }
        };
        if !text.trim().is_empty() {
            self.rs.history.borrow_mut().push(text.to_string());
        }
        let stop = Rc::new(Cell::new(false));
        let mut cx = Interp::new(self.rt.clone(), self.rs.clone(), stop.clone());
        let outcome = self.outcome.clone();
        outcome.set(Outcome::Running);
        let task = async move {
            cx.source_stack.push(source.clone());
            cx.set_var("args", Value::array(args));
            let mut sink = HostSink::new();
            let mut result = Ok(());
            for block in [&sb.begin, &sb.process, &sb.end].into_iter().flatten() {
                result = cx.exec_block(block, &mut sink).await;
                if result.is_err() {
                    break;
                }
            }
            sink.finish(&cx);
            let end = match result {
                Ok(()) | Err(Flow::Return) | Err(Flow::Break(_)) | Err(Flow::Continue(_)) => {
                    Outcome::Done { ok: cx.last_ok }
                }
                Err(Flow::Exit(code)) => Outcome::Exited(code),
                Err(Flow::Error(rec, _)) => {
                    cx.report_terminating(rec);
                    Outcome::Done { ok: false }
                }
                Err(Flow::Stopped) | Err(Flow::StopUpstream) => Outcome::Done { ok: false },
            };
            cx.rs
                .last_ok
                .set(!matches!(end, Outcome::Done { ok: false }));
            outcome.set(end);
        };
        let id = self.rt.sched.spawn(task);
        self.foreground = Some((id, stop));
    }

    fn show_error(&self, rec: &ErrorRecord) {
        let text = crate::format::render_for_stream(
            &self.rt,
            &Value::Error(Rc::new(rec.clone())),
            LineKind::Error,
        );
        for line in text.split('\n') {
            self.rt.host_line(LineKind::Error, line);
        }
        self.rs
            .errors
            .borrow_mut()
            .insert(0, Value::Error(Rc::new(rec.clone())));
    }

    /// Runs tasks for about `max_ops` operations.
    pub fn run_slice(&self, max_ops: u64) -> Slice {
        self.rt.sched.run_slice(max_ops)
    }

    /// Runs until the foreground command is done (on the virtual clock, time jumps as
    /// needed). False if it can never finish (it waits on something that cannot happen).
    pub fn run_until_idle(&self) -> bool {
        loop {
            match self.run_slice(u64::MAX) {
                Slice::Busy => continue,
                Slice::Idle(None) => return !self.is_busy(),
                Slice::Idle(Some(_)) => {
                    if !self.is_busy() {
                        return true;
                    }
                    if !self.rt.sched.clock.is_virtual() {
                        return false;
                    }
                }
            }
        }
    }

    /// Ctrl+C: stops the running command.
    pub fn interrupt(&self) {
        if let Some((id, stop)) = &self.foreground {
            stop.set(true);
            self.rt.sched.wake(*id);
        }
    }

    pub fn take_output(&self) -> Vec<HostLine> {
        std::mem::take(&mut *self.rt.host.borrow_mut())
    }
}

fn hashtable(entries: Vec<(&str, Value)>) -> Value {
    let mut h = Hashtable::default();
    for (k, v) in entries {
        h.insert(Value::str(k), v);
    }
    Value::Hashtable(Rc::new(RefCell::new(h)))
}

fn init_globals(rt: &Runtime, g: &mut Scope) {
    let s = Value::str;
    let desktop = rt.profile.edition == Edition::Desktop51;
    g.set(
        "PSVersionTable",
        if desktop {
            hashtable(vec![
                ("PSVersion", s(rt.profile.version)),
                ("PSEdition", s("Desktop")),
                (
                    "PSCompatibleVersions",
                    Value::array(
                        ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1.19041.4291"]
                            .iter()
                            .map(|v| s(v))
                            .collect(),
                    ),
                ),
                ("BuildVersion", s("10.0.19041.4291")),
                ("CLRVersion", s("4.0.30319.42000")),
                ("WSManStackVersion", s("3.0")),
                ("PSRemotingProtocolVersion", s("2.3")),
                ("SerializationVersion", s("1.1.0.1")),
            ])
        } else {
            hashtable(vec![
                ("PSVersion", s(rt.profile.version)),
                ("PSEdition", s("Core")),
                ("GitCommitId", s(rt.profile.version)),
                ("OS", s("Microsoft Windows 10.0.19045")),
                ("Platform", s("Win32NT")),
                (
                    "PSCompatibleVersions",
                    Value::array(
                        ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"]
                            .iter()
                            .map(|v| s(v))
                            .collect(),
                    ),
                ),
                ("PSRemotingProtocolVersion", s("2.3")),
                ("SerializationVersion", s("1.1.0.1")),
                ("WSManStackVersion", s("3.0")),
            ])
        },
    );
    g.set("PSEdition", s(if desktop { "Desktop" } else { "Core" }));
    g.set("HOME", s(HOME));
    g.set("PID", Value::Int(rt.pid));
    g.set(
        "PSHOME",
        s(if desktop {
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0"
        } else {
            "C:\\Program Files\\PowerShell\\7"
        }),
    );
    g.set("ShellId", s("Microsoft.PowerShell"));
    g.set("PSCulture", s("en-US"));
    g.set("PSUICulture", s("en-US"));
    g.set("NestedPromptLevel", Value::Int(0));
    g.set("MaximumHistoryCount", Value::Int(4096));
    g.set("FormatEnumerationLimit", Value::Int(4));
    for (name, value) in [
        ("ErrorActionPreference", "Continue"),
        ("WarningPreference", "Continue"),
        ("VerbosePreference", "SilentlyContinue"),
        ("DebugPreference", "SilentlyContinue"),
        ("InformationPreference", "SilentlyContinue"),
        ("ProgressPreference", "Continue"),
    ] {
        if let Some(v) = crate::engine::convert::action_preference(&s(value)) {
            g.set(name, v);
        }
    }
    g.set("ConfirmPreference", s("High"));
    g.set(
        "\0env",
        hashtable(vec![
            ("ALLUSERSPROFILE", s("C:\\ProgramData")),
            ("APPDATA", s("C:\\Users\\User\\AppData\\Roaming")),
            ("COMPUTERNAME", s("DESKTOP-PSJOBS")),
            ("HOMEDRIVE", s("C:")),
            ("HOMEPATH", s("\\Users\\User")),
            ("LOCALAPPDATA", s("C:\\Users\\User\\AppData\\Local")),
            ("NUMBER_OF_PROCESSORS", s("4")),
            ("OS", s("Windows_NT")),
            ("Path", s("C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\")),
            ("PROCESSOR_ARCHITECTURE", s("AMD64")),
            ("ProgramData", s("C:\\ProgramData")),
            ("ProgramFiles", s("C:\\Program Files")),
            ("PSModulePath", s("C:\\Users\\User\\Documents\\WindowsPowerShell\\Modules;C:\\Program Files\\WindowsPowerShell\\Modules;C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules")),
            ("PUBLIC", s("C:\\Users\\Public")),
            ("SystemDrive", s("C:")),
            ("SystemRoot", s("C:\\Windows")),
            ("TEMP", s("C:\\Users\\User\\AppData\\Local\\Temp")),
            ("TMP", s("C:\\Users\\User\\AppData\\Local\\Temp")),
            ("USERDOMAIN", s("DESKTOP-PSJOBS")),
            ("USERNAME", s("User")),
            ("USERPROFILE", s(HOME)),
            ("windir", s("C:\\Windows")),
        ]),
    );
}
