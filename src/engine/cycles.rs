//! Values that hold themselves. Arrays, hashtables, objects and .NET collections are shared
//! by `Rc`, so `$a[0] = $a` makes a cycle that reference counting never frees, and that the
//! budget (which counts what variables reach) stops seeing once the variable goes. .NET's
//! garbage collector frees such a value; this module does the same for ours.
//!
//! A cycle can only be made by storing into a container that already exists, so each such
//! store names its container a candidate (`stored_into`). Now and then the candidates are
//! examined by trial deletion, as CPython's collector does: of the containers they reach,
//! those whose every reference comes from inside that set, and that nothing from outside it
//! reaches, are garbage; emptying them breaks their cycles and reference counting frees the
//! rest. It needs no list of roots: a reference from anywhere (a variable, a pipeline, a
//! Rust frame) shows in a container's strong count and keeps it. Whatever cannot be read
//! (a container borrowed at that moment) is kept, so a doubt always keeps.

use super::live::LiveObject;
use super::value::{Hashtable, Noted, PSObject, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

/// Candidates gathered before the first examination.
const FIRST_ROUND: usize = 1024;

/// A container that may be part of a cycle, held weakly so it is not kept alive by that.
enum Node {
    Array(Weak<RefCell<Vec<Value>>>),
    Hashtable(Weak<RefCell<Hashtable>>),
    Object(Weak<PSObject>),
    Live(Weak<dyn LiveObject>),
    Noted(Weak<Noted>),
}

impl Node {
    /// The container a value is, with its address; None for values that hold nothing that
    /// could lead back (text, numbers) or that this collector does not look inside.
    fn of(v: &Value) -> Option<(usize, Node)> {
        Some(match v {
            Value::Array(a) => (addr(Rc::as_ptr(a)), Node::Array(Rc::downgrade(a))),
            Value::Hashtable(h) => (addr(Rc::as_ptr(h)), Node::Hashtable(Rc::downgrade(h))),
            Value::Object(o) => (addr(Rc::as_ptr(o)), Node::Object(Rc::downgrade(o))),
            Value::Live(l) => (addr(Rc::as_ptr(l)), Node::Live(Rc::downgrade(l))),
            Value::Noted(n) => (addr(Rc::as_ptr(n)), Node::Noted(Rc::downgrade(n))),
            _ => return None,
        })
    }

    fn strong_count(&self) -> usize {
        match self {
            Node::Array(w) => w.strong_count(),
            Node::Hashtable(w) => w.strong_count(),
            Node::Object(w) => w.strong_count(),
            Node::Live(w) => w.strong_count(),
            Node::Noted(w) => w.strong_count(),
        }
    }

    /// The container as a value again, while it lives.
    fn upgrade(&self) -> Option<Value> {
        Some(match self {
            Node::Array(w) => Value::Array(w.upgrade()?),
            Node::Hashtable(w) => Value::Hashtable(w.upgrade()?),
            Node::Object(w) => Value::Object(w.upgrade()?),
            Node::Live(w) => Value::Live(w.upgrade()?),
            Node::Noted(w) => Value::Noted(w.upgrade()?),
        })
    }
}

/// Where a container is, without touching its counts; None for other values.
fn address(v: &Value) -> Option<usize> {
    Some(match v {
        Value::Array(a) => addr(Rc::as_ptr(a)),
        Value::Hashtable(h) => addr(Rc::as_ptr(h)),
        Value::Object(o) => addr(Rc::as_ptr(o)),
        Value::Live(l) => addr(Rc::as_ptr(l)),
        Value::Noted(n) => addr(Rc::as_ptr(n)),
        _ => return None,
    })
}

fn addr<T: ?Sized>(p: *const T) -> usize {
    p as *const () as usize
}

/// Whether a container's contents can be read now (not borrowed for writing elsewhere).
fn readable(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.try_borrow().is_ok(),
        Value::Hashtable(h) => h.try_borrow().is_ok(),
        Value::Object(o) => o.props.try_borrow().is_ok(),
        _ => true,
    }
}

/// Takes a garbage container's contents out (None if it cannot be changed now).
fn empty(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a
            .try_borrow_mut()
            .map(|mut items| std::mem::take(&mut *items))
            .unwrap_or_default(),
        Value::Hashtable(h) => h
            .try_borrow_mut()
            .map(|mut h| {
                h.take_entries()
                    .into_iter()
                    .flat_map(|(k, v)| [k, v])
                    .collect()
            })
            .unwrap_or_default(),
        Value::Object(o) => o
            .props
            .try_borrow_mut()
            .map(|mut props| props.drain(..).map(|p| p.value).collect())
            .unwrap_or_default(),
        Value::Live(l) => l.release_held(),
        _ => Vec::new(),
    }
}

#[derive(Default)]
struct Collector {
    nodes: Vec<(usize, Node)>,
    next_round: usize,
    examining: bool,
}

thread_local! {
    static COLLECTOR: RefCell<Collector> = RefCell::new(Collector {
        next_round: FIRST_ROUND,
        ..Default::default()
    });
}

/// Notes that `value` was (or is about to be) stored into `container`: if the value leads
/// back to the container, the store closes a cycle and the container becomes a candidate.
/// Examines the candidates when enough have gathered. Call it where no container is
/// borrowed for writing.
pub fn stored_into(container: &Value, value: &Value) {
    let Some(at) = address(container.base()) else {
        return;
    };
    if !leads_to(value.base(), at) {
        return;
    }
    let Some(node) = Node::of(container.base()) else {
        return;
    };
    let due = COLLECTOR.with(|c| {
        let Ok(mut c) = c.try_borrow_mut() else {
            return false;
        };
        c.nodes.push(node);
        c.nodes.len() >= c.next_round && !c.examining
    });
    if due {
        collect();
    }
}

/// Containers looked into to learn whether a stored value leads back; past them, it is
/// taken to (a candidate too many costs a little; a walk over a large value each store
/// would cost a lot).
const MOST_LOOKED_INTO: usize = 64;

/// Whether `value` is or holds (at any depth) the container at `target`.
fn leads_to(value: &Value, target: usize) -> bool {
    let Some(first) = address(value) else {
        return false;
    };
    if first == target {
        return true;
    }
    // Most stored values hold no container at all: learn that without allocating.
    let mut holds_container = false;
    value.for_each_child(&mut |child| holds_container |= address(child).is_some());
    if !holds_container {
        return false;
    }
    let mut seen = vec![first];
    let mut stack = vec![value.clone()];
    while let Some(v) = stack.pop() {
        let mut found = false;
        v.for_each_child(&mut |child| {
            let Some(a) = address(child) else { return };
            if a == target || seen.len() >= MOST_LOOKED_INTO {
                found = true;
            } else if !seen.contains(&a) {
                seen.push(a);
                stack.push(child.clone());
            }
        });
        if found {
            return true;
        }
    }
    false
}

/// The same for a method called on `container` with `args` (List.Add, Hashtable.Add, ...).
pub fn called_on(container: &Value, args: &[Value]) {
    // Every argument: in Dictionary.Add($key, $value) either may lead back.
    for arg in args {
        stored_into(container, arg);
    }
}

/// Examines the candidates now: frees the containers only cycles among themselves hold.
/// Returns how many containers it emptied.
pub fn collect() -> usize {
    let Some(candidates) = COLLECTOR.with(|c| {
        let mut c = c.try_borrow_mut().ok()?;
        c.examining = true;
        Some(std::mem::take(&mut c.nodes))
    }) else {
        return 0;
    };
    let graph = Graph::reach(candidates);
    let garbage = graph.garbage();
    // Hold the garbage while it is emptied, so none is freed mid-way; then let it all go.
    let doomed: Vec<Value> = garbage
        .iter()
        .filter_map(|&i| graph.nodes.get(i).and_then(|(_, n)| n.upgrade()))
        .collect();
    let contents: Vec<Vec<Value>> = doomed.iter().map(empty).collect();
    let emptied = contents.iter().filter(|c| !c.is_empty()).count();
    drop(contents);
    drop(doomed);
    let survivors: Vec<(usize, Node)> = graph.survivors();
    COLLECTOR.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            c.examining = false;
            c.nodes.extend(survivors);
            // Candidates gather until they double, or pass the live containers this round
            // walked in vain: a round's cost is a constant share of the stores that made
            // it (walking garbage is paid for by freeing it).
            let walked_in_vain = graph.nodes.len() - garbage.len();
            c.next_round = FIRST_ROUND.max(2 * c.nodes.len()).max(walked_in_vain);
        }
    });
    emptied
}

/// The containers the candidates reach, and the references among them.
struct Graph {
    nodes: Vec<(usize, Node)>,
    /// How many references to each node come from nodes in the graph.
    inside: Vec<usize>,
    children: Vec<Vec<usize>>,
    /// Nodes that could not be read: kept, as is all they reach.
    unread: Vec<bool>,
    /// Which nodes were candidates.
    candidate: Vec<bool>,
}

impl Graph {
    fn reach(candidates: Vec<(usize, Node)>) -> Graph {
        let mut g = Graph {
            nodes: Vec::new(),
            inside: Vec::new(),
            children: Vec::new(),
            unread: Vec::new(),
            candidate: Vec::new(),
        };
        let mut at: HashMap<usize, usize> = HashMap::new();
        for (a, node) in candidates {
            if node.strong_count() == 0 {
                continue;
            }
            let i = *at.entry(a).or_insert_with(|| g.add(a, node));
            if let Some(c) = g.candidate.get_mut(i) {
                *c = true;
            }
        }
        let mut next = 0;
        while next < g.nodes.len() {
            let Some(value) = g.nodes.get(next).and_then(|(_, n)| n.upgrade()) else {
                next += 1;
                continue;
            };
            if !readable(&value) {
                if let Some(u) = g.unread.get_mut(next) {
                    *u = true;
                }
                next += 1;
                continue;
            }
            // A child met before is found by its address; only a new one is held weakly.
            let mut edges = Vec::new();
            value.for_each_child(&mut |child| {
                let Some(a) = address(child) else { return };
                let i = match at.get(&a) {
                    Some(&i) => i,
                    None => match Node::of(child) {
                        Some((_, node)) => {
                            let i = g.add(a, node);
                            at.insert(a, i);
                            i
                        }
                        None => return,
                    },
                };
                if let Some(n) = g.inside.get_mut(i) {
                    *n += 1;
                }
                edges.push(i);
            });
            if let Some(c) = g.children.get_mut(next) {
                *c = edges;
            }
            next += 1;
        }
        g
    }

    fn add(&mut self, a: usize, node: Node) -> usize {
        self.nodes.push((a, node));
        self.inside.push(0);
        self.children.push(Vec::new());
        self.unread.push(false);
        self.candidate.push(false);
        self.nodes.len() - 1
    }

    /// Which nodes something outside the graph holds, and all they reach.
    fn kept(&self) -> Vec<bool> {
        let mut kept = vec![false; self.nodes.len()];
        let mut stack: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| {
                let held = self.nodes.get(i).map_or(0, |(_, n)| n.strong_count());
                let inside = self.inside.get(i).copied().unwrap_or(0);
                held > inside || self.unread.get(i).copied().unwrap_or(true)
            })
            .collect();
        while let Some(i) = stack.pop() {
            match kept.get_mut(i) {
                Some(k) if !*k => *k = true,
                _ => continue,
            }
            if let Some(kids) = self.children.get(i) {
                stack.extend(kids.iter().copied());
            }
        }
        kept
    }

    fn garbage(&self) -> Vec<usize> {
        let kept = self.kept();
        (0..self.nodes.len())
            .filter(|&i| !kept.get(i).copied().unwrap_or(true))
            .collect()
    }

    /// The candidates still alive, to be examined again next round.
    fn survivors(&self) -> Vec<(usize, Node)> {
        self.nodes
            .iter()
            .zip(&self.candidate)
            .filter(|(node, candidate)| **candidate && node.1.strong_count() > 0)
            .map(|(node, _)| (node.0, node.1.clone_weak()))
            .collect()
    }
}

impl Node {
    fn clone_weak(&self) -> Node {
        match self {
            Node::Array(w) => Node::Array(w.clone()),
            Node::Hashtable(w) => Node::Hashtable(w.clone()),
            Node::Object(w) => Node::Object(w.clone()),
            Node::Live(w) => Node::Live(w.clone()),
            Node::Noted(w) => Node::Noted(w.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array(items: Vec<Value>) -> Value {
        Value::array(items)
    }

    fn weak_array(v: &Value) -> Weak<RefCell<Vec<Value>>> {
        match v {
            Value::Array(a) => Rc::downgrade(a),
            _ => Weak::new(),
        }
    }

    #[test]
    fn an_array_that_holds_itself_is_freed_once_nothing_else_holds_it() {
        let a = array(vec![Value::Int(1)]);
        if let Value::Array(items) = &a {
            stored_into(&a, &a);
            items.borrow_mut().push(a.clone());
        }
        let weak = weak_array(&a);
        collect();
        assert!(weak.upgrade().is_some(), "a variable still holds it");
        drop(a);
        assert!(
            weak.upgrade().is_some(),
            "reference counting alone never frees it"
        );
        collect();
        assert!(weak.upgrade().is_none(), "the collector frees it");
    }

    #[test]
    fn a_cycle_through_a_hashtable_and_an_object_is_freed_and_what_it_held_is_kept_if_held_elsewhere()
     {
        let kept = array(vec![Value::Int(7)]);
        let obj = Value::Object(PSObject::custom(vec![]));
        let h = Value::Hashtable(Rc::new(RefCell::new(Hashtable::default())));
        if let (Value::Hashtable(ht), Value::Object(o)) = (&h, &obj) {
            ht.borrow_mut().insert(Value::str("obj"), obj.clone());
            ht.borrow_mut().insert(Value::str("kept"), kept.clone());
            stored_into(&obj, &h);
            o.set("back", h.clone());
        }
        let weak_h = match &h {
            Value::Hashtable(ht) => Rc::downgrade(ht),
            _ => Weak::new(),
        };
        drop(h);
        drop(obj);
        collect();
        assert!(weak_h.upgrade().is_none(), "the hashtable is freed");
        assert!(
            matches!(&kept, Value::Array(a) if a.borrow().len() == 1),
            "an array held by a variable is left as it was"
        );
    }

    #[test]
    fn a_cycle_that_a_variable_still_reaches_is_left_whole() {
        let outer = array(vec![]);
        let inner = array(vec![outer.clone()]);
        if let Value::Array(items) = &outer {
            stored_into(&outer, &inner);
            items.borrow_mut().push(inner.clone());
        }
        let weak_outer = weak_array(&outer);
        drop(outer);
        collect();
        assert!(
            weak_outer.upgrade().is_some(),
            "the variable that holds the inner array reaches the outer one"
        );
        assert!(matches!(&inner, Value::Array(a) if a.borrow().len() == 1));
        drop(inner);
        collect();
        assert!(weak_outer.upgrade().is_none());
    }
}
