//! How errors print: Windows PowerShell 5.1's NormalView (`Cmd : message`, `At line:N char:M`,
//! the source line with `~~~`, CategoryInfo, FullyQualifiedErrorId) and PowerShell 7's
//! ConciseView.

use super::wrap::wrap_lines;
use crate::engine::error::ErrorRecord;
use crate::engine::position_message::{position_lines, source_position};
use crate::engine::runtime::{Edition, Profile};

/// The text of an error as the console shows it, without the trailing blank line.
pub fn render(e: &ErrorRecord, profile: &Profile, normal: bool, width: usize) -> Vec<String> {
    match profile.edition {
        Edition::Core7 if !normal => render_concise(e, width),
        _ => render_normal(e, profile, width),
    }
}

fn render_normal(e: &ErrorRecord, profile: &Profile, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if e.parse_error {
        lines.extend(position_lines(e));
        lines.push(e.message.clone());
    } else if e.origin.is_some() || e.replayed {
        // Errors replayed from a job have no invocation info: message only.
        lines.push(e.message.clone());
    } else {
        let prefix = match (&e.invocation_name, &e.command) {
            (Some(n), _) if !n.is_empty() => format!("{n} : "),
            (None, Some(c)) if !e.thrown => format!("{c} : "),
            _ => String::new(),
        };
        lines.push(format!("{prefix}{}", e.message));
        lines.extend(position_lines(e));
    }
    lines.push(format!(
        "    + CategoryInfo          : {}",
        crate::engine::category_info::category_info(e, profile)
    ));
    lines.push(format!("    + FullyQualifiedErrorId : {}", e.fqid));
    if let Some(origin) = &e.origin {
        lines.push(format!("    + PSComputerName        : {origin}"));
    }
    wrap_lines(&lines, width)
}

fn render_concise(e: &ErrorRecord, width: usize) -> Vec<String> {
    let reason = if e.thrown {
        "Exception".to_string()
    } else {
        e.command
            .as_deref()
            .map(|c| c.to_string())
            .or_else(|| e.invocation_name.as_deref().map(|c| c.to_string()))
            .unwrap_or_else(|| {
                // The category, or where it says nothing, the exception's type
                // (`RuntimeException: Attempted to divide by zero.`).
                if e.category == crate::engine::error::Category::NotSpecified {
                    e.exception_type
                        .rsplit('.')
                        .next()
                        .unwrap_or("Exception")
                        .to_string()
                } else {
                    e.category.name()
                }
            })
    };
    match concise_position(e) {
        Some(block) => {
            let mut lines = vec![format!("{reason}: {}", block.header)];
            lines.extend(block.lines);
            // The message is cut at the console's width after the `     | ` margin
            // (Get-ConciseViewPositionMessage's Get-TruncatedString, at word breaks).
            let prefix = "     | ";
            let text = e.message.replace(['\r', '\n', '\t'], " ");
            for part in wrap_lines(&[text], width.saturating_sub(prefix.len())) {
                lines.push(format!("{prefix}{part}"));
            }
            lines
        }
        None => wrap_lines(&[format!("{reason}: {}", e.message)], width),
    }
}

/// ConciseView's `Line |` block, shown for a parse error, an error in a script file, or
/// one on the second or later line of console input (PowerShellCore_format_ps1xml.cs,
/// Get-ConciseViewPositionMessage): the file and line or nothing, then the source line and
/// its underline from the position message.
struct ConciseBlock {
    header: String,
    lines: Vec<String>,
}

fn concise_position(e: &ErrorRecord) -> Option<ConciseBlock> {
    let path = &e
        .position
        .as_ref()
        .filter(|_| e.origin.is_none() && !e.replayed)?
        .source
        .path;
    let p = source_position(e)?;
    let in_file = !path.is_empty();
    if !(e.parse_error || in_file || p.line > 1) {
        return None;
    }
    let header = if in_file {
        format!("{path}:{}", p.line)
    } else {
        String::new()
    };
    let number = p.line.to_string();
    let pad = " ".repeat(4usize.saturating_sub(number.len()));
    // The position message's lines without their `+`, so each starts with a space.
    Some(ConciseBlock {
        header,
        lines: vec![
            "Line |".to_string(),
            format!("{pad}{number} |  {}", p.source),
            format!("     |  {}", p.underline),
        ],
    })
}
