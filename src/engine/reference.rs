//! `[ref]` (PSReference): a value passed by reference. A method's out parameter writes
//! into it (`[int]::TryParse('12', [ref]$n)`), and the variable written `[ref]$n` among a
//! method's arguments receives what the method left there (`Interp::eval_invoke`).

use super::live::LiveObject;
use super::value::Value;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

pub const TYPE_NAME: &str = "System.Management.Automation.PSReference";

pub struct PSReference {
    pub value: RefCell<Value>,
}

/// `[ref]$v`: a reference holding `v` (a reference stays itself).
pub fn new(v: &Value) -> Value {
    if super::live::downcast::<PSReference>(v).is_some() {
        return v.clone();
    }
    Value::Live(Rc::new(PSReference {
        value: RefCell::new(v.clone()),
    }))
}

/// Writes a method's out value into an argument, when the argument is a reference.
pub fn write(arg: Option<&Value>, v: Value) {
    if let Some(r) = arg.and_then(super::live::downcast::<PSReference>) {
        *r.value.borrow_mut() = v;
    }
}

impl LiveObject for PSReference {
    fn type_names(&self) -> &'static [&'static str] {
        &[TYPE_NAME, "System.Object"]
    }
    fn properties(&self) -> &'static [(&'static str, &'static str)] {
        &[("Value", "System.Object Value {get;set;}")]
    }
    fn property(&self, name: &str) -> Option<Value> {
        name.eq_ignore_ascii_case("value")
            .then(|| self.value.borrow().clone())
    }
    fn set_property(
        &self,
        name: &str,
        value: &Value,
    ) -> Option<Result<(), super::error::ErrorRecord>> {
        name.eq_ignore_ascii_case("value").then(|| {
            *self.value.borrow_mut() = value.clone();
            Ok(())
        })
    }
    fn to_text(&self) -> String {
        TYPE_NAME.to_string()
    }
    fn held_bytes(&self) -> usize {
        48
    }
    fn for_each_held(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.value.borrow());
    }
    fn release_held(&self) -> Vec<Value> {
        vec![std::mem::take(&mut *self.value.borrow_mut())]
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
}
