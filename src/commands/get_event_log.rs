//! Get-EventLog (Windows PowerShell 5.1 only): entries of a classic event log, newest
//! first, read one by one (each costs a little simulated time); `-List` shows the logs.

use super::{Cmdlet, ParamSpec, invalid_argument};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::ops::wildcard_match;
use crate::engine::value::Value;
use crate::world::computer::Computer;
use crate::world::computer::computer_name_targets;
use crate::world::eventlog::{self, LogInfo};
use crate::world::network::NOT_FOUND_MS;

pub struct GetEventLog;

/// Get-EventLog's parameter sets: the entries of a log (the default), or the logs (-List).
const LOG_SET: &str = "LogName";
const LIST_SET: &str = "List";

const PARAMS: &[ParamSpec] = &[
    // Mandatory in PowerShell; the cmdlet reports it missing itself (see `start`).
    ParamSpec::new("LogName", "System.String")
        .at(0)
        .alias(&["LN", "Log"])
        .in_sets(&[LOG_SET]),
    ParamSpec::new("InstanceId", "System.Object")
        .at(1)
        .in_sets(&[LOG_SET]),
    ParamSpec::new("Newest", "System.Int32")
        .range(0, i32::MAX as i64)
        .in_sets(&[LOG_SET]),
    ParamSpec::new("After", "System.DateTime").in_sets(&[LOG_SET]),
    ParamSpec::new("Before", "System.DateTime").in_sets(&[LOG_SET]),
    ParamSpec::new("EntryType", "System.String[]")
        .alias(&["ET"])
        .in_sets(&[LOG_SET]),
    ParamSpec::new("Source", "System.String[]")
        .alias(&["ABO"])
        .in_sets(&[LOG_SET]),
    ParamSpec::new("Message", "System.String")
        .alias(&["MSG"])
        .in_sets(&[LOG_SET]),
    ParamSpec::new("Index", "System.Int32[]").in_sets(&[LOG_SET]),
    ParamSpec::new("ComputerName", "System.String[]").alias(&["Cn"]),
    ParamSpec::switch("List").in_sets(&[LIST_SET]),
    ParamSpec::switch("AsString").in_sets(&[LIST_SET]),
];

struct EventLogProc {
    args: BoundArgs,
}

fn no_matches() -> ErrorRecord {
    ErrorRecord::new(
        "System.ArgumentException",
        "No matches found",
        "GetEventLogNoEntriesFound",
        Category::ObjectNotFound,
    )
}

impl EventLogProc {
    fn wanted(&self, e: &eventlog::Entry) -> bool {
        let a = &self.args;
        if let Some(types) = a.strings("EntryType") {
            if !types.iter().any(|t| t.eq_ignore_ascii_case(e.entry_type)) {
                return false;
            }
        }
        if let Some(sources) = a.strings("Source") {
            if !sources.iter().any(|s| wildcard_match(s, e.source, false)) {
                return false;
            }
        }
        if let Some(m) = a.str("Message") {
            if !wildcard_match(&m, e.message, false) {
                return false;
            }
        }
        if let Some(Value::DateTime(after)) = a.get("After") {
            if e.time <= *after {
                return false;
            }
        }
        if let Some(Value::DateTime(before)) = a.get("Before") {
            if e.time >= *before {
                return false;
            }
        }
        if let Some(ids) = a.get("InstanceId") {
            let ids: Vec<i64> = ids
                .enumerate()
                .iter()
                .filter_map(crate::engine::convert::to_i64)
                .collect();
            if !ids.contains(&e.instance_id) {
                return false;
            }
        }
        true
    }

    async fn read(
        &self,
        cx: &mut Interp,
        log: &'static LogInfo,
        computer: &Computer,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        let newest = self.args.int("Newest").map(|n| n.max(0) as u32);
        let start = cx.rt.sched.clock.start_date();
        let machine = computer.machine_name();
        let seed = eventlog::seed_for(cx.rt.rng_seed(), &machine);
        let mut written = 0u32;
        for n in 0..log.entries {
            if newest.is_some_and(|max| written >= max) {
                break;
            }
            let Some(e) = eventlog::read(cx, seed, log, n, start).await? else {
                break;
            };
            if self.wanted(&e) {
                written += 1;
                let v = if self.args.switch("AsString") {
                    Value::str(e.message)
                } else {
                    eventlog::entry_value(&e, &machine)
                };
                out.emit(cx, v).await?;
            }
        }
        if written == 0 && log.entries > 0 {
            return Err(Flow::error(no_matches()));
        }
        Ok(())
    }
}

impl CommandProcessor for EventLogProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if self.args.switch("List") {
                for l in &eventlog::LOGS {
                    out.emit(
                        cx,
                        if self.args.switch("AsString") {
                            Value::str(l.name)
                        } else {
                            eventlog::log_value(l)
                        },
                    )
                    .await?;
                }
                return Ok(());
            }
            // -ComputerName: each computer's log in turn; a name that does not answer ends
            // the command, as EventLog's constructor throws.
            let targets = computer_name_targets(cx, self.args.strings("ComputerName"));
            for (machine, computer) in targets {
                let Some(computer) = computer else {
                    cx.sleep_ms(cx.rt.latency_ms(NOT_FOUND_MS)).await?;
                    return Err(Flow::error(ErrorRecord::new(
                        "System.IO.IOException",
                        "The network path was not found.",
                        "System.IO.IOException",
                        Category::NotSpecified,
                    )));
                };
                let name = self.args.get("LogName").map(to_str).unwrap_or_default();
                let Some(log) = eventlog::find(&name) else {
                    return Err(Flow::error(ErrorRecord::new(
                        "System.InvalidOperationException",
                        format!(
                            "The event log '{name}' on computer '{}' does not exist.",
                            machine.as_deref().unwrap_or(".")
                        ),
                        "System.InvalidOperationException",
                        Category::NotSpecified,
                    )));
                };
                if !log.readable {
                    return Err(Flow::error(ErrorRecord::new(
                        "System.Security.SecurityException",
                        "Requested registry access is not allowed.",
                        "System.Security.SecurityException",
                        Category::NotSpecified,
                    )));
                }
                self.read(cx, log, &computer, out).await?;
            }
            Ok(())
        })
    }
}

impl Cmdlet for GetEventLog {
    fn name(&self) -> &'static str {
        "Get-EventLog"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(LOG_SET)
    }
    fn synopsis(&self) -> &'static str {
        "Reads a classic event log, newest entries first (-List shows the logs)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        if !a.switch("List") && !a.has("LogName") {
            return Err(invalid_argument(
                "Cannot process command because of one or more missing mandatory parameters: LogName.",
                "MissingMandatoryParameter",
                Value::Null,
            ));
        }
        Ok(Box::new(EventLogProc { args: a.clone() }))
    }
}
