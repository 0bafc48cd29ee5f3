//! Source text and spans. Positions are char indices, so `char:N` in error messages counts
//! characters as PowerShell's console does.

use std::rc::Rc;

/// A half-open range of char indices into a [`Source`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One piece of script text: a console line, a `-Command` string or a file.
#[derive(Debug)]
pub struct Source {
    /// The script file path, or empty for console input.
    pub path: String,
    pub chars: Vec<char>,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(path: &str, text: &str) -> Rc<Source> {
        let chars: Vec<char> = text.chars().collect();
        let mut line_starts = vec![0];
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                line_starts.push(i + 1);
            }
        }
        Rc::new(Source {
            path: path.to_string(),
            chars,
            line_starts,
        })
    }

    /// 1-based line and column of a char index.
    pub fn line_col(&self, pos: u32) -> (usize, usize) {
        let pos = pos as usize;
        let line = match self.line_starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        (line + 1, pos - start + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> String {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .map(|e| e.saturating_sub(1))
            .unwrap_or(self.chars.len());
        let text: String = self.chars.get(start..end).unwrap_or(&[]).iter().collect();
        text.trim_end_matches('\r').to_string()
    }

    pub fn text(&self, span: Span) -> String {
        let end = (span.end as usize).min(self.chars.len());
        let start = (span.start as usize).min(end);
        self.chars.get(start..end).unwrap_or(&[]).iter().collect()
    }
}
