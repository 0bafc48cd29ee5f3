//! Get-Process (`gps`, `ps`): the computer's processes, by name (wildcards) or Id, sorted by
//! name then Id as PowerShell lists them.

use super::{Cmdlet, ParamSpec};
use crate::engine::convert::{to_i64, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::ops::{culture_cmp, is_wildcard, wildcard_match};
use crate::engine::runtime::Edition;
use crate::engine::value::Value;
use crate::world::computer::OnComputer;
use crate::world::computer::computer_name_targets;
use crate::world::network::NOT_FOUND_MS;
use crate::world::processes::{ProcessInfo, to_value};

pub struct GetProcess;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Name", "System.String[]")
        .at(0)
        .alias(&["ProcessName"])
        .by_property_name()
        .in_sets(&["Name"]),
    ParamSpec::new("Id", "System.Int32[]")
        .alias(&["PID"])
        .mandatory()
        .by_property_name()
        .in_sets(&["Id"]),
    ParamSpec::new("InputObject", "System.Diagnostics.Process[]")
        .mandatory()
        .pipeline()
        .in_sets(&["InputObject"]),
    // PowerShell 6 removed -ComputerName from these (remoting is Invoke-Command's).
    ParamSpec::new("ComputerName", "System.String[]")
        .alias(&["Cn"])
        .by_property_name()
        .only_in(Edition::Desktop51),
];

fn not_found(message: String, id: &str, target: Value) -> ErrorRecord {
    ErrorRecord::new(
        "Microsoft.PowerShell.Commands.ProcessCommandException",
        message,
        id,
        Category::ObjectNotFound,
    )
    .with_target(target)
}

/// The processes named by -Name or -Id (all of them when neither), each once, with a
/// not-found error for each plain name or Id that matched nothing.
pub fn matching(cx: &Interp, a: &BoundArgs) -> (Vec<ProcessInfo>, Vec<ErrorRecord>) {
    matching_in(cx.processes(), a)
}

/// `matching` over a given process list (another computer's).
fn matching_in(all: Vec<ProcessInfo>, a: &BoundArgs) -> (Vec<ProcessInfo>, Vec<ErrorRecord>) {
    let mut found: Vec<ProcessInfo> = Vec::new();
    let mut errors = Vec::new();
    let add = |p: &ProcessInfo, found: &mut Vec<ProcessInfo>| {
        if !found.iter().any(|f| f.id == p.id) {
            found.push(p.clone());
        }
    };
    if let Some(ids) = a.get("Id") {
        for v in ids.enumerate() {
            let id = to_i64(&v).unwrap_or(-1);
            match all.iter().find(|p| i64::from(p.id) == id) {
                Some(p) => add(p, &mut found),
                None => errors.push(not_found(
                    format!("Cannot find a process with the process identifier {id}."),
                    "NoProcessFoundForGivenId",
                    Value::Int(id as i32),
                )),
            }
        }
        return (found, errors);
    }
    let names = a.strings("Name").unwrap_or_else(|| vec!["*".into()]);
    for n in names {
        let hits: Vec<&ProcessInfo> = all
            .iter()
            .filter(|p| wildcard_match(&n, p.name, false))
            .collect();
        if hits.is_empty() && !is_wildcard(&n) {
            errors.push(not_found(
                format!("Cannot find a process with the name \"{n}\". Verify the process name and call the cmdlet again."),
                "NoProcessFoundForGivenName",
                Value::str(&n),
            ));
        }
        for p in hits {
            add(p, &mut found);
        }
    }
    crate::engine::sort::by(&mut found, |x, y| {
        culture_cmp(x.name, y.name).then(x.id.cmp(&y.id))
    });
    (found, errors)
}

/// What taking a snapshot of the process table costs (ms, before the speed factor).
pub const SNAPSHOT_MS: f64 = 30.0;

/// What reading another computer's process table adds (its performance counters).
const REMOTE_MS: f64 = 200.0;

struct GetProcessProc(BoundArgs);

impl CommandProcessor for GetProcessProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let mut a = self.0.clone();
            // Objects piped in are looked up by their Name.
            if let Some(v) = input {
                let name = crate::engine::interp::property(&v, "Name")
                    .map_or_else(|| to_str(&v), |n| to_str(&n));
                a.values.push(("Name".into(), Value::str(&name)));
            }
            // -ComputerName: each computer's processes in turn; a name that does not answer
            // ends the command, as .NET's Process.GetProcesses throws.
            let targets = computer_name_targets(cx, a.strings("ComputerName"));
            for (machine, computer) in targets {
                let Some(computer) = computer else {
                    cx.sleep_ms(cx.rt.latency_ms(NOT_FOUND_MS)).await?;
                    return Err(Flow::error(ErrorRecord::new(
                        "System.InvalidOperationException",
                        "Couldn't connect to remote machine.",
                        "System.InvalidOperationException",
                        Category::NotSpecified,
                    )));
                };
                let remote = if machine.is_some() { REMOTE_MS } else { 0.0 };
                cx.sleep_ms(cx.rt.latency_ms(SNAPSHOT_MS + remote)).await?;
                let all = crate::world::processes::running_on(&cx.rt, &computer);
                let (found, errors) = matching_in(all, &a);
                for e in errors {
                    cx.write_error(e)?;
                }
                let start = cx.rt.sched.clock.start_date();
                let elapsed = cx.rt.sched.clock.now_ms() / 1000.0;
                for p in &found {
                    out.emit(cx, to_value(p, start, elapsed, machine.as_deref()))
                        .await?;
                }
            }
            Ok(())
        })
    }
}

impl Cmdlet for GetProcess {
    fn name(&self) -> &'static str {
        "Get-Process"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Name")
    }
    fn synopsis(&self) -> &'static str {
        "Lists the computer's processes, by name (wildcards allowed) or by Id."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(GetProcessProc(a.clone())))
    }
}
