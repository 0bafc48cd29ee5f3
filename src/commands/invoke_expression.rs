//! Invoke-Expression (`iex`): runs a string as script, in the caller's scope, as
//! InvokeExpressionCommand does (a script block made from the text, invoked dot-sourced,
//! its errors written to the caller's error stream). A text that does not parse is the
//! ParseException, terminating the statement.

use super::{Cmdlet, ParamSpec};
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::value::Value;

pub struct InvokeExpression;

const PARAMS: &[ParamSpec] = &[ParamSpec::new("Command", "System.String")
    .at(0)
    .mandatory()
    .pipeline()];

struct InvokeExpressionProc(Option<String>);

impl InvokeExpressionProc {
    async fn run(&self, cx: &mut Interp, text: &str, out: &mut dyn Emit) -> EvalResult<()> {
        // The ParseException is the cmdlet's own error, shown as any other it raises.
        let sb = cx.parse_text(text).map_err(|mut e| {
            e.parse_error = false;
            Flow::error(e)
        })?;
        cx.invoke_block(&sb, None, Vec::new(), false, out).await
    }
}

impl CommandProcessor for InvokeExpressionProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let text = match input {
                Some(v) => to_str(&v),
                None => match self.0.take() {
                    Some(t) => t,
                    None => return Ok(()),
                },
            };
            self.run(cx, &text, out).await
        })
    }
}

impl Cmdlet for InvokeExpression {
    fn name(&self) -> &'static str {
        "Invoke-Expression"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Runs a string as script, in the caller's scope."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(InvokeExpressionProc(a.get("Command").map(to_str))))
    }
}
