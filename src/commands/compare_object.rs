//! Compare-Object (`compare`, `diff`): which objects are in one set and not the other, as
//! CompareObjectCommand finds them. Each difference object is matched against the next
//! reference object, then against the reference objects not yet matched, within a window
//! (-SyncWindow); what stays unmatched is written with a SideIndicator (`=>` only in the
//! difference set, `<=` only in the reference set, `==` in both with -IncludeEqual).

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::convert::to_str;
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp, property};
use crate::engine::value::{PSObject, Property, Value};
use std::rc::Rc;

pub struct CompareObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::new("ReferenceObject", "System.Management.Automation.PSObject[]")
        .at(0)
        .mandatory(),
    ParamSpec::new(
        "DifferenceObject",
        "System.Management.Automation.PSObject[]",
    )
    .at(1)
    .mandatory()
    .pipeline(),
    ParamSpec::new("SyncWindow", "System.Int32").range(0, i32::MAX as i64),
    ParamSpec::new("Property", "System.Object[]"),
    ParamSpec::switch("ExcludeDifferent"),
    ParamSpec::switch("IncludeEqual"),
    ParamSpec::switch("PassThru"),
    ParamSpec::switch("CaseSensitive"),
];

/// An object with the values it is compared by (its properties, or itself).
struct Entry {
    object: Value,
    keys: Vec<Value>,
}

struct CompareProc {
    properties: Vec<String>,
    reference: Vec<Entry>,
    next_reference: usize,
    reference_backlog: Vec<Entry>,
    difference_backlog: Vec<Entry>,
    window: usize,
    include_equal: bool,
    exclude_different: bool,
    pass_thru: bool,
    case_sensitive: bool,
    /// The -DifferenceObject given on the command line (processed once, with no input).
    given: Option<Value>,
}

fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(_) => v.enumerate(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

fn null_argument(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.ParameterBindingValidationException",
        format!("Cannot bind argument to parameter '{name}' because it is null."),
        "ParameterArgumentValidationErrorNullNotAllowed",
        Category::InvalidData,
    )
}

impl CompareProc {
    fn entry(&self, object: Value) -> Entry {
        let keys = if self.properties.is_empty() {
            vec![object.clone()]
        } else {
            self.properties
                .iter()
                .map(|p| property(&object, p).unwrap_or(Value::Null))
                .collect()
        };
        Entry { object, keys }
    }

    /// Equal when every key is, as PowerShell compares them (case-insensitively unless
    /// -CaseSensitive).
    fn same(&self, a: &Entry, b: &Entry) -> bool {
        a.keys
            .iter()
            .zip(&b.keys)
            .all(|(x, y)| crate::engine::ops::equals(x, y, self.case_sensitive))
    }

    fn take_match(&self, entry: &Entry, list: &mut Vec<Entry>) -> Option<Entry> {
        let at = list.iter().position(|e| self.same(entry, e))?;
        Some(list.remove(at))
    }

    fn emit(&self, entry: Entry, side: &str, out: &mut Vec<Value>) {
        let keep = match side {
            "==" => self.include_equal,
            _ => !self.exclude_different,
        };
        if !keep {
            return;
        }
        let side_note = Property {
            name: Rc::from("SideIndicator"),
            value: Value::str(side),
        };
        if self.pass_thru {
            // The object itself, with the note added (to a copy: the input keeps its shape).
            out.push(match &entry.object {
                Value::Object(o) => {
                    let mut props = o.props.borrow().clone();
                    props.retain(|p| !p.name.eq_ignore_ascii_case("SideIndicator"));
                    props.push(side_note);
                    Value::Object(Rc::new(PSObject {
                        type_names: o.type_names.clone(),
                        props: std::cell::RefCell::new(props),
                    }))
                }
                other => other.clone(),
            });
            return;
        }
        let mut props: Vec<Property> = if self.properties.is_empty() {
            vec![Property {
                name: Rc::from("InputObject"),
                value: entry.object,
            }]
        } else {
            self.properties
                .iter()
                .zip(entry.keys)
                .map(|(name, value)| Property {
                    name: Rc::from(name.as_str()),
                    value,
                })
                .collect()
        };
        props.push(side_note);
        out.push(Value::Object(PSObject::custom(props)));
    }

    /// CompareObjectCommand.Process: one difference entry (or none, at the end) against the
    /// next reference entry and the backlogs.
    fn step(&mut self, difference: Option<Entry>, out: &mut Vec<Value>) {
        let mut reference = None;
        if let Some(slot) = self.reference.get_mut(self.next_reference) {
            let empty = Entry {
                object: Value::Null,
                keys: Vec::new(),
            };
            reference = Some(std::mem::replace(slot, empty));
            self.next_reference += 1;
        }
        let mut difference = difference;
        if let (Some(r), Some(d)) = (&reference, &difference) {
            if self.same(r, d) {
                if let Some(r) = reference.take() {
                    self.emit(r, "==", out);
                }
                return;
            }
        }
        if let Some(d) = &difference {
            let mut backlog = std::mem::take(&mut self.reference_backlog);
            let matched = self.take_match(d, &mut backlog);
            self.reference_backlog = backlog;
            if let Some(m) = matched {
                self.emit(m, "==", out);
                difference = None;
            }
        }
        if let Some(r) = &reference {
            let mut backlog = std::mem::take(&mut self.difference_backlog);
            let matched = self.take_match(r, &mut backlog);
            self.difference_backlog = backlog;
            if matched.is_some() {
                if let Some(r) = reference.take() {
                    self.emit(r, "==", out);
                }
            }
        }
        if let Some(d) = difference {
            if self.window > 0 {
                while self.difference_backlog.len() >= self.window {
                    let oldest = self.difference_backlog.remove(0);
                    self.emit(oldest, "=>", out);
                }
                self.difference_backlog.push(d);
            } else {
                self.emit(d, "=>", out);
            }
        }
        if let Some(r) = reference {
            if self.window > 0 {
                while self.reference_backlog.len() >= self.window {
                    let oldest = self.reference_backlog.remove(0);
                    self.emit(oldest, "<=", out);
                }
                self.reference_backlog.push(r);
            } else {
                self.emit(r, "<=", out);
            }
        }
    }
}

impl SyncProcessor for CompareProc {
    fn process(
        &mut self,
        _cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()> {
        let difference = match input {
            Some(v) => items(&v),
            None => match self.given.take() {
                Some(v) => items(&v),
                None => return Ok(()),
            },
        };
        if self.reference.is_empty() {
            for d in difference {
                let entry = self.entry(d);
                self.emit(entry, "=>", out);
            }
            return Ok(());
        }
        for d in difference {
            let entry = self.entry(d);
            self.step(Some(entry), out);
        }
        Ok(())
    }

    fn end(&mut self, _cx: &mut Interp, out: &mut Vec<Value>) -> EvalResult<()> {
        while self.next_reference < self.reference.len() {
            self.step(None, out);
        }
        for d in std::mem::take(&mut self.difference_backlog) {
            self.emit(d, "=>", out);
        }
        for r in std::mem::take(&mut self.reference_backlog) {
            self.emit(r, "<=", out);
        }
        Ok(())
    }
}

impl Cmdlet for CompareObject {
    fn name(&self) -> &'static str {
        "Compare-Object"
    }
    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn synopsis(&self) -> &'static str {
        "Shows which objects are in one set and not in the other."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        let reference = match a.get("ReferenceObject") {
            Some(Value::Null) | None => return Err(null_argument("ReferenceObject")),
            Some(v) => items(v),
        };
        if matches!(a.get("DifferenceObject"), Some(Value::Null)) {
            return Err(null_argument("DifferenceObject"));
        }
        let properties: Vec<String> = a
            .get("Property")
            .map(|p| items(p).iter().map(to_str).collect())
            .unwrap_or_default();
        let exclude_different = a.switch("ExcludeDifferent");
        // -ExcludeDifferent shows the equal ones, unless -IncludeEqual:$false says not to.
        let include_equal = match a.get("IncludeEqual") {
            Some(v) => crate::engine::convert::to_bool(v),
            None => exclude_different,
        };
        let mut proc = CompareProc {
            properties,
            reference: Vec::new(),
            next_reference: 0,
            reference_backlog: Vec::new(),
            difference_backlog: Vec::new(),
            window: a
                .int("SyncWindow")
                .map_or(usize::MAX, |w| usize::try_from(w).unwrap_or(0)),
            include_equal,
            exclude_different,
            pass_thru: a.switch("PassThru"),
            case_sensitive: a.switch("CaseSensitive"),
            given: a.get("DifferenceObject").cloned(),
        };
        proc.reference = reference.into_iter().map(|r| proc.entry(r)).collect();
        sync(proc)
    }
}
