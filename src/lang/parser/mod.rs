//! A recursive-descent parser over chars. PowerShell tokenizes differently in command mode
//! (barewords are strings) and expression mode (barewords are errors), so the parser reads
//! characters directly and picks the mode from its position, as PowerShell's own parser does.
//!
//! Files: `mod.rs` helpers and the script entry; `statement.rs` keywords; `pipeline.rs`
//! commands and arguments; `expr.rs` operators and primaries; `literal.rs` strings and numbers;
//! `scriptblock.rs` script blocks and `param()`.

mod expr;
mod literal;
mod pipeline;
mod scriptblock;
mod statement;

#[cfg(test)]
mod tests;

use super::ast::ScriptBlockAst;
use super::error::{PResult, ParseError};
use super::source::{Source, Span};
pub use expr::split_scope;
pub use literal::parse_number;
use std::rc::Rc;

/// Deeper nesting than this is refused, so hostile input cannot overflow the stack.
const MAX_NESTING: usize = 100;

/// Parses a whole script (console input, `-Command` text or a file) into a script block,
/// as Windows PowerShell 5.1 does.
pub fn parse_script(source: &Rc<Source>) -> Result<Rc<ScriptBlockAst>, ParseError> {
    parse_script_with(source, Syntax::default())
}

/// What the language accepts beyond 5.1's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Syntax {
    /// PowerShell 6+: a pipeline that ends in `&` runs as a background job.
    pub background_operator: bool,
    /// PowerShell 7's operators: `&&` and `||` between pipelines, `cond ? a : b`, `??`
    /// and `??=`.
    pub seven_operators: bool,
}

pub fn parse_script_with(
    source: &Rc<Source>,
    syntax: Syntax,
) -> Result<Rc<ScriptBlockAst>, ParseError> {
    let mut p = Parser {
        src: source.clone(),
        pos: 0,
        depth: 0,
        syntax,
    };
    let sb = p.parse_scriptblock_body(None)?;
    Ok(Rc::new(sb))
}

pub(crate) struct Parser {
    src: Rc<Source>,
    pos: usize,
    depth: usize,
    syntax: Syntax,
}

pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.src.chars.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.chars.get(self.pos + n).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn at_eof(&self) -> bool {
        self.pos >= self.src.chars.len()
    }
    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.pos)
    }
    fn here(&self) -> Span {
        Span::new(self.pos, self.pos)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ParseError::new(
                "ScriptTooDeeplyNested",
                "The script is nested too deeply to be parsed.",
                self.here(),
            ));
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Skips blanks, comments and backtick line continuations, but not line breaks.
    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\u{a0}' | '\u{feff}') => self.pos += 1,
                Some('`') if matches!(self.peek_at(1), Some('\n' | '\r')) => {
                    self.pos += 1;
                    self.eat('\r');
                    self.eat('\n');
                }
                Some('#') => {
                    while !matches!(self.peek(), None | Some('\n')) {
                        self.pos += 1;
                    }
                }
                Some('<') if self.peek_at(1) == Some('#') => {
                    self.pos += 2;
                    loop {
                        match self.bump() {
                            None => break,
                            Some('#') if self.peek() == Some('>') => {
                                self.pos += 1;
                                break;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips blanks, comments and line breaks.
    fn skip_ws_nl(&mut self) {
        loop {
            self.skip_ws();
            match self.peek() {
                Some('\n' | '\r') => self.pos += 1,
                _ => return,
            }
        }
    }

    /// True if the next chars are `word` (case-insensitive) and not followed by a name char.
    fn at_word(&self, word: &str) -> bool {
        let mut i = 0;
        for w in word.chars() {
            match self.peek_at(i) {
                Some(c) if c.to_ascii_lowercase() == w => i += 1,
                _ => return false,
            }
        }
        !matches!(self.peek_at(i), Some(c) if is_ident_char(c) || c == '-')
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.at_word(word) {
            self.pos += word.chars().count();
            true
        } else {
            false
        }
    }

    /// The token at the cursor, for "Unexpected token" messages.
    fn token_text_at(&self, pos: usize) -> (String, Span) {
        let mut end = pos;
        let chars = &self.src.chars;
        match chars.get(pos) {
            None => return (String::new(), Span::new(pos, pos)),
            Some(c) if "(){}[],;|&".contains(*c) => end += 1,
            Some('"' | '\'') => {
                let q = chars.get(pos).copied();
                end += 1;
                while let Some(c) = chars.get(end) {
                    end += 1;
                    if Some(*c) == q {
                        break;
                    }
                }
            }
            _ => {
                while let Some(c) = chars.get(end) {
                    if c.is_whitespace() || "(){}[],;|&\"'".contains(*c) {
                        break;
                    }
                    end += 1;
                }
            }
        }
        let span = Span::new(pos, end.max(pos + 1));
        (self.src.text(span), span)
    }

    fn unexpected_token(&self) -> ParseError {
        let (text, span) = self.token_text_at(self.pos);
        ParseError::new(
            "UnexpectedToken",
            format!("Unexpected token '{text}' in expression or statement."),
            span,
        )
    }

    fn expect_close(&mut self, c: char, id: &'static str, msg: &str) -> PResult<()> {
        if self.eat(c) {
            Ok(())
        } else {
            let err = ParseError::new(id, msg, self.here());
            Err(if self.at_eof() { err.incomplete() } else { err })
        }
    }
}
