//! Receive-PSSession (`rcsn`): connects to a session (if it was disconnected) and writes
//! what the command left running in it sends back, waiting until that command ends; what
//! it wrote while nobody was connected comes first.

use super::connect_pssession::cannot_connect;
use super::selected;
use crate::commands::jobs::invoke_command::receive_all;
use crate::commands::{Cmdlet, ParamSpec};
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::value::Value;
use crate::jobs::sessions::SessionState;

pub struct ReceivePSSession;

const PARAMS: &[ParamSpec] = &[
    super::SESSION,
    super::SESSION_ID,
    super::SESSION_NAME,
    super::SESSION_INSTANCE_ID,
    super::SESSION_COMPUTER_NAME,
];

struct ReceiveProc(BoundArgs);

impl CommandProcessor for ReceiveProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let (sessions, errors) = selected(cx, &self.0, input.as_ref());
            if let Some(e) = errors.into_iter().next() {
                return Err(Flow::error(e));
            }
            for s in sessions {
                if !matches!(
                    s.state.get(),
                    SessionState::Opened | SessionState::Disconnected
                ) {
                    cx.write_error(cannot_connect(
                        &s,
                        "System.ArgumentException",
                        "ReceivePSSessionCannotConnectSession",
                    ))?;
                    continue;
                }
                s.connect();
                let running = s.running.borrow_mut().take();
                if let Some(job) = running {
                    receive_all(cx, &job, out).await?;
                }
            }
            Ok(())
        })
    }
}

impl Cmdlet for ReceivePSSession {
    fn name(&self) -> &'static str {
        "Receive-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Session")
    }
    fn synopsis(&self) -> &'static str {
        "Connects to a session and writes what its disconnected command returns."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(ReceiveProc(a.clone())))
    }
}
