//! How errors print: Windows PowerShell 5.1's NormalView (`Cmd : message`, `At line:N char:M`,
//! the source line with `~~~`, CategoryInfo, FullyQualifiedErrorId) and PowerShell 7's
//! ConciseView.

use super::wrap::wrap_lines;
use crate::engine::error::ErrorRecord;
use crate::engine::runtime::{Edition, Profile};

/// The `At line:1 char:5` block: position line, source line, underline.
fn position_lines(e: &ErrorRecord) -> Vec<String> {
    let Some(pos) = &e.position else {
        return Vec::new();
    };
    let (line, col) = pos.source.line_col(pos.span.start);
    let text = pos.source.line_text(line);
    let where_ = if pos.source.path.is_empty() {
        format!("At line:{line} char:{col}")
    } else {
        format!("At {}:{line} char:{col}", pos.source.path)
    };
    let line_len = text.chars().count();
    let (end_line, _) = pos.source.line_col(pos.span.end);
    let span_len = if end_line == line {
        (pos.span.end - pos.span.start) as usize
    } else {
        line_len.saturating_sub(col - 1)
    };
    let span_len = span_len.max(1);
    vec![
        where_,
        format!("+ {text}"),
        format!("+ {}{}", " ".repeat(col - 1), "~".repeat(span_len)),
    ]
}

/// The text of an error as the console shows it, without the trailing blank line.
pub fn render(e: &ErrorRecord, profile: &Profile, width: usize) -> Vec<String> {
    match profile.edition {
        Edition::Desktop51 => render_normal(e, profile, width),
        Edition::Core7 => render_concise(e, width),
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
            .unwrap_or_else(|| e.category.name())
    };
    let mut lines = Vec::new();
    if e.position.is_some() && e.origin.is_none() && e.parse_error {
        lines.extend(position_lines(e).into_iter().skip(1));
    }
    lines.push(format!("{reason}: {}", e.message));
    wrap_lines(&lines, width)
}
