//! Format-Table, Format-List and the Out- cmdlets. Format-* render text objects that Out-*
//! print as they are; Out-Default is what the console puts at the end of every pipeline.

use super::objects::{parse_selectors, select_props};
use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::budget::Buffer;
use crate::engine::convert::to_str;
use crate::engine::error::{ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp};
use crate::engine::runtime::LineKind;
use crate::engine::value::{PSObject, Property, Value};
use crate::format::views::{
    Column, Shape, provider_group_label, registered_list, shape_of, visible_props,
};
use crate::format::{Formatter, Lines, render_list};
use crate::world::computer::OnComputer;
use std::rc::Rc;

/// The console at the end of a pipeline: formats what reaches it and writes it to the host.
pub struct HostSink {
    formatter: Option<Formatter>,
}

impl HostSink {
    pub fn new() -> HostSink {
        HostSink { formatter: None }
    }
    fn push(cx: &Interp, lines: Lines) {
        // In a job, what Out-Default would print is host output the receiver replays.
        if let Some(job) = &cx.job {
            for (kind, text) in lines {
                let record = cx.information_record(Value::str(&text), true);
                job.record(crate::engine::job::JobRecord::host(
                    crate::engine::runtime::HostLine {
                        kind,
                        text,
                        fg: None,
                        bg: None,
                        newline: true,
                    },
                    record,
                ));
            }
            return;
        }
        for (kind, text) in lines {
            cx.rt.host_line(kind, text);
        }
    }
    /// Ends the current table or list.
    pub fn finish(&mut self, cx: &Interp) {
        if let Some(mut f) = self.formatter.take() {
            let mut lines = Vec::new();
            f.finish(&mut lines);
            HostSink::push(cx, lines);
        }
    }
}

impl Default for HostSink {
    fn default() -> Self {
        HostSink::new()
    }
}

impl Emit for HostSink {
    fn emit<'a>(&'a mut self, cx: &'a mut Interp, v: Value) -> BoxFut<'a, EvalResult<()>> {
        // A warning, verbose or debug record merged into the output is written as that
        // stream's line (ConsoleLineOutput's WriteWarningLine and the like, by the record's
        // WriteStream): `WARNING: ...` in the stream's colours. A file or Out-String gets
        // its Message alone.
        if let Some(kind) = crate::engine::records::merged_stream(&v) {
            self.finish(cx);
            let text = (cx.rt.render.for_stream)(&cx.rt, &v, kind);
            HostSink::push(
                cx,
                text.split('\n').map(|l| (kind, l.to_string())).collect(),
            );
            return Box::pin(std::future::ready(Ok(())));
        }
        let f = self.formatter.get_or_insert_with(|| Formatter::new(&cx.rt));
        let mut lines = Vec::new();
        f.write(&v, &mut lines);
        HostSink::push(cx, lines);
        Box::pin(std::future::ready(Ok(())))
    }
}

/// Text already formatted by Format-Table or Format-List.
pub(super) fn formatted(lines: Vec<String>) -> Value {
    Value::Object(PSObject::new(
        &[
            "Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",
            "System.Object",
        ],
        vec![("__Formatted", Value::str(&lines.join("\n")))],
    ))
}

struct FormatProc {
    list: bool,
    args: BoundArgs,
    items: Buffer,
}

impl CommandProcessor for FormatProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        let budget = &cx.rt.budget;
        let pushed = match input.or_else(|| self.args.get("InputObject").cloned()) {
            Some(Value::Array(ref a)) if self.items.is_empty() && !self.args.has("InputObject") => {
                a.borrow()
                    .iter()
                    .try_for_each(|v| self.items.push(budget, v.clone()))
            }
            Some(v) => self.items.push(budget, v),
            None => Ok(()),
        };
        Box::pin(std::future::ready(pushed.map_err(Flow::error)))
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let items = self.items.take();
            if items.is_empty() {
                return Ok(());
            }
            let selectors = parse_selectors(self.args.get("Property"))
                .map_err(crate::engine::error::Flow::error)?;
            // Objects reduced to the selected properties.
            let mut rows = Vec::with_capacity(items.len());
            for item in &items {
                if selectors.is_empty() {
                    rows.push(item.clone());
                    continue;
                }
                let props = select_props(cx, item, &selectors).await?;
                let props = props
                    .into_iter()
                    .map(|(n, v)| Property {
                        name: Rc::from(n.as_str()),
                        value: v,
                    })
                    .collect();
                rows.push(Value::Object(PSObject::custom(props)));
            }
            let width = cx.rt.width.get();
            let ellipsis = cx.rs.profile.ellipsis;
            let mut lines = Vec::new();
            if self.list {
                lines.push(String::new());
                let mut last_group: Option<String> = None;
                for r in &rows {
                    let view = registered_list(r).filter(|_| selectors.is_empty());
                    // A grouped view heads each run of entries with their group.
                    if let Some(group) = view.as_ref().and_then(|v| v.group) {
                        let value = crate::engine::convert::to_str(
                            &crate::engine::interp::property(r, group).unwrap_or(Value::Null),
                        );
                        if last_group.as_deref() != Some(value.as_str()) {
                            let label = provider_group_label(group).unwrap_or(group);
                            lines.push(String::new());
                            lines.push(format!("    {label}: {value}"));
                            lines.push(String::new());
                            last_group = Some(value);
                        }
                    }
                    lines.push(String::new());
                    let props: Vec<(String, String)> = match (shape_of(r), view) {
                        (Shape::List { properties }, _) if selectors.is_empty() => properties,
                        (_, Some(list)) => list
                            .properties
                            .iter()
                            .map(|p| (p.to_string(), p.to_string()))
                            .collect(),
                        _ => visible_props(r)
                            .into_iter()
                            .map(|p| (p.clone(), p))
                            .collect(),
                    };
                    lines.extend(render_list(r, &props, width));
                }
                lines.extend([String::new(), String::new(), String::new()]);
            } else {
                let mut columns: Vec<Column> = match rows.first().map(shape_of) {
                    Some(Shape::Table { columns, .. }) if selectors.is_empty() => columns,
                    _ => rows
                        .first()
                        .map(visible_props)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| Column {
                            label: p.clone(),
                            property: p,
                            width: None,
                            align: None,
                            lines: false,
                        })
                        .collect(),
                };
                // -AutoSize sizes every column to its data.
                if self.args.switch("AutoSize") {
                    for c in &mut columns {
                        c.width = None;
                    }
                }
                // -GroupBy: a table per run of rows with the same value, under a heading.
                let group = self.args.get("GroupBy").map(crate::engine::convert::to_str);
                let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
                for r in rows {
                    let g = group
                        .as_ref()
                        .map(|p| {
                            crate::format::cell_text(
                                &crate::engine::interp::property(&r, p).unwrap_or(Value::Null),
                            )
                        })
                        .unwrap_or_default();
                    match groups.last_mut() {
                        Some((k, members)) if *k == g => members.push(r),
                        _ => groups.push((g, vec![r])),
                    }
                }
                for (g, members) in groups {
                    if let Some(p) = &group {
                        lines.push(String::new());
                        lines.push(format!("   {p}: {g}"));
                    }
                    lines.push(String::new());
                    let mut table = crate::format::render_table_wrapped(
                        &members,
                        &columns,
                        width,
                        ellipsis,
                        self.args.switch("Wrap"),
                    );
                    if self.args.switch("HideTableHeaders") {
                        table.drain(..table.len().min(2));
                    }
                    lines.extend(table);
                    lines.push(String::new());
                    lines.push(String::new());
                }
            }
            out.emit(cx, formatted(lines)).await
        })
    }
}

const FORMAT_TABLE: &[ParamSpec] = &[
    ParamSpec::new("Property", "System.Object[]").at(0),
    ParamSpec::switch("AutoSize"),
    ParamSpec::switch("Wrap"),
    ParamSpec::switch("HideTableHeaders"),
    ParamSpec::new("GroupBy", "System.Object"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];
const FORMAT_LIST: &[ParamSpec] = &[
    ParamSpec::new("Property", "System.Object[]").at(0),
    ParamSpec::new("GroupBy", "System.Object"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];

pub struct FormatTable;
impl Cmdlet for FormatTable {
    fn name(&self) -> &'static str {
        "Format-Table"
    }
    fn params(&self) -> &'static [ParamSpec] {
        FORMAT_TABLE
    }
    fn synopsis(&self) -> &'static str {
        "Shows objects as a table, one row per object."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(FormatProc {
            list: false,
            args: a.clone(),
            items: Buffer::default(),
        }))
    }
}

pub struct FormatList;
impl Cmdlet for FormatList {
    fn name(&self) -> &'static str {
        "Format-List"
    }
    fn params(&self) -> &'static [ParamSpec] {
        FORMAT_LIST
    }
    fn synopsis(&self) -> &'static str {
        "Shows each object as a list of its properties, one per line."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(FormatProc {
            list: true,
            args: a.clone(),
            items: Buffer::default(),
        }))
    }
}

const OUT_STRING: &[ParamSpec] = &[
    ParamSpec::new("Width", "System.Int32"),
    ParamSpec::switch("Stream"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];
struct OutStringProc {
    stream: bool,
    width: Option<usize>,
    items: Buffer,
}
impl SyncProcessor for OutStringProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        if let Some(v) = input {
            self.items.push(&cx.rt.budget, v).map_err(Flow::error)?;
        }
        Ok(())
    }
    fn end(&mut self, cx: &mut Interp, out: &mut Vec<Value>) -> EvalResult<()> {
        let saved = cx.rt.width.get();
        if let Some(w) = self.width {
            cx.rt.width.set(w.clamp(2, 10_000));
        }
        let text = crate::format::out_string(&cx.rt, &self.items);
        cx.rt.width.set(saved);
        if self.stream {
            let mut lines: Vec<&str> = text.split('\n').collect();
            if text.ends_with('\n') {
                lines.pop();
            }
            out.extend(lines.into_iter().map(Value::str));
        } else {
            out.push(Value::str(&text));
        }
        Ok(())
    }
}
pub struct OutString;
impl Cmdlet for OutString {
    fn name(&self) -> &'static str {
        "Out-String"
    }
    fn params(&self) -> &'static [ParamSpec] {
        OUT_STRING
    }
    fn synopsis(&self) -> &'static str {
        "Turns objects into the text the console would show, as one string (or lines with -Stream)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(OutStringProc {
            stream: a.switch("Stream"),
            width: a.int("Width").map(|w| w.max(0) as usize),
            items: Buffer::default(),
        })
    }
}

const INPUT_ONLY: &[ParamSpec] = &[ParamSpec::new("InputObject", "System.Object").pipeline()];

pub struct OutNull;
impl Cmdlet for OutNull {
    fn name(&self) -> &'static str {
        "Out-Null"
    }
    fn params(&self) -> &'static [ParamSpec] {
        INPUT_ONLY
    }
    fn synopsis(&self) -> &'static str {
        "Discards its input."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        _a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P;
        impl SyncProcessor for P {
            fn process(
                &mut self,
                _cx: &mut Interp,
                _input: Option<Value>,
                _out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                Ok(())
            }
        }
        sync(P)
    }
}

struct OutHostProc(HostSink, Option<Value>);
impl CommandProcessor for OutHostProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if let Some(v) = input.or_else(|| self.1.take()) {
                self.0.emit(cx, v).await?;
            }
            Ok(())
        })
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        self.0.finish(cx);
        Box::pin(std::future::ready(Ok(())))
    }
}

pub struct OutHost;
impl Cmdlet for OutHost {
    fn name(&self) -> &'static str {
        "Out-Host"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("InputObject", "System.Object").pipeline(),
            ParamSpec::switch("Paging"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Formats its input and writes it to the console."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(OutHostProc(
            HostSink::new(),
            a.get("InputObject").cloned(),
        )))
    }
}

pub struct OutDefault;
impl Cmdlet for OutDefault {
    fn name(&self) -> &'static str {
        "Out-Default"
    }
    fn params(&self) -> &'static [ParamSpec] {
        INPUT_ONLY
    }
    fn synopsis(&self) -> &'static str {
        "What the console runs at the end of every pipeline: formats objects and writes them out."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(OutHostProc(
            HostSink::new(),
            a.get("InputObject").cloned(),
        )))
    }
}

const OUT_FILE: &[ParamSpec] = &[
    ParamSpec::new("FilePath", "System.String")
        .at(0)
        .mandatory()
        .alias(&["Path"]),
    ParamSpec::new("Encoding", "System.String").at(1),
    ParamSpec::switch("Append"),
    ParamSpec::switch("NoClobber"),
    ParamSpec::switch("NoNewline"),
    ParamSpec::new("Width", "System.Int32"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];
struct OutFileProc {
    args: BoundArgs,
    items: Buffer,
}
impl SyncProcessor for OutFileProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        if let Some(v) = input.or_else(|| self.args.get("InputObject").cloned()) {
            self.items.push(&cx.rt.budget, v).map_err(Flow::error)?;
        }
        Ok(())
    }
    fn end(&mut self, cx: &mut Interp, _out: &mut Vec<Value>) -> EvalResult<()> {
        let path = cx.resolve_path(&self.args.str("FilePath").unwrap_or_default());
        let text = crate::format::out_string(&cx.rt, &self.items);
        let r = if self.args.switch("Append") {
            cx.filesystem().borrow_mut().append_text(&path, &text)
        } else {
            cx.filesystem().borrow_mut().write_text(&path, &text)
        };
        if let Err(e) = r {
            return Err(crate::engine::error::Flow::error(e));
        }
        Ok(())
    }
}
pub struct OutFile;
impl Cmdlet for OutFile {
    fn name(&self) -> &'static str {
        "Out-File"
    }
    fn params(&self) -> &'static [ParamSpec] {
        OUT_FILE
    }
    fn synopsis(&self) -> &'static str {
        "Writes the console text of its input to a file."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(OutFileProc {
            args: a.clone(),
            items: Buffer::default(),
        })
    }
}

#[allow(dead_code)]
fn host_kind() -> LineKind {
    LineKind::Output
}

#[allow(dead_code)]
fn text_of(v: &Value) -> String {
    to_str(v)
}
