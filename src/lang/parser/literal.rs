//! String and number literals.

use super::Parser;
use crate::lang::ast::*;
use crate::lang::error::{PResult, ParseError};
use crate::lang::source::Span;
use std::rc::Rc;

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}')
}
fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}')
}

/// The char a backtick escape stands for in a double-quoted string (5.1 set).
pub(crate) fn escape_char(c: char) -> char {
    match c {
        '0' => '\0',
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        other => other,
    }
}

impl Parser {
    pub(super) fn parse_single_quoted(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(self.missing_terminator(start, "'")),
                Some(c) if is_single_quote(c) => {
                    if self.peek().is_some_and(is_single_quote) {
                        self.pos += 1;
                        text.push(c);
                    } else {
                        break;
                    }
                }
                Some(c) => text.push(c),
            }
        }
        Ok(Expr {
            kind: ExprKind::Lit(Literal::Str(Rc::from(text.as_str()))),
            span: self.span_from(start),
        })
    }

    fn missing_terminator(&self, start: usize, quote: &str) -> ParseError {
        ParseError::new(
            "TerminatorExpectedAtEndOfString",
            format!("The string is missing the terminator: {quote}."),
            Span::new(start, self.pos),
        )
        .incomplete()
    }

    pub(super) fn parse_double_quoted(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 1;
        let parts = self.parse_expandable(start, false)?;
        Ok(Expr {
            kind: ExprKind::Expandable(parts),
            span: self.span_from(start),
        })
    }

    /// The body of an expandable string up to its closing quote (or `"@` for here-strings).
    fn parse_expandable(&mut self, start: usize, here: bool) -> PResult<Vec<StrPart>> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.missing_terminator(start, if here { "\"@" } else { "\"" }));
            };
            match c {
                '`' => match self.bump() {
                    Some(n) => lit.push(escape_char(n)),
                    None => return Err(self.missing_terminator(start, "\"")),
                },
                c if is_double_quote(c) && !here => {
                    if self.peek().is_some_and(is_double_quote) {
                        self.pos += 1;
                        lit.push(c);
                    } else {
                        break;
                    }
                }
                '\n' if here && self.peek() == Some('"') && self.peek_at(1) == Some('@') => {
                    self.pos += 2;
                    break;
                }
                '\r' if here
                    && self.peek() == Some('\n')
                    && self.peek_at(1) == Some('"')
                    && self.peek_at(2) == Some('@') =>
                {
                    self.pos += 3;
                    break;
                }
                '$' => match self.peek() {
                    Some('(') => {
                        self.pos += 1;
                        if !lit.is_empty() {
                            parts.push(StrPart::Lit(std::mem::take(&mut lit)));
                        }
                        let block = self.parse_statements(Some(')'))?;
                        if !self.eat(')') {
                            return Err(self.missing_terminator(start, "\""));
                        }
                        parts.push(StrPart::Sub(Rc::new(block)));
                    }
                    Some('{') => {
                        self.pos += 1;
                        let s = self.pos;
                        while !matches!(self.peek(), None | Some('}')) {
                            self.pos += 1;
                        }
                        let name = self.src.text(self.span_from(s));
                        self.eat('}');
                        if !lit.is_empty() {
                            parts.push(StrPart::Lit(std::mem::take(&mut lit)));
                        }
                        parts.push(StrPart::Var(super::expr::split_scope(&name)));
                    }
                    Some('$' | '?' | '^') => {
                        let v = self.bump().unwrap_or('$');
                        if !lit.is_empty() {
                            parts.push(StrPart::Lit(std::mem::take(&mut lit)));
                        }
                        parts.push(StrPart::Var(VarRef {
                            scope: None,
                            name: Rc::from(v.to_string().as_str()),
                        }));
                    }
                    _ => match self.read_var_name() {
                        Some(var) => {
                            if !lit.is_empty() {
                                parts.push(StrPart::Lit(std::mem::take(&mut lit)));
                            }
                            parts.push(StrPart::Var(var));
                        }
                        None => lit.push('$'),
                    },
                },
                c => lit.push(c),
            }
        }
        if !lit.is_empty() || parts.is_empty() {
            parts.push(StrPart::Lit(lit));
        }
        Ok(parts)
    }

    pub(super) fn parse_here_string(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let quote = self.peek_at(1).unwrap_or('"');
        self.pos += 2;
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        self.eat('\r');
        if !self.eat('\n') {
            return Err(ParseError::new(
                "UnexpectedCharactersAfterHereStringHeader",
                "No characters are allowed after a here-string header but before the end of the line.",
                self.here(),
            ));
        }
        if quote == '"' {
            // An empty here-string closes right away.
            if self.peek() == Some('"') && self.peek_at(1) == Some('@') {
                self.pos += 2;
                let kind = ExprKind::Lit(Literal::Str(Rc::from("")));
                return Ok(Expr {
                    kind,
                    span: self.span_from(start),
                });
            }
            let parts = self.parse_expandable(start, true)?;
            return Ok(Expr {
                kind: ExprKind::Expandable(parts),
                span: self.span_from(start),
            });
        }
        let body_start = self.pos;
        if self.peek() == Some('\'') && self.peek_at(1) == Some('@') {
            self.pos += 2;
            return Ok(Expr {
                kind: ExprKind::Lit(Literal::Str(Rc::from(""))),
                span: self.span_from(start),
            });
        }
        loop {
            match self.bump() {
                None => return Err(self.missing_terminator(start, "'@")),
                Some('\n') if self.peek() == Some('\'') && self.peek_at(1) == Some('@') => {
                    let mut text = self.src.text(Span::new(body_start, self.pos - 1));
                    if text.ends_with('\r') {
                        text.pop();
                    }
                    self.pos += 2;
                    let kind = ExprKind::Lit(Literal::Str(Rc::from(text.as_str())));
                    return Ok(Expr {
                        kind,
                        span: self.span_from(start),
                    });
                }
                _ => {}
            }
        }
    }

    /// A number literal at the cursor, if the chars there form one followed by a delimiter.
    pub(super) fn try_number(&mut self) -> PResult<Option<Literal>> {
        let start = self.pos;
        let mut i = 0;
        let ch = |p: &Parser, i: usize| p.peek_at(i);
        if ch(self, 0) == Some('0') && matches!(ch(self, 1), Some('x' | 'X')) {
            i = 2;
            while ch(self, i).is_some_and(|c| c.is_ascii_alphanumeric()) {
                i += 1;
            }
        } else {
            while ch(self, i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            if ch(self, i) == Some('.') && ch(self, i + 1).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
                while ch(self, i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
            }
            if matches!(ch(self, i), Some('e' | 'E')) {
                let mut j = i + 1;
                if matches!(ch(self, j), Some('+' | '-')) {
                    j += 1;
                }
                if ch(self, j).is_some_and(|c| c.is_ascii_digit()) {
                    i = j;
                    while ch(self, i).is_some_and(|c| c.is_ascii_digit()) {
                        i += 1;
                    }
                }
            }
            while ch(self, i).is_some_and(|c| c.is_ascii_alphabetic()) {
                i += 1;
            }
        }
        if i == 0 {
            return Ok(None);
        }
        if ch(self, i).is_some_and(super::is_ident_char) {
            return Ok(None);
        }
        let text = self.src.text(Span::new(start, start + i));
        match parse_number(&text) {
            Some(lit) => {
                self.pos = start + i;
                Ok(Some(lit))
            }
            None => Err(ParseError::new(
                "BadNumericConstant",
                format!("Bad numeric constant: {text}."),
                Span::new(start, start + i),
            )),
        }
    }
}

/// Parses a whole word as a PowerShell number literal: `42`, `-7`, `0x1F`, `1.5e3`, `10kb`,
/// `5l`, `1.5d`. None when the word is not a number (it is then a string in command mode).
pub fn parse_number(word: &str) -> Option<Literal> {
    let (neg, body) = match word.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, word.strip_prefix('+').unwrap_or(word)),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (lower, multiplier) = match ["kb", "mb", "gb", "tb", "pb"]
        .iter()
        .position(|m| lower.ends_with(m))
    {
        Some(i) => (
            lower.get(..lower.len() - 2)?.to_string(),
            1024f64.powi(i as i32 + 1),
        ),
        None => (lower, 1.0),
    };
    if let Some(hex) = lower.strip_prefix("0x") {
        let (hex, long) = match hex.strip_suffix('l') {
            Some(h) => (h, true),
            None => (hex, false),
        };
        if hex.is_empty() || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let v = u64::from_str_radix(hex, 16).ok()?;
        let v = if v <= u32::MAX as u64 && !long {
            (v as u32 as i32) as i64
        } else {
            v as i64
        };
        return Some(int_literal(if neg { -v } else { v }, long, multiplier));
    }
    let (digits, suffix) = match lower.chars().last() {
        Some(c @ ('l' | 'd')) => (lower.get(..lower.len() - 1)?, Some(c)),
        _ => (lower.as_str(), None),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || ".e+-".contains(c))
    {
        return None;
    }
    if !digits.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let is_real = digits.contains(['.', 'e']);
    if suffix == Some('d') {
        use rust_decimal::prelude::FromPrimitive;
        let v = if digits.contains('e') {
            rust_decimal::Decimal::from_scientific(digits).ok()?
        } else {
            digits.parse::<rust_decimal::Decimal>().ok()?
        };
        let v = if neg { -v } else { v };
        let scale = rust_decimal::Decimal::from_f64(multiplier)?;
        return Some(Literal::Decimal(v.checked_mul(scale)?));
    }
    if is_real {
        let v: f64 = digits.parse().ok()?;
        let v = if neg { -v } else { v } * multiplier;
        if suffix == Some('l') {
            return Some(Literal::Long(v.round() as i64));
        }
        return Some(Literal::Double(v));
    }
    match digits.parse::<i64>() {
        Ok(v) => Some(int_literal(
            if neg { -v } else { v },
            suffix == Some('l'),
            multiplier,
        )),
        Err(_) => {
            let v: f64 = digits.parse().ok()?;
            Some(Literal::Double(if neg { -v } else { v } * multiplier))
        }
    }
}

fn int_literal(v: i64, long: bool, multiplier: f64) -> Literal {
    let scaled = v as f64 * multiplier;
    if scaled.abs() > i64::MAX as f64 {
        return Literal::Double(scaled);
    }
    let v = if multiplier == 1.0 { v } else { scaled as i64 };
    if !long {
        if let Ok(i) = i32::try_from(v) {
            return Literal::Int(i);
        }
    }
    Literal::Long(v)
}
