//! The JavaScript API, for docs portals that embed the builder or call it directly. The
//! stable module `www/apigw-integration-builder.js` re-exports these functions and builds
//! the custom element and `mount()` on [`mount_in_shadow`]. Every function takes and
//! returns plain JS objects in the README's JSON model shape; bad input (wrong types,
//! unknown keys, oversized text) throws a JS `Error` that says what is wrong. Nothing
//! here panics on input.

use crate::ui::{Change, Ctx, app};
use apigw_integration_core::MAX_INPUT;
use apigw_integration_core::embed::{Options, RawOptions};
use apigw_integration_core::model::Integration;
use leptos::prelude::{GetUntracked, Set};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl)]
    type Segmenter;
    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new() -> Result<Segmenter, JsValue>;
    #[wasm_bindgen(method)]
    fn segment(this: &Segmenter, text: &str) -> JsValue;
}

thread_local! {
    /// The browser's grapheme segmenter (`None` in a browser without `Intl.Segmenter`).
    static SEGMENTER: Option<Segmenter> = Segmenter::new().ok();
}

/// The number of extended grapheme clusters in `text`, by the browser's `Intl.Segmenter`
/// (its default granularity, the same in every locale); code points where there is none.
pub fn graphemes(text: &str) -> usize {
    SEGMENTER.with(|s| match s {
        Some(s) => js_sys::Array::from(&s.segment(text)).length() as usize,
        None => text.chars().count(),
    })
}

/// Gives the core what it takes from the browser: the grapheme counter `terraform fmt`'s
/// alignment needs ([`apigw_integration_core::hcl::format::set_grapheme_counter`]). Called once, when the
/// module starts (`src/main.rs`).
pub fn install() {
    apigw_integration_core::hcl::format::set_grapheme_counter(graphemes);
}

/// Reads what the page's address carries before anything mounts: a compressed share link,
/// inflated by the browser ([`crate::ui::prepare_link`]). The module awaits it once, when it
/// loads.
#[wasm_bindgen]
pub async fn prepare() {
    crate::ui::prepare_link().await;
}

/// Writes a value to JS through serde_json and the browser's JSON: serde_json is in the
/// wasm anyway (share links, saved state, [`from_js`]), and a second serializer
/// (serde-wasm-bindgen's) would be a second copy of every `Serialize` impl (2 KB brotli).
fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    // The model's types always serialize (string keys only); the error is not printed.
    let text = serde_json::to_string(v).map_err(|_| JsError::new("the builder's output could not be written as JSON"))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("the builder's output did not parse as JSON"))
}

/// Reads a JS value as `T` through the browser's JSON and `apigw_integration_core::json`'s readers:
/// serde-wasm-bindgen looks up only the fields a struct declares, so it cannot refuse
/// unknown keys; these readers do, and say where. The text is measured before it is
/// parsed. A number with a fraction or an exponent is read with its digits as `JSON.stringify`
/// wrote them (`apigw_integration_core::json::Json::Num`).
fn from_js<T: apigw_integration_core::json::FromJson>(v: &JsValue, what: &str) -> Result<T, JsError> {
    let text = js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new(&format!("{what}: it cannot be read as JSON (a cycle, a BigInt or a function?)")))?;
    if text.len() > MAX_INPUT {
        return Err(JsError::new(&format!(
            "{what}: too large, {} bytes as JSON; the builder takes at most {} MiB",
            text.len(),
            MAX_INPUT >> 20
        )));
    }
    // Lone surrogates (which only JavaScript strings can hold) are read as U+FFFD.
    let text = apigw_integration_core::embed::well_formed_json(&text);
    apigw_integration_core::json::from_str(&text).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// Reads a configuration from JS: the README's JSON model, unknown keys refused, at
/// most [`MAX_INPUT`] bytes of JSON.
fn model(config: JsValue) -> Result<Integration, JsError> {
    if !config.is_object() || js_sys::Array::is_array(&config) {
        return Err(JsError::new(&format!(
            "not a configuration: expected an object such as {{\"name\": \"example\", \"integration_type\": \"MOCK\"}}, got {}",
            js_type(&config)
        )));
    }
    from_js(&config, "not a configuration")
}

fn js_type(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_else(|| "a value".into())
    }
}

/// `validate(config)` → `[{code, severity, path, message}]`.
#[wasm_bindgen]
pub fn validate(config: JsValue) -> Result<JsValue, JsError> {
    to_js(&apigw_integration_core::rules::validate(&model(config)?))
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct RenderOut {
    ok: bool,
    resource: Option<String>,
    import_block: Option<String>,
    import_command: Option<String>,
    diagnostics: Vec<apigw_integration_core::diag::Diagnostic>,
}

impl RenderOut {
    fn of(r: Result<apigw_integration_core::hcl::Rendered, Vec<apigw_integration_core::diag::Diagnostic>>) -> RenderOut {
        match r {
            Ok(r) => RenderOut {
                ok: true,
                resource: Some(r.resource),
                import_block: r.import_block,
                import_command: r.import_command,
                diagnostics: Vec::new(),
            },
            Err(d) => RenderOut { ok: false, resource: None, import_block: None, import_command: None, diagnostics: d },
        }
    }
}

/// `render(config)` → `{ok, resource, importBlock, importCommand, diagnostics}`. When the
/// configuration cannot be written as exactly one resource and its import block, `ok` is
/// false, the texts are null and `diagnostics` says why (at their fields).
#[wasm_bindgen]
pub fn render(config: JsValue) -> Result<JsValue, JsError> {
    to_js(&RenderOut::of(apigw_integration_core::render(&model(config)?)))
}

thread_local! {
    /// The JS layer's door to the rest of the form's code ([`set_rest_loader`]).
    static REST_LOADER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// `setRestLoader(load)`: how the shipped build loads the rest of the form's code at once,
/// when a function of it runs before the background load has brought it. `load()` fetches
/// and instantiates the rest synchronously, or throws an error that says what went wrong.
#[wasm_bindgen(js_name = setRestLoader)]
pub fn set_rest_loader(load: js_sys::Function) {
    REST_LOADER.with(|l| *l.borrow_mut() = Some(load));
}

/// Loads the rest of the form's code now. The release build splits the form's wasm in two
/// (tools/split-wasm): in the first piece, a function that moved to the rest is a stub that
/// calls this (found by its export name) when the rest has not loaded, then calls the
/// function. A build that is not split never calls it. An error of the loader is thrown on
/// to the caller of the stub, as an error of the function it stands for.
#[unsafe(no_mangle)]
pub extern "C" fn apigw_load_rest() {
    let load = REST_LOADER.with(|l| l.borrow().clone());
    match load.map(|f| f.call0(&JsValue::NULL)) {
        Some(Ok(_)) => {}
        Some(Err(e)) => wasm_bindgen::throw_val(e),
        None => wasm_bindgen::throw_str(
            "the builder's code is split and the page set no loader for the rest of it: load it through apigw-integration-builder.js",
        ),
    }
}

/// `presets()` → the documented examples: `[{id, label, protocol, config}]`.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    struct Row {
        id: &'static str,
        label: &'static str,
        protocol: apigw_integration_core::model::Protocol,
        config: Integration,
    }
    let rows: Vec<Row> = apigw_integration_core::presets::PRESETS
        .iter()
        .map(|p| Row { id: p.id, label: p.label, protocol: p.protocol, config: p.model() })
        .collect();
    to_js(&rows)
}

/// The `change` event's detail: `{config, resource, importBlock, importCommand, diagnostics}`.
fn change_detail(c: &Change<'_>) -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Detail<'a> {
        config: &'a Integration,
        resource: Option<&'a str>,
        import_block: Option<&'a str>,
        import_command: Option<&'a str>,
        diagnostics: &'a [apigw_integration_core::diag::Diagnostic],
    }
    to_js(&Detail {
        config: c.config,
        resource: c.rendered.map(|r| r.resource.as_str()),
        import_block: c.rendered.and_then(|r| r.import_block.as_deref()),
        import_command: c.rendered.and_then(|r| r.import_command.as_deref()),
        diagnostics: c.diagnostics,
    })
}

/// What a mounted instance owns: the Leptos owner (dropping it removes the view and
/// every listener and effect), its state and the nodes it added to the shadow root.
struct Mounted {
    view: Box<dyn std::any::Any>,
    ctx: Ctx,
    nodes: Vec<web_sys::Element>,
}

/// One mounted builder. `unmount()` removes everything it added; after it, every method
/// throws.
#[wasm_bindgen]
pub struct Instance {
    inner: Rc<RefCell<Option<Mounted>>>,
}

const UNMOUNTED: &str = "this builder was unmounted";
const HALTED: &str = "the builder stopped after an internal error; reload the page (the state saved before the error is kept)";

thread_local! {
    /// Every mounted instance until `unmount()`: the builder lives as long as its page, not
    /// as long as the JS handle (wasm-bindgen frees a handle the page dropped when the
    /// garbage collector runs, which would otherwise take the view with it).
    static LIVE: RefCell<Vec<Rc<RefCell<Option<Mounted>>>>> = const { RefCell::new(Vec::new()) };
}

impl Instance {
    fn ctx(&self) -> Result<Ctx, JsError> {
        self.inner.borrow().as_ref().map(|m| m.ctx).ok_or_else(|| JsError::new(UNMOUNTED))
    }
}

#[wasm_bindgen]
impl Instance {
    /// The configuration, as the form holds it.
    #[wasm_bindgen(js_name = getConfig)]
    pub fn get_config(&self) -> Result<JsValue, JsError> {
        let m = self.ctx()?.model.try_get_untracked().ok_or_else(|| JsError::new(UNMOUNTED))?;
        to_js(&m)
    }

    /// Loads a configuration (checked like any other input) into the form, whole or not at
    /// all: it is read and derived (rules, output) before anything changes, so a
    /// configuration that cannot be read throws and leaves the instance as it was. The
    /// change can be undone in the form.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&self, config: JsValue) -> Result<(), JsError> {
        let ctx = self.ctx()?;
        if crate::health::halted() {
            return Err(JsError::new(HALTED));
        }
        let m = model(config)?;
        // Everything the form derives from it, once, before it is applied: the core bounds
        // every pass over input, and a failure here leaves the instance untouched.
        let _ = apigw_integration_core::workspace::Derived::of(&m);
        ctx.notice.set(apigw_integration_core::share::hidden_content(
            "This configuration",
            &apigw_integration_core::workspace::Workspace::of(m.clone()),
        ));
        ctx.load("Loaded a configuration (setConfig)", m);
        Ok(())
    }

    /// `{ok, resource, importBlock, importCommand, diagnostics}` for the configuration now.
    pub fn output(&self) -> Result<JsValue, JsError> {
        let m = self.ctx()?.shown.try_get_untracked().ok_or_else(|| JsError::new(UNMOUNTED))?;
        to_js(&RenderOut::of(apigw_integration_core::render(&m)))
    }

    /// Every diagnostic of the configuration now.
    pub fn diagnostics(&self) -> Result<JsValue, JsError> {
        let d = self.ctx()?.diags.try_get_untracked().ok_or_else(|| JsError::new(UNMOUNTED))?;
        to_js(&d)
    }

    /// Removes every node, listener and effect the instance added. Safe to call twice.
    pub fn unmount(&self) {
        LIVE.with(|l| l.borrow_mut().retain(|m| !Rc::ptr_eq(m, &self.inner)));
        let taken = self.inner.borrow_mut().take();
        if let Some(m) = taken {
            drop(m.view);
            for n in m.nodes {
                n.remove();
            }
        }
    }
}

/// Mounts a builder into a shadow root: a stylesheet link (`css_url`) and one root
/// element holding the app. `options` are [`Options`] (`mount()`'s, without `onChange`);
/// `on_change` gets the `change` detail after every edit. The JS module calls this for
/// the custom element and for `mount()`.
#[wasm_bindgen(js_name = mountInShadow)]
pub fn mount_in_shadow(
    shadow: web_sys::ShadowRoot,
    css_url: String,
    options: JsValue,
    on_change: Option<js_sys::Function>,
) -> Result<Instance, JsError> {
    let raw: RawOptions = if options.is_undefined() || options.is_null() {
        RawOptions::default()
    } else if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(JsError::new(&format!("options must be an object, got {}", js_type(&options))));
    } else {
        from_js(&options, "bad options")?
    };
    let opts = Options::from_raw(raw).map_err(|e| JsError::new(&format!("bad options: {e}")))?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsError::new("no document"))?;
    let el = |tag: &str| doc.create_element(tag).map_err(|_| JsError::new("could not create an element"));
    let link = el("link")?;
    link.set_attribute("rel", "stylesheet").and_then(|_| link.set_attribute("href", &css_url)).map_err(|_| JsError::new("bad css URL"))?;
    let root: web_sys::HtmlElement = el("div")?.dyn_into().map_err(|_| JsError::new("could not create the root element"))?;
    root.set_class_name("apigw-root");
    let _ = root.set_attribute("data-theme", opts.theme.as_str());
    shadow.append_with_node_2(&link, &root).map_err(|_| JsError::new("could not add the builder to the shadow root"))?;

    let on_change: Option<crate::ui::OnChange> = on_change.map(|f| {
        Box::new(move |c: Change<'_>| {
            if let Ok(detail) = change_detail(&c) {
                // An exception in the host's handler is the host's; it does not stop the builder.
                let _ = f.call1(&JsValue::NULL, &detail);
            }
        }) as crate::ui::OnChange
    });
    let ctx_out = Rc::new(Cell::new(None));
    let ctx_slot = ctx_out.clone();
    let app_root = root.clone();
    let view = leptos::mount::mount_to(root.clone(), move || app(opts, Some(app_root), on_change, Some(ctx_slot)));
    let ctx = ctx_out.get().ok_or_else(|| JsError::new("the builder did not start"))?;
    let inner = Rc::new(RefCell::new(Some(Mounted { view: Box::new(view), ctx, nodes: vec![link, root.into()] })));
    LIVE.with(|l| l.borrow_mut().push(inner.clone()));
    Ok(Instance { inner })
}
