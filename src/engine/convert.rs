//! PowerShell's conversions (LanguagePrimitives): truth, text, numbers and casts.

use super::error::{Category, ErrorRecord};
use super::numfmt::format_double;
use super::time::{DateTime, TimeSpan};
use super::types;
use super::value::{Hashtable, PSObject, Property, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// The value of a literal in the source.
pub fn literal_value(lit: &crate::lang::ast::Literal) -> Value {
    use crate::lang::ast::Literal;
    match lit {
        Literal::Int(i) => Value::Int(*i),
        Literal::Long(l) => Value::Long(*l),
        Literal::Double(d) => Value::Double(*d),
        Literal::Decimal(d) => Value::Decimal(*d),
        Literal::Str(s) => Value::Str(s.clone()),
    }
}

/// `[bool]$x`, `if ($x)`.
pub fn to_bool(v: &Value) -> bool {
    let v = v.base();
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Long(i) => *i != 0,
        Value::Double(d) => *d != 0.0,
        Value::Decimal(d) => !d.is_zero(),
        Value::Char(c) => *c != '\0',
        Value::Str(s) => !s.is_empty(),
        Value::Array(a) => {
            let a = a.borrow();
            match a.len() {
                0 => false,
                // LanguagePrimitives.IsTrue(IList): one item is judged alone, unless it is
                // a list itself, which is true when it has items (no recursion: an array
                // that holds itself, or a million nested, ends here).
                1 => match a.first().map(Value::base) {
                    Some(Value::Array(inner)) => !inner.borrow().is_empty(),
                    Some(other) => to_bool(other),
                    None => false,
                },
                _ => true,
            }
        }
        Value::Enum(e) => e.value != 0,
        _ => true,
    }
}

/// `[string]$x` and string interpolation (arrays join with a space, `$OFS`'s default).
pub fn to_str(v: &Value) -> String {
    to_str_at(v, 0)
}

/// How deep values inside values are followed when one is turned into text, shown, or
/// enumerated for a member: deeper ones show their type name. PowerShell's own recursion
/// has no bound (it ends in a StackOverflowException); a page's stack must not.
pub const MAX_NESTING: usize = 64;

/// The containers a walk over a value is inside, outermost first (the formatter's expansion,
/// Write-Host's unrolling, member enumeration). One met again, or one past MAX_NESTING
/// levels down, is not entered, so a value that holds itself ends.
#[derive(Default)]
pub struct Inside(Vec<usize>);

impl Inside {
    /// Enters the container at `address`; false when the walk must not.
    pub fn enter(&mut self, address: usize) -> bool {
        if self.0.contains(&address) || self.0.len() >= MAX_NESTING {
            return false;
        }
        self.0.push(address);
        true
    }

    /// Leaves the container entered last.
    pub fn leave(&mut self) {
        self.0.pop();
    }
}

/// `to_str` of a value `depth` objects inside the one being converted.
fn to_str_at(v: &Value, depth: usize) -> String {
    let v = v.base();
    match v {
        Value::Null | Value::Nothing => String::new(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Double(d) => format_double(*d),
        // .NET's decimal keeps its scale: 1.50d is 1.50, 1.5d * 2 is 3.0.
        Value::Decimal(d) => d.to_string(),
        Value::Char(c) => c.to_string(),
        Value::Str(s) => s.to_string(),
        Value::Array(a) => join_items(&a.borrow()),
        Value::Hashtable(h) => {
            if h.borrow().ordered {
                "System.Collections.Specialized.OrderedDictionary".into()
            } else {
                "System.Collections.Hashtable".into()
            }
        }
        Value::Object(o) => object_to_str(o, depth),
        Value::ScriptBlock(sb) => sb.text(),
        Value::DateTime(d) => d.to_general(),
        Value::TimeSpan(t) => t.to_general(),
        Value::Type(name) => name.to_string(),
        Value::Error(e) => e.message.clone(),
        Value::Enum(e) => e.name.to_string(),
        Value::Job(j) => j.kind.type_name().to_string(),
        // A collection in a string is its items, as an array is.
        Value::Live(l) => match l.items() {
            Some(items) => join_items(&items),
            None => l.to_text(),
        },
        Value::Noted(n) => to_str(&n.base),
    }
}

/// A collection's items in a string, as PSObject.ToString joins them: one level only, so a
/// collection inside shows its type name (`1 System.Object[]`), and one that contains
/// itself ends.
fn join_items(items: &[Value]) -> String {
    items.iter().map(item_text).collect::<Vec<_>>().join(" ")
}

/// An item of a collection as text: a collection's type name, anything else as `to_str`.
pub fn item_text(v: &Value) -> String {
    match v.base() {
        Value::Array(_) => "System.Object[]".to_string(),
        // A live object's text is its type name, collection or not (items() is not asked:
        // a dictionary's items are pairs whose text would ask this again).
        Value::Live(l) => l.to_text(),
        other => to_str(other),
    }
}

fn object_to_str(o: &PSObject, depth: usize) -> String {
    if o.is_custom() {
        if depth >= MAX_NESTING {
            return "System.Management.Automation.PSCustomObject".into();
        }
        // Each value as ToString gives it: a collection its type name, an object inside
        // its own `@{...}`.
        let props = o.props.try_borrow().map(|p| p.clone()).unwrap_or_default();
        let inner: Vec<String> = props
            .iter()
            .map(|p| match p.value.base() {
                Value::Array(_) | Value::Live(_) => format!("{}={}", p.name, item_text(&p.value)),
                other => format!("{}={}", p.name, to_str_at(other, depth + 1)),
            })
            .collect();
        return format!("@{{{}}}", inner.join("; "));
    }
    if let Some(Value::Str(s)) = o.get("__ToString").as_ref() {
        return s.to_string();
    }
    // Types whose ToString() is made from their state when asked.
    if o.type_names
        .first()
        .is_some_and(|t| t.as_ref() == "System.Diagnostics.FileVersionInfo")
    {
        return version_info_text(o);
    }
    types::type_name_of(&Value::Object(Rc::new(PSObject {
        type_names: o.type_names.clone(),
        props: RefCell::new(Vec::new()),
    })))
}

/// A number parsed from text the way PowerShell's arithmetic does: Int32 if it fits, then
/// Int64, then Double; `0x` hex and multiplier suffixes accepted.
pub fn parse_number_text(s: &str) -> Option<Value> {
    let t = s.trim();
    if t.is_empty() {
        return Some(Value::Int(0));
    }
    if let Some(lit) = crate::lang::parser::parse_number(t) {
        return Some(literal_value(&lit));
    }
    t.parse::<f64>()
        .ok()
        .filter(|d| d.is_finite())
        .map(Value::Double)
}

/// The value as a number, for arithmetic. None if it has no numeric form.
pub fn to_number(v: &Value) -> Option<Value> {
    let v = v.base();
    if !matches!(v, Value::Array(_)) {
        return scalar_number(v);
    }
    // An array of one is its item; followed in a loop, and not past MAX_NESTING (an array
    // whose one item is itself has no number).
    let mut v = v.clone();
    for _ in 0..MAX_NESTING {
        let inner = match &v {
            Value::Array(a) => match a.borrow().as_slice() {
                [one] => one.base().clone(),
                _ => return None,
            },
            _ => return scalar_number(&v),
        };
        v = inner;
    }
    None
}

/// `to_number` of anything but an array.
fn scalar_number(v: &Value) -> Option<Value> {
    match v {
        Value::Null => Some(Value::Int(0)),
        Value::Bool(b) => Some(Value::Int(i32::from(*b))),
        Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_) => Some(v.clone()),
        Value::Char(c) => Some(Value::Int(*c as i32)),
        Value::Str(s) => parse_number_text(s),
        Value::Enum(e) => Some(Value::Long(e.value)),
        _ => None,
    }
}

pub fn to_f64(v: &Value) -> Option<f64> {
    let v = v.base();
    match to_number(v)? {
        Value::Int(i) => Some(f64::from(i)),
        Value::Long(l) => Some(l as f64),
        Value::Double(d) => Some(d),
        Value::Decimal(d) => rust_decimal::prelude::ToPrimitive::to_f64(&d),
        _ => None,
    }
}

/// The value as a System.Decimal, for decimal arithmetic: None when it has no numeric form
/// or does not fit (a double beyond ±7.9E+28, NaN, infinity).
pub fn to_decimal(v: &Value) -> Option<rust_decimal::Decimal> {
    use rust_decimal::prelude::FromPrimitive;
    match to_number(v.base())? {
        Value::Int(i) => Some(i.into()),
        Value::Long(l) => Some(l.into()),
        Value::Double(d) => rust_decimal::Decimal::from_f64(d),
        Value::Decimal(d) => Some(d),
        _ => None,
    }
}

/// Banker's rounding, as .NET's conversions to integers use.
pub fn round_even(d: f64) -> f64 {
    let r = d.round();
    if (d - d.trunc()).abs() == 0.5 {
        2.0 * (d / 2.0).round()
    } else {
        r
    }
}

pub fn to_i64(v: &Value) -> Option<i64> {
    let v = v.base();
    match to_number(v)? {
        Value::Int(i) => Some(i64::from(i)),
        Value::Long(l) => Some(l),
        Value::Double(d) => {
            let r = round_even(d);
            (r.is_finite() && r.abs() < 9.2e18).then_some(r as i64)
        }
        Value::Decimal(d) => rust_decimal::prelude::ToPrimitive::to_i64(
            &d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointNearestEven),
        ),
        _ => None,
    }
}

pub fn to_i32(v: &Value) -> Option<i32> {
    let v = v.base();
    to_i64(v).and_then(|l| i32::try_from(l).ok())
}

fn cast_error(v: &Value, target: &str) -> ErrorRecord {
    let (msg, id) = match v {
        Value::Str(s) => {
            let inner = if target == "System.Int32"
                || target == "System.Int64"
                || target == "System.Double"
            {
                if parse_number_text(s).is_some() {
                    format!(
                        "Value was either too large or too small for an {}.",
                        types::short_name(target)
                    )
                } else {
                    "Input string was not in a correct format.".to_string()
                }
            } else if target == super::guid::TYPE_NAME {
                "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
                    .to_string()
            } else if target == "System.Version" && !(2..=4).contains(&s.split('.').count()) {
                "Version string portion was too short or too long.".to_string()
            } else {
                "Input string was not in a correct format.".to_string()
            };
            let id = match target {
                "System.Int32" | "System.Int64" | "System.Byte" => "InvalidCastFromStringToInteger",
                "System.Double" | "System.Decimal" | "System.Single" => {
                    "InvalidCastFromStringToDoubleOrSingle"
                }
                _ => "InvalidCastParseTargetInvocation",
            };
            (
                format!("Cannot convert value \"{s}\" to type \"{target}\". Error: \"{inner}\""),
                id,
            )
        }
        _ => {
            let from = types::type_name_of(v);
            (
                format!(
                    "Cannot convert the \"{}\" value of type \"{from}\" to type \"{target}\".",
                    // .NET's ToString: an array shows its type name, not its items.
                    match v {
                        Value::Array(_) => from.clone(),
                        other => to_str(other),
                    }
                ),
                "ConvertToFinalInvalidCastException",
            )
        }
    };
    ErrorRecord::new(
        "System.Management.Automation.PSInvalidCastException",
        msg,
        id,
        Category::InvalidArgument,
    )
}

/// `[Type]$value`. The type name is a full name from [`types::resolve`].
pub fn convert_to(v: &Value, target: &str) -> Result<Value, ErrorRecord> {
    let v = v.base();
    if let Some(elem) = target.strip_suffix("[]") {
        let items = match v {
            Value::Null => return Ok(Value::Null),
            Value::Array(a) => a.borrow().clone(),
            other => vec![other.clone()],
        };
        if elem == "System.Object" {
            return Ok(Value::array(items));
        }
        let converted = items
            .iter()
            .map(|i| convert_to(i, elem))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::array(converted));
    }
    let fail = || cast_error(v, target);
    if target != "System.Management.Automation.ActionPreference" {
        if let Some(converted) = super::enums::convert(v, target) {
            return converted;
        }
    }
    Ok(match target {
        "System.Object" | "System.Management.Automation.PSObject" => match v {
            Value::Hashtable(h) => hashtable_to_object(&h.borrow()),
            other => other.clone(),
        },
        "System.String" => match v {
            Value::Null => Value::str(""),
            other => Value::Str(Rc::from(to_str(other).as_str())),
        },
        "System.Boolean" => Value::Bool(to_bool(v)),
        "System.Int32" | "System.Byte" => match v {
            Value::Int(_) => v.clone(),
            Value::Str(s) if s.trim().is_empty() => Value::Int(0),
            _ => {
                let n = to_i64(v).ok_or_else(fail)?;
                let n = i32::try_from(n).map_err(|_| fail())?;
                if target == "System.Byte" && !(0..=255).contains(&n) {
                    return Err(fail());
                }
                Value::Int(n)
            }
        },
        "System.Int64" => Value::Long(to_i64(v).ok_or_else(fail)?),
        "System.Double" | "System.Single" => match to_number(v) {
            Some(_) => Value::Double(to_f64(v).ok_or_else(fail)?),
            None => return Err(fail()),
        },
        "System.Decimal" => Value::Decimal(to_decimal(v).ok_or_else(fail)?),
        "System.Char" => match v {
            Value::Char(_) => v.clone(),
            Value::Str(s) if s.chars().count() == 1 => Value::Char(s.chars().next().unwrap_or('\0')),
            Value::Int(_) | Value::Long(_) => {
                let code = to_i64(v).and_then(|c| u32::try_from(c).ok()).and_then(char::from_u32).ok_or_else(fail)?;
                Value::Char(code)
            }
            _ => return Err(fail()),
        },
        "System.Array" => match v {
            Value::Null => Value::Null,
            Value::Array(_) => v.clone(),
            other => Value::array(vec![other.clone()]),
        },
        "System.Collections.Hashtable" => match v {
            Value::Hashtable(h) => Value::Hashtable(Rc::new(RefCell::new(Hashtable::new(h.borrow().entries.clone(), false)))),
            _ => return Err(fail()),
        },
        "System.Collections.Specialized.OrderedDictionary" => match v {
            Value::Hashtable(h) => Value::Hashtable(Rc::new(RefCell::new(Hashtable::new(h.borrow().entries.clone(), true)))),
            _ => return Err(fail()),
        },
        "System.DateTime" => match v {
            Value::DateTime(_) => v.clone(),
            Value::Str(s) => Value::DateTime(DateTime::parse(s).ok_or_else(|| {
                ErrorRecord::new(
                    "System.Management.Automation.PSInvalidCastException",
                    format!("Cannot convert value \"{s}\" to type \"System.DateTime\". Error: \"String was not recognized as a valid DateTime.\""),
                    "InvalidCastParseTargetInvocationWithFormatProvider",
                    Category::InvalidArgument,
                )
            })?),
            Value::Long(t) => Value::DateTime(DateTime(*t)),
            _ => return Err(fail()),
        },
        "System.TimeSpan" => match v {
            Value::TimeSpan(_) => v.clone(),
            Value::Int(_) | Value::Long(_) => Value::TimeSpan(TimeSpan(to_i64(v).unwrap_or(0))),
            Value::Str(s) => Value::TimeSpan(parse_timespan(s).ok_or_else(fail)?),
            _ => return Err(fail()),
        },
        "System.Version" => match v {
            Value::Object(o) if o.type_names.iter().any(|t| t.as_ref() == "System.Version") => v.clone(),
            Value::Str(s) if super::ops::parse_version(s).is_some() => super::globals::version(s.trim()),
            _ => return Err(fail()),
        },
        "System.Management.Automation.ScriptBlock" => match v {
            Value::ScriptBlock(_) => v.clone(),
            _ => return Err(fail()),
        },
        "System.Management.Automation.SwitchParameter" => Value::Bool(to_bool(v)),
        "System.Void" => Value::Null,
        "System.Text.RegularExpressions.Regex" => Value::Str(Rc::from(to_str(v).as_str())),
        "System.Guid" => match v {
            _ if super::guid::is_guid(v) => v.clone(),
            Value::Str(s) => super::guid::parse(s)
                .map(|g| super::guid::value(&g))
                .ok_or_else(fail)?,
            _ => return Err(fail()),
        },
        "System.Collections.ArrayList" => Value::array(v.enumerate()),
        "System.Management.Automation.ActionPreference" => action_preference(v).ok_or_else(fail)?,
        _ => {
            if types::type_names_of(v).iter().any(|t| t.eq_ignore_ascii_case(target)) {
                v.clone()
            } else {
                return Err(fail());
            }
        }
    })
}

/// `[pscustomobject]@{...}`: properties in the literal's order.
pub fn hashtable_to_object(h: &Hashtable) -> Value {
    let props = h
        .entries
        .iter()
        .map(|(k, v)| Property {
            name: Rc::from(to_str(k).as_str()),
            value: v.clone(),
        })
        .collect();
    Value::Object(PSObject::custom(props))
}

fn parse_timespan(s: &str) -> Option<TimeSpan> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let nums: Option<Vec<f64>> = parts.iter().map(|p| p.parse::<f64>().ok()).collect();
    let nums = nums?;
    let secs = match nums.as_slice() {
        [h, m] => h * 3600.0 + m * 60.0,
        [h, m, s] => h * 3600.0 + m * 60.0 + s,
        [d] => d * 86400.0,
        _ => return None,
    };
    Some(TimeSpan::from_ms(secs * 1000.0))
}

pub const ACTION_PREFERENCES: [&str; 6] = [
    "SilentlyContinue",
    "Stop",
    "Continue",
    "Inquire",
    "Ignore",
    "Suspend",
];

pub fn action_preference(v: &Value) -> Option<Value> {
    let (name, value) = match v {
        Value::Enum(e) if e.type_name == "System.Management.Automation.ActionPreference" => {
            return Some(v.clone());
        }
        Value::Int(i) => (
            *ACTION_PREFERENCES.get(usize::try_from(*i).ok()?)?,
            i64::from(*i),
        ),
        other => {
            let s = to_str(other);
            let i = ACTION_PREFERENCES
                .iter()
                .position(|p| p.eq_ignore_ascii_case(s.trim()))?;
            (*ACTION_PREFERENCES.get(i)?, i as i64)
        }
    };
    Some(Value::Enum(super::value::EnumValue {
        type_name: "System.Management.Automation.ActionPreference",
        name,
        value,
    }))
}

/// FileVersionInfo.ToString(): one `Label: value` line per field, values from column 18.
pub fn version_info_text(o: &PSObject) -> String {
    let text = |p: &str| o.get(p).map(|v| to_str(&v)).unwrap_or_default();
    let rows = [
        ("File:", text("FileName")),
        ("InternalName:", text("InternalName")),
        ("OriginalFilename:", text("OriginalFilename")),
        ("FileVersion:", text("FileVersion")),
        ("FileDescription:", text("FileDescription")),
        ("Product:", text("ProductName")),
        ("ProductVersion:", text("ProductVersion")),
        ("Debug:", text("IsDebug")),
        ("Patched:", text("IsPatched")),
        ("PreRelease:", text("IsPreRelease")),
        ("PrivateBuild:", text("IsPrivateBuild")),
        ("SpecialBuild:", text("IsSpecialBuild")),
        ("Language:", text("Language")),
    ];
    rows.iter()
        .map(|(label, value)| format!("{label:<18}{value}\n"))
        .collect()
}
