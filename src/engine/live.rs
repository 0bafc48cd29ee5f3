//! Live objects: values whose properties are read from the thing they stand for each time
//! (a PSSession's State changes when it is closed). The engine knows them only through this
//! trait, so the rooms that define them (sessions in `jobs`) need nothing more from it.

use super::value::Value;
use std::any::Any;
use std::rc::Rc;

pub trait LiveObject {
    /// The .NET type names, most derived first (`-is`, `PSObject.TypeNames`, the view).
    fn type_names(&self) -> &'static [&'static str];
    /// Its properties in the order Format-List and Select-Object * show them, each with the
    /// definition Get-Member gives.
    fn properties(&self) -> &'static [(&'static str, &'static str)];
    /// One property, by name in any case.
    fn property(&self, name: &str) -> Option<Value>;
    /// What `"$x"` and ToString() give.
    fn to_text(&self) -> String;
    /// For a collection (a job's Output, say): its items now. A pipeline, `foreach`, an
    /// index and member enumeration go through them, as .NET's IEnumerable.
    fn items(&self) -> Option<Vec<Value>> {
        None
    }
    /// Its own methods (ReadAll(), Add()), when it has one of this name for these
    /// arguments: what it returns (None for void), or the exception it throws.
    fn call(
        &self,
        _name: &str,
        _args: &[Value],
    ) -> Option<Result<Option<Value>, super::error::ErrorRecord>> {
        None
    }
    /// `$x[key]` when the object is looked up by key (a dictionary); None to index it as
    /// a list.
    fn index(&self, _key: &Value) -> Option<Value> {
        None
    }
    /// `$x[key] = value`; None when it cannot be assigned to.
    fn set_index(
        &self,
        _key: &Value,
        _value: Value,
    ) -> Option<Result<(), super::error::ErrorRecord>> {
        None
    }
    /// `$x.Name = value` for a property it lets be set; None when it has no such property.
    fn set_property(
        &self,
        _name: &str,
        _value: &Value,
    ) -> Option<Result<(), super::error::ErrorRecord>> {
        None
    }
    /// `GetType().FullName` when the static type names do not say it all (a generic's
    /// arguments).
    fn full_type_name(&self) -> Option<String> {
        None
    }
    /// What the memory budget counts for it: its own allocations, not the values it holds.
    fn held_bytes(&self) -> usize {
        256
    }
    /// The values it holds, for the memory budget's count (which meets each value once, so
    /// a collection that holds itself is counted once).
    fn for_each_held(&self, _f: &mut dyn FnMut(&Value)) {}
    /// Empties it, giving back what it held: the cycle collector breaks a cycle so.
    fn release_held(&self) -> Vec<Value> {
        Vec::new()
    }
    /// For the commands that take it back (Remove-PSSession takes a PSSession).
    fn into_any(self: Rc<Self>) -> Rc<dyn Any>;
}

/// Its property names, in order.
pub fn property_names(l: &dyn LiveObject) -> impl Iterator<Item = &'static str> {
    l.properties().iter().map(|(name, _)| *name)
}

/// The live object behind a value, as the type that made it.
pub fn downcast<T: 'static>(v: &Value) -> Option<Rc<T>> {
    match v {
        Value::Live(l) => l.clone().into_any().downcast::<T>().ok(),
        _ => None,
    }
}

impl std::fmt::Debug for dyn LiveObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.type_names().first().copied().unwrap_or("LiveObject"))
    }
}
