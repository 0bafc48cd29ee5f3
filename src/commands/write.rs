//! Write-Output, Write-Host and the stream writers.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::convert::{Inside, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp, Pref};
use crate::engine::records;
use crate::engine::runtime::LineKind;
use crate::engine::value::Value;
use std::rc::Rc;

pub struct WriteOutput;
const WRITE_OUTPUT: &[ParamSpec] = &[
    // ValueFromRemainingArguments, as WriteOutputCommand declares it: `Write-Output a b`.
    ParamSpec::new("InputObject", "System.Object")
        .at(0)
        .pipeline()
        .remaining()
        .mandatory(),
    ParamSpec::switch("NoEnumerate"),
];
struct WriteOutputProc {
    args: Option<Value>,
    no_enumerate: bool,
}
impl SyncProcessor for WriteOutputProc {
    fn process(
        &mut self,
        _cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let v = match input {
            Some(v) => v,
            None => match self.args.take() {
                Some(v) => v,
                None => return Ok(()),
            },
        };
        if self.no_enumerate {
            out.push(v);
        } else {
            out.extend(match v {
                Value::Array(_) => v.enumerate(),
                other => vec![other],
            });
        }
        Ok(())
    }
}
impl Cmdlet for WriteOutput {
    fn name(&self) -> &'static str {
        "Write-Output"
    }
    fn params(&self) -> &'static [ParamSpec] {
        WRITE_OUTPUT
    }
    fn synopsis(&self) -> &'static str {
        "Sends objects down the pipeline, to the next command or to the console."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(WriteOutputProc {
            args: a.get("InputObject").cloned(),
            no_enumerate: a.switch("NoEnumerate"),
        })
    }
}

pub struct WriteHost;
const WRITE_HOST: &[ParamSpec] = &[
    ParamSpec::new("Object", "System.Object")
        .at(0)
        .pipeline()
        .remaining()
        .alias(&["Msg", "Message"]),
    ParamSpec::switch("NoNewline"),
    ParamSpec::new("Separator", "System.Object"),
    ParamSpec::new("ForegroundColor", "System.String"),
    ParamSpec::new("BackgroundColor", "System.String"),
];
const COLORS: [&str; 16] = [
    "Black",
    "DarkBlue",
    "DarkGreen",
    "DarkCyan",
    "DarkRed",
    "DarkMagenta",
    "DarkYellow",
    "Gray",
    "DarkGray",
    "Blue",
    "Green",
    "Cyan",
    "Red",
    "Magenta",
    "Yellow",
    "White",
];
fn color(a: &BoundArgs, name: &str) -> Result<Option<&'static str>, ErrorRecord> {
    let Some(c) = a.str(name) else {
        return Ok(None);
    };
    match COLORS.iter().find(|k| k.eq_ignore_ascii_case(c.trim())) {
        Some(k) => Ok(Some(*k)),
        None => Err(ErrorRecord::new(
            "System.Management.Automation.ParameterBindingException",
            format!(
                "Cannot bind parameter '{name}'. Cannot convert value \"{c}\" to type \"System.ConsoleColor\". Error: \"Unable to match the identifier name {c} to a valid enumerator name. Specify one of the following enumerator names and try again:\nBlack, DarkBlue, DarkGreen, DarkCyan, DarkRed, DarkMagenta, DarkYellow, Gray, DarkGray, Blue, Green, Cyan, Red, Magenta, Yellow, White\""
            ),
            "CannotConvertArgumentNoMessage",
            Category::InvalidArgument,
        )),
    }
}
struct WriteHostProc {
    object: Option<Value>,
    no_newline: bool,
    separator: String,
    fg: Option<&'static str>,
    bg: Option<&'static str>,
}
impl WriteHostProc {
    /// Collections are unrolled all the way down, as WriteHostCommand does. One met again
    /// inside itself shows its type name: PowerShell's own recursion would never end.
    fn text(&self, v: &Value) -> String {
        self.text_within(v, &mut Inside::default())
    }
    fn text_within(&self, v: &Value, inside: &mut Inside) -> String {
        match v {
            Value::Array(items) => {
                if !inside.enter(Rc::as_ptr(items) as usize) {
                    return "System.Object[]".into();
                }
                let items = items.borrow().clone();
                let text = items
                    .iter()
                    .map(|i| self.text_within(i, inside))
                    .collect::<Vec<_>>()
                    .join(&self.separator);
                inside.leave();
                text
            }
            other => to_str(other),
        }
    }
}
impl SyncProcessor for WriteHostProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let v = match input.or_else(|| self.object.take()) {
            Some(v) => v,
            None => Value::str(""),
        };
        let text = self.text(&v);
        cx.write_information(Value::str(&text), true, self.fg, self.bg, !self.no_newline);
        Ok(())
    }
}
impl Cmdlet for WriteHost {
    fn name(&self) -> &'static str {
        "Write-Host"
    }
    fn params(&self) -> &'static [ParamSpec] {
        WRITE_HOST
    }
    fn synopsis(&self) -> &'static str {
        "Writes text straight to the console (the information stream), not to the pipeline."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(WriteHostProc {
            object: a.get("Object").cloned(),
            no_newline: a.switch("NoNewline"),
            separator: a.str("Separator").unwrap_or_else(|| " ".into()),
            fg: color(a, "ForegroundColor")?,
            bg: color(a, "BackgroundColor")?,
        })
    }
}

pub struct WriteError;
const WRITE_ERROR: &[ParamSpec] = &[
    ParamSpec::new("Message", "System.String")
        .at(0)
        .pipeline()
        .alias(&["Msg"]),
    ParamSpec::new("Category", "System.String"),
    ParamSpec::new("ErrorId", "System.String"),
    ParamSpec::new("TargetObject", "System.Object"),
    ParamSpec::new("Exception", "System.Object"),
    ParamSpec::new("ErrorRecord", "System.Object"),
    ParamSpec::new("RecommendedAction", "System.String"),
    ParamSpec::new("CategoryActivity", "System.String").alias(&["Activity"]),
    ParamSpec::new("CategoryReason", "System.String").alias(&["Reason"]),
    ParamSpec::new("CategoryTargetName", "System.String").alias(&["TargetName"]),
    ParamSpec::new("CategoryTargetType", "System.String").alias(&["TargetType"]),
];
struct WriteErrorProc(BoundArgs);
impl SyncProcessor for WriteErrorProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        if let Some(Value::Error(rec)) = a.get("ErrorRecord") {
            return cx.write_error((**rec).clone());
        }
        let message = match input {
            Some(v) => to_str(&v),
            None => a.str("Message").unwrap_or_default(),
        };
        let category = a
            .str("Category")
            .and_then(|c| Category::parse(&c))
            .unwrap_or(Category::NotSpecified);
        let id = a
            .str("ErrorId")
            .unwrap_or_else(|| "Microsoft.PowerShell.Commands.WriteErrorException".into());
        let mut rec = ErrorRecord::new(
            "Microsoft.PowerShell.Commands.WriteErrorException",
            message,
            &id,
            category,
        );
        rec.target = a.get("TargetObject").cloned().unwrap_or(Value::Null);
        rec.command = Some(Rc::from(
            a.str("CategoryActivity")
                .unwrap_or_else(|| "Write-Error".into())
                .as_str(),
        ));
        if let Some(r) = a.str("CategoryReason") {
            rec.exception_type = Rc::from(r.as_str());
        }
        rec.target_name = a.str("CategoryTargetName");
        rec.target_type = a.str("CategoryTargetType");
        // The error belongs to the script or function that called Write-Error.
        match cx.invocations.last() {
            Some(inv) if inv.name.is_some() => {
                rec.invocation_name = inv.name.clone();
                rec.position = inv.position.clone();
                if let Some(n) = &inv.name {
                    rec.fqid = format!("{},{}", rec.fqid, n);
                }
            }
            // At the top of a script file the error belongs to the script: `C:\x.ps1 : msg`,
            // its id suffixed with the file name. Not in a job or a task: its script block
            // runs in another runspace, where it is no file's.
            _ => match cx.source_stack.first() {
                Some(src) if !src.path.is_empty() && cx.job.is_none() => {
                    let file = src.path.rsplit(['\\', '/']).next().unwrap_or(&src.path);
                    rec.fqid = format!("{},{file}", rec.fqid);
                    rec.invocation_name = Some(Rc::from(src.path.as_ref()));
                }
                // At the console it belongs to the command line: `Write-Error x : x`.
                src => {
                    let text = src
                        .map(|s| s.text(crate::lang::Span::new(0, s.chars.len())))
                        .unwrap_or_default();
                    rec.invocation_name = Some(Rc::from(text.trim()));
                }
            },
        }
        rec.origin = None;
        // Mark as placed so the cmdlet wrapper leaves the name and position alone.
        let placed = rec.position.is_some();
        if !placed {
            rec.position = None;
        }
        let r = cx.write_error(rec);
        match r {
            Err(Flow::Error(e, s)) => Err(Flow::Error(e, s)),
            other => other,
        }
    }
}
impl Cmdlet for WriteError {
    fn name(&self) -> &'static str {
        "Write-Error"
    }
    fn params(&self) -> &'static [ParamSpec] {
        WRITE_ERROR
    }
    fn synopsis(&self) -> &'static str {
        "Writes a non-terminating error: the command goes on, the error lands in $Error."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(WriteErrorProc(a.clone()))
    }
}

macro_rules! message_writer {
    ($ty:ident, $name:literal, $synopsis:literal, $method:ident) => {
        pub struct $ty;
        impl Cmdlet for $ty {
            fn name(&self) -> &'static str {
                $name
            }
            fn params(&self) -> &'static [ParamSpec] {
                const P: &[ParamSpec] = &[ParamSpec::new("Message", "System.String")
                    .at(0)
                    .pipeline()
                    .mandatory()
                    .alias(&["Msg"])];
                P
            }
            fn synopsis(&self) -> &'static str {
                $synopsis
            }
            fn start(
                &self,
                _cx: &mut Interp,
                a: &BoundArgs,
            ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
                struct P(Option<String>);
                impl SyncProcessor for P {
                    fn process(
                        &mut self,
                        cx: &mut Interp,
                        input: Option<Value>,
                        _out: &mut Vec<Value>,
                    ) -> EvalResult<()> {
                        let msg = match input {
                            Some(v) => to_str(&v),
                            None => self.0.take().unwrap_or_default(),
                        };
                        $method(cx, &msg)
                    }
                }
                sync(P(a.str("Message")))
            }
        }
    };
}

fn warn(cx: &mut Interp, m: &str) -> EvalResult<()> {
    cx.write_warning(m)
}
fn verbose(cx: &mut Interp, m: &str) -> EvalResult<()> {
    cx.write_verbose(m);
    Ok(())
}
fn debug(cx: &mut Interp, m: &str) -> EvalResult<()> {
    cx.write_debug(m);
    Ok(())
}

message_writer!(
    WriteWarning,
    "Write-Warning",
    "Writes a warning message (shown as WARNING: ...).",
    warn
);
message_writer!(
    WriteVerbose,
    "Write-Verbose",
    "Writes a verbose message, shown only when $VerbosePreference or -Verbose says so.",
    verbose
);
message_writer!(
    WriteDebug,
    "Write-Debug",
    "Writes a debug message, shown only when $DebugPreference or -Debug says so.",
    debug
);

pub struct WriteInformation;
const WRITE_INFORMATION: &[ParamSpec] = &[
    ParamSpec::new("MessageData", "System.Object")
        .at(0)
        .mandatory()
        .alias(&["Msg", "Message"]),
    ParamSpec::new("Tags", "System.String[]").at(1),
];
impl Cmdlet for WriteInformation {
    fn name(&self) -> &'static str {
        "Write-Information"
    }
    fn params(&self) -> &'static [ParamSpec] {
        WRITE_INFORMATION
    }
    fn synopsis(&self) -> &'static str {
        "Writes to the information stream, shown when $InformationPreference is Continue."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(Option<Value>);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                input: Option<Value>,
                _out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let v = input.or_else(|| self.0.take()).unwrap_or(Value::Null);
                cx.write_information(v, false, None, None, true);
                Ok(())
            }
        }
        sync(P(a.get("MessageData").cloned()))
    }
}

pub struct WriteProgress;
const WRITE_PROGRESS: &[ParamSpec] = &[
    ParamSpec::new("Activity", "System.String").at(0),
    ParamSpec::new("Status", "System.String").at(1),
    ParamSpec::new("Id", "System.Int32").at(2),
    ParamSpec::new("PercentComplete", "System.Int32"),
    ParamSpec::new("SecondsRemaining", "System.Int32"),
    ParamSpec::new("CurrentOperation", "System.String"),
    ParamSpec::new("ParentId", "System.Int32"),
    ParamSpec::switch("Completed"),
];
impl Cmdlet for WriteProgress {
    fn name(&self) -> &'static str {
        "Write-Progress"
    }
    fn params(&self) -> &'static [ParamSpec] {
        WRITE_PROGRESS
    }
    fn synopsis(&self) -> &'static str {
        "Reports progress. The console shows a transient bar; transcripts keep no trace of it."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(BoundArgs);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                _out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                // In a job the record lands in its Progress collection (and its results);
                // at the console a bar would come and go, leaving no text.
                if let Some(job) = &cx.job {
                    let a = &self.0;
                    let int = |name: &str, default: i32| {
                        a.int(name).map_or(default, |n| {
                            n.clamp(i32::MIN.into(), i32::MAX.into()) as i32
                        })
                    };
                    let record = records::progress(records::Progress {
                        activity_id: int("Id", 0),
                        parent_activity_id: int("ParentId", -1),
                        activity: a.str("Activity").unwrap_or_default(),
                        status: a.str("Status"),
                        current_operation: a.str("CurrentOperation"),
                        percent_complete: int("PercentComplete", -1),
                        seconds_remaining: int("SecondsRemaining", -1),
                        completed: a.switch("Completed"),
                    });
                    job.record(crate::engine::job::JobRecord::Progress(record));
                } else if !matches!(
                    cx.pref_var("ProgressPreference", Pref::Continue),
                    Pref::SilentlyContinue | Pref::Ignore
                ) {
                    let block = if self.0.switch("Completed") {
                        String::new()
                    } else {
                        progress_block(
                            &self.0.str("Activity").unwrap_or_default(),
                            &self.0.str("Status").unwrap_or_default(),
                            self.0.int("PercentComplete"),
                            cx.rt.width.get(),
                        )
                    };
                    cx.rt.host_line(LineKind::Progress, block);
                }
                Ok(())
            }
        }
        sync(P(a.clone()))
    }
}

/// The console's progress block: the activity, its status indented, and for a known
/// percentage a bar of `o`s in brackets as wide as the console allows.
fn progress_block(activity: &str, status: &str, percent: Option<i64>, width: usize) -> String {
    let mut text = format!("{activity}\n    {status}");
    if let Some(p) = percent.filter(|p| (0..=100).contains(p)) {
        let inner = width.saturating_sub(8).clamp(10, 110);
        let done = inner * usize::try_from(p).unwrap_or(0) / 100;
        text.push_str(&format!(
            "\n    [{}{}]",
            "o".repeat(done),
            " ".repeat(inner - done)
        ));
    }
    text
}
