//! Statements.

use super::Interp;
use super::feed::Feed;
use super::pipeline::{BoxFut, Collect, Emit};
use crate::engine::convert::{to_bool, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow, Severity};
use crate::engine::ops;
use crate::engine::types;
use crate::engine::value::Value;
use crate::lang::ast::*;
use std::rc::Rc;

/// The one expression a statement is, when it is nothing more (`$x = 1..10`, `foreach ($i in
/// $list)`).
fn single_expr(stmt: &Stmt) -> Option<&Expr> {
    match &stmt.kind {
        StmtKind::Pipeline(p) if p.background => None,
        StmtKind::Pipeline(p) => match p.elements.as_slice() {
            [PipeElem::Expr { expr, redirects }] if redirects.is_empty() => Some(expr),
            _ => None,
        },
        _ => None,
    }
}

fn label_matches(flow_label: &Option<Rc<str>>, loop_label: &Option<Rc<str>>) -> bool {
    match flow_label {
        None => true,
        Some(l) => loop_label
            .as_ref()
            .is_some_and(|ll| ll.eq_ignore_ascii_case(l)),
    }
}

/// What a loop does with a flow that reached its body's end.
enum LoopCtl {
    Next,
    Exit,
}

fn loop_control(r: EvalResult<()>, label: &Option<Rc<str>>) -> EvalResult<LoopCtl> {
    match r {
        Ok(()) => Ok(LoopCtl::Next),
        Err(Flow::Break(l)) if label_matches(&l, label) => Ok(LoopCtl::Exit),
        Err(Flow::Continue(l)) if label_matches(&l, label) => Ok(LoopCtl::Next),
        Err(e) => Err(e),
    }
}

impl Interp {
    pub fn exec_block<'a>(
        &'a mut self,
        block: &'a Block,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if !block.traps.is_empty() {
                return self.exec_trapping_block(block, out).await;
            }
            for stmt in &block.stmts {
                self.exec_statement(stmt, out).await?;
            }
            Ok(())
        })
    }

    /// Runs one statement. An error that only ends the statement is reported here and the
    /// script goes on, unless a `try` is catching or `$ErrorActionPreference` is Stop.
    pub async fn exec_statement(&mut self, stmt: &Stmt, out: &mut dyn Emit) -> EvalResult<()> {
        self.tick().await?;
        // The hot case, a plain expression such as `$_ * 2`, runs without the boxed future
        // that every other statement needs.
        let result = match pure_expression(stmt) {
            Some(expr) => {
                self.last_ok = true;
                match self.eval_pure(expr) {
                    // A variable that holds nothing writes nothing; one looked up again
                    // only when the value read is null, off the hot path.
                    Ok(v) if v.is_null() && self.names_nothing(expr) => Ok(()),
                    Ok(v) => self.emit_value(v, out).await,
                    Err(e) => Err(e),
                }
            }
            None => self.exec_statement_inner(stmt, out).await,
        };
        let result = match result {
            Err(flow @ Flow::Error(..)) if self.traps_here(stmt) => {
                self.trap(flow, stmt, out).await
            }
            other => self.settle_statement(stmt, other),
        };
        self.previous_ok = self.last_ok;
        result
    }

    /// Runs one statement as a pipeline run on its own (`PowerShell.AddCommand`) runs: an
    /// error that would end only the statement ends the run instead of being reported.
    pub async fn exec_statement_alone(
        &mut self,
        stmt: &Stmt,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        self.tick().await?;
        self.exec_statement_inner(stmt, out).await
    }

    /// An error that ended only the statement is reported, and the script goes on.
    fn settle_statement(&mut self, stmt: &Stmt, result: EvalResult<()>) -> EvalResult<()> {
        match result {
            Err(Flow::Error(rec, Severity::Statement)) => {
                let rec = if rec.position.is_none() {
                    let source = self.current_source(stmt.span);
                    Rc::new((*rec).clone().at(&source, stmt.span))
                } else {
                    rec
                };
                if self.try_depth > 0 {
                    return Err(Flow::Error(rec, Severity::Statement));
                }
                let action = self.streams.error_action.or_else(|| {
                    self.get_var("ErrorActionPreference")
                        .and_then(|v| super::Pref::from_value(&v))
                });
                if action == Some(super::Pref::Stop) {
                    return Err(Flow::Error(rec, Severity::Script));
                }
                self.report_terminating(rec);
                Ok(())
            }
            // What stops a script for want of memory is shown at the statement that wanted it.
            Err(Flow::Error(rec, Severity::Script))
                if rec.position.is_none() && rec.category == Category::LimitsExceeded =>
            {
                let source = self.current_source(stmt.span);
                let rec = (*rec).clone().at(&source, stmt.span);
                Err(Flow::Error(Rc::new(rec), Severity::Script))
            }
            other => other,
        }
    }

    pub(super) fn current_source(&self, _span: crate::lang::Span) -> Rc<crate::lang::Source> {
        self.source_stack
            .last()
            .cloned()
            .unwrap_or_else(|| crate::lang::Source::new("", ""))
    }

    fn exec_statement_inner<'a>(
        &'a mut self,
        stmt: &'a Stmt,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            match &stmt.kind {
                StmtKind::Pipeline(p) if p.background => {
                    self.last_ok = true;
                    self.run_in_background(p.span, out).await
                }
                StmtKind::Chain {
                    background: true, ..
                } => {
                    self.last_ok = true;
                    self.run_in_background(stmt.span, out).await
                }
                StmtKind::Chain { first, rest, .. } => {
                    // Each pipeline is a statement of its own: an error that ends only it
                    // is reported and sets `$?`, which decides whether the next one runs.
                    self.exec_statement(first, out).await?;
                    for (op, next) in rest {
                        let run = match op {
                            ChainOp::And => self.last_ok,
                            ChainOp::Or => !self.last_ok,
                        };
                        if run {
                            self.exec_statement(next, out).await?;
                        }
                    }
                    Ok(())
                }
                StmtKind::Pipeline(p) => {
                    // The common case, an expression alone, skips the pipeline machinery.
                    if let [PipeElem::Expr { expr, redirects }] = p.elements.as_slice() {
                        if redirects.is_empty() {
                            self.last_ok = true;
                            // `[void](...)`, `$i++` and `++$i` as statements output nothing.
                            let silent = match &expr.kind {
                                ExprKind::Convert(t, _) => t.eq_ignore_ascii_case("void"),
                                ExprKind::Unary(op, _) => matches!(
                                    op,
                                    UnaryOp::PreInc
                                        | UnaryOp::PreDec
                                        | UnaryOp::PostInc
                                        | UnaryOp::PostDec
                                ),
                                _ => false,
                            };
                            if silent {
                                self.eval_expr(expr).await?;
                                return Ok(());
                            }
                            if let Some(v) = self.eval_expr_output(expr).await? {
                                return self.emit_value(v, out).await;
                            }
                            return Ok(());
                        }
                    }
                    self.last_ok = true;
                    self.run_pipeline(p, out).await
                }
                StmtKind::Assign { target, op, value } => {
                    self.exec_assign(target, *op, value, stmt.span).await
                }
                StmtKind::If { clauses, otherwise } => {
                    for (cond, body) in clauses {
                        if self.eval_condition(cond).await? {
                            return self.exec_block(body, out).await;
                        }
                    }
                    if let Some(body) = otherwise {
                        return self.exec_block(body, out).await;
                    }
                    Ok(())
                }
                StmtKind::While { label, cond, body } => {
                    loop {
                        self.tick().await?;
                        if !self.eval_condition(cond).await? {
                            break;
                        }
                        let r = self.exec_block(body, out).await;
                        if let LoopCtl::Exit = loop_control(r, label)? {
                            break;
                        }
                    }
                    Ok(())
                }
                StmtKind::DoLoop {
                    label,
                    body,
                    cond,
                    until,
                } => {
                    loop {
                        self.tick().await?;
                        let r = self.exec_block(body, out).await;
                        if let LoopCtl::Exit = loop_control(r, label)? {
                            break;
                        }
                        let c = self.eval_condition(cond).await?;
                        if c == *until {
                            break;
                        }
                    }
                    Ok(())
                }
                StmtKind::For {
                    label,
                    init,
                    cond,
                    step,
                    body,
                } => {
                    if let Some(init) = init {
                        self.exec_statement(init, &mut Collect::default()).await?;
                    }
                    loop {
                        self.tick().await?;
                        if let Some(cond) = cond {
                            if !self.eval_condition(cond).await? {
                                break;
                            }
                        }
                        let r = self.exec_block(body, out).await;
                        if let LoopCtl::Exit = loop_control(r, label)? {
                            break;
                        }
                        if let Some(step) = step {
                            self.exec_statement(step, &mut Collect::default()).await?;
                        }
                    }
                    Ok(())
                }
                StmtKind::Foreach {
                    label,
                    var,
                    iter,
                    body,
                } => {
                    let mut items = match single_expr(iter) {
                        Some(e) => self.eval_feed(e).await?,
                        None => Feed::of(self.eval_statement_value(iter).await?),
                    };
                    while let Some(item) = items.next_item() {
                        self.tick().await?;
                        self.set_var(var, item);
                        let r = self.exec_block(body, out).await;
                        if let LoopCtl::Exit = loop_control(r, label)? {
                            break;
                        }
                    }
                    Ok(())
                }
                StmtKind::Switch {
                    label,
                    flags,
                    subject,
                    clauses,
                    default,
                } => {
                    self.exec_switch(label, flags, subject, clauses, default, out)
                        .await
                }
                StmtKind::Trap(_) => Ok(()),
                StmtKind::Function { name, body } => {
                    self.define_function(name, body.clone());
                    Ok(())
                }
                StmtKind::Try {
                    body,
                    catches,
                    finally,
                } => self.exec_try(body, catches, finally, out).await,
                StmtKind::Throw(value) => {
                    let v = match value {
                        Some(s) => self.eval_statement_value(s).await?,
                        // In a catch block a bare `throw` rethrows what it caught.
                        None => match &self.rethrow {
                            Some(rec) => return Err(Flow::Error(rec.clone(), Severity::Script)),
                            None => Value::Null,
                        },
                    };
                    let source = self.current_source(stmt.span);
                    Err(Flow::Error(
                        Rc::new(thrown_error(v).at(&source, stmt.span)),
                        Severity::Script,
                    ))
                }
                StmtKind::Return(value) => {
                    if let Some(s) = value {
                        self.exec_statement(s, out).await?;
                    }
                    Err(Flow::Return)
                }
                StmtKind::Exit(value) => {
                    let code = match value {
                        Some(s) => {
                            crate::engine::convert::to_i32(&self.eval_statement_value(s).await?)
                                .unwrap_or(0)
                        }
                        None => 0,
                    };
                    Err(Flow::Exit(code))
                }
                StmtKind::Break(l) => Err(Flow::Break(l.clone())),
                StmtKind::Continue(l) => Err(Flow::Continue(l.clone())),
            }
        })
    }

    /// Writes a value to the output, unrolling arrays as a pipeline does.
    pub(super) async fn emit_value(&mut self, v: Value, out: &mut dyn Emit) -> EvalResult<()> {
        let v = match v.live_items() {
            Some(items) => Value::Array(items),
            None => v,
        };
        if let Value::Array(items) = &v {
            let items = items.borrow().clone();
            for item in items {
                out.emit(self, item).await?;
            }
            return Ok(());
        }
        out.emit(self, v).await
    }

    /// `eval_statement_value`, but a statement that wrote nothing is `Value::Nothing`.
    pub async fn eval_statement_raw(&mut self, stmt: &Stmt) -> EvalResult<Value> {
        if let Some(expr) = single_expr(stmt) {
            return self.eval_raw(expr).await;
        }
        let mut sink = Collect::default();
        self.exec_statement_inner(stmt, &mut sink).await?;
        Ok(collect_raw(sink.0.take()))
    }

    /// Evaluates a statement for its value: nothing → $null, one object → it, more → array.
    /// An `if`, `while`, `do` or `for` condition, as a truth value. `$?` is True after it,
    /// whatever the commands in it did (Compiler.CaptureStatementResults: so
    /// `if (Get-Item x -ea SilentlyContinue) { ... } else { $? }` is never False).
    async fn eval_condition(&mut self, cond: &Stmt) -> EvalResult<bool> {
        let value = self.eval_statement_value(cond).await?;
        self.last_ok = true;
        self.previous_ok = true;
        Ok(to_bool(&value))
    }

    pub async fn eval_statement_value(&mut self, stmt: &Stmt) -> EvalResult<Value> {
        if let Some(expr) = single_expr(stmt) {
            return self.eval_expr(expr).await;
        }
        let mut sink = Collect::default();
        self.exec_statement_inner(stmt, &mut sink).await?;
        // `$?` tells how a pipeline went as soon as it ends, inside an expression too:
        // `(Get-Item a, b -ea SilentlyContinue) -and $?`.
        self.previous_ok = self.last_ok;
        Ok(collect_value(sink.0.take()))
    }

    async fn exec_assign(
        &mut self,
        target: &Expr,
        op: AssignOp,
        value: &Stmt,
        span: crate::lang::Span,
    ) -> EvalResult<()> {
        // `$x = <what wrote nothing>` keeps nothing in the variable (a typed one converts
        // it as $null); a property or an element gets $null.
        let rhs = match (&target.kind, op) {
            (ExprKind::Var(_), AssignOp::Set) => self.eval_statement_raw(value).await?,
            _ => self.eval_statement_value(value).await?,
        };
        if op == AssignOp::Coalesce && !self.eval_expr(target).await?.is_null() {
            return Ok(());
        }
        let compound = match op {
            AssignOp::Set | AssignOp::Coalesce => None,
            AssignOp::Add => Some(BinOp::Add),
            AssignOp::Sub => Some(BinOp::Sub),
            AssignOp::Mul => Some(BinOp::Mul),
            AssignOp::Div => Some(BinOp::Div),
            AssignOp::Rem => Some(BinOp::Rem),
        };
        // `$x += $y` is `$x = $x + $y`: the same operator, its memory check included.
        let new_value = match compound {
            None => rhs,
            Some(bin) => {
                let current = self.eval_expr(target).await?;
                self.binary(bin, &current, &rhs, span)?
            }
        };
        match self.assign_to(target, new_value).await {
            // A type-constrained variable refusing the value underlines the whole assignment.
            Err(Flow::Error(rec, sev)) if rec.category == Category::MetadataError => {
                let mut rec = (*rec).clone();
                rec.position = None;
                let rec = rec.at(&self.current_source(span), span);
                Err(Flow::Error(Rc::new(rec), sev))
            }
            other => other,
        }
    }

    pub(super) fn assign_to<'a>(
        &'a mut self,
        target: &'a Expr,
        value: Value,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let here = |s: &Interp, e: ErrorRecord| {
                Flow::error(e.at(&s.current_source(target.span), target.span))
            };
            match &target.kind {
                ExprKind::Var(v) => self
                    .set_var_scoped(v.scope.as_ref(), &v.name, value)
                    .map_err(|e| here(self, e)),
                ExprKind::Convert(t, inner) => {
                    let Some(full) = types::resolve(t) else {
                        return Err(here(self, unknown_type(t)));
                    };
                    let converted = crate::engine::convert::convert_to(&value, &full)
                        .map_err(|e| here(self, e))?;
                    match &inner.kind {
                        ExprKind::Var(v) if v.scope.is_none() => {
                            self.set_var_typed(&v.name, converted, &full);
                            Ok(())
                        }
                        _ => self.assign_to(inner, converted).await,
                    }
                }
                ExprKind::Member {
                    target: obj, name, ..
                } => {
                    let obj = self.eval_expr(obj).await?;
                    let name = to_str(&self.eval_expr(name).await?);
                    self.set_member(&obj, &name, value)
                        .map_err(|e| here(self, e))
                }
                ExprKind::Index { target: obj, index } => {
                    let obj = self.eval_expr(obj).await?;
                    let idx = self.eval_expr(index).await?;
                    self.set_index(&obj, &idx, value).map_err(|e| here(self, e))
                }
                ExprKind::Array(targets) => {
                    // `$a, $b = 1, 2, 3`: the last takes the rest.
                    let mut items = value.enumerate();
                    let n = targets.len();
                    for (i, t) in targets.iter().enumerate() {
                        let v = if i + 1 == n {
                            let rest: Vec<Value> = std::mem::take(&mut items);
                            collect_value(rest)
                        } else if items.is_empty() {
                            Value::Null
                        } else {
                            items.remove(0)
                        };
                        self.assign_to(t, v).await?;
                    }
                    Ok(())
                }
                _ => Err(here(
                    self,
                    ErrorRecord::runtime(
                        "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                        "InvalidLeftHandSide",
                        Category::ParserError,
                    ),
                )),
            }
        })
    }

    async fn exec_switch(
        &mut self,
        label: &Option<Rc<str>>,
        flags: &SwitchFlags,
        subject: &Stmt,
        clauses: &[SwitchClause],
        default: &Option<Rc<Block>>,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        let value = self.eval_statement_value(subject).await?;
        let items = match &value {
            Value::Array(_) => value.enumerate(),
            other => vec![other.clone()],
        };
        'items: for item in items {
            self.tick().await?;
            self.set_var("_", item.clone());
            let mut matched = false;
            for clause in clauses {
                let hit = match &clause.cond.kind {
                    ExprKind::ScriptBlock(sb) => {
                        let r = self
                            .invoke_block_value(sb, Some(item.clone()), Vec::new(), false)
                            .await?;
                        to_bool(&r)
                    }
                    _ => {
                        let c = self.eval_expr(&clause.cond).await?;
                        let cs = flags.case_sensitive;
                        if flags.regex {
                            let text = to_str(&item);
                            let re =
                                ops::regex_over(&to_str(&c), cs, &text).map_err(Flow::error)?;
                            match re.captures(&text) {
                                Some(caps) => {
                                    self.set_matches(&re, &caps);
                                    true
                                }
                                None => false,
                            }
                        } else if flags.wildcard {
                            ops::wildcard_match(&to_str(&c), &to_str(&item), cs)
                        } else {
                            ops::equals(&item, &c, cs)
                        }
                    }
                };
                if hit {
                    matched = true;
                    let r = self.exec_block(&clause.body, out).await;
                    match r {
                        Ok(()) => {}
                        Err(Flow::Break(l)) if label_matches(&l, label) => break 'items,
                        Err(Flow::Continue(l)) if label_matches(&l, label) => continue 'items,
                        Err(e) => return Err(e),
                    }
                }
            }
            if !matched {
                if let Some(body) = default {
                    match self.exec_block(body, out).await {
                        Ok(()) => {}
                        Err(Flow::Break(l)) if label_matches(&l, label) => break 'items,
                        Err(Flow::Continue(l)) if label_matches(&l, label) => continue 'items,
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Ok(())
    }

    async fn exec_try(
        &mut self,
        body: &Block,
        catches: &[Catch],
        finally: &Option<Rc<Block>>,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        self.try_depth += 1;
        // The catches come before any trap outside the try.
        self.traps.push(None);
        let r = self.exec_block(body, out).await;
        self.traps.pop();
        self.try_depth -= 1;
        let r = match r {
            Err(Flow::Error(rec, severity)) => {
                // The error is in $Error before a catch is looked for (SetErrorVariables),
                // so a caught error is there too.
                let rec = self.with_stack_trace(rec);
                self.record_error(&Value::Error(rec.clone()));
                self.trap_unwinding = None;
                // PowerShell tries each catch against the exception, then its inner one.
                let catches_type = |t: &Rc<str>| {
                    types::exception_is(&rec.exception_type, t)
                        || rec
                            .inner_exception
                            .as_ref()
                            .is_some_and(|inner| types::exception_is(inner, t))
                };
                let handler = catches
                    .iter()
                    .find(|c| c.types.is_empty() || c.types.iter().any(catches_type));
                match handler {
                    Some(c) => {
                        let saved = self.get_var("_");
                        self.set_var("_", Value::Error(rec.clone()));
                        let outer = self.rethrow.replace(rec.clone());
                        let r = self.exec_block(&c.body, out).await;
                        self.rethrow = outer;
                        self.set_var("_", saved.unwrap_or(Value::Null));
                        r
                    }
                    // Uncaught, it unwinds as far as it would have without the try.
                    None => Err(Flow::Error(rec, severity)),
                }
            }
            other => other,
        };
        if let Some(f) = finally {
            // The finally block runs even when the pipeline is being stopped.
            let stop = self.stop.get();
            self.stop.set(false);
            let fr = self.exec_block(f, out).await;
            self.stop.set(stop || self.stop.get());
            fr?;
        }
        r
    }

    /// `$Matches` after plain text matched: the one group, the match itself.
    pub(super) fn set_plain_match(&mut self, matched: &str) {
        let mut h = crate::engine::value::Hashtable::default();
        h.insert(Value::Int(0), Value::str(matched));
        self.set_var(
            "Matches",
            Value::Hashtable(Rc::new(std::cell::RefCell::new(h))),
        );
    }

    pub(super) fn set_matches(&mut self, re: &regex_lite::Regex, caps: &regex_lite::Captures<'_>) {
        let mut h = crate::engine::value::Hashtable::default();
        // Groups that matched, named ones by name and the rest by number; PowerShell lists
        // them highest first.
        let names: Vec<Option<&str>> = re.capture_names().collect();
        let mut entries = Vec::new();
        for (i, m) in caps.iter().enumerate() {
            if let Some(m) = m {
                let key = match names.get(i).copied().flatten() {
                    Some(name) => Value::str(name),
                    None => Value::Int(i as i32),
                };
                entries.push((key, Value::str(m.as_str())));
            }
        }
        for (k, v) in entries.into_iter().rev() {
            h.insert(k, v);
        }
        self.set_var(
            "Matches",
            Value::Hashtable(Rc::new(std::cell::RefCell::new(h))),
        );
    }
}

/// The expression of a statement that is one side-effect-free expression whose value is
/// output (not `[void](...)`).
fn pure_expression(stmt: &Stmt) -> Option<&Expr> {
    let StmtKind::Pipeline(p) = &stmt.kind else {
        return None;
    };
    if p.background {
        return None;
    }
    match p.elements.as_slice() {
        [PipeElem::Expr { expr, redirects }]
            if redirects.is_empty()
                && expr.is_pure()
                && !matches!(&expr.kind, ExprKind::Convert(t, _) if t.eq_ignore_ascii_case("void")) =>
        {
            Some(expr)
        }
        _ => None,
    }
}

/// Many objects → an array; one → itself; none → $null.
/// What an assignment stores from output: nothing (AutomationNull), one object, or an array.
pub fn collect_raw(items: Vec<Value>) -> Value {
    if items.is_empty() {
        Value::Nothing
    } else {
        collect_value(items)
    }
}

pub fn collect_value(mut items: Vec<Value>) -> Value {
    match items.len() {
        0 => Value::Null,
        1 => items.pop().unwrap_or(Value::Null),
        _ => Value::array(items),
    }
}

pub fn unknown_type(t: &str) -> ErrorRecord {
    ErrorRecord::runtime(
        format!("Unable to find type [{t}]."),
        "TypeNotFound",
        Category::InvalidOperation,
    )
    .with_target(Value::str(t))
}

/// The error record `throw` makes from its operand.
pub fn thrown_error(v: Value) -> ErrorRecord {
    match v {
        Value::Error(ref rec) => {
            let mut r = (**rec).clone();
            r.thrown = true;
            r
        }
        Value::Null => {
            let mut r =
                ErrorRecord::runtime("ScriptHalted", "ScriptHalted", Category::OperationStopped);
            r.thrown = true;
            r
        }
        // An exception object: the record ConvertToException makes for it, its id the
        // message (a RuntimeException's own record has its type's name).
        ref other if crate::engine::error_object::exception_parts(other).is_some() => {
            let (t, message) =
                crate::engine::error_object::exception_parts(other).unwrap_or_default();
            let id = if types::exception_is(&t, "System.Management.Automation.RuntimeException") {
                types::short_name(&t).to_string()
            } else {
                message.clone()
            };
            let mut r = ErrorRecord::new(&t, message, &id, Category::OperationStopped);
            r.thrown = true;
            r
        }
        other => {
            let msg = to_str(&other);
            let mut r = ErrorRecord::runtime(msg.clone(), &msg, Category::OperationStopped)
                .with_target(other.clone());
            r.thrown = true;
            if !matches!(other, Value::Str(_)) {
                r.thrown_value = Some(other);
            }
            r
        }
    }
}
