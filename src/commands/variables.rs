//! Get-Variable, Set-Variable, Remove-Variable, Set-StrictMode.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::ops::wildcard_match;
use crate::engine::value::{PSObject, Value};

fn variable_object(name: &str, value: Value) -> Value {
    Value::Object(PSObject::new(
        &["System.Management.Automation.PSVariable", "System.Object"],
        vec![
            ("Name", Value::str(name)),
            ("Value", value),
            ("Description", Value::str("")),
            ("Options", Value::str("None")),
        ],
    ))
}

fn not_found(name: &str, cmd: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.ItemNotFoundException",
        format!("Cannot find a variable with the name '{name}'."),
        &format!("VariableNotFound,Microsoft.PowerShell.Commands.{cmd}"),
        Category::ObjectNotFound,
    )
    .with_target(Value::str(name))
}

pub struct GetVariable;
impl Cmdlet for GetVariable {
    fn name(&self) -> &'static str {
        "Get-Variable"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Name", "System.String[]").at(0),
            ParamSpec::switch("ValueOnly"),
            ParamSpec::new("Scope", "System.String"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Lists variables (with wildcards) or gets one variable's value."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(BoundArgs);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let patterns = self.0.strings("Name").unwrap_or_else(|| vec!["*".into()]);
                let mut all: Vec<(String, Value)> = Vec::new();
                // -Scope: that scope's own variables; else all that are visible here.
                let scopes = match self.0.str("Scope") {
                    Some(named) => vec![cx.scope_named(&named).map_err(Flow::error)?],
                    None => cx.scopes.clone(),
                };
                for s in scopes.iter() {
                    for v in s.borrow().vars.values() {
                        if v.name.starts_with('\0') {
                            continue;
                        }
                        match all
                            .iter_mut()
                            .find(|(n, _)| n.eq_ignore_ascii_case(&v.name))
                        {
                            Some(slot) => slot.1 = v.value.clone(),
                            None => all.push((v.name.to_string(), v.value.clone())),
                        }
                    }
                }
                crate::engine::sort::by_key(&mut all, |a| a.0.to_lowercase());
                for p in patterns {
                    let hits: Vec<&(String, Value)> = all
                        .iter()
                        .filter(|(n, _)| wildcard_match(&p, n, false))
                        .collect();
                    if hits.is_empty() && !crate::engine::ops::is_wildcard(&p) {
                        cx.write_error(not_found(&p, "GetVariableCommand"))?;
                    }
                    for (n, v) in hits {
                        out.push(if self.0.switch("ValueOnly") {
                            v.clone()
                        } else {
                            variable_object(n, v.clone())
                        });
                    }
                }
                Ok(())
            }
        }
        sync(P(a.clone()))
    }
}

pub struct SetVariable;
impl Cmdlet for SetVariable {
    fn name(&self) -> &'static str {
        "Set-Variable"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Name", "System.String[]").at(0).mandatory(),
            ParamSpec::new("Value", "System.Object").at(1).pipeline(),
            ParamSpec::new("Scope", "System.String"),
            ParamSpec::new("Option", "System.String"),
            ParamSpec::switch("PassThru"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Sets a variable's value, optionally in a given scope."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(BoundArgs);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let value = input
                    .or_else(|| self.0.get("Value").cloned())
                    .unwrap_or(Value::Null);
                let scope = match self.0.str("Scope") {
                    Some(named) => Some(cx.scope_named(&named).map_err(Flow::error)?),
                    None => None,
                };
                for n in self.0.strings("Name").unwrap_or_default() {
                    match &scope {
                        Some(target) => Interp::set_in(target, &n, value.clone()),
                        None => cx.set_var_scoped(None, &n, value.clone()),
                    }
                    .map_err(Flow::error)?;
                    if self.0.switch("PassThru") {
                        out.push(variable_object(&n, value.clone()));
                    }
                }
                Ok(())
            }
        }
        sync(P(a.clone()))
    }
}

pub struct RemoveVariable;
impl Cmdlet for RemoveVariable {
    fn name(&self) -> &'static str {
        "Remove-Variable"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Name", "System.String[]").at(0).mandatory(),
            ParamSpec::new("Scope", "System.String"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Deletes a variable."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(BoundArgs);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                _out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                for n in self.0.strings("Name").unwrap_or_default() {
                    let k = crate::engine::scope::key(&n);
                    let removed = cx
                        .scopes
                        .iter()
                        .rev()
                        .any(|s| s.borrow_mut().vars.remove(k.as_ref()).is_some());
                    if !removed {
                        cx.write_error(not_found(&n, "RemoveVariableCommand"))?;
                    }
                }
                Ok(())
            }
        }
        sync(P(a.clone()))
    }
}

pub struct SetStrictMode;
impl Cmdlet for SetStrictMode {
    fn name(&self) -> &'static str {
        "Set-StrictMode"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Version", "System.String"),
            ParamSpec::switch("Off"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Turns on strict mode: reading an unset variable becomes an error."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(bool);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                _out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                cx.rs
                    .global
                    .borrow_mut()
                    .set("\0strict", Value::Bool(self.0));
                Ok(())
            }
        }
        let _ = to_str;
        sync(P(!a.switch("Off")))
    }
}
