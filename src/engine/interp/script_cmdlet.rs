//! `$PSCmdlet` in an advanced function (PSScriptCmdlet): the function writes errors and
//! ends its pipeline through it as a compiled cmdlet would, and `$MyInvocation` describes
//! the call. Its methods need the evaluator (they write to the function's streams), so
//! `Interp::eval_invoke` calls them here rather than through `LiveObject::call`.

use super::Interp;
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow, Position, Severity};
use crate::engine::live::LiveObject;
use crate::engine::value::{EnumValue, PSObject, Value};
use std::any::Any;
use std::rc::Rc;

/// The cmdlet side of an advanced function's call.
pub struct ScriptCmdlet {
    pub name: Rc<str>,
    pub position: Option<Position>,
    /// `$MyInvocation`, shared with the function's variable.
    pub invocation: Value,
    /// It wrote an error (WriteError) or ended its pipeline: `$?` is False after the call,
    /// where a Write-Error in a function leaves it True.
    pub failed: std::cell::Cell<bool>,
    /// The parameter set the call resolved to; None for a function without sets.
    pub parameter_set: Option<&'static str>,
}

const PROPERTIES: [(&str, &str); 3] = [
    ("ParameterSetName", "string ParameterSetName {get;}"),
    (
        "MyInvocation",
        "System.Management.Automation.InvocationInfo MyInvocation {get;}",
    ),
    (
        "CommandOrigin",
        "System.Management.Automation.CommandOrigin CommandOrigin {get;}",
    ),
];

impl LiveObject for ScriptCmdlet {
    fn type_names(&self) -> &'static [&'static str] {
        &[
            "System.Management.Automation.PSScriptCmdlet",
            "System.Management.Automation.PSCmdlet",
            "System.Management.Automation.Cmdlet",
            "System.Management.Automation.Internal.InternalCommand",
            "System.Object",
        ]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &PROPERTIES
    }
    fn property(&self, name: &str) -> Option<Value> {
        Some(match name.to_ascii_lowercase().as_str() {
            "parametersetname" => Value::str(self.parameter_set.unwrap_or("__AllParameterSets")),
            "myinvocation" => self.invocation.clone(),
            "commandorigin" => Value::Enum(EnumValue {
                type_name: "System.Management.Automation.CommandOrigin",
                name: "Internal",
                value: 1,
            }),
            _ => return None,
        })
    }
    fn to_text(&self) -> String {
        self.name.to_string()
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

/// `$MyInvocation` of a function call: its name, where it was called and with what.
pub fn invocation_info(
    name: &str,
    position: Option<&Position>,
    bound: Value,
    unbound: Vec<Value>,
) -> Value {
    let (line, col, line_text) = position.map_or((0, 0, String::new()), |p| {
        let (line, col) = p.source.line_col(p.span.start);
        (line, col, p.source.line_text(line))
    });
    let path = position
        .map(|p| p.source.path.to_string())
        .unwrap_or_default();
    let command = Value::Object(PSObject::new(
        &[
            "System.Management.Automation.FunctionInfo",
            "System.Management.Automation.CommandInfo",
            "System.Object",
        ],
        vec![
            ("Name", Value::str(name)),
            (
                "CommandType",
                Value::Enum(EnumValue {
                    type_name: "System.Management.Automation.CommandTypes",
                    name: "Function",
                    value: 2,
                }),
            ),
            ("__ToString", Value::str(name)),
        ],
    ));
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.InvocationInfo",
            "System.Object",
        ],
        vec![
            ("MyCommand", command),
            ("BoundParameters", bound),
            ("UnboundArguments", Value::array(unbound)),
            ("ScriptLineNumber", Value::Int(line as i32)),
            ("OffsetInLine", Value::Int(col as i32)),
            ("HistoryId", Value::Long(1)),
            ("ScriptName", Value::str(&path)),
            ("Line", Value::str(&line_text)),
            ("PSScriptRoot", Value::str("")),
            ("PSCommandPath", Value::Null),
            ("InvocationName", Value::str(name)),
            ("PipelineLength", Value::Int(1)),
            ("PipelinePosition", Value::Int(1)),
            ("ExpectingInput", Value::Bool(false)),
        ],
    ))
}

impl ScriptCmdlet {
    /// The record as the function writes it: its id ends with the function's name, and it
    /// points at the call.
    fn decorate(&self, rec: &ErrorRecord) -> ErrorRecord {
        let mut rec = rec.clone();
        if rec.command.is_none() {
            rec.fqid = format!("{},{}", rec.fqid, self.name);
            rec.command = Some(self.name.clone());
            rec.invocation_name = Some(self.name.clone());
            rec.position = self.position.clone();
        }
        rec
    }
}

impl Interp {
    /// A method of `$PSCmdlet`; None when it has no method of that name.
    pub(super) async fn call_script_cmdlet(
        &mut self,
        cmdlet: &ScriptCmdlet,
        name: &str,
        args: &[Value],
    ) -> Option<EvalResult<Option<Value>>> {
        let record = || match args {
            [Value::Error(rec)] => Ok(cmdlet.decorate(rec)),
            [other] => Err(Flow::error(ErrorRecord::runtime(
                format!(
                    "Cannot convert argument \"errorRecord\", with value: \"{}\", for \"{name}\" to type \"System.Management.Automation.ErrorRecord\".",
                    to_str(other)
                ),
                "MethodArgumentConversionInvalidCastArgument",
                Category::NotSpecified,
            ))),
            _ => Err(Flow::error(super::members::bad_count(name, args.len()))),
        };
        let text = || args.first().map(to_str).unwrap_or_default();
        Some(match name.to_ascii_lowercase().as_str() {
            "writeerror" => match record() {
                Ok(rec) => {
                    cmdlet.failed.set(true);
                    self.write_error(rec).map(|()| None)
                }
                Err(e) => Err(e),
            },
            // The pipeline that ran the function ends with this error; nothing in the
            // function's own script reports it or goes on (see `Severity::Pipeline`).
            "throwterminatingerror" => match record() {
                Ok(rec) => {
                    cmdlet.failed.set(true);
                    let rec = self.with_stack_trace(Rc::new(rec));
                    self.last_ok = false;
                    Err(Flow::Error(rec, Severity::Pipeline))
                }
                Err(e) => Err(e),
            },
            // What the function writes goes to its output as a statement's value does: one
            // object, or (with $true) each item of a collection.
            "writeobject" => match args {
                [v] => Ok(Some(Value::array(vec![v.clone()]))),
                [v, enumerate] if crate::engine::convert::to_bool(enumerate) => Ok(Some(v.clone())),
                [v, _] => Ok(Some(Value::array(vec![v.clone()]))),
                _ => Err(Flow::error(super::members::bad_count(name, args.len()))),
            },
            "writeverbose" => {
                self.write_verbose(&text());
                Ok(None)
            }
            "writedebug" => {
                self.write_debug(&text());
                Ok(None)
            }
            "writewarning" => self.write_warning(&text()).map(|()| None),
            "shouldprocess" | "shouldcontinue" => Ok(Some(Value::Bool(true))),
            _ => return None,
        })
    }
}
