//! Get-Error (PowerShell 7): the newest errors of `$Error`, or the error records and
//! exceptions piped to it, marked for the extended view that lists every property of the
//! record, its exception and its InvocationInfo (`format::extended_error`). Several at
//! once are numbered (PSErrorIndex) and shown under `ErrorIndex: N`.

use super::{Cmdlet, ParamSpec, SyncProcessor, invalid_argument, sync};
use crate::engine::error::{ErrorRecord, EvalResult, ExtendedView};
use crate::engine::error_object::{EXCEPTION_EXTENDED, is_exception};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::{PSObject, Property, Value};
use std::cell::RefCell;
use std::rc::Rc;

pub struct GetError;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Newest", "System.Int32")
        .at(0)
        .alias(&["Last"])
        .range(1, i32::MAX as i64),
    ParamSpec::new("InputObject", "System.Management.Automation.PSObject").pipeline(),
];

struct GetErrorProc {
    newest: usize,
    /// -InputObject given on the command line rather than piped.
    given: Option<Value>,
}

impl SyncProcessor for GetErrorProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let chosen: Vec<Value> = match input.or_else(|| self.given.clone()) {
            // Objects other than error records and exceptions are passed over.
            Some(v) => {
                let v = v.base().clone();
                let wanted = matches!(v, Value::Error(_)) || is_exception(&v);
                wanted.then_some(v).into_iter().collect()
            }
            None => cx
                .rs
                .errors
                .borrow()
                .iter()
                .take(self.newest)
                .cloned()
                .collect(),
        };
        let numbered = chosen.len() > 1;
        for (i, v) in chosen.into_iter().enumerate() {
            out.push(extended(v, numbered.then_some(i)));
        }
        Ok(())
    }
}

/// A copy of the record (or exception) marked for the extended view.
fn extended(v: Value, index: Option<usize>) -> Value {
    match v {
        Value::Error(ref e) => {
            let mut copy = (**e).clone();
            copy.extended = Some(ExtendedView {
                index,
                shown: Default::default(),
            });
            Value::Error(Rc::new(copy))
        }
        Value::Object(ref o) => {
            let mut type_names = vec![Rc::from(EXCEPTION_EXTENDED)];
            type_names.extend(o.type_names.iter().cloned());
            let mut props = o.props.borrow().clone();
            if let Some(i) = index {
                props.push(Property {
                    name: Rc::from("PSErrorIndex"),
                    value: Value::Int(i as i32),
                });
            }
            Value::Object(Rc::new(PSObject {
                type_names,
                props: RefCell::new(props),
            }))
        }
        other => other,
    }
}

impl Cmdlet for GetError {
    fn name(&self) -> &'static str {
        "Get-Error"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Shows the newest errors, or the errors piped in, with every detail of record, exception and invocation."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        // ValidateRange(1, ...) on -Newest: the binder refused anything less.
        let newest = a.int("Newest").unwrap_or(1);
        if a.has("Newest") && a.has("InputObject") {
            return Err(invalid_argument(
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
                "AmbiguousParameterSet",
                Value::Null,
            ));
        }
        sync(GetErrorProc {
            newest: newest as usize,
            given: a.get("InputObject").cloned(),
        })
    }
}
