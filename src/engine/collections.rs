//! The .NET collections job examples build: `List[T]`, `ArrayList` and `ConcurrentBag[T]`
//! (a list that grows), `Dictionary[K,V]` and `ConcurrentDictionary[K,V]` (keys to values),
//! as about_Thread_Jobs shares one between thread jobs through `$using:`. One object is one
//! shared collection: every runspace that holds it sees what the others add.

use super::error::{Category, ErrorRecord};
use super::live::LiveObject;
use super::value::{Hashtable, PSObject, Value};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    List,
    ArrayList,
    Bag,
    Dictionary,
    ConcurrentDictionary,
}

impl Kind {
    /// The type a name stands for: `List[string]`, `System.Collections.ArrayList`, ...
    pub fn parse(name: &str) -> Option<(Kind, String)> {
        let name = name.trim();
        let (base, args) = match name.find('[') {
            Some(i) if name.ends_with(']') => (
                name.get(..i).unwrap_or_default(),
                name.get(i + 1..name.len() - 1).unwrap_or_default(),
            ),
            _ => (name, ""),
        };
        let short = base.rsplit('.').next().unwrap_or(base).to_ascii_lowercase();
        let kind = match (short.as_str(), args.is_empty()) {
            ("list", false) => Kind::List,
            ("arraylist", true) => Kind::ArrayList,
            ("concurrentbag", false) => Kind::Bag,
            ("dictionary", false) => Kind::Dictionary,
            ("concurrentdictionary", false) => Kind::ConcurrentDictionary,
            _ => return None,
        };
        let full = match kind {
            Kind::List => "System.Collections.Generic.List",
            Kind::ArrayList => "System.Collections.ArrayList",
            Kind::Bag => "System.Collections.Concurrent.ConcurrentBag",
            Kind::Dictionary => "System.Collections.Generic.Dictionary",
            Kind::ConcurrentDictionary => "System.Collections.Concurrent.ConcurrentDictionary",
        };
        let args: Vec<String> = args
            .split(',')
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map(|a| super::types::resolve(a).unwrap_or_else(|| a.to_string()))
            .collect();
        let text = if args.is_empty() {
            full.to_string()
        } else {
            format!("{full}[{}]", args.join(","))
        };
        Some((kind, text))
    }

    fn type_names(self) -> &'static [&'static str] {
        match self {
            Kind::List => &["System.Collections.Generic.List`1", "System.Object"],
            Kind::ArrayList => &["System.Collections.ArrayList", "System.Object"],
            Kind::Bag => &[
                "System.Collections.Concurrent.ConcurrentBag`1",
                "System.Object",
            ],
            Kind::Dictionary => &["System.Collections.Generic.Dictionary`2", "System.Object"],
            Kind::ConcurrentDictionary => &[
                "System.Collections.Concurrent.ConcurrentDictionary`2",
                "System.Object",
            ],
        }
    }

    fn is_dictionary(self) -> bool {
        matches!(self, Kind::Dictionary | Kind::ConcurrentDictionary)
    }
}

pub struct Collection {
    kind: Kind,
    /// As written with its type arguments resolved (`System.Collections.Generic.List[System.String]`).
    name: String,
    items: RefCell<Vec<Value>>,
    map: RefCell<Hashtable>,
}

/// `[T]::new()` and `New-Object T` for a collection type; None for other types.
pub fn new(type_name: &str) -> Option<Value> {
    let (kind, name) = Kind::parse(type_name)?;
    Some(Value::Live(Rc::new(Collection {
        kind,
        name,
        items: RefCell::new(Vec::new()),
        map: RefCell::new(Hashtable::default()),
    })))
}

/// True for a name `new` understands.
pub fn is_collection_type(type_name: &str) -> bool {
    Kind::parse(type_name).is_some()
}

fn pair(k: &Value, v: &Value) -> Value {
    Value::Object(PSObject::new(
        &[
            "System.Collections.Generic.KeyValuePair`2",
            "System.ValueType",
            "System.Object",
        ],
        vec![
            ("Key", k.clone()),
            ("Value", v.clone()),
            (
                "__ToString",
                // KeyValuePair.ToString calls each side's ToString: a collection shows its
                // type name (and a dictionary keyed by itself ends).
                Value::str(&format!(
                    "[{}, {}]",
                    super::convert::item_text(k),
                    super::convert::item_text(v)
                )),
            ),
        ],
    ))
}

const LIST_PROPERTIES: &[(&str, &str)] = &[("Count", "int Count {get;}")];
const DICTIONARY_PROPERTIES: &[(&str, &str)] = &[
    ("Count", "int Count {get;}"),
    (
        "Keys",
        "System.Collections.Generic.ICollection[TKey] Keys {get;}",
    ),
    (
        "Values",
        "System.Collections.Generic.ICollection[TValue] Values {get;}",
    ),
];

impl LiveObject for Collection {
    fn type_names(&self) -> &'static [&'static str] {
        self.kind.type_names()
    }
    fn full_type_name(&self) -> Option<String> {
        Some(self.name.clone())
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        if self.kind.is_dictionary() {
            DICTIONARY_PROPERTIES
        } else {
            LIST_PROPERTIES
        }
    }
    fn property(&self, name: &str) -> Option<Value> {
        let map = self.map.borrow();
        match name.to_ascii_lowercase().as_str() {
            "count" if self.kind.is_dictionary() => Some(Value::Int(map.entries.len() as i32)),
            "count" => Some(Value::Int(self.items.borrow().len() as i32)),
            "keys" if self.kind.is_dictionary() => Some(Value::array(
                map.entries.iter().map(|(k, _)| k.clone()).collect(),
            )),
            "values" if self.kind.is_dictionary() => Some(Value::array(
                map.entries.iter().map(|(_, v)| v.clone()).collect(),
            )),
            // A dictionary's keys read as properties (`$dict.pwsh`), as PowerShell allows.
            _ if self.kind.is_dictionary() => map.get(&Value::str(name)),
            _ => None,
        }
    }
    fn to_text(&self) -> String {
        self.name.clone()
    }
    fn items(&self) -> Option<Vec<Value>> {
        if self.kind.is_dictionary() {
            return Some(
                self.map
                    .borrow()
                    .entries
                    .iter()
                    .map(|(k, v)| pair(k, v))
                    .collect(),
            );
        }
        Some(self.items.borrow().clone())
    }
    fn index(&self, key: &Value) -> Option<Value> {
        if self.kind.is_dictionary() {
            return Some(self.map.borrow().get(key).unwrap_or(Value::Null));
        }
        None
    }
    fn set_index(&self, key: &Value, value: Value) -> Option<Result<(), ErrorRecord>> {
        if self.kind.is_dictionary() {
            self.map.borrow_mut().insert(key.clone(), value);
            return Some(Ok(()));
        }
        let i = super::convert::to_i64(key)?;
        let mut items = self.items.borrow_mut();
        Some(
            match usize::try_from(i).ok().and_then(|i| items.get_mut(i)) {
                Some(slot) => {
                    *slot = value;
                    Ok(())
                }
                None => Err(out_of_range()),
            },
        )
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Option<Value>, ErrorRecord>> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
        let n = name.to_ascii_lowercase();
        if self.kind.is_dictionary() {
            let mut map = self.map.borrow_mut();
            return Some(Ok(match (n.as_str(), args.len()) {
                ("add", 2) => {
                    if map.get(&arg(0)).is_some() {
                        // The key's text may read this dictionary (a key that is itself).
                        drop(map);
                        return Some(Err(ErrorRecord::new(
                            "System.ArgumentException",
                            format!(
                                "An item with the same key has already been added. Key: {}",
                                super::convert::item_text(&arg(0))
                            ),
                            "ArgumentException",
                            Category::NotSpecified,
                        )));
                    }
                    map.insert(arg(0), arg(1));
                    None
                }
                ("tryadd", 2) => {
                    let added = map.get(&arg(0)).is_none();
                    if added {
                        map.insert(arg(0), arg(1));
                    }
                    Some(Value::Bool(added))
                }
                ("containskey", 1) => Some(Value::Bool(map.get(&arg(0)).is_some())),
                ("remove", 1) => {
                    let had = map.get(&arg(0)).is_some();
                    map.remove(&arg(0));
                    Some(Value::Bool(had))
                }
                ("clear", 0) => {
                    *map = Hashtable::default();
                    None
                }
                _ => return None,
            }));
        }
        // Read before the list is borrowed for writing: the argument may be the list itself
        // (`$list.AddRange($list)` doubles it, as .NET's InsertRange copies itself).
        let range = (n == "addrange").then(|| arg(0).enumerate());
        // Comparing may read the argument's text, and the argument may be this list: find
        // it in a copy, before the list is borrowed for writing.
        let found = matches!(n.as_str(), "remove" | "contains" | "indexof").then(|| {
            let items = self.items.borrow().clone();
            items
                .iter()
                .position(|x| super::ops::equals(x, &arg(0), false))
        });
        let found = found.flatten();
        let mut items = self.items.borrow_mut();
        Some(Ok(match (n.as_str(), args.len()) {
            // ArrayList.Add returns the new item's index; List.Add and Bag.Add nothing.
            ("add", 1) => {
                items.push(arg(0));
                (self.kind == Kind::ArrayList).then(|| Value::Int(items.len() as i32 - 1))
            }
            ("addrange", 1) => {
                items.extend(range.unwrap_or_default());
                None
            }
            ("remove", 1) if self.kind != Kind::Bag => {
                if let Some(i) = found {
                    items.remove(i);
                }
                (self.kind == Kind::List).then_some(Value::Bool(found.is_some()))
            }
            ("removeat", 1) if self.kind != Kind::Bag => {
                let i = super::convert::to_i64(&arg(0)).unwrap_or(-1);
                match usize::try_from(i).ok().filter(|i| *i < items.len()) {
                    Some(i) => {
                        items.remove(i);
                        None
                    }
                    None => return Some(Err(out_of_range())),
                }
            }
            ("insert", 2) if self.kind != Kind::Bag => {
                let i = super::convert::to_i64(&arg(0)).unwrap_or(-1);
                match usize::try_from(i).ok().filter(|i| *i <= items.len()) {
                    Some(i) => {
                        items.insert(i, arg(1));
                        None
                    }
                    None => return Some(Err(out_of_range())),
                }
            }
            ("contains", 1) => Some(Value::Bool(found.is_some())),
            ("indexof", 1) => Some(Value::Int(found.map_or(-1, |i| i as i32))),
            ("clear", 0) => {
                items.clear();
                None
            }
            ("toarray", 0) => Some(Value::array(items.clone())),
            _ => return None,
        }))
    }
    fn held_bytes(&self) -> usize {
        // Items, not capacity: what each Add was charged, so a recount agrees with the
        // charges and a list stops at the limit instead of jumping past it when it doubles.
        let slots = self.items.try_borrow().map_or(0, |i| i.len())
            + self.map.try_borrow().map_or(0, |m| 2 * m.entries.len());
        64 + slots * super::value::SLOT_BYTES
    }
    fn for_each_held(&self, f: &mut dyn FnMut(&Value)) {
        if let Ok(items) = self.items.try_borrow() {
            items.iter().for_each(&mut *f);
        }
        if let Ok(map) = self.map.try_borrow() {
            for (k, v) in &map.entries {
                f(k);
                f(v);
            }
        }
    }
    fn release_held(&self) -> Vec<Value> {
        let mut held = self
            .items
            .try_borrow_mut()
            .map(|mut items| std::mem::take(&mut *items))
            .unwrap_or_default();
        if let Ok(mut map) = self.map.try_borrow_mut() {
            held.extend(map.take_entries().into_iter().flat_map(|(k, v)| [k, v]));
        }
        held
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}

fn out_of_range() -> ErrorRecord {
    ErrorRecord::new(
        "System.ArgumentOutOfRangeException",
        "Index was out of range. Must be non-negative and less than the size of the collection.",
        "ArgumentOutOfRangeException",
        Category::NotSpecified,
    )
}
