//! Expressions (expression mode), with PowerShell's operator precedence:
//! `-and -or -xor` < bitwise < comparison < `??` (7) < `+ -` < `* / %` < `-f` < `..`, with
//! the comma binding tighter than every binary operator and unary operators tighter still;
//! 7's `cond ? a : b` takes whole binary expressions.

use super::{Parser, is_ident_char};
use crate::lang::ast::*;
use crate::lang::error::{PResult, ParseError};
use crate::lang::source::Span;
use std::rc::Rc;

fn binary_op(name: &str) -> Option<(BinOp, u8)> {
    if let Some(op) = cmp_op(name) {
        return Some((BinOp::Cmp(op, false), 3));
    }
    if let Some(op) = name.strip_prefix('c').and_then(cmp_op) {
        return Some((BinOp::Cmp(op, true), 3));
    }
    if let Some(op) = name.strip_prefix('i').and_then(cmp_op) {
        return Some((BinOp::Cmp(op, false), 3));
    }
    Some(match name {
        "and" => (BinOp::And, 1),
        "or" => (BinOp::Or, 1),
        "xor" => (BinOp::Xor, 1),
        "band" => (BinOp::BAnd, 2),
        "bor" => (BinOp::BOr, 2),
        "bxor" => (BinOp::BXor, 2),
        "shl" => (BinOp::Shl, 3),
        "shr" => (BinOp::Shr, 3),
        "is" => (BinOp::Is, 3),
        "isnot" => (BinOp::IsNot, 3),
        "as" => (BinOp::As, 3),
        "f" => (BinOp::Format, 7),
        _ => return None,
    })
}

fn cmp_op(name: &str) -> Option<CmpOp> {
    use CmpOp::*;
    Some(match name {
        "eq" => Eq,
        "ne" => Ne,
        "gt" => Gt,
        "ge" => Ge,
        "lt" => Lt,
        "le" => Le,
        "like" => Like,
        "notlike" => NotLike,
        "match" => Match,
        "notmatch" => NotMatch,
        "contains" => Contains,
        "notcontains" => NotContains,
        "in" => In,
        "notin" => NotIn,
        "replace" => Replace,
        "split" => Split,
        "join" => Join,
        _ => return None,
    })
}

impl Parser {
    pub(super) fn parse_expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.parse_ternary(true);
        self.leave();
        r
    }

    /// An expression where a comma separates arguments instead of building an array.
    pub(super) fn parse_expression_no_comma(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.parse_ternary(false);
        self.leave();
        r
    }

    /// A binary expression, and in 7 `cond ? a : b` after it (each branch may be one too).
    fn parse_ternary(&mut self, comma: bool) -> PResult<Expr> {
        let cond = self.parse_binary(1, comma)?;
        if !self.syntax.seven_operators {
            return Ok(cond);
        }
        let save = self.pos;
        self.skip_ws();
        // `?` is the operator only standing alone (`$x?` would be part of a name).
        let at_question =
            self.peek() == Some('?') && self.peek_at(1).is_none_or(|c| c.is_whitespace());
        if !at_question {
            self.pos = save;
            return Ok(cond);
        }
        self.pos += 1;
        self.skip_ws_nl();
        if self.peek() == Some(':') {
            return Err(ParseError::new(
                "ExpectedValueExpression",
                "You must provide a value expression following the '?' operator.",
                self.here(),
            ));
        }
        self.expect_operand("?")?;
        self.enter()?;
        let yes = self.parse_ternary(comma);
        self.leave();
        let yes = yes?;
        self.skip_ws_nl();
        if self.peek() != Some(':') || self.peek_at(1) == Some(':') {
            let err = ParseError::new(
                "MissingColonInTernaryExpression",
                "Missing ':' in the ternary expression.",
                self.here(),
            );
            return Err(if self.at_eof() { err.incomplete() } else { err });
        }
        self.pos += 1;
        self.skip_ws_nl();
        self.expect_operand(":")?;
        self.enter()?;
        let no = self.parse_ternary(comma);
        self.leave();
        let no = no?;
        let span = cond.span.to(no.span);
        Ok(Expr {
            kind: ExprKind::Ternary(Box::new(cond), Box::new(yes), Box::new(no)),
            span,
        })
    }

    /// After an operator: an operand must follow.
    fn expect_operand(&self, op: &str) -> PResult<()> {
        if self.at_operand_start() {
            return Ok(());
        }
        let err = ParseError::new(
            "ExpectedValueExpression",
            format!("You must provide a value expression following the '{op}' operator."),
            self.here(),
        );
        Err(if self.at_eof() { err.incomplete() } else { err })
    }

    /// Reads the binary operator at the cursor without consuming it: (op, precedence, length).
    fn peek_binary_op(&self) -> Option<(BinOp, u8, usize)> {
        let c = self.peek()?;
        let next = self.peek_at(1);
        match c {
            '+' if next != Some('=') && next != Some('+') => Some((BinOp::Add, 5, 1)),
            '*' if next != Some('=') => Some((BinOp::Mul, 6, 1)),
            '/' if next != Some('=') => Some((BinOp::Div, 6, 1)),
            '%' if next != Some('=') => Some((BinOp::Rem, 6, 1)),
            '.' if next == Some('.') => Some((BinOp::Range, 8, 2)),
            '?' if next == Some('?')
                && self.peek_at(2) != Some('=')
                && self.syntax.seven_operators =>
            {
                Some((BinOp::Coalesce, 4, 2))
            }
            '-' => {
                let mut i = 1;
                let mut name = String::new();
                while let Some(ch) = self.peek_at(i) {
                    if !ch.is_ascii_alphabetic() {
                        break;
                    }
                    name.push(ch.to_ascii_lowercase());
                    i += 1;
                }
                if name.is_empty() {
                    return match next {
                        Some('=' | '-') => None,
                        _ => Some((BinOp::Sub, 5, 1)),
                    };
                }
                if self.peek_at(i).is_some_and(is_ident_char) {
                    return None;
                }
                binary_op(&name).map(|(op, prec)| (op, prec, i))
            }
            _ => None,
        }
    }

    fn parse_binary(&mut self, min_prec: u8, comma: bool) -> PResult<Expr> {
        let mut left = self.parse_array_literal(comma)?;
        loop {
            self.skip_ws();
            let Some((op, prec, len)) = self.peek_binary_op() else {
                break;
            };
            if prec < min_prec {
                break;
            }
            let op_span = Span::new(self.pos, self.pos + len);
            self.pos += len;
            self.skip_ws_nl();
            self.expect_operand(&self.src.text(op_span))?;
            self.enter()?;
            let right = self.parse_binary(prec + 1, comma);
            self.leave();
            let right = right?;
            let span = left.span.to(right.span);
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                span,
            };
        }
        Ok(left)
    }

    fn at_operand_start(&self) -> bool {
        match self.peek() {
            None | Some(')' | '}' | ']' | ';' | '|' | '\n' | '\r' | '=') => false,
            Some(c) if c.is_alphabetic() => false,
            _ => true,
        }
    }

    fn parse_array_literal(&mut self, comma: bool) -> PResult<Expr> {
        let first = self.parse_unary()?;
        if !comma {
            return Ok(first);
        }
        self.skip_ws();
        if self.peek() != Some(',') {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.peek() == Some(',') {
            self.pos += 1;
            self.skip_ws_nl();
            if !self.at_operand_start() {
                let err = ParseError::new(
                    "MissingExpressionAfterToken",
                    "Missing expression after ','.",
                    self.here(),
                );
                return Err(if self.at_eof() { err.incomplete() } else { err });
            }
            items.push(self.parse_unary()?);
            self.skip_ws();
        }
        let span = items
            .first()
            .map(|e| e.span)
            .unwrap_or_default()
            .to(self.span_from(self.pos));
        let span = Span::new(
            span.start as usize,
            items
                .last()
                .map(|e| e.span.end as usize)
                .unwrap_or(self.pos),
        );
        Ok(Expr {
            kind: ExprKind::Array(items),
            span,
        })
    }

    pub(super) fn parse_unary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.parse_unary_inner();
        self.leave();
        r
    }

    fn unary_operand(&mut self, start: usize, op: UnaryOp, op_len: usize) -> PResult<Expr> {
        let op_span = Span::new(start, start + op_len);
        self.pos = start + op_len;
        self.skip_ws_nl();
        if !self.at_operand_start() {
            let text = self.src.text(op_span);
            let err = ParseError::new(
                "MissingExpressionAfterOperator",
                format!("Missing expression after unary operator '{text}'."),
                self.here(),
            );
            return Err(if self.at_eof() { err.incomplete() } else { err });
        }
        let operand = self.parse_unary()?;
        let span = Span::new(start, operand.span.end as usize);
        Ok(Expr {
            kind: ExprKind::Unary(op, Box::new(operand)),
            span,
        })
    }

    fn parse_unary_inner(&mut self) -> PResult<Expr> {
        self.skip_ws();
        let start = self.pos;
        match (self.peek(), self.peek_at(1)) {
            (Some('!'), _) => return self.unary_operand(start, UnaryOp::Not, 1),
            (Some(','), _) => return self.unary_operand(start, UnaryOp::Comma, 1),
            (Some('+'), Some('+')) => return self.unary_operand(start, UnaryOp::PreInc, 2),
            (Some('-'), Some('-')) => return self.unary_operand(start, UnaryOp::PreDec, 2),
            (Some('-'), Some(c)) if c.is_ascii_alphabetic() => {
                let mut i = 1;
                let mut name = String::new();
                while let Some(ch) = self.peek_at(i) {
                    if !ch.is_ascii_alphabetic() {
                        break;
                    }
                    name.push(ch.to_ascii_lowercase());
                    i += 1;
                }
                let op = match name.as_str() {
                    "not" => UnaryOp::Not,
                    "bnot" => UnaryOp::BNot,
                    "split" => UnaryOp::Split,
                    "join" => UnaryOp::Join,
                    _ => return Err(self.unexpected_token()),
                };
                return self.unary_operand(start, op, i);
            }
            (Some('-'), _) => {
                // A negative number literal keeps its exact value (`-2147483648` is an Int32).
                if self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
                    let save = self.pos;
                    self.pos += 1;
                    if let Some(lit) = self.try_number()? {
                        if let Some(neg) = negate_literal(&lit) {
                            let e = Expr {
                                kind: ExprKind::Lit(neg),
                                span: self.span_from(start),
                            };
                            return self.parse_postfix(e);
                        }
                    }
                    self.pos = save;
                }
                return self.unary_operand(start, UnaryOp::Neg, 1);
            }
            (Some('+'), _) => return self.unary_operand(start, UnaryOp::Plus, 1),
            (Some('['), _) => {
                let (name, span) = self.parse_type_name()?;
                if self.peek() == Some(':') && self.peek_at(1) == Some(':') {
                    let e = Expr {
                        kind: ExprKind::TypeLit(name),
                        span,
                    };
                    return self.parse_postfix(e);
                }
                let save = self.pos;
                self.skip_ws();
                if self.at_cast_operand() {
                    let operand = self.parse_unary()?;
                    let span = Span::new(start, operand.span.end as usize);
                    return Ok(Expr {
                        kind: ExprKind::Convert(name, Box::new(operand)),
                        span,
                    });
                }
                self.pos = save;
                let e = Expr {
                    kind: ExprKind::TypeLit(name),
                    span,
                };
                return self.parse_postfix(e);
            }
            _ => {}
        }
        let e = self.parse_primary_postfix()?;
        // Postfix ++ and --.
        if self.peek() == Some('+') && self.peek_at(1) == Some('+') {
            self.pos += 2;
            let span = self.span_from(start);
            return Ok(Expr {
                kind: ExprKind::Unary(UnaryOp::PostInc, Box::new(e)),
                span,
            });
        }
        if self.peek() == Some('-') && self.peek_at(1) == Some('-') {
            self.pos += 2;
            let span = self.span_from(start);
            return Ok(Expr {
                kind: ExprKind::Unary(UnaryOp::PostDec, Box::new(e)),
                span,
            });
        }
        Ok(e)
    }

    fn at_cast_operand(&self) -> bool {
        match self.peek() {
            Some('$' | '(' | '@' | '\'' | '"' | '[' | '{' | '!' | '+') => true,
            Some(c) if c.is_ascii_digit() => true,
            Some('.') => self.peek_at(1).is_some_and(|c| c.is_ascii_digit()),
            Some('-') => {
                self.peek_at(1)
                    .is_some_and(|c| c.is_ascii_digit() || c == '$' || c == '(')
                    || {
                        let mut w = String::new();
                        let mut i = 1;
                        while let Some(ch) = self.peek_at(i) {
                            if !ch.is_ascii_alphabetic() {
                                break;
                            }
                            w.push(ch.to_ascii_lowercase());
                            i += 1;
                        }
                        matches!(w.as_str(), "not" | "bnot" | "split" | "join")
                    }
            }
            _ => false,
        }
    }

    /// `[TypeName]`, `[int[]]`, `[System.Collections.Generic.List[string]]`; cursor on `[`.
    pub(super) fn parse_type_name(&mut self) -> PResult<(Rc<str>, Span)> {
        let start = self.pos;
        self.pos += 1;
        let mut depth = 1;
        let name_start = self.pos;
        loop {
            match self.peek() {
                None | Some('\n') => {
                    let err = ParseError::new(
                        "EndSquareBracketExpectedAtEndOfAttribute",
                        "Missing ] at end of attribute or type literal.",
                        self.here(),
                    );
                    return Err(if self.at_eof() { err.incomplete() } else { err });
                }
                Some('[') => depth += 1,
                Some(']') => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        let name = self
            .src
            .text(Span::new(name_start, self.pos))
            .trim()
            .to_string();
        self.pos += 1;
        if name.is_empty()
            || !name
                .chars()
                .all(|c| is_ident_char(c) || ".[],`+ ".contains(c))
        {
            return Err(ParseError::new(
                "TypeNameExpected",
                "Type name expected.",
                Span::new(name_start, name_start),
            ));
        }
        Ok((Rc::from(name.as_str()), self.span_from(start)))
    }

    pub(super) fn parse_primary_postfix(&mut self) -> PResult<Expr> {
        let e = self.parse_primary()?;
        self.parse_postfix(e)
    }

    fn parse_postfix(&mut self, e: Expr) -> PResult<Expr> {
        // Each `.member`, `::member` and `[index]` wraps what is before it, and evaluating
        // the result recurses as deep: the links count as nesting.
        let depth = self.depth;
        let parsed = self.parse_postfix_links(e);
        self.depth = depth;
        parsed
    }

    fn parse_postfix_links(&mut self, mut e: Expr) -> PResult<Expr> {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some('.'), Some(c)) if c != '.' && (is_ident_char(c) || "$'\"({".contains(c)) => {
                    if c.is_ascii_digit() && matches!(e.kind, ExprKind::Lit(_)) {
                        break;
                    }
                    self.enter()?;
                    self.pos += 1;
                    e = self.parse_member(e, false)?;
                }
                (Some(':'), Some(':')) => {
                    self.enter()?;
                    self.pos += 2;
                    e = self.parse_member(e, true)?;
                }
                (Some('['), _) => {
                    self.enter()?;
                    let open = self.pos;
                    self.pos += 1;
                    self.skip_ws_nl();
                    if self.peek() == Some(']') {
                        return Err(ParseError::new(
                            "MissingArrayIndexExpression",
                            "Array index expression is missing or not valid.",
                            self.here(),
                        ));
                    }
                    let index = self.parse_expression()?;
                    self.skip_ws_nl();
                    if !self.eat(']') {
                        let err = ParseError::new(
                            "MissingEndSquareBracket",
                            "Missing ']' after array index expression.",
                            Span::new(open, open + 1),
                        );
                        return Err(if self.at_eof() { err.incomplete() } else { err });
                    }
                    let span = e.span.to(self.span_from(open));
                    e = Expr {
                        kind: ExprKind::Index {
                            target: Box::new(e),
                            index: Box::new(index),
                        },
                        span,
                    };
                }
                _ => break,
            }
        }
        Ok(e)
    }

    fn parse_member(&mut self, target: Expr, is_static: bool) -> PResult<Expr> {
        let s = self.pos;
        let name = match self.peek() {
            Some('$' | '\'' | '"' | '(') => self.parse_primary()?,
            Some(c) if is_ident_char(c) => {
                while self.peek().is_some_and(is_ident_char) {
                    self.pos += 1;
                }
                let text = self.src.text(self.span_from(s));
                Expr {
                    kind: ExprKind::Lit(Literal::Str(Rc::from(text.as_str()))),
                    span: self.span_from(s),
                }
            }
            _ => {
                return Err(ParseError::new(
                    "MissingPropertyName",
                    "Missing property name after reference operator.",
                    self.here(),
                ));
            }
        };
        if self.peek() == Some('(') {
            let open = self.pos;
            self.pos += 1;
            let mut args = Vec::new();
            loop {
                self.skip_ws_nl();
                if self.eat(')') {
                    break;
                }
                if !args.is_empty() {
                    if !self.eat(',') {
                        let err = ParseError::new(
                            "MissingEndParenthesisInMethodCall",
                            "Missing ')' in method call.",
                            Span::new(open, open + 1),
                        );
                        return Err(if self.at_eof() { err.incomplete() } else { err });
                    }
                    self.skip_ws_nl();
                }
                if self.at_eof() {
                    return Err(ParseError::new(
                        "MissingEndParenthesisInMethodCall",
                        "Missing ')' in method call.",
                        Span::new(open, open + 1),
                    )
                    .incomplete());
                }
                args.push(self.parse_expression_no_comma()?);
            }
            let span = target.span.to(self.span_from(s));
            return Ok(Expr {
                kind: ExprKind::Invoke {
                    target: Box::new(target),
                    name: Box::new(name),
                    args,
                    is_static,
                },
                span,
            });
        }
        let span = target.span.to(self.span_from(s));
        Ok(Expr {
            kind: ExprKind::Member {
                target: Box::new(target),
                name: Box::new(name),
                is_static,
            },
            span,
        })
    }

    pub(super) fn parse_primary(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(ParseError::new(
                "ExpectedExpression",
                "An expression was expected.",
                self.here(),
            )
            .incomplete());
        };
        let kind = match c {
            '$' => return self.parse_variable(),
            '@' => match self.peek_at(1) {
                Some('(') => {
                    self.pos += 2;
                    let block = self.parse_statements(Some(')'))?;
                    self.expect_close(
                        ')',
                        "MissingEndParenthesisInSubexpression",
                        "Missing closing ')' in subexpression.",
                    )?;
                    ExprKind::ArraySub(Rc::new(block))
                }
                Some('{') => return self.parse_hashtable(),
                Some('"' | '\'') => return self.parse_here_string(),
                _ => return Err(self.unexpected_token()),
            },
            '(' => {
                self.pos += 1;
                self.skip_ws_nl();
                if self.peek() == Some(')') {
                    return Err(ParseError::new(
                        "ExpectedExpression",
                        "An expression was expected after '('.",
                        self.here(),
                    ));
                }
                let stmt = self.parse_statement()?;
                self.skip_ws_nl();
                self.expect_close(
                    ')',
                    "MissingEndParenthesisInExpression",
                    "Missing closing ')' in expression.",
                )?;
                ExprKind::Paren(Box::new(stmt))
            }
            '{' => {
                self.pos += 1;
                self.enter()?;
                let sb = self.parse_scriptblock_body(Some(start))?;
                self.leave();
                ExprKind::ScriptBlock(Rc::new(sb))
            }
            '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => {
                return self.parse_single_quoted();
            }
            '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' => return self.parse_double_quoted(),
            c if c.is_ascii_digit() || c == '.' => match self.try_number()? {
                Some(lit) => ExprKind::Lit(lit),
                None => return Err(self.unexpected_token()),
            },
            _ => return Err(self.unexpected_token()),
        };
        Ok(Expr {
            kind,
            span: self.span_from(start),
        })
    }

    fn parse_variable(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 1;
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let block = self.parse_statements(Some(')'))?;
                self.expect_close(
                    ')',
                    "MissingEndParenthesisInSubexpression",
                    "Missing closing ')' in subexpression.",
                )?;
                return Ok(Expr {
                    kind: ExprKind::SubExpr(Rc::new(block)),
                    span: self.span_from(start),
                });
            }
            Some('{') => {
                self.pos += 1;
                let s = self.pos;
                while !matches!(self.peek(), None | Some('}')) {
                    self.pos += 1;
                }
                let name = self.src.text(self.span_from(s));
                self.expect_close(
                    '}',
                    "IncompleteDollarVariableReference",
                    "Missing '}' in variable reference.",
                )?;
                let var = split_scope(&name);
                return Ok(Expr {
                    kind: ExprKind::Var(var),
                    span: self.span_from(start),
                });
            }
            Some('$' | '?' | '^') => {
                let c = self.bump().unwrap_or('$');
                let var = VarRef {
                    scope: None,
                    name: Rc::from(c.to_string().as_str()),
                };
                return Ok(Expr {
                    kind: ExprKind::Var(var),
                    span: self.span_from(start),
                });
            }
            _ => {}
        }
        let var = self.read_var_name();
        match var {
            Some(var) => Ok(Expr {
                kind: ExprKind::Var(var),
                span: self.span_from(start),
            }),
            None => Ok(Expr {
                kind: ExprKind::Lit(Literal::Str(Rc::from("$"))),
                span: self.span_from(start),
            }),
        }
    }

    /// A variable name after `$`, with an optional `scope:` prefix.
    pub(super) fn read_var_name(&mut self) -> Option<VarRef> {
        let s = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        if self.pos == s {
            return None;
        }
        let first = self.src.text(self.span_from(s));
        if self.peek() == Some(':')
            && self.peek_at(1).is_some_and(is_ident_char)
            && scope_of(&first).is_some()
        {
            self.pos += 1;
            let s2 = self.pos;
            while self.peek().is_some_and(is_ident_char) {
                self.pos += 1;
            }
            let name = self.src.text(self.span_from(s2));
            return Some(VarRef {
                scope: scope_of(&first),
                name: Rc::from(name.as_str()),
            });
        }
        Some(VarRef {
            scope: None,
            name: Rc::from(first.as_str()),
        })
    }

    fn parse_hashtable(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 2;
        let mut entries = Vec::new();
        loop {
            loop {
                self.skip_ws_nl();
                if !self.eat(';') {
                    break;
                }
            }
            match self.peek() {
                None => {
                    return Err(ParseError::new(
                        "IncompleteHashLiteral",
                        "The hash literal was incomplete.",
                        Span::new(start, start + 2),
                    )
                    .incomplete());
                }
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            let key = match self.peek() {
                Some('$' | '(' | '\'' | '"' | '@') => self.parse_primary_postfix()?,
                _ => {
                    let s = self.pos;
                    while self
                        .peek()
                        .is_some_and(|c| !c.is_whitespace() && !"=;}".contains(c))
                    {
                        self.pos += 1;
                    }
                    let word = self.src.text(self.span_from(s));
                    if word.is_empty() {
                        return Err(self.unexpected_token());
                    }
                    let lit = super::literal::parse_number(&word)
                        .unwrap_or(Literal::Str(Rc::from(word.as_str())));
                    Expr {
                        kind: ExprKind::Lit(lit),
                        span: self.span_from(s),
                    }
                }
            };
            self.skip_ws();
            if !self.eat('=') {
                return Err(ParseError::new(
                    "MissingEqualsInHashLiteral",
                    "Missing '=' operator after key in hash literal.",
                    self.here(),
                ));
            }
            self.skip_ws_nl();
            if matches!(self.peek(), None | Some('}' | ';')) {
                return Err(ParseError::new(
                    "MissingStatementInHashLiteral",
                    "Missing statement after '=' in hash literal.",
                    self.here(),
                ));
            }
            let value = self.parse_statement()?;
            entries.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some('\n' | '\r' | ';' | '}') | None => {}
                _ => {
                    return Err(ParseError::new(
                        "MissingEndCurlyBrace",
                        "Missing closing '}' in statement block or type definition.",
                        Span::new(start, start + 2),
                    ));
                }
            }
        }
        Ok(Expr {
            kind: ExprKind::Hash { entries },
            span: self.span_from(start),
        })
    }
}

fn scope_of(prefix: &str) -> Option<VarScope> {
    Some(match prefix.to_ascii_lowercase().as_str() {
        "global" => VarScope::Global,
        "local" => VarScope::Local,
        "script" => VarScope::Script,
        "private" => VarScope::Private,
        "env" => VarScope::Env,
        "using" => VarScope::Using,
        "variable" => VarScope::Variable,
        "function" => VarScope::Function,
        _ => return None,
    })
}

/// `global:x` as a scope and a name; a name without a known scope prefix stays whole.
pub fn split_scope(name: &str) -> VarRef {
    if let Some((prefix, rest)) = name.split_once(':') {
        if let Some(scope) = scope_of(prefix) {
            return VarRef {
                scope: Some(scope),
                name: Rc::from(rest),
            };
        }
    }
    VarRef {
        scope: None,
        name: Rc::from(name),
    }
}

fn negate_literal(lit: &Literal) -> Option<Literal> {
    Some(match lit {
        Literal::Int(i) => Literal::Int(i.checked_neg()?),
        Literal::Long(l) => {
            if *l == 2147483648 {
                Literal::Int(i32::MIN)
            } else {
                Literal::Long(l.checked_neg()?)
            }
        }
        Literal::Double(d) => Literal::Double(-d),
        Literal::Decimal(d) => Literal::Decimal(-d),
        Literal::Str(_) => return None,
    })
}
