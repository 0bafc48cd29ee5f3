//! Scopes: variables and functions. PowerShell scopes are dynamic: a function sees its
//! callers' variables, and assignment writes to the current scope.

use super::value::Value;
use crate::lang::ast::ScriptBlockAst;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Clone, Debug)]
pub struct Variable {
    pub name: Rc<str>,
    pub value: Value,
    /// `[int]$x = 5` keeps converting later assignments to Int32.
    pub type_constraint: Option<String>,
    pub read_only: bool,
    pub description: String,
}

#[derive(Default, Debug, Clone)]
pub struct Scope {
    pub vars: HashMap<String, Variable>,
    pub functions: HashMap<String, (Rc<str>, Rc<ScriptBlockAst>)>,
}

pub type ScopeRef = Rc<RefCell<Scope>>;

/// Variable names are case-insensitive: the map key is the lower-case name. Most names in
/// scripts are already lower-case (`$_`, `$i`), so those borrow instead of allocating.
pub fn key(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

impl Scope {
    pub fn new_ref() -> ScopeRef {
        Rc::new(RefCell::new(Scope::default()))
    }
    pub fn set(&mut self, name: &str, value: Value) {
        let k = key(name);
        match self.vars.get_mut(k.as_ref()) {
            Some(v) => v.value = value,
            None => {
                self.vars.insert(
                    k.into_owned(),
                    Variable {
                        name: Rc::from(name),
                        value,
                        type_constraint: None,
                        read_only: false,
                        description: String::new(),
                    },
                );
            }
        }
    }
}
