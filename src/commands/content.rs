//! Get-Content, Set-Content, Add-Content on the simulated drive.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::value::Value;
use crate::world::computer::OnComputer;

pub struct GetContent;
const GET_CONTENT: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]")
        .at(0)
        .mandatory()
        .alias(&["FullName", "PSPath", "LiteralPath"]),
    ParamSpec::new("TotalCount", "System.Int64").alias(&["First", "Head"]),
    ParamSpec::new("Tail", "System.Int32").alias(&["Last"]),
    ParamSpec::switch("Raw"),
    ParamSpec::new("Encoding", "System.String"),
];

struct GetContentProc(BoundArgs);
impl SyncProcessor for GetContentProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let paths = match input {
            Some(v) => vec![to_str(&v)],
            None => self.0.strings("Path").unwrap_or_default(),
        };
        for p in paths {
            let full = cx.resolve_path(&p);
            let text = cx.filesystem().borrow().read_text(&full);
            let text = match text {
                Ok(t) => t,
                Err(mut e) => {
                    // The path as resolved; a missing drive names only the drive.
                    if e.fqid != "DriveNotFound" {
                        e.target = Value::str(&full);
                    }
                    cx.write_error(e)?;
                    continue;
                }
            };
            if self.0.switch("Raw") {
                out.push(Value::str(&text));
                continue;
            }
            let mut lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
            if text.ends_with('\n') {
                lines.pop();
            }
            if let Some(n) = self.0.int("TotalCount").filter(|n| *n >= 0) {
                lines.truncate(n as usize);
            }
            if let Some(n) = self.0.int("Tail").filter(|n| *n >= 0) {
                let start = lines.len().saturating_sub(n as usize);
                lines.drain(..start);
            }
            out.extend(lines.into_iter().map(Value::str));
        }
        Ok(())
    }
}

impl Cmdlet for GetContent {
    fn name(&self) -> &'static str {
        "Get-Content"
    }
    fn params(&self) -> &'static [ParamSpec] {
        GET_CONTENT
    }
    fn synopsis(&self) -> &'static str {
        "Reads a file, one line per object (or all of it with -Raw)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetContentProc(a.clone()))
    }
}

const SET_CONTENT: &[ParamSpec] = &[
    ParamSpec::new("Path", "System.String[]")
        .at(0)
        .mandatory()
        .alias(&["PSPath", "LiteralPath"]),
    ParamSpec::new("Value", "System.Object[]").at(1).pipeline(),
    ParamSpec::switch("NoNewline"),
    ParamSpec::switch("PassThru"),
    ParamSpec::new("Encoding", "System.String"),
    ParamSpec::switch("Force"),
];

struct WriteContent {
    args: BoundArgs,
    append: bool,
    lines: Vec<String>,
    got_input: bool,
}

impl SyncProcessor for WriteContent {
    fn process(
        &mut self,
        _cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        match input {
            Some(v) => {
                self.got_input = true;
                self.lines.push(to_str(&v));
            }
            None => {
                if let Some(v) = self.args.get("Value") {
                    self.lines.extend(v.enumerate().iter().map(to_str));
                }
            }
        }
        Ok(())
    }
    fn end(&mut self, cx: &mut Interp, out: &mut Vec<Value>) -> EvalResult<()> {
        let sep = if self.args.switch("NoNewline") {
            ""
        } else {
            "\r\n"
        };
        let text: String = self.lines.iter().map(|l| format!("{l}{sep}")).collect();
        for p in self.args.strings("Path").unwrap_or_default() {
            let full = cx.resolve_path(&p);
            let r = if self.append {
                cx.filesystem().borrow_mut().append_text(&full, &text)
            } else {
                cx.filesystem().borrow_mut().write_text(&full, &text)
            };
            if let Err(e) = r {
                cx.write_error(e)?;
            }
        }
        if self.args.switch("PassThru") {
            out.extend(self.lines.iter().map(|l| Value::str(l)));
        }
        Ok(())
    }
}

pub struct SetContent;
impl Cmdlet for SetContent {
    fn name(&self) -> &'static str {
        "Set-Content"
    }
    fn params(&self) -> &'static [ParamSpec] {
        SET_CONTENT
    }
    fn synopsis(&self) -> &'static str {
        "Writes text to a file, replacing what was there."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(WriteContent {
            args: a.clone(),
            append: false,
            lines: Vec::new(),
            got_input: false,
        })
    }
}

pub struct AddContent;
impl Cmdlet for AddContent {
    fn name(&self) -> &'static str {
        "Add-Content"
    }
    fn params(&self) -> &'static [ParamSpec] {
        SET_CONTENT
    }
    fn synopsis(&self) -> &'static str {
        "Appends text to a file."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(WriteContent {
            args: a.clone(),
            append: true,
            lines: Vec::new(),
            got_input: false,
        })
    }
}
