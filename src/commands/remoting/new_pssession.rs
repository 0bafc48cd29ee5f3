//! New-PSSession (`nsn`): opens a persistent session on each computer named (this one when
//! none is). The computers are reached at once; each session is written when it opens, and a
//! name WinRM cannot find fails with its own error, as Invoke-Command's does.

use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::value::Value;
use crate::world::network::{CONNECT_MS, NOT_FOUND_MS, is_reachable, not_found_message};

pub struct NewPSSession;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("ComputerName", "System.String[]")
        .at(0)
        .alias(&["Cn"]),
    ParamSpec::new("Name", "System.String[]"),
    ParamSpec::new("ThrottleLimit", "System.Int32"),
];

struct NewProc {
    computers: Vec<String>,
    names: Vec<String>,
}

impl CommandProcessor for NewProc {
    fn process<'a>(
        &'a mut self,
        _cx: &'a mut Interp,
        _input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(std::future::ready(Ok(())))
    }

    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let (reachable, lost): (Vec<String>, Vec<String>) = std::mem::take(&mut self.computers)
                .into_iter()
                .partition(|c| is_reachable(c));
            // Every connection is tried at once: those that answer open together, the names
            // WinRM cannot find fail later.
            if !reachable.is_empty() {
                cx.sleep_ms(cx.rt.latency_ms(CONNECT_MS)).await?;
            }
            for (i, computer) in reachable.iter().enumerate() {
                let name = self.names.get(i).or(self.names.last()).map(String::as_str);
                let session = crate::jobs::sessions::open(&cx.rt, computer, name);
                out.emit(cx, Value::Live(session)).await?;
            }
            if !lost.is_empty() {
                let waited = if reachable.is_empty() {
                    0.0
                } else {
                    CONNECT_MS
                };
                cx.sleep_ms(cx.rt.latency_ms(NOT_FOUND_MS - waited)).await?;
            }
            for computer in &lost {
                cx.write_error(open_failed(computer))?;
            }
            Ok(())
        })
    }
}

/// What New-PSSession writes for a computer that does not answer: the transport's message,
/// with the RemoteRunspace that failed to open as its target.
pub(crate) fn open_failed(computer: &str) -> ErrorRecord {
    let mut rec = ErrorRecord::new(
        "System.Management.Automation.Remoting.PSRemotingTransportException",
        not_found_message(computer),
        "NetworkPathNotFound,PSSessionOpenFailed",
        Category::OpenError,
    )
    .with_target(Value::str("System.Management.Automation.RemoteRunspace"));
    rec.target_type = Some("RemoteRunspace".into());
    rec
}

impl Cmdlet for NewPSSession {
    fn name(&self) -> &'static str {
        "New-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Opens a persistent session (a runspace of its own) on each computer named."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let list = |name: &str| -> Vec<String> {
            a.get(name)
                .map(|v| v.enumerate().iter().map(to_str).collect())
                .unwrap_or_default()
        };
        let mut computers = list("ComputerName");
        if computers.is_empty() {
            computers.push("localhost".into());
        }
        Ok(Box::new(NewProc {
            computers,
            names: list("Name"),
        }))
    }
}
