//! Values. Arrays, hashtables and objects are references, as in .NET: assigning one shares it.
//! Streams are not values (they live in the pipeline), which keeps values cheap to clone.

use super::error::ErrorRecord;
use super::time::{DateTime, TimeSpan};
use crate::lang::ast::ScriptBlockAst;
use std::cell::RefCell;
use std::rc::Rc;

pub type Array = Rc<RefCell<Vec<Value>>>;

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    /// PowerShell's "nothing" (AutomationNull): what a variable holds after `$x = <a command
    /// that wrote nothing>`. It is `$null` everywhere but where values are enumerated:
    /// `@($x)` is empty and `$x | ForEach-Object` runs no turn, where `$null` gives one item.
    /// Only variables hold it: reading one in any other place gives `Null`
    /// (`Interp::get_var_scoped`).
    Nothing,
    Bool(bool),
    Int(i32),
    Long(i64),
    Double(f64),
    /// System.Decimal, exactly (rust_decimal has .NET's layout and rules).
    Decimal(rust_decimal::Decimal),
    Char(char),
    Str(Rc<str>),
    Array(Array),
    Hashtable(Rc<RefCell<Hashtable>>),
    Object(Rc<PSObject>),
    ScriptBlock(Rc<ScriptBlockAst>),
    DateTime(DateTime),
    TimeSpan(TimeSpan),
    /// A type object, such as `[int]` or what `GetType()` returns.
    Type(Rc<str>),
    Error(Rc<ErrorRecord>),
    Enum(EnumValue),
    /// A live job object: its properties read its current state.
    Job(Rc<crate::engine::job::Job>),
    /// Another live object, such as a PSSession (see `engine::live`).
    Live(Rc<dyn super::live::LiveObject>),
    /// A string, number or date with note properties of its own: what comes back from a
    /// remote command or a job's process (PSComputerName, RunspaceId). It behaves as its
    /// base everywhere but for those properties (`Value::base`).
    Noted(Rc<Noted>),
}

/// A value and the note properties added to it (a PSObject wrapping a primitive).
#[derive(Debug)]
pub struct Noted {
    pub base: Value,
    pub origin: Rc<Origin>,
}

/// Where a value came from: the three notes every value a job's runspace sends back
/// carries, kept once per runspace and read as properties when asked for.
#[derive(Debug)]
pub struct Origin {
    pub computer: Rc<str>,
    pub runspace_id: Rc<str>,
    pub show_computer: bool,
}

impl Origin {
    /// PSComputerName, RunspaceId and PSShowComputerName, in Get-Member's order.
    pub fn notes(&self) -> [(&'static str, Value); 3] {
        [
            ("PSComputerName", Value::Str(self.computer.clone())),
            ("PSShowComputerName", Value::Bool(self.show_computer)),
            ("RunspaceId", super::guid::value(&self.runspace_id)),
        ]
    }
}

/// A value of a .NET enum such as JobState or ActionPreference.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub type_name: &'static str,
    pub name: &'static str,
    pub value: i64,
}

/// A value's cost in the estimate the job results limit uses (`approx_bytes`): 32 bytes and
/// its text. The limit's figures are calibrated on it: a whole C: walk held in a job comes
/// to about 50 MB of the 64 a job may keep.
pub const VALUE_BYTES: usize = 32;

/// The slot a value really takes wherever it is held (a variable, a list, a buffer): what
/// the session's memory budget counts (`held_bytes`).
pub const SLOT_BYTES: usize = std::mem::size_of::<Value>();

/// What an allocation costs besides its contents: the allocator's own word and an `Rc`'s
/// two counts.
const ALLOC_BYTES: usize = 24;

impl Value {
    /// Roughly what a value holds (its text, its items and properties to a few levels
    /// down), in the job results limit's estimate. Shared contents are counted each time
    /// they are met.
    pub fn approx_bytes(&self) -> usize {
        self.deep_bytes(3, &|v| v.own_estimate(), VALUE_BYTES)
    }

    /// What a value takes in memory, to a few levels down, at the rates the session's
    /// memory budget counts: its slot, its allocations and their contents.
    pub fn held_bytes(&self) -> usize {
        self.deep_bytes(3, &|v| v.own_held_bytes(), SLOT_BYTES)
    }

    fn deep_bytes(&self, depth: u32, own: &dyn Fn(&Value) -> usize, slot: usize) -> usize {
        let mut total = own(self);
        self.for_each_child(&mut |v| {
            total += if depth == 0 {
                slot
            } else {
                v.deep_bytes(depth - 1, own, slot)
            };
        });
        total
    }

    /// What keeping one more reference to the value costs the memory budget: all of it when
    /// nothing else holds it (it was just made), only its slot when it is shared (a job's
    /// result that is also in the job's Output, a variable's list): its contents were
    /// counted where they are.
    pub fn new_bytes(&self) -> usize {
        let shared = match self {
            Value::Str(s) => Rc::strong_count(s) > 1,
            Value::Array(a) => Rc::strong_count(a) > 1,
            Value::Hashtable(h) => Rc::strong_count(h) > 1,
            Value::Object(o) => Rc::strong_count(o) > 1,
            Value::Error(e) => Rc::strong_count(e) > 1,
            Value::Noted(n) => Rc::strong_count(n) > 1,
            _ => false,
        };
        if shared {
            SLOT_BYTES
        } else {
            self.held_bytes()
        }
    }

    /// The value itself in the job limit's estimate, not the values it contains.
    fn own_estimate(&self) -> usize {
        VALUE_BYTES
            + match self {
                Value::Str(s) | Value::Type(s) => s.len(),
                Value::Object(o) => o
                    .props
                    .try_borrow()
                    .map_or(0, |p| p.iter().map(|p| p.name.len()).sum()),
                Value::Error(e) => e.message.len(),
                _ => 0,
            }
    }

    /// What the value itself takes: its slot and its own allocations (its text, its list of
    /// items, its property names and type names), not the values it contains.
    pub fn own_held_bytes(&self) -> usize {
        let text = |t: &str| ALLOC_BYTES + t.len().next_multiple_of(8);
        // A name shared with other objects (see `shared_name`) is counted where it is kept.
        let name = |n: &Rc<str>| if Rc::strong_count(n) > 1 { 0 } else { text(n) };
        SLOT_BYTES
            + match self {
                Value::Str(s) | Value::Type(s) => text(s),
                Value::Array(items) => {
                    ALLOC_BYTES + 32 + items.try_borrow().map_or(0, |a| a.capacity() * SLOT_BYTES)
                }
                Value::Hashtable(h) => {
                    ALLOC_BYTES
                        + 40
                        + h.try_borrow().map_or(0, |h| {
                            h.entries.capacity() * 2 * SLOT_BYTES
                                + h.index
                                    .try_borrow()
                                    .map_or(0, |i| i.at.capacity() * INDEX_ENTRY_BYTES)
                        })
                }
                Value::Object(o) => {
                    ALLOC_BYTES
                        + 64
                        + o.type_names.iter().map(|t| 16 + name(t)).sum::<usize>()
                        + o.props.try_borrow().map_or(0, |p| {
                            p.iter().map(|p| 16 + SLOT_BYTES + name(&p.name)).sum()
                        })
                }
                Value::Error(e) => ALLOC_BYTES + 320 + e.message.len(),
                Value::Live(l) => l.held_bytes(),
                // The shared origin is counted with the job that made it.
                Value::Noted(_) => ALLOC_BYTES + SLOT_BYTES + 16,
                _ => 0,
            }
    }

    /// Calls `f` on each value this one contains: items, keys and values, properties.
    pub fn for_each_child(&self, f: &mut dyn FnMut(&Value)) {
        match self {
            Value::Array(items) => {
                if let Ok(items) = items.try_borrow() {
                    items.iter().for_each(f);
                }
            }
            Value::Hashtable(h) => {
                if let Ok(h) = h.try_borrow() {
                    for (k, v) in &h.entries {
                        f(k);
                        f(v);
                    }
                }
            }
            Value::Object(o) => {
                if let Ok(props) = o.props.try_borrow() {
                    props.iter().for_each(|p| f(&p.value));
                }
            }
            Value::Error(e) => f(&e.target),
            Value::Noted(n) => f(&n.base),
            Value::Live(l) => l.for_each_held(f),
            _ => {}
        }
    }

    /// The items of a live collection (a job's Output), as an array; None for anything else.
    pub fn live_items(&self) -> Option<Array> {
        match self {
            Value::Live(l) => l.items().map(|items| Rc::new(RefCell::new(items))),
            _ => None,
        }
    }

    /// The value itself, without the notes a `Noted` adds (and `Null` for `Nothing`).
    pub fn base(&self) -> &Value {
        match self {
            Value::Noted(n) => &n.base,
            Value::Nothing => null_value(),
            v => v,
        }
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(RefCell::new(items)))
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null | Value::Nothing)
    }
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_)
        )
    }

    /// The items a pipeline would enumerate: arrays unroll, everything else is one item.
    pub fn enumerate(&self) -> Vec<Value> {
        match self {
            Value::Array(a) => a.borrow().clone(),
            Value::Live(l) if l.items().is_some() => l.items().unwrap_or_default(),
            Value::Null => Vec::new(),
            other => vec![other.clone()],
        }
    }

    /// Same object, for reference types; same value for others (PowerShell's -eq on objects
    /// falls back to reference equality).
    pub fn same_ref(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Array(a), Value::Array(b)) => Rc::ptr_eq(a, b),
            (Value::Hashtable(a), Value::Hashtable(b)) => Rc::ptr_eq(a, b),
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            (Value::ScriptBlock(a), Value::ScriptBlock(b)) => Rc::ptr_eq(a, b),
            (Value::Error(a), Value::Error(b)) => Rc::ptr_eq(a, b),
            (Value::Job(a), Value::Job(b)) => Rc::ptr_eq(a, b),
            (Value::Live(a), Value::Live(b)) => std::ptr::addr_eq(Rc::as_ptr(a), Rc::as_ptr(b)),
            (Value::Noted(a), Value::Noted(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// A property of a [`PSObject`].
#[derive(Clone, Debug)]
pub struct Property {
    pub name: Rc<str>,
    pub value: Value,
}

/// An object with ordered, case-insensitively named properties: a PSCustomObject, or a
/// simulated .NET object (a process, a file) identified by its type names.
#[derive(Debug)]
pub struct PSObject {
    /// Most derived first, as `$obj.PSObject.TypeNames` lists them.
    pub type_names: Vec<Rc<str>>,
    pub props: RefCell<Vec<Property>>,
}

pub const PSCUSTOMOBJECT: &str = "System.Management.Automation.PSCustomObject";

/// One shared copy of each property and type name the engine writes: a directory walk makes
/// tens of thousands of objects with the same twenty names, and each its own copy of them
/// was a fifth of the walk's memory. Bounded, so names from scripts cannot grow it for ever.
pub fn shared_name(name: &str) -> Rc<str> {
    const MOST_NAMES: usize = 4096;
    thread_local! {
        static NAMES: RefCell<std::collections::HashMap<Box<str>, Rc<str>>> =
            RefCell::new(std::collections::HashMap::new());
    }
    NAMES.with(|names| {
        let Ok(mut names) = names.try_borrow_mut() else {
            return Rc::from(name);
        };
        if let Some(n) = names.get(name) {
            return n.clone();
        }
        let n: Rc<str> = Rc::from(name);
        if names.len() < MOST_NAMES {
            names.insert(Box::from(name), n.clone());
        }
        n
    })
}

impl PSObject {
    pub fn new(type_names: &[&str], props: Vec<(&str, Value)>) -> Rc<PSObject> {
        Rc::new(PSObject {
            type_names: type_names.iter().map(|t| shared_name(t)).collect(),
            props: RefCell::new(
                props
                    .into_iter()
                    .map(|(n, v)| Property {
                        name: shared_name(n),
                        value: v,
                    })
                    .collect(),
            ),
        })
    }
    pub fn custom(props: Vec<Property>) -> Rc<PSObject> {
        Rc::new(PSObject {
            type_names: vec![Rc::from(PSCUSTOMOBJECT), Rc::from("System.Object")],
            props: RefCell::new(props),
        })
    }
    pub fn type_name(&self) -> &str {
        self.type_names
            .first()
            .map(|s| &**s)
            .unwrap_or("System.Object")
    }
    /// A PSCustomObject, live or received from a job (`Deserialized.` + the type name).
    pub fn is_custom(&self) -> bool {
        self.type_name().trim_start_matches("Deserialized.") == PSCUSTOMOBJECT
    }
    pub fn get(&self, name: &str) -> Option<Value> {
        self.props
            .borrow()
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.clone())
    }
    pub fn has(&self, name: &str) -> bool {
        self.props
            .borrow()
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(name))
    }
    pub fn set(&self, name: &str, value: Value) {
        let mut props = self.props.borrow_mut();
        match props.iter_mut().find(|p| p.name.eq_ignore_ascii_case(name)) {
            Some(p) => p.value = value,
            None => props.push(Property {
                name: Rc::from(name),
                value,
            }),
        }
    }
    pub fn names(&self) -> Vec<Rc<str>> {
        self.props.borrow().iter().map(|p| p.name.clone()).collect()
    }
}

/// A hashtable: keys compare case-insensitively when they are strings. Entries keep their
/// insertion order (real .NET Hashtables order by hash code; an `[ordered]` one by insertion).
/// Strings, numbers, booleans and characters are found through an index, as .NET finds them
/// by hash; other keys (objects, doubles) by a scan.
#[derive(Clone, Debug, Default)]
pub struct Hashtable {
    pub entries: Vec<(Value, Value)>,
    pub ordered: bool,
    index: RefCell<KeyIndex>,
}

/// Where each indexable key is in `entries`, valid for the first `covers` entries (code that
/// changes `entries` directly, such as `Clear()`, leaves it to be rebuilt).
#[derive(Clone, Debug, Default)]
struct KeyIndex {
    at: std::collections::HashMap<IndexKey, usize>,
    covers: usize,
}

/// What one key takes in a hashtable's index: the key, its place, the table's own byte.
const INDEX_ENTRY_BYTES: usize = std::mem::size_of::<(IndexKey, usize)>() + 1;

/// What one more entry costs a hashtable besides its key and value: the index, and the room
/// both lists keep for growing (they double).
pub const HASHTABLE_ENTRY_BYTES: usize = 2 * INDEX_ENTRY_BYTES + 2 * SLOT_BYTES;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum IndexKey {
    Text(String),
    Number(i64),
    Bool(bool),
    Char(char),
}

impl IndexKey {
    /// The same for two keys exactly when `keys_equal` says they are equal; None for keys
    /// that only a scan can compare.
    fn of(key: &Value) -> Option<IndexKey> {
        Some(match key.base() {
            Value::Str(s) => IndexKey::Text(s.to_lowercase()),
            Value::Int(n) => IndexKey::Number(i64::from(*n)),
            Value::Long(n) => IndexKey::Number(*n),
            Value::Bool(b) => IndexKey::Bool(*b),
            Value::Char(c) => IndexKey::Char(*c),
            _ => return None,
        })
    }
}

impl Hashtable {
    pub fn new(entries: Vec<(Value, Value)>, ordered: bool) -> Hashtable {
        Hashtable {
            entries,
            ordered,
            index: RefCell::default(),
        }
    }

    fn position(&self, key: &Value) -> Option<usize> {
        let Some(k) = IndexKey::of(key) else {
            return self.entries.iter().position(|(k, _)| keys_equal(k, key));
        };
        let Ok(mut index) = self.index.try_borrow_mut() else {
            return self.entries.iter().position(|(k, _)| keys_equal(k, key));
        };
        if index.covers > self.entries.len() {
            *index = KeyIndex::default();
        }
        while let Some((k, _)) = self.entries.get(index.covers) {
            if let Some(ik) = IndexKey::of(k) {
                let at = index.covers;
                index.at.entry(ik).or_insert(at);
            }
            index.covers += 1;
        }
        index.at.get(&k).copied()
    }
    pub fn get(&self, key: &Value) -> Option<Value> {
        self.position(key)
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v.clone())
    }
    pub fn get_str(&self, key: &str) -> Option<Value> {
        self.get(&Value::str(key))
    }
    pub fn contains(&self, key: &Value) -> bool {
        self.position(key).is_some()
    }
    pub fn insert(&mut self, key: Value, value: Value) {
        match self.position(&key).and_then(|i| self.entries.get_mut(i)) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }
    /// Empties the table, giving back its entries.
    pub fn take_entries(&mut self) -> Vec<(Value, Value)> {
        *self.index.get_mut() = KeyIndex::default();
        std::mem::take(&mut self.entries)
    }

    pub fn remove(&mut self, key: &Value) {
        if let Some(i) = self.position(key) {
            self.entries.remove(i);
            // Every later entry moved: index again.
            *self.index.get_mut() = KeyIndex::default();
        }
    }
}

fn keys_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            x.eq_ignore_ascii_case(y) || x.to_lowercase() == y.to_lowercase()
        }
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Long(x), Value::Long(y)) => x == y,
        (Value::Int(x), Value::Long(y)) | (Value::Long(y), Value::Int(x)) => i64::from(*x) == *y,
        (Value::Double(x), Value::Double(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Char(x), Value::Char(y)) => x == y,
        _ => a.same_ref(b),
    }
}

/// A `Null` to lend out by reference. `Value` has a destructor, so `&Value::Null` is no
/// longer promoted to a constant: one is made per thread and kept.
fn null_value() -> &'static Value {
    thread_local! {
        static NULL: &'static Value = Box::leak(Box::new(Value::Null));
    }
    NULL.with(|n| *n)
}

/// Dropping a value frees what it alone holds. Arrays, hashtables and objects nested a
/// million deep (`$x = ,$x` in a loop) would free each other recursively and overflow the
/// stack, so the ones held by nothing else are taken apart here, one level at a time.
impl Drop for Value {
    #[inline]
    fn drop(&mut self) {
        // The common case, a scalar or a container of scalars, frees as usual.
        if !matches!(
            self,
            Value::Array(_) | Value::Hashtable(_) | Value::Object(_)
        ) || !holds_unique_container(self)
        {
            return;
        }
        let mut pending: Vec<Value> = Vec::new();
        take_unique_children(self, &mut pending);
        while let Some(mut v) = pending.pop() {
            take_unique_children(&mut v, &mut pending);
            // `v` now holds no containers of its own and drops without recursing.
        }
    }
}

/// Whether the value is a container that nothing else holds with such a container inside:
/// only then could freeing it recurse more than one level.
fn holds_unique_container(v: &Value) -> bool {
    let unique_container = |c: &Value| match c {
        Value::Array(a) => Rc::strong_count(a) == 1,
        Value::Hashtable(h) => Rc::strong_count(h) == 1,
        Value::Object(o) => Rc::strong_count(o) == 1,
        _ => false,
    };
    if !unique_container(v) {
        return false;
    }
    let mut found = false;
    v.for_each_child(&mut |c| found = found || unique_container(c));
    found
}

/// Moves the children of a container that nothing else holds into `out`.
fn take_unique_children(v: &mut Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) if Rc::strong_count(a) == 1 => {
            if let Ok(mut items) = a.try_borrow_mut() {
                out.append(&mut items);
            }
        }
        Value::Hashtable(h) if Rc::strong_count(h) == 1 => {
            if let Ok(mut h) = h.try_borrow_mut() {
                for (k, v) in h.entries.drain(..) {
                    out.push(k);
                    out.push(v);
                }
            }
        }
        Value::Object(o) if Rc::strong_count(o) == 1 => {
            if let Ok(mut props) = o.props.try_borrow_mut() {
                out.extend(props.drain(..).map(|p| p.value));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashtable_finds_keys_as_powershell_compares_them_through_removals_and_clears() {
        let mut h = Hashtable::default();
        for i in 0..1000 {
            h.insert(Value::str(&format!("Key{i}")), Value::Int(i));
        }
        h.insert(Value::Int(7), Value::str("seven"));
        let obj = Value::array(vec![]);
        h.insert(obj.clone(), Value::str("a list"));
        assert_eq!(h.get(&Value::str("KEY999")).map(|v| to_i(&v)), Some(999));
        assert!(matches!(h.get(&Value::Long(7)), Some(Value::Str(ref s)) if &**s == "seven"));
        assert!(
            h.get(&Value::Double(7.0)).is_none(),
            "a double is another key"
        );
        assert!(h.contains(&obj) && !h.contains(&Value::array(vec![])));
        h.insert(Value::str("key5"), Value::Int(-5));
        assert_eq!(
            h.entries.len(),
            1002,
            "an existing key is replaced, not added"
        );
        h.remove(&Value::str("KEY0"));
        assert_eq!(h.get(&Value::str("key5")).map(|v| to_i(&v)), Some(-5));
        assert_eq!(h.get(&Value::str("key999")).map(|v| to_i(&v)), Some(999));
        h.entries.clear();
        assert!(h.get(&Value::str("key5")).is_none());
        h.insert(Value::str("key5"), Value::Int(1));
        assert_eq!(h.entries.len(), 1);
    }

    fn to_i(v: &Value) -> i32 {
        match v {
            Value::Int(n) => *n,
            _ => i32::MIN,
        }
    }
}
