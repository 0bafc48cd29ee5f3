//! How errors print: Windows PowerShell 5.1's NormalView (`Cmd : message`, `At line:N char:M`,
//! the source line with `~~~`, CategoryInfo, FullyQualifiedErrorId) and PowerShell 7's
//! ConciseView.

use super::wrap::wrap_lines;
use crate::engine::error::ErrorRecord;
use crate::engine::runtime::{Edition, Profile};

/// The `At line:1 char:5` block: position line, source line, underline.
fn position_lines(e: &ErrorRecord) -> Vec<String> {
    let Some(p) = source_position(e) else {
        return Vec::new();
    };
    vec![
        p.where_,
        format!("+ {}", p.source),
        format!("+ {}", p.underline),
    ]
}

/// What an error's position message says: where, the source line (cut as 5.1 cuts it) and
/// its underline. NormalView prints them after `+ `, ConciseView after `   1 | `.
struct SourcePosition {
    where_: String,
    line: usize,
    source: String,
    underline: String,
}

fn source_position(e: &ErrorRecord) -> Option<SourcePosition> {
    let pos = e.position.as_ref()?;
    let (line, col) = pos.source.line_col(pos.span.start);
    let text = pos.source.line_text(line);
    let where_ = if pos.source.path.is_empty() {
        format!("At line:{line} char:{col}")
    } else {
        format!("At {}:{line} char:{col}", pos.source.path)
    };
    let text = text.trim_end();
    let (end_line, _) = pos.source.line_col(pos.span.end);
    let span_len = if end_line == line {
        (pos.span.end - pos.span.start) as usize
    } else {
        text.chars().count().saturating_sub(col - 1)
    };
    let (shown, before, under) = source_window(text, col - 1, span_len);
    Some(SourcePosition {
        where_,
        line,
        source: shown,
        underline: format!("{}{}", " ".repeat(before), "~".repeat(under.max(1))),
    })
}

/// The widest source line the position message shows.
const WINDOW: usize = 69;

/// The source line as Windows PowerShell's PositionUtilities.VerboseMessage shows it: tabs
/// as four spaces, and a line longer than 69 characters cut to 69 around the error (up to
/// 12 characters before it, 8 after, then as much more as fits), with `... ` and ` ...`
/// where it was cut. Returns the text, the spaces before the underline and its length.
fn source_window(line: &str, start: usize, len: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = start.min(chars.len());
    let len = len.min(chars.len() - start);
    let expand = |cs: &[char]| -> String {
        cs.iter()
            .map(|c| {
                if *c == '\t' {
                    "    ".to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let (pre, err, post) = (
        expand(chars.get(..start).unwrap_or_default()),
        expand(chars.get(start..start + len).unwrap_or_default()),
        expand(chars.get(start + len..).unwrap_or_default()),
    );
    let (mut num, mut num2) = (pre.chars().count(), err.chars().count());
    let full: Vec<char> = format!("{pre}{err}{post}").chars().collect();
    let length = full.len();
    if length <= WINDOW {
        return (full.iter().collect(), num, num2);
    }
    let num3 = num;
    let mut num4 = num3.min(12);
    let num5 = length - num2 - num;
    let mut num6 = num5.min(8);
    let mut num7 = num4 + num2 + num6;
    let cut_after;
    if num7 >= WINDOW {
        if num4 + num2 >= WINDOW {
            num2 = WINDOW - num4;
        }
        cut_after = true;
    } else {
        let num8 = num3 - num4;
        if num8 > 0 {
            num4 += num8.min(WINDOW - num7);
            num7 = num4 + num2 + num6;
        }
        if num7 < WINDOW && num5 > 0 {
            num6 += num5.min(WINDOW - num7);
        }
        cut_after = num6 < num5;
    }
    let cut_before = num4 < num3;
    let from = num.saturating_sub(num4);
    let window: String = full.iter().skip(from).take(WINDOW).collect();
    num = num.min(num4);
    num2 = num2.min(WINDOW - num);
    let shown = format!(
        "{}{window}{}",
        if cut_before { "... " } else { "" },
        if cut_after { " ..." } else { "" }
    );
    (shown, num + if cut_before { 4 } else { 0 }, num2)
}

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
