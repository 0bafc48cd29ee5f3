//! Pipelines, assignments, commands and their arguments (command mode).

use super::{Parser, is_ident_char};
use crate::lang::ast::*;
use crate::lang::error::{PResult, ParseError};
use crate::lang::source::Span;
use std::rc::Rc;

/// Chars that end a bareword in command mode.
fn ends_bareword(c: char) -> bool {
    c.is_whitespace() || ";|&(){},<>".contains(c)
}

const AMPERSAND: &str = "The ampersand (&) character is not allowed. The & operator is reserved for future use; wrap an ampersand in double quotation marks (\"&\") to pass it as part of a string.";

impl Parser {
    /// A pipeline, an assignment whose right side is a statement, or in 7 a chain of
    /// pipelines joined by `&&` and `||` (left-associative; `&` at its end backgrounds the
    /// whole chain).
    pub(super) fn parse_pipeline_statement(&mut self) -> PResult<Stmt> {
        let first = self.parse_pipeline()?;
        if !self.syntax.seven_operators || matches!(first.kind, StmtKind::Assign { .. }) {
            return Ok(first);
        }
        let backgrounded = |s: &Stmt| matches!(&s.kind, StmtKind::Pipeline(p) if p.background);
        let mut last_backgrounded = backgrounded(&first);
        let mut rest = Vec::new();
        loop {
            let save = self.pos;
            self.skip_ws();
            let op = match (self.peek(), self.peek_at(1)) {
                (Some('&'), Some('&')) => ChainOp::And,
                (Some('|'), Some('|')) => ChainOp::Or,
                _ => {
                    self.pos = save;
                    break;
                }
            };
            if last_backgrounded {
                return Err(ParseError::new(
                    "BackgroundOperatorInPipelineChain",
                    "Background operators can only be used at the end of a pipeline chain.",
                    Span::new(self.pos, self.pos + 2),
                ));
            }
            self.pos += 2;
            self.skip_ws_nl();
            if matches!(self.peek(), None | Some(';' | ')' | '}')) {
                let err = ParseError::new(
                    "EmptyPipelineChainElement",
                    "A pipeline chain operator must be followed by a pipeline.",
                    self.here(),
                );
                return Err(if self.at_eof() { err.incomplete() } else { err });
            }
            let next = self.parse_pipeline()?;
            last_backgrounded = backgrounded(&next);
            rest.push((op, next));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        // `a && b &`: the `&` belongs to the chain, not to its last pipeline.
        let mut background = false;
        if let Some((
            _,
            Stmt {
                kind: StmtKind::Pipeline(p),
                span,
            },
        )) = rest.last_mut()
        {
            if p.background {
                p.background = false;
                background = true;
                *span = p.span;
            }
        }
        let span = rest
            .last()
            .map_or(first.span, |(_, s)| first.span.to(s.span));
        Ok(Stmt {
            kind: StmtKind::Chain {
                first: Box::new(first),
                rest,
                background,
            },
            span,
        })
    }

    /// One pipeline, or an assignment whose right side is a statement.
    fn parse_pipeline(&mut self) -> PResult<Stmt> {
        self.skip_ws();
        let start = self.pos;
        let mut elements = Vec::new();
        if self.at_expression_start() {
            let expr = self.parse_expression()?;
            self.skip_ws();
            if let Some(op) = self.peek_assign_op() {
                self.check_assignable(&expr, op == AssignOp::Set)?;
                let op_len = match op {
                    AssignOp::Set => 1,
                    AssignOp::Coalesce => 3,
                    _ => 2,
                };
                let op_span = Span::new(self.pos, self.pos + op_len);
                self.pos += op_len;
                self.skip_ws_nl();
                if matches!(self.peek(), None | Some(';' | ')' | '}')) {
                    let text = self.src.text(op_span);
                    let err = ParseError::new(
                        "ExpectedValueExpression",
                        format!(
                            "You must provide a value expression following the '{text}' operator."
                        ),
                        self.here(),
                    );
                    return Err(if self.at_eof() { err.incomplete() } else { err });
                }
                let value = self.parse_statement()?;
                return Ok(Stmt {
                    kind: StmtKind::Assign {
                        target: expr,
                        op,
                        value: Box::new(value),
                    },
                    span: self.span_from(start),
                });
            }
            let redirects = self.parse_redirects()?;
            elements.push(PipeElem::Expr { expr, redirects });
        } else {
            elements.push(PipeElem::Command(self.parse_command()?));
        }
        loop {
            self.skip_ws();
            match self.peek() {
                Some('|') if self.peek_at(1) != Some('|') => {
                    let bar = self.pos;
                    self.pos += 1;
                    self.skip_ws_nl();
                    if matches!(self.peek(), None | Some('|' | ';' | ')' | '}')) {
                        let err = ParseError::new(
                            "EmptyPipeElement",
                            "An empty pipe element is not allowed.",
                            Span::new(bar, bar + 1),
                        );
                        return Err(if self.at_eof() { err.incomplete() } else { err });
                    }
                    if self.at_expression_start() {
                        let s = self.pos;
                        self.parse_expression()?;
                        return Err(ParseError::new(
                            "ExpressionsMustBeFirstInPipeline",
                            "Expressions are only allowed as the first element of a pipeline.",
                            self.span_from(s),
                        ));
                    }
                    elements.push(PipeElem::Command(self.parse_command()?));
                }
                Some('&') if self.peek_at(1) != Some('&') && self.syntax.background_operator => {
                    // The pipeline's extent stops at its last element, before the `&`.
                    let mut end = self.pos;
                    while end > start
                        && self
                            .src
                            .chars
                            .get(end - 1)
                            .is_some_and(|c| c.is_whitespace())
                    {
                        end -= 1;
                    }
                    let span = Span::new(start, end);
                    self.pos += 1;
                    return Ok(Stmt {
                        kind: StmtKind::Pipeline(Pipeline {
                            elements,
                            span,
                            background: true,
                        }),
                        span,
                    });
                }
                Some('&') if self.peek_at(1) != Some('&') => {
                    return Err(ParseError::new(
                        "AmpersandNotAllowed",
                        AMPERSAND,
                        Span::new(self.pos, self.pos + 1),
                    ));
                }
                _ => break,
            }
        }
        Ok(Stmt {
            kind: StmtKind::Pipeline(Pipeline {
                elements,
                span: self.span_from(start),
                background: false,
            }),
            span: self.span_from(start),
        })
    }

    fn peek_assign_op(&self) -> Option<AssignOp> {
        if self.syntax.seven_operators
            && self.peek() == Some('?')
            && self.peek_at(1) == Some('?')
            && self.peek_at(2) == Some('=')
        {
            return Some(AssignOp::Coalesce);
        }
        match (self.peek()?, self.peek_at(1)) {
            ('=', _) => Some(AssignOp::Set),
            ('+', Some('=')) => Some(AssignOp::Add),
            ('-', Some('=')) => Some(AssignOp::Sub),
            ('*', Some('=')) => Some(AssignOp::Mul),
            ('/', Some('=')) => Some(AssignOp::Div),
            ('%', Some('=')) => Some(AssignOp::Rem),
            _ => None,
        }
    }

    /// Can `e` be assigned to? Several targets (`$a, $b = ...`) only by a plain `=`
    /// (Parser.CheckAssignmentTarget's simple assignment).
    fn check_assignable(&self, e: &Expr, simple: bool) -> PResult<()> {
        match &e.kind {
            ExprKind::Var(_) | ExprKind::Member { .. } | ExprKind::Index { .. } => Ok(()),
            ExprKind::Convert(_, inner) => self.check_assignable(inner, simple),
            ExprKind::Array(items) if simple => items
                .iter()
                .try_for_each(|i| self.check_assignable(i, simple)),
            _ => Err(ParseError::new(
                "InvalidLeftHandSide",
                "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                e.span,
            )),
        }
    }

    /// Whether the element at the cursor is an expression rather than a command.
    pub(super) fn at_expression_start(&self) -> bool {
        match self.peek() {
            None => false,
            Some(
                '$' | '\'' | '"' | '(' | '@' | '[' | '{' | '!' | ',' | '\u{2018}'..='\u{201e}',
            ) => true,
            // `7zip.exe` is a command; `7`, `1+1`, `1kb`, `0x10`, `1..3` are expressions.
            Some(c) if c.is_ascii_digit() => self.number_len_at(self.pos).is_some(),
            Some('.') => self.peek_at(1).is_some_and(|c| c.is_ascii_digit()),
            Some('+') => self
                .peek_at(1)
                .is_some_and(|c| c.is_ascii_digit() || c == '$' || c == '+'),
            Some('-') => match self.peek_at(1) {
                Some(c) if c.is_ascii_digit() || c == '$' || c == '(' => true,
                Some('.') => self.peek_at(2).is_some_and(|c| c.is_ascii_digit()),
                Some('-') => self.peek_at(2) == Some('$'),
                _ => {
                    let save = self.pos + 1;
                    ["not", "bnot", "split", "join"].iter().any(|w| {
                        let mut i = 0;
                        for ch in w.chars() {
                            match self.src.chars.get(save + i) {
                                Some(c) if c.to_ascii_lowercase() == ch => i += 1,
                                _ => return false,
                            }
                        }
                        !self
                            .src
                            .chars
                            .get(save + i)
                            .is_some_and(|c| is_ident_char(*c))
                    })
                }
            },
            _ => false,
        }
    }

    /// The length of the number literal starting at `pos`, if one does (and ends there).
    fn number_len_at(&self, pos: usize) -> Option<usize> {
        let at = |i: usize| self.src.chars.get(pos + i).copied();
        let mut i = 0;
        if at(0) == Some('0') && matches!(at(1), Some('x' | 'X')) {
            i = 2;
            while at(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
                i += 1;
            }
        } else {
            while at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            if at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
                while at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
            }
            if matches!(at(i), Some('e' | 'E'))
                && at(i + 1).is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '-')
            {
                i += 2;
                while at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
            }
            while at(i).is_some_and(|c| c.is_ascii_alphabetic()) {
                i += 1;
            }
        }
        if at(i).is_some_and(|c| is_ident_char(c) || c == '\\' || c == ':') {
            return None;
        }
        let word = self.src.text(Span::new(pos, pos + i));
        super::literal::parse_number(&word).map(|_| i)
    }

    pub(super) fn parse_command(&mut self) -> PResult<CommandCall> {
        let start = self.pos;
        let name = match self.peek() {
            Some('&') => {
                self.pos += 1;
                self.skip_ws();
                if matches!(
                    self.peek(),
                    None | Some('\n' | '\r' | ';' | ')' | '}' | '|')
                ) {
                    // Complete as it stands: a console does not wait for more after `&`.
                    return Err(ParseError::new(
                        "MissingExpression",
                        "Missing expression after '&' in pipeline element.",
                        Span::new(start, start + 1),
                    ));
                }
                CommandName::Call(self.parse_arg_primary()?)
            }
            Some('.')
                if self
                    .peek_at(1)
                    .is_some_and(|c| c.is_whitespace() || "$({'\"".contains(c)) =>
            {
                self.pos += 1;
                self.skip_ws();
                CommandName::Dot(self.parse_arg_primary()?)
            }
            _ => {
                let word = self.read_bareword();
                if word.is_empty() {
                    return Err(self.unexpected_token());
                }
                CommandName::Name(Rc::from(word.as_str()))
            }
        };
        let name_span = self.span_from(start);
        let mut args = Vec::new();
        let mut redirects = Vec::new();
        loop {
            self.skip_ws();
            let Some(c) = self.peek() else { break };
            match c {
                '\n' | '\r' | ';' | ')' | '}' | '|' | '&' => break,
                '>' | '<' => redirects.push(self.parse_redirect()?),
                '*' if self.peek_at(1) == Some('>') => redirects.push(self.parse_redirect()?),
                '1'..='6' if self.peek_at(1) == Some('>') => redirects.push(self.parse_redirect()?),
                '-' if self
                    .peek_at(1)
                    .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '?') =>
                {
                    args.push(self.parse_parameter()?);
                }
                '@' if self.peek_at(1).is_some_and(is_ident_char) => {
                    let s = self.pos;
                    self.pos += 1;
                    while self.peek().is_some_and(is_ident_char) {
                        self.pos += 1;
                    }
                    let name = self.src.text(Span::new(s + 1, self.pos));
                    args.push(CommandArg::Splat {
                        name: Rc::from(name.as_str()),
                        span: self.span_from(s),
                    });
                }
                ',' => {
                    return Err(ParseError::new(
                        "MissingArgument",
                        "Missing argument in parameter list.",
                        Span::new(self.pos, self.pos + 1),
                    ));
                }
                _ => args.push(CommandArg::Value(self.parse_arg_value()?)),
            }
        }
        Ok(CommandCall {
            name,
            name_span,
            args,
            redirects,
            span: self.span_from(start),
        })
    }

    fn parse_parameter(&mut self) -> PResult<CommandArg> {
        let s = self.pos;
        self.pos += 1;
        while self.peek().is_some_and(|c| !ends_bareword(c) && c != ':') {
            self.pos += 1;
        }
        let name = self.src.text(Span::new(s + 1, self.pos));
        let span = self.span_from(s);
        if self.eat(':') {
            let span = self.span_from(s);
            self.skip_ws();
            let value = self.parse_arg_value()?;
            return Ok(CommandArg::Param {
                name: Rc::from(name.as_str()),
                value: Some(value),
                span,
                colon: true,
            });
        }
        Ok(CommandArg::Param {
            name: Rc::from(name.as_str()),
            value: None,
            span,
            colon: false,
        })
    }

    /// A bareword in command mode, with backtick escapes resolved.
    pub(super) fn read_bareword(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if ends_bareword(c) {
                break;
            }
            self.pos += 1;
            if c == '`' {
                if let Some(n) = self.bump() {
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// One argument value, with `a,b,c` forming an array.
    pub(super) fn parse_arg_value(&mut self) -> PResult<Expr> {
        let first = self.parse_arg_primary()?;
        self.skip_ws();
        if self.peek() != Some(',') {
            return Ok(first);
        }
        let start = first.span;
        let mut items = vec![first];
        while self.eat(',') {
            self.skip_ws_nl();
            if matches!(self.peek(), None | Some('\n' | ';' | ')' | '}' | '|')) {
                return Err(ParseError::new(
                    "MissingExpressionAfterToken",
                    "Missing expression after ','.",
                    self.here(),
                ));
            }
            items.push(self.parse_arg_primary()?);
            self.skip_ws();
        }
        let span = start.to(self.span_from(start.start as usize));
        Ok(Expr {
            kind: ExprKind::Array(items),
            span,
        })
    }

    /// An argument in command mode: a bareword (string or number) or an expression primary
    /// with its member accesses.
    pub(super) fn parse_arg_primary(&mut self) -> PResult<Expr> {
        match self.peek() {
            Some('$') => {
                let first = self.parse_primary_postfix()?;
                self.variable_then_text(first)
            }
            Some('(' | '@' | '\'' | '"' | '{' | '\u{2018}'..='\u{201e}') => {
                self.parse_primary_postfix()
            }
            _ => {
                let s = self.pos;
                let word = self.read_bareword();
                let span = self.span_from(s);
                if word.is_empty() {
                    return Err(self.unexpected_token());
                }
                let lit = match super::literal::parse_number(&word) {
                    Some(n) => n,
                    None => Literal::Str(Rc::from(word.as_str())),
                };
                Ok(Expr {
                    kind: ExprKind::Lit(lit),
                    span,
                })
            }
        }
    }

    /// A variable with text right after it, in command mode, is one argument: the text
    /// the two make (`$TestDrive/file.txt`, `$name-old`), as the tokenizer reads such a
    /// word as an expandable string. Other variables after the first expand too.
    fn variable_then_text(&mut self, first: Expr) -> PResult<Expr> {
        let ExprKind::Var(v) = &first.kind else {
            return Ok(first);
        };
        let glued =
            |c: char| !ends_bareword(c) && !"'\"`\u{2018}\u{2019}\u{201c}\u{201d}".contains(c);
        if !self.peek().is_some_and(glued) {
            return Ok(first);
        }
        let mut parts = vec![StrPart::Var(v.clone())];
        while let Some(c) = self.peek().filter(|&c| glued(c)) {
            if c == '$' && self.peek_at(1).is_some_and(is_ident_char) {
                let e = self.parse_primary()?;
                match &e.kind {
                    ExprKind::Var(v) => parts.push(StrPart::Var(v.clone())),
                    _ => return Err(self.unexpected_token()),
                }
                continue;
            }
            let mut text = String::new();
            while let Some(c) = self.peek().filter(|&c| glued(c)) {
                if c == '$' && !text.is_empty() && self.peek_at(1).is_some_and(is_ident_char) {
                    break;
                }
                text.push(c);
                self.pos += 1;
            }
            parts.push(StrPart::Lit(text));
        }
        let span = first.span.to(self.span_from(first.span.start as usize));
        Ok(Expr {
            kind: ExprKind::Expandable(parts),
            span,
        })
    }

    pub(super) fn parse_redirects(&mut self) -> PResult<Vec<Redirect>> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            match (self.peek(), self.peek_at(1)) {
                (Some('>' | '<'), _) => out.push(self.parse_redirect()?),
                (Some('*' | '1'..='6'), Some('>')) => out.push(self.parse_redirect()?),
                _ => return Ok(out),
            }
        }
    }

    fn parse_redirect(&mut self) -> PResult<Redirect> {
        let s = self.pos;
        if self.peek() == Some('<') {
            return Err(ParseError::new(
                "RedirectionNotSupported",
                "The '<' operator is reserved for future use.",
                Span::new(s, s + 1),
            ));
        }
        let from = match self.peek() {
            Some('*') => {
                self.pos += 1;
                StreamId::All
            }
            Some(d @ '1'..='6') => {
                self.pos += 1;
                match d {
                    '2' => StreamId::Error,
                    '3' => StreamId::Warning,
                    '4' => StreamId::Verbose,
                    '5' => StreamId::Debug,
                    '6' => StreamId::Information,
                    _ => StreamId::Output,
                }
            }
            _ => StreamId::Output,
        };
        self.eat('>');
        if self.peek() == Some('&') {
            self.pos += 1;
            if self.eat('1') {
                return Ok(Redirect::Merge {
                    from,
                    span: self.span_from(s),
                });
            }
            return Err(ParseError::new(
                "RedirectionNotSupported",
                "The redirection operator can only merge into the success output stream (&1).",
                self.span_from(s),
            ));
        }
        let append = self.eat('>');
        let span = self.span_from(s);
        self.skip_ws();
        if matches!(
            self.peek(),
            None | Some('\n' | '\r' | ';' | '|' | ')' | '}')
        ) {
            return Err(ParseError::new(
                "MissingFileSpecification",
                "Missing file specification after redirection operator.",
                span,
            ));
        }
        let target = self.parse_arg_primary()?;
        Ok(Redirect::File {
            from,
            target,
            append,
            span,
        })
    }
}
