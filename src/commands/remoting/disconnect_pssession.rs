//! Disconnect-PSSession (`dnsn`): disconnects sessions from this console. What runs in one
//! goes on there; Connect-PSSession or Receive-PSSession comes back to it.

use super::selected;
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::jobs::sessions::SessionState;

pub struct DisconnectPSSession;

const PARAMS: &[ParamSpec] = &[
    super::SESSION,
    super::SESSION_ID,
    super::SESSION_NAME,
    super::SESSION_INSTANCE_ID,
];

struct DisconnectProc(BoundArgs);

impl SyncProcessor for DisconnectProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let (sessions, errors) = selected(cx, &self.0, input.as_ref());
        for e in errors {
            cx.write_error(e)?;
        }
        for s in sessions {
            match s.state.get() {
                SessionState::Opened | SessionState::Disconnected => {
                    s.disconnect(cx.rt.now_date());
                    out.push(Value::Live(s));
                }
                _ => cx.write_error(
                    ErrorRecord::new(
                        "System.Management.Automation.RuntimeException",
                        format!(
                            "Cannot disconnect PSSession \"{}\" because it is not in the Opened state.",
                            s.name
                        ),
                        "CannotDisconnectSessionWhenNotOpened",
                        Category::InvalidOperation,
                    )
                    .with_target(Value::Live(s)),
                )?,
            }
        }
        Ok(())
    }
}

impl Cmdlet for DisconnectPSSession {
    fn name(&self) -> &'static str {
        "Disconnect-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Session")
    }
    fn synopsis(&self) -> &'static str {
        "Disconnects sessions; what runs in them goes on there."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(DisconnectProc(a.clone()))
    }
}
