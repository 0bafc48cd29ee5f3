//! The PSSession cmdlets, one file each, and what they share: finding sessions by -Session,
//! -Id, -Name, -ComputerName, -InstanceId or -State, with the remoting cmdlets' not-found
//! errors (`PSRunspaceCmdlet.GetMatchingRunspaces`).

pub mod connect_pssession;
pub mod disconnect_pssession;
pub mod enter_pssession;
pub mod exit_pssession;
pub mod get_pssession;
pub mod new_pssession;
pub mod receive_pssession;
pub mod remove_pssession;

use crate::engine::convert::{to_i64, to_str};
use crate::engine::error::{Category, ErrorRecord};
use crate::engine::interp::{BoundArgs, Interp};
use crate::engine::job::format_guid;
use crate::engine::live::downcast;
use crate::engine::ops::{is_wildcard, wildcard_match};
use crate::engine::value::Value;
use crate::jobs::sessions::PSSession;
use std::rc::Rc;

/// The PSSessions in a `-Session` argument or in pipeline input; other values are left out.
pub fn sessions_in(v: &Value) -> Vec<Rc<PSSession>> {
    v.enumerate()
        .iter()
        .filter_map(downcast::<PSSession>)
        .collect()
}

/// `WriteInvalidArgumentError`: the remoting cmdlets' own not-found record.
fn not_available(message: String, id: &str, target: Value) -> ErrorRecord {
    ErrorRecord::new(
        "System.ArgumentException",
        message,
        id,
        Category::InvalidArgument,
    )
    .with_target(target)
}

/// The sessions of the foreground's table that the arguments select (every one when none
/// is given), by Id; with an error for each Id, exact name or InstanceId that matched none.
pub fn selected(
    cx: &Interp,
    a: &BoundArgs,
    input: Option<&Value>,
) -> (Vec<Rc<PSSession>>, Vec<ErrorRecord>) {
    // The table is the console's: a job's process or a remote runspace has none of its own.
    let elsewhere = cx.job.is_some() || cx.entered_from.is_some();
    let all = if elsewhere {
        Vec::new()
    } else {
        crate::jobs::sessions::table(&cx.rt).all()
    };
    let mut errors = Vec::new();
    let listed = |name: &str| a.get(name).map(Value::enumerate);
    let mut chosen: Vec<Rc<PSSession>> = if let Some(v) = input.or_else(|| a.get("Session")) {
        sessions_in(v)
    } else if let Some(ids) = listed("Id") {
        let mut found = Vec::new();
        for id in ids.iter().filter_map(to_i64) {
            match all.iter().find(|s| i64::from(s.id) == id) {
                Some(s) => found.push(s.clone()),
                None => errors.push(not_available(
                    format!("The remote session with the session ID {id} is not available."),
                    "RemoteRunspaceNotAvailableForSpecifiedSessionId",
                    Value::Int(id as i32),
                )),
            }
        }
        found
    } else if let Some(ids) = listed("InstanceId") {
        let mut found = Vec::new();
        for id in ids.iter().map(to_str) {
            match all
                .iter()
                .find(|s| format_guid(s.instance_id).eq_ignore_ascii_case(id.trim()))
            {
                Some(s) => found.push(s.clone()),
                None => errors.push(not_available(
                    format!("Remote session is not available for {id}."),
                    "RemoteRunspaceNotAvailableForSpecifiedRunspaceId",
                    Value::str(&id),
                )),
            }
        }
        found
    } else {
        all.clone()
    };
    if let Some(names) = listed("Name") {
        let names: Vec<String> = names.iter().map(to_str).collect();
        for n in names.iter().filter(|n| !is_wildcard(n)) {
            if !chosen.iter().any(|s| s.name.eq_ignore_ascii_case(n)) {
                errors.push(not_available(
                    format!("The remote session with the name {n}  is not available."),
                    "RemoteRunspaceNotAvailableForSpecifiedName",
                    Value::str(n),
                ));
            }
        }
        chosen.retain(|s| names.iter().any(|n| wildcard_match(n, &s.name, false)));
    }
    if let Some(computers) = listed("ComputerName") {
        let computers: Vec<String> = computers.iter().map(to_str).collect();
        chosen.retain(|s| {
            computers
                .iter()
                .any(|c| wildcard_match(c, &s.computer_name, false))
        });
    }
    if let Some(state) = a.str("State").filter(|s| !s.eq_ignore_ascii_case("All")) {
        chosen.retain(|s| s.state.get().name().eq_ignore_ascii_case(state.trim()));
    }
    (chosen, errors)
}

/// The ways the PSSession cmdlets name sessions, each in a parameter set of its own: the
/// objects (by position or from the pipeline), their Ids (by position), names or instance ids.
pub const SESSION: crate::commands::ParamSpec =
    crate::commands::ParamSpec::new("Session", "System.Object")
        .at(0)
        .mandatory()
        .pipeline_of("System.Management.Automation.Runspaces.PSSession")
        .in_sets(&["Session"]);
pub const SESSION_ID: crate::commands::ParamSpec =
    crate::commands::ParamSpec::new("Id", "System.Int32[]")
        .at(0)
        .mandatory()
        .in_sets(&["Id"]);
pub const SESSION_NAME: crate::commands::ParamSpec =
    crate::commands::ParamSpec::new("Name", "System.String[]")
        .mandatory()
        .in_sets(&["Name"]);
pub const SESSION_INSTANCE_ID: crate::commands::ParamSpec =
    crate::commands::ParamSpec::new("InstanceId", "System.Guid[]")
        .mandatory()
        .in_sets(&["InstanceId"]);
pub const SESSION_COMPUTER_NAME: crate::commands::ParamSpec =
    crate::commands::ParamSpec::new("ComputerName", "System.String[]")
        .at(0)
        .alias(&["Cn"])
        .mandatory()
        .in_sets(&["ComputerName"]);
