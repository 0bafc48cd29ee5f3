//! The evaluator. It is async so that any statement, loop iteration or pipeline object can be
//! a suspension point: a task that spends its operation budget yields to the scheduler, and
//! `Start-Sleep` waits on the clock without blocking other tasks. No recursion is unbounded:
//! the parser limits nesting and calls are limited to PowerShell's depth of 100.
//!
//! Files: `mod.rs` the task context, variables and streams; `stmt.rs` statements; `expr.rs`
//! expressions; `pipeline.rs` pipelines and the emitters objects flow through; `call.rs`
//! command lookup, parameter binding and script blocks; `members.rs` properties and methods.

mod background;
mod by_property;
mod call;
mod expr;
mod feed;
mod hosted;
mod members;
mod parameter_sets;
mod pipeline;
mod script_cmdlet;
mod stmt;
mod traps;
mod validation;

pub use call::{
    BoundArgs, ScriptBlockProcessor, call_depth_overflow, common_parameter_names, find_param,
};
pub use hosted::{HostedArg, HostedCommand, HostedCommandKind};
pub use members::{
    bad_count as method_count_error, dictionary_entry, exception_object, property, property_names,
};
pub use pipeline::{BoxFut, Collect, CommandProcessor, Emit, emit_all};

use super::convert::{self, to_str};
use super::error::{Category, ErrorRecord, EvalResult, Flow, Severity};
use super::runtime::{LineKind, Runspace, Runtime};
use super::scope::{Scope, ScopeRef, key};
use super::value::Value;
use crate::engine::job::JobRecord;
use crate::engine::scheduler::{Changed, Sleep, YieldNow};
use crate::lang::ast::{ScriptBlockAst, VarScope};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// PowerShell's call depth limit (5.1).
pub const MAX_CALL_DEPTH: usize = 100;

/// Where a stream's records go.
#[derive(Clone, Debug)]
pub enum Target {
    /// The console (or, in a job, the job's collections).
    Host,
    Null,
    /// Merged into a command's output (`2>&1`): drained into it in order.
    Queue(Rc<RefCell<Vec<Value>>>),
    /// `2> file`, `2>> file`.
    File(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pref {
    SilentlyContinue,
    Stop,
    Continue,
    Inquire,
    Ignore,
}

impl Pref {
    pub fn from_value(v: &Value) -> Option<Pref> {
        let name = to_str(v);
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "silentlycontinue" | "0" => Pref::SilentlyContinue,
            "stop" | "1" => Pref::Stop,
            "continue" | "2" => Pref::Continue,
            "inquire" | "3" => Pref::Inquire,
            "ignore" | "4" => Pref::Ignore,
            _ => return None,
        })
    }
}

/// The stream routing and common-parameter settings in force for the running command.
#[derive(Clone, Debug)]
pub struct Streams {
    pub error: Target,
    pub warning: Target,
    pub verbose: Target,
    pub debug: Target,
    pub information: Target,
    pub error_action: Option<Pref>,
    pub warning_action: Option<Pref>,
    pub information_action: Option<Pref>,
    pub verbose_on: Option<bool>,
    pub debug_on: Option<bool>,
    pub error_variables: Vec<Rc<RefCell<Vec<Value>>>>,
    pub warning_variables: Vec<Rc<RefCell<Vec<Value>>>>,
    pub information_variables: Vec<Rc<RefCell<Vec<Value>>>>,
    /// -OutVariable's list, until the command's processor takes it.
    pub out_variable: Option<Rc<RefCell<Vec<Value>>>>,
}

impl Default for Streams {
    fn default() -> Self {
        Streams {
            error: Target::Host,
            warning: Target::Host,
            verbose: Target::Host,
            debug: Target::Host,
            information: Target::Host,
            error_action: None,
            warning_action: None,
            information_action: None,
            verbose_on: None,
            debug_on: None,
            error_variables: Vec::new(),
            warning_variables: Vec::new(),
            information_variables: Vec::new(),
            out_variable: None,
        }
    }
}

/// One task's evaluation context: a runspace plus its own scope stack and stream settings.
pub struct Interp {
    pub rt: Rc<Runtime>,
    pub rs: Rc<Runspace>,
    pub scopes: Vec<ScopeRef>,
    pub depth: usize,
    pub try_depth: usize,
    pub stop: Rc<Cell<bool>>,
    /// Boxed so that a pipeline stage swaps it in and out as one pointer, once per object.
    pub streams: Box<Streams>,
    /// `$?`
    pub last_ok: bool,
    /// The cmdlet whose code runs now: the errors it writes carry its name and position.
    pub running_cmdlet: Option<Rc<call::CmdletInfo>>,
    /// What `$?` reads: whether the previous statement succeeded.
    pub previous_ok: bool,
    /// `$using:` values captured for a job (none in the foreground).
    pub using: Option<Rc<Scope>>,
    /// The source of the script running now, for error positions.
    pub source_stack: Vec<Rc<crate::lang::Source>>,
    /// Function calls in progress; Write-Error reports the innermost.
    pub invocations: Vec<Invocation>,
    /// The job this task runs for: what would reach the console goes into its results.
    pub job: Option<Rc<crate::engine::job::Job>>,
    /// The computer this task runs on: this desktop, or a remote one (Invoke-Command).
    pub computer: Rc<dyn crate::engine::machine::Machine>,
    /// The jobs of the runspace this task runs in: the session's, or a PSSession's there.
    pub jobs: Rc<crate::engine::job::JobStore>,
    /// The computer of the session the console entered (Enter-PSSession), for the console
    /// line this task runs; None elsewhere.
    pub entered_from: Option<Rc<str>>,
    /// The error the catch block running now caught: what a bare `throw` there rethrows.
    pub rethrow: Option<Rc<ErrorRecord>>,
    /// The arrays a method call is being enumerated over (`$array.ToUpper()` calls it on
    /// each item): an array that holds itself is not entered again.
    pub method_enumeration: super::convert::Inside,
    /// The traps in force, innermost last: a block's `trap` statements, or None where a
    /// function call or a `try` body begins (see `traps.rs`).
    pub traps: Vec<Option<Vec<Rc<crate::lang::ast::Trap>>>>,
    /// The error a trap let unwind: the blocks it passes do not trap it again.
    pub trap_unwinding: Option<Rc<ErrorRecord>>,
}

/// A function call in progress (what `$MyInvocation` would describe).
#[derive(Clone, Debug)]
pub struct Invocation {
    pub name: Option<Rc<str>>,
    pub position: Option<crate::engine::error::Position>,
}

impl Interp {
    pub fn new(rt: Rc<Runtime>, rs: Rc<Runspace>, stop: Rc<Cell<bool>>) -> Interp {
        let global = rs.global.clone();
        let previous_ok = rs.last_ok.get();
        let computer = rt.local.clone();
        let jobs = rt.jobs.clone();
        Interp {
            rt,
            rs,
            scopes: vec![global],
            depth: 0,
            try_depth: 0,
            stop,
            streams: Box::default(),
            last_ok: true,
            running_cmdlet: None,
            previous_ok,
            using: None,
            source_stack: Vec::new(),
            invocations: Vec::new(),
            rethrow: None,
            job: None,
            computer,
            jobs,
            entered_from: None,
            method_enumeration: super::convert::Inside::default(),
            traps: Vec::new(),
            trap_unwinding: None,
        }
    }

    /// Charges one operation; yields to other tasks when the budget is spent. Every loop
    /// iteration, statement and pipeline object passes here, so a runaway loop can be
    /// interrupted.
    pub async fn tick(&mut self) -> EvalResult<()> {
        self.tick_of(1).await
    }

    /// `tick` for work that costs `cost` operations: an object crossing a pipeline is made,
    /// formatted or recorded, some fifty times the work of a loop turn.
    pub async fn tick_of(&mut self, cost: u32) -> EvalResult<()> {
        self.rt.budget.check_flood().map_err(Flow::script_error)?;
        if self.stop.get() {
            return Err(Flow::Stopped);
        }
        if !self.rt.sched.consume_budget_of(cost) {
            YieldNow::default().await;
            if self.stop.get() {
                return Err(Flow::Stopped);
            }
        }
        Ok(())
    }

    /// Waits on the session's clock.
    pub async fn sleep_ms(&mut self, ms: f64) -> EvalResult<()> {
        let deadline = self.rt.sched.clock.now_ms() + ms.max(0.0);
        Sleep {
            sched: self.rt.sched.clone(),
            deadline_ms: deadline,
            stop: self.stop.clone(),
            registered: false,
        }
        .await;
        if self.stop.get() {
            return Err(Flow::Stopped);
        }
        Ok(())
    }

    /// The name of the computer this task runs on.
    pub fn computer_name(&self) -> String {
        self.computer.machine_name()
    }

    /// Shows a prompt (`text: `, or nothing) and waits for the user's line (see
    /// `Session::provide_input`).
    pub async fn read_line(&mut self, prompt: Option<&str>) -> EvalResult<String> {
        if let Some(p) = prompt {
            self.rt.host.borrow_mut().push(super::runtime::HostLine {
                kind: LineKind::Host,
                text: format!("{p}: "),
                fg: None,
                bg: None,
                newline: false,
            });
        }
        {
            let mut input = self.rt.input.borrow_mut();
            input.waiting = true;
            input.answer = None;
        }
        loop {
            if let Some(answer) = self.rt.input.borrow_mut().answer.take() {
                return Ok(answer);
            }
            if let Err(e) = self.wait_for_change().await {
                self.rt.input.borrow_mut().waiting = false;
                return Err(e);
            }
        }
    }

    /// Waits until something in the session changes (a job's state or data).
    pub async fn wait_for_change(&mut self) -> EvalResult<()> {
        self.wait_for_change_until(None).await
    }

    /// Like [`Interp::wait_for_change`], giving up at a clock time (ms).
    pub async fn wait_for_change_until(&mut self, deadline_ms: Option<f64>) -> EvalResult<()> {
        Changed {
            sched: self.rt.sched.clone(),
            stop: self.stop.clone(),
            deadline_ms,
            registered: false,
        }
        .await;
        if self.stop.get() {
            return Err(Flow::Stopped);
        }
        Ok(())
    }

    // ----- variables -----

    fn scope_for(&self, scope: Option<&VarScope>) -> ScopeRef {
        match scope {
            Some(VarScope::Global) => self.rs.global.clone(),
            // Scripts run at the top of their runspace (the console's input, -File, a
            // job's script block), so their scope is the first: from inside a function,
            // `$script:x` and `function script:F` reach past every function's scope to it.
            Some(VarScope::Script) => self
                .scopes
                .first()
                .cloned()
                .unwrap_or_else(|| self.rs.global.clone()),
            _ => self
                .scopes
                .last()
                .cloned()
                .unwrap_or_else(|| self.rs.global.clone()),
        }
    }

    /// Looks a variable up through the scope chain (or the named scope). A variable that
    /// holds nothing (AutomationNull) reads as `$null`; see `eval_raw` for where it does not.
    pub fn get_var_scoped(&self, scope: Option<&VarScope>, name: &str) -> Option<Value> {
        match self.get_var_stored(scope, name) {
            Some(Value::Nothing) => Some(Value::Null),
            other => other,
        }
    }

    /// True when `$name` holds nothing (AutomationNull).
    pub fn holds_nothing(&self, name: &str) -> bool {
        matches!(self.get_var_stored(None, name), Some(Value::Nothing))
    }

    fn get_var_stored(&self, scope: Option<&VarScope>, name: &str) -> Option<Value> {
        let k = key(name);
        let k: &str = k.as_ref();
        match scope {
            Some(VarScope::Env) => return self.get_env(name).map(|s| Value::str(&s)),
            Some(VarScope::Global) => {
                return self.rs.global.borrow().vars.get(k).map(|v| v.value.clone());
            }
            Some(VarScope::Script) => {
                return self
                    .scope_for(scope)
                    .borrow()
                    .vars
                    .get(k)
                    .map(|v| v.value.clone());
            }
            Some(VarScope::Using) => {
                return self
                    .using
                    .as_ref()
                    .and_then(|u| u.vars.get(k).map(|v| v.value.clone()));
            }
            // `${function:Name}`: the function's script block (the Function: drive).
            Some(VarScope::Function) => {
                return self
                    .find_function(name)
                    .map(|(_, body)| Value::ScriptBlock(body));
            }
            _ => {}
        }
        match k {
            "true" => return Some(Value::Bool(true)),
            "false" => return Some(Value::Bool(false)),
            "null" => return Some(Value::Null),
            "?" => return Some(Value::Bool(self.previous_ok)),
            "pwd" => return Some(self.location_value()),
            "executioncontext" => return Some(execution_context()),
            "psitem" => return self.get_var_stored(None, "_"),
            _ => {}
        }
        for s in self.scopes.iter().rev() {
            if let Some(v) = s.borrow().vars.get(k) {
                return Some(v.value.clone());
            }
        }
        None
    }

    pub fn get_var(&self, name: &str) -> Option<Value> {
        self.get_var_scoped(None, name)
    }

    /// Assigns in the current (or named) scope, honouring a type constraint set earlier.
    pub fn set_var_scoped(
        &mut self,
        scope: Option<&VarScope>,
        name: &str,
        value: Value,
    ) -> Result<(), ErrorRecord> {
        let k = key(name);
        let k: &str = k.as_ref();
        if k == "errorview" {
            let view = to_str(&value);
            self.rt
                .normal_error_view
                .set(view.eq_ignore_ascii_case("NormalView"));
        }
        if matches!(k, "true" | "false" | "null" | "?" | "host" | "pid") && scope.is_none() {
            if k == "null" {
                return Ok(());
            }
            return Err(ErrorRecord::new(
                "System.Management.Automation.SessionStateUnauthorizedAccessException",
                format!("Cannot overwrite variable {name} because it is read-only or constant."),
                "VariableNotWritable",
                Category::WriteError,
            )
            .with_target(Value::str(name)));
        }
        if scope == Some(&VarScope::Env) {
            self.set_env(name, &to_str(&value));
            return Ok(());
        }
        // `${function:Name} = { ... }` defines the function.
        if scope == Some(&VarScope::Function) {
            let body = match &value {
                Value::ScriptBlock(sb) => sb.clone(),
                other => self.parse_text(&to_str(other))?,
            };
            self.define_function(name, body);
            return Ok(());
        }
        let target = self.scope_for(scope);
        Self::set_in(&target, name, value)
    }

    /// Sets a variable in a given scope, honouring its type constraint.
    pub fn set_in(target: &ScopeRef, name: &str, value: Value) -> Result<(), ErrorRecord> {
        let k = key(name);
        let k: &str = k.as_ref();
        let mut s = target.borrow_mut();
        let constraint = s.vars.get(k).and_then(|v| v.type_constraint.clone());
        let value = match constraint {
            // The variable's type attribute converts the value; failing, it reports as an
            // argument transformation of the whole assignment.
            Some(t) => convert::convert_to(&value, &t).map_err(|mut e| {
                e.exception_type = Rc::from(
                    "System.Management.Automation.ArgumentTransformationMetadataException",
                );
                e.category = Category::MetadataError;
                e.fqid = "RuntimeException".into();
                e.target = Value::Null;
                e
            })?,
            None => value,
        };
        s.set(name, value);
        Ok(())
    }

    /// The scope a `-Scope` argument names: Global, Script, Local (or Private), or a
    /// number counting up from the current scope (0), as SessionState.GetScopeByID does.
    pub fn scope_named(&self, scope: &str) -> Result<ScopeRef, ErrorRecord> {
        let named = match scope.trim().to_ascii_lowercase().as_str() {
            "global" => Some(VarScope::Global),
            "script" => Some(VarScope::Script),
            "local" | "private" => Some(VarScope::Local),
            _ => None,
        };
        if let Some(named) = named {
            return Ok(self.scope_for(Some(&named)));
        }
        let out_of_range = |shown: &str| {
            let rest = match self.rs.profile.edition {
                super::runtime::Edition::Desktop51 => {
                    format!("\nParameter name: Scope\nActual value was {shown}.")
                }
                super::runtime::Edition::Core7 => {
                    format!(" (Parameter 'Scope')\nActual value was {shown}.")
                }
            };
            ErrorRecord::new(
                "System.ArgumentOutOfRangeException",
                format!("The scope number '{shown}' exceeds the number of active scopes.{rest}"),
                "ArgumentOutOfRange",
                Category::InvalidArgument,
            )
        };
        let Ok(n) = scope.trim().parse::<i64>() else {
            return Err(ErrorRecord::new(
                "System.Management.Automation.PSArgumentException",
                "Cannot process argument because the value of parameter \"Scope\" is not valid. Valid values are \"Global\", \"Local\", or \"Script\", or a number relative to the current scope (0 through the number of scopes where 0 is the current scope and 1 is its parent). Change the value of the \"Scope\" parameter and run the operation again.",
                "Argument",
                Category::InvalidArgument,
            ));
        };
        let index = usize::try_from(n)
            .ok()
            .and_then(|n| self.scopes.len().checked_sub(n + 1));
        match index.and_then(|i| self.scopes.get(i)) {
            Some(s) => Ok(s.clone()),
            None => Err(out_of_range(&n.to_string())),
        }
    }

    pub fn set_var(&mut self, name: &str, value: Value) {
        if let Some(s) = self.scopes.last() {
            s.borrow_mut().set(name, value);
        }
    }

    /// `[int]$x = ...`: sets the value and the type constraint in the current scope.
    pub fn set_var_typed(&mut self, name: &str, value: Value, type_name: &str) {
        if let Some(s) = self.scopes.last() {
            let mut s = s.borrow_mut();
            s.set(name, value);
            if let Some(v) = s.vars.get_mut(key(name).as_ref()) {
                v.type_constraint = Some(type_name.to_string());
            }
        }
    }

    /// The process environment: the hashtable behind `$env:` and the `env:` drive.
    fn env_table(&self) -> Option<Rc<RefCell<super::value::Hashtable>>> {
        match self.rs.global.borrow().vars.get("\0env") {
            Some(v) => match &v.value {
                Value::Hashtable(h) => Some(h.clone()),
                _ => None,
            },
            None => None,
        }
    }

    pub fn get_env(&self, name: &str) -> Option<String> {
        let env = self.env_table()?;
        let value = env.borrow().get_str(name);
        value.map(|v| to_str(&v))
    }

    /// Every environment variable, sorted by name (what `Get-ChildItem env:` lists).
    pub fn env_vars(&self) -> Vec<(String, String)> {
        let mut vars: Vec<(String, String)> = match self.env_table() {
            Some(h) => h
                .borrow()
                .entries
                .iter()
                .map(|(k, v)| (to_str(k), to_str(v)))
                .collect(),
            None => Vec::new(),
        };
        crate::engine::sort::by_key(&mut vars, |(k, _)| k.to_ascii_lowercase());
        vars
    }

    pub fn set_env(&mut self, name: &str, value: &str) {
        if let Some(h) = self.env_table() {
            if value.is_empty() {
                h.borrow_mut().remove(&Value::str(name));
            } else {
                h.borrow_mut().insert(Value::str(name), Value::str(value));
            }
        }
    }

    /// A path made absolute against the current location, on whichever drive it names: a
    /// file system path (`C:\...`) or a registry one (`HKLM:\...`).
    pub fn resolve_path(&self, path: &str) -> String {
        use crate::engine::paths::{drive_path, native};
        let path = self.unmap_drive(path);
        let path = path.as_str();
        if let Some(n) = native(path) {
            return drive_path(&n);
        }
        // A path on a drive of a longer name that the session does not have stays as it is:
        // reading it fails on its drive (DriveNotFound), not as a relative path.
        if crate::engine::paths::missing_drive(path).is_some_and(|d| d.len() > 1) {
            return path.trim().to_string();
        }
        let here = self.location();
        let absolute =
            path.get(1..2) == Some(":") || path.starts_with('\\') || path.starts_with('~');
        if !absolute && native(&here).is_some() {
            if let Some(n) = native(&format!("{here}\\{path}")) {
                return drive_path(&n);
            }
        }
        crate::engine::paths::normalize(&here, path)
    }

    /// A path on a drive New-PSDrive made, as the same path under the drive's root.
    pub fn unmap_drive(&self, path: &str) -> String {
        let trimmed = path.trim();
        let Some((drive, rest)) = trimmed.split_once(':') else {
            return path.to_string();
        };
        let drives = self.rs.mapped_drives.borrow();
        match drives
            .iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(drive))
        {
            Some((_, _, root)) => {
                let rest = rest.trim_start_matches(['\\', '/']);
                if rest.is_empty() {
                    root.clone()
                } else {
                    format!("{}\\{rest}", root.trim_end_matches('\\'))
                }
            }
            None => path.to_string(),
        }
    }

    pub fn location(&self) -> String {
        self.rs.location.borrow().clone()
    }

    fn location_value(&self) -> Value {
        let path = self.location();
        let native = crate::engine::paths::native(&path);
        let (drive, provider) = match &native {
            Some(_) => (
                path.split(':').next().unwrap_or("HKLM"),
                "Microsoft.PowerShell.Core\\Registry",
            ),
            None => (
                path.get(..1).unwrap_or("C"),
                "Microsoft.PowerShell.Core\\FileSystem",
            ),
        };
        let provider_path = native.unwrap_or_else(|| path.clone());
        Value::Object(super::value::PSObject::new(
            &["System.Management.Automation.PathInfo", "System.Object"],
            vec![
                ("Drive", Value::str(drive)),
                ("Provider", Value::str(provider)),
                ("ProviderPath", Value::str(&provider_path)),
                ("Path", Value::str(&path)),
                ("__ToString", Value::str(&path)),
            ],
        ))
    }

    pub fn find_function(&self, name: &str) -> Option<(Rc<str>, Rc<ScriptBlockAst>)> {
        let k = key(name);
        let k: &str = k.as_ref();
        for s in self.scopes.iter().rev() {
            if let Some(f) = s.borrow().functions.get(k) {
                return Some(f.clone());
            }
        }
        None
    }

    /// Every function visible from here, innermost scope first, each name once.
    pub fn visible_functions(&self) -> Vec<Rc<str>> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for s in self.scopes.iter().rev() {
            for (k, (name, _)) in s.borrow().functions.iter() {
                if seen.insert(k.clone()) {
                    out.push(name.clone());
                }
            }
        }
        out
    }

    /// Defines a function in the current scope, or in the one its name gives
    /// (`function script:Check`, `global:`, `local:`, `private:`).
    pub fn define_function(&mut self, name: &str, body: Rc<ScriptBlockAst>) {
        let (scope, name) = match name.split_once(':') {
            Some((prefix, rest)) if !rest.is_empty() => {
                match prefix.to_ascii_lowercase().as_str() {
                    "global" => (Some(VarScope::Global), rest),
                    "script" => (Some(VarScope::Script), rest),
                    "local" | "private" => (None, rest),
                    _ => (None, name),
                }
            }
            _ => (None, name),
        };
        self.scope_for(scope.as_ref())
            .borrow_mut()
            .functions
            .insert(key(name).into_owned(), (Rc::from(name), body));
    }

    pub fn pref_var(&self, name: &str, default: Pref) -> Pref {
        self.get_var(name)
            .and_then(|v| Pref::from_value(&v))
            .unwrap_or(default)
    }

    // ----- streams -----

    /// Writes a non-terminating error. Under `Stop` it becomes a terminating error instead.
    pub fn write_error(&mut self, rec: ErrorRecord) -> EvalResult<()> {
        let rec = match &self.running_cmdlet {
            // Records replayed from a job keep the shape they had there.
            Some(info) if rec.command.is_none() && !rec.replayed => {
                call::decorate(rec, info.name, &info.bound)
            }
            _ => rec,
        };
        let action = self
            .streams
            .error_action
            .unwrap_or_else(|| self.pref_var("ErrorActionPreference", Pref::Continue));
        // Ignored, the error is not kept anywhere, but the command still failed: `$?` is
        // False after it (MshCommandRuntime marks the pipeline failed first).
        self.last_ok = false;
        if action == Pref::Ignore {
            return Ok(());
        }
        let mut rec = rec;
        self.stamp(&mut rec);
        if action == Pref::Stop {
            return Err(Flow::Error(Rc::new(rec), Severity::Script));
        }
        let value = Value::Error(Rc::new(rec));
        self.record_error(&value);
        for v in &self.streams.error_variables {
            v.borrow_mut().push(value.clone());
        }
        if action == Pref::SilentlyContinue {
            return Ok(());
        }
        self.route(self.streams.error.clone(), value, LineKind::Error);
        Ok(())
    }

    /// The record with its ScriptStackTrace and HistoryId fixed, if they are not yet: the
    /// script frames now running, innermost first, each with the line it is at.
    pub fn with_stack_trace(&self, mut rec: Rc<ErrorRecord>) -> Rc<ErrorRecord> {
        if rec.script_stack_trace.is_none() {
            let r = Rc::make_mut(&mut rec);
            self.stamp(r);
        }
        rec
    }

    fn stamp(&self, rec: &mut ErrorRecord) {
        if rec.script_stack_trace.is_some() {
            return;
        }
        let mut frames = Vec::new();
        // Frame k is where the code of invocation k (0: the script itself) is now: the
        // error's own position for the innermost, the call into the next frame otherwise.
        for k in (0..=self.invocations.len()).rev() {
            let name = match k {
                0 => None,
                _ => self.invocations.get(k - 1).and_then(|i| i.name.clone()),
            };
            let at = match self.invocations.get(k) {
                Some(inner) => inner.position.as_ref(),
                None => rec.position.as_ref(),
            };
            let Some(at) = at else { continue };
            let file = if at.source.path.is_empty() {
                "<No file>"
            } else {
                &at.source.path
            };
            let line = at.source.line_col(at.span.start).0;
            frames.push(format!(
                "at {}, {file}: line {line}",
                name.as_deref().unwrap_or("<ScriptBlock>")
            ));
        }
        rec.script_stack_trace = Some(Rc::from(frames.join("\n")));
        if rec.history_id < 0 {
            let lines = self.rs.history.borrow().len();
            if lines > 0 {
                rec.history_id = lines as i64;
            }
        }
    }

    /// Adds to `$Error` (newest first), capped as PowerShell caps it.
    pub fn record_error(&self, value: &Value) {
        let mut errs = self.rs.errors.borrow_mut();
        // Once: an error caught and rethrown, or passing several try blocks, is one error.
        if let (Some(Value::Error(newest)), Value::Error(e)) = (errs.first(), value) {
            if Rc::ptr_eq(newest, e) {
                return;
            }
        }
        errs.insert(0, value.clone());
        errs.truncate(256);
    }

    /// Reports an error that ended a statement: shown, recorded, and the script goes on.
    pub fn report_terminating(&mut self, rec: Rc<ErrorRecord>) {
        self.last_ok = false;
        let rec = self.with_stack_trace(rec);
        let value = Value::Error(rec);
        self.record_error(&value);
        for v in &self.streams.error_variables {
            v.borrow_mut().push(value.clone());
        }
        self.route(self.streams.error.clone(), value, LineKind::Error);
    }

    fn route(&mut self, target: Target, value: Value, kind: LineKind) {
        match target {
            Target::Null => {}
            Target::Queue(q) => q.borrow_mut().push(super::records::merged(value)),
            Target::Host => match &self.job {
                Some(job) => job.record(self.job_record(kind, value)),
                None => self.show_on_host(&value, kind),
            },
            Target::File(path) => {
                // One record a line, as the console would have shown it.
                let mut text = (self.rt.render.for_stream)(&self.rt, &value, kind);
                text.push('\n');
                let _ = self.computer.append_text(&path, &text);
            }
        }
    }

    /// One line of text for the console (or, in a job, for whoever receives the job).
    pub fn show_line(&mut self, kind: LineKind, text: &str) {
        match &self.job {
            Some(job) => job.record(self.job_record(kind, Value::str(text))),
            None => self.rt.host_line(kind, text),
        }
    }

    fn show_on_host(&mut self, value: &Value, kind: LineKind) {
        // In an entered session the console shows errors as records that came back from
        // there: no position, and the computer they came from.
        let remote;
        let value = match (&self.entered_from, value) {
            (Some(computer), Value::Error(rec)) => {
                let mut rec = (**rec).clone();
                rec.origin = Some(computer.clone());
                rec.replayed = true;
                remote = Value::Error(Rc::new(rec));
                &remote
            }
            _ => value,
        };
        let text = (self.rt.render.for_stream)(&self.rt, value, kind);
        for line in text.split('\n') {
            self.rt.host_line(kind, line.trim_end_matches('\r'));
        }
    }

    pub fn write_warning(&mut self, message: &str) -> EvalResult<()> {
        let action = self
            .streams
            .warning_action
            .unwrap_or_else(|| self.pref_var("WarningPreference", Pref::Continue));
        if action == Pref::Ignore {
            return Ok(());
        }
        let record = warning_record(message);
        for v in &self.streams.warning_variables {
            v.borrow_mut().push(record.clone());
        }
        if action == Pref::Stop {
            return Err(Flow::script_error(ErrorRecord::new(
                "System.Management.Automation.ActionPreferenceStopException",
                format!(
                    "The running command stopped because the preference variable \"WarningPreference\" or common parameter is set to Stop: {message}"
                ),
                "ActionPreferenceStop",
                Category::OperationStopped,
            )));
        }
        if action == Pref::SilentlyContinue {
            return Ok(());
        }
        self.route(self.streams.warning.clone(), record, LineKind::Warning);
        Ok(())
    }

    pub fn write_verbose(&mut self, message: &str) {
        let on = self.streams.verbose_on.unwrap_or_else(|| {
            self.pref_var("VerbosePreference", Pref::SilentlyContinue) == Pref::Continue
        });
        if on {
            // A VerboseRecord, as `4>&1` and a job's Verbose collection hold it.
            let record =
                super::records::informational(super::records::Informational::Verbose, message);
            self.route(self.streams.verbose.clone(), record, LineKind::Verbose);
        }
    }

    pub fn write_debug(&mut self, message: &str) {
        let on = self.streams.debug_on.unwrap_or_else(|| {
            self.pref_var("DebugPreference", Pref::SilentlyContinue) != Pref::SilentlyContinue
        });
        if on {
            let record =
                super::records::informational(super::records::Informational::Debug, message);
            self.route(self.streams.debug.clone(), record, LineKind::Debug);
        }
    }

    pub fn write_information(
        &mut self,
        message: Value,
        from_host: bool,
        fg: Option<&'static str>,
        bg: Option<&'static str>,
        newline: bool,
    ) {
        let action = if from_host {
            Pref::Continue
        } else {
            self.streams
                .information_action
                .unwrap_or_else(|| self.pref_var("InformationPreference", Pref::SilentlyContinue))
        };
        // Only Ignore drops a record: SilentlyContinue still keeps it in the stream (a job's
        // Information collection, `6>&1`, -InformationVariable) and only keeps it off the
        // screen (MshCommandRuntime.WriteInformation).
        if action == Pref::Ignore {
            return;
        }
        let record = self.information_record(message, from_host);
        for v in &self.streams.information_variables {
            v.borrow_mut().push(record.clone());
        }
        match self.streams.information.clone() {
            Target::Host if self.job.is_some() => {
                if let Some(job) = &self.job {
                    job.record(if from_host {
                        let line = super::runtime::HostLine {
                            kind: LineKind::Host,
                            text: to_str(&record),
                            fg,
                            bg,
                            newline,
                        };
                        JobRecord::host(line, record)
                    } else {
                        JobRecord::Information(record)
                    });
                }
            }
            Target::Host if action != Pref::Continue => {}
            Target::Host => {
                let text = to_str(&record);
                let mut host = self.rt.host.borrow_mut();
                let kind = if from_host {
                    LineKind::Host
                } else {
                    LineKind::Information
                };
                // Write-Host -NoNewline: the next text continues the line.
                match host.last_mut() {
                    Some(last)
                        if !last.newline && last.kind == kind && last.fg == fg && last.bg == bg =>
                    {
                        last.text.push_str(&text);
                        last.newline = newline;
                    }
                    _ => host.push(super::runtime::HostLine {
                        kind,
                        text,
                        fg,
                        bg,
                        newline,
                    }),
                }
            }
            other => self.route(other, record, LineKind::Information),
        }
    }

    /// What a record written to a job's host becomes in the job's results.
    fn job_record(&self, kind: LineKind, value: Value) -> JobRecord {
        match (kind, value) {
            (_, Value::Error(ref e)) => JobRecord::Error(e.clone()),
            (LineKind::Warning, v) => JobRecord::Warning(to_str(&v)),
            (LineKind::Verbose, v) => JobRecord::Verbose(to_str(&v)),
            (LineKind::Debug, v) => JobRecord::Debug(to_str(&v)),
            (LineKind::Information, v) => JobRecord::Information(self.information_record(v, false)),
            (kind, v) => {
                let text = to_str(&v);
                let record = self.information_record(Value::str(&text), true);
                JobRecord::host(
                    super::runtime::HostLine {
                        kind,
                        text,
                        fg: None,
                        bg: None,
                        newline: true,
                    },
                    record,
                )
            }
        }
    }

    /// The InformationRecord Write-Information (or Write-Host, `from_host`) makes of a
    /// message here and now; a record passed on (Receive-Job's) stays as it is.
    pub fn information_record(&self, message: Value, from_host: bool) -> Value {
        if super::records::is_information_record(&message) {
            return message;
        }
        let computer = self.computer.machine_name();
        super::records::information(super::records::Information {
            message_data: message,
            source: if from_host {
                "Write-Host"
            } else {
                "Write-Information"
            },
            tags: if from_host {
                vec![Value::str("PSHOST")]
            } else {
                Vec::new()
            },
            time: self.rt.now_date(),
            computer: &computer,
            process_id: self.get_var("PID").unwrap_or(Value::Null),
        })
    }

    /// Runs `body` with a child scope pushed.
    pub fn push_scope(&mut self) -> ScopeRef {
        let s = Scope::new_ref();
        self.rt.live.add_scope(&s);
        self.scopes.push(s.clone());
        s
    }

    pub fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }
}

/// `$ExecutionContext` (EngineIntrinsics), as far as scripts here read it: the session
/// state's language mode.
fn execution_context() -> Value {
    use super::value::{EnumValue, PSObject};
    let mode = Value::Enum(EnumValue {
        type_name: "System.Management.Automation.PSLanguageMode",
        name: "FullLanguage",
        value: 0,
    });
    let session_state = Value::Object(PSObject::new(
        &["System.Management.Automation.SessionState", "System.Object"],
        vec![("LanguageMode", mode)],
    ));
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.EngineIntrinsics",
            "System.Object",
        ],
        vec![("SessionState", session_state)],
    ))
}

/// A WarningRecord as a value (what `3>&1` and `-WarningVariable` hold).
pub fn warning_record(message: &str) -> Value {
    super::records::informational(super::records::Informational::Warning, message)
}
