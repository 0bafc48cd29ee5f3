//! Expressions. Most expressions cannot run a command, so they take a synchronous path with
//! no suspension points (`eval_pure`); the async path handles sub-expressions, script block
//! calls and method calls that may run script.

use super::Interp;
use super::pipeline::{BoxFut, Collect};
use super::stmt::{collect_raw, collect_value, unknown_type};
use crate::engine::convert::{self, literal_value, to_bool, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::ops;
use crate::engine::types;
use crate::engine::value::{Hashtable, Value};
use crate::lang::ast::*;
use std::cell::RefCell;
use std::rc::Rc;

impl Interp {
    pub(super) fn err_at(&self, e: ErrorRecord, span: crate::lang::Span) -> Flow {
        Flow::error(e.at(&self.current_source(span), span))
    }

    /// An error flow positioned at `span` if its record has no position yet.
    pub(super) fn flow_at(&self, flow: Flow, span: crate::lang::Span) -> Flow {
        match flow {
            Flow::Error(rec, sev) if rec.position.is_none() => {
                let rec = (*rec).clone().at(&self.current_source(span), span);
                Flow::Error(std::rc::Rc::new(rec), sev)
            }
            other => other,
        }
    }

    /// Appends a value's text to an expandable string being built, if the budget has room
    /// for the string (twice: it is copied into its shared form at the end).
    fn push_text(&self, s: &mut String, v: &Value, span: crate::lang::Span) -> EvalResult<()> {
        let owned;
        let text = match v {
            Value::Str(t) => t.as_ref(),
            other => {
                owned = to_str(other);
                owned.as_str()
            }
        };
        if text.len() > 4096 {
            self.rt
                .budget
                .ensure(s.len().saturating_add(text.len()).saturating_mul(2))
                .map_err(|e| self.err_at(e, span))?;
        }
        s.push_str(text);
        Ok(())
    }

    /// Makes room in the session's memory budget for `bytes` about to be made; when there
    /// is none, the script stops (`Flow::error` makes the limit's error end the script).
    fn make_room_at(&self, bytes: usize, span: crate::lang::Span) -> EvalResult<()> {
        self.rt
            .budget
            .make_room(bytes)
            .map_err(|e| self.err_at(e, span))
    }

    /// Evaluates an expression for output: None when it produces nothing (a void method).
    pub(super) async fn eval_expr_output(&mut self, e: &Expr) -> EvalResult<Option<Value>> {
        if let ExprKind::Invoke {
            target,
            name,
            args,
            is_static,
        } = &e.kind
        {
            return self
                .eval_invoke(target, name, args, *is_static, e.span)
                .await;
        }
        match self.eval_raw(e).await? {
            Value::Nothing => Ok(None),
            v => Ok(Some(v)),
        }
    }

    /// True for a variable that holds nothing (AutomationNull).
    pub(super) fn names_nothing(&self, e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Var(v) if v.scope.is_none() && self.holds_nothing(&v.name))
    }

    /// Evaluates an expression where nothing (AutomationNull) is kept apart from `$null`:
    /// an assignment's value, a pipeline's first expression, a statement's output. A
    /// variable that holds nothing, or a `(...)` or `$(...)` whose commands wrote nothing,
    /// is `Value::Nothing` here and `Null` everywhere else.
    pub(super) fn eval_raw<'a>(&'a mut self, e: &'a Expr) -> BoxFut<'a, EvalResult<Value>> {
        Box::pin(async move {
            match &e.kind {
                ExprKind::Paren(stmt) if !matches!(stmt.kind, StmtKind::Assign { .. }) => {
                    self.eval_statement_raw(stmt).await
                }
                ExprKind::SubExpr(block) => {
                    let mut sink = Collect::default();
                    self.exec_block(block, &mut sink).await?;
                    Ok(collect_raw(sink.0.take()))
                }
                _ => {
                    let v = self.eval_expr(e).await?;
                    Ok(if v.is_null() && self.names_nothing(e) {
                        Value::Nothing
                    } else {
                        v
                    })
                }
            }
        })
    }

    pub fn eval_expr<'a>(&'a mut self, e: &'a Expr) -> BoxFut<'a, EvalResult<Value>> {
        if e.is_pure() {
            let r = self.eval_pure(e);
            return Box::pin(std::future::ready(r));
        }
        Box::pin(self.eval_expr_async(e))
    }

    async fn eval_expr_async(&mut self, e: &Expr) -> EvalResult<Value> {
        match &e.kind {
            ExprKind::SubExpr(block) => {
                let mut sink = Collect::default();
                self.exec_block(block, &mut sink).await?;
                Ok(collect_value(sink.0.take()))
            }
            ExprKind::ArraySub(block) => {
                let mut sink = Collect::default();
                self.exec_block(block, &mut sink).await?;
                Ok(Value::array(sink.0.take()))
            }
            ExprKind::Paren(stmt) => match &stmt.kind {
                StmtKind::Assign { target, .. } => {
                    self.exec_statement(stmt, &mut Collect::default()).await?;
                    self.eval_expr(target).await
                }
                _ => self.eval_statement_value(stmt).await,
            },
            ExprKind::Expandable(parts) => {
                let mut s = String::new();
                for p in parts {
                    let piece = match p {
                        StrPart::Lit(l) => {
                            s.push_str(l);
                            continue;
                        }
                        StrPart::Var(v) => self.read_var(v, e.span)?,
                        StrPart::Sub(block) => {
                            let mut sink = Collect::default();
                            self.exec_block(block, &mut sink).await?;
                            collect_value(sink.0.take())
                        }
                    };
                    self.push_text(&mut s, &piece, e.span)?;
                }
                self.make_room_at(s.len(), e.span)?;
                Ok(Value::Str(Rc::from(s)))
            }
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval_expr(i).await?);
                }
                Ok(Value::array(out))
            }
            ExprKind::Hash { entries } => {
                let mut h = Hashtable::default();
                for (k, v) in entries {
                    let key = self.eval_expr(k).await?;
                    let val = self.eval_statement_value(v).await?;
                    if h.contains(&key) {
                        return Err(self.err_at(
                            ErrorRecord::runtime(
                                format!(
                                    "Duplicate keys '{}' are not allowed in hash literals.",
                                    to_str(&key)
                                ),
                                "DuplicateKeyInHashLiteral",
                                Category::ParserError,
                            ),
                            k.span,
                        ));
                    }
                    h.insert(key, val);
                }
                Ok(Value::Hashtable(Rc::new(RefCell::new(h))))
            }
            ExprKind::Unary(op, inner) => {
                if matches!(
                    op,
                    UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec
                ) {
                    return self.eval_incdec(*op, inner, e.span).await;
                }
                let v = self.eval_expr(inner).await?;
                self.unary(*op, v, e.span)
            }
            // One operator (the usual case): no list of links to make.
            ExprKind::Binary(op, a, b) if !matches!(a.kind, ExprKind::Binary(..)) => {
                let l = self.eval_expr(a).await?;
                match short_circuit(*op, l) {
                    Ok(done) => Ok(done),
                    Err(l) => {
                        let r = self.eval_expr(b).await?;
                        self.combine(*op, l, r, e.span)
                    }
                }
            }
            ExprKind::Binary(..) => {
                // Left to right along the chain, in a loop: `1 + 1 + ...` a hundred thousand
                // long nests that deep, and recursing would take as much stack.
                let (leftmost, links) = left_spine(e);
                let mut acc = self.eval_expr(leftmost).await?;
                for (op, right, span) in links.into_iter().rev() {
                    self.tick().await?;
                    acc = match short_circuit(op, acc) {
                        Ok(done) => done,
                        Err(acc) => {
                            let r = self.eval_expr(right).await?;
                            self.combine(op, acc, r, span)?
                        }
                    };
                }
                Ok(acc)
            }
            ExprKind::Convert(t, inner) => {
                let v = self.eval_expr(inner).await?;
                self.convert(t, v, e.span)
            }
            ExprKind::Member {
                target,
                name,
                is_static,
            } => {
                let obj = self.eval_expr(target).await?;
                let name = to_str(&self.eval_expr(name).await?);
                self.get_member(&obj, &name, *is_static, e.span)
            }
            ExprKind::Invoke {
                target,
                name,
                args,
                is_static,
            } => Ok(self
                .eval_invoke(target, name, args, *is_static, e.span)
                .await?
                .unwrap_or(Value::Null)),
            ExprKind::Index { target, index } => {
                let obj = self.eval_expr(target).await?;
                let idx = self.eval_expr(index).await?;
                self.index(&obj, &idx, e.span)
            }
            ExprKind::Ternary(cond, yes, no) => {
                let c = self.eval_expr(cond).await?;
                self.eval_expr(if to_bool(&c) { yes } else { no }).await
            }
            _ => self.eval_pure(e),
        }
    }

    /// The synchronous evaluator for expressions that cannot run commands.
    pub(super) fn eval_pure(&mut self, e: &Expr) -> EvalResult<Value> {
        match &e.kind {
            ExprKind::Lit(l) => Ok(literal_value(l)),
            ExprKind::Var(v) => self.read_var(v, e.span),
            ExprKind::TypeLit(t) => match types::resolve(t) {
                Some(full) => Ok(Value::Type(Rc::from(full.as_str()))),
                None => Err(self.err_at(unknown_type(t), e.span)),
            },
            ExprKind::ScriptBlock(sb) => Ok(Value::ScriptBlock(sb.clone())),
            ExprKind::Expandable(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        StrPart::Lit(l) => s.push_str(l),
                        StrPart::Var(v) => {
                            let piece = self.read_var(v, e.span)?;
                            self.push_text(&mut s, &piece, e.span)?;
                        }
                        StrPart::Sub(_) => {}
                    }
                }
                self.make_room_at(s.len(), e.span)?;
                Ok(Value::Str(Rc::from(s)))
            }
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval_pure(i)?);
                }
                Ok(Value::array(out))
            }
            ExprKind::Unary(op, inner) => {
                let v = self.eval_pure(inner)?;
                self.unary(*op, v, e.span)
            }
            ExprKind::Binary(op, a, b) if !matches!(a.kind, ExprKind::Binary(..)) => {
                let l = self.eval_pure(a)?;
                match short_circuit(*op, l) {
                    Ok(done) => Ok(done),
                    Err(l) => {
                        let r = self.eval_pure(b)?;
                        self.combine(*op, l, r, e.span)
                    }
                }
            }
            ExprKind::Binary(..) => {
                let (leftmost, links) = left_spine(e);
                let mut acc = self.eval_pure(leftmost)?;
                for (op, right, span) in links.into_iter().rev() {
                    acc = match short_circuit(op, acc) {
                        Ok(done) => done,
                        Err(acc) => {
                            let r = self.eval_pure(right)?;
                            self.combine(op, acc, r, span)?
                        }
                    };
                }
                Ok(acc)
            }
            ExprKind::Convert(t, inner) => {
                let v = self.eval_pure(inner)?;
                self.convert(t, v, e.span)
            }
            ExprKind::Member {
                target,
                name,
                is_static,
            } => {
                let obj = self.eval_pure(target)?;
                let name = to_str(&self.eval_pure(name)?);
                self.get_member(&obj, &name, *is_static, e.span)
            }
            ExprKind::Index { target, index } => {
                let obj = self.eval_pure(target)?;
                let idx = self.eval_pure(index)?;
                self.index(&obj, &idx, e.span)
            }
            _ => Err(self.err_at(
                ErrorRecord::runtime(
                    "This expression cannot be evaluated here.",
                    "InternalError",
                    Category::NotSpecified,
                ),
                e.span,
            )),
        }
    }

    pub(super) fn read_var(&mut self, v: &VarRef, span: crate::lang::Span) -> EvalResult<Value> {
        if v.scope == Some(VarScope::Using) && self.using.is_none() {
            return Err(self.err_at(
                ErrorRecord::runtime(
                    "A Using variable cannot be retrieved. A Using variable can be used only with Invoke-Command, Start-Job, or InlineScript in the script workflow. When it is used with Invoke-Command, the Using variable is valid only if the script block is invoked on a remote computer.",
                    "UsingWithoutInvokeCommand",
                    Category::InvalidOperation,
                ),
                span,
            ));
        }
        if v.name.eq_ignore_ascii_case("error") && v.scope.is_none() {
            return Ok(Value::Array(self.rs.errors.clone()));
        }
        let found = self.get_var_scoped(v.scope.as_ref(), &v.name);
        if found.is_none() && self.strict_mode() {
            return Err(self.err_at(
                ErrorRecord::runtime(
                    format!(
                        "The variable '${}' cannot be retrieved because it has not been set.",
                        v.name
                    ),
                    "VariableIsUndefined",
                    Category::InvalidOperation,
                )
                .with_target(Value::str(&v.name)),
                span,
            ));
        }
        Ok(found.unwrap_or(Value::Null))
    }

    fn strict_mode(&self) -> bool {
        self.get_var("\0strict").is_some_and(|v| to_bool(&v))
    }

    fn unary(&mut self, op: UnaryOp, v: Value, span: crate::lang::Span) -> EvalResult<Value> {
        let r = match op {
            UnaryOp::Not => Ok(Value::Bool(!to_bool(&v))),
            UnaryOp::Neg => ops::sub(&Value::Int(0), &v).map(|r| match (&v, r) {
                (Value::Double(_), Value::Int(i)) => Value::Double(f64::from(i)),
                (_, r) => r,
            }),
            UnaryOp::Plus => ops::add(&Value::Int(0), &v),
            UnaryOp::BNot => convert::to_i64(&v)
                .map(|i| {
                    let r = !i;
                    i32::try_from(r).map(Value::Int).unwrap_or(Value::Long(r))
                })
                .ok_or_else(|| {
                    ErrorRecord::runtime(
                        "Cannot apply -bnot to this value.",
                        "BadOperatorArgument",
                        Category::InvalidOperation,
                    )
                }),
            UnaryOp::Comma => Ok(Value::array(vec![v])),
            UnaryOp::Split => {
                let mut out = Vec::new();
                for s in v.enumerate() {
                    out.extend(to_str(&s).split_whitespace().map(Value::str));
                }
                Ok(Value::array(out))
            }
            UnaryOp::Join => Ok(Value::Str(Rc::from(
                v.enumerate()
                    .iter()
                    .map(to_str)
                    .collect::<String>()
                    .as_str(),
            ))),
            UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec => Ok(v),
        };
        r.map_err(|e| self.err_at(e, span))
    }

    async fn eval_incdec(
        &mut self,
        op: UnaryOp,
        target: &Expr,
        span: crate::lang::Span,
    ) -> EvalResult<Value> {
        let old = self.eval_expr(target).await?;
        let delta = Value::Int(if matches!(op, UnaryOp::PreInc | UnaryOp::PostInc) {
            1
        } else {
            -1
        });
        let new = ops::add(
            &if old.is_null() {
                Value::Int(0)
            } else {
                old.clone()
            },
            &delta,
        )
        .map_err(|e| self.err_at(e, span))?;
        self.assign_to(target, new.clone()).await?;
        // Used as a statement, `$i++` outputs nothing; as an operand it yields a value.
        Ok(if matches!(op, UnaryOp::PostInc | UnaryOp::PostDec) {
            old
        } else {
            new
        })
    }

    /// One link of a binary chain whose left side did not decide it: -and and -or give a
    /// Boolean of the right side, ?? the right side, the rest their result.
    fn combine(
        &mut self,
        op: BinOp,
        acc: Value,
        r: Value,
        span: crate::lang::Span,
    ) -> EvalResult<Value> {
        match op {
            BinOp::And | BinOp::Or => Ok(Value::Bool(to_bool(&r))),
            BinOp::Coalesce => Ok(r),
            _ => self.binary(op, &acc, &r, span),
        }
    }

    pub(super) fn binary(
        &mut self,
        op: BinOp,
        l: &Value,
        r: &Value,
        span: crate::lang::Span,
    ) -> EvalResult<Value> {
        if let BinOp::Cmp(CmpOp::Match | CmpOp::NotMatch, cs) = op {
            if !matches!(l, Value::Array(_)) {
                let text = to_str(l);
                let want = matches!(op, BinOp::Cmp(CmpOp::Match, _));
                if let Some(found) = ops::plain_match(&text, &to_str(r), cs) {
                    if let Some(m) = found.as_ref().and_then(|r| text.get(r.clone())) {
                        self.set_plain_match(m);
                    }
                    return Ok(Value::Bool(found.is_some() == want));
                }
                let re =
                    ops::regex_over(&to_str(r), cs, &text).map_err(|e| self.err_at(e, span))?;
                let caps = re.captures(&text);
                let hit = caps.is_some();
                if let Some(c) = caps {
                    self.set_matches(&re, &c);
                }
                return Ok(Value::Bool(hit == want));
            }
        }
        if op == BinOp::Format {
            let fmt = to_str(l);
            let dotnet = self.rs.profile.dotnet;
            let fault = |f| self.err_at(ops::format_error(&fmt, f), span);
            let composite = ops::CompositeFormat::parse(&fmt).map_err(fault)?;
            self.make_room_at(composite.size_hint(dotnet), span)?;
            let text = composite.render(&r.enumerate(), dotnet).map_err(fault)?;
            return Ok(Value::Str(Rc::from(text)));
        }
        let need = ops::result_bytes(op, l, r);
        if need > 0 {
            self.make_room_at(need, span)?;
        }
        ops::binary(op, l, r).map_err(|e| self.err_at(e, span))
    }

    fn convert(&mut self, t: &str, v: Value, span: crate::lang::Span) -> EvalResult<Value> {
        let Some(full) = types::resolve(t) else {
            return Err(self.err_at(unknown_type(t), span));
        };
        if full == "System.Management.Automation.PSObject"
            && t.eq_ignore_ascii_case("pscustomobject")
        {
            if let Value::Hashtable(h) = &v {
                return Ok(convert::hashtable_to_object(&h.borrow()));
            }
        }
        if full == crate::engine::reference::TYPE_NAME {
            return Ok(crate::engine::reference::new(&v));
        }
        if full == "System.Collections.Specialized.OrderedDictionary" {
            if let Value::Hashtable(h) = &v {
                let mut copy = h.borrow().clone();
                copy.ordered = true;
                return Ok(Value::Hashtable(Rc::new(RefCell::new(copy))));
            }
        }
        convert::convert_to(&v, &full).map_err(|mut e| {
            // A cast in an expression surfaces as a RuntimeException.
            e.exception_type = Rc::from("System.Management.Automation.RuntimeException");
            self.err_at(e, span)
        })
    }
}

/// A left-nested chain `((a op1 b) op2 c) ...`: its leftmost operand and its links, the
/// outermost first.
fn left_spine(e: &Expr) -> (&Expr, Vec<(BinOp, &Expr, crate::lang::Span)>) {
    let mut links = Vec::new();
    let mut left = e;
    while let ExprKind::Binary(op, a, b) = &left.kind {
        links.push((*op, &**b, left.span));
        left = a;
    }
    (left, links)
}

/// What -and, -or and ?? give when their left side decides (Ok), or the left side back
/// when the right one must be evaluated (Err).
fn short_circuit(op: BinOp, left: Value) -> Result<Value, Value> {
    match op {
        BinOp::And if !to_bool(&left) => Ok(Value::Bool(false)),
        BinOp::Or if to_bool(&left) => Ok(Value::Bool(true)),
        BinOp::Coalesce if !left.is_null() => Ok(left),
        _ => Err(left),
    }
}
