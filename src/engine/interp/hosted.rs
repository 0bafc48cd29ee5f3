//! Running what a PowerShell object holds (`AddScript`, `AddCommand`, `AddParameter`,
//! `AddArgument`, `AddStatement`): each statement's commands as one pipeline, bound as if
//! typed, with no script line of their own.

use super::Interp;
use super::call::RawArg;
use super::pipeline::{Emit, Stage};
use crate::engine::error::{EvalResult, Flow, Position};
use crate::engine::value::Value;
use crate::lang::{Source, Span};
use std::rc::Rc;

/// What a command of a PowerShell object is.
#[derive(Clone, Debug)]
pub enum HostedCommandKind {
    /// `AddScript(text, useLocalScope)`: without a local scope the script runs in the
    /// runspace's own scope (dot-sourced), so what it defines stays for the next Invoke.
    Script { text: Rc<str>, local_scope: bool },
    /// `AddCommand(name)`: a cmdlet or function found by name.
    Command(Rc<str>),
}

/// An argument added to a command: `AddParameter(name, value)` (`AddParameter(name)`
/// alone is a switch) or `AddArgument(value)`.
#[derive(Clone, Debug)]
pub enum HostedArg {
    Named(Rc<str>, Option<Value>),
    Positional(Value),
}

#[derive(Clone, Debug)]
pub struct HostedCommand {
    pub kind: HostedCommandKind,
    pub args: Vec<HostedArg>,
}

impl HostedCommand {
    pub fn text(&self) -> &str {
        match &self.kind {
            HostedCommandKind::Script { text, .. } | HostedCommandKind::Command(text) => text,
        }
    }
}

impl Interp {
    /// Runs one statement of a PowerShell object: its commands as a pipeline fed `input`
    /// (when given). An error that would end only a typed statement ends the run here.
    pub async fn run_hosted(
        &mut self,
        commands: &[HostedCommand],
        input: Option<Vec<Value>>,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        let base_streams = (*self.streams).clone();
        let mut stages = Vec::with_capacity(commands.len());
        for (i, command) in commands.iter().enumerate() {
            let source = Source::new("", command.text());
            let at = Position {
                source: source.clone(),
                span: Span::new(0, 0),
            };
            let (resolved, typed) = match &command.kind {
                HostedCommandKind::Script { text, local_scope } => {
                    let block = self.parse_text(text).map_err(Flow::error)?;
                    (
                        super::call::Resolved::Block(block, !local_scope),
                        String::new(),
                    )
                }
                HostedCommandKind::Command(name) => match self.resolve_command(name) {
                    Some(r) => (r, name.to_string()),
                    None => {
                        return Err(self.command_not_found(name, Span::new(0, 0), &source));
                    }
                },
            };
            let raw = command
                .args
                .iter()
                .map(|a| match a {
                    HostedArg::Named(name, value) => RawArg::Name {
                        name: name.to_string(),
                        span: Span::new(0, 0),
                        value: value.clone(),
                    },
                    HostedArg::Positional(value) => RawArg::Value {
                        value: value.clone(),
                        span: Span::new(0, 0),
                    },
                })
                .collect();
            let has_input = i > 0 || input.is_some();
            let how = super::call::HowCalled {
                has_input,
                pipeline_position: i + 1,
                name_span: Span::new(0, 0),
            };
            let prepared = self
                .prepare_resolved(resolved, typed, raw, &base_streams, at, how)
                .await?;
            stages.push(Stage {
                proc: prepared.proc,
                streams: prepared.streams,
                scopes: self.scopes.clone(),
                merge: None,
                out_file: None,
                cmdlet: prepared.cmdlet.map(Rc::new),
            });
        }
        let result = self.drive(&mut stages, out, None, input).await;
        match result {
            Err(Flow::StopUpstream) => Ok(()),
            other => other,
        }
    }
}

impl Interp {
    /// A script file run with arguments (`psjobs -File x.ps1 -Name value`) whose
    /// `param()` declares parameters: the arguments bound to them as a command's are
    /// (`-Name` names a parameter, `-Name:value` too), the script running in this scope.
    pub async fn run_script_file(
        &mut self,
        script: Rc<crate::lang::ast::ScriptBlockAst>,
        args: Vec<Value>,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        let mut raw = Vec::with_capacity(args.len());
        for arg in args {
            let text = match &arg {
                Value::Str(t) => Some(t.clone()),
                _ => None,
            };
            let named = text.as_deref().and_then(|t| {
                let name = t.strip_prefix('-')?;
                let (name, value) = match name.split_once(':') {
                    Some((n, v)) => (n, Some(Value::str(v))),
                    None => (name, None),
                };
                let plain = !name.is_empty()
                    && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && !name.starts_with(|c: char| c.is_ascii_digit());
                plain.then(|| (name.to_string(), value))
            });
            raw.push(match named {
                Some((name, value)) => RawArg::Name {
                    name,
                    span: Span::new(0, 0),
                    value,
                },
                None => RawArg::Value {
                    value: arg,
                    span: Span::new(0, 0),
                },
            });
        }
        let at = Position {
            source: script.source.clone(),
            span: Span::new(0, 0),
        };
        let base_streams = (*self.streams).clone();
        let how = super::call::HowCalled {
            has_input: false,
            pipeline_position: 1,
            name_span: Span::new(0, 0),
        };
        let prepared = self
            .prepare_resolved(
                super::call::Resolved::Block(script, true),
                String::new(),
                raw,
                &base_streams,
                at,
                how,
            )
            .await?;
        let mut stages = vec![Stage {
            proc: prepared.proc,
            streams: prepared.streams,
            scopes: self.scopes.clone(),
            merge: None,
            out_file: None,
            cmdlet: None,
        }];
        match self.drive(&mut stages, out, None, None).await {
            Err(Flow::StopUpstream) => Ok(()),
            other => other,
        }
    }
}
