//! Pipeline input bound by property name (ValueFromPipelineByPropertyName), for every
//! cmdlet whose parameter data says so, in one place. PowerShell's binder tries, for each
//! input object: a parameter that takes pipeline input by value and whose type the object
//! already is; then parameters whose name or alias is one of the object's properties; then
//! by value with conversion (ParameterBinderController.BindPipelineParameters). An object
//! that binds to nothing is a per-object error, and the command goes on.
//!
//! A record bound by property name runs the cmdlet afresh with those parameters added to
//! the command line's (begin, process, end): what ProcessRecord would see with them set.

use super::call::{BoundArgs, decorate};
use super::pipeline::{BoxFut, CommandProcessor, Emit};
use super::{Interp, property, property_names};
use crate::engine::command::ParamSpec;
use crate::engine::convert;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::types;
use crate::engine::value::Value;

pub struct ByPropertyName {
    /// The cmdlet, by its place in the registry.
    index: usize,
    /// Its parameters in this edition (what the command line was bound against).
    specs: Vec<ParamSpec>,
    bound: BoundArgs,
    /// The processor for input bound by value (and for the command's begin and end).
    inner: Box<dyn CommandProcessor>,
}

impl ByPropertyName {
    /// Wraps a cmdlet's processor when some parameter takes input by property name.
    pub fn wrap(
        index: usize,
        specs: &[ParamSpec],
        bound: &BoundArgs,
        inner: Box<dyn CommandProcessor>,
    ) -> Box<dyn CommandProcessor> {
        if !specs.iter().any(|p| p.by_property_name) {
            return inner;
        }
        Box::new(ByPropertyName {
            index,
            specs: specs.to_vec(),
            bound: bound.clone(),
            inner,
        })
    }
}

fn input_type(spec: &ParamSpec) -> &'static str {
    spec.input_type.unwrap_or(spec.type_name)
}

/// True when the object is already of the parameter's type (no conversion needed). A
/// list of such objects converts to the parameter's array type (a job cmdlet's Job[]),
/// so it binds too.
fn is_of_type(v: &Value, spec: &ParamSpec) -> bool {
    let t = input_type(spec).trim_end_matches("[]");
    let one = |v: &Value| {
        matches!(t, "System.Object" | "System.Management.Automation.PSObject")
            || types::type_names_of(v)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(t))
    };
    match v {
        Value::Array(items) if spec.input_type.is_some() && !items.borrow().is_empty() => {
            items.borrow().iter().all(one)
        }
        other => one(other),
    }
}

/// The parameters an object's properties bind: those not set on the command line whose
/// name or alias is a property of the object. Parameters by property name are each in a
/// parameter set of their own in the job and process cmdlets (Id, Name, InstanceId...), so
/// the first that matches, in declared order, decides, as the binder's narrowing to one
/// set does.
fn bind_by_property(
    specs: &[ParamSpec],
    bound: &BoundArgs,
    v: &Value,
) -> Result<Option<(String, Value)>, ErrorRecord> {
    let names = property_names(v);
    for spec in specs
        .iter()
        .filter(|p| p.by_property_name && !bound.has(p.name))
    {
        let hit = std::iter::once(spec.name)
            .chain(spec.aliases.iter().copied())
            .find(|n| names.iter().any(|p| p.eq_ignore_ascii_case(n)));
        let Some(prop) = hit else { continue };
        let value = property(v, prop).unwrap_or(Value::Null);
        let value = if matches!(spec.type_name, "System.Object" | "System.Object[]") {
            value
        } else {
            convert::convert_to(&value, spec.type_name).map_err(|e| {
                ErrorRecord::new(
                    "System.Management.Automation.ParameterBindingException",
                    format!("Cannot bind parameter '{}'. {}", spec.name, e.message),
                    "CannotConvertArgumentNoMessage",
                    Category::InvalidArgument,
                )
            })?
        };
        return Ok(Some((spec.name.to_string(), value)));
    }
    Ok(None)
}

fn not_bound(v: &Value) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.ParameterBindingException",
        "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.",
        "InputObjectNotBound",
        Category::InvalidArgument,
    )
    .with_target(v.clone())
}

impl CommandProcessor for ByPropertyName {
    fn begin<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        self.inner.begin(cx, out)
    }

    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let Some(v) = input else {
                return self.inner.process(cx, None, out).await;
            };
            let rt = cx.rt.clone();
            let Some(cmdlet) = rt.registry.get(self.index) else {
                return self.inner.process(cx, Some(v), out).await;
            };
            let specs = &self.specs;
            let by_value = specs.iter().filter(|p| p.pipeline).collect::<Vec<_>>();
            if by_value.iter().any(|p| is_of_type(&v, p)) {
                return self.inner.process(cx, Some(v), out).await;
            }
            let name = cmdlet.name();
            match bind_by_property(specs, &self.bound, &v) {
                Ok(Some(pair)) => {
                    let mut bound = self.bound.clone();
                    bound.values.push(pair);
                    let mut proc = cmdlet
                        .start(cx, &bound)
                        .map_err(|e| Flow::error(decorate(e, name, &bound)))?;
                    proc.begin(cx, out).await?;
                    proc.process(cx, None, out).await?;
                    proc.end(cx, out).await
                }
                // A parameter that takes input by value may still take it converted.
                Ok(None)
                    if by_value
                        .iter()
                        .any(|p| convert::convert_to(&v, input_type(p)).is_ok()) =>
                {
                    self.inner.process(cx, Some(v), out).await
                }
                // Not this object's error to end the pipeline: the next one may bind.
                Ok(None) => cx.write_error(decorate(not_bound(&v), name, &self.bound)),
                Err(e) => cx.write_error(decorate(e, name, &self.bound)),
            }
        })
    }

    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        self.inner.end(cx, out)
    }
}
