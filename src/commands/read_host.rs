//! Read-Host: a line from the user. At the console it shows the prompt (with `: `) and waits
//! for the answer; in a job there is no user, so the job turns Blocked until Receive-Job runs
//! the prompt on the receiver's console.

use super::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::value::Value;

pub struct ReadHost;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Prompt", "System.Object").at(0).remaining(),
    ParamSpec::switch("AsSecureString"),
];

struct ReadHostProc {
    prompt: Option<String>,
}

impl CommandProcessor for ReadHostProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let answer = match cx.job.clone() {
                Some(job) => {
                    crate::jobs::runner::block_on_prompt(cx, &job, self.prompt.as_deref()).await?
                }
                None => cx.read_line(self.prompt.as_deref()).await?,
            };
            out.emit(cx, Value::str(&answer)).await
        })
    }
}

impl Cmdlet for ReadHost {
    fn name(&self) -> &'static str {
        "Read-Host"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Reads a line from the console; in a job, blocks the job until Receive-Job answers."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let prompt = a.get("Prompt").map(|v| match v {
            Value::Array(_) => v
                .enumerate()
                .iter()
                .map(to_str)
                .collect::<Vec<_>>()
                .join(" "),
            other => to_str(other),
        });
        Ok(Box::new(ReadHostProc { prompt }))
    }
}
