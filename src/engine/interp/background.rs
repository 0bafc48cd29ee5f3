//! The background operator (PowerShell 6+): `Get-Process &` runs the pipeline as Start-Job
//! would, in the current directory, and writes the job. As MiscOps.InvokePipelineInBackground
//! does it: the pipeline's own text becomes the job's script, with every variable the caller
//! has (but $PID, $PSVersionTable, $PSEdition, $PSHOME, $Host, $true, $false and $null)
//! written as `${using:name}`, so the job gets the caller's values.

use super::Interp;
use super::call::BoundArgs;
use super::pipeline::Emit;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::value::Value;
use crate::lang::{Source, Span, parse_script_with};

/// Never copied into the job: each process has its own.
fn is_magic(name: &str) -> bool {
    let bare = name
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("global:"))
        .map_or(name, |_| name.get(7..).unwrap_or_default());
    [
        "PID",
        "PSVersionTable",
        "PSEdition",
        "PSHOME",
        "HOST",
        "TRUE",
        "FALSE",
        "NULL",
    ]
    .iter()
    .any(|m| m.eq_ignore_ascii_case(bare))
}

impl Interp {
    /// The script a background pipeline runs: its text with the caller's variables as
    /// `${using:...}`.
    fn background_script(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 18);
        let mut at = 0;
        for r in crate::lang::variables::references(text) {
            let (scope, bare) = match r.name.split_once(':') {
                Some((s, n)) => (Some(s), n),
                None => (None, r.name.as_str()),
            };
            let exists = match scope {
                None => self.get_var(bare).is_some(),
                Some(s)
                    if ["global", "script", "local", "private"]
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(s)) =>
                {
                    self.get_var(bare).is_some()
                }
                // `$env:PATH` and `$using:x` are not variables of the session.
                Some(_) => false,
            };
            if !exists || is_magic(&r.name) {
                continue;
            }
            out.extend(chars.get(at..r.start).unwrap_or_default());
            out.push_str("${using:");
            out.push_str(&r.name);
            out.push('}');
            at = r.end;
        }
        out.extend(chars.get(at..).unwrap_or_default());
        out
    }

    /// Runs `pipeline &` (or a chain of them): Start-Job with the rewritten text of what
    /// `span` covers, in the current directory.
    pub(super) async fn run_in_background(
        &mut self,
        span: Span,
        out: &mut dyn Emit,
    ) -> EvalResult<()> {
        let text = self.current_source(span).text(span);
        let script = self.background_script(&text);
        let sb = parse_script_with(&Source::new("", &script), self.rs.profile.syntax()).map_err(
            |e| {
                Flow::error(ErrorRecord::runtime(
                    e.message,
                    e.id,
                    crate::engine::error::Category::ParserError,
                ))
            },
        )?;
        let rt = self.rt.clone();
        let Some(start_job) = rt
            .registry
            .find("Start-Job")
            .and_then(|i| rt.registry.get(i))
        else {
            return Ok(());
        };
        let bound = BoundArgs {
            values: vec![
                ("ScriptBlock".into(), Value::ScriptBlock(sb)),
                ("WorkingDirectory".into(), Value::str(&self.location())),
            ],
            invocation_name: "Start-Job".into(),
            ..BoundArgs::default()
        };
        let mut proc = start_job.start(self, &bound).map_err(Flow::error)?;
        proc.begin(self, out).await?;
        proc.process(self, None, out).await?;
        proc.end(self, out).await
    }
}

#[cfg(test)]
mod tests {
    use super::is_magic;

    #[test]
    fn a_process_s_own_variables_are_not_copied() {
        assert!(is_magic("PID") && is_magic("global:pid") && is_magic("null"));
        assert!(!is_magic("name") && !is_magic("global:name"));
    }
}
