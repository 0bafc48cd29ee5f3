//! What a `foreach` loop or a pipeline's first expression hands on, one item at a time:
//! the items of an array as they are when reached, each number of a range without ever
//! making the list (PowerShell enumerates a range lazily there too), or a single value.

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
    pub fn of(value: Value) -> Feed {
        match value {
            Value::Array(items) => Feed::List { items, next: 0 },
            Value::Null => Feed::One(None),
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
    /// Evaluates an expression to be enumerated: a range stays a range.
    pub(super) async fn eval_feed(&mut self, e: &Expr) -> EvalResult<Feed> {
        if let ExprKind::Binary(BinOp::Range, a, b) = &e.kind {
            let a = self.eval_expr(a).await?;
            let b = self.eval_expr(b).await?;
            let (x, y) = ops::range_bounds(&a, &b).map_err(|err| self.err_at(err, e.span))?;
            return Ok(Feed::Range(Box::new(ops::range_values(x, y))));
        }
        Ok(Feed::of(self.eval_expr(e).await?))
    }
}
