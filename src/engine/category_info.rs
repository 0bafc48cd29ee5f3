//! What an error record's CategoryInfo says: its target's name and type and the one-line
//! summary (`$e.CategoryInfo`, and the `+ CategoryInfo` line of the error view).

use super::convert::to_str;
use super::error::ErrorRecord;
use super::runtime::{Edition, Profile};
use super::types;
use super::value::Value;

/// Shortens a CategoryInfo part longer than 40 chars to first 15 + `...` + last 15 (5.1).
fn ellipsize(s: &str, profile: &Profile) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 40 {
        return s.to_string();
    }
    let keep = if profile.edition == Edition::Desktop51 {
        15
    } else {
        19
    };
    let head: String = chars.iter().take(keep).collect();
    let tail: String = chars.iter().skip(chars.len() - keep).collect();
    format!("{head}{}{tail}", profile.ellipsis)
}

pub fn target_name(e: &ErrorRecord) -> String {
    if let Some(n) = &e.target_name {
        return n.clone();
    }
    match &e.target {
        Value::Null => String::new(),
        Value::Object(o) if !o.is_custom() && !o.has("__ToString") => {
            types::type_name_of(&e.target)
        }
        other => to_str(other),
    }
}

pub fn target_type(e: &ErrorRecord) -> String {
    if let Some(t) = &e.target_type {
        return t.clone();
    }
    match &e.target {
        Value::Null => String::new(),
        other => types::short_name_full(&types::type_name_of(other)),
    }
}

/// `Category: (TargetName:TargetType) [Activity], Reason`, each part shortened as the
/// edition shortens it.
pub fn category_info(e: &ErrorRecord, profile: &Profile) -> String {
    let activity = e.command.as_deref().unwrap_or("");
    let reason = if e.parse_error {
        "ParentContainsErrorRecordException"
    } else {
        e.reason()
    };
    format!(
        "{}: ({}:{}) [{}], {}",
        e.category.name(),
        ellipsize(&target_name(e), profile),
        ellipsize(&target_type(e), profile),
        ellipsize(activity, profile),
        ellipsize(reason, profile)
    )
}
