//! Start-Job (`sajb`): runs a script block in a new "process" as a BackgroundJob and writes
//! the job object at once (State Running); the script itself starts a little later.

use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::runtime::Edition;
use crate::engine::scope::Scope;
use crate::engine::value::Value;
use crate::jobs::runner::{JobLaunch, start_background_job};
use crate::lang::ast::ScriptBlockAst;
use crate::world::computer::OnComputer;
use std::rc::Rc;

pub struct StartJob;

/// Start-Job's parameter sets: a script block (the default) or a script file.
const COMPUTER_NAME_SET: &str = "ComputerName";
const FILE_PATH_SET: &str = "FilePathComputerName";

const PARAMS: &[ParamSpec] = &[
    // Mandatory in PowerShell; left to the cmdlet so -PSVersion's check comes first.
    ParamSpec::new("ScriptBlock", "System.Management.Automation.ScriptBlock")
        .at(0)
        .alias(&["Command"])
        .in_sets(&[COMPUTER_NAME_SET]),
    ParamSpec::new(
        "InitializationScript",
        "System.Management.Automation.ScriptBlock",
    )
    .at(1),
    ParamSpec::new("Name", "System.String"),
    ParamSpec::new("ArgumentList", "System.Object[]").alias(&["Args"]),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
    ParamSpec::new("FilePath", "System.String")
        .at(0)
        .in_sets(&[FILE_PATH_SET]),
    // A number as typed (`-PSVersion 2.0`): 7 refuses all but 5.1 with the value in its message.
    ParamSpec::new("PSVersion", "System.Object"),
    ParamSpec::new("WorkingDirectory", "System.String").only_in(Edition::Core7),
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
    pub working_directory: Option<String>,
    /// `-PSVersion 5.1` in PowerShell 7: the job runs in Windows PowerShell.
    pub windows_powershell: bool,
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
            working_directory: None,
            windows_powershell: false,
        }
    }
}

/// The `$using:` names a script refers to. PowerShell finds them in the syntax tree; the
/// script's own text holds the same references (`$using:x`, `${using:any name}`).
fn using_names(sb: &ScriptBlockAst, skip_parallel_bodies: bool) -> Vec<String> {
    let text = sb.text();
    let skipped = if skip_parallel_bodies {
        crate::lang::variables::parallel_bodies(&text)
    } else {
        Vec::new()
    };
    let mut names: Vec<String> = Vec::new();
    for r in crate::lang::variables::references(&text) {
        if skipped.iter().any(|body| body.contains(&r.start)) {
            continue;
        }
        let Some((scope, name)) = r.name.split_once(':') else {
            continue;
        };
        if scope.eq_ignore_ascii_case("using")
            && !names.iter().any(|n| n.eq_ignore_ascii_case(name))
        {
            names.push(name.to_string());
        }
    }
    names
}

/// Copies the caller's value of every `$using:` variable into the job's scope.
pub fn capture_using(cx: &Interp, sb: &ScriptBlockAst) -> Result<Scope, ErrorRecord> {
    capture_using_names(cx, using_names(sb, false))
}

/// The same for a ForEach-Object -Parallel block: a `$using:` inside a -Parallel block
/// nested in it is taken later, by the task that runs that block.
pub fn capture_parallel_using(cx: &Interp, sb: &ScriptBlockAst) -> Result<Scope, ErrorRecord> {
    capture_using_names(cx, using_names(sb, true))
}

fn capture_using_names(cx: &Interp, names: Vec<String>) -> Result<Scope, ErrorRecord> {
    let mut scope = Scope::default();
    for name in names {
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
                dollar_under: None,
                working_directory: self.working_directory.take(),
                windows_powershell: self.windows_powershell,
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
pub(super) fn script_file(cx: &Interp, path: &str) -> Result<Rc<ScriptBlockAst>, ErrorRecord> {
    let full = cx.resolve_path(path);
    let text = cx.filesystem().borrow().read_text(&full)?;
    let source = crate::lang::Source::new(&full, &text);
    crate::lang::parse_script_with(&source, cx.rs.profile.syntax())
        .map_err(|e| ErrorRecord::parse(&e, &source))
}

/// What PowerShell 7's Start-Job refuses before it starts anything (StartJobCommand's
/// PSVersion setter and BeginProcessing), and the -WorkingDirectory it was given.
fn checked_for_7(cx: &Interp, a: &BoundArgs) -> Result<Option<String>, ErrorRecord> {
    if let Some(v) = a.get("PSVersion") {
        let text = match v.base() {
            Value::Double(d) if d.fract() == 0.0 => format!("{d:.1}"),
            other => to_str(other),
        };
        if text.trim() != "5.1" {
            return Err(ErrorRecord::new(
                "System.Management.Automation.ParameterBindingException",
                format!(
                    "Cannot bind parameter 'PSVersion' to the target. Exception setting \"PSVersion\": \"The value {text} is not valid for the PSVersion parameter. The only allowed value is 5.1.\""
                ),
                "ParameterBindingFailed",
                Category::InvalidArgument,
            ));
        }
    }
    if a.switch("RunAs32") {
        return Err(ErrorRecord::new(
            "System.Management.Automation.PSNotSupportedException",
            "Cannot start a 32-bit 'pwsh' process from the 64-bit 'pwsh' installation. Install the 32-bit 'pwsh' if you need to run PowerShell in a 32-bit process.",
            "RunAs32NotSupported",
            Category::InvalidOperation,
        ));
    }
    let Some(dir) = a.get("WorkingDirectory").map(to_str) else {
        return Ok(None);
    };
    // [ValidateNotNullOrWhiteSpace]
    if dir.trim().is_empty() {
        return Err(ErrorRecord::new(
            "System.Management.Automation.ParameterBindingValidationException",
            "Cannot validate argument on parameter 'WorkingDirectory'. The argument is null, empty, or consists of only white-space characters. Provide an argument that contains non white-space characters, and then try the command again.",
            "ParameterArgumentValidationError",
            Category::InvalidData,
        ));
    }
    let full = cx.resolve_path(&dir);
    if !cx.filesystem().borrow().is_dir(&full) {
        return Err(ErrorRecord::new(
            "System.IO.DirectoryNotFoundException",
            format!("Cannot find the WorkingDirectory path {dir}."),
            "DirectoryNotFoundException",
            Category::InvalidOperation,
        ));
    }
    Ok(Some(full))
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
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(COMPUTER_NAME_SET)
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block as a background job in a new PowerShell process and returns the job at once."
    }
    fn start(
        &self,
        cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        // What binding refuses (-PSVersion's setter, the validation attributes) comes
        // before the check for a missing mandatory parameter.
        let working_directory = match cx.rs.profile.edition {
            Edition::Core7 => checked_for_7(cx, a)?,
            Edition::Desktop51 => None,
        };
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
        let mut proc = StartJobProc::from_args(Flavor::Background, script, a);
        if cx.rs.profile.edition == Edition::Core7 {
            proc.working_directory = working_directory;
            proc.windows_powershell = a.has("PSVersion");
        }
        Ok(Box::new(proc))
    }
}
