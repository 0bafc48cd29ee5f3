//! Remove-Job (`rjb`): takes finished jobs out of the session. A job still running stays,
//! with an error, unless -Force stops it first; -State and -Command remove whatever matches.

use super::{Lookup, check_state, jobs_in, select};
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::job::Job;
use crate::engine::job::stop_job;
use crate::engine::ops::wildcard_match;
use crate::engine::value::Value;
use std::rc::Rc;

pub struct RemoveJob;

const PARAMS: &[ParamSpec] = &[
    super::JOB,
    super::ID,
    super::NAME,
    super::INSTANCE_ID,
    super::STATE,
    super::FILTER,
    super::COMMAND,
    ParamSpec::switch("Force").alias(&["F"]).in_sets(&[
        super::INSTANCE_ID_SET,
        super::JOB_SET,
        super::NAME_SET,
        super::SESSION_ID_SET,
        super::FILTER_SET,
    ]),
];

struct RemoveProc(BoundArgs);

/// How the jobs were named, which decides the wording of the not-finished error.
#[derive(Clone, Copy)]
enum By {
    Job,
    Id,
    Name,
    InstanceId,
    /// -State or -Command: no running check.
    Filter,
}

fn not_finished(cx: &Interp, job: &Rc<Job>, by: By) -> ErrorRecord {
    let p = &cx.rs.profile;
    let message = match by {
        By::Name => format!(
            "The command cannot remove the job with the job ID {} and the name {} because the job is not finished. To remove the job, first stop the job, or use the Force parameter.{}",
            job.id,
            job.name.borrow(),
            p.argument_suffix("Name")
        ),
        By::InstanceId => format!(
            "The command cannot remove the job with the job ID {} and the instance identifier {} because the job is not finished. To remove the job, first stop the job or use the Force parameter.{}",
            job.id,
            job.instance_id(),
            p.argument_suffix("InstanceId")
        ),
        By::Id | By::Job | By::Filter => format!(
            "The command cannot remove the job with the job ID {} because the job is not finished. To remove the job, first stop the job, or use the Force parameter.{}",
            job.id,
            p.argument_suffix(if matches!(by, By::Id) {
                "SessionId"
            } else {
                "Job"
            })
        ),
    };
    ErrorRecord::new(
        "System.ArgumentException",
        message,
        "JobObjectNotFinishedCannotBeRemoved",
        Category::InvalidOperation,
    )
    .with_target(Value::Job(job.clone()))
}

fn cannot_remove(job: &Rc<Job>) -> ErrorRecord {
    ErrorRecord::new(
        "System.ArgumentException",
        "The command cannot remove the job because it does not exist or because it is a child job. Child jobs can be removed only by removing the parent job.",
        "CannotRemoveJob",
        Category::InvalidOperation,
    )
    .with_target(Value::Job(job.clone()))
}

impl SyncProcessor for RemoveProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        let (jobs, by) = if let Some(v) = input.or_else(|| a.get("Job").cloned()) {
            (jobs_in(&v), By::Job)
        } else if let Some(cmds) = a.strings("Command") {
            let jobs = cx
                .rt
                .jobs
                .top_level()
                .into_iter()
                .filter(|j| {
                    let c = j.command.trim();
                    cmds.iter().any(|p| {
                        p.trim().eq_ignore_ascii_case(c) || wildcard_match(p.trim(), c, false)
                    })
                })
                .collect();
            (jobs, By::Filter)
        } else {
            let by = if a.has("Id") {
                By::Id
            } else if a.has("Name") {
                By::Name
            } else if a.has("InstanceId") {
                By::InstanceId
            } else {
                By::Filter
            };
            let (found, errors) = select(
                cx,
                a,
                Lookup {
                    name_searches_children: false,
                },
            )
            .unwrap_or_default();
            for e in errors {
                cx.write_error(e)?;
            }
            (found, by)
        };
        let force = a.switch("Force");
        for job in jobs {
            if !cx.jobs.contains(&job) {
                cx.write_error(cannot_remove(&job))?;
                continue;
            }
            if !job.state().is_finished() {
                if force || matches!(by, By::Filter) {
                    stop_job(&cx.rt, &job);
                } else {
                    cx.write_error(not_finished(cx, &job, by))?;
                    continue;
                }
            }
            cx.jobs.remove(&job);
            job.dispose();
        }
        Ok(())
    }
}

impl Cmdlet for RemoveJob {
    fn name(&self) -> &'static str {
        "Remove-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(super::SESSION_ID_SET)
    }
    fn synopsis(&self) -> &'static str {
        "Removes finished jobs from the session (running ones only with -Force, which stops them)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        check_state(a, "Remove-Job")?;
        sync(RemoveProc(a.clone()))
    }
}
