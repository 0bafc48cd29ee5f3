//! A panic in wasm aborts: the module's state is unsound afterwards. The hook records the
//! message, tells every subscriber and rejects every pending run, and from then on each
//! call into the API throws instead of running on broken state. (No input should reach a
//! panic; this is the net under that promise.)

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static BROKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!(
            "psjobs stopped after an internal error; reload the page to start again ({info})"
        );
        web_sys::console::error_1(&JsValue::from_str(&message));
        BROKEN.with(|b| {
            if let Ok(mut b) = b.try_borrow_mut() {
                *b = Some(message.clone());
            }
        });
        super::pump::report_broken(&message);
    }));
}

/// An Error saying the engine is broken, if it is.
pub fn check() -> Result<(), JsError> {
    let message = BROKEN.with(|b| b.try_borrow().ok().and_then(|b| b.clone()));
    match message {
        Some(m) => Err(JsError::new(&m)),
        None => Ok(()),
    }
}
