//! Where an error happened, as PowerShell's PositionUtilities.VerboseMessage says it:
//! `At line:1 char:5`, the source line (cut to a window when long) and its `~~~`
//! underline. InvocationInfo.PositionMessage is these lines; the error views print them.

use super::error::ErrorRecord;

/// The `At line:1 char:5` block: position line, source line, underline.
pub fn position_lines(e: &ErrorRecord) -> Vec<String> {
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
pub struct SourcePosition {
    pub where_: String,
    pub line: usize,
    pub source: String,
    pub underline: String,
}

pub fn source_position(e: &ErrorRecord) -> Option<SourcePosition> {
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

/// InvocationInfo.PositionMessage: the three lines joined, or None without a position.
pub fn position_message(e: &ErrorRecord) -> Option<String> {
    let lines = position_lines(e);
    (!lines.is_empty()).then(|| lines.join("\n"))
}
