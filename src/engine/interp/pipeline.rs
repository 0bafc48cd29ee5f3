//! Pipelines stream: each object a command writes goes straight into the next command's
//! process step (push model), so `Write-Host` text and output interleave as in PowerShell and
//! `1..1000000 | ...` never builds a million-element list.

use super::{Interp, Streams, Target};
use crate::engine::budget::Buffer;
use crate::engine::error::{EvalResult, Flow};
use crate::engine::scope::ScopeRef;
use crate::engine::value::Value;
use crate::lang::ast::{PipeElem, Pipeline, Redirect, StreamId};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Where a command's output objects go.
pub trait Emit {
    fn emit<'a>(&'a mut self, cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>>;
}

/// Collects objects (assignment, `$(...)`, job output), within the session's memory budget.
#[derive(Default)]
pub struct Collect(pub Buffer);

impl Emit for Collect {
    fn emit<'a>(&'a mut self, cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        let pushed = self.0.push(&cx.rt.budget, v).map_err(Flow::error);
        Box::pin(std::future::ready(pushed))
    }
}

/// Emits each item of a list.
pub async fn emit_all(cx: &mut Interp, out: &mut dyn Emit, items: Vec<Value>) -> EvalResult<()> {
    for v in items {
        out.emit(cx, v).await?;
    }
    Ok(())
}

/// One command in a pipeline: begin once, process per input object, end once.
pub trait CommandProcessor {
    fn begin<'a>(
        &'a mut self,
        _cx: &'a mut Interp,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(std::future::ready(Ok(())))
    }
    /// `input` is None for the first command of a pipeline, which is processed once with no
    /// pipeline input.
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>>;
    fn end<'a>(
        &'a mut self,
        _cx: &'a mut Interp,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

/// A command in a running pipeline, with the streams and scopes it runs under.
pub struct Stage {
    pub proc: Box<dyn CommandProcessor>,
    pub streams: Box<Streams>,
    pub scopes: Vec<ScopeRef>,
    /// `2>&1` and friends: records merged into this command's output.
    pub merge: Option<Rc<RefCell<Vec<Value>>>>,
    /// `> file`: this command's output is written to the file instead.
    pub out_file: Option<(String, bool)>,
    /// Set for cmdlets, whose errors get their name and position.
    pub cmdlet: Option<Rc<super::call::CmdletInfo>>,
}

/// Delivers an object to the first of `stages`, whose output flows on to the rest and then
/// to `tail`.
pub struct StageEmit<'s> {
    pub stages: &'s mut [Stage],
    pub tail: &'s mut dyn Emit,
}

enum Phase {
    Begin,
    Process(Option<Value>),
    End,
}

/// What an object passing from one command to the next is charged, in operations (a loop
/// turn is one): measured, a walk's object costs 5 to 15 µs natively where a turn of
/// `$i++` costs about 0.1 µs.
const OBJECT_COST: u32 = 10;

/// Runs one phase of the first stage with its streams and scopes in force.
fn run_stage<'a>(
    cx: &'a mut Interp,
    stages: &'a mut [Stage],
    tail: &'a mut dyn Emit,
    phase: Phase,
) -> BoxFut<'a, EvalResult<()>> {
    Box::pin(async move {
        // Every object a command writes is charged: a command that writes thousands without
        // a loop of its own (a walk at speed 0) still yields to the other tasks, and a
        // budget's worth of objects stays within a few milliseconds.
        if matches!(phase, Phase::Process(Some(_))) {
            cx.tick_of(OBJECT_COST).await?;
        }
        let Some((first, rest)) = stages.split_first_mut() else {
            return match phase {
                Phase::Process(Some(v)) => tail.emit(cx, v).await,
                _ => Ok(()),
            };
        };
        // The stage's streams and scopes are swapped in and back out: no copy per object.
        std::mem::swap(&mut cx.streams, &mut first.streams);
        std::mem::swap(&mut cx.scopes, &mut first.scopes);
        let saved_cmdlet = std::mem::replace(&mut cx.running_cmdlet, first.cmdlet.clone());
        let mut file_sink;
        let mut next = StageEmit { stages: rest, tail };
        let out: &mut dyn Emit = match &first.out_file {
            Some(_) => {
                file_sink = Collect::default();
                &mut file_sink
            }
            None => &mut next,
        };
        let mut merged = MergeEmit {
            queue: first.merge.clone(),
            inner: out,
        };
        let r = match phase {
            Phase::Begin => first.proc.begin(cx, &mut merged).await,
            Phase::Process(v) => first.proc.process(cx, v, &mut merged).await,
            Phase::End => first.proc.end(cx, &mut merged).await,
        };
        let r = match &first.cmdlet {
            Some(info) => info.fix(r),
            None => r,
        };
        let r = if merged.queue.is_some() {
            let drained = merged.drain(cx).await;
            r.and(drained)
        } else {
            r
        };
        std::mem::swap(&mut cx.scopes, &mut first.scopes);
        std::mem::swap(&mut cx.streams, &mut first.streams);
        cx.running_cmdlet = saved_cmdlet;
        r
    })
}

impl Emit for StageEmit<'_> {
    fn emit<'a>(&'a mut self, cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        run_stage(cx, self.stages, self.tail, Phase::Process(Some(v)))
    }
}

/// Before each object a command writes, and at its end, the records merged into its output
/// (`2>&1`) are written first, so the order is the order they happened in.
struct MergeEmit<'m> {
    queue: Option<Rc<RefCell<Vec<Value>>>>,
    inner: &'m mut dyn Emit,
}

impl MergeEmit<'_> {
    async fn drain(&mut self, cx: &mut Interp) -> EvalResult<()> {
        let Some(q) = &self.queue else { return Ok(()) };
        loop {
            let pending = std::mem::take(&mut *q.borrow_mut());
            if pending.is_empty() {
                return Ok(());
            }
            for v in pending {
                self.inner.emit(cx, v).await?;
            }
        }
    }
}

impl Emit for MergeEmit<'_> {
    fn emit<'a>(&'a mut self, cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        if self.queue.is_none() {
            return self.inner.emit(cx, v);
        }
        Box::pin(async move {
            self.drain(cx).await?;
            self.inner.emit(cx, v).await
        })
    }
}

impl Interp {
    /// Applies an element's redirections to the streams it runs under.
    pub(super) async fn apply_redirects(
        &mut self,
        redirects: &[Redirect],
        streams: &mut Streams,
    ) -> EvalResult<(Option<Rc<RefCell<Vec<Value>>>>, Option<(String, bool)>)> {
        let mut merge = None;
        let mut out_file = None;
        for r in redirects {
            match r {
                Redirect::Merge { from, .. } => {
                    let q = merge
                        .get_or_insert_with(|| Rc::new(RefCell::new(Vec::new())))
                        .clone();
                    set_stream(streams, *from, Target::Queue(q));
                }
                Redirect::File {
                    from,
                    target,
                    append,
                    span,
                } => {
                    let t = self.eval_expr(target).await?;
                    let is_null = t.is_null();
                    let path = crate::engine::convert::to_str(&t);
                    let target = if is_null || path.eq_ignore_ascii_case("$null") {
                        Target::Null
                    } else {
                        let full = self.resolve_path(&path);
                        if !*append {
                            if let Err(e) = self.computer.write_text(&full, "") {
                                return Err(Flow::error(
                                    e.at(&self.current_source(target.span), *span),
                                ));
                            }
                        }
                        Target::File(full)
                    };
                    if matches!(from, StreamId::Output | StreamId::All) {
                        match &target {
                            Target::Null => out_file = Some((String::new(), true)),
                            Target::File(p) => out_file = Some((p.clone(), true)),
                            _ => {}
                        }
                    }
                    if *from == StreamId::All && !matches!(target, Target::Null) {
                        // `*> file` merges every stream into the output first, so the file
                        // gets the records in the order they happened.
                        let q = merge
                            .get_or_insert_with(|| Rc::new(RefCell::new(Vec::new())))
                            .clone();
                        set_stream(streams, StreamId::All, Target::Queue(q));
                    } else if *from != StreamId::Output {
                        set_stream(streams, *from, target);
                    }
                }
            }
        }
        Ok((merge, out_file))
    }

    /// Runs a pipeline, its output going to `out`.
    pub async fn run_pipeline(&mut self, p: &Pipeline, out: &mut dyn Emit) -> EvalResult<()> {
        let base_streams = self.streams.clone();
        let base_scopes = self.scopes.clone();
        let mut stages: Vec<Stage> = Vec::with_capacity(p.elements.len());
        let mut first_expr = None;
        for (i, elem) in p.elements.iter().enumerate() {
            match elem {
                PipeElem::Expr { expr, redirects } if i == 0 => {
                    if redirects.is_empty() {
                        first_expr = Some(expr);
                    } else {
                        let mut streams = base_streams.clone();
                        let (merge, out_file) =
                            self.apply_redirects(redirects, &mut streams).await?;
                        stages.push(Stage {
                            proc: Box::new(ExprProcessor { expr: expr.clone() }),
                            streams,
                            scopes: base_scopes.clone(),
                            merge,
                            out_file,
                            cmdlet: None,
                        });
                    }
                }
                PipeElem::Expr { .. } => {}
                PipeElem::Command(call) => {
                    let prepared = self
                        .prepare_command(call, i > 0 || first_expr.is_some(), &base_streams, i + 1)
                        .await?;
                    let mut streams = prepared.streams;
                    let (merge, out_file) =
                        self.apply_redirects(&call.redirects, &mut streams).await?;
                    stages.push(Stage {
                        proc: prepared.proc,
                        streams,
                        scopes: base_scopes.clone(),
                        merge,
                        out_file,
                        cmdlet: prepared.cmdlet.map(Rc::new),
                    });
                }
            }
        }
        // File redirection of output: collect what reaches the end, then write it as text.
        let file_target = stages.last().and_then(|s| s.out_file.clone());
        if let Some(s) = stages.last_mut() {
            s.out_file = None;
        }
        let mut file_collect = Collect::default();
        let tail: &mut dyn Emit = if file_target.is_some() {
            &mut file_collect
        } else {
            out
        };
        let result = self.drive(&mut stages, tail, first_expr, None).await;
        if let Some((path, _)) = file_target {
            if !path.is_empty() {
                let text = (self.rt.render.out_string)(&self.rt, &file_collect.0);
                let _ = self.computer.append_text(&path, &text);
            }
        }
        self.streams = base_streams;
        self.scopes = base_scopes;
        match result {
            Err(Flow::StopUpstream) => Ok(()),
            other => other,
        }
    }

    pub(super) async fn drive(
        &mut self,
        stages: &mut [Stage],
        tail: &mut dyn Emit,
        first_expr: Option<&crate::lang::ast::Expr>,
        items: Option<Vec<Value>>,
    ) -> EvalResult<()> {
        let n = stages.len();
        for i in 0..n {
            let (_, rest) = stages.split_at_mut(i);
            run_stage(self, rest, tail, Phase::Begin).await?;
        }
        let fed = match (first_expr, items) {
            (_, Some(items)) => {
                let mut r = Ok(());
                for item in items {
                    if let Err(e) = self.tick().await {
                        r = Err(e);
                        break;
                    }
                    if let Err(e) = run_stage(self, stages, tail, Phase::Process(Some(item))).await
                    {
                        r = Err(e);
                        break;
                    }
                }
                r
            }
            (Some(expr), None) => {
                let mut feed = self.eval_pipeline_feed(expr).await?;
                let mut r = Ok(());
                while let Some(item) = feed.next_item() {
                    if let Err(e) = self.tick().await {
                        r = Err(e);
                        break;
                    }
                    if let Err(e) = run_stage(self, stages, tail, Phase::Process(Some(item))).await
                    {
                        r = Err(e);
                        break;
                    }
                }
                r
            }
            (None, None) => run_stage(self, stages, tail, Phase::Process(None)).await,
        };
        let stopped_upstream = matches!(fed, Err(Flow::StopUpstream));
        if !stopped_upstream {
            fed?;
        }
        for i in 0..n {
            let (_, rest) = stages.split_at_mut(i);
            match run_stage(self, rest, tail, Phase::End).await {
                Err(Flow::StopUpstream) => {}
                other => other?,
            }
        }
        Ok(())
    }
}

fn set_stream(s: &mut Streams, from: StreamId, t: Target) {
    match from {
        StreamId::Error => s.error = t,
        StreamId::Warning => s.warning = t,
        StreamId::Verbose => s.verbose = t,
        StreamId::Debug => s.debug = t,
        StreamId::Information => s.information = t,
        StreamId::Output => {}
        StreamId::All => {
            s.error = t.clone();
            s.warning = t.clone();
            s.verbose = t.clone();
            s.debug = t.clone();
            s.information = t;
        }
    }
}

/// An expression with redirections at the head of a pipeline (`$x 2>&1`).
struct ExprProcessor {
    expr: crate::lang::ast::Expr,
}

impl CommandProcessor for ExprProcessor {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let v = cx.eval_expr(&self.expr).await?;
            emit_all(cx, out, v.enumerate()).await
        })
    }
}
