//! The job cmdlets, one file each, and what they share: finding jobs by -Id, -Name,
//! -InstanceId, -Job or -State, with PowerShell's not-found errors (`JobCmdletBase`).

pub mod debug_job;
pub mod get_job;
pub mod invoke_command;
pub mod receive_job;
pub mod remove_job;
pub mod resume_job;
pub mod start_job;
pub mod start_thread_job;
pub mod stop_job;
pub mod suspend_job;
pub mod wait_job;

use crate::commands::ParamSpec;
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, Interp};
use crate::engine::job::{Job, JobState};
use crate::engine::ops::{is_wildcard, wildcard_match};
use crate::engine::value::Value;
use std::rc::Rc;

/// The parameter sets of the job cmdlets (JobCmdletBase and its kin).
pub const JOB_SET: &str = "JobParameterSet";
pub const SESSION_ID_SET: &str = "SessionIdParameterSet";
pub const NAME_SET: &str = "NameParameterSet";
pub const INSTANCE_ID_SET: &str = "InstanceIdParameterSet";
pub const STATE_SET: &str = "StateParameterSet";
pub const COMMAND_SET: &str = "CommandParameterSet";
pub const FILTER_SET: &str = "FilterParameterSet";

/// The ways every job cmdlet names its jobs, each the first positional parameter of a set
/// of its own: `Stop-Job 3` is -Id, `Stop-Job Foo` -Name, `$job | Stop-Job` -Job.
pub const JOB: ParamSpec = ParamSpec::new("Job", "System.Object")
    .at(0)
    .mandatory()
    .pipeline_of("System.Management.Automation.Job")
    .in_sets(&[JOB_SET]);
pub const ID: ParamSpec = ParamSpec::new("Id", "System.Int32[]")
    .at(0)
    .mandatory()
    .by_property_name()
    .in_sets(&[SESSION_ID_SET]);
pub const NAME: ParamSpec = ParamSpec::new("Name", "System.String[]")
    .at(0)
    .mandatory()
    .by_property_name()
    .in_sets(&[NAME_SET]);
pub const INSTANCE_ID: ParamSpec = ParamSpec::new("InstanceId", "System.String[]")
    .at(0)
    .mandatory()
    .by_property_name()
    .in_sets(&[INSTANCE_ID_SET]);
pub const STATE: ParamSpec = ParamSpec::new("State", "System.String")
    .at(0)
    .mandatory()
    .by_property_name()
    .in_sets(&[STATE_SET]);
pub const FILTER: ParamSpec = ParamSpec::new("Filter", "System.Collections.Hashtable")
    .at(0)
    .mandatory()
    .by_property_name()
    .in_sets(&[FILTER_SET]);
pub const COMMAND: ParamSpec = ParamSpec::new("Command", "System.String[]")
    .by_property_name()
    .in_sets(&[COMMAND_SET]);

fn lookup_error(message: String, id: &str, target: Value) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.PSArgumentException",
        message,
        id,
        Category::ObjectNotFound,
    )
    .with_target(target)
}

pub fn id_not_found(id: i64) -> ErrorRecord {
    lookup_error(
        format!(
            "The command cannot find a job with the job ID {id}. Verify the value of the Id parameter and then try the command again."
        ),
        "JobWithSpecifiedSessionNotFound",
        Value::Int(id as i32),
    )
}

pub fn name_not_found(name: &str) -> ErrorRecord {
    lookup_error(
        format!(
            "The command cannot find the job because the job name {name} was not found. Verify the value of the Name parameter, and then try the command again."
        ),
        "JobWithSpecifiedNameNotFound",
        Value::str(name),
    )
}

pub fn instance_not_found(id: &str) -> ErrorRecord {
    lookup_error(
        format!(
            "The command cannot find a job with the instance identifier {id}. Verify the value of the InstanceId parameter, and then try the command again."
        ),
        "JobWithSpecifiedInstanceIdNotFound",
        Value::str(id),
    )
}

/// The jobs in a `-Job` argument (or pipeline input).
pub fn jobs_in(v: &Value) -> Vec<Rc<Job>> {
    v.enumerate()
        .into_iter()
        .filter_map(|j| match &j {
            Value::Job(job) => Some(job.clone()),
            _ => None,
        })
        .collect()
}

/// How a command looks jobs up.
#[derive(Clone, Copy)]
pub struct Lookup {
    /// Whether -Name also searches child jobs (Remove-Job's does not).
    pub name_searches_children: bool,
}

/// The jobs named by -Id, -Name, -InstanceId or -State, in the order asked for, with a
/// not-found error for each value that matched nothing (a wildcard that matches nothing is
/// no error). None when no selector was given.
pub fn select(cx: &Interp, a: &BoundArgs, how: Lookup) -> Option<(Vec<Rc<Job>>, Vec<ErrorRecord>)> {
    let all = cx.jobs.all();
    let top = cx.jobs.top_level();
    let mut found: Vec<Rc<Job>> = Vec::new();
    let mut errors = Vec::new();
    let push = |j: &Rc<Job>, found: &mut Vec<Rc<Job>>| {
        if !found.iter().any(|f| Rc::ptr_eq(f, j)) {
            found.push(j.clone());
        }
    };
    // -Filter works only for job types whose adapter implements it; these do not.
    if a.has("Filter") {
        return Some((Vec::new(), errors));
    }
    if let Some(ids) = a.get("Id") {
        for v in ids.enumerate() {
            let id = crate::engine::convert::to_i64(&v).unwrap_or(-1);
            match all.iter().find(|j| i64::from(j.id) == id) {
                Some(j) => push(j, &mut found),
                None => errors.push(id_not_found(id)),
            }
        }
        return Some((found, errors));
    }
    if let Some(names) = a.strings("Name") {
        let pool = if how.name_searches_children {
            &all
        } else {
            &top
        };
        for n in names {
            let hits: Vec<&Rc<Job>> = pool
                .iter()
                .filter(|j| wildcard_match(&n, &j.name.borrow(), false))
                .collect();
            if hits.is_empty() && !is_wildcard(&n) {
                errors.push(name_not_found(&n));
            }
            for j in hits {
                push(j, &mut found);
            }
        }
        return Some((found, errors));
    }
    if let Some(ids) = a.strings("InstanceId") {
        for g in ids {
            match all
                .iter()
                .find(|j| j.instance_id().eq_ignore_ascii_case(g.trim()))
            {
                Some(j) => push(j, &mut found),
                None => errors.push(instance_not_found(&g)),
            }
        }
        return Some((found, errors));
    }
    if let Some(state) = a.str("State") {
        let state = JobState::parse(&state)?;
        let jobs = top.into_iter().filter(|j| j.state() == state).collect();
        return Some((jobs, errors));
    }
    None
}

/// `-State` takes a JobState: anything else fails binding with .NET's enum message.
pub fn check_state(a: &BoundArgs, command: &str) -> Result<(), ErrorRecord> {
    let Some(text) = a.str("State") else {
        return Ok(());
    };
    if JobState::parse(&text).is_some() {
        return Ok(());
    }
    let names: Vec<&str> = crate::engine::job::JOB_STATES
        .iter()
        .map(|s| s.name())
        .collect();
    Err(ErrorRecord::new(
        "System.Management.Automation.ParameterBindingException",
        format!(
            "Cannot bind parameter 'State'. Cannot convert value \"{text}\" to type \"System.Management.Automation.JobState\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{}\"",
            names.join(", ")
        ),
        &format!(
            "CannotConvertArgumentNoMessage,{}",
            crate::commands::cmdlet_type_name(command)
        ),
        Category::InvalidArgument,
    ))
}

/// The jobs a -Job/-Id/-Name/-InstanceId/-State command names (pipeline input first), with
/// a not-found error written for each value that matched nothing.
pub fn selected(cx: &mut Interp, a: &BoundArgs, input: Option<Value>) -> EvalResult<Vec<Rc<Job>>> {
    if let Some(v) = input.or_else(|| a.get("Job").cloned()) {
        return Ok(jobs_in(&v));
    }
    let (found, errors) = select(
        cx,
        a,
        Lookup {
            name_searches_children: true,
        },
    )
    .unwrap_or_default();
    for e in errors {
        cx.write_error(e)?;
    }
    Ok(found)
}

/// Suspend-Job and Resume-Job work only on workflow-style jobs (Job2); for the job types
/// this playground has, each job selected gets a non-terminating NotSupported error.
pub struct Job2OperationProc {
    args: BoundArgs,
    /// `suspend` or `resume`, and the same as a gerund (`Suspending`, `Resuming`).
    verb: &'static str,
    gerund: &'static str,
}

impl Job2OperationProc {
    pub fn new(args: &BoundArgs, verb: &'static str, gerund: &'static str) -> Job2OperationProc {
        Job2OperationProc {
            args: args.clone(),
            verb,
            gerund,
        }
    }
}

impl crate::commands::SyncProcessor for Job2OperationProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let (verb, gerund) = (self.verb, self.gerund);
        let lower = gerund.to_ascii_lowercase();
        for job in selected(cx, &self.args, input)? {
            let message = format!(
                "Cannot {verb} the job that has an ID of {}. {gerund} jobs is not supported for some job types. For more information about support for {lower} jobs, see the Help topic for the job type.",
                job.id
            );
            cx.write_error(
                ErrorRecord::new(
                    "System.NotSupportedException",
                    message,
                    "Job2OperationNotSupportedOnJob",
                    Category::InvalidType,
                )
                .with_target(Value::Job(job.clone())),
            )?;
        }
        Ok(())
    }
}

/// The parameters Suspend-Job and Resume-Job share.
pub const JOB2_OPERATION_PARAMS: &[crate::commands::ParamSpec] = &[
    crate::commands::ParamSpec::new("Job", "System.Object")
        .at(0)
        .pipeline_of("System.Management.Automation.Job"),
    crate::commands::ParamSpec::new("Id", "System.Int32[]").by_property_name(),
    crate::commands::ParamSpec::new("Name", "System.String[]").by_property_name(),
    crate::commands::ParamSpec::new("InstanceId", "System.String[]").by_property_name(),
    crate::commands::ParamSpec::new("State", "System.String").by_property_name(),
    crate::commands::ParamSpec::switch("Wait"),
    crate::commands::ParamSpec::switch("Force"),
];
