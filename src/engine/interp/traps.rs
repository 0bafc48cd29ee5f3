//! `trap` statements (ExceptionHandlingOps.CheckActionPreference and ProcessTraps). A block
//! with traps hands each error that ends one of its statements to the trap for its type:
//! the error is in `$Error`, the trap's body runs in a scope of its own with the record in
//! `$_`, and then `continue` goes on with the next statement without reporting the error,
//! `break` lets it unwind, and a body that says neither reports it and goes on (or, under
//! `$ErrorActionPreference = 'Stop'`, lets it unwind).
//!
//! Traps reach the statements of their own function or script, not those of a function it
//! calls (`Interp::traps` has a `None` frame for each call, and for each `try` body, whose
//! catches come first). A pipeline anywhere in the block is trapped where it failed, so
//! the statement after it runs; any other statement (an `if`, a loop, `throw`) is trapped
//! whole, at the block that has the traps, as PowerShell wraps only that block's
//! statements.

use super::Interp;
use super::pipeline::Emit;
use crate::engine::error::{ErrorRecord, EvalResult, Flow, Severity};
use crate::engine::types;
use crate::engine::value::Value;
use crate::lang::ast::{Block, Stmt, StmtKind, Trap};
use std::rc::Rc;

/// A pipeline-level statement: trapped where it fails, in any block under the traps.
fn trapped_where_it_fails(stmt: &Stmt) -> bool {
    matches!(
        stmt.kind,
        StmtKind::Pipeline(_) | StmtKind::Chain { .. } | StmtKind::Assign { .. }
    )
}

/// The trap for an exception type: one naming the type itself, else one naming a base of
/// it, else one naming none (FindMatchingHandlerByType's three passes).
fn handler_for<'t>(traps: &'t [Rc<Trap>], exception_type: &str) -> Option<&'t Rc<Trap>> {
    let resolved = |t: &Rc<Trap>| {
        t.type_name
            .as_deref()
            .map(|n| types::resolve(n).unwrap_or_else(|| n.to_string()))
    };
    traps
        .iter()
        .find(|t| resolved(t).is_some_and(|n| n.eq_ignore_ascii_case(exception_type)))
        .or_else(|| {
            traps.iter().find(|t| {
                resolved(t).is_some_and(|n| {
                    !n.eq_ignore_ascii_case("System.Object")
                        && types::exception_is(exception_type, &n)
                })
            })
        })
        .or_else(|| traps.iter().find(|t| t.type_name.is_none()))
}

impl Interp {
    /// Runs a block that has traps: its statements under them.
    pub(super) async fn exec_trapping_block(
        &mut self,
        block: &Block,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        self.traps.push(Some(block.traps.clone()));
        let mut result = Ok(());
        for stmt in &block.stmts {
            if matches!(stmt.kind, StmtKind::Trap(_)) {
                continue;
            }
            if let Err(flow) = self.exec_statement(stmt, out).await {
                if let Err(flow) = self.trap(flow, stmt, out).await {
                    result = Err(flow);
                    break;
                }
            }
        }
        self.traps.pop();
        result
    }

    /// Whether an error ending `stmt` is for the traps in force here (rather than for the
    /// block that has them).
    pub(super) fn traps_here(&self, stmt: &Stmt) -> bool {
        matches!(self.traps.last(), Some(Some(_))) && trapped_where_it_fails(stmt)
    }

    /// Hands an error to the traps in force: Ok when one handled it and the script goes
    /// on, the error again when it unwinds further.
    pub(super) async fn trap(
        &mut self,
        flow: Flow,
        stmt: &Stmt,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        let Flow::Error(rec, severity) = flow else {
            return Err(flow);
        };
        let trapped_before = self
            .trap_unwinding
            .as_ref()
            .is_some_and(|r| Rc::ptr_eq(r, &rec));
        let traps = match self.traps.last() {
            Some(Some(traps)) if severity != Severity::Pipeline && !trapped_before => traps.clone(),
            _ => return Err(Flow::Error(rec, severity)),
        };
        let rec = if rec.position.is_none() {
            let source = self.current_source(stmt.span);
            Rc::new((*rec).clone().at(&source, stmt.span))
        } else {
            rec
        };
        let rec = self.with_stack_trace(rec);
        // The exception a RuntimeException wraps (1/0's DivideByZeroException) is looked
        // up first; the record's own type where that finds none or only a catch-all.
        let inner = rec
            .inner_exception
            .as_deref()
            .and_then(|inner| handler_for(&traps, inner));
        let handler = match inner {
            Some(h) if h.type_name.is_some() => Some(h),
            _ => handler_for(&traps, &rec.exception_type).or(inner),
        };
        let Some(handler) = handler else {
            return Err(self.unwind_from_trap(rec));
        };
        self.record_error(&Value::Error(rec.clone()));
        self.push_scope();
        self.set_var("_", Value::Error(rec.clone()));
        // The trap's own code runs under no traps of this block: an error in it unwinds.
        self.traps.push(None);
        let ran = self.exec_block(&handler.body, out).await;
        self.traps.pop();
        self.pop_scope();
        self.last_ok = false;
        self.previous_ok = false;
        match ran {
            Err(Flow::Continue(_)) => Ok(()),
            Err(Flow::Break(_)) => Err(self.unwind_from_trap(rec)),
            Err(other) => Err(other),
            Ok(()) => {
                let action = self.pref_var("ErrorActionPreference", super::Pref::Continue);
                match action {
                    super::Pref::Stop => Err(self.unwind_from_trap(rec)),
                    super::Pref::SilentlyContinue | super::Pref::Ignore => Ok(()),
                    _ => {
                        self.report_terminating(rec);
                        self.last_ok = false;
                        self.previous_ok = false;
                        Ok(())
                    }
                }
            }
        }
    }

    /// The error as it leaves a trap (break, or no trap for its type): it unwinds the
    /// script, and the blocks it passes on the way out do not trap it again.
    fn unwind_from_trap(&mut self, rec: Rc<ErrorRecord>) -> Flow {
        self.trap_unwinding = Some(rec.clone());
        Flow::Error(rec, Severity::Script)
    }
}
