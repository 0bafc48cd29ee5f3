//! A job as PowerShell shows it: its properties, in the order `Format-List *` lists them
//! for a BackgroundJob (Start-Job.md, Example 4), read live from the job.

use super::job::{Job, JobKind, Stream};
use crate::engine::value::{PSObject, Value};
use std::rc::Rc;

/// `$job | Format-List *` order. (Get-Job.md's 5.1 example lists no Information, but the
/// Job class has had it since 5.0; the code wins over a hand-made example.)
pub const JOB_PROPERTIES: [&str; 21] = [
    "State",
    "HasMoreData",
    "StatusMessage",
    "Location",
    "Command",
    "JobStateInfo",
    "Finished",
    "InstanceId",
    "Id",
    "Name",
    "ChildJobs",
    "PSBeginTime",
    "PSEndTime",
    "PSJobTypeName",
    "Output",
    "Error",
    "Progress",
    "Verbose",
    "Debug",
    "Warning",
    "Information",
];

/// What `Get-Member` lists for a job beyond the four every object has: the Job class's own
/// members and the State script property the type data adds.
pub const JOB_MEMBERS: [(&str, &str, &str); 25] = [
    (
        "StateChanged",
        "Event",
        "System.EventHandler`1[System.Management.Automation.JobStateEventArgs] StateChanged(System.Object, System.Management.Automation.JobStateEventArgs)",
    ),
    (
        "Dispose",
        "Method",
        "void Dispose(), void IDisposable.Dispose()",
    ),
    ("LoadJobStreams", "Method", "void LoadJobStreams()"),
    ("StopJob", "Method", "void StopJob()"),
    (
        "ChildJobs",
        "Property",
        "System.Collections.Generic.IList[System.Management.Automation.Job] ChildJobs {get;}",
    ),
    ("Command", "Property", "string Command {get;}"),
    (
        "Debug",
        "Property",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.DebugRecord] Debug {get;set;}",
    ),
    (
        "Error",
        "Property",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.ErrorRecord] Error {get;set;}",
    ),
    (
        "Finished",
        "Property",
        "System.Threading.WaitHandle Finished {get;}",
    ),
    ("HasMoreData", "Property", "bool HasMoreData {get;}"),
    ("Id", "Property", "int Id {get;}"),
    (
        "Information",
        "Property",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.InformationRecord] Information {get;set;}",
    ),
    ("InstanceId", "Property", "guid InstanceId {get;}"),
    (
        "JobStateInfo",
        "Property",
        "System.Management.Automation.JobStateInfo JobStateInfo {get;}",
    ),
    ("Location", "Property", "string Location {get;}"),
    ("Name", "Property", "string Name {get;set;}"),
    (
        "Output",
        "Property",
        "System.Management.Automation.PSDataCollection[psobject] Output {get;set;}",
    ),
    (
        "Progress",
        "Property",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.ProgressRecord] Progress {get;set;}",
    ),
    (
        "PSBeginTime",
        "Property",
        "System.Nullable[datetime] PSBeginTime {get;}",
    ),
    (
        "PSEndTime",
        "Property",
        "System.Nullable[datetime] PSEndTime {get;}",
    ),
    ("PSJobTypeName", "Property", "string PSJobTypeName {get;}"),
    ("StatusMessage", "Property", "string StatusMessage {get;}"),
    (
        "Verbose",
        "Property",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.VerboseRecord] Verbose {get;set;}",
    ),
    (
        "Warning",
        "Property",
        "System.Management.Automation.PSDataCollection[System.Management.Automation.WarningRecord] Warning {get;set;}",
    ),
    (
        "State",
        "ScriptProperty",
        "System.Object State {get=$this.JobStateInfo.State.ToString();}",
    ),
];

/// What `JobStateInfo.Reason` holds: the exception that failed the job.
fn reason_value(job: &Job) -> Value {
    match job.reason.borrow().as_ref() {
        Some(rec) => crate::engine::interp::exception_object(rec),
        None => Value::Null,
    }
}

fn job_state_info(job: &Job) -> Value {
    let state = job.state();
    Value::Object(PSObject::new(
        &["System.Management.Automation.JobStateInfo", "System.Object"],
        vec![
            ("State", state.value()),
            ("Reason", reason_value(job)),
            ("__ToString", Value::str(state.name())),
        ],
    ))
}

fn collection(job: &Rc<Job>, stream: Stream) -> Value {
    Value::Live(Rc::new(super::data_collection::DataCollection {
        job: job.clone(),
        stream,
    }))
}

/// One property of a job, by name (case-insensitive).
pub fn job_property(job: &Rc<Job>, name: &str) -> Option<Value> {
    let date = |d: Option<crate::engine::time::DateTime>| d.map_or(Value::Null, Value::DateTime);
    Some(match name.to_ascii_lowercase().as_str() {
        "state" => Value::str(job.state().name()),
        "hasmoredata" => Value::Bool(job.has_more_data()),
        "statusmessage" => Value::str(""),
        "location" => Value::str(&job.location),
        "command" => Value::str(&job.command),
        "jobstateinfo" => job_state_info(job),
        "finished" => Value::Object(PSObject::new(
            &["System.Threading.ManualResetEvent", "System.Object"],
            vec![(
                "__ToString",
                Value::str("System.Threading.ManualResetEvent"),
            )],
        )),
        "instanceid" => super::guid::value(&job.instance_id()),
        "id" => Value::Int(job.id),
        "name" => Value::str(&job.name.borrow()),
        "childjobs" => Value::array(
            job.children
                .borrow()
                .iter()
                .cloned()
                .map(Value::Job)
                .collect(),
        ),
        "psbegintime" => date(job.begin.get()),
        "psendtime" => date(job.end.get()),
        "psjobtypename" => Value::str(job.kind.ps_job_type_name()),
        "output" => collection(job, Stream::Output),
        "error" => collection(job, Stream::Error),
        "progress" => collection(job, Stream::Progress),
        "verbose" => collection(job, Stream::Verbose),
        "debug" => collection(job, Stream::Debug),
        "warning" => collection(job, Stream::Warning),
        "information" => collection(job, Stream::Information),
        "allocatedrunspacecount" if job.kind == JobKind::Task => {
            Value::Int(job.allocated_runspaces.get() as i32)
        }
        _ => return None,
    })
}

/// The type names `-is` sees for a job.
pub fn type_names(job: &Job) -> Vec<String> {
    let mut names = vec![job.kind.type_name().to_string()];
    if job.kind == JobKind::Thread {
        names.push("System.Management.Automation.Job2".into());
    }
    names.push("System.Management.Automation.Job".into());
    names.push("System.Object".into());
    names
}
