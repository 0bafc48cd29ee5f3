//! A job as a live jobs panel shows it: what Get-Job's table says, and its results buffer
//! in numbers (produced, received, buffered).

use crate::engine::job::{BufferCounts, Job, JobState, JobStore};
use crate::engine::journal::JobEvent;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub struct JobSnapshot {
    pub id: i32,
    pub name: String,
    pub ps_job_type_name: &'static str,
    pub state: JobState,
    pub has_more_data: bool,
    pub location: String,
    pub command: String,
    pub counts: BufferCounts,
    /// Why a failed job failed (JobStateInfo.Reason's message).
    pub reason: Option<String>,
    pub children: Vec<JobSnapshot>,
}

impl JobSnapshot {
    pub fn of(job: &Rc<Job>) -> JobSnapshot {
        JobSnapshot {
            id: job.id,
            name: job.name.borrow().clone(),
            ps_job_type_name: job.kind.ps_job_type_name(),
            state: job.state(),
            has_more_data: job.has_more_data(),
            location: job.location.to_string(),
            command: job.command.to_string(),
            counts: job.buffer_counts(),
            reason: job.reason.borrow().as_ref().map(|r| r.message.clone()),
            children: job.children.borrow().iter().map(JobSnapshot::of).collect(),
        }
    }
}

/// A journal entry with what a live panel needs to show it, read when it is taken.
#[derive(Clone, Debug, PartialEq)]
pub enum JobChange {
    Created {
        parent_id: Option<i32>,
        job: JobSnapshot,
    },
    State {
        id: i32,
        state: JobState,
        previous: JobState,
        has_more_data: bool,
    },
    Data {
        id: i32,
        counts: BufferCounts,
        has_more_data: bool,
    },
    Removed {
        id: i32,
    },
}

impl JobChange {
    /// None for a job no longer to be found (made and removed before anyone looked).
    pub fn read(jobs: &JobStore, event: JobEvent) -> Option<JobChange> {
        Some(match event {
            JobEvent::Created(id) => {
                let job = jobs.by_id(id)?;
                JobChange::Created {
                    parent_id: job.parent().map(|p| p.id),
                    job: JobSnapshot::of(&job),
                }
            }
            JobEvent::State {
                id,
                state,
                previous,
            } => JobChange::State {
                id,
                state,
                previous,
                has_more_data: jobs.by_id(id).is_some_and(|j| j.has_more_data()),
            },
            JobEvent::Data(id) => {
                let job = jobs.by_id(id)?;
                JobChange::Data {
                    id,
                    counts: job.buffer_counts(),
                    has_more_data: job.has_more_data(),
                }
            }
            JobEvent::Removed(id) => JobChange::Removed { id },
        })
    }
}
