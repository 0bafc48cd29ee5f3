//! Start-Job (`sajb`): runs a script block in a new "process" as a BackgroundJob and writes
//! the job object at once (State Running); the script itself starts a little later.

use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::scope::Scope;
use crate::engine::value::Value;
use crate::jobs::runner::{JobLaunch, start_background_job};
use crate::lang::ast::ScriptBlockAst;
use crate::world::computer::OnComputer;
use std::rc::Rc;

pub struct StartJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("ScriptBlock", "System.Management.Automation.ScriptBlock")
        .at(0)
        .alias(&["Command"]),
    ParamSpec::new(
        "InitializationScript",
        "System.Management.Automation.ScriptBlock",
    )
    .at(1),
    ParamSpec::new("Name", "System.String"),
    ParamSpec::new("ArgumentList", "System.Object[]").alias(&["Args"]),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
    ParamSpec::new("FilePath", "System.String"),
    ParamSpec::new("PSVersion", "System.Version"),
    ParamSpec::switch("RunAs32"),
    ParamSpec::new("Credential", "System.Object"),
    ParamSpec::new("Authentication", "System.String"),
];

/// Which kind of job a start command makes.
#[derive(Clone, Copy)]
pub enum Flavor {
    /// Start-Job: a new process.
    Background,
    /// Start-ThreadJob, with its -ThrottleLimit if given.
    Thread(Option<usize>),
}

/// Start-Job and Start-ThreadJob: pipeline input is collected, then the job starts at the end
/// of the pipeline with all of it as `$input`, and the job object is written.
pub struct StartJobProc {
    pub flavor: Flavor,
    pub script: Rc<ScriptBlockAst>,
    pub init: Option<Rc<ScriptBlockAst>>,
    pub name: Option<String>,
    pub args: Vec<Value>,
    pub input: Vec<Value>,
}

impl StartJobProc {
    /// The parts every start command binds the same way.
    pub fn from_args(flavor: Flavor, script: Rc<ScriptBlockAst>, a: &BoundArgs) -> StartJobProc {
        StartJobProc {
            flavor,
            script,
            init: script_block(a.get("InitializationScript")),
            name: a.get("Name").map(to_str),
            args: a
                .get("ArgumentList")
                .map(Value::enumerate)
                .unwrap_or_default(),
            // -InputObject given by name is one input object (pipeline input adds to it).
            input: a.get("InputObject").cloned().into_iter().collect(),
        }
    }
}

/// The `$using:` names a script refers to. PowerShell finds them in the syntax tree; the
/// script's own text holds the same references (`$using:x`, `${using:x}`).
fn using_names(sb: &ScriptBlockAst) -> Vec<String> {
    let Ok(re) = crate::engine::ops::regex(r"\$\{?using:([A-Za-z_][A-Za-z0-9_]*)", false) else {
        return Vec::new();
    };
    let text = sb.text();
    let mut names: Vec<String> = Vec::new();
    for c in re.captures_iter(&text) {
        if let Some(m) = c.get(1) {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(m.as_str())) {
                names.push(m.as_str().to_string());
            }
        }
    }
    names
}

/// Copies the caller's value of every `$using:` variable into the job's scope.
pub fn capture_using(cx: &Interp, sb: &ScriptBlockAst) -> Result<Scope, ErrorRecord> {
    let mut scope = Scope::default();
    for name in using_names(sb) {
        match cx.get_var(&name) {
            Some(v) => scope.set(&name, v),
            None => {
                return Err(ErrorRecord::runtime(
                    format!(
                        "The value of the using variable '$using:{name}' cannot be retrieved because it has not been set in the local session."
                    ),
                    "UsingVariableIsUndefined",
                    Category::InvalidOperation,
                )
                .with_target(Value::str(&format!("$using:{name}"))));
            }
        }
    }
    Ok(scope)
}

impl CommandProcessor for StartJobProc {
    fn process<'a>(
        &'a mut self,
        _cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        if let Some(v) = input {
            self.input.push(v);
        }
        Box::pin(std::future::ready(Ok(())))
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let using =
                capture_using(cx, &self.script).map_err(crate::engine::error::Flow::error)?;
            let launch = JobLaunch {
                script: self.script.clone(),
                name: self.name.take(),
                args: std::mem::take(&mut self.args),
                input: std::mem::take(&mut self.input),
                init: self.init.clone(),
                using,
            };
            let job = match self.flavor {
                Flavor::Background => start_background_job(cx, launch),
                Flavor::Thread(throttle) => {
                    crate::jobs::runner::start_thread_job(cx, launch, throttle)
                }
            };
            out.emit(cx, Value::Job(job)).await
        })
    }
}

/// `-FilePath`: a script file of the simulated computer, read and parsed here; the job runs
/// its text.
fn script_file(cx: &Interp, path: &str) -> Result<Rc<ScriptBlockAst>, ErrorRecord> {
    let full = cx.resolve_path(path);
    let text = cx.filesystem().borrow().read_text(&full)?;
    let source = crate::lang::Source::new(&full, &text);
    crate::lang::parse_script(&source).map_err(|e| {
        let mut rec = ErrorRecord::new(
            "System.Management.Automation.ParseException",
            e.message.clone(),
            e.id,
            crate::engine::error::Category::ParserError,
        );
        rec.parse_error = true;
        rec.at(&source, e.span)
    })
}

pub fn script_block(v: Option<&Value>) -> Option<Rc<ScriptBlockAst>> {
    match v {
        Some(Value::ScriptBlock(sb)) => Some(sb.clone()),
        _ => None,
    }
}

impl Cmdlet for StartJob {
    fn name(&self) -> &'static str {
        "Start-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block as a background job in a new PowerShell process and returns the job at once."
    }
    fn start(
        &self,
        cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let script = match a.str("FilePath") {
            Some(path) => Some(script_file(cx, &path)?),
            None => script_block(a.get("ScriptBlock")),
        };
        let Some(script) = script else {
            return Err(crate::commands::invalid_argument(
                "Cannot process command because of one or more missing mandatory parameters: ScriptBlock.",
                "MissingMandatoryParameter",
                Value::Null,
            ));
        };
        Ok(Box::new(StartJobProc::from_args(
            Flavor::Background,
            script,
            a,
        )))
    }
}
