//! What a `foreach` loop or a pipeline's first expression hands on, one item at a time:
//! the items of an array as they are when reached, each number of a range without ever
//! making the list (PowerShell enumerates a range lazily there too), or a single value.
//! `$null` is one item of a pipeline and no turn of a loop; nothing (AutomationNull) is
//! neither.

use super::Interp;
use crate::engine::error::EvalResult;
use crate::engine::ops;
use crate::engine::value::{Array, Value};
use crate::lang::ast::{BinOp, Expr, ExprKind};

pub enum Feed {
    List { items: Array, next: usize },
    Range(Box<dyn Iterator<Item = Value>>),
    One(Option<Value>),
}

impl Feed {
    /// A `foreach` loop's collection.
    pub fn of(value: Value) -> Feed {
        match value {
            Value::Null => Feed::One(None),
            other => Feed::of_pipeline(other),
        }
    }

    /// A pipeline's first expression: `$null | ForEach-Object` runs once.
    pub fn of_pipeline(value: Value) -> Feed {
        if let Some(items) = value.live_items() {
            return Feed::List { items, next: 0 };
        }
        match value {
            Value::Array(ref items) => Feed::List {
                items: items.clone(),
                next: 0,
            },
            Value::Nothing => Feed::One(None),
            other => Feed::One(Some(other)),
        }
    }

    pub fn next_item(&mut self) -> Option<Value> {
        match self {
            Feed::List { items, next } => {
                let item = items.borrow().get(*next).cloned();
                *next += 1;
                item
            }
            Feed::Range(numbers) => numbers.next(),
            Feed::One(v) => v.take(),
        }
    }
}

impl Interp {
    /// Evaluates a `foreach` loop's collection: a range stays a range.
    pub(super) async fn eval_feed(&mut self, e: &Expr) -> EvalResult<Feed> {
        match self.eval_range(e).await? {
            Some(range) => Ok(range),
            None => Ok(Feed::of(self.eval_raw(e).await?)),
        }
    }

    /// Evaluates a pipeline's first expression (see [`Feed::of_pipeline`]).
    pub(super) async fn eval_pipeline_feed(&mut self, e: &Expr) -> EvalResult<Feed> {
        match self.eval_range(e).await? {
            Some(range) => Ok(range),
            None => Ok(Feed::of_pipeline(self.eval_raw(e).await?)),
        }
    }

    async fn eval_range(&mut self, e: &Expr) -> EvalResult<Option<Feed>> {
        let ExprKind::Binary(BinOp::Range, a, b) = &e.kind else {
            return Ok(None);
        };
        let a = self.eval_expr(a).await?;
        let b = self.eval_expr(b).await?;
        let (x, y) = ops::range_bounds(&a, &b).map_err(|err| self.err_at(err, e.span))?;
        Ok(Some(Feed::Range(Box::new(ops::range_values(x, y)))))
    }
}
