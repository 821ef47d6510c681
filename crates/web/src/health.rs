//! Whether the builder may go on: after a failure in the wasm (a trap the JS layer caught)
//! nothing more is saved. The JS layer says so ([`halt`], [`set_health`]); the form's store
//! asks ([`halted`]) before each save, and the JS API's methods refuse to run.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Set once the wasm failed (a trap the JS layer caught: [`halt`]): from then on nothing is
/// saved, so that a state left half-updated by the failure never reaches storage.
static HALTED_FLAG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `halt()`: the JS layer calls this when a call into the wasm failed (a `RuntimeError` or
/// a stack overflow): every instance stops saving. It only sets a flag, so it is safe to
/// call into a module whose last call was cut short.
#[wasm_bindgen]
pub fn halt() {
    HALTED_FLAG.store(true, std::sync::atomic::Ordering::Relaxed);
}

thread_local! {
    /// The JS layer's answer to "may the builder go on saving?" ([`set_health`]).
    static HEALTH: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// `setHealth(healthy)`: how the builder asks the JS layer, before each save, whether a
/// failure was noted that [`halt`] could not be told of at once (one at the very bottom of
/// the stack, where nothing could be called).
#[wasm_bindgen(js_name = setHealth)]
pub fn set_health(healthy: js_sys::Function) {
    HEALTH.with(|h| *h.borrow_mut() = Some(healthy));
}

/// Whether the builder stopped after a failure ([`halt`], or the JS layer says so).
pub fn halted() -> bool {
    HALTED_FLAG.load(std::sync::atomic::Ordering::Relaxed)
        || HEALTH.with(|h| h.borrow().as_ref().is_some_and(|f| f.call0(&JsValue::NULL).is_ok_and(|ok| ok.is_falsy())))
}
