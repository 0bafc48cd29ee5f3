//! Format-Wide (`fw`): one property of each object, several to a line (two by default).
//! Files and folders show their names, folders in brackets, under their folder's heading.

use super::{Cmdlet, ParamSpec};
use crate::engine::budget::Buffer;
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp, property};
use crate::engine::value::Value;

pub struct FormatWide;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Property", "System.Object").at(0),
    ParamSpec::new("Column", "System.Int32"),
    ParamSpec::switch("AutoSize"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];

struct WideProc {
    args: BoundArgs,
    items: Buffer,
}

/// The text an object shows in a wide view, and the heading it groups under.
fn wide_text(v: &Value, prop: Option<&str>) -> (String, String) {
    let get = |p: &str| property(v, p).map(|x| to_str(&x)).unwrap_or_default();
    if let Some(p) = prop {
        return (get(p), String::new());
    }
    if let Some(Value::Bool(dir)) = property(v, "PSIsContainer") {
        let name = get("Name");
        let text = if dir { format!("[{name}]") } else { name };
        return (text, get("__Directory"));
    }
    match property(v, "Name") {
        Some(n) => (to_str(&n), String::new()),
        None => (crate::format::cell_text(v), String::new()),
    }
}

impl CommandProcessor for WideProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        let pushed = match input.or_else(|| self.args.get("InputObject").cloned()) {
            Some(v) => self.items.push(&cx.rt.budget, v).map_err(Flow::error),
            None => Ok(()),
        };
        Box::pin(std::future::ready(pushed))
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let prop = self.args.str("Property");
            let texts: Vec<(String, String)> = self
                .items
                .iter()
                .map(|v| wide_text(v, prop.as_deref()))
                .collect();
            if texts.is_empty() {
                return Ok(());
            }
            let width = cx.rt.width.get();
            let columns = match (self.args.int("Column"), self.args.switch("AutoSize")) {
                (Some(n), _) => n.max(1) as usize,
                (None, true) => {
                    let widest = texts
                        .iter()
                        .map(|(t, _)| t.chars().count())
                        .max()
                        .unwrap_or(1)
                        + 1;
                    (width.saturating_sub(1) / widest.max(1)).max(1)
                }
                (None, false) => 2,
            };
            let cell = (width / columns).max(1);
            let mut lines: Vec<String> = Vec::new();
            let mut groups: Vec<(String, Vec<String>)> = Vec::new();
            for (t, g) in texts {
                match groups.last_mut() {
                    Some((k, members)) if *k == g => members.push(t),
                    _ => groups.push((g, vec![t])),
                }
            }
            for (g, members) in groups {
                if !g.is_empty() {
                    lines.extend([
                        String::new(),
                        String::new(),
                        format!("    Directory: {g}"),
                        String::new(),
                    ]);
                }
                lines.push(String::new());
                for chunk in members.chunks(columns) {
                    let row: Vec<String> = chunk
                        .iter()
                        .map(|t| {
                            let t: String = t.chars().take(cell.saturating_sub(1)).collect();
                            crate::engine::numfmt::pad_right(&t, cell)
                        })
                        .collect();
                    lines.push(row.concat().trim_end().to_string());
                }
                lines.extend([String::new(), String::new()]);
            }
            out.emit(cx, super::output::formatted(lines)).await
        })
    }
}

impl Cmdlet for FormatWide {
    fn name(&self) -> &'static str {
        "Format-Wide"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Shows one property of each object, several objects to a line."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(WideProc {
            args: a.clone(),
            items: Buffer::default(),
        }))
    }
}
