//! The object cmdlets: Where-Object, ForEach-Object, Select-Object, Sort-Object,
//! Group-Object, Measure-Object, Get-Member.

use super::{Cmdlet, ParamSpec, SyncProcessor, invalid_argument, sync};
use crate::engine::budget::Buffer;
use crate::engine::convert::{self, to_bool, to_f64, to_str};
use crate::engine::error::{Category, ErrorRecord, EvalResult, Flow};
use crate::engine::interp::{
    BoundArgs, BoxFut, CommandProcessor, Emit, Interp, emit_all, property_names,
};
use crate::engine::ops;
use crate::engine::runtime::Edition;
use crate::engine::types;
use crate::engine::value::{PSObject, Property, SLOT_BYTES, Value};
use crate::lang::ast::{BinOp, CmpOp, ScriptBlockAst};
use std::rc::Rc;

/// A property of an object as the object cmdlets see it (hashtable keys count too).
pub fn prop_of(v: &Value, name: &str) -> Value {
    match v {
        Value::Hashtable(h) => h.borrow().get_str(name).unwrap_or(Value::Null),
        other => crate::engine::interp::property(other, name).unwrap_or(Value::Null),
    }
}

// ----- Where-Object -----

pub struct WhereObject;
const WHERE_OPS: &[(&str, CmpOp, bool)] = &[
    ("EQ", CmpOp::Eq, false),
    ("NE", CmpOp::Ne, false),
    ("GT", CmpOp::Gt, false),
    ("GE", CmpOp::Ge, false),
    ("LT", CmpOp::Lt, false),
    ("LE", CmpOp::Le, false),
    ("Like", CmpOp::Like, false),
    ("NotLike", CmpOp::NotLike, false),
    ("Match", CmpOp::Match, false),
    ("NotMatch", CmpOp::NotMatch, false),
    ("Contains", CmpOp::Contains, false),
    ("NotContains", CmpOp::NotContains, false),
    ("In", CmpOp::In, false),
    ("NotIn", CmpOp::NotIn, false),
    ("CEQ", CmpOp::Eq, true),
    ("CNE", CmpOp::Ne, true),
    ("CGT", CmpOp::Gt, true),
    ("CLT", CmpOp::Lt, true),
    ("CLike", CmpOp::Like, true),
    ("CMatch", CmpOp::Match, true),
];
const WHERE_PARAMS: &[ParamSpec] = &[
    ParamSpec::new("FilterScript", "System.Object").at(0),
    ParamSpec::new("Property", "System.String"),
    ParamSpec::new("Value", "System.Object").at(1),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
    ParamSpec::switch("EQ"),
    ParamSpec::switch("NE"),
    ParamSpec::switch("GT"),
    ParamSpec::switch("GE"),
    ParamSpec::switch("LT"),
    ParamSpec::switch("LE"),
    ParamSpec::switch("Like"),
    ParamSpec::switch("NotLike"),
    ParamSpec::switch("Match"),
    ParamSpec::switch("NotMatch"),
    ParamSpec::switch("Contains"),
    ParamSpec::switch("NotContains"),
    ParamSpec::switch("In"),
    ParamSpec::switch("NotIn"),
    ParamSpec::switch("CEQ"),
    ParamSpec::switch("CNE"),
    ParamSpec::switch("CGT"),
    ParamSpec::switch("CLT"),
    ParamSpec::switch("CLike"),
    ParamSpec::switch("CMatch"),
    ParamSpec::switch("Is"),
    ParamSpec::switch("IsNot"),
];

enum Filter {
    Script(Rc<ScriptBlockAst>),
    Compare {
        property: String,
        op: Option<(CmpOp, bool)>,
        value: Value,
        is: Option<bool>,
    },
}

struct WhereProc {
    filter: Filter,
    input: Option<Value>,
}

impl CommandProcessor for WhereProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let Some(item) = input.or_else(|| self.input.take()) else {
                return Ok(());
            };
            let keep = match &self.filter {
                Filter::Script(sb) => {
                    let v = cx
                        .invoke_block_value(sb, Some(item.clone()), Vec::new(), false)
                        .await?;
                    to_bool(&v)
                }
                Filter::Compare {
                    property,
                    op,
                    value,
                    is,
                } => {
                    let p = prop_of(&item, property);
                    match (op, is) {
                        (Some((op, cs)), _) => to_bool(
                            &ops::binary(BinOp::Cmp(*op, *cs), &p, value).map_err(Flow::error)?,
                        ),
                        (None, Some(want)) => {
                            let r = ops::binary(BinOp::Is, &p, value).map_err(Flow::error)?;
                            to_bool(&r) == *want
                        }
                        (None, None) => to_bool(&p),
                    }
                }
            };
            if keep {
                out.emit(cx, item).await?;
            }
            Ok(())
        })
    }
}

impl Cmdlet for WhereObject {
    fn name(&self) -> &'static str {
        "Where-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        WHERE_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Passes on only the objects for which a script block or a property comparison is true."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let filter = match a.get("FilterScript") {
            Some(Value::ScriptBlock(sb)) => Filter::Script(sb.clone()),
            other => {
                // Without parameter sets the first positional lands in FilterScript: with
                // -Property named, it is really the Value (`Where-Object -Property N -LT 3`).
                let named_property = a.str("Property");
                let value = match (&named_property, other, a.get("Value")) {
                    (Some(_), Some(v), None) => v.clone(),
                    (_, _, v) => v.cloned().unwrap_or(Value::Null),
                };
                let property = named_property
                    .or_else(|| other.map(to_str))
                    .unwrap_or_default();
                let op = WHERE_OPS
                    .iter()
                    .find(|(n, _, _)| a.switch(n))
                    .map(|(_, op, cs)| (*op, *cs));
                let is = if a.switch("Is") {
                    Some(true)
                } else if a.switch("IsNot") {
                    Some(false)
                } else {
                    None
                };
                Filter::Compare {
                    property,
                    op,
                    value,
                    is,
                }
            }
        };
        Ok(Box::new(WhereProc {
            filter,
            input: a.get("InputObject").cloned(),
        }))
    }
}

// ----- ForEach-Object -----

pub struct ForEachObject;
const FOREACH_PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Process", "System.Object").at(0),
    ParamSpec::new("RemainingScripts", "System.Object").at(1),
    ParamSpec::new("Begin", "System.Object"),
    ParamSpec::new("End", "System.Object"),
    ParamSpec::new("MemberName", "System.String"),
    ParamSpec::new("ArgumentList", "System.Object[]").alias(&["Args"]),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
    ParamSpec::new("Parallel", "System.Management.Automation.ScriptBlock").only_in(Edition::Core7),
    ParamSpec::new("ThrottleLimit", "System.Int32")
        .only_in(Edition::Core7)
        .range(1, i32::MAX as i64),
    ParamSpec::new("TimeoutSeconds", "System.Int32")
        .only_in(Edition::Core7)
        .range(0, i32::MAX as i64 / 1000),
    ParamSpec::switch("AsJob").only_in(Edition::Core7),
    ParamSpec::switch("UseNewRunspace").only_in(Edition::Core7),
];

struct ForEachProc {
    begin: Option<Rc<ScriptBlockAst>>,
    process: Option<Rc<ScriptBlockAst>>,
    end: Option<Rc<ScriptBlockAst>>,
    member: Option<String>,
    args: Vec<Value>,
    input: Option<Value>,
}

fn as_block(v: Option<&Value>) -> Option<Rc<ScriptBlockAst>> {
    match v {
        Some(Value::ScriptBlock(sb)) => Some(sb.clone()),
        _ => None,
    }
}

impl CommandProcessor for ForEachProc {
    fn begin<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            match self.begin.clone() {
                Some(b) => cx.invoke_block(&b, None, Vec::new(), false, out).await,
                None => Ok(()),
            }
        })
    }
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let item = match input.or_else(|| self.input.take()) {
                Some(v) => v,
                None if self.member.is_some() => return Ok(()),
                None => Value::Null,
            };
            if let Some(member) = &self.member {
                let v = match crate::engine::interp::property(&item, member) {
                    Some(v) => Some(v),
                    None => cx
                        .call_method_value(&item, member, &self.args)
                        .map_err(Flow::error)?,
                };
                if let Some(v) = v {
                    let items = match v {
                        Value::Array(_) => v.enumerate(),
                        other => vec![other],
                    };
                    emit_all(cx, out, items).await?;
                }
                return Ok(());
            }
            match self.process.clone() {
                Some(p) => {
                    cx.invoke_block(&p, Some(item), Vec::new(), false, out)
                        .await
                }
                None => Ok(()),
            }
        })
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            match self.end.clone() {
                Some(b) => cx.invoke_block(&b, None, Vec::new(), false, out).await,
                None => Ok(()),
            }
        })
    }
}

impl Cmdlet for ForEachObject {
    fn name(&self) -> &'static str {
        "ForEach-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        FOREACH_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Runs a script block (or reads a member) for each object that comes down the pipeline."
    }
    fn start(
        &self,
        cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        if let Some(parallel) = as_block(a.get("Parallel")) {
            // InitParallelParameterSet: the tasks run in other runspaces, where these would
            // not reach.
            let unsupported = [
                "ErrorAction",
                "WarningAction",
                "InformationAction",
                "PipelineVariable",
            ];
            if a.common.iter().any(|c| unsupported.contains(c)) {
                return Err(ErrorRecord::new(
                    "System.Management.Automation.PSNotSupportedException",
                    "The following common parameters are not currently supported in the Parallel parameter set:\nErrorAction, WarningAction, InformationAction, PipelineVariable",
                    "ParallelCommonParametersNotSupported",
                    Category::NotImplemented,
                ));
            }
            let throttle = a.int("ThrottleLimit").unwrap_or(5).clamp(1, 1024) as usize;
            if a.switch("AsJob") {
                if a.has("TimeoutSeconds") {
                    return Err(ErrorRecord::new(
                        "System.Management.Automation.PSArgumentException",
                        "The 'TimeoutSeconds' parameter cannot be used with the 'AsJob' parameter.",
                        "ParallelCannotUseTimeoutWithJob",
                        Category::InvalidOperation,
                    ));
                }
                return Ok(Box::new(super::foreach_parallel::TaskJobProc::new(
                    cx,
                    parallel,
                    throttle,
                    a.switch("UseNewRunspace"),
                )));
            }
            let timeout = a.int("TimeoutSeconds").unwrap_or(0);
            return Ok(Box::new(super::foreach_parallel::ParallelProc::new(
                cx, parallel, throttle, timeout,
            )));
        }
        let mut member = a.str("MemberName");
        let mut process = as_block(a.get("Process"));
        let mut begin = as_block(a.get("Begin"));
        if let Some(rest) = as_block(a.get("RemainingScripts")) {
            // `% {begin} {process}`
            begin = begin.or(process.take());
            process = Some(rest);
        }
        if process.is_none() && member.is_none() {
            if let Some(v) = a.get("Process") {
                member = Some(to_str(v));
            }
        }
        if process.is_none() && member.is_none() && begin.is_none() && !a.has("End") {
            return Err(invalid_argument(
                "Cannot process command because of one or more missing mandatory parameters: Process.",
                "MissingMandatoryParameter",
                Value::Null,
            ));
        }
        Ok(Box::new(ForEachProc {
            begin,
            process,
            end: as_block(a.get("End")),
            member,
            args: a
                .get("ArgumentList")
                .map(|v| v.enumerate())
                .unwrap_or_default(),
            input: a.get("InputObject").cloned(),
        }))
    }
}

// ----- Select-Object -----

pub struct SelectObject;
/// Select-Object's parameter sets: by count (the default), -SkipLast, or -Index.
const SELECT_DEFAULT: &str = "DefaultParameter";
const SELECT_SETS_WITH_PROPERTIES: &[&str] = &[SELECT_DEFAULT, "SkipLastParameter"];
const SELECT_PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Property", "System.Object[]")
        .at(0)
        .in_sets(SELECT_SETS_WITH_PROPERTIES),
    ParamSpec::new("ExcludeProperty", "System.String[]").in_sets(SELECT_SETS_WITH_PROPERTIES),
    ParamSpec::new("ExpandProperty", "System.String").in_sets(SELECT_SETS_WITH_PROPERTIES),
    ParamSpec::new("First", "System.Int32")
        .range(0, i32::MAX as i64)
        .in_sets(&[SELECT_DEFAULT]),
    ParamSpec::new("Last", "System.Int32")
        .range(0, i32::MAX as i64)
        .in_sets(&[SELECT_DEFAULT]),
    ParamSpec::new("Skip", "System.Int32")
        .range(0, i32::MAX as i64)
        .in_sets(&[SELECT_DEFAULT]),
    ParamSpec::new("SkipLast", "System.Int32")
        .range(0, i32::MAX as i64)
        .in_sets(&["SkipLastParameter"]),
    ParamSpec::new("Index", "System.Int32[]").in_sets(&["IndexParameter"]),
    ParamSpec::switch("Unique"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];

/// A property selector: a name (wildcards allowed) or a calculated property.
#[derive(Clone)]
pub enum Selector {
    Name(String),
    Calculated { name: String, expr: CalcExpr },
}

#[derive(Clone)]
pub enum CalcExpr {
    Block(Rc<ScriptBlockAst>),
    Name(String),
}

pub fn parse_selectors(v: Option<&Value>) -> Result<Vec<Selector>, ErrorRecord> {
    let mut out = Vec::new();
    for item in v.map(|v| v.enumerate()).unwrap_or_default() {
        match &item {
            Value::Hashtable(h) => {
                let h = h.borrow();
                let mut name = None;
                let mut expr = None;
                for (k, val) in &h.entries {
                    let key = to_str(k).to_ascii_lowercase();
                    if "name".starts_with(&key) || "label".starts_with(&key) {
                        name = Some(to_str(val));
                    } else if "expression".starts_with(&key) {
                        expr = Some(match val {
                            Value::ScriptBlock(sb) => CalcExpr::Block(sb.clone()),
                            other => CalcExpr::Name(to_str(other)),
                        });
                    } else if !matches!(key.as_str(), "width" | "alignment" | "formatstring") {
                        return Err(invalid_argument(
                            format!("The {} key is not valid.", to_str(k)),
                            "DictionaryKeyIllegal",
                            Value::Null,
                        ));
                    }
                }
                let Some(expr) = expr else {
                    return Err(invalid_argument(
                        "The Expression key is missing.",
                        "DictionaryKeyMissing",
                        Value::Null,
                    ));
                };
                let name = name.unwrap_or_else(|| match &expr {
                    CalcExpr::Block(sb) => sb.text().trim().to_string(),
                    CalcExpr::Name(n) => n.clone(),
                });
                out.push(Selector::Calculated { name, expr });
            }
            Value::ScriptBlock(sb) => out.push(Selector::Calculated {
                name: sb.text().trim().to_string(),
                expr: CalcExpr::Block(sb.clone()),
            }),
            other => out.push(Selector::Name(to_str(other))),
        }
    }
    Ok(out)
}

/// Evaluates selectors against one object: (name, value) pairs.
pub async fn select_props(
    cx: &mut Interp,
    item: &Value,
    selectors: &[Selector],
) -> EvalResult<Vec<(String, Value)>> {
    let mut out: Vec<(String, Value)> = Vec::new();
    for s in selectors {
        match s {
            Selector::Name(pattern) if ops::is_wildcard(pattern) => {
                for n in property_names(item) {
                    if ops::wildcard_match(pattern, &n, false)
                        && !out.iter().any(|(o, _)| o.eq_ignore_ascii_case(&n))
                    {
                        let v = prop_of(item, &n);
                        out.push((n, v));
                    }
                }
            }
            Selector::Name(name) => {
                let real = property_names(item)
                    .into_iter()
                    .find(|n| n.eq_ignore_ascii_case(name))
                    .unwrap_or_else(|| name.clone());
                out.push((real, prop_of(item, name)));
            }
            Selector::Calculated { name, expr } => {
                let v = match expr {
                    CalcExpr::Block(sb) => {
                        cx.invoke_block_value(sb, Some(item.clone()), Vec::new(), false)
                            .await?
                    }
                    CalcExpr::Name(n) => prop_of(item, n),
                };
                out.push((name.clone(), v));
            }
        }
    }
    Ok(out)
}

struct SelectProc {
    selectors: Vec<Selector>,
    exclude: Vec<String>,
    expand: Option<String>,
    first: Option<usize>,
    last: Option<usize>,
    skip: usize,
    skip_last: usize,
    index: Option<Vec<i64>>,
    unique: bool,
    seen: Vec<Value>,
    count: usize,
    emitted: usize,
    buffer: Buffer,
    input: Option<Value>,
}

impl SelectProc {
    fn buffering(&self) -> bool {
        self.last.is_some() || self.skip_last > 0 || self.index.is_some() || self.unique
    }

    async fn shape(&mut self, cx: &mut Interp, item: Value) -> EvalResult<Vec<Value>> {
        if let Some(expand) = &self.expand {
            let mut extra = Vec::new();
            if !self.selectors.is_empty() {
                extra = select_props(cx, &item, &self.selectors).await?;
            }
            let v = prop_of(&item, expand);
            if v.is_null()
                && !property_names(&item)
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(expand))
            {
                let mut e = ErrorRecord::new(
                    "System.Management.Automation.PSArgumentException",
                    format!("Property \"{expand}\" cannot be found."),
                    "ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand",
                    Category::InvalidArgument,
                );
                e.target = item.clone();
                cx.write_error(e)?;
                return Ok(Vec::new());
            }
            let items = match v {
                Value::Array(_) => v.enumerate(),
                other => vec![other],
            };
            if extra.is_empty() {
                return Ok(items);
            }
            return Ok(items
                .into_iter()
                .inspect(|i| {
                    if let Value::Object(o) = i {
                        for (n, v) in &extra {
                            crate::engine::cycles::stored_into(i, v);
                            o.set(n, v.clone());
                        }
                    }
                })
                .collect());
        }
        if self.selectors.is_empty() {
            return Ok(vec![item]);
        }
        let props = select_props(cx, &item, &self.selectors).await?;
        let props: Vec<Property> = props
            .into_iter()
            .filter(|(n, _)| {
                !self
                    .exclude
                    .iter()
                    .any(|x| ops::wildcard_match(x, n, false))
            })
            .map(|(n, v)| Property {
                name: Rc::from(n.as_str()),
                value: v,
            })
            .collect();
        let original = types::type_names_of(&item)
            .into_iter()
            .next()
            .unwrap_or_default();
        let selected = format!("Selected.{original}");
        Ok(vec![Value::Object(Rc::new(PSObject {
            type_names: vec![
                Rc::from(selected.as_str()),
                Rc::from(crate::engine::value::PSCUSTOMOBJECT),
                Rc::from("System.Object"),
            ],
            props: std::cell::RefCell::new(props),
        }))])
    }
}

impl CommandProcessor for SelectProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let Some(item) = input.or_else(|| self.input.take()) else {
                return Ok(());
            };
            self.count += 1;
            if self.count <= self.skip {
                return Ok(());
            }
            if self.buffering() {
                self.buffer.push(&cx.rt.budget, item).map_err(Flow::error)?;
                return Ok(());
            }
            if let Some(first) = self.first {
                if self.emitted >= first {
                    return Err(Flow::StopUpstream);
                }
            }
            let shaped = self.shape(cx, item).await?;
            self.emitted += 1;
            emit_all(cx, out, shaped).await?;
            if self.first.is_some_and(|f| self.emitted >= f) {
                return Err(Flow::StopUpstream);
            }
            Ok(())
        })
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            if !self.buffering() {
                return Ok(());
            }
            let mut items = self.buffer.take();
            if let Some(idx) = &self.index {
                let len = items.len() as i64;
                items = idx
                    .iter()
                    .filter_map(|i| {
                        if *i >= 0 && *i < len {
                            items.get(*i as usize).cloned()
                        } else {
                            None
                        }
                    })
                    .collect();
            }
            if self.skip_last > 0 {
                let keep = items.len().saturating_sub(self.skip_last);
                items.truncate(keep);
            }
            if let Some(first) = self.first {
                items.truncate(first);
            }
            if let Some(last) = self.last {
                let start = items.len().saturating_sub(last);
                items.drain(..start);
            }
            for item in items {
                let shaped = self.shape(cx, item).await?;
                for s in shaped {
                    if self.unique {
                        if self.seen.iter().any(|x| same_for_unique(x, &s)) {
                            continue;
                        }
                        self.seen.push(s.clone());
                    }
                    out.emit(cx, s).await?;
                }
            }
            Ok(())
        })
    }
}

fn same_for_unique(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let (px, py) = (x.props.borrow(), y.props.borrow());
            px.len() == py.len()
                && px.iter().zip(py.iter()).all(|(p, q)| {
                    p.name.eq_ignore_ascii_case(&q.name) && ops::equals(&p.value, &q.value, true)
                })
        }
        _ => ops::equals(a, b, true),
    }
}

impl Cmdlet for SelectObject {
    fn name(&self) -> &'static str {
        "Select-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        SELECT_PARAMS
    }
    fn default_parameter_set(&self) -> Option<&'static str> {
        Some(SELECT_DEFAULT)
    }
    fn synopsis(&self) -> &'static str {
        "Picks objects (-First, -Last, -Skip, -Unique) or properties (-Property, -ExpandProperty)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        // ValidateRange(0, ...) on each: the binder refused a negative count.
        let nonneg = |n: &str| -> Result<Option<usize>, ErrorRecord> {
            Ok(a.int(n).map(|v| v.max(0) as usize))
        };
        Ok(Box::new(SelectProc {
            selectors: parse_selectors(a.get("Property"))?,
            exclude: a.strings("ExcludeProperty").unwrap_or_default(),
            expand: a.str("ExpandProperty"),
            first: nonneg("First")?,
            last: nonneg("Last")?,
            skip: nonneg("Skip")?.unwrap_or(0),
            skip_last: nonneg("SkipLast")?.unwrap_or(0),
            index: a
                .get("Index")
                .map(|v| v.enumerate().iter().filter_map(convert::to_i64).collect()),
            unique: a.switch("Unique"),
            seen: Vec::new(),
            count: 0,
            emitted: 0,
            buffer: Buffer::default(),
            input: a.get("InputObject").cloned(),
        }))
    }
}

// ----- Sort-Object -----

pub struct SortObject;
const SORT_PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Property", "System.Object[]").at(0),
    ParamSpec::switch("Descending"),
    ParamSpec::switch("Unique"),
    ParamSpec::switch("CaseSensitive"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];

struct SortKey {
    sel: Option<Selector>,
    descending: Option<bool>,
}

struct SortProc {
    keys: Vec<SortKey>,
    descending: bool,
    unique: bool,
    cs: bool,
    items: Buffer,
}

impl CommandProcessor for SortProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        let pushed = match input {
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
            let items = self.items.take();
            let mut keyed: Vec<(Vec<Value>, Value)> = Vec::with_capacity(items.len());
            for item in items {
                cx.tick().await?;
                let mut k = Vec::new();
                for key in &self.keys {
                    k.push(match &key.sel {
                        None => item.clone(),
                        Some(sel) => select_props(cx, &item, std::slice::from_ref(sel))
                            .await?
                            .into_iter()
                            .next()
                            .map(|(_, v)| v)
                            .unwrap_or(Value::Null),
                    });
                }
                if self.keys.is_empty() {
                    k.push(item.clone());
                }
                keyed.push((k, item));
            }
            let cs = self.cs;
            let desc_default = self.descending;
            let dirs: Vec<bool> = if self.keys.is_empty() {
                vec![desc_default]
            } else {
                self.keys
                    .iter()
                    .map(|k| k.descending.unwrap_or(desc_default))
                    .collect()
            };
            crate::engine::sort::by(&mut keyed, |(a, _), (b, _)| {
                for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
                    let o = sort_compare(x, y, cs);
                    let o = if dirs.get(i).copied().unwrap_or(false) {
                        o.reverse()
                    } else {
                        o
                    };
                    if o != std::cmp::Ordering::Equal {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
            let mut last_key: Option<Vec<Value>> = None;
            for (k, item) in keyed {
                if self.unique {
                    if let Some(prev) = &last_key {
                        if prev
                            .iter()
                            .zip(k.iter())
                            .all(|(a, b)| sort_compare(a, b, cs) == std::cmp::Ordering::Equal)
                        {
                            continue;
                        }
                    }
                    last_key = Some(k);
                }
                out.emit(cx, item).await?;
            }
            Ok(())
        })
    }
}

pub fn sort_compare(a: &Value, b: &Value, cs: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Str(x), Value::Str(y)) => {
            if cs {
                x.cmp(y)
            } else {
                ops::culture_cmp(x, y)
            }
        }
        _ => ops::compare(a, b, cs).unwrap_or_else(|| ops::culture_cmp(&to_str(a), &to_str(b))),
    }
}

impl Cmdlet for SortObject {
    fn name(&self) -> &'static str {
        "Sort-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        SORT_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Sorts objects by their value or by property values (collects all input first)."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let mut keys = Vec::new();
        for item in a.get("Property").map(|v| v.enumerate()).unwrap_or_default() {
            if let Value::Hashtable(h) = &item {
                let hb = h.borrow();
                let desc = hb
                    .get_str("Descending")
                    .or_else(|| hb.get_str("Desc"))
                    .map(|v| to_bool(&v));
                let asc = hb.get_str("Ascending").map(|v| to_bool(&v));
                let mut sels =
                    parse_selectors(Some(&Value::array(vec![Value::Hashtable(h.clone())])))
                        .unwrap_or_default();
                keys.push(SortKey {
                    sel: sels.pop(),
                    descending: desc.or(asc.map(|a| !a)),
                });
            } else {
                let mut sels = parse_selectors(Some(&item))?;
                keys.push(SortKey {
                    sel: sels.pop(),
                    descending: None,
                });
            }
        }
        Ok(Box::new(SortProc {
            keys,
            descending: a.switch("Descending"),
            unique: a.switch("Unique"),
            cs: a.switch("CaseSensitive"),
            items: Buffer::default(),
        }))
    }
}

// ----- Group-Object -----

pub struct GroupObject;
const GROUP_PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Property", "System.Object[]").at(0),
    ParamSpec::switch("NoElement"),
    ParamSpec::switch("AsHashTable"),
    ParamSpec::switch("AsString"),
    ParamSpec::switch("CaseSensitive"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];

struct GroupProc {
    selectors: Vec<Selector>,
    no_element: bool,
    as_hashtable: bool,
    cs: bool,
    groups: Vec<(String, Vec<Value>, Vec<Value>)>,
    /// Each group's place by its name (lower-cased unless -CaseSensitive): a scan of the
    /// groups per item made 300,000 distinct items take minutes.
    index: std::collections::HashMap<String, usize>,
    /// What the groups hold, charged to the memory budget while they wait for the end.
    held: crate::engine::budget::InFlight,
}

impl CommandProcessor for GroupProc {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        _out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let Some(item) = input else { return Ok(()) };
            let values: Vec<Value> = if self.selectors.is_empty() {
                vec![item.clone()]
            } else {
                select_props(cx, &item, &self.selectors)
                    .await?
                    .into_iter()
                    .map(|(_, v)| v)
                    .collect()
            };
            let name = values.iter().map(to_str).collect::<Vec<_>>().join(", ");
            let kept = item.new_bytes().saturating_add(SLOT_BYTES);
            self.held.add(&cx.rt.budget, kept).map_err(Flow::error)?;
            let key = if self.cs {
                name.clone()
            } else {
                name.to_ascii_lowercase()
            };
            match self.index.get(&key).and_then(|&i| self.groups.get_mut(i)) {
                Some(g) => g.1.push(item),
                None => {
                    self.index.insert(key, self.groups.len());
                    self.groups.push((name, vec![item], values));
                }
            }
            Ok(())
        })
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let groups = std::mem::take(&mut self.groups);
            if self.as_hashtable {
                let mut h = crate::engine::value::Hashtable::default();
                for (name, items, values) in groups {
                    let key = if values.len() == 1 {
                        values.into_iter().next().unwrap_or(Value::str(&name))
                    } else {
                        Value::str(&name)
                    };
                    h.insert(key, Value::array(items));
                }
                return out
                    .emit(cx, Value::Hashtable(Rc::new(std::cell::RefCell::new(h))))
                    .await;
            }
            for (name, items, values) in groups {
                let mut props = vec![
                    ("Count", Value::Int(items.len() as i32)),
                    ("Name", Value::str(&name)),
                ];
                if !self.no_element {
                    props.push(("Group", Value::array(items)));
                }
                props.push(("Values", Value::array(values)));
                // -NoElement gives the derived GroupInfoNoElement, whose view has no Group.
                let types: &[&str] = if self.no_element {
                    &[
                        "Microsoft.PowerShell.Commands.GroupInfoNoElement",
                        "Microsoft.PowerShell.Commands.GroupInfo",
                        "System.Object",
                    ]
                } else {
                    &["Microsoft.PowerShell.Commands.GroupInfo", "System.Object"]
                };
                let o = PSObject::new(types, props);
                out.emit(cx, Value::Object(o)).await?;
            }
            Ok(())
        })
    }
}

impl Cmdlet for GroupObject {
    fn name(&self) -> &'static str {
        "Group-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        GROUP_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Groups objects that share a property value, with a count per group."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        Ok(Box::new(GroupProc {
            selectors: parse_selectors(a.get("Property"))?,
            no_element: a.switch("NoElement"),
            as_hashtable: a.switch("AsHashTable"),
            cs: a.switch("CaseSensitive"),
            groups: Vec::new(),
            index: Default::default(),
            held: Default::default(),
        }))
    }
}

// ----- Measure-Object -----

pub struct MeasureObject;
const MEASURE_PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Property", "System.String[]").at(0),
    ParamSpec::switch("Sum"),
    ParamSpec::switch("Average"),
    ParamSpec::switch("Maximum"),
    ParamSpec::switch("Minimum"),
    ParamSpec::switch("Line"),
    ParamSpec::switch("Word"),
    ParamSpec::switch("Character"),
    ParamSpec::switch("IgnoreWhiteSpace"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];

#[derive(Default, Clone)]
struct Stats {
    count: i64,
    sum: f64,
    min: Option<Value>,
    max: Option<Value>,
}

struct MeasureProc {
    properties: Vec<String>,
    sum: bool,
    average: bool,
    maximum: bool,
    minimum: bool,
    text: Option<(bool, bool, bool, bool)>,
    stats: Vec<Stats>,
    lines: i64,
    words: i64,
    chars: i64,
    count: i64,
}

impl MeasureProc {
    fn add(&mut self, i: usize, v: &Value) -> Result<(), ErrorRecord> {
        let numeric_needed = self.sum || self.average;
        let Some(s) = self.stats.get_mut(i) else {
            return Ok(());
        };
        if v.is_null() {
            return Ok(());
        }
        s.count += 1;
        if numeric_needed || self.maximum || self.minimum {
            let n = to_f64(v);
            if numeric_needed {
                match n {
                    Some(n) => s.sum += n,
                    None => {
                        return Err(ErrorRecord::new(
                            "System.Management.Automation.PSInvalidOperationException",
                            format!("Input object \"{}\" is not numeric.", to_str(v)),
                            "NonNumericInputObject,Microsoft.PowerShell.Commands.MeasureObjectCommand",
                            Category::InvalidType,
                        )
                        .with_target(v.clone()));
                    }
                }
            }
            let better = |cur: &Option<Value>, want: std::cmp::Ordering| match cur {
                None => true,
                Some(c) => sort_compare(v, c, false) == want,
            };
            if better(&s.max, std::cmp::Ordering::Greater) {
                s.max = Some(v.clone());
            }
            if better(&s.min, std::cmp::Ordering::Less) {
                s.min = Some(v.clone());
            }
        }
        Ok(())
    }
}

impl SyncProcessor for MeasureProc {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let Some(item) = input else { return Ok(()) };
        self.count += 1;
        if self.text.is_some() {
            let s = to_str(&item);
            self.lines += s.lines().count().max(1) as i64;
            self.words += s.split_whitespace().count() as i64;
            self.chars += s.chars().count() as i64;
            return Ok(());
        }
        if self.properties.is_empty() {
            if let Err(e) = self.add(0, &item) {
                cx.write_error(e)?;
            }
        } else {
            for i in 0..self.properties.len() {
                let name = self.properties.get(i).cloned().unwrap_or_default();
                let v = prop_of(&item, &name);
                if let Err(e) = self.add(i, &v) {
                    cx.write_error(e)?;
                }
            }
        }
        Ok(())
    }
    fn end(&mut self, _cx: &mut Interp, out: &mut Vec<Value>) -> EvalResult<()> {
        if let Some((l, w, c, _)) = self.text {
            let opt = |on: bool, v: i64| {
                if on {
                    Value::Int(v as i32)
                } else {
                    Value::Null
                }
            };
            out.push(Value::Object(PSObject::new(
                &[
                    "Microsoft.PowerShell.Commands.TextMeasureInfo",
                    "Microsoft.PowerShell.Commands.MeasureInfo",
                    "System.Object",
                ],
                vec![
                    ("Lines", opt(l, self.lines)),
                    ("Words", opt(w, self.words)),
                    ("Characters", opt(c, self.chars)),
                    ("Property", Value::Null),
                ],
            )));
            return Ok(());
        }
        let names: Vec<Option<String>> = if self.properties.is_empty() {
            vec![None]
        } else {
            self.properties.iter().cloned().map(Some).collect()
        };
        for (i, name) in names.into_iter().enumerate() {
            let s = self.stats.get(i).cloned().unwrap_or_default();
            let count = if name.is_none() { self.count } else { s.count };
            let num = |v: f64| Value::Double(v);
            let extreme = |v: &Option<Value>| {
                v.as_ref()
                    .map(|x| match to_f64(x) {
                        Some(n) if x.is_numeric() || matches!(x, Value::Str(_)) => num(n),
                        _ => x.clone(),
                    })
                    .unwrap_or(Value::Null)
            };
            out.push(Value::Object(PSObject::new(
                &[
                    "Microsoft.PowerShell.Commands.GenericMeasureInfo",
                    "Microsoft.PowerShell.Commands.MeasureInfo",
                    "System.Object",
                ],
                vec![
                    ("Count", Value::Int(count as i32)),
                    (
                        "Average",
                        if self.average && s.count > 0 {
                            num(s.sum / s.count as f64)
                        } else {
                            Value::Null
                        },
                    ),
                    ("Sum", if self.sum { num(s.sum) } else { Value::Null }),
                    (
                        "Maximum",
                        if self.maximum {
                            extreme(&s.max)
                        } else {
                            Value::Null
                        },
                    ),
                    (
                        "Minimum",
                        if self.minimum {
                            extreme(&s.min)
                        } else {
                            Value::Null
                        },
                    ),
                    (
                        "Property",
                        name.map(|n| Value::str(&n)).unwrap_or(Value::Null),
                    ),
                ],
            )));
        }
        Ok(())
    }
}

impl Cmdlet for MeasureObject {
    fn name(&self) -> &'static str {
        "Measure-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        MEASURE_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Counts objects and computes the sum, average, maximum and minimum of numbers or of a property."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let properties = a.strings("Property").unwrap_or_default();
        let text = if a.switch("Line") || a.switch("Word") || a.switch("Character") {
            Some((
                a.switch("Line"),
                a.switch("Word"),
                a.switch("Character"),
                a.switch("IgnoreWhiteSpace"),
            ))
        } else {
            None
        };
        let n = properties.len().max(1);
        sync(MeasureProc {
            properties,
            sum: a.switch("Sum"),
            average: a.switch("Average"),
            maximum: a.switch("Maximum"),
            minimum: a.switch("Minimum"),
            text,
            stats: vec![Stats::default(); n],
            lines: 0,
            words: 0,
            chars: 0,
            count: 0,
        })
    }
}

// ----- Get-Member -----

pub struct GetMember;
const GET_MEMBER_PARAMS: &[ParamSpec] = &[
    ParamSpec::new("Name", "System.String[]").at(0),
    ParamSpec::new("MemberType", "System.String[]").alias(&["Type"]),
    ParamSpec::switch("Static"),
    ParamSpec::switch("Force"),
    ParamSpec::new("InputObject", "System.Object").pipeline(),
];

/// The short type keyword Get-Member uses in definitions.
fn def_type(v: &Value) -> String {
    match v {
        Value::Int(_) => "int".into(),
        Value::Long(_) => "long".into(),
        Value::Double(_) => "double".into(),
        Value::Bool(_) => "bool".into(),
        Value::Str(_) => "string".into(),
        Value::Char(_) => "char".into(),
        Value::Decimal(_) => "decimal".into(),
        Value::DateTime(_) => "datetime".into(),
        Value::Null => "object".into(),
        other => types::type_name_of(other),
    }
}

fn members_of(v: &Value) -> Vec<(String, &'static str, String)> {
    // A value that came back from a job or a remote command: its own members and its notes.
    if let Value::Noted(n) = v {
        let mut m = members_of(&n.base);
        m.extend(n.origin.notes().into_iter().map(|(name, value)| {
            let def = format!("{} {name}={}", def_type(&value), to_str(&value));
            (name.to_string(), "NoteProperty", def)
        }));
        sort_members(&mut m);
        return m;
    }
    let mut m: Vec<(String, &'static str, String)> = vec![
        (
            "Equals".into(),
            "Method",
            "bool Equals(System.Object obj)".into(),
        ),
        ("GetHashCode".into(), "Method", "int GetHashCode()".into()),
        ("GetType".into(), "Method", "type GetType()".into()),
        ("ToString".into(), "Method", "string ToString()".into()),
    ];
    match v {
        Value::Str(_) => {
            for (n, d) in [
                ("Contains", "bool Contains(string value)"),
                ("EndsWith", "bool EndsWith(string value)"),
                ("IndexOf", "int IndexOf(string value)"),
                ("Insert", "string Insert(int startIndex, string value)"),
                ("LastIndexOf", "int LastIndexOf(string value)"),
                ("PadLeft", "string PadLeft(int totalWidth)"),
                ("PadRight", "string PadRight(int totalWidth)"),
                ("Remove", "string Remove(int startIndex, int count)"),
                (
                    "Replace",
                    "string Replace(string oldValue, string newValue)",
                ),
                ("Split", "string[] Split(Params char[] separator)"),
                ("StartsWith", "bool StartsWith(string value)"),
                (
                    "Substring",
                    "string Substring(int startIndex), string Substring(int startIndex, int length)",
                ),
                ("ToCharArray", "char[] ToCharArray()"),
                ("ToLower", "string ToLower()"),
                ("ToUpper", "string ToUpper()"),
                (
                    "Trim",
                    "string Trim(Params char[] trimChars), string Trim()",
                ),
                ("TrimEnd", "string TrimEnd(Params char[] trimChars)"),
                ("TrimStart", "string TrimStart(Params char[] trimChars)"),
            ] {
                m.push((n.into(), "Method", d.into()));
            }
            m.push(("Length".into(), "Property", "int Length {get;}".into()));
        }
        Value::Int(_) | Value::Long(_) | Value::Double(_) => {
            m.push((
                "CompareTo".into(),
                "Method",
                "int CompareTo(System.Object value)".into(),
            ));
        }
        Value::Live(l) => m.extend(
            l.properties()
                .iter()
                .map(|(n, d)| (n.to_string(), "Property", d.to_string())),
        ),
        Value::Job(_) => m.extend(
            crate::engine::job_props::JOB_MEMBERS
                .iter()
                .map(|(n, k, d)| (n.to_string(), *k, d.to_string())),
        ),
        Value::Object(o) => {
            let kind = if o.is_custom() || o.type_name().starts_with("Selected.") {
                "NoteProperty"
            } else {
                "Property"
            };
            for p in o
                .props
                .borrow()
                .iter()
                .filter(|p| !p.name.starts_with("__"))
            {
                let def = if kind == "NoteProperty" {
                    format!("{} {}={}", def_type(&p.value), p.name, to_str(&p.value))
                } else {
                    format!("{} {} {{get;}}", def_type(&p.value), p.name)
                };
                m.push((p.name.to_string(), kind, def));
            }
        }
        _ => {}
    }
    sort_members(&mut m);
    m
}

/// Get-Member's order: by member type, then by name.
fn sort_members(m: &mut [(String, &'static str, String)]) {
    crate::engine::sort::by(m, |a, b| {
        a.1.cmp(b.1).then_with(|| ops::culture_cmp(&a.0, &b.0))
    });
}

struct GetMemberProc {
    names: Option<Vec<String>>,
    types: Option<Vec<String>>,
    seen: Vec<String>,
}

impl SyncProcessor for GetMemberProc {
    fn process(
        &mut self,
        _cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let Some(item) = input else { return Ok(()) };
        let tn = types::type_names_of(&item)
            .into_iter()
            .next()
            .unwrap_or_default();
        if self.seen.contains(&tn) {
            return Ok(());
        }
        self.seen.push(tn.clone());
        for (name, kind, def) in members_of(&item) {
            if let Some(ns) = &self.names {
                if !ns.iter().any(|n| ops::wildcard_match(n, &name, false)) {
                    continue;
                }
            }
            if let Some(ts) = &self.types {
                if !ts.iter().any(|t| {
                    ops::wildcard_match(t, kind, false)
                        || (t.eq_ignore_ascii_case("Properties") && kind.ends_with("Property"))
                }) {
                    continue;
                }
            }
            out.push(Value::Object(PSObject::new(
                &[
                    "Microsoft.PowerShell.Commands.MemberDefinition",
                    "System.Object",
                ],
                vec![
                    ("TypeName", Value::str(&tn)),
                    ("Name", Value::str(&name)),
                    ("MemberType", Value::str(kind)),
                    ("Definition", Value::str(&def)),
                ],
            )));
        }
        Ok(())
    }
    fn end(&mut self, _cx: &mut Interp, _out: &mut Vec<Value>) -> EvalResult<()> {
        if self.seen.is_empty() {
            return Err(Flow::error(ErrorRecord::new(
                "System.InvalidOperationException",
                "You must specify an object for the Get-Member cmdlet.",
                "NoObjectInGetMember,Microsoft.PowerShell.Commands.GetMemberCommand",
                Category::CloseError,
            )));
        }
        Ok(())
    }
}

impl Cmdlet for GetMember {
    fn name(&self) -> &'static str {
        "Get-Member"
    }
    fn params(&self) -> &'static [ParamSpec] {
        GET_MEMBER_PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Lists the properties and methods of the objects that come down the pipeline."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        sync(GetMemberProc {
            names: a.strings("Name"),
            types: a.strings("MemberType"),
            seen: Vec::new(),
        })
    }
}
