//! Script blocks: `param()`, attributes, and the begin/process/end blocks.

use super::{Parser, is_ident_char};
use crate::lang::ast::*;
use crate::lang::error::{PResult, ParseError};
use crate::lang::source::Span;
use std::rc::Rc;

/// An attribute argument: `Name = value`, `Name`, or a positional value.
type AttributeArg = (Option<String>, Option<Expr>);

impl Parser {
    /// The body of a script block after its `{` (at `open`), or a whole script when `open` is
    /// None. Consumes the closing `}`.
    pub(super) fn parse_scriptblock_body(
        &mut self,
        open: Option<usize>,
    ) -> PResult<ScriptBlockAst> {
        let body_start = self.pos;
        let end = open.map(|_| '}');
        let mut params = Vec::new();
        let mut advanced = false;
        let mut default_set = None;
        // Attributes such as [CmdletBinding()] and then param(...).
        let save = self.pos;
        self.skip_ws_nl_semis();
        let mut saw_attr = false;
        while self.peek() == Some('[') {
            let attr_start = self.pos;
            let (name, args) = self.parse_attribute()?;
            if name.eq_ignore_ascii_case("cmdletbinding") {
                advanced = true;
                default_set = args.iter().find_map(|(n, v)| {
                    n.as_deref()
                        .filter(|n| n.eq_ignore_ascii_case("DefaultParameterSetName"))
                        .and_then(|_| lit_str(v.as_ref()))
                });
            }
            saw_attr = true;
            self.skip_ws_nl();
            if !self.at_word("param") {
                self.pos = attr_start;
                saw_attr = false;
                advanced = false;
                default_set = None;
                break;
            }
        }
        if self.at_word("param") {
            let p = self.pos;
            self.pos += 5;
            self.skip_ws_nl();
            if self.eat('(') {
                let (ps, adv) = self.parse_param_list(')')?;
                params = ps;
                advanced |= adv;
            } else {
                self.pos = p;
            }
        } else if !saw_attr {
            self.pos = save;
        }
        // Named blocks.
        let mut begin = None;
        let mut process = None;
        let mut endb = None;
        let named_start = self.pos;
        self.skip_ws_nl_semis();
        let mut named = false;
        loop {
            let which = ["begin", "process", "end", "dynamicparam"]
                .into_iter()
                .find(|w| self.at_word(w));
            let Some(which) = which else { break };
            let save = self.pos;
            self.pos += which.len();
            self.skip_ws_nl();
            if self.peek() != Some('{') {
                self.pos = save;
                break;
            }
            named = true;
            let block = self.parse_block()?;
            match which {
                "begin" => begin = Some(block),
                "process" => process = Some(block),
                "end" => endb = Some(block),
                _ => {}
            }
            self.skip_ws_nl_semis();
        }
        if !named {
            self.pos = named_start;
            let block = self.parse_statements(end)?;
            endb = Some(Rc::new(block));
        }
        let body_end = self.pos;
        if let Some(open) = open {
            if !self.eat('}') {
                if self.at_eof() {
                    return Err(self.missing_curly(open));
                }
                return Err(self.unexpected_token());
            }
        } else if !self.at_eof() {
            return Err(self.unexpected_token());
        }
        Ok(ScriptBlockAst {
            params,
            advanced,
            default_set,
            begin,
            process,
            end: endb,
            is_filter: false,
            source: self.src.clone(),
            body_span: Span::new(body_start, body_end),
        })
    }

    fn skip_ws_nl_semis(&mut self) {
        loop {
            self.skip_ws_nl();
            if !self.eat(';') {
                break;
            }
        }
    }

    /// `[Name(args)]` or `[Type]`; returns the name and its positional/named arguments.
    fn parse_attribute(&mut self) -> PResult<(String, Vec<AttributeArg>)> {
        let open = self.pos;
        self.pos += 1;
        let s = self.pos;
        while self.peek().is_some_and(|c| is_ident_char(c) || c == '.') {
            self.pos += 1;
        }
        let name = self.src.text(self.span_from(s));
        let mut args = Vec::new();
        if self.eat('(') {
            loop {
                self.skip_ws_nl();
                if self.eat(')') {
                    break;
                }
                if !args.is_empty() && !self.eat(',') {
                    return Err(ParseError::new(
                        "MissingEndParenthesisInExpression",
                        "Missing closing ')' in expression.",
                        self.here(),
                    ));
                }
                self.skip_ws_nl();
                // Named argument `Name = value` or `Name`.
                let save = self.pos;
                let ns = self.pos;
                while self.peek().is_some_and(is_ident_char) {
                    self.pos += 1;
                }
                let arg_name = self.src.text(self.span_from(ns));
                // A name starts with a letter: `1, 10` are values.
                if arg_name.starts_with(|c: char| c.is_ascii_digit()) {
                    self.pos = save;
                    let v = self.parse_expression_no_comma()?;
                    args.push((None, Some(v)));
                    continue;
                }
                self.skip_ws();
                if !arg_name.is_empty() && self.eat('=') {
                    self.skip_ws_nl();
                    // A comma ends the value: it separates the attribute's arguments.
                    let v = self.parse_expression_no_comma()?;
                    args.push((Some(arg_name), Some(v)));
                } else if !arg_name.is_empty() && matches!(self.peek(), Some(',' | ')')) {
                    args.push((Some(arg_name), None));
                } else {
                    self.pos = save;
                    let v = self.parse_expression_no_comma()?;
                    args.push((None, Some(v)));
                }
            }
            self.skip_ws();
        } else {
            // A type constraint: let parse_type_name handle nested brackets.
            self.pos = open;
            let (tn, _) = self.parse_type_name()?;
            return Ok((tn.to_string(), Vec::new()));
        }
        if !self.eat(']') {
            return Err(ParseError::new(
                "EndSquareBracketExpectedAtEndOfAttribute",
                "Missing ] at end of attribute or type literal.",
                self.here(),
            ));
        }
        Ok((name, args))
    }

    /// The inside of `param( ... )` or a function's `( ... )`, through `close`.
    pub(super) fn parse_param_list(&mut self, close: char) -> PResult<(Vec<Param>, bool)> {
        let open = self.pos.saturating_sub(1);
        let mut params = Vec::new();
        let mut advanced = false;
        loop {
            self.skip_ws_nl();
            if self.eat(close) {
                break;
            }
            if !params.is_empty() {
                if !self.eat(',') {
                    let err = ParseError::new(
                        "MissingEndParenthesisInFunctionParameterList",
                        "Missing ')' in function parameter list.",
                        Span::new(open, open + 1),
                    );
                    return Err(if self.at_eof() { err.incomplete() } else { err });
                }
                self.skip_ws_nl();
            }
            let mut p = Param {
                name: Rc::from(""),
                type_name: None,
                default: None,
                mandatory: false,
                position: None,
                from_pipeline: false,
                from_pipeline_by_name: false,
                aliases: Vec::new(),
                validations: Vec::new(),
                sets: Vec::new(),
            };
            while self.peek() == Some('[') {
                let (name, args) = self.parse_attribute()?;
                match name.to_ascii_lowercase().as_str() {
                    "parameter" => {
                        advanced = true;
                        for (n, v) in &args {
                            let n = n.as_deref().unwrap_or("").to_ascii_lowercase();
                            let truthy = v.as_ref().is_none_or(expr_is_truthy);
                            match n.as_str() {
                                "mandatory" => p.mandatory = truthy,
                                "valuefrompipeline" => p.from_pipeline = truthy,
                                "valuefrompipelinebypropertyname" => {
                                    p.from_pipeline_by_name = truthy
                                }
                                "parametersetname" => {
                                    if let Some(set) = lit_str(v.as_ref()) {
                                        p.sets.push(set);
                                    }
                                }
                                "position" => {
                                    if let Some(Expr {
                                        kind: ExprKind::Lit(Literal::Int(i)),
                                        ..
                                    }) = v
                                    {
                                        p.position = usize::try_from(*i).ok();
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    "alias" => p
                        .aliases
                        .extend(args.iter().filter_map(|(_, v)| lit_str(v.as_ref()))),
                    "validateset" => p.validations.push(Validation::Set(
                        args.iter()
                            .filter(|(n, _)| n.is_none())
                            .filter_map(|(_, v)| lit_str(v.as_ref()))
                            .collect(),
                    )),
                    "validatenotnull" => p.validations.push(Validation::NotNull),
                    "validatenotnullorempty" => p.validations.push(Validation::NotNullOrEmpty),
                    "validaterange" | "validatelength" => {
                        let mut bounds = args.iter().filter(|(n, _)| n.is_none());
                        if let (Some((_, Some(lo))), Some((_, Some(hi)))) =
                            (bounds.next(), bounds.next())
                        {
                            let (lo, hi) = (lo.clone(), hi.clone());
                            p.validations
                                .push(if name.eq_ignore_ascii_case("validaterange") {
                                    Validation::Range(lo, hi)
                                } else {
                                    Validation::Length(lo, hi)
                                });
                        }
                    }
                    "validatepattern" => {
                        if let Some(pattern) = args.first().and_then(|(_, v)| lit_str(v.as_ref())) {
                            p.validations.push(Validation::Pattern(pattern));
                        }
                    }
                    "validatescript" => {
                        if let Some((
                            _,
                            Some(Expr {
                                kind: ExprKind::ScriptBlock(sb),
                                ..
                            }),
                        )) = args.first()
                        {
                            p.validations.push(Validation::Script(sb.clone()));
                        }
                    }
                    _ if args.is_empty() && !name.is_empty() => {
                        p.type_name = Some(Rc::from(name.as_str()))
                    }
                    _ => {}
                }
                self.skip_ws_nl();
            }
            if !self.eat('$') {
                let err = ParseError::new(
                    "MissingEndParenthesisInFunctionParameterList",
                    "Missing ')' in function parameter list.",
                    Span::new(open, open + 1),
                );
                return Err(if self.at_eof() { err.incomplete() } else { err });
            }
            let s = self.pos;
            while self.peek().is_some_and(is_ident_char) {
                self.pos += 1;
            }
            p.name = Rc::from(self.src.text(self.span_from(s)).as_str());
            self.skip_ws_nl();
            if self.eat('=') {
                self.skip_ws_nl();
                p.default = Some(self.parse_expression_for_default()?);
            }
            params.push(p);
        }
        Ok((params, advanced))
    }

    /// A default value ends at the next `,`, which separates parameters.
    fn parse_expression_for_default(&mut self) -> PResult<Expr> {
        self.parse_expression_no_comma()
    }
}

fn expr_is_truthy(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Var(v) => !v.name.eq_ignore_ascii_case("false"),
        ExprKind::Lit(Literal::Int(0)) => false,
        _ => true,
    }
}

fn lit_str(e: Option<&Expr>) -> Option<Rc<str>> {
    match e.map(|e| &e.kind) {
        Some(ExprKind::Lit(Literal::Str(s))) => Some(s.clone()),
        Some(ExprKind::Expandable(parts)) => match parts.as_slice() {
            [StrPart::Lit(s)] => Some(Rc::from(s.as_str())),
            _ => None,
        },
        _ => None,
    }
}
