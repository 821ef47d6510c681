//! Type-erased building blocks for the views, and why they exist.
//!
//! Leptos views are statically typed: every `move || …` attribute, every event handler and
//! every `<For>` is a distinct type, and each distinct type instantiates the framework's
//! render, update and drop code again. Measured on this app (`twiggy` on a v0-mangled
//! build), that monomorphised code was most of the wasm. So the views here pass reactive
//! values as [`Signal`]s and [`Memo`]s (one instantiation per value type), handlers as boxed
//! closures (one per event type), and lists through one keyed list ([`keyed`]) and
//! conditional parts through one [`show`].
//!
//! The same pieces make keystrokes cheap: a control reads a [`Memo`] of its own value, so
//! an edit of one field updates that field's DOM and no other control's.

use leptos::ev;
use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};
use std::sync::Arc;

/// A shared closure that draws a view.
pub type Draw = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// A memo of `f`, with the closure boxed so that memos of one value type share their code.
pub fn memo<T: PartialEq + Clone + Send + Sync + 'static>(f: impl Fn() -> T + Send + Sync + 'static) -> Memo<T> {
    memo_dyn(Arc::new(f))
}

#[inline(never)]
fn memo_dyn<T: PartialEq + Clone + Send + Sync + 'static>(f: Arc<dyn Fn() -> T + Send + Sync>) -> Memo<T> {
    let memo = ArcMemo::new(move |_| f());
    // Leptos (reactive_graph 0.2) does not take a disposed memo out of its sources'
    // subscriber lists: each list keeps a dead entry that holds the memo's allocation, so
    // every map row, block or panel drawn and removed again leaked a little wasm memory
    // (measured: about 1 KB per row). The memo leaves its sources when its owner is cleaned up.
    let leaving = memo.clone();
    on_cleanup(move || leaving.clear_sources(&leaving.to_any_subscriber()));
    memo.into()
}

/// A derived signal: recomputed by each reader, with no node of its own in the reactive
/// graph (every node is walked on every edit). For cheap projections with one reader; use
/// [`derived`] where filtering out unchanged values saves work downstream.
pub fn project<T: Send + Sync + 'static>(f: impl Fn() -> T + Send + Sync + 'static) -> Signal<T> {
    Signal::derive(f)
}

/// A memo of a longer-lived signal, for a part of a view that comes and goes ([`show`],
/// rows): the part's effects subscribe to this memo, which leaves the long-lived source
/// when the part is removed (see [`memo`]), instead of leaving dead entries in it.
pub fn local<T: PartialEq + Clone + Send + Sync + 'static>(source: Signal<T>) -> Memo<T> {
    memo(move || source.get())
}

/// A memo as a [`Signal`] (what attributes and text take).
pub fn derived<T: PartialEq + Clone + Send + Sync + 'static>(f: impl Fn() -> T + Send + Sync + 'static) -> Signal<T> {
    memo(f).into()
}

/// One row of a [`keyed`] list: rows keep their DOM while their key stays.
#[derive(Clone)]
pub struct Row {
    /// What identifies the row (and everything it shows: a changed row gets a new key).
    pub key: String,
    /// Draws the row.
    pub draw: Draw,
}

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.key == other.key
    }
}

/// A row.
pub fn row(key: String, draw: impl Fn() -> AnyView + Send + Sync + 'static) -> Row {
    Row { key, draw: Arc::new(draw) }
}

/// A keyed list of rows: the one list of the app. Like Leptos's `<For>`, each row gets a
/// reactive owner of its own (what a row makes lives until the row is removed), but one
/// with no parent: Leptos 0.8 keeps a weak reference to every child an owner ever had until
/// that owner is cleaned up, so a long-lived list would keep the memory of every row it
/// ever showed (measured: about 200 bytes a row). The rows get the instance's context.
pub fn keyed(rows: Signal<Vec<Row>>) -> AnyView {
    let ctx = use_context::<super::state::Ctx>();
    let draw = move |_, row: Row| {
        let owner = Owner::new_root(None);
        let view = owner.with(|| {
            if let Some(ctx) = ctx {
                provide_context(ctx);
            }
            (row.draw)()
        });
        (drop, leptos::tachys::reactive_graph::OwnedView::new_with_owner(view, owner))
    };
    (move || leptos::tachys::view::keyed::keyed(rows.get(), |r: &Row| r.key.clone(), draw)).into_any()
}

/// `draw()` while `when` holds; nothing otherwise (drawn anew each time it turns true).
pub fn show(when: Signal<bool>, draw: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    show_dyn(when, Arc::new(draw))
}

#[inline(never)]
fn show_dyn(when: Signal<bool>, draw: Draw) -> AnyView {
    (move || when.get().then(|| draw())).into_any()
}

/// Text that is there only when `text` is `Some`, drawn by `draw`.
pub fn maybe(text: Signal<Option<String>>, draw: impl Fn(String) -> AnyView + Send + Sync + 'static) -> AnyView {
    maybe_dyn(text, Arc::new(draw))
}

#[inline(never)]
fn maybe_dyn(text: Signal<Option<String>>, draw: Arc<dyn Fn(String) -> AnyView + Send + Sync>) -> AnyView {
    (move || text.get().map(|t| draw(t))).into_any()
}

/// A click handler.
pub fn click(f: impl Fn() + 'static) -> Box<dyn FnMut(ev::MouseEvent)> {
    Box::new(move |_| f())
}

/// An `input` or `change` handler that gets the element's value.
pub fn text_input(f: impl Fn(String) + 'static) -> Box<dyn FnMut(ev::Event)> {
    Box::new(move |e| f(event_target_value(&e)))
}

/// A `change` handler that gets a checkbox's state.
pub fn checked_input(f: impl Fn(bool) + 'static) -> Box<dyn FnMut(ev::Event)> {
    Box::new(move |e| f(event_target_checked(&e)))
}

/// `"true"` or `"false"`, for `aria-*` attributes.
pub fn aria(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// A message as the rules write it, with what they quote in backticks shown as code. A
/// message with an odd number of backticks (one is quoted text) is shown as written.
pub fn rich(message: &str) -> AnyView {
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return message.to_string().into_any();
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(n, part)| if n % 2 == 1 { view! { <code>{part.to_string()}</code> }.into_any() } else { part.to_string().into_any() })
        .collect::<Vec<AnyView>>()
        .into_any()
}
