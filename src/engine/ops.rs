//! Operators with PowerShell's rules: the left operand picks the operation, Int32 overflow
//! widens to Double, comparisons are case-insensitive unless `c`-prefixed, and an array on the
//! left of a comparison filters.

use super::convert::{to_bool, to_f64, to_number, to_str};
use super::error::{Category, ErrorRecord};
use super::numfmt::{self, DotNet, FormatFault, format_number};
use super::types;
use super::value::{Hashtable, Value};
use crate::lang::ast::{BinOp, CmpOp};
use std::cell::RefCell;
use std::rc::Rc;

pub type OpResult = Result<Value, ErrorRecord>;

fn op_not_found(left: &Value, op: &str) -> ErrorRecord {
    let t = types::type_name_of(left);
    ErrorRecord::runtime(
        format!("Method invocation failed because [{t}] does not contain a method named '{op}'."),
        "MethodNotFound",
        Category::InvalidOperation,
    )
    .with_target(left.clone())
}

fn number_or_error(v: &Value, target: &str) -> Result<Value, ErrorRecord> {
    to_number(v).ok_or_else(|| match v {
        Value::Str(s) => ErrorRecord::new(
            "System.Management.Automation.RuntimeException",
            format!("Cannot convert value \"{s}\" to type \"{target}\". Error: \"Input string was not in a correct format.\""),
            "InvalidCastFromStringToInteger",
            Category::InvalidArgument,
        ),
        other => ErrorRecord::runtime(
            format!(
                "Cannot convert the \"{}\" value of type \"{}\" to type \"{target}\".",
                to_str(other),
                types::type_name_of(other)
            ),
            "ConvertToFinalInvalidCastException",
            Category::InvalidArgument,
        ),
    })
}

fn divide_by_zero() -> ErrorRecord {
    let mut e = ErrorRecord::runtime(
        "Attempted to divide by zero.",
        "RuntimeException",
        Category::NotSpecified,
    );
    e.inner_exception = Some(Rc::from("System.DivideByZeroException"));
    e
}

#[derive(Clone, Copy)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// Numeric arithmetic with PowerShell's widening.
fn numeric(a: &Value, b: &Value, op: Arith) -> OpResult {
    let target = match a {
        Value::Long(_) => "System.Int64",
        Value::Double(_) => "System.Double",
        _ => "System.Int32",
    };
    let a = number_or_error(a, target)?;
    let b = number_or_error(b, target)?;
    match (&a, &b) {
        (Value::Int(x), Value::Int(y)) => int_op(i64::from(*x), i64::from(*y), op, true),
        (Value::Int(_) | Value::Long(_), Value::Int(_) | Value::Long(_)) => {
            let x = super::convert::to_i64(&a).unwrap_or(0);
            let y = super::convert::to_i64(&b).unwrap_or(0);
            int_op(x, y, op, false)
        }
        (Value::Decimal(_), _) | (_, Value::Decimal(_)) => decimal_op(&a, &b, op),
        _ => {
            let (x, y) = (to_f64(&a).unwrap_or(0.0), to_f64(&b).unwrap_or(0.0));
            Ok(Value::Double(float_op(x, y, op)))
        }
    }
}

/// Decimal arithmetic is checked, as DecimalOps is: a result beyond ±79228162514264337593543950335
/// is .NET's OverflowException as a PowerShell error, not a wrapped or rounded number.
fn decimal_op(a: &Value, b: &Value, op: Arith) -> OpResult {
    let overflow = || {
        ErrorRecord::runtime(
            "Value was either too large or too small for a Decimal.",
            "RuntimeException",
            Category::NotSpecified,
        )
    };
    let x = super::convert::to_decimal(a).ok_or_else(overflow)?;
    let y = super::convert::to_decimal(b).ok_or_else(overflow)?;
    if matches!(op, Arith::Div | Arith::Rem) && y.is_zero() {
        return Err(divide_by_zero());
    }
    let r = match op {
        Arith::Add => x.checked_add(y),
        Arith::Sub => x.checked_sub(y),
        Arith::Mul => x.checked_mul(y),
        Arith::Div => x.checked_div(y),
        Arith::Rem => x.checked_rem(y),
    };
    r.map(Value::Decimal).ok_or_else(overflow)
}

fn float_op(x: f64, y: f64, op: Arith) -> f64 {
    match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div => x / y,
        Arith::Rem => x % y,
    }
}

fn int_op(x: i64, y: i64, op: Arith, both_int32: bool) -> OpResult {
    let fits = |r: i64| -> Value {
        if both_int32 {
            match i32::try_from(r) {
                Ok(i) => Value::Int(i),
                Err(_) => Value::Double(r as f64),
            }
        } else {
            Value::Long(r)
        }
    };
    let widen = || Value::Double(float_op(x as f64, y as f64, op));
    Ok(match op {
        Arith::Add => x.checked_add(y).map(fits).unwrap_or_else(widen),
        Arith::Sub => x.checked_sub(y).map(fits).unwrap_or_else(widen),
        Arith::Mul => x.checked_mul(y).map(fits).unwrap_or_else(widen),
        Arith::Div => {
            if y == 0 {
                return Err(divide_by_zero());
            }
            // MinValue / -1 does not fit: a double, as IntOps.Divide promotes it.
            if x.checked_rem(y) == Some(0) {
                x.checked_div(y).map(fits).unwrap_or_else(widen)
            } else {
                Value::Double(x as f64 / y as f64)
            }
        }
        Arith::Rem => {
            if y == 0 {
                return Err(divide_by_zero());
            }
            // MinValue % -1 overflows in the CLR; IntOps.Remainder hard-codes its 0.
            fits(x.checked_rem(y).unwrap_or(0))
        }
    })
}

/// The longest string and array `*` makes, and the most numbers a range holds.
const MAX_STRING: usize = 100_000_000;
const MAX_ARRAY: usize = 10_000_000;
const MAX_RANGE: usize = 50_000_000;

/// What the value an operator makes will hold (its text or its list of items), known from
/// its operands before it is made: the memory budget checks it first. Zero for operators
/// whose results are small.
pub fn result_bytes(op: BinOp, a: &Value, b: &Value) -> usize {
    use super::value::SLOT_BYTES;
    let count = result_count;
    let text_len = |v: &Value| match v {
        Value::Str(s) => s.len(),
        Value::Array(_) | Value::Hashtable(_) | Value::Object(_) => 0,
        _ => 24,
    };
    let times = |v: &Value| super::convert::to_i64(v).unwrap_or(0).max(0) as usize;
    // Past PowerShell's own limits (see `mul` and `range`) the operator refuses with its own
    // error, which comes first.
    let within = |n: usize, max: usize| if n > max { 0 } else { n };
    // Text is built, then copied into its shared form: for a moment it is there twice.
    match (op, a) {
        (BinOp::Add, Value::Str(s)) => (s.len().saturating_add(text_len(b)) + 40).saturating_mul(2),
        (BinOp::Add, Value::Array(_)) => (count(a) + count(b)).saturating_mul(SLOT_BYTES),
        (BinOp::Mul, Value::Str(s)) => {
            within(s.len().saturating_mul(times(b)), MAX_STRING).saturating_mul(2)
        }
        (BinOp::Mul, Value::Array(_)) => {
            within(count(a).saturating_mul(times(b)), MAX_ARRAY).saturating_mul(SLOT_BYTES)
        }
        (BinOp::Cmp(CmpOp::Replace, cs), Value::Str(s)) => replace_bytes(s, b, cs),
        (BinOp::Range, _) => match (super::convert::to_i64(a), super::convert::to_i64(b)) {
            (Some(x), Some(y)) => within(x.abs_diff(y) as usize, MAX_RANGE)
                .saturating_add(1)
                .saturating_mul(SLOT_BYTES),
            _ => 0,
        },
        _ => 0,
    }
}

/// What `-replace` makes of one string: the input plus each match's growth. Counting the
/// matches costs a pass of the regex, so it is done only when the result could be large.
fn replace_bytes(input: &str, args: &Value, cs: bool) -> usize {
    let parts = args.enumerate();
    let replacement = parts.get(1).map(to_str).unwrap_or_default();
    let most = input
        .len()
        .saturating_add(1)
        .saturating_mul(replacement.len());
    if most < 1 << 20 {
        return 0;
    }
    let pattern = parts.first().map(to_str).unwrap_or_default();
    let Ok(re) = regex_over(&pattern, cs, input) else {
        return 0;
    };
    let hits = re.find_iter(input).count();
    input
        .len()
        .saturating_add(hits.saturating_mul(replacement.len()))
        .saturating_mul(2)
}

/// How many items a value adds to an array.
fn result_count(v: &Value) -> usize {
    match v {
        Value::Array(items) => items.try_borrow().map_or(0, |i| i.len()),
        _ => 1,
    }
}

pub fn add(a: &Value, b: &Value) -> OpResult {
    match a {
        Value::Null => Ok(match b {
            Value::Null => Value::Null,
            other => other.clone(),
        }),
        Value::Str(s) => Ok(Value::Str(match b {
            Value::Str(t) => {
                let mut joined = String::with_capacity(s.len() + t.len());
                joined.push_str(s);
                joined.push_str(t);
                Rc::from(joined)
            }
            other => Rc::from(format!("{s}{}", to_str(other))),
        })),
        Value::Char(c) => Ok(Value::Str(Rc::from(format!("{c}{}", to_str(b)).as_str()))),
        Value::Array(arr) => {
            let arr = arr.borrow();
            let mut items = Vec::with_capacity(arr.len() + result_count(b));
            items.extend(arr.iter().cloned());
            match b {
                Value::Array(other) => items.extend(other.borrow().iter().cloned()),
                other => items.push(other.clone()),
            }
            Ok(Value::array(items))
        }
        Value::Hashtable(h) => match b {
            Value::Hashtable(other) => {
                let mut merged: Hashtable = h.borrow().clone();
                for (k, v) in other.borrow().entries.iter() {
                    if merged.contains(k) {
                        return Err(ErrorRecord::new(
                            "System.ArgumentException",
                            format!(
                                "Item has already been added. Key in dictionary: '{}'  Key being added: '{}'",
                                to_str(k),
                                to_str(k)
                            ),
                            "System.ArgumentException",
                            Category::NotSpecified,
                        ));
                    }
                    merged.insert(k.clone(), v.clone());
                }
                Ok(Value::Hashtable(Rc::new(RefCell::new(merged))))
            }
            _ => Err(ErrorRecord::runtime(
                "A hash table can only be added to another hash table.",
                "AddHashTableToNonHashTable",
                Category::InvalidOperation,
            )),
        },
        Value::DateTime(d) => match b {
            Value::TimeSpan(t) => d
                .checked_add_ticks(t.0 as f64)
                .map(Value::DateTime)
                .ok_or_else(|| unrepresentable_date("op_Addition")),
            _ => Err(op_not_found(a, "op_Addition")),
        },
        Value::TimeSpan(t) => match b {
            Value::TimeSpan(u) => Ok(Value::TimeSpan(super::time::TimeSpan(
                t.0.saturating_add(u.0),
            ))),
            _ => Err(op_not_found(a, "op_Addition")),
        },
        Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_) | Value::Bool(_) => {
            numeric(a, b, Arith::Add)
        }
        _ => Err(op_not_found(a, "op_Addition")),
    }
}

/// DateTime's ArgumentOutOfRangeException past 9999 or before 0001, from its operator.
fn unrepresentable_date(operator: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.MethodInvocationException",
        format!(
            "Exception calling \"{operator}\" with \"2\" argument(s): \"The added or subtracted value results in an un-representable DateTime.\""
        ),
        "ArgumentOutOfRangeException",
        Category::NotSpecified,
    )
}

pub fn sub(a: &Value, b: &Value) -> OpResult {
    match (a, b) {
        (Value::DateTime(x), Value::DateTime(y)) => {
            Ok(Value::TimeSpan(super::time::TimeSpan(x.0 - y.0)))
        }
        (Value::DateTime(x), Value::TimeSpan(t)) => x
            .checked_add_ticks(-(t.0 as f64))
            .map(Value::DateTime)
            .ok_or_else(|| unrepresentable_date("op_Subtraction")),
        (Value::TimeSpan(x), Value::TimeSpan(y)) => {
            Ok(Value::TimeSpan(super::time::TimeSpan(x.0 - y.0)))
        }
        (Value::Array(_) | Value::Hashtable(_) | Value::Object(_), _) => {
            Err(op_not_found(a, "op_Subtraction"))
        }
        _ => numeric(a, b, Arith::Sub),
    }
}

pub fn mul(a: &Value, b: &Value) -> OpResult {
    match a {
        Value::Str(s) => {
            let n = super::convert::to_i64(b).unwrap_or(0).max(0) as usize;
            if s.len().saturating_mul(n) > MAX_STRING {
                return Err(ErrorRecord::runtime(
                    "Array or string is too large.",
                    "OutOfMemory",
                    Category::LimitsExceeded,
                ));
            }
            Ok(Value::Str(Rc::from(s.repeat(n).as_str())))
        }
        Value::Array(arr) => {
            let n = super::convert::to_i64(b).unwrap_or(0).max(0) as usize;
            let items = arr.borrow();
            if items.len().saturating_mul(n) > MAX_ARRAY {
                return Err(ErrorRecord::runtime(
                    "Array or string is too large.",
                    "OutOfMemory",
                    Category::LimitsExceeded,
                ));
            }
            let mut out = Vec::with_capacity(items.len() * n);
            for _ in 0..n {
                out.extend(items.iter().cloned());
            }
            Ok(Value::array(out))
        }
        Value::Hashtable(_) | Value::Object(_) => Err(op_not_found(a, "op_Multiply")),
        _ => numeric(a, b, Arith::Mul),
    }
}

pub fn div(a: &Value, b: &Value) -> OpResult {
    match a {
        Value::Array(_) | Value::Hashtable(_) | Value::Object(_) => {
            Err(op_not_found(a, "op_Division"))
        }
        _ => numeric(a, b, Arith::Div),
    }
}

pub fn rem(a: &Value, b: &Value) -> OpResult {
    match a {
        Value::Array(_) | Value::Hashtable(_) | Value::Object(_) => {
            Err(op_not_found(a, "op_Modulus"))
        }
        _ => numeric(a, b, Arith::Rem),
    }
}

/// `a..b`: inclusive, counting down when b < a.
pub fn range(a: &Value, b: &Value) -> OpResult {
    let (x, y) = range_bounds(a, b)?;
    Ok(Value::array(range_values(x, y).collect()))
}

/// The ends of `a..b`, as numbers, within PowerShell's limit on a range's length.
pub fn range_bounds(a: &Value, b: &Value) -> Result<(i64, i64), ErrorRecord> {
    let bad = |v: &Value| {
        ErrorRecord::runtime(
            format!(
                "Cannot convert value \"{}\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"",
                to_str(v)
            ),
            "InvalidCastFromStringToInteger",
            Category::InvalidArgument,
        )
    };
    let x = super::convert::to_i64(a).ok_or_else(|| bad(a))?;
    let y = super::convert::to_i64(b).ok_or_else(|| bad(b))?;
    if x.abs_diff(y) > MAX_RANGE as u64 {
        return Err(ErrorRecord::runtime(
            "The range is too large. The number of elements in a range cannot exceed 50,000,000.",
            "RangeTooLarge",
            Category::InvalidOperation,
        ));
    }
    Ok((x, y))
}

/// The numbers from `x` to `y`, one at a time (a loop or pipeline over a range never holds
/// the whole list).
pub fn range_values(x: i64, y: i64) -> impl Iterator<Item = Value> {
    let up = x <= y;
    (0..=x.abs_diff(y)).map(move |k| {
        let k = k as i64;
        int_value(if up { x + k } else { x - k })
    })
}

fn int_value(i: i64) -> Value {
    match i32::try_from(i) {
        Ok(v) => Value::Int(v),
        Err(_) => Value::Long(i),
    }
}

/// `5.1.19041.4291` → its parts (two to four whole numbers), missing ones as -1.
pub fn parse_version(text: &str) -> Option<Vec<i64>> {
    let parts: Vec<&str> = text.trim().split('.').collect();
    if !(2..=4).contains(&parts.len()) {
        return None;
    }
    let mut nums: Vec<i64> = parts
        .iter()
        .map(|p| p.parse::<i64>().ok().filter(|n| *n >= 0))
        .collect::<Option<Vec<i64>>>()?;
    nums.resize(4, -1);
    Some(nums)
}

/// The parts of a System.Version object.
fn version_parts(v: &Value) -> Option<Vec<i64>> {
    let Value::Object(o) = v else {
        return None;
    };
    if !o.type_names.iter().any(|t| t.as_ref() == "System.Version") {
        return None;
    }
    ["Major", "Minor", "Build", "Revision"]
        .iter()
        .map(|p| o.get(p).and_then(|x| super::convert::to_i64(&x)))
        .collect()
}

/// Compares two scalars: Some(ordering) when comparable.
pub fn compare(a: &Value, b: &Value, cs: bool) -> Option<std::cmp::Ordering> {
    let (a, b) = (a.base(), b.base());
    use std::cmp::Ordering;
    match (a, b) {
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (Value::Null, _) => Some(Ordering::Less),
        (_, Value::Null) => Some(Ordering::Greater),
        (Value::Str(x), _) => {
            let y = to_str(b);
            Some(if cs {
                x.as_ref().cmp(y.as_str())
            } else {
                culture_cmp(x, &y)
            })
        }
        (Value::Char(x), _) => {
            let y = to_str(b);
            let xs = x.to_string();
            Some(if cs {
                xs.as_str().cmp(y.as_str())
            } else {
                culture_cmp(&xs, &y)
            })
        }
        (Value::DateTime(x), Value::DateTime(y)) => Some(x.cmp(y)),
        (Value::DateTime(x), Value::Str(s)) => super::time::DateTime::parse(s).map(|y| x.cmp(&y)),
        (Value::TimeSpan(x), Value::TimeSpan(y)) => Some(x.cmp(y)),
        // A System.Version compares part by part with another or with a version string.
        (Value::Object(_), _) if version_parts(a).is_some() => {
            let y = version_parts(b).or_else(|| parse_version(&to_str(b)))?;
            version_parts(a).map(|x| x.cmp(&y))
        }
        (Value::Bool(x), _) => Some(x.cmp(&to_bool(b))),
        (Value::Enum(x), _) => match b {
            Value::Str(s) => Some(culture_cmp(x.name, s)),
            Value::Enum(y) => Some(x.value.cmp(&y.value)),
            other => to_f64(other).and_then(|y| (x.value as f64).partial_cmp(&y)),
        },
        (Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_), _) => {
            let x = to_f64(a)?;
            let y = to_f64(b)?;
            x.partial_cmp(&y)
        }
        _ => None,
    }
}

/// Case-insensitive comparison close to the invariant culture's.
pub fn culture_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let la = a.to_lowercase();
    let lb = b.to_lowercase();
    la.cmp(&lb).then_with(|| b.cmp(a))
}

pub fn equals(a: &Value, b: &Value, cs: bool) -> bool {
    let (a, b) = (a.base(), b.base());
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Str(x), _) => {
            let y = to_str(b);
            if cs {
                **x == *y
            } else {
                x.eq_ignore_ascii_case(&y) || x.to_lowercase() == y.to_lowercase()
            }
        }
        (Value::Object(_), _) | (_, Value::Object(_))
            if super::guid::is_guid(a) || super::guid::is_guid(b) =>
        {
            to_str(a).eq_ignore_ascii_case(to_str(b).trim())
        }
        (Value::Object(_), _) if version_parts(a).is_some() => {
            compare(a, b, cs) == Some(std::cmp::Ordering::Equal)
        }
        (
            Value::Object(_)
            | Value::Hashtable(_)
            | Value::Array(_)
            | Value::ScriptBlock(_)
            | Value::Error(_)
            | Value::Job(_)
            | Value::Live(_),
            _,
        ) => a.same_ref(b),
        (Value::Enum(x), Value::Str(s)) => x.name.eq_ignore_ascii_case(s.trim()),
        (Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_), Value::Str(s)) => {
            match super::convert::parse_number_text(s) {
                Some(n) if !s.trim().is_empty() => {
                    compare(a, &n, cs) == Some(std::cmp::Ordering::Equal)
                }
                _ => false,
            }
        }
        _ => compare(a, b, cs) == Some(std::cmp::Ordering::Equal),
    }
}

/// PowerShell wildcards: `*`, `?`, `[abc]`, `[a-z]`, backtick escapes.
pub fn wildcard_match(pattern: &str, text: &str, cs: bool) -> bool {
    let norm = |s: &str| {
        if cs {
            s.chars().collect::<Vec<_>>()
        } else {
            s.to_lowercase().chars().collect()
        }
    };
    let p = norm(pattern);
    let t = norm(text);
    wild(&p, &t)
}

fn wild(p: &[char], t: &[char]) -> bool {
    // Iterative matching with backtracking on the last star.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let tc = t.get(ti).copied();
        match p.get(pi).copied() {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
                continue;
            }
            Some('[') => {
                if let Some((matched, next)) = bracket(p, pi, tc.unwrap_or('\0')) {
                    if matched {
                        pi = next;
                        ti += 1;
                        continue;
                    }
                } else if tc == Some('[') {
                    pi += 1;
                    ti += 1;
                    continue;
                }
            }
            Some('`') if p.get(pi + 1).is_some() && p.get(pi + 1).copied() == tc => {
                pi += 2;
                ti += 1;
                continue;
            }
            Some(c) if Some(c) == tc => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

/// A `[...]` set at p[start]; returns (matched, index after the set).
fn bracket(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let mut matched = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == ']' && !first {
            return Some((matched, i + 1));
        }
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|e| *e != ']') {
            let end = *p.get(i + 2)?;
            if ch <= c && c <= end {
                matched = true;
            }
            i += 3;
        } else {
            if ch == c {
                matched = true;
            }
            i += 1;
        }
    }
}

pub fn is_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Builds a .NET-flavoured regex; case-insensitive unless `cs`.
/// How many compiled patterns [`regex`] keeps: a loop running `-match 'x'` compiles once.
const REGEX_CACHE: usize = 32;

thread_local! {
    static COMPILED: std::cell::RefCell<Vec<(String, bool, regex_lite::Regex)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

pub fn regex(pattern: &str, cs: bool) -> Result<regex_lite::Regex, ErrorRecord> {
    let hit = COMPILED.with(|c| {
        let mut c = c.borrow_mut();
        let i = c.iter().position(|(p, s, _)| *s == cs && p == pattern)?;
        // Most recently used first.
        let entry = c.remove(i);
        let re = entry.2.clone();
        c.insert(0, entry);
        Some(re)
    });
    if let Some(re) = hit {
        return Ok(re);
    }
    let re = compile_regex(pattern, cs)?;
    COMPILED.with(|c| {
        let mut c = c.borrow_mut();
        c.insert(0, (pattern.to_string(), cs, re.clone()));
        c.truncate(REGEX_CACHE);
    });
    Ok(re)
}

/// The most work one match may take: the pattern's length times the text's, which is what
/// regex-lite's engine costs at worst (it has no literal search or skipping). Past it, about
/// half a second, the page would freeze; the match is refused as .NET refuses one that
/// passes a match timeout.
const MOST_REGEX_WORK: usize = 50_000_000;

/// Where plain text (a pattern without regex syntax) first matches: None when the pattern
/// is not plain text, Some(None) when it does not match.
pub fn plain_match(text: &str, pattern: &str, cs: bool) -> Option<Option<std::ops::Range<usize>>> {
    let needle = plain_text(pattern)?;
    Some(
        PlainSearch::new(text, needle, cs)
            .find(0)
            .map(|at| at..at + needle.len()),
    )
}

/// Whether `pattern` matches somewhere in `text` (-match on each item of an array).
fn is_match(text: &str, pattern: &str, cs: bool) -> Result<bool, ErrorRecord> {
    if let Some(needle) = plain_text(pattern) {
        return Ok(PlainSearch::new(text, needle, cs).find(0).is_some());
    }
    Ok(regex_over(pattern, cs, text)?.is_match(text))
}

/// A compiled pattern to run over `text`, refused when the work would freeze the page.
pub fn regex_over(pattern: &str, cs: bool, text: &str) -> Result<regex_lite::Regex, ErrorRecord> {
    let work = pattern
        .len()
        .max(1)
        .saturating_mul(text.len().saturating_add(1));
    if work > MOST_REGEX_WORK {
        return Err(ErrorRecord::runtime(
            "The Regex engine has timed out while trying to match a pattern to an input string. This can occur for many reasons, including very large inputs or excessive backtracking caused by nested quantifiers, back-references and other factors.",
            "RegexMatchTimeoutException",
            Category::OperationTimeout,
        ));
    }
    regex(pattern, cs)
}

/// The text a pattern matches when it is plain text (no character means anything to the
/// regex engine): such a pattern is searched for directly, in time linear in the text.
fn plain_text(pattern: &str) -> Option<&str> {
    let special = |c: char| "\\.^$|?*+()[]{}#".contains(c) || c.is_whitespace();
    (!pattern.is_empty() && !pattern.contains(special)).then_some(pattern)
}

/// Finds plain text in a text, ignoring ASCII case unless `cs` (the case folding regex-lite
/// does): both are folded once, which keeps every byte offset, and searched with the
/// standard library's linear-time search.
struct PlainSearch {
    hay: String,
    needle: String,
}

impl PlainSearch {
    fn new(hay: &str, needle: &str, cs: bool) -> PlainSearch {
        let fold = |t: &str| {
            if cs {
                t.to_string()
            } else {
                t.to_ascii_lowercase()
            }
        };
        PlainSearch {
            hay: fold(hay),
            needle: fold(needle),
        }
    }

    /// The next occurrence at or after `from`.
    fn find(&self, from: usize) -> Option<usize> {
        self.hay.get(from..)?.find(&self.needle).map(|i| i + from)
    }
}

/// Splits at each occurrence of plain text, at most `max` pieces when given.
fn split_plain(input: &str, needle: &str, cs: bool, max: Option<usize>) -> Vec<Value> {
    let search = PlainSearch::new(input, needle, cs);
    let mut parts = Vec::new();
    let mut start = 0;
    while max.is_none_or(|m| parts.len() + 1 < m) {
        let Some(at) = search.find(start) else {
            break;
        };
        parts.push(Value::str(input.get(start..at).unwrap_or_default()));
        start = at + needle.len();
    }
    parts.push(Value::str(input.get(start..).unwrap_or_default()));
    parts
}

fn compile_regex(pattern: &str, cs: bool) -> Result<regex_lite::Regex, ErrorRecord> {
    let translated = translate_regex(pattern);
    regex_lite::RegexBuilder::new(&translated)
        .case_insensitive(!cs)
        .build()
        .map_err(|e| {
            ErrorRecord::runtime(
                format!("The regular expression pattern {pattern} is not valid."),
                "InvalidRegularExpression",
                Category::InvalidOperation,
            )
            .with_target(Value::str(&e.to_string()))
        })
}

/// .NET named groups `(?<name>...)` are spelled the same in Rust's regex; `\d` and friends are
/// Unicode-aware in both. Only `$` replacement syntax differs, handled in `replace`.
fn translate_regex(p: &str) -> String {
    p.to_string()
}

/// `-replace`: .NET substitutions (`$1`, `${name}`, `$0`, `$$`).
pub fn replace(
    input: &str,
    pattern: &str,
    replacement: &str,
    cs: bool,
) -> Result<String, ErrorRecord> {
    if let Some(needle) = plain_text(pattern).filter(|_| !replacement.contains('$')) {
        let search = PlainSearch::new(input, needle, cs);
        let mut out = String::with_capacity(input.len());
        let mut start = 0;
        while let Some(at) = search.find(start) {
            out.push_str(input.get(start..at).unwrap_or_default());
            out.push_str(replacement);
            start = at + needle.len();
        }
        out.push_str(input.get(start..).unwrap_or_default());
        return Ok(out);
    }
    let re = regex_over(pattern, cs, input)?;
    // Rust's `$name` would swallow letters after a group number; .NET's `$1a` means group 1
    // then "a". Rewrite numbered groups to the braced form.
    let mut rep = String::new();
    let chars: Vec<char> = replacement.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '$' {
            let mut j = i + 1;
            while chars.get(j).is_some_and(|d| d.is_ascii_digit()) {
                j += 1;
            }
            if j > i + 1 {
                let num: String = chars.get(i + 1..j).unwrap_or(&[]).iter().collect();
                rep += &format!("${{{num}}}");
                i = j;
                continue;
            }
        }
        rep.push(c);
        i += 1;
    }
    Ok(re.replace_all(input, rep.as_str()).into_owned())
}

pub fn split(
    input: &str,
    pattern: &str,
    cs: bool,
    max: Option<usize>,
) -> Result<Vec<Value>, ErrorRecord> {
    if let Some(needle) = plain_text(pattern) {
        return Ok(split_plain(input, needle, cs, max.filter(|&n| n > 0)));
    }
    let re = regex_over(pattern, cs, input)?;
    let parts: Vec<Value> = match max {
        Some(n) if n > 0 => re.splitn(input, n).map(Value::str).collect(),
        _ => re.split(input).map(Value::str).collect(),
    };
    Ok(parts)
}

/// A piece of a composite format string: text, or a `{index,alignment:format}` item.
enum Segment {
    Text(String),
    Item {
        index: usize,
        alignment: i64,
        format: Option<String>,
    },
}

/// .NET's limit on an item's index and on its alignment either way (StringBuilder's
/// AppendFormat): past it the format string is invalid.
const COMPOSITE_LIMIT: i64 = 1_000_000;

/// A composite format string (`String.Format`'s), read once: what its alignments and
/// precisions ask for can be charged to the memory budget before it is rendered.
pub struct CompositeFormat(Vec<Segment>);

impl CompositeFormat {
    /// Reads the string as `String.Format` does.
    pub fn parse(fmt: &str) -> Result<CompositeFormat, FormatFault> {
        composite_segments(fmt).map(CompositeFormat)
    }

    /// What the alignments and precisions alone ask for, in characters.
    pub fn size_hint(&self, dotnet: DotNet) -> usize {
        self.0
            .iter()
            .map(|s| match s {
                Segment::Text(_) => 0,
                Segment::Item {
                    alignment, format, ..
                } => (alignment.unsigned_abs() as usize).saturating_add(
                    format
                        .as_deref()
                        .map_or(0, |f| numfmt::precision_hint(f, dotnet)),
                ),
            })
            .fold(0, usize::saturating_add)
    }

    /// The text, each item formatted and aligned.
    pub fn render(&self, args: &[Value], dotnet: DotNet) -> Result<String, FormatFault> {
        let mut out = String::new();
        for segment in &self.0 {
            match segment {
                Segment::Text(t) => out.push_str(t),
                Segment::Item {
                    index,
                    alignment,
                    format,
                } => {
                    let arg = args.get(*index).ok_or(FormatFault::Index)?;
                    let text = format_value(arg, format.as_deref(), dotnet)?;
                    let width = alignment.unsigned_abs() as usize;
                    if *alignment < 0 {
                        out.push_str(&numfmt::pad_right(&text, width));
                    } else {
                        out.push_str(&numfmt::pad_left(&text, width, ' '));
                    }
                }
            }
        }
        Ok(out)
    }
}

fn composite_segments(fmt: &str) -> Result<Vec<Segment>, FormatFault> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '{' if chars.get(i + 1) == Some(&'{') => {
                text.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                text.push('}');
                i += 2;
            }
            '{' => {
                let close = (i..chars.len())
                    .find(|j| chars.get(*j) == Some(&'}'))
                    .ok_or(FormatFault::Input)?;
                let spec: String = chars.get(i + 1..close).unwrap_or(&[]).iter().collect();
                let (head, format) = match spec.split_once(':') {
                    Some((h, f)) => (h, Some(f.to_string())),
                    None => (spec.as_str(), None),
                };
                let (index, alignment) = match head.split_once(',') {
                    Some((a, b)) => (a, b.trim().parse::<i64>().map_err(|_| FormatFault::Input)?),
                    None => (head, 0),
                };
                let index: i64 = index.trim().parse().map_err(|_| FormatFault::Input)?;
                if !(0..COMPOSITE_LIMIT).contains(&index) || alignment.abs() >= COMPOSITE_LIMIT {
                    return Err(FormatFault::Input);
                }
                segments.push(Segment::Text(std::mem::take(&mut text)));
                segments.push(Segment::Item {
                    index: index as usize,
                    alignment,
                    format,
                });
                i = close + 1;
            }
            '}' => return Err(FormatFault::Input),
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    segments.push(Segment::Text(text));
    Ok(segments)
}

/// How the `-f` operator reports a FormatException: FormatError.
pub fn format_error(fmt: &str, fault: FormatFault) -> ErrorRecord {
    ErrorRecord::runtime(
        format!("Error formatting a string: {}.", fault.message()),
        "FormatError",
        Category::NotSpecified,
    )
    .with_target(Value::str(fmt))
}

/// The `-f` operator, for callers with no memory budget to charge first.
pub fn format_operator(fmt: &str, args: &[Value], dotnet: DotNet) -> Result<String, ErrorRecord> {
    CompositeFormat::parse(fmt)
        .and_then(|c| c.render(args, dotnet))
        .map_err(|fault| format_error(fmt, fault))
}

/// One value with an optional .NET format string, as `-f` and `ToString(fmt)` do.
pub fn format_value(v: &Value, fmt: Option<&str>, dotnet: DotNet) -> Result<String, FormatFault> {
    let v = v.base();
    let Some(fmt) = fmt.filter(|f| !f.is_empty()) else {
        return Ok(to_str(v));
    };
    match v {
        Value::Int(_) | Value::Long(_) => {
            format_number(to_f64(v).unwrap_or(0.0), true, fmt, dotnet)
        }
        Value::Double(d) => format_number(*d, false, fmt, dotnet),
        Value::Decimal(_) => format_number(to_f64(v).unwrap_or(0.0), false, fmt, dotnet),
        Value::DateTime(d) => d.format_with(fmt, dotnet),
        _ => Ok(to_str(v)),
    }
}

/// Applies a binary operator to two already-evaluated operands (not -and/-or, which
/// short-circuit, and not -match, which sets `$Matches`).
pub fn binary(op: BinOp, a: &Value, b: &Value) -> OpResult {
    let (a, b) = (a.base(), b.base());
    match op {
        BinOp::Add => add(a, b),
        BinOp::Sub => sub(a, b),
        BinOp::Mul => mul(a, b),
        BinOp::Div => div(a, b),
        BinOp::Rem => rem(a, b),
        BinOp::Range => range(a, b),
        // The interpreter formats with its edition's .NET; this is for callers without one.
        BinOp::Format => format_operator(&to_str(a), &b.enumerate(), DotNet::Framework)
            .map(|s| Value::Str(Rc::from(s.as_str()))),
        BinOp::And => Ok(Value::Bool(to_bool(a) && to_bool(b))),
        BinOp::Coalesce => Ok(if a.is_null() { b.clone() } else { a.clone() }),
        BinOp::Or => Ok(Value::Bool(to_bool(a) || to_bool(b))),
        BinOp::Xor => Ok(Value::Bool(to_bool(a) ^ to_bool(b))),
        BinOp::BAnd | BinOp::BOr | BinOp::BXor | BinOp::Shl | BinOp::Shr => {
            let x = super::convert::to_i64(a).ok_or_else(|| op_not_found(a, "op_BitwiseAnd"))?;
            let y = super::convert::to_i64(b).ok_or_else(|| op_not_found(b, "op_BitwiseAnd"))?;
            let r = match op {
                BinOp::BAnd => x & y,
                BinOp::BOr => x | y,
                BinOp::BXor => x ^ y,
                BinOp::Shl => x.wrapping_shl(y as u32),
                _ => x.wrapping_shr(y as u32),
            };
            Ok(int_value(r))
        }
        BinOp::Is | BinOp::IsNot => {
            let want = match b {
                Value::Type(t) => t.to_string(),
                other => types::resolve(&to_str(other)).unwrap_or_else(|| to_str(other)),
            };
            let is = !a.is_null()
                && types::type_names_of(a)
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&want));
            Ok(Value::Bool(if op == BinOp::Is { is } else { !is }))
        }
        BinOp::As => {
            let want = match b {
                Value::Type(t) => t.to_string(),
                other => types::resolve(&to_str(other)).unwrap_or_else(|| to_str(other)),
            };
            Ok(super::convert::convert_to(a, &want).unwrap_or(Value::Null))
        }
        BinOp::Cmp(cmp, cs) => comparison(cmp, cs, a, b),
    }
}

fn comparison(cmp: CmpOp, cs: bool, a: &Value, b: &Value) -> OpResult {
    let (a, b) = (a.base(), b.base());
    // An array on the left filters (except the containment operators).
    if let Value::Array(items) = a {
        if !matches!(
            cmp,
            CmpOp::Contains
                | CmpOp::NotContains
                | CmpOp::Replace
                | CmpOp::Split
                | CmpOp::Join
                | CmpOp::In
                | CmpOp::NotIn
        ) {
            // Each item is compared as it is: an array inside is one value, not filtered
            // again (so an array that contains itself ends).
            let items = items.borrow().clone();
            let mut out = Vec::new();
            for item in items {
                if to_bool(&scalar_comparison(cmp, cs, item.base(), b)?) {
                    out.push(item);
                }
            }
            return Ok(Value::array(out));
        }
    }
    scalar_comparison(cmp, cs, a, b)
}

fn scalar_comparison(cmp: CmpOp, cs: bool, a: &Value, b: &Value) -> OpResult {
    use std::cmp::Ordering::*;
    let bool_of = |x: bool| Ok(Value::Bool(x));
    match cmp {
        CmpOp::Eq => bool_of(equals(a, b, cs)),
        CmpOp::Ne => bool_of(!equals(a, b, cs)),
        CmpOp::Gt => bool_of(compare(a, b, cs) == Some(Greater)),
        CmpOp::Ge => bool_of(matches!(compare(a, b, cs), Some(Greater | Equal))),
        CmpOp::Lt => bool_of(compare(a, b, cs) == Some(Less)),
        CmpOp::Le => bool_of(matches!(compare(a, b, cs), Some(Less | Equal))),
        CmpOp::Like => bool_of(wildcard_match(&to_str(b), &to_str(a), cs)),
        CmpOp::NotLike => bool_of(!wildcard_match(&to_str(b), &to_str(a), cs)),
        CmpOp::Match => bool_of(is_match(&to_str(a), &to_str(b), cs)?),
        CmpOp::NotMatch => bool_of(!is_match(&to_str(a), &to_str(b), cs)?),
        CmpOp::Contains => bool_of(a.enumerate().iter().any(|x| equals(x, b, cs))),
        CmpOp::NotContains => bool_of(!a.enumerate().iter().any(|x| equals(x, b, cs))),
        CmpOp::In => bool_of(b.enumerate().iter().any(|x| equals(x, a, cs))),
        CmpOp::NotIn => bool_of(!b.enumerate().iter().any(|x| equals(x, a, cs))),
        CmpOp::Replace => {
            let parts = b.enumerate();
            let pattern = parts.first().map(to_str).unwrap_or_default();
            let replacement = parts.get(1).map(to_str).unwrap_or_default();
            let apply = |s: &Value| {
                replace(&to_str(s), &pattern, &replacement, cs)
                    .map(|r| Value::Str(Rc::from(r.as_str())))
            };
            match a {
                Value::Array(items) => {
                    let items = items.borrow().clone();
                    Ok(Value::array(
                        items.iter().map(apply).collect::<Result<Vec<_>, _>>()?,
                    ))
                }
                other => apply(other),
            }
        }
        CmpOp::Split => {
            let parts = b.enumerate();
            let pattern = parts.first().map(to_str).unwrap_or_default();
            let max = parts
                .get(1)
                .and_then(super::convert::to_i64)
                .map(|n| n.max(0) as usize);
            // The third operand holds options: SimpleMatch takes the pattern literally,
            // IgnoreCase overrides -csplit.
            let options = parts
                .get(2)
                .map(to_str)
                .unwrap_or_default()
                .to_ascii_lowercase();
            let pattern = if options.contains("simplematch") {
                regex_lite::escape(&pattern)
            } else {
                pattern
            };
            let cs = cs && !options.contains("ignorecase");
            let mut out = Vec::new();
            for s in a.enumerate() {
                out.extend(split(&to_str(&s), &pattern, cs, max)?);
            }
            Ok(Value::array(out))
        }
        CmpOp::Join => {
            let sep = to_str(b);
            let joined = a
                .enumerate()
                .iter()
                .map(to_str)
                .collect::<Vec<_>>()
                .join(&sep);
            Ok(Value::Str(Rc::from(joined.as_str())))
        }
    }
}
