//! Debug-Job: attaches the host's debugger to a running job. This playground's host has no
//! debugger, which is what PowerShell says in such a host.

use super::jobs_in;
use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::error::{Category, ErrorRecord};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;

pub struct DebugJob;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Job", "System.Object")
        .at(0)
        .pipeline_of("System.Management.Automation.Job"),
    ParamSpec::new("Id", "System.Int32").by_property_name(),
    ParamSpec::new("Name", "System.String").by_property_name(),
    ParamSpec::new("InstanceId", "System.String").by_property_name(),
];

/// Debug-Job's own errors name the cmdlet as their target (DebugJobCommand).
fn cmdlet_error(message: String, id: &str) -> ErrorRecord {
    let mut e = ErrorRecord::new(
        "System.Management.Automation.PSInvalidOperationException",
        message,
        id,
        Category::InvalidOperation,
    );
    e.target_name = Some("Microsoft.PowerShell.Commands.DebugJobCommand".into());
    e.target_type = Some("DebugJobCommand".into());
    e
}

impl Cmdlet for DebugJob {
    fn name(&self) -> &'static str {
        "Debug-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Debugs a running job in the host's debugger (this playground's host has none)."
    }
    fn start(
        &self,
        cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let all = cx.jobs.all();
        // The job must exist before the debugger question comes up (DebugJobCommand).
        if let Some(id) = a.int("Id") {
            if !all.iter().any(|j| i64::from(j.id) == id) {
                return Err(cmdlet_error(
                    format!("Cannot find job with id {id}."),
                    "DebugJobCannotFindJobWithId",
                ));
            }
        } else if let Some(name) = a.str("Name") {
            if !all
                .iter()
                .any(|j| j.name.borrow().eq_ignore_ascii_case(&name))
            {
                return Err(cmdlet_error(
                    format!("Cannot find job with name {name}."),
                    "DebugJobCannotFindJobWithName",
                ));
            }
        } else if let Some(guid) = a.str("InstanceId") {
            if !all
                .iter()
                .any(|j| j.instance_id().eq_ignore_ascii_case(guid.trim()))
            {
                return Err(cmdlet_error(
                    format!("Cannot find job with Instance Id {guid}."),
                    "DebugJobCannotFindJobWithInstanceId",
                ));
            }
        } else if a.get("Job").is_some_and(|v| jobs_in(v).is_empty()) {
            return Err(crate::commands::invalid_argument(
                "Cannot process command because of one or more missing mandatory parameters: Job.",
                "MissingMandatoryParameter",
                Value::Null,
            ));
        }
        Err(cmdlet_error(
            "The job cannot be debugged because there is no PowerShell host debugger available.  Make sure you are running this command in a host that supports debugging.".into(),
            "DebugJobNoHostDebugger",
        ))
    }
}
