//! Get-Error's view (PowerShellCore_format_ps1xml.cs, GetErrorInstance): every property
//! of an error record that has a value, `Name : value` in a column as wide as the longest
//! name, expanding nested exceptions, error records and InvocationInfo four spaces
//! further in, up to ten levels. Exceptions show their type first. Colours (the accent
//! on names, the error colour on messages) are not carried here.

use crate::engine::convert::to_str;
use crate::engine::error_object::{EXCEPTION_EXTENDED, is_exception, record_properties};
use crate::engine::runtime::Profile;
use crate::engine::value::Value;

const MAX_DEPTH: usize = 10;

/// The view's text of a record or exception, one string per line.
pub fn render(v: &Value, profile: &Profile) -> Vec<String> {
    show(v, 0, 1, profile)
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// The ErrorIndex a numbered record or exception is shown under.
pub fn error_index(v: &Value) -> Option<usize> {
    match v.base() {
        Value::Error(e) => e.extended.as_ref().and_then(|x| x.index),
        Value::Object(o) => match o.get("PSErrorIndex") {
            Some(Value::Int(i)) => usize::try_from(i).ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Is this a value Get-Error marked that its view has not yet shown? Showing it clears a
/// record's mark, as the view puts the record's own type name back.
pub fn is_marked(v: &Value) -> bool {
    match v.base() {
        Value::Error(e) => e.extended.as_ref().is_some_and(|x| !x.shown.get()),
        Value::Object(o) => o
            .type_names
            .first()
            .is_some_and(|t| &**t == EXCEPTION_EXTENDED),
        _ => false,
    }
}

pub fn mark_shown(v: &Value) {
    if let Value::Error(e) = v.base() {
        if let Some(x) = &e.extended {
            x.shown.set(true);
        }
    }
}

/// Show-ErrorRecord: the lines of one object at `indent`, joined by newlines.
fn show(v: &Value, indent: usize, depth: usize, profile: &Profile) -> String {
    let props = properties(v, profile);
    let prefix = " ".repeat(indent);
    // The column is as wide as the longest name with a value, shown or not.
    let width = props
        .iter()
        .filter(|(_, v)| !is_blank(v))
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let mut added = false;
    for (name, value) in &props {
        if is_blank(value) || count(value) == 0 || name == "PSErrorIndex" {
            continue;
        }
        added = true;
        out.push_str(&format!(
            "{prefix}{} : ",
            crate::engine::numfmt::pad_right(name, width)
        ));
        let nested = indent + 4;
        if expands(value) {
            if depth >= MAX_DEPTH {
                out.push('\u{2026}');
            } else {
                out.push('\n');
                out.push_str(&show(value, nested, depth + 1, profile));
            }
        } else if name == "StackTrace" {
            out.push('\n');
            out.push_str(&to_str(value));
        } else if let Value::Hashtable(h) = value {
            for (k, v) in &h.borrow().entries {
                out.push_str(&format!("\n{prefix}    {} : {}", to_str(k), to_str(v)));
            }
            out.push('\n');
        } else if let Value::Array(items) = value {
            if depth >= MAX_DEPTH {
                out.push('\u{2026}');
            } else {
                for (i, item) in items.borrow().iter().enumerate() {
                    out.push('\n');
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str(&show(item, nested, depth + 1, profile));
                }
            }
        } else {
            // A text of several lines continues under the value's column.
            let continuation = format!("\n{prefix}{}", " ".repeat(width + 3));
            let text = to_str(value);
            let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
            out.push_str(&lines.join(&continuation));
        }
        out.push('\n');
    }
    if added {
        out.pop();
    }
    out
}

/// An object's properties as the view walks them: an exception's type first.
fn properties(v: &Value, profile: &Profile) -> Vec<(String, Value)> {
    match v.base() {
        Value::Error(e) => record_properties(e, profile)
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect(),
        Value::Object(o) => {
            let mut props = Vec::new();
            if is_exception(v.base()) {
                let own = o.type_names.iter().find(|t| &***t != EXCEPTION_EXTENDED);
                props.push((
                    "Type".to_string(),
                    own.map_or(Value::Null, |t| Value::Str(t.clone())),
                ));
            }
            props.extend(
                o.props
                    .borrow()
                    .iter()
                    .filter(|p| !p.name.starts_with("__"))
                    .map(|p| (p.name.to_string(), p.value.clone())),
            );
            props
        }
        _ => Vec::new(),
    }
}

/// Exceptions, error records and InvocationInfo are shown property by property.
fn expands(v: &Value) -> bool {
    match v.base() {
        Value::Error(_) => true,
        Value::Object(o) => {
            is_exception(v.base())
                || o.type_names
                    .first()
                    .is_some_and(|t| &**t == "System.Management.Automation.InvocationInfo")
        }
        _ => false,
    }
}

/// `$value -ne $null -and $value -ne ''` is false: null, empty text, and what '' converts
/// to (false, zero); of a list, whether any item is left once those are taken out.
fn is_blank(v: &Value) -> bool {
    match v.base() {
        Value::Null | Value::Nothing => true,
        Value::Str(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::Long(i) => *i == 0,
        Value::Double(d) => *d == 0.0,
        Value::Array(items) => items.borrow().iter().all(is_blank),
        _ => false,
    }
}

/// `$value.Count`: a list's or a dictionary's items, one for anything else.
fn count(v: &Value) -> usize {
    match v.base() {
        Value::Null | Value::Nothing => 0,
        Value::Array(items) => items.borrow().len(),
        Value::Hashtable(h) => h.borrow().entries.len(),
        _ => 1,
    }
}
