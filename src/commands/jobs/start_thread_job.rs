//! Start-ThreadJob (as if the ThreadJob module were installed): a job on a thread of this
//! process. It is queued NotStarted behind the throttle limit (5, or what the last
//! -ThrottleLimit said), starts without a process's cost, and its objects come back live.

use super::start_job::{Flavor, StartJobProc, script_block, script_file};
use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::error::ErrorRecord;
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct StartThreadJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("ScriptBlock", "System.Management.Automation.ScriptBlock")
        .at(0)
        .in_sets(&["ScriptBlock"]),
    ParamSpec::new("Name", "System.String"),
    ParamSpec::new(
        "InitializationScript",
        "System.Management.Automation.ScriptBlock",
    ),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
    ParamSpec::new("ArgumentList", "System.Object[]"),
    ParamSpec::new("ThrottleLimit", "System.Int32").range(1, 1_000_000),
    ParamSpec::new("FilePath", "System.String")
        .at(0)
        .in_sets(&["FilePath"]),
    ParamSpec::new("StreamingHost", "System.Object"),
];

impl Cmdlet for StartThreadJob {
    fn name(&self) -> &'static str {
        "Start-ThreadJob"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("ScriptBlock")
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block as a job on a thread of this process, queued behind a throttle limit."
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
        let throttle = a
            .int("ThrottleLimit")
            .map(|n| n.clamp(1, 1_000_000) as usize);
        Ok(Box::new(StartJobProc::from_args(
            Flavor::Thread(throttle),
            script,
            a,
        )))
    }
}
