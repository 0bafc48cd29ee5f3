//! Get-WinEvent: the event logs through the event log service, the command that replaces
//! Get-EventLog in PowerShell 7 (both editions have it). Records come newest first
//! (`-Oldest` reverses), each read costing a little simulated time, shown grouped by
//! provider; `-MaxEvents` stops early, `-FilterHashtable` selects by LogName, Id, Level,
//! ProviderName, StartTime and EndTime; `-ListLog` shows the logs.

use super::{Cmdlet, ParamSpec};
use crate::engine::command::cmdlet_type_name;
use crate::engine::convert::{to_i64, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::ops::wildcard_match;
use crate::engine::time::DateTime;
use crate::engine::value::Value;
use crate::world::computer::{Computer, computer_name_targets};
use crate::world::eventlog::{self, Entry, LogInfo};
use crate::world::network::NOT_FOUND_MS;

pub struct GetWinEvent;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("LogName", "System.String[]").at(0),
    ParamSpec::new("MaxEvents", "System.Int64"),
    ParamSpec::switch("Oldest"),
    ParamSpec::new("FilterHashtable", "System.Collections.Hashtable[]"),
    ParamSpec::new("ListLog", "System.String[]"),
    ParamSpec::new("ComputerName", "System.String").alias(&["Cn"]),
];

fn error(exception: &str, message: String, id: &str, category: Category) -> ErrorRecord {
    ErrorRecord::new(
        exception,
        message,
        &format!("{id},{}", cmdlet_type_name("Get-WinEvent")),
        category,
    )
}

fn no_events() -> ErrorRecord {
    error(
        "System.Exception",
        "No events were found that match the specified selection criteria.".into(),
        "NoMatchingEventsFound",
        Category::ObjectNotFound,
    )
}

/// What a query asks for: from -LogName, or one hashtable of -FilterHashtable.
#[derive(Default)]
struct Query {
    logs: Vec<String>,
    ids: Option<Vec<i64>>,
    levels: Option<Vec<i64>>,
    providers: Option<Vec<String>>,
    start: Option<DateTime>,
    end: Option<DateTime>,
}

impl Query {
    fn from_hashtable(v: &Value) -> Query {
        let get = |key: &str| crate::engine::interp::property(v, key);
        let strings = |key: &str| get(key).map(|v| v.enumerate().iter().map(to_str).collect());
        let numbers =
            |key: &str| get(key).map(|v| v.enumerate().iter().filter_map(to_i64).collect());
        let date = |key: &str| match get(key) {
            Some(Value::DateTime(d)) => Some(d),
            _ => None,
        };
        Query {
            logs: strings("LogName").unwrap_or_default(),
            ids: numbers("Id"),
            levels: numbers("Level"),
            providers: strings("ProviderName"),
            start: date("StartTime"),
            end: date("EndTime"),
        }
    }

    fn wanted(&self, e: &Entry) -> bool {
        let id = e.instance_id & 0xFFFF;
        self.ids.as_ref().is_none_or(|ids| ids.contains(&id))
            && self
                .levels
                .as_ref()
                .is_none_or(|l| l.contains(&i64::from(eventlog::level(e.entry_type).0)))
            && self
                .providers
                .as_ref()
                .is_none_or(|p| p.iter().any(|p| wildcard_match(p, e.source, false)))
            && self.start.is_none_or(|s| e.time >= s)
            && self.end.is_none_or(|end| e.time <= end)
    }

    /// The logs the query names (wildcards allowed); by provider alone, every log that
    /// has entries.
    fn resolve(&self) -> Result<Vec<&'static LogInfo>, ErrorRecord> {
        if self.logs.is_empty() {
            return Ok(eventlog::LOGS.iter().filter(|l| l.entries > 0).collect());
        }
        let mut found = Vec::new();
        for name in &self.logs {
            let matching: Vec<_> = eventlog::LOGS
                .iter()
                .filter(|l| wildcard_match(name, l.name, false))
                .collect();
            if matching.is_empty() {
                return Err(error(
                    "System.Exception",
                    format!(
                        "There is not an event log on the localhost computer that matches \"{name}\"."
                    ),
                    "NoMatchingLogsFound",
                    Category::ObjectNotFound,
                ));
            }
            found.extend(matching);
        }
        Ok(found)
    }
}

struct WinEventProc {
    args: BoundArgs,
}

impl WinEventProc {
    fn queries(&self) -> Vec<Query> {
        match self.args.get("FilterHashtable") {
            Some(tables) => tables
                .enumerate()
                .iter()
                .map(Query::from_hashtable)
                .collect(),
            None => vec![Query {
                logs: self.args.strings("LogName").unwrap_or_default(),
                ..Query::default()
            }],
        }
    }

    /// Reads the logs a query names, newest record first, until `left` runs out.
    async fn read(
        &self,
        cx: &mut Interp,
        query: &Query,
        computer: &Computer,
        left: &mut Option<i64>,
        out: &mut dyn Emit,
    ) -> EvalResult<u64> {
        let logs = query.resolve().map_err(Flow::error)?;
        let start = cx.rt.sched.clock.start_date();
        let machine = computer.machine_name();
        let seed = eventlog::seed_for(cx.rt.rng_seed(), &machine);
        let oldest = self.args.switch("Oldest");
        let mut written = 0;
        for log in logs {
            if !log.readable {
                return Err(Flow::error(error(
                    "System.UnauthorizedAccessException",
                    "Attempted to perform an unauthorized operation.".into(),
                    "System.UnauthorizedAccessException",
                    Category::NotSpecified,
                )));
            }
            for i in 0..log.entries {
                if left.is_some_and(|n| n <= 0) {
                    return Ok(written);
                }
                let n = if oldest { log.entries - 1 - i } else { i };
                let Some(e) = eventlog::read(cx, seed, log, n, start).await? else {
                    break;
                };
                if query.wanted(&e) {
                    written += 1;
                    if let Some(n) = left.as_mut() {
                        *n -= 1;
                    }
                    out.emit(cx, eventlog::record_value(&e, log, &machine))
                        .await?;
                }
            }
        }
        Ok(written)
    }
}

impl CommandProcessor for WinEventProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if let Some(patterns) = self.args.strings("ListLog") {
                for pattern in patterns {
                    let logs: Vec<_> = eventlog::LOGS
                        .iter()
                        .filter(|l| wildcard_match(&pattern, l.name, false))
                        .collect();
                    if logs.is_empty() {
                        cx.write_error(error(
                            "System.Exception",
                            format!(
                                "There is not an event log on the localhost computer that matches \"{pattern}\"."
                            ),
                            "NoMatchingLogsFound",
                            Category::ObjectNotFound,
                        ))?;
                    }
                    for l in logs {
                        out.emit(cx, eventlog::config_value(l)).await?;
                    }
                }
                return Ok(());
            }
            let names = self.args.str("ComputerName").map(|c| vec![c]);
            let Some((_, target)) = computer_name_targets(cx, names).into_iter().next() else {
                return Ok(());
            };
            let Some(computer) = target else {
                cx.sleep_ms(cx.rt.latency_ms(NOT_FOUND_MS)).await?;
                return Err(Flow::error(error(
                    "System.Diagnostics.Eventing.Reader.EventLogException",
                    "The RPC server is unavailable.".into(),
                    "System.Diagnostics.Eventing.Reader.EventLogException",
                    Category::NotSpecified,
                )));
            };
            let mut left = self.args.int("MaxEvents");
            let mut written = 0;
            for query in self.queries() {
                written += self.read(cx, &query, &computer, &mut left, out).await?;
            }
            if written == 0 {
                return Err(Flow::error(no_events()));
            }
            Ok(())
        })
    }
}

impl Cmdlet for GetWinEvent {
    fn name(&self) -> &'static str {
        "Get-WinEvent"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Reads event logs through the event log service, newest records first (-ListLog shows the logs)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(WinEventProc { args: a.clone() }))
    }
}
