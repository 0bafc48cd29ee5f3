//! Connect-PSSession (`cnsn`): connects this console to disconnected sessions again; they
//! are Opened and usable. A session that is Opened already is written as it is.

use super::selected;
use crate::commands::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::jobs::sessions::{PSSession, SessionState};

pub struct ConnectPSSession;

const PARAMS: &[ParamSpec] = &[
    super::SESSION,
    super::SESSION_ID,
    super::SESSION_NAME,
    super::SESSION_INSTANCE_ID,
    super::SESSION_COMPUTER_NAME,
];

/// `RunspaceCannotBeConnected`: the session is neither Disconnected nor Opened.
pub(crate) fn cannot_connect(s: &std::rc::Rc<PSSession>, exception: &str, id: &str) -> ErrorRecord {
    ErrorRecord::new(
        exception,
        format!(
            "Cannot connect PSSession \"{}\", either because it is not in the Disconnected state, or it is not available for connection.",
            s.name
        ),
        id,
        Category::InvalidOperation,
    )
    .with_target(Value::Live(s.clone()))
}

struct ConnectProc(BoundArgs);

impl SyncProcessor for ConnectProc {
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
                SessionState::Disconnected | SessionState::Opened => {
                    s.connect();
                    out.push(Value::Live(s));
                }
                _ => cx.write_error(cannot_connect(
                    &s,
                    "System.Management.Automation.RuntimeException",
                    "PSSessionConnectFailed",
                ))?,
            }
        }
        Ok(())
    }
}

impl Cmdlet for ConnectPSSession {
    fn name(&self) -> &'static str {
        "Connect-PSSession"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some("Name")
    }
    fn synopsis(&self) -> &'static str {
        "Connects disconnected sessions again."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(ConnectProc(a.clone()))
    }
}
