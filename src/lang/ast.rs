//! The syntax tree. Pure data: no engine types, so the parser is testable on its own.

use super::source::{Source, Span};
use std::rc::Rc;

#[derive(Debug, Clone)]
pub enum Literal {
    Int(i32),
    Long(i64),
    Double(f64),
    Decimal(rust_decimal::Decimal),
    Str(Rc<str>),
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StrPart {
    Lit(String),
    Var(VarRef),
    Sub(Rc<Block>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarScope {
    Local,
    Global,
    Script,
    Private,
    Env,
    Using,
    Variable,
    Function,
}

#[derive(Debug, Clone)]
pub struct VarRef {
    pub scope: Option<VarScope>,
    pub name: Rc<str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
    BNot,
    Comma,
    Split,
    Join,
    PreInc,
    PreDec,
    PostInc,
    PostDec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Range,
    Format,
    And,
    Or,
    Xor,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    /// Comparison-family operators; `case_sensitive` is the `c` prefix.
    Cmp(CmpOp, bool),
    Is,
    IsNot,
    As,
    /// `??` (PowerShell 7): the left value unless it is null, else the right (evaluated
    /// only then).
    Coalesce,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Like,
    NotLike,
    Match,
    NotMatch,
    Contains,
    NotContains,
    In,
    NotIn,
    Replace,
    Split,
    Join,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Lit(Literal),
    Expandable(Vec<StrPart>),
    Var(VarRef),
    /// `a, b, c`
    Array(Vec<Expr>),
    /// `@( ... )`
    ArraySub(Rc<Block>),
    /// `$( ... )`
    SubExpr(Rc<Block>),
    /// `( statement )`
    Paren(Box<Stmt>),
    Hash {
        entries: Vec<(Expr, Stmt)>,
    },
    ScriptBlock(Rc<ScriptBlockAst>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Convert(Rc<str>, Box<Expr>),
    TypeLit(Rc<str>),
    Member {
        target: Box<Expr>,
        name: Box<Expr>,
        is_static: bool,
    },
    Invoke {
        target: Box<Expr>,
        name: Box<Expr>,
        args: Vec<Expr>,
        is_static: bool,
    },
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
    },
    /// `cond ? a : b` (PowerShell 7).
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// True when evaluating this expression can never run a command or script block, so it
    /// needs no suspension point (the evaluator's fast path).
    pub fn is_pure(&self) -> bool {
        // A chain `a + b + c ...` nests to the left as deep as it is long: walk it in a loop.
        // A long one is not pure: the evaluator's async path takes it, a turn per link, so
        // it can be interrupted and shares the thread like a loop.
        let mut e = self;
        let mut links = 0;
        while let ExprKind::Binary(op, a, b) = &e.kind {
            links += 1;
            if links > PURE_CHAIN_LINKS
                || matches!(
                    op,
                    BinOp::Cmp(CmpOp::Replace, _) | BinOp::Cmp(CmpOp::Match, _)
                )
                || !b.is_pure()
            {
                return false;
            }
            e = a;
        }
        e.is_pure_node()
    }

    /// `is_pure` of anything but a binary operator.
    fn is_pure_node(&self) -> bool {
        match &self.kind {
            ExprKind::Lit(_) | ExprKind::Var(_) | ExprKind::TypeLit(_) => true,
            ExprKind::ScriptBlock(_) => true,
            ExprKind::Expandable(parts) => parts.iter().all(|p| !matches!(p, StrPart::Sub(_))),
            ExprKind::Array(items) => items.iter().all(Expr::is_pure),
            ExprKind::Unary(
                UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec,
                _,
            ) => false,
            ExprKind::Unary(_, e) | ExprKind::Convert(_, e) => e.is_pure(),
            ExprKind::Binary(..) => self.is_pure(),
            ExprKind::Member { target, name, .. } => target.is_pure() && name.is_pure(),
            ExprKind::Index { target, index } => target.is_pure() && index.is_pure(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamId {
    Output = 1,
    Error = 2,
    Warning = 3,
    Verbose = 4,
    Debug = 5,
    Information = 6,
    All = 0,
}

#[derive(Debug, Clone)]
pub enum Redirect {
    /// `2>&1`, `*>&1`
    Merge { from: StreamId, span: Span },
    /// `> file`, `2>> file`
    File {
        from: StreamId,
        target: Expr,
        append: bool,
        span: Span,
    },
}

#[derive(Debug, Clone)]
pub enum CommandArg {
    Param {
        name: Rc<str>,
        value: Option<Expr>,
        span: Span,
        colon: bool,
    },
    Value(Expr),
    Splat {
        name: Rc<str>,
        span: Span,
    },
}

#[derive(Debug, Clone)]
pub enum CommandName {
    Name(Rc<str>),
    /// `& expr`
    Call(Expr),
    /// `. expr`
    Dot(Expr),
}

#[derive(Debug, Clone)]
pub struct CommandCall {
    pub name: CommandName,
    pub name_span: Span,
    pub args: Vec<CommandArg>,
    pub redirects: Vec<Redirect>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum PipeElem {
    Expr {
        expr: Expr,
        redirects: Vec<Redirect>,
    },
    Command(CommandCall),
}

#[derive(Debug, Clone)]
pub struct Pipeline {
    pub elements: Vec<PipeElem>,
    /// The span stops before a background `&`.
    pub span: Span,
    /// Ends in `&` (PowerShell 6+): runs as a background job.
    pub background: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    Set,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    /// `??=` (PowerShell 7): assigns only when the target is null.
    Coalesce,
}

/// `&&` or `||` between pipelines (PowerShell 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainOp {
    /// Runs the next pipeline when the last one succeeded (`$?`).
    And,
    /// Runs the next pipeline when the last one failed.
    Or,
}

#[derive(Debug, Clone)]
pub struct Catch {
    pub types: Vec<Rc<str>>,
    pub body: Rc<Block>,
}

#[derive(Debug, Clone, Default)]
pub struct SwitchFlags {
    pub regex: bool,
    pub wildcard: bool,
    pub exact: bool,
    pub case_sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct SwitchClause {
    pub cond: Expr,
    pub body: Rc<Block>,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Pipeline(Pipeline),
    /// `a && b || c` (PowerShell 7): left to right, each pipeline after `&&` only if the
    /// one before succeeded, after `||` only if it failed. A chain ending in `&` runs
    /// whole as one background job.
    Chain {
        first: Box<Stmt>,
        rest: Vec<(ChainOp, Stmt)>,
        background: bool,
    },
    Assign {
        target: Expr,
        op: AssignOp,
        value: Box<Stmt>,
    },
    If {
        clauses: Vec<(Stmt, Rc<Block>)>,
        otherwise: Option<Rc<Block>>,
    },
    While {
        label: Option<Rc<str>>,
        cond: Box<Stmt>,
        body: Rc<Block>,
    },
    DoLoop {
        label: Option<Rc<str>>,
        body: Rc<Block>,
        cond: Box<Stmt>,
        until: bool,
    },
    For {
        label: Option<Rc<str>>,
        init: Option<Box<Stmt>>,
        cond: Option<Box<Stmt>>,
        step: Option<Box<Stmt>>,
        body: Rc<Block>,
    },
    Foreach {
        label: Option<Rc<str>>,
        var: Rc<str>,
        iter: Box<Stmt>,
        body: Rc<Block>,
    },
    Switch {
        label: Option<Rc<str>>,
        flags: SwitchFlags,
        subject: Box<Stmt>,
        clauses: Vec<SwitchClause>,
        default: Option<Rc<Block>>,
    },
    Function {
        name: Rc<str>,
        body: Rc<ScriptBlockAst>,
    },
    Try {
        body: Rc<Block>,
        catches: Vec<Catch>,
        finally: Option<Rc<Block>>,
    },
    Throw(Option<Box<Stmt>>),
    /// `trap [Type] { ... }`: handles the errors of the statements of its block, wherever
    /// in the block it stands (`Block::traps` lists them; running it does nothing).
    Trap(Rc<Trap>),
    Return(Option<Box<Stmt>>),
    Exit(Option<Box<Stmt>>),
    Break(Option<Rc<str>>),
    Continue(Option<Rc<str>>),
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// The block's `trap` statements, in order; empty for almost every block.
    pub traps: Vec<Rc<Trap>>,
}

/// A `trap` statement: the exception type it handles (None: any) and its body.
#[derive(Debug)]
pub struct Trap {
    pub type_name: Option<Rc<str>>,
    pub body: Rc<Block>,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Rc<str>,
    pub type_name: Option<Rc<str>>,
    pub default: Option<Expr>,
    pub mandatory: bool,
    pub position: Option<usize>,
    pub from_pipeline: bool,
    pub from_pipeline_by_name: bool,
    pub aliases: Vec<Rc<str>>,
    /// Its `[Validate...()]` attributes, in order.
    pub validations: Vec<Validation>,
    /// `[Parameter(ParameterSetName = 'X')]`, once for each set it is in; empty for all.
    pub sets: Vec<Rc<str>>,
}

/// A parameter's validation attribute: checked against each argument bound to it.
#[derive(Debug, Clone)]
pub enum Validation {
    Set(Vec<Rc<str>>),
    NotNull,
    NotNullOrEmpty,
    Range(Expr, Expr),
    Pattern(Rc<str>),
    Length(Expr, Expr),
    Script(Rc<ScriptBlockAst>),
}

#[derive(Debug, Clone)]
pub struct ScriptBlockAst {
    pub params: Vec<Param>,
    /// `[CmdletBinding()]` or any `[Parameter()]`: the function takes the common parameters.
    pub advanced: bool,
    /// `[CmdletBinding(DefaultParameterSetName = 'X')]`.
    pub default_set: Option<Rc<str>>,
    pub begin: Option<Rc<Block>>,
    pub process: Option<Rc<Block>>,
    pub end: Option<Rc<Block>>,
    pub is_filter: bool,
    pub source: Rc<Source>,
    /// The text between the braces (or the whole script), which is what `ToString()` gives.
    pub body_span: Span,
}

impl ScriptBlockAst {
    pub fn text(&self) -> String {
        self.source.text(self.body_span)
    }
}

/// The longest operator chain evaluated without a suspension point (see `Expr::is_pure`).
const PURE_CHAIN_LINKS: usize = 256;

/// A chain `1 + 1 + ...` a hundred thousand long nests to the left that deep: freeing it
/// recursively would overflow the stack, so its links are unhooked one at a time.
impl Drop for Expr {
    fn drop(&mut self) {
        let mut next = unhook_left_link(&mut self.kind);
        while let Some(mut link) = next {
            next = unhook_left_link(&mut link.kind);
        }
    }
}

/// Takes the left operand of a binary operator when it is itself one (a link of a chain).
fn unhook_left_link(kind: &mut ExprKind) -> Option<Box<Expr>> {
    match kind {
        ExprKind::Binary(_, left, _) if matches!(left.kind, ExprKind::Binary(..)) => {
            let leaf = Box::new(Expr {
                kind: ExprKind::Lit(Literal::Int(0)),
                span: Span::default(),
            });
            Some(std::mem::replace(left, leaf))
        }
        _ => None,
    }
}
