//! Commands: lookup (alias, function, cmdlet, then PowerShell's `Get-` retry), parameter
//! binding with PowerShell's messages, and script blocks as pipeline commands.

use super::pipeline::{BoxFut, Collect, CommandProcessor, Emit};
use super::stmt::collect_value;
use super::{Interp, Pref, Streams};
use crate::engine::command::{ParamSpec, cmdlet_type_name};
use crate::engine::convert::{self, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow, Position, Severity};
use crate::engine::types;
use crate::engine::value::{Hashtable, Value};
use crate::lang::ast::*;
use crate::lang::{Source, Span};
use std::cell::RefCell;
use std::rc::Rc;

/// What finding, binding and starting a command is charged, in operations (a loop turn is
/// one): in Windows PowerShell a cmdlet call in a loop costs tens of microseconds, where a
/// loop turn costs a fraction of one. On the virtual clock it is 30 µs (clock.rs).
const COMMAND_COST: u32 = 100;

/// An argument after evaluation, before binding.
#[derive(Clone, Debug)]
pub(super) enum RawArg {
    Name {
        name: String,
        span: Span,
        value: Option<Value>,
    },
    Value {
        value: Value,
        span: Span,
    },
}

/// Parameters bound to a command, by their declared names.
#[derive(Clone, Debug, Default)]
pub struct BoundArgs {
    pub values: Vec<(String, Value)>,
    /// What the user typed to run the command (an alias, say).
    pub invocation_name: Rc<str>,
    pub position: Option<Position>,
    /// The common parameters given (they are moved into the command's streams, where a
    /// cmdlet that refuses some of them would no longer see them).
    pub common: Vec<&'static str>,
    /// The parameter set the arguments resolved to, for a command that has sets.
    pub parameter_set: Option<&'static str>,
    /// Pipeline input may still change the set: no set's mandatory parameter is missing
    /// before it comes.
    pub set_awaits_input: bool,
}

impl BoundArgs {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
    pub fn switch(&self, name: &str) -> bool {
        self.get(name).is_some_and(convert::to_bool)
    }
    pub fn str(&self, name: &str) -> Option<String> {
        self.get(name).map(to_str)
    }
    pub fn strings(&self, name: &str) -> Option<Vec<String>> {
        self.get(name)
            .map(|v| v.enumerate().iter().map(to_str).collect())
    }
    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(convert::to_i64)
    }
}

const COMMON: &[(&str, &[&str], bool)] = &[
    ("Verbose", &["vb"], true),
    ("Debug", &["db"], true),
    ("ErrorAction", &["ea"], false),
    ("WarningAction", &["wa"], false),
    ("InformationAction", &["infa"], false),
    ("ErrorVariable", &["ev"], false),
    ("WarningVariable", &["wv"], false),
    ("InformationVariable", &["iv"], false),
    ("OutVariable", &["ov"], false),
    ("OutBuffer", &["ob"], false),
    ("PipelineVariable", &["pv"], false),
];

/// The common parameters every cmdlet binds, in the order Get-Help lists them.
pub fn common_parameter_names() -> impl Iterator<Item = &'static str> {
    COMMON.iter().map(|(name, _, _)| *name)
}

/// The command a name resolves to.
pub(super) enum Resolved {
    Cmdlet(usize),
    Function(Rc<str>, Rc<ScriptBlockAst>),
    Block(Rc<ScriptBlockAst>, bool),
}

fn binding_error(
    message: String,
    id: &str,
    command: &str,
    type_name: &str,
    span: Span,
    source: &Rc<Source>,
) -> Flow {
    command_error(
        "System.Management.Automation.ParameterBindingException",
        (message, id, Category::InvalidArgument),
        command,
        type_name,
        (span, source),
    )
}

/// An error the binder raises for a command: its exception type, message, id and category,
/// the command's name and type, and where the argument is.
fn command_error(
    exception: &str,
    (message, id, category): (String, &str, Category),
    command: &str,
    type_name: &str,
    (span, source): (Span, &Rc<Source>),
) -> Flow {
    let mut e = ErrorRecord::new(exception, message, &format!("{id},{type_name}"), category);
    e.command = Some(Rc::from(command));
    e.invocation_name = Some(Rc::from(command));
    Flow::error(e.at(source, span))
}

impl Interp {
    pub(super) fn resolve_command(&self, name: &str) -> Option<Resolved> {
        let reg = &self.rt.registry;
        let missing = self.rs.profile.missing_commands;
        if missing.iter().any(|m| m.eq_ignore_ascii_case(name)) {
            return None;
        }
        let target = reg.resolve_alias(name).unwrap_or(name);
        if let Some((n, f)) = self.find_function(target) {
            return Some(Resolved::Function(n, f));
        }
        if let Some(i) = reg.find(target) {
            return Some(Resolved::Cmdlet(i));
        }
        None
    }

    /// Builds the processor for a command element, binding its arguments.
    pub(super) async fn prepare_command(
        &mut self,
        call: &CommandCall,
        has_input: bool,
        base: &Streams,
        pipeline_position: usize,
    ) -> EvalResult<Prepared> {
        self.tick_of(COMMAND_COST).await?;
        let source = self.current_source(call.span);
        let (resolved, typed) = match &call.name {
            CommandName::Name(n) => match self.resolve_command(n) {
                Some(r) => (r, n.to_string()),
                None => {
                    // PowerShell retries an unknown name with a Get- prefix (`job` → Get-Job).
                    let retry = format!("Get-{n}");
                    match (n.contains('-'), self.resolve_command(&retry)) {
                        (false, Some(r)) => (r, n.to_string()),
                        _ => return Err(self.command_not_found(n, call.name_span, &source)),
                    }
                }
            },
            CommandName::Call(e) | CommandName::Dot(e) => {
                let dot = matches!(call.name, CommandName::Dot(_));
                let v = self.eval_expr(e).await?;
                match v {
                    Value::ScriptBlock(ref sb) => (Resolved::Block(sb.clone(), dot), String::new()),
                    Value::Null => {
                        let mut rec = ErrorRecord::runtime(
                            "The expression after '&' in a pipeline element produced an object that was not valid. It must result in a command name, a script block, or a CommandInfo object.",
                            "BadExpression",
                            Category::InvalidOperation,
                        );
                        rec.position = Some(Position {
                            source: source.clone(),
                            span: e.span,
                        });
                        return Err(Flow::error(rec));
                    }
                    other => {
                        let n = to_str(&other);
                        match self.resolve_command(&n) {
                            Some(r) => (r, n),
                            None => return Err(self.command_not_found(&n, e.span, &source)),
                        }
                    }
                }
            }
        };
        let raw = self.eval_args(call, &source).await?;
        let at = Position {
            source,
            span: call.span,
        };
        let how = HowCalled {
            has_input,
            pipeline_position,
            name_span: call.name_span,
        };
        self.prepare_resolved(resolved, typed, raw, base, at, how)
            .await
    }

    /// Binds a command found (and its arguments evaluated) to its processor.
    pub(super) async fn prepare_resolved(
        &mut self,
        resolved: Resolved,
        typed: String,
        raw: Vec<RawArg>,
        base: &Streams,
        at: Position,
        how: HowCalled,
    ) -> EvalResult<Prepared> {
        let HowCalled {
            has_input,
            pipeline_position,
            name_span,
        } = how;
        let source = at.source.clone();
        let call_span = at.span;
        let mut streams = Box::new(base.clone());
        let position = Some(at);
        match resolved {
            Resolved::Cmdlet(i) => {
                let rt = self.rt.clone();
                let Some(cmdlet) = rt.registry.get(i) else {
                    return Err(self.command_not_found(&typed, name_span, &source));
                };
                let name = cmdlet.name();
                let type_name = cmdlet_type_name(name);
                let specs = crate::engine::command::params_in(cmdlet, self.rs.profile.edition);
                let rules = BindRules {
                    strict: true,
                    script: false,
                    default_set: cmdlet.default_parameter_set(),
                    has_input,
                    call_span,
                };
                let mut bound = bind(&specs, raw, name, &type_name, &source, rules)?;
                self.supply_mandatory(
                    &specs,
                    &mut bound,
                    (name, &type_name),
                    pipeline_position,
                    rules,
                    &source,
                )
                .await?;
                bound.invocation_name = Rc::from(if typed.is_empty() {
                    name
                } else {
                    typed.as_str()
                });
                bound.position = position.clone();
                self.apply_common(
                    &mut bound,
                    &mut streams,
                    name,
                    &type_name,
                    &source,
                    call_span,
                )?;
                let proc = cmdlet
                    .start(self, &bound)
                    .map_err(|e| Flow::error(decorate(e, name, &bound)))?;
                let proc = if has_input {
                    super::by_property::ByPropertyName::wrap(i, &specs, &bound, proc)
                } else {
                    proc
                };
                let proc = OutVariable::wrap(proc, streams.out_variable.take());
                Ok(Prepared {
                    proc,
                    streams,
                    cmdlet: Some(CmdletInfo { name, bound }),
                })
            }
            Resolved::Function(name, body) => {
                let specs = script_params(&body);
                let rules = BindRules::script(&body, has_input, call_span);
                let mut bound = bind(&specs, raw.clone(), &name, &name, &source, rules)?;
                if body.advanced {
                    self.apply_common(&mut bound, &mut streams, &name, &name, &source, call_span)?;
                }
                // A function's missing mandatory parameters are asked for as a cmdlet's are.
                self.supply_mandatory(
                    &specs,
                    &mut bound,
                    (&name, &name),
                    pipeline_position,
                    rules,
                    &source,
                )
                .await?;
                let args = if body.params.is_empty() {
                    raw_to_args(&raw)
                } else {
                    leftover(&bound)
                };
                let proc = Box::new(ScriptBlockProcessor::new(
                    body,
                    bound,
                    args,
                    false,
                    Some(name),
                    position,
                ));
                Ok(Prepared {
                    proc: OutVariable::wrap(proc, streams.out_variable.take()),
                    streams,
                    cmdlet: None,
                })
            }
            Resolved::Block(body, dot) => {
                let specs = script_params(&body);
                let bound = if body.params.is_empty() {
                    BoundArgs::default()
                } else {
                    bind(
                        &specs,
                        raw.clone(),
                        "",
                        "",
                        &source,
                        BindRules::script(&body, has_input, call_span),
                    )?
                };
                let args = if body.params.is_empty() {
                    raw_to_args(&raw)
                } else {
                    leftover(&bound)
                };
                Ok(Prepared {
                    proc: Box::new(ScriptBlockProcessor::new(
                        body, bound, args, dot, None, position,
                    )),
                    streams,
                    cmdlet: None,
                })
            }
        }
    }

    pub(super) fn command_not_found(&self, name: &str, span: Span, source: &Rc<Source>) -> Flow {
        let msg = match self.rs.profile.edition {
            crate::engine::runtime::Edition::Desktop51 => format!(
                "The term '{name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
            ),
            crate::engine::runtime::Edition::Core7 => format!(
                "The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again."
            ),
        };
        let mut e = ErrorRecord::new(
            "System.Management.Automation.CommandNotFoundException",
            msg,
            "CommandNotFoundException",
            Category::ObjectNotFound,
        )
        .with_target(Value::str(name));
        e.invocation_name = Some(Rc::from(name));
        Flow::error(e.at(source, span))
    }

    async fn eval_args(
        &mut self,
        call: &CommandCall,
        _source: &Rc<Source>,
    ) -> EvalResult<Vec<RawArg>> {
        let mut raw = Vec::with_capacity(call.args.len());
        for a in &call.args {
            match a {
                CommandArg::Param {
                    name, value, span, ..
                } => {
                    let v = match value {
                        Some(e) => Some(self.eval_expr(e).await?),
                        None => None,
                    };
                    raw.push(RawArg::Name {
                        name: name.to_string(),
                        span: *span,
                        value: v,
                    });
                }
                CommandArg::Value(e) => {
                    let v = self.eval_expr(e).await?;
                    raw.push(RawArg::Value {
                        value: v,
                        span: e.span,
                    });
                }
                CommandArg::Splat { name, span } => match self.get_var(name).as_ref() {
                    Some(Value::Hashtable(h)) => {
                        for (k, v) in h.borrow().entries.iter() {
                            raw.push(RawArg::Name {
                                name: to_str(k),
                                span: *span,
                                value: Some(v.clone()),
                            });
                        }
                    }
                    Some(Value::Array(items)) => {
                        for v in items.borrow().iter() {
                            raw.push(RawArg::Value {
                                value: v.clone(),
                                span: *span,
                            });
                        }
                    }
                    Some(v) => raw.push(RawArg::Value {
                        value: v.clone(),
                        span: *span,
                    }),
                    None => {}
                },
            }
        }
        Ok(raw)
    }

    /// The list an -ErrorVariable, -OutVariable (...) fills: `name` (in the scope its prefix
    /// names, `global:x`) is set to a new list, or with `+name` the list it holds is added to.
    fn record_variable(&mut self, name: &str) -> EvalResult<Rc<RefCell<Vec<Value>>>> {
        let (append, name) = match name.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, name),
        };
        let var = crate::lang::parser::split_scope(name);
        if append {
            if let Some(Value::Array(a)) = &self.get_var_scoped(var.scope.as_ref(), &var.name) {
                return Ok(a.clone());
            }
        }
        let list = Rc::new(RefCell::new(Vec::new()));
        self.set_var_scoped(var.scope.as_ref(), &var.name, Value::Array(list.clone()))
            .map_err(Flow::error)?;
        Ok(list)
    }

    /// Moves the common parameters out of `bound` into the streams the command runs under.
    fn apply_common(
        &mut self,
        bound: &mut BoundArgs,
        streams: &mut Streams,
        name: &str,
        type_name: &str,
        source: &Rc<Source>,
        span: Span,
    ) -> EvalResult<()> {
        let mut keep = Vec::new();
        for (n, v) in std::mem::take(&mut bound.values) {
            if let Some((name, ..)) = COMMON.iter().find(|(c, ..)| *c == n) {
                bound.common.push(*name);
            }
            let pref = |v: &Value| -> EvalResult<Pref> {
                Pref::from_value(v).ok_or_else(|| {
                    binding_error(
                        format!("Cannot bind parameter '{n}'. Cannot convert value \"{}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {} to a valid enumerator name. Specify one of the following enumerator names and try again:\nSilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend\"", to_str(v), to_str(v)),
                        "CannotConvertArgumentNoMessage",
                        name,
                        type_name,
                        span,
                        source,
                    )
                })
            };
            match n.as_str() {
                "ErrorAction" => streams.error_action = Some(pref(&v)?),
                "WarningAction" => streams.warning_action = Some(pref(&v)?),
                "InformationAction" => streams.information_action = Some(pref(&v)?),
                "Verbose" => streams.verbose_on = Some(convert::to_bool(&v)),
                "Debug" => streams.debug_on = Some(convert::to_bool(&v)),
                "ErrorVariable" | "WarningVariable" | "InformationVariable" | "OutVariable" => {
                    let list = self.record_variable(&to_str(&v))?;
                    match n.as_str() {
                        "ErrorVariable" => streams.error_variables.push(list),
                        "WarningVariable" => streams.warning_variables.push(list),
                        "OutVariable" => streams.out_variable = Some(list),
                        _ => streams.information_variables.push(list),
                    }
                }
                "OutBuffer" | "PipelineVariable" => {}
                _ => keep.push((n, v)),
            }
        }
        bound.values = keep;
        Ok(())
    }

    /// Runs a script block's statements with `$_` set (ForEach-Object, Where-Object,
    /// `switch` predicates, `.Invoke()`): dot-sourced unless `new_scope`.
    pub fn invoke_block<'a>(
        &'a mut self,
        sb: &'a Rc<ScriptBlockAst>,
        dollar_under: Option<Value>,
        args: Vec<Value>,
        new_scope: bool,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            self.depth += 1;
            if self.depth > super::MAX_CALL_DEPTH {
                self.depth -= 1;
                return Err(call_depth_overflow());
            }
            if new_scope {
                self.push_scope();
            }
            if let Some(v) = dollar_under {
                self.set_var("_", v);
            }
            if new_scope || !args.is_empty() {
                // Positional args fill param() then $args.
                let mut rest = args.into_iter();
                for p in &sb.params {
                    let v = match rest.next() {
                        Some(v) => v,
                        None => match &p.default {
                            Some(d) => self.eval_expr(d).await?,
                            None => Value::Null,
                        },
                    };
                    self.set_var(&p.name, v);
                }
                self.set_var("args", Value::array(rest.collect()));
            }
            self.source_stack.push(sb.source.clone());
            let mut r = Ok(());
            // The statements run inline rather than through exec_block: one allocation less
            // per call, which ForEach-Object makes once per object.
            'blocks: for block in [&sb.begin, &sb.process, &sb.end].into_iter().flatten() {
                for stmt in &block.stmts {
                    r = self.exec_statement(stmt, out).await;
                    if r.is_err() {
                        break 'blocks;
                    }
                }
            }
            self.source_stack.pop();
            if new_scope {
                self.pop_scope();
            }
            self.depth -= 1;
            match r {
                Err(Flow::Return) => Ok(()),
                other => other,
            }
        })
    }

    /// Like [`Interp::invoke_block`], collecting the output as one value.
    pub async fn invoke_block_value(
        &mut self,
        sb: &Rc<ScriptBlockAst>,
        dollar_under: Option<Value>,
        args: Vec<Value>,
        new_scope: bool,
    ) -> EvalResult<Value> {
        let mut sink = Collect::default();
        self.invoke_block(sb, dollar_under, args, new_scope, &mut sink)
            .await?;
        Ok(collect_value(sink.0.take()))
    }
}

pub fn call_depth_overflow() -> Flow {
    let mut e = ErrorRecord::new(
        "System.Management.Automation.ParentContainsErrorRecordException",
        "The script failed due to call depth overflow.",
        "CallDepthOverflow",
        Category::InvalidOperation,
    )
    .with_target(Value::Int(101));
    e.target_name = Some("0".into());
    e.target_type = Some("Int32".into());
    Flow::Error(Rc::new(e), Severity::Script)
}

/// Fills in the command and position of an error a cmdlet raised itself.
pub fn decorate(mut e: ErrorRecord, name: &str, bound: &BoundArgs) -> ErrorRecord {
    // A record that names its command already (Write-Error's) keeps its own id.
    let own_id = e.command.is_some();
    if e.command.is_none() {
        e.command = Some(Rc::from(name));
    }
    if e.invocation_name.is_none() {
        e.invocation_name = Some(bound.invocation_name.clone());
    }
    if e.position.is_none() {
        e.position = bound.position.clone();
    }
    if !e.fqid.contains(',') && !e.thrown && !own_id {
        e.fqid = format!("{},{}", e.fqid, cmdlet_type_name(name));
    }
    e
}

/// A cmdlet in a pipeline: the name and arguments its errors are decorated with.
pub struct CmdletInfo {
    pub name: &'static str,
    pub bound: BoundArgs,
}

impl CmdletInfo {
    /// Fills in the command and position of an error the cmdlet raised itself.
    pub fn fix(&self, r: EvalResult<()>) -> EvalResult<()> {
        match r {
            Err(Flow::Error(e, sev))
                if e.position.is_none()
                    || e.command.is_none() && !e.thrown && !e.replayed && !e.parse_error =>
            {
                Err(Flow::Error(
                    Rc::new(decorate((*e).clone(), self.name, &self.bound)),
                    sev,
                ))
            }
            other => other,
        }
    }
}

/// A command ready to run in a pipeline.
pub struct Prepared {
    pub proc: Box<dyn CommandProcessor>,
    pub streams: Box<Streams>,
    pub cmdlet: Option<CmdletInfo>,
}

fn script_params(sb: &ScriptBlockAst) -> Vec<ParamSpec> {
    sb.params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let tn = p
                .type_name
                .as_deref()
                .and_then(types::resolve)
                .unwrap_or_else(|| "System.Object".into());
            ParamSpec {
                name: leak(&p.name),
                aliases: leak_list(&p.aliases),
                switch: tn == "System.Management.Automation.SwitchParameter",
                position: Some(p.position.unwrap_or(i)),
                type_name: leak(&tn),
                mandatory: p.mandatory,
                pipeline: p.from_pipeline,
                input_type: None,
                by_property_name: p.from_pipeline_by_name,
                edition: None,
                remaining: false,
                range: None,
                sets: leak_list(&p.sets),
            }
        })
        .collect()
}

// Script parameter specs are built per call; interning keeps ParamSpec one type for cmdlets
// and functions. The set of distinct parameter names a session uses is small.
fn leak(s: &str) -> &'static str {
    thread_local! {
        static NAMES: RefCell<std::collections::HashSet<&'static str>> = RefCell::new(std::collections::HashSet::new());
    }
    NAMES.with(|n| {
        let mut n = n.borrow_mut();
        if let Some(existing) = n.get(s) {
            return *existing;
        }
        let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
        n.insert(leaked);
        leaked
    })
}

fn leak_list(items: &[Rc<str>]) -> &'static [&'static str] {
    if items.is_empty() {
        return &[];
    }
    let v: Vec<&'static str> = items.iter().map(|s| leak(s)).collect();
    Box::leak(v.into_boxed_slice())
}

fn raw_to_args(raw: &[RawArg]) -> Vec<Value> {
    let mut out = Vec::new();
    for a in raw {
        match a {
            RawArg::Name { name, value, .. } => {
                out.push(Value::str(&format!("-{name}")));
                if let Some(v) = value {
                    out.push(v.clone());
                }
            }
            RawArg::Value { value, .. } => out.push(value.clone()),
        }
    }
    out
}

fn leftover(bound: &BoundArgs) -> Vec<Value> {
    match bound.get("\0args") {
        Some(v) => v.enumerate(),
        None => Vec::new(),
    }
}

/// Binds evaluated arguments to parameters: names (exact, alias, unambiguous prefix), then
/// positions.
/// How a command binds its arguments.
#[derive(Clone, Copy)]
struct BindRules {
    /// Refuse unknown parameter names and extra positionals (cmdlets and advanced functions;
    /// a simple function passes them on in `$args`).
    strict: bool,
    /// A script's typed parameter converts through an argument transformation, whose error
    /// text differs from a cmdlet's.
    script: bool,
    /// The cmdlet's DefaultParameterSetName.
    default_set: Option<&'static str>,
    /// Pipeline input comes: it may still pick the parameter set.
    has_input: bool,
    /// The whole command, where a set that cannot be resolved is reported.
    call_span: Span,
}

impl BindRules {
    /// A function's or script block's binding: strict when it is advanced, with its
    /// DefaultParameterSetName.
    fn script(body: &ScriptBlockAst, has_input: bool, call_span: Span) -> BindRules {
        BindRules {
            strict: body.advanced,
            script: true,
            default_set: body.default_set.as_deref().map(leak),
            has_input,
            call_span,
        }
    }
}

fn bind(
    specs: &[ParamSpec],
    raw: Vec<RawArg>,
    command: &str,
    type_name: &str,
    source: &Rc<Source>,
    rules: BindRules,
) -> EvalResult<BoundArgs> {
    let strict = rules.strict;
    let mut bound = BoundArgs::default();
    let has_sets = specs.iter().any(|s| !s.sets.is_empty());
    let mut possible = super::parameter_sets::Possible::default();
    let mut positionals: Vec<(Value, Span)> = Vec::new();
    let mut it = raw.into_iter().peekable();
    let common: Vec<ParamSpec> = COMMON
        .iter()
        .map(|(n, a, sw)| ParamSpec {
            name: n,
            aliases: a,
            switch: *sw,
            position: None,
            type_name: "System.String",
            mandatory: false,
            pipeline: false,
            input_type: None,
            by_property_name: false,
            edition: None,
            remaining: false,
            range: None,
            sets: &[],
        })
        .collect();
    // What a simple function gets in $args, in the order it was written: unknown named
    // parameters (with the value after each, as ReparseUnboundArguments pairs them) and
    // positionals past its parameters.
    let mut unbound: Vec<(usize, Value)> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let mut written = 0;
    while let Some(arg) = it.next() {
        written += 1;
        match arg {
            RawArg::Value { value, span } => {
                positionals.push((value, span));
                order.push(written);
            }
            RawArg::Name { name, span, value } => {
                let spec = match find_param(specs, &name).or_else(|e| {
                    if e.is_empty() {
                        find_param(&common, &name)
                    } else {
                        Err(e)
                    }
                }) {
                    Ok(s) => s,
                    Err(candidates) if !candidates.is_empty() => {
                        let list = candidates
                            .iter()
                            .map(|c| format!("-{c}"))
                            .collect::<Vec<_>>()
                            .join(" ");
                        return Err(binding_error(
                            format!(
                                "Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {list}."
                            ),
                            "AmbiguousParameter",
                            command,
                            type_name,
                            span,
                            source,
                        ));
                    }
                    Err(_) => {
                        if !strict {
                            unbound.push((written, Value::str(&format!("-{name}"))));
                            let paired = match value {
                                Some(v) => Some(v),
                                None => match it.peek() {
                                    Some(RawArg::Value { .. }) => match it.next() {
                                        Some(RawArg::Value { value, .. }) => Some(value),
                                        _ => None,
                                    },
                                    _ => None,
                                },
                            };
                            if let Some(v) = paired {
                                written += 1;
                                unbound.push((written, v));
                            }
                            continue;
                        }
                        return Err(binding_error(
                            format!(
                                "A parameter cannot be found that matches parameter name '{name}'."
                            ),
                            "NamedParameterNotFound",
                            command,
                            type_name,
                            span,
                            source,
                        ));
                    }
                };
                if bound.has(spec.name) {
                    return Err(binding_error(
                        format!(
                            "Cannot bind parameter because parameter '{}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".",
                            spec.name
                        ),
                        "ParameterAlreadyBound",
                        command,
                        type_name,
                        span,
                        source,
                    ));
                }
                let mut value_span = span;
                let v = match value {
                    Some(v) => v,
                    None if spec.switch => Value::Bool(true),
                    None => match it.peek() {
                        Some(RawArg::Value { .. }) => match it.next() {
                            Some(RawArg::Value { value, span }) => {
                                value_span = span;
                                value
                            }
                            _ => Value::Null,
                        },
                        _ => {
                            return Err(binding_error(
                                format!(
                                    "Missing an argument for parameter '{}'. Specify a parameter of type '{}' and try again.",
                                    spec.name, spec.type_name
                                ),
                                "MissingArgument",
                                command,
                                type_name,
                                span,
                                source,
                            ));
                        }
                    },
                };
                let v = coerce(&v, spec, command, type_name, value_span, source, rules)?;
                bound.values.push((spec.name.to_string(), v));
                if !possible.narrow(specs, spec) {
                    return Err(ambiguous_set(command, type_name, rules.call_span, source));
                }
            }
        }
    }
    if has_sets {
        bind_positional_in_sets(
            specs,
            positionals,
            &mut possible,
            &mut bound,
            (command, type_name, source),
            rules,
        )?;
        let given = |name: &str| bound.has(name);
        bound.parameter_set = possible
            .resolve(specs, rules.default_set, &given, rules.has_input)
            .map_err(|()| ambiguous_set(command, type_name, rules.call_span, source))?;
        bound.set_awaits_input = rules.has_input && possible.undecided(specs);
        return Ok(bound);
    }
    // Positional binding in position order.
    let mut positional_specs: Vec<&ParamSpec> = specs
        .iter()
        .filter(|s| s.position.is_some() && !s.switch)
        .collect();
    crate::engine::sort::by_key(&mut positional_specs, |s| s.position);
    let mut extra = Vec::new();
    let free: Vec<&ParamSpec> = positional_specs
        .into_iter()
        .filter(|s| !bound.has(s.name))
        .collect();
    // A ValueFromRemainingArguments parameter takes every positional from its slot on.
    if let Some(at) = free.iter().position(|s| s.remaining) {
        if positionals.len() > at + 1 {
            order.truncate(at + 1);
            let rest = positionals.split_off(at);
            let span = rest.first().map(|(_, sp)| *sp).unwrap_or_default();
            positionals.push((
                Value::array(rest.into_iter().map(|(v, _)| v).collect()),
                span,
            ));
        }
    }
    let mut slots = free.into_iter();
    for ((value, span), written) in positionals.into_iter().zip(order) {
        match slots.next() {
            Some(spec) => {
                let v = coerce(&value, spec, command, type_name, span, source, rules)?;
                bound.values.push((spec.name.to_string(), v));
            }
            None => {
                if strict {
                    return Err(positional_not_found(
                        &value, command, type_name, span, source,
                    ));
                }
                extra.push((written, value));
            }
        }
    }
    extra.append(&mut unbound);
    if !extra.is_empty() {
        crate::engine::sort::by_key(&mut extra, |(written, _)| *written);
        let extra = extra.into_iter().map(|(_, v)| v).collect();
        bound.values.push(("\0args".into(), Value::array(extra)));
    }
    Ok(bound)
}

/// The parameter a name binds to: exact name or alias, else an unambiguous prefix; the
/// candidates when it is ambiguous.
pub fn find_param<'s>(
    specs: &'s [ParamSpec],
    name: &str,
) -> Result<&'s ParamSpec, Vec<&'static str>> {
    if let Some(s) = specs.iter().find(|s| {
        s.name.eq_ignore_ascii_case(name) || s.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }) {
        return Ok(s);
    }
    let lower = name.to_ascii_lowercase();
    let matches: Vec<&ParamSpec> = specs
        .iter()
        .filter(|s| s.name.to_ascii_lowercase().starts_with(&lower))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(Vec::new()),
        many => Err(many.iter().map(|s| s.name).collect()),
    }
}

fn coerce(
    v: &Value,
    spec: &ParamSpec,
    command: &str,
    type_name: &str,
    span: Span,
    source: &Rc<Source>,
    rules: BindRules,
) -> EvalResult<Value> {
    let t = spec.type_name;
    // A parameter typed loosely for its code (-Job) takes only its real type.
    if let Some(real) = spec.input_type {
        let items = v.enumerate();
        let stray = match v {
            Value::Null => Some(Value::Null),
            _ => items
                .into_iter()
                .find(|i| !super::parameter_sets::is_of_type(i, spec)),
        };
        if let Some(item) = stray {
            let shown = to_str(&item);
            let message = if item.is_null() {
                format!(
                    "Cannot validate argument on parameter '{}'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.",
                    spec.name
                )
            } else {
                format!(
                    "Cannot bind parameter '{}'. Cannot convert the \"{shown}\" value of type \"{}\" to type \"{real}\".",
                    spec.name,
                    types::type_name_of(&item)
                )
            };
            let id = if item.is_null() {
                "ParameterArgumentValidationError"
            } else {
                "CannotConvertArgument"
            };
            return Err(binding_error(message, id, command, type_name, span, source));
        }
    }
    if matches!(t, "System.Object" | "System.Object[]") || spec.switch {
        return Ok(v.clone());
    }
    if rules.script {
        return convert::convert_to(v, t).map_err(|e| {
            let mut rec = ErrorRecord::new(
                "System.Management.Automation.ParameterBindingArgumentTransformationException",
                format!(
                    "Cannot process argument transformation on parameter '{}'. {}",
                    spec.name, e.message
                ),
                &format!("ParameterArgumentTransformationError,{type_name}"),
                Category::InvalidData,
            );
            rec.command = Some(Rc::from(command));
            rec.invocation_name = Some(Rc::from(command));
            Flow::error(rec.at(source, span))
        });
    }
    let value = convert::convert_to(v, t).map_err(|e| {
        binding_error(
            format!("Cannot bind parameter '{}'. {}", spec.name, e.message),
            "CannotConvertArgumentNoMessage",
            command,
            type_name,
            span,
            source,
        )
    })?;
    if let Some(message) = spec.range.and_then(|r| out_of_range(spec.name, r, &value)) {
        return Err(command_error(
            "System.Management.Automation.ParameterBindingValidationException",
            (
                message,
                "ParameterArgumentValidationError",
                Category::InvalidData,
            ),
            command,
            type_name,
            (span, source),
        ));
    }
    Ok(value)
}

/// ValidateRangeAttribute's message for the first item of `value` outside `min..=max`.
fn out_of_range(name: &str, (min, max): (i64, i64), value: &Value) -> Option<String> {
    value.enumerate().iter().find_map(|item| {
        let n = convert::to_f64(item)?;
        let shown = to_str(item);
        if n < min as f64 {
            Some(format!(
                "Cannot validate argument on parameter '{name}'. The {shown} argument is less than the minimum allowed range of {min}. Supply an argument that is greater than or equal to {min} and then try the command again."
            ))
        } else if n > max as f64 {
            Some(format!(
                "Cannot validate argument on parameter '{name}'. The {shown} argument is greater than the maximum allowed range of {max}. Supply an argument that is less than or equal to {max} and then try the command again."
            ))
        } else {
            None
        }
    })
}

/// Where a command stands: whether input comes to it, its place in the pipeline (for the
/// prompt for its missing parameters) and where its name was written.
#[derive(Clone, Copy)]
pub(super) struct HowCalled {
    pub has_input: bool,
    pub pipeline_position: usize,
    pub name_span: Span,
}

impl Interp {
    /// The mandatory parameters of a cmdlet's set that were not given: asked for at a
    /// console ("Supply values for the following parameters:"), the
    /// MissingMandatoryParameter error where no one can answer.
    async fn supply_mandatory(
        &mut self,
        specs: &[ParamSpec],
        bound: &mut BoundArgs,
        (command, type_name): (&str, &str),
        pipeline_position: usize,
        rules: BindRules,
        source: &Rc<Source>,
    ) -> EvalResult<()> {
        let given = |name: &str| bound.has(name);
        let set = bound.parameter_set.filter(|_| !bound.set_awaits_input);
        let missing = super::parameter_sets::missing_mandatory(specs, set, &given, rules.has_input);
        if missing.is_empty() {
            return Ok(());
        }
        let can_ask = self.rt.ask_for_missing_parameters && self.job.is_none();
        if !can_ask {
            let names: String = missing.iter().map(|s| format!(" {}", s.name)).collect();
            return Err(binding_error(
                format!(
                    "Cannot process command because of one or more missing mandatory parameters:{names}."
                ),
                "MissingMandatoryParameter",
                command,
                type_name,
                rules.call_span,
                source,
            ));
        }
        let kind = crate::engine::runtime::LineKind::Host;
        self.rt.host_line(
            kind,
            format!("cmdlet {command} at command pipeline position {pipeline_position}"),
        );
        self.rt
            .host_line(kind, "Supply values for the following parameters:");
        for spec in missing {
            let value = if spec.type_name.ends_with("[]") || spec.input_type.is_some() {
                let mut items = Vec::new();
                loop {
                    let line = self
                        .read_line(Some(&format!("{}[{}]", spec.name, items.len())))
                        .await?;
                    if line.is_empty() {
                        break;
                    }
                    items.push(Value::str(&line));
                }
                if items.is_empty() {
                    return Err(binding_error(
                        format!(
                            "Cannot bind argument to parameter '{}' because it is an empty array.",
                            spec.name
                        ),
                        "ParameterArgumentValidationErrorEmptyArrayNotAllowed",
                        command,
                        type_name,
                        rules.call_span,
                        source,
                    ));
                }
                Value::array(items)
            } else {
                let line = self.read_line(Some(spec.name)).await?;
                if line.is_empty() {
                    return Err(binding_error(
                        format!(
                            "Cannot bind argument to parameter '{}' because it is an empty string.",
                            spec.name
                        ),
                        "ParameterArgumentValidationErrorEmptyStringNotAllowed",
                        command,
                        type_name,
                        rules.call_span,
                        source,
                    ));
                }
                Value::str(&line)
            };
            let value = coerce(
                &value,
                &spec,
                command,
                type_name,
                rules.call_span,
                source,
                rules,
            )?;
            bound.values.push((spec.name.to_string(), value));
        }
        Ok(())
    }
}

/// PositionalParameterNotFound: an argument no parameter at any position takes.
fn positional_not_found(
    value: &Value,
    command: &str,
    type_name: &str,
    span: Span,
    source: &Rc<Source>,
) -> Flow {
    binding_error(
        format!(
            "A positional parameter cannot be found that accepts argument '{}'.",
            to_str(value)
        ),
        "PositionalParameterNotFound",
        command,
        type_name,
        span,
        source,
    )
}

/// AmbiguousParameterSet: the arguments fit no one parameter set.
fn ambiguous_set(command: &str, type_name: &str, span: Span, source: &Rc<Source>) -> Flow {
    binding_error(
        "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.".into(),
        "AmbiguousParameterSet",
        command,
        type_name,
        span,
        source,
    )
}

/// Positional arguments of a command with parameter sets: each goes to a parameter at the
/// next position among the sets still possible, one it already fits before one it
/// converts to, and narrows the sets to that parameter's.
fn bind_positional_in_sets(
    specs: &[ParamSpec],
    positionals: Vec<(Value, Span)>,
    possible: &mut super::parameter_sets::Possible,
    bound: &mut BoundArgs,
    (command, type_name, source): (&str, &str, &Rc<Source>),
    rules: BindRules,
) -> EvalResult<()> {
    let mut positions: Vec<usize> = specs.iter().filter_map(|s| s.position).collect();
    positions.sort_unstable();
    positions.dedup();
    let mut positions = positions.into_iter();
    for (value, span) in positionals {
        let mut placed = false;
        for at in positions.by_ref() {
            let candidates: Vec<&ParamSpec> = specs
                .iter()
                .filter(|s| s.position == Some(at) && !s.switch && !bound.has(s.name))
                .filter(|s| possible.admits(s))
                .collect();
            if candidates.is_empty() {
                continue;
            }
            // The default set's parameter first among equals, then declaration order.
            let mut ordered = candidates.clone();
            if let Some(d) = rules.default_set {
                crate::engine::sort::by_key(&mut ordered, |s| !s.in_set(d) || s.sets.is_empty());
            }
            let exact = ordered
                .iter()
                .find(|s| super::parameter_sets::is_of_type(&value, s));
            let (spec, v) = match exact {
                Some(spec) => (
                    *spec,
                    coerce(&value, spec, command, type_name, span, source, rules)?,
                ),
                None => {
                    let mut first_error = None;
                    let mut found = None;
                    // A parameter typed loosely takes nothing it would have to convert.
                    for spec in ordered.iter().filter(|s| s.input_type.is_none()) {
                        match coerce(&value, spec, command, type_name, span, source, rules) {
                            Ok(v) => {
                                found = Some((*spec, v));
                                break;
                            }
                            Err(e) => {
                                first_error.get_or_insert(e);
                            }
                        }
                    }
                    match (found, first_error) {
                        (Some(hit), _) => hit,
                        (None, Some(e)) => return Err(e),
                        (None, None) => continue,
                    }
                }
            };
            bound.values.push((spec.name.to_string(), v));
            if !possible.narrow(specs, spec) {
                return Err(ambiguous_set(command, type_name, rules.call_span, source));
            }
            placed = true;
            break;
        }
        if !placed {
            return Err(positional_not_found(
                &value, command, type_name, span, source,
            ));
        }
    }
    Ok(())
}

/// A script block or function as a pipeline command: begin, process per input (with `$_`),
/// end, all in one new scope (or the caller's, when dot-sourced).
pub struct ScriptBlockProcessor {
    body: Rc<ScriptBlockAst>,
    bound: BoundArgs,
    args: Vec<Value>,
    dot: bool,
    name: Option<Rc<str>>,
    position: Option<Position>,
    scope: Option<crate::engine::scope::ScopeRef>,
    input: Vec<Value>,
    started: bool,
    /// The caller's catch-block error, put aside while the body runs: a bare `throw` in a
    /// function rethrows nothing of its caller's.
    callers_rethrow: Option<Rc<crate::engine::error::ErrorRecord>>,
    /// An advanced function's `$PSCmdlet`, once its parameters are bound.
    cmdlet: Option<Rc<super::script_cmdlet::ScriptCmdlet>>,
}

impl ScriptBlockProcessor {
    pub fn new(
        body: Rc<ScriptBlockAst>,
        bound: BoundArgs,
        args: Vec<Value>,
        dot: bool,
        name: Option<Rc<str>>,
        position: Option<Position>,
    ) -> ScriptBlockProcessor {
        ScriptBlockProcessor {
            body,
            bound,
            args,
            dot,
            name,
            position,
            scope: None,
            input: Vec::new(),
            started: false,
            callers_rethrow: None,
            cmdlet: None,
        }
    }

    async fn enter(&mut self, cx: &mut Interp) -> EvalResult<()> {
        cx.depth += 1;
        if cx.depth > super::MAX_CALL_DEPTH {
            cx.depth -= 1;
            return Err(call_depth_overflow());
        }
        if !self.dot {
            match &self.scope {
                Some(s) => cx.scopes.push(s.clone()),
                None => {
                    let s = cx.push_scope();
                    self.scope = Some(s);
                }
            }
        }
        cx.source_stack.push(self.body.source.clone());
        // The caller's traps are not the called script's.
        cx.traps.push(None);
        self.callers_rethrow = cx.rethrow.take();
        cx.invocations.push(super::Invocation {
            name: self.name.clone(),
            position: self.position.clone(),
        });
        if !self.started {
            self.started = true;
            let bound = self.bind_params(cx).await;
            if bound.is_err() {
                // The frame entered above is left again, or every failed call would
                // deepen the stack.
                return self.leave(cx, bound);
            }
        }
        Ok(())
    }

    /// Leaves the call; an error leaving it learns the script frames it passed through.
    fn leave(&mut self, cx: &mut Interp, r: EvalResult<()>) -> EvalResult<()> {
        let r = match r {
            // Leaving the advanced function that ended its pipeline, the error ends the
            // caller's statement.
            Err(Flow::Error(rec, Severity::Pipeline)) if self.body.advanced => {
                Err(Flow::Error(cx.with_stack_trace(rec), Severity::Statement))
            }
            Err(Flow::Error(rec, sev)) => Err(Flow::Error(cx.with_stack_trace(rec), sev)),
            other => other,
        };
        if self.cmdlet.as_ref().is_some_and(|c| c.failed.get()) {
            cx.last_ok = false;
        }
        cx.invocations.pop();
        cx.traps.pop();
        cx.source_stack.pop();
        cx.rethrow = self.callers_rethrow.take();
        if !self.dot {
            cx.pop_scope();
        }
        cx.depth = cx.depth.saturating_sub(1);
        r
    }

    /// Is the parameter in the set the call resolved to (all are, when it has none)?
    fn in_chosen_set(&self, p: &Param) -> bool {
        match self.bound.parameter_set {
            Some(set) => p.sets.is_empty() || p.sets.iter().any(|s| &**s == set),
            None => p.sets.is_empty() || self.body.default_set.is_none(),
        }
    }

    async fn bind_params(&mut self, cx: &mut Interp) -> EvalResult<()> {
        let body = self.body.clone();
        for p in &body.params {
            let given = self.bound.get(&p.name).cloned();
            let was_given = given.is_some();
            let value = match given {
                Some(v) => v,
                None => match &p.default {
                    Some(d) => cx.eval_expr(d).await?,
                    None => {
                        let tn = p.type_name.as_deref().and_then(types::resolve);
                        if tn.as_deref() == Some("System.Management.Automation.SwitchParameter") {
                            Value::Bool(false)
                        } else if p.mandatory && !p.from_pipeline && self.in_chosen_set(p) {
                            let name = self.name.as_deref().unwrap_or("");
                            let mut e = ErrorRecord::new(
                                "System.Management.Automation.ParameterBindingException",
                                format!(
                                    "Cannot process command because of one or more missing mandatory parameters: {}.",
                                    p.name
                                ),
                                &format!("MissingMandatoryParameter,{name}"),
                                Category::InvalidArgument,
                            );
                            e.command = self.name.clone();
                            e.invocation_name = self.name.clone();
                            e.position = self.position.clone();
                            return Err(Flow::error(e));
                        } else {
                            Value::Null
                        }
                    }
                },
            };
            match p.type_name.as_deref().and_then(types::resolve) {
                Some(t) if t != "System.Object" => {
                    let converted = if value.is_null() && t == "System.String" {
                        Value::str("")
                    } else {
                        convert::convert_to(&value, &t).unwrap_or(value)
                    };
                    cx.set_var_typed(&p.name, converted, &t);
                }
                _ => cx.set_var(&p.name, value),
            }
            // Validation attributes check what the caller gave, not a default.
            if was_given && !p.validations.is_empty() {
                let bound = cx.get_var(&p.name).unwrap_or(Value::Null);
                let command = self.name.clone().unwrap_or_else(|| Rc::from(""));
                if let Err(message) = super::validation::check(cx, p, &bound).await? {
                    let mut e = ErrorRecord::new(
                        "System.Management.Automation.ParameterBindingValidationException",
                        format!(
                            "Cannot validate argument on parameter '{}'. {message}",
                            p.name
                        ),
                        &format!("ParameterArgumentValidationError,{command}"),
                        Category::InvalidData,
                    );
                    e.command = Some(command.clone());
                    e.invocation_name = Some(command);
                    e.position = self.position.clone();
                    e.target = bound;
                    return Err(Flow::error(e));
                }
            }
        }
        // What the call was given: `$PSBoundParameters` (the parameters given, as bound),
        // `$MyInvocation`, and for an advanced function `$PSCmdlet`.
        let given = Hashtable::new(
            body.params
                .iter()
                .filter(|p| self.bound.has(&p.name))
                .filter_map(|p| Some((Value::str(&p.name), cx.get_var(&p.name)?)))
                .collect(),
            true,
        );
        let given = Value::Hashtable(Rc::new(RefCell::new(given)));
        cx.set_var("PSBoundParameters", given.clone());
        let name = self.name.clone().unwrap_or_else(|| Rc::from(""));
        let invocation = super::script_cmdlet::invocation_info(
            &name,
            self.position.as_ref(),
            given,
            self.args.clone(),
        );
        cx.set_var("MyInvocation", invocation.clone());
        if body.advanced {
            let cmdlet = Rc::new(super::script_cmdlet::ScriptCmdlet {
                name,
                position: self.position.clone(),
                invocation,
                failed: std::cell::Cell::new(false),
                parameter_set: self.bound.parameter_set,
            });
            cx.set_var("PSCmdlet", Value::Live(cmdlet.clone()));
            self.cmdlet = Some(cmdlet);
        }
        cx.set_var("args", Value::array(std::mem::take(&mut self.args)));
        Ok(())
    }

    async fn run(
        &mut self,
        cx: &mut Interp,
        block: Option<Rc<Block>>,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        let Some(block) = block else { return Ok(()) };
        match cx.exec_block(&block, out).await {
            Err(Flow::Return) => Ok(()),
            other => other,
        }
    }
}

impl CommandProcessor for ScriptBlockProcessor {
    fn begin<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            self.enter(cx).await?;
            let r = self.run(cx, self.body.begin.clone(), out).await;
            self.leave(cx, r)
        })
    }
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let Some(block) = self.body.process.clone() else {
                if let Some(v) = input {
                    self.input.push(v);
                }
                return Ok(());
            };
            self.enter(cx).await?;
            if let Some(v) = &input {
                cx.set_var("_", v.clone());
                let body = self.body.clone();
                for p in body.params.iter().filter(|p| p.from_pipeline) {
                    cx.set_var(&p.name, v.clone());
                }
                // [Parameter(ValueFromPipelineByPropertyName)]: the property of its name
                // (or an alias's), when the object has one.
                for p in body.params.iter().filter(|p| p.from_pipeline_by_name) {
                    let hit = std::iter::once(&p.name)
                        .chain(p.aliases.iter())
                        .find_map(|n| super::property(v, n).map(|pv| (n, pv)));
                    if let Some((_, pv)) = hit {
                        cx.set_var(&p.name, pv);
                    }
                }
            }
            let r = self.run(cx, Some(block), out).await;
            self.leave(cx, r)
        })
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            self.enter(cx).await?;
            if self.body.process.is_none() {
                cx.set_var("input", Value::array(std::mem::take(&mut self.input)));
            }
            let r = self.run(cx, self.body.end.clone(), out).await;
            self.leave(cx, r)
        })
    }
}

/// -OutVariable: what a command writes also goes into a list the variable holds.
struct OutVariable {
    inner: Box<dyn CommandProcessor>,
    list: Rc<RefCell<Vec<Value>>>,
}

impl OutVariable {
    fn wrap(
        inner: Box<dyn CommandProcessor>,
        list: Option<Rc<RefCell<Vec<Value>>>>,
    ) -> Box<dyn CommandProcessor> {
        match list {
            Some(list) => Box::new(OutVariable { inner, list }),
            None => inner,
        }
    }
}

/// The command's own output, copied into the list on its way down the pipeline.
struct Tee<'o> {
    out: &'o mut dyn Emit,
    list: Rc<RefCell<Vec<Value>>>,
}

impl<'o> Tee<'o> {
    fn new(out: &'o mut dyn Emit, list: &Rc<RefCell<Vec<Value>>>) -> Tee<'o> {
        Tee {
            out,
            list: list.clone(),
        }
    }
}

impl Emit for Tee<'_> {
    fn emit<'a>(&'a mut self, cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            cx.rt
                .budget
                .make_room(crate::engine::value::SLOT_BYTES)
                .map_err(Flow::error)?;
            self.list.borrow_mut().push(v.clone());
            self.out.emit(cx, v).await
        })
    }
}

impl CommandProcessor for OutVariable {
    fn begin<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let mut tee = Tee::new(out, &self.list);
            self.inner.begin(cx, &mut tee).await
        })
    }
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let mut tee = Tee::new(out, &self.list);
            self.inner.process(cx, input, &mut tee).await
        })
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let mut tee = Tee::new(out, &self.list);
            self.inner.end(cx, &mut tee).await
        })
    }
}
