//! Properties, methods and indexing on values, with PowerShell's member enumeration
//! (`$array.Name` collects each element's Name) and its error texts.

use super::Interp;
use super::pipeline::Collect;
use super::stmt::collect_value;
use crate::engine::convert::{self, to_f64, to_i64, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::job::JobKind;
use crate::engine::time::{
    DateTime, TICKS_PER_DAY, TICKS_PER_MS, TICKS_PER_SECOND, TimeSpan, days_in_month,
};
use crate::engine::types;
use crate::engine::value::{HASHTABLE_ENTRY_BYTES, PSObject, SLOT_BYTES, Value};
use crate::engine::{error_object, numfmt, ops};
use crate::lang::ast::Expr;
use std::rc::Rc;

fn type_object(full: &str) -> Value {
    Value::Type(Rc::from(full))
}

fn method_not_found(v: &Value, name: &str) -> ErrorRecord {
    let t = if let Value::Type(t) = v {
        t.to_string()
    } else {
        types::type_name_of(v)
    };
    ErrorRecord::runtime(
        format!("Method invocation failed because [{t}] does not contain a method named '{name}'."),
        "MethodNotFound",
        Category::InvalidOperation,
    )
    .with_target(v.clone())
}

/// MethodCountCouldNotFindBest: no overload of the method takes this many arguments.
pub fn bad_count(name: &str, n: usize) -> ErrorRecord {
    ErrorRecord::runtime(
        format!("Cannot find an overload for \"{name}\" and the argument count: \"{n}\"."),
        "MethodCountCouldNotFindBest",
        Category::NotSpecified,
    )
}

fn method_exception(name: &str, n: usize, inner: &str, id: &str) -> ErrorRecord {
    let mut e = ErrorRecord::new(
        "System.Management.Automation.MethodInvocationException",
        format!("Exception calling \"{name}\" with \"{n}\" argument(s): \"{inner}\""),
        id,
        Category::NotSpecified,
    );
    e.target_name = Some(String::new());
    e
}

/// `[SomeException]::new(...)` and `[ErrorRecord]::new(...)`: the objects a script builds to
/// throw or to write (`$PSCmdlet.WriteError`). None for other types.
fn new_error_object(t: &str, a: &[Value]) -> Option<Result<Value, ErrorRecord>> {
    if types::is_exception_type(t) {
        if a.len() > 2 {
            return Some(Err(bad_count("new", a.len())));
        }
        let message = a.first().map(to_str);
        return Some(Ok(error_object::new_exception(
            t,
            message.as_deref(),
            a.get(1).cloned(),
        )));
    }
    if t != "System.Management.Automation.ErrorRecord" {
        return None;
    }
    let [exception, id, category, target] = a else {
        return Some(Err(bad_count("new", a.len())));
    };
    let category =
        match crate::engine::enums::convert(category, "System.Management.Automation.ErrorCategory")
        {
            Some(Ok(Value::Enum(ref e))) => {
                Category::parse(e.name).unwrap_or(Category::NotSpecified)
            }
            Some(Err(e)) => return Some(Err(e)),
            _ => Category::NotSpecified,
        };
    Some(
        error_object::record_from_exception(exception, &to_str(id), category, target.clone())
            .map(|r| Value::Error(Rc::new(r)))
            .ok_or_else(|| {
                ErrorRecord::new(
                    "System.Management.Automation.MethodException",
                    format!(
                        "Cannot convert argument \"exception\", with value: \"{}\", for \"ErrorRecord\" to type \"System.Exception\": \"Cannot convert the \"{}\" value of type \"{}\" to type \"System.Exception\".\"",
                        to_str(exception),
                        to_str(exception),
                        types::type_name_of(exception)
                    ),
                    "MethodArgumentConversionInvalidCastArgument",
                    Category::NotSpecified,
                )
            }),
    )
}

fn s(v: &str) -> Value {
    Value::str(v)
}

impl Interp {
    pub(super) fn get_member(
        &mut self,
        obj: &Value,
        name: &str,
        is_static: bool,
        span: crate::lang::Span,
    ) -> EvalResult<Value> {
        if is_static {
            return self
                .static_member(obj, name)
                .map_err(|e| self.err_at(e, span));
        }
        if let Some(exited) = self.process_has_exited(obj, name) {
            return Ok(Value::Bool(exited));
        }
        Ok(match property(obj, name) {
            Some(v) => v,
            // Every object answers Count and Length as a collection of one ($null: none).
            None if name.eq_ignore_ascii_case("count") || name.eq_ignore_ascii_case("length") => {
                Value::Int(i32::from(!obj.is_null()))
            }
            None => Value::Null,
        })
    }

    fn static_member(&self, obj: &Value, name: &str) -> Result<Value, ErrorRecord> {
        let Value::Type(t) = obj else {
            return Err(ErrorRecord::runtime(
                "Unable to find type.",
                "TypeNotFound",
                Category::InvalidOperation,
            ));
        };
        let n = name.to_ascii_lowercase();
        Ok(match (t.as_ref(), n.as_str()) {
            ("System.Int32", "maxvalue") => Value::Int(i32::MAX),
            ("System.Int32", "minvalue") => Value::Int(i32::MIN),
            ("System.Int64", "maxvalue") => Value::Long(i64::MAX),
            ("System.Int64", "minvalue") => Value::Long(i64::MIN),
            ("System.Double", "maxvalue") => Value::Double(f64::MAX),
            ("System.Double", "minvalue") => Value::Double(f64::MIN),
            ("System.Double", "nan") => Value::Double(f64::NAN),
            ("System.Double", "epsilon") => Value::Double(f64::from_bits(1)),
            ("System.Decimal", "maxvalue") => Value::Decimal(rust_decimal::Decimal::MAX),
            ("System.Decimal", "minvalue") => Value::Decimal(rust_decimal::Decimal::MIN),
            ("System.Guid", "empty") => crate::engine::guid::empty(),
            ("System.TimeSpan", "zero") => {
                Value::TimeSpan(crate::engine::time::TimeSpan::from_ms(0.0))
            }
            ("System.Double", "positiveinfinity") => Value::Double(f64::INFINITY),
            ("System.Math", "pi") => Value::Double(std::f64::consts::PI),
            ("System.Math", "e") => Value::Double(std::f64::consts::E),
            ("System.String", "empty") => s(""),
            ("System.DateTime", "now") => Value::DateTime(self.rt.now_date()),
            ("System.DateTime", "today") => Value::DateTime(self.rt.now_date().date()),
            ("System.Environment", "machinename") => {
                s(&self.get_env("COMPUTERNAME").unwrap_or_default())
            }
            ("System.Environment", "username") => s(&self.get_env("USERNAME").unwrap_or_default()),
            ("System.Environment", "newline") => s("\r\n"),
            ("System.Environment", "processorcount") => Value::Int(4),
            ("System.Environment", "currentdirectory") => s(&self.location()),
            ("System.Environment", "is64bitprocess" | "is64bitoperatingsystem") => {
                Value::Bool(true)
            }
            // .NET 6's: the executable of the process the runspace is in (a job's own
            // pwsh.exe in 7; .NET Framework has no such property).
            ("System.Environment", "processpath") => match self.rs.profile.edition {
                crate::engine::runtime::Edition::Core7 => {
                    s("C:\\Program Files\\PowerShell\\7\\pwsh.exe")
                }
                crate::engine::runtime::Edition::Desktop51 => Value::Null,
            },
            ("System.IO.Path", "directoryseparatorchar") => Value::Char('\\'),
            (t, _) if crate::engine::enums::resolve(t).is_some() => {
                crate::engine::enums::member(t, name).unwrap_or(Value::Null)
            }
            // Outside strict mode a missing static property is just $null.
            _ => Value::Null,
        })
    }

    pub(super) fn set_member(
        &mut self,
        obj: &Value,
        name: &str,
        value: Value,
    ) -> Result<(), ErrorRecord> {
        crate::engine::cycles::stored_into(obj, &value);
        match obj {
            Value::Object(o) => {
                if o.has(name) || o.is_custom() {
                    self.rt.budget.make_room(name.len() + value.new_bytes())?;
                    o.set(name, value);
                    return Ok(());
                }
                Err(property_not_found(obj, name))
            }
            Value::Hashtable(h) => {
                self.rt.budget.make_room(
                    name.len() + HASHTABLE_ENTRY_BYTES + 2 * SLOT_BYTES + value.new_bytes(),
                )?;
                h.borrow_mut().insert(s(name), value);
                Ok(())
            }
            Value::Live(l) => match l.set_property(name, &value) {
                Some(r) => r,
                None => Err(property_not_found(obj, name)),
            },
            Value::Null => Err(ErrorRecord::runtime(
                format!(
                    "The property '{name}' cannot be found on this object. Verify that the property exists and can be set."
                ),
                "PropertyAssignmentException",
                Category::InvalidOperation,
            )),
            _ => Err(property_not_found(obj, name)),
        }
    }

    pub(super) fn index(
        &mut self,
        obj: &Value,
        idx: &Value,
        span: crate::lang::Span,
    ) -> EvalResult<Value> {
        let (obj, idx) = (obj.base(), idx.base());
        if let Value::Live(l) = obj {
            if let Some(v) = l.index(idx) {
                return Ok(v);
            }
        }
        match obj {
            Value::Null => Err(self.err_at(
                ErrorRecord::runtime(
                    "Cannot index into a null array.",
                    "NullArray",
                    Category::InvalidOperation,
                ),
                span,
            )),
            Value::Hashtable(h) => {
                if let Value::Array(keys) = idx {
                    let h = h.borrow();
                    let items: Vec<Value> = keys.borrow().iter().filter_map(|k| h.get(k)).collect();
                    return Ok(Value::array(items));
                }
                Ok(h.borrow().get(idx).unwrap_or(Value::Null))
            }
            Value::Object(o) if !o.is_custom() || o.has(&to_str(idx)) => Ok(match idx {
                Value::Str(name) => o.get(name).unwrap_or(Value::Null),
                Value::Int(0) => obj.clone(),
                _ => Value::Null,
            }),
            _ => {
                let items: Vec<Value> = match obj {
                    Value::Array(a) => a.borrow().clone(),
                    Value::Live(_) => obj.enumerate(),
                    Value::Str(st) => st.chars().map(Value::Char).collect(),
                    other => vec![other.clone()],
                };
                let pick = |i: &Value| -> Option<Value> {
                    let i = to_i64(i)?;
                    let len = items.len() as i64;
                    let i = if i < 0 { len + i } else { i };
                    if i < 0 || i >= len {
                        return None;
                    }
                    items.get(i as usize).cloned()
                };
                match idx {
                    Value::Array(list) => Ok(Value::array(
                        list.borrow().iter().filter_map(pick).collect(),
                    )),
                    one => Ok(pick(one).unwrap_or(Value::Null)),
                }
            }
        }
    }

    pub(super) fn set_index(
        &mut self,
        obj: &Value,
        idx: &Value,
        value: Value,
    ) -> Result<(), ErrorRecord> {
        crate::engine::cycles::stored_into(obj, &value);
        if let Value::Live(l) = obj {
            // A .NET collection's new entry is charged as a hashtable's is.
            self.rt
                .budget
                .make_room(HASHTABLE_ENTRY_BYTES + idx.new_bytes() + value.new_bytes())?;
            if let Some(r) = l.set_index(idx, value.clone()) {
                return r;
            }
        }
        match obj {
            Value::Hashtable(h) => {
                self.rt
                    .budget
                    .make_room(HASHTABLE_ENTRY_BYTES + idx.new_bytes() + value.new_bytes())?;
                h.borrow_mut().insert(idx.clone(), value);
                Ok(())
            }
            Value::Array(a) => {
                let mut items = a.borrow_mut();
                let len = items.len() as i64;
                let i = to_i64(idx).unwrap_or(len);
                let i = if i < 0 { len + i } else { i };
                match items.get_mut(usize::try_from(i).unwrap_or(usize::MAX)) {
                    Some(slot) => {
                        *slot = value;
                        Ok(())
                    }
                    None => Err(ErrorRecord::runtime(
                        "Index was outside the bounds of the array.",
                        "System.IndexOutOfRangeException",
                        Category::OperationStopped,
                    )
                    .with_target(obj.clone())),
                }
            }
            Value::Null => Err(ErrorRecord::runtime(
                "Cannot index into a null array.",
                "NullArray",
                Category::InvalidOperation,
            )),
            Value::Object(o) => {
                o.set(&to_str(idx), value);
                Ok(())
            }
            _ => Err(ErrorRecord::runtime(
                format!(
                    "Unable to index into an object of type {}.",
                    types::type_name_of(obj)
                ),
                "CannotIndex",
                Category::InvalidOperation,
            )),
        }
    }

    /// A method call. Ok(None) for methods that return nothing (void).
    pub(super) async fn eval_invoke(
        &mut self,
        target: &Expr,
        name: &Expr,
        args: &[Expr],
        is_static: bool,
        span: crate::lang::Span,
    ) -> EvalResult<Option<Value>> {
        let obj = self.eval_expr(target).await?;
        let name = to_str(&self.eval_expr(name).await?);
        let mut argv = Vec::with_capacity(args.len());
        for a in args {
            argv.push(self.eval_expr(a).await?);
        }
        let lname = name.to_ascii_lowercase();
        if matches!(obj, Value::Live(_)) {
            if let Some(r) = crate::engine::hosting::call_method(self, &obj, &name, &argv).await {
                return r.map_err(|e| self.flow_at(e, span));
            }
        }
        if let Some(cmdlet) =
            crate::engine::live::downcast::<super::script_cmdlet::ScriptCmdlet>(&obj)
        {
            if let Some(r) = self.call_script_cmdlet(&cmdlet, &name, &argv).await {
                return r.map_err(|e| self.flow_at(e, span));
            }
        }
        // Methods that run script.
        match (&obj, lname.as_str()) {
            // An error that ends the block is the MethodInvocationException around it, as
            // for any .NET method; flow control (return, exit, a stop) passes as it is.
            (Value::ScriptBlock(sb), "invoke" | "invokereturnasis") => {
                let sb = sb.clone();
                let n = argv.len();
                return match self.invoke_block_value(&sb, None, argv, true).await {
                    Ok(v) => Ok(Some(v)),
                    Err(Flow::Error(rec, _)) => {
                        let rec = self.with_stack_trace(rec);
                        let wrapped = error_object::method_invocation(&name, n, rec);
                        Err(self.err_at(wrapped, span))
                    }
                    Err(other) => Err(other),
                };
            }
            (
                Value::Array(_)
                | Value::Live(_)
                | Value::Object(_)
                | Value::Hashtable(_)
                | Value::Str(_)
                | Value::Int(_),
                "foreach" | "where",
            ) if matches!(argv.first(), Some(Value::ScriptBlock(_))) => {
                let Some(Value::ScriptBlock(sb)) = argv.first() else {
                    return Ok(None);
                };
                let sb = sb.clone();
                let mut out = Vec::new();
                for item in obj.enumerate() {
                    self.tick().await?;
                    let mut sink = Collect::default();
                    let r = self
                        .invoke_block(&sb, Some(item.clone()), Vec::new(), false, &mut sink)
                        .await;
                    r?;
                    if lname == "foreach" {
                        out.extend(sink.0.take());
                    } else if convert::to_bool(&collect_value(sink.0.take())) {
                        out.push(item);
                    }
                }
                return Ok(Some(Value::array(out)));
            }
            _ => {}
        }
        if is_static {
            let r = self.static_method(&obj, &name, &argv);
            self.write_back_references(args, &argv)?;
            return r.map(Some).map_err(|e| self.err_at(e, span));
        }
        self.call_method(&obj, &name, &argv)
            .map_err(|e| self.err_at(e, span))
    }

    /// A local Process object's HasExited, read now: whether its process still runs on
    /// this computer (a job's powershell.exe ends with the job).
    fn process_has_exited(&self, obj: &Value, name: &str) -> Option<bool> {
        if !name.eq_ignore_ascii_case("hasexited") {
            return None;
        }
        let Value::Object(o) = obj else { return None };
        if o.type_name() != "System.Diagnostics.Process"
            || o.get("MachineName").is_none_or(|m| to_str(&m) != ".")
        {
            return None;
        }
        let id = o.get("Id").and_then(|v| to_i64(&v))?;
        let id = i32::try_from(id).ok()?;
        Some(!self.computer.runs_process(&self.rt, id))
    }

    /// `[ref]$v` arguments: each variable gets what the method left in its reference.
    fn write_back_references(&mut self, args: &[Expr], argv: &[Value]) -> EvalResult<()> {
        use crate::lang::ast::ExprKind;
        for (expr, value) in args.iter().zip(argv) {
            let ExprKind::Convert(_, inner) = &expr.kind else {
                continue;
            };
            let ExprKind::Var(var) = &inner.kind else {
                continue;
            };
            if let Some(r) =
                crate::engine::live::downcast::<crate::engine::reference::PSReference>(value)
            {
                let v = r.value.borrow().clone();
                self.set_var_scoped(var.scope.as_ref(), &var.name, v)
                    .map_err(|e| self.err_at(e, expr.span))?;
            }
        }
        Ok(())
    }

    fn static_method(
        &mut self,
        obj: &Value,
        name: &str,
        a: &[Value],
    ) -> Result<Value, ErrorRecord> {
        let Value::Type(t) = obj else {
            return Err(method_not_found(obj, name));
        };
        let n = name.to_ascii_lowercase();
        if n == "new" {
            if let Some(c) = crate::engine::collections::new(t) {
                return Ok(c);
            }
            if let Some(made) = new_error_object(t, a) {
                return made;
            }
        }
        if let Some(made) = crate::engine::hosting::static_call(self, t, &n, a) {
            return made;
        }
        let num = |i: usize| a.get(i).and_then(to_f64).unwrap_or(0.0);
        let arg_s = |i: usize| a.get(i).map(to_str).unwrap_or_default();
        let keep_int = |x: f64, like: Option<&Value>| -> Value {
            match like {
                Some(Value::Int(_)) if x.abs() <= i32::MAX as f64 => Value::Int(x as i32),
                Some(Value::Long(_)) => Value::Long(x as i64),
                _ => Value::Double(x),
            }
        };
        Ok(match (t.as_ref(), n.as_str()) {
            ("System.Math", "round") => {
                let digits = a.get(1).and_then(to_i64).unwrap_or(0).clamp(0, 15) as i32;
                let f = 10f64.powi(digits);
                let v = convert::round_even(num(0) * f) / f;
                if let Some(Value::Decimal(d)) = a.first() {
                    Value::Decimal(d.round_dp_with_strategy(
                        digits as u32,
                        rust_decimal::RoundingStrategy::MidpointNearestEven,
                    ))
                } else {
                    Value::Double(v)
                }
            }
            ("System.Math", "floor") => Value::Double(num(0).floor()),
            ("System.Math", "ceiling") => Value::Double(num(0).ceil()),
            ("System.Math", "truncate") => Value::Double(num(0).trunc()),
            ("System.Math", "abs") => keep_int(num(0).abs(), a.first()),
            ("System.Math", "max") => {
                let (x, y) = (num(0), num(1));
                let like = if matches!(
                    (a.first(), a.get(1)),
                    (Some(Value::Int(_)), Some(Value::Int(_)))
                ) {
                    a.first()
                } else {
                    None
                };
                keep_int(x.max(y), like)
            }
            ("System.Math", "min") => {
                let like = if matches!(
                    (a.first(), a.get(1)),
                    (Some(Value::Int(_)), Some(Value::Int(_)))
                ) {
                    a.first()
                } else {
                    None
                };
                keep_int(num(0).min(num(1)), like)
            }
            ("System.Math", "pow") => Value::Double(num(0).powf(num(1))),
            ("System.Math", "sqrt") => Value::Double(num(0).sqrt()),
            ("System.Math", "log") => Value::Double(if a.len() > 1 {
                num(0).ln() / num(1).ln()
            } else {
                num(0).ln()
            }),
            ("System.Math", "log10") => Value::Double(num(0).log10()),
            ("System.Math", "exp") => Value::Double(num(0).exp()),
            ("System.Math", "sin") => Value::Double(num(0).sin()),
            ("System.Math", "cos") => Value::Double(num(0).cos()),
            ("System.String", "join") => {
                let sep = arg_s(0);
                let items: Vec<Value> = if a.len() == 2 {
                    a.get(1).map(|v| v.enumerate()).unwrap_or_default()
                } else {
                    a.iter().skip(1).cloned().collect()
                };
                s(&items.iter().map(to_str).collect::<Vec<_>>().join(&sep))
            }
            ("System.String", "isnullorempty") => {
                Value::Bool(a.first().is_none_or(|v| to_str(v).is_empty()))
            }
            ("System.String", "isnullorwhitespace") => {
                Value::Bool(a.first().is_none_or(|v| to_str(v).trim().is_empty()))
            }
            ("System.String", "concat") => s(&a.iter().map(to_str).collect::<String>()),
            ("System.String", "format") => {
                let rest: Vec<Value> = if a.len() == 2 {
                    a.get(1).map(|v| v.enumerate()).unwrap_or_default()
                } else {
                    a.iter().skip(1).cloned().collect()
                };
                let dotnet = self.rs.profile.dotnet;
                let fault = |f: numfmt::FormatFault| {
                    method_exception("Format", a.len(), f.message(), "FormatException")
                };
                let composite = ops::CompositeFormat::parse(&arg_s(0)).map_err(fault)?;
                self.rt.budget.make_room(composite.size_hint(dotnet))?;
                s(&composite.render(&rest, dotnet).map_err(fault)?)
            }
            ("System.String", "new") => {
                let text = arg_s(0);
                let count = a.get(1).and_then(to_i64).unwrap_or(1).max(0) as usize;
                self.rt
                    .budget
                    .make_room(text.len().saturating_mul(count).saturating_mul(2))?;
                s(&text.repeat(count))
            }
            // The script block of a text, parsed as the session's language; a text that does
            // not parse is the ParseException ScriptBlock.Create throws, its message the
            // error's position and text.
            ("System.Management.Automation.ScriptBlock", "create") => {
                match self.parse_text(&arg_s(0)) {
                    Ok(sb) => Value::ScriptBlock(sb),
                    Err(e) if e.parse_error => {
                        return Err(method_exception(
                            "Create",
                            a.len(),
                            &e.message,
                            "ParseException",
                        ));
                    }
                    Err(e) => return Err(e),
                }
            }
            ("System.DateTime", "parse") => convert::convert_to(&s(&arg_s(0)), "System.DateTime")?,
            // .NET Framework rounds these to the nearest millisecond (TimeSpan.Interval).
            (
                "System.TimeSpan",
                "fromdays" | "fromhours" | "fromminutes" | "fromseconds" | "frommilliseconds",
            ) => {
                let scale = match n.as_str() {
                    "fromdays" => 86_400_000.0,
                    "fromhours" => 3_600_000.0,
                    "fromminutes" => 60_000.0,
                    "fromseconds" => 1_000.0,
                    _ => 1.0,
                };
                let value = num(0);
                let ms = value * scale;
                let ms = (ms + if ms >= 0.0 { 0.5 } else { -0.5 }).trunc();
                // TimeSpan.Interval's checks: NaN, then the range of a long of ticks.
                if value.is_nan() {
                    return Err(method_exception(
                        name,
                        a.len(),
                        "TimeSpan does not accept floating point Not-a-Number values.",
                        "ArgumentException",
                    ));
                }
                if ms.abs() > (i64::MAX / TICKS_PER_MS) as f64 {
                    return Err(method_exception(
                        name,
                        a.len(),
                        "TimeSpan overflowed because the duration is too long.",
                        "OverflowException",
                    ));
                }
                Value::TimeSpan(crate::engine::time::TimeSpan::from_ms(ms))
            }
            ("System.Guid", "newguid") => crate::engine::guid::value(&self.new_guid()),
            ("System.Guid", "parse") => convert::convert_to(&s(&arg_s(0)), "System.Guid")?,
            ("System.Int32", "parse") => convert::convert_to(&s(&arg_s(0)), "System.Int32")?,
            // TryParse(text, [ref]$result): the value, or the type's default, goes out.
            (
                "System.Int32" | "System.Int64" | "System.Double" | "System.Decimal"
                | "System.Byte" | "System.DateTime" | "System.Boolean" | "System.Guid"
                | "System.TimeSpan",
                "tryparse",
            ) if a.len() == 2 => {
                let parsed = convert::convert_to(&s(arg_s(0).trim()), t).ok();
                let default = convert::convert_to(&Value::Int(0), t).unwrap_or(Value::Null);
                let ok = parsed.is_some();
                crate::engine::reference::write(a.get(1), parsed.unwrap_or(default));
                Value::Bool(ok)
            }
            ("System.Management.Automation.Language.Parser", "parseinput") if a.len() == 3 => {
                self.parse_input(&arg_s(0), a.get(1), a.get(2))
            }
            ("System.Double", "parse") => convert::convert_to(&s(&arg_s(0)), "System.Double")?,
            ("System.Char", "isdigit") => {
                Value::Bool(arg_s(0).chars().next().is_some_and(|c| c.is_ascii_digit()))
            }
            ("System.Char", "isletter") => {
                Value::Bool(arg_s(0).chars().next().is_some_and(char::is_alphabetic))
            }
            ("System.Char", "isupper") => {
                Value::Bool(arg_s(0).chars().next().is_some_and(char::is_uppercase))
            }
            ("System.Environment", "getenvironmentvariable") => self
                .get_env(&arg_s(0))
                .map(|v| s(&v))
                .unwrap_or(Value::Null),
            ("System.IO.Path", "combine") => {
                let parts: Vec<String> = a.iter().map(to_str).collect();
                s(&parts
                    .iter()
                    .filter(|p| !p.is_empty())
                    .fold(String::new(), |acc, p| {
                        if acc.is_empty() || p.contains(':') {
                            p.clone()
                        } else {
                            format!(
                                "{}\\{}",
                                acc.trim_end_matches('\\'),
                                p.trim_start_matches('\\')
                            )
                        }
                    }))
            }
            ("System.IO.Path", "getfilename") => s(arg_s(0).rsplit('\\').next().unwrap_or("")),
            ("System.IO.Path", "getextension") => {
                let f = arg_s(0);
                let file = f.rsplit('\\').next().unwrap_or("");
                s(&file
                    .rfind('.')
                    .map(|i| file.get(i..).unwrap_or("").to_string())
                    .unwrap_or_default())
            }
            ("System.IO.Path", "getfilenamewithoutextension") => {
                let f = arg_s(0);
                let file = f.rsplit('\\').next().unwrap_or("");
                s(file.rsplit_once('.').map(|(b, _)| b).unwrap_or(file))
            }
            ("System.IO.Path", "getdirectoryname") => {
                s(arg_s(0).rsplit_once('\\').map(|(d, _)| d).unwrap_or(""))
            }
            ("System.Convert", "toint32") => {
                let base = a.get(1).and_then(to_i64).unwrap_or(10) as u32;
                match a.first() {
                    Some(Value::Str(st)) if base != 10 => Value::Int(
                        i64::from_str_radix(st.trim(), base)
                            .ok()
                            .and_then(|v| i32::try_from(v).ok())
                            .ok_or_else(|| {
                                method_exception(
                                    name,
                                    a.len(),
                                    "Could not find any recognizable digits.",
                                    "FormatException",
                                )
                            })?,
                    ),
                    Some(v) => convert::convert_to(v, "System.Int32")?,
                    None => return Err(bad_count(name, 0)),
                }
            }
            ("System.Convert", "tostring") => {
                let base = a.get(1).and_then(to_i64).unwrap_or(10);
                let v = a.first().and_then(to_i64).unwrap_or(0);
                s(&match base {
                    2 => format!("{v:b}"),
                    8 => format!("{v:o}"),
                    16 => format!("{v:x}"),
                    _ => v.to_string(),
                })
            }
            ("System.Console", "writeline") => {
                self.rt
                    .host_line(crate::engine::runtime::LineKind::Output, arg_s(0));
                Value::Null
            }
            _ => return Err(method_not_found(obj, name)),
        })
    }

    /// Parser.ParseInput(text, [ref]$tokens, [ref]$errors): the parse errors (the first
    /// this parser meets, where PowerShell's may report several) go out as ParseError
    /// objects; tokens are not modelled and go out empty.
    fn parse_input(&mut self, text: &str, tokens: Option<&Value>, errors: Option<&Value>) -> Value {
        let source = crate::lang::Source::new("", text);
        let parsed = crate::lang::parse_script_with(&source, self.rs.profile.syntax());
        crate::engine::reference::write(tokens, Value::array(Vec::new()));
        let found = match &parsed {
            Ok(_) => Vec::new(),
            Err(e) => {
                let (line, col) = source.line_col(e.span.start);
                let extent = Value::Object(PSObject::new(
                    &[
                        "System.Management.Automation.Language.InternalScriptExtent",
                        "System.Object",
                    ],
                    vec![
                        ("File", Value::Null),
                        ("StartLineNumber", Value::Int(line as i32)),
                        ("StartColumnNumber", Value::Int(col as i32)),
                        ("Text", s(&source.text(e.span))),
                        ("StartOffset", Value::Int(e.span.start as i32)),
                        ("EndOffset", Value::Int(e.span.end as i32)),
                        ("__ToString", s(&source.text(e.span))),
                    ],
                ));
                vec![Value::Object(PSObject::new(
                    &[
                        "System.Management.Automation.Language.ParseError",
                        "System.Object",
                    ],
                    vec![
                        ("Extent", extent),
                        ("ErrorId", s(e.id)),
                        ("Message", s(&e.message)),
                        ("IncompleteInput", Value::Bool(e.incomplete)),
                        ("__ToString", s(&e.message)),
                    ],
                ))]
            }
        };
        crate::engine::reference::write(errors, Value::array(found));
        Value::Object(PSObject::new(
            &[
                "System.Management.Automation.Language.ScriptBlockAst",
                "System.Object",
            ],
            vec![("Extent", s(text)), ("__ToString", s(text))],
        ))
    }

    pub fn new_guid(&self) -> String {
        let a = self.rt.next_random();
        let b = self.rt.next_random();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            (a >> 32) as u32,
            (a >> 16) as u16,
            (a & 0xfff) as u16,
            ((b >> 48) as u16 & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }

    /// A .NET ArgumentException (or one of its kind) thrown by a method: its message names
    /// the parameter as the edition's .NET does.
    fn argument_error(
        &self,
        (method, argc): (&str, usize),
        message: &str,
        param: &str,
        exception_id: &str,
    ) -> ErrorRecord {
        let suffix = self.rs.profile.argument_suffix(param);
        method_exception(method, argc, &format!("{message}{suffix}"), exception_id)
    }

    /// A script's text parsed as the session's language (ScriptBlock.Create,
    /// Invoke-Expression). A text that does not parse is the ParseException: its message
    /// the error's position and text, its id the parser's. A parsed script holds about
    /// forty bytes per character of its text (its chars and its syntax tree): charged first,
    /// so a text of many megabytes stops at the limit instead of taking the page's memory.
    pub fn parse_text(
        &mut self,
        text: &str,
    ) -> Result<Rc<crate::lang::ast::ScriptBlockAst>, ErrorRecord> {
        self.rt
            .budget
            .make_room(text.len().saturating_mul(PARSED_BYTES_PER_CHAR))?;
        let source = crate::lang::Source::new("", text);
        crate::lang::parse_script_with(&source, self.rs.profile.syntax()).map_err(|e| {
            let rec = ErrorRecord::parse(&e, &source);
            let message = match crate::engine::position_message::position_message(&rec) {
                Some(at) => format!("{at}\n{}", rec.message),
                None => rec.message.clone(),
            };
            let mut out = ErrorRecord::new(
                "System.Management.Automation.ParseException",
                message,
                e.id,
                Category::ParserError,
            );
            out.parse_error = true;
            out
        })
    }

    /// Calls a method on a value (ForEach-Object -MemberName uses this).
    pub fn call_method_value(
        &mut self,
        obj: &Value,
        name: &str,
        args: &[Value],
    ) -> Result<Option<Value>, ErrorRecord> {
        self.call_method(obj, name, args)
    }

    fn call_method(
        &mut self,
        obj: &Value,
        name: &str,
        a: &[Value],
    ) -> Result<Option<Value>, ErrorRecord> {
        let obj = obj.base();
        crate::engine::cycles::called_on(obj, a);
        let n = name.to_ascii_lowercase();
        let argc = a.len();
        let arg_s = |i: usize| a.get(i).map(to_str).unwrap_or_default();
        let arg_i = |i: usize| a.get(i).and_then(to_i64);
        // A job's own methods: StopJob() is what Stop-Job calls.
        if let Value::Job(job) = obj {
            match n.as_str() {
                // Job2's API: StopJob(), StopJob(force, reason) and their Async forms
                // (which finish before they return here: the stop is immediate).
                "stopjob" | "stopjobasync" if argc == 0 || argc == 2 => {
                    crate::engine::job::stop_job(&self.rt, job);
                    return Ok(None);
                }
                "startjob" | "startjobasync" if argc == 0 && job.kind == JobKind::Thread => {
                    crate::engine::job::start_job_now(&self.rt, job);
                    return Ok(None);
                }
                "loadjobstreams" | "dispose" if argc == 0 => return Ok(None),
                _ => {}
            }
        }
        if let Value::Live(l) = obj {
            // What a .NET collection's method adds is charged before it is kept.
            self.rt.budget.make_room(added_bytes(&n, a))?;
            // A .NET method's exception reaches the script as MethodInvocationException.
            if let Some(r) = l.call(name, a) {
                return r.map_err(|e| method_exception(name, a.len(), &e.message, &e.fqid));
            }
            if n == "tostring" && argc == 0 {
                return Ok(Some(s(&l.to_text())));
            }
        }
        // A property's accessor methods, which PowerShell lets scripts call by name
        // (`$h.get_Keys()`, `$list.get_Item(0)`).
        if let Some(prop) = name
            .get(4..)
            .filter(|_| n.starts_with("get_") && !obj.is_null())
        {
            match a {
                [] => {
                    if let Some(v) = property(obj, prop) {
                        return Ok(Some(v));
                    }
                }
                [key] if prop.eq_ignore_ascii_case("item") => {
                    let key = key.clone();
                    return self
                        .index(obj, &key, crate::lang::Span::default())
                        .map(Some)
                        .map_err(|f| match f {
                            crate::engine::error::Flow::Error(e, _) => (*e).clone(),
                            _ => method_not_found(obj, name),
                        });
                }
                _ => {}
            }
        }
        // Methods every object has.
        match n.as_str() {
            "gettype" if argc == 0 => {
                if obj.is_null() {
                    return Err(null_method());
                }
                return Ok(Some(type_object(&types::type_name_of(obj))));
            }
            "tostring" => {
                if obj.is_null() {
                    return Err(null_method());
                }
                let fmt = a.first().map(to_str);
                let dotnet = self.rs.profile.dotnet;
                if let Some(f) = &fmt {
                    self.rt
                        .budget
                        .make_room(numfmt::precision_hint(f, dotnet))?;
                }
                let text = ops::format_value(obj, fmt.as_deref(), dotnet).map_err(|fault| {
                    method_exception("ToString", argc, fault.message(), "FormatException")
                })?;
                return Ok(Some(s(&text)));
            }
            "equals" if argc == 1 => {
                return Ok(Some(Value::Bool(
                    a.first().is_some_and(|b| ops::equals(obj, b, true)),
                )));
            }
            "gethashcode" => {
                return Ok(Some(Value::Int(
                    (to_str(obj)
                        .bytes()
                        .fold(17u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))))
                        as i32,
                )));
            }
            _ => {}
        }
        let some = |v: Value| Ok(Some(v));
        match obj {
            Value::Null => Err(null_method()),
            Value::Str(st) => {
                let st: &str = st;
                match n.as_str() {
                    "toupper" | "toupperinvariant" => some(s(&st.to_uppercase())),
                    "tolower" | "tolowerinvariant" => some(s(&st.to_lowercase())),
                    "trim" | "trimstart" | "trimend" => {
                        let set: Vec<char> = if argc == 0 {
                            Vec::new()
                        } else {
                            a.iter()
                                .flat_map(|v| to_str(v).chars().collect::<Vec<_>>())
                                .collect()
                        };
                        let pred = |c: char| {
                            if set.is_empty() {
                                c.is_whitespace()
                            } else {
                                set.contains(&c)
                            }
                        };
                        some(s(match n.as_str() {
                            "trim" => st.trim_matches(pred),
                            "trimstart" => st.trim_start_matches(pred),
                            _ => st.trim_end_matches(pred),
                        }))
                    }
                    "split" => {
                        let seps: Vec<char> = a
                            .iter()
                            .flat_map(|v| to_str(v).chars().collect::<Vec<_>>())
                            .collect();
                        let parts: Vec<Value> = if seps.is_empty() {
                            st.split(char::is_whitespace).map(s).collect()
                        } else {
                            st.split(|c| seps.contains(&c)).map(s).collect()
                        };
                        some(Value::array(parts))
                    }
                    "replace" if argc == 2 => {
                        let (old, new) = (arg_s(0), arg_s(1));
                        if old.is_empty() {
                            let message = match self.rs.profile.edition {
                                crate::engine::runtime::Edition::Desktop51 => {
                                    "String cannot be of zero length."
                                }
                                crate::engine::runtime::Edition::Core7 => {
                                    "The value cannot be an empty string."
                                }
                            };
                            return Err(self.argument_error(
                                (name, argc),
                                message,
                                "oldValue",
                                "ArgumentException",
                            ));
                        }
                        let grows = new.len().saturating_sub(old.len());
                        if grows > 0 {
                            let hits = st.matches(old.as_str()).count();
                            self.rt
                                .budget
                                .make_room(st.len().saturating_add(hits.saturating_mul(grows)))?;
                        }
                        some(s(&st.replace(&old, &new)))
                    }
                    "substring" => {
                        let chars: Vec<char> = st.chars().collect();
                        let start = arg_i(0).ok_or_else(|| bad_count(name, argc))?;
                        if start < 0 || start as usize > chars.len() {
                            return Err(method_exception(
                                name,
                                argc,
                                "startIndex cannot be larger than length of string.\r\nParameter name: startIndex",
                                "ArgumentOutOfRangeException",
                            ));
                        }
                        let start = start as usize;
                        let len = match arg_i(1) {
                            Some(l) if l < 0 || start + l as usize > chars.len() => {
                                return Err(method_exception(
                                    name,
                                    argc,
                                    "Index and length must refer to a location within the string.\r\nParameter name: length",
                                    "ArgumentOutOfRangeException",
                                ));
                            }
                            Some(l) => l as usize,
                            None => chars.len() - start,
                        };
                        some(s(&chars
                            .get(start..start + len)
                            .unwrap_or(&[])
                            .iter()
                            .collect::<String>()))
                    }
                    "indexof" => some(Value::Int(
                        st.to_string()
                            .find(&arg_s(0))
                            .map(|b| st.get(..b).map(|p| p.chars().count()).unwrap_or(0) as i32)
                            .unwrap_or(-1),
                    )),
                    "lastindexof" => some(Value::Int(
                        st.rfind(&arg_s(0))
                            .map(|b| st.get(..b).map(|p| p.chars().count()).unwrap_or(0) as i32)
                            .unwrap_or(-1),
                    )),
                    "contains" => some(Value::Bool(st.contains(&arg_s(0)))),
                    "startswith" => some(Value::Bool(st.starts_with(&arg_s(0)))),
                    "endswith" => some(Value::Bool(st.ends_with(&arg_s(0)))),
                    "padleft" | "padright" => {
                        let width = arg_i(0).unwrap_or(0).max(0) as usize;
                        // A pad of two billion: what .NET answers with OutOfMemoryException.
                        self.rt.budget.make_room(width.saturating_sub(st.len()))?;
                        let fill = a
                            .get(1)
                            .map(to_str)
                            .and_then(|f| f.chars().next())
                            .unwrap_or(' ');
                        let len = st.chars().count();
                        let pad: String =
                            std::iter::repeat_n(fill, width.saturating_sub(len)).collect();
                        some(s(&if n == "padleft" {
                            format!("{pad}{st}")
                        } else {
                            format!("{st}{pad}")
                        }))
                    }
                    "insert" => {
                        let value = arg_s(1);
                        let len = st.chars().count();
                        let at = match arg_i(0).map(usize::try_from) {
                            Some(Ok(i)) if i <= len => i,
                            _ => {
                                return Err(self.argument_error(
                                    (name, argc),
                                    "Specified argument was out of the range of valid values.",
                                    "startIndex",
                                    "ArgumentOutOfRangeException",
                                ));
                            }
                        };
                        self.rt.budget.make_room(st.len() + value.len())?;
                        let byte = st.char_indices().nth(at).map_or(st.len(), |(b, _)| b);
                        let (head, tail) = st.split_at(byte);
                        some(s(&format!("{head}{value}{tail}")))
                    }
                    "remove" => {
                        let chars: Vec<char> = st.chars().collect();
                        let i = arg_i(0).unwrap_or(0).clamp(0, chars.len() as i64) as usize;
                        let count = arg_i(1)
                            .map(|c| c.max(0) as usize)
                            .unwrap_or(chars.len() - i);
                        let end = (i + count).min(chars.len());
                        let mut out: String = chars.get(..i).unwrap_or(&[]).iter().collect();
                        out.extend(chars.get(end..).unwrap_or(&[]).iter());
                        some(s(&out))
                    }
                    "tochararray" => {
                        let count = st.chars().count();
                        self.rt.budget.make_room(count.saturating_mul(SLOT_BYTES))?;
                        some(Value::array(st.chars().map(Value::Char).collect()))
                    }
                    "compareto" => some(Value::Int(match st.cmp(arg_s(0).as_str()) {
                        std::cmp::Ordering::Less => -1,
                        std::cmp::Ordering::Equal => 0,
                        std::cmp::Ordering::Greater => 1,
                    })),
                    "normalize" => some(s(st)),
                    _ => Err(method_not_found(obj, name)),
                }
            }
            Value::Array(arr) => match n.as_str() {
                "contains" => {
                    some(Value::Bool(arr.borrow().iter().any(|x| {
                        a.first().is_some_and(|y| ops::equals(x, y, false))
                    })))
                }
                "indexof" => some(Value::Int(
                    arr.borrow()
                        .iter()
                        .position(|x| a.first().is_some_and(|y| ops::equals(x, y, false)))
                        .map(|i| i as i32)
                        .unwrap_or(-1),
                )),
                // $Error is an ArrayList, the one list of the runspace: it can be cleared.
                "clear" if Rc::ptr_eq(arr, &self.rs.errors) => {
                    arr.borrow_mut().clear();
                    Ok(None)
                }
                "add" | "remove" | "insert" | "removeat" | "clear" => Err(method_exception(
                    name,
                    argc,
                    "Collection was of a fixed size.",
                    "NotSupportedException",
                )),
                "clone" => some(Value::array(arr.borrow().clone())),
                "getenumerator" => some(obj.clone()),
                _ => {
                    // Method enumeration: call on each element (not again on an array met
                    // inside itself, nor past MAX_NESTING arrays down).
                    if !self.method_enumeration.enter(Rc::as_ptr(arr) as usize) {
                        return Ok(None);
                    }
                    let items = arr.borrow().clone();
                    let mut out = Vec::new();
                    let mut failed = None;
                    for item in items {
                        match self.call_method(&item, name, a) {
                            Ok(Some(v)) => out.push(v),
                            Ok(None) => {}
                            Err(e) => {
                                failed = Some(e);
                                break;
                            }
                        }
                    }
                    self.method_enumeration.leave();
                    match failed {
                        Some(e) => Err(e),
                        None => some(collect_value(out)),
                    }
                }
            },
            Value::Hashtable(h) => match n.as_str() {
                "containskey" | "contains" => some(Value::Bool(
                    h.borrow().contains(a.first().unwrap_or(&Value::Null)),
                )),
                "containsvalue" => {
                    some(Value::Bool(h.borrow().entries.iter().any(|(_, v)| {
                        a.first().is_some_and(|y| ops::equals(v, y, false))
                    })))
                }
                "add" if argc == 2 => {
                    let key = a.first().cloned().unwrap_or(Value::Null);
                    if h.borrow().contains(&key) {
                        return Err(method_exception(
                            name,
                            argc,
                            &format!(
                                "Item has already been added. Key in dictionary: '{}'  Key being added: '{}'",
                                to_str(&key),
                                to_str(&key)
                            ),
                            "ArgumentException",
                        ));
                    }
                    let value = a.get(1).cloned().unwrap_or(Value::Null);
                    self.rt
                        .budget
                        .make_room(HASHTABLE_ENTRY_BYTES + key.new_bytes() + value.new_bytes())?;
                    h.borrow_mut().insert(key, value);
                    Ok(None)
                }
                "remove" if argc == 1 => {
                    h.borrow_mut().remove(a.first().unwrap_or(&Value::Null));
                    Ok(None)
                }
                "clear" => {
                    h.borrow_mut().entries.clear();
                    Ok(None)
                }
                "clone" => some(Value::Hashtable(Rc::new(std::cell::RefCell::new(
                    h.borrow().clone(),
                )))),
                "getenumerator" => some(Value::array(
                    h.borrow()
                        .entries
                        .iter()
                        .map(|(k, v)| dictionary_entry(k, v))
                        .collect(),
                )),
                _ => Err(method_not_found(obj, name)),
            },
            Value::DateTime(d) => {
                let f = a.first().and_then(to_f64).unwrap_or(0.0);
                // .NET's DateTime runs from 0001 to 9999; past either end it throws
                // ArgumentOutOfRangeException, which the script sees as MethodInvocationException.
                let out_of_range = |message: &str, param: &str| {
                    self.argument_error((name, argc), message, param, "ArgumentOutOfRangeException")
                };
                let unrepresentable =
                    "The added or subtracted value results in an un-representable DateTime.";
                let add = |ticks: f64| match d.checked_add_ticks(ticks) {
                    Some(t) => some(Value::DateTime(t)),
                    None if ticks.abs() >= MAX_ADD_TICKS || ticks.is_nan() => {
                        Err(out_of_range("Value to add was out of range.", "value"))
                    }
                    None => Err(out_of_range(unrepresentable, "value")),
                };
                match n.as_str() {
                    "adddays" => add(f * TICKS_PER_DAY as f64),
                    "addhours" => add(f * 3600.0 * TICKS_PER_SECOND as f64),
                    "addminutes" => add(f * 60.0 * TICKS_PER_SECOND as f64),
                    "addseconds" => add(f * TICKS_PER_SECOND as f64),
                    "addmilliseconds" => add(f * TICKS_PER_MS as f64),
                    "addticks" => match d.checked_add_ticks(f) {
                        Some(t) => some(Value::DateTime(t)),
                        None => Err(out_of_range(unrepresentable, "value")),
                    },
                    "addyears" if f.abs() > 10_000.0 => Err(out_of_range(
                        "Years value must be between +/-10000.",
                        "years",
                    )),
                    "addmonths" if f.abs() > 120_000.0 => Err(out_of_range(
                        "Months value must be between +/-120000.",
                        "months",
                    )),
                    "addmonths" | "addyears" => {
                        let (y, m, day) = d.date_parts();
                        let months = if n == "addmonths" {
                            f as i64
                        } else {
                            f as i64 * 12
                        };
                        let total = y * 12 + (m - 1) + months;
                        if !(12..10_000 * 12).contains(&total) {
                            return Err(out_of_range(unrepresentable, "months"));
                        }
                        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
                        let nd =
                            DateTime::from_parts(ny, nm, day.min(days_in_month(ny, nm)), 0, 0, 0);
                        some(Value::DateTime(DateTime(
                            nd.0 + d.0.rem_euclid(TICKS_PER_DAY),
                        )))
                    }
                    "toshortdatestring" => some(s(&d.format("d"))),
                    "tolongdatestring" => some(s(&d.format("D"))),
                    "toshorttimestring" => some(s(&d.format("t"))),
                    "tolongtimestring" => some(s(&d.format("T"))),
                    "subtract" => match a.first() {
                        Some(Value::DateTime(o)) => some(Value::TimeSpan(TimeSpan(d.0 - o.0))),
                        Some(Value::TimeSpan(t)) => some(Value::DateTime(DateTime(d.0 - t.0))),
                        _ => Err(bad_count(name, argc)),
                    },
                    "touniversaltime" | "tolocaltime" => some(obj.clone()),
                    _ => Err(method_not_found(obj, name)),
                }
            }
            Value::Object(o) => {
                if let Some(Value::ScriptBlock(_)) = o.get(&format!("__method_{n}")) {
                    return Err(method_not_found(obj, name));
                }
                Err(method_not_found(obj, name))
            }
            Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_) => {
                match n.as_str() {
                    "compareto" => some(Value::Int(
                        match ops::compare(obj, a.first().unwrap_or(&Value::Null), false) {
                            Some(std::cmp::Ordering::Less) => -1,
                            Some(std::cmp::Ordering::Greater) => 1,
                            _ => 0,
                        },
                    )),
                    _ => Err(method_not_found(obj, name)),
                }
            }
            _ => Err(method_not_found(obj, name)),
        }
    }
}

/// What a method of a .NET collection adds to it: each new item's slot and whatever of it
/// nothing else holds yet.
fn added_bytes(method: &str, args: &[Value]) -> usize {
    let kept = |v: &Value| v.new_bytes() + SLOT_BYTES;
    match method {
        "add" | "insert" | "tryadd" | "push" | "enqueue" | "set_item" => {
            args.iter().map(kept).fold(0, usize::saturating_add)
        }
        "addrange" | "insertrange" | "pushrange" => args
            .last()
            .map(|v| {
                v.enumerate()
                    .iter()
                    .map(kept)
                    .fold(0, usize::saturating_add)
            })
            .unwrap_or(0),
        _ => 0,
    }
}

/// What a parsed script holds per character of its text, measured: a 2.8 MB chain of
/// `-replace` took 118 MB to parse (its chars, four bytes each, and its syntax tree).
const PARSED_BYTES_PER_CHAR: usize = 42;

/// DateTime.Add's limit: ten thousand years of milliseconds, in ticks.
const MAX_ADD_TICKS: f64 = 315_537_897_600_000.0 * TICKS_PER_MS as f64;

fn null_method() -> ErrorRecord {
    ErrorRecord::runtime(
        "You cannot call a method on a null-valued expression.",
        "InvokeMethodOnNull",
        Category::InvalidOperation,
    )
}

fn property_not_found(obj: &Value, name: &str) -> ErrorRecord {
    ErrorRecord::runtime(
        format!("The property '{name}' cannot be found on this object. Verify that the property exists and can be set."),
        "PropertyNotFound",
        Category::InvalidOperation,
    )
    .with_target(obj.clone())
}

pub fn dictionary_entry(k: &Value, v: &Value) -> Value {
    Value::Object(PSObject::new(
        &[
            "System.Collections.DictionaryEntry",
            "System.ValueType",
            "System.Object",
        ],
        vec![
            ("Name", k.clone()),
            ("Key", k.clone()),
            ("Value", v.clone()),
        ],
    ))
}

/// A property of a value, or None when it has no such property.
pub fn property(obj: &Value, name: &str) -> Option<Value> {
    property_within(obj, name, &mut convert::Inside::default())
}

/// `property`, inside the collections whose members are being enumerated: one met again,
/// or past MAX_NESTING, has nothing more to give.
fn property_within(obj: &Value, name: &str, inside: &mut convert::Inside) -> Option<Value> {
    if let Value::Noted(noted) = obj {
        let note = noted
            .origin
            .notes()
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        return note
            .map(|(_, v)| v)
            .or_else(|| property_within(&noted.base, name, inside));
    }
    let n = name.to_ascii_lowercase();
    match obj {
        Value::Null => None,
        Value::Str(st) => match n.as_str() {
            "length" => Some(Value::Int(st.chars().count() as i32)),
            _ => None,
        },
        Value::Array(arr) => match n.as_str() {
            "count" | "length" => Some(Value::Int(arr.borrow().len() as i32)),
            "rank" => Some(Value::Int(1)),
            _ => {
                // Member enumeration.
                if !inside.enter(Rc::as_ptr(arr) as usize) {
                    return None;
                }
                let items = arr.borrow().clone();
                let mut out = Vec::new();
                for item in items {
                    match property_within(&item, name, inside) {
                        Some(Value::Array(ref inner)) => out.extend(inner.borrow().iter().cloned()),
                        Some(Value::Null) | None => {}
                        // A collection (a job's Error, a List) is unrolled as an array is:
                        // `$jobs.Error` is the jobs' errors, not their collections.
                        Some(Value::Live(ref l)) if l.items().is_some() => {
                            out.extend(l.items().unwrap_or_default());
                        }
                        Some(v) => out.push(v),
                    }
                }
                inside.leave();
                match out.len() {
                    0 => None,
                    1 => out.pop(),
                    _ => Some(Value::array(out)),
                }
            }
        },
        Value::Hashtable(h) => {
            let hb = h.borrow();
            if let Some(v) = hb.get_str(name) {
                return Some(v);
            }
            match n.as_str() {
                "count" => Some(Value::Int(hb.entries.len() as i32)),
                "keys" => Some(Value::array(
                    hb.entries.iter().map(|(k, _)| k.clone()).collect(),
                )),
                "values" => Some(Value::array(
                    hb.entries.iter().map(|(_, v)| v.clone()).collect(),
                )),
                _ => None,
            }
        }
        Value::Job(job) => crate::engine::job_props::job_property(job, name),
        // A collection's own properties, else its items' (member enumeration).
        Value::Live(l) => l.property(name).or_else(|| {
            let items = l.items()?;
            if !inside.enter(Rc::as_ptr(l) as *const () as usize) {
                return None;
            }
            let found = property_within(&Value::array(items), name, inside);
            inside.leave();
            found
        }),
        Value::Object(o) => {
            if let Some(v) = o.get(name) {
                return Some(v);
            }
            match n.as_str() {
                "psobject" => Some(psobject_view(obj)),
                "pstypenames" => Some(Value::array(
                    o.type_names.iter().map(|t| Value::Str(t.clone())).collect(),
                )),
                _ => None,
            }
        }
        Value::DateTime(d) => Some(match n.as_str() {
            "year" => Value::Int(d.year() as i32),
            "month" => Value::Int(d.month() as i32),
            "day" => Value::Int(d.day() as i32),
            "hour" => Value::Int(d.hour() as i32),
            "minute" => Value::Int(d.minute() as i32),
            "second" => Value::Int(d.second() as i32),
            "millisecond" => Value::Int(d.millisecond() as i32),
            "dayofweek" => Value::Enum(crate::engine::value::EnumValue {
                type_name: "System.DayOfWeek",
                name: d.day_of_week_name(),
                value: d.day_of_week() as i64,
            }),
            "dayofyear" => Value::Int(d.day_of_year() as i32),
            "date" => Value::DateTime(d.date()),
            "ticks" => Value::Long(d.0),
            "timeofday" => Value::TimeSpan(TimeSpan(d.0 - d.date().0)),
            "datetime" => Value::str(&d.to_display()),
            "kind" => Value::str("Local"),
            _ => return None,
        }),
        Value::TimeSpan(t) => Some(match n.as_str() {
            "days" => Value::Int(t.days() as i32),
            "hours" => Value::Int(t.hours() as i32),
            "minutes" => Value::Int(t.minutes() as i32),
            "seconds" => Value::Int(t.seconds() as i32),
            "milliseconds" => Value::Int(t.milliseconds() as i32),
            "ticks" => Value::Long(t.0),
            "totaldays" => Value::Double(t.0 as f64 / TICKS_PER_DAY as f64),
            "totalhours" => Value::Double(t.0 as f64 / (3600 * TICKS_PER_SECOND) as f64),
            "totalminutes" => Value::Double(t.0 as f64 / (60 * TICKS_PER_SECOND) as f64),
            "totalseconds" => Value::Double(t.0 as f64 / TICKS_PER_SECOND as f64),
            "totalmilliseconds" => Value::Double(t.total_ms()),
            _ => return None,
        }),
        Value::Type(t) => Some(match n.as_str() {
            "name" => Value::str(&types::short_name_full(t)),
            "fullname" => Value::str(t),
            "namespace" => Value::str(t.rsplit_once('.').map(|(ns, _)| ns).unwrap_or("")),
            _ => return None,
        }),
        Value::Error(e) => crate::engine::error_object::record_property(e, name),
        Value::Enum(e) => match n.as_str() {
            "value__" => Some(Value::Long(e.value)),
            _ => None,
        },
        _ => None,
    }
}

pub fn exception_object(e: &crate::engine::error::ErrorRecord) -> Value {
    crate::engine::error_object::exception(e)
}

/// `$x.PSObject`: TypeNames and Properties.
fn psobject_view(obj: &Value) -> Value {
    let names = types::type_names_of(obj);
    let props = match obj {
        Value::Object(o) => o
            .props
            .borrow()
            .iter()
            .filter(|p| !p.name.starts_with("__"))
            .map(|p| {
                Value::Object(PSObject::new(
                    &[
                        "System.Management.Automation.PSNoteProperty",
                        "System.Object",
                    ],
                    vec![
                        ("Name", Value::Str(p.name.clone())),
                        ("Value", p.value.clone()),
                        (
                            "TypeNameOfValue",
                            Value::str(&types::type_name_of(&p.value)),
                        ),
                    ],
                ))
            })
            .collect(),
        _ => Vec::new(),
    };
    Value::Object(PSObject::new(
        &["System.Management.Automation.PSObject", "System.Object"],
        vec![
            (
                "TypeNames",
                Value::array(names.iter().map(|n| Value::str(n)).collect()),
            ),
            ("Properties", Value::array(props)),
            ("BaseObject", obj.clone()),
        ],
    ))
}

/// The property names of an object in order (hashtable keys are not properties).
pub fn property_names(v: &Value) -> Vec<String> {
    match v {
        // Notes first, as PowerShell lists a wrapped value's properties.
        Value::Noted(n) => n
            .origin
            .notes()
            .iter()
            .map(|(name, _)| name.to_string())
            .chain(property_names(&n.base))
            .collect(),
        Value::Object(o) => o
            .props
            .borrow()
            .iter()
            .filter(|p| !p.name.starts_with("__"))
            .map(|p| p.name.to_string())
            .collect(),
        Value::Str(_) => vec!["Length".into()],
        Value::Job(_) => crate::engine::job_props::JOB_PROPERTIES
            .iter()
            .map(|p| p.to_string())
            .collect(),
        Value::Live(l) => crate::engine::live::property_names(l.as_ref())
            .map(str::to_string)
            .collect(),
        Value::DateTime(_) => [
            "DisplayHint",
            "DateTime",
            "Date",
            "Day",
            "DayOfWeek",
            "DayOfYear",
            "Hour",
            "Kind",
            "Millisecond",
            "Minute",
            "Month",
            "Second",
            "Ticks",
            "TimeOfDay",
            "Year",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        Value::TimeSpan(_) => [
            "Ticks",
            "Days",
            "Hours",
            "Milliseconds",
            "Minutes",
            "Seconds",
            "TotalDays",
            "TotalHours",
            "TotalMilliseconds",
            "TotalMinutes",
            "TotalSeconds",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        Value::Hashtable(_) => vec![
            "IsReadOnly".into(),
            "IsFixedSize".into(),
            "IsSynchronized".into(),
            "Keys".into(),
            "Values".into(),
            "SyncRoot".into(),
            "Count".into(),
        ],
        _ => Vec::new(),
    }
}
