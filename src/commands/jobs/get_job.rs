//! Get-Job (`gjb`; typing `job` also runs it): the session's jobs, sorted by Id.

use super::{Lookup, check_state, select};
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::convert::to_bool;
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::job::{Job, JobState};
use crate::engine::ops::wildcard_match;
use crate::engine::value::Value;
use std::rc::Rc;

pub struct GetJob;

/// Every set but -Filter's.
const LISTING: &[&str] = &[
    super::SESSION_ID_SET,
    super::INSTANCE_ID_SET,
    super::NAME_SET,
    super::STATE_SET,
    super::COMMAND_SET,
];

const PARAMS: &[ParamSpec] = &[
    // Get-Job's -Id is optional: Get-Job alone lists every job.
    ParamSpec::new("Id", "System.Int32[]")
        .at(0)
        .by_property_name()
        .in_sets(&[super::SESSION_ID_SET]),
    super::NAME,
    super::INSTANCE_ID,
    super::STATE,
    super::FILTER,
    super::COMMAND,
    ParamSpec::switch("IncludeChildJob").in_sets(LISTING),
    ParamSpec::new("ChildJobState", "System.String").in_sets(LISTING),
    ParamSpec::new("HasMoreData", "System.Boolean").in_sets(LISTING),
    ParamSpec::new("Before", "System.DateTime").in_sets(LISTING),
    ParamSpec::new("After", "System.DateTime").in_sets(LISTING),
    ParamSpec::new("Newest", "System.Int32").in_sets(LISTING),
];

struct GetJobProc(BoundArgs);

impl SyncProcessor for GetJobProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        _input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let a = &self.0;
        let (mut jobs, errors) = select(
            cx,
            a,
            Lookup {
                name_searches_children: true,
            },
        )
        .unwrap_or_else(|| (cx.jobs.top_level(), Vec::new()));
        for e in errors {
            cx.write_error(e)?;
        }
        if let Some(cmds) = a.strings("Command") {
            jobs.retain(|j| {
                let c = j.command.trim();
                cmds.iter()
                    .any(|p| p.trim().eq_ignore_ascii_case(c) || wildcard_match(p.trim(), c, false))
            });
        }
        if let Some(want) = a.get("HasMoreData").map(to_bool) {
            jobs.retain(|j| j.has_more_data() == want);
        }
        // -Before, -After and -Newest look at when jobs ended; running jobs have not.
        let ended = |j: &Rc<Job>| j.end.get();
        if let Some(Value::DateTime(before)) = a.get("Before") {
            jobs.retain(|j| ended(j).is_some_and(|e| e < *before));
        }
        if let Some(Value::DateTime(after)) = a.get("After") {
            jobs.retain(|j| ended(j).is_some_and(|e| e > *after));
        }
        if let Some(n) = a.int("Newest") {
            jobs.retain(|j| ended(j).is_some());
            crate::engine::sort::by_key(&mut jobs, |j| std::cmp::Reverse(ended(j)));
            jobs.truncate(usize::try_from(n).unwrap_or(0));
        }
        let child_state = a.str("ChildJobState").and_then(|s| JobState::parse(&s));
        if a.switch("IncludeChildJob") || child_state.is_some() {
            let mut with_children: Vec<Rc<Job>> = Vec::new();
            for j in &jobs {
                with_children.push(j.clone());
                with_children.extend(
                    j.descendants()
                        .into_iter()
                        .filter(|c| child_state.is_none_or(|s| c.state() == s)),
                );
            }
            jobs = with_children;
        }
        crate::engine::sort::by_key(&mut jobs, |j| j.id);
        jobs.dedup_by(|a, b| Rc::ptr_eq(a, b));
        out.extend(jobs.into_iter().map(Value::Job));
        Ok(())
    }
}

impl Cmdlet for GetJob {
    fn name(&self) -> &'static str {
        "Get-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(super::SESSION_ID_SET)
    }
    fn synopsis(&self) -> &'static str {
        "Lists the session's jobs (children too, when asked by Id or name), sorted by Id."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        check_state(a, "Get-Job")?;
        sync(GetJobProc(a.clone()))
    }
}
