//! Parse errors carry PowerShell's message text and error id (ParserStrings.resx).

use super::source::Span;

#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: String,
    /// The FullyQualifiedErrorId, e.g. `MissingEndCurlyBrace`.
    pub id: &'static str,
    pub span: Span,
    /// The error is only that the input ended early: a console can ask for more lines.
    pub incomplete: bool,
}

impl ParseError {
    pub fn new(id: &'static str, message: impl Into<String>, span: Span) -> ParseError {
        ParseError {
            message: message.into(),
            id,
            span,
            incomplete: false,
        }
    }
    pub fn incomplete(mut self) -> ParseError {
        self.incomplete = true;
        self
    }
}

pub type PResult<T> = Result<T, ParseError>;
