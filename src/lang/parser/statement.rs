//! Statements: keywords, blocks and statement lists.

use super::{Parser, is_ident_char};
use crate::lang::ast::*;
use crate::lang::error::{PResult, ParseError};
use crate::lang::source::Span;
use std::rc::Rc;

/// `Get-Date &` or `$j = Get-Date &`.
fn runs_in_background(stmt: &Stmt) -> bool {
    match &stmt.kind {
        StmtKind::Pipeline(p) => p.background,
        StmtKind::Chain { background, .. } => *background,
        StmtKind::Assign { value, .. } => runs_in_background(value),
        _ => false,
    }
}

const MISSING_CURLY: &str = "Missing closing '}' in statement block or type definition.";

impl Parser {
    /// Statements up to `end` (not consumed) or the end of input when `end` is None.
    pub(super) fn parse_statements(&mut self, end: Option<char>) -> PResult<Block> {
        let mut stmts = Vec::new();
        loop {
            loop {
                self.skip_ws_nl();
                if !self.eat(';') {
                    break;
                }
            }
            match self.peek() {
                None => break,
                Some(c) if Some(c) == end => break,
                _ => {}
            }
            let stmt = self.parse_statement()?;
            // A background `&` ends its statement as `;` does.
            let backgrounded = runs_in_background(&stmt);
            stmts.push(stmt);
            self.skip_ws();
            match self.peek() {
                None | Some('\n' | '\r' | ';') => {}
                _ if backgrounded => {}
                Some(c) if Some(c) == end => {}
                Some('&') if self.peek_at(1) == Some('&') => {
                    return Err(ParseError::new(
                        "InvalidEndOfLine",
                        "The token '&&' is not a valid statement separator in this version.",
                        Span::new(self.pos, self.pos + 2),
                    ));
                }
                Some('|') if self.peek_at(1) == Some('|') => {
                    return Err(ParseError::new(
                        "InvalidEndOfLine",
                        "The token '||' is not a valid statement separator in this version.",
                        Span::new(self.pos, self.pos + 2),
                    ));
                }
                _ => return Err(self.unexpected_token()),
            }
        }
        let traps = stmts
            .iter()
            .filter_map(|s| match &s.kind {
                StmtKind::Trap(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        Ok(Block { stmts, traps })
    }

    /// `{ statements }`; the cursor is on `{`.
    pub(super) fn parse_block(&mut self) -> PResult<Rc<Block>> {
        let open = self.pos;
        if !self.eat('{') {
            let err = ParseError::new(
                "MissingStatementBlock",
                "Missing statement block.",
                self.here(),
            );
            return Err(if self.at_eof() { err.incomplete() } else { err });
        }
        self.enter()?;
        let block = self.parse_statements(Some('}'))?;
        self.leave();
        if !self.eat('}') {
            return Err(self.missing_curly(open));
        }
        Ok(Rc::new(block))
    }

    pub(super) fn missing_curly(&self, open: usize) -> ParseError {
        let err = ParseError::new(
            "MissingEndCurlyBrace",
            MISSING_CURLY,
            Span::new(open, open + 1),
        );
        if self.at_eof() { err.incomplete() } else { err }
    }

    /// A statement block that must follow a keyword clause, with PowerShell's message.
    fn parse_clause_block(&mut self, id: &'static str, msg: &str) -> PResult<Rc<Block>> {
        self.skip_ws_nl();
        if self.peek() != Some('{') {
            let err = ParseError::new(id, msg, self.here());
            return Err(if self.at_eof() { err.incomplete() } else { err });
        }
        self.parse_block()
    }

    pub(super) fn parse_statement(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let r = self.parse_statement_inner();
        self.leave();
        r
    }

    fn parse_statement_inner(&mut self) -> PResult<Stmt> {
        self.skip_ws();
        let start = self.pos;
        let mut label = None;
        if self.peek() == Some(':') && self.peek_at(1).is_some_and(is_ident_char) {
            self.pos += 1;
            let s = self.pos;
            while self.peek().is_some_and(is_ident_char) {
                self.pos += 1;
            }
            label = Some(Rc::from(self.src.text(self.span_from(s)).as_str()));
            self.skip_ws_nl();
        }
        let kind = if self.eat_word("if") {
            self.parse_if()?
        } else if self.eat_word("while") {
            let cond = self.parse_paren_condition("while")?;
            let body = self.parse_clause_block(
                "MissingLoopStatement",
                "Missing statement body in while loop.",
            )?;
            StmtKind::While {
                label,
                cond: Box::new(cond),
                body,
            }
        } else if self.eat_word("do") {
            let body = self
                .parse_clause_block("MissingLoopStatement", "Missing statement body in do loop.")?;
            self.skip_ws_nl();
            let until = if self.eat_word("while") {
                false
            } else if self.eat_word("until") {
                true
            } else {
                let err = ParseError::new(
                    "MissingWhileOrUntilInDoWhile",
                    "Missing while or until keyword in do loop.",
                    self.here(),
                );
                return Err(if self.at_eof() { err.incomplete() } else { err });
            };
            let cond = self.parse_paren_condition(if until { "until" } else { "while" })?;
            StmtKind::DoLoop {
                label,
                body,
                cond: Box::new(cond),
                until,
            }
        } else if self.eat_word("for") {
            self.parse_for(label)?
        } else if self.eat_word("foreach") {
            self.parse_foreach(label)?
        } else if self.eat_word("switch") {
            self.parse_switch(label)?
        } else if self.at_word("function") || self.at_word("filter") {
            let is_filter = self.at_word("filter");
            self.pos += if is_filter { 6 } else { 8 };
            self.parse_function(is_filter)?
        } else if self.eat_word("try") {
            self.parse_try()?
        } else if self.eat_word("trap") {
            self.parse_trap()?
        } else if self.eat_word("throw") {
            StmtKind::Throw(self.parse_optional_pipeline()?)
        } else if self.eat_word("return") {
            StmtKind::Return(self.parse_optional_pipeline()?)
        } else if self.eat_word("exit") {
            StmtKind::Exit(self.parse_optional_pipeline()?)
        } else if self.eat_word("break") {
            StmtKind::Break(self.parse_optional_label())
        } else if self.eat_word("continue") {
            StmtKind::Continue(self.parse_optional_label())
        } else {
            if label.is_some() {
                return Err(self.unexpected_token());
            }
            return self.parse_pipeline_statement();
        };
        Ok(Stmt {
            kind,
            span: self.span_from(start),
        })
    }

    fn parse_optional_label(&mut self) -> Option<Rc<str>> {
        self.skip_ws();
        let s = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        (self.pos > s).then(|| Rc::from(self.src.text(self.span_from(s)).as_str()))
    }

    fn parse_optional_pipeline(&mut self) -> PResult<Option<Box<Stmt>>> {
        self.skip_ws();
        match self.peek() {
            None | Some('\n' | '\r' | ';' | '}' | ')') => Ok(None),
            _ => Ok(Some(Box::new(self.parse_pipeline_statement()?))),
        }
    }

    /// `( pipeline )` after `if`, `while`, `until`.
    fn parse_paren_condition(&mut self, keyword: &str) -> PResult<Stmt> {
        self.skip_ws_nl();
        if !self.eat('(') {
            let err = ParseError::new(
                "MissingOpenParenthesisAfterKeyword",
                format!("Missing opening '(' after keyword '{keyword}'."),
                self.here(),
            );
            return Err(if self.at_eof() { err.incomplete() } else { err });
        }
        self.skip_ws_nl();
        if self.peek() == Some(')') {
            return Err(ParseError::new(
                "MissingExpression",
                format!("Missing condition in {keyword} statement after '{keyword} ('."),
                self.here(),
            ));
        }
        let cond = self.parse_pipeline_statement()?;
        self.skip_ws_nl();
        self.expect_close(
            ')',
            "MissingEndParenthesisAfterStatement",
            &format!("Missing closing ')' after expression in '{keyword}' statement."),
        )?;
        Ok(cond)
    }

    fn parse_if(&mut self) -> PResult<StmtKind> {
        let mut clauses = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.parse_paren_condition("if")?;
            let body = self.parse_clause_block(
                "MissingStatementBlock",
                "Missing statement block after if ( condition ).",
            )?;
            clauses.push((cond, body));
            let save = self.pos;
            self.skip_ws_nl();
            if self.eat_word("elseif") {
                continue;
            }
            if self.eat_word("else") {
                otherwise = Some(self.parse_clause_block(
                    "MissingStatementBlockAfterElse",
                    "Missing statement block after 'else' keyword.",
                )?);
            } else {
                self.pos = save;
            }
            break;
        }
        Ok(StmtKind::If { clauses, otherwise })
    }

    fn parse_for(&mut self, label: Option<Rc<str>>) -> PResult<StmtKind> {
        self.skip_ws_nl();
        if !self.eat('(') {
            return Err(ParseError::new(
                "MissingOpenParenthesisAfterKeyword",
                "Missing opening '(' after keyword 'for'.",
                self.here(),
            ));
        }
        let mut parts: Vec<Option<Box<Stmt>>> = Vec::new();
        for i in 0..3 {
            self.skip_ws_nl();
            let part = match self.peek() {
                Some(';' | ')') => None,
                _ => Some(Box::new(self.parse_pipeline_statement()?)),
            };
            parts.push(part);
            self.skip_ws_nl();
            if i < 2 && !self.eat(';') {
                // A line break also separates the parts.
                if self.peek() == Some(')') {
                    break;
                }
            }
        }
        self.skip_ws_nl();
        self.expect_close(
            ')',
            "MissingEndParenthesisAfterStatement",
            "Missing closing ')' after expression in 'for' statement.",
        )?;
        let body = self.parse_clause_block(
            "MissingLoopStatement",
            "Missing statement body in for loop.",
        )?;
        let mut parts = parts.into_iter();
        Ok(StmtKind::For {
            label,
            init: parts.next().flatten(),
            cond: parts.next().flatten(),
            step: parts.next().flatten(),
            body,
        })
    }

    fn parse_foreach(&mut self, label: Option<Rc<str>>) -> PResult<StmtKind> {
        self.skip_ws_nl();
        if !self.eat('(') {
            return Err(ParseError::new(
                "MissingOpenParenthesisAfterKeyword",
                "Missing opening '(' after keyword 'foreach'.",
                self.here(),
            ));
        }
        self.skip_ws_nl();
        if !self.eat('$') {
            return Err(ParseError::new(
                "MissingVariableNameAfterForeach",
                "Missing variable name after foreach.",
                self.here(),
            ));
        }
        let s = self.pos;
        while self.peek().is_some_and(|c| is_ident_char(c) || c == ':') {
            self.pos += 1;
        }
        let var = Rc::from(self.src.text(self.span_from(s)).as_str());
        self.skip_ws_nl();
        if !self.eat_word("in") {
            return Err(ParseError::new(
                "MissingInInForeach",
                "Missing 'in' after variable in foreach loop.",
                self.here(),
            ));
        }
        self.skip_ws_nl();
        let iter = self.parse_pipeline_statement()?;
        self.skip_ws_nl();
        self.expect_close(
            ')',
            "MissingEndParenthesisAfterForeach",
            "Missing closing ')' after expression in 'foreach' statement.",
        )?;
        let body = self.parse_clause_block(
            "MissingForeachStatement",
            "Missing statement body in foreach loop.",
        )?;
        Ok(StmtKind::Foreach {
            label,
            var,
            iter: Box::new(iter),
            body,
        })
    }

    fn parse_switch(&mut self, label: Option<Rc<str>>) -> PResult<StmtKind> {
        let mut flags = SwitchFlags::default();
        loop {
            self.skip_ws();
            if self.peek() != Some('-') {
                break;
            }
            self.pos += 1;
            let s = self.pos;
            while self.peek().is_some_and(is_ident_char) {
                self.pos += 1;
            }
            let word = self.src.text(self.span_from(s)).to_ascii_lowercase();
            match word.as_str() {
                "regex" => flags.regex = true,
                "wildcard" => flags.wildcard = true,
                "exact" => flags.exact = true,
                "casesensitive" => flags.case_sensitive = true,
                _ => {
                    return Err(ParseError::new(
                        "InvalidSwitchFlag",
                        format!("'-{word}' is not a valid switch statement option."),
                        self.span_from(s - 1),
                    ));
                }
            }
        }
        let subject = self.parse_paren_condition("switch")?;
        self.skip_ws_nl();
        let open = self.pos;
        if !self.eat('{') {
            return Err(ParseError::new(
                "MissingCurlyBraceInSwitchStatement",
                "Missing opening '{' in switch statement.",
                self.here(),
            ));
        }
        let mut clauses = Vec::new();
        let mut default = None;
        loop {
            loop {
                self.skip_ws_nl();
                if !self.eat(';') {
                    break;
                }
            }
            match self.peek() {
                None => return Err(self.missing_curly(open)),
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                _ => {}
            }
            if self.at_word("default") {
                self.pos += 7;
                self.skip_ws_nl();
                default = Some(self.parse_block()?);
                continue;
            }
            let cond = self.parse_switch_condition()?;
            self.skip_ws_nl();
            let body = self.parse_clause_block(
                "MissingSwitchStatementClause",
                "Missing statement block in switch statement clause.",
            )?;
            clauses.push(SwitchClause { cond, body });
        }
        Ok(StmtKind::Switch {
            label,
            flags,
            subject: Box::new(subject),
            clauses,
            default,
        })
    }

    fn parse_switch_condition(&mut self) -> PResult<Expr> {
        match self.peek() {
            Some('{' | '$' | '(' | '\'' | '"' | '@' | '[') => self.parse_primary_postfix(),
            Some('-') if self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) => {
                self.parse_arg_primary()
            }
            _ => self.parse_arg_primary(),
        }
    }

    fn parse_function(&mut self, is_filter: bool) -> PResult<StmtKind> {
        self.skip_ws();
        let s = self.pos;
        while self
            .peek()
            .is_some_and(|c| !c.is_whitespace() && !"(){};".contains(c))
        {
            self.pos += 1;
        }
        if self.pos == s {
            return Err(ParseError::new(
                "MissingNameAfterKeyword",
                "Missing name after 'function' keyword.",
                self.here(),
            ));
        }
        let name: Rc<str> = Rc::from(self.src.text(self.span_from(s)).as_str());
        self.skip_ws_nl();
        let mut params = None;
        if self.peek() == Some('(') {
            self.pos += 1;
            params = Some(self.parse_param_list(')')?);
            self.skip_ws_nl();
        }
        let open = self.pos;
        if !self.eat('{') {
            let err = ParseError::new(
                "MissingFunctionBody",
                "Missing function body in function declaration.",
                self.here(),
            );
            return Err(if self.at_eof() { err.incomplete() } else { err });
        }
        self.enter()?;
        let mut body = self.parse_scriptblock_body(Some(open))?;
        self.leave();
        if let Some((params, advanced)) = params {
            if body.params.is_empty() {
                body.params = params;
                body.advanced |= advanced;
            }
        }
        if is_filter && body.process.is_none() {
            body.process = body.end.take();
            body.is_filter = true;
        }
        Ok(StmtKind::Function {
            name,
            body: Rc::new(body),
        })
    }

    fn parse_trap(&mut self) -> PResult<StmtKind> {
        self.skip_ws_nl();
        let type_name = if self.peek() == Some('[') {
            Some(self.parse_type_name()?.0)
        } else {
            None
        };
        let body = self.parse_clause_block(
            "MissingTrapStatement",
            "The 'trap' statement was incomplete. A trap statement requires a body.",
        )?;
        Ok(StmtKind::Trap(Rc::new(Trap { type_name, body })))
    }

    fn parse_try(&mut self) -> PResult<StmtKind> {
        let body = self.parse_clause_block(
            "MissingTryStatementBlock",
            "Missing statement block after 'try' keyword.",
        )?;
        let mut catches = Vec::new();
        let mut finally = None;
        loop {
            let save = self.pos;
            self.skip_ws_nl();
            if self.eat_word("catch") {
                let mut types = Vec::new();
                loop {
                    self.skip_ws_nl();
                    if self.peek() != Some('[') {
                        break;
                    }
                    let (name, _) = self.parse_type_name()?;
                    types.push(name);
                    self.skip_ws_nl();
                    if !self.eat(',') {
                        break;
                    }
                }
                let body = self.parse_clause_block(
                    "MissingCatchHandlerBlock",
                    "Missing statement block in catch block.",
                )?;
                catches.push(Catch { types, body });
                continue;
            }
            if self.eat_word("finally") {
                finally = Some(self.parse_clause_block(
                    "MissingFinallyStatementBlock",
                    "Missing statement block after 'finally' keyword.",
                )?);
            } else {
                self.pos = save;
            }
            break;
        }
        if catches.is_empty() && finally.is_none() {
            let err = ParseError::new(
                "MissingCatchOrFinally",
                "The Try statement is missing its Catch or Finally block.",
                self.here(),
            );
            return Err(if self.at_eof() { err.incomplete() } else { err });
        }
        Ok(StmtKind::Try {
            body,
            catches,
            finally,
        })
    }
}
