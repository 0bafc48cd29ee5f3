//! A function parameter's validation attributes (`[ValidateSet()]`, `[ValidateRange()]`,
//! ...), checked against each argument the caller binds, with the texts of PowerShell's
//! ValidateArgumentsAttribute classes. A collection is checked item by item.

use super::Interp;
use crate::engine::convert::{self, to_str};
use crate::engine::error::EvalResult;
use crate::engine::value::Value;
use crate::lang::ast::{Param, Validation};

/// Ok(Err(message)) when the value fails one of the parameter's validations.
pub async fn check(cx: &mut Interp, p: &Param, value: &Value) -> EvalResult<Result<(), String>> {
    for v in &p.validations {
        if let Err(message) = check_one(cx, v, value).await? {
            return Ok(Err(message));
        }
    }
    Ok(Ok(()))
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null | Value::Nothing => true,
        Value::Str(s) => s.is_empty(),
        Value::Array(a) => a.borrow().is_empty(),
        _ => false,
    }
}

async fn check_one(
    cx: &mut Interp,
    rule: &Validation,
    value: &Value,
) -> EvalResult<Result<(), String>> {
    let items = match value {
        Value::Array(a) => a.borrow().clone(),
        other => vec![other.clone()],
    };
    match rule {
        Validation::NotNull => {
            if value.is_null() || items.iter().any(Value::is_null) {
                return Ok(Err("The argument is null. Provide a valid value for the argument, and then try running the command again.".into()));
            }
        }
        Validation::NotNullOrEmpty => {
            if is_empty(value) || items.iter().any(is_empty) {
                return Ok(Err("The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.".into()));
            }
        }
        Validation::Set(allowed) => {
            for item in &items {
                let text = to_str(item);
                if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&text)) {
                    let set: Vec<&str> = allowed.iter().map(|a| &**a).collect();
                    return Ok(Err(format!(
                        "The argument \"{text}\" does not belong to the set \"{}\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
                        set.join(",")
                    )));
                }
            }
        }
        Validation::Range(lo, hi) => {
            let lo = cx.eval_expr(lo).await?;
            let hi = cx.eval_expr(hi).await?;
            let (Some(min), Some(max)) = (convert::to_f64(&lo), convert::to_f64(&hi)) else {
                return Ok(Ok(()));
            };
            for item in &items {
                let Some(n) = convert::to_f64(item) else {
                    continue;
                };
                let shown = to_str(item);
                if n < min {
                    return Ok(Err(format!(
                        "The {shown} argument is less than the minimum allowed range of {}. Supply an argument that is greater than or equal to {} and then try the command again.",
                        to_str(&lo),
                        to_str(&lo)
                    )));
                }
                if n > max {
                    return Ok(Err(format!(
                        "The {shown} argument is greater than the maximum allowed range of {}. Supply an argument that is less than or equal to {} and then try the command again.",
                        to_str(&hi),
                        to_str(&hi)
                    )));
                }
            }
        }
        Validation::Length(lo, hi) => {
            let min = convert::to_i64(&cx.eval_expr(lo).await?).unwrap_or(0);
            let max = convert::to_i64(&cx.eval_expr(hi).await?).unwrap_or(i64::MAX);
            for item in &items {
                let len = to_str(item).chars().count() as i64;
                if len < min {
                    return Ok(Err(format!(
                        "The character length ({len}) of the argument is too short. Specify an argument with a length that is greater than or equal to \"{min}\", and then try the command again."
                    )));
                }
                if len > max {
                    return Ok(Err(format!(
                        "The character length ({len}) of the argument is too long. Specify an argument with a length that is shorter than or equal to \"{max}\", and then try the command again."
                    )));
                }
            }
        }
        Validation::Pattern(pattern) => {
            for item in &items {
                let text = to_str(item);
                let regex = crate::engine::ops::regex_over(pattern, false, &text)
                    .map_err(crate::engine::error::Flow::error)?;
                if !regex.is_match(&text) {
                    return Ok(Err(format!(
                        "The argument \"{text}\" does not match the \"{pattern}\" pattern. Supply an argument that matches \"{pattern}\" and try the command again."
                    )));
                }
            }
        }
        Validation::Script(script) => {
            for item in &items {
                let result = cx
                    .invoke_block_value(script, Some(item.clone()), Vec::new(), true)
                    .await?;
                if !convert::to_bool(&result) {
                    return Ok(Err(format!(
                        "The \"{}\" validation script for the argument with value \"{}\" did not return a result of True. Determine why the validation script failed, and then try the command again.",
                        script.text(),
                        to_str(item)
                    )));
                }
            }
        }
    }
    Ok(Ok(()))
}
