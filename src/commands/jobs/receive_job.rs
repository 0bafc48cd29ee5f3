//! Receive-Job (`rcjb`): replays what jobs produced since the last receive. Without -Keep
//! it drains each child's results buffer; with -Keep it copies it. A Failed job's reason is
//! written again on every call. -Wait keeps receiving until the jobs finish.

use super::selected;
use crate::commands::{Cmdlet, ParamSpec, cmdlet_type_name};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::job::{Job, JobKind, JobRecord, JobState};
use crate::engine::value::Value;
use std::rc::Rc;

pub struct ReceiveJob;

/// Receive-Job's default set: jobs given as objects, with -Location.
const LOCATION_SET: &str = "Location";

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Job", "System.Object")
        .at(0)
        .mandatory()
        .pipeline_of("System.Management.Automation.Job")
        .in_sets(&[LOCATION_SET, "ComputerName"]),
    super::ID,
    super::NAME,
    super::INSTANCE_ID,
    ParamSpec::new("Location", "System.String[]")
        .at(1)
        .in_sets(&[LOCATION_SET]),
    ParamSpec::new("ComputerName", "System.String[]")
        .alias(&["Cn"])
        .at(1)
        .by_property_name()
        .in_sets(&["ComputerName"]),
    ParamSpec::switch("Keep"),
    ParamSpec::switch("NoRecurse"),
    ParamSpec::switch("Wait"),
    ParamSpec::switch("AutoRemoveJob"),
    ParamSpec::switch("WriteEvents"),
    ParamSpec::switch("WriteJobInResults"),
    ParamSpec::switch("Force"),
];

struct ReceiveProc {
    args: BoundArgs,
    jobs: Vec<Rc<Job>>,
}

fn needs_wait(message: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.PSInvalidOperationException",
        message,
        "InvalidOperation",
        Category::InvalidOperation,
    )
}

/// The jobs whose buffers one call reads: each selected job and its children, depth first,
/// each once; `-Location`/`-ComputerName` pick children by where they ran.
fn targets(jobs: &[Rc<Job>], a: &BoundArgs) -> Vec<Rc<Job>> {
    let places = a.strings("Location").or_else(|| a.strings("ComputerName"));
    let mut out: Vec<Rc<Job>> = Vec::new();
    for j in jobs {
        let candidates: Vec<Rc<Job>> = match &places {
            Some(places) => j
                .children
                .borrow()
                .iter()
                .filter(|c| places.iter().any(|p| p.eq_ignore_ascii_case(&c.location)))
                .cloned()
                .collect(),
            None if a.switch("NoRecurse") => vec![j.clone()],
            None => {
                let mut v = vec![j.clone()];
                v.extend(j.descendants());
                v
            }
        };
        for c in candidates {
            if !out.iter().any(|o| Rc::ptr_eq(o, &c)) {
                out.push(c);
            }
        }
    }
    out
}

/// The failure of a Failed job, as it is written on every receive.
fn reason_record(job: &Job) -> Option<Rc<ErrorRecord>> {
    let rec = job.reason.borrow().clone()?;
    let mut r = (*rec).clone();
    r.position = None;
    r.invocation_name = None;
    r.replayed = true;
    Some(Rc::new(r))
}

/// Replays one job's buffered records in the order they happened.
pub(crate) async fn replay(
    cx: &mut Interp,
    job: &Rc<Job>,
    keep: bool,
    out: &mut dyn Emit,
) -> EvalResult<()> {
    for record in job.take_results(keep) {
        match record {
            JobRecord::Output(v) => out.emit(cx, v).await?,
            JobRecord::Error(e) => {
                let origin = (job.kind == JobKind::Child).then(|| job.location.clone());
                cx.write_error(e.as_received(origin))?;
            }
            JobRecord::Warning(m) => cx.write_warning(&m)?,
            // MshCommandRuntime.WriteVerbose/WriteDebug: the receiver's preference (or its
            // -Verbose, -Debug) decides, and `4>&1`/`5>&1` take them, as for its own.
            JobRecord::Verbose(m) => cx.write_verbose(&m),
            JobRecord::Debug(m) => cx.write_debug(&m),
            JobRecord::Information(v) => cx.write_information(v, false, None, None, true),
            // A job receiving (a job's, or a PowerShell object's, streams) keeps the record
            // in its Progress; at the console its bar would come and go, leaving no text.
            JobRecord::Progress(v) => {
                if let Some(receiver) = &cx.job {
                    receiver.record(JobRecord::Progress(v));
                }
            }
            JobRecord::Host(h) => {
                let line = &h.line;
                cx.write_information(Value::str(&line.text), true, line.fg, line.bg, line.newline)
            }
        }
    }
    // A Blocked job waits for a line: its prompt runs here, on the receiver's console.
    if job.state() == JobState::Blocked {
        let pending = job.prompt.borrow_mut().take();
        if let Some(prompt) = pending {
            let answer = cx.read_line((*prompt).as_deref()).await?;
            *job.answer.borrow_mut() = Some(answer.into_boxed_str());
            cx.rt.sched.notify();
        }
    }
    Ok(())
}

/// A Failed job's failure, written on every receive (the job that ran the script only: a
/// parent's failure is its child's).
pub(crate) fn write_failure(cx: &mut Interp, job: &Job) -> EvalResult<()> {
    if !job.children.borrow().is_empty() || job.state() != JobState::Failed || job.removed.get() {
        return Ok(());
    }
    match reason_record(job) {
        Some(r) => cx.write_error((*r).clone()),
        None => Ok(()),
    }
}

impl CommandProcessor for ReceiveProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let mut jobs = selected(cx, &self.args, input)?;
            self.jobs.append(&mut jobs);
            if self.args.has("ComputerName") && self.jobs.iter().any(|j| j.kind == JobKind::Thread)
            {
                return Err(crate::engine::error::Flow::error(ErrorRecord::new(
                    "System.Management.Automation.PSInvalidOperationException",
                    "The command cannot retrieve the jobs of the specified computers. The ComputerName parameter can be used only with jobs created by using PowerShell remoting.",
                    "ComputerNameParameterNotSupported",
                    Category::InvalidOperation,
                )));
            }
            if self.args.switch("Wait") {
                return Ok(());
            }
            let keep = self.args.switch("Keep");
            let jobs = std::mem::take(&mut self.jobs);
            for t in targets(&jobs, &self.args) {
                replay(cx, &t, keep, out).await?;
                write_failure(cx, &t)?;
            }
            Ok(())
        })
    }

    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if !self.args.switch("Wait") {
                return Ok(());
            }
            let jobs = std::mem::take(&mut self.jobs);
            if self.args.switch("WriteJobInResults") {
                for j in &jobs {
                    out.emit(cx, Value::Job(j.clone())).await?;
                }
            }
            let force = self.args.switch("Force");
            let all = targets(&jobs, &self.args);
            let write_events = self.args.switch("WriteEvents");
            // -WriteEvents: one event per job that reaches a persistent state while we wait.
            let mut reported: Vec<bool> = all.iter().map(|t| t.state().is_persistent()).collect();
            loop {
                for t in &all {
                    replay(cx, t, false, out).await?;
                }
                if write_events {
                    // Children finish before their parents: report them first.
                    for i in (0..all.len()).rev() {
                        let (Some(t), Some(done)) = (all.get(i), reported.get_mut(i)) else {
                            continue;
                        };
                        if !*done && t.state().is_persistent() {
                            *done = true;
                            out.emit(cx, state_event(t)).await?;
                        }
                    }
                }
                let done = jobs.iter().all(|j| {
                    let s = j.state();
                    if force {
                        s.is_finished()
                    } else {
                        s.is_persistent()
                    }
                });
                if done {
                    break;
                }
                cx.wait_for_change().await?;
            }
            for t in &all {
                write_failure(cx, t)?;
            }
            if self.args.switch("AutoRemoveJob") {
                for j in &jobs {
                    if cx.jobs.remove(j) {
                        j.dispose();
                    }
                }
            }
            Ok(())
        })
    }
}

/// What -WriteEvents writes when a job reaches a persistent state: a JobStateEventArgs.
fn state_event(job: &Job) -> Value {
    let info = |state: JobState| {
        Value::Object(crate::engine::value::PSObject::new(
            &["System.Management.Automation.JobStateInfo", "System.Object"],
            vec![
                ("State", state.value()),
                ("Reason", Value::Null),
                ("__ToString", Value::str(state.name())),
            ],
        ))
    };
    Value::Object(crate::engine::value::PSObject::new(
        &[
            "System.Management.Automation.JobStateEventArgs",
            "System.EventArgs",
            "System.Object",
        ],
        vec![
            ("JobStateInfo", info(job.state())),
            ("PreviousJobStateInfo", info(job.previous_state())),
        ],
    ))
}

impl Cmdlet for ReceiveJob {
    fn name(&self) -> &'static str {
        "Receive-Job"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(LOCATION_SET)
    }
    fn synopsis(&self) -> &'static str {
        "Gets what jobs produced so far: drains their results, or copies them with -Keep."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        if a.switch("Wait") && a.switch("Keep") {
            // Whichever of the two was bound second is the one whose setter refused.
            let second = a
                .values
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("Wait") || n.eq_ignore_ascii_case("Keep"))
                .map(|(n, _)| n.clone())
                .next_back()
                .unwrap_or_else(|| "Keep".into());
            let mut e = ErrorRecord::new(
                "System.Management.Automation.ParameterBindingException",
                format!(
                    "Cannot bind parameter '{second}' to the target. Exception setting \"{second}\": \"The Wait and Keep parameters cannot be used together in the same command.\""
                ),
                &format!("ParameterBindingFailed,{}", cmdlet_type_name("Receive-Job")),
                Category::InvalidArgument,
            );
            e.command = Some(Rc::from("Receive-Job"));
            return Err(e);
        }
        if !a.switch("Wait") {
            for (switch, message) in [
                (
                    "AutoRemoveJob",
                    "The -AutoRemoveJob parameter cannot be used without the -Wait parameter",
                ),
                (
                    "WriteEvents",
                    "The WriteEvents parameter cannot be used without the Wait parameter.",
                ),
                (
                    "WriteJobInResults",
                    "The -WriteJobInResults parameter cannot be used without the -Wait parameter",
                ),
                (
                    "Force",
                    "The -Force parameter cannot be used without the -Wait parameter.",
                ),
            ] {
                if a.switch(switch) {
                    return Err(needs_wait(message));
                }
            }
        }
        Ok(Box::new(ReceiveProc {
            args: a.clone(),
            jobs: Vec::new(),
        }))
    }
}
