//! Parameter sets, as PowerShell's binder resolves them (ParameterBinderController): each
//! named parameter bound narrows the sets still possible to those it is in; a positional
//! argument goes to a parameter at the next position in those sets, the one whose type it
//! already is before one it converts to (`Receive-Job 3` is -Id, `Receive-Job Foo` is
//! -Name); then the set is the one left, or the cmdlet's default among several, or the one
//! whose mandatory parameters were all given. Its mandatory parameters still missing are
//! prompted for at a console and are the MissingMandatoryParameter error elsewhere.

use crate::engine::command::ParamSpec;
use crate::engine::value::Value;

/// The sets still possible while binding: None while every set is.
#[derive(Clone, Debug, Default)]
pub struct Possible(Option<Vec<&'static str>>);

impl Possible {
    /// Every set the parameters name, in the order they first name them.
    fn universe(specs: &[ParamSpec]) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = Vec::new();
        for set in specs.iter().flat_map(|s| s.sets.iter()) {
            if !all.contains(set) {
                all.push(set);
            }
        }
        all
    }

    /// Is the parameter in one of the sets still possible?
    pub fn admits(&self, spec: &ParamSpec) -> bool {
        match &self.0 {
            None => true,
            Some(sets) => spec.sets.is_empty() || sets.iter().any(|s| spec.in_set(s)),
        }
    }

    /// Narrows to the sets of a parameter just bound; false when none is left.
    pub fn narrow(&mut self, specs: &[ParamSpec], spec: &ParamSpec) -> bool {
        if spec.sets.is_empty() {
            return true;
        }
        let current = self.0.take().unwrap_or_else(|| Self::universe(specs));
        let left: Vec<&'static str> = current.into_iter().filter(|s| spec.in_set(s)).collect();
        let any = !left.is_empty();
        self.0 = Some(left);
        any
    }

    /// Whether more than one set is still possible.
    pub fn undecided(&self, specs: &[ParamSpec]) -> bool {
        self.0
            .as_ref()
            .map_or_else(|| Self::universe(specs).len(), Vec::len)
            > 1
    }

    /// The set the binding comes to: Ok(None) when the command has no sets (or the choice
    /// waits for pipeline input), Err(()) when it cannot be told.
    pub fn resolve(
        &self,
        specs: &[ParamSpec],
        default: Option<&'static str>,
        bound: &dyn Fn(&str) -> bool,
        has_input: bool,
    ) -> Result<Option<&'static str>, ()> {
        let sets = self.0.clone().unwrap_or_else(|| Self::universe(specs));
        match sets.as_slice() {
            [] if self.0.is_none() => return Ok(None),
            [] => return Err(()),
            [one] => return Ok(Some(one)),
            _ => {}
        }
        if has_input {
            // Pipeline input may still pick the set (a Job by value picks -Job's): the
            // default stands for now, and no set's mandatory parameter is missing yet.
            return Ok(default.filter(|d| sets.contains(d)));
        }
        if let Some(d) = default.filter(|d| sets.contains(d)) {
            return Ok(Some(d));
        }
        let satisfied: Vec<&'static str> = sets
            .iter()
            .copied()
            .filter(|set| {
                specs
                    .iter()
                    .filter(|s| s.mandatory && !s.sets.is_empty() && s.in_set(set))
                    .all(|s| bound(s.name))
            })
            .collect();
        match satisfied.as_slice() {
            [one] => Ok(Some(one)),
            _ => Err(()),
        }
    }
}

/// Is the value already of the parameter's type (no conversion needed)? The binder's
/// first pass over the parameters at a position binds only such a value.
pub fn is_of_type(value: &Value, spec: &ParamSpec) -> bool {
    // A parameter typed loosely for its own code (a job cmdlet's -Job) binds only what
    // its real type takes.
    let t = match spec.input_type {
        Some(real) => real,
        None => spec.type_name,
    };
    let element = t.strip_suffix("[]").unwrap_or(t);
    let one = |v: &Value| match element {
        "System.Object" => true,
        "System.String" => matches!(v.base(), Value::Str(_)),
        "System.Int32" | "System.Int64" => matches!(v.base(), Value::Int(_) | Value::Long(_)),
        "System.Management.Automation.Job" => matches!(v, Value::Job(_)),
        "System.Collections.Hashtable" => matches!(v, Value::Hashtable(_)),
        other => match v {
            Value::Enum(e) => e.type_name == other,
            _ => crate::engine::types::type_name_of(v) == other,
        },
    };
    match value {
        Value::Array(items) if t.ends_with("[]") || spec.input_type.is_some() => {
            items.borrow().iter().all(one)
        }
        other => one(other),
    }
}

/// The mandatory parameters of the set (of every parameter when there are no sets) that
/// were not given; those pipeline input can still supply are not missing when input comes.
pub fn missing_mandatory(
    specs: &[ParamSpec],
    set: Option<&str>,
    bound: &dyn Fn(&str) -> bool,
    has_input: bool,
) -> Vec<ParamSpec> {
    specs
        .iter()
        .filter(|s| s.mandatory && !bound(s.name))
        .filter(|s| match set {
            Some(set) => s.in_set(set),
            None => s.sets.is_empty(),
        })
        .filter(|s| !(has_input && (s.pipeline || s.by_property_name)))
        .copied()
        .collect()
}
