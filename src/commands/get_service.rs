//! Get-Service (`gsv`): the computer's services, by name or display name (wildcards).

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::ops::{culture_cmp, is_wildcard, wildcard_match};
use crate::engine::runtime::Edition;
use crate::engine::value::Value;
use crate::world::computer::computer_name_targets;
use crate::world::services::{Service, service_value, services_of};

pub struct GetService;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Name", "System.String[]")
        .at(0)
        .pipeline()
        .alias(&["ServiceName"])
        .by_property_name()
        .in_sets(&["Default"]),
    ParamSpec::new("DisplayName", "System.String[]")
        .mandatory()
        .in_sets(&["DisplayName"]),
    ParamSpec::new("Include", "System.String[]"),
    ParamSpec::new("Exclude", "System.String[]"),
    // PowerShell 6 removed -ComputerName from these (remoting is Invoke-Command's).
    ParamSpec::new("ComputerName", "System.String[]")
        .alias(&["Cn"])
        .by_property_name()
        .only_in(Edition::Desktop51),
];

struct GetServiceProc(BoundArgs);

impl SyncProcessor for GetServiceProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        let (field, patterns): (usize, Vec<String>) = match (input, a.strings("DisplayName")) {
            (Some(v), _) => (0, vec![crate::engine::convert::to_str(&v)]),
            (None, Some(d)) => (1, d),
            (None, None) => (0, a.strings("Name").unwrap_or_else(|| vec!["*".into()])),
        };
        // -ComputerName: each computer's services in turn, MachineName saying which; a name
        // that does not answer ends the command (ServiceController throws).
        let targets = computer_name_targets(cx, a.strings("ComputerName"));
        for (machine, computer) in targets {
            let Some(computer) = computer else {
                return Err(Flow::error(ErrorRecord::new(
                    "System.InvalidOperationException",
                    format!(
                        "Cannot open Service Control Manager on computer '{}'. This operation might require other privileges.",
                        machine.unwrap_or_default()
                    ),
                    "System.InvalidOperationException",
                    Category::NotSpecified,
                )));
            };
            let remote = (!computer.is_local()).then_some(&*computer.name);
            let found = self.matching(cx, &services_of(remote), field, &patterns)?;
            let machine = machine.as_deref().unwrap_or(".");
            out.extend(found.iter().map(|s| service_value(s, machine)));
        }
        Ok(())
    }
}

impl GetServiceProc {
    /// The services of a list that the patterns, -Include and -Exclude select, by name; an
    /// error for each plain pattern that matched none.
    fn matching(
        &self,
        cx: &mut Interp,
        all: &[Service],
        field: usize,
        patterns: &[String],
    ) -> EvalResult<Vec<Service>> {
        let a = &self.0;
        let mut found: Vec<&Service> = Vec::new();
        for p in patterns {
            let hits: Vec<_> = all
                .iter()
                .filter(|s| wildcard_match(p, if field == 0 { s.0 } else { s.1 }, false))
                .collect();
            if hits.is_empty() && !is_wildcard(p) {
                let what = if field == 0 {
                    "service name"
                } else {
                    "display name"
                };
                cx.write_error(
                    ErrorRecord::new(
                        "Microsoft.PowerShell.Commands.ServiceCommandException",
                        format!("Cannot find any service with {what} '{p}'."),
                        if field == 0 {
                            "NoServiceFoundForGivenName"
                        } else {
                            "NoServiceFoundForGivenDisplayName"
                        },
                        Category::ObjectNotFound,
                    )
                    .with_target(Value::str(p)),
                )?;
            }
            for h in hits {
                if !found.iter().any(|f| f.0 == h.0) {
                    found.push(h);
                }
            }
        }
        let include = a.strings("Include");
        let exclude = a.strings("Exclude").unwrap_or_default();
        found.retain(|s| {
            include
                .as_ref()
                .is_none_or(|i| i.iter().any(|p| wildcard_match(p, s.0, false)))
        });
        found.retain(|s| !exclude.iter().any(|p| wildcard_match(p, s.0, false)));
        crate::engine::sort::by(&mut found, |x, y| culture_cmp(x.0, y.0));
        Ok(found.into_iter().copied().collect())
    }
}

impl Cmdlet for GetService {
    fn name(&self) -> &'static str {
        "Get-Service"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Default")
    }
    fn synopsis(&self) -> &'static str {
        "Lists the computer's services, by name or display name."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetServiceProc(a.clone()))
    }
}
