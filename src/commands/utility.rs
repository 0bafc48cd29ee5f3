//! Start-Sleep, Get-Date, Get-Random, Measure-Command, Clear-Host, New-Object,
//! Get-Location and Set-Location.

use super::{Cmdlet, ParamSpec, SyncProcessor, invalid_argument, sync};
use crate::engine::budget::Buffer;
use crate::engine::convert::{self, to_f64, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, Collect, CommandProcessor, Emit, Interp};
use crate::engine::time::{DateTime, TimeSpan};
use crate::engine::value::{PSObject, Value};
use crate::world::computer::OnComputer;

pub struct StartSleep;
const START_SLEEP: &[ParamSpec] = &[
    ParamSpec::new("Seconds", "System.Double")
        .at(0)
        .mandatory()
        .range(0, i32::MAX as i64 / 1000)
        .in_sets(&["Seconds"]),
    ParamSpec::new("Milliseconds", "System.Int32")
        .alias(&["ms"])
        .mandatory()
        .range(0, i32::MAX as i64)
        .in_sets(&["Milliseconds"]),
];
struct SleepProc(f64);
impl CommandProcessor for SleepProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move { cx.sleep_ms(self.0).await })
    }
}
impl Cmdlet for StartSleep {
    fn name(&self) -> &'static str {
        "Start-Sleep"
    }
    fn params(&self) -> &'static [ParamSpec] {
        START_SLEEP
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Seconds")
    }
    fn synopsis(&self) -> &'static str {
        "Waits on the session's clock; other jobs keep running meanwhile."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let ms = match (a.get("Seconds"), a.int("Milliseconds")) {
            (Some(s), _) => to_f64(s).unwrap_or(0.0) * 1000.0,
            (None, Some(ms)) => ms as f64,
            (None, None) => {
                return Err(invalid_argument(
                    "Parameter set cannot be resolved using the specified named parameters.",
                    "AmbiguousParameterSet",
                    Value::Null,
                ));
            }
        };
        // ValidateRange on both parameters: the binder refused a negative time.
        Ok(Box::new(SleepProc(ms.max(0.0))))
    }
}

pub struct GetDate;
const GET_DATE: &[ParamSpec] = &[
    ParamSpec::new("Date", "System.DateTime")
        .at(0)
        .pipeline()
        .alias(&["LastWriteTime"]),
    ParamSpec::new("Format", "System.String"),
    ParamSpec::new("Year", "System.Int32").range(1, 9999),
    ParamSpec::new("Month", "System.Int32").range(1, 12),
    ParamSpec::new("Day", "System.Int32").range(1, 31),
    ParamSpec::new("Hour", "System.Int32").range(0, 23),
    ParamSpec::new("Minute", "System.Int32").range(0, 59),
    ParamSpec::new("Second", "System.Int32").range(0, 59),
    ParamSpec::new("DisplayHint", "System.String"),
];
struct GetDateProc(BoundArgs);
impl SyncProcessor for GetDateProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        let mut d = match input.as_ref().or(a.get("Date")) {
            Some(Value::DateTime(d)) => *d,
            Some(other) => match convert::convert_to(other, "System.DateTime") {
                Ok(Value::DateTime(d)) => d,
                _ => cx.rt.now_date(),
            },
            None => cx.rt.now_date(),
        };
        let (y, mo, dd) = d.date_parts();
        let (h, mi, s) = (d.hour(), d.minute(), d.second());
        let pick = |n: &str, v: i64| a.int(n).unwrap_or(v);
        if ["Year", "Month", "Day", "Hour", "Minute", "Second"]
            .iter()
            .any(|n| a.has(n))
        {
            let ms = d.millisecond();
            d = DateTime::from_parts(
                pick("Year", y),
                pick("Month", mo),
                pick("Day", dd),
                pick("Hour", h),
                pick("Minute", mi),
                pick("Second", s),
            )
            .plus(TimeSpan::from_ms(ms as f64));
        }
        match a.str("Format") {
            // .NET's FormatException escapes ProcessRecord: a terminating error of the cmdlet.
            Some(f) => match d.format_with(&f, cx.rs.profile.dotnet) {
                Ok(text) => out.push(Value::str(&text)),
                Err(fault) => {
                    return Err(Flow::error(ErrorRecord::new(
                        "System.FormatException",
                        fault.message(),
                        "System.FormatException,Microsoft.PowerShell.Commands.GetDateCommand",
                        Category::NotSpecified,
                    )));
                }
            },
            None => match a.str("DisplayHint").map(|h| h.to_ascii_lowercase()) {
                Some(h) if h == "date" => out.push(Value::str(&d.format("D"))),
                Some(h) if h == "time" => out.push(Value::str(&d.format("T"))),
                _ => out.push(Value::DateTime(d)),
            },
        }
        Ok(())
    }
}
impl Cmdlet for GetDate {
    fn name(&self) -> &'static str {
        "Get-Date"
    }
    fn params(&self) -> &'static [ParamSpec] {
        GET_DATE
    }
    fn synopsis(&self) -> &'static str {
        "Gets the current date and time from the session's clock, or builds one."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetDateProc(a.clone()))
    }
}

pub struct GetRandom;
const GET_RANDOM: &[ParamSpec] = &[
    ParamSpec::new("Maximum", "System.Object").at(0),
    ParamSpec::new("Minimum", "System.Object"),
    ParamSpec::new("InputObject", "System.Object[]").pipeline(),
    ParamSpec::new("Count", "System.Int32").range(1, i32::MAX as i64),
    ParamSpec::new("SetSeed", "System.Int32"),
];
struct GetRandomProc {
    args: BoundArgs,
    items: Buffer,
}
impl SyncProcessor for GetRandomProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        if let Some(v) = input {
            self.items.push(&cx.rt.budget, v).map_err(Flow::error)?;
        }
        Ok(())
    }
    fn end(&mut self, cx: &mut Interp, out: &mut Vec<Value>) -> EvalResult<()> {
        if let Some(seed) = self.args.int("SetSeed") {
            cx.rt
                .rng
                .set((seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        }
        if let Some(v) = self.args.get("InputObject") {
            for item in v.enumerate() {
                self.items.push(&cx.rt.budget, item).map_err(Flow::error)?;
            }
        }
        if !self.items.is_empty() {
            let mut pool = self.items.take();
            let n = self.args.int("Count").unwrap_or(1).max(1) as usize;
            for _ in 0..n.min(pool.len()) {
                let i = (cx.rt.next_random() % pool.len() as u64) as usize;
                out.push(pool.remove(i));
            }
            return Ok(());
        }
        let max = self.args.get("Maximum");
        let min = self.args.get("Minimum");
        let is_double =
            matches!(max, Some(Value::Double(_))) || matches!(min, Some(Value::Double(_)));
        let lo = min.and_then(to_f64).unwrap_or(0.0);
        let hi = max.and_then(to_f64).unwrap_or(i32::MAX as f64);
        if hi <= lo {
            return Err(Flow::error(invalid_argument(
                format!(
                    "The Minimum value ({lo}) cannot be greater than or equal to the Maximum value ({hi})."
                ),
                "MinGreaterThanOrEqualMax,Microsoft.PowerShell.Commands.GetRandomCommand",
                Value::Null,
            )));
        }
        let n = self.args.int("Count").unwrap_or(1).max(1);
        for _ in 0..n {
            let r = cx.rt.next_random();
            if is_double {
                let f = (r >> 11) as f64 / (1u64 << 53) as f64;
                out.push(Value::Double(lo + f * (hi - lo)));
            } else {
                let span = (hi - lo) as u64;
                out.push(Value::Int((lo as i64 + (r % span.max(1)) as i64) as i32));
            }
        }
        Ok(())
    }
}
impl Cmdlet for GetRandom {
    fn name(&self) -> &'static str {
        "Get-Random"
    }
    fn params(&self) -> &'static [ParamSpec] {
        GET_RANDOM
    }
    fn synopsis(&self) -> &'static str {
        "Gets a random number or picks random input objects (seeded per session, so repeatable)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetRandomProc {
            args: a.clone(),
            items: Buffer::default(),
        })
    }
}

pub struct MeasureCommand;
const MEASURE_COMMAND: &[ParamSpec] = &[
    ParamSpec::new("Expression", "System.Object")
        .at(0)
        .mandatory(),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];
struct MeasureCommandProc(Option<std::rc::Rc<crate::lang::ast::ScriptBlockAst>>);
impl CommandProcessor for MeasureCommandProc {
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let Some(sb) = self.0.clone() else {
                return Ok(());
            };
            let start = cx.rt.sched.clock.now_ms();
            let mut sink = Collect::default();
            cx.invoke_block(&sb, None, Vec::new(), false, &mut sink)
                .await?;
            let elapsed = cx.rt.sched.clock.now_ms() - start;
            out.emit(cx, Value::TimeSpan(TimeSpan::from_ms(elapsed)))
                .await
        })
    }
    fn process<'a>(
        &'a mut self,
        _cx: &'a mut Interp,
        _input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(std::future::ready(Ok(())))
    }
}
impl Cmdlet for MeasureCommand {
    fn name(&self) -> &'static str {
        "Measure-Command"
    }
    fn params(&self) -> &'static [ParamSpec] {
        MEASURE_COMMAND
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block and reports how long it took on the session's clock."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        match a.get("Expression") {
            Some(Value::ScriptBlock(sb)) => Ok(Box::new(MeasureCommandProc(Some(sb.clone())))),
            other => Err(invalid_argument(
                format!(
                    "Cannot bind parameter 'Expression'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Management.Automation.ScriptBlock\".",
                    other.map(to_str).unwrap_or_default(),
                    other
                        .map(crate::engine::types::type_name_of)
                        .unwrap_or_default()
                ),
                "CannotConvertArgumentNoMessage",
                Value::Null,
            )),
        }
    }
}

pub struct ClearHost;
impl Cmdlet for ClearHost {
    fn name(&self) -> &'static str {
        "Clear-Host"
    }
    fn params(&self) -> &'static [ParamSpec] {
        &[]
    }
    fn synopsis(&self) -> &'static str {
        "Clears the console."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        _a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P;
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                _out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                cx.rt
                    .host
                    .borrow_mut()
                    .push(crate::engine::runtime::HostLine {
                        kind: crate::engine::runtime::LineKind::Host,
                        text: String::new(),
                        fg: Some("Clear"),
                        bg: None,
                        newline: true,
                    });
                Ok(())
            }
        }
        sync(P)
    }
}

pub struct NewObject;
const NEW_OBJECT: &[ParamSpec] = &[
    ParamSpec::new("TypeName", "System.String").at(0),
    ParamSpec::new("ArgumentList", "System.Object[]")
        .at(1)
        .alias(&["Args"]),
    ParamSpec::new("Property", "System.Object"),
];
impl Cmdlet for NewObject {
    fn name(&self) -> &'static str {
        "New-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        NEW_OBJECT
    }
    fn synopsis(&self) -> &'static str {
        "Creates an object: a PSObject with properties, or one of the few .NET types the playground knows."
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
                _cx: &mut Interp,
                _input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let t = self.0.str("TypeName").unwrap_or_default();
                let resolved = crate::engine::types::resolve(&t).unwrap_or_else(|| t.clone());
                let v = match resolved.as_str() {
                    t if crate::engine::collections::is_collection_type(t) => {
                        crate::engine::collections::new(t).unwrap_or(Value::Null)
                    }
                    "System.Management.Automation.PSObject" | "System.Object" => {
                        match self.0.get("Property") {
                            Some(Value::Hashtable(h)) => convert::hashtable_to_object(&h.borrow()),
                            _ => Value::Object(PSObject::custom(Vec::new())),
                        }
                    }
                    "System.Collections.Hashtable" => Value::Hashtable(Default::default()),
                    "System.DateTime" => {
                        let n: Vec<i64> = self
                            .0
                            .get("ArgumentList")
                            .map(|v| v.enumerate().iter().filter_map(convert::to_i64).collect())
                            .unwrap_or_default();
                        let g = |i: usize, d: i64| n.get(i).copied().unwrap_or(d);
                        let parts = (g(0, 1), g(1, 1), g(2, 1), g(3, 0), g(4, 0), g(5, 0));
                        match DateTime::checked_from_parts(parts) {
                            Some(d) => Value::DateTime(d),
                            // The constructor's ArgumentOutOfRangeException.
                            None => {
                                // The date is checked before the time.
                                let date_ok = DateTime::checked_from_parts((
                                    parts.0, parts.1, parts.2, 0, 0, 0,
                                ))
                                .is_some();
                                let message = if date_ok {
                                    "Hour, Minute, and Second parameters describe an un-representable DateTime."
                                } else {
                                    "Year, Month, and Day parameters describe an un-representable DateTime."
                                };
                                return Err(Flow::error(ErrorRecord::new(
                                    "System.Management.Automation.MethodInvocationException",
                                    format!(
                                        "Exception calling \".ctor\" with \"{}\" argument(s): \"{message}\"",
                                        n.len()
                                    ),
                                    "ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand",
                                    Category::InvalidOperation,
                                )));
                            }
                        }
                    }
                    "System.TimeSpan" => {
                        let n: Vec<i64> = self
                            .0
                            .get("ArgumentList")
                            .map(|v| v.enumerate().iter().filter_map(convert::to_i64).collect())
                            .unwrap_or_default();
                        let g = |i: usize| n.get(i).copied().unwrap_or(0);
                        Value::TimeSpan(TimeSpan::from_ms(
                            ((g(0) * 3600 + g(1) * 60 + g(2)) * 1000) as f64,
                        ))
                    }
                    _ => {
                        return Err(Flow::error(ErrorRecord::new(
                            "System.Management.Automation.PSArgumentException",
                            format!(
                                "Cannot find type [{t}]: verify that the assembly containing this type is loaded."
                            ),
                            "TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand",
                            Category::InvalidType,
                        )));
                    }
                };
                out.push(v);
                Ok(())
            }
        }
        sync(P(a.clone()))
    }
}

pub struct GetLocation;
impl Cmdlet for GetLocation {
    fn name(&self) -> &'static str {
        "Get-Location"
    }
    fn params(&self) -> &'static [ParamSpec] {
        &[]
    }
    fn synopsis(&self) -> &'static str {
        "Gets the current location (the working folder)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        _a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P;
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                out.push(cx.get_var("PWD").unwrap_or(Value::Null));
                Ok(())
            }
        }
        sync(P)
    }
}

pub struct SetLocation;
impl Cmdlet for SetLocation {
    fn name(&self) -> &'static str {
        "Set-Location"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Path", "System.String")
                .at(0)
                .pipeline()
                .alias(&["LiteralPath"]),
            ParamSpec::switch("PassThru"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Changes the current location."
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
                input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let target = input
                    .map(|v| to_str(&v))
                    .or_else(|| self.0.str("Path"))
                    .unwrap_or_else(|| crate::world::fs::HOME.to_string());
                // A bare drive (`C:`, `HKLM:`) returns to the last location on it.
                let bare_drive = target
                    .strip_suffix(':')
                    .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphabetic()));
                let remembered = bare_drive.and_then(|d| cx.rs.location_on(d));
                let full = remembered.unwrap_or_else(|| cx.resolve_path(&target));
                if let Some(native) = crate::world::registry::native(&full) {
                    let opened = cx.computer().registry.borrow().open(&native);
                    return match opened {
                        Ok((shown, _)) => {
                            cx.rs
                                .set_location(crate::world::registry::drive_path(&shown));
                            if self.0.switch("PassThru") {
                                out.push(cx.get_var("PWD").unwrap_or(Value::Null));
                            }
                            Ok(())
                        }
                        Err(e) => Err(Flow::error(e)),
                    };
                }
                let display = cx
                    .filesystem()
                    .borrow()
                    .display_path(&full)
                    .filter(|_| cx.filesystem().borrow().is_dir(&full));
                match display {
                    Some(p) => {
                        cx.rs.set_location(p);
                        if self.0.switch("PassThru") {
                            out.push(cx.get_var("PWD").unwrap_or(Value::Null));
                        }
                        Ok(())
                    }
                    None => Err(Flow::error(crate::world::fs::not_found(&full))),
                }
            }
        }
        sync(P(a.clone()))
    }
}
