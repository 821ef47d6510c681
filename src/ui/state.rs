//! The app's state and its derived values, and the effects that save it.

use crate::diag::Diagnostic;
use crate::embed::{self, Options};
use crate::form::{self, effective};
use crate::model::Integration;
use crate::{hcl, rules, share};
use leptos::prelude::*;

/// Shared state, passed by context. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The single source of truth: what the user entered (including arguments that do
    /// not apply right now, so switching back restores them).
    pub model: RwSignal<Integration>,
    /// Fields whose literal/reference mode the user chose by hand: (path, is_reference).
    pub pins: RwSignal<Vec<(String, bool)>>,
    /// A message for the user (restore problems, clipboard fallbacks).
    pub notice: RwSignal<Option<String>>,
    /// Diagnostics of the last pasted HCL.
    pub paste_diags: RwSignal<Vec<Diagnostic>>,
    /// Diagnostic paths of the fields the reader has left (focus moved out of them).
    pub touched: RwSignal<Vec<String>>,
    /// Set once the output was copied or downloaded: from then on every error shows at
    /// its field, touched or not.
    pub reveal: RwSignal<bool>,
    /// What the output shows: the model without the arguments that do not apply.
    pub shown: Memo<Integration>,
    /// All diagnostics of the shown configuration (the summary counts all of them).
    pub diags: Memo<Vec<Diagnostic>>,
    /// The diagnostics shown at their fields: all but the missing-argument errors of
    /// fields not touched yet ([`form::awaits_input`]).
    pub field_diags: Memo<Vec<Diagnostic>>,
    /// What the output pane shows: the current output, or, while it is withheld, the
    /// last good one marked as out of date.
    pub output: Memo<Output>,
    /// The instance's options.
    pub opts: StoredValue<Options>,
    /// The instance's root element (inside its shadow root): DOM look-ups start here,
    /// never at the document, so instances never reach into each other or the host page.
    pub root: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

/// The output pane's content.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// The newest output that could be rendered (`None` before the first).
    pub rendered: Option<hcl::Rendered>,
    /// Whether the output is withheld now: `rendered` is out of date and offered for
    /// reading only, not for copying or downloading.
    pub stale: bool,
}

impl Ctx {
    /// The starting configuration comes from [`embed::initial`]: a share link (if the
    /// instance reads links), the state saved under its storage key, its template, its
    /// preset, or a blank form.
    pub fn new(opts: Options, root: Option<web_sys::HtmlElement>) -> Ctx {
        let link = if opts.share_links { read_link() } else { Ok(None) };
        let saved = opts.storage_key.as_deref().and_then(read_storage).map(|text| share::from_json(&text));
        let (initial, notice) = embed::initial(&opts, link, saved);
        let model = RwSignal::new(initial);
        let shown = Memo::new(move |_| model.with(effective));
        let diags = Memo::new(move |_| shown.with(rules::validate));
        let touched = RwSignal::new(Vec::<String>::new());
        let reveal = RwSignal::new(false);
        let field_diags = Memo::new(move |_| {
            let all = diags.get();
            if reveal.get() {
                return all;
            }
            touched.with(|t| shown.with(|m| all.into_iter().filter(|d| !form::awaits_input(d, m) || t.contains(&d.path)).collect()))
        });
        Ctx {
            model,
            pins: RwSignal::new(Vec::new()),
            notice: RwSignal::new(notice),
            paste_diags: RwSignal::new(Vec::new()),
            touched,
            reveal,
            shown,
            diags,
            field_diags,
            output: Memo::new(move |prev: Option<&Output>| match shown.with(hcl::render) {
                Ok(r) => Output { rendered: Some(r), stale: false },
                Err(_) => Output { rendered: prev.and_then(|p| p.rendered.clone()), stale: true },
            }),
            opts: StoredValue::new(opts),
            root: StoredValue::new_local(root),
        }
    }

    /// Whether the field at `path` is pinned to reference (`Some(true)`) or literal mode.
    pub fn pinned(&self, path: &str) -> Option<bool> {
        self.pins.with(|p| p.iter().find(|(k, _)| k == path).map(|(_, r)| *r))
    }

    /// Pins a field's mode.
    pub fn pin(&self, path: &str, reference: bool) {
        self.pins.update(|p| {
            p.retain(|(k, _)| k != path);
            p.push((path.to_string(), reference));
        });
    }

    /// Replaces the whole configuration (presets, paste, share links, the JS API).
    pub fn load(&self, m: Integration) {
        self.pins.set(Vec::new());
        self.touched.set(Vec::new());
        self.reveal.set(false);
        self.model.set(m);
    }

    /// Marks a field as touched, so its missing-argument errors show.
    pub fn touch(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.iter().any(|p| p == path)) {
            self.touched.update(|t| t.push(path.to_string()));
        }
    }

    /// The instance's root element.
    pub fn root(&self) -> Option<web_sys::HtmlElement> {
        self.root.with_value(Clone::clone)
    }
}

/// A share link in the page's address, consumed: the link's state is loaded once, then
/// lives in storage like any other edit (a reload must not bring the link's snapshot back
/// over later changes).
fn read_link() -> Result<Option<Integration>, String> {
    let hash = window().location().hash().unwrap_or_default();
    let from_link = share::from_fragment(&hash);
    if !matches!(from_link, Ok(None)) {
        drop_fragment();
    }
    from_link
}

fn read_storage(key: &str) -> Option<String> {
    window().local_storage().ok().flatten().and_then(|s| s.get_item(key).ok().flatten())
}

/// Removes the `#…` fragment from the address bar without reloading.
fn drop_fragment() {
    let loc = window().location();
    let url = format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The share link of a configuration: this page's address with the state in the fragment.
pub fn share_link(m: &Integration) -> String {
    let loc = window().location();
    format!(
        "{}{}{}#{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default(),
        share::to_fragment(m)
    )
}

/// Autosaves every change under the instance's storage key (if it has one).
pub fn persist(ctx: Ctx) {
    let Some(key) = ctx.opts.with_value(|o| o.storage_key.clone()) else { return };
    Effect::new(move |_| {
        let json = ctx.model.with(share::to_json);
        if let Some(storage) = window().local_storage().ok().flatten()
            && storage.set_item(&key, &json).is_err()
        {
            ctx.notice
                .set(Some("Autosave failed: the browser's storage is full or disabled. Use the share link to keep your work.".into()));
        }
    });
}

/// The elements under the instance's root that match a CSS selector.
pub fn query_all(ctx: Ctx, selector: &str) -> Vec<web_sys::HtmlElement> {
    let Some(root) = ctx.root() else { return Vec::new() };
    let Ok(nodes) = root.query_selector_all(selector) else { return Vec::new() };
    (0..nodes.length()).filter_map(|k| nodes.item(k).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok())).collect()
}

/// Moves keyboard focus to the control of a diagnostic path (or its nearest parent).
pub fn focus_path(ctx: Ctx, path: &str) {
    let controls = query_all(ctx, "[data-path]");
    let mut p = path.to_string();
    loop {
        if let Some(el) = controls.iter().find(|el| el.get_attribute("data-path").as_deref() == Some(p.as_str())) {
            let _ = el.focus();
            return;
        }
        match p.rfind(['[', '.']) {
            Some(cut) if cut > 0 => p.truncate(cut),
            _ if p != "name" => p = "name".into(),
            _ => return,
        }
    }
}
