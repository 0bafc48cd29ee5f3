//! System.Guid: what a job's InstanceId, a RunspaceId, `[guid]'...'` and `[guid]::NewGuid()`
//! are. It shows with its one property, Guid (the table view a Guid gets from
//! types.ps1xml's Guid ScriptProperty), converts to its text in strings, and equals another
//! Guid or a string with the same digits.

use super::value::{PSObject, Value};

pub const TYPE_NAME: &str = "System.Guid";

/// A Guid value from its canonical text (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
pub fn value(text: &str) -> Value {
    let text = text.to_ascii_lowercase();
    Value::Object(PSObject::new(
        &[TYPE_NAME, "System.ValueType", "System.Object"],
        vec![
            ("Guid", Value::str(&text)),
            ("__ToString", Value::str(&text)),
        ],
    ))
}

/// True for a Guid value.
pub fn is_guid(v: &Value) -> bool {
    matches!(v.base(), Value::Object(o) if o.type_name() == TYPE_NAME)
}

/// The canonical text of a Guid written in any of .NET's common forms: 32 digits, with the
/// four dashes (D), without (N), or in braces or parentheses (B, P).
pub fn parse(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .or_else(|| t.strip_prefix('(').and_then(|x| x.strip_suffix(')')))
        .unwrap_or(t);
    let digits: String = match t.len() {
        32 => t.to_string(),
        36 => {
            let dashes_in_place = t
                .char_indices()
                .all(|(i, c)| (c == '-') == matches!(i, 8 | 13 | 18 | 23));
            if !dashes_in_place {
                return None;
            }
            t.chars().filter(|c| *c != '-').collect()
        }
        _ => return None,
    };
    if digits.len() != 32 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let d = digits.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        d.get(0..8)?,
        d.get(8..12)?,
        d.get(12..16)?,
        d.get(16..20)?,
        d.get(20..32)?
    ))
}

/// `[guid]::Empty`.
pub fn empty() -> Value {
    value("00000000-0000-0000-0000-000000000000")
}
