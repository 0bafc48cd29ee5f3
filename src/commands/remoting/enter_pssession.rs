//! Enter-PSSession (`etsn`): the console's next command lines run in a session on another
//! computer, behind a `[Server01]: PS ...>` prompt, until Exit-PSSession or `exit`. With
//! -ComputerName it opens a session of its own, closed again on leaving. As in PowerShell,
//! the change takes effect after the current command line: the rest of a script runs here.

use super::selected;
use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::value::Value;
use crate::world::network::{CONNECT_MS, NOT_FOUND_MS, is_reachable};

pub struct EnterPSSession;

const PARAMS: &[ParamSpec] = &[
    // An object: a PSSession given at position 0 must reach the code as itself.
    ParamSpec::new("ComputerName", "System.Object")
        .at(0)
        .alias(&["Cn"]),
    ParamSpec::new("Session", "System.Object"),
    ParamSpec::new("Id", "System.Int32"),
    ParamSpec::new("Name", "System.String"),
    ParamSpec::new("InstanceId", "System.Guid"),
];

struct EnterProc(BoundArgs);

/// Enter-PSSession's refusals (a session entered already, one not open): an ArgumentException.
fn refused(message: &str, id: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.ArgumentException",
        message,
        id,
        Category::InvalidArgument,
    )
}

impl CommandProcessor for EnterProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if crate::jobs::sessions::table(&cx.rt).entered().is_some() {
                return Err(Flow::error(refused(
                    "You are currently in a Windows PowerShell PSSession and cannot use the Enter-PSSession cmdlet to enter another PSSession.",
                    "RemoteHostDoesNotSupportPushRunspace",
                )));
            }
            // Position 0 is -ComputerName or -Session: a PSSession given there is the latter.
            let mut args = self.0.clone();
            if let Some(v) = args.get("ComputerName").cloned() {
                if !super::sessions_in(&v).is_empty() {
                    args.values
                        .retain(|(n, _)| !n.eq_ignore_ascii_case("ComputerName"));
                    args.values.push(("Session".into(), v));
                }
            }
            if let Some(computer) = args.get("ComputerName").map(to_str) {
                if !is_reachable(&computer) {
                    cx.sleep_ms(cx.rt.latency_ms(NOT_FOUND_MS)).await?;
                    let message = crate::world::network::not_found_message(&computer);
                    let message = message
                        .strip_prefix(&format!("[{computer}] "))
                        .unwrap_or(&message)
                        .to_string();
                    let mut rec = ErrorRecord::new(
                        "System.Management.Automation.Remoting.PSRemotingTransportException",
                        message,
                        "CreateRemoteRunspaceFailed",
                        Category::InvalidArgument,
                    )
                    .with_target(Value::str(&computer));
                    // Its id stands alone, without the cmdlet's name.
                    rec.command = Some(std::rc::Rc::from("Enter-PSSession"));
                    return Err(Flow::error(rec));
                }
                cx.sleep_ms(cx.rt.latency_ms(CONNECT_MS)).await?;
                let session = crate::jobs::sessions::open(&cx.rt, &computer, None);
                crate::jobs::sessions::table(&cx.rt).enter(session, true);
                return Ok(());
            }
            let (sessions, errors) = selected(cx, &args, None);
            if let Some(e) = errors.into_iter().next() {
                return Err(Flow::error(e));
            }
            match sessions.into_iter().next() {
                Some(s) if s.is_open() => crate::jobs::sessions::table(&cx.rt).enter(s, false),
                Some(_) => {
                    return Err(Flow::error(refused(
                        "Session must be open.",
                        "PushedRunspaceMustBeOpen",
                    )));
                }
                None => {}
            }
            Ok(())
        })
    }
}

impl Cmdlet for EnterPSSession {
    fn name(&self) -> &'static str {
        "Enter-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Makes the console's next commands run in a session on another computer."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(EnterProc(a.clone())))
    }
}
