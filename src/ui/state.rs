//! The app's state and its derived values, and the effects that save it.

use crate::diag::Diagnostic;
use crate::form::effective;
use crate::model::Integration;
use crate::{hcl, rules, share};
use leptos::prelude::*;

/// The localStorage key of the autosaved state.
pub const STORAGE_KEY: &str = "apigw-integration-builder/state";

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
    /// What the output shows: the model without the arguments that do not apply.
    pub shown: Memo<Integration>,
    /// All diagnostics of the shown configuration.
    pub diags: Memo<Vec<Diagnostic>>,
    /// What the output pane shows: the current output, or, while it is withheld, the
    /// last good one marked as out of date.
    pub output: Memo<Output>,
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
    /// Restores the state from the URL fragment, else from localStorage, else starts
    /// with the basic example's shape. A state that cannot be read gives a notice and a
    /// clean form.
    #[allow(clippy::new_without_default)] // It reads the URL and storage: not a plain default.
    pub fn new() -> Ctx {
        let (initial, notice) = restore();
        let model = RwSignal::new(initial);
        let shown = Memo::new(move |_| model.with(effective));
        let diags = Memo::new(move |_| shown.with(rules::validate));
        Ctx {
            model,
            pins: RwSignal::new(Vec::new()),
            notice: RwSignal::new(notice),
            paste_diags: RwSignal::new(Vec::new()),
            shown,
            diags,
            output: Memo::new(move |prev: Option<&Output>| match shown.with(hcl::render) {
                Ok(r) => Output { rendered: Some(r), stale: false },
                Err(_) => Output { rendered: prev.and_then(|p| p.rendered.clone()), stale: true },
            }),
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

    /// Replaces the whole configuration (presets, paste, share links).
    pub fn load(&self, m: Integration) {
        self.pins.set(Vec::new());
        self.model.set(m);
    }
}

/// A new, empty configuration.
pub fn blank() -> Integration {
    let mut m = Integration::named("example");
    m.protocol = Some(crate::model::Protocol::Http);
    m
}

fn restore() -> (Integration, Option<String>) {
    let hash = window().location().hash().unwrap_or_default();
    let from_link = share::from_fragment(&hash);
    if !matches!(from_link, Ok(None)) {
        // The link's state is loaded once, then lives in localStorage like any other
        // edit: a reload must not bring the link's snapshot back over later changes.
        drop_fragment();
    }
    match from_link {
        Ok(Some(m)) => {
            let notice = share::hidden_content("This link", &m);
            return (m, notice);
        }
        Ok(None) => {}
        Err(e) => return (blank(), Some(format!("The shared link could not be opened: {e}. Starting with a clean form."))),
    }
    let saved = window().local_storage().ok().flatten().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match saved.map(|text| share::from_json(&text)) {
        Some(Ok(m)) => {
            let notice = share::hidden_content("The saved configuration", &m);
            (m, notice)
        }
        Some(Err(e)) => (blank(), Some(format!("Your saved configuration could not be restored: {e}. Starting with a clean form."))),
        None => (blank(), None),
    }
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

/// Autosaves every change to localStorage.
pub fn persist(ctx: Ctx) {
    Effect::new(move |_| {
        let json = ctx.model.with(share::to_json);
        if let Some(storage) = window().local_storage().ok().flatten()
            && storage.set_item(STORAGE_KEY, &json).is_err()
        {
            ctx.notice
                .set(Some("Autosave failed: the browser's storage is full or disabled. Use the share link to keep your work.".into()));
        }
    });
}

/// Moves keyboard focus to the control of a diagnostic path (or its nearest parent).
pub fn focus_path(path: &str) {
    let Some(doc) = window().document() else { return };
    let Ok(nodes) = doc.query_selector_all("[data-path]") else { return };
    let mut p = path.to_string();
    loop {
        for k in 0..nodes.length() {
            let Some(el) = nodes.item(k).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok()) else { continue };
            if el.get_attribute("data-path").as_deref() == Some(p.as_str()) {
                let _ = el.focus();
                return;
            }
        }
        match p.rfind(['[', '.']) {
            Some(cut) if cut > 0 => p.truncate(cut),
            _ if p != "name" => p = "name".into(),
            _ => return,
        }
    }
}
